//! Data-subject requests, their pauses and their events; the letters drafted
//! about requests and breaches.

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

/// A letter drafted about a request or a breach: one of the two ids, a kind
/// and a language the workbench drafts, and when.
pub(super) fn read_letters(
    c: &mut Cells<'_, '_>,
    tx: &mut ImportTx<'_>,
) -> Result<Option<Outcome>, Problems> {
    use crate::domain::letter::{Lang, LetterKind};
    use crate::store::LetterAbout;
    let request = c.id("request_id");
    let breach = c.id("breach_id");
    let about = match (request, breach) {
        (Some(id), None) => Some(LetterAbout::Request(id)),
        (None, Some(id)) => Some(LetterAbout::Breach(id)),
        _ => {
            c.problem(
                "request_id",
                "give the id of a request or of a breach, not both",
            );
            None
        }
    };
    let kind = c.text("kind");
    if LetterKind::parse(&kind).is_none() {
        c.problem("kind", format!("expected {}", LetterKind::expected()));
    }
    let lang = c.text("lang");
    if Lang::parse(&lang).is_none() {
        c.problem("lang", format!("expected {}", Lang::expected()));
    }
    let at = c.text("produced_at");
    if DateTime::parse_from_rfc3339(at.trim()).is_err() {
        c.problem(
            "produced_at",
            "expected a time as RFC 3339, e.g. 2026-11-23T09:30:00Z",
        );
    }
    c.check()?;
    let Some(about) = about else {
        return Ok(None);
    };
    tx.letter(
        about,
        kind.trim(),
        lang.trim(),
        at.trim(),
        &c.text("produced_to"),
    )
    .map_err(|e| store_problem(e, "request_id"))
}
