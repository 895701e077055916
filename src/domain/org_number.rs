//! National organisation-number check digits. A wrong check digit is a typo that
//! would otherwise travel into every export, so the Nordic formats are verified;
//! other countries' numbers are kept as typed.

/// The national numbering schemes whose check digits are verified.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OrgNumberScheme {
    /// Brønnøysundregistrene's organisasjonsnummer.
    Norwegian,
    /// Bolagsverket's organisationsnummer.
    Swedish,
    /// The Danish CVR number.
    Danish,
    /// The Finnish Y-tunnus.
    Finnish,
}

impl OrgNumberScheme {
    /// The number's name, as messages give it.
    pub fn name(self) -> &'static str {
        match self {
            OrgNumberScheme::Norwegian => "Norwegian organisation number",
            OrgNumberScheme::Swedish => "Swedish organisation number",
            OrgNumberScheme::Danish => "Danish CVR number",
            OrgNumberScheme::Finnish => "Finnish business ID",
        }
    }

    /// How the number is written, as messages give it.
    pub fn shape(self) -> &'static str {
        match self {
            OrgNumberScheme::Norwegian => "9 digits",
            OrgNumberScheme::Swedish => "NNNNNN-NNNN",
            OrgNumberScheme::Danish => "8 digits",
            OrgNumberScheme::Finnish => "NNNNNNN-N",
        }
    }
}

/// Why an organisation number is refused; `value` is the number as typed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum OrgNumberError {
    /// Not the scheme's count of digits, or not digits at all.
    #[error("'{value}' is not a {} ({})", .scheme.name(), .scheme.shape())]
    Shape {
        scheme: OrgNumberScheme,
        value: String,
    },
    /// The right shape, but the check digit does not match: a typo.
    #[error("'{value}' is not a valid {} (check digit)", .scheme.name())]
    CheckDigit {
        scheme: OrgNumberScheme,
        value: String,
    },
}

/// Checks `value` as an organisation number of `country`; `Err` says what is wrong.
/// Spaces, dashes and dots are ignored; an empty value is accepted (the field is optional).
pub fn check_org_number(country: &str, value: &str) -> Result<(), OrgNumberError> {
    let digits: String = value
        .chars()
        .filter(|c| !matches!(c, ' ' | '-' | '.'))
        .collect();
    if digits.is_empty() {
        return Ok(());
    }
    let numbers: Option<Vec<u32>> = digits.chars().map(|c| c.to_digit(10)).collect();
    let (scheme, check_digit_ok) = match (country, numbers) {
        ("NO", Some(d)) if d.len() == 9 => (OrgNumberScheme::Norwegian, Some(norwegian(&d))),
        ("NO", _) => (OrgNumberScheme::Norwegian, None),
        ("SE", Some(d)) if d.len() == 10 || d.len() == 12 => {
            (OrgNumberScheme::Swedish, Some(swedish(&d[d.len() - 10..])))
        }
        ("SE", _) => (OrgNumberScheme::Swedish, None),
        ("DK", Some(d)) if d.len() == 8 => (OrgNumberScheme::Danish, Some(danish(&d))),
        ("DK", _) => (OrgNumberScheme::Danish, None),
        ("FI", Some(d)) if d.len() == 8 => (OrgNumberScheme::Finnish, Some(finnish(&d))),
        ("FI", _) => (OrgNumberScheme::Finnish, None),
        _ => return Ok(()),
    };
    let value = value.to_string();
    match check_digit_ok {
        Some(true) => Ok(()),
        Some(false) => Err(OrgNumberError::CheckDigit { scheme, value }),
        None => Err(OrgNumberError::Shape { scheme, value }),
    }
}

fn weighted_sum(digits: &[u32], weights: &[u32]) -> u32 {
    digits.iter().zip(weights).map(|(d, w)| d * w).sum()
}

