//! Nothing let in: hostile text never reaches a terminal as control, a cell
//! never splits into a formula, a planted trigger is named and stops every
//! write, links and pipes are refused, and odd files get specific messages.

mod common;

use std::path::Path;
use std::process::{Command, Output};

use dpo_workbench::store::{Register, StoreError};

use common::{clock, dpo_with, said};

fn dpo(dir: &Path, env: &[(&str, &str)], args: &[&str]) -> Output {
    dpo_with(dir, env, args)
}

fn demo(dir: &Path) {
    let o = dpo(dir, &[], &["init", "r.dpo", "--demo"]);
    assert!(o.status.success(), "{}", said(&o));
}

/// A connection like another program's, the journal's triggers dropped so
/// it can write: what a register written behind the workbench's back holds.
fn behind_the_back(path: &Path, sql: &str) {
    let conn = rusqlite::Connection::open(path).unwrap();
    let triggers: Vec<(String, String)> = conn
        .prepare("SELECT name, sql FROM sqlite_schema WHERE type = 'trigger'")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    for (name, _) in &triggers {
        conn.execute_batch(&format!("DROP TRIGGER {name}")).unwrap();
    }
    conn.execute_batch(sql).unwrap();
    for (_, sql) in &triggers {
        conn.execute_batch(sql).unwrap();
    }
}

/// Every byte a terminal would obey as an escape: ESC, BEL, CSI (C1), and
/// the bidi override.
fn obeys_terminal_control(text: &str) -> bool {
    text.chars()
        .any(|c| matches!(c, '\u{1b}' | '\u{7}' | '\u{9b}' | '\u{9d}' | '\u{202e}'))
}

const HOSTILE: &str = "Evil\u{1b}]0;pwned\u{7} \u{1b}[2J\u{9b}31m\u{202e}gnp.exe";
const OSC52: &str = "\u{1b}]52;c;cm0gLXJmIH4=\u{7}";

// ---- 4. Escape sequences ----

#[test]
fn hostile_text_an_older_register_holds_is_shown_never_obeyed() {
    let dir = tempfile::tempdir().unwrap();
    demo(dir.path());
    let path = dir.path().join("r.dpo");
    behind_the_back(
        &path,
        &format!(
            "UPDATE processors SET name = '{HOSTILE}', notes = '{OSC52}' WHERE id = 1;
             UPDATE requests SET reference = 'DSR-{HOSTILE}' WHERE id = 1;
             UPDATE organisation SET name = 'Org {HOSTILE}';"
        ),
    );
    // (command, whether it shows one of the hostile values)
    let cases: &[(&[&str], bool)] = &[
        (&["check", "r.dpo"], true),
        (&["check", "r.dpo", "--json"], true),
        (&["info", "r.dpo"], true),
        (&["info", "r.dpo", "--json"], true),
        (&["verify", "r.dpo"], true),
        (&["verify", "r.dpo", "--json"], true),
        (&["portfolio", "."], true),
        (&["portfolio", ".", "--json"], true),
        // The journal never recorded what was written behind its back.
        (&["log", "r.dpo"], false),
        (&["log", "r.dpo", "--json"], false),
    ];
    for &(args, shows) in cases {
        let o = dpo(dir.path(), &[], args);
        let text = said(&o);
        assert!(
            !obeys_terminal_control(&text),
            "{args:?} let a control through"
        );
        if !shows {
            continue;
        }
        if args.contains(&"--json") {
            // The value is kept, escaped: a JSON reader gets it back whole.
            assert!(text.contains("\\u001b"), "{args:?}: {text}");
        } else {
            assert!(
                text.contains("<U+001B>"),
                "{args:?} shows the escape: {text}"
            );
        }
    }
}

