//! Ordered schema migrations compiled into the binary. `PRAGMA user_version` is
//! the number of the last one applied. An upgrade runs every pending step and
//! the version bump in one transaction, so a crash or a full disk leaves the
//! register at the version it had, never half-way.

use rusqlite::Connection;

use super::error::StoreResult;

pub(super) type Step = fn(&Connection) -> StoreResult<()>;

pub(super) struct Migration {
    pub version: u32,
    pub sql: &'static str,
    /// Work in Rust after the SQL, on this version's schema.
    pub then: Option<Step>,
    /// Work through the store's current queries (which name the newest
    /// schema's columns): run once every migration of the upgrade is in.
    pub once_current: Option<Step>,
}

impl Migration {
    /// Version `version`: the SQL in `sql`, nothing more.
    const fn of(version: u32, sql: &'static str) -> Migration {
        Migration {
            version,
            sql,
            then: None,
            once_current: None,
        }
    }

    const fn then(self, step: Step) -> Migration {
        Migration {
            then: Some(step),
            ..self
        }
    }

    const fn once_current(self, step: Step) -> Migration {
        Migration {
            once_current: Some(step),
            ..self
        }
    }
}

pub(super) const MIGRATIONS: &[Migration] = &[
    Migration::of(1, include_str!("migrations/001_foundation.sql")),
    Migration::of(2, include_str!("migrations/002_requests.sql")),
    Migration::of(3, include_str!("migrations/003_breaches.sql")),
    Migration::of(4, include_str!("migrations/004_activities.sql")),
    Migration::of(5, include_str!("migrations/005_agreements.sql")),
    Migration::of(6, include_str!("migrations/006_journal.sql")).then(start_journal),
    Migration::of(7, include_str!("migrations/007_request_search.sql"))
        .then(super::search::ensure_triggers),
    Migration::of(8, include_str!("migrations/008_request_orders.sql")),
    Migration::of(9, include_str!("migrations/009_deadline_rules_v2.sql"))
        .once_current(super::requests::recompute_for_rule_set_v2),
    Migration::of(10, include_str!("migrations/010_journal_clock.sql"))
        .then(rebuild_journal_triggers),
    Migration::of(11, include_str!("migrations/011_paused_since.sql")).then(fill_paused_since),
    Migration::of(12, include_str!("migrations/012_controller_details.sql"))
        .then(rebuild_journal_triggers),
    Migration::of(
        13,
        include_str!("migrations/013_processors_to_identify.sql"),
    )
    .then(allow_processors_to_identify),
    Migration::of(14, include_str!("migrations/014_promised_answer.sql"))
        .then(rebuild_journal_triggers),
    Migration::of(15, include_str!("migrations/015_joint_controllers.sql"))
        .then(rebuild_journal_triggers),
    Migration::of(
        16,
        include_str!("migrations/016_processor_side_breaches.sql"),
    )
    .then(rebuild_journal_triggers),
    Migration::of(
        17,
        include_str!("migrations/017_processor_record_links.sql"),
    )
    .then(rebuild_journal_triggers),
    Migration::of(18, include_str!("migrations/018_letters.sql")).then(rebuild_journal_triggers),
    Migration::of(
        19,
        include_str!("migrations/019_search_every_character.sql"),
    )
    .then(super::search::replace_triggers),
    Migration::of(20, include_str!("migrations/020_next_date_on_a_clock.sql")),
    Migration::of(21, include_str!("migrations/021_pulled_copies.sql")),
];

/// The journal starts with every row already in the register as a baseline,
/// and its triggers follow every change from then on.
fn start_journal(conn: &Connection) -> StoreResult<()> {
    super::journal::ensure_triggers(conn)?;
    super::journal::write_baseline(conn, &super::journal::Author::from_environment("migration"))?;
    Ok(())
}

/// The journal's triggers as this binary generates them.
fn rebuild_journal_triggers(conn: &Connection) -> StoreResult<()> {
    super::journal::ensure_triggers(conn).map(|_| ())
}

