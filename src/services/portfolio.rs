//! A consultant's folder of client registers at a glance: each register with
//! its organisation and its most urgent findings, the registers on fire first.
//! `dpo portfolio` prints it; the workbench's register switcher shows it.

use std::path::{Path, PathBuf};

use crate::domain::findings::{Finding, Moment, Severity};
use crate::services::check::lint;
use crate::store::{Register, StoreError, StoreResult};

/// What one register says, judged at its own moment (its own time zone).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Summary {
    pub organisation: crate::domain::organisation::Organisation,
    pub time_zone: chrono_tz::Tz,
    pub moment: Moment,
    /// Breaches past their 72 hours without a notification.
    pub critical: usize,
    /// Errors, the critical ones included.
    pub errors: usize,
    pub warnings: usize,
    /// Clocks running and reminders (info), a count of requests due later
    /// taken as the requests it counts: what the switcher calls "running".
    pub info: usize,
    /// What needs acting on (`urgency::needs_action`): errors, critical
    /// ones and running breach clocks included, and clocks that have run out.
    pub urgent: usize,
    /// The most urgent findings, at most `TOP`.
    pub top: Vec<Finding>,
}

/// How many findings of each register a portfolio shows.
pub const TOP: usize = 3;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub path: PathBuf,
    /// Why it could not be read (not a register, newer schema, locked…).
    pub summary: Result<Summary, String>,
    /// Encrypted, and the passphrase at hand (if any) does not open it: the
    /// workbench asks for it when the register is chosen.
    pub needs_passphrase: bool,
}

impl Entry {
    pub fn file_name(&self) -> String {
        let text = self.path.to_string_lossy();
        if let Ok(address) = crate::store::server::ServerAddress::parse(&text) {
            return address.register;
        }
        let name = self
            .path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| self.path.display().to_string());
        // A name is one line of a list, whatever the file system allows.
        crate::domain::text::visible_on_one_line(&name).into_owned()
    }
}

/// The registers on the server of `address` (its database), each as its own
/// address: a server listed as a folder is.
pub fn registers_on_server(
    address: &crate::store::server::ServerAddress,
) -> crate::store::StoreResult<Vec<PathBuf>> {
    Ok(crate::store::server::registers_on_server(address)?
        .iter()
        .filter_map(|name| address.with_register(name).ok())
        .map(|a| PathBuf::from(a.to_string()))
        .collect())
}

/// How a register is named on the status bar: a file by its path (`~` for
/// home), a server's by register, database and host.
pub fn label(path: &Path) -> String {
    let text = path.to_string_lossy();
    match crate::store::server::ServerAddress::parse(&text) {
        Ok(address) => address.label(),
        Err(_) => crate::platform::recent::display(path),
    }
}

/// The register files of a folder (`*.dpo`, not descending), by name.
pub fn registers_in(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.is_file() && p.extension().is_some_and(|x| x == "dpo"))
        .collect();
    files.sort();
    Ok(files)
}

/// Reads each register in `paths`; `moment_in` gives the moment to judge at
/// in a time zone (now, or `--as-of`).
pub fn summarise(
    paths: &[PathBuf],
    open: Open<'_>,
    moment_in: &dyn Fn(&chrono_tz::Tz) -> Result<Moment, String>,
) -> Vec<Entry> {
    let mut entries: Vec<Entry> = paths
        .iter()
        .map(|path| {
            let summary = summary_of(path, open, moment_in);
            Entry {
                path: path.clone(),
                needs_passphrase: matches!(summary, Err(Unread::Passphrase(_))),
                summary: summary.map_err(Unread::into_message),
            }
        })
        .collect();
    sort_on_fire_first(&mut entries);
    entries
}

/// Why a register was not summarised.
enum Unread {
    /// Encrypted, and no passphrase at hand opens it.
    Passphrase(String),
    Other(String),
}

impl Unread {
    fn into_message(self) -> String {
        match self {
            Unread::Passphrase(m) | Unread::Other(m) => m,
        }
    }
}

impl From<String> for Unread {
    fn from(message: String) -> Self {
        Unread::Other(message)
    }
}

/// How the caller opens a register (the command line may ask for a
/// passphrase on its terminal; the workbench may not).
pub type Open<'a> = &'a dyn Fn(&Path) -> StoreResult<Register>;

