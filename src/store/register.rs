//! Opening and creating register files.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use rusqlite::{Connection, OpenFlags, Transaction, TransactionBehavior};

use super::error::{StoreError, StoreResult};
use super::identity::{Identity, APPLICATION_ID};
use super::journal::Author;
use super::migrations::{migrate, user_version, MIGRATIONS, SCHEMA_VERSION};
use super::register_file::Claim;
use crate::domain::organisation::Organisation;
use crate::platform::clock::Clock;

/// Now, as a record's `created_at`/`updated_at` holds it (UTC to the
/// second), by the clock the register was opened with (`dpo_now()`, see
/// `journal::register_functions`); SQLite's own clock is never read.
pub(super) const NOW: &str = "(substr(dpo_now(), 1, 19) || 'Z')";

/// Whether the connection may commit: open but while an import runs (see
/// `Register::commits`). A commit the gate refuses becomes a rollback.
#[derive(Debug, Clone)]
pub(super) struct CommitGate(Arc<std::sync::atomic::AtomicBool>);

impl Default for CommitGate {
    fn default() -> Self {
        CommitGate(Arc::new(std::sync::atomic::AtomicBool::new(true)))
    }
}

impl CommitGate {
    fn is_open(&self) -> bool {
        self.0.load(std::sync::atomic::Ordering::SeqCst)
    }

    fn set(&self, open: bool) {
        self.0.store(open, std::sync::atomic::Ordering::SeqCst);
    }
}

/// The gate closed for an import, opened again when it is dropped.
#[derive(Debug)]
pub(super) struct ClosedGate(CommitGate);

impl ClosedGate {
    /// Opens the gate for the import's own, final commit.
    pub(super) fn open_for_commit(&self) {
        self.0.set(true);
    }
}

impl Drop for ClosedGate {
    fn drop(&mut self) {
        self.0.set(true);
    }
}

/// How long a writer waits for another process's transaction before giving up
/// with "locked" (exit 3) instead of hanging.
pub(super) const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

/// A write transaction of the store: on a file, SQLite's; on a server's
/// register, the working copy's, sent to the server when it commits (see
/// `server::link`). Reads and writes inside it go through `Transaction`.
pub(super) struct WriteTx<'a> {
    conn: &'a Connection,
    tx: Transaction<'a>,
    server: Option<super::server::ServerWrite<'a>>,
}

impl<'a> std::ops::Deref for WriteTx<'a> {
    type Target = Transaction<'a>;

    fn deref(&self) -> &Transaction<'a> {
        &self.tx
    }
}

impl WriteTx<'_> {
    /// Commits: on a server, all of the write or, refused, none of it.
    pub(super) fn commit(self) -> StoreResult<()> {
        let WriteTx { conn, tx, server } = self;
        match server {
            None => Ok(tx.commit()?),
            Some(server) => server.finish(conn, || Ok(tx.rollback()?)),
        }
    }

    /// Commits with `COMMIT` on the connection, the transaction left to
    /// find itself ended (an import, which sets its log back after).
    pub(super) fn commit_in_place(&mut self) -> StoreResult<()> {
        match self.server.take() {
            None => Ok(self.tx.execute_batch("COMMIT")?),
            Some(server) => server.finish(self.conn, || Ok(self.conn.execute_batch("ROLLBACK")?)),
        }
    }
}

/// An open register file. All SQL of the program goes through this type's methods.
/// A count with the `write_stamp` it was made at, the filter it counted, the
/// count, and whether it is exact (else there are more).
pub(super) type RememberedCount = ((u64, i64), String, usize, bool);

/// A filter's matches listed, with the `write_stamp` and how many.
pub(super) type RememberedMatches = ((u64, i64), String, usize);

/// The keys of the requests page last read, and what it was read with.
pub(super) struct RememberedWindow {
    /// The `write_stamp` then: a write since makes the keys stale.
    pub stamp: (u64, i64),
    pub filter: String,
    pub order: super::request_order::RequestOrder,
    pub loaded: super::keyset::Loaded<super::request_order::Key>,
}

