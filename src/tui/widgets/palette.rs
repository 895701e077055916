//! The command palette (`:` or Ctrl-P): what is typed, then every command of
//! the screen it was opened over that matches, with its keys.

use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{List, ListItem, ListState, Paragraph};
use ratatui::Frame;

use super::dialog::{padded_inside, Dialog};
use super::text::{columns, fit};
use crate::tui::keymap::{Command, KeyMap, Mode};
use crate::tui::state::Palette;
use crate::tui::theme::Theme;

pub fn render(frame: &mut Frame, body: Rect, palette: &Palette, (theme, keys): (&Theme, &KeyMap)) {
    let shown = palette.shown(keys);
    let keys = format!(
        " type to find ·{}",
        keys.keys_line(
            Mode::Palette,
            &[
                (Command::Up, "move"),
                (Command::Down, "move"),
                (Command::Choose, "run"),
                (Command::Cancel, "close"),
            ]
        )
    );
    let width = 76u16.min(body.width);
    let height = (shown.len() as u16 + 4).max(6).min(body.height.min(20));
    let dialog = Dialog {
        title: Span::styled(" Commands ", theme.title),
        border: theme.accent,
        keys: &keys,
    };
    let (area, block) = dialog.open(frame, body, (width, height), theme);
    let inside = padded_inside(frame, area, block);
    let query = Line::from(vec![
        Span::styled("> ", theme.accent),
        Span::raw(palette.query.as_str()),
        Span::styled(" ", theme.cursor),
    ]);
    frame.render_widget(
        Paragraph::new(query),
        Rect {
            height: 1,
            ..inside
        },
    );
    let list_area = Rect {
        y: inside.y + 2,
        height: inside.height.saturating_sub(2),
        ..inside
    };
    let text_width = usize::from(list_area.width.saturating_sub(2));
    let items: Vec<ListItem> = if shown.is_empty() {
        vec![ListItem::new(Span::styled(
            "no command matches",
            theme.muted,
        ))]
    } else {
        shown
            .iter()
            .map(|e| {
                let keys = format!("{:<12}", fit(&e.keys, 12));
                let room = text_width.saturating_sub(columns(&keys) + 1);
                // Another screen's command says which screen it runs on.
                let help = match e.screen {
                    Some(screen) => {
                        let name = screen.title().split(':').next().unwrap_or_default();
                        format!("{name}: {}", e.help)
                    }
                    None => e.help.to_string(),
                };
                ListItem::new(Line::from(vec![
                    Span::styled(keys, theme.accent),
                    Span::raw(" "),
                    Span::raw(fit(&help, room)),
                ]))
            })
            .collect()
    };
    let list = List::new(items)
        .highlight_style(theme.selected)
        .highlight_symbol("▸ ");
    let selected = (!shown.is_empty()).then_some(palette.index);
    let mut state = ListState::default().with_selected(selected);
    frame.render_stateful_widget(list, list_area, &mut state);
}
