//! Fitting text into a width: shortening with "…" and wrapping at words.
//! Both show a control or bidirectional character that a register holds as
//! `<U+XXXX>` (ratatui would leave a control out unseen; see `domain::text`).

use crate::domain::text::visible;

/// `text` cut to `width` characters, ending in "…" when it was longer.
pub fn fit(text: &str, width: usize) -> String {
    let text = visible(text);
    if text.chars().count() <= width {
        return text.to_string();
    }
    let kept: String = text.chars().take(width.saturating_sub(1)).collect();
    format!("{kept}…")
}

/// `text` broken into lines of at most `width` characters, at spaces where
/// possible; a word longer than the width is split.
pub fn wrap_words(text: &str, width: usize) -> Vec<String> {
    let text = visible(text);
    let width = width.max(1);
    let mut lines = Vec::new();
    for paragraph in text.lines() {
        let mut line = String::new();
        for word in paragraph.split(' ') {
            let mut word: Vec<char> = word.chars().collect();
            loop {
                let used = line.chars().count();
                let gap = usize::from(used > 0);
                if used + gap + word.len() <= width {
                    if gap == 1 {
                        line.push(' ');
                    }
                    line.extend(word.iter());
                    break;
                }
                if used > 0 {
                    lines.push(std::mem::take(&mut line));
                    continue;
                }
                let rest = word.split_off(width);
                lines.push(word.iter().collect());
                word = rest;
            }
        }
        lines.push(line);
    }
    if lines.is_empty() {
        lines.push(String::new());
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

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
