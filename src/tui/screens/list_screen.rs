//! What every list screen does the same way: load a window of rows, move,
//! filter, scroll and click; say what was saved or deleted and reload; draw
//! the list as a table beside the selected record's details. A screen says
//! where its list lives, how to load it, its columns and how to describe a
//! record; these functions do the rest.

use crossterm::event::KeyEvent;
use ratatui::layout::{Constraint, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Row, Wrap};
use ratatui::Frame;

use crate::store::StoreResult;
use crate::tui::effect::{Effect, Focus, ListRead};
use crate::tui::keymap::Command;
use crate::tui::layout;
use crate::tui::state::State;
use crate::tui::theme::Theme;
use crate::tui::widgets::details::Details;
use crate::tui::widgets::list_window::{
    render_frame, render_rows, ListLabels, ListOutcome, ListWindow, Page,
};

pub trait ListScreen {
    type Row;
    fn list(state: &State) -> &ListWindow<Self::Row>;
    fn list_mut(state: &mut State) -> &mut ListWindow<Self::Row>;
    fn id(row: &Self::Row) -> i64;
    /// The effect that reads the window `read`; `state` holds any narrowing
    /// beyond the typed filter.
    fn load(state: &State, read: ListRead) -> Effect;
    /// What else to load once the selection has settled (e.g. a record's history).
    fn settled(_state: &State) -> Vec<Effect> {
        Vec::new()
    }
}

/// Asks for the rows around `focus`: the screen and one more on each side.
pub fn reload<S: ListScreen>(state: &State, focus: Focus) -> Vec<Effect> {
    let read = ListRead {
        filter: S::list(state).filter.clone(),
        focus,
        rows: state.list_height() * 3,
    };
    vec![S::load(state, read)]
}

fn follow<S: ListScreen>(state: &State, outcome: ListOutcome) -> Vec<Effect> {
    match outcome {
        ListOutcome::Load(focus) => reload::<S>(state, focus),
        ListOutcome::Done | ListOutcome::NotMine => S::settled(state),
    }
}

/// Moving, paging and filtering, which every list does alike; any other
/// command is the screen's `own`.
pub fn command<S: ListScreen>(
    state: &mut State,
    command: Command,
    own: fn(&mut State, Command) -> Vec<Effect>,
) -> Vec<Effect> {
    let height = state.list_height();
    match S::list_mut(state).command(command, height, S::id) {
        ListOutcome::NotMine => own(state, command),
        outcome => follow::<S>(state, outcome),
    }
}

pub fn filter_input<S: ListScreen>(state: &mut State, key: KeyEvent) -> Vec<Effect> {
    let outcome = S::list_mut(state).filter_key(key);
    follow::<S>(state, outcome)
}

pub fn filter_paste<S: ListScreen>(state: &mut State, text: &str) -> Vec<Effect> {
    let outcome = S::list_mut(state).filter_paste(text);
    follow::<S>(state, outcome)
}

pub fn select<S: ListScreen>(state: &mut State, index: usize) -> Vec<Effect> {
    let height = state.list_height();
    let outcome = S::list_mut(state).select(index, height);
    follow::<S>(state, outcome)
}

pub fn loaded<S: ListScreen>(state: &mut State, page: Page<S::Row>) -> Vec<Effect> {
    let height = state.list_height();
    let outcome = S::list_mut(state).apply(page, height);
    follow::<S>(state, outcome)
}

pub fn scroll<S: ListScreen>(state: &mut State, down: bool) -> Vec<Effect> {
    let height = state.list_height();
    let outcome = S::list_mut(state).wheel(down, height);
    follow::<S>(state, outcome)
}

/// Selects the row under a click inside the list area.
pub fn click<S: ListScreen>(state: &mut State, row: u16) -> Vec<Effect> {
    let body = layout::areas(state.width, state.height).body;
    let (list_area, _) = layout::list_and_detail(body);
    let height = state.list_height();
    let outcome = S::list_mut(state).click(list_area, row, height);
    follow::<S>(state, outcome)
}

/// A form's record was written: the form closes, `message` says so, and the
/// list reloads around the record.
pub fn saved<S: ListScreen>(state: &mut State, id: i64, message: String) -> Vec<Effect> {
    state.done(message);
    reload::<S>(state, Focus::Id(id))
}

/// A record was deleted: the dialog closes, `message` says so, and the list
/// reloads where the record stood.
pub fn deleted<S: ListScreen>(state: &mut State, message: String) -> Vec<Effect> {
    state.done(message);
    let index = S::list(state).selected;
    reload::<S>(state, Focus::Index(index))
}

