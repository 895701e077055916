//! Any bytes as a CSV file for the import (checked as a dry run, as the
//! workbench always does first): no panic, and nothing written.
//! cargo +nightly fuzz run import_csv -- -max_total_time=600
#![no_main]

use std::sync::OnceLock;

use dpo_workbench::clock::Clock;
use dpo_workbench::exchange::demo::{demo_organisation, load_demo};
use dpo_workbench::exchange::import::{import_table, ImportOptions};
use dpo_workbench::exchange::progress::Progress;
use dpo_workbench::exchange::tables::Table;
use dpo_workbench::store::Register;
use libfuzzer_sys::fuzz_target;

struct Fixture {
    _dir: tempfile::TempDir,
    register: std::path::PathBuf,
    csv: std::path::PathBuf,
}

fn fixture() -> &'static Fixture {
    static FIXTURE: OnceLock<Fixture> = OnceLock::new();
    FIXTURE.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let register = dir.path().join("demo.dpo");
        let clock = Clock::fixed("2026-11-23T10:00:00Z".parse().unwrap());
        Register::create(&register, &demo_organisation().unwrap(), clock, |r| {
            load_demo(r, clock.now()).map(|_| ())
        })
        .map_err(|e: dpo_workbench::exchange::ExchangeError| e.to_string())
        .unwrap();
        let csv = dir.path().join("in.csv");
        Fixture {
            register,
            csv,
            _dir: dir,
        }
    })
}

fuzz_target!(|data: &[u8]| {
    if data.is_empty() {
        return;
    }
    let f = fixture();
    // The first byte picks the table, the rest is the file.
    let table = Table::ALL[usize::from(data[0]) % Table::ALL.len()];
    std::fs::write(&f.csv, &data[1..]).unwrap();
    let mut register = Register::open(&f.register, Clock::fixed("2026-11-23T10:00:00Z".parse().unwrap())).unwrap();
    let head = register.journal_head().unwrap();
    let options = ImportOptions {
        dry_run: true,
        delimiter: None,
    };
    let _ = import_table(&mut register, table, &f.csv, options, &Progress::default());
    assert_eq!(register.journal_head().unwrap(), head, "a dry run wrote");
});
