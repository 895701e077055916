//! A privacy policy read into sentences: plain text, Markdown or HTML (tags
//! stripped, headings kept), each sentence with the line of the file it starts
//! on and the heading it stands under — what a suggestion quotes and points to.

/// One sentence of the policy, as the reader sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sentence {
    /// 1-based line of the policy file the sentence starts on.
    pub line: usize,
    pub text: String,
    /// The heading the sentence stands under ("" before the first).
    pub section: String,
    /// The line is itself a heading (a short line without a closing full stop).
    pub is_heading: bool,
    /// The line was a list item.
    pub is_bullet: bool,
    /// For a list item: the sentence that leads into the list ("We collect
    /// the following:"), which gives its items their context.
    pub lead: String,
}

/// The text of the policy, one entry per line of content, with its file line.
#[derive(Debug, Clone, PartialEq, Eq)]
struct TextLine {
    line: usize,
    text: String,
    heading: bool,
    bullet: bool,
    /// Where in `text` the file's lines broke (an HTML paragraph over many
    /// lines): a sentence after one starts on a later line.
    breaks: Vec<usize>,
}

/// How the policy file is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Plain,
    Markdown,
    Html,
}

/// Guesses the format from the text: tags make HTML, Markdown headings or
/// links make Markdown, anything else is plain text.
pub fn format_of(text: &str) -> Format {
    let lower = text
        .get(..text.len().min(4096))
        .unwrap_or(text)
        .to_lowercase();
    let tags = [
        "<html",
        "<!doctype",
        "<p>",
        "<p ",
        "<h1",
        "<h2",
        "<div",
        "<li>",
        "<br",
    ];
    if tags.iter().any(|t| lower.contains(t)) {
        return Format::Html;
    }
    let markdown = text.lines().any(|l| {
        let t = l.trim_start();
        t.starts_with("# ") || t.starts_with("## ") || t.starts_with("### ") || t.contains("](")
    });
    if markdown {
        Format::Markdown
    } else {
        Format::Plain
    }
}

/// The policy's sentences in order.
pub fn sentences(text: &str) -> Vec<Sentence> {
    let lines = match format_of(text) {
        Format::Html => html_lines(text),
        Format::Markdown => text.lines().enumerate().map(markdown_line).collect(),
        Format::Plain => text.lines().enumerate().map(plain_line).collect(),
    };
    let mut out: Vec<Sentence> = Vec::new();
    let mut section = String::new();
    let mut lead = String::new();
    for l in lines {
        let (text, breaks) = collapse_spaces(&l.text, &l.breaks);
        if text.is_empty() {
            continue;
        }
        let heading = l.heading || (!l.bullet && looks_like_heading(&text));
        if heading {
            section = strip_numbering(&text).to_string();
            lead.clear();
        }
        let mut from = 0;
        for piece in split_sentences(&text) {
            let at = text[from..].find(piece.as_str()).map_or(from, |i| from + i);
            from = at + piece.len();
            out.push(Sentence {
                line: l.line + breaks.iter().filter(|&&b| b <= at).count(),
                text: piece,
                section: section.clone(),
                is_heading: heading,
                is_bullet: l.bullet,
                lead: if l.bullet {
                    lead.clone()
                } else {
                    String::new()
                },
            });
        }
        if !heading && !l.bullet {
            lead = out.last().map(|s| s.text.clone()).unwrap_or_default();
        }
    }
    out
}

fn plain_line((index, raw): (usize, &str)) -> TextLine {
    let (text, bullet) = without_bullet(raw.trim());
    TextLine {
        line: index + 1,
        text: text.to_string(),
        heading: false,
        bullet,
        breaks: Vec::new(),
    }
}

