//! The screen tabs along the top, with the positions clicks are matched against.

use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;

use crate::tui::state::{Badges, Tab};
use crate::tui::theme::Theme;

fn overdue(tab: Tab, badges: Badges) -> usize {
    match tab {
        Tab::Requests => badges.requests,
        Tab::Breaches => badges.breaches,
        _ => 0,
    }
}

/// "2 Requests · 3 overdue": a tab's title with what needs attention there.
fn label(i: usize, tab: Tab, badges: Badges) -> String {
    match overdue(tab, badges) {
        0 => format!(" {} {} ", i + 1, tab.title()),
        n => format!(" {} {} · {n} overdue ", i + 1, tab.title()),
    }
}

/// Each tab with the columns it occupies, left to right (badges widen tabs).
pub fn tab_spans(badges: Badges) -> Vec<(Tab, u16, u16)> {
    let mut x = 1u16;
    Tab::ALL
        .iter()
        .enumerate()
        .map(|(i, &tab)| {
            let width = label(i, tab, badges).chars().count() as u16;
            let span = (tab, x, x + width);
            x += width + 1;
            span
        })
        .collect()
}

pub fn tab_at(column: u16, badges: Badges) -> Option<Tab> {
    tab_spans(badges)
        .into_iter()
        .find(|&(_, from, to)| column >= from && column < to)
        .map(|(t, _, _)| t)
}

pub fn render(frame: &mut Frame, area: Rect, active: Tab, badges: Badges, theme: &Theme) {
    let mut spans = vec![Span::raw(" ")];
    for (i, &tab) in Tab::ALL.iter().enumerate() {
        let style = match (tab == active, overdue(tab, badges)) {
            (true, _) => theme.tab_active,
            (false, 0) => theme.tab,
            (false, _) => theme.error,
        };
        spans.push(Span::styled(label(i, tab, badges), style));
        spans.push(Span::raw(" "));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clicks_map_to_the_tab_drawn_there() {
        let none = Badges::default();
        let spans = tab_spans(none);
        assert_eq!(spans[0], (Tab::Processors, 1, 15));
        assert_eq!(tab_at(3, none), Some(Tab::Processors));
        assert_eq!(tab_at(spans[1].1, none), Some(Tab::Activities));
        assert_eq!(tab_at(spans[2].1, none), Some(Tab::Requests));
        assert_eq!(tab_at(spans[3].2 - 1, none), Some(Tab::Breaches));
        assert_eq!(tab_at(spans[4].2 - 1, none), Some(Tab::Organisation));
        assert_eq!(tab_at(15, none), None, "the gap between tabs");
        assert_eq!(tab_at(0, none), None);
    }

    #[test]
    fn badges_widen_their_tab_and_clicks_follow() {
        let badges = Badges {
            requests: 3,
            breaches: 1,
        };
        let wider = tab_spans(badges);
        assert!(label(2, Tab::Requests, badges).contains("3 overdue"));
        assert!(label(3, Tab::Breaches, badges).contains("1 overdue"));
        assert!(wider[4].1 > tab_spans(Badges::default())[4].1);
        assert_eq!(tab_at(wider[4].2 - 1, badges), Some(Tab::Organisation));
    }
}
