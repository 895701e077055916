//! Reading CSV files into a register: the profile is detected (byte-order
//! mark, delimiter), every row is validated by the rules the forms use, and
//! the whole import is one transaction. The first error does not stop the
//! reading: the user gets every problem of the file at once (the first
//! `MAX_ERRORS` in full), and nothing is written unless there are none.

use std::fs::File;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};

use super::profile::{restore, Profile, BOM};
use super::progress::Progress;
use super::readers::{read_row, Problem, ReaderState};
use super::tables::Table;
use super::ExchangeError;
use crate::store::{ImportTx, Outcome, Register};

/// How many errors a report lists in full; the rest are counted.
pub const MAX_ERRORS: usize = 20;

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ImportOptions {
    pub dry_run: bool,
    /// Overrides the detected delimiter.
    pub delimiter: Option<u8>,
}

/// One problem, placed where the user can find it in the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowError {
    pub file: String,
    /// 1-based line where the record starts (a quoted cell may span lines).
    pub line: u64,
    pub column: String,
    pub value: String,
    pub message: String,
}

impl std::fmt::Display for RowError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Line 0: found once every row was in, about a record no line names.
        write!(f, "{}", self.file)?;
        if self.line > 0 {
            write!(f, " line {}", self.line)?;
        }
        if !self.column.is_empty() {
            write!(f, ", column {}", self.column)?;
        }
        if !self.value.is_empty() {
            let shown: String = self
                .value
                .chars()
                .take(60)
                .collect::<String>()
                .replace('\r', "\\r")
                .replace('\n', "\\n");
            let more = if self.value.chars().count() > 60 {
                "…"
            } else {
                ""
            };
            write!(f, " ('{shown}{more}')")?;
        }
        write!(f, ": {}", self.message)
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TableSummary {
    pub table: Table,
    pub file: PathBuf,
    pub inserted: usize,
    pub updated: usize,
    /// Rows already in the register exactly (history entries).
    pub unchanged: usize,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ImportReport {
    pub tables: Vec<TableSummary>,
    /// The first `MAX_ERRORS` problems in the order of the files and their
    /// lines, whenever each was found.
    pub errors: Vec<RowError>,
    pub error_count: usize,
    /// What the import changed on its own (an activity kept as draft…).
    pub notes: Vec<String>,
    pub committed: bool,
    /// Where each listed error stands: its file's place among those read,
    /// then its line (a line-0 error after the file's lines).
    places: Vec<(usize, u64)>,
}

/// An error and the place of its file among those read.
type Placed = (usize, RowError);

impl ImportReport {
    /// Keeps the first `MAX_ERRORS` by file and line: a problem found once
    /// every row was in (a notification late for its breach) is listed
    /// beside the line it is about, not after every other.
    fn push_error(&mut self, (file, error): Placed) {
        self.error_count += 1;
        let place = (
            file,
            if error.line == 0 {
                u64::MAX
            } else {
                error.line
            },
        );
        let at = self.places.partition_point(|p| *p <= place);
        if at < MAX_ERRORS {
            self.places.insert(at, place);
            self.errors.insert(at, error);
            self.places.truncate(MAX_ERRORS);
            self.errors.truncate(MAX_ERRORS);
        }
    }

    pub fn is_ok(&self) -> bool {
        self.error_count == 0
    }
}

/// Imports one table from `path`. `progress` counts bytes read; a stop asked
/// through it ends the import with `Stopped` and nothing written.
pub fn import_table(
    register: &mut Register,
    table: Table,
    path: &Path,
    options: ImportOptions,
    progress: &Progress,
) -> Result<ImportReport, ExchangeError> {
    import_files(register, &[(table, path.to_path_buf())], options, progress)
}

/// Imports what `export --all` wrote into `dir`: every `<table>.csv` there,
/// parents before children. Tables without a file are left as they are.
pub fn import_all(
    register: &mut Register,
    dir: &Path,
    options: ImportOptions,
    progress: &Progress,
) -> Result<ImportReport, ExchangeError> {
    if !dir.is_dir() {
        return Err(ExchangeError::Io {
            path: dir.to_path_buf(),
            source: std::io::Error::other("not a folder (export --all writes one)"),
        });
    }
    let files: Vec<(Table, PathBuf)> = Table::ALL
        .iter()
        .map(|&t| (t, dir.join(format!("{}.csv", t.name()))))
        .filter(|(_, p)| p.is_file())
        .collect();
    if files.is_empty() {
        return Err(ExchangeError::Io {
            path: dir.to_path_buf(),
            source: std::io::Error::other(
                "holds no <table>.csv file of a register (e.g. processors.csv)",
            ),
        });
    }
    import_files(register, &files, options, progress)
}

fn import_files(
    register: &mut Register,
    files: &[(Table, PathBuf)],
    options: ImportOptions,
    progress: &Progress,
) -> Result<ImportReport, ExchangeError> {
    let now = register.clock().now();
    let mut report = ImportReport::default();
    let sizes: u64 = files
        .iter()
        .map(|(_, p)| p.metadata().map(|m| m.len()).unwrap_or(0))
        .sum();
    progress.set_total(sizes);
    // The journal names an import as such, whichever program runs it.
    let via = register.via();
    register.set_via("import");
    let result = import_in_tx(register, files, options, progress, now, &mut report);
    register.set_via(&via);
    result?;
    Ok(report)
}

fn import_in_tx(
    register: &mut Register,
    files: &[(Table, PathBuf)],
    options: ImportOptions,
    progress: &Progress,
    now: DateTime<Utc>,
    report: &mut ImportReport,
) -> Result<(), ExchangeError> {
    let mut tx = if options.dry_run {
        register.begin_import()?
    } else {
        register.begin_import_to_commit()?
    };
    let mut before = 0;
    for (place, (table, path)) in files.iter().enumerate() {
        let summary = import_file(
            &mut tx,
            (place, *table, path),
            options,
            now,
            report,
            (progress, before),
        )?;
        before += path.metadata().map(|m| m.len()).unwrap_or(0);
        report.tables.push(summary);
    }
    if progress.stop_requested() {
        return Err(ExchangeError::Stopped); // dropping `tx` rolls everything back
    }
    let commit = !options.dry_run && report.is_ok();
    let today = crate::platform::clock::date_in(now, &tx.time_zone()?);
    let finished = tx.finish(commit, today)?;
    // Child rows are compared with the register's once all are in: those
    // that were already there are counted so now.
    for summary in &mut report.tables {
        if let Some(&n) = finished.unchanged_children.get(summary.table.name()) {
            summary.inserted -= n.min(summary.inserted);
            summary.unchanged += n;
        }
    }
    let notes = finished.notes;
    for e in finished.errors {
        let place = files.iter().position(|(t, _)| t.name() == e.table);
        let file = place
            .map(|i| display_name(&files[i].1))
            // A record this import did not read (a request whose pauses it
            // changed): named by where it is, not by a file that was not given.
            .unwrap_or_else(|| format!("{} in the register", e.table));
        let error = RowError {
            file,
            line: e.line,
            column: e.field,
            value: e.value,
            message: e.message,
        };
        report.push_error((place.unwrap_or(files.len()), error));
    }
    report.notes = notes;
    report.committed = commit && report.is_ok();
    Ok(())
}

fn display_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string())
}

