//! Undo and redo on the change journal: the register comes back exactly as
//! it was (bookkeeping aside), the journal records the undo "via undo" and
//! stays intact, and a row changed since by someone else is not overwritten.

mod common;

use std::path::Path;

use dpo_workbench::store::{Register, StoreError, JOURNALED};
use rusqlite::Connection;

/// Every journaled row of the register, without the columns a revert
/// stamps anew (revision, time of change).
fn contents(path: &Path) -> Vec<String> {
    let conn = Connection::open(path).unwrap();
    let mut rows = Vec::new();
    for table in JOURNALED {
        let mut stmt = conn
            .prepare(&format!("SELECT * FROM {table} ORDER BY rowid"))
            .unwrap();
        let names: Vec<String> = stmt.column_names().map(str::to_string).collect();
        let mut found = stmt.query([]).unwrap();
        while let Some(row) = found.next().unwrap() {
            let cells: Vec<String> = names
                .iter()
                .enumerate()
                .filter(|(_, n)| *n != "revision" && *n != "updated_at")
                .map(|(i, n)| format!("{n}={:?}", row.get_ref(i).unwrap()))
                .collect();
            rows.push(format!("{table}: {}", cells.join(" ")));
        }
    }
    rows
}

/// Runs `write` and remembers it for undo, as the workbench does.
fn remembered<T>(register: &mut Register, write: impl FnOnce(&mut Register) -> T) -> T {
    register.watch_write().unwrap();
    let result = write(register);
    register.remember_watched_write().unwrap();
    result
}

/// Saves processor `id` with `notes`, as a form opened just now would.
fn save_notes(register: &mut Register, id: i64, notes: &str) {
    let now = register.processor(id).unwrap().unwrap().processor;
    let mut fields = now.fields;
    fields.notes = notes.into();
    register
        .update_processor(id, now.revision, &fields)
        .unwrap();
}

fn vias(register: &Register, from: i64) -> Vec<String> {
    let mut vias = Vec::new();
    register
        .for_each_journal_entry(&Default::default(), |e| {
            if e.seq > from {
                vias.push(e.via.clone());
            }
            Ok::<(), StoreError>(())
        })
        .unwrap();
    vias
}

