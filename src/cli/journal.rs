//! `dpo log FILE` shows the change journal; `dpo verify FILE` recomputes its
//! hash chain and compares the register with it.

use std::path::PathBuf;

use clap::Args;
use serde_json::json;

use super::CliError;
use crate::domain::request::parse_iso_date;
use crate::exchange::bundle::{verify_bundle, write_bundle};
use crate::exchange::tables::Table;
use crate::platform::clock::Clock;
use crate::store::{JournalEntry, JournalFilter, StoreError};

#[derive(Debug, Args)]
pub struct LogArgs {
    /// Register file
    pub file: PathBuf,
    /// Only this table's records, e.g. processors (as in the CSV exports)
    #[arg(long, value_name = "T")]
    pub table: Option<String>,
    /// Only this record (with --table)
    #[arg(long, value_name = "ID", requires = "table")]
    pub id: Option<i64>,
    /// Only entries from this day on (YYYY-MM-DD, UTC)
    #[arg(long, value_name = "DATE")]
    pub since: Option<String>,
    /// Print JSON lines for scripts
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct VerifyArgs {
    /// Register file, a register on a server (postgres://USER@HOST:PORT/DB?register=NAME),
    /// or a folder written by `dpo bundle`
    pub file: PathBuf,
    /// For a bundle: the organisation's public key; the bundle must be signed by it
    #[arg(long, value_name = "KEY")]
    pub public_key: Option<String>,
    /// Print JSON for scripts
    #[arg(long)]
    pub json: bool,
    /// Put the register's own triggers back and remove triggers and views
    /// another program added, then verify (without it, verify only reads)
    #[arg(long)]
    pub repair: bool,
}

/// The journal's name for a table: the export's, except where the export
/// derives a table (deadline settings live on the organisation row).
fn journal_table(name: &str) -> Result<String, CliError> {
    let name = name.trim();
    if crate::store::JOURNALED.contains(&name) {
        return Ok(name.to_string());
    }
    Table::parse(name)?;
    Err(CliError::input(format!(
        "the journal keeps {name} in other tables; the journaled tables are: {}",
        crate::store::JOURNALED.join(", ")
    )))
}

pub(super) fn log(args: LogArgs, clock: Clock) -> Result<(), CliError> {
    let filter = JournalFilter {
        table: args.table.as_deref().map(journal_table).transpose()?,
        record_id: args.id,
        since: args
            .since
            .as_deref()
            .map(|d| parse_iso_date(d).map(|d| format!("{d}T00:00:00")))
            .transpose()
            .map_err(|e| CliError::input(format!("--since: {e}")))?,
    };
    let register = super::open_register(&args.file, clock)?;
    let mut count = 0;
    register.for_each_journal_entry(&filter, |e| {
        count += 1;
        if args.json {
            super::output::print_json_line(&entry_json(e));
        } else {
            say!("{}", entry_line(e));
        }
        Ok::<(), StoreError>(())
    })?;
    if count == 0 && !args.json {
        tell!("No journal entries match.");
    }
    Ok(())
}

fn entry_line(e: &JournalEntry) -> String {
    format!("{} {}", e.seq, e.describe())
}

fn entry_json(e: &JournalEntry) -> serde_json::Value {
    let parse = |s: &Option<String>| {
        s.as_deref()
            .and_then(|s| serde_json::from_str::<serde_json::Value>(s).ok())
            .unwrap_or(serde_json::Value::Null)
    };
    json!({
        "seq": e.seq,
        "at": e.at,
        "actor": e.actor,
        "via": e.via,
        "table": e.table,
        "record_id": e.record_id,
        "action": e.action,
        "before": parse(&e.before),
        "after": parse(&e.after),
        "prev_hash": e.prev_hash,
        "hash": e.hash,
    })
}

#[derive(Debug, Args)]
pub struct BundleArgs {
    /// Register file
    pub file: PathBuf,
    /// New or empty folder for the bundle
    #[arg(short = 'o', long = "output", value_name = "DIR")]
    pub output: PathBuf,
    /// Sign the manifest with this key (default: $DPO_SIGNING_KEY, else the
    /// key `dpo keygen` made, when there is one)
    #[arg(long, value_name = "FILE")]
    pub key: Option<PathBuf>,
    /// Print what was written as JSON for scripts
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct KeygenArgs {
    /// Where to keep the new private key (default: <config dir>/dpo-workbench/signing.key)
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Print the key's files and the public key as JSON for scripts
    #[arg(long)]
    pub json: bool,
}

pub(super) fn keygen(args: KeygenArgs) -> Result<(), CliError> {
    let path = match args.output {
        Some(path) => path,
        None => directories::BaseDirs::new()
            .map(|d| d.config_dir().join("dpo-workbench").join("signing.key"))
            .ok_or_else(|| CliError::input("no config folder here; name the key file with -o"))?,
    };
    let public_file = path.with_extension("pub");
    let named_pub = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("pub"));
    if public_file == path || named_pub {
        return Err(CliError::input(format!(
            "{}: the public key goes to NAME.pub beside the private key; name the private key otherwise (e.g. signing.key)",
            path.display()
        )));
    }
    // Both refused before either is written: a key is never half made.
    if public_file.symlink_metadata().is_ok() {
        return Err(CliError::input(format!(
            "{}: exists; the public key is written to a new file only",
            public_file.display()
        )));
    }
    let public = crate::platform::signing::generate(&path).map_err(CliError::input)?;
    // Made new, never through a link planted there (O_EXCL).
    std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&public_file)
        .and_then(|mut f| std::io::Write::write_all(&mut f, format!("{public}\n").as_bytes()))
        .map_err(|e| CliError::input(format!("{}: {e}", public_file.display())))?;
    if args.json {
        super::output::print_json(&json!({
            "private_key_file": path.display().to_string(),
            "public_key_file": public_file.display().to_string(),
            "public_key": public,
        }));
        return Ok(());
    }
    say!(
        "Signing key written to {} (readable by you only; keep a backup).",
        path.display()
    );
    say!(
        "Public key for your auditors, also in {}:",
        public_file.display()
    );
    say!("{public}");
    Ok(())
}

