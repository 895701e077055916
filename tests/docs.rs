//! The documentation that users and auditors rely on stays in step with the code.

use dpo_workbench::domain::findings::codes_markdown;
use dpo_workbench::exchange::tables::columns_markdown;

const BEGIN: &str = "<!-- columns:begin (generated from src/exchange/columns.rs) -->\n";
const END: &str = "<!-- columns:end -->";

/// Keeps the section of `path` between `begin` and `end` equal to
/// `expected`; with `DPO_WRITE_DOCS=1` writes it instead.
fn generated_section(path: &str, begin: &str, end: &str, expected: &str) {
    let doc = std::fs::read_to_string(path).expect("the documentation file");
    let start = doc.find(begin).expect("begin marker") + begin.len();
    let stop = doc.find(end).expect("end marker");
    if std::env::var_os("DPO_WRITE_DOCS").is_some() {
        std::fs::write(
            path,
            format!("{}{}{}", &doc[..start], expected, &doc[stop..]),
        )
        .unwrap();
        return;
    }
    assert_eq!(
        doc[start..stop],
        *expected,
        "{path} is out of date: run DPO_WRITE_DOCS=1 cargo test --test docs"
    );
}

const CSV_FORMAT: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/docs/csv-format.md");

/// `docs/csv-format.md` lists exactly the exported columns. Run with
/// `DPO_WRITE_DOCS=1 cargo test --test docs` to regenerate the section.
#[test]
fn csv_format_doc_matches_the_declared_columns() {
    generated_section(CSV_FORMAT, BEGIN, END, &columns_markdown());
}

/// `docs/csv-format.md` lists the workbook's sheets and columns as written.
#[test]
fn the_workbook_doc_matches_the_sheets() {
    generated_section(
        CSV_FORMAT,
        "<!-- sheets:begin (generated from src/exchange/workbook/mod.rs) -->\n",
        "<!-- sheets:end -->",
        &dpo_workbench::exchange::workbook::sheets_markdown(),
    );
}

/// Every subcommand the binary offers is documented in the README with an example.
#[test]
fn readme_shows_every_subcommand() {
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    for sub in [
        "dpo init",
        "dpo info",
        "dpo export",
        "dpo import",
        "dpo deadline",
        "dpo check",
        "dpo portfolio",
        "dpo log",
        "dpo verify",
        "dpo bundle",
        "dpo keygen",
        "dpo passwd",
        "dpo catalogue",
        "dpo letter",
        "dpo draft",
        "dpo completions",
        "dpo man",
    ] {
        assert!(readme.contains(sub), "README lacks an example of `{sub}`");
    }
    let first_commands: Vec<&str> = readme
        .lines()
        .filter(|l| l.starts_with("cargo "))
        .take(2)
        .collect();
    assert_eq!(
        first_commands,
        ["cargo run --release", "cargo test"],
        "README opens with the two commands"
    );
    let ci = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/.ci/run")).unwrap();
    assert!(
        ci.lines().any(|l| l.trim() == "cargo test"),
        ".ci/run runs the README's test command"
    );
}

/// `docs/check.md` lists exactly the finding codes `dpo check` can report.
#[test]
fn check_doc_lists_every_finding_code() {
    generated_section(
        concat!(env!("CARGO_MANIFEST_DIR"), "/docs/check.md"),
        "<!-- codes:begin (generated from src/domain/findings.rs) -->\n",
        "<!-- codes:end -->",
        &codes_markdown(),
    );
}

/// The README shows a command for every kind of letter.
#[test]
fn readme_shows_every_kind_of_letter() {
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    for kind in dpo_workbench::domain::letter::LetterKind::ALL {
        let example = format!("--kind {}", kind.code());
        assert!(readme.contains(&example), "README lacks `{example}`");
    }
}

/// `docs/letters.md` shows each kind of letter as the demo register drafts it.
#[test]
fn the_letters_doc_shows_an_example_of_each_kind() {
    use dpo_workbench::domain::letter::{Lang, LetterFormat, LetterKind};
    use dpo_workbench::exchange::letters::{self, LetterOrder, LetterTarget};
    use dpo_workbench::platform::clock::Clock;
    use dpo_workbench::store::Register;
    let now: chrono::DateTime<chrono::Utc> = "2026-11-23T10:00:00Z".parse().unwrap();
    let clock = Clock::fixed(now);
    let dir = tempfile::tempdir().unwrap();
    let register = Register::create(
        &dir.path().join("demo.dpo"),
        &dpo_workbench::exchange::demo::demo_organisation(now).unwrap(),
        clock,
        |r| dpo_workbench::exchange::demo::load_demo(r, now).map(|_| ()),
    )
    .map_err(|e: dpo_workbench::exchange::ExchangeError| e.to_string())
    .unwrap();
    let request = |r: &str| LetterTarget::Request(r.to_string());
    let examples = [
        (
            LetterKind::Acknowledgement,
            Lang::En,
            request("DSR-2026-0002"),
        ),
        (LetterKind::Identity, Lang::En, request("DSR-2026-0002")),
        (LetterKind::Extension, Lang::Sv, request("DSR-2026-0002")),
        (LetterKind::Refusal, Lang::Nb, request("DSR-2026-0002")),
        (LetterKind::Answer, Lang::En, request("DSR-2026-0001")),
        (LetterKind::Authority, Lang::Nb, LetterTarget::Breach(4)),
        (LetterKind::Subjects, Lang::En, LetterTarget::Breach(4)),
        (LetterKind::Controller, Lang::En, LetterTarget::Breach(5)),
    ];
    let mut markdown = String::new();
    for (kind, lang, target) in examples {
        let order = LetterOrder {
            kind,
            lang,
            format: LetterFormat::Text,
            subjects: vec!["business customers".into()],
            reason: None,
        };
        let about = letters::find(&register, &target).unwrap();
        let letter = letters::draft(&register, about, &order, now, None).unwrap();
        markdown.push_str(&format!(
            "<details><summary>{} ({}): <code>{}</code></summary>\n\n```text\n{}```\n\n</details>\n\n",
            kind.label(),
            lang.label(),
            letter.file_name,
            letter.text
        ));
    }
    generated_section(
        concat!(env!("CARGO_MANIFEST_DIR"), "/docs/letters.md"),
        "<!-- examples:begin (generated by tests/docs.rs from the demo register) -->\n",
        "<!-- examples:end -->",
        &markdown,
    );
}

/// `docs/keys.md` names every command as `config.toml` takes it, with its keys.
#[test]
fn the_keys_doc_lists_every_command_by_its_name() {
    generated_section(
        concat!(env!("CARGO_MANIFEST_DIR"), "/docs/keys.md"),
        "<!-- keys:begin (generated from src/tui/keymap) -->\n",
        "<!-- keys:end -->",
        &dpo_workbench::tui::keymap::keys_markdown(),
    );
}