/// A file's name is one line of the portfolio and of `dpo info`: a line
/// break in it is shown, never a line of its own (a forged register line).
#[test]
fn a_line_break_in_a_register_files_name_stays_on_its_line() {
    let dir = tempfile::tempdir().unwrap();
    demo(dir.path());
    let forged = "n\nforged.dpo";
    std::fs::rename(dir.path().join("r.dpo"), dir.path().join(forged)).unwrap();
    for args in [vec!["portfolio", "."], vec!["info", forged]] {
        let o = dpo(dir.path(), &[], &args);
        let text = said(&o);
        assert!(text.contains("n<U+000A>forged.dpo"), "{args:?}: {text}");
        assert!(
            !text.lines().any(|l| l.starts_with("forged.dpo")),
            "{args:?}: {text}"
        );
    }
}

#[test]
fn a_register_made_on_the_command_line_refuses_control_characters_in_its_name() {
    let dir = tempfile::tempdir().unwrap();
    let o = dpo(dir.path(), &[], &["init", "c.dpo", "--name", HOSTILE]);
    let text = said(&o);
    assert_eq!(o.status.code(), Some(2), "{text}");
    assert!(text.contains("name") && text.contains("U+001B"), "{text}");
    assert!(!obeys_terminal_control(&text), "{text}");
    assert!(!dir.path().join("c.dpo").exists(), "no register made");
    // A line break is refused too: a name is one line.
    let o = dpo(
        dir.path(),
        &[],
        &["init", "c.dpo", "--name", "Two\nLines AS"],
    );
    assert_eq!(o.status.code(), Some(2), "{}", said(&o));
    assert!(said(&o).contains("a line break"), "{}", said(&o));
    assert!(!dir.path().join("c.dpo").exists(), "no register made");
}

#[test]
fn an_import_refuses_control_characters_naming_line_and_column_and_echoes_none() {
    let dir = tempfile::tempdir().unwrap();
    demo(dir.path());
    let before = Register::open(&dir.path().join("r.dpo"), clock())
        .unwrap()
        .journal_head()
        .unwrap();
    let header =
        "name,org_number,country,address,contact_email,service,role,parent_id,status,notes\n";
    let rows = format!(
        "Fine AS,,NO,\"Street 1\nOslo\",,,processor,,active,\"two\nlines\tand a tab\"\n\
         {HOSTILE},,NO,,,,processor,,active,\n\
         \"Two\nLines AS\",,NO,,,,processor,,active,\n\
         Quiet AS,,NO,,,,processor,,active,{OSC52}\n"
    );
    std::fs::write(dir.path().join("p.csv"), format!("{header}{rows}")).unwrap();
    let o = dpo(
        dir.path(),
        &[],
        &["import", "r.dpo", "--table", "processors", "p.csv"],
    );
    let text = said(&o);
    assert_eq!(o.status.code(), Some(2), "{text}");
    assert!(!obeys_terminal_control(&text), "{text}");
    // Lines as a text editor counts them: the first row spans three.
    assert!(text.contains("p.csv line 5, column name"), "{text}");
    assert!(text.contains("p.csv line 6, column name"), "{text}");
    assert!(text.contains("a line break"), "{text}");
    assert!(text.contains("U+001B"), "{text}");
    assert!(text.contains("column notes"), "{text}");
    let after = Register::open(&dir.path().join("r.dpo"), clock())
        .unwrap()
        .journal_head()
        .unwrap();
    assert_eq!(before, after, "nothing written");
}

