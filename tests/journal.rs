//! The change journal and its hash chain: every change is recorded, and
//! `verify` finds every single-field edit of a journal entry or of a data row.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use dpo_workbench::platform::clock::Clock;
use dpo_workbench::store::{
    JournalFilter, Register, StoreError, ABOUT_THE_FILE, DERIVED, JOURNALED,
};
use rusqlite::Connection;

/// The moment these tests pretend it is, for the binary (`DPO_NOW`) and for
/// the registers they open themselves: nothing they check depends on the day
/// they run.
const MOMENT: &str = "2026-11-23T10:00:00Z";

fn clock() -> Clock {
    Clock::fixed(MOMENT.parse().unwrap())
}

fn demo(dir: &Path) -> PathBuf {
    common::demo_register(dir)
}

fn problems(path: &Path) -> Vec<String> {
    Register::open(path, clock())
        .unwrap()
        .verify_journal()
        .unwrap()
        .problems
}

/// A connection like another program's: without the workbench's functions,
/// triggers dropped so its writes go through, checks off.
fn tamperer(path: &Path) -> Connection {
    let conn = Connection::open(path).unwrap();
    conn.execute_batch("PRAGMA ignore_check_constraints = ON; PRAGMA foreign_keys = OFF;")
        .unwrap();
    drop_triggers(&conn);
    conn
}

fn drop_triggers(conn: &Connection) {
    let names: Vec<String> = conn
        .prepare("SELECT name FROM sqlite_master WHERE type = 'trigger'")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    for name in names {
        conn.execute_batch(&format!("DROP TRIGGER {name}")).unwrap();
    }
}

fn columns(conn: &Connection, table: &str) -> Vec<String> {
    conn.prepare(&format!("PRAGMA table_info({table})"))
        .unwrap()
        .query_map([], |r| r.get(1))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
}

const CHANGE: &str =
    "CASE typeof(\"{c}\") WHEN 'integer' THEN \"{c}\" + 1000 WHEN 'real' THEN \"{c}\" + 1 \
                      WHEN 'null' THEN 'x' ELSE \"{c}\" || 'x' END";

#[test]
fn a_new_register_verifies_and_its_journal_holds_every_record() {
    let dir = tempfile::tempdir().unwrap();
    let path = demo(dir.path());
    let register = Register::open(&path, clock()).unwrap();
    let report = register.verify_journal().unwrap();
    assert!(report.intact(), "{:?}", report.problems);
    assert!(report.records > 200);
    assert!(report.entries >= report.records);
    assert_eq!(report.head.len(), 64);
    let mut inserts = 0;
    register
        .for_each_journal_entry(
            &JournalFilter {
                table: Some("processors".into()),
                ..Default::default()
            },
            |e| {
                inserts += usize::from(e.action == "insert");
                assert_eq!(e.via, "cli");
                Ok::<(), StoreError>(())
            },
        )
        .unwrap();
    assert_eq!(inserts, 19);
}

#[test]
fn another_program_cannot_write_while_the_triggers_are_there() {
    let dir = tempfile::tempdir().unwrap();
    let path = demo(dir.path());
    let conn = Connection::open(&path).unwrap();
    let err = conn
        .execute("UPDATE processors SET notes = 'edited' WHERE id = 1", [])
        .unwrap_err();
    // The first of the workbench's functions the trigger calls is missing.
    assert!(err.to_string().contains("no such function: dpo_"), "{err}");
    assert!(problems(&path).is_empty());
}

