//! Records of processing (Art. 30(1)) and their child rows, and Art. 30(2) records.

use super::*;

pub(super) fn read_activities(
    c: &mut Cells<'_, '_>,
    tx: &mut ImportTx<'_>,
) -> Result<Option<Outcome>, Problems> {
    let written = {
        let id = c.id("id");
        let criteria = criteria_indices(c);
        let draft = ActivityDraft {
            name: c.text("name"),
            purposes: c.text("purposes"),
            owner: c.text("owner"),
            subject_categories: c.text("subject_categories"),
            data_categories: String::new(),
            source: c.text("source"),
            other_recipients: c.text("other_recipients"),
            other_transfers: c.text("other_transfers"),
            measures: c.text("measures"),
            bases: String::new(),
            dpia_criteria: criteria,
            dpia_reference: c.text("dpia_reference"),
            dpia_date: c.text("dpia_date"),
            status: c.text("status"),
            last_reviewed: c.text("last_reviewed"),
        };
        let activity = validate_activity(&draft).map_err(|e| c.field_errors(e));
        c.check()?;
        let activity = activity.map_err(|_| Problems::new())?;
        tx.activity(id, &activity)
            .map_err(|e| store_problem(e, "id"))?
    };
    Ok(Some(written))
}

pub(super) fn read_activity_data_categories(
    c: &mut Cells<'_, '_>,
    tx: &mut ImportTx<'_>,
) -> Result<Option<Outcome>, Problems> {
    let written = {
        let activity_id = c.reference("activity_id");
        let name = c.text("category").trim().to_string();
        if name.is_empty() {
            c.problem("category", "required: the name of the data category");
        }
        let special = c.text("special").trim().to_string();
        let criminal = c.flag("criminal");
        let retention_text = c.text("retention");
        let retention = if retention_text.trim().is_empty() {
            None
        } else {
            parse_retention(retention_text.trim())
                .map_err(|m| c.problem("retention", m))
                .ok()
        };
        c.check()?;
        let category = DataCategory {
            name,
            special: (!special.is_empty()).then_some(special),
            criminal,
            retention,
        };
        tx.activity_category(activity_id, &category)
            .map_err(|e| store_problem(e, "activity_id"))?
    };
    Ok(Some(written))
}

pub(super) fn read_activity_bases(
    c: &mut Cells<'_, '_>,
    row: &Row<'_>,
    tx: &mut ImportTx<'_>,
) -> Result<Option<Outcome>, Problems> {
    let written = {
        let activity_id = c.reference("activity_id");
        let art6 = Art6Basis::parse(row.get("art6")).unwrap_or_else(|| {
            c.problem(
                "art6",
                format!("choose the Art. 6(1) letter: {}", Art6Basis::expected()),
            );
            Art6Basis::Consent
        });
        let art9_text = row.get("art9").trim();
        let art9 = if art9_text.is_empty() {
            None
        } else {
            Art9Condition::parse(art9_text).or_else(|| {
                c.problem(
                    "art9",
                    format!("choose the Art. 9(2) letter: {}", Art9Condition::expected()),
                );
                None
            })
        };
        c.check()?;
        let basis = LawfulBasis {
            purpose: c.text("purpose").trim().to_string(),
            art6,
            art9,
            art10_basis: c.text("art10_basis").trim().to_string(),
            justification: c.text("justification").trim().to_string(),
            consent_record: c.text("consent_record").trim().to_string(),
        };
        tx.activity_basis(activity_id, &basis)
            .map_err(|e| store_problem(e, "activity_id"))?
    };
    Ok(Some(written))
}

pub(super) fn read_activity_processors(
    c: &mut Cells<'_, '_>,
    tx: &mut ImportTx<'_>,
) -> Result<Option<Outcome>, Problems> {
    let written = {
        let activity_id = c.reference("activity_id");
        let processor_id = c.reference("processor_id");
        c.check()?;
        tx.activity_processor(activity_id, processor_id)
            .map_err(|e| store_problem(e, "processor_id"))?
    };
    Ok(Some(written))
}
