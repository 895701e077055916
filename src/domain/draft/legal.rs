//! The legal facts of a policy: the authority and jurisdiction, the roles,
//! lawful bases (an article cited, or its words), rights and transfers.

use super::lexicon::{any_match, Token};
use super::{section_of, suggest, terms_in, Confidence, Found, Read, Reading, SuggestionKind as K};
use crate::domain::activity::{Art6Basis, Art9Condition};
use crate::domain::authorities::authority;
use crate::domain::country::country_name;

pub(super) fn find(r: &Reading, found: &mut Found) {
    authority_and_jurisdiction(r, found);
    roles(r, found);
    lawful_bases(r, found);
    rights(r, found);
    transfers(r, found);
}

/// An authority named in sentence `index`: its code, and whether the name
/// alone says which (Norway's and Denmark's are both "Datatilsynet").
pub(super) fn authorities_named(r: &Reading, index: usize) -> Vec<(&'static str, bool)> {
    let read = &r.sentences[index];
    let near = |phrases| {
        let from = index.saturating_sub(1);
        let to = (index + 2).min(r.sentences.len());
        r.sentences[from..to]
            .iter()
            .any(|s| any_match(phrases, &s.tokens))
    };
    let mut named = Vec::new();
    for (code, names, needs) in &r.common.authorities {
        if !any_match(names, &read.tokens) {
            continue;
        }
        let Some(known) = authority(code) else {
            continue;
        };
        named.push((known.code, needs.is_empty() || near(needs)));
    }
    // "Datatilsynet" with a Norwegian cue names Norway's; drop the other reading.
    if named.iter().any(|(_, sure)| *sure) {
        named.retain(|(_, sure)| *sure);
    }
    named
}

/// The country a policy is tied to, and the sentence that says so: an
/// authority named without doubt, else a national law, else an organisation
/// number that holds in only one country's scheme.
pub(super) fn country_evidence(r: &Reading) -> Option<(&'static str, usize, &'static str)> {
    let by_authority =
        (0..r.sentences.len()).find_map(|i| match authorities_named(r, i).as_slice() {
            [(code, true)] => Some((*code, i, "the supervisory authority it names")),
            _ => None,
        });
    by_authority
        .or_else(|| {
            r.sentences.iter().enumerate().find_map(|(i, read)| {
                r.common.laws.iter().find_map(|(code, laws)| {
                    let code = authority(code).map(|a| a.country)?;
                    any_match(laws, &read.tokens).then_some((code, i, "the national law it cites"))
                })
            })
        })
        .or_else(|| super::contacts::number_country(r))
}

fn authority_and_jurisdiction(r: &Reading, found: &mut Found) {
    let evidence = country_evidence(r);
    for (i, read) in r.sentences.iter().enumerate() {
        let named = authorities_named(r, i);
        let code = match named.as_slice() {
            [(code, true)] => Some(*code),
            // A shared name, told apart by the rest of the policy.
            [..] => named.iter().map(|(c, _)| *c).find(|c| {
                evidence.is_some_and(|(e, _, _)| authority(c).is_some_and(|a| a.country == e))
            }),
        };
        if let Some(a) = code.and_then(authority) {
            let mut s = suggest(K::Authority, a.name, read, Confidence::High);
            s.note = Some(format!("authority code {}; {}", a.code, a.website));
            found.add(s);
        }
    }
    if let Some((code, index, why)) = evidence {
        let read = &r.sentences[index];
        let name = country_name(code).unwrap_or(code);
        let mut s = suggest(K::Jurisdiction, code, read, Confidence::High);
        s.note = Some(format!("{name}: from {why}"));
        found.add(s);
    }
}

