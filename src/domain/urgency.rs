//! One order of urgency for every finding, by the weight the law gives its
//! clock: the Dashboard, its tab count, the register switcher, `dpo
//! portfolio`, `dpo check` and the status bar all read it from here.
//!
//! A breach's 72 hours (Art. 33(1)) are counted in hours and cannot be
//! extended; a data subject's month (Art. 12(3)) in days, and can be, once;
//! a sub-processor objection window (Art. 28(2)) closes on its own; the rest
//! is paperwork without a date of its own. Within a level the nearest date
//! comes first (so the longest overdue), then the gravest finding.

use std::cmp::Reverse;

use super::findings::{Finding, Moment, Severity};

/// The levels, most urgent first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Level {
    /// The 72 hours have passed and the authority was not notified.
    BreachOverdue,
    /// The 72 hours are running (and, acting as processor, the controller
    /// is to be told without undue delay, Art. 33(2)).
    BreachClock,
    /// A breach's other duties left undone: telling the data subjects
    /// (Art. 34), the reasons for a late notification.
    BreachDuty,
    /// An answer to a data subject past its date.
    RequestOverdue,
    /// An answer due within 7 days, or the last day to announce an extension.
    RequestSoon,
    /// A sub-processor change whose objection window is open.
    ObjectionWindow,
    /// Duties without a date of their own: agreements, transfer tools,
    /// lawful bases, DPIAs, reviews, incomplete records.
    Paperwork,
    /// Clocks running that need nothing yet: a request due later, one paused.
    Running,
}

impl Level {
    /// Each finding code's level: the one place that says it.
    pub fn of(code: &str) -> Level {
        match code {
            "breach-notify-overdue" | "breach-controller-overdue" => Level::BreachOverdue,
            "breach-clock" | "breach-controller-clock" | "breach-controller-not-told" => {
                Level::BreachClock
            }
            "breach-subjects-not-told" | "breach-late-without-reason" => Level::BreachDuty,
            "request-overdue" | "requests-overdue-more" => Level::RequestOverdue,
            "requests-soon-more"
            | "request-due-soon"
            | "request-extension-notice"
            | "request-promise-soon"
            | "request-promise-missed" => Level::RequestSoon,
            "notice-objection-open" => Level::ObjectionWindow,
            "request-due" | "request-paused" | "request-promise-due" | "requests-running" => {
                Level::Running
            }
            _ => Level::Paperwork,
        }
    }

    /// Where it ranks and why, for the Dashboard's details.
    pub fn explained(self) -> &'static str {
        match self {
            Level::BreachOverdue => "first: the 72 hours to notify have passed (Art. 33(1))",
            Level::BreachClock => {
                "first with the breaches: a clock the law counts in hours (Art. 33(1))"
            }
            Level::BreachDuty => "with the breaches: a duty the breach brings (Art. 33, 34)",
            Level::RequestOverdue => {
                "after the breaches: a data subject's answer is late (Art. 12(3))"
            }
            Level::RequestSoon => {
                "after late answers: an answer, or the notice of an extension, due within 7 days"
            }
            Level::ObjectionWindow => {
                "after the requests: an objection window closes by itself (Art. 28(2))"
            }
            Level::Paperwork => "after every running clock: a duty without a date of its own",
            Level::Running => "last: a clock running that needs nothing yet",
        }
    }

    /// What it is called in docs/check.md and in `--json` (`level`).
    pub fn name(self) -> &'static str {
        match self {
            Level::BreachOverdue => "breach-overdue",
            Level::BreachClock => "breach-clock",
            Level::BreachDuty => "breach-duty",
            Level::RequestOverdue => "request-overdue",
            Level::RequestSoon => "request-soon",
            Level::ObjectionWindow => "objection-window",
            Level::Paperwork => "paperwork",
            Level::Running => "running",
        }
    }
}

/// Sorts `findings` most urgent first: by level, then the nearest date
/// (undated last), then the gravest, then by area and record for a stable
/// order. Paperwork has no clock of its own to go by: there the gravest
/// comes first (a missing agreement before a late review), then the date.
pub fn sort_by_urgency(findings: &mut [Finding], zone: &chrono_tz::Tz) {
    findings.sort_by_cached_key(|f| {
        let level = Level::of(f.code);
        let due = f.due_instant(zone);
        (
            level,
            (level == Level::Paperwork).then_some(Reverse(f.severity)),
            due.is_none(),
            due,
            Reverse(f.severity),
            f.record.area,
            f.record.id,
        )
    });
}

/// Whether it needs acting on now (what the tab counts and the switcher
/// count): an error or graver, or any clock that has run out.
pub fn needs_action(finding: &Finding, moment: Moment) -> bool {
    finding.severity >= Severity::Error || finding.overdue(moment)
}

/// The severity in text, for screens without colour: `!!` critical, `!`
/// error, `·` warning, nothing for information.
pub fn marker(severity: Severity) -> &'static str {
    match severity {
        Severity::Critical => "!!",
        Severity::Error => "!",
        Severity::Warning => "·",
        Severity::Info => "",
    }
}