pub struct Register {
    pub(super) conn: Connection,
    /// This process's claim on the file, dropped after `conn` is closed (see
    /// `register_file`); none for a register in memory or being created.
    file: Option<Claim>,
    /// Opened read-only: every write is refused with `ReadOnly`.
    pub(super) read_only: bool,
    /// A copy pulled from a server (`dpo pull`): every write is refused with
    /// `PulledCopy`.
    pulled: Option<super::copy::PulledFrom>,
    /// A register on a server: the connection this working copy follows and
    /// writes through (see `server::link`); none for a file.
    pub(super) server: Option<super::server::link::ServerLink>,
    /// Whether a transaction may commit now: closed during an import, so a
    /// statement that runs after SQLite rolled the import back by itself (a
    /// full disk) cannot commit on its own in autocommit mode.
    commits: CommitGate,
    path: PathBuf,
    /// Who the journal names for the writes of this connection.
    pub(super) author: super::journal::SharedAuthor,
    /// The schema version (SQLite's cookie) last found safe to write under
    /// (see `schema_check`).
    pub(super) schema_checked: std::cell::Cell<Option<i64>>,
    /// The last count of requests, remembered until a write.
    pub(super) request_count: std::cell::RefCell<Option<RememberedCount>>,
    /// The keys of the requests page last read (for the next page to seek
    /// from), with the `write_stamp` and the filter it was read with.
    pub(super) request_window: std::cell::RefCell<Option<RememberedWindow>>,
    /// The filter whose matches `listed_ids` holds, with the `write_stamp`
    /// when they were listed and how many (`request_search`).
    pub(super) request_matches: std::cell::RefCell<Option<RememberedMatches>>,
    /// A listed filter's matches, for this connection's `dpo_listed`.
    pub(super) listed_ids: super::request_search::ListedIds,
    /// A second connection of the file, listing half of a filter's matches
    /// on the other core (`request_search`): not yet opened (`None`), not to
    /// be had (`Some(None)`), or kept.
    pub(super) search_helper: std::cell::RefCell<Option<Option<Box<Register>>>>,
    /// Trigrams' counts of requests, with the `write_stamp` they hold for.
    pub(super) trigram_counts:
        std::cell::RefCell<Option<((u64, i64), super::request_search::TrigramCounts)>>,
    /// Where this connection's "now" comes from: the stamps of its writes and
    /// journal entries. A register rebuilt from its journal (`as_of`) stands
    /// still at its moment.
    pub(super) clock: Clock,
    /// This session's writes that can be undone, and undos to redo.
    pub(super) undo_log: std::cell::RefCell<super::undo::UndoLog>,
    /// The journal entries this connection makes while a write is watched.
    pub(super) written: super::journal::WrittenHashes,
}

impl Register {
    /// Opens an existing register, upgrading its schema if it is older than this binary.
    /// Anything that is not a register is refused before SQLite opens it.
    pub fn open(path: &Path, clock: Clock) -> StoreResult<Self> {
        match super::server::address_in(path)? {
            Some(address) => Self::open_server(&address, clock),
            None => Self::open_given(path, None, clock),
        }
    }

    /// Opens `path` with the passphrase the user just typed (the workbench's
    /// passphrase dialog) instead of asking for one.
    pub fn open_with_passphrase(path: &Path, passphrase: &str, clock: Clock) -> StoreResult<Self> {
        Self::open_given(path, Some(passphrase), clock)
    }

    fn open_given(path: &Path, given: Option<&str>, clock: Clock) -> StoreResult<Self> {
        // A passphrase change elsewhere may replace the file while we open
        // it: the name then leads to a new file, opened afresh.
        for _ in 0..3 {
            match Self::open_once(path, given, clock) {
                Err(StoreError::Replaced(_)) => continue,
                opened => return opened,
            }
        }
        Err(StoreError::Replaced(path.to_path_buf()))
    }

