//! The first screen: every running clock and open duty of the register, most
//! urgent first (the same findings and order as `dpo check`), the counts per
//! area, and the date and time zone they are judged in. Enter opens the record
//! on its own screen.

use ratatui::layout::{Constraint, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, Row};
use ratatui::Frame;

use super::activities::Activities;
use super::breaches::Breaches;
use super::list_screen::{self, list_in_state, ListScreen};
use super::processor_records::ProcessorRecords;
use super::processors::Processors;
use super::requests::Requests;
use crate::domain::breach_clock::long_time;
use crate::domain::findings::{Area, Due, Finding, Severity};
use crate::domain::urgency::marker;
use crate::store::{Register, StoreResult};
use crate::tui::action::Action;
use crate::tui::effect::{Effect, Focus, ListRead};
use crate::tui::keymap::{Command, Hint, Mode};
use crate::tui::state::{State, Tab};
use crate::tui::widgets::list_window::{ListLabels, ListWindow, Page};
use crate::tui::widgets::text::{fit, wrap_words};
use chrono::{DateTime, NaiveDate, Utc};

pub struct DashboardScreen;

/// A finding's place for `Focus::Id`: its area and record (a record's
/// findings sit together, so the first of them is found).
pub fn finding_id(f: &Finding) -> i64 {
    ((f.record.area as i64) << 40) | f.record.id
}

impl ListScreen for DashboardScreen {
    list_in_state!(dashboard: Finding, row => finding_id(row));
    fn load(_state: &State, read: ListRead) -> Effect {
        // The findings are few and judged together: always all of them.
        let ListRead { filter, focus, .. } = read;
        Effect::LoadDashboard { filter, focus }
    }
}

/// Reloads the findings, keeping the selection where it was.
/// The dashboard's findings arrived, with the counts the tabs show.
pub fn loaded(
    state: &mut State,
    page: Page<Finding>,
    (urgent, urgent_processors): (usize, usize),
    most_urgent: Option<Finding>,
) -> Vec<Effect> {
    state.urgent = urgent;
    state.urgent_processors = urgent_processors;
    state.most_urgent = most_urgent;
    list_screen::loaded::<DashboardScreen>(state, page)
}

pub fn reload(state: &State) -> Vec<Effect> {
    list_screen::reload::<DashboardScreen>(state, Focus::Index(state.dashboard.selected))
}

/// Whether a finding matches what is typed in the filter: its code, area,
/// record or message.
pub fn matches(f: &Finding, filter: &str) -> bool {
    let filter = crate::domain::text::search_form(filter);
    filter.is_empty()
        || [f.code, f.record.area.title(), &f.record.label, &f.message]
            .iter()
            .any(|text| crate::domain::text::search_form(text).contains(&filter))
}

/// What the footer names: the keys are read from the key map.
const FOOTER: &[Hint] = &[(Command::Choose, "open"), (Command::Filter, "filter")];

/// The dashboard's own command: Enter opens the finding's record.
pub fn command(state: &mut State, command: Command) -> Vec<Effect> {
    if command == Command::Choose {
        open_selected(state)
    } else {
        Vec::new()
    }
}

/// Goes to the selected finding's record on its own screen, with that list's
/// filter cleared so the record is there to be found.
pub fn open_selected(state: &mut State) -> Vec<Effect> {
    let Some(f) = state.dashboard.selected_row().cloned() else {
        return Vec::new();
    };
    let id = f.record.id;
    state.info(format!("{}: 0 goes back to the dashboard", f.record.label));
    match f.record.area {
        Area::Organisation => {
            state.tab = Tab::Organisation;
            Vec::new()
        }
        Area::Requests => {
            state.request_events = None;
            jump::<Requests>(state, Tab::Requests, id)
        }
        Area::Breaches => jump::<Breaches>(state, Tab::Breaches, id),
        Area::Processors => {
            state.folded.clear(); // a sub-processor may sit in a folded chain
            state.processor_extras = None;
            jump::<Processors>(state, Tab::Processors, id)
        }
        Area::Activities => {
            state.incomplete_only = false;
            jump::<Activities>(state, Tab::Activities, id)
        }
        Area::ProcessorRecords => jump::<ProcessorRecords>(state, Tab::ProcessorRecords, id),
    }
}

fn jump<S: ListScreen>(state: &mut State, tab: Tab, id: i64) -> Vec<Effect> {
    let list = S::list_mut(state);
    list.filter.clear();
    list.filtering = false;
    state.tab = tab;
    state.detail_scroll = 0;
    list_screen::reload::<S>(state, Focus::Id(id))
}

pub fn render(frame: &mut Frame, state: &State, body: Rect) {
    list_screen::render_split(frame, state, body, render_list, render_detail);
}

fn render_list(frame: &mut Frame, state: &State, area: Rect) {
    let labels = ListLabels {
        loading: "Judging every clock of the register…",
        name: "Dashboard",
        hint: &state.keys.footer(Mode::Dashboard, FOOTER),
        empty: if state.dashboard.filter.is_empty() {
            "Nothing needs you: no clock is running and every record is complete."
        } else {
            ""
        },
    };
    list_screen::render_list::<DashboardScreen>(frame, state, area, &labels, &COLUMNS, list_row);
}

/// The level (in text too, for a screen without colour), when, the record
/// and what is wrong. The area is in the details (and in the counts beside
/// the list): the message needs the room more.
const COLUMNS: [(&str, Constraint); 4] = [
    ("", Constraint::Length(2)),
    ("When", Constraint::Length(16)),
    ("Record", Constraint::Length(22)),
    ("What", Constraint::Fill(1)),
];

