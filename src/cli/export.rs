use std::io::Write;
use std::path::PathBuf;

use clap::Args;

use super::CliError;
use crate::exchange::export::{export_all, export_to_file, export_to_writer};
use crate::exchange::tables::Table;
use crate::store::Register;

#[derive(Debug, Args)]
#[command(group(clap::ArgGroup::new("what").required(true).args(["table", "all"])))]
pub struct ExportArgs {
    /// Register file
    pub file: PathBuf,
    /// One table: organisation or processors
    #[arg(long, value_name = "T")]
    pub table: Option<String>,
    /// Every table, one CSV file each, into the directory given with -o
    #[arg(long, requires = "output")]
    pub all: bool,
    /// Output file (--table; default or "-": standard output) or directory (--all)
    #[arg(short = 'o', long = "output", value_name = "PATH")]
    pub output: Option<PathBuf>,
}

pub fn run(args: ExportArgs) -> Result<(), CliError> {
    // Name the table before opening, so a typo is reported without touching the file.
    let table = args.table.as_deref().map(Table::parse).transpose()?;
    let register = Register::open(&args.file)?;
    match (table, args.output) {
        (Some(table), Some(path)) if path.as_os_str() != "-" => {
            let rows = export_to_file(&register, table, &path)?;
            eprintln!(
                "Wrote {} ({rows} {})",
                path.display(),
                if rows == 1 { "row" } else { "rows" }
            );
        }
        (Some(table), _) => {
            let stdout = std::io::stdout();
            let mut lock = stdout.lock();
            export_to_writer(&register, table, &mut lock)?;
            lock.flush()
                .map_err(|e| CliError::input(format!("standard output: {e}")))?;
        }
        (None, Some(dir)) => {
            for (path, rows) in export_all(&register, &dir)? {
                eprintln!(
                    "Wrote {} ({rows} {})",
                    path.display(),
                    if rows == 1 { "row" } else { "rows" }
                );
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
