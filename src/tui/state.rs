//! The workbench's whole state. `update` changes it, `render` draws it; neither
//! does I/O, so both are tested without a terminal or a file.

use super::action::OrganisationView;
use super::job::Job;
use super::keymap::{Mode, StepKey};
use super::layout;
use super::theme::Theme;
use super::widgets::form::Form;
use super::widgets::list_window::ListWindow;
use crate::domain::findings::{Finding, Moment};
use crate::store::{
    ActivityRow, BreachRow, ChangeNoticeRow, DpaRow, ProcessorRecordRow, ProcessorRow,
    RequestEvent, RequestOrder, RequestRow, TransferRow,
};
use chrono::{DateTime, NaiveDate, Utc};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tab {
    /// Every running clock of the register, most urgent first.
    Dashboard,
    Processors,
    Activities,
    Requests,
    Breaches,
    Organisation,
    /// Art. 30(2): processing the organisation does for controllers.
    ProcessorRecords,
}

impl Tab {
    pub const ALL: &'static [Tab] = &[
        Tab::Dashboard,
        Tab::Processors,
        Tab::Activities,
        Tab::Requests,
        Tab::Breaches,
        Tab::Organisation,
        Tab::ProcessorRecords,
    ];

    pub fn title(self) -> &'static str {
        match self {
            Tab::Dashboard => "Dashboard",
            Tab::Processors => "Processors",
            Tab::Activities => "Activities",
            Tab::Requests => "Requests",
            Tab::Breaches => "Breaches",
            Tab::Organisation => "Organisation",
            Tab::ProcessorRecords => "As processor",
        }
    }

    pub fn index(self) -> usize {
        Tab::ALL.iter().position(|&t| t == self).unwrap_or(0)
    }

    /// The bindings of the screen, while its list is not being filtered.
    pub fn mode(self) -> Mode {
        match self {
            Tab::Dashboard => Mode::Dashboard,
            Tab::Processors => Mode::Processors,
            Tab::Activities => Mode::Activities,
            Tab::Requests => Mode::Requests,
            Tab::Breaches => Mode::Breaches,
            Tab::Organisation => Mode::Organisation,
            Tab::ProcessorRecords => Mode::List,
        }
    }

    /// The screen whose bindings `mode` is.
    pub fn of_mode(mode: Mode) -> Option<Tab> {
        Tab::ALL.iter().copied().find(|t| t.mode() == mode)
    }
}

/// What needs attention per screen, for the tab bar.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Badges {
    /// Findings to act on now: errors and overdue clocks.
    pub dashboard: usize,
    pub processors: usize,
    pub activities: usize,
    pub requests: usize,
    pub breaches: usize,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MessageKind {
    Info,
    Error,
}

/// How many of the session's messages `M` can show.
pub const MESSAGES_KEPT: usize = 200;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    pub kind: MessageKind,
    pub text: String,
}

/// What a confirmation dialog asks and what `y` then does.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Confirm {
    pub title: String,
    pub lines: Vec<String>,
    pub on_yes: ConfirmAction,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ConfirmAction {
    DeleteProcessor {
        id: i64,
    },
    DeleteRequest {
        id: i64,
    },
    DeleteBreach {
        id: i64,
    },
    DeleteActivity {
        id: i64,
    },
    DeleteProcessorRecord {
        id: i64,
    },
    DeletePart {
        processor_id: i64,
        part: ProcessorPart,
    },
    /// Run the import that was just checked, for real.
    Import(Box<Job>),
    /// Record the controller of breach `id` (as processor) as told now.
    ControllerTold {
        id: i64,
    },
}

/// One record kept under a processor.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProcessorPart {
    Agreement(i64),
    Transfer(i64),
    Notice(i64),
}

impl ProcessorPart {
    /// Packs the part into a pick-list id (ids are positive, three kinds).
    pub fn encode(self) -> i64 {
        match self {
            ProcessorPart::Agreement(id) => id * 3,
            ProcessorPart::Transfer(id) => id * 3 + 1,
            ProcessorPart::Notice(id) => id * 3 + 2,
        }
    }

