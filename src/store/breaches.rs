//! The breach register and its notifications. Instants are stored as RFC 3339
//! UTC text (which sorts), with the zone the awareness time was given in.

use super::Found;
use chrono::{DateTime, Utc};
use rusqlite::{params, OptionalExtension, Row, Transaction};

use super::error::{StoreError, StoreResult};
use super::kinds::{self, Target};
use super::register::Register;
use crate::domain::breach::{
    notification_order_problem, with_notification, Breach, BreachStatus, ControllerToTell,
    Notification, RiskLevel,
};
use crate::platform::clock::stamp_seconds;
use crate::record::breach::{BreachKind, BreachNotificationKind};
use rusqlite::types::Value;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BreachRow {
    pub id: i64,
    pub revision: i64,
    pub breach: Breach,
    pub processor_name: Option<String>,
    /// For a breach as processor: the controller to tell, from its Art. 30(2) record.
    pub controller: Option<ControllerToTell>,
    /// In the order they were sent.
    pub notifications: Vec<Notification>,
    /// (id, name) of the processing activities the breach affected, by name.
    pub activities: Vec<(i64, String)>,
}

/// A notification with its breach, for exports.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NotificationRow {
    pub breach_id: i64,
    pub notification: Notification,
}

const FROM: &str = "FROM breaches b LEFT JOIN processors p ON p.id = b.processor_id
     LEFT JOIN processor_records pr ON pr.id = b.processor_record_id";
const FILTER_WHERE: &str = "WHERE (?1 = '' OR instr(b.search_text, ?1) > 0)";
const ORDER: &str = "ORDER BY b.is_open DESC, b.awaiting_notification DESC, b.deadline_at, b.id";

/// The columns a breach is read from (`FROM`): id, revision, the kind's
/// stored columns, then the processor's name.
fn columns() -> String {
    format!(
        "b.id, b.revision, {}, p.name, pr.controller_name, pr.notify_within_hours",
        kinds::select_columns::<BreachKind>("b")
    )
}

/// How many stored columns the kind has: the processor's name comes after.
fn stored_count() -> usize {
    crate::record::stored::<BreachKind>().count()
}

pub(super) fn row_to_breach(row: &Row<'_>) -> rusqlite::Result<BreachRow> {
    Ok(BreachRow {
        id: row.get(0)?,
        revision: row.get(1)?,
        breach: kinds::read::<BreachKind>(row, 2)?,
        processor_name: row.get(2 + stored_count())?,
        controller: row
            .get::<_, Option<String>>(3 + stored_count())?
            .map(|name| {
                Ok::<_, rusqlite::Error>(ControllerToTell {
                    name,
                    within_hours: row.get(4 + stored_count())?,
                })
            })
            .transpose()?,
        notifications: Vec::new(),
        activities: Vec::new(),
    })
}

pub(super) fn load_notifications(
    conn: &rusqlite::Connection,
    breach_id: i64,
) -> StoreResult<Vec<Notification>> {
    kinds::children_by::<BreachNotificationKind>(conn, breach_id, "c.sent_at, c.id")
}

/// A breach that had to be notified is closed only once a notification is recorded.
pub(super) fn check_closable(b: &Breach, notified: bool) -> StoreResult<()> {
    if b.as_processor() {
        if b.status == BreachStatus::Closed && b.controller_told_at.is_none() {
            return Err(StoreError::field(
                "status",
                "a breach as processor is closed once the controller is told (Art. 33(2)): say when and how",
            ));
        }
        return Ok(());
    }
    if b.status == BreachStatus::Closed && b.risk_level != RiskLevel::NoRisk && !notified {
        return Err(StoreError::field(
            "status",
            "a breach that must be notified cannot be closed before a notification is recorded (n); \
             if a risk is unlikely after all, set the risk level to none with the reasoning",
        ));
    }
    Ok(())
}

/// `notified`: whether any notification of the breach has been sent.
pub(super) fn write_breach(
    tx: &Transaction<'_>,
    id: Option<i64>,
    b: &Breach,
    notified: bool,
) -> StoreResult<i64> {
    check_closable(b, notified)?;
    store_breach(tx, Target::from(id), b, notified)
}

/// Whether the breach still waits for its notification to an authority.
pub(super) fn awaits_notification(b: &Breach, notified: bool) -> bool {
    b.status != BreachStatus::Closed && b.risk_level != RiskLevel::NoRisk && !notified
}

