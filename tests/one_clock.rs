//! Time is a parameter: nothing but `src/platform/clock.rs` reads the wall clock, SQL
//! included, and no test builds an expectation from the day it runs.

use std::path::{Path, PathBuf};

/// Reads of the wall clock in Rust (split so this file does not name them whole).
const RUST_CLOCK_READS: &[&[&str]] = &[
    &["Utc::", "now("],
    &["Local::", "now("],
    &["SystemTime::", "now("],
    &["chrono::offset::", "Local"],
];

/// Reads of SQLite's own clock.
const SQL_CLOCK_READS: &[&[&str]] = &[
    &["'no", "w'"],
    &["CURRENT_", "TIMESTAMP"],
    &["CURRENT_", "DATE"],
    &["CURRENT_", "TIME"],
    &["localti", "me'"],
];

fn files_under(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            files_under(&path, out);
        } else if path.extension().is_some_and(|x| x == "rs" || x == "sql") {
            out.push(path);
        }
    }
}

/// Every `file:line` under `folders` holding one of `patterns`, outside `allowed`.
fn reads_in(folders: &[&str], patterns: &[&[&str]], allowed: &[&str]) -> Vec<String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    for folder in folders {
        files_under(&root.join(folder), &mut files);
    }
    let mut found = Vec::new();
    for file in files {
        let name = file.strip_prefix(root).unwrap().display().to_string();
        if allowed.contains(&name.as_str()) {
            continue;
        }
        let text = std::fs::read_to_string(&file).unwrap();
        for (n, line) in text.lines().enumerate() {
            if patterns.iter().any(|p| line.contains(&p.concat())) {
                found.push(format!("{name}:{}: {}", n + 1, line.trim()));
            }
        }
    }
    found
}

#[test]
fn only_the_clock_module_reads_the_wall_clock() {
    let found = reads_in(
        &["src", "examples", "fuzz/fuzz_targets", "tests"],
        RUST_CLOCK_READS,
        &["src/platform/clock.rs"],
    );
    assert!(found.is_empty(), "wall-clock reads:\n{}", found.join("\n"));
}

#[test]
fn sql_never_reads_sqlites_own_clock() {
    let found = reads_in(&["src"], SQL_CLOCK_READS, &[]);
    assert!(found.is_empty(), "SQL clock reads:\n{}", found.join("\n"));
}

#[test]
fn the_scan_finds_what_it_looks_for() {
    // The scan itself: it must see a read where there is one.
    let found = reads_in(&["src"], RUST_CLOCK_READS, &[]);
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(found[0].starts_with("src/platform/clock.rs:"), "{found:?}");
}
