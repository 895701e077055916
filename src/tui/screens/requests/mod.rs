//! The requests screen: every data-subject request with the days left to
//! answer it, most urgent first; a detail pane with the deadline's steps, the
//! pauses and the history; a form to log or edit a request; one key per
//! workflow step.

mod perform;
mod update;

pub use perform::perform;
pub use update::update;

use chrono::NaiveDate;
use ratatui::layout::{Constraint, Rect};
use ratatui::style::Style;
use ratatui::widgets::{Cell, Row};
use ratatui::Frame;

use super::list_screen::{self, list_in_state, ListScreen};
use crate::domain::deadline::{long_date, Deadlines};
use crate::domain::request::{
    parse_date_field, urgency, DeadlineSettings, IdentityCheck, PauseKind, Request, RequestBasics,
    RequestStatus, Step, Urgency,
};
use crate::domain::validation::{optional_text, FieldErrors};
use crate::record::draft_of;
use crate::record::request::RequestKind;
use crate::store::{RequestOrder, RequestRow, RequestSort};
use crate::tui::effect::RequestEffect;
use crate::tui::effect::{Effect, Focus, ListRead, Save};
use crate::tui::keymap::{Command, Hint, Mode, StepKey};
use crate::tui::state::{Confirm, ConfirmAction, FormTarget, Modal, State};
use crate::tui::theme::Theme;
use crate::tui::widgets::details::Details;
use crate::tui::widgets::form::{self, Form, FormField};
use crate::tui::widgets::list_window::{ListLabels, ListWindow};
use crate::tui::widgets::text::fit;

fn load_events(state: &State) -> Vec<Effect> {
    match state.requests.selected_row() {
        Some(row) if state.request_events.as_ref().map(|(id, _)| *id) != Some(row.id) => {
            vec![Effect::Requests(RequestEffect::LoadRequestEvents {
                id: row.id,
            })]
        }
        _ => Vec::new(),
    }
}

/// The requests list; the selected request's history loads when the selection settles.
pub struct Requests;

impl ListScreen for Requests {
    list_in_state!(requests: RequestRow, row => row.id);
    fn load(state: &State, read: ListRead) -> Effect {
        let order = state.request_order;
        let ListRead {
            filter,
            focus,
            rows: window,
        } = read;
        Effect::Requests(RequestEffect::LoadRequests {
            filter,
            order,
            focus,
            window,
        })
    }
    fn settled(state: &State) -> Vec<Effect> {
        load_events(state)
    }
}

/// What the footer names: the keys are read from the key map.
const FOOTER: &[Hint] = &[
    (Command::Add, "log"),
    (Command::Step(StepKey::Start), "steps"),
    (Command::Step(StepKey::Identity), "steps"),
    (Command::Step(StepKey::PauseOrResume), "steps"),
    (Command::Step(StepKey::Extend), "steps"),
    (Command::Step(StepKey::Answer), "steps"),
    (Command::Step(StepKey::Refuse), "steps"),
    (Command::Step(StepKey::Withdraw), "steps"),
    (Command::Letter, "letter"),
    (Command::SortNext, "sort"),
];

/// What the list says while it is empty.
fn no_requests(state: &State) -> String {
    format!(
        "No requests yet. Press {} to log the first one.",
        state.key(Mode::Requests, Command::Add)
    )
}

/// The screen's own commands (the list's are `list_screen::command`'s).
pub fn command(state: &mut State, command: Command) -> Vec<Effect> {
    if matches!(command, Command::SortNext | Command::SortReverse) {
        return sort(state, command);
    }
    let Some(row) = state.requests.selected_row().cloned() else {
        if command == Command::Add {
            open_form(state, None);
        } else if matches!(command, Command::Edit | Command::Delete | Command::Step(_)) {
            let add = state.key(Mode::Requests, Command::Add);
            state.error(format!("No request selected: press {add} to log one"));
        }
        return Vec::new();
    };
    match command {
        Command::Add => open_form(state, None),
        Command::Edit => open_form(state, Some(&row)),
        Command::Delete => ask_delete(state, &row),
        Command::Step(key) => return step(state, &row, key),
        _ => {}
    }
    Vec::new()
}

