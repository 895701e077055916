//! The breach register and its notifications. Instants are stored as RFC 3339
//! UTC text (which sorts), with the zone the awareness time was given in.

use chrono::{DateTime, SecondsFormat, Utc};
use rusqlite::{params, OptionalExtension, Row, Transaction};

use super::error::{StoreError, StoreResult};
use super::register::Register;
use crate::domain::breach::{
    Art34Exception, Breach, BreachStatus, Cause, Notification, NotificationKind, RiskLevel,
};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BreachRow {
    pub id: i64,
    pub revision: i64,
    pub breach: Breach,
    pub processor_name: Option<String>,
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

pub(super) fn ts(instant: DateTime<Utc>) -> String {
    instant.to_rfc3339_opts(SecondsFormat::Secs, true)
}

fn ts_opt(instant: Option<DateTime<Utc>>) -> Option<String> {
    instant.map(ts)
}

fn parse_ts(text: &str) -> rusqlite::Result<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(text)
        .map(|t| t.with_timezone(&Utc))
        .map_err(|e| {
            rusqlite::Error::FromSqlConversionFailure(0, rusqlite::types::Type::Text, Box::new(e))
        })
}

fn parse_ts_opt(text: Option<String>) -> rusqlite::Result<Option<DateTime<Utc>>> {
    text.as_deref().map(parse_ts).transpose()
}

const COLUMNS: &str = "b.id, b.revision, b.title, b.confidentiality, b.integrity, b.availability, b.detected_at,
    b.aware_at, b.aware_zone, b.awareness_rationale, b.occurred, b.ongoing, b.cause, b.discovered_how,
    b.cyber_incident, b.processor_id, b.processor_told_us_at, b.description, b.systems, b.data_categories,
    b.special_categories, b.criminal_data, b.approx_records, b.approx_subjects, b.subject_categories,
    b.likely_consequences, b.risk_level, b.risk_rationale, b.measures_before, b.containment, b.mitigation,
    b.not_notified_reasoning, b.art34_exception, b.art34_justification, b.subjects_told_at,
    b.subjects_told_how, b.subjects_told_count, b.status, b.lessons_learned, p.name";

const FROM: &str = "FROM breaches b LEFT JOIN processors p ON p.id = b.processor_id";
const FILTER_WHERE: &str = "WHERE (?1 = '' OR instr(b.search_text, ?1) > 0)";
const ORDER: &str = "ORDER BY b.is_open DESC, b.awaiting_notification DESC, b.deadline_at, b.id";
use super::register::NOW;

pub(super) fn row_to_breach(row: &Row<'_>) -> rusqlite::Result<BreachRow> {
    let text = |i: usize| -> rusqlite::Result<String> { row.get(i) };
    Ok(BreachRow {
        id: row.get(0)?,
        revision: row.get(1)?,
        breach: Breach {
            title: text(2)?,
            confidentiality: row.get(3)?,
            integrity: row.get(4)?,
            availability: row.get(5)?,
            detected_at: parse_ts_opt(row.get(6)?)?,
            aware_at: parse_ts(&text(7)?)?,
            aware_zone: text(8)?,
            awareness_rationale: text(9)?,
            occurred: text(10)?,
            ongoing: row.get(11)?,
            cause: Cause::parse(&text(12)?).unwrap_or(Cause::Other),
            discovered_how: text(13)?,
            cyber_incident: row.get(14)?,
            processor_id: row.get(15)?,
            processor_told_us_at: parse_ts_opt(row.get(16)?)?,
            description: text(17)?,
            systems: text(18)?,
            data_categories: text(19)?,
            special_categories: row.get(20)?,
            criminal_data: row.get(21)?,
            approx_records: row.get(22)?,
            approx_subjects: row.get(23)?,
            subject_categories: text(24)?,
            likely_consequences: text(25)?,
            risk_level: RiskLevel::parse(&text(26)?).unwrap_or(RiskLevel::Risk),
            risk_rationale: text(27)?,
            measures_before: text(28)?,
            containment: text(29)?,
            mitigation: text(30)?,
            not_notified_reasoning: text(31)?,
            art34_exception: Art34Exception::parse(&text(32)?).unwrap_or(Art34Exception::NotUsed),
            art34_justification: text(33)?,
            subjects_told_at: parse_ts_opt(row.get(34)?)?,
            subjects_told_how: text(35)?,
            subjects_told_count: row.get(36)?,
            status: BreachStatus::parse(&text(37)?).unwrap_or(BreachStatus::Open),
            lessons_learned: text(38)?,
        },
        processor_name: row.get(39)?,
        notifications: Vec::new(),
        activities: Vec::new(),
    })
}

