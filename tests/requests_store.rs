//! The request register in the store: deadlines derived on every write, the
//! workflow steps, the event log, settings, ordering and refusals.

mod common;

use chrono::NaiveDate;
use dpo_workbench::domain::jurisdiction::Jurisdiction;
use dpo_workbench::domain::request::{
    Channel, IdModel, PauseKind, RequestBasics, RequestStatus, Right, Step,
};
use dpo_workbench::platform::clock::Clock;
use dpo_workbench::record::organisation::OrganisationKind;
use dpo_workbench::record::{validate, Context, Draft};
use dpo_workbench::store::{Register, RequestOrder, RequestRow, RequestSort, StoreError};

/// The clock of the registers these tests open: a moment of their own, so
/// nothing they check depends on the day they run.
fn clock() -> Clock {
    Clock::fixed("2026-11-23T10:00:00Z".parse().unwrap())
}

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn register(dir: &std::path::Path, jurisdiction: &str) -> Register {
    let draft = Draft::default()
        .with("name", "Acme AS")
        .with("jurisdiction", jurisdiction)
        .with("role", "controller");
    let context = Context::new(clock().now(), chrono_tz::UTC);
    let org = validate::<OrganisationKind>(&draft, &context).unwrap();
    common::on_test_engine(
        Register::create(&dir.join("r.dpo"), &org, clock(), |_| {
            Ok::<(), StoreError>(())
        })
        .unwrap(),
    )
}

fn basics(subject: &str, received: &str) -> RequestBasics {
    RequestBasics {
        reference: String::new(),
        subject_ref: subject.into(),
        right: Right::Access,
        received_on: d(received),
        received_at: String::new(),
        channel: Channel::Email,
        representative: false,
        notes: String::new(),
    }
}

#[test]
fn a_new_request_gets_a_reference_and_its_deadlines_with_the_rule() {
    let dir = tempfile::tempdir().unwrap();
    let mut r = register(dir.path(), "NO");
    let id = r
        .insert_request(basics("customer 4411", "2026-03-02"))
        .unwrap();
    let row = r.request(id).unwrap().unwrap();
    assert_eq!(row.request.reference, "DSR-2026-0001");
    assert_eq!(row.rule, "EU1182/71+NO");
    assert_eq!(row.deadline, d("2026-04-07"), "gdpr-rules case 34");
    assert_eq!(row.extended_deadline, d("2026-06-02"));
    assert_eq!(row.due_on, d("2026-04-07"));
    let second = r
        .insert_request(basics("customer 9", "2026-03-03"))
        .unwrap();
    assert_eq!(
        r.request(second).unwrap().unwrap().request.reference,
        "DSR-2026-0002"
    );
    let events = r.request_events(id).unwrap();
    assert_eq!(events.len(), 1);
    assert!(
        events[0]
            .detail
            .contains("Access (Art. 15) received 2026-03-02 by e-mail"),
        "{events:?}"
    );
}

#[test]
fn steps_change_status_deadlines_and_the_log_in_one_go() {
    let dir = tempfile::tempdir().unwrap();
    let mut r = register(dir.path(), "NO");
    let id = r.insert_request(basics("c-1", "2026-03-02")).unwrap();
    let today = d("2026-04-01");
    r.apply_request_step(
        id,
        1,
        &Step::IdentityRequested {
            on: d("2026-03-03"),
        },
        today,
    )
    .unwrap();
    r.apply_request_step(
        id,
        2,
        &Step::IdentityVerified {
            on: d("2026-03-20"),
        },
        today,
    )
    .unwrap();
    let row = r.request(id).unwrap().unwrap();
    assert_eq!(row.request.status, RequestStatus::InProgress);
    assert_eq!(row.deadline, d("2026-04-20"), "gdpr-rules case 44");
    assert_eq!(row.request.pauses.len(), 1);
    let extend = Step::Extend {
        reason: "Many systems".into(),
        notice_sent_on: d("2026-04-01"),
    };
    r.apply_request_step(id, 3, &extend, today).unwrap();
    let row = r.request(id).unwrap().unwrap();
    assert_eq!(
        row.due_on,
        d("2026-06-22"),
        "due is the extended deadline once extended"
    );
    let kinds: Vec<String> = r
        .request_events(id)
        .unwrap()
        .into_iter()
        .map(|e| e.kind)
        .collect();
    assert_eq!(
        kinds,
        [
            "created",
            "identity_requested",
            "identity_verified",
            "extended"
        ]
    );
}