#[test]
fn the_workbench_refuses_control_characters_in_a_form_and_draws_none() {
    use dpo_workbench::tui::render::render;
    use dpo_workbench::tui::state::State;
    use dpo_workbench::tui::theme::Theme;
    use dpo_workbench::tui::update::{init, update};
    let dir = tempfile::tempdir().unwrap();
    demo(dir.path());
    let path = dir.path().join("r.dpo");
    behind_the_back(
        &path,
        &format!(
            "UPDATE processors SET name = 'Bidi \u{202e}gnp.exe AS' WHERE id = 1;
             UPDATE processors SET notes = '{HOSTILE}' WHERE id = 1;
             UPDATE requests SET reference = 'DSR-\u{1b}[2J' WHERE id = 1;"
        ),
    );
    let mut register = Register::open(&path, clock()).unwrap();
    let now = clock().now();
    let mut state = State::new("r.dpo", Theme::monochrome(), now, now.date_naive(), 140, 40);
    let mut effects = init(&state);
    while let Some(effect) = effects.pop() {
        let action = dpo_workbench::tui::app::perform(&mut register, effect, now, now.date_naive());
        effects.extend(update(&mut state, action));
    }
    let mut terminal = ratatui::Terminal::new(ratatui::backend::TestBackend::new(140, 40)).unwrap();
    for tab in ['1', '0', '3'] {
        let key = crossterm::event::KeyEvent::new(
            crossterm::event::KeyCode::Char(tab),
            crossterm::event::KeyModifiers::NONE,
        );
        let action = dpo_workbench::tui::update::key_to_action(&state, key);
        let mut effects = update(&mut state, action);
        while let Some(effect) = effects.pop() {
            let action =
                dpo_workbench::tui::app::perform(&mut register, effect, now, now.date_naive());
            effects.extend(update(&mut state, action));
        }
        terminal.draw(|f| render(f, &state)).unwrap();
        let screen: String = terminal
            .backend()
            .buffer()
            .content
            .iter()
            .map(|c| c.symbol().to_string())
            .collect();
        assert!(!obeys_terminal_control(&screen), "tab {tab}");
        if tab == '3' {
            assert!(
                screen.contains("DSR-<U+001B>"),
                "shown, not left out: {}",
                screen
                    .chars()
                    .collect::<Vec<_>>()
                    .chunks(140)
                    .map(|c| c.iter().collect::<String>())
                    .collect::<Vec<_>>()
                    .join("\n")
            );
        }
        if tab == '1' {
            // Shown as an escape where the list fits its text; drawn as `�`
            // wherever else it would reach the screen.
            assert!(
                screen.contains("Bidi <U+202E>gnp.exe"),
                "the override is shown"
            );
        }
    }
    // A form: a control character in a one-line field is refused at the field.
    let form = dpo_workbench::tui::widgets::form::Form::new(
        "t",
        vec![
            dpo_workbench::tui::widgets::form::FormField::line(
                "name",
                "Name",
                true,
                "Acme\u{1b}[2J",
                "",
            ),
            dpo_workbench::tui::widgets::form::FormField::text("notes", "Notes", "two\nlines", ""),
        ],
    );
    let errors = form.control_character_errors();
    assert!(errors.get("name").unwrap().contains("U+001B"));
    assert!(
        errors.get("notes").is_none(),
        "line breaks belong in a text box"
    );
}

// ---- 5. Formula cells split out by another separator ----

#[test]
fn a_cell_with_any_separator_is_quoted_in_every_profile() {
    let dir = tempfile::tempdir().unwrap();
    demo(dir.path());
    let header =
        "name,org_number,country,address,contact_email,service,role,parent_id,status,notes\n";
    std::fs::write(
        dir.path().join("p.csv"),
        format!("{header}\"x;=1000+1\",,NO,,,\"y,=2+2\",processor,,active,a|b\n"),
    )
    .unwrap();
    let o = dpo(
        dir.path(),
        &[],
        &["import", "r.dpo", "--table", "processors", "p.csv"],
    );
    assert!(o.status.success(), "{}", said(&o));
    for profile in ["rfc4180", "excel"] {
        let o = dpo(
            dir.path(),
            &[],
            &[
                "export",
                "r.dpo",
                "--table",
                "processors",
                "--profile",
                profile,
            ],
        );
        let text = String::from_utf8_lossy(&o.stdout).into_owned();
        assert!(text.contains("\"x;=1000+1\""), "{profile}: {text}");
        assert!(text.contains("\"y,=2+2\""), "{profile}: {text}");
        assert!(text.contains("\"a|b\""), "{profile}: {text}");
    }
}

// ---- 6. Planted schema objects ----

