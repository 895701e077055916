//! Letters drafted from the demo register: every kind in every language holds
//! the register's facts (dates, authority, recipients, retention), a missing
//! fact is a named gap, templates can be replaced, and the command line
//! records each letter in the journal.

mod common;

use std::path::{Path, PathBuf};

use common::{clock, dpo_with, said};
use dpo_workbench::domain::letter::{letter_date, Lang, LetterFormat, LetterKind, Regarding};
use dpo_workbench::exchange::letters::{self, Letter, LetterError, LetterOrder, LetterTarget};
use dpo_workbench::store::{LetterAbout, Register};

fn demo(dir: &Path) -> PathBuf {
    common::demo_register(dir)
}

fn order(kind: LetterKind, lang: Lang) -> LetterOrder {
    LetterOrder {
        kind,
        lang,
        format: LetterFormat::Text,
        subjects: vec!["all".into()],
        reason: None,
    }
}

/// The demo's first access request, and the breach we handle as processor.
const ACCESS: &str = "DSR-2026-0001";
const OURS: i64 = 4;
const AS_PROCESSOR: i64 = 5;
/// An erasure request received within the month, so it may still be extended.
const RECENT: &str = "DSR-2026-0002";

fn draft(register: &Register, target: LetterTarget, order: &LetterOrder) -> Letter {
    let about = letters::find(register, &target).unwrap();
    letters::draft(register, about, order, clock().now(), None)
        .unwrap_or_else(|e| panic!("{:?} in {:?}: {e}", order.kind, order.lang))
}

fn contains_all(letter: &Letter, facts: &[String], what: &str) {
    for fact in facts {
        assert!(
            letter.text.contains(fact.as_str()),
            "{what}: no «{fact}» in\n{}",
            letter.text
        );
    }
}

#[test]
fn every_request_letter_in_every_language_holds_the_registers_dates_and_names() {
    let dir = tempfile::tempdir().unwrap();
    let register = Register::open(&demo(dir.path()), clock()).unwrap();
    let id = register.request_id_by_reference(ACCESS).unwrap().unwrap();
    let row = register.request(id).unwrap().unwrap();
    for &lang in Lang::ALL {
        for kind in LetterKind::of(Regarding::Request) {
            let letter = draft(
                &register,
                LetterTarget::Request(ACCESS.into()),
                &order(kind, lang),
            );
            let what = format!("{} in {}", kind.code(), lang.code());
            let mut facts = vec![
                "Fjordvakt Telemetri AS".to_string(),
                ACCESS.to_string(),
                letter_date(row.request.received_on, lang),
                "Ingrid Haugen".to_string(),
            ];
            match kind {
                LetterKind::Acknowledgement => {
                    facts.push(letter_date(row.deadline, lang));
                    facts.push(letter_date(row.extended_deadline, lang));
                }
                LetterKind::Extension => facts.push(letter_date(row.extended_deadline, lang)),
                LetterKind::Refusal => facts.push("Datatilsynet".into()),
                LetterKind::Answer => facts.extend([
                    "Datatilsynet".to_string(),
                    "Tripletex AS".to_string(),
                    "Amazon Web Services, Inc.".to_string(),
                ]),
                _ => {}
            }
            contains_all(&letter, &facts, &what);
            assert!(letter.file_name.starts_with(ACCESS), "{}", letter.file_name);
            assert!(
                !letter.text.contains("{{") && !letter.text.contains("{%"),
                "{what}"
            );
        }
    }
}

