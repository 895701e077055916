//! The processors screen: a virtual list with a detail pane, the add/edit form
//! and the delete confirmation.

mod perform;
mod update;

pub use perform::perform;
pub use update::update;

use ratatui::layout::{Constraint, Rect};
use ratatui::style::Style;
use ratatui::text::Line;
use ratatui::widgets::{Cell, Row};
use ratatui::Frame;

use super::list_screen::{self, list_in_state, ListScreen};
use super::processor_agreements::{self, ContractNeed};
use crate::domain::country::country_name;
use crate::domain::dpa::{agreement_summary, Urgency};
use crate::domain::processor::{ProcessorFields, ProcessorStatus, RecipientRole};
use crate::record::draft_of;
use crate::record::processor::ProcessorKind;
use crate::store::ProcessorRow;
use crate::tui::effect::ProcessorEffect;
use crate::tui::effect::{Effect, Focus, ListRead, Save};
use crate::tui::keymap::{Command, Hint, Mode};
use crate::tui::state::{Confirm, ConfirmAction, FormTarget, Modal, State};
use crate::tui::widgets::details::Details;
use crate::tui::widgets::form::{self, Form};
use crate::tui::widgets::list_window::{ListLabels, ListWindow};
use crate::tui::widgets::text::fit;

/// The processors list.
pub struct Processors;

impl ListScreen for Processors {
    list_in_state!(processors: ProcessorRow, row => row.processor.id);
    fn load(state: &State, read: ListRead) -> Effect {
        let folded = state.folded.clone();
        Effect::Processors(ProcessorEffect::LoadProcessors { read, folded })
    }
    fn settled(state: &State) -> Vec<Effect> {
        match state.processors.selected_row() {
            Some(row)
                if state.processor_extras.as_ref().map(|e| e.id) != Some(row.processor.id) =>
            {
                vec![Effect::Processors(ProcessorEffect::LoadProcessorExtras {
                    id: row.processor.id,
                })]
            }
            _ => Vec::new(),
        }
    }
}

/// What the footer names: the keys are read from the key map.
const FOOTER: &[Hint] = &[
    (Command::Add, "add"),
    (Command::Edit, "edit"),
    (Command::Agreement(false), "agreement"),
    (Command::Transfer(false), "transfer"),
    (Command::ChangeNotice, "notice"),
];

/// What the list says while it is empty.
fn no_processors(state: &State) -> String {
    format!(
        "No processors yet. Press {} to add the first one.",
        state.key(Mode::Processors, Command::Add)
    )
}

/// The screen's own commands (the list's are `list_screen::command`'s).
pub fn command(state: &mut State, command: Command) -> Vec<Effect> {
    match command {
        Command::Add => vec![Effect::Processors(ProcessorEffect::PrepareProcessorForm {
            id: None,
        })],
        Command::Fold(fold) => match state.processors.selected_row() {
            Some(row) if row.sub_processor_count > 0 => {
                let id = row.processor.id;
                let folded = state.folded.contains(&id);
                let want = fold.unwrap_or(!folded);
                if want == folded {
                    return Vec::new();
                }
                if want {
                    state.folded.push(id);
                } else {
                    state.folded.retain(|f| *f != id);
                }
                list_screen::reload::<Processors>(state, Focus::Id(id))
            }
            _ => Vec::new(),
        },
        Command::Transfer(edit) => {
            super::transfer_form::command(state, edit);
            Vec::new()
        }
        Command::DeletePart => {
            super::notice_form::choose_part_to_delete(state);
            Vec::new()
        }
        Command::ChangeNotice => {
            super::notice_form::open_notice(state);
            Vec::new()
        }
        Command::DecideNotice => {
            super::notice_form::decide(state);
            Vec::new()
        }
        Command::Agreement(new) => {
            super::agreement_form::open(state, new);
            Vec::new()
        }
        Command::Edit | Command::Duplicate => match state.processors.selected_row() {
            Some(row) => {
                state.duplicating = command == Command::Duplicate;
                vec![Effect::Processors(ProcessorEffect::PrepareProcessorForm {
                    id: Some(row.processor.id),
                })]
            }
            None => nothing_selected(state),
        },
        Command::Delete => match state.processors.selected_row() {
            Some(row) => vec![Effect::Processors(ProcessorEffect::PrepareDelete {
                id: row.processor.id,
            })],
            None => nothing_selected(state),
        },
        _ => Vec::new(),
    }
}

fn nothing_selected(state: &mut State) -> Vec<Effect> {
    let add = state.key(Mode::Processors, Command::Add);
    state.error(format!("No processor selected: press {add} to add one"));
    Vec::new()
}

