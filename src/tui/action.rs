//! Everything that can change the workbench's state: a command from the key map,
//! raw input for a text field, the mouse, the terminal, or a store result.

use chrono::{DateTime, NaiveDate, Utc};
use crossterm::event::KeyEvent;

use super::job::{Job, JobOutcome};
use super::keymap::Command;
use super::widgets::list_window::Page;
use crate::domain::organisation::Organisation;
use crate::domain::processor::ProcessorFields;
use crate::domain::request::DeadlineSettings;
use crate::domain::validation::FieldErrors;
use crate::store::{
    ActivityRow, BreachRow, ProcessorRecordRow, ProcessorRow, RequestEvent, RequestRow,
};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrganisationView {
    pub organisation: Organisation,
    pub settings: DeadlineSettings,
    pub revision: i64,
    pub schema_version: u32,
    pub processors: usize,
    pub breaches: usize,
    /// `None` while a large register's requests are counted on their own
    /// thread (counting a million from a cold file holds up the first frame).
    pub requests: Option<usize>,
    /// Open requests past their deadline today (not counting paused ones).
    pub overdue_requests: usize,
    /// Open breaches past their 72 hours without a notification, though one is required.
    pub overdue_breaches: usize,
    /// Records of processing that miss an Art. 30(1) point.
    pub incomplete_activities: usize,
    /// The file can only be read here (read-only media or permissions).
    pub read_only: bool,
    /// The register is one of the demo clients' (the status bar says so).
    pub demo: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    Processors(ProcessorAction),
    Requests(RequestAction),
    Activities(ActivityAction),
    ProcessorRecords(ProcessorRecordAction),
    Breaches(BreachAction),
    Letters(LetterAction),
    PolicyDraft(PolicyDraftAction),
    Command(Command),
    /// A key that no binding claimed: text for the focused field.
    Input(KeyEvent),
    /// Text pasted into the terminal (bracketed paste): for the focused field
    /// or the filter, at once.
    Paste(String),
    Click {
        column: u16,
        row: u16,
    },
    Scroll {
        column: u16,
        row: u16,
        down: bool,
    },
    Resize {
        width: u16,
        height: u16,
    },
    OrganisationLoaded(OrganisationView),
    /// The clock, read by the run loop while idle: now, and the date in the register's zone.
    Clock {
        now: DateTime<Utc>,
        today: NaiveDate,
    },
    OrganisationSaved(Organisation),
    DashboardLoaded {
        page: Page<crate::domain::findings::Finding>,
        /// Errors and overdue clocks in the whole register.
        urgent: usize,
        /// Of those, the ones about processors and their agreements (no
        /// count of its own says so on that tab).
        urgent_processors: usize,
        /// The register's most urgent finding, whatever the filter.
        most_urgent: Option<crate::domain::findings::Finding>,
    },
    /// A read failed (the file went away, another program holds it locked…):
    /// said in the status bar; nothing is reloaded in answer.
    LoadFailed {
        message: String,
    },
    /// Another program committed to the register: what is shown may be stale.
    ChangedElsewhere,
    /// Schema objects not the register's own, and its own triggers missing
    /// or altered (see `store::SchemaFinding`), in words.
    SchemaChecked(Vec<String>),
    /// An undo (or a redo) was made, or there was nothing to take back.
    Reverted {
        redo: bool,
        what: Option<crate::store::Reverted>,
    },
    /// The screens now show the register as of `at` (`None`: as it is).
    ViewingAsOf {
        at: Option<DateTime<Utc>>,
        label: String,
    },
    HistoryLoaded {
        label: String,
        entries: Vec<crate::store::JournalEntry>,
    },
    /// The registers to offer in the switcher.
    RegistersLoaded {
        entries: Vec<crate::services::portfolio::Entry>,
        current: std::path::PathBuf,
    },
    /// The register at `path` is encrypted and the passphrase given (or at
    /// hand) did not open it: ask for it, saying why.
    PassphraseNeeded {
        path: std::path::PathBuf,
        message: String,
    },
    /// Another register is open now; `label` is its path as the status bar shows it.
    RegisterOpened {
        label: String,
        /// A privacy policy to draft the register from (the new-register dialog's).
        draft_from: Option<String>,
        /// What to tell the user once it is open (a register made on a server).
        said: Option<String>,
    },
    /// An export or import began on its own thread (paths resolved).
    JobStarted(Job),
    /// How far it has come: records written, or bytes read.
    JobProgress {
        done: u64,
        total: u64,
    },
    /// The running job was asked to stop.
    JobStopAsked,
    JobFinished {
        job: Job,
        outcome: JobOutcome,
    },
    /// A store call failed; field errors go back to the open form.
    Failed {
        message: String,
        fields: Option<FieldErrors>,
    },
    /// A save refused: the record changed since its form opened (the
    /// store's words).
    Stale {
        message: String,
    },
    /// The revision record `id` of `table` has now (`None`: gone).
    RevisionRead {
        table: &'static str,
        id: i64,
        revision: Option<i64>,
        /// Each column changed meanwhile, with how it is said:
        /// ("dpo_name", "dpo_name: 'A' → 'B'").
        changes: Vec<(String, String)>,
    },
}

