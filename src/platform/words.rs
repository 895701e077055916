//! Counted nouns in English messages: "1 warning", "2 warnings". One
//! function, so that no message says "1 warnings" or "1 error(s)".

/// `n` and the noun, plural unless `n` is one (regular English plurals).
pub fn counted(n: usize, noun: &str) -> String {
    format!("{n} {}", noun_for(n, noun))
}

/// `n` and the singular or plural given, for a noun whose plural is not
/// the singular and an "s" ("record of processing", "activity").
pub fn counted_as(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// The noun alone, plural unless `n` is one.
pub fn noun_for(n: usize, noun: &str) -> String {
    if n == 1 {
        noun.to_string()
    } else {
        format!("{noun}s")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_is_singular_every_other_count_plural() {
        assert_eq!(counted(1, "warning"), "1 warning");
        assert_eq!(counted(0, "warning"), "0 warnings");
        assert_eq!(counted(2, "error"), "2 errors");
        assert_eq!(noun_for(1, "record"), "record");
        assert_eq!(
            counted_as(2, "record of processing", "records of processing"),
            "2 records of processing"
        );
    }
}
