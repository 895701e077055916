//! The breach register in the store: ordering by urgency, notifications and
//! their rules, conflicts, and what happens when a named processor is deleted.

mod common;

use chrono::{DateTime, Duration, Utc};
use dpo_workbench::domain::breach::{Breach, BreachStatus, Notification, NotificationKind};
use dpo_workbench::domain::validation::FieldErrors;
use dpo_workbench::platform::clock::Clock;
use dpo_workbench::record::breach::BreachKind;
use dpo_workbench::record::organisation::OrganisationKind;
use dpo_workbench::record::processor::ProcessorKind;
use dpo_workbench::record::{validate, Context, Draft};
use dpo_workbench::store::{Register, StoreError};

/// The clock of the registers these tests open: a moment of their own, so
/// nothing they check depends on the day they run.
fn clock() -> Clock {
    Clock::fixed("2026-11-23T10:00:00Z".parse().unwrap())
}

fn context() -> Context {
    Context::new(clock().now(), chrono_tz::UTC)
}

fn register(dir: &std::path::Path) -> Register {
    let draft = Draft::default()
        .with("name", "Acme AS")
        .with("jurisdiction", "NO")
        .with("role", "controller");
    let org = validate::<OrganisationKind>(&draft, &context()).unwrap();
    common::on_test_engine(
        Register::create(&dir.join("r.dpo"), &org, clock(), |_| {
            Ok::<(), StoreError>(())
        })
        .unwrap(),
    )
}

fn breach(title: &str, aware: &str, risk: &str) -> Draft {
    let reasoning = if risk == "none" { "encrypted" } else { "" };
    Draft::default()
        .with("title", title)
        .with("confidentiality", "yes")
        .with("aware_at", aware)
        .with("cause", "hacking")
        .with("risk_level", risk)
        .with("not_notified_reasoning", reasoning)
        .with("status", "open")
        .with("art34_exception", "none")
}

/// A breach read from `draft` by the kind's rules, in `zone` at `now`.
fn validate_breach(draft: &Draft, zone: &str, now: DateTime<Utc>) -> Result<Breach, FieldErrors> {
    let context = Context::new(now, zone.parse().unwrap());
    validate::<BreachKind>(draft, &context)
}

fn now() -> DateTime<Utc> {
    "2026-11-23T10:00:00Z".parse().unwrap()
}

fn notification(sent: DateTime<Utc>, delay_reason: &str) -> Notification {
    Notification {
        authority: "NO".into(),
        kind: NotificationKind::Initial,
        sent_at: sent,
        reference: String::new(),
        summary: String::new(),
        delay_reason: delay_reason.into(),
    }
}

#[test]
fn a_breach_round_trips_with_its_instants_and_deadline() {
    let dir = tempfile::tempdir().unwrap();
    let mut r = register(dir.path());
    let b = validate_breach(
        &breach("Laptop", "2026-10-23T10:00", "risk"),
        "Europe/Oslo",
        now(),
    )
    .unwrap();
    let id = r.insert_breach(&b).unwrap();
    let row = r.breach(id).unwrap().unwrap();
    assert_eq!(row.breach, b);
    assert_eq!(
        row.breach.deadline().to_rfc3339(),
        "2026-10-26T08:00:00+00:00"
    );
}

#[test]
fn breaches_still_awaiting_notification_come_first() {
    let dir = tempfile::tempdir().unwrap();
    let mut r = register(dir.path());
    let zone = "Europe/Oslo";
    let old = r
        .insert_breach(
            &validate_breach(
                &breach("Old, notified", "2026-10-01T10:00", "risk"),
                zone,
                now(),
            )
            .unwrap(),
        )
        .unwrap();
    let sent = r.breach(old).unwrap().unwrap().breach.aware_at + Duration::hours(10);
    r.add_notification(old, 1, &notification(sent, "")).unwrap();
    let running = r
        .insert_breach(
            &validate_breach(&breach("Running", "2026-11-20T10:00", "risk"), zone, now()).unwrap(),
        )
        .unwrap();
    let quiet = r
        .insert_breach(
            &validate_breach(&breach("No risk", "2026-09-01T10:00", "none"), zone, now()).unwrap(),
        )
        .unwrap();
    let order: Vec<i64> = r
        .breach_page("", 0, 10)
        .unwrap()
        .into_iter()
        .map(|b| b.id)
        .collect();
    assert_eq!(order, [running, quiet, old]);
    for (position, id) in order.iter().enumerate() {
        assert_eq!(r.breach_position("", *id).unwrap(), Some(position));
    }
    let now: DateTime<Utc> = "2026-11-24T10:00:00Z".parse().unwrap();
    assert_eq!(
        r.count_overdue_breaches(now).unwrap(),
        1,
        "only the running one is past its 72 hours"
    );
}

