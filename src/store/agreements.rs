//! Processor agreements with their clause checklist, transfers and
//! sub-processor change notices, each belonging to one processor.

use chrono::NaiveDate;
use rusqlite::{params, Connection, OptionalExtension, Row, Transaction};

use super::error::{StoreError, StoreResult};
use super::kinds;
use super::register::Register;
use crate::domain::dpa::{
    objection_deadline, review_state, Authorisation, ClauseState, Dpa, NoticeDecision, ReviewState,
    CLAUSES,
};
use crate::domain::transfer::Transfer;
use crate::record::change_notice::ChangeNoticeKind;
use crate::record::dpa::DpaKind;
use crate::record::transfer::TransferKind;
use rusqlite::types::Value;

use super::register::NOW;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DpaRow {
    pub id: i64,
    pub processor_id: i64,
    pub revision: i64,
    pub is_current: bool,
    pub dpa: Dpa,
    /// SHA-256 of the document when it was a local file at the last save.
    pub document_sha256: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TransferRow {
    pub id: i64,
    pub processor_id: i64,
    pub revision: i64,
    pub transfer: Transfer,
}

pub use crate::domain::dpa::ChangeNotice;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChangeNoticeRow {
    pub id: i64,
    pub processor_id: i64,
    pub processor_name: String,
    pub revision: i64,
    pub notice: ChangeNotice,
    pub notice_days: u32,
    pub objection_deadline: NaiveDate,
    pub decision: NoticeDecision,
    pub decided_on: Option<NaiveDate>,
    pub note: String,
}

/// `SELECT` of agreements: id, processor, revision, whether current, the
/// document's fingerprint, then the kind's stored columns.
fn dpa_select() -> String {
    format!(
        "SELECT d.id, d.processor_id, d.revision, d.is_current, d.document_sha256, {} FROM dpas d",
        kinds::select_columns::<DpaKind>("d")
    )
}

fn row_to_dpa(r: &Row<'_>) -> rusqlite::Result<DpaRow> {
    Ok(DpaRow {
        id: r.get(0)?,
        processor_id: r.get(1)?,
        revision: r.get(2)?,
        is_current: r.get(3)?,
        document_sha256: r.get(4)?,
        dpa: kinds::read::<DpaKind>(r, 5)?,
    })
}

fn load_clauses(conn: &Connection, row: &mut DpaRow) -> StoreResult<()> {
    let mut stmt =
        conn.prepare_cached("SELECT clause, state, note FROM dpa_clauses WHERE dpa_id = ?1")?;
    let stored: Vec<(String, String, String)> = stmt
        .query_map([row.id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
        .collect::<Result<_, _>>()?;
    row.dpa.clauses = CLAUSES
        .iter()
        .map(|(code, _, _)| {
            stored
                .iter()
                .find(|(c, _, _)| c == code)
                .map(|(_, state, note)| {
                    (
                        ClauseState::parse(state).unwrap_or(ClauseState::Missing),
                        note.clone(),
                    )
                })
                .unwrap_or((ClauseState::Missing, String::new()))
        })
        .collect();
    Ok(())
}

/// A document's fingerprint as the store keeps it (none: NULL).
pub(super) fn sha_value(sha: Option<&str>) -> Value {
    sha.map_or(Value::Null, |s| Value::Text(s.to_string()))
}

fn write_clauses(tx: &Transaction<'_>, dpa_id: i64, dpa: &Dpa) -> StoreResult<()> {
    super::register::exec(tx, "DELETE FROM dpa_clauses WHERE dpa_id = ?1", [dpa_id])?;
    let mut insert = tx.prepare_cached(
        "INSERT INTO dpa_clauses (dpa_id, clause, state, note) VALUES (?1, ?2, ?3, ?4)",
    )?;
    for ((code, _, _), (state, note)) in CLAUSES.iter().zip(&dpa.clauses) {
        insert.execute(params![dpa_id, code, state.code(), note])?;
    }
    Ok(())
}

/// What the store refuses even when a caller skipped the form's checks.
pub(super) fn check_agreement(dpa: &Dpa) -> StoreResult<()> {
    if let (Some(signed), Some(review)) = (dpa.signed_on, dpa.review_on) {
        if review < signed {
            return Err(StoreError::field(
                "review_on",
                format!("the review date {review} is before the signing date {signed}"),
            ));
        }
    }
    if dpa.authorisation == Authorisation::General && dpa.notice_days.is_none() {
        return Err(StoreError::field(
            "notice_days",
            "general authorisation needs the notice period the contract gives for objections",
        ));
    }
    Ok(())
}

/// `SELECT` of transfers, their stored columns from the fourth on.
fn transfer_select() -> String {
    format!(
        "SELECT t.id, t.processor_id, t.revision, {} FROM transfers t",
        kinds::select_columns::<TransferKind>("t")
    )
}

fn row_to_transfer(r: &Row<'_>) -> rusqlite::Result<TransferRow> {
    Ok(TransferRow {
        id: r.get(0)?,
        processor_id: r.get(1)?,
        revision: r.get(2)?,
        transfer: kinds::read::<TransferKind>(r, 3)?,
    })
}

fn row_to_notice(r: &Row<'_>) -> rusqlite::Result<ChangeNoticeRow> {
    let decision: String = r.get(7)?;
    Ok(ChangeNoticeRow {
        id: r.get(0)?,
        processor_id: r.get(1)?,
        processor_name: r.get(2)?,
        revision: r.get(3)?,
        notice_days: r.get(4)?,
        objection_deadline: r.get(5)?,
        decided_on: r.get(6)?,
        decision: NoticeDecision::parse(&decision).unwrap_or(NoticeDecision::Pending),
        note: r.get(8)?,
        notice: kinds::read::<ChangeNoticeKind>(r, 9)?,
    })
}

/// `SELECT` of change notices with their processor's name: the store's own
/// columns, then the kind's from the tenth on.
fn notice_select() -> String {
    format!(
        "SELECT n.id, n.processor_id, p.name, n.revision, n.notice_days, n.objection_deadline,
             n.decided_on, n.decision, n.note, {}
         FROM change_notices n JOIN processors p ON p.id = n.processor_id",
        kinds::select_columns::<ChangeNoticeKind>("n")
    )
}

/// Records `dpa` as `processor_id`'s current agreement within `tx`; the one
/// it replaces stays on record, a signed one as superseded.
pub(super) fn insert_current_dpa(
    tx: &Transaction<'_>,
    processor_id: i64,
    dpa: &Dpa,
    document_sha256: Option<&str>,
) -> StoreResult<i64> {
    kinds::parent_exists::<DpaKind>(tx, Some(processor_id))?;
    super::register::exec(
        tx,
        &format!(
            "UPDATE dpas SET is_current = 0, revision = revision + 1, updated_at = {NOW},
                 status = CASE status WHEN 'signed' THEN 'superseded' ELSE status END
             WHERE processor_id = ?1 AND is_current = 1"
        ),
        [processor_id],
    )?;
    let extra = [
        ("document_sha256", sha_value(document_sha256)),
        ("is_current", Value::Integer(1)),
    ];
    let id = kinds::insert_with::<DpaKind>(tx, Some(processor_id), dpa, &extra)?;
    write_clauses(tx, id, dpa)?;
    Ok(id)
}

impl Register {
    /// Records a new agreement with `processor_id` and makes it the current one;
    /// the one it replaces stays on record, a signed one as superseded.
    pub fn insert_dpa(
        &mut self,
        processor_id: i64,
        dpa: &Dpa,
        document_sha256: Option<&str>,
    ) -> StoreResult<i64> {
        check_agreement(dpa)?;
        self.writing(|tx| insert_current_dpa(tx, processor_id, dpa, document_sha256))
    }

    pub fn update_dpa(
        &mut self,
        id: i64,
        revision: i64,
        dpa: &Dpa,
        document_sha256: Option<&str>,
    ) -> StoreResult<()> {
        check_agreement(dpa)?;
        self.writing(|tx| {
            let extra = [("document_sha256", sha_value(document_sha256))];
            kinds::update_with::<DpaKind>(tx, id, revision, dpa, &extra)?;
            write_clauses(tx, id, dpa)?;
            Ok(())
        })
    }

    pub fn delete_dpa(&mut self, id: i64) -> StoreResult<()> {
        self.delete_row("dpas", "processor agreement", id)
    }

    /// The agreements with a processor, the current one first, then newest first.
    pub fn dpas_of(&self, processor_id: i64) -> StoreResult<Vec<DpaRow>> {
        let sql = format!(
            "{} WHERE d.processor_id = ?1
             ORDER BY d.is_current DESC, coalesce(d.signed_on, d.created_at) DESC, d.id DESC",
            dpa_select()
        );
        let mut rows = self
            .conn
            .prepare_cached(&sql)?
            .query_map([processor_id], row_to_dpa)?
            .collect::<Result<Vec<_>, _>>()?;
        for row in &mut rows {
            load_clauses(&self.conn, row)?;
        }
        Ok(rows)
    }

    /// Every agreement (tests and small callers; exports stream with `for_each_dpa`).
    pub fn all_dpas(&self) -> StoreResult<Vec<DpaRow>> {
        let mut all = Vec::new();
        self.for_each_dpa(|d| {
            all.push(d.clone());
            Ok::<_, StoreError>(())
        })?;
        Ok(all)
    }

    pub fn all_transfers(&self) -> StoreResult<Vec<TransferRow>> {
        let mut all = Vec::new();
        self.for_each_transfer(|t| {
            all.push(t.clone());
            Ok::<_, StoreError>(())
        })?;
        Ok(all)
    }

    /// Every agreement with its checklist, by processor and age (for exports).
    pub fn for_each_dpa<E: From<StoreError>>(
        &self,
        mut each: impl FnMut(&DpaRow) -> Result<(), E>,
    ) -> Result<(), E> {
        let sql = format!("{} ORDER BY d.processor_id, d.id", dpa_select());
        self.stream_rows(&sql, row_to_dpa, |mut row| {
            load_clauses(&self.conn, &mut row)?;
            each(&row)
        })
    }

    /// Current agreements with a review date that is due within 30 days or past,
    /// most urgent first: (processor id, processor name, review date, state).
    /// This is what a scheduled check reads.
    pub fn agreement_reviews(
        &self,
        today: NaiveDate,
    ) -> StoreResult<Vec<(i64, String, NaiveDate, ReviewState)>> {
        let rows: Vec<(i64, String, NaiveDate)> = self
            .conn
            .prepare_cached(
                "SELECT p.id, p.name, d.review_on FROM dpas d JOIN processors p ON p.id = d.processor_id
                 WHERE d.is_current = 1 AND d.review_on IS NOT NULL AND p.status = 'active'
                 ORDER BY d.review_on, p.id",
            )?
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
            .collect::<Result<_, _>>()?;
        Ok(rows
            .into_iter()
            .map(|(id, name, day)| (id, name, day, review_state(Some(day), today)))
            .filter(|(_, _, _, state)| {
                matches!(
                    state,
                    ReviewState::DueSoon { .. } | ReviewState::Overdue { .. }
                )
            })
            .collect())
    }

    pub fn insert_transfer(&mut self, processor_id: i64, transfer: &Transfer) -> StoreResult<i64> {
        self.writing(|tx| kinds::insert::<TransferKind>(tx, Some(processor_id), transfer))
    }

    pub fn update_transfer(
        &mut self,
        id: i64,
        revision: i64,
        transfer: &Transfer,
    ) -> StoreResult<()> {
        self.writing(|tx| {
            kinds::update::<TransferKind>(tx, id, revision, transfer)?;
            Ok(())
        })
    }

    pub fn delete_transfer(&mut self, id: i64) -> StoreResult<()> {
        self.delete_row("transfers", "transfer", id)
    }

    pub fn transfers_of(&self, processor_id: i64) -> StoreResult<Vec<TransferRow>> {
        let sql = format!(
            "{} WHERE t.processor_id = ?1 ORDER BY t.country, t.id",
            transfer_select()
        );
        Ok(self
            .conn
            .prepare_cached(&sql)?
            .query_map([processor_id], row_to_transfer)?
            .collect::<Result<Vec<_>, _>>()?)
    }

    pub fn for_each_transfer<E: From<StoreError>>(
        &self,
        mut each: impl FnMut(&TransferRow) -> Result<(), E>,
    ) -> Result<(), E> {
        let sql = format!("{} ORDER BY t.processor_id, t.id", transfer_select());
        self.stream_rows(&sql, row_to_transfer, |row| each(&row))
    }

    /// Records a change notice from `processor_id`. Its current agreement must give
    /// general authorisation: the objection period comes from it and is kept with
    /// the notice, so a later change of contract does not move this deadline.
    pub fn insert_change_notice(
        &mut self,
        processor_id: i64,
        notice: &ChangeNotice,
    ) -> StoreResult<i64> {
        self.writing(|tx| {
            kinds::parent_exists::<ChangeNoticeKind>(tx, Some(processor_id))?;
            let current: Option<(String, Option<u32>)> = tx
                .query_row(
                    "SELECT authorisation, notice_days FROM dpas WHERE processor_id = ?1 AND is_current = 1",
                    [processor_id],
                    |r| Ok((r.get(0)?, r.get(1)?)),
                )
                .optional()?;
            let days = match current {
                Some((authorisation, Some(days))) if authorisation == "general" => days,
                Some((authorisation, _)) if authorisation == "specific" => {
                    return Err(StoreError::field(
                        "sub_processor",
                        "the agreement requires specific authorisation: a new sub-processor needs approval in advance, not a notice",
                    ))
                }
                _ => {
                    return Err(StoreError::field(
                        "sub_processor",
                        "record the processor agreement with its objection period first",
                    ))
                }
            };
            let extra = [
                ("notice_days", Value::from(days)),
                (
                    "objection_deadline",
                    Value::Text(objection_deadline(notice.received_on, days).to_string()),
                ),
            ];
            let id = kinds::insert_with::<ChangeNoticeKind>(tx, Some(processor_id), notice, &extra)?;

            Ok(id)
        })
    }

    /// Records the DPO's decision on a notice.
    pub fn decide_change_notice(
        &mut self,
        id: i64,
        revision: i64,
        decision: NoticeDecision,
        decided_on: NaiveDate,
        note: &str,
    ) -> StoreResult<()> {
        self.writing(|tx| {
            let changed = super::register::exec(
                tx,
                &format!(
                    "UPDATE change_notices SET decision = ?2, decided_on = ?3, note = ?4,
                         revision = revision + 1, updated_at = {NOW}
                     WHERE id = ?1 AND revision = ?5"
                ),
                params![id, decision.code(), decided_on, note, revision],
            )?;
            if changed == 0 {
                return Err(StoreError::Conflict {
                    what: "change notice",
                });
            }
            Ok(())
        })
    }

    pub fn delete_change_notice(&mut self, id: i64) -> StoreResult<()> {
        self.delete_row("change_notices", "change notice", id)
    }

    pub fn change_notices_of(&self, processor_id: i64) -> StoreResult<Vec<ChangeNoticeRow>> {
        Ok(self
            .conn
            .prepare_cached(&format!(
                "{} WHERE n.processor_id = ?1 ORDER BY n.received_on DESC, n.id DESC",
                notice_select()
            ))?
            .query_map([processor_id], row_to_notice)?
            .collect::<Result<Vec<_>, _>>()?)
    }

    /// Pending notices whose objection window is still open on `today`, soonest first.
    pub fn running_objections(&self, today: NaiveDate) -> StoreResult<Vec<ChangeNoticeRow>> {
        Ok(self
            .conn
            .prepare_cached(&format!(
                "{} WHERE n.decision = 'pending' AND n.objection_deadline >= ?1
                 ORDER BY n.objection_deadline, n.id",
                notice_select()
            ))?
            .query_map([today], row_to_notice)?
            .collect::<Result<Vec<_>, _>>()?)
    }

    pub fn for_each_change_notice<E: From<StoreError>>(
        &self,
        mut each: impl FnMut(&ChangeNoticeRow) -> Result<(), E>,
    ) -> Result<(), E> {
        self.stream_rows(
            &format!("{} ORDER BY n.processor_id, n.id", notice_select()),
            row_to_notice,
            |row| each(&row),
        )
    }
}
