//! Registers on a PostgreSQL server (issue V): pushed with their journal,
//! pulled as read-only copies, verified with the code that verifies a file;
//! the server's journal chained by its trigger, append-only by grants and
//! guards, the actor the database role; several writers at once lose no
//! update and break no link.
//!
//! They need a server: `DPO_TEST_POSTGRES` names one (a superuser's address
//! without `register=`; `scripts/pg_cluster.sh start` makes a throw-away
//! cluster and prints it, as `.ci/run` does). Without it each test says on
//! standard error that it was skipped, and passes.

mod common;

use std::io::Write;
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};

use dpo_workbench::domain::processor::ProcessorFields;
use dpo_workbench::record::processor::ProcessorKind;
use dpo_workbench::store::server::{self, ServerAddress};
use dpo_workbench::store::{Register, StoreError};

/// The server's address (without a register), or `None` after saying that
/// `test` was skipped.
fn server_or_skip(test: &str) -> Option<String> {
    match std::env::var("DPO_TEST_POSTGRES") {
        Ok(url) if !url.trim().is_empty() => Some(url),
        _ => {
            // Past the test harness's capture, so a run without a server says so.
            let _ = writeln!(
                std::io::stderr(),
                "skipped {test}: no PostgreSQL (set DPO_TEST_POSTGRES, e.g. from scripts/pg_cluster.sh start)"
            );
            None
        }
    }
}

/// Drops a test's register from the server when the test ends, so the
/// server's portfolio stays small.
struct Scratch {
    base: String,
    name: String,
}

impl Drop for Scratch {
    fn drop(&mut self) {
        if let Ok(mut admin) = postgres::Client::connect(
            &self.base.replace("postgres://", "postgresql://"),
            postgres::NoTls,
        ) {
            let role = format!("dpo_reg_{}", self.name);
            let _ = admin.batch_execute(&format!(
                "DROP SCHEMA IF EXISTS {} CASCADE; DROP OWNED BY {role}; DROP ROLE IF EXISTS {role}",
                self.name
            ));
            let _ = admin.batch_execute(&format!("DROP SCHEMA IF EXISTS {} CASCADE", self.name));
        }
    }
}

/// A register name of this test run's own, its schema dropped if a run
/// before left it, and again when the returned guard goes.
fn fresh_register(base: &str, tag: &str) -> (ServerAddress, String, Scratch) {
    static COUNT: AtomicUsize = AtomicUsize::new(0);
    let name = format!(
        "t_{tag}_{}_{}",
        std::process::id(),
        COUNT.fetch_add(1, Ordering::SeqCst)
    );
    let url = format!(
        "{base}{}register={name}",
        if base.contains('?') { "&" } else { "?" }
    );
    let mut admin = admin(base);
    admin
        .batch_execute(&format!("DROP SCHEMA IF EXISTS {name} CASCADE"))
        .unwrap();
    // Tests (and the faked-clock runs) start at once: one adds the extension.
    admin
        .batch_execute(
            "BEGIN; SELECT pg_advisory_xact_lock(4242); \
             CREATE EXTENSION IF NOT EXISTS pg_trgm; COMMIT;",
        )
        .unwrap();
    let scratch = Scratch {
        base: base.to_string(),
        name: name.clone(),
    };
    (ServerAddress::parse(&url).unwrap(), url, scratch)
}

fn admin(base: &str) -> postgres::Client {
    let url = base.replace("postgres://", "postgresql://");
    postgres::Client::connect(&url, postgres::NoTls).unwrap()
}

/// A register of this run's own on the server holding the demo, pushed from
/// a file in the returned folder: the folder, its address and URL, the
/// guard that drops it, and what the push moved.
fn demo_on_server(
    base: &str,
    tag: &str,
) -> (
    tempfile::TempDir,
    ServerAddress,
    String,
    Scratch,
    server::Moved,
) {
    let dir = tempfile::tempdir().unwrap();
    let (address, url, scratch) = fresh_register(base, tag);
    let moved = pushed_demo(dir.path(), &address);
    (dir, address, url, scratch, moved)
}

/// The demo register, pushed; its file's verification.
fn pushed_demo(dir: &Path, address: &ServerAddress) -> server::Moved {
    let file = common::demo_register(dir);
    let register = Register::open(&file, common::clock()).unwrap();
    server::push(&register, address, common::clock()).unwrap()
}

#[test]
fn a_pushed_register_verifies_on_the_server_with_the_file_s_head() {
    let Some(base) =
        server_or_skip("a_pushed_register_verifies_on_the_server_with_the_file_s_head")
    else {
        return;
    };
    let (dir, address, _, _scratch, moved) = demo_on_server(&base, "push");
    let file = Register::open(&dir.path().join("demo.dpo"), common::clock()).unwrap();
    let local = file.verify_journal().unwrap();
    assert!(moved.records > 50 && moved.entries > 50, "{moved:?}");
    assert_eq!(moved.head, local.head);

    let remote = server::verify_on_server(&address, common::clock()).unwrap();
    assert!(remote.intact(), "{:?}", remote.problems);
    assert_eq!(remote.head, local.head);
    assert_eq!(
        (remote.entries, remote.records),
        (local.entries, local.records)
    );

    // A push never overwrites a register that is there.
    let again = server::push(&file, &address, common::clock()).unwrap_err();
    assert!(again.to_string().contains("never overwrites"), "{again}");
}

