//! The sitrep pipeline, put together: ingest → annotate → resolve → assemble.

pub mod batch;
pub mod bench;
pub mod eval_acled;
pub mod eval_news;
pub mod eval_timebank;
pub mod export;
pub mod incidents_cmd;
pub mod ingest_cmd;
pub mod learn;
pub mod serve_db;
pub mod watch_cmd;

use serde::Serialize;
use sitrep_annotate::lexicon::{LexiconError, LexiconSource};
use sitrep_annotate::{Annotation, Annotator};
use sitrep_assemble::Assembler;
use sitrep_core::StageTimes;
use sitrep_core::{Document, Lang, Mention, Report, Span};
use sitrep_gazetteer::Gazetteer;
use sitrep_resolve::{Resolved, Resolver};
use std::borrow::Cow;
use std::sync::Arc;
use std::time::Instant;

/// Every resource the stages need, loaded once and shared by all threads.
pub struct Pipeline {
    annotator: Annotator,
    resolver: Resolver,
    assembler: Assembler,
}

/// The `annotate` view of one document.
#[derive(Debug, Serialize)]
pub struct AnnotateView {
    pub document: AnnotatedDocument,
    pub sentences: Vec<Span>,
    pub mentions: Vec<Mention>,
}

#[derive(Debug, Serialize)]
pub struct AnnotatedDocument {
    pub id: String,
    pub language: Lang,
    pub language_confidence: f64,
    pub published: Option<jiff::civil::Date>,
}

/// `$XDG_DATA_HOME/sitrep`, else `~/.local/share/sitrep` (or the platform's
/// equivalent): where the imported gazetteer lives when no `--data-dir` is given.
pub fn default_data_dir() -> Option<std::path::PathBuf> {
    dirs::data_dir().map(|d| d.join("sitrep"))
}

/// The error and its causes, each said once: most of our errors already
/// carry their cause's words, and printing the chain repeated them.
pub fn say_once(e: &anyhow::Error) -> String {
    let mut msg = String::new();
    for cause in e.chain() {
        let c = cause.to_string();
        if !msg.contains(&c) {
            if !msg.is_empty() {
                msg.push_str(": ");
            }
            msg.push_str(&c);
        }
    }
    msg
}

impl Pipeline {
    /// The gazetteer of `data_dir` (when it holds one) and of the `gazetteer`
    /// dumps or indexes, and the language data with `data_dir`'s overrides.
    pub fn load(
        data_dir: Option<&std::path::Path>,
        gazetteer: &[std::path::PathBuf],
    ) -> anyhow::Result<Pipeline> {
        use anyhow::Context;
        let gazetteer =
            Gazetteer::load(data_dir, gazetteer).context("cannot load the gazetteer")?;
        let lexicons = match data_dir {
            Some(d) => LexiconSource::with_override_dir(d),
            None => LexiconSource::embedded(),
        };
        Pipeline::new(&lexicons, Arc::new(gazetteer)).context("cannot load the language data")
    }

    pub fn new(lexicons: &LexiconSource, gazetteer: Arc<Gazetteer>) -> Result<Self, LexiconError> {
        Ok(Pipeline {
            annotator: Annotator::new(lexicons, gazetteer.clone())?,
            resolver: Resolver::new(gazetteer),
            assembler: Assembler::new(lexicons)?,
        })
    }

    /// The report of one document.
    pub fn extract(&self, doc: &Document, lang: Option<Lang>) -> Report {
        self.read(doc, lang, None, false).0
    }

    /// The report of one document and the mentions it was built from (the
    /// store keeps both, for the incident page's highlighted evidence).
    pub fn extract_with_mentions(
        &self,
        doc: &Document,
        lang: Option<Lang>,
    ) -> (Report, Vec<Mention>) {
        self.read(doc, lang, None, true)
    }

    /// [`Pipeline::extract`], adding the time of each stage to `timer`.
    pub fn extract_timed(
        &self,
        doc: &Document,
        lang: Option<Lang>,
        timer: &mut StageTimes,
    ) -> Report {
        self.read(doc, lang, Some(timer), false).0
    }

