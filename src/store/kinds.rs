//! The SQL of a record kind (`record::Kind`), built from its fields: the
//! columns a `SELECT` reads, the record read back from a row, the values and
//! statements of its writes.

use rusqlite::types::Value;
use rusqlite::{params_from_iter, OptionalExtension, Transaction};

use super::error::{StoreError, StoreResult};
use super::register::NOW;
use crate::record::{stored, Kind};

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

/// The values the store writes for `fields` under `parent`, in the order of
/// `written`: the parent's id (for a child kind), the stored columns, then
/// the search text (for a kind that keeps one).
pub(super) fn values<K: Kind>(parent: Option<i64>, fields: &K::Fields) -> Vec<Value> {
    let mut values: Vec<Value> = K::PARENT
        .iter()
        .map(|_| parent.map_or(Value::Null, Value::Integer))
        .collect();
    values.extend(stored::<K>().map(|(_, s)| (s.write)(fields)));
    values.extend(K::search_text(fields).map(Value::Text));
    values
}

/// The columns a write sets: the parent's id (for a child kind), the stored
/// fields, and the search text.
fn written<K: Kind>() -> Vec<&'static str> {
    let mut names: Vec<&str> = K::PARENT.iter().map(|p| p.column).collect();
    names.extend(stored::<K>().map(|(key, _)| key));
    if K::search_text(&K::Fields::default()).is_some() {
        names.push("search_text");
    }
    names
}

/// `INSERT` of a record (its id given as the first parameter when `with_id`),
/// the stored columns, the search text and the times of creation and change.
pub(super) fn insert_sql<K: Kind>(with_id: bool) -> String {
    let mut names = written::<K>();
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

/// `UPDATE` of record `?1` with the values from `?2` on (its parent too when
/// `with_parent`), raising its revision; with `revision_check`, only if its
/// revision is the last parameter.
pub(super) fn update_sql<K: Kind>(revision_check: bool, with_parent: bool) -> String {
    let mut names = written::<K>();
    if !with_parent && K::PARENT.is_some() {
        names.remove(0);
    }
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
pub(super) fn parent_exists<K: Kind>(tx: &Transaction<'_>, parent: Option<i64>) -> StoreResult<()> {
    let (Some(of), Some(id)) = (K::PARENT, parent) else {
        return Ok(());
    };
    tx.query_row(
        &format!("SELECT 1 FROM {} WHERE id = ?1", of.table),
        [id],
        |_| Ok(()),
    )
    .optional()?
    .ok_or(StoreError::NotFound { what: of.what, id })
}

/// Inserts `fields` as a new record of kind `K` (under `parent`, for a child
/// kind); returns its id.
pub(super) fn insert<K: Kind>(
    tx: &Transaction<'_>,
    parent: Option<i64>,
    fields: &K::Fields,
) -> StoreResult<i64> {
    parent_exists::<K>(tx, parent)?;
    super::register::exec(
        tx,
        &insert_sql::<K>(false),
        params_from_iter(values::<K>(parent, fields)),
    )?;
    Ok(tx.last_insert_rowid())
}

/// Saves `fields` over revision `revision` of record `id`: refused with
/// `Conflict` when someone saved it in between, `NotFound` when it is gone.
pub(super) fn update<K: Kind>(
    tx: &Transaction<'_>,
    id: i64,
    revision: i64,
    fields: &K::Fields,
) -> StoreResult<()> {
    let what = K::WHAT;
    let mut all = vec![Value::Integer(id)];
    all.extend(
        values::<K>(None, fields)
            .into_iter()
            .skip(usize::from(K::PARENT.is_some())),
    );
    all.push(Value::Integer(revision));
    if super::register::exec(tx, &update_sql::<K>(true, false), params_from_iter(all))? > 0 {
        return Ok(());
    }
    let exists = tx
        .query_row(
            &format!("SELECT 1 FROM {} WHERE id = ?1", K::TABLE),
            [id],
            |_| Ok(()),
        )
        .optional()?;
    Err(match exists {
        Some(()) => StoreError::Conflict { what },
        None => StoreError::NotFound { what, id },
    })
}

/// The import's write of a record (under `parent`, for a child kind): updated
/// when it `existed`, else inserted with its id when the file gave one.
pub(super) fn write_imported<K: Kind>(
    tx: &Transaction<'_>,
    id: Option<i64>,
    parent: Option<i64>,
    existed: bool,
    fields: &K::Fields,
) -> StoreResult<()> {
    let mut all = vec![id.map_or(Value::Null, Value::Integer)];
    all.extend(values::<K>(parent, fields));
    let sql = if existed {
        update_sql::<K>(false, true)
    } else {
        insert_sql::<K>(true)
    };
    super::register::exec(tx, &sql, params_from_iter(all))?;
    Ok(())
}
