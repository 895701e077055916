//! Fitting text into a width: shortening with "…" and wrapping at words.
//! Both show a control or bidirectional character that a register holds as
//! `<U+XXXX>` (ratatui would leave a control out unseen; see `domain::text`).

use unicode_segmentation::UnicodeSegmentation;
use unicode_width::UnicodeWidthStr;

use crate::domain::text::visible;

/// How many columns `text` takes on screen (a CJK character or an emoji two,
/// A key typed into a query (a list's filter, the palette's, the
/// switcher's): a letter added, Backspace one taken off, Ctrl-U all;
/// `false` for any other key, which leaves it as it was.
pub fn edit_query(query: &mut String, key: crossterm::event::KeyEvent) -> bool {
    use crossterm::event::{KeyCode, KeyModifiers};
    let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
    match key.code {
        KeyCode::Char('u') if ctrl => query.clear(),
        KeyCode::Char(c) if !ctrl => query.push(c),
        KeyCode::Backspace => drop(query.pop()),
        _ => return false,
    }
    true
}

/// a combining mark none).
pub fn columns(text: &str) -> usize {
    UnicodeWidthStr::width(text)
}

/// The longest start of `text` that fits in `width` columns, cut between
/// grapheme clusters (an emoji with its variation selector stays whole).
fn start_within(text: &str, width: usize) -> &str {
    let mut used = 0;
    for (at, grapheme) in text.grapheme_indices(true) {
        used += columns(grapheme);
        if used > width {
            return &text[..at];
        }
    }
    text
}

/// `text` cut to `width` columns, ending in "…" when it was longer.
pub fn fit(text: &str, width: usize) -> String {
    let text = visible(text);
    if columns(&text) <= width {
        return text.to_string();
    }
    if width == 0 {
        return String::new();
    }
    format!("{}…", start_within(&text, width - 1))
}

/// A path cut in the middle to `width` columns, its file name kept whole
/// while it fits: "~/clients/…/acme.dpo".
pub fn fit_middle(text: &str, width: usize) -> String {
    let text = visible(text);
    if columns(&text) <= width {
        return text.to_string();
    }
    // The name with the slash before it, so the cut reads "…/acme.dpo".
    let name_at = text.rfind('/').unwrap_or(0);
    let name = &text[name_at..];
    if columns(name) + 1 > width {
        return fit(name.trim_start_matches('/'), width);
    }
    let head = start_within(&text[..name_at], width - 1 - columns(name));
    format!("{head}…{name}")
}

/// A footer of hints (" a add · e edit · ? help ") in `width` columns: whole
/// hints dropped from the end, the last one (the help) kept, rather than a
/// hint cut in the middle.
pub fn fit_hints(line: &str, width: usize) -> String {
    if columns(line) <= width {
        return line.to_string();
    }
    let mut hints: Vec<&str> = line.trim().split(" · ").collect();
    let last = hints.pop();
    let join = |hints: &[&str]| {
        let all: Vec<&str> = hints.iter().copied().chain(last).collect();
        format!(" {} ", all.join(" · "))
    };
    while !hints.is_empty() && columns(&join(&hints)) > width {
        hints.pop();
    }
    fit(&join(&hints), width)
}

/// `text` broken into lines of at most `width` columns, at spaces where
/// possible; a word longer than the width is split.
pub fn wrap_words(text: &str, width: usize) -> Vec<String> {
    let text = visible(text);
    let width = width.max(1);
    let mut lines = Vec::new();
    for paragraph in text.lines() {
        let mut line = String::new();
        for word in paragraph.split(' ') {
            let mut word = word;
            loop {
                let used = columns(&line);
                let gap = usize::from(!line.is_empty());
                if used + gap + columns(word) <= width {
                    if gap == 1 {
                        line.push(' ');
                    }
                    line.push_str(word);
                    break;
                }
                if !line.is_empty() {
                    lines.push(std::mem::take(&mut line));
                    continue;
                }
                // A word wider than the line: as much as fits (at least one grapheme).
                let mut head = start_within(word, width);
                if head.is_empty() {
                    head = word.graphemes(true).next().unwrap_or(word);
                }
                lines.push(head.to_string());
                word = &word[head.len()..];
                if word.is_empty() {
                    break;
                }
            }
        }
        lines.push(line);
    }
    if lines.is_empty() {
        lines.push(String::new());
    }
    lines
}

