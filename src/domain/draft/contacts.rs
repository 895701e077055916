//! Who the policy is from: the organisation's legal name, its organisation
//! number (checked by its check digits), postal address, and the e-mail
//! addresses and telephone numbers it gives for privacy questions.

use super::legal::{authorities_named, country_evidence};
use super::lexicon::{any_match, first_match};
use super::{suggest, Confidence, Found, Read, Reading, SuggestionKind as K};
use crate::domain::country::country_name;
use crate::domain::org_number::check_org_number;

pub(super) fn find(r: &Reading, found: &mut Found) {
    organisation_name(r, found);
    org_numbers(r, found);
    emails(r, found);
    phones(r, found);
    addresses(r, found);
}

/// Legal names in a sentence: up to three capitalised words before a company
/// form ("Intility AS", "Recruitment Manager AS"), with where each starts.
pub(super) fn legal_names(r: &Reading, read: &Read) -> Vec<(String, usize)> {
    let text = &read.sentence.text;
    let forms = &r.common.file.legal_forms;
    let mut names = Vec::new();
    for (i, t) in read.tokens.iter().enumerate() {
        let raw = &text[t.start..t.end];
        let form = forms.iter().find(|f| {
            f.as_str() == raw || (f.contains('/') && text[t.start..].starts_with(f.as_str()))
        });
        let Some(form) = form else { continue };
        let mut first = i;
        while first > 0 && i - first < 3 {
            let prev = &read.tokens[first - 1];
            let gap = &text[prev.end..read.tokens[first].start];
            let word = &text[prev.start..prev.end];
            if gap != " "
                || !word.chars().next().is_some_and(char::is_uppercase)
                || forms.iter().any(|f| f == word)
            {
                break;
            }
            first -= 1;
        }
        if first < i {
            let start = read.tokens[first].start;
            names.push((format!("{} {form}", text[start..t.start].trim()), first));
        }
    }
    names
}

/// The organisation: of the legal names the policy gives, the one whose
/// first word it uses most (a policy speaks of itself more than of others).
fn organisation_name(r: &Reading, found: &mut Found) {
    let mut candidates: Vec<(String, usize)> = Vec::new();
    for (i, read) in r.sentences.iter().enumerate() {
        for (name, _) in legal_names(r, read) {
            if !candidates.iter().any(|(n, _)| *n == name) {
                candidates.push((name, i));
            }
        }
    }
    let uses = |name: &str| {
        let first = name.split_whitespace().next().unwrap_or("").to_lowercase();
        r.sentences
            .iter()
            .flat_map(|s| &s.tokens)
            .filter(|t| t.text == first || t.text == format!("{first}s"))
            .count()
    };
    // The sentence that numbers a name, or makes it the controller (not
    // "Google Ireland Limited is the controller for YouTube": a name the
    // policy uses less than another, or beside another's controllership).
    let numbered = |name: &str| {
        r.sentences.iter().find(|read| {
            read.sentence.text.contains(name) && any_match(&r.common.org_number_cues, &read.tokens)
        })
    };
    let most = candidates
        .iter()
        .map(|(name, _)| uses(name))
        .max()
        .unwrap_or(0);
    let controller = |name: &str| {
        r.sentences.iter().find(|read| {
            read.sentence.text.contains(name)
                && r.has(read, "controller")
                && !r.has(read, "own_controller")
                && uses(name) >= 2
                && uses(name) == most
        })
    };
    let says = |name: &str| numbered(name).or_else(|| controller(name));
    let named = candidates.iter().find(|(name, _)| numbered(name).is_some());
    let named = named.or_else(|| {
        candidates
            .iter()
            .find(|(name, _)| controller(name).is_some())
    });
    let most_used = || {
        candidates
            .iter()
            .max_by_key(|(name, i)| (uses(name), std::cmp::Reverse(*i)))
    };
    let Some((name, first_index)) = named.or_else(most_used) else {
        return;
    };
    if named.is_none() && uses(name) < 3 {
        return;
    }
    let (read, confidence) = match says(name) {
        Some(read) => (read, Confidence::High),
        None => (&r.sentences[*first_index], Confidence::Medium),
    };
    found.add(suggest(K::OrganisationName, name.clone(), read, confidence));
}

/// The number after an organisation-number cue ("org. nr. 981 967 070",
/// "(org.no 93329617)", "Org.nr: 556677-8899").
pub(super) fn number_after(text: &str, from: usize) -> Option<&str> {
    let rest = &text[from..];
    let start = rest.find(|c: char| c.is_ascii_digit())?;
    if rest[..start].chars().any(char::is_alphabetic)
        && !rest[..start].trim_start().starts_with(['.', ':'])
    {
        let lead = rest[..start].trim_matches(|c: char| !c.is_alphanumeric());
        // "org. nr. 981…" has "nr" between: allowed; words are not.
        if !matches!(
            lead.to_lowercase().as_str(),
            "" | "nr" | "no" | "se" | "nummer" | "number"
        ) {
            return None;
        }
    }
    if start > 12 {
        return None;
    }
    digits_between(&rest[start..], " -.", 6..=12)
}

