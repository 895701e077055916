//! The demo's processor agreements, transfers and change notices, with dates
//! relative to the day the demo is made so the reminders and clocks are live.

use chrono::{Duration, NaiveDate};
use serde::Deserialize;

use super::demo::{processor_named, rows};
use super::ExchangeError;
use crate::domain::dpa::{Authorisation, ClauseState, Dpa, DpaStatus, NoticeDecision, CLAUSES};
use crate::domain::transfer::{Transfer, TransferTool};
use crate::store::{ChangeNotice, Register};

#[derive(Deserialize)]
struct DpaLine {
    processor: String,
    status: String,
    version: String,
    signed_days_ago: Option<i64>,
    effective_days_ago: Option<i64>,
    review_in_days: Option<i64>,
    document: String,
    authorisation: String,
    notice_days: Option<u32>,
    /// Clause codes, "; "-separated; every other clause is present.
    missing_clauses: String,
    not_applicable: String,
}

#[derive(Deserialize)]
struct TransferLine {
    processor: String,
    country: String,
    tool: String,
    dpf_certified: String,
    regular: String,
    tia_reference: String,
    tia_days_ago: Option<i64>,
    notes: String,
}

#[derive(Deserialize)]
struct NoticeLine {
    processor: String,
    received_days_ago: i64,
    sub_processor: String,
    description: String,
    decision: String,
    decided_days_ago: Option<i64>,
    note: String,
}

fn lookup(register: &Register, file: &str, line: u64, name: &str) -> Result<i64, ExchangeError> {
    processor_named(register, name)?
        .ok_or_else(|| ExchangeError::row(file, line, format!("no processor '{name}'")))
}

fn listed(list: &str, code: &str) -> bool {
    list.split(';').any(|c| c.trim() == code)
}

/// Loads the agreements (in file order, so a later one supersedes an earlier
/// one with the same processor), the transfers and the change notices.
pub(super) fn load_demo_agreements(
    register: &mut Register,
    set: &super::demo::DemoSet,
    today: NaiveDate,
) -> Result<usize, ExchangeError> {
    let ago = |days: i64| today - Duration::days(days);
    let mut count = 0;
    let file = set.dpas.path;
    for (line, d) in rows::<DpaLine>(file, set.dpas.text)? {
        let pid = lookup(register, file, line, &d.processor)?;
        let clauses = CLAUSES
            .iter()
            .map(|(code, _, _)| {
                let state = if listed(&d.missing_clauses, code) {
                    ClauseState::Missing
                } else if listed(&d.not_applicable, code) {
                    ClauseState::NotApplicable
                } else {
                    ClauseState::Present
                };
                (state, String::new())
            })
            .collect();
        let dpa = Dpa {
            status: DpaStatus::parse(&d.status)
                .ok_or_else(|| ExchangeError::row(file, line, format!("status '{}'", d.status)))?,
            version: d.version,
            signed_on: d.signed_days_ago.map(ago),
            effective_on: d.effective_days_ago.map(ago),
            review_on: d.review_in_days.map(|n| today + Duration::days(n)),
            document: d.document,
            clauses,
            authorisation: Authorisation::parse(&d.authorisation).ok_or_else(|| {
                ExchangeError::row(file, line, format!("authorisation '{}'", d.authorisation))
            })?,
            notice_days: d.notice_days,
        };
        register.insert_dpa(pid, &dpa, None)?;
        count += 1;
    }
    let file = set.transfers.path;
    for (line, t) in rows::<TransferLine>(file, set.transfers.text)? {
        let pid = lookup(register, file, line, &t.processor)?;
        let transfer = Transfer {
            country: t.country,
            tool: TransferTool::parse(&t.tool)
                .ok_or_else(|| ExchangeError::row(file, line, format!("tool '{}'", t.tool)))?,
            dpf_certified: t.dpf_certified == "yes",
            regular: t.regular == "yes",
            tia_reference: t.tia_reference,
            tia_date: t.tia_days_ago.map(ago),
            notes: t.notes,
        };
        register.insert_transfer(pid, &transfer)?;
        count += 1;
    }
    let file = set.notices.path;
    for (line, n) in rows::<NoticeLine>(file, set.notices.text)? {
        let pid = lookup(register, file, line, &n.processor)?;
        let id = register.insert_change_notice(
            pid,
            &ChangeNotice {
                received_on: ago(n.received_days_ago),
                sub_processor: n.sub_processor,
                description: n.description,
            },
        )?;
        let decision = NoticeDecision::parse(&n.decision)
            .ok_or_else(|| ExchangeError::row(file, line, format!("decision '{}'", n.decision)))?;
        if let (true, Some(days)) = (decision != NoticeDecision::Pending, n.decided_days_ago) {
            register.decide_change_notice(id, 1, decision, ago(days), &n.note)?;
        }
        count += 1;
    }
    Ok(count)
}
