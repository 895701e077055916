//! Undo and redo of the session's writes, built on the change journal: a
//! write is the span of journal entries it made; undoing it writes every
//! row back as the entries found it, newest first, in one transaction — and
//! those writes are journaled too, "via undo", so the journal still tells
//! the whole story and `verify` still holds. Redo is the undo of an undo.
//!
//! A row changed since the write (by another window or program) is not
//! written over, nor one a cascade would reach that the write did not touch:
//! the undo is refused and nothing changes. A write's entries are told from
//! another program's by the hashes this connection's triggers made.

use rusqlite::types::Value;

use super::error::{StoreError, StoreResult};
use super::journal::{columns, differs_from_recorded, head_seq, row_now};
use super::Register;

/// The journal entries one write made, by number: only its own, though
/// another program may have committed between them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(super) struct Written(Vec<i64>);

/// The session's writes that can be undone, and the undos that can be redone.
#[derive(Debug, Default)]
pub(super) struct UndoLog {
    done: Vec<Written>,
    undone: Vec<Written>,
    /// While a write is watched: the journal's last entry before it.
    watched_from: Option<i64>,
}

impl UndoLog {
    /// (taken from, put on): the writes and the undos, or the other way round.
    fn stacks(&mut self, redo: bool) -> (&mut Vec<Written>, &mut Vec<Written>) {
        if redo {
            (&mut self.undone, &mut self.done)
        } else {
            (&mut self.done, &mut self.undone)
        }
    }
}

/// What an undo or redo changed, said in a line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reverted {
    /// The main record: "processors#3".
    pub record: String,
    /// What it is called (its name, reference or title), when it has one.
    pub label: Option<String>,
    /// What was taken back: "update", "insert" (now deleted), "delete" (now back).
    pub action: String,
    /// How many rows it wrote.
    pub rows: usize,
}

/// One journal entry as a revert reads it.
type Entry = super::journal::RowChange;

/// Columns a revert stamps anew rather than taking back: the revision (so a
/// form opened before the undo is still refused as stale) and the time of change.
const BOOKKEEPING: &[&str] = &["revision", "updated_at"];

impl Register {
    /// The number of the journal's last entry (0 when it is empty).
    pub fn journal_seq(&self) -> StoreResult<i64> {
        head_seq(&self.conn)
    }

    /// Starts watching for a write that can be undone: the entries this
    /// connection makes from now on are the write's.
    pub fn watch_write(&self) -> StoreResult<()> {
        let from = head_seq(&self.conn)?;
        self.undo_log.borrow_mut().watched_from = Some(from);
        if let Ok(mut written) = self.written.lock() {
            *written = Some(Vec::new());
        }
        Ok(())
    }

    /// Ends the watch: what this connection committed since `watch_write` is
    /// one write to undo (a write that failed left nothing, and is not one);
    /// a new write ends what could be redone.
    pub fn remember_watched_write(&self) -> StoreResult<()> {
        let hashes = self
            .written
            .lock()
            .ok()
            .and_then(|mut w| w.take())
            .unwrap_or_default();
        let Some(from) = self.undo_log.borrow_mut().watched_from.take() else {
            return Ok(());
        };
        if hashes.is_empty() {
            return Ok(());
        }
        let ours: std::collections::HashSet<String> = hashes.into_iter().collect();
        let mut stmt = self
            .conn
            .prepare("SELECT seq, hash FROM journal WHERE seq > ?1 ORDER BY seq")?;
        let mut seqs = Vec::new();
        let mut rows = stmt.query([from])?;
        while let Some(row) = rows.next()? {
            let hash: String = row.get(1)?;
            if ours.contains(&hash) {
                seqs.push(row.get(0)?);
            }
        }
        if !seqs.is_empty() {
            let mut log = self.undo_log.borrow_mut();
            log.done.push(Written(seqs));
            log.undone.clear();
        }
        Ok(())
    }

    /// Takes back the session's last write (none: `Ok(None)`). Refused, it
    /// is dropped from the log, so `u` goes on with the write before it.
    pub fn undo(&mut self) -> StoreResult<Option<Reverted>> {
        self.take_back(false)
    }

    /// Makes again what the last undo took back (none: `Ok(None)`).
    pub fn redo(&mut self) -> StoreResult<Option<Reverted>> {
        self.take_back(true)
    }

