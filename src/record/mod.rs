//! Each kind of record described once. A kind lists its fields; each field
//! names its SQL column (also its CSV column and its form field), says how a
//! form enters it, how its text becomes the typed value (from a form or a CSV
//! row alike) and back, how the store writes and reads it, and how the CSV
//! export writes its cell. The store's writes and reads, the export's
//! columns, the import's reader and the workbench's form are built from the
//! list, so adding a field is one entry here, the field in the record's
//! struct, and a migration (docs/architecture.md shows one).
//!
//! The SQL built from a kind lives in the store (`store::kinds`). The rules
//! that span several fields are the domain's, called from `Kind::check`.

pub mod activity;
pub mod breach;
pub mod change_notice;
pub mod dpa;
pub mod letter;
pub mod organisation;
pub mod processor;
pub mod processor_record;
pub mod request;
pub mod settings;
pub mod transfer;
mod value;

use std::collections::BTreeMap;

use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::Tz;

pub use value::{text_cell, Cell, CellKind, FieldValue};

use crate::domain::validation::FieldErrors;

/// How a form enters a field.
#[derive(Debug, Clone, Copy)]
pub enum Input {
    /// One line of text; `required` marks it so on the form.
    Line {
        required: bool,
        placeholder: &'static str,
    },
    /// A text box of several lines; `required` marks it so on the form.
    Text {
        required: bool,
        placeholder: &'static str,
    },
    /// One of the codes of an enum.
    Codes(fn() -> Vec<(String, String)>),
    /// Yes or no.
    YesNo,
    /// Any of a list of options, ticked (their codes, comma-separated).
    Checks(fn() -> Vec<(String, String)>),
    /// Another record of the register (or none), offered when the form opens.
    Record,
    /// Any of the register's records offered when the form opens, ticked
    /// (their ids, comma-separated).
    Records,
}

impl Input {
    /// Whether its text may hold line breaks (a text box).
    pub fn multi_line(self) -> bool {
        matches!(self, Input::Text { .. })
    }
}

/// What a field's text is read with: its label (for messages) and its input.
#[derive(Debug, Clone, Copy)]
pub struct Spec {
    pub label: &'static str,
    pub input: Input,
}

/// A record's id, typed by its kind: where two ids travel together (a link
/// between an activity and a processor), one cannot stand in for the other.
///
/// ```compile_fail
/// use dpo_workbench::record::{activity::ActivityKind, processor::ProcessorKind, Id};
/// let processor: Id<ProcessorKind> = Id::new(7);
/// let activity: Id<ActivityKind> = processor; // refused: a processor is not an activity
/// ```
pub struct Id<K>(i64, std::marker::PhantomData<fn() -> K>);

impl<K> Id<K> {
    pub const fn new(id: i64) -> Self {
        Id(id, std::marker::PhantomData)
    }

    /// The number the store and the files know it by.
    pub const fn get(self) -> i64 {
        self.0
    }
}

// By hand: derived ones would ask the kind itself to be Copy, Eq…
impl<K> Clone for Id<K> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<K> Copy for Id<K> {}
impl<K> PartialEq for Id<K> {
    fn eq(&self, other: &Self) -> bool {
        self.0 == other.0
    }
}
impl<K> Eq for Id<K> {}
impl<K> std::fmt::Debug for Id<K> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Id({})", self.0)
    }
}
impl<K> std::fmt::Display for Id<K> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.0)
    }
}

/// What reading a field's text may depend on: the moment (a date may not lie
/// in the future) and the register's time zone (a time without an offset is
/// local to it).
#[derive(Debug, Clone, Copy)]
pub struct Context {
    pub now: DateTime<Utc>,
    pub zone: Tz,
    /// Text a person types into a form: dates may be written as people
    /// write them ("6.12", "today", "-3d"). A file's cells are read strictly
    /// (YYYY-MM-DD): "05/01/2026" from a US spreadsheet is not 5 January.
    pub typed: bool,
}

impl Context {
    pub fn new(now: DateTime<Utc>, zone: Tz) -> Self {
        Context {
            now,
            zone,
            typed: false,
        }
    }

    /// The same, for what a person types into a form.
    pub fn typed(self) -> Self {
        Context {
            typed: true,
            ..self
        }
    }

    /// The same zone at another moment.
    pub fn at(self, now: DateTime<Utc>) -> Self {
        Context { now, ..self }
    }

    /// Today in the register's time zone.
    pub fn today(&self) -> NaiveDate {
        self.now.with_timezone(&self.zone).date_naive()
    }
}

/// A record as a form or a CSV row holds it before it is read: each field's
/// text by its key. A key not set reads as empty.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Draft(BTreeMap<&'static str, String>);

