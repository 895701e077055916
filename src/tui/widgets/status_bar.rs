//! The bottom line: which file and organisation are open, the last message, and
//! the two keys everyone needs.

use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;

use crate::tui::state::{MessageKind, State};

pub fn render(frame: &mut Frame, area: Rect, state: &State) {
    let theme = &state.theme;
    let org = state
        .organisation
        .as_ref()
        .map(|v| v.organisation.name.as_str())
        .unwrap_or("");
    let mut spans = vec![Span::styled(
        format!(" {} ", state.file_label),
        theme.status,
    )];
    if !org.is_empty() {
        spans.push(Span::styled(format!(" {org} "), theme.title));
    }
    if let Some(message) = &state.message {
        let style = match message.kind {
            MessageKind::Info => theme.info,
            MessageKind::Error => theme.error,
        };
        spans.push(Span::styled(format!(" {} ", message.text), style));
    }
    let used: usize = spans.iter().map(|s| s.content.chars().count()).sum();
    let keys = " ? help · q quit ";
    let gap = usize::from(area.width).saturating_sub(used + keys.len());
    spans.push(Span::raw(" ".repeat(gap)));
    spans.push(Span::styled(keys, theme.muted));
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}