#[test]
fn a_refused_step_or_a_stale_revision_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let mut r = register(dir.path(), "NO");
    let id = r.insert_request(basics("c-1", "2026-01-31")).unwrap();
    let late = Step::Extend {
        reason: "complex".into(),
        notice_sent_on: d("2026-03-03"),
    };
    let error = r
        .apply_request_step(id, 1, &late, d("2026-03-03"))
        .unwrap_err();
    assert!(error.to_string().contains("too late to extend"), "{error}");
    assert_eq!(error.exit_code(), 2);
    let error = r
        .apply_request_step(
            id,
            7,
            &Step::Answer {
                on: d("2026-02-02"),
            },
            d("2026-02-02"),
        )
        .unwrap_err();
    assert!(matches!(error, StoreError::Conflict { .. }));
    let row = r.request(id).unwrap().unwrap();
    assert_eq!(
        (row.revision, row.request.status),
        (1, RequestStatus::Received)
    );
    assert_eq!(r.request_events(id).unwrap().len(), 1);
}

#[test]
fn list_puts_open_requests_by_due_date_first_and_closed_ones_last() {
    let dir = tempfile::tempdir().unwrap();
    let mut r = register(dir.path(), "NO");
    let late = r.insert_request(basics("late", "2026-03-20")).unwrap();
    let early = r.insert_request(basics("early", "2026-03-02")).unwrap();
    let done = r.insert_request(basics("done", "2026-03-01")).unwrap();
    r.apply_request_step(
        done,
        1,
        &Step::Answer {
            on: d("2026-03-05"),
        },
        d("2026-03-05"),
    )
    .unwrap();
    let ids: Vec<i64> = r
        .request_page("", RequestOrder::default(), 0, 10)
        .unwrap()
        .into_iter()
        .map(|row| row.id)
        .collect();
    assert_eq!(ids, [early, late, done]);
    assert_eq!(
        r.request_position("", RequestOrder::default(), done)
            .unwrap(),
        Some(2)
    );
    assert_eq!(r.count_requests("early").unwrap(), 1);
    assert_eq!(
        r.count_requests("answered").unwrap(),
        1,
        "status is searchable"
    );
    assert_eq!(r.count_requests("dsr-2026-0002").unwrap(), 1);
}

#[test]
fn changing_the_settings_or_the_jurisdiction_recomputes_every_request() {
    let dir = tempfile::tempdir().unwrap();
    let mut r = register(dir.path(), "SE");
    let id = r.insert_request(basics("c", "2025-11-24")).unwrap();
    assert_eq!(
        r.request(id).unwrap().unwrap().deadline,
        d("2025-12-24"),
        "case 38"
    );
    let mut settings = r.deadline_settings().unwrap();
    settings.swedish_eves = true;
    settings.closure_days = vec![d("2025-12-29")];
    r.save_deadline_settings(&settings).unwrap();
    let row = r.request(id).unwrap().unwrap();
    assert_eq!(
        row.deadline,
        d("2025-12-23"),
        "julafton rolled to Mon 29 Dec, a closure day: the last open day before it"
    );
    assert_eq!(row.rule, "SE-lag-1930:173");
    assert_eq!(r.deadline_settings().unwrap(), settings);

    let mut org = r.organisation().unwrap();
    org.jurisdiction = Jurisdiction::parse("NO").ok();
    let revision = r.organisation_revision().unwrap();
    r.update_organisation(&org, None, revision).unwrap();
    assert_eq!(r.request(id).unwrap().unwrap().rule, "EU1182/71+NO");
}

