//! A new client's register started from another's: the consultant's
//! template. Its processors (with their chains and transfers) and its
//! records of processing (with their children and processor links) are
//! copied, the records as drafts without review or DPIA; requests, breaches,
//! agreements and the history are not — they belong to the client they
//! happened to.

use std::collections::HashMap;

use super::error::{StoreError, StoreResult};
use super::register::Register;
use crate::domain::activity::Activity;
use crate::domain::transfer::Transfer;

/// What a copy brought over, for the message that reports it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Copied {
    pub processors: usize,
    pub transfers: usize,
    pub activities: usize,
}

impl Register {
    /// Copies `source`'s processors, their transfers and its activities into
    /// this register, the links between them following the new ids.
    pub fn copy_template_from(&mut self, source: &Register) -> StoreResult<Copied> {
        let mut copied = Copied::default();
        // Tree order: a processor comes before its sub-processors.
        let mut processors = Vec::new();
        source.for_each_processor(|row| {
            processors.push((row.processor.id, row.processor.fields.clone()));
            Ok::<_, StoreError>(())
        })?;
        let mut new_id: HashMap<i64, i64> = HashMap::new();
        for (old, mut fields) in processors {
            fields.parent_id = fields.parent_id.and_then(|p| new_id.get(&p).copied());
            new_id.insert(old, self.insert_processor(&fields)?);
            copied.processors += 1;
        }
        let mut transfers: Vec<(i64, Transfer)> = Vec::new();
        source.for_each_transfer(|row| {
            transfers.push((row.processor_id, row.transfer.clone()));
            Ok::<_, StoreError>(())
        })?;
        for (old, transfer) in transfers {
            if let Some(&pid) = new_id.get(&old) {
                self.insert_transfer(pid, &transfer)?;
                copied.transfers += 1;
            }
        }
        let mut activities: Vec<(Activity, Vec<i64>)> = Vec::new();
        source.for_each_activity(|row| {
            let linked = row
                .processors
                .iter()
                .filter_map(|p| new_id.get(&p.0).copied());
            activities.push((row.activity.clone(), linked.collect()));
            Ok::<_, StoreError>(())
        })?;
        for (activity, linked) in activities {
            // The new client has approved, reviewed and assessed nothing yet.
            let draft = Activity {
                status: crate::domain::activity::ActivityStatus::Draft,
                last_reviewed: None,
                dpia_reference: String::new(),
                dpia_date: None,
                ..activity
            };
            self.insert_activity(&draft, &linked)?;
            copied.activities += 1;
        }
        Ok(copied)
    }
}
