//! The screen tabs along the top, with the positions clicks are matched against.

use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;

use crate::tui::state::Tab;
use crate::tui::theme::Theme;

/// "2 Requests · 3 overdue": a tab's title with what needs attention there.
fn label(i: usize, tab: Tab, overdue: usize) -> String {
    match (tab, overdue) {
        (Tab::Requests, n) if n > 0 => format!(" {} {} · {n} overdue ", i + 1, tab.title()),
        _ => format!(" {} {} ", i + 1, tab.title()),
    }
}

/// Each tab with the columns it occupies, left to right; `overdue` is the
/// number of overdue requests shown on the Requests tab.
pub fn tab_spans(overdue: usize) -> Vec<(Tab, u16, u16)> {
    let mut x = 1u16;
    Tab::ALL
        .iter()
        .enumerate()
        .map(|(i, &tab)| {
            let width = label(i, tab, overdue).chars().count() as u16;
            let span = (tab, x, x + width);
            x += width + 1;
            span
        })
        .collect()
}

pub fn tab_at(column: u16, overdue: usize) -> Option<Tab> {
    tab_spans(overdue)
        .into_iter()
        .find(|&(_, from, to)| column >= from && column < to)
        .map(|(t, _, _)| t)
}

pub fn render(frame: &mut Frame, area: Rect, active: Tab, overdue: usize, theme: &Theme) {
    let mut spans = vec![Span::raw(" ")];
    for (i, &tab) in Tab::ALL.iter().enumerate() {
        let style = match (tab == active, tab, overdue) {
            (true, ..) => theme.tab_active,
            (false, Tab::Requests, n) if n > 0 => theme.error,
            _ => theme.tab,
        };
        spans.push(Span::styled(label(i, tab, overdue), style));
        spans.push(Span::raw(" "));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clicks_map_to_the_tab_drawn_there() {
        let spans = tab_spans(0);
        assert_eq!(spans[0], (Tab::Processors, 1, 15));
        assert_eq!(tab_at(3, 0), Some(Tab::Processors));
        assert_eq!(tab_at(spans[1].1, 0), Some(Tab::Requests));
        assert_eq!(tab_at(spans[2].2 - 1, 0), Some(Tab::Organisation));
        let wider = tab_spans(3);
        assert_eq!(
            tab_at(wider[2].2 - 1, 3),
            Some(Tab::Organisation),
            "the badge widens the Requests tab"
        );
        assert!(wider[2].1 > spans[2].1);
        assert_eq!(tab_at(15, 0), None, "the gap between tabs");
        assert_eq!(tab_at(0, 0), None);
    }
}