#[test]
fn every_single_field_edit_of_a_row_is_found_in_every_table() {
    let dir = tempfile::tempdir().unwrap();
    let path = demo(dir.path());
    let conn = tamperer(&path);
    for &table in JOURNALED {
        let Some(rowid): Option<i64> = conn
            .query_row(&format!("SELECT rowid FROM {table} LIMIT 1"), [], |r| {
                r.get(0)
            })
            .ok()
        else {
            continue; // no rows of this table in the demo (closure days)
        };
        for c in columns(&conn, table) {
            let before: rusqlite::types::Value = conn
                .query_row(
                    &format!("SELECT \"{c}\" FROM {table} WHERE rowid = ?1"),
                    [rowid],
                    |r| r.get(0),
                )
                .unwrap();
            let change = CHANGE.replace("{c}", &c);
            conn.execute(
                &format!("UPDATE {table} SET \"{c}\" = {change} WHERE rowid = ?1"),
                [rowid],
            )
            .unwrap();
            let found = problems(&path);
            assert!(
                found.iter().any(|p| p.starts_with(&format!("{table}#"))),
                "{table}.{c}: {found:?}"
            );
            // Put it back (the open above reinstalled the triggers).
            drop_triggers(&conn);
            let new_id = if c == "id" { rowid + 1000 } else { rowid };
            conn.execute(
                &format!("UPDATE {table} SET \"{c}\" = ?1 WHERE rowid = ?2"),
                rusqlite::params![before, new_id],
            )
            .unwrap();
        }
        assert!(problems(&path).is_empty(), "{table} restored");
        drop_triggers(&conn);
    }
}

#[test]
fn a_row_added_or_deleted_behind_the_workbench_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let path = demo(dir.path());
    let conn = tamperer(&path);
    conn.execute("DELETE FROM transfers WHERE id = 1", [])
        .unwrap();
    conn.execute(
        "INSERT INTO closure_days (day, note) VALUES ('2026-12-24', 'added')",
        [],
    )
    .unwrap_or_else(|_| {
        conn.execute("INSERT INTO closure_days DEFAULT VALUES", [])
            .unwrap()
    });
    // An entry about a table the journal does not follow.
    conn.execute(
        "INSERT INTO journal (at, actor, via, tbl, record_id, action, before, after, prev_hash, hash)
         VALUES ('2026-11-23T10:00:00Z', 'x', 'x', 'ghosts', 7, 'insert', NULL, '{}', 'x', 'x')",
        [],
    )
    .unwrap();
    let found = problems(&path);
    assert!(
        found
            .iter()
            .any(|p| p.starts_with("transfers#1: in the journal but not in the register")),
        "{found:?}"
    );
    assert!(
        found
            .iter()
            .any(|p| p.starts_with("ghosts#7: in the journal but not in the register")),
        "{found:?}"
    );
    assert!(
        found
            .iter()
            .any(|p| p.starts_with("closure_days#") && p.contains("not in the journal")),
        "{found:?}"
    );
}

#[test]
fn a_register_rewritten_behind_the_workbench_lists_a_thousand_problems_and_counts_the_rest() {
    let dir = tempfile::tempdir().unwrap();
    let path = demo(dir.path());
    let conn = tamperer(&path);
    // 1,500 days off added by another program: each is a problem.
    conn.execute_batch(
        "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 1500)
         INSERT INTO closure_days (day)
         SELECT date('2030-01-01', '+' || i || ' days') FROM n",
    )
    .unwrap();
    let found = problems(&path);
    assert_eq!(found.len(), 1001, "{:?}", &found[..3]);
    assert!(found[0].starts_with("closure_days#"), "{}", found[0]);
    assert_eq!(
        found.last().unwrap(),
        "… and 500 more problems of the same kinds"
    );
}

#[test]
fn every_single_field_edit_of_a_journal_entry_breaks_the_chain() {
    let dir = tempfile::tempdir().unwrap();
    let path = demo(dir.path());
    let conn = tamperer(&path);
    for c in columns(&conn, "journal") {
        let before: rusqlite::types::Value = conn
            .query_row(
                &format!("SELECT \"{c}\" FROM journal WHERE seq = 5"),
                [],
                |r| r.get(0),
            )
            .unwrap();
        let change = CHANGE.replace("{c}", &c);
        conn.execute(
            &format!("UPDATE journal SET \"{c}\" = {change} WHERE seq = 5"),
            [],
        )
        .unwrap();
        let found = problems(&path);
        assert!(
            found
                .first()
                .is_some_and(|p| p.starts_with("journal entry")),
            "journal.{c}: {found:?}"
        );
        drop_triggers(&conn);
        let seq = if c == "seq" { 1005 } else { 5 };
        conn.execute(
            &format!("UPDATE journal SET \"{c}\" = ?1 WHERE seq = ?2"),
            rusqlite::params![before, seq],
        )
        .unwrap();
    }
    assert!(problems(&path).is_empty());
    drop_triggers(&conn); // the open above put the journal's guards back
    conn.execute("DELETE FROM journal WHERE seq = 7", [])
        .unwrap();
    let found = problems(&path);
    assert!(
        found[0].contains("does not follow the entry before it"),
        "{found:?}"
    );
}

