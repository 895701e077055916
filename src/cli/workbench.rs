//! `dpo [FILE]`: which register to open, then the workbench.

use std::path::{Path, PathBuf};

use super::CliError;
use crate::exchange::demo::{
    demo_organisation, demo_organisation_of, load_demo, load_demo_set, DEMOS,
};
use crate::exchange::ExchangeError;
use crate::platform::clock::Clock;
use crate::platform::config::ThemeName;
use crate::store::Register;

/// `<user data dir>/dpo-workbench/default.dpo`, e.g. ~/.local/share/dpo-workbench/default.dpo.
pub fn default_register_path() -> Option<PathBuf> {
    directories::BaseDirs::new()
        .map(|dirs| dirs.data_dir().join("dpo-workbench").join("default.dpo"))
}

pub fn run(file: Option<PathBuf>, theme: Option<ThemeName>, clock: Clock) -> Result<(), CliError> {
    if let Some(typed) = &file {
        if let Some(command) = mistyped_subcommand(typed) {
            return Err(CliError::input(format!(
                "no register '{}' here; did you mean `dpo {command}`? (dpo --help lists the commands)",
                typed.display()
            )));
        }
    }
    // A mistake in the settings is said before anything else happens.
    let config = match crate::platform::config::default_path() {
        Some(path) => crate::platform::config::load(&path).map_err(CliError::input)?,
        None => Default::default(),
    };
    // As the terminal says its background is (COLORFGBG), else dark.
    let theme = theme.or(config.theme).unwrap_or(ThemeName::Auto);
    let keys = crate::tui::keymap::KeyMap::with_user_keys(config.key_settings()).map_err(|e| {
        let file = crate::platform::config::default_path().unwrap_or_default();
        CliError::input(format!("{}: {e}", file.display()))
    })?;
    usable_terminal().map_err(CliError::input)?;
    let explicit = file.or_else(|| {
        std::env::var_os("DPO_REGISTER")
            .filter(|v| !v.is_empty())
            .map(PathBuf::from)
    });
    let mut switcher = false;
    let mut welcome = None;
    let register = match explicit {
        // A folder of client registers: open the one on fire, with the switcher shown.
        Some(dir) if dir.is_dir() => {
            switcher = true;
            super::open_register(&first_register_in(&dir, clock)?, clock)?
        }
        Some(path) => super::open_register(&path, clock)?,
        None => {
            let path = default_register_path().ok_or_else(|| {
                CliError::input("no home directory to keep the default register in; name a FILE")
            })?;
            if !path.exists() {
                welcome = Some(path.clone());
            }
            open_or_create_demo(&path, clock)?
        }
    };
    let recent_file = crate::platform::recent::default_file();
    let label = match register.server_address() {
        Some(_) => crate::services::portfolio::label(register.path()),
        None => {
            if let Some(file) = &recent_file {
                // Only a convenience for the switcher: a read-only config dir must not stop the work.
                let _ = crate::platform::recent::remember(file, register.path());
            }
            crate::platform::recent::display(register.path())
        }
    };
    let start = crate::tui::app::Start {
        recent_file,
        switcher,
        theme: crate::tui::theme::Theme::from_env(theme),
        keys,
        welcome,
    };
    crate::tui::run(register, label, start).map_err(|e| CliError::input(format!("terminal: {e}")))
}

/// The subcommand `typed` is most likely a typo of, when `typed` names no
/// file and looks like a word rather than a path ("chek" → "check").
fn mistyped_subcommand(typed: &Path) -> Option<String> {
    let word = typed.to_str()?;
    let looks_like_a_word =
        !word.is_empty() && word.chars().all(|c| c.is_ascii_alphabetic() || c == '-');
    if typed.exists() || !looks_like_a_word {
        return None;
    }
    use clap::CommandFactory;
    super::Cli::command()
        .get_subcommands()
        .map(|c| c.get_name().to_string())
        .map(|name| (strsim::jaro(word, &name), name))
        .filter(|(score, _)| *score > 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, name)| name)
}

/// The workbench draws on a terminal: refused, with what to do instead,
/// when output goes to a file or a pipe, when there is no terminal to read
/// keys from, or when the terminal cannot move its cursor.
fn usable_terminal() -> Result<(), String> {
    use std::io::IsTerminal;
    const INSTEAD: &str = "for scripts use a subcommand, see dpo --help";
    if std::env::var("TERM").is_ok_and(|t| t == "dumb") {
        return Err(format!(
            "the workbench needs a terminal that can move its cursor; TERM=dumb is not supported ({INSTEAD})"
        ));
    }
    let keys = std::io::stdin().is_terminal() || controlling_terminal();
    if !std::io::stdout().is_terminal() || !keys {
        return Err(format!("the workbench needs a terminal; {INSTEAD}"));
    }
    Ok(())
}

/// Whether the process has a terminal to read keys from when its standard
/// input is not one (crossterm then reads /dev/tty).
fn controlling_terminal() -> bool {
    cfg!(unix) && std::fs::File::open("/dev/tty").is_ok()
}

/// The register of `dir` that needs its DPO most (the portfolio's first).
fn first_register_in(dir: &Path, clock: Clock) -> Result<PathBuf, CliError> {
    let files = crate::services::portfolio::registers_in(dir)
        .map_err(|e| CliError::input(format!("{}: {e}", dir.display())))?;
    let now = clock.now();
    let moment_in = |zone: &chrono_tz::Tz| {
        Ok(crate::domain::findings::Moment {
            today: crate::platform::clock::date_in(now, zone),
            now,
        })
    };
    let open = |path: &Path| super::open_to_summarise(path, clock);
    crate::services::portfolio::summarise(&files, &open, &moment_in)
        .into_iter()
        .find(|e| e.summary.is_ok())
        .map(|e| e.path)
        .ok_or_else(|| {
            CliError::input(format!(
                "{}: no register (*.dpo) to open here; dpo init FILE creates one",
                dir.display()
            ))
        })
}

/// The default register is created with the demo content the first time,
/// with the other demo clients beside it.
pub fn open_or_create_demo(path: &Path, clock: Clock) -> Result<Register, CliError> {
    if path.exists() {
        return Ok(super::open_register(path, clock)?);
    }
    let organisation = demo_organisation(clock.now())?;
    let register = Register::create(path, &organisation, clock, |r| {
        load_demo(r, clock.now()).map(|_| ())
    })
    .map_err(|e: ExchangeError| CliError::from(e))?;
    // The other demo clients go beside it, so the register switcher has a
    // portfolio to show; they are extras, and a failure leaves them out.
    for set in &DEMOS[1..] {
        let beside = path.with_file_name(format!("{}.dpo", set.key));
        if !beside.exists() {
            if let Ok(organisation) = demo_organisation_of(set, clock.now()) {
                let _ = Register::create(&beside, &organisation, clock, |r| {
                    load_demo_set(r, set, clock.now()).map(|_| ())
                });
            }
        }
    }
    Ok(register)
}
