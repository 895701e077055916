//! Data-subject requests, their pauses and their event log. Every write
//! recomputes the request's deadlines with the domain engine in the same
//! transaction, so the stored dates and the rule that produced them never lag.

use chrono::{Datelike, NaiveDate};
use rusqlite::types::Value;
use rusqlite::{params, params_from_iter, OptionalExtension, Row, Transaction};

use super::error::{StoreError, StoreResult};
use super::iso_date;
use super::keyset;
use super::kinds::{self, Target};
use super::register::Register;
use super::request_order::{Key, RequestOrder};
use super::request_search::{Search, FEW_MATCHES, LISTED_WHERE, MATCHED_IDS};
use crate::domain::deadline::{compute_dates, Deadlines};
use crate::domain::request::{
    DeadlineSettings, PauseKind, Request, RequestBasics, RequestPause, RequestStatus, Step,
};
use crate::record::request::{RequestKind, RequestPauseKind};
use crate::record::settings::SettingsKind;

/// A request as listed: the record, its stored deadlines and revision.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RequestRow {
    pub id: i64,
    pub revision: i64,
    pub request: Request,
    pub rule: String,
    /// Name and version of the rule set that computed the dates.
    pub rule_set: String,
    pub deadline: NaiveDate,
    pub extension_notice_by: NaiveDate,
    pub extended_deadline: NaiveDate,
    pub due_on: NaiveDate,
    /// The day its open pause began, as stored ('' while its clock runs or
    /// once closed): part of the list's order by due date.
    pub paused_since: String,
    /// The day the organisation promised to answer by, where it makes a
    /// promise (`DeadlineSettings::promised_days`).
    pub promised_on: Option<NaiveDate>,
}

impl RequestRow {
    /// The dates of a request whose clock is paused, as they stand on
    /// `today` (the open pause counts through it); `None` when no pause is
    /// open, as the stored dates are then those dates.
    pub fn paused_dates(&self, settings: &DeadlineSettings, today: NaiveDate) -> Option<Deadlines> {
        let waiting = self.request.pauses.iter().any(|p| p.answered_on.is_none());
        waiting
            .then(|| self.request.deadlines(settings, today).ok())
            .flatten()
    }

    /// The row with its dates as they stand on `today`, as on screen and in
    /// `dpo check`: a date written to a data subject or an auditor is the
    /// date the workbench shows.
    pub fn as_on(mut self, settings: &DeadlineSettings, today: NaiveDate) -> Self {
        if let Some(d) = self.paused_dates(settings, today) {
            self.deadline = d.one_month_deadline;
            self.extension_notice_by = d.extension_notice_by;
            self.extended_deadline = d.extended_deadline;
            self.due_on = self.request.due(&d);
            self.promised_on = d.promised;
        }
        self
    }

    /// Days after its deadline a closed request was answered or refused (a
    /// refusal's limit is the one-month date, Art. 12(4)); `None` when in time or open.
    pub fn days_late(&self) -> Option<i64> {
        let closed = self.request.closed_on?;
        let limit = match self.request.status {
            RequestStatus::Answered => self.due_on,
            RequestStatus::Refused => self.deadline,
            _ => return None,
        };
        let late = (closed - limit).num_days();
        (late > 0).then_some(late)
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RequestEvent {
    pub request_id: i64,
    pub at: String,
    pub kind: String,
    pub detail: String,
}

/// A pause with the request it belongs to (for exports).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PauseRow {
    pub request_id: i64,
    pub reference: String,
    pub pause: RequestPause,
}

/// The columns a request is read from (`FROM requests r`): id, revision,
/// the kind's stored columns, then the dates the store derives.
pub(super) fn request_columns() -> &'static str {
    static COLUMNS: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    COLUMNS.get_or_init(|| {
        format!(
            "r.id, r.revision, {}, r.rule, r.deadline, r.extension_notice_by, \
             r.extended_deadline, r.due_on, r.rule_set, r.paused_since, r.promised_on",
            kinds::select_columns::<RequestKind>("r")
        )
    })
}

/// Where the derived columns start in `columns`.
fn derived_at() -> usize {
    2 + crate::record::stored::<RequestKind>().count()
}

const FILTER_WHERE: &str = "WHERE (?1 = '' OR instr(r.search_text, ?1) > 0)";

/// How far a list's page load counts a filter's matches before it says "more".
pub const QUICK_COUNT: usize = 5_000;
use super::register::NOW;

pub(super) fn row_to_request(row: &Row<'_>) -> rusqlite::Result<RequestRow> {
    let at = derived_at();
    Ok(RequestRow {
        id: row.get(0)?,
        revision: row.get(1)?,
        request: kinds::read::<RequestKind>(row, 2)?,
        rule: row.get(at)?,
        deadline: iso_date::at(row, at + 1)?,
        extension_notice_by: iso_date::at(row, at + 2)?,
        extended_deadline: iso_date::at(row, at + 3)?,
        due_on: iso_date::at(row, at + 4)?,
        rule_set: row.get(at + 5)?,
        paused_since: row.get(at + 6)?,
        promised_on: iso_date::maybe_at(row, at + 7)?,
    })
}

pub(super) fn load_pauses(
    conn: &rusqlite::Connection,
    request_id: i64,
) -> StoreResult<Vec<RequestPause>> {
    kinds::children_by::<RequestPauseKind>(conn, request_id, PAUSE_ORDER)
}

