//! The readable word lists behind `dpo draft` (`assets/draft/*.toml`, compiled
//! in): terms per language and what every language shares. A phrase is words
//! in order, matched on a sentence's words without case; a word ending in `*`
//! matches any word it begins ("subcontract*" finds "subcontractors").

use std::collections::BTreeMap;
use std::sync::OnceLock;

use serde::Deserialize;

use super::language::Lang;

/// The terms of one language, as the file says them.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LanguageFile {
    pub code: String,
    pub name: String,
    pub markers: Vec<String>,
    pub negations: Vec<String>,
    /// Phrases that open with a negation without negating what follows
    /// ("no control over third-party cookies", "no later than 30 days").
    pub negation_exceptions: Vec<String>,
    pub conditionals: Vec<String>,
    pub numbers: BTreeMap<String, u32>,
    pub units: BTreeMap<String, Vec<String>>,
    pub cues: BTreeMap<String, Vec<String>>,
    pub terms: BTreeMap<String, BTreeMap<String, Vec<String>>>,
}

/// What every language shares.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CommonFile {
    pub legal_forms: Vec<String>,
    pub org_number_cues: Vec<String>,
    pub phone_cues: Vec<String>,
    pub street_endings: Vec<String>,
    pub not_services: Vec<String>,
    pub service: Vec<NamedService>,
    pub authority: Vec<AuthorityNames>,
    pub laws: BTreeMap<String, Vec<String>>,
    pub countries: BTreeMap<String, Vec<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NamedService {
    pub name: String,
    pub also: Vec<String>,
    pub role: ServiceRole,
}

/// What a named service outside the catalogue is to the company.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ServiceRole {
    Processor,
    Software,
    ThirdParty,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AuthorityNames {
    pub code: String,
    pub names: Vec<String>,
    pub needs: Vec<String>,
}

/// The cue lists every language file must have (checked by a test).
pub const CUES: &[&str] = &[
    "controller",
    "processor_role",
    "provider",
    "own_controller",
    "purpose",
    "retention",
    "answer",
    "transfer",
    "outside_eea",
    "inside_eea",
    "no_deadline",
    "special_context",
    "data",
    "rights",
    "cookies",
    "subjects",
    "we",
    "definition",
];

/// The term tables every language file must have, each a kind of suggestion.
pub const TERMS: &[&str] = &[
    "lawful_basis",
    "subject_category",
    "data_category",
    "special_category",
    "right",
    "cookies",
    "vague_processor",
    "transfer_tool",
    "retention_event",
];

const FILES: [(Lang, &str); 3] = [
    (Lang::En, include_str!("../../../assets/draft/en.toml")),
    (Lang::Nb, include_str!("../../../assets/draft/nb.toml")),
    (Lang::Sv, include_str!("../../../assets/draft/sv.toml")),
];

/// A language's terms, read once.
pub fn language(lang: Lang) -> &'static Terms {
    static ALL: OnceLock<Vec<Terms>> = OnceLock::new();
    let all = ALL.get_or_init(|| {
        FILES
            .iter()
            .map(|(lang, text)| {
                let file: LanguageFile = toml::from_str(text).unwrap_or_else(|e| {
                    panic!("assets/draft/{}.toml does not read: {e}", lang.code())
                });
                Terms::compile(file)
            })
            .collect()
    });
    &all[FILES.iter().position(|(l, _)| *l == lang).unwrap_or(0)]
}

/// What every language shares, read once.
pub fn common() -> &'static Common {
    static COMMON: OnceLock<Common> = OnceLock::new();
    COMMON.get_or_init(|| {
        let file: CommonFile = toml::from_str(include_str!("../../../assets/draft/common.toml"))
            .unwrap_or_else(|e| panic!("assets/draft/common.toml does not read: {e}"));
        Common::compile(file)
    })
}

/// A language's terms with every phrase compiled.
#[derive(Debug)]
pub struct Terms {
    pub file: LanguageFile,
    pub negations: Vec<Phrase>,
    pub negation_exceptions: Vec<Phrase>,
    pub conditionals: Vec<Phrase>,
    pub units: Vec<(String, Phrase)>,
    cues: BTreeMap<String, Vec<Phrase>>,
    terms: BTreeMap<String, Vec<(String, Vec<Phrase>)>>,
}

