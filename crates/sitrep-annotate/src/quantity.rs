//! Quantities: numbers with what they count. (Skeleton: lands with the events issue.)

use crate::lexicon::{LexiconError, LexiconSource};
use crate::text::Tokens;
use sitrep_core::{Lang, Mention, Span};

pub struct QuantityRecognizer {
    _lang: Lang,
}

impl QuantityRecognizer {
    pub fn new(lang: Lang, _src: &LexiconSource) -> Result<Self, LexiconError> {
        Ok(QuantityRecognizer { _lang: lang })
    }

    /// Every quantity mention (MentionValue::Quantity) in `text`, in text order.
    pub fn find(&self, _text: &str, _tokens: &Tokens, _sentences: &[Span]) -> Vec<Mention> {
        Vec::new()
    }
}
