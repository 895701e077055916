//! Art. 30(2) records: what the organisation does as a processor, one record
//! per controller (or group of controllers) it works for.

use rusqlite::{params, OptionalExtension, Row};

use super::error::{StoreError, StoreResult};
use super::register::Register;
use crate::domain::activity::ProcessorRecord;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProcessorRecordRow {
    pub id: i64,
    pub revision: i64,
    pub record: ProcessorRecord,
    /// (id, name, country) of the sub-processors used for the controller.
    pub sub_processors: Vec<super::LinkedProcessor>,
    /// Transfers recorded for them and the processors beneath them:
    /// (processor name, destination country, tool).
    pub transfers: Vec<(String, String, crate::domain::transfer::TransferTool)>,
}

/// `id`, `revision`, then the kind's stored fields.
fn columns() -> &'static str {
    static COLUMNS: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    COLUMNS.get_or_init(|| {
        format!(
            "r.id, r.revision, {}",
            super::kinds::select_columns::<ProcessorRecordKind>("r")
        )
    })
}
const FILTER_WHERE: &str = "WHERE (?1 = '' OR instr(search_text, ?1) > 0)";
const ORDER: &str = "ORDER BY controller_name COLLATE NOCASE, id";
use crate::record::processor_record::ProcessorRecordKind;

fn row_to_record(r: &Row<'_>) -> rusqlite::Result<ProcessorRecordRow> {
    Ok(ProcessorRecordRow {
        id: r.get(0)?,
        revision: r.get(1)?,
        record: super::kinds::read::<ProcessorRecordKind>(r, 2)?,
        sub_processors: Vec::new(),
        transfers: Vec::new(),
    })
}

impl ProcessorRecordRow {
    /// The Art. 30(2) points it lacks, its sub-processors' countries known.
    pub fn missing_points(&self) -> Vec<crate::domain::activity::Gap> {
        let countries: Vec<String> = self.sub_processors.iter().map(|p| p.2.clone()).collect();
        self.record.missing_points_given(&countries)
    }
}

/// The row's sub-processors and their transfers, read from their links.
pub(super) fn load_links(
    conn: &rusqlite::Connection,
    row: &mut ProcessorRecordRow,
) -> StoreResult<()> {
    let link = super::activities::Link::PROCESSOR_RECORD;
    row.sub_processors = super::activities::linked_processors(conn, link, row.id)?;
    row.record.sub_processors = row.sub_processors.iter().map(|p| p.0).collect();
    row.transfers = super::activities::chain_transfers(conn, link, row.id)?;
    Ok(())
}

/// Writes the record's links to the processors it names, in place of those
/// it had; links as they were are left alone (no journal entries for them).
fn write_links(
    tx: &rusqlite::Transaction<'_>,
    id: i64,
    record: &ProcessorRecord,
) -> StoreResult<()> {
    let link = super::activities::Link::PROCESSOR_RECORD;
    let mut now: Vec<i64> = super::activities::linked_processors(tx, link, id)?
        .into_iter()
        .map(|p| p.0)
        .collect();
    let mut wanted = record.sub_processors.clone();
    now.sort_unstable();
    wanted.sort_unstable();
    wanted.dedup();
    if now == wanted {
        return Ok(());
    }
    for &pid in &wanted {
        super::register::must_exist::<crate::record::processor::ProcessorKind>(
            tx,
            "sub_processors",
            pid,
        )?;
    }
    super::register::exec(
        tx,
        "DELETE FROM processor_record_processors WHERE processor_record_id = ?1",
        [id],
    )?;
    for pid in wanted {
        super::register::exec(
            tx,
            "INSERT INTO processor_record_processors (processor_record_id, processor_id) VALUES (?1, ?2)",
            params![id, pid],
        )?;
    }
    Ok(())
}

fn filter_key(filter: &str) -> String {
    crate::domain::text::search_form(filter)
}

impl Register {
    pub fn insert_processor_record(&mut self, record: &ProcessorRecord) -> StoreResult<i64> {
        self.writing(|tx| {
            let id = super::kinds::insert::<ProcessorRecordKind>(tx, None, record)?;
            write_links(tx, id, record)?;
            Ok(id)
        })
    }

    /// Saves over revision `revision`; refused with `Conflict` when it changed meanwhile.
    pub fn update_processor_record(
        &mut self,
        id: i64,
        revision: i64,
        record: &ProcessorRecord,
    ) -> StoreResult<()> {
        self.writing(|tx| {
            super::kinds::update::<ProcessorRecordKind>(tx, id, revision, record)?;
            write_links(tx, id, record)?;
            // Its breaches' clocks follow the contract's hours.
            super::breaches::restamp_breaches_of(tx, id)?;
            Ok(())
        })
    }