/// Brønnøysund MOD11, weights 3 2 7 6 5 4 3 2; a remainder giving 10 is never issued.
fn norwegian(d: &[u32]) -> bool {
    let rest = weighted_sum(&d[..8], &[3, 2, 7, 6, 5, 4, 3, 2]) % 11;
    let control = match rest {
        0 => 0,
        1 => return false,
        r => 11 - r,
    };
    control == d[8]
}

/// Luhn over the ten digits (Bolagsverket); 12-digit forms carry a century prefix.
fn swedish(d: &[u32]) -> bool {
    let sum: u32 = d
        .iter()
        .enumerate()
        .map(|(i, &digit)| {
            let v = if i % 2 == 0 { digit * 2 } else { digit };
            if v > 9 {
                v - 9
            } else {
                v
            }
        })
        .sum();
    sum.is_multiple_of(10)
}

/// CVR: weights 2 7 6 5 4 3 2 1, the sum divisible by 11.
fn danish(d: &[u32]) -> bool {
    weighted_sum(d, &[2, 7, 6, 5, 4, 3, 2, 1]).is_multiple_of(11)
}

/// Y-tunnus: weights 7 9 10 5 8 4 2; remainder 1 is never issued.
fn finnish(d: &[u32]) -> bool {
    let rest = weighted_sum(&d[..7], &[7, 9, 10, 5, 8, 4, 2]) % 11;
    match rest {
        0 => d[7] == 0,
        1 => false,
        r => d[7] == 11 - r,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_published_numbers_of_real_companies() {
        // Published on the companies' own pages or the national registers.
        assert_eq!(check_org_number("NO", "981 967 070"), Ok(()));
        assert_eq!(check_org_number("SE", "556016-0680"), Ok(()));
        assert_eq!(check_org_number("SE", "16556016-0680"), Ok(()));
        assert_eq!(check_org_number("DK", "24256790"), Ok(()));
        assert_eq!(check_org_number("FI", "0112038-9"), Ok(()));
    }

    #[test]
    fn refuses_a_changed_check_digit() {
        assert!(check_org_number("NO", "981 967 071").is_err());
        assert!(check_org_number("SE", "556016-0681").is_err());
        assert!(check_org_number("DK", "24256791").is_err());
        assert!(check_org_number("FI", "0112038-8").is_err());
    }

    #[test]
    fn refuses_wrong_length_and_letters_with_the_expected_format() {
        let err = check_org_number("NO", "93329617").unwrap_err();
        assert!(err.to_string().contains("9 digits"), "{err}");
        assert!(check_org_number("SE", "55601A-0680")
            .unwrap_err()
            .to_string()
            .contains("NNNNNN-NNNN"));
    }

    #[test]
    fn errors_name_the_scheme_the_value_and_the_expected_form() {
        let err = check_org_number("NO", "981 967 071").unwrap_err();
        assert_eq!(
            err,
            OrgNumberError::CheckDigit {
                scheme: OrgNumberScheme::Norwegian,
                value: "981 967 071".into()
            }
        );
        assert_eq!(
            err.to_string(),
            "'981 967 071' is not a valid Norwegian organisation number (check digit)"
        );
        let err = check_org_number("FI", "0112038").unwrap_err();
        assert_eq!(
            err,
            OrgNumberError::Shape {
                scheme: OrgNumberScheme::Finnish,
                value: "0112038".into()
            }
        );
        assert_eq!(
            err.to_string(),
            "'0112038' is not a Finnish business ID (NNNNNNN-N)"
        );
        assert_eq!(
            check_org_number("DK", "24256791").unwrap_err().to_string(),
            "'24256791' is not a valid Danish CVR number (check digit)"
        );
        assert_eq!(
            check_org_number("SE", "55601A-0680")
                .unwrap_err()
                .to_string(),
            "'55601A-0680' is not a Swedish organisation number (NNNNNN-NNNN)"
        );
    }

    #[test]
    fn other_countries_and_empty_values_pass_unchecked() {
        assert_eq!(check_org_number("DE", "HRB 12345"), Ok(()));
        assert_eq!(check_org_number("NO", "  "), Ok(()));
    }
}
