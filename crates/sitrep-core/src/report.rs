//! The report of one document, as `sitrep extract` prints it. Field names
//! are fixed by DESIGN.md: tools and tests read them.

use crate::{Document, Lang, Qualifier, Span};
use jiff::civil::Date;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Report {
    pub document: DocumentMeta,
    pub events: Vec<Event>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DocumentMeta {
    pub id: String,
    pub language: Lang,
    pub published: Option<Date>,
    pub title: Option<String>,
    pub source: Option<String>,
    pub url: Option<String>,
}

impl DocumentMeta {
    pub fn of(doc: &Document, language: Lang) -> Self {
        DocumentMeta {
            id: doc.id.clone(),
            language,
            published: doc.published,
            title: doc.title.clone(),
            source: doc.source.clone(),
            url: doc.url.clone(),
        }
    }
}

/// Where a value was read in the document.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Evidence {
    pub text: String,
    pub start: usize,
    pub end: usize,
}

impl Evidence {
    pub fn of(text: &str, span: Span) -> Self {
        Evidence {
            text: span.text(text).to_string(),
            start: span.start,
            end: span.end,
        }
    }

    fn shift(&mut self, by: usize) {
        self.start += by;
        self.end += by;
    }
}

impl Event {
    /// Moves every offset of the event by `by` bytes: an event read in a
    /// section of a long text points into the whole text.
    pub fn shift(&mut self, by: usize) {
        self.evidence.shift(by);
        let dated = self.date.as_mut().and_then(|d| d.evidence.as_mut());
        let placed = self.location.as_mut().and_then(|l| l.evidence.as_mut());
        dated.into_iter().chain(placed).for_each(|e| e.shift(by));
        for e in self.actors.iter_mut().flat_map(|a| a.evidence.iter_mut()) {
            e.shift(by);
        }
        for c in &mut self.claims {
            let figures = [c.killed.as_mut(), c.injured.as_mut()];
            for e in figures.into_iter().flatten().map(|f| &mut f.evidence) {
                e.shift(by);
            }
            if let Some(e) = c.cue.as_mut() {
                e.shift(by);
            }
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Event {
    pub id: String,
    pub background: bool,
    pub event_type: String,
    pub sub_event_type: String,
    pub date: Option<EventDate>,
    pub location: Option<EventLocation>,
    pub actors: Vec<EventActor>,
    pub civilian_targeting: bool,
    pub fatalities: Fatalities,
    pub claims: Vec<Claim>,
    pub notes: String,
    /// The trigger that made this event.
    pub evidence: Evidence,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct EventDate {
    pub start: Date,
    pub end: Date,
    pub time_precision: u8,
    pub evidence: Option<Evidence>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct EventLocation {
    pub name: String,
    pub geonameid: Option<u32>,
    pub country_code: Option<String>,
    pub country: Option<String>,
    pub admin1: Option<String>,
    pub admin2: Option<String>,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
    pub geo_precision: u8,
    pub evidence: Option<Evidence>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct EventActor {
    pub name: String,
    /// actor1, assoc_actor_1, actor2, assoc_actor_2
    pub role: String,
    pub inter: u8,
    pub evidence: Vec<Evidence>,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Fatalities {
    pub low: Option<u32>,
    pub best: Option<u32>,
    pub high: Option<u32>,
    pub acled: Option<u32>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ClaimantKind {
    Party,
    Official,
    LocalSource,
    Ngo,
    Media,
    Unattributed,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Claimant {
    pub name: String,
    pub kind: ClaimantKind,
}

/// One reported figure with its wording.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Figure {
    pub value: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub high: Option<u32>,
    pub qualifier: Qualifier,
    pub category: String,
    pub evidence: Evidence,
}

/// Who claims what about one event.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Claim {
    pub claimant: Claimant,
    pub cue: Option<Evidence>,
    pub killed: Option<Figure>,
    pub injured: Option<Figure>,
    /// Its dead are others than those the other claims count: another group,
    /// told with "also" ("four civilians had also died" beside "17 militants
    /// were killed"). They add to the toll instead of disputing it.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub additional: bool,
}
