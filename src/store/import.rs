//! Writing imported records: one transaction for a whole import, so a file
//! either comes in completely or leaves the register as it was. Records with
//! an id that exists are updated, others inserted (with their id when given).
//! Child rows (pauses, categories, clause states…) replace the children their
//! parent had, from the first such row of the file on. What the workbench
//! derives (deadlines, completeness, search text) is derived here too, once the
//! rows it depends on are in: at `finish`.

use std::collections::{BTreeMap, BTreeSet};
use std::marker::PhantomData;

use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::types::Value;
use rusqlite::{params, OptionalExtension, Transaction};

use super::error::{StoreError, StoreResult};
use super::kinds::Target;
use super::register::Register;
use super::{activities, agreements, breaches, processors, requests};
use crate::domain::activity::Activity;
use crate::domain::breach::{Breach, Notification};
use crate::domain::dpa::{
    objection_deadline, ChangeNotice, ClauseEntry, Dpa, NoticeStanding, CLAUSES,
};
use crate::domain::organisation::Organisation;
use crate::domain::processor::ProcessorFields;
use crate::domain::request::{DeadlineSettings, Request, RequestPause};

use crate::record::activity::{ActivityKind, BasisKind, CategoryKind, JointControllerKind};
use crate::record::breach::{BreachKind, BreachNotificationKind};
use crate::record::change_notice::ChangeNoticeKind;
use crate::record::dpa::DpaKind;
use crate::record::organisation::OrganisationKind;
use crate::record::processor::ProcessorKind;
use crate::record::processor_record::ProcessorRecordKind;
use crate::record::request::{RequestKind, RequestPauseKind};
use crate::record::transfer::TransferKind;
use crate::record::{Id, Kind};

/// Whether a row added a record, changed one that was there, or found it
/// exactly as the file has it (and wrote nothing: no journal entry either).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Inserted,
    Updated,
    Unchanged,
}

/// A record the final checks refused, named by its table and id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LateError {
    pub table: &'static str,
    pub id: i64,
    /// The line of the file that wrote the record, when known (else 0).
    pub line: u64,
    pub field: String,
    pub value: String,
    pub message: String,
}

/// What `finish` found: the refusals, notes for the user, and by child table
/// how many rows turned out to be the children their parent had already.
pub struct Finished {
    pub errors: Vec<LateError>,
    pub notes: Vec<String>,
    pub unchanged_children: BTreeMap<&'static str, usize>,
}

/// Child rows of one parent, in file order: (insert, values, line).
struct ChildGroup {
    key: &'static str,
    rows: Vec<(String, Vec<Value>, u64)>,
}

/// An import in progress. Dropping it without `finish(true)` rolls back.
pub struct ImportTx<'r> {
    tx: super::register::WriteTx<'r>,
    /// Nothing commits but `finish` (see `Register::commits`).
    gate: super::register::ClosedGate,
    settings: DeadlineSettings,
    recompute_every_request: bool,
    requests: BTreeSet<i64>,
    /// Requests written with an extension notice, with the line that wrote
    /// them: checked at `finish`, when their pauses are in, against the
    /// one-month deadline (Art. 12(3)).
    extended: BTreeMap<i64, u64>,
    /// The line of the file being read (see `at_line`).
    line: u64,
    /// Pauses read from a file, by request: they replace the request's own at
    /// `finish`, and only where they differ, so that importing a register's
    /// own export writes nothing.
    pauses: BTreeMap<i64, Vec<RequestPause>>,
    breaches: BTreeSet<i64>,
    activities: BTreeSet<i64>,
    /// Child rows read from files, by (child table, parent id): each group
    /// replaces the parent's children at `finish`, and is undone when it
    /// turns out to be the children the parent had.
    children: BTreeMap<(&'static str, i64), ChildGroup>,
    /// Rows of child groups found as the register had them, by table.
    unchanged_children: BTreeMap<&'static str, usize>,
    /// Children a file's rows replaced without listing them, said in the report.
    removed: Vec<String>,
    /// Requests indexed for search before this import were changed by it.
    search_changed: bool,
    /// Requests in the register when the import began, and inserted since.
    requests_before: usize,
    requests_inserted: usize,
    /// In an import into a register without requests, the highest id of a
    /// request written so far: a row naming a higher one is a new request,
    /// without a look-up (`None` when the register had requests).
    highest_new_request: Option<i64>,
    /// The list's order indexes, once set aside (see `order_indexes`).
    indexes_aside: Option<Vec<String>>,
    /// New requests not yet in the journal, in the order they were written
    /// (see `journal::defer_inserts`): journaled before any other write.
    unjournaled: Vec<i64>,
    /// Told of the entries written for them, as the triggers tell it.
    written: super::journal::WrittenHashes,
    /// The write-ahead log set aside for this import (see `log_aside`): put
    /// back when the import ends, however it ends.
    log_aside: bool,
}

