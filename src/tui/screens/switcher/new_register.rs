//! The switcher's new-register dialog (`n`): a register made in the folder
//! of the one open, or on its server, from an organisation's name, number,
//! jurisdiction and role, optionally copying a template register and drafting
//! from a privacy policy.

use std::path::{Path, PathBuf};

use crate::domain::validation::FieldErrors;
use crate::store::{Register, StoreError, StoreResult};
use crate::tui::action::Action;
use crate::tui::effect::Effect;
use crate::tui::state::{FormTarget, Registers, State};
use crate::tui::widgets::form::{Form, FormField};

/// The dialog that makes a new register in the folder of the one open:
/// the organisation's name, number, jurisdiction and role, the file's name,
/// and the register (of the list) to copy processors and activities from.
pub(super) fn ask_new_register(state: &mut State, list: &Registers) {
    let folder = list
        .current
        .parent()
        .map_or_else(|| PathBuf::from("."), Path::to_path_buf);
    let mut templates = vec![(String::new(), "(none: start empty)".to_string())];
    templates.extend(list.entries.iter().filter(|e| e.summary.is_ok()).map(|e| {
        let name = e
            .summary
            .as_ref()
            .map_or("", |s| s.organisation.name.as_str());
        (
            e.path.display().to_string(),
            format!("{} ({name})", e.file_name()),
        )
    }));
    let fields = vec![
        FormField::line(
            "name",
            "Organisation",
            true,
            "",
            "legal name, e.g. Havbris Sjømat AS",
        ),
        // Second: with a policy, the rest can come from it.
        FormField::line(
            "policy",
            "Privacy policy",
            false,
            "",
            "optional: a policy file to draft it from (text, HTML)",
        ),
        FormField::line(
            "org_number",
            "Org. number",
            false,
            "",
            "checked for NO, SE, DK, FI",
        ),
        FormField::line(
            "jurisdiction",
            "Jurisdiction",
            false,
            "",
            "NO, SE, DK, FI, IE, GB-ENG…",
        ),
        FormField::choice(
            "role",
            "Our role",
            crate::domain::organisation::OurRole::options(),
            "controller",
        ),
        FormField::line(
            "file",
            "File name",
            false,
            "",
            "empty: from the name, e.g. havbris-sjomat.dpo",
        ),
        FormField::choice("copy_from", "Copy from", templates, "").optional(),
    ];
    // The folder as the status bar shows the file (~ for home), found without I/O.
    let shown = Path::new(&state.file_label)
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .map_or_else(|| folder.display().to_string(), |p| p.display().to_string());
    let mut form = Form::new("New register", fields).submitting("create");
    form.warnings = vec![format!(
        "In {}. Copying brings processors, transfers and records of processing (as drafts), not requests, breaches, agreements or history.",
        shown
    )];
    state.pending_register = Some(folder);
    state.came_from = Some(list.current.clone());
    state.open_form(FormTarget::NewRegister, 0, form);
}

/// Company forms left out of a file name made from an organisation's name.
const LEGAL_FORMS: &[&str] = &[
    "as", "asa", "ab", "aps", "a/s", "oy", "oyj", "ehf", "hf", "ltd", "limited", "plc", "gmbh",
    "ag", "sa", "sarl", "sas", "bv", "nv", "inc", "llc", "da", "ans", "ks", "sf", "hb", "kb",
];

/// The file a new register gets: the name typed, or one made from the
/// organisation's name (letters and digits, dashes between words, without
/// the company form: "Havbris Sjømat AS" → havbris-sjomat.dpo).
fn file_for(typed: &str, organisation: &str) -> String {
    let stem = if typed.trim().is_empty() {
        let mut words: Vec<String> = organisation
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(|w| {
                w.to_lowercase()
                    .chars()
                    .map(|c| match c {
                        'æ' => 'a',
                        'ø' | 'ö' => 'o',
                        'å' | 'ä' => 'a',
                        other => other,
                    })
                    .collect()
            })
            .collect();
        if words.len() > 1
            && words
                .last()
                .is_some_and(|w| LEGAL_FORMS.contains(&w.as_str()))
        {
            words.pop();
        }
        words.join("-")
    } else {
        typed.trim().trim_end_matches(".dpo").to_string()
    };
    format!("{stem}.dpo")
}

