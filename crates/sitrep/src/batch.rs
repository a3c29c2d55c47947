//! Batch mode: JSONL in, one report (or annotation) per line out, in input
//! order, using every core. A bad line is reported with its line number and
//! skipped; the batch goes on.

use crate::Pipeline;
use rayon::prelude::*;
use sitrep_core::{Document, Lang};
use std::io::{self, Write};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::time::{Duration, Instant};

/// What each output line holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    Extract,
    Annotate,
}

#[derive(Clone, Debug, Default)]
pub struct BatchOptions {
    /// Forces the language of every document.
    pub lang: Option<Lang>,
    /// Publication date for documents that do not give one.
    pub published: Option<jiff::civil::Date>,
}

/// One input line that produced no output.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Failure {
    pub line: usize,
    pub message: String,
}

#[derive(Clone, Debug, Default)]
pub struct BatchSummary {
    pub documents: usize,
    pub bytes: usize,
    pub failed: Vec<Failure>,
    pub elapsed: Duration,
}

impl BatchSummary {
    pub fn docs_per_second(&self) -> f64 {
        self.documents as f64 / self.elapsed.as_secs_f64().max(1e-9)
    }
}

impl std::fmt::Display for BatchSummary {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} documents in {:.2} s ({:.0} documents/s, {:.1} MB/s), {} failed",
            self.documents,
            self.elapsed.as_secs_f64(),
            self.docs_per_second(),
            self.bytes as f64 / 1e6 / self.elapsed.as_secs_f64().max(1e-9),
            self.failed.len()
        )?;
        for fail in &self.failed {
            write!(f, "\n  line {}: {}", fail.line, fail.message)?;
        }
        Ok(())
    }
}

/// How many documents are processed in parallel between two writes: large
/// enough to keep every core busy, small enough to keep memory flat.
const CHUNK: usize = 512;

/// Runs the pipeline over `items` (line number, document or the error that
/// line gave) and writes one JSON line per document to `out`, in input order.
/// `progress` is called with the number of lines done so far.
pub fn run<I, E, W>(
    pipeline: &Pipeline,
    items: I,
    out: &mut W,
    mode: Mode,
    opts: &BatchOptions,
    mut progress: impl FnMut(usize),
) -> io::Result<BatchSummary>
where
    I: Iterator<Item = (usize, Result<Document, E>)>,
    E: std::fmt::Display + Send,
    W: Write,
{
    let start = Instant::now();
    let mut summary = BatchSummary::default();
    let mut chunk: Vec<(usize, Result<Document, E>)> = Vec::with_capacity(CHUNK);
    let mut done = 0usize;
    let mut items = items.peekable();
    while items.peek().is_some() {
        chunk.clear();
        chunk.extend(items.by_ref().take(CHUNK));
        let results: Vec<(usize, usize, Result<String, String>)> = chunk
            .par_drain(..)
            .map(|(line, doc)| match doc {
                Ok(mut doc) => {
                    if doc.published.is_none() {
                        doc.published = opts.published;
                    }
                    let bytes = doc.text.len();
                    (line, bytes, process(pipeline, &doc, mode, opts.lang))
                }
                Err(e) => (line, 0, Err(e.to_string())),
            })
            .collect();
        for (line, bytes, r) in results {
            match r {
                Ok(json) => {
                    out.write_all(json.as_bytes())?;
                    out.write_all(b"\n")?;
                    summary.documents += 1;
                    summary.bytes += bytes;
                }
                Err(message) => summary.failed.push(Failure { line, message }),
            }
            done += 1;
        }
        progress(done);
    }
    out.flush()?;
    summary.elapsed = start.elapsed();
    Ok(summary)
}

/// One document to one JSON line. A panic inside the pipeline is a bug, but
/// it must cost one document, not the batch.
fn process(
    pipeline: &Pipeline,
    doc: &Document,
    mode: Mode,
    lang: Option<Lang>,
) -> Result<String, String> {
    let r = catch_unwind(AssertUnwindSafe(|| match mode {
        Mode::Extract => serde_json::to_string(&pipeline.extract(doc, lang)),
        Mode::Annotate => serde_json::to_string(&pipeline.annotate(doc, lang)),
    }));
    match r {
        Ok(Ok(json)) => Ok(json),
        Ok(Err(e)) => Err(format!("document '{}': cannot write its JSON: {e}", doc.id)),
        Err(_) => Err(format!(
            "document '{}': internal error while processing it (a sitrep bug; please report it with this document)",
            doc.id
        )),
    }
}