/// Sorts the list by its next column, or reverses it, and shows the top of
/// the new order, as a table sorted by a heading does. (Keeping the selected
/// request selected would mean counting the rows before it in the new order:
/// about 100 ms at a million requests, twice what a key may take.)
fn sort(state: &mut State, command: Command) -> Vec<Effect> {
    let order = &mut state.request_order;
    if command == Command::SortReverse {
        order.reversed = !order.reversed;
    } else {
        *order = RequestOrder {
            by: order.by.next(),
            reversed: false,
        };
    }
    let described = order.describe();
    state.info(format!("Sorted by {described}"));
    list_screen::reload::<Requests>(state, Focus::Index(0))
}

/// The form to log a new request (received today) or edit one's basics.
fn open_form(state: &mut State, row: Option<&RequestRow>) {
    let request = row.map_or_else(
        || Request {
            received_on: state.today,
            ..Request::default()
        },
        |row| row.request.clone(),
    );
    let draft = draft_of::<RequestKind>(&request, &state.context());
    let fields = form::fields_of::<RequestKind>(&draft, Vec::new());
    let (id, revision) = row.map_or((None, 0), |r| (Some(r.id), r.revision));
    let title = match row {
        Some(row) => format!("Edit request {}", row.request.reference),
        None => "Log a data-subject request".to_string(),
    };
    state.open_form(FormTarget::Request(id), revision, Form::new(title, fields));
}

/// The effect that saves a valid request form: the basics the form edits
/// (the workflow's dates and steps are the store's to keep).
pub fn save_effect(save: Save<Request>) -> Effect {
    Effect::Requests(RequestEffect::SaveRequest(
        save.map(|request| RequestBasics::from(&request)),
    ))
}

/// The step a valid step form records, or the errors of its fields.
pub fn step_effect(
    id: i64,
    kind: StepKey,
    revision: i64,
    form: &Form,
    today: NaiveDate,
) -> Result<Effect, FieldErrors> {
    step_from_form(kind, form, today)
        .map(|step| Effect::Requests(RequestEffect::ApplyStep { id, revision, step }))
}

/// What a workflow step asks for: nothing more (it is taken at once), or a form.
enum StepAsk {
    Now(Step),
    Form(String, Vec<FormField>),
}

/// A one-key workflow step: at once when it needs nothing more, else its form.
fn step(state: &mut State, row: &RequestRow, key: StepKey) -> Vec<Effect> {
    let r = &row.request;
    let asked = if r.status.is_closed() {
        Err(format!(
            "{} is already {}",
            r.reference,
            r.status.label().to_lowercase()
        ))
    } else {
        step_ask(state, row, key)
    };
    match asked {
        Ok(StepAsk::Now(step)) => vec![Effect::Requests(RequestEffect::ApplyStep {
            id: row.id,
            revision: row.revision,
            step,
        })],
        Ok(StepAsk::Form(title, fields)) => {
            let title = format!("{} · {}", r.reference, title);
            let target = FormTarget::Step {
                id: row.id,
                kind: key,
            };
            state.open_form(target, row.revision, Form::new(title, fields));
            Vec::new()
        }
        Err(message) => {
            state.error(message);
            Vec::new()
        }
    }
}

/// A date field filled with today.
fn date_field(key: &'static str, label: &'static str, today: NaiveDate) -> FormField {
    FormField::line(
        key,
        label,
        true,
        &today.to_string(),
        "YYYY-MM-DD, 6.12, yesterday…",
    )
}

