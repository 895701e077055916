//! The `?` overlay, generated from the key map so it lists exactly what the keys do.

use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};
use ratatui::Frame;

use crate::tui::keymap::{key_label, Mode, BINDINGS, FIELD_KEYS};
use crate::tui::layout::centred;
use crate::tui::theme::Theme;

const ORDER: &[Mode] = &[
    Mode::Global,
    Mode::Processors,
    Mode::Filter,
    Mode::Organisation,
    Mode::Form,
    Mode::Confirm,
    Mode::Help,
];

const KEYS_WIDTH: usize = 20;

/// The help text, one line per binding, grouped by where it applies.
pub fn help_lines(theme: &Theme) -> Vec<Line<'static>> {
    let mut lines = Vec::new();
    for &mode in ORDER {
        if !lines.is_empty() {
            lines.push(Line::default());
        }
        lines.push(Line::from(Span::styled(
            mode.title().to_string(),
            theme.header,
        )));
        for binding in BINDINGS.iter().filter(|b| b.mode == mode) {
            let keys = binding
                .keys
                .iter()
                .map(key_label)
                .collect::<Vec<_>>()
                .join(" ");
            lines.push(entry(&keys, binding.help, theme));
        }
        for (_, keys, help) in FIELD_KEYS.iter().filter(|(m, _, _)| *m == mode) {
            lines.push(entry(keys, help, theme));
        }
    }
    lines
}

fn entry(keys: &str, help: &str, theme: &Theme) -> Line<'static> {
    Line::from(vec![
        Span::styled(format!("  {keys:<KEYS_WIDTH$}"), theme.accent),
        Span::raw(help.to_string()),
    ])
}

/// Draws the help in one column, or two when it does not fit the height.
pub fn render(frame: &mut Frame, body: Rect, theme: &Theme) {
    let lines = help_lines(theme);
    let rows_needed = lines.len() as u16 + 2;
    let columns = if rows_needed > body.height { 2 } else { 1 };
    let per_column = lines.len().div_ceil(columns);
    let area = centred(
        body,
        76 * columns as u16,
        (per_column as u16 + 2).min(body.height),
    );
    frame.render_widget(Clear, area);
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(theme.accent)
        .title(Span::styled(" Keys ", theme.title))
        .title_bottom(Line::from(Span::styled(" ? or Esc closes ", theme.muted)));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let width = inner.width / columns as u16;
    for (i, chunk) in lines.chunks(per_column.max(1)).enumerate() {
        let column = Rect {
            x: inner.x + width * i as u16,
            width,
            ..inner
        };
        frame.render_widget(Paragraph::new(chunk.to_vec()), column);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_binding_appears_in_the_help() {
        let text: String = help_lines(&Theme::monochrome())
            .iter()
            .map(|l| l.to_string() + "\n")
            .collect();
        for binding in BINDINGS {
            assert!(text.contains(binding.help), "missing: {}", binding.help);
        }
    }
}
