//! `dpo draft` measured: each policy of `tests/draft-corpus/` (and the three
//! of `../shared/seeds/` when that folder is present) drafted, its
//! suggestions compared with the facts a DPO took from it by hand. Recall
//! and precision per kind may not drop below `floors.json`; nothing listed
//! as absent may be proposed. `DPO_WRITE_DOCS=1 cargo test --test
//! draft_corpus` writes the floors and the table in docs/draft.md.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use dpo_workbench::domain::draft::{draft, Suggestion, SuggestionKind};
use serde::Deserialize;

const CORPUS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/draft-corpus");
const SEEDS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/seeds");
const FLOORS: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/draft-corpus/floors.json"
);
const DOC: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/docs/draft.md");

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Expected {
    language: String,
    /// For a seed policy: its file in ../shared/seeds.
    source: Option<String>,
    fact: Vec<Fact>,
    #[serde(default)]
    absent: Vec<Fact>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Fact {
    kind: String,
    value: String,
    line: Option<usize>,
}

/// Kinds whose values are the register's own words: a suggestion is right
/// only with the very value ("name" is not "company name").
const EXACT: &[&str] = &[
    "jurisdiction",
    "role",
    "transfer",
    "subject_category",
    "data_category",
    "special_category",
    "answer_time",
    "right",
    "cookies",
];

/// A suggestion says a fact: the same kind, and the fact's value exactly
/// (the register's words) or within the suggestion's (a name, a number, a
/// clause, "Art. 6(1)(f)" in "Art. 6(1)(f) legitimate interests").
fn matches(s: &Suggestion, f: &Fact) -> bool {
    let (value, fact) = (s.value.to_lowercase(), f.value.to_lowercase());
    s.kind.code() == f.kind
        && if EXACT.contains(&f.kind.as_str()) {
            value == fact
        } else {
            value.contains(&fact)
        }
}

/// A suggestion that an absent entry rules out: its value starts with the
/// entry's ("Microsoft" rules out "Microsoft 365"; "" every value of the kind).
fn absent_matches(s: &Suggestion, a: &Fact) -> bool {
    s.kind.code() == a.kind && s.value.to_lowercase().starts_with(&a.value.to_lowercase())
}

/// One policy's counts for one kind.
#[derive(Debug, Default, Clone, Copy, PartialEq)]
struct Counts {
    facts: usize,
    found: usize,
    suggested: usize,
    right: usize,
    on_line: usize,
}

impl Counts {
    fn add(&mut self, o: Counts) {
        self.facts += o.facts;
        self.found += o.found;
        self.suggested += o.suggested;
        self.right += o.right;
        self.on_line += o.on_line;
    }
    fn recall(&self) -> f64 {
        ratio(self.found, self.facts)
    }
    fn precision(&self) -> f64 {
        ratio(self.right, self.suggested)
    }
    fn on_line(&self) -> f64 {
        ratio(self.on_line, self.found)
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 {
        1.0
    } else {
        a as f64 / b as f64
    }
}

/// Every expectation file with its policy; seeds whose folder is missing are skipped, said.
fn policies() -> Vec<(String, PathBuf, Expected)> {
    let mut out = Vec::new();
    for dir in [PathBuf::from(CORPUS), Path::new(CORPUS).join("seeds")] {
        let mut entries: Vec<PathBuf> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.to_string_lossy().ends_with(".expected.toml"))
            .collect();
        entries.sort();
        for path in entries {
            let expected: Expected = toml::from_str(&std::fs::read_to_string(&path).unwrap())
                .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            let name = path
                .file_name()
                .unwrap()
                .to_string_lossy()
                .trim_end_matches(".expected.toml")
                .to_string();
            let policy = match &expected.source {
                Some(source) => Path::new(SEEDS).join(source),
                None => ["html", "md", "txt"]
                    .iter()
                    .map(|ext| dir.join(format!("{name}.{ext}")))
                    .find(|p| p.exists())
                    .unwrap_or_else(|| panic!("no policy beside {}", path.display())),
            };
            if !policy.exists() {
                eprintln!("skipped {name}: {} is not here", policy.display());
                continue;
            }
            out.push((name, policy, expected));
        }
    }
    out
}

fn measure(suggestions: &[Suggestion], expected: &Expected) -> BTreeMap<&'static str, Counts> {
    let mut by_kind: BTreeMap<&'static str, Counts> = BTreeMap::new();
    for kind in SuggestionKind::ALL {
        let facts: Vec<&Fact> = expected
            .fact
            .iter()
            .filter(|f| f.kind == kind.code())
            .collect();
        let said: Vec<&Suggestion> = suggestions.iter().filter(|s| s.kind == *kind).collect();
        let found: Vec<&Fact> = facts
            .iter()
            .copied()
            .filter(|f| said.iter().any(|s| matches(s, f)))
            .collect();
        let on_line = found
            .iter()
            .filter(|f| {
                said.iter()
                    .any(|s| matches(s, f) && f.line.is_none_or(|l| l == s.line))
            })
            .count();
        let counts = Counts {
            facts: facts.len(),
            found: found.len(),
            suggested: said.len(),
            right: said
                .iter()
                .filter(|s| facts.iter().any(|f| matches(s, f)))
                .count(),
            on_line,
        };
        if counts.facts + counts.suggested > 0 {
            by_kind.insert(kind.code(), counts);
        }
    }
    by_kind
}

/// Recall, precision and the share of found facts quoted from their line.
type Floors = BTreeMap<String, BTreeMap<String, [f64; 3]>>;

