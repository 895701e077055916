//! How the register counts request deadlines (gdpr-rules §1.7, the points
//! the law leaves open), kept on the organisation's row: the kind of record.

use super::{line, Entry, Field, Input};
use crate::domain::request::{parse_closure_days, DeadlineSettings, IdModel};

pub struct SettingsKind;

/// The settings are their own exported row.
fn itself(s: &DeadlineSettings) -> &DeadlineSettings {
    s
}

/// The closure days as the form and the CSV write them: YYYY-MM-DD, by spaces.
fn closure_text(s: &DeadlineSettings) -> String {
    let days: Vec<String> = s.closure_days.iter().map(|d| d.to_string()).collect();
    days.join(" ")
}

const FIELDS: &[Field<DeadlineSettings, DeadlineSettings>] = &[
    crate::export_only!(
        "jurisdiction",
        "Whose public holidays roll a deadline (empty: weekends only)",
        |s| crate::domain::jurisdiction::code_of(s.jurisdiction).to_string()
    ),
    crate::field!("swedish_eves", "Swedish eves",
        "yes: also roll past midsommarafton, julafton, nyårsafton (Lag 1930:173)",
        Input::YesNo, swedish_eves; itself),
    crate::field!("strict_extension", "Strict extension",
        "yes: extension counted as two months after the unrolled first month",
        Input::YesNo, strict_extension; itself),
    crate::field!("id_model", "Identity wait",
        "pause (EDPB suspension) or restart (UK Art. 12A) while identity is checked",
        Input::Codes(IdModel::options), id_model; itself),
    // Kept in a table of their own (`closure_days`), which the store writes.
    Field {
        key: "closure_days",
        label: "Closure days",
        description: "Closure days of the organisation, YYYY-MM-DD separated by spaces",
        input: Some(line("24.12 31.12 … or YYYY-MM-DD")),
        entry: Some(Entry {
            show: |s, _| closure_text(s),
            read: |s, text, context| {
                let typed = context.typed.then(|| context.today());
                s.closure_days = parse_closure_days(text, typed).map_err(|e| e.to_string())?;
                Ok(())
            },
        }),
        stored: None,
        cell: Some(closure_text),
        typed: None,
    },
    crate::field!("promised_days", "Promised days",
        "The answer time the organisation promises (e.g. 30 for \"within 30 days\"), shown beside the legal deadline; empty: none",
        line("e.g. 30; empty: no promise"), promised_days; itself;
        read = |text, _| super::positive_or_none(text, "days", "no promise")),
];

crate::record_kind! {
    SettingsKind: DeadlineSettings, DeadlineSettings; table "organisation", one "deadline settings",
    fields FIELDS
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::record::{draft_of, test_context, validate};

    #[test]
    fn closure_days_are_typed_as_people_write_them_on_a_form_not_in_a_file() {
        let context = test_context();
        let draft = draft_of::<SettingsKind>(&DeadlineSettings::default(), &context)
            .with("closure_days", "24.12 31.12.2026, 2026-12-28");
        let days = |d: u32| chrono::NaiveDate::from_ymd_opt(2026, 12, d).unwrap();
        let typed = validate::<SettingsKind>(&draft, &context.typed()).unwrap();
        assert_eq!(typed.closure_days, [days(24), days(28), days(31)]);
        validate::<SettingsKind>(&draft, &context)
            .unwrap_err()
            .assert_says("closure_days", "not a calendar date");
    }
}
