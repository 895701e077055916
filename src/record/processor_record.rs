//! Art. 30(2) records, kept as processor for a controller: the kind of record.

use super::{line, required, text, Entry, Field, Input, Parent};
use crate::domain::activity::ProcessorRecord;
use crate::store::LinkedProcessor;
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
            crate::domain::activity::points_named(&r.missing_points()).join("; ")
        }
    ),
    crate::field!("notify_within_hours", "Tell within hours",
        "The hours the contract with this controller sets for telling it of a breach; empty: without undue delay (Art. 33(2) sets no hours)",
        line("e.g. 24; empty: without undue delay"), notify_within_hours; record_of;
        read = |text, _| super::positive_or_none(text, "hours", "without undue delay")),
    // The form ticks them among the register's processors; the CSV names
    // them here and links them in processor_record_processors.csv.
    Field::on_form(
        "sub_processors",
        "Sub-processors",
        Input::Records,
        Some(Entry {
            show: |r, _| {
                let ids: Vec<String> = r.sub_processors.iter().map(ToString::to_string).collect();
                ids.join(",")
            },
            read: |r, text, _| {
                r.sub_processors = read_ids(text)?;
                Ok(())
            },
        }),
    ),
    crate::export_only!(
        "sub_processor_names",
        "The sub-processors used for this controller, by name (ids in processor_record_processors.csv)",
        |r| {
            let names: Vec<&str> = r.sub_processors.iter().map(|(_, n, _)| n.as_str()).collect();
            names.join("; ")
        }
    ),
];

/// Record ids as a form's ticked list gives them ("3,7"), or none.
fn read_ids(text: &str) -> Result<Vec<i64>, String> {
    text.split(',')
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .map(|t| {
            t.parse::<i64>()
                .map_err(|_| format!("'{t}' is not a record id"))
        })
        .collect()
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

/// A link of an Art. 30(2) record to a sub-processor, as exported.
pub struct RecordProcessorLink {
    pub record_id: i64,
    pub controller: String,
    pub processor: LinkedProcessor,
}

/// The sub-processors of Art. 30(2) records, a link each
/// (`processor_record_processors`): the CSV names them; the import reads the two ids.
pub struct ProcessorRecordProcessorKind;

const LINK_FIELDS: &[Field<(), RecordProcessorLink>] = &[
    crate::export_only!(
        "processor_record_id",
        "The Art. 30(2) record's id (processor_records.csv)",
        |l| l.record_id.to_string()
    ),
    crate::export_only!("controller", "The controller of that record", |l| l
        .controller
        .clone()),
    crate::export_only!(
        "processor_id",
        "The sub-processor's id (processors.csv)",
        |l| l.processor.0.to_string()
    ),
    crate::export_only!("processor", "The sub-processor's name", |l| l
        .processor
        .1
        .clone()),
    crate::export_only!("country", "The sub-processor's country", |l| l
        .processor
        .2
        .clone()),
];

crate::record_kind! {
    ProcessorRecordProcessorKind: (), RecordProcessorLink; table "processor_record_processors", one "sub-processor link",
    fields LINK_FIELDS,
    parent Parent::of::<ProcessorRecordKind>("processor_record_id")
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