fn markdown_line((index, raw): (usize, &str)) -> TextLine {
    let trimmed = raw.trim().trim_start_matches('>').trim();
    let hashes = trimmed.chars().take_while(|&c| c == '#').count();
    let heading = hashes > 0 && trimmed[hashes..].starts_with(' ');
    let rest = if heading {
        trimmed[hashes..].trim()
    } else {
        trimmed
    };
    let (rest, bullet) = without_bullet(rest);
    // "1. Name" in Markdown is a list item (its headings are marked with #).
    let (rest, bullet) = match ordered_item(rest) {
        Some(item) if !heading => (item, true),
        _ => (rest, bullet),
    };
    // Table rows read as their cells, one after another.
    let rest = if rest.starts_with('|') {
        rest.trim_matches('|').replace('|', " · ")
    } else {
        rest.to_string()
    };
    TextLine {
        line: index + 1,
        text: markdown_inline(&rest),
        heading,
        bullet,
        breaks: Vec::new(),
    }
}

/// `[text](url)` becomes `text (url)`; emphasis and code marks go.
fn markdown_inline(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(open) = rest.find('[') {
        let after = &rest[open + 1..];
        let Some(close) = after.find("](") else { break };
        let Some(end) = after[close + 2..].find(')') else {
            break;
        };
        out.push_str(&rest[..open]);
        out.push_str(&after[..close]);
        out.push_str(" (");
        out.push_str(&after[close + 2..close + 2 + end]);
        out.push(')');
        rest = &after[close + 2 + end + 1..];
    }
    out.push_str(rest);
    out.replace("**", "").replace("__", "").replace('`', "")
}

/// The text of an ordered list item ("1. Name", "2) E-mail").
fn ordered_item(text: &str) -> Option<&str> {
    let digits = text.chars().take_while(char::is_ascii_digit).count();
    let rest = &text[digits..];
    (digits > 0 && digits <= 3)
        .then(|| rest.strip_prefix(". ").or_else(|| rest.strip_prefix(") ")))
        .flatten()
        .map(str::trim_start)
}

fn without_bullet(text: &str) -> (&str, bool) {
    for mark in ["• ", "- ", "* ", "– ", "· ", "◦ ", "▪ "] {
        if let Some(rest) = text.strip_prefix(mark) {
            return (rest.trim_start(), true);
        }
    }
    if let Some(rest) = text.strip_prefix('•') {
        return (rest.trim_start(), true);
    }
    (text, false)
}

/// Tags that end a line of text.
const BLOCK_TAGS: &[&str] = &[
    "p",
    "div",
    "br",
    "li",
    "tr",
    "td",
    "th",
    "ul",
    "ol",
    "table",
    "section",
    "article",
    "header",
    "footer",
    "title",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "dt",
    "dd",
    "blockquote",
    "address",
    "main",
    "nav",
    "hr",
];

/// The text of an HTML page, a line per block, each with the file line its
/// text starts on; `<script>`, `<style>` and comments are skipped.
fn html_lines(html: &str) -> Vec<TextLine> {
    let mut lines = Vec::new();
    let mut current = TextLine {
        line: 1,
        text: String::new(),
        heading: false,
        bullet: false,
        breaks: Vec::new(),
    };
    let mut file_line = 1;
    // Inside a list item: a paragraph in it (`<li><p>…`) is the item's text.
    let mut in_item = false;
    let mut rest = html;
    let flush = |current: &mut TextLine, lines: &mut Vec<TextLine>| {
        if !current.text.trim().is_empty() {
            lines.push(current.clone());
        }
        current.text.clear();
        current.breaks.clear();
        current.heading = false;
        current.bullet = false;
    };
    while let Some(c) = rest.chars().next() {
        // "a < b" is text: a tag starts with a name, "/" or "!".
        let tag_follows = c == '<'
            && rest[1..].starts_with(|n: char| n.is_ascii_alphabetic() || n == '/' || n == '!');
        if c == '<' && tag_follows {
            let (tag, closing, len) = tag_at(rest);
            let skipped_to = match tag.as_str() {
                "!--" => rest.find("-->").map(|i| i + 3),
                "script" | "style" if !closing => {
                    let end = format!("</{tag}");
                    let close = rest.to_ascii_lowercase().find(&end);
                    close.and_then(|c| rest[c..].find('>').map(|i| c + i + 1))
                }
                _ => None,
            };
            let len = skipped_to.unwrap_or(len);
            let newlines = rest[..len].matches('\n').count();
            file_line += newlines;
            if !current.text.trim().is_empty() {
                let at = current.text.len();
                current.breaks.extend(std::iter::repeat_n(at, newlines));
            }
            rest = &rest[len..];
            if tag == "li" {
                in_item = !closing;
            }
            if BLOCK_TAGS.contains(&tag.as_str()) || tag == "script" || tag == "style" {
                flush(&mut current, &mut lines);
                current.line = file_line;
                if !closing {
                    current.heading = is_heading_tag(&tag);
                    current.bullet = in_item;
                }
            }
            continue;
        }
        if c == '\n' {
            file_line += 1;
            if !current.text.trim().is_empty() {
                current.breaks.push(current.text.len());
            }
        }
        if current.text.trim().is_empty() && !c.is_whitespace() {
            current.line = file_line;
        }
        if c == '&' {
            let (decoded, len) = entity_at(rest);
            current.text.push_str(&decoded);
            rest = &rest[len..];
            continue;
        }
        current.text.push(if c == '\n' { ' ' } else { c });
        rest = &rest[c.len_utf8()..];
    }
    flush(&mut current, &mut lines);
    lines
}

