//! Types shared by every stage of the sitrep pipeline.
//!
//! Data flows one way: `ingest` makes [`Document`]s, `annotate` finds
//! [`Mention`]s, `resolve` fills their values, `assemble` builds a [`Report`].

pub mod document;
pub mod fold;
pub mod geo;
pub mod incident;
pub mod mention;
pub mod report;
pub mod timing;

pub use document::{Document, Lang};
pub use incident::{
    ChangePage, Incident, IncidentPage, IncidentQuery, SourcedClaim, StoredDocument,
};
pub use mention::{
    ActorValue, CueValue, Interval, Mention, MentionValue, Outcome, PlaceValue, Qualifier,
    QuantityValue, TriggerValue,
};
pub use report::{
    Claim, Claimant, ClaimantKind, DocumentMeta, Event, EventActor, EventDate, EventLocation,
    Evidence, Fatalities, Figure, Report,
};
pub use timing::StageTimes;

/// A half-open byte range `start..end` into a document's text.
#[derive(
    Clone,
    Copy,
    Debug,
    Default,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    serde::Serialize,
    serde::Deserialize,
)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub const fn new(start: usize, end: usize) -> Self {
        Span { start, end }
    }

    pub const fn len(&self) -> usize {
        self.end - self.start
    }

    pub const fn is_empty(&self) -> bool {
        self.end <= self.start
    }

    pub const fn overlaps(&self, other: &Span) -> bool {
        self.start < other.end && other.start < self.end
    }

    pub const fn contains(&self, other: &Span) -> bool {
        self.start <= other.start && other.end <= self.end
    }

    /// The text this span covers, or "" when the span does not fall on
    /// character boundaries of `text` (never panics on bad offsets).
    pub fn text<'t>(&self, text: &'t str) -> &'t str {
        text.get(self.start..self.end).unwrap_or("")
    }
}