/// What step `key` asks for on this request, or why it cannot be taken now.
fn step_ask(state: &State, row: &RequestRow, key: StepKey) -> Result<StepAsk, String> {
    let today = state.today;
    let form = |title: &str, fields| Ok(StepAsk::Form(title.to_string(), fields));
    match key {
        StepKey::Start => Ok(StepAsk::Now(Step::StartWork { on: today })),
        StepKey::Identity => identity_ask(&row.request, today),
        StepKey::PauseOrResume => pause_ask(&row.request, today),
        StepKey::Extend => extend_ask(state, row),
        StepKey::Answer => form(
            "close as answered",
            vec![date_field("on", "Answered on", today)],
        ),
        StepKey::Refuse => form(
            "refuse (Art. 12(4))",
            vec![
                FormField::text(
                    "reason",
                    "Reason",
                    "",
                    "e.g. manifestly unfounded or excessive (Art. 12(5))",
                )
                .required(),
                date_field("on", "Refused on", today),
                FormField::yes_no("informed", "Remedies told", false),
            ],
        ),
        StepKey::Withdraw => form(
            "record a withdrawal",
            vec![date_field("on", "Withdrawn on", today)],
        ),
    }
}

/// Ask for identity information (Art. 12(6)), or record the answer.
fn identity_ask(r: &Request, today: NaiveDate) -> Result<StepAsk, String> {
    match r.identity {
        IdentityCheck::Requested => Ok(StepAsk::Form(
            "identity: record the answer".to_string(),
            vec![
                FormField::choice(
                    "identity_outcome",
                    "Outcome",
                    vec![
                        ("verified".into(), "Verified".into()),
                        ("failed".into(), "Could not be verified".into()),
                    ],
                    "verified",
                ),
                date_field("on", "Answer received", today),
            ],
        )),
        IdentityCheck::NotNeeded => Ok(StepAsk::Form(
            "ask for identity information (Art. 12(6))".to_string(),
            vec![date_field("on", "Asked on", today)],
        )),
        done => Err(format!(
            "identity is already {}",
            done.label().to_lowercase()
        )),
    }
}

/// Pause the clock (waiting for clarification or a fee), or resume it.
fn pause_ask(r: &Request, today: NaiveDate) -> Result<StepAsk, String> {
    match r.open_pause() {
        Some(p) if p.kind == PauseKind::Identity => {
            Err("Waiting for identity: press i to record the answer".to_string())
        }
        Some(p) => Ok(StepAsk::Form(
            format!(
                "resume the clock (paused since {})",
                long_date(p.requested_on)
            ),
            vec![date_field("on", "Answer received", today)],
        )),
        None => Ok(StepAsk::Form(
            "pause the clock".to_string(),
            vec![
                FormField::choice(
                    "pause_kind",
                    "Waiting for",
                    vec![
                        ("clarification".into(), "Clarification".into()),
                        ("fee".into(), "Fee".into()),
                    ],
                    "clarification",
                ),
                date_field("on", "Asked on", today),
            ],
        )),
    }
}

/// Extend by two months: only once, and only while the data subject can
/// still be told within the first month (Art. 12(3)).
fn extend_ask(state: &State, row: &RequestRow) -> Result<StepAsk, String> {
    let r = &row.request;
    let live = state
        .organisation
        .as_ref()
        .and_then(|v| r.deadlines(&v.settings, state.today).ok());
    if r.extension_notice_sent_on.is_some() {
        return Err(format!("{} is already extended", r.reference));
    }
    if let Some(d) = live.as_ref().filter(|d| d.one_month_deadline < state.today) {
        return Err(format!(
            "Too late to extend {}: the data subject had to be told by {} (Art. 12(3))",
            r.reference,
            long_date(d.one_month_deadline)
        ));
    }
    let by = live
        .as_ref()
        .map_or(row.extension_notice_by, |d| d.extension_notice_by);
    Ok(StepAsk::Form(
        format!(
            "extend by two further months (tell the data subject by {})",
            long_date(by)
        ),
        vec![
            FormField::text(
                "reason",
                "Reason",
                "",
                "complexity and number of requests (Art. 12(3))",
            )
            .required(),
            date_field("on", "Told on", state.today),
        ],
    ))
}

