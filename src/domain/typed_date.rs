//! Dates as people type them into a form: `2026-12-6`, `6.12.2026`,
//! `06.12.26`, `6.12` or `6/12` (this year), `today`, `yesterday`, `-3d`,
//! `+2w`, `+1m`, `+1y`. Day before month, as in the Nordic countries and most of Europe;
//! a two-digit year is this century. Every form reads to one calendar date,
//! which the form shows beside the field, so nothing is guessed silently.

use chrono::{Datelike, Duration, NaiveDate};

use super::deadline::{FIRST_YEAR, LAST_YEAR};
use super::request::{parse_iso_date, DateError};

/// The date `text` names, `today` being the day in the register's zone.
pub fn parse_typed_date(text: &str, today: NaiveDate) -> Result<NaiveDate, DateError> {
    let typed = text.trim();
    let lower = typed.to_lowercase();
    let date = match lower.as_str() {
        "today" | "i dag" | "idag" => Some(today),
        "yesterday" | "i går" | "igår" => Some(today - Duration::days(1)),
        "tomorrow" | "i morgen" | "imorgen" => Some(today + Duration::days(1)),
        _ => relative(&lower, today).or_else(|| numeric(typed, today.year())),
    };
    match date {
        Some(d) if (FIRST_YEAR..=LAST_YEAR).contains(&d.year()) => Ok(d),
        Some(_) => Err(DateError::OutOfRange(typed.to_string())),
        // A word or a step from today that is none of the forms: say which
        // forms there are. Otherwise the strict reading says why (no such
        // day, or the year's range).
        None if typed.starts_with(['+', '-']) || typed.chars().any(char::is_alphabetic) => {
            Err(DateError::NotATypedDate(typed.to_string()))
        }
        None => parse_iso_date(typed),
    }
}

/// A time as people type it, as the local text the breach clock reads
/// (`YYYY-MM-DDTHH:MM`): `14:30` is today at 14:30, `yesterday 23:10` and
/// `6.12 9:05` a typed date at that time. `None`: not of that form (the text
/// is then read as written, with an offset if it has one).
pub fn expand_typed_time(text: &str, today: NaiveDate) -> Option<String> {
    let typed = text.trim();
    let (date_part, time_part) = match typed.rsplit_once(' ') {
        Some((date, time)) => (Some(date.trim()), time),
        None => (None, typed),
    };
    let (h, m) = time_part.split_once(':')?;
    let (hour, minute) = (num(h)?, num(m)?);
    if h.len() > 2 || m.len() != 2 || hour > 23 || minute > 59 {
        return None;
    }
    let day = match date_part {
        None => today,
        Some(date) => parse_typed_date(date, today).ok()?,
    };
    Some(format!("{day}T{hour:02}:{minute:02}"))
}

/// `-3d`, `+2w`, `+1m`, `+1y`: days, weeks, months or years from today (a
/// month or year on from the 31st ends on the month's last day).
fn relative(text: &str, today: NaiveDate) -> Option<NaiveDate> {
    let sign = match text.chars().next()? {
        '+' => 1,
        '-' => -1,
        _ => return None,
    };
    let body = &text[1..];
    let (number, unit) = body.split_at(body.find(|c: char| !c.is_ascii_digit())?);
    let n: i64 = number.parse().ok()?;
    let months = |count: i64| {
        let count = chrono::Months::new(u32::try_from(count).ok()?);
        if sign > 0 {
            today.checked_add_months(count)
        } else {
            today.checked_sub_months(count)
        }
    };
    match unit {
        "d" => today.checked_add_signed(Duration::days(sign * n)),
        "w" | "u" => today.checked_add_signed(Duration::days(sign * n * 7)),
        "m" => months(n),
        "y" | "å" => months(n.checked_mul(12)?),
        _ => None,
    }
}

