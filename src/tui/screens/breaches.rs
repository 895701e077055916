//! The breaches screen: every personal-data breach with its 72-hour clock,
//! counting down live; the decision panel that says what the risk level
//! obliges; the notifications sent; the record form and the notification form.

use chrono::{DateTime, Datelike, Utc};
use chrono_tz::Tz;
use ratatui::layout::{Constraint, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Cell, Row};
use ratatui::Frame;

use super::list_screen::{self, ListScreen};
use crate::domain::authorities::{authority, default_authority, AUTHORITIES};
use crate::domain::breach::{
    duties, validate_breach, validate_notification, Art34Exception, Breach, BreachDraft,
    BreachStatus, Cause, DutyState, Notification, NotificationDraft, NotificationKind, RiskLevel,
};
use crate::domain::breach_clock::{long_time, naive_reading_error, parse_zone, remaining_text};
use crate::domain::validation::FieldErrors;
use crate::store::BreachRow;
use crate::tui::effect::BreachEffect;
use crate::tui::effect::{Effect, Focus};
use crate::tui::keymap::Command;
use crate::tui::layout;
use crate::tui::state::{Confirm, ConfirmAction, FormTarget, Modal, OpenForm, State};
use crate::tui::theme::Theme;
use crate::tui::widgets::details::Details;
use crate::tui::widgets::form::{Form, FormField};
use crate::tui::widgets::list_window::{render_frame, render_rows, ListLabels, ListWindow};
use crate::tui::widgets::text::fit;

/// The breaches list.
pub struct Breaches;

impl ListScreen for Breaches {
    type Row = BreachRow;
    fn list(state: &State) -> &ListWindow<BreachRow> {
        &state.breaches
    }
    fn list_mut(state: &mut State) -> &mut ListWindow<BreachRow> {
        &mut state.breaches
    }
    fn id(row: &BreachRow) -> i64 {
        row.id
    }
    fn load(_state: &State, filter: String, focus: Focus, window: usize) -> Effect {
        Effect::Breaches(BreachEffect::LoadBreaches {
            filter,
            focus,
            window,
        })
    }
}

pub fn command(state: &mut State, command: Command) -> Vec<Effect> {
    if let Some(effects) = list_screen::command::<Breaches>(state, command) {
        return effects;
    }
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
            state.error("No breach selected: press a to record one");
            Vec::new()
        }
        _ => Vec::new(),
    }
}

fn zone(state: &State) -> Tz {
    parse_zone(&state.time_zone()).unwrap_or(chrono_tz::UTC)
}

/// An instant as the forms show it: local, with its offset, so that re-reading
/// it is never ambiguous (an autumn hour happens twice).
fn form_time(instant: Option<DateTime<Utc>>, zone: &Tz) -> String {
    use chrono::Timelike;
    // Seconds are shown only when there are any, and then kept: an unchanged form
    // must save exactly the instant it showed.
    instant
        .map(|t| {
            let local = t.with_timezone(zone);
            let format = if t.second() == 0 {
                "%Y-%m-%dT%H:%M%:z"
            } else {
                "%Y-%m-%dT%H:%M:%S%:z"
            };
            local.format(format).to_string()
        })
        .unwrap_or_default()
}

