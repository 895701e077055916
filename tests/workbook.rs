//! The auditor's workbook read back as a spreadsheet program reads it:
//! its sheets, typed cells, times in the register's zone, no formulas and
//! no apostrophes.

mod common;

use calamine::{open_workbook_auto, Data, Reader};
use common::{dpo_with, said};

fn demo_workbook(dir: &std::path::Path) -> std::path::PathBuf {
    let init = dpo_with(dir, &[], &["init", "demo.dpo", "--demo"]);
    assert!(init.status.success(), "{}", said(&init));
    let out = dpo_with(
        dir,
        &[],
        &[
            "export",
            "demo.dpo",
            "--all",
            "--format",
            "xlsx",
            "-o",
            "audit.xlsx",
        ],
    );
    assert!(out.status.success(), "{}", said(&out));
    assert!(
        said(&out).contains("Wrote audit.xlsx (14 sheets"),
        "{}",
        said(&out)
    );
    dir.join("audit.xlsx")
}

/// The column of `sheet` whose header is `label`.
fn column(range: &calamine::Range<Data>, label: &str) -> usize {
    let header: Vec<String> = range
        .rows()
        .next()
        .unwrap()
        .iter()
        .map(|c| c.to_string())
        .collect();
    header
        .iter()
        .position(|h| h == label)
        .unwrap_or_else(|| panic!("no column {label} in {header:?}"))
}

#[test]
fn the_workbook_has_a_sheet_per_register_with_typed_cells_and_no_formulas() {
    let dir = tempfile::tempdir().unwrap();
    let path = demo_workbook(dir.path());
    let mut book = open_workbook_auto(&path).unwrap();
    assert_eq!(
        book.sheet_names(),
        [
            "About",
            "Organisation",
            "Processors",
            "Agreements",
            "Transfers",
            "Records of processing",
            "Art. 30(2) records",
            "Requests",
            "Breaches",
            "Notifications",
            "Change notices",
            "Codes",
            "Databehandlere",
            "Avvik"
        ]
    );
    for name in book.sheet_names() {
        let range = book.worksheet_range(&name).unwrap();
        for cell in range.used_cells() {
            if let Data::String(text) = cell.2 {
                assert!(
                    !text.starts_with('\''),
                    "{name} {:?}: {text}",
                    (cell.0, cell.1)
                );
            }
        }
        let formulas = book.worksheet_formula(&name).unwrap();
        assert!(
            formulas.used_cells().all(|(_, _, f)| f.is_empty()),
            "{name} holds a formula"
        );
    }

    let org = book.worksheet_range("Organisation").unwrap();
    let number = org
        .rows()
        .find(|r| matches!(&r[0], Data::String(s) if s == "Org. number"))
        .unwrap();
    assert_eq!(
        number[1],
        Data::String("924 681 357".into()),
        "text stays text"
    );

    let requests = book.worksheet_range("Requests").unwrap();
    let received = column(&requests, "Received on");
    let first = requests.rows().nth(1).unwrap();
    assert!(
        matches!(first[received], Data::DateTime(_)),
        "{:?}",
        first[received]
    );
    assert!(matches!(
        first[column(&requests, "Id")],
        Data::Float(_) | Data::Int(_)
    ));
    assert_eq!(
        first[column(&requests, "Right")],
        Data::String("Access (Art. 15)".into())
    );

    // Flags read Yes and No on every sheet, the agreement in force too.
    let agreements = book.worksheet_range("Agreements").unwrap();
    let current = column(&agreements, "Current");
    let flags: Vec<&Data> = agreements.rows().skip(1).map(|r| &r[current]).collect();
    assert!(
        flags
            .iter()
            .all(|f| matches!(f, Data::String(s) if s == "Yes" || s == "No")),
        "{flags:?}"
    );
}

