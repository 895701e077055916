//! Recognising a register before SQLite touches the file. Reading the 100-byte
//! header ourselves means a file we refuse is never opened for writing, so it
//! stays byte-for-byte as it was (SQLite may otherwise create journals or
//! change the header when it opens a database read-write).

use std::fs::File;
use std::io::Read;
use std::path::Path;

use super::error::{StoreError, StoreResult};
use super::migrations::SCHEMA_VERSION;

/// `PRAGMA application_id` of every register: "DPOW" in ASCII.
pub const APPLICATION_ID: u32 = 0x4450_4F57;

const SQLITE_MAGIC: &[u8; 16] = b"SQLite format 3\0";
const HEADER_LEN: usize = 100;
const USER_VERSION_OFFSET: usize = 60;
const APPLICATION_ID_OFFSET: usize = 68;

/// What the header of a register file says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Header {
    pub user_version: u32,
}

/// What a file's first bytes say it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Identity {
    /// A plain register.
    Plain(Header),
    /// Whole 1 KiB pages of what looks like random bytes: an encrypted
    /// register (or not a register), as only its passphrase can tell.
    MaybeEncrypted,
}

/// Checks that `path` is a regular file holding a register this binary can
/// open, from its first 100 bytes. Anything but a regular file (a folder, a
/// FIFO that would block the read, a device) is refused before it is opened.
pub fn read_identity(path: &Path) -> StoreResult<Identity> {
    let meta = match std::fs::metadata(path) {
        Ok(meta) => meta,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Err(StoreError::Missing(path.to_path_buf()))
        }
        Err(e) => return Err(StoreError::io(path, e)),
    };
    if meta.is_dir() {
        return Err(StoreError::Directory(path.to_path_buf()));
    }
    if !meta.is_file() {
        return Err(StoreError::NotARegister {
            path: path.to_path_buf(),
            reason: "it is not a regular file (a pipe, socket or device)".into(),
        });
    }
    let mut header = Vec::with_capacity(HEADER_LEN);
    File::open(path)
        .and_then(|f| f.take(HEADER_LEN as u64).read_to_end(&mut header))
        .map_err(|e| StoreError::io(path, e))?;
    let whole_pages = meta.len() >= 1024 && meta.len().is_multiple_of(1024);
    if whole_pages && !header.starts_with(SQLITE_MAGIC) {
        return Ok(Identity::MaybeEncrypted);
    }
    let header = parse_header(&header).map_err(|reason| StoreError::NotARegister {
        path: path.to_path_buf(),
        reason,
    })?;
    if header.user_version > SCHEMA_VERSION {
        return Err(StoreError::NewerSchema {
            path: path.to_path_buf(),
            found: header.user_version,
            known: SCHEMA_VERSION,
        });
    }
    Ok(Identity::Plain(header))
}

/// Reads the identity out of the first bytes of a file (pure, for tests).
pub fn parse_header(bytes: &[u8]) -> Result<Header, String> {
    if bytes.is_empty() {
        return Err("the file is empty".into());
    }
    if bytes.len() < HEADER_LEN || &bytes[..16] != SQLITE_MAGIC {
        return Err("it is not an SQLite database".into());
    }
    let word =
        |offset: usize| u32::from_be_bytes(bytes[offset..offset + 4].try_into().expect("4 bytes"));
    let application_id = word(APPLICATION_ID_OFFSET);
    if application_id != APPLICATION_ID {
        return Err(format!(
            "it is an SQLite database of another program (application_id {application_id:#x})"
        ));
    }
    Ok(Header {
        user_version: word(USER_VERSION_OFFSET),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn header(app_id: u32, version: u32) -> Vec<u8> {
        let mut h = vec![0u8; HEADER_LEN];
        h[..16].copy_from_slice(SQLITE_MAGIC);
        h[USER_VERSION_OFFSET..USER_VERSION_OFFSET + 4].copy_from_slice(&version.to_be_bytes());
        h[APPLICATION_ID_OFFSET..APPLICATION_ID_OFFSET + 4].copy_from_slice(&app_id.to_be_bytes());
        h
    }

    #[test]
    fn recognises_a_register_header() {
        assert_eq!(
            parse_header(&header(APPLICATION_ID, 7)),
            Ok(Header { user_version: 7 })
        );
    }

    #[test]
    fn refuses_other_files_with_a_reason() {
        assert_eq!(parse_header(b""), Err("the file is empty".into()));
        assert!(parse_header(b"name,country\nAcme,NO\n")
            .unwrap_err()
            .contains("not an SQLite"));
        assert!(parse_header(&header(0, 0))
            .unwrap_err()
            .contains("another program"));
    }
}
