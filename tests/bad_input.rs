//! The catalogue of bad input: one case for each kind of input the workbench
//! accepts from the command line or a file. Each gets a specific message and
//! the right exit code, and the register is left byte-for-byte as it was.

use std::fs;
use std::path::Path;
use std::process::Command;

struct Case {
    what: &'static str,
    args: &'static [&'static str],
    /// Files to write first: (name, content).
    files: &'static [(&'static str, &'static [u8])],
    code: i32,
    says: &'static str,
}

const CASES: &[Case] = &[
    Case {
        what: "a date that does not exist",
        args: &["deadline", "--received", "2026-02-30", "--jurisdiction", "NO"],
        files: &[],
        code: 2,
        says: "2026-02-30",
    },
    Case {
        what: "a pause that ends before it starts",
        args: &["deadline", "--received", "2026-03-02", "--jurisdiction", "NO", "--pause", "2026-03-10..2026-03-04"],
        files: &[],
        code: 2,
        says: "ends before it starts",
    },
    Case {
        what: "a local time that does not exist (daylight saving)",
        args: &["breach-clock", "--aware", "2026-03-29T02:30", "--tz", "Europe/Oslo"],
        files: &[],
        code: 2,
        says: "02:30",
    },
    Case {
        what: "an unknown time zone",
        args: &["breach-clock", "--aware", "2026-03-29T12:30", "--tz", "Mars/Olympus"],
        files: &[],
        code: 2,
        says: "Mars/Olympus",
    },
    Case {
        what: "an unknown jurisdiction for a new register",
        args: &["init", "new.dpo", "--jurisdiction", "XX"],
        files: &[],
        code: 2,
        says: "XX",
    },
    Case {
        what: "an organisation number with a wrong check digit",
        args: &["init", "new.dpo", "--jurisdiction", "NO", "--org-number", "123456789"],
        files: &[],
        code: 2,
        says: "check digit",
    },
    Case {
        what: "a file that is not a register",
        args: &["info", "notes.txt"],
        files: &[("notes.txt", b"meeting notes, not a register")],
        code: 3,
        says: "not a register",
    },
    Case {
        what: "a register that does not exist",
        args: &["info", "missing.dpo"],
        files: &[],
        code: 3,
        says: "missing.dpo",
    },
    Case {
        what: "an unknown table",
        args: &["export", "demo.dpo", "--table", "customers"],
        files: &[],
        code: 2,
        says: "unknown table 'customers'",
    },
    Case {
        what: "a table's name misspelt",
        args: &["export", "demo.dpo", "--table", "request"],
        files: &[],
        code: 2,
        says: "unknown table 'request' (did you mean requests?)",
    },
    Case {
        what: "an unknown CSV profile",
        args: &["export", "demo.dpo", "--table", "processors", "--profile", "lotus123"],
        files: &[],
        code: 2,
        says: "lotus123",
    },
    Case {
        what: "a CSV profile misspelt",
        args: &["export", "demo.dpo", "--table", "processors", "--profile", "exel"],
        files: &[],
        code: 2,
        says: "unknown profile 'exel' (did you mean excel?)",
    },
    Case {
        what: "a delimiter of two characters",
        args: &["export", "demo.dpo", "--table", "processors", "--delimiter", "ab"],
        files: &[],
        code: 2,
        says: "--delimiter",
    },
    Case {
        what: "a CSV row missing a required field",
        args: &["import", "demo.dpo", "--table", "processors", "p.csv"],
        files: &[("p.csv", b"name,org_number,country,role,address,contact_email,service,parent_id,status,notes\n,,NO,processor,,,,,active,\n")],
        code: 2,
        says: "line 2, column name",
    },
    Case {
        what: "a CSV row with a cell too many (line number)",
        args: &["import", "demo.dpo", "--table", "processors", "p.csv"],
        files: &[("p.csv", b"name,org_number,country,role,address,contact_email,service,parent_id,status,notes\nA AS,,NO,processor,,,,,active,\nB AS,,NO,processor,,,,,active,,extra\n")],
        code: 2,
        says: "line 3",
    },
    Case {
        what: "a CSV country code that is not one",
        args: &["import", "demo.dpo", "--table", "processors", "p.csv"],
        files: &[("p.csv", b"name,org_number,country,role,address,contact_email,service,parent_id,status,notes\nA AS,,UK,processor,,,,,active,\n")],
        code: 2,
        says: "the United Kingdom is GB",
    },
    Case {
        what: "a retention period outside the grammar",
        args: &["import", "demo.dpo", "--table", "activity_data_categories", "c.csv"],
        files: &[("c.csv", b"activity_id,category,special,criminal,retention\n1,Contact details,,no,forever\n")],
        code: 2,
        says: "forever",
    },
    Case {
        what: "a CSV file that is not UTF-8",
        args: &["import", "demo.dpo", "--table", "processors", "p.csv"],
        files: &[("p.csv", b"name,org_number,country,role,address,contact_email,service,parent_id,status,notes\nR\xf8ros AS,,NO,processor,,,,,active,\n")],
        code: 2,
        says: "not UTF-8",
    },
    Case {
        what: "a CSV header with an unknown column",
        args: &["import", "demo.dpo", "--table", "processors", "p.csv"],
        files: &[("p.csv", b"name,country,role,colour\nA AS,NO,processor,blue\n")],
        code: 2,
        says: "colour",
    },
    Case {
        what: "a check date that is not a date",
        args: &["check", "demo.dpo", "--as-of", "next week"],
        files: &[],
        code: 2,
        says: "--as-of",
    },
    Case {
        what: "a severity that does not exist",
        args: &["check", "demo.dpo", "--fail-on", "catastrophic"],
        files: &[],
        code: 2,
        says: "catastrophic",
    },
    Case {
        what: "a journal filter date that is not a date",
        args: &["log", "demo.dpo", "--since", "2026-13-01"],
        files: &[],
        code: 2,
        says: "--since",
    },
    Case {
        what: "a journal table that does not exist",
        args: &["log", "demo.dpo", "--table", "customers"],
        files: &[],
        code: 2,
        says: "customers",
    },
    Case {
        what: "a signing key file that is not a key",
        args: &["bundle", "demo.dpo", "-o", "audit", "--key", "bad.key"],
        files: &[("bad.key", b"not hex at all\n")],
        code: 2,
        says: "signing key",
    },
    Case {
        what: "a bundle into a folder that is not empty",
        args: &["bundle", "demo.dpo", "-o", "full"],
        files: &[("full/old.csv", b"a,b\n")],
        code: 2,
        says: "not empty",
    },
    Case {
        what: "a portfolio of something that is not a folder",
        args: &["portfolio", "demo.dpo"],
        files: &[],
        code: 2,
        says: "not a folder",
    },
    Case {
        what: "a wrong passphrase",
        args: &["info", "secret.dpo"],
        files: &[],
        code: 3,
        says: "wrong passphrase or not a register",
    },
    Case {
        what: "a demo that does not exist",
        args: &["init", "new.dpo", "--demo", "atlantis"],
        files: &[],
        code: 2,
        says: "atlantis",
    },
];