#[test]
fn a_planted_trigger_is_named_stops_every_write_and_goes_only_on_request() {
    let dir = tempfile::tempdir().unwrap();
    demo(dir.path());
    let path = dir.path().join("r.dpo");
    let conn = rusqlite::Connection::open(&path).unwrap();
    conn.execute_batch(
        "CREATE TRIGGER evil AFTER UPDATE ON processors BEGIN
             UPDATE processors SET notes = 'changed by a planted trigger' WHERE id = 2;
         END;
         CREATE VIEW peek AS SELECT name FROM processors;
         CREATE TABLE stash (x);
         CREATE INDEX stash_x ON stash (x);",
    )
    .unwrap();
    drop(conn);
    let o = dpo(dir.path(), &[], &["verify", "r.dpo"]);
    assert_eq!(o.status.code(), Some(1), "{}", said(&o));
    for name in [
        "trigger 'evil'",
        "view 'peek'",
        "table 'stash'",
        "index 'stash_x'",
    ] {
        assert!(
            said(&o).contains(&format!("{name} is not the register's own")),
            "{name}: {}",
            said(&o)
        );
    }
    // Verify only reads: the trigger is still there.
    let o = dpo(dir.path(), &[], &["verify", "r.dpo"]);
    assert!(said(&o).contains("trigger 'evil'"));
    // No write runs under it: the command line, an import, the store.
    std::fs::write(
        dir.path().join("p.csv"),
        "name,org_number,country,address,contact_email,service,role,parent_id,status,notes\nNew AS,,NO,,,,processor,,active,\n",
    )
    .unwrap();
    let o = dpo(
        dir.path(),
        &[],
        &["import", "r.dpo", "--table", "processors", "p.csv"],
    );
    assert_eq!(o.status.code(), Some(3), "{}", said(&o));
    assert!(
        said(&o).contains("nothing is written to this register while trigger 'evil'"),
        "{}",
        said(&o)
    );
    let mut register = Register::open(&path, clock()).unwrap();
    let row = register.processor(1).unwrap().unwrap();
    let refused = register
        .update_processor(1, row.processor.revision, &row.processor.fields)
        .unwrap_err();
    assert!(
        matches!(refused, StoreError::ForeignSchema { .. }),
        "{refused}"
    );
    drop(register);
    // On request: the trigger and view go, the table and index are named.
    let o = dpo(dir.path(), &[], &["verify", "r.dpo", "--repair"]);
    assert!(
        said(&o).contains("removed the trigger 'evil'"),
        "{}",
        said(&o)
    );
    assert!(said(&o).contains("removed the view 'peek'"), "{}", said(&o));
    assert!(
        said(&o).contains("table 'stash' is not the register's own"),
        "{}",
        said(&o)
    );
    let o = dpo(
        dir.path(),
        &[],
        &["import", "r.dpo", "--table", "processors", "p.csv"],
    );
    assert!(o.status.success(), "{}", said(&o));
    assert!(
        said(&o).contains("warning"),
        "the table left is said before writing: {}",
        said(&o)
    );
}

// ---- 7. A planted link ----

#[cfg(unix)]
#[test]
fn an_export_never_writes_through_a_link_planted_at_its_name() {
    let dir = tempfile::tempdir().unwrap();
    demo(dir.path());
    let target = dir.path().join("precious.txt");
    std::fs::write(&target, "precious").unwrap();
    std::fs::create_dir(dir.path().join("out")).unwrap();
    std::os::unix::fs::symlink(&target, dir.path().join("out/processors.csv")).unwrap();
    // Links at names a temporary file of the old scheme would have taken.
    for pid in 0..64 {
        let _ = std::os::unix::fs::symlink(
            &target,
            dir.path()
                .join(format!("out/.processors.csv.{pid}.partial")),
        );
    }
    let export = [
        "export",
        "r.dpo",
        "--table",
        "processors",
        "-o",
        "out/processors.csv",
    ];
    // What is there is not replaced unasked; asked, the link is replaced.
    let o = dpo(dir.path(), &[], &export);
    assert_eq!(o.status.code(), Some(2), "{}", said(&o));
    assert_eq!(std::fs::read_to_string(&target).unwrap(), "precious");
    let forced = [&export[..], &["--force"]].concat();
    let o = dpo(dir.path(), &[], &forced);
    assert!(o.status.success(), "{}", said(&o));
    assert_eq!(std::fs::read_to_string(&target).unwrap(), "precious");
    let written = std::fs::symlink_metadata(dir.path().join("out/processors.csv")).unwrap();
    assert!(written.is_file(), "the link was replaced, not followed");
}