/// The add/edit form, filled from `current` (or defaults for a new processor).
pub fn open_form(
    state: &mut State,
    id: Option<i64>,
    current: Option<(i64, ProcessorFields)>,
    parents: Vec<(i64, String)>,
) {
    // A copy (y) opens as a new processor, named apart from its original.
    let copy = std::mem::take(&mut state.duplicating);
    let (id, revision, current) = match current {
        Some((_, mut fields)) if copy => {
            fields.name = format!("{} (copy)", fields.name);
            (None, 0, Some(fields))
        }
        Some((revision, fields)) => (id, revision, Some(fields)),
        None => (id, 0, None),
    };
    let draft = match &current {
        Some(fields) => draft_of::<ProcessorKind>(fields, &state.context()),
        None => draft_of::<ProcessorKind>(&ProcessorFields::default(), &state.context()),
    };
    let fields = form::fields_of::<ProcessorKind>(&draft, vec![("parent_id", parents)]);
    let title = match (&current, id) {
        (Some(p), Some(_)) => format!("Edit processor: {}", p.name),
        (Some(_), None) => "New processor, copied: change what differs".to_string(),
        (None, _) => "New processor".to_string(),
    };
    state.open_form(
        FormTarget::Processor(id),
        revision,
        Form::new(title, fields),
    );
}

/// The effect that saves a valid processor form (with what a catalogue
/// entry chosen for a new one brings).
pub fn save_effect(save: Save<ProcessorFields>, form: &Form) -> Effect {
    let from_catalogue = save.id.is_none().then(|| form.accepted.clone()).flatten();
    Effect::Processors(ProcessorEffect::SaveProcessor {
        save,
        from_catalogue,
    })
}

pub fn saved(state: &mut State, id: i64, name: &str, created: bool) -> Vec<Effect> {
    let verb = list_screen::added_or_saved(created);
    list_screen::saved::<Processors>(state, id, format!("{verb} {name}"))
}

pub fn ask_delete(
    state: &mut State,
    id: i64,
    name: String,
    dependants: Vec<(String, u32)>,
    breach_links: usize,
    used_by: Vec<String>,
) {
    let mut lines = vec![format!("Delete the processor {name}?")];
    if !dependants.is_empty() {
        let n = dependants.len();
        lines.push(String::new());
        lines.push(format!(
            "{} beneath it, at any depth, will be deleted with it:",
            crate::platform::words::counted(n, "sub-processor")
        ));
        const SHOWN: usize = 8;
        lines.extend(
            dependants
                .iter()
                .take(SHOWN)
                .map(|(d, depth)| format!("{}• {d}", "  ".repeat(*depth as usize))),
        );
        if n > SHOWN {
            lines.push(format!("  …and {} more", n - SHOWN));
        }
    }
    lines.push(String::new());
    if !used_by.is_empty() {
        lines.push(format!(
            "{} processing {} data to it and will lose the link (Art. 30(1)(d) recipients):",
            used_by.len(),
            if used_by.len() == 1 {
                "activity sends"
            } else {
                "activities send"
            }
        ));
        lines.extend(used_by.iter().map(|a| format!("• {a}")));
        lines.push(String::new());
    }
    if breach_links > 0 {
        lines.push(format!(
            "{breach_links} breach record(s) name it as the processor involved: they stay, without the link."
        ));
    }
    lines.push("To keep the record of who had the data, set its status to Ended instead.".into());
    state.modal = Some(Modal::Confirm(Confirm {
        title: "Delete processor".into(),
        lines,
        on_yes: ConfirmAction::DeleteProcessor { id },
    }));
}

pub fn deleted(state: &mut State, name: &str, rows: usize) -> Vec<Effect> {
    let extra = if rows > 1 {
        format!(" and {} sub-processor(s)", rows - 1)
    } else {
        String::new()
    };
    list_screen::deleted::<Processors>(state, format!("Deleted {name}{extra}"))
}

pub fn render(frame: &mut Frame, state: &State, body: Rect) {
    list_screen::render_split(frame, state, body, render_list, render_detail);
}

fn render_list(frame: &mut Frame, state: &State, area: Rect) {
    let hint = state.keys.footer(Mode::Processors, FOOTER);
    let empty = no_processors(state);
    let labels = ListLabels::reading("Processors", &hint, &empty);
    let mut columns = vec![
        ("Name", Constraint::Fill(3)),
        ("Ctry", Constraint::Length(4)),
        ("Role", Constraint::Length(22)),
        ("Agreement", Constraint::Length(16)),
    ];
    // Inside the list's borders.
    if area.width.saturating_sub(2) >= WITH_SERVICE_FROM {
        columns.push(("Service", Constraint::Fill(2)));
    }
    list_screen::render_list::<Processors>(frame, state, area, &labels, &columns, list_row);
}

