//! The orders the requests list can be read in, and the SQL each needs: the
//! `ORDER BY` from either end, the range that seeks past a row's key, and the
//! test of "comes before this row" that finds a record's position. Every order
//! ends in a unique column, so a row's key fixes its place; every order walks
//! an index of its own (schema 8), so none sorts the table.

use rusqlite::types::Value;

use super::iso_date;
use super::requests::RequestRow;

/// The column a requests list is sorted by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Hash)]
pub enum RequestSort {
    /// Open requests soonest due first, then closed ones: what needs answering.
    #[default]
    Due,
    /// In the order they arrived.
    Received,
    Reference,
    /// Grouped by the right exercised, soonest due first within each.
    Right,
    /// Grouped by status, soonest due first within each.
    Status,
}

/// A sort column and its direction; `reversed` reads the same order from its end.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Hash)]
pub struct RequestOrder {
    pub by: RequestSort,
    pub reversed: bool,
}

impl RequestSort {
    pub const ALL: [RequestSort; 5] = [
        RequestSort::Due,
        RequestSort::Received,
        RequestSort::Reference,
        RequestSort::Right,
        RequestSort::Status,
    ];

    /// The list column this order sorts (its heading).
    pub fn heading(self) -> &'static str {
        match self {
            RequestSort::Due => "Due",
            RequestSort::Received => "Received",
            RequestSort::Reference => "Reference",
            RequestSort::Right => "Right",
            RequestSort::Status => "Status",
        }
    }

    /// The next column in the cycle the sort key walks through.
    pub fn next(self) -> Self {
        let at = Self::ALL.iter().position(|s| *s == self).unwrap_or(0);
        Self::ALL[(at + 1) % Self::ALL.len()]
    }

    /// Due splits the list into open requests, then closed ones, before its columns.
    fn splits_open(self) -> bool {
        self == RequestSort::Due
    }

    /// The columns of the order after any open/closed split, the last one unique.
    fn columns(self) -> &'static [&'static str] {
        match self {
            // Paused requests ('' sorts first: running ones) after the running.
            RequestSort::Due => &["paused_since", "due_on", "id"],
            RequestSort::Received => &["received_on", "id"],
            // The reference is UNIQUE: its own index orders the list.
            RequestSort::Reference => &["reference"],
            RequestSort::Right => &["right_exercised", "due_on", "id"],
            RequestSort::Status => &["status", "due_on", "id"],
        }
    }
}

impl RequestOrder {
    /// How the list is ordered, in words for the status bar and the list's title.
    pub fn describe(self) -> String {
        let how = match (self.by, self.reversed) {
            (RequestSort::Due, false) => "open first, soonest due first",
            (RequestSort::Due, true) => "closed first, latest due first",
            (RequestSort::Received, false) => "oldest first",
            (RequestSort::Received, true) => "newest first",
            (RequestSort::Reference, false) => "A to Z",
            (RequestSort::Reference, true) => "Z to A",
            (RequestSort::Right | RequestSort::Status, false) => "then soonest due",
            (RequestSort::Right | RequestSort::Status, true) => "reversed",
        };
        format!(
            "{} {} ({how})",
            self.by.heading().to_lowercase(),
            self.arrow()
        )
    }

    /// ▲ for the order as it reads by default, ▼ reversed.
    pub fn arrow(self) -> &'static str {
        if self.reversed {
            "▼"
        } else {
            "▲"
        }
    }

    /// Whether the walk, from the start (`backwards` false) or the end, reads
    /// the columns in descending order.
    fn descending(self, backwards: bool) -> bool {
        self.reversed != backwards
    }

    /// `ORDER BY …` reading the list from its start, or (`backwards`) from its end.
    pub(super) fn order_by(self, backwards: bool) -> String {
        let desc = self.descending(backwards);
        let dir = if desc { " DESC" } else { "" };
        let mut terms = Vec::new();
        if self.by.splits_open() {
            // Open (1) first when ascending.
            terms.push(format!("r.is_open{}", if desc { "" } else { " DESC" }));
        }
        terms.extend(self.by.columns().iter().map(|c| format!("r.{c}{dir}")));
        format!("ORDER BY {}", terms.join(", "))
    }

    /// Whether the order splits open from closed requests (see `open_first`).
    pub(super) fn splits_open(self) -> bool {
        self.by.splits_open()
    }

    /// Whether a walk in this direction meets the open requests first.
    pub(super) fn open_first(self, backwards: bool) -> bool {
        !self.descending(backwards)
    }

    /// The rows past a key in the walk's direction, within one open/closed
    /// half: a row-value range on the order's index, its values bound from
    /// parameter `?first` on.
    pub(super) fn past_key(self, backwards: bool, first: usize) -> String {
        let columns = self.by.columns();
        let compare = if self.descending(backwards) { "<" } else { ">" };
        let names: Vec<String> = columns.iter().map(|c| format!("r.{c}")).collect();
        let params: Vec<String> = (0..columns.len())
            .map(|i| format!("?{}", first + i))
            .collect();
        format!("({}) {compare} ({})", names.join(", "), params.join(", "))
    }

    /// The rows that come before row `t` (a one-row table of the same
    /// columns) in this order: a record's position is their count.
    pub(super) fn before_row(self) -> String {
        let columns = self.by.columns();
        let compare = if self.reversed { ">" } else { "<" };
        let of = |table: &str| {
            let names: Vec<String> = columns.iter().map(|c| format!("{table}.{c}")).collect();
            format!("({})", names.join(", "))
        };
        let within = format!("{} {compare} {}", of("r"), of("t"));
        if self.by.splits_open() {
            // Open before closed when ascending.
            let first = if self.reversed { "<" } else { ">" };
            format!("(r.is_open {first} t.is_open OR (r.is_open = t.is_open AND {within}))")
        } else {
            within
        }
    }

    /// The columns `before_row` reads from `t`, for selecting it.
    pub(super) fn key_columns(self) -> String {
        let mut names = vec!["is_open"];
        names.extend(self.by.columns());
        names.join(", ")
    }

    /// A row's key in this order.
    pub(super) fn key_of(self, row: &RequestRow) -> Key {
        let r = &row.request;
        let values = self
            .by
            .columns()
            .iter()
            .map(|column| match *column {
                "due_on" => Value::Text(iso_date::format(row.due_on)),
                "paused_since" => Value::Text(row.paused_since.clone()),
                "received_on" => Value::Text(iso_date::format(r.received_on)),
                "reference" => Value::Text(r.reference.clone()),
                "right_exercised" => Value::Text(r.right.code().to_string()),
                "status" => Value::Text(r.status.code().to_string()),
                _ => Value::Integer(row.id),
            })
            .collect();
        Key {
            open: !r.status.is_closed(),
            values,
        }
    }
}

