//! The organisation and its deadline settings.

use super::*;

pub(super) fn read_organisation(
    c: &mut Cells<'_, '_>,
    tx: &mut ImportTx<'_>,
    state: &mut ReaderState,
    context: &Context,
) -> Result<Option<Outcome>, Problems> {
    let org = validated::<OrganisationKind>(c, context)?;
    state.time_zone = org.time_zone.clone();
    tx.organisation(&org)
        .map(Some)
        .map_err(|e| store_problem(e, "name"))
}

pub(super) fn read_deadline_settings(
    c: &mut Cells<'_, '_>,
    row: &Row<'_>,
    tx: &mut ImportTx<'_>,
) -> Result<Option<Outcome>, Problems> {
    let written = {
        let swedish_eves = c.flag("swedish_eves");
        let strict_extension = c.flag("strict_extension");
        let id_model = IdModel::parse(row.get("id_model")).unwrap_or_else(|| {
            c.problem("id_model", format!("choose {}", IdModel::expected()));
            IdModel::Pause
        });
        let closure_days = parse_closure_days(row.get("closure_days"))
            .map_err(|m| c.problem("closure_days", m))
            .unwrap_or_default();
        c.check()?;
        let settings = DeadlineSettings {
            jurisdiction: String::new(),
            swedish_eves,
            strict_extension,
            id_model,
            closure_days,
        };
        tx.deadline_settings(&settings)
            .map_err(|e| store_problem(e, "closure_days"))?
    };
    Ok(Some(written))
}
