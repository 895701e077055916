//! The screen tabs along the top, with the positions clicks are matched against.

use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;

use crate::tui::state::Tab;
use crate::tui::theme::Theme;

fn label(i: usize, tab: Tab) -> String {
    format!(" {} {} ", i + 1, tab.title())
}

/// Each tab with the columns it occupies, left to right.
pub fn tab_spans() -> Vec<(Tab, u16, u16)> {
    let mut x = 1u16;
    Tab::ALL
        .iter()
        .enumerate()
        .map(|(i, &tab)| {
            let width = label(i, tab).chars().count() as u16;
            let span = (tab, x, x + width);
            x += width + 1;
            span
        })
        .collect()
}

pub fn tab_at(column: u16) -> Option<Tab> {
    tab_spans()
        .into_iter()
        .find(|&(_, from, to)| column >= from && column < to)
        .map(|(t, _, _)| t)
}

pub fn render(frame: &mut Frame, area: Rect, active: Tab, theme: &Theme) {
    let mut spans = vec![Span::raw(" ")];
    for (i, &tab) in Tab::ALL.iter().enumerate() {
        let style = if tab == active {
            theme.tab_active
        } else {
            theme.tab
        };
        spans.push(Span::styled(label(i, tab), style));
        spans.push(Span::raw(" "));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clicks_map_to_the_tab_drawn_there() {
        let spans = tab_spans();
        assert_eq!(spans[0], (Tab::Processors, 1, 15));
        assert_eq!(tab_at(3), Some(Tab::Processors));
        assert_eq!(tab_at(spans[1].1), Some(Tab::Requests));
        assert_eq!(tab_at(spans[2].2 - 1), Some(Tab::Organisation));
        assert_eq!(tab_at(15), None, "the gap between tabs");
        assert_eq!(tab_at(0), None);
    }
}
