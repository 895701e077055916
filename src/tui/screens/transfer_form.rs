//! Recording and editing a processor's transfers to third countries, with
//! the inconsistencies of the chosen tool shown as the user types.

use crate::domain::transfer::{transfer_warnings, Transfer};
use crate::record::transfer::TransferKind;
use crate::record::{draft_of, Context};
use crate::tui::effect::ProcessorEffect;
use crate::tui::effect::{Effect, Save};
use crate::tui::keymap::{Command, Mode};
use crate::tui::state::{FormTarget, PickPurpose, State};
use crate::tui::widgets::form::{self, Form};

/// `t` adds a transfer; `T` edits one (asking which when there are several).
pub fn command(state: &mut State, edit: bool) {
    let Some(row) = state.processors.selected_row() else {
        state.error("No processor selected");
        return;
    };
    let processor_id = row.processor.id;
    if !edit {
        open(state, processor_id, None);
        return;
    }
    let transfers = state
        .processor_extras
        .as_ref()
        .filter(|e| e.id == processor_id)
        .map(|e| e.transfers.clone())
        .unwrap_or_default();
    match transfers.as_slice() {
        [] => {
            let add = state.key(Mode::Processors, Command::Transfer(false));
            state.error(format!(
                "No transfer recorded for this processor: press {add} to add one"
            ));
        }
        [only] => open(state, processor_id, Some(only.id)),
        many => {
            state.pick(
                PickPurpose::EditTransfer { processor_id },
                "Which transfer?".to_string(),
                many.iter()
                    .map(|t| {
                        (
                            t.id,
                            format!("{} · {}", t.transfer.country, t.transfer.tool.label()),
                        )
                    })
                    .collect(),
            );
        }
    }
}

pub fn open(state: &mut State, processor_id: i64, id: Option<i64>) {
    let row = state
        .processor_extras
        .as_ref()
        .and_then(|e| e.transfers.iter().find(|t| Some(t.id) == id).cloned());
    let name = state
        .processors
        .selected_row()
        .map(|r| r.processor.fields.name.clone())
        .unwrap_or_default();
    let draft = match &row {
        Some(row) => draft_of::<TransferKind>(&row.transfer, &state.context()),
        None => draft_of::<TransferKind>(&Transfer::default(), &state.context()),
    };
    let fields = form::fields_of::<TransferKind>(&draft, Vec::new());
    let title = match id {
        Some(_) => format!("Transfer by {name}"),
        None => format!("New transfer by {name}"),
    };
    let mut form = Form::new(title, fields);
    form.warnings = warnings(&form, &state.context());
    state.open_form(
        FormTarget::Transfer { processor_id, id },
        row.map_or(0, |r| r.revision),
        form,
    );
}

/// What is inconsistent about the transfer as typed so far (nothing while the
/// country is not yet a real code).
pub fn warnings(form: &Form, context: &Context) -> Vec<String> {
    form::read::<TransferKind>(form, context)
        .map(|t| transfer_warnings(&t, context.today()))
        .unwrap_or_default()
}

/// The effect that saves a valid transfer form of processor `processor_id`.
pub fn save_effect(processor_id: i64, save: Save<Transfer>) -> Effect {
    Effect::Processors(ProcessorEffect::SaveTransfer { processor_id, save })
}
