//! The command line: one file per subcommand, each calling `domain` and `store`
//! exactly as the workbench does.

#[macro_use]
mod output;

mod breach_clock;
mod catalogue;
mod check;
mod completions;
mod deadline;
mod draft;
mod export;
mod import;
mod info;
mod init;
mod journal;
mod letter;
mod passwd;
mod portfolio;
mod progress_bar;
mod server;
pub mod workbench;

use std::path::{Path, PathBuf};

use clap::{Parser, Subcommand};

use crate::domain::validation::FieldErrors;
use crate::exchange::ExchangeError;
use crate::platform::clock::Clock;
use crate::store::{Register, StoreError, StoreResult};

#[derive(Debug, Parser)]
#[command(
    name = "dpo",
    version,
    about = "Terminal workbench for Data Protection Officers: GDPR registers in one file",
    long_about = "Terminal workbench for Data Protection Officers: GDPR registers in one file.\n\n\
        Without a subcommand, opens the workbench on FILE, or on $DPO_REGISTER, or on the default \
        register in your data directory (created with demo content on first run).",
    args_conflicts_with_subcommands = true,
    after_help = "Exit codes: 0 success, 1 findings, 2 usage or input error, 3 not a register / locked."
)]
pub struct Cli {
    /// Register file to open in the workbench
    pub file: Option<PathBuf>,
    /// Colours for a dark or a light background, or as the terminal says
    /// [default: the config file's theme, else auto: as the terminal says, dark where it says nothing]
    #[arg(long, value_enum, value_name = "THEME")]
    pub theme: Option<crate::platform::config::ThemeName>,
    /// Read the passphrase of encrypted registers from the first line of FILE
    /// (else DPO_PASSPHRASE, else a prompt)
    #[arg(long, global = true, value_name = "FILE")]
    pub passphrase_file: Option<PathBuf>,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Create a new register file (never overwrites)
    Init(init::InitArgs),
    /// Show a register's organisation, schema version and row counts
    Info(info::InfoArgs),
    /// Export tables as CSV: rfc4180 for scripts, excel for spreadsheets, or an authority's layout
    Export(export::ExportArgs),
    /// Import CSV files into a register: all rows or, on any error, none
    Import(import::ImportArgs),
    /// Compute a data-subject request's deadlines and show the rule behind each date
    Deadline(deadline::DeadlineArgs),
    /// The 72-hour deadline for notifying a personal-data breach (Art. 33(1))
    BreachClock(breach_clock::BreachClockArgs),
    /// The register lint: overdue and soon-due clocks, missing agreements and Art. 30 points
    Check(check::CheckArgs),
    /// Every register in a folder with its most urgent clocks, the one on fire first
    Portfolio(portfolio::PortfolioArgs),
    /// The change journal: who changed what, when, through what, before and after
    Log(journal::LogArgs),
    /// Check a register against its journal, or a bundle against its checksums (exit 1 if not intact)
    Verify(journal::VerifyArgs),
    /// An auditor bundle: every table in both CSV profiles, manifest.json, SHA256SUMS, README.txt
    Bundle(journal::BundleArgs),
    /// Make an Ed25519 key that signs your bundles; prints the public key for auditors
    Keygen(journal::KeygenArgs),
    /// Encrypt a register with a passphrase, change it, or remove it (--remove)
    Passwd(passwd::PasswdArgs),
    /// The catalogue of common processors the workbench offers, each fact with its source and day checked
    Catalogue(catalogue::CatalogueArgs),
    /// Draft a letter from the register: a request's acknowledgement, identity request, extension,
    /// refusal or access answer; a breach's notification to the authority, the people affected or the controller
    Letter(letter::LetterArgs),
    /// Draft a client's register from its privacy policy: organisation, processors, purposes,
    /// lawful bases, retention, each suggestion with the line and sentence it came from
    Draft(draft::DraftArgs),
    /// Put a register file on a team's PostgreSQL server, with its journal (never over one there)
    Push(server::PushArgs),
    /// An encrypted, read-only copy of a register on a server, for travel
    Pull(server::PullArgs),
    /// Make a PostgreSQL database ready for a team: pg_trgm, the dpo_team role, each register's grants
    ServerSetup(server::ServerSetupArgs),
    /// Shell completions for bash, zsh, fish, PowerShell or elvish, printed to standard output
    Completions(completions::CompletionsArgs),
    /// The manual page (dpo.1), or every page into a folder with -o
    Man(completions::ManArgs),
}

