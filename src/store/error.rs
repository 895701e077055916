use std::path::PathBuf;

use crate::domain::validation::FieldErrors;

/// Everything the store can refuse or fail at. The binary maps these to exit codes
/// (see `exit_code`): 3 for "this file is not a register I can open", 2 for bad input.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("{}: no such file (create one with `dpo init {}`)", .0.display(), .0.display())]
    Missing(PathBuf),
    #[error("{}: is a directory, not a register file", .0.display())]
    Directory(PathBuf),
    #[error("{}: not a register: {reason}", path.display())]
    NotARegister { path: PathBuf, reason: String },
    #[error("{}: wrong passphrase or not a register", path.display())]
    WrongPassphrase { path: PathBuf },
    #[error("{}: an encrypted register (or not a register): give its passphrase (DPO_PASSPHRASE, --passphrase-file, or run dpo in a terminal to be asked)", path.display())]
    NeedsPassphrase { path: PathBuf },
    #[error("{}: register schema version {found} is newer than this dpo understands ({known}); upgrade dpo", path.display())]
    NewerSchema {
        path: PathBuf,
        found: u32,
        known: u32,
    },
    #[error("the register is locked by another program (waited {} s); try again when it has finished", super::register::BUSY_TIMEOUT.as_secs())]
    Locked,
    #[error("{}: the passphrase of this register was changed by another program, or the file replaced; nothing was written: reopen it", .0.display())]
    Replaced(PathBuf),
    #[error("{}: the register is open in another program: close it first", .0.display())]
    OpenElsewhere(PathBuf),
    #[error("{}: the register is read-only here (read-only media or permissions); nothing was changed", .0.display())]
    ReadOnly(PathBuf),
    #[error("{}: the register is read-only here and from schema {found}: this dpo must upgrade it before reading it; copy it somewhere writable first", path.display())]
    ReadOnlyOlder { path: PathBuf, found: u32 },
    #[error("{}: nothing is written to this register while {findings}; `dpo verify` names what is wrong, `dpo verify --repair` puts it right", path.display())]
    ForeignSchema { path: PathBuf, findings: String },
    #[error("binary data (a BLOB) where a register holds text or numbers, put there behind the workbench's back: {0}")]
    BinaryValues(String),
    #[error("the register could not be written (its disk is full or failed), so SQLite undid the whole change: nothing was written")]
    RolledBack,
    #[error(
        "the disk holding the register is full: nothing was written; free some space and try again"
    )]
    DiskFull,
    #[error("{}: already exists; dpo init never overwrites a file", .0.display())]
    AlreadyExists(PathBuf),
    #[error("{0}")]
    Invalid(FieldErrors),
    #[error("no {what} with id {id} (deleted in another window or program?)")]
    NotFound { what: &'static str, id: i64 },
    #[error("this {what} was changed in another window or program since you opened it; nothing was saved")]
    Conflict { what: &'static str },
    #[error("{record} was changed since (in another window or program): nothing was undone, and that change leaves the undo list")]
    ChangedSince { record: String },
    #[error("{}: {source}", path.display())]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("database error: {0}")]
    Sqlite(rusqlite::Error),
    /// A register's address on a server that cannot be used as written.
    #[error("{0}")]
    BadAddress(String),
    /// The server could not be reached, refused the connection, or failed.
    #[error("{address}: {message}")]
    Server { address: String, message: String },
    /// A register on a server that is not there (yet).
    #[error("{address}: no register {register} on this server (put one there with `dpo push FILE {address}`)")]
    NoServerRegister { address: String, register: String },
    /// A register, or another schema, of that name is in the server's
    /// database already: a push never overwrites one.
    #[error("{address}: {what} {register} is already on this server: a push never overwrites one; choose another register=NAME")]
    OnServerAlready {
        address: String,
        register: String,
        /// "a register", or "a schema (not a register)".
        what: &'static str,
    },
    /// Opened as a copy pulled from a server: read-only.
    #[error("{}: a read-only copy of {from}, pulled {at}: changes are made on the server", path.display())]
    PulledCopy {
        path: PathBuf,
        from: String,
        at: String,
    },
}

impl From<rusqlite::Error> for StoreError {
    /// Busy and locked mean another process holds the write lock past our busy
    /// timeout: a condition to report (exit 3), not a database fault.
    fn from(error: rusqlite::Error) -> Self {
        match &error {
            rusqlite::Error::SqliteFailure(e, _)
                if matches!(
                    e.code,
                    rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked
                ) =>
            {
                StoreError::Locked
            }
            rusqlite::Error::SqliteFailure(e, _) if e.code == rusqlite::ErrorCode::DiskFull => {
                StoreError::DiskFull
            }
            _ => StoreError::Sqlite(error),
        }
    }
}

impl StoreError {
    /// Whether SQLite found the file's pages damaged (a crash of the disk,
    /// bytes changed by hand) while reading it.
    pub fn is_damage(&self) -> bool {
        matches!(
            self,
            StoreError::Sqlite(rusqlite::Error::SqliteFailure(e, _))
                if e.code == rusqlite::ErrorCode::DatabaseCorrupt
        )
    }

    /// The architecture note's exit codes: 3 the file cannot be opened as a register, 2 input errors.
    pub fn exit_code(&self) -> u8 {
        match self {
            StoreError::Missing(_)
            | StoreError::Directory(_)
            | StoreError::NotARegister { .. }
            | StoreError::WrongPassphrase { .. }
            | StoreError::NeedsPassphrase { .. }
            | StoreError::NewerSchema { .. }
            | StoreError::Replaced(_)
            | StoreError::OpenElsewhere(_)
            | StoreError::ReadOnly(_)
            | StoreError::ReadOnlyOlder { .. }
            | StoreError::DiskFull
            | StoreError::ForeignSchema { .. }
            | StoreError::RolledBack
            | StoreError::Server { .. }
            | StoreError::NoServerRegister { .. }
            | StoreError::OnServerAlready { .. }
            | StoreError::PulledCopy { .. }
            | StoreError::Locked => 3,
            _ => 2,
        }
    }

    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        StoreError::Io {
            path: path.into(),
            source,
        }
    }

    pub fn field(field: &'static str, message: impl std::fmt::Display) -> Self {
        let mut errors = FieldErrors::default();
        errors.push(field, message);
        StoreError::Invalid(errors)
    }
}