/// The service column is shown only where the name still gets room.
const WITH_SERVICE_FROM: u16 = 90;

fn list_row<'a>(state: &'a State, row: &'a ProcessorRow, widths: &[usize]) -> Row<'a> {
    let (p, theme, today) = (&row.processor.fields, &state.theme, state.today);
    let folded = &state.folded;
    let fold = match (row.sub_processor_count, folded.contains(&row.processor.id)) {
        (0, _) => "",
        (_, true) => "▸ ",
        (_, false) => "▾ ",
    };
    let name = match row.depth {
        0 => format!("{fold}{}", p.name),
        depth => format!("{}↳ {fold}{}", "  ".repeat(depth as usize - 1), p.name),
    };
    let name = fit(&name, widths[0]);
    let service = fit(&p.service, widths.get(4).copied().unwrap_or(0));
    let active = p.status == ProcessorStatus::Active;
    // A sub-processor's contract is with the processor above it (Art. 28(4)).
    let (agreement, urgency) = match (p.role, row.agreement) {
        _ if p.status == ProcessorStatus::ToIdentify => ("to identify".to_string(), Urgency::Soon),
        (RecipientRole::SubProcessor, None) if active => ("via parent".to_string(), Urgency::Fine),
        (role, status) => agreement_summary(
            active && matches!(role, RecipientRole::Processor | RecipientRole::SubProcessor),
            status,
            row.review_on,
            today,
        ),
    };
    let agreement_style = match urgency {
        Urgency::Fine => Style::default(),
        Urgency::Soon => theme.warning,
        Urgency::Now => theme.error,
    };
    let role = match p.status {
        ProcessorStatus::Ended => format!("{} (ended)", p.role.label()),
        ProcessorStatus::ToIdentify => format!("{} (to identify)", p.role.label()),
        ProcessorStatus::Active => p.role.label().to_string(),
    };
    let style = if p.status == ProcessorStatus::Ended {
        theme.ended
    } else {
        Style::default()
    };
    Row::new(vec![
        Cell::from(name),
        Cell::from(if p.country.is_empty() {
            "?".to_string()
        } else {
            p.country.clone()
        }),
        Cell::from(role),
        Cell::from(agreement).style(agreement_style),
        Cell::from(service),
    ])
    .style(style)
}

fn render_detail(frame: &mut Frame, state: &State, area: Rect) {
    list_screen::render_details::<Processors>(frame, state, area, (" Details ", 15), describe);
}

/// The processor, its notes, and (once loaded) its agreements, transfers and
/// change notices.
fn describe(d: &mut Details<'_>, state: &State, row: &ProcessorRow) {
    let p = &row.processor.fields;
    d.title(p.name.clone());
    the_processor(d, row);
    if !p.notes.is_empty() {
        d.lines.push(Line::default());
        d.paragraph(&p.notes, Style::default());
    }
    if let Some(extras) = state
        .processor_extras
        .as_ref()
        .filter(|e| e.id == row.processor.id)
    {
        processor_agreements::describe(d, extras, &contract_need(row), state.today);
    }
}

/// What the recipient's agreement should be, as the list says it.
fn contract_need(row: &ProcessorRow) -> ContractNeed {
    let p = &row.processor.fields;
    match (p.status, p.role) {
        (ProcessorStatus::ToIdentify, _) => ContractNeed::AfterIdentifying,
        (ProcessorStatus::Ended, _) => ContractNeed::None,
        (ProcessorStatus::Active, RecipientRole::Processor) => ContractNeed::Own,
        (ProcessorStatus::Active, RecipientRole::SubProcessor) => {
            ContractNeed::ViaParent(row.parent_name.clone().unwrap_or_default())
        }
        (ProcessorStatus::Active, _) => ContractNeed::None,
    }
}

/// Who the recipient is, where, in which role, for whom, and how to reach it.
fn the_processor(d: &mut Details<'_>, row: &ProcessorRow) {
    let p = &row.processor.fields;
    let plain = Style::default();
    let country = match country_name(&p.country) {
        Some(name) => format!("{} ({name})", p.country),
        None => p.country.clone(),
    };
    d.field("Org. number", &p.org_number, plain);
    d.field("Country", &country, plain);
    d.field("Role", p.role.label(), plain);
    if let Some(parent) = &row.parent_name {
        d.field("Works for", parent, plain);
    }
    let beneath = format!("{} directly beneath it", row.sub_processor_count);
    d.field("Sub-processors", &beneath, plain);
    d.field("Status", p.status.label(), plain);
    d.field_if_any("Used by", &row.used_by.join(", "), plain);
    d.field("Service", &p.service, plain);
    d.field("Contact", &p.contact_email, plain);
    d.field("Address", &p.address, plain);
}
