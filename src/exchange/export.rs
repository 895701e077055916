//! Writing tables to files in a profile (see `profile.rs`). A file is
//! written under a temporary name and renamed when complete, so a failed export
//! never leaves half a register behind for an auditor to find.

use std::fs::{self, File};
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use chrono::{DateTime, Utc};

use super::profile::{neutralise_for, CsvFormat, Profile, BOM};
use super::progress::Progress;
use super::tables::Table;
use super::ExchangeError;
use crate::platform::private_file::stale_temps_in;
use crate::store::Register;

/// A CSV file being written in one profile's format: the byte-order mark
/// first when the profile wants one, then records whose cells are neutralised
/// against formula injection.
pub struct CsvOut<W: Write> {
    inner: csv::Writer<W>,
    /// A spreadsheet profile: number-like text is kept as text too.
    spreadsheet: bool,
    /// Counts the records written, and may ask to stop.
    progress: Option<Arc<Progress>>,
}

/// How often a long export reports its count and looks for a stop.
const PROGRESS_EVERY: u64 = 1024;

impl<W: Write> CsvOut<W> {
    pub fn new(mut out: W, format: CsvFormat) -> std::io::Result<Self> {
        if format.bom {
            out.write_all(BOM.as_bytes())?;
        }
        // Cells are quoted here (`quoted`), not by the writer: it would quote
        // only what holds this file's own delimiter.
        let inner = csv::WriterBuilder::new()
            .delimiter(format.delimiter)
            .terminator(csv::Terminator::CRLF)
            .quote_style(csv::QuoteStyle::Never)
            .from_writer(out);
        Ok(CsvOut {
            inner,
            spreadsheet: format.bom,
            progress: None,
        })
    }

    fn with_progress(mut self, progress: Option<Arc<Progress>>) -> Self {
        self.progress = progress;
        self
    }

    /// The header row: column names, which never need neutralising.
    pub fn header(&mut self, names: &[&str]) -> csv::Result<()> {
        for name in names {
            self.inner.write_field(quoted(name).as_bytes())?;
        }
        self.inner.write_record(None::<&[u8]>)
    }

    pub fn row<S: AsRef<str>>(&mut self, cells: impl IntoIterator<Item = S>) -> csv::Result<()> {
        for cell in cells {
            let cell = neutralise_for(cell.as_ref(), self.spreadsheet);
            self.inner.write_field(quoted(&cell).as_bytes())?;
        }
        self.inner.write_record(None::<&[u8]>)?;
        if let Some(progress) = &self.progress {
            progress.advance(1);
            if progress.snapshot().0.is_multiple_of(PROGRESS_EVERY) && progress.stop_requested() {
                return Err(std::io::Error::from(std::io::ErrorKind::Interrupted).into());
            }
        }
        Ok(())
    }

    pub fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}

/// Characters that end a cell in some reader's eyes: every common delimiter
/// (a file opened with another separator than its own must not split a
/// formula out of a cell, as `x;=1000+1` would in a `;` reader), the quote,
/// and line breaks.
const ENDS_A_CELL: &[char] = &[',', ';', '\t', '|', '"', '\r', '\n'];

/// `cell` as written: in quotes (inner quotes doubled) when it holds any of
/// `ENDS_A_CELL`, else as it is.
fn quoted(cell: &str) -> std::borrow::Cow<'_, str> {
    if cell.contains(ENDS_A_CELL) {
        std::borrow::Cow::Owned(format!("\"{}\"", cell.replace('"', "\"\"")))
    } else {
        std::borrow::Cow::Borrowed(cell)
    }
}

/// What to write: a profile, a delimiter that overrides the profile's, and
/// the moment the export speaks for (a request whose clock is paused counts
/// its open pause through that moment's day, as on screen).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ExportOptions {
    pub profile: Profile,
    pub delimiter: Option<u8>,
    pub now: DateTime<Utc>,
}

impl ExportOptions {
    /// RFC 4180 CSV with its own delimiter, speaking for `now`.
    pub fn at(now: DateTime<Utc>) -> Self {
        ExportOptions {
            profile: Profile::Rfc4180,
            delimiter: None,
            now,
        }
    }

    fn format(self) -> CsvFormat {
        self.profile.format().with_delimiter(self.delimiter)
    }

    /// The authorities' layouts are of the registers a person reads: the
    /// record of processing, the processors and the breaches.
    pub fn check_table(self, table: Table) -> Result<(), ExchangeError> {
        let readable = matches!(
            table,
            Table::Activities | Table::Processors | Table::Breaches
        );
        if self.profile.is_authority_layout() && !readable {
            return Err(ExchangeError::Profile(format!(
                "the {} layout has the record of processing, the processors and the breaches: use it with --table activities, processors or breaches",
                self.profile.name()
            )));
        }
        Ok(())
    }
}

