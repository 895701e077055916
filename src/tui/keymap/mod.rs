//! Every key binding of the workbench as data. `BINDINGS` is the standard
//! table; a `KeyMap` is it with the user's keys from `config.toml` applied
//! (`user.rs`), and everything that names or reads a key — `resolve`, the
//! footers, the help, the palette — asks the `KeyMap`, so none can disagree
//! with what the keys do.

mod names;
mod user;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

pub use names::{key_label, parse_key};
pub use user::keys_markdown;

/// Which bindings apply: the modal or screen that has the keyboard.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Available on every screen when no text is being typed.
    Global,
    /// Any list screen: processors, requests, breaches.
    List,
    /// The dashboard of clocks.
    Dashboard,
    /// The requests list's workflow steps.
    Requests,
    /// The breaches list.
    Breaches,
    /// The processors list.
    Processors,
    /// The activities list.
    Activities,
    /// Choosing one item from a short list.
    Pick,
    Filter,
    Organisation,
    Form,
    Confirm,
    Help,
    /// An export or import is running with its progress shown.
    Job,
    /// Reading what an export or import did (or found).
    Report,
    /// Reading a drafted letter.
    Letter,
    /// Reviewing suggestions drafted from a privacy policy.
    Draft,
    /// Typing a policy's file name or a suggestion's value.
    DraftInput,
    /// The command palette: every command, filtered as you type.
    Palette,
}

