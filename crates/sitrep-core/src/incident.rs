//! Incidents: one real-world event seen through one or more reports, as the
//! store keeps them, `sitrep incidents` prints them and `sitrep serve` shows
//! them. The shape follows DESIGN.md ("Incidents").

use crate::report::{Claim, DocumentMeta, EventActor, EventDate, EventLocation, Fatalities};
use crate::Mention;
use jiff::civil::Date;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Incident {
    pub id: u64,
    pub event_type: String,
    pub sub_event_type: String,
    pub date: Option<EventDate>,
    pub location: Option<EventLocation>,
    pub actors: Vec<EventActor>,
    pub civilian_targeting: bool,
    /// Recomputed from the pooled claims, a reprinted wire text counted once.
    pub fatalities: Fatalities,
    pub claims: Vec<SourcedClaim>,
    /// The documents whose events make up this incident.
    pub documents: Vec<DocumentMeta>,
    pub notes: String,
}

/// A claim with the document that carries it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SourcedClaim {
    #[serde(flatten)]
    pub claim: Claim,
    pub document_id: String,
    /// Other documents that reprint the same wire text: the same claim,
    /// counted once.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub reprinted_in: Vec<String>,
}

/// A stored document with its text and the mentions found in it, for the
/// incident page's highlighted evidence.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StoredDocument {
    #[serde(flatten)]
    pub meta: DocumentMeta,
    pub text: String,
    pub mentions: Vec<Mention>,
}

/// Filters and paging for listing incidents. Every filter is optional; an
/// incident with no date or place fails a date or bounding-box filter.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct IncidentQuery {
    /// ISO 3166 alpha-2 country code.
    pub country: Option<String>,
    /// Incidents whose date interval ends on or after this day.
    pub since: Option<Date>,
    /// Incidents whose date interval starts on or before this day.
    pub until: Option<Date>,
    /// ACLED event type, exactly.
    pub event_type: Option<String>,
    /// `[west, south, east, north]` in degrees.
    pub bbox: Option<[f64; 4]>,
    pub offset: usize,
    /// `None` means no limit.
    pub limit: Option<usize>,
}

impl IncidentQuery {
    /// Whether `incident` passes every filter (paging aside).
    pub fn matches(&self, incident: &Incident) -> bool {
        if let Some(cc) = &self.country {
            let here = incident
                .location
                .as_ref()
                .and_then(|l| l.country_code.as_deref());
            if !here.is_some_and(|c| c.eq_ignore_ascii_case(cc)) {
                return false;
            }
        }
        if let Some(t) = &self.event_type {
            if &incident.event_type != t {
                return false;
            }
        }
        if self.since.is_some() || self.until.is_some() {
            let Some(d) = &incident.date else {
                return false;
            };
            if self.since.is_some_and(|s| d.end < s) || self.until.is_some_and(|u| d.start > u) {
                return false;
            }
        }
        if let Some([w, s, e, n]) = self.bbox {
            let Some((lat, lon)) = incident
                .location
                .as_ref()
                .and_then(|l| l.latitude.zip(l.longitude))
            else {
                return false;
            };
            if lat < s || lat > n || lon < w || lon > e {
                return false;
            }
        }
        true
    }
}

/// One page of incidents and the number that matched before paging.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct IncidentPage {
    pub total: usize,
    pub offset: usize,
    pub incidents: Vec<Incident>,
}

/// Incidents created or rebuilt since a point in the store's history: what
/// a live page and the feed watcher read. Every write of an incident takes
/// the next number of one sequence; `last` is the highest number read, to
/// pass back as `after` next time (it is `after` itself when nothing
/// changed). Oldest change first.
#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq)]
pub struct ChangePage {
    pub last: u64,
    pub incidents: Vec<Incident>,
}
