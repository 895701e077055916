//! A yes/no dialog that says exactly what will happen.

use ratatui::layout::Rect;
use ratatui::text::Span;
use ratatui::widgets::{Paragraph, Wrap};
use ratatui::Frame;

use crate::tui::keymap::{Command, KeyMap, Mode};
use crate::tui::state::Confirm;
use crate::tui::theme::Theme;
use crate::tui::widgets::dialog::{text_lines, wrapped_rows, Dialog};

pub fn render(frame: &mut Frame, body: Rect, confirm: &Confirm, (theme, keys): (&Theme, &KeyMap)) {
    let keys = keys.keys_line(Mode::Confirm, &[(Command::Yes, "yes"), (Command::No, "no")]);
    let width = 70u16.min(body.width);
    let text_width = usize::from(width.saturating_sub(2)).max(1);
    // Wrapped lines take more rows; count them so nothing is cut off.
    let height = wrapped_rows(&confirm.lines, text_width) as u16 + 2;
    let dialog = Dialog {
        title: Span::styled(format!(" {} ", confirm.title), theme.error),
        border: theme.error,
        keys: &keys,
    };
    let (area, block) = dialog.open(frame, body, (width, height), theme);
    frame.render_widget(
        Paragraph::new(text_lines(&confirm.lines))
            .block(block)
            .wrap(Wrap { trim: false }),
        area,
    );
}
