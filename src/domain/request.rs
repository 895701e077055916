//! Data-subject requests (GDPR Art. 12–22 and 7(3)): what a request is, the
//! steps of its workflow, and its deadlines under the register's settings.
//! Pure: today's date is always a parameter.

use chrono::{Datelike, NaiveDate};

use super::deadline::{
    compute_deadlines, DeadlineError, DeadlineQuestion, Deadlines, ExtensionFormula, Pause,
    FIRST_YEAR, LAST_YEAR,
};
use super::jurisdiction::{code_of, Jurisdiction};
use super::validation::FieldErrors;

crate::code_enum!(
    /// The right the data subject exercises.
    Right {
        Access => ("art15_access", "Access (Art. 15)"),
        Rectification => ("art16_rectification", "Rectification (Art. 16)"),
        Erasure => ("art17_erasure", "Erasure (Art. 17)"),
        Restriction => ("art18_restriction", "Restriction (Art. 18)"),
        Notification => ("art19_notification", "Notify recipients (Art. 19)"),
        Portability => ("art20_portability", "Portability (Art. 20)"),
        Objection => ("art21_objection", "Objection (Art. 21)"),
        AutomatedDecision => ("art22_automated", "Automated decision (Art. 22)"),
        WithdrawConsent => ("art7_3_withdraw_consent", "Withdraw consent (Art. 7(3))"),
    }
);

crate::code_enum!(
    /// Where the request arrived; every channel the controller offers starts the clock.
    Channel unknown Other {
        Email => ("email", "E-mail"),
        WebForm => ("web_form", "Web form"),
        Post => ("post", "Post"),
        Phone => ("phone", "Phone"),
        InPerson => ("in_person", "In person"),
        Other => ("other", "Other"),
    }
);

crate::code_enum!(
    IdentityCheck {
        NotNeeded => ("not_needed", "Not needed"),
        Requested => ("requested", "Requested"),
        Verified => ("verified", "Verified"),
        Failed => ("failed", "Failed"),
    }
);

crate::code_enum!(
    /// Why the clock stands still (gdpr-rules §1.4).
    PauseKind unknown Clarification {
        Identity => ("identity", "Identity"),
        Clarification => ("clarification", "Clarification"),
        Fee => ("fee", "Fee"),
    }
);

crate::code_enum!(
    RequestStatus {
        Received => ("received", "Received"),
        Verifying => ("verifying", "Verifying identity"),
        InProgress => ("in_progress", "In progress"),
        AwaitingDataSubject => ("awaiting_data_subject", "Awaiting data subject"),
        Extended => ("extended", "Extended"),
        Answered => ("answered", "Answered"),
        Refused => ("refused", "Refused"),
        Withdrawn => ("withdrawn", "Withdrawn"),
    }
);

crate::code_enum!(
    /// How a wait for identity affects the clock: EDPB suspension, or UK Art. 12A restart.
    IdModel {
        Pause => ("pause", "Pause (EDPB suspension)"),
        Restart => ("restart", "Restart (UK Art. 12A)"),
    }
);

impl RequestStatus {
    pub fn is_closed(self) -> bool {
        matches!(
            self,
            RequestStatus::Answered | RequestStatus::Refused | RequestStatus::Withdrawn
        )
    }
}

/// The register's deadline settings (gdpr-rules §1.7: the unsettled points).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct DeadlineSettings {
    /// Not set: deadlines then count weekends only, with a warning.
    pub jurisdiction: Option<Jurisdiction>,
    pub swedish_eves: bool,
    pub strict_extension: bool,
    pub id_model: IdModel,
    pub closure_days: Vec<NaiveDate>,
    /// "We answer within N days", where the organisation promises it.
    pub promised_days: Option<u32>,
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct RequestPause {
    pub kind: PauseKind,
    pub requested_on: NaiveDate,
    /// `None` while the controller is still waiting.
    pub answered_on: Option<NaiveDate>,
}

/// A request's content and workflow state, without its identity.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Request {
    /// The register's own reference, e.g. DSR-2026-0007.
    pub reference: String,
    /// A pseudonymous reference to the data subject (customer number, ticket):
    /// the register keeps as little personal data as it can.
    pub subject_ref: String,
    pub right: Right,
    /// The local date in the register's zone on which the request arrived.
    pub received_on: NaiveDate,
    /// The arrival time as the user gave it (RFC 3339 with offset), if known.
    pub received_at: String,
    pub channel: Channel,
    pub representative: bool,
    pub identity: IdentityCheck,
    pub identity_requested_on: Option<NaiveDate>,
    pub identity_verified_on: Option<NaiveDate>,
    pub status: RequestStatus,
    pub extension_reason: String,
    pub extension_notice_sent_on: Option<NaiveDate>,
    pub closed_on: Option<NaiveDate>,
    pub refusal_reason: String,
    /// Art. 12(4): told of the right to complain to an authority and to a judicial remedy.
    pub informed_of_remedies: bool,
    pub notes: String,
    pub pauses: Vec<RequestPause>,
}

/// A step of the workflow; each is one key in the workbench.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Step {
    StartWork {
        on: NaiveDate,
    },
    IdentityRequested {
        on: NaiveDate,
    },
    IdentityVerified {
        on: NaiveDate,
    },
    IdentityFailed {
        on: NaiveDate,
    },
    Pause {
        kind: PauseKind,
        on: NaiveDate,
    },
    Resume {
        on: NaiveDate,
    },
    Extend {
        reason: String,
        notice_sent_on: NaiveDate,
    },
    Answer {
        on: NaiveDate,
    },
    Refuse {
        on: NaiveDate,
        reason: String,
        informed_of_remedies: bool,
    },
    Withdraw {
        on: NaiveDate,
    },
}

