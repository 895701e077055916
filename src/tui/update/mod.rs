//! The state machine: `update` applies one action and returns the effects it
//! needs performed. Pure: no terminal, no store, no clock.

use crossterm::event::{Event, KeyCode, KeyEvent, KeyEventKind, MouseButton, MouseEventKind};

use super::action::Action;
use super::effect::{Effect, Focus};
use super::keymap::{Command, Mode};
use super::layout;
use super::screens::activities::{self, Activities};
use super::screens::agreement_form;
use super::screens::as_of;
use super::screens::breaches::{self, Breaches};
use super::screens::dashboard::{self, DashboardScreen};
use super::screens::exchange;
use super::screens::history;
use super::screens::letters;
use super::screens::list_screen as ls;
use super::screens::notice_form;
use super::screens::organisation;
use super::screens::policy_draft;
use super::screens::processor_records::{self, ProcessorRecords};
use super::screens::processors::{self, Processors};
use super::screens::requests::{self, Requests};
use super::screens::suggest;
use super::screens::switcher;
use super::screens::transfer_form;
use super::screens::undo;
use super::state::{ConfirmAction, FormTarget, Modal, OpenForm, PickPurpose, State, Tab};
use super::widgets::form;
use super::widgets::help;
use super::widgets::pick;
use super::widgets::tabs;
use crate::domain::validation::FieldErrors;
use crate::record::activity::ActivityKind;
use crate::record::breach::BreachKind;
use crate::record::change_notice::ChangeNoticeKind;
use crate::record::dpa::DpaKind;
use crate::record::processor::ProcessorKind;
use crate::record::processor_record::ProcessorRecordKind;
use crate::record::request::RequestKind;
use crate::record::transfer::TransferKind;
use crate::record::Kind;
use crate::tui::effect::Save;
use crate::tui::effect::{
    ActivityEffect, BreachEffect, LetterEffect, ProcessorEffect, ProcessorRecordEffect,
    RequestEffect,
};

/// What the workbench loads when it starts.
pub fn init(state: &State) -> Vec<Effect> {
    // The Dashboard's clocks first: its judgement goes to the background
    // thread before the organisation's summary asks it for the exact count
    // of every request (from a cold file, the whole index read from disk).
    let mut effects = ls::reload::<DashboardScreen>(state, Focus::Index(0));
    effects.push(Effect::LoadOrganisation);
    effects.extend(ls::reload::<Processors>(state, Focus::Index(0)));
    effects.extend(ls::reload::<Activities>(state, Focus::Index(0)));
    effects.extend(ls::reload::<ProcessorRecords>(state, Focus::Index(0)));
    effects.extend(ls::reload::<Requests>(state, Focus::Index(0)));
    effects.extend(ls::reload::<Breaches>(state, Focus::Index(0)));
    // After the dashboard: both run on the one background thread, and the
    // clocks come first.
    effects.push(Effect::CheckSchema);
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
        // Below the smallest size nothing is shown to paste into.
        Event::Paste(_)
            if state.width < super::render::MIN_SIZE.0
                || state.height < super::render::MIN_SIZE.1 =>
        {
            None
        }
        Event::Paste(text) => Some(Action::Paste(text)),
        _ => None,
    }
}

pub fn key_to_action(state: &State, key: KeyEvent) -> Action {
    // Inside a text box ↑/↓ move between its lines rather than between fields.
    let in_text_box = state.form().is_some_and(|f| f.form.focus_is_text_box());
    // An open list under a field takes ↑/↓, and Esc closes it, not the form.
    let list_open = state.form().is_some_and(|f| f.form.dropdown_open());
    if state.mode() == Mode::Form
        && (in_text_box || list_open)
        && matches!(key.code, KeyCode::Up | KeyCode::Down)
    {
        return Action::Input(key);
    }
    if state.mode() == Mode::Form && list_open && key.code == KeyCode::Esc {
        return Action::Input(key);
    }
    state
        .keys
        .resolve(state.mode(), key)
        .map_or(Action::Input(key), Action::Command)
}

