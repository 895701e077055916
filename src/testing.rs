//! What the unit tests share: a day written as the register writes it.

use chrono::NaiveDate;

/// `2026-11-23` as a date; a test's own day, never today's.
pub(crate) fn day(text: &str) -> NaiveDate {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
}
