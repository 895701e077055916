//! The breaches screen: every personal-data breach with its 72-hour clock,
//! counting down live; the decision panel that says what the risk level
//! obliges; the notifications sent; the record form and the notification form.

mod perform;
mod update;

pub use perform::perform;
pub use update::update;

use chrono::{DateTime, Datelike, Utc};
use chrono_tz::Tz;
use ratatui::layout::{Constraint, Rect};
use ratatui::style::Style;
use ratatui::text::Line;
use ratatui::widgets::{Cell, Row};
use ratatui::Frame;

use super::list_screen::{self, list_in_state, ListScreen};
use crate::domain::authorities::{authority, default_authority};
use crate::domain::breach::{
    check_notification, duties, processor_duties, Breach, BreachStatus, DutyState, Notification,
    NotificationKind, RiskLevel,
};
use crate::domain::breach_clock::{long_time, naive_reading_error, remaining_text};
use crate::domain::validation::FieldErrors;
use crate::record::breach::{BreachKind, BreachNotificationKind};
use crate::record::{draft_of, Context};
use crate::store::BreachRow;
use crate::tui::effect::BreachEffect;
use crate::tui::effect::{Effect, ListRead, Save};
use crate::tui::keymap::{Command, Hint, Mode};
use crate::tui::state::{Confirm, ConfirmAction, FormTarget, Modal, State};
use crate::tui::theme::Theme;
use crate::tui::widgets::details::Details;
use crate::tui::widgets::form::{self, FieldInput, Form};
use crate::tui::widgets::list_window::{ListLabels, ListWindow};
use crate::tui::widgets::text::fit;

/// The breaches list.
pub struct Breaches;

impl ListScreen for Breaches {
    list_in_state!(breaches: BreachRow, row => row.id);
    fn load(_state: &State, read: ListRead) -> Effect {
        Effect::Breaches(BreachEffect::LoadBreaches(read))
    }
}

/// What the footer names: the keys are read from the key map.
const FOOTER: &[Hint] = &[
    (Command::Add, "record"),
    (Command::Notify, "notify"),
    (Command::Letter, "letter"),
    (Command::Edit, "edit"),
];

/// What the list says while it is empty.
fn no_breaches(state: &State) -> String {
    format!(
        "No breaches recorded. Press {} when something goes wrong: the 72 hours start at awareness.",
        state.key(Mode::Breaches, Command::Add)
    )
}

/// The screen's own commands (the list's are `list_screen::command`'s).
pub fn command(state: &mut State, command: Command) -> Vec<Effect> {
    let selected = state.breaches.selected_row().cloned();
    match (command, selected) {
        (Command::Add, _) => vec![Effect::Breaches(BreachEffect::PrepareBreachForm {
            id: None,
        })],
        (Command::Edit, Some(row)) => vec![Effect::Breaches(BreachEffect::PrepareBreachForm {
            id: Some(row.id),
        })],
        (Command::Delete, Some(row)) => {
            ask_delete(state, &row);
            Vec::new()
        }
        (Command::Notify, Some(row)) => {
            open_notification_form(state, &row);
            Vec::new()
        }
        (Command::Edit | Command::Delete | Command::Notify, None) => {
            let add = state.key(Mode::Breaches, Command::Add);
            state.error(format!("No breach selected: press {add} to record one"));
            Vec::new()
        }
        _ => Vec::new(),
    }
}

fn zone(state: &State) -> Tz {
    state.time_zone()
}

/// The register's records a breach form offers: (id, label) each.
pub struct FormChoices {
    pub processors: Vec<(i64, String)>,
    pub activities: Vec<(i64, String)>,
    /// The Art. 30(2) records, for a breach as processor.
    pub controllers: Vec<(i64, String)>,
}

/// The record form, filled from `row` (or empty, aware now, for a new
/// breach), with the register's records to choose from.
pub fn open_form(state: &mut State, row: Option<BreachRow>, choices: FormChoices) {
    let FormChoices {
        processors,
        activities,
        controllers,
    } = choices;
    let context = state.context();
    let breach = row.as_ref().map_or_else(
        || Breach {
            aware_at: state.now,
            ..Breach::default()
        },
        |r| r.breach.clone(),
    );
    let mut draft = draft_of::<BreachKind>(&breach, &context);
    let affected: Vec<String> = row
        .iter()
        .flat_map(|r| r.activities.iter().map(|(id, _)| id.to_string()))
        .collect();
    draft.set("activities", affected.join(","));
    let records = vec![
        ("processor_id", processors),
        ("activities", activities),
        ("processor_record_id", controllers),
    ];
    let mut fields = form::fields_of::<BreachKind>(&draft, records);
    // No Art. 30(2) record: the organisation is the controller.
    if let Some(FieldInput::Choice(choice)) = fields
        .iter_mut()
        .find(|f| f.key == "processor_record_id")
        .map(|f| &mut f.input)
    {
        choice.options[0].1 = "(none: we are the controller)".to_string();
    }
    let (id, revision) = row.as_ref().map_or((None, 0), |r| (Some(r.id), r.revision));
    let title = match &row {
        Some(row) => format!("Edit breach: {}", row.breach.title),
        None => "Record a personal-data breach".to_string(),
    };
    state.open_form(FormTarget::Breach(id), revision, Form::new(title, fields));
}

