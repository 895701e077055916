//! The register file: creation, reopening, migration, every refusal (with the
//! refused file left byte-for-byte unchanged), and the processors table.

use std::path::Path;

use dpo_workbench::domain::organisation::Organisation;
use dpo_workbench::domain::processor::ProcessorFields;
use dpo_workbench::exchange::demo::{demo_organisation, load_demo};
use dpo_workbench::exchange::ExchangeError;
use dpo_workbench::platform::clock::Clock;
use dpo_workbench::record::organisation::OrganisationKind;
use dpo_workbench::record::processor::ProcessorKind;
use dpo_workbench::record::{validate, Context, Draft};
use dpo_workbench::store::{Register, StoreError, APPLICATION_ID, SCHEMA_VERSION};
use rusqlite::Connection;

/// The clock of the registers these tests open: a moment of their own, so
/// nothing they check depends on the day they run.
fn clock() -> Clock {
    Clock::fixed("2026-11-23T10:00:00Z".parse().unwrap())
}

fn context() -> Context {
    Context::new(clock().now(), chrono_tz::UTC)
}

fn org() -> Organisation {
    let draft = Draft::default()
        .with("name", "Acme AS")
        .with("jurisdiction", "NO")
        .with("role", "controller");
    validate::<OrganisationKind>(&draft, &context()).unwrap()
}

fn processor(name: &str, country: &str, parent: Option<i64>) -> ProcessorFields {
    let role = if parent.is_some() {
        "sub_processor"
    } else {
        "processor"
    };
    let draft = Draft::default()
        .with("name", name)
        .with("country", country)
        .with("role", role)
        .with(
            "parent_id",
            parent.map(|p| p.to_string()).unwrap_or_default(),
        )
        .with("status", "active");
    validate::<ProcessorKind>(&draft, &context()).unwrap()
}

fn new_register(dir: &Path) -> Register {
    Register::create(&dir.join("acme.dpo"), &org(), clock(), |_| {
        Ok::<(), StoreError>(())
    })
    .unwrap()
}

fn assert_refused_unchanged(path: &Path, expect: impl Fn(&StoreError) -> bool) {
    let before = std::fs::read(path).ok();
    let error = match Register::open(path, clock()) {
        Ok(_) => panic!("{} was opened", path.display()),
        Err(e) => e,
    };
    assert!(expect(&error), "unexpected error: {error}");
    assert_eq!(error.exit_code(), 3, "{error}");
    assert_eq!(std::fs::read(path).ok(), before, "file changed");
    let siblings: Vec<_> = std::fs::read_dir(path.parent().unwrap())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with("-wal") || n.ends_with("-shm") || n.ends_with("-journal"))
        .collect();
    assert!(siblings.is_empty(), "journal files left: {siblings:?}");
}

#[test]
fn create_then_reopen_keeps_the_organisation_and_the_identity() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("acme.dpo");
    drop(new_register(dir.path()));
    let register = Register::open(&path, clock()).unwrap();
    assert_eq!(register.organisation().unwrap(), org());
    assert_eq!(register.schema_version().unwrap(), SCHEMA_VERSION);
    let conn = Connection::open(&path).unwrap();
    let app_id: i64 = conn
        .pragma_query_value(None, "application_id", |r| r.get(0))
        .unwrap();
    assert_eq!(app_id as u32, APPLICATION_ID);
    let mode: String = conn
        .pragma_query_value(None, "journal_mode", |r| r.get(0))
        .unwrap();
    assert_eq!(mode, "wal");
}

#[test]
fn create_never_overwrites_and_a_failed_fill_leaves_no_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("acme.dpo");
    std::fs::write(&path, "precious").unwrap();
    let result = Register::create(&path, &org(), clock(), |_| Ok::<(), StoreError>(()));
    assert!(matches!(result, Err(StoreError::AlreadyExists(_))));
    assert_eq!(std::fs::read_to_string(&path).unwrap(), "precious");

    let other = dir.path().join("half.dpo");
    let result = Register::create(&other, &org(), clock(), |r| {
        r.insert_processor(&processor("Questback AS", "NO", None))?;
        Err(StoreError::field("name", "simulated failure half-way"))
    });
    assert!(result.is_err());
    assert!(!other.exists(), "no half-written register");
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(leftovers.len(), 1, "only the precious file: {leftovers:?}");
}