/// The effect of the new-register dialog, or what is wrong with it.
pub fn new_register_effect(
    form: &Form,
    folder: Option<&PathBuf>,
    context: &crate::record::Context,
    recent_file: Option<PathBuf>,
) -> Result<Effect, FieldErrors> {
    use crate::record::organisation::OrganisationKind;
    let draft = crate::record::draft_of::<OrganisationKind>(
        &crate::domain::organisation::Organisation::default(),
        context,
    )
    .with("name", form.value("name"))
    .with("org_number", form.value("org_number"))
    .with("jurisdiction", form.value("jurisdiction"))
    .with("time_zone", "")
    .with("role", form.value("role"));
    let organisation = crate::record::validate::<OrganisationKind>(&draft, context)?;
    let file = file_for(&form.value("file"), &organisation.name);
    let mut errors = FieldErrors::default();
    if file == ".dpo" || file.contains(['/', '\\']) || file.starts_with('.') {
        errors.push(
            "file",
            "a file name (letters, digits, dashes), without folders",
        );
    }
    let path = folder.cloned().unwrap_or_default().join(&file);
    if path.exists() {
        errors.push(
            "file",
            format!("{file} exists already: choose another name"),
        );
    }
    let copy_from = Some(form.value("copy_from"))
        .filter(|p| !p.is_empty())
        .map(PathBuf::from);
    let policy = Some(form.value("policy").trim().to_string()).filter(|p| !p.is_empty());
    // A policy that is not there is said before the register is made.
    if let Some(typed) = &policy {
        let file = crate::tui::screens::policy_draft::resolve(&path, typed);
        if !file.is_file() {
            errors.push(
                "policy",
                format!(
                    "no file {}: a policy saved as text, Markdown or HTML",
                    file.display()
                ),
            );
        }
    }
    errors.into_result(Effect::CreateRegister {
        path,
        organisation: Box::new(organisation),
        copy_from,
        recent_file,
        policy,
    })
}

/// Makes the register `path`, copying from `copy_from` if given, and opens it.
pub fn create_register(
    register: &mut Register,
    path: &Path,
    organisation: &crate::domain::organisation::Organisation,
    copy_from: Option<PathBuf>,
    recent_file: Option<PathBuf>,
    policy: Option<String>,
) -> StoreResult<Action> {
    let clock = register.clock();
    // Read through a connection of its own, the one open among them too.
    let template = match copy_from {
        Some(from) => Some(Register::open(&from, clock)?),
        None => None,
    };
    let created = Register::create(path, organisation, clock, |new| {
        if let Some(template) = &template {
            new.copy_template_from(template)?;
        }
        Ok::<(), StoreError>(())
    })?;
    created.set_via(&register.via());
    *register = created;
    if let Some(file) = recent_file {
        let _ = crate::platform::recent::remember(&file, path);
    }
    Ok(Action::RegisterOpened {
        label: crate::platform::recent::display(path),
        draft_from: policy,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_new_registers_file_is_named_from_the_organisation_without_its_company_form() {
        assert_eq!(file_for("", "Havbris Sjømat AS"), "havbris-sjomat.dpo");
        assert_eq!(
            file_for("", "Lindqvist Tandvård AB"),
            "lindqvist-tandvard.dpo"
        );
        assert_eq!(
            file_for("", "AS"),
            "as.dpo",
            "a name that is only a form keeps it"
        );
        assert_eq!(file_for(" kunde-7 ", "Whatever AS"), "kunde-7.dpo");
        assert_eq!(file_for("kunde-7.dpo", "Whatever AS"), "kunde-7.dpo");
    }
}