// ---- 8. Pipes and read-only media ----

#[cfg(unix)]
#[test]
fn a_pipe_given_as_the_register_is_refused_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("r.dpo");
    let name = std::ffi::CString::new(fifo.to_str().unwrap()).unwrap();
    // SAFETY: a valid NUL-terminated path.
    assert_eq!(unsafe { libc::mkfifo(name.as_ptr(), 0o600) }, 0);
    let started = std::time::Instant::now();
    let o = dpo(dir.path(), &[], &["info", "r.dpo"]);
    assert_eq!(o.status.code(), Some(3), "{}", said(&o));
    assert!(said(&o).contains("not a regular file"), "{}", said(&o));
    assert!(
        started.elapsed() < std::time::Duration::from_secs(5),
        "no hang"
    );
}

/// `dir` made read-only: a read-only remount of a tmpfs where this process
/// may mount one (root: permissions would not stop it), else permissions.
struct ReadOnlyFolder {
    dir: tempfile::TempDir,
    mounted: bool,
}

impl ReadOnlyFolder {
    fn with_demo() -> Option<ReadOnlyFolder> {
        let dir = tempfile::tempdir().unwrap();
        // SAFETY: geteuid has no preconditions.
        let root = unsafe { libc::geteuid() } == 0;
        let mounted = root
            && Command::new("mount")
                .args(["-t", "tmpfs", "-o", "size=8m", "tmpfs"])
                .arg(dir.path())
                .status()
                .is_ok_and(|s| s.success());
        if root && !mounted {
            eprintln!("SKIPPED: root, but no tmpfs can be mounted to make read-only");
            return None;
        }
        demo(dir.path());
        if mounted {
            let ok = Command::new("mount")
                .args(["-o", "remount,ro"])
                .arg(dir.path())
                .status()
                .is_ok_and(|s| s.success());
            assert!(ok);
        } else {
            use std::os::unix::fs::PermissionsExt;
            let set = |p: &Path, mode| {
                std::fs::set_permissions(p, std::fs::Permissions::from_mode(mode)).unwrap()
            };
            set(&dir.path().join("r.dpo"), 0o444);
            set(dir.path(), 0o555);
        }
        Some(ReadOnlyFolder { dir, mounted })
    }
}

impl Drop for ReadOnlyFolder {
    fn drop(&mut self) {
        if self.mounted {
            let _ = Command::new("umount").arg(self.dir.path()).status();
        } else {
            use std::os::unix::fs::PermissionsExt;
            let _ =
                std::fs::set_permissions(self.dir.path(), std::fs::Permissions::from_mode(0o755));
        }
    }
}

#[cfg(unix)]
#[test]
fn a_register_on_read_only_media_is_read_and_says_read_only_to_a_write() {
    let Some(folder) = ReadOnlyFolder::with_demo() else {
        return;
    };
    let dir = folder.dir.path();
    for args in [
        &["info", "r.dpo"][..],
        &["check", "r.dpo"],
        &["verify", "r.dpo"],
        &["log", "r.dpo"],
    ] {
        let o = dpo(dir, &[], args);
        assert!(
            o.status.code().is_some_and(|c| c <= 1),
            "{args:?}: {}",
            said(&o)
        );
    }
    let o = dpo(dir, &[], &["export", "r.dpo", "--table", "processors"]);
    assert!(o.status.success(), "{}", said(&o));
    let work = tempfile::tempdir().unwrap();
    std::fs::write(
        work.path().join("p.csv"),
        "name,org_number,country,address,contact_email,service,role,parent_id,status,notes\nNew AS,,NO,,,,processor,,active,\n",
    )
    .unwrap();
    let csv = work.path().join("p.csv");
    let o = dpo(
        dir,
        &[],
        &[
            "import",
            "r.dpo",
            "--table",
            "processors",
            csv.to_str().unwrap(),
        ],
    );
    assert_eq!(o.status.code(), Some(3), "{}", said(&o));
    assert!(said(&o).contains("read-only"), "{}", said(&o));
}

