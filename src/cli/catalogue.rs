//! `dpo catalogue`: the processor catalogue the workbench offers when a
//! processor is added, with each fact's source and the day it was checked.

use clap::Args;

use super::CliError;
use crate::domain::catalogue::{shipped, Service};

#[derive(Debug, Args)]
pub struct CatalogueArgs {
    /// Show only the services whose name matches (letters in order, as the workbench finds them), in full
    pub name: Option<String>,
    /// Print JSON for scripts: the catalogue as shipped, every fact with its source and day checked
    #[arg(long)]
    pub json: bool,
    /// List the templates of records of processing instead (offered as a new activity's name is typed)
    #[arg(long)]
    pub activities: bool,
}

pub(super) fn run(args: CatalogueArgs) -> Result<(), CliError> {
    if args.activities {
        return templates(&args);
    }
    let catalogue = shipped();
    let services: Vec<&Service> = match &args.name {
        Some(name) => catalogue.matching(name),
        None => catalogue.services.iter().collect(),
    };
    if args.json {
        #[derive(serde::Serialize)]
        struct Listed<'a> {
            about: &'a str,
            services: Vec<&'a Service>,
        }
        let about = &catalogue.about;
        super::output::print_json_of(&Listed { about, services });
        return Ok(());
    }
    if services.is_empty() {
        let name = args.name.unwrap_or_default();
        return Err(CliError::input(format!(
            "no service in the catalogue matches '{name}': `dpo catalogue` lists them all"
        )));
    }
    say!("{}", catalogue.about);
    say!("The facts are as of the day each was checked: check them at their source before relying on them.");
    say!();
    if args.name.is_some() {
        for service in services {
            in_full(service);
        }
    } else {
        one_line_each(&services);
    }
    Ok(())
}

fn one_line_each(services: &[&Service]) {
    let width = |f: fn(&Service) -> &str| services.iter().map(|s| f(s).chars().count()).max();
    let name_width = width(|s| &s.name).unwrap_or(0).max(7);
    let entity_width = width(|s| &s.entity.value).unwrap_or(0).max(6);
    say!(
        "{:name_width$}  {:entity_width$}  {:4}  {:26}  CHECKED",
        "SERVICE",
        "ENTITY",
        "CTRY",
        "TRANSFERS"
    );
    for s in services {
        say!(
            "{:name_width$}  {:entity_width$}  {:4}  {:26}  {}",
            s.name,
            s.entity.value,
            s.country.value,
            transfers(s),
            s.as_of()
        );
    }
    say!();
    say!(
        "{} services. `dpo catalogue NAME` shows one with its sources.",
        services.len()
    );
}

fn transfers(s: &Service) -> String {
    match s.transfer_to.value.as_slice() {
        [] => "none (EU/EEA)".to_string(),
        to => format!("{} ({})", to.join(", "), s.transfer_tool.value),
    }
}

fn in_full(s: &Service) {
    say!("{} — {}", s.name, s.service);
    if !s.also.is_empty() {
        say!("  Also known as   {}", s.also.join(", "));
    }
    fact("Entity", &s.entity, &s.entity.value);
    fact("Country", &s.country, &s.country.value);
    fact("Agreement", &s.dpa_url, &s.dpa_url.value);
    fact(
        "Sub-processors",
        &s.subprocessors_url,
        &s.subprocessors_url.value,
    );
    fact("US parent", &s.us_parent_dpf, s.us_parent_dpf.value.label());
    fact("Transfer tool", &s.transfer_tool, &s.transfer_tool.value);
    fact("Transfers to", &s.transfer_to, &transfers(s));
    say!();
}

/// One fact of a service as `shown`, with its source and the day it was checked.
fn fact<T>(what: &str, fact: &crate::domain::catalogue::Fact<T>, shown: &str) {
    let checked = fact
        .checked
        .map_or("not yet checked".into(), |d| format!("checked {d}"));
    say!("  {what:<15} {shown}");
    say!("  {:<15} {}, {checked}", "", fact.source);
}

/// `--activities`: the templates, each in the form's own line grammar.
fn templates(args: &CatalogueArgs) -> Result<(), CliError> {
    let all = crate::domain::activity_templates::shipped();
    let shown: Vec<&crate::domain::activity_templates::Template> = match &args.name {
        Some(name) => all.matching(name),
        None => all.activities.iter().collect(),
    };
    if args.json {
        #[derive(serde::Serialize)]
        struct Listed<'a> {
            about: &'a str,
            activities: Vec<&'a crate::domain::activity_templates::Template>,
        }
        super::output::print_json_of(&Listed {
            about: &all.about,
            activities: shown,
        });
        return Ok(());
    }
    if shown.is_empty() {
        let name = args.name.clone().unwrap_or_default();
        return Err(CliError::input(format!(
            "no activity template matches '{name}': `dpo catalogue --activities` lists them all"
        )));
    }
    say!("{}", all.about);
    say!();
    for t in shown {
        say!("{}", t.name);
        say!("  Purposes        {}", t.purposes);
        say!("  Data subjects   {}", t.subject_categories);
        for (i, line) in t.data_categories.iter().enumerate() {
            say!(
                "  {:<15} {line}",
                if i == 0 { "Data categories" } else { "" }
            );
        }
        for (i, line) in t.bases.iter().enumerate() {
            say!("  {:<15} {line}", if i == 0 { "Lawful bases" } else { "" });
        }
        say!();
    }
    Ok(())
}
