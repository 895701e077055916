//! The records of processing (Art. 30(1)): a list that says what each record
//! lacks, a detail with its categories, bases, recipients and findings, the
//! add/edit form, and the way to the processors that receive its data.

mod perform;
mod update;

pub use perform::perform;
pub use update::update;

use ratatui::layout::{Constraint, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, Row};
use ratatui::Frame;

use super::list_screen::{self, list_in_state, ListScreen};
use super::processors::Processors;
use crate::domain::activity::{Activity, ActivityStatus};
use crate::domain::country::outside_eea;
use crate::record::activity::ActivityKind;
use crate::record::draft_of;
use crate::store::ActivityRow;
use crate::tui::effect::ActivityEffect;
use crate::tui::effect::{Effect, Focus, ListRead, Save};
use crate::tui::keymap::{Command, Hint, Mode};
use crate::tui::state::{Confirm, ConfirmAction, FormTarget, Modal, PickPurpose, State, Tab};
use crate::tui::widgets::details::Details;
use crate::tui::widgets::form::{self, Form};
use crate::tui::widgets::list_window::{ListLabels, ListWindow};
use crate::tui::widgets::text::fit;

/// The activities list.
pub struct Activities;

impl ListScreen for Activities {
    list_in_state!(activities: ActivityRow, row => row.id);
    fn load(state: &State, read: ListRead) -> Effect {
        let incomplete_only = state.incomplete_only;
        Effect::Activities(ActivityEffect::LoadActivities {
            read,
            incomplete_only,
        })
    }
}

/// What the footer names: the keys are read from the key map.
const FOOTER: &[Hint] = &[
    (Command::Add, "add"),
    (Command::Edit, "edit"),
    (Command::FollowLink, "processors"),
    (Command::ToggleIncomplete, "incomplete"),
];

/// The screen's own commands (the list's are `list_screen::command`'s).
pub fn command(state: &mut State, command: Command) -> Vec<Effect> {
    let selected = state.activities.selected_row().cloned();
    match (command, selected) {
        (Command::Add, _) => vec![Effect::Activities(ActivityEffect::PrepareActivityForm {
            id: None,
        })],
        (Command::ToggleIncomplete, row) => {
            state.incomplete_only = !state.incomplete_only;
            state.info(if state.incomplete_only {
                "Showing only records that miss an Art. 30 point (i shows all)"
            } else {
                "Showing every record"
            });
            let focus = row.map_or(Focus::Index(0), |r| Focus::Id(r.id));
            list_screen::reload::<Activities>(state, focus)
        }
        (_, None) => {
            let add = state.key(Mode::Activities, Command::Add);
            state.error(format!("No activity selected: press {add} to record one"));
            Vec::new()
        }
        (Command::Edit | Command::Duplicate, Some(row)) => {
            state.duplicating = command == Command::Duplicate;
            vec![Effect::Activities(ActivityEffect::PrepareActivityForm {
                id: Some(row.id),
            })]
        }
        (Command::Delete, Some(row)) => {
            ask_delete(state, &row);
            Vec::new()
        }
        (Command::FollowLink, Some(row)) => follow_link(state, &row),
        _ => Vec::new(),
    }
}

fn display_name(name: &str) -> String {
    if name.trim().is_empty() {
        "(unnamed)".to_string()
    } else {
        name.to_string()
    }
}

fn ask_delete(state: &mut State, row: &ActivityRow) {
    let mut lines = vec![format!(
        "Delete the record of processing \"{}\"?",
        display_name(&row.activity.name)
    )];
    lines.push(String::new());
    lines.push(
        "Its data categories, lawful bases and processor links go with it; the processors stay."
            .into(),
    );
    lines.push(
        "An activity that has stopped is better kept with status Retired: the register then shows it was done."
            .into(),
    );
    state.modal = Some(Modal::Confirm(Confirm {
        title: "Delete activity".into(),
        lines,
        on_yes: ConfirmAction::DeleteActivity { id: row.id },
    }));
}

