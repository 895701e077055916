//! Registers that can only be read here: on read-only media, or where the
//! user may not write the file or its folder (SQLite writes its `-wal` and
//! `-shm` files beside the register). Such a register is opened read-only —
//! as immutable when no write-ahead log waits beside it, since SQLite could
//! not create the shared-memory file — so every reading command works, and
//! every write is refused with "read-only" instead of "unable to open".

use std::path::Path;

use rusqlite::{Connection, OpenFlags};

use super::register::BUSY_TIMEOUT;

/// Whether this process may write the register at `path` and its folder.
pub(super) fn writable(path: &Path) -> bool {
    let folder = match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    };
    may_write(path) && may_write(folder)
}

#[cfg(unix)]
fn may_write(path: &Path) -> bool {
    use std::os::unix::ffi::OsStrExt;
    let Ok(name) = std::ffi::CString::new(path.as_os_str().as_bytes()) else {
        return false;
    };
    // SAFETY: `name` is a valid NUL-terminated string for the whole call.
    // access() answers for the real user, and says EROFS on read-only media
    // even to root.
    unsafe { libc::access(name.as_ptr(), libc::W_OK) == 0 }
}

#[cfg(not(unix))]
fn may_write(path: &Path) -> bool {
    std::fs::metadata(path).is_ok_and(|m| !m.permissions().readonly())
}

/// A connection to the register at `path`, read-write or read-only.
pub(super) fn connect(path: &Path, read_only: bool) -> rusqlite::Result<Connection> {
    let conn = if read_only {
        let wal_waiting =
            std::fs::metadata(format!("{}-wal", path.display())).is_ok_and(|m| m.len() > 0);
        let uri = format!(
            "file:{}{}",
            uri_path(path),
            if wal_waiting { "" } else { "?immutable=1" }
        );
        Connection::open_with_flags(
            uri,
            OpenFlags::SQLITE_OPEN_READ_ONLY
                | OpenFlags::SQLITE_OPEN_URI
                | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )?
    } else {
        Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )?
    };
    // Set before the first read: a reader waits out a writer (or a
    // passphrase change) instead of failing at once.
    conn.busy_timeout(BUSY_TIMEOUT)?;
    Ok(conn)
}

/// `path` as the path of a `file:` URI: the characters a URI gives a meaning
/// to are escaped.
fn uri_path(path: &Path) -> String {
    let text = path.to_string_lossy();
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '%' | '?' | '#' | ' ' => out.push_str(&format!("%{:02X}", c as u32)),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_uri_path_escapes_what_a_uri_gives_a_meaning_to() {
        assert_eq!(
            uri_path(Path::new("/tmp/a b/100%?#.dpo")),
            "/tmp/a%20b/100%25%3F%23.dpo"
        );
        assert_eq!(uri_path(Path::new("klient/Ærø.dpo")), "klient/Ærø.dpo");
    }
}
