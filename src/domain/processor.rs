//! Processors and other recipients of personal data (GDPR Art. 28), and the rule
//! that keeps the sub-processor chain a tree.

use super::country::{country_name, normalise_code};
use super::org_number::check_org_number;
use super::validation::FieldErrors;

crate::code_enum!(
    /// What the recipient is to us. Only processors and sub-processors need an Art. 28 contract.
    RecipientRole unknown OtherRecipient {
        Processor => ("processor", "Processor"),
        SubProcessor => ("sub_processor", "Sub-processor"),
        JointController => ("joint_controller", "Joint controller"),
        IndependentController => ("independent_controller", "Independent controller"),
        OtherRecipient => ("other_recipient", "Other recipient"),
    }
);

crate::code_enum!(
    /// Ended processors stay in the register: the record of who had the data is evidence.
    /// `ToIdentify`: named by what it does ("our e-mail provider"), not yet
    /// by who it is: an open item, not an active processor without an agreement.
    ProcessorStatus {
        Active => ("active", "Active"),
        Ended => ("ended", "Ended"),
        ToIdentify => ("to_identify", "To be identified"),
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
#[derive(Debug, Clone, PartialEq, Eq, Default)]
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

/// Why a country of establishment is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CountryError {
    #[error("required (ISO 3166-1 alpha-2, e.g. NO, SE, IE, US)")]
    Missing,
    /// Not a code of ISO 3166-1 (the text as typed, trimmed).
    #[error("'{0}' is not an ISO 3166-1 alpha-2 country code")]
    Unknown(String),
    /// "UK": reserved, not assigned; the common slip for GB.
    #[error("'{0}' is not an ISO 3166-1 alpha-2 country code (the United Kingdom is GB)")]
    UkForGb(String),
}

/// A country of establishment: an ISO 3166-1 alpha-2 code, normalised.
pub fn parse_country(text: &str) -> Result<String, CountryError> {
    let country = parse_country_if_any(text)?;
    if country.is_empty() {
        return Err(CountryError::Missing);
    }
    Ok(country)
}

/// A country code, or empty (whether one is needed is the record's rule).
pub fn parse_country_if_any(text: &str) -> Result<String, CountryError> {
    let country = normalise_code(text);
    if country.is_empty() {
        return Ok(country);
    }
    if country_name(&country).is_none() {
        let typed = text.trim().to_string();
        return Err(if country == "UK" {
            CountryError::UkForGb(typed)
        } else {
            CountryError::Unknown(typed)
        });
    }
    Ok(country)
}

/// The rules across a processor's fields: its organisation number follows its
/// country's format, and only a sub-processor works for another processor
/// (and must name it).
pub fn check_processor(p: &ProcessorFields, errors: &mut FieldErrors) {
    if p.country.is_empty()
        && errors.get("country").is_none()
        && p.status != ProcessorStatus::ToIdentify
    {
        errors.push(
            "country",
            "required (ISO code such as NO or IE), unless the processor is still to be identified",
        );
    }
    if errors.get("country").is_none() && errors.get("org_number").is_none() {
        if let Err(message) = check_org_number(&p.country, &p.org_number) {
            errors.push("org_number", message);
        }
    }
    if errors.get("role").is_some() || errors.get("parent_id").is_some() {
        return;
    }
    match (p.role, p.parent_id) {
        (RecipientRole::SubProcessor, None) => {
            errors.push(
                "parent_id",
                "a sub-processor needs the processor it works for",
            );
        }
        (r, Some(_)) if r != RecipientRole::SubProcessor => {
            errors.push(
                "parent_id",
                format!("only a sub-processor has a parent (role is {})", r.label()),
            );
        }
        _ => {}
    }
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

    #[test]
    fn countries_are_codes_and_uk_is_pointed_to_gb() {
        assert_eq!(parse_country(" se "), Ok("SE".into()));
        assert_eq!(parse_country("  "), Err(CountryError::Missing));
        assert_eq!(
            CountryError::Missing.to_string(),
            "required (ISO 3166-1 alpha-2, e.g. NO, SE, IE, US)"
        );
        let err = parse_country(" uk ").unwrap_err();
        assert_eq!(err, CountryError::UkForGb("uk".into()));
        assert_eq!(
            err.to_string(),
            "'uk' is not an ISO 3166-1 alpha-2 country code (the United Kingdom is GB)"
        );
        let err = parse_country("XQ").unwrap_err();
        assert_eq!(err, CountryError::Unknown("XQ".into()));
        assert_eq!(
            err.to_string(),
            "'XQ' is not an ISO 3166-1 alpha-2 country code"
        );
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
