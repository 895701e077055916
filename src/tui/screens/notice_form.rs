//! Sub-processor change notices: recording one (`o`), which starts the
//! objection clock, and recording the DPO's decision on one (`v`).

use crate::tui::keymap::{Command, Mode};
use chrono::NaiveDate;

use crate::domain::dpa::{validate_decision, NoticeDecision};
use crate::domain::validation::FieldErrors;
use crate::record::change_notice::ChangeNoticeKind;
use crate::record::draft_of;
use crate::store::ChangeNotice;
use crate::tui::effect::Effect;
use crate::tui::effect::ProcessorEffect;
use crate::tui::state::{
    Confirm, ConfirmAction, FormTarget, Modal, PickPurpose, ProcessorPart, State,
};
use crate::tui::widgets::form::{self, Form, FormField};

pub fn open_notice(state: &mut State) {
    let Some(row) = state.processors.selected_row() else {
        state.error("No processor selected");
        return;
    };
    let draft = draft_of::<ChangeNoticeKind>(&ChangeNotice::default(), &state.context())
        .with("received_on", state.today.to_string());
    let fields = form::fields_of::<ChangeNoticeKind>(&draft, Vec::new());
    let title = format!("Change notice from {}", row.processor.fields.name);
    state.open_form(
        FormTarget::Notice {
            processor_id: row.processor.id,
        },
        0,
        Form::new(title, fields),
    );
}

/// The effect that records a valid change notice from processor `processor_id`.
pub fn notice_effect(processor_id: i64, notice: ChangeNotice) -> Effect {
    Effect::Processors(ProcessorEffect::SaveChangeNotice {
        processor_id,
        notice,
    })
}

/// `v`: decide on the selected processor's pending notice (asking which when several).
pub fn decide(state: &mut State) {
    let Some(row) = state.processors.selected_row() else {
        state.error("No processor selected");
        return;
    };
    let processor_id = row.processor.id;
    let pending: Vec<_> = state
        .processor_extras
        .as_ref()
        .filter(|e| e.id == processor_id)
        .map(|e| {
            e.notices
                .iter()
                .filter(|n| n.decision == NoticeDecision::Pending)
                .cloned()
                .collect()
        })
        .unwrap_or_default();
    match pending.as_slice() {
        [] => {
            let add = state.key(Mode::Processors, Command::ChangeNotice);
            state.error(format!(
                "No change notice awaits a decision: press {add} to record one"
            ));
        }
        [only] => open_decision(state, processor_id, only.id),
        many => {
            state.pick(
                PickPurpose::DecideNotice { processor_id },
                "Decide on which notice?".to_string(),
                many.iter()
                    .map(|n| {
                        (
                            n.id,
                            format!(
                                "{} (object by {})",
                                n.notice.sub_processor, n.objection_deadline
                            ),
                        )
                    })
                    .collect(),
            );
        }
    }
}

pub fn open_decision(state: &mut State, processor_id: i64, id: i64) {
    let Some(notice) = state
        .processor_extras
        .as_ref()
        .and_then(|e| e.notices.iter().find(|n| n.id == id).cloned())
    else {
        return;
    };
    let options = NoticeDecision::options()
        .into_iter()
        .filter(|(code, _)| code != NoticeDecision::Pending.code())
        .collect();
    let fields = vec![
        FormField::choice(
            "decision",
            "Decision",
            options,
            NoticeDecision::Accepted.code(),
        ),
        FormField::line(
            "decided_on",
            "Decided on",
            true,
            &state.today.to_string(),
            "YYYY-MM-DD",
        ),
        FormField::text("note", "Reasons", "", "or the objection as sent"),
    ];
    let title = format!(
        "Decision on {} (object by {})",
        notice.notice.sub_processor, notice.objection_deadline
    );
    state.open_form(
        FormTarget::Decision {
            processor_id,
            id,
            received_on: notice.notice.received_on,
        },
        notice.revision,
        Form::new(title, fields),
    );
}

pub fn decision_effect(
    processor_id: i64,
    id: i64,
    received_on: NaiveDate,
    revision: i64,
    form: &Form,
    today: NaiveDate,
) -> Result<Effect, FieldErrors> {
    validate_decision(
        &form.value("decision"),
        &form.value("decided_on"),
        received_on,
        today,
    )
    .map(|(decision, decided_on)| {
        Effect::Processors(ProcessorEffect::DecideNotice {
            processor_id,
            id,
            revision,
            decision,
            decided_on,
            note: form.value("note").trim().to_string(),
        })
    })
}

/// `x`: which of the selected processor's records to delete.
pub fn choose_part_to_delete(state: &mut State) {
    let Some(row) = state.processors.selected_row() else {
        state.error("No processor selected");
        return;
    };
    let processor_id = row.processor.id;
    let Some(extras) = state
        .processor_extras
        .as_ref()
        .filter(|e| e.id == processor_id)
    else {
        return;
    };
    let mut options = Vec::new();
    for d in &extras.dpas {
        let which = if d.is_current { "current" } else { "earlier" };
        options.push((
            ProcessorPart::Agreement(d.id).encode(),
            format!(
                "Agreement {} ({}, {which})",
                d.dpa.version,
                d.dpa.status.label().to_lowercase()
            ),
        ));
    }
    for t in &extras.transfers {
        options.push((
            ProcessorPart::Transfer(t.id).encode(),
            format!(
                "Transfer to {} · {}",
                t.transfer.country,
                t.transfer.tool.label()
            ),
        ));
    }
    for n in &extras.notices {
        options.push((
            ProcessorPart::Notice(n.id).encode(),
            format!(
                "Change notice: {}, received {}",
                n.notice.sub_processor, n.notice.received_on
            ),
        ));
    }
    if options.is_empty() {
        state.error("Nothing recorded under this processor to delete");
        return;
    }
    state.pick(
        PickPurpose::DeletePart { processor_id },
        "Delete which record?".to_string(),
        options,
    );
}

/// Asks before deleting the part chosen from the pick list.
pub fn ask_delete(state: &mut State, processor_id: i64, code: i64) {
    let part = ProcessorPart::decode(code);
    let label = match &state.modal {
        Some(Modal::Pick(p)) => p
            .options
            .iter()
            .find(|(c, _)| *c == code)
            .map(|(_, l)| l.clone())
            .unwrap_or_default(),
        _ => String::new(),
    };
    let mut lines = vec![format!("Delete {label}?"), String::new()];
    lines.push(match part {
        ProcessorPart::Agreement(_) => "An agreement that ended is better kept with status Terminated or Superseded: the register then shows it existed.".into(),
        ProcessorPart::Transfer(_) => "Delete a transfer only if it was recorded by mistake or no longer happens.".into(),
        ProcessorPart::Notice(_) => "The notice and its decision go; the objection deadline it started is no longer shown.".into(),
    });
    state.modal = Some(Modal::Confirm(Confirm {
        title: "Delete".into(),
        lines,
        on_yes: ConfirmAction::DeletePart { processor_id, part },
    }));
}
