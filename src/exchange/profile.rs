//! How a CSV file is laid out for the program that will open it: the plain
//! RFC 4180 file for scripts, the file a spreadsheet in a Nordic locale opens
//! by double-click, and the authorities' own column layouts for activities.
//! Every profile neutralises cells a spreadsheet would run as a formula.

use std::borrow::Cow;

/// Written first by the spreadsheet profiles: without it Excel reads UTF-8 as
/// the local ANSI code page and "Behandling av søknader" arrives garbled.
pub const BOM: &str = "\u{feff}";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Profile {
    Rfc4180,
    Excel,
    Ico,
    Datatilsynet,
    Imy,
}

impl Profile {
    pub const ALL: &'static [Profile] = &[
        Profile::Rfc4180,
        Profile::Excel,
        Profile::Ico,
        Profile::Datatilsynet,
        Profile::Imy,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Profile::Rfc4180 => "rfc4180",
            Profile::Excel => "excel",
            Profile::Ico => "ico",
            Profile::Datatilsynet => "datatilsynet",
            Profile::Imy => "imy",
        }
    }

    pub fn description(self) -> &'static str {
        match self {
            Profile::Rfc4180 => "UTF-8, comma, CRLF, header row (for scripts)",
            Profile::Excel => "UTF-8 with BOM, semicolon (Excel/LibreOffice, Nordic locale)",
            Profile::Ico => "activities in the ICO controller template's columns",
            Profile::Datatilsynet => "activities in Datatilsynet's protocol columns (Norwegian)",
            Profile::Imy => "activities as a Swedish registerförteckning, in the Art. 30 wording IMY's guidance restates",
        }
    }

    pub fn parse(name: &str) -> Result<Profile, String> {
        Profile::ALL
            .iter()
            .copied()
            .find(|p| p.name().eq_ignore_ascii_case(name.trim()))
            .ok_or_else(|| {
                let known: Vec<&str> = Profile::ALL.iter().map(|p| p.name()).collect();
                let near = crate::platform::fuzzy::near(name, known.iter().copied())
                    .map_or(String::new(), |n| format!(" (did you mean {n}?)"));
                format!(
                    "unknown profile '{}'{near}; the profiles are: {}",
                    name.trim(),
                    known.join(", ")
                )
            })
    }

    /// The delimiter and byte-order mark of the files this profile writes.
    pub fn format(self) -> CsvFormat {
        match self {
            Profile::Rfc4180 => CsvFormat {
                delimiter: b',',
                bom: false,
            },
            // Nordic and most continental locales use ";" as list separator.
            Profile::Excel | Profile::Datatilsynet | Profile::Imy => CsvFormat {
                delimiter: b';',
                bom: true,
            },
            // A UK spreadsheet separates with commas.
            Profile::Ico => CsvFormat {
                delimiter: b',',
                bom: true,
            },
        }
    }

    /// Whether the profile is one of the authorities' layouts, which exist
    /// for the activities table only and are not read back by the import.
    pub fn is_authority_layout(self) -> bool {
        matches!(self, Profile::Ico | Profile::Datatilsynet | Profile::Imy)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CsvFormat {
    pub delimiter: u8,
    pub bom: bool,
}

impl CsvFormat {
    pub fn with_delimiter(self, delimiter: Option<u8>) -> CsvFormat {
        CsvFormat {
            delimiter: delimiter.unwrap_or(self.delimiter),
            ..self
        }
    }
}

/// Reads a `--delimiter` value: one ASCII character, or `tab`.
pub fn parse_delimiter(text: &str) -> Result<u8, String> {
    match text {
        "tab" | "\\t" | "\t" => Ok(b'\t'),
        t if t.len() == 1 && t.is_ascii() && !matches!(t, "\"" | "\r" | "\n") => {
            Ok(t.as_bytes()[0])
        }
        t => Err(format!(
            "'{t}' cannot separate cells: give one character such as , ; | or the word tab"
        )),
    }
}

/// The characters that make a spreadsheet treat a cell as a formula (OWASP,
/// "CSV Injection"): `=`, `+`, `-`, `@`, tab and carriage return.
fn is_trigger(c: char) -> bool {
    matches!(c, '=' | '+' | '-' | '@' | '\t' | '\r')
}

/// Text a spreadsheet in a Nordic locale would turn into a number or a date
/// on opening: "924 681 357" (space as thousands separator), version "3.2"
/// (3 February), "1,5", "12:30", a postcode "0150" (loses its zero), an
/// agreement version "2024-09" (September 2024), "1e5", "100%", "(123)" and
/// "5-" (numbers, percent, negatives), a SIM card's 20 digits (more than a
/// spreadsheet's 15 significant ones). Whole numbers of up to 15 digits
/// without a leading zero and ISO dates are left to be numbers and dates,
/// which is what they are.
fn is_number_like(text: &str) -> bool {
    // One pair of brackets and one sign after at most (a loop over them
    // would let a cell of a million '%' run the stack out).
    let (inner, marked) = match text.strip_prefix('(').and_then(|t| t.strip_suffix(')')) {
        Some(inner) => (inner, true),
        None => (text, false),
    };
    let (number, marked) = match inner.strip_suffix(['%', '-']) {
        Some(number) => (number, true),
        None => (inner, marked),
    };
    if marked {
        return is_digits(number) || is_plain_number_like(number);
    }
    is_plain_number_like(text)
}

/// `is_number_like` without brackets or a sign after.
fn is_plain_number_like(text: &str) -> bool {
    if is_scientific(text) {
        return true;
    }
    if text.contains('-') {
        return is_dashed_date(text) && !is_iso_date(text);
    }
    let bytes = text.as_bytes();
    if is_digits(text) {
        return (bytes.len() > 1 && bytes[0] == b'0') || bytes.len() > 15;
    }
    bytes.first().is_some_and(u8::is_ascii_digit)
        && bytes.last().is_some_and(u8::is_ascii_digit)
        && bytes
            .iter()
            .all(|b| b.is_ascii_digit() || matches!(b, b' ' | b'.' | b',' | b'/' | b':'))
}

/// One or more ASCII digits and nothing else.
fn is_digits(text: &str) -> bool {
    !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit())
}