/// What the processors screen's effects found or did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ProcessorAction {
    ProcessorsLoaded(Page<ProcessorRow>),
    ProcessorFormReady {
        id: Option<i64>,
        /// (revision, record) of the processor being edited.
        current: Option<(i64, ProcessorFields)>,
        parents: Vec<(i64, String)>,
    },
    ProcessorSaved {
        id: i64,
        name: String,
        created: bool,
    },
    DeleteReady {
        id: i64,
        name: String,
        /// Names with their depth below the processor.
        dependants: Vec<(String, u32)>,
        /// Breach records naming it (or one beneath it); they lose the link.
        breach_links: usize,
        /// Processing activities that send it data; they lose the link.
        used_by: Vec<String>,
    },
    ProcessorDeleted {
        name: String,
        rows: usize,
    },
    ProcessorExtrasLoaded(Box<crate::tui::state::ProcessorExtras>),
    /// An agreement, transfer or change notice of the processor (or a
    /// decision on a notice) was written or deleted; `message` says which.
    PartSaved {
        processor_id: i64,
        message: String,
    },
}

/// What the requests screen's effects found or did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RequestAction {
    RequestsLoaded(Page<RequestRow>),
    /// The exact count of the requests `filter` matches.
    RequestsCounted {
        filter: String,
        total: usize,
        /// The journal's head when counted (see `Register::count_requests_stamped`).
        head: String,
    },
    /// The screen's own connection has taken (or, after a write, declined) that count.
    RequestCountRemembered,
    RequestEventsLoaded {
        id: i64,
        events: Vec<RequestEvent>,
    },
    RequestSaved {
        id: i64,
        created: bool,
    },
    /// `detail` is the history entry written.
    StepApplied {
        id: i64,
        detail: String,
    },
    RequestDeleted {
        reference: String,
    },
}

/// What the activities' effects found or did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ActivityAction {
    ActivitiesLoaded(Page<ActivityRow>),
    ActivityFormReady {
        row: Option<Box<ActivityRow>>,
        processors: Vec<(i64, String)>,
    },
    ActivitySaved {
        id: i64,
        name: String,
        created: bool,
        /// Why the status was kept at draft, when approval was asked of an incomplete record.
        note: Option<String>,
    },
    ActivityDeleted {
        name: String,
    },
}

/// What the Art. 30(2) records' effects found or did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ProcessorRecordAction {
    ProcessorRecordsLoaded(Page<ProcessorRecordRow>),
    FormReady {
        row: Option<Box<ProcessorRecordRow>>,
        /// The register's processors, to tick as sub-processors.
        processors: Vec<(i64, String)>,
    },
    ProcessorRecordSaved {
        id: i64,
        name: String,
        created: bool,
    },
    ProcessorRecordDeleted {
        name: String,
    },
}

/// What the breaches screen's effects found or did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BreachAction {
    BreachesLoaded(Page<BreachRow>),
    BreachFormReady {
        row: Option<Box<BreachRow>>,
        processors: Vec<(i64, String)>,
        activities: Vec<(i64, String)>,
        /// The Art. 30(2) records: the controllers a breach as processor is told to.
        controllers: Vec<(i64, String)>,
    },
    BreachSaved {
        id: i64,
        created: bool,
    },
    NotificationAdded {
        breach_id: i64,
    },
    BreachDeleted {
        title: String,
    },
}

/// A register drafted from a privacy policy.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PolicyDraftAction {
    /// The policy read, its suggestions to review.
    Read(Box<crate::tui::screens::policy_draft::DraftView>),
    /// The policy could not be read, or proposes nothing: why.
    Unreadable(String),
    /// The accepted suggestions written: "the organisation's details, 2 processors…".
    Written { summary: String },
}

/// Letters drafted from a request or a breach.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LetterAction {
    /// What the letter form offers: the register's language, and for a
    /// request the categories of data subjects its activities name.
    Prepared {
        about: crate::store::LetterAbout,
        label: String,
        lang: crate::domain::letter::Lang,
        /// The kind offered first: for a breach we handle as processor, the
        /// controller notice.
        kind: crate::domain::letter::LetterKind,
        subjects: Vec<String>,
    },
    Drafted(Box<crate::tui::state::LetterView>),
    /// The letter written to `file` next to the register (and recorded).
    Written {
        file: String,
        gaps: usize,
    },
    /// The letter recorded as copied: `text` goes to the terminal's clipboard.
    Copied {
        text: String,
        gaps: usize,
    },
    /// The controller of a breach as processor recorded as told.
    ControllerTold {
        id: i64,
    },
}