/// The record form, filled from `row` (or empty, aware now, for a new breach).
pub fn open_form(
    state: &mut State,
    row: Option<BreachRow>,
    processors: Vec<(i64, String)>,
    activities: Vec<(i64, String)>,
) {
    let tz = zone(state);
    let now = state.now;
    let b = row.as_ref().map(|r| r.breach.clone());
    let text = |f: fn(&Breach) -> &String| b.as_ref().map(|b| f(b).clone()).unwrap_or_default();
    let flag = |f: fn(&Breach) -> bool| b.as_ref().is_some_and(f);
    let count = |f: fn(&Breach) -> Option<i64>| {
        b.as_ref()
            .and_then(f)
            .map(|n| n.to_string())
            .unwrap_or_default()
    };
    let mut processor_options = vec![(String::new(), "(none)".to_string())];
    processor_options.extend(
        processors
            .into_iter()
            .map(|(id, name)| (id.to_string(), name)),
    );
    let processor = b
        .as_ref()
        .and_then(|b| b.processor_id)
        .map(|id| id.to_string())
        .unwrap_or_default();
    let affected: Vec<String> = row
        .as_ref()
        .map(|r| r.activities.iter().map(|(id, _)| id.to_string()).collect())
        .unwrap_or_default();
    let activity_options = activities
        .into_iter()
        .map(|(id, name)| (id.to_string(), name))
        .collect();
    let code = |value: Option<&'static str>, default: &'static str| value.unwrap_or(default);
    let fields = vec![
        FormField::line(
            "title",
            "Title",
            true,
            &text(|b| &b.title),
            "short name, e.g. Laptop stolen from car",
        ),
        FormField::yes_no(
            "confidentiality",
            "Confidentiality",
            flag(|b| b.confidentiality),
        ),
        FormField::yes_no("integrity", "Integrity", flag(|b| b.integrity)),
        FormField::yes_no("availability", "Availability", flag(|b| b.availability)),
        FormField::line(
            "detected_at",
            "First signal",
            false,
            &form_time(b.as_ref().and_then(|b| b.detected_at), &tz),
            "YYYY-MM-DDTHH:MM",
        ),
        FormField::line(
            "aware_at",
            "Aware since",
            true,
            &form_time(Some(b.as_ref().map_or(now, |b| b.aware_at)), &tz),
            "the 72 hours start here",
        ),
        FormField::text(
            "awareness_rationale",
            "Why aware then",
            &text(|b| &b.awareness_rationale),
            "reasonable certainty that personal data were compromised",
        ),
        FormField::line(
            "occurred",
            "When it happened",
            false,
            &text(|b| &b.occurred),
            "as far as known",
        ),
        FormField::yes_no("ongoing", "Still ongoing", flag(|b| b.ongoing)),
        FormField::choice(
            "cause",
            "Cause",
            Cause::options(),
            code(b.as_ref().map(|b| b.cause.code()), "other"),
        ),
        FormField::text(
            "discovered_how",
            "Discovered how",
            &text(|b| &b.discovered_how),
            "",
        ),
        FormField::yes_no(
            "cyber_incident",
            "Cyber incident",
            flag(|b| b.cyber_incident),
        ),
        FormField::choice("processor_id", "Processor", processor_options, &processor).optional(),
        FormField::line(
            "processor_told_us_at",
            "Processor told us",
            false,
            &form_time(b.as_ref().and_then(|b| b.processor_told_us_at), &tz),
            "Art. 33(2)",
        ),
        FormField::text(
            "description",
            "What happened",
            &text(|b| &b.description),
            "",
        ),
        FormField::text("systems", "Systems", &text(|b| &b.systems), ""),
        FormField::checklist("activities", "Activities hit", activity_options, &affected),
        FormField::text(
            "data_categories",
            "Data affected",
            &text(|b| &b.data_categories),
            "categories of personal data",
        ),
        FormField::yes_no(
            "special_categories",
            "Art. 9 data",
            flag(|b| b.special_categories),
        ),
        FormField::yes_no("criminal_data", "Art. 10 data", flag(|b| b.criminal_data)),
        FormField::line(
            "approx_records",
            "Records (approx.)",
            false,
            &count(|b| b.approx_records),
            "a number",
        ),
        FormField::line(
            "approx_subjects",
            "People (approx.)",
            false,
            &count(|b| b.approx_subjects),
            "a number",
        ),
        FormField::text(
            "subject_categories",
            "Who is affected",
            &text(|b| &b.subject_categories),
            "customers, employees, children…",
        ),
        FormField::text(
            "likely_consequences",
            "Consequences",
            &text(|b| &b.likely_consequences),
            "likely consequences for them",
        ),
        FormField::choice(
            "risk_level",
            "Risk level",
            RiskLevel::options(),
            code(b.as_ref().map(|b| b.risk_level.code()), "risk"),
        ),
        FormField::text(
            "risk_rationale",
            "Why that risk",
            &text(|b| &b.risk_rationale),
            "",
        ),
        FormField::text(
            "measures_before",
            "Measures before",
            &text(|b| &b.measures_before),
            "",
        ),
        FormField::text("containment", "Containment", &text(|b| &b.containment), ""),
        FormField::text("mitigation", "Mitigation", &text(|b| &b.mitigation), ""),
        FormField::text(
            "not_notified_reasoning",
            "Why not notified",
            &text(|b| &b.not_notified_reasoning),
            "required for risk level none (Art. 33(5))",
        ),
        FormField::choice(
            "art34_exception",
            "Art. 34(3)",
            Art34Exception::options(),
            code(b.as_ref().map(|b| b.art34_exception.code()), "none"),
        ),
        FormField::text(
            "art34_justification",
            "Why exception",
            &text(|b| &b.art34_justification),
            "",
        ),
        FormField::line(
            "subjects_told_at",
            "Subjects told",
            false,
            &form_time(b.as_ref().and_then(|b| b.subjects_told_at), &tz),
            "YYYY-MM-DDTHH:MM (Art. 34)",
        ),
        FormField::line(
            "subjects_told_how",
            "Told how",
            false,
            &text(|b| &b.subjects_told_how),
            "letter, e-mail, public notice…",
        ),
        FormField::line(
            "subjects_told_count",
            "Told (number)",
            false,
            &count(|b| b.subjects_told_count),
            "a number",
        ),
        FormField::choice(
            "status",
            "Status",
            BreachStatus::options(),
            code(b.as_ref().map(|b| b.status.code()), "open"),
        ),
        FormField::text(
            "lessons_learned",
            "Lessons learned",
            &text(|b| &b.lessons_learned),
            "",
        ),
    ];
    let (title, id, revision) = match &row {
        Some(row) => (
            format!("Edit breach: {}", row.breach.title),
            Some(row.id),
            row.revision,
        ),
        None => ("Record a personal-data breach".to_string(), None, 0),
    };
    state.modal = Some(Modal::Form(Box::new(OpenForm {
        target: FormTarget::Breach(id),
        revision,
        form: Form::new(title, fields),
    })));
}

