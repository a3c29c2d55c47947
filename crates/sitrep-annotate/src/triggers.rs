//! Event triggers with their ACLED type. (Skeleton: lands with the events issue.)

use crate::lexicon::{LexiconError, LexiconSource};
use crate::text::Tokens;
use sitrep_core::{Lang, Mention, Span};

pub struct TriggerRecognizer {
    _lang: Lang,
}

impl TriggerRecognizer {
    pub fn new(lang: Lang, _src: &LexiconSource) -> Result<Self, LexiconError> {
        Ok(TriggerRecognizer { _lang: lang })
    }

    /// Every event trigger (MentionValue::Trigger) in `text`, in text order.
    pub fn find(&self, _text: &str, _tokens: &Tokens, _sentences: &[Span]) -> Vec<Mention> {
        Vec::new()
    }
}
