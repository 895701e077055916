//! The run loop: the one place that reads terminal events, performs effects on
//! the store, and draws. Everything it does in between is `update` and `render`.

use std::collections::VecDeque;
use std::io;
use std::path::PathBuf;
use std::time::Duration;

use chrono::{DateTime, NaiveDate, Utc};
use crossterm::event;

use super::action::Action;
use super::background::{Background, Rebuild, Surveying};
use super::effect::Effect;
use super::job;
use super::render::render;
use super::screens::{
    activities, breaches, dashboard, exchange, history, organisation, processor_records,
    processors, requests, switcher,
};
use super::state::State;
use super::terminal;
use super::theme::Theme;
use super::update::{event_to_action, init, update};
use crate::platform::clock;
use crate::store::{Register, StoreError};

/// How often the loop reads the clock when no key is pressed: the breach
/// countdowns move by the minute and "today" turns over at midnight without a
/// keypress; between ticks nothing is redrawn.
const CLOCK_CHECK: Duration = Duration::from_secs(15);

/// How often the loop asks whether another program changed the register.
const CHANGE_CHECK: Duration = Duration::from_secs(2);

/// How often the progress bar of a running export or import moves.
const JOB_CHECK: Duration = Duration::from_millis(100);

/// How the workbench starts, beyond the register it opens.
#[derive(Debug, Clone, Default)]
pub struct Start {
    /// Where the recently opened registers are remembered.
    pub recent_file: Option<PathBuf>,
    /// Show the register switcher at once (the workbench was given a folder).
    pub switcher: bool,
    pub theme: Theme,
    /// The key bindings, the user's from `config.toml` applied.
    pub keys: super::keymap::KeyMap,
    /// The first start: the demo register just made here, explained.
    pub welcome: Option<PathBuf>,
}

pub fn run(register: Register, file_label: String, start: Start) -> io::Result<()> {
    register.set_via("tui");
    // The workbench asks for passphrases in its own dialog; the store never prompts.
    let (mut term, _guard) = terminal::init()?;
    let size = term.size()?;
    let mut workbench = Workbench::new(
        register,
        file_label,
        start.theme.clone(),
        (size.width, size.height),
    );
    workbench.state.recent_file = start.recent_file;
    workbench.state.keys = std::sync::Arc::new(start.keys);
    if let Some(demo) = &start.welcome {
        workbench.state.modal = Some(super::state::Modal::Report(
            super::screens::welcome::report(demo, &workbench.state.keys),
        ));
    }
    let mut effects: VecDeque<Effect> = init(&workbench.state).into();
    if start.switcher {
        effects.extend(switcher::open(&mut workbench.state));
    }
    loop {
        workbench.perform_all(&mut effects);
        term.draw(|frame| render(frame, &workbench.state))?;
        if let Some(text) = workbench.state.clipboard.take() {
            // OSC 52: the terminal (or tmux with set-clipboard) puts it on the clipboard.
            crossterm::execute!(
                io::stdout(),
                crossterm::clipboard::CopyToClipboard::to_clipboard_from(text)
            )?;
        }
        if workbench.state.should_quit {
            return Ok(());
        }
        if std::mem::take(&mut workbench.state.suspend) {
            terminal::suspend(&mut term)?;
            continue;
        }
        // While a job or a read runs, look at it often; otherwise sleep until a key or the clock.
        let wait = if workbench.busy() {
            JOB_CHECK
        } else {
            CHANGE_CHECK
        };
        if event::poll(wait)? {
            if let Some(action) = event_to_action(&workbench.state, event::read()?) {
                effects.extend(update(&mut workbench.state, action));
            }
        }
        if terminal::continued() {
            terminal::resume(&mut term)?;
        }
        effects.extend(workbench.watch());
    }
}

