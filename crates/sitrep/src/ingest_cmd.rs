//! `sitrep ingest PATH...`: extract every document and store it, its report
//! and its mentions, linking events into incidents. Documents are extracted
//! in parallel and stored by batch, one transaction each, so a killed
//! ingest keeps every batch it committed and a re-run skips them.

use crate::batch::BatchOptions;
use crate::learn::Learner;
use crate::Pipeline;
use rayon::prelude::*;
use sitrep_core::Document;
use sitrep_ingest::IngestOptions;
use sitrep_store::{Extracted, IngestSummary, Store, StoreError};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// One input that was not stored, and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Failure {
    /// The file, or file:line for JSONL.
    pub input: String,
    pub message: String,
}

#[derive(Clone, Debug, Default)]
pub struct IngestReport {
    pub stored: IngestSummary,
    pub failed: Vec<Failure>,
    /// Files in folders that are not of a kind sitrep reads.
    pub skipped: usize,
    /// Documents stored without a publication date (relative dates left unresolved).
    pub undated: usize,
    pub batches: usize,
    pub elapsed: Duration,
    /// Of `elapsed`, the time spent writing and linking (extraction of the
    /// next batch overlaps it).
    pub storing: Duration,
    /// Villages the documents taught that no learned place had, and
    /// lessons that agreed with a known one (see [`crate::learn`]).
    pub learned_new: usize,
    pub learned_agreed: usize,
    /// Why the learned places could not be written, if they could not.
    pub learn_error: Option<String>,
}

impl IngestReport {
    /// Documents read (stored, duplicate or failed) per second.
    pub fn docs_per_second(&self) -> f64 {
        let n = self.stored.new + self.stored.duplicate + self.failed.len();
        n as f64 / self.elapsed.as_secs_f64().max(1e-9)
    }
}

impl std::fmt::Display for IngestReport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let s = &self.stored;
        write!(
            f,
            "{} new, {} duplicate ({} reprints of stored texts), {} failed; {} events, {} new incidents; {} batches in {:.2} s ({:.0} documents/s; storing and linking {:.2} s)",
            s.new,
            s.duplicate,
            s.reprints,
            self.failed.len(),
            s.events,
            s.incidents_created,
            self.batches,
            self.elapsed.as_secs_f64(),
            self.docs_per_second(),
            self.storing.as_secs_f64()
        )?;
        if self.skipped > 0 {
            write!(
                f,
                "\n  skipped {} file(s) of other kinds in folders (sitrep reads {})",
                self.skipped,
                sitrep_ingest::kinds_read()
            )?;
        }
        if self.learned_new + self.learned_agreed > 0 {
            write!(
                f,
                "\n  learned {} village(s) GeoNames lacks; {} lesson(s) agreed with villages learned before (list them with `sitrep gazetteer learned`)",
                self.learned_new, self.learned_agreed
            )?;
        }
        if let Some(e) = &self.learn_error {
            write!(f, "\n  warning: the villages taught were not kept: {e}")?;
        }
        if self.undated > 0 {
            write!(f, "\n  warning: {}", undated_note(self.undated))?;
        }
        for fail in self.failed.iter().take(20) {
            if fail.input.is_empty() {
                write!(f, "\n  {}", fail.message)?;
            } else {
                write!(f, "\n  {}: {}", fail.input, fail.message)?;
            }
        }
        if self.failed.len() > 20 {
            write!(f, "\n  ... and {} more", self.failed.len() - 20)?;
        }
        Ok(())
    }
}

/// What `extract` and `ingest` say of documents without a publication date.
pub fn undated_note(count: usize) -> String {
    format!(
        "{count} document(s) had no publication date, so relative dates (\"dimanche\", \"yesterday\") were left unresolved; give --published YYYY-MM-DD"
    )
}

/// Why an input gave no document.
#[derive(Debug)]
enum NoDocument {
    /// A file of another kind in a folder: counted, not a failure.
    Skipped,
    Failed(String),
}