impl Register {
    /// Starts an import: takes the write lock for its whole length.
    pub fn begin_import(&mut self) -> StoreResult<ImportTx<'_>> {
        self.begin_import_with(false)
    }

    /// As `begin_import`, for an import meant to commit: into an empty
    /// register, it writes its pages once (see `set_log_aside_for_import`).
    /// A dry run leaves the file as it was, byte for byte, so it keeps the log.
    pub fn begin_import_to_commit(&mut self) -> StoreResult<ImportTx<'_>> {
        self.begin_import_with(true)
    }

    fn begin_import_with(&mut self, to_commit: bool) -> StoreResult<ImportTx<'_>> {
        let log_aside = to_commit && self.set_log_aside_for_import()?;
        if let Err(e) = self.check_schema_before_writing() {
            self.put_log_back(log_aside);
            return Err(e);
        }
        let gate = self.close_commit_gate();
        let written = self.written.clone();
        // Should the write lock not be had (another program took it in the
        // instant since the switch), the next open puts the log back.
        let tx = self.write_tx_unchecked()?;
        // Made before anything else can fail: dropped, it rolls back and
        // puts the log back.
        let mut import = ImportTx {
            tx,
            gate,
            settings: DeadlineSettings::default(),
            recompute_every_request: false,
            requests: BTreeSet::new(),
            extended: BTreeMap::new(),
            line: 0,
            pauses: BTreeMap::new(),
            breaches: BTreeSet::new(),
            activities: BTreeSet::new(),
            children: BTreeMap::new(),
            unchanged_children: BTreeMap::new(),
            removed: Vec::new(),
            search_changed: false,
            requests_before: 0,
            requests_inserted: 0,
            highest_new_request: None,
            indexes_aside: None,
            unjournaled: Vec::new(),
            written,
            log_aside,
        };
        import.settings = requests::read_settings(&import.tx)?;
        super::search::suspend(&import.tx)?;
        super::journal::defer_inserts(&import.tx, "requests")?;
        let requests_before: i64 =
            import
                .tx
                .query_row("SELECT count(*) FROM requests", [], |r| r.get(0))?;
        import.requests_before = requests_before as usize;
        import.highest_new_request = (requests_before == 0).then_some(0);
        Ok(import)
    }

    /// An import into an empty register (just made: no requests,
    /// processors, activities, Art. 30(2) records or breaches) writes its
    /// pages once, under a rollback journal, rather than into the write-ahead
    /// log and again into the file at the checkpoint (9 of the 29 s SQLite
    /// alone takes to write a million requests). A rollback journal is as
    /// safe under a crash (the file is put back as it was when next opened:
    /// the journal, `NAME.dpo-journal`, holds the few pages the import
    /// changed); but while the import runs, other programs can neither read
    /// the register nor open it (they wait, then say it is locked) — an
    /// empty register has nothing to read. SQLite allows the switch only
    /// while no other connection has the file open; else the import keeps
    /// the log.
    fn set_log_aside_for_import(&self) -> StoreResult<bool> {
        let empty: bool = self.conn.query_row(
            "SELECT NOT EXISTS (SELECT 1 FROM requests) AND NOT EXISTS (SELECT 1 FROM processors)
                 AND NOT EXISTS (SELECT 1 FROM activities) AND NOT EXISTS (SELECT 1 FROM breaches)
                 AND NOT EXISTS (SELECT 1 FROM processor_records)",
            [],
            |r| r.get(0),
        )?;
        if !empty || self.is_read_only() {
            return Ok(false);
        }
        let mode = self
            .conn
            .pragma_update_and_check(None, "journal_mode", "DELETE", |r| r.get::<_, String>(0));
        Ok(mode.is_ok_and(|m| m.eq_ignore_ascii_case("delete")))
    }

    /// Back to write-ahead logging after an import that set it aside. Should
    /// it fail, the register is still whole, and the next open turns the log
    /// on again (`configure`).
    fn put_log_back(&self, log_aside: bool) {
        if log_aside {
            put_log_back_on(&self.conn);
        }
    }
}

fn put_log_back_on(conn: &rusqlite::Connection) {
    let _ = conn.pragma_update(None, "journal_mode", "WAL");
}

impl Drop for ImportTx<'_> {
    /// An import not committed rolls back; then the log set aside for it is
    /// put back (outside any transaction, as SQLite requires).
    fn drop(&mut self) {
        if !self.tx.is_autocommit() {
            let _ = self.tx.execute_batch("ROLLBACK");
        }
        if self.log_aside {
            // Switching the journal commits a header: the import is over.
            self.gate.open_for_commit();
            put_log_back_on(&self.tx);
        }
    }
}

/// Whether `table` has a row whose `column` is `id` (`false` for no id).
fn exists_where(
    tx: &Transaction<'_>,
    table: &str,
    column: &str,
    id: Option<i64>,
) -> StoreResult<bool> {
    let Some(id) = id else {
        return Ok(false);
    };
    Ok(tx
        .prepare_cached(&format!(
            "SELECT 1 FROM {table} WHERE {column} = ?1 LIMIT 1"
        ))?
        .query_row([id], |_| Ok(()))
        .optional()?
        .is_some())
}

/// Whether the record the row names by `id` is already there (no id: a new one).
fn has(tx: &Transaction<'_>, table: &str, id: Option<i64>) -> StoreResult<bool> {
    match id {
        Some(id) => super::register::row_exists(tx, table, id),
        None => Ok(false),
    }
}

/// A table linking records of kind `A` to records of kind `B`: its name and
/// the columns naming each.
pub struct Links<A, B> {
    pub table: &'static str,
    pub from: &'static str,
    pub to: &'static str,
    kinds: PhantomData<fn() -> (A, B)>,
}

impl<A, B> Clone for Links<A, B> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<A, B> Copy for Links<A, B> {}

impl<A, B> Links<A, B> {
    const fn new(table: &'static str, from: &'static str, to: &'static str) -> Self {
        Links {
            table,
            from,
            to,
            kinds: PhantomData,
        }
    }
}

