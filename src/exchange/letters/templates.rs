//! The letters' templates: the ones shipped in `assets/letters/`, each
//! replaced by a file of the same name in the override folder
//! (`<config dir>/dpo-workbench/letters/`) where the DPO keeps their own.

use std::path::{Path, PathBuf};

use minijinja::{Environment, UndefinedBehavior};

use crate::domain::letter::{gap_mark, Lang};

/// Every shipped template by its name (`<lang>/<kind>.md`, and the parts the
/// letters include, `<lang>/_*.md`).
macro_rules! shipped {
    ($($name:literal),+ $(,)?) => {
        pub const SHIPPED: &[(&str, &str)] = &[
            $(($name, include_str!(concat!("../../../assets/letters/", $name)))),+
        ];
    };
}

shipped!(
    "en/_breach_facts.md",
    "en/_sender.md",
    "en/_signature.md",
    "en/acknowledgement.md",
    "en/identity.md",
    "en/extension.md",
    "en/refusal.md",
    "en/answer.md",
    "en/authority.md",
    "en/subjects.md",
    "en/controller.md",
    "nb/_breach_facts.md",
    "nb/_sender.md",
    "nb/_signature.md",
    "nb/acknowledgement.md",
    "nb/identity.md",
    "nb/extension.md",
    "nb/refusal.md",
    "nb/answer.md",
    "nb/authority.md",
    "nb/subjects.md",
    "nb/controller.md",
    "sv/_breach_facts.md",
    "sv/_sender.md",
    "sv/_signature.md",
    "sv/acknowledgement.md",
    "sv/identity.md",
    "sv/extension.md",
    "sv/refusal.md",
    "sv/answer.md",
    "sv/authority.md",
    "sv/subjects.md",
    "sv/controller.md",
);

/// A template larger than this is not a letter (and not read whole).
const MAX_TEMPLATE_BYTES: u64 = 256 * 1024;

/// The folder whose files replace the shipped templates of the same name.
pub fn override_folder() -> Option<PathBuf> {
    directories::BaseDirs::new().map(|d| d.config_dir().join("dpo-workbench").join("letters"))
}

/// A template from the override folder, when it holds one by that name.
fn own_template(folder: &Path, name: &str) -> Result<Option<String>, String> {
    let path = folder.join(name);
    let Ok(meta) = std::fs::metadata(&path) else {
        return Ok(None);
    };
    if !meta.is_file() {
        return Ok(None);
    }
    if meta.len() > MAX_TEMPLATE_BYTES {
        return Err(format!(
            "{}: larger than {} KiB; not a letter template",
            path.display(),
            MAX_TEMPLATE_BYTES / 1024
        ));
    }
    std::fs::read_to_string(&path)
        .map(Some)
        .map_err(|e| format!("{}: {e}", path.display()))
}

/// The environment letters in `lang` are rendered in: every template of that
/// language, a missing fact an error in the template rather than an empty
/// line, and `gap("…")` marking a fact to fill in.
pub fn environment(lang: Lang, folder: Option<&Path>) -> Result<Environment<'static>, String> {
    let mut env = Environment::new();
    env.set_undefined_behavior(UndefinedBehavior::Strict);
    let syntax = minijinja::syntax::SyntaxConfig::builder()
        .trim_blocks(true)
        .lstrip_blocks(true)
        .keep_trailing_newline(true)
        .build()
        .map_err(|e| e.to_string())?;
    env.set_syntax(syntax);
    let prefix = format!("{}/", lang.code());
    for (name, text) in SHIPPED.iter().filter(|(n, _)| n.starts_with(&prefix)) {
        let own = match folder {
            Some(folder) => own_template(folder, name)?,
            None => None,
        };
        let source = own.unwrap_or_else(|| text.to_string());
        env.add_template_owned(name.to_string(), source)
            .map_err(|e| format!("letter template {name}: {e}"))?;
    }
    env.add_function("gap", move |what: String| gap_mark(lang, &what));
    Ok(env)
}
