//! Each rule fires when it should and stays quiet when it should not.

use super::*;
use crate::domain::activity::{Art6Basis, Art9Condition, DataCategory, LawfulBasis};
use crate::domain::breach::NotificationKind;
use crate::domain::breach_clock::parse_zone;
use crate::domain::dpa::{Authorisation, ClauseState, CLAUSES};
use crate::domain::request::{
    Channel, PauseKind, RequestBasics, RequestPause, RequestStatus, Right,
};
use crate::domain::transfer::TransferTool;
use crate::domain::urgency::sort_by_urgency;
use crate::record::breach::BreachKind;
use crate::record::{validate, Context as ReadContext, Draft};

const ZONE: &str = "Europe/Oslo";

use crate::testing::day;

fn at(s: &str) -> DateTime<Utc> {
    crate::domain::breach_clock::parse_instant(s, &ZONE.parse().unwrap()).unwrap()
}

fn record(area: Area) -> RecordRef {
    RecordRef {
        area,
        id: 7,
        label: "X".into(),
    }
}

fn codes(findings: &[Finding]) -> Vec<&'static str> {
    findings.iter().map(|f| f.code).collect()
}

fn legal(due: NaiveDate, notice_by: NaiveDate) -> RequestDates {
    RequestDates {
        due,
        notice_by,
        promised: None,
    }
}

fn request() -> Request {
    let mut r = RequestBasics {
        reference: "DSR-2026-0001".into(),
        subject_ref: "C-1".into(),
        right: Right::Access,
        received_on: day("2026-10-20"),
        received_at: String::new(),
        channel: Channel::Email,
        representative: false,
        notes: String::new(),
    }
    .into_new_request();
    r.status = RequestStatus::InProgress;
    r
}

#[test]
fn a_request_is_running_then_due_soon_then_overdue_and_silent_once_closed() {
    let rec = record(Area::Requests);
    let due = day("2026-11-20");
    let notice = day("2026-11-20");
    let on = |today| {
        codes(&request_findings(
            &rec,
            &request(),
            legal(due, notice),
            day(today),
        ))
    };
    assert_eq!(on("2026-11-01"), ["request-due"]);
    assert_eq!(on("2026-11-13"), ["request-due-soon"], "7 days before");
    assert_eq!(
        on("2026-11-20"),
        ["request-due-soon"],
        "the day itself is in time"
    );
    assert_eq!(on("2026-11-21"), ["request-overdue"]);
    let f = &request_findings(&rec, &request(), legal(due, notice), day("2026-11-23"))[0];
    assert_eq!(f.severity, Severity::Error);
    assert!(f.message.contains("3 days late"), "{}", f.message);
    let mut closed = request();
    closed.status = RequestStatus::Answered;
    assert!(request_findings(&rec, &closed, legal(due, notice), day("2026-11-23")).is_empty());
}

#[test]
fn a_paused_request_is_information_only_and_the_extension_notice_warns_before_its_day() {
    let rec = record(Area::Requests);
    let mut paused = request();
    paused.pauses.push(RequestPause {
        kind: PauseKind::Clarification,
        requested_on: day("2026-11-01"),
        answered_on: None,
    });
    let f = request_findings(
        &rec,
        &paused,
        legal(day("2026-11-20"), day("2026-11-18")),
        day("2026-11-23"),
    );
    assert_eq!(codes(&f), ["request-paused"]);
    // The notice day is before the answer day: warned in its last week only.
    let (due, notice) = (day("2026-11-23"), day("2026-11-20"));
    let on = |today| {
        codes(&request_findings(
            &rec,
            &request(),
            legal(due, notice),
            day(today),
        ))
    };
    assert_eq!(on("2026-11-10"), ["request-due"]);
    assert_eq!(
        on("2026-11-16"),
        ["request-due-soon", "request-extension-notice"]
    );
    assert_eq!(on("2026-11-21"), ["request-due-soon"], "its day has passed");
    let mut extended = request();
    extended.extension_notice_sent_on = Some(day("2026-11-15"));
    let f = request_findings(&rec, &extended, legal(due, notice), day("2026-11-16"));
    assert_eq!(codes(&f), ["request-due-soon"], "already extended");
}

