//! Records of processing in the store: children written with their activity,
//! links to processors both ways, Art. 30(2) records, breach links, exports.

mod common;

use dpo_workbench::domain::activity::{
    parse_retention, Activity, ActivityStatus, Art6Basis, DataCategory, LawfulBasis,
};
use dpo_workbench::exchange::demo::{demo_organisation, load_demo};
use dpo_workbench::exchange::ExchangeError;
use dpo_workbench::platform::clock::Clock;
use dpo_workbench::store::{Register, StoreError};

/// The clock of the registers these tests open: a moment of their own, so
/// nothing they check depends on the day they run.
fn clock() -> Clock {
    Clock::fixed("2026-11-23T10:00:00Z".parse().unwrap())
}

fn demo(dir: &std::path::Path) -> Register {
    common::on_test_engine(demo_file(dir))
}

fn demo_file(dir: &std::path::Path) -> Register {
    Register::create(
        &dir.join("d.dpo"),
        &demo_organisation(clock().now()).unwrap(),
        clock(),
        |r| load_demo(r, "2026-11-23T10:00:00Z".parse().unwrap()).map(|_| ()),
    )
    .map_err(|e: ExchangeError| e.to_string())
    .unwrap()
}

fn activity(name: &str) -> Activity {
    Activity {
        name: name.into(),
        purposes: "Payroll".into(),
        owner: "HR".into(),
        subject_categories: "Employees".into(),
        data_categories: vec![DataCategory {
            name: "Salary".into(),
            special: None,
            criminal: false,
            retention: Some(parse_retention("5 years after end of financial year").unwrap()),
        }],
        source: "Employees".into(),
        other_recipients: "Skatteetaten".into(),
        other_transfers: String::new(),
        joint_controllers: Vec::new(),
        measures: "Access control".into(),
        bases: vec![LawfulBasis {
            purpose: "Pay salaries".into(),
            art6: Art6Basis::Contract,
            art9: None,
            art10_basis: String::new(),
            justification: String::new(),
            consent_record: String::new(),
        }],
        dpia_criteria: [false; 9],
        dpia_reference: String::new(),
        dpia_date: None,
        status: ActivityStatus::Draft,
        last_reviewed: None,
    }
}

#[test]
fn the_demo_has_complete_and_incomplete_records_and_links_both_ways() {
    let dir = tempfile::tempdir().unwrap();
    let r = demo(dir.path());
    let controller = r.controller_identified().unwrap();
    assert!(controller);
    let rows = r.activity_page("", false, 0, 100).unwrap();
    assert_eq!(rows.len(), 8);
    let incomplete: Vec<&str> = rows
        .iter()
        .filter(|a| !a.activity.missing_points(&a.context(controller)).is_empty())
        .map(|a| a.activity.name.as_str())
        .collect();
    assert_eq!(
        incomplete,
        ["Telemetry analytics for product development"],
        "one incomplete on purpose"
    );
    let telemetry = rows
        .iter()
        .find(|a| a.activity.name.starts_with("Telemetry"))
        .unwrap();
    assert!(
        telemetry
            .activity
            .findings()
            .iter()
            .any(|f| f.point == "Art. 35"),
        "DPIA needed, none recorded"
    );
    let recruitment = rows
        .iter()
        .find(|a| a.activity.name == "Recruitment")
        .unwrap();
    assert!(
        recruitment.activity.findings().is_empty(),
        "health data covered by Art. 9(2)(a)"
    );
    assert_eq!(recruitment.processors[0].1, "Recruitment Manager AS");
    let aws = rows
        .iter()
        .find(|a| a.activity.name == "Customer administration")
        .unwrap()
        .processors
        .iter()
        .find(|p| p.1.starts_with("Amazon"))
        .unwrap()
        .0;
    let users: Vec<String> = r
        .activities_using_processor(aws)
        .unwrap()
        .into_iter()
        .map(|(_, n)| n)
        .collect();
    assert_eq!(
        users,
        [
            "Customer administration",
            "Telemetry analytics for product development"
        ]
    );
    let records = r.processor_records().unwrap();
    assert_eq!(records.len(), 2);
    assert_eq!(
        records[1].record.missing_points()[0].point,
        "30(2)(d)",
        "one Art. 30(2) record lacks its measures"
    );
}

