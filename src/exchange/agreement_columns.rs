//! The columns of the processor-agreement tables: agreements, their clause
//! checklist, transfers and sub-processor change notices.

use super::columns::{date, Column};
use crate::domain::dpa::{ClauseState, CLAUSES};
use crate::store::ChangeNoticeRow;

/// One clause of one agreement: (agreement id, index into `CLAUSES`, state, note).
pub type ClauseLine = (i64, usize, ClauseState, String);

pub const DPA_CLAUSE_COLUMNS: &[Column<ClauseLine>] = &[
    Column {
        name: "dpa_id",
        description: "The agreement's id (dpas.csv)",
        value: |l| l.0.to_string(),
    },
    Column {
        name: "clause",
        description: "28_3_a … 28_3_h, 28_3_infringing (duty to flag infringing instructions) or 28_4 (flow-down to sub-processors)",
        value: |l| CLAUSES[l.1].0.to_string(),
    },
    Column {
        name: "clause_name",
        description: "The clause in words",
        value: |l| CLAUSES[l.1].1.to_string(),
    },
    Column {
        name: "state",
        description: "present, missing or not_applicable",
        value: |l| l.2.code().to_string(),
    },
    Column {
        name: "note",
        description: "Where it is in the contract, or why it does not apply",
        value: |l| l.3.clone(),
    },
];

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
