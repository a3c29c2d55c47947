//! When each feed is next due: its interval with jitter after a good poll,
//! an exponential backoff after failed ones, and never sooner than a
//! server's Retry-After. [`Schedule`] holds the due times; [`delay_after`]
//! computes the next one.

use std::time::{Duration, Instant};

/// The longest backoff: a feed failing for days is still tried a few
/// times a day, so that it comes back on its own when the site does.
pub const MAX_BACKOFF: Duration = Duration::from_secs(6 * 3600);

/// Jitter, as a share of the delay either way: feeds of one interval
/// started together drift apart instead of hitting hosts in bursts.
const JITTER: f64 = 0.1;

/// How long to wait before polling a feed again. `failures` counts failed
/// polls in a row (0 after a good one): each doubles the wait, from the
/// interval up to [`MAX_BACKOFF`] (or the interval, when longer). A
/// server's Retry-After is a floor.
pub fn delay_after(interval: Duration, failures: u32, retry_after: Option<Duration>) -> Duration {
    let base = if failures == 0 {
        interval
    } else {
        let doubled = interval
            .checked_mul(1u32 << failures.min(20))
            .unwrap_or(MAX_BACKOFF);
        doubled.min(MAX_BACKOFF.max(interval))
    };
    let jittered = base.mul_f64(1.0 + JITTER * (2.0 * fastrand::f64() - 1.0));
    jittered.max(retry_after.unwrap_or_default())
}

/// The due time of every feed, by its index in the feeds file.
#[derive(Clone, Debug, Default)]
pub struct Schedule {
    due: Vec<Option<Instant>>,
}

impl Schedule {
    /// `n` feeds, none due until set.
    pub fn new(n: usize) -> Schedule {
        Schedule { due: vec![None; n] }
    }

    pub fn set(&mut self, feed: usize, at: Instant) {
        if let Some(d) = self.due.get_mut(feed) {
            *d = Some(at);
        }
    }

    /// Takes the feeds due by `now` (they are not due again until set).
    pub fn take_due(&mut self, now: Instant) -> Vec<usize> {
        let mut out = Vec::new();
        for (i, d) in self.due.iter_mut().enumerate() {
            if d.is_some_and(|at| at <= now) {
                *d = None;
                out.push(i);
            }
        }
        out
    }

    /// When the next feed is due, if any is waiting.
    pub fn next_due(&self) -> Option<Instant> {
        self.due.iter().flatten().min().copied()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_good_poll_waits_the_interval_give_or_take_a_tenth() {
        for _ in 0..200 {
            let d = delay_after(Duration::from_secs(100), 0, None);
            assert!(
                d >= Duration::from_secs(90) && d <= Duration::from_secs(110),
                "{d:?}"
            );
        }
    }

    #[test]
    fn failures_double_the_wait_up_to_the_cap_and_retry_after_is_a_floor() {
        let i = Duration::from_secs(10);
        let d3 = delay_after(i, 3, None);
        assert!(
            d3 >= Duration::from_secs(72) && d3 <= Duration::from_secs(88),
            "{d3:?}"
        );
        let capped = delay_after(i, 40, None);
        assert!(capped <= MAX_BACKOFF.mul_f64(1.1) && capped >= MAX_BACKOFF.mul_f64(0.9));
        let floor = delay_after(i, 1, Some(Duration::from_secs(600)));
        assert!(floor >= Duration::from_secs(600));
        // A daily feed is not polled more often for failing.
        let day = Duration::from_secs(86_400);
        assert!(delay_after(day, 5, None) >= day.mul_f64(0.9));
    }

    #[test]
    fn due_feeds_are_taken_once() {
        let now = Instant::now();
        let mut s = Schedule::new(3);
        s.set(0, now);
        s.set(2, now + Duration::from_secs(60));
        assert_eq!(s.next_due(), Some(now));
        assert_eq!(s.take_due(now), vec![0]);
        assert!(s.take_due(now).is_empty());
        assert_eq!(s.next_due(), Some(now + Duration::from_secs(60)));
    }
}