/// The workbench between frames: the state, the register, and what runs
/// beside the screen.
struct Workbench {
    register: Register,
    state: State,
    /// The workbench's clock: the one the register was opened with.
    clock: clock::Clock,
    time_zone: chrono_tz::Tz,
    /// The export or import running on its own thread, if any.
    running: Option<job::Running>,
    /// The dashboard's judgement of every clock, read on its own thread.
    background: Background,
    /// The register being rebuilt as of an earlier moment, on its own thread.
    rebuild: Option<Rebuild>,
    /// The switcher's list being read, on its own thread.
    surveying: Option<Surveying>,
    /// The register's data version when last looked at.
    data_version: i64,
    /// The file was found written anew by another program, and it was said.
    told_replaced: bool,
}

impl Workbench {
    fn new(
        register: Register,
        file_label: String,
        theme: Theme,
        (width, height): (u16, u16),
    ) -> Self {
        let time_zone = register
            .organisation()
            .map(|o| o.time_zone)
            .unwrap_or_default();
        let clock = register.clock();
        let now = clock.now();
        let today = clock::date_in(now, &time_zone);
        let state = State::new(file_label, theme, now, today, width, height);
        let data_version = register.data_version().unwrap_or_default();
        Workbench {
            register,
            state,
            clock,
            time_zone,
            running: None,
            background: Background::default(),
            rebuild: None,
            surveying: None,
            data_version,
            told_replaced: false,
        }
    }

    fn busy(&self) -> bool {
        self.running.is_some()
            || self.background.busy()
            || self.rebuild.is_some()
            || self.surveying.is_some()
    }

    /// Performs every effect, and those their actions lead to.
    fn perform_all(&mut self, effects: &mut VecDeque<Effect>) {
        while let Some(effect) = effects.pop_front() {
            // Another connection has its own data_version: start counting again.
            let swaps = matches!(
                effect,
                Effect::OpenRegister { .. } | Effect::CreateRegister { .. }
            );
            let (now, today) = (self.state.now, self.state.today);
            let action = match effect {
                // An earlier day shown lives in this connection only: read it here.
                effect if Background::takes(&effect) && self.state.as_of.is_none() => {
                    self.background
                        .submit(self.register.path(), effect, now, today);
                    continue;
                }
                // A newer moment asked for supersedes one being rebuilt (its answer is dropped).
                Effect::ViewAsOf { at, label } => {
                    let (path, clock) = (self.register.path(), self.register.clock());
                    self.rebuild = Some(Rebuild::start(path, clock, at, label));
                    continue;
                }
                // The list already being read for this register will do; one
                // read for a register since left is dropped when it ends.
                Effect::LoadRegisters { recent_file, now } => {
                    let reading = self.surveying.as_ref().map(Surveying::asked_on);
                    if reading != Some(self.register.path()) {
                        let survey = switcher::Survey::of(&self.register, recent_file, now);
                        self.surveying = Some(Surveying::start(survey));
                    }
                    continue;
                }
                Effect::StartJob(job) => exchange::start(&self.register, job, &mut self.running),
                Effect::StopJob => {
                    if let Some(job) = &self.running {
                        job.stop();
                    }
                    Action::JobStopAsked
                }
                effect => perform(&mut self.register, effect, now, today),
            };
            if swaps {
                self.data_version = self.register.data_version().unwrap_or_default();
                self.told_replaced = false;
                // The background's kept connection is to the register left:
                // let it go now (`dpo passwd` on that file refuses while
                // any connection holds it).
                self.background.let_go_of_others(self.register.path());
            }
            if let Action::OrganisationLoaded(view) = &action {
                self.time_zone = view.organisation.time_zone;
            }
            effects.extend(update(&mut self.state, action));
        }
    }

