//! Nothing lost: a passphrase change never runs under another program's
//! connection, a full disk undoes a write whole and says so, killed programs
//! leave no copy of a register behind for long, and another program reading
//! the register never breaks the connections this process holds.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use dpo_workbench::domain::processor::ProcessorFields;
use dpo_workbench::record::processor::ProcessorKind;
use dpo_workbench::store::{Register, StoreError};

use common::{clock, dpo_with, said, MOMENT};

fn dpo(dir: &Path, env: &[(&str, &str)], args: &[&str]) -> Output {
    dpo_with(dir, env, args)
}

fn demo(dir: &Path, name: &str) -> PathBuf {
    let o = dpo(dir, &[], &["init", name, "--demo"]);
    assert!(o.status.success(), "{}", said(&o));
    dir.join(name)
}

fn a_processor(name: &str) -> ProcessorFields {
    a_processor_with_notes(name, "")
}

fn a_processor_with_notes(name: &str, notes: &str) -> ProcessorFields {
    common::record::<ProcessorKind>(&[
        ("name", name),
        ("country", "NO"),
        ("role", "processor"),
        ("notes", notes),
        ("status", "active"),
    ])
}

/// The register's journal head and processor count: what a lost or partial
/// write would change.
fn state_of(path: &Path) -> (String, usize) {
    let register = Register::open(path, clock()).unwrap();
    (
        register.journal_head().unwrap(),
        register.count_processors("").unwrap(),
    )
}

// ---- 1. A passphrase change holds the register alone, or does not start ----

#[test]
fn passwd_refuses_while_another_program_has_the_register_open() {
    let dir = tempfile::tempdir().unwrap();
    let path = demo(dir.path(), "r.dpo");
    let before = state_of(&path);
    // The workbench (or any program) has it open: a connection held here.
    let open_elsewhere = Register::open(&path, clock()).unwrap();
    let o = dpo(
        dir.path(),
        &[("DPO_NEW_PASSPHRASE", "newpass456")],
        &["passwd", "r.dpo"],
    );
    assert_eq!(o.status.code(), Some(3), "{}", said(&o));
    assert!(
        said(&o).contains("the register is open in another program: close it first"),
        "{}",
        said(&o)
    );
    drop(open_elsewhere);
    // Nothing changed: still plain, whole, and no copy left beside it.
    assert_eq!(state_of(&path), before);
    let strays: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains(".rekey"))
        .collect();
    assert!(strays.is_empty(), "{strays:?}");
    // Alone, it works.
    let o = dpo(
        dir.path(),
        &[("DPO_NEW_PASSPHRASE", "newpass456")],
        &["passwd", "r.dpo"],
    );
    assert!(o.status.success(), "{}", said(&o));
    let o = dpo(
        dir.path(),
        &[("DPO_PASSPHRASE", "newpass456")],
        &["verify", "r.dpo"],
    );
    assert!(o.status.success(), "{}", said(&o));
}

#[test]
fn a_connection_to_a_register_written_anew_elsewhere_never_writes_into_it() {
    let dir = tempfile::tempdir().unwrap();
    let path = demo(dir.path(), "r.dpo");
    let mut old = Register::open(&path, clock()).unwrap();
    // What a passphrase change elsewhere does: a new file takes the name.
    let copy = dir.path().join("copy.dpo");
    std::fs::copy(&path, &copy).unwrap();
    std::fs::rename(&copy, &path).unwrap();
    let after_rename = std::fs::read(&path).unwrap();
    let refused = old.insert_processor(&a_processor("Sveve AS")).unwrap_err();
    assert!(matches!(refused, StoreError::Replaced(_)), "{refused}");
    assert!(
        refused.to_string().contains(
            "changed by another program, or the file replaced; nothing was written: reopen it"
        ),
        "{refused}"
    );
    assert_eq!(refused.exit_code(), 3);
    assert!(old.still_there().is_err());
    drop(old);
    assert_eq!(std::fs::read(&path).unwrap(), after_rename);
}