    pub fn decode(code: i64) -> Self {
        match code % 3 {
            0 => ProcessorPart::Agreement(code / 3),
            1 => ProcessorPart::Transfer(code / 3),
            _ => ProcessorPart::Notice(code / 3),
        }
    }
}

/// What choosing an item of a pick list does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PickPurpose {
    GoToProcessor,
    EditTransfer {
        processor_id: i64,
    },
    DecideNotice {
        processor_id: i64,
    },
    /// Ask before deleting the chosen agreement, transfer or notice; the
    /// option ids are `ProcessorPart::encode`d.
    DeletePart {
        processor_id: i64,
    },
}

/// A short list to choose one item from, e.g. which linked processor to open.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pick {
    pub purpose: PickPurpose,
    pub title: String,
    /// (id, what the user sees)
    pub options: Vec<(i64, String)>,
    pub index: usize,
}

/// The register a switcher dialog is about (`State::pending_register`).
#[derive(Debug, Clone)]
pub enum PendingRegister {
    /// The new-register dialog makes one there; beside it, the file and
    /// organisation of each register listed, one of which it may duplicate.
    New(NewPlace, Vec<(String, String)>),
    /// The passphrase dialog opens this encrypted register.
    Encrypted(std::path::PathBuf),
}

/// Where a new register goes.
#[derive(Debug, Clone)]
pub enum NewPlace {
    /// In this folder.
    Folder(std::path::PathBuf),
    /// On the server of the register open there.
    Server(Box<crate::store::server::ServerAddress>),
}

/// Which record an open form edits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FormTarget {
    /// A new register where `State::pending_register` says.
    NewRegister,
    /// `None`: a new processor.
    Processor(Option<i64>),
    /// `None`: a new request.
    Request(Option<i64>),
    /// A workflow step of request `id`.
    Step {
        id: i64,
        kind: StepKey,
    },
    /// `None`: a new breach.
    Breach(Option<i64>),
    /// `None`: a new activity.
    Activity(Option<i64>),
    /// `None`: a new Art. 30(2) record.
    ProcessorRecord(Option<i64>),
    /// A new sub-processor change notice from `processor_id`.
    Notice {
        processor_id: i64,
    },
    /// The decision on notice `id`, which arrived on `received_on`.
    Decision {
        processor_id: i64,
        id: i64,
        received_on: NaiveDate,
    },
    /// A transfer by `processor_id`; `id` `None` for a new one.
    Transfer {
        processor_id: i64,
        id: Option<i64>,
    },
    /// An agreement with `processor_id`; `id` `None` for a new one.
    Agreement {
        processor_id: i64,
        id: Option<i64>,
    },
    /// A notification of breach `breach_id`; `first` when none was sent before.
    Notification {
        breach_id: i64,
        aware_at: DateTime<Utc>,
        first: bool,
    },
    Organisation,
    /// The dialog that writes CSV files.
    Export,
    /// The dialog that reads CSV files (checked before anything is written).
    Import,
    /// The moment to view the register as of.
    AsOf,
    /// The passphrase of the encrypted register chosen in the switcher
    /// (`State::pending_register`).
    Passphrase,
    /// A letter to draft about a request or a breach; the categories of
    /// data subjects it offers are `State::letter_subjects`.
    Letter(crate::store::LetterAbout),
}

