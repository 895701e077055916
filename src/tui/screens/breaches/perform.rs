//! The breaches screen's effects.

use crate::store::{Found, Register, StoreResult};
use crate::tui::action::Action;
use crate::tui::action::BreachAction;
use crate::tui::effect::BreachEffect;
use crate::tui::screens::list_screen::load_window;
use crate::tui::screens::record_writes::Written;

/// Performs one of the breaches screen's effects.
pub fn perform(register: &mut Register, effect: BreachEffect) -> StoreResult<Action> {
    match effect {
        BreachEffect::LoadBreaches(read) => load_window(
            read,
            |f| register.count_breaches(f).map(|n| (n, true)),
            |f, id| register.breach_position(f, id),
            |f, offset, limit| register.breach_page(f, offset, limit),
        )
        .map(|page| Action::Breaches(BreachAction::BreachesLoaded(page))),
        BreachEffect::PrepareBreachForm { id } => prepare_breach_form(register, id),
        BreachEffect::SaveBreach { save, activities } => {
            let Written { id, created } = save.write(
                register,
                |register, id, revision, breach| {
                    register.update_breach_affecting(id, revision, breach, &activities)
                },
                |register, breach| register.insert_breach_affecting(breach, &activities),
            )?;
            Ok(Action::Breaches(BreachAction::BreachSaved { id, created }))
        }
        BreachEffect::AddNotification {
            breach_id,
            revision,
            notification,
        } => register
            .add_notification(breach_id, revision, &notification)
            .map(|()| Action::Breaches(BreachAction::NotificationAdded { breach_id })),
        BreachEffect::DeleteBreach { id } => {
            // Read first: the message names what was deleted.
            let row = register.breach(id)?;
            register.delete_breach(id)?;
            let title = row.map(|r| r.breach.title).unwrap_or_default();
            Ok(Action::Breaches(BreachAction::BreachDeleted { title }))
        }
    }
}

fn prepare_breach_form(register: &Register, id: Option<i64>) -> StoreResult<Action> {
    let row = match id {
        Some(id) => Some(Box::new(register.breach(id).found("breach", id)?)),
        None => None,
    };
    let processors = register.parent_candidates(None)?;
    let activities = register.activity_names()?;
    let controllers = register.processor_record_names()?;
    Ok(Action::Breaches(BreachAction::BreachFormReady {
        row,
        processors,
        activities,
        controllers,
    }))
}