/// Year-month-day with dashes, or day.month(.year) with dots or slashes.
fn numeric(text: &str, this_year: i32) -> Option<NaiveDate> {
    if text.contains('-') {
        let parts: Vec<&str> = text.split('-').collect();
        let [y, m, d] = parts.as_slice() else {
            return None;
        };
        if y.len() != 4 {
            return None;
        }
        return NaiveDate::from_ymd_opt(num(y)?, num(m)? as u32, num(d)? as u32);
    }
    let separator = if text.contains('.') { '.' } else { '/' };
    let parts: Vec<&str> = text.trim_end_matches(separator).split(separator).collect();
    let (d, m, y) = match parts.as_slice() {
        [d, m] => (d, m, this_year),
        [d, m, y] if y.len() == 4 => (d, m, num(y)?),
        [d, m, y] if y.len() == 2 => (d, m, 2000 + num(y)?),
        _ => return None,
    };
    if d.is_empty() || d.len() > 2 || m.is_empty() || m.len() > 2 {
        return None;
    }
    NaiveDate::from_ymd_opt(y, num(m)? as u32, num(d)? as u32)
}

fn num(text: &str) -> Option<i32> {
    if text.is_empty() || !text.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    text.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::testing::day;

    #[test]
    fn the_ways_people_write_a_date_read_to_one_day() {
        let today = day("2026-12-06");
        for (typed, expected) in [
            ("2026-12-06", "2026-12-06"),
            ("2026-12-6", "2026-12-06"),
            ("6.12.2026", "2026-12-06"),
            ("06.12.26", "2026-12-06"),
            ("6.12", "2026-12-06"),
            ("6.12.", "2026-12-06"),
            ("6/12", "2026-12-06"),
            ("24/12/2025", "2025-12-24"),
            ("today", "2026-12-06"),
            (" I dag ", "2026-12-06"),
            ("yesterday", "2026-12-05"),
            ("i går", "2026-12-05"),
            ("-3d", "2026-12-03"),
            ("+2w", "2026-12-20"),
            ("+0d", "2026-12-06"),
        ] {
            assert_eq!(parse_typed_date(typed, today), Ok(day(expected)), "{typed}");
        }
    }

    #[test]
    fn a_time_is_today_or_on_a_typed_day() {
        let today = day("2026-12-06");
        for (typed, expected) in [
            ("14:30", "2026-12-06T14:30"),
            ("9:05", "2026-12-06T09:05"),
            ("yesterday 23:10", "2026-12-05T23:10"),
            ("6.12 09:05", "2026-12-06T09:05"),
            ("2026-12-01 8:00", "2026-12-01T08:00"),
        ] {
            assert_eq!(
                expand_typed_time(typed, today).as_deref(),
                Some(expected),
                "{typed}"
            );
        }
        for typed in [
            "24:00",
            "14:3",
            "2026-12-06T14:30",
            "2026-12-06T14:30+01:00",
            "noon",
        ] {
            assert_eq!(expand_typed_time(typed, today), None, "{typed}");
        }
    }

    #[test]
    fn months_and_years_from_today_end_on_a_real_day() {
        assert_eq!(
            parse_typed_date("+1m", day("2026-01-31")),
            Ok(day("2026-02-28"))
        );
        assert_eq!(
            parse_typed_date("+1y", day("2028-02-29")),
            Ok(day("2029-02-28"))
        );
        assert_eq!(
            parse_typed_date("-2m", day("2026-12-06")),
            Ok(day("2026-10-06"))
        );
        assert_eq!(
            parse_typed_date("+1å", day("2026-12-06")),
            Ok(day("2027-12-06"))
        );
    }

    #[test]
    fn a_word_or_step_of_no_known_form_is_told_the_forms() {
        let message = parse_typed_date("+1x", day("2026-12-06"))
            .unwrap_err()
            .to_string();
        assert!(message.contains("today, -3d, +2w, +1m or +1y"), "{message}");
    }

    #[test]
    fn what_is_no_day_is_refused_with_the_strict_reasons() {
        let today = day("2026-12-06");
        for typed in [
            "30.02.2026",
            "2026-02-30",
            "31/4",
            "12.2026",
            "6.12.202",
            "next week",
            "-3x",
            "1.2.3",
        ] {
            assert!(parse_typed_date(typed, today).is_err(), "{typed}");
        }
        assert_eq!(
            parse_typed_date("2026-02-30", today)
                .unwrap_err()
                .to_string(),
            "'2026-02-30' is not a calendar date (YYYY-MM-DD)"
        );
        assert!(matches!(
            parse_typed_date("1.1.1850", today),
            Err(DateError::OutOfRange(_))
        ));
    }
}