fn breach(risk: &str, exception: &str) -> Breach {
    let justification = if exception == "none" {
        ""
    } else {
        "encrypted disk"
    };
    let reasoning = if risk == "none" {
        "the disk was encrypted"
    } else {
        ""
    };
    let draft = Draft::default()
        .with("title", "Laptop stolen")
        .with("confidentiality", "yes")
        .with("aware_at", "2026-11-20T10:00")
        .with("cause", "lost_device")
        .with("risk_level", risk)
        .with("status", "open")
        .with("art34_exception", exception)
        .with("art34_justification", justification)
        .with("not_notified_reasoning", reasoning);
    let context = ReadContext::new(at("2026-11-23T10:00"), parse_zone(ZONE).unwrap());
    validate::<BreachKind>(&draft, &context).unwrap()
}

fn sent(when: &str, reason: &str) -> Notification {
    Notification {
        authority: "NO".into(),
        kind: NotificationKind::Initial,
        sent_at: at(when),
        reference: String::new(),
        summary: String::new(),
        delay_reason: reason.into(),
    }
}

#[test]
fn the_breach_clock_is_an_error_inside_72_hours_and_critical_after_them() {
    let rec = record(Area::Breaches);
    let b = breach("risk", "none");
    let inside = breach_findings(&rec, &b, &[], at("2026-11-22T10:00"));
    assert_eq!(codes(&inside), ["breach-clock"]);
    assert_eq!(inside[0].severity, Severity::Error);
    assert!(
        inside[0].message.contains("24 h 00 min"),
        "{}",
        inside[0].message
    );
    assert_eq!(inside[0].due, Some(Due::At(at("2026-11-23T10:00"))));
    let after = breach_findings(&rec, &b, &[], at("2026-11-23T13:00"));
    assert_eq!(codes(&after), ["breach-notify-overdue"]);
    assert_eq!(after[0].severity, Severity::Critical);
    let notified = breach_findings(
        &rec,
        &b,
        &[sent("2026-11-21T09:00", "")],
        at("2026-11-25T10:00"),
    );
    assert!(notified.is_empty(), "notified in time: nothing to do");
}

#[test]
fn a_late_notification_needs_its_reasons_and_a_high_risk_needs_the_subjects_told() {
    let rec = record(Area::Breaches);
    let b = breach("risk", "none");
    let late = [sent("2026-11-24T09:00", "")];
    assert_eq!(
        codes(&breach_findings(&rec, &b, &late, at("2026-11-25T10:00"))),
        ["breach-late-without-reason"]
    );
    let reasoned = [sent("2026-11-24T09:00", "forensics took two days")];
    assert!(breach_findings(&rec, &b, &reasoned, at("2026-11-25T10:00")).is_empty());
    let high = breach("high", "none");
    let in_time = [sent("2026-11-21T09:00", "")];
    assert_eq!(
        codes(&breach_findings(
            &rec,
            &high,
            &in_time,
            at("2026-11-25T10:00")
        )),
        ["breach-subjects-not-told"]
    );
    // Art. 34(3)(c) replaces the duty with a public communication: still open.
    let public = breach("high", "c");
    let f = breach_findings(&rec, &public, &in_time, at("2026-11-25T10:00"));
    assert_eq!(codes(&f), ["breach-subjects-not-told"]);
    assert!(f[0].message.contains("public communication"));
    let excepted = breach("high", "a");
    assert!(breach_findings(&rec, &excepted, &in_time, at("2026-11-25T10:00")).is_empty());
    let mut told = high.clone();
    told.subjects_told_at = Some(at("2026-11-22T09:00"));
    assert!(breach_findings(&rec, &told, &in_time, at("2026-11-25T10:00")).is_empty());
}

#[test]
fn an_unnotified_breach_without_risk_needs_its_reasoning_recorded() {
    let rec = record(Area::Breaches);
    let mut b = breach("none", "none");
    // The form insists on it; a register changed elsewhere may still lack it.
    b.not_notified_reasoning.clear();
    assert_eq!(
        codes(&breach_findings(&rec, &b, &[], at("2026-11-25T10:00"))),
        ["breach-no-risk-reasoning"]
    );
    b.not_notified_reasoning = "the disk was encrypted".into();
    assert!(breach_findings(&rec, &b, &[], at("2026-11-25T10:00")).is_empty());
}