fn is_heading_tag(tag: &str) -> bool {
    let b = tag.as_bytes();
    b.len() == 2 && b[0] == b'h' && (b'1'..=b'6').contains(&b[1])
}

/// The tag name at the start of `text` (lower case), whether it closes, and its length.
fn tag_at(text: &str) -> (String, bool, usize) {
    if text.starts_with("<!--") {
        return ("!--".into(), false, 4);
    }
    // Past the '<' (one byte), up to the '>' or the end of the text.
    let close = text[1..].find('>').map(|i| i + 1);
    let len = close.map_or(text.len(), |i| i + 1);
    let inner = text[1..close.unwrap_or(text.len())].trim();
    let closing = inner.starts_with('/');
    let name: String = inner
        .trim_start_matches('/')
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '!')
        .collect();
    (name.to_ascii_lowercase(), closing, len)
}

/// An HTML entity at the start of `text`, decoded, and its length; a lone
/// `&` stays itself.
fn entity_at(text: &str) -> (String, usize) {
    // The longest entity name is short ("&thetasym;" is 10 bytes): a
    // semicolon further on ends something else.
    let Some(end) = text
        .char_indices()
        .take(12)
        .find(|&(_, c)| c == ';')
        .map(|(i, _)| i)
    else {
        return ("&".into(), 1);
    };
    let name = &text[1..end];
    let decoded = match name {
        "amp" => Some('&'),
        "lt" => Some('<'),
        "gt" => Some('>'),
        "quot" => Some('"'),
        "apos" => Some('\''),
        "nbsp" => Some(' '),
        "ndash" => Some('–'),
        "mdash" => Some('—'),
        "aring" => Some('å'),
        "Aring" => Some('Å'),
        "aelig" => Some('æ'),
        "AElig" => Some('Æ'),
        "oslash" => Some('ø'),
        "Oslash" => Some('Ø'),
        "auml" => Some('ä'),
        "Auml" => Some('Ä'),
        "ouml" => Some('ö'),
        "Ouml" => Some('Ö'),
        "rsquo" | "lsquo" => Some('\''),
        "rdquo" | "ldquo" => Some('"'),
        _ => name
            .strip_prefix("#x")
            .and_then(|h| u32::from_str_radix(h, 16).ok())
            .or_else(|| name.strip_prefix('#').and_then(|d| d.parse().ok()))
            .and_then(char::from_u32),
    };
    match decoded {
        Some(c) => (c.to_string(), end + 1),
        None => ("&".into(), 1),
    }
}

/// `text` with each run of white space one space, and where the `breaks`
/// (offsets in `text`) fall in it. A control character (one in the file, or
/// an entity such as `&#x1b;`) and a bidirectional control count as white
/// space: a policy is material, and what is drafted from it goes into a
/// register, where they may not stand.
fn collapse_spaces(text: &str, breaks: &[usize]) -> (String, Vec<usize>) {
    let mut out = String::with_capacity(text.len());
    let mut mapped = Vec::with_capacity(breaks.len());
    let mut next_break = 0;
    let mut space = false;
    for (i, c) in text.char_indices() {
        while breaks.get(next_break).is_some_and(|&b| b <= i) {
            mapped.push(out.len());
            next_break += 1;
        }
        if c.is_whitespace() || c.is_control() || crate::domain::text::is_bidi_control(c) {
            space = !out.is_empty();
            continue;
        }
        if space {
            out.push(' ');
            space = false;
        }
        out.push(c);
    }
    (out, mapped)
}