/// The effect that saves a valid breach form, with the activities ticked on it.
pub fn save_effect(save: Save<Breach>, form: &Form) -> Effect {
    Effect::Breaches(BreachEffect::SaveBreach {
        save: save.map(Box::new),
        activities: form.ticked_ids("activities"),
    })
}

fn open_notification_form(state: &mut State, row: &BreachRow) {
    if let Some(controller) = &row.controller {
        state.error(format!(
            "As processor, tell {} (e: \"Controller told\"); the controller notifies the authority (Art. 33(2))",
            controller.name
        ));
        return;
    }
    if row.breach.risk_level == RiskLevel::NoRisk {
        let edit = state.key(Mode::Breaches, Command::Edit);
        state.error(format!(
            "A no-risk breach is not notified: press {edit} to change its risk level first"
        ));
        return;
    }
    let previous = row.notifications.last().map(|n| n.authority.clone());
    let jurisdiction = state
        .organisation
        .as_ref()
        .map_or("", |v| v.organisation.jurisdiction_code());
    let authority = previous
        .or_else(|| default_authority(jurisdiction).map(|a| a.code.to_string()))
        .unwrap_or_default();
    let kind = if row.notifications.is_empty() {
        NotificationKind::Initial
    } else {
        NotificationKind::Additional
    };
    let notification = Notification {
        authority,
        kind,
        sent_at: state.now,
        ..Notification::default()
    };
    let draft = draft_of::<BreachNotificationKind>(&notification, &state.context());
    let mut fields = form::fields_of::<BreachNotificationKind>(&draft, Vec::new());
    // The first notification after the 72 hours must say why (Art. 33(1)).
    let late = state.now > row.breach.deadline() && row.notifications.is_empty();
    if let Some(field) = fields.iter_mut().find(|f| f.key == "delay_reason") {
        field.required = late;
    }
    let title = format!("Notify an authority: {}", row.breach.title);
    state.open_form(
        FormTarget::Notification {
            breach_id: row.id,
            aware_at: row.breach.aware_at,
            first: row.notifications.is_empty(),
        },
        row.revision,
        Form::new(title, fields),
    );
}

pub fn notification_effect(
    breach_id: i64,
    (aware_at, first): (DateTime<Utc>, bool),
    revision: i64,
    form: &Form,
    context: &Context,
) -> Result<Effect, FieldErrors> {
    let notification = form::read::<BreachNotificationKind>(form, context)?;
    let mut errors = FieldErrors::default();
    check_notification(&notification, aware_at, first, &context.zone, &mut errors);
    errors.into_result(notification).map(|notification| {
        Effect::Breaches(BreachEffect::AddNotification {
            breach_id,
            revision,
            notification,
        })
    })
}

fn ask_delete(state: &mut State, row: &BreachRow) {
    let lines = vec![
        format!("Delete the breach \"{}\"?", row.breach.title),
        String::new(),
        format!("Its {} notification record(s) go with it.", row.notifications.len()),
        "Art. 33(5) asks you to document every breach, notified or not: delete only a record made by mistake.".into(),
    ];
    state.modal = Some(Modal::Confirm(Confirm {
        title: "Delete breach".into(),
        lines,
        on_yes: ConfirmAction::DeleteBreach { id: row.id },
    }));
}

/// How the list shows where a breach stands, and in which colour.
fn standing(row: &BreachRow, now: DateTime<Utc>) -> (String, Style, &'static str) {
    let b = &row.breach;
    if let Some(controller) = &row.controller {
        return match (b.controller_told_at, controller.deadline(b.aware_at)) {
            (Some(_), _) => ("controller told".into(), Style::default(), "muted"),
            (None, _) if b.status == BreachStatus::Closed => {
                ("never told".into(), Style::default(), "error")
            }
            (None, Some(deadline)) if now <= deadline => {
                (remaining_text(deadline, now), Style::default(), "warning")
            }
            (None, Some(deadline)) => (remaining_text(deadline, now), Style::default(), "error"),
            (None, None) => ("tell controller".into(), Style::default(), "error"),
        };
    }
    let first = row.notifications.iter().map(|n| n.sent_at).min();
    match (b.risk_level, first, b.status) {
        (RiskLevel::NoRisk, ..) => ("record only".into(), Style::default(), "muted"),
        (_, Some(sent), _) if sent > b.deadline() => {
            ("notified late".into(), Style::default(), "warning")
        }
        (_, Some(_), _) => ("notified".into(), Style::default(), "muted"),
        (_, None, BreachStatus::Closed) => ("never notified".into(), Style::default(), "error"),
        (_, None, _) if now > b.deadline() => {
            (remaining_text(b.deadline(), now), Style::default(), "error")
        }
        (_, None, _) if b.deadline() - now < chrono::Duration::hours(24) => (
            remaining_text(b.deadline(), now),
            Style::default(),
            "warning",
        ),
        (_, None, _) => (remaining_text(b.deadline(), now), Style::default(), "plain"),
    }
}