pub(super) fn search_text(b: &Breach) -> String {
    [
        b.title.as_str(),
        &b.description,
        &b.systems,
        &b.data_categories,
        b.cause.label(),
        b.risk_level.code(),
        b.status.label(),
        &b.lessons_learned,
    ]
    .join("\n")
    .to_lowercase()
}

pub(super) fn load_notifications(
    conn: &rusqlite::Connection,
    breach_id: i64,
) -> StoreResult<Vec<Notification>> {
    let mut stmt = conn.prepare_cached(
        "SELECT authority, kind, sent_at, reference, summary, delay_reason FROM breach_notifications
         WHERE breach_id = ?1 ORDER BY sent_at, id",
    )?;
    let rows = stmt
        .query_map([breach_id], row_to_notification)?
        .collect::<Result<Vec<_>, _>>()?;
    Ok(rows)
}

fn row_to_notification(r: &Row<'_>) -> rusqlite::Result<Notification> {
    let kind: String = r.get(1)?;
    let sent: String = r.get(2)?;
    Ok(Notification {
        authority: r.get(0)?,
        kind: NotificationKind::parse(&kind).unwrap_or(NotificationKind::Initial),
        sent_at: parse_ts(&sent)?,
        reference: r.get(3)?,
        summary: r.get(4)?,
        delay_reason: r.get(5)?,
    })
}

/// A breach that had to be notified is closed only once a notification is recorded.
pub(super) fn check_closable(b: &Breach, notified: bool) -> StoreResult<()> {
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
    store_breach(tx, id, b, notified)
}

/// Whether the breach still waits for its notification to an authority.
pub(super) fn awaits_notification(b: &Breach, notified: bool) -> bool {
    b.status != BreachStatus::Closed && b.risk_level != RiskLevel::NoRisk && !notified
}

