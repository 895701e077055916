//! The 72-hour clock of GDPR Art. 33(1): elapsed time from the moment the
//! controller became aware, counted in UTC and shown in the register's zone.
//! Weekends and holidays never extend it (Reg. 1182/71 Art. 3(4) does not apply
//! to periods in hours), and a local time is never shifted silently: one that
//! does not exist or happens twice around a daylight-saving change is refused.

use std::str::FromStr;

use chrono::{DateTime, Duration, FixedOffset, LocalResult, NaiveDateTime, Offset, TimeZone, Utc};
use chrono_tz::Tz;

/// Art. 33(1): "not later than 72 hours after having become aware of it".
pub const NOTIFICATION_PERIOD: Duration = Duration::hours(72);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ClockError {
    #[error("'{0}' is not an IANA time zone (e.g. Europe/Oslo)")]
    UnknownZone(String),
    #[error("'{0}' is not a time: write YYYY-MM-DDTHH:MM, with :SS and an offset such as +01:00 if you like")]
    Malformed(String),
    #[error("{time} does not exist in {zone}: the clocks jump forward then; give the offset the time was read in: {before} (before the change) or {after} (after it)")]
    DoesNotExist {
        time: String,
        zone: String,
        before: String,
        after: String,
    },
    #[error("{time} happens twice in {zone}: the clocks go back then; give the offset: {first} (the first time) or {second} (the second)")]
    Ambiguous {
        time: String,
        zone: String,
        first: String,
        second: String,
    },
}

pub fn parse_zone(name: &str) -> Result<Tz, ClockError> {
    Tz::from_str(name.trim()).map_err(|_| ClockError::UnknownZone(name.trim().to_string()))
}

fn offset_text(seconds: i32) -> String {
    let sign = if seconds < 0 { '-' } else { '+' };
    let s = seconds.abs();
    format!("{sign}{:02}:{:02}", s / 3600, (s % 3600) / 60)
}

/// Reads "2026-10-23T10:00", "2026-10-23 10:00:30" or "2026-10-23T10:00+02:00".
/// Without an offset the time is local to `zone`, and must be unambiguous there.
/// How far ahead of the clock a recorded instant may lie (a clock a little fast).
pub const CLOCK_SLACK: chrono::Duration = chrono::Duration::minutes(5);

/// An instant recorded as having happened: read as `parse_instant` does, and
/// not in the future.
pub fn read_instant(
    input: &str,
    zone: &Tz,
    now: DateTime<Utc>,
) -> Result<DateTime<Utc>, InstantError> {
    let t = parse_instant(input, zone)?;
    if t > now + CLOCK_SLACK {
        return Err(InstantError::InTheFuture(long_time(t, zone)));
    }
    Ok(t)
}

/// Why a recorded instant is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum InstantError {
    #[error(transparent)]
    Unreadable(#[from] ClockError),
    /// The instant, as the register's zone shows it.
    #[error("{0} is in the future")]
    InTheFuture(String),
}

/// An instant as the forms show it: local, with its offset, so that re-reading
/// it is never ambiguous (an autumn hour happens twice). Seconds are shown only
/// when there are any, and then kept: an unchanged form must save exactly the
/// instant it showed.
pub fn form_time(instant: DateTime<Utc>, zone: &Tz) -> String {
    use chrono::Timelike;
    let format = if instant.second() == 0 {
        "%Y-%m-%dT%H:%M%:z"
    } else {
        "%Y-%m-%dT%H:%M:%S%:z"
    };
    instant.with_timezone(zone).format(format).to_string()
}

pub fn parse_instant(input: &str, tz: &Tz) -> Result<DateTime<Utc>, ClockError> {
    let text = input.trim().replace(' ', "T");
    let malformed = || ClockError::Malformed(input.trim().to_string());
    if text.len() < 16 || !text.is_char_boundary(16) {
        return Err(malformed());
    }
    // An explicit offset (or Z) settles the instant by itself.
    let with_seconds = if text.len() >= 19 && text.as_bytes()[16] == b':' {
        text.clone()
    } else {
        format!("{}:00{}", &text[..16], &text[16..])
    };
    if with_seconds.len() > 19 {
        return DateTime::<FixedOffset>::parse_from_rfc3339(&with_seconds)
            .map(|t| t.with_timezone(&Utc))
            .map_err(|_| malformed());
    }
    let naive = NaiveDateTime::parse_from_str(&with_seconds, "%Y-%m-%dT%H:%M:%S")
        .map_err(|_| malformed())?;
    match tz.from_local_datetime(&naive) {
        LocalResult::Single(t) => Ok(t.with_timezone(&Utc)),
        LocalResult::Ambiguous(first, second) => Err(ClockError::Ambiguous {
            time: input.trim().to_string(),
            zone: tz.name().to_string(),
            first: offset_text(first.offset().fix().local_minus_utc()),
            second: offset_text(second.offset().fix().local_minus_utc()),
        }),
        LocalResult::None => {
            // Either reading is plausible: a clock not yet put forward, or one already put forward.
            // Offsets differ by at most 26 hours, so 18 hours either side of the naive
            // time, read as UTC, are safely before and after the change.
            let offset_at = |t: NaiveDateTime| {
                offset_text(tz.from_utc_datetime(&t).offset().fix().local_minus_utc())
            };
            Err(ClockError::DoesNotExist {
                time: input.trim().to_string(),
                zone: tz.name().to_string(),
                before: offset_at(naive - Duration::hours(18)),
                after: offset_at(naive + Duration::hours(18)),
            })
        }
    }
}

