use std::path::PathBuf;

use clap::Args;

use super::{flag_errors, CliError};
use crate::domain::organisation::Organisation;
use crate::exchange::demo::{demo_organisation_of, load_demo_set, DemoSet};
use crate::exchange::ExchangeError;
use crate::platform::clock::Clock;
use crate::record::organisation::OrganisationKind;
use crate::record::{draft_of, validate, Context};
use crate::store::Register;

#[derive(Debug, Args)]
pub struct InitArgs {
    /// Path of the new register file (missing folders are created)
    pub file: PathBuf,
    /// Print what was made as JSON for scripts
    #[arg(long)]
    pub json: bool,
    /// Fill it with a demo client: fjordvakt (the default), lindqvist or nordlys
    #[arg(long, value_name = "NAME", num_args = 0..=1, default_missing_value = "fjordvakt")]
    pub demo: Option<String>,
    /// Fill it with the demo company and N synthetic data-subject requests
    /// (deterministic; for benchmarks and trying the workbench at scale)
    #[arg(long, value_name = "N", conflicts_with = "demo")]
    pub synthetic: Option<usize>,
    /// Seed of the synthetic register (the same seed, the same register)
    #[arg(long, value_name = "S", default_value_t = 1, requires = "synthetic")]
    pub seed: u64,
    /// Encrypt the register (SQLCipher) with a passphrase from DPO_PASSPHRASE,
    /// --passphrase-file, or asked twice on the terminal
    #[arg(long)]
    pub encrypt: bool,
    /// Organisation name (default: the file name, or the demo company)
    #[arg(long)]
    pub name: Option<String>,
    /// ISO 3166-1 alpha-2 code, or GB-ENG / GB-SCT / GB-NIR
    #[arg(long, value_name = "CC")]
    pub jurisdiction: Option<String>,
    /// IANA time zone (default: the jurisdiction's)
    #[arg(long = "time-zone", visible_alias = "tz", value_name = "ZONE")]
    pub time_zone: Option<String>,
    /// Organisation number
    #[arg(long)]
    pub org_number: Option<String>,
    /// controller, processor or both
    #[arg(long)]
    pub role: Option<String>,
    /// Start from another register's processors (with their transfers) and
    /// records of processing, as drafts: no requests, breaches, agreements or history
    #[arg(long, value_name = "REGISTER", conflicts_with_all = ["demo", "synthetic"])]
    pub copy_from: Option<PathBuf>,
}

pub(super) fn run(args: InitArgs, clock: Clock) -> Result<(), CliError> {
    // An unknown demo name is refused before anything is created.
    let demo = match (&args.demo, args.synthetic) {
        (_, Some(_)) => Some(DemoSet::named("fjordvakt")?),
        (Some(name), None) => Some(DemoSet::named(name)?),
        (None, None) => None,
    };
    let context = Context::new(clock.now(), chrono_tz::UTC);
    let base = match demo {
        Some(set) => {
            draft_of::<OrganisationKind>(&demo_organisation_of(set, clock.now())?, &context)
        }
        None => {
            let stem = args.file.file_stem().map(|s| s.to_string_lossy());
            draft_of::<OrganisationKind>(&Organisation::default(), &context)
                .with("name", stem.unwrap_or_default())
        }
    };
    let jurisdiction_given = args.jurisdiction.is_some();
    let mut draft = base;
    let given = [
        ("name", args.name),
        ("org_number", args.org_number),
        ("jurisdiction", args.jurisdiction),
        ("time_zone", args.time_zone),
        ("role", args.role),
    ];
    for (key, value) in given {
        if let Some(value) = value {
            draft.set(key, value);
        } else if key == "time_zone" && jurisdiction_given {
            // A new jurisdiction brings its own zone unless one is named.
            draft.set(key, "");
        }
    }
    let organisation =
        validate::<OrganisationKind>(&draft, &context).map_err(|e| flag_errors(&e))?;

    let key = if args.encrypt {
        Some(new_passphrase_for(&args.file)?)
    } else {
        None
    };
    // The template is opened (and its passphrase asked) before anything is made.
    let template = match &args.copy_from {
        Some(path) => Some(super::open_register(path, clock).map_err(CliError::from)?),
        None => None,
    };
    let mut copied = None;
    let register = Register::create_with_key(
        &args.file,
        &organisation,
        key.as_deref(),
        clock,
        |register| {
            if let Some(set) = demo {
                load_demo_set(register, set, clock.now())?;
            }
            if let Some(n) = args.synthetic {
                super::progress_bar::with_bar("making requests", |progress| {
                    crate::exchange::synthetic::fill_counting(
                        register,
                        n,
                        args.seed,
                        clock.now(),
                        progress,
                    )
                })?;
            }
            if let Some(template) = &template {
                copied = Some(register.copy_template_from(template)?);
            }
            Ok::<(), ExchangeError>(())
        },
    )?;
    report(
        (&args.file, args.json, args.copy_from.as_deref()),
        &register,
        &organisation,
        copied,
    )
}

/// What `init` made, said in words or (`--json`) as JSON.
fn report(
    (file, json, copy_from): (&std::path::Path, bool, Option<&std::path::Path>),
    register: &Register,
    organisation: &crate::domain::organisation::Organisation,
    copied: Option<crate::store::Copied>,
) -> Result<(), CliError> {
    let processors = register.count_processors("").map_err(CliError::from)?;
    let jurisdiction = organisation
        .jurisdiction
        .map_or("jurisdiction not set", |j| j.code());
    // Everything the register holds now, not only its processors.
    let requests = register.count_requests("").map_err(CliError::from)?;
    let mut held = vec![crate::platform::words::counted(processors, "processor")];
    if requests > 0 {
        held.push(crate::platform::words::counted(requests, "request"));
    }
    if json {
        let copied = copied.as_ref().map(|c| {
            serde_json::json!({
                "processors": c.processors,
                "transfers": c.transfers,
                "activities": c.activities,
            })
        });
        super::output::print_json(&serde_json::json!({
            "file": file.display().to_string(),
            "organisation": organisation.to_json(),
            "processors": processors,
            "requests": requests,
            "copied": copied,
        }));
        return Ok(());
    }
    say!(
        "Created {}: register of {} ({}, {}), {}.",
        file.display(),
        organisation.name,
        jurisdiction,
        organisation.time_zone,
        held.join(" and ")
    );
    if let (Some(c), Some(from)) = (copied, copy_from) {
        say!(
            "Copied from {}: {}, {} and {} (as drafts, to review for this client).",
            from.display(),
            crate::platform::words::counted(c.processors, "processor"),
            crate::platform::words::counted(c.transfers, "transfer"),
            crate::platform::words::counted_as(
                c.activities,
                "record of processing",
                "records of processing"
            )
        );
    }
    Ok(())
}

/// The passphrase of a new encrypted register at `file`: from DPO_PASSPHRASE
/// or --passphrase-file (checked as a new one must be), else asked twice.
pub(super) fn new_passphrase_for(file: &std::path::Path) -> Result<String, CliError> {
    match crate::platform::passphrase::without_asking(file).map_err(CliError::input)? {
        Some(key) => {
            crate::platform::passphrase::check_new(&key).map_err(CliError::input)?;
            Ok(key)
        }
        None => crate::platform::passphrase::new_passphrase().map_err(CliError::input),
    }
}
