//! The organisation and its deadline settings.

use super::*;

pub(super) fn read_organisation(
    c: &mut Cells<'_, '_>,
    tx: &mut ImportTx<'_>,
    state: &mut ReaderState,
    context: &Context,
) -> Result<Option<Outcome>, Problems> {
    let org = validated::<OrganisationKind>(c, context)?;
    state.time_zone = org.time_zone;
    tx.organisation(&org)
        .map(Some)
        .map_err(|e| store_problem(e, "name"))
}

pub(super) fn read_deadline_settings(
    c: &mut Cells<'_, '_>,
    tx: &mut ImportTx<'_>,
    context: &Context,
) -> Result<Option<Outcome>, Problems> {
    let settings = validated::<SettingsKind>(c, context)?;
    tx.deadline_settings(&settings)
        .map(Some)
        .map_err(|e| store_problem(e, "closure_days"))
}
