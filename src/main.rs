use std::process::ExitCode;

use clap::Parser;
use dpo_workbench::cli::{run, Cli};

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            for line in error.message.lines() {
                eprintln!("dpo: {line}");
            }
            ExitCode::from(error.code)
        }
    }
}
