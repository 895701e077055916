//! Personal-data breaches (Art. 33–34), their notifications to authorities
//! and the activities they touch: the kinds of record.

use super::{line, required, text, Context, Field, Input, Parent, Stored};
use crate::domain::authorities::AUTHORITIES;
use crate::domain::breach::{
    check_breach, read_authority, read_count, Art34Exception, Breach, BreachStatus, Cause,
    Notification, NotificationKind, RiskLevel,
};
use crate::store::{BreachRow, NotificationRow};

pub struct BreachKind;

fn breach_of(r: &BreachRow) -> &Breach {
    &r.breach
}

const FIELDS: &[Field<Breach, BreachRow>] = &[
    crate::export_only!("id", "Record number in this register", |r| r.id.to_string()),
    crate::field!("title", "Title", "Short name of the breach",
        required("short name, e.g. Laptop stolen from car"), title; breach_of),
    crate::field!("confidentiality", "Confidentiality",
        "yes: unauthorised disclosure of or access to data",
        Input::YesNo, confidentiality; breach_of),
    crate::field!("integrity", "Integrity", "yes: unauthorised alteration of data",
        Input::YesNo, integrity; breach_of),
    crate::field!("availability", "Availability", "yes: loss of access to, or destruction of, data",
        Input::YesNo, availability; breach_of),
    crate::field!("detected_at", "First signal", "First signal, RFC 3339 UTC",
        line("YYYY-MM-DDTHH:MM"), detected_at; breach_of),
    crate::field!("aware_at", "Aware since",
        "Awareness (reasonable certainty), RFC 3339 UTC: the 72 hours start",
        required("the 72 hours start here"), aware_at; breach_of),
    // The zone the awareness time was given in: the register's when it was saved.
    Field {
        key: "aware_zone",
        label: "",
        description: "Time zone the awareness time was given in",
        input: None,
        entry: None,
        stored: Some(Stored {
            column: "aware_zone",
            write: |b| b.aware_zone.as_str().into(),
            read: |b, row, i| {
                b.aware_zone = row.get(i)?;
                Ok(())
            },
        }),
        cell: Some(|r| r.breach.aware_zone.clone()),
        typed: None,
    },
    crate::export_only!(
        "deadline_at",
        "Awareness + 72 hours of elapsed time, RFC 3339 UTC (Art. 33(1))",
        instant |r: &BreachRow| Some(r.breach.deadline())
    ),
    crate::field!("awareness_rationale", "Why aware then", "Why the controller became aware then",
        text("reasonable certainty that personal data were compromised"),
        awareness_rationale; breach_of),
    crate::field!("occurred", "When it happened", "When the breach happened, as known",
        line("as far as known"), occurred; breach_of),
    crate::field!("ongoing", "Still ongoing", "yes while the breach continues",
        Input::YesNo, ongoing; breach_of),
    crate::field!("cause", "Cause",
        "misdirected, hacking, malware, lost_device, insider, processor, system_fault or other",
        Input::Codes(Cause::options), cause; breach_of),
    crate::field!("discovered_how", "Discovered how", "How it came to light",
        text(""), discovered_how; breach_of),
    crate::field!("cyber_incident", "Cyber incident", "yes when caused by a cyber incident",
        Input::YesNo, cyber_incident; breach_of),
    crate::field!("processor_id", "Processor", "The processor involved (id in processors.csv)",
        Input::Record, processor_id; breach_of),
    crate::export_only!("processor_name", "The processor involved", |r| r
        .processor_name
        .clone()
        .unwrap_or_default()),
    crate::field!("processor_told_us_at", "Processor told us",
        "When the processor told the controller, RFC 3339 UTC (Art. 33(2))",
        line("Art. 33(2)"), processor_told_us_at; breach_of),
    crate::field!("description", "What happened", "What happened",
        text(""), description; breach_of),
    crate::field!("systems", "Systems", "Systems affected", text(""), systems; breach_of),
    // Kept as links (breach_activities); the form ticks them among the register's.
    Field::on_form("activities", "Activities hit", Input::Records, None),
    crate::field!("data_categories", "Data affected", "Categories of personal data affected",
        text("categories of personal data"), data_categories; breach_of),
    crate::field!("special_categories", "Art. 9 data",
        "yes when Art. 9(1) special categories are affected",
        Input::YesNo, special_categories; breach_of),
    crate::field!("criminal_data", "Art. 10 data",
        "yes when Art. 10 criminal-offence data are affected",
        Input::YesNo, criminal_data; breach_of),
    crate::field!("approx_records", "Records (approx.)",
        "Approximate number of personal data records",
        line("a number"), approx_records; breach_of;
        read = |text, _| read_count(text)),
    crate::field!("approx_subjects", "People (approx.)", "Approximate number of data subjects",
        line("a number"), approx_subjects; breach_of;
        read = |text, _| read_count(text)),
    crate::field!("subject_categories", "Who is affected",
        "Categories of data subjects (customers, employees, children…)",
        text("customers, employees, children…"), subject_categories; breach_of),
    crate::field!("likely_consequences", "Consequences",
        "Likely consequences for the data subjects",
        text("likely consequences for them"), likely_consequences; breach_of),
    crate::field!("risk_level", "Risk level",
        "none (record only), risk (notify the authority) or high (also tell the data subjects)",
        Input::Codes(RiskLevel::options), risk_level; breach_of),
    crate::field!("risk_rationale", "Why that risk", "Why that risk level",
        text(""), risk_rationale; breach_of),
    crate::field!("measures_before", "Measures before", "Measures in place before the breach",
        text(""), measures_before; breach_of),
    crate::field!("containment", "Containment", "Measures taken to contain it",
        text(""), containment; breach_of),
    crate::field!("mitigation", "Mitigation", "Measures to mitigate its effects",
        text(""), mitigation; breach_of),
    crate::field!("not_notified_reasoning", "Why not notified",
        "Why it was not notified (Art. 33(5))",
        text("required for risk level none (Art. 33(5))"), not_notified_reasoning; breach_of),
    crate::field!("art34_exception", "Art. 34(3)",
        "none, a, b or c: the Art. 34(3) ground for not telling the data subjects",
        Input::Codes(Art34Exception::options), art34_exception; breach_of),
    crate::field!("art34_justification", "Why exception",
        "Why the Art. 34(3) exception applies",
        text(""), art34_justification; breach_of),
    crate::field!("subjects_told_at", "Subjects told",
        "When the data subjects were told, RFC 3339 UTC (Art. 34)",
        line("YYYY-MM-DDTHH:MM (Art. 34)"), subjects_told_at; breach_of),
    crate::field!("subjects_told_how", "Subjects told how", "How they were told",
        line("letter, e-mail, public notice…"), subjects_told_how; breach_of),
    crate::field!("subjects_told_count", "Told (number)", "How many were told",
        line("a number"), subjects_told_count; breach_of;
        read = |text, _| read_count(text)),
    crate::export_only!(
        "first_notified_at",
        "When the first notification was sent, RFC 3339 UTC",
        instant |r: &BreachRow| r.notifications.iter().map(|n| n.sent_at).min()
    ),
    crate::export_only!(
        "first_notified_hours_late",
        "Hours after the 72-hour deadline the first notification was sent (one decimal); empty when in time or not notified",
        decimal |r: &BreachRow| match r.notifications.iter().map(|n| n.sent_at).min() {
            Some(sent) if sent > r.breach.deadline() => {
                format!("{:.1}", (sent - r.breach.deadline()).num_seconds() as f64 / 3600.0)
            }
            _ => String::new(),
        }
    ),
    crate::field!("status", "Status", "open, assessed, notified or closed",
        Input::Codes(BreachStatus::options), status; breach_of),
    crate::field!("lessons_learned", "Lessons learned", "What changes because of it",
        text(""), lessons_learned; breach_of),
    crate::field!("processor_record_id", "As processor for",
        "Where the breach is in processing done for a controller: the Art. 30(2) record's id (processor_records.csv); then the controller is told (Art. 33(2)), not the authority",
        Input::Record, processor_record_id; breach_of),
    crate::field!("controller_told_at", "Controller told",
        "When the controller was told, RFC 3339 UTC (Art. 33(2))",
        line("YYYY-MM-DD HH:MM"), controller_told_at; breach_of),
    crate::field!("controller_told_how", "Controller told how", "How and whom the controller was told",
        line("e-mail to the controller's DPO, call…"), controller_told_how; breach_of),
    crate::export_only!(
        "controller_deadline_at",
        "For a breach as processor: the hour the contract sets for telling the controller (UTC); empty: without undue delay, no fixed hour",
        instant |r: &BreachRow| r
            .controller
            .as_ref()
            .and_then(|c| c.deadline(r.breach.aware_at))
    ),
];