    fn open_once(path: &Path, given: Option<&str>, clock: Clock) -> StoreResult<Self> {
        let claim = Claim::on(path)?;
        // A plain register shows its identity in the header; an encrypted one
        // shows nothing until its passphrase is given.
        let key = match claim.identity() {
            Identity::Plain(_) => None,
            Identity::MaybeEncrypted => Some(match given {
                Some(given) => given.to_string(),
                // The store never asks: the command line asks on its
                // terminal and opens again (`cli::open_register`).
                None => crate::platform::passphrase::without_asking(path)
                    .map_err(|e| StoreError::field("passphrase", e))?
                    .ok_or_else(|| StoreError::NeedsPassphrase {
                        path: path.to_path_buf(),
                    })?,
            }),
        };
        let read_only = !super::read_only::writable(path);
        if !read_only {
            remove_stale_temps(path, &["creating", "rekey"]);
        }
        let conn =
            super::read_only::connect(path, read_only).map_err(|e| map_open_error(path, e))?;
        if let Some(key) = &key {
            unlock(&conn, path, key)?;
        }
        let found = user_version(&conn)?;
        // What was read came from the file the claim is on, not a newer one.
        claim.still_there()?;
        let mut register = Register::on(conn, path, clock);
        register.file = Some(claim);
        register.read_only = read_only;
        // The header said so; SQLite's own view (which sees the WAL) must agree.
        if found > SCHEMA_VERSION {
            return Err(StoreError::NewerSchema {
                path: path.to_path_buf(),
                found,
                known: SCHEMA_VERSION,
            });
        }
        register.configure()?;
        if read_only {
            if found == SCHEMA_VERSION {
                register.pulled = register.pulled_from()?;
            }
            return match found {
                SCHEMA_VERSION => Ok(register),
                _ => Err(StoreError::ReadOnlyOlder {
                    path: path.to_path_buf(),
                    found,
                }),
            };
        }
        super::migrations::announce_upgrade(path, found);
        // What an upgrade changes (schema 9 recomputes dates) is journaled as
        // the upgrade's doing, not as the user's edit.
        let via = register.via();
        register.set_via("migration");
        let migrated = migrate(&mut register.conn, MIGRATIONS);
        register.set_via(&via);
        migrated?;
        register.pulled = register.pulled_from()?;
        Ok(register)
    }

    /// The register over `conn`, answering for `path`, writing as the
    /// environment's user through the command line until told otherwise.
    fn on(conn: Connection, path: &Path, clock: Clock) -> Register {
        Register {
            conn,
            file: None,
            read_only: false,
            pulled: None,
            server: None,
            commits: CommitGate::default(),
            path: path.to_path_buf(),
            author: Arc::new(Mutex::new(Author::from_environment("cli"))),
            schema_checked: std::cell::Cell::new(None),
            request_count: std::cell::RefCell::new(None),
            request_window: std::cell::RefCell::new(None),
            request_matches: std::cell::RefCell::new(None),
            listed_ids: Default::default(),
            search_helper: std::cell::RefCell::new(None),
            trigram_counts: std::cell::RefCell::new(None),
            clock,
            undo_log: std::cell::RefCell::default(),
            written: Arc::default(),
        }
    }

    /// Closes the connection (its WAL checkpointed into the file), then gives
    /// up this process's claim on the file.
    pub(super) fn close(self) -> StoreResult<()> {
        let Register { conn, file, .. } = self;
        let closed = conn.close().map_err(|(_, e)| StoreError::from(e));
        drop(file);
        closed
    }

    /// Where this register's "now" comes from.
    pub fn clock(&self) -> Clock {
        self.clock
    }

    /// What a record's text is read against: now, in the register's zone.
    pub fn context(&self) -> StoreResult<crate::record::Context> {
        let zone = self.organisation()?.time_zone;
        Ok(crate::record::Context::new(self.clock.now(), zone))
    }

