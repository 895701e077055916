//! Counted nouns in English messages: "1 warning", "2 warnings". One
//! function, so that no message says "1 warnings" or "1 error(s)".

/// `n` and the noun, plural unless `n` is one (regular English plurals).
pub fn counted(n: usize, noun: &str) -> String {
    format!("{n} {}", noun_for(n, noun))
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
    }
}
