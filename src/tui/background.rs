//! Reads too slow for a keystroke run on a thread of their own, with their own
//! connection to the register: the dashboard judges every open clock, which on
//! a register of a million requests means tens of thousands of them, and the
//! exact count of a filter that matches most of them follows the quick one.
//! The screen keeps answering keys meanwhile; of the reads of one kind asked
//! for while another runs, only the newest is run (it supersedes the others).

use std::path::{Path, PathBuf};
use std::thread::JoinHandle;

use chrono::{DateTime, NaiveDate, Utc};

use super::action::Action;
use super::effect::Effect;
use crate::store::Register;

/// A read asked for, with the clock it is to be judged by.
struct Asked {
    path: PathBuf,
    effect: Effect,
    now: DateTime<Utc>,
    today: NaiveDate,
}

#[derive(Default)]
pub struct Background {
    /// The register read and the thread reading it.
    running: Option<(PathBuf, JoinHandle<Action>)>,
    /// Waiting, at most one of each kind.
    next: Vec<Asked>,
}

impl Background {
    /// Whether `effect` is one of the slow reads this runs.
    pub fn takes(effect: &Effect) -> bool {
        matches!(
            effect,
            Effect::LoadDashboard { .. } | Effect::CountRequests { .. }
        )
    }

    /// Runs `effect` against the register at `path` as soon as the thread is free.
    pub fn submit(&mut self, path: &Path, effect: Effect, now: DateTime<Utc>, today: NaiveDate) {
        let kind = std::mem::discriminant(&effect);
        self.next
            .retain(|asked| std::mem::discriminant(&asked.effect) != kind);
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

    /// Something is being read.
    pub fn busy(&self) -> bool {
        self.running.is_some()
    }

    /// The answer of a finished read, with the register it read, if one has
    /// finished (and starts the next). An answer about a register no longer
    /// open is the caller's to drop.
    pub fn poll(&mut self) -> Option<(PathBuf, Action)> {
        if !self.running.as_ref()?.1.is_finished() {
            return None;
        }
        let answer = self.running.take().map(|(path, handle)| {
            let action = handle.join().unwrap_or_else(|_| Action::LoadFailed {
                message: "the dashboard could not be read".into(),
            });
            (path, action)
        });
        self.start_next();
        answer
    }

    /// Waits for the read under way and any asked after it (a benchmark's or
    /// a test's way to see the finished screen).
    pub fn finish(&mut self) -> Vec<(PathBuf, Action)> {
        let mut answers = Vec::new();
        while let Some((path, handle)) = self.running.take() {
            if let Ok(action) = handle.join() {
                answers.push((path, action));
            }
            self.start_next();
        }
        answers
    }

    fn start_next(&mut self) {
        if self.next.is_empty() {
            return;
        }
        let asked = self.next.remove(0);
        let path = asked.path.clone();
        self.running = Some((
            path,
            std::thread::spawn(move || {
                let mut register = match Register::open(&asked.path) {
                    Ok(register) => register,
                    Err(e) => {
                        return Action::LoadFailed {
                            message: e.to_string(),
                        }
                    }
                };
                super::app::perform(&mut register, asked.effect, asked.now, asked.today)
            }),
        ));
    }
}
