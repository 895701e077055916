//! CSV exports and imports started from the workbench. They can take long on a
//! big register, so the run loop runs them on a thread with a connection of
//! their own while the screen stays live, and reads their progress from a
//! shared counter. Tests perform them in place through the same `run`.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::thread::JoinHandle;

use crate::domain::validation::FieldErrors;
use crate::exchange::export::{export_into, ExportOptions};
use crate::exchange::import::{import_all, import_table, ImportOptions, ImportReport};
use crate::exchange::progress::Progress;
use crate::exchange::tables::Table;
use crate::exchange::ExchangeError;
use crate::platform::clock::Clock;
use crate::store::Register;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Job {
    /// Writes `tables` (one, or all) into `folder` as `<table>.csv`.
    Export {
        tables: Vec<Table>,
        options: ExportOptions,
        /// The folder of CSV files, or the workbook's file.
        folder: PathBuf,
        /// One workbook (`folder` is then its file) instead of CSV files.
        workbook: bool,
        /// The register as it stood then (rebuilt from its journal), when the
        /// workbench is viewing an earlier day.
        as_of: Option<chrono::DateTime<chrono::Utc>>,
    },
    Import {
        source: ImportSource,
        options: ImportOptions,
    },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ImportSource {
    /// What `export --all` wrote: every `<table>.csv` in it.
    Folder(PathBuf),
    /// One CSV file; `None`: the table named by the file (`processors.csv`).
    File { path: PathBuf, table: Option<Table> },
}

/// What a progress count counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    Records,
    Bytes,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum JobOutcome {
    /// Each file written with its record count.
    Exported(Vec<(PathBuf, usize)>),
    /// The report of an import, or of its check when it was a dry run.
    Imported(ImportReport),
    /// The user asked it to stop; an import wrote nothing.
    Stopped,
    Failed(String),
}

impl Job {
    /// Whether it takes the register's write lock (an import does, even a check,
    /// which reads the register the way the real import will write it).
    pub fn writes(&self) -> bool {
        matches!(self, Job::Import { .. })
    }

    pub fn unit(&self) -> Unit {
        match self {
            Job::Export { .. } => Unit::Records,
            Job::Import { .. } => Unit::Bytes,
        }
    }

    /// What the progress dialog calls it, e.g. "Checking processors.csv".
    pub fn title(&self) -> String {
        match self {
            Job::Export { folder, .. } => format!("Exporting to {}", folder.display()),
            Job::Import { source, options } => format!(
                "{} {}",
                if options.dry_run {
                    "Checking"
                } else {
                    "Importing"
                },
                source.path().display()
            ),
        }
    }

    /// One line on what it does, e.g. "18 tables, excel profile".
    pub fn summary(&self) -> String {
        match self {
            Job::Export {
                tables,
                options,
                as_of,
                workbook,
                ..
            } => {
                let what = match (tables.as_slice(), workbook) {
                    (_, true) if tables.len() > 1 => {
                        "the workbook, a sheet per register".to_string()
                    }
                    ([one], true) => format!("the workbook's {} sheet", one.name()),
                    ([one], false) => format!("{}.csv", one.name()),
                    (all, _) => format!("{} tables, one file each", all.len()),
                };
                if *workbook {
                    let when = as_of.map_or(String::new(), |at| {
                        format!(
                            ", as of {}",
                            at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
                        )
                    });
                    return format!("{what}{when}");
                }
                let when = as_of.map_or(String::new(), |at| {
                    format!(
                        ", as of {}",
                        at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
                    )
                });
                format!("{what}, {} profile{when}", options.profile.name())
            }
            Job::Import { source, options } => {
                let what = match source {
                    ImportSource::Folder(_) => "every <table>.csv in the folder".to_string(),
                    ImportSource::File { table, .. } => match table {
                        Some(t) => format!("into {}", t.name()),
                        None => "table from the file name".to_string(),
                    },
                };
                if options.dry_run {
                    format!("{what}; nothing is written while checking")
                } else {
                    format!("{what}; one transaction, all or nothing")
                }
            }
        }
    }

    /// The same import, this time for real.
    pub fn for_real(&self) -> Job {
        match self {
            Job::Import { source, options } => Job::Import {
                source: source.clone(),
                options: ImportOptions {
                    dry_run: false,
                    ..*options
                },
            },
            other => other.clone(),
        }
    }
}

impl ImportSource {
    pub fn path(&self) -> &Path {
        match self {
            ImportSource::Folder(path) | ImportSource::File { path, .. } => path,
        }
    }
}

/// Where a path typed in a dialog points: `~/` is the home folder, and a
/// relative path starts at the register's folder (as document paths do),
/// since the folder the workbench was started from is not on screen.
pub fn resolve(typed: &str, register_folder: &Path, home: Option<&Path>) -> PathBuf {
    let typed = typed.trim();
    match (typed.strip_prefix("~/"), home) {
        (Some(rest), Some(home)) => home.join(rest),
        _ if typed == "~" && home.is_some() => home.map(Path::to_path_buf).unwrap_or_default(),
        _ => register_folder.join(typed),
    }
}

/// Resolves the job's paths and checks them against the file system before
/// anything starts, so a typo comes back to the dialog's field at once.
pub fn prepare(job: Job, register_folder: &Path) -> Result<Job, FieldErrors> {
    let home = directories::BaseDirs::new().map(|d| d.home_dir().to_path_buf());
    let home = home.as_deref();
    let fail = |field: &'static str, message: String| {
        let mut errors = FieldErrors::default();
        errors.push(field, message);
        Err(errors)
    };
    match job {
        Job::Export {
            tables,
            options,
            folder,
            as_of,
            workbook,
        } => {
            let folder = resolve(&folder.to_string_lossy(), register_folder, home);
            // Two exports never mix: a new folder or file each time.
            if workbook && folder.exists() {
                return fail(
                    "folder",
                    format!("{} exists already: name a new file", folder.display()),
                );
            }
            if folder.exists() && !folder.is_dir() {
                return fail(
                    "folder",
                    format!("{} is a file: name a folder", folder.display()),
                );
            }
            let full = std::fs::read_dir(&folder).is_ok_and(|mut d| d.next().is_some());
            if !workbook && full {
                return fail(
                    "folder",
                    format!(
                        "{} is not empty: an export goes into a new folder, so two exports never mix",
                        folder.display()
                    ),
                );
            }
            Ok(Job::Export {
                tables,
                options,
                folder,
                as_of,
                workbook,
            })
        }
        Job::Import { source, options } => {
            let path = resolve(&source.path().to_string_lossy(), register_folder, home);
            let source = if path.is_dir() {
                ImportSource::Folder(path)
            } else if path.is_file() {
                let table = match source {
                    ImportSource::File { table: Some(t), .. } => t,
                    _ => match table_of(&path) {
                        Some(t) => t,
                        None => {
                            return fail(
                                "table",
                                format!(
                                    "{} is not named after a table: choose the table it holds",
                                    file_name(&path)
                                ),
                            )
                        }
                    },
                };
                ImportSource::File {
                    path,
                    table: Some(table),
                }
            } else {
                return fail(
                    "source",
                    format!("{}: no such file or folder", path.display()),
                );
            };
            Ok(Job::Import { source, options })
        }
    }
}

