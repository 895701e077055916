//! Text from a register is data, never terminal control. Input refuses
//! control characters (forms and import, by field); output shows any that an
//! older register holds as visible escapes and neutralises the bidirectional
//! controls that could make a line read otherwise than it is ("Trojan
//! Source"), for people and in JSON alike.

use std::borrow::Cow;

/// C0 controls (but the line break and tab a multi-line field may hold),
/// DEL, and C1 controls (U+0080–U+009F: some terminals obey them as escapes).
fn is_control(c: char, multi_line: bool) -> bool {
    match c {
        '\n' | '\t' => !multi_line,
        // A line break as CRLF is a line break too.
        '\r' => !multi_line,
        c => c.is_control(),
    }
}

/// A count with its thousands grouped by commas, as the progress bars and
/// messages write them: `1,234,567`.
pub fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// `text` in Unicode's composed form (NFC): "e" + a combining acute as "é".
/// Canonically the same text, one cursor stop per letter.
pub fn composed(text: &str) -> String {
    use unicode_normalization::{is_nfc_quick, IsNormalized, UnicodeNormalization};
    // Most text is composed already (all of ASCII is): checked at a glance,
    // not composed again (4% of a large import's time).
    if is_nfc_quick(text.chars()) == IsNormalized::Yes {
        return text.to_string();
    }
    text.nfc().collect()
}

/// A filter as the register's search text is kept: trimmed, composed, lower case.
pub fn search_form(filter: &str) -> String {
    composed(filter.trim()).to_lowercase()
}

/// The bidirectional embeddings, overrides, isolates and marks (U+202A–
/// U+202E, U+2066–U+2069, LRM, RLM, ALM): they reorder what follows them on
/// screen; and the characters that show nothing and hide text (zero width
/// space, word joiner and invisible operators, the BOM as a zero-width
/// space, line and paragraph separators, the tag characters that smuggle
/// text unseen). Joiners (U+200C, U+200D) are left: scripts and emoji need them.
pub fn is_bidi_control(c: char) -> bool {
    matches!(
        c,
        '\u{202A}'..='\u{202E}'
            | '\u{2066}'..='\u{2069}'
            | '\u{200E}'
            | '\u{200F}'
            | '\u{061C}'
            | '\u{200B}'
            | '\u{2060}'..='\u{2064}'
            | '\u{FEFF}'
            | '\u{2028}'
            | '\u{2029}'
            | '\u{E0000}'..='\u{E007F}'
    )
}

/// Why `text` may not be stored as a field's value: it holds a control
/// character (line breaks and tabs only in a `multi_line` field).
pub fn control_character_problem(text: &str, multi_line: bool) -> Option<String> {
    // In UTF-8 a control character is a byte below 0x20, DEL, or U+0080 to
    // U+009F, led by 0xC2: text without these bytes (nearly all) holds none,
    // and is not read again character by character (an import reads every cell).
    if !text.bytes().any(|b| b < 0x20 || b == 0x7f || b == 0xc2) {
        return None;
    }
    let (position, c) = text
        .chars()
        .enumerate()
        .find(|&(_, c)| is_control(c, multi_line))?;
    let what = match c {
        '\n' | '\r' => "a line break".to_string(),
        '\t' => "a tab".to_string(),
        c => format!("a control character ({})", code_point(c)),
    };
    Some(format!(
        "holds {what} at character {}: {}",
        position + 1,
        if multi_line {
            "only line breaks and tabs may be part of this text"
        } else {
            "this is one line of text"
        }
    ))
}

/// `U+001B`.
fn code_point(c: char) -> String {
    format!("U+{:04X}", c as u32)
}

