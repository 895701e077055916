//! The SQL of a record kind (`record::Kind`), built from its fields: the
//! columns a `SELECT` reads, the record read back from a row, the values and
//! statements of its writes.

use std::any::TypeId;
use std::cell::RefCell;
use std::rc::Rc;

use rusqlite::types::{ToSqlOutput, Value, ValueRef};
use rusqlite::{params_from_iter, Connection};

use super::error::{StoreError, StoreResult};
use super::register::NOW;
use crate::record::{stored, Kind};

/// Columns the store writes beside a kind's fields: a flag it manages (the
/// agreement in force), a value it computes (a document's fingerprint).
pub(super) type Extra<'a> = &'a [(&'static str, Value)];

/// `p.a, p.b, …`: the stored columns, for a `SELECT` from `table AS prefix`.
pub(super) fn select_columns<K: Kind>(prefix: &str) -> String {
    stored::<K>()
        .map(|(key, _)| format!("{prefix}.{key}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The fields read from `row`, whose stored columns start at column `first`.
pub(super) fn read<K: Kind>(row: &rusqlite::Row<'_>, first: usize) -> rusqlite::Result<K::Fields> {
    let mut fields = K::Fields::default();
    for (i, (_, stored)) in stored::<K>().enumerate() {
        (stored.read)(&mut fields, row, first + i)?;
    }
    Ok(fields)
}

/// The columns a write sets, in order: the parent's id (for a child kind,
/// when `with_parent`), the stored fields, the search text, then `extra`.
fn written<K: Kind>(with_parent: bool, extra: Extra<'_>) -> Vec<&'static str> {
    let mut names: Vec<&str> = K::PARENT
        .iter()
        .filter(|_| with_parent)
        .map(|p| p.column)
        .collect();
    names.extend(stored::<K>().map(|(key, _)| key));
    if K::SEARCHED {
        names.push("search_text");
    }
    names.extend(extra.iter().map(|(name, _)| *name));
    names
}

/// A value bound as it is.
fn owned(value: Value) -> ToSqlOutput<'static> {
    ToSqlOutput::Owned(value)
}

/// An id, or NULL for none.
fn id_or_null(id: Option<i64>) -> ToSqlOutput<'static> {
    owned(id.map_or(Value::Null, Value::Integer))
}

/// The values of `written`, in its order: the record's text lent, not
/// copied (an import binds some thirty a row).
fn values<'a, K: Kind>(
    parent: Option<Option<i64>>,
    fields: &'a K::Fields,
    extra: Extra<'a>,
) -> Vec<ToSqlOutput<'a>> {
    let mut values = Vec::with_capacity(K::fields().len() + extra.len() + 2);
    values.extend(K::PARENT.iter().filter_map(|_| parent.map(id_or_null)));
    values.extend(stored::<K>().map(|(_, s)| (s.write)(fields)));
    // Searched in one Unicode form, as the filter is typed in (`search_form`).
    values.extend(
        K::search_text(fields).map(|t| owned(Value::Text(crate::domain::text::composed(&t)))),
    );
    values.extend(
        extra
            .iter()
            .map(|(_, value)| ToSqlOutput::Borrowed(ValueRef::from(value))),
    );
    values
}

/// The statement of `K` for `shape` (which statement, its flags, the extra
/// columns), built by `build` the first time this thread asks: building one
/// takes a few dozen small strings, which an import paid on every row.
fn statement<K: Kind>(
    shape: (&'static str, bool, bool),
    extra: Extra<'_>,
    build: impl FnOnce() -> String,
) -> Rc<str> {
    type Key = (TypeId, (&'static str, bool, bool), Vec<&'static str>);
    thread_local! {
        // Looked up on every write: foldhash, not the standard library's hasher.
        static BUILT: RefCell<foldhash::HashMap<Key, Rc<str>>> = RefCell::default();
    }
    let key = (
        TypeId::of::<K>(),
        shape,
        extra.iter().map(|(name, _)| *name).collect(),
    );
    BUILT.with(|built| {
        built
            .borrow_mut()
            .entry(key)
            .or_insert_with(|| Rc::from(build()))
            .clone()
    })
}

/// `INSERT` of a record (its id given as the first parameter when `with_id`),
/// the columns of `written` and the times of creation and change.
fn insert_sql<K: Kind>(with_id: bool, extra: Extra<'_>) -> Rc<str> {
    statement::<K>(("insert", with_id, false), extra, || {
        build_insert::<K>(with_id, extra)
    })
}

fn build_insert<K: Kind>(with_id: bool, extra: Extra<'_>) -> String {
    let mut names = written::<K>(true, extra);
    let offset = usize::from(with_id);
    let mut params: Vec<String> = (1..=names.len())
        .map(|i| format!("?{}", i + offset))
        .collect();
    if with_id {
        names.insert(0, "id");
        params.insert(0, "?1".into());
    }
    let now = NOW;
    format!(
        "INSERT INTO {} ({}, created_at, updated_at) VALUES ({}, {now}, {now})",
        K::TABLE,
        names.join(", "),
        params.join(", ")
    )
}

/// `UPDATE` of record `?1` with the values of `written` from `?2` on,
/// raising its revision; with `revision_check`, only if its revision is the
/// last parameter.
fn update_sql<K: Kind>(revision_check: bool, with_parent: bool, extra: Extra<'_>) -> Rc<str> {
    let shape = ("update", revision_check, with_parent);
    statement::<K>(shape, extra, || {
        build_update::<K>(revision_check, with_parent, extra)
    })
}

fn build_update<K: Kind>(revision_check: bool, with_parent: bool, extra: Extra<'_>) -> String {
    let names = written::<K>(with_parent, extra);
    let sets: Vec<String> = names
        .iter()
        .enumerate()
        .map(|(i, name)| format!("{name} = ?{}", i + 2))
        .collect();
    let check = if revision_check {
        format!(" AND revision = ?{}", names.len() + 2)
    } else {
        String::new()
    };
    format!(
        "UPDATE {} SET {}, revision = revision + 1, updated_at = {} WHERE id = ?1{check}",
        K::TABLE,
        sets.join(", "),
        NOW
    )
}

/// Refused with `NotFound` when a child kind's `parent` is not in the register.
pub(super) fn parent_exists<K: Kind>(tx: &Connection, parent: Option<i64>) -> StoreResult<()> {
    let (Some(of), Some(id)) = (K::PARENT, parent) else {
        return Ok(());
    };
    if super::register::row_exists(tx, of.table, id)? {
        Ok(())
    } else {
        Err(StoreError::NotFound { what: of.what, id })
    }
}

/// Inserts `fields` as a new record of kind `K` (under `parent`, for a child
/// kind); returns its id.
pub(super) fn insert<K: Kind>(
    tx: &Connection,
    parent: Option<i64>,
    fields: &K::Fields,
) -> StoreResult<i64> {
    insert_with::<K>(tx, parent, fields, &[])
}

/// As `insert`, with the store's own columns `extra`.
pub(super) fn insert_with<K: Kind>(
    tx: &Connection,
    parent: Option<i64>,
    fields: &K::Fields,
    extra: Extra<'_>,
) -> StoreResult<i64> {
    parent_exists::<K>(tx, parent)?;
    super::register::exec(
        tx,
        &insert_sql::<K>(false, extra),
        params_from_iter(values::<K>(Some(parent), fields, extra)),
    )?;
    Ok(tx.last_insert_rowid())
}

/// Which row a record's write goes to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Target {
    /// A new row, under this id when given (an import keeps a file's ids),
    /// else under SQLite's next.
    New(Option<i64>),
    /// The row of this id, which is there.
    Existing(i64),
}

impl From<Option<i64>> for Target {
    /// No id: a new row; an id: that row.
    fn from(id: Option<i64>) -> Self {
        id.map_or(Target::New(None), Target::Existing)
    }
}

/// As `insert_with` for a kind without a parent, under `id` when one is
/// given (an import keeps a file's ids: a row renumbered after its insert
/// would be journaled as an update of another record).
pub(super) fn insert_as<K: Kind>(
    tx: &Connection,
    id: Option<i64>,
    fields: &K::Fields,
    extra: Extra<'_>,
) -> StoreResult<i64> {
    debug_assert!(K::PARENT.is_none());
    write_imported::<K>(tx, id, None, false, fields, extra)?;
    Ok(tx.last_insert_rowid())
}

/// Saves `fields` over revision `revision` of record `id`: refused with
/// `Conflict` when someone saved it in between, `NotFound` when it is gone.
pub(super) fn update<K: Kind>(
    tx: &Connection,
    id: i64,
    revision: i64,
    fields: &K::Fields,
) -> StoreResult<()> {
    update_with::<K>(tx, id, revision, fields, &[])
}

/// As `update`, with the store's own columns `extra`.
pub(super) fn update_with<K: Kind>(
    tx: &Connection,
    id: i64,
    revision: i64,
    fields: &K::Fields,
    extra: Extra<'_>,
) -> StoreResult<()> {
    let mut all = vec![owned(Value::Integer(id))];
    all.extend(values::<K>(None, fields, extra));
    all.push(owned(Value::Integer(revision)));
    let sql = update_sql::<K>(true, false, extra);
    if super::register::exec(tx, &sql, params_from_iter(all))? > 0 {
        return Ok(());
    }
    Err(if super::register::row_exists(tx, K::TABLE, id)? {
        StoreError::Conflict { what: K::WHAT }
    } else {
        StoreError::NotFound { what: K::WHAT, id }
    })
}

/// The import's write of a record (under `parent`, for a child kind), with
/// the store's own columns `extra`: updated when it `existed`, else inserted
/// with its id when the file gave one.
pub(super) fn write_imported<K: Kind>(
    tx: &Connection,
    id: Option<i64>,
    parent: Option<i64>,
    existed: bool,
    fields: &K::Fields,
    extra: Extra<'_>,
) -> StoreResult<()> {
    let mut all = vec![id_or_null(id)];
    all.extend(values::<K>(Some(parent), fields, extra));
    let sql = if existed {
        update_sql::<K>(false, true, extra)
    } else {
        insert_sql::<K>(true, extra)
    };
    super::register::exec(tx, &sql, params_from_iter(all))?;
    Ok(())
}

/// Sets the stored columns of kind `K` on row `id` of its table, which it
/// shares with another kind (no revision of its own).
pub(super) fn set_columns<K: Kind>(
    tx: &Connection,
    id: i64,
    fields: &K::Fields,
) -> StoreResult<()> {
    let sets: Vec<String> = stored::<K>()
        .enumerate()
        .map(|(i, (key, _))| format!("{key} = ?{}", i + 2))
        .collect();
    let mut all = vec![owned(Value::Integer(id))];
    all.extend(stored::<K>().map(|(_, s)| (s.write)(fields)));
    let sql = format!("UPDATE {} SET {} WHERE id = ?1", K::TABLE, sets.join(", "));
    super::register::exec(tx, &sql, params_from_iter(all))?;
    Ok(())
}

/// The organisation's first write, when a register is made: its one row, id 1.
pub(super) fn insert_first<K: Kind>(tx: &Connection, fields: &K::Fields) -> StoreResult<()> {
    write_imported::<K>(tx, Some(1), None, false, fields, &[])
}

/// The organisation's save: its one row, over `revision`.
pub(super) fn update_one<K: Kind>(
    tx: &Connection,
    revision: i64,
    fields: &K::Fields,
) -> StoreResult<()> {
    update::<K>(tx, 1, revision, fields)
}

/// Saves `fields` over record `id` whatever its revision (the caller checked
/// it, or is an import), raising the revision.
pub(super) fn overwrite<K: Kind>(
    tx: &Connection,
    id: i64,
    fields: &K::Fields,
    extra: Extra<'_>,
) -> StoreResult<()> {
    let mut all = vec![owned(Value::Integer(id))];
    all.extend(values::<K>(None, fields, extra));
    super::register::exec(
        tx,
        &update_sql::<K>(false, false, extra),
        params_from_iter(all),
    )?;
    Ok(())
}

/// The parent column of a child kind (a kind without a parent has no children).
fn parent_column<K: Kind>() -> &'static str {
    K::PARENT.map_or("id", |p| p.column)
}

/// `INSERT` of a child row of an ordered list at its end: the parent's id
/// `?1`, its position after the rows before it, the stored columns from `?2`.
pub(super) fn child_insert_sql<K: Kind>() -> String {
    let parent = parent_column::<K>();
    let names: Vec<&str> = stored::<K>().map(|(key, _)| key).collect();
    let params: Vec<String> = (2..names.len() + 2).map(|i| format!("?{i}")).collect();
    format!(
        "INSERT INTO {table} ({parent}, position, {}) \
         VALUES (?1, (SELECT count(*) FROM {table} WHERE {parent} = ?1), {})",
        names.join(", "),
        params.join(", "),
        table = K::TABLE,
    )
}

/// `INSERT` of a child row that keeps no order of its own (a notification,
/// ordered by its time): the parent's id `?1`, the stored columns from `?2`.
pub(super) fn child_append_sql<K: Kind>() -> String {
    let names: Vec<&str> = stored::<K>().map(|(key, _)| key).collect();
    let params: Vec<String> = (2..names.len() + 2).map(|i| format!("?{i}")).collect();
    format!(
        "INSERT INTO {} ({}, {}) VALUES (?1, {})",
        K::TABLE,
        parent_column::<K>(),
        names.join(", "),
        params.join(", "),
    )
}

/// The values of `child_insert_sql` and `child_append_sql` for `fields` under `parent`.
/// Owned: an import keeps them until its child rows are written.
pub(super) fn child_values<K: Kind>(parent: i64, fields: &K::Fields) -> Vec<Value> {
    let mut all = vec![Value::Integer(parent)];
    all.extend(stored::<K>().map(|(_, s)| match (s.write)(fields) {
        ToSqlOutput::Borrowed(value) => Value::try_from(value).unwrap_or(Value::Null),
        ToSqlOutput::Owned(value) => value,
        _ => Value::Null, // no stored field writes another kind of output
    }));
    all
}

/// Adds `fields` at the end of `parent`'s list of children of kind `K`.
pub(super) fn insert_child<K: Kind>(
    tx: &Connection,
    parent: i64,
    fields: &K::Fields,
) -> StoreResult<()> {
    super::register::exec(
        tx,
        &child_insert_sql::<K>(),
        params_from_iter(child_values::<K>(parent, fields)),
    )?;
    Ok(())
}

/// Makes `parent`'s children of kind `K`, in the order `order_by` gives,
/// read `new`, row by row: a row that is in both is left, one that differs
/// is updated where it stands, the rest inserted or deleted. The journal so holds a change for each row that
/// changed (a pause answered is one update), not a deletion and an insertion
/// of every row.
pub(super) fn sync_children<K: Kind>(
    tx: &Connection,
    parent: i64,
    order_by: &str,
    new: &[K::Fields],
) -> StoreResult<()>
where
    K::Fields: PartialEq,
{
    let old = children_with_ids::<K>(tx, parent, order_by)?;
    // Rows that stay as they are are matched first, wherever they stand, so
    // that the history does not say one pause became the next when one
    // before it was taken away; what is left is paired in order.
    let mut kept = vec![false; old.len()];
    let mut added: Vec<&K::Fields> = Vec::new();
    for now in new {
        match (0..old.len()).find(|&i| !kept[i] && old[i].1 == *now) {
            Some(i) => kept[i] = true,
            None => added.push(now),
        }
    }
    let mut added = added.into_iter();
    for ((id, _), _) in old.iter().zip(&kept).filter(|(_, kept)| !**kept) {
        match added.next() {
            Some(now) => set_columns::<K>(tx, *id, now)?,
            None => {
                let delete = format!("DELETE FROM {} WHERE id = ?1", K::TABLE);
                super::register::exec(tx, &delete, [id])?;
            }
        }
    }
    for now in added {
        super::register::exec(
            tx,
            &child_append_sql::<K>(),
            params_from_iter(child_values::<K>(parent, now)),
        )?;
    }
    Ok(())
}

/// The children of kind `K` of `parent`, in their order.
pub(super) fn children<K: Kind>(conn: &Connection, parent: i64) -> StoreResult<Vec<K::Fields>> {
    children_by::<K>(conn, parent, "c.position")
}

/// The rows of child kind `K` under `parent`, in the order `order_by` gives
/// (columns of the table, called `c`).
pub(super) fn children_by<K: Kind>(
    conn: &Connection,
    parent: i64,
    order_by: &str,
) -> StoreResult<Vec<K::Fields>> {
    let rows = children_with_ids::<K>(conn, parent, order_by)?;
    Ok(rows.into_iter().map(|(_, fields)| fields).collect())
}

/// `children_by`, each row with its id.
fn children_with_ids<K: Kind>(
    conn: &Connection,
    parent: i64,
    order_by: &str,
) -> StoreResult<Vec<(i64, K::Fields)>> {
    let sql = format!(
        "SELECT c.id, {} FROM {} c WHERE c.{} = ?1 ORDER BY {order_by}",
        select_columns::<K>("c"),
        K::TABLE,
        parent_column::<K>()
    );
    Ok(conn
        .prepare_cached(&sql)?
        .query_map([parent], |row| Ok((row.get(0)?, read::<K>(row, 1)?)))?
        .collect::<Result<Vec<_>, _>>()?)
}
