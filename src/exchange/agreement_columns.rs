//! The columns of the processor-agreement tables: agreements, their clause
//! checklist, transfers and sub-processor change notices.

use super::columns::{date, Column};
use crate::store::ChangeNoticeRow;

pub const CHANGE_NOTICE_COLUMNS: &[Column<ChangeNoticeRow>] = &[
    Column {
        name: "id",
        description: "Notice id, stable within the register",
        value: |r| r.id.to_string(),
    },
    Column {
        name: "processor_id",
        description: "The processor that sent the notice (processors.csv)",
        value: |r| r.processor_id.to_string(),
    },
    Column {
        name: "processor",
        description: "Its name",
        value: |r| r.processor_name.clone(),
    },
    Column {
        name: "received_on",
        description: "Date the notice was received",
        value: |r| r.notice.received_on.to_string(),
    },
    Column {
        name: "sub_processor",
        description: "The sub-processor added or replaced",
        value: |r| r.notice.sub_processor.clone(),
    },
    Column {
        name: "description",
        description: "What changes",
        value: |r| r.notice.description.clone(),
    },
    Column {
        name: "notice_days",
        description: "Objection period the agreement gave when the notice arrived",
        value: |r| r.notice_days.to_string(),
    },
    Column {
        name: "objection_deadline",
        description: "Last day to object: received_on plus notice_days, in elapsed days",
        value: |r| r.objection_deadline.to_string(),
    },
    Column {
        name: "decision",
        description: "pending, accepted, objected or lapsed",
        value: |r| r.decision.code().to_string(),
    },
    Column {
        name: "decided_on",
        description: "Date of the decision",
        value: |r| date(r.decided_on),
    },
    Column {
        name: "note",
        description: "The reasons, or the objection sent",
        value: |r| r.note.clone(),
    },
];
