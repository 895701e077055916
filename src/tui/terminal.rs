//! Terminal set-up and restore, in one place. The terminal is given back in its
//! normal state however the workbench ends: quit, error (the guard's Drop),
//! panic (the hook), SIGTERM or SIGHUP (the run loop ends, the guard restores),
//! so a crash never leaves the user's shell in raw mode. Ctrl-Z gives the
//! terminal back, stops the process, and takes it again on `fg`.

use std::io::{self, stdout, Stdout};

use crossterm::cursor::Show;
use crossterm::event::{
    DisableBracketedPaste, DisableMouseCapture, EnableBracketedPaste, EnableMouseCapture,
};
use crossterm::execute;
use crossterm::terminal::{
    disable_raw_mode, enable_raw_mode, EnterAlternateScreen, LeaveAlternateScreen,
};
use ratatui::backend::CrosstermBackend;
use ratatui::Terminal;

pub type Term = Terminal<CrosstermBackend<Stdout>>;

/// Restores the terminal when dropped.
pub struct Guard;

impl Drop for Guard {
    fn drop(&mut self) {
        let _ = restore();
    }
}

pub fn init() -> io::Result<(Term, Guard)> {
    install_panic_hook();
    signals::watch();
    // A line on stderr would land in the middle of the screen.
    crate::store::on_upgrade(None);
    let guard = Guard;
    enter()?;
    let terminal = Terminal::new(CrosstermBackend::new(stdout()))?;
    Ok((terminal, guard))
}

/// Raw mode, the alternate screen, mouse reports and bracketed paste.
fn enter() -> io::Result<()> {
    enable_raw_mode()?;
    execute!(
        stdout(),
        EnterAlternateScreen,
        EnableMouseCapture,
        EnableBracketedPaste
    )
}

/// Ctrl-Z: the terminal given back, the process stopped as a shell's job;
/// on `fg` the terminal taken again and the whole screen drawn anew.
pub fn suspend(term: &mut Term) -> io::Result<()> {
    restore()?;
    signals::stop_self();
    enter()?;
    term.clear()
}

/// What a signal asked of the run loop since it last looked.
pub use signals::{continued, terminate_asked};

#[cfg(unix)]
mod signals {
    use std::sync::atomic::{AtomicBool, Ordering};

    static TERMINATE: AtomicBool = AtomicBool::new(false);
    static CONTINUED: AtomicBool = AtomicBool::new(false);

    // Signal handlers may only do what is async-signal-safe: set a flag.
    extern "C" fn on_terminate(_: libc::c_int) {
        TERMINATE.store(true, Ordering::SeqCst);
    }

    extern "C" fn on_continue(_: libc::c_int) {
        CONTINUED.store(true, Ordering::SeqCst);
    }

    /// SIGTERM and SIGHUP end the run loop (the guard restores the terminal);
    /// SIGCONT after a stop from outside redraws.
    pub(super) fn watch() {
        let terminate = on_terminate as extern "C" fn(libc::c_int) as libc::sighandler_t;
        let cont = on_continue as extern "C" fn(libc::c_int) as libc::sighandler_t;
        // SAFETY: the handlers only store to atomics, which is async-signal-safe.
        unsafe {
            libc::signal(libc::SIGTERM, terminate);
            libc::signal(libc::SIGHUP, terminate);
            libc::signal(libc::SIGCONT, cont);
        }
    }

    /// Stops the process as the shell's Ctrl-Z would; returns on `fg`.
    pub(super) fn stop_self() {
        // SAFETY: raising a signal with its default action (stop).
        unsafe {
            libc::raise(libc::SIGTSTP);
        }
        CONTINUED.store(false, Ordering::SeqCst);
    }

    pub fn terminate_asked() -> bool {
        TERMINATE.load(Ordering::SeqCst)
    }

    /// Whether the process was continued since the last look (the screen
    /// may have been drawn over meanwhile).
    pub fn continued() -> bool {
        CONTINUED.swap(false, Ordering::SeqCst)
    }
}

#[cfg(not(unix))]
mod signals {
    pub(super) fn watch() {}
    pub(super) fn stop_self() {}
    pub fn terminate_asked() -> bool {
        false
    }
    pub fn continued() -> bool {
        false
    }
}

pub fn restore() -> io::Result<()> {
    disable_raw_mode()?;
    execute!(
        stdout(),
        DisableBracketedPaste,
        DisableMouseCapture,
        LeaveAlternateScreen,
        Show
    )
}

fn install_panic_hook() {
    let original = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let _ = restore();
        original(info);
    }));
}
