//! The register lint: what needs the DPO, record by record. Each rule is a
//! pure function of one record and the moment it is judged at; `dpo check`,
//! the dashboard and the portfolio all read the same findings.
//!
//! Codes are stable (scripts and auditors filter on them); messages may
//! improve. Severity follows the law: `critical` is a breach's 72 hours
//! passed without a notification, `error` a legal duty not met, a deadline
//! passed, or a breach clock running (counted in hours), `warning` needs
//! action soon, `info` is a clock still running. The order they are shown
//! in is `urgency`'s.

use chrono::{DateTime, Months, NaiveDate, Utc};

use super::activity::{Activity, ActivityStatus, Context, ProcessorRecord};
use super::breach::{
    Art34Exception, Breach, BreachStatus, ControllerToTell, Notification, RiskLevel,
};
use super::breach_clock::remaining_text;
use super::country::is_eea;
use super::dpa::{review_state, Dpa, DpaStatus, ReviewState};
use super::organisation::{Organisation, OurRole};
use super::processor::{ProcessorFields, ProcessorStatus, RecipientRole};
use super::request::Request;
use super::transfer::{transfer_warnings, Transfer};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    Info,
    Warning,
    Error,
    Critical,
}

impl Severity {
    pub fn name(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
            Severity::Critical => "critical",
        }
    }

    pub fn parse(text: &str) -> Result<Severity, SeverityError> {
        match text.trim() {
            "info" => Ok(Severity::Info),
            "warning" => Ok(Severity::Warning),
            "error" => Ok(Severity::Error),
            "critical" => Ok(Severity::Critical),
            other => Err(SeverityError::Unknown(other.to_string())),
        }
    }
}

/// Why a severity name (`--fail-on`) is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SeverityError {
    /// Not one of the four names (trimmed, as typed).
    #[error("'{0}' is not a severity: critical, error, warning or info")]
    Unknown(String),
}

/// The part of the register a finding is about (a screen of the workbench).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Area {
    /// The organisation record and what the register as a whole lacks.
    Organisation,
    Breaches,
    Requests,
    Processors,
    Activities,
    ProcessorRecords,
}

impl Area {
    pub const ALL: &'static [Area] = &[
        Area::Organisation,
        Area::Breaches,
        Area::Requests,
        Area::Processors,
        Area::Activities,
        Area::ProcessorRecords,
    ];

    /// The table name, as in the CSV exports.
    pub fn name(self) -> &'static str {
        match self {
            Area::Organisation => "organisation",
            Area::Breaches => "breaches",
            Area::Requests => "requests",
            Area::Processors => "processors",
            Area::Activities => "activities",
            Area::ProcessorRecords => "processor_records",
        }
    }

    pub fn title(self) -> &'static str {
        match self {
            Area::Organisation => "Organisation",
            Area::Breaches => "Breaches",
            Area::Requests => "Requests",
            Area::Processors => "Processors",
            Area::Activities => "Activities",
            Area::ProcessorRecords => "As processor",
        }
    }
}

/// The record a finding is about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordRef {
    pub area: Area,
    /// The record's id; `RecordRef::WHOLE_AREA` for a finding about many of
    /// the area's records at once (a count).
    pub id: i64,
    /// What the user knows it by: a reference, a name, a title.
    pub label: String,
}

impl RecordRef {
    /// The id of a finding about the area as a whole: no record has it.
    pub const WHOLE_AREA: i64 = 0;

    /// The record's id, or none for a finding about the whole area.
    pub fn record_id(&self) -> Option<i64> {
        (self.id != Self::WHOLE_AREA).then_some(self.id)
    }

    /// Where it is, as `dpo check` writes it: `requests/12`, or `requests`
    /// for the area as a whole.
    pub fn place(&self) -> String {
        match self.record_id() {
            Some(id) => format!("{}/{id}", self.area.name()),
            None => self.area.name().to_string(),
        }
    }
}

/// When a finding's clock runs out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Due {
    /// By the end of this day, in the register's time zone.
    Day(NaiveDate),
    /// At this instant (the 72 hours of a breach).
    At(DateTime<Utc>),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub code: &'static str,
    pub severity: Severity,
    pub record: RecordRef,
    pub message: String,
    pub due: Option<Due>,
    /// How many records it stands for: one, or the many a count sums up
    /// (`requests-running`), so "running" counts clocks, not lines.
    pub records: usize,
}