/// The moment the binary is told it is (`DPO_NOW`): nothing these tests
/// check depends on the day they run.
const MOMENT: &str = "2026-11-23T10:00:00Z";

fn snapshot(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut out: Vec<(String, Vec<u8>)> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file() && p.extension().is_some_and(|x| x == "dpo"))
        .map(|p| (p.display().to_string(), fs::read(&p).unwrap()))
        .collect();
    out.sort();
    out
}

#[test]
fn every_kind_of_bad_input_gets_a_specific_message_and_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let dpo = |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_dpo"))
            .args(args)
            .current_dir(dir.path())
            .env("DPO_NOW", MOMENT)
            .env_remove("DPO_REGISTER")
            .env_remove("DPO_SIGNING_KEY")
            .env("DPO_PASSPHRASE", "a wrong one")
            .output()
            .unwrap()
    };
    assert!(dpo(&["init", "demo.dpo", "--demo"]).status.success());
    let encrypted = Command::new(env!("CARGO_BIN_EXE_dpo"))
        .args(["init", "secret.dpo", "--encrypt"])
        .current_dir(dir.path())
        .env("DPO_NOW", MOMENT)
        .env("DPO_PASSPHRASE", "the right one")
        .output()
        .unwrap();
    assert!(encrypted.status.success());
    let mut problems = Vec::new();
    for case in CASES {
        for (name, content) in case.files {
            let path = dir.path().join(name);
            fs::create_dir_all(path.parent().unwrap()).unwrap();
            fs::write(path, content).unwrap();
        }
        let before = snapshot(dir.path());
        let o = dpo(case.args);
        let said = format!(
            "{}{}",
            String::from_utf8_lossy(&o.stdout),
            String::from_utf8_lossy(&o.stderr)
        );
        if o.status.code() != Some(case.code) {
            problems.push(format!(
                "{}: exit {:?}, expected {}: {said}",
                case.what,
                o.status.code(),
                case.code
            ));
        }
        if !said.contains(case.says) {
            problems.push(format!(
                "{}: does not say '{}': {said}",
                case.what, case.says
            ));
        }
        if said.contains("panicked") {
            problems.push(format!("{}: panicked", case.what));
        }
        if snapshot(dir.path()) != before {
            problems.push(format!("{}: a register changed or appeared", case.what));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    assert!(!dir.path().join("new.dpo").exists());
    assert!(!dir.path().join("audit").join("manifest.json").exists());
}
