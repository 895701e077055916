//! The register switcher (Ctrl-O): the registers of the open register's folder
//! and the recently opened ones, each with its organisation and its most
//! urgent findings, the one on fire first. Enter opens one; Ctrl-O there
//! brings the list back, with the register just left in it.

use crate::platform::words::counted;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;

use chrono::{DateTime, Utc};
use std::path::{Path, PathBuf};

use crate::domain::validation::FieldErrors;
use crate::platform::clock;
use crate::platform::passphrase::Secret;
use crate::services::portfolio::{Entry, Summary};
use crate::store::server::is_server_address;
use crate::store::{Register, StoreError, StoreResult};
use crate::tui::action::Action;
use crate::tui::effect::Effect;
use crate::tui::keymap::{Command, Mode};
use crate::tui::state::{FormTarget, Modal, PendingRegister, Registers, State};
use crate::tui::theme::Theme;
use crate::tui::widgets::dialog::Dialog;
use crate::tui::widgets::form::{Form, FormField};
use crate::tui::widgets::pick::wrapped;
use crate::tui::widgets::text::{columns, fit};

mod new_register;
use new_register::ask_new_register;
pub use new_register::{create_register, new_register_effect};

pub fn open(state: &mut State) -> Vec<Effect> {
    if state.job.is_some() {
        state.error("An export or import is running: switch when it has finished");
        return Vec::new();
    }
    state.passing(READING);
    vec![Effect::LoadRegisters {
        recent_file: state.recent_file.clone(),
        now: state.wall,
    }]
}

/// Said while the list is read (a server's registers are read whole).
const READING: &str = "Reading the registers…";

pub fn loaded(
    state: &mut State,
    entries: Vec<crate::services::portfolio::Entry>,
    current: std::path::PathBuf,
) {
    let mut list = Registers {
        entries: Vec::new(),
        all: entries,
        index: 0,
        current,
        query: String::new(),
        filtering: false,
    };
    show(&mut list, state.hide_demos, state.came_from.as_deref());
    if state.message.as_ref().is_some_and(|m| m.text == READING) {
        state.message = None;
    }
    // Read on a thread: meanwhile the user may have opened a form, a dialog
    // or an export, which the list must not take the place of.
    let free = matches!(state.modal, None | Some(Modal::Registers(_)));
    if free && state.job.is_none() {
        state.modal = Some(Modal::Registers(list));
    }
}

/// Fills the shown entries from all (without the demo clients' when
/// `hide_demos`, only those the query names while there is one), the cursor
/// on the register left last (`came_from`), else on the most urgent that is
/// not the one open now.
fn show(list: &mut Registers, hide_demos: bool, came_from: Option<&Path>) {
    let demos = if hide_demos {
        crate::exchange::demo::demo_organisation_names()
    } else {
        Vec::new()
    };
    let is_demo = |e: &Entry| {
        e.summary
            .as_ref()
            .is_ok_and(|s| demos.contains(&s.organisation.name))
    };
    let shown: Vec<&Entry> = list.all.iter().filter(|e| !is_demo(e)).collect();
    // Found as the pickers find: letters in order, case and accents aside
    // ("fjordsjo" finds Fjordsjø), the best first.
    let names: Vec<String> = shown
        .iter()
        .map(|e| {
            let organisation = e.summary.as_ref().map_or("", |s| &s.organisation.name);
            format!("{} {organisation}", e.file_name())
        })
        .collect();
    list.entries = crate::platform::fuzzy::ranked(&list.query, &names)
        .into_iter()
        .map(|i| shown[i].clone())
        .collect();
    let current = &list.current;
    list.index = came_from
        .and_then(|from| {
            list.entries
                .iter()
                .position(|e| e.path == from && e.path != *current)
        })
        .or_else(|| list.entries.iter().position(|e| e.path != *current))
        .unwrap_or(0);
}

/// A key typed after `/`: the query grows or shrinks, and the list with it,
/// the cursor on the first register it names.
pub fn filter_input(state: &mut State, key: crossterm::event::KeyEvent) {
    let (hide, came_from) = (state.hide_demos, state.came_from.clone());
    let Some(Modal::Registers(list)) = &mut state.modal else {
        return;
    };
    if crate::tui::widgets::text::edit_query(&mut list.query, key) {
        refilter(list, hide, came_from.as_deref());
    }
}

