//! The one place that reads the system clock. Everything else is given a
//! [`Clock`] (the register holds the one it was opened with) or a moment
//! taken from one, so rules, the store, exports and screens run the same on
//! any day, at any hour, in any zone — and tests choose their moment.

use chrono::{DateTime, NaiveDate, NaiveTime, SecondsFormat, Utc};

/// The environment variable that fixes the binary's clock at one moment, for
/// tests that run the real binary and for reproducible demos: an RFC 3339
/// instant (`2026-11-23T10:00:00Z`) or a date (`2026-11-23`, read as 12:00
/// UTC, the same date in every zone from UTC−11 to UTC+11).
pub const FIXED_NOW_VARIABLE: &str = "DPO_NOW";

/// Where "now" comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Clock {
    /// The system's clock: the binary's, unless `DPO_NOW` fixes it.
    System,
    /// One moment that does not move: a test's, `DPO_NOW`'s, or the moment a
    /// register rebuilt from its journal stands at.
    Fixed(DateTime<Utc>),
}

impl Clock {
    /// The binary's clock: the system's, or the moment `DPO_NOW` gives.
    pub fn from_environment() -> Result<Clock, String> {
        match std::env::var(FIXED_NOW_VARIABLE) {
            Ok(text) if !text.trim().is_empty() => parse_fixed(&text)
                .map(Clock::Fixed)
                .map_err(|e| format!("{FIXED_NOW_VARIABLE}: {e}")),
            _ => Ok(Clock::System),
        }
    }

    pub fn fixed(at: DateTime<Utc>) -> Clock {
        Clock::Fixed(at)
    }

    /// Now, as an instant.
    pub fn now(&self) -> DateTime<Utc> {
        match self {
            Clock::System => Utc::now(),
            Clock::Fixed(at) => *at,
        }
    }
}

/// The date `instant` falls on in `zone`: a request received at 00:30 in
/// Oslo was received on that Oslo date.
pub fn date_in(instant: DateTime<Utc>, zone: &chrono_tz::Tz) -> NaiveDate {
    instant.with_timezone(zone).date_naive()
}

/// A record's `created_at`/`updated_at`: UTC to the second.
pub fn stamp_seconds(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(SecondsFormat::Secs, true)
}

/// A journal entry's `at`: UTC to the millisecond (entries of one second keep their order).
pub fn stamp_millis(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(SecondsFormat::Millis, true)
}

fn parse_fixed(text: &str) -> Result<DateTime<Utc>, String> {
    let text = text.trim();
    if let Ok(at) = DateTime::parse_from_rfc3339(text) {
        return Ok(at.with_timezone(&Utc));
    }
    if let Ok(day) = NaiveDate::parse_from_str(text, "%Y-%m-%d") {
        return Ok(day
            .and_time(NaiveTime::from_hms_opt(12, 0, 0).unwrap_or_default())
            .and_utc());
    }
    Err(format!(
        "'{text}' is neither an RFC 3339 instant (2026-11-23T10:00:00Z) nor a date (2026-11-23)"
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_fixed_clock_stands_still_and_reads_its_date_in_the_zone() {
        let at: DateTime<Utc> = "2026-12-06T23:30:00Z".parse().unwrap();
        let clock = Clock::fixed(at);
        assert_eq!(clock.now(), at);
        assert_eq!(clock.now(), clock.now());
        let today_in = |zone| date_in(clock.now(), &zone).to_string();
        assert_eq!(today_in(chrono_tz::UTC), "2026-12-06");
        assert_eq!(today_in(chrono_tz::Europe::Oslo), "2026-12-07");
        assert_eq!(today_in(chrono_tz::America::Los_Angeles), "2026-12-06");
    }

    #[test]
    fn the_fixed_moment_is_an_instant_or_a_date_at_noon_utc() {
        assert_eq!(
            parse_fixed("2028-02-29T23:30:00+01:00")
                .unwrap()
                .to_rfc3339(),
            "2028-02-29T22:30:00+00:00"
        );
        assert_eq!(
            parse_fixed(" 2026-11-23 ").unwrap().to_rfc3339(),
            "2026-11-23T12:00:00+00:00"
        );
        let error = parse_fixed("yesterday").unwrap_err();
        assert!(error.contains("'yesterday'"), "{error}");
    }

    #[test]
    fn stamps_are_utc_with_a_z() {
        let at: DateTime<Utc> = "2026-03-29T01:30:05.123456Z".parse().unwrap();
        assert_eq!(stamp_seconds(at), "2026-03-29T01:30:05Z");
        assert_eq!(stamp_millis(at), "2026-03-29T01:30:05.123Z");
    }
}