/// The moment findings are judged at: the date in the register's zone, and
/// the instant, for the breach clocks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Moment {
    pub today: NaiveDate,
    pub now: DateTime<Utc>,
}

/// Every code a finding can carry, with its severity and what it asks of the
/// DPO: the contract with scripts, and the table in docs/check.md.
pub const CATALOGUE: &[(&str, &str, &str)] = &[
    ("breach-clock", "error", "A breach likely to result in a risk is not notified yet and its 72 hours are running (Art. 33(1)): counted in hours, never extended."),
    ("breach-notify-overdue", "critical", "The 72 hours have passed and the authority has not been notified; notify now, with the reasons for the delay."),
    ("breach-controller-clock", "error", "A breach in processing done for a controller (linked to an Art. 30(2) record): the contract's hours to tell the controller are running (Art. 28(3)(f), 33(2))."),
    ("breach-controller-overdue", "critical", "The contract's hours to tell the controller of a breach as processor have passed and it is not told."),
    ("breach-controller-not-told", "error", "A breach as processor, and the controller is not told yet: tell it without undue delay (Art. 33(2); no hours are set by the GDPR or the contract)."),
    ("breach-late-without-reason", "error", "The first notification was sent after the 72 hours without the reasons for the delay (Art. 33(1))."),
    ("breach-subjects-not-told", "error", "A high-risk breach, and the data subjects are neither told (Art. 34(1)) nor covered by an Art. 34(3) exception."),
    ("breach-no-risk-reasoning", "warning", "Not notified as unlikely to result in a risk, without the reasoning Art. 33(5) asks to be documented."),
    ("request-overdue", "error", "An open data-subject request is past its answer date (Art. 12(3)); paused requests never are."),
    ("request-due-soon", "warning", "An open request is due within 7 days."),
    ("request-due", "info", "An open request's clock is running; due later. Summed into requests-running rather than listed one by one."),
    ("request-paused", "info", "The request's clock stands still while the data subject is asked for identity, a clarification or a fee."),
    ("request-promise-missed", "warning", "The organisation promises an answer sooner than the law (deadline_settings promised_days) and that day has passed: a transparency problem (Art. 5(1)(a)), not yet a breach of Art. 12(3), whose date the message gives."),
    ("request-promise-soon", "warning", "The promised answer date is within 7 days (the legal deadline is later)."),
    ("request-promise-due", "info", "The promised answer date's clock is running (shown instead of request-due while the promise is the earlier date). Summed into requests-running rather than listed one by one."),
    ("requests-overdue-more", "error", "The Dashboard only: open requests past their answer date beyond the most urgent it lists one by one, counted in one line (`dpo check` and the Requests screen list every one)."),
    ("requests-soon-more", "warning", "The Dashboard only: open requests due within 7 days (or with an extension to announce or a promise to keep) beyond the most urgent it lists, counted in one line."),
    ("requests-running", "info", "How many open requests have running clocks with nothing due within 7 days: one finding for all of them (the Requests screen lists them by due date), so the list shows what needs the DPO."),
    ("request-extension-notice", "warning", "The last day to tell the data subject of an extension, with reasons, is within 7 days (Art. 12(3))."),
    ("processor-no-dpa", "error", "An active processor has no signed Art. 28 agreement (sub-processors are covered through their parent)."),
    ("processor-to-identify", "warning", "A processor named by what it does, not yet by who it is (status to_identify): an open item until its name, country and agreement are known."),
    ("dpa-clauses-missing", "warning", "The current agreement lacks terms of the Art. 28(3)/(4) checklist."),
    ("dpa-document-changed", "warning", "The current agreement's document, a local file, is no longer the file that was fingerprinted when the agreement was saved (changed, moved or gone)."),
    ("dpa-review-overdue", "warning", "The current agreement's review date has passed."),
    ("dpa-review-due", "info", "The current agreement's review is due within 30 days."),
    ("transfer-missing", "error", "A processor or sub-processor outside the EEA has no transfer tool recorded (Chapter V)."),
    ("transfer-weak", "warning", "A recorded transfer is inconsistent: no adequacy decision in force, DPF without certification, SCCs without a transfer impact assessment, a derogation for a regular transfer…"),
    ("notice-objection-open", "info or warning", "A sub-processor change notice awaits a decision and its objection period is open (warning in its last 7 days)."),
    ("activity-incomplete", "warning", "A record of processing misses mandatory Art. 30(1) points."),
    ("activity-no-lawful-basis", "error", "A record of processing names no Art. 6(1) basis."),
    ("activity-joint-arrangement-missing", "error", "A joint controller is named without a reference to the Art. 26(1) arrangement that sets out the respective duties."),
    ("activity-art9-without-condition", "error", "Special-category data (Art. 9(1)) without an Art. 9(2) condition."),
    ("activity-art10-without-authorisation", "error", "Criminal-offence data (Art. 10) without the legal authorisation."),
    ("activity-dpia-missing", "error", "Two or more WP248 criteria apply and no DPIA is recorded (Art. 35)."),
    ("activity-consent-record", "warning", "Consent is the basis, but not how it is recorded and withdrawn (Art. 7(1), 7(3))."),
    ("activity-balancing-test", "warning", "Legitimate interests are the basis without a reference to the balancing test (Art. 6(1)(f)); a placeholder (\"TBD\", \"to be written\", \"kommer\") counts as none."),
    ("activity-finding", "warning", "Any other finding about a record of processing."),
    ("activity-review-due", "info or warning", "An approved record was last reviewed 12 or more months ago, or never (info in the 30 days before)."),
    ("organisation-jurisdiction-unset", "warning", "The register names no jurisdiction: request deadlines count weekends only, with no public holidays, and no supervisory authority is known. Set it first."),
    ("organisation-contact-missing", "warning", "The organisation record gives no e-mail or phone for the controller or its DPO (Art. 30(1)(a)); every record of processing lacks it."),
    ("organisation-representative-missing", "warning", "A controller established outside the EU/EEA names no Art. 27 representative; needed where Art. 3(2) applies (it offers goods or services to, or monitors, people in the Union)."),
    ("register-no-activities", "warning", "The organisation acts as a controller and the register holds no record of processing yet (Art. 30(1))."),
    ("register-no-processor-records", "warning", "The organisation acts as a processor and the register holds no Art. 30(2) record yet."),
    ("processor-record-incomplete", "warning", "An Art. 30(2) record (processing done for a controller) misses mandatory points."),
];