/// Examples under each subcommand's `--help`, a command a line.
const EXAMPLES: &[(&str, &[&str])] = &[
    ("init", &[
        "dpo init clients/acme.dpo --name \"Acme AS\" --jurisdiction NO --org-number 923609016",
        "dpo init demo.dpo --demo lindqvist",
        "dpo init clients/havbris.dpo --name \"Havbris AS\" --jurisdiction NO --copy-from clients/acme.dpo",
    ]),
    ("info", &["dpo info clients/acme.dpo", "dpo info clients/acme.dpo --json"]),
    ("export", &[
        "dpo export clients/acme.dpo --all --format xlsx -o acme-audit.xlsx",
        "dpo export clients/acme.dpo --table processors -o processors.csv --profile excel",
        "dpo export clients/acme.dpo --all -o audit-june/ --as-of 2026-06-30",
    ]),
    ("import", &[
        "dpo import clients/acme.dpo --table processors processors.csv --dry-run",
        "dpo import clients/new.dpo --all audit/",
    ]),
    ("deadline", &[
        "dpo deadline --received 2026-01-31 --jurisdiction NO",
        "dpo deadline --received 2026-03-02 --jurisdiction GB-ENG --pause 2026-03-04..2026-03-10 --json",
    ]),
    ("breach-clock", &["dpo breach-clock --aware 2026-10-23T10:00 --tz Europe/Oslo"]),
    ("check", &[
        "dpo check clients/*.dpo --fail-on warning",
        "dpo check clients/acme.dpo --as-of 2026-12-24 --json",
    ]),
    ("portfolio", &["dpo portfolio clients/"]),
    ("log", &["dpo log clients/acme.dpo --table requests --id 7", "dpo log clients/acme.dpo --since 2026-11-01"]),
    ("verify", &["dpo verify clients/acme.dpo", "dpo verify audit-2026-11/ --public-key d540dd58…"]),
    ("bundle", &["dpo bundle clients/acme.dpo -o audit-2026-11/"]),
    ("keygen", &["dpo keygen"]),
    ("passwd", &["dpo passwd clients/acme.dpo", "dpo passwd clients/acme.dpo --remove"]),
    ("catalogue", &["dpo catalogue", "dpo catalogue hubspot", "dpo catalogue --json"]),
    ("letter", &[
        "dpo letter clients/acme.dpo --request DSR-2026-0042 --kind acknowledgement",
        "dpo letter clients/acme.dpo --request DSR-2026-0042 --kind answer --subjects customers -o answer.txt",
        "dpo letter clients/acme.dpo --breach 4 --kind authority --lang sv --format markdown",
    ]),
    ("draft", &[
        "dpo draft clients/acme.dpo --from acme-privacy-policy.html",
        "dpo draft clients/havbris.dpo --from personvern.md --lang nb --json",
    ]),
    ("push", &["dpo push clients/acme.dpo 'postgres://kari@db.example.no:5432/clients?register=acme'"]),
    ("pull", &["dpo pull 'postgres://kari@db.example.no:5432/clients?register=acme' -o acme-travel.dpo"]),
    ("server-setup", &["dpo server-setup 'postgres://admin@db.example.no:5432/clients?register=acme'"]),
    ("completions", &[
        "dpo completions bash > ~/.local/share/bash-completion/completions/dpo",
        "dpo completions zsh > ~/.zfunc/_dpo",
        "dpo completions fish > ~/.config/fish/completions/dpo.fish",
    ]),
    ("man", &["dpo man > ~/.local/share/man/man1/dpo.1", "dpo man -o man/"]),
];

/// The command line as parsed: the derived one with each subcommand's examples.
pub fn command() -> clap::Command {
    use clap::CommandFactory;
    EXAMPLES
        .iter()
        .fold(Cli::command(), |command, (name, examples)| {
            let text: String = examples.iter().map(|e| format!("\n  {e}")).collect();
            command.mut_subcommand(*name, |sub| sub.after_help(format!("Examples:{text}")))
        })
}

/// Whether the arguments ask for JSON: then a failure is JSON too.
pub fn wants_json() -> bool {
    std::env::args_os().any(|a| a == "--json")
}

/// Parses the program's arguments; on a mistake exits with clap's message,
/// or with it as a JSON error when `--json` is among them (help and
/// `--version` are printed as asked).
pub fn parse() -> Cli {
    use clap::error::ErrorKind;
    use clap::FromArgMatches;
    let parsed = command()
        .try_get_matches()
        .and_then(|matches| Cli::from_arg_matches(&matches));
    match parsed {
        Ok(cli) => cli,
        Err(e) if e.kind() == ErrorKind::DisplayHelp || e.kind() == ErrorKind::DisplayVersion => {
            e.exit()
        }
        Err(e) if wants_json() => {
            let error = CliError {
                message: e
                    .render()
                    .to_string()
                    .trim_start_matches("error: ")
                    .trim_end()
                    .to_string(),
                code: 2,
            };
            report_failure(&error, true);
            std::process::exit(2)
        }
        Err(e) => e.exit(),
    }
}

/// Says on standard error why a command failed: one JSON line
/// (`{"error": {"message", "exit_code"}}`) when `json`, else `dpo: ` lines
/// (standard output stays as the command left it).
pub fn report_failure(error: &CliError, json: bool) {
    if json {
        let doc = serde_json::json!({
            "error": { "message": error.message, "exit_code": error.code }
        });
        eprintln!("{}", crate::domain::text::escape_json(&doc.to_string()));
    } else {
        for line in error.message.lines() {
            // Messages echo cells of a file and fields of a register.
            eprintln!("dpo: {}", crate::domain::text::visible(line));
        }
    }
}

