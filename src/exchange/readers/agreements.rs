//! Processors and their agreements, clauses, transfers and change notices.

use super::*;

/// An agreement: whether it is the one in force and its document's
/// fingerprint (the store's own columns), then its fields by the kind's rules.
pub(super) fn read_dpas(
    c: &mut Cells<'_, '_>,
    tx: &mut ImportTx<'_>,
    context: &Context,
) -> Result<Option<Outcome>, Problems> {
    let id = c.id("id");
    let processor_id = c.reference_to::<ProcessorKind>("processor_id");
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
    let dpa_id = c.reference_to::<DpaKind>("dpa_id");
    let entry = validated::<ClauseKind>(c, context)?;
    tx.dpa_clause(dpa_id, &entry)
        .map(Some)
        .map_err(|e| store_problem(e, "dpa_id"))
}

/// A change notice: what it says by the kind's rules, and what the register
/// keeps beside it (the period that applied, the decision and its day).
pub(super) fn read_change_notices(
    c: &mut Cells<'_, '_>,
    row: &Row<'_>,
    tx: &mut ImportTx<'_>,
    context: &Context,
) -> Result<Option<Outcome>, Problems> {
    let id = c.id("id");
    let processor_id = c.reference_to::<ProcessorKind>("processor_id");
    let standing = read_standing(c, row, context.today());
    let notice = validated::<ChangeNoticeKind>(c, context)?;
    if let Some(day) = standing.decided_on.filter(|d| *d < notice.received_on) {
        let received_on = notice.received_on;
        c.problem(
            "decided_on",
            format!("{day} is before the notice arrived ({received_on})"),
        );
        c.check()?;
    }
    tx.change_notice(id, processor_id, &notice, &standing)
        .map(Some)
        .map_err(|e| store_problem(e, "id"))
}

/// The period, decision, day and note of a change notice's row; what is
/// wrong with them is noted in `c`.
fn read_standing(c: &mut Cells<'_, '_>, row: &Row<'_>, today: NaiveDate) -> NoticeStanding {
    let notice_days = row
        .get("notice_days")
        .trim()
        .parse::<u32>()
        .unwrap_or_else(|_| {
            c.problem(
                "notice_days",
                "expected the days the controller had to object, e.g. 30",
            );
            0
        });
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
        (_, Some(day)) if day > today => c.problem("decided_on", format!("{day} is in the future")),
        _ => {}
    }
    NoticeStanding {
        notice_days,
        decision,
        decided_on,
        note: c.text("note").trim().to_string(),
    }
}
