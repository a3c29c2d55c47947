//! Actors: canonical names from per-language alias lexicons. (Skeleton: lands with the events issue.)

use crate::lexicon::{LexiconError, LexiconSource};
use crate::text::Tokens;
use sitrep_core::{Lang, Mention, Span};

pub struct ActorRecognizer {
    _lang: Lang,
}

impl ActorRecognizer {
    pub fn new(lang: Lang, _src: &LexiconSource) -> Result<Self, LexiconError> {
        Ok(ActorRecognizer { _lang: lang })
    }

    /// Every actor mention (MentionValue::Actor) in `text`, in text order.
    pub fn find(&self, _text: &str, _tokens: &Tokens, _sentences: &[Span]) -> Vec<Mention> {
        Vec::new()
    }
}
