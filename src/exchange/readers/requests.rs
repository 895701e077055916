//! Data-subject requests, their pauses and their events.

use super::*;

pub(super) fn read_request_events(
    c: &mut Cells<'_, '_>,
    tx: &mut ImportTx<'_>,
) -> Result<Option<Outcome>, Problems> {
    let request_id = c.reference("request_id");
    let at = c.text("at");
    if DateTime::parse_from_rfc3339(at.trim()).is_err() {
        c.problem(
            "at",
            "expected a time as RFC 3339, e.g. 2026-11-23T09:30:00Z",
        );
    }
    let kind = c.text("kind");
    if kind.trim().is_empty() {
        c.problem("kind", "required: what happened, e.g. created or answered");
    }
    c.check()?;
    tx.request_event(request_id, at.trim(), kind.trim(), &c.text("detail"))
        .map_err(|e| store_problem(e, "request_id"))
}
