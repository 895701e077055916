//! The activities' effects.

use crate::store::{Register, StoreError, StoreResult};
use crate::tui::action::Action;
use crate::tui::action::ActivityAction;
use crate::tui::effect::ActivityEffect;
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
        ActivityEffect::SaveActivity {
            id,
            revision,
            activity,
            processors,
        } => {
            let name = activity.name.clone();
            match id {
                Some(id) => register
                    .update_activity(id, revision, &activity, &processors)
                    .map(|note| {
                        Action::Activities(ActivityAction::ActivitySaved {
                            id,
                            name,
                            created: false,
                            note,
                        })
                    }),
                None => register
                    .insert_activity(&activity, &processors)
                    .map(|(id, note)| {
                        Action::Activities(ActivityAction::ActivitySaved {
                            id,
                            name,
                            created: true,
                            note,
                        })
                    }),
            }
        }
        ActivityEffect::DeleteActivity { id } => register.activity(id).and_then(|row| {
            let name = row.map(|r| r.activity.name).unwrap_or_default();
            register
                .delete_activity(id)
                .map(|()| Action::Activities(ActivityAction::ActivityDeleted { name }))
        }),
    }
}

fn prepare_activity_form(register: &Register, id: Option<i64>) -> StoreResult<Action> {
    let row = match id {
        Some(id) => Some(Box::new(register.activity(id)?.ok_or(
            StoreError::NotFound {
                what: "activity",
                id,
            },
        )?)),
        None => None,
    };
    let processors = register.recipient_names()?;
    Ok(Action::Activities(ActivityAction::ActivityFormReady {
        row,
        processors,
    }))
}
