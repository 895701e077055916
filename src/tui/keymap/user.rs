//! The user's keys: `[keys]` in `config.toml` rebinds commands by name,
//! checked as the standard table is — no key doing two things where one
//! screen has the keyboard, no typed letter taken from a text field — and a
//! mistake is said with the setting's name before the workbench starts.
//!
//! ```toml
//! [keys]
//! quit = "Ctrl-Q"            # wherever quit is bound
//! "requests.refuse" = "R"    # on one screen only
//! delete = ["d", "Del"]      # several keys; [] unbinds
//! ```

use super::{key_label, labels, parse_key, scopes, Bound, Command, Key, KeyMap, Mode};

impl KeyMap {
    /// The standard bindings with `settings` applied: each `(name, keys)` is
    /// `command` or `mode.command` with the keys that replace its own.
    pub fn with_user_keys<'a>(
        settings: impl IntoIterator<Item = (&'a str, Vec<&'a str>)>,
    ) -> Result<KeyMap, String> {
        let mut map = KeyMap::standard();
        for (name, texts) in settings {
            let keys = texts
                .iter()
                .map(|t| parse_key(t))
                .collect::<Result<Vec<Key>, String>>()
                .map_err(|e| format!("keys.{name}: {e}"))?;
            map.rebind(name, &keys)?;
        }
        map.help_closes_as_it_opens();
        map.check()?;
        Ok(map)
    }

    /// The key that opens the help closes it too, whatever it is.
    fn help_closes_as_it_opens(&mut self) {
        let opens: Vec<Key> = self
            .bound
            .iter()
            .filter(|b| b.mode == Mode::Global && b.command == Command::Help)
            .flat_map(|b| b.keys.clone())
            .collect();
        for close in self
            .bound
            .iter_mut()
            .filter(|b| b.mode == Mode::Help && b.command == Command::CloseHelp)
        {
            for key in &opens {
                if !close.keys.contains(key) {
                    close.keys.push(*key);
                }
            }
        }
    }

    fn rebind(&mut self, name: &str, keys: &[Key]) -> Result<(), String> {
        let (mode, command) = match name.split_once('.') {
            Some((mode, command)) => (Some(mode_named(mode, name)?), command),
            None => (None, name),
        };
        let mut found = false;
        for bound in self
            .bound
            .iter_mut()
            .filter(|b| b.command.name() == command && mode.is_none_or(|m| b.mode == m))
        {
            let kept_key = keys
                .iter()
                .find_map(|k| kept(bound.mode, bound.command, k).map(|why| (k, why)));
            if let Some((key, why)) = kept_key {
                return Err(format!("keys.{name}: {} {why}", key_label(key)));
            }
            if bound.mode.takes_text() {
                if let Some(key) = keys.iter().find(|k| typed(k)) {
                    return Err(format!(
                        "keys.{name}: {} would be typed into the field in {}; use Ctrl-, F1–F12 or a named key",
                        key_label(key),
                        bound.mode.title()
                    ));
                }
            }
            bound.keys = keys.to_vec();
            bound.rebound = true;
            found = true;
        }
        if found {
            return Ok(());
        }
        Err(format!(
            "keys.{name}: no command {command}{}{}",
            mode.map_or(String::new(), |m| format!(" in {}", m.name())),
            crate::platform::fuzzy::near(command, self.bound.iter().map(|b| b.command.name()))
                .map_or(String::new(), |n| format!("; did you mean {n}?"))
        ))
    }

    /// Refuses a key that would do two things where one mode has the
    /// keyboard: twice in one mode, or a key of a nearer scope hiding a
    /// farther one's (only where the user rebound one of them: the standard
    /// table's own overlaps are deliberate, as Esc in a list).
    fn check(&self) -> Result<(), String> {
        for mode in Mode::ALL {
            let visible: Vec<&Bound> = scopes(mode)
                .flat_map(|scope| self.bound.iter().filter(move |b| b.mode == scope))
                .collect();
            for (i, a) in visible.iter().enumerate() {
                for b in &visible[i + 1..] {
                    let same_scope = a.mode == b.mode;
                    if a.command == b.command || !(same_scope || a.rebound || b.rebound) {
                        continue;
                    }
                    if let Some(key) = a.keys.iter().find(|k| b.keys.contains(k)) {
                        return Err(clash(mode, key, a, b));
                    }
                }
            }
        }
        Ok(())
    }
}