fn fields(role: RecipientRole, country: &str, parent: Option<i64>) -> ProcessorFields {
    ProcessorFields {
        name: "Cloud Ltd".into(),
        country: country.into(),
        role,
        parent_id: parent,
        ..ProcessorFields::default()
    }
}

fn dpa(status: DpaStatus, missing: bool, review: Option<&str>) -> Dpa {
    let mut clauses = vec![(ClauseState::Present, String::new()); CLAUSES.len()];
    if missing {
        clauses[2] = (ClauseState::Missing, String::new());
    }
    Dpa {
        status,
        version: "1".into(),
        signed_on: Some(day("2025-01-01")),
        effective_on: None,
        review_on: review.map(day),
        document: String::new(),
        clauses,
        authorisation: Authorisation::General,
        notice_days: Some(30),
    }
}

#[test]
fn a_processor_needs_a_signed_agreement_but_a_sub_processor_and_a_controller_do_not() {
    let rec = record(Area::Processors);
    let today = day("2026-11-23");
    let p = fields(RecipientRole::Processor, "NO", None);
    assert_eq!(
        codes(&processor_findings(&rec, &p, None, &[], today)),
        ["processor-no-dpa"]
    );
    let negotiating = dpa(DpaStatus::InNegotiation, false, None);
    let f = processor_findings(&rec, &p, Some(&negotiating), &[], today);
    assert_eq!(codes(&f), ["processor-no-dpa"]);
    assert!(f[0].message.contains("in negotiation"));
    let signed = dpa(DpaStatus::Signed, false, None);
    assert!(processor_findings(&rec, &p, Some(&signed), &[], today).is_empty());
    let sub = fields(RecipientRole::SubProcessor, "NO", Some(1));
    assert!(processor_findings(&rec, &sub, None, &[], today).is_empty());
    let controller = fields(RecipientRole::IndependentController, "NO", None);
    assert!(processor_findings(&rec, &controller, None, &[], today).is_empty());
    let mut ended = p.clone();
    ended.status = ProcessorStatus::Ended;
    assert!(processor_findings(&rec, &ended, None, &[], today).is_empty());
}

#[test]
fn a_processor_to_identify_is_one_open_item_not_a_missing_agreement_or_transfer() {
    let rec = record(Area::Processors);
    let today = day("2026-11-23");
    let mut unknown = fields(RecipientRole::Processor, "", None);
    unknown.status = ProcessorStatus::ToIdentify;
    unknown.service = "our e-mail provider".into();
    let f = processor_findings(&rec, &unknown, None, &[], today);
    assert_eq!(codes(&f), ["processor-to-identify"]);
    assert!(
        f[0].message.contains("\"our e-mail provider\""),
        "{}",
        f[0].message
    );
    assert_eq!(f[0].severity, Severity::Warning);
}

#[test]
fn agreements_are_checked_for_clauses_and_reviews() {
    let rec = record(Area::Processors);
    let today = day("2026-11-23");
    let p = fields(RecipientRole::Processor, "NO", None);
    let gaps = dpa(DpaStatus::Signed, true, None);
    assert_eq!(
        codes(&processor_findings(&rec, &p, Some(&gaps), &[], today)),
        ["dpa-clauses-missing"]
    );
    let late = dpa(DpaStatus::Signed, false, Some("2026-11-11"));
    let f = processor_findings(&rec, &p, Some(&late), &[], today);
    assert_eq!(codes(&f), ["dpa-review-overdue"]);
    assert!(f[0].message.contains("12 days late"));
    let soon = dpa(DpaStatus::Signed, false, Some("2026-12-13"));
    let f = processor_findings(&rec, &p, Some(&soon), &[], today);
    assert_eq!(
        (codes(&f), f[0].severity),
        (vec!["dpa-review-due"], Severity::Info)
    );
    let far = dpa(DpaStatus::Signed, false, Some("2027-06-01"));
    assert!(processor_findings(&rec, &p, Some(&far), &[], today).is_empty());
}

