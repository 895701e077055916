//! The user's settings file, `<config dir>/dpo-workbench/config.toml`:
//! read once at start into a typed struct; a mistake in it is said with its
//! line and stops the workbench rather than being ignored.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;

/// The colours the workbench draws with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum ThemeName {
    /// For a dark background.
    Dark,
    /// For a light background.
    Light,
    /// Dark or light as the terminal says (COLORFGBG), else dark: the default.
    Auto,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    pub theme: Option<ThemeName>,
    /// `[keys]`: a command's name (`refuse`, or `requests.refuse` for one
    /// screen) and the key or keys that replace its own (the workbench
    /// checks them: `tui::keymap`).
    #[serde(default)]
    pub keys: BTreeMap<String, KeySetting>,
}

/// One key (`"R"`) or several (`["d", "Del"]`; `[]` unbinds).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(untagged)]
pub enum KeySetting {
    One(String),
    Several(Vec<String>),
}

impl Config {
    /// The `[keys]` settings as (name, keys).
    pub fn key_settings(&self) -> impl Iterator<Item = (&str, Vec<&str>)> {
        self.keys.iter().map(|(name, setting)| {
            let keys = match setting {
                KeySetting::One(key) => vec![key.as_str()],
                KeySetting::Several(keys) => keys.iter().map(String::as_str).collect(),
            };
            (name.as_str(), keys)
        })
    }
}

/// `<config dir>/dpo-workbench/config.toml` (`$XDG_CONFIG_HOME` on Linux).
pub fn default_path() -> Option<PathBuf> {
    directories::BaseDirs::new().map(|d| d.config_dir().join("dpo-workbench").join("config.toml"))
}

/// The settings in `path`; none when there is no such file.
pub fn load(path: &Path) -> Result<Config, String> {
    match std::fs::read_to_string(path) {
        Ok(text) => read(&text).map_err(|e| format!("{}: {e}", path.display())),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Config::default()),
        Err(e) => Err(format!("{}: {e}", path.display())),
    }
}

/// The settings `text` holds.
pub fn read(text: &str) -> Result<Config, String> {
    toml::from_str(text).map_err(|e| e.to_string().trim_end().replace('\n', " "))
}

/// Whether the terminal's background is light, as `COLORFGBG` ("fg;bg",
/// set by rxvt, Konsole, iTerm2 and others) says: colours 7 and 9–15 are light.
pub fn light_background(colorfgbg: Option<&str>) -> Option<bool> {
    let bg: u8 = colorfgbg?.rsplit(';').next()?.trim().parse().ok()?;
    Some(bg == 7 || (9..=15).contains(&bg))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_theme_is_read_and_a_mistake_is_said_with_its_place() {
        assert_eq!(
            read("theme = \"light\"\n").unwrap().theme,
            Some(ThemeName::Light)
        );
        assert_eq!(read("").unwrap(), Config::default());
        let wrong = read("theme = \"pink\"\n").unwrap_err();
        assert!(
            wrong.contains("pink") && wrong.contains("line 1"),
            "{wrong}"
        );
        let unknown = read("colour = \"blue\"\n").unwrap_err();
        assert!(unknown.contains("colour"), "{unknown}");
    }

    #[test]
    fn keys_are_read_as_one_or_several_per_command() {
        let config =
            read("[keys]\nquit = \"Ctrl-Q\"\n\"list.delete\" = [\"d\", \"Del\"]\nundo = []\n")
                .unwrap();
        let settings: Vec<(&str, Vec<&str>)> = config.key_settings().collect();
        assert_eq!(
            settings,
            vec![
                ("list.delete", vec!["d", "Del"]),
                ("quit", vec!["Ctrl-Q"]),
                ("undo", vec![]),
            ]
        );
        let wrong = read("[keys]\nquit = 3\n").unwrap_err();
        assert!(wrong.contains("line 2"), "{wrong}");
    }

    #[test]
    fn colorfgbg_tells_a_light_background_from_a_dark_one() {
        assert_eq!(light_background(Some("0;15")), Some(true));
        assert_eq!(light_background(Some("15;0")), Some(false));
        assert_eq!(light_background(Some("12;default;7")), Some(true));
        assert_eq!(light_background(Some("nonsense")), None);
        assert_eq!(light_background(None), None);
    }
}
