//! The state of a virtual list: the filtered count, the selection, the scroll
//! position and a window of loaded rows around it — never the whole table.
//! Every list screen (processors, requests) uses it for moving, paging and
//! filtering, and asks the store for another window when it needs one.

use crossterm::event::KeyEvent;

use crate::tui::effect::Focus;
use crate::tui::keymap::{Command, Mode};
use crate::tui::layout;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListWindow<T> {
    pub filter: String,
    pub filtering: bool,
    /// Rows matching the filter, as counted by the store.
    pub total: usize,
    /// `total` is exact; otherwise it is as far as a quick count went, and
    /// there are more (the exact count follows).
    pub counted: bool,
    pub selected: usize,
    /// Index of the first row on screen.
    pub scroll: usize,
    /// Index of `rows[0]` in the filtered list.
    pub offset: usize,
    pub rows: Vec<T>,
    /// Set once the first window has arrived (before that the list says nothing).
    pub loaded: bool,
    /// End was pressed while only a quick count was known: the selection goes
    /// to the real end when the exact count arrives.
    pub end_wanted: bool,
    /// The filter the rows shown were read with: another than `filter` while
    /// a search runs on its own thread.
    pub shown_filter: String,
}

impl<T> Default for ListWindow<T> {
    fn default() -> Self {
        ListWindow {
            filter: String::new(),
            filtering: false,
            total: 0,
            counted: true,
            selected: 0,
            scroll: 0,
            offset: 0,
            rows: Vec::new(),
            loaded: false,
            end_wanted: false,
            shown_filter: String::new(),
        }
    }
}

/// A window of rows as the store returns it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Page<T> {
    pub filter: String,
    pub total: usize,
    /// `total` is exact (else at least that many).
    pub counted: bool,
    /// Position of `rows[0]` in the filtered list.
    pub offset: usize,
    pub rows: Vec<T>,
    pub selected: usize,
}

/// What a list command asks of its screen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ListOutcome {
    Done,
    /// Load the window around this row.
    Load(Focus),
    /// Not a list command: the screen handles it.
    NotMine,
}

impl<T> ListWindow<T> {
    pub fn row(&self, index: usize) -> Option<&T> {
        index
            .checked_sub(self.offset)
            .and_then(|i| self.rows.get(i))
    }

    pub fn selected_row(&self) -> Option<&T> {
        self.row(self.selected)
    }

    /// Whether rows `from..to` are all in the loaded window.
    pub fn has_rows(&self, from: usize, to: usize) -> bool {
        let to = to.min(self.total);
        from >= self.offset && to <= self.offset + self.rows.len()
    }

    fn keep_in_view(&mut self, height: usize) {
        if self.selected < self.scroll {
            self.scroll = self.selected;
        } else if self.selected >= self.scroll + height {
            self.scroll = self.selected + 1 - height;
        }
        self.scroll = self.scroll.min(self.total.saturating_sub(height));
    }

    /// Moves the selection, scrolling to keep it on screen; asks for a load when
    /// rows about to be shown are not in the window.
    pub fn select(&mut self, index: usize, height: usize) -> ListOutcome {
        self.selected = index.min(self.total.saturating_sub(1));
        self.keep_in_view(height);
        if self.has_rows(self.scroll, self.scroll + height) {
            ListOutcome::Done
        } else {
            ListOutcome::Load(Focus::Index(self.selected))
        }
    }

    /// Takes a loaded window; a window for a filter the user has typed past is
    /// ignored. Asks for the last rows when End is waiting for an exact count
    /// and this window brought it.
    /// A search for the filter typed is still running: the rows shown are
    /// the last filter's.
    pub fn searching(&self) -> bool {
        self.loaded && self.shown_filter != self.filter
    }

    pub fn apply(&mut self, page: Page<T>, height: usize) -> ListOutcome {
        if page.filter != self.filter {
            return ListOutcome::Done;
        }
        self.total = page.total;
        self.counted = page.counted;
        self.offset = page.offset;
        self.rows = page.rows;
        self.selected = page.selected;
        self.loaded = true;
        self.shown_filter = page.filter;
        self.keep_in_view(height);
        if self.counted && std::mem::take(&mut self.end_wanted) {
            let last = self.total.saturating_sub(1);
            if self.selected != last {
                return ListOutcome::Load(Focus::Index(last));
            }
        }
        ListOutcome::Done
    }