/// `write_breach` without the closing check: an import checks it once its
/// notifications are in.
pub(super) fn store_breach(
    tx: &Transaction<'_>,
    id: Option<i64>,
    b: &Breach,
    notified: bool,
) -> StoreResult<i64> {
    if let Some(pid) = b.processor_id {
        let exists = tx
            .query_row("SELECT 1 FROM processors WHERE id = ?1", [pid], |_| Ok(()))
            .optional()?;
        if exists.is_none() {
            return Err(StoreError::field(
                "processor_id",
                format!("no processor with id {pid}"),
            ));
        }
    }
    let values = params![
        b.title,
        b.confidentiality,
        b.integrity,
        b.availability,
        ts_opt(b.detected_at),
        ts(b.aware_at),
        b.aware_zone,
        b.awareness_rationale,
        b.occurred,
        b.ongoing,
        b.cause.code(),
        b.discovered_how,
        b.cyber_incident,
        b.processor_id,
        ts_opt(b.processor_told_us_at),
        b.description,
        b.systems,
        b.data_categories,
        b.special_categories,
        b.criminal_data,
        b.approx_records,
        b.approx_subjects,
        b.subject_categories,
        b.likely_consequences,
        b.risk_level.code(),
        b.risk_rationale,
        b.measures_before,
        b.containment,
        b.mitigation,
        b.not_notified_reasoning,
        b.art34_exception.code(),
        b.art34_justification,
        ts_opt(b.subjects_told_at),
        b.subjects_told_how,
        b.subjects_told_count,
        b.status.code(),
        b.lessons_learned,
        ts(b.deadline()),
        b.status != BreachStatus::Closed,
        search_text(b),
        awaits_notification(b, notified),
    ];
    const NAMES: &str = "title, confidentiality, integrity, availability, detected_at, aware_at, aware_zone,
        awareness_rationale, occurred, ongoing, cause, discovered_how, cyber_incident, processor_id,
        processor_told_us_at, description, systems, data_categories, special_categories, criminal_data,
        approx_records, approx_subjects, subject_categories, likely_consequences, risk_level, risk_rationale,
        measures_before, containment, mitigation, not_notified_reasoning, art34_exception, art34_justification,
        subjects_told_at, subjects_told_how, subjects_told_count, status, lessons_learned, deadline_at, is_open,
        search_text, awaiting_notification";
    let placeholders: Vec<String> = (1..=41).map(|i| format!("?{i}")).collect();
    match id {
        None => {
            super::register::exec(tx,
                &format!(
                    "INSERT INTO breaches ({NAMES}, created_at, updated_at) VALUES ({}, {NOW}, {NOW})",
                    placeholders.join(", ")
                ),
                values,
            )?;
            Ok(tx.last_insert_rowid())
        }
        Some(id) => {
            let sets: Vec<String> = NAMES
                .split(',')
                .map(str::trim)
                .zip(&placeholders)
                .map(|(name, p)| format!("{name} = {p}"))
                .collect();
            super::register::exec(tx,
                &format!(
                    "UPDATE breaches SET {}, revision = revision + 1, updated_at = {NOW} WHERE id = {id}",
                    sets.join(", ")
                ),
                values,
            )?;
            Ok(id)
        }
    }
}

/// The breach with its notifications and affected activities.
pub(super) fn read_breach(conn: &rusqlite::Connection, id: i64) -> StoreResult<Option<BreachRow>> {
    let sql = format!("SELECT {COLUMNS} {FROM} WHERE b.id = ?1");
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
    let sql = format!("SELECT {COLUMNS} {FROM} WHERE b.id = ?1");
    let mut row = tx
        .query_row(&sql, [id], row_to_breach)
        .optional()?
        .ok_or(StoreError::NotFound { what: "breach", id })?;
    if row.revision != revision {
        return Err(StoreError::Conflict { what: "breach" });
    }
    row.notifications = load_notifications(tx, id)?;
    Ok(row)
}

impl Register {
    pub fn count_breaches(&self, filter: &str) -> StoreResult<usize> {
        let sql = format!("SELECT count(*) FROM breaches b {FILTER_WHERE}");
        let n: i64 = self
            .conn
            .prepare_cached(&sql)?
            .query_row([filter.trim().to_lowercase()], |r| r.get(0))?;
        Ok(n as usize)
    }

