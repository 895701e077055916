//! The names a user writes in `config.toml` to rebind a key: a command's
//! name ("refuse"), a mode's ("requests") and a key as the help writes it
//! ("Ctrl-S", "PgDn", "R"). Each name is declared once, here.

use crossterm::event::{KeyCode, KeyModifiers};

use super::{Command, Key, Mode, StepKey};

impl Mode {
    /// All modes, in the help's order of the screens.
    pub const ALL: [Mode; 19] = [
        Mode::Global,
        Mode::Dashboard,
        Mode::List,
        Mode::Processors,
        Mode::Activities,
        Mode::Requests,
        Mode::Breaches,
        Mode::Filter,
        Mode::Organisation,
        Mode::Form,
        Mode::Confirm,
        Mode::Pick,
        Mode::Job,
        Mode::Report,
        Mode::Letter,
        Mode::Draft,
        Mode::DraftInput,
        Mode::Palette,
        Mode::Help,
    ];

    /// The mode's name before the dot of `requests.refuse`.
    pub fn name(self) -> &'static str {
        match self {
            Mode::Global => "global",
            Mode::List => "list",
            Mode::Dashboard => "dashboard",
            Mode::Requests => "requests",
            Mode::Breaches => "breaches",
            Mode::Processors => "processors",
            Mode::Activities => "activities",
            Mode::Pick => "pick",
            Mode::Filter => "filter",
            Mode::Organisation => "organisation",
            Mode::Form => "form",
            Mode::Confirm => "confirm",
            Mode::Help => "help",
            Mode::Job => "job",
            Mode::Report => "report",
            Mode::Letter => "letter",
            Mode::Draft => "draft",
            Mode::DraftInput => "draft-input",
            Mode::Palette => "palette",
        }
    }
}

impl Command {
    /// The command's name in `config.toml`: one word or words joined by `-`.
    pub fn name(self) -> &'static str {
        match self {
            Command::Quit => "quit",
            Command::Help => "help",
            Command::NextTab => "next-screen",
            Command::PrevTab => "previous-screen",
            Command::GoTab(0) => "go-dashboard",
            Command::GoTab(1) => "go-processors",
            Command::GoTab(2) => "go-activities",
            Command::GoTab(3) => "go-requests",
            Command::GoTab(4) => "go-breaches",
            Command::GoTab(5) => "go-organisation",
            Command::GoTab(_) => "go-processor-records",
            Command::Up => "up",
            Command::Down => "down",
            Command::PageUp => "page-up",
            Command::PageDown => "page-down",
            Command::Home => "first",
            Command::End => "last",
            Command::Filter => "filter",
            Command::ClearFilter => "clear-filter",
            Command::AcceptFilter => "keep-filter",
            Command::Add => "add",
            Command::Edit => "edit",
            Command::Delete => "delete",
            Command::Save => "save",
            Command::Cancel => "cancel",
            Command::NextField => "next-field",
            Command::PrevField => "previous-field",
            Command::Yes => "yes",
            Command::No => "no",
            Command::CloseHelp => "close-help",
            Command::Step(step) => step.name(),
            Command::Notify => "notify",
            Command::DetailDown => "details-down",
            Command::DetailUp => "details-up",
            Command::Agreement(false) => "agreement",
            Command::Agreement(true) => "new-agreement",
            Command::Fold(None) => "fold",
            Command::Fold(Some(true)) => "fold-close",
            Command::Fold(Some(false)) => "fold-open",
            Command::Transfer(false) => "transfer",
            Command::Transfer(true) => "edit-transfer",
            Command::DeletePart => "delete-part",
            Command::ChangeNotice => "change-notice",
            Command::DecideNotice => "decide-notice",
            Command::FollowLink => "follow-link",
            Command::ToggleIncomplete => "incomplete-only",
            Command::Choose => "choose",
            Command::Export => "export",
            Command::Import => "import",
            Command::StopJob => "stop-job",
            Command::HideJob => "hide-job",
            Command::SwitchRegister => "switch-register",
            Command::Duplicate => "duplicate",
            Command::NewRegister => "new-register",
            Command::ToggleDemos => "toggle-demos",
            Command::History => "history",
            Command::AsOf => "as-of",
            Command::SortNext => "sort",
            Command::SortReverse => "reverse-order",
            Command::Letter => "letter",
            Command::Suspend => "suspend",
            Command::Messages => "messages",
            Command::Palette => "palette",
            Command::NextLanguage => "next-language",
            Command::ToggleFormat => "toggle-format",
            Command::WriteLetter => "write-letter",
            Command::CopyLetter => "copy-letter",
            Command::LetterSent => "letter-sent",
            Command::DraftFromPolicy => "draft-from-policy",
            Command::ToggleAccept => "toggle-accept",
            Command::AcceptAll => "accept-all",
            Command::WriteDraft => "write-draft",
            Command::Undo => "undo",
            Command::Redo => "redo",
        }
    }
}

impl StepKey {
    fn name(self) -> &'static str {
        match self {
            StepKey::Start => "start",
            StepKey::Identity => "identity",
            StepKey::PauseOrResume => "pause",
            StepKey::Extend => "extend",
            StepKey::Answer => "answer",
            StepKey::Refuse => "refuse",
            StepKey::Withdraw => "withdraw",
        }
    }
}

