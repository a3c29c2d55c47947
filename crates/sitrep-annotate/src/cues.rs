//! Reporting cues and their speakers. (Skeleton: lands with the events issue.)

use crate::lexicon::{LexiconError, LexiconSource};
use crate::text::Tokens;
use sitrep_core::{Lang, Mention, Span};

pub struct CueRecognizer {
    _lang: Lang,
}

impl CueRecognizer {
    pub fn new(lang: Lang, _src: &LexiconSource) -> Result<Self, LexiconError> {
        Ok(CueRecognizer { _lang: lang })
    }

    /// Every reporting cue (MentionValue::Cue) in `text`, in text order.
    pub fn find(&self, _text: &str, _tokens: &Tokens, _sentences: &[Span]) -> Vec<Mention> {
        Vec::new()
    }
}
