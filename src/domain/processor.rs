//! Processors and other recipients of personal data (GDPR Art. 28), and the rule
//! that keeps the sub-processor chain a tree.

use super::country::{country_name, normalise_code};
use super::org_number::check_org_number;
use super::validation::{optional_email, optional_line, optional_text, required_line, FieldErrors};

crate::code_enum!(
    /// What the recipient is to us. Only processors and sub-processors need an Art. 28 contract.
    RecipientRole {
        Processor => ("processor", "Processor"),
        SubProcessor => ("sub_processor", "Sub-processor"),
        JointController => ("joint_controller", "Joint controller"),
        IndependentController => ("independent_controller", "Independent controller"),
        OtherRecipient => ("other_recipient", "Other recipient"),
    }
);

crate::code_enum!(
    /// Ended processors stay in the register: the record of who had the data is evidence.
    ProcessorStatus {
        Active => ("active", "Active"),
        Ended => ("ended", "Ended"),
    }
);

/// A processor as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Processor {
    pub id: i64,
    /// Raised by every save; a save must name the revision it was based on.
    pub revision: i64,
    pub fields: ProcessorFields,
}

/// The validated content of a processor, without its identity.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProcessorFields {
    pub name: String,
    pub org_number: String,
    pub country: String,
    pub address: String,
    pub contact_email: String,
    pub service: String,
    pub role: RecipientRole,
    pub parent_id: Option<i64>,
    pub status: ProcessorStatus,
    pub notes: String,
}

/// What the filter searches: every text a DPO might remember a processor by.
pub fn search_text(p: &ProcessorFields) -> String {
    [
        p.name.as_str(),
        &p.org_number,
        &p.country,
        country_name(&p.country).unwrap_or(""),
        &p.service,
        &p.contact_email,
        &p.address,
        &p.notes,
        p.role.label(),
    ]
    .join("\n")
    .to_lowercase()
}

/// An empty processor, as a record read field by field starts.
impl Default for ProcessorFields {
    fn default() -> Self {
        ProcessorFields {
            name: String::new(),
            org_number: String::new(),
            country: String::new(),
            address: String::new(),
            contact_email: String::new(),
            service: String::new(),
            role: RecipientRole::Processor,
            parent_id: None,
            status: ProcessorStatus::Active,
            notes: String::new(),
        }
    }
}

/// What a form, a CSV row or the demo file says, before validation: all text.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ProcessorDraft {
    pub name: String,
    pub org_number: String,
    pub country: String,
    pub address: String,
    pub contact_email: String,
    pub service: String,
    pub role: String,
    pub parent_id: Option<i64>,
    pub status: String,
    pub notes: String,
}

impl From<&ProcessorFields> for ProcessorDraft {
    fn from(p: &ProcessorFields) -> Self {
        Self {
            name: p.name.clone(),
            org_number: p.org_number.clone(),
            country: p.country.clone(),
            address: p.address.clone(),
            contact_email: p.contact_email.clone(),
            service: p.service.clone(),
            role: p.role.code().to_string(),
            parent_id: p.parent_id,
            status: p.status.code().to_string(),
            notes: p.notes.clone(),
        }
    }
}

/// Checks every field and reports all problems at once, keyed by field name.
pub fn validate_processor(draft: &ProcessorDraft) -> Result<ProcessorFields, FieldErrors> {
    let mut errors = FieldErrors::default();
    let name = required_line(&mut errors, "name", &draft.name);

    let country = normalise_code(&draft.country);
    if country.is_empty() {
        errors.push(
            "country",
            "required (ISO 3166-1 alpha-2, e.g. NO, SE, IE, US)",
        );
    } else if country_name(&country).is_none() {
        let hint = if country == "UK" {
            " (the United Kingdom is GB)"
        } else {
            ""
        };
        errors.push(
            "country",
            format!(
                "'{}' is not an ISO 3166-1 alpha-2 country code{hint}",
                draft.country.trim()
            ),
        );
    }

    let org_number = optional_line(&mut errors, "org_number", &draft.org_number);
    if errors.get("country").is_none() {
        if let Err(message) = check_org_number(&country, &org_number) {
            errors.push("org_number", message);
        }
    }

    let address = optional_text(&mut errors, "address", &draft.address);
    let contact_email = optional_email(&mut errors, "contact_email", &draft.contact_email);
    let service = optional_line(&mut errors, "service", &draft.service);
    let notes = optional_text(&mut errors, "notes", &draft.notes);

    let role = RecipientRole::parse(&draft.role);
    if role.is_none() {
        errors.push(
            "role",
            format!(
                "'{}' is not a role: {}",
                draft.role.trim(),
                RecipientRole::expected()
            ),
        );
    }
    match (role, draft.parent_id) {
        (Some(RecipientRole::SubProcessor), None) => {
            errors.push(
                "parent_id",
                "a sub-processor needs the processor it works for",
            );
        }
        (Some(r), Some(_)) if r != RecipientRole::SubProcessor => {
            errors.push(
                "parent_id",
                format!("only a sub-processor has a parent (role is {})", r.label()),
            );
        }
        _ => {}
    }

    let status = ProcessorStatus::parse(&draft.status);
    if status.is_none() {
        errors.push(
            "status",
            format!(
                "'{}' is not a status: {}",
                draft.status.trim(),
                ProcessorStatus::expected()
            ),
        );
    }

    let fields = ProcessorFields {
        name,
        org_number,
        country,
        address,
        contact_email,
        service,
        role: role.unwrap_or(RecipientRole::Processor),
        parent_id: draft.parent_id,
        status: status.unwrap_or(ProcessorStatus::Active),
        notes,
    };
    errors.into_result(fields)
}

