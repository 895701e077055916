//! A register copied between engines as it is: every journaled table's rows
//! and the journal's entries, each row as the JSON object of its columns
//! (the text the journal records), so the chain stays verifiable across the
//! move. `dpo push` reads a file this way; `dpo pull` and `dpo verify URL`
//! write a copy this way, without the triggers adding entries of their own.

use std::path::Path;

use rusqlite::{params, Connection};

use super::error::{StoreError, StoreResult};
use super::journal::{columns, row_json, JOURNALED};
use super::register::Register;
use crate::platform::clock::Clock;

/// The tables a copy carries, in the order they are written.
pub fn copied_tables() -> impl Iterator<Item = &'static str> {
    JOURNALED.iter().copied().chain(std::iter::once("journal"))
}

/// Where a pulled copy came from, as of which journal entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PulledFrom {
    pub address: String,
    pub pulled_at: String,
    pub journal_seq: i64,
    pub journal_hash: String,
}

/// Rows handed to a copy: (rowid, the row's JSON) for one table at a time.
pub struct Loader<'a> {
    conn: &'a Connection,
}

impl Loader<'_> {
    /// Writes `rows` of `table` as they are: the rowid (for a table keyed by
    /// an integer `id`, the id itself) and every column from the JSON.
    pub fn rows(
        &self,
        table: &str,
        rows: impl IntoIterator<Item = (i64, String)>,
    ) -> StoreResult<usize> {
        if !copied_tables().any(|t| t == table) {
            return Err(StoreError::field(
                "table",
                format!("{table}: not a register table"),
            ));
        }
        let cols = columns(self.conn, table)?;
        let places: Vec<String> = (2..cols.len() + 2).map(|i| format!("?{i}")).collect();
        let quoted: Vec<String> = cols.iter().map(|c| format!("\"{c}\"")).collect();
        let mut stmt = self.conn.prepare_cached(&format!(
            "INSERT INTO {table} (rowid, {}) VALUES (?1, {})",
            quoted.join(", "),
            places.join(", ")
        ))?;
        let mut count = 0;
        for (rowid, json) in rows {
            let values = values_of(table, &cols, &json)?;
            stmt.execute(rusqlite::params_from_iter(
                std::iter::once(rusqlite::types::Value::Integer(rowid)).chain(values),
            ))?;
            count += 1;
        }
        Ok(count)
    }
}

/// The values of `columns` in a row's JSON (read once, not once a column):
/// integers, text and nulls, as the register holds them.
fn values_of(
    table: &str,
    columns: &[String],
    json: &str,
) -> StoreResult<Vec<rusqlite::types::Value>> {
    use rusqlite::types::Value;
    let bad = |why: &str| StoreError::field("row", format!("{table}: a row that {why}: {json}"));
    let serde_json::Value::Object(mut row) =
        serde_json::from_str(json).map_err(|_| bad("is not JSON"))?
    else {
        return Err(bad("is not an object"));
    };
    columns
        .iter()
        .map(|c| match row.remove(c) {
            None | Some(serde_json::Value::Null) => Ok(Value::Null),
            Some(serde_json::Value::String(text)) => Ok(Value::Text(text)),
            Some(serde_json::Value::Bool(b)) => Ok(Value::Integer(i64::from(b))),
            Some(serde_json::Value::Number(n)) => n
                .as_i64()
                .map(Value::Integer)
                .ok_or_else(|| bad("holds a number that is not an integer")),
            Some(_) => Err(bad("holds a list or an object in a column")),
        })
        .collect()
}

impl Register {
    /// Every row of `table` as (rowid, JSON of its columns), in rowid order.
    pub fn for_each_row_json(
        &self,
        table: &str,
        mut each: impl FnMut(i64, String) -> StoreResult<()>,
    ) -> StoreResult<()> {
        if !copied_tables().any(|t| t == table) {
            return Err(StoreError::field(
                "table",
                format!("{table}: not a register table"),
            ));
        }
        let json = row_json("", &columns(&self.conn, table)?);
        let mut stmt = self
            .conn
            .prepare(&format!("SELECT rowid, {json} FROM {table} ORDER BY rowid"))?;
        let mut rows = stmt.query([])?;
        while let Some(row) = rows.next()? {
            each(row.get(0)?, row.get(1)?)?;
        }
        Ok(())
    }

