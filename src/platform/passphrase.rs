//! Where the passphrase of an encrypted register comes from: `DPO_PASSPHRASE`,
//! the file named by `--passphrase-file`, or a prompt on the terminal that does
//! not echo. A passphrase that opened a register is remembered for the rest of
//! the run, so the workbench's own threads (an import, an export) can open the
//! same file again without asking.

use std::collections::HashMap;
use std::io::{BufRead, Write};
use std::path::{Path, PathBuf};
use std::sync::{Mutex, OnceLock};

/// A passphrase typed in the workbench, on its way to the register; its
/// `Debug` does not show it.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(pub String);

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Secret(…)")
    }
}

static FILE: OnceLock<PathBuf> = OnceLock::new();
static KNOWN: OnceLock<Mutex<HashMap<PathBuf, String>>> = OnceLock::new();

fn known() -> &'static Mutex<HashMap<PathBuf, String>> {
    KNOWN.get_or_init(|| Mutex::new(HashMap::new()))
}

/// `--passphrase-file`: read once, for every register of this run.
pub fn set_file(path: PathBuf) {
    let _ = FILE.set(path);
}

fn key_of(path: &Path) -> PathBuf {
    std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf())
}

/// Remembers the passphrase that opened `path`.
pub fn remember(path: &Path, passphrase: &str) {
    if let Ok(mut map) = known().lock() {
        map.insert(key_of(path), passphrase.to_string());
    }
}

/// Forgets a remembered passphrase (the register is no longer encrypted).
pub fn forget(path: &Path) {
    if let Ok(mut map) = known().lock() {
        map.remove(&key_of(path));
    }
}

/// The passphrase for `path` without asking: remembered, the environment, or the file.
pub fn without_asking(path: &Path) -> Result<Option<String>, String> {
    if let Some(p) = known()
        .lock()
        .ok()
        .and_then(|m| m.get(&key_of(path)).cloned())
    {
        return Ok(Some(p));
    }
    if let Some(p) = std::env::var("DPO_PASSPHRASE")
        .ok()
        .filter(|p| !p.is_empty())
    {
        return Ok(Some(p));
    }
    if let Some(file) = FILE.get() {
        warn_if_others_may_read(file);
        let text = std::fs::read_to_string(file)
            .map_err(|e| format!("--passphrase-file {}: {e}", file.display()))?;
        let first = text.lines().next().unwrap_or("").to_string();
        if first.is_empty() {
            return Err(format!(
                "--passphrase-file {}: the first line is empty",
                file.display()
            ));
        }
        return Ok(Some(first));
    }
    Ok(None)
}

/// Says once on standard error when a passphrase file may be read by others
/// than its owner.
fn warn_if_others_may_read(file: &Path) {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        static WARNED: std::sync::Once = std::sync::Once::new();
        let Ok(mode) = std::fs::metadata(file).map(|m| m.permissions().mode()) else {
            return;
        };
        if mode & 0o077 != 0 {
            WARNED.call_once(|| {
                eprintln!(
                    "dpo: warning: --passphrase-file {} can be read by others than you (mode {:o}): chmod 600 {}",
                    crate::domain::text::visible(&file.display().to_string()),
                    mode & 0o777,
                    crate::domain::text::visible(&file.display().to_string())
                );
            });
        }
    }
}

/// The passphrase for `path` from the terminal (no echo), once the ways
/// without asking have failed; `None` when there is no terminal to ask.
pub fn ask_for(path: &Path) -> Result<Option<String>, String> {
    if !is_terminal() {
        return Ok(None);
    }
    prompt(&format!("Passphrase for {}: ", path.display())).map(Some)
}

fn is_terminal() -> bool {
    use std::io::IsTerminal;
    std::io::stdin().is_terminal() && std::io::stderr().is_terminal()
}

/// Asks on the terminal with echo off; the passphrase is not shown.
pub fn prompt(label: &str) -> Result<String, String> {
    eprint!("{label}");
    let _ = std::io::stderr().flush();
    let _echo = EchoOff::new();
    let mut line = String::new();
    std::io::stdin()
        .lock()
        .read_line(&mut line)
        .map_err(|e| format!("reading the passphrase: {e}"))?;
    eprintln!();
    Ok(line.trim_end_matches(['\r', '\n']).to_string())
}

/// The fewest characters a new passphrase may have, however it is given.
pub const MIN_LENGTH: usize = 8;

/// The one rule for a new passphrase, whether typed, in `DPO_NEW_PASSPHRASE`,
/// `DPO_PASSPHRASE` (`dpo init --encrypt`) or a passphrase file.
pub fn check_new(passphrase: &str) -> Result<(), String> {
    if passphrase.trim().chars().count() < MIN_LENGTH {
        return Err(format!(
            "a passphrase needs at least {MIN_LENGTH} characters (not counting spaces at its ends)"
        ));
    }
    Ok(())
}

/// A new passphrase, asked twice on the terminal (or `DPO_NEW_PASSPHRASE`).
pub fn new_passphrase() -> Result<String, String> {
    if let Some(p) = std::env::var("DPO_NEW_PASSPHRASE")
        .ok()
        .filter(|p| !p.is_empty())
    {
        check_new(&p).map_err(|e| format!("DPO_NEW_PASSPHRASE: {e}"))?;
        return Ok(p);
    }
    if !is_terminal() {
        return Err("no terminal to ask for the new passphrase: set DPO_NEW_PASSPHRASE".into());
    }
    let first = prompt("New passphrase: ")?;
    check_new(&first)?;
    let again = prompt("The same again: ")?;
    if first != again {
        return Err("the two passphrases differ; nothing was changed".into());
    }
    Ok(first)
}

/// Turns terminal echo off for as long as it lives.
struct EchoOff {
    #[cfg(unix)]
    saved: Option<libc::termios>,
}

impl EchoOff {
    fn new() -> Self {
        #[cfg(unix)]
        {
            // SAFETY: tcgetattr/tcsetattr on stdin with a zeroed, then filled, termios.
            unsafe {
                let mut term: libc::termios = std::mem::zeroed();
                if libc::tcgetattr(libc::STDIN_FILENO, &mut term) != 0 {
                    return EchoOff { saved: None };
                }
                let saved = term;
                term.c_lflag &= !libc::ECHO;
                term.c_lflag |= libc::ECHONL;
                libc::tcsetattr(libc::STDIN_FILENO, libc::TCSANOW, &term);
                EchoOff { saved: Some(saved) }
            }
        }
        #[cfg(not(unix))]
        EchoOff {}
    }
}

impl Drop for EchoOff {
    fn drop(&mut self) {
        #[cfg(unix)]
        if let Some(saved) = self.saved {
            // SAFETY: restores the settings read in `new`.
            unsafe {
                libc::tcsetattr(libc::STDIN_FILENO, libc::TCSANOW, &saved);
            }
        }
    }
}
