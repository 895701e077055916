//! The requests screen's effects: the list and its counts, saves, steps and deletions.

use chrono::NaiveDate;

use crate::store::{Register, StoreResult};
use crate::tui::action::Action;
use crate::tui::action::RequestAction;
use crate::tui::effect::{ListRead, RequestEffect};
use crate::tui::screens::list_screen::load_window;
use crate::tui::screens::record_writes::Written;

/// Performs one of the requests screen's effects.
pub fn perform(
    register: &mut Register,
    effect: RequestEffect,
    today: NaiveDate,
) -> StoreResult<Action> {
    match effect {
        RequestEffect::LoadRequests {
            filter,
            order,
            focus,
            window,
        } => load_window(
            ListRead {
                filter,
                focus,
                rows: window,
            },
            |f| register.count_requests_at_most(f, crate::store::QUICK_COUNT),
            |f, id| register.request_position(f, order, id),
            |f, offset, limit| register.request_page(f, order, offset, limit),
        )
        .map(|page| Action::Requests(RequestAction::RequestsLoaded(page))),
        RequestEffect::LoadRequestEvents { id } => register
            .request_events(id)
            .map(|events| Action::Requests(RequestAction::RequestEventsLoaded { id, events })),
        RequestEffect::SaveRequest(save) => {
            let Written { id, created } = save.write(
                register,
                |register, id, revision, basics| {
                    register.update_request(id, revision, basics.clone())
                },
                |register, basics| register.insert_request(basics.clone()),
            )?;
            Ok(Action::Requests(RequestAction::RequestSaved {
                id,
                created,
            }))
        }
        RequestEffect::ApplyStep { id, revision, step } => register
            .apply_request_step(id, revision, &step, today)
            .map(|detail| Action::Requests(RequestAction::StepApplied { id, detail })),
        RequestEffect::DeleteRequest { id } => {
            // Read first: the message names what was deleted.
            let row = register.request(id)?;
            register.delete_request(id)?;
            let reference = row.map(|r| r.request.reference).unwrap_or_default();
            Ok(Action::Requests(RequestAction::RequestDeleted {
                reference,
            }))
        }
        RequestEffect::CountRequests { filter } => {
            register
                .count_requests_stamped(&filter)
                .map(|(total, head)| {
                    Action::Requests(RequestAction::RequestsCounted {
                        filter,
                        total,
                        head,
                    })
                })
        }
        RequestEffect::RememberRequestCount {
            filter,
            total,
            head,
        } => register
            .remember_request_count(&filter, total, &head)
            .map(|_| Action::Requests(RequestAction::RequestCountRemembered)),
    }
}
