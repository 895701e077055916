//! The form that records or edits a processor agreement, its dates, document,
//! sub-processor authorisation and the Art. 28(3)/(4) checklist.

use crate::domain::dpa::{
    clause_note_lines, validate_dpa, Authorisation, ClauseState, Dpa, DpaDates, DpaDraft,
    DpaStatus, CLAUSES,
};
use crate::domain::validation::FieldErrors;
use crate::store::DpaRow;
use crate::tui::effect::Effect;
use crate::tui::effect::ProcessorEffect;
use crate::tui::state::{FormTarget, Modal, OpenForm, State};
use crate::tui::widgets::form::{Form, FormField};

fn ticked(dpa: Option<&Dpa>, state: ClauseState) -> Vec<String> {
    dpa.map(|d| {
        d.clauses
            .iter()
            .enumerate()
            .filter(|(_, (s, _))| *s == state)
            .map(|(i, _)| i.to_string())
            .collect()
    })
    .unwrap_or_default()
}

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
    let base = current.as_ref().map(|c| &c.dpa);
    let d = editing.as_ref().map(|c| &c.dpa);
    let date = |f: fn(&Dpa) -> Option<chrono::NaiveDate>| {
        d.and_then(f).map(|x| x.to_string()).unwrap_or_default()
    };
    let clause_options: Vec<(String, String)> = CLAUSES
        .iter()
        .enumerate()
        .map(|(i, (_, short, _))| (i.to_string(), short.to_string()))
        .collect();
    let status = d.map_or(
        if new || current.is_none() {
            DpaStatus::Requested.code()
        } else {
            DpaStatus::Signed.code()
        },
        |d| d.status.code(),
    );
    let fields = vec![
        FormField::choice("status", "Status", DpaStatus::options(), status),
        FormField::line(
            "version",
            "Version",
            false,
            &d.map(|d| d.version.clone()).unwrap_or_default(),
            "as the parties name it, e.g. 3.2",
        ),
        FormField::line(
            "signed_on",
            "Signed",
            false,
            &date(|d| d.signed_on),
            "YYYY-MM-DD",
        ),
        FormField::line(
            "effective_on",
            "Effective",
            false,
            &date(|d| d.effective_on),
            "YYYY-MM-DD",
        ),
        FormField::line(
            "review_on",
            "Review by",
            false,
            &date(|d| d.review_on),
            "YYYY-MM-DD (shown as due 30 days before)",
        ),
        FormField::line(
            "document",
            "Document",
            false,
            &d.map(|d| d.document.clone()).unwrap_or_default(),
            "path from the register's folder, or https://…",
        ),
        FormField::choice(
            "authorisation",
            "Sub-processors",
            Authorisation::options(),
            base.map_or(Authorisation::Specific.code(), |d| d.authorisation.code()),
        ),
        FormField::line(
            "notice_days",
            "Days to object",
            false,
            &base
                .and_then(|d| d.notice_days)
                .map(|n| n.to_string())
                .unwrap_or_default(),
            "for general authorisation, e.g. 30",
        ),
        FormField::checklist(
            "present",
            "Clauses present",
            clause_options.clone(),
            &ticked(base, ClauseState::Present),
        ),
        FormField::checklist(
            "not_applicable",
            "Not applicable",
            clause_options,
            &ticked(base, ClauseState::NotApplicable),
        ),
        FormField::text(
            "notes",
            "Clause notes",
            &base
                .map(|d| clause_note_lines(&d.clauses))
                .unwrap_or_default(),
            "one per line, e.g. 28_3_h: audit rights in clause 9",
        ),
    ];
    let title = match &editing {
        Some(_) => format!("Processor agreement with {name}"),
        None => format!("New processor agreement with {name}"),
    };
    state.modal = Some(Modal::Form(Box::new(OpenForm {
        target: FormTarget::Agreement {
            processor_id,
            id: editing.as_ref().map(|c| c.id),
        },
        revision: editing.map_or(0, |c| c.revision),
        form: Form::new(title, fields),
    })));
}

pub fn save_effect(
    processor_id: i64,
    id: Option<i64>,
    revision: i64,
    form: &Form,
) -> Result<Effect, FieldErrors> {
    let draft = DpaDraft {
        status: form.value("status"),
        version: form.value("version"),
        dates: DpaDates {
            signed_on: form.value("signed_on"),
            effective_on: form.value("effective_on"),
            review_on: form.value("review_on"),
        },
        document: form.value("document"),
        authorisation: form.value("authorisation"),
        notice_days: form.value("notice_days"),
        present: form.value("present"),
        not_applicable: form.value("not_applicable"),
        notes: form.value("notes"),
    };
    validate_dpa(&draft).map(|dpa| {
        Effect::Processors(ProcessorEffect::SaveDpa {
            processor_id,
            id,
            revision,
            dpa: Box::new(dpa),
        })
    })
}
