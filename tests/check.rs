//! `dpo check` through the real binary: findings, `--as-of`, `--fail-on`,
//! JSON, and the exit codes 0/1/2/3.

use std::fs;
use std::path::Path;
use std::process::{Command, Output};

/// The moment the binary is told it is (`DPO_NOW`): nothing these tests
/// check depends on the day they run.
const MOMENT: &str = "2026-11-23T10:00:00Z";

fn dpo(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_dpo"))
        .args(args)
        .current_dir(dir)
        .env("DPO_NOW", MOMENT)
        .env_remove("DPO_REGISTER")
        .output()
        .expect("run dpo")
}

fn text(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

fn code(o: &Output) -> i32 {
    o.status.code().expect("an exit code")
}

/// Makes `file` a register set up as a DPO would start one: the
/// organisation with a contact and one complete record of processing, so
/// that nothing but what a test adds needs the DPO.
fn set_up(dir: &Path, file: &str, name: &str, jurisdiction: &str) {
    let init = dpo(
        dir,
        &["init", file, "--name", name, "--jurisdiction", jurisdiction],
    );
    assert_eq!(code(&init), 0, "{}", text(&init));
    let setup = dir.join(format!("{file}.setup"));
    fs::create_dir_all(&setup).unwrap();
    let organisation = format!(
        "name,org_number,jurisdiction,time_zone,role,dpo_name,dpo_email,dpo_phone,address,\
         contact_email,contact_phone,website,representative_name,representative_contact\n\
         {name},,{jurisdiction},,controller,,,,,privacy@example.com,,,,\n"
    );
    fs::write(setup.join("organisation.csv"), organisation).unwrap();
    fs::write(
        setup.join("activities.csv"),
        "id,name,purposes,owner,subject_categories,source,other_recipients,other_transfers,\
         measures,dpia_criteria,dpia_reference,dpia_date,status,last_reviewed\n\
         1,Payroll,Pay the staff,HR,Employees,The employee,Tax authority,none,Access control,,,,approved,2025-12-01\n",
    )
    .unwrap();
    fs::write(
        setup.join("activity_bases.csv"),
        "activity_id,activity,purpose,art6,art9,art10_basis,justification,consent_record\n\
         1,Payroll,Pay the staff,c,,,Tax and employment law,\n",
    )
    .unwrap();
    fs::write(
        setup.join("activity_data_categories.csv"),
        "activity_id,activity,category,special,criminal,retention\n\
         1,Payroll,Name and bank account,,no,5 years\n",
    )
    .unwrap();
    let import = dpo(
        dir,
        &["import", file, "--all", &setup.display().to_string()],
    );
    assert_eq!(code(&import), 0, "{}", text(&import));
}

/// A register holding one access request received on 5 January 2026, so
/// its answer is due Thursday 5 February 2026 (Norway).
fn one_request(dir: &Path) {
    set_up(dir, "acme.dpo", "Acme AS", "NO");
    fs::write(
        dir.join("requests.csv"),
        "reference,subject_ref,right,received_on,received_at,channel,representative,identity,\
         identity_requested_on,identity_verified_on,status,extension_reason,extension_notice_sent_on,\
         closed_on,refusal_reason,informed_of_remedies,notes\n\
         DSR-2026-0001,C-1,art15_access,2026-01-05,,email,no,not_needed,,,in_progress,,,,,no,\n",
    )
    .unwrap();
    let import = dpo(
        dir,
        &["import", "acme.dpo", "--table", "requests", "requests.csv"],
    );
    assert_eq!(code(&import), 0, "{}", text(&import));
}

#[test]
fn a_running_clock_is_information_and_exits_0_even_failing_on_warnings() {
    let dir = tempfile::tempdir().unwrap();
    one_request(dir.path());
    let o = dpo(
        dir.path(),
        &[
            "check",
            "acme.dpo",
            "--as-of",
            "2026-01-10",
            "--fail-on",
            "warning",
        ],
    );
    assert_eq!(code(&o), 0, "{}", text(&o));
    assert!(
        text(&o).contains("acme.dpo: info requests-running requests (due later): 1 open request is within its deadline, not due in the next 7 days"),
        "{}",
        text(&o)
    );
}

#[test]
fn a_soon_due_request_fails_only_when_warnings_fail() {
    let dir = tempfile::tempdir().unwrap();
    one_request(dir.path());
    let args = ["check", "acme.dpo", "--as-of", "2026-02-01"];
    let o = dpo(dir.path(), &args);
    assert_eq!(code(&o), 0, "warnings pass by default: {}", text(&o));
    assert!(
        text(&o).contains("warning request-due-soon"),
        "{}",
        text(&o)
    );
    let o = dpo(dir.path(), &[&args[..], &["--fail-on", "warning"]].concat());
    assert_eq!(code(&o), 1, "{}", text(&o));
    assert!(
        text(&o).contains("1 finding at warning or above"),
        "{}",
        text(&o)
    );
}

#[test]
fn an_overdue_request_is_an_error_the_day_after_its_date_and_today() {
    let dir = tempfile::tempdir().unwrap();
    one_request(dir.path());
    let o = dpo(dir.path(), &["check", "acme.dpo", "--as-of", "2026-02-05"]);
    assert_eq!(code(&o), 0, "the due day itself is in time: {}", text(&o));
    let o = dpo(dir.path(), &["check", "acme.dpo", "--as-of", "2026-02-06"]);
    assert_eq!(code(&o), 1, "{}", text(&o));
    assert!(text(&o).contains("error request-overdue requests/1 (DSR-2026-0001): answer was due 2026-02-05: 1 day late"), "{}", text(&o));
    let o = dpo(dir.path(), &["check", "acme.dpo"]);
    assert_eq!(code(&o), 1, "months later, without --as-of: {}", text(&o));
}

#[test]
fn json_names_every_finding_with_its_code_record_and_due_date() {
    let dir = tempfile::tempdir().unwrap();
    one_request(dir.path());
    let o = dpo(
        dir.path(),
        &["check", "acme.dpo", "--as-of", "2026-02-06T09:30", "--json"],
    );
    assert_eq!(code(&o), 1);
    let doc: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let register = &doc["registers"][0];
    assert_eq!(register["organisation"]["name"], "Acme AS");
    assert_eq!(register["organisation"]["jurisdiction"], "NO");
    assert_eq!(register["date"], "2026-02-06");
    assert_eq!(register["as_of"], "2026-02-06T08:30:00Z", "09:30 in Oslo");
    assert_eq!(register["counts"]["error"], 1);
    let f = &register["findings"][0];
    assert_eq!(f["code"], "request-overdue");
    assert_eq!(f["severity"], "error");
    assert_eq!(f["table"], "requests");
    assert_eq!(f["record_id"], 1);
    assert_eq!(f["record"], "DSR-2026-0001");
    assert_eq!(f["due"], "2026-02-05");
    assert_eq!(f["overdue"], true);
    assert_eq!(f["time_left"], "1 day late");
}

#[test]
fn the_demo_shows_its_running_breach_clock_and_missing_agreements() {
    let dir = tempfile::tempdir().unwrap();
    assert_eq!(code(&dpo(dir.path(), &["init", "demo.dpo", "--demo"])), 0);
    let o = dpo(dir.path(), &["check", "demo.dpo", "--json"]);
    assert_eq!(code(&o), 1);
    let doc: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let codes: Vec<&str> = doc["registers"][0]["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["code"].as_str().unwrap())
        .collect();
    for expected in [
        "breach-clock",
        "request-overdue",
        "processor-no-dpa",
        "dpa-review-overdue",
        "activity-dpia-missing",
        "notice-objection-open",
        "processor-record-incomplete",
    ] {
        assert!(
            codes.contains(&expected),
            "{expected} missing from {codes:?}"
        );
    }
}

#[test]
fn a_new_register_says_what_to_set_up_first() {
    let dir = tempfile::tempdir().unwrap();
    let init = dpo(dir.path(), &["init", "new.dpo", "--name", "Ny AS"]);
    assert_eq!(code(&init), 0, "{}", text(&init));
    let o = dpo(dir.path(), &["check", "new.dpo", "--fail-on", "warning"]);
    assert_eq!(code(&o), 1, "{}", text(&o));
    let out = text(&o);
    for expected in [
        "warning organisation-jurisdiction-unset organisation/1 (Ny AS): set the jurisdiction first",
        "warning organisation-contact-missing organisation/1 (Ny AS)",
        "warning register-no-activities organisation/1 (Ny AS)",
    ] {
        assert!(out.contains(expected), "{expected} missing: {out}");
    }
    assert!(
        !out.contains("register-no-processor-records"),
        "a controller: {out}"
    );
    // Set up, nothing is left to say.
    set_up(dir.path(), "done.dpo", "Done AS", "NO");
    let o = dpo(dir.path(), &["check", "done.dpo", "--fail-on", "warning"]);
    assert_eq!(code(&o), 0, "{}", text(&o));
    assert!(text(&o).contains("0 errors, 0 warnings"), "{}", text(&o));
}

#[test]
fn a_controller_outside_the_eea_is_asked_for_its_representative() {
    let dir = tempfile::tempdir().unwrap();
    set_up(dir.path(), "uk.dpo", "Acme Ltd", "GB-ENG");
    let o = dpo(dir.path(), &["check", "uk.dpo"]);
    assert!(
        text(&o).contains("warning organisation-representative-missing"),
        "{}",
        text(&o)
    );
}

#[test]
fn bad_options_exit_2_and_a_file_that_is_not_a_register_exits_3_after_the_others() {
    let dir = tempfile::tempdir().unwrap();
    one_request(dir.path());
    let o = dpo(dir.path(), &["check", "acme.dpo", "--as-of", "2026-02-30"]);
    assert_eq!(code(&o), 2, "{}", text(&o));
    assert!(text(&o).contains("--as-of"), "{}", text(&o));
    let o = dpo(dir.path(), &["check", "acme.dpo", "--fail-on", "fatal"]);
    assert_eq!(code(&o), 2, "{}", text(&o));
    fs::write(dir.path().join("notes.txt"), "not a register").unwrap();
    let o = dpo(
        dir.path(),
        &["check", "notes.txt", "acme.dpo", "--as-of", "2026-01-10"],
    );
    assert_eq!(code(&o), 3, "{}", text(&o));
    assert!(text(&o).contains("notes.txt: cannot check"), "{}", text(&o));
    assert!(
        text(&o).contains("acme.dpo: Acme AS"),
        "the other file is still checked: {}",
        text(&o)
    );
}

#[test]
fn the_portfolio_lists_every_register_of_a_folder_the_one_on_fire_first() {
    let dir = tempfile::tempdir().unwrap();
    let clients = dir.path().join("clients");
    fs::create_dir(&clients).unwrap();
    one_request(&clients); // acme.dpo: one request, overdue by now
    set_up(&clients, "calm.dpo", "Calm AS", "SE");
    fs::write(clients.join("notes.dpo"), "not a register").unwrap();
    fs::write(clients.join("readme.txt"), "ignored").unwrap();
    let o = dpo(
        dir.path(),
        &["portfolio", "clients", "--as-of", "2026-02-06"],
    );
    assert_eq!(code(&o), 0, "{}", text(&o));
    let out = text(&o);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines[0], "clients: 2 registers, 1 file that cannot be read");
    assert!(
        lines[1].starts_with("acme.dpo   Acme AS: 1 to act on (1 error"),
        "{out}"
    );
    assert!(
        lines[2].contains("1 day late") && lines[2].contains("DSR-2026-0001"),
        "{out}"
    );
    assert!(
        lines[3].starts_with("calm.dpo   Calm AS: 0 to act on"),
        "{out}"
    );
    assert!(lines[4].starts_with("notes.dpo  cannot read:"), "{out}");
    assert!(!out.contains("readme.txt"));

    let o = dpo(
        dir.path(),
        &["portfolio", "clients", "--json", "--as-of", "2026-02-06"],
    );
    let doc: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let first = &doc["registers"][0];
    assert_eq!(first["organisation"]["name"], "Acme AS");
    assert_eq!(first["urgent"], 1);
    assert_eq!(first["top"][0]["code"], "request-overdue");
    assert!(doc["registers"][2]["error"]
        .as_str()
        .unwrap()
        .contains("not a register"));

    let o = dpo(dir.path(), &["portfolio", "clients/acme.dpo"]);
    assert_eq!(code(&o), 2, "a file is not a folder: {}", text(&o));
}

#[test]
fn each_demo_client_loads_verifies_and_has_its_own_urgency() {
    let dir = tempfile::tempdir().unwrap();
    let profile = |name: &str| {
        let file = format!("{name}.dpo");
        let o = dpo(dir.path(), &["init", &file, "--demo", name]);
        assert_eq!(code(&o), 0, "{}", text(&o));
        let o = dpo(dir.path(), &["verify", &file]);
        assert_eq!(code(&o), 0, "{}", text(&o));
        let o = dpo(dir.path(), &["check", &file, "--json"]);
        let doc: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
        let counts = &doc["registers"][0]["counts"];
        (
            counts["error"].as_u64().unwrap(),
            counts["warning"].as_u64().unwrap(),
        )
    };
    let (errors, _) = profile("fjordvakt");
    assert!(errors >= 3, "the full demo is on fire");
    let (errors, warnings) = profile("lindqvist");
    assert_eq!(errors, 0);
    assert!(warnings >= 1, "a clinic with things coming up");
    assert_eq!(profile("nordlys"), (0, 0), "a calm web shop");
    let o = dpo(dir.path(), &["init", "x.dpo", "--demo", "atlantis"]);
    assert_eq!(code(&o), 2);
    assert!(text(&o).contains("the demos are: fjordvakt, lindqvist, nordlys"));
}

#[test]
fn the_first_run_creates_the_default_register_and_the_other_demo_clients_beside_it() {
    let dir = tempfile::tempdir().unwrap();
    let default = dir.path().join("data").join("default.dpo");
    let register = dpo_workbench::cli::workbench::open_or_create_demo(
        &default,
        dpo_workbench::platform::clock::Clock::fixed(MOMENT.parse().unwrap()),
    )
    .unwrap();
    assert_eq!(
        register.organisation().unwrap().name,
        "Fjordvakt Telemetri AS"
    );
    let names: Vec<String> =
        dpo_workbench::services::portfolio::registers_in(&dir.path().join("data"))
            .unwrap()
            .iter()
            .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
            .collect();
    assert_eq!(names, ["default.dpo", "lindqvist.dpo", "nordlys.dpo"]);
}

#[test]
fn a_running_breach_clock_comes_first_in_check_and_portfolio_json() {
    let dir = tempfile::tempdir().unwrap();
    let clients = dir.path().join("clients");
    std::fs::create_dir(&clients).unwrap();
    // The demo holds a breach 52 hours from its deadline and processors
    // without an agreement; a clinic with more paperwork and no breach beside it.
    for (file, demo) in [
        ("fjordvakt.dpo", "fjordvakt"),
        ("lindqvist.dpo", "lindqvist"),
    ] {
        let o = dpo(&clients, &["init", file, "--demo", demo]);
        assert_eq!(code(&o), 0, "{}", text(&o));
    }
    let o = dpo(&clients, &["check", "fjordvakt.dpo", "--json"]);
    assert_eq!(
        code(&o),
        1,
        "a running breach clock is an error: {}",
        text(&o)
    );
    let doc: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let first = &doc["registers"][0]["findings"][0];
    assert_eq!(first["code"], "breach-clock");
    assert_eq!(first["severity"], "error");
    assert_eq!(first["level"], "breach-clock");
    assert_eq!(first["time_left"], "52 h 00 min left");
    let codes: Vec<&str> = doc["registers"][0]["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["code"].as_str().unwrap())
        .collect();
    let at = |code: &str| codes.iter().position(|c| *c == code).unwrap();
    assert!(
        at("request-overdue") < at("dpa-review-overdue"),
        "{codes:?}"
    );
    assert!(at("breach-clock") < at("processor-no-dpa"), "{codes:?}");
    let o = dpo(dir.path(), &["portfolio", "clients", "--json"]);
    let doc: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let first = &doc["registers"][0];
    assert_eq!(first["file"], "clients/fjordvakt.dpo", "{doc:#}");
    assert_eq!(first["top"][0]["code"], "breach-clock");
    assert_eq!(first["counts"]["critical"], 0);
    // Past the 72 hours: critical, and fails even --fail-on critical.
    let o = Command::new(env!("CARGO_BIN_EXE_dpo"))
        .args(["check", "fjordvakt.dpo", "--fail-on", "critical"])
        .current_dir(&clients)
        .env("DPO_NOW", "2026-11-26T10:00:00Z")
        .output()
        .unwrap();
    assert_eq!(code(&o), 1, "{}", text(&o));
    assert!(
        text(&o).contains("critical breach-notify-overdue"),
        "{}",
        text(&o)
    );
}

#[test]
fn a_promised_answer_time_is_judged_before_the_legal_month() {
    let dir = tempfile::tempdir().unwrap();
    one_request(dir.path()); // received 5 Jan 2026: legal deadline 5 Feb
    fs::write(
        dir.path().join("settings.csv"),
        "swedish_eves,strict_extension,id_model,closure_days,promised_days\nno,no,pause,,30\n",
    )
    .unwrap();
    let import = dpo(
        dir.path(),
        &[
            "import",
            "acme.dpo",
            "--table",
            "deadline_settings",
            "settings.csv",
        ],
    );
    assert_eq!(code(&import), 0, "{}", text(&import));
    let o = dpo(dir.path(), &["check", "acme.dpo", "--as-of", "2026-02-05"]);
    assert!(
        text(&o).contains(
            "warning request-promise-missed requests/1 (DSR-2026-0001): the answer promised by 2026-02-04 is 1 day late: a transparency problem (Art. 5(1)(a)); legal deadline 2026-02-05, today (Art. 12(3))"
        ),
        "{}",
        text(&o)
    );
    let o = dpo(
        dir.path(),
        &["export", "acme.dpo", "--table", "requests", "-o", "r.csv"],
    );
    assert_eq!(code(&o), 0, "{}", text(&o));
    let csv = fs::read_to_string(dir.path().join("r.csv")).unwrap();
    let (header, row) = csv.split_once('\n').unwrap();
    assert!(header.trim_end().ends_with(",promised_on"), "{header}");
    assert!(row.trim_end().ends_with(",2026-02-04"), "{row}");
}