/// The controller of Art. 30(2) record `record`, whom a breach as processor is told.
fn controller_to_tell(conn: &rusqlite::Connection, record: i64) -> StoreResult<ControllerToTell> {
    conn.query_row(
        "SELECT controller_name, notify_within_hours FROM processor_records WHERE id = ?1",
        [record],
        |r| {
            Ok(ControllerToTell {
                name: r.get(0)?,
                within_hours: r.get(1)?,
            })
        },
    )
    .optional()?
    .ok_or_else(|| {
        StoreError::field(
            "processor_record_id",
            format!("no Art. 30(2) record with id {record}"),
        )
    })
}

/// Writes the breaches told to the controller of `record` again, so their
/// clocks follow a new number of contract hours.
pub(super) fn restamp_breaches_of(tx: &Transaction<'_>, record: i64) -> StoreResult<()> {
    let ids: Vec<i64> = tx
        .prepare("SELECT id FROM breaches WHERE processor_record_id = ?1")?
        .query_map([record], |r| r.get(0))?
        .collect::<Result<_, _>>()?;
    for id in ids {
        let row = read_breach(tx, id).found("breach", id)?;
        let notified = !row.notifications.is_empty();
        store_breach(tx, Target::Existing(id), &row.breach, notified)?;
    }
    Ok(())
}

/// `write_breach` without the closing check: an import checks it once its
/// notifications are in.
pub(super) fn store_breach(
    tx: &Transaction<'_>,
    to: Target,
    b: &Breach,
    notified: bool,
) -> StoreResult<i64> {
    if let Some(pid) = b.processor_id {
        super::register::must_exist::<crate::record::processor::ProcessorKind>(
            tx,
            "processor_id",
            pid,
        )?;
    }
    // As processor, the clock is the controller's: the contract's hours, or
    // at once ("without undue delay"); as controller, the authority's 72 hours.
    let (deadline_at, awaiting) = match b.processor_record_id {
        Some(record) => {
            let controller = controller_to_tell(tx, record)?;
            let told = b.controller_told_at.is_some();
            (
                controller.deadline(b.aware_at).unwrap_or(b.aware_at),
                b.status != BreachStatus::Closed && !told,
            )
        }
        None => (b.deadline(), awaits_notification(b, notified)),
    };
    let extra = [
        ("deadline_at", Value::Text(stamp_seconds(deadline_at))),
        ("is_open", Value::from(b.status != BreachStatus::Closed)),
        ("awaiting_notification", Value::from(awaiting)),
    ];
    match to {
        Target::New(id) => kinds::insert_as::<BreachKind>(tx, id, b, &extra),
        Target::Existing(id) => {
            kinds::overwrite::<BreachKind>(tx, id, b, &extra)?;
            Ok(id)
        }
    }
}

/// The breach with its notifications and affected activities.
pub(super) fn read_breach(conn: &rusqlite::Connection, id: i64) -> StoreResult<Option<BreachRow>> {
    let sql = format!("SELECT {} {FROM} WHERE b.id = ?1", columns());
    match conn
        .prepare_cached(&sql)?
        .query_row([id], row_to_breach)
        .optional()?
    {
        Some(mut row) => {
            row.notifications = load_notifications(conn, id)?;
            row.activities = affected_activities(conn, id)?;
            Ok(Some(row))
        }
        None => Ok(None),
    }
}

fn current(tx: &Transaction<'_>, id: i64, revision: i64) -> StoreResult<BreachRow> {
    let sql = format!("SELECT {} {FROM} WHERE b.id = ?1", columns());
    let mut row =
        super::register::current_row(tx, (&sql, id, revision), "breach", row_to_breach, |r| {
            r.revision
        })?;
    row.notifications = load_notifications(tx, id)?;
    Ok(row)
}

impl Register {
    pub fn count_breaches(&self, filter: &str) -> StoreResult<usize> {
        let sql = format!("SELECT count(*) FROM breaches b {FILTER_WHERE}");
        let n: i64 = self
            .conn
            .prepare_cached(&sql)?
            .query_row([crate::domain::text::search_form(filter)], |r| r.get(0))?;
        Ok(n as usize)
    }