fn dpo(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_dpo"))
        .args(args)
        .current_dir(dir)
        .env("DPO_NOW", MOMENT)
        .env_remove("DPO_REGISTER")
        .env("DPO_USER", "Kari Nordmann")
        .output()
        .expect("run dpo")
}

#[test]
fn dpo_verify_and_dpo_log_through_the_binary() {
    let dir = tempfile::tempdir().unwrap();
    let o = dpo(dir.path(), &["init", "demo.dpo", "--demo"]);
    assert_eq!(o.status.code(), Some(0));
    let o = dpo(dir.path(), &["verify", "demo.dpo"]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    assert!(String::from_utf8_lossy(&o.stdout).contains("demo.dpo: intact"));

    let o = dpo(
        dir.path(),
        &["log", "demo.dpo", "--table", "processors", "--id", "1"],
    );
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(
        out.contains("Kari Nordmann via cli: insert processors#1"),
        "{out}"
    );

    // An import is journaled as one.
    std::fs::write(
        dir.path().join("processors.csv"),
        "name,org_number,country,role,address,contact_email,service,parent_id,status,notes\n\
         Sveve AS,,NO,processor,,,SMS,,active,\n",
    )
    .unwrap();
    let o = dpo(
        dir.path(),
        &[
            "import",
            "demo.dpo",
            "--table",
            "processors",
            "processors.csv",
        ],
    );
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let o = dpo(
        dir.path(),
        &["log", "demo.dpo", "--table", "processors", "--json"],
    );
    let last: serde_json::Value =
        serde_json::from_str(String::from_utf8_lossy(&o.stdout).lines().last().unwrap()).unwrap();
    assert_eq!(last["via"], "import");
    assert_eq!(last["after"]["name"], "Sveve AS");

    let o = dpo(dir.path(), &["log", "demo.dpo", "--since", "2999-01-01"]);
    assert!(o.stdout.is_empty());
    let o = dpo(dir.path(), &["log", "demo.dpo", "--table", "nonsense"]);
    assert_eq!(o.status.code(), Some(2));

    let conn = tamperer(&dir.path().join("demo.dpo"));
    conn.execute("UPDATE requests SET notes = 'rewritten' WHERE id = 2", [])
        .unwrap();
    drop(conn);
    let o = dpo(dir.path(), &["verify", "demo.dpo"]);
    assert_eq!(o.status.code(), Some(1));
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(
        out.contains("requests#2: differs from the journal (notes:"),
        "{out}"
    );
    assert!(out.contains("NOT intact"), "{out}");
}

fn flip_one_byte(path: &Path) {
    let mut bytes = std::fs::read(path).unwrap();
    let at = bytes.len() / 2;
    bytes[at] ^= 0x01;
    std::fs::write(path, bytes).unwrap();
}

/// What a spreadsheet or a file manager leaves while the auditor reads the
/// bundle is named and passed over: the bundle is still intact.
#[test]
fn a_spreadsheets_lock_file_in_a_bundle_is_passed_over() {
    let dir = tempfile::tempdir().unwrap();
    let init = dpo(dir.path(), &["init", "demo.dpo", "--demo"]);
    assert_eq!(init.status.code(), Some(0));
    let o = dpo(dir.path(), &["bundle", "demo.dpo", "-o", "audit"]);
    assert_eq!(o.status.code(), Some(0));
    let audit = dir.path().join("audit");
    for litter in [
        "excel/.~lock.processors.csv#",
        ".DS_Store",
        "~$register.xlsx",
    ] {
        std::fs::write(audit.join(litter), "x").unwrap();
    }
    let o = dpo(dir.path(), &["verify", "audit"]);
    let said = String::from_utf8_lossy(&o.stdout);
    assert_eq!(o.status.code(), Some(0), "{said}");
    assert!(
        said.contains("excel/.~lock.processors.csv#: passed over"),
        "{said}"
    );
    assert!(said.contains("bundle intact"), "{said}");
    std::fs::write(audit.join("excel/extra.csv"), "a,b\n").unwrap();
    let o = dpo(dir.path(), &["verify", "audit"]);
    assert_eq!(o.status.code(), Some(1));
}

#[test]
fn a_bundle_passes_sha256sum_and_verify_and_any_changed_byte_fails() {
    let dir = tempfile::tempdir().unwrap();
    assert_eq!(
        dpo(dir.path(), &["init", "demo.dpo", "--demo"])
            .status
            .code(),
        Some(0)
    );
    let o = dpo(dir.path(), &["bundle", "demo.dpo", "-o", "audit"]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let audit = dir.path().join("audit");
    let sums = Command::new("sha256sum")
        .args(["-c", "SHA256SUMS"])
        .current_dir(&audit)
        .output()
        .expect("sha256sum (coreutils)");
    assert!(
        sums.status.success(),
        "{}",
        String::from_utf8_lossy(&sums.stdout)
    );
    // Every table in the two profiles, the workbook, and the three files about them.
    let tables = dpo_workbench::exchange::tables::Table::ALL.len();
    assert_eq!(
        String::from_utf8_lossy(&sums.stdout).lines().count(),
        2 * tables + 1 + 3
    );
    assert!(String::from_utf8_lossy(&sums.stdout).contains("register.xlsx: OK"));

    let manifest: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(audit.join("manifest.json")).unwrap())
            .unwrap();
    assert_eq!(manifest["organisation"]["name"], "Fjordvakt Telemetri AS");
    assert_eq!(
        manifest["schema_version"],
        dpo_workbench::store::SCHEMA_VERSION
    );
    let head = Register::open(&dir.path().join("demo.dpo"), clock())
        .unwrap()
        .verify_journal()
        .unwrap()
        .head;
    assert_eq!(manifest["journal_head"], head.as_str());
    let processors = manifest["files"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["path"] == "excel/processors.csv")
        .unwrap();
    assert_eq!(processors["records"], 19);
    let workbook = manifest["files"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["path"] == "register.xlsx")
        .expect("the workbook is listed in the manifest");
    assert_eq!(workbook["sha256"].as_str().unwrap().len(), 64);
    assert!(std::fs::read_to_string(audit.join("README.txt"))
        .unwrap()
        .contains("sha256sum -c SHA256SUMS"));

    let o = dpo(dir.path(), &["verify", "audit"]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stdout)
    );

    // One byte changed anywhere: a table, the manifest, the README.
    for file in [
        "excel/processors.csv",
        "rfc4180/breaches.csv",
        "manifest.json",
        "README.txt",
    ] {
        let copy = dir.path().join(format!("copy-{}", file.replace('/', "-")));
        let o = Command::new("cp")
            .args(["-r"])
            .arg(&audit)
            .arg(&copy)
            .output()
            .unwrap();
        assert!(o.status.success());
        flip_one_byte(&copy.join(file));
        let o = dpo(dir.path(), &["verify", copy.to_str().unwrap()]);
        assert_eq!(o.status.code(), Some(1), "{file}");
        assert!(
            String::from_utf8_lossy(&o.stdout)
                .contains(&format!("{file}: changed since the bundle was made")),
            "{file}"
        );
    }
    std::fs::write(audit.join("excel").join("extra.csv"), "a,b\n").unwrap();
    let o = dpo(dir.path(), &["verify", "audit"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stdout).contains("excel/extra.csv: not part of the bundle"));

    let o = dpo(dir.path(), &["bundle", "demo.dpo", "-o", "audit"]);
    assert_eq!(
        o.status.code(),
        Some(2),
        "a bundle never mixes with old files"
    );
}