/// The delimiter a file uses: the most frequent of `,` `;` tab in its first
/// line, counted outside quotes; a comma when none appears.
pub fn detect_delimiter(first_line: &[u8]) -> u8 {
    let mut counts = [(b',', 0usize), (b';', 0), (b'\t', 0)];
    let mut quoted = false;
    for &b in first_line {
        match b {
            b'"' => quoted = !quoted,
            b'\n' if !quoted => break,
            _ if !quoted => {
                if let Some(c) = counts.iter_mut().find(|(d, _)| *d == b) {
                    c.1 += 1;
                }
            }
            _ => {}
        }
    }
    counts
        .iter()
        .filter(|(_, n)| *n > 0)
        .max_by_key(|(_, n)| *n)
        .map_or(b',', |(d, _)| *d)
}

fn io_error(path: &Path, source: std::io::Error) -> ExchangeError {
    ExchangeError::Io {
        path: path.to_path_buf(),
        source,
    }
}

/// A CSV file opened for the import: its reader past a byte-order mark and
/// how its lines are counted.
struct Opened {
    reader: csv::Reader<BufReader<File>>,
    /// The reader counts a line when it meets "\n"; a record after "\r\n"
    /// is placed on the line of the "\r" before it. Lines are for people.
    line_shift: u64,
}

fn open_csv(path: &Path, options: ImportOptions) -> Result<Opened, ExchangeError> {
    if crate::store::is_open_register(path) {
        // Reading it through a descriptor of our own would drop the locks
        // our connections hold on it (see store::register_file).
        return Err(io_error(
            path,
            std::io::Error::other("is a register file, not a CSV file"),
        ));
    }
    let file = File::open(path).map_err(|e| io_error(path, e))?;
    let mut input = BufReader::with_capacity(1 << 16, file);
    let head = input.fill_buf().map_err(|e| io_error(path, e))?;
    let bom = head.starts_with(BOM.as_bytes());
    let body = &head[if bom { 3 } else { 0 }..];
    let delimiter = options.delimiter.unwrap_or_else(|| detect_delimiter(body));
    let crlf = body
        .iter()
        .position(|&b| b == b'\n')
        .is_some_and(|i| i > 0 && body[i - 1] == b'\r');
    if bom {
        input.consume(3);
    }
    let reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(false)
        .flexible(true)
        .from_reader(input);
    Ok(Opened {
        reader,
        line_shift: u64::from(crlf),
    })
}

