//! Files the program creates beside the user's: registers, their temporary
//! copies, exports. Each is created new (`O_EXCL`), never through a link
//! (`O_NOFOLLOW`: a link planted at the name is refused, not followed), and
//! readable by its owner only. Temporary files carry the process id and a
//! random part: their names cannot be guessed in advance, and one left by a
//! process that was killed can be told from one still being written.

use std::fs::{File, OpenOptions};
use std::io;
use std::path::{Path, PathBuf};

/// Creates `path`, which must not exist, for writing; the owner's only.
pub fn create_new(path: &Path) -> io::Result<File> {
    let mut options = OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600).custom_flags(libc::O_NOFOLLOW);
    }
    options.open(path)
}

/// A new temporary file beside `path` named `.NAME.PID-RANDOM.TAG`, created as
/// `create_new` does, with its name.
pub fn temp_beside(path: &Path, tag: &str) -> io::Result<(PathBuf, File)> {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let mut last = io::Error::other("no temporary name could be made");
    for _ in 0..8 {
        let mut random = [0u8; 6];
        getrandom::fill(&mut random).map_err(|e| io::Error::other(e.to_string()))?;
        let temp = path.with_file_name(format!(
            ".{name}.{}-{}.{tag}",
            std::process::id(),
            crate::platform::hex::hex(&random)
        ));
        match create_new(&temp) {
            Ok(file) => return Ok((temp, file)),
            // Taken (or a link planted there): another name.
            Err(e) => last = e,
        }
    }
    Err(last)
}

/// Removes `temp` and the files SQLite keeps beside a database there.
pub fn remove_with_sidecars(temp: &Path) {
    let _ = std::fs::remove_file(temp);
    for suffix in ["-wal", "-shm", "-journal"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", temp.display()));
    }
}

/// The temporary files of `path` tagged `tag` left by processes that no
/// longer run (killed before they could remove them), with their sidecars.
pub fn stale_temps(path: &Path, tag: &str) -> Vec<PathBuf> {
    let Some(name) = path.file_name().map(|n| n.to_string_lossy().into_owned()) else {
        return Vec::new();
    };
    let folder = match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    };
    stale_temps_in(folder, tag, Some(&name), None)
}

/// The temporary files tagged `tag` in `folder`, of a file named `name` or
/// (None) of any, left by processes that no longer run: an export killed
/// half-way leaves its rows in plain text under a hidden name, which the
/// next export into that folder removes. With `quiet_since`, only those not
/// written to since then (the folder's own clock: another machine's export
/// into a shared folder runs under a process id this one does not know).
pub fn stale_temps_in(
    folder: &Path,
    tag: &str,
    name: Option<&str>,
    quiet_since: Option<std::time::SystemTime>,
) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(folder) else {
        return Vec::new();
    };
    let suffix = format!(".{tag}");
    entries
        .flatten()
        .map(|e| e.path())
        .filter(|p| {
            let Some(file) = p.file_name().map(|n| n.to_string_lossy().into_owned()) else {
                return false;
            };
            // `.NAME.PID-RANDOM.TAG`, NAME itself possibly holding dots.
            let Some((of, writer)) = file
                .strip_prefix('.')
                .and_then(|rest| rest.strip_suffix(&suffix))
                .and_then(|rest| rest.rsplit_once('.'))
            else {
                return false;
            };
            let pid = writer.split('-').next().unwrap_or_default();
            let dead = pid.parse::<u32>().is_ok_and(|pid| !process_runs(pid));
            let quiet = quiet_since.is_none_or(|since| {
                p.symlink_metadata()
                    .and_then(|m| m.modified())
                    .is_ok_and(|at| at <= since)
            });
            name.is_none_or(|name| name == of) && dead && quiet
        })
        .collect()
}

/// Whether a process with this id runs (on this machine).
#[cfg(unix)]
fn process_runs(pid: u32) -> bool {
    if pid == std::process::id() {
        return true;
    }
    let Ok(pid) = libc::pid_t::try_from(pid) else {
        return false;
    };
    // SAFETY: signal 0 only asks whether the process exists; nothing is sent.
    let result = unsafe { libc::kill(pid, 0) };
    result == 0 || io::Error::last_os_error().raw_os_error() == Some(libc::EPERM)
}

#[cfg(not(unix))]
fn process_runs(_pid: u32) -> bool {
    true // cannot tell: leave it
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_new_file_is_never_made_through_a_link_or_over_a_file() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("target.txt");
        std::fs::write(&target, "precious").unwrap();
        let link = dir.path().join("link.csv");
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(&target, &link).unwrap();
            assert!(create_new(&link).is_err());
        }
        assert!(create_new(&target).is_err());
        assert_eq!(std::fs::read_to_string(&target).unwrap(), "precious");
    }

    #[test]
    fn temporary_names_differ_and_stale_ones_are_found_by_their_process() {
        let dir = tempfile::tempdir().unwrap();
        let register = dir.path().join("acme.dpo");
        let (a, _) = temp_beside(&register, "rekey").unwrap();
        let (b, _) = temp_beside(&register, "rekey").unwrap();
        assert_ne!(a, b);
        // Ours (this process runs) are not stale; a dead process's are.
        assert!(stale_temps(&register, "rekey").is_empty());
        let dead = dir.path().join(".acme.dpo.4194303-abcdef.rekey");
        std::fs::write(&dead, "plain text").unwrap();
        let other = dir.path().join(".other.dpo.4194303-abcdef.rekey");
        std::fs::write(&other, "").unwrap();
        assert_eq!(stale_temps(&register, "rekey"), vec![dead.clone()]);
        assert!(stale_temps(&register, "creating").is_empty());
        let mut any = stale_temps_in(dir.path(), "rekey", None, None);
        any.sort();
        let mut expected = vec![dead, other];
        expected.sort();
        assert_eq!(any, expected);
    }
}