/// `1e5`, `2.5E3`, `12e-2`: a number in scientific notation.
fn is_scientific(text: &str) -> bool {
    let Some((mantissa, exponent)) = text.split_once(['e', 'E']) else {
        return false;
    };
    let exponent = exponent.strip_prefix(['+', '-']).unwrap_or(exponent);
    let (whole, fraction) = mantissa.split_once(['.', ',']).unwrap_or((mantissa, "0"));
    is_digits(whole) && is_digits(fraction) && is_digits(exponent)
}

/// Two or three groups of at most four digits joined by dashes (`2024-09`,
/// `1-2`): what a spreadsheet reads as a date. A Swedish organisation
/// number (`559214-3860`) is not of that shape and stays as it is.
fn is_dashed_date(text: &str) -> bool {
    let groups: Vec<&str> = text.split('-').collect();
    (2..=3).contains(&groups.len())
        && groups
            .iter()
            .all(|g| (1..=4).contains(&g.len()) && g.bytes().all(|b| b.is_ascii_digit()))
}

/// `YYYY-MM-DD`: a date, written as the export writes dates.
fn is_iso_date(text: &str) -> bool {
    text.len() == 10 && chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d").is_ok()
}

/// Whether the export puts a `'` before `text`: text a spreadsheet would run
/// as a formula, in every profile; text it would turn into a number or date,
/// for a `spreadsheet` profile — and in every profile when quotes stand
/// before it already, so that one rule undoes both (a file saved again by a
/// spreadsheet has lost the byte-order mark that told them apart).
fn needs_quote(text: &str, spreadsheet: bool) -> bool {
    let rest = text.trim_start_matches('\'');
    rest.starts_with(is_trigger)
        || ((spreadsheet || rest.len() < text.len()) && is_number_like(rest))
}

/// Prefixes a cell a spreadsheet would run as a formula with `'`, so it shows
/// as text; for a `spreadsheet` profile also a cell it would turn into a
/// number or date. A cell that already starts with quotes before such text
/// gets one more, which is what lets [`restore`] undo exactly this and nothing else.
pub fn neutralise_for(cell: &str, spreadsheet: bool) -> Cow<'_, str> {
    if needs_quote(cell, spreadsheet) {
        Cow::Owned(format!("'{cell}"))
    } else {
        Cow::Borrowed(cell)
    }
}

/// Formula neutralisation as every profile does it.
pub fn neutralise(cell: &str) -> Cow<'_, str> {
    neutralise_for(cell, false)
}