/// Reads a step form into the domain step, or the errors of its fields.
pub fn step_from_form(kind: StepKey, form: &Form, today: NaiveDate) -> Result<Step, FieldErrors> {
    let mut errors = FieldErrors::default();
    let on = parse_date_field(&mut errors, "on", &form.value("on"), today);
    let has = |key: &str| form.fields.iter().any(|f| f.key == key);
    let reason = if has("reason") {
        optional_text(&mut errors, "reason", &form.value("reason"))
    } else {
        String::new()
    };
    if has("reason") && reason.is_empty() {
        errors.push("reason", "required");
    }
    let Some(on) = on else { return Err(errors) };
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(match kind {
        StepKey::Start => Step::StartWork { on },
        StepKey::Identity if has("identity_outcome") => {
            match form.value("identity_outcome").as_str() {
                "failed" => Step::IdentityFailed { on },
                _ => Step::IdentityVerified { on },
            }
        }
        StepKey::Identity => Step::IdentityRequested { on },
        StepKey::PauseOrResume if has("pause_kind") => Step::Pause {
            kind: PauseKind::parse(&form.value("pause_kind")).unwrap_or(PauseKind::Clarification),
            on,
        },
        StepKey::PauseOrResume => Step::Resume { on },
        StepKey::Extend => Step::Extend {
            reason,
            notice_sent_on: on,
        },
        StepKey::Answer => Step::Answer { on },
        StepKey::Refuse => Step::Refuse {
            on,
            reason,
            informed_of_remedies: form.value("informed") == "yes",
        },
        StepKey::Withdraw => Step::Withdraw { on },
    })
}

fn ask_delete(state: &mut State, row: &RequestRow) {
    let r = &row.request;
    let goes = match r.pauses.len() {
        0 => "Its whole history goes with it.".to_string(),
        1 => "Its pause and its whole history go with it.".to_string(),
        n => format!("Its {n} pauses and its whole history go with it."),
    };
    let lines = vec![
        format!("Delete the request {} ({})?", r.reference, r.right.label()),
        String::new(),
        goes,
        "A deleted request is no evidence of how it was handled: to keep it, close it as answered, refused or withdrawn.".into(),
    ];
    state.modal = Some(Modal::Confirm(Confirm {
        title: "Delete request".into(),
        lines,
        on_yes: ConfirmAction::DeleteRequest { id: row.id },
    }));
}

/// Where a request stands today: the date that applies and how the list shows it.
struct Standing {
    due: NaiveDate,
    left: String,
    style_urgency: Urgency,
}

/// Paused and closed requests are computed live (an open pause grows until
/// answered or closed); the others use the dates the store derived.
fn standing(row: &RequestRow, settings: Option<&DeadlineSettings>, today: NaiveDate) -> Standing {
    let r = &row.request;
    let live = if r.open_pause().is_some() || r.status.is_closed() {
        settings.and_then(|s| r.deadlines(s, today).ok())
    } else {
        None
    };
    let due = live.as_ref().map_or(row.due_on, |d| r.due(d));
    let urgency = urgency(r, due, today);
    let days = (due - today).num_days();
    let late = live.as_ref().and_then(|d| r.days_late(d));
    let left = match urgency {
        Urgency::Closed => match late {
            Some(1) => "1 day late".into(),
            Some(n) => format!("{n} days late"),
            None => r.status.label().to_lowercase(),
        },
        // How long it has waited on the data subject: the list sorted by
        // due date puts paused requests after the running ones in this order.
        Urgency::Paused => match r.open_pause() {
            Some(p) => format!("waiting {} d", (today - p.requested_on).num_days().max(0)),
            None => "paused".into(),
        },
        _ if days == 0 => "today".into(),
        _ if days == 1 => "1 day".into(),
        _ if days == -1 => "1 day late".into(),
        _ if days < 0 => format!("{} days late", -days),
        _ => format!("{days} days"),
    };
    let style_urgency = if late.is_some() {
        Urgency::Overdue
    } else {
        urgency
    };
    Standing {
        due,
        left,
        style_urgency,
    }
}

