//! "Draft from a privacy policy" (`P`, or the new-register dialog's policy
//! field): the policy's file asked for, read into suggestions grouped by
//! kind, each beside the policy with its sentence marked. Space accepts or
//! rejects, Enter edits a value (and accepts it), `w` writes the accepted
//! ones through the forms' statements in one transaction, journaled "via
//! draft" (`u` takes it back). Records left incomplete stay Draft, with
//! their Art. 30 findings.

mod perform;
mod render;

pub use perform::perform;
pub(crate) use perform::resolve;
pub use render::render;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use crate::domain::draft::{Suggestion, SuggestionKind};
use crate::tui::action::PolicyDraftAction;
use crate::tui::effect::{Effect, PolicyDraftEffect};
use crate::tui::keymap::Command;
use crate::tui::state::{Modal, State};

/// A policy's draft as the dialog shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DraftView {
    /// The policy's file as typed (a relative name is read beside the register).
    pub policy: String,
    /// The policy as read (tags stripped), each line of text with the file
    /// line it starts on: the pane beside the suggestions.
    pub lines: Vec<(usize, String)>,
    pub language: &'static str,
    pub suggestions: Vec<Suggestion>,
    /// Whether each suggestion is accepted.
    pub accepted: Vec<bool>,
    pub index: usize,
    /// Text being typed: the policy's file (before one is read) or the
    /// selected suggestion's new value.
    pub input: Option<String>,
    /// The organisation the policy names when the register is another's
    /// (its suggestions start rejected; the title says so).
    pub other_client: Option<String>,
    /// Why the file typed could not be read, shown under it.
    pub problem: Option<String>,
    /// Esc was pressed once over choices that would be lost.
    pub closing: bool,
    /// The choices as proposed, for `a`'s third press.
    pub proposed: Vec<bool>,
    /// A value was edited: Esc asks before losing it.
    pub edited: bool,
    /// The organisation's revision when the policy was read: a save of it
    /// by someone else since refuses the draft's.
    pub revision: i64,
}

impl DraftView {
    /// The dialog asking for a policy's file, `typed` already in it.
    pub fn asking(typed: &str) -> DraftView {
        DraftView {
            policy: String::new(),
            lines: Vec::new(),
            language: "",
            suggestions: Vec::new(),
            accepted: Vec::new(),
            index: 0,
            input: Some(typed.to_string()),
            other_client: None,
            problem: None,
            closing: false,
            proposed: Vec::new(),
            edited: false,
            revision: 0,
        }
    }

    /// Whether a policy is read (else its file is being asked for).
    pub fn is_read(&self) -> bool {
        !self.policy.is_empty()
    }

    pub fn accepted(&self) -> Vec<Suggestion> {
        self.suggestions
            .iter()
            .zip(&self.accepted)
            .filter(|(_, a)| **a)
            .map(|(s, _)| s.clone())
            .collect()
    }
}

/// Opens the dialog that asks for the policy's file.
pub fn open(state: &mut State) -> Vec<Effect> {
    if state.as_of.is_some() {
        state.error(
            "The register is shown as of an earlier moment: return to now (@) to draft into it",
        );
        return Vec::new();
    }
    state.modal = Some(Modal::Draft(Box::new(DraftView::asking(""))));
    Vec::new()
}

/// Reads `policy` for the register just made (the new-register dialog's field).
pub fn read_after_opening(state: &mut State, policy: String) -> Vec<Effect> {
    state.modal = Some(Modal::Draft(Box::new(DraftView::asking(&policy))));
    vec![Effect::PolicyDraft(PolicyDraftEffect::Read { policy })]
}

pub fn update(state: &mut State, action: PolicyDraftAction) -> Vec<Effect> {
    match action {
        PolicyDraftAction::Read(view) => {
            let n = view.suggestions.len();
            let accepted = view.accepted.iter().filter(|a| **a).count();
            match &view.other_client {
                Some(other) => state.error(format!(
                    "The policy is {other}'s, the register another's: its organisation's fields start rejected"
                )),
                None => state.info(format!(
                    "{} from {} ({accepted} accepted to start: each with its sentence; Space changes one, w writes)",
                    crate::platform::words::counted(n, "suggestion"),
                    view.policy
                )),
            }
            state.modal = Some(Modal::Draft(view));
            Vec::new()
        }
        PolicyDraftAction::Unreadable(message) => {
            if let Some(view) = view_mut(state).filter(|v| !v.is_read()) {
                view.problem = Some(message.clone());
            }
            state.error(message);
            Vec::new()
        }
        PolicyDraftAction::Written { summary } => {
            state.modal = None;
            state.info(format!(
                "Wrote {summary} from the policy (journaled via draft; u takes it back). Incomplete records stay Draft with their Art. 30 findings"
            ));
            crate::tui::screens::exchange::reload_everything(state)
        }
    }
}

fn view_mut(state: &mut State) -> Option<&mut DraftView> {
    match &mut state.modal {
        Some(Modal::Draft(view)) => Some(view),
        _ => None,
    }
}

