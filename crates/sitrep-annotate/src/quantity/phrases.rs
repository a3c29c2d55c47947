//! Phrase look-up over folded tokens, shared by the quantity and cue
//! recognisers. Phrases from the data files are tokenised like the document,
//! so "d'après", "jusqu'à" and "porte-parole" match whatever apostrophe or
//! dash the article uses.

use crate::lexicon::Segmentation;
use crate::text::{tokenize, Tokens};
// Keys are lexicon words and look-ups run per token: a fast hasher.
use rustc_hash::FxHashMap as HashMap;

/// Phrases (sequences of folded tokens) with a value each.
#[derive(Debug)]
pub(crate) struct Phrases<T> {
    /// Phrases by their first token, longest first.
    by_first: HashMap<String, Vec<(Vec<String>, T)>>,
    longest: usize,
}

impl<T> Phrases<T> {
    pub(crate) fn new(entries: impl IntoIterator<Item = (String, T)>, seg: &Segmentation) -> Self {
        let mut by_first: HashMap<String, Vec<(Vec<String>, T)>> = HashMap::default();
        let mut longest = 0;
        for (phrase, value) in entries {
            // An elision at the end ("d'", "près d'") only splits off before a
            // letter: tokenise it with one, then drop that letter.
            let elided = phrase.ends_with(sitrep_core::fold::is_apostrophe);
            let toks = if elided {
                tokenize(&format!("{phrase}x"), seg)
            } else {
                tokenize(&phrase, seg)
            };
            let n = toks.len() - usize::from(elided && !toks.is_empty());
            let words: Vec<String> = (0..n).map(|i| toks.folded(i).to_string()).collect();
            let Some(first) = words.first().cloned() else {
                continue;
            };
            longest = longest.max(words.len());
            by_first.entry(first).or_default().push((words, value));
        }
        for list in by_first.values_mut() {
            list.sort_by_key(|(w, _)| std::cmp::Reverse(w.len()));
        }
        Phrases { by_first, longest }
    }

    /// The longest phrase that starts at token `i` and ends at or before
    /// token `limit` (exclusive): its end (exclusive) and value.
    pub(crate) fn at(&self, tokens: &Tokens, i: usize, limit: usize) -> Option<(usize, &T)> {
        let list = self.by_first.get(tokens.folded(i))?;
        list.iter().find_map(|(words, value)| {
            let end = i + words.len();
            (end <= limit
                && words
                    .iter()
                    .enumerate()
                    .all(|(k, w)| tokens.folded(i + k) == w))
            .then_some((end, value))
        })
    }

    /// The value of a phrase of one word, given folded.
    pub(crate) fn word(&self, folded: &str) -> Option<&T> {
        let list = self.by_first.get(folded)?;
        list.iter().find(|(w, _)| w.len() == 1).map(|(_, v)| v)
    }

    pub(crate) fn has_at(&self, tokens: &Tokens, i: usize, limit: usize) -> bool {
        self.at(tokens, i, limit).is_some()
    }

    /// The longest phrase that ends just before token `end` and starts at or
    /// after token `floor`: its start and value.
    pub(crate) fn ending_at(
        &self,
        tokens: &Tokens,
        floor: usize,
        end: usize,
    ) -> Option<(usize, &T)> {
        let lowest = end.saturating_sub(self.longest).max(floor);
        (lowest..end).find_map(|s| match self.at(tokens, s, end) {
            Some((e, v)) if e == end => Some((s, v)),
            _ => None,
        })
    }

    /// Every phrase in tokens `from..to`, left to right, longest first, not overlapping.
    pub(crate) fn find_all(
        &self,
        tokens: &Tokens,
        from: usize,
        to: usize,
    ) -> Vec<(usize, usize, &T)> {
        let mut out = Vec::new();
        let mut i = from;
        while i < to {
            match self.at(tokens, i, to) {
                Some((e, v)) => {
                    out.push((i, e, v));
                    i = e;
                }
                None => i += 1,
            }
        }
        out
    }
}

impl Phrases<()> {
    pub(crate) fn words(list: &[String], seg: &Segmentation) -> Self {
        Phrases::new(list.iter().map(|w| (w.clone(), ())), seg)
    }
}