fn draft_from(form: &Form) -> BreachDraft {
    let v = |key: &str| form.value(key);
    BreachDraft {
        title: v("title"),
        confidentiality: v("confidentiality"),
        integrity: v("integrity"),
        availability: v("availability"),
        detected_at: v("detected_at"),
        aware_at: v("aware_at"),
        awareness_rationale: v("awareness_rationale"),
        occurred: v("occurred"),
        ongoing: v("ongoing"),
        cause: v("cause"),
        discovered_how: v("discovered_how"),
        cyber_incident: v("cyber_incident"),
        processor_id: v("processor_id").parse().ok(),
        processor_told_us_at: v("processor_told_us_at"),
        description: v("description"),
        systems: v("systems"),
        data_categories: v("data_categories"),
        special_categories: v("special_categories"),
        criminal_data: v("criminal_data"),
        approx_records: v("approx_records"),
        approx_subjects: v("approx_subjects"),
        subject_categories: v("subject_categories"),
        likely_consequences: v("likely_consequences"),
        risk_level: v("risk_level"),
        risk_rationale: v("risk_rationale"),
        measures_before: v("measures_before"),
        containment: v("containment"),
        mitigation: v("mitigation"),
        not_notified_reasoning: v("not_notified_reasoning"),
        art34_exception: v("art34_exception"),
        art34_justification: v("art34_justification"),
        subjects_told_at: v("subjects_told_at"),
        subjects_told_how: v("subjects_told_how"),
        subjects_told_count: v("subjects_told_count"),
        status: v("status"),
        lessons_learned: v("lessons_learned"),
    }
}

pub fn save_effect(
    id: Option<i64>,
    revision: i64,
    form: &Form,
    zone: &str,
    now: DateTime<Utc>,
) -> Result<Effect, FieldErrors> {
    validate_breach(&draft_from(form), zone, now).map(|breach| {
        Effect::Breaches(BreachEffect::SaveBreach {
            id,
            revision,
            breach: Box::new(breach),
            activities: form
                .value("activities")
                .split(',')
                .filter_map(|id| id.parse().ok())
                .collect(),
        })
    })
}

fn open_notification_form(state: &mut State, row: &BreachRow) {
    if row.breach.risk_level == RiskLevel::NoRisk {
        state.error("A no-risk breach is not notified: press e to change its risk level first");
        return;
    }
    let tz = zone(state);
    let options: Vec<(String, String)> = AUTHORITIES
        .iter()
        .map(|a| (a.code.to_string(), a.name.to_string()))
        .collect();
    let previous = row.notifications.last().map(|n| n.authority.clone());
    let jurisdiction = state
        .organisation
        .as_ref()
        .map(|v| v.organisation.jurisdiction.clone())
        .unwrap_or_default();
    let default = previous
        .or_else(|| default_authority(&jurisdiction).map(|a| a.code.to_string()))
        .unwrap_or_default();
    let kind = if row.notifications.is_empty() {
        "initial"
    } else {
        "additional"
    };
    let late = state.now > row.breach.deadline() && row.notifications.is_empty();
    let fields = vec![
        FormField::choice("authority", "Authority", options, &default),
        FormField::choice("kind", "Kind", NotificationKind::options(), kind),
        FormField::line(
            "sent_at",
            "Sent at",
            true,
            &form_time(Some(state.now), &tz),
            "YYYY-MM-DDTHH:MM",
        ),
        FormField::line(
            "reference",
            "Their reference",
            false,
            "",
            "the authority's case number",
        ),
        FormField::text(
            "summary",
            "What was reported",
            "",
            "the Art. 33(3) items known so far",
        ),
        {
            let field = FormField::text(
                "delay_reason",
                "Reasons for delay",
                "",
                "required after 72 hours (Art. 33(1))",
            );
            if late {
                field.required()
            } else {
                field
            }
        },
    ];
    let title = format!("Notify an authority: {}", row.breach.title);
    state.modal = Some(Modal::Form(Box::new(OpenForm {
        target: FormTarget::Notification {
            breach_id: row.id,
            aware_at: row.breach.aware_at,
            first: row.notifications.is_empty(),
        },
        revision: row.revision,
        form: Form::new(title, fields),
    })));
}

