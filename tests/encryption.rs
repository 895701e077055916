//! Encryption at rest (SQLCipher): an encrypted register shows nothing
//! readable, opens only with its passphrase, and its passphrase can be set,
//! changed and removed without losing a record or the journal.

mod common;

use std::path::Path;
use std::process::Output;

use common::{clock, dpo_with, said};

fn dpo(dir: &Path, env: &[(&str, &str)], args: &[&str]) -> Output {
    dpo_with(dir, env, args)
}

const KEY: (&str, &str) = ("DPO_PASSPHRASE", "correct horse battery");

#[test]
fn an_encrypted_register_shows_nothing_readable_and_opens_only_with_its_passphrase() {
    let dir = tempfile::tempdir().unwrap();
    let o = dpo(
        dir.path(),
        &[KEY],
        &["init", "e.dpo", "--demo", "--encrypt"],
    );
    assert!(o.status.success(), "{}", said(&o));
    let bytes = std::fs::read(dir.path().join("e.dpo")).unwrap();
    assert!(
        !bytes.starts_with(b"SQLite format 3"),
        "no plaintext header"
    );
    for text in [
        "Fjordvakt",
        "Amazon Web Services",
        "DSR-2026",
        "Intility",
        "processors",
    ] {
        assert!(
            !bytes.windows(text.len()).any(|w| w == text.as_bytes()),
            "{text} is readable in the file"
        );
    }
    let o = dpo(dir.path(), &[KEY], &["info", "e.dpo"]);
    assert!(o.status.success(), "{}", said(&o));
    assert!(said(&o).contains("Fjordvakt Telemetri AS"));
    // The same through a passphrase file.
    std::fs::write(dir.path().join("pass.txt"), "correct horse battery\n").unwrap();
    let o = dpo(
        dir.path(),
        &[],
        &["verify", "e.dpo", "--passphrase-file", "pass.txt"],
    );
    assert!(o.status.success(), "{}", said(&o));

    let before = std::fs::read(dir.path().join("e.dpo")).unwrap();
    let o = dpo(
        dir.path(),
        &[("DPO_PASSPHRASE", "wrong")],
        &["info", "e.dpo"],
    );
    assert_eq!(o.status.code(), Some(3));
    assert!(
        said(&o).contains("wrong passphrase or not a register"),
        "{}",
        said(&o)
    );
    assert!(
        !said(&o).contains("ERROR CORE"),
        "only our message: {}",
        said(&o)
    );
    let o = dpo(dir.path(), &[], &["info", "e.dpo"]);
    assert_eq!(o.status.code(), Some(3), "no passphrase and no terminal");
    assert!(said(&o).contains("give its passphrase"));
    assert_eq!(
        std::fs::read(dir.path().join("e.dpo")).unwrap(),
        before,
        "untouched"
    );
}

#[test]
fn a_passphrase_is_set_changed_and_removed_with_every_record_and_the_journal_kept() {
    let dir = tempfile::tempdir().unwrap();
    assert!(dpo(dir.path(), &[], &["init", "r.dpo", "--demo"])
        .status
        .success());
    let head = |env: &[(&str, &str)]| {
        let o = dpo(dir.path(), env, &["verify", "r.dpo"]);
        assert!(o.status.success(), "{}", said(&o));
        said(&o).split("head ").nth(1).unwrap().trim().to_string()
    };
    let plain = head(&[]);
    let o = dpo(
        dir.path(),
        &[("DPO_NEW_PASSPHRASE", "first secret")],
        &["passwd", "r.dpo"],
    );
    assert!(o.status.success(), "{}", said(&o));
    assert!(!std::fs::read(dir.path().join("r.dpo"))
        .unwrap()
        .starts_with(b"SQLite format 3"));
    assert_eq!(head(&[("DPO_PASSPHRASE", "first secret")]), plain);
    let o = dpo(
        dir.path(),
        &[
            ("DPO_PASSPHRASE", "first secret"),
            ("DPO_NEW_PASSPHRASE", "second secret"),
        ],
        &["passwd", "r.dpo"],
    );
    assert!(o.status.success(), "{}", said(&o));
    let o = dpo(
        dir.path(),
        &[("DPO_PASSPHRASE", "first secret")],
        &["info", "r.dpo"],
    );
    assert_eq!(
        o.status.code(),
        Some(3),
        "the old passphrase no longer opens it"
    );
    assert_eq!(head(&[("DPO_PASSPHRASE", "second secret")]), plain);
    // The search index came through the copy under the new key.
    {
        let r = dpo_workbench::store::Register::open_with_passphrase(
            &dir.path().join("r.dpo"),
            "second secret",
            clock(),
        )
        .unwrap();
        let all = r.count_requests("").unwrap();
        assert!(all > 0);
        assert_eq!(r.count_requests("dsr-2026").unwrap(), all);
    }
    let o = dpo(
        dir.path(),
        &[("DPO_PASSPHRASE", "second secret")],
        &["passwd", "r.dpo", "--remove"],
    );
    assert!(o.status.success(), "{}", said(&o));
    assert!(std::fs::read(dir.path().join("r.dpo"))
        .unwrap()
        .starts_with(b"SQLite format 3"));
    assert_eq!(
        head(&[]),
        plain,
        "the journal came through every change of key"
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(dir.path().join("r.dpo"))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600);
    }
    let o = dpo(dir.path(), &[], &["passwd", "r.dpo"]);
    assert_eq!(
        o.status.code(),
        Some(2),
        "no new passphrase without a terminal"
    );
}