/// Pasted text after `/`: the query, on one line.
pub fn filter_paste(state: &mut State, text: &str) {
    let (hide, came_from) = (state.hide_demos, state.came_from.clone());
    if let Some(Modal::Registers(list)) = &mut state.modal {
        list.query
            .push_str(&crate::tui::widgets::form::one_line(text));
        refilter(list, hide, came_from.as_deref());
    }
}

/// The list again for a changed query, the cursor on the first it names.
fn refilter(list: &mut Registers, hide_demos: bool, came_from: Option<&Path>) {
    show(list, hide_demos, came_from);
    if !list.query.is_empty() {
        list.index = 0;
    }
}

pub fn command(state: &mut State, command: Command) -> Vec<Effect> {
    let Some(Modal::Registers(list)) = &mut state.modal else {
        return Vec::new();
    };
    match command {
        Command::Up | Command::Down => {
            list.index = wrapped(list.index, list.entries.len(), command == Command::Down)
        }
        Command::Filter => list.filtering = true,
        // Enter on what was typed opens the register it found, as a picker's does.
        Command::AcceptFilter => {
            // Nothing found: the query stays open to be typed again.
            if !list.entries.is_empty() {
                list.filtering = false;
                return self::command(state, Command::Choose);
            }
        }
        Command::ClearFilter => {
            list.query.clear();
            list.filtering = false;
            let (hide, came_from) = (state.hide_demos, state.came_from.clone());
            if let Some(Modal::Registers(list)) = &mut state.modal {
                show(list, hide, came_from.as_deref());
            }
        }
        Command::NewRegister => {
            let list = list.clone();
            ask_new_register(state, &list);
            return Vec::new();
        }
        Command::ToggleDemos => {
            state.hide_demos = !state.hide_demos;
            let (hide, came_from) = (state.hide_demos, state.came_from.clone());
            if let Some(Modal::Registers(list)) = &mut state.modal {
                show(list, hide, came_from.as_deref());
            }
            let key = state.key(Mode::Pick, Command::ToggleDemos);
            state.info(if hide {
                format!("The demo clients' registers are hidden: {key} shows them")
            } else {
                format!("The demo clients' registers are shown: {key} hides them")
            });
            return Vec::new();
        }
        Command::Choose => {
            let Some(entry) = list.entries.get(list.index).cloned() else {
                return Vec::new();
            };
            if entry.path == list.current {
                state.modal = None;
                state.info("That register is the one open");
            } else if entry.needs_passphrase {
                state.came_from = Some(list.current.clone());
                ask_passphrase(state, entry.path, None);
            } else if let (Err(why), false) = (
                &entry.summary,
                // A server's register that could not be judged is opened all
                // the same: opening upgrades one on an older schema.
                is_server_address(&entry.path.to_string_lossy()),
            ) {
                state.error(format!("{}: {why}", entry.file_name()));
            } else {
                state.came_from = Some(list.current.clone());
                return vec![Effect::OpenRegister {
                    path: entry.path,
                    recent_file: state.recent_file.clone(),
                    passphrase: None,
                }];
            }
        }
        _ => state.modal = None,
    }
    Vec::new()
}

/// The dialog that asks for the passphrase of the encrypted register `path`;
/// `wrong` when the last one typed did not open it.
pub fn ask_passphrase(state: &mut State, path: PathBuf, wrong: Option<String>) {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string());
    let mut form = Form::new(
        "Open an encrypted register",
        vec![FormField::secret(
            "passphrase",
            "Passphrase",
            "not shown as you type",
        )],
    )
    .submitting("open");
    form.warnings = vec![format!("{name} is encrypted: its passphrase opens it")];
    if let Some(why) = wrong {
        let mut errors = FieldErrors::default();
        errors.push("passphrase", why);
        form.show_errors(errors);
    }
    state.pending_register = Some(PendingRegister::Encrypted(path));
    state.open_form(FormTarget::Passphrase, 0, form);
}

