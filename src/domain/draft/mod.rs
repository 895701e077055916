//! A register drafted from a privacy policy (`dpo draft`, the workbench's
//! "draft from a policy"): rule-based and explainable. Every suggestion names
//! the line and quotes the sentence it came from; nothing is proposed that the
//! text does not say — a vague "our e-mail provider" is a processor to be
//! identified, never a guessed name. The words behind each rule are in
//! `assets/draft/` (docs/draft.md).

mod categories;
mod contacts;
pub mod document;
mod durations;
pub mod language;
mod legal;
pub mod lexicon;
pub mod plan;
mod processors;

use serde::Serialize;

use self::document::Sentence;
pub use self::durations::{duration_in, Duration, Unit};
use self::language::Lang;
use self::lexicon::{any_match, common, language, words, Common, Phrase, Terms, Token};

crate::code_enum!(
    /// What a suggestion proposes; the code is the JSON `kind` (docs/draft.md).
    SuggestionKind {
        OrganisationName => ("organisation_name", "Organisation name"),
        OrgNumber => ("org_number", "Organisation number"),
        Address => ("address", "Postal address"),
        ContactEmail => ("contact_email", "Privacy contact e-mail"),
        ContactPhone => ("contact_phone", "Privacy contact phone"),
        Jurisdiction => ("jurisdiction", "Jurisdiction"),
        Authority => ("authority", "Supervisory authority"),
        Role => ("role", "Role"),
        Processor => ("processor", "Processor"),
        Transfer => ("transfer", "Transfers"),
        Purpose => ("purpose", "Purpose"),
        SubjectCategory => ("subject_category", "Data subjects"),
        DataCategory => ("data_category", "Personal data"),
        SpecialCategory => ("special_category", "Special categories"),
        LawfulBasis => ("lawful_basis", "Lawful basis"),
        Retention => ("retention", "Retention"),
        AnswerTime => ("answer_time", "Promised answer time"),
        Right => ("right", "Rights mentioned"),
        Cookies => ("cookies", "Cookies"),
    }
);

crate::code_enum!(
    /// How sure the rule is: `high` where the text names the thing outright
    /// (an article, a valid number, a catalogue name), `medium` for a term
    /// in its context, `low` where a DPO must look (a number that fails its
    /// check, a provider named only by what it does).
    Confidence {
        High => ("high", "high"),
        Medium => ("medium", "medium"),
        Low => ("low", "low"),
    }
);

impl Serialize for SuggestionKind {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.code())
    }
}

impl Serialize for Confidence {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.code())
    }
}

/// One proposed fact of the register, with where the policy says it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Suggestion {
    pub kind: SuggestionKind,
    pub value: String,
    /// 1-based line of the policy file.
    pub line: usize,
    /// The sentence, as the policy has it.
    pub quote: String,
    pub confidence: Confidence,
    /// What a retention period, lawful basis or category is said of (the
    /// heading it stands under, or the words it is tied to).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub applies_to: Option<String>,
    /// The processor catalogue's id of a named processor.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub catalogue: Option<String>,
    /// What the DPO should know before accepting it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// The heading the sentence stands under: accepted suggestions of one
    /// heading make one record of processing.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub section: String,
    /// The register the draft is for holds this value already.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub in_register: bool,
}

/// The draft of one policy.
#[derive(Debug, Clone, Serialize)]
pub struct Draft {
    pub language: &'static str,
    pub suggestions: Vec<Suggestion>,
}

/// What a register holds already, to tell a suggestion that adds nothing.
#[derive(Debug, Clone, Default)]
pub struct Known {
    pub organisation: Vec<String>,
    /// Processors' names and services.
    pub processors: Vec<String>,
    /// Records of processing by name: a policy read again would make them twice.
    pub activities: Vec<String>,
}

impl Draft {
    /// Marks the suggestions whose value the register holds already (its
    /// organisation's fields; a processor of that name or service; what
    /// goes into a record of processing the register has by that name).
    pub fn mark_known(&mut self, known: &Known) {
        let same = |a: &str, b: &str| !a.is_empty() && a.trim().eq_ignore_ascii_case(b.trim());
        let with_purpose: Vec<String> = self
            .suggestions
            .iter()
            .filter(|s| s.kind == SuggestionKind::Purpose)
            .map(|s| s.section.clone())
            .collect();
        let record_held = |section: &str| {
            let section = if with_purpose.iter().any(|p| p == section) {
                section
            } else {
                ""
            };
            let name = plan::record_name(section);
            known.activities.iter().any(|a| same(a, &name))
        };
        for s in &mut self.suggestions {
            s.in_register = match s.kind {
                SuggestionKind::Processor => known.processors.iter().any(|p| {
                    same(p, &s.value)
                        || p.to_lowercase()
                            .starts_with(&format!("{}:", s.value.to_lowercase()))
                }),
                SuggestionKind::OrganisationName
                | SuggestionKind::OrgNumber
                | SuggestionKind::Address
                | SuggestionKind::ContactEmail
                | SuggestionKind::ContactPhone
                | SuggestionKind::Jurisdiction => {
                    known.organisation.iter().any(|o| same(o, &s.value))
                }
                SuggestionKind::Purpose
                | SuggestionKind::SubjectCategory
                | SuggestionKind::DataCategory
                | SuggestionKind::SpecialCategory
                | SuggestionKind::LawfulBasis
                | SuggestionKind::Retention => record_held(&s.section),
                _ => false,
            };
        }
    }
}