    /// Reads "now" from `clock` from here on (a test moving its moment on).
    pub fn set_clock(&mut self, clock: Clock) -> StoreResult<()> {
        self.clock = clock;
        super::journal::register_clock(&self.conn, clock)
    }

    /// An empty register in memory with the current schema, answering for
    /// `path` (whose folder document paths start from).
    pub(super) fn in_memory(path: &Path, clock: Clock) -> StoreResult<Self> {
        let conn = Connection::open_in_memory()?;
        let mut register = Register::on(conn, path, clock);
        register.conn.busy_timeout(BUSY_TIMEOUT)?;
        super::journal::register_functions(
            &register.conn,
            (&register.author, &register.written),
            register.clock,
        )?;
        super::request_search::register_listed(&register.conn, &register.listed_ids)?;
        migrate(&mut register.conn, MIGRATIONS)?;
        Ok(register)
    }

    /// Creates a new register at `path` holding `organisation`, then lets `fill`
    /// add content (the demo). The file appears under its name only when all of
    /// it has been written: a failure leaves no file behind, and an existing file
    /// is never overwritten.
    pub fn create<E: From<StoreError>>(
        path: &Path,
        organisation: &Organisation,
        clock: Clock,
        fill: impl FnOnce(&mut Register) -> Result<(), E>,
    ) -> Result<Self, E> {
        Self::create_with_key(path, organisation, None, clock, fill)
    }

    /// As `create`, encrypted with `key` (SQLCipher) when one is given.
    pub fn create_with_key<E: From<StoreError>>(
        path: &Path,
        organisation: &Organisation,
        key: Option<&str>,
        clock: Clock,
        fill: impl FnOnce(&mut Register) -> Result<(), E>,
    ) -> Result<Self, E> {
        Self::create_given(path, Some(organisation), key, "cli", clock, fill)
    }

    /// As `create`, its first journal entries saying they came through `via`
    /// (the workbench's new-register dialog: "tui").
    pub fn create_via<E: From<StoreError>>(
        path: &Path,
        organisation: &Organisation,
        via: &str,
        clock: Clock,
        fill: impl FnOnce(&mut Register) -> Result<(), E>,
    ) -> Result<Self, E> {
        Self::create_given(path, Some(organisation), None, via, clock, fill)
    }

    fn create_given<E: From<StoreError>>(
        path: &Path,
        organisation: Option<&Organisation>,
        key: Option<&str>,
        via: &str,
        clock: Clock,
        fill: impl FnOnce(&mut Register) -> Result<(), E>,
    ) -> Result<Self, E> {
        if path.exists() {
            return Err(StoreError::AlreadyExists(path.to_path_buf()).into());
        }
        let dir = match path.parent() {
            Some(dir) if !dir.as_os_str().is_empty() => dir.to_path_buf(),
            _ => PathBuf::from("."),
        };
        if !dir.is_dir() {
            // New folders for registers are the owner's only, like the files in them.
            let mut builder = std::fs::DirBuilder::new();
            builder.recursive(true);
            #[cfg(unix)]
            std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
            builder.create(&dir).map_err(|e| StoreError::io(&dir, e))?;
        }
        if path.file_name().is_none() {
            return Err(
                StoreError::field("file", format!("{} names no file", path.display())).into(),
            );
        }
        // What a program killed while it made this register left behind.
        remove_stale_temps(path, &["creating"]);
        // Created by us first so the file is the owner's only (a register holds personal data).
        let (temp, _file) = crate::platform::private_file::temp_beside(path, "creating")
            .map_err(|e| StoreError::io(&dir, e))?;
        let result = Self::write_new(&temp, organisation, key, via, clock, fill)
            .and_then(|()| publish(&temp, path).map_err(E::from));
        if result.is_err() {
            crate::platform::private_file::remove_with_sidecars(&temp);
        }
        result?;
        if let Some(key) = key {
            crate::platform::passphrase::remember(path, key);
        }
        Ok(Self::open(path, clock)?)
    }

