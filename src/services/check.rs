//! The register lint over a whole register: every record is read once through
//! the store and judged by the rules of `domain::findings`. `dpo check`, the
//! dashboard and the portfolio all use this one function.

use std::collections::HashMap;

use crate::domain::dpa::{Dpa, NoticeDecision};
use crate::domain::findings::{
    activity_findings, breach_findings, document_finding, is_clock_running_only,
    more_requests_findings, notice_findings, organisation_findings, processor_breach_findings,
    processor_findings, processor_record_findings, request_findings, running_requests_finding,
    Area, Finding, Moment, RecordRef, RequestDates, SOON_DAYS,
};
use crate::domain::request::DeadlineSettings;
use crate::domain::transfer::Transfer;
use crate::platform::document::still_matches;
use crate::store::{Named, Register, RequestRow, StoreError, StoreResult};
use chrono::NaiveDate;

/// An open request's dates as of the day judged: an open pause counts
/// through it. Without one, the dates stored at the last write are those dates.
fn dates_on(row: &RequestRow, settings: &DeadlineSettings, today: NaiveDate) -> RequestDates {
    match row.paused_dates(settings, today) {
        Some(d) => RequestDates {
            due: row.request.due(&d),
            notice_by: d.extension_notice_by,
            promised: d.promised,
        },
        None => RequestDates {
            due: row.due_on,
            notice_by: row.extension_notice_by,
            promised: row.promised_on,
        },
    }
}

/// The open requests' clocks: those that can need attention within
/// `SOON_DAYS` are read and judged one by one (with `at_most`, only that
/// many of those not paused, the earliest dates first, the rest counted as
/// overdue or soon); the others, and any of those whose clock only runs, are
/// one count (`requests-running`).
fn request_findings_of(
    register: &Register,
    (settings, today): (&DeadlineSettings, NaiveDate),
    at_most: Option<usize>,
    out: &mut Vec<Finding>,
) -> StoreResult<()> {
    let horizon = today + chrono::Days::new(SOON_DAYS.unsigned_abs());
    let mut running = register.count_open_requests_after(horizon)?;
    let (mut read, mut overdue_read) = (0, 0);
    register.for_each_open_request_due_by(horizon, at_most, |row| {
        let record = row.record();
        let dates = dates_on(row, settings, today);
        if row.paused_since.is_empty() {
            read += 1;
        }
        for finding in request_findings(&record, &row.request, dates, today) {
            if is_clock_running_only(&finding) {
                running += 1;
            } else {
                overdue_read += usize::from(finding.code == "request-overdue");
                out.push(finding);
            }
        }
        Ok::<_, StoreError>(())
    })?;
    if let Some(listed) = at_most.filter(|n| read >= *n) {
        let more = register.count_open_requests_due_by(horizon)? - read;
        let overdue = register.count_open_requests_due_before(today)? - overdue_read;
        out.extend(more_requests_findings(
            listed,
            overdue,
            more - overdue.min(more),
        ));
    }
    out.extend(running_requests_finding(running));
    Ok(())
}

/// The clocks of every breach: the authority's 72 hours as controller, the
/// controller's as processor.
fn breach_findings_of(
    register: &Register,
    moment: Moment,
    out: &mut Vec<Finding>,
) -> StoreResult<()> {
    register.for_each_breach(|row| {
        let record = row.record();
        match &row.controller {
            Some(controller) => out.extend(processor_breach_findings(
                &record,
                &row.breach,
                controller,
                moment.now,
            )),
            None => out.extend(breach_findings(
                &record,
                &row.breach,
                &row.notifications,
                moment.now,
            )),
        }
        Ok::<_, StoreError>(())
    })
}

/// Every processor's agreement, document, transfers and review.
fn processor_findings_of(
    register: &Register,
    today: NaiveDate,
    out: &mut Vec<Finding>,
) -> StoreResult<()> {
    let mut current: HashMap<i64, Dpa> = HashMap::new();
    let mut changed_documents: HashMap<i64, String> = HashMap::new();
    let folder = register.folder();
    register.for_each_dpa(|row| {
        if row.is_current {
            // Reads the file: only a local document with a fingerprint.
            let matches = still_matches(&row.dpa.document, row.document_sha256.as_deref(), &folder);
            if matches == Some(false) {
                changed_documents.insert(row.processor_id, row.dpa.document.clone());
            }
            current.insert(row.processor_id, row.dpa.clone());
        }
        Ok::<_, StoreError>(())
    })?;
    let mut transfers: HashMap<i64, Vec<Transfer>> = HashMap::new();
    register.for_each_transfer(|row| {
        transfers
            .entry(row.processor_id)
            .or_default()
            .push(row.transfer.clone());
        Ok::<_, StoreError>(())
    })?;
    register.for_each_processor(|row| {
        let p = &row.processor;
        let record = row.record();
        let recorded = transfers.get(&p.id).map_or(&[][..], Vec::as_slice);
        out.extend(processor_findings(
            &record,
            &p.fields,
            current.get(&p.id),
            recorded,
            today,
        ));
        if let Some(document) = changed_documents.get(&p.id) {
            out.extend(document_finding(&record, document, Some(false)));
        }
        Ok::<_, StoreError>(())
    })
}

/// Every finding of the register at `moment`, most urgent first.
pub fn lint(register: &Register, moment: Moment) -> StoreResult<Vec<Finding>> {
    lint_listing(register, moment, None)
}

/// As `lint`, listing at most `at_most` of the requests that need attention
/// (not counting paused ones), the most urgent; the rest as two counts
/// (`requests-overdue-more`, `requests-soon-more`). The Dashboard's.
pub fn lint_listing(
    register: &Register,
    moment: Moment,
    at_most: Option<usize>,
) -> StoreResult<Vec<Finding>> {
    let organisation = register.organisation()?;
    let zone = organisation.time_zone;
    let settings = register.deadline_settings()?;
    let today = moment.today;
    let mut out = Vec::new();
    register.read_snapshot(|register| {
        let record = RecordRef {
            area: Area::Organisation,
            id: 1,
            label: organisation.name.clone(),
        };
        out.extend(organisation_findings(
            &record,
            &organisation,
            register.count_activities("", false)?,
            register.count_processor_records("")?,
        ));
        request_findings_of(register, (&settings, today), at_most, &mut out)?;
        breach_findings_of(register, moment, &mut out)?;
        processor_findings_of(register, today, &mut out)?;
        register.for_each_change_notice(|row| {
            let record = RecordRef {
                area: Area::Processors,
                id: row.processor_id,
                label: row.processor_name.clone(),
            };
            out.extend(notice_findings(
                &record,
                &row.notice.sub_processor,
                row.objection_deadline,
                row.decision == NoticeDecision::Pending,
                today,
            ));
            Ok::<_, StoreError>(())
        })?;
        register.for_each_activity(|row| {
            let record = row.record();
            let context = row.context(row.controller_identified);
            out.extend(activity_findings(&record, &row.activity, &context, today));
            Ok::<_, StoreError>(())
        })?;
        register.for_each_processor_record(|row| {
            let record = Named::record(row);
            let countries: Vec<String> = row.sub_processors.iter().map(|p| p.2.clone()).collect();
            out.extend(processor_record_findings(&record, &row.record, &countries));
            Ok::<_, StoreError>(())
        })
    })?;
    crate::domain::urgency::sort_by_urgency(&mut out, &zone);
    Ok(out)
}
