//! The draft dialog: the suggestions grouped by kind on the left, each
//! marked accepted or not; the policy on the right with the selected
//! suggestion's sentence marked; its note and the keys below. Before a
//! policy is read, one line asks for its file.

use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;

use super::DraftView;
use crate::domain::draft::SuggestionKind;
use crate::tui::keymap::{Command, KeyMap, Mode};
use crate::tui::theme::Theme;
use crate::tui::widgets::dialog::{padded_inside, Dialog};
use crate::tui::widgets::text::{columns, fit};
use crate::tui::widgets::text_box;

const KEYS: [(Command, &str); 6] = [
    (Command::Down, "move"),
    (Command::ToggleAccept, "accept/reject"),
    (Command::Edit, "edit"),
    (Command::AcceptAll, "all"),
    (Command::WriteDraft, "write"),
    (Command::Cancel, "close"),
];

pub fn render(frame: &mut Frame, body: Rect, view: &DraftView, (theme, keymap): (&Theme, &KeyMap)) {
    if !view.is_read() {
        return ask(frame, body, view, (theme, keymap));
    }
    let keys = if view.input.is_some() {
        format!(
            " {} ",
            keymap.hint_line(
                Mode::DraftInput,
                &[(Command::Save, "keep"), (Command::Cancel, "back")]
            )
        )
    } else {
        format!(" {} ", keymap.hint_line(Mode::Draft, &KEYS))
    };
    let accepted = view.accepted.iter().filter(|a| **a).count();
    let mut title = format!(
        " Draft from {} · {} · {accepted} of {} accepted ",
        view.policy,
        view.language,
        view.suggestions.len()
    );
    if let Some(other) = &view.other_client {
        title.push_str(&format!("· the policy is {other}'s, not this register's "));
    }
    let border = if view.other_client.is_some() {
        theme.warning
    } else {
        theme.accent
    };
    let dialog = Dialog {
        title: Span::styled(title, border),
        border,
        keys: &keys,
    };
    let (area, block) = dialog.open(frame, body, (body.width, body.height), theme);
    let inside = padded_inside(frame, area, block);
    let [panes, note] = Layout::vertical([Constraint::Min(3), Constraint::Length(2)]).areas(inside);
    let [list, policy] =
        Layout::horizontal([Constraint::Percentage(55), Constraint::Percentage(45)])
            .spacing(1)
            .areas(panes);
    render_list(frame, list, view, theme);
    render_policy(frame, policy, view, theme);
    render_note(frame, note, view, theme);
}

/// One line asking for the policy's file.
fn ask(frame: &mut Frame, body: Rect, view: &DraftView, (theme, keymap): (&Theme, &KeyMap)) {
    let keys = format!(
        " {} ",
        keymap.hint_line(
            Mode::DraftInput,
            &[(Command::Save, "read it"), (Command::Cancel, "close")]
        )
    );
    let width = 76u16.min(body.width);
    let dialog = Dialog {
        title: Span::styled(" Draft the register from a privacy policy ", theme.accent),
        border: theme.accent,
        keys: &keys,
    };
    let (area, block) = dialog.open(frame, body, (width, 9), theme);
    let inside = padded_inside(frame, area, block);
    let typed = view.input.as_deref().unwrap_or("");
    let field = usize::from(inside.width).saturating_sub(12);
    let mut lines = vec![
        Line::from("The policy as text, Markdown or HTML (saved from the client's website);"),
        Line::from("a name without a folder is read beside the register."),
        Line::from(""),
        Line::from(vec![
            Span::styled("Policy file ", theme.label),
            Span::styled(format!("{}▏", fit_end(typed, field)), theme.input_focused),
        ]),
    ];
    if let Some(problem) = &view.problem {
        lines.push(Line::from(Span::styled(
            fit(problem, usize::from(inside.width)),
            theme.error,
        )));
    }
    frame.render_widget(Paragraph::new(lines), inside);
}

/// The end of `text` when it is wider than `width` (the cursor's side stays in view).
fn fit_end(text: &str, width: usize) -> String {
    if columns(text) <= width {
        return text.to_string();
    }
    let chars: Vec<char> = text.chars().collect();
    let mut start = chars.len();
    while start > 0 && columns(&chars[start - 1..].iter().collect::<String>()) < width {
        start -= 1;
    }
    format!("…{}", chars[start..].iter().collect::<String>())
}

/// A row of the list.
enum Row {
    Blank,
    Heading(SuggestionKind),
    Suggestion(usize),
}