/// The table of codes in docs/check.md.
pub fn codes_markdown() -> String {
    let mut out = String::from("| Code | Severity | Level | Meaning |\n|---|---|---|---|\n");
    for (code, severity, meaning) in CATALOGUE {
        let level = super::urgency::Level::of(code).name();
        out.push_str(&format!(
            "| `{code}` | {severity} | {level} | {meaning} |\n"
        ));
    }
    out
}

/// A request this close to its date is a warning.
pub const SOON_DAYS: i64 = 7;
/// Records of processing are reviewed at least this often (an accountability
/// habit, Art. 5(2) and 24(1): "reviewed and updated where necessary").
pub const ACTIVITY_REVIEW_MONTHS: u32 = 12;

fn finding(
    code: &'static str,
    severity: Severity,
    record: &RecordRef,
    message: String,
    due: Option<Due>,
) -> Finding {
    Finding {
        code,
        severity,
        record: record.clone(),
        message,
        due,
        records: 1,
    }
}

fn days(n: i64) -> String {
    if n == 1 {
        "1 day".to_string()
    } else {
        format!("{n} days")
    }
}

/// The current agreement's document when it is not the file fingerprinted at
/// its save (`matches`: `Some(false)`; `None` for a web address or no fingerprint).
pub fn document_finding(
    record: &RecordRef,
    document: &str,
    matches: Option<bool>,
) -> Option<Finding> {
    (matches == Some(false)).then(|| {
        finding(
            "dpa-document-changed",
            Severity::Warning,
            record,
            format!(
                "the agreement's document {document} is not the file fingerprinted at its save (changed, moved or gone): check it is the signed version, then save the agreement again"
            ),
            None,
        )
    })
}