#[test]
fn a_processor_outside_the_eea_needs_a_transfer_tool_and_a_sound_one() {
    let rec = record(Area::Processors);
    let today = day("2026-11-23");
    let signed = dpa(DpaStatus::Signed, false, None);
    let us = fields(RecipientRole::Processor, "US", None);
    assert_eq!(
        codes(&processor_findings(&rec, &us, Some(&signed), &[], today)),
        ["transfer-missing"]
    );
    let scc_without_tia = Transfer {
        country: "US".into(),
        tool: TransferTool::SccModule2,
        ..Transfer::default()
    };
    let f = processor_findings(
        &rec,
        &us,
        Some(&signed),
        std::slice::from_ref(&scc_without_tia),
        today,
    );
    assert_eq!(codes(&f), ["transfer-weak"], "{f:?}");
    let with_tia = Transfer {
        tia_reference: "TIA-2026-01".into(),
        tia_date: Some(day("2026-01-10")),
        ..scc_without_tia
    };
    assert!(processor_findings(&rec, &us, Some(&signed), &[with_tia], today).is_empty());
    let se = fields(RecipientRole::Processor, "SE", None);
    assert!(
        processor_findings(&rec, &se, Some(&signed), &[], today).is_empty(),
        "inside the EEA"
    );
}

#[test]
fn an_objection_period_is_a_clock_until_it_ends_or_is_decided() {
    let rec = record(Area::Processors);
    let today = day("2026-11-23");
    let f = notice_findings(&rec, "Twilio Inc.", day("2026-12-20"), true, today);
    assert_eq!(
        (codes(&f), f[0].severity),
        (vec!["notice-objection-open"], Severity::Info)
    );
    let f = notice_findings(&rec, "Twilio Inc.", day("2026-11-27"), true, today);
    assert_eq!(f[0].severity, Severity::Warning);
    assert!(
        notice_findings(&rec, "X", day("2026-11-22"), true, today).is_empty(),
        "ended"
    );
    assert!(
        notice_findings(&rec, "X", day("2026-11-27"), false, today).is_empty(),
        "decided"
    );
}

fn category(name: &str, special: Option<&str>) -> DataCategory {
    DataCategory {
        name: name.into(),
        special: special.map(String::from),
        criminal: false,
        retention: Some(crate::domain::activity::parse_retention("2 years").unwrap()),
    }
}

fn basis(art6: Art6Basis) -> LawfulBasis {
    LawfulBasis {
        purpose: "Service".into(),
        art6,
        art9: None,
        art10_basis: String::new(),
        justification: String::new(),
        consent_record: String::new(),
    }
}

fn activity() -> Activity {
    Activity {
        name: "Customer administration".into(),
        purposes: "Deliver the service".into(),
        owner: "Sales".into(),
        subject_categories: "Customers".into(),
        data_categories: vec![category("Contact details", None)],
        source: "The customer".into(),
        other_recipients: "none".into(),
        other_transfers: String::new(),
        measures: "Access control".into(),
        bases: vec![basis(Art6Basis::Contract)],
        ..Activity::default()
    }
}

fn identified() -> Context {
    Context {
        controller_identified: true,
        processor_countries: vec![],
    }
}

#[test]
fn a_complete_activity_is_quiet_and_each_gap_has_its_code() {
    let rec = record(Area::Activities);
    let today = day("2026-11-23");
    assert!(activity_findings(&rec, &activity(), &identified(), today).is_empty());
    let mut a = activity();
    a.measures.clear();
    let f = activity_findings(&rec, &a, &identified(), today);
    assert_eq!(codes(&f), ["activity-incomplete"]);
    assert!(f[0].message.contains("30(1)(g)"));
    let mut health = activity();
    health
        .data_categories
        .push(category("Sick-leave notes", Some("health")));
    assert_eq!(
        codes(&activity_findings(&rec, &health, &identified(), today)),
        ["activity-art9-without-condition"]
    );
    health.bases[0].art9 = Some(Art9Condition::Employment);
    assert!(activity_findings(&rec, &health, &identified(), today).is_empty());
    let mut risky = activity();
    risky.dpia_criteria[0] = true;
    risky.dpia_criteria[3] = true;
    assert_eq!(
        codes(&activity_findings(&rec, &risky, &identified(), today)),
        ["activity-dpia-missing"]
    );
    risky.dpia_reference = "DPIA-7".into();
    assert!(activity_findings(&rec, &risky, &identified(), today).is_empty());
    let mut no_basis = activity();
    no_basis.bases.clear();
    assert_eq!(
        codes(&activity_findings(&rec, &no_basis, &identified(), today)),
        ["activity-no-lawful-basis"]
    );
    let mut retired = no_basis;
    retired.status = ActivityStatus::Retired;
    assert!(activity_findings(&rec, &retired, &identified(), today).is_empty());
}