/// The form's order: the processor-side fields beside the processor's.
const FORM: &[&str] = &[
    "title",
    "confidentiality",
    "integrity",
    "availability",
    "detected_at",
    "aware_at",
    "aware_zone",
    "awareness_rationale",
    "occurred",
    "ongoing",
    "cause",
    "discovered_how",
    "cyber_incident",
    "processor_record_id",
    "controller_told_at",
    "controller_told_how",
    "processor_id",
    "processor_told_us_at",
    "description",
    "systems",
    "activities",
    "data_categories",
    "special_categories",
    "criminal_data",
    "approx_records",
    "approx_subjects",
    "subject_categories",
    "likely_consequences",
    "risk_level",
    "risk_rationale",
    "measures_before",
    "containment",
    "mitigation",
    "not_notified_reasoning",
    "art34_exception",
    "art34_justification",
    "subjects_told_at",
    "subjects_told_how",
    "subjects_told_count",
    "status",
    "lessons_learned",
];

/// The rules of Art. 33–34 across the fields; the awareness time is kept
/// with the zone it was given in.
fn breach_rules(
    b: &mut Breach,
    errors: &mut crate::domain::validation::FieldErrors,
    context: &Context,
) {
    b.aware_zone = context.zone.name().to_string();
    check_breach(b, errors);
}