    /// Reverts the top of one stack (the writes, or with `redo` the undos)
    /// and puts what that wrote on the other.
    fn take_back(&mut self, redo: bool) -> StoreResult<Option<Reverted>> {
        let Some(write) = self.undo_log.borrow_mut().stacks(redo).0.pop() else {
            return Ok(None);
        };
        match self.revert(&write) {
            Ok((reverted, made)) => {
                self.undo_log.borrow_mut().stacks(redo).1.push(made);
                Ok(Some(reverted))
            }
            Err(refused @ StoreError::ChangedSince { .. }) => Err(refused),
            Err(failed) => {
                // Locked, a full disk…: nothing happened; it can be tried again.
                self.undo_log.borrow_mut().stacks(redo).0.push(write);
                Err(failed)
            }
        }
    }

    /// Takes over what `earlier` (the same file, opened before: the view of
    /// an earlier day and back) could undo and redo.
    pub fn keep_undo_of(&mut self, earlier: &Register) {
        if earlier.path() == self.path() {
            let mut log = earlier.undo_log.borrow_mut();
            let mut mine = self.undo_log.borrow_mut();
            mine.done = std::mem::take(&mut log.done);
            mine.undone = std::mem::take(&mut log.undone);
        }
    }

    /// Writes every row `write` touched back as its entries found it, newest
    /// entry first, journaled "via undo"; the entries that made.
    fn revert(&mut self, write: &Written) -> StoreResult<(Reverted, Written)> {
        let via = self.via();
        self.set_via("undo");
        let result = self.revert_as_undo(write);
        self.set_via(&via);
        result
    }

    fn revert_as_undo(&mut self, write: &Written) -> StoreResult<(Reverted, Written)> {
        let tx = self.write_tx()?;
        // Children come back before their parent is back: checked at commit.
        tx.execute_batch("PRAGMA defer_foreign_keys = ON")?;
        let entries = read_entries(&tx, write)?;
        let after = head_seq(&tx)?;
        for entry in entries.iter().rev() {
            put_back(&tx, entry)?;
        }
        // A cascade may have reached a row added since (a transfer under the
        // processor being taken back): that is someone else's, left alone.
        if let Some(refusal) = touched_beyond(&tx, after, &entries)? {
            return Err(refusal); // dropping `tx` rolls the revert back
        }
        let last = head_seq(&tx)?;
        tx.commit()?;
        let main = main_entry(&entries).ok_or(StoreError::RolledBack)?;
        Ok((
            Reverted {
                record: format!("{}#{}", main.table, main.record_id),
                label: main
                    .before
                    .as_deref()
                    .or(main.after.as_deref())
                    .and_then(super::journal::label),
                action: main.action.clone(),
                rows: entries.len(),
            },
            Written(((after + 1)..=last).collect()),
        ))
    }
}

/// The error for the first row the revert's own entries name that the write
/// did not touch, if any (checked before the revert commits).
fn touched_beyond(
    conn: &rusqlite::Connection,
    after: i64,
    entries: &[Entry],
) -> StoreResult<Option<StoreError>> {
    let mut stmt = conn.prepare("SELECT DISTINCT tbl, record_id FROM journal WHERE seq > ?1")?;
    let mut rows = stmt.query([after])?;
    while let Some(row) = rows.next()? {
        let (table, id): (String, i64) = (row.get(0)?, row.get(1)?);
        if !entries
            .iter()
            .any(|e| e.table == table && e.record_id == id)
        {
            return Ok(Some(StoreError::ChangedSince {
                record: format!("{table}#{id}"),
            }));
        }
    }
    Ok(None)
}

/// The record a write was about: of the table highest in the journal's
/// order (a processor before its agreement), the first entry — or, for a
/// deletion, the last, as a cascade journals the children first.
fn main_entry(entries: &[Entry]) -> Option<&Entry> {
    let rank = |e: &Entry| super::JOURNALED.iter().position(|t| *t == e.table);
    let top = entries.iter().map(rank).min()?;
    let mut of_top = entries.iter().filter(|e| rank(e) == top);
    if entries
        .iter()
        .filter(|e| rank(e) == top)
        .all(|e| e.action == "delete")
    {
        of_top.next_back()
    } else {
        of_top.next()
    }
}

