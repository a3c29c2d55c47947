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

/// `../shared` beside the project root when it holds `wanted`, else `None`
/// with a message saying what the test skipped.
pub fn shared_with(wanted: &str) -> Option<std::path::PathBuf> {
    let p = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared");
    if p.join(wanted).exists() && p.join("gazetteer/cities500.txt").is_file() {
        Some(p)
    } else {
        eprintln!("skipped: ../shared/{wanted} or ../shared/gazetteer not found");
        None
    }
}

/// The pipeline with every GeoNames file of `shared`/gazetteer loaded, as
/// the development figures were measured (after `sitrep gazetteer import`).
pub fn shared_pipeline(shared: &std::path::Path) -> Pipeline {
    let mut files: Vec<std::path::PathBuf> = std::fs::read_dir(shared.join("gazetteer"))
        .expect("gazetteer folder")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    files.sort();
    let gaz = Gazetteer::load(None, &files).expect("gazetteer from ../shared");
    Pipeline::new(&LexiconSource::embedded(), Arc::new(gaz)).expect("lexicons")
}

/// The `sitrep` binary with an empty data directory: the built-in
/// gazetteer and lexicons only, whatever this machine has imported.
pub fn sitrep_cli() -> std::process::Command {
    let mut c = std::process::Command::new(env!("CARGO_BIN_EXE_sitrep"));
    let dir = std::env::temp_dir().join("sitrep-cli-tests-empty-data");
    c.arg("--data-dir").arg(dir);
    c.env_remove("SITREP_DATA_DIR");
    c
}