#[test]
fn the_first_notification_makes_the_breach_notified_and_a_late_one_needs_reasons() {
    let dir = tempfile::tempdir().unwrap();
    let mut r = register(dir.path());
    let b = validate_breach(
        &breach("Late", "2026-10-23T10:00", "risk"),
        "Europe/Oslo",
        now(),
    )
    .unwrap();
    let id = r.insert_breach(&b).unwrap();
    let late = b.deadline() + Duration::hours(2);
    let error = r
        .add_notification(id, 1, &notification(late, ""))
        .unwrap_err();
    assert!(error.to_string().contains("delay_reason"), "{error}");
    assert!(
        r.breach(id).unwrap().unwrap().notifications.is_empty(),
        "nothing saved"
    );
    r.add_notification(id, 1, &notification(late, "Forensics over the weekend"))
        .unwrap();
    let row = r.breach(id).unwrap().unwrap();
    assert_eq!(
        (row.breach.status, row.revision),
        (BreachStatus::Notified, 2)
    );
    let phase = Notification {
        kind: NotificationKind::Additional,
        ..notification(late + Duration::days(5), "")
    };
    r.add_notification(id, 2, &phase).unwrap();
    assert_eq!(
        r.breach(id).unwrap().unwrap().notifications.len(),
        2,
        "later phases need no reasons"
    );
    assert!(matches!(
        r.add_notification(id, 2, &notification(late, "x")),
        Err(StoreError::Conflict { .. })
    ));
}

#[test]
fn a_no_risk_breach_is_not_notified_and_a_notified_one_cannot_become_no_risk() {
    let dir = tempfile::tempdir().unwrap();
    let mut r = register(dir.path());
    let zone = "Europe/Oslo";
    let quiet = validate_breach(&breach("Quiet", "2026-10-23T10:00", "none"), zone, now()).unwrap();
    let id = r.insert_breach(&quiet).unwrap();
    let error = r
        .add_notification(id, 1, &notification(quiet.aware_at, ""))
        .unwrap_err();
    assert!(
        error.to_string().contains("change its risk level"),
        "{error}"
    );
    let risky = validate_breach(&breach("Risky", "2026-10-23T10:00", "risk"), zone, now()).unwrap();
    let id = r.insert_breach(&risky).unwrap();
    r.add_notification(id, 1, &notification(risky.aware_at, ""))
        .unwrap();
    let error = r.update_breach(id, 2, &quiet).unwrap_err();
    assert!(
        error.to_string().contains("cannot be recorded as unlikely"),
        "{error}"
    );
}

#[test]
fn deleting_a_processor_keeps_the_breach_but_drops_the_link() {
    let dir = tempfile::tempdir().unwrap();
    let mut r = register(dir.path());
    let draft = Draft::default()
        .with("name", "Questback AS")
        .with("country", "NO")
        .with("role", "processor")
        .with("status", "active");
    let processor = validate::<ProcessorKind>(&draft, &context()).unwrap();
    let pid = r.insert_processor(&processor).unwrap();
    let draft = breach("At the processor", "2026-10-23T10:00", "risk")
        .with("processor_id", pid.to_string());
    let id = r
        .insert_breach(&validate_breach(&draft, "Europe/Oslo", now()).unwrap())
        .unwrap();
    assert_eq!(
        r.breach(id).unwrap().unwrap().processor_name.as_deref(),
        Some("Questback AS")
    );
    assert_eq!(r.breaches_naming_processors(&[pid]).unwrap(), 1);
    r.delete_processor(pid).unwrap();
    let row = r.breach(id).unwrap().unwrap();
    assert_eq!((row.breach.processor_id, row.processor_name), (None, None));
}

#[test]
fn a_breach_that_must_be_notified_cannot_be_closed_before_it_is() {
    let dir = tempfile::tempdir().unwrap();
    let mut r = register(dir.path());
    let open = validate_breach(
        &breach("Unnotified", "2026-10-23T10:00", "risk"),
        "Europe/Oslo",
        now(),
    )
    .unwrap();
    let id = r.insert_breach(&open).unwrap();
    let closed = dpo_workbench::domain::breach::Breach {
        status: BreachStatus::Closed,
        ..open.clone()
    };
    let error = r.update_breach(id, 1, &closed).unwrap_err();
    assert!(
        error
            .to_string()
            .contains("cannot be closed before a notification"),
        "{error}"
    );
    r.add_notification(id, 1, &notification(open.aware_at + Duration::hours(1), ""))
        .unwrap();
    r.update_breach(id, 2, &closed).unwrap();
    assert_eq!(
        r.breach(id).unwrap().unwrap().breach.status,
        BreachStatus::Closed
    );
}

