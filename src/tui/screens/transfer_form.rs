//! Recording and editing a processor's transfers to third countries, with
//! the inconsistencies of the chosen tool shown as the user types.

use crate::domain::transfer::{transfer_warnings, validate_transfer, TransferDraft, TransferTool};
use crate::domain::validation::FieldErrors;
use crate::tui::effect::Effect;
use crate::tui::effect::ProcessorEffect;
use crate::tui::state::{FormTarget, Modal, OpenForm, Pick, PickPurpose, State};
use crate::tui::widgets::form::{Form, FormField};

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
        [] => state.error("No transfer recorded for this processor: press t to add one"),
        [only] => open(state, processor_id, Some(only.id)),
        many => {
            state.modal = Some(Modal::Pick(Pick {
                purpose: PickPurpose::EditTransfer { processor_id },
                title: "Which transfer?".into(),
                options: many
                    .iter()
                    .map(|t| {
                        (
                            t.id,
                            format!("{} · {}", t.transfer.country, t.transfer.tool.label()),
                        )
                    })
                    .collect(),
                index: 0,
            }));
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
    let t = row.as_ref().map(|r| &r.transfer);
    let fields = vec![
        FormField::line(
            "country",
            "Destination",
            true,
            &t.map(|t| t.country.clone()).unwrap_or_default(),
            "ISO code: US, IN, GB…",
        ),
        FormField::choice(
            "tool",
            "Transfer tool",
            TransferTool::options(),
            t.map_or(TransferTool::SccModule2.code(), |t| t.tool.code()),
        ),
        FormField::yes_no(
            "dpf_certified",
            "On the DPF List",
            t.is_some_and(|t| t.dpf_certified),
        ),
        FormField::yes_no("regular", "Regular", t.is_none_or(|t| t.regular)),
        FormField::line(
            "tia_reference",
            "TIA reference",
            false,
            &t.map(|t| t.tia_reference.clone()).unwrap_or_default(),
            "transfer impact assessment",
        ),
        FormField::line(
            "tia_date",
            "TIA date",
            false,
            &t.and_then(|t| t.tia_date)
                .map(|d| d.to_string())
                .unwrap_or_default(),
            "YYYY-MM-DD",
        ),
        FormField::text(
            "notes",
            "Notes",
            &row.as_ref().map(|r| r.notes.clone()).unwrap_or_default(),
            "what goes there and why",
        ),
    ];
    let title = match id {
        Some(_) => format!("Transfer by {name}"),
        None => format!("New transfer by {name}"),
    };
    let mut form = Form::new(title, fields);
    form.warnings = warnings(&form, state.today);
    state.modal = Some(Modal::Form(Box::new(OpenForm {
        target: FormTarget::Transfer { processor_id, id },
        revision: row.map_or(0, |r| r.revision),
        form,
    })));
}

fn draft(form: &Form) -> TransferDraft {
    TransferDraft {
        country: form.value("country"),
        tool: form.value("tool"),
        dpf_certified: form.value("dpf_certified") == "yes",
        regular: form.value("regular") == "yes",
        tia_reference: form.value("tia_reference"),
        tia_date: form.value("tia_date"),
    }
}

/// What is inconsistent about the transfer as typed so far (nothing while the
/// country is not yet a real code).
pub fn warnings(form: &Form, today: chrono::NaiveDate) -> Vec<String> {
    validate_transfer(&draft(form))
        .map(|t| transfer_warnings(&t, today))
        .unwrap_or_default()
}

pub fn save_effect(
    processor_id: i64,
    id: Option<i64>,
    revision: i64,
    form: &Form,
) -> Result<Effect, FieldErrors> {
    validate_transfer(&draft(form)).map(|transfer| {
        Effect::Processors(ProcessorEffect::SaveTransfer {
            processor_id,
            id,
            revision,
            transfer,
            notes: form.value("notes").trim().to_string(),
        })
    })
}
