//! Processors and other recipients (Art. 28): the kind of record.

use rusqlite::types::Value;

use super::{cell, Field, Input, Kind, Stored, Text};
use crate::domain::processor::{
    validate_processor, ProcessorDraft, ProcessorFields, ProcessorStatus, RecipientRole,
};
use crate::domain::validation::FieldErrors;
use crate::store::ProcessorRow;

pub struct ProcessorKind;

type P = Field<ProcessorDraft, ProcessorFields, ProcessorRow>;

/// The validated fields of a listed row.
fn fields_of(r: &ProcessorRow) -> &ProcessorFields {
    &r.processor.fields
}

const FIELDS: &[P] = &[
    crate::export_only!("id", "Record number in this register", |r| r
        .processor
        .id
        .to_string()),
    crate::text_field!(
        "name",
        "Name",
        "Legal name of the processor or recipient",
        Input::Line {
            required: true,
            placeholder: "legal name, e.g. Questback AS"
        },
        name => name,
        fields_of
    ),
    crate::text_field!(
        "org_number",
        "Org. number",
        "Its organisation number",
        Input::Line {
            required: false,
            placeholder: "checked for NO, SE, DK, FI"
        },
        org_number => org_number,
        fields_of
    ),
    crate::text_field!(
        "country",
        "Country",
        "ISO 3166-1 alpha-2 code of its establishment",
        Input::Line {
            required: true,
            placeholder: "ISO code: NO, SE, IE, US…"
        },
        country => country,
        fields_of
    ),
    crate::text_field!(
        "address",
        "Address",
        "Postal address (may span lines)",
        Input::Text {
            placeholder: "postal address"
        },
        address => address,
        fields_of
    ),
    crate::text_field!(
        "contact_email",
        "Contact e-mail",
        "Privacy or DPO contact address",
        Input::Line {
            required: false,
            placeholder: "privacy@…"
        },
        contact_email => contact_email,
        fields_of
    ),
    crate::text_field!(
        "service",
        "Service",
        "Service it provides to us",
        Input::Line {
            required: false,
            placeholder: "what they do for us"
        },
        service => service,
        fields_of
    ),
    Field {
        key: "role",
        label: "Role",
        description:
            "processor, sub_processor, joint_controller, independent_controller or other_recipient",
        input: Some(Input::Codes(RecipientRole::options)),
        text: Some(Text {
            get: |d| d.role.clone(),
            set: |d, t| d.role = t,
        }),
        stored: Some(Stored {
            write: |f| Value::Text(f.role.code().into()),
            read: |f, row, i| {
                let code: String = row.get(i)?;
                f.role = RecipientRole::parse(&code).unwrap_or(RecipientRole::OtherRecipient);
                Ok(())
            },
        }),
        cell: Some(|r| r.processor.fields.role.code().to_string()),
    },
    Field {
        key: "parent_id",
        label: "Works for",
        description: "For a sub-processor: id of the processor it works for",
        input: Some(Input::Record),
        text: Some(Text {
            get: |d| cell::id(d.parent_id),
            set: |d, t| d.parent_id = t.trim().parse().ok(),
        }),
        stored: Some(Stored {
            write: |f| f.parent_id.map_or(Value::Null, Value::Integer),
            read: |f, row, i| {
                f.parent_id = row.get(i)?;
                Ok(())
            },
        }),
        cell: Some(|r| cell::id(r.processor.fields.parent_id)),
    },
    crate::export_only!(
        "parent_name",
        "For a sub-processor: name of the processor it works for",
        |r| r.parent_name.clone().unwrap_or_default()
    ),
    Field {
        key: "status",
        label: "Status",
        description: "active or ended",
        input: Some(Input::Codes(ProcessorStatus::options)),
        text: Some(Text {
            get: |d| d.status.clone(),
            set: |d, t| d.status = t,
        }),
        stored: Some(Stored {
            write: |f| Value::Text(f.status.code().into()),
            read: |f, row, i| {
                let code: String = row.get(i)?;
                f.status = ProcessorStatus::parse(&code).unwrap_or(ProcessorStatus::Active);
                Ok(())
            },
        }),
        cell: Some(|r| r.processor.fields.status.code().to_string()),
    },
    crate::text_field!(
        "notes",
        "Notes",
        "Free text (may span lines)",
        Input::Text {
            placeholder: "anything an auditor should know"
        },
        notes => notes,
        fields_of
    ),
];

impl Kind for ProcessorKind {
    type Draft = ProcessorDraft;
    type Fields = ProcessorFields;
    type Row = ProcessorRow;
    const TABLE: &'static str = "processors";

    fn fields() -> &'static [P] {
        FIELDS
    }

    fn validate(draft: &ProcessorDraft) -> Result<ProcessorFields, FieldErrors> {
        validate_processor(draft)
    }

    fn search_text(fields: &ProcessorFields) -> Option<String> {
        Some(crate::domain::processor::search_text(fields))
    }
}