/// A pause from `kind, requested_on, answered_on` starting at column `first`.
fn pause_from(r: &Row<'_>, first: usize) -> rusqlite::Result<RequestPause> {
    let kind: String = r.get(first)?;
    Ok(RequestPause {
        kind: PauseKind::parse(&kind).unwrap_or(PauseKind::Clarification),
        requested_on: iso_date::at(r, first + 1)?,
        answered_on: iso_date::maybe_at(r, first + 2)?,
    })
}

pub(super) fn read_settings(conn: &rusqlite::Connection) -> StoreResult<DeadlineSettings> {
    let sql = format!(
        "SELECT o.jurisdiction, {} FROM organisation o WHERE o.id = 1",
        super::kinds::select_columns::<SettingsKind>("o")
    );
    let mut settings = conn.query_row(&sql, [], |r| {
        let mut settings = super::kinds::read::<SettingsKind>(r, 1)?;
        settings.jurisdiction = crate::record::FieldValue::from_sql(r, 0)?;
        Ok(settings)
    })?;
    let mut stmt = conn.prepare_cached("SELECT day FROM closure_days ORDER BY day")?;
    settings.closure_days = stmt
        .query_map([], |r| r.get(0))?
        .collect::<Result<Vec<NaiveDate>, _>>()?;
    Ok(settings)
}

/// Writes the request's columns, derived deadlines and pauses (`id` None: a new row).
pub(super) fn write_request(
    tx: &Transaction<'_>,
    id: Option<i64>,
    r: &Request,
    settings: &DeadlineSettings,
) -> StoreResult<i64> {
    write_request_to(tx, Target::from(id), r, settings)
}

fn write_request_to(
    tx: &Transaction<'_>,
    to: Target,
    r: &Request,
    settings: &DeadlineSettings,
) -> StoreResult<i64> {
    let deadlines = compute_dates(&r.deadline_question(settings, r.closed_on))
        .map_err(|e| StoreError::field("received_on", e.to_string()))?;
    let due_on = r.due(&deadlines);
    // Dates as ISO text through `iso_date` (chrono's formatter, which
    // rusqlite uses for a NaiveDate, was a twentieth of an import's time).
    let day = iso_date::format;
    // The day an open request's clock stopped ('' while it runs): the list's
    // order by due date puts it after the running ones (schema 11).
    let paused_since = match r.open_pause() {
        Some(p) if !r.status.is_closed() => day(p.requested_on),
        _ => String::new(),
    };
    let extra = [
        ("rule", Value::Text(deadlines.rule.clone())),
        ("rule_set", Value::Text(deadlines.rule_set.to_string())),
        ("deadline", Value::Text(day(deadlines.one_month_deadline))),
        (
            "extension_notice_by",
            Value::Text(day(deadlines.extension_notice_by)),
        ),
        (
            "extended_deadline",
            Value::Text(day(deadlines.extended_deadline)),
        ),
        ("due_on", Value::Text(day(due_on))),
        ("is_open", Value::from(!r.status.is_closed())),
        ("paused_since", Value::Text(paused_since)),
        (
            "promised_on",
            deadlines
                .promised
                .map_or(Value::Null, |d| Value::Text(day(d))),
        ),
    ];
    let id = match to {
        Target::New(id) => kinds::insert_as::<RequestKind>(tx, id, r, &extra)?,
        Target::Existing(id) => {
            kinds::overwrite::<RequestKind>(tx, id, r, &extra)?;
            id
        }
    };
    write_pauses(tx, id, &r.pauses)?;
    Ok(id)
}

/// Makes request `id`'s pauses read `pauses`, in their order: only the rows
/// that change are written (a pause answered is journaled as one update).
pub(super) fn write_pauses(
    tx: &rusqlite::Connection,
    id: i64,
    pauses: &[RequestPause],
) -> StoreResult<()> {
    kinds::sync_children::<RequestPauseKind>(tx, id, PAUSE_ORDER, pauses)
}

/// The order of a request's pauses: as `load_pauses` reads them.
const PAUSE_ORDER: &str = "c.requested_on, c.id";

fn log_event(tx: &Transaction<'_>, request_id: i64, kind: &str, detail: &str) -> StoreResult<()> {
    super::register::exec(
        tx,
        &format!(
            "INSERT INTO request_events (request_id, at, kind, detail) VALUES (?1, {NOW}, ?2, ?3)"
        ),
        params![request_id, kind, detail],
    )?;
    Ok(())
}

/// Refuses a write based on an outdated revision; returns the current row.
fn current(tx: &Transaction<'_>, id: i64, revision: i64) -> StoreResult<RequestRow> {
    let columns = request_columns();
    let sql = format!("SELECT {columns} FROM requests r WHERE r.id = ?1");
    let mut row =
        super::register::current_row(tx, (&sql, id, revision), "request", row_to_request, |r| {
            r.revision
        })?;
    row.request.pauses = load_pauses(tx, id)?;
    Ok(row)
}