#[test]
fn uk_restart_model_counts_from_the_identity() {
    let dir = tempfile::tempdir().unwrap();
    let mut r = register(dir.path(), "GB-ENG");
    let mut settings = r.deadline_settings().unwrap();
    settings.id_model = IdModel::Restart;
    r.save_deadline_settings(&settings).unwrap();
    let id = r.insert_request(basics("c", "2026-03-02")).unwrap();
    let today = d("2026-03-20");
    r.apply_request_step(
        id,
        1,
        &Step::IdentityRequested {
            on: d("2026-03-03"),
        },
        today,
    )
    .unwrap();
    r.apply_request_step(
        id,
        2,
        &Step::IdentityVerified {
            on: d("2026-03-09"),
        },
        today,
    )
    .unwrap();
    assert_eq!(r.request(id).unwrap().unwrap().deadline, d("2026-04-09"));
}

#[test]
fn an_open_pause_is_stored_without_its_open_days() {
    let dir = tempfile::tempdir().unwrap();
    let mut r = register(dir.path(), "GB-ENG");
    let id = r.insert_request(basics("c", "2026-03-02")).unwrap();
    let pause = Step::Pause {
        kind: PauseKind::Clarification,
        on: d("2026-03-04"),
    };
    r.apply_request_step(id, 1, &pause, d("2026-03-04"))
        .unwrap();
    let row = r.request(id).unwrap().unwrap();
    assert_eq!(row.request.status, RequestStatus::AwaitingDataSubject);
    assert_eq!(row.deadline, d("2026-04-02"));
    let settings = r.deadline_settings().unwrap();
    assert_eq!(
        row.request
            .deadlines(&settings, d("2026-03-10"))
            .unwrap()
            .one_month_deadline,
        d("2026-04-09")
    );
}

/// Pausing and resuming write the pause row, not a deletion and an
/// insertion of every pause: the history shows each step as one change.
#[test]
fn a_pause_answered_is_journaled_as_one_update_of_its_row() {
    let dir = tempfile::tempdir().unwrap();
    let mut r = register(dir.path(), "NO");
    let id = r.insert_request(basics("c", "2026-03-02")).unwrap();
    let steps = [
        (PauseKind::Clarification, "2026-03-04", "2026-03-06"),
        (PauseKind::Fee, "2026-03-09", "2026-03-10"),
    ];
    let mut revision = 1;
    for (kind, paused, resumed) in steps {
        let pause = Step::Pause {
            kind,
            on: d(paused),
        };
        r.apply_request_step(id, revision, &pause, d(paused))
            .unwrap();
        let resume = Step::Resume { on: d(resumed) };
        r.apply_request_step(id, revision + 1, &resume, d(resumed))
            .unwrap();
        revision += 2;
    }
    let changes: Vec<(String, i64)> = r
        .record_history("requests", id)
        .unwrap()
        .into_iter()
        .filter(|e| e.table == "request_pauses")
        .map(|e| (e.action, e.record_id))
        .collect();
    let first = changes[0].1;
    let expected = [
        ("insert", first),
        ("update", first),
        ("insert", first + 1),
        ("update", first + 1),
    ];
    let expected: Vec<(String, i64)> = expected.map(|(a, i)| (a.to_string(), i)).into();
    assert_eq!(changes, expected);
    let pauses = r.request(id).unwrap().unwrap().request.pauses;
    assert_eq!(pauses.len(), 2);
    assert!(pauses.iter().all(|p| p.answered_on.is_some()));
}

#[test]
fn references_are_unique_and_edits_are_logged_field_by_field() {
    let dir = tempfile::tempdir().unwrap();
    let mut r = register(dir.path(), "NO");
    let a = r
        .insert_request(RequestBasics {
            reference: "ACME-1".into(),
            ..basics("a", "2026-03-02")
        })
        .unwrap();
    let error = r
        .insert_request(RequestBasics {
            reference: "ACME-1".into(),
            ..basics("b", "2026-03-02")
        })
        .unwrap_err();
    assert!(error.to_string().contains("ACME-1 is already used"));
    r.update_request(
        a,
        1,
        RequestBasics {
            right: Right::Erasure,
            ..basics("a", "2026-03-03")
        },
    )
    .unwrap();
    let row = r.request(a).unwrap().unwrap();
    assert_eq!(
        row.request.reference, "ACME-1",
        "an empty reference keeps the old one"
    );
    let last = r.request_events(a).unwrap().pop().unwrap();
    assert_eq!(
        last.detail,
        "right: Access (Art. 15) → Erasure (Art. 17); received_on: 2026-03-02 → 2026-03-03"
    );
    r.delete_request(a).unwrap();
    assert!(r.request(a).unwrap().is_none());
    assert!(
        r.request_events(a).unwrap().is_empty(),
        "the log goes with the request"
    );
}

