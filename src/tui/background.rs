//! Reads too slow for a keystroke run on a thread of their own, with their own
//! connection to the register: the dashboard judges every open clock, which on
//! a register of a million requests means tens of thousands of them, the
//! exact count of a filter that matches most of them follows the quick one,
//! and a filtered page of requests — a rare one- or two-letter filter reads
//! the whole table to fill a page, which must not hold up the next keystroke;
//! and a privacy policy read and drafted.
//! The screen keeps answering keys meanwhile; of the reads of one kind asked
//! for while another runs, only the newest is run (it supersedes the others),
//! and a read under way that a newer one of its kind supersedes is stopped.

use std::path::{Path, PathBuf};
use std::thread::JoinHandle;

use chrono::{DateTime, NaiveDate, Utc};

use super::action::Action;
use super::effect::Effect;
use crate::platform::clock::Clock;
use crate::store::{Register, StoreResult};
use crate::tui::effect::RequestEffect;

/// A read asked for, with the clock it is to be judged by.
struct Asked {
    path: PathBuf,
    effect: Effect,
    now: DateTime<Utc>,
    today: NaiveDate,
}

/// Which reads supersede each other: a newer read of the same kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Dashboard,
    SchemaCheck,
    /// A count of the requests a filter matches; every request's (the
    /// Organisation screen's) apart, so the two never supersede each other.
    RequestCount {
        all: bool,
    },
    RequestPage,
    /// A privacy policy read and drafted (up to half a second at its size cap).
    PolicyDraft,
}

impl Kind {
    /// Which waiting read runs first (lowest first; ties in the order asked).
    fn rank(self) -> u8 {
        match self {
            Kind::Dashboard => 0,
            Kind::PolicyDraft | Kind::RequestPage => 1,
            Kind::RequestCount { all: false } => 2,
            Kind::SchemaCheck => 3,
            Kind::RequestCount { all: true } => 4,
        }
    }

    fn of(effect: &Effect) -> Option<Kind> {
        match effect {
            Effect::LoadDashboard { .. } => Some(Kind::Dashboard),
            Effect::PolicyDraft(crate::tui::effect::PolicyDraftEffect::Read { .. }) => {
                Some(Kind::PolicyDraft)
            }
            Effect::CheckSchema => Some(Kind::SchemaCheck),
            Effect::Requests(RequestEffect::CountRequests { filter }) => Some(Kind::RequestCount {
                all: filter.is_empty(),
            }),
            Effect::Requests(RequestEffect::LoadRequests { filter, .. }) if !filter.is_empty() => {
                Some(Kind::RequestPage)
            }
            _ => None,
        }
    }
}

/// The read under way.
struct Running {
    path: PathBuf,
    kind: Kind,
    thread: JoinHandle<Action>,
    /// Stops the read's query; sent by the thread once it has a connection.
    stop: std::sync::mpsc::Receiver<rusqlite::InterruptHandle>,
    /// A newer read of the same kind was asked for: its answer is not wanted.
    superseded: bool,
}

#[derive(Default)]
pub struct Background {
    running: Option<Running>,
    /// Waiting, at most one of each kind.
    next: Vec<Asked>,
    /// The connection the last read used, kept for the next read of the same
    /// register: a new one would read again what SQLite had in its cache (a
    /// filter's index pages, its vocabulary; 30–40 ms a key at 100,000
    /// requests) and prepare every statement again.
    idle: std::sync::Arc<std::sync::Mutex<Option<Register>>>,
}

impl Background {
    /// Whether `effect` is one of the slow reads this runs.
    pub fn takes(effect: &Effect) -> bool {
        Kind::of(effect).is_some()
    }

    /// Runs `effect` against the register at `path` as soon as the thread is free.
    pub fn submit(&mut self, path: &Path, effect: Effect, now: DateTime<Utc>, today: NaiveDate) {
        let Some(kind) = Kind::of(&effect) else {
            return;
        };
        self.next
            .retain(|asked| Kind::of(&asked.effect) != Some(kind));
        if let Some(running) = &mut self.running {
            if running.kind == kind && !running.superseded {
                running.superseded = true;
                if let Ok(stop) = running.stop.try_recv() {
                    stop.interrupt();
                }
            }
        }
        self.next.push(Asked {
            path: path.to_path_buf(),
            effect,
            now,
            today,
        });
        if self.running.is_none() {
            self.start_next();
        }
    }

    /// Closes the kept connection unless it is to the register at `path`.
    pub fn let_go_of_others(&mut self, path: &Path) {
        if let Ok(mut kept) = self.idle.lock() {
            if kept
                .as_ref()
                .is_some_and(|register| register.path() != path)
            {
                *kept = None;
            }
        }
    }

    /// Whether a connection is kept between reads (to the register at `path`).
    pub fn keeps(&self, path: &Path) -> bool {
        self.idle.lock().is_ok_and(|kept| {
            kept.as_ref()
                .is_some_and(|register| register.path() == path)
        })
    }

    /// Something is being read.
    pub fn busy(&self) -> bool {
        self.running.is_some()
    }

    /// The answer of a finished read, with the register it read, if one has
    /// finished (and starts the next). An answer about a register no longer
    /// open is the caller's to drop.
    pub fn poll(&mut self) -> Option<(PathBuf, Action)> {
        loop {
            if !self.running.as_ref()?.thread.is_finished() {
                return None;
            }
            let answer = self.running.take().and_then(Self::answer);
            self.start_next();
            if answer.is_some() {
                return answer;
            }
        }
    }

