//! The processors screen's effects: the list, the forms, agreements, transfers and change notices.

use crate::store::{Register, StoreError, StoreResult};
use crate::tui::action::Action;
use crate::tui::action::ProcessorAction;
use crate::tui::effect::ProcessorEffect;
use crate::tui::screens::list_screen::load_window;

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
            id,
            revision,
            fields,
        } => save_processor(register, id, revision, &fields),
        ProcessorEffect::PrepareDelete { id } => prepare_delete(register, id),
        ProcessorEffect::DeleteProcessor { id } => register.processor(id).and_then(|row| {
            let name = row.map(|r| r.processor.fields.name).unwrap_or_default();
            register
                .delete_processor(id)
                .map(|rows| Action::Processors(ProcessorAction::ProcessorDeleted { name, rows }))
        }),
        ProcessorEffect::SaveDpa {
            processor_id,
            id,
            revision,
            dpa,
        } => save_dpa(register, processor_id, id, revision, &dpa),
        ProcessorEffect::SaveTransfer {
            processor_id,
            id,
            revision,
            transfer,
        } => save_transfer(register, processor_id, (id, revision), &transfer),
        ProcessorEffect::SaveChangeNotice {
            processor_id,
            notice,
        } => register
            .insert_change_notice(processor_id, &notice)
            .map(|_| {
                Action::Processors(ProcessorAction::NoticeSaved {
                    processor_id,
                    message: format!(
                        "Notice recorded: the objection period for {} is running",
                        notice.sub_processor
                    ),
                })
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
                Action::Processors(ProcessorAction::NoticeSaved {
                    processor_id,
                    message: format!("Decision recorded: {}", decision.label().to_lowercase()),
                })
            }),
        ProcessorEffect::DeleteProcessorPart { processor_id, part } => {
            delete_part(register, processor_id, part)
        }
        ProcessorEffect::LoadProcessorExtras { id } => load_extras(register, id),
    }
}

fn save_processor(
    register: &mut Register,
    id: Option<i64>,
    revision: i64,
    fields: &crate::domain::processor::ProcessorFields,
) -> StoreResult<Action> {
    let saved = match id {
        Some(id) => register.update_processor(id, revision, fields).map(|()| id),
        None => register.insert_processor(fields),
    }?;
    Ok(Action::Processors(ProcessorAction::ProcessorSaved {
        id: saved,
        name: fields.name.clone(),
        created: id.is_none(),
    }))
}

/// Saves a transfer: over (`id`, `revision`), or new.
fn save_transfer(
    register: &mut Register,
    processor_id: i64,
    (id, revision): (Option<i64>, i64),
    transfer: &crate::domain::transfer::Transfer,
) -> StoreResult<Action> {
    match id {
        Some(id) => register.update_transfer(id, revision, transfer)?,
        None => {
            register.insert_transfer(processor_id, transfer)?;
        }
    }
    Ok(Action::Processors(ProcessorAction::TransferSaved {
        processor_id,
        created: id.is_none(),
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
    Ok(Action::Processors(ProcessorAction::NoticeSaved {
        processor_id,
        message: "Deleted".into(),
    }))
}

fn prepare_form(register: &Register, id: Option<i64>) -> StoreResult<Action> {
    let current = match id {
        Some(id) => {
            let p = register
                .processor(id)?
                .ok_or(StoreError::NotFound {
                    what: "processor",
                    id,
                })?
                .processor;
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
    let row = register.processor(id)?.ok_or(StoreError::NotFound {
        what: "processor",
        id,
    })?;
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
    id: Option<i64>,
    revision: i64,
    dpa: &crate::domain::dpa::Dpa,
) -> StoreResult<Action> {
    let folder = register.folder();
    let sha = crate::platform::document::fingerprint(&dpa.document, &folder)
        .map_err(|message| StoreError::field("document", message))?;
    match id {
        Some(id) => register.update_dpa(id, revision, dpa, sha.as_deref())?,
        None => {
            register.insert_dpa(processor_id, dpa, sha.as_deref())?;
        }
    }
    Ok(Action::Processors(ProcessorAction::DpaSaved {
        processor_id,
        created: id.is_none(),
    }))
}
