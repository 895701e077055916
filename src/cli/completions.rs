//! `dpo completions SHELL` and `dpo man`: shell completions and manual
//! pages generated from the command line itself, so they never drift from it.

use std::io::Write;
use std::path::PathBuf;

use clap::Args;
use clap_complete::Shell;

use super::CliError;

#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// bash, zsh, fish, powershell or elvish
    pub shell: Shell,
}

#[derive(Debug, Args)]
pub struct ManArgs {
    /// Write dpo.1 and a page per subcommand (dpo-init.1 …) into DIR instead of
    /// printing dpo.1
    #[arg(short = 'o', long = "output", value_name = "DIR")]
    pub output: Option<PathBuf>,
}

pub(super) fn completions(args: CompletionsArgs) -> Result<(), CliError> {
    let mut command = super::command();
    clap_complete::generate(args.shell, &mut command, "dpo", &mut std::io::stdout());
    Ok(())
}

pub(super) fn man(args: ManArgs) -> Result<(), CliError> {
    let command = super::command();
    let io = |e: std::io::Error| CliError::input(format!("man: {e}"));
    match args.output {
        None => {
            let mut out = std::io::stdout().lock();
            clap_mangen::Man::new(command)
                .render(&mut out)
                .map_err(io)?;
            out.flush().map_err(io)
        }
        Some(dir) => {
            std::fs::create_dir_all(&dir).map_err(io)?;
            clap_mangen::generate_to(command, &dir).map_err(io)?;
            tell!("dpo: wrote the manual pages into {}", dir.display());
            Ok(())
        }
    }
}
