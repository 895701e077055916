//! A form's choice fields: one option of several, or several to tick. With
//! more than a handful of options (transfer tools, countries, processors)
//! typing filters them, fuzzily, as the pickers of helix or yazi do, and the
//! matches are listed under the field while it has the focus.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, List, ListItem, ListState, Paragraph};
use ratatui::Frame;

use crate::platform::fuzzy;
use crate::tui::theme::Theme;
use crate::tui::widgets::text::fit;

/// Up to this many options, a letter jumps to the next option it starts;
/// beyond it, letters filter.
pub const HANDFUL: usize = 6;

/// Rows of matches shown under a focused field.
const DROPDOWN_ROWS: usize = 6;

#[derive(Debug, Clone)]
pub struct Choice {
    /// (stored value, what the user sees)
    pub options: Vec<(String, String)>,
    pub index: usize,
    /// What has been typed to filter the options (long lists only).
    pub query: String,
    /// The option chosen before the query was begun: chosen again when it
    /// is typed away (it fell to the first, "(none)", and a save wrote that).
    before_query: usize,
}

/// Several options that may each be ticked: ←/→ moves between them, Space ticks.
#[derive(Debug, Clone)]
pub struct Checklist {
    /// (stored value, what the user sees, ticked)
    pub options: Vec<(String, String, bool)>,
    pub cursor: usize,
    pub query: String,
}

impl Choice {
    pub fn new(options: Vec<(String, String)>, value: &str) -> Self {
        let index = options.iter().position(|(v, _)| v == value).unwrap_or(0);
        Choice {
            options,
            index,
            query: String::new(),
            before_query: index,
        }
    }

    pub fn filters(&self) -> bool {
        self.options.len() > HANDFUL
    }

    fn labels(&self) -> Vec<&str> {
        self.options.iter().map(|(_, l)| l.as_str()).collect()
    }

    /// The options the query matches, best first (all, in order, without one).
    pub fn matches(&self) -> Vec<usize> {
        let names: Vec<String> = self.options.iter().map(|(v, l)| searched(v, l)).collect();
        fuzzy::ranked(&self.query, &names)
    }

    pub fn input(&mut self, key: KeyEvent) {
        if !self.filters() {
            // Space steps on, as the right arrow does.
            let code = match key.code {
                KeyCode::Char(' ') => KeyCode::Right,
                other => other,
            };
            if let Some(index) = moved_cursor(self.index, &self.labels(), code) {
                self.index = index;
            }
            return;
        }
        let typed = match key.code {
            KeyCode::Char(' ') if self.query.is_empty() => None,
            KeyCode::Char(c) if !key.modifiers.contains(KeyModifiers::CONTROL) => Some(Some(c)),
            KeyCode::Backspace if !self.query.is_empty() => Some(None),
            _ => None,
        };
        match typed {
            Some(c) => {
                if self.query.is_empty() {
                    self.before_query = self.index;
                }
                match c {
                    Some(c) => self.query.push(c),
                    None => drop(self.query.pop()),
                }
                if self.query.is_empty() {
                    self.index = self.before_query;
                } else if let Some(&best) = self.matches().first() {
                    self.index = best;
                }
            }
            None => {
                let code = match key.code {
                    KeyCode::Char(' ') => KeyCode::Right,
                    other => other,
                };
                self.index = step_among(&self.matches(), self.index, code);
            }
        }
    }
}

impl Checklist {
    pub fn new(options: Vec<(String, String)>, ticked: &[String]) -> Self {
        let options = options
            .into_iter()
            .map(|(v, l)| {
                let on = ticked.contains(&v);
                (v, l, on)
            })
            .collect();
        Checklist {
            options,
            cursor: 0,
            query: String::new(),
        }
    }

    /// A checklist always filters: its options are names (processors,
    /// clauses, activities), and several may start with the same letter.
    pub fn filters(&self) -> bool {
        self.options.len() > 1
    }

    /// The ticked options' (value, label), in option order.
    fn ticked(&self) -> impl Iterator<Item = (&str, &str)> {
        self.options
            .iter()
            .filter(|(_, _, on)| *on)
            .map(|(value, label, _)| (value.as_str(), label.as_str()))
    }