/// What the register as a whole lacks: the organisation's details, and the
/// records its role asks for (`activities` and `processor_records` counted).
pub fn organisation_findings(
    record: &RecordRef,
    organisation: &Organisation,
    activities: usize,
    processor_records: usize,
) -> Vec<Finding> {
    let warn = |code, message: &str| finding(code, Severity::Warning, record, message.into(), None);
    let mut out = Vec::new();
    if organisation.jurisdiction.is_none() {
        out.push(warn(
            "organisation-jurisdiction-unset",
            "set the jurisdiction first: until then deadlines count weekends only (Organisation, e)",
        ));
    }
    if !organisation.identifies_controller() {
        out.push(warn(
            "organisation-contact-missing",
            "give an e-mail or phone for the organisation or its DPO (Art. 30(1)(a))",
        ));
    }
    if organisation.lacks_representative() {
        out.push(warn(
            "organisation-representative-missing",
            "outside the EU/EEA: name the Art. 27 representative (where Art. 3(2) applies)",
        ));
    }
    let role = organisation.role;
    if role != OurRole::Processor && activities == 0 {
        out.push(warn(
            "register-no-activities",
            "no record of processing yet: add the activities the organisation carries out (Art. 30(1))",
        ));
    }
    if role != OurRole::Controller && processor_records == 0 {
        out.push(warn(
            "register-no-processor-records",
            "acting as processor, no Art. 30(2) record yet: add one per controller served",
        ));
    }
    out
}

/// The dates an open request is judged by, as they stand on the day judged.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RequestDates {
    /// The legal answer date (the extended one once extended).
    pub due: NaiveDate,
    /// The last day to announce an extension.
    pub notice_by: NaiveDate,
    /// The day the organisation promised to answer by, if it promises one.
    pub promised: Option<NaiveDate>,
}

/// An open request's clocks: its own promise first where it makes one that
/// falls before the legal date (Art. 5(1)(a)), else the legal date (Art. 12(3)).
pub fn request_findings(
    record: &RecordRef,
    request: &Request,
    dates: RequestDates,
    today: NaiveDate,
) -> Vec<Finding> {
    let RequestDates { due, notice_by, .. } = dates;
    if request.status.is_closed() {
        return Vec::new();
    }
    let mut out = Vec::new();
    if let Some(pause) = request.open_pause() {
        out.push(finding(
            "request-paused",
            Severity::Info,
            record,
            format!(
                "clock paused since {} waiting for the data subject; due {due} if answered today",
                pause.requested_on
            ),
            None,
        ));
        return out;
    }
    let left = (due - today).num_days();
    let when = Some(Due::Day(due));
    let promise = dates.promised.filter(|p| *p < due && left >= 0);
    out.push(if let Some(promised) = promise {
        promise_finding(record, promised, due, today)
    } else if left < 0 {
        finding(
            "request-overdue",
            Severity::Error,
            record,
            format!("answer was due {due}: {} late (Art. 12(3))", days(-left)),
            when,
        )
    } else if left <= SOON_DAYS {
        finding(
            "request-due-soon",
            Severity::Warning,
            record,
            format!("answer due {due}, in {}", days(left)),
            when,
        )
    } else {
        finding(
            "request-due",
            Severity::Info,
            record,
            format!("answer due {due}, in {}", days(left)),
            when,
        )
    });
    let extended = request.extension_notice_sent_on.is_some();
    let notice_left = (notice_by - today).num_days();
    if !extended && (0..=SOON_DAYS).contains(&notice_left) && notice_by < due {
        out.push(finding(
            "request-extension-notice",
            Severity::Warning,
            record,
            format!(
                "to extend, tell the data subject by {notice_by} (in {}), with the reasons (Art. 12(3))",
                days(notice_left)
            ),
            Some(Due::Day(notice_by)),
        ));
    }
    out
}

/// Whether a request's finding says only that its clock runs, nothing due
/// within `SOON_DAYS`: such findings are counted, not listed.
pub fn is_clock_running_only(finding: &Finding) -> bool {
    matches!(finding.code, "request-due" | "request-promise-due")
}

