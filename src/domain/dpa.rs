//! Processor agreements (Art. 28 contracts): their status and dates, the
//! Art. 28(3)/(4) clause checklist, the review reminder, sub-processor
//! authorisation and change notices with their objection deadline.
//! In the workbench's words a "DPA" is a processor agreement, never an authority.

use chrono::{Duration, NaiveDate};

use super::request::{parse_iso_date, DateError};
use super::validation::{BadLine, FieldErrors};

crate::code_enum!(
    DpaStatus default Requested {
        NotStarted => ("not_started", "Not started"),
        Requested => ("requested", "Requested"),
        InNegotiation => ("in_negotiation", "In negotiation"),
        Signed => ("signed", "Signed"),
        Superseded => ("superseded", "Superseded"),
        Terminated => ("terminated", "Terminated"),
    }
);

crate::code_enum!(
    ClauseState {
        Missing => ("missing", "Missing"),
        Present => ("present", "Present"),
        NotApplicable => ("not_applicable", "Not applicable"),
    }
);

crate::code_enum!(
    /// Art. 28(2): how the controller authorised sub-processors.
    Authorisation {
        Specific => ("specific", "Specific (each one approved in advance)"),
        General => ("general", "General (notice of changes, right to object)"),
    }
);

crate::code_enum!(
    NoticeDecision {
        Pending => ("pending", "Pending"),
        Accepted => ("accepted", "Accepted"),
        Objected => ("objected", "Objected"),
        Lapsed => ("lapsed", "Lapsed (no objection in time)"),
    }
);

/// The terms an Art. 28 contract must contain: (code, short name, what it says).
pub const CLAUSES: &[(&str, &str, &str)] = &[
    (
        "28_3_a",
        "28(3)(a) instructions",
        "processes only on documented instructions, including on transfers",
    ),
    (
        "28_3_b",
        "28(3)(b) confidentiality",
        "authorised persons are bound to confidentiality",
    ),
    (
        "28_3_c",
        "28(3)(c) security",
        "takes all measures required by Art. 32",
    ),
    (
        "28_3_d",
        "28(3)(d) sub-processors",
        "respects Art. 28(2) and (4) when engaging another processor",
    ),
    (
        "28_3_e",
        "28(3)(e) data-subject rights",
        "assists with data-subject requests (Chapter III)",
    ),
    (
        "28_3_f",
        "28(3)(f) Arts. 32-36",
        "assists with security, breaches, DPIAs and prior consultation",
    ),
    (
        "28_3_g",
        "28(3)(g) delete or return",
        "deletes or returns all data at the end of the services",
    ),
    (
        "28_3_h",
        "28(3)(h) audits",
        "makes information available and allows audits and inspections",
    ),
    (
        "28_3_infringing",
        "28(3) infringing instructions",
        "immediately informs if an instruction infringes the law",
    ),
    (
        "28_4",
        "28(4) flow-down",
        "imposes the same obligations on its sub-processors",
    ),
];

/// A clause of `CLAUSES`, by its place in the list.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ClauseIndex(pub usize);

/// Why a clause code is refused; the message lists the codes there are.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ClauseCodeError {
    /// `code` (trimmed) is none of `CLAUSES`' codes.
    #[error("not a clause code; the codes are: {}", clause_codes())]
    Unknown { code: String },
}

/// The codes of `CLAUSES`, in order, separated by commas.
fn clause_codes() -> String {
    let codes: Vec<&str> = CLAUSES.iter().map(|(c, _, _)| *c).collect();
    codes.join(", ")
}

impl ClauseIndex {
    pub fn code(self) -> &'static str {
        CLAUSES[self.0].0
    }

    pub fn name(self) -> &'static str {
        CLAUSES[self.0].1
    }

    /// The clause with this code, or the codes there are.
    pub fn parse(code: &str) -> Result<Self, ClauseCodeError> {
        let code = code.trim();
        CLAUSES
            .iter()
            .position(|(c, _, _)| *c == code)
            .map(ClauseIndex)
            .ok_or_else(|| ClauseCodeError::Unknown {
                code: code.to_string(),
            })
    }
}

