//! The records of processing's answers from the store.

use super::*;

/// Applies one of the activities screen's answers.
pub(super) fn apply(state: &mut State, action: ActivityAction) -> Vec<Effect> {
    match action {
        ActivityAction::ActivitiesLoaded(page) => ls::loaded::<Activities>(state, page),
        ActivityAction::ActivityFormReady { row, processors } => {
            activities::open_form(state, row.map(|r| *r), processors);
            Vec::new()
        }
        ActivityAction::ActivitySaved {
            id,
            name,
            created,
            note,
        } => activities::saved(state, id, &name, created, note),
        ActivityAction::ActivityDeleted { name } => activities::deleted(state, &name),
        ActivityAction::ProcessorRecordsLoaded(page) => ls::loaded::<ProcessorRecords>(state, page),
        ActivityAction::ProcessorRecordSaved { id, name, created } => {
            processor_records::saved(state, id, &name, created)
        }
        ActivityAction::ProcessorRecordDeleted { name } => processor_records::deleted(state, &name),
    }
}