/// The journal's triggers follow the new column; then the open requests
/// waiting on the data subject get the day their pause began (journaled as
/// the upgrade's doing).
fn fill_paused_since(conn: &Connection) -> StoreResult<()> {
    super::journal::ensure_triggers(conn)?;
    conn.execute_batch(
        "UPDATE requests SET paused_since = (
             SELECT min(p.requested_on) FROM request_pauses p
             WHERE p.request_id = requests.id AND p.answered_on IS NULL)
         WHERE is_open = 1 AND EXISTS (
             SELECT 1 FROM request_pauses p
             WHERE p.request_id = requests.id AND p.answered_on IS NULL);",
    )?;
    Ok(())
}

/// The processors table's constraints as schema 1 wrote them, and as they
/// stand from schema 13 on: a processor to be identified may have no country.
const PROCESSOR_CHECKS: [(&str, &str); 2] = [
    (
        "CHECK (status IN ('active', 'ended'))",
        "CHECK (status IN ('active', 'ended', 'to_identify'))",
    ),
    (
        "CHECK (length(country) = 2)",
        "CHECK (length(country) = 2 OR (country = '' AND status = 'to_identify'))",
    ),
];

/// SQLite cannot alter a CHECK constraint in place. Loosening one (every row
/// already meets the looser rule) is the case its documentation allows
/// through `writable_schema` ("Making Other Kinds Of Table Schema Changes",
/// sqlite.org/lang_altertable.html): the table's text is edited and the
/// schema cookie raised, in the upgrade's transaction. Rebuilding the table
/// instead would fire the `ON DELETE CASCADE` of every table that names a
/// processor. A table whose text is not the one expected is left alone and
/// the upgrade refused.
fn allow_processors_to_identify(conn: &Connection) -> StoreResult<()> {
    let sql: String = conn.query_row(
        "SELECT sql FROM sqlite_schema WHERE type = 'table' AND name = 'processors'",
        [],
        |r| r.get(0),
    )?;
    let mut loosened = sql.clone();
    for (before, after) in PROCESSOR_CHECKS {
        if loosened.matches(before).count() != 1 {
            return Err(super::error::StoreError::field(
                "processors",
                format!("the processors table is not as the workbench made it (no {before}): not upgraded"),
            ));
        }
        loosened = loosened.replace(before, after);
    }
    let cookie: i64 = conn.pragma_query_value(None, "schema_version", |r| r.get(0))?;
    conn.pragma_update(None, "writable_schema", true)?;
    conn.execute(
        "UPDATE sqlite_schema SET sql = ?1 WHERE type = 'table' AND name = 'processors'",
        [&loosened],
    )?;
    conn.pragma_update(None, "schema_version", cookie + 1)?;
    conn.pragma_update(None, "writable_schema", false)?;
    let check: String = conn.query_row("PRAGMA quick_check(processors)", [], |r| r.get(0))?;
    if check != "ok" {
        return Err(super::error::StoreError::field(
            "processors",
            format!("the loosened processors table fails SQLite's check: {check}"),
        ));
    }
    Ok(())
}

/// Told before an existing register is upgraded: (file, from, to). Some
/// upgrades build an index over every request (a minute at a million), so
/// the command line says what is happening; the store itself prints nothing.
pub type UpgradeNotice = fn(&std::path::Path, u32, u32);

static UPGRADE_NOTICE: std::sync::Mutex<Option<UpgradeNotice>> = std::sync::Mutex::new(None);

/// Sets (or with `None` silences) what is told of an upgrade about to run.
pub fn on_upgrade(notice: Option<UpgradeNotice>) {
    if let Ok(mut slot) = UPGRADE_NOTICE.lock() {
        *slot = notice;
    }
}

/// Tells the notice, if any, that `path` is about to go from `from` to `SCHEMA_VERSION`.
pub(super) fn announce_upgrade(path: &std::path::Path, from: u32) {
    // A register just created (version 0) is not being upgraded.
    if from == 0 || from >= SCHEMA_VERSION {
        return;
    }
    if let Some(notice) = UPGRADE_NOTICE.lock().ok().and_then(|slot| *slot) {
        notice(path, from, SCHEMA_VERSION);
    }
}

