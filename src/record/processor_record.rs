//! Art. 30(2) records, kept as processor for a controller: the kind of record.

use super::{Field, Input, Kind};
use crate::domain::activity::ProcessorRecord;
use crate::domain::activity_form::validate_processor_record;
use crate::domain::validation::FieldErrors;
use crate::store::ProcessorRecordRow;

pub struct ProcessorRecordKind;

type F = Field<ProcessorRecord, ProcessorRecord, ProcessorRecordRow>;

fn record_of(r: &ProcessorRecordRow) -> &ProcessorRecord {
    &r.record
}

/// A text box.
const fn text(placeholder: &'static str) -> Input {
    Input::Text { placeholder }
}

const FIELDS: &[F] = &[
    crate::export_only!("id", "Record number in this register", |r| r.id.to_string()),
    crate::text_field!(
        "controller_name",
        "Controller",
        "The controller the organisation processes for (Art. 30(2)(a))",
        Input::Line {
            required: true,
            placeholder: "30(2)(a): the customer you process for"
        },
        controller_name => controller_name,
        record_of
    ),
    crate::text_field!(
        "controller_contact",
        "Contact",
        "Its contact details",
        text("30(2)(a): address, e-mail or phone"),
        controller_contact => controller_contact,
        record_of
    ),
    crate::text_field!(
        "representative",
        "Representative",
        "Its representative, where applicable",
        text("Art. 27 representative, where there is one"),
        representative => representative,
        record_of
    ),
    crate::text_field!(
        "controller_dpo",
        "Controller's DPO",
        "Its DPO",
        text("where there is one"),
        controller_dpo => controller_dpo,
        record_of
    ),
    crate::text_field!(
        "processing_categories",
        "Processing",
        "Categories of processing carried out for it (Art. 30(2)(b))",
        text("30(2)(b): categories of processing carried out"),
        processing_categories => processing_categories,
        record_of
    ),
    crate::text_field!(
        "transfers",
        "Transfers",
        "Transfers to third countries (Art. 30(2)(c))",
        text("30(2)(c): third countries and safeguards, or \"none\""),
        transfers => transfers,
        record_of
    ),
    crate::text_field!(
        "measures",
        "Security measures",
        "Security measures (Art. 30(2)(d))",
        text("30(2)(d): general description"),
        measures => measures,
        record_of
    ),
    crate::export_only!(
        "missing_points",
        "Art. 30(2) points the record does not document, \"; \"-separated (empty when complete)",
        |r| {
            let gaps = r.record.missing_points();
            let points: Vec<&str> = gaps.iter().map(|g| g.point).collect();
            points.join("; ")
        }
    ),
];

impl Kind for ProcessorRecordKind {
    type Draft = ProcessorRecord;
    type Fields = ProcessorRecord;
    type Row = ProcessorRecordRow;
    const TABLE: &'static str = "processor_records";

    fn fields() -> &'static [F] {
        FIELDS
    }

    fn validate(draft: &ProcessorRecord) -> Result<ProcessorRecord, FieldErrors> {
        validate_processor_record(draft)
    }

    fn search_text(r: &ProcessorRecord) -> Option<String> {
        let text = [
            r.controller_name.as_str(),
            &r.controller_contact,
            &r.controller_dpo,
            &r.processing_categories,
        ]
        .join("\n")
        .to_lowercase();
        Some(text)
    }
}