/// The table a file is named after, as `export --all` names them.
fn table_of(path: &Path) -> Option<Table> {
    Table::parse(path.file_stem()?.to_str()?).ok()
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string())
}

/// Does the work on `register`, counting in `progress`.
pub fn run(register: &mut Register, job: &Job, progress: &Arc<Progress>) -> JobOutcome {
    let result = match job {
        Job::Export {
            tables,
            options,
            folder,
            workbook: true,
            as_of,
        } => {
            let workbook = crate::exchange::workbook::WorkbookOptions {
                now: options.now,
                as_of: as_of.is_some(),
                only: (tables.len() == 1).then(|| tables[0]),
                layout: Some(options.profile),
                replace: false,
            };
            crate::exchange::workbook::export_workbook(register, workbook, folder).map(|sheets| {
                let records = sheets.iter().map(|(_, rows)| rows).sum();
                JobOutcome::Exported(vec![(folder.clone(), records)])
            })
        }
        Job::Export {
            tables,
            options,
            folder,
            ..
        } => export_into(register, tables, *options, folder, progress).map(JobOutcome::Exported),
        Job::Import { source, options } => match source {
            ImportSource::Folder(dir) => import_all(register, dir, *options, progress),
            ImportSource::File {
                path,
                table: Some(table),
            } => import_table(register, *table, path, *options, progress),
            ImportSource::File { path, table: None } => match table_of(path) {
                Some(table) => import_table(register, table, path, *options, progress),
                None => Err(ExchangeError::Profile(format!(
                    "{}: not named after a table",
                    file_name(path)
                ))),
            },
        }
        .map(JobOutcome::Imported),
    };
    match result {
        Ok(outcome) => outcome,
        Err(ExchangeError::Stopped) => JobOutcome::Stopped,
        Err(e) => JobOutcome::Failed(e.to_string()),
    }
}

