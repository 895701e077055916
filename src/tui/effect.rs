//! Work `update` asks for and the run loop performs against the store. Each
//! effect comes back as exactly one `Action`.

use crate::domain::activity::{Activity, ProcessorRecord};
use crate::domain::breach::{Breach, Notification};
use crate::domain::dpa::{Dpa, NoticeDecision};
use crate::domain::organisation::Organisation;
use crate::domain::processor::ProcessorFields;
use crate::domain::request::{DeadlineSettings, RequestBasics, Step};
use crate::domain::transfer::Transfer;
use crate::store::{ChangeNotice, RequestOrder};
use crate::tui::job::Job;
use chrono::NaiveDate;

/// Which row the processors list should show selected after loading.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Focus {
    /// The row at this position (clamped to the list).
    Index(usize),
    /// The row of this processor wherever it stands (after a save).
    Id(i64),
}

/// A record as a valid form gives it: written over record `id` where the
/// form edited one (refused if it changed since `revision`, the revision the
/// form was opened on), else inserted as a new one (revision 0).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Save<T> {
    pub id: Option<i64>,
    pub revision: i64,
    pub record: T,
}

impl<T> Save<T> {
    /// The same save of the record in another form (boxed, or converted).
    pub fn map<U>(self, convert: impl FnOnce(T) -> U) -> Save<U> {
        Save {
            id: self.id,
            revision: self.revision,
            record: convert(self.record),
        }
    }
}

/// Which window of a list to read: `rows` rows around `focus`, among those
/// `filter` matches.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListRead {
    pub filter: String,
    pub focus: Focus,
    pub rows: usize,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    Processors(ProcessorEffect),
    Requests(RequestEffect),
    Activities(ActivityEffect),
    ProcessorRecords(ProcessorRecordEffect),
    Breaches(BreachEffect),
    Letters(LetterEffect),
    PolicyDraft(PolicyDraftEffect),
    LoadOrganisation,
    /// Compare the schema with the register's own (read on its own thread:
    /// the first comparison builds the register's schema in memory).
    CheckSchema,
    /// Take back the session's last write (`store::undo`).
    Undo,
    /// Write again what the last undo took back.
    Redo,
    SaveOrganisation {
        organisation: Organisation,
        settings: DeadlineSettings,
        revision: i64,
    },
    /// Lint the register at the state's moment; `filter` narrows what is shown.
    LoadDashboard {
        filter: String,
        focus: Focus,
    },
    /// Show the register as it stood at `at` (rebuilt from its journal), or
    /// the file itself again (`None`).
    ViewAsOf {
        at: Option<chrono::DateTime<chrono::Utc>>,
        label: String,
    },
    /// The journal entries of a record and the records under it.
    LoadHistory {
        table: &'static str,
        id: i64,
        label: String,
    },
    /// Read the revision a record has now (after a stale save), and what
    /// was changed in it since revision `since`, the form's.
    ReadRevision {
        table: &'static str,
        id: i64,
        since: i64,
    },
    /// Summarise the registers of the open register's folder and the recent ones.
    LoadRegisters {
        recent_file: Option<std::path::PathBuf>,
        /// The moment to judge them at (the wall clock, not an earlier day shown).
        now: chrono::DateTime<chrono::Utc>,
    },
    /// Make the register `path` for `organisation`, with the processors and
    /// activities of `copy_from` if given, then open it.
    CreateRegister {
        path: std::path::PathBuf,
        organisation: Box<crate::domain::organisation::Organisation>,
        copy_from: Option<std::path::PathBuf>,
        recent_file: Option<std::path::PathBuf>,
        /// A privacy policy to draft the new register from, once it is open.
        policy: Option<String>,
    },
    /// Close this register and open `path` (remembered in `recent_file`).
    OpenRegister {
        path: std::path::PathBuf,
        recent_file: Option<std::path::PathBuf>,
        /// Typed in the passphrase dialog; `None`: the one at hand, if any.
        passphrase: Option<crate::platform::passphrase::Secret>,
    },
    /// Check the job's paths, then run it: on a thread in the workbench, in
    /// place where `perform` is called directly (tests).
    StartJob(Job),
    /// Ask the running job to stop.
    StopJob,
}

