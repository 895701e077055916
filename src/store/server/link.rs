//! A register opened on a server: the workbench reads a working copy in
//! memory that follows the server's journal entry by entry, and writes on
//! the server. A write takes the register's lock on the server (the lock the
//! journal's trigger takes: writers take turns, as on a file), brings the
//! copy up to the server's last entry, runs the store's own statements on
//! the copy, and sends the rows they changed to the server in the same
//! server transaction, each applied only over the row it was computed from.
//! The server's trigger journals them; the copy then takes the server's
//! entries as they are, so its journal is the server's.

use std::cell::{Cell, RefCell};

use postgres::Client;

use super::address::ServerAddress;
use super::connection::{connect, server_error};
use super::schema::{row_as_json, TableShape, LOCK_CLASS, ROWID};
use crate::platform::clock::{stamp_millis, Clock};
use crate::store::error::{StoreError, StoreResult};
use crate::store::SCHEMA_VERSION;

/// How many new rows go to the server in one statement.
const INSERT_BATCH: usize = 1000;

/// One row change: the journal's words for it.
pub(crate) type Change = crate::store::journal::RowChange;

/// One of the server's journal entries with the row change it records, and
/// the entry itself as the JSON of its columns.
#[derive(Debug, Clone)]
pub(crate) struct ServerEntry {
    pub seq: i64,
    pub change: Change,
    pub entry_json: String,
    pub hash: String,
}

/// The connection to the server and what the copy needs to follow it.
pub(crate) struct ServerLink {
    pub address: ServerAddress,
    client: RefCell<Client>,
    shapes: Vec<TableShape>,
    /// Journal columns, in order, for an entry's JSON.
    journal_columns: Vec<String>,
    /// How many entries others made that the copy has taken in: what
    /// `data_version` reports, as SQLite's counts other connections' commits.
    pub(crate) seen_from_others: Cell<i64>,
}

impl std::fmt::Debug for ServerLink {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "ServerLink({})", self.address)
    }
}

impl ServerLink {
    pub(crate) fn connect(address: &ServerAddress, shapes: Vec<TableShape>) -> StoreResult<Self> {
        let client = connect(address)?;
        let journal_columns = shapes
            .iter()
            .find(|s| s.name == "journal")
            .map(|s| s.columns.clone())
            .unwrap_or_default();
        Ok(ServerLink {
            address: address.clone(),
            client: RefCell::new(client),
            shapes,
            journal_columns,
            seen_from_others: Cell::new(0),
        })
    }

    fn failed(&self, e: postgres::Error) -> StoreError {
        server_error(&self.address, e)
    }

    fn shape(&self, table: &str) -> StoreResult<&TableShape> {
        self.shapes
            .iter()
            .find(|s| s.name == table)
            .ok_or_else(|| StoreError::field("table", format!("{table}: not a register table")))
    }

    /// Begins a write on the server: the register's lock (waited for as a
    /// file's, 5 s, then "locked"), then the moment and the channel for the
    /// journal's trigger (the moment read once the lock is held, so entries'
    /// times follow their order). A connection the server closed is opened
    /// again first.
    pub(crate) fn begin_write(&self, clock: Clock, via: &str) -> StoreResult<()> {
        let mut client = self.client.borrow_mut();
        if client.is_closed() {
            *client = connect(&self.address)?;
        }
        let lock = format!(
            "BEGIN ISOLATION LEVEL READ COMMITTED;
             SET LOCAL lock_timeout = '{}s';
             SET CONSTRAINTS ALL DEFERRED;",
            crate::store::register::BUSY_TIMEOUT.as_secs()
        );
        let begun = client.batch_execute(&lock).and_then(|()| {
            client.execute(
                "SELECT pg_advisory_xact_lock($1, $2::text::regnamespace::oid::integer)",
                &[&LOCK_CLASS, &self.address.register],
            )
        });
        let begun = begun.and_then(|_| {
            let now = stamp_millis(clock.now());
            client.query_one(
                &format!(
                    "SELECT set_config('dpo.now', $1, true), set_config('dpo.via', $2, true),
                            (SELECT schema_version FROM {}.dpo_register)",
                    self.address.register
                ),
                &[&now, &via],
            )
        });
        let version = match begun {
            Ok(row) => row.get::<_, i64>(2),
            Err(e) => {
                let _ = client.batch_execute("ROLLBACK");
                return Err(self.write_refused(e));
            }
        };
        if version != i64::from(SCHEMA_VERSION) {
            let _ = client.batch_execute("ROLLBACK");
            return Err(StoreError::Server {
                address: self.address.to_string(),
                message: format!(
                    "the register was upgraded to schema {version} on the server since it was opened; \
                     nothing was saved: this dpo writes schema {SCHEMA_VERSION}"
                ),
            });
        }
        Ok(())
    }