/// The next free reference of the year: DSR-2026-0001, DSR-2026-0002, …
pub(super) fn next_reference(tx: &Transaction<'_>, received_on: NaiveDate) -> StoreResult<String> {
    let prefix = format!("DSR-{}-", received_on.year());
    let taken: i64 = tx.query_row(
        "SELECT count(*) FROM requests WHERE substr(reference, 1, length(?1)) = ?1",
        [&prefix],
        |r| r.get(0),
    )?;
    let mut n = taken + 1;
    loop {
        let candidate = format!("{prefix}{n:04}");
        let exists = tx
            .query_row(
                "SELECT 1 FROM requests WHERE reference = ?1",
                [&candidate],
                |_| Ok(()),
            )
            .optional()?;
        if exists.is_none() {
            return Ok(candidate);
        }
        n += 1;
    }
}

pub(super) fn check_reference_free(
    tx: &Transaction<'_>,
    reference: &str,
    id: Option<i64>,
) -> StoreResult<()> {
    let other: Option<i64> = tx
        .prepare_cached("SELECT id FROM requests WHERE reference = ?1")?
        .query_row([reference], |r| r.get(0))
        .optional()?;
    match other {
        Some(other) if Some(other) != id => Err(StoreError::field(
            "reference",
            format!("{reference} is already used by another request"),
        )),
        _ => Ok(()),
    }
}

/// Writes a new request, under `id` if given; a reference another request
/// has is refused as `check_reference_free` refuses it, by the register's
/// unique index rather than a look-up first (an import writes many).
pub(super) fn insert_new_request(
    tx: &Transaction<'_>,
    id: Option<i64>,
    r: &Request,
    settings: &DeadlineSettings,
) -> StoreResult<i64> {
    write_request_to(tx, Target::New(id), r, settings).map_err(|e| match e {
        StoreError::Sqlite(rusqlite::Error::SqliteFailure(failure, Some(message)))
            if failure.extended_code == rusqlite::ffi::SQLITE_CONSTRAINT_UNIQUE
                && message.ends_with("requests.reference") =>
        {
            StoreError::field(
                "reference",
                format!("{} is already used by another request", r.reference),
            )
        }
        e => e,
    })
}

impl Register {
    pub fn deadline_settings(&self) -> StoreResult<DeadlineSettings> {
        read_settings(&self.conn)
    }

    /// Saves the register's deadline settings and recomputes every request's dates.
    pub fn save_deadline_settings(&mut self, settings: &DeadlineSettings) -> StoreResult<()> {
        self.writing(|tx| {
            write_settings(tx, settings)?;
            recompute_all(tx)?;
            Ok(())
        })
    }

    /// How many requests the filter matches (all of them when it is empty).
    pub fn count_requests(&self, filter: &str) -> StoreResult<usize> {
        Ok(self.count_requests_at_most(filter, usize::MAX)?.0)
    }

    /// How many requests the filter matches: `(count, true)`, or `(cap,
    /// false)` when a filter matches more than `cap` and they were not counted
    /// yet. A filter of a few common letters matches most of a large register,
    /// and counting them all takes longer than a keystroke may; so does
    /// counting a million requests without a filter from a file not yet in
    /// the page cache (the whole index read from disk before the first frame).
    /// An exact count is always given when known (counted before). A list
    /// asks at every page it loads, so counts are remembered until this or
    /// another connection writes.
    pub fn count_requests_at_most(&self, filter: &str, cap: usize) -> StoreResult<(usize, bool)> {
        let filter = crate::domain::text::search_form(filter);
        if let Some(known) = self.known_count(&filter, cap)? {
            return Ok(known);
        }
        let search = self.search_of(&filter)?;
        self.count_by(&filter, cap, &search)
    }

    /// The count of `filter` (in its search form) remembered since the last
    /// write, as far as `cap` asks for it.
    fn known_count(&self, filter: &str, cap: usize) -> StoreResult<Option<(usize, bool)>> {
        let stamp = self.write_stamp()?;
        Ok(match &*self.request_count.borrow() {
            Some((at, counted, n, exact)) if *at == stamp && counted == filter => {
                if *exact {
                    Some((*n, true))
                } else if *n >= cap {
                    Some((cap, false))
                } else {
                    None
                }
            }
            _ => None,
        })
    }