    /// The commands every list shares: moving, paging, filtering.
    /// `id_of` names a row, so clearing the filter keeps the row selected.
    pub fn command(
        &mut self,
        command: Command,
        height: usize,
        id_of: impl Fn(&T) -> i64,
    ) -> ListOutcome {
        let last = self.total.saturating_sub(1);
        self.end_wanted = command == Command::End && !self.counted;
        match command {
            Command::Up => self.select(self.selected.saturating_sub(1), height),
            Command::Down => self.select((self.selected + 1).min(last), height),
            Command::PageUp => self.select(self.selected.saturating_sub(height), height),
            Command::PageDown => self.select((self.selected + height).min(last), height),
            Command::Home => self.select(0, height),
            Command::End => self.select(last, height),
            Command::Filter => {
                self.filtering = true;
                ListOutcome::Done
            }
            Command::AcceptFilter => {
                self.filtering = false;
                ListOutcome::Done
            }
            Command::ClearFilter => {
                self.filtering = false;
                if self.filter.is_empty() {
                    return ListOutcome::Done;
                }
                self.filter.clear();
                // Keep the row the user was on; it is still in the full list.
                ListOutcome::Load(
                    self.selected_row()
                        .map_or(Focus::Index(0), |row| Focus::Id(id_of(row))),
                )
            }
            _ => ListOutcome::NotMine,
        }
    }

    /// Typing in the filter narrows the list at every keystroke.
    pub fn filter_key(&mut self, key: KeyEvent) -> ListOutcome {
        self.end_wanted = false;
        if !crate::tui::widgets::text::edit_query(&mut self.filter, key) {
            return ListOutcome::Done;
        }
        ListOutcome::Load(Focus::Index(0))
    }

    /// Pasted text added to the filter (on one line).
    pub fn filter_paste(&mut self, text: &str) -> ListOutcome {
        self.end_wanted = false;
        self.filter
            .push_str(&crate::tui::widgets::form::one_line(text));
        ListOutcome::Load(Focus::Index(0))
    }

    /// Selects the row under a click at screen row `row` of a list drawn in `list_area`.
    pub fn click(
        &mut self,
        list_area: ratatui::layout::Rect,
        row: u16,
        height: usize,
    ) -> ListOutcome {
        let (first, rows) = layout::list_rows(list_area);
        if row < first || usize::from(row - first) >= rows {
            return ListOutcome::Done;
        }
        self.end_wanted = false;
        let index = self.scroll + usize::from(row - first);
        if index < self.total {
            self.select(index, height)
        } else {
            ListOutcome::Done
        }
    }

    /// One step up or down for the mouse wheel.
    pub fn wheel(&mut self, down: bool, height: usize) -> ListOutcome {
        let command = if down { Command::Down } else { Command::Up };
        self.command(command, height, |_| 0)
    }

    /// "3/17": where the selection stands, for the list's border.
    pub fn position(&self) -> Option<String> {
        (self.total > 0).then(|| format!(" {}/{} ", self.selected + 1, self.shown_total()))
    }

    /// The count as the screen says it: "5000+" while only a quick count is
    /// known, "…" before the first rows have arrived.
    pub fn shown_total(&self) -> String {
        if !self.loaded {
            "…".to_string()
        } else if self.counted {
            self.total.to_string()
        } else {
            format!("{}+", self.total)
        }
    }

    /// The exact count of the rows matching `filter` has arrived. Asks for
    /// the last rows when End was pressed before it was known.
    pub fn counted(&mut self, filter: &str, total: usize) -> ListOutcome {
        if filter != self.filter || self.counted {
            return ListOutcome::Done;
        }
        self.total = total;
        self.counted = true;
        if std::mem::take(&mut self.end_wanted) {
            ListOutcome::Load(Focus::Index(total.saturating_sub(1)))
        } else {
            ListOutcome::Done
        }
    }
}

/// How a list screen labels itself: its name, the keys to show, and what to say when empty.
pub struct ListLabels<'a> {
    pub name: &'a str,
    pub hint: &'a str,
    pub empty: &'a str,
    /// Shown until the first window of rows has arrived.
    pub loading: &'a str,
}

impl<'a> ListLabels<'a> {
    /// The labels of a list read from the register, window by window.
    pub fn reading(name: &'a str, hint: &'a str, empty: &'a str) -> Self {
        ListLabels {
            name,
            hint,
            empty,
            loading: "Reading the register…",
        }
    }
}

