//! Data-subject requests (Art. 12–22), their pauses and their history: the
//! kinds of record. The form enters what a user types; the workflow fields
//! change through steps and come in from a CSV file; the dates the rules
//! compute are the store's, exported beside them.

use super::{line, required, text, Context, Field, Input, Parent};
use crate::domain::breach_clock::{long_time, parse_instant, CLOCK_SLACK};
use crate::domain::request::{
    check_pause, check_request, read_received_at, read_received_on, Channel, IdentityCheck,
    PauseKind, Request, RequestPause, RequestStatus, Right,
};
use crate::domain::typed_date::expand_typed_time;
use crate::domain::validation::FieldErrors;
use crate::store::{iso_date, PauseRow, RequestEvent, RequestRow};

pub struct RequestKind;

fn request_of(r: &RequestRow) -> &Request {
    &r.request
}

/// A field the form does not show: it changes through a workflow step, and
/// comes in from a CSV file.
const fn off_form<F, R>(field: Field<F, R>) -> Field<F, R> {
    Field {
        input: None,
        ..field
    }
}

const FIELDS: &[Field<Request, RequestRow>] = &[
    crate::export_only!("id", "Record number in this register", |r| r.id.to_string()),
    crate::field!("reference", "Reference", "The register's reference, e.g. DSR-2026-0007",
        line("empty: the next DSR-YYYY-NNNN"), reference; request_of),
    crate::field!("subject_ref", "Data subject", "Pseudonymous reference to the data subject",
        required("a pseudonymous reference, e.g. customer 10-4471"), subject_ref; request_of),
    // The CSV's `right` is the table's `right_exercised`.
    Field {
        key: "right",
        ..crate::field!("right_exercised", "Right",
            "art15_access, art16_rectification, art17_erasure, art18_restriction, art19_notification, art20_portability, art21_objection, art22_automated or art7_3_withdraw_consent",
            Input::Codes(Right::options), right; request_of)
    },
    crate::field!("received_on", "Received on",
        "Date of receipt in the register's time zone (the clock starts here)",
        required("6.12, yesterday or YYYY-MM-DD; any channel"), received_on; request_of;
        read = |text, context: &Context| read_received_on(text, context.today(), context.typed)),
    // Kept as written (with its offset); a workbook shows it as the moment it is.
    super::Field {
        typed: Some(super::Typed {
            kind: super::CellKind::Instant,
            cell: |r| {
                chrono::DateTime::parse_from_rfc3339(&r.request.received_at).map_or_else(
                    |_| super::text_cell(r.request.received_at.clone()),
                    |at| super::Cell::Instant(at.with_timezone(&chrono::Utc)),
                )
            },
        }),
        ..crate::field!("received_at", "Received at", "Time of receipt, RFC 3339 with offset, if recorded",
            line("optional: 14:05 (that day) or 6.12 14:05"), received_at; request_of;
            read = read_typed_received_at)
    },
    crate::field!("channel", "Channel", "email, web_form, post, phone, in_person or other",
        Input::Codes(Channel::options), channel; request_of),
    crate::field!("representative", "Representative",
        "yes when made by someone acting for the data subject",
        Input::YesNo, representative; request_of),
    off_form(crate::field!("identity", "Identity", "not_needed, requested, verified or failed",
        Input::Codes(IdentityCheck::options), identity; request_of)),
    off_form(crate::field!("identity_requested_on", "Identity requested",
        "Date identity information was asked for",
        line(""), identity_requested_on; request_of)),
    off_form(crate::field!("identity_verified_on", "Identity verified",
        "Date identity was verified (or found to fail)",
        line(""), identity_verified_on; request_of)),
    off_form(crate::field!("status", "Status",
        "received, verifying, in_progress, awaiting_data_subject, extended, answered, refused or withdrawn",
        Input::Codes(RequestStatus::options), status; request_of)),
    crate::export_only!(
        "deadline",
        "One-month deadline (Art. 12(3)); a pause still open counts through the day of the export, as on screen and in dpo check (see request_pauses)",
        |r| iso_date::format(r.deadline)
    ),
    crate::export_only!(
        "extension_notice_by",
        "Date by which an extension must be announced",
        |r| iso_date::format(r.extension_notice_by)
    ),
    crate::export_only!(
        "extended_deadline",
        "Deadline if extended by two further months",
        |r| iso_date::format(r.extended_deadline)
    ),
    crate::export_only!(
        "due_on",
        "The deadline that applies: the extended one once extended",
        |r| iso_date::format(r.due_on)
    ),
    crate::export_only!(
        "rule",
        "The rule that produced the dates (see docs/legal-rules.md)",
        |r| r.rule.clone()
    ),
    crate::export_only!(
        "rule_set",
        "Name and version of the rule set that computed the dates",
        |r| r.rule_set.clone()
    ),
    off_form(crate::field!("extension_reason", "Extension reason",
        "Why the request was extended (Art. 12(3)); required with extension_notice_sent_on",
        text(""), extension_reason; request_of)),
    off_form(crate::field!("extension_notice_sent_on", "Extension told",
        "Date the data subject was told of the extension; required when status is extended, refused by import when later than the one-month deadline",
        line(""), extension_notice_sent_on; request_of)),
    off_form(crate::field!("closed_on", "Closed", "Date answered, refused or withdrawn",
        line(""), closed_on; request_of)),
    crate::export_only!(
        "days_late",
        "Days after the deadline it was answered or refused (a refusal's limit is the one-month deadline); empty when in time or still open",
        |r| r.days_late().map(|n| n.to_string()).unwrap_or_default()
    ),
    off_form(crate::field!("refusal_reason", "Refusal reason",
        "Why the request was refused (Art. 12(4))",
        text(""), refusal_reason; request_of)),
    off_form(crate::field!("informed_of_remedies", "Told of remedies",
        "yes when a refusal told of the right to complain and to a judicial remedy",
        Input::YesNo, informed_of_remedies; request_of)),
    crate::field!("notes", "Notes", "Free text (may span lines)",
        text("what is asked; keep personal data out"), notes; request_of),
    crate::export_only!(
        "promised_on",
        "The day the organisation promised to answer by (deadline_settings promised_days; the same paused days as the legal month, not rolled); empty without a promise",
        |r| r.promised_on.map(iso_date::format).unwrap_or_default()
    ),
];