/// One clause of one agreement's checklist, as a row of its own.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ClauseEntry {
    pub clause: ClauseIndex,
    pub state: ClauseState,
    pub note: String,
}

/// A clause of agreement `dpa_id`, as exported.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClauseLine {
    pub dpa_id: i64,
    pub entry: ClauseEntry,
}

/// One agreement with a processor; a processor has several over time, one current.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dpa {
    pub status: DpaStatus,
    pub version: String,
    pub signed_on: Option<NaiveDate>,
    pub effective_on: Option<NaiveDate>,
    pub review_on: Option<NaiveDate>,
    /// Path or URL of the signed document.
    pub document: String,
    /// The state of each clause of `CLAUSES`, in that order.
    pub clauses: Vec<(ClauseState, String)>,
    pub authorisation: Authorisation,
    /// For general authorisation: days the controller has to object to a change.
    pub notice_days: Option<u32>,
}

/// A new agreement: requested, every clause missing until checked, each
/// sub-processor to be approved in advance.
impl Default for Dpa {
    fn default() -> Self {
        Dpa {
            status: DpaStatus::Requested,
            version: String::new(),
            signed_on: None,
            effective_on: None,
            review_on: None,
            document: String::new(),
            clauses: vec![(ClauseState::Missing, String::new()); CLAUSES.len()],
            authorisation: Authorisation::Specific,
            notice_days: None,
        }
    }
}

impl Dpa {
    /// Clauses recorded as missing (not-applicable ones are not counted).
    pub fn missing_clauses(&self) -> Vec<&'static str> {
        CLAUSES
            .iter()
            .zip(
                self.clauses
                    .iter()
                    .map(|(s, _)| *s)
                    .chain(std::iter::repeat(ClauseState::Missing)),
            )
            .filter(|(_, state)| *state == ClauseState::Missing)
            .map(|((_, name, _), _)| *name)
            .collect()
    }
}

/// Where a review date stands today.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReviewState {
    /// No review date recorded.
    Unset,
    /// More than `DUE_SOON_DAYS` away.
    Ok {
        days_left: i64,
    },
    /// Within `DUE_SOON_DAYS` (today included).
    DueSoon {
        days_left: i64,
    },
    Overdue {
        days_late: i64,
    },
}

/// A review this close is shown as due.
pub const DUE_SOON_DAYS: i64 = 30;

pub fn review_state(review_on: Option<NaiveDate>, today: NaiveDate) -> ReviewState {
    match review_on {
        None => ReviewState::Unset,
        Some(day) => {
            let left = (day - today).num_days();
            if left < 0 {
                ReviewState::Overdue { days_late: -left }
            } else if left <= DUE_SOON_DAYS {
                ReviewState::DueSoon { days_left: left }
            } else {
                ReviewState::Ok { days_left: left }
            }
        }
    }
}

/// How urgently a processor's agreement needs the DPO.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Urgency {
    Fine,
    Soon,
    Now,
}

/// The processors list's word on an agreement: a processor without a signed
/// contract, or with a review due, stands out. `needs_contract` is false for
/// recipients that are not processors and for ended relationships.
pub fn agreement_summary(
    needs_contract: bool,
    status: Option<DpaStatus>,
    review_on: Option<NaiveDate>,
    today: NaiveDate,
) -> (String, Urgency) {
    if !needs_contract {
        return (String::new(), Urgency::Fine);
    }
    match status {
        None => ("none".into(), Urgency::Now),
        Some(DpaStatus::Signed) => match review_state(review_on, today) {
            ReviewState::Overdue { days_late } => {
                (format!("review {days_late} d late"), Urgency::Now)
            }
            ReviewState::DueSoon { days_left: 0 } => ("review today".into(), Urgency::Soon),
            ReviewState::DueSoon { days_left } => {
                (format!("review in {days_left} d"), Urgency::Soon)
            }
            ReviewState::Ok { .. } | ReviewState::Unset => ("signed".into(), Urgency::Fine),
        },
        Some(s @ (DpaStatus::Superseded | DpaStatus::Terminated)) => {
            (s.label().to_lowercase(), Urgency::Now)
        }
        Some(s) => (s.label().to_lowercase(), Urgency::Soon),
    }
}

