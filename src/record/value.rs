//! The kinds of value a field holds, each read from text and shown as text
//! the same way everywhere: on a form, in a CSV cell, in the store.

use chrono::{DateTime, NaiveDate, SecondsFormat, Utc};
use rusqlite::types::{ToSqlOutput, Type, Value, ValueRef};

use super::{Context, Input, Spec};
use crate::domain::breach_clock::{form_time, read_instant};
use crate::domain::code_enum::Coded;
use crate::domain::jurisdiction::{code_of, Jurisdiction};
use crate::domain::validation::{optional_line, optional_text, required_line, FieldErrors};
use crate::store::iso_date;

/// What a spreadsheet cell holds for a value: text, a whole number, a
/// date, or an instant (written in the register's zone, with UTC beside it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Cell {
    Empty,
    Text(String),
    Number(i64),
    /// A number with one decimal, held as tenths so that it is exact
    /// (8.5 hours late is 85).
    Tenths(i64),
    Date(NaiveDate),
    Instant(DateTime<Utc>),
}

/// Which of those a column holds, known before any row is read (an instant
/// column takes two columns of a sheet: local time and UTC).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CellKind {
    Text,
    Number,
    Date,
    Instant,
}

/// Text as a cell: empty text is an empty cell.
pub fn text_cell(text: String) -> Cell {
    if text.is_empty() {
        Cell::Empty
    } else {
        Cell::Text(text)
    }
}

/// A value a field can hold.
pub trait FieldValue: Sized {
    /// As the CSV export writes it (and, unless `show_in` says otherwise, a
    /// form shows it).
    fn show(&self) -> String;
    /// As a form shows it in the register's zone.
    fn show_in(&self, context: &Context) -> String {
        let _ = context;
        self.show()
    }
    /// Reads what a form or a CSV cell holds, or says what is wrong with it.
    fn parse(text: &str, spec: &Spec, context: &Context) -> Result<Self, String>;
    /// What the store binds: text the record holds is lent, not copied
    /// (an import binds some thirty values a row).
    fn to_sql(&self) -> ToSqlOutput<'_>;
    fn from_sql(row: &rusqlite::Row<'_>, i: usize) -> rusqlite::Result<Self>;
    /// What a spreadsheet's cells hold for this kind of value.
    const KIND: CellKind = CellKind::Text;
    /// As a spreadsheet cell (a workbook): typed, codes in words.
    fn cell(&self) -> Cell {
        text_cell(self.show())
    }
}

/// Text lent to the statement that binds it.
fn text(text: &str) -> ToSqlOutput<'_> {
    ToSqlOutput::Borrowed(ValueRef::Text(text.as_bytes()))
}

/// The first problem a validation helper recorded, if any.
fn first_problem(errors: FieldErrors) -> Result<(), String> {
    match errors.0.into_iter().next() {
        Some(e) => Err(e.message),
        None => Ok(()),
    }
}

/// Text: one line (trimmed, required when the form says so) or a text box
/// (trimmed around, its inner line breaks kept).
impl FieldValue for String {
    fn show(&self) -> String {
        self.clone()
    }

    fn parse(text: &str, spec: &Spec, _: &Context) -> Result<Self, String> {
        let mut errors = FieldErrors::default();
        let value = match spec.input {
            Input::Line { required: true, .. } => required_line(&mut errors, "", text),
            Input::Line { .. } => optional_line(&mut errors, "", text),
            Input::Text { required: true, .. } if text.trim().is_empty() => {
                errors.push("", "required");
                String::new()
            }
            _ => optional_text(&mut errors, "", text),
        };
        first_problem(errors).map(|()| value)
    }

    fn to_sql(&self) -> ToSqlOutput<'_> {
        text(self)
    }

    fn from_sql(row: &rusqlite::Row<'_>, i: usize) -> rusqlite::Result<Self> {
        row.get(i)
    }
}

/// A time zone by its IANA name; the store never holds another.
impl FieldValue for chrono_tz::Tz {
    fn show(&self) -> String {
        self.name().to_string()
    }

    fn parse(text: &str, _: &Spec, _: &Context) -> Result<Self, String> {
        crate::domain::organisation::read_time_zone(text, None).map_err(|e| e.to_string())
    }