    /// Counts `filter` (in its search form) the way `search` answers it, as
    /// far as `cap`, and remembers the count.
    fn count_by(&self, filter: &str, cap: usize, search: &Search) -> StoreResult<(usize, bool)> {
        let listed = match search {
            Search::Listed(phrase) => Some(self.list_matches(filter, phrase)?),
            _ => None,
        };
        let stamp = self.write_stamp()?;
        let filter = filter.to_string();
        // One more than the cap tells "more" from "exactly the cap".
        let limit = if cap == usize::MAX {
            -1
        } else {
            cap as i64 + 1
        };
        let n: i64 = match search {
            Search::Nothing => 0,
            // No WHERE: SQLite counts the entries of the smallest index, page
            // by page, as far as the cap.
            Search::All => self
                .conn
                .prepare_cached("SELECT count(*) FROM (SELECT 1 FROM requests LIMIT ?1)")?
                .query_row([limit], |r| r.get(0))?,
            Search::Listed(_) => listed.unwrap_or(0) as i64,
            Search::Indexed(phrase) => self
                .conn
                .prepare_cached(
                    "SELECT count(*) FROM (SELECT 1 FROM requests_search
                         WHERE requests_search MATCH ?1 LIMIT ?2)",
                )?
                .query_row(params![phrase, limit], |r| r.get(0))?,
            Search::Scan => self
                .conn
                .prepare_cached(&format!(
                    "SELECT count(*) FROM (SELECT 1 FROM requests r {FILTER_WHERE} LIMIT ?2)"
                ))?
                .query_row(params![&filter, limit], |r| r.get(0))?,
        };
        let n = n as usize;
        if n <= cap {
            *self.request_count.borrow_mut() = Some((stamp, filter, n, true));
            return Ok((n, true));
        }
        *self.request_count.borrow_mut() = Some((stamp, filter, cap, false));
        Ok((cap, false))
    }

    /// Counts every request `filter` matches, with the journal's head (its
    /// last hash) at that moment (one read transaction): another connection of
    /// the same file can then take the count as its own (`remember_request_count`).
    pub fn count_requests_stamped(&self, filter: &str) -> StoreResult<(usize, String)> {
        self.catch_up()?;
        let tx = self.conn.unchecked_transaction()?;
        let total = self.count_requests(filter)?;
        let head = self.journal_head()?;
        tx.commit()?;
        Ok((total, head))
    }

    /// Takes an exact count made by another connection (the workbench counts
    /// on its own thread) when the journal shows no change since it was
    /// made: every write of a request is journaled. Says whether it was taken.
    pub fn remember_request_count(
        &self,
        filter: &str,
        total: usize,
        head: &str,
    ) -> StoreResult<bool> {
        // The stamp before the journal: a write between the two then makes
        // the journal differ (declined) or the stamp stale (counted again).
        let stamp = self.write_stamp()?;
        if self.journal_head()? != head {
            return Ok(false);
        }
        let filter = crate::domain::text::search_form(filter);
        *self.request_count.borrow_mut() = Some((stamp, filter, total, true));
        Ok(true)
    }

    /// Rows `offset..offset + limit` of the filtered list in `order`.
    pub fn request_page(
        &self,
        filter: &str,
        order: RequestOrder,
        offset: usize,
        limit: usize,
    ) -> StoreResult<Vec<RequestRow>> {
        let filter = crate::domain::text::search_form(filter);
        // One answer to how the filter is searched, for the count and the page.
        let search = self.listed(self.search_of(&filter)?, &filter)?;
        let (total, exact) = match self.known_count(&filter, QUICK_COUNT)? {
            Some(known) => known,
            None => self.count_by(&filter, QUICK_COUNT, &search)?,
        };
        let mut rows = match search {
            Search::Nothing => Vec::new(),
            // Few matches, listed or named by the index: sorting them is quick.
            Search::Listed(phrase) if total <= FEW_MATCHES => {
                self.few_sorted(&phrase, order, (offset, limit))?
            }
            Search::Indexed(phrase) if exact && total <= FEW_MATCHES => {
                self.few_sorted(&phrase, order, (offset, limit))?
            }
            // Everything, or many matches: walk the order's own index (the
            // matches are dense, so a page is found after few rows), from
            // whichever end is nearer: End at a million rows reads one page.
            _ => {
                let filter_where = match search {
                    Search::All => "WHERE ?1 = ''",
                    // The id is the order index's own: checked before the
                    // row is read.
                    Search::Listed(_) => &format!("WHERE ({LISTED_WHERE})"),
                    _ => FILTER_WHERE,
                };
                let stamp = self.write_stamp()?;
                let near = self
                    .request_window
                    .borrow()
                    .as_ref()
                    .filter(|w| w.stamp == stamp && w.filter == filter && w.order == order)
                    .and_then(|w| keyset::plan(&w.loaded, offset, limit));
                let rows = match near {
                    Some(seek) => self.seek_requests(filter_where, &filter, order, seek, limit)?,
                    None => self.walk_requests(
                        filter_where,
                        &filter,
                        order,
                        (offset, limit),
                        total,
                        exact,
                    )?,
                };
                *self.request_window.borrow_mut() = Some(super::register::RememberedWindow {
                    stamp,
                    filter: filter.clone(),
                    order,
                    loaded: keyset::Loaded {
                        first: offset,
                        keys: rows.iter().map(|row| order.key_of(row)).collect(),
                    },
                });
                rows
            }
        };
        for row in &mut rows {
            row.request.pauses = load_pauses(&self.conn, row.id)?;
        }
        Ok(rows)
    }

    /// Rows `offset..offset + limit` of the few requests the FTS5 query
    /// `phrase` names, sorted in `order`.
    fn few_sorted(
        &self,
        phrase: &str,
        order: RequestOrder,
        (offset, limit): (usize, usize),
    ) -> StoreResult<Vec<RequestRow>> {
        let columns = request_columns();
        let sql = format!(
            "SELECT {columns} FROM requests r WHERE ?1 IS NOT NULL AND r.id IN {MATCHED_IDS}
             {} LIMIT ?2 OFFSET ?3",
            order.order_by(false)
        );
        Ok(self
            .conn
            .prepare_cached(&sql)?
            .query_map(params![phrase, limit as i64, offset as i64], row_to_request)?
            .collect::<Result<Vec<_>, _>>()?)
    }

    /// Rows `offset..offset + limit` by `OFFSET` from whichever end is nearer
    /// (End at a million rows reads one page).
    fn walk_requests(
        &self,
        filter_where: &str,
        filter: &str,
        order: RequestOrder,
        (offset, limit): (usize, usize),
        total: usize,
        exact: bool,
    ) -> StoreResult<Vec<RequestRow>> {
        let backwards = exact && offset > total / 2;
        let (skip, take) = if backwards {
            let take = limit.min(total.saturating_sub(offset));
            (total.saturating_sub(offset + take), take)
        } else {
            (offset, limit)
        };
        let columns = request_columns();
        let sql = format!(
            "SELECT {columns} FROM requests r {filter_where} {} LIMIT ?2 OFFSET ?3",
            order.order_by(backwards)
        );
        let mut rows = self
            .conn
            .prepare_cached(&sql)?
            .query_map(params![filter, take as i64, skip as i64], row_to_request)?
            .collect::<Result<Vec<_>, _>>()?;
        if backwards {
            rows.reverse();
        }
        Ok(rows)
    }

    /// `take` rows from a loaded row's key (see `keyset`): a range on the
    /// order's index; in the order by due date, within the key's own
    /// open/closed half, then, if the list goes on into the other half, from
    /// that half's edge.
    fn seek_requests(
        &self,
        filter_where: &str,
        filter: &str,
        order: RequestOrder,
        seek: keyset::Seek<Key>,
        take: usize,
    ) -> StoreResult<Vec<RequestRow>> {
        let (key, skip, backwards) = match seek {
            keyset::Seek::After { key, skip } => (key, skip, false),
            keyset::Seek::Before { key, skip } => (key, skip, true),
        };
        let order_by = order.order_by(backwards);
        // ?1 filter, ?2 limit, ?3 offset, then the half (when split) and the key.
        let split = order.splits_open();
        let mut bound: Vec<Value> = vec![
            Value::Text(filter.to_string()),
            Value::Integer(take as i64),
            Value::Integer(skip as i64),
        ];
        let half = if split {
            bound.push(Value::Integer(key.open.into()));
            format!(
                "{filter_where} AND r.is_open = ?4 AND {}",
                order.past_key(backwards, 5)
            )
        } else {
            format!("{filter_where} AND {}", order.past_key(backwards, 4))
        };
        bound.extend(key.values.iter().cloned());
        let columns = request_columns();
        let sql = format!("SELECT {columns} FROM requests r {half} {order_by} LIMIT ?2 OFFSET ?3");
        let mut rows = self
            .conn
            .prepare_cached(&sql)?
            .query_map(params_from_iter(bound.iter()), row_to_request)?
            .collect::<Result<Vec<_>, _>>()?;
        // The walk goes on from the key's half into the other only when the
        // key's half is the one it meets first.
        let other_half = split && key.open == order.open_first(backwards);
        if rows.len() < take && other_half {
            let skipped = if rows.is_empty() {
                // How many of the skip this half held: count them, up to the skip.
                let mut counting = bound.clone();
                counting[1] = Value::Integer(skip as i64);
                counting[2] = Value::Integer(0);
                self.conn
                    .prepare_cached(&format!(
                        // ?3 is not used here; the numbering is the page query's.
                        "SELECT count(*) FROM (SELECT 1 FROM requests r {half} LIMIT ?2)"
                    ))?
                    .query_row(params_from_iter(counting.iter()), |r| r.get::<_, i64>(0))?
                    as usize
            } else {
                skip
            };
            let columns = request_columns();
            let sql = format!(
                "SELECT {columns} FROM requests r {filter_where} AND r.is_open = ?4
                 {order_by} LIMIT ?2 OFFSET ?3"
            );
            let more = self
                .conn
                .prepare_cached(&sql)?
                .query_map(
                    params![
                        filter,
                        (take - rows.len()) as i64,
                        skip.saturating_sub(skipped) as i64,
                        !key.open
                    ],
                    row_to_request,
                )?
                .collect::<Result<Vec<_>, _>>()?;
            rows.extend(more);
        }
        if backwards {
            rows.reverse();
        }
        Ok(rows)
    }

    /// Where request `id` stands in the filtered list in `order`.
    pub fn request_position(
        &self,
        filter: &str,
        order: RequestOrder,
        id: i64,
    ) -> StoreResult<Option<usize>> {
        let filter = crate::domain::text::search_form(filter);
        // Without a filter the count runs on the order's index alone.
        let (filter_where, value) = match self.listed(self.search_of(&filter)?, &filter)? {
            Search::All => ("WHERE ?1 = '' AND", filter),
            Search::Listed(_) => (&*format!("WHERE {LISTED_WHERE} AND"), filter),
            Search::Indexed(phrase) => (&*format!("WHERE r.id IN {MATCHED_IDS} AND"), phrase),
            Search::Scan => ("WHERE instr(r.search_text, ?1) > 0 AND", filter),
            Search::Nothing => ("WHERE ?1 IS NULL AND", filter),
        };
        let sql = format!(
            "SELECT count(*) FROM requests r, (SELECT {} FROM requests WHERE id = ?2) t
             {filter_where} {}",
            order.key_columns(),
            order.before_row()
        );
        if self.request(id)?.is_none() {
            return Ok(None);
        }
        let n: i64 = self
            .conn
            .prepare_cached(&sql)?
            .query_row(params![value, id], |r| r.get(0))?;
        Ok(Some(n as usize))
    }

    /// The id of the request with `reference` (DSR-2026-0042), if any.
    pub fn request_id_by_reference(&self, reference: &str) -> StoreResult<Option<i64>> {
        Ok(self
            .conn
            .prepare_cached("SELECT id FROM requests WHERE reference = ?1")?
            .query_row([reference], |r| r.get(0))
            .optional()?)
    }

    pub fn request(&self, id: i64) -> StoreResult<Option<RequestRow>> {
        let columns = request_columns();
        let sql = format!("SELECT {columns} FROM requests r WHERE r.id = ?1");
        let row = self
            .conn
            .prepare_cached(&sql)?
            .query_row([id], row_to_request)
            .optional()?;
        match row {
            Some(mut row) => {
                row.request.pauses = load_pauses(&self.conn, id)?;
                Ok(Some(row))
            }
            None => Ok(None),
        }
    }

    /// Open requests whose deadline passed before `today`; a request waiting on an
    /// open pause is not overdue (its deadline moves while it waits).
    pub fn count_overdue_requests(&self, today: NaiveDate) -> StoreResult<usize> {
        let n: i64 = self.conn.query_row(
            "SELECT count(*) FROM requests r WHERE r.is_open = 1 AND r.due_on < ?1
             AND NOT EXISTS (SELECT 1 FROM request_pauses p WHERE p.request_id = r.id AND p.answered_on IS NULL)",
            [today],
            |r| r.get(0),
        )?;
        Ok(n as usize)
    }

    pub fn count_request_pauses(&self) -> StoreResult<usize> {
        let n: i64 = self
            .conn
            .query_row("SELECT count(*) FROM request_pauses", [], |r| r.get(0))?;
        Ok(n as usize)
    }

    pub fn count_request_events(&self) -> StoreResult<usize> {
        let n: i64 = self
            .conn
            .query_row("SELECT count(*) FROM request_events", [], |r| r.get(0))?;
        Ok(n as usize)
    }

    pub fn request_events(&self, id: i64) -> StoreResult<Vec<RequestEvent>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT request_id, at, kind, detail FROM request_events WHERE request_id = ?1 ORDER BY id",
        )?;
        let events = stmt
            .query_map([id], |r| {
                Ok(RequestEvent {
                    request_id: r.get(0)?,
                    at: r.get(1)?,
                    kind: r.get(2)?,
                    detail: r.get(3)?,
                })
            })?
            .collect::<Result<Vec<_>, _>>()?;
        Ok(events)
    }

    /// Logs a new request; an empty reference gets the next DSR-YYYY-NNNN.
    pub fn insert_request(&mut self, basics: RequestBasics) -> StoreResult<i64> {
        self.writing(|tx| {
            let mut request = basics.into_new_request();
            if request.reference.is_empty() {
                request.reference = next_reference(tx, request.received_on)?;
            }
            check_reference_free(tx, &request.reference, None)?;
            let settings = read_settings(tx)?;
            let id = write_request(tx, None, &request, &settings)?;
            let detail = format!(
                "logged: {} received {} by {}",
                request.right.label(),
                request.received_on,
                request.channel.label().to_lowercase()
            );
            log_event(tx, id, "created", &detail)?;
            Ok(id)
        })
    }

    /// Writes many requests in one transaction (synthetic registers for
    /// benchmarks and trials); each is checked and dated as `insert_request`
    /// does, and its history starts with one entry.
    pub fn insert_requests_bulk(&mut self, requests: &[Request]) -> StoreResult<usize> {
        self.writing(|tx| {
            let settings = read_settings(tx)?;
            super::search::suspend(tx)?;
            for r in requests {
                let id = write_request(tx, None, r, &settings)?;
                super::register::exec(tx, super::search::NEW_ROWS, [id])?;
                log_event(tx, id, "created", "logged (synthetic)")?;
            }
            super::search::resume(tx, false)?;
            Ok(requests.len())
        })
    }

    /// Saves edited basics (reference, subject, right, receipt, channel, notes).
    pub fn update_request(
        &mut self,
        id: i64,
        revision: i64,
        basics: RequestBasics,
    ) -> StoreResult<()> {
        self.writing(|tx| {
            let row = current(tx, id, revision)?;
            let request = basics.apply_to(&row.request);
            if request
                .pauses
                .iter()
                .any(|p| p.requested_on < request.received_on)
            {
                return Err(StoreError::field(
                    "received_on",
                    "a pause of this request starts before that date",
                ));
            }
            check_reference_free(tx, &request.reference, Some(id))?;
            let settings = read_settings(tx)?;
            write_request(tx, Some(id), &request, &settings)?;
            log_event(tx, id, "edited", &describe_edit(&row.request, &request))?;
            Ok(())
        })
    }

    /// Takes one workflow step; the domain says whether it may be taken. Returns
    /// the history entry written, which says when a request was closed late.
    pub fn apply_request_step(
        &mut self,
        id: i64,
        revision: i64,
        step: &Step,
        today: NaiveDate,
    ) -> StoreResult<String> {
        self.writing(|tx| {
            let row = current(tx, id, revision)?;
            let settings = read_settings(tx)?;
            let next = row
                .request
                .apply(step, &settings, today)
                .map_err(|m| StoreError::field("step", m))?;
            write_request(tx, Some(id), &next, &settings)?;
            let mut detail = step.describe();
            if let Ok(deadlines) = next.deadlines(&settings, today) {
                if let Some(late) = next.days_late(&deadlines) {
                    detail.push_str(&format!(
                        " ({} after the deadline)",
                        crate::platform::words::counted(
                            usize::try_from(late).unwrap_or(usize::MAX),
                            "day"
                        )
                    ));
                }
            }
            log_event(tx, id, step_kind(step), &detail)?;
            Ok(detail)
        })
    }

    pub fn delete_request(&mut self, id: i64) -> StoreResult<()> {
        self.delete_row("requests", "request", id)
    }

    /// Every request in id order (for exports), with its dates as they stand
    /// on `today`. The stored dates are those dates except for a request whose
    /// clock is paused: its open pause counts through `today`, as on screen
    /// and in `dpo check`.
    pub fn for_each_request<E: From<StoreError>>(
        &self,
        today: NaiveDate,
        mut each: impl FnMut(&RequestRow) -> Result<(), E>,
    ) -> Result<(), E> {
        let mut paused = self.pauses_by_request(
            "p.request_id IN (SELECT request_id FROM request_pauses WHERE answered_on IS NULL)",
            [],
        )?;
        let settings = self.deadline_settings()?;
        let columns = request_columns();
        let sql = format!("SELECT {columns} FROM requests r ORDER BY r.id");
        self.stream_rows(&sql, row_to_request, |mut request| {
            if let Some(pauses) = paused.remove(&request.id) {
                request.request.pauses = pauses;
                request = request.as_on(&settings, today);
            }
            each(&request)
        })
    }

    /// The pauses of the requests `filter` (over `request_pauses p`) names, by
    /// request, in one query.
    /// The pauses of the requests `filter` picks (a condition on `p`, the
    /// pause, with `params`), by request.
    pub(super) fn pauses_by_request(
        &self,
        filter: &str,
        params: impl rusqlite::Params,
    ) -> StoreResult<std::collections::HashMap<i64, Vec<RequestPause>>> {
        let mut pauses: std::collections::HashMap<i64, Vec<RequestPause>> =
            std::collections::HashMap::new();
        let mut stmt = self.conn.prepare(&format!(
            "SELECT p.request_id, p.kind, p.requested_on, p.answered_on FROM request_pauses p
             WHERE {filter} ORDER BY p.request_id, p.requested_on, p.id"
        ))?;
        let mut rows = stmt.query(params)?;
        while let Some(row) = rows.next()? {
            let request_id: i64 = row.get(0)?;
            pauses
                .entry(request_id)
                .or_default()
                .push(pause_from(row, 1)?);
        }
        Ok(pauses)
    }

    /// Every open request with its pauses, in id order.
    pub fn for_each_open_request<E: From<StoreError>>(
        &self,
        each: impl FnMut(&RequestRow) -> Result<(), E>,
    ) -> Result<(), E> {
        self.for_each_request_where("r.is_open = 1", [], each)
    }

    /// The requests `condition` picks (on `r`, with `params`), with their
    /// pauses, in id order.
    pub(super) fn for_each_request_where<E: From<StoreError>>(
        &self,
        condition: &str,
        params: impl rusqlite::Params + Clone,
        mut each: impl FnMut(&RequestRow) -> Result<(), E>,
    ) -> Result<(), E> {
        // The pauses of every request picked in one query, not one per
        // request: a large register has tens of thousands open.
        let mut pauses = self.pauses_by_request(
            &format!("p.request_id IN (SELECT r.id FROM requests r WHERE {condition})"),
            params.clone(),
        )?;
        let columns = request_columns();
        let sql = format!("SELECT {columns} FROM requests r WHERE {condition} ORDER BY r.id");
        self.stream_rows_with(&sql, params, row_to_request, |mut request| {
            request.request.pauses = pauses.remove(&request.id).unwrap_or_default();
            each(&request)
        })
    }

    pub fn for_each_request_pause<E: From<StoreError>>(
        &self,
        mut each: impl FnMut(&PauseRow) -> Result<(), E>,
    ) -> Result<(), E> {
        let read = |row: &rusqlite::Row<'_>| -> rusqlite::Result<PauseRow> {
            let kind: String = row.get(2)?;
            Ok(PauseRow {
                request_id: row.get(0)?,
                reference: row.get(1)?,
                pause: RequestPause {
                    kind: PauseKind::parse(&kind).unwrap_or(PauseKind::Clarification),
                    requested_on: row.get(3)?,
                    answered_on: row.get(4)?,
                },
            })
        };
        self.stream_rows(
            "SELECT p.request_id, r.reference, p.kind, p.requested_on, p.answered_on
             FROM request_pauses p JOIN requests r ON r.id = p.request_id ORDER BY p.request_id, p.requested_on, p.id",
            read,
            |pause| each(&pause),
        )
    }

    pub fn for_each_request_event<E: From<StoreError>>(
        &self,
        mut each: impl FnMut(&RequestEvent) -> Result<(), E>,
    ) -> Result<(), E> {
        self.stream_rows(
            "SELECT request_id, at, kind, detail FROM request_events ORDER BY id",
            |row| {
                Ok(RequestEvent {
                    request_id: row.get(0)?,
                    at: row.get(1)?,
                    kind: row.get(2)?,
                    detail: row.get(3)?,
                })
            },
            |event| each(&event),
        )
    }
}

