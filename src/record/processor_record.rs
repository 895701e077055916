//! Art. 30(2) records, kept as processor for a controller: the kind of record.

use super::{line, required, text, Field};
use crate::domain::activity::ProcessorRecord;
use crate::store::ProcessorRecordRow;

pub struct ProcessorRecordKind;

fn record_of(r: &ProcessorRecordRow) -> &ProcessorRecord {
    &r.record
}

const FIELDS: &[Field<ProcessorRecord, ProcessorRecordRow>] = &[
    crate::export_only!("id", "Record number in this register", |r| r.id.to_string()),
    crate::field!("controller_name", "Controller",
        "The controller the organisation processes for (Art. 30(2)(a))",
        required("30(2)(a): the customer you process for"), controller_name; record_of),
    crate::field!("controller_contact", "Contact", "Its contact details",
        text("30(2)(a): address, e-mail or phone"), controller_contact; record_of),
    crate::field!("representative", "Representative", "Its representative, where applicable",
        text("Art. 27 representative, where there is one"), representative; record_of),
    crate::field!("controller_dpo", "Controller's DPO", "Its DPO",
        text("where there is one"), controller_dpo; record_of),
    crate::field!("processing_categories", "Processing",
        "Categories of processing carried out for it (Art. 30(2)(b))",
        text("30(2)(b): categories of processing carried out"), processing_categories; record_of),
    crate::field!("transfers", "Transfers", "Transfers to third countries (Art. 30(2)(c))",
        text("30(2)(c): third countries and safeguards, or \"none\""), transfers; record_of),
    crate::field!("measures", "Security measures", "Security measures (Art. 30(2)(d))",
        text("30(2)(d): general description"), measures; record_of),
    crate::export_only!(
        "missing_points",
        "Art. 30(2) points the record does not document, \"; \"-separated (empty when complete)",
        |r| {
            let gaps = r.record.missing_points();
            let points: Vec<&str> = gaps.iter().map(|g| g.point).collect();
            points.join("; ")
        }
    ),
    crate::field!("notify_within_hours", "Tell within hours",
        "The hours the contract with this controller sets for telling it of a breach; empty: without undue delay (Art. 33(2) sets no hours)",
        line("e.g. 24; empty: without undue delay"), notify_within_hours; record_of;
        read = |text, _| read_hours(text)),
];

/// A number of hours from 1, or none.
fn read_hours(text: &str) -> Result<Option<u32>, String> {
    match text.trim() {
        "" => Ok(None),
        digits => match digits.parse::<u32>() {
            Ok(0) | Err(_) => Err(format!(
                "'{digits}' is not a number of hours (1 or more; empty: without undue delay)"
            )),
            Ok(hours) => Ok(Some(hours)),
        },
    }
}

fn processor_record_search_text(r: &ProcessorRecord) -> String {
    [
        r.controller_name.as_str(),
        &r.controller_contact,
        &r.controller_dpo,
        &r.processing_categories,
    ]
    .join("\n")
    .to_lowercase()
}

crate::record_kind! {
    ProcessorRecordKind: ProcessorRecord, ProcessorRecordRow; table "processor_records", one "processor record",
    fields FIELDS,
    search processor_record_search_text
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::record::{test_context, validate, Draft};

    #[test]
    fn a_processor_record_needs_its_controller_and_is_trimmed() {
        let typed = Draft::default()
            .with("controller_name", "  ")
            .with("processing_categories", " Hosting ");
        let errors = validate::<ProcessorRecordKind>(&typed, &test_context()).unwrap_err();
        assert_eq!(errors.get("controller_name"), Some("required"));
        let typed = typed.with("controller_name", "Nordlys Energi AS ");
        let record = validate::<ProcessorRecordKind>(&typed, &test_context()).unwrap();
        assert_eq!(
            (
                record.controller_name.as_str(),
                record.processing_categories.as_str()
            ),
            ("Nordlys Energi AS", "Hosting")
        );
        assert_eq!(
            record.missing_points().len(),
            3,
            "contact, transfers, measures"
        );
    }
}
