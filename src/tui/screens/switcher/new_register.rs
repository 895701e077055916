//! The switcher's new-register dialog (`n`): a register made in the folder
//! of the one open, or on its server, from an organisation's name, number,
//! jurisdiction and role, optionally copying a template register and drafting
//! from a privacy policy.

use std::path::{Path, PathBuf};

use crate::domain::validation::FieldErrors;
use crate::store::server::ServerAddress;
use crate::store::{Register, StoreError, StoreResult};
use crate::tui::action::Action;
use crate::tui::effect::Effect;
use crate::tui::state::{FormTarget, NewPlace, PendingRegister, Registers, State};
use crate::tui::widgets::form::{Form, FormField};

/// Where a new register goes, beside the register `current` (a file, or a
/// server's address): in its folder, or on the same server.
fn place_beside(current: &Path) -> NewPlace {
    match ServerAddress::parse(&current.to_string_lossy()) {
        Ok(address) => NewPlace::Server(Box::new(address)),
        Err(_) => NewPlace::Folder(
            current
                .parent()
                .map_or_else(|| PathBuf::from("."), Path::to_path_buf),
        ),
    }
}

/// The dialog that makes a new register in the folder of the one open (or
/// on its server): the organisation's name, number, jurisdiction and role,
/// the file's (or register's) name, and the register (of the list) to copy
/// processors and activities from.
pub(super) fn ask_new_register(state: &mut State, list: &Registers) {
    let place = place_beside(&list.current);
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
        match place {
            NewPlace::Folder(_) => FormField::line(
                "file",
                "File name",
                false,
                "",
                "empty: from the name, e.g. havbris-sjomat.dpo",
            ),
            NewPlace::Server(_) => FormField::line(
                "file",
                "Register name",
                false,
                "",
                "empty: from the name, e.g. havbris_sjomat (a–z, 0–9, _)",
            ),
        },
        FormField::choice("copy_from", "Copy from", templates, "").optional(),
    ];
    let shown = match &place {
        // The folder as the status bar shows the file (~ for home), found without I/O.
        NewPlace::Folder(folder) => Path::new(&state.file_label)
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .map_or_else(
                || format!("In {}", folder.display()),
                |p| format!("In {}", p.display()),
            ),
        NewPlace::Server(address) => format!("On the server: {}", address.place()),
    };
    let mut form = Form::new("New register", fields).submitting("create");
    form.warnings = vec![format!(
        "{}. Copying brings processors, transfers and records of processing (as drafts), not requests, breaches, agreements or history.",
        shown
    )];
    let listed = list
        .entries
        .iter()
        .filter_map(|e| {
            let summary = e.summary.as_ref().ok()?;
            Some((e.file_name(), summary.organisation.name.clone()))
        })
        .collect();
    state.pending_register = Some(PendingRegister::New(place, listed));
    state.came_from = Some(list.current.clone());
    state.open_form(FormTarget::NewRegister, 0, form);
}

/// Company forms left out of a file name made from an organisation's name.
const LEGAL_FORMS: &[&str] = &[
    "as", "asa", "ab", "aps", "a/s", "oy", "oyj", "ehf", "hf", "ltd", "limited", "plc", "gmbh",
    "ag", "sa", "sarl", "sas", "bv", "nv", "inc", "llc", "da", "ans", "ks", "sf", "hb", "kb",
];