#[test]
fn the_access_answer_gives_retention_and_transfer_tools_in_the_letters_language() {
    let dir = tempfile::tempdir().unwrap();
    let register = Register::open(&demo(dir.path()), clock()).unwrap();
    let target = || LetterTarget::Request(ACCESS.into());
    let words = [
        (
            Lang::Nb,
            "5 år etter end of financial year",
            "Kategoriene av personopplysninger",
        ),
        (
            Lang::Sv,
            "5 år efter end of financial year",
            "Varifrån uppgifterna kommer",
        ),
        (
            Lang::En,
            "5 years after end of financial year",
            "Where your data come from",
        ),
    ];
    for (lang, retention, heading) in words {
        let letter = draft(&register, target(), &order(LetterKind::Answer, lang));
        contains_all(
            &letter,
            &[retention.to_string(), heading.to_string()],
            lang.code(),
        );
    }
    let nb = draft(&register, target(), &order(LetterKind::Answer, Lang::Nb));
    assert!(
        nb.text
            .contains("standard personvernbestemmelser 2021/914 modul 3"),
        "{}",
        nb.text
    );
    // "none" in the register is not a recipient.
    assert!(!nb.text.contains("; none"), "{}", nb.text);
}

#[test]
fn the_access_answer_takes_only_the_activities_of_the_chosen_categories() {
    let dir = tempfile::tempdir().unwrap();
    let register = Register::open(&demo(dir.path()), clock()).unwrap();
    let about = letters::find(&register, &LetterTarget::Request(ACCESS.into())).unwrap();
    let mut o = order(LetterKind::Answer, Lang::En);
    o.subjects = vec!["applicants".into()];
    let letter = letters::draft(&register, about, &o, clock().now(), None).unwrap();
    assert!(letter.text.contains("Recruitment"), "{}", letter.text);
    assert!(!letter.text.contains("Bookkeeping"), "{}", letter.text);
    o.subjects = vec![];
    let none = letters::draft(&register, about, &o, clock().now(), None).unwrap_err();
    assert!(
        matches!(&none, LetterError::ChooseSubjects(known) if known.contains("Website visitors")),
        "{none}"
    );
    o.subjects = vec!["martians".into()];
    let unknown = letters::draft(&register, about, &o, clock().now(), None).unwrap_err();
    assert!(unknown.to_string().contains("'martians'"), "{unknown}");
}

#[test]
fn every_breach_letter_in_every_language_holds_the_breachs_facts() {
    let dir = tempfile::tempdir().unwrap();
    let register = Register::open(&demo(dir.path()), clock()).unwrap();
    for &lang in Lang::ALL {
        let count = |n: &str| match lang {
            Lang::En => n.replace(' ', ","),
            _ => n.to_string(),
        };
        for kind in LetterKind::of(Regarding::Breach) {
            let id = if kind == LetterKind::Controller {
                AS_PROCESSOR
            } else {
                OURS
            };
            let letter = draft(&register, LetterTarget::Breach(id), &order(kind, lang));
            let what = format!("{} in {}", kind.code(), lang.code());
            let mut facts = vec!["Ingrid Haugen".to_string()];
            match kind {
                LetterKind::Authority => facts.extend([
                    "Datatilsynet".to_string(),
                    count("3 800"),
                    count("4 100"),
                    "Phishing using the survey's context".to_string(),
                    "restored from backup".to_string(),
                ]),
                LetterKind::Subjects => facts.extend([
                    "Phishing using the survey's context".to_string(),
                    "Names, e-mail addresses".to_string(),
                ]),
                _ => facts.extend([
                    "Nordic Fleet Logistics AS".to_string(),
                    "24".to_string(),
                    "Map view switched off".to_string(),
                ]),
            }
            contains_all(&letter, &facts, &what);
            assert_eq!(
                letter.file_name,
                format!("breach-{id}-{}-{}.txt", kind.code(), lang.code())
            );
        }
    }
}