pub(super) fn bundle(args: BundleArgs, clock: Clock) -> Result<(), CliError> {
    let register = super::open_register(&args.file, clock)?;
    let key_file = args.key.or_else(crate::platform::signing::default_key_file);
    let key = key_file
        .as_deref()
        .map(crate::platform::signing::load)
        .transpose()
        .map_err(|e| CliError::input(format!("signing key: {e}")))?;
    let bundle = super::progress_bar::with_bar("bundling", |progress| {
        write_bundle(&register, &args.output, clock.now(), key.as_ref(), progress)
    })?;
    let signed_by = key.as_ref().map(crate::platform::signing::public_key);
    if args.json {
        let files: Vec<serde_json::Value> = bundle
            .files
            .iter()
            .map(|f| json!({"path": f.path, "sha256": f.sha256, "records": f.records}))
            .collect();
        super::output::print_json(&json!({
            "bundle": args.output.display().to_string(),
            "files": files,
            "journal_head": bundle.journal_head,
            "signed_by": signed_by,
        }));
        return Ok(());
    }
    let records: usize = bundle
        .files
        .iter()
        .filter(|f| f.path.starts_with("rfc4180/"))
        .map(|f| f.records)
        .sum();
    say!(
        "Wrote {}: {} files ({records} records per profile), manifest.json, SHA256SUMS, README.txt",
        args.output.display(),
        bundle.files.len()
    );
    say!("Journal head: {}", bundle.journal_head);
    match &signed_by {
        Some(key) => say!("Signed by {key}"),
        None => say!("Not signed (dpo keygen makes a signing key)"),
    }
    Ok(())
}

fn verify_folder(args: &VerifyArgs) -> Result<(), CliError> {
    let mut check = verify_bundle(&args.file)?;
    let checksums_intact = check.problems.is_empty();
    // The key as printed by keygen, or the `.pub` file it wrote.
    let expected = match &args.public_key {
        Some(given) if std::path::Path::new(given).is_file() => Some(
            std::fs::read_to_string(given)
                .map_err(|e| CliError::input(format!("--public-key {given}: {e}")))?
                .trim()
                .to_string(),
        ),
        other => other.clone(),
    };
    if let Some(key) = &expected {
        if key.len() != 64 || !key.chars().all(|c| c.is_ascii_hexdigit()) {
            return Err(CliError::input(
                "--public-key: give the 64 hexadecimal digits `dpo keygen` printed, or its .pub file",
            ));
        }
    }
    if let Some(expected) = &expected {
        match &check.signed_by {
            Some(key) if key.eq_ignore_ascii_case(expected.trim()) => {}
            Some(key) => check
                .problems
                .push(format!("signed by {key}, not by the key you gave")),
            None => check
                .problems
                .push("not signed, though you gave a public key to check".to_string()),
        }
    }
    let intact = check.problems.is_empty();
    if args.json {
        let doc = json!({
            "bundle": args.file.display().to_string(),
            "intact": intact,
            "files": check.files,
            // `files` counts here; `bundle --json` and the manifest list them:
            // the count under the name every output can share.
            "file_count": check.files,
            "journal_head": check.journal_head,
            "signed_by": check.signed_by,
            "problems": check.problems,
            "passed_over": check.passed_over,
        });
        super::output::print_json(&doc);
    } else {
        for p in &check.problems {
            say!("{}: {p}", args.file.display());
        }
        for name in &check.passed_over {
            say!(
                "{}: {name}: passed over, left by a program that opened the bundle (no checksum, not part of it)",
                args.file.display()
            );
        }
        say!(
            "{}: bundle {} — {} files checked, journal head {}, {}",
            args.file.display(),
            match (intact, checksums_intact) {
                (true, _) => "intact",
                (false, true) => "checksums intact, but NOT signed by the key you gave",
                (false, false) => "NOT intact",
            },
            check.files,
            check.journal_head,
            match &check.signed_by {
                Some(key) => format!("signed by {key}"),
                None => "not signed".to_string(),
            }
        );
    }
    if intact {
        Ok(())
    } else {
        Err(CliError {
            message: format!(
                "{} found",
                crate::platform::words::counted(check.problems.len(), "problem")
            ),
            code: 1,
        })
    }
}