    /// The ticked values, comma-separated, in option order.
    pub fn value(&self) -> String {
        let ticked: Vec<&str> = self.ticked().map(|(value, _)| value).collect();
        ticked.join(",")
    }

    pub fn summary(&self) -> String {
        let ticked: Vec<&str> = self.ticked().map(|(_, label)| label.trim_start()).collect();
        if ticked.is_empty() {
            "(none)".to_string()
        } else {
            ticked.join(", ")
        }
    }

    fn labels(&self) -> Vec<&str> {
        self.options.iter().map(|(_, l, _)| l.as_str()).collect()
    }

    pub fn matches(&self) -> Vec<usize> {
        let names: Vec<String> = self
            .options
            .iter()
            .map(|(v, l, _)| searched(v, l))
            .collect();
        fuzzy::ranked(&self.query, &names)
    }

    pub fn input(&mut self, key: KeyEvent) {
        let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
        match key.code {
            // Tick all shown (or, when all are, none), then untick the exceptions.
            KeyCode::Char('a') if ctrl => {
                let shown = self.matches();
                let all = shown.iter().all(|&i| self.options[i].2);
                for i in shown {
                    self.options[i].2 = !all;
                }
            }
            KeyCode::Char(' ') => self.tick(),
            KeyCode::Char(c) if self.filters() && !ctrl => {
                self.query.push(c);
                if let Some(&best) = self.matches().first() {
                    self.cursor = best;
                }
            }
            KeyCode::Backspace if !self.query.is_empty() => {
                self.query.pop();
                if let Some(&best) = self.matches().first() {
                    self.cursor = best;
                }
            }
            code if self.filters() => self.cursor = step_among(&self.matches(), self.cursor, code),
            code => {
                if let Some(cursor) = moved_cursor(self.cursor, &self.labels(), code) {
                    self.cursor = cursor;
                }
            }
        }
    }

    fn tick(&mut self) {
        if let Some(option) = self.options.get_mut(self.cursor) {
            option.2 = !option.2;
        }
    }
}

/// What typing is matched against: the label, and a code as the CSV files
/// write it (`scc_m2`), but not a record's number.
fn searched(value: &str, label: &str) -> String {
    if value.is_empty() || value.bytes().all(|b| b.is_ascii_digit()) {
        label.to_string()
    } else {
        format!("{label} {value}")
    }
}

/// Where a cursor over options labelled `labels` goes on `key`: on or back
/// round the list, to either end, or to the next option whose label starts
/// with a typed letter. `None` for a key that does not move it.
fn moved_cursor(cursor: usize, labels: &[&str], key: KeyCode) -> Option<usize> {
    let n = labels.len();
    match key {
        _ if n == 0 => None,
        KeyCode::Right => Some((cursor + 1) % n),
        KeyCode::Left => Some((cursor + n - 1) % n),
        KeyCode::Home => Some(0),
        KeyCode::End => Some(n - 1),
        KeyCode::Char(c) => {
            let c = c.to_lowercase().to_string();
            (1..=n)
                .map(|step| (cursor + step) % n)
                .find(|&i| labels[i].trim_start().to_lowercase().starts_with(&c))
        }
        _ => None,
    }
}

/// Where `key` moves a cursor at `current` among the matching options
/// `shown` (round from either end; ↓/↑ as →/← in the list under the
/// field); stays where it is for other keys.
fn step_among(shown: &[usize], current: usize, key: KeyCode) -> usize {
    let key = match key {
        KeyCode::Down => KeyCode::Right,
        KeyCode::Up => KeyCode::Left,
        other => other,
    };
    let Some(last) = shown.len().checked_sub(1) else {
        return current;
    };
    let at = shown.iter().position(|&i| i == current);
    let to = match (key, at) {
        (KeyCode::Home, _) | (KeyCode::Right, None) => 0,
        (KeyCode::End, _) | (KeyCode::Left, None) => last,
        (KeyCode::Right, Some(at)) => (at + 1) % shown.len(),
        (KeyCode::Left, Some(at)) => (at + last) % shown.len(),
        _ => return current,
    };
    shown[to]
}