/// Draws the bordered frame of a list screen: the name with the count (and the
/// filter being typed), the key hints and the position. Returns the area for
/// the rows, or `None` when there is nothing to list (the frame then says why).
pub fn render_frame<T>(
    frame: &mut ratatui::Frame,
    area: ratatui::layout::Rect,
    list: &ListWindow<T>,
    labels: &ListLabels<'_>,
    (theme, keys): (&crate::tui::theme::Theme, &crate::tui::keymap::KeyMap),
) -> Option<ratatui::layout::Rect> {
    use super::text::{columns, fit_hints};
    use ratatui::text::{Line, Span};
    use ratatui::widgets::{Block, Borders, Paragraph};
    let mut title = vec![Span::styled(format!(" {} ", labels.name), theme.title)];
    if list.filtering || !list.filter.is_empty() {
        title.push(Span::styled(
            format!("· filter: {}", list.filter),
            theme.accent,
        ));
        if list.filtering {
            title.push(Span::styled("▏", theme.accent));
        }
        let found = if list.searching() {
            " (searching…) ".to_string()
        } else {
            format!(" ({} found) ", list.shown_total())
        };
        title.push(Span::styled(found, theme.muted));
    } else {
        title.push(Span::styled(
            format!("({}) ", list.shown_total()),
            theme.muted,
        ));
    }
    let hint = if list.filtering {
        let hints = [
            (Command::AcceptFilter, "keep filter"),
            (Command::ClearFilter, "clear"),
        ];
        format!(" {} ", keys.hint_line(Mode::Filter, &hints))
    } else {
        labels.hint.to_string()
    };
    // The position keeps its corner; the hints get what is left, whole.
    let position = list.position().unwrap_or_default();
    let room = usize::from(area.width.saturating_sub(2)).saturating_sub(columns(&position));
    let mut block = Block::default()
        .borders(Borders::ALL)
        .border_style(theme.accent)
        .title(Line::from(title))
        .title_bottom(Line::from(Span::styled(
            fit_hints(&hint, room),
            theme.muted,
        )));
    if !position.is_empty() {
        block = block.title_bottom(Line::from(Span::styled(position, theme.muted)).right_aligned());
    }
    let inner = block.inner(area);
    frame.render_widget(block, area);
    if !list.loaded {
        frame.render_widget(
            Paragraph::new(Span::styled(labels.loading, theme.muted)),
            inner,
        );
        return None;
    }
    if list.total == 0 {
        let text = if list.filter.is_empty() {
            labels.empty.to_string()
        } else {
            format!(
                "Nothing matches \"{}\". {} clears the filter.",
                list.filter,
                keys.key_named(Mode::List, Command::ClearFilter)
            )
        };
        frame.render_widget(Paragraph::new(Span::styled(text, theme.muted)), inner);
        return None;
    }
    Some(inner)
}