type Item = (String, Result<Document, NoDocument>);

/// Every document under `paths`, read lazily: one file, one JSONL line at a
/// time, so that neither a 100,000-line corpus nor a folder of thousands of
/// pages is ever held in memory whole.
fn inputs<'a>(paths: &'a [PathBuf], opts: &IngestOptions) -> impl Iterator<Item = Item> + 'a {
    let opts = opts.clone();
    paths
        .iter()
        .flat_map(move |path| -> Box<dyn Iterator<Item = Item>> {
            let name = path.display().to_string();
            let is_jsonl = path.is_file()
                && path.extension().is_some_and(|e| {
                    e.eq_ignore_ascii_case("jsonl") || e.eq_ignore_ascii_case("ndjson")
                });
            if is_jsonl {
                match std::fs::File::open(path) {
                    Ok(f) => Box::new(
                        sitrep_ingest::jsonl_reader(std::io::BufReader::new(f), &name, &opts).map(
                            move |(line, r)| {
                                let r = r.map_err(|e| NoDocument::Failed(e.to_string()));
                                (format!("{name}:{line}"), r)
                            },
                        ),
                    ),
                    Err(e) => Box::new(std::iter::once((
                        name.clone(),
                        Err(NoDocument::Failed(format!(
                            "cannot open ({e}); check the path and its permissions"
                        ))),
                    ))),
                }
            } else {
                Box::new(sitrep_ingest::read_path(path, &opts).map(move |r| match r {
                    Ok(d) => (format!("{name}: {}", d.id), Ok(d)),
                    Err(e) if e.is_skipped() => (name.clone(), Err(NoDocument::Skipped)),
                    // The error names its file (and line) itself.
                    Err(e) => (String::new(), Err(NoDocument::Failed(e.to_string()))),
                }))
            }
        })
}

/// Extracts and stores everything under `paths`, `batch_size` documents per
/// transaction. `progress` is called with the number of inputs done.
pub fn run(
    pipeline: &Pipeline,
    store: &mut Store,
    paths: &[PathBuf],
    opts: &BatchOptions,
    batch_size: usize,
    mut progress: impl FnMut(usize),
) -> Result<IngestReport, StoreError> {
    run_with(
        pipeline,
        store,
        paths,
        opts,
        &IngestOptions::default(),
        batch_size,
        None,
        &mut progress,
    )
}

/// [`run`] with the reading limits and warnings given, teaching `learner`
/// the villages of every stored batch.
#[allow(clippy::too_many_arguments)]
pub fn run_with(
    pipeline: &Pipeline,
    store: &mut Store,
    paths: &[PathBuf],
    opts: &BatchOptions,
    reading: &IngestOptions,
    batch_size: usize,
    mut learner: Option<&mut Learner>,
    progress: &mut dyn FnMut(usize),
) -> Result<IngestReport, StoreError> {
    let start = Instant::now();
    let mut report = IngestReport::default();
    let mut items = inputs(paths, reading).peekable();
    let mut done = 0usize;
    // Extraction of the next batch runs on its own thread (and rayon's
    // pool) while this one stores the last: the store is one writer, so
    // without the overlap both cores wait for it at every batch.
    std::thread::scope(|scope| -> Result<(), StoreError> {
        let (to_extract, jobs) = std::sync::mpsc::sync_channel::<(usize, Vec<Item>)>(1);
        let (to_store, extracted) = std::sync::mpsc::sync_channel(1);
        scope.spawn(move || {
            for (read, chunk) in jobs {
                let results = extract_chunk(pipeline, chunk, opts);
                if to_store.send((read, results)).is_err() {
                    break;
                }
            }
        });
        // Hands the next batch, less what is stored already, to the
        // extraction thread; false when the input is done.
        let mut hand_on =
            |store: &mut Store, report: &mut IngestReport| -> Result<bool, StoreError> {
                if items.peek().is_none() {
                    return Ok(false);
                }
                let chunk: Vec<Item> = items.by_ref().take(batch_size.max(1)).collect();
                let read = chunk.len();
                let kept = unstored(store, chunk, report)?;
                Ok(to_extract.send((read, kept)).is_ok())
            };
        let mut in_flight = hand_on(store, &mut report)?;
        while in_flight {
            // The extraction thread only stops early by panicking, which
            // `extract` prevents; stop rather than hang.
            let Ok((read, results)) = extracted.recv() else {
                break;
            };
            in_flight = hand_on(store, &mut report)?;
            let mut batch = Vec::with_capacity(results.len());
            for r in results {
                match r {
                    Ok(e) => {
                        report.undated += usize::from(e.document.published.is_none());
                        batch.push(e)
                    }
                    Err(f) => report.failed.push(f),
                }
            }
            let writing = Instant::now();
            report.stored += store.ingest(&batch)?;
            report.storing += writing.elapsed();
            report.batches += 1;
            if let Some(l) = learner.as_deref_mut() {
                if let Err(e) = l.absorb(&batch) {
                    report.learn_error = Some(e.to_string());
                }
                report.learned_new = l.new;
                report.learned_agreed = l.agreed;
            }
            done += read;
            progress(done);
        }
        Ok(())
    })?;
    report.elapsed = start.elapsed();
    Ok(report)
}

