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
    /// Write into a folder that is not empty (--all), or over an existing file
    /// (never over a register)
    #[arg(long)]
    pub force: bool,
    /// The register as it stood at the end of this day (YYYY-MM-DD, in the
    /// register's time zone) or at this moment, rebuilt from its change journal
    #[arg(long, value_name = "DATE")]
    pub as_of: Option<String>,
    /// Report the files written as JSON for scripts (needs -o: the CSV itself is not JSON)
    #[arg(long)]
    pub json: bool,
}

/// What an export wrote: each file with its records, and a workbook's sheets.
struct Written {
    files: Vec<(PathBuf, usize)>,
    sheets: Option<usize>,
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
    let ends_in_xlsx = |path: &std::path::Path| {
        path.extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("xlsx"))
    };
    let workbook = match (args.format.as_str(), &args.output) {
        ("xlsx", Some(path)) if ends_in_xlsx(path) => Some(path.clone()),
        ("xlsx", Some(path)) if path.as_os_str() != "-" => {
            return Err(CliError::input(format!(
                "--format xlsx writes a workbook: name it NAME.xlsx, not {} (a spreadsheet opens a file by its ending)",
                path.display()
            )))
        }
        ("xlsx", _) => {
            return Err(CliError::input(
                "--format xlsx writes a file: name it with -o NAME.xlsx",
            ))
        }
        (_, Some(path))
            if path
                .extension()
                .is_some_and(|e| e.eq_ignore_ascii_case("dpo")) =>
        {
            return Err(CliError::input(format!(
                "{} would be CSV text under a register's name: name a .csv file",
                path.display()
            )))
        }
        (_, Some(path)) if ends_in_xlsx(path) => {
            return Err(CliError::input(format!(
                "{} would be CSV text under a workbook's name: add --format xlsx for a workbook, or name a .csv file",
                path.display()
            )))
        }
        _ => None,
    };
    refuse_to_mix(&args, workbook.as_deref())?;
    if args.json && workbook.is_none() && args.output.as_ref().is_none_or(|o| o.as_os_str() == "-")
    {
        return Err(CliError::input(
            "--json reports the files written: name the file with -o (the CSV itself goes to standard output without --json)",
        ));
    }
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
    let written = match workbook {
        Some(path) => write_workbook(&register, &options, rebuilt, table, args.force, path)?,
        None => match write_csv(&register, options, table, args.output)? {
            Some(written) => written,
            None => return Ok(()),
        },
    };
    if args.json {
        // A workbook has no CSV profile; only an authority's layout shapes it.
        let csv_only = matches!(args.profile.as_str(), "rfc4180" | "excel");
        let profile = (written.sheets.is_none() || !csv_only).then_some(args.profile.as_str());
        report_json(
            &args.file,
            &args.format,
            profile,
            rebuilt.then_some(options.now),
            &written,
        );
    } else if let Some(sheets) = written.sheets {
        let records: usize = written.files.iter().map(|(_, rows)| rows).sum();
        for (path, _) in &written.files {
            tell!(
                "Wrote {} ({}, {})",
                path.display(),
                counted(sheets, "sheet"),
                counted(records, "record")
            );
        }
    } else {
        for (path, rows) in &written.files {
            tell!("Wrote {} ({})", path.display(), counted(*rows, "row"));
        }
    }
    Ok(())
}

/// The workbook at `path`: its sheets counted with the README sheet.
fn write_workbook(
    register: &crate::store::Register,
    options: &ExportOptions,
    as_of: bool,
    only: Option<Table>,
    replace: bool,
    path: PathBuf,
) -> Result<Written, CliError> {
    let workbook = crate::exchange::workbook::WorkbookOptions {
        now: options.now,
        as_of,
        only,
        layout: Some(options.profile),
        replace,
    };
    let sheets = crate::exchange::workbook::export_workbook(register, workbook, &path)
        .map_err(|e| e.naming_binary_values(register))?;
    let records: usize = sheets.iter().map(|(_, rows)| rows).sum();
    Ok(Written {
        files: vec![(path, records)],
        sheets: Some(sheets.len() + 1),
    })
}

/// CSV into a file, a folder (`--all`) or standard output (then nothing is
/// reported: `None`).
fn write_csv(
    register: &crate::store::Register,
    options: ExportOptions,
    table: Option<Table>,
    output: Option<PathBuf>,
) -> Result<Option<Written>, CliError> {
    let files = match (table, output) {
        (Some(table), Some(path)) if path.as_os_str() != "-" => {
            let rows = export_to_file(register, table, options, &path)
                .map_err(|e| e.naming_binary_values(register))?;
            vec![(path, rows)]
        }
        (Some(table), _) => {
            let stdout = std::io::stdout();
            let mut lock = stdout.lock();
            export_to_writer(register, table, options, &mut lock)
                .map_err(|e| e.naming_binary_values(register))?;
            lock.flush()
                .map_err(|e| CliError::input(format!("standard output: {e}")))?;
            return Ok(None);
        }
        (None, Some(dir)) => super::progress_bar::with_bar("exporting", |progress| {
            export_all(register, options, &dir, progress)
        })
        .map_err(|e| e.naming_binary_values(register))?,
        (None, None) => {
            return Err(CliError::input(
                "name a table with --table T, or use --all -o DIR",
            ))
        }
    };
    Ok(Some(Written {
        files,
        sheets: None,
    }))
}

/// `dpo export --json`: the files written, each with its records.
fn report_json(
    register: &std::path::Path,
    format: &str,
    profile: Option<&str>,
    as_of: Option<chrono::DateTime<chrono::Utc>>,
    written: &Written,
) {
    let files: Vec<serde_json::Value> = written
        .files
        .iter()
        .map(|(path, records)| serde_json::json!({"path": path.display().to_string(), "records": records}))
        .collect();
    let mut doc = serde_json::json!({
        "file": register.display().to_string(),
        "format": format,
        "profile": profile,
        "as_of": as_of.map(|at| at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)),
        "files": files,
    });
    if let Some(sheets) = written.sheets {
        doc["sheets"] = serde_json::json!(sheets);
    }
    super::output::print_json(&doc);
}

/// Two exports never mix: `--all` goes into a new or empty folder, and a
/// file (a table's, a workbook) is not written over an existing one, unless
/// `--force` says so; a register is never written over.
fn refuse_to_mix(args: &ExportArgs, workbook: Option<&std::path::Path>) -> Result<(), CliError> {
    let file = args
        .output
        .as_deref()
        .filter(|_| !args.all || workbook.is_some())
        .filter(|p| p.as_os_str() != "-" && p.is_file());
    if let Some(path) = file {
        // A register of this or a newer version, or one encrypted (random
        // bytes) under a register's name.
        let named_register = path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("dpo"));
        let register = match crate::store::read_identity(path) {
            Ok(crate::store::Identity::Plain(_))
            | Err(crate::store::StoreError::NewerSchema { .. }) => true,
            Ok(crate::store::Identity::MaybeEncrypted) => named_register,
            Err(_) => false,
        };
        if register {
            return Err(CliError::input(format!(
                "{} is a register: an export never replaces one; name a new file",
                path.display()
            )));
        }
        if !args.force {
            return Err(CliError::input(format!(
                "{} exists already: name a new file (--force replaces it)",
                path.display()
            )));
        }
    }
    if args.force {
        return Ok(());
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