#[test]
fn a_deletion_with_its_cascade_comes_back_and_goes_again_on_redo() {
    let dir = tempfile::tempdir().unwrap();
    let path = common::demo_register(dir.path());
    let mut register = Register::open(&path, common::clock()).unwrap();
    register.set_via("tui");
    let before = contents(&path);
    // The first top-level processor with something under it: its agreement,
    // transfers, sub-processors and links to activities go with it.
    let (id, name): (i64, String) = Connection::open(&path)
        .unwrap()
        .query_row(
            "SELECT p.id, p.name FROM processors p WHERE p.parent_id IS NULL
             AND EXISTS (SELECT 1 FROM dpas d WHERE d.processor_id = p.id) ORDER BY p.id LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    remembered(&mut register, |r| r.delete_processor(id).unwrap());
    let deleted = contents(&path);
    assert!(deleted.len() < before.len(), "the cascade removed rows");
    let seq = register.journal_seq().unwrap();

    let undone = register.undo().unwrap().expect("one write to undo");
    assert_eq!(undone.record, format!("processors#{id}"));
    assert_eq!(undone.action, "delete");
    assert_eq!(undone.label.as_deref(), Some(name.as_str()));
    assert!(undone.rows > 1, "{undone:?}");
    assert_eq!(contents(&path), before, "every row back as it was");
    let undo_vias = vias(&register, seq);
    assert!(
        !undo_vias.is_empty() && undo_vias.iter().all(|v| v == "undo"),
        "{undo_vias:?}"
    );
    assert!(register.verify_journal().unwrap().intact());

    let redone = register.redo().unwrap().expect("the undo to redo");
    assert_eq!(redone.record, undone.record);
    assert_eq!(contents(&path), deleted);
    assert!(register.redo().unwrap().is_none(), "one redo for one undo");
    register.undo().unwrap().unwrap();
    assert_eq!(contents(&path), before);
    assert!(register.verify_journal().unwrap().intact());
    assert!(
        register.undo().unwrap().is_none(),
        "nothing else was written"
    );
}

#[test]
fn a_row_changed_since_by_another_window_is_not_written_over() {
    let dir = tempfile::tempdir().unwrap();
    let path = common::demo_register(dir.path());
    let mut register = Register::open(&path, common::clock()).unwrap();
    remembered(&mut register, |r| save_notes(r, 1, "changed here"));
    // Another window saves the same processor after.
    let mut other = Register::open(&path, common::clock()).unwrap();
    save_notes(&mut other, 1, "changed there");
    let before = contents(&path);

    let refused = register.undo().unwrap_err();
    assert!(
        matches!(&refused, StoreError::ChangedSince { record } if record == "processors#1"),
        "{refused}"
    );
    assert!(refused
        .to_string()
        .ends_with("nothing was undone, and that change leaves the undo list"));
    assert_eq!(contents(&path), before, "nothing changed");
    assert_eq!(
        register
            .processor(1)
            .unwrap()
            .unwrap()
            .processor
            .fields
            .notes,
        "changed there"
    );
}

#[test]
fn a_new_write_ends_what_could_be_redone_and_an_undone_save_is_stale_for_old_forms() {
    let dir = tempfile::tempdir().unwrap();
    let path = common::demo_register(dir.path());
    let mut register = Register::open(&path, common::clock()).unwrap();
    let first = register.processor(1).unwrap().unwrap();
    let mut fields = first.processor.fields.clone();
    fields.notes = "one".into();
    remembered(&mut register, |r| {
        r.update_processor(1, first.processor.revision, &fields)
            .unwrap()
    });
    let saved = register.processor(1).unwrap().unwrap();
    register.undo().unwrap().unwrap();
    let undone = register.processor(1).unwrap().unwrap();
    assert_eq!(undone.processor.fields.notes, first.processor.fields.notes);
    assert!(
        undone.processor.revision > saved.processor.revision,
        "a form opened before the undo is stale"
    );
    fields.notes = "from a stale form".into();
    assert!(matches!(
        register.update_processor(1, saved.processor.revision, &fields),
        Err(StoreError::Conflict { .. })
    ));
    fields.notes = "two".into();
    remembered(&mut register, |r| {
        r.update_processor(1, undone.processor.revision, &fields)
            .unwrap()
    });
    assert!(
        register.redo().unwrap().is_none(),
        "a new save ends the redo"
    );
}

#[test]
fn a_row_added_since_under_the_record_is_not_taken_away_by_the_cascade() {
    let dir = tempfile::tempdir().unwrap();
    let path = common::demo_register(dir.path());
    let mut register = Register::open(&path, common::clock()).unwrap();
    let mut fields = register.processor(1).unwrap().unwrap().processor.fields;
    fields.name = "Added in this session".into();
    fields.parent_id = None;
    fields.role = dpo_workbench::domain::processor::RecipientRole::Processor;
    let id = remembered(&mut register, |r| r.insert_processor(&fields).unwrap());
    // Another window records a sub-processor beneath it.
    let mut other = Register::open(&path, common::clock()).unwrap();
    let mut child = fields.clone();
    child.name = "Added there".into();
    child.parent_id = Some(id);
    child.role = dpo_workbench::domain::processor::RecipientRole::SubProcessor;
    let child_id = other.insert_processor(&child).unwrap();
    let before = contents(&path);
    let refused = register.undo().unwrap_err();
    assert!(
        matches!(&refused, StoreError::ChangedSince { record } if record == &format!("processors#{child_id}")),
        "{refused}"
    );
    assert_eq!(contents(&path), before, "nothing changed");
    assert!(register.verify_journal().unwrap().intact());
    // The refused write leaves the log: u goes on with the one before it.
    assert!(register.undo().unwrap().is_none());
}

#[test]
fn another_programs_write_during_a_save_is_not_part_of_its_undo() {
    let dir = tempfile::tempdir().unwrap();
    let path = common::demo_register(dir.path());
    let mut register = Register::open(&path, common::clock()).unwrap();
    let mut other = Register::open(&path, common::clock()).unwrap();
    register.watch_write().unwrap();
    // Between the watch and the save, another program commits.
    save_notes(&mut other, 2, "theirs");
    let mine = register.processor(1).unwrap().unwrap().processor;
    let mut my_fields = mine.fields.clone();
    my_fields.notes = "mine".into();
    save_notes(&mut register, 1, "mine");
    register.remember_watched_write().unwrap();
    let undone = register.undo().unwrap().unwrap();
    assert_eq!(undone.record, "processors#1");
    assert_eq!(
        register
            .processor(2)
            .unwrap()
            .unwrap()
            .processor
            .fields
            .notes,
        "theirs"
    );
    assert_eq!(
        register
            .processor(1)
            .unwrap()
            .unwrap()
            .processor
            .fields
            .notes,
        mine.fields.notes
    );
    // A save that fails is no write to undo.
    register.watch_write().unwrap();
    assert!(register
        .update_processor(1, mine.revision, &my_fields)
        .is_err());
    register.remember_watched_write().unwrap();
    assert!(
        register.redo().unwrap().is_some(),
        "the undo is still the last thing to redo"
    );
}

#[test]
fn the_organisation_saved_and_undone_is_as_it_was_with_every_requests_dates() {
    let dir = tempfile::tempdir().unwrap();
    let path = common::demo_register(dir.path());
    let mut register = Register::open(&path, common::clock()).unwrap();
    let before = contents(&path);
    let mut org = register.organisation().unwrap();
    org.name = "Renamed AS".into();
    org.jurisdiction =
        Some(dpo_workbench::domain::jurisdiction::Jurisdiction::parse("SE").unwrap());
    let revision = register.organisation_revision().unwrap();
    remembered(&mut register, |r| {
        r.update_organisation(&org, None, revision).unwrap()
    });
    assert_ne!(
        contents(&path),
        before,
        "the requests' dates moved with Sweden's holidays"
    );
    let undone = register.undo().unwrap().unwrap();
    assert_eq!(undone.record, "organisation#1");
    assert_eq!(contents(&path), before);
    assert!(register.verify_journal().unwrap().intact());
}

/// A policy's accepted suggestions, as the workbench plans them.
fn drafted_plan(register: &Register) -> dpo_workbench::domain::draft::plan::Plan {
    let policy = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/draft-corpus/sv-norrsken.txt"
    ))
    .unwrap();
    let drafted = dpo_workbench::domain::draft::draft(&policy, None);
    let accepted: Vec<_> = drafted
        .suggestions
        .into_iter()
        .filter(|s| s.confidence != dpo_workbench::domain::draft::Confidence::Low)
        .collect();
    dpo_workbench::domain::draft::plan::plan(&accepted, &register.organisation().unwrap())
}

