//! Processors and other recipients (Art. 28): the kind of record.

use super::{line, required, text, Field, Input};
use crate::domain::processor::{
    check_processor, parse_country_if_any, search_text, ProcessorFields, ProcessorStatus,
    RecipientRole,
};
use crate::domain::validation::{parse_email, FieldErrors};
use crate::store::ProcessorRow;

pub struct ProcessorKind;

/// The validated fields of a listed row.
fn fields_of(r: &ProcessorRow) -> &ProcessorFields {
    &r.processor.fields
}

const FIELDS: &[Field<ProcessorFields, ProcessorRow>] = &[
    crate::export_only!("id", "Record number in this register", |r| r
        .processor
        .id
        .to_string()),
    crate::field!("name", "Name", "Legal name of the processor or recipient",
        required("legal name, e.g. Questback AS"), name; fields_of),
    crate::field!("org_number", "Org. number", "Its organisation number",
        line("checked for NO, SE, DK, FI"), org_number; fields_of),
    crate::field!("country", "Country", "ISO 3166-1 alpha-2 code of its establishment (empty while it is to be identified)",
        required("ISO code: NO, SE, IE, US…"), country; fields_of;
        read = |text, _| parse_country_if_any(text)),
    crate::field!("address", "Address", "Postal address (may span lines)",
        text("postal address"), address; fields_of),
    crate::field!("contact_email", "Contact e-mail", "Privacy or DPO contact address",
        line("privacy@…"), contact_email; fields_of;
        read = |text, _| parse_email(text)),
    crate::field!("service", "Service", "Service it provides to us",
        line("what they do for us"), service; fields_of),
    crate::field!("role", "Role",
        "processor, sub_processor, joint_controller, independent_controller or other_recipient",
        Input::Codes(RecipientRole::options), role; fields_of),
    crate::field!("parent_id", "Works for",
        "For a sub-processor: id of the processor it works for",
        Input::Record, parent_id; fields_of),
    crate::export_only!(
        "parent_name",
        "For a sub-processor: name of the processor it works for",
        |r| r.parent_name.clone().unwrap_or_default()
    ),
    crate::field!("status", "Status", "active, ended or to_identify (named by what it does, not yet by who it is)",
        Input::Codes(ProcessorStatus::options), status; fields_of),
    crate::field!("notes", "Notes", "Free text (may span lines)",
        text("anything an auditor should know"), notes; fields_of),
];

fn processor_rules(fields: &mut ProcessorFields, errors: &mut FieldErrors, _: &super::Context) {
    check_processor(fields, errors);
}

crate::record_kind! {
    ProcessorKind: ProcessorFields, ProcessorRow; table "processors", one "processor",
    fields FIELDS,
    check processor_rules,
    search search_text
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::record::{test_context, validate, Draft};

    fn draft() -> Draft {
        Draft::default()
            .with("name", " Questback AS ")
            .with("country", "no")
            .with("contact_email", "privacy@questback.example")
            .with("service", "Customer surveys")
            .with("role", "processor")
            .with("status", "Active")
    }

    fn check(d: &Draft) -> Result<ProcessorFields, FieldErrors> {
        validate::<ProcessorKind>(d, &test_context())
    }

    #[test]
    fn a_complete_draft_is_normalised() {
        let p = check(&draft()).unwrap();
        assert_eq!(p.name, "Questback AS");
        assert_eq!(p.country, "NO");
        assert_eq!(p.role, RecipientRole::Processor);
        assert_eq!(p.status, ProcessorStatus::Active);
    }

    #[test]
    fn every_bad_field_is_reported_at_once() {
        let bad = Draft::default()
            .with("country", "UK")
            .with("contact_email", "privacy at example")
            .with("role", "vendor")
            .with("status", "paused");
        let errors = check(&bad).unwrap_err();
        assert_eq!(errors.get("name"), Some("required"));
        errors.assert_says("country", "the United Kingdom is GB");
        errors.assert_says("contact_email", "not an e-mail address");
        errors.assert_says("role", "sub_processor");
        errors.assert_says("status", "active, ended or to_identify");
    }

    #[test]
    fn only_a_processor_still_to_identify_may_lack_a_country() {
        let d = draft().with("country", " ");
        check(&d)
            .unwrap_err()
            .assert_says("country", "unless the processor is still to be identified");
        let p = check(&d.with("status", "to_identify")).unwrap();
        assert_eq!(
            (p.country.as_str(), p.status),
            ("", ProcessorStatus::ToIdentify)
        );
    }

    #[test]
    fn org_number_is_checked_against_the_country() {
        let d = draft().with("org_number", "981 967 071");
        let errors = check(&d).unwrap_err();
        errors.assert_says("org_number", "check digit");
        assert!(
            check(&d.with("country", "DE")).is_ok(),
            "German numbers are not checked"
        );
    }

    #[test]
    fn sub_processors_need_a_parent_and_only_they_have_one() {
        let d = draft().with("role", "sub_processor");
        assert!(check(&d).unwrap_err().get("parent_id").is_some());
        let d = d.with("parent_id", "1");
        assert!(check(&d).is_ok());
        let d = d.with("role", "processor");
        check(&d)
            .unwrap_err()
            .assert_says("parent_id", "only a sub-processor");
    }

    #[test]
    fn a_new_processor_starts_active_as_a_processor() {
        let d =
            crate::record::draft_of::<ProcessorKind>(&ProcessorFields::default(), &test_context());
        assert_eq!((d.get("role"), d.get("status")), ("processor", "active"));
        assert_eq!(d.get("parent_id"), "");
    }
}
