//! Processor agreements (Art. 28 contracts): their status and dates, the
//! Art. 28(3)/(4) clause checklist, the review reminder, sub-processor
//! authorisation and change notices with their objection deadline.
//! In the workbench's words a "DPA" is a processor agreement, never an authority.

use chrono::{Duration, NaiveDate};

use super::request::parse_iso_date;
use super::validation::FieldErrors;

crate::code_enum!(
    DpaStatus {
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

/// The dates of an agreement as typed; each checked on its own and against the others.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DpaDates {
    pub signed_on: String,
    pub effective_on: String,
    pub review_on: String,
}

/// Signed, effective and review dates, each when given.
pub type CheckedDates = (Option<NaiveDate>, Option<NaiveDate>, Option<NaiveDate>);

/// Parses the three dates: a malformed one, a review before signature, or an
/// effective date before signature is a message at that field.
pub fn check_dpa_dates(typed: &DpaDates, status: DpaStatus) -> Result<CheckedDates, FieldErrors> {
    let mut errors = FieldErrors::default();
    let mut parse = |field: &'static str, value: &str| {
        let value = value.trim();
        if value.is_empty() {
            return None;
        }
        parse_iso_date(value)
            .map_err(|message| errors.push(field, message))
            .ok()
    };
    let signed = parse("signed_on", &typed.signed_on);
    let effective = parse("effective_on", &typed.effective_on);
    let review = parse("review_on", &typed.review_on);
    if status == DpaStatus::Signed && typed.signed_on.trim().is_empty() {
        errors.push("signed_on", "a signed agreement needs its signing date");
    }
    if let (Some(s), Some(r)) = (signed, review) {
        if r < s {
            errors.push(
                "review_on",
                format!("the review date {r} is before the signing date {s}"),
            );
        }
    }
    if let (Some(s), Some(e)) = (signed, effective) {
        if e < s {
            errors.push(
                "effective_on",
                format!("the agreement cannot take effect ({e}) before it is signed ({s})"),
            );
        }
    }
    errors.into_result((signed, effective, review))
}

/// An agreement as typed into its form. The checklist arrives as two lists
/// of clause indices (present, not applicable); every other clause is missing.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DpaDraft {
    pub status: String,
    pub version: String,
    pub dates: DpaDates,
    pub document: String,
    pub authorisation: String,
    pub notice_days: String,
    pub present: String,
    pub not_applicable: String,
    /// One line per clause that has a note: `28_3_a: where it is in the contract`.
    pub notes: String,
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
pub fn parse_clause_notes(text: &str) -> Result<Vec<String>, String> {
    let mut notes = vec![String::new(); CLAUSES.len()];
    for (n, line) in text
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
    {
        let codes: Vec<&str> = CLAUSES.iter().map(|(c, _, _)| *c).collect();
        let (code, note) = line.split_once(':').ok_or_else(|| {
            format!(
                "line {}: write \"code: note\", the codes being {}",
                n + 1,
                codes.join(", ")
            )
        })?;
        let index = codes
            .iter()
            .position(|c| c.eq_ignore_ascii_case(code.trim()))
            .ok_or_else(|| {
                format!(
                    "line {}: '{}' is not a clause code; the codes are {}",
                    n + 1,
                    code.trim(),
                    codes.join(", ")
                )
            })?;
        notes[index] = note.trim().to_string();
    }
    Ok(notes)
}

fn indices(list: &str) -> Vec<usize> {
    list.split(',')
        .filter_map(|i| i.trim().parse().ok())
        .collect()
}

/// Checks the form into an agreement, each problem at its field.
pub fn validate_dpa(draft: &DpaDraft) -> Result<Dpa, FieldErrors> {
    let mut errors = FieldErrors::default();
    let status = DpaStatus::parse(&draft.status);
    if status.is_none() {
        errors.push("status", format!("choose {}", DpaStatus::expected()));
    }
    let status = status.unwrap_or(DpaStatus::NotStarted);
    let (signed_on, effective_on, review_on) = match check_dpa_dates(&draft.dates, status) {
        Ok(dates) => dates,
        Err(date_errors) => {
            for e in date_errors.0 {
                errors.push(e.field, e.message);
            }
            (None, None, None)
        }
    };
    let version = super::validation::optional_line(&mut errors, "version", &draft.version);
    let document = super::validation::optional_line(&mut errors, "document", &draft.document);
    let authorisation =
        Authorisation::parse(&draft.authorisation).unwrap_or(Authorisation::Specific);
    let notice_days = match (authorisation, draft.notice_days.trim()) {
        (Authorisation::Specific, "") => None,
        (Authorisation::General, "") => {
            errors.push(
                "notice_days",
                "general authorisation needs the days the contract gives to object (e.g. 30)",
            );
            None
        }
        (_, n) => match n.parse::<u32>() {
            Ok(days) if days <= 365 => Some(days),
            _ => {
                errors.push(
                    "notice_days",
                    format!("'{n}' is not a number of days (0-365)"),
                );
                None
            }
        },
    };
    let notes = parse_clause_notes(&draft.notes)
        .map_err(|m| errors.push("notes", m))
        .unwrap_or_default();
    let present = indices(&draft.present);
    let not_applicable = indices(&draft.not_applicable);
    if let Some(both) = present.iter().find(|i| not_applicable.contains(i)) {
        errors.push(
            "not_applicable",
            format!(
                "{} is ticked both as present and as not applicable",
                CLAUSES[*both].1
            ),
        );
    }
    let clauses = (0..CLAUSES.len())
        .map(|i| {
            let state = if present.contains(&i) {
                ClauseState::Present
            } else if not_applicable.contains(&i) {
                ClauseState::NotApplicable
            } else {
                ClauseState::Missing
            };
            (state, notes.get(i).cloned().unwrap_or_default())
        })
        .collect();
    errors.into_result(Dpa {
        status,
        version,
        signed_on,
        effective_on,
        review_on,
        document,
        clauses,
        authorisation,
        notice_days,
    })
}