/// The rows of the list: a heading where the kind changes, then each
/// suggestion; and the row each suggestion is on.
fn rows(view: &DraftView) -> (Vec<Row>, Vec<usize>) {
    let mut rows = Vec::new();
    let mut at = Vec::new();
    let mut kind = None;
    for (i, s) in view.suggestions.iter().enumerate() {
        if kind != Some(s.kind) {
            if kind.is_some() {
                rows.push(Row::Blank);
            }
            rows.push(Row::Heading(s.kind));
            kind = Some(s.kind);
        }
        at.push(rows.len());
        rows.push(Row::Suggestion(i));
    }
    (rows, at)
}

fn render_list(frame: &mut Frame, area: Rect, view: &DraftView, theme: &Theme) {
    let (rows, at) = rows(view);
    let height = usize::from(area.height);
    let selected_row = at.get(view.index).copied().unwrap_or(0);
    let first = selected_row
        .saturating_sub(height / 3)
        .min(rows.len().saturating_sub(height));
    let width = usize::from(area.width);
    let lines: Vec<Line> = rows
        .iter()
        .skip(first)
        .take(height)
        .map(|row| match row {
            Row::Blank => Line::from(""),
            Row::Heading(kind) => Line::from(Span::styled(fit(kind.label(), width), theme.header)),
            Row::Suggestion(i) => suggestion_line(view, *i, width, theme),
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), area);
}

fn suggestion_line(view: &DraftView, i: usize, width: usize, theme: &Theme) -> Line<'static> {
    let s = &view.suggestions[i];
    let mark = if view.accepted[i] { "[x]" } else { "[ ]" };
    let editing = i == view.index && view.input.is_some();
    let value = match (&view.input, editing) {
        (Some(typed), true) => format!("{typed}▏"),
        _ => s.value.clone(),
    };
    let applies = s
        .applies_to
        .as_deref()
        .map(|a| format!(" ({a})"))
        .unwrap_or_default();
    let tail = format!(" · {} · line {}", s.confidence.label(), s.line);
    let text = fit(&format!(" {mark} {value}{applies}{tail}"), width);
    let style = if i == view.index {
        if editing {
            theme.input_focused
        } else {
            theme.selected
        }
    } else if view.accepted[i] {
        ratatui::style::Style::default()
    } else {
        theme.muted
    };
    Line::from(Span::styled(format!("{text:width$}"), style))
}

/// The policy around the selected suggestion's line, wrapped, that line marked.
fn render_policy(frame: &mut Frame, area: Rect, view: &DraftView, theme: &Theme) {
    let Some(s) = view.suggestions.get(view.index) else {
        return;
    };
    let height = usize::from(area.height);
    let number_width = view.lines.last().map_or(1, |(n, _)| n.to_string().len());
    let text_width = usize::from(area.width)
        .saturating_sub(number_width + 1)
        .max(1);
    let texts: Vec<String> = view.lines.iter().map(|(_, t)| t.clone()).collect();
    let rows = text_box::rows(&texts, text_width);
    let marked = view.lines.iter().position(|(n, _)| *n >= s.line);
    // The sentence itself within its line (a paragraph may hold several).
    let sentence = marked.and_then(|m| {
        let at = texts[m].find(s.quote.as_str())?;
        Some((m, at, at + s.quote.len()))
    });
    let in_sentence = |r: &text_box::Row| match sentence {
        Some((m, start, end)) => r.line == m && r.start < end && r.end > start,
        None => Some(r.line) == marked,
    };
    let target = rows.iter().position(in_sentence).unwrap_or(0);
    let first = target
        .saturating_sub(height / 3)
        .min(rows.len().saturating_sub(height));
    let shown: Vec<Line> = rows
        .iter()
        .enumerate()
        .skip(first)
        .take(height)
        .map(|(i, r)| {
            let starts = i == 0 || rows[i - 1].line != r.line;
            let number = if starts {
                view.lines[r.line].0.to_string()
            } else {
                String::new()
            };
            let text = texts[r.line][r.start..r.end].trim_end();
            let row = format!("{number:>number_width$} {text}");
            if in_sentence(r) {
                Line::from(Span::styled(
                    format!("{row:width$}", width = usize::from(area.width)),
                    theme.selected,
                ))
            } else {
                Line::from(Span::styled(row, theme.muted))
            }
        })
        .collect();
    frame.render_widget(Paragraph::new(shown), area);
}

/// What to know before accepting the selected suggestion, and its sentence.
fn render_note(frame: &mut Frame, area: Rect, view: &DraftView, theme: &Theme) {
    let Some(s) = view.suggestions.get(view.index) else {
        return;
    };
    let width = usize::from(area.width);
    let mut lines = Vec::new();
    if let Some(note) = &s.note {
        lines.push(Line::from(Span::styled(
            fit(&format!("! {note}"), width),
            theme.warning,
        )));
    }
    lines.push(Line::from(fit(&format!("\"{}\"", s.quote), width)));
    frame.render_widget(Paragraph::new(lines), area);
}