pub fn update(state: &mut State, action: Action) -> Vec<Effect> {
    let selection = |s: &State| {
        (
            s.tab,
            s.dashboard.selected,
            s.processors.selected,
            s.activities.selected,
            s.processor_records.selected,
            s.requests.selected,
            s.breaches.selected,
        )
    };
    let before = selection(state);
    let mut effects = apply(state, action);
    if before != selection(state) {
        state.detail_scroll = 0; // the details of another record start at the top
    }
    // Whatever changed the counts may have changed the clocks: the dashboard
    // (and its tab's badge) follows every reload of the organisation's counts.
    if effects.contains(&Effect::LoadOrganisation)
        && !effects
            .iter()
            .any(|e| matches!(e, Effect::LoadDashboard { .. }))
    {
        effects.extend(dashboard::reload(state));
    }
    // An import holds the register's write lock until it ends; a save now would
    // wait and fail. Refuse it here, keeping the form open to save later.
    if state.job.as_ref().is_some_and(|j| j.job.writes()) && effects.iter().any(Effect::writes) {
        effects.retain(|e| !e.writes());
        state.error("An import is running: save again when it has finished");
    }
    // An export while viewing an earlier day exports that day.
    if let Some((at, _)) = state.as_of {
        for effect in &mut effects {
            if let Effect::StartJob(super::job::Job::Export { as_of, options, .. }) = effect {
                *as_of = Some(at);
                options.now = at;
            }
        }
    }
    let Some(read_only) = read_only_reason(state) else {
        return effects;
    };
    if effects.iter().any(Effect::writes) {
        effects.retain(|e| !e.writes());
        state.error(read_only);
    }
    // Nor does a form to edit open (only the export and the as-of dialog).
    if let Some(open) = state.form() {
        if !matches!(
            open.target,
            FormTarget::Export | FormTarget::AsOf | FormTarget::Passphrase | FormTarget::Letter(_)
        ) {
            state.modal = None;
            state.error(read_only);
        }
    }
    effects
}

fn apply(state: &mut State, action: Action) -> Vec<Effect> {
    match action {
        Action::Processors(action) => processors::update(state, action),
        Action::Requests(action) => requests::update(state, action),
        Action::Activities(action) => activities::update(state, action),
        Action::ProcessorRecords(action) => processor_records::update(state, action),
        Action::Breaches(action) => breaches::update(state, action),
        Action::Letters(action) => letters::update(state, action),
        Action::PolicyDraft(action) => policy_draft::update(state, action),
        Action::Command(command) => on_command(state, command),
        Action::Input(key) => on_input(state, key),
        Action::Paste(text) => on_paste(state, &text),
        Action::Click { column, row } => on_click(state, column, row),
        Action::Scroll { column, row, down } => on_scroll(state, column, row, down),
        Action::Resize { width, height } => on_resize(state, width, height),
        Action::Clock { now, .. } if state.as_of.is_some() => {
            state.wall = now; // the clocks shown stand still in the past
            Vec::new()
        }
        Action::Clock { now, today } => {
            state.now = now;
            state.wall = now;
            if today != state.today {
                // Midnight passed: "days left" change.
                state.today = today;
            }
            // The overdue counts may change with the minute; the rows are drawn from the state.
            vec![Effect::LoadOrganisation]
        }
        Action::DashboardLoaded {
            page,
            urgent,
            urgent_processors,
            most_urgent,
        } => dashboard::loaded(state, page, (urgent, urgent_processors), most_urgent),
        Action::OrganisationLoaded(view) => organisation::loaded(state, view),
        Action::OrganisationSaved(org) => organisation::saved(state, org),
        Action::LoadFailed { message } => {
            state.error(format!("Could not read the register: {message}"));
            Vec::new()
        }
        Action::ChangedElsewhere if state.as_of.is_some() => Vec::new(), // the past does not change
        Action::ChangedElsewhere => {
            if state.job.is_none() {
                state.info("Changed by another program or window: reloaded");
            }
            exchange::reload_everything(state)
        }
        Action::Reverted { redo, what } => undo::reverted(state, redo, what),
        Action::SchemaChecked(findings) => organisation::schema_checked(state, findings),
        Action::ViewingAsOf { at, label } => as_of::viewing(state, at, label),
        Action::HistoryLoaded { label, entries } => history::loaded(state, label, entries),
        Action::RegistersLoaded { entries, current } => {
            switcher::loaded(state, entries, current);
            Vec::new()
        }
        Action::PassphraseNeeded { path, message } => {
            switcher::ask_passphrase(state, path, Some(message));
            Vec::new()
        }
        Action::RegisterOpened {
            label,
            draft_from,
            said,
        } => {
            let mut effects = switcher::opened(state, label);
            if let Some(said) = said {
                state.info(said);
            }
            if let Some(policy) = draft_from {
                effects.extend(policy_draft::read_after_opening(state, policy));
            }
            effects
        }
        Action::JobStarted(job) => exchange::started(state, job),
        Action::JobProgress { done, total } => {
            exchange::progressed(state, done, total);
            Vec::new()
        }
        Action::JobStopAsked => {
            exchange::stop_asked(state);
            Vec::new()
        }
        Action::JobFinished { job, outcome } => exchange::finished(state, job, outcome),
        Action::Failed { message, fields } => failed(state, message, fields),
        Action::Stale { message } => stale(state, message),
        Action::RevisionRead {
            table,
            id,
            revision,
            changes,
        } => revision_read(state, (table, id), revision, &changes),
    }
}

