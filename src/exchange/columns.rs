//! A CSV column of an exported table: its name, what it holds, and how to
//! write a record's cell. The columns of each table come from its record
//! kind (`record::columns`); `docs/csv-format.md` documents them (a test
//! keeps the two in step), and the import reads them back.

/// One CSV column: its stable name, what it holds, and how to read it off a record.
pub struct Column<T> {
    pub name: &'static str,
    pub description: &'static str,
    pub value: fn(&T) -> String,
}

/// The header row of a column list.
pub fn header<T>(columns: &[Column<T>]) -> Vec<&'static str> {
    columns.iter().map(|c| c.name).collect()
}

/// One record as CSV cells.
pub fn cells<T>(columns: &[Column<T>], record: &T) -> Vec<String> {
    columns.iter().map(|c| (c.value)(record)).collect()
}