/// A list joined by " · " broken into lines of at most `width` columns
/// between its items where it can ("+47 61 00 00 00" is not split), an item
/// wider than the line at spaces.
pub fn wrap_list(text: &str, width: usize) -> Vec<String> {
    // Lines of its own (an address) stay lines.
    if text.contains('\n') {
        return text.lines().flat_map(|l| wrap_list(l, width)).collect();
    }
    const SEPARATOR: &str = " · ";
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for item in text.split(SEPARATOR) {
        let joined = if line.is_empty() {
            item.to_string()
        } else {
            format!("{line}{SEPARATOR}{item}")
        };
        if columns(&visible(&joined)) <= width {
            line = joined;
            continue;
        }
        if !line.is_empty() {
            let ended = format!("{line} ·");
            lines.push(if columns(&visible(&ended)) <= width {
                ended
            } else {
                line
            });
        }
        let mut parts = wrap_words(item, width);
        line = parts.pop().unwrap_or_default();
        lines.extend(parts);
    }
    lines.push(line);
    lines
        .into_iter()
        .map(|l| visible(&l).into_owned())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_list_breaks_between_its_items_and_a_long_item_at_spaces() {
        let dpo = "Ingrid Haugen · personvern@fjordvakt.example · +47 61 00 00 00";
        assert_eq!(
            wrap_list(dpo, 60),
            [
                "Ingrid Haugen · personvern@fjordvakt.example ·",
                "+47 61 00 00 00"
            ]
        );
        assert_eq!(wrap_list(dpo, 80), [dpo]);
        assert_eq!(
            wrap_list("a very long item indeed · b", 8),
            ["a very", "long", "item", "indeed ·", "b"]
        );
        assert_eq!(wrap_list("", 8), [""]);
        assert_eq!(
            wrap_list("Gate 39\n0191 Oslo · NO", 40),
            ["Gate 39", "0191 Oslo · NO"]
        );
    }

    #[test]
    fn a_footer_drops_whole_hints_and_keeps_the_help() {
        let line = " a add · e edit · c agreement · ? help ";
        assert_eq!(fit_hints(line, 60), line);
        assert_eq!(fit_hints(line, 30), " a add · e edit · ? help ");
        assert_eq!(fit_hints(line, 12), " ? help ");
        assert_eq!(fit_hints(line, 5), " ? h…");
    }

    #[test]
    fn a_control_character_is_shown_not_left_out() {
        assert_eq!(fit("Evil\u{1b}[2J", 40), "Evil<U+001B>[2J");
        assert_eq!(wrap_words("a\u{9b}b", 40), vec!["a<U+009B>b"]);
    }

    #[test]
    fn fit_shortens_with_an_ellipsis() {
        assert_eq!(fit("Questback AS", 20), "Questback AS");
        assert_eq!(fit("Microsoft Ireland Operations", 10), "Microsoft…");
        assert_eq!(fit("Ørsted", 3), "Ør…");
    }

    #[test]
    fn widths_are_display_columns() {
        // Wide CJK and emoji take two columns each; a combining mark none.
        assert_eq!(fit("東京データ株式会社", 7), "東京デ…");
        assert_eq!(fit("Jose\u{301} AS", 7), "Jose\u{301} AS");
        assert_eq!(fit("🚀🚀🚀🚀", 5), "🚀🚀…");
        // A symbol with its emoji variation selector is one two-column picture.
        assert_eq!(fit("⚠\u{fe0f}⚠\u{fe0f}⚠\u{fe0f}", 3), "⚠\u{fe0f}…");
        assert!(columns(&fit("⚠\u{fe0f}⚠\u{fe0f}⚠\u{fe0f}", 3)) <= 3);
        for line in wrap_words("⚠\u{fe0f}⚠\u{fe0f}⚠\u{fe0f} ok", 3) {
            assert!(columns(&line) <= 3, "{line}");
        }
        assert_eq!(wrap_words("株式会社 東京", 5), ["株式", "会社", "東京"]);
        for line in wrap_words("株式会社 東京 データ 🚀🚀🚀", 5) {
            assert!(columns(&line) <= 5, "{line}");
        }
    }

    #[test]
    fn a_path_is_cut_in_the_middle_keeping_the_file_name() {
        let path = "~/clients/nordic/2026/acme-holding.dpo";
        assert_eq!(fit_middle(path, 60), path);
        assert_eq!(fit_middle(path, 24), "~/clie…/acme-holding.dpo");
        assert_eq!(fit_middle(path, 10), "acme-hold…");
    }

    #[test]
    fn wrap_breaks_at_words_and_keeps_line_breaks() {
        assert_eq!(
            wrap_words("Hosting of the sensor data platform", 16),
            ["Hosting of the", "sensor data", "platform"]
        );
        assert_eq!(wrap_words("a\nb", 10), ["a", "b"]);
        assert_eq!(wrap_words("abcdefghij", 4), ["abcd", "efgh", "ij"]);
        assert_eq!(wrap_words("", 4), [""]);
    }
}