/// The request `id` as stored, without its pauses.
pub(super) fn read_request(conn: &rusqlite::Connection, id: i64) -> StoreResult<Request> {
    let columns = request_columns();
    let sql = format!("SELECT {columns} FROM requests r WHERE r.id = ?1");
    Ok(conn.query_row(&sql, [id], row_to_request)?.request)
}

/// Writes the register's deadline settings (the jurisdiction is the organisation's).
pub(super) fn write_settings(tx: &Transaction<'_>, settings: &DeadlineSettings) -> StoreResult<()> {
    super::kinds::set_columns::<SettingsKind>(tx, 1, settings)?;
    super::register::exec(tx, "DELETE FROM closure_days", [])?;
    for day in &settings.closure_days {
        super::register::exec(
            tx,
            "INSERT OR IGNORE INTO closure_days (day) VALUES (?1)",
            [day],
        )?;
    }
    Ok(())
}

/// Recomputes the stored deadlines of every request (after a settings change).
pub(super) fn recompute_all(tx: &Transaction<'_>) -> StoreResult<()> {
    recompute_where(tx, "", [])
}

/// Schema 9 comes with rule set v2, whose holiday tables reach back to 2018:
/// only a request received before 2024 can have a date in the years v1 counted
/// weekends for, so only those are computed again (on the received-date index).
pub(super) fn recompute_for_rule_set_v2(conn: &rusqlite::Connection) -> StoreResult<()> {
    recompute_where(conn, "WHERE r.received_on < '2024-01-01'", [])
}