fn style_of(kind: &str, theme: &Theme) -> Style {
    match kind {
        "error" => theme.error,
        "warning" => theme.warning,
        "muted" => theme.ended,
        _ => Style::default(),
    }
}

pub fn render(frame: &mut Frame, state: &State, body: Rect) {
    list_screen::render_split(frame, state, body, render_list, render_detail);
}

fn render_list(frame: &mut Frame, state: &State, area: Rect) {
    let hint = state.keys.footer(Mode::Breaches, FOOTER);
    let empty = no_breaches(state);
    let labels = ListLabels::reading("Breaches", &hint, &empty);
    let columns = [
        ("72 h deadline", Constraint::Length(17)),
        ("Left", Constraint::Length(16)),
        ("Breach", Constraint::Fill(1)),
        ("Risk", Constraint::Length(5)),
    ];
    list_screen::render_list::<Breaches>(frame, state, area, &labels, &columns, list_row);
}

fn list_row<'a>(state: &'a State, row: &'a BreachRow, widths: &[usize]) -> Row<'a> {
    let tz = zone(state);
    let (left, _, kind) = standing(row, state.now);
    // As processor: the contract's hour to tell the controller, if it sets one.
    let deadline = match &row.controller {
        Some(c) => c.deadline(row.breach.aware_at),
        None => Some(row.breach.deadline()),
    };
    // The weekday matters for a clock of this week; a past year's needs its year.
    let deadline = deadline.map_or("as processor".to_string(), |at| {
        let at = at.with_timezone(&tz);
        if at.year() == state.now.with_timezone(&tz).year() {
            at.format("%a %d %b %H:%M").to_string()
        } else {
            at.format("%d %b %Y %H:%M").to_string()
        }
    });
    Row::new(vec![
        Cell::from(deadline),
        Cell::from(left),
        Cell::from(fit(&row.breach.title, widths[2])),
        Cell::from(row.breach.risk_level.code()),
    ])
    .style(style_of(kind, &state.theme))
}

fn render_detail(frame: &mut Frame, state: &State, area: Rect) {
    list_screen::render_details::<Breaches>(frame, state, area, (" Details ", 14), describe);
}

/// The clock, the scale, what the law requires now, the notifications sent
/// and the written account.
fn describe(d: &mut Details<'_>, state: &State, row: &BreachRow) {
    let (tz, theme) = (zone(state), d.theme);
    d.title(row.breach.title.clone());
    the_clock(d, row, state.now, &tz);
    the_scale(d, row);
    d.heading("What the law requires");
    let duties = match &row.controller {
        Some(controller) => processor_duties(&row.breach, controller, state.now, &tz),
        None => duties(&row.breach, &row.notifications, state.now, &tz),
    };
    for duty in duties {
        let (mark, style) = match duty.state {
            DutyState::Done => ("✓ ", theme.info),
            DutyState::Open => ("○ ", theme.warning),
            DutyState::Late => ("✗ ", theme.error),
            DutyState::NotRequired => ("– ", theme.muted),
        };
        d.bullet(mark, &duty.text, style);
    }
    the_notifications(d, &row.notifications, &tz);
    d.lines.push(Line::default());
    the_account(d, &row.breach);
}