    /// Whether the role may change the register's records (a role given
    /// only SELECT works read-only, as on a read-only file).
    pub(crate) fn may_write(&self) -> StoreResult<bool> {
        let table = format!("{}.processors", self.address.register);
        let row = self
            .client
            .borrow_mut()
            .query_one("SELECT has_table_privilege($1, 'UPDATE')", &[&table])
            .map_err(|e| self.failed(e))?;
        Ok(row.get(0))
    }

    /// A failure to begin a write: the lock not had in time is "locked", as
    /// for a file.
    fn write_refused(&self, e: postgres::Error) -> StoreError {
        if e.code() == Some(&postgres::error::SqlState::LOCK_NOT_AVAILABLE) {
            StoreError::Locked
        } else {
            self.failed(e)
        }
    }

    pub(crate) fn commit(&self) -> StoreResult<()> {
        self.client
            .borrow_mut()
            .batch_execute("COMMIT")
            .map_err(|e| self.failed(e))
    }

    /// Ends a write that will not be kept (nothing was sent, or the copy
    /// refused it); a connection already gone has nothing to roll back.
    pub(crate) fn rollback(&self) {
        let _ = self.client.borrow_mut().batch_execute("ROLLBACK");
    }

    /// The server's journal entries after `seq`, in order.
    pub(crate) fn entries_after(&self, seq: i64) -> StoreResult<Vec<ServerEntry>> {
        let sql = format!(
            "SELECT j.seq, j.tbl, j.record_id, j.action, j.before, j.after, j.hash, {}
             FROM {}.journal AS j WHERE j.seq > $1 ORDER BY j.seq",
            row_as_json("j", &self.journal_columns),
            self.address.register
        );
        let rows = self
            .client
            .borrow_mut()
            .query(&sql, &[&seq])
            .map_err(|e| self.failed(e))?;
        Ok(rows
            .iter()
            .map(|r| ServerEntry {
                seq: r.get(0),
                change: Change {
                    table: r.get(1),
                    record_id: r.get(2),
                    action: r.get(3),
                    before: r.get(4),
                    after: r.get(5),
                },
                hash: r.get(6),
                entry_json: r.get(7),
            })
            .collect())
    }

    /// The row's JSON as the journal writes it, for `x` of `shape`.
    fn row_json(shape: &TableShape) -> String {
        row_as_json("x", &shape.columns)
    }

    /// Applies `changes` on the server, in the open write: each insert as it
    /// is, each update and delete only over the row it was computed from
    /// (else it already stands as intended, by a cascade of this write).
    pub(crate) fn send(&self, changes: &[Change]) -> StoreResult<()> {
        let mut rest = changes;
        while let Some(first) = rest.first() {
            // A run of inserts into one table (an import's) goes in batches.
            let run = rest
                .iter()
                .take_while(|c| c.action == "insert" && c.table == first.table)
                .count();
            if run > 1 {
                for batch in rest[..run].chunks(INSERT_BATCH) {
                    self.send_inserts(batch)?;
                }
                rest = &rest[run..];
            } else {
                self.send_one(first)?;
                rest = &rest[1..];
            }
        }
        Ok(())
    }