#[test]
fn an_approved_activity_is_reviewed_every_twelve_months() {
    let rec = record(Area::Activities);
    let today = day("2026-11-23");
    let mut a = activity();
    a.status = ActivityStatus::Approved;
    assert_eq!(
        codes(&activity_findings(&rec, &a, &identified(), today)),
        ["activity-review-due"],
        "never reviewed"
    );
    a.last_reviewed = Some(day("2025-11-22"));
    let f = activity_findings(&rec, &a, &identified(), today);
    assert_eq!(
        (f[0].severity, f[0].due),
        (Severity::Warning, Some(Due::Day(day("2026-11-22"))))
    );
    a.last_reviewed = Some(day("2025-12-10"));
    let f = activity_findings(&rec, &a, &identified(), today);
    assert_eq!(f[0].severity, Severity::Info, "due within 30 days");
    a.last_reviewed = Some(day("2026-06-01"));
    assert!(activity_findings(&rec, &a, &identified(), today).is_empty());
}

#[test]
fn an_art_30_2_record_lists_what_it_lacks() {
    let rec = record(Area::ProcessorRecords);
    let full = ProcessorRecord {
        controller_name: "Customer AS".into(),
        controller_contact: "post@customer.no".into(),
        representative: String::new(),
        controller_dpo: String::new(),
        processing_categories: "Hosting".into(),
        transfers: "none".into(),
        measures: "Encryption".into(),
        notify_within_hours: None,
        sub_processors: Vec::new(),
    };
    assert!(processor_record_findings(&rec, &full, &[]).is_empty());
    let bare = ProcessorRecord {
        measures: String::new(),
        ..full
    };
    assert_eq!(
        codes(&processor_record_findings(&rec, &bare, &[])),
        ["processor-record-incomplete"]
    );
}

#[test]
fn the_dashboard_order_follows_the_legal_weight_of_each_clock() {
    let zone: chrono_tz::Tz = ZONE.parse().unwrap();
    let moment = Moment {
        today: day("2026-11-23"),
        now: at("2026-11-23T10:00"),
    };
    let f = |code, severity, area, due| Finding {
        code,
        severity,
        record: record(area),
        message: String::new(),
        due,
        records: 1,
    };
    let r = Area::Requests;
    let p = Area::Processors;
    let mut all = vec![
        f(
            "request-due",
            Severity::Info,
            r,
            Some(Due::Day(day("2026-12-20"))),
        ),
        f("dpa-clauses-missing", Severity::Warning, p, None),
        f("processor-no-dpa", Severity::Error, p, None),
        f(
            "dpa-review-overdue",
            Severity::Warning,
            p,
            Some(Due::Day(day("2026-11-11"))),
        ),
        f(
            "notice-objection-open",
            Severity::Info,
            p,
            Some(Due::Day(day("2026-12-02"))),
        ),
        f(
            "request-due-soon",
            Severity::Warning,
            r,
            Some(Due::Day(day("2026-11-25"))),
        ),
        f(
            "request-overdue",
            Severity::Error,
            r,
            Some(Due::Day(day("2026-11-20"))),
        ),
        f(
            "request-overdue",
            Severity::Error,
            r,
            Some(Due::Day(day("2026-11-01"))),
        ),
        f(
            "breach-clock",
            Severity::Error,
            Area::Breaches,
            Some(Due::At(at("2026-11-25T14:00"))),
        ),
        f(
            "breach-clock",
            Severity::Error,
            Area::Breaches,
            Some(Due::At(at("2026-11-23T15:00"))),
        ),
        f(
            "breach-notify-overdue",
            Severity::Critical,
            Area::Breaches,
            Some(Due::At(at("2026-11-20T09:00"))),
        ),
        f(
            "breach-subjects-not-told",
            Severity::Error,
            Area::Breaches,
            None,
        ),
    ];
    sort_by_urgency(&mut all, &zone);
    let order: Vec<(&str, String)> = all.iter().map(|f| (f.code, f.time_left(moment))).collect();
    assert_eq!(
        order,
        [
            ("breach-notify-overdue", "3 d 1 h late".to_string()),
            ("breach-clock", "5 h 00 min left".to_string()),
            ("breach-clock", "52 h 00 min left".to_string()),
            ("breach-subjects-not-told", String::new()),
            ("request-overdue", "22 days late".to_string()),
            ("request-overdue", "3 days late".to_string()),
            ("request-due-soon", "in 2 days".to_string()),
            ("notice-objection-open", "in 9 days".to_string()),
            ("processor-no-dpa", String::new()),
            ("dpa-review-overdue", "12 days late".to_string()),
            ("dpa-clauses-missing", String::new()),
            ("request-due", "in 27 days".to_string()),
        ]
    );
}