/// The processors an activity discloses data to (Art. 30(1)(d)).
pub const ACTIVITY_PROCESSORS: Links<ActivityKind, ProcessorKind> =
    Links::new("activity_processors", "activity_id", "processor_id");
/// The sub-processors an Art. 30(2) record names.
pub const RECORD_PROCESSORS: Links<ProcessorRecordKind, ProcessorKind> = Links::new(
    "processor_record_processors",
    "processor_record_id",
    "processor_id",
);
/// The activities a breach touched.
pub const BREACH_ACTIVITIES: Links<BreachKind, ActivityKind> =
    Links::new("breach_activities", "breach_id", "activity_id");

fn outcome(existed: bool) -> Outcome {
    if existed {
        Outcome::Updated
    } else {
        Outcome::Inserted
    }
}

impl ImportTx<'_> {
    /// Runs one record's write; when the journal shows it changed nothing but
    /// the record's revision and time of change (a file's row as the register
    /// already has it), undoes it, journal entries included: `Unchanged`.
    fn same_or(
        &mut self,
        write: impl FnOnce(&mut Self) -> StoreResult<Outcome>,
    ) -> StoreResult<Outcome> {
        // Before the journal's head is read and the savepoint set: the new
        // requests' entries are not this record's change, and a rollback to
        // the savepoint must not take them back once they are off the list.
        self.journal_new_requests()?;
        let head = super::journal::head_seq(&self.tx)?;
        self.tx.execute_batch("SAVEPOINT import_record")?;
        let outcome = match write(self) {
            Ok(outcome) => outcome,
            Err(e) => {
                // The write's own error is the one to report; the import is
                // refused and rolled back whole anyway.
                let _ = self
                    .tx
                    .execute_batch("ROLLBACK TO import_record; RELEASE import_record");
                return Err(e);
            }
        };
        let same = outcome == Outcome::Updated && !super::journal::changed_since(&self.tx, head)?;
        if same {
            self.tx.execute_batch("ROLLBACK TO import_record")?;
        }
        self.tx.execute_batch("RELEASE import_record")?;
        Ok(if same { Outcome::Unchanged } else { outcome })
    }

    pub fn organisation(&mut self, org: &Organisation) -> StoreResult<Outcome> {
        let outcome = self.same_or(|s| s.write_organisation(org))?;
        // New settings or a new jurisdiction move every request's deadlines.
        self.recompute_every_request |= outcome == Outcome::Updated;
        Ok(outcome)
    }

    pub fn deadline_settings(&mut self, settings: &DeadlineSettings) -> StoreResult<Outcome> {
        let outcome = self.same_or(|s| s.write_deadline_settings(settings))?;
        // New settings or a new jurisdiction move every request's deadlines.
        self.recompute_every_request |= outcome == Outcome::Updated;
        Ok(outcome)
    }

    pub fn processor(&mut self, id: Option<i64>, fields: &ProcessorFields) -> StoreResult<Outcome> {
        if id.is_none() {
            self.note_namesake(&fields.name)?;
        }
        self.same_or(|s| s.write_processor(id, fields))
    }

    /// A row without an id adds a record: where the register has a
    /// processor of that name already, the note says so (a file imported
    /// twice, or a spreadsheet's row meant to update, would otherwise
    /// double the processors unseen).
    fn note_namesake(&mut self, name: &str) -> StoreResult<()> {
        use rusqlite::OptionalExtension;
        let namesake: Option<i64> = self
            .tx
            .prepare_cached(
                "SELECT id FROM processors WHERE name = ?1 COLLATE NOCASE ORDER BY id LIMIT 1",
            )?
            .query_row([name.trim()], |r| r.get(0))
            .optional()?;
        if let Some(other) = namesake {
            self.removed.push(format!(
                "line {}: processor '{}' has no id: it adds a processor beside processor {other} of that name (give the id to update that one)",
                self.line,
                name.trim()
            ));
        }
        Ok(())
    }

    /// A record of kind `K` (under `parent`, for a child kind, which must be
    /// in the register or earlier in the file), written with the statements
    /// the form's save uses, the id given.
    pub fn record<K: Kind>(
        &mut self,
        id: Option<i64>,
        parent: Option<i64>,
        fields: &K::Fields,
    ) -> StoreResult<Outcome> {
        self.same_or(|s| s.write_record::<K>(id, parent, fields))
    }

    fn write_record<K: Kind>(
        &mut self,
        id: Option<i64>,
        parent: Option<i64>,
        fields: &K::Fields,
    ) -> StoreResult<Outcome> {
        if let (Some(of), Some(parent)) = (K::PARENT, parent) {
            super::register::must_exist_in(&self.tx, (of.table, of.what), of.column, parent)?;
        }
        let existed = has(&self.tx, K::TABLE, id)?;
        super::kinds::write_imported::<K>(&self.tx, id, parent, existed, fields, &[])?;
        Ok(outcome(existed))
    }

    pub fn dpa(
        &mut self,
        id: Option<i64>,
        processor_id: Id<ProcessorKind>,
        dpa: &Dpa,
        is_current: bool,
        document_sha256: Option<&str>,
    ) -> StoreResult<Outcome> {
        let processor_id = processor_id.get();
        self.same_or(|s| s.write_dpa(id, processor_id, dpa, is_current, document_sha256))
    }

    pub fn dpa_clause(&mut self, dpa_id: Id<DpaKind>, entry: &ClauseEntry) -> StoreResult<Outcome> {
        self.same_or(|s| s.write_dpa_clause(dpa_id.get(), entry))
    }

    pub fn change_notice(
        &mut self,
        id: Option<i64>,
        processor_id: Id<ProcessorKind>,
        notice: &ChangeNotice,
        standing: &NoticeStanding,
    ) -> StoreResult<Outcome> {
        let processor_id = processor_id.get();
        self.same_or(|s| s.write_change_notice(id, processor_id, notice, standing))
    }

    /// Clears the children of `parent` in `table` the first time this import
    /// writes one of them; says whether this is that first time.
    fn child(
        &mut self,
        table: &'static str,
        key: &'static str,
        parent: i64,
        insert: String,
        values: Vec<Value>,
    ) -> Outcome {
        let line = self.line;
        self.children
            .entry((table, parent))
            .or_insert_with(|| ChildGroup {
                key,
                rows: Vec::new(),
            })
            .rows
            .push((insert, values, line));
        Outcome::Inserted
    }

    /// Writes each group of child rows in place of its parent's children;
    /// a group that leaves them as they were is undone. Parents whose
    /// children changed are checked again below.
    fn write_children(&mut self, errors: &mut Vec<LateError>) -> StoreResult<()> {
        for ((table, parent), group) in std::mem::take(&mut self.children) {
            let head = super::journal::head_seq(&self.tx)?;
            self.tx.execute_batch("SAVEPOINT import_children")?;
            let before: i64 = self.tx.query_row(
                &format!("SELECT count(*) FROM {table} WHERE {} = ?1", group.key),
                [parent],
                |r| r.get(0),
            )?;
            super::register::exec(
                &self.tx,
                &format!("DELETE FROM {table} WHERE {} = ?1", group.key),
                [parent],
            )?;
            for (insert, values, line) in &group.rows {
                if let Err(e) = super::register::exec(
                    &self.tx,
                    insert,
                    rusqlite::params_from_iter(values.iter()),
                ) {
                    let mut e = late(table, parent, group.key, e.into());
                    e.line = *line;
                    errors.push(e);
                }
            }
            if super::journal::changed_since(&self.tx, head)? {
                if before as usize > group.rows.len() {
                    self.removed.push(format!(
                        "{table}: record {parent} had {before} rows and the file lists {}: the file's rows replace them",
                        group.rows.len()
                    ));
                }
                match table {
                    "breach_notifications" => {
                        self.breaches.insert(parent);
                    }
                    "breach_activities" => {}
                    _ => {
                        self.activities.insert(parent);
                    }
                }
            } else {
                self.tx.execute_batch("ROLLBACK TO import_children")?;
                *self.unchanged_children.entry(table).or_default() += group.rows.len();
            }
            self.tx.execute_batch("RELEASE import_children")?;
        }
        Ok(())
    }

    fn write_organisation(&mut self, org: &Organisation) -> StoreResult<Outcome> {
        super::kinds::write_imported::<OrganisationKind>(&self.tx, Some(1), None, true, org, &[])?;
        self.settings = requests::read_settings(&self.tx)?;
        Ok(Outcome::Updated)
    }

    /// The line of the file the next rows come from, for errors found at `finish`.
    pub fn at_line(&mut self, line: u64) {
        self.line = line;
    }

    /// The register's time zone as it stands in this import.
    pub fn time_zone(&self) -> StoreResult<chrono_tz::Tz> {
        Ok(self
            .tx
            .query_row("SELECT time_zone FROM organisation WHERE id = 1", [], |r| {
                crate::record::FieldValue::from_sql(r, 0)
            })?)
    }

    fn write_deadline_settings(&mut self, settings: &DeadlineSettings) -> StoreResult<Outcome> {
        requests::write_settings(&self.tx, settings)?;
        self.settings = requests::read_settings(&self.tx)?;
        Ok(Outcome::Updated)
    }

    /// A processor; its parent must already be in the register or earlier in
    /// the file (exports list parents first), and is checked as the form does.
    fn write_processor(
        &mut self,
        id: Option<i64>,
        fields: &ProcessorFields,
    ) -> StoreResult<Outcome> {
        let existed = has(&self.tx, "processors", id)?;
        if let Some(parent) = fields.parent_id {
            if !super::register::row_exists(&self.tx, "processors", parent)? {
                return Err(StoreError::field(
                    "parent_id",
                    format!("no processor with id {parent} in the register or on an earlier line: list a processor before its sub-processors"),
                ));
            }
        }
        processors::check_parent(&self.tx, id.filter(|_| existed), fields.parent_id)?;
        self.write_record::<ProcessorKind>(id, None, fields)
    }

    /// Journals the new requests written since the journal last caught up,
    /// before a write of anything else (so its entries stay in order).
    fn journal_new_requests(&mut self) -> StoreResult<()> {
        // Taken first: should the journal fail part-way, no entry is written
        // twice by a later call (and the import is refused anyway).
        let ids = std::mem::take(&mut self.unjournaled);
        super::journal::journal_inserted(&self.tx, &self.written, "requests", &ids)
    }

    pub fn request(&mut self, id: Option<i64>, request: &Request) -> StoreResult<Outcome> {
        let existed = match (self.highest_new_request, id) {
            (Some(highest), Some(id)) if id > highest => false,
            _ => has(&self.tx, "requests", id)?,
        };
        if existed {
            self.journal_new_requests()?;
        }
        let mut request = request.clone();
        if request.reference.is_empty() {
            request.reference = requests::next_reference(&self.tx, request.received_on)?;
        }
        // Its dates are computed here, with the pauses it has; only pauses written
        // later in this import (or new settings) make `finish` compute them again.
        if existed {
            let id = id.unwrap_or_default();
            requests::check_reference_free(&self.tx, &request.reference, Some(id))?;
            let mut stored = requests::read_request(&self.tx, id)?;
            stored.pauses = requests::load_pauses(&self.tx, id)?;
            request.pauses = stored.pauses.clone();
            if stored == request {
                return Ok(Outcome::Unchanged);
            }
            requests::write_request(&self.tx, Some(id), &request, &self.settings)?;
            self.search_changed = true;
            if request.extension_notice_sent_on.is_some() {
                self.extended.insert(id, self.line);
            }
        } else {
            // A file's request has no pauses (they come from their own
            // file, written in `finish`), so this writes one row, the
            // request's, whose entry can wait. Pauses given with it would be
            // journaled at once, before that entry: the request is then
            // journaled first, and its pauses written as a change of it.
            let pauses = std::mem::take(&mut request.pauses);
            let id = requests::insert_new_request(&self.tx, id, &request, &self.settings)?;
            if self.unjournaled.last().is_some_and(|&last| last > id) {
                // Entries are written in the order of ids (see `journal_inserted`).
                self.journal_new_requests()?;
            }
            self.unjournaled.push(id);
            if !pauses.is_empty() {
                self.journal_new_requests()?;
                request.pauses = pauses;
                requests::write_request(&self.tx, Some(id), &request, &self.settings)?;
            }
            if request.extension_notice_sent_on.is_some() {
                self.extended.insert(id, self.line);
            }
            if let Some(highest) = &mut self.highest_new_request {
                *highest = id.max(*highest);
            } else {
                super::register::exec(&self.tx, super::search::NEW_ROWS, [id])?;
            }
            self.requests_inserted += 1;
            if self.indexes_aside.is_none()
                && super::order_indexes::worth_setting_aside(
                    self.requests_inserted,
                    self.requests_before,
                )
            {
                self.indexes_aside = Some(super::order_indexes::set_aside(&self.tx)?);
            }
        }
        Ok(outcome(existed))
    }

    /// Takes a pause for `finish`; says whether the request has it already.
    pub fn request_pause(&mut self, request_id: i64, pause: &RequestPause) -> StoreResult<Outcome> {
        super::register::must_exist::<RequestKind>(&self.tx, "request_id", request_id)?;
        let there = self
            .tx
            .prepare_cached(
                "SELECT 1 FROM request_pauses WHERE request_id = ?1 AND kind = ?2 AND requested_on = ?3 AND answered_on IS ?4",
            )?
            .query_row(
                params![request_id, pause.kind.code(), pause.requested_on, pause.answered_on],
                |_| Ok(()),
            )
            .optional()?
            .is_some();
        let pauses = self.pauses.entry(request_id).or_default();
        if pauses.contains(pause) {
            return Err(StoreError::field(
                "requested_on",
                "the same pause is on an earlier line of the file",
            ));
        }
        pauses.push(pause.clone());
        Ok(if there {
            Outcome::Unchanged
        } else {
            Outcome::Inserted
        })
    }

    /// Replaces the pauses of each request the file gave pauses for, where
    /// they differ from the register's; those requests' dates are computed again.
    fn write_pauses(&mut self) -> StoreResult<()> {
        let key = |p: &RequestPause| (p.requested_on, p.answered_on, p.kind.code());
        for (&request_id, pauses) in &mut self.pauses {
            let mut stored = requests::load_pauses(&self.tx, request_id)?;
            stored.sort_by_key(key);
            pauses.sort_by_key(key);
            if stored == *pauses {
                continue;
            }
            let removed = stored.iter().filter(|p| !pauses.contains(p)).count();
            if removed > 0 {
                self.removed.push(format!(
                    "request {request_id}: {removed} {} the file does not list {} removed",
                    if removed == 1 { "pause" } else { "pauses" },
                    if removed == 1 { "was" } else { "were" },
                ));
            }
            requests::write_pauses(&self.tx, request_id, pauses)?;
            self.requests.insert(request_id);
        }
        Ok(())
    }

    /// Adds a history entry unless the very same entry is there: the log only grows.
    pub fn request_event(
        &mut self,
        request_id: i64,
        at: &str,
        kind: &str,
        detail: &str,
    ) -> StoreResult<Option<Outcome>> {
        self.journal_new_requests()?;
        super::register::must_exist::<RequestKind>(&self.tx, "request_id", request_id)?;
        self.add_unless_there(
            "request_events",
            &["request_id", "at", "kind", "detail"],
            params![request_id, at, kind, detail],
        )
    }

    /// A letter drafted about a request or a breach; one already recorded
    /// the same way is left as it is.
    pub fn letter(
        &mut self,
        about: super::LetterAbout,
        kind: &str,
        lang: &str,
        at: &str,
        to: &str,
    ) -> StoreResult<Option<Outcome>> {
        self.journal_new_requests()?;
        let (request, breach) = match about {
            super::LetterAbout::Request(id) => {
                super::register::must_exist::<RequestKind>(&self.tx, "request_id", id)?;
                (Some(id), None)
            }
            super::LetterAbout::Breach(id) => {
                super::register::must_exist::<BreachKind>(&self.tx, "breach_id", id)?;
                (None, Some(id))
            }
        };
        self.add_unless_there(
            "letters",
            &[
                "request_id",
                "breach_id",
                "kind",
                "lang",
                "produced_at",
                "produced_to",
            ],
            params![request, breach, kind, lang, at, to],
        )
    }

    /// Adds a row of `columns` = `values` to `table` unless the very same
    /// row is there (`IS`: an empty link matches an empty link): tables that
    /// only grow, a request's history and the letters drafted.
    fn add_unless_there(
        &self,
        table: &str,
        columns: &[&str],
        values: &[&dyn rusqlite::ToSql],
    ) -> StoreResult<Option<Outcome>> {
        let same: Vec<String> = (1..)
            .zip(columns)
            .map(|(i, column)| format!("{column} IS ?{i}"))
            .collect();
        let select = format!("SELECT 1 FROM {table} WHERE {}", same.join(" AND "));
        if self.tx.prepare_cached(&select)?.exists(values)? {
            return Ok(None);
        }
        let marks: Vec<String> = (1..=columns.len()).map(|i| format!("?{i}")).collect();
        let insert = format!(
            "INSERT INTO {table} ({}) VALUES ({})",
            columns.join(", "),
            marks.join(", ")
        );
        super::register::exec(&self.tx, &insert, values)?;
        Ok(Some(Outcome::Inserted))
    }

    /// When the breach named became known, for checking its notifications.
    pub fn breach_aware_at(&self, id: i64) -> StoreResult<Option<DateTime<Utc>>> {
        Ok(breaches::read_breach(&self.tx, id)?.map(|b| b.breach.aware_at))
    }

    pub fn breach(&mut self, id: Option<i64>, breach: &Breach) -> StoreResult<Outcome> {
        let mut written = 0;
        let outcome = self.same_or(|s| {
            let existed = has(&s.tx, "breaches", id)?;
            // As notified as it is now; checked at the end, once the file's
            // notifications are in (they may be what lets it be closed).
            written = if existed {
                let notified = exists_where(&s.tx, "breach_notifications", "breach_id", id)?;
                breaches::store_breach(&s.tx, Target::from(id), breach, notified)?
            } else {
                breaches::store_breach(&s.tx, Target::New(id), breach, false)?
            };
            Ok(outcome(existed))
        })?;
        if outcome != Outcome::Unchanged {
            self.breaches.insert(written);
        }
        Ok(outcome)
    }

    pub fn notification(&mut self, breach_id: i64, n: &Notification) -> StoreResult<Outcome> {
        let append = super::kinds::child_append_sql::<BreachNotificationKind>();
        self.child_of::<BreachNotificationKind>(breach_id, n, append)
    }

    /// A row linking a record to another, both of which must exist; the
    /// first's links are replaced by those the file gives.
    pub fn link<A: Kind, B: Kind>(
        &mut self,
        links: &Links<A, B>,
        a: Id<A>,
        b: Id<B>,
    ) -> StoreResult<Outcome> {
        let Links {
            table, from, to, ..
        } = *links;
        super::register::must_exist::<A>(&self.tx, from, a.get())?;
        super::register::must_exist::<B>(&self.tx, to, b.get())?;
        let insert = format!("INSERT OR IGNORE INTO {table} ({from}, {to}) VALUES (?1, ?2)");
        Ok(self.child(
            table,
            from,
            a.get(),
            insert,
            vec![a.get().into(), b.get().into()],
        ))
    }

    /// The record's own fields; an existing record keeps its categories,
    /// bases and processors unless the import's child files replace them.
    pub fn activity(&mut self, id: Option<i64>, activity: &Activity) -> StoreResult<Outcome> {
        let mut written = 0;
        let outcome = self.same_or(|s| {
            let (outcome, id) = s.write_activity(id, activity)?;
            written = id;
            Ok(outcome)
        })?;
        if outcome != Outcome::Unchanged {
            self.activities.insert(written);
        }
        Ok(outcome)
    }

    fn write_activity(
        &mut self,
        id: Option<i64>,
        activity: &Activity,
    ) -> StoreResult<(Outcome, i64)> {
        let current = match id {
            Some(id) => activities::read_activity(&self.tx, id)?,
            None => None,
        };
        let existed = current.is_some();
        let written = match current {
            Some(row) => {
                // Its child rows come from their own files, if at all.
                let merged = Activity {
                    data_categories: row.activity.data_categories,
                    bases: row.activity.bases,
                    joint_controllers: row.activity.joint_controllers,
                    ..activity.clone()
                };
                let linked: Vec<i64> = row.processors.iter().map(|p| p.0).collect();
                activities::write_activity(
                    &self.tx,
                    Target::Existing(row.id),
                    &merged,
                    &linked,
                    true,
                )?
                .0
            }
            None => {
                let bare = Activity {
                    data_categories: Vec::new(),
                    bases: Vec::new(),
                    joint_controllers: Vec::new(),
                    ..activity.clone()
                };
                activities::write_activity(&self.tx, Target::New(id), &bare, &[], true)?.0
            }
        };
        Ok((outcome(existed), written))
    }

    /// A row of a child kind kept in order under its parent, which must exist.
    fn ordered_child<K: Kind>(&mut self, parent: i64, fields: &K::Fields) -> StoreResult<Outcome> {
        self.child_of::<K>(parent, fields, super::kinds::child_insert_sql::<K>())
    }

    /// A row of a child kind under its parent, which must exist, written by `insert`.
    fn child_of<K: Kind>(
        &mut self,
        parent: i64,
        fields: &K::Fields,
        insert: String,
    ) -> StoreResult<Outcome> {
        let of = K::PARENT.expect("a child kind names its parent");
        super::register::must_exist_in(&self.tx, (of.table, of.what), of.column, parent)?;
        let values = super::kinds::child_values::<K>(parent, fields);
        Ok(self.child(K::TABLE, of.column, parent, insert, values))
    }

    /// An agreement as the file gives it, current or not; a second current
    /// agreement for one processor is refused. A new one starts with every
    /// clause missing until `dpa_clauses` rows say otherwise.
    fn write_dpa(
        &mut self,
        id: Option<i64>,
        processor_id: i64,
        dpa: &Dpa,
        is_current: bool,
        document_sha256: Option<&str>,
    ) -> StoreResult<Outcome> {
        agreements::check_agreement(dpa)?;
        super::register::must_exist::<ProcessorKind>(&self.tx, "processor_id", processor_id)?;
        let existed = has(&self.tx, "dpas", id)?;
        if is_current {
            let other: Option<i64> = self
                .tx
                .query_row(
                    "SELECT id FROM dpas WHERE processor_id = ?1 AND is_current = 1 AND id IS NOT ?2",
                    params![processor_id, id],
                    |r| r.get(0),
                )
                .optional()?;
            if let Some(other) = other {
                return Err(StoreError::field(
                    "current",
                    format!("processor {processor_id} already has a current agreement (id {other}); mark one of them no"),
                ));
            }
        }
        let extra = [
            ("document_sha256", agreements::sha_value(document_sha256)),
            ("is_current", Value::from(is_current)),
        ];
        super::kinds::write_imported::<DpaKind>(
            &self.tx,
            id,
            Some(processor_id),
            existed,
            dpa,
            &extra,
        )?;
        if !existed {
            let written = self.tx.last_insert_rowid();
            let mut insert = self.tx.prepare_cached(
                "INSERT INTO dpa_clauses (dpa_id, clause, state, note) VALUES (?1, ?2, 'missing', '')",
            )?;
            for (code, _, _) in CLAUSES {
                insert.execute(params![written, code])?;
            }
        }
        Ok(outcome(existed))
    }

    fn write_dpa_clause(&mut self, dpa_id: i64, entry: &ClauseEntry) -> StoreResult<Outcome> {
        let (clause, state, note) = (entry.clause.code(), entry.state, &entry.note);
        super::register::must_exist::<DpaKind>(&self.tx, "dpa_id", dpa_id)?;
        super::register::exec(&self.tx,
            "INSERT INTO dpa_clauses (dpa_id, clause, state, note) VALUES (?1, ?2, ?3, ?4)
             ON CONFLICT (dpa_id, clause) DO UPDATE SET state = excluded.state, note = excluded.note",
            params![dpa_id, clause, state.code(), note],
        )?;
        Ok(Outcome::Updated)
    }

    /// A change notice with the objection period that applied to it, which
    /// fixes its deadline, and the decision on it.
    fn write_change_notice(
        &mut self,
        id: Option<i64>,
        processor_id: i64,
        notice: &ChangeNotice,
        standing: &NoticeStanding,
    ) -> StoreResult<Outcome> {
        super::register::must_exist::<ProcessorKind>(&self.tx, "processor_id", processor_id)?;
        let existed = has(&self.tx, "change_notices", id)?;
        let deadline = objection_deadline(notice.received_on, standing.notice_days);
        let extra = [
            ("notice_days", Value::from(standing.notice_days)),
            ("objection_deadline", Value::Text(deadline.to_string())),
            ("decision", Value::Text(standing.decision.code().into())),
            (
                "decided_on",
                standing
                    .decided_on
                    .map_or(Value::Null, |d| Value::Text(d.to_string())),
            ),
            ("note", Value::Text(standing.note.clone())),
        ];
        super::kinds::write_imported::<ChangeNoticeKind>(
            &self.tx,
            id,
            Some(processor_id),
            existed,
            notice,
            &extra,
        )?;
        Ok(outcome(existed))
    }

    /// Derives what depends on several files (deadlines after pauses, whether a
    /// breach was notified, completeness after children) and runs the checks
    /// that need all rows. Commits when `commit` and nothing was refused;
    /// otherwise rolls back. Returns the refusals and notes for the user.
    /// `today` (in the register's time zone) is how far an open pause counts.
    /// Whether the import's transaction is still open: SQLite rolls it back
    /// by itself on a full disk and some I/O errors, and from then on nothing
    /// of the import may run as if it were.
    pub fn is_lost(&self) -> bool {
        self.tx.is_autocommit()
    }

    fn alive(&self) -> StoreResult<()> {
        if self.is_lost() {
            Err(StoreError::RolledBack)
        } else {
            Ok(())
        }
    }

    pub fn finish(mut self, commit: bool, today: NaiveDate) -> StoreResult<Finished> {
        self.alive()?;
        self.journal_new_requests()?;
        self.write_pauses()?;
        let mut errors = Vec::new();
        self.write_children(&mut errors)?;
        let mut notes = std::mem::take(&mut self.removed);
        if self.recompute_every_request {
            requests::recompute_all(&self.tx)?;
        } else {
            for &id in &self.requests {
                let mut request = requests::read_request(&self.tx, id)?;
                request.pauses = requests::load_pauses(&self.tx, id)?;
                if let Err(e) =
                    requests::write_request(&self.tx, Some(id), &request, &self.settings)
                {
                    errors.push(late("requests", id, "received_on", e));
                }
            }
        }
        // The form refuses an extension announced after the one-month deadline;
        // a file may not bring one in either. Pauses count (they move that deadline).
        let to_check: BTreeSet<i64> = self
            .extended
            .keys()
            .chain(&self.requests)
            .copied()
            .collect();
        for id in to_check {
            let mut request = requests::read_request(&self.tx, id)?;
            let Some(notice) = request.extension_notice_sent_on else {
                continue;
            };
            request.pauses = requests::load_pauses(&self.tx, id)?;
            let Ok(deadlines) = request.deadlines(&self.settings, today) else {
                continue; // refused above, with its reason
            };
            if notice > deadlines.one_month_deadline {
                errors.push(LateError {
                    table: "requests",
                    id,
                    line: self.extended.get(&id).copied().unwrap_or(0),
                    field: "extension_notice_sent_on".into(),
                    value: notice.to_string(),
                    message: format!(
                        "request {}: too late to extend, the data subject had to be told by {} (Art. 12(3))",
                        request.reference, deadlines.one_month_deadline
                    ),
                });
            }
        }
        for &id in &self.breaches {
            let Some(row) = breaches::read_breach(&self.tx, id)? else {
                continue;
            };
            let notified = !row.notifications.is_empty();
            if let Err(e) = breaches::check_closable(&row.breach, notified) {
                errors.push(late("breaches", id, "status", e));
            }
            // Only the flag the notifications decide is brought up to date.
            super::register::exec(
                &self.tx,
                "UPDATE breaches SET awaiting_notification = ?2 WHERE id = ?1 AND awaiting_notification IS NOT ?2",
                params![id, breaches::awaits_notification(&row.breach, notified)],
            )?;
        }
        activities::refresh_completeness(&self.tx)?;
        for &id in &self.activities {
            let Some(row) = activities::read_activity(&self.tx, id)? else {
                continue;
            };
            let context = row.context(row.controller_identified);
            let (status, note) = row.activity.status_on_save(row.activity.status, &context);
            if let Some(note) = note {
                super::register::exec(
                    &self.tx,
                    "UPDATE activities SET status = ?2 WHERE id = ?1",
                    params![id, status.code()],
                )?;
                notes.push(format!("activity {id} ({}): {note}", row.activity.name));
            }
        }
        if commit && errors.is_empty() {
            if let Some(definitions) = &self.indexes_aside {
                super::order_indexes::restore(&self.tx, definitions)?;
            }
            // Into a register without requests, every request is new: the
            // index is made from the table (their ids were not listed).
            let every_one_new = self.highest_new_request.is_some();
            super::search::resume(&self.tx, self.search_changed || every_one_new)?;
            super::journal::resume_inserts(&self.tx, "requests")?;
            self.alive()?;
            self.gate.open_for_commit();
            // Committed here, not by `Transaction::commit`: the log is put
            // back on this connection when the import is dropped.
            self.tx.commit_in_place()?;
        }
        Ok(Finished {
            errors,
            notes,
            unchanged_children: std::mem::take(&mut self.unchanged_children),
        })
    }
}