fn summary_of(
    path: &Path,
    open: Open<'_>,
    moment_in: &dyn Fn(&chrono_tz::Tz) -> Result<Moment, String>,
) -> Result<Summary, Unread> {
    let register = open(path).map_err(|e| match e {
        StoreError::NeedsPassphrase { .. } | StoreError::WrongPassphrase { .. } => {
            Unread::Passphrase(e.to_string())
        }
        e => Unread::Other(e.to_string()),
    })?;
    let organisation = register.organisation().map_err(|e| e.to_string())?;
    let moment = moment_in(&organisation.time_zone)?;
    let findings = lint(&register, moment).map_err(|e| e.to_string())?;
    let count = |s| findings.iter().filter(|f| f.severity == s).count();
    Ok(Summary {
        critical: count(Severity::Critical),
        errors: count(Severity::Error) + count(Severity::Critical),
        warnings: count(Severity::Warning),
        info: findings
            .iter()
            .filter(|f| f.severity == Severity::Info)
            .map(|f| f.records)
            .sum(),
        urgent: findings
            .iter()
            .filter(|f| crate::domain::urgency::needs_action(f, moment))
            .count(),
        top: findings.into_iter().take(TOP).collect(),
        time_zone: organisation.time_zone,
        organisation,
        moment,
    })
}

/// Most urgent first, then most errors, then warnings; unreadable files last;
/// ties by file name.
pub fn sort_on_fire_first(entries: &mut [Entry]) {
    use std::cmp::Reverse;
    entries.sort_by_cached_key(|e| match &e.summary {
        // The register whose most urgent finding is the most urgent (a
        // breach clock before any count of paperwork), soonest first; then
        // the most to act on.
        Ok(s) => {
            let zone = s.time_zone;
            let first = s.top.first();
            (
                usize::from(first.is_none()),
                first.map(|f| crate::domain::urgency::Level::of(f.code)),
                first.and_then(|f| f.due_instant(&zone)),
                Reverse(s.urgent),
                Reverse(s.errors),
                Reverse(s.warnings),
                e.path.clone(),
            )
        }
        Err(_) => (
            2,
            None,
            None,
            Reverse(0),
            Reverse(0),
            Reverse(0),
            e.path.clone(),
        ),
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(name: &str, urgent: usize, errors: usize, warnings: usize) -> Entry {
        let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
        Entry {
            path: PathBuf::from(name),
            summary: Ok(Summary {
                organisation: crate::domain::organisation::Organisation {
                    name: name.into(),
                    ..Default::default()
                },
                time_zone: chrono_tz::UTC,
                moment: Moment {
                    today,
                    now: today.and_hms_opt(12, 0, 0).unwrap().and_utc(),
                },
                critical: 0,
                errors,
                warnings,
                info: 0,
                urgent,
                top: vec![],
            }),
            needs_passphrase: false,
        }
    }

    fn finding(code: &'static str, due: &str) -> Finding {
        Finding {
            code,
            severity: Severity::Error,
            record: crate::domain::findings::RecordRef {
                area: crate::domain::findings::Area::Breaches,
                id: 1,
                label: code.into(),
            },
            message: String::new(),
            due: due.parse().ok().map(crate::domain::findings::Due::At),
            records: 1,
        }
    }

    /// A running breach clock puts its register above one with more to do
    /// but nothing counted in hours.
    #[test]
    fn the_register_on_fire_comes_first_and_unreadable_files_last() {
        let mut entries = vec![
            Entry {
                path: "broken.dpo".into(),
                summary: Err("not a register".into()),
                needs_passphrase: false,
            },
            entry("calm.dpo", 0, 0, 1),
            entry("burning.dpo", 3, 2, 0),
            entry("quiet.dpo", 0, 0, 0),
            entry("smoke.dpo", 1, 1, 0),
            Entry {
                summary: entry("breach.dpo", 1, 1, 0).summary.map(|mut s| {
                    s.top = vec![finding("breach-clock", "2026-11-25T14:00:00Z")];
                    s
                }),
                ..entry("breach.dpo", 1, 1, 0)
            },
            Entry {
                summary: entry("paperwork.dpo", 9, 9, 0).summary.map(|mut s| {
                    s.top = vec![finding("processor-no-dpa", "")];
                    s
                }),
                ..entry("paperwork.dpo", 9, 9, 0)
            },
        ];
        sort_on_fire_first(&mut entries);
        let names: Vec<String> = entries.iter().map(Entry::file_name).collect();
        assert_eq!(
            names,
            [
                "breach.dpo",
                "paperwork.dpo",
                "burning.dpo",
                "smoke.dpo",
                "calm.dpo",
                "quiet.dpo",
                "broken.dpo"
            ]
        );
    }
}
