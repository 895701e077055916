//! The `?` overlay, generated from the key map so it lists exactly what the keys do.

use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};
use ratatui::Frame;

use crate::tui::keymap::{labels, Command, KeyMap, Mode, FIELD_KEYS};
use crate::tui::layout::centred;
use crate::tui::theme::Theme;

const KEYS_WIDTH: usize = 12;
const COLUMN_WIDTH: u16 = 58;

/// The help text grouped by where it applies: a heading, then one line per binding.
pub fn help_groups(theme: &Theme, keys: &KeyMap) -> Vec<Vec<Line<'static>>> {
    Mode::ALL
        .iter()
        .map(|&mode| {
            let mut lines = vec![Line::from(Span::styled(
                mode.title().to_string(),
                theme.header,
            ))];
            for binding in keys
                .bindings()
                .iter()
                .filter(|b| b.mode == mode && !b.help.is_empty())
            {
                let shown = match labels(&binding.keys) {
                    none if none.is_empty() => "(none)".to_string(),
                    some => some,
                };
                lines.push(entry(&shown, binding.help, theme));
            }
            for (_, keys, help) in FIELD_KEYS.iter().filter(|(m, _, _)| *m == mode) {
                lines.push(entry(keys, help, theme));
            }
            lines
        })
        .collect()
}

fn entry(keys: &str, help: &str, theme: &Theme) -> Line<'static> {
    Line::from(vec![
        Span::styled(format!("  {keys:<KEYS_WIDTH$} "), theme.accent),
        Span::raw(help.to_string()),
    ])
}

/// Splits the groups over `columns` columns, never splitting a group, each
/// column filled up to about an equal share.
fn into_columns(groups: Vec<Vec<Line<'static>>>, columns: usize) -> Vec<Vec<Line<'static>>> {
    let total: usize = groups.iter().map(|g| g.len() + 1).sum();
    let share = total.div_ceil(columns);
    let mut out: Vec<Vec<Line>> = vec![Vec::new()];
    for group in groups {
        let current = out.last_mut().expect("one column");
        if !current.is_empty() && current.len() + group.len() > share && out.len() < columns {
            out.push(Vec::new());
        }
        let current = out.last_mut().expect("one column");
        if !current.is_empty() {
            current.push(Line::default());
        }
        current.extend(group);
    }
    out
}

/// The help's columns for `body`, and how many lines the tallest does not
/// show (a single column still too tall for the terminal scrolls).
fn layout(body: Rect, (theme, keys): (&Theme, &KeyMap)) -> (Vec<Vec<Line<'static>>>, u16) {
    let groups = help_groups(theme, keys);
    let lines: usize = groups.iter().map(|g| g.len() + 1).sum();
    let fit_columns = usize::from((body.width.saturating_sub(2) / COLUMN_WIDTH).max(1));
    let needed = lines.div_ceil(usize::from(body.height.saturating_sub(2)).max(1));
    let columns = into_columns(groups, needed.clamp(1, fit_columns));
    let tallest = columns.iter().map(Vec::len).max().unwrap_or(0) as u16;
    let overflow = tallest.saturating_sub(body.height.saturating_sub(2));
    (columns, overflow)
}

/// How far the help scrolls in `body`: the update keeps its scroll within it,
/// so ↑ after many ↓ moves at once.
pub fn max_scroll(body: Rect, look: (&Theme, &KeyMap)) -> u16 {
    layout(body, look).1
}

/// Draws the help in as many columns as the height needs and the width allows.
pub fn render(frame: &mut Frame, body: Rect, scroll: u16, look: (&Theme, &KeyMap)) {
    let (columns, overflow) = layout(body, look);
    let (theme, keys) = look;
    let tallest = columns.iter().map(Vec::len).max().unwrap_or(0) as u16;
    let height = tallest + 2;
    let scroll = scroll.min(overflow);
    let close = keys.keys_line(Mode::Help, &[(Command::CloseHelp, "close")]);
    let close = close.trim();
    // Where the line is short, the note on config.toml goes first, then "↓ more".
    let more = if overflow > scroll {
        "↓ more · "
    } else {
        ""
    };
    let hint = format!(" {more}keys are yours: [keys] in config.toml · {close} ");
    let area = centred(body, COLUMN_WIDTH * columns.len() as u16 + 2, height);
    let hint = super::text::fit_hints(&hint, usize::from(area.width.saturating_sub(2)));
    frame.render_widget(Clear, area);
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(theme.accent)
        .title(Span::styled(" Keys ", theme.title))
        .title_bottom(Line::from(Span::styled(hint, theme.muted)));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    for (i, column) in columns.into_iter().enumerate() {
        let x = inner.x + COLUMN_WIDTH * i as u16;
        let place = Rect {
            x,
            width: COLUMN_WIDTH.min(inner.right().saturating_sub(x)),
            ..inner
        };
        frame.render_widget(Paragraph::new(column).scroll((scroll, 0)), place);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_binding_appears_in_the_help() {
        let text: String = help_groups(&Theme::monochrome(), &KeyMap::standard())
            .iter()
            .flatten()
            .map(|l| l.to_string() + "\n")
            .collect();
        for binding in crate::tui::keymap::BINDINGS {
            assert!(text.contains(binding.help), "missing: {}", binding.help);
        }
    }

    #[test]
    fn help_texts_fit_their_column() {
        for binding in crate::tui::keymap::BINDINGS {
            let width = 2 + KEYS_WIDTH + 1 + binding.help.chars().count();
            assert!(
                width <= usize::from(COLUMN_WIDTH),
                "too long: {}",
                binding.help
            );
        }
        for (_, keys, help) in FIELD_KEYS {
            assert!(
                2 + KEYS_WIDTH + 1 + help.chars().count() <= usize::from(COLUMN_WIDTH),
                "{keys}"
            );
        }
    }

    #[test]
    fn groups_are_never_split_across_columns() {
        let groups = help_groups(&Theme::monochrome(), &KeyMap::standard());
        let sizes: Vec<usize> = groups.iter().map(Vec::len).collect();
        let columns = into_columns(groups, 2);
        assert_eq!(columns.len(), 2);
        let total: usize = columns
            .iter()
            .map(|c| c.iter().filter(|l| !l.spans.is_empty()).count())
            .sum();
        assert_eq!(total, sizes.iter().sum::<usize>());
    }
}
