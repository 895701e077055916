//! Durations as policies write them, in three languages ("seven years",
//! "syv år", "sju år", "3 months", "tre måneder", "12 månader"), and the two
//! kinds of fact built on them: retention periods tied to what they apply
//! to, and the answer time a policy promises.

use super::lexicon::{any_match, Terms, Token};
use super::{section_of, suggest, terms_in, Confidence, Found, Read, Reading, SuggestionKind as K};

/// The units of a length of time: the register's own, so a period read
/// is the retention a record keeps.
pub use crate::domain::activity::RetentionUnit as Unit;

fn unit_named(name: &str) -> Option<Unit> {
    match name {
        "day" => Some(Unit::Days),
        "week" => Some(Unit::Weeks),
        "month" => Some(Unit::Months),
        "year" => Some(Unit::Years),
        _ => None,
    }
}

/// A length of time, and the words of the sentence it spans.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Duration {
    pub count: u32,
    pub unit: Unit,
    /// First and one-past-last word of the sentence it was read from.
    pub words: (usize, usize),
}

impl std::fmt::Display for Duration {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} {}", self.count, self.unit.word(self.count))
    }
}

/// A count at word `i`: digits, or a number word of the language (two words
/// too: "twenty four"); with the number of words it took.
fn count_at(tokens: &[Token], i: usize, terms: &Terms) -> Option<(u32, usize)> {
    let t = &tokens[i].text;
    if t.len() <= 4 && t.chars().all(|c| c.is_ascii_digit()) {
        return t.parse().ok().map(|n| (n, 1));
    }
    if let Some(next) = tokens.get(i + 1) {
        if let Some(n) = terms.number(&format!("{t} {}", next.text)) {
            return Some((n, 2));
        }
    }
    terms.number(t).map(|n| (n, 1))
}

/// Every duration in a sentence's words. A range ("2-3 years") reads as
/// its upper end.
pub fn duration_in(tokens: &[Token], terms: &Terms) -> Vec<Duration> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < tokens.len() {
        let Some((count, len)) = count_at(tokens, i, terms) else {
            i += 1;
            continue;
        };
        let unit_at = i + len;
        let unit = terms
            .units
            .iter()
            .filter(|(_, p)| p.matches_at(tokens, unit_at))
            .max_by_key(|(_, p)| p.len());
        match unit {
            Some((name, phrase)) if count > 0 => {
                if let Some(unit) = unit_named(name) {
                    let end = unit_at + phrase.len();
                    // "2-3 years": the lower end was read as a count without a unit.
                    out.push(Duration {
                        count,
                        unit,
                        words: (i, end),
                    });
                    i = end;
                    continue;
                }
                i += 1;
            }
            _ => i += 1,
        }
    }
    out
}

/// Words after a duration that say when it starts ("after your last
/// contact", "från ansökningsdatumet", "etter at avtalen er avsluttet").
const ANCHORS: &[&str] = &[
    "after",
    "from",
    "since",
    "efter",
    "etter",
    "fra",
    "från",
    "fram",
    "frå",
    "following",
];
/// "longer than" in the three languages: a bound, whatever negation precedes it.
const LONGER_THAN: &[(&str, &str)] = &[
    ("longer", "than"),
    ("lenger", "enn"),
    ("lengre", "enn"),
    ("längre", "än"),
];
/// Words before a duration that make it an upper bound.
const UP_TO: &[&str] = &[
    "within", "up", "maximum", "max", "inom", "innen", "innan", "høyst", "högst", "inntil", "most",
];