/// A change notice as typed: who is added or replaced, when the notice came.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NoticeDraft {
    pub sub_processor: String,
    pub received_on: String,
    pub description: String,
}

/// Checks a change notice: a named sub-processor, and a receipt date that is
/// a real date and not in the future. Returns (sub-processor, received, description).
pub fn validate_notice(
    draft: &NoticeDraft,
    today: NaiveDate,
) -> Result<(String, NaiveDate, String), FieldErrors> {
    let mut errors = FieldErrors::default();
    let sub = super::validation::required_line(&mut errors, "sub_processor", &draft.sub_processor);
    let received = match parse_iso_date(draft.received_on.trim()) {
        Ok(day) if day > today => {
            errors.push("received_on", format!("{day} is in the future"));
            None
        }
        Ok(day) => Some(day),
        Err(message) => {
            errors.push("received_on", message);
            None
        }
    };
    let description =
        super::validation::optional_text(&mut errors, "description", &draft.description);
    errors.into_result(())?;
    Ok((sub, received.unwrap_or(today), description))
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
    let day = match parse_iso_date(decided_on.trim()) {
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
        Err(message) => {
            errors.push("decided_on", message);
            today
        }
    };
    errors.into_result((decision, day))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

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
    fn dates_are_checked_against_each_other() {
        let typed = DpaDates {
            signed_on: "2026-03-01".into(),
            effective_on: "2026-02-01".into(),
            review_on: "2025-03-01".into(),
        };
        let errors = check_dpa_dates(&typed, DpaStatus::Signed).unwrap_err();
        assert!(errors
            .get("review_on")
            .unwrap()
            .contains("before the signing date"));
        assert!(errors
            .get("effective_on")
            .unwrap()
            .contains("before it is signed"));
        let typed = DpaDates {
            signed_on: "2026-02-30".into(),
            ..Default::default()
        };
        let errors = check_dpa_dates(&typed, DpaStatus::Signed).unwrap_err();
        assert!(errors
            .get("signed_on")
            .unwrap()
            .contains("not a calendar date"));
        let errors = check_dpa_dates(&DpaDates::default(), DpaStatus::Signed).unwrap_err();
        assert!(errors
            .get("signed_on")
            .unwrap()
            .contains("needs its signing date"));
        let ok = check_dpa_dates(&DpaDates::default(), DpaStatus::Requested).unwrap();
        assert_eq!(ok, (None, None, None));
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
    fn the_agreement_form_checks_dates_period_and_checklist() {
        let draft = DpaDraft {
            status: "signed".into(),
            version: "3.0".into(),
            dates: DpaDates {
                signed_on: "2026-05-01".into(),
                effective_on: String::new(),
                review_on: "2026-04-01".into(),
            },
            authorisation: "general".into(),
            notice_days: String::new(),
            present: "0,1,2".into(),
            not_applicable: "2,9".into(),
            ..Default::default()
        };
        let errors = validate_dpa(&draft).unwrap_err();
        assert!(errors
            .get("review_on")
            .unwrap()
            .contains("before the signing date"));
        assert!(errors
            .get("notice_days")
            .unwrap()
            .contains("days the contract gives"));
        assert!(errors
            .get("not_applicable")
            .unwrap()
            .contains("28(3)(c) security"));
        let draft = DpaDraft {
            dates: DpaDates {
                review_on: "2027-05-01".into(),
                ..draft.dates.clone()
            },
            notice_days: "30".into(),
            not_applicable: "9".into(),
            ..draft
        };
        let dpa = validate_dpa(&draft).unwrap();
        assert_eq!(dpa.notice_days, Some(30));
        assert_eq!(dpa.clauses[0].0, ClauseState::Present);
        assert_eq!(dpa.clauses[9].0, ClauseState::NotApplicable);
        assert_eq!(dpa.missing_clauses().len(), 6);
    }

    #[test]
    fn notices_and_decisions_are_dated_within_reason() {
        let today = day("2026-11-23");
        let draft = NoticeDraft {
            sub_processor: " ".into(),
            received_on: "2026-11-24".into(),
            description: String::new(),
        };
        let errors = validate_notice(&draft, today).unwrap_err();
        assert_eq!(errors.get("sub_processor"), Some("required"));
        assert!(errors.get("received_on").unwrap().contains("in the future"));
        let ok = NoticeDraft {
            sub_processor: "Hetzner Online GmbH".into(),
            received_on: "2026-11-20".into(),
            ..draft
        };
        assert_eq!(validate_notice(&ok, today).unwrap().1, day("2026-11-20"));

        let received = day("2026-11-10");
        let errors = validate_decision("pending", "2026-11-09", received, today).unwrap_err();
        assert!(errors.get("decision").is_some());
        assert!(errors
            .get("decided_on")
            .unwrap()
            .contains("before the notice arrived"));
        assert_eq!(
            validate_decision("objected", "2026-11-12", received, today).unwrap(),
            (NoticeDecision::Objected, day("2026-11-12"))
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
        let error = parse_clause_notes("28_3_z: ?").unwrap_err();
        assert!(
            error.starts_with("line 1: '28_3_z' is not a clause code"),
            "{error}"
        );
        assert!(parse_clause_notes("no colon")
            .unwrap_err()
            .contains("code: note"));
    }
}