/// A receipt time as a form takes it: RFC 3339 as written; typed, also a
/// local time (`6.12 14:05`, `yesterday 23:10`, `2026-12-06T14:05`), kept
/// with the zone's offset, or a bare `14:05`, which the rules put on the
/// day received.
fn read_typed_received_at(text: &str, context: &Context) -> Result<String, String> {
    let t = text.trim();
    let as_written = !context.typed
        || t.is_empty()
        || t.contains(['\n', '\r'])
        || chrono::DateTime::parse_from_rfc3339(t).is_ok();
    if as_written {
        read_received_at(text).map_err(|e| e.to_string())
    } else if is_clock_time(t) {
        Ok(t.to_string())
    } else if let Some(local) = expand_typed_time(t, context.today()) {
        with_offset(&local, &context.zone)
    } else if t.contains(['T', '-']) {
        // A date and time written out: its own reading says what is wrong.
        with_offset(t, &context.zone)
    } else {
        Err(format!(
            "'{t}' is not a time: write 14:05 (on the day received), 6.12 14:05 or 2026-12-06T14:05+01:00"
        ))
    }
}

/// `14:05`: a time of day without a day.
fn is_clock_time(text: &str) -> bool {
    !text.contains(' ') && expand_typed_time(text, chrono::NaiveDate::MIN).is_some()
}

/// A local time read in `zone`, as RFC 3339 with the offset it had there.
fn with_offset(local: &str, zone: &chrono_tz::Tz) -> Result<String, String> {
    let at = parse_instant(local, zone).map_err(|e| e.to_string())?;
    Ok(at
        .with_timezone(zone)
        .to_rfc3339_opts(chrono::SecondsFormat::Secs, false))
}

fn request_rules(r: &mut Request, errors: &mut FieldErrors, context: &Context) {
    // A bare time of receipt is on the day received.
    if is_clock_time(&r.received_at) && errors.get("received_on").is_none() {
        let local = expand_typed_time(&r.received_at, r.received_on).unwrap_or_default();
        match with_offset(&local, &context.zone) {
            Ok(at) => r.received_at = at,
            Err(why) => errors.push("received_at", why),
        }
    }
    // A time of receipt cannot lie ahead (the day received cannot either).
    if let Ok(at) = chrono::DateTime::parse_from_rfc3339(&r.received_at) {
        if at.with_timezone(&chrono::Utc) > context.now + CLOCK_SLACK {
            errors.push(
                "received_at",
                format!(
                    "{} is in the future",
                    long_time(at.with_timezone(&chrono::Utc), &context.zone)
                ),
            );
        }
    }
    check_request(r, context.today(), &context.zone, errors);
}