/// The days left as the narrow column fits them: "14 days late" becomes
/// "14d late" rather than losing its last letter.
fn left_in(left: &str, width: usize) -> String {
    if crate::tui::widgets::text::columns(left) <= width {
        return left.to_string();
    }
    let short = left.replace(" days late", "d late").replace(" days", "d");
    fit(&short, width)
}

/// Status as the list's narrow column shows it.
fn short_status(status: RequestStatus) -> &'static str {
    match status {
        RequestStatus::Verifying => "Verifying ID",
        RequestStatus::AwaitingDataSubject => "Awaiting reply",
        other => other.label(),
    }
}

fn urgency_style(urgency: Urgency, theme: &Theme) -> Style {
    match urgency {
        Urgency::Overdue => theme.error,
        Urgency::DueThisWeek => theme.warning,
        Urgency::Paused => theme.accent,
        Urgency::Closed => theme.ended,
        Urgency::Later => Style::default(),
    }
}

pub fn render(frame: &mut Frame, state: &State, body: Rect) {
    list_screen::render_split(frame, state, body, render_list, render_detail);
}

fn render_list(frame: &mut Frame, state: &State, area: Rect) {
    let hint = state.keys.footer(Mode::Requests, FOOTER);
    let empty = no_requests(state);
    let labels = ListLabels::reading("Requests", &hint, &empty);
    let order = state.request_order;
    let by_received = by_received(state);
    let mark = |sort: RequestSort| {
        if sort == order.by {
            format!("{} {}", sort.heading(), order.arrow())
        } else {
            sort.heading().to_string()
        }
    };
    let headings = [
        mark(RequestSort::Due),
        if by_received {
            mark(RequestSort::Received)
        } else {
            "Left".to_string()
        },
        mark(RequestSort::Reference),
        mark(RequestSort::Right),
        mark(RequestSort::Status),
    ];
    let widths = [
        Constraint::Length(10),
        Constraint::Length(if by_received { 10 } else { 11 }),
        Constraint::Length(13),
        Constraint::Fill(1),
        Constraint::Length(14),
    ];
    let columns: Vec<(&str, Constraint)> =
        headings.iter().map(String::as_str).zip(widths).collect();
    list_screen::render_list::<Requests>(frame, state, area, &labels, &columns, list_row);
}

/// Sorted by arrival, the received date takes the place of the days left
/// (the row's colour still tells how urgent it is).
fn by_received(state: &State) -> bool {
    state.request_order.by == RequestSort::Received
}

fn list_row<'a>(state: &'a State, row: &'a RequestRow, widths: &[usize]) -> Row<'a> {
    let settings = state.organisation.as_ref().map(|v| &v.settings);
    let standing = standing(row, settings, state.today);
    let second = if by_received(state) {
        Cell::from(row.request.received_on.to_string())
    } else {
        Cell::from(left_in(&standing.left, widths[1]))
    };
    Row::new(vec![
        // A paused clock has no date to sort by: the detail pane
        // says when it would be due if answered today.
        Cell::from(if standing.style_urgency == Urgency::Paused {
            "paused".to_string()
        } else {
            standing.due.to_string()
        }),
        second,
        Cell::from(fit(&row.request.reference, widths[2])),
        Cell::from(fit(row.request.right.label(), widths[3])),
        Cell::from(fit(short_status(row.request.status), widths[4])),
    ])
    .style(urgency_style(standing.style_urgency, &state.theme))
}

