//! The first start: the register shown is a demo, where it is kept, how to
//! make one's own, and where the keys are.

use std::path::Path;

use crate::tui::state::Report;

pub fn report(demo: &Path) -> Report {
    let file = crate::platform::recent::display(demo);
    Report {
        title: "Welcome to dpo-workbench".into(),
        lines: vec![
            "This is a demo register: Fjordvakt Telemetri AS, a made-up Norwegian company, \
             with its processors, records of processing, requests and breaches dated around \
             today. Try anything in it; it is yours to change."
                .into(),
            String::new(),
            format!(
                "It is kept in {file}, with two more demo clients beside it (Ctrl-O lists them; \
                 d there hides them). The status bar says DEMO while one is open."
            ),
            String::new(),
            "Your own register: Ctrl-O, then n (name, organisation number, jurisdiction), or \
             in a shell: dpo init clients/acme.dpo --name \"Acme AS\" --jurisdiction NO, then \
             dpo clients/acme.dpo."
                .into(),
            String::new(),
            "? shows every key, Tab and 0–6 change screens, M shows the messages, q quits. \
             Esc closes this."
                .into(),
        ],
        failed: false,
        scroll: 0,
    }
}
