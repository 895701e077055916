//! The state machine: `update` applies one action and returns the effects it
//! needs performed. Pure: no terminal, no store, no clock.

use crossterm::event::{Event, KeyCode, KeyEvent, KeyEventKind, MouseButton, MouseEventKind};

use super::action::Action;
use super::effect::{Effect, Focus};
use super::keymap::{self, Command, Mode};
use super::layout;
use super::screens::{organisation, processors};
use super::state::{ConfirmAction, FormTarget, Modal, OpenForm, State, Tab};
use super::widgets::{form, tabs};
use crate::domain::organisation::{validate_organisation, OrganisationDraft};
use crate::domain::processor::validate_processor;

/// What the workbench loads when it starts.
pub fn init(state: &State) -> Vec<Effect> {
    let mut effects = vec![Effect::LoadOrganisation];
    effects.extend(processors::reload(state, Focus::Index(0)));
    effects
}

/// Turns a terminal event into an action for the current state.
pub fn event_to_action(state: &State, event: Event) -> Option<Action> {
    match event {
        Event::Key(key) if key.kind != KeyEventKind::Release => Some(key_to_action(state, key)),
        Event::Mouse(mouse) => match mouse.kind {
            MouseEventKind::ScrollDown => Some(Action::Scroll {
                column: mouse.column,
                row: mouse.row,
                down: true,
            }),
            MouseEventKind::ScrollUp => Some(Action::Scroll {
                column: mouse.column,
                row: mouse.row,
                down: false,
            }),
            MouseEventKind::Down(MouseButton::Left) => Some(Action::Click {
                column: mouse.column,
                row: mouse.row,
            }),
            _ => None,
        },
        Event::Resize(width, height) => Some(Action::Resize { width, height }),
        _ => None,
    }
}

pub fn key_to_action(state: &State, key: KeyEvent) -> Action {
    // Inside a text box ↑/↓ move between its lines rather than between fields.
    let in_text_box = state.form().is_some_and(|f| f.form.focus_is_text_box());
    if state.mode() == Mode::Form && in_text_box && matches!(key.code, KeyCode::Up | KeyCode::Down)
    {
        return Action::Input(key);
    }
    keymap::resolve(state.mode(), key).map_or(Action::Input(key), Action::Command)
}

pub fn update(state: &mut State, action: Action) -> Vec<Effect> {
    match action {
        Action::Command(command) => on_command(state, command),
        Action::Input(key) => on_input(state, key),
        Action::Click { column, row } => on_click(state, column, row),
        Action::Scroll { down, .. } => match (&state.modal, state.tab) {
            (None, Tab::Processors) => processors::scroll(state, down),
            _ => Vec::new(),
        },
        Action::Resize { width, height } => {
            state.width = width;
            state.height = height;
            let selected = state.processors.selected;
            processors::select(state, selected)
        }
        Action::ProcessorsLoaded(page) => processors::loaded(state, page),
        Action::ProcessorFormReady {
            id,
            current,
            parents,
        } => {
            processors::open_form(state, id, current, parents);
            Vec::new()
        }
        Action::ProcessorSaved { id, name, created } => {
            let mut effects = processors::saved(state, id, &name, created);
            effects.push(Effect::LoadOrganisation);
            effects
        }
        Action::DeleteReady {
            id,
            name,
            dependants,
        } => {
            processors::ask_delete(state, id, name, dependants);
            Vec::new()
        }
        Action::ProcessorDeleted { name, rows } => {
            let mut effects = processors::deleted(state, &name, rows);
            effects.push(Effect::LoadOrganisation);
            effects
        }
        Action::OrganisationLoaded(view) => {
            state.organisation = Some(view);
            Vec::new()
        }
        Action::OrganisationSaved(org) => {
            state.modal = None;
            state.info(format!("Saved the organisation {}", org.name));
            if let Some(view) = &mut state.organisation {
                view.organisation = org;
            }
            Vec::new()
        }
        Action::Failed { message, fields } => {
            if let (Some(fields), Some(open)) = (fields, state.form_mut()) {
                open.form.show_errors(fields);
            }
            state.error(message);
            // Another window may have changed the register: show what it holds now.
            let selected = state.processors.selected;
            let mut effects = processors::reload(state, Focus::Index(selected));
            effects.push(Effect::LoadOrganisation);
            effects
        }
    }
}