/// What a focused choice shows on its own row beside the option.
pub fn choice_hint(choice: &Choice) -> String {
    match (choice.filters(), choice.query.is_empty()) {
        (false, _) => "  ◂ ▸".to_string(),
        (true, true) => "  ◂ ▸ type to filter".to_string(),
        (true, false) => filter_hint(&choice.query, choice.matches().len(), choice.options.len()),
    }
}

/// What a focused checklist shows beside the option under the cursor.
pub fn checklist_hint(list: &Checklist) -> String {
    let ticked = list.options.iter().filter(|(_, _, on)| *on).count();
    let keys = if list.options.len() > 1 {
        "Space ticks · Ctrl-A all"
    } else {
        "Space ticks"
    };
    match (list.filters(), list.query.is_empty()) {
        (true, false) => format!(
            "{} · {ticked} ticked · {keys}",
            filter_hint(&list.query, list.matches().len(), list.options.len())
        ),
        (true, true) => format!("  {ticked} ticked · type to filter · {keys}"),
        (false, _) => format!(
            "  {}/{}, {ticked} ticked ◂ ▸ {keys}",
            list.cursor + 1,
            list.options.len()
        ),
    }
}

fn filter_hint(query: &str, shown: usize, all: usize) -> String {
    format!("  “{query}” {shown}/{all}")
}

/// Draws `rows` in a box under `field` (or above it when the screen ends
/// first), `current` highlighted and kept in view.
pub fn render_dropdown(
    frame: &mut Frame,
    field: Rect,
    rows: &[String],
    current: Option<usize>,
    hint: Option<&str>,
    theme: &Theme,
) {
    let screen = frame.area();
    if rows.is_empty() || field.width < 8 {
        return;
    }
    let height = (rows.len().min(DROPDOWN_ROWS) + 2) as u16;
    let below = field.y + 1;
    let y = if below + height <= screen.bottom() {
        below
    } else {
        field.y.saturating_sub(height)
    };
    let area = Rect::new(field.x, y, field.width, height.min(screen.height)).intersection(screen);
    frame.render_widget(Clear, area);
    let width = usize::from(area.width.saturating_sub(4));
    let items: Vec<ListItem> = rows
        .iter()
        .map(|row| ListItem::new(fit(row, width)))
        .collect();
    let more = rows.len().saturating_sub(DROPDOWN_ROWS);
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(theme.muted);
    let block = if more > 0 {
        block.title_bottom(Span::styled(
            format!(" {} in all ", rows.len()),
            theme.muted,
        ))
    } else {
        block
    };
    let block = match hint {
        Some(hint) => block.title(Span::styled(format!(" {hint} "), theme.muted)),
        None => block,
    };
    let list = List::new(items)
        .block(block)
        .highlight_style(theme.selected)
        .highlight_symbol("▸ ");
    let mut state = ListState::default().with_selected(current);
    frame.render_stateful_widget(list, area, &mut state);
}