impl Step {
    /// The event-log entry for this step.
    pub fn describe(&self) -> String {
        match self {
            Step::StartWork { on } => format!("work started {on}"),
            Step::IdentityRequested { on } => format!("identity information requested {on}"),
            Step::IdentityVerified { on } => format!("identity verified {on}"),
            Step::IdentityFailed { on } => {
                format!("identity could not be verified {on}; the controller may refuse to act (Art. 11(2), 12(2))")
            }
            Step::Pause { kind, on } => format!(
                "clock paused {on}: waiting for {}",
                kind.label().to_lowercase()
            ),
            Step::Resume { on } => format!("answer received {on}: clock running again"),
            Step::Extend {
                reason,
                notice_sent_on,
            } => {
                format!("extended by two months; data subject told {notice_sent_on}: {reason}")
            }
            Step::Answer { on } => format!("answered {on}"),
            Step::Refuse { on, reason, .. } => {
                format!("refused {on}: {reason}; told of the right to complain and to a judicial remedy")
            }
            Step::Withdraw { on } => format!("withdrawn by the data subject {on}"),
        }
    }

    fn date(&self) -> NaiveDate {
        match self {
            Step::StartWork { on }
            | Step::IdentityRequested { on }
            | Step::IdentityVerified { on }
            | Step::IdentityFailed { on }
            | Step::Pause { on, .. }
            | Step::Resume { on }
            | Step::Answer { on }
            | Step::Refuse { on, .. }
            | Step::Withdraw { on } => *on,
            Step::Extend { notice_sent_on, .. } => *notice_sent_on,
        }
    }
}

/// Why a typed calendar date is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DateError {
    /// Not YYYY-MM-DD, or no such day ("2026-02-30").
    #[error("'{0}' is not a calendar date (YYYY-MM-DD)")]
    NotADate(String),
    /// Typed into a form, of none of the forms a date may be typed in.
    #[error("'{0}' is not a date: write 2026-12-06, 6.12.2026, 6.12, today, -3d, +2w, +1m or +1y")]
    NotATypedDate(String),
    /// A real date outside the years the holiday tables and deadlines cover.
    #[error("'{0}' is outside the years {first}-{last}", first = FIRST_YEAR, last = LAST_YEAR)]
    OutOfRange(String),
}

/// `YYYY-MM-DD` exactly, or `None` for anything else: read by hand, as a
/// register stores dates and an import reads several per row (chrono's
/// general format parser was a tenth of an export's time at a million
/// requests).
pub fn read_iso_date(text: &[u8]) -> Option<NaiveDate> {
    if text.len() != 10 || text[4] != b'-' || text[7] != b'-' {
        return None;
    }
    let number = |digits: &[u8]| {
        digits.iter().try_fold(0u32, |n, &d| {
            d.is_ascii_digit().then(|| n * 10 + u32::from(d - b'0'))
        })
    };
    let year = i32::try_from(number(&text[0..4])?).ok()?;
    NaiveDate::from_ymd_opt(year, number(&text[5..7])?, number(&text[8..10])?)
}

/// A calendar date written YYYY-MM-DD, with a four-digit year in a sane range
/// ("26-01-01" would otherwise be the year 26).
pub fn parse_iso_date(value: &str) -> Result<NaiveDate, DateError> {
    let value = value.trim();
    match read_iso_date(value.as_bytes()) {
        Some(d) if (FIRST_YEAR..=LAST_YEAR).contains(&d.year()) => Ok(d),
        Some(_) => Err(DateError::OutOfRange(value.to_string())),
        None => Err(DateError::NotADate(value.to_string())),
    }
}

/// Parses a date field ("YYYY-MM-DD") or records why it cannot.
pub fn parse_date_field(
    errors: &mut FieldErrors,
    field: &'static str,
    value: &str,
    today: NaiveDate,
) -> Option<NaiveDate> {
    let value = value.trim();
    if value.is_empty() {
        errors.push(field, "required (YYYY-MM-DD)");
        return None;
    }
    let parsed = super::typed_date::parse_typed_date(value, today);
    if let Err(error) = &parsed {
        errors.push(field, error);
    }
    parsed.ok()
}

/// Why a request's receipt date is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ReceivedOnError {
    #[error("required: a date as YYYY-MM-DD")]
    Missing,
    #[error(transparent)]
    Date(#[from] DateError),
    /// A request cannot have arrived after today.
    #[error("{day} is in the future (today is {today})")]
    InTheFuture { day: NaiveDate, today: NaiveDate },
}

/// A receipt date: a calendar date, not after `today`; `typed` on a form,
/// where `yesterday` and `6.12` are read too.
pub fn read_received_on(
    text: &str,
    today: NaiveDate,
    typed: bool,
) -> Result<NaiveDate, ReceivedOnError> {
    let read = |day| match typed {
        true => super::typed_date::parse_typed_date(day, today),
        false => parse_iso_date(day),
    };
    match text.trim() {
        "" => Err(ReceivedOnError::Missing),
        day => match read(day)? {
            day if day > today => Err(ReceivedOnError::InTheFuture { day, today }),
            day => Ok(day),
        },
    }
}

/// Why a request's receipt time is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ReceivedAtError {
    #[error("must be a single line")]
    MultiLine,
    #[error("'{0}' is not an RFC 3339 time (2026-03-02T14:05:00+01:00)")]
    NotRfc3339(String),
}

/// A receipt time as given (RFC 3339 with its offset), or none.
pub fn read_received_at(text: &str) -> Result<String, ReceivedAtError> {
    let text = text.trim();
    if text.contains(['\n', '\r']) {
        return Err(ReceivedAtError::MultiLine);
    }
    if !text.is_empty() && chrono::DateTime::parse_from_rfc3339(text).is_err() {
        return Err(ReceivedAtError::NotRfc3339(text.to_string()));
    }
    Ok(text.to_string())
}

