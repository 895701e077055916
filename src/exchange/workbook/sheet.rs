//! One sheet of the workbook: a header in words, then rows of typed cells.
//! Text is written as text (never a formula, no apostrophe needed), whole
//! numbers as numbers, dates as dates; an instant takes two columns, the
//! register's local time (its zone named in the header) and UTC. The header
//! row is frozen, the autofilter on, the widths fitted to what was written.

use chrono_tz::Tz;
use rust_xlsxwriter::{Format, FormatAlign, FormatBorder, Worksheet};
use unicode_width::UnicodeWidthStr;

use crate::exchange::ExchangeError;
use crate::record::{Cell, CellKind, Kind};

/// One column of a sheet: its header in words, the kind of its cells, and
/// how a row gives its cell.
pub struct SheetColumn<T> {
    pub label: String,
    pub kind: CellKind,
    pub cell: CellOf<T>,
}

pub enum CellOf<T> {
    Typed(fn(&T) -> Cell),
    Text(fn(&T) -> String),
    /// An authority layout's text: a YYYY-MM-DD date reads as a date, all
    /// else stays text (an organisation number is not a number).
    Words(fn(&T) -> String),
    /// A cell worked out with what the sheet was given (an agreement's
    /// status looked up for a processor).
    Derived(Box<dyn Fn(&T) -> Cell>),
}

impl<T> SheetColumn<T> {
    /// A column of an authority's layout: its heading, its text (a date or
    /// a whole number where the text is one).
    pub fn of_layout(column: &crate::exchange::columns::Column<T>) -> Self {
        SheetColumn {
            label: column.name.to_string(),
            kind: CellKind::Text,
            cell: CellOf::Words(column.value),
        }
    }

    pub fn derived(label: &str, cell: impl Fn(&T) -> Cell + 'static) -> Self {
        SheetColumn {
            label: label.to_string(),
            kind: CellKind::Text,
            cell: CellOf::Derived(Box::new(cell)),
        }
    }

    /// Whether its cells are text read for a number or a date (a column the
    /// export derives, such as a record's number).
    pub fn sniffed(&self) -> bool {
        matches!(self.cell, CellOf::Text(_))
    }

    pub(super) fn cell_of(&self, row: &T) -> Cell {
        match &self.cell {
            CellOf::Typed(cell) => cell(row),
            CellOf::Text(text) => derived_cell(text(row)),
            CellOf::Words(text) => date_or_text(text(row)),
            CellOf::Derived(cell) => cell(row),
        }
    }
}

/// The exported columns of kind `K`, labelled in words and typed.
pub fn columns_of<K: Kind>() -> Vec<SheetColumn<K::Row>> {
    K::fields()
        .iter()
        .filter_map(|f| {
            let text = f.cell?;
            let label = match (f.label, f.input) {
                ("", _) => in_words(f.key),
                // Another record, by its number: the sheet says so (its name
                // is in the column beside it where the export has one).
                (label, Some(crate::record::Input::Record)) => format!("{label} (number)"),
                (label, _) => label.to_string(),
            };
            Some(match f.typed {
                Some(typed) => SheetColumn {
                    label,
                    kind: typed.kind,
                    cell: CellOf::Typed(typed.cell),
                },
                None => SheetColumn {
                    label,
                    kind: CellKind::Text,
                    cell: CellOf::Text(text),
                },
            })
        })
        .collect()
}

/// A derived column's text (a record's number, a deadline worked out) as
/// the cell it is: a whole number, a YYYY-MM-DD date, or text.
fn derived_cell(text: String) -> Cell {
    let number = !text.is_empty()
        && text.len() <= 15
        && text.bytes().all(|b| b.is_ascii_digit())
        && !(text.len() > 1 && text.starts_with('0'));
    if number {
        if let Ok(n) = text.parse() {
            return Cell::Number(n);
        }
    }
    date_or_text(text)
}

/// A YYYY-MM-DD date as a date, else the text.
fn date_or_text(text: String) -> Cell {
    if text.len() == 10 {
        if let Ok(day) = chrono::NaiveDate::parse_from_str(&text, "%Y-%m-%d") {
            return Cell::Date(day);
        }
    }
    crate::record::text_cell(text)
}

/// What a spreadsheet cell can hold (Excel's limit, 32,767 characters).
const LONGEST: usize = 32_000;