/// Enter on an activity: straight to its one processor, or a choice among several.
fn follow_link(state: &mut State, row: &ActivityRow) -> Vec<Effect> {
    match row.processors.as_slice() {
        [] => {
            let edit = state.key(Mode::Activities, Command::Edit);
            state.error(format!(
                "This activity is linked to no processor: press {edit} to link its recipients"
            ));
            Vec::new()
        }
        [(id, _, _)] => go_to_processor(state, *id),
        many => {
            state.pick(
                PickPurpose::GoToProcessor,
                format!("Processors of {}", display_name(&row.activity.name)),
                many.iter()
                    .map(|(id, name, country)| (*id, format!("{name} ({country})")))
                    .collect(),
            );
            Vec::new()
        }
    }
}

/// Shows processor `id` selected on the processors screen, with the filter cleared
/// so that it is in the list.
pub fn go_to_processor(state: &mut State, id: i64) -> Vec<Effect> {
    state.modal = None;
    state.message = None;
    state.tab = Tab::Processors;
    state.processors.filter.clear();
    state.processors.filtering = false;
    list_screen::reload::<Processors>(state, Focus::Id(id))
}

/// The add/edit form, filled from `row` (or empty for a new record);
/// `processors` are the register's, offered to tick.
pub fn open_form(state: &mut State, row: Option<ActivityRow>, processors: Vec<(i64, String)>) {
    // A copy (y) opens as a new record: a draft, not yet reviewed.
    let copy = std::mem::take(&mut state.duplicating) && row.is_some();
    let row = row.map(|mut r| {
        if copy {
            r.activity.name = format!("{} (copy)", r.activity.name);
            r.activity.status = crate::domain::activity::ActivityStatus::Draft;
            r.activity.last_reviewed = None;
        }
        r
    });
    let mut draft = match &row {
        Some(r) => draft_of::<ActivityKind>(&r.activity, &state.context()),
        None => draft_of::<ActivityKind>(&Activity::default(), &state.context()),
    };
    let linked: Vec<String> = row
        .iter()
        .flat_map(|r| r.processors.iter().map(|(id, _, _)| id.to_string()))
        .collect();
    draft.set("processors", linked.join(","));
    let fields = form::fields_of::<ActivityKind>(&draft, vec![("processors", processors)]);
    let title = match &row {
        Some(_) if copy => "New record of processing, copied: change what differs".to_string(),
        Some(r) => format!("Edit activity: {}", display_name(&r.activity.name)),
        None => "New record of processing".to_string(),
    };
    let (id, revision) = match &row {
        Some(r) if !copy => (Some(r.id), r.revision),
        _ => (None, 0),
    };
    state.open_form(FormTarget::Activity(id), revision, Form::new(title, fields));
}

/// The effect that saves a valid activity form, with the processors ticked on it.
pub fn save_effect(save: Save<Activity>, form: &Form) -> Effect {
    Effect::Activities(ActivityEffect::SaveActivity {
        save: save.map(Box::new),
        processors: form.ticked_ids("processors"),
    })
}

pub fn saved(
    state: &mut State,
    id: i64,
    name: &str,
    created: bool,
    note: Option<String>,
) -> Vec<Effect> {
    state.modal = None;
    let verb = list_screen::added_or_saved(created);
    match note {
        // Saved, but not as asked: say so as loudly as an error.
        Some(note) => state.error(format!("{verb} {}, {note}", display_name(name))),
        None => state.info(format!("{verb} {}", display_name(name))),
    }
    let mut effects = list_screen::reload::<Activities>(state, Focus::Id(id));
    effects.push(Effect::LoadOrganisation); // the incomplete count on the tab
    effects
}

pub fn deleted(state: &mut State, name: &str) -> Vec<Effect> {
    let message = format!("Deleted {}", display_name(name));
    let mut effects = list_screen::deleted::<Activities>(state, message);
    effects.push(Effect::LoadOrganisation); // the incomplete count on the tab
    effects
}

