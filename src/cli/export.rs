use crate::platform::words::counted;
use std::io::Write;
use std::path::PathBuf;

use clap::Args;

use super::check::AsOf;
use super::CliError;
use crate::exchange::export::{export_all, export_to_file, export_to_writer, ExportOptions};
use crate::exchange::profile::Profile;
use crate::exchange::tables::Table;
use crate::platform::clock::Clock;

#[derive(Debug, Args)]
#[command(group(clap::ArgGroup::new("what").required(true).args(["table", "all"])))]
pub struct ExportArgs {
    /// Register file
    pub file: PathBuf,
    /// One table, e.g. processors, activities, requests (see docs/csv-format.md)
    #[arg(long, value_name = "T")]
    pub table: Option<String>,
    /// Every table: one CSV file each into the directory given with -o, or every sheet of the workbook
    #[arg(long, requires = "output")]
    pub all: bool,
    /// Output file (--table; default or "-": standard output) or directory (--all)
    #[arg(short = 'o', long = "output", value_name = "PATH")]
    pub output: Option<PathBuf>,
    /// rfc4180 (default), excel (BOM, ";"), or an authority's words for the activities, processors or breaches: ico, datatilsynet, imy
    #[arg(long, value_name = "P", default_value = "rfc4180")]
    pub profile: String,
    /// csv (default), or xlsx: one workbook (-o NAME.xlsx) with a sheet per register, typed cells
    #[arg(long, value_name = "F", default_value = "csv", value_parser = ["csv", "xlsx"])]
    pub format: String,
    /// Cell separator instead of the profile's: one character, or "tab"
    #[arg(long, value_name = "C")]
    pub delimiter: Option<String>,
    /// Write into a folder that is not empty (--all), or over an existing workbook
    #[arg(long)]
    pub force: bool,
    /// The register as it stood at the end of this day (YYYY-MM-DD, in the
    /// register's time zone) or at this moment, rebuilt from its change journal
    #[arg(long, value_name = "DATE")]
    pub as_of: Option<String>,
}

pub(super) fn run(args: ExportArgs, clock: Clock) -> Result<(), CliError> {
    // Check every argument before opening, so a typo is reported without touching the file.
    let table = args.table.as_deref().map(Table::parse).transpose()?;
    let mut options = ExportOptions {
        now: clock.now(),
        profile: Profile::parse(&args.profile).map_err(CliError::input)?,
        delimiter: super::delimiter_option(args.delimiter.as_deref())?,
    };
    if let Some(table) = table {
        options.check_table(table)?;
    }
    let as_of = args.as_of.as_deref().map(AsOf::parse).transpose()?;
    let workbook = match (args.format.as_str(), &args.output) {
        ("xlsx", Some(path)) if path.as_os_str() != "-" => Some(path.clone()),
        ("xlsx", _) => {
            return Err(CliError::input(
                "--format xlsx writes a file: name it with -o NAME.xlsx",
            ))
        }
        _ => None,
    };
    refuse_to_mix(&args, workbook.as_deref())?;
    let register = super::open_register(&args.file, clock)?;
    let rebuilt = as_of.is_some();
    let register = match as_of {
        Some(as_of) => {
            let zone = register.organisation()?.time_zone;
            options.now = as_of.moment(&zone)?.now;
            register.as_of(options.now)?
        }
        None => register,
    };
    if let Some(path) = workbook {
        let workbook = crate::exchange::workbook::WorkbookOptions {
            now: options.now,
            as_of: rebuilt,
            only: table,
            layout: Some(options.profile),
            replace: args.force,
        };
        let sheets = crate::exchange::workbook::export_workbook(&register, workbook, &path)
            .map_err(|e| e.naming_binary_values(&register))?;
        let records: usize = sheets.iter().map(|(_, rows)| rows).sum();
        tell!(
            "Wrote {} ({}, {})",
            path.display(),
            counted(sheets.len() + 1, "sheet"),
            counted(records, "record")
        );
        return Ok(());
    }
    match (table, args.output) {
        (Some(table), Some(path)) if path.as_os_str() != "-" => {
            let rows = export_to_file(&register, table, options, &path)
                .map_err(|e| e.naming_binary_values(&register))?;
            tell!("Wrote {} ({})", path.display(), counted(rows, "row"));
        }
        (Some(table), _) => {
            let stdout = std::io::stdout();
            let mut lock = stdout.lock();
            export_to_writer(&register, table, options, &mut lock)
                .map_err(|e| e.naming_binary_values(&register))?;
            lock.flush()
                .map_err(|e| CliError::input(format!("standard output: {e}")))?;
        }
        (None, Some(dir)) => {
            let written = super::progress_bar::with_bar("exporting", |progress| {
                export_all(&register, options, &dir, progress)
            })
            .map_err(|e| e.naming_binary_values(&register))?;
            for (path, rows) in written {
                tell!("Wrote {} ({})", path.display(), counted(rows, "row"));
            }
        }
        (None, None) => {
            return Err(CliError::input(
                "name a table with --table T, or use --all -o DIR",
            ))
        }
    }
    Ok(())
}

/// Two exports never mix: `--all` goes into a new or empty folder, and a
/// workbook is not written over an existing file, unless `--force` says so.
fn refuse_to_mix(args: &ExportArgs, workbook: Option<&std::path::Path>) -> Result<(), CliError> {
    if args.force {
        return Ok(());
    }
    if let Some(path) = workbook.filter(|p| p.exists()) {
        return Err(CliError::input(format!(
            "{} exists already: name a new file (--force replaces it)",
            path.display()
        )));
    }
    let folder = args
        .output
        .as_deref()
        .filter(|_| args.all && workbook.is_none());
    if let Some(dir) = folder.filter(|d| d.is_dir()) {
        let empty = std::fs::read_dir(dir).map_or(true, |mut entries| entries.next().is_none());
        if !empty {
            return Err(CliError::input(format!(
                "{} is not empty: an export goes into a new or empty folder, so two exports never mix (--force writes into it, replacing files of the same name)",
                dir.display()
            )));
        }
    }
    Ok(())
}