#[test]
fn a_fact_the_register_lacks_is_a_named_gap_never_an_empty_line() {
    let dir = tempfile::tempdir().unwrap();
    let path = demo(dir.path());
    let mut register = Register::open(&path, clock()).unwrap();
    let mut org = register.organisation().unwrap();
    org.address.clear();
    org.dpo_name.clear();
    org.dpo_email.clear();
    org.dpo_phone.clear();
    let revision = register.organisation_revision().unwrap();
    register.update_organisation(&org, None, revision).unwrap();
    let letter = draft(
        &register,
        LetterTarget::Request(ACCESS.into()),
        &order(LetterKind::Refusal, Lang::Nb),
    );
    for gap in [
        "virksomhetens postadresse",
        "årsakene til at vi ikke etterkommer henvendelsen (artikkel 12 nr. 4)",
        "navn og tittel på den som undertegner",
    ] {
        assert!(
            letter.gaps.iter().any(|g| g == gap),
            "{gap}: {:?}",
            letter.gaps
        );
        assert!(
            letter.text.contains(&format!("[MANGLER: {gap}]")),
            "{}",
            letter.text
        );
    }
    // The organisation's own e-mail stands in for the DPO's.
    assert!(
        letter.text.contains("post@fjordvakt.example"),
        "{}",
        letter.text
    );
    let mut with_reason = order(LetterKind::Refusal, Lang::Nb);
    with_reason.reason = Some("Opplysningene er slettet.".into());
    let filled = draft(
        &register,
        LetterTarget::Request(ACCESS.into()),
        &with_reason,
    );
    assert!(filled.text.contains("Opplysningene er slettet."));
    assert!(!filled.gaps.iter().any(|g| g.starts_with("årsakene")));
}

#[test]
fn a_notification_past_72_hours_asks_for_the_reasons_for_the_delay() {
    let dir = tempfile::tempdir().unwrap();
    let register = Register::open(&demo(dir.path()), clock()).unwrap();
    let about = letters::find(&register, &LetterTarget::Breach(1)).unwrap();
    let o = order(LetterKind::Authority, Lang::Sv);
    let in_time = letters::draft(&register, about, &o, clock().now(), None).unwrap();
    assert!(
        !in_time.text.contains("Skälen till förseningen"),
        "{}",
        in_time.text
    );
    let late = clock().now() + chrono::Duration::days(5);
    let letter = letters::draft(&register, about, &o, late, None).unwrap();
    assert!(
        letter
            .text
            .contains("Skälen till förseningen (artikel 33.1)"),
        "{}",
        letter.text
    );
    assert!(letter
        .gaps
        .iter()
        .any(|g| g == "skälen till förseningen (artikel 33.1)"));
}

#[test]
fn each_letter_belongs_to_its_kind_of_record() {
    let dir = tempfile::tempdir().unwrap();
    let register = Register::open(&demo(dir.path()), clock()).unwrap();
    let breach = letters::find(&register, &LetterTarget::Breach(OURS)).unwrap();
    let now = clock().now();
    let wrong = letters::draft(
        &register,
        breach,
        &order(LetterKind::Extension, Lang::En),
        now,
        None,
    );
    assert!(matches!(
        wrong,
        Err(LetterError::WrongRecord {
            wanted: "request",
            ..
        })
    ));
    let not_processor = letters::draft(
        &register,
        breach,
        &order(LetterKind::Controller, Lang::En),
        now,
        None,
    );
    assert!(matches!(
        not_processor,
        Err(LetterError::NotAsProcessor(OURS))
    ));
    let processor = letters::find(&register, &LetterTarget::Breach(AS_PROCESSOR)).unwrap();
    let to_authority = letters::draft(
        &register,
        processor,
        &order(LetterKind::Authority, Lang::En),
        now,
        None,
    );
    assert!(matches!(
        to_authority,
        Err(LetterError::AsProcessor(AS_PROCESSOR))
    ));
    let erasure = register
        .request_id_by_reference("DSR-2026-0002")
        .unwrap()
        .unwrap();
    let answer = letters::draft(
        &register,
        LetterAbout::Request(erasure),
        &order(LetterKind::Answer, Lang::En),
        now,
        None,
    );
    assert!(matches!(answer, Err(LetterError::NotAccess { .. })));
    assert!(matches!(
        letters::find(&register, &LetterTarget::Request("DSR-1999-0001".into())),
        Err(LetterError::NoSuchRequest(_))
    ));
}

