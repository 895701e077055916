//! Data-subject requests, their pauses and their events.

use super::*;

pub(super) fn read_requests(
    c: &mut Cells<'_, '_>,
    row: &Row<'_>,
    tx: &mut ImportTx<'_>,
    state: &mut ReaderState,
    today: NaiveDate,
) -> Result<Option<Outcome>, Problems> {
    let written = {
        let id = c.id("id");
        let draft = RequestDraft {
            reference: c.text("reference"),
            subject_ref: c.text("subject_ref"),
            right: c.text("right"),
            received_on: c.text("received_on"),
            received_at: c.text("received_at"),
            channel: c.text("channel"),
            representative: if c.flag("representative") {
                "yes"
            } else {
                "no"
            }
            .into(),
            notes: c.text("notes"),
        };
        let basics =
            validate_request(&draft, today, &state.time_zone).map_err(|e| c.field_errors(e));
        let identity = IdentityCheck::parse(row.get("identity")).unwrap_or_else(|| {
            c.problem("identity", format!("choose {}", IdentityCheck::expected()));
            IdentityCheck::NotNeeded
        });
        let status = RequestStatus::parse(row.get("status")).unwrap_or_else(|| {
            c.problem("status", format!("choose {}", RequestStatus::expected()));
            RequestStatus::Received
        });
        let identity_requested_on = c.date("identity_requested_on");
        let identity_verified_on = c.date("identity_verified_on");
        let extension_notice_sent_on = c.date("extension_notice_sent_on");
        let closed_on = c.date("closed_on");
        let informed_of_remedies = c.flag("informed_of_remedies");
        c.check()?;
        let basics = basics.map_err(|_| Problems::new())?;
        let received = basics.received_on;
        for (column, day) in [
            ("identity_requested_on", identity_requested_on),
            ("identity_verified_on", identity_verified_on),
            ("extension_notice_sent_on", extension_notice_sent_on),
            ("closed_on", closed_on),
        ] {
            match day {
                Some(d) if d < received => c.problem(
                    column,
                    format!("{d} is before the request was received ({received})"),
                ),
                Some(d) if d > today => c.problem(column, format!("{d} is in the future")),
                _ => {}
            }
        }
        if status.is_closed() && closed_on.is_none() {
            c.problem(
                "closed_on",
                format!("required: the request is {}", status.code()),
            );
        }
        if !status.is_closed() && closed_on.is_some() {
            c.problem(
                "closed_on",
                format!("must be empty: the request is still {}", status.code()),
            );
        }
        // As the form: an extension is announced on a day, with its reasons.
        let extension_reason = row.get("extension_reason").trim();
        if status == RequestStatus::Extended && extension_notice_sent_on.is_none() {
            c.problem(
                "extension_notice_sent_on",
                "required: the request is extended (the day the data subject was told, Art. 12(3))",
            );
        }
        if extension_notice_sent_on.is_some() && extension_reason.is_empty() {
            c.problem(
                "extension_reason",
                "required once an extension was announced (Art. 12(3): complexity and number of requests)",
            );
        }
        if status != RequestStatus::Extended
            && extension_notice_sent_on.is_none()
            && !extension_reason.is_empty()
        {
            c.problem(
                "extension_notice_sent_on",
                "required with an extension reason: the day the data subject was told",
            );
        }
        if status == RequestStatus::Refused && row.get("refusal_reason").trim().is_empty() {
            c.problem(
                "refusal_reason",
                "required for a refused request (Art. 12(4))",
            );
        }
        c.check()?;
        let mut request = basics.into_new_request();
        request.identity = identity;
        request.identity_requested_on = identity_requested_on;
        request.identity_verified_on = identity_verified_on;
        request.status = status;
        request.extension_reason = c.text("extension_reason").trim().to_string();
        request.extension_notice_sent_on = extension_notice_sent_on;
        request.closed_on = closed_on;
        request.refusal_reason = c.text("refusal_reason").trim().to_string();
        request.informed_of_remedies = informed_of_remedies;
        tx.request(id, &request)
            .map_err(|e| store_problem(e, "reference"))?
    };
    Ok(Some(written))
}

pub(super) fn read_request_pauses(
    c: &mut Cells<'_, '_>,
    row: &Row<'_>,
    tx: &mut ImportTx<'_>,
) -> Result<Option<Outcome>, Problems> {
    let written = {
        let request_id = c.reference("request_id");
        let kind = PauseKind::parse(row.get("kind")).unwrap_or_else(|| {
            c.problem("kind", format!("choose {}", PauseKind::expected()));
            PauseKind::Clarification
        });
        let requested_on = c.required_date("requested_on");
        let answered_on = c.date("answered_on");
        if let Some(answered) = answered_on {
            if answered < requested_on {
                c.problem(
                    "answered_on",
                    format!("{answered} is before the pause began ({requested_on})"),
                );
            }
        }
        c.check()?;
        let pause = RequestPause {
            kind,
            requested_on,
            answered_on,
        };
        tx.request_pause(request_id, &pause)
            .map_err(|e| store_problem(e, "request_id"))?
    };
    Ok(Some(written))
}

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