impl Mode {
    pub fn title(self) -> &'static str {
        match self {
            Mode::Global => "Everywhere",
            Mode::List => "Lists (processors, activities, requests, breaches)",
            Mode::Dashboard => "Dashboard",
            Mode::Requests => "Requests: workflow steps, order",
            Mode::Breaches => "Breaches",
            Mode::Activities => "Activities",
            Mode::Processors => "Processors",
            Mode::Pick => "Choosing from a list",
            Mode::Filter => "Typing a filter",
            Mode::Organisation => "Organisation",
            Mode::Form => "Editing a record",
            Mode::Confirm => "Confirmation",
            Mode::Help => "This help",
            Mode::Job => "Export or import running",
            Mode::Report => "Export or import report",
            Mode::Letter => "A drafted letter",
            Mode::Draft => "Drafting from a privacy policy",
            Mode::DraftInput => "Typing a policy file or a value",
            Mode::Palette => "Command palette",
        }
    }

    /// Whether typed characters go to a text field (so global letter keys are off).
    fn takes_text(self) -> bool {
        matches!(
            self,
            Mode::Filter | Mode::Form | Mode::Palette | Mode::DraftInput
        )
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Command {
    Quit,
    Help,
    NextTab,
    PrevTab,
    GoTab(usize),
    Up,
    Down,
    PageUp,
    PageDown,
    Home,
    End,
    Filter,
    ClearFilter,
    AcceptFilter,
    Add,
    Edit,
    Delete,
    Save,
    Cancel,
    NextField,
    PrevField,
    Yes,
    No,
    CloseHelp,
    Step(StepKey),
    Notify,
    DetailDown,
    DetailUp,
    /// Record or edit the selected processor's agreement; `true`: a new one replacing it.
    Agreement(bool),
    /// Fold (`Some(true)`), unfold (`Some(false)`) or toggle the selected processor's chain.
    Fold(Option<bool>),
    /// Record a transfer of the selected processor; `true`: edit one.
    Transfer(bool),
    /// Delete an agreement, transfer or notice of the selected processor.
    DeletePart,
    /// Record a sub-processor change notice from the selected processor.
    ChangeNotice,
    /// Record the decision on one of its pending notices.
    DecideNotice,
    /// Go to a processor the selected activity sends data to.
    FollowLink,
    /// Show only incomplete records, or all again.
    ToggleIncomplete,
    /// Take the chosen item of a pick list.
    Choose,
    /// Open the dialog that writes tables as CSV files.
    Export,
    /// Open the dialog that reads CSV files into the register.
    Import,
    /// Stop the running export or import (an import then writes nothing).
    StopJob,
    /// Hide the progress dialog and go on working while the job runs.
    HideJob,
    /// Show the registers of this folder and the recent ones, to switch to.
    SwitchRegister,
    /// Open a new record's form filled from the selected one.
    Duplicate,
    /// In the switcher: make a new register in the folder shown.
    NewRegister,
    /// In the switcher: show or hide the demo clients' registers.
    ToggleDemos,
    /// Show the journal's history of the selected record.
    History,
    /// View the register as it stood at an earlier moment, or return to now.
    AsOf,
    /// Sort the list by its next column.
    SortNext,
    /// Read the list's order from its other end.
    SortReverse,
    /// Draft a letter about the selected request or breach.
    Letter,
    /// Give the terminal back to the shell until `fg` (Ctrl-Z).
    Suspend,
    /// Show the session's messages, newest first.
    Messages,
    /// Every command of this screen with its key, filtered as you type.
    Palette,
    /// In a drafted letter: the next language.
    NextLanguage,
    /// In a drafted letter: Markdown or plain text.
    ToggleFormat,
    /// In a drafted letter: write it to a file next to the register.
    WriteLetter,
    /// In a drafted letter: copy it through the terminal (OSC 52).
    CopyLetter,
    /// In a drafted letter: record that it was sent (extension, controller notice).
    LetterSent,
    /// Take back the session's last save or deletion (journaled "via undo").
    Undo,
    /// Make again what the last undo took back.
    Redo,
    /// Draft the register from a privacy policy: suggestions to accept.
    DraftFromPolicy,
    /// In a policy's draft: accept or reject the selected suggestion.
    ToggleAccept,
    /// In a policy's draft: accept every suggestion (or, again, none).
    AcceptAll,
    /// In a policy's draft: write the accepted suggestions into the register.
    WriteDraft,
}

/// The one-key workflow steps of a data-subject request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StepKey {
    Start,
    Identity,
    PauseOrResume,
    Extend,
    Answer,
    Refuse,
    Withdraw,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Key {
    pub code: KeyCode,
    pub modifiers: KeyModifiers,
}

const fn key(code: KeyCode) -> Key {
    Key {
        code,
        modifiers: KeyModifiers::NONE,
    }
}

const fn ch(c: char) -> Key {
    key(KeyCode::Char(c))
}

const fn ctrl(c: char) -> Key {
    Key {
        code: KeyCode::Char(c),
        modifiers: KeyModifiers::CONTROL,
    }
}

pub struct Binding {
    pub mode: Mode,
    pub keys: &'static [Key],
    pub command: Command,
    pub help: &'static str,
}

const fn bind(mode: Mode, keys: &'static [Key], command: Command, help: &'static str) -> Binding {
    Binding {
        mode,
        keys,
        command,
        help,
    }
}

/// Every binding, one a line so the table reads as one (rustfmt would
/// spread each over six lines).
#[rustfmt::skip]
pub const BINDINGS: &[Binding] = &[
    bind(Mode::Global, &[ch('q'), ctrl('c')], Command::Quit, "quit"),
    bind(Mode::Global, &[ch('?'), key(KeyCode::F(1))], Command::Help, "show or hide this help"),
    bind(Mode::Global, &[key(KeyCode::Tab)], Command::NextTab, "next screen"),
    bind(Mode::Global, &[key(KeyCode::BackTab)], Command::PrevTab, "previous screen"),
    bind(Mode::Global, &[ch('0')], Command::GoTab(0), "Dashboard: every clock"),
    bind(Mode::Global, &[ch('1')], Command::GoTab(1), "Processors screen"),
    bind(Mode::Global, &[ch('2')], Command::GoTab(2), "Activities screen"),
    bind(Mode::Global, &[ch('3')], Command::GoTab(3), "Requests screen"),
    bind(Mode::Global, &[ch('4')], Command::GoTab(4), "Breaches screen"),
    bind(Mode::Global, &[ch('5')], Command::GoTab(5), "Organisation screen"),
    bind(Mode::Global, &[ch('6')], Command::GoTab(6), "Art. 30(2) records (as a processor)"),
    bind(Mode::Global, &[ch('E')], Command::Export, "export a workbook or CSV files (auditors)"),
    bind(Mode::Global, &[ch('I')], Command::Import, "import CSV files, checked first"),
    bind(Mode::Global, &[ch('@')], Command::AsOf, "view the register as of a date (read-only)"),
    bind(Mode::Global, &[ctrl('o')], Command::SwitchRegister, "switch register (this folder, recent)"),
    bind(Mode::Global, &[ctrl('z')], Command::Suspend, "suspend to the shell (fg comes back)"),
    bind(Mode::Global, &[ch('M')], Command::Messages, "the session's messages, whole"),
    bind(Mode::Global, &[ch(':'), ctrl('p')], Command::Palette, "command palette: find and run any command"),
    bind(Mode::Global, &[ch('u')], Command::Undo, "undo the session's last save or deletion"),
    bind(Mode::Global, &[ctrl('r')], Command::Redo, "redo what undo took back"),
    bind(Mode::Global, &[ch('P')], Command::DraftFromPolicy, "draft the register from a privacy policy"),
    bind(Mode::Palette, &[key(KeyCode::Up)], Command::Up, "previous command"),
    bind(Mode::Palette, &[key(KeyCode::Down)], Command::Down, "next command"),
    bind(Mode::Palette, &[key(KeyCode::Enter)], Command::Choose, "run it"),
    bind(Mode::Palette, &[key(KeyCode::Esc)], Command::Cancel, "close the palette"),
    bind(Mode::Dashboard, &[key(KeyCode::Up), ch('k')], Command::Up, "previous item"),
    bind(Mode::Dashboard, &[key(KeyCode::Down), ch('j')], Command::Down, "next item"),
    bind(Mode::Dashboard, &[key(KeyCode::PageUp), ctrl('b')], Command::PageUp, "page up"),
    bind(Mode::Dashboard, &[key(KeyCode::PageDown), ctrl('f')], Command::PageDown, "page down"),
    bind(Mode::Dashboard, &[key(KeyCode::Home), ch('g')], Command::Home, "most urgent"),
    bind(Mode::Dashboard, &[key(KeyCode::End), ch('G')], Command::End, "last item"),
    bind(Mode::Dashboard, &[ch('/')], Command::Filter, "filter by code, record or text"),
    bind(Mode::Dashboard, &[ch('h')], Command::History, "history of the item's record"),
    bind(Mode::Organisation, &[ch('h')], Command::History, "history of the organisation"),
    bind(Mode::Organisation, &[key(KeyCode::Down), ch('j')], Command::DetailDown, "scroll down (small windows)"),
    bind(Mode::Organisation, &[key(KeyCode::Up), ch('k')], Command::DetailUp, "scroll up"),
    bind(Mode::Dashboard, &[key(KeyCode::Esc)], Command::ClearFilter, "clear the filter"),
    bind(Mode::Dashboard, &[ch('J')], Command::DetailDown, "scroll the details down"),
    bind(Mode::Dashboard, &[ch('K')], Command::DetailUp, "scroll the details up"),
    bind(Mode::Dashboard, &[key(KeyCode::Enter)], Command::Choose, "open the record on its own screen"),
    bind(Mode::List, &[key(KeyCode::Up), ch('k')], Command::Up, "previous row"),
    bind(Mode::List, &[key(KeyCode::Down), ch('j')], Command::Down, "next row"),
    bind(Mode::List, &[key(KeyCode::PageUp), ctrl('b')], Command::PageUp, "page up"),
    bind(Mode::List, &[key(KeyCode::PageDown), ctrl('f')], Command::PageDown, "page down"),
    bind(Mode::List, &[key(KeyCode::Home), ch('g')], Command::Home, "first row"),
    bind(Mode::List, &[key(KeyCode::End), ch('G')], Command::End, "last row"),
    bind(Mode::List, &[ch('/')], Command::Filter, "filter the list as you type"),
    bind(Mode::List, &[ch('J')], Command::DetailDown, "scroll the details down"),
    bind(Mode::List, &[ch('K')], Command::DetailUp, "scroll the details up"),
    bind(Mode::List, &[key(KeyCode::Esc)], Command::ClearFilter, "clear the filter"),
    bind(Mode::List, &[ch('a'), key(KeyCode::Insert)], Command::Add, "add a record"),
    bind(Mode::List, &[ch('h')], Command::History, "history: every change, who, when (journal)"),
    bind(Mode::List, &[ch('e'), key(KeyCode::Enter)], Command::Edit, "edit the selected record"),
    bind(Mode::List, &[ch('d'), key(KeyCode::Delete)], Command::Delete, "delete the selected record"),
    bind(Mode::Processors, &[ch('y')], Command::Duplicate, "new processor from a copy of this one"),
    bind(Mode::Processors, &[ch(' ')], Command::Fold(None), "fold or unfold its sub-processors"),
    bind(Mode::Processors, &[key(KeyCode::Left)], Command::Fold(Some(true)), "fold: hide its sub-processors"),
    bind(Mode::Processors, &[key(KeyCode::Right)], Command::Fold(Some(false)), "unfold: show its sub-processors"),
    bind(Mode::Processors, &[ch('c')], Command::Agreement(false), "record or edit its processor agreement"),
    bind(Mode::Processors, &[ch('C')], Command::Agreement(true), "a new agreement (the current one is kept)"),
    bind(Mode::Processors, &[ch('t')], Command::Transfer(false), "record a transfer to a third country"),
    bind(Mode::Processors, &[ch('T')], Command::Transfer(true), "edit one of its transfers"),
    bind(Mode::Processors, &[ch('x')], Command::DeletePart, "delete an agreement, transfer or notice"),
    bind(Mode::Processors, &[ch('o')], Command::ChangeNotice, "record a sub-processor change notice"),
    bind(Mode::Processors, &[ch('v')], Command::DecideNotice, "decide on a pending change notice"),
    bind(Mode::Activities, &[ch('y')], Command::Duplicate, "new activity from a copy of this one"),
    bind(Mode::Activities, &[key(KeyCode::Enter)], Command::FollowLink, "go to a processor it sends data to"),
    bind(Mode::Activities, &[ch('i')], Command::ToggleIncomplete, "only incomplete records, or all again"),
    bind(Mode::Pick, &[key(KeyCode::Up), ch('k')], Command::Up, "previous item"),
    bind(Mode::Pick, &[key(KeyCode::Down), ch('j')], Command::Down, "next item"),
    bind(Mode::Pick, &[key(KeyCode::Enter)], Command::Choose, "go to the item"),
    bind(Mode::Pick, &[ch('d')], Command::ToggleDemos, "show or hide the demo clients"),
    bind(Mode::Pick, &[ch('/')], Command::Filter, "find a register by its file or organisation"),
    bind(Mode::Pick, &[ch('n')], Command::NewRegister, "new register (or copy one)"),
    bind(Mode::Pick, &[key(KeyCode::Esc), ch('q')], Command::Cancel, "close the list"),
    bind(Mode::Breaches, &[ch('n')], Command::Notify, "record a notification to an authority"),
    bind(Mode::Breaches, &[ch('L')], Command::Letter, "draft a letter (authority, subjects…)"),
    bind(Mode::Requests, &[ch('L')], Command::Letter, "draft a letter (acknowledgement, answer…)"),
    bind(Mode::Dashboard, &[ch('L')], Command::Letter, "a letter about the item's request or breach"),
    bind(Mode::Requests, &[ch('s')], Command::Step(StepKey::Start), "start work on the request"),
    bind(Mode::Requests, &[ch('i')], Command::Step(StepKey::Identity), "identity: ask for it, or record the answer"),
    bind(Mode::Requests, &[ch('p')], Command::Step(StepKey::PauseOrResume), "pause the clock, or resume it"),
    bind(Mode::Requests, &[ch('x')], Command::Step(StepKey::Extend), "extend by two months (with reasons)"),
    bind(Mode::Requests, &[ch('c')], Command::Step(StepKey::Answer), "close as answered"),
    bind(Mode::Requests, &[ch('r')], Command::Step(StepKey::Refuse), "refuse (reason and Art. 12(4) notice)"),
    bind(Mode::Requests, &[ch('w')], Command::Step(StepKey::Withdraw), "record a withdrawal"),
    bind(Mode::Requests, &[ch('o')], Command::SortNext, "sort by the next column (due, received…)"),
    bind(Mode::Requests, &[ch('O')], Command::SortReverse, "reverse the order"),
    bind(Mode::Filter, &[key(KeyCode::Enter)], Command::AcceptFilter, "keep the filter, back to the list"),
    bind(Mode::Filter, &[key(KeyCode::Esc)], Command::ClearFilter, "clear the filter"),
    bind(Mode::Filter, &[key(KeyCode::Up)], Command::Up, "previous row"),
    bind(Mode::Filter, &[key(KeyCode::Down)], Command::Down, "next row"),
    bind(Mode::Organisation, &[ch('e'), key(KeyCode::Enter)], Command::Edit, "edit the organisation"),
    bind(Mode::Form, &[ctrl('s'), key(KeyCode::F(2))], Command::Save, "save, once every field is valid"),
    bind(Mode::Form, &[key(KeyCode::Esc)], Command::Cancel, "cancel; asks before dropping changes"),
    bind(Mode::Form, &[key(KeyCode::Tab), key(KeyCode::Down)], Command::NextField, "next field (in a text box: next line)"),
    bind(Mode::Form, &[key(KeyCode::BackTab), key(KeyCode::Up)], Command::PrevField, "previous field (in a text box: line up)"),
    bind(Mode::Confirm, &[ch('y')], Command::Yes, "yes, go ahead"),
    bind(Mode::Confirm, &[ch('n'), key(KeyCode::Esc)], Command::No, "no, keep it"),
    bind(Mode::Help, &[ch('?'), key(KeyCode::Esc), ch('q'), key(KeyCode::F(1))], Command::CloseHelp, "close the help"),
    bind(Mode::Help, &[key(KeyCode::Down), ch('j')], Command::Down, "scroll down (small terminals; PgDn, End)"),
    bind(Mode::Help, &[key(KeyCode::Up), ch('k')], Command::Up, "scroll up (PgUp, Home)"),
    // Named in the two lines above, to keep the help within one screen.
    bind(Mode::Help, &[key(KeyCode::PageDown), ctrl('f'), ch(' ')], Command::PageDown, ""),
    bind(Mode::Help, &[key(KeyCode::PageUp), ctrl('b')], Command::PageUp, ""),
    bind(Mode::Help, &[key(KeyCode::Home), ch('g')], Command::Home, ""),
    bind(Mode::Help, &[key(KeyCode::End), ch('G')], Command::End, ""),
    bind(Mode::Job, &[key(KeyCode::Esc)], Command::StopJob, "stop it (an import writes nothing)"),
    bind(Mode::Job, &[ch('q')], Command::Quit, "stop it, then quit"),
    bind(Mode::Job, &[key(KeyCode::Enter)], Command::HideJob, "keep working while it runs"),
    bind(Mode::Report, &[key(KeyCode::Esc), key(KeyCode::Enter), ch('q')], Command::Cancel, "close the report"),
    bind(Mode::Report, &[key(KeyCode::Down), ch('j')], Command::Down, "scroll down"),
    bind(Mode::Report, &[key(KeyCode::Up), ch('k')], Command::Up, "scroll up"),
    bind(Mode::Letter, &[key(KeyCode::Down), ch('j')], Command::Down, "scroll down (PgDn, End)"),
    bind(Mode::Letter, &[key(KeyCode::Up), ch('k')], Command::Up, "scroll up (PgUp, Home)"),
    bind(Mode::Letter, &[key(KeyCode::PageDown), ctrl('f'), ch(' ')], Command::PageDown, ""),
    bind(Mode::Letter, &[key(KeyCode::PageUp), ctrl('b')], Command::PageUp, ""),
    bind(Mode::Letter, &[key(KeyCode::Home), ch('g')], Command::Home, ""),
    bind(Mode::Letter, &[key(KeyCode::End), ch('G')], Command::End, ""),
    bind(Mode::Letter, &[ch('l')], Command::NextLanguage, "next language: nb, sv, en"),
    bind(Mode::Letter, &[ch('m')], Command::ToggleFormat, "Markdown or plain text"),
    bind(Mode::Letter, &[ch('w')], Command::WriteLetter, "write it to a new file next to the register"),
    bind(Mode::Letter, &[ch('c')], Command::CopyLetter, "copy it through the terminal (OSC 52)"),
    bind(Mode::Letter, &[ch('s')], Command::LetterSent, "mark sent (extension or controller notice)"),
    bind(Mode::Letter, &[key(KeyCode::Esc), ch('q')], Command::Cancel, "close the letter"),
    bind(Mode::Draft, &[key(KeyCode::Down), ch('j')], Command::Down, "next suggestion (PgDn, End)"),
    bind(Mode::Draft, &[key(KeyCode::Up), ch('k')], Command::Up, "previous suggestion (PgUp, Home)"),
    bind(Mode::Draft, &[key(KeyCode::PageDown), ctrl('f')], Command::PageDown, ""),
    bind(Mode::Draft, &[key(KeyCode::PageUp), ctrl('b')], Command::PageUp, ""),
    bind(Mode::Draft, &[key(KeyCode::Home), ch('g')], Command::Home, ""),
    bind(Mode::Draft, &[key(KeyCode::End), ch('G')], Command::End, ""),
    bind(Mode::Draft, &[ch(' ')], Command::ToggleAccept, "accept or reject the suggestion"),
    bind(Mode::Draft, &[key(KeyCode::Enter), ch('e')], Command::Edit, "edit its value, then accept it"),
    bind(Mode::Draft, &[ch('a')], Command::AcceptAll, "accept all, then none, then as proposed"),
    bind(Mode::Draft, &[ch('w')], Command::WriteDraft, "write the accepted ones into the register"),
    bind(Mode::Draft, &[key(KeyCode::Esc), ch('q')], Command::Cancel, "close the draft (nothing written)"),
    bind(Mode::DraftInput, &[key(KeyCode::Enter)], Command::Save, "read the policy, or keep the value"),
    bind(Mode::DraftInput, &[key(KeyCode::Esc)], Command::Cancel, "back without it"),
];

/// Keys that go to the field being edited rather than to a command; listed in the help.
pub const FIELD_KEYS: &[(Mode, &str, &str)] = &[
    (
        Mode::Form,
        "←/→ Space",
        "change a choice (or type its first letter)",
    ),
    (Mode::Form, "letters", "filter a long choice or checklist"),
    (Mode::Form, "Space", "tick or untick (checklist)"),
    (
        Mode::Form,
        "Ctrl-A",
        "tick all shown, again none (checklist)",
    ),
    (Mode::Form, "↓ Enter", "take a suggestion under a new name"),
    (Mode::Form, "Enter", "next field; new line in a text box"),
    (Mode::Form, "Ctrl-U", "empty the field"),
    (
        Mode::Form,
        "Ctrl-A Ctrl-E",
        "start or end of the line (text)",
    ),
    (Mode::Form, "Ctrl-K", "delete to the end of the line"),
    (Mode::Form, "mouse click", "edit that field"),
    (
        Mode::List,
        "mouse",
        "wheel scrolls; click picks a row or a tab",
    ),
];

/// The screens whose own commands the palette offers from any of them.
const SCREENS: &[Mode] = &[
    Mode::Dashboard,
    Mode::Processors,
    Mode::Activities,
    Mode::Requests,
    Mode::Breaches,
    Mode::Organisation,
];

/// Where to look for `mode`'s bindings, in order: its own, then the lists'
/// (for the list screens), then the global ones where no text is being typed.
fn scopes(mode: Mode) -> impl Iterator<Item = Mode> {
    let list_screen = matches!(
        mode,
        Mode::Requests | Mode::Breaches | Mode::Activities | Mode::Processors
    );
    let global_allowed = !mode.takes_text()
        && !matches!(
            mode,
            Mode::Confirm
                | Mode::Help
                | Mode::Pick
                | Mode::Job
                | Mode::Report
                | Mode::Letter
                | Mode::Draft
        );
    std::iter::once(mode)
        .chain(list_screen.then_some(Mode::List))
        .chain(global_allowed.then_some(Mode::Global))
}

/// One binding as the workbench uses it: the standard one, or as the
/// user's `config.toml` rebound it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bound {
    pub mode: Mode,
    pub keys: Vec<Key>,
    pub command: Command,
    pub help: &'static str,
    /// The user gave its keys.
    pub rebound: bool,
}

