//! Terminal set-up and restore, in one place. The terminal is given back in its
//! normal state however the workbench ends: quit, error (the guard's Drop),
//! panic (the hook), SIGTERM or SIGHUP (the handler restores it and exits),
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
    resume(term)
}

/// After a stop (ours, or `kill -STOP` from outside: the shell then resets
/// the terminal's modes): raw mode and the screen taken again, all redrawn.
pub fn resume(term: &mut Term) -> io::Result<()> {
    enter()?;
    term.clear()
}

/// Whether a stopped workbench was continued since the run loop last looked.
pub use signals::continued;

#[cfg(unix)]
mod signals {
    use std::sync::atomic::{AtomicBool, Ordering};
    use std::sync::OnceLock;

    static CONTINUED: AtomicBool = AtomicBool::new(false);
    /// The terminal's settings before raw mode, for the handler to put back,
    /// and the terminal they are the settings of (standard input, or
    /// /dev/tty where input is not the terminal, as crossterm reads keys).
    static COOKED: OnceLock<(libc::c_int, libc::termios)> = OnceLock::new();

    /// What leaving the workbench writes: bracketed paste and mouse reports
    /// off, the normal screen back, the cursor shown (as `restore`).
    const LEAVE: &[u8] =
        b"\x1b[?2004l\x1b[?1006l\x1b[?1015l\x1b[?1003l\x1b[?1002l\x1b[?1000l\x1b[?1049l\x1b[?25h";

    // A signal handler may only call what is async-signal-safe: tcsetattr,
    // write and _exit are. It works even while the run loop waits in a read
    // of a terminal that hung up (which never returns an event).
    extern "C" fn on_terminate(signal: libc::c_int) {
        // SAFETY: async-signal-safe calls on the process's own descriptors.
        unsafe {
            if let Some((tty, cooked)) = COOKED.get() {
                libc::tcsetattr(*tty, libc::TCSANOW, cooked);
            }
            libc::write(libc::STDOUT_FILENO, LEAVE.as_ptr().cast(), LEAVE.len());
            // Then die of the signal, as its sender expects. SQLite keeps
            // every write whole without us: an open transaction rolls back,
            // as under kill -9.
            libc::signal(signal, libc::SIG_DFL);
            libc::raise(signal);
            libc::_exit(128 + signal);
        }
    }

    extern "C" fn on_continue(_: libc::c_int) {
        CONTINUED.store(true, Ordering::SeqCst);
    }

    /// SIGTERM and SIGHUP give the terminal back and end the process;
    /// SIGCONT after a stop from outside redraws.
    pub(super) fn watch() {
        // SAFETY: isatty, open and tcgetattr on descriptors and a struct of our own.
        unsafe {
            let tty = if libc::isatty(libc::STDIN_FILENO) == 1 {
                libc::STDIN_FILENO
            } else {
                libc::open(c"/dev/tty".as_ptr(), libc::O_RDWR | libc::O_CLOEXEC)
            };
            let mut cooked: libc::termios = std::mem::zeroed();
            if tty >= 0 && libc::tcgetattr(tty, &mut cooked) == 0 {
                let _ = COOKED.set((tty, cooked));
            }
        }
        let terminate = on_terminate as extern "C" fn(libc::c_int) as libc::sighandler_t;
        let cont = on_continue as extern "C" fn(libc::c_int) as libc::sighandler_t;
        // SAFETY: the handlers do only what is async-signal-safe.
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
    execute!(stdout(), DisableMouseCapture, LeaveAlternateScreen, Show)?;
    // Last: a console without it (old Windows) must not keep the screen.
    let _ = execute!(stdout(), DisableBracketedPaste);
    Ok(())
}

fn install_panic_hook() {
    let original = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let _ = restore();
        original(info);
    }));
}
