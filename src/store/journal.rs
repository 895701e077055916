//! The change journal: every insert, update and delete of a register table
//! writes an entry in the same transaction, through triggers generated from
//! the schema. Each entry's hash is SHA-256 over the previous entry's hash and
//! its own content, so `verify` finds an edited entry, a removed one, and a
//! register changed behind the workbench's back (its rows no longer match what
//! the journal says they are).
//!
//! Triggers call four functions only the workbench registers (`dpo_now`,
//! `dpo_actor`, `dpo_via`, `dpo_journal_hash`): a write from another program (the `sqlite3`
//! shell) fails instead of going unrecorded, unless the triggers are dropped,
//! which `verify` then sees in the content.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use rusqlite::functions::FunctionFlags;
use rusqlite::{params, Connection, OptionalExtension};
use sha2::{Digest, Sha256};

use super::error::{StoreError, StoreResult};

/// Tables derived from others (search indexes and their shadow tables, named
/// after them), rebuilt from what the journal follows and not journaled.
pub const DERIVED: &[&str] = &["requests_search"];

/// Tables that describe the file rather than the register (where a pulled
/// copy came from), not journaled and never copied.
pub const ABOUT_THE_FILE: &[&str] = &["pulled_from"];

/// Every table whose rows the journal follows.
pub const JOURNALED: &[&str] = &[
    "organisation",
    "closure_days",
    "processors",
    "requests",
    "request_pauses",
    "request_events",
    "breaches",
    "breach_notifications",
    "activities",
    "activity_data_categories",
    "activity_bases",
    "activity_processors",
    "activity_joint_controllers",
    "processor_records",
    "processor_record_processors",
    "breach_activities",
    "dpas",
    "dpa_clauses",
    "transfers",
    "change_notices",
    "letters",
];

/// Who is writing, and through what; read by the triggers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Author {
    pub actor: String,
    /// "tui", "cli", "import" or "migration".
    pub via: String,
}

impl Author {
    /// The configured name (`DPO_USER`, else the first line of
    /// `<config dir>/dpo-workbench/user`), else the OS user.
    pub fn from_environment(via: &str) -> Author {
        let configured = std::env::var("DPO_USER")
            .ok()
            .filter(|v| !v.trim().is_empty())
            .or_else(|| {
                let file = directories::BaseDirs::new()?
                    .config_dir()
                    .join("dpo-workbench")
                    .join("user");
                let text = std::fs::read_to_string(file).ok()?;
                text.lines()
                    .next()
                    .map(|l| l.trim().to_string())
                    .filter(|l| !l.is_empty())
            });
        let actor = configured
            .or_else(|| std::env::var("USER").ok())
            .or_else(|| std::env::var("LOGNAME").ok())
            .or_else(|| std::env::var("USERNAME").ok())
            .or_else(os_user)
            .filter(|v| !v.trim().is_empty())
            .unwrap_or_else(|| "unknown".to_string());
        Author {
            actor,
            via: via.to_string(),
        }
    }
}

pub(super) type SharedAuthor = Arc<Mutex<Author>>;

/// The login name of the process's user, from the system's user database.
#[cfg(unix)]
fn os_user() -> Option<String> {
    // SAFETY: getpwuid returns a pointer into static storage or null; the name
    // is copied out at once, before any other call could overwrite it.
    unsafe {
        let entry = libc::getpwuid(libc::getuid());
        if entry.is_null() || (*entry).pw_name.is_null() {
            return None;
        }
        std::ffi::CStr::from_ptr((*entry).pw_name)
            .to_str()
            .ok()
            .map(String::from)
    }
}

#[cfg(not(unix))]
fn os_user() -> Option<String> {
    None
}

/// The hash of an entry: SHA-256, hex, of the previous hash, a newline, and
/// the entry's canonical content.
pub(super) fn entry_hash(prev: &str, canonical: &str) -> String {
    let mut h = Sha256::new();
    h.update(prev.as_bytes());
    h.update(b"\n");
    h.update(canonical.as_bytes());
    crate::platform::hex::hex(&h.finalize())
}

/// The content an entry's hash covers: its fields joined by the unit
/// separator (U+001F), a missing before/after as the empty string.
#[allow(clippy::too_many_arguments)]
pub(super) fn canonical(
    at: &str,
    actor: &str,
    via: &str,
    tbl: &str,
    record_id: i64,
    action: &str,
    before: Option<&str>,
    after: Option<&str>,
) -> String {
    [
        at,
        actor,
        via,
        tbl,
        &record_id.to_string(),
        action,
        before.unwrap_or(""),
        after.unwrap_or(""),
    ]
    .join("\u{1f}")
}

/// `dpo_now()`: the moment by the register's clock, to the millisecond, for
/// the triggers (which cannot be given a bound parameter) and the statements
/// that stamp a record. SQLite's own time functions would read the wall clock
/// behind the clock the program was given.
pub(super) fn register_clock(
    conn: &Connection,
    clock: crate::platform::clock::Clock,
) -> StoreResult<()> {
    // The last stamp, kept: a write of many rows asks again within the same
    // millisecond, and formatting it was 2% of a large import.
    let last = std::sync::Mutex::new((i64::MIN, String::new()));
    conn.create_scalar_function("dpo_now", 0, FunctionFlags::SQLITE_UTF8, move |_| {
        let now = clock.now();
        let millis = now.timestamp_millis();
        let Ok(mut last) = last.lock() else {
            return Ok(crate::platform::clock::stamp_millis(now));
        };
        if last.0 != millis {
            *last = (millis, crate::platform::clock::stamp_millis(now));
        }
        Ok(last.1.clone())
    })?;
    Ok(())
}

/// The hashes of the journal entries this connection's triggers made while
/// someone watched (`Some`): how a write's own entries are told from another
/// program's committed at the same time (`store::undo`).
pub(super) type WrittenHashes = Arc<Mutex<Option<Vec<String>>>>;

/// Tells a watcher of this connection's writes (`store::undo`) of an entry.
fn note_written(written: &WrittenHashes, hash: &str) {
    if let Ok(mut watched) = written.lock() {
        if let Some(hashes) = watched.as_mut() {
            hashes.push(hash.to_string());
        }
    }
}

