//! The whole extraction of one document with the built-in gazetteer and
//! lexicons: annotate, resolve, assemble, as `sitrep::Pipeline::extract`
//! and `extract_with_mentions` put them together (the stages are called
//! here rather than through the `sitrep` crate, which would build its web
//! server and SQLite store into the fuzzer for nothing).
//!
//! Input: one byte for the language (forced French, forced English, or
//! detected), two for the publication date (none, or a day from 1900 on),
//! then the text.
#![no_main]

use jiff::civil::Date;
use jiff::ToSpan;
use libfuzzer_sys::fuzz_target;
use sitrep_annotate::lexicon::LexiconSource;
use sitrep_annotate::Annotator;
use sitrep_assemble::Assembler;
use sitrep_core::{Document, Lang};
use sitrep_gazetteer::Gazetteer;
use sitrep_resolve::Resolver;
use std::sync::{Arc, OnceLock};

struct Pipeline {
    annotator: Annotator,
    resolver: Resolver,
    assembler: Assembler,
}

fn pipeline() -> &'static Pipeline {
    static P: OnceLock<Pipeline> = OnceLock::new();
    P.get_or_init(|| {
        let lexicons = LexiconSource::embedded();
        let gaz = Arc::new(Gazetteer::load(None, &[]).expect("built-in gazetteer"));
        Pipeline {
            annotator: Annotator::new(&lexicons, gaz.clone()).expect("built-in lexicons"),
            resolver: Resolver::new(gaz),
            assembler: Assembler::new(&lexicons).expect("built-in lexicons"),
        }
    })
}

fn check_span(text: &str, start: usize, end: usize, quoted: &str, what: &str) {
    assert!(start <= end, "{what}: span {start}..{end} backwards");
    assert_eq!(
        text.get(start..end),
        Some(quoted),
        "{what}: span {start}..{end} does not quote the text"
    );
}

fuzz_target!(|data: &[u8]| {
    let [lang, d0, d1, rest @ ..] = data else {
        return;
    };
    let lang = match lang % 3 {
        0 => None,
        1 => Some(Lang::Fr),
        _ => Some(Lang::En),
    };
    let days = u16::from_le_bytes([*d0, *d1]);
    let published = (days != 0).then(|| {
        Date::constant(1900, 1, 1)
            .checked_add(i64::from(days).days())
            .expect("in range")
    });
    let doc = Document {
        id: "fuzz".into(),
        text: String::from_utf8_lossy(rest).into_owned(),
        title: None,
        published,
        url: None,
        source: None,
        language: None,
    };
    let p = pipeline();
    let ann = p.annotator.annotate(&doc, lang);
    let resolved = p.resolver.resolve(&doc, &ann);
    let report = p.assembler.assemble(&doc, &ann, &resolved);
    let mentions = sitrep_resolve::mentions(&doc, &ann, &resolved);
    for m in &mentions {
        check_span(&doc.text, m.start, m.end, &m.text, "mention");
    }
    for e in &report.events {
        let ev = &e.evidence;
        check_span(&doc.text, ev.start, ev.end, &ev.text, "event evidence");
    }
    serde_json::to_string(&report).expect("report serialises");
    serde_json::to_string(&mentions).expect("mentions serialise");
});