fn roles(r: &Reading, found: &mut Found) {
    for read in &r.sentences {
        if found.values(K::Role).count() == 2 {
            break;
        }
        let about_us = r.has(read, "we") || names_the_organisation(found, &read.tokens);
        if r.has(read, "processor_role") && !r.conditional(read) {
            let at = r
                .terms
                .cue("processor_role")
                .iter()
                .filter_map(|p| p.find(&read.tokens))
                .min();
            if at.is_some_and(|at| !r.negated_before(read, at)) {
                found.add(suggest(K::Role, "processor", read, Confidence::Medium));
            }
        }
        if r.has(read, "controller")
            && about_us
            && !r.has(read, "own_controller")
            && !r.has(read, "provider")
        {
            let confidence = if names_the_organisation(found, &read.tokens) {
                Confidence::High
            } else {
                Confidence::Medium
            };
            found.add(suggest(K::Role, "controller", read, confidence));
        }
    }
}

/// Whether the sentence names the organisation found earlier.
fn names_the_organisation(found: &Found, tokens: &[Token]) -> bool {
    found.values(K::OrganisationName).any(|org| {
        let first = org
            .value
            .split_whitespace()
            .next()
            .unwrap_or("")
            .to_lowercase();
        tokens
            .iter()
            // "Intility", or its genitive "Intilitys".
            .any(|t| t.text == first || t.text == format!("{first}s"))
    })
}

const ARTICLE_WORDS: &[&str] = &[
    "article", "art", "artikel", "artikkel", "artiklar", "gdpr", "gdrp",
];
const SKIPPED: &[&str] = &[
    "1", "2", "nr", "no", "bokstav", "led", "punkt", "stycket", "ledd", "første", "första", "lit",
];

/// Articles 6(1)(x) and 9(2)(x) cited in a sentence, as written in the
/// policies ("Article 6(1)(b)", "GDPR Article 6 (1) c", "artikel 6.1 f",
/// "Art. 6 nr. 1 bokstav f", "Article (6) (a)").
pub(super) fn articles_cited(tokens: &[Token]) -> Vec<(u8, String, usize)> {
    let mut cited = Vec::new();
    for (i, t) in tokens.iter().enumerate() {
        let article = match t.text.as_str() {
            "6" => 6,
            "9" => 9,
            _ => continue,
        };
        let before = &tokens[i.saturating_sub(2)..i];
        if !before
            .iter()
            .any(|b| ARTICLE_WORDS.contains(&b.text.as_str()))
        {
            continue;
        }
        let letter = tokens[i + 1..]
            .iter()
            .take(5)
            .find(|t| !SKIPPED.contains(&t.text.as_str()))
            .filter(|t| t.text.len() <= 2 && t.text.chars().all(|c| c.is_ascii_lowercase()));
        if let Some(letter) = letter {
            cited.push((article, letter.text.clone(), i));
        }
    }
    cited
}

fn basis_value(article: u8, letter: &str) -> Option<String> {
    match article {
        6 => Art6Basis::parse(letter).map(|b| format!("Art. 6(1){}", b.label())),
        _ => Art9Condition::parse(letter).map(|c| format!("Art. 9(2){}", c.label())),
    }
}

fn lawful_bases(r: &Reading, found: &mut Found) {
    for read in &r.sentences {
        let mut add = |value: String, confidence| {
            let mut s = suggest(K::LawfulBasis, value, read, confidence);
            s.applies_to = section_of(read);
            found.add(s);
        };
        let cited = articles_cited(&read.tokens);
        for (article, letter, at) in &cited {
            if r.negated_before(read, *at) {
                continue;
            }
            if let Some(value) = basis_value(*article, letter) {
                add(value, Confidence::High);
            }
        }
        if !cited.is_empty() {
            continue;
        }
        for (key, at) in terms_in(r.terms.terms("lawful_basis"), &read.tokens) {
            // "If you have given consent, we send …": the condition is the basis.
            if r.negated_before(read, at) {
                continue;
            }
            let letter = key.trim_end_matches(')').rsplit('(').next().unwrap_or("");
            if let Some(value) = basis_value(6, letter) {
                add(value, Confidence::Medium);
            }
        }
    }
}

fn rights(r: &Reading, found: &mut Found) {
    for read in &r.sentences {
        if !r.in_context(read, "rights") {
            continue;
        }
        for (value, at) in terms_in(r.terms.terms("right"), &read.tokens) {
            if !r.negated_before(read, at) {
                found.add(suggest(K::Right, value, read, Confidence::Medium));
            }
        }
    }
}