#[test]
fn a_pulled_copy_holds_the_same_register_and_refuses_writes() {
    let Some(base) = server_or_skip("a_pulled_copy_holds_the_same_register_and_refuses_writes")
    else {
        return;
    };
    let (dir, address, _, _scratch, moved) = demo_on_server(&base, "pull");
    let copy = dir.path().join("travel.dpo");
    let key = "a long travel passphrase";
    let pulled = server::pull(&address, &copy, Some(key), common::clock()).unwrap();
    assert_eq!(
        (pulled.records, pulled.entries),
        (moved.records, moved.entries)
    );
    assert_eq!(pulled.head, moved.head);

    // Encrypted: without the passphrase it does not open.
    // Encrypted: without its passphrase another program cannot read it.
    let info = common::dpo_with(dir.path(), &[], &["info", "travel.dpo"]);
    assert_eq!(info.status.code(), Some(3), "{}", common::said(&info));
    assert!(common::said(&info).contains("passphrase"));
    let mut register = Register::open_with_passphrase(&copy, key, common::clock()).unwrap();
    assert!(register.is_read_only());
    let from = register.pulled_from().unwrap().unwrap();
    assert_eq!(from.journal_hash, moved.head);
    let verification = register.verify_journal().unwrap();
    assert!(verification.intact(), "{:?}", verification.problems);
    assert!(register.schema_findings().unwrap().is_empty());
    let refused = register.delete_processor(1).unwrap_err();
    assert!(
        matches!(refused, StoreError::PulledCopy { .. }),
        "{refused}"
    );

    // The same export, byte for byte, as the file that was pushed.
    let export = |file: &str, out: &str| {
        let o = common::dpo_with(
            dir.path(),
            &[("DPO_PASSPHRASE", key)],
            &["export", file, "--all", "-o", out],
        );
        assert!(o.status.success(), "{}", common::said(&o));
    };
    export("demo.dpo", "from-file");
    export("travel.dpo", "from-server");
    for entry in std::fs::read_dir(dir.path().join("from-file")).unwrap() {
        let entry = entry.unwrap();
        let theirs = std::fs::read(dir.path().join("from-server").join(entry.file_name())).unwrap();
        assert_eq!(
            std::fs::read(entry.path()).unwrap(),
            theirs,
            "{:?}",
            entry.file_name()
        );
    }
}

/// A revision-checked update of processor 1's notes, as the store saves
/// one: `Ok(true)` accepted, `Ok(false)` refused as stale.
fn save_notes(client: &mut postgres::Client, schema: &str, revision: i64, notes: &str) -> bool {
    let mut tx = client.transaction().unwrap();
    tx.execute(
        "SELECT set_config('dpo.now', '2026-11-23T10:00:00.000Z', true), set_config('dpo.via', 'tui', true)",
        &[],
    )
    .unwrap();
    let n = tx
        .execute(
            &format!(
                "UPDATE {schema}.processors SET notes = $1, revision = revision + 1
                 WHERE id = 1 AND revision = $2"
            ),
            &[&notes, &revision],
        )
        .unwrap();
    tx.commit().unwrap();
    n == 1
}