/// The effect of the passphrase dialog: open the register it was asked for.
pub fn passphrase_effect(
    form: &Form,
    pending: Option<&PendingRegister>,
    recent_file: Option<PathBuf>,
) -> Result<Effect, FieldErrors> {
    let typed = form.value("passphrase");
    let mut errors = FieldErrors::default();
    let Some(PendingRegister::Encrypted(path)) = pending else {
        errors.push("passphrase", "no register is waiting for a passphrase");
        return Err(errors);
    };
    if typed.is_empty() {
        errors.push("passphrase", "type the register's passphrase");
        return Err(errors);
    }
    Ok(Effect::OpenRegister {
        path: path.clone(),
        recent_file,
        passphrase: Some(crate::platform::passphrase::Secret(typed)),
    })
}

/// Each register in three lines: name and organisation with its counts, then
/// its two most urgent findings.
pub fn render(
    frame: &mut Frame,
    body: Rect,
    list: &Registers,
    (theme, keys): (&Theme, &crate::tui::keymap::KeyMap),
) {
    let keys = if list.filtering {
        keys.keys_line(
            Mode::Filter,
            &[
                (Command::AcceptFilter, "open"),
                (Command::ClearFilter, "clear"),
            ],
        )
    } else {
        keys.keys_line(
            Mode::Pick,
            &[
                (Command::Choose, "open"),
                (Command::Filter, "find"),
                (Command::NewRegister, "new"),
                (Command::ToggleDemos, "demos"),
                (Command::Cancel, "close"),
            ],
        )
    };
    // The query, while there is one, on a line of its own above the list.
    let asked = list.filtering || !list.query.is_empty();
    let width = 110u16.min(body.width);
    let height = ((list.entries.len().max(1) * PER_ENTRY + 2 + 2 * usize::from(asked)) as u16)
        .min(body.height);
    let dialog = Dialog {
        title: Span::styled(
            if is_server_address(&list.current.to_string_lossy()) {
                " Registers: this server and recent "
            } else {
                " Registers: this folder and recent "
            },
            theme.title,
        ),
        border: theme.accent,
        keys: &keys,
    };
    let (area, block) = dialog.open(frame, body, (width, height), theme);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let text_width = usize::from(inner.width.saturating_sub(2));
    let mut lines = Vec::new();
    if asked {
        let cursor = if list.filtering { "▏" } else { "" };
        lines.push(Line::from(vec![
            Span::styled("/ ", theme.accent),
            Span::raw(format!(
                "{}{cursor}",
                crate::domain::text::visible_on_one_line(&list.query)
            )),
        ]));
        lines.push(Line::default());
    }
    let rows = usize::from(inner.height).saturating_sub(lines.len());
    let visible = (rows / PER_ENTRY).max(1);
    let first = list.index.saturating_sub(visible - 1);
    if list.entries.is_empty() && asked {
        lines.push(Line::from(Span::styled(
            "No register's file or organisation holds what was typed: Esc clears it.",
            theme.muted,
        )));
    } else if list.entries.is_empty() {
        lines.push(Line::from(Span::styled(
            "No registers here yet: registers (*.dpo) in this register's folder and the ones you open appear here.",
            theme.muted,
        )));
    }
    for (i, entry) in list.entries.iter().enumerate().skip(first).take(visible) {
        let selected = i == list.index;
        let open = entry.path == list.current;
        lines.extend(entry_lines(entry, selected, open, text_width, theme));
        lines.push(Line::default());
    }
    let padded = Rect {
        x: inner.x + 1,
        width: inner.width.saturating_sub(1),
        ..inner
    };
    frame.render_widget(Paragraph::new(lines), padded);
}

/// The lines each register takes in the list, the blank one after it included.
const PER_ENTRY: usize = 4;