/// Registers the functions the triggers call, on this connection.
pub(super) fn register_functions(
    conn: &Connection,
    (author, written): (&SharedAuthor, &WrittenHashes),
    clock: crate::platform::clock::Clock,
) -> StoreResult<()> {
    register_clock(conn, clock)?;
    let written = written.clone();
    let a = author.clone();
    conn.create_scalar_function("dpo_actor", 0, FunctionFlags::SQLITE_UTF8, move |_| {
        Ok(a.lock().map(|a| a.actor.clone()).unwrap_or_default())
    })?;
    let v = author.clone();
    conn.create_scalar_function("dpo_via", 0, FunctionFlags::SQLITE_UTF8, move |_| {
        Ok(v.lock().map(|a| a.via.clone()).unwrap_or_default())
    })?;
    conn.create_scalar_function(
        "dpo_journal_hash",
        2,
        FunctionFlags::SQLITE_UTF8 | FunctionFlags::SQLITE_DETERMINISTIC,
        move |ctx| {
            let prev: String = ctx.get(0)?;
            let content: String = ctx.get(1)?;
            let hash = entry_hash(&prev, &content);
            note_written(&written, &hash);
            Ok(hash)
        },
    )?;
    Ok(())
}

pub(super) fn columns(conn: &Connection, table: &str) -> StoreResult<Vec<String>> {
    let mut stmt = conn.prepare(&format!("PRAGMA table_info({table})"))?;
    let names = stmt
        .query_map([], |r| r.get::<_, String>(1))?
        .collect::<Result<Vec<_>, _>>()?;
    Ok(names)
}

/// Each column of `table` with its default as SQL (`NULL` without one): the
/// value a column added by a later schema holds in a row the journal
/// recorded before the column existed.
pub(super) fn columns_and_defaults(
    conn: &Connection,
    table: &str,
) -> StoreResult<Vec<(String, String)>> {
    let mut stmt = conn.prepare(&format!("PRAGMA table_info({table})"))?;
    let columns = stmt
        .query_map([], |r| {
            Ok((
                r.get::<_, String>(1)?,
                r.get::<_, Option<String>>(4)?
                    .unwrap_or_else(|| "NULL".into()),
            ))
        })?
        .collect::<Result<Vec<_>, _>>()?;
    Ok(columns)
}

/// The defaults of `columns_and_defaults` as a JSON object.
pub(super) fn defaults_json(
    conn: &Connection,
    columns: &[(String, String)],
) -> StoreResult<serde_json::Map<String, serde_json::Value>> {
    let pairs: Vec<String> = columns
        .iter()
        .map(|(c, default)| format!("'{c}', {default}"))
        .collect();
    let text: String = conn.query_row(
        &format!("SELECT json_object({})", pairs.join(", ")),
        [],
        |r| r.get(0),
    )?;
    match serde_json::from_str(&text) {
        Ok(serde_json::Value::Object(map)) => Ok(map),
        _ => Ok(serde_json::Map::new()),
    }
}

/// The journal's name for `table` when the journal follows it: a name read
/// from the journal is checked before it goes into SQL.
pub(super) fn journaled_table(table: &str) -> StoreResult<&'static str> {
    JOURNALED
        .iter()
        .find(|t| **t == table)
        .copied()
        .ok_or_else(|| {
            StoreError::field(
                "journal",
                format!("the journal names a table it does not follow: {table}"),
            )
        })
}

/// `json_object(…)` over every column of `table` as the journal's triggers
/// write a row, binary data (which JSON cannot hold) as its hex.
pub(super) fn readable_row(conn: &Connection, table: &str) -> StoreResult<String> {
    let pairs: Vec<String> = columns(conn, table)?
        .iter()
        .map(|c| format!("'{c}', CASE WHEN typeof(\"{c}\") = 'blob' THEN 'blob:' || hex(\"{c}\") ELSE \"{c}\" END"))
        .collect();
    Ok(format!("json_object({})", pairs.join(", ")))
}

/// Row `id` of `table` as the journal's triggers write it, or `None` when
/// there is no such row.
pub(super) fn row_now(conn: &Connection, table: &str, id: i64) -> StoreResult<Option<String>> {
    use rusqlite::OptionalExtension;
    let sql = format!(
        "SELECT {} FROM {table} WHERE rowid = ?1",
        readable_row(conn, table)?
    );
    Ok(conn.query_row(&sql, [id], |r| r.get(0)).optional()?)
}

/// Whether `row` of `table` differs from what the journal `recorded` for
/// it, the columns `ignored` aside.
pub(super) fn differs_from_recorded(
    conn: &Connection,
    table: &str,
    recorded: &str,
    row: &str,
    ignored: &[&str],
) -> StoreResult<bool> {
    let defaults = defaults_json(conn, &columns_and_defaults(conn, table)?)?;
    let without = |text: &str| -> String {
        match serde_json::from_str::<serde_json::Value>(text) {
            Ok(serde_json::Value::Object(mut map)) => {
                for column in ignored {
                    map.remove(*column);
                }
                serde_json::Value::Object(map).to_string()
            }
            _ => text.to_string(),
        }
    };
    Ok(!same_as_recorded(
        &without(recorded),
        &without(row),
        &defaults,
    ))
}

/// Whether `row` (the register's row as JSON) is what the journal recorded:
/// a column the recorded entry predates counts as recorded with its default.
pub(super) fn same_as_recorded(
    recorded: &str,
    row: &str,
    defaults: &serde_json::Map<String, serde_json::Value>,
) -> bool {
    if recorded == row {
        return true;
    }
    let object = |s: &str| match serde_json::from_str(s) {
        Ok(serde_json::Value::Object(map)) => Some(map),
        _ => None,
    };
    let (Some(recorded), Some(row)) = (object(recorded), object(row)) else {
        return false;
    };
    recorded.keys().all(|k| row.contains_key(k))
        && row.iter().all(|(k, v)| match recorded.get(k) {
            Some(r) => r == v,
            None => defaults.get(k) == Some(v),
        })
}

/// `json_object('a', P.a, 'b', P.b, …)` over every column; `P` is NEW, OLD or
/// empty (the table itself).
pub(super) fn row_json(prefix: &str, columns: &[String]) -> String {
    let dot = if prefix.is_empty() { "" } else { "." };
    let pairs: Vec<String> = columns
        .iter()
        .map(|c| format!("'{c}', {prefix}{dot}\"{c}\""))
        .collect();
    format!("json_object({})", pairs.join(", "))
}

