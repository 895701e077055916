//! Processors a policy names: catalogue services by their names and aliases,
//! other services the word lists know, companies named with their legal form
//! where the sentence says they provide a service — and providers named only
//! by what they do, proposed as "to be identified", never guessed.

use super::contacts::legal_names;
use super::lexicon::ServiceRole;
use super::{suggest, terms_in, Confidence, Found, Read, Reading, SuggestionKind as K};
use crate::domain::catalogue::shipped;

const NOT_IN_CATALOGUE: &str = "not in the catalogue: fill in its entity, country and agreement";

/// A name to look for, and what finding it means.
struct KnownName {
    name: String,
    /// The name's first word in lower case: a sentence without it cannot
    /// hold the name (read before any search).
    first_word: String,
    shown: String,
    catalogue: Option<&'static str>,
    role: Option<ServiceRole>,
}

fn known_names(r: &Reading) -> Vec<KnownName> {
    let mut names = Vec::new();
    for s in &shipped().services {
        for name in std::iter::once(&s.name).chain(&s.also) {
            names.push(KnownName {
                name: name.clone(),
                first_word: first_word(name),
                shown: s.name.clone(),
                catalogue: Some(s.id.as_str()),
                role: Some(ServiceRole::Processor),
            });
        }
    }
    for s in &r.common.file.service {
        for name in std::iter::once(&s.name).chain(&s.also) {
            names.push(KnownName {
                name: name.clone(),
                first_word: first_word(name),
                shown: s.name.clone(),
                catalogue: None,
                role: Some(s.role),
            });
        }
    }
    for name in &r.common.file.not_services {
        names.push(KnownName {
            name: name.clone(),
            first_word: first_word(name),
            shown: name.clone(),
            catalogue: None,
            role: None,
        });
    }
    // The longest name first: "Google Analytics" before "Google", "Microsoft Edge" before "Edge".
    names.sort_by_key(|k| std::cmp::Reverse(k.name.len()));
    names
}

fn first_word(name: &str) -> String {
    super::lexicon::words(name)
        .first()
        .map(|t| t.text.clone())
        .unwrap_or_default()
}

/// Where `name` stands in `text` as whole words (its case as written;
/// all-lower-case names such as "monday.com" in any case).
fn occurrences(text: &str, name: &str) -> Vec<usize> {
    let boundary = |c: Option<char>| c.is_none_or(|c| !c.is_alphanumeric());
    // Compared in place, never on a lower-cased copy: "ẞ" or "İ" change
    // length in lower case and would move every position after them.
    let any_case = !name.chars().any(char::is_uppercase);
    let same = |at: usize| {
        let end = at + name.len();
        text.is_char_boundary(end)
            && if any_case {
                text[at..end].eq_ignore_ascii_case(name)
            } else {
                &text[at..end] == name
            }
    };
    text.char_indices()
        .map(|(i, _)| i)
        .filter(|&i| i + name.len() <= text.len() && same(i))
        .filter(|&i| {
            boundary(text[..i].chars().next_back())
                && boundary(text[i + name.len()..].chars().next())
        })
        .collect()
}

pub(super) fn find(r: &Reading, found: &mut Found) {
    let known = known_names(r);
    let own = found
        .values(K::OrganisationName)
        .next()
        .and_then(|o| o.value.split_whitespace().next().map(str::to_string));
    for read in &r.sentences {
        let taken = named_services(r, read, &known, found);
        named_companies(r, read, &taken, own.as_deref(), found);
        // "Microsoft Azure: cloud hosting" names its provider: nothing to
        // identify; a heading names a topic.
        let text = &read.sentence.text;
        let described = taken
            .iter()
            .any(|&(_, end)| text[end..].trim_start().starts_with(':'));
        if !described && !read.sentence.is_heading {
            vague_providers(r, read, found);
        }
    }
}

