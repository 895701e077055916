//! National organisation-number check digits. A wrong check digit is a typo that
//! would otherwise travel into every export, so the Nordic formats are verified;
//! other countries' numbers are kept as typed.

/// Checks `value` as an organisation number of `country`; `Err` says what is wrong.
/// Spaces, dashes and dots are ignored; an empty value is accepted (the field is optional).
pub fn check_org_number(country: &str, value: &str) -> Result<(), String> {
    let digits: String = value
        .chars()
        .filter(|c| !matches!(c, ' ' | '-' | '.'))
        .collect();
    if digits.is_empty() {
        return Ok(());
    }
    let numbers: Option<Vec<u32>> = digits.chars().map(|c| c.to_digit(10)).collect();
    let check = |ok: bool, what: &str| {
        if ok {
            Ok(())
        } else {
            Err(format!("'{value}' is not a valid {what}"))
        }
    };
    match (country, numbers) {
        ("NO", Some(d)) if d.len() == 9 => {
            check(norwegian(&d), "Norwegian organisation number (check digit)")
        }
        ("NO", _) => Err(format!(
            "'{value}' is not a Norwegian organisation number (9 digits)"
        )),
        ("SE", Some(d)) if d.len() == 10 || d.len() == 12 => check(
            swedish(&d[d.len() - 10..]),
            "Swedish organisation number (check digit)",
        ),
        ("SE", _) => Err(format!(
            "'{value}' is not a Swedish organisation number (NNNNNN-NNNN)"
        )),
        ("DK", Some(d)) if d.len() == 8 => check(danish(&d), "Danish CVR number (check digit)"),
        ("DK", _) => Err(format!("'{value}' is not a Danish CVR number (8 digits)")),
        ("FI", Some(d)) if d.len() == 8 => check(finnish(&d), "Finnish business ID (check digit)"),
        ("FI", _) => Err(format!(
            "'{value}' is not a Finnish business ID (NNNNNNN-N)"
        )),
        _ => Ok(()),
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
        assert!(err.contains("9 digits"), "{err}");
        assert!(check_org_number("SE", "55601A-0680")
            .unwrap_err()
            .contains("NNNNNN-NNNN"));
    }

    #[test]
    fn other_countries_and_empty_values_pass_unchecked() {
        assert_eq!(check_org_number("DE", "HRB 12345"), Ok(()));
        assert_eq!(check_org_number("NO", "  "), Ok(()));
    }
}