/// Draws the visible rows as a table with a header, the selected row highlighted.
/// `columns` are (heading, width); `row` builds one line from a record and the
/// widths its columns will get.
pub fn render_rows<'a, T>(
    frame: &mut ratatui::Frame,
    list_area: ratatui::layout::Rect,
    inner: ratatui::layout::Rect,
    list: &'a ListWindow<T>,
    columns: &[(&'a str, ratatui::layout::Constraint)],
    theme: &crate::tui::theme::Theme,
    mut row: impl FnMut(&'a T, &[usize]) -> ratatui::widgets::Row<'a>,
) {
    use ratatui::layout::Layout;
    use ratatui::widgets::{Cell, Row, Table, TableState};
    let constraints: Vec<_> = columns.iter().map(|(_, c)| *c).collect();
    let widths: Vec<usize> = Layout::horizontal(constraints.clone())
        .spacing(1)
        .split(inner)
        .iter()
        .map(|r| usize::from(r.width))
        .collect();
    let (_, height) = layout::list_rows(list_area);
    let rows: Vec<Row> = (list.scroll..(list.scroll + height).min(list.total))
        .map(|i| match list.row(i) {
            Some(record) => row(record, &widths),
            None => Row::new(vec![Cell::from("…")]),
        })
        .collect();
    let header = Row::new(columns.iter().map(|(name, _)| *name)).style(theme.header);
    let table = Table::new(rows, constraints)
        .header(header)
        .row_highlight_style(theme.selected);
    let mut state = TableState::default()
        .with_selected((list.total > 0).then(|| list.selected.saturating_sub(list.scroll)));
    frame.render_stateful_widget(table, inner, &mut state);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn list(total: usize) -> ListWindow<i64> {
        let mut l = ListWindow::default();
        let _ = l.apply(
            Page {
                filter: String::new(),
                total,
                counted: true,
                offset: 0,
                rows: (0..total.min(30) as i64).collect(),
                selected: 0,
            },
            10,
        );
        l
    }

    #[test]
    fn while_the_search_for_a_new_filter_runs_the_list_says_so() {
        let mut l = list(100);
        assert!(!l.searching());
        l.filter = "zq".into();
        assert!(l.searching(), "the rows shown are the last filter's");
        let mut answer = quick_page(3, true, 0, 0);
        answer.filter = "z".into();
        let _ = l.apply(answer, 10);
        assert!(
            l.searching(),
            "an answer for a filter typed past changes nothing"
        );
        let mut answer = quick_page(2, true, 0, 0);
        answer.filter = "zq".into();
        let _ = l.apply(answer, 10);
        assert!(!l.searching());
        assert_eq!(l.total, 2);
    }

    #[test]
    fn moving_inside_the_window_needs_no_load() {
        let mut l = list(100);
        assert_eq!(l.command(Command::Down, 10, |r| *r), ListOutcome::Done);
        assert_eq!(l.command(Command::PageDown, 10, |r| *r), ListOutcome::Done);
        assert_eq!(l.selected, 11);
        assert_eq!(l.scroll, 2, "scrolled just enough");
    }

    #[test]
    fn leaving_the_window_asks_for_the_rows_there() {
        let mut l = list(100);
        assert_eq!(
            l.command(Command::End, 10, |r| *r),
            ListOutcome::Load(Focus::Index(99))
        );
        assert_eq!(l.scroll, 90);
    }

    fn quick_page(total: usize, counted: bool, offset: usize, selected: usize) -> Page<i64> {
        Page {
            filter: "sy".into(),
            total,
            counted,
            offset,
            rows: (offset as i64..(offset + 30).min(total) as i64).collect(),
            selected,
        }
    }

    fn filtered() -> ListWindow<i64> {
        ListWindow {
            filter: "sy".into(),
            ..Default::default()
        }
    }

    #[test]
    fn end_before_the_exact_count_goes_to_the_real_end_when_it_arrives() {
        let mut l = filtered();
        let _ = l.apply(quick_page(5000, false, 0, 0), 10);
        assert_eq!(
            l.command(Command::End, 10, |r| *r),
            ListOutcome::Load(Focus::Index(4999))
        );
        assert_eq!(
            l.apply(quick_page(5000, false, 4970, 4999), 10),
            ListOutcome::Done
        );
        assert_eq!(
            l.counted("sy", 80_000),
            ListOutcome::Load(Focus::Index(79_999))
        );
        assert_eq!(l.counted("sy", 80_000), ListOutcome::Done, "once");
        // The count arriving with the page itself does the same.
        let mut l = filtered();
        let _ = l.apply(quick_page(5000, false, 0, 0), 10);
        let _ = l.command(Command::End, 10, |r| *r);
        assert_eq!(
            l.apply(quick_page(80_000, true, 4970, 4999), 10),
            ListOutcome::Load(Focus::Index(79_999))
        );
        // Any other key in between: the count only updates the total.
        let mut l = filtered();
        let _ = l.apply(quick_page(5000, false, 0, 0), 10);
        let _ = l.command(Command::End, 10, |r| *r);
        let _ = l.command(Command::Up, 10, |r| *r);
        assert_eq!(l.counted("sy", 80_000), ListOutcome::Done);
        assert_eq!(l.total, 80_000);
    }

    #[test]
    fn a_stale_filter_answer_is_ignored() {
        let mut l = list(100);
        l.filter = "new".into();
        l.apply(
            Page {
                filter: "old".into(),
                total: 1,
                counted: true,
                offset: 0,
                rows: vec![7],
                selected: 0,
            },
            10,
        );
        assert_eq!(l.total, 100);
    }

    #[test]
    fn clearing_the_filter_keeps_the_selected_row() {
        let mut l = list(100);
        l.command(Command::Down, 10, |r| *r);
        l.filter = "x".into();
        assert_eq!(
            l.command(Command::ClearFilter, 10, |r| *r + 1000),
            ListOutcome::Load(Focus::Id(1001))
        );
    }
}
