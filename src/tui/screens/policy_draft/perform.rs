//! The draft's work against the store: the policy read (beside the
//! register when its name is relative) and drafted; the accepted
//! suggestions planned over the organisation as it is and written.

use std::path::{Path, PathBuf};

use super::DraftView;
use crate::domain::draft::plan::plan;
use crate::domain::draft::{draft, Confidence};
use crate::store::{Register, StoreResult};
use crate::tui::action::{Action, PolicyDraftAction};
use crate::tui::effect::PolicyDraftEffect;

pub fn perform(register: &mut Register, effect: PolicyDraftEffect) -> StoreResult<Action> {
    Ok(Action::PolicyDraft(match effect {
        PolicyDraftEffect::Read { policy } => read(register.path(), policy),
        PolicyDraftEffect::Write { accepted } => {
            let organisation = register.organisation()?;
            let revision = register.organisation_revision()?;
            let plan = plan(&accepted, &organisation);
            register.write_draft(&plan, revision)?;
            PolicyDraftAction::Written {
                summary: plan.summary(),
            }
        }
    }))
}

/// A relative name is read in the register's folder; `~/` is the home folder.
fn resolve(register: &Path, typed: &str) -> PathBuf {
    if let Some(rest) = typed.strip_prefix("~/") {
        if let Some(home) = directories::BaseDirs::new() {
            return home.home_dir().join(rest);
        }
    }
    let path = PathBuf::from(typed);
    match register.parent() {
        Some(folder) if path.is_relative() => folder.join(path),
        _ => path,
    }
}

/// The policy's text as the reader sees it, a line per line of the file
/// that has text (an HTML page without its tags).
fn lines_as_read(text: &str) -> Vec<(usize, String)> {
    let mut lines: Vec<(usize, String)> = Vec::new();
    for s in crate::domain::draft::document::sentences(text) {
        match lines.last_mut() {
            Some((line, joined)) if *line == s.line => {
                joined.push(' ');
                joined.push_str(&s.text);
            }
            _ => lines.push((s.line, s.text)),
        }
    }
    lines
}

fn read(register: &Path, policy: String) -> PolicyDraftAction {
    let path = resolve(register, &policy);
    let text = match crate::platform::policy_file::read(&path) {
        Ok(text) => text,
        Err(message) => return PolicyDraftAction::Unreadable(message),
    };
    let drafted = draft(&text, None);
    if drafted.suggestions.is_empty() {
        return PolicyDraftAction::Unreadable(format!(
            "Nothing to propose from {policy}: no sentence of it names a fact of the register (is it the privacy policy?)"
        ));
    }
    // Where the text names the thing outright or by its usual words; what a
    // DPO must look at first (low) starts rejected.
    let accepted = drafted
        .suggestions
        .iter()
        .map(|s| s.confidence != Confidence::Low)
        .collect();
    PolicyDraftAction::Read(Box::new(DraftView {
        policy,
        lines: lines_as_read(&text),
        language: drafted.language,
        suggestions: drafted.suggestions,
        accepted,
        index: 0,
        input: None,
    }))
}