    fn to_sql(&self) -> ToSqlOutput<'_> {
        text(self.name())
    }

    fn from_sql(row: &rusqlite::Row<'_>, i: usize) -> rusqlite::Result<Self> {
        let name: String = row.get(i)?;
        name.parse()
            .map_err(|_| bad_text(i, format!("unknown time zone '{name}'")))
    }
}

/// A jurisdiction by its code, or none (empty).
impl FieldValue for Option<Jurisdiction> {
    fn show(&self) -> String {
        code_of(*self).to_string()
    }

    fn parse(text: &str, _: &Spec, _: &Context) -> Result<Self, String> {
        Jurisdiction::parse_optional(text).map_err(|e| e.to_string())
    }

    fn to_sql(&self) -> ToSqlOutput<'_> {
        text(code_of(*self))
    }

    fn from_sql(row: &rusqlite::Row<'_>, i: usize) -> rusqlite::Result<Self> {
        let code: String = row.get(i)?;
        Jurisdiction::parse_optional(&code).map_err(|e| bad_text(i, e.to_string()))
    }
}

/// Yes or no ("true"/"false", "1"/"0" read too; empty is no).
impl FieldValue for bool {
    fn show(&self) -> String {
        if *self { "yes" } else { "no" }.to_string()
    }

    fn parse(text: &str, _: &Spec, _: &Context) -> Result<Self, String> {
        match text.trim().to_ascii_lowercase().as_str() {
            "yes" | "true" | "1" => Ok(true),
            "no" | "false" | "0" | "" => Ok(false),
            _ => Err("expected yes or no".into()),
        }
    }

    fn to_sql(&self) -> ToSqlOutput<'_> {
        ToSqlOutput::Owned(Value::Integer(i64::from(*self)))
    }

    fn from_sql(row: &rusqlite::Row<'_>, i: usize) -> rusqlite::Result<Self> {
        row.get(i)
    }

    fn cell(&self) -> Cell {
        Cell::Text(if *self { "Yes" } else { "No" }.to_string())
    }
}

/// Another record, by its id, or none.
impl FieldValue for Option<i64> {
    fn show(&self) -> String {
        self.map(|id| id.to_string()).unwrap_or_default()
    }

    fn parse(text: &str, _: &Spec, _: &Context) -> Result<Self, String> {
        match text.trim() {
            "" => Ok(None),
            digits => match digits.parse::<i64>() {
                Ok(n) if n > 0 => Ok(Some(n)),
                _ => Err("expected a record id: a whole number above 0".into()),
            },
        }
    }

    fn to_sql(&self) -> ToSqlOutput<'_> {
        ToSqlOutput::Owned(self.map_or(Value::Null, Value::Integer))
    }

    fn from_sql(row: &rusqlite::Row<'_>, i: usize) -> rusqlite::Result<Self> {
        row.get(i)
    }

    const KIND: CellKind = CellKind::Number;
    fn cell(&self) -> Cell {
        self.map_or(Cell::Empty, Cell::Number)
    }
}

/// The record a child row belongs to, by its id: required.
impl FieldValue for i64 {
    fn show(&self) -> String {
        self.to_string()
    }

    fn parse(text: &str, spec: &Spec, context: &Context) -> Result<Self, String> {
        <Option<i64>>::parse(text, spec, context)?
            .ok_or_else(|| "required: the id of the record this row belongs to".into())
    }

    fn to_sql(&self) -> ToSqlOutput<'_> {
        ToSqlOutput::Owned(Value::Integer(*self))
    }

    fn from_sql(row: &rusqlite::Row<'_>, i: usize) -> rusqlite::Result<Self> {
        row.get(i)
    }

    const KIND: CellKind = CellKind::Number;
    fn cell(&self) -> Cell {
        Cell::Number(*self)
    }
}

/// A calendar day, YYYY-MM-DD, or none.
impl FieldValue for Option<NaiveDate> {
    fn show(&self) -> String {
        self.map(|d| d.to_string()).unwrap_or_default()
    }

    /// On a form as people type it (`6.12.2026`, `6/12`, `today`, `-3d`…,
    /// against today in the register's zone); in a file as YYYY-MM-DD.
    fn parse(text: &str, _: &Spec, context: &Context) -> Result<Self, String> {
        let day = match text.trim() {
            "" => return Ok(None),
            day if context.typed => {
                crate::domain::typed_date::parse_typed_date(day, context.today())
            }
            day => crate::domain::request::parse_iso_date(day),
        };
        day.map(Some).map_err(|e| e.to_string())
    }