#[test]
fn pages_read_from_the_far_end_match_the_list_read_from_the_start() {
    let dir = tempfile::tempdir().unwrap();
    let mut r = register(dir.path(), "NO");
    let mut ids = Vec::new();
    let rights = [
        Right::Access,
        Right::Erasure,
        Right::Objection,
        Right::Portability,
    ];
    for i in 0..40 {
        // Some on the same day, so the id decides between them; references
        // out of the order of arrival, so the orders differ.
        let day = format!("2026-03-{:02}", 1 + (i * 7) % 28);
        let mut b = basics(&format!("s{i}"), &day);
        b.reference = format!("REF-{:02}", (i * 13) % 40);
        b.right = rights[i % rights.len()];
        ids.push(r.insert_request(b).unwrap());
    }
    for &id in ids.iter().step_by(3) {
        r.apply_request_step(
            id,
            1,
            &Step::Answer {
                on: d("2026-04-01"),
            },
            d("2026-04-01"),
        )
        .unwrap();
    }
    for &id in ids.iter().skip(2).step_by(6) {
        let revision = r.request(id).unwrap().unwrap().revision;
        r.apply_request_step(
            id,
            revision,
            &Step::StartWork {
                on: d("2026-03-29"),
            },
            d("2026-03-29"),
        )
        .unwrap();
    }
    let rows = r.request_page("", RequestOrder::default(), 0, 100).unwrap();
    assert_eq!(rows.len(), 40);
    for by in RequestSort::ALL {
        for reversed in [false, true] {
            let order = RequestOrder { by, reversed };
            let all = sorted_in_rust(&rows, order);
            assert_pages_match(&r, order, &all);
        }
    }
}

/// The list in `order`, sorted here rather than by SQLite: what each order means.
fn sorted_in_rust(rows: &[RequestRow], order: RequestOrder) -> Vec<i64> {
    let mut rows = rows.to_vec();
    rows.sort_by(|a, b| {
        let key = |x: &RequestRow| {
            let q = &x.request;
            let closed = q.status.is_closed();
            match order.by {
                RequestSort::Due => (closed.to_string(), x.due_on.to_string(), x.id),
                RequestSort::Received => (q.received_on.to_string(), String::new(), x.id),
                RequestSort::Reference => (q.reference.clone(), String::new(), 0),
                RequestSort::Right => (q.right.code().to_string(), x.due_on.to_string(), x.id),
                RequestSort::Status => (q.status.code().to_string(), x.due_on.to_string(), x.id),
            }
        };
        key(a).cmp(&key(b))
    });
    let mut ids: Vec<i64> = rows.iter().map(|x| x.id).collect();
    if order.reversed {
        ids.reverse();
    }
    ids
}

