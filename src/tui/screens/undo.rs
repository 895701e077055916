//! `u` undoes the session's last save or deletion, Ctrl-R redoes it: the
//! store writes the rows back from the change journal, journaled "via undo"
//! (`store::undo`); here, when that may happen and what is said after.

use crate::store::{Register, Reverted, StoreResult};
use crate::tui::action::Action;
use crate::tui::effect::Effect;
use crate::tui::keymap::{Command, Mode};
use crate::tui::state::State;

/// Asks the store to undo (or redo), unless nothing may be written now.
pub fn command(state: &mut State, redo: bool) -> Vec<Effect> {
    if let Some(reason) = super::super::update::read_only_reason(state) {
        state.error(reason);
        return Vec::new();
    }
    if state.job.is_some() {
        state.error("An export or import is running: undo once it has finished");
        return Vec::new();
    }
    vec![if redo { Effect::Redo } else { Effect::Undo }]
}

pub fn perform(register: &mut Register, redo: bool) -> StoreResult<Action> {
    let what = if redo {
        register.redo()?
    } else {
        register.undo()?
    };
    Ok(Action::Reverted { redo, what })
}

/// Says what was taken back (or that there was nothing), and shows the
/// register as it is now.
pub fn reverted(state: &mut State, redo: bool, what: Option<Reverted>) -> Vec<Effect> {
    let Some(what) = what else {
        state.info(if redo {
            "Nothing to redo: no undo since the last save"
        } else {
            "Nothing to undo in this session"
        });
        return Vec::new();
    };
    let again = |command| state.key(Mode::Global, command);
    let record = match &what.label {
        Some(label) => format!("{} '{label}'", what.record),
        None => what.record.clone(),
    };
    let text = if redo {
        format!(
            "Redone: the {} of {record} · {} undoes it again",
            deed(&what.action, true),
            again(Command::Undo)
        )
    } else {
        format!(
            "Undone: the {} of {record} ({} written back) · {} redoes it",
            deed(&what.action, false),
            crate::platform::words::counted(what.rows, "row"),
            again(Command::Redo)
        )
    };
    state.info(text);
    super::exchange::reload_everything(state)
}

/// What the journal entry taken back did, in a word: redoing takes back an
/// undo, whose entries say the opposite of the original write.
fn deed(action: &str, redo: bool) -> &'static str {
    match (action, redo) {
        ("update", _) => "change",
        ("delete", false) | ("insert", true) => "deletion",
        _ => "addition",
    }
}

#[cfg(test)]
mod tests {
    use super::deed;

    #[test]
    fn the_deed_is_named_as_the_user_did_it() {
        assert_eq!(deed("update", false), "change");
        assert_eq!(deed("delete", false), "deletion");
        assert_eq!(deed("insert", false), "addition");
        // Redoing a deletion takes back the undo's insertion.
        assert_eq!(deed("insert", true), "deletion");
        assert_eq!(deed("delete", true), "addition");
    }
}