impl FormTarget {
    /// The stored record the form writes over, as (table, id): what a save
    /// refused as stale reads the revision of. `None` for a new record and
    /// for the dialogs.
    pub fn record(self) -> Option<(&'static str, i64)> {
        use crate::record::{self, Kind};
        let over = |table: &'static str, id: Option<i64>| id.map(|id| (table, id));
        match self {
            FormTarget::Processor(id) => over(record::processor::ProcessorKind::TABLE, id),
            FormTarget::Request(id) => over(record::request::RequestKind::TABLE, id),
            FormTarget::Step { id, .. } => over(record::request::RequestKind::TABLE, Some(id)),
            FormTarget::Breach(id) => over(record::breach::BreachKind::TABLE, id),
            FormTarget::Notification { breach_id, .. } => {
                over(record::breach::BreachKind::TABLE, Some(breach_id))
            }
            FormTarget::Activity(id) => over(record::activity::ActivityKind::TABLE, id),
            FormTarget::ProcessorRecord(id) => {
                over(record::processor_record::ProcessorRecordKind::TABLE, id)
            }
            FormTarget::Decision { id, .. } => {
                over(record::change_notice::ChangeNoticeKind::TABLE, Some(id))
            }
            FormTarget::Transfer { id, .. } => over(record::transfer::TransferKind::TABLE, id),
            FormTarget::Agreement { id, .. } => over(record::dpa::DpaKind::TABLE, id),
            FormTarget::Organisation => {
                over(record::organisation::OrganisationKind::TABLE, Some(1))
            }
            FormTarget::NewRegister
            | FormTarget::Notice { .. }
            | FormTarget::Export
            | FormTarget::Import
            | FormTarget::AsOf
            | FormTarget::Passphrase
            | FormTarget::Letter(_) => None,
        }
    }
}

#[derive(Debug, Clone)]
pub struct OpenForm {
    pub target: FormTarget,
    /// The record's revision when the form opened; the save is refused if it changed.
    pub revision: i64,
    pub form: Form,
}

#[derive(Debug, Clone)]
pub enum Modal {
    /// The key help, scrolled down this many lines.
    Help(u16),
    Confirm(Confirm),
    Form(Box<OpenForm>),
    /// Choose the linked processor to go to.
    Pick(Pick),
    /// The running export or import (`State::job`) with its progress bar.
    Progress,
    /// What an export or import did or found.
    Report(Report),
    /// The registers to switch to: this folder's and the recent ones.
    Registers(Registers),
    /// A drafted letter, to read, write to a file or copy.
    Letter(Box<LetterView>),
    /// The command palette.
    Palette(Palette),
    /// A register drafted from a privacy policy: its suggestions to accept.
    Draft(Box<crate::tui::screens::policy_draft::DraftView>),
}

/// The command palette: what is typed, the chosen row, and the screen it
/// was opened over (whose commands it lists).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Palette {
    pub query: String,
    pub index: usize,
    pub over: Mode,
}

impl Palette {
    /// The commands that match what is typed: those whose words contain
    /// every word typed, in the help's order; when none does, the fuzzy
    /// matches (a typo still finds its command).
    pub fn shown(&self, keys: &super::keymap::KeyMap) -> Vec<super::keymap::PaletteEntry> {
        let all = keys.palette(self.over);
        let names: Vec<String> = all
            .iter()
            .map(|e| {
                format!("{} {} {} {}", e.help, e.keys, e.group, e.command.name()).to_lowercase()
            })
            .collect();
        let words: Vec<String> = self
            .query
            .split_whitespace()
            .map(str::to_lowercase)
            .collect();
        // What a command does ("Breaches screen") before where it is listed
        // (a group that names breaches among others).
        let own: Vec<String> = all
            .iter()
            .map(|e| format!("{} {} {}", e.help, e.keys, e.command.name()).to_lowercase())
            .collect();
        let has_all = |text: &str| words.iter().all(|w| text.contains(w.as_str()));
        // A word typed whole ("fold") before one it begins ("folder").
        let whole = |text: &str| {
            let said: Vec<&str> = text.split(|c: char| !c.is_alphanumeric()).collect();
            words.iter().all(|w| said.contains(&w.as_str()))
        };
        let (containing, by_group): (Vec<usize>, Vec<usize>) = (0..all.len())
            .filter(|&i| has_all(&names[i]))
            .partition(|&i| has_all(&own[i]));
        let (mut containing, partly): (Vec<usize>, Vec<usize>) =
            containing.into_iter().partition(|&i| whole(&own[i]));
        containing.extend(partly);
        containing.extend(by_group);
        let chosen = if containing.is_empty() {
            crate::platform::fuzzy::ranked(&self.query, &names)
        } else {
            containing
        };
        chosen.into_iter().map(|i| all[i].clone()).collect()
    }
}