fn trigger_sql(table: &str, event: &str, columns: &[String]) -> (String, String) {
    let name = format!("journal_{table}_{}", event.to_lowercase());
    let (action, row, before, after, only_changes) = match event {
        "INSERT" => (
            "insert",
            "NEW",
            "NULL".to_string(),
            row_json("NEW", columns),
            "",
        ),
        "UPDATE" => (
            "update",
            "NEW",
            row_json("OLD", columns),
            row_json("NEW", columns),
            " WHERE e.b IS NOT e.a",
        ),
        _ => (
            "delete",
            "OLD",
            row_json("OLD", columns),
            "NULL".to_string(),
            "",
        ),
    };
    let sql = format!(
        "CREATE TRIGGER {name} AFTER {event} ON {table}
BEGIN
    INSERT INTO journal (at, actor, via, tbl, record_id, action, before, after, prev_hash, hash)
    SELECT e.at, e.actor, e.via, '{table}', {row}.rowid, '{action}', e.b, e.a, e.prev,
        dpo_journal_hash(e.prev, e.at || char(31) || e.actor || char(31) || e.via || char(31)
            || '{table}' || char(31) || {row}.rowid || char(31) || '{action}' || char(31)
            || coalesce(e.b, '') || char(31) || coalesce(e.a, ''))
    FROM (SELECT dpo_now() AS at, dpo_actor() AS actor,
              dpo_via() AS via, {before} AS b, {after} AS a,
              coalesce((SELECT hash FROM journal ORDER BY seq DESC LIMIT 1), '') AS prev) AS e{only_changes};
END"
    );
    (name, sql)
}

/// The number of the journal's last entry (0 when empty).
pub(super) fn head_seq(conn: &Connection) -> StoreResult<i64> {
    Ok(
        conn.query_row("SELECT coalesce(max(seq), 0) FROM journal", [], |r| {
            r.get(0)
        })?,
    )
}

/// Whether the entries after `seq` change anything beyond revisions and
/// times of change: an update with other values, or rows deleted and inserted
/// that are not the same rows again (ids aside: children are written anew).
pub(super) fn changed_since(conn: &Connection, seq: i64) -> StoreResult<bool> {
    const BOOKKEEPING: &str = "'$.revision', '$.updated_at', '$.created_at'";
    let updated: bool = conn.query_row(
        &format!(
            "SELECT EXISTS (SELECT 1 FROM journal WHERE seq > ?1 AND action = 'update'
                 AND json_remove(before, {BOOKKEEPING}) IS NOT json_remove(after, {BOOKKEEPING}))"
        ),
        [seq],
        |r| r.get(0),
    )?;
    if updated {
        return Ok(true);
    }
    let replaced: bool = conn.query_row(
        &format!(
            "SELECT EXISTS (SELECT 1 FROM (
                 SELECT tbl, json_remove(coalesce(after, before), '$.id', {BOOKKEEPING}) AS row,
                        sum(CASE action WHEN 'insert' THEN 1 ELSE -1 END) AS balance
                 FROM journal WHERE seq > ?1 AND action IN ('insert', 'delete')
                 GROUP BY tbl, row) WHERE balance != 0)"
        ),
        [seq],
        |r| r.get(0),
    )?;
    Ok(replaced)
}

/// The journal's own guards (also created by migration 6).
const GUARDS: &[(&str, &str)] = &[
    (
        "journal_no_update",
        "CREATE TRIGGER journal_no_update BEFORE UPDATE ON journal
BEGIN
    SELECT RAISE(ABORT, 'the journal is append-only');
END",
    ),
    (
        "journal_no_delete",
        "CREATE TRIGGER journal_no_delete BEFORE DELETE ON journal
BEGIN
    SELECT RAISE(ABORT, 'the journal is append-only');
END",
    ),
];

/// Installs (or repairs) the triggers of every journaled table and the
/// journal's own guards; returns the names of those that were missing or out
/// of date.
pub(super) fn ensure_triggers(conn: &Connection) -> StoreResult<Vec<String>> {
    let missing = triggers_to_repair(conn)?;
    if missing.is_empty() {
        return Ok(Vec::new());
    }
    // Repairs happen in one write transaction, so no other writer slips a
    // change in while a trigger is being replaced (inside a migration the
    // migration's transaction is that transaction).
    let own = conn.is_autocommit();
    if own {
        conn.execute_batch("BEGIN IMMEDIATE")?;
    }
    let result = triggers_to_repair(conn).and_then(|repairs| {
        for (name, sql, drop_first) in &repairs {
            if *drop_first {
                conn.execute_batch(&format!("DROP TRIGGER IF EXISTS {name};"))?;
            }
            conn.execute_batch(&format!("{sql};"))?;
        }
        Ok(repairs.into_iter().map(|(name, _, _)| name).collect())
    });
    if own {
        conn.execute_batch(if result.is_ok() { "COMMIT" } else { "ROLLBACK" })?;
    }
    result
}

/// (name, the SQL it should have, whether one of that name is there) for
/// every trigger that is missing or differs.
fn triggers_to_repair(conn: &Connection) -> StoreResult<Vec<(String, String, bool)>> {
    let found = |name: &str| -> StoreResult<Option<String>> {
        Ok(conn
            .query_row(
                "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = ?1",
                [name],
                |r| r.get(0),
            )
            .optional()?)
    };
    let mut repairs = Vec::new();
    for (name, sql) in GUARDS {
        if found(name)?.is_none() {
            repairs.push((name.to_string(), sql.to_string(), false));
        }
    }
    for &table in JOURNALED {
        let cols = columns(conn, table)?;
        if cols.is_empty() {
            // Made by a later migration, which regenerates the triggers.
            continue;
        }
        for event in ["INSERT", "UPDATE", "DELETE"] {
            let (name, sql) = trigger_sql(table, event, &cols);
            match found(&name)? {
                Some(existing) if existing == sql => {}
                existing => repairs.push((name, sql, existing.is_some())),
            }
        }
    }
    Ok(repairs)
}

/// The hash of the journal's last entry ('' when it is empty).
fn head_hash(conn: &Connection) -> StoreResult<String> {
    Ok(conn
        .query_row(
            "SELECT hash FROM journal ORDER BY seq DESC LIMIT 1",
            [],
            |r| r.get(0),
        )
        .optional()?
        .unwrap_or_default())
}