    fn to_sql(&self) -> ToSqlOutput<'_> {
        ToSqlOutput::Owned(self.map_or(Value::Null, |d| Value::Text(iso_date::format(d))))
    }

    fn from_sql(row: &rusqlite::Row<'_>, i: usize) -> rusqlite::Result<Self> {
        iso_date::maybe_at(row, i)
    }

    const KIND: CellKind = CellKind::Date;
    fn cell(&self) -> Cell {
        self.map_or(Cell::Empty, Cell::Date)
    }
}

/// A calendar day that must be given.
impl FieldValue for NaiveDate {
    fn show(&self) -> String {
        self.to_string()
    }

    fn parse(text: &str, spec: &Spec, context: &Context) -> Result<Self, String> {
        <Option<NaiveDate>>::parse(text, spec, context)?
            .ok_or_else(|| "required: a date as YYYY-MM-DD".into())
    }

    fn to_sql(&self) -> ToSqlOutput<'_> {
        ToSqlOutput::Owned(Value::Text(iso_date::format(*self)))
    }

    fn from_sql(row: &rusqlite::Row<'_>, i: usize) -> rusqlite::Result<Self> {
        iso_date::at(row, i)
    }

    const KIND: CellKind = CellKind::Date;
    fn cell(&self) -> Cell {
        Cell::Date(*self)
    }
}

/// A number of days, or none.
impl FieldValue for Option<u32> {
    fn show(&self) -> String {
        self.map(|n| n.to_string()).unwrap_or_default()
    }

    fn parse(text: &str, _: &Spec, _: &Context) -> Result<Self, String> {
        match text.trim() {
            "" => Ok(None),
            digits => digits
                .parse::<u32>()
                .map(Some)
                .map_err(|_| format!("'{digits}' is not a whole number of days")),
        }
    }

    fn to_sql(&self) -> ToSqlOutput<'_> {
        ToSqlOutput::Owned(self.map_or(Value::Null, |n| Value::Integer(i64::from(n))))
    }

    fn from_sql(row: &rusqlite::Row<'_>, i: usize) -> rusqlite::Result<Self> {
        row.get(i)
    }

    const KIND: CellKind = CellKind::Number;
    fn cell(&self) -> Cell {
        self.map_or(Cell::Empty, |n| Cell::Number(i64::from(n)))
    }
}

/// Reads a code of enumeration `T`, or says which codes there are.
trait ParseCoded: Coded {
    /// "is not one of", not "is not a <label>": labels are not nouns that
    /// take an article ("Our role", "Still ongoing").
    fn parse_value(text: &str, _: &Spec, _: &Context) -> Result<Self, String> {
        Self::parse(text)
            .ok_or_else(|| format!("'{}' is not one of {}", text.trim(), Self::expected()))
    }
}

impl<T: Coded> ParseCoded for T {}

/// One of an enumeration's codes (its label is read too).
impl<T: Coded> FieldValue for T {
    fn show(&self) -> String {
        self.code().to_string()
    }

    fn parse(text: &str, spec: &Spec, context: &Context) -> Result<Self, String> {
        T::parse_value(text, spec, context)
    }

    fn to_sql(&self) -> ToSqlOutput<'_> {
        text(self.code())
    }

    /// A code the workbench does not know (a register edited by hand) reads
    /// as the enumeration's first value; `dpo verify` names such rows.
    fn from_sql(row: &rusqlite::Row<'_>, i: usize) -> rusqlite::Result<Self> {
        let code: String = row.get(i)?;
        Ok(T::parse(&code).unwrap_or(T::FIRST))
    }

    fn cell(&self) -> Cell {
        Cell::Text(self.label().to_string())
    }
}

/// Text that may be absent (kept as NULL, shown as empty).
impl FieldValue for Option<String> {
    fn show(&self) -> String {
        self.clone().unwrap_or_default()
    }

    fn parse(text: &str, spec: &Spec, context: &Context) -> Result<Self, String> {
        let text = String::parse(text, spec, context)?;
        Ok((!text.is_empty()).then_some(text))
    }

    fn to_sql(&self) -> ToSqlOutput<'_> {
        self.as_deref()
            .map_or(ToSqlOutput::Owned(Value::Null), text)
    }

    fn from_sql(row: &rusqlite::Row<'_>, i: usize) -> rusqlite::Result<Self> {
        row.get(i)
    }
}