#[test]
fn a_running_breach_clock_needs_action_and_ranks_above_every_agreement() {
    let moment = Moment {
        today: day("2026-11-23"),
        now: at("2026-11-23T10:00"),
    };
    // Aware 2026-11-20 10:00 in Oslo: the 72 hours end 2026-11-23 10:00.
    let laptop = breach("risk", "none");
    let rec = record(Area::Breaches);
    let running = breach_findings(&rec, &laptop, &[], at("2026-11-22T10:00"));
    assert_eq!(codes(&running), ["breach-clock"]);
    assert_eq!(
        running[0].severity,
        Severity::Error,
        "counted in hours: an error"
    );
    assert!(crate::domain::urgency::needs_action(&running[0], moment));
    let late = breach_findings(&rec, &laptop, &[], at("2026-11-23T10:01"));
    assert_eq!(codes(&late), ["breach-notify-overdue"]);
    assert_eq!(late[0].severity, Severity::Critical, "graver still");
    assert!(Severity::Critical > Severity::Error);
    assert_eq!(Severity::parse("critical"), Ok(Severity::Critical));
    use crate::domain::urgency::{marker, Level};
    assert!(Level::of("breach-clock") < Level::of("processor-no-dpa"));
    assert!(Level::of("request-overdue") < Level::of("dpa-review-overdue"));
    assert_eq!(
        [
            Severity::Critical,
            Severity::Error,
            Severity::Warning,
            Severity::Info
        ]
        .map(marker),
        ["!!", "!", "·", ""]
    );
}

#[test]
fn a_day_ends_at_midnight_in_the_registers_zone() {
    let zone: chrono_tz::Tz = ZONE.parse().unwrap();
    assert_eq!(
        end_of_day(day("2026-11-23"), &zone),
        Some("2026-11-23T22:59:59Z".parse().unwrap())
    );
    assert_eq!(Severity::parse("warning"), Ok(Severity::Warning));
    assert!(Severity::parse("fatal").is_err());
}

#[test]
fn an_unknown_severity_is_refused_with_the_names() {
    let err = Severity::parse(" fatal ").unwrap_err();
    assert_eq!(err, SeverityError::Unknown("fatal".into()));
    assert_eq!(
        err.to_string(),
        "'fatal' is not a severity: critical, error, warning or info"
    );
    assert_eq!(Severity::parse(" info "), Ok(Severity::Info));
}

#[test]
fn every_code_the_rules_use_is_in_the_catalogue_once() {
    let source = include_str!("../findings.rs");
    let rules = source[..source.find("pub const CATALOGUE").unwrap()].to_string()
        + &source[source.find("/// A request this close").unwrap()..];
    let known: Vec<&str> = CATALOGUE.iter().map(|(c, _, _)| *c).collect();
    let mut seen = known.clone();
    seen.sort_unstable();
    seen.dedup();
    assert_eq!(seen.len(), known.len(), "a code listed twice");
    let mut used = 0;
    for piece in rules.split('"').skip(1).step_by(2) {
        let code_like = piece.contains('-')
            && piece
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
        if code_like {
            used += 1;
            assert!(known.contains(&piece), "{piece} is not in CATALOGUE");
        }
    }
    assert!(used >= known.len(), "every catalogued code is used");
}

fn organisation(jurisdiction: &str, role: OurRole) -> Organisation {
    Organisation {
        name: "Ny AS".into(),
        jurisdiction: crate::domain::jurisdiction::Jurisdiction::parse_optional(jurisdiction)
            .unwrap(),
        role,
        contact_email: "post@ny.example".into(),
        ..Organisation::default()
    }
}