fn on_command(state: &mut State, command: Command) -> Vec<Effect> {
    match command {
        Command::Quit => {
            // Quitting from a changed form first asks, like Esc; Ctrl-C again quits.
            match state.form_mut() {
                Some(open) if open.form.is_dirty() && !open.form.confirm_discard => {
                    open.form.confirm_discard = true;
                    state.info("Unsaved changes: y discards them, Ctrl-C again quits");
                }
                _ => state.should_quit = true,
            }
            Vec::new()
        }
        Command::Help => {
            state.modal = Some(Modal::Help(0));
            Vec::new()
        }
        Command::CloseHelp => {
            state.modal = None;
            Vec::new()
        }
        Command::NextTab => switch_tab(state, (state.tab.index() + 1) % Tab::ALL.len()),
        Command::PrevTab => switch_tab(
            state,
            (state.tab.index() + Tab::ALL.len() - 1) % Tab::ALL.len(),
        ),
        Command::GoTab(i) => switch_tab(state, i),
        Command::Yes | Command::No => on_confirm(state, command == Command::Yes),
        Command::Up | Command::Down if matches!(state.modal, Some(Modal::Help(_))) => {
            if let Some(Modal::Help(scroll)) = &mut state.modal {
                *scroll = if command == Command::Down {
                    scroll.saturating_add(1)
                } else {
                    scroll.saturating_sub(1)
                };
            }
            Vec::new()
        }
        Command::Save | Command::Cancel | Command::NextField | Command::PrevField => {
            on_form_command(state, command)
        }
        other => match state.tab {
            Tab::Processors => processors::command(state, other),
            Tab::Organisation => organisation::command(state, other),
        },
    }
}

fn switch_tab(state: &mut State, index: usize) -> Vec<Effect> {
    let Some(&tab) = Tab::ALL.get(index) else {
        return Vec::new();
    };
    if tab != state.tab {
        state.message = None; // a message belongs to the screen it was about
    }
    state.tab = tab;
    match tab {
        Tab::Organisation => vec![Effect::LoadOrganisation],
        Tab::Processors => Vec::new(),
    }
}

fn on_confirm(state: &mut State, yes: bool) -> Vec<Effect> {
    if let Some(open) = state.form_mut() {
        // The form's own "discard your changes?" question.
        open.form.confirm_discard = false;
        if yes {
            state.modal = None;
            state.info("Changes discarded");
        }
        return Vec::new();
    }
    let Some(Modal::Confirm(confirm)) = state.modal.take() else {
        return Vec::new();
    };
    match (yes, confirm.on_yes) {
        (true, ConfirmAction::DeleteProcessor { id }) => vec![Effect::DeleteProcessor { id }],
        (false, _) => Vec::new(),
    }
}

fn on_form_command(state: &mut State, command: Command) -> Vec<Effect> {
    let Some(open) = state.form_mut() else {
        return Vec::new();
    };
    match command {
        Command::NextField => open.form.next_field(),
        Command::PrevField => open.form.prev_field(),
        Command::Cancel if open.form.is_dirty() => open.form.confirm_discard = true,
        Command::Cancel => state.modal = None,
        Command::Save => return save_form(open),
        _ => {}
    }
    Vec::new()
}

/// Validates with the domain rules; only a valid record becomes a save effect.
fn save_form(open: &mut OpenForm) -> Vec<Effect> {
    match open.target {
        FormTarget::Processor(id) => processors::validate_form(&mut open.form)
            .map(|fields| Effect::SaveProcessor {
                id,
                revision: open.revision,
                fields,
            })
            .into_iter()
            .collect(),
        FormTarget::Organisation => organisation::validate_form(&mut open.form)
            .map(|organisation| Effect::SaveOrganisation {
                organisation,
                revision: open.revision,
            })
            .into_iter()
            .collect(),
    }
}

/// After a first save attempt the messages follow the user's corrections live.
fn revalidate(open: &mut OpenForm) {
    let errors = match open.target {
        FormTarget::Processor(_) => validate_processor(&processors::draft_from(&open.form)).err(),
        FormTarget::Organisation => validate_organisation(&OrganisationDraft {
            name: open.form.value("name"),
            org_number: open.form.value("org_number"),
            jurisdiction: open.form.value("jurisdiction"),
            time_zone: open.form.value("time_zone"),
            role: open.form.value("role"),
            dpo_name: open.form.value("dpo_name"),
            dpo_email: open.form.value("dpo_email"),
            dpo_phone: open.form.value("dpo_phone"),
        })
        .err(),
    };
    open.form.errors = errors.unwrap_or_default();
}

fn on_input(state: &mut State, key: KeyEvent) -> Vec<Effect> {
    match state.mode() {
        Mode::Form => {
            if let Some(open) = state.form_mut() {
                if matches!(key.code, KeyCode::Up | KeyCode::Down) {
                    open.form.move_in_text_box(key);
                } else if open.form.input(key) && open.form.tried_to_save {
                    revalidate(open);
                }
            }
            Vec::new()
        }
        Mode::Filter => processors::filter_input(state, key),
        _ => Vec::new(),
    }
}

fn on_click(state: &mut State, column: u16, row: u16) -> Vec<Effect> {
    let body = layout::areas(state.width, state.height).body;
    match &mut state.modal {
        Some(Modal::Help(_)) => {
            state.modal = None;
            Vec::new()
        }
        Some(Modal::Form(open)) => {
            open.form.click(
                form::fields_area_of(layout::form_area(body, &open.form)),
                column,
                row,
            );
            Vec::new()
        }
        Some(Modal::Confirm(_)) => Vec::new(),
        None if row == 0 => match tabs::tab_at(column) {
            Some(tab) => switch_tab(state, tab.index()),
            None => Vec::new(),
        },
        None => match state.tab {
            Tab::Processors => processors::click(state, row),
            Tab::Organisation => Vec::new(),
        },
    }
}