/// The rules across a request's fields: its receipt time falls on its
/// receipt date in the register's zone; its workflow dates lie between the
/// receipt and `today`; a closed request has its closing date and an open
/// one none; an extension is announced on a day with its reasons (Art.
/// 12(3)); a refusal says why (Art. 12(4)).
pub fn check_request(
    r: &Request,
    today: NaiveDate,
    zone: &chrono_tz::Tz,
    errors: &mut FieldErrors,
) {
    let received = (errors.get("received_on").is_none()).then_some(r.received_on);
    if let (Ok(at), Some(day)) = (
        chrono::DateTime::parse_from_rfc3339(&r.received_at),
        received,
    ) {
        let local = at.with_timezone(zone).date_naive();
        if local != day {
            errors.push(
                "received_at",
                format!("this time falls on {local} in {zone}, not on the receipt date"),
            );
        }
    }
    if let Some(received) = received {
        check_workflow_dates(r, received, today, errors);
    }
    check_workflow_state(r, errors);
}

/// Each workflow date lies on or after the receipt and not after today.
fn check_workflow_dates(
    r: &Request,
    received: NaiveDate,
    today: NaiveDate,
    errors: &mut FieldErrors,
) {
    for (column, day) in [
        ("identity_requested_on", r.identity_requested_on),
        ("identity_verified_on", r.identity_verified_on),
        ("extension_notice_sent_on", r.extension_notice_sent_on),
        ("closed_on", r.closed_on),
    ] {
        match day {
            Some(d) if d < received => errors.push(
                column,
                format!("{d} is before the request was received ({received})"),
            ),
            Some(d) if d > today => errors.push(column, format!("{d} is in the future")),
            _ => {}
        }
    }
}

/// A status agrees with the dates and reasons recorded for it.
fn check_workflow_state(r: &Request, errors: &mut FieldErrors) {
    if errors.get("status").is_some() {
        return;
    }
    let status = r.status;
    match (status.is_closed(), r.closed_on) {
        (true, None) => errors.push(
            "closed_on",
            format!("required: the request is {}", status.code()),
        ),
        (false, Some(_)) => errors.push(
            "closed_on",
            format!("must be empty: the request is still {}", status.code()),
        ),
        _ => {}
    }
    let announced = r.extension_notice_sent_on.is_some();
    if status == RequestStatus::Extended && !announced {
        errors.push(
            "extension_notice_sent_on",
            "required: the request is extended (the day the data subject was told, Art. 12(3))",
        );
    }
    if announced && r.extension_reason.is_empty() {
        errors.push(
            "extension_reason",
            "required once an extension was announced (Art. 12(3): complexity and number of requests)",
        );
    }
    if status != RequestStatus::Extended && !announced && !r.extension_reason.is_empty() {
        errors.push(
            "extension_notice_sent_on",
            "required with an extension reason: the day the data subject was told",
        );
    }
    if status == RequestStatus::Refused && r.refusal_reason.is_empty() {
        errors.push(
            "refusal_reason",
            "required for a refused request (Art. 12(4))",
        );
    }
}

/// A pause ends, if it has, on or after the day it began.
pub fn check_pause(p: &RequestPause, errors: &mut FieldErrors) {
    if let Some(answered) = p.answered_on {
        if errors.get("requested_on").is_none() && answered < p.requested_on {
            errors.push(
                "answered_on",
                format!("{answered} is before the pause began ({})", p.requested_on),
            );
        }
    }
}

/// The fields a user types; the workflow fields change only through steps.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RequestBasics {
    pub reference: String,
    pub subject_ref: String,
    pub right: Right,
    pub received_on: NaiveDate,
    pub received_at: String,
    pub channel: Channel,
    pub representative: bool,
    pub notes: String,
}

impl From<&Request> for RequestBasics {
    /// The fields of `request` a user types.
    fn from(r: &Request) -> Self {
        RequestBasics {
            reference: r.reference.clone(),
            subject_ref: r.subject_ref.clone(),
            right: r.right,
            received_on: r.received_on,
            received_at: r.received_at.clone(),
            channel: r.channel,
            representative: r.representative,
            notes: r.notes.clone(),
        }
    }
}

impl RequestBasics {
    /// A new request in its first state.
    pub fn into_new_request(self) -> Request {
        Request {
            reference: self.reference,
            subject_ref: self.subject_ref,
            right: self.right,
            received_on: self.received_on,
            received_at: self.received_at,
            channel: self.channel,
            representative: self.representative,
            identity: IdentityCheck::NotNeeded,
            identity_requested_on: None,
            identity_verified_on: None,
            status: RequestStatus::Received,
            extension_reason: String::new(),
            extension_notice_sent_on: None,
            closed_on: None,
            refusal_reason: String::new(),
            informed_of_remedies: false,
            notes: self.notes,
            pauses: Vec::new(),
        }
    }

    /// Applies edited basics to an existing request, keeping its workflow.
    pub fn apply_to(self, request: &Request) -> Request {
        Request {
            reference: if self.reference.is_empty() {
                request.reference.clone()
            } else {
                self.reference
            },
            subject_ref: self.subject_ref,
            right: self.right,
            received_on: self.received_on,
            received_at: self.received_at,
            channel: self.channel,
            representative: self.representative,
            notes: self.notes,
            ..request.clone()
        }
    }
}

/// What the filter searches: the words a DPO remembers a request by.
pub fn search_text(r: &Request) -> String {
    [
        r.reference.as_str(),
        &r.subject_ref,
        r.right.label(),
        r.right.code(),
        r.channel.label(),
        r.status.label(),
        &r.notes,
        &r.extension_reason,
        &r.refusal_reason,
    ]
    .join("\n")
    .to_lowercase()
}

