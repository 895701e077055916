//! Personal-data breaches (GDPR Art. 33–34): the record Art. 33(5) asks for,
//! notifications to authorities in phases, and what the risk level obliges
//! the controller to do. Pure: the current time is a parameter.

use chrono::{DateTime, Utc};

use super::authorities::authority;
use chrono_tz::Tz;

use super::breach_clock::{long_time, notification_deadline, remaining_text};
use super::validation::FieldErrors;

crate::code_enum!(
    /// What the risk to people's rights and freedoms obliges (Art. 33(1), 34(1)).
    RiskLevel default Risk unknown Risk {
        NoRisk => ("none", "Unlikely to result in a risk: record only"),
        Risk => ("risk", "Risk: notify the authority"),
        High => ("high", "High risk: also tell the data subjects"),
    }
);

crate::code_enum!(
    BreachStatus {
        Open => ("open", "Open"),
        Assessed => ("assessed", "Assessed"),
        Notified => ("notified", "Notified"),
        Closed => ("closed", "Closed"),
    }
);

crate::code_enum!(
    Cause default Other unknown Other {
        MisdirectedMail => ("misdirected", "Sent to the wrong recipient"),
        Hacking => ("hacking", "Hacking or unauthorised access"),
        Malware => ("malware", "Malware or ransomware"),
        LostDevice => ("lost_device", "Lost or stolen device or paper"),
        Insider => ("insider", "Staff error or misuse"),
        Processor => ("processor", "At a processor"),
        SystemFault => ("system_fault", "System fault or outage"),
        Other => ("other", "Other"),
    }
);

crate::code_enum!(
    /// Art. 34(3): when a high-risk breach need not be told to the data subjects.
    Art34Exception {
        NotUsed => ("none", "Not used"),
        Unintelligible => ("a", "(a) data unintelligible, e.g. encrypted"),
        NoLongerLikely => ("b", "(b) high risk no longer likely"),
        DisproportionateEffort => ("c", "(c) disproportionate effort: public notice instead"),
    }
);

crate::code_enum!(
    /// Art. 33(4): information may be given in phases.
    NotificationKind {
        Initial => ("initial", "Initial"),
        Additional => ("additional", "Additional information"),
        Final => ("final", "Final"),
    }
);

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Breach {
    pub title: String,
    pub confidentiality: bool,
    pub integrity: bool,
    pub availability: bool,
    /// The first signal, before the short investigation that establishes awareness.
    pub detected_at: Option<DateTime<Utc>>,
    /// Reasonable certainty that personal data were compromised: the clock starts.
    pub aware_at: DateTime<Utc>,
    /// The zone the awareness time was given in (shown with it).
    pub aware_zone: String,
    pub awareness_rationale: String,
    /// When the breach happened, as known (free text: "20 Nov 08:00 – 11:30").
    pub occurred: String,
    pub ongoing: bool,
    pub cause: Cause,
    pub discovered_how: String,
    pub cyber_incident: bool,
    pub processor_id: Option<i64>,
    pub processor_told_us_at: Option<DateTime<Utc>>,
    pub description: String,
    pub systems: String,
    pub data_categories: String,
    /// Art. 9(1) special categories involved.
    pub special_categories: bool,
    /// Art. 10 criminal-offence data involved.
    pub criminal_data: bool,
    pub approx_records: Option<i64>,
    pub approx_subjects: Option<i64>,
    pub subject_categories: String,
    pub likely_consequences: String,
    pub risk_level: RiskLevel,
    pub risk_rationale: String,
    pub measures_before: String,
    pub containment: String,
    pub mitigation: String,
    /// Art. 33(5): why a breach unlikely to result in a risk was not notified.
    pub not_notified_reasoning: String,
    pub art34_exception: Art34Exception,
    pub art34_justification: String,
    pub subjects_told_at: Option<DateTime<Utc>>,
    pub subjects_told_how: String,
    pub subjects_told_count: Option<i64>,
    pub status: BreachStatus,
    pub lessons_learned: String,
    /// Set when the breach happened in processing done for a controller (an
    /// Art. 30(2) record): then the organisation is the processor and tells
    /// the controller without undue delay (Art. 33(2)); the controller, not
    /// the processor, notifies the authority.
    pub processor_record_id: Option<i64>,
    /// When and how the controller was told (Art. 33(2)).
    pub controller_told_at: Option<DateTime<Utc>>,
    pub controller_told_how: String,
}