/// Commands about the session rather than a screen: suspend, the command
/// palette, the message log. `None`: not one of them.
fn on_session_command(state: &mut State, command: Command) -> Option<Vec<Effect>> {
    Some(match command {
        Command::Suspend => {
            state.suspend = true;
            Vec::new()
        }
        Command::Palette => {
            state.modal = Some(Modal::Palette(super::state::Palette {
                query: String::new(),
                index: 0,
                over: state.mode(),
            }));
            Vec::new()
        }
        Command::Up | Command::Down | Command::Choose | Command::Cancel
            if matches!(state.modal, Some(Modal::Palette(_))) =>
        {
            on_palette(state, command)
        }
        Command::Messages => {
            let mut lines: Vec<String> = state
                .messages
                .iter()
                .rev()
                .map(|m| m.text.clone())
                .collect();
            if lines.is_empty() {
                lines.push("No messages yet in this session.".into());
            }
            state.modal = Some(Modal::Report(super::state::Report {
                title: "Messages, newest first".into(),
                lines,
                failed: false,
                scroll: 0,
            }));
            Vec::new()
        }
        _ => return None,
    })
}

fn on_command(state: &mut State, command: Command) -> Vec<Effect> {
    if let Some(effects) = on_session_command(state, command) {
        return effects;
    }
    match command {
        Command::Quit => {
            // Quitting from a changed form first asks, like Esc; Ctrl-C again quits.
            match state.form_mut() {
                Some(open) if open.form.is_dirty() && !open.form.confirm_discard => {
                    open.form.confirm_discard = true;
                    state.info("Unsaved changes: y discards them, Ctrl-C again quits");
                    Vec::new()
                }
                _ => exchange::quit(state),
            }
        }
        Command::SwitchRegister => switcher::open(state),
        Command::History => history::ask(state),
        Command::Letter => letters::open(state),
        _ if matches!(state.modal, Some(Modal::Letter(_))) => letters::command(state, command),
        _ if matches!(state.modal, Some(Modal::Draft(_))) => policy_draft::command(state, command),
        Command::DraftFromPolicy => policy_draft::open(state),
        Command::AsOf => as_of::open(state),
        Command::Undo => undo::command(state, false),
        Command::Redo => undo::command(state, true),
        Command::Up
        | Command::Down
        | Command::Choose
        | Command::Cancel
        | Command::NewRegister
        | Command::ToggleDemos
        | Command::Filter
        | Command::AcceptFilter
        | Command::ClearFilter
            if matches!(state.modal, Some(Modal::Registers(_))) =>
        {
            switcher::command(state, command)
        }
        // `/` finds among the registers; another short list has no filter,
        // and the list screen under it must not start one.
        Command::Filter if matches!(state.modal, Some(Modal::Pick(_))) => {
            state.info("↑/↓ and Enter choose here");
            Vec::new()
        }
        Command::Export => exchange::open_export(state),
        Command::Import => exchange::open_import(state),
        Command::StopJob | Command::HideJob => exchange::job_command(state, command),
        Command::Up | Command::Down | Command::Cancel
            if matches!(state.modal, Some(Modal::Report(_))) =>
        {
            exchange::report_command(state, command);
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
        Command::Up
        | Command::Down
        | Command::PageUp
        | Command::PageDown
        | Command::Home
        | Command::End
            if matches!(state.modal, Some(Modal::Help(_))) =>
        {
            let body = layout::areas(state.width, state.height).body;
            let last = help::max_scroll(body, (&state.theme, &state.keys));
            let page = body.height.saturating_sub(3).max(1);
            if let Some(Modal::Help(scroll)) = &mut state.modal {
                *scroll = match command {
                    Command::Down => scroll.saturating_add(1),
                    Command::Up => scroll.saturating_sub(1),
                    Command::PageDown => scroll.saturating_add(page),
                    Command::PageUp => scroll.saturating_sub(page),
                    Command::Home => 0,
                    _ => last,
                }
                .min(last);
            }
            Vec::new()
        }
        Command::DetailDown | Command::DetailUp => {
            scroll_detail(state, command == Command::DetailDown);
            Vec::new()
        }
        Command::Up | Command::Down | Command::Choose | Command::Cancel
            if matches!(state.modal, Some(Modal::Pick(_))) =>
        {
            on_pick(state, command)
        }
        Command::Save | Command::Cancel | Command::NextField | Command::PrevField => {
            on_form_command(state, command)
        }
        other => match state.tab {
            Tab::Dashboard => ls::command::<DashboardScreen>(state, other, dashboard::command),
            Tab::Processors => ls::command::<Processors>(state, other, processors::command),
            Tab::Activities => ls::command::<Activities>(state, other, activities::command),
            Tab::ProcessorRecords => {
                ls::command::<ProcessorRecords>(state, other, processor_records::command)
            }
            Tab::Requests => ls::command::<Requests>(state, other, requests::command),
            Tab::Breaches => ls::command::<Breaches>(state, other, breaches::command),
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
        Tab::Dashboard => dashboard::reload(state),
        Tab::Organisation => vec![Effect::LoadOrganisation],
        Tab::Processors
        | Tab::Activities
        | Tab::Requests
        | Tab::Breaches
        | Tab::ProcessorRecords => Vec::new(),
    }
}

/// Moving in, taking from or closing a pick list.
fn on_pick(state: &mut State, command: Command) -> Vec<Effect> {
    let Some(Modal::Pick(pick)) = &mut state.modal else {
        return Vec::new();
    };
    match command {
        Command::Up | Command::Down => {
            pick.index = pick::wrapped(pick.index, pick.options.len(), command == Command::Down)
        }
        Command::Choose => {
            if let Some(&(id, _)) = pick.options.get(pick.index) {
                return match pick.purpose {
                    PickPurpose::GoToProcessor => activities::go_to_processor(state, id),
                    PickPurpose::EditTransfer { processor_id } => {
                        transfer_form::open(state, processor_id, Some(id));
                        Vec::new()
                    }
                    PickPurpose::DeletePart { processor_id } => {
                        notice_form::ask_delete(state, processor_id, id);
                        Vec::new()
                    }
                    PickPurpose::DecideNotice { processor_id } => {
                        notice_form::open_decision(state, processor_id, id);
                        Vec::new()
                    }
                };
            }
        }
        _ => state.modal = None,
    }
    Vec::new()
}

/// Moving in, running from or closing the command palette.
fn on_palette(state: &mut State, command: Command) -> Vec<Effect> {
    let Some(Modal::Palette(palette)) = &mut state.modal else {
        return Vec::new();
    };
    let shown = palette.shown(&state.keys);
    match command {
        Command::Up | Command::Down => {
            palette.index = pick::wrapped(palette.index, shown.len(), command == Command::Down);
            Vec::new()
        }
        Command::Choose => {
            let Some(chosen) = shown.get(palette.index).cloned() else {
                state.modal = None;
                return Vec::new();
            };
            state.modal = None;
            // Another screen's command runs on that screen.
            let mut effects = chosen
                .screen
                .and_then(Tab::of_mode)
                .map_or_else(Vec::new, |tab| switch_tab(state, tab.index()));
            effects.extend(apply(state, Action::Command(chosen.command)));
            effects
        }
        _ => {
            state.modal = None;
            Vec::new()
        }
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
        (true, ConfirmAction::DeleteProcessor { id }) => {
            vec![Effect::Processors(ProcessorEffect::DeleteProcessor { id })]
        }
        (true, ConfirmAction::DeleteRequest { id }) => {
            vec![Effect::Requests(RequestEffect::DeleteRequest { id })]
        }
        (true, ConfirmAction::DeleteBreach { id }) => {
            vec![Effect::Breaches(BreachEffect::DeleteBreach { id })]
        }
        (true, ConfirmAction::DeleteActivity { id }) => {
            vec![Effect::Activities(ActivityEffect::DeleteActivity { id })]
        }
        (true, ConfirmAction::DeletePart { processor_id, part }) => {
            vec![Effect::Processors(ProcessorEffect::DeleteProcessorPart {
                processor_id,
                part,
            })]
        }
        (true, ConfirmAction::ControllerTold { id }) => {
            vec![Effect::Letters(LetterEffect::ControllerTold { id })]
        }
        (true, ConfirmAction::DeleteProcessorRecord { id }) => {
            vec![Effect::ProcessorRecords(
                ProcessorRecordEffect::DeleteProcessorRecord { id },
            )]
        }
        (true, ConfirmAction::Import(job)) => vec![Effect::StartJob(*job)],
        (false, ConfirmAction::Import(_)) => {
            state.info("Not imported: nothing was written");
            Vec::new()
        }
        (false, _) => Vec::new(),
    }
}

fn on_form_command(state: &mut State, command: Command) -> Vec<Effect> {
    let context = FormContext::of(state);
    let Some(open) = state.form_mut() else {
        return Vec::new();
    };
    match command {
        Command::NextField => open.form.next_field(),
        Command::PrevField => open.form.prev_field(),
        Command::Cancel if open.form.is_dirty() => open.form.confirm_discard = true,
        Command::Cancel => state.modal = None,
        Command::Save => {
            return match check_form(open, &context) {
                Ok(effect) => {
                    if let Effect::ViewAsOf { at, label } = &effect {
                        as_of::rebuilding(state, at.is_some(), label);
                    }
                    vec![effect]
                }
                Err(errors) => {
                    open.form.show_errors(errors);
                    Vec::new()
                }
            }
        }
        _ => {}
    }
    Vec::new()
}

/// What a form's check needs from the rest of the state (which the open form borrows).
struct FormContext {
    today: chrono::NaiveDate,
    /// The real clock, also while an earlier day is shown.
    wall: chrono::DateTime<chrono::Utc>,
    /// Now in the register's zone, for the record kinds' rules.
    record: crate::record::Context,
    pending_register: Option<crate::tui::state::PendingRegister>,
    recent_file: Option<std::path::PathBuf>,
    /// The register's file as the status bar names it.
    file_label: String,
    /// The categories of data subjects and the record's name the letter form offers.
    letter_subjects: Vec<String>,
    letter_label: String,
}

impl FormContext {
    fn of(state: &State) -> Self {
        FormContext {
            today: state.today,
            wall: state.wall,
            record: state.context(),
            pending_register: state.pending_register.clone(),
            recent_file: state.recent_file.clone(),
            file_label: state.file_label.clone(),
            letter_subjects: state.letter_subjects.clone(),
            letter_label: state.letter_label.clone(),
        }
    }
}

/// Reads the open form as a record of kind `K`, to be written over record
/// `id` (or inserted when `None`), or the errors of its fields.
fn read_save<K: Kind>(
    id: Option<i64>,
    open: &OpenForm,
    context: &crate::record::Context,
) -> Result<Save<K::Fields>, FieldErrors> {
    form::read::<K>(&open.form, context).map(|record| Save {
        id,
        revision: open.revision,
        record,
    })
}

/// Validates the open form with the domain rules: the save effect of a valid
/// record, or the errors to show next to the fields.
fn check_form(open: &OpenForm, context: &FormContext) -> Result<Effect, FieldErrors> {
    let today = context.today;
    let (form, revision) = (&open.form, open.revision);
    let controls = form.control_character_errors();
    if !controls.0.is_empty() {
        return Err(controls);
    }
    let record = &context.record;
    match open.target {
        FormTarget::Processor(id) => read_save::<ProcessorKind>(id, open, record)
            .map(|save| processors::save_effect(save, form)),
        FormTarget::Request(id) => {
            read_save::<RequestKind>(id, open, record).map(requests::save_effect)
        }
        FormTarget::Step { id, kind } => requests::step_effect(id, kind, revision, form, today),
        FormTarget::Breach(id) => {
            read_save::<BreachKind>(id, open, record).map(|save| breaches::save_effect(save, form))
        }
        FormTarget::Activity(id) => read_save::<ActivityKind>(id, open, record)
            .map(|save| activities::save_effect(save, form)),
        FormTarget::ProcessorRecord(id) => {
            read_save::<ProcessorRecordKind>(id, open, record).map(processor_records::save_effect)
        }
        FormTarget::Notice { processor_id } => form::read::<ChangeNoticeKind>(form, record)
            .map(|notice| notice_form::notice_effect(processor_id, notice)),
        FormTarget::Decision {
            processor_id,
            id,
            received_on,
        } => notice_form::decision_effect(processor_id, id, received_on, revision, form, today),
        FormTarget::Transfer { processor_id, id } => read_save::<TransferKind>(id, open, record)
            .map(|save| transfer_form::save_effect(processor_id, save)),
        FormTarget::Agreement { processor_id, id } => read_save::<DpaKind>(id, open, record)
            .map(|save| agreement_form::save_effect(processor_id, save)),
        FormTarget::Notification {
            breach_id,
            aware_at,
            first,
        } => breaches::notification_effect(
            breach_id,
            (aware_at, first),
            revision,
            form,
            &context.record,
        ),
        FormTarget::Organisation => organisation::save_effect(revision, form, &context.record),
        FormTarget::Export => {
            exchange::export_effect(form, context.wall, &context.file_label, context.record.zone)
        }
        FormTarget::Import => exchange::import_effect(form),
        FormTarget::AsOf => as_of::view_effect(form, &context.record.zone, context.wall),
        FormTarget::NewRegister => switcher::new_register_effect(
            form,
            context.pending_register.as_ref(),
            &context.record,
            context.recent_file.clone(),
        ),
        FormTarget::Letter(about) => {
            letters::draft_effect(about, form, &context.letter_subjects, &context.letter_label)
        }
        FormTarget::Passphrase => switcher::passphrase_effect(
            form,
            context.pending_register.as_ref(),
            context.recent_file.clone(),
        ),
    }
}

const READ_ONLY: &str = "Read-only: an earlier day is shown (@, empty, Ctrl-S: back to now)";

const READ_ONLY_FILE: &str =
    "Read-only: the register's file cannot be written here (read-only media or permissions)";

/// Why nothing may be written now: an earlier day shown, or a register that
/// can only be read here.
pub(crate) fn read_only_reason(state: &State) -> Option<&'static str> {
    if state.as_of.is_some() {
        Some(READ_ONLY)
    } else if state.organisation.as_ref().is_some_and(|o| o.read_only) {
        Some(READ_ONLY_FILE)
    } else {
        None
    }
}

fn scroll_detail(state: &mut State, down: bool) {
    state.detail_scroll = if down {
        state.detail_scroll.saturating_add(3)
    } else {
        state.detail_scroll.saturating_sub(3)
    };
}

fn on_input(state: &mut State, key: KeyEvent) -> Vec<Effect> {
    match state.mode() {
        // The as-of dialog has one field: Enter is the obvious way to apply it.
        Mode::Form
            if key.code == KeyCode::Enter
                && state.form().is_some_and(|f| {
                    matches!(f.target, FormTarget::AsOf | FormTarget::Passphrase)
                }) =>
        {
            on_form_command(state, Command::Save)
        }
        Mode::Form => {
            let context = FormContext::of(state);
            if let Some(open) = state.form_mut() {
                let taken = open.form.accepted.clone();
                if matches!(key.code, KeyCode::Up | KeyCode::Down) && !open.form.dropdown_open() {
                    open.form.move_in_text_box(key);
                } else if open.form.input(key) {
                    after_edit(open, &context);
                }
                if open.form.accepted != taken {
                    suggest::take(open, &context.record);
                }
            }
            Vec::new()
        }
        Mode::Palette => {
            if let Some(Modal::Palette(palette)) = &mut state.modal {
                super::widgets::text::edit_query(&mut palette.query, key);
                palette.index = 0;
            }
            Vec::new()
        }
        Mode::DraftInput => policy_draft::input(state, key),
        Mode::Filter if matches!(state.modal, Some(Modal::Registers(_))) => {
            switcher::filter_input(state, key);
            Vec::new()
        }
        Mode::Filter if state.tab == Tab::Dashboard => {
            ls::filter_input::<DashboardScreen>(state, key)
        }
        Mode::Filter if state.tab == Tab::Requests => ls::filter_input::<Requests>(state, key),
        Mode::Filter if state.tab == Tab::Breaches => ls::filter_input::<Breaches>(state, key),
        Mode::Filter if state.tab == Tab::Activities => ls::filter_input::<Activities>(state, key),
        Mode::Filter if state.tab == Tab::ProcessorRecords => {
            ls::filter_input::<ProcessorRecords>(state, key)
        }
        Mode::Filter => ls::filter_input::<Processors>(state, key),
        mode => {
            unbound_in_dialog(state, mode, key);
            Vec::new()
        }
    }
}

/// A letter typed in a dialog that has no use for it (the export's report
/// took a `3` meant for the Requests screen): the status bar says how the
/// dialog closes, rather than nothing happening.
fn unbound_in_dialog(state: &mut State, mode: Mode, key: KeyEvent) {
    if !matches!(key.code, KeyCode::Char(_)) {
        return;
    }
    let closes = match mode {
        Mode::Report | Mode::Letter | Mode::Pick | Mode::Draft => Command::Cancel,
        Mode::Help => Command::CloseHelp,
        Mode::Confirm => Command::No,
        _ => return,
    };
    let close = state.key(mode, closes);
    // Short: at 80 columns the status bar has room for about 22 characters
    // beside the register's name, and "(M)" for the rest leads nowhere here.
    state.info(format!("{close} closes it first"));
}

/// What follows a change of a field's value, typed or pasted: suggestions
/// under a new name, what a typed date reads as, the messages (live after a
/// first save attempt) and a transfer's warnings.
fn after_edit(open: &mut OpenForm, context: &FormContext) {
    suggest::offer(open);
    open.form.refresh_reads_as(&context.record);
    if open.form.tried_to_save {
        // After a first save attempt the messages follow the corrections live.
        open.form.errors = check_form(open, context).err().unwrap_or_default();
    }
    if matches!(open.target, FormTarget::Transfer { .. }) {
        open.form.warnings = transfer_form::warnings(&open.form, &context.record);
    }
}

/// A paste goes where typing would: the focused field, or the filter being typed.
fn on_paste(state: &mut State, text: &str) -> Vec<Effect> {
    match state.mode() {
        Mode::Form => {
            let context = FormContext::of(state);
            if let Some(open) = state.form_mut() {
                if open.form.paste(text) {
                    after_edit(open, &context);
                }
            }
            Vec::new()
        }
        Mode::Palette => {
            if let Some(Modal::Palette(palette)) = &mut state.modal {
                palette
                    .query
                    .push_str(&super::widgets::form::one_line(text));
                palette.index = 0;
            }
            Vec::new()
        }
        Mode::DraftInput => policy_draft::paste(state, text),
        Mode::Filter if matches!(state.modal, Some(Modal::Registers(_))) => {
            switcher::filter_paste(state, text);
            Vec::new()
        }
        Mode::Filter => match state.tab {
            Tab::Dashboard => ls::filter_paste::<DashboardScreen>(state, text),
            Tab::Requests => ls::filter_paste::<Requests>(state, text),
            Tab::Breaches => ls::filter_paste::<Breaches>(state, text),
            Tab::Activities => ls::filter_paste::<Activities>(state, text),
            Tab::ProcessorRecords => ls::filter_paste::<ProcessorRecords>(state, text),
            _ => ls::filter_paste::<Processors>(state, text),
        },
        _ => {
            state.info("Paste into a form's field or a filter (/)");
            Vec::new()
        }
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
            let area = open.form.fields_area(layout::form_area(body, &open.form));
            open.form.click(area, column, row);
            Vec::new()
        }
        Some(
            Modal::Confirm(_)
            | Modal::Pick(_)
            | Modal::Progress
            | Modal::Report(_)
            | Modal::Registers(_)
            | Modal::Letter(_)
            | Modal::Draft(_)
            | Modal::Palette(_),
        ) => Vec::new(),
        None if row == 0 => match tabs::tab_at(column, state.badges(), state.tab, state.width) {
            Some(tab) => switch_tab(state, tab.index()),
            None => Vec::new(),
        },
        None => match state.tab {
            Tab::Dashboard => ls::click::<DashboardScreen>(state, row),
            Tab::Processors => ls::click::<Processors>(state, row),
            Tab::Activities => ls::click::<Activities>(state, row),
            Tab::ProcessorRecords => ls::click::<ProcessorRecords>(state, row),
            Tab::Requests => ls::click::<Requests>(state, row),
            Tab::Breaches => ls::click::<Breaches>(state, row),
            Tab::Organisation => Vec::new(),
        },
    }
}

