//! Colours, in one place. With `NO_COLOR` set (https://no-color.org) the
//! workbench uses only bold, reverse and underline, which every terminal has.

use ratatui::style::{Color, Modifier, Style};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Theme {
    pub title: Style,
    pub accent: Style,
    pub label: Style,
    pub muted: Style,
    pub selected: Style,
    pub header: Style,
    pub error: Style,
    pub warning: Style,
    pub info: Style,
    pub ended: Style,
    pub tab_active: Style,
    pub tab: Style,
    pub status: Style,
    pub input: Style,
    pub input_focused: Style,
    pub cursor: Style,
}

impl Theme {
    /// How a finding of `severity` is drawn: critical reversed on top of the
    /// error style, errors in the error style, warnings in their own (never
    /// the errors' red, whether late or not), information plain. The row's
    /// marker (`urgency::marker`) says the same in text.
    pub fn severity(&self, severity: crate::domain::findings::Severity) -> Style {
        use crate::domain::findings::Severity;
        match severity {
            Severity::Critical => self.error.add_modifier(Modifier::REVERSED),
            Severity::Error => self.error,
            Severity::Warning => self.warning,
            Severity::Info => Style::new(),
        }
    }

    /// Honours `NO_COLOR` when it is set to anything but the empty string.
    pub fn from_env() -> Self {
        match std::env::var_os("NO_COLOR") {
            Some(v) if !v.is_empty() => Theme::monochrome(),
            _ => Theme::colour(),
        }
    }

    pub fn colour() -> Self {
        let bold = Modifier::BOLD;
        Theme {
            title: Style::new().fg(Color::Cyan).add_modifier(bold),
            accent: Style::new().fg(Color::Cyan),
            label: Style::new().fg(Color::Gray),
            muted: Style::new().fg(Color::DarkGray),
            selected: Style::new().fg(Color::Black).bg(Color::Cyan),
            header: Style::new().fg(Color::Yellow).add_modifier(bold),
            error: Style::new().fg(Color::LightRed).add_modifier(bold),
            warning: Style::new().fg(Color::Yellow),
            info: Style::new().fg(Color::Green),
            ended: Style::new().fg(Color::DarkGray),
            tab_active: Style::new()
                .fg(Color::Black)
                .bg(Color::Cyan)
                .add_modifier(bold),
            tab: Style::new().fg(Color::Gray),
            status: Style::new().fg(Color::White).bg(Color::DarkGray),
            input: Style::new().fg(Color::White),
            input_focused: Style::new().fg(Color::White).bg(Color::Rgb(40, 44, 52)),
            cursor: Style::new().add_modifier(Modifier::REVERSED),
        }
    }

    pub fn monochrome() -> Self {
        let plain = Style::new();
        let bold = Style::new().add_modifier(Modifier::BOLD);
        let reversed = Style::new().add_modifier(Modifier::REVERSED);
        Theme {
            title: bold,
            accent: plain,
            label: plain,
            // Placeholders and hints must not look like values.
            muted: Style::new().add_modifier(Modifier::DIM | Modifier::ITALIC),
            selected: reversed,
            header: bold.add_modifier(Modifier::UNDERLINED),
            error: bold,
            warning: Style::new().add_modifier(Modifier::UNDERLINED),
            info: plain,
            ended: plain,
            tab_active: reversed,
            tab: plain,
            status: reversed,
            input: plain,
            input_focused: Style::new().add_modifier(Modifier::UNDERLINED),
            cursor: reversed,
        }
    }
}
