//! Place names. (Skeleton: gazetteer look-up lands with the places issue.)

use crate::text::Tokens;
use sitrep_core::{Lang, Span};
use sitrep_gazetteer::Gazetteer;
use std::sync::Arc;

/// A span that names one or more gazetteer entries.
#[derive(Clone, Debug, PartialEq)]
pub struct PlaceMention {
    pub span: Span,
}

pub struct PlaceRecognizer {
    _gazetteer: Arc<Gazetteer>,
}

impl PlaceRecognizer {
    pub fn new(gazetteer: Arc<Gazetteer>) -> Self {
        PlaceRecognizer {
            _gazetteer: gazetteer,
        }
    }

    pub fn find(&self, _text: &str, _tokens: &Tokens, _lang: Lang) -> Vec<PlaceMention> {
        Vec::new()
    }
}
