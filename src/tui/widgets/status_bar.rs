//! The bottom line: which file and organisation are open, the last message, and
//! the two keys everyone needs. The keys always stay visible; a long message is
//! shortened with "…".

use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;

use super::text::fit;
use crate::domain::urgency::{marker, Level};
use crate::tui::job::Job;
use crate::tui::keymap::{hint_line, Command, Mode};
use crate::tui::screens::exchange::percent;
use crate::tui::state::{MessageKind, Modal, State, Tab};

/// The two keys everyone needs, named from the key map.
fn keys() -> String {
    let hints = [(Command::Help, "help"), (Command::Quit, "quit")];
    format!(" {} ", hint_line(Mode::Global, &hints))
}

pub fn render(frame: &mut Frame, area: Rect, state: &State) {
    let theme = &state.theme;
    let width = usize::from(area.width);
    let keys = keys();
    let org = state
        .organisation
        .as_ref()
        .map(|v| v.organisation.name.as_str())
        .unwrap_or("");
    let file = fit(&format!(" {} ", state.file_label), width / 3);
    let org = if org.is_empty() {
        String::new()
    } else {
        fit(&format!(" {org} "), width / 4)
    };
    let mut used = file.chars().count() + org.chars().count() + keys.chars().count();
    let mut spans = vec![
        Span::styled(file, theme.status),
        Span::styled(org, theme.title),
    ];
    let read_only_file = state.organisation.as_ref().is_some_and(|o| o.read_only);
    let badge = match &state.as_of {
        Some((_, label)) => Some(format!(" AS OF {label} · read-only ")),
        None if read_only_file => Some(" READ-ONLY FILE ".to_string()),
        None => None,
    };
    if let Some(badge) = badge {
        let text = fit(&badge, width.saturating_sub(used));
        used += text.chars().count();
        spans.push(Span::styled(text, theme.error));
    }
    // A job working behind the screen says how far it has come.
    if let (Some(view), false) = (&state.job, matches!(state.modal, Some(Modal::Progress))) {
        let verb = match &view.job {
            Job::Export { .. } => "exporting",
            Job::Import { options, .. } if options.dry_run => "checking",
            Job::Import { .. } => "importing",
        };
        let text = fit(
            &format!(" {verb} {}% ", percent(view)),
            width.saturating_sub(used),
        );
        used += text.chars().count();
        spans.push(Span::styled(text, theme.selected));
    }
    if let Some(message) = &state.message {
        let style = match message.kind {
            MessageKind::Info => theme.info,
            MessageKind::Error => theme.error,
        };
        let text = fit(&format!(" {} ", message.text), width.saturating_sub(used));
        used += text.chars().count();
        spans.push(Span::styled(text, style));
    }
    // A breach clock, the one the law counts in hours, stays in sight on the
    // screens that do not list it (after a message, which is passing).
    if let Some((texts, style)) = breach_badge(state) {
        let room = width.saturating_sub(used);
        if let Some(text) = texts.into_iter().find(|t| t.chars().count() <= room) {
            used += text.chars().count();
            spans.push(Span::styled(text, style));
        }
    }
    spans.push(Span::raw(" ".repeat(width.saturating_sub(used))));
    spans.push(Span::styled(keys, theme.muted));
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
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