/// Drops `table`'s insert trigger for the rest of this transaction. A large
/// import inserts many rows and nothing else in between; the trigger, run
/// for each, was two fifths of the import's time (it composes its entry in
/// SQL and reads the journal's head in a statement that writes the journal,
/// which SQLite runs through a temporary table). The caller journals the
/// rows it inserts with `journal_inserted` before any other write, so the
/// entries keep the order of the changes, and calls `resume_inserts`
/// before it commits; rolled back, the trigger comes back with the rest.
pub(super) fn defer_inserts(conn: &Connection, table: &str) -> StoreResult<()> {
    journaled_table(table)?;
    Ok(conn.execute_batch(&format!("DROP TRIGGER IF EXISTS journal_{table}_insert;"))?)
}

/// Sets aside every journal trigger of `table` for the rest of the
/// transaction (a copy brings its own entries); `ensure_triggers` puts them
/// back before it commits.
pub(super) fn drop_table_triggers(conn: &Connection, table: &str) -> StoreResult<()> {
    journaled_table(table)?;
    for event in ["insert", "update", "delete"] {
        conn.execute_batch(&format!("DROP TRIGGER IF EXISTS journal_{table}_{event};"))?;
    }
    Ok(())
}

/// The insert entries of the rows `ids` of `table` (each once, ascending),
/// as its insert trigger would have written them: the row as `json_object`
/// gives it, the same canonical text, hashed as the trigger's function
/// hashes (`written` learns them as it would). Many are hashed on a thread
/// of their own while this one reads the next rows and writes the entries
/// hashed (hashing was an eighth of a large import's journal).
pub(super) fn journal_inserted(
    conn: &Connection,
    written: &WrittenHashes,
    table: &str,
    ids: &[i64],
) -> StoreResult<()> {
    if ids.is_empty() {
        return Ok(());
    }
    debug_assert!(ids.windows(2).all(|w| w[0] < w[1]));
    let (at, actor, via): (String, String, String) =
        conn.query_row("SELECT dpo_now(), dpo_actor(), dpo_via()", [], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?))
        })?;
    let mut chain = Chain {
        at: &at,
        actor: &actor,
        via: &via,
        table,
        prev: head_hash(conn)?,
    };
    let mut batch = EntryBatch::new(conn, [&at, &actor, &via, table])?;
    if ids.len() < HASHED_APART_FROM {
        each_row(conn, table, ids, |id, json| {
            batch.push(chain.next(written, id, json))
        })?;
        return batch.flush();
    }
    std::thread::scope(|scope| -> StoreResult<()> {
        // Made here, so that however this ends, the sender is dropped and
        // the hashing thread ends before the scope waits for it.
        let (to_hash, rows_in) = std::sync::mpsc::sync_channel::<Vec<(i64, String)>>(4);
        let (hashed_out, hashed) = std::sync::mpsc::sync_channel::<Vec<HashedEntry>>(4);
        scope.spawn(move || chain.run(rows_in, hashed_out, written));
        let (mut sent, mut taken) = (0usize, 0usize);
        // Writes what is hashed: what is ready, and all of it at the end
        // (the hashing stays a batch or so behind the reading).
        let mut write_hashed = |batch: &mut EntryBatch<'_>, sent: usize, all: bool| {
            while taken < sent {
                let ready = if all || sent - taken > 2 {
                    hashed.recv().ok()
                } else {
                    hashed.try_recv().ok()
                };
                let Some(entries) = ready else { break };
                taken += 1;
                for entry in entries {
                    batch.push(entry)?;
                }
            }
            Ok::<_, StoreError>(())
        };
        let mut pending = Vec::with_capacity(EntryBatch::ROWS);
        each_row(conn, table, ids, |id, json| {
            pending.push((id, json));
            if pending.len() == EntryBatch::ROWS {
                let full = std::mem::replace(&mut pending, Vec::with_capacity(EntryBatch::ROWS));
                if to_hash.send(full).is_ok() {
                    sent += 1;
                }
                write_hashed(&mut batch, sent, false)?;
            }
            Ok(())
        })?;
        if !pending.is_empty() && to_hash.send(pending).is_ok() {
            sent += 1;
        }
        drop(to_hash);
        write_hashed(&mut batch, sent, true)?;
        batch.flush()
    })
}

/// From this many new rows on, their chain is hashed on a thread of its own.
const HASHED_APART_FROM: usize = 1024;

/// Hands each row `ids` names, in order, to `each` with its row JSON. Ids
/// close together are read in one pass over their range (rows written
/// before, in between, are skipped); ids far apart one by one. A row not
/// there is an error: it was to be journaled.
fn each_row(
    conn: &Connection,
    table: &str,
    ids: &[i64],
    mut each: impl FnMut(i64, String) -> StoreResult<()>,
) -> StoreResult<()> {
    let (Some(&first), Some(&last)) = (ids.first(), ids.last()) else {
        return Ok(());
    };
    let json = row_json("", &columns(conn, table)?);
    let missing = |id: &i64| {
        StoreError::field(
            "journal",
            format!("{table} {id} was to be journaled but is not in the register"),
        )
    };
    if i128::from(last) - i128::from(first) < 2 * ids.len() as i128 {
        let mut stmt = conn.prepare_cached(&format!(
            "SELECT rowid, {json} FROM {table} WHERE rowid BETWEEN ?1 AND ?2 ORDER BY rowid"
        ))?;
        let mut wanted = ids.iter().peekable();
        let mut rows = stmt.query([first, last])?;
        while let Some(row) = rows.next()? {
            let id: i64 = row.get(0)?;
            if wanted.next_if_eq(&&id).is_some() {
                each(id, row.get(1)?)?;
            }
        }
        return wanted.next().map_or(Ok(()), |id| Err(missing(id)));
    }
    let mut stmt = conn.prepare_cached(&format!("SELECT {json} FROM {table} WHERE rowid = ?1"))?;
    for id in ids {
        let row: Option<String> = stmt.query_row([id], |r| r.get(0)).optional()?;
        each(*id, row.ok_or_else(|| missing(id))?)?;
    }
    Ok(())
}

/// An insert entry with its hash: the record's id, its row, the previous
/// hash and its own.
type HashedEntry = (i64, String, String, String);