/// Would making `new_parent` the parent of `id` close a loop? `parent_of` gives
/// each processor's current parent. A chain longer than `limit` is treated as a
/// loop too, so a register corrupted outside the workbench cannot hang the check.
pub fn creates_cycle(
    id: i64,
    new_parent: i64,
    mut parent_of: impl FnMut(i64) -> Option<i64>,
    limit: usize,
) -> bool {
    let mut current = Some(new_parent);
    for _ in 0..=limit {
        match current {
            None => return false,
            Some(p) if p == id => return true,
            Some(p) => current = parent_of(p),
        }
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn draft() -> ProcessorDraft {
        ProcessorDraft {
            name: " Questback AS ".into(),
            org_number: "".into(),
            country: "no".into(),
            contact_email: "privacy@questback.example".into(),
            service: "Customer surveys".into(),
            role: "processor".into(),
            status: "Active".into(),
            ..Default::default()
        }
    }

    #[test]
    fn a_complete_draft_is_normalised() {
        let p = validate_processor(&draft()).unwrap();
        assert_eq!(p.name, "Questback AS");
        assert_eq!(p.country, "NO");
        assert_eq!(p.role, RecipientRole::Processor);
        assert_eq!(p.status, ProcessorStatus::Active);
    }

    #[test]
    fn every_bad_field_is_reported_at_once() {
        let bad = ProcessorDraft {
            name: "".into(),
            country: "UK".into(),
            contact_email: "privacy at example".into(),
            role: "vendor".into(),
            status: "paused".into(),
            ..Default::default()
        };
        let errors = validate_processor(&bad).unwrap_err();
        assert_eq!(errors.get("name"), Some("required"));
        assert!(errors
            .get("country")
            .unwrap()
            .contains("the United Kingdom is GB"));
        assert!(errors
            .get("contact_email")
            .unwrap()
            .contains("not an e-mail address"));
        assert!(errors.get("role").unwrap().contains("sub_processor"));
        assert!(errors.get("status").unwrap().contains("active or ended"));
    }

    #[test]
    fn org_number_is_checked_against_the_country() {
        let mut d = draft();
        d.org_number = "981 967 071".into();
        let errors = validate_processor(&d).unwrap_err();
        assert!(errors.get("org_number").unwrap().contains("check digit"));
        d.country = "DE".into();
        assert!(
            validate_processor(&d).is_ok(),
            "German numbers are not checked"
        );
    }

    #[test]
    fn sub_processors_need_a_parent_and_only_they_have_one() {
        let mut d = draft();
        d.role = "sub_processor".into();
        assert!(validate_processor(&d)
            .unwrap_err()
            .get("parent_id")
            .is_some());
        d.parent_id = Some(1);
        assert!(validate_processor(&d).is_ok());
        d.role = "processor".into();
        assert!(validate_processor(&d)
            .unwrap_err()
            .get("parent_id")
            .unwrap()
            .contains("only a sub-processor"));
    }

    #[test]
    fn cycle_detection_follows_the_chain() {
        // 3 -> 2 -> 1 (child -> parent)
        let parents: HashMap<i64, i64> = [(3, 2), (2, 1)].into();
        let parent_of = |id| parents.get(&id).copied();
        assert!(
            creates_cycle(1, 3, parent_of, 100),
            "1 under its own grandchild"
        );
        assert!(creates_cycle(2, 2, parent_of, 100), "its own parent");
        assert!(
            !creates_cycle(3, 1, parent_of, 100),
            "moving up the tree is fine"
        );
        assert!(!creates_cycle(4, 3, parent_of, 100));
        let looped: HashMap<i64, i64> = [(5, 6), (6, 5)].into();
        assert!(
            creates_cycle(7, 5, |id| looped.get(&id).copied(), 100),
            "existing loop does not hang"
        );
    }
}