#[test]
fn an_empty_register_says_what_to_set_up_first() {
    let rec = record(Area::Organisation);
    let mut bare = organisation("", OurRole::Controller);
    bare.contact_email.clear();
    assert_eq!(
        codes(&organisation_findings(&rec, &bare, 0, 0)),
        [
            "organisation-jurisdiction-unset",
            "organisation-contact-missing",
            "register-no-activities"
        ]
    );
    let set_up = organisation("NO", OurRole::Controller);
    assert!(organisation_findings(&rec, &set_up, 1, 0).is_empty());
    let processor = organisation("NO", OurRole::Processor);
    assert_eq!(
        codes(&organisation_findings(&rec, &processor, 0, 0)),
        ["register-no-processor-records"]
    );
    let both = organisation("SE", OurRole::Both);
    assert_eq!(
        codes(&organisation_findings(&rec, &both, 0, 1)),
        ["register-no-activities"]
    );
    assert!(organisation_findings(&rec, &both, 3, 1).is_empty());
}

#[test]
fn a_controller_outside_the_eea_is_asked_for_its_representative() {
    let rec = record(Area::Organisation);
    let mut uk = organisation("GB-SCT", OurRole::Controller);
    assert_eq!(
        codes(&organisation_findings(&rec, &uk, 1, 0)),
        ["organisation-representative-missing"]
    );
    uk.representative_name = "EU Rep Ltd".into();
    assert!(organisation_findings(&rec, &uk, 1, 0).is_empty());
}

#[test]
fn a_promise_before_the_legal_date_is_what_the_dpo_is_warned_of_first() {
    let rec = record(Area::Requests);
    // Received 5 Jan 2026 (Norway): promised 4 Feb, legal 5 Feb.
    let dates = RequestDates {
        due: day("2026-02-05"),
        notice_by: day("2026-02-05"),
        promised: Some(day("2026-02-04")),
    };
    let on = |today| request_findings(&rec, &request(), dates, day(today));
    assert_eq!(codes(&on("2026-01-10")), ["request-promise-due"]);
    let soon = &on("2026-01-30")[0];
    assert_eq!(soon.code, "request-promise-soon");
    assert_eq!(soon.due, Some(Due::Day(day("2026-02-04"))));
    assert!(
        soon.message
            .contains("legal deadline 2026-02-05, in 6 days"),
        "{}",
        soon.message
    );
    let missed = &on("2026-02-05")[0];
    assert_eq!(
        (missed.code, missed.severity),
        ("request-promise-missed", Severity::Warning)
    );
    assert!(
        missed.message.contains("Art. 5(1)(a)"),
        "{}",
        missed.message
    );
    assert!(
        missed.message.contains("legal deadline 2026-02-05, today"),
        "{}",
        missed.message
    );
    assert_eq!(
        codes(&on("2026-02-06")),
        ["request-overdue"],
        "then the law's date"
    );
    // A promise no sooner than the law changes nothing.
    let later = RequestDates {
        promised: Some(day("2026-02-20")),
        ..dates
    };
    assert_eq!(
        codes(&request_findings(
            &rec,
            &request(),
            later,
            day("2026-01-10")
        )),
        ["request-due"]
    );
}

#[test]
fn a_balancing_test_reference_that_holds_only_a_place_is_missing() {
    let rec = record(Area::Activities);
    let today = day("2026-11-23");
    let mut a = activity();
    a.bases = vec![basis(Art6Basis::LegitimateInterests)];
    for placeholder in ["", "TBD", "To be written", "kommer"] {
        a.bases[0].justification = placeholder.into();
        assert_eq!(
            codes(&activity_findings(&rec, &a, &identified(), today)),
            ["activity-balancing-test"],
            "{placeholder:?}"
        );
    }
    a.bases[0].justification = "LIA-2025-04 of 2025-03-01".into();
    assert!(activity_findings(&rec, &a, &identified(), today).is_empty());
}

#[test]
fn a_joint_controller_needs_its_contact_and_an_arrangement() {
    use crate::domain::activity::{JointController, SubjectContact};
    let rec = record(Area::Activities);
    let today = day("2026-11-23");
    let mut a = activity();
    a.joint_controllers = vec![JointController {
        name: "Meta Platforms Ireland Limited".into(),
        answers: SubjectContact::Each,
        ..JointController::default()
    }];
    let f = activity_findings(&rec, &a, &identified(), today);
    assert_eq!(
        codes(&f),
        ["activity-incomplete", "activity-joint-arrangement-missing"]
    );
    assert!(f[0]
        .message
        .contains("joint controller Meta Platforms Ireland Limited: contact details"));
    assert_eq!(f[1].severity, Severity::Error);
    a.joint_controllers[0].contact = "Merrion Road, Dublin 4".into();
    a.joint_controllers[0].arrangement = "TBD".into();
    assert_eq!(
        codes(&activity_findings(&rec, &a, &identified(), today)),
        ["activity-joint-arrangement-missing"],
        "a placeholder is no arrangement"
    );
    a.joint_controllers[0].arrangement = "Controller Addendum 2024".into();
    assert!(activity_findings(&rec, &a, &identified(), today).is_empty());
}

