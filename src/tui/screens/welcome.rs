//! The first start: the register shown is a demo, where it is kept, how to
//! make one's own, and where the keys are.

use std::path::Path;

use crate::tui::keymap::{Command, KeyMap, Mode};
use crate::tui::state::Report;

/// The welcome, naming the keys as the user has bound them.
pub fn report(demo: &Path, keys: &KeyMap) -> Report {
    let file = crate::platform::recent::display(demo);
    let key = |mode, command| keys.key_named(mode, command);
    let (switch, new, demos) = (
        key(Mode::Global, Command::SwitchRegister),
        key(Mode::Pick, Command::NewRegister),
        key(Mode::Pick, Command::ToggleDemos),
    );
    let (help, messages, quit, close) = (
        key(Mode::Global, Command::Help),
        key(Mode::Global, Command::Messages),
        key(Mode::Global, Command::Quit),
        key(Mode::Report, Command::Cancel),
    );
    Report {
        title: "Welcome to dpo-workbench".into(),
        lines: vec![
            "This is a demo register: Fjordvakt Telemetri AS, a made-up Norwegian company, \
             with its processors, records of processing, requests and breaches dated around \
             today. Try anything in it; it is yours to change."
                .into(),
            String::new(),
            format!(
                "It is kept in {file}, with two more demo clients beside it ({switch} lists them; \
                 {demos} there hides them). The status bar says DEMO while one is open."
            ),
            String::new(),
            format!(
                "Your own register: {switch}, then {new} (name, organisation number, jurisdiction), or \
                 in a shell: dpo init clients/acme.dpo --name \"Acme AS\" --jurisdiction NO, then \
                 dpo clients/acme.dpo."
            ),
            String::new(),
            format!(
                "{help} shows every key, Tab and 0–6 change screens, {messages} shows the messages, \
                 {quit} quits. {close} closes this."
            ),
        ],
        failed: false,
        scroll: 0,
    }
}
