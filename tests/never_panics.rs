//! A short property-based run over every parser of user input and the CSV
//! import: thousands of random and mutated inputs, none may panic. The long
//! run is the cargo-fuzz targets in `fuzz/` (docs/security.md).

use std::panic::{catch_unwind, AssertUnwindSafe};

use dpo_workbench::domain::activity::parse_retention;
use dpo_workbench::domain::activity_form::{parse_basis_lines, parse_category_lines};
use dpo_workbench::domain::breach_clock::{parse_instant, parse_zone};
use dpo_workbench::domain::country::normalise_code;
use dpo_workbench::domain::dpa::parse_clause_notes;
use dpo_workbench::domain::org_number::check_org_number;
use dpo_workbench::domain::request::{parse_closure_days, parse_iso_date};
use dpo_workbench::exchange::profile::{neutralise, parse_delimiter, restore};
use dpo_workbench::platform::clock::Clock;

// The synthetic registers' xorshift64*: a failure can be replayed from its seed.
use dpo_workbench::exchange::synthetic::Rng;

/// The clock of the registers these tests open: a moment of their own, so
/// nothing they check depends on the day they run.
fn clock() -> Clock {
    Clock::fixed("2026-11-23T10:00:00Z".parse().unwrap())
}

const SEEDS: &[&str] = &[
    "2026-02-28",
    "2026-10-23T10:00",
    "2026-03-29 02:30:00+02:00",
    "5 years after end of financial year",
    "until the account is closed",
    "12 months",
    "Sick-leave notes; art9 health; keep 2 years after end of employment",
    "Newsletter; art6 a; consent double opt-in, unsubscribe link in every mail",
    "28_3_a: in section 4\n28_4: flow-down in annex 2",
    "924 681 357",
    "2026-12-24, 2026-12-31",
    "tab",
    ";",
    "NO",
    "=HYPERLINK(\"http://x\")",
    "'-2+3",
];

const ALPHABET: &[&str] = &[
    "0", "1", "9", "-", ":", "T", "Z", "+", " ", ";", ",", "\n", "\r", "\t", "'", "\"", "=", "@",
    "æ", "ø", "å", "é", "日", "🦀", "\u{0}", "\u{202e}", "years", "after", "until", "art9", "art6",
    "keep", "why", "consent", "..", "9999", "2026", "-0", "\u{1f}",
];

fn random_input(rng: &mut Rng) -> String {
    let mut text = if rng.index(3) == 0 {
        String::new()
    } else {
        SEEDS[rng.index(SEEDS.len())].to_string()
    };
    for _ in 0..rng.index(8) {
        let piece = ALPHABET[rng.index(ALPHABET.len())];
        match rng.index(3) {
            0 => text.push_str(piece),
            1 if !text.is_empty() => {
                let mut at = rng.index(text.len() + 1);
                while !text.is_char_boundary(at) {
                    at -= 1;
                }
                text.insert_str(at, piece);
            }
            _ => {
                // Cut at a random place, as a half-typed field is.
                let mut at = rng.index(text.len() + 1);
                while !text.is_char_boundary(at) {
                    at -= 1;
                }
                text.truncate(at);
            }
        }
    }
    text
}

#[test]
fn no_parser_panics_on_any_input() {
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    for round in 0..20_000 {
        let input = random_input(&mut rng);
        let result = catch_unwind(AssertUnwindSafe(|| {
            let _ = parse_iso_date(&input);
            for zone in [
                chrono_tz::Europe::Oslo,
                chrono_tz::UTC,
                chrono_tz::America::St_Johns,
            ] {
                let _ = parse_instant(&input, &zone);
            }
            let _ = parse_zone(&input);
            let _ = parse_retention(&input);
            let _ = parse_category_lines(&input);
            let _ = parse_basis_lines(&input);
            let _ = parse_clause_notes(&input);
            let _ = parse_closure_days(&input, None);
            let _ = parse_delimiter(&input);
            let _ = normalise_code(&input);
            for country in ["NO", "SE", "DK", "FI", "DE"] {
                let _ = check_org_number(country, &input);
            }
            // Neutralising is undone exactly by restoring.
            assert_eq!(restore(&neutralise(&input)), input);
        }));
        assert!(result.is_ok(), "round {round} panicked on {input:?}");
    }
}