#[test]
fn writers_at_once_lose_no_update_and_the_chain_holds() {
    let Some(base) = server_or_skip("writers_at_once_lose_no_update_and_the_chain_holds") else {
        return;
    };
    let (_dir, address, _, _scratch, moved) = demo_on_server(&base, "race");
    let schema = address.register.clone();
    const WRITERS: usize = 6;
    const ATTEMPTS: usize = 60;
    let results: Vec<Vec<(String, bool)>> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..WRITERS)
            .map(|w| {
                let (base, schema) = (base.clone(), schema.clone());
                s.spawn(move || {
                    let mut client = admin(&base);
                    (0..ATTEMPTS)
                        .map(|i| {
                            let revision: i64 = client
                                .query_one(
                                    &format!(
                                        "SELECT revision FROM {schema}.processors WHERE id = 1"
                                    ),
                                    &[],
                                )
                                .unwrap()
                                .get(0);
                            let notes = format!("writer {w}, attempt {i}");
                            let ok = save_notes(&mut client, &schema, revision, &notes);
                            (notes, ok)
                        })
                        .collect()
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    let accepted: Vec<&String> = results
        .iter()
        .flatten()
        .filter(|(_, ok)| *ok)
        .map(|(n, _)| n)
        .collect();
    let refused = WRITERS * ATTEMPTS - accepted.len();
    assert!(
        !accepted.is_empty() && refused > 0,
        "{} accepted",
        accepted.len()
    );
    println!(
        "{WRITERS} writers: {} saves accepted, {refused} refused as stale",
        accepted.len()
    );

    let mut client = admin(&base);
    let row = client
        .query_one(
            &format!("SELECT revision, notes FROM {schema}.processors WHERE id = 1"),
            &[],
        )
        .unwrap();
    let (revision, notes): (i64, String) = (row.get(0), row.get(1));
    // Every accepted save raised the revision once: none was overwritten unseen.
    let start = 1; // the demo's processor 1 was never edited
    assert_eq!(revision, start + accepted.len() as i64);
    assert!(accepted.contains(&&notes));
    let updates: i64 = client
        .query_one(
            &format!("SELECT count(*) FROM {schema}.journal WHERE tbl = 'processors' AND record_id = 1 AND action = 'update'"),
            &[],
        )
        .unwrap()
        .get(0);
    assert_eq!(updates, accepted.len() as i64);

    let verification = server::verify_on_server(&address, common::clock()).unwrap();
    assert!(verification.intact(), "{:?}", verification.problems);
    assert_eq!(verification.entries, moved.entries + accepted.len());
}

#[test]
fn the_journal_on_the_server_is_append_only_and_names_the_role() {
    let Some(base) = server_or_skip("the_journal_on_the_server_is_append_only_and_names_the_role")
    else {
        return;
    };
    let (dir, address, url, _scratch, _) = demo_on_server(&base, "guard");
    let setup = common::dpo_with(dir.path(), &[], &["server-setup", &url]);
    assert!(setup.status.success(), "{}", common::said(&setup));
    let schema = &address.register;
    let role = format!("dpo_kari_{}", std::process::id());
    let mut admin = admin(&base);
    admin
        .batch_execute(&format!(
            "DROP ROLE IF EXISTS {role}; CREATE ROLE {role} LOGIN IN ROLE dpo_team"
        ))
        .unwrap();
    let as_kari = base.replacen("postgres://dpo@", &format!("postgresql://{role}@"), 1);
    let mut kari = postgres::Client::connect(&as_kari, postgres::NoTls).unwrap();

    // Without the workbench's moment, a write is refused; with it, journaled as kari.
    let bare = kari.execute(
        &format!("UPDATE {schema}.processors SET notes = 'x' WHERE id = 1"),
        &[],
    );
    assert!(bare.unwrap_err().to_string().contains("db error"));
    assert!(save_notes(&mut kari, schema, 1, "checked on site"));
    let actor: String = kari
        .query_one(
            &format!("SELECT actor FROM {schema}.journal ORDER BY seq DESC LIMIT 1"),
            &[],
        )
        .unwrap()
        .get(0);
    assert_eq!(actor, role);

    // The team may not write the journal, nor call the entry function itself.
    for sql in [
        format!("INSERT INTO {schema}.journal (seq, at, actor, via, tbl, record_id, action, prev_hash, hash) VALUES (99999, 'a', 'b', 'c', 'd', 1, 'insert', '', '')"),
        format!("UPDATE {schema}.journal SET actor = 'someone else'"),
        format!("DELETE FROM {schema}.journal"),
        format!("SELECT {schema}.dpo_journal_entry('processors', 1, 'update', '{{}}', '{{}}')"),
    ] {
        assert!(kari.batch_execute(&sql).is_err(), "{sql}");
    }
    // Nor write one of their own: a temporary table of the bookkeeping's
    // name does not stop the journal, the trigger's function cannot be put
    // on a table of theirs.
    let before: i64 = kari
        .query_one(&format!("SELECT count(*) FROM {schema}.journal"), &[])
        .unwrap()
        .get(0);
    kari.batch_execute(
        "CREATE TEMP TABLE dpo_loading (txid bigint); INSERT INTO dpo_loading VALUES (txid_current());
         CREATE TEMP TABLE journal (LIKE pg_catalog.pg_class)",
    )
    .unwrap();
    assert!(save_notes(&mut kari, schema, 2, "still journaled"));
    let after: i64 = kari
        .query_one(&format!("SELECT count(*) FROM {schema}.journal"), &[])
        .unwrap()
        .get(0);
    assert_eq!(after, before + 1, "a temporary table stopped the journal");
    let attach = kari.batch_execute(&format!(
        "CREATE TEMP TABLE forged (id bigint);
         CREATE TRIGGER forge AFTER INSERT ON forged FOR EACH ROW EXECUTE FUNCTION {schema}.journal_processors()"
    ));
    assert!(
        attach.is_err(),
        "the journal's trigger function was attached elsewhere"
    );
    // Nor may the owner change or empty it.
    for sql in [
        format!("UPDATE {schema}.journal SET actor = 'someone else'"),
        format!("TRUNCATE {schema}.journal"),
    ] {
        let e = admin.batch_execute(&sql).unwrap_err();
        assert!(format!("{e:?}").contains("append-only"), "{sql}: {e:?}");
    }
    let verification = server::verify_on_server(&address, common::clock()).unwrap();
    assert!(verification.intact(), "{:?}", verification.problems);
    drop(kari);
    admin
        .batch_execute(&format!("DROP OWNED BY {role}; DROP ROLE {role}"))
        .unwrap();
}

#[test]
fn verify_names_a_row_changed_behind_the_journal_and_a_disabled_trigger() {
    let Some(base) =
        server_or_skip("verify_names_a_row_changed_behind_the_journal_and_a_disabled_trigger")
    else {
        return;
    };
    let (dir, address, url, _scratch, _) = demo_on_server(&base, "tamper");
    let schema = &address.register;
    admin(&base)
        .batch_execute(&format!(
            "ALTER TABLE {schema}.processors DISABLE TRIGGER journal_processors;
             UPDATE {schema}.processors SET notes = 'quietly changed' WHERE id = 2;"
        ))
        .unwrap();
    let o = common::dpo_with(dir.path(), &[], &["verify", &url, "--json"]);
    assert_eq!(o.status.code(), Some(1), "{}", common::said(&o));
    let doc: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let problems = doc["problems"].to_string();
    assert!(problems.contains("processors#2"), "{problems}");
    assert!(
        problems.contains("trigger journal_processors is missing or disabled"),
        "{problems}"
    );
    assert_eq!(doc["intact"], false);
}

#[test]
fn the_command_line_pushes_pulls_and_refuses_a_password_in_the_address() {
    let Some(base) =
        server_or_skip("the_command_line_pushes_pulls_and_refuses_a_password_in_the_address")
    else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let (_, url, _scratch) = fresh_register(&base, "cli");
    common::demo_register(dir.path());
    let push = common::dpo_with(dir.path(), &[], &["push", "demo.dpo", &url, "--json"]);
    assert!(push.status.success(), "{}", common::said(&push));
    let pushed: serde_json::Value = serde_json::from_slice(&push.stdout).unwrap();
    let env = [("DPO_PASSPHRASE", "a long travel passphrase")];
    let pull = common::dpo_with(
        dir.path(),
        &env,
        &["pull", &url, "-o", "copy.dpo", "--json"],
    );
    assert!(pull.status.success(), "{}", common::said(&pull));
    let pulled: serde_json::Value = serde_json::from_slice(&pull.stdout).unwrap();
    assert_eq!(pushed["journal_head"], pulled["journal_head"]);
    // Never over a file.
    let again = common::dpo_with(dir.path(), &env, &["pull", &url, "-o", "copy.dpo"]);
    assert_eq!(again.status.code(), Some(2));
    assert!(common::said(&again).contains("never overwrites"));

    let with_password = url.replacen("://dpo@", "://dpo:secret@", 1);
    let o = common::dpo_with(dir.path(), &[], &["push", "demo.dpo", &with_password]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        common::said(&o).contains("PGPASSWORD"),
        "{}",
        common::said(&o)
    );
    assert!(!common::said(&o).contains("secret"));
}

fn notes_of(register: &Register, id: i64) -> (i64, String) {
    let row = register.processor(id).unwrap().unwrap();
    (row.processor.revision, row.processor.fields.notes.clone())
}

fn with_notes(register: &Register, id: i64, notes: &str) -> ProcessorFields {
    let mut fields = register.processor(id).unwrap().unwrap().processor.fields;
    fields.notes = notes.to_string();
    fields
}

#[test]
fn two_dpos_on_one_server_register_see_each_other_s_saves_and_lose_none() {
    let Some(base) =
        server_or_skip("two_dpos_on_one_server_register_see_each_other_s_saves_and_lose_none")
    else {
        return;
    };
    let (_dir, address, url, _scratch, _) = demo_on_server(&base, "two");
    let mut kari = Register::open(Path::new(&url), common::clock()).unwrap();
    let mut ola = Register::open(Path::new(&url), common::clock()).unwrap();
    assert_eq!(kari.server_address().unwrap().register, address.register);

    // Both opened revision 1; Kari saves first, Ola's save is refused as stale.
    let (revision, _) = notes_of(&ola, 1);
    kari.update_processor(
        1,
        revision,
        &with_notes(&kari, 1, "Kari: checked the agreement"),
    )
    .unwrap();
    let stale = ola
        .update_processor(1, revision, &with_notes(&ola, 1, "Ola: older view"))
        .unwrap_err();
    assert!(matches!(stale, StoreError::Conflict { .. }), "{stale}");
    // Ola's screen sees Kari's save (the workbench asks every second).
    ola.data_version().unwrap();
    assert_eq!(
        notes_of(&ola, 1),
        (revision + 1, "Kari: checked the agreement".into())
    );

    // A new record from Ola, deleted by Kari: each sees the other's.
    let new = ola
        .insert_processor(&common::record::<ProcessorKind>(&[
            ("name", "Fjord Mail AS"),
            ("country", "NO"),
            ("role", "processor"),
            ("status", "active"),
        ]))
        .unwrap();
    kari.data_version().unwrap();
    assert!(kari.processor(new).unwrap().is_some());
    kari.delete_processor(new).unwrap();
    ola.data_version().unwrap();
    assert!(ola.processor(new).unwrap().is_none());

    // Kari's last write undone, on the server too.
    kari.watch_write().unwrap();
    let (revision, _) = notes_of(&kari, 2);
    kari.update_processor(2, revision, &with_notes(&kari, 2, "to be undone"))
        .unwrap();
    kari.remember_watched_write().unwrap();
    assert!(kari.undo().unwrap().is_some());
    ola.data_version().unwrap();
    assert_ne!(notes_of(&ola, 2).1, "to be undone");

    // Every entry on the server, named by its role, the chain whole; the
    // working copies hold the server's journal.
    let verification = server::verify_on_server(&address, common::clock()).unwrap();
    assert!(verification.intact(), "{:?}", verification.problems);
    for copy in [&kari, &ola] {
        let local = copy.verify_journal().unwrap();
        assert!(local.intact(), "{:?}", local.problems);
        assert_eq!(local.head, verification.head);
    }
}

#[test]
fn workbenches_saving_at_once_on_the_server_lose_nothing_and_the_chain_holds() {
    let Some(base) =
        server_or_skip("workbenches_saving_at_once_on_the_server_lose_nothing_and_the_chain_holds")
    else {
        return;
    };
    let (_dir, address, url, _scratch, moved) = demo_on_server(&base, "many");
    const WRITERS: usize = 4;
    const ATTEMPTS: usize = 25;
    // Each workbench saves processor 1 over the revision its copy shows,
    // after looking for others' saves as the screen does every second.
    let accepted: Vec<String> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..WRITERS)
            .map(|w| {
                let url = url.clone();
                s.spawn(move || {
                    let mut register = Register::open(Path::new(&url), common::clock()).unwrap();
                    let mut mine = Vec::new();
                    for i in 0..ATTEMPTS {
                        register.data_version().unwrap();
                        let (revision, _) = notes_of(&register, 1);
                        let notes = format!("workbench {w}, save {i}");
                        let fields = with_notes(&register, 1, &notes);
                        match register.update_processor(1, revision, &fields) {
                            Ok(()) => mine.push(notes),
                            Err(StoreError::Conflict { .. }) => {}
                            Err(e) => panic!("{e}"),
                        }
                    }
                    mine
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().unwrap())
            .collect()
    });
    let refused = WRITERS * ATTEMPTS - accepted.len();
    println!(
        "{WRITERS} workbenches: {} saves accepted, {refused} refused as stale",
        accepted.len()
    );
    assert!(!accepted.is_empty());
    let register = Register::open(Path::new(&url), common::clock()).unwrap();
    let (revision, notes) = notes_of(&register, 1);
    assert_eq!(revision, 1 + accepted.len() as i64, "a save was lost");
    assert!(accepted.contains(&notes));
    let verification = server::verify_on_server(&address, common::clock()).unwrap();
    assert!(verification.intact(), "{:?}", verification.problems);
    assert!(verification.entries >= moved.entries + accepted.len());
}

#[test]
fn import_log_as_of_and_portfolio_work_on_a_server_register() {
    let Some(base) = server_or_skip("import_log_as_of_and_portfolio_work_on_a_server_register")
    else {
        return;
    };
    let (dir, address, url, _scratch, _) = demo_on_server(&base, "cli_all");
    let export = common::dpo_with(
        dir.path(),
        &[],
        &["export", &url, "--table", "processors", "-o", "more.csv"],
    );
    assert!(export.status.success(), "{}", common::said(&export));
    let header = std::fs::read_to_string(dir.path().join("more.csv")).unwrap();
    let header = header.lines().next().unwrap();
    assert!(
        header.starts_with("id,name,org_number,country,"),
        "{header}"
    );
    let row: Vec<&str> = header
        .split(',')
        .map(|c| match c {
            "name" => "Nordlys Regnskap AS",
            "country" => "NO",
            "role" => "processor",
            "status" => "active",
            _ => "",
        })
        .collect();
    std::fs::write(
        dir.path().join("more.csv"),
        format!("{header}\n{}\n", row.join(",")),
    )
    .unwrap();
    let import = common::dpo_with(
        dir.path(),
        &[("DPO_NOW", "2026-11-24T10:00:00Z")],
        &["import", &url, "--table", "processors", "more.csv"],
    );
    assert!(import.status.success(), "{}", common::said(&import));
    let log = common::dpo_with(
        dir.path(),
        &[],
        &["log", &url, "--table", "processors", "--json"],
    );
    assert!(log.status.success(), "{}", common::said(&log));
    let last = String::from_utf8_lossy(&log.stdout)
        .lines()
        .last()
        .unwrap()
        .to_string();
    let entry: serde_json::Value = serde_json::from_str(&last).unwrap();
    assert_eq!(entry["via"], "import");
    assert_eq!(entry["actor"], "dpo", "the database role");
    assert!(entry["after"].to_string().contains("Nordlys Regnskap AS"));

    // The register as it stood before the import, from the server's journal.
    let before = common::dpo_with(
        dir.path(),
        &[],
        &[
            "export",
            &url,
            "--table",
            "processors",
            "--as-of",
            "2026-11-23T12:00",
            "-o",
            "before.csv",
        ],
    );
    assert!(before.status.success(), "{}", common::said(&before));
    let old = std::fs::read_to_string(dir.path().join("before.csv")).unwrap();
    assert!(!old.contains("Nordlys"), "{old}");

    let portfolio = common::dpo_with(dir.path(), &[], &["portfolio", &url, "--json"]);
    assert!(portfolio.status.success(), "{}", common::said(&portfolio));
    assert!(String::from_utf8_lossy(&portfolio.stdout).contains(&address.register));
}

#[test]
fn a_server_register_is_upgraded_once_under_its_lock() {
    let Some(base) = server_or_skip("a_server_register_is_upgraded_once_under_its_lock") else {
        return;
    };
    let (_dir, address, url, _scratch, _) = demo_on_server(&base, "upgrade");
    let schema = &address.register;
    let mut admin = admin(&base);
    admin
        .batch_execute(&format!(
            "UPDATE {schema}.dpo_register SET schema_version = 20"
        ))
        .unwrap();
    // This binary has no step from 20 on a server: refused, the versions named.
    let Err(refused) = Register::open(Path::new(&url), common::clock()) else {
        panic!("a register at schema 20 opened");
    };
    assert!(refused.to_string().contains("at schema 20"), "{refused}");

    // Two programs upgrading at once: one applies the step, the other, having
    // waited for the lock, finds it done.
    let steps = [server::ServerStep {
        version: 21,
        sql: "ALTER TABLE organisation ADD COLUMN upgrade_probe text",
    }];
    let applied: Vec<Vec<u32>> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..2)
            .map(|_| s.spawn(|| server::migrate_server_register(&address, &steps, 21).unwrap()))
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    let mut applied = applied;
    applied.sort();
    assert_eq!(applied, vec![vec![], vec![21]]);
    let version: i64 = admin
        .query_one(
            &format!("SELECT schema_version FROM {schema}.dpo_register"),
            &[],
        )
        .unwrap()
        .get(0);
    assert_eq!(version, 21);
}

/// The same writes on a file and on a server: a draft from a policy
/// (organisation, processors, activities with their children, transfers), a
/// processor saved, one with sub-processors deleted (cascades), a request, a
/// breach and an activity deleted with their children, a deletion undone and
/// done again.
fn the_same_writes(register: &mut Register) {
    let policy = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/draft-corpus/sv-norrsken.txt"
    ))
    .unwrap();
    let drafted = dpo_workbench::domain::draft::draft(&policy, None);
    let plan = dpo_workbench::domain::draft::plan::plan(
        &drafted.suggestions,
        &register.organisation().unwrap(),
    );
    let revision = register.organisation_revision().unwrap();
    register.write_draft(&plan, revision).unwrap();
    let (revision, _) = notes_of(register, 1);
    let fields = with_notes(register, 1, "the same on both");
    register.update_processor(1, revision, &fields).unwrap();
    let parent = register
        .processor_page("", 0, 200)
        .unwrap()
        .into_iter()
        .find(|r| r.sub_processor_count > 0)
        .map(|r| r.processor.id)
        .unwrap();
    register.delete_processor(parent).unwrap();
    register.delete_request(1).unwrap();
    register.delete_breach(1).unwrap();
    register.watch_write().unwrap();
    register.delete_activity(2).unwrap();
    register.remember_watched_write().unwrap();
    assert!(register.undo().unwrap().is_some());
    assert!(register.redo().unwrap().is_some());
}

