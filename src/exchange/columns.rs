//! The column list of every exported table, declared once. Export writes these
//! columns in this order, `docs/csv-format.md` documents them (a test keeps the
//! two in step), and the import will read them back.

use chrono::NaiveDate;

use crate::store::iso_date;

use chrono::{DateTime, SecondsFormat, Utc};

use crate::store::{BreachRow, NotificationRow, PauseRow, RequestEvent, RequestRow};

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

fn instant(t: Option<DateTime<Utc>>) -> String {
    t.map(|t| t.to_rfc3339_opts(SecondsFormat::Secs, true))
        .unwrap_or_default()
}

fn number(n: Option<i64>) -> String {
    n.map(|n| n.to_string()).unwrap_or_default()
}

pub const BREACH_COLUMNS: &[Column<BreachRow>] = &[
    Column {
        name: "id",
        description: "Record number in this register",
        value: |r| r.id.to_string(),
    },
    Column {
        name: "title",
        description: "Short name of the breach",
        value: |r| r.breach.title.clone(),
    },
    Column {
        name: "confidentiality",
        description: "yes: unauthorised disclosure of or access to data",
        value: |r| yes_no(r.breach.confidentiality),
    },
    Column {
        name: "integrity",
        description: "yes: unauthorised alteration of data",
        value: |r| yes_no(r.breach.integrity),
    },
    Column {
        name: "availability",
        description: "yes: loss of access to, or destruction of, data",
        value: |r| yes_no(r.breach.availability),
    },
    Column {
        name: "detected_at",
        description: "First signal, RFC 3339 UTC",
        value: |r| instant(r.breach.detected_at),
    },
    Column {
        name: "aware_at",
        description: "Awareness (reasonable certainty), RFC 3339 UTC: the 72 hours start",
        value: |r| instant(Some(r.breach.aware_at)),
    },
    Column {
        name: "aware_zone",
        description: "Time zone the awareness time was given in",
        value: |r| r.breach.aware_zone.clone(),
    },
    Column {
        name: "deadline_at",
        description: "Awareness + 72 hours of elapsed time, RFC 3339 UTC (Art. 33(1))",
        value: |r| instant(Some(r.breach.deadline())),
    },
    Column {
        name: "awareness_rationale",
        description: "Why the controller became aware then",
        value: |r| r.breach.awareness_rationale.clone(),
    },
    Column {
        name: "occurred",
        description: "When the breach happened, as known",
        value: |r| r.breach.occurred.clone(),
    },
    Column {
        name: "ongoing",
        description: "yes while the breach continues",
        value: |r| yes_no(r.breach.ongoing),
    },
    Column {
        name: "cause",
        description:
            "misdirected, hacking, malware, lost_device, insider, processor, system_fault or other",
        value: |r| r.breach.cause.code().to_string(),
    },
    Column {
        name: "discovered_how",
        description: "How it came to light",
        value: |r| r.breach.discovered_how.clone(),
    },
    Column {
        name: "cyber_incident",
        description: "yes when caused by a cyber incident",
        value: |r| yes_no(r.breach.cyber_incident),
    },
    Column {
        name: "processor_id",
        description: "The processor involved (id in processors.csv)",
        value: |r| number(r.breach.processor_id),
    },
    Column {
        name: "processor_name",
        description: "The processor involved",
        value: |r| r.processor_name.clone().unwrap_or_default(),
    },
    Column {
        name: "processor_told_us_at",
        description: "When the processor told the controller, RFC 3339 UTC (Art. 33(2))",
        value: |r| instant(r.breach.processor_told_us_at),
    },
    Column {
        name: "description",
        description: "What happened",
        value: |r| r.breach.description.clone(),
    },
    Column {
        name: "systems",
        description: "Systems affected",
        value: |r| r.breach.systems.clone(),
    },
    Column {
        name: "data_categories",
        description: "Categories of personal data affected",
        value: |r| r.breach.data_categories.clone(),
    },
    Column {
        name: "special_categories",
        description: "yes when Art. 9(1) special categories are affected",
        value: |r| yes_no(r.breach.special_categories),
    },
    Column {
        name: "criminal_data",
        description: "yes when Art. 10 criminal-offence data are affected",
        value: |r| yes_no(r.breach.criminal_data),
    },
    Column {
        name: "approx_records",
        description: "Approximate number of personal data records",
        value: |r| number(r.breach.approx_records),
    },
    Column {
        name: "approx_subjects",
        description: "Approximate number of data subjects",
        value: |r| number(r.breach.approx_subjects),
    },
    Column {
        name: "subject_categories",
        description: "Categories of data subjects (customers, employees, children…)",
        value: |r| r.breach.subject_categories.clone(),
    },
    Column {
        name: "likely_consequences",
        description: "Likely consequences for the data subjects",
        value: |r| r.breach.likely_consequences.clone(),
    },
    Column {
        name: "risk_level",
        description:
            "none (record only), risk (notify the authority) or high (also tell the data subjects)",
        value: |r| r.breach.risk_level.code().to_string(),
    },
    Column {
        name: "risk_rationale",
        description: "Why that risk level",
        value: |r| r.breach.risk_rationale.clone(),
    },
    Column {
        name: "measures_before",
        description: "Measures in place before the breach",
        value: |r| r.breach.measures_before.clone(),
    },
    Column {
        name: "containment",
        description: "Measures taken to contain it",
        value: |r| r.breach.containment.clone(),
    },
    Column {
        name: "mitigation",
        description: "Measures to mitigate its effects",
        value: |r| r.breach.mitigation.clone(),
    },
    Column {
        name: "not_notified_reasoning",
        description: "Why it was not notified (Art. 33(5))",
        value: |r| r.breach.not_notified_reasoning.clone(),
    },
    Column {
        name: "art34_exception",
        description: "none, a, b or c: the Art. 34(3) ground for not telling the data subjects",
        value: |r| r.breach.art34_exception.code().to_string(),
    },
    Column {
        name: "art34_justification",
        description: "Why the Art. 34(3) exception applies",
        value: |r| r.breach.art34_justification.clone(),
    },
    Column {
        name: "subjects_told_at",
        description: "When the data subjects were told, RFC 3339 UTC (Art. 34)",
        value: |r| instant(r.breach.subjects_told_at),
    },
    Column {
        name: "subjects_told_how",
        description: "How they were told",
        value: |r| r.breach.subjects_told_how.clone(),
    },
    Column {
        name: "subjects_told_count",
        description: "How many were told",
        value: |r| number(r.breach.subjects_told_count),
    },
    Column {
        name: "first_notified_at",
        description: "When the first notification was sent, RFC 3339 UTC",
        value: |r| instant(r.notifications.iter().map(|n| n.sent_at).min()),
    },
    Column {
        name: "first_notified_hours_late",
        description: "Hours after the 72-hour deadline the first notification was sent (one decimal); empty when in time or not notified",
        value: |r| match r.notifications.iter().map(|n| n.sent_at).min() {
            Some(sent) if sent > r.breach.deadline() => {
                format!("{:.1}", (sent - r.breach.deadline()).num_seconds() as f64 / 3600.0)
            }
            _ => String::new(),
        },
    },
    Column {
        name: "status",
        description: "open, assessed, notified or closed",
        value: |r| r.breach.status.code().to_string(),
    },
    Column {
        name: "lessons_learned",
        description: "What changes because of it",
        value: |r| r.breach.lessons_learned.clone(),
    },
];

