//! Fuzzy matching of what a user types against a list of names, as the
//! pickers of helix or yazi do: the letters in order, not necessarily
//! together ("ms365" finds "Microsoft 365"), case and accents ignored.

use nucleo_matcher::pattern::{AtomKind, CaseMatching, Normalization, Pattern};
use nucleo_matcher::{Config, Matcher, Utf32Str};

/// The positions in `names` that `query` matches, best match first; equal
/// matches keep their order in `names`, and matches scoring under half the
/// best are dropped. An empty query matches all, in order.
pub fn ranked<S: AsRef<str>>(query: &str, names: &[S]) -> Vec<usize> {
    let query = query.trim();
    if query.is_empty() {
        return (0..names.len()).collect();
    }
    // Words typed are each matched (in any order), as in those pickers;
    // `Fuzzy` keeps characters such as `!` and `^` literal.
    let pattern = Pattern::new(
        query,
        CaseMatching::Ignore,
        Normalization::Smart,
        AtomKind::Fuzzy,
    );
    let mut matcher = Matcher::new(Config::DEFAULT);
    let mut buffer = Vec::new();
    let mut scored: Vec<(usize, u32)> = names
        .iter()
        .enumerate()
        .filter_map(|(i, name)| {
            let haystack = Utf32Str::new(name.as_ref(), &mut buffer);
            pattern
                .score(haystack, &mut matcher)
                .map(|score| (i, score))
        })
        .collect();
    scored.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    // Letters scattered through a long label ("scc" in "…second subparagraph,
    // compelling…") match too; those far weaker than the best are left out.
    let best = scored.first().map_or(0, |&(_, score)| score);
    scored
        .into_iter()
        .take_while(|&(_, score)| score * 2 >= best)
        .map(|(i, _)| i)
        .collect()
}

/// The name most like `typed` (a misspelling of it), if one is close: what
/// a "did you mean" offers.
pub fn near<'a>(typed: &str, names: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    let typed = typed.trim().to_lowercase();
    names
        .map(|n| (strsim::jaro(&typed, n), n))
        .filter(|(score, _)| *score > 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, n)| n)
}

#[cfg(test)]
mod tests {
    use super::ranked;

    const NAMES: &[&str] = &[
        "Norway",
        "Sweden",
        "United States",
        "Microsoft 365",
        "Mailchimp",
        "Søndre Nordstrand",
    ];

    #[test]
    fn letters_in_order_match_and_the_closest_comes_first() {
        assert_eq!(ranked("ms365", NAMES), vec![3]);
        let mi = ranked("mi", NAMES);
        assert!(mi.starts_with(&[3, 4]) || mi.starts_with(&[4, 3]), "{mi:?}");
        assert_eq!(ranked("SWE", NAMES), vec![1], "case is ignored");
        assert_eq!(ranked("usa", NAMES), vec![2], "u…s…a");
        assert_eq!(ranked("xq", NAMES), Vec::<usize>::new());
        assert_eq!(
            ranked("states united", NAMES),
            vec![2],
            "words in any order"
        );
    }

    #[test]
    fn accents_are_ignored_and_an_empty_query_keeps_the_list() {
        assert_eq!(ranked("sondre", NAMES), vec![5]);
        assert_eq!(ranked("  ", NAMES), vec![0, 1, 2, 3, 4, 5]);
    }
}