    /// Open breaches by their 72-hour deadline, then closed ones; rows `offset..offset + limit`.
    pub fn breach_page(
        &self,
        filter: &str,
        offset: usize,
        limit: usize,
    ) -> StoreResult<Vec<BreachRow>> {
        let sql = format!(
            "SELECT {} {FROM} {FILTER_WHERE} {ORDER} LIMIT ?2 OFFSET ?3",
            columns()
        );
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let mut rows = stmt
            .query_map(
                params![
                    crate::domain::text::search_form(filter),
                    limit as i64,
                    offset as i64
                ],
                row_to_breach,
            )?
            .collect::<Result<Vec<_>, _>>()?;
        for row in &mut rows {
            row.notifications = load_notifications(&self.conn, row.id)?;
            row.activities = affected_activities(&self.conn, row.id)?;
        }
        Ok(rows)
    }

    pub fn breach_position(&self, filter: &str, id: i64) -> StoreResult<Option<usize>> {
        if self.breach(id)?.is_none() {
            return Ok(None);
        }
        // Row values: b sorts before t (descending columns compare b to t, ascending ones t to b).
        let sql = format!(
            "SELECT count(*) FROM breaches b,
                 (SELECT is_open, awaiting_notification AS awaiting, deadline_at, id FROM breaches WHERE id = ?2) t
             {FILTER_WHERE} AND (b.is_open, b.awaiting_notification, t.deadline_at, t.id)
                 > (t.is_open, t.awaiting, b.deadline_at, b.id)"
        );
        let n: i64 = self
            .conn
            .prepare_cached(&sql)?
            .query_row(params![crate::domain::text::search_form(filter), id], |r| {
                r.get(0)
            })?;
        Ok(Some(n as usize))
    }

    pub fn breach(&self, id: i64) -> StoreResult<Option<BreachRow>> {
        read_breach(&self.conn, id)
    }

    pub fn insert_breach(&mut self, breach: &Breach) -> StoreResult<i64> {
        self.writing(|tx| write_breach(tx, None, breach, false))
    }

    /// Inserts a breach and the activities it affected, together.
    pub fn insert_breach_affecting(
        &mut self,
        breach: &Breach,
        activities: &[i64],
    ) -> StoreResult<i64> {
        self.writing(|tx| {
            let id = write_breach(tx, None, breach, false)?;
            link_activities(tx, id, activities)?;
            Ok(id)
        })
    }

    /// Updates a breach and replaces the activities it affected, together.
    pub fn update_breach_affecting(
        &mut self,
        id: i64,
        revision: i64,
        breach: &Breach,
        activities: &[i64],
    ) -> StoreResult<()> {
        self.writing(|tx| {
            check_and_write(tx, id, revision, breach)?;
            link_activities(tx, id, activities)?;
            Ok(())
        })
    }

    pub fn update_breach(&mut self, id: i64, revision: i64, breach: &Breach) -> StoreResult<()> {
        self.writing(|tx| {
            check_and_write(tx, id, revision, breach)?;
            Ok(())
        })
    }
}

fn check_and_write(
    tx: &Transaction<'_>,
    id: i64,
    revision: i64,
    breach: &Breach,
) -> StoreResult<()> {
    let row = current(tx, id, revision)?;
    if breach.risk_level == RiskLevel::NoRisk && !row.notifications.is_empty() {
        return Err(StoreError::field(
            "risk_level",
            "the breach has been notified; a notified breach cannot be recorded as unlikely to result in a risk",
        ));
    }
    write_breach(tx, Some(id), breach, !row.notifications.is_empty())?;
    Ok(())
}

/// Replaces the activities a breach affected; an unknown activity refuses the save.
pub(super) fn link_activities(
    tx: &Transaction<'_>,
    breach_id: i64,
    activities: &[i64],
) -> StoreResult<()> {
    super::register::exec(
        tx,
        "DELETE FROM breach_activities WHERE breach_id = ?1",
        [breach_id],
    )?;
    for &aid in activities {
        super::register::must_exist::<crate::record::activity::ActivityKind>(
            tx,
            "activities",
            aid,
        )?;
        super::register::exec(
            tx,
            "INSERT OR IGNORE INTO breach_activities (breach_id, activity_id) VALUES (?1, ?2)",
            params![breach_id, aid],
        )?;
    }
    Ok(())
}

