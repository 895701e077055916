//! The requests screen's answers from the store.

use super::Requests;
use crate::tui::action::RequestAction;
use crate::tui::effect::{Effect, Focus, RequestEffect};
use crate::tui::screens::list_screen as ls;
use crate::tui::state::State;
use crate::tui::widgets::list_window::ListOutcome;

/// Applies one of the requests screen's answers.
pub fn update(state: &mut State, action: RequestAction) -> Vec<Effect> {
    match action {
        RequestAction::RequestsLoaded(page) => {
            let mut effects = ls::loaded::<Requests>(state, page);
            if !state.requests.counted {
                effects.push(Effect::Requests(RequestEffect::CountRequests {
                    filter: state.requests.filter.clone(),
                }));
            }
            effects
        }
        RequestAction::RequestsCounted {
            filter,
            total,
            head,
        } => {
            // The screen's connection learns the count first, so that a page
            // load (End waiting for it, or any later one) knows where the list
            // ends; a count for a filter typed past, or made on the file while
            // an earlier day is shown, is not the list's.
            let mut effects = Vec::new();
            if filter.is_empty() {
                if let Some(view) = &mut state.organisation {
                    view.requests = Some(total);
                }
            }
            if filter == state.requests.filter && state.as_of.is_none() {
                effects.push(Effect::Requests(RequestEffect::RememberRequestCount {
                    filter: filter.clone(),
                    total,
                    head,
                }));
            }
            if let ListOutcome::Load(focus) = state.requests.counted(&filter, total) {
                effects.extend(ls::reload::<Requests>(state, focus));
            }
            effects
        }
        RequestAction::RequestCountRemembered => Vec::new(),
        RequestAction::RequestEventsLoaded { id, events } => {
            state.request_events = Some((id, events));
            Vec::new()
        }
        RequestAction::RequestSaved { id, created } => {
            state.done(if created {
                "Request logged"
            } else {
                "Request saved"
            });
            refresh_request(state, id)
        }
        RequestAction::StepApplied { id, detail } => {
            state.done(format!("Recorded: {detail}"));
            refresh_request(state, id)
        }
        RequestAction::RequestDeleted { reference } => {
            ls::deleted::<Requests>(state, format!("Deleted request {reference}"))
        }
    }
}

/// Reloads the requests list around request `id`, with its history.
fn refresh_request(state: &mut State, id: i64) -> Vec<Effect> {
    state.request_events = None;
    let mut effects = ls::reload::<Requests>(state, Focus::Id(id));
    effects.push(Effect::Requests(RequestEffect::LoadRequestEvents { id }));
    effects.push(Effect::LoadOrganisation); // the overdue count may change
    effects
}