#[test]
fn passwd_racing_an_import_ends_with_a_whole_register_either_way() {
    let dir = tempfile::tempdir().unwrap();
    let source = dir.path().join("source.dpo");
    let o = dpo(
        dir.path(),
        &[],
        &["init", "source.dpo", "--synthetic", "3000"],
    );
    assert!(o.status.success(), "{}", said(&o));
    let o = dpo(
        dir.path(),
        &[],
        &["export", "source.dpo", "--all", "-o", "big"],
    );
    assert!(o.status.success(), "{}", said(&o));
    drop(source);
    let path = demo(dir.path(), "r.dpo");
    let import = Command::new(env!("CARGO_BIN_EXE_dpo"))
        .args(["import", "r.dpo", "--all", "big"])
        .current_dir(dir.path())
        .env("DPO_NOW", MOMENT)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    std::thread::sleep(std::time::Duration::from_millis(300));
    let passwd = dpo(
        dir.path(),
        &[("DPO_NEW_PASSPHRASE", "newpass456")],
        &["passwd", "r.dpo"],
    );
    let imported = import.wait_with_output().unwrap();
    // The passphrase change either waited for the import and ran alone, or
    // was refused: the register is whole under the passphrase it has.
    let env: &[(&str, &str)] = if passwd.status.success() {
        &[("DPO_PASSPHRASE", "newpass456")]
    } else {
        assert_eq!(passwd.status.code(), Some(3), "{}", said(&passwd));
        &[]
    };
    let o = dpo(dir.path(), env, &["verify", "r.dpo"]);
    assert!(o.status.success(), "{}\n{}", said(&o), said(&passwd));
    let o = dpo(dir.path(), env, &["info", "r.dpo", "--json"]);
    let info: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let requests = info["tables"]["requests"].as_u64().unwrap();
    if imported.status.success() {
        assert!(requests >= 3000, "{requests}");
    } else {
        assert_eq!(requests, 10, "the demo's own: {}", said(&imported));
    }
    let _ = path;
}

// ---- 2. A full disk: all or nothing, and the truth said ----

/// A tmpfs of `megabytes` mounted on a new folder, unmounted when dropped:
/// `None` (and the reason printed) where this process may not mount one.
struct SmallDisk {
    dir: tempfile::TempDir,
}

impl SmallDisk {
    fn mount(megabytes: u32) -> Option<SmallDisk> {
        let dir = tempfile::tempdir().unwrap();
        let mounted = Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={megabytes}m"), "tmpfs"])
            .arg(dir.path())
            .output();
        match mounted {
            Ok(o) if o.status.success() => Some(SmallDisk { dir }),
            Ok(o) => {
                eprintln!(
                    "SKIPPED: cannot mount a small tmpfs here (needs root): {}",
                    String::from_utf8_lossy(&o.stderr).trim()
                );
                None
            }
            Err(e) => {
                eprintln!("SKIPPED: no mount command: {e}");
                None
            }
        }
    }

    fn path(&self) -> &Path {
        self.dir.path()
    }

    /// Fills the disk until `kilobytes` are left.
    fn fill_leaving(&self, kilobytes: u64) {
        let stat = nix_free_kilobytes(self.path());
        let fill = stat.saturating_sub(kilobytes);
        std::fs::write(self.path().join("fill"), vec![0u8; (fill * 1024) as usize]).unwrap();
    }

    fn free_all(&self) {
        std::fs::remove_file(self.path().join("fill")).unwrap();
    }
}

impl Drop for SmallDisk {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg(self.dir.path()).output();
    }
}

fn nix_free_kilobytes(path: &Path) -> u64 {
    let o = Command::new("df")
        .args(["--output=avail", "-k"])
        .arg(path)
        .output()
        .unwrap();
    String::from_utf8_lossy(&o.stdout)
        .lines()
        .last()
        .unwrap()
        .trim()
        .parse()
        .unwrap()
}

