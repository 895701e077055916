//! The data categories and lawful bases of an activity as a form holds them:
//! one per line in a small grammar, read here and written back the same way,
//! so an edit shows exactly what a save stores (`record::activity`).
//!
//! Data categories, one per line:
//!   `Name; art9 <kind>; art10; keep <retention>`   (all but the name optional)
//! Joint controllers (Art. 26), one per line:
//!   `Name; contact <how to reach them>; arrangement <reference>; dated <YYYY-MM-DD>; answers us|them|each`
//! Lawful bases, one per purpose:
//!   `Purpose; art6 <a–f|ea>; art9 <a–j>; art10 <authorisation>; why <reference>; consent <how recorded>`

use super::activity::{
    parse_retention, Art6Basis, Art9Condition, DataCategory, JointController, LawfulBasis,
    SubjectContact,
};
use super::request::parse_iso_date;
use super::validation::BadLine;

pub const CATEGORY_FORM: &str = "Name; art9 <kind>; art10; keep <retention>";
pub const JOINT_FORM: &str =
    "Name; contact <how to reach them>; arrangement <reference>; dated <YYYY-MM-DD>; answers us|them|each";
pub const BASIS_FORM: &str =
    "Purpose; art6 <a-f>; art9 <a-j>; art10 <authorisation>; why <reference>; consent <how recorded>";

/// The categories in the form's grammar, one per line.
pub fn category_lines(categories: &[DataCategory]) -> String {
    let lines: Vec<String> = categories
        .iter()
        .map(|c| {
            let mut parts = vec![c.name.clone()];
            if let Some(kind) = &c.special {
                parts.push(format!("art9 {kind}"));
            }
            if c.criminal {
                parts.push("art10".into());
            }
            if let Some(r) = &c.retention {
                parts.push(format!("keep {r}"));
            }
            parts.join("; ")
        })
        .collect();
    lines.join("\n")
}

/// The bases in the form's grammar, one per line.
pub fn basis_lines(bases: &[LawfulBasis]) -> String {
    let lines: Vec<String> = bases
        .iter()
        .map(|b| {
            let mut parts = vec![b.purpose.clone(), format!("art6 {}", b.art6.code())];
            if let Some(c) = b.art9 {
                parts.push(format!("art9 {}", c.code()));
            }
            for (word, text) in [
                ("art10", &b.art10_basis),
                ("why", &b.justification),
                ("consent", &b.consent_record),
            ] {
                if !text.is_empty() {
                    parts.push(format!("{word} {text}"));
                }
            }
            parts.join("; ")
        })
        .collect();
    lines.join("\n")
}

/// Splits `part` into its leading keyword (lower-cased) and the rest.
fn keyword(part: &str) -> (String, &str) {
    let part = part.trim();
    match part.split_once(char::is_whitespace) {
        Some((word, rest)) => (word.to_ascii_lowercase(), rest.trim()),
        None => (part.to_ascii_lowercase(), ""),
    }
}

/// Reads the non-empty lines of `text`, each `first; keyword value; …`:
/// `first` must be given (`needs` says what it is), `read` takes the rest.
fn read_lines<T>(
    text: &str,
    needs: &str,
    read: impl Fn(String, &mut dyn Iterator<Item = &str>) -> Result<T, String>,
) -> Result<Vec<T>, BadLine> {
    let lines = text
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty());
    lines
        .map(|(n, line)| {
            let mut parts = line.split(';');
            let first = parts.next().unwrap_or("").trim().to_string();
            if first.is_empty() {
                return Err(BadLine::at(n, needs));
            }
            let mut rest = parts.filter(|p| !p.trim().is_empty());
            read(first, &mut rest).map_err(|message| BadLine::at(n, message))
        })
        .collect()
}

/// Reads the data-category lines; an error names the line and shows the form.
pub fn parse_category_lines(text: &str) -> Result<Vec<DataCategory>, BadLine> {
    let needs = format!("start with the category's name: {CATEGORY_FORM}");
    read_lines(text, &needs, read_category)
}