/// Text cut to what a cell holds, saying so, rather than an export that fails.
fn within_a_cell(text: String) -> String {
    if text.chars().count() <= LONGEST {
        return text;
    }
    let kept: String = text.chars().take(LONGEST).collect();
    format!("{kept} … [cut: a spreadsheet cell holds no more; the CSV export has it whole]")
}

/// A column name in words: `parent_name` → "Parent name", `dpa_id` → "Agreement id".
pub fn in_words(key: &str) -> String {
    let words = key
        .replace("dpa", "agreement")
        .replace("_id", " id")
        .replace('_', " ");
    let mut chars = words.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// The formats a sheet's cells are written in.
pub(super) struct Formats {
    header: Format,
    date: Format,
    date_time: Format,
    wrapped: Format,
    tenths: Format,
}

impl Formats {
    pub(super) fn new() -> Self {
        Formats {
            header: Format::new()
                .set_bold()
                .set_text_wrap()
                .set_align(FormatAlign::Top)
                .set_border_bottom(FormatBorder::Thin),
            date: Format::new().set_num_format("yyyy-mm-dd"),
            date_time: Format::new().set_num_format("yyyy-mm-dd hh:mm"),
            wrapped: Format::new().set_text_wrap().set_align(FormatAlign::Top),
            tenths: Format::new().set_num_format("0.0"),
        }
    }
}

/// Text longer than this wraps in its cell, the column no wider.
const WIDEST: usize = 60;

/// Writes rows into one sheet, column by column as declared.
pub(super) struct SheetWriter<'a, T> {
    sheet: &'a mut Worksheet,
    columns: Vec<SheetColumn<T>>,
    formats: &'a Formats,
    zone: Tz,
    /// The widest text seen per sheet column (instants count twice).
    widths: Vec<usize>,
    row: u32,
}

impl<'a, T> SheetWriter<'a, T> {
    pub(super) fn new(
        sheet: &'a mut Worksheet,
        name: &str,
        columns: Vec<SheetColumn<T>>,
        formats: &'a Formats,
        zone: Tz,
    ) -> Result<Self, ExchangeError> {
        sheet.set_name(name).map_err(xlsx)?;
        let mut writer = SheetWriter {
            sheet,
            columns,
            formats,
            zone,
            widths: Vec::new(),
            row: 0,
        };
        writer.header()?;
        Ok(writer)
    }

    fn header(&mut self) -> Result<(), ExchangeError> {
        let mut labels = Vec::new();
        for column in &self.columns {
            match column.kind {
                CellKind::Instant => {
                    labels.push(format!("{} ({})", column.label, self.zone.name()));
                    labels.push(format!("{} (UTC)", column.label));
                }
                _ => labels.push(column.label.clone()),
            }
        }
        for (col, label) in labels.iter().enumerate() {
            self.sheet
                .write_string_with_format(0, col as u16, label, &self.formats.header)
                .map_err(xlsx)?;
            // A header wraps rather than widening its column past its cells.
            self.widths.push(label.width().min(18));
        }
        self.row = 1;
        Ok(())
    }

    pub(super) fn write(&mut self, record: &T) -> Result<(), ExchangeError> {
        let cells: Vec<(CellKind, Cell)> = self
            .columns
            .iter()
            .map(|c| (c.kind, c.cell_of(record)))
            .collect();
        let mut col: u16 = 0;
        for (kind, cell) in cells {
            if kind == CellKind::Instant {
                self.instant(col, &cell)?;
                col += 2;
            } else {
                self.cell(col, cell)?;
                col += 1;
            }
        }
        self.row += 1;
        Ok(())
    }

