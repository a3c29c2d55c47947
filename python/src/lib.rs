//! `sitrep._sitrep`, the native half of the Python package `sitrep`.
//!
//! Principal types: [`Pipeline`] holds a loaded [`sitrep::Pipeline`] (the
//! gazetteer and language data, loaded once) and the worker pools of its
//! batches; [`SitrepError`] carries the command line's error messages.
//!
//! Python hands each document as a tuple of its fields, checked by
//! [`sitrep_ingest::document_from_fields`] exactly as `sitrep extract
//! --input` checks a line, and gets each report back as the JSON that
//! `sitrep extract` prints, which Python's JSON reader turns into dicts. Extraction runs with the interpreter released, on a rayon
//! pool of the caller's size. Reading a store gives, per incident, its
//! ACLED row ([`sitrep::export::acled_row`]) and its JSON. The Python side
//! (`python/sitrep/__init__.py`) builds dicts, iterators and DataFrames.

use pyo3::prelude::*;
use sitrep_core::{IncidentQuery, Lang};
use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

pyo3::create_exception!(
    _sitrep,
    SitrepError,
    pyo3::exceptions::PyException,
    "What failed in sitrep, on which input, and what to do: the command line's message."
);

fn fail(e: anyhow::Error) -> PyErr {
    SitrepError::new_err(sitrep::say_once(&e))
}

/// `YYYY-MM-DD`, with the command line's message when it is not one.
fn date(s: Option<&str>, what: &str) -> PyResult<Option<jiff::civil::Date>> {
    s.map(|s| {
        s.parse().map_err(|e| {
            SitrepError::new_err(format!(
                "{what}: '{s}' is not a date in the form YYYY-MM-DD ({e})"
            ))
        })
    })
    .transpose()
}

fn lang(s: Option<&str>) -> PyResult<Option<Lang>> {
    match s {
        None | Some("auto") => Ok(None),
        Some("fr") => Ok(Some(Lang::Fr)),
        Some("en") => Ok(Some(Lang::En)),
        Some(other) => Err(SitrepError::new_err(format!(
            "language: unsupported '{other}'; use \"fr\", \"en\" or None (detected)"
        ))),
    }
}

/// The loaded pipeline: gazetteer, language data, and a worker pool per
/// thread count asked for.
#[pyclass(module = "sitrep._sitrep", frozen)]
struct Pipeline {
    inner: Arc<sitrep::Pipeline>,
    data_dir: Option<PathBuf>,
    /// The pools by size, and the process that started them.
    pools: Mutex<(u32, HashMap<usize, Arc<rayon::ThreadPool>>)>,
}

impl Pipeline {
    /// Every document read, with the interpreter released.
    fn read_all(
        &self,
        py: Python<'_>,
        docs: Vec<DocIn>,
        threads: Option<usize>,
        name: String,
    ) -> PyResult<Vec<Outcome>> {
        let threads = match threads {
            Some(0) => return Err(SitrepError::new_err("threads must be at least 1")),
            Some(n) => n,
            None => std::thread::available_parallelism().map_or(1, |n| n.get()),
        };
        let pipeline = self.inner.clone();
        if threads == 1 || docs.len() < 2 {
            return Ok(py.detach(move || {
                docs.into_iter()
                    .map(|d| read_one(&pipeline, &name, d))
                    .collect()
            }));
        }
        let pool = self.pool(threads)?;
        Ok(py.detach(move || {
            use rayon::prelude::*;
            pool.install(|| {
                docs.into_par_iter()
                    .map(|d| read_one(&pipeline, &name, d))
                    .collect()
            })
        }))
    }

    fn pool(&self, threads: usize) -> PyResult<Arc<rayon::ThreadPool>> {
        let mut pools = self
            .pools
            .lock()
            .map_err(|_| SitrepError::new_err("the worker pools were poisoned by a panic"))?;
        // A child forked from a process that had pools inherits them
        // without their threads: work sent to them would wait forever.
        // They are let go without being dropped, which would signal
        // threads that do not exist here, and made anew.
        let (pid, by_size) = &mut *pools;
        if *pid != std::process::id() {
            for (_, stale) in by_size.drain() {
                std::mem::forget(stale);
            }
            *pid = std::process::id();
        }
        if let Some(p) = by_size.get(&threads) {
            return Ok(p.clone());
        }
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .map_err(|e| {
                SitrepError::new_err(format!("cannot start {threads} worker threads: {e}"))
            })?;
        let pool = Arc::new(pool);
        by_size.insert(threads, pool.clone());
        Ok(pool)
    }
}

/// One document read: its report as JSON, or why it could not be.
type Outcome = Result<String, String>;

/// One document as Python hands it: its position in the input, then `id`,
/// `text`, `published`, `title`, `url`, `source`, `language`.
type DocIn = (
    usize,
    Option<String>,
    String,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
);