/// One line of a focused value: `text` in `style`, then `hint` muted.
pub fn value_line(text: String, style: Style, hint: String, theme: &Theme) -> Paragraph<'static> {
    Paragraph::new(Line::from(vec![
        Span::styled(text, style),
        Span::styled(hint, theme.muted),
    ]))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn press(code: KeyCode) -> KeyEvent {
        KeyEvent::new(code, KeyModifiers::NONE)
    }

    fn type_text(choice: &mut Choice, text: &str) {
        for c in text.chars() {
            choice.input(press(KeyCode::Char(c)));
        }
    }

    fn tools() -> Vec<(String, String)> {
        crate::domain::transfer::TransferTool::options()
    }

    #[test]
    fn typing_into_a_long_choice_filters_and_chooses_the_best_match() {
        let mut choice = Choice::new(tools(), "inside_eea");
        assert!(choice.filters());
        type_text(&mut choice, "m2");
        assert_eq!(choice.options[choice.index].0, "scc_m2");
        choice.input(press(KeyCode::Backspace));
        choice.input(press(KeyCode::Backspace));
        type_text(&mut choice, "idta");
        assert_eq!(choice.options[choice.index].0, "uk_idta");
        assert!(choice_hint(&choice).starts_with("  “idta” "));
        choice.query.clear();
        type_text(&mut choice, "scc_m4");
        assert_eq!(
            choice.options[choice.index].0, "scc_m4",
            "the code as files write it"
        );
    }

    /// A query typed and then typed away leaves the option chosen before it
    /// (a breach's processor fell to "(none)", and a save wrote that).
    #[test]
    fn a_query_typed_away_leaves_the_option_chosen_before_it() {
        let mut choice = Choice::new(tools(), "uk_idta");
        type_text(&mut choice, "m2");
        assert_eq!(choice.options[choice.index].0, "scc_m2");
        choice.input(press(KeyCode::Backspace));
        choice.input(press(KeyCode::Backspace));
        assert_eq!(choice.options[choice.index].0, "uk_idta");
    }

    #[test]
    fn arrows_step_among_the_matches_only() {
        let mut choice = Choice::new(tools(), "inside_eea");
        type_text(&mut choice, "scc");
        let shown = choice.matches();
        let best: Vec<&str> = shown[..4]
            .iter()
            .map(|&i| choice.options[i].0.as_str())
            .collect();
        assert_eq!(
            best,
            ["scc_m1", "scc_m2", "scc_m3", "scc_m4"],
            "the SCC modules first"
        );
        let first = choice.index;
        choice.input(press(KeyCode::Right));
        assert!(shown.contains(&choice.index) && choice.index != first);
        choice.input(press(KeyCode::Left));
        assert_eq!(choice.index, first);
        choice.input(press(KeyCode::Left));
        assert_eq!(choice.index, *shown.last().unwrap(), "round from the first");
    }

    #[test]
    fn a_short_choice_still_jumps_by_first_letter_and_space_steps() {
        let options = vec![
            ("a".into(), "Alpha".into()),
            ("b".into(), "Beta".into()),
            ("g".into(), "Gamma".into()),
        ];
        let mut choice = Choice::new(options, "a");
        choice.input(press(KeyCode::Char('g')));
        assert_eq!(choice.index, 2);
        choice.input(press(KeyCode::Char(' ')));
        assert_eq!(choice.index, 0);
        assert!(choice.query.is_empty());
    }

    #[test]
    fn ctrl_a_ticks_all_then_exceptions_are_unticked() {
        let clauses = crate::domain::dpa::CLAUSES
            .iter()
            .enumerate()
            .map(|(i, (_, short, _))| (i.to_string(), short.to_string()))
            .collect();
        let mut list = Checklist::new(clauses, &[]);
        list.input(KeyEvent::new(KeyCode::Char('a'), KeyModifiers::CONTROL));
        assert_eq!(
            list.options.iter().filter(|o| o.2).count(),
            list.options.len()
        );
        list.input(press(KeyCode::Char(' ')));
        assert!(!list.options[0].2, "Space unticks the one under the cursor");
        list.input(KeyEvent::new(KeyCode::Char('a'), KeyModifiers::CONTROL));
        assert!(
            list.options.iter().all(|o| o.2),
            "one unticked: Ctrl-A ticks all again"
        );
        list.input(KeyEvent::new(KeyCode::Char('a'), KeyModifiers::CONTROL));
        assert!(
            list.options.iter().all(|o| !o.2),
            "all ticked: Ctrl-A unticks all"
        );
    }

    #[test]
    fn typing_into_a_long_checklist_moves_to_the_match_and_space_ticks_it() {
        let names = [
            "Microsoft Ireland Operations Limited (IE)",
            "  ↳ Microsoft Corporation (US) · via Microsoft Ireland Operations Limited",
            "Fiken AS (NO)",
            "HubSpot Ireland Limited (IE)",
            "Questback AS (NO)",
            "Stripe Payments Europe, Limited (IE)",
            "Zendesk, Inc. (US)",
        ];
        let options = names
            .iter()
            .enumerate()
            .map(|(i, n)| (i.to_string(), n.to_string()))
            .collect();
        let mut list = Checklist::new(options, &[]);
        for c in "fiken".chars() {
            list.input(press(KeyCode::Char(c)));
        }
        assert_eq!(list.cursor, 2);
        list.input(press(KeyCode::Char(' ')));
        assert_eq!(list.value(), "2");
        assert!(checklist_hint(&list).contains("“fiken” 1/7 · 1 ticked"));
        assert_eq!(list.summary(), "Fiken AS (NO)");
    }
}
