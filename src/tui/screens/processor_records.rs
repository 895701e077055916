//! The organisation's own records as a processor (Art. 30(2)): one per
//! controller it processes for, with what each record still lacks.

use crate::store::Found;
use ratatui::layout::{Constraint, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, Row};
use ratatui::Frame;

use super::list_screen::{self, list_in_state, load_window, ListScreen};
use super::record_writes::Written;
use crate::domain::activity::ProcessorRecord;
use crate::record::draft_of;
use crate::record::processor_record::ProcessorRecordKind;
use crate::store::{ProcessorRecordRow, Register, StoreResult};
use crate::tui::action::{Action, ProcessorRecordAction};
use crate::tui::effect::ProcessorRecordEffect;
use crate::tui::effect::{Effect, ListRead, Save};
use crate::tui::keymap::{Command, Hint, Mode};
use crate::tui::state::{Confirm, ConfirmAction, FormTarget, Modal, State};
use crate::tui::widgets::form::{self, Form};
use crate::tui::widgets::list_window::{ListLabels, ListWindow};
use crate::tui::widgets::text::{fit, wrap_words};

/// The Art. 30(2) records list.
pub struct ProcessorRecords;

impl ListScreen for ProcessorRecords {
    list_in_state!(processor_records: ProcessorRecordRow, row => row.id);
    fn load(_state: &State, read: ListRead) -> Effect {
        Effect::ProcessorRecords(ProcessorRecordEffect::LoadProcessorRecords(read))
    }
}

/// Applies one of the Art. 30(2) records' answers.
pub fn update(state: &mut State, action: ProcessorRecordAction) -> Vec<Effect> {
    match action {
        ProcessorRecordAction::ProcessorRecordsLoaded(page) => {
            list_screen::loaded::<ProcessorRecords>(state, page)
        }
        ProcessorRecordAction::FormReady { row, processors } => {
            open_form(state, row.map(|r| *r), processors);
            Vec::new()
        }
        ProcessorRecordAction::ProcessorRecordSaved { id, name, created } => {
            saved(state, id, &name, created)
        }
        ProcessorRecordAction::ProcessorRecordDeleted { name } => deleted(state, &name),
    }
}

/// Performs one of the Art. 30(2) records' effects.
pub fn perform(register: &mut Register, effect: ProcessorRecordEffect) -> StoreResult<Action> {
    match effect {
        ProcessorRecordEffect::LoadProcessorRecords(read) => load_window(
            read,
            |f| register.count_processor_records(f).map(|n| (n, true)),
            |f, id| register.processor_record_position(f, id),
            |f, offset, limit| register.processor_record_page(f, offset, limit),
        )
        .map(|page| Action::ProcessorRecords(ProcessorRecordAction::ProcessorRecordsLoaded(page))),
        ProcessorRecordEffect::PrepareForm { id } => {
            let row = match id {
                Some(id) => Some(Box::new(
                    register
                        .processor_record(id)
                        .found("processor record", id)?,
                )),
                None => None,
            };
            let processors = register.parent_candidates(None)?;
            Ok(Action::ProcessorRecords(ProcessorRecordAction::FormReady {
                row,
                processors,
            }))
        }
        ProcessorRecordEffect::SaveProcessorRecord(save) => {
            let Written { id, created } = save.write(
                register,
                Register::update_processor_record,
                Register::insert_processor_record,
            )?;
            let name = save.record.controller_name;
            let saved = ProcessorRecordAction::ProcessorRecordSaved { id, name, created };
            Ok(Action::ProcessorRecords(saved))
        }
        ProcessorRecordEffect::DeleteProcessorRecord { id } => {
            // Read first: the message names what was deleted.
            let row = register.processor_record(id)?;
            register.delete_processor_record(id)?;
            let name = row.map(|r| r.record.controller_name).unwrap_or_default();
            let deleted = ProcessorRecordAction::ProcessorRecordDeleted { name };
            Ok(Action::ProcessorRecords(deleted))
        }
    }
}

/// What the footer names: the keys are read from the key map.
const FOOTER: &[Hint] = &[
    (Command::Filter, "filter"),
    (Command::Add, "add"),
    (Command::Edit, "edit"),
    (Command::Delete, "delete"),
];

/// What the list says while it is empty.
fn no_records(state: &State) -> String {
    format!(
        "No Art. 30(2) records. If you process personal data for customers, press {} to add one per controller.",
        state.key(Mode::List, Command::Add)
    )
}

/// The screen's own commands (the list's are `list_screen::command`'s).
pub fn command(state: &mut State, command: Command) -> Vec<Effect> {
    let selected = state.processor_records.selected_row().cloned();
    match (command, selected) {
        (Command::Add, _) => vec![Effect::ProcessorRecords(
            ProcessorRecordEffect::PrepareForm { id: None },
        )],
        (Command::Edit | Command::Delete, None) => {
            let add = state.key(Mode::List, Command::Add);
            state.error(format!(
                "No record selected: press {add} to add the first controller you process for"
            ));
            Vec::new()
        }
        (Command::Edit, Some(row)) => vec![Effect::ProcessorRecords(
            ProcessorRecordEffect::PrepareForm { id: Some(row.id) },
        )],
        (Command::Delete, Some(row)) => {
            state.modal = Some(Modal::Confirm(Confirm {
                title: "Delete Art. 30(2) record".into(),
                lines: vec![
                    format!(
                        "Delete the record of processing for {}?",
                        row.record.controller_name
                    ),
                    String::new(),
                    "Keep it while you still process personal data for this controller: Art. 30(2) asks for it."
                        .into(),
                ],
                on_yes: ConfirmAction::DeleteProcessorRecord { id: row.id },
            }));
            Vec::new()
        }
        _ => Vec::new(),
    }
}

