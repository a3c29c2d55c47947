#![allow(dead_code)]
//! Shared reading of the defining article and its hand-written expectations,
//! both taken from `../shared` at test time (never copied into the project).
use serde_json::Value;
use sitrep_annotate::lexicon::{LexiconSource, Segmentation};
use sitrep_annotate::text::Tokens;
use sitrep_annotate::text::{sentences, tokenize};
use sitrep_core::{Mention, Span};

const SEED_DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/corpus/seed");

pub struct Seed {
    pub text: String,
    pub expected: Value,
}

impl Seed {
    /// The article and expectations, or `None` (with a message) when
    /// `../shared` is absent, as on a user's machine.
    pub fn load() -> Option<Seed> {
        let dir = std::path::Path::new(SEED_DIR);
        let text = std::fs::read_dir(dir).ok().and_then(|entries| {
            entries
                .filter_map(Result::ok)
                .map(|e| e.path())
                .find(|p| p.to_string_lossy().ends_with(".fr.txt"))
                .and_then(|p| std::fs::read_to_string(p).ok())
        });
        let expected = std::fs::read_to_string(dir.join("expected.json"))
            .ok()
            .and_then(|s| serde_json::from_str(&s).ok());
        match (text, expected) {
            (Some(text), Some(expected)) => Some(Seed { text, expected }),
            _ => {
                eprintln!("skipped: the seed article is not in {SEED_DIR} (../shared absent)");
                None
            }
        }
    }

    /// Claims of every expected event.
    pub fn claims(&self) -> Vec<&Value> {
        self.expected["events"]
            .as_array()
            .into_iter()
            .flatten()
            .flat_map(|e| e["claims"].as_array().into_iter().flatten())
            .collect()
    }

    /// Byte ranges where `needle` occurs in the article.
    pub fn occurrences(&self, needle: &str) -> Vec<(usize, usize)> {
        self.text
            .match_indices(needle)
            .map(|(i, s)| (i, i + s.len()))
            .collect()
    }

    pub fn run<F>(&self, find: F) -> Vec<Mention>
    where
        F: Fn(&str, &Tokens, &[Span]) -> Vec<Mention>,
    {
        let src = LexiconSource::embedded();
        let seg = Segmentation::load(&src).expect("built-in segmentation data");
        let tokens = tokenize(&self.text, &seg);
        let sents = sentences(&self.text, &tokens, &seg);
        find(&self.text, &tokens, &sents)
    }
}
