//! The RSS/Atom reader: one document per item, item HTML stripped.
#![no_main]

use libfuzzer_sys::fuzz_target;
use sitrep_ingest::{detect_kind, documents_from_bytes, IngestOptions, SourceKind};

fuzz_target!(|data: &[u8]| {
    let opts = IngestOptions::default();
    // What `read_path` does with a file whose name says nothing.
    let _ = detect_kind(None, data);
    for doc in documents_from_bytes("fuzz.xml", data, SourceKind::Feed, &opts)
        .into_iter()
        .flatten()
    {
        assert!(!doc.text.trim().is_empty(), "a document with no text");
    }
});
