//! The register file on disk, beside SQLite's connections to it.
//!
//! POSIX locks belong to a process, and closing *any* descriptor of a file
//! drops every lock the process holds on it (SQLite, "How To Corrupt An SQLite
//! Database File", §2.2). Had we read a register's header with a descriptor of
//! our own while one of our connections had it open (the workbench's, when the
//! dashboard thread opens its own), another program's SQLite would have taken
//! our connections for gone and deleted the WAL under them. So the header is
//! read once, when this process holds no connection to the file, and later
//! opens of the same file (by device and inode) take what that read found.
//!
//! A file's identity also tells when it was replaced under an open
//! connection (`dpo passwd` in another program writes the register anew and
//! renames it over the old one): such a connection must never write again.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use super::error::{StoreError, StoreResult};
use super::identity::{read_identity, Identity};

/// A file as the kernel knows it: the same pair is the same file, whatever
/// its name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(super) struct FileId {
    device: u64,
    inode: u64,
}

impl FileId {
    /// The identity of the file at `path` now (a `stat`, no descriptor).
    pub(super) fn of(path: &Path) -> std::io::Result<FileId> {
        #[cfg(unix)]
        {
            use std::os::unix::fs::MetadataExt;
            let meta = std::fs::metadata(path)?;
            Ok(FileId {
                device: meta.dev(),
                inode: meta.ino(),
            })
        }
        #[cfg(not(unix))]
        {
            // Without inodes, the canonical name stands in for the file.
            use std::hash::{Hash, Hasher};
            let mut h = std::collections::hash_map::DefaultHasher::new();
            std::fs::canonicalize(path)?.hash(&mut h);
            Ok(FileId {
                device: 0,
                inode: h.finish(),
            })
        }
    }
}

struct Holding {
    connections: usize,
    identity: Identity,
}

/// The register files this process has connections to, with what their
/// header said when the first was opened.
static HELD: Mutex<Option<HashMap<FileId, Holding>>> = Mutex::new(None);

/// This process's claim on a register file while a connection to it is
/// open. It is dropped after the connection (declared after it in
/// `Register`), so no header is read while a connection still holds locks.
#[derive(Debug)]
pub(super) struct Claim {
    id: FileId,
    identity: Identity,
    path: PathBuf,
}

impl Claim {
    /// Claims the file at `path`, reading its header if this process holds
    /// no connection to it yet. Refuses what is not a register file (a
    /// folder, a pipe, another program's database) before SQLite sees it.
    pub(super) fn on(path: &Path) -> StoreResult<Claim> {
        let id = match FileId::of(path) {
            Ok(id) => id,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return Err(StoreError::Missing(path.to_path_buf()))
            }
            Err(e) => return Err(StoreError::io(path, e)),
        };
        let mut held = HELD.lock().unwrap_or_else(|e| e.into_inner());
        let held = held.get_or_insert_with(HashMap::new);
        let identity = match held.get_mut(&id) {
            Some(holding) => {
                holding.connections += 1;
                holding.identity
            }
            None => {
                // Read under the lock: no other thread opens a connection to
                // this file while our descriptor is open.
                let identity = read_identity(path)?;
                if FileId::of(path).ok() != Some(id) {
                    return Err(StoreError::Replaced(path.to_path_buf()));
                }
                held.insert(
                    id,
                    Holding {
                        connections: 1,
                        identity,
                    },
                );
                identity
            }
        };
        Ok(Claim {
            id,
            identity,
            path: path.to_path_buf(),
        })
    }

    pub(super) fn identity(&self) -> Identity {
        self.identity
    }

    /// Fails when the name no longer leads to the file this claim is on: the
    /// register was written anew by another program (a passphrase change) or
    /// removed. A connection to the old file must not write into it again.
    pub(super) fn still_there(&self) -> StoreResult<()> {
        match FileId::of(&self.path) {
            Ok(id) if id == self.id => Ok(()),
            _ => Err(StoreError::Replaced(self.path.clone())),
        }
    }
}

impl Drop for Claim {
    fn drop(&mut self) {
        let mut held = HELD.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(held) = held.as_mut() {
            if let Some(holding) = held.get_mut(&self.id) {
                holding.connections -= 1;
                if holding.connections == 0 {
                    held.remove(&self.id);
                }
            }
        }
    }
}

/// Whether this process holds a connection to the file at `path` (a CSV file
/// to import must not be the register itself: reading it would drop locks).
pub fn is_open_register(path: &Path) -> bool {
    let Ok(id) = FileId::of(path) else {
        return false;
    };
    HELD.lock()
        .unwrap_or_else(|e| e.into_inner())
        .as_ref()
        .is_some_and(|held| held.contains_key(&id))
}