    /// A finished read's answer, unless a newer read superseded it.
    fn answer(running: Running) -> Option<(PathBuf, Action)> {
        let action = running
            .thread
            .join()
            .unwrap_or_else(|_| Action::LoadFailed {
                message: "a background read failed".into(),
            });
        (!running.superseded).then_some((running.path, action))
    }

    /// Waits for the read under way and any asked after it (a benchmark's or
    /// a test's way to see the finished screen).
    pub fn finish(&mut self) -> Vec<(PathBuf, Action)> {
        let mut answers = Vec::new();
        while let Some(running) = self.running.take() {
            answers.extend(Self::answer(running));
            self.start_next();
        }
        answers
    }

    fn start_next(&mut self) {
        // What a user waits on first: the Dashboard's clocks, then the page
        // of a filter being typed; the counts and the schema check after.
        let Some(first) = (0..self.next.len())
            .min_by_key(|&i| Kind::of(&self.next[i].effect).map_or(u8::MAX, Kind::rank))
        else {
            return;
        };
        let asked = self.next.remove(first);
        let path = asked.path.clone();
        let Some(kind) = Kind::of(&asked.effect) else {
            return;
        };
        let (send_stop, stop) = std::sync::mpsc::channel();
        let idle = self.idle.clone();
        let thread = std::thread::spawn(move || {
            // A read judged at the moment it was asked for.
            let clock = crate::platform::clock::Clock::fixed(asked.now);
            let mut register = match connection_for(&idle, &asked.path, clock) {
                Ok(register) => register,
                Err(e) => {
                    return Action::LoadFailed {
                        message: e.to_string(),
                    }
                }
            };
            let _ = send_stop.send(register.interrupt_handle());
            let action = super::app::perform(&mut register, asked.effect, asked.now, asked.today);
            if let Ok(mut kept) = idle.lock() {
                *kept = Some(register);
            }
            action
        });
        self.running = Some(Running {
            path,
            kind,
            thread,
            stop,
            superseded: false,
        });
    }
}

/// The kept connection if it is to the register at `path`, its clock set
/// to `clock`; else a new one.
fn connection_for(
    idle: &std::sync::Mutex<Option<Register>>,
    path: &Path,
    clock: Clock,
) -> StoreResult<Register> {
    let kept = idle.lock().ok().and_then(|mut kept| kept.take());
    match kept.filter(|register| register.path() == path) {
        Some(mut register) => {
            register.set_clock(clock)?;
            // A file's connection reads what others committed by itself; a
            // server's working copy takes it in when asked.
            register.data_version()?;
            Ok(register)
        }
        None => Register::open(path, clock),
    }
}

/// The register as of an earlier moment, rebuilt on a thread of its own:
/// replaying a long journal takes seconds, and the screen keeps answering
/// keys meanwhile. Going back to now opens the file again the same way.
pub struct Rebuild {
    at: Option<DateTime<Utc>>,
    label: String,
    thread: JoinHandle<StoreResult<Register>>,
}

impl Rebuild {
    /// Starts rebuilding the register at `path` as of `at` (`None`: as it is).
    pub fn start(path: &Path, clock: Clock, at: Option<DateTime<Utc>>, label: String) -> Self {
        let path = path.to_path_buf();
        let thread = std::thread::spawn(move || register_as_of(&path, clock, at));
        Rebuild { at, label, thread }
    }

    pub fn is_finished(&self) -> bool {
        self.thread.is_finished()
    }

    /// Waits for it: the register to show from now on, if it could be built,
    /// and the action that tells the screens.
    pub fn finish(self) -> (Option<Register>, Action) {
        let rebuilt = self.thread.join().unwrap_or_else(|_| {
            Err(crate::store::StoreError::field(
                "as_of",
                "rebuilding the register failed",
            ))
        });
        match rebuilt {
            Ok(register) => (
                Some(register),
                Action::ViewingAsOf {
                    at: self.at,
                    label: self.label,
                },
            ),
            Err(error) => (None, super::app::refusal(error)),
        }
    }
}

/// The switcher's list (every register of the folder or server, and the
/// recent ones, each read and judged) read on a thread of its own: on a
/// server each register is read whole, and the screen goes on meanwhile.
pub struct Surveying {
    current: PathBuf,
    thread: JoinHandle<Action>,
}

impl Surveying {
    pub fn start(survey: crate::tui::screens::switcher::Survey) -> Self {
        let current = survey.current().to_path_buf();
        let thread = std::thread::spawn(move || survey.read());
        Surveying { current, thread }
    }

    pub fn is_finished(&self) -> bool {
        self.thread.is_finished()
    }

    /// The register open when the list was asked for.
    pub fn asked_on(&self) -> &std::path::Path {
        &self.current
    }

    /// Waits for it: the register open when it was asked for, and the list.
    pub fn finish(self) -> (PathBuf, Action) {
        let action = self.thread.join().unwrap_or_else(|_| Action::Failed {
            message: "reading the registers failed".to_string(),
            fields: None,
        });
        (self.current, action)
    }
}

/// A new connection to the register at `path`, showing it as of `at` (rebuilt
/// from its journal) or, with `None`, as it is.
pub fn register_as_of(
    path: &Path,
    clock: Clock,
    at: Option<DateTime<Utc>>,
) -> StoreResult<Register> {
    let file = Register::open(path, clock)?;
    let view = match at {
        Some(at) => file.as_of(at)?,
        None => file,
    };
    view.set_via("tui");
    Ok(view)
}