pub fn render(frame: &mut Frame, state: &State, body: Rect) {
    list_screen::render_split(frame, state, body, render_list, render_detail);
}

fn render_list(frame: &mut Frame, state: &State, area: Rect) {
    let (name, empty) = if state.incomplete_only {
        (
            "Activities · incomplete only",
            format!(
                "Every record documents all Art. 30(1) points. Press {} to show them all.",
                state.key(Mode::Activities, Command::ToggleIncomplete)
            ),
        )
    } else {
        (
            "Activities",
            format!(
                "No records of processing yet. Press {} to record the first activity.",
                state.key(Mode::Activities, Command::Add)
            ),
        )
    };
    let hint = state.keys.footer(Mode::Activities, FOOTER);
    let labels = ListLabels::reading(name, &hint, &empty);
    let columns = [
        ("Activity", Constraint::Fill(1)),
        ("Status", Constraint::Length(9)),
        ("Art. 30", Constraint::Length(10)),
    ];
    list_screen::render_list::<Activities>(frame, state, area, &labels, &columns, list_row);
}

fn list_row<'a>(state: &'a State, row: &'a ActivityRow, widths: &[usize]) -> Row<'a> {
    let (a, theme) = (&row.activity, &state.theme);
    let missing = a
        .missing_points(&row.context(row.controller_identified))
        .len();
    let (completeness, style) = match missing {
        0 => ("complete".to_string(), Style::default()),
        1 => ("1 missing".to_string(), theme.error),
        n => (format!("{n} missing"), theme.error),
    };
    let name_style = if a.status == ActivityStatus::Retired {
        theme.ended
    } else {
        Style::default()
    };
    Row::new(vec![
        Cell::from(fit(&display_name(&a.name), widths[0])).style(name_style),
        Cell::from(a.status.label()),
        Cell::from(completeness).style(style),
    ])
}

fn render_detail(frame: &mut Frame, state: &State, area: Rect) {
    let title = (" Record of processing ", 15);
    list_screen::render_details::<Activities>(frame, state, area, title, describe);
}

fn describe(d: &mut Details<'_>, _state: &State, row: &ActivityRow) {
    d.title(display_name(&row.activity.name));
    the_record(d, row);
    the_data(d, &row.activity);
    the_gaps(d, row);
}

/// The Art. 30(1) points in prose: status, owner, purposes, who, where the
/// data goes, how it is protected, and whether a DPIA is needed.
fn the_record(d: &mut Details<'_>, row: &ActivityRow) {
    let a = &row.activity;
    let plain = Style::default();
    let reviewed = a
        .last_reviewed
        .map(|d| format!(", last reviewed {d}"))
        .unwrap_or_default();
    d.field("Status", &format!("{}{reviewed}", a.status.label()), plain);
    d.field_if_any("Owner", &a.owner, plain);
    for j in &a.joint_controllers {
        let arrangement = match (j.arrangement.trim(), j.arrangement_date) {
            ("", _) => "✗ no arrangement (Art. 26(1))".to_string(),
            (reference, Some(day)) => format!("arrangement {reference} of {day}"),
            (reference, None) => format!("arrangement {reference}"),
        };
        let parts: Vec<&str> = [j.contact.as_str(), &arrangement, j.answers.label()]
            .into_iter()
            .filter(|p| !p.is_empty())
            .collect();
        d.field(
            "Joint ctrl.",
            &format!("{}: {}", j.name, parts.join(" · ")),
            plain,
        );
    }
    d.field_if_any("Purposes", &a.purposes, plain);
    d.field_if_any("Data subjects", &a.subject_categories, plain);
    d.field_if_any("Source", &a.source, plain);
    let processors: Vec<String> = row
        .processors
        .iter()
        .map(|(_, name, country)| format!("{name} ({country})"))
        .collect();
    d.field_if_any("Processors", &processors.join(", "), plain);
    d.field_if_any("Other recip.", &a.other_recipients, plain);
    let abroad: Vec<String> = row
        .processors
        .iter()
        .filter(|(_, _, country)| outside_eea(country))
        .map(|(_, name, country)| format!("{country} via {name}"))
        .collect();
    d.field_if_any("Third country", &abroad.join(", "), plain);
    let recorded: Vec<String> = row
        .transfers
        .iter()
        .map(|(name, country, tool)| format!("{country} via {name} ({})", tool.label()))
        .collect();
    d.field_if_any("Via processors", &recorded.join("; "), plain);
    d.field_if_any("Transfers", &a.other_transfers, plain);
    d.field_if_any("Security", &a.measures, plain);
    d.field("DPIA", &dpia_summary(a), plain);
}