fn files_of(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut out: Vec<(String, Vec<u8>)> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .map(|p| {
            (
                p.file_name().unwrap().to_string_lossy().into_owned(),
                std::fs::read(&p).unwrap(),
            )
        })
        .collect();
    out.sort();
    out
}

#[test]
fn the_register_as_of_a_moment_reproduces_the_export_made_then() {
    use dpo_workbench::exchange::export::{export_all, ExportOptions};
    let dir = tempfile::tempdir().unwrap();
    let path = demo(dir.path());
    let minutes = |n| clock().now() + chrono::Duration::minutes(n);
    let options = ExportOptions::at(clock().now());
    export_all(
        &Register::open(&path, clock()).unwrap(),
        options,
        &dir.path().join("then"),
        &Default::default(),
    )
    .unwrap();
    let cutoff = minutes(1);
    // Changes of every kind afterwards: an update, deletes with their children.
    let mut register = Register::open(&path, Clock::fixed(minutes(2))).unwrap();
    let row = register.processor(1).unwrap().unwrap();
    let mut fields = row.processor.fields.clone();
    fields.notes = "renegotiated".into();
    register
        .update_processor(1, row.processor.revision, &fields)
        .unwrap();
    register.delete_request(2).unwrap();
    register.delete_breach(1).unwrap();

    export_all(
        &register.as_of(cutoff).unwrap(),
        options,
        &dir.path().join("as-of"),
        &Default::default(),
    )
    .unwrap();
    assert_eq!(
        files_of(&dir.path().join("then")),
        files_of(&dir.path().join("as-of"))
    );
    // And as of now, it is the register as it is.
    export_all(
        &register,
        options,
        &dir.path().join("now"),
        &Default::default(),
    )
    .unwrap();
    export_all(
        &register.as_of(minutes(3)).unwrap(),
        options,
        &dir.path().join("as-of-now"),
        &Default::default(),
    )
    .unwrap();
    assert_eq!(
        files_of(&dir.path().join("now")),
        files_of(&dir.path().join("as-of-now"))
    );
    assert_ne!(
        files_of(&dir.path().join("now")),
        files_of(&dir.path().join("then"))
    );
    // Before the register existed, it was empty.
    // Before the journal starts there is nothing to rebuild, and it says so.
    let before = register.as_of(cutoff - chrono::Duration::days(1));
    assert!(
        matches!(&before, Err(StoreError::Invalid(e)) if e.get("as_of").unwrap().contains("journal starts at")),
        "{:?}",
        before.err()
    );
}