fn read_entries(conn: &rusqlite::Connection, write: &Written) -> StoreResult<Vec<Entry>> {
    use super::journal::{row_change, ROW_CHANGE_COLUMNS};
    let mut stmt = conn.prepare(&format!(
        "SELECT {ROW_CHANGE_COLUMNS} FROM journal WHERE seq = ?1"
    ))?;
    let mut entries = Vec::with_capacity(write.0.len());
    for &seq in &write.0 {
        entries.push(stmt.query_row([seq], row_change)?);
    }
    Ok(entries)
}

/// Writes `entry`'s row back as it was before the entry, once the row is
/// found as the entry left it.
fn put_back(conn: &rusqlite::Connection, entry: &Entry) -> StoreResult<()> {
    let table = super::journal::journaled_table(&entry.table)?;
    let now = row_now(conn, table, entry.record_id)?;
    let as_left = match (&entry.after, &now) {
        (None, None) => true,
        (Some(recorded), Some(row)) => {
            !differs_from_recorded(conn, table, recorded, row, BOOKKEEPING)?
        }
        _ => false,
    };
    if !as_left {
        return Err(StoreError::ChangedSince {
            record: format!("{table}#{}", entry.record_id),
        });
    }
    match &entry.before {
        None => {
            conn.execute(
                &format!("DELETE FROM {table} WHERE rowid = ?1"),
                [entry.record_id],
            )?;
        }
        Some(before) => write_row(conn, table, entry.record_id, before, now.is_some())?,
    }
    Ok(())
}

/// The row `json` describes written at `id`: over the row there, or anew.
fn write_row(
    conn: &rusqlite::Connection,
    table: &str,
    id: i64,
    json: &str,
    exists: bool,
) -> StoreResult<()> {
    let Ok(serde_json::Value::Object(recorded)) = serde_json::from_str(json) else {
        return Err(StoreError::ChangedSince {
            record: format!("{table}#{id}"),
        });
    };
    let columns = columns(conn, table)?;
    // A column the entry predates keeps what the row has (or its default).
    let mut names = Vec::new();
    let mut values: Vec<Value> = Vec::new();
    for column in columns.iter().filter(|c| recorded.contains_key(*c)) {
        if BOOKKEEPING.contains(&column.as_str()) {
            continue;
        }
        names.push(column.clone());
        values.push(sql_value(&recorded[column]));
    }
    let stamps = bookkeeping_sql(&columns, exists);
    let sql = if exists {
        let sets: Vec<String> = names
            .iter()
            .enumerate()
            .map(|(i, c)| format!("\"{c}\" = ?{}", i + 1))
            .chain(stamps.iter().map(|(c, v)| format!("\"{c}\" = {v}")))
            .collect();
        format!(
            "UPDATE {table} SET {} WHERE rowid = ?{}",
            sets.join(", "),
            names.len() + 1
        )
    } else {
        let all: Vec<String> = names
            .iter()
            .map(|c| format!("\"{c}\""))
            .chain(stamps.iter().map(|(c, _)| format!("\"{c}\"")))
            .collect();
        let placeholders: Vec<String> = (1..=names.len())
            .map(|i| format!("?{i}"))
            .chain(stamps.iter().map(|(_, v)| v.clone()))
            .collect();
        format!(
            "INSERT INTO {table} (rowid, {}) VALUES (?{}, {})",
            all.join(", "),
            names.len() + 1,
            placeholders.join(", ")
        )
    };
    values.push(Value::Integer(id));
    conn.execute(&sql, rusqlite::params_from_iter(values))?;
    Ok(())
}

/// The bookkeeping columns `table` has, with what a revert writes in them:
/// the next revision, and now.
fn bookkeeping_sql(columns: &[String], exists: bool) -> Vec<(String, String)> {
    let has = |c: &str| columns.iter().any(|x| x == c);
    let mut stamps = Vec::new();
    if has("revision") {
        let next = if exists { "revision + 1" } else { "1" };
        stamps.push(("revision".to_string(), next.to_string()));
    }
    if has("updated_at") {
        stamps.push(("updated_at".to_string(), super::register::NOW.to_string()));
    }
    stamps
}

fn sql_value(value: &serde_json::Value) -> Value {
    match value {
        serde_json::Value::Null => Value::Null,
        serde_json::Value::Bool(b) => Value::Integer(i64::from(*b)),
        serde_json::Value::Number(n) => n
            .as_i64()
            .map(Value::Integer)
            .or_else(|| n.as_f64().map(Value::Real))
            .unwrap_or(Value::Null),
        serde_json::Value::String(s) => Value::Text(s.clone()),
        other => Value::Text(other.to_string()),
    }
}