/// One of an enumeration's codes, or none (kept as NULL, shown as empty).
impl<T: Coded> FieldValue for Option<T> {
    fn show(&self) -> String {
        self.map(|v| v.code().to_string()).unwrap_or_default()
    }

    fn parse(text: &str, spec: &Spec, context: &Context) -> Result<Self, String> {
        match text.trim() {
            "" => Ok(None),
            code => T::parse_value(code, spec, context).map(Some),
        }
    }

    fn to_sql(&self) -> ToSqlOutput<'_> {
        self.map_or(ToSqlOutput::Owned(Value::Null), |v| text(v.code()))
    }

    fn from_sql(row: &rusqlite::Row<'_>, i: usize) -> rusqlite::Result<Self> {
        let code: Option<String> = row.get(i)?;
        Ok(code.and_then(|c| T::parse(&c)))
    }

    fn cell(&self) -> Cell {
        self.map_or(Cell::Empty, |v| Cell::Text(v.label().to_string()))
    }
}

/// An instant that may be absent: kept and exported as RFC 3339 UTC; a form
/// shows it in the register's zone with its offset, and reads a time without
/// an offset as local to that zone. A recorded instant cannot lie ahead.
impl FieldValue for Option<DateTime<Utc>> {
    fn show(&self) -> String {
        self.map(|t| t.to_rfc3339_opts(SecondsFormat::Secs, true))
            .unwrap_or_default()
    }

    fn show_in(&self, context: &Context) -> String {
        self.map(|t| form_time(t, &context.zone))
            .unwrap_or_default()
    }

    /// On a form `14:30` (today) and `yesterday 23:10` are read too.
    fn parse(text: &str, _: &Spec, context: &Context) -> Result<Self, String> {
        let typed = match text.trim() {
            "" => return Ok(None),
            t if context.typed => crate::domain::typed_date::expand_typed_time(t, context.today())
                .unwrap_or_else(|| t.to_string()),
            t => t.to_string(),
        };
        read_instant(&typed, &context.zone, context.now)
            .map(Some)
            .map_err(|e| e.to_string())
    }

    fn to_sql(&self) -> ToSqlOutput<'_> {
        ToSqlOutput::Owned(match self {
            Some(_) => Value::Text(self.show()),
            None => Value::Null,
        })
    }

    fn from_sql(row: &rusqlite::Row<'_>, i: usize) -> rusqlite::Result<Self> {
        let text: Option<String> = row.get(i)?;
        text.map(|t| {
            DateTime::parse_from_rfc3339(&t)
                .map(|t| t.with_timezone(&Utc))
                .map_err(|e| rusqlite::Error::FromSqlConversionFailure(i, Type::Text, Box::new(e)))
        })
        .transpose()
    }

    const KIND: CellKind = CellKind::Instant;
    fn cell(&self) -> Cell {
        self.map_or(Cell::Empty, Cell::Instant)
    }
}

/// An instant that must be given.
impl FieldValue for DateTime<Utc> {
    fn show(&self) -> String {
        Some(*self).show()
    }

    fn show_in(&self, context: &Context) -> String {
        Some(*self).show_in(context)
    }

    fn parse(text: &str, spec: &Spec, context: &Context) -> Result<Self, String> {
        <Option<DateTime<Utc>>>::parse(text, spec, context)?.ok_or_else(|| {
            "required: YYYY-MM-DDTHH:MM in the register's time zone, or with an offset".into()
        })
    }

    fn to_sql(&self) -> ToSqlOutput<'_> {
        ToSqlOutput::Owned(Value::Text(self.show()))
    }

    fn from_sql(row: &rusqlite::Row<'_>, i: usize) -> rusqlite::Result<Self> {
        <Option<DateTime<Utc>>>::from_sql(row, i)?.ok_or(rusqlite::Error::InvalidColumnType(
            i,
            "instant".into(),
            Type::Null,
        ))
    }

    const KIND: CellKind = CellKind::Instant;
    fn cell(&self) -> Cell {
        Cell::Instant(*self)
    }
}

/// A stored text that does not read as its field's value (written by another
/// program, since the workbench writes only what it validated).
fn bad_text(column: usize, message: String) -> rusqlite::Error {
    rusqlite::Error::FromSqlConversionFailure(column, Type::Text, message.into())
}