fn list_row<'a>(state: &'a State, f: &'a Finding, widths: &[usize]) -> Row<'a> {
    Row::new(vec![
        Cell::from(marker(f.severity)),
        Cell::from(fit(&f.when(state.moment()), widths[1])),
        Cell::from(fit(&f.record.label, widths[2])),
        Cell::from(fit(&f.message, widths[3])),
    ])
    .style(state.theme.severity(f.severity))
}

/// Errors, warnings and running clocks per area (a count of requests due
/// later as the requests it counts).
fn counts(findings: &[Finding], area: Area) -> [usize; 3] {
    let n = |s| {
        findings
            .iter()
            .filter(|f| f.record.area == area && f.severity == s)
            .map(|f| f.records)
            .sum::<usize>()
    };
    let errors = n(Severity::Error) + n(Severity::Critical);
    [errors, n(Severity::Warning), n(Severity::Info)]
}

fn render_detail(frame: &mut Frame, state: &State, area: Rect) {
    let theme = &state.theme;
    let moment = state.moment();
    let zone = state.time_zone();
    let zone_name = zone.name();
    let title = format!(" {} ({zone_name}) ", long_time(moment.now, &zone));
    let block = list_screen::detail_block(&title, theme);
    let width = usize::from(area.width.saturating_sub(2)).max(1);
    let mut lines = vec![Line::from(vec![
        Span::styled(format!("{:<14}", ""), theme.header),
        Span::styled(
            format!("{:>7}{:>9}{:>9}", "errors", "warnings", "running"),
            theme.header,
        ),
    ])];
    for &a in Area::ALL {
        let [e, w, i] = counts(&state.dashboard.rows, a);
        let number = |n: usize, width: usize, style: Style| {
            Span::styled(
                format!(
                    "{:>width$}",
                    if n == 0 {
                        "·".to_string()
                    } else {
                        n.to_string()
                    }
                ),
                if n == 0 { theme.muted } else { style },
            )
        };
        lines.push(Line::from(vec![
            Span::styled(format!("{:<14}", a.title()), theme.label),
            number(e, 7, theme.error),
            number(w, 9, theme.warning),
            number(i, 9, Style::default()),
        ]));
    }
    lines.push(Line::default());
    if let Some(f) = state.dashboard.selected_row() {
        lines.push(Line::from(Span::styled(
            format!("{} · {}", f.record.label, f.record.area.title()),
            theme.title,
        )));
        const LABEL: usize = 10;
        let value_width = width.saturating_sub(LABEL).max(1);
        let due = match f.due {
            Some(Due::Day(day)) => {
                format!("{} ({})", day.format("%a %-d %b %Y"), f.time_left(moment))
            }
            Some(Due::At(at)) => format!("{} ({})", long_time(at, &zone), f.time_left(moment)),
            None => "no date: a duty to meet, or a record to complete".to_string(),
        };
        for (label, value, value_style) in [
            (
                "Severity",
                format!("{} ({})", f.severity.name(), f.code),
                theme.severity(f.severity),
            ),
            (
                "Ranks",
                crate::domain::urgency::Level::of(f.code)
                    .explained()
                    .to_string(),
                Style::default(),
            ),
            ("Due", due, Style::default()),
            ("What", f.message.clone(), Style::default()),
        ] {
            for (i, part) in wrap_words(&value, value_width).into_iter().enumerate() {
                let label = if i == 0 { label } else { "" };
                lines.push(Line::from(vec![
                    Span::styled(format!("{label:<LABEL$}"), theme.label),
                    Span::styled(part, value_style),
                ]));
            }
        }
        lines.push(Line::default());
        lines.push(Line::from(Span::styled(
            format!(
                "{} opens it on the {} screen.",
                state.key(Mode::Dashboard, Command::Choose),
                f.record.area.title()
            ),
            theme.muted,
        )));
    }
    list_screen::render_wrapped(frame, area, block, lines, state.detail_scroll);
}

/// How many requests needing attention the Dashboard lists one by one, the
/// most urgent; the rest are counted (their judgement would read every one
/// of thousands of overdue requests before anything showed: 3 s from a cold
/// file at a million requests). Seven screens of lines to triage; each
/// listed request is a row read from wherever it lies in the file (500 took
/// 110 ms from a cold file, 200 take 65–85 ms). `dpo check` lists every one.
const LISTED_REQUESTS: usize = 200;

/// Every finding of the register at this moment; those matching `filter` are shown.
pub fn load(
    register: &Register,
    filter: String,
    focus: Focus,
    now: DateTime<Utc>,
    today: NaiveDate,
) -> StoreResult<Action> {
    use crate::domain::findings::Moment;
    let moment = Moment { today, now };
    let all = crate::services::check::lint_listing(register, moment, Some(LISTED_REQUESTS))?;
    let to_act_on: Vec<_> = all
        .iter()
        .filter(|f| crate::domain::urgency::needs_action(f, moment))
        .collect();
    // Counted in records, so a line that counts many overdue requests
    // weighs what it counts (as in the switcher's and portfolio's figures).
    let urgent = to_act_on.iter().map(|f| f.records).sum();
    let urgent_processors = to_act_on
        .iter()
        .filter(|f| f.record.area == crate::domain::findings::Area::Processors)
        .map(|f| f.records)
        .sum();
    let most_urgent = all.first().cloned();
    let rows: Vec<_> = all.into_iter().filter(|f| matches(f, &filter)).collect();
    let total = rows.len();
    let selected = match focus {
        Focus::Index(i) => i,
        Focus::Id(id) => rows.iter().position(|f| finding_id(f) == id).unwrap_or(0),
    }
    .min(total.saturating_sub(1));
    Ok(Action::DashboardLoaded {
        page: Page {
            filter,
            total,
            counted: true,
            offset: 0,
            rows,
            selected,
        },
        urgent,
        urgent_processors,
        most_urgent,
    })
}