/// Pages moving forwards, backwards, across the open/closed boundary and
/// from the ends (each may be read by seeking from the keys of the one
/// before) equal the list read whole; every position is right.
fn assert_pages_match(r: &Register, order: RequestOrder, all: &[i64]) {
    let whole: Vec<i64> = r
        .request_page("", order, 0, 100)
        .unwrap()
        .iter()
        .map(|row| row.id)
        .collect();
    assert_eq!(whole, all, "{order:?} read whole");
    let moves = [
        (0, 7),
        (19, 5),
        (21, 5),
        (33, 7),
        (35, 10),
        (39, 1),
        (40, 5),
        (30, 8),
        (22, 6),
        (10, 12),
        (0, 9),
        (25, 3),
        (24, 4),
        (26, 14),
        (5, 30),
        (31, 9),
        (2, 3),
        (38, 2),
    ];
    for (offset, limit) in moves {
        let page: Vec<i64> = r
            .request_page("", order, offset, limit)
            .unwrap()
            .iter()
            .map(|row| row.id)
            .collect();
        let expected: Vec<i64> = all.iter().copied().skip(offset).take(limit).collect();
        assert_eq!(page, expected, "{order:?}: offset {offset}, limit {limit}");
    }
    for (i, &id) in all.iter().enumerate() {
        assert_eq!(
            r.request_position("", order, id).unwrap(),
            Some(i),
            "{order:?}"
        );
    }
}

#[test]
fn the_remembered_count_follows_writes_from_this_and_another_connection() {
    let dir = tempfile::tempdir().unwrap();
    let mut r = register(dir.path(), "NO");
    assert_eq!(r.count_requests("").unwrap(), 0);
    r.insert_request(basics("a", "2026-03-02")).unwrap();
    assert_eq!(r.count_requests("").unwrap(), 1);
    let mut other = common::open_again(&r, &dir.path().join("r.dpo"), clock());
    other.insert_request(basics("b", "2026-03-03")).unwrap();
    assert_eq!(
        r.count_requests("").unwrap(),
        2,
        "another connection's write"
    );
}

/// The rows a filter should find, read the slow way: every request, tested here.
fn expected(r: &Register, filter: &str) -> Vec<i64> {
    expected_in(r, filter, RequestOrder::default())
}

fn expected_in(r: &Register, filter: &str, order: RequestOrder) -> Vec<i64> {
    let total = r.count_requests("").unwrap();
    r.request_page("", order, 0, total)
        .unwrap()
        .into_iter()
        .filter(|row| {
            let q = &row.request;
            [&q.reference, &q.subject_ref, &q.notes]
                .iter()
                .any(|t| t.to_lowercase().contains(filter))
        })
        .map(|row| row.id)
        .collect()
}

/// The filtered list in `order` equals `want`: read whole, a page past the
/// middle (read from the far end), and the positions of two of its rows.
fn assert_filter_reads(r: &Register, filter: &str, order: RequestOrder, want: &[i64]) {
    let ids = |offset: usize, limit: usize| -> Vec<i64> {
        r.request_page(filter, order, offset, limit)
            .unwrap()
            .into_iter()
            .map(|row| row.id)
            .collect()
    };
    assert_eq!(ids(0, want.len()), want, "{order:?} rows of {filter}");
    let from = want.len() * 3 / 4;
    assert_eq!(
        ids(from, 7),
        want[from..(from + 7).min(want.len())],
        "{order:?} {filter} from {from}"
    );
    for at in [want.len() / 3, want.len() - 1] {
        assert_eq!(
            r.request_position(filter, order, want[at]).unwrap(),
            Some(at),
            "{order:?} {filter} position {at}"
        );
    }
}

