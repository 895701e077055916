//! Processor agreements, transfers and change notices in the store.

mod common;

use chrono::NaiveDate;
use dpo_workbench::domain::dpa::{Authorisation, ClauseState, Dpa, DpaStatus, NoticeDecision};
use dpo_workbench::domain::transfer::{Transfer, TransferTool};
use dpo_workbench::exchange::demo::{demo_organisation, load_demo};
use dpo_workbench::exchange::ExchangeError;
use dpo_workbench::platform::clock::Clock;
use dpo_workbench::store::{ChangeNotice, Register, StoreError};

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

fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn agreement(version: &str, authorisation: Authorisation) -> Dpa {
    Dpa {
        status: DpaStatus::Signed,
        version: version.into(),
        signed_on: Some(day("2025-01-15")),
        effective_on: Some(day("2025-02-01")),
        review_on: Some(day("2026-12-01")),
        document: "contracts/questback-dpa.pdf".into(),
        clauses: vec![(ClauseState::Present, String::new()); 9]
            .into_iter()
            .chain([(ClauseState::NotApplicable, "no sub-processors".to_string())])
            .collect(),
        authorisation,
        notice_days: match authorisation {
            Authorisation::General => Some(30),
            Authorisation::Specific => None,
        },
    }
}

fn processor_id(r: &Register, name: &str) -> i64 {
    r.processor_page(name, 0, 1).unwrap()[0].processor.id
}

#[test]
fn a_new_agreement_becomes_current_and_supersedes_the_signed_one() {
    let dir = tempfile::tempdir().unwrap();
    let mut r = demo(dir.path());
    let pid = processor_id(&r, "telenor");
    let first = r
        .insert_dpa(pid, &agreement("1.0", Authorisation::Specific), None)
        .unwrap();
    let second = r
        .insert_dpa(pid, &agreement("2.0", Authorisation::General), Some("ab12"))
        .unwrap();
    let dpas = r.dpas_of(pid).unwrap();
    assert_eq!(dpas.len(), 2);
    assert_eq!((dpas[0].id, dpas[0].is_current), (second, true));
    assert_eq!((dpas[1].id, dpas[1].is_current), (first, false));
    assert_eq!(dpas[1].dpa.status, DpaStatus::Superseded);
    assert_eq!(
        dpas[0].dpa.clauses,
        agreement("2.0", Authorisation::General).clauses
    );
    assert_eq!(dpas[0].document_sha256.as_deref(), Some("ab12"));
    assert!(dpas[0].dpa.missing_clauses().is_empty());

    let mut changed = dpas[0].dpa.clone();
    changed.review_on = Some(day("2024-01-01"));
    let error = r
        .update_dpa(second, dpas[0].revision, &changed, None)
        .unwrap_err();
    assert!(
        error.to_string().contains("before the signing date"),
        "{error}"
    );
    changed.review_on = Some(day("2027-01-01"));
    r.update_dpa(second, dpas[0].revision, &changed, None)
        .unwrap();
    assert!(matches!(
        r.update_dpa(second, dpas[0].revision, &changed, None),
        Err(StoreError::Conflict { .. })
    ));
    let mut general_without_period = changed.clone();
    general_without_period.notice_days = None;
    let error = r
        .insert_dpa(pid, &general_without_period, None)
        .unwrap_err();
    assert!(error.to_string().contains("notice period"), "{error}");
    assert_eq!(
        r.dpas_of(pid).unwrap().len(),
        2,
        "a refused agreement adds nothing"
    );
}

#[test]
fn change_notices_take_their_objection_period_from_the_current_agreement() {
    let dir = tempfile::tempdir().unwrap();
    let mut r = demo(dir.path());
    let pid = processor_id(&r, "telenor");
    let notice = ChangeNotice {
        received_on: day("2026-11-10"),
        sub_processor: "Hetzner Online GmbH".into(),
        description: "New hosting location in Falkenstein".into(),
    };
    let error = r.insert_change_notice(pid, &notice).unwrap_err();
    assert!(error
        .to_string()
        .contains("agreement with its objection period first"));
    r.insert_dpa(pid, &agreement("1.0", Authorisation::Specific), None)
        .unwrap();
    let error = r.insert_change_notice(pid, &notice).unwrap_err();
    assert!(
        error.to_string().contains("specific authorisation"),
        "{error}"
    );

    r.insert_dpa(pid, &agreement("2.0", Authorisation::General), None)
        .unwrap();
    let id = r.insert_change_notice(pid, &notice).unwrap();
    let running_here = |r: &Register, on: &str| {
        r.running_objections(day(on))
            .unwrap()
            .into_iter()
            .filter(|n| n.processor_id == pid)
            .collect::<Vec<_>>()
    };
    let running = running_here(&r, "2026-11-23");
    assert_eq!(running.len(), 1);
    assert_eq!(running[0].objection_deadline, day("2026-12-10"));
    assert_eq!(running[0].processor_name, "Telenor Norge AS");
    assert!(running_here(&r, "2026-12-11").is_empty());

    r.decide_change_notice(id, 1, NoticeDecision::Accepted, day("2026-11-20"), "")
        .unwrap();
    assert!(running_here(&r, "2026-11-23").is_empty());
    let notices = r.change_notices_of(pid).unwrap();
    assert_eq!(notices[0].decision, NoticeDecision::Accepted);
    assert_eq!(notices[0].notice_days, 30);
}

