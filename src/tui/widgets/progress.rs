//! The dialog of a running export or import: what it does, a bar, the count,
//! and the two keys that matter while waiting.

use crate::tui::keymap::{Command, KeyMap, Mode};
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;

use crate::tui::screens::exchange::{percent, progress_text};
use crate::tui::state::JobView;
use crate::tui::theme::Theme;
use crate::tui::widgets::dialog::{padded_inside, Dialog};
use crate::tui::widgets::text::fit;

/// A bar of `width` cells, filled in proportion; drawn with characters so it
/// shows without colour too.
pub fn bar(percent: u64, width: usize) -> String {
    let filled = (width as u64 * percent.min(100) / 100) as usize;
    format!("{}{}", "█".repeat(filled), "░".repeat(width - filled))
}

pub fn render(frame: &mut Frame, body: Rect, view: &JobView, (theme, keys): (&Theme, &KeyMap)) {
    let width = 72u16.min(body.width);
    let inner_width = usize::from(width.saturating_sub(4));
    let keys = if view.stopping {
        " stopping… ".to_string()
    } else {
        keys.keys_line(
            Mode::Job,
            &[
                (Command::StopJob, "stop"),
                (Command::HideJob, "keep working"),
            ],
        )
    };
    let title = fit(&format!(" {} ", view.job.title()), inner_width);
    let dialog = Dialog {
        title: Span::styled(title, theme.title),
        border: theme.accent,
        keys: &keys,
    };
    let (area, block) = dialog.open(frame, body, (width, 7), theme);
    let lines = vec![
        Line::from(fit(&view.job.summary(), inner_width)),
        Line::from(""),
        Line::from(Span::styled(bar(percent(view), inner_width), theme.accent)),
        Line::from(fit(&progress_text(view), inner_width)),
    ];
    let padded = padded_inside(frame, area, block);
    frame.render_widget(Paragraph::new(lines), padded);
}

#[cfg(test)]
mod tests {
    use super::bar;

    #[test]
    fn the_bar_fills_in_proportion_and_never_overflows() {
        assert_eq!(bar(0, 4), "░░░░");
        assert_eq!(bar(50, 4), "██░░");
        assert_eq!(bar(100, 4), "████");
        assert_eq!(bar(250, 4), "████");
    }
}
