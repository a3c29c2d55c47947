//! Stage 3 of the pipeline: gives each time expression a calendar interval
//! and each place name one GeoNames entry.

pub mod places;
pub mod time;

use sitrep_annotate::Annotation;
use sitrep_core::{Document, Interval, Mention, MentionValue, PlaceValue};
use sitrep_gazetteer::Gazetteer;
use std::collections::BTreeMap;
use std::sync::Arc;

/// The values of an annotation's time and place mentions, index for index.
#[derive(Debug, Default)]
pub struct Resolved {
    pub times: Vec<Option<Interval>>,
    pub places: Vec<Option<PlaceValue>>,
    /// Country names by ISO code, for every country a resolved place is in
    /// or the text names ("Lebanese", "in Lebanon").
    pub countries: BTreeMap<String, String>,
    /// The place the text is mostly about, as an index into `places`.
    pub main_place: Option<usize>,
}

pub struct Resolver {
    gazetteer: Arc<Gazetteer>,
}

impl Resolver {
    pub fn new(gazetteer: Arc<Gazetteer>) -> Self {
        Resolver { gazetteer }
    }

    pub fn gazetteer(&self) -> &Gazetteer {
        &self.gazetteer
    }

    pub fn resolve(&self, doc: &Document, ann: &Annotation) -> Resolved {
        let places = places::resolve_all(&doc.text, ann, &self.gazetteer);
        let mut countries = BTreeMap::new();
        let codes = places
            .iter()
            .flatten()
            .map(|p| p.country_code.as_str())
            .chain(ann.cued_countries())
            .chain(ann.town_countries.iter().map(|c| c.code.as_str()));
        for code in codes {
            if !countries.contains_key(code) {
                if let Some(c) = self.gazetteer.country(code) {
                    countries.insert(code.to_string(), c.name);
                }
            }
        }
        Resolved {
            times: time::resolve_all_in(&ann.times, doc.published, &doc.text, &ann.sentences),
            main_place: places::main_place(ann, &places),
            places,
            countries,
        }
    }
}

/// Every mention of the document with its resolved value, in text order:
/// the `annotate` view.
pub fn mentions(doc: &Document, ann: &Annotation, resolved: &Resolved) -> Vec<Mention> {
    let text = doc.text.as_str();
    let mut out: Vec<Mention> =
        Vec::with_capacity(ann.times.len() + ann.places.len() + ann.mentions.len());
    for (m, v) in ann.times.iter().zip(&resolved.times) {
        out.push(Mention::new(text, m.span, MentionValue::Time(*v)));
    }
    for (m, v) in ann.places.iter().zip(&resolved.places) {
        out.push(Mention::new(text, m.span, MentionValue::Place(v.clone())));
    }
    out.extend(ann.mentions.iter().cloned());
    out.sort_by_key(|m| (m.start, std::cmp::Reverse(m.end)));
    out
}