/// What kind of breach, when the controller became aware and why then, and
/// where its 72 hours end.
fn the_clock(d: &mut Details<'_>, row: &BreachRow, now: DateTime<Utc>, tz: &Tz) {
    let b = &row.breach;
    let plain = Style::default();
    let types: Vec<&str> = [
        (b.confidentiality, "confidentiality"),
        (b.integrity, "integrity"),
        (b.availability, "availability"),
    ]
    .iter()
    .filter(|(on, _)| *on)
    .map(|(_, name)| *name)
    .collect();
    d.field_if_any("Type", &types.join(", "), plain);
    d.field("Aware since", &long_time(b.aware_at, tz), plain);
    let (left, _, kind) = standing(row, now);
    match &row.controller {
        Some(c) => {
            let end = match c.deadline(b.aware_at) {
                Some(at) => format!("{} ({left})", long_time(at, tz)),
                None => format!("without undue delay ({left})"),
            };
            d.field(
                "As processor",
                &format!("for {}: {}", c.name, c.rule()),
                plain,
            );
            d.field("Tell by", &end, style_of(kind, d.theme));
        }
        None => {
            let end = format!("{} ({left})", long_time(b.deadline(), tz));
            d.field("72 h end", &end, style_of(kind, d.theme));
        }
    }
    let shift = naive_reading_error(b.aware_at, tz);
    if shift != 0 {
        let reading = if shift < 0 { "late" } else { "early" };
        let text = format!(
            "falls within the 72 hours: \"same time three days later\" would be {} min {reading}",
            shift.abs()
        );
        d.field("Clock change", &text, d.theme.warning);
    }
    if let Some(detected) = b.detected_at {
        d.field("First signal", &long_time(detected, tz), plain);
    }
    d.field_if_any("Why then", &b.awareness_rationale, plain);
    if let Some(name) = &row.processor_name {
        let told = b
            .processor_told_us_at
            .map(|t| format!(", told us {}", long_time(t, tz)))
            .unwrap_or_default();
        d.field("Processor", &format!("{name}{told}"), plain);
    }
}

/// The activities it touched, its risk and status, how many people and
/// records, and whether sensitive data was involved.
fn the_scale(d: &mut Details<'_>, row: &BreachRow) {
    let b = &row.breach;
    let plain = Style::default();
    let activities: Vec<&str> = row.activities.iter().map(|(_, n)| n.as_str()).collect();
    d.field_if_any("Activities", &activities.join(", "), plain);
    if b.as_processor() {
        // The processor reports every breach; the controller judges its risk.
        d.field("Risk", "the controller's to assess (Art. 33(1), 34)", plain);
    } else {
        d.field("Risk", b.risk_level.label(), plain);
    }
    d.field("Status", b.status.label(), plain);
    let people = match (b.approx_subjects, b.approx_records) {
        (Some(s), Some(r)) => format!("about {s} people, {r} records"),
        (Some(s), None) => format!("about {s} people"),
        (None, Some(r)) => format!("about {r} records"),
        (None, None) => String::new(),
    };
    d.field_if_any("Scale", &people, plain);
    let mut special = Vec::new();
    if b.special_categories {
        special.push("Art. 9 special categories");
    }
    if b.criminal_data {
        special.push("Art. 10 criminal-offence data");
    }
    d.field_if_any("Sensitive", &special.join(", "), d.theme.warning);
}

/// Every notification sent, to whom, with what was reported and why late.
fn the_notifications(d: &mut Details<'_>, notifications: &[Notification], tz: &Tz) {
    if notifications.is_empty() {
        return;
    }
    d.heading("Notifications");
    let muted = d.theme.muted;
    for n in notifications {
        let who = authority(&n.authority).map_or(n.authority.as_str(), |a| a.name);
        let reference = if n.reference.is_empty() {
            String::new()
        } else {
            format!(", ref. {}", n.reference)
        };
        let text = format!(
            "{}: {} to {who}{reference}",
            long_time(n.sent_at, tz),
            n.kind.label().to_lowercase()
        );
        d.paragraph(&text, Style::default());
        if !n.summary.is_empty() {
            d.paragraph(&format!("  reported: {}", n.summary), muted);
        }
        if !n.delay_reason.is_empty() {
            d.paragraph(
                &format!("  reasons for the delay: {}", n.delay_reason),
                muted,
            );
        }
    }
}

/// The written account of the breach (Art. 33(3) and (5)): what happened,
/// its consequences, what was done and learnt.
fn the_account(d: &mut Details<'_>, b: &Breach) {
    let plain = Style::default();
    d.field_if_any("When", &b.occurred, plain);
    if b.ongoing {
        d.field("Ongoing", "yes", plain);
    }
    d.field("Cause", b.cause.label(), plain);
    let told = match (b.subjects_told_count, b.subjects_told_how.is_empty()) {
        (Some(n), false) => format!("{n} people; {}", b.subjects_told_how),
        (Some(n), true) => format!("{n} people"),
        (None, _) => b.subjects_told_how.clone(),
    };
    let account = [
        ("Found how", &b.discovered_how),
        ("What happened", &b.description),
        ("Systems", &b.systems),
        ("Who", &b.subject_categories),
        ("Data", &b.data_categories),
        ("Consequences", &b.likely_consequences),
        ("Why that risk", &b.risk_rationale),
        ("Before", &b.measures_before),
        ("Art. 34(3)", &b.art34_justification),
        ("Told how", &told),
        ("Not notified", &b.not_notified_reasoning),
        ("Containment", &b.containment),
        ("Mitigation", &b.mitigation),
        ("Lessons", &b.lessons_learned),
    ];
    for (label, value) in account {
        d.field_if_any(label, value, plain);
    }
}
