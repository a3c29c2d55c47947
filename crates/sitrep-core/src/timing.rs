//! Time spent per pipeline stage, summed over documents (for `sitrep bench`).

use std::time::{Duration, Instant};

#[derive(Clone, Debug, Default)]
pub struct StageTimes {
    stages: Vec<(&'static str, Duration)>,
}

impl StageTimes {
    /// Adds the time since `since` to `stage` and returns now, so that
    /// consecutive stages can be timed with one clock read each.
    pub fn lap(&mut self, stage: &'static str, since: Instant) -> Instant {
        let now = Instant::now();
        self.add(stage, now - since);
        now
    }

    pub fn add(&mut self, stage: &'static str, d: Duration) {
        match self.stages.iter_mut().find(|(s, _)| *s == stage) {
            Some((_, t)) => *t += d,
            None => self.stages.push((stage, d)),
        }
    }

    pub fn merge(&mut self, other: &StageTimes) {
        for (s, d) in &other.stages {
            self.add(s, *d);
        }
    }

    pub fn total(&self) -> Duration {
        self.stages.iter().map(|(_, d)| *d).sum()
    }

    /// Stages in the order they were first timed.
    pub fn stages(&self) -> &[(&'static str, Duration)] {
        &self.stages
    }
}

/// Times a stage when a timer is given; costs nothing otherwise.
pub fn lap(
    timer: &mut Option<&mut StageTimes>,
    stage: &'static str,
    since: Option<Instant>,
) -> Option<Instant> {
    match (timer.as_deref_mut(), since) {
        (Some(t), Some(s)) => Some(t.lap(stage, s)),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stages_add_up_in_first_seen_order() {
        let mut t = StageTimes::default();
        t.add("b", Duration::from_millis(2));
        t.add("a", Duration::from_millis(1));
        t.add("b", Duration::from_millis(3));
        assert_eq!(t.stages()[0], ("b", Duration::from_millis(5)));
        assert_eq!(t.total(), Duration::from_millis(6));
        let mut u = StageTimes::default();
        u.merge(&t);
        assert_eq!(u.total(), t.total());
    }
}
