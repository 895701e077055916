//! The requests' search index: an FTS5 table with the trigram tokenizer over
//! `requests.search_text`, so a filter of three or more characters finds its
//! requests without reading every one. Triggers keep it in step with every
//! write. An import suspends them: inside a transaction each statement that
//! writes the index makes FTS5 flush a segment of its own, which for a large
//! import costs several times the import itself; the import indexes its rows
//! in one statement at the end instead.

use rusqlite::Connection;

use super::error::StoreResult;

/// The indexed text is the search text and two line breaks (as the view
/// `requests_search_source` gives it to a rebuild): every character of the
/// text then starts a trigram, which a one- or two-letter filter looks up.
const TRIGGERS: &str = "
CREATE TRIGGER IF NOT EXISTS requests_search_insert AFTER INSERT ON requests
BEGIN
    INSERT INTO requests_search (rowid, search_text)
        VALUES (NEW.id, NEW.search_text || char(10, 10));
END;

CREATE TRIGGER IF NOT EXISTS requests_search_delete AFTER DELETE ON requests
BEGIN
    INSERT INTO requests_search (requests_search, rowid, search_text)
        VALUES ('delete', OLD.id, OLD.search_text || char(10, 10));
END;

CREATE TRIGGER IF NOT EXISTS requests_search_update AFTER UPDATE OF id, search_text ON requests
BEGIN
    INSERT INTO requests_search (requests_search, rowid, search_text)
        VALUES ('delete', OLD.id, OLD.search_text || char(10, 10));
    INSERT INTO requests_search (rowid, search_text)
        VALUES (NEW.id, NEW.search_text || char(10, 10));
END;
";

/// Creates the triggers that keep the index in step (missing ones only).
pub(super) fn ensure_triggers(conn: &Connection) -> StoreResult<()> {
    Ok(conn.execute_batch(TRIGGERS)?)
}

/// Schema 19: the triggers of the text with its two line breaks, in place
/// of the earlier ones.
pub(super) fn replace_triggers(conn: &Connection) -> StoreResult<()> {
    conn.execute_batch(
        "DROP TRIGGER IF EXISTS requests_search_insert;
         DROP TRIGGER IF EXISTS requests_search_delete;
         DROP TRIGGER IF EXISTS requests_search_update;",
    )?;
    ensure_triggers(conn)
}

/// Stops following writes for the rest of this transaction; `resume` must
/// follow before it commits. New requests are to be listed in `NEW_ROWS`.
pub(super) fn suspend(conn: &Connection) -> StoreResult<()> {
    Ok(conn.execute_batch(
        "DROP TRIGGER IF EXISTS requests_search_insert;
         DROP TRIGGER IF EXISTS requests_search_delete;
         DROP TRIGGER IF EXISTS requests_search_update;
         CREATE TEMP TABLE IF NOT EXISTS dpo_new_requests (id INTEGER PRIMARY KEY);
         DELETE FROM temp.dpo_new_requests;",
    )?)
}

/// Where a suspended index is told of each request inserted meanwhile.
pub(super) const NEW_ROWS: &str = "INSERT OR IGNORE INTO temp.dpo_new_requests (id) VALUES (?1)";

/// Brings the index up to date and follows writes again. `changed` when
/// requests that were indexed before were changed meanwhile: their old text
/// is gone, so the index is rebuilt from the table; otherwise only the new
/// requests are added, in one statement.
pub(super) fn resume(conn: &Connection, changed: bool) -> StoreResult<()> {
    set_pending_limit(conn, BATCH_PENDING)?;
    if changed {
        conn.execute_batch("INSERT INTO requests_search (requests_search) VALUES ('rebuild');")?;
    } else {
        conn.execute_batch(
            "INSERT INTO requests_search (rowid, search_text)
                 SELECT r.id, r.search_text || char(10, 10)
                 FROM requests r JOIN temp.dpo_new_requests n ON n.id = r.id;",
        )?;
    }
    set_pending_limit(conn, DEFAULT_PENDING)?;
    conn.execute_batch("DROP TABLE IF EXISTS temp.dpo_new_requests;")?;
    ensure_triggers(conn)
}

/// How much index data FTS5 holds in memory before it writes a segment
/// (its `hashsize`). At its default a batch of 100,000 requests is written
/// as some sixty small segments that are then merged again; at 16 MiB the
/// same batch takes half the time (measured: 4.2 s → 2.2 s, ~30 MB peak;
/// more memory gained nothing). Set only inside the transaction that indexes
/// a batch, so no other write ever holds that much.
const BATCH_PENDING: i64 = 16 << 20;
const DEFAULT_PENDING: i64 = 1 << 20;

fn set_pending_limit(conn: &Connection, bytes: i64) -> StoreResult<()> {
    conn.execute(
        "INSERT INTO requests_search (requests_search, rank) VALUES ('hashsize', ?1)",
        [bytes],
    )?;
    Ok(())
}