/// A request's place in a list's order: which half (when the order splits
/// open from closed) and the values of the order's columns.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Key {
    pub open: bool,
    pub values: Vec<Value>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn order(by: RequestSort, reversed: bool) -> RequestOrder {
        RequestOrder { by, reversed }
    }

    #[test]
    fn the_default_order_is_open_first_soonest_due_on_the_lists_index() {
        let due = RequestOrder::default();
        assert_eq!(
            due.order_by(false),
            "ORDER BY r.is_open DESC, r.paused_since, r.due_on, r.id"
        );
        assert_eq!(
            due.order_by(true),
            "ORDER BY r.is_open, r.paused_since DESC, r.due_on DESC, r.id DESC"
        );
        assert!(due.open_first(false) && !due.open_first(true));
    }

    #[test]
    fn reversed_reads_the_same_order_from_the_other_end() {
        for by in RequestSort::ALL {
            assert_eq!(
                order(by, true).order_by(false),
                order(by, false).order_by(true)
            );
            assert_eq!(
                order(by, true).order_by(true),
                order(by, false).order_by(false)
            );
        }
    }

    #[test]
    fn the_seek_compares_the_whole_key_in_the_walks_direction() {
        let received = order(RequestSort::Received, false);
        assert_eq!(
            received.past_key(false, 4),
            "(r.received_on, r.id) > (?4, ?5)"
        );
        assert_eq!(
            received.past_key(true, 4),
            "(r.received_on, r.id) < (?4, ?5)"
        );
        let status = order(RequestSort::Status, true);
        assert_eq!(
            status.past_key(false, 5),
            "(r.status, r.due_on, r.id) < (?5, ?6, ?7)"
        );
        assert_eq!(
            order(RequestSort::Reference, false).past_key(false, 4),
            "(r.reference) > (?4)"
        );
    }

    #[test]
    fn before_a_row_follows_the_open_closed_split_only_for_due() {
        assert_eq!(
            order(RequestSort::Due, false).before_row(),
            "(r.is_open > t.is_open OR (r.is_open = t.is_open AND (r.paused_since, r.due_on, r.id) < (t.paused_since, t.due_on, t.id)))"
        );
        assert_eq!(
            order(RequestSort::Due, true).before_row(),
            "(r.is_open < t.is_open OR (r.is_open = t.is_open AND (r.paused_since, r.due_on, r.id) > (t.paused_since, t.due_on, t.id)))"
        );
        assert_eq!(
            order(RequestSort::Right, true).before_row(),
            "(r.right_exercised, r.due_on, r.id) > (t.right_exercised, t.due_on, t.id)"
        );
    }

    #[test]
    fn every_order_ends_in_a_unique_column_and_the_cycle_visits_each_once() {
        let mut by = RequestSort::Due;
        let mut seen = Vec::new();
        for _ in 0..RequestSort::ALL.len() {
            let last = *by.columns().last().unwrap();
            assert!(last == "id" || last == "reference", "{by:?}");
            seen.push(by);
            by = by.next();
        }
        assert_eq!(by, RequestSort::Due);
        assert_eq!(seen, RequestSort::ALL);
    }

    #[test]
    fn descriptions_name_the_column_and_the_direction() {
        assert_eq!(
            RequestOrder::default().describe(),
            "due ▲ (open first, soonest due first)"
        );
        assert_eq!(
            order(RequestSort::Received, true).describe(),
            "received ▼ (newest first)"
        );
    }
}