fn write_table<W: Write>(
    register: &Register,
    table: Table,
    options: ExportOptions,
    out: W,
    progress: Option<Arc<Progress>>,
) -> Result<usize, ExchangeError> {
    options.check_table(table)?;
    let mut csv = CsvOut::new(out, options.format())
        .map_err(|e| ExchangeError::Csv(e.into()))?
        .with_progress(progress);
    let rows = match options.profile {
        Profile::Ico | Profile::Datatilsynet | Profile::Imy if table == Table::Activities => {
            super::layouts::write_activities(register, options.profile, &mut csv)?
        }
        Profile::Ico | Profile::Datatilsynet | Profile::Imy => {
            super::authority_registers::write(register, options.profile, table, &mut csv)?
        }
        Profile::Rfc4180 | Profile::Excel => table.write_csv(register, options.now, &mut csv)?,
    };
    csv.flush().map_err(|e| ExchangeError::Csv(e.into()))?;
    Ok(rows)
}

/// Writes `table` to `out` (e.g. standard output); returns the record count.
pub fn export_to_writer<W: Write>(
    register: &Register,
    table: Table,
    options: ExportOptions,
    out: W,
) -> Result<usize, ExchangeError> {
    write_table(register, table, options, out, None)
}

/// Writes `table` to the file `path`; returns the record count.
pub fn export_to_file(
    register: &Register,
    table: Table,
    options: ExportOptions,
    path: &Path,
) -> Result<usize, ExchangeError> {
    options.check_table(table)?;
    write_atomically(path, |file| {
        write_table(register, table, options, file, None)
    })
}

/// Writes every table into `dir` as `<table>.csv`; returns (file, records) per table.
pub fn export_all(
    register: &Register,
    options: ExportOptions,
    dir: &Path,
    progress: &Arc<Progress>,
) -> Result<Vec<(PathBuf, usize)>, ExchangeError> {
    if options.profile.is_authority_layout() {
        return Err(ExchangeError::Profile(format!(
            "the {} layout is for one table at a time: use --table activities, processors or breaches, or --profile excel for every table (--format xlsx: every register in one workbook)",
            options.profile.name()
        )));
    }
    export_into(register, Table::ALL, options, dir, progress)
}

/// Writes `tables` into `dir` as `<table>.csv`, all read at one moment (a
/// register being edited meanwhile cannot make the files disagree), counting
/// records in `progress` against their total; a stop asked through it ends
/// with `Stopped`, leaving the files finished before and no partial one.
pub fn export_into(
    register: &Register,
    tables: &[Table],
    options: ExportOptions,
    dir: &Path,
    progress: &Arc<Progress>,
) -> Result<Vec<(PathBuf, usize)>, ExchangeError> {
    for &table in tables {
        options.check_table(table)?;
    }
    create_private_dir(dir)?;
    register.read_snapshot(|register| {
        let mut total = 0;
        for &table in tables {
            total += table.count(register)? as u64;
        }
        progress.set_total(total);
        let mut written = Vec::new();
        for &table in tables {
            let path = dir.join(format!("{}.csv", table.name()));
            let rows = write_atomically(&path, |file| {
                write_table(register, table, options, file, Some(progress.clone()))
            })
            .map_err(|e| {
                if progress.stop_requested() {
                    ExchangeError::Stopped
                } else {
                    e
                }
            })?;
            written.push((path, rows));
        }
        Ok(written)
    })
}

pub(super) fn create_private_dir(dir: &Path) -> Result<(), ExchangeError> {
    let io = |source| ExchangeError::Io {
        path: dir.to_path_buf(),
        source,
    };
    if dir.exists() {
        return if dir.is_dir() {
            Ok(())
        } else {
            Err(io(std::io::Error::other("exists and is not a directory")))
        };
    }
    let mut builder = fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    builder.create(dir).map_err(io)
}

/// Writes `text` to `path` whole or not at all; an existing file is
/// replaced only when `replace` (letters drafted to a file).
pub fn write_text_file(path: &Path, replace: bool, text: &str) -> Result<(), ExchangeError> {
    write_whole(path, replace, |out| {
        out.write_all(text.as_bytes())
            .map_err(|source| ExchangeError::Io {
                path: path.to_path_buf(),
                source,
            })
    })
}