#[test]
fn the_same_writes_on_a_file_and_on_a_server_give_the_same_register() {
    let Some(base) =
        server_or_skip("the_same_writes_on_a_file_and_on_a_server_give_the_same_register")
    else {
        return;
    };
    let (dir, address, url, _scratch, _) = demo_on_server(&base, "same");
    let file = dir.path().join("demo.dpo");
    for target in [file.to_str().unwrap(), url.as_str()] {
        let mut register = Register::open(Path::new(target), common::clock()).unwrap();
        the_same_writes(&mut register);
        let verification = register.verify_journal().unwrap();
        assert!(
            verification.intact(),
            "{target}: {:?}",
            verification.problems
        );
    }
    let verification = server::verify_on_server(&address, common::clock()).unwrap();
    assert!(verification.intact(), "{:?}", verification.problems);
    let export = |from: &str, to: &str| {
        let o = common::dpo_with(dir.path(), &[], &["export", from, "--all", "-o", to]);
        assert!(o.status.success(), "{}", common::said(&o));
    };
    export("demo.dpo", "file");
    export(&url, "server");
    let mut compared = 0;
    for entry in std::fs::read_dir(dir.path().join("file")).unwrap() {
        let entry = entry.unwrap();
        let theirs = std::fs::read(dir.path().join("server").join(entry.file_name())).unwrap();
        assert_eq!(
            String::from_utf8_lossy(&std::fs::read(entry.path()).unwrap()),
            String::from_utf8_lossy(&theirs),
            "{:?}",
            entry.file_name()
        );
        compared += 1;
    }
    assert!(compared >= 20, "{compared} files");
}

