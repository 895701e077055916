//! A yes/no dialog that says exactly what will happen.

use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};
use ratatui::Frame;

use crate::tui::layout::centred;
use crate::tui::state::Confirm;
use crate::tui::theme::Theme;

pub fn render(frame: &mut Frame, body: Rect, confirm: &Confirm, theme: &Theme) {
    let width = 70u16.min(body.width);
    let text_width = usize::from(width.saturating_sub(2)).max(1);
    // Wrapped lines take more rows; count them so nothing is cut off.
    let rows: usize = confirm
        .lines
        .iter()
        .map(|l| l.chars().count().div_ceil(text_width).max(1))
        .sum();
    let height = rows as u16 + 2;
    let area = centred(body, width, height);
    frame.render_widget(Clear, area);
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(theme.error)
        .title(Span::styled(format!(" {} ", confirm.title), theme.error))
        .title_bottom(Line::from(Span::styled(
            " y yes · n / Esc no ",
            theme.muted,
        )));
    let lines: Vec<Line> = confirm
        .lines
        .iter()
        .map(|l| Line::from(l.as_str()))
        .collect();
    frame.render_widget(
        Paragraph::new(lines)
            .block(block)
            .wrap(Wrap { trim: false }),
        area,
    );
}