/// A register drafted from a privacy policy.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PolicyDraftEffect {
    /// Read the policy (a relative name beside the register) and draft it.
    Read { policy: String },
    /// Write the accepted suggestions into the register (journaled "via draft").
    Write {
        accepted: Vec<crate::domain::draft::Suggestion>,
        /// The organisation's revision when the policy was read.
        revision: i64,
    },
}

/// Letters drafted from a request or a breach.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LetterEffect {
    /// Read what the letter form offers for the record.
    Prepare {
        about: crate::store::LetterAbout,
        label: String,
    },
    Draft {
        about: crate::store::LetterAbout,
        order: crate::exchange::letters::LetterOrder,
        label: String,
    },
    /// Write the letter to a new file next to the register, and record it.
    Write {
        about: crate::store::LetterAbout,
        order: crate::exchange::letters::LetterOrder,
        letter: crate::exchange::letters::Letter,
    },
    /// Record the letter as copied to the clipboard.
    Copy {
        about: crate::store::LetterAbout,
        order: crate::exchange::letters::LetterOrder,
        letter: crate::exchange::letters::Letter,
    },
    /// A breach as processor: the controller was told now, by the notice.
    ControllerTold { id: i64 },
}

/// The processors screen: processors, their agreements, transfers and change notices.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ProcessorEffect {
    /// Count the filtered list and load the rows around the focus.
    LoadProcessors {
        read: ListRead,
        /// Processors whose sub-processors are hidden.
        folded: Vec<i64>,
    },
    /// Load what the add/edit form needs: the record and the possible parents.
    PrepareProcessorForm {
        id: Option<i64>,
    },
    /// `from_catalogue`: the catalogue entry chosen for a new processor,
    /// whose agreement and transfers are recorded with it.
    SaveProcessor {
        save: Save<ProcessorFields>,
        from_catalogue: Option<String>,
    },
    /// Find what would go with the processor before asking to delete it.
    PrepareDelete {
        id: i64,
    },
    DeleteProcessor {
        id: i64,
    },
    /// Saves an agreement; the document, when a local file, is fingerprinted first.
    SaveDpa {
        processor_id: i64,
        save: Save<Box<Dpa>>,
    },
    SaveTransfer {
        processor_id: i64,
        save: Save<Transfer>,
    },
    SaveChangeNotice {
        processor_id: i64,
        notice: ChangeNotice,
    },
    DecideNotice {
        processor_id: i64,
        id: i64,
        revision: i64,
        decision: NoticeDecision,
        decided_on: NaiveDate,
        note: String,
    },
    DeleteProcessorPart {
        processor_id: i64,
        part: crate::tui::state::ProcessorPart,
    },
    /// The agreements, transfers and change notices of processor `id`.
    LoadProcessorExtras {
        id: i64,
    },
}

/// The requests screen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RequestEffect {
    /// Count the filtered requests and load the rows around the focus.
    /// (Its own fields rather than a `ListRead`: the benchmarks ask for it by name.)
    LoadRequests {
        filter: String,
        order: RequestOrder,
        focus: Focus,
        window: usize,
    },
    LoadRequestEvents {
        id: i64,
    },
    SaveRequest(Save<RequestBasics>),
    ApplyStep {
        id: i64,
        revision: i64,
        step: Step,
    },
    DeleteRequest {
        id: i64,
    },
    /// Count every request `filter` matches (a page load counted only so far).
    CountRequests {
        filter: String,
    },
    /// Give the screen's connection the count made on the background thread,
    /// so its next page load knows where the list ends.
    RememberRequestCount {
        filter: String,
        total: usize,
        head: String,
    },
}

