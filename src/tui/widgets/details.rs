//! The details pane beside a list: a title, labelled fields wrapped at words
//! under their label, headings, bullets and numbered steps, scrolled with J/K
//! or the wheel, saying when there is more below.

use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph};
use ratatui::Frame;

use super::text::{wrap_list, wrap_words};
use crate::tui::theme::Theme;

pub struct Details<'t> {
    pub lines: Vec<Line<'static>>,
    pub theme: &'t Theme,
    /// The text's width inside the pane.
    pub width: usize,
    /// The width of the label column.
    label: usize,
}

impl<'t> Details<'t> {
    pub fn new(theme: &'t Theme, width: usize, label: usize) -> Self {
        Details {
            lines: Vec::new(),
            theme,
            width,
            label,
        }
    }

    /// The record's name, wrapped at words when it is longer than the pane.
    pub fn title(&mut self, text: String) {
        for part in wrap_words(&text, self.width) {
            self.lines
                .push(Line::from(Span::styled(part, self.theme.title)));
        }
    }

    /// A blank line, then `text` as a heading.
    pub fn heading(&mut self, text: &str) {
        self.lines.push(Line::default());
        self.lines.push(Line::from(Span::styled(
            text.to_string(),
            self.theme.header,
        )));
    }

    /// `value` under `label`, wrapped at words in the value column.
    pub fn field(&mut self, label: &str, value: &str, style: Style) {
        let width = self.width.saturating_sub(self.label).max(1);
        for (i, part) in wrap_list(value, width).into_iter().enumerate() {
            let label = if i == 0 { label } else { "" };
            self.lines.push(Line::from(vec![
                Span::styled(
                    format!("{label:<width$}", width = self.label),
                    self.theme.label,
                ),
                Span::styled(part, style),
            ]));
        }
    }

    /// As `field`, but nothing when `value` is blank.
    pub fn field_if_any(&mut self, label: &str, value: &str, style: Style) {
        if !value.trim().is_empty() {
            self.field(label, value, style);
        }
    }

    /// `text` after `mark`, both in `style`, its further lines indented as far.
    pub fn bullet(&mut self, mark: &'static str, text: &str, style: Style) {
        self.after(mark.to_string(), text, (style, style));
    }

    /// `text` after a dimmed `prefix` (a step's number, an entry's day),
    /// its further lines indented as far.
    pub fn prefixed(&mut self, prefix: String, text: &str) {
        self.after(prefix, text, (self.theme.muted, Style::default()));
    }

    /// `text` wrapped after `prefix` (the following lines after as many
    /// spaces), each in its style.
    fn after(&mut self, prefix: String, text: &str, (prefix_style, style): (Style, Style)) {
        let indent = " ".repeat(super::text::columns(&prefix));
        let width = self
            .width
            .saturating_sub(super::text::columns(&prefix))
            .max(1);
        for (i, part) in wrap_words(text, width).into_iter().enumerate() {
            let prefix = if i == 0 {
                prefix.clone()
            } else {
                indent.clone()
            };
            self.lines.push(Line::from(vec![
                Span::styled(prefix, prefix_style),
                Span::styled(part, style),
            ]));
        }
    }

    /// `text` wrapped over the whole width, in `style`.
    pub fn paragraph(&mut self, text: &str, style: Style) {
        for part in wrap_words(text, self.width) {
            self.lines.push(Line::from(Span::styled(part, style)));
        }
    }

    /// Draws the lines in `block` over `area`, scrolled down by `scroll` (as far
    /// as there is more), saying so at the bottom when more is below.
    pub fn render(self, frame: &mut Frame, area: Rect, block: Block<'_>, scroll: u16) {
        let overflow = self
            .lines
            .len()
            .saturating_sub(usize::from(area.height.saturating_sub(2)));
        let scroll = scroll.min(overflow as u16);
        let block = if overflow > usize::from(scroll) {
            block.title_bottom(
                Line::from(Span::styled(" J/K or wheel: more ", self.theme.muted)).right_aligned(),
            )
        } else {
            block
        };
        frame.render_widget(
            Paragraph::new(self.lines).block(block).scroll((scroll, 0)),
            area,
        );
    }
}
