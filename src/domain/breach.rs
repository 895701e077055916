//! Personal-data breaches (GDPR Art. 33–34): the record Art. 33(5) asks for,
//! notifications to authorities in phases, and what the risk level obliges
//! the controller to do. Pure: the current time is a parameter.

use chrono::{DateTime, Utc};

use super::authorities::authority;
use super::breach_clock::{
    long_time, notification_deadline, parse_instant, parse_zone, remaining_text,
};
use super::validation::{optional_line, optional_text, required_line, FieldErrors};

crate::code_enum!(
    /// What the risk to people's rights and freedoms obliges (Art. 33(1), 34(1)).
    RiskLevel {
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
    Cause {
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

#[derive(Debug, Clone, PartialEq, Eq)]
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
}

impl Breach {
    pub fn deadline(&self) -> DateTime<Utc> {
        notification_deadline(self.aware_at)
    }
}

/// What the breach form says, before validation: all text.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BreachDraft {
    pub title: String,
    pub confidentiality: String,
    pub integrity: String,
    pub availability: String,
    pub detected_at: String,
    pub aware_at: String,
    pub awareness_rationale: String,
    pub occurred: String,
    pub ongoing: String,
    pub cause: String,
    pub discovered_how: String,
    pub cyber_incident: String,
    pub processor_id: Option<i64>,
    pub processor_told_us_at: String,
    pub description: String,
    pub systems: String,
    pub data_categories: String,
    pub special_categories: String,
    pub criminal_data: String,
    pub approx_records: String,
    pub approx_subjects: String,
    pub subject_categories: String,
    pub likely_consequences: String,
    pub risk_level: String,
    pub risk_rationale: String,
    pub measures_before: String,
    pub containment: String,
    pub mitigation: String,
    pub not_notified_reasoning: String,
    pub art34_exception: String,
    pub art34_justification: String,
    pub subjects_told_at: String,
    pub subjects_told_how: String,
    pub subjects_told_count: String,
    pub status: String,
    pub lessons_learned: String,
}

fn yes(value: &str) -> bool {
    matches!(
        value.trim().to_ascii_lowercase().as_str(),
        "yes" | "true" | "1"
    )
}

/// How far ahead of the clock a time may be (clocks of two machines differ a little).
const CLOCK_SLACK: chrono::Duration = chrono::Duration::minutes(5);

fn instant(
    errors: &mut FieldErrors,
    field: &'static str,
    value: &str,
    zone: &str,
    required: bool,
    now: DateTime<Utc>,
) -> Option<DateTime<Utc>> {
    if value.trim().is_empty() {
        if required {
            errors.push(
                field,
                "required: YYYY-MM-DDTHH:MM in the register's time zone, or with an offset",
            );
        }
        return None;
    }
    match parse_instant(value, zone) {
        Err(e) => {
            errors.push(field, e.to_string());
            None
        }
        Ok(t) if t > now + CLOCK_SLACK => {
            let tz = parse_zone(zone).unwrap_or(chrono_tz::UTC);
            errors.push(field, format!("{} is in the future", long_time(t, &tz)));
            None
        }
        Ok(t) => Some(t),
    }
}

fn count(errors: &mut FieldErrors, field: &'static str, value: &str) -> Option<i64> {
    let value = value.trim().replace([' ', '\u{a0}'], "");
    if value.is_empty() {
        return None;
    }
    match value.parse::<i64>() {
        Ok(n) if n >= 0 => Some(n),
        _ => {
            errors.push(
                field,
                format!("'{value}' is not a whole number (approximate is fine)"),
            );
            None
        }
    }
}

/// Checks the breach form; times without an offset are local to `zone`.
pub fn validate_breach(
    d: &BreachDraft,
    zone: &str,
    now: DateTime<Utc>,
) -> Result<Breach, FieldErrors> {
    let mut errors = FieldErrors::default();
    let title = required_line(&mut errors, "title", &d.title);
    let (confidentiality, integrity, availability) = (
        yes(&d.confidentiality),
        yes(&d.integrity),
        yes(&d.availability),
    );
    if !(confidentiality || integrity || availability) {
        errors.push(
            "confidentiality",
            "a breach is at least one of confidentiality, integrity or availability",
        );
    }
    let detected_at = instant(&mut errors, "detected_at", &d.detected_at, zone, false, now);
    let aware_at = instant(&mut errors, "aware_at", &d.aware_at, zone, true, now);
    if let (Some(detected), Some(aware)) = (detected_at, aware_at) {
        if detected > aware {
            errors.push(
                "detected_at",
                "the first signal cannot come after awareness",
            );
        }
    }
    let processor_told_us_at = instant(
        &mut errors,
        "processor_told_us_at",
        &d.processor_told_us_at,
        zone,
        false,
        now,
    );
    let subjects_told_at = instant(
        &mut errors,
        "subjects_told_at",
        &d.subjects_told_at,
        zone,
        false,
        now,
    );
    if let (Some(told), Some(aware)) = (subjects_told_at, aware_at) {
        if told < aware {
            errors.push(
                "subjects_told_at",
                "the data subjects cannot be told before the controller was aware",
            );
        }
    }
    let cause = Cause::parse(&d.cause);
    if cause.is_none() {
        errors.push(
            "cause",
            format!("'{}' is not a cause: {}", d.cause.trim(), Cause::expected()),
        );
    }
    let risk_level = RiskLevel::parse(&d.risk_level);
    if risk_level.is_none() {
        errors.push(
            "risk_level",
            format!(
                "'{}' is not a risk level: {}",
                d.risk_level.trim(),
                RiskLevel::expected()
            ),
        );
    }
    let status = BreachStatus::parse(&d.status);
    if status.is_none() {
        errors.push(
            "status",
            format!(
                "'{}' is not a status: {}",
                d.status.trim(),
                BreachStatus::expected()
            ),
        );
    }
    let art34_exception = Art34Exception::parse(&d.art34_exception);
    if art34_exception.is_none() {
        errors.push(
            "art34_exception",
            format!(
                "'{}': {}",
                d.art34_exception.trim(),
                Art34Exception::expected()
            ),
        );
    }
    let not_notified_reasoning = optional_text(
        &mut errors,
        "not_notified_reasoning",
        &d.not_notified_reasoning,
    );
    if risk_level == Some(RiskLevel::NoRisk) && not_notified_reasoning.is_empty() {
        errors.push(
            "not_notified_reasoning",
            "required when the breach is not notified: why is a risk unlikely? (Art. 33(5))",
        );
    }
    let mut art34_justification =
        optional_text(&mut errors, "art34_justification", &d.art34_justification);
    if art34_exception == Some(Art34Exception::NotUsed) {
        art34_justification.clear(); // no exception, nothing to justify
    }
    match art34_exception {
        Some(Art34Exception::NotUsed) | None => {}
        Some(_) if risk_level != Some(RiskLevel::High) => errors.push(
            "art34_exception",
            "an Art. 34(3) exception concerns a high-risk breach only",
        ),
        Some(_) if art34_justification.is_empty() => errors.push(
            "art34_justification",
            "required: why the exception applies (Art. 34(3))",
        ),
        Some(_) => {}
    }
    let breach = Breach {
        title,
        confidentiality,
        integrity,
        availability,
        detected_at,
        aware_at: aware_at.unwrap_or_default(),
        aware_zone: zone.to_string(),
        awareness_rationale: optional_text(
            &mut errors,
            "awareness_rationale",
            &d.awareness_rationale,
        ),
        occurred: optional_line(&mut errors, "occurred", &d.occurred),
        ongoing: yes(&d.ongoing),
        cause: cause.unwrap_or(Cause::Other),
        discovered_how: optional_text(&mut errors, "discovered_how", &d.discovered_how),
        cyber_incident: yes(&d.cyber_incident),
        processor_id: d.processor_id,
        processor_told_us_at,
        description: optional_text(&mut errors, "description", &d.description),
        systems: optional_text(&mut errors, "systems", &d.systems),
        data_categories: optional_text(&mut errors, "data_categories", &d.data_categories),
        special_categories: yes(&d.special_categories),
        criminal_data: yes(&d.criminal_data),
        approx_records: count(&mut errors, "approx_records", &d.approx_records),
        approx_subjects: count(&mut errors, "approx_subjects", &d.approx_subjects),
        subject_categories: optional_text(&mut errors, "subject_categories", &d.subject_categories),
        likely_consequences: optional_text(
            &mut errors,
            "likely_consequences",
            &d.likely_consequences,
        ),
        risk_level: risk_level.unwrap_or(RiskLevel::Risk),
        risk_rationale: optional_text(&mut errors, "risk_rationale", &d.risk_rationale),
        measures_before: optional_text(&mut errors, "measures_before", &d.measures_before),
        containment: optional_text(&mut errors, "containment", &d.containment),
        mitigation: optional_text(&mut errors, "mitigation", &d.mitigation),
        not_notified_reasoning,
        art34_exception: art34_exception.unwrap_or(Art34Exception::NotUsed),
        art34_justification,
        subjects_told_at,
        subjects_told_how: optional_line(&mut errors, "subjects_told_how", &d.subjects_told_how),
        subjects_told_count: count(&mut errors, "subjects_told_count", &d.subjects_told_count),
        status: status.unwrap_or(BreachStatus::Open),
        lessons_learned: optional_text(&mut errors, "lessons_learned", &d.lessons_learned),
    };
    errors.into_result(breach)
}

#[derive(Debug, Clone, PartialEq, Eq)]
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

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NotificationDraft {
    pub authority: String,
    pub kind: String,
    pub sent_at: String,
    pub reference: String,
    pub summary: String,
    pub delay_reason: String,
}

/// Checks a notification of a breach the controller became aware of at
/// `aware_at`; `first` says whether it is the first one sent, the one that must
/// carry reasons when it is late.
pub fn validate_notification(
    d: &NotificationDraft,
    aware_at: DateTime<Utc>,
    first: bool,
    zone: &str,
    now: DateTime<Utc>,
) -> Result<Notification, FieldErrors> {
    let deadline = notification_deadline(aware_at);
    let mut errors = FieldErrors::default();
    if authority(&d.authority).is_none() {
        errors.push(
            "authority",
            format!("'{}' is not an authority in the list", d.authority.trim()),
        );
    }
    let kind = NotificationKind::parse(&d.kind);
    if kind.is_none() {
        errors.push(
            "kind",
            format!("'{}': {}", d.kind.trim(), NotificationKind::expected()),
        );
    }
    let sent_at = instant(&mut errors, "sent_at", &d.sent_at, zone, true, now);
    let delay_reason = optional_text(&mut errors, "delay_reason", &d.delay_reason);
    if let Some(sent) = sent_at {
        if sent < aware_at {
            errors.push(
                "sent_at",
                "a notification cannot be sent before the controller became aware",
            );
        }
        let late = sent - deadline;
        if first && late > chrono::Duration::zero() && delay_reason.is_empty() {
            errors.push(
                "delay_reason",
                format!(
                    "required: sent {} after the 72-hour deadline ({}); Art. 33(1) asks for the reasons for the delay",
                    remaining_text(deadline, sent).trim_end_matches(" late"),
                    long_time(deadline, &parse_zone(zone).unwrap_or(chrono_tz::UTC))
                ),
            );
        }
    }
    errors.into_result(Notification {
        authority: authority(&d.authority)
            .map(|a| a.code.to_string())
            .unwrap_or_default(),
        kind: kind.unwrap_or(NotificationKind::Initial),
        sent_at: sent_at.unwrap_or_default(),
        reference: optional_line(&mut FieldErrors::default(), "reference", &d.reference),
        summary: optional_text(&mut FieldErrors::default(), "summary", &d.summary),
        delay_reason,
    })
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
    let first = notifications.iter().map(|n| n.sent_at).min();
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
                    format!("Authority notified {}: {} the deadline, with reasons for the delay", long_time(sent, zone), remaining_text(deadline, sent).replace("late", "after")),
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

#[cfg(test)]
mod tests {
    use super::*;

    const ZONE: &str = "Europe/Oslo";

    #[allow(non_snake_case)]
    fn NOW() -> DateTime<Utc> {
        "2026-11-23T10:00:00Z".parse().unwrap()
    }

    fn draft() -> BreachDraft {
        BreachDraft {
            title: "Laptop stolen from car".into(),
            confidentiality: "yes".into(),
            aware_at: "2026-10-23T10:00".into(),
            cause: "lost_device".into(),
            risk_level: "risk".into(),
            status: "open".into(),
            art34_exception: "none".into(),
            ..Default::default()
        }
    }

    fn at(s: &str) -> DateTime<Utc> {
        parse_instant(s, ZONE).unwrap()
    }

    #[test]
    fn the_clock_starts_at_awareness_in_the_registers_zone() {
        let b = validate_breach(&draft(), ZONE, NOW()).unwrap();
        assert_eq!(
            b.deadline(),
            at("2026-10-26T09:00"),
            "72 h across the autumn change"
        );
    }

    #[test]
    fn every_problem_is_named_at_its_field() {
        let bad = BreachDraft {
            title: "".into(),
            confidentiality: "no".into(),
            detected_at: "2026-10-24T10:00".into(),
            aware_at: "2026-10-25T02:30".into(),
            approx_records: "about 40".into(),
            risk_level: "medium".into(),
            ..draft()
        };
        let errors = validate_breach(&bad, ZONE, NOW()).unwrap_err();
        assert_eq!(errors.get("title"), Some("required"));
        assert!(errors.get("confidentiality").is_some());
        assert!(
            errors.get("aware_at").unwrap().contains("happens twice"),
            "{errors}"
        );
        assert!(errors
            .get("approx_records")
            .unwrap()
            .contains("whole number"));
        assert!(errors.get("risk_level").is_some());
        let early = BreachDraft {
            detected_at: "2026-10-24T10:00".into(),
            ..draft()
        };
        assert!(validate_breach(&early, ZONE, NOW())
            .unwrap_err()
            .get("detected_at")
            .unwrap()
            .contains("after awareness"));
    }

    #[test]
    fn not_notifying_needs_its_reasoning_and_an_exception_its_justification() {
        let none = BreachDraft {
            risk_level: "none".into(),
            ..draft()
        };
        assert!(validate_breach(&none, ZONE, NOW())
            .unwrap_err()
            .get("not_notified_reasoning")
            .is_some());
        let reasoned = BreachDraft {
            not_notified_reasoning: "Encrypted disk, key not lost".into(),
            ..none
        };
        assert!(validate_breach(&reasoned, ZONE, NOW()).is_ok());
        let exception = BreachDraft {
            risk_level: "high".into(),
            art34_exception: "a".into(),
            ..draft()
        };
        assert!(validate_breach(&exception, ZONE, NOW())
            .unwrap_err()
            .get("art34_justification")
            .is_some());
        let wrong_level = BreachDraft {
            art34_exception: "a".into(),
            art34_justification: "x".into(),
            ..draft()
        };
        assert!(validate_breach(&wrong_level, ZONE, NOW())
            .unwrap_err()
            .get("art34_exception")
            .unwrap()
            .contains("high-risk"));
    }

    #[test]
    fn a_late_first_notification_needs_the_reasons_for_the_delay() {
        let b = validate_breach(&draft(), ZONE, NOW()).unwrap();
        let note = |sent: &str, reason: &str| NotificationDraft {
            authority: "no".into(),
            kind: "initial".into(),
            sent_at: sent.into(),
            delay_reason: reason.into(),
            ..Default::default()
        };
        assert!(
            validate_notification(&note("2026-10-26T08:59", ""), b.aware_at, true, ZONE, NOW())
                .is_ok(),
            "in time"
        );
        let errors =
            validate_notification(&note("2026-10-26T11:30", ""), b.aware_at, true, ZONE, NOW())
                .unwrap_err();
        let message = errors.get("delay_reason").unwrap();
        assert!(
            message.contains("2 h 30 min after the 72-hour deadline (Mon 26 Oct 2026 09:00 CET)"),
            "{message}"
        );
        assert!(validate_notification(
            &note("2026-10-26T11:30", "Forensics needed the weekend"),
            b.aware_at,
            true,
            ZONE,
            NOW()
        )
        .is_ok());
        assert!(
            validate_notification(
                &note("2026-10-30T11:30", ""),
                b.aware_at,
                false,
                ZONE,
                NOW()
            )
            .is_ok(),
            "later phases need none"
        );
        let early =
            validate_notification(&note("2026-10-22T10:00", ""), b.aware_at, true, ZONE, NOW())
                .unwrap_err();
        assert!(early.get("sent_at").is_some());
        let unknown = NotificationDraft {
            authority: "Datatilsynet".into(),
            ..note("2026-10-24T10:00", "")
        };
        assert!(
            validate_notification(&unknown, b.aware_at, true, ZONE, NOW())
                .unwrap_err()
                .get("authority")
                .is_some()
        );
    }

    #[test]
    fn times_in_the_future_are_refused() {
        let future = BreachDraft {
            aware_at: "2026-11-30T09:00".into(),
            ..draft()
        };
        assert!(validate_breach(&future, ZONE, NOW())
            .unwrap_err()
            .get("aware_at")
            .unwrap()
            .contains("in the future"));
        let told = BreachDraft {
            subjects_told_at: "2026-12-01T10:00".into(),
            ..draft()
        };
        assert!(validate_breach(&told, ZONE, NOW())
            .unwrap_err()
            .get("subjects_told_at")
            .is_some());
        let b = validate_breach(&draft(), ZONE, NOW()).unwrap();
        let note = NotificationDraft {
            authority: "NO".into(),
            kind: "initial".into(),
            sent_at: "2026-11-26T09:00".into(),
            ..Default::default()
        };
        assert!(validate_notification(&note, b.aware_at, true, ZONE, NOW())
            .unwrap_err()
            .get("sent_at")
            .is_some());
    }

    #[test]
    fn duties_follow_the_risk_level() {
        let tz = parse_zone(ZONE).unwrap();
        let risk = validate_breach(&draft(), ZONE, NOW()).unwrap();
        let open = duties(&risk, &[], at("2026-10-24T10:00"), &tz);
        assert_eq!(open.len(), 2);
        assert_eq!(open[1].state, DutyState::Open);
        // 24 Oct 10:00 CEST to 26 Oct 09:00 CET is 48 hours: the clocks went back in between.
        assert!(
            open[1]
                .text
                .contains("Notify the authority by Mon 26 Oct 2026 09:00 CET (48 h 00 min left)"),
            "{}",
            open[1].text
        );
        let overdue = duties(&risk, &[], at("2026-10-26T10:00"), &tz);
        assert_eq!(overdue[1].state, DutyState::Late);

        let high = validate_breach(
            &BreachDraft {
                risk_level: "high".into(),
                ..draft()
            },
            ZONE,
            NOW(),
        )
        .unwrap();
        let d = duties(&high, &[], at("2026-10-24T10:00"), &tz);
        assert_eq!(d.len(), 3);
        assert!(d[2].text.contains("Tell the data subjects"));
        let excepted = validate_breach(
            &BreachDraft {
                risk_level: "high".into(),
                art34_exception: "a".into(),
                art34_justification: "AES-256, key safe".into(),
                ..draft()
            },
            ZONE,
            NOW(),
        )
        .unwrap();
        assert_eq!(
            duties(&excepted, &[], at("2026-10-24T10:00"), &tz)[2].state,
            DutyState::NotRequired
        );

        let none = validate_breach(
            &BreachDraft {
                risk_level: "none".into(),
                not_notified_reasoning: "r".into(),
                ..draft()
            },
            ZONE,
            NOW(),
        )
        .unwrap();
        let d = duties(&none, &[], at("2026-10-24T10:00"), &tz);
        assert_eq!((d.len(), d[1].state), (2, DutyState::NotRequired));
    }
}
