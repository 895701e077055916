use std::path::PathBuf;

use clap::Args;

use super::CliError;
use crate::exchange::import::{import_all, import_table, ImportOptions, ImportReport};
use crate::exchange::tables::Table;
use crate::exchange::ExchangeError;
use crate::platform::clock::Clock;
use crate::platform::words::counted;

#[derive(Debug, Args)]
#[command(group(clap::ArgGroup::new("what").required(true).args(["table", "all"])))]
pub struct ImportArgs {
    /// Register file
    pub file: PathBuf,
    /// The table the CSV file holds, e.g. processors (see docs/csv-format.md)
    #[arg(long, value_name = "T", requires = "csv")]
    pub table: Option<String>,
    /// The CSV file (with --table)
    pub csv: Option<PathBuf>,
    /// A folder as `export --all` writes it: every <table>.csv in it
    #[arg(long, value_name = "DIR", conflicts_with = "csv")]
    pub all: Option<PathBuf>,
    /// Check everything and report what would change, but write nothing
    #[arg(long)]
    pub dry_run: bool,
    /// Cell separator, when detection from the header guesses wrong: one character, or "tab"
    #[arg(long, value_name = "C")]
    pub delimiter: Option<String>,
    /// Print the report as JSON for scripts (every problem with its file, line and column)
    #[arg(long)]
    pub json: bool,
}

pub(super) fn run(args: ImportArgs, clock: Clock) -> Result<(), CliError> {
    let table = args.table.as_deref().map(Table::parse).transpose()?;
    let options = ImportOptions {
        dry_run: args.dry_run,
        delimiter: super::delimiter_option(args.delimiter.as_deref())?,
    };
    if let Some(csv) = &args.csv {
        if !csv.is_file() {
            let why = if csv.exists() {
                "not a file of its own (a folder, device or pipe): give a CSV file, or a folder with --all"
            } else {
                "no such file"
            };
            return Err(CliError::input(format!("{}: {why}", csv.display())));
        }
    }
    let mut register = super::open_register(&args.file, clock)?;
    // What would endanger the import refuses it when it starts; the rest is said.
    for finding in register.schema_findings()? {
        if !finding.endangers_writes() {
            tell!("dpo: warning: {}: {finding}", args.file.display());
        }
    }
    let report =
        super::progress_bar::with_bar("importing", |progress| match (table, args.csv, args.all) {
            (Some(table), Some(csv), None) => {
                import_table(&mut register, table, &csv, options, progress)
            }
            (None, None, Some(dir)) => import_all(&mut register, &dir, options, progress),
            _ => Err(ExchangeError::Profile(
                "give --table T with a CSV file, or --all DIR".into(),
            )),
        })?;
    if args.json {
        super::output::print_json(&report_json(&args.file, &report, args.dry_run));
    } else {
        print_report(&report, args.dry_run);
    }
    if report.is_ok() {
        Ok(())
    } else {
        Err(CliError::input(format!(
            "nothing was imported: {} in the {}",
            counted(report.error_count, "error"),
            if report.tables.len() == 1 {
                "file"
            } else {
                "files"
            }
        )))
    }
}

/// The report as `dpo import --json` prints it, on success and on refusal
/// alike (then `committed` is false and `errors` says why).
fn report_json(file: &std::path::Path, report: &ImportReport, dry_run: bool) -> serde_json::Value {
    let tables: Vec<serde_json::Value> = report
        .tables
        .iter()
        .map(|t| {
            serde_json::json!({
                "table": t.table.name(),
                "file": t.file.display().to_string(),
                "inserted": t.inserted,
                "updated": t.updated,
                "unchanged": t.unchanged,
            })
        })
        .collect();
    let errors: Vec<serde_json::Value> = report
        .errors
        .iter()
        .map(|e| {
            serde_json::json!({
                "file": e.file,
                "line": e.line,
                "column": e.column,
                "value": e.value,
                "message": e.message,
            })
        })
        .collect();
    serde_json::json!({
        "file": file.display().to_string(),
        "dry_run": dry_run,
        "committed": report.committed,
        "tables": tables,
        "notes": report.notes,
        "error_count": report.error_count,
        "errors": errors,
    })
}

fn print_report(report: &ImportReport, dry_run: bool) {
    for e in &report.errors {
        tell!("{e}");
    }
    let more = report.error_count - report.errors.len();
    if more > 0 {
        tell!(
            "… and {more} more {}",
            if more == 1 { "error" } else { "errors" }
        );
    }
    if !report.is_ok() {
        return;
    }
    let (insert, update) = if dry_run {
        ("would insert", "would update")
    } else {
        ("inserted", "updated")
    };
    for t in &report.tables {
        let mut line = format!(
            "{}: {insert} {}, {update} {}",
            t.file.display(),
            t.inserted,
            t.updated
        );
        if t.unchanged > 0 {
            line.push_str(&format!(", {} already there", t.unchanged));
        }
        tell!("{line}");
    }
    for note in &report.notes {
        tell!("note: {note}");
    }
    if dry_run {
        tell!("Dry run: nothing was written.");
    }
}
