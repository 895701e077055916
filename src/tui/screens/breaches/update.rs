//! The breaches screen's answers from the store.

use super::Breaches;
use crate::tui::action::BreachAction;
use crate::tui::effect::{Effect, Focus};
use crate::tui::screens::list_screen as ls;
use crate::tui::state::State;

/// Applies one of the breaches screen's answers.
pub fn update(state: &mut State, action: BreachAction) -> Vec<Effect> {
    match action {
        BreachAction::BreachesLoaded(page) => ls::loaded::<Breaches>(state, page),
        BreachAction::BreachFormReady {
            row,
            processors,
            activities,
            controllers,
        } => {
            let choices = super::FormChoices {
                processors,
                activities,
                controllers,
            };
            super::open_form(state, row.map(|r| *r), choices);
            Vec::new()
        }
        BreachAction::BreachSaved { id, created } => {
            state.done(if created {
                "Breach recorded: its clock runs from awareness"
            } else {
                "Breach saved"
            });
            refresh_breach(state, id)
        }
        BreachAction::NotificationAdded { breach_id } => {
            state.done("Notification recorded");
            refresh_breach(state, breach_id)
        }
        BreachAction::BreachDeleted { title } => {
            let mut effects = ls::deleted::<Breaches>(state, format!("Deleted the breach {title}"));
            effects.push(Effect::LoadOrganisation);
            effects
        }
    }
}

/// Reloads the breaches list around breach `id`, and the overdue counts.
fn refresh_breach(state: &mut State, id: i64) -> Vec<Effect> {
    let mut effects = ls::reload::<Breaches>(state, Focus::Id(id));
    effects.push(Effect::LoadOrganisation);
    effects
}
