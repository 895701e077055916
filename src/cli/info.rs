use std::path::PathBuf;

use clap::Args;
use serde_json::json;

use super::CliError;
use crate::exchange::tables::Table;
use crate::platform::clock::Clock;

#[derive(Debug, Args)]
pub struct InfoArgs {
    /// Register file
    pub file: PathBuf,
    /// Print JSON for scripts
    #[arg(long)]
    pub json: bool,
}

pub(super) fn run(args: InfoArgs, clock: Clock) -> Result<(), CliError> {
    let register = super::open_register(&args.file, clock)?;
    let org = register.naming_binary_values(register.organisation())?;
    let schema_version = register.schema_version()?;
    let mut counts = Vec::new();
    for &table in Table::ALL {
        let count = table
            .count(&register)
            .map_err(|e| e.naming_binary_values(&register))?;
        counts.push((table.name(), count));
    }

    if args.json {
        let tables: serde_json::Map<String, serde_json::Value> = counts
            .iter()
            .map(|(name, n)| (name.to_string(), json!(n)))
            .collect();
        let doc = json!({
            "file": args.file.display().to_string(),
            "schema_version": schema_version,
            "organisation": org.to_json(),
            "tables": tables,
        });
        super::output::print_json(&doc);
        return Ok(());
    }

    let joined = |parts: &[&str]| {
        let given: Vec<&str> = parts.iter().copied().filter(|s| !s.is_empty()).collect();
        given.join(", ")
    };
    let dpo = joined(&[&org.dpo_name, &org.dpo_email, &org.dpo_phone]);
    let contact = joined(&[
        &org.address,
        &org.contact_email,
        &org.contact_phone,
        &org.website,
    ]);
    let representative = joined(&[&org.representative_name, &org.representative_contact]);
    let lines = [
        (
            "File",
            crate::domain::text::visible_on_one_line(&args.file.display().to_string()).into_owned(),
        ),
        ("Organisation", org.name.clone()),
        ("Org. number", org.org_number.clone()),
        ("Jurisdiction", org.jurisdiction_described()),
        ("Time zone", org.time_zone.name().to_string()),
        ("Role", org.role.label().to_string()),
        ("Contact", contact),
        ("DPO", dpo),
        ("Representative", representative),
        ("Schema version", schema_version.to_string()),
    ];
    for (label, value) in lines {
        say!("{label:<16}{value}");
    }
    say!();
    say!("{:<26}{:>8}", "Table", "Rows");
    for (name, n) in counts {
        say!("{name:<26}{n:>8}");
    }
    Ok(())
}