fn processors_csv(path: &Path, rows: usize) {
    let mut text = String::from(
        "name,org_number,country,address,contact_email,service,role,parent_id,status,notes\n",
    );
    for i in 0..rows {
        text.push_str(&format!(
            "Processor number {i} with a long name AS,,NO,Storgata {i} 0155 Oslo,x@example.com,{},processor,,active,{}\n",
            "Service ".repeat(10),
            "note ".repeat(40)
        ));
    }
    std::fs::write(path, text).unwrap();
}

#[test]
fn an_import_that_fills_the_disk_writes_nothing_and_says_so() {
    let Some(disk) = SmallDisk::mount(8) else {
        return;
    };
    let work = tempfile::tempdir().unwrap();
    processors_csv(&work.path().join("p.csv"), 3000);
    let o = dpo(
        work.path(),
        &[],
        &["init", "source.dpo", "--synthetic", "3000"],
    );
    assert!(o.status.success(), "{}", said(&o));
    let o = dpo(
        work.path(),
        &[],
        &["export", "source.dpo", "--all", "-o", "big"],
    );
    assert!(o.status.success(), "{}", said(&o));
    let path = demo(disk.path(), "r.dpo");
    disk.fill_leaving(256);
    let before = state_of(&path);
    let csv = work.path().join("p.csv");
    let all = work.path().join("big");
    for args in [
        vec![
            "import",
            "r.dpo",
            "--table",
            "processors",
            csv.to_str().unwrap(),
        ],
        vec!["import", "r.dpo", "--all", all.to_str().unwrap()],
    ] {
        let o = dpo(disk.path(), &[], &args);
        assert_eq!(o.status.code(), Some(3), "{}", said(&o));
        assert!(
            said(&o).contains("the disk holding the register is full"),
            "{}",
            said(&o)
        );
        assert!(!said(&o).contains("no such table"), "{}", said(&o));
        assert_eq!(state_of(&path), before, "nothing of {args:?} was committed");
    }
    let o = dpo(disk.path(), &[], &["verify", "r.dpo"]);
    assert!(o.status.success(), "{}", said(&o));
    // A form's save: refused whole, with the same words.
    let mut register = Register::open(&path, clock()).unwrap();
    let mut refused = None;
    for i in 0..400 {
        let filler = a_processor_with_notes(&format!("Filler {i}"), &"x".repeat(4000));
        if let Err(e) = register.insert_processor(&filler) {
            refused = Some(e);
            break;
        }
    }
    let refused = refused.expect("the disk fills up");
    assert!(matches!(refused, StoreError::DiskFull), "{refused}");
    drop(register);
    disk.free_all();
    let o = dpo(disk.path(), &[], &["verify", "r.dpo"]);
    assert!(o.status.success(), "{}", said(&o));
}

#[test]
fn a_passphrase_change_or_a_new_register_on_a_full_disk_leaves_nothing_behind() {
    let Some(disk) = SmallDisk::mount(8) else {
        return;
    };
    let path = demo(disk.path(), "r.dpo");
    disk.fill_leaving(64);
    let before = state_of(&path);
    let o = dpo(
        disk.path(),
        &[("DPO_NEW_PASSPHRASE", "newpass456")],
        &["passwd", "r.dpo"],
    );
    assert_ne!(o.status.code(), Some(0), "{}", said(&o));
    assert_eq!(state_of(&path), before, "still plain and whole");
    let o = dpo(
        disk.path(),
        &[],
        &["init", "big.dpo", "--synthetic", "5000"],
    );
    assert_ne!(o.status.code(), Some(0), "{}", said(&o));
    let left: Vec<String> = std::fs::read_dir(disk.path())
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n != "fill" && n != "r.dpo")
        .collect();
    assert!(left.is_empty(), "left behind: {left:?}");
}