/// What the filter searches: the words a DPO remembers a breach by.
pub fn search_text(b: &Breach) -> String {
    [
        b.title.as_str(),
        &b.description,
        &b.systems,
        &b.data_categories,
        b.cause.label(),
        b.risk_level.code(),
        b.status.label(),
        &b.lessons_learned,
    ]
    .join("\n")
    .to_lowercase()
}

impl Breach {
    pub fn deadline(&self) -> DateTime<Utc> {
        notification_deadline(self.aware_at)
    }

    /// Whether the organisation is the processor here (Art. 33(2)).
    pub fn as_processor(&self) -> bool {
        self.processor_record_id.is_some()
    }
}

/// The controller a processor-side breach is told to, and the hours its
/// contract sets, if any (the GDPR sets none: "without undue delay").
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ControllerToTell {
    pub name: String,
    pub within_hours: Option<u32>,
}

impl ControllerToTell {
    /// The contract's deadline, where it sets hours; else none: the law asks
    /// for "without undue delay" from awareness, no fixed hour.
    pub fn deadline(&self, aware_at: DateTime<Utc>) -> Option<DateTime<Utc>> {
        self.within_hours
            .map(|h| aware_at + chrono::Duration::hours(i64::from(h)))
    }

    /// What the register assumes, in words.
    pub fn rule(&self) -> String {
        match self.within_hours {
            Some(h) => format!("within {h} hours of awareness, as the contract with {} sets (Art. 28(3)(f), 33(2))", self.name),
            None => format!("without undue delay (Art. 33(2)); the contract with {} sets no hours", self.name),
        }
    }
}

/// The rule across a processor-side breach's fields: the controller told
/// not before awareness, and how it was told.
pub fn check_controller_told(b: &Breach, errors: &mut FieldErrors) {
    let Some(told) = b.controller_told_at else {
        if !b.controller_told_how.trim().is_empty() {
            errors.push("controller_told_at", "say when the controller was told");
        }
        return;
    };
    if b.processor_record_id.is_none() {
        errors.push(
            "processor_record_id",
            "name the Art. 30(2) record (the controller) that was told",
        );
    }
    if told < b.aware_at {
        errors.push(
            "controller_told_at",
            "cannot be before the organisation became aware",
        );
    }
    if b.controller_told_how.trim().is_empty() {
        errors.push(
            "controller_told_how",
            "how was the controller told (e-mail to whom, call…)?",
        );
    }
}

/// An approximate count: a whole number, spaces allowed ("12 000"), or none.
pub fn read_count(text: &str) -> Result<Option<i64>, CountError> {
    let value = text.trim().replace([' ', '\u{a0}'], "");
    if value.is_empty() {
        return Ok(None);
    }
    match value.parse::<i64>() {
        Ok(n) if n >= 0 => Ok(Some(n)),
        _ => Err(CountError(value)),
    }
}

/// A count that is not a whole number of records or people.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("'{0}' is not a whole number (approximate is fine)")]
pub struct CountError(pub String);