crate::record_kind! {
    BreachKind: Breach, BreachRow; table "breaches", one "breach",
    fields FIELDS,
    form FORM,
    check breach_rules,
    search crate::domain::breach::search_text
}

/// The notifications of breaches to authorities (`breach_notifications`).
pub struct BreachNotificationKind;

fn notification_of(r: &NotificationRow) -> &Notification {
    &r.notification
}

fn authority_options() -> Vec<(String, String)> {
    AUTHORITIES
        .iter()
        .map(|a| (a.code.to_string(), a.name.to_string()))
        .collect()
}

const NOTIFICATION_FIELDS: &[Field<Notification, NotificationRow>] = &[
    crate::export_only!("breach_id", "The breach's id", |n| n.breach_id.to_string()),
    crate::field!("authority", "Authority",
        "The supervisory authority's code (NO, SE, GB, DE-BE…; docs/csv-format.md)",
        Input::Codes(authority_options), authority; notification_of;
        read = |text, _| read_authority(text)),
    crate::field!("kind", "Kind", "initial, additional or final (Art. 33(4): in phases)",
        Input::Codes(NotificationKind::options), kind; notification_of),
    crate::field!("sent_at", "Sent at", "When it was sent, RFC 3339 UTC",
        required("YYYY-MM-DDTHH:MM"), sent_at; notification_of),
    crate::field!("reference", "Their reference", "The authority's case reference",
        line("the authority's case number"), reference; notification_of),
    crate::field!("summary", "What was reported", "What was reported",
        text("the Art. 33(3) items known so far"), summary; notification_of),
    crate::field!("delay_reason", "Reasons for delay",
        "Reasons for a notification after the 72 hours (Art. 33(1))",
        text("required after 72 hours (Art. 33(1))"), delay_reason; notification_of),
];

