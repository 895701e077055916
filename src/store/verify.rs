//! `dpo verify`: the journal's hash chain recomputed entry by entry, then
//! every table merged, in key order, with the journal's last entry for each
//! of its records — two sorted streams side by side, so memory stays flat
//! however large the register (no record's JSON is held beyond its turn).

use rusqlite::Connection;

use super::error::{StoreError, StoreResult};
use super::journal::{
    canonical, columns_and_defaults, defaults_json, differences_whole, entry_hash, readable_row,
    same_as_recorded, JournalFilter, Verification, JOURNALED,
};
use super::Register;

/// How many problems a report lists in full; the rest are counted in one
/// more line (a register rewritten behind the workbench's back would
/// otherwise make the report as large as the register).
const MAX_PROBLEMS: usize = 1000;

/// The problems found, the first `MAX_PROBLEMS` of them kept.
#[derive(Default)]
struct Problems {
    kept: Vec<String>,
    more: usize,
}

impl Problems {
    fn push(&mut self, problem: String) {
        if self.kept.len() < MAX_PROBLEMS {
            self.kept.push(problem);
        } else {
            self.more += 1;
        }
    }

    fn into_list(mut self) -> Vec<String> {
        if self.more > 0 {
            self.kept.push(format!(
                "… and {} more problems of the same kinds",
                self.more
            ));
        }
        self.kept
    }
}

/// Counts what has been read, telling `follow` every few thousand.
struct Counter<F: FnMut(u64, u64)> {
    done: u64,
    total: u64,
    follow: F,
}

impl<F: FnMut(u64, u64)> Counter<F> {
    fn tick(&mut self) {
        self.done += 1;
        if self.done.is_multiple_of(4096) {
            (self.follow)(self.done, self.total);
        }
    }
}

impl Register {
    /// What SQLite's `quick_check` finds wrong in the file's pages (a crash
    /// of the disk, bytes changed by hand): empty when sound. Run before the
    /// journal is compared, which reads rows in key order and can pass over
    /// a damaged index that a later write or search then meets. A fraction
    /// of `verify_journal`'s time (0.7 s of 3.3 s at 200,000 requests).
    pub fn damage(&self) -> StoreResult<Vec<String>> {
        if self.server.is_some() {
            return Ok(Vec::new()); // a server keeps its own pages
        }
        let said = self
            .conn
            .prepare("PRAGMA quick_check(100)")
            .and_then(|mut check| {
                check
                    .query_map([], |row| row.get::<_, String>(0))?
                    .collect::<Result<Vec<String>, _>>()
            });
        let said = match said {
            Ok(said) if said == ["ok"] => return Ok(Vec::new()),
            Ok(said) => said,
            Err(e) => vec![e.to_string()],
        };
        Ok(said
            .into_iter()
            .map(|what| format!("the file is damaged (SQLite: {what})"))
            .collect())
    }

    /// Recomputes the chain and compares every row of the register with what
    /// the journal last recorded for it.
    pub fn verify_journal(&self) -> StoreResult<Verification> {
        self.verify_journal_following(|_, _| {})
    }

    /// `verify_journal`, telling `follow` now and then how many journal
    /// entries and records it has read (done, total) — for a progress bar.
    pub fn verify_journal_following(
        &self,
        follow: impl FnMut(u64, u64),
    ) -> StoreResult<Verification> {
        let mut counter = Counter {
            done: 0,
            total: total_to_read(&self.conn)?,
            follow,
        };
        let mut problems = Problems::default();
        let (entries, head) = self.check_chain(&mut problems, &mut counter)?;
        for value in self.binary_values()? {
            problems.push(format!(
                "{value}: holds binary data (a BLOB), which a register never holds; changed outside the workbench"
            ));
        }
        let mut records = 0;
        for &table in JOURNALED {
            records += merge_table(&self.conn, table, &mut problems, &mut counter)?;
        }
        unknown_tables(&self.conn, &mut problems)?;
        Ok(Verification {
            entries,
            records,
            head,
            problems: problems.into_list(),
        })
    }

    /// Walks the journal in order, each entry's hash recomputed from the one
    /// before; the first break is named. (entries, the head hash)
    fn check_chain<F: FnMut(u64, u64)>(
        &self,
        problems: &mut Problems,
        counter: &mut Counter<F>,
    ) -> StoreResult<(usize, String)> {
        let mut entries = 0;
        let mut prev = String::new();
        let mut broken = false;
        self.for_each_journal_entry(&JournalFilter::default(), |e| {
            entries += 1;
            counter.tick();
            if !broken {
                let content = canonical(
                    &e.at,
                    &e.actor,
                    &e.via,
                    &e.table,
                    e.record_id,
                    &e.action,
                    e.before.as_deref(),
                    e.after.as_deref(),
                );
                let fault = if e.prev_hash != prev {
                    Some("does not follow the entry before it; an entry was removed, inserted or reordered")
                } else if entry_hash(&prev, &content) != e.hash {
                    Some("its content does not match its hash; the entry was edited")
                } else {
                    None
                };
                if let Some(fault) = fault {
                    problems.push(format!(
                        "journal entry {} ({} {} {}#{}): {fault}",
                        e.seq, e.at, e.action, e.table, e.record_id
                    ));
                    broken = true;
                }
            }
            prev = e.hash.clone();
            Ok::<(), StoreError>(())
        })?;
        Ok((entries, prev))
    }
}

