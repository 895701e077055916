//! `dpo push FILE URL`, `dpo pull URL -o FILE` and `dpo server-setup URL`:
//! a register moved to a team's PostgreSQL server and back, and the server
//! made ready for it (docs/team.md).

use std::path::PathBuf;

use clap::Args;
use serde_json::json;

use super::CliError;
use crate::platform::clock::Clock;
use crate::store::server::{self, ServerAddress};

#[derive(Debug, Args)]
pub struct PushArgs {
    /// The register file to put on the server, with its journal
    pub file: PathBuf,
    /// Where: postgres://USER@HOST:PORT/DB?register=NAME (the password from
    /// PGPASSWORD or ~/.pgpass)
    pub url: String,
    /// Print JSON for scripts
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct PullArgs {
    /// The register on the server: postgres://USER@HOST:PORT/DB?register=NAME
    pub url: String,
    /// The copy to make (never overwrites): encrypted with a passphrase from
    /// DPO_PASSPHRASE, --passphrase-file, or asked twice on the terminal
    #[arg(short, long, value_name = "FILE")]
    pub output: PathBuf,
    /// Print JSON for scripts
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct ServerSetupArgs {
    /// The database: postgres://OWNER@HOST:PORT/DB?register=NAME (any register
    /// name; every register there is given its grants)
    pub url: String,
}

fn address(url: &str) -> Result<ServerAddress, CliError> {
    ServerAddress::parse(url).map_err(CliError::input)
}

fn moved_json(moved: &server::Moved, from: &str, to: &str) -> serde_json::Value {
    json!({
        "from": from,
        "to": to,
        "records": moved.records,
        "entries": moved.entries,
        "journal_head": moved.head,
        "granted_to": moved.granted_to,
    })
}

pub(super) fn push(args: PushArgs, clock: Clock) -> Result<(), CliError> {
    let address = address(&args.url)?;
    let register = super::open_register(&args.file, clock)?;
    let moved = server::push(&register, &address, clock)?;
    let from = args.file.display().to_string();
    if args.json {
        super::output::print_json(&moved_json(&moved, &from, &args.url));
    } else {
        say!(
            "{from} → {address}: {} records, {} journal entries, head {}",
            moved.records,
            moved.entries,
            moved.head
        );
        match &moved.granted_to {
            Some(role) => say!("granted to role {role}: GRANT {role} TO each DPO who works on it"),
            None => say!(
                "no role was given it (this role may not make roles): the database's owner runs dpo server-setup"
            ),
        }
        say!("open it with: dpo '{address}'");
    }
    Ok(())
}

pub(super) fn pull(args: PullArgs, clock: Clock) -> Result<(), CliError> {
    let address = address(&args.url)?;
    if args.output.exists() {
        return Err(CliError::input(format!(
            "{}: already exists; a pull never overwrites a file",
            args.output.display()
        )));
    }
    let key = super::init::new_passphrase_for(&args.output)?;
    let moved = server::pull(&address, &args.output, Some(&key), clock)?;
    let to = args.output.display().to_string();
    if args.json {
        super::output::print_json(&moved_json(&moved, &args.url, &to));
    } else {
        say!(
            "{address} → {to}: {} records, {} journal entries, head {}",
            moved.records,
            moved.entries,
            moved.head
        );
        say!("{to} is an encrypted, read-only copy: changes are made on the server");
    }
    Ok(())
}

pub(super) fn setup(args: ServerSetupArgs) -> Result<(), CliError> {
    let address = address(&args.url)?;
    let report = server::server_setup(&address)?;
    say!("{address}: pg_trgm present (the search's index)");
    if report.team_role_made {
        say!("made the group role dpo_team: GRANT dpo_team TO each DPO's login role");
    }
    for name in &report.registers {
        say!("register {name}: its tables granted to role dpo_reg_{name} (and through it to dpo_team)");
    }
    for name in &report.passed_over {
        say!("passed over schema {name:?}: not a name a register may have (given no grants)");
    }
    if report.registers.is_empty() {
        say!("no registers here yet: dpo push FILE '{address}' puts one here");
    }
    say!("a DPO's login: CREATE ROLE kari LOGIN IN ROLE dpo_team; then \\password kari in psql");
    Ok(())
}
