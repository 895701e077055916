//! Writing tables to files: RFC 4180 (UTF-8, comma, CRLF, header row). A file is
//! written under a temporary name and renamed when complete, so a failed export
//! never leaves half a register behind for an auditor to find.

use std::fs::{self, File, OpenOptions};
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use super::tables::Table;
use super::ExchangeError;
use crate::store::Register;

/// RFC 4180: comma, CRLF, quotes only where needed.
pub fn rfc4180_writer<W: Write>(out: W) -> csv::Writer<W> {
    csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(out)
}

/// Writes `table` to `out` (e.g. standard output); returns the record count.
pub fn export_to_writer<W: Write>(
    register: &Register,
    table: Table,
    out: W,
) -> Result<usize, ExchangeError> {
    table.write_csv(register, &mut rfc4180_writer(out))
}

/// Writes `table` to the file `path`; returns the record count.
pub fn export_to_file(
    register: &Register,
    table: Table,
    path: &Path,
) -> Result<usize, ExchangeError> {
    write_atomically(path, |file| {
        table.write_csv(register, &mut rfc4180_writer(file))
    })
}

/// Writes every table into `dir` as `<table>.csv`; returns (file, records) per table.
pub fn export_all(register: &Register, dir: &Path) -> Result<Vec<(PathBuf, usize)>, ExchangeError> {
    create_private_dir(dir)?;
    Table::ALL
        .iter()
        .map(|&table| {
            let path = dir.join(format!("{}.csv", table.name()));
            export_to_file(register, table, &path).map(|rows| (path, rows))
        })
        .collect()
}

fn create_private_dir(dir: &Path) -> Result<(), ExchangeError> {
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

fn write_atomically<T>(
    path: &Path,
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
    if let Some(parent) = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty() && !p.is_dir())
    {
        return Err(io(parent, std::io::Error::other("no such folder")));
    }
    let file_name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let temp = path.with_file_name(format!(".{file_name}.{}.partial", std::process::id()));
    let mut options = OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let file = options.open(&temp).map_err(|e| io(&temp, e))?;
    let mut out = BufWriter::new(file);
    let result = write(&mut out).and_then(|value| {
        let file = out.into_inner().map_err(|e| io(&temp, e.into_error()))?;
        file.sync_all().map_err(|e| io(&temp, e))?;
        fs::rename(&temp, path).map_err(|e| io(path, e))?;
        Ok(value)
    });
    if result.is_err() {
        let _ = fs::remove_file(&temp);
    }
    result
}