fn read_category(
    name: String,
    parts: &mut dyn Iterator<Item = &str>,
) -> Result<DataCategory, String> {
    let mut category = DataCategory {
        name,
        special: None,
        criminal: false,
        retention: None,
    };
    for part in parts {
        match keyword(part) {
            (word, kind) if word == "art9" => {
                category.special = Some(if kind.is_empty() {
                    "special category".to_string()
                } else {
                    kind.to_string()
                });
            }
            (word, "") if word == "art10" => category.criminal = true,
            (word, period) if word == "keep" => {
                category.retention = Some(parse_retention(period).map_err(|e| e.to_string())?);
            }
            _ => {
                return Err(format!(
                    "'{}' is not understood: write {CATEGORY_FORM}",
                    part.trim()
                ))
            }
        }
    }
    Ok(category)
}

/// Reads the lawful-basis lines; each needs a purpose and an Art. 6(1) basis.
pub fn parse_basis_lines(text: &str) -> Result<Vec<LawfulBasis>, BadLine> {
    let needs = format!("start with the purpose: {BASIS_FORM}");
    read_lines(text, &needs, read_basis)
}

fn read_basis(
    purpose: String,
    parts: &mut dyn Iterator<Item = &str>,
) -> Result<LawfulBasis, String> {
    let mut art6 = None;
    let mut basis = LawfulBasis {
        purpose,
        art6: Art6Basis::Consent,
        art9: None,
        art10_basis: String::new(),
        justification: String::new(),
        consent_record: String::new(),
    };
    for part in parts {
        let (word, rest) = keyword(part);
        match word.as_str() {
            "art6" => {
                art6 = Some(Art6Basis::parse(rest).ok_or_else(|| {
                    format!(
                        "'{rest}' is not an Art. 6(1) basis: write {}",
                        Art6Basis::expected()
                    )
                })?);
            }
            "art9" => {
                basis.art9 = Some(Art9Condition::parse(rest).ok_or_else(|| {
                    format!(
                        "'{rest}' is not an Art. 9(2) condition: write {}",
                        Art9Condition::expected()
                    )
                })?);
            }
            "art10" => basis.art10_basis = rest.to_string(),
            "why" => basis.justification = rest.to_string(),
            "consent" => basis.consent_record = rest.to_string(),
            _ => {
                return Err(format!(
                    "'{}' is not understood: write {BASIS_FORM}",
                    part.trim()
                ))
            }
        }
    }
    basis.art6 = art6.ok_or_else(|| {
        format!(
            "name the Art. 6(1) basis, e.g. \"art6 b\" ({})",
            Art6Basis::expected()
        )
    })?;
    Ok(basis)
}

/// The joint controllers in the form's grammar, one per line.
pub fn joint_lines(joint: &[JointController]) -> String {
    let lines: Vec<String> = joint
        .iter()
        .map(|j| {
            let mut parts = vec![j.name.clone()];
            for (word, text) in [("contact", &j.contact), ("arrangement", &j.arrangement)] {
                if !text.is_empty() {
                    parts.push(format!("{word} {text}"));
                }
            }
            if let Some(day) = j.arrangement_date {
                parts.push(format!("dated {day}"));
            }
            parts.push(format!("answers {}", j.answers.code()));
            parts.join("; ")
        })
        .collect();
    lines.join("\n")
}

/// Reads the joint-controller lines; each starts with the controller's name.
pub fn parse_joint_lines(text: &str) -> Result<Vec<JointController>, BadLine> {
    let needs = format!("start with the joint controller's name: {JOINT_FORM}");
    read_lines(text, &needs, read_joint)
}