/// Reads `policy` (plain text, Markdown or HTML) in `lang`, or in the
/// language it is written in when `None`.
pub fn draft(policy: &str, lang: Option<Lang>) -> Draft {
    let lang = lang.unwrap_or_else(|| language::detect(policy));
    let reading = Reading::new(policy, lang);
    let mut found = Found::default();
    contacts::find(&reading, &mut found);
    legal::find(&reading, &mut found);
    processors::find(&reading, &mut found);
    categories::find(&reading, &mut found);
    durations::find(&reading, &mut found);
    let mut suggestions = found.suggestions;
    suggestions.sort_by_key(|s| (kind_order(s.kind), s.line));
    Draft {
        language: lang.code(),
        suggestions,
    }
}

fn kind_order(kind: SuggestionKind) -> usize {
    SuggestionKind::ALL
        .iter()
        .position(|k| *k == kind)
        .unwrap_or(0)
}

/// A sentence with its words.
pub(crate) struct Read {
    pub(crate) sentence: Sentence,
    pub(crate) tokens: Vec<Token>,
    /// The words of the heading the sentence stands under, and of the
    /// sentence leading into its list.
    pub(crate) section_tokens: Vec<Token>,
}

/// The policy as the rules read it.
pub(crate) struct Reading {
    pub(crate) terms: &'static Terms,
    pub(crate) common: &'static Common,
    pub(crate) sentences: Vec<Read>,
}

impl Reading {
    fn new(policy: &str, lang: Lang) -> Reading {
        let sentences = document::sentences(policy)
            .into_iter()
            .map(|sentence| Read {
                tokens: words(&sentence.text),
                section_tokens: words(&format!("{} {}", sentence.section, sentence.lead)),
                sentence,
            })
            .collect();
        Reading {
            terms: language(lang),
            common: common(),
            sentences,
        }
    }

    /// Whether the sentence or its heading has a cue of `name`.
    pub(crate) fn in_context(&self, read: &Read, name: &str) -> bool {
        let cue = self.terms.cue(name);
        any_match(cue, &read.tokens) || any_match(cue, &read.section_tokens)
    }

    pub(crate) fn has(&self, read: &Read, name: &str) -> bool {
        any_match(self.terms.cue(name), &read.tokens)
    }

    /// Whether a negation stands before word `at` in the sentence (within
    /// the same clause: no comma or semicolon between).
    pub(crate) fn negated_before(&self, read: &Read, at: usize) -> bool {
        let clause_start = read.tokens[..at]
            .iter()
            .rposition(|t| {
                let between = &read.sentence.text[t.end..read.tokens[at].start];
                between.contains([',', ';', ':'])
            })
            .map_or(0, |i| i + 1);
        let clause = &read.tokens[clause_start..at];
        let exception = |i| {
            self.terms
                .negation_exceptions
                .iter()
                .any(|e| e.matches_at(clause, i))
        };
        self.terms
            .negations
            .iter()
            .any(|n| n.find_all(clause).any(|i| !exception(i)))
    }

    /// A sentence opening with "If …", "Hvis …", "Om det …": a possibility.
    pub(crate) fn conditional(&self, read: &Read) -> bool {
        self.terms
            .conditionals
            .iter()
            .any(|c| c.matches_at(&read.tokens, 0))
    }
}

/// Suggestions gathered, each fact once (the first sentence that says it).
#[derive(Default)]
pub(crate) struct Found {
    suggestions: Vec<Suggestion>,
}

impl Found {
    /// Adds a suggestion unless the same kind and value (and, where it has
    /// one, the same `applies_to`) is already there.
    pub(crate) fn add(&mut self, s: Suggestion) {
        let same = |o: &Suggestion| {
            o.kind == s.kind
                && o.value.eq_ignore_ascii_case(&s.value)
                && o.applies_to == s.applies_to
        };
        if !self.suggestions.iter().any(same) {
            self.suggestions.push(s);
        }
    }

    pub(crate) fn values(&self, kind: SuggestionKind) -> impl Iterator<Item = &Suggestion> {
        self.suggestions.iter().filter(move |s| s.kind == kind)
    }
}

/// A suggestion from a sentence, the rest to be filled in by the rule.
pub(crate) fn suggest(
    kind: SuggestionKind,
    value: impl Into<String>,
    read: &Read,
    confidence: Confidence,
) -> Suggestion {
    Suggestion {
        kind,
        value: value.into(),
        line: read.sentence.line,
        quote: read.sentence.text.clone(),
        confidence,
        applies_to: None,
        catalogue: None,
        note: None,
        section: section_of(read).unwrap_or_default(),
        in_register: false,
    }
}

/// The heading a sentence stands under, as what a fact applies to
/// (`None` before the first heading or when the heading is the sentence).
pub(crate) fn section_of(read: &Read) -> Option<String> {
    let section = read.sentence.section.trim();
    (!section.is_empty() && section != read.sentence.text).then(|| section.to_string())
}

/// The term values of a table found in a sentence, with where each starts.
/// A value whose words lie inside a longer value's match is not counted:
/// "users of our services" inside "end users of our services".
pub(crate) fn terms_in<'a>(
    terms: &'a [(String, Vec<Phrase>)],
    tokens: &[Token],
) -> Vec<(&'a str, usize)> {
    let spans: Vec<(&str, usize, usize)> = terms
        .iter()
        .filter_map(|(value, phrases)| {
            phrases
                .iter()
                .flat_map(|p| p.find_all(tokens).map(move |at| (at, at + p.len())))
                .min_by_key(|&(at, end)| (at, std::cmp::Reverse(end)))
                .map(|(at, end)| (value.as_str(), at, end))
        })
        .collect();
    let inside = |&(v, s, e): &(&str, usize, usize)| {
        spans
            .iter()
            .any(|&(o, os, oe)| o != v && os <= s && e <= oe && (oe - os) > (e - s))
    };
    spans
        .iter()
        .filter(|span| !inside(span))
        .map(|&(v, s, _)| (v, s))
        .collect()
}