#[test]
fn breach_times_are_in_the_registers_zone_with_utc_beside_them() {
    let dir = tempfile::tempdir().unwrap();
    let path = demo_workbook(dir.path());
    let mut book = open_workbook_auto(&path).unwrap();
    let breaches = book.worksheet_range("Breaches").unwrap();
    let local = column(&breaches, "Aware since (Europe/Oslo)");
    let utc = column(&breaches, "Aware since (UTC)");
    let csv = dpo_with(
        dir.path(),
        &[],
        &["export", "demo.dpo", "--table", "breaches"],
    );
    let mut reader = csv::Reader::from_reader(&csv.stdout[..]);
    let header = reader.headers().unwrap().clone();
    let aware = header.iter().position(|h| h == "aware_at").unwrap();
    let first_csv = reader.records().next().unwrap().unwrap();
    let at: chrono::DateTime<chrono::Utc> = first_csv[aware].parse().unwrap();
    let row = breaches.rows().nth(1).unwrap();
    let as_time = |d: &Data| match d {
        Data::DateTime(t) => t.as_datetime().unwrap(),
        other => panic!("not a date-time: {other:?}"),
    };
    let oslo = at.with_timezone(&chrono_tz::Europe::Oslo).naive_local();
    let seconds = |t: chrono::NaiveDateTime| t.and_utc().timestamp();
    assert!((seconds(as_time(&row[local])) - seconds(oslo)).abs() <= 1);
    assert!((seconds(as_time(&row[utc])) - seconds(at.naive_utc())).abs() <= 1);
}

#[test]
fn one_table_as_a_workbook_and_a_table_without_a_sheet_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    demo_workbook(dir.path());
    let one = dpo_with(
        dir.path(),
        &[],
        &[
            "export",
            "demo.dpo",
            "--table",
            "processors",
            "--format",
            "xlsx",
            "-o",
            "p.xlsx",
        ],
    );
    assert!(one.status.success(), "{}", said(&one));
    let book = open_workbook_auto(dir.path().join("p.xlsx")).unwrap();
    assert_eq!(book.sheet_names(), ["About", "Processors"]);
    let no = dpo_with(
        dir.path(),
        &[],
        &[
            "export",
            "demo.dpo",
            "--table",
            "dpa_clauses",
            "--format",
            "xlsx",
            "-o",
            "c.xlsx",
        ],
    );
    assert_eq!(no.status.code(), Some(2), "{}", said(&no));
    assert!(
        said(&no).contains("no sheet of its own for 'dpa_clauses'"),
        "{}",
        said(&no)
    );
    assert!(!dir.path().join("c.xlsx").exists());
    let nowhere = dpo_with(
        dir.path(),
        &[],
        &[
            "export", "demo.dpo", "--table", "requests", "--format", "xlsx",
        ],
    );
    assert_eq!(nowhere.status.code(), Some(2));
    assert!(
        said(&nowhere).contains("-o NAME.xlsx"),
        "{}",
        said(&nowhere)
    );
    // A spreadsheet opens a file by its ending: a workbook is named .xlsx,
    // and CSV text is never written under that name.
    for (args, says) in [
        (
            &["--format", "xlsx", "-o", "r.csv"][..],
            "name it NAME.xlsx, not r.csv",
        ),
        (&["-o", "r.xlsx"][..], "add --format xlsx"),
    ] {
        let mut all = vec!["export", "demo.dpo", "--table", "requests"];
        all.extend(args);
        let o = dpo_with(dir.path(), &[], &all);
        assert_eq!(o.status.code(), Some(2), "{}", said(&o));
        assert!(said(&o).contains(says), "{}", said(&o));
    }
    assert!(!dir.path().join("r.csv").exists() && !dir.path().join("r.xlsx").exists());
}

#[test]
fn two_exports_never_mix_in_one_folder_or_file_without_force() {
    let dir = tempfile::tempdir().unwrap();
    demo_workbook(dir.path());
    let again = dpo_with(
        dir.path(),
        &[],
        &[
            "export",
            "demo.dpo",
            "--all",
            "--format",
            "xlsx",
            "-o",
            "audit.xlsx",
        ],
    );
    assert_eq!(again.status.code(), Some(2), "{}", said(&again));
    assert!(
        said(&again).contains("audit.xlsx exists already"),
        "{}",
        said(&again)
    );
    let first = dpo_with(
        dir.path(),
        &[],
        &["export", "demo.dpo", "--all", "-o", "out"],
    );
    assert!(first.status.success(), "{}", said(&first));
    let before = std::fs::read(dir.path().join("out/processors.csv")).unwrap();
    let mixed = dpo_with(
        dir.path(),
        &[],
        &[
            "export",
            "demo.dpo",
            "--all",
            "-o",
            "out",
            "--profile",
            "excel",
        ],
    );
    assert_eq!(mixed.status.code(), Some(2), "{}", said(&mixed));
    assert!(
        said(&mixed).contains("out is not empty"),
        "{}",
        said(&mixed)
    );
    assert_eq!(
        std::fs::read(dir.path().join("out/processors.csv")).unwrap(),
        before,
        "nothing replaced"
    );
    let forced = dpo_with(
        dir.path(),
        &[],
        &[
            "export",
            "demo.dpo",
            "--all",
            "-o",
            "out",
            "--profile",
            "excel",
            "--force",
        ],
    );
    assert!(forced.status.success(), "{}", said(&forced));
    assert_ne!(
        std::fs::read(dir.path().join("out/processors.csv")).unwrap(),
        before
    );
}

