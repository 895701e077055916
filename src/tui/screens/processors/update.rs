//! The processors screen's answers from the store.

use super::Processors;
use crate::tui::action::ProcessorAction;
use crate::tui::effect::{Effect, Focus};
use crate::tui::screens::activities::Activities;
use crate::tui::screens::list_screen as ls;
use crate::tui::state::State;

/// Applies one of the processors screen's answers.
pub fn update(state: &mut State, action: ProcessorAction) -> Vec<Effect> {
    match action {
        ProcessorAction::PartSaved {
            processor_id,
            message,
        } => {
            state.done(message);
            // The list's Agreement column and the details both change, and
            // the tabs' counts of what needs acting on.
            state.processor_extras = None;
            let mut effects = ls::reload::<Processors>(state, Focus::Id(processor_id));
            effects.push(Effect::LoadOrganisation);
            effects
        }
        ProcessorAction::ProcessorExtrasLoaded(extras) => {
            state.processor_extras = Some(*extras);
            Vec::new()
        }
        ProcessorAction::ProcessorsLoaded(page) => ls::loaded::<Processors>(state, page),
        ProcessorAction::ProcessorFormReady {
            id,
            current,
            parents,
        } => {
            super::open_form(state, id, current, parents);
            Vec::new()
        }
        ProcessorAction::ProcessorSaved { id, name, created } => {
            let mut effects = super::saved(state, id, &name, created);
            effects.push(Effect::LoadOrganisation);
            // A processor's name or country shows in the activities that use it.
            let activity = state.activities.selected;
            effects.extend(ls::reload::<Activities>(state, Focus::Index(activity)));
            effects
        }
        ProcessorAction::DeleteReady {
            id,
            name,
            dependants,
            breach_links,
            used_by,
        } => {
            super::ask_delete(state, id, name, dependants, breach_links, used_by);
            Vec::new()
        }
        ProcessorAction::ProcessorDeleted { name, rows } => {
            let mut effects = super::deleted(state, &name, rows);
            effects.push(Effect::LoadOrganisation);
            effects
        }
    }
}