fn late(table: &'static str, id: i64, default_field: &str, e: StoreError) -> LateError {
    let (field, message) = match e {
        StoreError::Invalid(errors) if !errors.0.is_empty() => {
            let first = &errors.0[0];
            (first.field.to_string(), first.message.clone())
        }
        other => (default_field.to_string(), other.to_string()),
    };
    LateError {
        table,
        id,
        line: 0,
        field,
        value: String::new(),
        message: format!("record id {id}: {message}"),
    }
}
/// How the import writes one record: (the import, the record's id, its
/// parent's id for a child kind, its fields).
pub type Write<K> =
    fn(&mut ImportTx<'_>, Option<i64>, Option<i64>, &<K as Kind>::Fields) -> StoreResult<Outcome>;

/// How the import writes a record of a kind read from its own file: by
/// default as any record, with the statements the form's save uses; kinds
/// with more to them (a request's computed dates, an activity's children
/// kept apart, ordered child rows) say how.
pub trait Imported: Kind + Sized {
    /// The column a refusal of the whole record is shown in.
    const REFUSED_AT: &'static str = match Self::PARENT {
        Some(parent) => parent.column,
        None => "id",
    };
    const WRITE: Write<Self> = |tx, id, parent, fields| tx.record::<Self>(id, parent, fields);
}

