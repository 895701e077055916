//! Breaches, their notifications and the activities they touch.

use super::*;

pub(super) fn read_breaches(
    c: &mut Cells<'_, '_>,
    tx: &mut ImportTx<'_>,
    now: DateTime<Utc>,
) -> Result<Option<Outcome>, Problems> {
    let written = {
        let id = c.id("id");
        let processor_id = c.id("processor_id");
        let zone = c.text("aware_zone");
        if let Err(e) = parse_zone(zone.trim()) {
            c.problem("aware_zone", e.to_string());
        }
        let yes_no =
            |c: &mut Cells, column: &str| if c.flag(column) { "yes" } else { "no" }.to_string();
        let draft = BreachDraft {
            title: c.text("title"),
            confidentiality: yes_no(c, "confidentiality"),
            integrity: yes_no(c, "integrity"),
            availability: yes_no(c, "availability"),
            detected_at: c.text("detected_at"),
            aware_at: c.text("aware_at"),
            awareness_rationale: c.text("awareness_rationale"),
            occurred: c.text("occurred"),
            ongoing: yes_no(c, "ongoing"),
            cause: c.text("cause"),
            discovered_how: c.text("discovered_how"),
            cyber_incident: yes_no(c, "cyber_incident"),
            processor_id,
            processor_told_us_at: c.text("processor_told_us_at"),
            description: c.text("description"),
            systems: c.text("systems"),
            data_categories: c.text("data_categories"),
            special_categories: yes_no(c, "special_categories"),
            criminal_data: yes_no(c, "criminal_data"),
            approx_records: c.text("approx_records"),
            approx_subjects: c.text("approx_subjects"),
            subject_categories: c.text("subject_categories"),
            likely_consequences: c.text("likely_consequences"),
            risk_level: c.text("risk_level"),
            risk_rationale: c.text("risk_rationale"),
            measures_before: c.text("measures_before"),
            containment: c.text("containment"),
            mitigation: c.text("mitigation"),
            not_notified_reasoning: c.text("not_notified_reasoning"),
            art34_exception: c.text("art34_exception"),
            art34_justification: c.text("art34_justification"),
            subjects_told_at: c.text("subjects_told_at"),
            subjects_told_how: c.text("subjects_told_how"),
            subjects_told_count: c.text("subjects_told_count"),
            status: c.text("status"),
            lessons_learned: c.text("lessons_learned"),
        };
        c.check()?;
        let breach = validate_breach(&draft, zone.trim(), now).map_err(|e| c.field_errors(e));
        c.check()?;
        let breach = breach.map_err(|_| Problems::new())?;
        tx.breach(id, &breach).map_err(|e| store_problem(e, "id"))?
    };
    Ok(Some(written))
}

pub(super) fn read_breach_notifications(
    c: &mut Cells<'_, '_>,
    tx: &mut ImportTx<'_>,
    state: &mut ReaderState,
    now: DateTime<Utc>,
) -> Result<Option<Outcome>, Problems> {
    let written = {
        let breach_id = c.reference("breach_id");
        c.check()?;
        let aware_at = tx
            .breach_aware_at(breach_id)
            .map_err(|e| store_problem(e, "breach_id"))?
            .ok_or_else(|| {
                vec![(
                    "breach_id".to_string(),
                    format!("no breach with id {breach_id}"),
                )]
            })?;
        let draft = NotificationDraft {
            authority: c.text("authority"),
            kind: c.text("kind"),
            sent_at: c.text("sent_at"),
            reference: c.text("reference"),
            summary: c.text("summary"),
            delay_reason: c.text("delay_reason"),
        };
        let first = !state.notified.contains(&breach_id);
        let n = validate_notification(&draft, aware_at, first, "UTC", now)
            .map_err(|e| c.field_errors(e));
        c.check()?;
        let n = n.map_err(|_| Problems::new())?;
        state.notified.insert(breach_id);
        tx.notification(breach_id, &n)
            .map_err(|e| store_problem(e, "breach_id"))?
    };
    Ok(Some(written))
}

pub(super) fn read_breach_activities(
    c: &mut Cells<'_, '_>,
    tx: &mut ImportTx<'_>,
) -> Result<Option<Outcome>, Problems> {
    let written = {
        let breach_id = c.reference("breach_id");
        let activity_id = c.reference("activity_id");
        c.check()?;
        tx.breach_activity(breach_id, activity_id)
            .map_err(|e| store_problem(e, "breach_id"))?
    };
    Ok(Some(written))
}