/// Computes the dates of the requests `filter` names again and writes those
/// that differ (with the rule set that computed them); a request whose dates
/// stand is left alone, so the journal holds only real changes. Reads ids
/// first and each request by itself: a million rows are not held at once.
fn recompute_where<P: rusqlite::Params>(
    conn: &rusqlite::Connection,
    filter: &str,
    params: P,
) -> StoreResult<()> {
    let ids = conn
        .prepare(&format!("SELECT r.id FROM requests r {filter}"))?
        .query_map(params, |r| r.get::<_, i64>(0))?
        .collect::<Result<Vec<_>, _>>()?;
    if ids.is_empty() {
        return Ok(()); // a register being created has no settings yet either
    }
    let settings = read_settings(conn)?;
    let columns = request_columns();
    let mut read = conn.prepare(&format!("SELECT {columns} FROM requests r WHERE r.id = ?1"))?;
    for id in ids {
        let mut row = read.query_row([id], row_to_request)?;
        row.request.pauses = load_pauses(conn, row.id)?;
        let deadlines = compute_dates(
            &row.request
                .deadline_question(&settings, row.request.closed_on),
        )
        .map_err(|e| StoreError::field("jurisdiction", e.to_string()))?;
        let due_on = row.request.due(&deadlines);
        if row.rule == deadlines.rule
            && row.deadline == deadlines.one_month_deadline
            && row.extension_notice_by == deadlines.extension_notice_by
            && row.extended_deadline == deadlines.extended_deadline
            && row.due_on == due_on
            && row.promised_on == deadlines.promised
        {
            continue;
        }
        super::register::exec(
            conn,
            "UPDATE requests SET rule = ?2, rule_set = ?3, deadline = ?4, extension_notice_by = ?5,
                 extended_deadline = ?6, due_on = ?7, promised_on = ?8 WHERE id = ?1",
            params![
                row.id,
                deadlines.rule,
                deadlines.rule_set,
                iso_date::format(deadlines.one_month_deadline),
                iso_date::format(deadlines.extension_notice_by),
                iso_date::format(deadlines.extended_deadline),
                iso_date::format(due_on),
                deadlines.promised.map(iso_date::format)
            ],
        )?;
    }
    Ok(())
}