    /// A new register file at `path` with no organisation yet, filled by
    /// `fill` (a copy pulled from a server), published as `create` does.
    pub(super) fn create_empty(
        path: &Path,
        key: Option<&str>,
        clock: Clock,
        fill: impl FnOnce(&mut Register) -> StoreResult<()>,
    ) -> StoreResult<()> {
        Self::create_given(path, None, key, "cli", clock, fill).map(|_| ())
    }

    fn write_new<E: From<StoreError>>(
        temp: &Path,
        organisation: Option<&Organisation>,
        key: Option<&str>,
        via: &str,
        clock: Clock,
        fill: impl FnOnce(&mut Register) -> Result<(), E>,
    ) -> Result<(), E> {
        // Never through a link planted at the temporary name meanwhile.
        let conn = Connection::open_with_flags(
            temp,
            OpenFlags::SQLITE_OPEN_READ_WRITE
                | OpenFlags::SQLITE_OPEN_NO_MUTEX
                | OpenFlags::SQLITE_OPEN_NOFOLLOW,
        )
        .map_err(|e| map_open_error(temp, e))?;
        if let Some(key) = key {
            // First, before anything is written: every page is encrypted.
            conn.pragma_update(None, "key", key)
                .map_err(StoreError::from)?;
        }
        let mut register = Register::on(conn, temp, clock);
        register.set_via(via);
        register
            .conn
            .pragma_update(None, "application_id", APPLICATION_ID as i32)
            .map_err(StoreError::from)?;
        register.configure()?;
        migrate(&mut register.conn, MIGRATIONS)?;
        if let Some(organisation) = organisation {
            register.insert_organisation(organisation)?;
        }
        fill(&mut register)?;
        // Closing checkpoints the WAL into the file, so the one file is complete.
        register.close()?;
        Ok(())
    }

    fn configure(&mut self) -> StoreResult<()> {
        self.conn.busy_timeout(BUSY_TIMEOUT)?;
        // Imports and exports use a few dozen distinct statements per table.
        self.conn.set_prepared_statement_cache_capacity(128);
        super::journal::register_functions(&self.conn, (&self.author, &self.written), self.clock)?;
        super::request_search::register_listed(&self.conn, &self.listed_ids)?;
        let gate = self.commits.clone();
        self.conn.commit_hook(Some(move || !gate.is_open()))?;
        self.conn.pragma_update(None, "foreign_keys", true)?;
        if self.read_only {
            return Ok(());
        }
        let mode: String =
            self.conn
                .pragma_update_and_check(None, "journal_mode", "WAL", |row| row.get(0))?;
        if !mode.eq_ignore_ascii_case("wal") {
            return Err(StoreError::NotARegister {
                path: self.path.clone(),
                reason: format!("cannot use write-ahead logging here (journal mode {mode})"),
            });
        }
        self.conn.pragma_update(None, "synchronous", "FULL")?;
        Ok(())
    }

    /// The folder holding the register file: where relative document paths start.
    pub fn folder(&self) -> PathBuf {
        if self.server.is_some() {
            // A server's register has no folder: documents and letters are
            // where the workbench was started.
            return std::env::current_dir().unwrap_or_default();
        }
        self.path
            .parent()
            .map(Path::to_path_buf)
            .unwrap_or_default()
    }

