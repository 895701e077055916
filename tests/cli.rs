//! The real `dpo` binary on temporary registers: what users' scripts rely on.

use dpo_workbench::store::SCHEMA_VERSION;
use std::path::Path;
use std::process::{Command, Output};

/// The moment the binary is told it is (`DPO_NOW`): nothing these tests
/// check depends on the day they run.
const MOMENT: &str = "2026-11-23T10:00:00Z";

fn dpo(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_dpo"))
        .args(args)
        .current_dir(dir)
        .env("DPO_NOW", MOMENT)
        .env_remove("DPO_REGISTER")
        .output()
        .expect("run dpo")
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).unwrap()
}

fn stderr(o: &Output) -> String {
    String::from_utf8(o.stderr.clone()).unwrap()
}

fn code(o: &Output) -> i32 {
    o.status.code().expect("exit code")
}

fn init_demo(dir: &Path) {
    let o = dpo(dir, &["init", "demo.dpo", "--demo"]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
}

#[test]
fn init_creates_an_empty_register_with_the_given_organisation() {
    let dir = tempfile::tempdir().unwrap();
    let o = dpo(
        dir.path(),
        &[
            "init",
            "clients/acme.dpo",
            "--name",
            "Acme AS",
            "--jurisdiction",
            "NO",
        ],
    );
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert!(
        stdout(&o).contains("Acme AS (NO, Europe/Oslo), 0 processors"),
        "{}",
        stdout(&o)
    );
    let info = dpo(dir.path(), &["info", "clients/acme.dpo", "--json"]);
    let json: serde_json::Value = serde_json::from_slice(&info.stdout).unwrap();
    assert_eq!(json["organisation"]["name"], "Acme AS");
    assert_eq!(json["organisation"]["jurisdiction"], "NO");
    assert_eq!(json["organisation"]["time_zone"], "Europe/Oslo");
    assert_eq!(json["tables"]["processors"], 0);
}

#[test]
fn info_json_reports_schema_and_row_counts_of_the_demo() {
    let dir = tempfile::tempdir().unwrap();
    init_demo(dir.path());
    let o = dpo(dir.path(), &["info", "demo.dpo", "--json"]);
    assert_eq!(code(&o), 0);
    let json: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(json["file"], "demo.dpo");
    assert_eq!(json["schema_version"], SCHEMA_VERSION);
    assert_eq!(json["tables"]["breaches"], 5);
    assert_eq!(json["tables"]["activities"], 8);
    assert_eq!(json["tables"]["processor_records"], 2);
    assert_eq!(json["tables"]["breach_activities"], 4);
    assert_eq!(json["tables"]["breach_notifications"], 2);
    assert_eq!(json["organisation"]["name"], "Fjordvakt Telemetri AS");
    assert_eq!(json["organisation"]["role"], "both");
    assert_eq!(json["tables"]["organisation"], 1);
    assert_eq!(json["tables"]["processors"], 19);
    let plain = stdout(&dpo(dir.path(), &["info", "demo.dpo"]));
    assert!(plain.contains("Jurisdiction    NO (Norway)"), "{plain}");
    assert!(
        plain.contains("processors                      19"),
        "{plain}"
    );
}

#[test]
fn export_one_table_to_stdout_is_rfc4180() {
    let dir = tempfile::tempdir().unwrap();
    init_demo(dir.path());
    let o = dpo(dir.path(), &["export", "demo.dpo", "--table", "processors"]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let text = stdout(&o);
    assert!(text.starts_with(
        "id,name,org_number,country,address,contact_email,service,role,parent_id,parent_name,status,notes\r\n"
    ));
    assert!(text.ends_with("\r\n"));
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let records: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(records.len(), 19);
    let intility = records.iter().find(|r| &r[1] == "Intility AS").unwrap();
    assert_eq!(
        &intility[4], "Schweigaards gate 39\n0191 Oslo",
        "line break kept inside the quoted cell"
    );
    let sub = records.iter().find(|r| &r[7] == "sub_processor").unwrap();
    assert!(
        !sub[8].is_empty() && !sub[9].is_empty(),
        "sub-processors name their parent"
    );
}

#[test]
fn export_all_writes_every_table_into_a_folder() {
    let dir = tempfile::tempdir().unwrap();
    init_demo(dir.path());
    let o = dpo(dir.path(), &["export", "demo.dpo", "--all", "-o", "audit"]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let org = std::fs::read_to_string(dir.path().join("audit/organisation.csv")).unwrap();
    assert!(org.starts_with(
        "name,org_number,jurisdiction,time_zone,role,dpo_name,dpo_email,dpo_phone,address,contact_email,contact_phone,website,representative_name,representative_contact\r\n"
    ));
    assert!(org.contains("Fjordvakt Telemetri AS,924 681 357,NO,Europe/Oslo,both"));
    let processors = std::fs::read_to_string(dir.path().join("audit/processors.csv")).unwrap();
    assert_eq!(
        csv::Reader::from_reader(processors.as_bytes())
            .records()
            .count(),
        19
    );
    let o = dpo(
        dir.path(),
        &[
            "export",
            "demo.dpo",
            "--table",
            "organisation",
            "-o",
            "org.csv",
        ],
    );
    assert_eq!(code(&o), 0);
    assert_eq!(
        std::fs::read_to_string(dir.path().join("org.csv")).unwrap(),
        org
    );
}

#[test]
fn refusals_exit_3_and_leave_the_file_unchanged() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(d.join("notes.txt"), "not a register\n").unwrap();
    {
        let conn = rusqlite::Connection::open(d.join("other.sqlite")).unwrap();
        conn.execute_batch("CREATE TABLE t (x); INSERT INTO t VALUES (1);")
            .unwrap();
    }
    init_demo(d);
    std::fs::copy(d.join("demo.dpo"), d.join("future.dpo")).unwrap();
    {
        let conn = rusqlite::Connection::open(d.join("future.dpo")).unwrap();
        conn.pragma_update(None, "user_version", 99).unwrap();
    }
    std::fs::create_dir(d.join("folder")).unwrap();
    let cases = [
        ("notes.txt", "not an SQLite database"),
        ("other.sqlite", "another program"),
        ("future.dpo", "schema version 99 is newer"),
        ("folder", "is a directory"),
        ("missing.dpo", "no such file"),
    ];
    for (file, message) in cases {
        let before = std::fs::read(d.join(file)).ok();
        for args in [
            vec!["info", file],
            vec!["info", file, "--json"],
            vec!["export", file, "--table", "processors"],
        ] {
            let o = dpo(d, &args);
            assert_eq!(code(&o), 3, "{args:?}: {}", stderr(&o));
            assert!(stderr(&o).contains(message), "{args:?}: {}", stderr(&o));
            assert!(stdout(&o).is_empty(), "nothing on stdout for {args:?}");
        }
        assert_eq!(std::fs::read(d.join(file)).ok(), before, "{file} changed");
    }
    assert!(!d.join("missing.dpo").exists());
}

#[test]
fn input_errors_exit_2_and_change_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    init_demo(d);
    let before = std::fs::read(d.join("demo.dpo")).unwrap();

    let o = dpo(d, &["init", "demo.dpo"]);
    assert_eq!(code(&o), 2);
    assert!(stderr(&o).contains("already exists"), "{}", stderr(&o));

    let o = dpo(d, &["export", "demo.dpo", "--table", "invoices"]);
    assert_eq!(code(&o), 2);
    assert!(
        stderr(&o).contains("unknown table 'invoices'; the tables are: organisation, deadline_settings, processors, processor_records, processor_record_processors, requests, request_pauses, request_events, breaches, breach_notifications, activities, activity_data_categories, activity_bases, activity_processors, activity_joint_controllers, breach_activities, dpas, dpa_clauses, transfers, change_notices")
    );

    let o = dpo(d, &["export", "demo.dpo"]);
    assert_eq!(code(&o), 2, "neither --table nor --all is a usage error");
    let o = dpo(d, &["export", "demo.dpo", "--all"]);
    assert_eq!(code(&o), 2, "--all needs -o");

    let o = dpo(d, &["init", "x.dpo", "--jurisdiction", "GB"]);
    assert_eq!(code(&o), 2);
    assert!(
        stderr(&o).contains("--jurisdiction: 'GB': say which UK nation"),
        "{}",
        stderr(&o)
    );
    let o = dpo(d, &["init", "y.dpo", "--jurisdiction", "US"]);
    assert!(
        stderr(&o).contains("--time-zone: required for US"),
        "{}",
        stderr(&o)
    );
    let o = dpo(
        d,
        &[
            "init",
            "z.dpo",
            "--jurisdiction",
            "NO",
            "--org-number",
            "123",
        ],
    );
    assert!(stderr(&o).contains("--org-number"), "{}", stderr(&o));
    for f in ["x.dpo", "y.dpo", "z.dpo"] {
        assert!(!d.join(f).exists(), "{f} must not be created");
    }
    assert_eq!(std::fs::read(d.join("demo.dpo")).unwrap(), before);
}

#[test]
fn help_lists_every_subcommand() {
    let dir = tempfile::tempdir().unwrap();
    let o = dpo(dir.path(), &["--help"]);
    assert_eq!(code(&o), 0);
    for word in ["init", "info", "export", "Exit codes"] {
        assert!(stdout(&o).contains(word), "{word}");
    }
}

#[test]
fn deadline_json_has_the_contract_keys() {
    let dir = tempfile::tempdir().unwrap();
    let o = dpo(
        dir.path(),
        &[
            "deadline",
            "--received",
            "2026-03-02",
            "--jurisdiction",
            "no",
            "--pause",
            "2026-03-03..2026-03-20",
            "--json",
        ],
    );
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let json: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(
        json["one_month_deadline"], "2026-04-20",
        "gdpr-rules case 44"
    );
    assert_eq!(json["extended_deadline"], "2026-06-22");
    assert_eq!(json["extension_notice_by"], "2026-04-20");
    assert_eq!(json["rule"], "EU1182/71+NO");
    assert_eq!(json["paused_days"], 18);
    assert!(json["steps"].as_array().unwrap().len() >= 4);
    assert!(json["steps"][2]
        .as_str()
        .unwrap()
        .contains("18 days do not count"));
}

#[test]
fn deadline_text_shows_the_dates_and_the_steps() {
    let dir = tempfile::tempdir().unwrap();
    let o = dpo(
        dir.path(),
        &[
            "deadline",
            "--received",
            "2026-01-31",
            "--jurisdiction",
            "NO",
            "--strict-extension",
        ],
    );
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let text = stdout(&o);
    assert!(
        text.contains("One-month deadline   2026-03-02  Mon 2 Mar 2026"),
        "{text}"
    );
    assert!(
        text.contains("Extended deadline    2026-04-28"),
        "strict formula: {text}"
    );
    assert!(text.contains("31 Feb does not exist"), "{text}");
    let o = dpo(
        dir.path(),
        &[
            "deadline",
            "--received",
            "2026-03-02",
            "--jurisdiction",
            "GB-ENG",
            "--restart-on",
            "2026-03-09",
        ],
    );
    assert!(
        stdout(&o).contains("One-month deadline   2026-04-09"),
        "{}",
        stdout(&o)
    );
    let o = dpo(
        dir.path(),
        &[
            "deadline",
            "--received",
            "2025-11-24",
            "--jurisdiction",
            "SE",
            "--swedish-eves",
        ],
    );
    assert!(
        stdout(&o).contains("One-month deadline   2025-12-29"),
        "{}",
        stdout(&o)
    );
    let o = dpo(
        dir.path(),
        &[
            "deadline",
            "--received",
            "2026-01-31",
            "--jurisdiction",
            "AT",
            "--weekends-only",
        ],
    );
    assert!(
        stdout(&o).contains("Rule                 EU1182/71+weekends"),
        "{}",
        stdout(&o)
    );
}

#[test]
fn deadline_refuses_bad_input_with_exit_2_naming_the_value() {
    let dir = tempfile::tempdir().unwrap();
    let cases: &[(&[&str], &str)] = &[
        (
            &["--received", "2026-02-30", "--jurisdiction", "NO"],
            "'2026-02-30' is not a calendar date",
        ),
        (
            &["--received", "yesterday", "--jurisdiction", "NO"],
            "'yesterday' is not a calendar date",
        ),
        (
            &[
                "--received",
                "2026-03-02",
                "--jurisdiction",
                "NO",
                "--pause",
                "2026-03-10..2026-03-04",
            ],
            "2026-03-10..2026-03-04 ends before it starts",
        ),
        (
            &[
                "--received",
                "2026-03-02",
                "--jurisdiction",
                "NO",
                "--pause",
                "2026-03-10",
            ],
            "write FROM..TO",
        ),
        (
            &["--received", "2026-03-02", "--jurisdiction", "XX"],
            "'XX' is not a jurisdiction",
        ),
        (
            &["--received", "2026-03-02", "--jurisdiction", "AT"],
            "unknown jurisdiction 'AT'",
        ),
        (
            &[
                "--received",
                "2026-03-02",
                "--jurisdiction",
                "NO",
                "--swedish-eves",
            ],
            "apply only to jurisdiction SE",
        ),
        (
            &[
                "--received",
                "2026-03-02",
                "--jurisdiction",
                "GB-ENG",
                "--restart-on",
                "2026-03-01",
            ],
            "before the request was received",
        ),
        (&["--jurisdiction", "NO"], "--received"),
        (
            &["--received", "26-01-01", "--jurisdiction", "NO"],
            "'26-01-01' is not a calendar date",
        ),
        (
            &["--received", "9999-12-15", "--jurisdiction", "NO"],
            "outside the years",
        ),
        (
            &[
                "--received",
                "2026-03-02",
                "--jurisdiction",
                "NO",
                "--closure-day",
                "2026-13-01",
            ],
            "'2026-13-01'",
        ),
    ];
    for (args, message) in cases {
        let mut all = vec!["deadline"];
        all.extend_from_slice(args);
        let o = dpo(dir.path(), &all);
        assert_eq!(code(&o), 2, "{args:?}: {}", stderr(&o));
        assert!(stderr(&o).contains(message), "{args:?}: {}", stderr(&o));
        assert!(stdout(&o).is_empty());
    }
}

#[test]
fn a_closure_day_brings_the_deadline_earlier_never_later() {
    let dir = tempfile::tempdir().unwrap();
    let args = [
        "deadline",
        "--received",
        "2026-11-26",
        "--jurisdiction",
        "GB-ENG",
        "--closure-day",
        "2026-12-29",
    ];
    let o = dpo(dir.path(), &args);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    // Sat 26 Dec rolls past the weekend and the Boxing Day holiday to Tue 29
    // (Art. 3(4)); the register is closed that day, so it answers on the last
    // open day before: Thu 24 Dec, not after its legal deadline.
    assert!(
        stdout(&o).contains("One-month deadline   2026-12-24"),
        "{}",
        stdout(&o)
    );
    assert!(
        stdout(&o).contains("the legal deadline under Art. 3(4) is Tue 29 Dec 2026"),
        "{}",
        stdout(&o)
    );
}

#[test]
fn breach_clock_json_gives_the_deadline_in_utc_and_local_time() {
    let dir = tempfile::tempdir().unwrap();
    let o = dpo(
        dir.path(),
        &[
            "breach-clock",
            "--aware",
            "2026-10-23T10:00",
            "--tz",
            "Europe/Oslo",
            "--json",
        ],
    );
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let json: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(json["deadline_utc"], "2026-10-26T08:00:00Z");
    assert_eq!(
        json["deadline_local"], "2026-10-26T09:00:00+01:00",
        "autumn: 09:00, not 10:00"
    );
    assert!(json["note"].as_str().unwrap().contains("60 minutes late"));
    let o = dpo(
        dir.path(),
        &[
            "breach-clock",
            "--aware",
            "2026-03-28T14:30",
            "--tz",
            "Europe/London",
        ],
    );
    assert!(
        stdout(&o).contains("Deadline (local)  2026-03-31T15:30:00+01:00"),
        "{}",
        stdout(&o)
    );
}

#[test]
fn breach_clock_refuses_gap_ambiguous_malformed_and_unknown_zones() {
    let dir = tempfile::tempdir().unwrap();
    let cases: &[(&str, &str, &str)] = &[
        (
            "2026-03-29T02:30",
            "Europe/Oslo",
            "does not exist in Europe/Oslo",
        ),
        (
            "2026-10-25T02:30",
            "Europe/Oslo",
            "happens twice in Europe/Oslo",
        ),
        ("23.10.2026 10:00", "Europe/Oslo", "is not a time"),
        (
            "2026-10-23T10:00",
            "Europe/Gjovik",
            "'Europe/Gjovik' is not an IANA time zone",
        ),
    ];
    for (aware, tz, message) in cases {
        let o = dpo(dir.path(), &["breach-clock", "--aware", aware, "--tz", tz]);
        assert_eq!(code(&o), 2, "{aware} {tz}");
        assert!(stderr(&o).contains(message), "{aware} {tz}: {}", stderr(&o));
    }
}

#[test]
fn export_activities_says_what_each_record_lacks() {
    let dir = tempfile::tempdir().unwrap();
    init_demo(dir.path());
    let o = dpo(dir.path(), &["export", "demo.dpo", "--table", "activities"]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let text = stdout(&o);
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let headers = reader.headers().unwrap().clone();
    let col = |name: &str| headers.iter().position(|h| h == name).unwrap();
    let records: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(records.len(), 8);
    let telemetry = records
        .iter()
        .find(|r| r[col("name")].starts_with("Telemetry"))
        .unwrap();
    assert_eq!(&telemetry[col("missing_points")], "30(1)(f); 30(1)(g)");
    assert!(telemetry[col("findings")].contains("Art. 35"));
    assert_eq!(&telemetry[col("status")], "draft");
    let bookkeeping = records
        .iter()
        .find(|r| &r[col("name")] == "Bookkeeping")
        .unwrap();
    assert_eq!(&bookkeeping[col("missing_points")], "");
    assert_eq!(&bookkeeping[col("processors")], "Tripletex AS");

    let o = dpo(
        dir.path(),
        &["export", "demo.dpo", "--table", "processor_records"],
    );
    let text = stdout(&o);
    assert!(text.contains("Vestland Energi AS"), "{text}");
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let at = reader
        .headers()
        .unwrap()
        .iter()
        .position(|h| h == "missing_points")
        .unwrap();
    let missing: Vec<String> = reader
        .records()
        .map(|r| r.unwrap()[at].to_string())
        .collect();
    assert_eq!(missing, ["", "30(2)(d)"]);
}

#[test]
fn export_agreements_transfers_and_notices() {
    let dir = tempfile::tempdir().unwrap();
    init_demo(dir.path());
    let table = |name: &str| {
        let o = dpo(dir.path(), &["export", "demo.dpo", "--table", name]);
        assert_eq!(code(&o), 0, "{}", stderr(&o));
        let text = stdout(&o);
        let mut reader = csv::Reader::from_reader(text.as_bytes());
        let headers = reader.headers().unwrap().clone();
        let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
        (headers, rows)
    };
    let (headers, dpas) = table("dpas");
    let col = |name: &str| headers.iter().position(|h| h == name).unwrap();
    assert_eq!(dpas.len(), 10, "ten agreements, one of them superseded");
    assert_eq!(
        dpas.iter().filter(|r| &r[col("current")] == "no").count(),
        1
    );
    assert!(dpas
        .iter()
        .any(|r| &r[col("missing_clauses")] == "28(4) flow-down"));
    let (_, clauses) = table("dpa_clauses");
    assert_eq!(clauses.len(), 100, "ten clauses per agreement");
    let (headers, transfers) = table("transfers");
    let tool = headers.iter().position(|h| h == "tool").unwrap();
    let tools: Vec<&str> = transfers.iter().map(|r| &r[tool]).collect();
    assert!(
        tools.contains(&"dpf") && tools.contains(&"scc_m3"),
        "{tools:?}"
    );
    let (headers, notices) = table("change_notices");
    let decision = headers.iter().position(|h| h == "decision").unwrap();
    let deadline = headers
        .iter()
        .position(|h| h == "objection_deadline")
        .unwrap();
    let pending = notices.iter().find(|r| &r[decision] == "pending").unwrap();
    assert!(!pending[deadline].is_empty());
}

/// The demo as a register of schema 10 could hold it: the columns added
/// since are emptied through an import, so the journal follows.
fn init_demo_of_schema_10(dir: &Path) {
    init_demo(dir);
    let o = dpo(
        dir,
        &[
            "export",
            "demo.dpo",
            "--table",
            "organisation",
            "-o",
            "org.csv",
        ],
    );
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let mut reader = csv::Reader::from_path(dir.join("org.csv")).unwrap();
    let header = reader.headers().unwrap().clone();
    let row: Vec<String> = reader
        .records()
        .next()
        .unwrap()
        .unwrap()
        .iter()
        .map(String::from)
        .collect();
    let mut writer = csv::Writer::from_path(dir.join("org.csv")).unwrap();
    writer.write_record(&header).unwrap();
    let emptied = header.iter().zip(&row).map(|(name, cell)| {
        let added = ADDED_AFTER_10
            .iter()
            .any(|(t, c)| *t == "organisation" && *c == name);
        if added {
            ""
        } else {
            cell.as_str()
        }
    });
    writer.write_record(emptied).unwrap();
    writer.flush().unwrap();
    let o = dpo(
        dir,
        &["import", "demo.dpo", "--table", "organisation", "org.csv"],
    );
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    // Schema 15's joint controllers go too, through the store.
    let clock =
        dpo_workbench::platform::clock::Clock::fixed("2026-11-23T10:00:00Z".parse().unwrap());
    let mut register = dpo_workbench::store::Register::open(&dir.join("demo.dpo"), clock).unwrap();
    for row in register.activity_page("", false, 0, 100).unwrap() {
        if row.activity.joint_controllers.is_empty() {
            continue;
        }
        let activity = dpo_workbench::domain::activity::Activity {
            joint_controllers: Vec::new(),
            ..row.activity.clone()
        };
        let linked: Vec<i64> = row.processors.iter().map(|p| p.0).collect();
        register
            .update_activity(row.id, row.revision, &activity, &linked)
            .unwrap();
    }
    // And schema 16's breach as processor and contract hours.
    for row in register.breach_page("", 0, 100).unwrap() {
        if row.breach.as_processor() {
            register.delete_breach(row.id).unwrap();
        }
    }
    // And schema 17's sub-processors of the Art. 30(2) records.
    for row in register.processor_records().unwrap() {
        if row.record.notify_within_hours.is_some() || !row.record.sub_processors.is_empty() {
            let record = dpo_workbench::domain::activity::ProcessorRecord {
                notify_within_hours: None,
                sub_processors: Vec::new(),
                ..row.record.clone()
            };
            register
                .update_processor_record(row.id, row.revision, &record)
                .unwrap();
        }
    }
}

/// Rewrites the text of `table` as SQLite documents for a change of its
/// constraints (writable_schema, the schema cookie raised); `what` names
/// what `edit` changes, which must be found.
fn edit_table_sql(
    conn: &rusqlite::Connection,
    table: &str,
    what: &str,
    edit: impl Fn(&str) -> String,
) {
    let sql: String = conn
        .query_row(
            "SELECT sql FROM sqlite_schema WHERE type = 'table' AND name = ?1",
            [table],
            |r| r.get(0),
        )
        .unwrap();
    let edited = edit(&sql);
    assert_ne!(sql, edited, "{what} was found");
    let cookie: i64 = conn
        .pragma_query_value(None, "schema_version", |r| r.get(0))
        .unwrap();
    conn.pragma_update(None, "writable_schema", true).unwrap();
    conn.execute(
        "UPDATE sqlite_schema SET sql = ?1 WHERE type = 'table' AND name = ?2",
        [&edited, table],
    )
    .unwrap();
    conn.pragma_update(None, "schema_version", cookie + 1)
        .unwrap();
    conn.pragma_update(None, "writable_schema", false).unwrap();
}

/// Columns added after schema 10, by the migration that added them.
const ADDED_AFTER_10: &[(&str, &str)] = &[
    ("requests", "paused_since"),
    ("organisation", "address"),
    ("organisation", "contact_email"),
    ("organisation", "contact_phone"),
    ("organisation", "website"),
    ("organisation", "representative_name"),
    ("organisation", "representative_contact"),
    ("organisation", "promised_days"),
    ("requests", "promised_on"),
    ("breaches", "processor_record_id"),
    ("breaches", "controller_told_at"),
    ("breaches", "controller_told_how"),
    ("processor_records", "notify_within_hours"),
];

/// The register as schema 10 left it: schema 1's checks on processors,
/// without the columns added since, the
/// index on `requests.paused_since` and their places in the journal's triggers.
fn back_to_schema_10(conn: &rusqlite::Connection) {
    let triggers: Vec<(String, String)> = conn
        .prepare("SELECT name, sql FROM sqlite_schema WHERE type = 'trigger'")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    for (name, _) in &triggers {
        conn.execute_batch(&format!("DROP TRIGGER {name};"))
            .unwrap();
    }
    // Schema 15's, 17's, 18's and 21's tables, and their triggers with them.
    conn.execute_batch(
        "DROP TABLE activity_joint_controllers; DROP TABLE processor_record_processors;
         DROP TABLE letters; DROP TABLE pulled_from;",
    )
    .unwrap();
    // Schema 19's index of the text with its two line breaks: schema 7's again.
    conn.execute_batch(
        "DROP VIEW requests_search_source; DROP TABLE requests_search;
         CREATE VIRTUAL TABLE requests_search USING fts5(
             search_text, content = 'requests', content_rowid = 'id', tokenize = 'trigram');
         INSERT INTO requests_search (requests_search) VALUES ('rebuild');",
    )
    .unwrap();
    let triggers: Vec<(String, String)> = triggers
        .into_iter()
        .filter(|(_, sql)| {
            !sql.contains("activity_joint_controllers")
                && !sql.contains("processor_record_processors")
                && !sql.contains(" ON letters")
        })
        .collect();
    // Schema 20's index of the next date on a clock names columns of later
    // schemas; schema 11 redefined the list's order.
    conn.execute_batch(
        "DROP INDEX requests_by_next_date;
         DROP INDEX requests_by_due;
         CREATE INDEX requests_by_due ON requests (is_open DESC, due_on, id);",
    )
    .unwrap();
    // Schema 13 loosened the processors table's checks: schema 1's come back.
    edit_table_sql(conn, "processors", "schema 13's checks", |sql| {
        sql.replace(
            "CHECK (status IN ('active', 'ended', 'to_identify'))",
            "CHECK (status IN ('active', 'ended'))",
        )
        .replace(
            "CHECK (length(country) = 2 OR (country = '' AND status = 'to_identify'))",
            "CHECK (length(country) = 2)",
        )
    });
    // A column that names another table cannot be dropped: schema 16's link
    // to the Art. 30(2) records loses its REFERENCES first, and its index.
    edit_table_sql(conn, "breaches", "schema 16's link", |sql| {
        sql.replace(
            "processor_record_id INTEGER\n    REFERENCES processor_records (id) ON DELETE SET NULL",
            "processor_record_id INTEGER",
        )
    });
    conn.execute_batch("DROP INDEX breaches_by_processor_record;")
        .unwrap();
    for (table, column) in ADDED_AFTER_10 {
        conn.execute_batch(&format!("ALTER TABLE {table} DROP COLUMN {column};"))
            .unwrap();
    }
    for (_, sql) in &triggers {
        let before_19 = sql.replace(" || char(10, 10)", "");
        let old = ADDED_AFTER_10.iter().fold(before_19, |sql, (_, column)| {
            sql.replace(&format!(", '{column}', NEW.\"{column}\""), "")
                .replace(&format!(", '{column}', OLD.\"{column}\""), "")
        });
        conn.execute_batch(&format!("{old};")).unwrap();
    }
}

#[test]
fn an_older_register_is_upgraded_once_and_says_so_on_stderr() {
    let dir = tempfile::tempdir().unwrap();
    init_demo_of_schema_10(dir.path());
    {
        // The register as schema 7 left it: without the list's sort indexes.
        let conn = rusqlite::Connection::open(dir.path().join("demo.dpo")).unwrap();
        back_to_schema_10(&conn);
        conn.execute_batch(
            "DROP INDEX requests_by_received; DROP INDEX requests_by_right;
             DROP INDEX requests_by_status; PRAGMA user_version = 7;",
        )
        .unwrap();
    }
    let o = dpo(dir.path(), &["info", "demo.dpo", "--json"]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains(&format!(
            "upgrading demo.dpo from schema 7 to {SCHEMA_VERSION}"
        )),
        "{err}"
    );
    let json: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(json["schema_version"], SCHEMA_VERSION);
    let again = dpo(dir.path(), &["info", "demo.dpo"]);
    assert_eq!(code(&again), 0);
    assert!(again.stderr.is_empty(), "once only");
    let conn = rusqlite::Connection::open(dir.path().join("demo.dpo")).unwrap();
    let indexes: i64 = conn
        .query_row(
            "SELECT count(*) FROM sqlite_schema WHERE name IN
             ('requests_by_received', 'requests_by_right', 'requests_by_status')",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(indexes, 3);
    // Schema 11: the paused requests got the day their pause began, and the
    // rows the journal recorded before the column existed still verify.
    let paused: Vec<(i64, String)> = conn
        .prepare("SELECT id, paused_since FROM requests WHERE paused_since <> '' ORDER BY id")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(paused.iter().map(|(id, _)| *id).collect::<Vec<_>>(), [3, 5]);
    assert!(
        paused.iter().all(|(_, day)| day.starts_with("2026-11-")),
        "{paused:?}"
    );
    let o = dpo(dir.path(), &["verify", "demo.dpo"]);
    assert_eq!(code(&o), 0, "{}", stdout(&o));
    let o = dpo(
        dir.path(),
        &[
            "export",
            "demo.dpo",
            "--table",
            "requests",
            "--as-of",
            "2026-11-23T11:00",
        ],
    );
    assert_eq!(
        code(&o),
        0,
        "the register as it was, rows from before the column: {}",
        stderr(&o)
    );
}

#[test]
fn schema_10_stamps_the_journal_by_the_programs_clock_and_reports_no_tampering() {
    let dir = tempfile::tempdir().unwrap();
    init_demo_of_schema_10(dir.path());
    let path = dir.path().join("demo.dpo");
    {
        // The journal triggers as schema 9 wrote them: stamped by SQLite's own
        // clock (the text this upgrade removes from every register).
        const SCHEMA_9_STAMP: &str = "strftime('%Y-%m-%dT%H:%M:%fZ', 'now')";
        let conn = rusqlite::Connection::open(&path).unwrap();
        back_to_schema_10(&conn);
        let triggers: Vec<(String, String)> = conn
            .prepare("SELECT name, sql FROM sqlite_schema WHERE type = 'trigger' AND name LIKE 'journal_%'")
            .unwrap()
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        assert!(triggers.len() > 50, "three per journaled table");
        for (name, sql) in triggers
            .into_iter()
            .filter(|(_, sql)| sql.contains("INSERT INTO journal"))
        {
            assert!(sql.contains("dpo_now()"), "{sql}");
            let old = sql.replace("dpo_now()", SCHEMA_9_STAMP);
            conn.execute_batch(&format!("DROP TRIGGER {name}; {old};"))
                .unwrap();
        }
        conn.execute_batch("PRAGMA user_version = 9;").unwrap();
    }
    let later = "2026-12-24T18:00:00Z";
    let run = |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_dpo"))
            .args(args)
            .current_dir(dir.path())
            .env("DPO_NOW", later)
            .env_remove("DPO_REGISTER")
            .output()
            .unwrap()
    };
    let o = run(&["verify", "demo.dpo"]);
    assert_eq!(code(&o), 0, "{}", String::from_utf8_lossy(&o.stdout));
    assert!(
        !String::from_utf8_lossy(&o.stdout).contains("altered"),
        "the upgrade is not tampering"
    );
    std::fs::write(
        dir.path().join("new.csv"),
        "name,org_number,country,address,contact_email,service,role,parent_id,status,notes\n\
         Sveve AS,,NO,,,SMS,processor,,active,\n",
    )
    .unwrap();
    let o = run(&["import", "demo.dpo", "--table", "processors", "new.csv"]);
    assert_eq!(code(&o), 0, "{}", String::from_utf8_lossy(&o.stderr));
    let conn = rusqlite::Connection::open(&path).unwrap();
    let (created, journaled): (String, String) = conn
        .query_row(
            "SELECT p.created_at, j.at FROM processors p
             JOIN journal j ON j.tbl = 'processors' AND j.record_id = p.id AND j.action = 'insert'
             WHERE p.name = 'Sveve AS'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!(created, "2026-12-24T18:00:00Z", "the record's stamp");
    assert_eq!(journaled, "2026-12-24T18:00:00.000Z", "the journal's stamp");
}

#[test]
fn schema_9_computes_again_the_dates_rule_set_v1_counted_without_holidays() {
    let dir = tempfile::tempdir().unwrap();
    init_demo(dir.path());
    let path = dir.path().join("demo.dpo");
    let row = |conn: &rusqlite::Connection| -> (String, String, String) {
        conn.query_row(
            "SELECT deadline, due_on, rule_set FROM requests WHERE id = 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap()
    };
    {
        // A request of 2023 as schema 8 stored it: v1 had no Norwegian table
        // for 2023 and counted Christmas Day 2023 (a Monday) as a working day.
        // (Written behind the workbench's back: its journal functions are stood in for.)
        let conn = rusqlite::Connection::open(&path).unwrap();
        back_to_schema_10(&conn);
        use rusqlite::functions::FunctionFlags;
        for (name, args) in [
            ("dpo_now", 0),
            ("dpo_actor", 0),
            ("dpo_via", 0),
            ("dpo_journal_hash", 2),
        ] {
            conn.create_scalar_function(name, args, FunctionFlags::SQLITE_UTF8, |_| Ok("test"))
                .unwrap();
        }
        conn.execute_batch(
            "UPDATE requests SET received_on = '2023-11-25', deadline = '2023-12-25',
                 extension_notice_by = '2023-12-25', due_on = '2023-12-25',
                 extended_deadline = '2024-02-26', rule_set = 'dpo-workbench deadlines v1'
             WHERE id = 1;
             UPDATE requests SET rule_set = 'dpo-workbench deadlines v1' WHERE id = 2;
             PRAGMA user_version = 8;",
        )
        .unwrap();
    }
    let o = dpo(dir.path(), &["info", "demo.dpo"]);
    assert_eq!(code(&o), 0, "{}", String::from_utf8_lossy(&o.stderr));
    let conn = rusqlite::Connection::open(&path).unwrap();
    assert_eq!(
        row(&conn),
        (
            "2023-12-27".to_string(),
            "2023-12-27".to_string(),
            "dpo-workbench deadlines v2".to_string()
        )
    );
    // The change is journaled like any other.
    let log = dpo(
        dir.path(),
        &["log", "demo.dpo", "--table", "requests", "--id", "1"],
    );
    let log = String::from_utf8_lossy(&log.stdout);
    assert!(
        log.contains("deadline: '2023-12-25' → '2023-12-27'"),
        "{log}"
    );
    assert!(log.contains("via migration: update requests#1"), "{log}");
    // Requests of 2024 on were computed with the same tables: left as they are.
    let untouched: Vec<i64> = conn
        .prepare("SELECT id FROM requests WHERE rule_set = 'dpo-workbench deadlines v1'")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(untouched, [2]);
}

#[test]
fn init_copy_from_starts_a_client_from_a_template_without_its_history() {
    let dir = tempfile::tempdir().unwrap();
    init_demo(dir.path());
    let o = dpo(
        dir.path(),
        &[
            "init",
            "ny.dpo",
            "--name",
            "Ny Klient AS",
            "--jurisdiction",
            "NO",
            "--copy-from",
            "demo.dpo",
        ],
    );
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert!(
        stdout(&o).contains(
            "Copied from demo.dpo: 19 processors, 5 transfers and 8 records of processing"
        ),
        "{}",
        stdout(&o)
    );
    let o = dpo(dir.path(), &["info", "ny.dpo", "--json"]);
    let json: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(json["tables"]["processors"], 19);
    assert_eq!(json["tables"]["requests"], 0);
    assert_eq!(json["tables"]["breaches"], 0);
    assert_eq!(json["tables"]["dpas"], 0, "agreements are the client's own");
    let o = dpo(dir.path(), &["verify", "ny.dpo"]);
    assert_eq!(code(&o), 0, "{}", stdout(&o));
}

#[test]
fn catalogue_lists_the_processors_with_their_sources_and_days_checked() {
    let dir = tempfile::tempdir().unwrap();
    let listed = dpo(dir.path(), &["catalogue"]);
    assert!(listed.status.success());
    let text = String::from_utf8_lossy(&listed.stdout);
    assert!(text.contains("check them at their source before relying on them"));
    assert!(
        text.contains("Microsoft 365") && text.contains("Microsoft Ireland Operations Limited")
    );
    let json = dpo(dir.path(), &["catalogue", "--json"]);
    let doc: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    let services = doc["services"].as_array().unwrap();
    assert!(services.len() >= 40, "{} services", services.len());
    for service in services {
        for fact in [
            "entity",
            "country",
            "dpa_url",
            "subprocessors_url",
            "us_parent_dpf",
            "transfer_tool",
            "transfer_to",
        ] {
            let source = service[fact]["source"].as_str().unwrap();
            assert!(source.starts_with("http"), "{}: {fact}", service["id"]);
            assert!(
                service[fact].get("checked").is_some(),
                "{}: {fact}",
                service["id"]
            );
        }
    }
    let one = dpo(dir.path(), &["catalogue", "tripletex"]);
    let text = String::from_utf8_lossy(&one.stdout);
    assert!(
        text.contains("Tripletex AS") && text.contains("Sub-processors"),
        "{text}"
    );
    let none = dpo(dir.path(), &["catalogue", "zzqx"]);
    assert_eq!(none.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&none.stderr)
        .contains("no service in the catalogue matches 'zzqx'"));
    let templates = dpo(dir.path(), &["catalogue", "--activities", "--json"]);
    let doc: serde_json::Value = serde_json::from_slice(&templates.stdout).unwrap();
    assert!(doc["activities"].as_array().unwrap().len() >= 10);
}

#[test]
fn the_workbench_needs_a_terminal_and_a_mistyped_command_gets_a_suggestion() {
    let dir = tempfile::tempdir().unwrap();
    init_demo(dir.path());
    // The tests' output is a pipe: no escape codes into it, a clear message.
    let piped = dpo(dir.path(), &["demo.dpo"]);
    assert_eq!(code(&piped), 2, "{}", stderr(&piped));
    assert!(stdout(&piped).is_empty(), "{}", stdout(&piped));
    assert!(
        stderr(&piped).contains(
            "the workbench needs a terminal; for scripts use a subcommand, see dpo --help"
        ),
        "{}",
        stderr(&piped)
    );
    let dumb = Command::new(env!("CARGO_BIN_EXE_dpo"))
        .arg("demo.dpo")
        .current_dir(dir.path())
        .env("TERM", "dumb")
        .output()
        .unwrap();
    assert_eq!(code(&dumb), 2);
    assert!(
        stderr(&dumb).contains("TERM=dumb is not supported"),
        "{}",
        stderr(&dumb)
    );
    for (typed, meant) in [("chek", "check"), ("exprot", "export"), ("leter", "letter")] {
        let o = dpo(dir.path(), &[typed]);
        assert_eq!(code(&o), 2, "{typed}");
        assert!(
            stderr(&o).contains(&format!("did you mean `dpo {meant}`?")),
            "{typed}: {}",
            stderr(&o)
        );
    }
    // A word far from every command is just a register that is not there.
    let far = dpo(dir.path(), &["zebra"]);
    assert!(!stderr(&far).contains("did you mean"), "{}", stderr(&far));
}

#[test]
fn completions_and_manual_pages_come_from_the_command_line_itself() {
    let dir = tempfile::tempdir().unwrap();
    for (shell, marker) in [
        ("bash", "_dpo()"),
        ("zsh", "#compdef dpo"),
        ("fish", "complete -c dpo"),
        ("powershell", "Register-ArgumentCompleter"),
    ] {
        let o = dpo(dir.path(), &["completions", shell]);
        assert_eq!(code(&o), 0, "{shell}: {}", stderr(&o));
        let script = stdout(&o);
        assert!(script.contains(marker), "{shell}");
        assert!(
            script.contains("letter") && script.contains("breach-clock"),
            "{shell}"
        );
    }
    let bad = dpo(dir.path(), &["completions", "tcsh"]);
    assert_eq!(code(&bad), 2);
    let man = dpo(dir.path(), &["man"]);
    assert_eq!(code(&man), 0);
    assert!(stdout(&man).contains(".TH dpo 1"), "{}", stdout(&man));
    let pages = dpo(dir.path(), &["man", "-o", "man"]);
    assert_eq!(code(&pages), 0, "{}", stderr(&pages));
    let letter = std::fs::read_to_string(dir.path().join("man/dpo-letter.1")).unwrap();
    assert!(letter.contains("Examples:"), "{letter}");
    // Every subcommand's --help ends with examples.
    let help = dpo(dir.path(), &["export", "--help"]);
    assert!(
        stdout(&help).contains("Examples:\n  dpo export "),
        "{}",
        stdout(&help)
    );
}

#[test]
fn the_theme_comes_from_the_flag_or_the_config_file_whose_mistakes_are_said() {
    let dir = tempfile::tempdir().unwrap();
    init_demo(dir.path());
    let config = dir.path().join("config");
    let run = |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_dpo"))
            .args(args)
            .current_dir(dir.path())
            .env("XDG_CONFIG_HOME", &config)
            .env("DPO_NOW", "2026-11-23T10:00:00Z")
            .output()
            .unwrap()
    };
    // Read and accepted: the workbench then only lacks a terminal here.
    let light = run(&["--theme", "light", "demo.dpo"]);
    assert!(
        stderr(&light).contains("needs a terminal"),
        "{}",
        stderr(&light)
    );
    let pink = run(&["--theme", "pink", "demo.dpo"]);
    assert_eq!(code(&pink), 2);
    assert!(
        stderr(&pink).contains("dark, light, auto"),
        "{}",
        stderr(&pink)
    );
    std::fs::create_dir_all(config.join("dpo-workbench")).unwrap();
    std::fs::write(
        config.join("dpo-workbench/config.toml"),
        "\ntheme = \"pink\"\n",
    )
    .unwrap();
    let wrong = run(&["demo.dpo"]);
    assert_eq!(code(&wrong), 2);
    assert!(
        stderr(&wrong).contains("config.toml") && stderr(&wrong).contains("line 2"),
        "{}",
        stderr(&wrong)
    );
    std::fs::write(
        config.join("dpo-workbench/config.toml"),
        "theme = \"light\"\n",
    )
    .unwrap();
    assert!(stderr(&run(&["demo.dpo"])).contains("needs a terminal"));
}

#[test]
fn long_work_draws_no_progress_into_a_pipe_and_says_what_it_made() {
    let dir = tempfile::tempdir().unwrap();
    let o = dpo(dir.path(), &["init", "big.dpo", "--synthetic", "3000"]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let said = format!("{}{}", stdout(&o), stderr(&o));
    assert!(!said.contains('\r') && !said.contains('\u{1b}'), "{said:?}");
    assert!(said.contains("processors and 3010 requests."), "{said}");
    let export = dpo(dir.path(), &["export", "big.dpo", "--all", "-o", "out"]);
    assert_eq!(code(&export), 0, "{}", stderr(&export));
    let import = dpo(
        dir.path(),
        &["import", "big.dpo", "--all", "out", "--dry-run"],
    );
    let said = format!("{}{}", stderr(&export), stderr(&import));
    assert!(!said.contains('\r') && !said.contains('\u{1b}'), "{said:?}");
}

#[test]
fn with_json_init_says_what_it_made_and_a_failure_is_json_too() {
    let dir = tempfile::tempdir().unwrap();
    let made = dpo(dir.path(), &["init", "j.dpo", "--demo", "--json"]);
    assert_eq!(code(&made), 0, "{}", stderr(&made));
    let doc: serde_json::Value = serde_json::from_str(&stdout(&made)).unwrap();
    assert_eq!(doc["organisation"]["name"], "Fjordvakt Telemetri AS");
    assert_eq!(doc["processors"], 19);
    assert_eq!(doc["requests"], 10);
    // The organisation has one shape wherever it is given.
    let info = dpo(dir.path(), &["info", "j.dpo", "--json"]);
    let info: serde_json::Value = serde_json::from_str(&stdout(&info)).unwrap();
    assert_eq!(info["organisation"], doc["organisation"]);
    let failed = dpo(dir.path(), &["info", "missing.dpo", "--json"]);
    assert_eq!(code(&failed), 3);
    assert!(stdout(&failed).is_empty());
    let error: serde_json::Value = serde_json::from_str(stderr(&failed).trim()).unwrap();
    assert_eq!(error["error"]["exit_code"], 3);
    assert!(error["error"]["message"]
        .as_str()
        .unwrap()
        .contains("no such file"));
}

fn json_of(o: &Output) -> serde_json::Value {
    assert_eq!(code(o), 0, "{}", stderr(o));
    serde_json::from_str(&stdout(o)).unwrap_or_else(|e| panic!("{e}: {}", stdout(o)))
}

#[test]
fn export_import_bundle_keygen_and_passwd_report_in_json() {
    let dir = tempfile::tempdir().unwrap();
    init_demo(dir.path());
    let export = json_of(&dpo(
        dir.path(),
        &["export", "demo.dpo", "--all", "-o", "out", "--json"],
    ));
    let files = export["files"].as_array().unwrap();
    assert!(files.len() > 10, "{export}");
    assert!(files[0]["path"].as_str().unwrap().starts_with("out"));
    assert_eq!(export["as_of"], serde_json::Value::Null);
    let workbook = json_of(&dpo(
        dir.path(),
        &[
            "export",
            "demo.dpo",
            "--all",
            "--format",
            "xlsx",
            "-o",
            "r.xlsx",
            "--as-of",
            "2026-11-23T12:00",
            "--json",
        ],
    ));
    assert_eq!(workbook["files"][0]["path"], "r.xlsx");
    assert_eq!(
        workbook["profile"],
        serde_json::Value::Null,
        "no CSV profile"
    );
    assert!(workbook["sheets"].as_u64().unwrap() > 10);
    assert!(workbook["as_of"]
        .as_str()
        .unwrap()
        .starts_with("2026-11-23T"));
    // The CSV on standard output is not JSON: refused before anything is read.
    let refused = dpo(
        dir.path(),
        &["export", "demo.dpo", "--table", "processors", "--json"],
    );
    assert_eq!(code(&refused), 2);
    assert!(stdout(&refused).is_empty());
    let error: serde_json::Value = serde_json::from_str(stderr(&refused).trim()).unwrap();
    assert!(error["error"]["message"].as_str().unwrap().contains("-o"));

    let imported = json_of(&dpo(
        dir.path(),
        &[
            "import",
            "demo.dpo",
            "--table",
            "processors",
            "out/processors.csv",
            "--dry-run",
            "--json",
        ],
    ));
    assert_eq!(imported["dry_run"], true);
    assert_eq!(imported["committed"], false);
    assert_eq!(imported["tables"][0]["table"], "processors");
    assert_eq!(imported["tables"][0]["inserted"], 0);
    assert_eq!(imported["error_count"], 0);
    let good = std::fs::read_to_string(dir.path().join("out/processors.csv")).unwrap();
    let (header, rows) = good.split_once('\n').unwrap();
    let (_, rest) = rows.split_once(',').unwrap();
    std::fs::write(dir.path().join("bad.csv"), format!("{header}\nx,{rest}")).unwrap();
    let bad = dpo(
        dir.path(),
        &[
            "import",
            "demo.dpo",
            "--table",
            "processors",
            "bad.csv",
            "--json",
        ],
    );
    assert_eq!(code(&bad), 2);
    let report: serde_json::Value = serde_json::from_str(&stdout(&bad)).unwrap();
    assert_eq!(report["committed"], false);
    assert_eq!(report["errors"][0]["line"], 2, "{report}");
    assert_eq!(report["errors"][0]["column"], "id");
    let error: serde_json::Value = serde_json::from_str(stderr(&bad).trim()).unwrap();
    assert_eq!(error["error"]["exit_code"], 2);

    let key = json_of(&dpo(
        dir.path(),
        &["keygen", "-o", "k/signing.key", "--json"],
    ));
    let public = key["public_key"].as_str().unwrap();
    assert_eq!(public.len(), 64);
    assert_eq!(key["public_key_file"], "k/signing.pub");
    let bundle = json_of(&dpo(
        dir.path(),
        &[
            "bundle",
            "demo.dpo",
            "-o",
            "b",
            "--key",
            "k/signing.key",
            "--json",
        ],
    ));
    assert_eq!(bundle["signed_by"], public);
    assert_eq!(bundle["journal_head"].as_str().unwrap().len(), 64);
    assert!(bundle["files"]
        .as_array()
        .unwrap()
        .iter()
        .any(|f| f["path"] == "register.xlsx"));
    // verify names the journal's head and the files as the bundle does.
    let checked = json_of(&dpo(dir.path(), &["verify", "b", "--json"]));
    assert_eq!(checked["journal_head"], bundle["journal_head"]);
    assert_eq!(
        checked["file_count"], checked["files"],
        "the count under the shared name"
    );
    let register = json_of(&dpo(dir.path(), &["verify", "demo.dpo", "--json"]));
    assert_eq!(register["journal_head"], register["head"]);
    assert_eq!(register["journal_head"], bundle["journal_head"]);
}

#[test]
fn passwd_reports_in_json() {
    let dir = tempfile::tempdir().unwrap();
    init_demo(dir.path());
    let encrypted = Command::new(env!("CARGO_BIN_EXE_dpo"))
        .args(["passwd", "demo.dpo", "--json"])
        .current_dir(dir.path())
        .env("DPO_NOW", MOMENT)
        .env("DPO_NEW_PASSPHRASE", "a long secret")
        .output()
        .unwrap();
    let encrypted = json_of(&encrypted);
    assert_eq!(
        encrypted,
        serde_json::json!({"file": "demo.dpo", "encrypted": true})
    );
}

#[test]
fn with_json_a_usage_mistake_is_a_json_error_and_help_is_still_help() {
    let dir = tempfile::tempdir().unwrap();
    let o = dpo(dir.path(), &["check", "--json", "--fail-on"]);
    assert_eq!(code(&o), 2);
    assert!(stdout(&o).is_empty());
    let error: serde_json::Value = serde_json::from_str(stderr(&o).trim()).unwrap();
    let message = error["error"]["message"].as_str().unwrap();
    assert!(
        message.starts_with("a value is required for '--fail-on"),
        "{message}"
    );
    assert_eq!(error["error"]["exit_code"], 2);
    let help = dpo(dir.path(), &["check", "--json", "--help"]);
    assert_eq!(code(&help), 0);
    assert!(stdout(&help).contains("Examples:"));
    let plain = dpo(dir.path(), &["check", "--fail-on"]);
    assert!(stderr(&plain).starts_with("error: "), "{}", stderr(&plain));
}

const SKYLINE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/draft-corpus/en-skyline.html"
);

#[test]
fn draft_json_gives_each_suggestion_its_kind_value_line_quote_and_confidence() {
    let dir = tempfile::tempdir().unwrap();
    let out = dpo(
        dir.path(),
        &["draft", "skyline.dpo", "--from", SKYLINE, "--json"],
    );
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let doc: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(doc["language"], "en");
    let suggestions = doc["suggestions"].as_array().unwrap();
    for s in suggestions {
        for key in ["kind", "value", "line", "quote", "confidence"] {
            assert!(!s[key].is_null(), "{key} in {s}");
        }
    }
    let find = |kind: &str, value: &str| {
        suggestions
            .iter()
            .find(|s| s["kind"] == kind && s["value"].as_str().unwrap().contains(value))
            .unwrap_or_else(|| panic!("{kind} {value} in {suggestions:?}"))
    };
    let number = find("org_number", "2947315-1");
    assert_eq!(number["confidence"], "high");
    assert!(number["quote"]
        .as_str()
        .unwrap()
        .contains("business ID 2947315-1"));
    let azure = find("processor", "Microsoft Azure");
    assert_eq!(azure["catalogue"], "microsoft-azure");
    assert_eq!(azure["line"], 48);
    let cassandra = find("processor", "Apache Cassandra");
    assert_eq!(
        cassandra["confidence"], "low",
        "software run in-house is no processor by itself"
    );
    find("transfer", "safeguard: EU-US Data Privacy Framework");
    find("retention", "3 months");
    // The page's comment names a tool the text does not: never proposed.
    assert!(!stdout(&out).contains("Google Analytics"));
    assert!(
        !dir.path().join("skyline.dpo").exists(),
        "draft writes nothing"
    );
}

#[test]
fn draft_marks_what_the_register_holds_and_says_how_to_accept() {
    let dir = tempfile::tempdir().unwrap();
    let out = dpo(
        dir.path(),
        &[
            "init",
            "skyline.dpo",
            "--name",
            "Skyline Cloud Oy",
            "--jurisdiction",
            "FI",
        ],
    );
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let out = dpo(dir.path(), &["draft", "skyline.dpo", "--from", SKYLINE]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let text = stdout(&out);
    assert!(
        text.contains("Skyline Cloud Oy  [high, line 20]  = in the register"),
        "{text}"
    );
    assert!(
        text.contains("Organisation number\n  2947315-1  [high, line 20]\n"),
        "{text}"
    );
    assert!(text.contains("then P and the policy's file"), "{text}");
    let json = dpo(
        dir.path(),
        &["draft", "skyline.dpo", "--from", SKYLINE, "--json"],
    );
    let doc: serde_json::Value = serde_json::from_str(&stdout(&json)).unwrap();
    let held: Vec<&str> = doc["suggestions"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|s| s["in_register"] == true)
        .map(|s| s["kind"].as_str().unwrap())
        .collect();
    assert_eq!(held, ["organisation_name", "jurisdiction"]);
}

#[test]
fn draft_reads_the_language_asked_for_and_refuses_what_is_not_a_policy() {
    let dir = tempfile::tempdir().unwrap();
    let policy = dir.path().join("personvern.txt");
    std::fs::write(&policy, "Vi lagrer regnskapet i syv år. Vi bruker Fiken.\n").unwrap();
    let out = dpo(
        dir.path(),
        &[
            "draft",
            "x.dpo",
            "--from",
            "personvern.txt",
            "--lang",
            "nb",
            "--json",
        ],
    );
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let doc: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(doc["language"], "nb");
    let values: Vec<&str> = doc["suggestions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["value"].as_str().unwrap())
        .collect();
    assert!(
        values.contains(&"7 years") && values.contains(&"Fiken"),
        "{values:?}"
    );

    std::fs::write(
        dir.path().join("policy.pdf"),
        [0x25u8, 0x50, 0x44, 0x46, 0xff, 0xfe],
    )
    .unwrap();
    let out = dpo(dir.path(), &["draft", "x.dpo", "--from", "policy.pdf"]);
    assert_eq!(code(&out), 2);
    assert!(
        stderr(&out).contains("is not UTF-8 text (byte 4)"),
        "{}",
        stderr(&out)
    );
    let out = dpo(
        dir.path(),
        &["draft", "x.dpo", "--from", "missing.html", "--json"],
    );
    assert_eq!(code(&out), 2);
    let error: serde_json::Value = serde_json::from_str(stderr(&out).trim()).unwrap();
    assert!(error["error"]["message"]
        .as_str()
        .unwrap()
        .contains("cannot read the policy missing.html"));
    let out = dpo(
        dir.path(),
        &["draft", "x.dpo", "--from", "personvern.txt", "--lang", "de"],
    );
    assert_eq!(code(&out), 2, "clap refuses an unknown language");
}

/// `-o` naming a pipe or a device (`/dev/stdout`, `/dev/null`) writes into
/// it: renaming a finished file over it would put a file in its place (a
/// run as root once replaced /dev/null so).
#[cfg(unix)]
#[test]
fn an_export_into_a_pipe_writes_into_it_and_leaves_it_a_pipe() {
    use std::os::unix::fs::FileTypeExt;
    let dir = tempfile::tempdir().unwrap();
    let o = dpo(dir.path(), &["init", "demo.dpo", "--demo"]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let fifo = dir.path().join("out.fifo");
    let name = std::ffi::CString::new(fifo.to_str().unwrap()).unwrap();
    // SAFETY: a NUL-terminated path; mkfifo reads it and returns.
    assert_eq!(unsafe { libc::mkfifo(name.as_ptr(), 0o600) }, 0);
    let reader = {
        let fifo = fifo.clone();
        std::thread::spawn(move || std::fs::read_to_string(fifo).unwrap())
    };
    let o = dpo(
        dir.path(),
        &[
            "export",
            "demo.dpo",
            "--table",
            "processors",
            "-o",
            "out.fifo",
        ],
    );
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let csv = reader.join().unwrap();
    assert!(csv.starts_with("id,name,"), "{csv}");
    let kind = std::fs::symlink_metadata(&fifo).unwrap().file_type();
    assert!(kind.is_fifo(), "the pipe was replaced by a file");
}
