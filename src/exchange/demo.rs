//! The demo register: a Norwegian IoT company and its processors, kept as
//! readable CSV in `assets/demo/` (in the same columns as the exports) and
//! compiled into the binary so `dpo init --demo` works anywhere.

use std::collections::HashMap;

use serde::Deserialize;

use super::ExchangeError;
use crate::domain::organisation::{validate_organisation, Organisation, OrganisationDraft};
use crate::domain::processor::{validate_processor, ProcessorDraft};
use crate::store::Register;

const ORGANISATION_CSV: &str = include_str!("../../assets/demo/organisation.csv");
const PROCESSORS_CSV: &str = include_str!("../../assets/demo/processors.csv");

#[derive(Deserialize)]
struct OrganisationLine {
    name: String,
    org_number: String,
    jurisdiction: String,
    time_zone: String,
    role: String,
    dpo_name: String,
    dpo_email: String,
    dpo_phone: String,
}

#[derive(Deserialize)]
struct ProcessorLine {
    name: String,
    org_number: String,
    country: String,
    address: String,
    contact_email: String,
    service: String,
    role: String,
    parent_name: String,
    status: String,
    notes: String,
}

/// Reads every row of an embedded CSV, with the line each starts on.
fn rows<T: for<'de> Deserialize<'de>>(
    file: &str,
    text: &str,
) -> Result<Vec<(u64, T)>, ExchangeError> {
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let headers = reader.headers()?.clone();
    let mut out = Vec::new();
    for record in reader.records() {
        let record = record?;
        let line = record.position().map_or(0, |p| p.line());
        let value = record
            .deserialize(Some(&headers))
            .map_err(|e| ExchangeError::Row {
                file: file.into(),
                line,
                message: e.to_string(),
            })?;
        out.push((line, value));
    }
    Ok(out)
}

pub fn demo_organisation() -> Result<Organisation, ExchangeError> {
    let file = "assets/demo/organisation.csv";
    let (line, o) = rows::<OrganisationLine>(file, ORGANISATION_CSV)?
        .into_iter()
        .next()
        .ok_or_else(|| ExchangeError::Row {
            file: file.into(),
            line: 1,
            message: "no organisation row".into(),
        })?;
    let draft = OrganisationDraft {
        name: o.name,
        org_number: o.org_number,
        jurisdiction: o.jurisdiction,
        time_zone: o.time_zone,
        role: o.role,
        dpo_name: o.dpo_name,
        dpo_email: o.dpo_email,
        dpo_phone: o.dpo_phone,
    };
    validate_organisation(&draft).map_err(|errors| ExchangeError::Row {
        file: file.into(),
        line,
        message: errors.to_string(),
    })
}

/// Writes the demo processors into `register`; a sub-processor names its parent,
/// which must stand on an earlier line. Returns how many were written.
pub fn load_demo(register: &mut Register) -> Result<usize, ExchangeError> {
    let file = "assets/demo/processors.csv";
    let mut ids: HashMap<String, i64> = HashMap::new();
    let lines = rows::<ProcessorLine>(file, PROCESSORS_CSV)?;
    let count = lines.len();
    for (line, p) in lines {
        let row_error = |message: String| ExchangeError::Row {
            file: file.into(),
            line,
            message,
        };
        let parent_id = match p.parent_name.trim() {
            "" => None,
            parent => Some(*ids.get(parent).ok_or_else(|| {
                row_error(format!("parent_name: '{parent}' is not on an earlier line"))
            })?),
        };
        let draft = ProcessorDraft {
            name: p.name,
            org_number: p.org_number,
            country: p.country,
            address: p.address,
            contact_email: p.contact_email,
            service: p.service,
            role: p.role,
            parent_id,
            status: p.status,
            notes: p.notes,
        };
        let fields = validate_processor(&draft).map_err(|errors| row_error(errors.to_string()))?;
        let id = register.insert_processor(&fields)?;
        ids.insert(fields.name, id);
    }
    Ok(count)
}