fn affected_activities(
    conn: &rusqlite::Connection,
    breach_id: i64,
) -> StoreResult<Vec<(i64, String)>> {
    let mut stmt = conn.prepare_cached(
        "SELECT a.id, a.name FROM breach_activities ba JOIN activities a ON a.id = ba.activity_id
         WHERE ba.breach_id = ?1 ORDER BY a.name COLLATE NOCASE, a.id",
    )?;
    let rows = stmt
        .query_map([breach_id], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<Result<Vec<_>, _>>()?;
    Ok(rows)
}

impl Register {
    pub fn delete_breach(&mut self, id: i64) -> StoreResult<()> {
        self.delete_row("breaches", "breach", id)
    }

    /// Records a notification; the first one makes an open or assessed breach "notified".
    /// A late first notification without reasons is refused here too (Art. 33(1)).
    pub fn add_notification(
        &mut self,
        breach_id: i64,
        revision: i64,
        n: &Notification,
    ) -> StoreResult<()> {
        self.writing(|tx| {
            let row = current(tx, breach_id, revision)?;
            let first = row
                .notifications
                .iter()
                .all(|earlier| earlier.sent_at > n.sent_at);
            if first && n.sent_at > row.breach.deadline() && n.delay_reason.trim().is_empty() {
                return Err(StoreError::field(
                    "delay_reason",
                    "required: the first notification was sent after the 72 hours (Art. 33(1))",
                ));
            }
            if row.breach.as_processor() {
                return Err(StoreError::field(
                    "authority",
                    "this breach is in processing done for a controller: tell the controller (edit the breach: \"Controller told\"); the controller notifies the authority (Art. 33(2))",
                ));
            }
            let zone = super::organisation::read(tx)?.time_zone;
            let all = with_notification(&row.notifications, n);
            if let Some(problem) = notification_order_problem(&all, &zone) {
                return Err(StoreError::field("kind", problem));
            }
            if row.breach.risk_level == RiskLevel::NoRisk {
                return Err(StoreError::field(
                    "authority",
                    "the breach is recorded as unlikely to result in a risk: change its risk level before notifying",
                ));
            }
            super::register::exec(
                tx,
                &kinds::child_append_sql::<BreachNotificationKind>(),
                rusqlite::params_from_iter(kinds::child_values::<BreachNotificationKind>(breach_id, n)),
            )?;
            let mut breach = row.breach;
            if matches!(breach.status, BreachStatus::Open | BreachStatus::Assessed) {
                breach.status = BreachStatus::Notified;
            }
            write_breach(tx, Some(breach_id), &breach, true)?;
            Ok(())
        })
    }

    /// How many breach records name any of these processors as involved.
    pub fn breaches_naming_processors(&self, ids: &[i64]) -> StoreResult<usize> {
        let mut n = 0;
        let mut stmt = self
            .conn
            .prepare_cached("SELECT count(*) FROM breaches WHERE processor_id = ?1")?;
        for id in ids {
            let c: i64 = stmt.query_row([id], |r| r.get(0))?;
            n += c as usize;
        }
        Ok(n)
    }

    pub fn count_breach_notifications(&self) -> StoreResult<usize> {
        let n: i64 = self
            .conn
            .query_row("SELECT count(*) FROM breach_notifications", [], |r| {
                r.get(0)
            })?;
        Ok(n as usize)
    }

    /// Open breaches whose 72 hours have run out with no notification, though the risk level requires one.
    pub fn count_overdue_breaches(&self, now: DateTime<Utc>) -> StoreResult<usize> {
        let n: i64 = self.conn.query_row(
            "SELECT count(*) FROM breaches b WHERE b.awaiting_notification = 1 AND b.deadline_at < ?1",
            [stamp_seconds(now)],
            |r| r.get(0),
        )?;
        Ok(n as usize)
    }

    pub fn for_each_breach<E: From<StoreError>>(
        &self,
        mut each: impl FnMut(&BreachRow) -> Result<(), E>,
    ) -> Result<(), E> {
        let sql = format!("SELECT {} {FROM} ORDER BY b.id", columns());
        self.stream_rows(&sql, row_to_breach, |mut breach| {
            breach.notifications = load_notifications(&self.conn, breach.id)?;
            each(&breach)
        })
    }

    pub fn for_each_notification<E: From<StoreError>>(
        &self,
        mut each: impl FnMut(&NotificationRow) -> Result<(), E>,
    ) -> Result<(), E> {
        let sql = format!(
            "SELECT n.breach_id, {} FROM breach_notifications n ORDER BY n.breach_id, n.sent_at, n.id",
            kinds::select_columns::<BreachNotificationKind>("n")
        );
        let row_to_notification = |row: &Row<'_>| {
            Ok(NotificationRow {
                breach_id: row.get(0)?,
                notification: kinds::read::<BreachNotificationKind>(row, 1)?,
            })
        };
        self.stream_rows(&sql, row_to_notification, |row| each(&row))
    }
}