fn render_detail(frame: &mut Frame, state: &State, area: Rect) {
    list_screen::render_details::<Requests>(frame, state, area, (" Details ", 13), describe);
}

/// The request, its dates and outcome, why the dates are what they are, and
/// (once loaded) its history.
fn describe(d: &mut Details<'_>, state: &State, row: &RequestRow) {
    let (r, theme) = (&row.request, d.theme);
    d.title(format!("{} · {}", r.reference, r.right.label()));
    the_request(d, r, &state.time_zone());
    let settings = state.organisation.as_ref().map(|v| &v.settings);
    let deadlines = settings.and_then(|s| r.deadlines(s, state.today).ok());
    if let Some(dates) = &deadlines {
        the_dates(d, row, dates, settings, state.today);
    }
    the_outcome(d, r, deadlines.as_ref());
    if let Some(dates) = &deadlines {
        d.heading(&format!("Why these dates ({})", dates.rule));
        for (i, step) in dates.steps.iter().enumerate() {
            d.prefixed(format!("{:>2}. ", i + 1), step);
        }
        for warning in &dates.warnings {
            d.paragraph(&format!("⚠ {warning}"), theme.warning);
        }
    }
    if let Some((id, events)) = &state.request_events {
        if *id == row.id {
            d.heading("History");
            for e in events {
                let when = e.at.get(..10).unwrap_or(&e.at);
                d.prefixed(format!("{when} "), &e.detail);
            }
        }
    }
}

/// Who asked, when and how, where it stands, and the identity check.
fn the_request(d: &mut Details<'_>, r: &Request, zone: &chrono_tz::Tz) {
    let plain = Style::default();
    let subject = if r.representative {
        format!("{} (through a representative)", r.subject_ref)
    } else {
        r.subject_ref.clone()
    };
    d.field("Data subject", &subject, plain);
    let received = format!(
        "{} by {}",
        long_date(r.received_on),
        r.channel.label().to_lowercase()
    );
    d.field("Received", &received, plain);
    // In the register's zone, as every other time on screen; as written if unreadable.
    let received_at = chrono::DateTime::parse_from_rfc3339(&r.received_at).map_or_else(
        |_| r.received_at.clone(),
        |at| crate::domain::breach_clock::long_time(at.with_timezone(&chrono::Utc), zone),
    );
    d.field_if_any("Received at", &received_at, plain);
    d.field("Status", r.status.label(), plain);
    let identity = match (r.identity, r.identity_requested_on, r.identity_verified_on) {
        (IdentityCheck::NotNeeded, ..) => "not needed".to_string(),
        (IdentityCheck::Requested, Some(asked), _) => format!("asked {}", long_date(asked)),
        (check, Some(asked), Some(done)) => {
            format!(
                "asked {}; {} {}",
                long_date(asked),
                check.label().to_lowercase(),
                long_date(done)
            )
        }
        (check, ..) => check.label().to_lowercase(),
    };
    d.field("Identity", &identity, plain);
}