    fn cell(&mut self, col: u16, cell: Cell) -> Result<(), ExchangeError> {
        let (row, f) = (self.row, self.formats);
        let width = match cell {
            Cell::Empty => 0,
            Cell::Text(text) => {
                let text = within_a_cell(text);
                let width = text.lines().map(UnicodeWidthStr::width).max().unwrap_or(0);
                if width > WIDEST || text.contains('\n') {
                    self.sheet
                        .write_string_with_format(row, col, &text, &f.wrapped)
                } else {
                    self.sheet.write_string(row, col, &text)
                }
                .map_err(xlsx)?;
                width
            }
            Cell::Number(n) => {
                self.sheet.write_number(row, col, n as f64).map_err(xlsx)?;
                n.to_string().len()
            }
            Cell::Tenths(tenths) => {
                let value = tenths as f64 / 10.0;
                self.sheet
                    .write_number_with_format(row, col, value, &f.tenths)
                    .map_err(xlsx)?;
                format!("{value:.1}").len()
            }
            Cell::Date(day) => {
                self.sheet
                    .write_date_with_format(row, col, day, &f.date)
                    .map_err(xlsx)?;
                10
            }
            Cell::Instant(at) => {
                let local = at.with_timezone(&self.zone).naive_local();
                self.sheet
                    .write_datetime_with_format(row, col, local, &f.date_time)
                    .map_err(xlsx)?;
                16
            }
        };
        self.fit(col, width);
        Ok(())
    }

    /// An instant in the register's zone, then in UTC.
    fn instant(&mut self, col: u16, cell: &Cell) -> Result<(), ExchangeError> {
        if let Cell::Instant(at) = cell {
            let f = self.formats;
            let local = at.with_timezone(&self.zone).naive_local();
            self.sheet
                .write_datetime_with_format(self.row, col, local, &f.date_time)
                .map_err(xlsx)?;
            self.sheet
                .write_datetime_with_format(self.row, col + 1, at.naive_utc(), &f.date_time)
                .map_err(xlsx)?;
            self.fit(col, 16);
            self.fit(col + 1, 16);
        } else if !matches!(cell, Cell::Empty) {
            // Not a moment after all (text kept as written): shown as it is,
            // never dropped.
            self.cell(col, cell.clone())?;
        }
        Ok(())
    }

    fn fit(&mut self, col: u16, width: usize) {
        if let Some(widest) = self.widths.get_mut(usize::from(col)) {
            *widest = (*widest).max(width.min(WIDEST));
        }
    }

    /// The header frozen, the autofilter over what was written, the widths
    /// fitted; returns the number of records written.
    pub(super) fn finish(self) -> Result<usize, ExchangeError> {
        let last_col = self.widths.len().saturating_sub(1) as u16;
        self.sheet.set_freeze_panes(1, 0).map_err(xlsx)?;
        self.sheet
            .autofilter(0, 0, self.row.saturating_sub(1).max(1), last_col)
            .map_err(xlsx)?;
        for (col, width) in self.widths.iter().enumerate() {
            self.sheet
                .set_column_width(col as u16, (*width + 2) as f64)
                .map_err(xlsx)?;
        }
        Ok(self.row as usize - 1)
    }
}

/// An error of the workbook library, as the export reports it.
pub(super) fn xlsx(error: rust_xlsxwriter::XlsxError) -> ExchangeError {
    ExchangeError::Profile(format!("workbook: {error}"))
}

#[cfg(test)]
mod tests {
    use super::in_words;

    #[test]
    fn a_derived_cell_is_a_number_or_a_date_only_when_it_is_one() {
        use super::derived_cell;
        use crate::record::Cell;
        assert_eq!(derived_cell("42".into()), Cell::Number(42));
        assert_eq!(derived_cell("0042".into()), Cell::Text("0042".into()));
        assert_eq!(
            derived_cell("2026-11-06".into()),
            Cell::Date(chrono::NaiveDate::from_ymd_opt(2026, 11, 6).unwrap())
        );
        assert_eq!(derived_cell("2.0".into()), Cell::Text("2.0".into()));
        assert_eq!(derived_cell(String::new()), Cell::Empty);
    }

    #[test]
    fn a_layouts_organisation_number_stays_text_and_long_text_is_cut_visibly() {
        use super::{date_or_text, within_a_cell, LONGEST};
        use crate::record::Cell;
        assert_eq!(
            date_or_text("914778271".into()),
            Cell::Text("914778271".into())
        );
        let long = "x".repeat(LONGEST + 10);
        let cut = within_a_cell(long);
        assert!(cut.chars().count() < LONGEST + 100 && cut.ends_with("has it whole]"));
    }

    #[test]
    fn column_names_read_as_words() {
        assert_eq!(in_words("parent_name"), "Parent name");
        assert_eq!(in_words("dpa_id"), "Agreement id");
        assert_eq!(in_words("id"), "Id");
    }
}