#[test]
fn no_csv_file_panics_the_import_or_changes_the_register_when_rejected() {
    use dpo_workbench::exchange::demo::{demo_organisation, load_demo};
    use dpo_workbench::exchange::import::{import_table, ImportOptions};
    use dpo_workbench::exchange::progress::Progress;
    use dpo_workbench::exchange::tables::Table;
    use dpo_workbench::store::Register;
    let dir = tempfile::tempdir().unwrap();
    let mut register = Register::create(
        &dir.path().join("demo.dpo"),
        &demo_organisation(clock().now()).unwrap(),
        clock(),
        |r| load_demo(r, clock().now()).map(|_| ()),
    )
    .map_err(|e: dpo_workbench::exchange::ExchangeError| e.to_string())
    .unwrap();
    let before = register.journal_head().unwrap();
    let headers = [
        "name,org_number,country,role,address,contact_email,service,parent_id,status,notes",
        "reference,subject_ref,right,received_on,received_at,channel,representative,identity,identity_requested_on,identity_verified_on,status,extension_reason,extension_notice_sent_on,closed_on,refusal_reason,informed_of_remedies,notes",
        "activity_id,category,special,criminal,retention",
    ];
    let tables = [
        Table::Processors,
        Table::Requests,
        Table::ActivityDataCategories,
    ];
    let mut rng = Rng(42);
    let path = dir.path().join("in.csv");
    for round in 0..300 {
        let t = rng.index(3);
        let mut text = headers[t].to_string();
        for _ in 0..rng.index(5) {
            text.push('\n');
            let cells: Vec<String> = (0..rng.index(20)).map(|_| random_input(&mut rng)).collect();
            text.push_str(&cells.join(if rng.index(4) == 0 { ";" } else { "," }));
        }
        let mut bytes = text.into_bytes();
        if rng.index(10) == 0 && !bytes.is_empty() {
            let at = rng.index(bytes.len());
            bytes[at] = 0xff; // not UTF-8
        }
        std::fs::write(&path, &bytes).unwrap();
        let options = ImportOptions {
            dry_run: true,
            delimiter: None,
        };
        let result = catch_unwind(AssertUnwindSafe(|| {
            import_table(
                &mut register,
                tables[t],
                &path,
                options,
                &Progress::default(),
            )
        }));
        assert!(
            result.is_ok(),
            "round {round} panicked on {:?}",
            String::from_utf8_lossy(&bytes)
        );
    }
    assert_eq!(
        register.journal_head().unwrap(),
        before,
        "dry runs write nothing"
    );
}

/// Pieces a policy's text may hold that its reader handles with care.
const POLICY_PIECES: &[&str] = &[
    "<",
    ">",
    "</",
    "<p>",
    "</p>",
    "<li>",
    "<!--",
    "-->",
    "<script>",
    "</style",
    "&",
    "&#x",
    "&#229;",
    "&nbsp;",
    "org.nr.",
    " 923 609 016",
    "@",
    "a@b.",
    "+47 ",
    "7 years",
    "sju år",
    "2-3",
    "Article 6(1)(",
    "art. 9",
    "æ",
    "ø",
    "日",
    "🦀",
    "\u{202e}",
    "\u{0}",
    "\r\n",
    "\n",
    "•",
    "# ",
    "|",
    "](",
    "[",
    ":",
    ". ",
    "gate 3",
    ", 0191 Oslo",
    "AS",
    "Datatilsynet",
    "not",
    "If ",
    "ẞ",
    "İ",
    "monday.com",
    "Monday.com",
    "\u{1b}[31m",
];

#[test]
fn no_policy_panics_the_draft_or_its_plan() {
    use dpo_workbench::domain::draft::{draft, plan::plan};
    use dpo_workbench::domain::organisation::Organisation;
    let corpus = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/draft-corpus");
    let policies: Vec<String> = [
        "en-skyline.html",
        "nb-fjordhjelp.md",
        "sv-norrsken.txt",
        "nn-lia.txt",
    ]
    .iter()
    .map(|f| std::fs::read_to_string(format!("{corpus}/{f}")).unwrap())
    .collect();
    let mut rng = Rng(0xD2AF_7B0C);
    for round in 0..400 {
        let mut text = policies[rng.index(policies.len())].clone();
        for _ in 0..rng.index(40) {
            let mut at = rng.index(text.len() + 1);
            while !text.is_char_boundary(at) {
                at -= 1;
            }
            if rng.index(4) == 0 {
                text.truncate(at);
            } else {
                text.insert_str(at, POLICY_PIECES[rng.index(POLICY_PIECES.len())]);
            }
        }
        let result = catch_unwind(AssertUnwindSafe(|| {
            let drafted = draft(&text, None);
            let _ = plan(&drafted.suggestions, &Organisation::default());
        }));
        assert!(result.is_ok(), "round {round} panicked on {text:?}");
    }
}
