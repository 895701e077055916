//! The records of processing's answers from the store.

use super::Activities;
use crate::tui::action::ActivityAction;
use crate::tui::effect::Effect;
use crate::tui::screens::list_screen as ls;
use crate::tui::state::State;

/// Applies one of the activities screen's answers.
pub fn update(state: &mut State, action: ActivityAction) -> Vec<Effect> {
    match action {
        ActivityAction::ActivitiesLoaded(page) => ls::loaded::<Activities>(state, page),
        ActivityAction::ActivityFormReady { row, processors } => {
            super::open_form(state, row.map(|r| *r), processors);
            Vec::new()
        }
        ActivityAction::ActivitySaved {
            id,
            name,
            created,
            note,
        } => super::saved(state, id, &name, created, note),
        ActivityAction::ActivityDeleted { name } => super::deleted(state, &name),
    }
}
