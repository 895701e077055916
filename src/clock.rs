//! The one place that reads the system clock. Everything below it takes the
//! date as a parameter, so rules and screens are tested on any day.

use std::str::FromStr;

use chrono::{DateTime, NaiveDate, Utc};

/// Now, as an instant.
pub fn now() -> DateTime<Utc> {
    Utc::now()
}

/// The date `instant` falls on in `time_zone` (UTC when the zone is unknown).
pub fn date_in(instant: DateTime<Utc>, time_zone: &str) -> NaiveDate {
    match chrono_tz::Tz::from_str(time_zone) {
        Ok(tz) => instant.with_timezone(&tz).date_naive(),
        Err(_) => instant.date_naive(),
    }
}

/// Today's date in the register's time zone (UTC when the zone is unknown):
/// a request received at 00:30 in Oslo was received on that Oslo date.
pub fn today_in(time_zone: &str) -> NaiveDate {
    date_in(now(), time_zone)
}
