//! Time expressions to calendar intervals. (Skeleton: lands with the dates issue.)

use jiff::civil::Date;
use sitrep_annotate::time::TimeMention;
use sitrep_core::Interval;

/// Resolves every time mention against the publication date, in text order,
/// so that "le lendemain" can lean on the date mentioned before it.
pub fn resolve_all(mentions: &[TimeMention], _published: Option<Date>) -> Vec<Option<Interval>> {
    mentions.iter().map(|_| None).collect()
}
