//! The column list of every exported table, declared once. Export writes these
//! columns in this order, `docs/csv-format.md` documents them (a test keeps the
//! two in step), and the import will read them back.

use crate::domain::organisation::Organisation;
use crate::store::ProcessorRow;

/// One CSV column: its stable name, what it holds, and how to read it off a record.
pub struct Column<T> {
    pub name: &'static str,
    pub description: &'static str,
    pub value: fn(&T) -> String,
}

pub const ORGANISATION_COLUMNS: &[Column<Organisation>] = &[
    Column {
        name: "name",
        description: "Legal name of the organisation",
        value: |o| o.name.clone(),
    },
    Column {
        name: "org_number",
        description: "National organisation number",
        value: |o| o.org_number.clone(),
    },
    Column {
        name: "jurisdiction",
        description: "ISO 3166-1 alpha-2 code, or GB-ENG / GB-SCT / GB-NIR; empty if not set",
        value: |o| o.jurisdiction.clone(),
    },
    Column {
        name: "time_zone",
        description: "IANA time zone, e.g. Europe/Oslo",
        value: |o| o.time_zone.clone(),
    },
    Column {
        name: "role",
        description: "controller, processor or both (which Art. 30 records the organisation keeps)",
        value: |o| o.role.code().to_string(),
    },
    Column {
        name: "dpo_name",
        description: "Data protection officer or contact point",
        value: |o| o.dpo_name.clone(),
    },
    Column {
        name: "dpo_email",
        description: "DPO e-mail address",
        value: |o| o.dpo_email.clone(),
    },
    Column {
        name: "dpo_phone",
        description: "DPO telephone number",
        value: |o| o.dpo_phone.clone(),
    },
];

pub const PROCESSOR_COLUMNS: &[Column<ProcessorRow>] = &[
    Column {
        name: "id",
        description: "Record number in this register",
        value: |r| r.processor.id.to_string(),
    },
    Column {
        name: "name",
        description: "Legal name of the processor or recipient",
        value: |r| r.processor.fields.name.clone(),
    },
    Column {
        name: "org_number",
        description: "Its organisation number",
        value: |r| r.processor.fields.org_number.clone(),
    },
    Column {
        name: "country",
        description: "ISO 3166-1 alpha-2 code of its establishment",
        value: |r| r.processor.fields.country.clone(),
    },
    Column {
        name: "address",
        description: "Postal address (may span lines)",
        value: |r| r.processor.fields.address.clone(),
    },
    Column {
        name: "contact_email",
        description: "Privacy or DPO contact address",
        value: |r| r.processor.fields.contact_email.clone(),
    },
    Column {
        name: "service",
        description: "Service it provides to us",
        value: |r| r.processor.fields.service.clone(),
    },
    Column {
        name: "role",
        description:
            "processor, sub_processor, joint_controller, independent_controller or other_recipient",
        value: |r| r.processor.fields.role.code().to_string(),
    },
    Column {
        name: "parent_id",
        description: "For a sub-processor: id of the processor it works for",
        value: |r| {
            r.processor
                .fields
                .parent_id
                .map(|id| id.to_string())
                .unwrap_or_default()
        },
    },
    Column {
        name: "parent_name",
        description: "For a sub-processor: name of the processor it works for",
        value: |r| r.parent_name.clone().unwrap_or_default(),
    },
    Column {
        name: "status",
        description: "active or ended",
        value: |r| r.processor.fields.status.code().to_string(),
    },
    Column {
        name: "notes",
        description: "Free text (may span lines)",
        value: |r| r.processor.fields.notes.clone(),
    },
];

/// The header row of a column list.
pub fn header<T>(columns: &[Column<T>]) -> Vec<&'static str> {
    columns.iter().map(|c| c.name).collect()
}

/// One record as CSV cells.
pub fn cells<T>(columns: &[Column<T>], record: &T) -> Vec<String> {
    columns.iter().map(|c| (c.value)(record)).collect()
}
