//! Exponential back-off with jitter, for reconnecting and resending.

use std::time::Duration;

/// Waits that double from `first` up to `cap`, each moved by up to ±20 % so that many consoles
/// cut off together do not all come back in the same instant.
#[derive(Debug, Clone)]
pub(crate) struct Backoff {
    first: Duration,
    cap: Duration,
    next: Duration,
}

impl Backoff {
    pub(crate) fn new(first: Duration, cap: Duration) -> Backoff {
        Backoff {
            first,
            cap,
            next: first,
        }
    }

    /// The wait before the next attempt; each call doubles the one after.
    pub(crate) fn next_wait(&mut self) -> Duration {
        let base = self.next;
        self.next = (base * 2).min(self.cap);
        let jittered = base.mul_f64(0.8 + 0.4 * unit_random());
        jittered.min(self.cap)
    }

    /// After a healthy stretch: start again from the first wait.
    pub(crate) fn reset(&mut self) {
        self.next = self.first;
    }
}

/// A number in `[0, 1)`.
fn unit_random() -> f64 {
    let bits = getrandom::u64().unwrap_or_else(|_| {
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.subsec_nanos() as u64)
            .unwrap_or(0)
    });
    (bits >> 11) as f64 / (1u64 << 53) as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn doubles_up_to_the_cap_and_resets() {
        let mut backoff = Backoff::new(Duration::from_millis(250), Duration::from_secs(10));
        let waits: Vec<Duration> = (0..10).map(|_| backoff.next_wait()).collect();
        assert!(waits[0] >= Duration::from_millis(200) && waits[0] <= Duration::from_millis(300));
        assert!(waits[1] >= Duration::from_millis(400) && waits[1] <= Duration::from_millis(600));
        assert!(waits.iter().all(|w| *w <= Duration::from_secs(10)));
        assert!(waits[9] >= Duration::from_secs(8));
        backoff.reset();
        assert!(backoff.next_wait() <= Duration::from_millis(300));
    }
}