/// "Added" for a record the save created, else "Saved".
pub fn added_or_saved(created: bool) -> &'static str {
    if created {
        "Added"
    } else {
        "Saved"
    }
}

/// Counts the filtered list, finds the focused row and reads the window around it.
pub fn load_window<T>(
    read: ListRead,
    count: impl FnOnce(&str) -> StoreResult<(usize, bool)>,
    position: impl FnOnce(&str, i64) -> StoreResult<Option<usize>>,
    page: impl FnOnce(&str, usize, usize) -> StoreResult<Vec<T>>,
) -> StoreResult<Page<T>> {
    let ListRead {
        filter,
        focus,
        rows: window,
    } = read;
    let (total, counted) = count(&filter)?;
    let selected = match focus {
        Focus::Index(i) => i,
        Focus::Id(id) => position(&filter, id)?.unwrap_or(0),
    }
    .min(total.saturating_sub(1));
    let offset = selected.saturating_sub(window / 3);
    let rows = page(&filter, offset, window)?;
    Ok(Page {
        filter,
        total,
        counted,
        offset,
        rows,
        selected,
    })
}

/// The `list` and `list_mut` of a `ListScreen` whose rows live in
/// `State::$field`, and its `id`: `$id` of a row named `$named`.
macro_rules! list_in_state {
    ($field:ident: $row:ty, $named:ident => $id:expr) => {
        type Row = $row;
        fn id($named: &$row) -> i64 {
            $id
        }
        fn list(state: &State) -> &ListWindow<$row> {
            &state.$field
        }
        fn list_mut(state: &mut State) -> &mut ListWindow<$row> {
            &mut state.$field
        }
    };
}
pub(crate) use list_in_state;

/// A list screen's body: its list on the left, the selected record's details
/// on the right.
pub fn render_split(
    frame: &mut Frame,
    state: &State,
    body: Rect,
    list: fn(&mut Frame, &State, Rect),
    detail: fn(&mut Frame, &State, Rect),
) {
    let (list_area, detail_area) = layout::list_and_detail(body);
    list(frame, state, list_area);
    detail(frame, state, detail_area);
}

/// Draws list `S` in `area`: its frame with `labels`, then (when there are
/// rows to show) the visible ones as a table of `columns`, each made by `row`
/// from the record at the widths its columns got.
pub fn render_list<'a, S: ListScreen>(
    frame: &mut Frame,
    state: &'a State,
    area: Rect,
    labels: &ListLabels<'_>,
    columns: &[(&'a str, Constraint)],
    row: fn(&'a State, &'a S::Row, &[usize]) -> Row<'a>,
) {
    let (list, theme) = (S::list(state), &state.theme);
    if let Some(inner) = render_frame(frame, area, list, labels, (theme, &state.keys)) {
        let row_of = |record, widths: &[usize]| row(state, record, widths);
        render_rows(frame, area, inner, list, columns, theme, row_of);
    }
}

/// The bordered pane beside a list, titled `title`.
pub fn detail_block<'a>(title: &'a str, theme: &Theme) -> Block<'a> {
    Block::default()
        .borders(Borders::ALL)
        .border_style(theme.muted)
        .title(Span::styled(title, theme.title))
}

/// Draws the details of list `S`'s selected record in a pane titled `title`
/// (empty while nothing is selected): what `describe` writes of it, under
/// labels `label` wide.
pub fn render_details<S: ListScreen>(
    frame: &mut Frame,
    state: &State,
    area: Rect,
    (title, label): (&str, usize),
    describe: fn(&mut Details<'_>, &State, &S::Row),
) {
    let block = detail_block(title, &state.theme);
    let Some(row) = S::list(state).selected_row() else {
        frame.render_widget(block, area);
        return;
    };
    let width = usize::from(area.width.saturating_sub(2));
    let mut details = Details::new(&state.theme, width, label);
    describe(&mut details, state, row);
    details.render(frame, area, block, state.detail_scroll);
}

/// Draws `lines` in `block`, wrapped, scrolled down by `scroll` as far as
/// there is more than the pane holds.
pub fn render_wrapped(
    frame: &mut Frame,
    area: Rect,
    block: Block<'_>,
    lines: Vec<Line<'_>>,
    scroll: u16,
) {
    let inner_rows = usize::from(area.height.saturating_sub(2));
    let overflow = lines.len().saturating_sub(inner_rows);
    let scroll = scroll.min(overflow as u16);
    frame.render_widget(
        Paragraph::new(lines)
            .block(block)
            .wrap(Wrap { trim: false })
            .scroll((scroll, 0)),
        area,
    );
}