/// Services found by name in a sentence; returns the byte ranges taken.
fn named_services(
    r: &Reading,
    read: &Read,
    known: &[KnownName],
    found: &mut Found,
) -> Vec<(usize, usize)> {
    let text = &read.sentence.text;
    let mut taken: Vec<(usize, usize)> = Vec::new();
    let has_word = |w: &str| read.tokens.iter().any(|t| t.text == w);
    for k in known.iter().filter(|k| has_word(&k.first_word)) {
        for at in occurrences(text, &k.name) {
            let range = (at, at + k.name.len());
            if taken.iter().any(|&(s, e)| range.0 < e && s < range.1) {
                continue;
            }
            taken.push(range);
            // "We do not use Google Analytics", "If you write, we may use
            // Zendesk": named, not used.
            let word = read.tokens.iter().position(|t| t.start >= at).unwrap_or(0);
            let processes = matches!(k.role, Some(ServiceRole::Processor | ServiceRole::Software));
            if processes && (r.negated_before(read, word) || r.conditional(read)) {
                continue;
            }
            match k.role {
                Some(ServiceRole::Processor) => {
                    let confidence = if r.in_context(read, "provider") {
                        Confidence::High
                    } else {
                        Confidence::Medium
                    };
                    let mut s = suggest(K::Processor, k.shown.clone(), read, confidence);
                    s.catalogue = k.catalogue.map(str::to_string);
                    if s.catalogue.is_none() {
                        s.note = Some(NOT_IN_CATALOGUE.into());
                    }
                    found.add(s);
                }
                Some(ServiceRole::Software) => {
                    let mut s = suggest(K::Processor, k.shown.clone(), read, Confidence::Low);
                    s.note =
                        Some("software: a processor only if a provider runs it for you".into());
                    found.add(s);
                }
                Some(ServiceRole::ThirdParty) if r.in_context(read, "cookies") => {
                    let mut s = suggest(
                        K::Cookies,
                        format!("third party: {}", k.shown),
                        read,
                        Confidence::Medium,
                    );
                    s.note = Some(
                        "sets its own cookies as a controller of its own, not a processor".into(),
                    );
                    found.add(s);
                }
                _ => {}
            }
        }
    }
    taken
}

/// "Recruitment Manager AS" where the sentence says it provides a service.
fn named_companies(
    r: &Reading,
    read: &Read,
    taken: &[(usize, usize)],
    own: Option<&str>,
    found: &mut Found,
) {
    if !r.has(read, "provider") || r.has(read, "own_controller") {
        return;
    }
    for (name, first) in legal_names(r, read) {
        let start = read.tokens[first].start;
        let ours = own.is_some_and(|o| name.starts_with(o));
        if ours
            || taken
                .iter()
                .any(|&(s, e)| start < e && s <= start + name.len())
        {
            continue;
        }
        let mut s = suggest(K::Processor, name, read, Confidence::Medium);
        s.note = Some(NOT_IN_CATALOGUE.into());
        found.add(s);
    }
}

fn vague_providers(r: &Reading, read: &Read, found: &mut Found) {
    if !r.in_context(read, "provider") || r.has(read, "own_controller") || r.conditional(read) {
        return;
    }
    for (what, at) in terms_in(r.terms.terms("vague_processor"), &read.tokens) {
        if r.negated_before(read, at) {
            continue;
        }
        let mut s = suggest(
            K::Processor,
            format!("to be identified: {what}"),
            read,
            Confidence::Low,
        );
        s.note = Some("the policy names no provider: ask the client who it is".into());
        found.add(s);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_found_as_whole_words() {
        assert_eq!(occurrences("We use Hotjar and Fathom.", "Hotjar"), [7]);
        assert!(occurrences("Hotjars", "Hotjar").is_empty());
        assert!(occurrences("we zoom in", "Zoom").is_empty());
        assert_eq!(occurrences("Monday.com boards", "monday.com"), [0]);
        assert_eq!(occurrences("ẞø monday.com İ", "monday.com"), [6]);
    }
}