/// A failure as the user sees it: a message for standard error and an exit code.
#[derive(Debug)]
pub struct CliError {
    pub message: String,
    pub code: u8,
}

impl CliError {
    pub fn input(message: impl Into<String>) -> Self {
        CliError {
            message: message.into(),
            code: 2,
        }
    }
}

impl From<StoreError> for CliError {
    fn from(e: StoreError) -> Self {
        CliError {
            code: e.exit_code(),
            message: e.to_string(),
        }
    }
}

impl From<ExchangeError> for CliError {
    fn from(e: ExchangeError) -> Self {
        CliError {
            code: e.exit_code(),
            message: e.to_string(),
        }
    }
}

/// Field errors phrased with the command-line flag that set each field.
pub(crate) fn flag_errors(errors: &FieldErrors) -> CliError {
    let lines: Vec<String> = errors
        .0
        .iter()
        .map(|e| format!("--{}: {}", e.field.replace('_', "-"), e.message))
        .collect();
    CliError::input(lines.join("\n"))
}

/// The `--delimiter` of `export` and `import`, when given.
fn delimiter_option(text: Option<&str>) -> Result<Option<u8>, CliError> {
    text.map(crate::exchange::profile::parse_delimiter)
        .transpose()
        .map_err(|e| CliError::input(format!("--delimiter: {e}")))
}

/// Opens a register for a command: a passphrase not given by the environment,
/// a file or an earlier prompt is asked for on the terminal (never by the store).
pub fn open_register(path: &Path, clock: Clock) -> StoreResult<Register> {
    open_asking(path, clock, Register::open)
}

/// `open_register`, or for a register on a server the copy without its
/// journal that judging its clocks needs (`Register::open_to_summarise`).
pub fn open_to_summarise(path: &Path, clock: Clock) -> StoreResult<Register> {
    open_asking(path, clock, Register::open_to_summarise)
}

/// `open`, asking on the terminal for the passphrase of an encrypted file.
fn open_asking(
    path: &Path,
    clock: Clock,
    open: fn(&Path, Clock) -> StoreResult<Register>,
) -> StoreResult<Register> {
    match open(path, clock) {
        Err(StoreError::NeedsPassphrase { .. }) => {
            match crate::platform::passphrase::ask_for(path)
                .map_err(|e| StoreError::field("passphrase", e))?
            {
                Some(typed) => Register::open_with_passphrase(path, &typed, clock),
                None => Err(StoreError::NeedsPassphrase {
                    path: path.to_path_buf(),
                }),
            }
        }
        opened => opened,
    }
}

/// Runs the command line with `clock` as the program's clock: every command
/// and every register it opens reads "now" from it.
pub fn run(cli: Cli, clock: Clock) -> Result<(), CliError> {
    if let Some(file) = cli.passphrase_file {
        crate::platform::passphrase::set_file(file);
    }
    match cli.command {
        Some(Command::Init(args)) => init::run(args, clock),
        Some(Command::Info(args)) => info::run(args, clock),
        Some(Command::Export(args)) => export::run(args, clock),
        Some(Command::Import(args)) => import::run(args, clock),
        Some(Command::Deadline(args)) => deadline::run(args),
        Some(Command::BreachClock(args)) => breach_clock::run(args),
        Some(Command::Check(args)) => check::run(args, clock),
        Some(Command::Portfolio(args)) => portfolio::run(args, clock),
        Some(Command::Log(args)) => journal::log(args, clock),
        Some(Command::Verify(args)) => journal::verify(args, clock),
        Some(Command::Bundle(args)) => journal::bundle(args, clock),
        Some(Command::Keygen(args)) => journal::keygen(args),
        Some(Command::Passwd(args)) => passwd::run(args, clock),
        Some(Command::Catalogue(args)) => catalogue::run(args),
        Some(Command::Letter(args)) => letter::run(args, clock),
        Some(Command::Draft(args)) => draft::run(args, clock),
        Some(Command::Push(args)) => server::push(args, clock),
        Some(Command::Pull(args)) => server::pull(args, clock),
        Some(Command::ServerSetup(args)) => server::setup(args),
        Some(Command::Completions(args)) => completions::completions(args),
        Some(Command::Man(args)) => completions::man(args),
        None => workbench::run(cli.file, cli.theme, clock),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn every_subcommand_has_examples_that_name_it() {
        let command = super::command();
        for sub in command.get_subcommands() {
            let name = sub.get_name();
            let (_, examples) = super::EXAMPLES
                .iter()
                .find(|(n, _)| *n == name)
                .unwrap_or_else(|| panic!("no examples for dpo {name}"));
            assert!(
                examples
                    .iter()
                    .all(|e| e.starts_with(&format!("dpo {name}"))),
                "{name}"
            );
            let help = sub
                .get_after_help()
                .map(|h| h.to_string())
                .unwrap_or_default();
            assert!(help.starts_with("Examples:"), "{name}: {help}");
        }
        command.debug_assert();
    }
}
