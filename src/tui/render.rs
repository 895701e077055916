//! Draws the whole screen from the state. Pure: no I/O, so TestBackend
//! snapshots show exactly what a user sees.

use ratatui::Frame;

use super::layout;
use super::screens::{
    activities, breaches, dashboard, letters, organisation, processor_records, processors,
    requests, switcher,
};
use super::state::{Modal, State, Tab};
use super::widgets::{confirm, help, palette, pick, progress, report, status_bar, tabs};

/// The smallest window every screen is laid out for.
pub const MIN_SIZE: (u16, u16) = (80, 24);

pub fn render(frame: &mut Frame, state: &State) {
    let size = frame.area();
    if size.width < MIN_SIZE.0 || size.height < MIN_SIZE.1 {
        too_small(frame, size, &state.theme);
        return;
    }
    let areas = layout::areas(size.width, size.height);
    tabs::render(frame, areas.tabs, state.tab, state.badges(), &state.theme);
    match state.tab {
        Tab::Dashboard => dashboard::render(frame, state, areas.body),
        Tab::Processors => processors::render(frame, state, areas.body),
        Tab::Activities => activities::render(frame, state, areas.body),
        Tab::Requests => requests::render(frame, state, areas.body),
        Tab::Breaches => breaches::render(frame, state, areas.body),
        Tab::Organisation => organisation::render(frame, state, areas.body),
        Tab::ProcessorRecords => processor_records::render(frame, state, areas.body),
    }
    status_bar::render(frame, areas.status, state);
    let look = (&state.theme, state.keys.as_ref());
    match &state.modal {
        Some(Modal::Help(scroll)) => help::render(frame, areas.body, *scroll, look),
        Some(Modal::Confirm(c)) => confirm::render(frame, areas.body, c, look),
        Some(Modal::Pick(p)) => pick::render(frame, areas.body, p, look),
        Some(Modal::Form(open)) => {
            open.form
                .render(frame, layout::form_area(areas.body, &open.form), look)
        }
        Some(Modal::Progress) => {
            if let Some(view) = &state.job {
                progress::render(frame, areas.body, view, look);
            }
        }
        Some(Modal::Report(r)) => report::render(frame, areas.body, r, look),
        Some(Modal::Registers(list)) => switcher::render(frame, areas.body, list, look),
        Some(Modal::Letter(view)) => letters::render(frame, areas.body, view, look),
        Some(Modal::Draft(view)) => {
            super::screens::policy_draft::render(frame, areas.body, view, look);
        }
        Some(Modal::Palette(p)) => palette::render(frame, areas.body, p, look),
        None => {}
    }
    neutralise(frame.buffer_mut());
}

/// Below the smallest size, the screen says so rather than dropping columns.
fn too_small(frame: &mut Frame, size: ratatui::layout::Rect, theme: &super::theme::Theme) {
    use ratatui::widgets::{Paragraph, Wrap};
    let text = format!(
        "window too small: {}×{} needed, {}×{} now. Make it larger (Ctrl-C quits).",
        MIN_SIZE.0, MIN_SIZE.1, size.width, size.height
    );
    let middle = ratatui::layout::Rect {
        y: size.y + size.height / 2,
        height: size.height - size.height / 2,
        ..size
    };
    frame.render_widget(
        Paragraph::new(text)
            .style(theme.warning)
            .alignment(ratatui::layout::Alignment::Center)
            .wrap(Wrap { trim: true }),
        middle,
    );
}

/// The last word on what reaches the terminal: ratatui leaves out control
/// characters; a bidirectional control or an invisible one from a register
/// (which would reorder the rest of the line, or hide text) is taken out of
/// its cell, where, having no width, it rides on the letter before it: the
/// letter stays, and a cell left with nothing shows `�`.
fn neutralise(buffer: &mut ratatui::buffer::Buffer) {
    let hidden = |c: char| crate::domain::text::is_bidi_control(c) || c.is_control();
    for cell in buffer.content.iter_mut() {
        if cell.symbol().chars().any(hidden) {
            let kept: String = cell.symbol().chars().filter(|c| !hidden(*c)).collect();
            cell.set_symbol(if kept.is_empty() { "\u{FFFD}" } else { &kept });
        }
    }
}