#[test]
fn dpo_export_as_of_a_day_before_the_register_is_refused_with_the_journal_start() {
    let dir = tempfile::tempdir().unwrap();
    assert_eq!(
        dpo(dir.path(), &["init", "demo.dpo", "--demo"])
            .status
            .code(),
        Some(0)
    );
    let o = dpo(
        dir.path(),
        &[
            "export",
            "demo.dpo",
            "--table",
            "processors",
            "--as-of",
            "2000-01-01",
        ],
    );
    assert_eq!(o.status.code(), Some(2), "before the register existed");
    assert!(String::from_utf8_lossy(&o.stderr).contains("journal starts at"));
    assert!(o.stdout.is_empty());
    let today = dpo(dir.path(), &["export", "demo.dpo", "--table", "processors"]);
    let o = dpo(
        dir.path(),
        &[
            "export",
            "demo.dpo",
            "--table",
            "processors",
            "--as-of",
            "2199-12-31",
        ],
    );
    assert!(
        o.stdout == today.stdout,
        "a day after every change: the register as it is"
    );
    let o = dpo(
        dir.path(),
        &[
            "export",
            "demo.dpo",
            "--table",
            "processors",
            "--as-of",
            "yesterday",
        ],
    );
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn a_signed_bundle_names_its_key_and_a_rewritten_manifest_fails_the_signature() {
    let dir = tempfile::tempdir().unwrap();
    assert_eq!(
        dpo(dir.path(), &["init", "demo.dpo", "--demo"])
            .status
            .code(),
        Some(0)
    );
    let o = dpo(dir.path(), &["keygen", "-o", "keys/signing.key"]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let public = String::from_utf8_lossy(&o.stdout)
        .lines()
        .last()
        .unwrap()
        .to_string();
    assert_eq!(public.len(), 64);
    let o = dpo(dir.path(), &["keygen", "-o", "keys/signing.key"]);
    assert_eq!(o.status.code(), Some(2), "a key is never overwritten");

    let o = dpo(
        dir.path(),
        &[
            "bundle",
            "demo.dpo",
            "-o",
            "audit",
            "--key",
            "keys/signing.key",
        ],
    );
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let audit = dir.path().join("audit");
    assert!(audit.join("manifest.json.sig").is_file());
    let o = dpo(dir.path(), &["verify", "audit", "--public-key", &public]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stdout)
    );
    assert!(String::from_utf8_lossy(&o.stdout).contains(&format!("signed by {public}")));

    let other = dpo(dir.path(), &["keygen", "-o", "keys/other.key"]);
    let other = String::from_utf8_lossy(&other.stdout)
        .lines()
        .last()
        .unwrap()
        .to_string();
    let o = dpo(dir.path(), &["verify", "audit", "--public-key", &other]);
    assert_eq!(o.status.code(), Some(1), "signed by another key");

    // A forger rewrites the manifest and recomputes every checksum: only the
    // signature gives it away.
    let manifest = audit.join("manifest.json");
    let text = std::fs::read_to_string(&manifest)
        .unwrap()
        .replace("Fjordvakt", "Fjordvakk");
    std::fs::write(&manifest, text).unwrap();
    let sums = Command::new("sh")
        .args([
            "-c",
            "sha256sum $(cut -c67- SHA256SUMS) > SHA256SUMS.new && mv SHA256SUMS.new SHA256SUMS",
        ])
        .current_dir(&audit)
        .output()
        .unwrap();
    assert!(sums.status.success());
    let o = dpo(dir.path(), &["verify", "audit"]);
    assert_eq!(o.status.code(), Some(1));
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(
        out.contains("manifest.json.sig: the signature does not match"),
        "{out}"
    );
}

#[test]
fn a_register_from_before_the_journal_starts_it_with_a_baseline_and_verifies() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("old.dpo");
    {
        let conn = Connection::open(&path).unwrap();
        conn.pragma_update(
            None,
            "application_id",
            dpo_workbench::store::APPLICATION_ID as i32,
        )
        .unwrap();
        conn.pragma_update(None, "journal_mode", "WAL").unwrap();
        for sql in [
            include_str!("../src/store/migrations/001_foundation.sql"),
            include_str!("../src/store/migrations/002_requests.sql"),
            include_str!("../src/store/migrations/003_breaches.sql"),
            include_str!("../src/store/migrations/004_activities.sql"),
            include_str!("../src/store/migrations/005_agreements.sql"),
        ] {
            conn.execute_batch(sql).unwrap();
        }
        conn.pragma_update(None, "user_version", 5).unwrap();
        conn.execute_batch(
            "INSERT INTO organisation (id, name, role, created_at, updated_at)
                 VALUES (1, 'Gammel AS', 'controller', '2025-01-01T00:00:00Z', '2025-01-01T00:00:00Z');
             INSERT INTO processors (name, country, role, status, created_at, updated_at)
                 VALUES ('Tripletex AS', 'NO', 'processor', 'active', '2025-01-01T00:00:00Z', '2025-01-01T00:00:00Z');",
        )
        .unwrap();
    }
    let register = Register::open(&path, clock()).unwrap();
    let report = register.verify_journal().unwrap();
    assert!(report.intact(), "{:?}", report.problems);
    let mut baseline = Vec::new();
    register
        .for_each_journal_entry(&JournalFilter::default(), |e| {
            baseline.push((e.action.clone(), e.via.clone(), e.table.clone()));
            Ok::<(), StoreError>(())
        })
        .unwrap();
    assert!(baseline.contains(&("baseline".into(), "migration".into(), "organisation".into())));
    assert!(baseline.contains(&("baseline".into(), "migration".into(), "processors".into())));
    assert_eq!(baseline.len(), report.records, "one baseline entry per row");
}