#[test]
fn a_draft_is_written_whole_via_draft_or_not_at_all_and_undo_takes_it_back() {
    let dir = tempfile::tempdir().unwrap();
    let path = common::demo_register(dir.path());
    let mut register = Register::open(&path, common::clock()).unwrap();
    let before = contents(&path);
    let plan = drafted_plan(&register);
    assert!(
        plan.organisation.is_some() && plan.processors.len() >= 3 && !plan.activities.is_empty(),
        "{}",
        plan.summary()
    );
    let revision = register.organisation_revision().unwrap();
    // Someone saved the organisation since the draft was read: refused, nothing written.
    let refused = register.write_draft(&plan, revision + 1).unwrap_err();
    assert!(
        matches!(refused, StoreError::Conflict { .. }),
        "{refused:?}"
    );
    assert_eq!(contents(&path), before, "nothing of the draft written");

    let mut head = 0;
    register
        .for_each_journal_entry(&Default::default(), |e| {
            head = head.max(e.seq);
            Ok::<(), StoreError>(())
        })
        .unwrap();
    let written = remembered(&mut register, |r| r.write_draft(&plan, revision)).unwrap();
    assert_eq!(written.processors.len(), plan.processors.len());
    assert_eq!(written.activities.len(), plan.activities.len());
    let written_via = vias(&register, head);
    assert!(
        !written_via.is_empty() && written_via.iter().all(|v| v == "draft"),
        "{written_via:?}"
    );
    assert_eq!(register.organisation().unwrap().name, "Norrsken Bokning AB");
    assert!(register.verify_journal().unwrap().intact());
    register.undo().unwrap();
    assert_eq!(contents(&path), before, "undo takes the whole draft back");
}