    /// A register in memory filled by `fill` as it is (what `dpo verify URL`
    /// checks with the same code as a file).
    pub fn in_memory_copy(
        clock: Clock,
        fill: impl FnOnce(&Loader<'_>) -> StoreResult<()>,
    ) -> StoreResult<Register> {
        let mut register = Register::in_memory(Path::new("copy.dpo"), clock)?;
        load(&mut register.conn, fill, None)?;
        Ok(register)
    }

    /// A new register file at `path` (encrypted with `key`), filled by
    /// `fill` as it is and marked as a read-only copy of `from`.
    pub fn create_pulled(
        path: &Path,
        key: Option<&str>,
        clock: Clock,
        from: &PulledFrom,
        fill: impl FnOnce(&Loader<'_>) -> StoreResult<()>,
    ) -> StoreResult<()> {
        Register::create_empty(path, key, clock, |register| {
            load(&mut register.conn, fill, Some(from))
        })
    }

    /// Fills this register, empty, by `fill` as it is.
    pub(super) fn fill_as_copy(
        &mut self,
        fill: impl FnOnce(&Loader<'_>) -> StoreResult<()>,
    ) -> StoreResult<()> {
        load(&mut self.conn, fill, None)
    }

    /// Where this register was pulled from, when it is a pulled copy.
    pub fn pulled_from(&self) -> StoreResult<Option<PulledFrom>> {
        use rusqlite::OptionalExtension;
        Ok(self
            .conn
            .query_row(
                "SELECT address, pulled_at, journal_seq, journal_hash FROM pulled_from",
                [],
                |r| {
                    Ok(PulledFrom {
                        address: r.get(0)?,
                        pulled_at: r.get(1)?,
                        journal_seq: r.get(2)?,
                        journal_hash: r.get(3)?,
                    })
                },
            )
            .optional()?)
    }
}

/// Fills an empty register in one transaction: the journal's triggers are
/// set aside while the rows come in with their own entries, references are
/// checked at the commit (a sub-processor may come before its parent).
fn load(
    conn: &mut Connection,
    fill: impl FnOnce(&Loader<'_>) -> StoreResult<()>,
    from: Option<&PulledFrom>,
) -> StoreResult<()> {
    let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
    tx.execute_batch("PRAGMA defer_foreign_keys = ON")?;
    for &table in JOURNALED {
        super::journal::drop_table_triggers(&tx, table)?;
    }
    let entries: i64 = tx.query_row("SELECT count(*) FROM journal", [], |r| r.get(0))?;
    if entries > 0 {
        return Err(StoreError::field(
            "register",
            "a copy is made into an empty register only",
        ));
    }
    // The search index made once at the end, not grown row by row (nine
    // tenths of the time of reading ten thousand requests).
    super::search::suspend(&tx)?;
    fill(&Loader { conn: &tx })?;
    super::search::resume(&tx, true)?;
    super::journal::ensure_triggers(&tx)?;
    if let Some(from) = from {
        tx.execute(
            "INSERT INTO pulled_from (id, address, pulled_at, journal_seq, journal_hash)
             VALUES (1, ?1, ?2, ?3, ?4)",
            params![
                from.address,
                from.pulled_at,
                from.journal_seq,
                from.journal_hash
            ],
        )?;
    }
    tx.commit()?;
    Ok(())
}

/// The row changes the journal recorded after entry `seq`, in order: what
/// a write on a server's register sends to the server.
pub(super) fn changes_after(
    conn: &Connection,
    seq: i64,
) -> StoreResult<Vec<super::server::link::Change>> {
    use super::journal::{row_change, ROW_CHANGE_COLUMNS};
    let mut stmt = conn.prepare(&format!(
        "SELECT {ROW_CHANGE_COLUMNS} FROM journal WHERE seq > ?1 ORDER BY seq"
    ))?;
    let rows = stmt.query_map([seq], row_change)?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// The server's entries taken into the working copy as they are: each row
/// change applied literally (references unchecked: the server checked them,
/// and a cascade comes as entries of its own), then the server's entries in
/// place of those the copy's triggers wrote for them. Schema left alone: a
/// trigger dropped and made again would cost every save a parse of all.
pub(super) fn apply_entries(
    conn: &Connection,
    entries: &[super::server::link::ServerEntry],
) -> StoreResult<()> {
    if entries.is_empty() {
        return Ok(());
    }
    conn.pragma_update(None, "foreign_keys", false)?;
    let applied = apply_in_transaction(conn, entries);
    conn.pragma_update(None, "foreign_keys", true)?;
    applied
}

fn apply_in_transaction(
    conn: &Connection,
    entries: &[super::server::link::ServerEntry],
) -> StoreResult<()> {
    let tx = rusqlite::Transaction::new_unchecked(conn, rusqlite::TransactionBehavior::Immediate)?;
    let before = super::journal::head_seq(&tx)?;
    // Many entries at once (another DPO's import): the index made once.
    let many = entries.len() > 500;
    if many {
        super::search::suspend(&tx)?;
    }
    let loader = Loader { conn: &tx };
    for entry in entries {
        let change = &entry.change;
        match (change.action.as_str(), &change.after) {
            ("insert", Some(after)) => {
                loader.rows(&change.table, [(change.record_id, after.clone())])?;
            }
            ("update", Some(after)) => update_row(&tx, &change.table, change.record_id, after)?,
            ("delete", None) => {
                journaled(&change.table)?;
                tx.execute(
                    &format!("DELETE FROM {} WHERE rowid = ?1", change.table),
                    [change.record_id],
                )?;
            }
            _ => {}
        }
    }
    // The copy's triggers journaled these changes as its own; the server's
    // entries replace theirs (the copy keeps no guards: `server::write`).
    tx.execute("DELETE FROM journal WHERE seq > ?1", [before])?;
    loader.rows(
        "journal",
        entries.iter().map(|e| (e.seq, e.entry_json.clone())),
    )?;
    if many {
        super::search::resume(&tx, true)?;
    }
    tx.commit()?;
    Ok(())
}

fn journaled(table: &str) -> StoreResult<()> {
    if JOURNALED.contains(&table) {
        Ok(())
    } else {
        Err(StoreError::field(
            "table",
            format!("{table}: not a register table"),
        ))
    }
}

fn update_row(conn: &Connection, table: &str, rowid: i64, after: &str) -> StoreResult<()> {
    journaled(table)?;
    let cols = columns(conn, table)?;
    let sets: Vec<String> = cols
        .iter()
        .enumerate()
        .map(|(i, c)| format!("\"{c}\" = ?{}", i + 2))
        .collect();
    let values = values_of(table, &cols, after)?;
    conn.prepare_cached(&format!(
        "UPDATE {table} SET {} WHERE rowid = ?1",
        sets.join(", ")
    ))?
    .execute(rusqlite::params_from_iter(
        std::iter::once(rusqlite::types::Value::Integer(rowid)).chain(values),
    ))?;
    Ok(())
}
