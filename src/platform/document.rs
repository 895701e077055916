//! Agreement documents on disk: a reference that is a local path is resolved
//! against the register's folder (so a client folder can move as a whole),
//! must exist, and is fingerprinted with SHA-256 so a later check can tell
//! whether the file still matches what was recorded.

use std::io::Read;
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

/// Whether `reference` names a web address rather than a file.
pub fn is_url(reference: &str) -> bool {
    let r = reference.trim();
    r.contains("://") || r.starts_with("www.")
}

/// Where a local reference points, relative paths taken from `register_dir`.
pub fn resolve(reference: &str, register_dir: &Path) -> PathBuf {
    let path = Path::new(reference.trim());
    if path.is_absolute() {
        path.to_path_buf()
    } else {
        register_dir.join(path)
    }
}

/// SHA-256 of the file, as lower-case hex.
pub fn sha256_file(path: &Path) -> std::io::Result<String> {
    let mut file = std::fs::File::open(path)?;
    let mut hasher = Sha256::new();
    let mut buffer = [0u8; 64 * 1024];
    loop {
        let n = file.read(&mut buffer)?;
        if n == 0 {
            break;
        }
        hasher.update(&buffer[..n]);
    }
    Ok(crate::platform::hex::hex(&hasher.finalize()))
}

/// The fingerprint to store for `reference`: none for an empty reference or a
/// URL; for a path, the file's SHA-256, or a message when it cannot be read.
pub fn fingerprint(reference: &str, register_dir: &Path) -> Result<Option<String>, String> {
    let reference = reference.trim();
    if reference.is_empty() || is_url(reference) {
        return Ok(None);
    }
    let path = resolve(reference, register_dir);
    if !path.is_file() {
        return Err(format!(
            "no file at {} (a path is taken from the register's folder; a web address needs its https://)",
            path.display()
        ));
    }
    sha256_file(&path)
        .map(Some)
        .map_err(|e| format!("cannot read {}: {e}", path.display()))
}

/// Whether the document still matches its stored fingerprint: `None` when
/// there is nothing to compare (a URL, or no fingerprint recorded).
pub fn still_matches(reference: &str, stored: Option<&str>, register_dir: &Path) -> Option<bool> {
    let stored = stored?;
    match fingerprint(reference, register_dir) {
        Ok(Some(now)) => Some(now == stored),
        Ok(None) => None,
        Err(_) => Some(false),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_local_document_is_fingerprinted_and_a_change_is_noticed() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("contracts")).unwrap();
        std::fs::write(dir.path().join("contracts/dpa.pdf"), b"abc").unwrap();
        let sha = fingerprint("contracts/dpa.pdf", dir.path())
            .unwrap()
            .unwrap();
        // The SHA-256 test vector for "abc" (FIPS 180-2).
        assert_eq!(
            sha,
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
        assert_eq!(
            still_matches("contracts/dpa.pdf", Some(&sha), dir.path()),
            Some(true)
        );
        std::fs::write(dir.path().join("contracts/dpa.pdf"), b"abd").unwrap();
        assert_eq!(
            still_matches("contracts/dpa.pdf", Some(&sha), dir.path()),
            Some(false)
        );
        std::fs::remove_file(dir.path().join("contracts/dpa.pdf")).unwrap();
        assert_eq!(
            still_matches("contracts/dpa.pdf", Some(&sha), dir.path()),
            Some(false)
        );
    }

    #[test]
    fn urls_and_missing_files() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(fingerprint("https://example.com/dpa", dir.path()), Ok(None));
        assert_eq!(fingerprint("", dir.path()), Ok(None));
        let error = fingerprint("contracts/missing.pdf", dir.path()).unwrap_err();
        assert!(error.starts_with("no file at "), "{error}");
        assert_eq!(
            still_matches("https://example.com/dpa", Some("x"), dir.path()),
            None
        );
    }
}
