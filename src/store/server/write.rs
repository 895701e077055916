//! Writes on a server's register, and its working copy kept in step (see
//! `link` for the design).

use std::path::Path;

use rusqlite::Connection;

use super::address::ServerAddress;
use super::link::{ServerEntry, ServerLink};
use super::schema::table_shapes;
use crate::platform::clock::Clock;
use crate::store::copy::{apply_entries, changes_after};
use crate::store::error::{StoreError, StoreResult};
use crate::store::journal::{head_seq, WrittenHashes};
use crate::store::Register;

/// A write in progress on the server: its transaction holds the register's
/// lock until `finish`, or rolls back when dropped.
pub(crate) struct ServerWrite<'a> {
    link: &'a ServerLink,
    /// The journal's last entry when the write began (the same on the
    /// server and in the copy, the lock held).
    from: i64,
    written: &'a WrittenHashes,
    /// How many hashes a watch of this connection's writes held then.
    watched: Option<usize>,
    open: bool,
}

impl Drop for ServerWrite<'_> {
    fn drop(&mut self) {
        if self.open {
            self.link.rollback();
        }
    }
}

/// Begins a write: the server's transaction with the lock, the copy
/// brought up to the server's last entry under it.
pub(crate) fn begin_write<'a>(
    link: &'a ServerLink,
    conn: &Connection,
    written: &'a WrittenHashes,
    (clock, via): (Clock, &str),
) -> StoreResult<ServerWrite<'a>> {
    link.begin_write(clock, via)?;
    let mut write = ServerWrite {
        link,
        from: 0,
        written,
        watched: written.lock().ok().and_then(|w| w.as_ref().map(Vec::len)),
        open: true,
    };
    catch_up(link, conn)?;
    write.from = head_seq(conn)?;
    Ok(write)
}

impl ServerWrite<'_> {
    /// Sends what the copy's transaction changed, commits on the server,
    /// ends the copy's transaction with `end_local` and takes in the
    /// server's entries for it instead.
    pub(crate) fn finish(
        mut self,
        conn: &Connection,
        end_local: impl FnOnce() -> StoreResult<()>,
    ) -> StoreResult<()> {
        let changes = changes_after(conn, self.from)?;
        self.link.send(&changes)?;
        let entries = self.link.entries_after(self.from)?;
        self.link.commit()?;
        self.open = false;
        // Saved on the server: what fails now is only the copy's view of it.
        let shown = end_local().and_then(|()| apply_entries(conn, &entries));
        if let Err(e) = shown {
            return Err(StoreError::Server {
                address: self.link.address.to_string(),
                message: format!(
                    "saved on the server, but the workbench could not show the change ({e}): \
                     open the register again before going on"
                ),
            });
        }
        self.remember_as_written(&entries);
        Ok(())
    }

    /// A watched write's entries are the server's, not the copy's own.
    fn remember_as_written(&self, entries: &[ServerEntry]) {
        let (Some(len), Ok(mut watched)) = (self.watched, self.written.lock()) else {
            return;
        };
        if let Some(hashes) = watched.as_mut() {
            hashes.truncate(len);
            hashes.extend(entries.iter().map(|e| e.hash.clone()));
        }
    }
}

/// Takes into the copy what others saved on the server since it last
/// looked (not inside a transaction of the copy's: a snapshot stays one).
/// Also called inside a write on the server, before the copy's transaction.
pub(crate) fn catch_up(link: &ServerLink, conn: &Connection) -> StoreResult<()> {
    if !conn.is_autocommit() {
        return Ok(());
    }
    let entries = link.entries_after(head_seq(conn)?)?;
    apply_entries(conn, &entries)?;
    let seen = &link.seen_from_others;
    seen.set(seen.get() + entries.len() as i64);
    Ok(())
}

impl Register {
    /// Makes register `address.register` on its server holding
    /// `organisation`, filled by `fill` (a template's processors and
    /// activities), and opens it. It is written in memory first and then
    /// pushed whole, as `dpo push` puts a file there: no file is made on this
    /// machine, and a register or schema of that name already there is never
    /// touched (`StoreError::OnServerAlready`). Its first journal entries
    /// name the database role that made it, as the server's trigger names
    /// every later one, and `via` the program it was made through.
    pub fn create_on_server(
        address: &ServerAddress,
        organisation: &crate::domain::organisation::Organisation,
        via: &str,
        clock: Clock,
        fill: impl FnOnce(&mut Register) -> StoreResult<()>,
    ) -> StoreResult<(Register, super::Moved)> {
        let mut draft = Register::in_memory(Path::new(&address.to_string()), clock)?;
        if let Ok(mut author) = draft.author.lock() {
            *author = crate::store::journal::Author {
                actor: address.user().to_string(),
                via: via.to_string(),
            };
        }
        draft.conn.pragma_update(None, "foreign_keys", true)?;
        draft.insert_organisation(organisation)?;
        fill(&mut draft)?;
        let moved = super::push(&draft, address, clock)?;
        // Made, whatever happens next: a failure to open must not read as a failure to make.
        let opened = Register::open_server(address, clock).map_err(|e| StoreError::Server {
            address: address.to_string(),
            message: format!(
                "made {} on {}, but could not open it: {e}",
                address.register,
                address.place()
            ),
        })?;
        Ok((opened, moved))
    }

    /// Opens register `address.register` on its server: a working copy in
    /// memory, read in one snapshot, following the server from then on.
    pub fn open_server(address: &ServerAddress, clock: Clock) -> StoreResult<Register> {
        let mut register = Register::in_memory(Path::new(&address.to_string()), clock)?;
        register.conn.pragma_update(None, "foreign_keys", true)?;
        let shapes = table_shapes(&register.conn)?;
        super::migrate::migrate_server_register(
            address,
            super::migrate::SERVER_STEPS,
            crate::store::SCHEMA_VERSION,
        )?;
        let link = ServerLink::connect(address, shapes.clone())?;
        super::transfer::load_snapshot(address, &shapes, &mut register)?;
        // The copy's journal follows the server's, whose entries replace the
        // ones its own triggers write (`copy::apply_entries`): it keeps no
        // guards against that. The server keeps the register's guards.
        register
            .conn
            .execute_batch("DROP TRIGGER journal_no_update; DROP TRIGGER journal_no_delete;")?;
        register.read_only = !link.may_write()?;
        register.server = Some(link);
        Ok(register)
    }

    /// A read-only copy of register `address.register` without its journal,
    /// in one snapshot, keeping no connection: enough to judge its clocks
    /// (the switcher's list, `dpo portfolio`) at half the rows of an open.
    pub fn summary_copy(address: &ServerAddress, clock: Clock) -> StoreResult<Register> {
        let mut register = Register::in_memory(Path::new(&address.to_string()), clock)?;
        let shapes: Vec<_> = table_shapes(&register.conn)?
            .into_iter()
            .filter(|shape| shape.name != "journal")
            .collect();
        super::transfer::load_snapshot(address, &shapes, &mut register)?;
        register.read_only = true;
        Ok(register)
    }

    /// `open`, or for a register on a server its `summary_copy`: what
    /// judging a register's clocks needs.
    pub fn open_to_summarise(path: &Path, clock: Clock) -> StoreResult<Register> {
        match super::address_in(path)? {
            Some(address) => Register::summary_copy(&address, clock),
            None => Register::open(path, clock),
        }
    }

    /// The server's address, for a register opened on one.
    pub fn server_address(&self) -> Option<&ServerAddress> {
        self.server.as_ref().map(|l| &l.address)
    }
}