/// Keys with a name, as the help writes them and `config.toml` may too
/// (either spelling of the arrows).
const NAMED: &[(&str, KeyCode)] = &[
    ("Space", KeyCode::Char(' ')),
    ("↑", KeyCode::Up),
    ("↓", KeyCode::Down),
    ("←", KeyCode::Left),
    ("→", KeyCode::Right),
    ("Up", KeyCode::Up),
    ("Down", KeyCode::Down),
    ("Left", KeyCode::Left),
    ("Right", KeyCode::Right),
    ("PgUp", KeyCode::PageUp),
    ("PgDn", KeyCode::PageDown),
    ("Home", KeyCode::Home),
    ("End", KeyCode::End),
    ("Enter", KeyCode::Enter),
    ("Esc", KeyCode::Esc),
    ("Tab", KeyCode::Tab),
    ("Shift-Tab", KeyCode::BackTab),
    ("Ins", KeyCode::Insert),
    ("Del", KeyCode::Delete),
    ("Backspace", KeyCode::Backspace),
];

/// How a key is written in the help: "Ctrl-S", "PgDn", "k".
pub fn key_label(key: &Key) -> String {
    let name = match key.code {
        KeyCode::Char(' ') => "Space".to_string(),
        KeyCode::Char(c) => c.to_string(),
        KeyCode::F(n) => format!("F{n}"),
        code => NAMED
            .iter()
            .find(|(_, named)| *named == code)
            .map_or_else(|| format!("{code:?}"), |(name, _)| name.to_string()),
    };
    if key.modifiers.contains(KeyModifiers::CONTROL) {
        format!("Ctrl-{}", name.to_uppercase())
    } else {
        name
    }
}

/// The key `text` names, written as the help writes keys: one character
/// ("R" is Shift-r), `Ctrl-` and a letter, `F1`–`F12`, or a key's name
/// (`Enter`, `Esc`, `PgDn`, `Up`…; case does not matter in names).
pub fn parse_key(text: &str) -> Result<Key, String> {
    let wrong = || {
        format!(
            "'{text}' is not a key: write one character, Ctrl-X, F1–F12, or one of {}",
            NAMED
                .iter()
                .map(|(name, _)| *name)
                .filter(|name| name.is_ascii())
                .collect::<Vec<_>>()
                .join(", ")
        )
    };
    let mut chars = text.chars();
    if let (Some(c), None) = (chars.next(), chars.next()) {
        if c.is_control() {
            return Err(wrong());
        }
        return Ok(Key {
            code: KeyCode::Char(c),
            modifiers: KeyModifiers::NONE,
        });
    }
    let lower = text.to_ascii_lowercase();
    if let Some(rest) = lower.strip_prefix("ctrl-").or(lower.strip_prefix("c-")) {
        let mut letters = rest.chars();
        return match (letters.next(), letters.next()) {
            (Some(c), None) if c.is_ascii_alphanumeric() => Ok(Key {
                code: KeyCode::Char(c),
                modifiers: KeyModifiers::CONTROL,
            }),
            _ => Err(wrong()),
        };
    }
    if let Some(n) = lower.strip_prefix('f').and_then(|n| n.parse::<u8>().ok()) {
        return if (1..=12).contains(&n) {
            Ok(Key {
                code: KeyCode::F(n),
                modifiers: KeyModifiers::NONE,
            })
        } else {
            Err(wrong())
        };
    }
    NAMED
        .iter()
        .find(|(name, _)| name.eq_ignore_ascii_case(text))
        .map(|&(_, code)| Key {
            code,
            modifiers: KeyModifiers::NONE,
        })
        .ok_or_else(wrong)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_key_reads_back_as_the_help_writes_it() {
        for text in [
            "R",
            "k",
            "Ctrl-S",
            "F2",
            "PgDn",
            "Shift-Tab",
            "Space",
            "Del",
            "↑",
            "?",
        ] {
            let key = parse_key(text).unwrap();
            assert_eq!(key_label(&key), text);
        }
        assert_eq!(key_label(&parse_key("ctrl-q").unwrap()), "Ctrl-Q");
        assert_eq!(key_label(&parse_key("up").unwrap()), "↑");
        assert_eq!(key_label(&parse_key("enter").unwrap()), "Enter");
        for wrong in ["", "Ctl-Q", "F13", "Ctrl-", "Hyper-x", "\u{7}"] {
            let message = parse_key(wrong).unwrap_err();
            assert!(message.contains("is not a key"), "{wrong}: {message}");
        }
    }

    #[test]
    fn every_bound_command_and_every_mode_has_a_name_of_its_own() {
        let mut seen: Vec<(&str, Command)> = Vec::new();
        for binding in super::super::BINDINGS {
            let name = binding.command.name();
            assert!(
                name.chars().all(|c| c.is_ascii_lowercase() || c == '-'),
                "{name}"
            );
            if let Some((_, other)) = seen.iter().find(|(n, _)| *n == name) {
                assert_eq!(*other, binding.command, "{name} names two commands");
            }
            seen.push((name, binding.command));
        }
        let mut modes: Vec<&str> = Mode::ALL.iter().map(|m| m.name()).collect();
        modes.sort_unstable();
        modes.dedup();
        assert_eq!(modes.len(), Mode::ALL.len());
    }
}