/// Why a workflow step cannot be taken; each message says what stands in the way.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum StepError {
    #[error("the request is already {}", .0.label().to_lowercase())]
    Closed(RequestStatus),
    #[error("{on} is before the request was received ({received})")]
    BeforeReceipt { on: NaiveDate, received: NaiveDate },
    #[error("{on} is in the future (today is {today})")]
    InTheFuture { on: NaiveDate, today: NaiveDate },
    #[error("work is already under way (status: {})", .0.label().to_lowercase())]
    AlreadyStarted(RequestStatus),
    #[error("the clock is already paused; record the answer first")]
    PausedBeforeIdentityRequest,
    #[error("the deadline ({due}) has passed: asking for identity now cannot stop the clock")]
    IdentityRequestTooLate { due: NaiveDate },
    #[error("identity information has not been requested")]
    IdentityNotRequested,
    #[error("the clock is already paused")]
    AlreadyPaused,
    #[error("use the identity step to ask for identity information")]
    IdentityPauseOutsideIdentityStep,
    #[error("the deadline ({due}) has passed: a pause can no longer stop the clock")]
    PauseTooLate { due: NaiveDate },
    #[error("the clock is not paused")]
    NotPaused,
    #[error("record the identity check as verified or failed")]
    IdentityPauseResumed,
    #[error("{on} is before the pause began ({began})")]
    PauseEndsBeforeItBegan { on: NaiveDate, began: NaiveDate },
    #[error("the request has already been extended")]
    AlreadyExtended,
    #[error("an extension needs its reason (Art. 12(3): complexity and number of requests)")]
    ExtensionWithoutReason,
    /// The data subject must be told of an extension within the first month.
    #[error("too late to extend: the data subject had to be told by {notice_by} (Art. 12(3))")]
    ExtensionTooLate { notice_by: NaiveDate },
    #[error("a refusal needs its reason (Art. 12(4))")]
    RefusalWithoutReason,
    #[error(
        "Art. 12(4): tell the data subject they may complain to a supervisory authority and seek a judicial remedy"
    )]
    RemediesNotTold,
    /// The request's deadlines cannot be computed under the register's settings.
    #[error(transparent)]
    Deadline(#[from] DeadlineError),
}

impl Request {
    pub fn open_pause(&self) -> Option<&RequestPause> {
        self.pauses.iter().find(|p| p.answered_on.is_none())
    }

    /// The deadline question this request poses under `settings`. An open pause
    /// counts up to `until` (inclusive), or not at all when `until` is `None`.
    pub fn deadline_question(
        &self,
        settings: &DeadlineSettings,
        until: Option<NaiveDate>,
    ) -> DeadlineQuestion {
        let restart = settings.id_model == IdModel::Restart;
        let pauses = self
            .pauses
            .iter()
            .filter(|p| !(restart && p.kind == PauseKind::Identity))
            .filter_map(|p| match (p.answered_on, until) {
                (Some(to), _) => Some(Pause {
                    from: p.requested_on,
                    to,
                }),
                (None, Some(until)) if until >= p.requested_on => Some(Pause {
                    from: p.requested_on,
                    to: until,
                }),
                (None, _) => None,
            })
            .collect();
        DeadlineQuestion {
            received: self.received_on,
            jurisdiction: code_of(settings.jurisdiction).to_string(),
            weekends_only: settings.jurisdiction.is_none(),
            swedish_eves: settings.swedish_eves && code_of(settings.jurisdiction) == "SE",
            closure_days: settings.closure_days.clone(),
            pauses,
            // Only identity that arrived restarts the month; a failed check does not.
            restart_on: if restart && self.identity == IdentityCheck::Verified {
                self.identity_verified_on.filter(|d| *d >= self.received_on)
            } else {
                None
            },
            extension: if settings.strict_extension {
                ExtensionFormula::TwoMonthsAfterFirstMonth
            } else {
                ExtensionFormula::StartPlusThreeMonths
            },
            promised_days: settings.promised_days,
        }
    }

    /// The deadlines as they stand on `today`: an open pause counts through today,
    /// or through the day the request was closed.
    pub fn deadlines(
        &self,
        settings: &DeadlineSettings,
        today: NaiveDate,
    ) -> Result<Deadlines, DeadlineError> {
        compute_deadlines(&self.deadline_question(settings, Some(self.closed_on.unwrap_or(today))))
    }

    /// How many days after its deadline a closed request was answered or refused
    /// (a refusal's limit is the one-month date, Art. 12(4)); `None` when in time.
    pub fn days_late(&self, deadlines: &Deadlines) -> Option<i64> {
        let closed = self.closed_on?;
        let limit = match self.status {
            RequestStatus::Answered => self.due(deadlines),
            RequestStatus::Refused => deadlines.one_month_deadline,
            _ => return None,
        };
        let late = (closed - limit).num_days();
        (late > 0).then_some(late)
    }
    /// The date by which the request must be answered: the extended deadline once extended.
    pub fn due(&self, deadlines: &Deadlines) -> NaiveDate {
        if self.extension_notice_sent_on.is_some() {
            deadlines.extended_deadline
        } else {
            deadlines.one_month_deadline
        }
    }

    /// Applies one step of the workflow, or says why it cannot be taken.
    pub fn apply(
        &self,
        step: &Step,
        settings: &DeadlineSettings,
        today: NaiveDate,
    ) -> Result<Request, StepError> {
        self.check_step_date(step.date(), today)?;
        let mut next = self.clone();
        match step {
            Step::StartWork { .. } => next.start_work()?,
            Step::IdentityRequested { on } => next.ask_identity(*on, settings, today)?,
            Step::IdentityVerified { on } => next.record_identity(IdentityCheck::Verified, *on)?,
            Step::IdentityFailed { on } => next.record_identity(IdentityCheck::Failed, *on)?,
            Step::Pause { kind, on } => next.pause(*kind, *on, settings, today)?,
            Step::Resume { on } => next.resume(*on)?,
            Step::Extend {
                reason,
                notice_sent_on,
            } => next.extend(reason, *notice_sent_on, settings, today)?,
            Step::Answer { on } => next.close(RequestStatus::Answered, *on),
            Step::Refuse {
                on,
                reason,
                informed_of_remedies,
            } => next.refuse(*on, reason, *informed_of_remedies)?,
            Step::Withdraw { on } => next.close(RequestStatus::Withdrawn, *on),
        }
        Ok(next)
    }