#[test]
fn the_search_index_finds_what_reading_every_request_finds_in_the_same_order() {
    let dir = tempfile::tempdir().unwrap();
    let mut r = register(dir.path(), "NO");
    // More requests than the index sorts itself, so both ways are used.
    dpo_workbench::exchange::synthetic::fill(&mut r, 2_500, 7, clock().now()).unwrap();
    let mut odd_basics = basics("Ærlig Ølbrygger", "2026-03-02");
    odd_basics.notes = "Wants \"everything\" 100% – now".into();
    let odd = r.insert_request(odd_basics.clone()).unwrap();
    for filter in [
        "syn-00",
        "syn-0001",
        "telemetry",
        "customer 4",
        "ærlig øl",
        "\"everything\"",
        "100% –",
    ] {
        let want = expected(&r, filter);
        assert!(!want.is_empty(), "{filter} finds something");
        assert_eq!(
            r.count_requests(filter).unwrap(),
            want.len(),
            "count of {filter}"
        );
        assert_filter_reads(&r, filter, RequestOrder::default(), &want);
    }
    // Other orders: few matches sorted after the index, many walked on the
    // order's index, one or two letters scanned; pages from either end.
    for (by, reversed) in [
        (RequestSort::Received, true),
        (RequestSort::Status, false),
        (RequestSort::Reference, true),
        (RequestSort::Right, true),
    ] {
        let order = RequestOrder { by, reversed };
        for filter in ["syn-0001", "telemetry", "syn-", "sy"] {
            assert_filter_reads(&r, filter, order, &expected_in(&r, filter, order));
        }
    }
    // A quick count stops at its cap and says so; the exact one goes on.
    let syn = expected(&r, "syn-").len();
    assert!(syn > 100);
    assert_eq!(r.count_requests_at_most("syn-", 100).unwrap(), (100, false));
    assert_eq!(r.count_requests_at_most("syn-", 200).unwrap(), (200, false));
    assert_eq!(r.count_requests("syn-").unwrap(), syn);
    // Once counted, the exact count is what a quick count says.
    assert_eq!(r.count_requests_at_most("syn-", 100).unwrap(), (syn, true));
    assert_eq!(r.count_requests_at_most("syn-", syn).unwrap(), (syn, true));
    // Without a filter the count is exact at once (SQLite counts an index):
    // a list's End goes to the real end.
    let all = r.count_requests("").unwrap();
    assert!(all > 100);
    assert_eq!(r.count_requests_at_most("", 100).unwrap(), (all, true));
    assert_eq!(
        r.count_requests_at_most("sy", 10).unwrap(),
        (10, false),
        "scanned"
    );
    // Kept in step with writes: a changed note is found by its new words only.
    let row = r.request(odd).unwrap().unwrap();
    odd_basics.reference = row.request.reference.clone();
    odd_basics.notes = "Moved to the archive".into();
    r.update_request(odd, row.revision, odd_basics).unwrap();
    assert_eq!(r.count_requests("\"everything\"").unwrap(), 0);
    assert_eq!(r.count_requests("to the archive").unwrap(), 1);
    r.delete_request(odd).unwrap();
    assert_eq!(r.count_requests("to the archive").unwrap(), 0);
}

fn order_indexes(path: &std::path::Path) -> Vec<String> {
    let conn = rusqlite::Connection::open(path).unwrap();
    let mut stmt = conn
        .prepare(
            "SELECT name FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'requests'
             AND name LIKE 'requests_by_%' ORDER BY name",
        )
        .unwrap();
    stmt.query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
}

#[test]
fn a_large_import_builds_the_order_indexes_again_and_every_order_reads_right() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("r.dpo");
    let mut r = register(dir.path(), "NO");
    let before = order_indexes(&path);
    assert_eq!(before.len(), 5, "{before:?}");
    let many = dpo_workbench::exchange::synthetic::requests(6_000, 11, d("2026-11-23"));
    // A check (rolled back) and an abandoned import leave the schema as it was.
    let mut import = r.begin_import().unwrap();
    for q in &many {
        import.request(None, q).unwrap();
    }
    import.finish(false, d("2026-11-23")).unwrap();
    assert_eq!(order_indexes(&path), before);
    assert_eq!(r.count_requests("").unwrap(), 0);
    // For real: set aside past 5,000 rows, built again before the commit.
    let mut import = r.begin_import().unwrap();
    for q in &many {
        import.request(None, q).unwrap();
    }
    let errors = import.finish(true, d("2026-11-23")).unwrap().errors;
    assert!(errors.is_empty(), "{errors:?}");
    assert_eq!(order_indexes(&path), before);
    let rows = r
        .request_page("", RequestOrder::default(), 0, 6_000)
        .unwrap();
    assert_eq!(rows.len(), 6_000);
    for by in RequestSort::ALL {
        for reversed in [false, true] {
            let order = RequestOrder { by, reversed };
            let got: Vec<i64> = r
                .request_page("", order, 0, 6_000)
                .unwrap()
                .iter()
                .map(|row| row.id)
                .collect();
            assert_eq!(got, sorted_in_rust(&rows, order), "{order:?}");
        }
    }
}