impl Draft {
    pub fn get(&self, key: &str) -> &str {
        self.0.get(key).map_or("", String::as_str)
    }

    pub fn set(&mut self, key: &'static str, text: impl Into<String>) {
        self.0.insert(key, text.into());
    }

    /// The draft with `key` set to `text` (for building one in a line).
    pub fn with(mut self, key: &'static str, text: impl Into<String>) -> Self {
        self.set(key, text);
        self
    }
}

/// Shows a field's value as text, as a form shows it in the register's zone.
pub type Show<F> = fn(&F, &Context) -> String;
/// Reads a field's text into the record, or says what is wrong with it.
pub type Read<F> = fn(&mut F, &str, &Context) -> Result<(), String>;

/// A field's text: shown from the record, read into it.
pub struct Entry<F> {
    /// The value as the form shows it and the CSV export writes it.
    pub show: Show<F>,
    pub read: Read<F>,
}

/// A field's value in the store.
pub struct Stored<F> {
    /// Its SQL column: the field's key, but where an older table named it
    /// otherwise.
    pub column: &'static str,
    /// What the store writes.
    pub write: for<'a> fn(&'a F) -> rusqlite::types::ToSqlOutput<'a>,
    /// Reads it back from a row's column `i` into the record.
    pub read: fn(&mut F, &rusqlite::Row<'_>, usize) -> rusqlite::Result<()>,
}

/// One field of a kind whose record is `F` and whose listed row (what the
/// export writes) is `R`.
pub struct Field<F, R> {
    /// The SQL column, the CSV column and the form field's key.
    pub key: &'static str,
    /// The form's label.
    pub label: &'static str,
    /// What the CSV column holds (docs/csv-format.md).
    pub description: &'static str,
    /// How a form enters it; `None`: not on the form.
    pub input: Option<Input>,
    /// Its text; `None`: not entered (derived, or the record's id).
    pub entry: Option<Entry<F>>,
    /// How the store keeps it; `None`: not a column of its own table.
    pub stored: Option<Stored<F>>,
    /// Its cell in the CSV export; `None`: not exported.
    pub cell: Option<fn(&R) -> String>,
    /// Its typed cell in a workbook; `None`: the CSV cell's text.
    pub typed: Option<Typed<R>>,
}

impl<F, R> Field<F, R> {
    /// A field of the form only: its values are kept elsewhere (child rows,
    /// links), and so exported there.
    pub const fn on_form(
        key: &'static str,
        label: &'static str,
        input: Input,
        entry: Option<Entry<F>>,
    ) -> Self {
        Field {
            key,
            label,
            description: "",
            input: Some(input),
            entry,
            stored: None,
            cell: None,
            typed: None,
        }
    }

    /// A column of the export only: `cell` writes it, `typed` (where given)
    /// makes its workbook cells of one type.
    pub const fn export_only(
        key: &'static str,
        description: &'static str,
        cell: fn(&R) -> String,
        typed: Option<Typed<R>>,
    ) -> Self {
        Field {
            key,
            label: "",
            description,
            input: None,
            entry: None,
            stored: None,
            cell: Some(cell),
            typed,
        }
    }
}

/// A column's typed cells in a workbook, and which type they all have.
pub struct Typed<R> {
    pub kind: CellKind,
    pub cell: fn(&R) -> Cell,
}

impl<R> Clone for Typed<R> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<R> Copy for Typed<R> {}

impl<R> Typed<R> {
    /// The typed cells of a value `reach` finds in a row (for `field!`: the
    /// value's type, and so its kind of cell, is found from `reach`).
    pub const fn at<V: FieldValue>(reach: fn(&R) -> &V, cell: fn(&R) -> Cell) -> Self {
        let _ = reach;
        Typed {
            kind: V::KIND,
            cell,
        }
    }
}

/// The record a child record belongs to: the column that names it, and its table.
pub struct Parent {
    pub column: &'static str,
    pub table: &'static str,
    /// What messages call the parent ("processor").
    pub what: &'static str,
}

impl Parent {
    /// The parent of kind `K`, named in the child's `column`.
    pub const fn of<K: Kind>(column: &'static str) -> Parent {
        Parent {
            column,
            table: K::TABLE,
            what: K::WHAT,
        }
    }
}