    /// Open breaches by their 72-hour deadline, then closed ones; rows `offset..offset + limit`.
    pub fn breach_page(
        &self,
        filter: &str,
        offset: usize,
        limit: usize,
    ) -> StoreResult<Vec<BreachRow>> {
        let sql = format!("SELECT {COLUMNS} {FROM} {FILTER_WHERE} {ORDER} LIMIT ?2 OFFSET ?3");
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let mut rows = stmt
            .query_map(
                params![filter.trim().to_lowercase(), limit as i64, offset as i64],
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
            .query_row(params![filter.trim().to_lowercase(), id], |r| r.get(0))?;
        Ok(Some(n as usize))
    }

    pub fn breach(&self, id: i64) -> StoreResult<Option<BreachRow>> {
        read_breach(&self.conn, id)
    }

    pub fn insert_breach(&mut self, breach: &Breach) -> StoreResult<i64> {
        let tx = self.write_tx()?;
        let id = write_breach(&tx, None, breach, false)?;
        tx.commit()?;
        Ok(id)
    }

    /// Inserts a breach and the activities it affected, together.
    pub fn insert_breach_affecting(
        &mut self,
        breach: &Breach,
        activities: &[i64],
    ) -> StoreResult<i64> {
        let tx = self.write_tx()?;
        let id = write_breach(&tx, None, breach, false)?;
        link_activities(&tx, id, activities)?;
        tx.commit()?;
        Ok(id)
    }

    /// Updates a breach and replaces the activities it affected, together.
    pub fn update_breach_affecting(
        &mut self,
        id: i64,
        revision: i64,
        breach: &Breach,
        activities: &[i64],
    ) -> StoreResult<()> {
        let tx = self.write_tx()?;
        check_and_write(&tx, id, revision, breach)?;
        link_activities(&tx, id, activities)?;
        Ok(tx.commit()?)
    }

    pub fn update_breach(&mut self, id: i64, revision: i64, breach: &Breach) -> StoreResult<()> {
        let tx = self.write_tx()?;
        check_and_write(&tx, id, revision, breach)?;
        Ok(tx.commit()?)
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
    for aid in activities {
        let exists = tx
            .query_row("SELECT 1 FROM activities WHERE id = ?1", [aid], |_| Ok(()))
            .optional()?;
        if exists.is_none() {
            return Err(StoreError::field(
                "activities",
                format!("no activity with id {aid}"),
            ));
        }
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
        let tx = self.write_tx()?;
        let row = current(&tx, breach_id, revision)?;
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
        if row.breach.risk_level == RiskLevel::NoRisk {
            return Err(StoreError::field(
                "authority",
                "the breach is recorded as unlikely to result in a risk: change its risk level before notifying",
            ));
        }
        super::register::exec(&tx,
            "INSERT INTO breach_notifications (breach_id, authority, kind, sent_at, reference, summary, delay_reason)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            params![breach_id, n.authority, n.kind.code(), ts(n.sent_at), n.reference, n.summary, n.delay_reason],
        )?;
        let mut breach = row.breach;
        if matches!(breach.status, BreachStatus::Open | BreachStatus::Assessed) {
            breach.status = BreachStatus::Notified;
        }
        write_breach(&tx, Some(breach_id), &breach, true)?;
        Ok(tx.commit()?)
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
            "SELECT count(*) FROM breaches b WHERE b.is_open = 1 AND b.risk_level <> 'none' AND b.deadline_at < ?1
             AND NOT EXISTS (SELECT 1 FROM breach_notifications n WHERE n.breach_id = b.id)",
            [ts(now)],
            |r| r.get(0),
        )?;
        Ok(n as usize)
    }

    pub fn for_each_breach<E: From<StoreError>>(
        &self,
        mut each: impl FnMut(&BreachRow) -> Result<(), E>,
    ) -> Result<(), E> {
        let sql = format!("SELECT {COLUMNS} {FROM} ORDER BY b.id");
        let mut stmt = self.conn.prepare(&sql).map_err(StoreError::from)?;
        let mut rows = stmt.query([]).map_err(StoreError::from)?;
        while let Some(row) = rows.next().map_err(StoreError::from)? {
            let mut breach = row_to_breach(row).map_err(StoreError::from)?;
            breach.notifications = load_notifications(&self.conn, breach.id)?;
            each(&breach)?;
        }
        Ok(())
    }

    pub fn for_each_notification<E: From<StoreError>>(
        &self,
        mut each: impl FnMut(&NotificationRow) -> Result<(), E>,
    ) -> Result<(), E> {
        let mut stmt = self
            .conn
            .prepare(
                "SELECT authority, kind, sent_at, reference, summary, delay_reason, breach_id
                 FROM breach_notifications ORDER BY breach_id, sent_at, id",
            )
            .map_err(StoreError::from)?;
        let mut rows = stmt.query([]).map_err(StoreError::from)?;
        while let Some(row) = rows.next().map_err(StoreError::from)? {
            let notification = row_to_notification(row).map_err(StoreError::from)?;
            let breach_id: i64 = row.get(6).map_err(StoreError::from)?;
            each(&NotificationRow {
                breach_id,
                notification,
            })?;
        }
        Ok(())
    }
}