/// Every binding as a Markdown table for docs/keys.md: the name to write in
/// `config.toml`, where it applies, its standard keys and what it does.
pub fn keys_markdown() -> String {
    let mut out = String::from(
        "| Command | Where (`where.command`) | Keys | What it does |\n|---|---|---|---|\n",
    );
    for mode in Mode::ALL {
        for b in KeyMap::standard().bound.iter().filter(|b| b.mode == mode) {
            let keys = labels(&b.keys).replace('|', "\\|");
            let what = if b.help.is_empty() {
                "(named in the line above)"
            } else {
                b.help
            };
            out.push_str(&format!(
                "| `{}` | {} | `{}` | {} |\n",
                b.command.name(),
                mode.name(),
                keys,
                what
            ));
        }
    }
    out
}

fn clash(mode: Mode, key: &Key, a: &Bound, b: &Bound) -> String {
    format!(
        "keys: {} would both {} ({}) and {} ({}) in {}; give one of them another key",
        key_label(key),
        a.command.name(),
        a.help_or_name(),
        b.command.name(),
        b.help_or_name(),
        mode.title()
    )
}

impl Bound {
    fn help_or_name(&self) -> String {
        if self.help.is_empty() {
            labels(&self.keys)
        } else {
            self.help.to_string()
        }
    }
}

/// Why `key` cannot be given to `command` in `mode`: Ctrl-C always quits
/// and Ctrl-Z always suspends; a field keeps its editing keys.
fn kept(mode: Mode, command: Command, key: &Key) -> Option<&'static str> {
    use crossterm::event::{KeyCode, KeyModifiers};
    let plain = key.modifiers == KeyModifiers::NONE;
    let ctrl = |c: char| key.code == KeyCode::Char(c) && key.modifiers == KeyModifiers::CONTROL;
    if ctrl('c') && command != Command::Quit {
        return Some("always quits (whatever else is bound)");
    }
    if ctrl('z') && command != Command::Suspend {
        return Some("always suspends (whatever else is bound)");
    }
    let editing = match mode {
        Mode::Form => {
            let moves = matches!(
                key.code,
                KeyCode::Enter
                    | KeyCode::Backspace
                    | KeyCode::Delete
                    | KeyCode::Left
                    | KeyCode::Right
                    | KeyCode::Home
                    | KeyCode::End
            );
            (moves && plain) || "aekuw".chars().any(ctrl)
        }
        Mode::Filter | Mode::Palette => (key.code == KeyCode::Backspace && plain) || ctrl('u'),
        _ => false,
    };
    editing.then_some("edits the text of a field there; give the command another key")
}

/// A key that, where text is typed, is a character of the text.
fn typed(key: &Key) -> bool {
    matches!(key.code, crossterm::event::KeyCode::Char(_))
        && !key
            .modifiers
            .contains(crossterm::event::KeyModifiers::CONTROL)
}

fn mode_named(mode: &str, setting: &str) -> Result<Mode, String> {
    Mode::ALL
        .into_iter()
        .find(|m| m.name() == mode)
        .ok_or_else(|| {
            format!(
                "keys.{setting}: no screen or dialog {mode}; one of {}",
                Mode::ALL.map(Mode::name).join(", ")
            )
        })
}

#[cfg(test)]
mod tests {
    use super::super::StepKey;
    use super::*;
    use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