/// The header row, with each column's position; `None` (and the errors
/// reported) when it is missing or names columns the table does not have.
fn read_header(
    reader: &mut csv::Reader<BufReader<File>>,
    table: Table,
    report: &mut ImportReport,
    error: &impl Fn(u64, &str, &str, String) -> Placed,
) -> Option<(csv::StringRecord, ColumnIndex)> {
    let mut header = csv::StringRecord::new();
    match reader.read_record(&mut header) {
        Ok(true) => {}
        Ok(false) => {
            report.push_error(error(
                1,
                "",
                "",
                "the file is empty: a header row is needed".into(),
            ));
            return None;
        }
        Err(e) => {
            report.push_error(error(1, "", "", csv_message(&e)));
            return None;
        }
    }
    match header_index(table, &header) {
        Ok(index) => Some((header, index)),
        Err(problems) => {
            for p in problems {
                report.push_error(error(1, &p.column, "", p.message));
            }
            None
        }
    }
}

/// Why a data row is refused before its cells are read: the problems, each
/// with its cell as shown to the user, and whether the file is read no further.
type Refusal = (Vec<(Problem, String)>, bool);

fn refused_row(
    table: Table,
    header: &Header,
    record: &csv::StringRecord,
    seen: &mut u64,
) -> Option<Refusal> {
    let (header, multi_line) = header;
    if record.len() != header.len() {
        let message = format!(
            "{} cells where the header has {}: a missing or extra delimiter, or an unclosed quote?",
            record.len(),
            header.len()
        );
        return Some((vec![(Problem::new("", message), String::new())], false));
    }
    *seen += 1;
    if table.is_one_record() && *seen > 1 {
        let message = format!(
            "{}.csv holds the register's one {} record: a second row is refused (and the file is not read further)",
            table.name(),
            table.name().replace('_', " ")
        );
        return Some((vec![(Problem::new("", message), String::new())], true));
    }
    let refused = control_characters(header, multi_line, record);
    (!refused.is_empty()).then_some((refused, false))
}

fn import_file(
    tx: &mut ImportTx<'_>,
    (place, table, path): (usize, Table, &Path),
    options: ImportOptions,
    now: DateTime<Utc>,
    report: &mut ImportReport,
    (progress, before): (&Progress, u64),
) -> Result<TableSummary, ExchangeError> {
    let file_name = display_name(path);
    let Opened {
        mut reader,
        line_shift,
    } = open_csv(path, options)?;
    let mut summary = TableSummary {
        table,
        file: path.to_path_buf(),
        inserted: 0,
        updated: 0,
        unchanged: 0,
    };
    let error = |line: u64, column: &str, value: &str, message: String| {
        let error = RowError {
            file: file_name.clone(),
            line,
            column: column.to_string(),
            value: value.to_string(),
            message,
        };
        (place, error)
    };
    let Some((header, index)) = read_header(&mut reader, table, report, &error) else {
        return Ok(summary);
    };
    let lines_of = with_line_kinds(&header);
    let mut state = ReaderState::new(tx.time_zone()?);
    let mut record = csv::StringRecord::new();
    // Data rows met, refused ones included; rows read.
    let (mut seen, mut rows) = (0u64, 0u64);
    loop {
        let line = reader.position().line();
        match reader.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => {
                report.push_error(error(line, "", "", csv_message(&e)));
                // A broken quote swallows the rest of the file: stop here.
                break;
            }
        }
        let line = record.position().map_or(line, |p| p.line()) + line_shift;
        if record.iter().all(|cell| cell.trim().is_empty()) {
            continue; // spreadsheets leave empty rows at the end
        }
        if let Some((problems, stop)) = refused_row(table, &lines_of, &record, &mut seen) {
            for (p, shown) in problems {
                report.push_error(error(line, &p.column, &shown, p.message));
            }
            if stop {
                break;
            }
            continue;
        }
        let row = Row {
            record: &record,
            index: &index,
        };
        tx.at_line(line);
        match read_row(table, &row, tx, &mut state, now) {
            Ok(Some(Outcome::Inserted)) => summary.inserted += 1,
            Ok(Some(Outcome::Updated)) => summary.updated += 1,
            Ok(None | Some(Outcome::Unchanged)) => summary.unchanged += 1,
            Err(problems) if tx.is_lost() => {
                // SQLite undid the import by itself (a full disk): stop
                // at once and say so; nothing may run as if it had not.
                let cause = problems.into_iter().next().map(|p| p.message);
                return Err(ExchangeError::Undone {
                    file: file_name,
                    line,
                    cause: cause
                        .unwrap_or_else(|| crate::store::StoreError::RolledBack.to_string()),
                });
            }
            Err(problems) => {
                for p in problems {
                    let value = row.get(&p.column).to_string();
                    report.push_error(error(line, &p.column, &value, p.message));
                }
            }
        }
        rows += 1;
        if rows.is_multiple_of(1024) {
            progress.set_done(before + reader.position().byte());
            if progress.stop_requested() {
                return Err(ExchangeError::Stopped);
            }
        }
    }
    progress.set_done(before + reader.position().byte());
    Ok(summary)
}