/// One register: its name (and organisation and counts, when it could be
/// read), then its two most urgent findings or why it could not be read.
fn entry_lines(
    entry: &Entry,
    selected: bool,
    open: bool,
    text_width: usize,
    theme: &Theme,
) -> Vec<Line<'static>> {
    let marker = if selected { "▸ " } else { "  " };
    let name_style = if selected {
        theme.selected
    } else {
        theme.title
    };
    let open = if open { " (open)" } else { "" };
    let name_line = || {
        Line::from(vec![
            Span::raw(marker),
            Span::styled(fit(&format!("{}{open}", entry.file_name()), 40), name_style),
        ])
    };
    match &entry.summary {
        Err(_) if entry.needs_passphrase => vec![
            name_line(),
            Line::from(Span::styled(
                "    encrypted: Enter asks for its passphrase",
                theme.muted,
            )),
            Line::default(),
        ],
        Err(why) => vec![
            name_line(),
            Line::from(Span::styled(
                fit(&format!("    cannot read: {why}"), text_width),
                theme.error,
            )),
            Line::default(),
        ],
        Ok(s) => {
            let counts = counts_within(s, text_width);
            let count_style = if s.urgent > 0 {
                theme.error
            } else {
                theme.muted
            };
            let mut lines = vec![Line::from(vec![
                Span::raw(marker),
                Span::styled(
                    fit(
                        &format!("{}{open}  {}", entry.file_name(), s.organisation.name),
                        text_width.saturating_sub(columns(&counts) + 4),
                    ),
                    name_style,
                ),
                Span::raw("  "),
                Span::styled(counts, count_style),
            ])];
            lines.extend((0..2).map(|k| finding_line(s, k, text_width, theme)));
            lines
        }
    }
}

/// Room kept for a register's file and organisation beside its counts.
const NAME_ROOM: usize = 30;

/// A register's counts, as many as leave its name room on a line of
/// `text_width` (after the marker and the gap): what needs acting on first,
/// then errors and warnings, then what runs.
fn counts_within(s: &Summary, text_width: usize) -> String {
    let (errors, warnings) = (counted(s.errors, "error"), counted(s.warnings, "warning"));
    let act = format!("{} to act on", s.urgent);
    [
        format!("{act} · {errors} · {warnings} · {} running", s.info),
        format!("{act} · {errors} · {warnings}"),
        format!("{act} · {errors}"),
        act,
    ]
    .into_iter()
    .find(|c| columns(c) + 4 + NAME_ROOM <= text_width)
    .unwrap_or_else(|| format!("{} to act on", s.urgent))
}

/// The register's `k`-th most urgent finding, or that nothing needs you.
fn finding_line(s: &Summary, k: usize, text_width: usize, theme: &Theme) -> Line<'static> {
    match s.top.get(k) {
        Some(f) => Line::from(vec![
            Span::styled(
                format!(
                    "  {:<2}{:<16} ",
                    crate::domain::urgency::marker(f.severity),
                    f.when(s.moment)
                ),
                finding_style(f, theme),
            ),
            Span::raw(fit(
                &format!("{}: {}", f.record.label, f.message),
                text_width.saturating_sub(21),
            )),
        ]),
        None if k == 0 => Line::from(Span::styled("    nothing needs you", theme.muted)),
        None => Line::default(),
    }
}

fn finding_style(f: &crate::domain::findings::Finding, theme: &Theme) -> Style {
    theme.severity(f.severity)
}

/// The registers beside the open one and the recent ones, each summarised at `now`.
pub fn load_registers(
    register: &Register,
    recent_file: Option<PathBuf>,
    now: DateTime<Utc>,
) -> Action {
    Survey::of(register, recent_file, now).read()
}

/// What the switcher lists, taken from the register open so that reading
/// them needs no connection of its own: on a thread, the screen goes on.
pub struct Survey {
    current: PathBuf,
    folder: PathBuf,
    server: Option<crate::store::server::ServerAddress>,
    clock: crate::platform::clock::Clock,
    recent_file: Option<PathBuf>,
    now: DateTime<Utc>,
}

impl Survey {
    pub fn of(register: &Register, recent_file: Option<PathBuf>, now: DateTime<Utc>) -> Survey {
        Survey {
            current: register.path().to_path_buf(),
            folder: register.folder(),
            server: register.server_address().cloned(),
            clock: register.clock(),
            recent_file,
            now,
        }
    }

    /// The register open when it was asked for (an answer for another is dropped).
    pub fn current(&self) -> &Path {
        &self.current
    }