#[test]
fn notifications_follow_initial_then_additional_then_final() {
    let dir = tempfile::tempdir().unwrap();
    let mut r = register(dir.path());
    let b = validate_breach(
        &breach("Phased", "2026-10-23T10:00", "risk"),
        "Europe/Oslo",
        now(),
    )
    .unwrap();
    let id = r.insert_breach(&b).unwrap();
    let at = |hours| b.aware_at + Duration::hours(hours);
    let of = |kind, hours| Notification {
        kind,
        ..notification(at(hours), "")
    };
    r.add_notification(id, 1, &of(NotificationKind::Initial, 10))
        .unwrap();
    let error = r
        .add_notification(id, 2, &of(NotificationKind::Initial, 20))
        .unwrap_err();
    assert!(
        error
            .to_string()
            .contains("record it as additional information"),
        "{error}"
    );
    r.add_notification(id, 2, &of(NotificationKind::Additional, 20))
        .unwrap();
    r.add_notification(id, 3, &of(NotificationKind::Final, 30))
        .unwrap();
    let error = r
        .add_notification(id, 4, &of(NotificationKind::Initial, 40))
        .unwrap_err();
    assert!(
        error.to_string().contains("closed the reporting"),
        "{error}"
    );
    assert_eq!(
        r.breach(id).unwrap().unwrap().notifications.len(),
        3,
        "nothing saved"
    );
}

#[test]
fn a_breach_as_processor_runs_on_the_controllers_clock_and_its_contract_hours() {
    use dpo_workbench::domain::activity::ProcessorRecord;
    let dir = tempfile::tempdir().unwrap();
    let mut r = register(dir.path());
    let record = ProcessorRecord {
        controller_name: "Nordic Fleet AS".into(),
        controller_contact: "dpo@fleet.example".into(),
        processing_categories: "Fleet telemetry".into(),
        transfers: "none".into(),
        measures: "Encryption".into(),
        notify_within_hours: Some(24),
        ..ProcessorRecord::default()
    };
    let record_id = r.insert_processor_record(&record).unwrap();
    let draft = breach(
        "Positions shown to another tenant",
        "2026-10-23T10:00",
        "risk",
    )
    .with("processor_record_id", record_id.to_string());
    let b = validate_breach(&draft, "Europe/Oslo", now()).unwrap();
    let id = r.insert_breach(&b).unwrap();
    let aware = b.aware_at;
    assert_eq!(
        r.count_overdue_breaches(aware + Duration::hours(5))
            .unwrap(),
        0
    );
    assert_eq!(
        r.count_overdue_breaches(aware + Duration::hours(25))
            .unwrap(),
        1
    );
    let row = r.breach(id).unwrap().unwrap();
    assert_eq!(row.controller.as_ref().unwrap().within_hours, Some(24));

    // The controller notifies the authority, not the processor.
    let error = r
        .add_notification(id, 1, &notification(aware + Duration::hours(3), ""))
        .unwrap_err();
    assert!(error.to_string().contains("tell the controller"), "{error}");

    // New contract hours move the clock of its breaches.
    let stored = r.processor_records().unwrap().remove(0);
    let longer = ProcessorRecord {
        notify_within_hours: Some(48),
        ..stored.record.clone()
    };
    r.update_processor_record(record_id, stored.revision, &longer)
        .unwrap();
    assert_eq!(
        r.count_overdue_breaches(aware + Duration::hours(25))
            .unwrap(),
        0
    );

    // Closed only once the controller is told; the record stays while named.
    let closed = Breach {
        status: BreachStatus::Closed,
        ..b.clone()
    };
    // (The new hours were written to the breach: its revision moved on.)
    let revision = r.breach(id).unwrap().unwrap().revision;
    let error = r.update_breach(id, revision, &closed).unwrap_err();
    assert!(error.to_string().contains("controller is told"), "{error}");
    let told = Breach {
        controller_told_at: Some(aware + Duration::hours(4)),
        controller_told_how: "E-mail to dpo@fleet.example".into(),
        ..closed
    };
    r.update_breach(id, revision, &told).unwrap();
    assert_eq!(
        r.count_overdue_breaches(aware + Duration::hours(100))
            .unwrap(),
        0
    );
    let error = r.delete_processor_record(record_id).unwrap_err();
    assert!(
        error
            .to_string()
            .contains("1 breach record of this controller"),
        "{error}"
    );
    assert!(r.verify_journal().unwrap().intact());
}

#[test]
fn the_controller_is_told_after_awareness_and_the_form_says_how() {
    let draft = breach("x", "2026-10-23T10:00", "risk")
        .with("processor_record_id", "1")
        .with("controller_told_at", "2026-10-23T08:00");
    let errors = validate_breach(&draft, "Europe/Oslo", now()).unwrap_err();
    assert!(errors.get("controller_told_at").unwrap().contains("before"));
    assert!(errors.get("controller_told_how").is_some());
    let draft = breach("x", "2026-10-23T10:00", "risk")
        .with("controller_told_at", "2026-10-23T12:00")
        .with("controller_told_how", "e-mail");
    let errors = validate_breach(&draft, "Europe/Oslo", now()).unwrap_err();
    assert!(errors.get("processor_record_id").is_some(), "told whom?");
}