#[test]
fn a_template_in_the_override_folder_replaces_the_shipped_one() {
    let dir = tempfile::tempdir().unwrap();
    let register = Register::open(&demo(dir.path()), clock()).unwrap();
    let folder = dir.path().join("letters");
    std::fs::create_dir_all(folder.join("en")).unwrap();
    std::fs::write(
        folder.join("en/acknowledgement.md"),
        "Dear {{ request.subject }}, we answer by {{ request.deadline }}.\n{% include \"en/_signature.md\" %}",
    )
    .unwrap();
    std::fs::write(folder.join("en/_signature.md"), "Yours, the privacy team\n").unwrap();
    let about = letters::find(&register, &LetterTarget::Request(ACCESS.into())).unwrap();
    let o = order(LetterKind::Acknowledgement, Lang::En);
    let letter = letters::draft(&register, about, &o, clock().now(), Some(&folder)).unwrap();
    assert!(
        letter
            .text
            .starts_with("Dear Customer 10-4471, we answer by "),
        "{}",
        letter.text
    );
    assert!(
        letter.text.ends_with("Yours, the privacy team\n"),
        "{}",
        letter.text
    );
    // A mistake in one's own template says where it is.
    std::fs::write(
        folder.join("en/acknowledgement.md"),
        "Line one\n{{ request.no_such_fact }}\n",
    )
    .unwrap();
    let error = letters::draft(&register, about, &o, clock().now(), Some(&folder)).unwrap_err();
    let message = error.to_string();
    assert!(
        message.contains("en/acknowledgement.md") && message.contains("line 2"),
        "{message}"
    );
}

#[test]
fn markdown_keeps_the_headings_and_text_underlines_them() {
    let dir = tempfile::tempdir().unwrap();
    let register = Register::open(&demo(dir.path()), clock()).unwrap();
    let mut o = order(LetterKind::Extension, Lang::En);
    let text = draft(&register, LetterTarget::Request(ACCESS.into()), &o);
    assert!(
        text.text.contains("Your request: we need more time\n==="),
        "{}",
        text.text
    );
    o.format = LetterFormat::Markdown;
    let markdown = draft(&register, LetterTarget::Request(ACCESS.into()), &o);
    assert!(
        markdown
            .text
            .contains("# Your request: we need more time\n"),
        "{}",
        markdown.text
    );
    assert!(markdown.file_name.ends_with("-extension-en.md"));
}

fn init_demo(dir: &Path) {
    let o = dpo_with(dir, &[], &["init", "demo.dpo", "--demo"]);
    assert!(o.status.success(), "{}", said(&o));
}

/// `dpo letter demo.dpo ARGS` with no template of the user's in the way.
fn letter(dir: &Path, args: &[&str]) -> std::process::Output {
    let config = dir.join("config");
    let mut all = vec!["letter", "demo.dpo"];
    all.extend_from_slice(args);
    dpo_with(dir, &[("XDG_CONFIG_HOME", config.to_str().unwrap())], &all)
}

#[test]
fn the_command_writes_a_new_file_or_standard_output_and_names_the_gaps() {
    let dir = tempfile::tempdir().unwrap();
    init_demo(dir.path());
    let o = letter(
        dir.path(),
        &["--request", ACCESS, "--kind", "answer", "--subjects", "all"],
    );
    assert!(o.status.success(), "{}", said(&o));
    let out = String::from_utf8_lossy(&o.stdout);
    // The register's jurisdiction is Norway: Norwegian by default.
    assert!(out.contains("Svar på kravet ditt om innsyn"), "{out}");
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("gap") && err.contains("kopien av personopplysningene"),
        "{err}"
    );
    assert!(err.contains("deadline"), "{err}");
    let args = [
        "--request",
        ACCESS,
        "--kind",
        "identity",
        "--lang",
        "sv",
        "-o",
        "id.txt",
    ];
    assert!(letter(dir.path(), &args).status.success());
    let written = std::fs::read_to_string(dir.path().join("id.txt")).unwrap();
    assert!(
        written.contains("vi behöver bekräfta din identitet"),
        "{written}"
    );
    let again = letter(dir.path(), &args);
    assert_eq!(again.status.code(), Some(2), "{}", said(&again));
    let mut forced = args.to_vec();
    forced.push("--force");
    assert!(letter(dir.path(), &forced).status.success());
    let bad = letter(dir.path(), &["--breach", "4", "--kind", "extension"]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(said(&bad).contains("give --request"), "{}", said(&bad));
}

