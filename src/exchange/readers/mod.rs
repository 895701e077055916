//! One reader per table (in the files beside this one, by area): a CSV row becomes the draft the workbench's form
//! would hold, is checked by the same domain rule as the form, and is written
//! through the import transaction. Errors come back as [`Problem`]s.

mod agreements;
mod breaches;
mod organisation;
mod requests;

use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, Utc};

use super::import::Row;
use super::tables::Table;
use crate::domain::breach::check_notification;
use crate::domain::dpa::{NoticeDecision, NoticeStanding};
use crate::domain::request::parse_iso_date;
use crate::domain::validation::FieldErrors;
use crate::record::activity::{ActivityKind, BasisKind, CategoryKind, JointControllerKind};
use crate::record::breach::{BreachKind, BreachNotificationKind};
use crate::record::change_notice::ChangeNoticeKind;
use crate::record::dpa::{ClauseKind, DpaKind};
use crate::record::organisation::OrganisationKind;
use crate::record::processor::ProcessorKind;
use crate::record::processor_record::ProcessorRecordKind;
use crate::record::request::{RequestKind, RequestPauseKind};
use crate::record::settings::SettingsKind;
use crate::record::transfer::TransferKind;
use crate::record::{Context, Id, Kind};
use crate::store::{
    ImportTx, Imported, Links, Outcome, StoreError, ACTIVITY_PROCESSORS, BREACH_ACTIVITIES,
    RECORD_PROCESSORS,
};

/// One thing wrong with a row: the column it is in (empty: the row as a
/// whole) and why. The file's reader adds the line and the cell.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Problem {
    pub column: String,
    pub message: String,
}

impl Problem {
    pub(super) fn new(column: impl Into<String>, message: impl Into<String>) -> Self {
        Problem {
            column: column.into(),
            message: message.into(),
        }
    }
}

pub(super) type Problems = Vec<Problem>;

/// What a reader remembers from row to row of one file.
pub(super) struct ReaderState {
    time_zone: chrono_tz::Tz,
    /// The notifications read so far from this file, by breach: the file's
    /// notifications replace a breach's, and must follow one another in order.
    notified: HashMap<i64, Vec<crate::domain::breach::Notification>>,
}

impl ReaderState {
    pub(super) fn new(time_zone: chrono_tz::Tz) -> Self {
        ReaderState {
            time_zone,
            notified: HashMap::new(),
        }
    }
}

/// Collects cell problems while a row is read, so one row reports all of them.
struct Cells<'r, 'a> {
    row: &'r Row<'a>,
    problems: Problems,
}

impl<'r, 'a> Cells<'r, 'a> {
    fn new(row: &'r Row<'a>) -> Self {
        Cells {
            row,
            problems: Vec::new(),
        }
    }

    fn text(&self, column: &str) -> String {
        self.row.get(column).to_string()
    }

    fn problem(&mut self, column: &str, message: impl Into<String>) {
        self.problems.push(Problem::new(column, message));
    }

    /// The record id: empty (or no `id` column) means a new record.
    fn id(&mut self, column: &str) -> Option<i64> {
        let text = self.row.get(column).trim();
        if text.is_empty() {
            return None;
        }
        match text.parse::<i64>() {
            Ok(n) if n > 0 => Some(n),
            _ => {
                self.problem(column, "expected a record id: a whole number above 0");
                None
            }
        }
    }

    /// A reference to another record, which must be given.
    fn reference(&mut self, column: &str) -> i64 {
        let id = self.id(column);
        if id.is_none() && self.row.get(column).trim().is_empty() {
            self.problem(column, "required: the id of the record this row belongs to");
        }
        id.unwrap_or(0)
    }

    /// A reference to a record of kind `K`, which must be given.
    fn reference_to<K: Kind>(&mut self, column: &str) -> Id<K> {
        Id::new(self.reference(column))
    }

    fn flag(&mut self, column: &str) -> bool {
        match self.row.get(column).trim().to_ascii_lowercase().as_str() {
            "yes" | "true" | "1" => true,
            "no" | "false" | "0" | "" => false,
            _ => {
                self.problem(column, "expected yes or no");
                false
            }
        }
    }

    fn date(&mut self, column: &str) -> Option<NaiveDate> {
        let text = self.row.get(column).trim();
        if text.is_empty() {
            return None;
        }
        parse_iso_date(text)
            .map_err(|e| self.problem(column, e.to_string()))
            .ok()
    }

    fn field_errors(&mut self, errors: FieldErrors) {
        for e in errors.0 {
            self.problem(e.field, e.message);
        }
    }