impl Terms {
    fn compile(file: LanguageFile) -> Terms {
        let units = file
            .units
            .iter()
            .flat_map(|(unit, phrases)| phrases.iter().map(|p| (unit.clone(), Phrase::new(p))))
            .collect();
        let cues = file
            .cues
            .iter()
            .map(|(k, v)| (k.clone(), phrases(v)))
            .collect();
        let terms = file
            .terms
            .iter()
            .map(|(kind, values)| {
                let values = values
                    .iter()
                    .map(|(v, p)| (v.clone(), phrases(p)))
                    .collect();
                (kind.clone(), values)
            })
            .collect();
        Terms {
            negations: phrases(&file.negations),
            negation_exceptions: phrases(&file.negation_exceptions),
            conditionals: phrases(&file.conditionals),
            units,
            cues,
            terms,
            file,
        }
    }

    /// The phrases of a cue list; an unknown name is a programming error
    /// caught by the tests (every file has every cue).
    pub fn cue(&self, name: &str) -> &[Phrase] {
        self.cues.get(name).map_or(&[], Vec::as_slice)
    }

    /// A term table: each value with its phrases.
    pub fn terms(&self, kind: &str) -> &[(String, Vec<Phrase>)] {
        self.terms.get(kind).map_or(&[], Vec::as_slice)
    }

    pub fn number(&self, word: &str) -> Option<u32> {
        self.file.numbers.get(word).copied()
    }
}

#[derive(Debug)]
pub struct Common {
    pub file: CommonFile,
    pub org_number_cues: Vec<Phrase>,
    pub phone_cues: Vec<Phrase>,
    pub laws: Vec<(String, Vec<Phrase>)>,
    pub countries: Vec<(String, Vec<Phrase>)>,
    pub authorities: Vec<(String, Vec<Phrase>, Vec<Phrase>)>,
}

impl Common {
    fn compile(file: CommonFile) -> Common {
        Common {
            org_number_cues: phrases(&file.org_number_cues),
            phone_cues: phrases(&file.phone_cues),
            laws: by_country(&file.laws),
            countries: by_country(&file.countries),
            authorities: file
                .authority
                .iter()
                .map(|a| (a.code.clone(), phrases(&a.names), phrases(&a.needs)))
                .collect(),
            file,
        }
    }
}

fn by_country(table: &BTreeMap<String, Vec<String>>) -> Vec<(String, Vec<Phrase>)> {
    table.iter().map(|(c, p)| (c.clone(), phrases(p))).collect()
}

fn phrases(list: &[String]) -> Vec<Phrase> {
    list.iter().map(|p| Phrase::new(p)).collect()
}

/// One word of a phrase: the word, or a beginning (`*`).
#[derive(Debug, Clone, PartialEq, Eq)]
enum Word {
    Exact(String),
    Prefix(String),
}

/// Words in order, matched against a sentence's words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Phrase {
    words: Vec<Word>,
}

impl Phrase {
    pub fn new(text: &str) -> Phrase {
        let words = words(text)
            .into_iter()
            .map(|w| match w.text.strip_suffix('*') {
                Some(stem) => Word::Prefix(stem.to_string()),
                None => Word::Exact(w.text),
            })
            .collect();
        Phrase { words }
    }

    pub fn len(&self) -> usize {
        self.words.len()
    }

    pub fn is_empty(&self) -> bool {
        self.words.is_empty()
    }

    /// Whether the phrase starts at word `at` of `sentence`.
    pub fn matches_at(&self, sentence: &[Token], at: usize) -> bool {
        !self.words.is_empty()
            && at + self.words.len() <= sentence.len()
            && self
                .words
                .iter()
                .zip(&sentence[at..])
                .all(|(w, t)| match w {
                    Word::Exact(e) => *e == t.text,
                    Word::Prefix(p) => t.text.starts_with(p.as_str()),
                })
    }

    /// Every word index where the phrase starts.
    pub fn find_all<'a>(&'a self, sentence: &'a [Token]) -> impl Iterator<Item = usize> + 'a {
        (0..sentence.len()).filter(move |&i| self.matches_at(sentence, i))
    }