// ---- 9. One-record tables ----

#[test]
fn a_one_record_table_refuses_a_second_row_at_its_line() {
    let dir = tempfile::tempdir().unwrap();
    demo(dir.path());
    let o = dpo(
        dir.path(),
        &[],
        &[
            "export",
            "r.dpo",
            "--table",
            "organisation",
            "-o",
            "org.csv",
        ],
    );
    assert!(o.status.success(), "{}", said(&o));
    let text = std::fs::read_to_string(dir.path().join("org.csv")).unwrap();
    let row = text.lines().nth(1).unwrap().to_string();
    let many: String = std::iter::repeat_n(format!("{row}\r\n"), 10_000).collect();
    std::fs::write(
        dir.path().join("org.csv"),
        format!("{}\r\n{many}", text.lines().next().unwrap()),
    )
    .unwrap();
    let started = std::time::Instant::now();
    let o = dpo(
        dir.path(),
        &[],
        &["import", "r.dpo", "--table", "organisation", "org.csv"],
    );
    assert_eq!(o.status.code(), Some(2), "{}", said(&o));
    assert!(said(&o).contains("org.csv line 3"), "{}", said(&o));
    assert!(said(&o).contains("a second row is refused"), "{}", said(&o));
    assert!(started.elapsed() < std::time::Duration::from_secs(5));
}

// ---- 10. Passphrases ----

#[test]
fn a_short_passphrase_is_refused_however_it_is_given() {
    let dir = tempfile::tempdir().unwrap();
    demo(dir.path());
    let o = dpo(
        dir.path(),
        &[("DPO_NEW_PASSPHRASE", "x")],
        &["passwd", "r.dpo"],
    );
    assert_eq!(o.status.code(), Some(2), "{}", said(&o));
    assert!(said(&o).contains("at least 8 characters"), "{}", said(&o));
    let o = dpo(
        dir.path(),
        &[("DPO_PASSPHRASE", "short")],
        &["init", "s.dpo", "--encrypt"],
    );
    assert_eq!(o.status.code(), Some(2), "{}", said(&o));
    assert!(!dir.path().join("s.dpo").exists());
}

#[cfg(unix)]
#[test]
fn a_passphrase_file_others_may_read_is_warned_of() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("pass.txt");
    std::fs::write(&file, "a long enough passphrase\n").unwrap();
    std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o644)).unwrap();
    let o = dpo(
        dir.path(),
        &[],
        &[
            "init",
            "s.dpo",
            "--encrypt",
            "--passphrase-file",
            "pass.txt",
        ],
    );
    assert!(o.status.success(), "{}", said(&o));
    assert!(
        said(&o).contains("can be read by others than you (mode 644)"),
        "{}",
        said(&o)
    );
    std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o600)).unwrap();
    let o = dpo(
        dir.path(),
        &[],
        &["info", "s.dpo", "--passphrase-file", "pass.txt"],
    );
    assert!(
        o.status.success() && !said(&o).contains("warning"),
        "{}",
        said(&o)
    );
}

// ---- 11. Binary data ----

#[test]
fn binary_data_in_a_column_is_named_by_record_and_column() {
    let dir = tempfile::tempdir().unwrap();
    demo(dir.path());
    behind_the_back(
        &dir.path().join("r.dpo"),
        "UPDATE processors SET name = x'00ff10' WHERE id = 3;",
    );
    for args in [
        &["verify", "r.dpo"][..],
        &["info", "r.dpo"],
        &["export", "r.dpo", "--table", "processors"],
        &["check", "r.dpo"],
    ] {
        let o = dpo(dir.path(), &[], args);
        assert!(!o.status.success(), "{args:?}");
        assert!(
            said(&o).contains("processors#3 column name"),
            "{args:?}: {}",
            said(&o)
        );
        assert!(
            !said(&o).contains("Invalid column type"),
            "{args:?}: {}",
            said(&o)
        );
    }
}
