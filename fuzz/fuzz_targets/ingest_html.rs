//! The HTML reader: bytes as stdin gives them (kind sniffed) and as a
//! `.html` file gives them (readability, then the fallback to all visible
//! text, and the date/title/url metadata look-ups).
#![no_main]

use libfuzzer_sys::fuzz_target;
use sitrep_ingest::{document_from_bytes, documents_from_bytes, IngestOptions, SourceKind};

fuzz_target!(|data: &[u8]| {
    let opts = IngestOptions::default();
    let _ = document_from_bytes("fuzz", data, &opts);
    for doc in documents_from_bytes("fuzz", data, SourceKind::Html, &opts)
        .into_iter()
        .flatten()
    {
        assert!(!doc.text.trim().is_empty(), "a document with no text");
    }
});