/// The items of `chunk` still to extract: a re-run skips what it stored
/// before without extracting it again, and files of other kinds are counted.
fn unstored(
    store: &mut Store,
    chunk: Vec<Item>,
    report: &mut IngestReport,
) -> Result<Vec<Item>, StoreError> {
    let before = chunk.len();
    let mut kept = Vec::with_capacity(before);
    let mut skipped = 0;
    for item in chunk {
        match &item.1 {
            Ok(doc) if store.has_document(&doc.id)? => {}
            Err(NoDocument::Skipped) => skipped += 1,
            _ => kept.push(item),
        }
    }
    report.skipped += skipped;
    report.stored.duplicate += before - kept.len() - skipped;
    Ok(kept)
}

/// Extracts a batch in parallel; an input that gave no document, or whose
/// extraction failed, is a failure naming it.
fn extract_chunk(
    pipeline: &Pipeline,
    chunk: Vec<Item>,
    opts: &BatchOptions,
) -> Vec<Result<Extracted, Failure>> {
    chunk
        .into_par_iter()
        .map(|(input, doc)| {
            let mut doc = doc.map_err(|why| Failure {
                input: input.clone(),
                message: match why {
                    NoDocument::Failed(m) => m,
                    NoDocument::Skipped => "skipped".into(),
                },
            })?;
            if doc.published.is_none() {
                doc.published = opts.published;
            }
            extract(pipeline, doc, opts).map_err(|message| Failure { input, message })
        })
        .collect()
}

/// A panic inside the pipeline is a bug, but it must cost one document,
/// not the batch.
pub(crate) fn extract(
    pipeline: &Pipeline,
    document: Document,
    opts: &BatchOptions,
) -> Result<Extracted, String> {
    let r = catch_unwind(AssertUnwindSafe(|| {
        pipeline.extract_with_mentions(&document, opts.lang)
    }));
    match r {
        Ok((report, mentions)) => Ok(Extracted {
            document,
            report,
            mentions,
        }),
        Err(_) => Err(format!(
            "document '{}': internal error while processing it (a sitrep bug; please report it with this document)",
            document.id
        )),
    }
}

/// The database `--db` names (a file or a PostgreSQL URL), else `sitrep.db`
/// in the data directory.
pub fn db_target(db: Option<&str>, data_dir: Option<&Path>) -> Option<sitrep_store::DbTarget> {
    db.map(sitrep_store::DbTarget::parse)
        .or_else(|| data_dir.map(|d| sitrep_store::DbTarget::File(d.join("sitrep.db"))))
}