#[cfg(unix)]
#[test]
fn a_new_register_is_readable_by_its_owner_only() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let register = new_register(dir.path());
    let mode = std::fs::metadata(register.path())
        .unwrap()
        .permissions()
        .mode();
    assert_eq!(mode & 0o777, 0o600);
    let nested = dir.path().join("clients/nordic/acme.dpo");
    Register::create(&nested, &org(), clock(), |_| Ok::<(), StoreError>(())).unwrap();
    let folder = std::fs::metadata(nested.parent().unwrap())
        .unwrap()
        .permissions()
        .mode();
    assert_eq!(folder & 0o777, 0o700, "a new folder is the owner's only");
}

#[test]
fn an_older_register_is_migrated_on_open() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("old.dpo");
    {
        // A register as a pre-release binary left it: identified, schema 0, no tables.
        let conn = Connection::open(&path).unwrap();
        conn.pragma_update(None, "application_id", APPLICATION_ID as i32)
            .unwrap();
        conn.execute_batch("CREATE TABLE keep_me (x); INSERT INTO keep_me VALUES (42);")
            .unwrap();
    }
    let register = Register::open(&path, clock()).unwrap();
    assert_eq!(register.schema_version().unwrap(), SCHEMA_VERSION);
    assert_eq!(
        register.count_processors("").unwrap(),
        0,
        "processors table exists"
    );
    drop(register);
    let conn = Connection::open(&path).unwrap();
    let kept: i64 = conn
        .query_row("SELECT x FROM keep_me", [], |r| r.get(0))
        .unwrap();
    assert_eq!(kept, 42, "migration keeps existing data");
}

#[test]
fn refuses_a_text_file_unchanged() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("notes.dpo");
    std::fs::write(&path, "name,country\nAcme,NO\n").unwrap();
    assert_refused_unchanged(&path, |e| e.to_string().contains("not an SQLite database"));
}

#[test]
fn refuses_an_empty_file_unchanged() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("empty.dpo");
    std::fs::write(&path, "").unwrap();
    assert_refused_unchanged(&path, |e| e.to_string().contains("empty"));
}

#[test]
fn refuses_another_programs_sqlite_database_unchanged() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("other.sqlite");
    {
        let conn = Connection::open(&path).unwrap();
        conn.execute_batch("CREATE TABLE t (x); INSERT INTO t VALUES (1);")
            .unwrap();
    }
    assert_refused_unchanged(&path, |e| matches!(e, StoreError::NotARegister { .. }));
}

#[test]
fn refuses_a_register_from_a_newer_schema_unchanged() {
    let dir = tempfile::tempdir().unwrap();
    let register = new_register(dir.path());
    let path = register.path().to_path_buf();
    drop(register);
    {
        let conn = Connection::open(&path).unwrap();
        conn.pragma_update(None, "user_version", SCHEMA_VERSION + 1)
            .unwrap();
    }
    assert_refused_unchanged(
        &path,
        |e| matches!(e, StoreError::NewerSchema { found, known, .. } if *found == SCHEMA_VERSION + 1 && *known == SCHEMA_VERSION),
    );
}

#[test]
fn refuses_a_directory_and_a_missing_file() {
    let dir = tempfile::tempdir().unwrap();
    assert!(matches!(
        Register::open(dir.path(), clock()),
        Err(StoreError::Directory(_))
    ));
    let missing = dir.path().join("nope.dpo");
    let error = Register::open(&missing, clock()).err().unwrap();
    assert!(matches!(error, StoreError::Missing(_)));
    assert_eq!(error.exit_code(), 3);
    assert!(!missing.exists(), "opening never creates");
}

#[test]
fn the_demo_loads_completely_and_validly() {
    let dir = tempfile::tempdir().unwrap();
    let organisation = demo_organisation(clock().now()).unwrap();
    let register = Register::create(&dir.path().join("demo.dpo"), &organisation, clock(), |r| {
        load_demo(r, "2026-11-23T10:00:00Z".parse().unwrap())
            .map(|n| assert!(n >= 25, "a realistic demo has many records: {n}"))
    })
    .map_err(|e: ExchangeError| e.to_string())
    .unwrap();
    assert_eq!(register.organisation().unwrap().jurisdiction_code(), "NO");
    let rows = register.processor_page("", 0, 100).unwrap();
    assert!(
        rows.iter().any(|r| r.depth == 1),
        "the demo has sub-processors"
    );
}