    /// Err when any cell was refused: nothing of the row is written.
    fn check(&mut self) -> Result<(), Problems> {
        if self.problems.is_empty() {
            Ok(())
        } else {
            Err(std::mem::take(&mut self.problems))
        }
    }
}

/// The fields of a kind's record from the row's cells, through the draft and
/// the domain's rule, as a form's would be: every refused cell named.
fn validated<K: Kind>(c: &mut Cells<'_, '_>, context: &Context) -> Result<K::Fields, Problems> {
    let row = c.row;
    let fields = crate::record::validate_from::<K>(|key| row.get(key), context)
        .map_err(|e| c.field_errors(e));
    c.check()?;
    fields.map_err(|_| Problems::new())
}

/// A record of kind `K` from its row: its id, its parent's (for a child
/// kind), and its fields read by the kind's rules; every refused cell named.
fn read_record<K: Imported>(
    c: &mut Cells<'_, '_>,
    tx: &mut ImportTx<'_>,
    context: &Context,
) -> Result<Option<Outcome>, Problems> {
    let id = c.id("id");
    let parent = K::PARENT.map(|p| c.reference(p.column));
    let fields = validated::<K>(c, context)?;
    (K::WRITE)(tx, id, parent, &fields)
        .map(Some)
        .map_err(|e| store_problem(e, K::REFUSED_AT))
}

/// A row of a table of links: the two ids, each of a record that must be
/// there; a refusal of the store is put on `blamed`.
fn read_links<A: Kind, B: Kind>(
    c: &mut Cells<'_, '_>,
    tx: &mut ImportTx<'_>,
    links: &Links<A, B>,
    blamed: &str,
) -> Result<Option<Outcome>, Problems> {
    let from = c.reference_to::<A>(links.from);
    let to = c.reference_to::<B>(links.to);
    c.check()?;
    tx.link(links, from, to)
        .map(Some)
        .map_err(|e| store_problem(e, blamed))
}

fn store_problem(e: StoreError, column: &str) -> Problems {
    match e {
        StoreError::Invalid(errors) => errors
            .0
            .into_iter()
            .map(|e| Problem::new(e.field, e.message))
            .collect(),
        other => vec![Problem::new(column, other.to_string())],
    }
}

/// Reads one row of `table` into the import. `Ok(None)`: already there.
pub(super) fn read_row(
    table: Table,
    row: &Row<'_>,
    tx: &mut ImportTx<'_>,
    state: &mut ReaderState,
    now: DateTime<Utc>,
) -> Result<Option<Outcome>, Problems> {
    let mut c = Cells::new(row);
    let context = Context::new(now, state.time_zone);
    match table {
        Table::Organisation => organisation::read_organisation(&mut c, tx, state, &context),
        Table::DeadlineSettings => organisation::read_deadline_settings(&mut c, tx, &context),
        Table::Processors => read_record::<ProcessorKind>(&mut c, tx, &context),
        Table::Requests => read_record::<RequestKind>(&mut c, tx, &context),
        Table::RequestPauses => read_record::<RequestPauseKind>(&mut c, tx, &context),
        Table::RequestEvents => requests::read_request_events(&mut c, tx),
        Table::Breaches => breaches::read_breaches(&mut c, tx, now),
        Table::BreachNotifications => breaches::read_breach_notifications(&mut c, tx, state, now),
        Table::BreachActivities => read_links(&mut c, tx, &BREACH_ACTIVITIES, "breach_id"),
        Table::Activities => read_record::<ActivityKind>(&mut c, tx, &context),
        Table::ActivityDataCategories => read_record::<CategoryKind>(&mut c, tx, &context),
        Table::ActivityBases => read_record::<BasisKind>(&mut c, tx, &context),
        Table::ActivityJointControllers => read_record::<JointControllerKind>(&mut c, tx, &context),
        Table::ActivityProcessors => read_links(&mut c, tx, &ACTIVITY_PROCESSORS, "processor_id"),
        Table::ProcessorRecords => read_record::<ProcessorRecordKind>(&mut c, tx, &context),
        Table::ProcessorRecordProcessors => {
            read_links(&mut c, tx, &RECORD_PROCESSORS, "processor_id")
        }
        Table::Dpas => agreements::read_dpas(&mut c, tx, &context),
        Table::DpaClauses => agreements::read_dpa_clauses(&mut c, tx, &context),
        Table::Transfers => read_record::<TransferKind>(&mut c, tx, &context),
        Table::ChangeNotices => agreements::read_change_notices(&mut c, row, tx, &context),
        Table::Letters => requests::read_letters(&mut c, tx),
    }
}
