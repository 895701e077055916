//! Sub-processor change notices (Art. 28(2) general authorisation): the kind
//! of record. What the notice says is entered; the objection period that
//! applied and the DPO's decision are the store's, shown beside it.

use super::{required, text, Context, Field, Parent};
use crate::domain::dpa::{parse_received_on, ChangeNotice};
use crate::store::ChangeNoticeRow;

pub struct ChangeNoticeKind;

fn notice_of(r: &ChangeNoticeRow) -> &ChangeNotice {
    &r.notice
}

const FIELDS: &[Field<ChangeNotice, ChangeNoticeRow>] = &[
    crate::export_only!("id", "Notice id, stable within the register", |r| r
        .id
        .to_string()),
    crate::export_only!(
        "processor_id",
        "The processor that sent the notice (processors.csv)",
        |r| r.processor_id.to_string()
    ),
    crate::export_only!("processor", "Its name", |r| r.processor_name.clone()),
    crate::field!("received_on", "Received", "Date the notice was received",
        required("YYYY-MM-DD: the objection period runs from here"), received_on; notice_of;
        read = |text, context: &Context| parse_received_on(text, context.today(), context.typed)),
    crate::field!("sub_processor", "Sub-processor", "The sub-processor added or replaced",
        required("the one added or replaced, as the notice names it"), sub_processor; notice_of),
    crate::field!("description", "What changes", "What changes",
        text("purpose, location, data"), description; notice_of),
    crate::export_only!(
        "notice_days",
        "Objection period the agreement gave when the notice arrived",
        |r| r.notice_days.to_string()
    ),
    crate::export_only!(
        "objection_deadline",
        "Last day to object: received_on plus notice_days, in elapsed days",
        |r| r.objection_deadline.to_string()
    ),
    crate::export_only!("decision", "pending, accepted, objected or lapsed", |r| r
        .decision
        .code()
        .to_string()),
    crate::export_only!("decided_on", "Date of the decision", |r| r
        .decided_on
        .map(|d| d.to_string())
        .unwrap_or_default()),
    crate::export_only!("note", "The reasons, or the objection sent", |r| r
        .note
        .clone()),
];

crate::record_kind! {
    ChangeNoticeKind: ChangeNotice, ChangeNoticeRow; table "change_notices", one "change notice",
    fields FIELDS,
    parent Parent::of::<super::processor::ProcessorKind>("processor_id"),
    form &["sub_processor", "received_on", "description"]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::record::{test_context, validate, Draft};
    use chrono::NaiveDate;

    #[test]
    fn notices_are_dated_within_reason() {
        // The test context's today is 2026-03-02.
        let draft = Draft::default()
            .with("sub_processor", " ")
            .with("received_on", "2026-03-03");
        let errors = validate::<ChangeNoticeKind>(&draft, &test_context()).unwrap_err();
        assert_eq!(errors.get("sub_processor"), Some("required"));
        errors.assert_says("received_on", "in the future");
        let ok = draft
            .with("sub_processor", "Hetzner Online GmbH")
            .with("received_on", "2026-02-27");
        assert_eq!(
            validate::<ChangeNoticeKind>(&ok, &test_context())
                .unwrap()
                .received_on,
            NaiveDate::from_ymd_opt(2026, 2, 27).unwrap()
        );
    }
}