/// Art. 28(2) sets no objection period; the contract does, in elapsed days
/// (gdpr-rules.md §4.2: the contract, not Reg. 1182/71, governs).
pub fn objection_deadline(notice_received: NaiveDate, notice_days: u32) -> NaiveDate {
    notice_received + Duration::days(i64::from(notice_days))
}

/// Whether the objection window of a change notice is still open today.
pub fn objection_open(
    notice_received: NaiveDate,
    notice_days: u32,
    decision: NoticeDecision,
    today: NaiveDate,
) -> bool {
    decision == NoticeDecision::Pending && today <= objection_deadline(notice_received, notice_days)
}

/// The rules across an agreement's fields: a signed one has its signing
/// date, nothing takes effect or is reviewed before it is signed, and general
/// authorisation names the days the contract gives to object.
pub fn check_dpa(dpa: &Dpa, errors: &mut FieldErrors) {
    let refused = |field| errors.get(field).is_some();
    let signed_refused = refused("signed_on");
    let mut found = FieldErrors::default();
    if dpa.status == DpaStatus::Signed && dpa.signed_on.is_none() && !signed_refused {
        found.push("signed_on", "a signed agreement needs its signing date");
    }
    if let (Some(s), Some(r)) = (dpa.signed_on, dpa.review_on) {
        if r < s {
            found.push(
                "review_on",
                format!("the review date {r} is before the signing date {s}"),
            );
        }
    }
    if let (Some(s), Some(e)) = (dpa.signed_on, dpa.effective_on) {
        if e < s {
            found.push(
                "effective_on",
                format!("the agreement cannot take effect ({e}) before it is signed ({s})"),
            );
        }
    }
    if dpa.authorisation == Authorisation::General
        && dpa.notice_days.is_none()
        && !refused("notice_days")
    {
        found.push(
            "notice_days",
            "general authorisation needs the days the contract gives to object (e.g. 30)",
        );
    }
    errors.0.extend(found.0);
}

/// The days a contract gives to object to a new sub-processor, if any.
pub fn parse_notice_days(text: &str) -> Result<Option<u32>, NoticeDaysError> {
    match text.trim() {
        "" => Ok(None),
        n => match n.parse::<u32>() {
            Ok(days) if days <= 365 => Ok(Some(days)),
            _ => Err(NoticeDaysError(n.to_string())),
        },
    }
}

/// A notice period that is not a number of days a contract could give.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("'{0}' is not a number of days (0-365)")]
pub struct NoticeDaysError(pub String);

/// The clauses in `state`, as the form's checklist holds them: their
/// indices into `CLAUSES`, comma-separated.
pub fn ticked_clauses(clauses: &[(ClauseState, String)], state: ClauseState) -> String {
    let ticked: Vec<String> = clauses
        .iter()
        .enumerate()
        .filter(|(_, (s, _))| *s == state)
        .map(|(i, _)| i.to_string())
        .collect();
    ticked.join(",")
}

/// Puts the clauses ticked in `list` (indices into `CLAUSES`) in `state`;
/// one already ticked as present cannot also be not applicable.
pub fn tick_clauses(
    clauses: &mut [(ClauseState, String)],
    list: &str,
    state: ClauseState,
) -> Result<(), ClauseTickError> {
    let count = clauses.len();
    let indices = list
        .split(',')
        .filter_map(|i| i.trim().parse::<usize>().ok());
    for i in indices.filter(|i| *i < count) {
        if clauses[i].0 == ClauseState::Present && state != ClauseState::Present {
            return Err(ClauseTickError {
                clause: CLAUSES[i].1,
            });
        }
        clauses[i].0 = state;
    }
    Ok(())
}

