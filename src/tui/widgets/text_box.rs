//! How a form's multi-line box is drawn: its lines wrapped at spaces (a word
//! longer than the box is cut between characters), measured in display
//! columns, scrolled to keep the cursor in view. The editing itself is
//! `tui-textarea`'s; its own wrapping breaks at punctuation too ("(Art" on
//! one row, ". 45)" on the next), which is not how people read a paragraph.

use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;
use tui_textarea::TextArea;
use unicode_width::UnicodeWidthChar;

use crate::tui::theme::Theme;

/// One row on screen: the logical line it shows and its byte range there.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Row {
    pub line: usize,
    pub start: usize,
    pub end: usize,
}

/// The rows `lines` take in `width` columns, wrapped after a space where one
/// is on the row, else between characters. A space that ends a row may
/// overhang it (it is not drawn).
pub fn rows(lines: &[String], width: usize) -> Vec<Row> {
    let width = width.max(1);
    let mut rows = Vec::new();
    for (line, text) in lines.iter().enumerate() {
        let mut start = 0;
        let mut used = 0;
        // The byte after the last space on this row, and the columns before it.
        let mut after_space: Option<(usize, usize)> = None;
        for (at, c) in text.char_indices() {
            let w = c.width().unwrap_or(0);
            if c == ' ' {
                used += w;
                after_space = Some((at + 1, used));
                continue;
            }
            if used + w > width && used > 0 {
                let (end, taken) = after_space.unwrap_or((at, used));
                rows.push(Row { line, start, end });
                start = end;
                used -= taken;
                after_space = None;
            }
            used += w;
        }
        rows.push(Row {
            line,
            start,
            end: text.len(),
        });
    }
    rows
}

/// The row and column on screen of the cursor at (line, char index).
fn cursor_cell(lines: &[String], rows: &[Row], (line, column): (usize, usize)) -> (usize, usize) {
    let text = lines.get(line).map_or("", String::as_str);
    let byte = text
        .char_indices()
        .nth(column)
        .map_or(text.len(), |(at, _)| at);
    // The last row of the line that starts at or before the cursor.
    let index = rows
        .iter()
        .rposition(|r| r.line == line && r.start <= byte)
        .unwrap_or(0);
    let row = rows[index];
    let columns = text[row.start..byte]
        .chars()
        .map(|c| c.width().unwrap_or(0))
        .sum();
    (index, columns)
}

/// Draws `area` (a text box's editor) in `place`: wrapped at spaces, the
/// start shown when not focused, the cursor's row kept in view when it is.
pub fn render(
    frame: &mut Frame,
    area: &TextArea<'_>,
    place: Rect,
    style: Style,
    focused: bool,
    theme: &Theme,
) {
    let lines = area.lines();
    if lines.iter().all(String::is_empty) {
        // After the cursor's cell, as the one-line fields show theirs.
        let placeholder = Span::styled(format!(" {}", area.placeholder_text()), theme.muted);
        frame.render_widget(Paragraph::new(Line::from(placeholder)), place);
        if focused {
            if let Some(cell) = frame.buffer_mut().cell_mut((place.x, place.y)) {
                cell.set_style(theme.cursor);
            }
        }
        return;
    }
    let rows = rows(lines, usize::from(place.width));
    let (cursor_row, cursor_column) = cursor_cell(lines, &rows, {
        let tui_textarea::DataCursor(line, column) = area.cursor();
        (line, column)
    });
    let height = usize::from(place.height.max(1));
    let top = if focused {
        (cursor_row + 1).saturating_sub(height)
    } else {
        0
    };
    let shown: Vec<Line> = rows
        .iter()
        .skip(top)
        .take(height)
        .map(|r| {
            Line::from(Span::styled(
                lines[r.line][r.start..r.end].to_string(),
                style,
            ))
        })
        .collect();
    frame.render_widget(Paragraph::new(shown), place);
    // Text above or below the rows shown: an arrow in the box's last column.
    let mark = |frame: &mut Frame, y: u16, arrow: &str| {
        let x = place.x + place.width.saturating_sub(1);
        if let Some(cell) = frame.buffer_mut().cell_mut((x, y)) {
            cell.set_symbol(arrow).set_style(theme.muted);
        }
    };
    if top > 0 {
        mark(frame, place.y, "↑");
    }
    if rows.len() > top + height {
        mark(frame, place.y + place.height.saturating_sub(1), "↓");
    }
    if focused {
        let x = place.x + (cursor_column as u16).min(place.width.saturating_sub(1));
        let y = place.y + (cursor_row - top) as u16;
        if let Some(cell) = frame.buffer_mut().cell_mut((x, y)) {
            cell.set_style(theme.cursor);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shown(text: &str, width: usize) -> Vec<String> {
        let lines: Vec<String> = text.split('\n').map(String::from).collect();
        rows(&lines, width)
            .iter()
            .map(|r| lines[r.line][r.start..r.end].to_string())
            .collect()
    }

    #[test]
    fn words_wrap_at_spaces_not_at_punctuation() {
        assert_eq!(
            shown(
                "US under the Data Privacy Framework (Art. 45) from 2023",
                20
            ),
            [
                "US under the Data ",
                "Privacy Framework ",
                "(Art. 45) from 2023"
            ]
        );
    }

    #[test]
    fn a_word_longer_than_the_box_is_cut_and_lines_stay_apart() {
        assert_eq!(
            shown("see https://example.com/a/very/long/path\nnext", 12),
            [
                "see ",
                "https://exam",
                "ple.com/a/ve",
                "ry/long/path",
                "next"
            ]
        );
        assert_eq!(shown("", 10), [""]);
    }

    #[test]
    fn wide_characters_take_two_columns() {
        assert_eq!(shown("日本語 テキスト", 6), ["日本語 ", "テキス", "ト"]);
    }

    #[test]
    fn the_cursor_is_found_on_its_wrapped_row() {
        let lines = vec!["alpha beta gamma".to_string(), "delta".to_string()];
        let rows = rows(&lines, 11);
        assert_eq!(rows.len(), 3, "{rows:?}");
        assert_eq!(cursor_cell(&lines, &rows, (0, 0)), (0, 0));
        assert_eq!(cursor_cell(&lines, &rows, (0, 13)), (1, 2), "gam|ma");
        assert_eq!(cursor_cell(&lines, &rows, (0, 16)), (1, 5), "at the end");
        assert_eq!(cursor_cell(&lines, &rows, (1, 2)), (2, 2));
    }
}
