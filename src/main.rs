use std::process::ExitCode;

use dpo_workbench::cli::{parse, report_failure, run, wants_json};

fn main() -> ExitCode {
    // Rust ignores SIGPIPE, so printing into a pipe the reader has closed
    // (`dpo check … | head`) would fail; a command-line tool should just stop.
    #[cfg(unix)]
    // SAFETY: called first thing, before any thread exists; restores the default action.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
    let cli = parse();
    dpo_workbench::store::on_upgrade(Some(|path, from, to| {
        eprintln!(
            "dpo: upgrading {} from schema {from} to {to} (once; a large register takes a while)",
            path.display()
        );
    }));
    // The program's one clock: the system's, or the moment DPO_NOW fixes.
    let clock = match dpo_workbench::platform::clock::Clock::from_environment() {
        Ok(clock) => clock,
        Err(message) => {
            report_failure(&dpo_workbench::cli::CliError::input(message), wants_json());
            return ExitCode::from(2);
        }
    };
    match run(cli, clock) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            report_failure(&error, wants_json());
            ExitCode::from(error.code)
        }
    }
}
