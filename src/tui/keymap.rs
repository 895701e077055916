//! Every key binding of the workbench as data. `resolve` turns a key press into
//! a command for the current mode, and the help overlay prints this same table,
//! so the help can never disagree with what the keys do.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

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
        }
    }

    /// Whether typed characters go to a text field (so global letter keys are off).
    fn takes_text(self) -> bool {
        matches!(self, Mode::Filter | Mode::Form)
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
    /// Show the journal's history of the selected record.
    History,
    /// View the register as it stood at an earlier moment, or return to now.
    AsOf,
    /// Sort the list by its next column.
    SortNext,
    /// Read the list's order from its other end.
    SortReverse,
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

#[derive(Debug, Clone, Copy)]
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

use Command as C;
use KeyCode as K;
use Mode as M;

pub const BINDINGS: &[Binding] = &[
    bind(M::Global, &[ch('q'), ctrl('c')], C::Quit, "quit"),
    bind(
        M::Global,
        &[ch('?'), key(K::F(1))],
        C::Help,
        "show or hide this help",
    ),
    bind(M::Global, &[key(K::Tab)], C::NextTab, "next screen"),
    bind(M::Global, &[key(K::BackTab)], C::PrevTab, "previous screen"),
    bind(M::Global, &[ch('0')], C::GoTab(0), "Dashboard: every clock"),
    bind(M::Global, &[ch('1')], C::GoTab(1), "Processors screen"),
    bind(M::Global, &[ch('2')], C::GoTab(2), "Activities screen"),
    bind(M::Global, &[ch('3')], C::GoTab(3), "Requests screen"),
    bind(M::Global, &[ch('4')], C::GoTab(4), "Breaches screen"),
    bind(M::Global, &[ch('5')], C::GoTab(5), "Organisation screen"),
    bind(
        M::Global,
        &[ch('6')],
        C::GoTab(6),
        "Art. 30(2) records (as a processor)",
    ),
    bind(
        M::Global,
        &[ch('E')],
        C::Export,
        "export CSV files (for auditors)",
    ),
    bind(
        M::Global,
        &[ch('I')],
        C::Import,
        "import CSV files, checked first",
    ),
    bind(
        M::Global,
        &[ch('@')],
        C::AsOf,
        "view the register as of a date (read-only)",
    ),
    bind(
        M::Global,
        &[ctrl('o')],
        C::SwitchRegister,
        "switch register (this folder, recent)",
    ),
    bind(M::Dashboard, &[key(K::Up), ch('k')], C::Up, "previous item"),
    bind(M::Dashboard, &[key(K::Down), ch('j')], C::Down, "next item"),
    bind(
        M::Dashboard,
        &[key(K::PageUp), ctrl('b')],
        C::PageUp,
        "page up",
    ),
    bind(
        M::Dashboard,
        &[key(K::PageDown), ctrl('f')],
        C::PageDown,
        "page down",
    ),
    bind(
        M::Dashboard,
        &[key(K::Home), ch('g')],
        C::Home,
        "most urgent",
    ),
    bind(M::Dashboard, &[key(K::End), ch('G')], C::End, "last item"),
    bind(
        M::Dashboard,
        &[ch('/')],
        C::Filter,
        "filter by code, record or text",
    ),
    bind(
        M::Dashboard,
        &[ch('h')],
        C::History,
        "history of the item's record",
    ),
    bind(
        M::Organisation,
        &[ch('h')],
        C::History,
        "history of the organisation",
    ),
    bind(
        M::Dashboard,
        &[key(K::Esc)],
        C::ClearFilter,
        "clear the filter",
    ),
    bind(
        M::Dashboard,
        &[ch('J')],
        C::DetailDown,
        "scroll the details down",
    ),
    bind(
        M::Dashboard,
        &[ch('K')],
        C::DetailUp,
        "scroll the details up",
    ),
    bind(
        M::Dashboard,
        &[key(K::Enter)],
        C::Choose,
        "open the record on its own screen",
    ),
    bind(M::List, &[key(K::Up), ch('k')], C::Up, "previous row"),
    bind(M::List, &[key(K::Down), ch('j')], C::Down, "next row"),
    bind(M::List, &[key(K::PageUp), ctrl('b')], C::PageUp, "page up"),
    bind(
        M::List,
        &[key(K::PageDown), ctrl('f')],
        C::PageDown,
        "page down",
    ),
    bind(M::List, &[key(K::Home), ch('g')], C::Home, "first row"),
    bind(M::List, &[key(K::End), ch('G')], C::End, "last row"),
    bind(
        M::List,
        &[ch('/')],
        C::Filter,
        "filter the list as you type",
    ),
    bind(
        M::List,
        &[ch('J')],
        C::DetailDown,
        "scroll the details down",
    ),
    bind(M::List, &[ch('K')], C::DetailUp, "scroll the details up"),
    bind(M::List, &[key(K::Esc)], C::ClearFilter, "clear the filter"),
    bind(M::List, &[ch('a'), key(K::Insert)], C::Add, "add a record"),
    bind(
        M::List,
        &[ch('h')],
        C::History,
        "history: every change, who, when (journal)",
    ),
    bind(
        M::List,
        &[ch('e'), key(K::Enter)],
        C::Edit,
        "edit the selected record",
    ),
    bind(
        M::List,
        &[ch('d'), key(K::Delete)],
        C::Delete,
        "delete the selected record",
    ),
    bind(
        M::Processors,
        &[ch(' ')],
        C::Fold(None),
        "fold or unfold its sub-processors",
    ),
    bind(
        M::Processors,
        &[key(K::Left)],
        C::Fold(Some(true)),
        "fold: hide its sub-processors",
    ),
    bind(
        M::Processors,
        &[key(K::Right)],
        C::Fold(Some(false)),
        "unfold: show its sub-processors",
    ),
    bind(
        M::Processors,
        &[ch('c')],
        C::Agreement(false),
        "record or edit its processor agreement",
    ),
    bind(
        M::Processors,
        &[ch('C')],
        C::Agreement(true),
        "a new agreement (the current one is kept)",
    ),
    bind(
        M::Processors,
        &[ch('t')],
        C::Transfer(false),
        "record a transfer to a third country",
    ),
    bind(
        M::Processors,
        &[ch('T')],
        C::Transfer(true),
        "edit one of its transfers",
    ),
    bind(
        M::Processors,
        &[ch('x')],
        C::DeletePart,
        "delete an agreement, transfer or notice",
    ),
    bind(
        M::Processors,
        &[ch('o')],
        C::ChangeNotice,
        "record a sub-processor change notice",
    ),
    bind(
        M::Processors,
        &[ch('v')],
        C::DecideNotice,
        "decide on a pending change notice",
    ),
    bind(
        M::Activities,
        &[key(K::Enter)],
        C::FollowLink,
        "go to a processor it sends data to",
    ),
    bind(
        M::Activities,
        &[ch('i')],
        C::ToggleIncomplete,
        "only incomplete records, or all again",
    ),
    bind(M::Pick, &[key(K::Up), ch('k')], C::Up, "previous item"),
    bind(M::Pick, &[key(K::Down), ch('j')], C::Down, "next item"),
    bind(M::Pick, &[key(K::Enter)], C::Choose, "go to the item"),
    bind(
        M::Pick,
        &[key(K::Esc), ch('q')],
        C::Cancel,
        "close the list",
    ),
    bind(
        M::Breaches,
        &[ch('n')],
        C::Notify,
        "record a notification to an authority",
    ),
    bind(
        M::Requests,
        &[ch('s')],
        C::Step(StepKey::Start),
        "start work on the request",
    ),
    bind(
        M::Requests,
        &[ch('i')],
        C::Step(StepKey::Identity),
        "identity: ask for it, or record the answer",
    ),
    bind(
        M::Requests,
        &[ch('p')],
        C::Step(StepKey::PauseOrResume),
        "pause the clock, or resume it",
    ),
    bind(
        M::Requests,
        &[ch('x')],
        C::Step(StepKey::Extend),
        "extend by two months (with reasons)",
    ),
    bind(
        M::Requests,
        &[ch('c')],
        C::Step(StepKey::Answer),
        "close as answered",
    ),
    bind(
        M::Requests,
        &[ch('r')],
        C::Step(StepKey::Refuse),
        "refuse (reason and Art. 12(4) notice)",
    ),
    bind(
        M::Requests,
        &[ch('w')],
        C::Step(StepKey::Withdraw),
        "record a withdrawal",
    ),
    bind(
        M::Requests,
        &[ch('o')],
        C::SortNext,
        "sort by the next column (due, received…)",
    ),
    bind(M::Requests, &[ch('O')], C::SortReverse, "reverse the order"),
    bind(
        M::Filter,
        &[key(K::Enter)],
        C::AcceptFilter,
        "keep the filter, back to the list",
    ),
    bind(
        M::Filter,
        &[key(K::Esc)],
        C::ClearFilter,
        "clear the filter",
    ),
    bind(M::Filter, &[key(K::Up)], C::Up, "previous row"),
    bind(M::Filter, &[key(K::Down)], C::Down, "next row"),
    bind(
        M::Organisation,
        &[ch('e'), key(K::Enter)],
        C::Edit,
        "edit the organisation",
    ),
    bind(
        M::Form,
        &[ctrl('s'), key(K::F(2))],
        C::Save,
        "save, once every field is valid",
    ),
    bind(
        M::Form,
        &[key(K::Esc)],
        C::Cancel,
        "cancel; asks before dropping changes",
    ),
    bind(
        M::Form,
        &[key(K::Tab), key(K::Down)],
        C::NextField,
        "next field (in a text box: next line)",
    ),
    bind(
        M::Form,
        &[key(K::BackTab), key(K::Up)],
        C::PrevField,
        "previous field (in a text box: line up)",
    ),
    bind(M::Confirm, &[ch('y')], C::Yes, "yes, go ahead"),
    bind(M::Confirm, &[ch('n'), key(K::Esc)], C::No, "no, keep it"),
    bind(
        M::Help,
        &[ch('?'), key(K::Esc), ch('q'), key(K::F(1))],
        C::CloseHelp,
        "close the help",
    ),
    bind(
        M::Help,
        &[key(K::Down), ch('j')],
        C::Down,
        "scroll down (small terminals; PgDn, End)",
    ),
    bind(
        M::Help,
        &[key(K::Up), ch('k')],
        C::Up,
        "scroll up (PgUp, Home)",
    ),
    // Named in the two lines above, to keep the help within one screen.
    bind(
        M::Help,
        &[key(K::PageDown), ctrl('f'), ch(' ')],
        C::PageDown,
        "",
    ),
    bind(M::Help, &[key(K::PageUp), ctrl('b')], C::PageUp, ""),
    bind(M::Help, &[key(K::Home), ch('g')], C::Home, ""),
    bind(M::Help, &[key(K::End), ch('G')], C::End, ""),
    bind(
        M::Job,
        &[key(K::Esc)],
        C::StopJob,
        "stop it (an import writes nothing)",
    ),
    bind(M::Job, &[ch('q')], C::Quit, "stop it, then quit"),
    bind(
        M::Job,
        &[key(K::Enter)],
        C::HideJob,
        "keep working while it runs",
    ),
    bind(
        M::Report,
        &[key(K::Esc), key(K::Enter), ch('q')],
        C::Cancel,
        "close the report",
    ),
    bind(M::Report, &[key(K::Down), ch('j')], C::Down, "scroll down"),
    bind(M::Report, &[key(K::Up), ch('k')], C::Up, "scroll up"),
];

/// Keys that go to the field being edited rather than to a command; listed in the help.
pub const FIELD_KEYS: &[(Mode, &str, &str)] = &[
    (
        M::Form,
        "←/→ Space",
        "change a choice (or type its first letter)",
    ),
    (M::Form, "Enter", "next field; new line in a text box"),
    (M::Form, "mouse click", "edit that field"),
    (
        M::List,
        "mouse",
        "wheel scrolls; click picks a row or a tab",
    ),
];

/// The command bound to `event` in `mode`, falling back to the global bindings
/// where no text is being typed.
pub fn resolve(mode: Mode, event: KeyEvent) -> Option<Command> {
    let lookup = |m: Mode| {
        BINDINGS
            .iter()
            .filter(|b| b.mode == m)
            .find(|b| b.keys.iter().any(|k| matches(k, event)))
            .map(|b| b.command)
    };
    let global_allowed =
        !mode.takes_text() && !matches!(mode, M::Confirm | M::Help | M::Pick | M::Job | M::Report);
    let screen = if matches!(
        mode,
        M::Requests | M::Breaches | M::Activities | M::Processors
    ) {
        lookup(M::List)
    } else {
        None
    };
    lookup(mode).or(screen).or_else(|| {
        if global_allowed {
            lookup(M::Global)
        } else if event.code == K::Char('c') && event.modifiers.contains(KeyModifiers::CONTROL) {
            Some(C::Quit) // Ctrl-C always leaves, even from a form or a dialog.
        } else {
            None
        }
    })
}

fn matches(key: &Key, event: KeyEvent) -> bool {
    // Terminals report Shift with upper-case letters, symbols and Shift-Tab
    // (BackTab) inconsistently: Shift is already in the key itself, so ignore it.
    let relevant = event.modifiers - KeyModifiers::SHIFT;
    match (key.code, event.code) {
        (K::Char(a), K::Char(b)) => a == b && relevant == key.modifiers,
        (K::BackTab, K::BackTab) => relevant == key.modifiers,
        (a, b) => a == b && event.modifiers == key.modifiers,
    }
}

/// How a key is written in the help: "Ctrl-S", "PgDn", "k".
pub fn key_label(key: &Key) -> String {
    let name = match key.code {
        K::Char(' ') => "Space".to_string(),
        K::Char(c) => c.to_string(),
        K::Up => "↑".into(),
        K::Down => "↓".into(),
        K::Left => "←".into(),
        K::Right => "→".into(),
        K::PageUp => "PgUp".into(),
        K::PageDown => "PgDn".into(),
        K::Home => "Home".into(),
        K::End => "End".into(),
        K::Enter => "Enter".into(),
        K::Esc => "Esc".into(),
        K::Tab => "Tab".into(),
        K::BackTab => "Shift-Tab".into(),
        K::Insert => "Ins".into(),
        K::Delete => "Del".into(),
        K::F(n) => format!("F{n}"),
        other => format!("{other:?}"),
    };
    if key.modifiers.contains(KeyModifiers::CONTROL) {
        format!("Ctrl-{}", name.to_uppercase())
    } else {
        name
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn press(code: KeyCode, modifiers: KeyModifiers) -> KeyEvent {
        KeyEvent::new(code, modifiers)
    }

    #[test]
    fn list_keys_and_vim_keys_move_the_same_way() {
        let none = KeyModifiers::NONE;
        assert_eq!(resolve(M::List, press(K::Down, none)), Some(C::Down));
        assert_eq!(resolve(M::List, press(K::Char('j'), none)), Some(C::Down));
        assert_eq!(
            resolve(M::List, press(K::Char('G'), KeyModifiers::SHIFT)),
            Some(C::End)
        );
        assert_eq!(
            resolve(M::List, press(K::Char('?'), KeyModifiers::SHIFT)),
            Some(C::Help)
        );
        // crossterm reports Shift-Tab as BackTab with SHIFT set.
        let back_tab = press(K::BackTab, KeyModifiers::SHIFT);
        assert_eq!(resolve(M::List, back_tab), Some(C::PrevTab));
        assert_eq!(resolve(M::Form, back_tab), Some(C::PrevField));
    }

    #[test]
    fn letters_are_text_while_typing() {
        let none = KeyModifiers::NONE;
        assert_eq!(
            resolve(M::Filter, press(K::Char('q'), none)),
            None,
            "q is typed, not quit"
        );
        assert_eq!(resolve(M::Form, press(K::Char('d'), none)), None);
        assert_eq!(
            resolve(M::Form, press(K::Char('c'), KeyModifiers::CONTROL)),
            Some(C::Quit)
        );
        assert_eq!(
            resolve(M::Form, press(K::Char('s'), KeyModifiers::CONTROL)),
            Some(C::Save)
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
    fn key_labels_read_like_a_manual() {
        assert_eq!(key_label(&ctrl('s')), "Ctrl-S");
        assert_eq!(key_label(&key(K::PageDown)), "PgDn");
        assert_eq!(key_label(&key(K::BackTab)), "Shift-Tab");
    }
}