/// When it is due, and whether (and by when) it can still be extended.
fn the_dates(
    d: &mut Details<'_>,
    row: &RequestRow,
    dates: &Deadlines,
    settings: Option<&DeadlineSettings>,
    today: NaiveDate,
) {
    let r = &row.request;
    let theme = d.theme;
    let standing = standing(row, settings, today);
    let due = if standing.style_urgency == Urgency::Paused {
        format!(
            "{} if answered today ({})",
            long_date(standing.due),
            standing.left
        )
    } else {
        format!("{} ({})", long_date(standing.due), standing.left)
    };
    // The organisation's own promise first, where it comes before the law's date.
    match dates.promised.filter(|p| *p < standing.due) {
        Some(promised) if !r.status.is_closed() => {
            let left = (promised - today).num_days();
            let (when, style) = match left {
                ..0 => (
                    format!("{} days ago: missed (Art. 5(1)(a))", -left),
                    theme.warning,
                ),
                0 => ("today".to_string(), theme.warning),
                1 => ("tomorrow".to_string(), Style::default()),
                n => (format!("in {n} days"), Style::default()),
            };
            d.field(
                "Promised",
                &format!("{} ({when})", long_date(promised)),
                style,
            );
            d.field(
                "Legal limit",
                &due,
                urgency_style(standing.style_urgency, theme),
            );
        }
        _ => d.field("Due", &due, urgency_style(standing.style_urgency, theme)),
    }
    if r.extension_notice_sent_on.is_some() || r.status.is_closed() {
        return;
    }
    if dates.one_month_deadline < today {
        let text = format!(
            "no longer possible: the notice was due by {}",
            long_date(dates.one_month_deadline)
        );
        d.field("Extension", &text, theme.error);
        return;
    }
    let outer = if dates.extension_notice_by == dates.one_month_deadline {
        String::new()
    } else {
        format!(" (outer limit {})", long_date(dates.one_month_deadline))
    };
    let text = format!(
        "tell the data subject by {}{outer}; extended deadline {}",
        long_date(dates.extension_notice_by),
        long_date(dates.extended_deadline)
    );
    d.field("Extension", &text, Style::default());
}

/// Its extension, closing, refusal, pauses and notes.
fn the_outcome(d: &mut Details<'_>, r: &Request, deadlines: Option<&Deadlines>) {
    let plain = Style::default();
    if let Some(told) = r.extension_notice_sent_on {
        let text = format!("told {}: {}", long_date(told), r.extension_reason);
        d.field("Extended", &text, plain);
    }
    if let Some(closed) = r.closed_on {
        match deadlines.and_then(|dates| r.days_late(dates)) {
            Some(n) => {
                let text = format!("{} ({n} days after the deadline)", long_date(closed));
                d.field("Closed", &text, d.theme.error);
            }
            None => d.field("Closed", &format!("{} (in time)", long_date(closed)), plain),
        }
    }
    if !r.refusal_reason.is_empty() {
        d.field("Refusal", &r.refusal_reason, plain);
        let remedies = if r.informed_of_remedies {
            "told of the right to complain and to a judicial remedy"
        } else {
            "not recorded"
        };
        d.field("Art. 12(4)", remedies, plain);
    }
    for p in &r.pauses {
        let until = match (p.answered_on, r.closed_on) {
            (Some(day), _) => long_date(day),
            (None, Some(_)) => "never answered".to_string(),
            (None, None) => "still waiting".to_string(),
        };
        let text = format!(
            "{}: {} – {until}",
            p.kind.label(),
            long_date(p.requested_on)
        );
        d.field("Paused", &text, plain);
    }
    d.field_if_any("Notes", &r.notes, plain);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_step_s_day_is_taken_as_people_type_it() {
        let today = NaiveDate::from_ymd_opt(2026, 12, 7).unwrap();
        let on = |typed: &str| {
            let mut form = Form::new("Identity", vec![date_field("on", "Asked on", today)]);
            form.set_value("on", typed);
            step_from_form(StepKey::Identity, &form, today)
        };
        let sunday = NaiveDate::from_ymd_opt(2026, 12, 6).unwrap();
        for typed in ["yesterday", "6.12", "2026-12-06", "-1d"] {
            assert_eq!(
                on(typed),
                Ok(Step::IdentityRequested { on: sunday }),
                "{typed}"
            );
        }
        on("32.12")
            .unwrap_err()
            .assert_says("on", "not a calendar date");
        on("").unwrap_err().assert_says("on", "required");
    }

    #[test]
    fn days_left_are_shortened_before_they_are_cut() {
        assert_eq!(left_in("7 days late", 11), "7 days late");
        assert_eq!(left_in("14 days late", 11), "14d late");
        assert_eq!(left_in("1234 days late", 11), "1234d late");
        assert_eq!(left_in("awaiting reply", 11), "awaiting r…");
    }
}