    /// What every step needs: an open request and a date between its receipt and today.
    fn check_step_date(&self, on: NaiveDate, today: NaiveDate) -> Result<(), StepError> {
        if self.status.is_closed() {
            return Err(StepError::Closed(self.status));
        }
        if on < self.received_on {
            return Err(StepError::BeforeReceipt {
                on,
                received: self.received_on,
            });
        }
        if on > today {
            return Err(StepError::InTheFuture { on, today });
        }
        Ok(())
    }

    fn start_work(&mut self) -> Result<(), StepError> {
        if self.status != RequestStatus::Received {
            return Err(StepError::AlreadyStarted(self.status));
        }
        self.status = RequestStatus::InProgress;
        Ok(())
    }

    /// Asking who the data subject is stops the clock, while it still runs.
    fn ask_identity(
        &mut self,
        on: NaiveDate,
        settings: &DeadlineSettings,
        today: NaiveDate,
    ) -> Result<(), StepError> {
        if self.open_pause().is_some() {
            return Err(StepError::PausedBeforeIdentityRequest);
        }
        let due = self.due(&self.deadlines(settings, today)?);
        if on > due {
            return Err(StepError::IdentityRequestTooLate { due });
        }
        self.identity = IdentityCheck::Requested;
        self.identity_requested_on = Some(on);
        self.status = RequestStatus::Verifying;
        self.pauses.push(RequestPause {
            kind: PauseKind::Identity,
            requested_on: on,
            answered_on: None,
        });
        Ok(())
    }

    /// The answer to an identity request, `Verified` or `Failed`: the clock runs again.
    fn record_identity(&mut self, outcome: IdentityCheck, on: NaiveDate) -> Result<(), StepError> {
        if self.identity != IdentityCheck::Requested {
            return Err(StepError::IdentityNotRequested);
        }
        self.identity = outcome;
        self.identity_verified_on = Some(on);
        close_pause(self, PauseKind::Identity, on)?;
        self.status = RequestStatus::InProgress;
        Ok(())
    }

    /// A wait for a clarification or a fee, while the clock still runs.
    fn pause(
        &mut self,
        kind: PauseKind,
        on: NaiveDate,
        settings: &DeadlineSettings,
        today: NaiveDate,
    ) -> Result<(), StepError> {
        if self.open_pause().is_some() {
            return Err(StepError::AlreadyPaused);
        }
        if kind == PauseKind::Identity {
            return Err(StepError::IdentityPauseOutsideIdentityStep);
        }
        let due = self.due(&self.deadlines(settings, today)?);
        if on > due {
            return Err(StepError::PauseTooLate { due });
        }
        self.pauses.push(RequestPause {
            kind,
            requested_on: on,
            answered_on: None,
        });
        self.status = RequestStatus::AwaitingDataSubject;
        Ok(())
    }

    /// The answer to a clarification or fee pause.
    fn resume(&mut self, on: NaiveDate) -> Result<(), StepError> {
        let kind = match self.open_pause() {
            None => return Err(StepError::NotPaused),
            Some(open) if open.kind == PauseKind::Identity => {
                return Err(StepError::IdentityPauseResumed)
            }
            Some(open) => open.kind,
        };
        close_pause(self, kind, on)?;
        self.status = if self.extension_notice_sent_on.is_some() {
            RequestStatus::Extended
        } else {
            RequestStatus::InProgress
        };
        Ok(())
    }

    /// Art. 12(3): two more months, with reasons, announced within the first month.
    fn extend(
        &mut self,
        reason: &str,
        notice_sent_on: NaiveDate,
        settings: &DeadlineSettings,
        today: NaiveDate,
    ) -> Result<(), StepError> {
        if self.extension_notice_sent_on.is_some() {
            return Err(StepError::AlreadyExtended);
        }
        if reason.trim().is_empty() {
            return Err(StepError::ExtensionWithoutReason);
        }
        let notice_by = self.deadlines(settings, today)?.one_month_deadline;
        if notice_sent_on > notice_by {
            return Err(StepError::ExtensionTooLate { notice_by });
        }
        self.extension_reason = reason.trim().to_string();
        self.extension_notice_sent_on = Some(notice_sent_on);
        if self.open_pause().is_none() {
            self.status = RequestStatus::Extended;
        }
        Ok(())
    }

    /// Art. 12(4): a refusal gives its reasons and the remedies.
    fn refuse(
        &mut self,
        on: NaiveDate,
        reason: &str,
        informed_of_remedies: bool,
    ) -> Result<(), StepError> {
        if reason.trim().is_empty() {
            return Err(StepError::RefusalWithoutReason);
        }
        if !informed_of_remedies {
            return Err(StepError::RemediesNotTold);
        }
        self.close(RequestStatus::Refused, on);
        self.refusal_reason = reason.trim().to_string();
        self.informed_of_remedies = true;
        Ok(())
    }

    /// Ends the request in `status` on `on`; an open pause stays unanswered.
    fn close(&mut self, status: RequestStatus, on: NaiveDate) {
        self.status = status;
        self.closed_on = Some(on);
    }
}

/// Answers the open pause of `kind`, if there is one.
fn close_pause(request: &mut Request, kind: PauseKind, on: NaiveDate) -> Result<(), StepError> {
    let Some(pause) = request
        .pauses
        .iter_mut()
        .find(|p| p.answered_on.is_none() && p.kind == kind)
    else {
        return Ok(());
    };
    if on < pause.requested_on {
        return Err(StepError::PauseEndsBeforeItBegan {
            on,
            began: pause.requested_on,
        });
    }
    pause.answered_on = Some(on);
    Ok(())
}

/// Reads closure days typed as dates separated by spaces or commas.
/// `typed` (today's date) on a form, where `24.12` is read too.
pub fn parse_closure_days(
    text: &str,
    typed: Option<NaiveDate>,
) -> Result<Vec<NaiveDate>, DateError> {
    let mut days = Vec::new();
    for word in text
        .split([' ', ',', ';', '\n'])
        .filter(|w| !w.trim().is_empty())
    {
        days.push(match typed {
            Some(today) => super::typed_date::parse_typed_date(word.trim(), today)?,
            None => parse_iso_date(word.trim())?,
        });
    }
    days.sort();
    days.dedup();
    Ok(days)
}

