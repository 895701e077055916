//! The activities' effects.

use crate::domain::activity::Activity;
use crate::store::{Found, Register, StoreResult};
use crate::tui::action::Action;
use crate::tui::action::ActivityAction;
use crate::tui::effect::{ActivityEffect, Save};
use crate::tui::screens::list_screen::load_window;

/// Performs one of the activities screen's effects.
pub fn perform(register: &mut Register, effect: ActivityEffect) -> StoreResult<Action> {
    match effect {
        ActivityEffect::LoadActivities {
            read,
            incomplete_only,
        } => load_window(
            read,
            |f| {
                register
                    .count_activities(f, incomplete_only)
                    .map(|n| (n, true))
            },
            |f, id| register.activity_position(f, incomplete_only, id),
            |f, offset, limit| register.activity_page(f, incomplete_only, offset, limit),
        )
        .map(|page| Action::Activities(ActivityAction::ActivitiesLoaded(page))),
        ActivityEffect::PrepareActivityForm { id } => prepare_activity_form(register, id),
        ActivityEffect::SaveActivity { save, processors } => {
            save_activity(register, save, &processors)
        }
        ActivityEffect::DeleteActivity { id } => {
            // Read first: the message names what was deleted.
            let row = register.activity(id)?;
            register.delete_activity(id)?;
            let name = row.map(|r| r.activity.name).unwrap_or_default();
            Ok(Action::Activities(ActivityAction::ActivityDeleted { name }))
        }
    }
}

/// Saves an activity with the processors it sends data to. The store may
/// save it otherwise than asked (a link it could not keep) and says so in
/// a note, which travels with the answer.
fn save_activity(
    register: &mut Register,
    save: Save<Box<Activity>>,
    processors: &[i64],
) -> StoreResult<Action> {
    let (id, created, note) = match save.id {
        Some(id) => {
            let note = register.update_activity(id, save.revision, &save.record, processors)?;
            (id, false, note)
        }
        None => {
            let (id, note) = register.insert_activity(&save.record, processors)?;
            (id, true, note)
        }
    };
    let name = save.record.name;
    Ok(Action::Activities(ActivityAction::ActivitySaved {
        id,
        name,
        created,
        note,
    }))
}

fn prepare_activity_form(register: &Register, id: Option<i64>) -> StoreResult<Action> {
    let row = match id {
        Some(id) => Some(Box::new(register.activity(id).found("activity", id)?)),
        None => None,
    };
    let processors = register.recipient_names()?;
    Ok(Action::Activities(ActivityAction::ActivityFormReady {
        row,
        processors,
    }))
}
