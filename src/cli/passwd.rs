//! `dpo passwd FILE [--remove]`: encrypt a register, change its passphrase,
//! or take the encryption off. The new passphrase comes from
//! `DPO_NEW_PASSPHRASE` or is asked twice on the terminal.

use std::path::PathBuf;

use clap::Args;

use super::CliError;
use crate::platform::clock::Clock;

#[derive(Debug, Args)]
pub struct PasswdArgs {
    /// Register file
    pub file: PathBuf,
    /// Store the register unencrypted again
    #[arg(long)]
    pub remove: bool,
    /// Print the outcome as JSON for scripts
    #[arg(long)]
    pub json: bool,
}

pub(super) fn run(args: PasswdArgs, clock: Clock) -> Result<(), CliError> {
    let register = super::open_register(&args.file, clock)?;
    let new = if args.remove {
        None
    } else {
        Some(crate::platform::passphrase::new_passphrase().map_err(CliError::input)?)
    };
    register.change_passphrase(new.as_deref())?;
    if args.json {
        super::output::print_json(&serde_json::json!({
            "file": args.file.display().to_string(),
            "encrypted": !args.remove,
        }));
        return Ok(());
    }
    say!(
        "{}: {}",
        args.file.display(),
        if args.remove {
            "stored unencrypted now"
        } else {
            "encrypted with the new passphrase"
        }
    );
    Ok(())
}