    /// Reads every register of the folder (or server) and the recent ones.
    pub fn read(self) -> Action {
        let Survey {
            current,
            folder,
            server,
            clock: register_clock,
            recent_file,
            now,
        } = self;
        let canonical = |p: &Path| std::fs::canonicalize(p).unwrap_or_else(|_| p.to_path_buf());
        let folder = match folder {
            f if f.as_os_str().is_empty() => PathBuf::from("."),
            f => f,
        };
        let mut paths: Vec<PathBuf> = match &server {
            // On a server, its registers are the folder.
            Some(address) => {
                crate::services::portfolio::registers_on_server(address).unwrap_or_default()
            }
            None => crate::services::portfolio::registers_in(&folder).unwrap_or_default(),
        };
        paths.extend(
            recent_file
                .as_deref()
                .map(crate::platform::recent::load)
                .unwrap_or_default(),
        );
        let mut seen = std::collections::HashSet::new();
        let paths: Vec<PathBuf> = paths
            .iter()
            .map(|p| canonical(p))
            .filter(|p| seen.insert(p.clone()))
            .collect();
        // No prompt here: the terminal is the workbench's.
        let open = |path: &Path| Register::open_to_summarise(path, register_clock);
        let moment_in = |zone: &chrono_tz::Tz| {
            Ok(crate::domain::findings::Moment {
                today: clock::date_in(now, zone),
                now,
            })
        };
        Action::RegistersLoaded {
            entries: crate::services::portfolio::summarise(&paths, &open, &moment_in),
            current: canonical(&current),
        }
    }
}

/// A new register: a new state, keeping only what belongs to the user.
pub fn opened(state: &mut State, label: String) -> Vec<Effect> {
    // A new register: a new state, keeping only what belongs to the user.
    let mut fresh = State::new(
        label,
        state.theme.clone(),
        state.now,
        state.today,
        state.width,
        state.height,
    );
    fresh.recent_file = state.recent_file.take();
    fresh.keys = state.keys.clone();
    *state = fresh;
    crate::tui::update::init(state)
}

/// Closes this register for the one at `path` (with the passphrase typed, or
/// the one at hand); a passphrase that does not open it is asked for again.
pub fn open_register(
    register: &mut Register,
    path: PathBuf,
    recent_file: Option<PathBuf>,
    passphrase: Option<Secret>,
) -> StoreResult<Action> {
    let opened = match &passphrase {
        Some(typed) => Register::open_with_passphrase(&path, &typed.0, register.clock()),
        None => Register::open(&path, register.clock()),
    };
    match opened {
        Err(e @ (StoreError::NeedsPassphrase { .. } | StoreError::WrongPassphrase { .. })) => {
            Ok(Action::PassphraseNeeded {
                message: match e {
                    StoreError::WrongPassphrase { .. } if passphrase.is_some() => {
                        "wrong passphrase (or not a register): try again".to_string()
                    }
                    _ => "the passphrase at hand does not open it".to_string(),
                },
                path,
            })
        }
        Err(e) => Err(e),
        Ok(opened) => {
            opened.set_via(&register.via());
            let mut opened = opened;
            opened.keep_undo_of(register);
            *register = opened;
            if let Some(file) = recent_file {
                // The list is a convenience: a failure to write it is not the user's problem now.
                let _ = crate::platform::recent::remember(&file, &path);
            }
            Ok(Action::RegisterOpened {
                label: crate::services::portfolio::label(&path),
                draft_from: None,
                said: None,
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tui::state::NewPlace;

    fn typed(passphrase: &str) -> Form {
        let mut form = Form::new(
            "Open an encrypted register",
            vec![FormField::secret("passphrase", "Passphrase", "")],
        );
        form.set_value("passphrase", passphrase);
        form
    }

    #[test]
    fn the_passphrase_opens_the_register_it_was_asked_for_and_no_other() {
        let asked = PendingRegister::Encrypted(PathBuf::from("kunde.dpo"));
        let Ok(Effect::OpenRegister { path, .. }) =
            passphrase_effect(&typed("hemmelig"), Some(&asked), None)
        else {
            panic!("the register was not opened");
        };
        assert_eq!(path, PathBuf::from("kunde.dpo"));
        let elsewhere = PendingRegister::New(NewPlace::Folder(PathBuf::from("kunder")), Vec::new());
        for pending in [None, Some(&elsewhere)] {
            passphrase_effect(&typed("hemmelig"), pending, None)
                .unwrap_err()
                .assert_says("passphrase", "no register is waiting");
        }
        passphrase_effect(&typed(""), Some(&asked), None)
            .unwrap_err()
            .assert_says("passphrase", "type the register's passphrase");
    }
}