/// One document, checked as `extract --input` checks a line, to the JSON of
/// its report. A panic inside the pipeline is a bug, but it must cost one
/// document, not the batch.
fn read_one(pipeline: &sitrep::Pipeline, name: &str, input: DocIn) -> Outcome {
    let (position, id, text, published, title, url, source, language) = input;
    let fields = sitrep_ingest::DocumentFields {
        id,
        text,
        published,
        title,
        url,
        source,
        language,
    };
    let doc = sitrep_ingest::document_from_fields(
        fields,
        name,
        position,
        &sitrep_ingest::IngestOptions::default(),
    )
    .map_err(|e| e.to_string())?;
    let report = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        pipeline.extract(&doc, doc.language)
    }))
    .map_err(|_| {
        format!(
            "{name}:{position}: sitrep failed on this document (a bug: please report it with the text)"
        )
    })?;
    serde_json::to_string(&report)
        .map_err(|e| format!("{name}:{position}: cannot write its report ({e})"))
}

/// `(True, report JSON)` or `(False, message)` per document: Python's
/// `json.loads` makes the dicts faster than building them field by field
/// from here (55 against 80 µs for a report of the generated corpus).
fn to_python(outcomes: Vec<Outcome>) -> Vec<(bool, String)> {
    outcomes
        .into_iter()
        .map(|o| match o {
            Ok(json) => (true, json),
            Err(message) => (false, message),
        })
        .collect()
}

#[pymethods]
impl Pipeline {
    /// Loads the gazetteer of `data_dir` (default: `$SITREP_DATA_DIR`, else
    /// sitrep's data directory, as on the command line) and of the GeoNames
    /// dumps or indexes in `gazetteer`, and the language data.
    #[new]
    #[pyo3(signature = (data_dir=None, gazetteer=Vec::new()))]
    fn new(py: Python<'_>, data_dir: Option<PathBuf>, gazetteer: Vec<PathBuf>) -> PyResult<Self> {
        let data_dir = data_dir
            .or_else(|| std::env::var_os("SITREP_DATA_DIR").map(PathBuf::from))
            .or_else(sitrep::default_data_dir);
        let dir = data_dir.clone();
        let inner = py
            .detach(move || sitrep::Pipeline::load(dir.as_deref(), &gazetteer))
            .map_err(fail)?;
        Ok(Pipeline {
            inner: Arc::new(inner),
            data_dir,
            pools: Mutex::new((std::process::id(), HashMap::new())),
        })
    }

    /// The data directory the pipeline was loaded from.
    #[getter]
    fn data_dir(&self) -> Option<PathBuf> {
        self.data_dir.clone()
    }

    /// Reads documents given as `(position, id, text, published, title, url,
    /// source, language)`, checked as the fields of a JSONL line are;
    /// `name:position` names the document in messages and is its default id. Gives, in order, `(True, report JSON)` or `(False,
    /// message)` per document.
    #[pyo3(signature = (docs, threads=None, name=String::from("document")))]
    fn extract_json(
        &self,
        py: Python<'_>,
        docs: Vec<DocIn>,
        threads: Option<usize>,
        name: String,
    ) -> PyResult<Vec<(bool, String)>> {
        Ok(to_python(self.read_all(py, docs, threads, name)?))
    }

    /// [`Pipeline::extract_json`] without the conversion: the reports stay
    /// native until [`Batch::take`], so that one batch can be read while
    /// the caller converts the one before.
    #[pyo3(signature = (docs, threads=None, name=String::from("document")))]
    fn extract_batch(
        &self,
        py: Python<'_>,
        docs: Vec<DocIn>,
        threads: Option<usize>,
        name: String,
    ) -> PyResult<Batch> {
        Ok(Batch {
            outcomes: Mutex::new(Some(self.read_all(py, docs, threads, name)?)),
        })
    }

    /// `n` generated reports (the corpus of `sitrep bench`), as JSON objects
    /// of documents, the same for the same seed and gazetteer.
    #[pyo3(signature = (n, seed=42, language=None))]
    fn sample_json(&self, n: usize, seed: u64, language: Option<&str>) -> PyResult<Vec<String>> {
        let places =
            sitrep::bench::place_seeds(self.inner.gazetteer(), sitrep::bench::BENCH_PLACES);
        let docs = sitrep::bench::generate(n, lang(language)?, seed, &places)
            .map_err(SitrepError::new_err)?;
        docs.iter()
            .map(|d| serde_json::to_string(d).map_err(|e| SitrepError::new_err(e.to_string())))
            .collect()
    }

