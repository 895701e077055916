//! The draft's work against the store: the policy read (beside the
//! register when its name is relative) and drafted; the accepted
//! suggestions planned over the organisation as it is and written.

use std::path::{Path, PathBuf};

use super::DraftView;
use crate::domain::draft::plan::plan;
use crate::domain::draft::{draft, Confidence, Known, Suggestion, SuggestionKind};
use crate::store::{Register, StoreResult};
use crate::tui::action::{Action, PolicyDraftAction};
use crate::tui::effect::PolicyDraftEffect;

pub fn perform(register: &mut Register, effect: PolicyDraftEffect) -> StoreResult<Action> {
    Ok(Action::PolicyDraft(match effect {
        PolicyDraftEffect::Read { policy } => {
            let known = register.draft_known()?;
            let revision = register.organisation_revision()?;
            read(register.path(), policy, &known, revision)
        }
        PolicyDraftEffect::Write { accepted, revision } => {
            let organisation = register.organisation()?;
            let plan = plan(&accepted, &organisation);
            register.write_draft(&plan, revision)?;
            PolicyDraftAction::Written {
                summary: plan.summary(),
            }
        }
    }))
}

/// The file as typed or pasted: quotes, a `file://` address and a shell's
/// backslashes taken off; a relative name is read in the register's folder,
/// `~/` in the home folder.
pub(crate) fn resolve(register: &Path, typed: &str) -> PathBuf {
    let typed = unquoted(typed);
    let typed = typed.as_str();
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

/// "'my policy.txt'", "my\\ policy.txt" and "file:///tmp/my%20policy.txt" as
/// the file they name.
fn unquoted(typed: &str) -> String {
    let t = typed.trim();
    let t = ['\'', '"']
        .iter()
        .find_map(|q| t.strip_prefix(*q).and_then(|r| r.strip_suffix(*q)))
        .unwrap_or(t);
    if let Some(path) = t.strip_prefix("file://") {
        return percent_decoded(path);
    }
    let mut out = String::with_capacity(t.len());
    let mut chars = t.chars();
    while let Some(c) = chars.next() {
        match (c, cfg!(unix)) {
            ('\\', true) => out.extend(chars.next()),
            _ => out.push(c),
        }
    }
    out
}

/// `%20` and the like back to their bytes (a file address's escapes).
fn percent_decoded(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok());
        match (bytes[i], hex.and_then(|h| u8::from_str_radix(h, 16).ok())) {
            (b'%', Some(byte)) => {
                out.push(byte);
                i += 3;
            }
            (b, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn read(register: &Path, policy: String, known: &Known, revision: i64) -> PolicyDraftAction {
    let path = resolve(register, &policy);
    let text = match crate::platform::policy_file::read(&path) {
        Ok(text) => text,
        Err(message) => return PolicyDraftAction::Unreadable(message),
    };
    let mut drafted = draft(&text, None);
    drafted.mark_known(known);
    if drafted.suggestions.is_empty() {
        return PolicyDraftAction::Unreadable(format!(
            "Nothing to propose from {policy}: no sentence of it names a fact of the register (is it the privacy policy?)"
        ));
    }
    // Where the text names the thing outright or by its usual words; what a
    // DPO must look at first (low), or the register holds already, starts
    // rejected; so does the organisation of a policy that names another one
    // than the register's (a policy opened on the wrong client).
    let other_client = another_client(&drafted.suggestions, known);
    let accepted: Vec<bool> = drafted
        .suggestions
        .iter()
        .map(|s| {
            let organisation = matches!(
                s.kind,
                SuggestionKind::OrganisationName
                    | SuggestionKind::OrgNumber
                    | SuggestionKind::Address
                    | SuggestionKind::ContactEmail
                    | SuggestionKind::ContactPhone
                    | SuggestionKind::Jurisdiction
                    | SuggestionKind::Authority
                    | SuggestionKind::Role
            );
            s.confidence != Confidence::Low
                && !s.in_register
                && !(organisation && other_client.is_some())
        })
        .collect();
    PolicyDraftAction::Read(Box::new(DraftView {
        policy,
        lines: lines_as_read(&text),
        language: drafted.language,
        suggestions: drafted.suggestions,
        proposed: accepted.clone(),
        accepted,
        index: 0,
        input: None,
        other_client,
        problem: None,
        closing: false,
        edited: false,
        revision,
    }))
}

/// The organisation the policy names, when the register is another's
/// (its name set and different): "Intility AS" in IXT's register.
fn another_client(suggestions: &[Suggestion], known: &Known) -> Option<String> {
    let named = suggestions
        .iter()
        .find(|s| s.kind == SuggestionKind::OrganisationName)?;
    let register = known
        .organisation
        .first()
        .filter(|n| !n.trim().is_empty())?;
    let core = |name: &str| name.split_whitespace().next().unwrap_or("").to_lowercase();
    (core(register) != core(&named.value)).then(|| named.value.clone())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pasted_and_quoted_file_names_read_as_the_file() {
        let register = Path::new("/clients/acme.dpo");
        assert_eq!(
            resolve(register, "policy.html"),
            Path::new("/clients/policy.html")
        );
        assert_eq!(
            resolve(register, "'/tmp/my policy.txt'"),
            Path::new("/tmp/my policy.txt")
        );
        assert_eq!(
            resolve(register, "\"/tmp/my policy.txt\""),
            Path::new("/tmp/my policy.txt")
        );
        assert_eq!(
            resolve(register, "/tmp/my\\ policy.txt"),
            Path::new("/tmp/my policy.txt")
        );
        assert_eq!(
            resolve(register, "file:///tmp/my%20policy.txt"),
            Path::new("/tmp/my policy.txt")
        );
    }
}