#[test]
fn the_journal_records_each_letter_and_a_sent_extension_notice_extends_the_request() {
    let dir = tempfile::tempdir().unwrap();
    init_demo(dir.path());
    let no_reason = letter(
        dir.path(),
        &[
            "--request",
            RECENT,
            "--kind",
            "extension",
            "--sent",
            "today",
        ],
    );
    assert_eq!(no_reason.status.code(), Some(2), "{}", said(&no_reason));
    assert!(
        said(&no_reason).contains("--reason"),
        "{}",
        said(&no_reason)
    );
    // A reason holding a terminal's escape (a clipboard write) is refused
    // as a form refuses it: nothing kept, nothing drafted, nothing echoed.
    let escape = "Because\u{1b}]52;c;SGk=\u{7} the volume is large";
    let args = [
        "--request",
        RECENT,
        "--kind",
        "extension",
        "--reason",
        escape,
        "--sent",
        "today",
    ];
    let refused = letter(dir.path(), &args);
    assert_eq!(refused.status.code(), Some(2), "{}", said(&refused));
    assert!(!said(&refused).contains('\u{1b}'), "{}", said(&refused));
    assert!(
        said(&refused).contains("--reason holds a control character"),
        "{}",
        said(&refused)
    );
    let sent = letter(
        dir.path(),
        &[
            "--request",
            RECENT,
            "--kind",
            "extension",
            "--reason",
            "The telemetry export takes weeks to run.",
            "--sent",
            "today",
            "-o",
            "ext.txt",
        ],
    );
    assert!(sent.status.success(), "{}", said(&sent));
    let register = Register::open(&dir.path().join("demo.dpo"), clock()).unwrap();
    let id = register.request_id_by_reference(RECENT).unwrap().unwrap();
    let row = register.request(id).unwrap().unwrap();
    assert_eq!(
        row.request.extension_notice_sent_on,
        Some(clock().now().date_naive())
    );
    assert_eq!(
        row.request.extension_reason,
        "The telemetry export takes weeks to run."
    );
    let letters = register.letters_about(LetterAbout::Request(id)).unwrap();
    // The first try was refused before anything was drafted or recorded.
    let kinds: Vec<(&str, &str, &str)> = letters
        .iter()
        .map(|l| (l.kind.as_str(), l.lang.as_str(), l.produced_to.as_str()))
        .collect();
    assert_eq!(kinds, [("extension", "nb", "ext.txt")]);
    let log = dpo_with(dir.path(), &[], &["log", "demo.dpo", "--table", "letters"]);
    assert!(log.status.success(), "{}", said(&log));
    assert!(said(&log).contains("letters"), "{}", said(&log));
    // The demo's controller was told already: that moment stays.
    let told = register
        .breach(AS_PROCESSOR)
        .unwrap()
        .unwrap()
        .breach
        .controller_told_at;
    let args = ["--breach", "5", "--kind", "controller", "--sent", "now"];
    let controller = letter(dir.path(), &args);
    assert_eq!(controller.status.code(), Some(2), "{}", said(&controller));
    assert!(
        said(&controller).contains("already told"),
        "{}",
        said(&controller)
    );
    let breach = register.breach(AS_PROCESSOR).unwrap().unwrap();
    assert_eq!(breach.breach.controller_told_at, told);
    // Not yet told: the notice sent now is the moment it was.
    let mut untold = breach.breach.clone();
    untold.controller_told_at = None;
    untold.controller_told_how.clear();
    untold.status = dpo_workbench::domain::breach::BreachStatus::Open;
    let mut writer = Register::open(&dir.path().join("demo.dpo"), clock()).unwrap();
    writer
        .update_breach(AS_PROCESSOR, breach.revision, &untold)
        .unwrap();
    let sent = letter(dir.path(), &args);
    assert!(sent.status.success(), "{}", said(&sent));
    let breach = register.breach(AS_PROCESSOR).unwrap().unwrap().breach;
    assert_eq!(breach.controller_told_at, Some(clock().now()));
    assert_eq!(breach.controller_told_how, "written notice (Art. 33(2))");
}