/// A kind of record: its table and fields, and the rules across them.
pub trait Kind: 'static {
    /// The record's content, as the store writes it (a new record starts as
    /// its default, which is what a new form shows).
    type Fields: Default;
    /// A record as listed and exported.
    type Row;
    const TABLE: &'static str;
    /// What messages call one record ("transfer").
    const WHAT: &'static str;
    /// The record each one belongs to, for a child kind; its id is kept
    /// beside the fields (a form opens under it, a CSV row names it).
    const PARENT: Option<Parent> = None;
    /// The keys of the form's fields in the form's order, where it is not
    /// the CSV's.
    const FORM: Option<&'static [&'static str]> = None;
    fn fields() -> &'static [Field<Self::Fields, Self::Row>];
    /// The rules across fields, once each field is read; a field whose text
    /// was refused is named in `errors` and holds its default.
    fn check(fields: &mut Self::Fields, errors: &mut FieldErrors, context: &Context) {
        let _ = (fields, errors, context);
    }
    /// Whether the kind keeps a `search_text` column (what `search_text` gives).
    const SEARCHED: bool = false;
    /// What the filter searches, kept in the `search_text` column; `None`
    /// for a kind without one.
    fn search_text(fields: &Self::Fields) -> Option<String> {
        let _ = fields;
        None
    }
}

/// What a form field's text reads as, by the field's key: `None` where it
/// reads as itself or not at all (the save says why).
pub type ReadsAs = fn(&'static str, &str, &Context) -> Option<String>;

/// `ReadsAs` for the fields of kind `K`: the kind's own reading of the text
/// into a new record, shown back as the form shows values.
pub fn reads_as<K: Kind>(key: &'static str, text: &str, context: &Context) -> Option<String> {
    let entry = K::fields().iter().find(|f| f.key == key)?.entry.as_ref()?;
    let mut fields = K::Fields::default();
    (entry.read)(&mut fields, text, context).ok()?;
    let shown = (entry.show)(&fields, context);
    (!shown.is_empty() && shown != text.trim()).then_some(shown)
}

/// The fields the store keeps, in their order, by SQL column.
pub fn stored<K: Kind>() -> impl Iterator<Item = (&'static str, &'static Stored<K::Fields>)> {
    K::fields()
        .iter()
        .filter_map(|f| f.stored.as_ref().map(|s| (s.column, s)))
}

/// The fields a draft holds text for.
pub fn entered<K: Kind>() -> impl Iterator<Item = &'static Field<K::Fields, K::Row>> {
    K::fields().iter().filter(|f| f.entry.is_some())
}

/// A draft from the texts `text_of` gives by field (a form's values, a CSV
/// row's cells).
pub fn draft<K: Kind>(mut text_of: impl FnMut(&Field<K::Fields, K::Row>) -> String) -> Draft {
    let mut draft = Draft::default();
    for field in entered::<K>() {
        draft.set(field.key, text_of(field));
    }
    draft
}

/// The draft a form opens with for `fields` (a new record's: the default),
/// times shown in `context`'s zone.
pub fn draft_of<K: Kind>(fields: &K::Fields, context: &Context) -> Draft {
    draft::<K>(|field| {
        field
            .entry
            .as_ref()
            .map_or(String::new(), |e| (e.show)(fields, context))
    })
}

/// Reads `draft` into a record: every field's text, then the rules across
/// them; all problems at once, keyed by field.
pub fn validate<K: Kind>(draft: &Draft, context: &Context) -> Result<K::Fields, FieldErrors> {
    validate_from::<K>(|key| draft.get(key), context)
}

/// The same, each field's text given by `text_of` (a CSV row's cell, read
/// where it lies: an import validates rows without copying them into drafts).
pub fn validate_from<'a, K: Kind>(
    text_of: impl Fn(&str) -> &'a str,
    context: &Context,
) -> Result<K::Fields, FieldErrors> {
    let mut fields = K::Fields::default();
    let mut errors = FieldErrors::default();
    for field in K::fields() {
        if let Some(entry) = &field.entry {
            let text = text_of(field.key);
            // Whatever the path (form, import, command line), register text is
            // data, never terminal control.
            // A field off the form (a refusal's reasons, kept from a step's
            // text box) may hold line breaks; a one-line field is read
            // trimmed, so a line break or tab at its ends is no part of it.
            let multi_line = field.input.is_none_or(Input::multi_line);
            let kept = if multi_line { text } else { text.trim() };
            if let Some(problem) = crate::domain::text::control_character_problem(kept, multi_line)
            {
                errors.push(field.key, problem);
            } else if let Err(message) = (entry.read)(&mut fields, text, context) {
                errors.push(field.key, message);
            }
        }
    }
    // The rules across fields see which fields could not be read (their own
    // guards pass over rules about them); what they still say of such a
    // field, judging the default put in its place ("required" beside "not a
    // date" for a date typed 06.12.2026), is left out. Every other field's
    // problem is named at once, as a form shows them.
    let read = errors.0.len();
    let unreadable: Vec<&'static str> = errors.0.iter().map(|e| e.field).collect();
    K::check(&mut fields, &mut errors, context);
    let mut at = 0;
    errors.0.retain(|e| {
        at += 1;
        at <= read || !unreadable.contains(&e.field)
    });
    errors.into_result(fields)
}