/// What an export killed half-way into `path`'s folder left (its rows in
/// plain text, from an encrypted register too): removed once quiet for ten
/// minutes by the folder's own clock, which `ours`, just made, tells.
fn remove_stale_partials(path: &Path, ours: &File) {
    let folder = path.parent().filter(|p| !p.as_os_str().is_empty());
    let Ok(now) = ours.metadata().and_then(|m| m.modified()) else {
        return;
    };
    let Some(quiet_since) = now.checked_sub(std::time::Duration::from_secs(600)) else {
        return;
    };
    let folder = folder.unwrap_or(Path::new("."));
    for stale in stale_temps_in(folder, "partial", None, Some(quiet_since)) {
        let _ = fs::remove_file(stale);
    }
}

/// As `write_atomically`, but the file must not exist: one that appears
/// while it is written is left as it is and the export fails (a hard link
/// is made only where nothing is, so two exports never replace each other).
pub(super) fn write_new_atomically<T>(
    path: &Path,
    write: impl FnOnce(&mut BufWriter<File>) -> Result<T, ExchangeError>,
) -> Result<T, ExchangeError> {
    write_whole(path, false, write)
}

/// Writes the file at `path` whole or not at all, replacing what is there.
pub(super) fn write_atomically<T>(
    path: &Path,
    write: impl FnOnce(&mut BufWriter<File>) -> Result<T, ExchangeError>,
) -> Result<T, ExchangeError> {
    write_whole(path, true, write)
}

/// The file written under an unguessable temporary name beside `path`
/// (never through a link planted there), then put in place: renamed over
/// what is there when `replace`, else linked only where nothing is.
fn write_whole<T>(
    path: &Path,
    replace: bool,
    write: impl FnOnce(&mut BufWriter<File>) -> Result<T, ExchangeError>,
) -> Result<T, ExchangeError> {
    let io = |p: &Path, source| ExchangeError::Io {
        path: p.to_path_buf(),
        source,
    };
    if path.is_dir() {
        return Err(io(
            path,
            std::io::Error::other("is a directory; name a file"),
        ));
    }
    if replace && path.metadata().is_ok_and(|m| !m.is_file() && !m.is_dir()) {
        // A device or a pipe (/dev/null, /dev/stdout, a FIFO): written into,
        // never renamed over, which would put a file in the device's place.
        let file = fs::OpenOptions::new()
            .write(true)
            .open(path)
            .map_err(|e| io(path, e))?;
        let mut out = BufWriter::new(file);
        let value = write(&mut out)?;
        std::io::Write::flush(&mut out).map_err(|e| io(path, e))?;
        return Ok(value);
    }
    if !replace && path.exists() {
        return Err(io(
            path,
            std::io::Error::other("exists already: name a new file"),
        ));
    }
    if let Some(parent) = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty() && !p.is_dir())
    {
        return Err(io(parent, std::io::Error::other("no such folder")));
    }
    let (temp, file) =
        crate::platform::private_file::temp_beside(path, "partial").map_err(|e| io(path, e))?;
    remove_stale_partials(path, &file);
    let mut out = BufWriter::new(file);
    let result = write(&mut out).and_then(|value| {
        let file = out.into_inner().map_err(|e| io(&temp, e.into_error()))?;
        file.sync_all().map_err(|e| io(&temp, e))?;
        if replace {
            fs::rename(&temp, path).map_err(|e| io(path, e))?;
        } else {
            fs::hard_link(&temp, path).map_err(|e| match e.kind() {
                std::io::ErrorKind::AlreadyExists => io(
                    path,
                    std::io::Error::other("appeared meanwhile: left as it is, nothing replaced"),
                ),
                _ => io(path, e),
            })?;
        }
        Ok(value)
    });
    // After a rename the temporary name is gone; after a link or a failure
    // it is removed here.
    let _ = fs::remove_file(&temp);
    result
}

#[cfg(test)]
mod tests {
    use super::*;

    fn written(cells: &[&str], format: CsvFormat) -> String {
        let mut out = CsvOut::new(Vec::new(), format).unwrap();
        out.row(cells.iter().copied()).unwrap();
        out.flush().unwrap();
        String::from_utf8(out.inner.into_inner().unwrap()).unwrap()
    }

    #[test]
    fn a_cell_holding_any_common_separator_is_quoted_whatever_the_files_own() {
        let rfc = Profile::Rfc4180.format();
        assert_eq!(
            written(&["x;=1000+1", "a|b", "t\tab", "plain", ""], rfc),
            "\"x;=1000+1\",\"a|b\",\"t\tab\",plain,\r\n"
        );
        let excel = Profile::Excel.format();
        assert!(written(&["y,=1+1", "z"], excel).ends_with("\"y,=1+1\";z\r\n"));
        assert_eq!(
            written(&["say \"hi\"", "two\nlines"], rfc),
            "\"say \"\"hi\"\"\",\"two\nlines\"\r\n"
        );
    }
}
