use std::process::ExitCode;

use clap::Parser;
use dpo_workbench::cli::{run, Cli};

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("dpo: {}", error.message);
            ExitCode::from(error.code)
        }
    }
}