/// The run of digits `body` starts with, `separators` allowed between
/// digits (and "(" before one, for a telephone's area code), when it holds
/// a count of digits in `count`.
fn digits_between<'a>(
    body: &'a str,
    separators: &str,
    count: std::ops::RangeInclusive<usize>,
) -> Option<&'a str> {
    let digit_follows = |i: usize| {
        body[i..]
            .starts_with(|d: char| d.is_ascii_digit() || (d == '(' && separators.contains('(')))
    };
    let end = body
        .char_indices()
        .find(|&(i, c)| {
            let leading_plus = i == 0 && c == '+' && separators.contains('(');
            !(c.is_ascii_digit()
                || leading_plus
                || (separators.contains(c) && digit_follows(i + 1)))
        })
        .map_or(body.len(), |(i, _)| i);
    let number = body[..end].trim();
    let digits = number.chars().filter(char::is_ascii_digit).count();
    count.contains(&digits).then_some(number)
}

/// The countries whose numbers have this many digits, the likelier first.
fn schemes_for(number: &str) -> &'static [&'static str] {
    match number.chars().filter(char::is_ascii_digit).count() {
        9 => &["NO"],
        10 | 12 => &["SE"],
        8 if number.contains('-') => &["FI", "DK"],
        8 => &["DK", "FI"],
        _ => &[],
    }
}

/// The country whose scheme the organisation number given holds in, when it
/// holds in exactly one.
pub(super) fn number_country(r: &Reading) -> Option<(&'static str, usize, &'static str)> {
    r.sentences.iter().enumerate().find_map(|(i, read)| {
        let cues = &r.common.org_number_cues;
        let (cue, at) = first_match(cues, &read.tokens)?;
        let number = number_after(
            &read.sentence.text,
            read.tokens[at + cues[cue].len() - 1].end,
        )?;
        let holds: Vec<&'static str> = ["NO", "SE", "DK", "FI"]
            .into_iter()
            .filter(|c| check_org_number(c, number).is_ok())
            .collect();
        match holds.as_slice() {
            [one] => Some((*one, i, "its organisation number")),
            _ => None,
        }
    })
}

fn org_numbers(r: &Reading, found: &mut Found) {
    let evidence = country_evidence(r).map(|(c, _, _)| c);
    for read in &r.sentences {
        let cues = &r.common.org_number_cues;
        let Some((cue, at)) = first_match(cues, &read.tokens) else {
            continue;
        };
        let cue_end = read.tokens[at + cues[cue].len() - 1].end;
        let Some(number) = number_after(&read.sentence.text, cue_end) else {
            continue;
        };
        let schemes = schemes_for(number);
        let country = evidence
            .or_else(|| schemes.first().copied())
            .unwrap_or("NO");
        let name = country_name(country).unwrap_or(country);
        let mut s = suggest(K::OrgNumber, number, read, Confidence::High);
        match check_org_number(country, number) {
            Ok(()) => {
                s.note = Some(format!(
                    "the check digit of an organisation number in {name} holds"
                ))
            }
            Err(e) => {
                s.confidence = Confidence::Low;
                s.note = Some(format!("{e}: check it in the company register"));
            }
        }
        found.add(s);
    }
}

/// E-mail addresses in a text, as written.
pub(super) fn emails_in(text: &str) -> Vec<&str> {
    let local = |c: char| c.is_alphanumeric() || "._%+-".contains(c);
    let domain = |c: char| c.is_alphanumeric() || c == '.' || c == '-';
    let mut out = Vec::new();
    for (at, _) in text.match_indices('@') {
        let start = text[..at].rfind(|c| !local(c)).map_or(0, |i| {
            i + text[i..].chars().next().map_or(1, char::len_utf8)
        });
        let end = text[at + 1..]
            .find(|c| !domain(c))
            .map_or(text.len(), |i| at + 1 + i);
        let address = text[start..end].trim_end_matches('.');
        let host = &address[(at - start + 1).min(address.len())..];
        if at > start && host.contains('.') && !host.starts_with('.') {
            out.push(address);
        }
    }
    out
}