crate::record_kind! {
    BreachNotificationKind: Notification, NotificationRow; table "breach_notifications", one "notification",
    fields NOTIFICATION_FIELDS,
    parent Parent::of::<BreachKind>("breach_id")
}

/// The activities breaches touch, a link each (`breach_activities`).
pub struct BreachActivityKind;

/// (breach id, activity id, activity name).
pub type BreachActivity = (i64, i64, String);

const LINK_FIELDS: &[Field<(), BreachActivity>] = &[
    crate::export_only!("breach_id", "The breach's id (breaches.csv)", |l| l
        .0
        .to_string()),
    crate::export_only!(
        "activity_id",
        "The affected activity's id (activities.csv)",
        |l| l.1.to_string()
    ),
    crate::export_only!("activity", "The affected activity's name", |l| l.2.clone()),
];

crate::record_kind! {
    BreachActivityKind: (), BreachActivity; table "breach_activities", one "activity link",
    fields LINK_FIELDS,
    parent Parent::of::<BreachKind>("breach_id")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::breach::{check_notification, duties, DutyState};
    use crate::domain::breach_clock::{parse_instant, parse_zone};
    use crate::domain::validation::FieldErrors;
    use crate::record::{validate, Draft};
    use chrono::{DateTime, Utc};

    const ZONE: &str = "Europe/Oslo";

    /// A breach read from `draft` by the kind's rules, in `zone` at `now`.
    fn validate_breach(
        draft: &Draft,
        zone: &str,
        now: DateTime<Utc>,
    ) -> Result<Breach, FieldErrors> {
        let context = Context::new(now, parse_zone(zone).unwrap());
        validate::<BreachKind>(draft, &context)
    }

    /// A notification read from `draft`, then checked against the breach's
    /// awareness (`first`: the first one sent).
    fn validate_notification(
        draft: &Draft,
        aware_at: DateTime<Utc>,
        first: bool,
        zone: &str,
        now: DateTime<Utc>,
    ) -> Result<Notification, FieldErrors> {
        let context = Context::new(now, parse_zone(zone).unwrap());
        let n = validate::<BreachNotificationKind>(draft, &context)?;
        let mut errors = FieldErrors::default();
        check_notification(&n, aware_at, first, &context.zone, &mut errors);
        errors.into_result(n)
    }

    #[allow(non_snake_case)]
    fn NOW() -> DateTime<Utc> {
        "2026-11-23T10:00:00Z".parse().unwrap()
    }

    fn draft() -> Draft {
        Draft::default()
            .with("title", "Laptop stolen from car")
            .with("confidentiality", "yes")
            .with("aware_at", "2026-10-23T10:00")
            .with("cause", "lost_device")
            .with("risk_level", "risk")
            .with("status", "open")
            .with("art34_exception", "none")
    }

    fn at(s: &str) -> DateTime<Utc> {
        parse_instant(s, &ZONE.parse().unwrap()).unwrap()
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
        let bad = draft()
            .with("title", "")
            .with("confidentiality", "no")
            .with("detected_at", "2026-10-24T10:00")
            .with("aware_at", "2026-10-25T02:30")
            .with("approx_records", "about 40")
            .with("risk_level", "medium");
        let errors = validate_breach(&bad, ZONE, NOW()).unwrap_err();
        assert_eq!(errors.get("title"), Some("required"));
        assert!(errors.get("confidentiality").is_some());
        assert!(
            errors.get("aware_at").unwrap().contains("happens twice"),
            "{errors}"
        );
        errors.assert_says("approx_records", "whole number");
        assert!(errors.get("risk_level").is_some());
        let early = draft().with("detected_at", "2026-10-24T10:00");
        validate_breach(&early, ZONE, NOW())
            .unwrap_err()
            .assert_says("detected_at", "after awareness");
    }

    #[test]
    fn not_notifying_needs_its_reasoning_and_an_exception_its_justification() {
        let none = draft().with("risk_level", "none");
        assert!(validate_breach(&none, ZONE, NOW())
            .unwrap_err()
            .get("not_notified_reasoning")
            .is_some());
        let reasoned = none.with("not_notified_reasoning", "Encrypted disk, key not lost");
        assert!(validate_breach(&reasoned, ZONE, NOW()).is_ok());
        let exception = draft()
            .with("risk_level", "high")
            .with("art34_exception", "a");
        assert!(validate_breach(&exception, ZONE, NOW())
            .unwrap_err()
            .get("art34_justification")
            .is_some());
        let wrong_level = draft()
            .with("art34_exception", "a")
            .with("art34_justification", "x");
        validate_breach(&wrong_level, ZONE, NOW())
            .unwrap_err()
            .assert_says("art34_exception", "high-risk");
    }

    #[test]
    fn a_late_first_notification_needs_the_reasons_for_the_delay() {
        let b = validate_breach(&draft(), ZONE, NOW()).unwrap();
        let note = |sent: &str, reason: &str| {
            Draft::default()
                .with("authority", "no")
                .with("kind", "initial")
                .with("sent_at", sent)
                .with("delay_reason", reason)
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
        let unknown = note("2026-10-24T10:00", "").with("authority", "Datatilsynet");
        assert!(
            validate_notification(&unknown, b.aware_at, true, ZONE, NOW())
                .unwrap_err()
                .get("authority")
                .is_some()
        );
    }

    #[test]
    fn times_in_the_future_are_refused() {
        let future = draft().with("aware_at", "2026-11-30T09:00");
        validate_breach(&future, ZONE, NOW())
            .unwrap_err()
            .assert_says("aware_at", "in the future");
        let told = draft().with("subjects_told_at", "2026-12-01T10:00");
        assert!(validate_breach(&told, ZONE, NOW())
            .unwrap_err()
            .get("subjects_told_at")
            .is_some());
        let b = validate_breach(&draft(), ZONE, NOW()).unwrap();
        let note = Draft::default()
            .with("authority", "NO")
            .with("kind", "initial")
            .with("sent_at", "2026-11-26T09:00");
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

        let high = validate_breach(&draft().with("risk_level", "high"), ZONE, NOW()).unwrap();
        let d = duties(&high, &[], at("2026-10-24T10:00"), &tz);
        assert_eq!(d.len(), 3);
        assert!(d[2].text.contains("Tell the data subjects"));
        let excepted = validate_breach(
            &draft()
                .with("risk_level", "high")
                .with("art34_exception", "a")
                .with("art34_justification", "AES-256, key safe"),
            ZONE,
            NOW(),
        )
        .unwrap();
        assert_eq!(
            duties(&excepted, &[], at("2026-10-24T10:00"), &tz)[2].state,
            DutyState::NotRequired
        );

        let none = validate_breach(
            &draft()
                .with("risk_level", "none")
                .with("not_notified_reasoning", "r"),
            ZONE,
            NOW(),
        )
        .unwrap();
        let d = duties(&none, &[], at("2026-10-24T10:00"), &tz);
        assert_eq!((d.len(), d[1].state), (2, DutyState::NotRequired));
    }

    #[test]
    fn a_late_notification_says_whether_its_reasons_were_given() {
        let tz = parse_zone(ZONE).unwrap();
        let risk = validate_breach(&draft(), ZONE, NOW()).unwrap();
        let late = |reason: &str| crate::domain::breach::Notification {
            authority: "NO-DT".into(),
            kind: crate::domain::breach::NotificationKind::Initial,
            sent_at: at("2026-10-27T10:00"),
            reference: String::new(),
            summary: String::new(),
            delay_reason: reason.into(),
        };
        let said = |reason: &str| {
            duties(&risk, &[late(reason)], at("2026-10-28T10:00"), &tz)[1]
                .text
                .clone()
        };
        assert!(said("The DPO was ill").contains("with reasons for the delay"));
        let without = said("");
        assert!(
            without.contains("without the reasons for the delay")
                && !without.contains("with reasons"),
            "{without}"
        );
    }
}