/// The open requests whose clocks run with nothing due within `SOON_DAYS`,
/// as one finding: a line per request would bury what needs the DPO, and a
/// register of a million requests is judged by what can be due.
pub fn running_requests_finding(count: usize) -> Option<Finding> {
    let message = match count {
        0 => return None,
        1 => format!(
            "1 open request is within its deadline, not due in the next {SOON_DAYS} days (the Requests screen lists it by due date)"
        ),
        n => format!(
            "{} open requests are within their deadlines, none due in the next {SOON_DAYS} days (the Requests screen lists them by due date)",
            super::text::thousands(n as u64)
        ),
    };
    Some(requests_counted(
        ("requests-running", Severity::Info),
        "due later",
        message,
        count,
    ))
}

/// The requests needing attention beyond the `listed` most urgent that a
/// list shows one by one, as one line each for the overdue and the soon due:
/// a Dashboard of thousands of overdue answers is read from the top, and
/// reading them all would keep it from showing anything for seconds.
pub fn more_requests_findings(listed: usize, overdue: usize, soon: usize) -> Vec<Finding> {
    let count = |n: usize| super::text::thousands(n as u64);
    let mut out = Vec::new();
    if overdue > 0 {
        let message = format!(
            "{} further overdue requests are not listed here (the {} most urgent are); the Requests screen, by due date, and dpo check list them all (Art. 12(3))",
            count(overdue),
            count(listed)
        );
        out.push(requests_counted(
            ("requests-overdue-more", Severity::Error),
            "overdue, not listed",
            message,
            overdue,
        ));
    }
    if soon > 0 {
        let message = format!(
            "{} further requests due in the next {SOON_DAYS} days, or with an extension to announce or a promise to keep, are not listed here; the Requests screen, by due date, and dpo check list them all",
            count(soon)
        );
        out.push(requests_counted(
            ("requests-soon-more", Severity::Warning),
            "due soon, not listed",
            message,
            soon,
        ));
    }
    out
}