pub type StoreResult<T> = Result<T, StoreError>;

/// A record that must be there, read as "none, or the record": its absence
/// as the refusal `NotFound` ("no request with id 7").
pub trait Found<T> {
    fn found(self, what: &'static str, id: i64) -> StoreResult<T>;
}

impl<T> Found<T> for Option<T> {
    fn found(self, what: &'static str, id: i64) -> StoreResult<T> {
        self.ok_or(StoreError::NotFound { what, id })
    }
}

impl<T> Found<T> for StoreResult<Option<T>> {
    fn found(self, what: &'static str, id: i64) -> StoreResult<T> {
        self?.found(what, id)
    }
}

#[cfg(test)]
mod found_tests {
    use super::*;

    #[test]
    fn a_record_that_must_be_there_is_it_or_is_named_as_missing() {
        let there: StoreResult<Option<i64>> = Ok(Some(3));
        assert_eq!(there.found("request", 7).unwrap(), 3);
        let gone: StoreResult<Option<i64>> = Ok(None);
        assert!(gone
            .found("request", 7)
            .unwrap_err()
            .to_string()
            .starts_with("no request with id 7"));
        let failed: StoreResult<Option<i64>> = Err(StoreError::DiskFull);
        assert!(matches!(
            failed.found("request", 7),
            Err(StoreError::DiskFull)
        ));
    }
}
