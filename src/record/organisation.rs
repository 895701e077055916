//! The organisation whose register it is (one record): the kind of record.

use rusqlite::types::Value;

use super::{Field, Input, Kind, Stored, Text};
use crate::domain::organisation::{
    validate_organisation, Organisation, OrganisationDraft, OurRole,
};
use crate::domain::validation::FieldErrors;

pub struct OrganisationKind;

type F = Field<OrganisationDraft, Organisation, Organisation>;

/// The organisation is its own exported row.
fn itself(o: &Organisation) -> &Organisation {
    o
}

/// One line, not required.
const fn line(placeholder: &'static str) -> Input {
    Input::Line {
        required: false,
        placeholder,
    }
}

const FIELDS: &[F] = &[
    crate::text_field!(
        "name",
        "Name",
        "Legal name of the organisation",
        Input::Line {
            required: true,
            placeholder: "legal name"
        },
        name => name,
        itself
    ),
    crate::text_field!(
        "org_number",
        "Org. number",
        "National organisation number",
        line("checked for NO, SE, DK, FI"),
        org_number => org_number,
        itself
    ),
    crate::text_field!(
        "jurisdiction",
        "Jurisdiction",
        "ISO 3166-1 alpha-2 code, or GB-ENG / GB-SCT / GB-NIR; empty if not set",
        line("NO, SE, DK, FI, IE, GB-ENG…"),
        jurisdiction => jurisdiction,
        itself
    ),
    crate::text_field!(
        "time_zone",
        "Time zone",
        "IANA time zone, e.g. Europe/Oslo",
        line("empty: the jurisdiction's zone"),
        time_zone => time_zone,
        itself
    ),
    Field {
        key: "role",
        label: "Our role",
        description: "controller, processor or both (which Art. 30 records the organisation keeps)",
        input: Some(Input::Codes(OurRole::options)),
        text: Some(Text {
            get: |d| d.role.clone(),
            set: |d, t| d.role = t,
        }),
        stored: Some(Stored {
            write: |o| Value::Text(o.role.code().into()),
            read: |o, row, i| {
                let code: String = row.get(i)?;
                o.role = OurRole::parse(&code).unwrap_or(OurRole::Controller);
                Ok(())
            },
        }),
        cell: Some(|o| o.role.code().to_string()),
    },
    crate::text_field!(
        "dpo_name",
        "DPO name",
        "Data protection officer or contact point",
        line("data protection officer"),
        dpo_name => dpo_name,
        itself
    ),
    crate::text_field!(
        "dpo_email",
        "DPO e-mail",
        "DPO e-mail address",
        line(""),
        dpo_email => dpo_email,
        itself
    ),
    crate::text_field!(
        "dpo_phone",
        "DPO phone",
        "DPO telephone number",
        line(""),
        dpo_phone => dpo_phone,
        itself
    ),
];

impl Kind for OrganisationKind {
    type Draft = OrganisationDraft;
    type Fields = Organisation;
    type Row = Organisation;
    const TABLE: &'static str = "organisation";

    fn fields() -> &'static [F] {
        FIELDS
    }

    fn validate(draft: &OrganisationDraft) -> Result<Organisation, FieldErrors> {
        validate_organisation(draft)
    }

    fn search_text(_: &Organisation) -> Option<String> {
        None
    }
}