pub const NOTIFICATION_COLUMNS: &[Column<NotificationRow>] = &[
    Column {
        name: "breach_id",
        description: "The breach's id",
        value: |n| n.breach_id.to_string(),
    },
    Column {
        name: "authority",
        description: "The supervisory authority's code (NO, SE, GB, DE-BE…; docs/csv-format.md)",
        value: |n| n.notification.authority.clone(),
    },
    Column {
        name: "kind",
        description: "initial, additional or final (Art. 33(4): in phases)",
        value: |n| n.notification.kind.code().to_string(),
    },
    Column {
        name: "sent_at",
        description: "When it was sent, RFC 3339 UTC",
        value: |n| instant(Some(n.notification.sent_at)),
    },
    Column {
        name: "reference",
        description: "The authority's case reference",
        value: |n| n.notification.reference.clone(),
    },
    Column {
        name: "summary",
        description: "What was reported",
        value: |n| n.notification.summary.clone(),
    },
    Column {
        name: "delay_reason",
        description: "Reasons for a notification after the 72 hours (Art. 33(1))",
        value: |n| n.notification.delay_reason.clone(),
    },
];

pub const BREACH_ACTIVITY_COLUMNS: &[Column<(i64, i64, String)>] = &[
    Column {
        name: "breach_id",
        description: "The breach's id (breaches.csv)",
        value: |l| l.0.to_string(),
    },
    Column {
        name: "activity_id",
        description: "The affected activity's id (activities.csv)",
        value: |l| l.1.to_string(),
    },
    Column {
        name: "activity",
        description: "The affected activity's name",
        value: |l| l.2.clone(),
    },
];

/// The header row of a column list.
pub fn header<T>(columns: &[Column<T>]) -> Vec<&'static str> {
    columns.iter().map(|c| c.name).collect()
}

/// One record as CSV cells.
pub fn cells<T>(columns: &[Column<T>], record: &T) -> Vec<String> {
    columns.iter().map(|c| (c.value)(record)).collect()
}
