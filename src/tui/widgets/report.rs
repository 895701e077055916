//! What an export or import did or found: a titled, scrollable list of lines.

use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};
use ratatui::Frame;

use crate::tui::layout::centred;
use crate::tui::state::Report;
use crate::tui::theme::Theme;

pub fn render(frame: &mut Frame, body: Rect, report: &Report, theme: &Theme) {
    let width = 100u16.min(body.width);
    let text_width = usize::from(width.saturating_sub(4)).max(1);
    let rows: usize = report
        .lines
        .iter()
        .map(|l| l.chars().count().div_ceil(text_width).max(1))
        .sum();
    let height = (rows as u16 + 2).min(body.height);
    let area = centred(body, width, height);
    frame.render_widget(Clear, area);
    let style = if report.failed {
        theme.error
    } else {
        theme.accent
    };
    let more = rows > usize::from(height.saturating_sub(2));
    let keys = if more {
        " ↑/↓ scroll · Esc close "
    } else {
        " Esc close "
    };
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(style)
        .title(Span::styled(format!(" {} ", report.title), style))
        .title_bottom(Line::from(Span::styled(keys, theme.muted)));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let padded = Rect {
        x: inner.x + 1,
        width: inner.width.saturating_sub(2),
        ..inner
    };
    let lines: Vec<Line> = report
        .lines
        .iter()
        .map(|l| Line::from(l.as_str()))
        .collect();
    frame.render_widget(
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .scroll((report.scroll, 0)),
        padded,
    );
}
