//! The form that records or edits a processor agreement, its dates, document,
//! sub-processor authorisation and the Art. 28(3)/(4) checklist.

use crate::domain::dpa::Dpa;
use crate::record::dpa::DpaKind;
use crate::record::draft_of;
use crate::store::DpaRow;
use crate::tui::effect::ProcessorEffect;
use crate::tui::effect::{Effect, Save};
use crate::tui::state::{FormTarget, State};
use crate::tui::widgets::form::{self, Form};

/// Opens the form for the selected processor: its current agreement, or a new
/// one when `new` (or when it has none). A new one starts from the current
/// one's checklist and authorisation, since a new version mostly repeats them.
pub fn open(state: &mut State, new: bool) {
    let Some(row) = state.processors.selected_row() else {
        state.error("No processor selected");
        return;
    };
    let (processor_id, name) = (row.processor.id, row.processor.fields.name.clone());
    let current: Option<DpaRow> = state
        .processor_extras
        .as_ref()
        .filter(|e| e.id == processor_id)
        .and_then(|e| e.dpas.iter().find(|d| d.is_current).cloned());
    let editing = current.clone().filter(|_| !new);
    let dpa = match (&editing, &current) {
        (Some(editing), _) => editing.dpa.clone(),
        (None, Some(base)) => Dpa {
            clauses: base.dpa.clauses.clone(),
            authorisation: base.dpa.authorisation,
            notice_days: base.dpa.notice_days,
            ..Dpa::default()
        },
        (None, None) => Dpa::default(),
    };
    let fields =
        form::fields_of::<DpaKind>(&draft_of::<DpaKind>(&dpa, &state.context()), Vec::new());
    let title = match &editing {
        Some(_) => format!("Processor agreement with {name}"),
        None => format!("New processor agreement with {name}"),
    };
    state.open_form(
        FormTarget::Agreement {
            processor_id,
            id: editing.as_ref().map(|c| c.id),
        },
        editing.map_or(0, |c| c.revision),
        Form::new(title, fields),
    );
}

/// The effect that saves a valid agreement form of processor `processor_id`.
pub fn save_effect(processor_id: i64, save: Save<Dpa>) -> Effect {
    let save = save.map(Box::new);
    Effect::Processors(ProcessorEffect::SaveDpa { processor_id, save })
}