#[test]
fn an_activity_and_its_children_round_trip_and_are_replaced_together() {
    let dir = tempfile::tempdir().unwrap();
    let mut r = demo(dir.path());
    let (id, _) = r.insert_activity(&activity("Payroll"), &[1]).unwrap();
    let row = r.activity(id).unwrap().unwrap();
    assert_eq!(row.activity, activity("Payroll"));
    assert_eq!(row.processors.len(), 1);
    let mut changed = activity("Payroll");
    changed.data_categories.clear();
    r.update_activity(id, 1, &changed, &[]).unwrap();
    let row = r.activity(id).unwrap().unwrap();
    assert!(row.activity.data_categories.is_empty() && row.processors.is_empty());
    assert!(matches!(
        r.update_activity(id, 1, &changed, &[]),
        Err(StoreError::Conflict { .. })
    ));
    assert!(r
        .insert_activity(&activity("Bad link"), &[9999])
        .unwrap_err()
        .to_string()
        .contains("no processor with id 9999"));
    r.delete_activity(id).unwrap();
    assert!(r.activity(id).unwrap().is_none());
}

#[test]
fn breaches_name_the_activities_they_affected() {
    let dir = tempfile::tempdir().unwrap();
    let mut r = demo(dir.path());
    let breach = r.breach_page("ransomware", 0, 1).unwrap().remove(0);
    let linked: Vec<&str> = breach.activities.iter().map(|(_, n)| n.as_str()).collect();
    assert_eq!(linked, ["Customer satisfaction survey"]);
    let ids: Vec<i64> = r
        .activity_page("", false, 0, 2)
        .unwrap()
        .into_iter()
        .map(|a| a.id)
        .collect();
    r.set_breach_activities(breach.id, &ids).unwrap();
    let row = r.breach(breach.id).unwrap().unwrap();
    assert_eq!(row.activities.len(), 2);

    let error = r
        .update_breach_affecting(breach.id, row.revision, &row.breach, &[ids[0], 9999])
        .unwrap_err();
    assert!(
        error.to_string().contains("no activity with id 9999"),
        "{error}"
    );
    let unchanged = r.breach(breach.id).unwrap().unwrap();
    assert_eq!(
        (unchanged.revision, unchanged.activities.len()),
        (row.revision, 2),
        "a refused save changes neither the breach nor its links"
    );
    r.update_breach_affecting(breach.id, row.revision, &row.breach, &[ids[1]])
        .unwrap();
    let row = r.breach(breach.id).unwrap().unwrap();
    assert_eq!(
        row.activities,
        vec![(ids[1], r.activity(ids[1]).unwrap().unwrap().activity.name)]
    );
    assert_eq!(row.revision, unchanged.revision + 1);
}

#[test]
fn an_incomplete_record_asked_to_be_approved_is_kept_as_a_draft() {
    let dir = tempfile::tempdir().unwrap();
    let mut r = demo(dir.path());
    let mut incomplete = activity("Whistleblowing");
    incomplete.purposes.clear();
    incomplete.status = ActivityStatus::Approved;
    let (id, note) = r.insert_activity(&incomplete, &[]).unwrap();
    let note = note.expect("the save explains why approval was refused");
    assert!(note.starts_with("kept as a draft"), "{note}");
    assert!(note.contains("30(1)(b)"), "{note}");
    let row = r.activity(id).unwrap().unwrap();
    assert_eq!(row.activity.status, ActivityStatus::Draft);

    let mut complete = activity("Whistleblowing");
    complete.status = ActivityStatus::Approved;
    let note = r.update_activity(id, row.revision, &complete, &[]).unwrap();
    assert_eq!(note, None);
    let row = r.activity(id).unwrap().unwrap();
    assert_eq!(row.activity.status, ActivityStatus::Approved);
}

#[test]
fn the_list_filters_to_incomplete_records_and_follows_the_organisation() {
    let dir = tempfile::tempdir().unwrap();
    let mut r = demo(dir.path());
    let all = r.count_activities("", false).unwrap();
    let incomplete: Vec<String> = r
        .activity_page("", true, 0, 100)
        .unwrap()
        .into_iter()
        .map(|a| a.activity.name)
        .collect();
    assert_eq!(incomplete, ["Telemetry analytics for product development"]);
    assert_eq!(r.count_activities("", true).unwrap(), 1);
    assert_eq!(r.count_activities("telemetry", true).unwrap(), 1);
    assert_eq!(r.count_activities("payroll", true).unwrap(), 0);
    let id = r.activity_page("", true, 0, 1).unwrap()[0].id;
    assert_eq!(r.activity_position("", true, id).unwrap(), Some(0));
    assert!(r.activity_position("", false, id).unwrap().unwrap() > 0);
    assert_eq!(r.activity_position("payroll", false, id).unwrap(), None);

    // Without a contact for the controller, Art. 30(1)(a) is missing everywhere.
    let mut org = r.organisation().unwrap();
    org.dpo_email.clear();
    org.dpo_phone.clear();
    org.contact_email.clear();
    org.contact_phone.clear();
    let revision = r.organisation_revision().unwrap();
    r.update_organisation(&org, None, revision).unwrap();
    assert_eq!(r.count_activities("", true).unwrap(), all);
}
