//! The requests' order indexes (the list's, schema 2 and 8, and the clocks',
//! schema 20) during a large import. Each inserted request goes into five
//! indexes at scattered places: a third of a large import's time. Built once
//! from the finished table they cost a fraction of that, so an import that
//! writes many requests compared with those already there sets them aside
//! and builds them again before it commits; a small import into a large
//! register keeps them (rebuilding would read every request). Their
//! definitions are taken from the schema, so the migrations stay the one
//! place that defines them.

use rusqlite::Connection;

use super::error::StoreResult;

const NAMES: &str = "'requests_by_due', 'requests_by_next_date', 'requests_by_received', \
                     'requests_by_right', 'requests_by_status'";

/// Whether an import that has written `written` new requests into a register
/// that held `before` should set the indexes aside now.
pub(super) fn worth_setting_aside(written: usize, before: usize) -> bool {
    written >= (before / 4).max(5_000)
}

/// Drops the order indexes for the rest of this transaction; returns the
/// statements that create them again.
pub(super) fn set_aside(conn: &Connection) -> StoreResult<Vec<String>> {
    let mut stmt = conn.prepare(&format!(
        "SELECT name, sql FROM sqlite_schema WHERE type = 'index' AND name IN ({NAMES}) ORDER BY name"
    ))?;
    let found = stmt
        .query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?
        .collect::<Result<Vec<_>, _>>()?;
    for (name, _) in &found {
        conn.execute_batch(&format!("DROP INDEX \"{name}\";"))?;
    }
    Ok(found.into_iter().map(|(_, sql)| sql).collect())
}

/// Creates the indexes `set_aside` dropped, from the table as it now is.
pub(super) fn restore(conn: &Connection, definitions: &[String]) -> StoreResult<()> {
    for sql in definitions {
        conn.execute_batch(sql)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_large_import_sets_the_indexes_aside_a_small_one_into_a_large_register_does_not() {
        assert!(!worth_setting_aside(4_999, 0));
        assert!(worth_setting_aside(5_000, 0));
        assert!(!worth_setting_aside(100_000, 1_000_000));
        assert!(worth_setting_aside(250_000, 1_000_000));
    }
}
