//! The organisation whose register it is (one record): the kind of record.

use super::{line, required, text, Context, Entry, Field, FieldValue, Input};
use crate::domain::organisation::{check_organisation, read_time_zone, Organisation, OurRole};
use crate::domain::validation::{parse_email, FieldErrors};

pub struct OrganisationKind;

/// The organisation is its own exported row.
fn itself(o: &Organisation) -> &Organisation {
    o
}

const FIELDS: &[Field<Organisation, Organisation>] = &[
    crate::field!("name", "Name", "Legal name of the organisation",
        required("legal name"), name; itself),
    crate::field!("org_number", "Org. number", "National organisation number",
        line("checked for NO, SE, DK, FI"), org_number; itself),
    crate::field!("jurisdiction", "Jurisdiction",
        "ISO 3166-1 alpha-2 code, or GB-ENG / GB-SCT / GB-NIR; empty if not set",
        line("NO, SE, DK, FI, IE, GB-ENG…"), jurisdiction; itself),
    // Read after the jurisdiction, whose zone an empty one takes.
    Field {
        entry: Some(Entry {
            show: |o, _| o.time_zone.show(),
            read: |o, text, _| {
                o.time_zone = read_time_zone(text, o.jurisdiction).map_err(|e| e.to_string())?;
                Ok(())
            },
        }),
        ..crate::field!("time_zone", "Time zone", "IANA time zone, e.g. Europe/Oslo",
            line("empty: the jurisdiction's zone"), time_zone; itself)
    },
    crate::field!("role", "Our role",
        "controller, processor or both (which Art. 30 records the organisation keeps)",
        Input::Codes(OurRole::options), role; itself),
    crate::field!("dpo_name", "DPO name", "Data protection officer or contact point",
        line("data protection officer"), dpo_name; itself),
    crate::field!("dpo_email", "DPO e-mail", "DPO e-mail address",
        line(""), dpo_email; itself;
        read = |text, _| parse_email(text)),
    crate::field!("dpo_phone", "DPO phone", "DPO telephone number",
        line(""), dpo_phone; itself),
    crate::field!("address", "Address", "Postal address of the organisation (Art. 30(1)(a))",
        text("street, postcode and town"), address; itself),
    crate::field!("contact_email", "Contact e-mail",
        "The organisation's general privacy or contact e-mail address, beside the DPO's",
        line("privacy@…"), contact_email; itself;
        read = |text, _| parse_email(text)),
    crate::field!("contact_phone", "Contact phone", "The organisation's general telephone number",
        line(""), contact_phone; itself),
    crate::field!("website", "Website", "The organisation's web address",
        line("https://…"), website; itself),
    crate::field!("representative_name", "Art. 27 rep.",
        "For a controller established outside the EU/EEA: its representative in the Union (Art. 27)",
        line("only outside the EU/EEA"), representative_name; itself),
    crate::field!("representative_contact", "Rep. contact",
        "How to reach the Art. 27 representative (address, e-mail, phone)",
        line(""), representative_contact; itself),
];

/// The form's order: who, where and how to reach them, then the DPO and the
/// representative (new columns go at the end of the CSV, not of the form).
const FORM: &[&str] = &[
    "name",
    "org_number",
    "jurisdiction",
    "time_zone",
    "role",
    "address",
    "contact_email",
    "contact_phone",
    "website",
    "dpo_name",
    "dpo_email",
    "dpo_phone",
    "representative_name",
    "representative_contact",
];

fn organisation_rules(fields: &mut Organisation, errors: &mut FieldErrors, _: &Context) {
    check_organisation(fields, errors);
}

crate::record_kind! {
    OrganisationKind: Organisation, Organisation; table "organisation", one "organisation record",
    fields FIELDS,
    form FORM,
    check organisation_rules
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::record::{test_context, validate, Draft};

    fn draft() -> Draft {
        Draft::default()
            .with("name", "Acme AS")
            .with("jurisdiction", "no")
            .with("role", "controller")
    }

    fn check(d: &Draft) -> Result<Organisation, FieldErrors> {
        validate::<OrganisationKind>(d, &test_context())
    }

    #[test]
    fn jurisdiction_defaults_the_time_zone() {
        let org = check(&draft()).unwrap();
        assert_eq!(org.jurisdiction_code(), "NO");
        assert_eq!(org.time_zone, chrono_tz::Europe::Oslo);
    }

    #[test]
    fn a_country_without_a_single_zone_must_name_one() {
        let d = draft().with("jurisdiction", "US");
        assert!(check(&d).unwrap_err().get("time_zone").is_some());
        let d = d.with("time_zone", "America/New_York");
        assert!(check(&d).is_ok());
        let d = d.with("time_zone", "Mars/Olympus");
        check(&d).unwrap_err().assert_says("time_zone", "IANA");
    }

    #[test]
    fn jurisdiction_may_stay_unset_with_utc() {
        let org = check(&draft().with("jurisdiction", " ")).unwrap();
        assert_eq!((org.jurisdiction, org.time_zone), (None, chrono_tz::UTC));
    }

    #[test]
    fn a_wrong_jurisdiction_is_the_only_complaint() {
        let errors = check(&draft().with("jurisdiction", "UK")).unwrap_err();
        assert!(errors.get("jurisdiction").is_some());
        assert_eq!(errors.get("time_zone"), None);
    }

    #[test]
    fn org_number_follows_the_jurisdiction() {
        let d = draft().with("org_number", "12345");
        assert!(check(&d).unwrap_err().get("org_number").is_some());
    }
}
