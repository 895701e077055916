//! `dpo check FILE...`: the register lint for scripts and cron. One line per
//! finding (file, severity, stable code, record, message), or JSON; the exit
//! code says whether anything reached `--fail-on`.

use crate::platform::words::counted;
use std::path::{Path, PathBuf};

use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::Tz;
use clap::Args;
use serde_json::json;

use super::CliError;
use crate::domain::breach_clock::{long_time, parse_instant};
use crate::domain::findings::{end_of_day, Due, Finding, Moment, Severity};
use crate::domain::request::parse_iso_date;
use crate::platform::clock::{date_in, Clock};
use crate::services::check::lint;

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Register files (several: each is checked; e.g. clients/*.dpo)
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<PathBuf>,
    /// Judge the clocks on another day (YYYY-MM-DD: at the end of that day in
    /// each register's time zone) or moment (YYYY-MM-DDTHH:MM, local to the register)
    #[arg(long, value_name = "DATE")]
    pub as_of: Option<String>,
    /// Print JSON for scripts
    #[arg(long)]
    pub json: bool,
    /// Exit 1 when a finding is at least this severe: warning, error or critical
    #[arg(long, value_name = "LEVEL", default_value = "error")]
    pub fail_on: String,
}

/// What was found in one file, or why it could not be read.
struct Checked {
    file: PathBuf,
    result: Result<FileReport, CliError>,
}

struct FileReport {
    organisation: crate::domain::organisation::Organisation,
    time_zone: Tz,
    moment: Moment,
    findings: Vec<Finding>,
}

pub(super) fn run(args: CheckArgs, clock: Clock) -> Result<(), CliError> {
    let fail_on =
        Severity::parse(&args.fail_on).map_err(|e| CliError::input(format!("--fail-on: {e}")))?;
    if fail_on == Severity::Info {
        return Err(CliError::input(
            "--fail-on: warning, error or critical (info findings are running clocks, not failures)",
        ));
    }
    // A bad date is refused before any file is opened.
    let as_of = args.as_of.as_deref().map(AsOf::parse).transpose()?;
    let checked: Vec<Checked> = args
        .files
        .iter()
        .map(|file| Checked {
            file: file.clone(),
            result: check_file(file, clock, as_of.as_ref()),
        })
        .collect();
    if args.json {
        print_json(&checked);
    } else {
        print_text(&checked);
    }
    // An unreadable file weighs more than any finding: the check did not happen.
    let worst_error = checked
        .iter()
        .filter_map(|c| c.result.as_ref().err())
        .map(|e| e.code)
        .max();
    if let Some(code) = worst_error {
        return Err(CliError {
            message: String::new(),
            code,
        });
    }
    let failing = checked
        .iter()
        .filter_map(|c| c.result.as_ref().ok())
        .flat_map(|r| &r.findings)
        .filter(|f| f.severity >= fail_on)
        .count();
    if failing > 0 {
        return Err(CliError {
            message: format!(
                "{} at {} or above",
                crate::platform::words::counted(failing, "finding"),
                fail_on.name()
            ),
            code: 1,
        });
    }
    Ok(())
}

/// The `--as-of` value: a day, or a moment local to each register.
pub(super) enum AsOf {
    Day(NaiveDate),
    Moment(String),
}

impl AsOf {
    pub(super) fn parse(text: &str) -> Result<AsOf, CliError> {
        let text = text.trim();
        if text.len() <= 10 {
            return parse_iso_date(text)
                .map(AsOf::Day)
                .map_err(|e| CliError::input(format!("--as-of: {e}")));
        }
        // Checked against UTC now; each register reads it in its own zone later.
        parse_instant(text, &chrono_tz::UTC)
            .map(|_| AsOf::Moment(text.to_string()))
            .map_err(|e| CliError::input(format!("--as-of: {e}")))
    }

    pub(super) fn moment(&self, tz: &Tz) -> Result<Moment, CliError> {
        match self {
            AsOf::Day(day) => Ok(Moment {
                today: *day,
                // A zone whose midnight the clocks skip: the day's end in UTC.
                now: end_of_day(*day, tz)
                    .unwrap_or_else(|| day.and_hms_opt(23, 59, 59).unwrap_or_default().and_utc()),
            }),
            AsOf::Moment(text) => {
                let now = parse_instant(text, tz)
                    .map_err(|e| CliError::input(format!("--as-of: {e}")))?;
                Ok(Moment {
                    today: date_in(now, tz),
                    now,
                })
            }
        }
    }
}

fn check_file(file: &Path, clock: Clock, as_of: Option<&AsOf>) -> Result<FileReport, CliError> {
    let register = super::open_register(file, clock)?;
    let organisation = register.organisation()?;
    let time_zone = organisation.time_zone;
    let moment = match as_of {
        Some(as_of) => as_of.moment(&time_zone)?,
        None => Moment {
            today: date_in(clock.now(), &time_zone),
            now: clock.now(),
        },
    };
    // The clocks of today's records, judged on that day: records kept from a
    // spreadsheet carry their own dates, so the register is not rebuilt as of
    // then (`dpo export --as-of` does that).
    Ok(FileReport {
        organisation,
        findings: register.naming_binary_values(lint(&register, moment))?,
        time_zone,
        moment,
    })
}

/// Critical, errors (the critical ones included: a script that fails on
/// errors fails on those too), warnings, information.
fn counts(findings: &[Finding]) -> [usize; 4] {
    let n = |s| findings.iter().filter(|f| f.severity == s).count();
    let critical = n(Severity::Critical);
    [
        critical,
        n(Severity::Error) + critical,
        n(Severity::Warning),
        n(Severity::Info),
    ]
}

pub(super) fn when(moment: Moment, zone: &Tz) -> String {
    long_time(moment.now, zone)
}

fn print_text(checked: &[Checked]) {
    for c in checked {
        let file = c.file.display();
        match &c.result {
            Err(e) => say!("{file}: cannot check: {}", e.message),
            Ok(r) => {
                let [critical, errors, warnings, info] = counts(&r.findings);
                let critical = match critical {
                    0 => String::new(),
                    n => format!("{n} critical, "),
                };
                say!(
                    "{file}: {} — {critical}{}, {}, {info} info, as of {}",
                    r.organisation.name,
                    counted(errors, "error"),
                    counted(warnings, "warning"),
                    when(r.moment, &r.time_zone)
                );
                for f in &r.findings {
                    say!(
                        "{file}: {} {} {} ({}): {}",
                        f.severity.name(),
                        f.code,
                        f.record.place(),
                        f.record.label,
                        f.message
                    );
                }
            }
        }
    }
}

fn due_text(due: Option<Due>) -> serde_json::Value {
    match due {
        None => serde_json::Value::Null,
        Some(Due::Day(day)) => json!(day.to_string()),
        Some(Due::At(at)) => json!(rfc3339(at)),
    }
}

fn rfc3339(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

/// One finding as `dpo check --json` and `dpo portfolio --json` print it.
pub(super) fn finding_json(f: &Finding, moment: Moment) -> serde_json::Value {
    json!({
        "code": f.code,
        "severity": f.severity.name(),
        "level": crate::domain::urgency::Level::of(f.code).name(),
        "table": f.record.area.name(),
        "record_id": f.record.record_id(),
        "record": f.record.label,
        "message": f.message,
        "due": due_text(f.due),
        "overdue": f.overdue(moment),
        "time_left": f.time_left(moment),
    })
}

fn print_json(checked: &[Checked]) {
    let registers: Vec<serde_json::Value> = checked
        .iter()
        .map(|c| match &c.result {
            Err(e) => json!({
                "file": c.file.display().to_string(),
                "error": e.message,
                "exit_code": e.code,
            }),
            Ok(r) => {
                let [critical, errors, warnings, info] = counts(&r.findings);
                let findings: Vec<serde_json::Value> = r
                    .findings
                    .iter()
                    .map(|f| finding_json(f, r.moment))
                    .collect();
                json!({
                    "file": c.file.display().to_string(),
                    "organisation": r.organisation.to_json(),
                    "time_zone": r.time_zone.name(),
                    "as_of": rfc3339(r.moment.now),
                    "date": r.moment.today.to_string(),
                    "counts": {"critical": critical, "error": errors, "warning": warnings, "info": info},
                    "findings": findings,
                })
            }
        })
        .collect();
    let doc = json!({ "registers": registers });
    super::output::print_json(&doc);
}