/// The server's trigram index (for queries made there with other tools)
/// finds what the workbench's filter finds, short filters and the LIKE
/// pattern's own characters included, on a corpus of synthetic requests.
#[test]
fn the_server_s_trigram_search_finds_what_the_workbench_s_filter_finds() {
    let Some(base) =
        server_or_skip("the_server_s_trigram_search_finds_what_the_workbench_s_filter_finds")
    else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let (address, url, _scratch) = fresh_register(&base, "trgm");
    let made = common::dpo_with(
        dir.path(),
        &[],
        &["init", "corpus.dpo", "--synthetic", "1500"],
    );
    assert!(made.status.success(), "{}", common::said(&made));
    let file = Register::open(&dir.path().join("corpus.dpo"), common::clock()).unwrap();
    server::push(&file, &address, common::clock()).unwrap();
    let on_server = Register::open(Path::new(&url), common::clock()).unwrap();
    let mut admin = admin(&base);
    let schema = &address.register;
    let ids = |r: &Register, filter: &str| -> Vec<i64> {
        let mut ids: Vec<i64> = r
            .request_page(filter, Default::default(), 0, 10_000)
            .unwrap()
            .iter()
            .map(|row| row.id)
            .collect();
        ids.sort_unstable();
        ids
    };
    let mut found_some = 0;
    for filter in [
        "a", "ø", "é", "syn", "dsr-2026", "0042", "erasure", "ANSWER", "%", "_", "\\", "zqxj",
    ] {
        let ours = ids(&file, filter);
        assert_eq!(
            ids(&on_server, filter),
            ours,
            "the working copy, {filter:?}"
        );
        let needle = dpo_workbench::domain::text::search_form(filter);
        let pattern = format!(
            "%{}%",
            needle
                .replace('\\', "\\\\")
                .replace('%', "\\%")
                .replace('_', "\\_")
        );
        let theirs: Vec<i64> = admin
            .query(
                &format!("SELECT id FROM {schema}.requests WHERE search_text LIKE $1 ORDER BY id"),
                &[&pattern],
            )
            .unwrap()
            .iter()
            .map(|r| r.get(0))
            .collect();
        assert_eq!(theirs, ours, "pg_trgm, {filter:?}");
        found_some += usize::from(!ours.is_empty());
    }
    assert!(found_some >= 6, "the corpus finds too little to compare");
    // The index answers a filter of three characters or more.
    admin.batch_execute("SET enable_seqscan = off").unwrap();
    let plan: Vec<String> = admin
        .query(
            &format!("EXPLAIN SELECT id FROM {schema}.requests WHERE search_text LIKE '%erasure%'"),
            &[],
        )
        .unwrap()
        .iter()
        .map(|r| r.get(0))
        .collect();
    assert!(
        plan.join("\n").contains("requests_by_search_text"),
        "{plan:?}"
    );
}

