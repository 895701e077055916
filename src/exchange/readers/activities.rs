//! Records of processing (Art. 30(1)) and their child rows, and Art. 30(2) records.

use super::*;

pub(super) fn read_activities(
    c: &mut Cells<'_, '_>,
    tx: &mut ImportTx<'_>,
    context: &Context,
) -> Result<Option<Outcome>, Problems> {
    let id = c.id("id");
    let activity = validated::<ActivityKind>(c, context)?;
    tx.activity(id, &activity)
        .map(Some)
        .map_err(|e| store_problem(e, "id"))
}

pub(super) fn read_activity_data_categories(
    c: &mut Cells<'_, '_>,
    tx: &mut ImportTx<'_>,
    context: &Context,
) -> Result<Option<Outcome>, Problems> {
    let activity_id = c.reference("activity_id");
    let category = validated::<CategoryKind>(c, context)?;
    tx.activity_category(activity_id, &category)
        .map(Some)
        .map_err(|e| store_problem(e, "activity_id"))
}

pub(super) fn read_activity_bases(
    c: &mut Cells<'_, '_>,
    tx: &mut ImportTx<'_>,
    context: &Context,
) -> Result<Option<Outcome>, Problems> {
    let activity_id = c.reference("activity_id");
    let basis = validated::<BasisKind>(c, context)?;
    tx.activity_basis(activity_id, &basis)
        .map(Some)
        .map_err(|e| store_problem(e, "activity_id"))
}

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