/// The organisation's addresses: not an authority's ("postkasse@datatilsynet.no")
/// nor, beside a company named with its legal form, that company's.
fn emails(r: &Reading, found: &mut Found) {
    let own = found
        .values(K::OrganisationName)
        .next()
        .and_then(|o| o.value.split_whitespace().next().map(str::to_lowercase));
    for (i, read) in r.sentences.iter().enumerate() {
        if !super::legal::authorities_named(r, i).is_empty() {
            continue;
        }
        let others = legal_names(r, read).into_iter().any(|(name, _)| {
            own.as_deref()
                .is_none_or(|o| !name.to_lowercase().starts_with(o))
        });
        let confidence = if others {
            Confidence::Low
        } else {
            Confidence::High
        };
        for email in emails_in(&read.sentence.text) {
            let mut s = suggest(K::ContactEmail, email, read, confidence);
            if others {
                s.note = Some("the sentence names another company: whose address is it?".into());
            }
            found.add(s);
        }
    }
}

/// A telephone number after a cue: digits with spaces, dashes or brackets,
/// 8 to 15 of them, an optional leading `+`.
pub(super) fn phone_after(text: &str, from: usize) -> Option<&str> {
    let rest = &text[from..];
    let start = rest.find(|c: char| c.is_ascii_digit() || c == '+')?;
    // "phone on +358 …", "telefon på 55 …": a joining word may stand between.
    let joining = [
        "on", "at", "is", "nr", "no", "number", "på", "til", "är", "er", "of",
    ];
    let gap_ok = rest[..start]
        .split(|c: char| !c.is_alphabetic())
        .all(|w| w.is_empty() || joining.contains(&w.to_lowercase().as_str()));
    if start > 14 || !gap_ok {
        return None;
    }
    digits_between(&rest[start..], " -()", 8..=15)
}

fn phones(r: &Reading, found: &mut Found) {
    for read in &r.sentences {
        for phrase in &r.common.phone_cues {
            for at in phrase.find_all(&read.tokens) {
                let end = read.tokens[at + phrase.len() - 1].end;
                if let Some(number) = phone_after(&read.sentence.text, end) {
                    found.add(suggest(K::ContactPhone, number, read, Confidence::High));
                }
            }
        }
    }
}

/// A street and number in a sentence ("Studievegen 2", "Schweigaards gate
/// 39"): where the street name starts, and where the number ends.
pub(super) fn street_in(text: &str, endings: &[String]) -> Option<(usize, usize)> {
    let tokens = super::lexicon::words(text);
    for (i, t) in tokens.iter().enumerate() {
        let Some(next) = tokens.get(i + 1) else { break };
        let number = next.text.chars().next().is_some_and(|c| c.is_ascii_digit())
            && next.text.chars().take_while(char::is_ascii_digit).count() <= 4
            && text[t.end..next.start].trim().is_empty();
        if !number {
            continue;
        }
        let raw = &text[t.start..t.end];
        let whole = endings.contains(&t.text);
        let ends = endings
            .iter()
            .any(|e| t.text.ends_with(e.as_str()) && t.text.len() > e.len() + 2);
        if ends && raw.chars().next().is_some_and(char::is_uppercase) {
            return Some((t.start, next.end));
        }
        if whole && i > 0 {
            let prev = &tokens[i - 1];
            let word = &text[prev.start..prev.end];
            if word.chars().next().is_some_and(char::is_uppercase)
                && text[prev.end..t.start] == *" "
            {
                return Some((prev.start, next.end));
            }
        }
    }
    None
}

/// A post code and town at the start of `text` ("2815 Gjøvik",
/// "SE-411 25 Gothenburg", "0191 Oslo"): its length.
pub(super) fn postcode_town(text: &str) -> Option<usize> {
    let t = text.trim_start_matches([' ', ',']);
    let lead = text.len() - t.len();
    let t2 = t
        .strip_prefix("SE-")
        .or_else(|| t.strip_prefix("NO-"))
        .or_else(|| t.strip_prefix("DK-"))
        .or_else(|| t.strip_prefix("FI-"))
        .unwrap_or(t);
    let prefix = t.len() - t2.len();
    let digits: String = t2
        .chars()
        .take_while(|c| c.is_ascii_digit() || *c == ' ')
        .collect();
    let count = digits.chars().filter(char::is_ascii_digit).count();
    if !(4..=5).contains(&count) {
        return None;
    }
    let after = &t2[digits.len()..];
    let town: usize = after
        .split(|c: char| !c.is_alphabetic() && c != '-')
        .next()
        .map_or(0, str::len);
    let town_word = &after[..town];
    if town == 0 || !town_word.chars().next().is_some_and(char::is_uppercase) {
        return None;
    }
    Some(lead + prefix + digits.len() + town)
}