fn retention(r: &Reading, read: &Read, found: &mut Found) {
    // "Server logs: 3 months." under "How long we keep data" is a period kept;
    // "we delete it within one month of your request" is an answer time.
    let answering = r.has(read, "answer") || any_match(r.terms.cue("rights"), &read.section_tokens);
    if !r.in_context(read, "retention") || answering {
        return;
    }
    let text = &read.sentence.text;
    for d in duration_in(&read.tokens, r.terms) {
        let before = &read.tokens[d.words.0.saturating_sub(3)..d.words.0];
        // "not … longer than 3 years" is an upper bound, not a negation.
        let longer_than = before.windows(2).any(|w| {
            LONGER_THAN
                .iter()
                .any(|(a, b)| w[0].text == *a && w[1].text == *b)
        });
        if r.negated_before(read, d.words.0) && !longer_than {
            continue;
        }
        let bounded = longer_than || before.iter().any(|t| UP_TO.contains(&t.text.as_str()));
        // Written as the register's retention grammar reads it: "N unit after EVENT".
        let mut value = d.to_string();
        let anchor = read
            .tokens
            .get(d.words.1)
            .filter(|t| ANCHORS.contains(&t.text.as_str()));
        if let Some(next) = anchor {
            let rest = &text[next.end..];
            let clause = rest.find([',', ';', '.', '(']).unwrap_or(rest.len());
            // What the period runs from, to the end of its clause; 70 characters
            // hold every one seen ("after the end of the financial year").
            let end = rest
                .char_indices()
                .nth(70)
                .map_or(clause, |(i, _)| i.min(clause));
            if !rest[..end].trim().is_empty() {
                value.push_str(" after ");
                value.push_str(rest[..end].trim());
            }
        }
        let mut s = suggest(K::Retention, value, read, Confidence::Medium);
        s.applies_to = item_label(read).or_else(|| section_of(read));
        if bounded {
            s.note = Some("the policy gives it as an upper bound (\"within\", \"up to\")".into());
        }
        found.add(s);
    }
    for (value, _) in terms_in(r.terms.terms("retention_event"), &read.tokens) {
        let mut s = suggest(K::Retention, value, read, Confidence::Medium);
        s.applies_to = item_label(read).or_else(|| section_of(read));
        found.add(s);
    }
}

/// What a list item is about, before its colon ("Server logs: 3 months").
fn item_label(read: &Read) -> Option<String> {
    let text = &read.sentence.text;
    let colon = text.find(':').filter(|_| read.sentence.is_bullet)?;
    let label = text[..colon].trim();
    (!label.is_empty() && label.split_whitespace().count() <= 6).then(|| label.to_string())
}

fn answer_time(r: &Reading, read: &Read, found: &mut Found) {
    if !r.has(read, "answer") || !r.in_context(read, "rights") {
        return;
    }
    for d in duration_in(&read.tokens, r.terms) {
        found.add(suggest(
            K::AnswerTime,
            format!("within {d}"),
            read,
            Confidence::Medium,
        ));
    }
    for phrase in r.terms.cue("no_deadline") {
        if let Some(at) = phrase.find(&read.tokens) {
            let text = &read.sentence.text;
            let said = &text[read.tokens[at].start..read.tokens[at + phrase.len() - 1].end];
            let mut s = suggest(K::AnswerTime, said, read, Confidence::Medium);
            s.note = Some("no fixed time: Art. 12(3) allows one month, extendable by two".into());
            found.add(s);
        }
    }
}

pub(super) fn find(r: &Reading, found: &mut Found) {
    for read in &r.sentences {
        retention(r, read, found);
        answer_time(r, read, found);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::draft::language::Lang;
    use crate::domain::draft::lexicon::{language, words};

    fn read(text: &str, lang: Lang) -> Vec<String> {
        duration_in(&words(text), language(lang))
            .iter()
            .map(Duration::to_string)
            .collect()
    }

    #[test]
    fn durations_read_in_three_languages() {
        assert_eq!(
            read("We keep it for seven years after.", Lang::En),
            ["7 years"]
        );
        assert_eq!(
            read("Server logs are stored for six months", Lang::En),
            ["6 months"]
        );
        assert_eq!(read("within 30 calendar days", Lang::En), ["30 days"]);
        assert_eq!(read("twenty four months", Lang::En), ["24 months"]);
        assert_eq!(
            read("Vi lagrer dette i syv år og tre måneder", Lang::Nb),
            ["7 years", "3 months"]
        );
        assert_eq!(
            read("Opplysningane vert sletta etter sju år", Lang::Nb),
            ["7 years"]
        );
        assert_eq!(
            read("raderas inom ett år efter uppsägning", Lang::Sv),
            ["1 year"]
        );
        assert_eq!(
            read("Inspelningarna raderas efter 7 dagar.", Lang::Sv),
            ["7 days"]
        );
        assert_eq!(
            read("i upp till 4 år (standardkontraktsperiod)", Lang::Sv),
            ["4 years"]
        );
        assert_eq!(
            read("2-3 e-postmeddelanden", Lang::Sv),
            Vec::<String>::new()
        );
        assert_eq!(read("between 2-3 years", Lang::En), ["3 years"]);
    }
}