/// How close a deadline is, for colouring the list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Urgency {
    Overdue,
    DueThisWeek,
    Later,
    Paused,
    Closed,
}

pub fn urgency(request: &Request, due: NaiveDate, today: NaiveDate) -> Urgency {
    if request.status.is_closed() {
        Urgency::Closed
    } else if request.open_pause().is_some() {
        Urgency::Paused
    } else if due < today {
        Urgency::Overdue
    } else if (due - today).num_days() <= 7 {
        Urgency::DueThisWeek
    } else {
        Urgency::Later
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::testing::day as d;

    fn settings(jurisdiction: &str, id_model: IdModel) -> DeadlineSettings {
        DeadlineSettings {
            jurisdiction: Jurisdiction::parse_optional(jurisdiction).unwrap(),
            swedish_eves: false,
            strict_extension: false,
            id_model,
            closure_days: vec![],
            promised_days: None,
        }
    }

    /// The steps that take only a day, by name: `answer(day)`.
    macro_rules! steps_on_a_day {
        ($($name:ident => $variant:ident),*) => {
            $(fn $name(on: NaiveDate) -> Step { Step::$variant { on } })*
        };
    }
    steps_on_a_day!(
        ask_identity => IdentityRequested, identity_verified => IdentityVerified,
        identity_failed => IdentityFailed, resume => Resume, answer => Answer,
        withdraw => Withdraw, start_work => StartWork
    );

    fn request(received: &str) -> Request {
        RequestBasics {
            reference: "DSR-2026-0001".into(),
            subject_ref: "customer 4411".into(),
            right: Right::Access,
            received_on: d(received),
            received_at: String::new(),
            channel: Channel::Email,
            representative: false,
            notes: String::new(),
        }
        .into_new_request()
    }

    #[test]
    fn identity_wait_is_a_pause_under_the_edpb_model() {
        // gdpr-rules case 44: ID asked 3 Mar, received 20 Mar → Mon 20 Apr 2026.
        let s = settings("NO", IdModel::Pause);
        let today = d("2026-04-01");
        let r = request("2026-03-02");
        let r = r.apply(&ask_identity(d("2026-03-03")), &s, today).unwrap();
        assert_eq!(r.status, RequestStatus::Verifying);
        let r = r
            .apply(&identity_verified(d("2026-03-20")), &s, today)
            .unwrap();
        assert_eq!(r.status, RequestStatus::InProgress);
        assert_eq!(
            r.deadlines(&s, today).unwrap().one_month_deadline,
            d("2026-04-20")
        );
    }

    #[test]
    fn under_the_uk_model_verified_identity_restarts_the_month_a_failed_check_does_not() {
        let s = settings("GB-ENG", IdModel::Restart);
        let today = d("2026-04-01");
        type Outcome = fn(NaiveDate) -> Step;
        let cases: [(Outcome, &str, &str); 2] = [
            (identity_verified, "2026-03-09", "2026-04-09"),
            (identity_failed, "2026-03-02", "2026-04-02"),
        ];
        for (outcome, start, deadline) in cases {
            let r = request("2026-03-02")
                .apply(&ask_identity(d("2026-03-03")), &s, today)
                .unwrap()
                .apply(&outcome(d("2026-03-09")), &s, today)
                .unwrap();
            let deadlines = r.deadlines(&s, today).unwrap();
            assert_eq!(deadlines.start, d(start));
            assert_eq!(deadlines.one_month_deadline, d(deadline));
        }
    }

    #[test]
    fn an_open_pause_moves_the_deadline_day_by_day() {
        let s = settings("GB-ENG", IdModel::Pause);
        let r = request("2026-03-02")
            .apply(
                &Step::Pause {
                    kind: PauseKind::Clarification,
                    on: d("2026-03-04"),
                },
                &s,
                d("2026-03-04"),
            )
            .unwrap();
        assert_eq!(r.status, RequestStatus::AwaitingDataSubject);
        let on_the_10th = r.deadlines(&s, d("2026-03-10")).unwrap().one_month_deadline;
        assert_eq!(
            on_the_10th,
            d("2026-04-09"),
            "gdpr-rules case 42 while still waiting"
        );
        let r = r
            .apply(&resume(d("2026-03-10")), &s, d("2026-03-11"))
            .unwrap();
        assert_eq!(
            r.deadlines(&s, d("2026-05-01")).unwrap().one_month_deadline,
            d("2026-04-09")
        );
        assert_eq!(r.status, RequestStatus::InProgress);
    }

    #[test]
    fn extension_needs_a_reason_and_is_refused_after_the_notice_date() {
        let s = settings("NO", IdModel::Pause);
        let r = request("2026-01-31");
        let late = Step::Extend {
            reason: "complex".into(),
            notice_sent_on: d("2026-03-03"),
        };
        let err = r.apply(&late, &s, d("2026-03-03")).unwrap_err();
        assert_eq!(
            err,
            StepError::ExtensionTooLate {
                notice_by: d("2026-03-02")
            }
        );
        let no_reason = Step::Extend {
            reason: " ".into(),
            notice_sent_on: d("2026-02-20"),
        };
        assert_eq!(
            r.apply(&no_reason, &s, d("2026-02-20")).unwrap_err(),
            StepError::ExtensionWithoutReason
        );
        let ok = Step::Extend {
            reason: "Eight years of archived e-mail".into(),
            notice_sent_on: d("2026-03-02"),
        };
        let extended = r.apply(&ok, &s, d("2026-03-02")).unwrap();
        assert_eq!(extended.status, RequestStatus::Extended);
        let deadlines = extended.deadlines(&s, d("2026-03-02")).unwrap();
        assert_eq!(extended.due(&deadlines), d("2026-04-30"));
        assert_eq!(
            extended.apply(&ok, &s, d("2026-03-02")).unwrap_err(),
            StepError::AlreadyExtended
        );
    }

    #[test]
    fn refusal_needs_a_reason_and_the_art_12_4_information() {
        let s = settings("NO", IdModel::Pause);
        let r = request("2026-03-02");
        let today = d("2026-03-10");
        let step = |reason: &str, informed| Step::Refuse {
            on: today,
            reason: reason.into(),
            informed_of_remedies: informed,
        };
        assert_eq!(
            r.apply(&step("", true), &s, today).unwrap_err(),
            StepError::RefusalWithoutReason
        );
        assert_eq!(
            r.apply(&step("manifestly unfounded", false), &s, today)
                .unwrap_err(),
            StepError::RemediesNotTold
        );
        let refused = r
            .apply(&step("manifestly unfounded", true), &s, today)
            .unwrap();
        assert_eq!(
            (refused.status, refused.closed_on),
            (RequestStatus::Refused, Some(today))
        );
        let err = refused.apply(&answer(today), &s, today).unwrap_err();
        assert_eq!(err, StepError::Closed(RequestStatus::Refused));
        assert_eq!(err.to_string(), "the request is already refused");
    }

    #[test]
    fn steps_refuse_dates_before_receipt_or_in_the_future_and_out_of_order() {
        let s = settings("NO", IdModel::Pause);
        let r = request("2026-03-02");
        let today = d("2026-03-10");
        let before = d("2026-03-01");
        assert_eq!(
            r.apply(&answer(before), &s, today).unwrap_err(),
            StepError::BeforeReceipt {
                on: before,
                received: d("2026-03-02")
            }
        );
        let tomorrow = d("2026-03-11");
        assert_eq!(
            r.apply(&answer(tomorrow), &s, today).unwrap_err(),
            StepError::InTheFuture {
                on: tomorrow,
                today
            }
        );
        assert_eq!(
            r.apply(&resume(today), &s, today).unwrap_err(),
            StepError::NotPaused
        );
        assert_eq!(
            r.apply(&identity_verified(today), &s, today).unwrap_err(),
            StepError::IdentityNotRequested
        );
        let started = r.apply(&start_work(today), &s, today).unwrap();
        assert_eq!(
            started.apply(&start_work(today), &s, today).unwrap_err(),
            StepError::AlreadyStarted(RequestStatus::InProgress)
        );
    }

    #[test]
    fn closing_keeps_an_unanswered_pause_as_never_answered() {
        let s = settings("NO", IdModel::Pause);
        let pause = Step::Pause {
            kind: PauseKind::Fee,
            on: d("2026-03-03"),
        };
        let r = request("2026-03-02")
            .apply(&pause, &s, d("2026-03-05"))
            .unwrap();
        let r = r
            .apply(&withdraw(d("2026-03-05")), &s, d("2026-03-05"))
            .unwrap();
        assert_eq!(
            r.open_pause().map(|p| p.answered_on),
            Some(None),
            "no answer is made up"
        );
        // The pause counts until the request was closed, not until whatever today is.
        let later = r.deadlines(&s, d("2026-06-01")).unwrap();
        assert_eq!(later.paused_days, 3);
        assert_eq!(
            urgency(&r, d("2026-04-02"), d("2026-03-05")),
            Urgency::Closed
        );
    }

    #[test]
    fn a_pause_cannot_revive_a_passed_deadline() {
        let s = settings("NO", IdModel::Pause);
        let r = request("2026-01-05");
        let late = Step::Pause {
            kind: PauseKind::Clarification,
            on: d("2026-03-01"),
        };
        let err = r.apply(&late, &s, d("2026-03-02")).unwrap_err();
        assert_eq!(
            err,
            StepError::PauseTooLate {
                due: d("2026-02-05")
            }
        );
        assert!(
            err.to_string()
                .starts_with("the deadline (2026-02-05) has passed"),
            "{err}"
        );
        let id = ask_identity(d("2026-03-01"));
        let err = r.apply(&id, &s, d("2026-03-02")).unwrap_err();
        assert_eq!(
            err,
            StepError::IdentityRequestTooLate {
                due: d("2026-02-05")
            }
        );
        assert!(err.to_string().contains("cannot stop the clock"), "{err}");
    }

    #[test]
    fn lateness_of_answers_and_refusals() {
        let s = settings("NO", IdModel::Pause);
        let r = request("2026-03-02"); // due Tue 7 Apr 2026 (Easter)
        let answered = r
            .apply(&answer(d("2026-04-10")), &s, d("2026-04-10"))
            .unwrap();
        let deadlines = answered.deadlines(&s, d("2026-05-01")).unwrap();
        assert_eq!(answered.days_late(&deadlines), Some(3));
        let in_time = r
            .apply(&answer(d("2026-04-07")), &s, d("2026-04-07"))
            .unwrap();
        assert_eq!(
            in_time.days_late(&in_time.deadlines(&s, d("2026-04-07")).unwrap()),
            None
        );
        // An extended request refused after the one-month date is late (Art. 12(4)).
        let extended = r
            .apply(
                &Step::Extend {
                    reason: "complex".into(),
                    notice_sent_on: d("2026-03-20"),
                },
                &s,
                d("2026-03-20"),
            )
            .unwrap();
        let refuse = Step::Refuse {
            on: d("2026-04-20"),
            reason: "excessive".into(),
            informed_of_remedies: true,
        };
        let refused = extended.apply(&refuse, &s, d("2026-04-20")).unwrap();
        assert_eq!(
            refused.days_late(&refused.deadlines(&s, d("2026-04-20")).unwrap()),
            Some(13)
        );
    }

    #[test]
    fn dates_have_four_digit_years_in_range() {
        assert_eq!(
            parse_iso_date("26-01-01"),
            Err(DateError::NotADate("26-01-01".into())),
            "a two-digit year is refused"
        );
        let err = parse_iso_date("9999-12-15").unwrap_err();
        assert_eq!(err, DateError::OutOfRange("9999-12-15".into()));
        assert!(err.to_string().contains("outside the years"), "{err}");
    }

    #[test]
    fn closure_days_are_dates_separated_by_spaces_or_commas() {
        assert_eq!(
            parse_closure_days(" 2026-12-28, 2026-12-24 2026-12-28", None).unwrap(),
            [d("2026-12-24"), d("2026-12-28")]
        );
        assert_eq!(parse_closure_days("", None).unwrap(), []);
        assert_eq!(
            parse_closure_days("2026-12-32", None),
            Err(DateError::NotADate("2026-12-32".into()))
        );
        assert_eq!(
            parse_closure_days("2026-12-24 1899-12-24", None),
            Err(DateError::OutOfRange("1899-12-24".into()))
        );
    }

    #[test]
    fn date_errors_name_the_value_and_the_expected_form() {
        assert_eq!(
            parse_iso_date(" 2026-02-30 ").unwrap_err().to_string(),
            "'2026-02-30' is not a calendar date (YYYY-MM-DD)"
        );
        assert_eq!(
            parse_iso_date("1989-12-31").unwrap_err().to_string(),
            "'1989-12-31' is outside the years 1990-2200"
        );
    }

    #[test]
    fn receipt_errors_say_what_is_wrong() {
        let today = d("2026-03-10");
        assert_eq!(
            read_received_on("  ", today, false),
            Err(ReceivedOnError::Missing)
        );
        assert_eq!(
            read_received_on("", today, false).unwrap_err().to_string(),
            "required: a date as YYYY-MM-DD"
        );
        let err = read_received_on("2026-03-11", today, false).unwrap_err();
        assert_eq!(
            err,
            ReceivedOnError::InTheFuture {
                day: d("2026-03-11"),
                today
            }
        );
        assert_eq!(
            err.to_string(),
            "2026-03-11 is in the future (today is 2026-03-10)"
        );
        let err = read_received_on("2026-13-01", today, false).unwrap_err();
        assert_eq!(
            err,
            ReceivedOnError::Date(DateError::NotADate("2026-13-01".into()))
        );
        assert_eq!(
            err.to_string(),
            "'2026-13-01' is not a calendar date (YYYY-MM-DD)"
        );
        assert_eq!(read_received_on(" 2026-03-10 ", today, false), Ok(today));

        assert_eq!(
            read_received_at("2026-03-02T14:05:00+01:00\n"),
            Ok("2026-03-02T14:05:00+01:00".into()),
            "a trailing line break is trimmed"
        );
        let err = read_received_at("14:05\n15:00").unwrap_err();
        assert_eq!(err, ReceivedAtError::MultiLine);
        assert_eq!(err.to_string(), "must be a single line");
        assert_eq!(
            read_received_at(" 14:05 ").unwrap_err().to_string(),
            "'14:05' is not an RFC 3339 time (2026-03-02T14:05:00+01:00)"
        );
    }

    #[test]
    fn step_errors_keep_their_messages() {
        let s = settings("NO", IdModel::Pause);
        let today = d("2026-03-10");
        let started = request("2026-03-02")
            .apply(&start_work(today), &s, today)
            .unwrap();
        assert_eq!(
            started
                .apply(&start_work(today), &s, today)
                .unwrap_err()
                .to_string(),
            "work is already under way (status: in progress)"
        );
        assert_eq!(
            StepError::ExtensionTooLate {
                notice_by: d("2026-03-02")
            }
            .to_string(),
            "too late to extend: the data subject had to be told by 2026-03-02 (Art. 12(3))"
        );
        assert_eq!(
            StepError::PauseTooLate {
                due: d("2026-02-05")
            }
            .to_string(),
            "the deadline (2026-02-05) has passed: a pause can no longer stop the clock"
        );
        assert_eq!(
            StepError::RemediesNotTold.to_string(),
            "Art. 12(4): tell the data subject they may complain to a supervisory authority and seek a judicial remedy"
        );
    }

    #[test]
    fn a_pause_cannot_end_before_it_began() {
        let s = settings("NO", IdModel::Pause);
        let today = d("2026-03-10");
        let paused = request("2026-03-02")
            .apply(
                &Step::Pause {
                    kind: PauseKind::Fee,
                    on: d("2026-03-05"),
                },
                &s,
                today,
            )
            .unwrap();
        let err = paused
            .apply(&resume(d("2026-03-04")), &s, today)
            .unwrap_err();
        assert_eq!(
            err,
            StepError::PauseEndsBeforeItBegan {
                on: d("2026-03-04"),
                began: d("2026-03-05")
            }
        );
        assert_eq!(
            err.to_string(),
            "2026-03-04 is before the pause began (2026-03-05)"
        );
    }

    #[test]
    fn a_deadline_that_cannot_be_computed_is_the_step_error() {
        // A receipt before the calculator's first year: the step needs the deadline.
        let s = settings("NO", IdModel::Pause);
        let today = d("1989-12-10");
        let r = request("1989-12-01");
        let err = r
            .apply(
                &Step::Pause {
                    kind: PauseKind::Clarification,
                    on: today,
                },
                &s,
                today,
            )
            .unwrap_err();
        assert_eq!(
            err,
            StepError::Deadline(DeadlineError::OutOfRange(d("1989-12-01")))
        );
        assert_eq!(
            err.to_string(),
            "the date 1989-12-01 is outside the years this calculator handles (1990-2200)",
            "shown as the deadline error"
        );
    }

    #[test]
    fn urgency_bands() {
        let r = request("2026-03-02");
        let today = d("2026-04-01");
        assert_eq!(urgency(&r, d("2026-03-31"), today), Urgency::Overdue);
        assert_eq!(urgency(&r, d("2026-04-08"), today), Urgency::DueThisWeek);
        assert_eq!(urgency(&r, d("2026-04-09"), today), Urgency::Later);
    }
}