#[test]
fn the_switcher_makes_a_new_client_s_register_on_the_server_it_is_on() {
    use dpo_workbench::domain::organisation::Organisation;
    use dpo_workbench::tui::action::Action;
    use dpo_workbench::tui::screens::switcher::create_register;
    let Some(base) =
        server_or_skip("the_switcher_makes_a_new_client_s_register_on_the_server_it_is_on")
    else {
        return;
    };
    let (dir, _, open_url, _open_scratch, _) = demo_on_server(&base, "open");
    let (made, made_url, _made_scratch) = fresh_register(&base, "made");
    let mut register = Register::open(Path::new(&open_url), common::clock()).unwrap();
    let organisation = Organisation {
        name: "Havbris Sjømat AS".to_string(),
        ..Organisation::default()
    };
    let template = dir.path().join("demo.dpo");
    let processors = |r: &Register| {
        let mut n = 0;
        r.for_each_processor(|_| {
            n += 1;
            Ok::<_, StoreError>(())
        })
        .unwrap();
        n
    };
    let in_template = processors(&Register::open(&template, common::clock()).unwrap());
    assert!(in_template > 0, "the template has processors to copy");
    register.set_via("tui");

    let action = create_register(
        &mut register,
        Path::new(&made_url),
        &organisation,
        Some(template.clone()),
        None,
        None,
    )
    .unwrap();
    let Action::RegisterOpened { said, .. } = action else {
        panic!("not opened: {action:?}");
    };
    let said = said.expect("the grant is said");
    assert!(
        said.contains(&format!("Made {}", made.register)) && said.contains("GRANT dpo_reg_"),
        "{said}"
    );
    assert_eq!(
        register.server_address().map(|a| a.register.clone()),
        Some(made.register.clone()),
        "the new register is the one open, on the server"
    );
    assert_eq!(register.organisation().unwrap().name, "Havbris Sjømat AS");
    assert_eq!(
        processors(&register),
        in_template,
        "the template's processors"
    );
    let on_server = server::registers_on_server(&made).unwrap();
    assert!(on_server.contains(&made.register), "{on_server:?}");
    let verified = server::verify_on_server(&made, common::clock()).unwrap();
    assert!(verified.intact(), "{:?}", verified.problems);
    // Its first entries, written before it was on the server, name the
    // database role and the workbench, as the server names every later one.
    let mut authors = std::collections::BTreeSet::new();
    register
        .for_each_journal_entry(&Default::default(), |e| {
            authors.insert((e.actor.clone(), e.via.clone()));
            Ok::<_, StoreError>(())
        })
        .unwrap();
    assert_eq!(
        authors.into_iter().collect::<Vec<_>>(),
        vec![(made.user().to_string(), "tui".to_string())]
    );

    // A register of that name there already is refused at the name's field.
    let again = create_register(
        &mut register,
        Path::new(&made_url),
        &organisation,
        None,
        None,
        None,
    )
    .unwrap_err();
    match again {
        StoreError::Invalid(errors) => assert!(
            errors
                .get("file")
                .is_some_and(|m| m.contains("on this server already")),
            "{errors:?}"
        ),
        other => panic!("not refused at the name: {other}"),
    }
    // So is a schema of that name that is not a register (and is left as it is).
    let (other, other_url, _other_scratch) = fresh_register(&base, "plain");
    admin(&base)
        .batch_execute(&format!("CREATE SCHEMA {}", other.register))
        .unwrap();
    let refused = create_register(
        &mut register,
        Path::new(&other_url),
        &organisation,
        None,
        None,
        None,
    )
    .unwrap_err();
    assert!(
        refused.to_string().contains("a schema (not a register)"),
        "{refused}"
    );
}