#[test]
fn list_is_a_tree_in_name_order_and_pages_window_it() {
    let dir = tempfile::tempdir().unwrap();
    let mut r = new_register(dir.path());
    let zeta = r
        .insert_processor(&processor("Zeta Cloud", "SE", None))
        .unwrap();
    let alpha = r
        .insert_processor(&processor("alpha hosting", "NO", None))
        .unwrap();
    r.insert_processor(&processor("Beta Backup", "IE", Some(zeta)))
        .unwrap();
    r.insert_processor(&processor("Aardvark Support", "US", Some(zeta)))
        .unwrap();
    let names = |rows: Vec<dpo_workbench::store::ProcessorRow>| {
        rows.into_iter()
            .map(|r| (r.processor.fields.name, r.depth))
            .collect::<Vec<_>>()
    };
    assert_eq!(
        names(r.processor_page("", 0, 10).unwrap()),
        vec![
            ("alpha hosting".into(), 0),
            ("Zeta Cloud".into(), 0),
            ("Aardvark Support".into(), 1),
            ("Beta Backup".into(), 1)
        ]
    );
    assert_eq!(names(r.processor_page("", 1, 2).unwrap()).len(), 2);
    assert_eq!(r.processor_page("", 1, 1).unwrap()[0].processor.id, zeta);
    assert_eq!(r.processor_position("", alpha).unwrap(), Some(0));
    assert_eq!(r.processor_position("", zeta).unwrap(), Some(1));
    assert_eq!(r.processor_position("", 999).unwrap(), None);
}

#[test]
fn filter_matches_any_case_including_nordic_letters_and_literal_wildcards() {
    let dir = tempfile::tempdir().unwrap();
    let mut r = new_register(dir.path());
    r.insert_processor(&processor("Ørsted Drift AS", "DK", None))
        .unwrap();
    r.insert_processor(&processor("100% Uptime Ltd", "IE", None))
        .unwrap();
    r.insert_processor(&processor("Questback AS", "NO", None))
        .unwrap();
    assert_eq!(r.count_processors("ørsted").unwrap(), 1);
    assert_eq!(r.count_processors("ØRSTED").unwrap(), 1);
    assert_eq!(r.count_processors("%").unwrap(), 1, "% is literal");
    assert_eq!(
        r.count_processors("norway").unwrap(),
        1,
        "country names are searchable"
    );
    assert_eq!(
        r.count_processors(" as ").unwrap(),
        2,
        "surrounding spaces are ignored"
    );
    assert_eq!(r.count_processors("").unwrap(), 3);
    assert_eq!(r.processor_position("ireland", 2).unwrap(), Some(0));
}

#[test]
fn a_loop_in_the_sub_processor_chain_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let mut r = new_register(dir.path());
    let top = r.insert_processor(&processor("Top", "NO", None)).unwrap();
    let mid = r
        .insert_processor(&processor("Mid", "NO", Some(top)))
        .unwrap();
    let low = r
        .insert_processor(&processor("Low", "NO", Some(mid)))
        .unwrap();
    let mut top_under_low = processor("Top", "NO", Some(low));
    top_under_low.parent_id = Some(low);
    let error = r.update_processor(top, 1, &top_under_low).unwrap_err();
    assert!(error.to_string().contains("would loop"), "{error}");
    assert_eq!(error.exit_code(), 2);
    assert_eq!(
        r.processor(top)
            .unwrap()
            .unwrap()
            .processor
            .fields
            .parent_id,
        None,
        "unchanged"
    );
    let candidates: Vec<i64> = r
        .parent_candidates(Some(top))
        .unwrap()
        .into_iter()
        .map(|(id, _)| id)
        .collect();
    assert!(
        candidates.is_empty(),
        "nothing below Top may become its parent: {candidates:?}"
    );
    let error = r
        .insert_processor(&processor("Orphan", "NO", Some(999)))
        .unwrap_err();
    assert!(error.to_string().contains("no processor with id 999"));
}

#[test]
fn delete_takes_the_sub_processors_it_listed() {
    let dir = tempfile::tempdir().unwrap();
    let mut r = new_register(dir.path());
    let top = r.insert_processor(&processor("Top", "NO", None)).unwrap();
    let mid = r
        .insert_processor(&processor("Mid", "NO", Some(top)))
        .unwrap();
    r.insert_processor(&processor("Low", "NO", Some(mid)))
        .unwrap();
    let other = r.insert_processor(&processor("Other", "NO", None)).unwrap();
    assert_eq!(
        r.processor_dependants(top).unwrap(),
        vec![("Mid".to_string(), 1), ("Low".to_string(), 2)]
    );
    assert_eq!(r.processor_dependants(other).unwrap(), vec![]);
    assert_eq!(r.delete_processor(top).unwrap(), 3);
    assert_eq!(r.count_processors("").unwrap(), 1);
    assert!(r.processor(other).unwrap().is_some());
    assert!(matches!(
        r.delete_processor(top),
        Err(StoreError::NotFound { .. })
    ));
}