/// A clause ticked both as present and as not applicable.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{clause} is ticked both as present and as not applicable")]
pub struct ClauseTickError {
    pub clause: &'static str,
}

/// The clause notes as the form shows them, one `code: note` line each.
pub fn clause_note_lines(clauses: &[(ClauseState, String)]) -> String {
    let lines: Vec<String> = CLAUSES
        .iter()
        .zip(clauses)
        .filter(|(_, (_, note))| !note.is_empty())
        .map(|((code, _, _), (_, note))| format!("{code}: {note}"))
        .collect();
    lines.join("\n")
}

/// Reads `code: note` lines into one note per clause of `CLAUSES`.
pub fn parse_clause_notes(text: &str) -> Result<Vec<String>, BadLine> {
    let mut notes = vec![String::new(); CLAUSES.len()];
    for (n, line) in text
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
    {
        let codes: Vec<&str> = CLAUSES.iter().map(|(c, _, _)| *c).collect();
        let (code, note) = line.split_once(':').ok_or_else(|| {
            BadLine::at(
                n,
                format!("write \"code: note\", the codes being {}", codes.join(", ")),
            )
        })?;
        let index = codes
            .iter()
            .position(|c| c.eq_ignore_ascii_case(code.trim()))
            .ok_or_else(|| {
                BadLine::at(
                    n,
                    format!(
                        "'{}' is not a clause code; the codes are {}",
                        code.trim(),
                        codes.join(", ")
                    ),
                )
            })?;
        notes[index] = note.trim().to_string();
    }
    Ok(notes)
}

/// A sub-processor change announced by a processor (Art. 28(2)).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ChangeNotice {
    pub received_on: NaiveDate,
    pub sub_processor: String,
    pub description: String,
}

/// What the register keeps with a change notice beside what it says: the
/// objection period that applied when it came, and the DPO's decision.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NoticeStanding {
    pub notice_days: u32,
    pub decision: NoticeDecision,
    pub decided_on: Option<NaiveDate>,
    pub note: String,
}

/// Why the day a change notice came is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum NoticeDateError {
    #[error(transparent)]
    Date(#[from] DateError),
    #[error("{0} is in the future")]
    InTheFuture(NaiveDate),
}

/// The day a notice came: a real date, not after `today`; `typed` on a
/// form, where `yesterday` and `6.12` are read too.
pub fn parse_received_on(
    text: &str,
    today: NaiveDate,
    typed: bool,
) -> Result<NaiveDate, NoticeDateError> {
    let day = match typed {
        true => super::typed_date::parse_typed_date(text, today)?,
        false => parse_iso_date(text.trim())?,
    };
    match day {
        day if day > today => Err(NoticeDateError::InTheFuture(day)),
        day => Ok(day),
    }
}

