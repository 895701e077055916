//! Everything the command line prints. Text from a register is data, never
//! terminal control: lines for people show control and bidirectional
//! characters as `<U+XXXX>`; JSON escapes them as `\uXXXX`, the same value
//! to a reader (`domain::text`).

/// `println!` for people: what it prints is shown safely.
macro_rules! say {
    () => {
        println!()
    };
    ($($arg:tt)*) => {
        println!("{}", $crate::domain::text::visible(&format!($($arg)*)))
    };
}

/// `eprintln!` for people, as `say!`.
macro_rules! tell {
    ($($arg:tt)*) => {
        eprintln!("{}", $crate::domain::text::visible(&format!($($arg)*)))
    };
}

/// Prints `doc` as indented JSON, its control characters escaped.
pub(crate) fn print_json(doc: &serde_json::Value) {
    let text = serde_json::to_string_pretty(doc).unwrap_or_else(|_| doc.to_string());
    println!("{}", crate::domain::text::escape_json(&text));
}

/// Prints `doc` as indented JSON in the order its fields are declared.
pub(crate) fn print_json_of<T: serde::Serialize>(doc: &T) {
    match serde_json::to_string_pretty(doc) {
        Ok(text) => println!("{}", crate::domain::text::escape_json(&text)),
        Err(_) => print_json(&serde_json::json!(null)),
    }
}

/// Prints `doc` as one line of JSON (JSON Lines), its control characters escaped.
pub(crate) fn print_json_line(doc: &serde_json::Value) {
    println!("{}", crate::domain::text::escape_json(&doc.to_string()));
}
