//! The open requests' clocks as the Dashboard and `dpo check` judge them:
//! those that can need attention by a day are read, the others only counted,
//! both as ranges of one index (schema 20), so a register of a million
//! requests is judged by what can be due, not by a pass over all of them.

use chrono::NaiveDate;

use super::error::{StoreError, StoreResult};
use super::register::Register;
use super::requests::RequestRow;

/// The next date on an open request's clock: the earliest of its due date,
/// its promised date and, until one is sent, the last day to announce an
/// extension. The expression of
/// the index `requests_by_next_date` (migration 020), word for word, so that
/// SQLite reads it as that index's range.
const NEXT_DATE: &str = "min(due_on, ifnull(promised_on, due_on),
        CASE WHEN extension_notice_sent_on IS NULL THEN extension_notice_by ELSE due_on END)";

/// Open, not paused, with a date on its clock by `?1` (at most `?2` of
/// them, the earliest dates first; -1: all); or open and paused (a paused
/// request's dates move with the pause, so it is always read). Two ranges of
/// the index: SQLite reads an OR of the two as one pass over every open
/// request's entry.
fn needing_attention() -> String {
    format!(
        "r.id IN (SELECT id FROM requests WHERE is_open = 1 AND paused_since > '' \
         UNION ALL SELECT id FROM (SELECT id FROM requests \
             WHERE is_open = 1 AND paused_since = '' AND {NEXT_DATE} <= ?1 \
             ORDER BY {NEXT_DATE}, id LIMIT ?2))"
    )
}

impl Register {
    /// The open requests whose clocks can need attention by `horizon`, with
    /// their pauses, in id order: every paused request and every other whose
    /// extension notice, promise or due date falls on or before it — of
    /// these, with `at_most`, only that many, the earliest dates first.
    pub fn for_each_open_request_due_by<E: From<StoreError>>(
        &self,
        horizon: NaiveDate,
        at_most: Option<usize>,
        each: impl FnMut(&RequestRow) -> Result<(), E>,
    ) -> Result<(), E> {
        let limit = at_most.map_or(-1, |n| i64::try_from(n).unwrap_or(i64::MAX));
        self.for_each_request_where(
            &needing_attention(),
            rusqlite::params![horizon, limit],
            each,
        )
    }

    /// How many open requests have nothing on their clocks by `horizon` (the
    /// ones `for_each_open_request_due_by` does not read).
    pub fn count_open_requests_after(&self, horizon: NaiveDate) -> StoreResult<usize> {
        self.count_with(&count_next_dates(">"), horizon)
    }

    /// How many open requests, not paused, have a date on their clocks by
    /// `horizon`.
    pub fn count_open_requests_due_by(&self, horizon: NaiveDate) -> StoreResult<usize> {
        self.count_with(&count_next_dates("<="), horizon)
    }

    /// How many open requests, not paused, were due before `today` (the
    /// list's own index, by due date).
    pub fn count_open_requests_due_before(&self, today: NaiveDate) -> StoreResult<usize> {
        self.count_with(
            "SELECT count(*) FROM requests WHERE is_open = 1 AND paused_since = '' AND due_on < ?1",
            today,
        )
    }

    fn count_with(&self, sql: &str, day: NaiveDate) -> StoreResult<usize> {
        let count: i64 = self.conn.query_row(sql, [day], |row| row.get(0))?;
        Ok(usize::try_from(count).unwrap_or(0))
    }
}

/// Counts the open requests, not paused, whose next date compares with `?1`
/// by `op`: a range of the clocks' index.
fn count_next_dates(op: &str) -> String {
    format!("SELECT count(*) FROM requests WHERE is_open = 1 AND paused_since = '' AND {NEXT_DATE} {op} ?1")
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;
    use rusqlite::Connection;

    fn count_params(sql: &str) -> usize {
        if sql.contains("?2") {
            2
        } else {
            1
        }
    }

    pub(in crate::store) fn plan(conn: &Connection, sql: &str) -> String {
        let mut stmt = conn.prepare(&format!("EXPLAIN QUERY PLAN {sql}")).unwrap();
        let details = stmt
            .query_map(
                rusqlite::params_from_iter(["2026-12-07", "500"].iter().take(count_params(sql))),
                |row| row.get::<_, String>(3),
            )
            .unwrap()
            .collect::<Result<Vec<_>, _>>()
            .unwrap();
        details.join("\n")
    }

    /// Both reads are ranges of the clocks' index, never a pass over the
    /// table or another index (a million requests judged in milliseconds).
    #[test]
    fn the_clocks_are_read_and_counted_through_their_index() {
        let conn = super::super::migrations::schema_in_memory();
        let read = plan(
            &conn,
            &format!("SELECT r.id FROM requests r WHERE {}", needing_attention()),
        );
        assert!(
            !read.contains("TEMP B-TREE"),
            "the earliest read in the index's order: {read}"
        );
        let counted = plan(&conn, &count_next_dates(">"));
        let by_date = "requests_by_next_date (is_open=? AND paused_since=? AND <expr>";
        assert!(read.contains(&format!("{by_date}<?)")), "{read}");
        assert!(counted.contains(&format!("{by_date}>?)")), "{counted}");
        for plan in [read, counted] {
            // A scan of the subquery's own rows is no pass over the table.
            assert!(
                !plan.contains("SCAN r") && !plan.contains("SCAN requests"),
                "{plan}"
            );
        }
    }
}