/// The hash chain of insert entries of one moment, author and table.
struct Chain<'a> {
    at: &'a str,
    actor: &'a str,
    via: &'a str,
    table: &'a str,
    /// The hash of the entry before the next.
    prev: String,
}

impl Chain<'_> {
    /// The entry of row `id` (as `json`), hashed after the one before.
    fn next(&mut self, written: &WrittenHashes, id: i64, json: String) -> HashedEntry {
        let content = canonical(
            self.at,
            self.actor,
            self.via,
            self.table,
            id,
            "insert",
            None,
            Some(&json),
        );
        let hash = entry_hash(&self.prev, &content);
        note_written(written, &hash);
        let prev = std::mem::replace(&mut self.prev, hash.clone());
        (id, json, prev, hash)
    }

    /// Hashes each batch of rows received, in order, and sends it on.
    fn run(
        mut self,
        rows: std::sync::mpsc::Receiver<Vec<(i64, String)>>,
        hashed: std::sync::mpsc::SyncSender<Vec<HashedEntry>>,
        written: &WrittenHashes,
    ) {
        for batch in rows {
            let entries = batch
                .into_iter()
                .map(|(id, json)| self.next(written, id, json))
                .collect();
            if hashed.send(entries).is_err() {
                return;
            }
        }
    }
}

/// Insert entries of one table, moment and author, written
/// `EntryBatch::ROWS` to a statement: a statement per entry spent more on
/// running the statement than on the row.
struct EntryBatch<'c> {
    conn: &'c Connection,
    /// The moment, actor, via and table: `?1` to `?4` of every statement.
    shared: [rusqlite::types::Value; 4],
    /// Per entry: the record's id, its row, the previous hash and its hash.
    pending: Vec<rusqlite::types::Value>,
}

impl<'c> EntryBatch<'c> {
    const ROWS: usize = 64;
    const PER_ROW: usize = 4;

    fn new(conn: &'c Connection, shared: [&str; 4]) -> StoreResult<Self> {
        Ok(EntryBatch {
            conn,
            shared: shared.map(|s| rusqlite::types::Value::Text(s.to_string())),
            pending: Vec::with_capacity(Self::ROWS * Self::PER_ROW),
        })
    }

    fn push(&mut self, (id, json, prev, hash): HashedEntry) -> StoreResult<()> {
        use rusqlite::types::Value;
        self.pending.extend([
            Value::Integer(id),
            Value::Text(json),
            Value::Text(prev),
            Value::Text(hash),
        ]);
        if self.pending.len() == Self::ROWS * Self::PER_ROW {
            self.flush()?;
        }
        Ok(())
    }

    fn flush(&mut self) -> StoreResult<()> {
        let rows = self.pending.len() / Self::PER_ROW;
        if rows == 0 {
            return Ok(());
        }
        let values: Vec<String> = (0..rows)
            .map(|i| {
                let p = 5 + i * Self::PER_ROW;
                format!(
                    "(?1, ?2, ?3, ?4, ?{p}, 'insert', NULL, ?{}, ?{}, ?{})",
                    p + 1,
                    p + 2,
                    p + 3
                )
            })
            .collect();
        let sql = format!(
            "INSERT INTO journal (at, actor, via, tbl, record_id, action, before, after, prev_hash, hash) VALUES {}",
            values.join(", ")
        );
        let params = self.shared.iter().chain(self.pending.iter());
        self.conn
            .prepare_cached(&sql)?
            .execute(rusqlite::params_from_iter(params))?;
        self.pending.clear();
        Ok(())
    }
}

/// Puts back the insert trigger `defer_inserts` dropped.
pub(super) fn resume_inserts(conn: &Connection, table: &str) -> StoreResult<()> {
    let (_, sql) = trigger_sql(journaled_table(table)?, "INSERT", &columns(conn, table)?);
    Ok(conn.execute_batch(&format!("{sql};"))?)
}

/// Records every row as it stands as a `baseline` entry (when the journal
/// starts on a register that already holds data).
pub(super) fn write_baseline(conn: &Connection, author: &Author) -> StoreResult<usize> {
    let mut prev = head_hash(conn)?;
    let at: String = conn.query_row("SELECT dpo_now()", [], |r| r.get(0))?;
    let mut count = 0;
    for &table in JOURNALED {
        let cols = columns(conn, table)?;
        if cols.is_empty() {
            continue; // not made yet: it holds nothing
        }
        let rows: Vec<(i64, String)> = conn
            .prepare(&format!(
                "SELECT rowid, {} FROM {table} ORDER BY rowid",
                row_json("", &cols)
            ))?
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<Result<_, _>>()?;
        for (id, json) in rows {
            let content = canonical(
                &at,
                &author.actor,
                &author.via,
                table,
                id,
                "baseline",
                None,
                Some(&json),
            );
            let hash = entry_hash(&prev, &content);
            conn.execute(
                "INSERT INTO journal (at, actor, via, tbl, record_id, action, before, after, prev_hash, hash)
                 VALUES (?1, ?2, ?3, ?4, ?5, 'baseline', NULL, ?6, ?7, ?8)",
                params![at, author.actor, author.via, table, id, json, prev, hash],
            )?;
            prev = hash;
            count += 1;
        }
    }
    Ok(count)
}

/// One journal entry as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JournalEntry {
    pub seq: i64,
    pub at: String,
    pub actor: String,
    pub via: String,
    pub table: String,
    pub record_id: i64,
    pub action: String,
    pub before: Option<String>,
    pub after: Option<String>,
    pub prev_hash: String,
    pub hash: String,
}

impl JournalEntry {
    /// "2026-11-23T10:00:01.123Z Kari via tui: update requests#1: status: 'received' → 'in_progress'"
    pub fn describe(&self) -> String {
        self.describe_at(&self.at)
    }

    /// The same, with the time as the workbench shows it: in `zone`, to the second.
    pub fn describe_in(&self, zone: &chrono_tz::Tz) -> String {
        let local = chrono::DateTime::parse_from_rfc3339(&self.at)
            .map(|t| {
                t.with_timezone(zone)
                    .format("%Y-%m-%d %H:%M:%S %Z")
                    .to_string()
            })
            .unwrap_or_else(|_| self.at.clone());
        self.describe_at(&local)
    }