pub(super) fn verify(args: VerifyArgs, clock: Clock) -> Result<(), CliError> {
    if args.file.is_dir() {
        return verify_folder(&args);
    }
    let named = args.file.display().to_string();
    if crate::store::server::is_server_address(&named) {
        if args.repair {
            return Err(CliError::input(
                "--repair mends a file; a server's register is mended by its owner (docs/team.md)",
            ));
        }
        let address =
            crate::store::server::ServerAddress::parse(&named).map_err(CliError::input)?;
        let report = crate::store::server::verify_on_server(&address, clock)?;
        return report_verification(&named, &report, args.json);
    }
    // A file damaged where its schema is cannot even be opened: that is
    // the verdict, not an error of the command.
    let mut register = match super::open_register(&args.file, clock) {
        Err(e) if e.is_damage() => {
            let said = format!("the file is damaged ({e})");
            return report_damage(&named, &[said], args.json);
        }
        opened => opened?,
    };
    if args.repair {
        for done in register.repair_schema()? {
            tell!("{}: {done}", args.file.display());
        }
    }
    let damage = register.damage()?;
    if !damage.is_empty() {
        return report_damage(&named, &damage, args.json);
    }
    let mut report = super::progress_bar::with_bar("verifying", |progress| {
        register.verify_journal_following(|done, total| {
            progress.set_total(total);
            progress.set_done(done);
        })
    })?;
    let schema: Vec<String> = register
        .schema_findings()?
        .iter()
        .map(ToString::to_string)
        .collect();
    report.problems.splice(0..0, schema);
    report_verification(&named, &report, args.json)
}

/// The verdict on a file whose pages are damaged: not compared with its
/// journal, which reading a damaged file cannot do soundly.
fn report_damage(named: &str, damage: &[String], json: bool) -> Result<(), CliError> {
    const ADVICE: &str = "restore the register from a backup, or export what can be read (dpo export --all) and import it into a new register";
    if json {
        super::output::print_json(&json!({
            "file": named,
            "intact": false,
            "damaged": true,
            "problems": damage,
            "advice": ADVICE,
        }));
    } else {
        for p in damage {
            say!("{named}: {p}");
        }
        say!("{named}: NOT intact — the file is damaged, its journal not compared: {ADVICE}");
    }
    Err(CliError {
        message: format!(
            "the file is damaged ({})",
            crate::platform::words::counted(damage.len(), "problem")
        ),
        code: 1,
    })
}

/// The verdict on `named` (a file or a server's register), as text or JSON;
/// exit 1 when it is not intact.
fn report_verification(
    named: &str,
    report: &crate::store::Verification,
    json: bool,
) -> Result<(), CliError> {
    if json {
        let doc = json!({
            "file": named,
            "intact": report.intact(),
            "entries": report.entries,
            "records": report.records,
            "head": report.head,
            // The name `bundle --json` and the manifest use.
            "journal_head": report.head,
            "problems": report.problems,
        });
        super::output::print_json(&doc);
    } else {
        for p in &report.problems {
            say!("{named}: {p}");
        }
        say!(
            "{named}: {} — {} journal entries, {} records, head {}",
            if report.intact() {
                "intact"
            } else {
                "NOT intact"
            },
            report.entries,
            report.records,
            if report.head.is_empty() {
                "(empty)"
            } else {
                &report.head
            }
        );
    }
    if report.intact() {
        Ok(())
    } else {
        Err(CliError {
            message: format!(
                "{} found",
                crate::platform::words::counted(report.problems.len(), "problem")
            ),
            code: 1,
        })
    }
}