#[cfg(unix)]
#[test]
fn exports_and_bundles_are_readable_by_their_owner_only() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    assert_eq!(
        dpo(dir.path(), &["init", "demo.dpo", "--demo"])
            .status
            .code(),
        Some(0)
    );
    assert_eq!(
        dpo(dir.path(), &["export", "demo.dpo", "--all", "-o", "out"])
            .status
            .code(),
        Some(0)
    );
    assert_eq!(
        dpo(
            dir.path(),
            &[
                "export",
                "demo.dpo",
                "--table",
                "requests",
                "-o",
                "requests.csv"
            ]
        )
        .status
        .code(),
        Some(0)
    );
    assert_eq!(
        dpo(dir.path(), &["bundle", "demo.dpo", "-o", "audit"])
            .status
            .code(),
        Some(0)
    );
    let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    for folder in ["out", "audit", "audit/excel", "audit/rfc4180"] {
        assert_eq!(mode(&dir.path().join(folder)), 0o700, "{folder}");
    }
    for file in [
        "demo.dpo",
        "requests.csv",
        "out/processors.csv",
        "audit/manifest.json",
        "audit/SHA256SUMS",
        "audit/README.txt",
        "audit/excel/breaches.csv",
    ] {
        assert_eq!(mode(&dir.path().join(file)), 0o600, "{file}");
    }
}