/// A short line that does not end a sentence reads as a heading.
fn looks_like_heading(text: &str) -> bool {
    let words = text.split_whitespace().count();
    let last = text.chars().last().unwrap_or('.');
    words <= 10
        && text.chars().count() <= 90
        && !matches!(last, '.' | ',' | ';' | ':' | ')')
        && !text.contains('@')
        && !text.contains("://")
        && text
            .chars()
            .next()
            .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit())
}

/// "1.4.3 Kurser och seminarer" is the heading "Kurser och seminarer".
fn strip_numbering(text: &str) -> &str {
    let rest = text.trim_start_matches(|c: char| c.is_ascii_digit() || c == '.');
    if rest.len() < text.len() && rest.starts_with(' ') {
        rest.trim()
    } else {
        text
    }
}

/// Words after which a full stop does not end the sentence.
const ABBREVIATIONS: &[&str] = &[
    "org", "nr", "no", "e.g", "i.e", "eg", "ie", "etc", "bl.a", "t.ex", "f.eks", "ca", "art", "st",
    "jf", "dvs", "inkl", "osv", "mm", "tel", "tlf", "jfr", "pkt", "ref", "vs", "mr", "ms", "dr",
    "co", "inc", "ltd", "nb", "obs", "resp", "s", "p",
];