    fn describe_at(&self, at: &str) -> String {
        let what = match (self.action.as_str(), &self.before, &self.after) {
            ("update", Some(b), Some(a)) => differences(b, a),
            (_, _, Some(a)) => summary(a),
            (_, Some(b), None) => summary(b),
            _ => String::new(),
        };
        format!(
            "{at} {} via {}: {} {}#{}: {what}",
            self.actor, self.via, self.action, self.table, self.record_id
        )
    }
}

/// The fields that say what a record is (its name, title or reference; a
/// letter's kind and where it went).
fn summary(json: &str) -> String {
    let Some(row) = row_fields(json) else {
        return String::new();
    };
    let mut said = naming_field(&row)
        .map(|(k, v)| format!("{k} '{}'", v.replace('\n', " ⏎ ")))
        .unwrap_or_default();
    if let Some(to) = text_of(&row, "produced_to") {
        said.push_str(&format!(" to '{to}'"));
    }
    said
}

type RowFields = serde_json::Map<String, serde_json::Value>;

/// The fields of a row recorded as `json`, read once.
fn row_fields(json: &str) -> Option<RowFields> {
    match serde_json::from_str::<serde_json::Value>(json) {
        Ok(serde_json::Value::Object(map)) => Some(map),
        _ => None,
    }
}

/// A text field of a row, when it holds something.
fn text_of(row: &RowFields, key: &str) -> Option<String> {
    row.get(key)
        .and_then(|v| v.as_str())
        .filter(|v| !v.is_empty())
        .map(str::to_string)
}

/// What a row recorded as `json` is called: its name, reference or title.
pub(super) fn label(json: &str) -> Option<String> {
    naming_field(&row_fields(json)?).map(|(_, v)| v)
}

fn naming_field(row: &RowFields) -> Option<(&'static str, String)> {
    [
        "name",
        "reference",
        "title",
        "controller_name",
        "sub_processor",
        "purpose",
        "category",
        "detail",
        // A letter or a pause is named by its kind.
        "kind",
    ]
    .iter()
    .find_map(|k| text_of(row, k).map(|v| (*k, v)))
}

/// One row change as the journal records it: the table, the record,
/// insert, update or delete, and the row's JSON before and after. What an
/// undo takes back and what a write on a server's register sends.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct RowChange {
    pub table: String,
    pub record_id: i64,
    pub action: String,
    pub before: Option<String>,
    pub after: Option<String>,
}

/// The journal's columns a `RowChange` is read from, by `row_change`.
pub(super) const ROW_CHANGE_COLUMNS: &str = "tbl, record_id, action, before, after";

pub(super) fn row_change(r: &rusqlite::Row<'_>) -> rusqlite::Result<RowChange> {
    Ok(RowChange {
        table: r.get(0)?,
        record_id: r.get(1)?,
        action: r.get(2)?,
        before: r.get(3)?,
        after: r.get(4)?,
    })
}

const ENTRY_COLUMNS: &str =
    "seq, at, actor, via, tbl, record_id, action, before, after, prev_hash, hash";

fn row_to_entry(r: &rusqlite::Row<'_>) -> rusqlite::Result<JournalEntry> {
    Ok(JournalEntry {
        seq: r.get(0)?,
        at: r.get(1)?,
        actor: r.get(2)?,
        via: r.get(3)?,
        table: r.get(4)?,
        record_id: r.get(5)?,
        action: r.get(6)?,
        before: r.get(7)?,
        after: r.get(8)?,
        prev_hash: r.get(9)?,
        hash: r.get(10)?,
    })
}

/// What `dpo log` asks for.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct JournalFilter {
    pub table: Option<String>,
    pub record_id: Option<i64>,
    /// Entries at or after this UTC instant (RFC 3339 text compares in order).
    pub since: Option<String>,
}

/// What `verify` found: the entries and records checked, and the problems,
/// the first entry or record that differs first.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Verification {
    pub entries: usize,
    pub records: usize,
    pub head: String,
    pub problems: Vec<String>,
}

impl Verification {
    pub fn intact(&self) -> bool {
        self.problems.is_empty()
    }
}

impl super::Register {
    /// Sets only the channel ("tui", "cli", "import").
    pub fn set_via(&self, via: &str) {
        if let Ok(mut a) = self.author.lock() {
            a.via = via.to_string();
        }
    }

    pub fn via(&self) -> String {
        self.author
            .lock()
            .map(|a| a.via.clone())
            .unwrap_or_default()
    }

    /// The journal's last hash ("" when it is empty).
    pub fn journal_head(&self) -> StoreResult<String> {
        head_hash(&self.conn)
    }

    /// Entries matching `filter`, oldest first, handed to `each` as read.
    pub fn for_each_journal_entry<E: From<StoreError>>(
        &self,
        filter: &JournalFilter,
        mut each: impl FnMut(&JournalEntry) -> Result<(), E>,
    ) -> Result<(), E> {
        let sql = format!(
            "SELECT {ENTRY_COLUMNS} FROM journal
             WHERE (?1 IS NULL OR tbl = ?1) AND (?2 IS NULL OR record_id = ?2) AND (?3 IS NULL OR at >= ?3)
             ORDER BY seq"
        );
        self.stream_rows_with(
            &sql,
            params![filter.table, filter.record_id, filter.since],
            row_to_entry,
            |entry| each(&entry),
        )
    }

    /// The entries of one record and of the records kept under it (a
    /// processor's agreements, a request's pauses…), oldest first.
    pub fn record_history(&self, table: &str, id: i64) -> StoreResult<Vec<JournalEntry>> {
        let children: &[(&str, &str)] = match table {
            "processors" => &[
                ("dpas", "processor_id"),
                ("transfers", "processor_id"),
                ("change_notices", "processor_id"),
            ],
            "requests" => &[
                ("request_pauses", "request_id"),
                ("request_events", "request_id"),
                ("letters", "request_id"),
            ],
            "breaches" => &[
                ("breach_notifications", "breach_id"),
                ("breach_activities", "breach_id"),
                ("letters", "breach_id"),
            ],
            "processor_records" => &[("processor_record_processors", "processor_record_id")],
            "activities" => &[
                ("activity_data_categories", "activity_id"),
                ("activity_bases", "activity_id"),
                ("activity_processors", "activity_id"),
                ("activity_joint_controllers", "activity_id"),
            ],
            _ => &[],
        };
        let mut sql =
            format!("SELECT {ENTRY_COLUMNS} FROM journal WHERE (tbl = ?1 AND record_id = ?2)");
        for (child, key) in children {
            sql.push_str(&format!(
                " OR (tbl = '{child}' AND json_extract(coalesce(after, before), '$.{key}') = ?2)"
            ));
        }
        sql.push_str(" ORDER BY seq");
        let entries = self
            .conn
            .prepare(&sql)?
            .query_map(params![table, id], row_to_entry)?
            .collect::<Result<Vec<_>, _>>()?;
        Ok(entries)
    }

