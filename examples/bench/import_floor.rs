//! What SQLite alone takes to write what a register must hold after an
//! import: the request rows with their derived columns, the list's indexes,
//! the search index and one journal entry per row. The rows are copied from
//! a register `dpo import` has just filled, held in memory first, so nothing
//! is parsed, validated, computed, serialised or hashed: the time is a floor
//! no import of that file can go below, measured on the same SQLite build
//! and with the same durability settings as the register.

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use rusqlite::Connection;

/// The floor's parts, in the order they are written, and their sum.
pub(crate) struct Floor {
    pub rows: Duration,
    pub indexes: Duration,
    pub search: Duration,
    pub journal: Duration,
    pub commit: Duration,
}

impl Floor {
    /// From its parts in the order `parts` gives them.
    fn of([rows, indexes, search, journal, commit]: [Duration; 5]) -> Self {
        Floor {
            rows,
            indexes,
            search,
            journal,
            commit,
        }
    }

    fn parts(&self) -> [Duration; 5] {
        [
            self.rows,
            self.indexes,
            self.search,
            self.journal,
            self.commit,
        ]
    }

    pub(crate) fn total(&self) -> Duration {
        self.parts().iter().sum()
    }
}

/// Definitions of the register's objects a request import writes, in the
/// order they must be created (table, then its indexes).
fn definitions(conn: &Connection, filter: &str) -> Vec<String> {
    let mut stmt = conn
        .prepare(&format!(
            "SELECT sql FROM src.sqlite_schema WHERE sql IS NOT NULL AND {filter}
             ORDER BY type = 'index', name"
        ))
        .unwrap();
    stmt.query_map([], |r| r.get::<_, String>(0))
        .unwrap()
        .collect::<Result<Vec<_>, _>>()
        .unwrap()
}

/// `measure` in a process of its own (this bench run with `--floor`): the
/// rows it holds in memory would otherwise stay in this process's heap and
/// count in the next register's resident memory.
pub(crate) fn measure_apart(imported: &Path, scratch: &Path) -> Floor {
    let out = Command::new(std::env::current_exe().unwrap())
        .arg("--floor")
        .args([imported, scratch])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let parts: Vec<Duration> = String::from_utf8(out.stdout)
        .unwrap()
        .split_whitespace()
        .map(|s| Duration::from_secs_f64(s.parse().unwrap()))
        .collect();
    let [rows, indexes, search, journal, commit] = parts[..] else {
        panic!("--floor printed {parts:?}");
    };
    Floor::of([rows, indexes, search, journal, commit])
}

/// What `measure_apart` runs: the parts in seconds, on one line.
pub(crate) fn report(imported: &Path, scratch: &Path) {
    let f = measure(imported, scratch);
    let parts = f.parts();
    let line: Vec<String> = parts.iter().map(|d| d.as_secs_f64().to_string()).collect();
    println!("{}", line.join(" "));
}

/// Writes the requests and their journal entries of `imported` into a fresh
/// file at `scratch`, timing each part.
fn measure(imported: &Path, scratch: &Path) -> Floor {
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", scratch.display()));
    }
    let conn = Connection::open(scratch).unwrap();
    // As `dpo import` writes into a register without requests: under a
    // rollback journal (store::import), every commit synced.
    let _: String = conn
        .query_row("PRAGMA journal_mode = DELETE", [], |r| r.get(0))
        .unwrap();
    conn.execute_batch("PRAGMA synchronous = FULL").unwrap();
    conn.execute("ATTACH ?1 AS src", [imported.to_str().unwrap()])
        .unwrap();
    let table = definitions(&conn, "type = 'table' AND name = 'requests'");
    let indexes = definitions(&conn, "type = 'index' AND tbl_name = 'requests'");
    let search = definitions(&conn, "name = 'requests_search'");
    let journal = definitions(&conn, "tbl_name = 'journal' AND type IN ('table', 'index')");
    for sql in table.iter().chain(&search).chain(&journal) {
        conn.execute_batch(sql).unwrap();
    }
    conn.execute_batch(
        "ATTACH ':memory:' AS held;
         CREATE TABLE held.requests AS SELECT * FROM src.requests;
         CREATE TABLE held.journal AS SELECT * FROM src.journal WHERE tbl = 'requests';
         DETACH src;",
    )
    .unwrap();
    let step = |sql: &str| {
        let start = Instant::now();
        conn.execute_batch(sql).unwrap();
        start.elapsed()
    };
    step("BEGIN IMMEDIATE");
    let rows = step("INSERT INTO main.requests SELECT * FROM held.requests");
    let indexes = step(&indexes.join(";\n"));
    // With the larger pending-index memory the import itself uses
    // (store/search.rs), and the text as the index holds it (schema 19).
    let search = step(
        "INSERT INTO requests_search (requests_search, rank) VALUES ('hashsize', 16777216);
         INSERT INTO requests_search (rowid, search_text)
             SELECT id, search_text || char(10, 10) FROM main.requests",
    );
    let journal = step("INSERT INTO main.journal SELECT * FROM held.journal");
    let commit = step("COMMIT");
    Floor::of([rows, indexes, search, journal, commit])
}