/// The wheel over a list scrolls it; over the details, they scroll.
fn on_scroll(state: &mut State, column: u16, row: u16, down: bool) -> Vec<Effect> {
    let body = layout::areas(state.width, state.height).body;
    let (_, detail) = layout::list_and_detail(body);
    let over_detail = detail.contains(ratatui::layout::Position::new(column, row));
    match (&state.modal, state.tab) {
        (Some(Modal::Report(_)), _) => {
            let command = if down { Command::Down } else { Command::Up };
            exchange::report_command(state, command);
            Vec::new()
        }
        (Some(Modal::Letter(_)), _) => {
            let command = if down { Command::Down } else { Command::Up };
            letters::command(state, command)
        }
        (
            None,
            Tab::Dashboard
            | Tab::Processors
            | Tab::Activities
            | Tab::Requests
            | Tab::Breaches
            | Tab::ProcessorRecords,
        ) if over_detail => {
            scroll_detail(state, down);
            Vec::new()
        }
        (None, Tab::Dashboard) => ls::scroll::<DashboardScreen>(state, down),
        (None, Tab::Processors) => ls::scroll::<Processors>(state, down),
        (None, Tab::Activities) => ls::scroll::<Activities>(state, down),
        (None, Tab::ProcessorRecords) => ls::scroll::<ProcessorRecords>(state, down),
        (None, Tab::Requests) => ls::scroll::<Requests>(state, down),
        (None, Tab::Breaches) => ls::scroll::<Breaches>(state, down),
        _ => Vec::new(),
    }
}