/// `text` as a person may safely see it in a terminal: control characters
/// (line breaks and tabs kept; a CRLF becomes a line break, a lone carriage
/// return, which would let the rest overwrite the line, is shown) and
/// bidirectional controls shown as `<U+XXXX>`.
pub fn visible(text: &str) -> Cow<'_, str> {
    let hidden = |c: char| c == '\r' || is_control(c, true) || is_bidi_control(c);
    if !text.contains(hidden) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\r' && chars.peek() == Some(&'\n') {
            continue;
        }
        if hidden(c) {
            out.push('<');
            out.push_str(&code_point(c));
            out.push('>');
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// `visible`, and a line break or tab shown too: for text that must stay
/// on its line, such as a file's name in a list (a name holding a line
/// break would otherwise forge a line of its own).
pub fn visible_on_one_line(text: &str) -> Cow<'_, str> {
    if !text.contains(['\n', '\t']) {
        return visible(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        if matches!(c, '\n' | '\t') {
            out.push('<');
            out.push_str(&code_point(c));
            out.push('>');
        } else {
            out.push(c);
        }
    }
    Cow::Owned(visible(&out).into_owned())
}

/// JSON text (as serde_json writes it, which escapes C0 only) with C1
/// controls, DEL and bidirectional controls escaped as `\uXXXX` too: the
/// value is the same to a JSON reader, and inert in a terminal.
pub fn escape_json(json: &str) -> Cow<'_, str> {
    let hidden = |c: char| c.is_control() || is_bidi_control(c);
    // Outside strings JSON holds only ASCII structure, where none of these
    // can occur: every one found is inside a string.
    let needs = |c: char| hidden(c) && !matches!(c, '\n' | '\t' | '\r' | ' ');
    if !json.contains(needs) {
        return Cow::Borrowed(json);
    }
    let mut out = String::with_capacity(json.len() + 16);
    for c in json.chars() {
        if needs(c) {
            // Beyond the first plane (the tag characters) as JSON writes
            // such a character: its two UTF-16 halves.
            let mut halves = [0u16; 2];
            for half in c.encode_utf16(&mut halves) {
                out.push_str(&format!("\\u{half:04x}"));
            }
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_count_groups_its_thousands() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1000), "1,000");
        assert_eq!(thousands(1_234_567), "1,234,567");
    }

    #[test]
    fn a_field_refuses_control_characters_and_line_breaks_where_it_is_one_line() {
        assert_eq!(control_character_problem("Acme AS", false), None);
        assert_eq!(control_character_problem("Line 1\nLine 2\tx", true), None);
        let title = control_character_problem("Acme\u{1b}]0;pwned\u{7}", false).unwrap();
        assert!(
            title.contains("U+001B") && title.contains("character 5"),
            "{title}"
        );
        assert!(control_character_problem("a\u{85}b", true)
            .unwrap()
            .contains("U+0085"));
        assert!(control_character_problem("a\u{7f}", true)
            .unwrap()
            .contains("U+007F"));
        assert!(control_character_problem("two\nlines", false)
            .unwrap()
            .contains("a line break"));
        assert!(control_character_problem("crlf\r\n", true).is_none());
        // Letters of every script, and bidi text, are text.
        assert_eq!(control_character_problem("Ærø Øst AB — عربي", false), None);
        // Led by the same byte as the C1 controls, and no control.
        assert_eq!(control_character_problem("£100 © ¡Hola!", false), None);
        assert!(control_character_problem("£\u{9f}", true).is_some());
    }

    #[test]
    fn output_shows_controls_and_bidi_overrides_as_escapes() {
        assert_eq!(visible("Acme AS"), "Acme AS");
        assert_eq!(visible("a\u{1b}[2Jb"), "a<U+001B>[2Jb");
        assert_eq!(visible("x\u{9b}31m"), "x<U+009B>31m");
        assert_eq!(visible("abc\u{202e}fed"), "abc<U+202E>fed");
        assert_eq!(visible("\u{2066}iso\u{2069}"), "<U+2066>iso<U+2069>");
        assert_eq!(visible("two\nlines\tand a tab"), "two\nlines\tand a tab");
        assert_eq!(visible("\u{7}bell"), "<U+0007>bell");
        assert_eq!(visible("crlf\r\nok\rspoof"), "crlf\nok<U+000D>spoof");
        assert_eq!(
            visible("A\u{200f}B\u{200b}C\u{e0041}"),
            "A<U+200F>B<U+200B>C<U+E0041>"
        );
        assert_eq!(
            visible("emoji 👩\u{200d}💻 stays"),
            "emoji 👩\u{200d}💻 stays"
        );
        assert_eq!(visible_on_one_line("n\nl.dpo"), "n<U+000A>l.dpo");
        assert_eq!(visible_on_one_line("a\tb\u{1b}"), "a<U+0009>b<U+001B>");
    }

    #[test]
    fn json_escapes_c1_and_bidi_controls_and_keeps_the_value() {
        let value = serde_json::json!({"name": "a\u{85}b\u{202e}c\u{1b}"});
        let text = serde_json::to_string_pretty(&value).unwrap();
        let safe = escape_json(&text);
        assert!(!safe.contains('\u{85}') && !safe.contains('\u{202e}'));
        assert!(
            safe.contains("\\u0085") && safe.contains("\\u202e"),
            "{safe}"
        );
        let back: serde_json::Value = serde_json::from_str(&safe).unwrap();
        assert_eq!(back, value);
        // A tag character (in the flags of Scotland, England and Wales).
        let value = serde_json::json!({"name": "a\u{e0067}b"});
        let safe = escape_json(&serde_json::to_string(&value).unwrap()).into_owned();
        assert!(safe.contains("\\udb40\\udc67"), "{safe}");
        let back: serde_json::Value = serde_json::from_str(&safe).unwrap();
        assert_eq!(back, value);
        assert_eq!(escape_json("{\n  \"a\": 1\n}"), "{\n  \"a\": 1\n}");
    }
}