/// Splits a line into sentences at `.`, `!` or `?` followed by a space and a
/// capital letter, a digit or an opening quote, unless the word before is an
/// abbreviation ("org. nr. 981 967 070").
fn split_sentences(text: &str) -> Vec<String> {
    let chars: Vec<char> = text.chars().collect();
    let mut pieces = Vec::new();
    let mut start = 0;
    for i in 0..chars.len() {
        if !matches!(chars[i], '.' | '!' | '?') || i + 2 >= chars.len() || chars[i + 1] != ' ' {
            continue;
        }
        let next = chars[i + 2];
        if !(next.is_uppercase() || next.is_ascii_digit() || matches!(next, '"' | '«' | '“' | '('))
        {
            continue;
        }
        let word: String = chars[start..i]
            .iter()
            .rev()
            .take_while(|c| !c.is_whitespace())
            .collect::<Vec<_>>()
            .into_iter()
            .rev()
            .collect();
        let word = word.trim_start_matches(['(', '"']).to_lowercase();
        // "org.nr. 923…": the last part of a dotted word counts too.
        let last = word.rsplit('.').next().unwrap_or("");
        let abbreviation = ABBREVIATIONS.contains(&word.as_str()) || ABBREVIATIONS.contains(&last);
        if chars[i] == '.' && (abbreviation || word.chars().count() == 1) {
            continue;
        }
        pieces.push(
            chars[start..=i]
                .iter()
                .collect::<String>()
                .trim()
                .to_string(),
        );
        start = i + 2;
    }
    let last: String = chars[start..].iter().collect();
    if !last.trim().is_empty() {
        pieces.push(last.trim().to_string());
    }
    pieces
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_text_keeps_lines_headings_and_bullets() {
        let text = "Who we are\n\nWe are IXT AS. We sell things.\n  • Job applicants\n";
        let s = sentences(text);
        assert_eq!(s[0].text, "Who we are");
        assert!(s[0].is_heading);
        assert_eq!((s[1].line, s[1].text.as_str()), (3, "We are IXT AS."));
        assert_eq!(s[2].text, "We sell things.");
        assert_eq!(s[2].section, "Who we are");
        assert_eq!((s[3].line, s[3].is_bullet), (4, true));
        assert_eq!(s[3].lead, "We sell things.");
        assert_eq!(s[3].text, "Job applicants");
    }

    #[test]
    fn abbreviations_do_not_end_a_sentence() {
        let s =
            split_sentences("Intility AS, org. nr. 981 967 070, Oslo. Telefon: +47 24 10 33 00.");
        assert_eq!(
            s,
            [
                "Intility AS, org. nr. 981 967 070, Oslo.",
                "Telefon: +47 24 10 33 00."
            ]
        );
    }

    #[test]
    fn numbered_headings_lose_their_number() {
        let s = sentences("1.4.3 Kurser och seminarer\nVi samlar in namn.\n");
        assert_eq!(s[1].section, "Kurser och seminarer");
    }

    #[test]
    fn html_tags_are_stripped_and_lines_kept() {
        let html = "<html><head><style>p{}</style></head>\n<body>\n<h2>Who we are</h2>\n<p>We are\nACME &amp; Co AS.</p>\n<ul><li>Customers</li></ul>\n<!-- note -->\n</body></html>";
        assert_eq!(format_of(html), Format::Html);
        let s = sentences(html);
        let texts: Vec<_> = s
            .iter()
            .map(|s| (s.line, s.text.as_str(), s.is_heading))
            .collect();
        assert_eq!(
            texts,
            [
                (3, "Who we are", true),
                (4, "We are ACME & Co AS.", false),
                (6, "Customers", false)
            ]
        );
        assert!(s[2].is_bullet);
        assert_eq!(s[1].section, "Who we are");
        let paragraph = "<p>First sentence here.\nSecond one, on the next line. Third.\n</p>";
        let lines: Vec<usize> = sentences(paragraph).iter().map(|s| s.line).collect();
        assert_eq!(lines, [1, 2, 2]);
    }

    #[test]
    fn markdown_headings_links_and_tables_read_as_text() {
        let md = "# Personvern\n\nLes mer hos [Datatilsynet](https://www.datatilsynet.no).\n| Formål | Grunnlag |\n";
        assert_eq!(format_of(md), Format::Markdown);
        let s = sentences(md);
        assert_eq!((s[0].text.as_str(), s[0].is_heading), ("Personvern", true));
        assert_eq!(
            s[1].text,
            "Les mer hos Datatilsynet (https://www.datatilsynet.no)."
        );
        assert_eq!(s[2].text, "Formål · Grunnlag");
    }

    #[test]
    fn numbered_markdown_items_and_paragraphs_in_items_are_list_items() {
        let md = "# Data\n\nWe collect:\n1. Name\n2) E-mail\n";
        let s = sentences(md);
        assert_eq!(
            (s[2].text.as_str(), s[2].is_bullet, s[2].is_heading),
            ("Name", true, false)
        );
        assert_eq!(
            (s[3].text.as_str(), s[3].lead.as_str()),
            ("E-mail", "We collect:")
        );
        let html = "<p>We collect:</p><ul><li><p>Name</p></li></ul><p>After.</p>";
        let s = sentences(html);
        assert!(s[1].is_bullet && !s[2].is_bullet, "{s:?}");
    }

    #[test]
    fn control_characters_in_a_policy_read_as_spaces() {
        let policy = "Privacy policy of Evil\x1b]52;c;ZWNo\x07Corp AS\n\nWe use Amazon Web Services to host data\u{9b}31m for our customers\u{202e}.\n";
        let html = "<p>We keep data&#x1b;[2J for three&#x07; months&#x9b;.</p>";
        for text in [policy, html] {
            for s in sentences(text) {
                let clean = s.text.chars().chain(s.section.chars());
                assert!(
                    clean
                        .clone()
                        .all(|c| !c.is_control() && !crate::domain::text::is_bidi_control(c)),
                    "{s:?}"
                );
            }
        }
        assert!(sentences(html)[0]
            .text
            .starts_with("We keep data [2J for three months"));
    }

    #[test]
    fn entities_decode() {
        assert_eq!(entity_at("&oslash;x"), ("ø".to_string(), 8));
        assert_eq!(entity_at("&#229;"), ("å".to_string(), 6));
        assert_eq!(entity_at("& co"), ("&".to_string(), 1));
    }
}
