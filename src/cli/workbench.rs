//! `dpo [FILE]`: which register to open, then the workbench.

use std::path::{Path, PathBuf};

use super::CliError;
use crate::exchange::demo::{demo_organisation, load_demo};
use crate::exchange::ExchangeError;
use crate::store::Register;

/// `<user data dir>/dpo-workbench/default.dpo`, e.g. ~/.local/share/dpo-workbench/default.dpo.
pub fn default_register_path() -> Option<PathBuf> {
    directories::BaseDirs::new()
        .map(|dirs| dirs.data_dir().join("dpo-workbench").join("default.dpo"))
}

pub fn run(file: Option<PathBuf>) -> Result<(), CliError> {
    let explicit = file.or_else(|| {
        std::env::var_os("DPO_REGISTER")
            .filter(|v| !v.is_empty())
            .map(PathBuf::from)
    });
    let register = match explicit {
        Some(path) => Register::open(&path)?,
        None => {
            let path = default_register_path().ok_or_else(|| {
                CliError::input("no home directory to keep the default register in; name a FILE")
            })?;
            open_or_create_demo(&path)?
        }
    };
    let label = display_path(register.path());
    crate::tui::run(register, label).map_err(|e| CliError::input(format!("terminal: {e}")))
}

/// The default register is created with the demo content the first time.
fn open_or_create_demo(path: &Path) -> Result<Register, CliError> {
    if path.exists() {
        return Ok(Register::open(path)?);
    }
    let organisation = demo_organisation()?;
    let register = Register::create(path, &organisation, |r| {
        load_demo(r, crate::clock::now()).map(|_| ())
    })
    .map_err(|e: ExchangeError| CliError::from(e))?;
    Ok(register)
}

/// The path as the status bar shows it: with ~ for the home directory.
fn display_path(path: &Path) -> String {
    let home = directories::BaseDirs::new().map(|d| d.home_dir().to_path_buf());
    match home.as_deref().and_then(|h| path.strip_prefix(h).ok()) {
        Some(rest) => format!("~/{}", rest.display()),
        None => path.display().to_string(),
    }
}