#[test]
fn the_records_of_processing_follow_the_authority_of_the_registers_jurisdiction() {
    let dir = tempfile::tempdir().unwrap();
    demo_workbook(dir.path());
    let mut norwegian = open_workbook_auto(dir.path().join("audit.xlsx")).unwrap();
    let records = norwegian.worksheet_range("Records of processing").unwrap();
    column(&records, "Formålene med behandlingen");
    // A Swedish register: IMY's words; --profile chooses another authority.
    let init = dpo_with(dir.path(), &[], &["init", "se.dpo", "--demo", "lindqvist"]);
    assert!(init.status.success(), "{}", said(&init));
    let out = dpo_with(
        dir.path(),
        &[],
        &[
            "export", "se.dpo", "--all", "--format", "xlsx", "-o", "se.xlsx",
        ],
    );
    assert!(out.status.success(), "{}", said(&out));
    let mut swedish = open_workbook_auto(dir.path().join("se.xlsx")).unwrap();
    let records = swedish.worksheet_range("Records of processing").unwrap();
    column(&records, "Ändamålen med behandlingen");
    column(&records, "Tidsfrister för radering (gallringsfrist)");
    let out = dpo_with(
        dir.path(),
        &[],
        &[
            "export",
            "se.dpo",
            "--all",
            "--format",
            "xlsx",
            "--profile",
            "ico",
            "-o",
            "se-ico.xlsx",
        ],
    );
    assert!(out.status.success(), "{}", said(&out));
    let mut ico = open_workbook_auto(dir.path().join("se-ico.xlsx")).unwrap();
    let records = ico.worksheet_range("Records of processing").unwrap();
    column(&records, "Purpose of processing");
    // The same layout as CSV.
    let csv = dpo_with(
        dir.path(),
        &[],
        &[
            "export",
            "se.dpo",
            "--table",
            "activities",
            "--profile",
            "imy",
        ],
    );
    assert!(csv.status.success(), "{}", said(&csv));
    let text = String::from_utf8_lossy(&csv.stdout);
    assert!(
        text.starts_with(
            "\u{feff}Behandling;\"Personuppgiftsansvarig, företrädare och dataskyddsombud\";"
        ),
        "{text}"
    );
}

#[test]
fn the_processor_and_breach_registers_come_in_each_authoritys_words() {
    let dir = tempfile::tempdir().unwrap();
    let path = demo_workbook(dir.path());
    let book = open_workbook_auto(&path).unwrap();
    let names = book.sheet_names();
    assert!(
        names.ends_with(&["Databehandlere".to_string(), "Avvik".to_string()]),
        "{names:?}"
    );
    for (profile, processors, breaches) in [
        ("datatilsynet", "Databehandler;", "Avvik;Hovedårsak;"),
        (
            "imy",
            "Personuppgiftsbiträde;",
            "Incident;När inträffade incidenten?;",
        ),
        ("ico", "Processor,", "Breach,Date and time of breach,"),
    ] {
        for (table, heading) in [("processors", processors), ("breaches", breaches)] {
            let out = dpo_with(
                dir.path(),
                &[],
                &["export", "demo.dpo", "--table", table, "--profile", profile],
            );
            assert!(out.status.success(), "{}", said(&out));
            let text = String::from_utf8_lossy(&out.stdout);
            assert!(
                text.trim_start_matches('\u{feff}').starts_with(heading),
                "{profile} {table}: {text}"
            );
        }
    }
    let breaches = dpo_with(
        dir.path(),
        &[],
        &[
            "export",
            "demo.dpo",
            "--table",
            "breaches",
            "--profile",
            "datatilsynet",
        ],
    );
    let text = String::from_utf8_lossy(&breaches.stdout);
    assert!(
        text.contains("(Europe/Oslo)") && text.contains("systemfeil"),
        "{text}"
    );
    assert!(
        text.contains("risiko: meldes til Datatilsynet") || text.contains("høy risiko"),
        "the risk in Norwegian: {text}"
    );
    let refused = dpo_with(
        dir.path(),
        &[],
        &[
            "export",
            "demo.dpo",
            "--table",
            "requests",
            "--profile",
            "imy",
        ],
    );
    assert_eq!(refused.status.code(), Some(2));
    assert!(
        said(&refused).contains("the processors and the breaches"),
        "{}",
        said(&refused)
    );
}

