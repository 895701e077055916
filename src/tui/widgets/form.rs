//! A record editor built on the `tui-textarea` widget: one-line fields, text
//! boxes, and choice fields, with each field's validation message shown under it.
//! The form never validates by itself; the screen that owns it does, with the
//! same domain function the CLI and the import use.

use crate::tui::keymap::{Command, KeyMap, Mode};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::layout::{Position, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};
use ratatui::Frame;
use tui_textarea::{TextArea, WrapMode};

use super::{choices, text_box};
use crate::domain::validation::FieldErrors;
use crate::tui::theme::Theme;

pub use super::choices::{Checklist, Choice};

#[derive(Debug, Clone)]
pub enum FieldInput {
    Line(TextArea<'static>),
    Text(TextArea<'static>),
    Choice(Choice),
    Checklist(Checklist),
}

#[derive(Debug, Clone)]
pub struct FormField {
    /// Record field key; matches `FieldError::field`.
    pub key: &'static str,
    pub label: &'static str,
    pub required: bool,
    pub input: FieldInput,
    /// What the text typed will be saved as, where that differs from it
    /// ("6.12" → 2026-12-06): shown beside the field, so nothing is guessed
    /// silently.
    pub reads_as: Option<String>,
    /// How `reads_as` is found (the record kind's own reading of the field).
    pub reader: Option<crate::record::ReadsAs>,
}

const TEXT_BOX_ROWS: u16 = 3;
const LABEL_WIDTH: u16 = 19;

fn text_area(value: &str, placeholder: &str) -> TextArea<'static> {
    let mut area = TextArea::new(value.lines().map(String::from).collect());
    area.set_cursor_line_style(Style::default());
    area.set_placeholder_text(placeholder.to_string());
    area.set_wrap_mode(WrapMode::WordOrGlyph);
    area.move_cursor(tui_textarea::CursorMove::Bottom);
    area.move_cursor(tui_textarea::CursorMove::End);
    area
}

impl FormField {
    pub fn line(
        key: &'static str,
        label: &'static str,
        required: bool,
        value: &str,
        placeholder: &str,
    ) -> Self {
        FormField {
            key,
            label,
            required,
            input: FieldInput::Line(text_area(value, placeholder)),
            reads_as: None,
            reader: None,
        }
    }

    /// A one-line field whose characters are shown as dots (a passphrase).
    pub fn secret(key: &'static str, label: &'static str, placeholder: &str) -> Self {
        let mut area = text_area("", placeholder);
        area.set_mask_char('•');
        FormField {
            key,
            label,
            required: true,
            input: FieldInput::Line(area),
            reads_as: None,
            reader: None,
        }
    }

    pub fn text(key: &'static str, label: &'static str, value: &str, placeholder: &str) -> Self {
        // Drawn by `text_box` (wrapped at spaces); ↑/↓ move by lines.
        let mut area = text_area(value, placeholder);
        area.set_wrap_mode(WrapMode::None);
        FormField {
            key,
            label,
            required: false,
            input: FieldInput::Text(area),
            reads_as: None,
            reader: None,
        }
    }

    /// A choice among `options`, starting at the one whose value is `value` (else the first).
    pub fn choice(
        key: &'static str,
        label: &'static str,
        options: Vec<(String, String)>,
        value: &str,
    ) -> Self {
        FormField {
            key,
            label,
            required: true,
            input: FieldInput::Choice(Choice::new(options, value)),
            reads_as: None,
            reader: None,
        }
    }

    /// A set of options to tick; `ticked` holds the stored values ticked at the start.
    pub fn checklist(
        key: &'static str,
        label: &'static str,
        options: Vec<(String, String)>,
        ticked: &[String],
    ) -> Self {
        FormField {
            key,
            label,
            required: false,
            input: FieldInput::Checklist(Checklist::new(options, ticked)),
            reads_as: None,
            reader: None,
        }
    }

    /// Marks a text field as required (shown with *; the domain rule enforces it).
    pub fn required(mut self) -> Self {
        self.required = true;
        self
    }

    /// A yes/no choice, stored as "yes" or "no".
    pub fn yes_no(key: &'static str, label: &'static str, value: bool) -> Self {
        let options = vec![
            ("no".to_string(), "No".to_string()),
            ("yes".to_string(), "Yes".to_string()),
        ];
        FormField::choice(key, label, options, if value { "yes" } else { "no" })
    }

    /// Drops the required marker (a choice whose first option means "none").
    pub fn optional(mut self) -> Self {
        self.required = false;
        self
    }

    pub fn value(&self) -> String {
        match &self.input {
            FieldInput::Line(area) | FieldInput::Text(area) => area.lines().join("\n"),
            FieldInput::Choice(choice) => choice
                .options
                .get(choice.index)
                .map(|(v, _)| v.clone())
                .unwrap_or_default(),
            FieldInput::Checklist(list) => list.value(),
        }
    }

