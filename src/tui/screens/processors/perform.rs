//! The processors screen's effects: the list, the forms, agreements, transfers and change notices.

use crate::domain::dpa::Dpa;
use crate::domain::processor::ProcessorFields;
use crate::store::Found;
use crate::store::{Register, StoreError, StoreResult};
use crate::tui::action::Action;
use crate::tui::action::ProcessorAction;
use crate::tui::effect::ProcessorEffect;
use crate::tui::effect::Save;
use crate::tui::screens::list_screen::load_window;
use crate::tui::screens::record_writes::Written;

/// Performs one of the processors screen's effects.
pub fn perform(register: &mut Register, effect: ProcessorEffect) -> StoreResult<Action> {
    match effect {
        ProcessorEffect::LoadProcessors { read, folded } => load_window(
            read,
            |f| {
                register
                    .count_processors_folded(f, &folded)
                    .map(|n| (n, true))
            },
            |f, id| register.processor_position_folded(f, &folded, id),
            |f, offset, limit| register.processor_page_folded(f, &folded, offset, limit),
        )
        .map(|page| Action::Processors(ProcessorAction::ProcessorsLoaded(page))),
        ProcessorEffect::PrepareProcessorForm { id } => prepare_form(register, id),
        ProcessorEffect::SaveProcessor {
            save,
            from_catalogue,
        } => save_processor(register, save, from_catalogue.as_deref()),
        ProcessorEffect::PrepareDelete { id } => prepare_delete(register, id),
        ProcessorEffect::DeleteProcessor { id } => {
            // Read first: the message names what was deleted.
            let row = register.processor(id)?;
            let rows = register.delete_processor(id)?;
            let name = row.map(|r| r.processor.fields.name).unwrap_or_default();
            Ok(Action::Processors(ProcessorAction::ProcessorDeleted {
                name,
                rows,
            }))
        }
        ProcessorEffect::SaveDpa { processor_id, save } => save_dpa(register, processor_id, &save),
        ProcessorEffect::SaveTransfer { processor_id, save } => {
            let Written { created, .. } =
                save.write(register, Register::update_transfer, |register, transfer| {
                    register.insert_transfer(processor_id, transfer)
                })?;
            let message = recorded_or_saved("Transfer", created);
            Ok(part_saved(processor_id, message))
        }
        ProcessorEffect::SaveChangeNotice {
            processor_id,
            notice,
        } => register
            .insert_change_notice(processor_id, &notice)
            .map(|_| {
                let running = &notice.sub_processor;
                let message =
                    format!("Notice recorded: the objection period for {running} is running");
                part_saved(processor_id, message)
            }),
        ProcessorEffect::DecideNotice {
            processor_id,
            id,
            revision,
            decision,
            decided_on,
            note,
        } => register
            .decide_change_notice(id, revision, decision, decided_on, &note)
            .map(|()| {
                let decided = decision.label().to_lowercase();
                part_saved(processor_id, format!("Decision recorded: {decided}"))
            }),
        ProcessorEffect::DeleteProcessorPart { processor_id, part } => {
            delete_part(register, processor_id, part)
        }
        ProcessorEffect::LoadProcessorExtras { id } => load_extras(register, id),
    }
}

fn save_processor(
    register: &mut Register,
    save: Save<ProcessorFields>,
    from_catalogue: Option<&str>,
) -> StoreResult<Action> {
    // A new processor drafted from the catalogue comes with its agreement
    // and transfers, in the same transaction.
    let entry = from_catalogue.and_then(|id| crate::domain::catalogue::shipped().get(id));
    let Written { id, created } = save.write(
        register,
        Register::update_processor,
        |register, fields| match entry {
            Some(entry) => {
                register.insert_processor_with(fields, &entry.agreement(), &entry.transfers())
            }
            None => register.insert_processor(fields),
        },
    )?;
    Ok(Action::Processors(ProcessorAction::ProcessorSaved {
        id,
        name: save.record.name,
        created,
    }))
}

/// Deletes an agreement, a transfer or a change notice of the processor.
fn delete_part(
    register: &mut Register,
    processor_id: i64,
    part: crate::tui::state::ProcessorPart,
) -> StoreResult<Action> {
    use crate::tui::state::ProcessorPart;
    match part {
        ProcessorPart::Agreement(id) => register.delete_dpa(id),
        ProcessorPart::Transfer(id) => register.delete_transfer(id),
        ProcessorPart::Notice(id) => register.delete_change_notice(id),
    }?;
    Ok(part_saved(processor_id, "Deleted".into()))
}

fn prepare_form(register: &Register, id: Option<i64>) -> StoreResult<Action> {
    let current = match id {
        Some(id) => {
            let p = register.processor(id).found("processor", id)?.processor;
            Some((p.revision, p.fields))
        }
        None => None,
    };
    let parents = register.parent_candidates(id)?;
    Ok(Action::Processors(ProcessorAction::ProcessorFormReady {
        id,
        current,
        parents,
    }))
}
fn prepare_delete(register: &Register, id: i64) -> StoreResult<Action> {
    let row = register.processor(id).found("processor", id)?;
    let dependants = register.processor_dependants(id)?;
    let breach_links = register.processor_breach_links(id)?;
    Ok(Action::Processors(ProcessorAction::DeleteReady {
        id,
        name: row.processor.fields.name,
        dependants,
        breach_links,
        used_by: row.used_by,
    }))
}
fn load_extras(register: &Register, id: i64) -> StoreResult<Action> {
    let dpas = register.dpas_of(id)?;
    let folder = register.folder();
    // Reading the file is I/O, so it happens here and the screen gets the answer.
    let document_matches = dpas.iter().find(|d| d.is_current).and_then(|d| {
        crate::platform::document::still_matches(
            &d.dpa.document,
            d.document_sha256.as_deref(),
            &folder,
        )
    });
    Ok(Action::Processors(ProcessorAction::ProcessorExtrasLoaded(
        Box::new(crate::tui::state::ProcessorExtras {
            id,
            dpas,
            transfers: register.transfers_of(id)?,
            notices: register.change_notices_of(id)?,
            document_matches,
        }),
    )))
}
/// Fingerprints a local document (refusing a path that leads nowhere), then saves.
fn save_dpa(
    register: &mut Register,
    processor_id: i64,
    save: &Save<Box<Dpa>>,
) -> StoreResult<Action> {
    let folder = register.folder();
    let sha = crate::platform::document::fingerprint(&save.record.document, &folder)
        .map_err(|message| StoreError::field("document", message))?;
    let sha = sha.as_deref();
    let Written { created, .. } = save.write(
        register,
        |register, id, revision, dpa| register.update_dpa(id, revision, dpa, sha),
        |register, dpa| register.insert_dpa(processor_id, dpa, sha),
    )?;
    let message = recorded_or_saved("Agreement", created);
    Ok(part_saved(processor_id, message))
}

/// "Agreement recorded" for a new one, "Agreement saved" for an edit.
fn recorded_or_saved(what: &str, created: bool) -> String {
    let done = if created { "recorded" } else { "saved" };
    format!("{what} {done}")
}

/// The answer to a write of an agreement, transfer or notice of the processor.
fn part_saved(processor_id: i64, message: String) -> Action {
    Action::Processors(ProcessorAction::PartSaved {
        processor_id,
        message,
    })
}
