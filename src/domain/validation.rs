//! Field-level validation results shared by every record type: the form shows
//! them next to the field, the CLI and the CSV import print them with the field name.

use std::fmt;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldError {
    /// The record's field key (the same name as the CSV column).
    pub field: &'static str,
    pub message: String,
}

impl FieldError {
    /// `message` is any text or rule error; its `Display` is what users see.
    pub fn new(field: &'static str, message: impl fmt::Display) -> Self {
        Self {
            field,
            message: message.to_string(),
        }
    }
}

impl fmt::Display for FieldError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.field, self.message)
    }
}

/// All the problems of one record, in field order; empty means valid.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FieldErrors(pub Vec<FieldError>);

impl FieldErrors {
    pub fn push(&mut self, field: &'static str, message: impl fmt::Display) {
        self.0.push(FieldError::new(field, message));
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn get(&self, field: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|e| e.field == field)
            .map(|e| e.message.as_str())
    }

    /// For tests: fails, listing every problem, unless `field`'s says `words`.
    #[cfg(test)]
    #[track_caller]
    pub fn assert_says(&self, field: &str, words: &str) {
        assert!(
            self.get(field).is_some_and(|said| said.contains(words)),
            "{field} should say {words:?}; the problems: {:?}",
            self.0
        );
    }

    /// `Ok(value)` when nothing was pushed, so validators end with `errors.into_result(record)`.
    pub fn into_result<T>(self, value: T) -> Result<T, FieldErrors> {
        if self.0.is_empty() {
            Ok(value)
        } else {
            Err(self)
        }
    }
}

impl fmt::Display for FieldErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let parts: Vec<String> = self.0.iter().map(ToString::to_string).collect();
        f.write_str(&parts.join("; "))
    }
}

impl std::error::Error for FieldErrors {}

/// Longest text a one-line field takes; beyond this it is almost certainly a paste error.
pub const MAX_LINE_CHARS: usize = 300;
/// Longest free text (notes, addresses).
pub const MAX_TEXT_CHARS: usize = 20_000;

/// Trims a required one-line value, recording a message when it is empty or too long.
pub fn required_line(errors: &mut FieldErrors, field: &'static str, value: &str) -> String {
    let value = value.trim();
    if value.is_empty() {
        errors.push(field, "required");
    } else {
        check_line(errors, field, value);
    }
    value.to_string()
}

/// Trims an optional one-line value; empty is fine.
pub fn optional_line(errors: &mut FieldErrors, field: &'static str, value: &str) -> String {
    let value = value.trim();
    check_line(errors, field, value);
    value.to_string()
}

/// Trims surrounding blank space of free text but keeps its inner line breaks.
pub fn optional_text(errors: &mut FieldErrors, field: &'static str, value: &str) -> String {
    let value = value.trim();
    if value.chars().count() > MAX_TEXT_CHARS {
        errors.push(field, format!("at most {MAX_TEXT_CHARS} characters"));
    }
    value.to_string()
}

/// Why a value is refused for a one-line field.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LineError {
    #[error("must be a single line")]
    MultiLine,
    /// Longer than `MAX_LINE_CHARS`.
    #[error("at most {max} characters", max = MAX_LINE_CHARS)]
    TooLong,
}

/// What is wrong with `value` as a one-line field, if anything.
fn line_error(value: &str) -> Option<LineError> {
    if value.contains(['\n', '\r']) {
        Some(LineError::MultiLine)
    } else if value.chars().count() > MAX_LINE_CHARS {
        Some(LineError::TooLong)
    } else {
        None
    }
}

fn check_line(errors: &mut FieldErrors, field: &'static str, value: &str) {
    if let Some(error) = line_error(value) {
        errors.push(field, error);
    }
}

/// An e-mail address good enough to write to: one `@`, a local part, a dotted
/// domain, no spaces. Full RFC 5322 is not the point; catching typos is.
pub fn is_plausible_email(value: &str) -> bool {
    let Some((local, domain)) = value.split_once('@') else {
        return false;
    };
    !local.is_empty()
        && !domain.contains('@')
        && !value.chars().any(char::is_whitespace)
        && domain.contains('.')
        && domain.split('.').all(|label| !label.is_empty())
}

/// Why an e-mail field is refused: the first thing wrong with it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EmailError {
    #[error(transparent)]
    Line(#[from] LineError),
    #[error("'{0}' is not an e-mail address (name@example.com)")]
    NotAnAddress(String),
}

/// An optional e-mail address, trimmed; the first thing wrong with it.
pub fn parse_email(value: &str) -> Result<String, EmailError> {
    let value = value.trim();
    if let Some(error) = line_error(value) {
        return Err(error.into());
    }
    if !value.is_empty() && !is_plausible_email(value) {
        return Err(EmailError::NotAnAddress(value.to_string()));
    }
    Ok(value.to_string())
}

/// A line of a multi-line field that cannot be read: which line, and why.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("line {line}: {problem}")]
pub struct BadLine {
    /// 1-based, as an editor numbers it.
    pub line: usize,
    pub problem: String,
}