/// A policy read again after its draft was written proposes nothing twice:
/// its records of processing, like its processors, are in the register, and
/// a plan of what is left to accept makes no second record.
#[test]
fn a_policy_read_again_does_not_make_its_records_twice() {
    use dpo_workbench::domain::draft::{Confidence, SuggestionKind};
    let dir = tempfile::tempdir().unwrap();
    let path = common::demo_register(dir.path());
    let mut register = Register::open(&path, common::clock()).unwrap();
    let plan = drafted_plan(&register);
    let revision = register.organisation_revision().unwrap();
    register.write_draft(&plan, revision).unwrap();
    let policy = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/draft-corpus/sv-norrsken.txt"
    ))
    .unwrap();
    let mut again = dpo_workbench::domain::draft::draft(&policy, None);
    again.mark_known(&register.draft_known().unwrap());
    let of_records = |k: SuggestionKind| {
        matches!(
            k,
            SuggestionKind::Purpose | SuggestionKind::DataCategory | SuggestionKind::LawfulBasis
        )
    };
    let new: Vec<_> = again
        .suggestions
        .into_iter()
        .filter(|s| s.confidence != Confidence::Low && !s.in_register)
        .collect();
    assert!(
        !new.iter().any(|s| of_records(s.kind)),
        "proposed again: {:?}",
        new.iter()
            .filter(|s| of_records(s.kind))
            .map(|s| &s.value)
            .collect::<Vec<_>>()
    );
    let second = dpo_workbench::domain::draft::plan::plan(&new, &register.organisation().unwrap());
    assert!(second.activities.is_empty(), "{}", second.summary());
}

#[test]
fn a_processor_named_in_a_policy_but_not_in_the_catalogue_is_written_to_be_identified() {
    let dir = tempfile::tempdir().unwrap();
    let path = common::demo_register(dir.path());
    let mut register = Register::open(&path, common::clock()).unwrap();
    let policy =
        "Rekrytering\n\nVår rekryteringslösning tillhandahålls av Recruitment Manager AS.\n";
    let drafted = dpo_workbench::domain::draft::draft(policy, None);
    let plan = dpo_workbench::domain::draft::plan::plan(
        &drafted.suggestions,
        &register.organisation().unwrap(),
    );
    assert_eq!(plan.processors.len(), 1, "{:?}", drafted.suggestions);
    let revision = register.organisation_revision().unwrap();
    let written = register.write_draft(&plan, revision).unwrap();
    let row = register.processor(written.processors[0]).unwrap().unwrap();
    assert_eq!(row.processor.fields.name, "Recruitment Manager");
    assert_eq!(
        row.processor.fields.status,
        dpo_workbench::domain::processor::ProcessorStatus::ToIdentify
    );
    assert!(register.verify_journal().unwrap().intact());
}