#[test]
fn update_rewrites_the_record_and_its_search_text() {
    let dir = tempfile::tempdir().unwrap();
    let mut r = new_register(dir.path());
    let id = r
        .insert_processor(&processor("Old Name", "NO", None))
        .unwrap();
    r.update_processor(id, 1, &processor("New Name", "SE", None))
        .unwrap();
    assert_eq!(r.processor(id).unwrap().unwrap().processor.revision, 2);
    let row = r.processor(id).unwrap().unwrap();
    assert_eq!(
        (
            row.processor.fields.name.as_str(),
            row.processor.fields.country.as_str()
        ),
        ("New Name", "SE")
    );
    assert_eq!(r.count_processors("old").unwrap(), 0);
    assert_eq!(r.count_processors("sweden").unwrap(), 1);
    assert!(matches!(
        r.update_processor(999, 1, &processor("X", "NO", None)),
        Err(StoreError::NotFound { .. })
    ));
}

#[test]
fn a_second_writer_waits_then_reports_locked_instead_of_hanging() {
    let dir = tempfile::tempdir().unwrap();
    let register = new_register(dir.path());
    let path = register.path().to_path_buf();
    drop(register);
    let holder = Connection::open(&path).unwrap();
    // Another program holding the write lock (its writes themselves would need
    // the workbench's journal functions).
    holder.execute_batch("BEGIN IMMEDIATE;").unwrap();
    let mut second = Register::open(&path, clock()).unwrap();
    let started = std::time::Instant::now();
    let error = second
        .insert_processor(&processor("Blocked", "NO", None))
        .unwrap_err();
    assert!(matches!(error, StoreError::Locked), "{error}");
    assert_eq!(error.exit_code(), 3);
    assert!(
        started.elapsed() >= std::time::Duration::from_secs(4),
        "it waited for the busy timeout"
    );
    holder.execute_batch("ROLLBACK").unwrap();
}

#[test]
fn a_save_based_on_an_old_revision_is_refused_not_lost() {
    let dir = tempfile::tempdir().unwrap();
    let mut r = new_register(dir.path());
    let id = r.insert_processor(&processor("Brevo", "FR", None)).unwrap();
    let opened_at = r.processor(id).unwrap().unwrap().processor.revision;
    // Another window saves first.
    r.update_processor(
        id,
        opened_at,
        &processor("Brevo [other window]", "FR", None),
    )
    .unwrap();
    let error = r
        .update_processor(id, opened_at, &processor("Brevo [this window]", "FR", None))
        .unwrap_err();
    assert!(matches!(error, StoreError::Conflict { .. }), "{error}");
    assert!(error.to_string().contains("changed in another window"));
    let row = r.processor(id).unwrap().unwrap();
    assert_eq!(
        row.processor.fields.name, "Brevo [other window]",
        "the first save is kept"
    );

    let org_revision = r.organisation_revision().unwrap();
    r.update_organisation(&org(), None, org_revision).unwrap();
    assert!(matches!(
        r.update_organisation(&org(), None, org_revision),
        Err(StoreError::Conflict { .. })
    ));
}

#[test]
fn only_processors_engage_sub_processors() {
    let dir = tempfile::tempdir().unwrap();
    let mut r = new_register(dir.path());
    let mut controller = processor("Stripe", "IE", None);
    controller.role = dpo_workbench::domain::processor::RecipientRole::IndependentController;
    let stripe = r.insert_processor(&controller).unwrap();
    let host = r.insert_processor(&processor("Host", "NO", None)).unwrap();
    let error = r
        .insert_processor(&processor("Sub", "NO", Some(stripe)))
        .unwrap_err();
    assert!(
        error
            .to_string()
            .contains("Stripe is an independent controller"),
        "{error}"
    );
    let offered: Vec<i64> = r
        .parent_candidates(None)
        .unwrap()
        .into_iter()
        .map(|(id, _)| id)
        .collect();
    assert_eq!(offered, vec![host]);
}

#[test]
fn a_read_snapshot_does_not_see_what_another_connection_commits_meanwhile() {
    let dir = tempfile::tempdir().unwrap();
    let reader = new_register(dir.path());
    let mut writer = Register::open(reader.path(), clock()).unwrap();
    let (first, second) = reader
        .read_snapshot(|r| {
            let first = r.count_processors("")?;
            writer.insert_processor(&processor("Sveve AS", "NO", None))?;
            Ok::<_, StoreError>((first, r.count_processors("")?))
        })
        .unwrap();
    assert_eq!(first, second, "one moment inside the snapshot");
    assert_eq!(
        reader.count_processors("").unwrap(),
        first + 1,
        "and the new row after it"
    );
}