/// The moment by which the authority must be notified: awareness + 72 hours of elapsed time.
pub fn notification_deadline(aware_at: DateTime<Utc>) -> DateTime<Utc> {
    aware_at + NOTIFICATION_PERIOD
}

/// How many minutes "three days later at the same wall-clock time" differs from
/// the real deadline (positive: that naive reading would be early); 0 when no
/// clock change falls in between.
pub fn naive_reading_error(aware_at: DateTime<Utc>, zone: &Tz) -> i64 {
    let local = |t: DateTime<Utc>| t.with_timezone(zone).naive_local();
    let naive = local(aware_at) + Duration::days(3);
    (local(notification_deadline(aware_at)) - naive).num_minutes()
}

/// An instant in the register's zone, as RFC 3339 with its offset.
pub fn in_zone(instant: DateTime<Utc>, zone: &Tz) -> DateTime<Tz> {
    instant.with_timezone(zone)
}

/// "Mon 26 Oct 2026 09:00 CET".
pub fn long_time(instant: DateTime<Utc>, zone: &Tz) -> String {
    in_zone(instant, zone)
        .format("%a %-d %b %Y %H:%M %Z")
        .to_string()
}

/// "47 h 12 min left", "0 h 05 min left", "3 h 10 min late", "2 d 4 h late".
/// Time left is rounded down and lateness up, so neither is ever understated.
pub fn remaining_text(deadline: DateTime<Utc>, now: DateTime<Utc>) -> String {
    let (span, suffix) = if deadline >= now {
        (deadline - now, "left")
    } else {
        (now - deadline, "late")
    };
    let mut minutes = span.num_minutes();
    if suffix == "late" && span > Duration::minutes(minutes) {
        minutes += 1;
    }
    if minutes == 0 {
        return format!("under 1 min {suffix}");
    }
    let (days, hours, mins) = (minutes / (24 * 60), (minutes / 60) % 24, minutes % 60);
    if days >= 3 {
        format!("{days} d {hours} h {suffix}")
    } else {
        format!("{} h {mins:02} min {suffix}", days * 24 + hours)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_recorded_instant_is_readable_and_not_in_the_future() {
        let oslo = chrono_tz::Europe::Oslo;
        let now = parse_instant("2026-03-27T12:00", &oslo).unwrap();
        assert!(
            read_instant("2026-03-27T12:04", &oslo, now).is_ok(),
            "within the slack"
        );
        assert!(matches!(
            read_instant("2026-03-27T13:00", &oslo, now),
            Err(InstantError::InTheFuture(_))
        ));
        assert!(matches!(
            read_instant("yesterday", &oslo, now),
            Err(InstantError::Unreadable(ClockError::Malformed(_)))
        ));
    }

    fn local(input: &str, zone: &str) -> String {
        let tz = parse_zone(zone).unwrap();
        let deadline = notification_deadline(parse_instant(input, &tz).unwrap());
        in_zone(deadline, &tz).to_rfc3339()
    }

    /// The table of gdpr-rules.md §2.3, checked there with Python's zoneinfo.
    #[test]
    fn seventy_two_hours_of_elapsed_time_across_daylight_saving() {
        assert_eq!(
            local("2026-03-27T10:00", "Europe/Oslo"),
            "2026-03-30T11:00:00+02:00",
            "spring: 11:00, not 10:00"
        );
        assert_eq!(
            local("2026-10-23T10:00", "Europe/Oslo"),
            "2026-10-26T09:00:00+01:00",
            "autumn: 09:00, never 10:00"
        );
        assert_eq!(
            local("2026-03-28T14:30", "Europe/London"),
            "2026-03-31T15:30:00+01:00"
        );
        assert_eq!(
            local("2026-12-24T16:00", "Europe/Oslo"),
            "2026-12-27T16:00:00+01:00",
            "holidays do not extend it"
        );
    }

    #[test]
    fn other_zones_and_the_other_hemisphere() {
        assert_eq!(
            local("2026-10-30T12:00", "America/New_York"),
            "2026-11-02T11:00:00-05:00"
        );
        assert_eq!(
            local("2026-04-03T12:00", "Australia/Sydney"),
            "2026-04-06T11:00:00+10:00"
        );
        assert_eq!(
            local("2026-07-10T08:15:30", "Atlantic/Reykjavik"),
            "2026-07-13T08:15:30+00:00"
        );
    }

    #[test]
    fn a_time_in_the_spring_gap_is_refused_with_a_suggestion() {
        let err = parse_instant("2026-03-29T02:30", &chrono_tz::Europe::Oslo).unwrap_err();
        assert_eq!(
            err.to_string(),
            "2026-03-29T02:30 does not exist in Europe/Oslo: the clocks jump forward then; give the offset the time was read in: +01:00 (before the change) or +02:00 (after it)"
        );
        let err = parse_instant("2026-03-08T02:30", &chrono_tz::America::New_York).unwrap_err();
        assert!(
            err.to_string()
                .contains("-05:00 (before the change) or -04:00 (after it)"),
            "{err}"
        );
    }

    #[test]
    fn an_ambiguous_autumn_time_is_refused_with_both_offsets() {
        let err = parse_instant("2026-10-25 02:30", &chrono_tz::Europe::Oslo).unwrap_err();
        assert!(
            matches!(&err, ClockError::Ambiguous { first, second, .. } if first == "+02:00" && second == "+01:00"),
            "{err}"
        );
        // Either offset, given explicitly, is accepted and they are one hour apart.
        let first = parse_instant("2026-10-25T02:30+02:00", &chrono_tz::Europe::Oslo).unwrap();
        let second = parse_instant("2026-10-25T02:30+01:00", &chrono_tz::Europe::Oslo).unwrap();
        assert_eq!(second - first, Duration::hours(1));
    }

    #[test]
    fn explicit_offsets_and_utc_are_taken_as_given() {
        let t = parse_instant("2026-03-27T09:00:00Z", &chrono_tz::Europe::Oslo).unwrap();
        assert_eq!(
            t,
            parse_instant("2026-03-27T10:00", &chrono_tz::Europe::Oslo).unwrap()
        );
        assert_eq!(
            t,
            parse_instant("2026-03-27T10:00+01:00", &chrono_tz::UTC).unwrap()
        );
    }

    #[test]
    fn malformed_input_and_unknown_zones_are_refused() {
        for bad in [
            "",
            "2026-03-27",
            "27.03.2026 10:00",
            "2026-03-27T25:00",
            "2026-02-30T10:00",
            "2026-03-27T10:00+99",
        ] {
            assert!(
                matches!(
                    parse_instant(bad, &chrono_tz::Europe::Oslo),
                    Err(ClockError::Malformed(_))
                ),
                "{bad}"
            );
        }
        assert!(matches!(
            parse_zone("Europe/Gjøvik"),
            Err(ClockError::UnknownZone(_))
        ));
    }

    #[test]
    fn remaining_time_reads_in_hours_and_minutes() {
        let deadline = parse_instant("2026-03-30T10:00Z", &chrono_tz::UTC).unwrap();
        let at = |s: &str| parse_instant(s, &chrono_tz::UTC).unwrap();
        for (now, text) in [
            ("2026-03-28T10:48Z", "47 h 12 min left"),
            ("2026-03-30T09:55Z", "0 h 05 min left"),
            ("2026-03-30T13:10Z", "3 h 10 min late"),
            ("2026-04-04T14:00Z", "5 d 4 h late"),
        ] {
            assert_eq!(remaining_text(deadline, at(now)), text, "at {now}");
        }
        let seconds = |n: i64| deadline + Duration::seconds(n);
        assert_eq!(remaining_text(deadline, seconds(-30)), "under 1 min left");
        assert_eq!(
            remaining_text(deadline, seconds(30)),
            "0 h 01 min late",
            "lateness is never rounded away"
        );
        assert_eq!(remaining_text(deadline, deadline), "under 1 min left");
    }

    #[test]
    fn the_naive_three_days_reading_is_measured() {
        let oslo = parse_zone("Europe/Oslo").unwrap();
        let aware = |s: &str| parse_instant(s, &chrono_tz::Europe::Oslo).unwrap();
        assert_eq!(naive_reading_error(aware("2026-10-23T10:00"), &oslo), -60);
        assert_eq!(naive_reading_error(aware("2026-03-27T10:00"), &oslo), 60);
        assert_eq!(naive_reading_error(aware("2026-06-01T10:00"), &oslo), 0);
    }
}