#[test]
fn a_summary_copy_judges_the_clocks_as_the_register_opened_whole() {
    use dpo_workbench::domain::findings::Moment;
    use dpo_workbench::services::check::lint;
    let Some(base) =
        server_or_skip("a_summary_copy_judges_the_clocks_as_the_register_opened_whole")
    else {
        return;
    };
    let (_dir, _, url, _scratch, _) = demo_on_server(&base, "summary");
    let whole = Register::open(Path::new(&url), common::clock()).unwrap();
    let summary = Register::open_to_summarise(Path::new(&url), common::clock()).unwrap();
    let zone = whole.organisation().unwrap().time_zone;
    let now = common::clock().now();
    let moment = Moment {
        today: dpo_workbench::platform::clock::date_in(now, &zone),
        now,
    };
    let found = lint(&whole, moment).unwrap();
    assert!(found.len() > 5, "the demo has findings: {found:?}");
    assert_eq!(lint(&summary, moment).unwrap(), found);
    // Without its journal (half the rows), and not for writing.
    assert!(!whole.journal_head().unwrap().is_empty());
    assert_eq!(summary.journal_head().unwrap(), "");
    let mut summary = summary;
    let fields = summary.processor(1).unwrap().unwrap().processor.fields;
    let refused = summary.insert_processor(&fields).unwrap_err();
    assert!(matches!(refused, StoreError::ReadOnly(_)), "{refused}");
}