crate::record_kind! {
    RequestKind: Request, RequestRow; table "requests", one "request",
    fields FIELDS,
    check request_rules,
    search crate::domain::request::search_text
}

/// The pauses of requests, a row each (`request_pauses`).
pub struct RequestPauseKind;

fn pause_of(p: &PauseRow) -> &RequestPause {
    &p.pause
}

const PAUSE_FIELDS: &[Field<RequestPause, PauseRow>] = &[
    crate::export_only!("request_id", "The request's id", |p| p
        .request_id
        .to_string()),
    crate::export_only!("reference", "The request's reference", |p| p
        .reference
        .clone()),
    crate::field!("kind", "Kind", "identity, clarification or fee",
        Input::Codes(PauseKind::options), kind; pause_of),
    crate::field!("requested_on", "Asked on",
        "Date the controller asked (the first day that does not count)",
        required("YYYY-MM-DD"), requested_on; pause_of),
    crate::field!("answered_on", "Answered on",
        "Date the answer arrived (the last day that does not count); empty while waiting",
        line("YYYY-MM-DD"), answered_on; pause_of),
];

fn request_pause_rules(p: &mut RequestPause, errors: &mut FieldErrors, _: &Context) {
    check_pause(p, errors);
}

crate::record_kind! {
    RequestPauseKind: RequestPause, PauseRow; table "request_pauses", one "pause",
    fields PAUSE_FIELDS,
    parent Parent::of::<super::request::RequestKind>("request_id"),
    check request_pause_rules
}

/// The history of requests, an entry each (`request_events`): written by the
/// store as steps are taken, exported and read back as they are.
pub struct RequestEventKind;

const EVENT_FIELDS: &[Field<(), RequestEvent>] = &[
    crate::export_only!("request_id", "The request's id", |e| e.request_id.to_string()),
    crate::export_only!("at", "When, RFC 3339 UTC", |e| e.at.clone()),
    crate::export_only!(
        "kind",
        "created, edited, started, identity_requested, identity_verified, identity_failed, paused, resumed, extended, answered, refused or withdrawn",
        |e| e.kind.clone()
    ),
    crate::export_only!("detail", "What changed, in words", |e| e.detail.clone()),
];

