//! Records of processing (Art. 30(1)) and their child rows, and Art. 30(2) records.

use super::*;

pub(super) fn read_activity_processors(
    c: &mut Cells<'_, '_>,
    tx: &mut ImportTx<'_>,
) -> Result<Option<Outcome>, Problems> {
    let written = {
        let activity_id = c.reference_to::<ActivityKind>("activity_id");
        let processor_id = c.reference_to::<ProcessorKind>("processor_id");
        c.check()?;
        tx.activity_processor(activity_id, processor_id)
            .map_err(|e| store_problem(e, "processor_id"))?
    };
    Ok(Some(written))
}

/// A link of an Art. 30(2) record to a sub-processor: the two ids.
pub(super) fn read_record_processors(
    c: &mut Cells<'_, '_>,
    tx: &mut ImportTx<'_>,
) -> Result<Option<Outcome>, Problems> {
    let written = {
        let record_id = c.reference_to::<ProcessorRecordKind>("processor_record_id");
        let processor_id = c.reference_to::<ProcessorKind>("processor_id");
        c.check()?;
        tx.record_processor(record_id, processor_id)
            .map_err(|e| store_problem(e, "processor_id"))?
    };
    Ok(Some(written))
}