#[test]
fn server_setup_passes_over_a_register_half_dropped_meanwhile() {
    let Some(base) = server_or_skip("server_setup_passes_over_a_register_half_dropped_meanwhile")
    else {
        return;
    };
    let (dir, _address, url, _scratch, _) = demo_on_server(&base, "setupgone");
    // A register whose tables are going (its owner drops it as setup runs):
    // listed as a register, its grants fail.
    let ghost = format!("ghost_{}", std::process::id());
    let mut admin = admin(&base);
    admin
        .batch_execute(&format!(
            "DROP SCHEMA IF EXISTS {ghost} CASCADE; CREATE SCHEMA {ghost};
             CREATE TABLE {ghost}.dpo_register (id integer)"
        ))
        .unwrap();
    let setup = common::dpo_with(dir.path(), &[], &["server-setup", &url]);
    let role_left: bool = admin
        .query_one(
            "SELECT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = $1)",
            &[&format!("dpo_reg_{ghost}")],
        )
        .unwrap()
        .get(0);
    let _ = admin.batch_execute(&format!("DROP SCHEMA IF EXISTS {ghost} CASCADE"));
    assert!(setup.status.success(), "{}", common::said(&setup));
    assert!(
        !common::said(&setup).contains(&ghost),
        "{}",
        common::said(&setup)
    );
    assert!(!role_left, "its role was made in the savepoint rolled back");
}
