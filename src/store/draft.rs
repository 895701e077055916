//! A draft from a privacy policy written into the register: the accepted
//! suggestions' organisation fields, processors (with a catalogue entry's
//! agreement and transfers) and Draft records of processing, in one
//! transaction, journaled "via draft" — the same statements the forms use.

use super::error::StoreResult;
use super::kinds;
use super::register::Register;
use crate::domain::draft::plan::Plan;
use crate::record::organisation::OrganisationKind;
use crate::record::processor::ProcessorKind;
use crate::record::transfer::TransferKind;

/// What a draft wrote, for the message that reports it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DraftWritten {
    pub organisation: bool,
    pub processors: Vec<i64>,
    pub activities: Vec<i64>,
}

impl Register {
    /// Writes `plan` over the organisation at `organisation_revision` (a save
    /// in between is refused as a conflict): all of it, or nothing.
    pub fn write_draft(
        &mut self,
        plan: &Plan,
        organisation_revision: i64,
    ) -> StoreResult<DraftWritten> {
        let via = self.via();
        self.set_via("draft");
        let written = self.write_draft_as_draft(plan, organisation_revision);
        self.set_via(&via);
        written
    }

    fn write_draft_as_draft(
        &mut self,
        plan: &Plan,
        organisation_revision: i64,
    ) -> StoreResult<DraftWritten> {
        for p in &plan.processors {
            if let Some(agreement) = &p.agreement {
                super::agreements::check_agreement(agreement)?;
            }
        }
        let tx = self.write_tx()?;
        let mut written = DraftWritten::default();
        if let Some(org) = &plan.organisation {
            kinds::update_one::<OrganisationKind>(&tx, organisation_revision, org)?;
            super::requests::recompute_all(&tx)?;
            written.organisation = true;
        }
        for p in &plan.processors {
            let id = kinds::insert::<ProcessorKind>(&tx, None, &p.fields)?;
            if let Some(agreement) = &p.agreement {
                super::agreements::insert_current_dpa(&tx, id, agreement, None)?;
            }
            for transfer in &p.transfers {
                kinds::insert::<TransferKind>(&tx, Some(id), transfer)?;
            }
            written.processors.push(id);
        }
        for activity in &plan.activities {
            let (id, _) = super::activities::write_activity(
                &tx,
                kinds::Target::New(None),
                activity,
                &[],
                true,
            )?;
            written.activities.push(id);
        }
        super::activities::refresh_completeness(&tx)?;
        tx.commit()?;
        Ok(written)
    }
}
