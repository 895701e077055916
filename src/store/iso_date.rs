//! Dates as the register stores them (`YYYY-MM-DD` text), read without
//! chrono's general format parser: a list page, the lint and an export read
//! several per request, and at a million requests the general parser was a
//! tenth of an export's time.

use chrono::NaiveDate;
use rusqlite::types::{FromSqlError, ValueRef};
use rusqlite::Row;

pub use crate::domain::request::read_iso_date as parse;

/// The date in column `i`; text in another form goes through rusqlite's own reading.
pub fn at(row: &Row<'_>, i: usize) -> rusqlite::Result<NaiveDate> {
    match row.get_ref(i)? {
        ValueRef::Text(text) => match parse(text) {
            Some(day) => Ok(day),
            None => row.get(i),
        },
        _ => row.get(i),
    }
}

/// The date in column `i`, if any.
pub fn maybe_at(row: &Row<'_>, i: usize) -> rusqlite::Result<Option<NaiveDate>> {
    match row.get_ref(i)? {
        ValueRef::Null => Ok(None),
        ValueRef::Text(text) => match parse(text) {
            Some(day) => Ok(Some(day)),
            None => row.get(i),
        },
        other => Err(rusqlite::Error::FromSqlConversionFailure(
            i,
            other.data_type(),
            Box::new(FromSqlError::InvalidType),
        )),
    }
}

/// `YYYY-MM-DD` (years 0–9999, as the register holds them).
pub fn format(day: NaiveDate) -> String {
    use chrono::Datelike;
    let (y, m, d) = (day.year(), day.month(), day.day());
    if !(0..=9999).contains(&y) {
        return day.to_string();
    }
    let y = y as u32;
    let digits = [
        y / 1000,
        y / 100 % 10,
        y / 10 % 10,
        y % 10,
        m / 10,
        m % 10,
        d / 10,
        d % 10,
    ]
    .map(|n| char::from(b'0' + n as u8));
    let mut s = String::with_capacity(10);
    s.extend(&digits[0..4]);
    s.push('-');
    s.extend(&digits[4..6]);
    s.push('-');
    s.extend(&digits[6..8]);
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_and_writes_what_chrono_does() {
        let mut day = NaiveDate::from_ymd_opt(1999, 12, 25).unwrap();
        for _ in 0..1500 {
            let text = day.to_string();
            assert_eq!(parse(text.as_bytes()), Some(day), "{text}");
            assert_eq!(format(day), text);
            day += chrono::Duration::days(7);
        }
        assert_eq!(
            format(NaiveDate::from_ymd_opt(33, 1, 2).unwrap()),
            "0033-01-02"
        );
    }

    #[test]
    fn anything_else_is_not_a_date() {
        for bad in [
            "2026-02-30",
            "2026-13-01",
            "2026-1-01",
            "20260101",
            "2026-01-0x",
            "",
            "+2026-01-01",
        ] {
            assert_eq!(parse(bad.as_bytes()), None, "{bad}");
        }
    }
}
