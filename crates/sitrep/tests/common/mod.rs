#![allow(dead_code)] // each test binary uses a part of these helpers
//! The pipeline with the built-in gazetteer and lexicons, loaded once per
//! test binary, for tests that read sentences written for them.

use sitrep::Pipeline;
use sitrep_annotate::lexicon::LexiconSource;
use sitrep_core::{Document, Report};
use sitrep_gazetteer::Gazetteer;
use std::sync::{Arc, OnceLock};

pub fn pipeline() -> &'static Pipeline {
    static P: OnceLock<Pipeline> = OnceLock::new();
    P.get_or_init(|| {
        let gaz = Gazetteer::load(None, &[]).expect("built-in gazetteer");
        Pipeline::new(&LexiconSource::embedded(), Arc::new(gaz)).expect("built-in lexicons")
    })
}

/// The report of `text` published on `published` (YYYY-MM-DD).
pub fn extract(text: &str, published: &str) -> Report {
    let doc = Document {
        id: "t".into(),
        text: text.into(),
        title: None,
        published: Some(published.parse().expect("date")),
        url: None,
        source: None,
        language: None,
    };
    pipeline().extract(&doc, None)
}