#[test]
fn a_removed_journal_guard_is_reported_refuses_writes_and_is_put_back_on_request() {
    let dir = tempfile::tempdir().unwrap();
    assert_eq!(
        dpo(dir.path(), &["init", "demo.dpo", "--demo"])
            .status
            .code(),
        Some(0)
    );
    let conn = Connection::open(dir.path().join("demo.dpo")).unwrap();
    conn.execute_batch("DROP TRIGGER journal_no_update")
        .unwrap();
    drop(conn);
    let count = || -> i64 {
        Connection::open(dir.path().join("demo.dpo"))
            .unwrap()
            .query_row(
                "SELECT count(*) FROM sqlite_master WHERE name = 'journal_no_update'",
                [],
                |r| r.get(0),
            )
            .unwrap()
    };
    for _ in 0..2 {
        // Verify only reads: reported every time, never put back by itself.
        let o = dpo(dir.path(), &["verify", "demo.dpo"]);
        assert_eq!(o.status.code(), Some(1));
        assert!(String::from_utf8_lossy(&o.stdout)
            .contains("the register's trigger 'journal_no_update' is missing"));
        assert_eq!(count(), 0);
    }
    let mut register = Register::open(&dir.path().join("demo.dpo"), clock()).unwrap();
    let refused = register.delete_request(1).unwrap_err();
    assert!(
        matches!(refused, StoreError::ForeignSchema { .. }),
        "{refused}"
    );
    drop(register);
    let o = dpo(dir.path(), &["verify", "demo.dpo", "--repair"]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stdout)
    );
    assert!(String::from_utf8_lossy(&o.stderr).contains("put back the trigger 'journal_no_update'"));
    assert_eq!(count(), 1);
}

#[test]
fn a_bundle_whose_sums_point_outside_it_is_refused_line_by_line() {
    let dir = tempfile::tempdir().unwrap();
    assert_eq!(
        dpo(dir.path(), &["init", "demo.dpo", "--demo"])
            .status
            .code(),
        Some(0)
    );
    assert_eq!(
        dpo(dir.path(), &["bundle", "demo.dpo", "-o", "audit"])
            .status
            .code(),
        Some(0)
    );
    let sums = dir.path().join("audit").join("SHA256SUMS");
    let mut text = std::fs::read_to_string(&sums).unwrap();
    text.push_str(&format!(
        "{}  ../demo.dpo\n{}  /etc/hostname\n",
        "0".repeat(64),
        "0".repeat(64)
    ));
    std::fs::write(&sums, text).unwrap();
    let o = dpo(dir.path(), &["verify", "audit"]);
    assert_eq!(o.status.code(), Some(1));
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(
        out.contains("'../demo.dpo' points outside the bundle"),
        "{out}"
    );
    assert!(
        out.contains("'/etc/hostname' points outside the bundle"),
        "{out}"
    );
}

#[test]
fn every_table_of_the_schema_is_journaled() {
    let dir = tempfile::tempdir().unwrap();
    let path = demo(dir.path());
    let conn = Connection::open(&path).unwrap();
    let mut tables: Vec<String> = conn
        .prepare(
            "SELECT name FROM sqlite_master WHERE type = 'table'
             AND name NOT LIKE 'sqlite_%' AND name <> 'journal' ORDER BY name",
        )
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<Vec<String>, _>>()
        .unwrap()
        .into_iter()
        .filter(|t| !DERIVED.iter().any(|d| t.starts_with(d)))
        .filter(|t| !ABOUT_THE_FILE.contains(&t.as_str()))
        .collect();
    let mut journaled: Vec<String> = JOURNALED.iter().map(|t| t.to_string()).collect();
    tables.sort();
    journaled.sort();
    assert_eq!(tables, journaled, "a new table must be added to JOURNALED");
}

