//! A draft from a privacy policy written into the register: the accepted
//! suggestions' organisation fields, processors (with a catalogue entry's
//! agreement and transfers) and Draft records of processing, in one
//! transaction, journaled "via draft" — the same statements the forms use.

use super::error::StoreResult;
use super::kinds;
use super::register::Register;
use crate::domain::draft::plan::Plan;
use crate::domain::draft::Known;
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
    /// What the register holds that a draft may propose again: the
    /// organisation's fields, the processors' names and services, the
    /// records of processing's names.
    pub fn draft_known(&self) -> StoreResult<Known> {
        let org = self.organisation()?;
        let mut known = Known {
            organisation: vec![
                org.name,
                org.org_number,
                org.address,
                org.contact_email,
                org.dpo_email,
                org.contact_phone,
                org.dpo_phone,
                crate::domain::jurisdiction::code_of(org.jurisdiction).to_string(),
            ],
            processors: Vec::new(),
            activities: Vec::new(),
        };
        self.for_each_processor(|row| {
            known.processors.push(row.processor.fields.name.clone());
            known.processors.push(row.processor.fields.service.clone());
            Ok::<_, super::StoreError>(())
        })?;
        self.for_each_activity(|row| {
            known.activities.push(row.activity.name.clone());
            Ok::<_, super::StoreError>(())
        })?;
        Ok(known)
    }

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

    /// Refuses, before any write, what the forms would refuse.
    fn check_draft(plan: &Plan) -> StoreResult<()> {
        let mut errors = crate::domain::validation::FieldErrors::default();
        if let Some(org) = &plan.organisation {
            crate::domain::organisation::check_organisation(org, &mut errors);
        }
        for p in &plan.processors {
            crate::domain::processor::check_processor(&p.fields, &mut errors);
        }
        if errors.is_empty() {
            Ok(())
        } else {
            Err(super::StoreError::Invalid(errors))
        }
    }

    fn write_draft_as_draft(
        &mut self,
        plan: &Plan,
        organisation_revision: i64,
    ) -> StoreResult<DraftWritten> {
        Self::check_draft(plan)?;
        for p in &plan.processors {
            if let Some(agreement) = &p.agreement {
                super::agreements::check_agreement(agreement)?;
            }
        }
        self.writing(|tx| {
            let mut written = DraftWritten::default();
            if let Some(org) = &plan.organisation {
                kinds::update_one::<OrganisationKind>(tx, organisation_revision, org)?;
                super::requests::recompute_all(tx)?;
                written.organisation = true;
            }
            for p in &plan.processors {
                let id = kinds::insert::<ProcessorKind>(tx, None, &p.fields)?;
                if let Some(agreement) = &p.agreement {
                    super::agreements::insert_current_dpa(tx, id, agreement, None)?;
                }
                for transfer in &p.transfers {
                    kinds::insert::<TransferKind>(tx, Some(id), transfer)?;
                }
                written.processors.push(id);
            }
            for planned in &plan.activities {
                let links: Vec<i64> = planned
                    .processors
                    .iter()
                    .map(|&i| written.processors[i])
                    .collect();
                let (id, _) = super::activities::write_activity(
                    tx,
                    kinds::Target::New(None),
                    &planned.activity,
                    &links,
                    true,
                )?;
                written.activities.push(id);
            }
            super::activities::refresh_completeness(tx)?;
            Ok(written)
        })
    }
}