#[test]
fn a_count_made_by_another_connection_is_taken_only_while_nothing_changed() {
    let dir = tempfile::tempdir().unwrap();
    let mut r = register(dir.path(), "NO");
    dpo_workbench::exchange::synthetic::fill(&mut r, 300, 5, clock().now()).unwrap();
    let other = common::open_again(&r, &dir.path().join("r.dpo"), clock());
    let (total, head) = other.count_requests_stamped("syn-").unwrap();
    assert_eq!(total, 300);
    assert_eq!(r.count_requests_at_most("syn-", 100).unwrap(), (100, false));
    // A write in between: the count may be stale, so it is not taken.
    r.insert_request(basics("syn-late", "2026-03-02")).unwrap();
    assert!(!r.remember_request_count("syn-", total, &head).unwrap());
    assert_eq!(r.count_requests_at_most("syn-", 100).unwrap(), (100, false));
    let (total, head) = other.count_requests_stamped("syn-").unwrap();
    assert_eq!(total, 301);
    assert!(r.remember_request_count("syn-", total, &head).unwrap());
    assert_eq!(r.count_requests_at_most("syn-", 100).unwrap(), (301, true));
}

#[test]
fn one_or_two_letters_find_through_the_index_what_reading_every_request_finds() {
    let dir = tempfile::tempdir().unwrap();
    let mut r = register(dir.path(), "NO");
    dpo_workbench::exchange::synthetic::fill(&mut r, 1_500, 3, clock().now()).unwrap();
    // A letter no other request holds, at the very end of a search text (the
    // refusal's reason is its last field): found though no trigram of the
    // text itself starts with it.
    let refused = r
        .insert_request(basics("Kåre Qvist", "2026-03-02"))
        .unwrap();
    r.apply_request_step(
        refused,
        1,
        &Step::Refuse {
            on: d("2026-03-05"),
            reason: "manifestly unfounded: asked weekly since 2024, jz".into(),
            informed_of_remedies: true,
        },
        d("2026-04-01"),
    )
    .unwrap();
    let texts: Vec<(i64, String)> = {
        let total = r.count_requests("").unwrap();
        r.request_page("", RequestOrder::default(), 0, total)
            .unwrap()
            .into_iter()
            .map(|row| {
                let text = dpo_workbench::domain::request::search_text(&row.request);
                (row.id, text)
            })
            .collect()
    };
    let by_hand = |filter: &str| -> Vec<i64> {
        texts
            .iter()
            .filter(|(_, t)| t.contains(filter))
            .map(|(id, _)| *id)
            .collect()
    };
    let mut filters: Vec<String> =
        vec!["z".into(), "jz".into(), "å".into(), "q".into(), "x".into()];
    filters.extend(["9", "ø", "%", "zz", "k", "sy", "-"].map(String::from));
    for filter in &filters {
        let want = by_hand(filter);
        assert_eq!(
            r.count_requests(filter).unwrap(),
            want.len(),
            "count of {filter:?}"
        );
        let mut got: Vec<i64> = r
            .request_page(filter, RequestOrder::default(), 0, want.len() + 5)
            .unwrap()
            .into_iter()
            .map(|row| row.id)
            .collect();
        got.sort_unstable();
        let mut want = want;
        want.sort_unstable();
        assert_eq!(got, want, "rows of {filter:?}");
    }
    assert_eq!(by_hand("jz"), vec![refused]);
    assert!(
        by_hand("zz").is_empty(),
        "a filter nothing holds finds nothing"
    );
}