/// Journal entries and records, for the progress.
fn total_to_read(conn: &Connection) -> StoreResult<u64> {
    let count = |sql: &str| -> StoreResult<u64> {
        let n: i64 = conn.query_row(sql, [], |r| r.get(0))?;
        Ok(n.max(0) as u64)
    };
    let mut total = count("SELECT count(*) FROM journal")?;
    for &table in JOURNALED {
        total += count(&format!("SELECT count(*) FROM {table}"))?;
    }
    Ok(total)
}

/// The journal's last word on each record of `table`, in record order:
/// its row as recorded, or `None` when the last entry deleted it.
const LAST_ENTRIES: &str = "SELECT record_id, after, max(seq) FROM journal
     WHERE tbl = ?1 GROUP BY record_id ORDER BY record_id";

/// Compares `table` row by row with the journal's last entries, both read in
/// record order; returns how many rows the table holds.
fn merge_table<F: FnMut(u64, u64)>(
    conn: &Connection,
    table: &str,
    problems: &mut Problems,
    counter: &mut Counter<F>,
) -> StoreResult<usize> {
    let defaults = defaults_json(conn, &columns_and_defaults(conn, table)?)?;
    let mut recorded_stmt = conn.prepare(LAST_ENTRIES)?;
    let mut recorded = recorded_stmt.query([table])?;
    let mut rows_stmt = conn.prepare(&format!(
        "SELECT rowid, {} FROM {table} ORDER BY rowid",
        readable_row(conn, table)?
    ))?;
    let mut rows = rows_stmt.query([])?;
    let next_recorded = |r: &mut rusqlite::Rows<'_>| -> StoreResult<Option<(i64, Option<String>)>> {
        Ok(match r.next()? {
            Some(row) => Some((row.get(0)?, row.get(1)?)),
            None => None,
        })
    };
    let next_row = |r: &mut rusqlite::Rows<'_>| -> StoreResult<Option<(i64, String)>> {
        Ok(match r.next()? {
            Some(row) => Some((row.get(0)?, row.get(1)?)),
            None => None,
        })
    };
    let (mut entry, mut row) = (next_recorded(&mut recorded)?, next_row(&mut rows)?);
    let mut count = 0;
    loop {
        match (&entry, &row) {
            (None, None) => break,
            (Some((id, after)), None) => {
                journal_only(table, *id, after.is_some(), problems);
                entry = next_recorded(&mut recorded)?;
            }
            (Some((id, after)), Some((row_id, _))) if id < row_id => {
                journal_only(table, *id, after.is_some(), problems);
                entry = next_recorded(&mut recorded)?;
            }
            (Some((id, after)), Some((row_id, json))) if id == row_id => {
                count += 1;
                counter.tick();
                compare(table, *id, after.as_deref(), json, &defaults, problems);
                entry = next_recorded(&mut recorded)?;
                row = next_row(&mut rows)?;
            }
            (_, Some((row_id, _))) => {
                count += 1;
                counter.tick();
                problems.push(format!(
                    "{table}#{row_id}: not in the journal; added outside the workbench"
                ));
                row = next_row(&mut rows)?;
            }
        }
    }
    Ok(count)
}

/// A record the journal has and the table has not: a problem unless its
/// last entry deleted it.
fn journal_only(table: &str, id: i64, alive: bool, problems: &mut Problems) {
    if alive {
        problems.push(format!(
            "{table}#{id}: in the journal but not in the register; deleted outside the workbench"
        ));
    }
}

fn compare(
    table: &str,
    id: i64,
    recorded: Option<&str>,
    row: &str,
    defaults: &serde_json::Map<String, serde_json::Value>,
    problems: &mut Problems,
) {
    match recorded {
        Some(recorded) if same_as_recorded(recorded, row, defaults) => {}
        Some(recorded) => problems.push(format!(
            "{table}#{id}: differs from the journal ({}); changed outside the workbench, or its latest journal entry was removed",
            differences_whole(recorded, row)
        )),
        None => problems.push(format!(
            "{table}#{id}: the journal says it was deleted, but it is there; added outside the workbench"
        )),
    }
}

/// Entries about tables the journal does not follow (written behind the
/// workbench's back): each record still alive by them is missing here.
fn unknown_tables(conn: &Connection, problems: &mut Problems) -> StoreResult<()> {
    let mut stmt = conn.prepare("SELECT DISTINCT tbl FROM journal ORDER BY tbl")?;
    let tables: Vec<String> = stmt
        .query_map([], |r| r.get(0))?
        .collect::<Result<_, _>>()?;
    for table in tables.iter().filter(|t| !JOURNALED.contains(&t.as_str())) {
        let mut last = conn.prepare(LAST_ENTRIES)?;
        let mut entries = last.query([table])?;
        while let Some(entry) = entries.next()? {
            let after: Option<String> = entry.get(1)?;
            journal_only(table, entry.get(0)?, after.is_some(), problems);
        }
    }
    Ok(())
}