/// The key bindings in force: `BINDINGS`, with the user's keys where given.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyMap {
    bound: Vec<Bound>,
}

impl Default for KeyMap {
    fn default() -> Self {
        KeyMap::standard()
    }
}

/// A command as the palette lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PaletteEntry {
    pub command: Command,
    /// Its keys where `mode` has the keyboard ("d Del").
    pub keys: String,
    pub help: &'static str,
    /// The group it belongs to in the help ("Requests: workflow steps, order").
    pub group: &'static str,
    /// Another screen's command: that screen, which running it goes to first.
    pub screen: Option<Mode>,
}

/// One entry of a footer: a command, and the short word that names it there.
/// The key shown is read from the key map, so a key bound anew is named anew.
pub type Hint = (Command, &'static str);

impl KeyMap {
    /// The bindings as shipped.
    pub fn standard() -> KeyMap {
        KeyMap {
            bound: BINDINGS
                .iter()
                .map(|b| Bound {
                    mode: b.mode,
                    keys: b.keys.to_vec(),
                    command: b.command,
                    help: b.help,
                    rebound: false,
                })
                .collect(),
        }
    }

    /// Every binding, in the table's order.
    pub fn bindings(&self) -> &[Bound] {
        &self.bound
    }

    /// The command bound to `event` in `mode`, falling back to the global
    /// bindings where no text is being typed.
    pub fn resolve(&self, mode: Mode, event: KeyEvent) -> Option<Command> {
        let lookup = |m: Mode| {
            self.bound
                .iter()
                .filter(|b| b.mode == m)
                .find(|b| b.keys.iter().any(|k| matches(k, event)))
                .map(|b| b.command)
        };
        scopes(mode).find_map(lookup).or_else(|| {
            let ctrl_c =
                event.code == KeyCode::Char('c') && event.modifiers.contains(KeyModifiers::CONTROL);
            // Ctrl-C always leaves, even from a form or a dialog; Ctrl-Z always suspends.
            let ctrl_z =
                event.code == KeyCode::Char('z') && event.modifiers.contains(KeyModifiers::CONTROL);
            ctrl_c
                .then_some(Command::Quit)
                .or(ctrl_z.then_some(Command::Suspend))
        })
    }

    /// Every command that works where `mode` has the keyboard, once each, with
    /// its keys: the screen's own, the lists', then the global ones.
    pub fn palette(&self, mode: Mode) -> Vec<PaletteEntry> {
        let mut entries: Vec<PaletteEntry> = Vec::new();
        for scope in scopes(mode) {
            self.offer(&mut entries, scope, None);
        }
        // Opened over a screen, the other screens' own commands follow:
        // "agreement" typed over the breaches finds the processors' (run
        // there, on the processor selected there).
        if SCREENS.contains(&mode) {
            for &screen in SCREENS.iter().filter(|s| **s != mode) {
                self.offer(&mut entries, screen, Some(screen));
            }
        }
        entries
    }

    /// Adds the commands bound in `scope` to the palette's `entries`, but
    /// the palette itself and those listed already from a nearer scope;
    /// `screen` when they run on another screen.
    fn offer(&self, entries: &mut Vec<PaletteEntry>, scope: Mode, screen: Option<Mode>) {
        let bound = self
            .bound
            .iter()
            .filter(|b| b.mode == scope && !b.help.is_empty());
        for b in bound {
            // Hidden by one of this screen's, not by another screen's: the
            // requests' letter and the breaches' are two commands.
            let listed = entries
                .iter()
                .any(|e| e.command == b.command && (e.screen.is_none() || e.screen == screen));
            if b.command == Command::Palette || listed {
                continue;
            }
            entries.push(PaletteEntry {
                command: b.command,
                keys: labels(&b.keys),
                help: b.help,
                group: scope.title(),
                screen,
            });
        }
    }

    /// A screen's footer: its hints and `? help` last, as " a add · e edit · ? help ".
    pub fn footer(&self, mode: Mode, hints: &[Hint]) -> String {
        let help = [(Command::Help, "help")];
        format!(" {} ", self.hint_line(mode, hints.iter().chain(&help)))
    }

    /// The hints' first keys in `mode` with their words, " · " between; hints
    /// in a row that share a word share it too ("s i p steps"). A command with
    /// no key (the user unbound it) is left out.
    pub fn hint_line<'a, 'w>(
        &self,
        mode: Mode,
        hints: impl IntoIterator<Item = &'a (Command, &'w str)>,
    ) -> String
    where
        'w: 'a,
    {
        self.hints_with(mode, hints, 1)
    }

    /// A dialog's keys at its bottom, each with its second key where it has
    /// one, as " Enter go · Esc/q close ".
    pub fn keys_line(&self, mode: Mode, hints: &[(Command, &str)]) -> String {
        format!(" {} ", self.hints_with(mode, hints, 2))
    }

    fn hints_with<'a, 'w>(
        &self,
        mode: Mode,
        hints: impl IntoIterator<Item = &'a (Command, &'w str)>,
        keys_each: usize,
    ) -> String
    where
        'w: 'a,
    {
        let mut parts: Vec<(String, &str)> = Vec::new();
        for &(command, word) in hints {
            let Some(keys) = self.keys_of(mode, command) else {
                continue;
            };
            let key = keys
                .iter()
                .take(keys_each)
                .map(key_label)
                .collect::<Vec<_>>()
                .join("/");
            match parts.last_mut() {
                Some((keys, last)) if *last == word => {
                    keys.push(' ');
                    keys.push_str(&key);
                }
                _ => parts.push((key, word)),
            }
        }
        let parts: Vec<String> = parts
            .into_iter()
            .map(|(keys, word)| format!("{keys} {word}"))
            .collect();
        parts.join(" · ")
    }

    /// The keys bound to `command` where `mode` has the keyboard (none: unbound).
    fn keys_of(&self, mode: Mode, command: Command) -> Option<&[Key]> {
        scopes(mode)
            .find_map(|m| {
                self.bound
                    .iter()
                    .find(|b| b.mode == m && b.command == command && !b.keys.is_empty())
            })
            .map(|b| b.keys.as_slice())
    }

    /// The key a message names for `command` where `mode` has the keyboard
    /// ("press a"); an unbound command is named as the palette finds it
    /// (": add").
    pub fn key_named(&self, mode: Mode, command: Command) -> String {
        self.first_key(mode, command)
            .unwrap_or_else(|| format!(": {}", command.name()))
    }

    /// How the first key bound to `command` where `mode` has the keyboard is written.
    pub fn first_key(&self, mode: Mode, command: Command) -> Option<String> {
        self.keys_of(mode, command)
            .and_then(<[Key]>::first)
            .map(key_label)
    }
}

