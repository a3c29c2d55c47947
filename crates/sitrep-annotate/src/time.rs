//! Time expressions. (Skeleton: recognition lands with the dates issue.)

use crate::lexicon::{LexiconError, LexiconSource};
use crate::text::Tokens;
use sitrep_core::{Lang, Span};

/// A time expression as written, before it is anchored to a calendar.
#[derive(Clone, Debug, PartialEq)]
pub enum TimeExpr {}

#[derive(Clone, Debug, PartialEq)]
pub struct TimeMention {
    pub span: Span,
    pub expr: TimeExpr,
}

pub struct TimeRecognizer {
    _lang: Lang,
}

impl TimeRecognizer {
    pub fn new(lang: Lang, _src: &LexiconSource) -> Result<Self, LexiconError> {
        Ok(TimeRecognizer { _lang: lang })
    }

    pub fn find(&self, _text: &str, _tokens: &Tokens, _sentences: &[Span]) -> Vec<TimeMention> {
        Vec::new()
    }
}
