//! What an export or import did or found: a titled, scrollable list of lines.

use ratatui::layout::Rect;
use ratatui::text::Span;
use ratatui::widgets::{Paragraph, Wrap};
use ratatui::Frame;

use crate::tui::keymap::{Command, KeyMap, Mode};
use crate::tui::state::Report;
use crate::tui::theme::Theme;
use crate::tui::widgets::dialog::{padded_inside, text_lines, wrapped_rows, Dialog};

pub fn render(frame: &mut Frame, body: Rect, report: &Report, (theme, keys): (&Theme, &KeyMap)) {
    let width = 100u16.min(body.width);
    let text_width = usize::from(width.saturating_sub(4)).max(1);
    let rows = wrapped_rows(&report.lines, text_width);
    let height = (rows as u16 + 2).min(body.height);
    let style = if report.failed {
        theme.error
    } else {
        theme.accent
    };
    let more = rows > usize::from(height.saturating_sub(2));
    let close = (Command::Cancel, "close");
    let keys = if more {
        keys.keys_line(
            Mode::Report,
            &[(Command::Up, "scroll"), (Command::Down, "scroll"), close],
        )
    } else {
        keys.keys_line(Mode::Report, &[close])
    };
    let dialog = Dialog {
        title: Span::styled(format!(" {} ", report.title), style),
        border: style,
        keys: &keys,
    };
    let (area, block) = dialog.open(frame, body, (width, height), theme);
    let padded = padded_inside(frame, area, block);
    frame.render_widget(
        Paragraph::new(text_lines(&report.lines))
            .wrap(Wrap { trim: false })
            .scroll((report.scroll, 0)),
        padded,
    );
}