// ---- 3. Temporary copies of a killed program are removed ----

#[test]
fn a_killed_programs_copies_are_removed_when_the_register_is_next_opened_or_made() {
    let dir = tempfile::tempdir().unwrap();
    let path = demo(dir.path(), "r.dpo");
    // What a passphrase removal killed half-way left: the register unencrypted.
    let dead = 4_194_303;
    let rekey = dir.path().join(format!(".r.dpo.{dead}-0a1b2c.rekey"));
    std::fs::write(&rekey, "SQLite format 3\0 plain rows").unwrap();
    let wal = dir.path().join(format!(".r.dpo.{dead}-0a1b2c.rekey-wal"));
    std::fs::write(&wal, "").unwrap();
    let creating = dir.path().join(format!(".new.dpo.{dead}-0a1b2c.creating"));
    std::fs::write(&creating, "").unwrap();
    let o = dpo(dir.path(), &[], &["info", "r.dpo"]);
    assert!(o.status.success(), "{}", said(&o));
    assert!(!rekey.exists() && !wal.exists(), "removed on the next open");
    assert!(creating.exists(), "another register's");
    let o = dpo(dir.path(), &[], &["init", "new.dpo"]);
    assert!(o.status.success(), "{}", said(&o));
    assert!(
        !creating.exists(),
        "removed when the register is made again"
    );
    let _ = path;
}