/// Undoes [`neutralise_for`] of either profile: removes the one quote it
/// added, whether or not the file still has its byte-order mark.
pub fn restore(cell: &str) -> &str {
    match cell.strip_prefix('\'') {
        Some(rest) if needs_quote(rest, true) => rest,
        _ => cell,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formula_triggers_are_prefixed_with_a_quote() {
        for payload in [
            "=HYPERLINK(\"http://evil.example\",\"Click\")",
            "+cmd|' /C calc'!A0",
            "@SUM(1+1)*cmd|' /C calc'!A0",
            "-2+3",
            "\tTAB",
            "\rCR",
        ] {
            assert_eq!(neutralise(payload), format!("'{payload}"), "{payload:?}");
        }
    }

    #[test]
    fn ordinary_cells_are_left_alone() {
        for cell in [
            "",
            "Behandling av søknader",
            "2026-11-23",
            "a=b",
            "'quoted",
            "x-1",
        ] {
            assert_eq!(neutralise(cell), cell);
        }
    }

    #[test]
    fn restore_undoes_neutralise_exactly() {
        for cell in [
            "",
            "=1+1",
            "'=1+1",
            "''=1",
            "'",
            "''",
            "'plain",
            "-",
            "@",
            "+47 22 00 00 00",
            "plain",
            "x=1",
            "\t",
            "'\t",
        ] {
            assert_eq!(restore(&neutralise(cell)), cell, "{cell:?}");
        }
    }

    #[test]
    fn spreadsheet_profiles_keep_number_like_text_as_text() {
        for cell in [
            "924 681 357",
            "3.2",
            "1,5",
            "12:30",
            "0150",
            "01/02",
            "'3.2",
            "2024-09",
            "1-2",
            "2026-13-45",
            "1e5",
            "2.5E3",
            "12e-2",
            "100%",
            "(123)",
            "5-",
            "89470000000000000001",
        ] {
            assert_eq!(neutralise_for(cell, true), format!("'{cell}"), "{cell:?}");
            assert_eq!(restore(&neutralise_for(cell, true)), cell);
            let plain = neutralise_for(cell, false);
            assert_eq!(
                plain,
                if cell.starts_with('\'') {
                    format!("'{cell}")
                } else {
                    cell.to_string()
                }
            );
            assert_eq!(restore(&plain), cell);
        }
        for cell in [
            "19",
            "0",
            "2026-11-23",
            "v3.2",
            "3.2a",
            "",
            "Oslo 0150",
            "'x",
            "559214-3860",
            "2026-12-01T09:00:00Z",
            "123456789012345",
            "e5",
            "1e",
            "Art. 6(1)(b)",
            "(a)",
            "50 % rabatt",
            "1%%%%",
            "((1))",
        ] {
            assert_eq!(neutralise_for(cell, true), cell, "{cell:?}");
            assert_eq!(restore(cell), cell);
        }
    }

    /// A spreadsheet saving the file again drops its byte-order mark: the
    /// quotes the `excel` profile put before number-like text still come
    /// off, and a value's own quote still stays, in either profile.
    #[test]
    fn a_round_trip_needs_no_byte_order_mark() {
        for value in [
            "3.2", "'3.2", "''3.2", "0150", "'0150", "=1", "'=1", "'x", "19",
        ] {
            for spreadsheet in [true, false] {
                let written = neutralise_for(value, spreadsheet);
                assert_eq!(restore(&written), value, "{value:?} {spreadsheet}");
            }
        }
    }

    #[test]
    fn restore_leaves_cells_that_were_not_neutralised() {
        assert_eq!(restore("'plain"), "'plain");
        assert_eq!(restore("=raw"), "=raw");
    }

    #[test]
    fn profiles_and_delimiters_parse() {
        assert_eq!(Profile::parse("Excel"), Ok(Profile::Excel));
        assert!(Profile::parse("xlsx")
            .unwrap_err()
            .contains("rfc4180, excel, ico"));
        assert_eq!(parse_delimiter(";"), Ok(b';'));
        assert_eq!(parse_delimiter("tab"), Ok(b'\t'));
        assert!(parse_delimiter("ab").is_err());
        assert!(parse_delimiter("\"").is_err());
        assert!(Profile::Excel.format().bom);
        assert_eq!(Profile::Excel.format().delimiter, b';');
        assert!(!Profile::Rfc4180.format().bom);
    }
}