fn read_joint(
    name: String,
    parts: &mut dyn Iterator<Item = &str>,
) -> Result<JointController, String> {
    let mut joint = JointController {
        name,
        ..JointController::default()
    };
    for part in parts {
        let (word, rest) = keyword(part);
        match word.as_str() {
            "contact" => joint.contact = rest.to_string(),
            "arrangement" => joint.arrangement = rest.to_string(),
            "dated" => {
                joint.arrangement_date = Some(parse_iso_date(rest).map_err(|e| e.to_string())?)
            }
            "answers" => {
                joint.answers = SubjectContact::parse(rest).ok_or_else(|| {
                    format!(
                        "'{rest}' is not who answers: write {}",
                        SubjectContact::expected()
                    )
                })?;
            }
            _ => {
                return Err(format!(
                    "'{}' is not understood: write {JOINT_FORM}",
                    part.trim()
                ))
            }
        }
    }
    Ok(joint)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    #[test]
    fn joint_controller_lines_read_every_part_and_write_back_the_same() {
        let text = "Nordic IoT Forum AS; contact post@iotforum.example; arrangement JCA-2; dated 2025-09-15; answers each\nMeta Platforms Ireland Limited; answers them";
        let joint = parse_joint_lines(text).unwrap();
        assert_eq!(joint.len(), 2);
        assert_eq!(joint[0].contact, "post@iotforum.example");
        assert_eq!(joint[0].arrangement, "JCA-2");
        assert_eq!(
            joint[0].arrangement_date,
            NaiveDate::from_ymd_opt(2025, 9, 15)
        );
        assert_eq!(joint[0].answers, SubjectContact::Each);
        assert_eq!(
            (joint[1].arrangement.as_str(), joint[1].answers),
            ("", SubjectContact::Them)
        );
        assert_eq!(joint_lines(&joint), text);
        let bad = parse_joint_lines("X; dated 15.09.2025")
            .unwrap_err()
            .to_string();
        assert!(bad.contains("line 1"), "{bad}");
        let bad = parse_joint_lines("X; answers nobody")
            .unwrap_err()
            .to_string();
        assert!(bad.contains("us, them or each"), "{bad}");
        assert!(parse_joint_lines("; contact x").is_err(), "a name first");
    }

    #[test]
    fn category_lines_read_flags_and_retention_and_write_back_the_same() {
        let text = "Contact details; keep 7 years after last contact\n\
                    \n\
                    Sick-leave notes; art9 health; keep 2 years after end of employment\n\
                    Police certificate; art10; keep until the hiring decision";
        let categories = parse_category_lines(text).unwrap();
        assert_eq!(categories.len(), 3, "blank lines are skipped");
        assert_eq!(categories[1].special.as_deref(), Some("health"));
        assert!(categories[2].criminal);
        assert_eq!(
            categories[0].retention.as_ref().unwrap().to_string(),
            "7 years after last contact"
        );
        let written = category_lines(&categories);
        assert_eq!(parse_category_lines(&written).unwrap(), categories);
    }

    #[test]
    fn a_bad_category_line_is_named_with_the_accepted_forms() {
        let error = parse_category_lines("Name\nHealth; art9 health; keep forever").unwrap_err();
        assert_eq!(error.line, 2);
        let error = error.to_string();
        assert!(
            error.starts_with("line 2: 'forever' is not a retention period"),
            "{error}"
        );
        let error = parse_category_lines("Name; secret")
            .unwrap_err()
            .to_string();
        assert!(error.contains("'secret' is not understood") && error.contains(CATEGORY_FORM));
        let error = parse_category_lines("; art10").unwrap_err().to_string();
        assert!(
            error.starts_with("line 1: start with the category's name"),
            "{error}"
        );
    }

    #[test]
    fn basis_lines_need_an_art6_basis_and_read_the_rest() {
        let bases = parse_basis_lines(
            "Newsletter; art6 a; consent double opt-in, unsubscribe link in every mail\n\
             Occupational health; art6 c; art9 b; why Working Environment Act",
        )
        .unwrap();
        assert_eq!(bases[0].art6, Art6Basis::Consent);
        assert!(bases[0].consent_record.starts_with("double opt-in"));
        assert_eq!(bases[1].art9, Some(Art9Condition::Employment));
        assert_eq!(parse_basis_lines(&basis_lines(&bases)).unwrap(), bases);

        let error = parse_basis_lines("Marketing; why LIA-2026-03")
            .unwrap_err()
            .to_string();
        assert!(
            error.starts_with("line 1: name the Art. 6(1) basis"),
            "{error}"
        );
        let error = parse_basis_lines("Marketing; art6 g")
            .unwrap_err()
            .to_string();
        assert!(error.contains("'g' is not an Art. 6(1) basis"), "{error}");
        let error = parse_basis_lines("Care; art6 c; art9 z")
            .unwrap_err()
            .to_string();
        assert!(
            error.contains("'z' is not an Art. 9(2) condition"),
            "{error}"
        );
    }
}