#[test]
fn text_that_looks_like_a_formula_or_a_number_is_kept_as_written() {
    use dpo_workbench::record::processor::ProcessorKind;
    let dir = tempfile::tempdir().unwrap();
    let init = dpo_with(dir.path(), &[], &["init", "demo.dpo", "--demo"]);
    assert!(init.status.success(), "{}", said(&init));
    let mut register =
        dpo_workbench::store::Register::open(&dir.path().join("demo.dpo"), common::clock())
            .unwrap();
    let tricky = common::record::<ProcessorKind>(&[
        ("name", "=HYPERLINK(\"http://x\",\"click\")"),
        ("country", "NO"),
        ("role", "processor"),
        ("status", "active"),
        ("service", "+47 90 21 18 00"),
        ("notes", "'quoted already"),
    ]);
    register.insert_processor(&tricky).unwrap();
    drop(register);
    let out = dpo_with(
        dir.path(),
        &[],
        &[
            "export", "demo.dpo", "--all", "--format", "xlsx", "-o", "t.xlsx",
        ],
    );
    assert!(out.status.success(), "{}", said(&out));
    let mut book = open_workbook_auto(dir.path().join("t.xlsx")).unwrap();
    let processors = book.worksheet_range("Processors").unwrap();
    let (name, service, notes) = (
        column(&processors, "Name"),
        column(&processors, "Service"),
        column(&processors, "Notes"),
    );
    let row = processors
        .rows()
        .find(|r| matches!(&r[name], Data::String(s) if s.starts_with("=HYPERLINK")))
        .expect("the name is text, exactly as written");
    assert_eq!(row[service], Data::String("+47 90 21 18 00".into()));
    assert_eq!(
        row[notes],
        Data::String("'quoted already".into()),
        "one quote, the user's own"
    );
    let formulas = book.worksheet_formula("Processors").unwrap();
    assert!(
        formulas.used_cells().all(|(_, _, f)| f.is_empty()),
        "no formula"
    );
}

#[test]
fn an_authority_sheet_types_its_moment_and_one_register_comes_in_its_words() {
    let dir = tempfile::tempdir().unwrap();
    let path = demo_workbook(dir.path());
    let mut book = open_workbook_auto(&path).unwrap();
    let avvik = book.worksheet_range("Avvik").unwrap();
    let local = column(&avvik, "Når ble avviket oppdaget (Europe/Oslo)");
    let utc = column(&avvik, "Når ble avviket oppdaget (UTC)");
    let row = avvik.rows().nth(1).unwrap();
    assert!(matches!(row[local], Data::DateTime(_)) && matches!(row[utc], Data::DateTime(_)));
    let one = dpo_with(
        dir.path(),
        &[],
        &[
            "export",
            "demo.dpo",
            "--table",
            "breaches",
            "--profile",
            "imy",
            "--format",
            "xlsx",
            "-o",
            "imy.xlsx",
        ],
    );
    assert!(one.status.success(), "{}", said(&one));
    let book = open_workbook_auto(dir.path().join("imy.xlsx")).unwrap();
    assert_eq!(book.sheet_names(), ["About", "Personuppgiftsincidenter"]);
}