    /// Whether this is a register file opened as such (not one in memory).
    pub(super) fn is_file(&self) -> bool {
        self.file.is_some()
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// A number that changes whenever another connection (another window, a
    /// `dpo` command, an import thread) commits to the file; SQLite's
    /// `data_version`, cheap enough to ask every second.
    /// Stops whatever this connection is running, from another thread (a read
    /// nobody waits for any more).
    pub fn interrupt_handle(&self) -> rusqlite::InterruptHandle {
        self.conn.get_interrupt_handle()
    }

    /// Changes whenever this connection or another one commits: what a cached
    /// count is checked against.
    pub(super) fn write_stamp(&self) -> StoreResult<(u64, i64)> {
        if let Some(link) = &self.server {
            // A read as fresh as a file's: what others saved is taken in
            // first (one question to the server, answered from its index).
            super::server::catch_up(link, &self.conn)?;
            return Ok((self.conn.total_changes(), link.seen_from_others.get()));
        }
        Ok((self.conn.total_changes(), self.data_version()?))
    }

    /// On a server's register, takes in what others saved there since (a
    /// file's connection sees it by itself); before a read transaction, so
    /// the snapshot is as fresh as a file's.
    pub(super) fn catch_up(&self) -> StoreResult<()> {
        match &self.server {
            Some(link) => super::server::catch_up(link, &self.conn),
            None => Ok(()),
        }
    }

    /// On a server's register, first takes in what others saved there since.
    pub fn data_version(&self) -> StoreResult<i64> {
        if let Some(link) = &self.server {
            super::server::catch_up(link, &self.conn)?;
            return Ok(link.seen_from_others.get());
        }
        Ok(self
            .conn
            .pragma_query_value(None, "data_version", |r| r.get(0))?)
    }

    pub fn schema_version(&self) -> StoreResult<u32> {
        user_version(&self.conn)
    }

    /// A write transaction that takes the write lock at once, so waiting for
    /// another writer happens here, under the busy timeout, never half-way.
    /// Refused on a read-only register, and on one whose file was replaced
    /// since it was opened (checked once the lock is held, before any write).
    pub(super) fn write_tx(&mut self) -> StoreResult<WriteTx<'_>> {
        self.check_schema_before_writing()?;
        self.write_tx_unchecked()
    }

    /// Runs `write` in one write transaction and commits: all of what it
    /// did, or (an error, a refusal, a stale revision) none of it.
    pub(super) fn writing<T>(
        &mut self,
        write: impl FnOnce(&Transaction<'_>) -> StoreResult<T>,
    ) -> StoreResult<T> {
        let tx = self.write_tx()?;
        let written = write(&tx)?;
        tx.commit()?;
        Ok(written)
    }

    /// As `write_tx`, whatever the schema holds (its repair).
    pub(super) fn write_tx_unchecked(&mut self) -> StoreResult<WriteTx<'_>> {
        if self.read_only {
            return Err(StoreError::ReadOnly(self.path.clone()));
        }
        if let Some(pulled) = &self.pulled {
            return Err(StoreError::PulledCopy {
                path: self.path.clone(),
                from: pulled.address.clone(),
                at: pulled.pulled_at.clone(),
            });
        }
        let this = &*self;
        let server = match &this.server {
            Some(link) => Some(super::server::begin_write(
                link,
                &this.conn,
                &this.written,
                (this.clock, &this.via()),
            )?),
            None => None,
        };
        let tx = Transaction::new_unchecked(&this.conn, TransactionBehavior::Immediate)?;
        if let Some(file) = &this.file {
            file.still_there()?; // dropping `tx` rolls back: nothing was written
        }
        Ok(WriteTx {
            conn: &this.conn,
            tx,
            server,
        })
    }

    /// Closes the commit gate until the returned guard is dropped.
    pub(super) fn close_commit_gate(&self) -> ClosedGate {
        self.commits.set(false);
        ClosedGate(self.commits.clone())
    }

    /// Whether the register can only be read here (read-only media or permissions).
    pub fn is_read_only(&self) -> bool {
        self.read_only || self.pulled.is_some()
    }

    /// Fails when the file was replaced since it was opened (a passphrase
    /// changed by another program): the workbench asks every few seconds.
    pub fn still_there(&self) -> StoreResult<()> {
        self.file.as_ref().map_or(Ok(()), Claim::still_there)
    }