/// Rounded down to a hundredth, so a floor written is always met by the run that wrote it.
fn floor(x: f64) -> f64 {
    (x * 100.0).floor() / 100.0
}

#[test]
fn drafts_keep_their_recall_and_precision_and_never_propose_what_is_absent() {
    let mut all: BTreeMap<&'static str, Counts> = BTreeMap::new();
    let mut floors: Floors = BTreeMap::new();
    let mut problems = Vec::new();
    let mut per_policy = Vec::new();
    let known: Floors = std::fs::read_to_string(FLOORS)
        .map_or_else(|_| BTreeMap::new(), |t| serde_json::from_str(&t).unwrap());
    for (name, path, expected) in policies() {
        let text = std::fs::read_to_string(&path).unwrap();
        let drafted = draft(&text, None);
        if drafted.language != expected.language {
            problems.push(format!(
                "{name}: read as {}, written in {}",
                drafted.language, expected.language
            ));
        }
        for a in &expected.absent {
            for s in drafted.suggestions.iter().filter(|s| absent_matches(s, a)) {
                problems.push(format!(
                    "{name}: proposes {} '{}' (line {}), which the text does not say",
                    a.kind, s.value, s.line
                ));
            }
        }
        for f in &expected.fact {
            assert!(
                SuggestionKind::parse(&f.kind).is_some(),
                "{name}: unknown kind {}",
                f.kind
            );
        }
        if std::env::var_os("DPO_DRAFT_MISSES").is_some() {
            show_misses(&name, &drafted.suggestions, &expected);
        }
        let measured = measure(&drafted.suggestions, &expected);
        let mut total = Counts::default();
        for (kind, counts) in &measured {
            all.entry(kind).or_default().add(*counts);
            total.add(*counts);
            let figures = [
                floor(counts.recall()),
                floor(counts.precision()),
                floor(counts.on_line()),
            ];
            match known.get(&name).and_then(|k| k.get(*kind)) {
                Some(was) if figures.iter().zip(was).any(|(now, was)| now < was) => {
                    problems.push(format!(
                        "{name}, {kind}: recall {:.2} precision {:.2} on its line {:.2}, down from {:.2} {:.2} {:.2}",
                        figures[0], figures[1], figures[2], was[0], was[1], was[2]
                    ));
                }
                None if std::env::var_os("DPO_WRITE_DOCS").is_none() => {
                    problems.push(format!(
                        "{name}, {kind}: no floor kept: run DPO_WRITE_DOCS=1 cargo test --test draft_corpus"
                    ));
                }
                _ => {}
            }
            floors
                .entry(name.clone())
                .or_default()
                .insert(kind.to_string(), figures);
        }
        per_policy.push((name, expected.language.clone(), total));
    }
    if std::env::var_os("DPO_WRITE_DOCS").is_some() {
        // Recall, precision and quotes on the fact's line per policy and kind that a change may not lower.
        std::fs::write(
            FLOORS,
            serde_json::to_string_pretty(&floors).unwrap() + "\n",
        )
        .unwrap();
        write_table(&all, &per_policy);
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

fn write_table(all: &BTreeMap<&'static str, Counts>, per_policy: &[(String, String, Counts)]) {
    let mut t = String::from("| Kind | Facts | Found | Recall | Suggested | Right | Precision | On the fact's line |\n|---|---:|---:|---:|---:|---:|---:|---:|\n");
    let mut total = Counts::default();
    for kind in SuggestionKind::ALL {
        let Some(c) = all.get(kind.code()) else {
            continue;
        };
        total.add(*c);
        t.push_str(&row(&format!("`{}`", kind.code()), c));
    }
    t.push_str(&row("**all**", &total));
    t.push_str("\n| Policy | Language | Facts | Recall | Suggestions | Precision |\n|---|---|---:|---:|---:|---:|\n");
    for (name, lang, c) in per_policy {
        t.push_str(&format!(
            "| {name} | {lang} | {} | {:.0} % | {} | {:.0} % |\n",
            c.facts,
            c.recall() * 100.0,
            c.suggested,
            c.precision() * 100.0
        ));
    }
    let doc = std::fs::read_to_string(DOC).unwrap();
    let begin = "<!-- measures:begin (DPO_WRITE_DOCS=1 cargo test --test draft_corpus) -->\n";
    let end = "<!-- measures:end -->";
    let start = doc.find(begin).expect("begin marker") + begin.len();
    let stop = doc.find(end).expect("end marker");
    std::fs::write(DOC, format!("{}{}{}", &doc[..start], t, &doc[stop..])).unwrap();
}

fn row(name: &str, c: &Counts) -> String {
    format!(
        "| {name} | {} | {} | {:.0} % | {} | {} | {:.0} % | {} of {} |\n",
        c.facts,
        c.found,
        c.recall() * 100.0,
        c.suggested,
        c.right,
        c.precision() * 100.0,
        c.on_line,
        c.found
    )
}

/// With `DPO_DRAFT_MISSES=1`: the facts not found and the suggestions that
/// match no fact, to see what a change of the word lists does.
fn show_misses(name: &str, suggestions: &[Suggestion], expected: &Expected) {
    for f in &expected.fact {
        if !suggestions.iter().any(|s| matches(s, f)) {
            eprintln!(
                "{name}: missed {} '{}' (line {:?})",
                f.kind, f.value, f.line
            );
        }
    }
    for s in suggestions {
        if !expected.fact.iter().any(|f| matches(s, f)) {
            eprintln!(
                "{name}: unexpected {} '{}' (line {})",
                s.kind.code(),
                s.value,
                s.line
            );
        }
    }
}