fn step_kind(step: &Step) -> &'static str {
    match step {
        Step::StartWork { .. } => "started",
        Step::IdentityRequested { .. } => "identity_requested",
        Step::IdentityVerified { .. } => "identity_verified",
        Step::IdentityFailed { .. } => "identity_failed",
        Step::Pause { .. } => "paused",
        Step::Resume { .. } => "resumed",
        Step::Extend { .. } => "extended",
        Step::Answer { .. } => "answered",
        Step::Refuse { .. } => "refused",
        Step::Withdraw { .. } => "withdrawn",
    }
}

/// "right: Access (Art. 15) → Erasure (Art. 17); received_on: 2026-03-02 → 2026-03-03".
fn describe_edit(before: &Request, after: &Request) -> String {
    /// The fields a user edits, as the history names and shows them.
    type Shown = fn(&Request) -> String;
    const EDITED: [(&str, Shown); 8] = [
        ("reference", |r| r.reference.clone()),
        ("subject_ref", |r| r.subject_ref.clone()),
        ("right", |r| r.right.label().into()),
        ("received_on", |r| r.received_on.to_string()),
        ("received_at", |r| r.received_at.clone()),
        ("channel", |r| r.channel.label().into()),
        ("representative", |r| r.representative.to_string()),
        ("notes", |r| r.notes.clone()),
    ];
    let changes: Vec<String> = EDITED
        .iter()
        .filter_map(|(field, value)| {
            let (a, b) = (value(before), value(after));
            (a != b).then(|| format!("{field}: {a} → {b}"))
        })
        .collect();
    if changes.is_empty() {
        "saved without changes".into()
    } else {
        changes.join("; ")
    }
}