/// The columns that hold one line of text (the forms' one-line fields): a
/// line break there is refused like any other control character.
const ONE_LINE_COLUMNS: &[&str] = &[
    "name",
    "org_number",
    "country",
    "contact_email",
    "service",
    "reference",
    "subject_ref",
    "dpo_name",
    "dpo_email",
    "dpo_phone",
    "contact_phone",
    "website",
    "representative_name",
    "representative_contact",
    "jurisdiction",
    "time_zone",
    "controller_name",
    "owner",
    "title",
    "version",
    "document",
    "source",
    "dpia_reference",
    "tia_reference",
    "subjects_told_how",
];

/// A file's header, and for each of its columns whether its text may hold
/// line breaks (worked out once: looked up per cell, it was 2% of an import).
type Header = (csv::StringRecord, Vec<bool>);

fn with_line_kinds(header: &csv::StringRecord) -> Header {
    let multi_line = header
        .iter()
        .map(|column| !ONE_LINE_COLUMNS.contains(&column.trim()))
        .collect();
    (header.clone(), multi_line)
}

/// The cells of `record` that hold a control character, each with the cell
/// shown safely: nothing of such a row is written.
fn control_characters(
    header: &csv::StringRecord,
    multi_line: &[bool],
    record: &csv::StringRecord,
) -> Vec<(Problem, String)> {
    header
        .iter()
        .zip(multi_line)
        .zip(record.iter())
        .filter_map(|((column, &multi_line), cell)| {
            crate::domain::text::control_character_problem(cell, multi_line).map(|problem| {
                (
                    Problem::new(column.trim(), problem),
                    crate::domain::text::visible(cell).into_owned(),
                )
            })
        })
        .collect()
}

fn csv_message(e: &csv::Error) -> String {
    match e.kind() {
        csv::ErrorKind::Utf8 { .. } => {
            "not UTF-8 text: save the file as \"CSV UTF-8\" (Excel) or with UTF-8 encoding".into()
        }
        csv::ErrorKind::Io(io) => format!("cannot read: {io}"),
        _ => e.to_string(),
    }
}

/// Each column's position by name. Looked up for every cell of every row:
/// with the standard library's hasher, 2% of a large import.
type ColumnIndex = foldhash::HashMap<&'static str, usize>;

/// Maps each column name to its position, checking the header against the
/// table's declared columns: unknown names and missing required ones are errors.
fn header_index(table: Table, header: &csv::StringRecord) -> Result<ColumnIndex, Vec<Problem>> {
    let index = index_columns(table, header);
    match index {
        Err(_) => match header_is_other(table, header) {
            Some(said) => Err(vec![Problem::new("", said)]),
            None => index,
        },
        ok => ok,
    }
}

