//! The journal's history of one record (`h`): asked for from the screen the
//! record is selected on, shown newest first in a report.

use crate::store::{Named, Register, StoreResult};
use crate::tui::action::Action;
use crate::tui::effect::Effect;
use crate::tui::state::{Modal, Report, State, Tab};

/// The journal's history of the record selected on this screen.
pub fn ask(state: &mut State) -> Vec<Effect> {
    let selected: Option<(&'static str, i64, String)> = match state.tab {
        Tab::Dashboard => state.dashboard.selected_row().and_then(|f| {
            // A count of many records has no one history.
            let id = f.record.record_id()?;
            Some((f.record.area.name(), id, f.record.label.clone()))
        }),
        Tab::Processors => state.processors.selected_row().map(named),
        Tab::Activities => state.activities.selected_row().map(named),
        Tab::Requests => state.requests.selected_row().map(named),
        Tab::Breaches => state.breaches.selected_row().map(named),
        Tab::ProcessorRecords => state.processor_records.selected_row().map(named),
        Tab::Organisation => Some(("organisation", 1, "the organisation".to_string())),
    };
    match selected {
        Some((table, id, label)) => vec![Effect::LoadHistory { table, id, label }],
        None => Vec::new(),
    }
}

/// A row's table (its area's), id and label, for the history's read.
fn named<R: Named>(row: &R) -> (&'static str, i64, String) {
    (R::AREA.name(), row.id(), row.label())
}

/// A record's history from the journal, newest first, in a report.
pub fn loaded(
    state: &mut State,
    label: String,
    entries: Vec<crate::store::JournalEntry>,
) -> Vec<Effect> {
    let zone = state.time_zone();
    let mut lines: Vec<String> = entries.iter().rev().map(|e| e.describe_in(&zone)).collect();
    if lines.is_empty() {
        lines.push("No journal entries: the record predates the journal's baseline.".into());
    }
    lines.push(String::new());
    lines.push(format!(
        "{} entries, newest first; dpo log and dpo verify show and check the whole journal.",
        entries.len()
    ));
    state.modal = Some(Modal::Report(Report {
        title: format!("History of {label}"),
        lines,
        failed: false,
        scroll: 0,
    }));
    Vec::new()
}

/// Reads the journal entries of record `id` of `table` and those under it.
pub fn perform(
    register: &Register,
    table: &'static str,
    id: i64,
    label: String,
) -> StoreResult<Action> {
    register
        .record_history(table, id)
        .map(|entries| Action::HistoryLoaded { label, entries })
}