/// The export's columns: every field with a cell, in order.
pub fn columns<K: Kind>() -> Vec<crate::exchange::columns::Column<K::Row>> {
    K::fields()
        .iter()
        .filter_map(|f| {
            f.cell.map(|value| crate::exchange::columns::Column {
                name: f.key,
                description: f.description,
                value,
            })
        })
        .collect()
}

/// A field entered, stored and exported as its value (`FieldValue`): `$path`
/// is the field in the record, `$row` reaches the record from a listed row.
/// With `read = f`, `f(text, context)` reads the text instead of the value's
/// own rule (a country code, an e-mail address).
#[macro_export]
macro_rules! field {
    ($key:literal, $label:literal, $about:literal, $input:expr, $($path:ident).+ ; $row:expr) => {
        $crate::field!(@build $key, $label, $about, $input, $($path).+ ; $row;
            |text, context| $crate::record::FieldValue::parse(
                text,
                &$crate::record::Spec { label: $label, input: $input },
                context,
            ))
    };
    ($key:literal, $label:literal, $about:literal, $input:expr, $($path:ident).+ ; $row:expr;
     read = $read:expr) => {
        $crate::field!(@build $key, $label, $about, $input, $($path).+ ; $row; $read)
    };
    (@build $key:literal, $label:literal, $about:literal, $input:expr, $($path:ident).+ ;
     $row:expr; $read:expr) => {
        $crate::record::Field {
            key: $key,
            label: $label,
            description: $about,
            input: Some($input),
            entry: Some($crate::record::Entry {
                show: |f, context| $crate::record::FieldValue::show_in(&f.$($path).+, context),
                read: |f, text, context| {
                    f.$($path).+ = ($read)(text, context).map_err(|e| e.to_string())?;
                    Ok(())
                },
            }),
            stored: Some($crate::record::Stored {
                column: $key,
                write: |f| $crate::record::FieldValue::to_sql(&f.$($path).+),
                read: |f, row, i| {
                    f.$($path).+ = $crate::record::FieldValue::from_sql(row, i)?;
                    Ok(())
                },
            }),
            cell: Some(|r| $crate::record::FieldValue::show(&($row)(r).$($path).+)),
            typed: Some($crate::record::Typed::at(
                |r| &($row)(r).$($path).+,
                |r| $crate::record::FieldValue::cell(&($row)(r).$($path).+),
            )),
        }
    };
}

/// A column of the export only (the record's id, a name looked up, a value derived).
#[macro_export]
macro_rules! export_only {
    // A moment worked out from the record (a deadline): RFC 3339 UTC in CSV,
    // a date-time in the register's zone (UTC beside it) in a workbook.
    ($key:literal, $description:literal, instant $moment:expr) => {
        $crate::record::Field::export_only(
            $key,
            $description,
            |r| $crate::record::FieldValue::show(&($moment)(r)),
            Some($crate::record::Typed {
                kind: $crate::record::CellKind::Instant,
                cell: |r| $crate::record::FieldValue::cell(&($moment)(r)),
            }),
        )
    };
    // A value the row holds (a flag): its text in CSV, its typed cell (Yes,
    // No) in a workbook, as the record's own fields have.
    ($key:literal, $description:literal, value $reach:expr) => {
        $crate::record::Field::export_only(
            $key,
            $description,
            |r| $crate::record::FieldValue::show(($reach)(r)),
            Some($crate::record::Typed::at($reach, |r| {
                $crate::record::FieldValue::cell(($reach)(r))
            })),
        )
    };
    // A number with one decimal written as text ("8.5"): that text in CSV,
    // a number in a workbook.
    ($key:literal, $description:literal, decimal $text:expr) => {
        $crate::record::Field::export_only(
            $key,
            $description,
            $text,
            Some($crate::record::Typed {
                kind: $crate::record::CellKind::Number,
                cell: |r| $crate::record::tenths_cell(&($text)(r)),
            }),
        )
    };
    ($key:literal, $description:literal, $cell:expr) => {
        $crate::record::Field::export_only($key, $description, $cell, None)
    };
}

