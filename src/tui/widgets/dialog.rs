//! What every dialog drawn over the screen shares: a centred area cleared of
//! what is beneath, a border with a title, and the keys that answer it.

use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear};
use ratatui::Frame;

use crate::tui::layout::centred;
use crate::tui::theme::Theme;

pub struct Dialog<'a> {
    /// The title, with its spaces, in its style.
    pub title: Span<'a>,
    pub border: Style,
    /// The keys that answer or close it, named at the bottom.
    pub keys: &'a str,
}

impl<'a> Dialog<'a> {
    /// Clears the `width` × `height` area centred in `body` and gives it with
    /// the dialog's bordered block, for the content to be drawn in.
    pub fn open(
        self,
        frame: &mut Frame,
        body: Rect,
        (width, height): (u16, u16),
        theme: &Theme,
    ) -> (Rect, Block<'a>) {
        let area = centred(body, width, height);
        frame.render_widget(Clear, area);
        let block = Block::default()
            .borders(Borders::ALL)
            .border_style(self.border)
            .title(self.title)
            .title_bottom(Line::from(Span::styled(self.keys, theme.muted)));
        (area, block)
    }
}

/// Draws `block` over `area` and gives the room inside it, one column in
/// from each side so text does not touch the border.
pub fn padded_inside(frame: &mut Frame, area: Rect, block: Block<'_>) -> Rect {
    let inner = block.inner(area);
    frame.render_widget(block, area);
    Rect {
        x: inner.x + 1,
        width: inner.width.saturating_sub(2),
        ..inner
    }
}

/// A dialog's text, a line each, to be wrapped where it is drawn.
pub fn text_lines(lines: &[String]) -> Vec<Line<'_>> {
    lines.iter().map(|l| Line::from(l.as_str())).collect()
}

/// How many rows `lines` take wrapped at `width` (an empty one takes one).
pub fn wrapped_rows(lines: &[String], width: usize) -> usize {
    lines
        .iter()
        .map(|l| super::text::columns(l).div_ceil(width).max(1))
        .sum()
}