    /// New rows of one table in one statement.
    fn send_inserts(&self, inserts: &[Change]) -> StoreResult<()> {
        let Some(first) = inserts.first() else {
            return Ok(());
        };
        let shape = self.shape(&first.table)?;
        let rows: Vec<String> = inserts
            .iter()
            .filter_map(|c| {
                c.after
                    .as_deref()
                    .map(|a| with_rowid(shape, c.record_id, a))
            })
            .collect();
        let (schema, table) = (&self.address.register, &shape.name);
        self.client
            .borrow_mut()
            .execute(
                &format!(
                    "INSERT INTO {schema}.{table}
                     SELECT * FROM json_populate_recordset(NULL::{schema}.{table}, $1::text::json)"
                ),
                &[&format!("[{}]", rows.join(","))],
            )
            .map_err(|e| self.failed(e))?;
        Ok(())
    }

    fn send_one(&self, change: &Change) -> StoreResult<()> {
        let shape = self.shape(&change.table)?;
        let (schema, table, key) = (&self.address.register, &shape.name, shape.key);
        let quoted: Vec<String> = shape.columns.iter().map(|c| format!("\"{c}\"")).collect();
        let columns = quoted.join(", ");
        let row = Self::row_json(shape);
        let mut client = self.client.borrow_mut();
        let done = match (change.action.as_str(), &change.before, &change.after) {
            ("insert", _, Some(after)) => {
                let after = with_rowid(shape, change.record_id, after);
                client.execute(
                    &format!(
                        "INSERT INTO {schema}.{table} SELECT * FROM json_populate_record(NULL::{schema}.{table}, $1::text::json)"
                    ),
                    &[&after],
                )
            }
            ("update", Some(before), Some(after)) => client.execute(
                &format!(
                    "UPDATE {schema}.{table} AS x SET ({columns}) =
                         (SELECT {columns} FROM json_populate_record(NULL::{schema}.{table}, $2::text::json))
                     WHERE x.{key} = $1 AND {row}::jsonb = $3::text::jsonb"
                ),
                &[&change.record_id, after, before],
            ),
            ("delete", Some(before), None) => client.execute(
                &format!(
                    "DELETE FROM {schema}.{table} AS x WHERE x.{key} = $1 AND {row}::jsonb = $2::text::jsonb"
                ),
                &[&change.record_id, before],
            ),
            _ => return Ok(()),
        }
        .map_err(|e| self.failed(e))?;
        if done == 1 {
            return Ok(());
        }
        // Nothing matched: fine if the row already stands as intended.
        let now = client
            .query_opt(
                &format!("SELECT {row}::jsonb::text FROM {schema}.{table} AS x WHERE x.{key} = $1"),
                &[&change.record_id],
            )
            .map_err(|e| self.failed(e))?
            .map(|r| r.get::<_, String>(0));
        let intended = match &change.after {
            Some(after) => {
                let same = client
                    .query_one("SELECT $1::text::jsonb = $2::text::jsonb", &[&now, after])
                    .map_err(|e| self.failed(e))?;
                now.is_some() && same.get::<_, Option<bool>>(0) == Some(true)
            }
            None => now.is_none(),
        };
        if intended {
            Ok(())
        } else {
            Err(StoreError::Server {
                address: self.address.to_string(),
                message: format!(
                    "{table}#{}: changed on the server by another program since it was read; nothing was saved",
                    change.record_id
                ),
            })
        }
    }
}

/// A row of a table without an `id` carries its rowid's stand-in.
fn with_rowid(shape: &TableShape, rowid: i64, json: &str) -> String {
    if shape.key == ROWID {
        format!(
            "{{\"{ROWID}\":{rowid},{}",
            json.strip_prefix('{').unwrap_or(json)
        )
    } else {
        json.to_string()
    }
}