    fn press(c: char) -> KeyEvent {
        KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE)
    }

    fn ctrl(c: char) -> KeyEvent {
        KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL)
    }

    #[test]
    fn a_command_rebound_everywhere_or_on_one_screen() {
        let map =
            KeyMap::with_user_keys([("quit", vec!["Ctrl-Q"]), ("requests.refuse", vec!["R"])])
                .unwrap();
        assert_eq!(map.resolve(Mode::List, ctrl('q')), Some(Command::Quit));
        assert_eq!(
            map.resolve(Mode::List, press('q')),
            None,
            "q no longer quits"
        );
        assert_eq!(
            map.resolve(Mode::Requests, press('R')),
            Some(Command::Step(StepKey::Refuse))
        );
        assert_eq!(map.resolve(Mode::Requests, press('r')), None);
        // Only the named screen's binding moved.
        assert_eq!(
            map.first_key(Mode::Job, Command::Quit),
            Some("Ctrl-Q".into())
        );
        let standard = KeyMap::standard();
        assert_ne!(map, standard);
        assert!(map
            .footer(
                Mode::Requests,
                &[(Command::Step(StepKey::Refuse), "refuse")]
            )
            .contains("R refuse"));
        let entry = map
            .palette(Mode::Requests)
            .into_iter()
            .find(|e| e.command == Command::Quit)
            .unwrap();
        assert_eq!(entry.keys, "Ctrl-Q");
    }

    #[test]
    fn an_empty_list_unbinds_and_footers_leave_the_command_out() {
        let map = KeyMap::with_user_keys([("delete", vec![])]).unwrap();
        assert_eq!(map.resolve(Mode::Requests, press('d')), None);
        let footer = map.footer(
            Mode::Requests,
            &[(Command::Add, "add"), (Command::Delete, "delete")],
        );
        assert_eq!(footer, " a add · ? help ");
    }

    #[test]
    fn conflicts_typos_and_typed_letters_are_refused_with_their_setting() {
        let same_screen = KeyMap::with_user_keys([("requests.refuse", vec!["s"])]).unwrap_err();
        assert!(same_screen.contains("keys: s would both"), "{same_screen}");
        assert!(
            same_screen.contains("start") && same_screen.contains("refuse"),
            "{same_screen}"
        );
        // A global key hidden by a screen's own.
        let hidden = KeyMap::with_user_keys([("quit", vec!["x"])]).unwrap_err();
        assert!(hidden.contains("x would both"), "{hidden}");
        let typo = KeyMap::with_user_keys([("refuze", vec!["R"])]).unwrap_err();
        assert!(
            typo.contains("keys.refuze: no command refuze; did you mean refuse?"),
            "{typo}"
        );
        let mode = KeyMap::with_user_keys([("request.refuse", vec!["R"])]).unwrap_err();
        assert!(mode.contains("no screen or dialog request"), "{mode}");
        let letter = KeyMap::with_user_keys([("form.save", vec!["s"])]).unwrap_err();
        assert!(letter.contains("would be typed into the field"), "{letter}");
        let key = KeyMap::with_user_keys([("save", vec!["Ctl-S"])]).unwrap_err();
        assert!(key.starts_with("keys.save: 'Ctl-S' is not a key"), "{key}");
        assert!(KeyMap::with_user_keys([("form.save", vec!["F5"])]).is_ok());
        for (setting, key) in [
            ("letter.copy-letter", "Ctrl-C"),
            ("form.save", "Ctrl-Z"),
            ("form.save", "Ctrl-U"),
            ("form.save", "Enter"),
            ("palette.choose", "Backspace"),
            ("filter.keep-filter", "Ctrl-U"),
        ] {
            let kept = KeyMap::with_user_keys([(setting, vec![key])]).unwrap_err();
            assert!(
                kept.starts_with(&format!("keys.{setting}: {key} ")),
                "{setting} = {key}: {kept}"
            );
        }
    }

    #[test]
    fn the_key_that_opens_the_help_closes_it() {
        let map = KeyMap::with_user_keys([("help", vec!["F5"])]).unwrap();
        let f5 = KeyEvent::new(KeyCode::F(5), KeyModifiers::NONE);
        assert_eq!(map.resolve(Mode::List, f5), Some(Command::Help));
        assert_eq!(map.resolve(Mode::Help, f5), Some(Command::CloseHelp));
    }

    #[test]
    fn the_standard_table_passes_its_own_check() {
        KeyMap::standard().check().unwrap();
    }
}
