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

fn subjects(r: &Reading, read: &Read, found: &mut Found) {
    if !(r.in_context(read, "subjects")
        || r.in_context(read, "data")
        || r.in_context(read, "purpose"))
    {
        return;
    }
    for (value, at) in terms_in(r.terms.terms("subject_category"), &read.tokens) {
        if !r.negated_before(read, at) {
            found.add(suggest(K::SubjectCategory, value, read, Confidence::Medium));
        }
    }
}

fn data(r: &Reading, read: &Read, found: &mut Found) {
    if !r.in_context(read, "data") {
        return;
    }
    for (value, at) in terms_in(r.terms.terms("data_category"), &read.tokens) {
        if !r.negated_before(read, at) {
            found.add(suggest(K::DataCategory, value, read, Confidence::Medium));
        }
    }
}

/// Special categories (Art. 9) and criminal records (Art. 10): named, or
/// ruled out ("we do not process sensitive personal data").
fn special(r: &Reading, read: &Read, found: &mut Found) {
    let generic = r.has(read, "special_context");
    for (value, at) in terms_in(r.terms.terms("special_category"), &read.tokens) {
        // "health" alone is too common a word: a named category needs the
        // sentence to speak of sensitive data or of data at all.
        if value != "special categories" && !generic && !r.has(read, "data") {
            continue;
        }
        let mut s = if r.negated_before(read, at) {
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
    // A purpose of the rights section is how a request is handled, not a processing.
    if read.sentence.is_heading || any_match(r.terms.cue("rights"), &read.section_tokens) {
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
        let mut s = suggest(K::Purpose, clause, read, Confidence::Low);
        s.applies_to = section_of(read);
        found.add(s);
        return;
    }
}