    fn rows(&self) -> u16 {
        match self.input {
            FieldInput::Text(_) => TEXT_BOX_ROWS,
            _ => 1,
        }
    }
}

/// The register's records a form's fields offer, by the field's key: a
/// breach form names a processor, ticks activities and an Art. 30(2) record.
pub type RecordChoices = Vec<(&'static str, Vec<(i64, String)>)>;

/// The form fields of kind `K`, filled from `draft`, in the kind's order;
/// `records` are the choices of each field that names other records, by its key.
pub fn fields_of<K: crate::record::Kind>(
    draft: &crate::record::Draft,
    mut records: RecordChoices,
) -> Vec<FormField> {
    use crate::record::Input;
    let mut choices_of = |key: &str| -> Vec<(String, String)> {
        let at = records.iter().position(|(k, _)| *k == key);
        at.map(|i| record_options(records.swap_remove(i).1))
            .unwrap_or_default()
    };
    let mut entered: Vec<_> = K::fields().iter().filter(|f| f.input.is_some()).collect();
    if let Some(order) = K::FORM {
        entered.sort_by_key(|f| order.iter().position(|key| *key == f.key));
    }
    entered
        .into_iter()
        .filter_map(|field| {
            let input = field.input?;
            let value = draft.get(field.key);
            let (key, label) = (field.key, field.label);
            Some(match input {
                Input::Line {
                    required,
                    placeholder,
                } => FormField {
                    reader: Some(crate::record::reads_as::<K>),
                    ..FormField::line(key, label, required, value, placeholder)
                },
                Input::Text {
                    required,
                    placeholder,
                } => {
                    let field = FormField::text(key, label, value, placeholder);
                    if required {
                        field.required()
                    } else {
                        field
                    }
                }
                Input::Codes(options) => FormField::choice(key, label, options(), value),
                Input::YesNo => FormField::yes_no(key, label, value == "yes"),
                Input::Checks(options) => {
                    let ticked: Vec<String> = value.split(',').map(str::to_string).collect();
                    FormField::checklist(key, label, options(), &ticked)
                }
                Input::Records => {
                    let ticked: Vec<String> = value.split(',').map(str::to_string).collect();
                    FormField::checklist(key, label, choices_of(key), &ticked)
                }
                Input::Record => {
                    let mut options = vec![(String::new(), "(none)".to_string())];
                    options.extend(choices_of(key));
                    FormField::choice(key, label, options, value).optional()
                }
            })
        })
        .collect()
}

/// Pasted text for one line: each run of line breaks and tabs one space,
/// the ends trimmed of them.
pub fn one_line(text: &str) -> String {
    text.split(['\r', '\n', '\t'])
        .filter(|part| !part.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// The register's records as a form offers them: (id as text, label).
pub fn record_options(records: Vec<(i64, String)>) -> Vec<(String, String)> {
    records
        .into_iter()
        .map(|(id, label)| (id.to_string(), label))
        .collect()
}

/// The record of kind `K` a form holds, read by the kind's rules, or the
/// errors to show next to its fields.
pub fn read<K: crate::record::Kind>(
    form: &Form,
    context: &crate::record::Context,
) -> Result<K::Fields, FieldErrors> {
    // Fields the form does not show keep what a new record has.
    let mut draft = crate::record::draft_of::<K>(&K::Fields::default(), context);
    for field in &form.fields {
        draft.set(field.key, field.value());
    }
    crate::record::validate::<K>(&draft, context)
}

/// Entries offered for a line field as it is typed into (the processor
/// catalogue under a new processor's name): ↓/↑ pick one, Enter takes it.
#[derive(Debug, Clone)]
pub struct Suggestions {
    pub field: &'static str,
    /// (key, what the list shows)
    pub options: Vec<(String, String)>,
    /// The one Enter takes; none until ↓ is pressed, so Enter still moves on.
    pub highlighted: Option<usize>,
}

#[derive(Debug, Clone)]
pub struct Form {
    pub title: String,
    pub fields: Vec<FormField>,
    pub focus: usize,
    /// Shown only once the user has tried to save; then kept current as they type.
    pub errors: FieldErrors,
    pub tried_to_save: bool,
    pub confirm_discard: bool,
    /// Things to reconsider that do not stop the save, kept current as the user types.
    pub warnings: Vec<String>,
    /// What Ctrl-S does, for the footer: "save", or a dialog's own verb.
    pub submit: &'static str,
    /// What saving does besides the record (a catalogue entry's agreement
    /// and transfers), shown above the keys.
    pub notice: Option<String>,
    /// Offered for the focused field, by the screen that owns the form.
    pub suggestions: Option<Suggestions>,
    /// The key of the suggestion Enter took, for the screen to act on.
    pub accepted: Option<String>,
    initial: Vec<String>,
}

impl Form {
    pub fn new(title: impl Into<String>, fields: Vec<FormField>) -> Self {
        let initial = fields.iter().map(FormField::value).collect();
        Form {
            title: title.into(),
            fields,
            focus: 0,
            errors: FieldErrors::default(),
            tried_to_save: false,
            confirm_discard: false,
            warnings: Vec::new(),
            submit: "save",
            notice: None,
            suggestions: None,
            accepted: None,
            initial,
        }
    }

    /// Names what Ctrl-S does in a dialog that saves no record ("export", "check").
    pub fn submitting(mut self, verb: &'static str) -> Self {
        self.submit = verb;
        self
    }

    /// The fields whose text holds a control character (a line break or
    /// tab only in a text box): refused before any record rule runs.
    pub fn control_character_errors(&self) -> FieldErrors {
        let mut errors = FieldErrors::default();
        for field in &self.fields {
            let multi_line = match field.input {
                FieldInput::Line(_) => false,
                FieldInput::Text(_) => true,
                FieldInput::Choice(_) | FieldInput::Checklist(_) => continue,
            };
            if let Some(problem) =
                crate::domain::text::control_character_problem(&field.value(), multi_line)
            {
                errors.push(field.key, problem);
            }
        }
        errors
    }

    /// The ids ticked in a list of the register's records (kept as their
    /// ids, comma-separated).
    pub fn ticked_ids(&self, key: &str) -> Vec<i64> {
        self.value(key)
            .split(',')
            .filter_map(|id| id.parse().ok())
            .collect()
    }

    pub fn value(&self, key: &str) -> String {
        self.fields
            .iter()
            .find(|f| f.key == key)
            .map(FormField::value)
            .unwrap_or_default()
    }

    /// Puts `value` in the field named `key`: a line's or a text box's text,
    /// the choice whose value it is, or the ticks it lists (comma-separated).
    pub fn set_value(&mut self, key: &str, value: &str) {
        let Some(field) = self.fields.iter_mut().find(|f| f.key == key) else {
            return;
        };
        match &mut field.input {
            FieldInput::Line(area) | FieldInput::Text(area) => {
                let placeholder = area.placeholder_text().to_string();
                let mask = area.mask_char();
                let wrap = area.wrap_mode();
                *area = text_area(value, &placeholder);
                area.set_wrap_mode(wrap);
                if let Some(mask) = mask {
                    area.set_mask_char(mask);
                }
            }
            FieldInput::Choice(choice) => {
                if let Some(i) = choice.options.iter().position(|(v, _)| v == value) {
                    choice.index = i;
                }
            }
            FieldInput::Checklist(list) => {
                let ticked: Vec<&str> = value.split(',').collect();
                for option in &mut list.options {
                    option.2 = ticked.contains(&option.0.as_str());
                }
            }
        }
    }

    /// A field's value when the form opened.
    pub fn initial_value(&self, key: &str) -> String {
        self.fields
            .iter()
            .position(|f| f.key == key)
            .map(|i| self.initial[i].clone())
            .unwrap_or_default()
    }

    pub fn is_dirty(&self) -> bool {
        self.fields
            .iter()
            .map(FormField::value)
            .ne(self.initial.iter().cloned())
    }

    pub fn next_field(&mut self) {
        self.move_focus((self.focus + 1) % self.fields.len());
    }

    pub fn prev_field(&mut self) {
        self.move_focus((self.focus + self.fields.len() - 1) % self.fields.len());
    }

    /// Focuses the field named `key` (e.g. the first one with an error).
    pub fn focus_field(&mut self, key: &str) {
        if let Some(i) = self.fields.iter().position(|f| f.key == key) {
            self.move_focus(i);
        }
    }

    /// Leaves the focused field (its filter and suggestions end) for field `to`.
    fn move_focus(&mut self, to: usize) {
        match &mut self.fields[self.focus].input {
            FieldInput::Choice(choice) => choice.query.clear(),
            FieldInput::Checklist(list) => list.query.clear(),
            FieldInput::Line(_) | FieldInput::Text(_) => {}
        }
        self.suggestions = None;
        self.focus = to;
    }

    /// Whether suggestions are listed under the focused field (↑/↓ then move
    /// among them).
    pub fn suggesting(&self) -> bool {
        self.suggestions
            .as_ref()
            .is_some_and(|s| s.field == self.fields[self.focus].key && !s.options.is_empty())
    }

    /// Whether a list is open under the focused field (its matches or the
    /// suggestions): ↑/↓ move in it and Esc closes it, not the form.
    pub fn dropdown_open(&self) -> bool {
        !self.dropdown().0.is_empty()
    }

    /// Esc on an open list: the filter is emptied, the suggestions closed.
    fn close_dropdown(&mut self) {
        match &mut self.fields[self.focus].input {
            FieldInput::Choice(choice) if !choice.query.is_empty() => choice.query.clear(),
            FieldInput::Checklist(list) if !list.query.is_empty() => list.query.clear(),
            _ => self.suggestions = None,
        }
    }

    /// ↓/↑ among the suggestions, Enter to take the highlighted one; `true`
    /// when the key was theirs.
    fn suggestion_input(&mut self, key: KeyEvent) -> bool {
        if !self.suggesting() {
            return false;
        }
        let Some(offer) = self.suggestions.as_mut() else {
            return false;
        };
        let last = offer.options.len() - 1;
        match (key.code, offer.highlighted) {
            (KeyCode::Down, at) => offer.highlighted = Some(at.map_or(0, |i| (i + 1).min(last))),
            (KeyCode::Up, at) => offer.highlighted = at.and_then(|i| i.checked_sub(1)),
            (KeyCode::Enter, Some(i)) => {
                self.accepted = Some(offer.options[i].0.clone());
                self.suggestions = None;
            }
            _ => return false,
        }
        true
    }

    /// Whether ↑/↓ should move inside the focused field instead of between fields.
    pub fn focus_is_text_box(&self) -> bool {
        matches!(self.fields[self.focus].input, FieldInput::Text(_))
    }

    /// Selects the text of every one-line field that has some: typing then
    /// replaces a value remembered from last time (as in any dialog), and an
    /// arrow key keeps it for editing.
    pub fn select_values(&mut self) {
        for field in &mut self.fields {
            if let FieldInput::Line(area) = &mut field.input {
                if area.lines().iter().any(|l| !l.is_empty()) {
                    area.select_all();
                }
            }
        }
    }

    /// Gives a typed key to the focused field; returns whether its value changed.
    pub fn input(&mut self, key: KeyEvent) -> bool {
        if self.suggestion_input(key) {
            return false;
        }
        if key.code == KeyCode::Esc {
            self.close_dropdown();
            return false;
        }
        let before = self.fields[self.focus].value();
        let enter = key.code == KeyCode::Enter
            || (key.modifiers.contains(KeyModifiers::CONTROL)
                && matches!(key.code, KeyCode::Char('m' | 'j')));
        // Ctrl-U empties the field, as in a shell (the text areas would undo).
        let clear = key.modifiers.contains(KeyModifiers::CONTROL) && key.code == KeyCode::Char('u');
        match &mut self.fields[self.focus].input {
            FieldInput::Line(_) | FieldInput::Choice(_) | FieldInput::Checklist(_) if enter => {
                self.next_field();
                return false;
            }
            FieldInput::Line(area) | FieldInput::Text(area) if clear => {
                area.select_all();
                area.cut();
            }
            FieldInput::Line(area) | FieldInput::Text(area) => {
                area.input(key);
            }
            FieldInput::Choice(choice) => choice.input(key),
            FieldInput::Checklist(list) => list.input(key),
        }
        self.fields[self.focus].value() != before
    }

    /// Puts pasted text into the focused field at once: line breaks kept in a
    /// text box, turned into spaces on one line (so a pasted address does not
    /// spill into the next fields); returns whether its value changed.
    pub fn paste(&mut self, text: &str) -> bool {
        // Composed (NFC): one cursor stop per letter, found by the filter as typed.
        let text = &crate::domain::text::composed(text);
        let before = self.fields[self.focus].value();
        match &mut self.fields[self.focus].input {
            FieldInput::Line(area) => {
                area.insert_str(one_line(text));
            }
            FieldInput::Text(area) => {
                area.insert_str(text.replace("\r\n", "\n").replace('\r', "\n"));
            }
            // A choice is made, not typed: a paste there changes nothing.
            FieldInput::Choice(_) | FieldInput::Checklist(_) => {}
        }
        self.fields[self.focus].value() != before
    }

    /// Works out what the focused field's text reads as (a typed date's day).
    pub fn refresh_reads_as(&mut self, context: &crate::record::Context) {
        let field = &mut self.fields[self.focus];
        let text = field.value();
        field.reads_as = match field.reader {
            Some(read) if !text.trim().is_empty() => read(field.key, &text, context),
            _ => None,
        };
    }

    /// Passes ↑/↓ to a focused text box (for moving between its lines).
    pub fn move_in_text_box(&mut self, key: KeyEvent) {
        if let FieldInput::Text(area) = &mut self.fields[self.focus].input {
            area.input(key);
        }
    }

    /// Shows `errors` and moves to the first field that has one.
    pub fn show_errors(&mut self, errors: FieldErrors) {
        self.tried_to_save = true;
        if let Some(first) = errors.0.first() {
            self.focus_field(first.field);
        }
        self.errors = errors;
    }

    /// Rows the whole form needs, borders and footer included, to show every field.
    /// `width` is the form's outer width.
    pub fn wanted_height(&self, width: u16) -> u16 {
        let inner_width = width.saturating_sub(2);
        let fields: u16 = self.field_heights(inner_width).iter().sum();
        fields + 3 + self.footer_rows(inner_width)
    }

    /// Problems that belong to no field of the form (a refused workflow step,
    /// a record changed elsewhere), shown above the footer.
    fn general_error(&self) -> Option<String> {
        let messages: Vec<&str> = self
            .errors
            .0
            .iter()
            .filter(|e| !self.fields.iter().any(|f| f.key == e.field))
            .map(|e| e.message.as_str())
            .collect();
        (!messages.is_empty()).then(|| messages.join("; "))
    }

    fn footer_rows(&self, inner_width: u16) -> u16 {
        let width = usize::from(inner_width).max(1);
        let rows = |m: &str| (super::text::columns(m) + 2).div_ceil(width) as u16;
        1 + self.general_error().map_or(0, |m| rows(&m))
            + self.notice.as_deref().map_or(0, rows)
            + self.warnings.iter().map(|w| rows(w)).sum::<u16>()
    }

    /// The inner area split into its fields and the footer (general error and hints).
    fn split(&self, inner: Rect) -> [Rect; 2] {
        let footer_rows = self.footer_rows(inner.width).min(inner.height);
        let fields = Rect {
            height: inner.height.saturating_sub(footer_rows + 1),
            ..inner
        };
        let footer = Rect {
            y: inner.y + inner.height - footer_rows,
            height: footer_rows,
            ..inner
        };
        [fields, footer]
    }

    /// Where the fields of this form drawn in `outer` (border included) go; for mouse clicks.
    pub fn fields_area(&self, outer: Rect) -> Rect {
        self.split(outer.inner(ratatui::layout::Margin::new(1, 1)))[0]
    }

    /// Rows a field's error message takes, wrapped to the value column.
    fn error_rows(&self, key: &str, inner_width: u16) -> u16 {
        self.error_lines(key, inner_width).len() as u16
    }

    /// A field's error as it is drawn under it, broken at spaces: the rows
    /// it takes are counted from the very lines drawn, so none is cut off.
    fn error_lines(&self, key: &str, inner_width: u16) -> Vec<String> {
        let width = usize::from(inner_width.saturating_sub(LABEL_WIDTH)).max(1);
        self.errors.get(key).map_or_else(Vec::new, |m| {
            super::text::wrap_words(&format!("↑ {m}"), width)
        })
    }

    fn field_heights(&self, inner_width: u16) -> Vec<u16> {
        self.fields
            .iter()
            .map(|f| f.rows() + self.error_rows(f.key, inner_width))
            .collect()
    }

    /// Where each field is drawn inside `inner` (None when scrolled out of view),
    /// scrolled so the focused field is visible. Render and mouse clicks share it.
    pub fn field_areas(&self, inner: Rect) -> Vec<Option<Rect>> {
        let heights = self.field_heights(inner.width);
        let mut tops = Vec::with_capacity(heights.len());
        let mut y = 0u16;
        for h in &heights {
            tops.push(y);
            y += h;
        }
        let focus_bottom = tops[self.focus] + heights[self.focus];
        let scroll = focus_bottom.saturating_sub(inner.height);
        tops.iter()
            .zip(&heights)
            .map(|(&top, &h)| {
                let top = top.checked_sub(scroll)?;
                (top + h <= inner.height).then(|| Rect::new(inner.x, inner.y + top, inner.width, h))
            })
            .collect()
    }

    /// Focuses the field under a mouse click, if any.
    pub fn click(&mut self, inner: Rect, column: u16, row: u16) {
        let hit = self
            .field_areas(inner)
            .iter()
            .position(|area| area.is_some_and(|a| a.contains(Position::new(column, row))));
        if let Some(i) = hit {
            self.move_focus(i);
        }
    }

    pub fn render(&self, frame: &mut Frame, area: Rect, (theme, keys): (&Theme, &KeyMap)) {
        frame.render_widget(Clear, area);
        let inner = area.inner(ratatui::layout::Margin::new(1, 1));
        let [fields_area, footer_area] = self.split(inner);
        // A form taller than the window scrolls to the focused field and says
        // which way the others are.
        let areas = self.field_areas(fields_area);
        let first_shown = areas.iter().position(Option::is_some).unwrap_or(0);
        let last_shown = areas.iter().rposition(Option::is_some).unwrap_or(0);
        let more = match (first_shown > 0, last_shown + 1 < areas.len()) {
            (true, true) => " ↑ more fields above · ↓ more below ",
            (true, false) => " ↑ more fields above ",
            (false, true) => " ↓ more fields below ",
            (false, false) => "",
        };
        let block = Block::default()
            .borders(Borders::ALL)
            .border_style(theme.accent)
            .title(Span::styled(format!(" {} ", self.title), theme.title))
            .title_bottom(Line::from(Span::styled(more, theme.muted)).right_aligned());
        frame.render_widget(block, area);
        for ((i, field), place) in self
            .fields
            .iter()
            .enumerate()
            .zip(self.field_areas(fields_area))
        {
            if let Some(place) = place {
                self.render_field(frame, field, place, i == self.focus, theme);
            }
        }
        frame.render_widget(
            Paragraph::new(self.footer_lines(theme, keys)).wrap(Wrap { trim: false }),
            footer_area,
        );
        // Last, over the fields below and the footer: the focused field's
        // matches or suggestions.
        if let Some(Some(place)) = self.field_areas(fields_area).get(self.focus) {
            let value = Rect::new(
                place.x + LABEL_WIDTH,
                place.y,
                place.width.saturating_sub(LABEL_WIDTH),
                1,
            );
            let (rows, current) = self.dropdown();
            let hint = self
                .suggesting()
                .then_some("↓ and Enter take one · keep typing to narrow");
            choices::render_dropdown(frame, value, &rows, current, hint, theme);
        }
    }

    /// What is listed under the focused field: a long choice's matches once
    /// something is typed, a long checklist's options with their ticks, or
    /// the suggestions for a line field.
    fn dropdown(&self) -> (Vec<String>, Option<usize>) {
        let field = &self.fields[self.focus];
        match &field.input {
            FieldInput::Choice(choice) if choice.filters() && !choice.query.is_empty() => {
                let shown = choice.matches();
                let current = shown.iter().position(|&i| i == choice.index);
                let rows = shown.iter().map(|&i| choice.options[i].1.clone());
                (rows.collect(), current)
            }
            FieldInput::Checklist(list) if list.filters() => {
                let shown = list.matches();
                let current = shown.iter().position(|&i| i == list.cursor);
                let rows = shown.iter().map(|&i| {
                    let (_, label, on) = &list.options[i];
                    format!("{} {label}", if *on { "[x]" } else { "[ ]" })
                });
                (rows.collect(), current)
            }
            _ => match &self.suggestions {
                Some(offer) if self.suggesting() => {
                    let rows = offer.options.iter().map(|(_, label)| label.clone());
                    (rows.collect(), offer.highlighted)
                }
                _ => (Vec::new(), None),
            },
        }
    }

    /// One field in its place: the label (with `*` when required), the value,
    /// and its error underneath.
    fn render_field(
        &self,
        frame: &mut Frame,
        field: &FormField,
        place: Rect,
        focused: bool,
        theme: &Theme,
    ) {
        let marker = if field.required { "*" } else { " " };
        let label_style = if focused { theme.selected } else { theme.label };
        let label = Rect::new(place.x, place.y, LABEL_WIDTH.min(place.width), 1);
        frame.render_widget(
            Paragraph::new(Line::from(vec![
                Span::styled(
                    format!("{:<w$}", field.label, w = LABEL_WIDTH as usize - 2),
                    label_style,
                ),
                Span::styled(marker, theme.error),
            ])),
            label,
        );
        let value = Rect::new(
            place.x + LABEL_WIDTH,
            place.y,
            place.width.saturating_sub(LABEL_WIDTH),
            field.rows(),
        );
        render_value(frame, &field.input, value, focused, theme);
        if let Some(shown) = &field.reads_as {
            // At the row's right end: what the save will keep.
            let text = format!(" = {shown}");
            let width = (super::text::columns(&text) as u16).min(value.width);
            let at = Rect::new(value.x + value.width - width, value.y, width, 1);
            frame.render_widget(Paragraph::new(Span::styled(text, theme.muted)), at);
        }
        let lines = self.error_lines(field.key, place.width);
        if !lines.is_empty() {
            let err = Rect::new(
                place.x + LABEL_WIDTH,
                place.y + field.rows(),
                place.width.saturating_sub(LABEL_WIDTH),
                lines.len() as u16,
            );
            let lines: Vec<Line> = lines
                .into_iter()
                .map(|l| Line::from(Span::styled(l, theme.error)))
                .collect();
            frame.render_widget(Paragraph::new(lines), err);
        }
    }

    /// Below the fields: warnings, the error that names no field, and the keys
    /// (or the question whether to drop the changes).
    fn footer_lines(&self, theme: &Theme, keys: &KeyMap) -> Vec<Line<'static>> {
        let mut footer: Vec<Line<'static>> = self
            .warnings
            .iter()
            .map(|warning| Line::from(Span::styled(format!("! {warning}"), theme.warning)))
            .collect();
        if let Some(notice) = &self.notice {
            footer.push(Line::from(Span::styled(
                format!("+ {notice}"),
                theme.accent,
            )));
        }
        if let Some(message) = self.general_error() {
            footer.push(Line::from(Span::styled(
                format!("✗ {message}"),
                theme.error,
            )));
        }
        footer.push(if self.confirm_discard {
            Line::from(Span::styled(
                "Discard your changes?  y discard · n keep editing",
                theme.error,
            ))
        } else {
            Line::from(Span::styled(self.keys_hint(keys), theme.muted))
        });
        footer
    }

    fn keys_hint(&self, keys: &KeyMap) -> String {
        let field_errors = self
            .errors
            .0
            .iter()
            .any(|e| self.fields.iter().any(|f| f.key == e.field));
        let save = [(Command::Save, self.submit), (Command::Cancel, "cancel")];
        if field_errors {
            format!(
                "Fix the fields marked ↑, then {}",
                keys.hint_line(Mode::Form, &save)
            )
        } else {
            let next = [(Command::NextField, "next field")];
            format!(
                "{} · {} · ←/→ change a choice · * required",
                keys.hint_line(Mode::Form, &save),
                keys.keys_line(Mode::Form, &next).trim()
            )
        }
    }
}

/// A field's value: a text box, the chosen option, or the tick list's item
/// under the cursor (its summary when not focused).
fn render_value(frame: &mut Frame, input: &FieldInput, value: Rect, focused: bool, theme: &Theme) {
    let style = if focused {
        theme.input_focused
    } else {
        theme.input
    };
    match input {
        FieldInput::Text(area) => text_box::render(frame, area, value, style, focused, theme),
        // Not being edited: from its start, cut with … where too long (the
        // editor's view would show the end, where its cursor was left).
        FieldInput::Line(area) if !focused && !area.lines()[0].is_empty() => {
            let text = super::text::fit(&area.lines()[0], usize::from(value.width));
            frame.render_widget(Paragraph::new(text).style(style), value);
        }
        FieldInput::Line(area) => {
            let mut area = area.clone();
            area.set_style(style);
            area.set_cursor_style(if focused {
                theme.cursor
            } else {
                Style::default()
            });
            area.set_placeholder_style(theme.muted);
            frame.render_widget(&area, value);
        }
        FieldInput::Choice(choice) => {
            let label = choice
                .options
                .get(choice.index)
                .map(|(_, l)| l.trim_start().to_string())
                .unwrap_or_default();
            let hint = if focused {
                choices::choice_hint(choice)
            } else {
                String::new()
            };
            frame.render_widget(choices::value_line(label, style, hint, theme), value);
        }
        FieldInput::Checklist(list) => {
            let line = match list.options.get(list.cursor) {
                Some((_, label, on)) if focused => choices::value_line(
                    format!("{} {}", if *on { "[x]" } else { "[ ]" }, label.trim_start()),
                    style,
                    choices::checklist_hint(list),
                    theme,
                ),
                None if focused => {
                    Paragraph::new(Span::styled("(nothing to choose from)", theme.muted))
                }
                _ => Paragraph::new(Span::styled(list.summary(), style)),
            };
            frame.render_widget(line, value);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn press(code: KeyCode) -> KeyEvent {
        KeyEvent::new(code, KeyModifiers::NONE)
    }

    fn form() -> Form {
        let roles = vec![
            ("processor".into(), "Processor".into()),
            ("sub_processor".into(), "Sub-processor".into()),
            ("other_recipient".into(), "Other recipient".into()),
        ];
        Form::new(
            "Test",
            vec![
                FormField::line("name", "Name", true, "Acme", ""),
                FormField::choice("role", "Role", roles, "processor"),
                FormField::text("notes", "Notes", "", ""),
            ],
        )
    }

    #[test]
    fn a_long_line_not_being_edited_shows_its_start_and_where_it_is_cut() {
        let service = "Customer service helpdesk: tickets, chat and e-mail, linked to orders";
        let mut f = Form::new(
            "Test",
            vec![
                FormField::line("service", "Service", false, service, ""),
                FormField::line("name", "Name", false, "Kestrel", ""),
            ],
        );
        let screen = |f: &Form| {
            let backend = ratatui::backend::TestBackend::new(60, 8);
            let mut terminal = ratatui::Terminal::new(backend).unwrap();
            terminal
                .draw(|frame| {
                    let keys = KeyMap::standard();
                    f.render(frame, frame.area(), (&Theme::monochrome(), &keys));
                })
                .unwrap();
            terminal.backend().to_string()
        };
        // Edited, it shows where the cursor is (the end); left, its start.
        assert!(screen(&f).contains("linked to orders"));
        f.focus = 1;
        let shown = screen(&f);
        assert!(shown.contains("Customer service helpdesk"), "{shown}");
        assert!(
            shown.contains('…') && !shown.contains("to orders"),
            "{shown}"
        );
    }

    #[test]
    fn a_text_box_wraps_its_words_at_spaces_and_shows_the_cursors_row() {
        let text = "Transfers: US under the EU-US Data Privacy Framework (Art. 45), checked";
        let mut f = Form::new("Test", vec![FormField::text("notes", "Notes", text, "")]);
        let screen = |f: &Form| {
            let backend = ratatui::backend::TestBackend::new(60, 8);
            let mut terminal = ratatui::Terminal::new(backend).unwrap();
            terminal
                .draw(|frame| {
                    f.render(
                        frame,
                        frame.area(),
                        (&Theme::monochrome(), &KeyMap::standard()),
                    )
                })
                .unwrap();
            terminal.backend().to_string()
        };
        let shown = screen(&f);
        assert!(
            shown.contains("Transfers: US under the EU-US Data     │"),
            "{shown}"
        );
        assert!(
            shown.contains("Privacy Framework (Art. 45), checked"),
            "{shown}"
        );
        f.input(press(KeyCode::Char('!')));
        assert!(screen(&f).contains("checked!"));
    }

    #[test]
    fn typing_changes_the_focused_line_and_marks_the_form_dirty() {
        let mut f = form();
        assert!(!f.is_dirty());
        assert!(f.input(press(KeyCode::Char('!'))));
        assert_eq!(f.value("name"), "Acme!");
        assert!(f.is_dirty());
    }

    #[test]
    fn the_field_keys_the_help_lists_do_what_it_says() {
        let ctrl = |c| KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL);
        let mut f = form();
        f.input(ctrl('a'));
        f.input(press(KeyCode::Char('X')));
        assert_eq!(f.value("name"), "XAcme", "Ctrl-A: start of the line");
        f.input(ctrl('k'));
        assert_eq!(f.value("name"), "X", "Ctrl-K: delete to the end");
        f.input(ctrl('a'));
        f.input(ctrl('e'));
        f.input(press(KeyCode::Char('!')));
        assert_eq!(f.value("name"), "X!", "Ctrl-E: end of the line");
    }

    #[test]
    fn ctrl_u_empties_the_field_in_a_line_and_a_text_box() {
        let mut f = form();
        assert!(f.input(KeyEvent::new(KeyCode::Char('u'), KeyModifiers::CONTROL)));
        assert_eq!(f.value("name"), "");
        f.focus_field("notes");
        f.input(press(KeyCode::Char('a')));
        f.input(press(KeyCode::Enter));
        f.input(press(KeyCode::Char('b')));
        f.input(KeyEvent::new(KeyCode::Char('u'), KeyModifiers::CONTROL));
        assert_eq!(f.value("notes"), "");
    }

    #[test]
    fn enter_leaves_a_line_field_but_breaks_a_line_in_a_text_box() {
        let mut f = form();
        f.input(press(KeyCode::Enter));
        assert_eq!(f.focus, 1);
        f.focus = 2;
        f.input(press(KeyCode::Char('a')));
        f.input(press(KeyCode::Enter));
        f.input(press(KeyCode::Char('b')));
        assert_eq!(f.value("notes"), "a\nb");
    }

    #[test]
    fn choices_cycle_and_jump_by_first_letter() {
        let mut f = form();
        f.focus = 1;
        f.input(press(KeyCode::Left));
        assert_eq!(f.value("role"), "other_recipient");
        f.input(press(KeyCode::Right));
        assert_eq!(f.value("role"), "processor");
        f.input(press(KeyCode::Char('s')));
        assert_eq!(f.value("role"), "sub_processor");
    }

    #[test]
    fn errors_focus_the_first_bad_field_and_take_a_row() {
        let mut f = form();
        let mut errors = FieldErrors::default();
        errors.push("role", "wrong");
        f.show_errors(errors);
        assert_eq!(f.focus, 1);
        let areas = f.field_areas(Rect::new(0, 0, 60, 20));
        assert_eq!(areas[1].unwrap().height, 2, "field row plus its message");
        assert_eq!(areas[2].unwrap().y, 3);
    }

    #[test]
    fn a_short_window_scrolls_to_the_focused_field_and_clicks_hit_it() {
        let mut f = form();
        f.focus = 2;
        let inner = Rect::new(0, 0, 60, 3);
        let areas = f.field_areas(inner);
        assert!(areas[0].is_none(), "scrolled out");
        assert_eq!(areas[2].unwrap().y, 0);
        f.focus = 0;
        f.click(Rect::new(0, 0, 60, 10), 30, 1);
        assert_eq!(f.focus, 1);
    }

    #[test]
    fn a_checklist_ticks_the_option_under_the_cursor_and_keeps_option_order() {
        let options = vec![
            ("1".into(), "Payroll".into()),
            ("2".into(), "Newsletter".into()),
            ("3".into(), "Recruitment".into()),
        ];
        let mut f = Form::new(
            "Test",
            vec![FormField::checklist(
                "activities",
                "Activities",
                options,
                &["3".into()],
            )],
        );
        assert_eq!(f.value("activities"), "3");
        assert!(f.input(press(KeyCode::Char(' '))));
        assert_eq!(f.value("activities"), "1,3");
        f.input(press(KeyCode::Char('n')));
        f.input(press(KeyCode::Char('e')));
        f.input(press(KeyCode::Char(' ')));
        assert_eq!(f.value("activities"), "1,2,3", "typing found Newsletter");
        f.input(press(KeyCode::Esc));
        assert!(
            f.dropdown_open(),
            "Esc emptied the filter; the list stays open"
        );
        f.input(press(KeyCode::Up));
        f.input(press(KeyCode::Char(' ')));
        assert_eq!(f.value("activities"), "2,3");
        assert!(f.is_dirty());
    }
}