/// A job running on its own thread.
pub struct Running {
    progress: Arc<Progress>,
    handle: JoinHandle<JobOutcome>,
    shown: (u64, u64),
}

/// Starts `job` on a thread with its own connection to the register at `path`.
pub fn spawn(path: &Path, clock: Clock, job: Job) -> Running {
    let progress = Arc::new(Progress::default());
    let shared = progress.clone();
    let path = path.to_path_buf();
    let handle = std::thread::spawn(move || match Register::open(&path, clock) {
        Ok(register) => {
            register.set_via("tui");
            // Viewing an earlier day: the export is of that day, rebuilt here.
            let register = match &job {
                Job::Export {
                    as_of: Some(at), ..
                } => register.as_of(*at),
                _ => Ok(register),
            };
            match register {
                Ok(mut register) => run(&mut register, &job, &shared),
                Err(e) => JobOutcome::Failed(e.to_string()),
            }
        }
        Err(e) => JobOutcome::Failed(e.to_string()),
    });
    Running {
        progress,
        handle,
        shown: (0, 0),
    }
}

impl Running {
    /// The count, when it moved since the last call.
    pub fn progress(&mut self) -> Option<(u64, u64)> {
        let now = self.progress.snapshot();
        (now != self.shown).then(|| {
            self.shown = now;
            now
        })
    }

    pub fn is_finished(&self) -> bool {
        self.handle.is_finished()
    }

    pub fn stop(&self) {
        self.progress.request_stop();
    }

    /// Waits for the thread (at once when `is_finished`) and takes its outcome.
    pub fn finish(self) -> JobOutcome {
        self.handle.join().unwrap_or_else(|_| {
            JobOutcome::Failed("the work stopped unexpectedly; the register was not changed".into())
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typed_paths_start_at_the_register_folder_or_home() {
        let folder = Path::new("/clients/acme");
        let home = Some(Path::new("/home/kari"));
        assert_eq!(
            resolve("audit", folder, home),
            PathBuf::from("/clients/acme/audit")
        );
        assert_eq!(
            resolve(" ~/out/x.csv ", folder, home),
            PathBuf::from("/home/kari/out/x.csv")
        );
        assert_eq!(resolve("~", folder, home), PathBuf::from("/home/kari"));
        assert_eq!(resolve("/tmp/a", folder, home), PathBuf::from("/tmp/a"));
        assert_eq!(
            resolve("~/x", folder, None),
            PathBuf::from("/clients/acme/~/x")
        );
    }

    #[test]
    fn files_are_matched_to_tables_by_their_name_only() {
        assert_eq!(
            table_of(Path::new("/a/processors.csv")),
            Some(Table::Processors)
        );
        assert_eq!(
            table_of(Path::new("request_events.csv")),
            Some(Table::RequestEvents)
        );
        assert_eq!(table_of(Path::new("processors-2026.csv")), None);
    }
}