pub fn notification_effect(
    breach_id: i64,
    aware_at: DateTime<Utc>,
    first: bool,
    revision: i64,
    form: &Form,
    zone: &str,
    now: DateTime<Utc>,
) -> Result<Effect, FieldErrors> {
    let draft = NotificationDraft {
        authority: form.value("authority"),
        kind: form.value("kind"),
        sent_at: form.value("sent_at"),
        reference: form.value("reference"),
        summary: form.value("summary"),
        delay_reason: form.value("delay_reason"),
    };
    validate_notification(&draft, aware_at, first, zone, now).map(|notification| {
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
    let (list_area, detail_area) = layout::list_and_detail(body);
    render_list(frame, state, list_area);
    render_detail(frame, state, detail_area);
}

fn render_list(frame: &mut Frame, state: &State, area: Rect) {
    let theme = &state.theme;
    let labels = ListLabels {
        loading: "Reading the register…",
        name: "Breaches",
        hint: " a record · n notify · e edit · ? help ",
        empty: "No breaches recorded. Press a when something goes wrong: the 72 hours start at awareness.",
    };
    let Some(inner) = render_frame(frame, area, &state.breaches, &labels, theme) else {
        return;
    };
    let tz = zone(state);
    let columns = [
        ("72 h deadline", Constraint::Length(17)),
        ("Left", Constraint::Length(16)),
        ("Breach", Constraint::Fill(1)),
        ("Risk", Constraint::Length(5)),
    ];
    render_rows(
        frame,
        area,
        inner,
        &state.breaches,
        &columns,
        theme,
        |row, widths| {
            let (left, _, kind) = standing(row, state.now);
            let deadline = row.breach.deadline().with_timezone(&tz);
            // The weekday matters for a clock of this week; a past year's needs its year.
            let deadline = if deadline.year() == state.now.with_timezone(&tz).year() {
                deadline.format("%a %d %b %H:%M")
            } else {
                deadline.format("%d %b %Y %H:%M")
            }
            .to_string();
            Row::new(vec![
                Cell::from(deadline),
                Cell::from(left),
                Cell::from(fit(&row.breach.title, widths[2])),
                Cell::from(row.breach.risk_level.code()),
            ])
            .style(style_of(kind, theme))
        },
    );
}

fn render_detail(frame: &mut Frame, state: &State, area: Rect) {
    let theme = &state.theme;
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(theme.muted)
        .title(Span::styled(" Details ", theme.title));
    let Some(row) = state.breaches.selected_row() else {
        frame.render_widget(block, area);
        return;
    };
    let tz = zone(state);
    let width = usize::from(area.width.saturating_sub(2));
    let mut d = Details::new(theme, width, 14);
    d.title(row.breach.title.clone());
    the_clock(&mut d, row, state.now, &tz);
    the_scale(&mut d, row);
    d.heading("What the law requires");
    for duty in duties(&row.breach, &row.notifications, state.now, &tz) {
        let (mark, style) = match duty.state {
            DutyState::Done => ("✓ ", theme.info),
            DutyState::Open => ("○ ", theme.warning),
            DutyState::Late => ("✗ ", theme.error),
            DutyState::NotRequired => ("– ", theme.muted),
        };
        d.bullet(mark, &duty.text, style);
    }
    the_notifications(&mut d, &row.notifications, &tz);
    d.lines.push(Line::default());
    the_account(&mut d, &row.breach);
    d.render(frame, area, block, state.detail_scroll);
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
    let end = format!("{} ({left})", long_time(b.deadline(), tz));
    d.field("72 h end", &end, style_of(kind, d.theme));
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
    d.field("Risk", b.risk_level.label(), plain);
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