#[test]
fn a_killed_init_leaves_no_register_and_its_copy_goes_on_the_next_try() {
    let dir = tempfile::tempdir().unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_dpo"))
        .args(["init", "big.dpo", "--synthetic", "200000"])
        .current_dir(dir.path())
        .env("DPO_NOW", MOMENT)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let creating = || {
        std::fs::read_dir(dir.path())
            .unwrap()
            .flatten()
            .any(|e| e.file_name().to_string_lossy().contains(".creating"))
    };
    for _ in 0..200 {
        if creating() {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    child.kill().unwrap(); // SIGKILL: no cleanup runs
    child.wait().unwrap();
    assert!(!dir.path().join("big.dpo").exists());
    assert!(creating(), "the killed program's copy is there");
    let o = dpo(dir.path(), &[], &["init", "big.dpo"]);
    assert!(o.status.success(), "{}", said(&o));
    assert!(!creating(), "and gone once the register is made");
}

/// `dpo import` of `csv` into `register`, killed (SIGKILL: nothing of its
/// own runs) after `after`; whether it had finished by then.
fn import_killed_after(dir: &Path, register: &str, csv: &str, after: std::time::Duration) -> bool {
    let mut child = Command::new(env!("CARGO_BIN_EXE_dpo"))
        .args(["import", register, "--table", "requests", csv])
        .current_dir(dir)
        .env("DPO_NOW", MOMENT)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    std::thread::sleep(after);
    let finished = child.try_wait().unwrap().is_some();
    let _ = child.kill();
    child.wait().unwrap();
    finished
}

/// An import into an empty register writes under a rollback
/// journal instead of the write-ahead log (`store::import`). Killed at any
/// moment, it leaves the register as it was or with every row, its journal
/// chain whole, and the log back on once the register is opened.
#[test]
fn a_killed_import_into_an_empty_register_leaves_all_or_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let o = dpo(dir.path(), &[], &["init", "big.dpo", "--synthetic", "6000"]);
    assert!(o.status.success(), "{}", said(&o));
    let o = dpo(
        dir.path(),
        &[],
        &["export", "big.dpo", "--table", "requests", "-o", "r.csv"],
    );
    assert!(o.status.success(), "{}", said(&o));
    let o = dpo(dir.path(), &[], &["init", "empty.dpo"]);
    assert!(o.status.success(), "{}", said(&o));
    // How long a whole import takes here, to kill the others throughout it.
    std::fs::copy(dir.path().join("empty.dpo"), dir.path().join("whole.dpo")).unwrap();
    let start = std::time::Instant::now();
    let o = dpo(
        dir.path(),
        &[],
        &["import", "whole.dpo", "--table", "requests", "r.csv"],
    );
    assert!(o.status.success(), "{}", said(&o));
    let whole = start.elapsed();
    let rows = Register::open(&dir.path().join("whole.dpo"), clock())
        .unwrap()
        .count_requests("")
        .unwrap();
    assert!(rows >= 6000, "{rows}");
    let mut hot_journals = 0;
    for tenth in [1, 2, 4, 6, 8, 9, 12] {
        let name = format!("k{tenth}.dpo");
        let path = dir.path().join(&name);
        std::fs::copy(dir.path().join("empty.dpo"), &path).unwrap();
        let finished = import_killed_after(dir.path(), &name, "r.csv", whole * tenth / 10);
        if dir.path().join(format!("{name}-journal")).exists() {
            hot_journals += 1;
        }
        let register = Register::open(&path, clock()).unwrap();
        let found = register.count_requests("").unwrap();
        assert!(
            found == 0 || found == rows,
            "killed at {tenth}/10 of the import: {found} of {rows} requests"
        );
        assert!(
            !finished || found == rows,
            "a finished import kept its rows"
        );
        drop(register);
        let header = std::fs::read(&path).unwrap();
        assert_eq!(
            header[18..20],
            [2, 2],
            "write-ahead log back on at {tenth}/10"
        );
        let o = dpo(dir.path(), &[], &["verify", &name]);
        assert!(o.status.success(), "at {tenth}/10: {}", said(&o));
    }
    assert!(
        hot_journals > 0,
        "no kill fell while the rollback journal was in use"
    );
}

// ---- 12. Another program reading the register ----

/// Reads the register at `path` from another program, as the `sqlite3`
/// shell (else Python's sqlite3) does, and closes it: `None` where neither
/// can be had.
fn read_from_another_program(path: &Path) -> Option<Output> {
    let query = "SELECT count(*) FROM processors";
    if let Ok(o) = Command::new("sqlite3").arg(path).arg(query).output() {
        return Some(o);
    }
    let script = format!(
        "import sqlite3, sys\nc = sqlite3.connect(sys.argv[1])\nprint(c.execute('{query}').fetchone()[0])\nc.close()"
    );
    Command::new("python3")
        .args(["-c", &script])
        .arg(path)
        .output()
        .ok()
}

#[test]
fn another_program_reading_the_register_breaks_nothing_here() {
    let dir = tempfile::tempdir().unwrap();
    let path = demo(dir.path(), "r.dpo");
    // The workbench's connection, with a write in its log.
    let mut workbench = Register::open(&path, clock()).unwrap();
    workbench
        .insert_processor(&a_processor("First AS"))
        .unwrap();
    let wal = PathBuf::from(format!("{}-wal", path.display()));
    assert!(wal.exists());
    // The dashboard's thread opens its own connection to the same file.
    let background = Register::open(&path, clock()).unwrap();
    // Another program reads the file and closes it.
    let Some(o) = read_from_another_program(&path) else {
        eprintln!("SKIPPED: neither the sqlite3 shell nor python3 is here to read the register");
        return;
    };
    assert!(o.status.success(), "{}", said(&o));
    assert!(
        wal.exists(),
        "the other program must not take this one's connections for gone"
    );
    // The workbench saves: nothing lost, no error.
    workbench
        .insert_processor(&a_processor("Second AS"))
        .unwrap();
    assert_eq!(background.count_processors("").unwrap(), 21);
    drop(background);
    drop(workbench);
    let o = dpo(dir.path(), &[], &["verify", "r.dpo"]);
    assert!(o.status.success(), "{}", said(&o));
    assert_eq!(state_of(&path).1, 21);
}