    /// (id, controller) of every Art. 30(2) record, by name: the choices of
    /// a breach's "as processor for".
    pub fn processor_record_names(&self) -> StoreResult<Vec<(i64, String)>> {
        let mut stmt = self.conn.prepare(
            "SELECT id, controller_name FROM processor_records ORDER BY controller_name COLLATE NOCASE, id",
        )?;
        let names = stmt
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<Result<_, _>>()?;
        Ok(names)
    }

    /// Deletes the record, unless a breach names it: that breach would lose
    /// the controller it is told to.
    pub fn delete_processor_record(&mut self, id: i64) -> StoreResult<()> {
        let breaches: i64 = self.conn.query_row(
            "SELECT count(*) FROM breaches WHERE processor_record_id = ?1",
            [id],
            |r| r.get(0),
        )?;
        if breaches > 0 {
            return Err(StoreError::field(
                "processor_record_id",
                format!(
                    "{} of this controller name the record: it stays while they do",
                    crate::platform::words::counted(breaches as usize, "breach record")
                ),
            ));
        }
        self.delete_row("processor_records", "processor record", id)
    }

    pub fn processor_record(&self, id: i64) -> StoreResult<Option<ProcessorRecordRow>> {
        let sql = format!(
            "SELECT {} FROM processor_records r WHERE r.id = ?1",
            columns()
        );
        let row = self
            .conn
            .prepare_cached(&sql)?
            .query_row([id], row_to_record)
            .optional()?;
        row.map(|mut row| {
            load_links(&self.conn, &mut row)?;
            Ok(row)
        })
        .transpose()
    }

    pub fn count_processor_records(&self, filter: &str) -> StoreResult<usize> {
        let sql = format!("SELECT count(*) FROM processor_records {FILTER_WHERE}");
        let n: i64 = self
            .conn
            .prepare_cached(&sql)?
            .query_row([filter_key(filter)], |r| r.get(0))?;
        Ok(n as usize)
    }

    /// Records by controller name; rows `offset..offset + limit`.
    pub fn processor_record_page(
        &self,
        filter: &str,
        offset: usize,
        limit: usize,
    ) -> StoreResult<Vec<ProcessorRecordRow>> {
        let sql = format!(
            "SELECT {} FROM processor_records r {FILTER_WHERE} {ORDER} LIMIT ?2 OFFSET ?3",
            columns()
        );
        let mut rows = self
            .conn
            .prepare_cached(&sql)?
            .query_map(
                params![filter_key(filter), limit as i64, offset as i64],
                row_to_record,
            )?
            .collect::<Result<Vec<_>, _>>()?;
        for row in &mut rows {
            load_links(&self.conn, row)?;
        }
        Ok(rows)
    }

    /// Where record `id` sits in the filtered list, if it is in it.
    pub fn processor_record_position(&self, filter: &str, id: i64) -> StoreResult<Option<usize>> {
        let key = filter_key(filter);
        let in_list: i64 = self
            .conn
            .prepare_cached(&format!(
                "SELECT count(*) FROM processor_records {FILTER_WHERE} AND id = ?2"
            ))?
            .query_row(params![key, id], |r| r.get(0))?;
        if in_list == 0 {
            return Ok(None);
        }
        let n: i64 = self
            .conn
            .prepare_cached(&format!(
                "SELECT count(*) FROM processor_records p,
                     (SELECT controller_name AS name, id AS tid FROM processor_records WHERE id = ?2) t
                 {FILTER_WHERE} AND (p.controller_name COLLATE NOCASE < t.name COLLATE NOCASE
                     OR (p.controller_name COLLATE NOCASE = t.name COLLATE NOCASE AND p.id < t.tid))"
            ))?
            .query_row(params![key, id], |r| r.get(0))?;
        Ok(Some(n as usize))
    }

    /// Every record by controller name.
    pub fn processor_records(&self) -> StoreResult<Vec<ProcessorRecordRow>> {
        self.processor_record_page("", 0, usize::MAX >> 1)
    }

    /// Every record in id order, streamed (for exports).
    pub fn for_each_processor_record<E: From<StoreError>>(
        &self,
        mut each: impl FnMut(&ProcessorRecordRow) -> Result<(), E>,
    ) -> Result<(), E> {
        let sql = format!(
            "SELECT {} FROM processor_records r ORDER BY r.id",
            columns()
        );
        self.stream_rows(&sql, row_to_record, |mut row| {
            load_links(&self.conn, &mut row)?;
            each(&row)
        })
    }
}