/// The DPIA reference, or how many WP248 criteria point to one.
fn dpia_summary(a: &Activity) -> String {
    let criteria = a.dpia_criteria.iter().filter(|c| **c).count();
    match (criteria, a.dpia_reference.trim()) {
        (_, reference) if !reference.is_empty() => {
            let date = a.dpia_date.map(|d| format!(" of {d}")).unwrap_or_default();
            format!("{reference}{date} ({criteria} of 9 WP248 criteria)")
        }
        (0 | 1, _) => format!("not indicated ({criteria} of 9 WP248 criteria)"),
        (n, _) => format!("{n} of 9 WP248 criteria apply: a DPIA is required"),
    }
}

/// Each category of personal data with its retention, and each lawful basis.
fn the_data(d: &mut Details<'_>, a: &Activity) {
    let plain = Style::default();
    if !a.data_categories.is_empty() {
        d.heading("Personal data and retention");
        for c in &a.data_categories {
            let mut text = c.name.clone();
            if let Some(kind) = &c.special {
                text.push_str(&format!(" · Art. 9: {kind}"));
            }
            if c.criminal {
                text.push_str(" · Art. 10");
            }
            match &c.retention {
                Some(r) => text.push_str(&format!(" · keep {r}")),
                None => text.push_str(" · retention not set"),
            }
            d.bullet("• ", &text, plain);
        }
    }
    if !a.bases.is_empty() {
        d.heading("Lawful basis");
        for b in &a.bases {
            let mut text = format!("{}: Art. 6(1){}", b.purpose, b.art6.label());
            if let Some(c) = b.art9 {
                text.push_str(&format!("; Art. 9(2){}", c.label()));
            }
            if !b.art10_basis.is_empty() {
                text.push_str(&format!("; Art. 10: {}", b.art10_basis));
            }
            if !b.justification.is_empty() {
                text.push_str(&format!("; {}", b.justification));
            }
            if !b.consent_record.is_empty() {
                text.push_str(&format!("; consent: {}", b.consent_record));
            }
            d.bullet("• ", &text, plain);
        }
    }
}

/// What Art. 30(1) still lacks, and the other findings.
fn the_gaps(d: &mut Details<'_>, row: &ActivityRow) {
    let a = &row.activity;
    let theme = d.theme;
    d.lines.push(Line::default());
    let missing = a.missing_points(&row.context(row.controller_identified));
    if missing.is_empty() {
        d.paragraph("✓ Every Art. 30(1) point is documented", theme.info);
    } else {
        d.lines.push(Line::from(Span::styled(
            "Missing for Art. 30",
            theme.header,
        )));
        for gap in &missing {
            d.bullet(
                "✗ ",
                &format!("{}: {}", gap.point, gap.message),
                theme.error,
            );
        }
    }
    let findings = a.findings();
    if !findings.is_empty() {
        d.heading("Findings");
        for gap in &findings {
            d.bullet(
                "! ",
                &format!("{}: {}", gap.point, gap.message),
                theme.warning,
            );
        }
    }
}