/// The words of an organisation's name that name its register: in small
/// letters, æ and ø as a and o, accents left off (å, ä, é as a, a, e),
/// without the company form ("Havbris Sjømat AS" → havbris, sjomat). An
/// accent typed as a letter and a combining mark gives the same words.
fn name_words(organisation: &str) -> Vec<String> {
    use unicode_normalization::{char::is_combining_mark, UnicodeNormalization};
    let plain: String = organisation
        .nfd()
        .filter(|&c| !is_combining_mark(c))
        .collect();
    let mut words: Vec<String> = plain
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| {
            w.to_lowercase()
                .chars()
                .map(|c| match c {
                    'æ' => 'a',
                    'ø' => 'o',
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
    words
}

/// The file a new register gets: the name typed, or one made from the
/// organisation's name, dashes between its words (havbris-sjomat.dpo).
fn file_for(typed: &str, organisation: &str) -> String {
    let stem = if typed.trim().is_empty() {
        name_words(organisation).join("-")
    } else {
        // One spelling of an accent, so one name is one file.
        crate::domain::text::composed(typed.trim().trim_end_matches(".dpo"))
    };
    format!("{stem}.dpo")
}

/// The name a new register gets on a server: the name typed, or one made
/// from the organisation's name as a schema may be named (havbris_sjomat:
/// a–z, 0–9 and _, a letter first, at most 50 (a reserved word gets `_reg`); accents left off: café → cafe).
fn register_name_for(typed: &str, organisation: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    if !typed.trim().is_empty() {
        return typed.trim().to_lowercase();
    }
    let words: Vec<String> = name_words(organisation)
        .iter()
        .map(|w| {
            w.nfd()
                .filter(char::is_ascii_alphanumeric)
                .collect::<String>()
        })
        .filter(|w| !w.is_empty())
        .collect();
    let mut name = words.join("_");
    if name.is_empty() {
        return "register".to_string(); // a name in another script: the user names it
    }
    if !name.starts_with(|c: char| c.is_ascii_lowercase()) {
        name.insert_str(0, "r_");
    }
    if name.starts_with("pg_") {
        name.insert_str(0, "r_");
    }
    name.truncate(50);
    let name = name.trim_end_matches('_');
    // A word PostgreSQL reserves ("select", "user") gets a tail.
    match crate::store::server::valid_register_name(name) {
        Ok(()) => name.to_string(),
        Err(_) => format!("{name}_reg"),
    }
}

/// The effect of the new-register dialog, or what is wrong with it.
pub fn new_register_effect(
    form: &Form,
    place: Option<&PendingRegister>,
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
    let mut errors = FieldErrors::default();
    if let Some(PendingRegister::New(_, listed)) = place {
        // A name typed for the file says a second register is meant.
        if form.value("file").trim().is_empty() {
            if let Some(file) = holding(listed, &organisation.name) {
                errors.push(
                    "name",
                    format!("{file} is this organisation's register already: open it from the list, or type a file name to make a second one"),
                );
            }
        }
    }
    let (path, folder) = match place {
        Some(PendingRegister::New(NewPlace::Folder(folder), _)) => {
            let file = file_for(&form.value("file"), &organisation.name);
            check_file_name(&file, folder, &mut errors);
            (folder.join(&file), folder.clone())
        }
        // Whether the server has one of that name already is asked when it is made.
        Some(PendingRegister::New(NewPlace::Server(address), _)) => {
            let name = register_name_for(&form.value("file"), &organisation.name);
            let path = address.with_register(&name).map_or_else(
                |_| {
                    errors.push(
                        "file",
                        format!("{name}: a register's name on a server is small letters a–z, digits and _, a letter first, at most 55, and not a word PostgreSQL keeps (select, user, pg_…)"),
                    );
                    PathBuf::new()
                },
                |new| PathBuf::from(new.to_string()),
            );
            // A server register's folder is the working folder.
            (path, PathBuf::from("."))
        }
        Some(PendingRegister::Encrypted(_)) | None => {
            errors.push("name", "no new register is waiting to be made here");
            return Err(errors);
        }
    };
    let copy_from = Some(form.value("copy_from"))
        .filter(|p| !p.is_empty())
        .map(PathBuf::from);
    let policy = Some(form.value("policy").trim().to_string()).filter(|p| !p.is_empty());
    // A policy that is not there is said before the register is made.
    if let Some(typed) = &policy {
        let file = crate::tui::screens::policy_draft::resolve(&folder.join("new.dpo"), typed);
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

/// The file of the register listed for the organisation `name`, however its
/// accents were typed and its letters cased.
fn holding<'a>(listed: &'a [(String, String)], name: &str) -> Option<&'a str> {
    let same =
        |a: &str| crate::domain::text::search_form(a) == crate::domain::text::search_form(name);
    listed
        .iter()
        .find(|(_, organisation)| same(organisation))
        .map(|(file, _)| file.as_str())
}

/// Refuses a file name with a folder in it or of a file there already.
fn check_file_name(file: &str, folder: &Path, errors: &mut FieldErrors) {
    if file == ".dpo" || file.contains(['/', '\\']) || file.starts_with('.') {
        errors.push(
            "file",
            "a file name (letters, digits, dashes), without folders",
        );
    }
    if folder.join(file).exists() {
        errors.push(
            "file",
            format!("{file} exists already: choose another name"),
        );
    }
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
    let fill = |new: &mut Register| -> StoreResult<()> {
        if let Some(template) = &template {
            new.copy_template_from(template)?;
        }
        Ok(())
    };
    let via = register.via();
    let (created, said) = match crate::store::server::address_in(path)? {
        Some(address) => {
            let (created, moved) =
                Register::create_on_server(&address, organisation, &via, clock, fill)
                    .map_err(at_the_name)?;
            (created, Some(made_on_server(&address, &moved)))
        }
        None => (
            Register::create_via(path, organisation, &via, clock, fill)?,
            None,
        ),
    };
    created.set_via(&via);
    *register = created;
    if let Some(file) = recent_file {
        let _ = crate::platform::recent::remember(&file, path);
    }
    Ok(Action::RegisterOpened {
        label: crate::services::portfolio::label(path),
        draft_from: policy,
        said,
    })
}

/// A name the server has already, refused at the dialog's field for it.
fn at_the_name(error: StoreError) -> StoreError {
    match error {
        StoreError::OnServerAlready { register, what, .. } => StoreError::field(
            "file",
            format!("{what} {register} is on this server already: choose another name"),
        ),
        other => other,
    }
}

/// What a register made on a server needs next: its role given to the
/// team's DPOs, or the server set up by the database's owner.
fn made_on_server(address: &ServerAddress, moved: &crate::store::server::Moved) -> String {
    let made = format!("Made {} on {}", address.register, address.place());
    match (&moved.granted_to, moved.team_has_it) {
        (Some(role), true) => format!("{made}: dpo_team's DPOs have it; anyone else by GRANT {role}"),
        (Some(role), false) => format!("{made}: give it to each DPO by GRANT {role} TO them"),
        (None, _) => format!(
            "{made}: no role was given it (this role may not make roles); the database's owner runs dpo server-setup"
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_new_registers_file_is_named_from_the_organisation_without_its_company_form() {
        assert_eq!(file_for("", "Havbris Sjømat AS"), "havbris-sjomat.dpo");
        // é typed as one letter, or as e and a combining accent: one name.
        assert_eq!(file_for("", "Café Ørsted ApS"), "cafe-orsted.dpo");
        assert_eq!(file_for("", "Cafe\u{301} Ørsted ApS"), "cafe-orsted.dpo");
        assert_eq!(file_for("Cafe\u{301}", "x"), "Café.dpo");
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

    #[test]
    fn a_new_register_on_a_server_is_named_as_a_schema_may_be() {
        assert_eq!(register_name_for("", "Havbris Sjømat AS"), "havbris_sjomat");
        assert_eq!(register_name_for("", "Café Ærø Oy"), "cafe_aro");
        assert_eq!(register_name_for("", "3M Norge AS"), "r_3m_norge");
        assert_eq!(register_name_for("", "Ωmega AS"), "mega");
        assert_eq!(
            register_name_for("", "Ωμέγα"),
            "register",
            "nothing of it is a–z"
        );
        let long = register_name_for("", &"Lang ".repeat(20));
        assert_eq!(long.len(), 49, "at most 50, no _ at the end: {long}");
        assert_eq!(register_name_for(" Kunde_7 ", "Whatever AS"), "kunde_7");
        assert_eq!(register_name_for("", "Select AS"), "select_reg");
        assert_eq!(register_name_for("", "PG Consult AS"), "r_pg_consult");
        assert_eq!(register_name_for("", "User"), "user_reg");
    }

    fn dialog(values: &[(&str, &str)]) -> Form {
        let mut form = Form::new(
            "New register",
            [
                "name",
                "policy",
                "org_number",
                "jurisdiction",
                "file",
                "copy_from",
            ]
            .iter()
            .map(|key| FormField::line(key, key, false, "", ""))
            .chain([FormField::choice(
                "role",
                "Our role",
                crate::domain::organisation::OurRole::options(),
                "controller",
            )])
            .collect(),
        );
        for (key, value) in values {
            form.set_value(key, value);
        }
        form
    }

    fn on_server() -> PendingRegister {
        let address = "postgres://dpo@db.example/team?register=acme_as";
        PendingRegister::New(
            NewPlace::Server(Box::new(ServerAddress::parse(address).unwrap())),
            Vec::new(),
        )
    }

    #[test]
    fn on_a_server_the_dialog_makes_the_register_there_named_from_the_organisation() {
        let kept = on_server();
        let form = dialog(&[("name", "Havbris Sjømat AS"), ("jurisdiction", "NO")]);
        let effect =
            new_register_effect(&form, Some(&kept), &crate::record::test_context(), None).unwrap();
        let Effect::CreateRegister {
            path, organisation, ..
        } = effect
        else {
            panic!("not a new register: {effect:?}");
        };
        assert_eq!(
            path,
            PathBuf::from("postgres://dpo@db.example/team?register=havbris_sjomat")
        );
        assert_eq!(organisation.name, "Havbris Sjømat AS");
    }

    #[test]
    fn on_a_server_a_name_no_schema_may_have_is_refused_at_its_field() {
        let kept = on_server();
        let context = crate::record::test_context();
        for typed in ["Havbris-Sjømat", "select", "pg_x", "9kunde"] {
            let form = dialog(&[("name", "Havbris Sjømat AS"), ("file", typed)]);
            let errors = new_register_effect(&form, Some(&kept), &context, None).unwrap_err();
            assert!(errors.get("file").is_some(), "{typed}: {errors:?}");
        }
    }

    #[test]
    fn without_a_place_for_it_no_register_is_made() {
        let form = dialog(&[("name", "Havbris Sjømat AS")]);
        let context = crate::record::test_context();
        let encrypted = PendingRegister::Encrypted(PathBuf::from("kunde.dpo"));
        for place in [None, Some(&encrypted)] {
            let errors = new_register_effect(&form, place, &context, None).unwrap_err();
            errors.assert_says("name", "no new register is waiting");
        }
    }

    #[test]
    fn an_organisation_with_a_register_listed_is_pointed_to_it_unless_a_file_is_named() {
        let folder = std::env::temp_dir().join(format!("dpo-same-{}", std::process::id()));
        let listed = vec![("cafe-orsted.dpo".to_string(), "Café Ørsted ApS".to_string())];
        let place = PendingRegister::New(NewPlace::Folder(folder.clone()), listed);
        let context = crate::record::test_context();
        for typed in ["Café Ørsted ApS", "CAFE\u{301} ØRSTED APS"] {
            let form = dialog(&[("name", typed)]);
            new_register_effect(&form, Some(&place), &context, None)
                .unwrap_err()
                .assert_says(
                    "name",
                    "cafe-orsted.dpo is this organisation's register already",
                );
        }
        let form = dialog(&[("name", "Café Ørsted ApS"), ("file", "cafe-orsted-test")]);
        let Ok(Effect::CreateRegister { path, .. }) =
            new_register_effect(&form, Some(&place), &context, None)
        else {
            panic!("a file named makes a second register");
        };
        assert_eq!(path, folder.join("cafe-orsted-test.dpo"));
    }

    #[test]
    fn in_a_folder_the_dialog_makes_a_file_there() {
        let folder = std::env::temp_dir().join(format!("dpo-new-{}", std::process::id()));
        let form = dialog(&[("name", "Havbris Sjømat AS")]);
        let place = PendingRegister::New(NewPlace::Folder(folder.clone()), Vec::new());
        let effect =
            new_register_effect(&form, Some(&place), &crate::record::test_context(), None).unwrap();
        let Effect::CreateRegister { path, .. } = effect else {
            panic!("not a new register: {effect:?}");
        };
        assert_eq!(path, folder.join("havbris-sjomat.dpo"));
    }
}
