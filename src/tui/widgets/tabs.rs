//! The screen tabs along the top, with the positions clicks are matched against.

use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;

use crate::tui::state::{Badges, Tab};
use crate::tui::theme::Theme;

/// How many items on `tab` need attention, and what is wrong with them.
fn attention(tab: Tab, badges: Badges) -> (usize, &'static str) {
    match tab {
        Tab::Processors => (badges.processors, "to act on"),
        Tab::Activities => (badges.activities, "incomplete"),
        Tab::Requests => (badges.requests, "overdue"),
        Tab::Breaches => (badges.breaches, "overdue"),
        Tab::Dashboard => (badges.dashboard, "to act on"),
        _ => (0, ""),
    }
}

fn overdue(tab: Tab, badges: Badges) -> usize {
    attention(tab, badges).0
}

/// How much a tab label says; the bar uses the fullest style that fits its width.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Style {
    /// "3 Requests · 1 overdue"
    Full,
    /// "3 Requests·1"
    Tight,
    /// Only the active tab is named; the others are "3·1".
    Numbers,
}

fn label(i: usize, tab: Tab, badges: Badges, active: Tab, style: Style) -> String {
    let n = i; // 0 is the dashboard
    let title = tab.title();
    match (attention(tab, badges), style) {
        ((0, _), Style::Numbers) if tab != active => format!(" {n} "),
        ((0, _), _) => format!(" {n} {title} "),
        ((count, what), Style::Full) => format!(" {n} {title} · {count} {what} "),
        ((count, _), Style::Numbers) if tab != active => format!(" {n}·{count} "),
        ((count, _), _) => format!(" {n} {title}·{count} "),
    }
}

fn spans_in(badges: Badges, active: Tab, style: Style) -> Vec<(Tab, u16, u16, String)> {
    let mut x = 1u16;
    Tab::ALL
        .iter()
        .enumerate()
        .map(|(i, &tab)| {
            let text = label(i, tab, badges, active, style);
            let width = super::text::columns(&text) as u16;
            let span = (tab, x, x + width, text);
            x += width + 1;
            span
        })
        .collect()
}

/// Each tab with the columns it occupies and its label, in the fullest style
/// that fits `width` (badges widen tabs).
fn layout(badges: Badges, active: Tab, width: u16) -> Vec<(Tab, u16, u16, String)> {
    [Style::Full, Style::Tight]
        .into_iter()
        .map(|style| spans_in(badges, active, style))
        .find(|spans| spans.last().is_some_and(|s| s.2 <= width))
        .unwrap_or_else(|| spans_in(badges, active, Style::Numbers))
}

/// Each tab with the columns it occupies, left to right.
pub fn tab_spans(badges: Badges, active: Tab, width: u16) -> Vec<(Tab, u16, u16)> {
    layout(badges, active, width)
        .into_iter()
        .map(|(tab, from, to, _)| (tab, from, to))
        .collect()
}

pub fn tab_at(column: u16, badges: Badges, active: Tab, width: u16) -> Option<Tab> {
    tab_spans(badges, active, width)
        .into_iter()
        .find(|&(_, from, to)| column >= from && column < to)
        .map(|(t, _, _)| t)
}

pub fn render(frame: &mut Frame, area: Rect, active: Tab, badges: Badges, theme: &Theme) {
    let mut spans = vec![Span::raw(" ")];
    for (tab, _, _, text) in layout(badges, active, area.width) {
        let style = match (tab == active, overdue(tab, badges)) {
            (true, _) => theme.tab_active,
            (false, 0) => theme.tab,
            (false, _) => theme.error,
        };
        spans.push(Span::styled(text, style));
        spans.push(Span::raw(" "));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}

#[cfg(test)]
mod tests {
    use super::*;

    const WIDE: u16 = 200;

    #[test]
    fn clicks_map_to_the_tab_drawn_there() {
        let none = Badges::default();
        let at = |column| tab_at(column, none, Tab::Processors, WIDE);
        let spans = tab_spans(none, Tab::Processors, WIDE);
        assert_eq!(spans[0], (Tab::Dashboard, 1, 14));
        assert_eq!(spans[1], (Tab::Processors, 15, 29));
        assert_eq!(at(3), Some(Tab::Dashboard));
        assert_eq!(at(16), Some(Tab::Processors));
        assert_eq!(at(spans[2].1), Some(Tab::Activities));
        assert_eq!(at(spans[3].1), Some(Tab::Requests));
        assert_eq!(at(spans[4].2 - 1), Some(Tab::Breaches));
        assert_eq!(at(spans[5].2 - 1), Some(Tab::Organisation));
        assert_eq!(at(spans[6].2 - 1), Some(Tab::ProcessorRecords));
        assert_eq!(at(14), None, "the gap between tabs");
        assert_eq!(at(0), None);
    }

    #[test]
    fn badges_widen_their_tab_and_clicks_follow() {
        let badges = Badges {
            dashboard: 4,
            processors: 5,
            activities: 2,
            requests: 3,
            breaches: 1,
        };
        let full = |i, tab| label(i, tab, badges, Tab::Processors, Style::Full);
        assert_eq!(full(0, Tab::Dashboard), " 0 Dashboard · 4 to act on ");
        assert!(full(2, Tab::Activities).contains("2 incomplete"));
        assert!(full(1, Tab::Processors).contains("5 to act on"));
        assert!(full(3, Tab::Requests).contains("3 overdue"));
        assert!(full(4, Tab::Breaches).contains("1 overdue"));
        let wider = tab_spans(badges, Tab::Processors, WIDE);
        assert!(wider[5].1 > tab_spans(Badges::default(), Tab::Processors, WIDE)[5].1);
        assert_eq!(
            tab_at(wider[5].2 - 1, badges, Tab::Processors, WIDE),
            Some(Tab::Organisation)
        );
    }

    #[test]
    fn a_narrow_bar_shortens_the_labels_until_every_tab_fits() {
        let badges = Badges {
            dashboard: 2,
            processors: 0,
            activities: 1,
            requests: 1,
            breaches: 0,
        };
        for width in [80u16, 60, 48] {
            let spans = tab_spans(badges, Tab::Requests, width);
            assert_eq!(spans.len(), Tab::ALL.len());
            assert!(spans[6].2 <= width, "all seven tabs fit in {width} columns");
            let requests = spans[3];
            assert_eq!(
                tab_at(requests.1, badges, Tab::Requests, width),
                Some(Tab::Requests)
            );
        }
        let tight = layout(badges, Tab::Requests, 110);
        assert_eq!(tight[2].3, " 2 Activities·1 ");
        let numbers = layout(badges, Tab::Requests, 48);
        assert_eq!(numbers[2].3, " 2·1 ");
        assert_eq!(
            numbers[3].3, " 3 Requests·1 ",
            "the active tab keeps its name"
        );
    }
}