    /// What happened beside the screen since the last look: a job's
    /// progress or end, a background read's answer, the file written anew or
    /// changed by another program, the clock moving on.
    fn watch(&mut self) -> Vec<Effect> {
        let mut effects = Vec::new();
        if let Some(job) = &mut self.running {
            if let Some((done, total)) = job.progress() {
                effects.extend(update(&mut self.state, Action::JobProgress { done, total }));
            }
        }
        if let Some((path, action)) = self.background.poll() {
            // Another register opened, or an earlier day shown, since it was asked for.
            if path == self.register.path() && self.state.as_of.is_none() {
                effects.extend(update(&mut self.state, action));
            }
        }
        effects.extend(self.finish_job());
        effects.extend(self.finish_rebuild());
        effects.extend(self.finish_survey());
        effects.extend(self.watch_the_file());
        // The clock moves on whether keys are pressed or not.
        let now = self.clock.now();
        if now - self.state.now >= chrono::Duration::from_std(CLOCK_CHECK).unwrap_or_default() {
            let today = clock::date_in(now, &self.time_zone);
            effects.extend(update(&mut self.state, Action::Clock { now, today }));
        }
        effects
    }

    fn finish_job(&mut self) -> Vec<Effect> {
        let (Some(done), Some(view)) = (
            finished(&mut self.running, job::Running::is_finished),
            &self.state.job,
        ) else {
            return Vec::new();
        };
        let job = view.job.clone();
        let outcome = done.finish();
        // The job's own commit is not "another program's".
        self.data_version = self.register.data_version().unwrap_or(self.data_version);
        update(&mut self.state, Action::JobFinished { job, outcome })
    }

    /// Shows the switcher's list once it is read, unless another register
    /// was opened meanwhile.
    fn finish_survey(&mut self) -> Vec<Effect> {
        let Some(surveying) = finished(&mut self.surveying, Surveying::is_finished) else {
            return Vec::new();
        };
        let (asked_on, action) = surveying.finish();
        if asked_on != self.register.path() {
            return Vec::new();
        }
        update(&mut self.state, action)
    }

    /// Shows the register rebuilt as of an earlier moment once it is ready.
    fn finish_rebuild(&mut self) -> Vec<Effect> {
        let Some(rebuild) = finished(&mut self.rebuild, Rebuild::is_finished) else {
            return Vec::new();
        };
        let (rebuilt, action) = rebuild.finish();
        if let Some(mut register) = rebuilt {
            // The view of an earlier day and back: the same session, the same undo.
            register.keep_undo_of(&self.register);
            self.register = register;
            // Another connection has its own data_version: start counting again.
            self.data_version = self.register.data_version().unwrap_or_default();
            self.told_replaced = false;
        }
        update(&mut self.state, action)
    }

    fn watch_the_file(&mut self) -> Vec<Effect> {
        let mut effects = Vec::new();
        // The file written anew by another program (its passphrase changed):
        // said once; every save is refused from then on.
        if !self.told_replaced {
            if let Err(e) = self.register.still_there() {
                self.told_replaced = true;
                effects.extend(update(
                    &mut self.state,
                    Action::Failed {
                        message: e.to_string(),
                        fields: None,
                    },
                ));
            }
        }
        // A commit by another connection (a second window, a `dpo` command):
        // show what the file holds now.
        if let Ok(version) = self.register.data_version() {
            if version != self.data_version {
                self.data_version = version;
                effects.extend(update(&mut self.state, Action::ChangedElsewhere));
            }
        }
        effects
    }
}

/// What runs beside the screen in `slot`, taken once `done` says it has
/// finished (`None` while it runs, or when nothing does).
fn finished<T>(slot: &mut Option<T>, done: impl Fn(&T) -> bool) -> Option<T> {
    if slot.as_ref().is_some_and(done) {
        slot.take()
    } else {
        None
    }
}

