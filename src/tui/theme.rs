//! Colours, in one place: a dark and a light theme, chosen by `--theme`, the
//! config file or the terminal (COLORFGBG). Values typed and shown are in the
//! terminal's own foreground in both, so they read on any background. With
//! `NO_COLOR` set (https://no-color.org) the workbench uses only bold,
//! reverse and underline, which every terminal has.

use ratatui::style::{Color, Modifier, Style};

use crate::platform::config::{light_background, ThemeName};

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

impl Default for Theme {
    fn default() -> Self {
        Theme::dark()
    }
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

    /// The theme `name` asks for: `NO_COLOR` (set to anything but the empty
    /// string) wins; `auto` reads the terminal's background from `colorfgbg`.
    pub fn chosen(name: ThemeName, no_color: bool, colorfgbg: Option<&str>) -> Self {
        let light = match name {
            ThemeName::Dark => false,
            ThemeName::Light => true,
            ThemeName::Auto => light_background(colorfgbg).unwrap_or(false),
        };
        match (no_color, light) {
            (true, _) => Theme::monochrome(),
            (false, true) => Theme::light(),
            (false, false) => Theme::dark(),
        }
    }

    /// The theme for `name` in this process's environment.
    pub fn from_env(name: ThemeName) -> Self {
        let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        Theme::chosen(name, no_color, std::env::var("COLORFGBG").ok().as_deref())
    }

    /// For a dark background.
    pub fn dark() -> Self {
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
            // The terminal's own foreground: never white on a white terminal.
            input: Style::new(),
            // A background of its own brings its own text colour.
            input_focused: Style::new().fg(Color::White).bg(Color::Rgb(40, 44, 52)),
            cursor: Style::new().add_modifier(Modifier::REVERSED),
        }
    }

    /// For a light background: no white, grey or yellow text.
    pub fn light() -> Self {
        let bold = Modifier::BOLD;
        Theme {
            title: Style::new().fg(Color::Blue).add_modifier(bold),
            accent: Style::new().fg(Color::Blue),
            label: Style::new().fg(Color::Rgb(70, 70, 70)),
            muted: Style::new().fg(Color::Rgb(110, 110, 110)),
            selected: Style::new().fg(Color::White).bg(Color::Blue),
            header: Style::new().fg(Color::Magenta).add_modifier(bold),
            error: Style::new().fg(Color::Red).add_modifier(bold),
            warning: Style::new().fg(Color::Rgb(150, 80, 0)),
            info: Style::new().fg(Color::Rgb(0, 110, 0)),
            ended: Style::new().fg(Color::Rgb(110, 110, 110)),
            tab_active: Style::new()
                .fg(Color::White)
                .bg(Color::Blue)
                .add_modifier(bold),
            tab: Style::new().fg(Color::Rgb(70, 70, 70)),
            status: Style::new().fg(Color::Black).bg(Color::Rgb(215, 215, 215)),
            input: Style::new(),
            input_focused: Style::new().fg(Color::Black).bg(Color::Rgb(225, 232, 245)),
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

#[cfg(test)]
mod tests {
    use super::*;

    fn styles(t: &Theme) -> Vec<Style> {
        vec![
            t.title,
            t.accent,
            t.label,
            t.muted,
            t.selected,
            t.header,
            t.error,
            t.warning,
            t.info,
            t.ended,
            t.tab_active,
            t.tab,
            t.status,
            t.input,
            t.input_focused,
            t.cursor,
        ]
    }

    #[test]
    fn values_use_the_terminals_own_foreground_unless_drawn_on_their_own_background() {
        for theme in [Theme::dark(), Theme::light(), Theme::monochrome()] {
            assert_eq!(theme.input.fg, None);
            let focused = theme.input_focused;
            assert_eq!(focused.fg.is_some(), focused.bg.is_some(), "{focused:?}");
        }
    }

    #[test]
    fn the_light_theme_has_no_text_that_vanishes_on_white() {
        for style in styles(&Theme::light()) {
            // Light text is only ever on a dark background of its own.
            let pale = matches!(
                style.fg,
                Some(Color::White | Color::Gray | Color::Yellow | Color::LightYellow | Color::Cyan)
            );
            assert!(!pale || style.bg.is_some(), "{style:?}");
        }
    }

    #[test]
    fn the_theme_is_chosen_by_name_terminal_and_no_color() {
        assert_eq!(Theme::chosen(ThemeName::Light, false, None), Theme::light());
        assert_eq!(
            Theme::chosen(ThemeName::Auto, false, Some("0;15")),
            Theme::light()
        );
        assert_eq!(
            Theme::chosen(ThemeName::Auto, false, Some("15;0")),
            Theme::dark()
        );
        assert_eq!(Theme::chosen(ThemeName::Auto, false, None), Theme::dark());
        assert_eq!(
            Theme::chosen(ThemeName::Light, true, None),
            Theme::monochrome()
        );
    }
}