fn open_form(state: &mut State, row: Option<ProcessorRecordRow>, processors: Vec<(i64, String)>) {
    let draft = row.as_ref().map_or_else(
        || draft_of::<ProcessorRecordKind>(&ProcessorRecord::default(), &state.context()),
        |row| draft_of::<ProcessorRecordKind>(&row.record, &state.context()),
    );
    let fields =
        form::fields_of::<ProcessorRecordKind>(&draft, vec![("sub_processors", processors)]);
    let title = match &row {
        Some(row) => format!("Edit Art. 30(2) record: {}", row.record.controller_name),
        None => "New Art. 30(2) record".to_string(),
    };
    state.open_form(
        FormTarget::ProcessorRecord(row.as_ref().map(|r| r.id)),
        row.map_or(0, |r| r.revision),
        Form::new(title, fields),
    );
}

/// The effect that saves a valid Art. 30(2) record form.
pub fn save_effect(save: Save<ProcessorRecord>) -> Effect {
    Effect::ProcessorRecords(ProcessorRecordEffect::SaveProcessorRecord(save))
}

pub fn saved(state: &mut State, id: i64, name: &str, created: bool) -> Vec<Effect> {
    let message = format!(
        "{} the record for {name}",
        list_screen::added_or_saved(created)
    );
    list_screen::saved::<ProcessorRecords>(state, id, message)
}

pub fn deleted(state: &mut State, name: &str) -> Vec<Effect> {
    let message = format!("Deleted the record for {name}");
    list_screen::deleted::<ProcessorRecords>(state, message)
}

pub fn render(frame: &mut Frame, state: &State, body: Rect) {
    list_screen::render_split(frame, state, body, render_list, render_detail);
}

fn render_list(frame: &mut Frame, state: &State, area: Rect) {
    let hint = state.keys.footer(Mode::List, FOOTER);
    let name = "Processing for controllers · Art. 30(2)";
    let empty = no_records(state);
    let labels = ListLabels::reading(name, &hint, &empty);
    let columns = [
        ("Controller", Constraint::Fill(1)),
        ("Art. 30(2)", Constraint::Length(10)),
    ];
    list_screen::render_list::<ProcessorRecords>(frame, state, area, &labels, &columns, list_row);
}

fn list_row<'a>(state: &'a State, row: &'a ProcessorRecordRow, widths: &[usize]) -> Row<'a> {
    let (text, style) = match row.missing_points().len() {
        0 => ("complete".to_string(), Style::default()),
        n => (format!("{n} missing"), state.theme.error),
    };
    Row::new(vec![
        Cell::from(fit(&row.record.controller_name, widths[0])),
        Cell::from(text).style(style),
    ])
}

fn render_detail(frame: &mut Frame, state: &State, area: Rect) {
    let theme = &state.theme;
    let block = list_screen::detail_block(" Record as processor ", theme);
    let Some(row) = state.processor_records.selected_row() else {
        frame.render_widget(block, area);
        return;
    };
    let r = &row.record;
    const LABEL: usize = 18;
    let width = usize::from(area.width.saturating_sub(2));
    let value_width = width.saturating_sub(LABEL).max(1);
    let mut lines = vec![Line::from(Span::styled(
        r.controller_name.clone(),
        theme.title,
    ))];
    let sub_processors: Vec<String> = row
        .sub_processors
        .iter()
        .map(|(_, name, country)| format!("{name} ({country})"))
        .collect();
    let recorded: Vec<String> = row
        .transfers
        .iter()
        .map(|(name, country, tool)| format!("{country} via {name}: {}", tool.label()))
        .collect();
    let tell = r.notify_within_hours.map_or_else(
        || "without undue delay (Art. 33(2); the contract sets no hours)".to_string(),
        |h| format!("within {h} hours of awareness (contract)"),
    );
    for (label, value) in [
        ("Contact", &r.controller_contact),
        ("Representative", &r.representative),
        ("Controller's DPO", &r.controller_dpo),
        ("Processing", &r.processing_categories),
        ("Sub-processors", &sub_processors.join(", ")),
        ("Transfers", &r.transfers),
        ("Recorded", &recorded.join("; ")),
        ("Security", &r.measures),
        ("Breach notice", &tell),
    ] {
        for (i, part) in value
            .lines()
            .flat_map(|l| wrap_words(l, value_width))
            .enumerate()
        {
            let label = if i == 0 { label } else { "" };
            lines.push(Line::from(vec![
                Span::styled(format!("{label:<LABEL$}"), theme.label),
                Span::raw(part),
            ]));
        }
    }
    lines.push(Line::default());
    let missing = row.missing_points();
    if missing.is_empty() {
        lines.push(Line::from(Span::styled(
            "✓ Every Art. 30(2) point is documented",
            theme.info,
        )));
    } else {
        lines.push(Line::from(Span::styled(
            "Missing for Art. 30(2)",
            theme.header,
        )));
        for gap in missing {
            for (i, part) in wrap_words(
                &format!("{}: {}", gap.point, gap.message),
                width.saturating_sub(2).max(1),
            )
            .into_iter()
            .enumerate()
            {
                let mark = if i == 0 { "✗ " } else { "  " };
                lines.push(Line::from(vec![
                    Span::styled(mark, theme.error),
                    Span::styled(part, theme.error),
                ]));
            }
        }
    }
    list_screen::render_wrapped(frame, area, block, lines, state.detail_scroll);
}