/// The open requests the clocks' index reads by a day, and those it only
/// counts, divide the open requests exactly: read are the paused ones and
/// those whose due date, promise or (until extended) notice day falls by
/// then, as reading every open request decides.
#[test]
fn the_clocks_needing_attention_and_those_counted_are_every_open_request_once() {
    let dir = tempfile::tempdir().unwrap();
    let mut r = register(dir.path(), "NO");
    let many = dpo_workbench::exchange::synthetic::requests(900, 5, d("2026-11-23"));
    let mut import = r.begin_import().unwrap();
    for q in &many {
        import.request(None, q).unwrap();
    }
    assert!(import
        .finish(true, d("2026-11-23"))
        .unwrap()
        .errors
        .is_empty());
    let mut settings = r.deadline_settings().unwrap();
    settings.promised_days = Some(14);
    r.save_deadline_settings(&settings).unwrap();
    // Some paused and some extended, so every branch of the rule is there.
    let mut all_open = Vec::new();
    r.for_each_open_request(|row| {
        all_open.push((row.id, row.revision));
        Ok::<_, StoreError>(())
    })
    .unwrap();
    for (i, (id, revision)) in all_open.iter().enumerate().take(40) {
        let step = if i % 2 == 0 {
            Step::Pause {
                kind: PauseKind::Clarification,
                on: d("2026-11-23"),
            }
        } else {
            Step::Extend {
                reason: "Many systems".into(),
                notice_sent_on: d("2026-11-23"),
            }
        };
        let _ = r.apply_request_step(*id, *revision, &step, d("2026-11-23"));
    }
    let mut open = Vec::new();
    r.for_each_open_request(|row| {
        open.push(row.clone());
        Ok::<_, StoreError>(())
    })
    .unwrap();
    assert!(open.iter().any(|row| !row.paused_since.is_empty()));
    assert!(open
        .iter()
        .any(|row| row.request.extension_notice_sent_on.is_some()));
    assert!(open.iter().any(|row| row.promised_on.is_some()));
    for horizon in [
        "2026-10-01",
        "2026-11-20",
        "2026-11-30",
        "2026-12-10",
        "2027-03-01",
    ] {
        let horizon = d(horizon);
        let needs = |row: &RequestRow| {
            let notice = row.request.extension_notice_sent_on.is_none()
                && row.extension_notice_by <= horizon;
            !row.paused_since.is_empty()
                || row.due_on <= horizon
                || row.promised_on.is_some_and(|p| p <= horizon)
                || notice
        };
        let want: Vec<i64> = open
            .iter()
            .filter(|row| needs(row))
            .map(|row| row.id)
            .collect();
        let mut read = Vec::new();
        r.for_each_open_request_due_by(horizon, None, |row| {
            read.push(row.id);
            Ok::<_, StoreError>(())
        })
        .unwrap();
        assert_eq!(read, want, "by {horizon}");
        let counted = r.count_open_requests_after(horizon).unwrap();
        assert_eq!(counted + read.len(), open.len(), "by {horizon}");
        // At most a few, the earliest dates first; the paused ones all.
        let mut few = Vec::new();
        r.for_each_open_request_due_by(horizon, Some(5), |row| {
            few.push(row.id);
            Ok::<_, StoreError>(())
        })
        .unwrap();
        let paused = open
            .iter()
            .filter(|row| !row.paused_since.is_empty())
            .count();
        assert_eq!(
            few.len(),
            (want.len() - paused).min(5) + paused,
            "by {horizon}"
        );
    }
    // The Dashboard lists the most urgent and counts the rest: as many
    // overdue requests in all as `dpo check` lists one by one.
    use dpo_workbench::domain::findings::Moment;
    use dpo_workbench::services::check::{lint, lint_listing};
    let moment = Moment {
        today: d("2026-11-23"),
        now: clock().now(),
    };
    let overdue = |findings: &[dpo_workbench::domain::findings::Finding]| -> usize {
        findings
            .iter()
            .filter(|f| matches!(f.code, "request-overdue" | "requests-overdue-more"))
            .map(|f| f.records)
            .sum()
    };
    let every = lint(&r, moment).unwrap();
    let listed = lint_listing(&r, moment, Some(3)).unwrap();
    assert!(overdue(&every) > 3, "more overdue than listed");
    assert_eq!(overdue(&listed), overdue(&every));
    let one_by_one = listed
        .iter()
        .filter(|f| f.code == "request-overdue")
        .count();
    assert!(one_by_one <= 3, "{one_by_one}");
    assert!(listed.iter().any(|f| f.code == "requests-overdue-more"));
    assert!(listed.len() < every.len());
}