/// "8.5" as the number it is (85 tenths); empty text an empty cell, any
/// other text kept as text.
pub fn tenths_cell(text: &str) -> Cell {
    let Some((whole, tenth)) = text.split_once('.') else {
        return crate::record::text_cell(text.to_string());
    };
    let one_digit = tenth.len() == 1 && tenth.bytes().all(|b| b.is_ascii_digit());
    match whole.parse::<i64>() {
        Ok(whole) if one_digit && !whole.is_negative() => {
            Cell::Tenths(whole * 10 + i64::from(tenth.as_bytes()[0] - b'0'))
        }
        _ => crate::record::text_cell(text.to_string()),
    }
}

/// The `Kind` of a record, declared in one place: its fields' and rows'
/// types, its table, what one is called, its field list; for a child kind
/// its parent; where they apply the form's order, the rules across fields
/// (`fn(&mut Fields, &mut FieldErrors, &Context)`) and the search text
/// (`fn(&Fields) -> String`).
#[macro_export]
macro_rules! record_kind {
    ($kind:ty: $fields:ty, $row:ty; table $table:literal, one $what:literal, fields $list:expr
     $(, parent $parent:expr)? $(, form $form:expr)? $(, check $check:expr)?
     $(, search $search:expr)? $(,)?) => {
        impl $crate::record::Kind for $kind {
            type Fields = $fields;
            type Row = $row;
            const TABLE: &'static str = $table;
            const WHAT: &'static str = $what;
            $(const PARENT: Option<$crate::record::Parent> = Some($parent);)?
            $(const FORM: Option<&'static [&'static str]> = Some($form);)?

            fn fields() -> &'static [$crate::record::Field<$fields, $row>] {
                $list
            }

            $(fn check(
                fields: &mut $fields,
                errors: &mut $crate::domain::validation::FieldErrors,
                context: &$crate::record::Context,
            ) {
                ($check)(fields, errors, context)
            })?

            $(const SEARCHED: bool = { let _ = $search; true };
            fn search_text(fields: &$fields) -> Option<String> {
                Some(($search)(fields))
            })?
        }
    };
}

/// One line, not required.
pub const fn line(placeholder: &'static str) -> Input {
    Input::Line {
        required: false,
        placeholder,
    }
}

/// One line that must be filled in.
pub const fn required(placeholder: &'static str) -> Input {
    Input::Line {
        required: true,
        placeholder,
    }
}

/// A text box.
pub const fn text(placeholder: &'static str) -> Input {
    Input::Text {
        required: false,
        placeholder,
    }
}

/// One line the form marks as wanted (Art. 30 asks for it) though a draft
/// may be saved without it: read with `any_line`.
pub const fn wanted(placeholder: &'static str) -> Input {
    required(placeholder)
}

/// A text box the form marks as wanted, read with `any_text`.
pub const fn wanted_text(placeholder: &'static str) -> Input {
    Input::Text {
        required: true,
        placeholder,
    }
}

/// A whole number of `unit` from 1, or none when empty (`empty` says what
/// none means, for the message).
pub fn positive_or_none(text: &str, unit: &str, empty: &str) -> Result<Option<u32>, String> {
    match text.trim() {
        "" => Ok(None),
        digits => match digits.parse::<u32>() {
            Ok(0) | Err(_) => Err(format!(
                "'{digits}' is not a number of {unit} (1 or more; empty: {empty})"
            )),
            Ok(n) => Ok(Some(n)),
        },
    }
}

/// One line, trimmed, which may be empty.
pub fn any_line(text: &str, context: &Context) -> Result<String, String> {
    let spec = Spec {
        label: "",
        input: line(""),
    };
    FieldValue::parse(text, &spec, context)
}

/// Free text, trimmed around, which may be empty.
pub fn any_text(text: &str, context: &Context) -> Result<String, String> {
    let spec = Spec {
        label: "",
        input: self::text(""),
    };
    FieldValue::parse(text, &spec, context)
}

/// A moment and zone for tests of the rules that do not depend on them.
#[cfg(test)]
pub fn test_context() -> Context {
    use chrono::TimeZone;
    Context::new(
        Utc.with_ymd_and_hms(2026, 3, 2, 9, 0, 0).unwrap(),
        chrono_tz::Europe::Oslo,
    )
}

#[cfg(test)]
mod tenths_tests {
    use super::*;

    #[test]
    fn one_decimal_text_is_a_number_of_tenths() {
        assert_eq!(tenths_cell("8.5"), Cell::Tenths(85));
        assert_eq!(tenths_cell("0.0"), Cell::Tenths(0));
        assert_eq!(tenths_cell(""), Cell::Empty);
        assert_eq!(tenths_cell("8.55"), Cell::Text("8.55".into()));
        assert_eq!(tenths_cell("-1.5"), Cell::Text("-1.5".into()));
    }
}
