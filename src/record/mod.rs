//! Each kind of record described once. A kind lists its fields; each field
//! names its SQL column (also its CSV column and its form field), says how a
//! form enters it, how its text reaches the draft the domain validates (from a
//! form or a CSV row alike), how the store writes and reads it, and how the
//! CSV export writes its cell. The store's writes and reads, the export's
//! columns, the import's reader and the workbench's form are built from the
//! list, so adding a field is one entry here and a migration.
//!
//! The SQL built from a kind lives in the store (`store::kinds`).
//!
//! The domain keeps the rules: a draft (text, as typed) becomes a record
//! only through the kind's validation function.

pub mod organisation;
pub mod processor;
pub mod processor_record;

use rusqlite::types::Value;

/// How a form enters a field.
#[derive(Debug, Clone, Copy)]
pub enum Input {
    /// One line of text; `required` marks it so on the form.
    Line {
        required: bool,
        placeholder: &'static str,
    },
    /// A text box of several lines.
    Text { placeholder: &'static str },
    /// One of the codes of an enum.
    Codes(fn() -> Vec<(String, String)>),
    /// Another record of the register (or none), offered when the form opens.
    Record,
}

impl Input {
    /// Whether its text may hold line breaks (a text box).
    pub fn multi_line(self) -> bool {
        matches!(self, Input::Text { .. })
    }
}

/// A field's text in a draft: read and written as the form and the CSV
/// import hold it.
pub struct Text<D> {
    pub get: fn(&D) -> String,
    pub set: fn(&mut D, String),
}

/// A field's value in the store.
pub struct Stored<F> {
    /// What the store writes.
    pub write: fn(&F) -> Value,
    /// Reads it back from a row's column `i` into the record.
    pub read: fn(&mut F, &rusqlite::Row<'_>, usize) -> rusqlite::Result<()>,
}

/// One field of a kind whose draft is `D`, whose validated fields are `F`
/// and whose listed row (what the export writes) is `R`.
pub struct Field<D, F, R> {
    /// The SQL column, the CSV column and the form field's key.
    pub key: &'static str,
    /// The form's label.
    pub label: &'static str,
    /// What the CSV column holds (docs/csv-format.md).
    pub description: &'static str,
    /// How a form enters it; `None`: not on the form.
    pub input: Option<Input>,
    /// Its text in the draft; `None`: not entered (derived, or the record's id).
    pub text: Option<Text<D>>,
    /// How the store keeps it; `None`: not a column of its own table.
    pub stored: Option<Stored<F>>,
    /// Its cell in the CSV export; `None`: not exported.
    pub cell: Option<fn(&R) -> String>,
}

/// A kind of record: its table and fields, and how a draft becomes fields.
pub trait Kind: 'static {
    /// What a form or a CSV row holds before validation: all text.
    type Draft: Default;
    /// The validated content, as the store writes it.
    type Fields: Default;
    /// A record as listed and exported.
    type Row;
    const TABLE: &'static str;
    fn fields() -> &'static [Field<Self::Draft, Self::Fields, Self::Row>];
    /// The domain's rule: a draft becomes fields, or says which are wrong.
    fn validate(
        draft: &Self::Draft,
    ) -> Result<Self::Fields, crate::domain::validation::FieldErrors>;
    /// What the filter searches, kept in the `search_text` column; `None`
    /// for a kind without one.
    fn search_text(fields: &Self::Fields) -> Option<String>;
}

/// The fields the store keeps, in their order.
pub fn stored<K: Kind>() -> impl Iterator<Item = (&'static str, &'static Stored<K::Fields>)> {
    K::fields()
        .iter()
        .filter_map(|f| f.stored.as_ref().map(|s| (f.key, s)))
}

/// A draft from the texts `text_of` gives by field key (a form's values, a
/// CSV row's cells).
pub fn draft<K: Kind>(
    mut text_of: impl FnMut(&Field<K::Draft, K::Fields, K::Row>) -> String,
) -> K::Draft {
    let mut draft = K::Draft::default();
    for field in K::fields() {
        if let Some(text) = &field.text {
            (text.set)(&mut draft, text_of(field));
        }
    }
    draft
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

/// A text field kept as it is typed: the draft's text is the stored value
/// and the CSV cell. `$draft` and `$fields` name the field in the draft and in
/// the validated fields; `$row` reaches the fields from the listed row.
#[macro_export]
macro_rules! text_field {
    ($key:literal, $label:literal, $description:literal, $input:expr,
     $draft:ident => $fields:ident, $row:expr) => {
        $crate::record::Field {
            key: $key,
            label: $label,
            description: $description,
            input: Some($input),
            text: Some($crate::record::Text {
                get: |d| d.$draft.clone(),
                set: |d, t| d.$draft = t,
            }),
            stored: Some($crate::record::Stored {
                write: |f| rusqlite::types::Value::Text(f.$fields.clone()),
                read: |f, row, i| {
                    f.$fields = row.get(i)?;
                    Ok(())
                },
            }),
            cell: Some(|r| ($row)(r).$fields.clone()),
        }
    };
}

/// A column of the export only (the record's id, a name looked up, a value derived).
#[macro_export]
macro_rules! export_only {
    ($key:literal, $description:literal, $cell:expr) => {
        $crate::record::Field {
            key: $key,
            label: "",
            description: $description,
            input: None,
            text: None,
            stored: None,
            cell: Some($cell),
        }
    };
}

/// Text helpers for the declarations.
pub mod cell {
    /// "yes" or "no".
    pub fn yes_no(flag: bool) -> String {
        if flag { "yes" } else { "no" }.to_string()
    }

    /// An optional id as its digits, or empty.
    pub fn id(id: Option<i64>) -> String {
        id.map(|id| id.to_string()).unwrap_or_default()
    }
}
