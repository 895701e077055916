//! Every parser of text a user types or a file holds: none may panic.
//! cargo +nightly fuzz run parsers -- -max_total_time=600
#![no_main]

use dpo_workbench::domain::activity::parse_retention;
use dpo_workbench::domain::activity_form::{parse_basis_lines, parse_category_lines};
use dpo_workbench::domain::breach_clock::parse_instant;
use dpo_workbench::domain::country::normalise_code;
use dpo_workbench::domain::dpa::parse_clause_notes;
use dpo_workbench::domain::org_number::check_org_number;
use dpo_workbench::domain::request::{parse_closure_days, parse_iso_date};
use dpo_workbench::exchange::profile::{neutralise, parse_delimiter, restore};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let _ = parse_iso_date(text);
    let _ = parse_instant(text, "Europe/Oslo");
    let _ = parse_instant(text, "America/St_Johns");
    let _ = parse_retention(text);
    let _ = parse_category_lines(text);
    let _ = parse_basis_lines(text);
    let _ = parse_clause_notes(text);
    let _ = parse_closure_days(text);
    let _ = parse_delimiter(text);
    let _ = normalise_code(text);
    let _ = check_org_number("NO", text);
    let _ = check_org_number("SE", text);
    assert_eq!(restore(&neutralise(text)), text);
});
