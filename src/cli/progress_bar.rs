//! A progress bar on standard error for long command-line work, drawn from
//! the same `Progress` the workbench's dialog reads. Nothing is drawn when
//! standard error is not a terminal (a script, a pipe, cron).

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use crate::exchange::progress::Progress;

/// Runs `work` with a shared `Progress` while a bar named `what` follows it.
pub(super) fn with_bar<T>(what: &'static str, work: impl FnOnce(&Arc<Progress>) -> T) -> T {
    let progress = Arc::new(Progress::default());
    let finished = AtomicBool::new(false);
    /// Ends the bar however the work ends (a panic included), so the
    /// scope never waits on a bar that follows nothing.
    struct Finish<'a>(&'a AtomicBool);
    impl Drop for Finish<'_> {
        fn drop(&mut self) {
            self.0.store(true, Ordering::Relaxed);
        }
    }
    std::thread::scope(|scope| {
        scope.spawn(|| follow(what, &progress, &finished));
        let _finish = Finish(&finished);
        work(&progress)
    })
}

fn follow(what: &str, progress: &Progress, finished: &AtomicBool) {
    let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
    if bar.is_hidden() {
        return;
    }
    let style = ProgressStyle::with_template("{msg} {wide_bar} {human_pos}/{human_len} ({eta})")
        .unwrap_or_else(|_| ProgressStyle::default_bar());
    bar.set_style(style);
    bar.set_message(what.to_string());
    while !finished.load(Ordering::Relaxed) {
        let (done, total) = progress.snapshot();
        if total > 0 {
            bar.set_length(total);
        }
        bar.set_position(done);
        std::thread::sleep(Duration::from_millis(100));
    }
    bar.finish_and_clear();
}
