//! The column list of every exported table, declared once. Export writes these
//! columns in this order, `docs/csv-format.md` documents them (a test keeps the
//! two in step), and the import will read them back.

use chrono::NaiveDate;

use crate::store::iso_date;

use crate::store::{PauseRow, RequestEvent, RequestRow};

/// One CSV column: its stable name, what it holds, and how to read it off a record.
pub struct Column<T> {
    pub name: &'static str,
    pub description: &'static str,
    pub value: fn(&T) -> String,
}

pub(super) fn date(d: Option<NaiveDate>) -> String {
    d.map(iso_date::format).unwrap_or_default()
}

pub(super) fn yes_no(b: bool) -> String {
    if b { "yes" } else { "no" }.to_string()
}

pub const REQUEST_COLUMNS: &[Column<RequestRow>] = &[
    Column { name: "id", description: "Record number in this register", value: |r| r.id.to_string() },
    Column { name: "reference", description: "The register's reference, e.g. DSR-2026-0007", value: |r| r.request.reference.clone() },
    Column { name: "subject_ref", description: "Pseudonymous reference to the data subject", value: |r| r.request.subject_ref.clone() },
    Column { name: "right", description: "art15_access, art16_rectification, art17_erasure, art18_restriction, art19_notification, art20_portability, art21_objection, art22_automated or art7_3_withdraw_consent", value: |r| r.request.right.code().to_string() },
    Column { name: "received_on", description: "Date of receipt in the register's time zone (the clock starts here)", value: |r| iso_date::format(r.request.received_on) },
    Column { name: "received_at", description: "Time of receipt, RFC 3339 with offset, if recorded", value: |r| r.request.received_at.clone() },
    Column { name: "channel", description: "email, web_form, post, phone, in_person or other", value: |r| r.request.channel.code().to_string() },
    Column { name: "representative", description: "yes when made by someone acting for the data subject", value: |r| yes_no(r.request.representative) },
    Column { name: "identity", description: "not_needed, requested, verified or failed", value: |r| r.request.identity.code().to_string() },
    Column { name: "identity_requested_on", description: "Date identity information was asked for", value: |r| date(r.request.identity_requested_on) },
    Column { name: "identity_verified_on", description: "Date identity was verified (or found to fail)", value: |r| date(r.request.identity_verified_on) },
    Column { name: "status", description: "received, verifying, in_progress, awaiting_data_subject, extended, answered, refused or withdrawn", value: |r| r.request.status.code().to_string() },
    Column { name: "deadline", description: "One-month deadline (Art. 12(3)); a pause still open counts through the day of the export, as on screen and in dpo check (see request_pauses)", value: |r| iso_date::format(r.deadline) },
    Column { name: "extension_notice_by", description: "Date by which an extension must be announced", value: |r| iso_date::format(r.extension_notice_by) },
    Column { name: "extended_deadline", description: "Deadline if extended by two further months", value: |r| iso_date::format(r.extended_deadline) },
    Column { name: "due_on", description: "The deadline that applies: the extended one once extended", value: |r| iso_date::format(r.due_on) },
    Column { name: "rule", description: "The rule that produced the dates (see docs/legal-rules.md)", value: |r| r.rule.clone() },
    Column { name: "rule_set", description: "Name and version of the rule set that computed the dates", value: |r| r.rule_set.clone() },
    Column { name: "extension_reason", description: "Why the request was extended (Art. 12(3)); required with extension_notice_sent_on", value: |r| r.request.extension_reason.clone() },
    Column { name: "extension_notice_sent_on", description: "Date the data subject was told of the extension; required when status is extended, refused by import when later than the one-month deadline", value: |r| date(r.request.extension_notice_sent_on) },
    Column { name: "closed_on", description: "Date answered, refused or withdrawn", value: |r| date(r.request.closed_on) },
    Column {
        name: "days_late",
        description: "Days after the deadline it was answered or refused (a refusal's limit is the one-month deadline); empty when in time or still open",
        value: |r| r.days_late().map(|n| n.to_string()).unwrap_or_default(),
    },
    Column { name: "refusal_reason", description: "Why the request was refused (Art. 12(4))", value: |r| r.request.refusal_reason.clone() },
    Column { name: "informed_of_remedies", description: "yes when a refusal told of the right to complain and to a judicial remedy", value: |r| yes_no(r.request.informed_of_remedies) },
    Column { name: "notes", description: "Free text (may span lines)", value: |r| r.request.notes.clone() },
];

pub const REQUEST_PAUSE_COLUMNS: &[Column<PauseRow>] = &[
    Column {
        name: "request_id",
        description: "The request's id",
        value: |p| p.request_id.to_string(),
    },
    Column {
        name: "reference",
        description: "The request's reference",
        value: |p| p.reference.clone(),
    },
    Column {
        name: "kind",
        description: "identity, clarification or fee",
        value: |p| p.pause.kind.code().to_string(),
    },
    Column {
        name: "requested_on",
        description: "Date the controller asked (the first day that does not count)",
        value: |p| iso_date::format(p.pause.requested_on),
    },
    Column {
        name: "answered_on",
        description:
            "Date the answer arrived (the last day that does not count); empty while waiting",
        value: |p| date(p.pause.answered_on),
    },
];

pub const REQUEST_EVENT_COLUMNS: &[Column<RequestEvent>] = &[
    Column { name: "request_id", description: "The request's id", value: |e| e.request_id.to_string() },
    Column { name: "at", description: "When, RFC 3339 UTC", value: |e| e.at.clone() },
    Column { name: "kind", description: "created, edited, started, identity_requested, identity_verified, identity_failed, paused, resumed, extended, answered, refused or withdrawn", value: |e| e.kind.clone() },
    Column { name: "detail", description: "What changed, in words", value: |e| e.detail.clone() },
];

/// The header row of a column list.
pub fn header<T>(columns: &[Column<T>]) -> Vec<&'static str> {
    columns.iter().map(|c| c.name).collect()
}

/// One record as CSV cells.
pub fn cells<T>(columns: &[Column<T>], record: &T) -> Vec<String> {
    columns.iter().map(|c| (c.value)(record)).collect()
}
