//! Performing effects against the store, one file per screen; `app::perform`
//! dispatches to them and turns their errors into actions.

pub(crate) mod activities;
pub(crate) mod breaches;
pub(crate) mod processors;
pub(crate) mod requests;

use crate::store::StoreResult;
use crate::tui::effect::Focus;
use crate::tui::widgets::list_window::Page;

/// Counts the filtered list, finds the focused row and loads the window around it.
pub(crate) fn load_window<T>(
    filter: String,
    focus: Focus,
    window: usize,
    count: impl FnOnce(&str) -> StoreResult<(usize, bool)>,
    position: impl FnOnce(&str, i64) -> StoreResult<Option<usize>>,
    page: impl FnOnce(&str, usize, usize) -> StoreResult<Vec<T>>,
) -> StoreResult<Page<T>> {
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
