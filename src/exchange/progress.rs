//! How far a long export or import has come, shared between the thread doing
//! the work and the screen drawing its bar; the screen may also ask it to stop.

use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};

#[derive(Debug, Default)]
pub struct Progress {
    done: AtomicU64,
    total: AtomicU64,
    stop: AtomicBool,
}

impl Progress {
    pub fn set_total(&self, total: u64) {
        self.total.store(total, Ordering::Relaxed);
    }

    pub fn set_done(&self, done: u64) {
        self.done.store(done, Ordering::Relaxed);
    }

    pub fn advance(&self, by: u64) {
        self.done.fetch_add(by, Ordering::Relaxed);
    }

    /// (done, total) now; `done` never exceeds a known total.
    pub fn snapshot(&self) -> (u64, u64) {
        let total = self.total.load(Ordering::Relaxed);
        let done = self.done.load(Ordering::Relaxed);
        (if total > 0 { done.min(total) } else { done }, total)
    }

    /// Asks the work to stop at its next check; an import then writes nothing.
    pub fn request_stop(&self) {
        self.stop.store(true, Ordering::Relaxed);
    }

    pub fn stop_requested(&self) -> bool {
        self.stop.load(Ordering::Relaxed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn done_is_capped_by_a_known_total_and_stop_is_sticky() {
        let p = Progress::default();
        p.advance(5);
        assert_eq!(p.snapshot(), (5, 0), "no total yet: the count as it is");
        p.set_total(3);
        assert_eq!(p.snapshot(), (3, 3));
        p.set_done(1);
        assert_eq!(p.snapshot(), (1, 3));
        assert!(!p.stop_requested());
        p.request_stop();
        assert!(p.stop_requested());
    }
}
