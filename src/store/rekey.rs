//! Setting, changing or removing a register's passphrase. SQLCipher cannot
//! re-key a file in place with WAL, so the register is copied under the new
//! key into a new file that replaces the old one. Another program's
//! connection to the old file would go on writing into it, and into the
//! `-wal` beside the new one — so the change holds the register alone from
//! start to end, or does not start.

use rusqlite::params;

use super::error::{StoreError, StoreResult};
use super::identity::APPLICATION_ID;
use super::migrations::user_version;
use super::register::Register;
use crate::platform::private_file::{remove_with_sidecars, temp_beside};

impl Register {
    /// Sets, changes (`Some`) or removes (`None`) the register's passphrase.
    /// Refused with `OpenElsewhere` while another connection has the file
    /// open; another program that opens it meanwhile waits, then finds the
    /// new file (or, holding the old one, is refused every write).
    pub fn change_passphrase(self, new: Option<&str>) -> StoreResult<Register> {
        if self.is_read_only() {
            return Err(StoreError::ReadOnly(self.path().to_path_buf()));
        }
        let path = self.path().to_path_buf();
        let clock = self.clock();
        self.hold_alone()?;
        let (temp, _file) = temp_beside(&path, "rekey").map_err(|e| StoreError::io(&path, e))?;
        let result = self
            .copy_under_key(&temp, new)
            .and_then(|()| self.leave_no_log_behind())
            .and_then(|()| {
                std::fs::File::open(&temp)
                    .and_then(|f| f.sync_all())
                    .map_err(|e| StoreError::io(&temp, e))
            })
            // Renamed while the old file is still held: nobody writes to it in between.
            .and_then(|()| std::fs::rename(&temp, &path).map_err(|e| StoreError::io(&path, e)))
            .and_then(|()| sync_folder(&path));
        if result.is_err() {
            remove_with_sidecars(&temp);
        }
        let closed = self.close();
        result?;
        closed?;
        match new {
            Some(key) => crate::platform::passphrase::remember(&path, key),
            None => crate::platform::passphrase::forget(&path),
        }
        Register::open(&path, clock)
    }

    /// Takes the file's lock for this connection alone and keeps it until
    /// the connection closes. In WAL mode every open connection holds a
    /// shared lock on the file, so this fails while any other is open.
    fn hold_alone(&self) -> StoreResult<()> {
        // A program that will not let go soon is open in the workbench: say
        // so after a moment instead of the whole busy timeout.
        self.conn.busy_timeout(std::time::Duration::from_secs(1))?;
        let taken = self
            .conn
            .execute_batch("PRAGMA locking_mode = EXCLUSIVE; BEGIN EXCLUSIVE; COMMIT;");
        match taken.map_err(StoreError::from) {
            // Another program may have changed the schema while we waited
            // (an import sets indexes aside): read it again before copying.
            Ok(()) => Ok(self
                .conn
                .query_row("SELECT count(*) FROM sqlite_schema", [], |_| Ok(()))?),
            Err(StoreError::Locked) => Err(StoreError::OpenElsewhere(self.path().to_path_buf())),
            Err(e) => Err(e),
        }
    }

    /// Writes the whole register into the empty file `temp` under `new`
    /// (no passphrase: plain).
    fn copy_under_key(&self, temp: &std::path::Path, new: Option<&str>) -> StoreResult<()> {
        let version = user_version(&self.conn)?;
        self.conn.execute(
            "ATTACH DATABASE ?1 AS rekeyed KEY ?2",
            params![temp.to_string_lossy(), new.unwrap_or("")],
        )?;
        let copied = self
            .conn
            .query_row("SELECT sqlcipher_export('rekeyed')", [], |_| Ok(()))
            .and_then(|()| {
                self.conn.execute_batch(&format!(
                    "PRAGMA rekeyed.user_version = {version};
                     PRAGMA rekeyed.application_id = {};",
                    APPLICATION_ID as i32
                ))
            });
        let detached = self.conn.execute_batch("DETACH DATABASE rekeyed;");
        copied?;
        Ok(detached?)
    }

    /// Ends write-ahead logging on the old file while it is held, so its
    /// `-wal` and `-shm` are gone before the new file takes the name (they
    /// would otherwise be read as the new file's).
    fn leave_no_log_behind(&self) -> StoreResult<()> {
        let mode: String =
            self.conn
                .pragma_update_and_check(None, "journal_mode", "DELETE", |r| r.get(0))?;
        if mode.eq_ignore_ascii_case("delete") {
            Ok(())
        } else {
            Err(StoreError::OpenElsewhere(self.path().to_path_buf()))
        }
    }
}

/// Makes the rename durable: the folder's entry is written through.
fn sync_folder(path: &std::path::Path) -> StoreResult<()> {
    #[cfg(unix)]
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::File::open(dir)
            .and_then(|d| d.sync_all())
            .map_err(|e| StoreError::io(dir, e))?;
    }
    let _ = path;
    Ok(())
}
