//! What a policy says is processed, about whom and why: categories of data
//! subjects and of personal data, special categories (mentioned or ruled
//! out), purposes, and the cookies it sets or does not.

use super::lexicon::any_match;
use super::{section_of, suggest, terms_in, Confidence, Found, Read, Reading, SuggestionKind as K};

pub(super) fn find(r: &Reading, found: &mut Found) {
    for read in &r.sentences {
        subjects(r, read, found);
        data(r, read, found);
        special(r, read, found);
        cookies(r, read, found);
        purposes(r, read, found);
    }
}

/// A category once per heading: each record of processing gets its own.
fn per_heading(kind: K, value: &str, read: &Read) -> super::Suggestion {
    let mut s = suggest(kind, value, read, Confidence::Medium);
    s.applies_to = section_of(read);
    s
}

fn subjects(r: &Reading, read: &Read, found: &mut Found) {
    let context = ["subjects", "data", "purpose"];
    if !context.iter().any(|c| r.in_context(read, c)) {
        return;
    }
    for (value, at) in terms_in(r.terms.terms("subject_category"), &read.tokens) {
        if !r.negated_before(read, at) {
            found.add(per_heading(K::SubjectCategory, value, read));
        }
    }
}

fn data(r: &Reading, read: &Read, found: &mut Found) {
    // "The recordings are deleted after 7 days" speaks of data processed too;
    // "personal data is any information, such as name…" only defines it.
    let about_data = r.in_context(read, "data") || r.has(read, "retention");
    // A heading names a topic ("Data storage and location"), not data.
    if !about_data || r.has(read, "definition") || read.sentence.is_heading {
        return;
    }
    for (value, at) in terms_in(r.terms.terms("data_category"), &read.tokens) {
        if !r.negated_before(read, at) {
            found.add(per_heading(K::DataCategory, value, read));
        }
    }
}

/// Special categories (Art. 9) and criminal records (Art. 10): named, or
/// ruled out ("we do not process sensitive personal data").
fn special(r: &Reading, read: &Read, found: &mut Found) {
    let generic = r.has(read, "special_context");
    // "We do not process special categories, e.g. health or religion": the
    // examples after the comma are ruled out with the category.
    let ruled_out = terms_in(r.terms.terms("special_category"), &read.tokens)
        .iter()
        .any(|(value, at)| *value == "special categories" && r.negated_before(read, *at));
    for (value, at) in terms_in(r.terms.terms("special_category"), &read.tokens) {
        // "health" alone is too common a word: a named category needs the
        // sentence to speak of sensitive data or of data at all.
        if value != "special categories" && !generic && !r.has(read, "data") {
            continue;
        }
        let mut s = if ruled_out || r.negated_before(read, at) {
            suggest(
                K::SpecialCategory,
                format!("not processed: {value}"),
                read,
                Confidence::Medium,
            )
        } else {
            suggest(K::SpecialCategory, value, read, Confidence::Medium)
        };
        s.applies_to = section_of(read);
        found.add(s);
    }
}

fn cookies(r: &Reading, read: &Read, found: &mut Found) {
    // A heading names a kind of cookie to explain it, not to say it is set.
    if read.sentence.is_heading || !r.in_context(read, "cookies") {
        return;
    }
    for (value, at) in terms_in(r.terms.terms("cookies"), &read.tokens) {
        if !r.negated_before(read, at) {
            found.add(suggest(K::Cookies, value, read, Confidence::Medium));
        } else if value != "cookies in use" {
            found.add(suggest(
                K::Cookies,
                format!("no {value}"),
                read,
                Confidence::Medium,
            ));
        }
    }
}

/// The words after a purpose cue, to the end of their clause.
fn purposes(r: &Reading, read: &Read, found: &mut Found) {
    // A purpose under the rights or the retention heading is how a request is
    // handled or data kept, not a processing of its own.
    let aside = any_match(r.terms.cue("rights"), &read.section_tokens)
        || any_match(r.terms.cue("retention"), &read.section_tokens);
    if read.sentence.is_heading || aside {
        return;
    }
    let text = &read.sentence.text;
    for phrase in r.terms.cue("purpose") {
        let Some(at) = phrase.find(&read.tokens) else {
            continue;
        };
        let Some(next) = read.tokens.get(at + phrase.len()) else {
            continue;
        };
        let rest = &text[next.start..];
        let end = rest.find([',', ';', '.', '(', ':']).unwrap_or(rest.len());
        let clause = rest[..end].trim();
        let words = clause.split_whitespace().count();
        let basis = !terms_in(
            r.terms.terms("lawful_basis"),
            &super::lexicon::words(clause),
        )
        .is_empty();
        if !(2..=16).contains(&words) || basis || r.negated_before(read, at) {
            continue;
        }
        let mut s = suggest(K::Purpose, clause, read, Confidence::Medium);
        s.applies_to = section_of(read);
        found.add(s);
        return;
    }
}
