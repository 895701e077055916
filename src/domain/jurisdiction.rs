//! The jurisdiction whose law and public holidays a register follows: read
//! once from what the user typed, then carried as a value that cannot be wrong.

use std::fmt;

use chrono_tz::Tz;

use super::country::{assigned_code, country_name, default_time_zone, normalise_code};

/// The UK's nations keep different bank holidays, so a bare GB is not enough.
const UK_NATIONS: &[(&str, &str)] = &[
    ("GB-ENG", "England and Wales"),
    ("GB-SCT", "Scotland"),
    ("GB-NIR", "Northern Ireland"),
];

/// An ISO 3166-1 alpha-2 country, or one of the UK's nations (GB-ENG,
/// GB-SCT, GB-NIR); made only by [`Jurisdiction::parse`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Jurisdiction(&'static str);

/// Why a text is not a jurisdiction.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum JurisdictionError {
    #[error("'{0}': say which UK nation, bank holidays differ: GB-ENG (England and Wales), GB-SCT or GB-NIR")]
    UkNationMissing(String),
    #[error("'{0}' is not a jurisdiction: an ISO 3166-1 alpha-2 code (NO, SE, DK, FI, IS, IE, DE, FR, NL…) or GB-ENG, GB-SCT, GB-NIR")]
    Unknown(String),
}

impl Jurisdiction {
    /// Reads a code as typed (" no ", "gb-sct"), or says what is expected.
    pub fn parse(input: &str) -> Result<Jurisdiction, JurisdictionError> {
        let code = normalise_code(input);
        if let Some((nation, _)) = UK_NATIONS.iter().find(|(c, _)| *c == code) {
            return Ok(Jurisdiction(nation));
        }
        match code.as_str() {
            "GB" | "UK" => Err(JurisdictionError::UkNationMissing(input.trim().to_string())),
            c if c.len() == 2 => assigned_code(c)
                .map(Jurisdiction)
                .ok_or_else(|| JurisdictionError::Unknown(input.trim().to_string())),
            _ => Err(JurisdictionError::Unknown(input.trim().to_string())),
        }
    }

    /// Empty (not set yet) or a jurisdiction.
    pub fn parse_optional(input: &str) -> Result<Option<Jurisdiction>, JurisdictionError> {
        if input.trim().is_empty() {
            Ok(None)
        } else {
            Jurisdiction::parse(input).map(Some)
        }
    }

    /// The code: `NO`, `GB-ENG`.
    pub fn code(self) -> &'static str {
        self.0
    }

    /// "Norway", "England and Wales".
    pub fn name(self) -> &'static str {
        UK_NATIONS
            .iter()
            .find(|(c, _)| *c == self.0)
            .map(|(_, name)| *name)
            .or_else(|| country_name(self.0))
            .unwrap_or(self.0)
    }

    /// "NO (Norway)", as the workbench and `dpo info` show it.
    pub fn described(self) -> String {
        format!("{} ({})", self.0, self.name())
    }

    pub fn is_uk(self) -> bool {
        self.0.starts_with("GB-")
    }

    /// The zone a register here keeps unless told otherwise, where one zone
    /// covers the mainland.
    /// Whether it lies in the EU/EEA, where the GDPR (not the UK GDPR) applies
    /// and no Art. 27 representative is needed.
    pub fn in_eea(self) -> bool {
        super::country::is_eea(self.0)
    }

    pub fn default_zone(self) -> Option<Tz> {
        default_time_zone(self.0).and_then(|name| name.parse().ok())
    }
}

impl fmt::Display for Jurisdiction {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.0)
    }
}

/// The code of an optional jurisdiction, empty when not set.
pub fn code_of(jurisdiction: Option<Jurisdiction>) -> &'static str {
    jurisdiction.map_or("", Jurisdiction::code)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uk_needs_a_nation() {
        assert_eq!(Jurisdiction::parse("gb-sct").unwrap().code(), "GB-SCT");
        assert_eq!(
            Jurisdiction::parse("GB"),
            Err(JurisdictionError::UkNationMissing("GB".into()))
        );
        assert!(Jurisdiction::parse("GB")
            .unwrap_err()
            .to_string()
            .contains("GB-ENG"));
        assert!(Jurisdiction::parse("UK").is_err());
        assert_eq!(
            Jurisdiction::parse("Norway"),
            Err(JurisdictionError::Unknown("Norway".into()))
        );
        assert_eq!(
            Jurisdiction::parse("GB-ENG").unwrap().name(),
            "England and Wales"
        );
    }

    #[test]
    fn a_country_reads_in_any_case_and_names_itself() {
        let no = Jurisdiction::parse(" no ").unwrap();
        assert_eq!(
            (no.code(), no.described()),
            ("NO", "NO (Norway)".to_string())
        );
        assert_eq!(no.default_zone(), Some(chrono_tz::Europe::Oslo));
        assert!(!no.is_uk());
        assert_eq!(
            Jurisdiction::parse("XX"),
            Err(JurisdictionError::Unknown("XX".into()))
        );
        assert_eq!(Jurisdiction::parse_optional("  "), Ok(None));
    }

    #[test]
    fn uk_nations_share_the_london_zone_and_us_has_none() {
        let sct = Jurisdiction::parse("GB-SCT").unwrap();
        assert_eq!(sct.default_zone(), Some(chrono_tz::Europe::London));
        assert!(sct.is_uk());
        assert_eq!(Jurisdiction::parse("US").unwrap().default_zone(), None);
    }
}
