use std::process::ExitCode;

use dpo_workbench::cli::{parse, run};

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
            eprintln!("dpo: {message}");
            return ExitCode::from(2);
        }
    };
    match run(cli, clock) {
        Ok(()) => ExitCode::SUCCESS,
        // With --json the failure is JSON too, one line on standard error
        // (standard output stays empty, as for every failure).
        Err(error) if std::env::args().any(|a| a == "--json") => {
            let doc = serde_json::json!({
                "error": { "message": error.message, "exit_code": error.code }
            });
            eprintln!(
                "{}",
                dpo_workbench::domain::text::escape_json(&doc.to_string())
            );
            ExitCode::from(error.code)
        }
        Err(error) => {
            for line in error.message.lines() {
                // Messages echo cells of a file and fields of a register.
                eprintln!("dpo: {}", dpo_workbench::domain::text::visible(line));
            }
            ExitCode::from(error.code)
        }
    }
}