#[test]
fn a_workbook_as_of_an_earlier_moment_says_so_and_a_summer_time_is_right() {
    let dir = tempfile::tempdir().unwrap();
    // In July Oslo is two hours ahead of UTC, not one.
    let summer = [("DPO_NOW", "2026-07-01T10:00:00Z")];
    let init = dpo_with(dir.path(), &summer, &["init", "demo.dpo", "--demo"]);
    assert!(init.status.success(), "{}", said(&init));
    let out = dpo_with(
        dir.path(),
        &summer,
        &[
            "export", "demo.dpo", "--all", "--format", "xlsx", "-o", "s.xlsx",
        ],
    );
    assert!(out.status.success(), "{}", said(&out));
    let mut book = open_workbook_auto(dir.path().join("s.xlsx")).unwrap();
    let breaches = book.worksheet_range("Breaches").unwrap();
    let (local, utc) = (
        column(&breaches, "Aware since (Europe/Oslo)"),
        column(&breaches, "Aware since (UTC)"),
    );
    let time = |d: &Data| match d {
        Data::DateTime(t) => t.as_datetime().unwrap(),
        other => panic!("not a date-time: {other:?}"),
    };
    for row in breaches.rows().skip(1) {
        let (l, u) = (time(&row[local]), time(&row[utc]));
        let offset = (l - u).num_minutes();
        let summer_time = u.date() >= chrono::NaiveDate::from_ymd_opt(2026, 3, 29).unwrap();
        assert_eq!(
            offset,
            if summer_time { 120 } else { 60 },
            "{l} local, {u} UTC"
        );
    }
    // Two hours later, the register as it stood at 12:30 in Oslo (10:30 UTC).
    let later = [("DPO_NOW", "2026-07-01T12:00:00Z")];
    let then = dpo_with(
        dir.path(),
        &later,
        &[
            "export",
            "demo.dpo",
            "--all",
            "--format",
            "xlsx",
            "-o",
            "then.xlsx",
            "--as-of",
            "2026-07-01T12:30",
        ],
    );
    assert!(then.status.success(), "{}", said(&then));
    let mut book = open_workbook_auto(dir.path().join("then.xlsx")).unwrap();
    let about = book.worksheet_range("About").unwrap();
    let text: Vec<String> = about.rows().map(|r| r[0].to_string()).collect();
    assert!(
        text.contains(&"The registers as they stood at".to_string()),
        "{text:?}"
    );
    let head = about
        .rows()
        .find(|r| matches!(&r[0], Data::String(s) if s == "Journal head"))
        .unwrap();
    assert!(
        head[1].to_string().starts_with("not in this copy"),
        "{:?}",
        head[1]
    );
}

#[test]
fn a_requests_time_of_receipt_is_a_moment_in_the_registers_zone() {
    let dir = tempfile::tempdir().unwrap();
    let init = dpo_with(dir.path(), &[], &["init", "demo.dpo", "--demo"]);
    assert!(init.status.success(), "{}", said(&init));
    let csv_out = dpo_with(
        dir.path(),
        &[],
        &["export", "demo.dpo", "--table", "requests"],
    );
    let mut reader = csv::Reader::from_reader(&csv_out.stdout[..]);
    let header = reader.headers().unwrap().clone();
    let at = header.iter().position(|h| h == "received_at").unwrap();
    let on = header.iter().position(|h| h == "received_on").unwrap();
    let reference = header.iter().position(|h| h == "reference").unwrap();
    let mut changed = (String::new(), String::new());
    let mut writer = csv::Writer::from_path(dir.path().join("requests.csv")).unwrap();
    writer.write_record(&header).unwrap();
    for (i, record) in reader.records().enumerate() {
        let mut cells: Vec<String> = record.unwrap().iter().map(str::to_string).collect();
        if i == 0 {
            // Noon UTC on its day of receipt.
            cells[at] = format!("{}T12:00:00+00:00", cells[on]);
            changed = (cells[reference].clone(), cells[on].clone());
        }
        writer.write_record(&cells).unwrap();
    }
    writer.flush().unwrap();
    let import = dpo_with(
        dir.path(),
        &[],
        &["import", "demo.dpo", "--table", "requests", "requests.csv"],
    );
    assert!(import.status.success(), "{}", said(&import));
    let out = dpo_with(
        dir.path(),
        &[],
        &[
            "export", "demo.dpo", "--table", "requests", "--format", "xlsx", "-o", "r.xlsx",
        ],
    );
    assert!(out.status.success(), "{}", said(&out));
    let mut book = open_workbook_auto(dir.path().join("r.xlsx")).unwrap();
    let requests = book.worksheet_range("Requests").unwrap();
    let (local, utc) = (
        column(&requests, "Received at (Europe/Oslo)"),
        column(&requests, "Received at (UTC)"),
    );
    let refs = column(&requests, "Reference");
    let row = requests
        .rows()
        .find(|r| r[refs] == Data::String(changed.0.clone()))
        .unwrap();
    let time = |d: &Data| match d {
        Data::DateTime(t) => t.as_datetime().unwrap(),
        other => panic!("not a date-time: {other:?}"),
    };
    let day: chrono::NaiveDate = changed.1.parse().unwrap();
    assert_eq!(time(&row[utc]), day.and_hms_opt(12, 0, 0).unwrap());
    let oslo = day
        .and_hms_opt(12, 0, 0)
        .unwrap()
        .and_utc()
        .with_timezone(&chrono_tz::Europe::Oslo);
    assert_eq!(time(&row[local]), oslo.naive_local(), "noon UTC in Oslo");
}