/// The records of processing (Art. 30(1) activities).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ActivityEffect {
    LoadActivities {
        read: ListRead,
        incomplete_only: bool,
    },
    /// Load what the activity form needs: the record and the processors to link.
    PrepareActivityForm {
        id: Option<i64>,
    },
    SaveActivity {
        save: Save<Box<Activity>>,
        /// The processors that receive its data, replacing those linked before.
        processors: Vec<i64>,
    },
    DeleteActivity {
        id: i64,
    },
}

/// The Art. 30(2) records.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ProcessorRecordEffect {
    LoadProcessorRecords(ListRead),
    /// Load what the form needs: the record, and the processors to tick.
    PrepareForm {
        id: Option<i64>,
    },
    SaveProcessorRecord(Save<ProcessorRecord>),
    DeleteProcessorRecord {
        id: i64,
    },
}

/// The breaches screen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BreachEffect {
    LoadBreaches(ListRead),
    /// Load what the breach form needs: the record, and the processors and activities to name.
    PrepareBreachForm {
        id: Option<i64>,
    },
    SaveBreach {
        save: Save<Box<Breach>>,
        /// The activities the breach affected, replacing those linked before.
        activities: Vec<i64>,
    },
    AddNotification {
        breach_id: i64,
        revision: i64,
        notification: Notification,
    },
    DeleteBreach {
        id: i64,
    },
}

impl Effect {
    /// Whether it writes to the register (refused while an import holds it).
    /// A write `u` can take back: the user's own saves, deletions and steps;
    /// not an undo itself, an import (a job of its own), or the record that
    /// a letter was written to a file or copied (the file and the copy stay).
    pub fn undoable(&self) -> bool {
        self.writes()
            && !matches!(
                self,
                Effect::Undo
                    | Effect::Redo
                    | Effect::StartJob(_)
                    | Effect::Letters(LetterEffect::Write { .. } | LetterEffect::Copy { .. })
            )
    }

    pub fn writes(&self) -> bool {
        match self {
            Effect::Processors(e) => e.writes(),
            Effect::Requests(e) => e.writes(),
            Effect::Activities(e) => e.writes(),
            Effect::ProcessorRecords(e) => !matches!(
                e,
                ProcessorRecordEffect::LoadProcessorRecords(_)
                    | ProcessorRecordEffect::PrepareForm { .. }
            ),
            Effect::Breaches(e) => e.writes(),
            Effect::Letters(e) => {
                !matches!(e, LetterEffect::Prepare { .. } | LetterEffect::Draft { .. })
            }
            Effect::PolicyDraft(e) => matches!(e, PolicyDraftEffect::Write { .. }),
            Effect::SaveOrganisation { .. } | Effect::Undo | Effect::Redo => true,
            Effect::StartJob(job) => job.writes(),
            Effect::LoadOrganisation
            | Effect::CheckSchema
            | Effect::LoadDashboard { .. }
            | Effect::LoadRegisters { .. }
            | Effect::LoadHistory { .. }
            | Effect::ReadRevision { .. }
            | Effect::ViewAsOf { .. }
            | Effect::OpenRegister { .. }
            | Effect::CreateRegister { .. }
            | Effect::StopJob => false,
        }
    }
}

impl ProcessorEffect {
    fn writes(&self) -> bool {
        !matches!(
            self,
            ProcessorEffect::LoadProcessors { .. }
                | ProcessorEffect::PrepareProcessorForm { .. }
                | ProcessorEffect::PrepareDelete { .. }
                | ProcessorEffect::LoadProcessorExtras { .. }
        )
    }
}

impl RequestEffect {
    fn writes(&self) -> bool {
        matches!(
            self,
            RequestEffect::SaveRequest(_)
                | RequestEffect::ApplyStep { .. }
                | RequestEffect::DeleteRequest { .. }
        )
    }
}

impl ActivityEffect {
    fn writes(&self) -> bool {
        !matches!(
            self,
            ActivityEffect::LoadActivities { .. } | ActivityEffect::PrepareActivityForm { .. }
        )
    }
}

impl BreachEffect {
    fn writes(&self) -> bool {
        !matches!(
            self,
            BreachEffect::LoadBreaches(_) | BreachEffect::PrepareBreachForm { .. }
        )
    }
}
