//! `dpo breach-clock`: the Art. 33(1) deadline of a breach, for scripts and auditors.

use chrono::SecondsFormat;
use clap::Args;
use serde_json::json;

use super::CliError;
use crate::domain::breach_clock::{
    in_zone, long_time, naive_reading_error, notification_deadline, parse_instant, parse_zone,
};

#[derive(Debug, Args)]
pub struct BreachClockArgs {
    /// When the controller became aware: YYYY-MM-DDTHH:MM[:SS], local to --tz unless it has an offset
    #[arg(long, value_name = "DATETIME")]
    pub aware: String,
    /// IANA time zone the deadline is shown in (and --aware is read in), e.g. Europe/Oslo
    #[arg(long, value_name = "ZONE")]
    pub tz: String,
    /// Print JSON for scripts
    #[arg(long)]
    pub json: bool,
}

pub(super) fn run(args: BreachClockArgs) -> Result<(), CliError> {
    let zone = parse_zone(&args.tz).map_err(|e| CliError::input(format!("--tz: {e}")))?;
    let aware =
        parse_instant(&args.aware, &zone).map_err(|e| CliError::input(format!("--aware: {e}")))?;
    let deadline = notification_deadline(aware);
    let (aware_local, deadline_local) = (in_zone(aware, &zone), in_zone(deadline, &zone));
    // Adding three calendar days to the wall clock is the classic mistake; say when it would differ.
    let shift = naive_reading_error(aware, &zone);
    let note = (shift != 0).then(|| {
        let direction = if shift < 0 { "late" } else { "early" };
        format!(
            "the clocks change in between: \"three days later at the same time\" would be {} minutes {direction}",
            shift.abs()
        )
    });
    if args.json {
        let doc = json!({
            "aware_utc": aware.to_rfc3339_opts(SecondsFormat::Secs, true),
            "aware_local": aware_local.to_rfc3339_opts(SecondsFormat::Secs, false),
            "deadline_utc": deadline.to_rfc3339_opts(SecondsFormat::Secs, true),
            "deadline_local": deadline_local.to_rfc3339_opts(SecondsFormat::Secs, false),
            "zone": args.tz.trim(),
            "hours": 72,
            "rule": "GDPR Art. 33(1): 72 hours of elapsed time from awareness; weekends and holidays do not extend it",
            "note": note,
        });
        super::output::print_json(&doc);
        return Ok(());
    }
    let lines = [
        (
            "Aware",
            format!(
                "{}  {}",
                aware_local.to_rfc3339_opts(SecondsFormat::Secs, false),
                long_time(aware, &zone)
            ),
        ),
        (
            "Deadline (UTC)",
            deadline.to_rfc3339_opts(SecondsFormat::Secs, true),
        ),
        (
            "Deadline (local)",
            format!(
                "{}  {}",
                deadline_local.to_rfc3339_opts(SecondsFormat::Secs, false),
                long_time(deadline, &zone)
            ),
        ),
        (
            "Rule",
            "GDPR Art. 33(1): 72 hours of elapsed time; weekends and holidays do not extend it"
                .to_string(),
        ),
    ];
    for (label, value) in lines {
        say!("{label:<18}{value}");
    }
    if let Some(note) = note {
        say!("\nNote: {note}.");
    }
    Ok(())
}