    /// Annotates and resolves `doc` section by section (see
    /// [`SECTION_BYTES`]), handing `f` each section's offset in the whole
    /// text, its document, annotation and resolved values, and the timer.
    /// The language of the first section holds for the others: a detector
    /// reading one section alone may be misled by names.
    fn each_section(
        &self,
        doc: &Document,
        mut lang: Option<Lang>,
        mut timer: Option<&mut StageTimes>,
        mut f: impl FnMut(usize, &Document, &Annotation, &Resolved, Option<&mut StageTimes>),
    ) {
        for (offset, part) in sections(doc) {
            let ann = self
                .annotator
                .annotate_timed(&part, lang, timer.as_deref_mut());
            lang = Some(ann.lang);
            let t = Instant::now();
            let resolved = self.resolver.resolve(&part, &ann);
            if let Some(tm) = timer.as_deref_mut() {
                tm.lap("resolve", t);
            }
            f(offset, &part, &ann, &resolved, timer.as_deref_mut());
        }
    }

    /// Reads `doc` section by section, putting the sections' events, with
    /// offsets into the whole text, into one report.
    fn read(
        &self,
        doc: &Document,
        lang: Option<Lang>,
        timer: Option<&mut StageTimes>,
        with_mentions: bool,
    ) -> (Report, Vec<Mention>) {
        let mut whole: Option<Report> = None;
        let mut mentions = Vec::new();
        self.each_section(doc, lang, timer, |offset, part, ann, resolved, timer| {
            let t = Instant::now();
            let mut report = self.assembler.assemble(part, ann, resolved);
            if let Some(tm) = timer {
                tm.lap("assemble", t);
            }
            if with_mentions {
                let found = sitrep_resolve::mentions(part, ann, resolved);
                mentions.extend(found.into_iter().map(|m| m.shifted(offset)));
            }
            report.events.iter_mut().for_each(|e| e.shift(offset));
            match whole.as_mut() {
                None => whole = Some(report),
                Some(w) => w.events.append(&mut report.events),
            }
        });
        let mut report = whole.unwrap_or_else(|| Report {
            document: sitrep_core::DocumentMeta::of(doc, lang.unwrap_or(Lang::En)),
            events: Vec::new(),
        });
        // Each section numbered its events from 1.
        if doc.text.len() > SECTION_BYTES {
            for (i, e) in report.events.iter_mut().enumerate() {
                e.id = format!("{}-e{}", doc.id, i + 1);
            }
        }
        (report, mentions)
    }

    /// The gazetteer every stage reads.
    pub fn gazetteer(&self) -> &Gazetteer {
        self.resolver.gazetteer()
    }

    /// Every mention found in one document, with resolved values.
    pub fn annotate(&self, doc: &Document, lang: Option<Lang>) -> AnnotateView {
        let mut view = AnnotateView {
            document: AnnotatedDocument {
                id: doc.id.clone(),
                language: lang.unwrap_or(Lang::En),
                language_confidence: 0.0,
                published: doc.published,
            },
            sentences: Vec::new(),
            mentions: Vec::new(),
        };
        self.each_section(doc, lang, None, |offset, part, ann, resolved, _| {
            if offset == 0 {
                view.document.language = ann.lang;
                view.document.language_confidence = ann.lang_confidence;
            }
            let shift = |s: &Span| Span::new(s.start + offset, s.end + offset);
            view.sentences.extend(ann.sentences.iter().map(shift));
            let found = sitrep_resolve::mentions(part, ann, resolved);
            view.mentions
                .extend(found.into_iter().map(|m| m.shifted(offset)));
        });
        view
    }
}

/// Longest text read as one report. A longer one (a long-form report, a
/// transcript, or hostile input) is read in sections of at most this size,
/// cut at a paragraph end where there is one: the later stages weigh every
/// mention against the others of their text, so one section's cost is
/// bounded and the whole text's grows linearly with its length. News
/// reports are a few kilobytes; few texts are long enough to be cut.
pub const SECTION_BYTES: usize = 32 * 1024;

/// The sections of `doc` with their byte offsets: the document itself when
/// it is short enough, else copies holding one section's text each, made
/// one at a time as they are read.
fn sections(doc: &Document) -> Box<dyn Iterator<Item = (usize, Cow<'_, Document>)> + '_> {
    if doc.text.len() <= SECTION_BYTES {
        return Box::new(std::iter::once((0, Cow::Borrowed(doc))));
    }
    let ranges = sitrep_annotate::text::sections(&doc.text, SECTION_BYTES);
    Box::new(ranges.into_iter().map(move |r| {
        // Field by field: `..doc.clone()` would copy the whole text once
        // per section.
        let part = Document {
            id: doc.id.clone(),
            text: doc.text[r.clone()].to_string(),
            title: doc.title.clone(),
            published: doc.published,
            url: doc.url.clone(),
            source: doc.source.clone(),
            language: doc.language,
        };
        (r.start, Cow::Owned(part))
    }))
}