/// The kinds the import writes in their own way, each with how.
macro_rules! imported {
    ($($kind:ty $(, refused at $column:literal)? => $write:expr;)*) => {
        $(impl Imported for $kind {
            $(const REFUSED_AT: &'static str = $column;)?
            const WRITE: Write<Self> = $write;
        })*
    };
}

imported! {
    ProcessorKind => |tx, id, _, fields| tx.processor(id, fields);
    RequestKind, refused at "reference" => |tx, id, _, request| tx.request(id, request);
    RequestPauseKind => |tx, _, request, pause| tx.request_pause(request.unwrap_or_default(), pause);
    ActivityKind => |tx, id, _, activity| tx.activity(id, activity);
    CategoryKind => |tx, _, activity, c| tx.ordered_child::<CategoryKind>(activity.unwrap_or_default(), c);
    BasisKind => |tx, _, activity, b| tx.ordered_child::<BasisKind>(activity.unwrap_or_default(), b);
    JointControllerKind => |tx, _, activity, j| tx.ordered_child::<JointControllerKind>(activity.unwrap_or_default(), j);
}

impl Imported for ProcessorRecordKind {}
impl Imported for TransferKind {
    // A transfer has its own id, as before the kinds: refusals are shown there.
    const REFUSED_AT: &'static str = "id";
}
