//! That a letter was drafted: its kind, language and where it went, about a
//! request or a breach (never its text). The journal follows the table, so
//! who produced which letter when stays on record.

use rusqlite::{params, Row};

use super::error::{StoreError, StoreResult};
use super::register::{Register, NOW};

/// The record a letter is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LetterAbout {
    Request(i64),
    Breach(i64),
}

/// A letter as recorded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LetterRow {
    pub id: i64,
    pub about: LetterAbout,
    pub kind: String,
    pub lang: String,
    /// RFC 3339 UTC, from the register's clock.
    pub produced_at: String,
    /// A file's name, "clipboard" or "standard output".
    pub produced_to: String,
}

const COLUMNS: &str = "id, request_id, breach_id, kind, lang, produced_at, produced_to";

fn row_to_letter(r: &Row<'_>) -> rusqlite::Result<LetterRow> {
    let request: Option<i64> = r.get(1)?;
    let breach: Option<i64> = r.get(2)?;
    Ok(LetterRow {
        id: r.get(0)?,
        about: match (request, breach) {
            (Some(id), _) => LetterAbout::Request(id),
            (None, id) => LetterAbout::Breach(id.unwrap_or_default()),
        },
        kind: r.get(3)?,
        lang: r.get(4)?,
        produced_at: r.get(5)?,
        produced_to: r.get(6)?,
    })
}

impl Register {
    /// Records that a letter of `kind` in `lang` about `about` was produced to `to`.
    pub fn record_letter(
        &mut self,
        about: LetterAbout,
        kind: &str,
        lang: &str,
        to: &str,
    ) -> StoreResult<i64> {
        let (request, breach) = match about {
            LetterAbout::Request(id) => (Some(id), None),
            LetterAbout::Breach(id) => (None, Some(id)),
        };
        self.writing(|tx| {
            let (table, what, id) = match about {
                LetterAbout::Request(id) => ("requests", "request", id),
                LetterAbout::Breach(id) => ("breaches", "breach", id),
            };
            if !super::register::row_exists(tx, table, id)? {
                return Err(StoreError::NotFound { what, id });
            }
            tx.execute(
                &format!(
                    "INSERT INTO letters (request_id, breach_id, kind, lang, produced_at, produced_to)
                     VALUES (?1, ?2, ?3, ?4, {NOW}, ?5)"
                ),
                params![request, breach, kind, lang, to],
            )?;
            let id = tx.last_insert_rowid();
            Ok(id)
        })
    }

    /// The letters produced about one record, oldest first.
    pub fn letters_about(&self, about: LetterAbout) -> StoreResult<Vec<LetterRow>> {
        let (column, id) = match about {
            LetterAbout::Request(id) => ("request_id", id),
            LetterAbout::Breach(id) => ("breach_id", id),
        };
        let sql = format!("SELECT {COLUMNS} FROM letters WHERE {column} = ?1 ORDER BY id");
        let rows = self
            .conn
            .prepare_cached(&sql)?
            .query_map([id], row_to_letter)?
            .collect::<Result<Vec<_>, _>>()?;
        Ok(rows)
    }

    pub fn count_letters(&self) -> StoreResult<usize> {
        let n: i64 = self
            .conn
            .query_row("SELECT count(*) FROM letters", [], |r| r.get(0))?;
        Ok(n as usize)
    }

    /// Every letter in id order (for exports).
    pub fn for_each_letter<E: From<StoreError>>(
        &self,
        mut each: impl FnMut(&LetterRow) -> Result<(), E>,
    ) -> Result<(), E> {
        let sql = format!("SELECT {COLUMNS} FROM letters ORDER BY id");
        self.stream_rows(&sql, row_to_letter, |letter| each(&letter))
    }
}