#[test]
fn before_a_journal_that_starts_within_a_minute_the_first_whole_minute_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let made: chrono::DateTime<chrono::Utc> = "2026-11-23T10:00:30Z".parse().unwrap();
    let organisation = dpo_workbench::domain::organisation::Organisation {
        name: "Acme AS".into(),
        time_zone: chrono_tz::Europe::Oslo,
        ..Default::default()
    };
    let register = Register::create(
        &dir.path().join("acme.dpo"),
        &organisation,
        Clock::fixed(made),
        |_| Ok::<(), StoreError>(()),
    )
    .unwrap();
    let Err(StoreError::Invalid(errors)) = register.as_of("2026-11-23T10:00:00Z".parse().unwrap())
    else {
        panic!("a moment before the journal is refused");
    };
    let said = errors.get("as_of").unwrap();
    assert!(
        said.contains("starts at Mon 23 Nov 2026 11:00:30 CET")
            && said.contains("view 2026-11-23 11:01 or later"),
        "{said}"
    );
    // And that minute is there to view.
    assert!(register
        .as_of("2026-11-23T10:01:00Z".parse().unwrap())
        .is_ok());
}

/// `keygen -o NAME.pub` would write the public key over the private one, and
/// a link at the public key's place would be followed: both refused before
/// anything is written.
#[test]
fn keygen_never_writes_the_public_key_over_the_private_one_or_through_a_link() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("k")).unwrap();
    for named in ["k/c.PUB", "k/b.pub"] {
        let o = dpo(dir.path(), &["keygen", "-o", named]);
        assert_eq!(o.status.code(), Some(2), "{named}");
    }
    let o = dpo(dir.path(), &["keygen", "-o", "k/b.pub"]);
    assert!(String::from_utf8_lossy(&o.stderr).contains("name the private key otherwise"));
    assert!(!dir.path().join("k/b.pub").exists());
    std::fs::write(dir.path().join("precious.txt"), "precious\n").unwrap();
    std::os::unix::fs::symlink("../precious.txt", dir.path().join("k/a.pub")).unwrap();
    let o = dpo(dir.path(), &["keygen", "-o", "k/a.key"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        !dir.path().join("k/a.key").exists(),
        "no private key without its public one"
    );
    let precious = std::fs::read_to_string(dir.path().join("precious.txt")).unwrap();
    assert_eq!(precious, "precious\n");
}

/// A file whose pages are damaged (an index's bytes scrambled) is not
/// called intact: `dpo verify` runs SQLite's page check first.
#[test]
fn verify_finds_a_damaged_index_page() {
    let dir = tempfile::tempdir().unwrap();
    let init = dpo(dir.path(), &["init", "demo.dpo", "--demo"]);
    assert_eq!(init.status.code(), Some(0));
    let path = dir.path().join("demo.dpo");
    let (page, size): (i64, i64) = {
        let conn = rusqlite::Connection::open(&path).unwrap();
        let page = conn
            .query_row(
                "SELECT rootpage FROM sqlite_master WHERE name = 'processors_by_name'",
                [],
                |r| r.get(0),
            )
            .unwrap();
        let size = conn
            .query_row("PRAGMA page_size", [], |r| r.get(0))
            .unwrap();
        (page, size)
    };
    let mut bytes = std::fs::read(&path).unwrap();
    let end = usize::try_from(page * size).unwrap();
    bytes[end - 400..end].reverse();
    bytes[end - size as usize + 3] ^= 0x7f; // the page's cell count
    std::fs::write(&path, bytes).unwrap();
    let o = dpo(dir.path(), &["verify", "demo.dpo"]);
    let said = String::from_utf8_lossy(&o.stdout);
    assert_eq!(o.status.code(), Some(1), "{said}");
    assert!(said.contains("the file is damaged (SQLite: "), "{said}");
    assert!(said.contains("NOT intact"), "{said}");
    // Damaged where its schema is, it cannot be opened: the same verdict.
    let mut bytes = std::fs::read(&path).unwrap();
    bytes[100..108].fill(0xff);
    std::fs::write(&path, bytes).unwrap();
    let o = dpo(dir.path(), &["verify", "demo.dpo"]);
    let said = String::from_utf8_lossy(&o.stdout);
    assert_eq!(o.status.code(), Some(1), "{said}");
    assert!(said.contains("NOT intact — the file is damaged"), "{said}");
}