    /// Extracts and stores the documents under `paths` in `db` (a SQLite
    /// file or a PostgreSQL URL), linking their events into incidents, as
    /// `sitrep ingest --no-learn` does. Gives the counts and the failures.
    #[pyo3(signature = (paths, db, published=None, language=None, batch=500))]
    fn ingest(
        &self,
        py: Python<'_>,
        paths: Vec<PathBuf>,
        db: &str,
        published: Option<&str>,
        language: Option<&str>,
        batch: usize,
    ) -> PyResult<IngestResult> {
        if batch == 0 {
            return Err(SitrepError::new_err("batch must be at least 1"));
        }
        let opts = sitrep::batch::BatchOptions {
            lang: lang(language)?,
            published: date(published, "published")?,
        };
        let target = sitrep_store::DbTarget::parse(db);
        let pipeline = self.inner.clone();
        let report = py
            .detach(move || -> anyhow::Result<_> {
                let mut store =
                    sitrep_store::Store::open_target(&target, sitrep_link::LinkConfig::default())?;
                Ok(sitrep::ingest_cmd::run(
                    &pipeline,
                    &mut store,
                    &paths,
                    &opts,
                    batch,
                    |_| {},
                )?)
            })
            .map_err(fail)?;
        Ok(IngestResult {
            new: report.stored.new,
            duplicate: report.stored.duplicate,
            events: report.stored.events,
            incidents_created: report.stored.incidents_created,
            skipped: report.skipped,
            undated: report.undated,
            failed: report
                .failed
                .into_iter()
                .map(|f| (f.input, f.message))
                .collect(),
            seconds: report.elapsed.as_secs_f64(),
        })
    }
}

/// Reports read and not yet converted to Python objects.
#[pyclass(module = "sitrep._sitrep", frozen)]
struct Batch {
    outcomes: Mutex<Option<Vec<Outcome>>>,
}

#[pymethods]
impl Batch {
    /// `(True, report JSON)` or `(False, message)` per document, in order; once.
    fn take(&self) -> PyResult<Vec<(bool, String)>> {
        let outcomes = self
            .outcomes
            .lock()
            .map_err(|_| SitrepError::new_err("a batch was poisoned by a panic"))?
            .take()
            .ok_or_else(|| SitrepError::new_err("this batch's reports were already taken"))?;
        Ok(to_python(outcomes))
    }
}

/// What `Pipeline.ingest` stored and what failed.
#[pyclass(module = "sitrep._sitrep", frozen, get_all)]
struct IngestResult {
    /// Documents stored for the first time.
    new: usize,
    /// Documents already stored (same id, or same text).
    duplicate: usize,
    /// Events of the new documents.
    events: usize,
    /// Incidents the new events opened.
    incidents_created: usize,
    /// Files in folders of kinds sitrep does not read.
    skipped: usize,
    /// Documents stored without a publication date.
    undated: usize,
    /// `(input, message)` of each document that could not be read.
    failed: Vec<(String, String)>,
    /// Wall time of the whole ingest.
    seconds: f64,
}

#[pymethods]
impl IngestResult {
    fn __repr__(&self) -> String {
        format!(
            "IngestResult(new={}, duplicate={}, events={}, incidents_created={}, skipped={}, undated={}, failed={}, seconds={:.2})",
            self.new,
            self.duplicate,
            self.events,
            self.incidents_created,
            self.skipped,
            self.undated,
            self.failed.len(),
            self.seconds
        )
    }
}

/// The incidents of `db` matching the filters: ACLED's column names, and per
/// incident its ACLED row and its JSON.
#[pyfunction]
#[pyo3(signature = (db, country=None, since=None, until=None, event_type=None, limit=None))]
#[allow(clippy::type_complexity)]
fn incident_rows(
    py: Python<'_>,
    db: &str,
    country: Option<String>,
    since: Option<&str>,
    until: Option<&str>,
    event_type: Option<String>,
    limit: Option<usize>,
) -> PyResult<(Vec<&'static str>, Vec<(Vec<String>, String)>)> {
    let query = IncidentQuery {
        country,
        since: date(since, "since")?,
        until: date(until, "until")?,
        event_type,
        bbox: None,
        offset: 0,
        limit,
    };
    let target = sitrep_store::DbTarget::parse(db);
    let rows = py
        .detach(move || -> anyhow::Result<_> {
            sitrep::incidents_cmd::existing_db(&target)?;
            let store =
                sitrep_store::Store::open_target(&target, sitrep_link::LinkConfig::default())?;
            let timestamp = jiff::Timestamp::now().as_second();
            let mut rows = Vec::new();
            sitrep::incidents_cmd::for_each(&store, &query, |i| {
                rows.push((
                    sitrep::export::acled_row(i, timestamp),
                    serde_json::to_string(i)?,
                ));
                Ok(())
            })?;
            Ok(rows)
        })
        .map_err(fail)?;
    Ok((sitrep::export::ACLED_COLUMNS.to_vec(), rows))
}

/// sitrep's pipeline and store, natively; use the package `sitrep`.
#[pymodule]
mod _sitrep {
    #[pymodule_export]
    use super::incident_rows;
    #[pymodule_export]
    use super::Batch;
    #[pymodule_export]
    use super::IngestResult;
    #[pymodule_export]
    use super::Pipeline;
    #[pymodule_export]
    use super::SitrepError;
}
