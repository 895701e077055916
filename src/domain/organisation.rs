//! The organisation a register belongs to: who is the controller, where, in which
//! time zone, and who the DPO is. Jurisdiction and zone drive every deadline.

use std::str::FromStr;

use chrono_tz::Tz;

use super::country::default_time_zone;
use super::jurisdiction::{code_of, Jurisdiction};
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

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Organisation {
    pub name: String,
    pub org_number: String,
    /// `None` until the user sets it: deadlines then count weekends only.
    pub jurisdiction: Option<Jurisdiction>,
    /// The zone its dates and the breach clock are read and shown in.
    pub time_zone: Tz,
    pub role: OurRole,
    pub dpo_name: String,
    pub dpo_email: String,
    pub dpo_phone: String,
    /// Postal address (Art. 30(1)(a): the controller's contact details).
    pub address: String,
    /// The organisation's general contact, beside the DPO's.
    pub contact_email: String,
    pub contact_phone: String,
    pub website: String,
    /// Art. 27: the representative in the EU/EEA of a controller established
    /// outside it (name, then how to reach them).
    pub representative_name: String,
    pub representative_contact: String,
}

impl Organisation {
    /// The organisation as every JSON output gives it (`--json`, a bundle's
    /// manifest): one shape.
    pub fn to_json(&self) -> serde_json::Value {
        serde_json::json!({
            "name": self.name,
            "org_number": self.org_number,
            "jurisdiction": self.jurisdiction_code(),
            "time_zone": self.time_zone.name(),
            "role": self.role.code(),
            "dpo_name": self.dpo_name,
            "dpo_email": self.dpo_email,
            "dpo_phone": self.dpo_phone,
            "address": self.address,
            "contact_email": self.contact_email,
            "contact_phone": self.contact_phone,
            "website": self.website,
            "representative_name": self.representative_name,
            "representative_contact": self.representative_contact,
        })
    }

    /// The jurisdiction's code, empty when not set.
    pub fn jurisdiction_code(&self) -> &'static str {
        code_of(self.jurisdiction)
    }

    /// Art. 30(1)(a): the record names the controller and gives a way to
    /// reach it: its own e-mail or phone, or its DPO's.
    pub fn identifies_controller(&self) -> bool {
        let given = |s: &str| !s.trim().is_empty();
        given(&self.name)
            && [
                &self.contact_email,
                &self.contact_phone,
                &self.dpo_email,
                &self.dpo_phone,
            ]
            .iter()
            .any(|s| given(s))
    }

    /// Whether the register should name an Art. 27 representative: a
    /// jurisdiction outside the EU/EEA (the UK GDPR's own Art. 27 asks the
    /// same of a controller outside the UK), when none is named.
    pub fn lacks_representative(&self) -> bool {
        self.jurisdiction.is_some_and(|j| !j.in_eea()) && self.representative_name.trim().is_empty()
    }

    /// "NO (Norway)", or "not set".
    pub fn jurisdiction_described(&self) -> String {
        self.jurisdiction
            .map_or_else(|| "not set".to_string(), Jurisdiction::described)
    }
}

/// Why a time zone cannot be kept.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ZoneError {
    #[error("'{0}' is not an IANA time zone (e.g. Europe/Oslo)")]
    Unknown(String),
    #[error("required for {0}: an IANA zone such as America/New_York")]
    Required(Jurisdiction),
}

/// A time zone as typed; empty takes the jurisdiction's (UTC while no
/// jurisdiction is set).
pub fn read_time_zone(text: &str, jurisdiction: Option<Jurisdiction>) -> Result<Tz, ZoneError> {
    let name = text.trim();
    if !name.is_empty() {
        return Tz::from_str(name).map_err(|_| ZoneError::Unknown(name.to_string()));
    }
    match jurisdiction {
        None => Ok(Tz::UTC),
        Some(j) => j.default_zone().ok_or(ZoneError::Required(j)),
    }
}

/// The time zone to keep when the jurisdiction changes on a form: one that was
/// only the old jurisdiction's default follows to the new one's (empty = the
/// new default); a zone the user chose stays.
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

/// The rules across the organisation's fields: a representative's contact
/// needs the representative's name; its organisation number follows its
/// jurisdiction's format.
pub fn check_organisation(o: &Organisation, errors: &mut FieldErrors) {
    if o.representative_name.trim().is_empty() && !o.representative_contact.trim().is_empty() {
        errors.push(
            "representative_name",
            "name the Art. 27 representative whose contact is given",
        );
    }
    if errors.get("jurisdiction").is_some() || errors.get("org_number").is_some() {
        // Nothing can be checked against a wrong jurisdiction.
        return;
    }
    if let Err(message) = check_org_number(o.jurisdiction_code(), &o.org_number) {
        errors.push("org_number", message);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_empty_zone_takes_the_jurisdictions() {
        let no = Jurisdiction::parse("NO").ok();
        assert_eq!(read_time_zone("", no), Ok(chrono_tz::Europe::Oslo));
        assert_eq!(read_time_zone(" ", None), Ok(Tz::UTC));
        let us = Jurisdiction::parse("US").unwrap();
        assert_eq!(read_time_zone("", Some(us)), Err(ZoneError::Required(us)));
        assert_eq!(
            read_time_zone("Mars/Olympus", no).unwrap_err().to_string(),
            "'Mars/Olympus' is not an IANA time zone (e.g. Europe/Oslo)"
        );
        assert_eq!(
            read_time_zone("America/New_York", Some(us)),
            Ok(chrono_tz::America::New_York)
        );
    }

    fn org(jurisdiction: &str) -> Organisation {
        Organisation {
            name: "Acme".into(),
            jurisdiction: Jurisdiction::parse_optional(jurisdiction).unwrap(),
            ..Organisation::default()
        }
    }

    #[test]
    fn the_controller_is_identified_by_its_own_contact_or_its_dpos() {
        let mut o = org("NO");
        assert!(!o.identifies_controller(), "a name alone is not enough");
        o.website = "https://acme.example".into();
        assert!(!o.identifies_controller(), "a website is not a contact");
        for set in [
            |o: &mut Organisation| o.contact_email = "post@acme.example".into(),
            |o: &mut Organisation| o.contact_phone = "+47 1".into(),
            |o: &mut Organisation| o.dpo_email = "dpo@acme.example".into(),
            |o: &mut Organisation| o.dpo_phone = "+47 2".into(),
        ] {
            let mut o = org("NO");
            set(&mut o);
            assert!(o.identifies_controller(), "{o:?}");
        }
        o.contact_email = "post@acme.example".into();
        o.name = " ".into();
        assert!(!o.identifies_controller(), "a contact without a name");
    }

    #[test]
    fn a_representative_is_asked_for_outside_the_eea_only() {
        assert!(!org("NO").lacks_representative());
        assert!(!org("").lacks_representative(), "unknown: not asked");
        let mut uk = org("GB-ENG");
        assert!(uk.lacks_representative());
        uk.representative_name = "EU Rep Ltd (Dublin)".into();
        assert!(!uk.lacks_representative());
    }

    #[test]
    fn a_representatives_contact_needs_the_name() {
        let mut o = org("GB-ENG");
        o.representative_contact = "rep@example.ie".into();
        let mut errors = FieldErrors::default();
        check_organisation(&o, &mut errors);
        assert!(errors.get("representative_name").is_some());
        o.representative_name = "EU Rep Ltd".into();
        let mut errors = FieldErrors::default();
        check_organisation(&o, &mut errors);
        assert!(errors.is_empty(), "{errors:?}");
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