#[test]
fn transfers_belong_to_their_processor_and_go_with_it() {
    let dir = tempfile::tempdir().unwrap();
    let mut r = demo(dir.path());
    let pid = processor_id(&r, "telenor");
    let transfer = Transfer {
        country: "US".into(),
        tool: TransferTool::Dpf,
        dpf_certified: true,
        regular: true,
        tia_reference: String::new(),
        tia_date: None,
        notes: "support tooling".into(),
    };
    let id = r.insert_transfer(pid, &transfer).unwrap();
    let rows = r.transfers_of(pid).unwrap();
    assert_eq!((rows[0].id, &rows[0].transfer), (id, &transfer));
    let scc = Transfer {
        tool: TransferTool::SccModule3,
        tia_reference: "TIA-7".into(),
        notes: String::new(),
        ..transfer
    };
    r.update_transfer(id, rows[0].revision, &scc).unwrap();
    assert_eq!(
        r.transfers_of(pid).unwrap()[0].transfer.tool,
        TransferTool::SccModule3
    );
    assert!(matches!(
        r.insert_transfer(99_999, &scc),
        Err(StoreError::NotFound { .. })
    ));
    r.delete_processor(pid).unwrap();
    assert!(r
        .all_transfers()
        .unwrap()
        .iter()
        .all(|t| t.processor_id != pid));
}

#[test]
fn the_demo_has_live_reminders_clocks_and_both_us_transfer_tools() {
    use dpo_workbench::domain::dpa::{review_state, ReviewState};
    let dir = tempfile::tempdir().unwrap();
    let r = demo(dir.path());
    let today = day("2026-11-23");
    let dpas = r.all_dpas().unwrap();
    let current: Vec<_> = dpas.iter().filter(|d| d.is_current).collect();
    assert!(current
        .iter()
        .any(|d| review_state(d.dpa.review_on, today) == ReviewState::Overdue { days_late: 12 }));
    assert!(current.iter().any(|d| matches!(
        review_state(d.dpa.review_on, today),
        ReviewState::DueSoon { .. }
    )));
    assert!(dpas
        .iter()
        .any(|d| d.dpa.status == DpaStatus::Superseded && !d.is_current));
    let running = r.running_objections(today).unwrap();
    assert_eq!(running.len(), 1);
    assert_eq!(running[0].objection_deadline, day("2026-12-02"));
    let tools: Vec<(String, TransferTool)> = r
        .all_transfers()
        .unwrap()
        .into_iter()
        .map(|t| (t.transfer.country, t.transfer.tool))
        .collect();
    assert!(tools.contains(&("US".into(), TransferTool::Dpf)));
    assert!(tools.contains(&("US".into(), TransferTool::SccModule3)));
}

#[test]
fn folding_a_processor_hides_its_whole_chain_from_the_list() {
    let dir = tempfile::tempdir().unwrap();
    let r = demo(dir.path());
    let all = r.count_processors("").unwrap();
    let intility = processor_id(&r, "intility");
    let below = r
        .processor_page("", 0, 100)
        .unwrap()
        .into_iter()
        .find(|p| p.processor.fields.parent_id == Some(intility))
        .unwrap();
    assert_eq!(r.count_processors_folded("", &[intility]).unwrap(), all - 1);
    assert_eq!(
        r.processor_position_folded("", &[intility], below.processor.id)
            .unwrap(),
        None,
        "hidden beneath its folded parent"
    );
    assert!(
        r.processor_page_folded("", &[intility], 0, 100)
            .unwrap()
            .iter()
            .any(|p| p.processor.id == intility),
        "the folded processor itself stays"
    );
    let aws = processor_id(&r, "amazon web services emea");
    assert_eq!(
        r.count_processors_folded("", &[intility, aws]).unwrap(),
        all - 2
    );
}

#[test]
fn agreement_reviews_list_what_is_due_or_late_most_urgent_first() {
    use dpo_workbench::domain::dpa::ReviewState;
    let dir = tempfile::tempdir().unwrap();
    let r = demo(dir.path());
    let reviews = r.agreement_reviews(day("2026-11-23")).unwrap();
    let names: Vec<(&str, ReviewState)> = reviews
        .iter()
        .map(|(_, name, _, state)| (name.as_str(), *state))
        .collect();
    assert_eq!(
        names,
        [
            (
                "Amazon Web Services EMEA SARL",
                ReviewState::Overdue { days_late: 12 }
            ),
            ("Questback AS", ReviewState::DueSoon { days_left: 20 }),
        ]
    );
}
