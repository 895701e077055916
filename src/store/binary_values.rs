//! A register holds text, numbers and nulls, never binary data: a BLOB in
//! one of its columns was put there behind the workbench's back. Reading it
//! as text fails deep inside SQLite or rusqlite ("Invalid column type Blob",
//! "JSON cannot hold BLOB values"); the user is told instead which record
//! and column hold one.

use super::error::{StoreError, StoreResult};
use super::journal::JOURNALED;
use super::register::Register;

/// Whether `error` is a read that met binary data.
pub(super) fn is_binary_read(error: &rusqlite::Error) -> bool {
    match error {
        rusqlite::Error::InvalidColumnType(_, _, rusqlite::types::Type::Blob) => true,
        rusqlite::Error::SqliteFailure(_, Some(message)) => message.contains("BLOB"),
        _ => false,
    }
}

impl Register {
    /// Every value of the register's tables that is binary data, as
    /// `table#id column`, one scan per table.
    pub fn binary_values(&self) -> StoreResult<Vec<String>> {
        let mut found = Vec::new();
        for &table in JOURNALED {
            let columns: Vec<String> = self
                .conn
                .prepare(&format!("PRAGMA table_info({table})"))?
                .query_map([], |r| r.get(1))?
                .collect::<Result<_, _>>()?;
            let any = columns
                .iter()
                .map(|c| format!("typeof(\"{c}\") = 'blob'"))
                .collect::<Vec<_>>()
                .join(" OR ");
            let which = columns
                .iter()
                .map(|c| format!("CASE WHEN typeof(\"{c}\") = 'blob' THEN '{c} ' ELSE '' END"))
                .collect::<Vec<_>>()
                .join(" || ");
            let mut stmt = self.conn.prepare(&format!(
                "SELECT rowid, {which} FROM {table} WHERE {any} ORDER BY rowid"
            ))?;
            let rows = stmt.query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?)))?;
            for row in rows {
                let (id, names) = row?;
                for column in names.split_whitespace() {
                    found.push(format!("{table}#{id} column {column}"));
                }
            }
        }
        Ok(found)
    }

    /// `result`, with a read that met binary data told by record and column.
    pub fn naming_binary_values<T>(&self, result: StoreResult<T>) -> StoreResult<T> {
        match result {
            Err(StoreError::Sqlite(e)) if is_binary_read(&e) => match self.binary_values() {
                Ok(found) if !found.is_empty() => Err(StoreError::BinaryValues(found.join(", "))),
                _ => Err(StoreError::Sqlite(e)),
            },
            other => other,
        }
    }
}