    /// What was changed in record `id` of `table` after its revision
    /// `since`, column by column with how it is said ("dpo_name", "dpo_name:
    /// 'A' → 'B'"), oldest first: what a save over those revisions would put back.
    pub fn changes_since(
        &self,
        table: &str,
        id: i64,
        since: i64,
    ) -> StoreResult<Vec<(String, String)>> {
        let sql = format!(
            "SELECT {ENTRY_COLUMNS} FROM journal WHERE tbl = ?1 AND record_id = ?2
               AND action = 'update'
               AND CAST(json_extract(after, '$.revision') AS INTEGER) > ?3
             ORDER BY seq"
        );
        let entries = self
            .conn
            .prepare(&sql)?
            .query_map(params![table, id, since], row_to_entry)?
            .collect::<Result<Vec<_>, _>>()?;
        Ok(entries
            .iter()
            .filter_map(|e| {
                let (before, after) = (e.before.as_deref()?, e.after.as_deref()?);
                Some(all_changes(before, after, |k| {
                    !["search_text", "updated_at", "revision"].contains(&k)
                }))
            })
            .flatten()
            .collect())
    }

    /// The register as it stood at `cutoff`, rebuilt in memory from the
    /// journal: each row as its last entry at or before that instant left it.
    /// The copy is for reading (exports); it keeps this file's folder for
    /// document paths.
    pub fn as_of(&self, cutoff: chrono::DateTime<chrono::Utc>) -> StoreResult<super::Register> {
        let stamp = cutoff.to_rfc3339_opts(chrono::SecondsFormat::Millis, true);
        // Before its first entry the register did not exist (or kept no journal).
        let first: Option<String> =
            self.conn
                .query_row("SELECT min(at) FROM journal", [], |r| r.get(0))?;
        match first {
            Some(first) if first.as_str() <= stamp.as_str() => {}
            Some(first) => {
                // Said in the register's zone, as the moment was typed, with
                // the first whole minute that can be typed.
                let zone = self.organisation().map_or(chrono_tz::UTC, |o| o.time_zone);
                let said = chrono::DateTime::parse_from_rfc3339(&first).map_or(first, |at| {
                    let at = at.with_timezone(&zone);
                    let minute = at.format("%Y-%m-%d %H:%M");
                    let within =
                        chrono::Timelike::second(&at) > 0 || chrono::Timelike::nanosecond(&at) > 0;
                    let earliest = if within {
                        (at + chrono::Duration::minutes(1)).format("%Y-%m-%d %H:%M")
                    } else {
                        minute
                    };
                    format!(
                        "{}: there is nothing to show before it (view {earliest} or later)",
                        at.format("%a %-d %b %Y %H:%M:%S %Z")
                    )
                });
                return Err(StoreError::field(
                    "as_of",
                    format!("the register's journal starts at {said}"),
                ));
            }
            None => {
                return Err(StoreError::field(
                    "as_of",
                    "the register's journal is empty: there is no earlier state to show",
                ))
            }
        }
        // Its clock stands at the cutoff: what it works out (a review
        // overdue, a request's days waiting) is as of then, not today.
        let at_cutoff = crate::platform::clock::Clock::fixed(cutoff);
        let mut copy = super::Register::in_memory(self.path(), at_cutoff)?;
        let conn = &copy.conn;
        // Rows arrive table by table, not in dependency order; the journal's
        // rows were consistent when written.
        conn.execute_batch("PRAGMA foreign_keys = OFF;")?;
        let triggers: Vec<String> = conn
            .prepare(
                "SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'journal_%'",
            )?
            .query_map([], |r| r.get(0))?
            .collect::<Result<_, _>>()?;
        for name in triggers {
            conn.execute_batch(&format!("DROP TRIGGER {name}"))?;
        }
        let tx = copy.conn.transaction()?;
        for &table in JOURNALED {
            let cols = columns_and_defaults(&tx, table)?;
            // A column the entry predates takes its default.
            let insert = format!(
                "INSERT INTO {table} (rowid, {}) VALUES (?1, {})",
                cols.iter()
                    .map(|(c, _)| format!("\"{c}\""))
                    .collect::<Vec<_>>()
                    .join(", "),
                cols.iter()
                    .map(|(c, default)| format!(
                        "CASE WHEN json_type(?2, '$.\"{c}\"') IS NULL THEN {default} ELSE json_extract(?2, '$.\"{c}\"') END"
                    ))
                    .collect::<Vec<_>>()
                    .join(", ")
            );
            // The last entry per row at or before the cutoff.
            let rows: Vec<(i64, String)> = self
                .conn
                .prepare(
                    "SELECT j.record_id, j.after FROM journal j
                     WHERE j.tbl = ?1 AND j.seq = (SELECT max(k.seq) FROM journal k
                         WHERE k.tbl = j.tbl AND k.record_id = j.record_id AND k.at <= ?2)
                       AND j.after IS NOT NULL
                     ORDER BY j.record_id",
                )?
                .query_map(params![table, stamp], |r| Ok((r.get(0)?, r.get(1)?)))?
                .collect::<Result<_, _>>()?;
            let mut stmt = tx.prepare(&insert)?;
            for (id, json) in rows {
                stmt.execute(params![id, json])?;
            }
        }
        tx.commit()?;
        // The past is for reading: the copy refuses writes itself.
        copy.conn
            .execute_batch("PRAGMA foreign_keys = ON; PRAGMA query_only = ON;")?;
        Ok(copy)
    }
}

/// "status: 'in_progress' → 'answered'; notes: … " for two JSON objects.
pub fn differences(before: &str, after: &str) -> String {
    let changes = field_changes(before, after);
    if changes.is_empty() {
        "no field differs".to_string()
    } else {
        changes.join("; ")
    }
}

