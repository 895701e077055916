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
    let checked = |day: Option<chrono::NaiveDate>| {
        day.map_or("not yet checked".into(), |d| format!("checked {d}"))
    };
    say!("{} — {}", s.name, s.service);
    if !s.also.is_empty() {
        say!("  Also known as   {}", s.also.join(", "));
    }
    let facts: [(&str, String, &str, Option<chrono::NaiveDate>); 7] = [
        (
            "Entity",
            s.entity.value.clone(),
            &s.entity.source,
            s.entity.checked,
        ),
        (
            "Country",
            s.country.value.clone(),
            &s.country.source,
            s.country.checked,
        ),
        (
            "Agreement",
            s.dpa_url.value.clone(),
            &s.dpa_url.source,
            s.dpa_url.checked,
        ),
        (
            "Sub-processors",
            s.subprocessors_url.value.clone(),
            &s.subprocessors_url.source,
            s.subprocessors_url.checked,
        ),
        (
            "US parent",
            s.us_parent_dpf.value.label().to_string(),
            &s.us_parent_dpf.source,
            s.us_parent_dpf.checked,
        ),
        (
            "Transfer tool",
            s.transfer_tool.value.clone(),
            &s.transfer_tool.source,
            s.transfer_tool.checked,
        ),
        (
            "Transfers to",
            transfers(s),
            &s.transfer_to.source,
            s.transfer_to.checked,
        ),
    ];
    for (what, value, source, day) in facts {
        say!("  {what:<15} {value}");
        say!("  {:<15} {source}, {}", "", checked(day));
    }
    say!();
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