/// A new window size: every list keeps its selection in view.
fn on_resize(state: &mut State, width: u16, height: u16) -> Vec<Effect> {
    state.width = width;
    state.height = height;
    let (processor, request) = (state.processors.selected, state.requests.selected);
    let (breach, activity) = (state.breaches.selected, state.activities.selected);
    let finding = state.dashboard.selected;
    let mut effects = ls::select::<DashboardScreen>(state, finding);
    effects.extend(ls::select::<Processors>(state, processor));
    effects.extend(ls::select::<Activities>(state, activity));
    let record = state.processor_records.selected;
    effects.extend(ls::select::<ProcessorRecords>(state, record));
    effects.extend(ls::select::<Requests>(state, request));
    effects.extend(ls::select::<Breaches>(state, breach));
    effects
}

/// A save refused because the record changed since its form opened: what
/// was typed stays; once the record's revision now is read, Ctrl-S again
/// saves it over the other change (which the journal keeps).
fn stale(state: &mut State, message: String) -> Vec<Effect> {
    let record = state.form().and_then(|open| open.target.record());
    let since = state.form().map_or(0, |open| open.revision);
    let next = match record {
        Some(_) => "reading what it is now…",
        None => "press Esc and open it again to see the change",
    };
    let mut effects = failed(state, format!("{message}: {next}"), None);
    if let Some((table, id)) = record {
        effects.push(Effect::ReadRevision { table, id, since });
    }
    effects
}