fn addresses(r: &Reading, found: &mut Found) {
    let endings = &r.common.file.street_endings;
    for (i, read) in r.sentences.iter().enumerate() {
        let text = &read.sentence.text;
        let Some((start, end)) = street_in(text, endings) else {
            continue;
        };
        // An authority's postal address follows its name within three lines
        // (name, box, post code): that address is not the client's.
        let near_authority = (i.saturating_sub(3)..=i).any(|j| !authorities_named(r, j).is_empty());
        if near_authority {
            continue;
        }
        let mut value = text[start..end].to_string();
        let mut quote_lines = vec![read];
        if let Some(len) = postcode_town(&text[end..]) {
            value.push_str(", ");
            value.push_str(text[end..end + len].trim_start_matches([' ', ',']));
        } else if let Some(next) = r
            .sentences
            .get(i + 1)
            .filter(|n| n.sentence.line > read.sentence.line)
        {
            let Some(len) = postcode_town(&next.sentence.text) else {
                continue;
            };
            value.push_str(", ");
            value.push_str(next.sentence.text[..len].trim());
            quote_lines.push(next);
            if let Some(country) = r.sentences.get(i + 2).filter(|c| is_country_line(r, c)) {
                value.push_str(", ");
                value.push_str(country.sentence.text.trim());
                quote_lines.push(country);
            }
        } else {
            continue;
        }
        let mut s = suggest(K::Address, value, read, Confidence::Medium);
        s.quote = quote_lines
            .iter()
            .map(|q| q.sentence.text.as_str())
            .collect::<Vec<_>>()
            .join(" / ");
        found.add(s);
    }
}

fn is_country_line(r: &Reading, read: &Read) -> bool {
    read.tokens.len() <= 2
        && r.common
            .countries
            .iter()
            .any(|(_, names)| any_match(names, &read.tokens))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn organisation_numbers_follow_their_cue() {
        let t = "Intility AS, org. nr. 981 967 070, Schweigaards gate 39";
        let cue_end = t.find("nr.").unwrap() + 2;
        assert_eq!(number_after(t, cue_end), Some("981 967 070"));
        assert_eq!(
            number_after("IXT AS (org.no 93329617) is", 14),
            Some("93329617")
        );
        assert_eq!(number_after("Org.nr: 556677-8899.", 6), Some("556677-8899"));
        assert_eq!(
            number_after("org number is not given, see 12345678", 10),
            None
        );
        assert_eq!(number_after("org. nr. 12", 8), None);
    }

    #[test]
    fn schemes_by_length() {
        assert_eq!(schemes_for("981 967 070"), ["NO"]);
        assert_eq!(schemes_for("556677-8899"), ["SE"]);
        assert_eq!(schemes_for("1234567-8"), ["FI", "DK"]);
    }

    #[test]
    fn emails_are_found_without_their_full_stop() {
        assert_eq!(
            emails_in("Skriv til privacy@intility.no."),
            ["privacy@intility.no"]
        );
        assert_eq!(
            emails_in("Email: support@ixt.no and dpo@example.co.uk"),
            ["support@ixt.no", "dpo@example.co.uk"]
        );
        assert!(emails_in("an @ sign, a@b and @home").is_empty());
    }

    #[test]
    fn phones_follow_their_cue() {
        assert_eq!(
            phone_after("Telefon: +47 24 10 33 00.", 7),
            Some("+47 24 10 33 00")
        );
        assert_eq!(
            phone_after("phone 08-123 456 78 or", 5),
            Some("08-123 456 78")
        );
        assert_eq!(phone_after("phone us on weekdays 1234", 5), None);
        assert_eq!(
            phone_after("by phone on +358 9 4257 3310.", 8),
            Some("+358 9 4257 3310")
        );
        assert_eq!(phone_after("tel: 123", 3), None);
    }

    #[test]
    fn streets_and_post_codes() {
        let endings: Vec<String> = ["gate", "gatan", "vegen"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        let t = "Postal Address: Studievegen 2, 2815 Gjøvik";
        let (s, e) = street_in(t, &endings).unwrap();
        assert_eq!(&t[s..e], "Studievegen 2");
        assert_eq!(
            postcode_town(&t[e..]).map(|l| t[e..e + l].trim_start_matches([',', ' '])),
            Some("2815 Gjøvik")
        );
        let t = "Intility AS, Schweigaards gate 39, 0191 Oslo.";
        let (s, e) = street_in(t, &endings).unwrap();
        assert_eq!(&t[s..e], "Schweigaards gate 39");
        assert_eq!(postcode_town("SE-411 25 Gothenburg"), Some(20));
        assert_eq!(postcode_town(", Oslo"), None);
        assert_eq!(street_in("we keep it for 7 years", &endings), None);
    }
}