/// Checks the DPO's decision on a notice: not "pending", a real date, not
/// before the notice arrived nor after today.
pub fn validate_decision(
    decision: &str,
    decided_on: &str,
    received_on: NaiveDate,
    today: NaiveDate,
) -> Result<(NoticeDecision, NaiveDate), FieldErrors> {
    let mut errors = FieldErrors::default();
    let decision = match NoticeDecision::parse(decision) {
        Some(NoticeDecision::Pending) | None => {
            errors.push("decision", "choose accepted, objected or lapsed");
            NoticeDecision::Pending
        }
        Some(d) => d,
    };
    // Typed on a form: `yesterday` and `6.12` too.
    let day = match super::typed_date::parse_typed_date(decided_on, today) {
        Ok(day) if day < received_on => {
            errors.push(
                "decided_on",
                format!("{day} is before the notice arrived ({received_on})"),
            );
            today
        }
        Ok(day) if day > today => {
            errors.push("decided_on", format!("{day} is in the future"));
            today
        }
        Ok(day) => day,
        Err(error) => {
            errors.push("decided_on", error);
            today
        }
    };
    errors.into_result((decision, day))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn notice_days_and_ticks_say_what_is_wrong() {
        assert_eq!(parse_notice_days(" 30 "), Ok(Some(30)));
        assert_eq!(parse_notice_days("366"), Err(NoticeDaysError("366".into())));
        let mut clauses = vec![(ClauseState::Missing, String::new()); CLAUSES.len()];
        tick_clauses(&mut clauses, "0", ClauseState::Present).unwrap();
        let err = tick_clauses(&mut clauses, "0", ClauseState::NotApplicable).unwrap_err();
        assert_eq!(err.clause, CLAUSES[0].1);
        assert!(err
            .to_string()
            .ends_with("is ticked both as present and as not applicable"));
    }

    use crate::testing::day;

    #[test]
    fn the_checklist_has_the_eight_letters_the_infringement_duty_and_the_flow_down() {
        assert_eq!(CLAUSES.len(), 10);
        assert!(CLAUSES[..8]
            .iter()
            .all(|(code, _, _)| code.starts_with("28_3_")));
        let dpa = Dpa {
            status: DpaStatus::Signed,
            version: "2.1".into(),
            signed_on: Some(day("2025-03-01")),
            effective_on: None,
            review_on: None,
            document: String::new(),
            clauses: vec![
                (ClauseState::Present, String::new()),
                (ClauseState::NotApplicable, "no staff access".into()),
                (ClauseState::Missing, String::new()),
            ],
            authorisation: Authorisation::General,
            notice_days: Some(30),
        };
        let missing = dpa.missing_clauses();
        assert_eq!(missing.len(), 8, "one missing, seven not yet recorded");
        assert_eq!(missing[0], "28(3)(c) security");
    }

    #[test]
    fn a_review_is_due_within_thirty_days_and_overdue_after_its_date() {
        let today = day("2026-11-23");
        assert_eq!(review_state(None, today), ReviewState::Unset);
        assert_eq!(
            review_state(Some(day("2026-12-24")), today),
            ReviewState::Ok { days_left: 31 }
        );
        assert_eq!(
            review_state(Some(day("2026-12-23")), today),
            ReviewState::DueSoon { days_left: 30 }
        );
        assert_eq!(
            review_state(Some(today), today),
            ReviewState::DueSoon { days_left: 0 }
        );
        assert_eq!(
            review_state(Some(day("2026-11-01")), today),
            ReviewState::Overdue { days_late: 22 }
        );
    }

    #[test]
    fn the_objection_deadline_counts_elapsed_days_from_the_notice() {
        // 30 days from 31 January land on 2 March, weekends and month ends included.
        assert_eq!(objection_deadline(day("2026-01-31"), 30), day("2026-03-02"));
        assert_eq!(objection_deadline(day("2028-02-15"), 14), day("2028-02-29"));
        let received = day("2026-11-10");
        assert!(objection_open(
            received,
            14,
            NoticeDecision::Pending,
            day("2026-11-24")
        ));
        assert!(!objection_open(
            received,
            14,
            NoticeDecision::Pending,
            day("2026-11-25")
        ));
        assert!(!objection_open(
            received,
            14,
            NoticeDecision::Accepted,
            day("2026-11-20")
        ));
    }

    #[test]
    fn the_list_names_what_a_processor_agreement_needs() {
        let today = day("2026-11-23");
        let summary =
            |status, review: Option<&str>| agreement_summary(true, status, review.map(day), today);
        assert_eq!(summary(None, None), ("none".into(), Urgency::Now));
        assert_eq!(
            summary(Some(DpaStatus::Signed), Some("2026-11-11")),
            ("review 12 d late".into(), Urgency::Now)
        );
        assert_eq!(
            summary(Some(DpaStatus::Signed), Some("2026-12-13")),
            ("review in 20 d".into(), Urgency::Soon)
        );
        assert_eq!(
            summary(Some(DpaStatus::Signed), Some("2027-06-01")),
            ("signed".into(), Urgency::Fine)
        );
        assert_eq!(
            summary(Some(DpaStatus::InNegotiation), None),
            ("in negotiation".into(), Urgency::Soon)
        );
        assert_eq!(
            summary(Some(DpaStatus::Terminated), None),
            ("terminated".into(), Urgency::Now)
        );
        assert_eq!(
            agreement_summary(false, None, None, today),
            (String::new(), Urgency::Fine)
        );
    }

    #[test]
    fn decisions_are_dated_within_reason() {
        let today = day("2026-11-23");
        let received = day("2026-11-10");
        let errors = validate_decision("pending", "2026-11-09", received, today).unwrap_err();
        assert!(errors.get("decision").is_some());
        errors.assert_says("decided_on", "before the notice arrived");
        assert_eq!(
            validate_decision("objected", "2026-11-12", received, today).unwrap(),
            (NoticeDecision::Objected, day("2026-11-12"))
        ); // Typed as people write it on the form.
        assert_eq!(
            validate_decision("accepted", "12.11", received, today).unwrap(),
            (NoticeDecision::Accepted, day("2026-11-12"))
        );
    }

    #[test]
    fn clause_codes_are_read_or_refused_with_the_list() {
        assert_eq!(ClauseIndex::parse(" 28_4 "), Ok(ClauseIndex(9)));
        let err = ClauseIndex::parse(" 28_3_z ").unwrap_err();
        assert_eq!(
            err,
            ClauseCodeError::Unknown {
                code: "28_3_z".into()
            }
        );
        assert_eq!(
            err.to_string(),
            "not a clause code; the codes are: 28_3_a, 28_3_b, 28_3_c, 28_3_d, 28_3_e, 28_3_f, 28_3_g, 28_3_h, 28_3_infringing, 28_4"
        );
    }

    #[test]
    fn a_notice_cannot_arrive_in_the_future() {
        let today = day("2026-11-23");
        assert_eq!(parse_received_on(" 2026-11-23 ", today, false), Ok(today));
        assert_eq!(
            parse_received_on("yesterday", today, true),
            Ok(today.pred_opt().unwrap())
        );
        let err = parse_received_on("2026-11-24", today, false).unwrap_err();
        assert_eq!(err, NoticeDateError::InTheFuture(day("2026-11-24")));
        assert_eq!(err.to_string(), "2026-11-24 is in the future");
        let err = parse_received_on("24.11.2026", today, false).unwrap_err();
        assert_eq!(
            err,
            NoticeDateError::Date(DateError::NotADate("24.11.2026".into()))
        );
        assert_eq!(
            err.to_string(),
            "'24.11.2026' is not a calendar date (YYYY-MM-DD)"
        );
    }

    #[test]
    fn clause_notes_are_read_by_code_and_written_back() {
        let notes = parse_clause_notes("28_3_b: clause 7.2\n\n28_4: Annex III lists them").unwrap();
        assert_eq!(notes[1], "clause 7.2");
        assert_eq!(notes[9], "Annex III lists them");
        let clauses: Vec<(ClauseState, String)> = notes
            .iter()
            .map(|n| (ClauseState::Present, n.clone()))
            .collect();
        assert_eq!(
            clause_note_lines(&clauses),
            "28_3_b: clause 7.2\n28_4: Annex III lists them"
        );
        let error = parse_clause_notes("28_3_z: ?").unwrap_err().to_string();
        assert!(
            error.starts_with("line 1: '28_3_z' is not a clause code"),
            "{error}"
        );
        assert!(parse_clause_notes("no colon")
            .unwrap_err()
            .problem
            .contains("code: note"));
    }
}