#[test]
fn a_breach_as_processor_is_judged_by_the_controllers_clock_not_the_authoritys() {
    use crate::domain::breach::ControllerToTell;
    let rec = record(Area::Breaches);
    let mut b = breach("risk", "none");
    b.processor_record_id = Some(1);
    assert!(
        breach_findings(&rec, &b, &[], at("2026-11-22T10:00")).is_empty(),
        "no authority clock as processor"
    );
    let contract = ControllerToTell {
        name: "Nordic Fleet AS".into(),
        within_hours: Some(24),
    };
    let aware = b.aware_at;
    let inside = processor_breach_findings(&rec, &b, &contract, aware + chrono::Duration::hours(5));
    assert_eq!(codes(&inside), ["breach-controller-clock"]);
    assert!(
        inside[0].message.contains("19 h 00 min left"),
        "{}",
        inside[0].message
    );
    assert_eq!(
        inside[0].due,
        Some(Due::At(aware + chrono::Duration::hours(24)))
    );
    let after = processor_breach_findings(&rec, &b, &contract, aware + chrono::Duration::hours(25));
    assert_eq!(
        (after[0].code, after[0].severity),
        ("breach-controller-overdue", Severity::Critical)
    );
    let no_hours = ControllerToTell {
        within_hours: None,
        ..contract.clone()
    };
    let asap = processor_breach_findings(&rec, &b, &no_hours, aware + chrono::Duration::hours(2));
    assert_eq!(codes(&asap), ["breach-controller-not-told"]);
    assert!(asap[0].message.contains("without undue delay"));
    assert!(
        asap[0].message.contains("aware 2 h 00 min ago"),
        "{}",
        asap[0].message
    );
    b.controller_told_at = Some(aware + chrono::Duration::hours(3));
    assert!(
        processor_breach_findings(&rec, &b, &contract, aware + chrono::Duration::hours(30))
            .is_empty()
    );
}

#[test]
fn requests_due_later_are_one_finding_that_counts_them() {
    assert_eq!(running_requests_finding(0), None, "nothing to say");
    let one = running_requests_finding(1).unwrap();
    assert_eq!(
        (one.code, one.severity, one.records),
        ("requests-running", Severity::Info, 1)
    );
    assert_eq!(
        one.message,
        "1 open request is within its deadline, not due in the next 7 days (the Requests screen lists it by due date)"
    );
    let many = running_requests_finding(412_345).unwrap();
    assert_eq!(many.records, 412_345);
    assert!(
        many.message.starts_with(
            "412,345 open requests are within their deadlines, none due in the next 7 days"
        ),
        "{}",
        many.message
    );
    assert_eq!(many.record.record_id(), None, "about the table, no record");
    assert_eq!(many.record.place(), "requests");
    use crate::domain::urgency::Level;
    assert_eq!(Level::of(many.code), Level::Running);
}

#[test]
fn requests_beyond_those_listed_are_counted_overdue_and_soon_apart() {
    assert!(more_requests_findings(500, 0, 0).is_empty());
    let more = more_requests_findings(500, 1_234, 56);
    let codes: Vec<_> = more
        .iter()
        .map(|f| (f.code, f.severity, f.records))
        .collect();
    assert_eq!(
        codes,
        [
            ("requests-overdue-more", Severity::Error, 1_234),
            ("requests-soon-more", Severity::Warning, 56)
        ]
    );
    assert!(more[0].message.starts_with(
        "1,234 further overdue requests are not listed here (the 500 most urgent are)"
    ));
    use crate::domain::urgency::Level;
    assert_eq!(Level::of("requests-overdue-more"), Level::RequestOverdue);
    assert_eq!(Level::of("requests-soon-more"), Level::RequestSoon);
}
