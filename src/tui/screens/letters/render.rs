//! The drafted letter: its text scrolled in a wide dialog, its gaps named
//! under it, the keys at the bottom.

use crate::tui::keymap::{Command, KeyMap, Mode};
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;

use crate::tui::state::LetterView;
use crate::tui::theme::Theme;
use crate::tui::widgets::dialog::{padded_inside, Dialog};
use crate::tui::widgets::text_box;

/// The letter's keys, in words and in short words for a narrow window.
const KEYS: [(Command, &str, &str); 9] = [
    (Command::Up, "scroll", "scroll"),
    (Command::Down, "scroll", "scroll"),
    (Command::PageDown, "scroll", "scroll"),
    (Command::NextLanguage, "language", "lang"),
    (Command::ToggleFormat, "format", "fmt"),
    (Command::WriteLetter, "write file", "file"),
    (Command::CopyLetter, "copy", "copy"),
    (Command::LetterSent, "sent", "sent"),
    (Command::Cancel, "close", "close"),
];

pub fn render(
    frame: &mut Frame,
    body: Rect,
    view: &LetterView,
    (theme, keymap): (&Theme, &KeyMap),
) {
    let width = 96u16.min(body.width);
    let height = body.height;
    let title = format!(
        " {} · {} · {} · {} ",
        view.order.kind.label(),
        view.label,
        view.order.lang.code(),
        view.order.format.code()
    );
    let long: Vec<(Command, &str)> = KEYS.iter().map(|&(c, word, _)| (c, word)).collect();
    let short: Vec<(Command, &str)> = KEYS.iter().map(|&(c, _, word)| (c, word)).collect();
    let keys = format!(" {} ", keymap.hint_line(Mode::Letter, &long));
    let keys = if crate::tui::widgets::text::columns(&keys) + 2 <= usize::from(width) {
        keys
    } else {
        format!(" {} ", keymap.hint_line(Mode::Letter, &short))
    };
    let dialog = Dialog {
        title: Span::styled(title, theme.accent),
        border: theme.accent,
        keys: &keys,
    };
    let (area, block) = dialog.open(frame, body, (width, height), theme);
    let inside = padded_inside(frame, area, block);
    // What to know before sending it, then what is still to fill in.
    let notes: Vec<String> = view
        .letter
        .warnings
        .iter()
        .map(|w| format!("! {w}"))
        .chain(gap_line(view))
        .collect();
    let [text_area, note_area] = Layout::vertical([
        Constraint::Min(1),
        Constraint::Length(
            u16::try_from(notes.len())
                .unwrap_or(0)
                .min(inside.height / 3),
        ),
    ])
    .areas(inside);
    // Wrapped at spaces as the text boxes are, and never scrolled past its
    // last screenful.
    let lines: Vec<String> = view.letter.text.lines().map(str::to_string).collect();
    let rows = text_box::rows(&lines, usize::from(text_area.width));
    let last = rows.len().saturating_sub(usize::from(text_area.height));
    let first = usize::from(view.scroll).min(last);
    let shown: Vec<Line> = rows
        .iter()
        .skip(first)
        .take(usize::from(text_area.height))
        .map(|r| Line::from(lines[r.line][r.start..r.end].trim_end()))
        .collect();
    frame.render_widget(Paragraph::new(shown), text_area);
    let notes: Vec<Line> = notes
        .into_iter()
        .map(|n| Line::from(Span::styled(n, theme.warning)))
        .collect();
    frame.render_widget(Paragraph::new(notes), note_area);
}

/// "2 gaps to fill in: the copy…; the source…", or nothing.
fn gap_line(view: &LetterView) -> Option<String> {
    let gaps = &view.letter.gaps;
    (!gaps.is_empty()).then(|| {
        format!(
            "{} to fill in: {}",
            crate::platform::words::counted(gaps.len(), "gap"),
            gaps.join("; ")
        )
    })
}