/// The layouts' agreement column says the day it was signed as signed and
/// the review's day as a review, overdue once past: the review's day stood
/// in brackets after "signert", where an auditor read it as the signing.
/// An activity without two WP248 criteria is "not indicated", not "not
/// required": the register knows no more than the criteria ticked.
#[test]
fn the_layouts_say_which_day_was_the_signing_and_what_the_register_knows_of_a_dpia() {
    let dir = tempfile::tempdir().unwrap();
    let init = dpo_with(dir.path(), &[], &["init", "demo.dpo", "--demo"]);
    assert!(init.status.success(), "{}", said(&init));
    let export = |table: &str, profile: &str, now: Option<&str>| {
        let env: Vec<(&str, &str)> = now.map(|n| ("DPO_NOW", n)).into_iter().collect();
        let args = ["export", "demo.dpo", "--table", table, "--profile", profile];
        let out = dpo_with(dir.path(), &env, &args);
        assert!(out.status.success(), "{}", said(&out));
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    let dpas = export("dpas", "rfc4180", None);
    let mut reader = csv::Reader::from_reader(dpas.as_bytes());
    let header = reader.headers().unwrap().clone();
    let at = |name: &str| header.iter().position(|h| h == name).unwrap();
    let (signed, review) = reader
        .records()
        .map(Result::unwrap)
        .find(|r| {
            &r[at("current")] == "yes"
                && &r[at("status")] == "signed"
                && !r[at("review_on")].is_empty()
        })
        .map(|r| {
            (
                r[at("signed_on")].to_string(),
                r[at("review_on")].to_string(),
            )
        })
        .expect("a signed agreement with a review day");
    let now = export("processors", "datatilsynet", None);
    assert!(
        now.contains(&format!("signert {signed}, gjennomgås innen {review}")),
        "{now}"
    );
    let later = export("processors", "imy", Some("2099-01-01T12:00:00Z"));
    assert!(
        later.contains(&format!(
            "undertecknat {signed}, granskning försenad sedan {review}"
        )),
        "{later}"
    );
    // As of the day the register was made, the review lies ahead, whatever
    // the day of the export.
    let as_of = common::MOMENT.get(..10).unwrap();
    let args = [
        "export",
        "demo.dpo",
        "--table",
        "processors",
        "--profile",
        "imy",
        "--as-of",
        as_of,
    ];
    let then = dpo_with(dir.path(), &[("DPO_NOW", "2099-01-01T12:00:00Z")], &args);
    assert!(then.status.success(), "{}", said(&then));
    let then = String::from_utf8_lossy(&then.stdout);
    assert!(
        then.contains(&format!("undertecknat {signed}, granskas senast {review}")),
        "{then}"
    );
    let activities = export("activities", "datatilsynet", None);
    assert!(!activities.contains("ikke påkrevd"), "{activities}");
    assert!(
        activities.contains("ikke indikert (0 av 9 kriterier i WP248)"),
        "{activities}"
    );
    let ico = export("activities", "ico", None);
    assert!(
        ico.contains(",Not indicated (0 of 9 WP248 criteria),")
            || ico.contains(",Not indicated (1 of 9 WP248 criteria),"),
        "{ico}"
    );
}

/// Hours late are a number with one decimal in the workbook, as the CSV
/// writes them (`8.5`): text there could not be summed or sorted.
#[test]
fn hours_late_are_a_number_in_the_workbook() {
    let dir = tempfile::tempdir().unwrap();
    let path = demo_workbook(dir.path());
    let mut book = open_workbook_auto(&path).unwrap();
    let range = book.worksheet_range("Breaches").unwrap();
    let at = column(&range, "First notified hours late");
    let cells: Vec<&Data> = range.rows().skip(1).map(|r| &r[at]).collect();
    assert!(
        cells
            .iter()
            .all(|c| matches!(c, Data::Float(_) | Data::Empty)),
        "{cells:?}"
    );
    assert!(
        cells
            .iter()
            .any(|c| matches!(c, Data::Float(h) if *h > 0.0)),
        "the demo has a late notification: {cells:?}"
    );
}