    pub fn find(&self, sentence: &[Token]) -> Option<usize> {
        self.find_all(sentence).next()
    }
}

/// A word of a sentence: lower case, and where it stands (bytes) in the text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    pub text: String,
    pub start: usize,
    pub end: usize,
}

/// The words of `text`: runs of letters and digits (a `*` kept at a word's
/// end, for phrases), lower case.
pub fn words(text: &str) -> Vec<Token> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in text.char_indices() {
        let part = c.is_alphanumeric() || (c == '*' && start.is_some());
        match (part, start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                out.push(token(text, s, i));
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        out.push(token(text, s, text.len()));
    }
    out
}

fn token(text: &str, start: usize, end: usize) -> Token {
    Token {
        text: text[start..end].to_lowercase(),
        start,
        end,
    }
}

/// The first of `phrases` found in `sentence`: its index in the list and word position.
pub fn first_match(phrases: &[Phrase], sentence: &[Token]) -> Option<(usize, usize)> {
    phrases
        .iter()
        .enumerate()
        .filter_map(|(i, p)| p.find(sentence).map(|at| (at, i)))
        .min()
        .map(|(at, i)| (i, at))
}

pub fn any_match(phrases: &[Phrase], sentence: &[Token]) -> bool {
    phrases.iter().any(|p| p.find(sentence).is_some())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_language_file_reads_and_has_every_table() {
        for lang in [Lang::En, Lang::Nb, Lang::Sv] {
            let t = language(lang);
            assert_eq!(t.file.code, lang.code());
            for cue in CUES {
                assert!(!t.cue(cue).is_empty(), "{}: cue {cue} missing", lang.code());
            }
            for kind in TERMS {
                assert!(
                    !t.terms(kind).is_empty(),
                    "{}: terms.{kind} missing",
                    lang.code()
                );
            }
            for unit in ["day", "week", "month", "year"] {
                assert!(
                    t.file.units.contains_key(unit),
                    "{}: unit {unit}",
                    lang.code()
                );
            }
            let known: Vec<&str> = CUES.to_vec();
            for cue in t.file.cues.keys() {
                assert!(
                    known.contains(&cue.as_str()),
                    "{}: unknown cue {cue}",
                    lang.code()
                );
            }
            for kind in t.file.terms.keys() {
                assert!(
                    TERMS.contains(&kind.as_str()),
                    "{}: unknown terms.{kind}",
                    lang.code()
                );
            }
        }
    }

    #[test]
    fn the_term_values_are_the_same_in_every_language_where_they_must_be() {
        // Lawful bases and rights are codes the register knows: the same set everywhere.
        for kind in ["lawful_basis", "right", "transfer_tool", "retention_event"] {
            let values = |lang| -> Vec<String> {
                language(lang)
                    .terms(kind)
                    .iter()
                    .map(|(v, _)| v.clone())
                    .collect()
            };
            assert_eq!(values(Lang::En), values(Lang::Nb), "{kind}");
            assert_eq!(values(Lang::En), values(Lang::Sv), "{kind}");
        }
    }

    #[test]
    fn the_common_file_reads() {
        let c = common();
        assert!(c.file.legal_forms.contains(&"AS".to_string()));
        assert!(c.file.authority.iter().any(|a| a.code == "SE"));
    }

    #[test]
    fn phrases_match_words_in_order_and_stems() {
        let s = words("Our subcontractors process data on our behalf.");
        assert_eq!(Phrase::new("subcontract*").find(&s), Some(1));
        assert_eq!(Phrase::new("on our behalf").find(&s), Some(4));
        assert_eq!(Phrase::new("our behalf on").find(&s), None);
        let hyphen = words("E-mail: a@b.no");
        assert_eq!(Phrase::new("e mail").find(&hyphen), Some(0));
        assert_eq!(Phrase::new("e-mail").find(&hyphen), Some(0));
    }

    #[test]
    fn words_keep_nordic_letters_and_their_place() {
        let w = words("Sju år, två månader");
        let texts: Vec<_> = w.iter().map(|t| t.text.as_str()).collect();
        assert_eq!(texts, ["sju", "år", "två", "månader"]);
        assert_eq!(&"Sju år, två månader"[w[1].start..w[1].end], "år");
    }
}