/// A drafted letter as the preview shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LetterView {
    pub about: crate::store::LetterAbout,
    pub order: crate::exchange::letters::LetterOrder,
    pub letter: crate::exchange::letters::Letter,
    /// What the letter is about, as the title names it ("DSR-2026-0001").
    pub label: String,
    pub scroll: u16,
}

/// The register switcher: each register with its most urgent findings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Registers {
    /// The registers shown (the demo clients' left out while hidden).
    pub entries: Vec<crate::services::portfolio::Entry>,
    /// Every register found, shown or not.
    pub all: Vec<crate::services::portfolio::Entry>,
    pub index: usize,
    /// The register open now (marked in the list).
    pub current: std::path::PathBuf,
    /// What was typed after `/`: the registers whose file or organisation
    /// it names are shown.
    pub query: String,
    /// Whether typing goes to `query`.
    pub filtering: bool,
}

/// A scrollable text shown after an export or import.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Report {
    pub title: String,
    pub lines: Vec<String>,
    /// Errors (nothing was written) rather than a result.
    pub failed: bool,
    pub scroll: u16,
}

/// An export or import running off the UI thread, as far as the screen knows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JobView {
    pub job: Job,
    pub done: u64,
    pub total: u64,
    /// The user asked it to stop; waiting for it to notice.
    pub stopping: bool,
    /// Quit the workbench once it has stopped.
    pub quit_after: bool,
}

/// What the processors screen shows beneath the selected processor's fields.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProcessorExtras {
    pub id: i64,
    /// The current agreement first, then earlier ones.
    pub dpas: Vec<DpaRow>,
    pub transfers: Vec<TransferRow>,
    pub notices: Vec<ChangeNoticeRow>,
    /// Whether the current agreement's local document still matches its
    /// fingerprint (`None`: a web address, or nothing recorded).
    pub document_matches: Option<bool>,
}

pub struct State {
    pub tab: Tab,
    pub processors: ListWindow<ProcessorRow>,
    /// Processors whose sub-processors the list hides.
    pub folded: Vec<i64>,
    /// Agreements, transfers and notices of the selected processor, once loaded.
    pub processor_extras: Option<ProcessorExtras>,
    /// The register's findings, most urgent first (all of them are loaded).
    pub dashboard: ListWindow<Finding>,
    /// Errors and overdue clocks among them, whatever the filter (the tab's badge).
    pub urgent: usize,
    /// Of `urgent`, those about processors and their agreements.
    pub urgent_processors: usize,
    /// The register's most urgent finding (the status bar shows a breach
    /// clock on every screen).
    pub most_urgent: Option<crate::domain::findings::Finding>,
    pub activities: ListWindow<ActivityRow>,
    pub processor_records: ListWindow<ProcessorRecordRow>,
    /// The activities list shows only records missing an Art. 30 point.
    pub incomplete_only: bool,
    pub requests: ListWindow<RequestRow>,
    /// The column the requests list is sorted by, and which way.
    pub request_order: RequestOrder,
    pub breaches: ListWindow<BreachRow>,
    /// The event log of the selected request, once loaded.
    pub request_events: Option<(i64, Vec<RequestEvent>)>,
    /// Today in the register's time zone; the run loop keeps it current.
    pub today: NaiveDate,
    /// Now, for the breach clocks; the run loop keeps it current. While an
    /// earlier day is shown it stands at that moment.
    pub now: DateTime<Utc>,
    /// The wall clock, current even while an earlier day is shown.
    pub wall: DateTime<Utc>,
    /// How far the detail pane of a list screen is scrolled; back to 0 when the selection moves.
    pub detail_scroll: u16,
    pub organisation: Option<OrganisationView>,
    pub modal: Option<Modal>,
    /// The export or import running now, if any.
    pub job: Option<JobView>,
    /// Viewing the register as it stood at this moment (as typed): read-only.
    pub as_of: Option<(DateTime<Utc>, String)>,
    /// Where the list of recently opened registers is kept (`None`: nowhere, as in tests).
    pub recent_file: Option<std::path::PathBuf>,
    /// What the open dialog about another register is for: where the new
    /// register goes, or which encrypted register the passphrase opens.
    pub pending_register: Option<PendingRegister>,
    /// The register open before this one: the switcher's cursor starts there.
    pub came_from: Option<std::path::PathBuf>,
    /// Whether the switcher leaves the demo clients out (d toggles it).
    pub hide_demos: bool,
    /// The record form being prepared is a copy of the record read (y): it
    /// opens as a new record.
    pub duplicating: bool,
    /// The categories of data subjects the open letter form offers, by the
    /// index its checklist keeps.
    pub letter_subjects: Vec<String>,
    /// What the open letter form's record is called ("DSR-2026-0001").
    pub letter_label: String,
    /// Text for the terminal's clipboard (OSC 52), taken by the run loop.
    pub clipboard: Option<String>,
    /// Ctrl-Z: the run loop gives the terminal back and stops the process.
    pub suspend: bool,
    /// The export and import dialogs as last used, to open them again so.
    pub last_export: Option<Form>,
    pub last_import: Option<Form>,
    pub message: Option<Message>,
    /// The session's messages, oldest first (at most `MESSAGES_KEPT`): `M` shows them.
    pub messages: Vec<Message>,
    /// Shown in the status bar: which file is open.
    pub file_label: String,
    pub theme: Theme,
    /// What the last schema check found (`Effect::CheckSchema`), in words.
    pub schema_findings: Vec<String>,
    /// The key bindings in force (the user's from `config.toml` applied).
    pub keys: std::sync::Arc<super::keymap::KeyMap>,
    pub width: u16,
    pub height: u16,
    pub should_quit: bool,
}

