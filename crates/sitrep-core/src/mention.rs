//! What the recognisers of `annotate` find, with the value `resolve` gives it.

use crate::Span;
use jiff::civil::Date;
use serde::{Deserialize, Serialize};

/// One recognised span of the document text.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Mention {
    #[serde(flatten)]
    pub value: MentionValue,
    pub start: usize,
    pub end: usize,
    pub text: String,
}

impl Mention {
    pub fn new(text: &str, span: Span, value: MentionValue) -> Self {
        Mention {
            value,
            start: span.start,
            end: span.end,
            text: span.text(text).to_string(),
        }
    }

    pub fn span(&self) -> Span {
        Span::new(self.start, self.end)
    }

    /// The mention `by` bytes further on: one read in a section of a long
    /// text, placed in the whole text.
    pub fn shifted(mut self, by: usize) -> Self {
        self.start += by;
        self.end += by;
        self
    }

    pub fn kind(&self) -> &'static str {
        match self.value {
            MentionValue::Time(_) => "time",
            MentionValue::Place(_) => "place",
            MentionValue::Quantity(_) => "quantity",
            MentionValue::Actor(_) => "actor",
            MentionValue::Cue(_) => "cue",
            MentionValue::Trigger(_) => "trigger",
        }
    }
}

/// The kind of a mention and its value. `None` means recognised but not
/// resolved (a date with no publication date to anchor it, a place name
/// with no gazetteer entry chosen).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", content = "value", rename_all = "lowercase")]
pub enum MentionValue {
    Time(Option<Interval>),
    Place(Option<PlaceValue>),
    Quantity(QuantityValue),
    Actor(ActorValue),
    Cue(CueValue),
    Trigger(TriggerValue),
}

/// A calendar interval with ACLED's time precision (1 day, 2 week or span
/// of days, 3 month or coarser). Both ends are inclusive.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Interval {
    pub start: Date,
    pub end: Date,
    pub time_precision: u8,
}

impl Interval {
    pub fn day(d: Date) -> Self {
        Interval {
            start: d,
            end: d,
            time_precision: 1,
        }
    }
}

/// One GeoNames entry.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PlaceValue {
    pub geonameid: u32,
    pub name: String,
    pub country_code: String,
    #[serde(default)]
    pub admin1: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub admin2: Option<String>,
    pub latitude: f64,
    pub longitude: f64,
    /// GeoNames feature class and code, e.g. "P" / "PPL".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub feature: Option<String>,
    /// ACLED geo precision: 1 the place itself, 2 near it, 3 region only.
    #[serde(default = "one")]
    pub geo_precision: u8,
}

fn one() -> u8 {
    1
}

/// How exact a reported figure is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Qualifier {
    Exact,
    AtLeast,
    About,
    AtMost,
    Range,
    Vague,
}

/// What happened to the people a quantity counts.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    Killed,
    Injured,
    Missing,
    Abducted,
    Arrested,
}

/// A number with what it counts: "une vingtaine d'individus armés tués".
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct QuantityValue {
    /// The figure; `None` for vague words with no figure ("plusieurs").
    pub value: Option<u32>,
    /// The upper end of a range ("between 10 and 15").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub high: Option<u32>,
    pub qualifier: Qualifier,
    /// Who is counted: civilians, children, women, soldiers, combatants, unknown...
    pub category: String,
    #[serde(default)]
    pub outcome: Option<Outcome>,
    /// A sub-count ("dont 11 enfants") of the quantity this one belongs to:
    /// the start offset of that quantity's span.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub part_of: Option<usize>,
}

/// A canonical actor with its ACLED `inter` code.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ActorValue {
    pub name: String,
    pub inter: u8,
}

/// A reporting cue ("selon", "a affirmé", "said") and who speaks.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CueValue {
    pub speaker: Option<String>,
}

/// An event trigger with its ACLED type.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TriggerValue {
    pub event_type: String,
    pub sub_event_type: String,
}
