//! A short list to choose one item from, drawn over the screen.

use crate::tui::keymap::{Command, KeyMap, Mode};
use ratatui::layout::Rect;
use ratatui::text::Span;
use ratatui::widgets::{List, ListItem, ListState};
use ratatui::Frame;

use crate::tui::state::Pick;
use crate::tui::theme::Theme;
use crate::tui::widgets::dialog::Dialog;
use crate::tui::widgets::text::fit;

/// Where Up or Down moves a selection among `len` items: round from either
/// end to the other.
pub fn wrapped(index: usize, len: usize, down: bool) -> usize {
    let n = len.max(1);
    if down {
        (index + 1) % n
    } else {
        (index + n - 1) % n
    }
}

pub fn render(frame: &mut Frame, body: Rect, pick: &Pick, (theme, keys): (&Theme, &KeyMap)) {
    let keys = keys.keys_line(
        Mode::Pick,
        &[(Command::Choose, "go"), (Command::Cancel, "close")],
    );
    let longest = pick
        .options
        .iter()
        .map(|(_, label)| super::text::columns(label))
        .chain([super::text::columns(&pick.title) + 2])
        .max()
        .unwrap_or(0);
    let width = (longest as u16 + 6).clamp(30, body.width.max(1));
    let height = (pick.options.len() as u16 + 2).min(body.height.max(3));
    let dialog = Dialog {
        title: Span::styled(format!(" {} ", pick.title), theme.title),
        border: theme.accent,
        keys: &keys,
    };
    let (area, block) = dialog.open(frame, body, (width, height), theme);
    let text_width = usize::from(width.saturating_sub(4));
    let items: Vec<ListItem> = pick
        .options
        .iter()
        .map(|(_, label)| ListItem::new(fit(label, text_width)))
        .collect();
    let list = List::new(items)
        .block(block)
        .highlight_style(theme.selected)
        .highlight_symbol("▸ ");
    let mut state = ListState::default().with_selected(Some(pick.index));
    frame.render_stateful_widget(list, area, &mut state);
}
