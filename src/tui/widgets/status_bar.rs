//! The bottom line: which file and organisation are open, the last message, and
//! the two keys everyone needs. The keys and the file's name always stay; the
//! organisation's name is cut first; a long message is shortened with "…"
//! and `M` shows it whole with the session's others. Widths are display
//! columns.

use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;

use super::text::{columns, fit, fit_middle};
use crate::domain::urgency::{marker, Level};
use crate::tui::job::Job;
use crate::tui::keymap::{Command, Mode};
use crate::tui::screens::exchange::percent;
use crate::tui::state::{MessageKind, Modal, State, Tab};

/// The two keys everyone needs, named from the key map.
fn keys(state: &State) -> String {
    let hints = [(Command::Help, "help"), (Command::Quit, "quit")];
    format!(" {} ", state.keys.hint_line(Mode::Global, &hints))
}

pub fn render(frame: &mut Frame, area: Rect, state: &State) {
    let theme = &state.theme;
    let width = usize::from(area.width);
    let keys = keys(state);
    // What must stay: the keys, and the file's name (a long path is cut in
    // the middle). Then badges, the message (cut, the whole kept for `M`),
    // the running breach clock; the organisation's name takes what is left.
    let file = format!(
        " {} ",
        fit_middle(
            &state.file_label,
            (width / 3)
                .max(16)
                .min(width.saturating_sub(columns(&keys)))
        )
    );
    let mut used = columns(&file) + columns(&keys);
    let mut tail: Vec<Span> = Vec::new();
    for (text, style) in badges(state) {
        let text = fit(&text, width.saturating_sub(used));
        used += columns(&text);
        tail.push(Span::styled(text, style));
    }
    // Room kept back from a long message: the running breach clock, in its
    // short form (the organisation's name is what goes first).
    let breach = breach_badge(state);
    let org_name = state
        .organisation
        .as_ref()
        .map(|v| v.organisation.name.as_str())
        .unwrap_or("");
    let kept = breach
        .as_ref()
        .and_then(|(texts, _)| texts.last())
        .map_or(0, |t| columns(t));
    if let Some(message) = &state.message {
        let style = match message.kind {
            MessageKind::Info => theme.info,
            MessageKind::Error => theme.error,
        };
        let room = width.saturating_sub(used + kept);
        let whole = format!(" {} ", message.text);
        let text = if columns(&whole) <= room {
            whole
        } else {
            // Cut: the messages key shows it whole.
            let whole_key = format!("({})", state.key(Mode::Global, Command::Messages));
            let room_for_text = room.saturating_sub(columns(&whole_key) + 3);
            format!(" {} {whole_key} ", fit(&message.text, room_for_text))
        };
        let text = fit(&text, room);
        used += columns(&text);
        tail.push(Span::styled(text, style));
    }
    // A breach clock, the one the law counts in hours, stays in sight on the
    // screens that do not list it (after a message, which is passing).
    if let Some((texts, style)) = breach {
        let room = width.saturating_sub(used);
        if let Some(text) = texts.into_iter().find(|t| columns(t) <= room) {
            used += columns(&text);
            tail.push(Span::styled(text, style));
        }
    }
    let room = width.saturating_sub(used);
    let org = if org_name.is_empty() || room < 6 {
        String::new()
    } else {
        fit(&format!(" {org_name} "), room)
    };
    used += columns(&org);
    let mut spans = vec![
        Span::styled(file, theme.status),
        Span::styled(org, theme.title),
    ];
    spans.extend(tail);
    spans.push(Span::raw(" ".repeat(width.saturating_sub(used))));
    spans.push(Span::styled(keys, theme.muted));
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}

/// What the register is and what runs: a demo client's, an earlier day
/// shown, a file only readable here, an export or import working behind.
fn badges(state: &State) -> Vec<(String, ratatui::style::Style)> {
    let theme = &state.theme;
    let mut badges = Vec::new();
    let view = state.organisation.as_ref();
    if view.is_some_and(|o| o.demo) {
        badges.push((" DEMO ".to_string(), theme.warning));
    }
    match &state.as_of {
        Some((_, label)) => badges.push((format!(" AS OF {label} · read-only "), theme.error)),
        None if view.is_some_and(|o| o.read_only) => {
            badges.push((" READ-ONLY FILE ".to_string(), theme.error))
        }
        None => {}
    }
    if let (Some(job), false) = (&state.job, matches!(state.modal, Some(Modal::Progress))) {
        let verb = match &job.job {
            Job::Export { .. } => "exporting",
            Job::Import { options, .. } if options.dry_run => "checking",
            Job::Import { .. } => "importing",
        };
        badges.push((format!(" {verb} {}% ", percent(job)), theme.selected));
    }
    badges
}

/// " ! breach: 52 h 00 min left ", and the shorter " ! breach 52 h " for a
/// narrow window, on a screen other than the Dashboard and Breaches, when the
/// register's most urgent finding is a breach clock.
fn breach_badge(state: &State) -> Option<(Vec<String>, ratatui::style::Style)> {
    if matches!(state.tab, Tab::Dashboard | Tab::Breaches) {
        return None;
    }
    let f = state.most_urgent.as_ref()?;
    (Level::of(f.code) <= Level::BreachClock).then(|| {
        let left = f.time_left(state.moment());
        let mut short: Vec<&str> = left.split(' ').take(2).collect();
        if left.ends_with("late") {
            short.push("late");
        }
        let mark = marker(f.severity);
        (
            vec![
                format!(" {mark} breach: {left} "),
                format!(" {mark} breach {} ", short.join(" ")),
            ],
            state.theme.severity(f.severity),
        )
    })
}