crate::record_kind! {
    RequestEventKind: (), RequestEvent; table "request_events", one "history entry",
    fields EVENT_FIELDS,
    parent Parent::of::<super::request::RequestKind>("request_id")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::record::{validate, Draft};
    use chrono::TimeZone;

    fn context(today: &str) -> Context {
        let noon = format!("{today}T12:00:00Z");
        Context::new(
            chrono::Utc.from_utc_datetime(
                &chrono::NaiveDateTime::parse_from_str(&noon, "%Y-%m-%dT%H:%M:%SZ").unwrap(),
            ),
            chrono_tz::Europe::Oslo,
        )
    }

    /// A request's form as a draft, the workflow as a new request has it.
    fn form(pairs: &[(&'static str, &str)]) -> Draft {
        let new =
            crate::record::draft_of::<RequestKind>(&Request::default(), &context("2026-01-01"));
        pairs.iter().fold(new, |d, (k, v)| d.with(k, *v))
    }

    #[test]
    fn receipt_time_must_fall_on_the_receipt_date_in_the_registers_zone() {
        let today = context("2026-11-23");
        let draft = |at: &str| {
            form(&[
                ("subject_ref", "c"),
                ("right", "art15_access"),
                ("received_on", "2026-11-21"),
                ("received_at", at),
                ("channel", "email"),
            ])
        };
        // 23:30 UTC on the 21st is 00:30 on the 22nd in Oslo.
        let errors = validate::<RequestKind>(&draft("2026-11-21T23:30:00Z"), &today).unwrap_err();
        assert!(
            errors
                .get("received_at")
                .unwrap()
                .contains("2026-11-22 in Europe/Oslo"),
            "{errors}"
        );
        assert!(validate::<RequestKind>(&draft("2026-11-21T22:30:00Z"), &today).is_ok());
    }

    #[test]
    fn a_form_takes_the_day_and_time_of_receipt_as_people_type_them_a_file_does_not() {
        let today = context("2026-12-07");
        let draft = |on: &str, at: &str| {
            form(&[
                ("subject_ref", "c"),
                ("right", "art15_access"),
                ("received_on", on),
                ("received_at", at),
                ("channel", "email"),
            ])
        };
        let typed = |on: &str, at: &str| {
            let r = validate::<RequestKind>(&draft(on, at), &today.typed())
                .unwrap_or_else(|e| panic!("{on} {at}: {e}"));
            (r.received_on.to_string(), r.received_at)
        };
        // A bare time is on the day received, with Oslo's offset that day.
        assert_eq!(
            typed("yesterday", "14:05"),
            ("2026-12-06".into(), "2026-12-06T14:05:00+01:00".into())
        );
        assert_eq!(
            typed("6.12", "6.12 23:30"),
            ("2026-12-06".into(), "2026-12-06T23:30:00+01:00".into())
        );
        assert_eq!(
            typed("2026-07-01", "2026-07-01T09:00"),
            ("2026-07-01".into(), "2026-07-01T09:00:00+02:00".into())
        );
        assert_eq!(
            typed("2026-12-06", "2026-12-06T14:05:00+01:00").1,
            "2026-12-06T14:05:00+01:00"
        );
        // Not a time, or one still to come, is said as such.
        let typed_errors = |on: &str, at: &str| {
            validate::<RequestKind>(&draft(on, at), &today.typed()).unwrap_err()
        };
        typed_errors("today", "14.05").assert_says("received_at", "'14.05' is not a time");
        typed_errors("today", "24:00").assert_says("received_at", "is not a time");
        typed_errors("today", "23:30").assert_says("received_at", "is in the future");
        // The typed time still has to fall on the day received.
        validate::<RequestKind>(&draft("5.12", "yesterday 23:30"), &today.typed())
            .unwrap_err()
            .assert_says("received_at", "not on the receipt date");
        // A file is read as written: YYYY-MM-DD and RFC 3339.
        let errors = validate::<RequestKind>(&draft("yesterday", "14:05"), &today).unwrap_err();
        errors.assert_says("received_on", "not a calendar date");
        errors.assert_says("received_at", "not an RFC 3339 time");
    }

    #[test]
    fn the_form_is_validated_field_by_field() {
        let today = context("2026-03-10");
        let draft = form(&[
            ("subject_ref", ""),
            ("right", "art99"),
            ("received_on", "2026-02-30"),
            ("channel", "fax"),
            ("representative", "maybe"),
            ("received_at", "yesterday"),
        ]);
        let errors = validate::<RequestKind>(&draft, &today).unwrap_err();
        for field in [
            "subject_ref",
            "right",
            "received_on",
            "channel",
            "representative",
            "received_at",
        ] {
            assert!(errors.get(field).is_some(), "{field}: {errors}");
        }
        let future = form(&[
            ("subject_ref", "c-1"),
            ("right", "art17_erasure"),
            ("received_on", "2026-03-11"),
            ("channel", "email"),
        ]);
        validate::<RequestKind>(&future, &today)
            .unwrap_err()
            .assert_says("received_on", "future");
    }

    #[test]
    fn the_workflow_of_an_imported_request_must_agree_with_its_status() {
        let today = context("2026-03-10");
        let closed = form(&[
            ("subject_ref", "c-1"),
            ("received_on", "2026-03-02"),
            ("status", "answered"),
        ]);
        let errors = validate::<RequestKind>(&closed, &today).unwrap_err();
        errors.assert_says("closed_on", "required");
        let early = closed.with("closed_on", "2026-03-01");
        let errors = validate::<RequestKind>(&early, &today).unwrap_err();
        errors.assert_says("closed_on", "before the request");
        let refused = early
            .with("closed_on", "2026-03-05")
            .with("status", "refused");
        let errors = validate::<RequestKind>(&refused, &today).unwrap_err();
        assert!(errors.get("refusal_reason").is_some());
        // A reason written in the step's text box, over lines, comes back in.
        let reasons = refused
            .with(
                "refusal_reason",
                "Manifestly excessive:\nthe fourth request in two months",
            )
            .with("informed_of_remedies", "yes");
        let request = validate::<RequestKind>(&reasons, &today).unwrap();
        assert!(request.refusal_reason.contains('\n'));
        // A one-line field read from a file keeps refusing a line break in
        // it, not one at its end.
        let subject = reasons.clone().with("subject_ref", "c-1\n");
        assert!(validate::<RequestKind>(&subject, &today).is_ok());
        let subject = reasons.with("subject_ref", "c-1\nc-2");
        validate::<RequestKind>(&subject, &today)
            .unwrap_err()
            .assert_says("subject_ref", "a line break");
    }
}