impl BadLine {
    /// The problem `problem` on the `index`th line (0-based).
    pub fn at(index: usize, problem: impl Into<String>) -> Self {
        BadLine {
            line: index + 1,
            problem: problem.into(),
        }
    }
}

/// Whether a reference only holds its place: empty, punctuation, or words
/// that say it is not written yet ("TBD", "to be written", "kommer",
/// "skrivs senare"). Such a reference counts as missing.
pub fn is_placeholder(text: &str) -> bool {
    const WORDS: &[&str] = &[
        "tbd", "tbc", "tba", "todo", "xxx", "pending", "later", "wip", "draft", "kommer", "senere",
        "senare", "mangler", "saknas", "ukjent", "okänd",
    ];
    const OPENINGS: &[&str] = &[
        "to be ",
        "to do",
        "not yet",
        "not written",
        "will be ",
        "coming",
        "ikke ennå",
        "ikke skrevet",
        "skal skrives",
        "skrives",
        "inte än",
        "ej klar",
        "skrivs",
    ];
    let lower = text.trim().to_lowercase();
    let words: Vec<&str> = lower
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    words.is_empty() || WORDS.contains(&words[0]) || OPENINGS.iter().any(|o| lower.starts_with(o))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_reference_that_only_holds_its_place_is_missing() {
        for text in [
            "",
            " ",
            "-",
            "?",
            "…",
            "TBD",
            "tbd: marketing LIA",
            "To be written",
            "TODO",
            "Kommer",
            "skrives senere",
            "Skrivs senare",
            "not yet done",
            "xxx",
        ] {
            assert!(is_placeholder(text), "{text:?}");
        }
        for text in [
            "LIA-2025-04",
            "Balancing test of 2025-03-01 (intranet/privacy/lia-marketing.pdf)",
            "Interesseavveining 12.03.2025",
            "Intresseavvägning IA-7",
        ] {
            assert!(!is_placeholder(text), "{text:?}");
        }
    }

    #[test]
    fn required_line_trims_and_flags_empty() {
        let mut errors = FieldErrors::default();
        assert_eq!(required_line(&mut errors, "name", "  Acme AS "), "Acme AS");
        assert!(errors.is_empty());
        required_line(&mut errors, "name", "   ");
        assert_eq!(errors.get("name"), Some("required"));
    }

    #[test]
    fn one_line_fields_refuse_line_breaks_and_overlong_values() {
        let mut errors = FieldErrors::default();
        optional_line(&mut errors, "service", "a\nb");
        assert_eq!(errors.get("service"), Some("must be a single line"));
        let mut errors = FieldErrors::default();
        optional_line(&mut errors, "service", &"x".repeat(MAX_LINE_CHARS + 1));
        assert!(errors.get("service").unwrap().starts_with("at most"));
    }

    #[test]
    fn free_text_keeps_inner_line_breaks() {
        let mut errors = FieldErrors::default();
        assert_eq!(optional_text(&mut errors, "notes", "\n a\nb \n"), "a\nb");
        assert!(errors.is_empty());
    }

    #[test]
    fn email_plausibility() {
        for good in ["dpo@example.no", "a.b+c@mail.example.com"] {
            assert!(is_plausible_email(good), "{good}");
        }
        for bad in [
            "",
            "dpo",
            "dpo@",
            "@example.no",
            "dpo@example",
            "d po@example.no",
            "a@b@c.no",
            "a@b..no",
        ] {
            assert!(!is_plausible_email(bad), "{bad}");
        }
    }

    #[test]
    fn email_errors_say_what_is_wrong_first() {
        assert_eq!(
            parse_email("  dpo@example.no "),
            Ok("dpo@example.no".into())
        );
        assert_eq!(
            parse_email("  "),
            Ok(String::new()),
            "the field is optional"
        );
        let err = parse_email(" dpo@example ").unwrap_err();
        assert_eq!(err, EmailError::NotAnAddress("dpo@example".into()));
        assert_eq!(
            err.to_string(),
            "'dpo@example' is not an e-mail address (name@example.com)"
        );
        let err = parse_email("dpo\n@example.no").unwrap_err();
        assert_eq!(err, EmailError::Line(LineError::MultiLine));
        assert_eq!(err.to_string(), "must be a single line");
        let long = format!("{}@example.no", "x".repeat(MAX_LINE_CHARS));
        assert_eq!(
            parse_email(&long).unwrap_err().to_string(),
            format!("at most {MAX_LINE_CHARS} characters")
        );
    }

    #[test]
    fn errors_display_with_field_names() {
        let mut errors = FieldErrors::default();
        errors.push("name", "required");
        errors.push("country", "'XX' is not an ISO 3166-1 alpha-2 code");
        assert_eq!(
            errors.to_string(),
            "name: required; country: 'XX' is not an ISO 3166-1 alpha-2 code"
        );
        assert!(errors.clone().into_result(()).is_err());
        assert_eq!(FieldErrors::default().into_result(5), Ok(5));
    }
}