/// Performs one effect against the store and reports the outcome as an action.
/// `now` and `today` are the workbench's clock (the run loop's, or a test's fixed moment).
pub fn perform(
    register: &mut Register,
    effect: Effect,
    now: DateTime<Utc>,
    today: NaiveDate,
) -> Action {
    // A failed read is shown, not answered with more reads: reloading after a
    // load that fails would ask again, and again.
    let reading = !effect.writes()
        && !matches!(
            effect,
            Effect::StartJob(_)
                | Effect::OpenRegister { .. }
                | Effect::CreateRegister { .. }
                | Effect::ViewAsOf { .. }
        );
    // A write of the user's own can be undone: remembered as the journal
    // entries it made.
    let undoable = effect.undoable();
    if undoable {
        // Not worth failing the write over: without it, the write is not undoable.
        let _ = register.watch_write();
    }
    let result = match effect {
        Effect::Undo => super::screens::undo::perform(register, false),
        Effect::Redo => super::screens::undo::perform(register, true),
        Effect::Processors(effect) => processors::perform(register, effect),
        Effect::Requests(effect) => requests::perform(register, effect, today),
        Effect::Activities(effect) => activities::perform(register, effect),
        Effect::ProcessorRecords(effect) => processor_records::perform(register, effect),
        Effect::Breaches(effect) => breaches::perform(register, effect),
        Effect::Letters(effect) => Ok(super::screens::letters::perform(register, effect, now)),
        Effect::PolicyDraft(effect) => super::screens::policy_draft::perform(register, effect),
        Effect::CheckSchema => register.schema_findings().map(|findings| {
            Action::SchemaChecked(findings.iter().map(ToString::to_string).collect())
        }),
        Effect::LoadOrganisation => {
            organisation::load(register, now, today).map(Action::OrganisationLoaded)
        }
        Effect::SaveOrganisation {
            organisation,
            settings,
            revision,
        } => organisation::save(register, organisation, &settings, revision),
        Effect::LoadDashboard { filter, focus } => {
            dashboard::load(register, filter, focus, now, today)
        }
        Effect::StartJob(job) => Ok(exchange::run_in_place(register, job)),
        Effect::StopJob => Ok(Action::JobStopAsked),
        // The run loop rebuilds on a thread (`Rebuild`); called directly (tests), in place.
        Effect::ViewAsOf { at, label } => {
            super::background::register_as_of(register.path(), register.clock(), at).map(|view| {
                let mut view = view;
                view.keep_undo_of(register);
                *register = view;
                Action::ViewingAsOf { at, label }
            })
        }
        Effect::LoadHistory { table, id, label } => history::perform(register, table, id, label),
        Effect::ReadRevision { table, id, since } => {
            register.revision_of(table, id).and_then(|revision| {
                let changes = register.changes_since(table, id, since)?;
                Ok(Action::RevisionRead {
                    table,
                    id,
                    revision,
                    changes,
                })
            })
        }
        Effect::LoadRegisters { recent_file, now } => {
            Ok(switcher::load_registers(register, recent_file, now))
        }
        Effect::OpenRegister {
            path,
            recent_file,
            passphrase,
        } => switcher::open_register(register, path, recent_file, passphrase),
        Effect::CreateRegister {
            path,
            organisation,
            copy_from,
            recent_file,
            policy,
        } => switcher::create_register(
            register,
            &path,
            &organisation,
            copy_from,
            recent_file,
            policy,
        ),
    };
    if undoable {
        let _ = register.remember_watched_write();
    }
    result.unwrap_or_else(|error| {
        if reading {
            return Action::LoadFailed {
                message: error.to_string(),
            };
        }
        refusal(error)
    })
}

/// A write or a change of view the store refused, with the fields it names.
pub(crate) fn refusal(error: StoreError) -> Action {
    let fields = match &error {
        StoreError::Invalid(fields) => Some(fields.clone()),
        StoreError::Conflict { .. } => {
            return Action::Stale {
                message: error.to_string(),
            }
        }
        _ => None,
    };
    Action::Failed {
        message: error.to_string(),
        fields,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_refused_stale_save_is_told_as_such_in_the_store_s_words() {
        let Action::Stale { message } = refusal(StoreError::Conflict { what: "processor" }) else {
            panic!("a conflict is a stale save");
        };
        assert!(message.starts_with("this processor was changed in another window"));
        // The store's own text names no key: the command line has none to press.
        assert!(!message.contains("Esc"), "{message}");
        assert!(matches!(
            refusal(StoreError::DiskFull),
            Action::Failed { fields: None, .. }
        ));
    }
}