fn transfers(r: &Reading, found: &mut Found) {
    let mut previous_was_transfer = false;
    for read in &r.sentences {
        let outside = r
            .terms
            .cue("outside_eea")
            .iter()
            .filter_map(|p| p.find(&read.tokens))
            .min();
        let about_transfer = outside.is_some() || r.in_context(read, "transfer");
        if r.conditional(read) {
            previous_was_transfer = about_transfer;
            continue;
        }
        if let Some(at) = outside {
            // "not … to countries outside the EU/EEA that do not offer adequate
            // protection" rules out fewer transfers than all.
            let qualified = terms_in(r.terms.terms("transfer_tool"), &read.tokens)
                .iter()
                .any(|(tool, _)| *tool == "adequacy decision");
            // "never … without appropriate safeguards" allows them, with safeguards.
            let unless = read.tokens[at..]
                .iter()
                .any(|t| UNLESS.contains(&t.text.as_str()));
            let negated = r.negated_before(read, at);
            let s = if negated && unless {
                let value = "outside the EU/EEA only with safeguards";
                suggest(K::Transfer, value, read, Confidence::Medium)
            } else if negated && qualified {
                let value = "none outside the EU/EEA without adequate protection";
                suggest(K::Transfer, value, read, Confidence::Medium)
            } else if negated {
                suggest(
                    K::Transfer,
                    "none outside the EU/EEA",
                    read,
                    Confidence::High,
                )
            } else {
                suggest(K::Transfer, "outside the EU/EEA", read, Confidence::Medium)
            };
            found.add(s);
        } else if r.has(read, "inside_eea") && (servers(read) || r.has(read, "retention")) {
            found.add(suggest(
                K::Transfer,
                "within the EU/EEA",
                read,
                Confidence::Medium,
            ));
        }
        if about_transfer || previous_was_transfer {
            for (tool, at) in terms_in(r.terms.terms("transfer_tool"), &read.tokens) {
                if !r.negated_before(read, at) {
                    let s = suggest(
                        K::Transfer,
                        format!("safeguard: {tool}"),
                        read,
                        Confidence::Medium,
                    );
                    found.add(s);
                }
            }
        }
        previous_was_transfer = about_transfer;
    }
}

/// Words that turn "never outside the EEA" into "only with safeguards".
const UNLESS: &[&str] = &[
    "without", "unless", "except", "uten", "utan", "unntatt", "såvida",
];

fn servers(read: &Read) -> bool {
    read.tokens.iter().any(|t| {
        t.text.starts_with("server")
            || t.text.starts_with("servrar")
            || t.text.starts_with("datasenter")
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::draft::lexicon::words;

    fn cited(text: &str) -> Vec<(u8, String)> {
        articles_cited(&words(text))
            .into_iter()
            .map(|(a, l, _)| (a, l))
            .collect()
    }

    #[test]
    fn articles_are_read_as_policies_write_them() {
        let f = || vec![(6, "f".to_string())];
        assert_eq!(cited("Article 6(1)(f) – legitimate interests"), f());
        assert_eq!(cited("(GDPR Article 6 (1) f)."), f());
        assert_eq!(cited("jf. artikel 6.1 f i dataskyddsförordningen"), f());
        assert_eq!(cited("personvernforordningen art. 6 nr. 1 bokstav f"), f());
        assert_eq!(cited("Article (6) (a) of the GDPR"), [(6, "a".to_string())]);
        assert_eq!(
            cited("(GDRP Article 6 (1) a and GDPR Article 9 (2) a)"),
            [(6, "a".to_string()), (9, "a".to_string())]
        );
        assert!(cited("We keep it for 6 months").is_empty());
    }

    #[test]
    fn basis_values_name_the_article_and_its_words() {
        assert_eq!(
            basis_value(6, "f").as_deref(),
            Some("Art. 6(1)(f) legitimate interests")
        );
        assert_eq!(
            basis_value(9, "a").as_deref(),
            Some("Art. 9(2)(a) explicit consent")
        );
        assert_eq!(basis_value(6, "x"), None);
    }
}
