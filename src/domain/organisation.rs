//! The organisation a register belongs to: who is the controller, where, in which
//! time zone, and who the DPO is. Jurisdiction and zone drive every deadline.

use std::str::FromStr;

use super::country::{country_name, default_time_zone, normalise_code};
use super::org_number::check_org_number;
use super::validation::FieldErrors;

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

/// A jurisdiction as typed: empty (not set yet) or a valid code, normalised.
pub fn read_jurisdiction(text: &str) -> Result<String, String> {
    if text.trim().is_empty() {
        Ok(String::new())
    } else {
        parse_jurisdiction(text)
    }
}

/// The rules across the organisation's fields: its organisation number follows
/// its jurisdiction's format, and an empty time zone takes the jurisdiction's
/// (UTC while no jurisdiction is set).
pub fn check_organisation(o: &mut Organisation, errors: &mut FieldErrors) {
    if errors.get("jurisdiction").is_some() {
        // Nothing can be checked against, or derived from, a wrong jurisdiction.
        return;
    }
    if errors.get("org_number").is_none() {
        if let Err(message) = check_org_number(&o.jurisdiction, &o.org_number) {
            errors.push("org_number", message);
        }
    }
    if o.time_zone.is_empty() {
        match default_time_zone(&o.jurisdiction) {
            Some(zone) => o.time_zone = zone.to_string(),
            None if o.jurisdiction.is_empty() => o.time_zone = "UTC".to_string(),
            None => errors.push(
                "time_zone",
                format!(
                    "required for {}: an IANA zone such as America/New_York",
                    o.jurisdiction
                ),
            ),
        }
    } else if !is_valid_time_zone(&o.time_zone) {
        errors.push(
            "time_zone",
            format!(
                "'{}' is not an IANA time zone (e.g. Europe/Oslo)",
                o.time_zone
            ),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uk_needs_a_nation() {
        assert_eq!(parse_jurisdiction("gb-sct"), Ok("GB-SCT".into()));
        assert!(parse_jurisdiction("GB").unwrap_err().contains("GB-ENG"));
        assert!(parse_jurisdiction("UK").is_err());
        assert!(parse_jurisdiction("Norway").is_err());
        assert_eq!(jurisdiction_name("GB-ENG"), Some("England and Wales"));
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
}