/// The schema version this binary writes and understands.
pub const SCHEMA_VERSION: u32 = MIGRATIONS[MIGRATIONS.len() - 1].version;

pub(super) fn user_version(conn: &Connection) -> StoreResult<u32> {
    Ok(conn.pragma_query_value(None, "user_version", |row| row.get(0))?)
}

/// Applies every migration newer than the file's version, all in one
/// transaction; returns the versions applied.
pub(super) fn migrate(conn: &mut Connection, migrations: &[Migration]) -> StoreResult<Vec<u32>> {
    let current = user_version(conn)?;
    let pending: Vec<&Migration> = migrations.iter().filter(|m| m.version > current).collect();
    let Some(last) = pending.last() else {
        return Ok(Vec::new());
    };
    let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
    for migration in &pending {
        tx.execute_batch(migration.sql)?;
        if let Some(then) = migration.then {
            then(&tx)?;
        }
    }
    for step in pending.iter().filter_map(|m| m.once_current) {
        step(&tx)?;
    }
    tx.pragma_update(None, "user_version", last.version)?;
    tx.commit()?;
    Ok(pending.iter().map(|m| m.version).collect())
}

/// A connection in memory with the whole schema, for tests of the plans
/// SQLite makes for the store's statements.
#[cfg(test)]
pub(super) fn schema_in_memory() -> Connection {
    use super::journal;
    let mut conn = Connection::open_in_memory().unwrap();
    let author = std::sync::Arc::new(std::sync::Mutex::new(journal::Author::from_environment(
        "test",
    )));
    let clock = crate::platform::clock::Clock::fixed("2026-12-07T09:00:00Z".parse().unwrap());
    journal::register_functions(&conn, (&author, &Default::default()), clock).unwrap();
    migrate(&mut conn, MIGRATIONS).unwrap();
    conn
}

#[cfg(test)]
mod tests {
    use super::*;

    const STEPS: &[Migration] = &[
        Migration {
            version: 1,
            sql: "CREATE TABLE a (x);",
            then: None,
            once_current: None,
        },
        Migration {
            version: 2,
            sql: "CREATE TABLE b (y);",
            then: None,
            once_current: None,
        },
        Migration {
            version: 3,
            sql: "CREATE TABLE c (z); INSERT INTO nowhere VALUES (1);",
            then: None,
            once_current: None,
        },
    ];

    #[test]
    fn versions_are_strictly_increasing() {
        assert!(MIGRATIONS.windows(2).all(|w| w[0].version < w[1].version));
        assert_eq!(MIGRATIONS[0].version, 1);
    }

    #[test]
    fn applies_only_pending_steps_in_order() {
        let mut conn = Connection::open_in_memory().unwrap();
        assert_eq!(migrate(&mut conn, &STEPS[..1]).unwrap(), vec![1]);
        assert_eq!(migrate(&mut conn, &STEPS[..2]).unwrap(), vec![2]);
        assert_eq!(migrate(&mut conn, &STEPS[..2]).unwrap(), Vec::<u32>::new());
        assert_eq!(user_version(&conn).unwrap(), 2);
    }

    #[test]
    fn a_failing_step_leaves_the_version_the_register_had() {
        let mut conn = Connection::open_in_memory().unwrap();
        assert_eq!(migrate(&mut conn, &STEPS[..1]).unwrap(), vec![1]);
        assert!(migrate(&mut conn, STEPS).is_err());
        assert_eq!(user_version(&conn).unwrap(), 1, "not half-way at 2");
        let b_exists: i64 = conn
            .query_row(
                "SELECT count(*) FROM sqlite_master WHERE name = 'b'",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(b_exists, 0, "the whole upgrade rolled back");
        let c_exists: i64 = conn
            .query_row(
                "SELECT count(*) FROM sqlite_master WHERE name = 'c'",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(c_exists, 0, "the failed step rolled back entirely");
    }
}
