//! The JSONL reader: one document per non-blank line, a bad line an error
//! that does not stop the others.
#![no_main]

use libfuzzer_sys::fuzz_target;
use sitrep_ingest::{jsonl_reader, IngestOptions};

fuzz_target!(|data: &[u8]| {
    // A small limit too, so that the over-the-limit path is reached.
    for max_bytes in [IngestOptions::default().max_bytes, 64] {
        let opts = IngestOptions {
            max_bytes,
            ..IngestOptions::default()
        };
        let lines = data.split(|&b| b == b'\n').count();
        let mut last = 0;
        for (line, r) in jsonl_reader(data, "fuzz.jsonl", &opts) {
            assert!(line > last && line <= lines, "line {line} after {last}");
            last = line;
            if let Ok(doc) = r {
                assert!(!doc.text.trim().is_empty(), "a document with no text");
            }
        }
    }
});