/// A finding about `records` requests at once, not one of them.
fn requests_counted(
    (code, severity): (&'static str, Severity),
    label: &str,
    message: String,
    records: usize,
) -> Finding {
    let record = RecordRef {
        area: Area::Requests,
        id: RecordRef::WHOLE_AREA,
        label: label.to_string(),
    };
    Finding {
        records,
        ..finding(code, severity, &record, message, None)
    }
}

/// The clock of a promise made before the legal date: missed, it is a
/// transparency problem (Art. 5(1)(a)) while the legal month still runs.
fn promise_finding(
    record: &RecordRef,
    promised: NaiveDate,
    due: NaiveDate,
    today: NaiveDate,
) -> Finding {
    let left = (promised - today).num_days();
    let legal = match (due - today).num_days() {
        0 => format!("legal deadline {due}, today"),
        n => format!("legal deadline {due}, in {}", days(n)),
    };
    let (code, severity, message) = if left < 0 {
        (
            "request-promise-missed",
            Severity::Warning,
            format!(
                "the answer promised by {promised} is {} late: a transparency problem (Art. 5(1)(a)); {legal} (Art. 12(3))",
                days(-left)
            ),
        )
    } else if left <= SOON_DAYS {
        (
            "request-promise-soon",
            Severity::Warning,
            format!("answer promised by {promised}, in {} ({legal})", days(left)),
        )
    } else {
        (
            "request-promise-due",
            Severity::Info,
            format!("answer promised by {promised}, in {} ({legal})", days(left)),
        )
    };
    finding(code, severity, record, message, Some(Due::Day(promised)))
}

/// A breach in processing done for a controller: the processor's duty is to
/// tell the controller without undue delay (Art. 33(2)), by the contract's
/// hours where it sets them; the controller notifies the authority.
pub fn processor_breach_findings(
    record: &RecordRef,
    breach: &Breach,
    controller: &ControllerToTell,
    now: DateTime<Utc>,
) -> Vec<Finding> {
    if breach.controller_told_at.is_some() || breach.status == BreachStatus::Closed {
        return Vec::new();
    }
    let name = &controller.name;
    let finding_of = |code, severity, message| {
        vec![finding(
            code,
            severity,
            record,
            message,
            Some(Due::At(
                controller
                    .deadline(breach.aware_at)
                    .unwrap_or(breach.aware_at),
            )),
        )]
    };
    match controller.deadline(breach.aware_at) {
        Some(deadline) if now <= deadline => finding_of(
            "breach-controller-clock",
            Severity::Error,
            format!(
                "as processor, tell the controller {name}: {} (contract: within {} h; Art. 33(2))",
                remaining_text(deadline, now),
                controller.within_hours.unwrap_or_default()
            ),
        ),
        Some(deadline) => finding_of(
            "breach-controller-overdue",
            Severity::Critical,
            format!(
                "as processor, the controller {name} is not told, {}: tell it now (contract: within {} h; Art. 33(2))",
                remaining_text(deadline, now),
                controller.within_hours.unwrap_or_default()
            ),
        ),
        None => finding_of(
            "breach-controller-not-told",
            Severity::Error,
            format!(
                "as processor, tell the controller {name} without undue delay (Art. 33(2)); aware {} ago",
                remaining_text(breach.aware_at, now).trim_end_matches(" late")
            ),
        ),
    }
}

/// A breach's 72-hour clock and the duties its risk level brings.
pub fn breach_findings(
    record: &RecordRef,
    breach: &Breach,
    notifications: &[Notification],
    now: DateTime<Utc>,
) -> Vec<Finding> {
    if breach.as_processor() {
        return Vec::new(); // the controller's clock: `processor_breach_findings`
    }
    let mut out = Vec::new();
    let deadline = breach.deadline();
    let first = notifications.iter().min_by_key(|n| n.sent_at);
    match breach.risk_level {
        RiskLevel::NoRisk => {
            if breach.not_notified_reasoning.trim().is_empty() {
                out.push(finding(
                    "breach-no-risk-reasoning",
                    Severity::Warning,
                    record,
                    "not notified as unlikely to result in a risk: record why (Art. 33(5))".into(),
                    None,
                ));
            }
        }
        RiskLevel::Risk | RiskLevel::High => match first {
            // The same words and rounding as the breach screen's countdown.
            None if now <= deadline => {
                out.push(finding(
                    "breach-clock",
                    Severity::Error,
                    record,
                    format!(
                        "notify the supervisory authority: {} (Art. 33(1))",
                        remaining_text(deadline, now)
                    ),
                    Some(Due::At(deadline)),
                ));
            }
            None => {
                out.push(finding(
                    "breach-notify-overdue",
                    Severity::Critical,
                    record,
                    format!(
                        "not notified, {}: notify now, with the reasons for the delay (Art. 33(1))",
                        remaining_text(deadline, now)
                    ),
                    Some(Due::At(deadline)),
                ));
            }
            Some(n) if n.sent_at > deadline && n.delay_reason.trim().is_empty() => {
                out.push(finding(
                    "breach-late-without-reason",
                    Severity::Error,
                    record,
                    "notified after the 72 hours without the reasons for the delay (Art. 33(1))"
                        .into(),
                    None,
                ));
            }
            Some(_) => {}
        },
    }
    // As the decision panel has it: (a) and (b) release the duty; (c) only
    // changes it into a public communication.
    if breach.risk_level == RiskLevel::High && breach.subjects_told_at.is_none() {
        let message = match breach.art34_exception {
            Art34Exception::NotUsed => Some(
                "high risk: tell the data subjects without undue delay, or record an Art. 34(3) exception",
            ),
            Art34Exception::DisproportionateEffort => Some(
                "high risk, Art. 34(3)(c): make the public communication (or similar measure) and record when",
            ),
            Art34Exception::Unintelligible | Art34Exception::NoLongerLikely => None,
        };
        if let Some(message) = message {
            out.push(finding(
                "breach-subjects-not-told",
                Severity::Error,
                record,
                message.into(),
                None,
            ));
        }
    }
    out
}

/// What a processor (or other recipient) lacks: a signed agreement, clauses,
/// a review, a transfer tool for a country outside the EEA.
pub fn processor_findings(
    record: &RecordRef,
    fields: &ProcessorFields,
    current: Option<&Dpa>,
    transfers: &[Transfer],
    today: NaiveDate,
) -> Vec<Finding> {
    match fields.status {
        ProcessorStatus::Active => {}
        ProcessorStatus::Ended => return Vec::new(),
        ProcessorStatus::ToIdentify => {
            let known_as = if fields.service.trim().is_empty() {
                &fields.name
            } else {
                &fields.service
            };
            return vec![finding(
                "processor-to-identify",
                Severity::Warning,
                record,
                format!("known only as \"{known_as}\": find out who it is, then its country and agreement (Art. 28)"),
                None,
            )];
        }
    }
    let mut out = Vec::new();
    // A sub-processor's terms come through its parent's contract (Art. 28(4)).
    let needs_own_dpa = fields.role == RecipientRole::Processor && fields.parent_id.is_none();
    match current {
        Some(dpa) if dpa.status == DpaStatus::Signed => {
            let missing = dpa.missing_clauses();
            if !missing.is_empty() {
                out.push(finding(
                    "dpa-clauses-missing",
                    Severity::Warning,
                    record,
                    format!(
                        "the agreement lacks Art. 28(3)/(4) terms: {}",
                        missing.join(", ")
                    ),
                    None,
                ));
            }
            let review = match review_state(dpa.review_on, today) {
                ReviewState::Overdue { days_late } => Some((
                    "dpa-review-overdue",
                    Severity::Warning,
                    format!("agreement review {} late", days(days_late)),
                )),
                ReviewState::DueSoon { days_left } => Some((
                    "dpa-review-due",
                    Severity::Info,
                    format!("agreement review due in {}", days(days_left)),
                )),
                ReviewState::Ok { .. } | ReviewState::Unset => None,
            };
            if let Some((code, severity, message)) = review {
                out.push(finding(
                    code,
                    severity,
                    record,
                    message,
                    dpa.review_on.map(Due::Day),
                ));
            }
        }
        Some(dpa) if needs_own_dpa => out.push(finding(
            "processor-no-dpa",
            Severity::Error,
            record,
            format!(
                "no signed Art. 28 agreement (current one: {})",
                dpa.status.label().to_lowercase()
            ),
            None,
        )),
        None if needs_own_dpa => out.push(finding(
            "processor-no-dpa",
            Severity::Error,
            record,
            "no Art. 28 agreement recorded".into(),
            None,
        )),
        _ => {}
    }
    let country = fields.country.as_str();
    let processes = matches!(
        fields.role,
        RecipientRole::Processor | RecipientRole::SubProcessor
    );
    if processes && !country.is_empty() && !is_eea(country) && transfers.is_empty() {
        out.push(finding(
            "transfer-missing",
            Severity::Error,
            record,
            format!("in {country}, outside the EEA, and no transfer tool recorded (Chapter V)"),
            None,
        ));
    }
    for t in transfers {
        for warning in transfer_warnings(t, today) {
            out.push(finding(
                "transfer-weak",
                Severity::Warning,
                record,
                format!("transfer to {}: {warning}", t.country),
                None,
            ));
        }
    }
    out
}

/// A sub-processor change notice whose objection period is still open.
pub fn notice_findings(
    record: &RecordRef,
    sub_processor: &str,
    objection_deadline: NaiveDate,
    pending: bool,
    today: NaiveDate,
) -> Vec<Finding> {
    let left = (objection_deadline - today).num_days();
    if !pending || left < 0 {
        return Vec::new();
    }
    vec![finding(
        "notice-objection-open",
        if left <= SOON_DAYS {
            Severity::Warning
        } else {
            Severity::Info
        },
        record,
        format!(
            "object to the new sub-processor {sub_processor} by {objection_deadline} (in {}), or let it stand",
            days(left)
        ),
        Some(Due::Day(objection_deadline)),
    )]
}

/// A record of processing: the Art. 30 points it lacks, what its bases and
/// data call for, and its yearly review.
pub fn activity_findings(
    record: &RecordRef,
    activity: &Activity,
    context: &Context,
    today: NaiveDate,
) -> Vec<Finding> {
    if activity.status == ActivityStatus::Retired {
        return Vec::new();
    }
    let mut out = Vec::new();
    let missing = activity.missing_points(context);
    if !missing.is_empty() {
        let points: Vec<String> = missing
            .iter()
            .map(|g| format!("{} {}", g.point, g.message))
            .collect();
        out.push(finding(
            "activity-incomplete",
            Severity::Warning,
            record,
            format!("Art. 30(1) lacks: {}", points.join("; ")),
            None,
        ));
    }
    for gap in activity.findings() {
        let (code, severity) = match gap.point {
            "Art. 6(1)" => ("activity-no-lawful-basis", Severity::Error),
            "Art. 26(1)" => ("activity-joint-arrangement-missing", Severity::Error),
            "Art. 9(2)" => ("activity-art9-without-condition", Severity::Error),
            "Art. 10" => ("activity-art10-without-authorisation", Severity::Error),
            "Art. 35" => ("activity-dpia-missing", Severity::Error),
            "Art. 7(1)" => ("activity-consent-record", Severity::Warning),
            "Art. 6(1)(f)" => ("activity-balancing-test", Severity::Warning),
            _ => ("activity-finding", Severity::Warning),
        };
        out.push(finding(
            code,
            severity,
            record,
            format!("{}: {}", gap.point, gap.message),
            None,
        ));
    }
    if activity.status == ActivityStatus::Approved {
        let next = activity
            .last_reviewed
            .and_then(|d| d.checked_add_months(Months::new(ACTIVITY_REVIEW_MONTHS)));
        match next {
            None => out.push(finding(
                "activity-review-due",
                Severity::Warning,
                record,
                "never reviewed: record the date of a review".into(),
                None,
            )),
            Some(next) if next < today => out.push(finding(
                "activity-review-due",
                Severity::Warning,
                record,
                format!(
                    "review was due {next} ({ACTIVITY_REVIEW_MONTHS} months after the last one)"
                ),
                Some(Due::Day(next)),
            )),
            Some(next) if (next - today).num_days() <= 30 => out.push(finding(
                "activity-review-due",
                Severity::Info,
                record,
                format!("review due {next} ({ACTIVITY_REVIEW_MONTHS} months after the last one)"),
                Some(Due::Day(next)),
            )),
            Some(_) => {}
        }
    }
    out
}

/// An Art. 30(2) record: the points it lacks.
pub fn processor_record_findings(
    record: &RecordRef,
    r: &ProcessorRecord,
    sub_processor_countries: &[String],
) -> Vec<Finding> {
    let missing = r.missing_points_given(sub_processor_countries);
    if missing.is_empty() {
        return Vec::new();
    }
    let points: Vec<String> = missing
        .iter()
        .map(|g| format!("{} {}", g.point, g.message))
        .collect();
    vec![finding(
        "processor-record-incomplete",
        Severity::Warning,
        record,
        format!("Art. 30(2) lacks: {}", points.join("; ")),
        None,
    )]
}

impl Finding {
    /// When it runs out, as an instant: a day's clock at the end of that day
    /// in `zone` (the register's).
    pub fn due_instant(&self, zone: &chrono_tz::Tz) -> Option<DateTime<Utc>> {
        match self.due? {
            Due::At(at) => Some(at),
            Due::Day(day) => end_of_day(day, zone),
        }
    }

    /// Past its time at `moment`.
    pub fn overdue(&self, moment: Moment) -> bool {
        match self.due {
            Some(Due::At(at)) => at < moment.now,
            Some(Due::Day(day)) => day < moment.today,
            None => false,
        }
    }

    /// The time left, or for a finding without a date what it is: "act now"
    /// (an error), "to do" (a warning).
    pub fn when(&self, moment: Moment) -> String {
        match (self.due, self.severity) {
            (Some(_), _) => self.time_left(moment),
            (None, Severity::Error | Severity::Critical) => "act now".to_string(),
            (None, Severity::Warning) => "to do".to_string(),
            (None, Severity::Info) => String::new(),
        }
    }

    /// "52 h left", "3 h late", "in 4 days", "2 days late", "today".
    pub fn time_left(&self, moment: Moment) -> String {
        match self.due {
            None => String::new(),
            Some(Due::At(at)) => remaining_text(at, moment.now),
            Some(Due::Day(day)) => {
                let left = (day - moment.today).num_days();
                match left {
                    0 => "today".to_string(),
                    1.. => format!("in {}", days(left)),
                    _ => format!("{} late", days(-left)),
                }
            }
        }
    }
}

/// The last second of `day` in `zone`, as UTC.
pub fn end_of_day(day: NaiveDate, zone: &chrono_tz::Tz) -> Option<DateTime<Utc>> {
    use chrono::TimeZone;
    let next = day.succ_opt()?.and_hms_opt(0, 0, 0)?;
    zone.from_local_datetime(&next)
        .earliest()
        .map(|t| t.with_timezone(&Utc) - chrono::Duration::seconds(1))
}

#[cfg(test)]
mod tests;