/// What a header that is not `table`'s is, where it can be told: an
/// authority layout (written for people, never read back), or another
/// table's columns (the wrong `--table`). One line instead of a refusal
/// of every column.
fn header_is_other(table: Table, header: &csv::StringRecord) -> Option<String> {
    let names: Vec<&str> = header.iter().map(str::trim).collect();
    let layouts = Profile::ALL.iter().filter(|p| p.is_authority_layout());
    for &profile in layouts {
        let headings = [
            (
                "activities",
                super::layouts::columns_of(profile).map(header_of),
            ),
            (
                "processors",
                super::authority_registers::processor_columns(profile).map(header_of),
            ),
            (
                "breaches",
                super::authority_registers::breach_columns(profile).map(header_of),
            ),
        ];
        for (what, headings) in headings {
            let Some(headings) = headings else { continue };
            let shared = names.iter().filter(|n| headings.contains(n)).count();
            if names.first() == headings.first() && shared * 2 >= names.len() {
                return Some(format!(
                    "this is the {} layout of the {what}, written for people to read: it is not imported (the import reads the rfc4180 and excel exports: dpo export --table {what} --profile excel)",
                    profile.name()
                ));
            }
        }
    }
    let fits = |other: &Table| {
        let declared: Vec<&str> = other.column_docs().iter().map(|(n, _)| *n).collect();
        names.iter().all(|n| declared.contains(n))
            && other.required_columns().iter().all(|c| names.contains(c))
    };
    let other = Table::ALL
        .iter()
        .filter(|t| **t != table)
        .find(|t| fits(t))?;
    Some(format!(
        "these are the columns of {0}.csv, not of {1}.csv: import it with --table {0}",
        other.name(),
        table.name()
    ))
}

fn header_of<T>(columns: &[super::columns::Column<T>]) -> Vec<&'static str> {
    super::columns::header(columns)
}

fn index_columns(table: Table, header: &csv::StringRecord) -> Result<ColumnIndex, Vec<Problem>> {
    let declared: Vec<&'static str> = table.column_docs().iter().map(|(n, _)| *n).collect();
    let mut index = ColumnIndex::default();
    let mut problems = Vec::new();
    for (i, name) in header.iter().enumerate() {
        let name = name.trim();
        match declared.iter().find(|d| **d == name) {
            Some(d) => {
                if index.insert(*d, i).is_some() {
                    problems.push(Problem::new(name, "appears twice in the header"));
                }
            }
            None => problems.push(Problem::new(
                name,
                format!(
                    "not a column of {}.csv; its columns are: {}",
                    table.name(),
                    declared.join(", ")
                ),
            )),
        }
    }
    let missing: Vec<&str> = table
        .required_columns()
        .into_iter()
        .filter(|name| !index.contains_key(name))
        .collect();
    // A file exported by an older version lacks the columns added since; an
    // empty cell is not the same as "keep what is stored", so none is assumed.
    let older = if missing.len() < declared.len() / 2 {
        " (a file from an older version lacks the columns added since: add them, empty where there is nothing)"
    } else {
        ""
    };
    for name in missing {
        problems.push(Problem::new(
            name,
            format!(
                "missing from the header: {}.csv needs it{older}",
                table.name()
            ),
        ));
    }
    if problems.is_empty() {
        Ok(index)
    } else {
        Err(problems)
    }
}

/// One data row, read by column name with spreadsheet escaping undone.
pub struct Row<'a> {
    record: &'a csv::StringRecord,
    index: &'a ColumnIndex,
}

impl Row<'_> {
    /// The cell of `column`, or "" when the file has no such column (an
    /// optional one such as `id`).
    pub fn get(&self, column: &str) -> &str {
        self.index
            .get(column)
            .and_then(|&i| self.record.get(i))
            .map(restore)
            .unwrap_or("")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(file: usize, line: u64) -> Placed {
        let error = RowError {
            file: format!("f{file}.csv"),
            line,
            column: String::new(),
            value: String::new(),
            message: String::new(),
        };
        (file, error)
    }

    fn listed(report: &ImportReport) -> Vec<(String, u64)> {
        let errors = report.errors.iter();
        errors.map(|e| (e.file.clone(), e.line)).collect()
    }

    #[test]
    fn errors_are_listed_by_file_then_line_whenever_found() {
        let mut report = ImportReport::default();
        for placed in [at(1, 4), at(0, 9), at(1, 0), at(0, 2), at(2, 1), at(1, 3)] {
            report.push_error(placed);
        }
        let expected = [
            ("f0", 2),
            ("f0", 9),
            ("f1", 3),
            ("f1", 4),
            ("f1", 0),
            ("f2", 1),
        ];
        let expected: Vec<_> = expected.map(|(f, l)| (format!("{f}.csv"), l)).into();
        assert_eq!(listed(&report), expected);
    }

    #[test]
    fn an_early_line_found_last_is_kept_among_the_first_listed() {
        let mut report = ImportReport::default();
        for line in 10..10 + MAX_ERRORS as u64 + 5 {
            report.push_error(at(0, line));
        }
        report.push_error(at(0, 2));
        assert_eq!(report.error_count, MAX_ERRORS + 6);
        assert_eq!(report.errors.len(), MAX_ERRORS);
        assert_eq!(listed(&report)[0], ("f0.csv".to_string(), 2));
        assert_eq!(
            listed(&report)[MAX_ERRORS - 1].1,
            10 + MAX_ERRORS as u64 - 2
        );
    }
}