/// The rules across a breach's fields (Art. 33–34): it touches at least one
/// of confidentiality, integrity and availability; the first signal comes
/// before awareness and telling the data subjects after it; a breach not
/// notified says why; an Art. 34(3) exception is for a high risk and says why.
pub fn check_breach(b: &mut Breach, errors: &mut FieldErrors) {
    if !(b.confidentiality || b.integrity || b.availability) {
        errors.push(
            "confidentiality",
            "a breach is at least one of confidentiality, integrity or availability",
        );
    }
    let aware = (errors.get("aware_at").is_none()).then_some(b.aware_at);
    if let (Some(detected), Some(aware)) = (b.detected_at, aware) {
        if detected > aware {
            errors.push(
                "detected_at",
                "the first signal cannot come after awareness",
            );
        }
    }
    if let (Some(told), Some(aware)) = (b.subjects_told_at, aware) {
        if told < aware {
            errors.push(
                "subjects_told_at",
                "the data subjects cannot be told before the controller was aware",
            );
        }
    }
    if errors.get("aware_at").is_none() && errors.get("controller_told_at").is_none() {
        check_controller_told(b, errors);
    }
    let risk_known = errors.get("risk_level").is_none();
    if risk_known && b.risk_level == RiskLevel::NoRisk && b.not_notified_reasoning.is_empty() {
        errors.push(
            "not_notified_reasoning",
            "required when the breach is not notified: why is a risk unlikely? (Art. 33(5))",
        );
    }
    if errors.get("art34_exception").is_some() {
        return;
    }
    match b.art34_exception {
        // No exception, nothing to justify.
        Art34Exception::NotUsed => b.art34_justification.clear(),
        _ if risk_known && b.risk_level != RiskLevel::High => errors.push(
            "art34_exception",
            "an Art. 34(3) exception concerns a high-risk breach only",
        ),
        _ if b.art34_justification.is_empty() => errors.push(
            "art34_justification",
            "required: why the exception applies (Art. 34(3))",
        ),
        _ => {}
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Notification {
    /// Code from the built-in list of authorities.
    pub authority: String,
    pub kind: NotificationKind,
    pub sent_at: DateTime<Utc>,
    /// The authority's case reference, once known.
    pub reference: String,
    pub summary: String,
    /// Art. 33(1): required when the first notification is sent after 72 hours.
    pub delay_reason: String,
}

/// Why a notification's authority is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AuthorityError {
    /// No authority of the built-in list has this code (the text as typed, trimmed).
    #[error("'{0}' is not an authority in the list")]
    NotListed(String),
}

/// An authority of the built-in list, by its code (or name), as its code.
pub fn read_authority(text: &str) -> Result<String, AuthorityError> {
    authority(text)
        .map(|a| a.code.to_string())
        .ok_or_else(|| AuthorityError::NotListed(text.trim().to_string()))
}

/// The rules of a notification of a breach the controller became aware of
/// at `aware_at`: not sent before then, and the first one (`first`) says
/// why it is late when it is (Art. 33(1)); `zone` shows the deadline.
pub fn check_notification(
    n: &Notification,
    aware_at: DateTime<Utc>,
    first: bool,
    zone: &Tz,
    errors: &mut FieldErrors,
) {
    if errors.get("sent_at").is_some() {
        return;
    }
    if n.sent_at < aware_at {
        errors.push(
            "sent_at",
            "a notification cannot be sent before the controller became aware",
        );
    }
    let deadline = notification_deadline(aware_at);
    let late = n.sent_at - deadline;
    if first && late > chrono::Duration::zero() && n.delay_reason.is_empty() {
        errors.push(
            "delay_reason",
            format!(
                "required: sent {} after the 72-hour deadline ({}); Art. 33(1) asks for the reasons for the delay",
                remaining_text(deadline, n.sent_at).trim_end_matches(" late"),
                long_time(deadline, zone)
            ),
        );
    }
}

/// What is wrong with the order of a breach's notifications (sorted by the
/// time they were sent): the initial one comes first (or a final one that
/// tells everything at once), additional information follows, and nothing
/// follows the final one (Art. 33(4): information in phases). `None`: in order.
pub fn notification_order_problem(sorted: &[Notification], zone: &Tz) -> Option<String> {
    let sent = |n: &Notification| long_time(n.sent_at, zone);
    let first = sorted.first()?;
    if first.kind == NotificationKind::Additional {
        return Some(format!(
            "the first notification ({}) is the initial one, or a final one that tells everything at once; additional information follows it",
            sent(first)
        ));
    }
    for pair in sorted.windows(2) {
        let (before, after) = (&pair[0], &pair[1]);
        if before.kind == NotificationKind::Final {
            return Some(format!(
                "the final notification of {} closed the reporting: a {} notification cannot follow it ({})",
                sent(before),
                after.kind.code(),
                sent(after)
            ));
        }
        if after.kind == NotificationKind::Initial {
            return Some(format!(
                "an initial notification comes first, and the {} one of {} was sent before it ({}): record it as additional information",
                before.kind.code(),
                sent(before),
                sent(after)
            ));
        }
    }
    None
}

/// `earlier` with `n` among them, in the order they were sent.
pub fn with_notification(earlier: &[Notification], n: &Notification) -> Vec<Notification> {
    let mut all = earlier.to_vec();
    all.push(n.clone());
    all.sort_by_key(|n| n.sent_at);
    all
}

/// Whether a duty is met.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DutyState {
    Done,
    /// Still to do, in time.
    Open,
    /// Still to do, or done, after its limit.
    Late,
    NotRequired,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Duty {
    pub state: DutyState,
    pub text: String,
}

/// What the risk level obliges, and how far the controller has got (the decision panel).
pub fn duties(
    breach: &Breach,
    notifications: &[Notification],
    now: DateTime<Utc>,
    zone: &chrono_tz::Tz,
) -> Vec<Duty> {
    let duty = |state, text: String| Duty { state, text };
    let mut out = vec![duty(
        DutyState::Done,
        "Recorded in the breach register (Art. 33(5))".into(),
    )];
    let deadline = breach.deadline();
    let first_notice = notifications.iter().min_by_key(|n| n.sent_at);
    let first = first_notice.map(|n| n.sent_at);
    let reasons_given = first_notice.is_some_and(|n| !n.delay_reason.trim().is_empty());
    match breach.risk_level {
        RiskLevel::NoRisk => {
            let (state, text) = if breach.not_notified_reasoning.is_empty() {
                (
                    DutyState::Open,
                    "Not notified: record why a risk is unlikely (Art. 33(5))".to_string(),
                )
            } else {
                (
                    DutyState::NotRequired,
                    "Not notified: a risk is unlikely, reasoning recorded".to_string(),
                )
            };
            out.push(duty(state, text));
        }
        RiskLevel::Risk | RiskLevel::High => {
            let due = long_time(deadline, zone);
            out.push(match first {
                Some(sent) if sent <= deadline => {
                    duty(DutyState::Done, format!("Authority notified {} (within 72 hours)", long_time(sent, zone)))
                }
                Some(sent) => duty(
                    DutyState::Late,
                    format!(
                        "Authority notified {}: {} the deadline, {}",
                        long_time(sent, zone),
                        remaining_text(deadline, sent).replace("late", "after"),
                        if reasons_given {
                            "with reasons for the delay"
                        } else {
                            "without the reasons for the delay Art. 33(1) asks for: send them (an additional notification records them)"
                        }
                    ),
                ),
                None if now <= deadline => {
                    duty(DutyState::Open, format!("Notify the authority by {due} ({})", remaining_text(deadline, now)))
                }
                None => duty(
                    DutyState::Late,
                    format!("Notify the authority now: the 72 hours ended {due} ({}); give the reasons for the delay", remaining_text(deadline, now)),
                ),
            });
        }
    }
    if breach.risk_level == RiskLevel::High {
        out.push(match (breach.subjects_told_at, breach.art34_exception) {
            (Some(told), _) => duty(
                DutyState::Done,
                format!("Data subjects told {} (Art. 34(1))", long_time(told, zone)),
            ),
            (None, Art34Exception::NotUsed) => duty(
                DutyState::Open,
                "Tell the data subjects without undue delay, in clear language (Art. 34(1)–(2)), or record an Art. 34(3) exception (e)"
                    .into(),
            ),
            (None, Art34Exception::DisproportionateEffort) => duty(
                DutyState::Open,
                "Art. 34(3)(c): instead of telling each data subject, make a public communication or a similarly effective measure".into(),
            ),
            (None, exception) => duty(
                DutyState::NotRequired,
                format!("Data subjects not told: Art. 34(3){}", exception.label()),
            ),
        });
    }
    out
}

/// What a breach as processor obliges (Art. 33(2)): tell the controller,
/// by the contract's hours where it sets them; the controller notifies the
/// authority and the data subjects, with the processor's help (Art. 28(3)(f)).
pub fn processor_duties(
    breach: &Breach,
    controller: &ControllerToTell,
    now: DateTime<Utc>,
    zone: &Tz,
) -> Vec<Duty> {
    let duty = |state, text: String| Duty { state, text };
    let name = &controller.name;
    let deadline = controller.deadline(breach.aware_at);
    let told = match (breach.controller_told_at, deadline) {
        (Some(at), Some(d)) if at > d => duty(
            DutyState::Late,
            format!(
                "Controller {name} told {}: {} the contract's {} hours",
                long_time(at, zone),
                remaining_text(d, at).replace("late", "after"),
                controller.within_hours.unwrap_or_default()
            ),
        ),
        (Some(at), _) => duty(
            DutyState::Done,
            format!(
                "Controller {name} told {} ({})",
                long_time(at, zone),
                breach.controller_told_how.trim()
            ),
        ),
        (None, Some(d)) => duty(
            if now <= d {
                DutyState::Open
            } else {
                DutyState::Late
            },
            format!(
                "Tell the controller {name} by {} ({}): {}",
                long_time(d, zone),
                remaining_text(d, now),
                controller.rule()
            ),
        ),
        (None, None) => duty(
            DutyState::Open,
            format!("Tell the controller {name} now: {}", controller.rule()),
        ),
    };
    vec![
        duty(DutyState::Done, "Recorded in the breach register (Art. 33(5), 28(3)(f))".into()),
        told,
        duty(
            DutyState::NotRequired,
            format!("The authority and the data subjects are {name}'s to notify (Art. 33(1), 34); help it with what it needs (Art. 28(3)(f))"),
        ),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_stored_risk_code_this_version_does_not_know_is_read_as_at_risk() {
        use crate::domain::code_enum::Coded;
        assert_eq!(<RiskLevel as Coded>::FIRST, RiskLevel::Risk);
        assert_eq!(<Cause as Coded>::FIRST, Cause::Other);
        assert_eq!(RiskLevel::default(), RiskLevel::Risk);
    }

    fn sent(kind: NotificationKind, at: &str) -> Notification {
        Notification {
            kind,
            sent_at: at.parse().unwrap(),
            ..Notification::default()
        }
    }

    #[test]
    fn notifications_go_initial_then_additional_then_final() {
        use NotificationKind::{Additional, Final, Initial};
        let zone = chrono_tz::Europe::Oslo;
        let problem = |kinds: &[(NotificationKind, &str)]| {
            let all: Vec<Notification> = kinds.iter().map(|(k, at)| sent(*k, at)).collect();
            notification_order_problem(&all, &zone)
        };
        assert_eq!(problem(&[]), None);
        assert_eq!(
            problem(&[(Final, "2026-03-02T10:00:00Z")]),
            None,
            "all at once"
        );
        let phases = [
            (Initial, "2026-03-02T10:00:00Z"),
            (Additional, "2026-03-03T10:00:00Z"),
            (Additional, "2026-03-04T10:00:00Z"),
            (Final, "2026-03-09T10:00:00Z"),
        ];
        assert_eq!(problem(&phases), None);
        assert!(problem(&[(Additional, "2026-03-02T10:00:00Z")])
            .unwrap()
            .contains("is the initial one"));
        let second_initial = problem(&[phases[0], (Initial, "2026-03-03T10:00:00Z")]).unwrap();
        assert!(second_initial.contains("comes first"), "{second_initial}");
        assert!(
            second_initial.contains("Mon 2 Mar 2026 11:00 CET"),
            "{second_initial}"
        );
        let after_final = problem(&[phases[0], phases[3], (Additional, "2026-03-10T10:00:00Z")]);
        assert!(after_final.unwrap().contains("closed the reporting"));
        // Told in any order, judged in the order sent.
        let all = with_notification(
            &[sent(Final, "2026-03-09T10:00:00Z")],
            &sent(Initial, "2026-03-02T10:00:00Z"),
        );
        assert_eq!(notification_order_problem(&all, &zone), None);
    }

    #[test]
    fn a_count_is_a_whole_number_with_spaces_allowed() {
        assert_eq!(read_count(" 12 000 "), Ok(Some(12_000)));
        assert_eq!(read_count(""), Ok(None));
        assert_eq!(read_count("-3"), Err(CountError("-3".into())));
        assert_eq!(
            read_count("about 40").unwrap_err().to_string(),
            "'about40' is not a whole number (approximate is fine)"
        );
    }

    #[test]
    fn authorities_are_read_from_the_list() {
        assert_eq!(read_authority(" no "), Ok("NO".into()));
        let err = read_authority(" Datatilsynet Narnia ").unwrap_err();
        assert_eq!(err, AuthorityError::NotListed("Datatilsynet Narnia".into()));
        assert_eq!(
            err.to_string(),
            "'Datatilsynet Narnia' is not an authority in the list"
        );
    }
}