impl State {
    pub fn new(
        file_label: impl Into<String>,
        theme: Theme,
        now: DateTime<Utc>,
        today: NaiveDate,
        width: u16,
        height: u16,
    ) -> Self {
        State {
            tab: Tab::Dashboard,
            processors: ListWindow::default(),
            processor_extras: None,
            folded: Vec::new(),
            dashboard: ListWindow::default(),
            urgent: 0,
            urgent_processors: 0,
            most_urgent: None,
            activities: ListWindow::default(),
            processor_records: ListWindow::default(),
            incomplete_only: false,
            requests: ListWindow::default(),
            request_order: RequestOrder::default(),
            breaches: ListWindow::default(),
            request_events: None,
            today,
            now,
            wall: now,
            detail_scroll: 0,
            organisation: None,
            modal: None,
            job: None,
            as_of: None,
            recent_file: None,
            pending_register: None,
            came_from: None,
            hide_demos: false,
            duplicating: false,
            letter_subjects: Vec::new(),
            letter_label: String::new(),
            clipboard: None,
            suspend: false,
            last_export: None,
            last_import: None,
            message: None,
            messages: Vec::new(),
            file_label: file_label.into(),
            theme,
            keys: std::sync::Arc::default(),
            schema_findings: Vec::new(),
            width,
            height,
            should_quit: false,
        }
    }

    /// Which bindings apply now.
    pub fn mode(&self) -> Mode {
        match &self.modal {
            Some(Modal::Help(_)) => Mode::Help,
            Some(Modal::Confirm(_)) => Mode::Confirm,
            Some(Modal::Pick(_)) => Mode::Pick,
            Some(Modal::Progress) => Mode::Job,
            Some(Modal::Report(_)) => Mode::Report,
            Some(Modal::Registers(list)) if list.filtering => Mode::Filter,
            Some(Modal::Registers(_)) => Mode::Pick,
            Some(Modal::Letter(_)) => Mode::Letter,
            Some(Modal::Draft(view)) if view.input.is_some() => Mode::DraftInput,
            Some(Modal::Draft(_)) => Mode::Draft,
            Some(Modal::Palette(_)) => Mode::Palette,
            Some(Modal::Form(open)) if open.form.confirm_discard => Mode::Confirm,
            Some(Modal::Form(_)) => Mode::Form,
            None => {
                let filtering = match self.tab {
                    Tab::Dashboard => self.dashboard.filtering,
                    Tab::Processors => self.processors.filtering,
                    Tab::Activities => self.activities.filtering,
                    Tab::Requests => self.requests.filtering,
                    Tab::Breaches => self.breaches.filtering,
                    Tab::Organisation => false,
                    Tab::ProcessorRecords => self.processor_records.filtering,
                };
                if filtering {
                    Mode::Filter
                } else {
                    self.tab.mode()
                }
            }
        }
    }