#[test]
fn the_letters_table_exports_and_imports_back_with_clear_messages() {
    let dir = tempfile::tempdir().unwrap();
    init_demo(dir.path());
    let made = letter(
        dir.path(),
        &["--breach", "4", "--kind", "authority", "-o", "a.txt"],
    );
    assert!(made.status.success(), "{}", said(&made));
    let export = dpo_with(
        dir.path(),
        &[],
        &[
            "export",
            "demo.dpo",
            "--table",
            "letters",
            "-o",
            "letters.csv",
        ],
    );
    assert!(export.status.success(), "{}", said(&export));
    let csv = std::fs::read_to_string(dir.path().join("letters.csv")).unwrap();
    assert!(
        csv.starts_with("request_id,breach_id,kind,lang,produced_at,produced_to\r\n"),
        "{csv}"
    );
    assert!(
        csv.contains(",4,authority,nb,2026-11-23T10:00:00Z,a.txt"),
        "{csv}"
    );
    // Into a fresh copy of the demo (the same ids): written once, then already there.
    let other = tempfile::tempdir().unwrap();
    init_demo(other.path());
    std::fs::copy(
        dir.path().join("letters.csv"),
        other.path().join("letters.csv"),
    )
    .unwrap();
    let import = |d: &Path| {
        dpo_with(
            d,
            &[],
            &["import", "--table", "letters", "demo.dpo", "letters.csv"],
        )
    };
    let first = import(other.path());
    assert!(said(&first).contains("inserted 1"), "{}", said(&first));
    let again = import(other.path());
    assert!(said(&again).contains("1 already there"), "{}", said(&again));
    std::fs::write(
        other.path().join("letters.csv"),
        "request_id,breach_id,kind,lang,produced_at,produced_to\n1,4,poem,fr,yesterday,x\n",
    )
    .unwrap();
    let bad = import(other.path());
    assert_eq!(bad.status.code(), Some(2), "{}", said(&bad));
    for message in [
        "not both",
        "expected acknowledgement",
        "expected nb, sv or en",
        "RFC 3339",
    ] {
        assert!(said(&bad).contains(message), "{message}: {}", said(&bad));
    }
}

#[test]
fn a_letter_says_what_to_know_before_sending_it() {
    let dir = tempfile::tempdir().unwrap();
    let register = Register::open(&demo(dir.path()), clock()).unwrap();
    let overdue = draft(
        &register,
        LetterTarget::Request(ACCESS.into()),
        &order(LetterKind::Extension, Lang::En),
    );
    assert!(
        overdue.warnings.iter().any(|w| w.contains("is overdue"))
            && overdue
                .warnings
                .iter()
                .any(|w| w.starts_with("too late to extend")),
        "{:?}",
        overdue.warnings
    );
    let in_time = draft(
        &register,
        LetterTarget::Request(RECENT.into()),
        &order(LetterKind::Extension, Lang::En),
    );
    assert!(in_time.warnings.is_empty(), "{:?}", in_time.warnings);
    let notified = draft(
        &register,
        LetterTarget::Breach(OURS),
        &order(LetterKind::Authority, Lang::En),
    );
    assert!(
        notified
            .warnings
            .iter()
            .any(|w| w.contains("additional information (Art. 33(4))")),
        "{:?}",
        notified.warnings
    );
}

/// The demo's request waiting for the data subject to clarify it (its pause
/// opened two days after it arrived, ten days before the demo's day).
const WAITING: &str = "DSR-2026-0003";

