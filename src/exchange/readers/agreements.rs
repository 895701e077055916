//! Processors and their agreements, clauses, transfers and change notices.

use super::*;

pub(super) fn read_processors(
    c: &mut Cells<'_, '_>,
    tx: &mut ImportTx<'_>,
    context: &Context,
) -> Result<Option<Outcome>, Problems> {
    let id = c.id("id");
    let fields = validated::<ProcessorKind>(c, context)?;
    tx.processor(id, &fields)
        .map(Some)
        .map_err(|e| store_problem(e, "id"))
}

/// An agreement: whether it is the one in force and its document's
/// fingerprint (the store's own columns), then its fields by the kind's rules.
pub(super) fn read_dpas(
    c: &mut Cells<'_, '_>,
    tx: &mut ImportTx<'_>,
    context: &Context,
) -> Result<Option<Outcome>, Problems> {
    let id = c.id("id");
    let processor_id = c.reference("processor_id");
    let current = c.flag("current");
    let sha = c.text("document_sha256").trim().to_ascii_lowercase();
    if !sha.is_empty() && (sha.len() != 64 || !sha.bytes().all(|b| b.is_ascii_hexdigit())) {
        c.problem(
            "document_sha256",
            "expected 64 hexadecimal digits, or empty",
        );
    }
    let dpa = validated::<DpaKind>(c, context)?;
    let sha = (!sha.is_empty()).then_some(sha.as_str());
    tx.dpa(id, processor_id, &dpa, current, sha)
        .map(Some)
        .map_err(|e| store_problem(e, "id"))
}

/// A clause of an agreement: its state and note replace what the
/// agreement's checklist had for it.
pub(super) fn read_dpa_clauses(
    c: &mut Cells<'_, '_>,
    tx: &mut ImportTx<'_>,
    context: &Context,
) -> Result<Option<Outcome>, Problems> {
    let dpa_id = c.reference("dpa_id");
    let entry = validated::<ClauseKind>(c, context)?;
    tx.dpa_clause(dpa_id, &entry)
        .map(Some)
        .map_err(|e| store_problem(e, "dpa_id"))
}

pub(super) fn read_change_notices(
    c: &mut Cells<'_, '_>,
    row: &Row<'_>,
    tx: &mut ImportTx<'_>,
    today: NaiveDate,
) -> Result<Option<Outcome>, Problems> {
    let written = {
        let id = c.id("id");
        let processor_id = c.reference("processor_id");
        let draft = NoticeDraft {
            sub_processor: c.text("sub_processor"),
            received_on: c.text("received_on"),
            description: c.text("description"),
        };
        let notice =
            crate::domain::dpa::validate_notice(&draft, today).map_err(|e| c.field_errors(e));
        let notice_days = match row.get("notice_days").trim().parse::<u32>() {
            Ok(days) => days,
            Err(_) => {
                c.problem(
                    "notice_days",
                    "expected the days the controller had to object, e.g. 30",
                );
                0
            }
        };
        let decision = NoticeDecision::parse(row.get("decision")).unwrap_or_else(|| {
            c.problem("decision", format!("choose {}", NoticeDecision::expected()));
            NoticeDecision::Pending
        });
        let decided_on = c.date("decided_on");
        match (decision, decided_on) {
            (NoticeDecision::Pending, Some(_)) => {
                c.problem("decided_on", "must be empty while the decision is pending")
            }
            (d, None) if d != NoticeDecision::Pending => {
                c.problem("decided_on", "required: the date of the decision")
            }
            (_, Some(day)) if day > today => {
                c.problem("decided_on", format!("{day} is in the future"))
            }
            _ => {}
        }
        c.check()?;
        let (sub_processor, received_on, description) = notice.map_err(|_| Problems::new())?;
        if let Some(day) = decided_on.filter(|d| *d < received_on) {
            c.problem(
                "decided_on",
                format!("{day} is before the notice arrived ({received_on})"),
            );
            c.check()?;
        }
        let notice = ChangeNotice {
            received_on,
            sub_processor,
            description,
        };
        tx.change_notice(
            id,
            processor_id,
            &notice,
            notice_days,
            decision,
            decided_on,
            c.text("note").trim(),
        )
        .map_err(|e| store_problem(e, "id"))?
    };
    Ok(Some(written))
}
