//! `dpo portfolio DIR`: every register in a folder with its organisation and
//! its most urgent findings, the one on fire first.

use crate::platform::words::counted;
use std::path::PathBuf;

use clap::Args;
use serde_json::json;

use super::check::{finding_json, when, AsOf};
use super::CliError;
use crate::domain::findings::Moment;
use crate::platform::clock::Clock;
use crate::services::portfolio::{registers_in, summarise, Entry};

#[derive(Debug, Args)]
pub struct PortfolioArgs {
    /// Folder holding the register files (*.dpo), or a server's address
    /// (postgres://USER@HOST:PORT/DB?register=ANY): every register there
    pub dir: PathBuf,
    /// Judge the clocks on another day (YYYY-MM-DD) or moment (YYYY-MM-DDTHH:MM)
    #[arg(long, value_name = "DATE")]
    pub as_of: Option<String>,
    /// Print JSON for scripts
    #[arg(long)]
    pub json: bool,
}

pub(super) fn run(args: PortfolioArgs, clock: Clock) -> Result<(), CliError> {
    let as_of = args.as_of.as_deref().map(AsOf::parse).transpose()?;
    let named = args.dir.to_string_lossy().to_string();
    let on_server = crate::store::server::is_server_address(&named);
    if !on_server && !args.dir.is_dir() {
        return Err(CliError::input(format!(
            "{}: not a folder (name the folder that holds the *.dpo registers)",
            args.dir.display()
        )));
    }
    let files = if on_server {
        registers_on_server(&named)?
    } else {
        registers_in(&args.dir)
            .map_err(|e| CliError::input(format!("{}: {e}", args.dir.display())))?
    };
    let moment_in = |zone: &chrono_tz::Tz| -> Result<Moment, String> {
        match &as_of {
            Some(as_of) => as_of.moment(zone).map_err(|e| e.message),
            None => Ok(Moment {
                today: crate::platform::clock::date_in(clock.now(), zone),
                now: clock.now(),
            }),
        }
    };
    let open = |path: &std::path::Path| super::open_to_summarise(path, clock);
    let entries = summarise(&files, &open, &moment_in);
    if args.json {
        print_json(&args.dir, &entries);
    } else {
        print_text(&args.dir, &entries);
    }
    Ok(())
}

/// The registers on the server of `url` (any register name in it).
fn registers_on_server(url: &str) -> Result<Vec<PathBuf>, CliError> {
    let address = crate::store::server::ServerAddress::parse(url).map_err(CliError::input)?;
    Ok(crate::services::portfolio::registers_on_server(&address)?)
}

fn print_text(dir: &std::path::Path, entries: &[Entry]) {
    if entries.is_empty() {
        say!("{}: no registers (*.dpo) here", dir.display());
        return;
    }
    let width = entries
        .iter()
        .map(|e| e.file_name().chars().count())
        .max()
        .unwrap_or(0);
    let unreadable = entries.iter().filter(|e| e.summary.is_err()).count();
    let readable = entries.len() - unreadable;
    say!(
        "{}: {}{}",
        dir.display(),
        crate::platform::words::counted(readable, "register"),
        match unreadable {
            0 => String::new(),
            1 => ", 1 file that cannot be read".to_string(),
            n => format!(", {n} files that cannot be read"),
        }
    );
    for e in entries {
        let name = e.file_name();
        match &e.summary {
            Err(message) => say!("{name:<width$}  cannot read: {message}"),
            Ok(s) => {
                say!(
                    "{name:<width$}  {}: {} to act on ({}, {}, {} running), as of {}",
                    s.organisation.name,
                    s.urgent,
                    counted(s.errors, "error"),
                    counted(s.warnings, "warning"),
                    s.info,
                    when(s.moment, &s.time_zone)
                );
                for f in &s.top {
                    let left = f.time_left(s.moment);
                    let left = if left.is_empty() {
                        f.severity.name().to_string()
                    } else {
                        left
                    };
                    say!(
                        "{:width$}    {left:<16} {}: {}",
                        "",
                        f.record.label,
                        f.message
                    );
                }
            }
        }
    }
}

fn print_json(dir: &std::path::Path, entries: &[Entry]) {
    let registers: Vec<serde_json::Value> = entries
        .iter()
        .map(|e| match &e.summary {
            Err(message) => json!({"file": e.path.display().to_string(), "error": message}),
            Ok(s) => json!({
                "file": e.path.display().to_string(),
                "organisation": s.organisation.to_json(),
                "time_zone": s.time_zone.name(),
                "as_of": s.moment.now.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
                "urgent": s.urgent,
                "counts": {"critical": s.critical, "error": s.errors, "warning": s.warnings, "info": s.info},
                "top": s.top.iter().map(|f| finding_json(f, s.moment)).collect::<Vec<_>>(),
            }),
        })
        .collect();
    let doc = json!({"folder": dir.display().to_string(), "registers": registers});
    super::output::print_json(&doc);
}