    /// Runs `sql` and hands each row, mapped by `map`, to `each` as it is read:
    /// exports stream a table of any size through this without holding it.
    pub(super) fn stream_rows<T, E: From<StoreError>>(
        &self,
        sql: &str,
        map: impl Fn(&rusqlite::Row<'_>) -> rusqlite::Result<T>,
        each: impl FnMut(T) -> Result<(), E>,
    ) -> Result<(), E> {
        self.stream_rows_with(sql, [], map, each)
    }

    /// `stream_rows` for a statement with parameters.
    pub(super) fn stream_rows_with<T, E: From<StoreError>>(
        &self,
        sql: &str,
        params: impl rusqlite::Params,
        map: impl Fn(&rusqlite::Row<'_>) -> rusqlite::Result<T>,
        mut each: impl FnMut(T) -> Result<(), E>,
    ) -> Result<(), E> {
        let mut stmt = self.conn.prepare(sql).map_err(StoreError::from)?;
        let mut rows = stmt.query(params).map_err(StoreError::from)?;
        while let Some(row) = rows.next().map_err(StoreError::from)? {
            each(map(row).map_err(StoreError::from)?)?;
        }
        Ok(())
    }

    /// Runs `read` inside one read transaction: everything it reads comes from
    /// the same moment, whatever another connection commits meanwhile (WAL).
    pub fn read_snapshot<T, E: From<StoreError>>(
        &self,
        read: impl FnOnce(&Register) -> Result<T, E>,
    ) -> Result<T, E> {
        if !self.conn.is_autocommit() {
            return read(self); // already inside a transaction: that one is the snapshot
        }
        self.catch_up()?;
        self.conn
            .execute_batch("BEGIN DEFERRED")
            .map_err(StoreError::from)?;
        let result = read(self);
        // A read transaction has nothing to keep: ending it cannot lose work.
        let end = self.conn.execute_batch("COMMIT").map_err(StoreError::from);
        let value = result?;
        end?;
        Ok(value)
    }

    /// Deletes row `id` of `table` (children go by their foreign keys);
    /// `NotFound` names it as `what` when there is no such row.
    pub(super) fn delete_row(
        &mut self,
        table: &'static str,
        what: &'static str,
        id: i64,
    ) -> StoreResult<()> {
        self.writing(|tx| {
            if tx.execute(&format!("DELETE FROM {table} WHERE id = ?1"), [id])? == 0 {
                return Err(StoreError::NotFound { what, id });
            }
            Ok(())
        })
    }
}

/// Runs `sql` through the connection's statement cache. Statements on tables
/// with journal triggers compile the trigger programs too, so preparing them
/// once per row would cost more than the row itself.
pub(super) fn exec<P: rusqlite::Params>(
    conn: &Connection,
    sql: &str,
    params: P,
) -> rusqlite::Result<usize> {
    conn.prepare_cached(sql)?.execute(params)
}

/// Whether `table` has a row with this `id`.
impl Register {
    /// The revision record `id` of `table` (one of the journaled tables) has
    /// now; `None` when it is gone.
    pub fn revision_of(&self, table: &str, id: i64) -> StoreResult<Option<i64>> {
        use rusqlite::OptionalExtension;
        if !super::journal::JOURNALED.contains(&table) {
            return Err(StoreError::field(
                "table",
                format!("{table} is not a table of records"),
            ));
        }
        Ok(self
            .conn
            .prepare_cached(&format!("SELECT revision FROM {table} WHERE id = ?1"))?
            .query_row([id], |r| r.get(0))
            .optional()?)
    }
}

/// Row `id` as `sql` (a `SELECT … WHERE ….id = ?1`) and `read` give it, for
/// a write over revision `revision` of it: `NotFound` when it is gone,
/// `Conflict` when someone saved it in between.
pub(super) fn current_row<T>(
    conn: &Connection,
    (sql, id, revision): (&str, i64, i64),
    what: &'static str,
    read: fn(&rusqlite::Row<'_>) -> rusqlite::Result<T>,
    revision_of: fn(&T) -> i64,
) -> StoreResult<T> {
    use super::Found;
    use rusqlite::OptionalExtension;
    let row = conn
        .query_row(sql, [id], read)
        .optional()?
        .found(what, id)?;
    if revision_of(&row) != revision {
        return Err(StoreError::Conflict { what });
    }
    Ok(row)
}

pub(super) fn row_exists(conn: &Connection, table: &str, id: i64) -> StoreResult<bool> {
    Ok(conn
        .prepare_cached(&format!("SELECT 1 FROM {table} WHERE id = ?1"))?
        .exists([id])?)
}

/// Refuses `field`'s value when there is no record of kind `K` with that
/// `id`: "no activity with id 7".
pub(super) fn must_exist<K: crate::record::Kind>(
    conn: &Connection,
    field: &'static str,
    id: i64,
) -> StoreResult<()> {
    must_exist_in(conn, (K::TABLE, K::WHAT), field, id)
}

/// `must_exist` for a table named with what one of its records is called.
pub(super) fn must_exist_in(
    conn: &Connection,
    (table, what): (&str, &str),
    field: &'static str,
    id: i64,
) -> StoreResult<()> {
    if row_exists(conn, table, id)? {
        Ok(())
    } else {
        Err(StoreError::field(field, format!("no {what} with id {id}")))
    }
}

/// Removes the temporary copies of the register at `path` that programs
/// killed while creating or re-keying it left behind (a re-keyed copy may
/// hold the register unencrypted).
fn remove_stale_temps(path: &Path, tags: &[&str]) {
    for tag in tags {
        for stale in crate::platform::private_file::stale_temps(path, tag) {
            crate::platform::private_file::remove_with_sidecars(&stale);
        }
    }
}

/// Gives `conn` the passphrase `key`, refusing a wrong one before anything is
/// written.
fn unlock(conn: &Connection, path: &Path, key: &str) -> StoreResult<()> {
    // SQLCipher would print its own error for a wrong key; the user
    // gets ours ("wrong passphrase or not a register") instead.
    let _ = conn.execute_batch("PRAGMA cipher_log_level = NONE;");
    conn.pragma_update(None, "key", key)?;
    // A wrong key shows as "not a database" at the first read; the
    // file is not written before that.
    let readable = conn
        .query_row("SELECT count(*) FROM sqlite_master", [], |r| {
            r.get::<_, i64>(0)
        })
        .is_ok();
    let id: u32 = conn
        .pragma_query_value(None, "application_id", |r| r.get(0))
        .unwrap_or(0);
    if !readable || id != APPLICATION_ID {
        // Remembered from before, it was changed since (`dpo passwd` elsewhere).
        crate::platform::passphrase::forget(path);
        return Err(StoreError::WrongPassphrase {
            path: path.to_path_buf(),
        });
    }
    crate::platform::passphrase::remember(path, key);
    Ok(())
}

fn map_open_error(path: &Path, error: rusqlite::Error) -> StoreError {
    match error {
        rusqlite::Error::SqliteFailure(e, _) if e.code == rusqlite::ErrorCode::NotADatabase => {
            StoreError::NotARegister {
                path: path.to_path_buf(),
                reason: "it is not an SQLite database".into(),
            }
        }
        other => StoreError::Sqlite(other),
    }
}

/// Gives the finished temporary file its real name without ever replacing a file
/// that appeared meanwhile: a hard link fails if the name exists. File systems
/// without hard links (FAT on a USB stick) fall back to a checked rename.
fn publish(temp: &Path, path: &Path) -> StoreResult<()> {
    match std::fs::hard_link(temp, path) {
        Ok(()) => std::fs::remove_file(temp).map_err(|e| StoreError::io(temp, e)),
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            Err(StoreError::AlreadyExists(path.to_path_buf()))
        }
        Err(_) if path.exists() => Err(StoreError::AlreadyExists(path.to_path_buf())),
        Err(_) => std::fs::rename(temp, path).map_err(|e| StoreError::io(path, e)),
    }
}
