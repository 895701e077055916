//! The organisation a register belongs to: who is the controller, where, in which
//! time zone, and who the DPO is. Jurisdiction and zone drive every deadline.

use std::str::FromStr;

use super::country::{country_name, default_time_zone, normalise_code};
use super::org_number::check_org_number;
use super::validation::{optional_email, optional_line, required_line, FieldErrors};

crate::code_enum!(
    /// Art. 30(1) records for a controller, 30(2) for a processor; both keep both.
    OurRole {
        Controller => ("controller", "Controller"),
        Processor => ("processor", "Processor"),
        Both => ("both", "Controller and processor"),
    }
);

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Organisation {
    pub name: String,
    pub org_number: String,
    /// ISO 3166-1 alpha-2, or GB-ENG / GB-SCT / GB-NIR; empty until the user sets it.
    pub jurisdiction: String,
    /// IANA zone name, e.g. Europe/Oslo.
    pub time_zone: String,
    pub role: OurRole,
    pub dpo_name: String,
    pub dpo_email: String,
    pub dpo_phone: String,
}

/// An empty organisation, as a record read field by field starts.
impl Default for Organisation {
    fn default() -> Self {
        Organisation {
            name: String::new(),
            org_number: String::new(),
            jurisdiction: String::new(),
            time_zone: String::new(),
            role: OurRole::Controller,
            dpo_name: String::new(),
            dpo_email: String::new(),
            dpo_phone: String::new(),
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OrganisationDraft {
    pub name: String,
    pub org_number: String,
    pub jurisdiction: String,
    pub time_zone: String,
    pub role: String,
    pub dpo_name: String,
    pub dpo_email: String,
    pub dpo_phone: String,
}

impl From<&Organisation> for OrganisationDraft {
    fn from(o: &Organisation) -> Self {
        Self {
            name: o.name.clone(),
            org_number: o.org_number.clone(),
            jurisdiction: o.jurisdiction.clone(),
            time_zone: o.time_zone.clone(),
            role: o.role.code().to_string(),
            dpo_name: o.dpo_name.clone(),
            dpo_email: o.dpo_email.clone(),
            dpo_phone: o.dpo_phone.clone(),
        }
    }
}

/// The UK's nations keep different bank holidays, so a bare GB is not enough.
const UK_NATIONS: &[(&str, &str)] = &[
    ("GB-ENG", "England and Wales"),
    ("GB-SCT", "Scotland"),
    ("GB-NIR", "Northern Ireland"),
];

/// Checks a jurisdiction code and returns it normalised, or says what is expected.
pub fn parse_jurisdiction(input: &str) -> Result<String, String> {
    let code = normalise_code(input);
    if let Some((code, _)) = UK_NATIONS.iter().find(|(c, _)| *c == code) {
        return Ok((*code).to_string());
    }
    match code.as_str() {
        "GB" | "UK" => Err(format!(
            "'{}': say which UK nation, bank holidays differ: GB-ENG (England and Wales), GB-SCT or GB-NIR",
            input.trim()
        )),
        c if c.len() == 2 && country_name(c).is_some() => Ok(code),
        _ => Err(format!(
            "'{}' is not a jurisdiction: an ISO 3166-1 alpha-2 code (NO, SE, DK, FI, IS, IE, DE, FR, NL…) or GB-ENG, GB-SCT, GB-NIR",
            input.trim()
        )),
    }
}

/// A readable name for a valid jurisdiction code.
pub fn jurisdiction_name(code: &str) -> Option<&'static str> {
    UK_NATIONS
        .iter()
        .find(|(c, _)| *c == code)
        .map(|(_, name)| *name)
        .or_else(|| country_name(code))
}

pub fn is_valid_time_zone(name: &str) -> bool {
    chrono_tz::Tz::from_str(name).is_ok()
}

/// The time zone to keep when the jurisdiction changes: one that was only the old
/// jurisdiction's default follows to the new one's (empty = the new default); a
/// zone the user chose stays.
pub fn zone_after_jurisdiction_change(
    old_jurisdiction: &str,
    old_zone: &str,
    new_jurisdiction: &str,
    new_zone: &str,
) -> String {
    let was_default = default_time_zone(old_jurisdiction) == Some(old_zone) || old_zone == "UTC";
    if new_jurisdiction.trim() != old_jurisdiction && new_zone == old_zone && was_default {
        String::new()
    } else {
        new_zone.to_string()
    }
}

/// Checks every field. An empty time zone takes the jurisdiction's default zone.
pub fn validate_organisation(draft: &OrganisationDraft) -> Result<Organisation, FieldErrors> {
    let mut errors = FieldErrors::default();
    let name = required_line(&mut errors, "name", &draft.name);

    let jurisdiction = if draft.jurisdiction.trim().is_empty() {
        String::new()
    } else {
        parse_jurisdiction(&draft.jurisdiction).unwrap_or_else(|message| {
            errors.push("jurisdiction", message);
            draft.jurisdiction.trim().to_string()
        })
    };

    let org_number = optional_line(&mut errors, "org_number", &draft.org_number);
    if errors.get("jurisdiction").is_none() {
        if let Err(message) = check_org_number(&jurisdiction, &org_number) {
            errors.push("org_number", message);
        }
    }

    let mut time_zone = draft.time_zone.trim().to_string();
    if errors.get("jurisdiction").is_some() {
        // No zone can be derived from a jurisdiction that is itself wrong.
    } else if time_zone.is_empty() {
        match default_time_zone(&jurisdiction) {
            Some(zone) => time_zone = zone.to_string(),
            None if jurisdiction.is_empty() => time_zone = "UTC".to_string(),
            None => errors.push(
                "time_zone",
                format!("required for {jurisdiction}: an IANA zone such as America/New_York"),
            ),
        }
    } else if !is_valid_time_zone(&time_zone) {
        errors.push(
            "time_zone",
            format!("'{time_zone}' is not an IANA time zone (e.g. Europe/Oslo)"),
        );
    }

    let role = OurRole::parse(&draft.role);
    if role.is_none() {
        errors.push(
            "role",
            format!(
                "'{}' is not a role: {}",
                draft.role.trim(),
                OurRole::expected()
            ),
        );
    }
    let dpo_name = optional_line(&mut errors, "dpo_name", &draft.dpo_name);
    let dpo_email = optional_email(&mut errors, "dpo_email", &draft.dpo_email);
    let dpo_phone = optional_line(&mut errors, "dpo_phone", &draft.dpo_phone);

    errors.into_result(Organisation {
        name,
        org_number,
        jurisdiction,
        time_zone,
        role: role.unwrap_or(OurRole::Controller),
        dpo_name,
        dpo_email,
        dpo_phone,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn draft() -> OrganisationDraft {
        OrganisationDraft {
            name: "Acme AS".into(),
            jurisdiction: "no".into(),
            role: "controller".into(),
            ..Default::default()
        }
    }

    #[test]
    fn jurisdiction_defaults_the_time_zone() {
        let org = validate_organisation(&draft()).unwrap();
        assert_eq!(org.jurisdiction, "NO");
        assert_eq!(org.time_zone, "Europe/Oslo");
    }

    #[test]
    fn uk_needs_a_nation() {
        assert_eq!(parse_jurisdiction("gb-sct"), Ok("GB-SCT".into()));
        assert!(parse_jurisdiction("GB").unwrap_err().contains("GB-ENG"));
        assert!(parse_jurisdiction("UK").is_err());
        assert!(parse_jurisdiction("Norway").is_err());
        assert_eq!(jurisdiction_name("GB-ENG"), Some("England and Wales"));
    }

    #[test]
    fn a_country_without_a_single_zone_must_name_one() {
        let mut d = draft();
        d.jurisdiction = "US".into();
        assert!(validate_organisation(&d)
            .unwrap_err()
            .get("time_zone")
            .is_some());
        d.time_zone = "America/New_York".into();
        assert!(validate_organisation(&d).is_ok());
        d.time_zone = "Mars/Olympus".into();
        assert!(validate_organisation(&d)
            .unwrap_err()
            .get("time_zone")
            .unwrap()
            .contains("IANA"));
    }

    #[test]
    fn jurisdiction_may_stay_unset_with_utc() {
        let mut d = draft();
        d.jurisdiction = " ".into();
        let org = validate_organisation(&d).unwrap();
        assert_eq!(
            (org.jurisdiction.as_str(), org.time_zone.as_str()),
            ("", "UTC")
        );
    }

    #[test]
    fn a_default_zone_follows_a_new_jurisdiction_a_chosen_one_stays() {
        assert_eq!(
            zone_after_jurisdiction_change("NO", "Europe/Oslo", "GB-ENG", "Europe/Oslo"),
            ""
        );
        assert_eq!(zone_after_jurisdiction_change("", "UTC", "SE", "UTC"), "");
        assert_eq!(
            zone_after_jurisdiction_change("NO", "Europe/Oslo", "NO", "Europe/Oslo"),
            "Europe/Oslo"
        );
        assert_eq!(
            zone_after_jurisdiction_change("NO", "America/New_York", "SE", "America/New_York"),
            "America/New_York"
        );
        assert_eq!(
            zone_after_jurisdiction_change("NO", "Europe/Oslo", "SE", "Europe/Berlin"),
            "Europe/Berlin"
        );
    }

    #[test]
    fn a_wrong_jurisdiction_is_the_only_complaint() {
        let mut d = draft();
        d.jurisdiction = "UK".into();
        let errors = validate_organisation(&d).unwrap_err();
        assert!(errors.get("jurisdiction").is_some());
        assert_eq!(errors.get("time_zone"), None);
    }

    #[test]
    fn org_number_follows_the_jurisdiction() {
        let mut d = draft();
        d.org_number = "12345".into();
        assert!(validate_organisation(&d)
            .unwrap_err()
            .get("org_number")
            .is_some());
    }
}