/// The revision a record has now, read after a stale save: the form saves
/// over it, if the user saves again.
fn revision_read(
    state: &mut State,
    record: (&'static str, i64),
    revision: Option<i64>,
    changes: &[(String, String)],
) -> Vec<Effect> {
    let save = state.key(Mode::Form, Command::Save);
    let Some(open) = state
        .form_mut()
        .filter(|open| open.target.record() == Some(record))
    else {
        return Vec::new();
    };
    let message = match revision {
        Some(revision) => {
            open.revision = revision;
            // What a save of the whole form would put back, named, the
            // fields the user never touched included; only the form's own
            // (a deadline the store works out again is nothing to weigh).
            let on_form: Vec<&str> = changes
                .iter()
                .filter(|(column, _)| open.form.fields.iter().any(|f| f.key == column))
                .map(|(_, said)| said.as_str())
                .collect();
            let what = if on_form.is_empty() {
                String::new()
            } else {
                format!(" ({})", on_form.join("; "))
            };
            format!("Changed in another window or program since you opened it{what}: {save} again saves the whole form as you see it over that change (the history keeps it); Esc drops yours")
        }
        None => "Deleted in another window or program since you opened it: Esc closes the form (copy what you need first)".to_string(),
    };
    let mut errors = FieldErrors::default();
    errors.push("record", message.clone());
    open.form.show_errors(errors);
    state.error(message);
    Vec::new()
}

/// A store call failed: field errors go back to the open form, and the lists are read again.
fn failed(state: &mut State, message: String, fields: Option<FieldErrors>) -> Vec<Effect> {
    // Field problems are shown at their fields; the status bar says so in words.
    let target = state.form().map(|f| f.target);
    let message = match (fields.as_ref().and_then(|f| f.0.first()), target) {
        (Some(first), Some(FormTarget::Export | FormTarget::Import)) => {
            format!("Not started: {}", first.message)
        }
        (Some(first), Some(FormTarget::AsOf)) => format!("Not shown: {}", first.message),
        (Some(first), _) => format!("Not saved: {}", first.message),
        (None, _) => message,
    };
    if target == Some(FormTarget::AsOf) {
        as_of::refused(state);
    }
    if let Some(open) = state.form_mut() {
        // A refusal that names no field (a conflict, a refused step) shows in the form too.
        let fields = fields.unwrap_or_else(|| {
            let mut general = FieldErrors::default();
            general.push("record", message.clone());
            general
        });
        open.form.show_errors(fields);
    }
    state.error(message);
    // Another window may have changed the register: show what it holds now.
    let (processor, request) = (state.processors.selected, state.requests.selected);
    state.request_events = None;
    let mut effects = ls::reload::<Processors>(state, Focus::Index(processor));
    effects.extend(ls::reload::<Requests>(state, Focus::Index(request)));
    let breach = state.breaches.selected;
    effects.extend(ls::reload::<Breaches>(state, Focus::Index(breach)));
    effects.push(Effect::LoadOrganisation);
    effects
}