    /// What needs attention, shown on the tabs: incomplete records, overdue requests and breaches.
    pub fn badges(&self) -> Badges {
        let dashboard = self.urgent;
        let processors = self.urgent_processors;
        self.organisation.as_ref().map_or(
            Badges {
                dashboard,
                processors,
                ..Badges::default()
            },
            |v| Badges {
                dashboard,
                processors,
                activities: v.incomplete_activities,
                requests: v.overdue_requests,
                breaches: v.overdue_breaches,
            },
        )
    }

    /// The moment the clocks are judged at: now, and today in the register's zone.
    pub fn moment(&self) -> Moment {
        Moment {
            today: self.today,
            now: self.now,
        }
    }

    /// Open requests past their deadline today, for the Requests tab.
    pub fn overdue_requests(&self) -> usize {
        self.badges().requests
    }

    /// The register's time zone (UTC until the organisation has loaded).
    pub fn time_zone(&self) -> chrono_tz::Tz {
        self.organisation
            .as_ref()
            .map_or(chrono_tz::UTC, |v| v.organisation.time_zone)
    }

    /// What a form's text is read against: now, in the register's zone.
    pub fn context(&self) -> crate::record::Context {
        crate::record::Context::new(self.now, self.time_zone()).typed()
    }

    /// How many list rows fit on screen now.
    pub fn list_height(&self) -> usize {
        let body = layout::areas(self.width, self.height).body;
        let (list, _) = layout::list_and_detail(body);
        layout::list_rows(list).1.max(1)
    }

    /// Asks the user to choose one of `options` (id, what they see) for
    /// `purpose`, the first one selected.
    pub fn pick(&mut self, purpose: PickPurpose, title: String, options: Vec<(i64, String)>) {
        self.modal = Some(Modal::Pick(Pick {
            purpose,
            title,
            options,
            index: 0,
        }));
    }

    /// The form or dialog has done its work: it closes, and the status bar
    /// says what was done.
    pub fn done(&mut self, text: impl Into<String>) {
        self.modal = None;
        self.info(text);
    }

    /// The user's key for `command` where `mode` has the keyboard, for a
    /// message that names it (`KeyMap::key_named`).
    pub fn key(&self, mode: super::keymap::Mode, command: super::keymap::Command) -> String {
        self.keys.key_named(mode, command)
    }

    pub fn info(&mut self, text: impl Into<String>) {
        self.say(MessageKind::Info, text.into());
    }

    pub fn error(&mut self, text: impl Into<String>) {
        self.say(MessageKind::Error, text.into());
    }

    /// A note for the moment, that the message log does not keep
    /// ("Reading the registers…").
    pub fn passing(&mut self, text: impl Into<String>) {
        self.message = Some(Message {
            kind: MessageKind::Info,
            text: text.into(),
        });
    }

    /// Shows a message in the status bar and keeps it in the session's log.
    fn say(&mut self, kind: MessageKind, text: String) {
        let message = Message { kind, text };
        if self.messages.len() == MESSAGES_KEPT {
            self.messages.remove(0);
        }
        self.messages.push(message.clone());
        self.message = Some(message);
    }

    /// Opens a form for `target` over the record's `revision` (0 for a new one).
    pub fn open_form(&mut self, target: FormTarget, revision: i64, form: Form) {
        self.modal = Some(Modal::Form(Box::new(OpenForm {
            target,
            revision,
            form,
        })));
    }

    pub fn form(&self) -> Option<&OpenForm> {
        match &self.modal {
            Some(Modal::Form(open)) => Some(open),
            _ => None,
        }
    }

    pub fn form_mut(&mut self) -> Option<&mut OpenForm> {
        match &mut self.modal {
            Some(Modal::Form(open)) => Some(open),
            _ => None,
        }
    }
}