/// The keys of the draft dialog.
pub fn command(state: &mut State, command: Command) -> Vec<Effect> {
    let page = usize::from(state.height.saturating_sub(8).max(1));
    let Some(view) = view_mut(state) else {
        return Vec::new();
    };
    if view.input.is_some() {
        return typed_command(state, command);
    }
    let last = view.suggestions.len().saturating_sub(1);
    let closing = std::mem::take(&mut view.closing);
    match command {
        Command::Down => view.index = (view.index + 1).min(last),
        Command::Up => view.index = view.index.saturating_sub(1),
        Command::PageDown => view.index = (view.index + page).min(last),
        Command::PageUp => view.index = view.index.saturating_sub(page),
        Command::Home => view.index = 0,
        Command::End => view.index = last,
        Command::ToggleAccept => {
            if let Some(a) = view.accepted.get_mut(view.index) {
                *a = !*a;
            }
        }
        // All, then none, then as proposed again.
        Command::AcceptAll => {
            let all = view.accepted.iter().all(|a| *a);
            let none = view.accepted.iter().all(|a| !*a);
            view.accepted = match (all, none) {
                (true, _) => vec![false; view.accepted.len()],
                (false, true) if view.proposed.iter().any(|a| *a) => view.proposed.clone(),
                _ => vec![true; view.accepted.len()],
            };
        }
        Command::Edit => {
            if let Some(s) = view.suggestions.get(view.index) {
                view.input = Some(s.value.clone());
            }
        }
        Command::WriteDraft => {
            let accepted = view.accepted();
            if accepted.is_empty() {
                state.error("Nothing accepted: Space accepts a suggestion, a accepts them all");
                return Vec::new();
            }
            let revision = view.revision;
            return vec![Effect::PolicyDraft(PolicyDraftEffect::Write {
                accepted,
                revision,
            })];
        }
        // Choices and edits are not thrown away at one key.
        Command::Cancel if !closing && (view.edited || view.accepted != view.proposed) => {
            view.closing = true;
            state.info("Esc again closes without writing your choices; w writes the accepted ones");
        }
        Command::Cancel => state.modal = None,
        _ => {}
    }
    Vec::new()
}

/// Enter and Esc while a file name or a value is typed.
fn typed_command(state: &mut State, command: Command) -> Vec<Effect> {
    let Some(view) = view_mut(state) else {
        return Vec::new();
    };
    match (command, view.is_read()) {
        (Command::Save, false) => {
            let policy = view.input.clone().unwrap_or_default().trim().to_string();
            if policy.is_empty() {
                state.error("Type the policy's file: text, Markdown or HTML (saved from the client's website)");
                return Vec::new();
            }
            vec![Effect::PolicyDraft(PolicyDraftEffect::Read { policy })]
        }
        (Command::Save, true) => {
            let value = view.input.clone().unwrap_or_default().trim().to_string();
            let Some(kind) = view.suggestions.get(view.index).map(|s| s.kind) else {
                return Vec::new();
            };
            if let Err(problem) = edited_value(kind, &value) {
                state.error(problem);
                return Vec::new();
            }
            view.input = None;
            if let Some(s) = view.suggestions.get_mut(view.index) {
                // A processor renamed is no longer the catalogue's entry.
                if s.kind == SuggestionKind::Processor && s.value != value {
                    s.catalogue = None;
                }
                s.value = value;
                view.accepted[view.index] = true;
                view.edited = true;
            }
            Vec::new()
        }
        (Command::Cancel, false) => {
            state.modal = None;
            Vec::new()
        }
        (Command::Cancel, true) => {
            view.input = None;
            Vec::new()
        }
        _ => Vec::new(),
    }
}

/// What the register can take as an edited value of `kind`: what the
/// plan reads (a jurisdiction, a retention period, an article), checked
/// as the forms check it; the organisation's fields are checked again,
/// whole, when the draft is written.
fn edited_value(kind: SuggestionKind, value: &str) -> Result<(), String> {
    use crate::domain::activity::parse_retention;
    if value.is_empty() {
        return Err(
            "An empty value is no suggestion: Esc keeps the one proposed, Space rejects it".into(),
        );
    }
    let article = value.starts_with("Art. 6(1)(") || value.starts_with("Art. 9(2)(");
    match kind {
        SuggestionKind::Jurisdiction => crate::domain::jurisdiction::Jurisdiction::parse(value)
            .map(|_| ())
            .map_err(|e| e.to_string()),
        SuggestionKind::Retention => parse_retention(value).map(|_| ()).map_err(|e| e.to_string()),
        SuggestionKind::LawfulBasis if !article => {
            Err("write the basis as \"Art. 6(1)(f) …\" or \"Art. 9(2)(a) …\": the record reads the letter".into())
        }
        SuggestionKind::Role if !matches!(value, "controller" | "processor") => {
            Err("a role is controller or processor".into())
        }
        SuggestionKind::ContactEmail => crate::domain::validation::parse_email(value)
            .map(|_| ())
            .map_err(|e| e.to_string()),
        _ => Ok(()),
    }
}

/// A key typed into the file name or the value.
pub fn input(state: &mut State, key: KeyEvent) -> Vec<Effect> {
    let Some(text) = view_mut(state).and_then(|v| v.input.as_mut()) else {
        return Vec::new();
    };
    let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
    match key.code {
        KeyCode::Char('u') if ctrl => text.clear(),
        KeyCode::Char(c) if !ctrl => text.push(c),
        KeyCode::Backspace => {
            text.pop();
        }
        _ => {}
    }
    Vec::new()
}

/// A paste goes where typing would, as one line.
pub fn paste(state: &mut State, pasted: &str) -> Vec<Effect> {
    if let Some(text) = view_mut(state).and_then(|v| v.input.as_mut()) {
        text.push_str(&crate::tui::widgets::form::one_line(pasted));
    }
    Vec::new()
}