/// Keys as the help lists them: "d Del".
pub fn labels(keys: &[Key]) -> String {
    keys.iter().map(key_label).collect::<Vec<_>>().join(" ")
}

fn matches(key: &Key, event: KeyEvent) -> bool {
    // Terminals report Shift with upper-case letters, symbols and Shift-Tab
    // (BackTab) inconsistently: Shift is already in the key itself, so ignore it.
    let relevant = event.modifiers - KeyModifiers::SHIFT;
    match (key.code, event.code) {
        (KeyCode::Char(a), KeyCode::Char(b)) => a == b && relevant == key.modifiers,
        (KeyCode::BackTab, KeyCode::BackTab) => relevant == key.modifiers,
        (a, b) => a == b && event.modifiers == key.modifiers,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn resolve(mode: Mode, event: KeyEvent) -> Option<Command> {
        KeyMap::standard().resolve(mode, event)
    }

    fn footer(mode: Mode, hints: &[Hint]) -> String {
        KeyMap::standard().footer(mode, hints)
    }

    fn press(code: KeyCode, modifiers: KeyModifiers) -> KeyEvent {
        KeyEvent::new(code, modifiers)
    }

    /// `y` is offered only where a record can be copied: the help, the
    /// footers and the palette read the same table.
    #[test]
    fn copy_is_bound_only_where_a_record_can_be_copied() {
        let y = press(KeyCode::Char('y'), KeyModifiers::NONE);
        for mode in [Mode::Processors, Mode::Activities] {
            assert_eq!(resolve(mode, y), Some(Command::Duplicate), "{mode:?}");
        }
        for mode in [Mode::Requests, Mode::Breaches, Mode::List] {
            assert_eq!(resolve(mode, y), None, "{mode:?}");
        }
    }

    #[test]
    fn list_keys_and_vim_keys_move_the_same_way() {
        let none = KeyModifiers::NONE;
        assert_eq!(
            resolve(Mode::List, press(KeyCode::Down, none)),
            Some(Command::Down)
        );
        assert_eq!(
            resolve(Mode::List, press(KeyCode::Char('j'), none)),
            Some(Command::Down)
        );
        assert_eq!(
            resolve(Mode::List, press(KeyCode::Char('G'), KeyModifiers::SHIFT)),
            Some(Command::End)
        );
        assert_eq!(
            resolve(Mode::List, press(KeyCode::Char('?'), KeyModifiers::SHIFT)),
            Some(Command::Help)
        );
        // crossterm reports Shift-Tab as BackTab with SHIFT set.
        let back_tab = press(KeyCode::BackTab, KeyModifiers::SHIFT);
        assert_eq!(resolve(Mode::List, back_tab), Some(Command::PrevTab));
        assert_eq!(resolve(Mode::Form, back_tab), Some(Command::PrevField));
    }

    #[test]
    fn letters_are_text_while_typing() {
        let none = KeyModifiers::NONE;
        assert_eq!(
            resolve(Mode::Filter, press(KeyCode::Char('q'), none)),
            None,
            "q is typed, not quit"
        );
        assert_eq!(resolve(Mode::Form, press(KeyCode::Char('d'), none)), None);
        assert_eq!(
            resolve(Mode::Form, press(KeyCode::Char('c'), KeyModifiers::CONTROL)),
            Some(Command::Quit)
        );
        assert_eq!(
            resolve(Mode::Form, press(KeyCode::Char('s'), KeyModifiers::CONTROL)),
            Some(Command::Save)
        );
    }

    #[test]
    fn no_key_is_bound_twice_in_one_mode_or_shadowed_by_a_global_one() {
        for (i, a) in BINDINGS.iter().enumerate() {
            for b in &BINDINGS[i + 1..] {
                let same_scope = a.mode == b.mode;
                for ka in a.keys {
                    for kb in b.keys {
                        let clash = ka.code == kb.code && ka.modifiers == kb.modifiers;
                        assert!(
                            !(clash && same_scope),
                            "{} bound twice in {:?}",
                            key_label(ka),
                            a.mode
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn footers_name_the_bound_keys_and_share_a_word() {
        let breaches = [
            (Command::Add, "record"),
            (Command::Notify, "notify"),
            (Command::Edit, "edit"),
        ];
        assert_eq!(
            footer(Mode::Breaches, &breaches),
            " a record · n notify · e edit · ? help "
        );
        let steps = [
            (Command::Step(StepKey::Start), "steps"),
            (Command::Step(StepKey::Identity), "steps"),
            (Command::SortNext, "sort"),
        ];
        assert_eq!(
            footer(Mode::Requests, &steps),
            " s i steps · o sort · ? help "
        );
        // Every hint names a key that does what it says.
        for (command, _) in breaches.iter().chain(&steps) {
            let key = BINDINGS
                .iter()
                .find(|b| b.command == *command)
                .map(|b| b.keys[0])
                .unwrap();
            let event = press(key.code, key.modifiers);
            let mode = if matches!(command, Command::Notify | Command::Add | Command::Edit) {
                Mode::Breaches
            } else {
                Mode::Requests
            };
            assert_eq!(resolve(mode, event), Some(*command));
        }
    }

    #[test]
    fn key_labels_read_like_a_manual() {
        assert_eq!(key_label(&ctrl('s')), "Ctrl-S");
        assert_eq!(key_label(&key(KeyCode::PageDown)), "PgDn");
        assert_eq!(key_label(&key(KeyCode::BackTab)), "Shift-Tab");
    }
}