#[test]
fn another_connections_commit_changes_the_data_version_and_ones_own_does_not() {
    let dir = tempfile::tempdir().unwrap();
    let mut mine = new_register(dir.path());
    let mut other = Register::open(mine.path(), clock()).unwrap();
    let before = mine.data_version().unwrap();
    mine.insert_processor(&processor("Own AS", "NO", None))
        .unwrap();
    assert_eq!(mine.data_version().unwrap(), before, "its own write");
    other
        .insert_processor(&processor("Other AS", "SE", None))
        .unwrap();
    assert_ne!(mine.data_version().unwrap(), before, "another's commit");
}

#[test]
fn a_processor_still_to_identify_is_kept_without_a_country() {
    let dir = tempfile::tempdir().unwrap();
    let mut r = new_register(dir.path());
    let draft = Draft::default()
        .with("name", "Our e-mail provider")
        .with("service", "E-mail newsletters")
        .with("role", "processor")
        .with("status", "to_identify");
    let fields = validate::<ProcessorKind>(&draft, &context()).unwrap();
    let id = r.insert_processor(&fields).unwrap();
    let row = r.processor_page("", 0, 10).unwrap().remove(0);
    assert_eq!(row.processor.id, id);
    assert_eq!(row.processor.fields.country, "");
    assert!(r.verify_journal().unwrap().intact());
    // The table itself still refuses what no form lets in.
    let conn = Connection::open(dir.path().join("acme.dpo")).unwrap();
    for (name, args) in [
        ("dpo_now", 0),
        ("dpo_actor", 0),
        ("dpo_via", 0),
        ("dpo_journal_hash", 2),
    ] {
        let flags = rusqlite::functions::FunctionFlags::SQLITE_UTF8;
        conn.create_scalar_function(name, args, flags, |_| Ok("test"))
            .unwrap();
    }
    let refused = conn
        .execute(
            "UPDATE processors SET status = 'active' WHERE id = ?1",
            [id],
        )
        .unwrap_err();
    assert!(
        refused.to_string().contains("CHECK constraint failed"),
        "an active processor needs its country: {refused}"
    );
}

#[test]
fn an_art_30_2_record_names_its_sub_processors_and_sees_their_transfers() {
    use dpo_workbench::domain::activity::ProcessorRecord;
    let dir = tempfile::tempdir().unwrap();
    let mut r = new_register(dir.path());
    let hosting = r
        .insert_processor(&processor("Nordhost AS", "NO", None))
        .unwrap();
    let support = r
        .insert_processor(&processor("Helpdesk Inc", "US", None))
        .unwrap();
    let mut record = ProcessorRecord {
        controller_name: "Kunde AS".into(),
        controller_contact: "dpo@kunde.example".into(),
        processing_categories: "Hosting".into(),
        transfers: "none".into(),
        measures: "Encryption".into(),
        sub_processors: vec![hosting],
        ..ProcessorRecord::default()
    };
    let id = r.insert_processor_record(&record).unwrap();
    let row = r.processor_record(id).unwrap().unwrap();
    assert_eq!(
        row.sub_processors,
        [(hosting, "Nordhost AS".to_string(), "NO".to_string())]
    );
    assert_eq!(row.record.sub_processors, [hosting]);
    assert!(row.missing_points().is_empty());

    // A sub-processor outside the EU/EEA: "none" no longer documents 30(2)(c).
    record.sub_processors = vec![hosting, support];
    r.update_processor_record(id, row.revision, &record)
        .unwrap();
    let row = r.processor_record(id).unwrap().unwrap();
    assert_eq!(row.sub_processors.len(), 2);
    let gaps = row.missing_points();
    assert_eq!(gaps.len(), 1);
    assert!(
        gaps[0].message.contains("outside the EU/EEA (US)"),
        "{}",
        gaps[0].message
    );

    // An unknown processor is refused, and nothing changes.
    record.sub_processors = vec![hosting, 999];
    let error = r
        .update_processor_record(id, row.revision, &record)
        .unwrap_err();
    assert!(
        error.to_string().contains("no processor with id 999"),
        "{error}"
    );
    assert_eq!(
        r.processor_record(id)
            .unwrap()
            .unwrap()
            .sub_processors
            .len(),
        2
    );
    assert!(r.verify_journal().unwrap().intact());
}