/// `differences`, or where no field a person reads differs, the
/// bookkeeping column that does (`dpo verify`: "search_text: …", not "no
/// field differs" beside "differs from the journal").
pub(super) fn differences_whole(before: &str, after: &str) -> String {
    let changes = field_changes(before, after);
    if !changes.is_empty() {
        return changes.join("; ");
    }
    let kept: Vec<String> = all_changes(before, after, |_| true)
        .into_iter()
        .map(|(_, said)| said)
        .collect();
    if kept.is_empty() {
        "no field differs".to_string()
    } else {
        kept.join("; ")
    }
}

/// Each field that differs between two rows as JSON objects, "status:
/// 'in_progress' → 'answered'", the bookkeeping columns left out: they
/// change with every save and say nothing to a reader.
fn field_changes(before: &str, after: &str) -> Vec<String> {
    let changes = all_changes(before, after, |k| {
        !["search_text", "updated_at"].contains(&k)
    });
    changes.into_iter().map(|(_, said)| said).collect()
}

/// Each column `kept` lets through that differs between two rows, with
/// how the change is said.
fn all_changes(before: &str, after: &str, kept: impl Fn(&str) -> bool) -> Vec<(String, String)> {
    let parse = |s: &str| -> Vec<(String, serde_json::Value)> {
        match serde_json::from_str::<serde_json::Value>(s) {
            Ok(serde_json::Value::Object(map)) => map.into_iter().collect(),
            _ => Vec::new(),
        }
    };
    let old: HashMap<String, serde_json::Value> = parse(before).into_iter().collect();
    parse(after)
        .into_iter()
        .filter(|(k, _)| kept(k))
        .filter(|(k, v)| old.get(k) != Some(v))
        .map(|(k, v)| {
            let (was, now) = shown_pair(old.get(&k), &v);
            let said = format!("{k}: {was} → {now}");
            (k, said)
        })
        .collect()
}

/// Two values as a change shows them, each cut short: two long texts that
/// begin alike from a little before where they part ("…ag line 7 …"), so
/// that what changed is in view.
fn shown_pair(was: Option<&serde_json::Value>, now: &serde_json::Value) -> (String, String) {
    use serde_json::Value;
    if let (Some(Value::String(a)), Value::String(b)) = (was, now) {
        let alike = a.chars().zip(b.chars()).take_while(|(x, y)| x == y).count();
        if alike > 40 {
            let from = |s: &str| {
                let rest: String = s.chars().skip(alike - 20).collect();
                short(&Value::String(format!("…{rest}")))
            };
            return (from(a), from(b));
        }
    }
    (was.map_or("—".to_string(), short), short(now))
}

fn short(v: &serde_json::Value) -> String {
    let text = match v {
        serde_json::Value::String(s) => format!("'{}'", s.replace('\n', " ⏎ ")),
        other => other.to_string(),
    };
    if text.chars().count() > 60 {
        format!("{}…", text.chars().take(60).collect::<String>())
    } else {
        text
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_letter_and_a_pause_are_said_by_their_kind_and_a_letter_where_it_went() {
        let entry = |table: &str, after: &str| JournalEntry {
            seq: 1,
            at: "2026-12-07T10:00:00.000Z".into(),
            actor: "kari".into(),
            via: "cli".into(),
            table: table.into(),
            record_id: 5,
            action: "insert".into(),
            before: None,
            after: Some(after.into()),
            prev_hash: String::new(),
            hash: String::new(),
        };
        let letter = entry(
            "letters",
            r#"{"id":5,"kind":"acknowledgement","lang":"nb","produced_to":"DSR-2026-0003-acknowledgement-nb.md"}"#,
        );
        assert!(letter.describe().ends_with(
            "insert letters#5: kind 'acknowledgement' to 'DSR-2026-0003-acknowledgement-nb.md'"
        ));
        let pause = entry(
            "request_pauses",
            r#"{"id":5,"kind":"identity","requested_on":"2026-12-07"}"#,
        );
        assert!(pause
            .describe()
            .ends_with("insert request_pauses#5: kind 'identity'"));
        // A record with a name is named by it, as before.
        let processor = entry("processors", r#"{"id":5,"name":"Acme AS","kind":"x"}"#);
        assert!(processor
            .describe()
            .ends_with("insert processors#5: name 'Acme AS'"));
    }

    #[test]
    fn a_long_text_changed_late_is_shown_where_it_changed() {
        let same = "From the processor catalogue (Stripe): check these facts against";
        let before = serde_json::json!({"notes": format!("{same} the sources; line 7 old")});
        let after = serde_json::json!({"notes": format!("{same} the sources; line 7 new")});
        let said = differences(&before.to_string(), &after.to_string());
        assert!(said.contains("old'") && said.contains("new'"), "{said}");
        // Only the search text differs: said, not "no field differs".
        let before = serde_json::json!({"name": "Acme", "search_text": "acme"});
        let after = serde_json::json!({"name": "Acme", "search_text": "evil"});
        assert_eq!(
            differences(&before.to_string(), &after.to_string()),
            "no field differs"
        );
        let said = differences_whole(&before.to_string(), &after.to_string());
        assert_eq!(said, "search_text: 'acme' → 'evil'");
    }

    #[test]
    fn a_column_an_entry_predates_counts_as_recorded_with_its_default() {
        let conn = Connection::open_in_memory().unwrap();
        conn.execute_batch(
            "CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT, since TEXT NOT NULL DEFAULT '', n INTEGER DEFAULT 0);",
        )
        .unwrap();
        let defaults = defaults_json(&conn, &columns_and_defaults(&conn, "t").unwrap()).unwrap();
        let recorded = r#"{"id":1,"name":"Acme"}"#;
        assert!(same_as_recorded(
            recorded,
            r#"{"id":1,"name":"Acme","since":"","n":0}"#,
            &defaults
        ));
        // A value other than the default was never journaled: a change.
        assert!(!same_as_recorded(
            recorded,
            r#"{"id":1,"name":"Acme","since":"2026-11-15","n":0}"#,
            &defaults
        ));
        assert!(!same_as_recorded(
            recorded,
            r#"{"id":1,"name":"Acme AS","since":"","n":0}"#,
            &defaults
        ));
        // A column the register lost is a change too.
        assert!(!same_as_recorded(
            r#"{"id":1,"name":"Acme","gone":1}"#,
            r#"{"id":1,"name":"Acme","since":"","n":0}"#,
            &defaults
        ));
    }
}