#[test]
fn while_the_clock_stands_still_a_letter_gives_the_dates_the_register_shows_that_day() {
    let dir = tempfile::tempdir().unwrap();
    let register = Register::open(&demo(dir.path()), clock()).unwrap();
    let settings = register.deadline_settings().unwrap();
    let zone = register.organisation().unwrap().time_zone;
    let id = register.request_id_by_reference(WAITING).unwrap().unwrap();
    let stored = register.request(id).unwrap().unwrap();
    // Ten days on, the clarification still not in: every date has moved.
    let later = clock().now() + chrono::Duration::days(10);
    let today = later.with_timezone(&zone).date_naive();
    let shown = stored.request.deadlines(&settings, today).unwrap();
    assert!(shown.one_month_deadline > stored.deadline);
    for &lang in Lang::ALL {
        let about = letters::find(&register, &LetterTarget::Request(WAITING.into())).unwrap();
        let order = order(LetterKind::Acknowledgement, lang);
        let letter = letters::draft(&register, about, &order, later, None).unwrap();
        let facts = [
            letter_date(shown.one_month_deadline, lang),
            letter_date(shown.extension_notice_by, lang),
            letter_date(shown.extended_deadline, lang),
            letter_date(stored.request.pauses[0].requested_on, lang),
        ];
        contains_all(&letter, &facts, lang.code());
        assert!(
            !letter.text.contains(&letter_date(stored.deadline, lang)),
            "{}",
            letter.text
        );
    }
    let en = letters::draft(
        &register,
        letters::find(&register, &LetterTarget::Request(WAITING.into())).unwrap(),
        &order(LetterKind::Acknowledgement, Lang::En),
        later,
        None,
    )
    .unwrap();
    assert!(
        en.text.contains(&format!(
            "if it arrives on {}",
            letter_date(today, Lang::En)
        )),
        "{}",
        en.text
    );
}

/// The demo's request waiting for the applicant's identity.
const IDENTITY: &str = "DSR-2026-0005";

#[test]
fn under_a_uk_restart_a_wait_for_identity_is_not_told_as_a_clock_standing_still() {
    let dir = tempfile::tempdir().unwrap();
    let mut register = Register::open(&demo(dir.path()), clock()).unwrap();
    let acknowledge = |register: &Register| {
        let about = letters::find(register, &LetterTarget::Request(IDENTITY.into())).unwrap();
        let order = order(LetterKind::Acknowledgement, Lang::En);
        letters::draft(register, about, &order, clock().now(), None)
            .unwrap()
            .text
    };
    // Under the EDPB's reading the wait is a pause, and the letter says so.
    assert!(acknowledge(&register).contains("stands still from"));
    let mut settings = register.deadline_settings().unwrap();
    settings.id_model = dpo_workbench::domain::request::IdModel::Restart;
    let organisation = register.organisation().unwrap();
    let revision = register.organisation_revision().unwrap();
    register
        .update_organisation(&organisation, Some(&settings), revision)
        .unwrap();
    let text = acknowledge(&register);
    assert!(!text.contains("stands still from"), "{text}");
}

#[test]
fn a_letter_to_the_authority_after_a_notification_cites_its_case_number() {
    let dir = tempfile::tempdir().unwrap();
    let register = Register::open(&demo(dir.path()), clock()).unwrap();
    // The survey provider's ransomware: notified, case 22/04567.
    for (lang, words) in [
        (Lang::En, "Your reference: 22/04567"),
        (Lang::Nb, "Deres referanse: 22/04567"),
        (Lang::Sv, "Er referens: 22/04567"),
    ] {
        let letter = draft(
            &register,
            LetterTarget::Breach(OURS),
            &order(LetterKind::Authority, lang),
        );
        assert!(letter.text.contains(words), "{}", letter.text);
        assert!(
            letter.rules[0].starts_with("authority notified "),
            "{:?}",
            letter.rules
        );
    }
}

#[test]
fn an_authority_letter_in_another_authority_s_language_says_whose_form_it_follows() {
    let dir = tempfile::tempdir().unwrap();
    let register = Register::open(&demo(dir.path()), clock()).unwrap();
    // The demo's authority is Norway's Datatilsynet.
    let said = |lang| {
        draft(
            &register,
            LetterTarget::Breach(OURS),
            &order(LetterKind::Authority, lang),
        )
        .warnings
        .join("\n")
    };
    assert!(
        said(Lang::Sv).contains("follows IMY's breach form"),
        "{}",
        said(Lang::Sv)
    );
    assert!(
        !said(Lang::Nb).contains("breach form"),
        "{}",
        said(Lang::Nb)
    );
}
