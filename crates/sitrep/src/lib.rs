//! The sitrep pipeline, put together: ingest → annotate → resolve → assemble.

pub mod batch;
pub mod bench;
pub mod eval_acled;
pub mod eval_news;
pub mod eval_timebank;
pub mod export;
pub mod incidents_cmd;
pub mod ingest_cmd;
pub mod serve_db;

use serde::Serialize;
use sitrep_annotate::lexicon::{LexiconError, LexiconSource};
use sitrep_annotate::{Annotation, Annotator};
use sitrep_assemble::Assembler;
use sitrep_core::StageTimes;
use sitrep_core::{Document, Lang, Mention, Report, Span};
use sitrep_gazetteer::Gazetteer;
use sitrep_resolve::{Resolved, Resolver};
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

impl Pipeline {
    pub fn new(lexicons: &LexiconSource, gazetteer: Arc<Gazetteer>) -> Result<Self, LexiconError> {
        Ok(Pipeline {
            annotator: Annotator::new(lexicons, gazetteer.clone())?,
            resolver: Resolver::new(gazetteer),
            assembler: Assembler::new(lexicons)?,
        })
    }

    fn run(&self, doc: &Document, lang: Option<Lang>) -> (Annotation, Resolved) {
        let ann = self.annotator.annotate(doc, lang);
        let resolved = self.resolver.resolve(doc, &ann);
        (ann, resolved)
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

    /// Reads `doc` section by section (see [`SECTION_BYTES`]), putting the
    /// sections' events, with offsets into the whole text, into one report.
    fn read(
        &self,
        doc: &Document,
        lang: Option<Lang>,
        mut timer: Option<&mut StageTimes>,
        with_mentions: bool,
    ) -> (Report, Vec<Mention>) {
        let mut lang = lang;
        let mut whole: Option<Report> = None;
        let mut mentions = Vec::new();
        let parts = sections(doc);
        let cut = parts.len() > 1;
        for (offset, part) in parts {
            let ann = self
                .annotator
                .annotate_timed(&part, lang, timer.as_deref_mut());
            // The language of the first section holds for the others: a
            // detector reading one section alone may be misled by names.
            lang = Some(ann.lang);
            let t = Instant::now();
            let resolved = self.resolver.resolve(&part, &ann);
            let t = timer.as_deref_mut().map_or(t, |tm| tm.lap("resolve", t));
            let mut report = self.assembler.assemble(&part, &ann, &resolved);
            if let Some(tm) = timer.as_deref_mut() {
                tm.lap("assemble", t);
            }
            if with_mentions {
                mentions.extend(
                    sitrep_resolve::mentions(&part, &ann, &resolved)
                        .into_iter()
                        .map(|mut m| {
                            m.start += offset;
                            m.end += offset;
                            m
                        }),
                );
            }
            report.events.iter_mut().for_each(|e| e.shift(offset));
            match whole.as_mut() {
                None => whole = Some(report),
                Some(w) => w.events.append(&mut report.events),
            }
        }
        let mut report = whole.unwrap_or_else(|| Report {
            document: sitrep_core::DocumentMeta::of(doc, lang.unwrap_or(Lang::En)),
            events: Vec::new(),
        });
        // Each section numbered its events from 1.
        if cut {
            for (i, e) in report.events.iter_mut().enumerate() {
                e.id = format!("{}-e{}", doc.id, i + 1);
            }
        }
        (report, mentions)
    }

    /// Every mention found in one document, with resolved values.
    pub fn annotate(&self, doc: &Document, lang: Option<Lang>) -> AnnotateView {
        let mut lang = lang;
        let mut view: Option<AnnotateView> = None;
        for (offset, part) in sections(doc) {
            let (ann, resolved) = self.run(&part, lang);
            lang = Some(ann.lang);
            let shift = |s: Span| Span::new(s.start + offset, s.end + offset);
            let sentences = ann.sentences.iter().map(|&s| shift(s));
            let mentions = sitrep_resolve::mentions(&part, &ann, &resolved)
                .into_iter()
                .map(|mut m| {
                    m.start += offset;
                    m.end += offset;
                    m
                });
            match view.as_mut() {
                Some(v) => {
                    v.sentences.extend(sentences);
                    v.mentions.extend(mentions);
                }
                None => {
                    view = Some(AnnotateView {
                        document: AnnotatedDocument {
                            id: doc.id.clone(),
                            language: ann.lang,
                            language_confidence: ann.lang_confidence,
                            published: doc.published,
                        },
                        sentences: sentences.collect(),
                        mentions: mentions.collect(),
                    })
                }
            }
        }
        view.unwrap_or_else(|| AnnotateView {
            document: AnnotatedDocument {
                id: doc.id.clone(),
                language: lang.unwrap_or(Lang::En),
                language_confidence: 0.0,
                published: doc.published,
            },
            sentences: Vec::new(),
            mentions: Vec::new(),
        })
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
/// it is short enough, else copies holding one section's text each.
fn sections(doc: &Document) -> Vec<(usize, std::borrow::Cow<'_, Document>)> {
    use std::borrow::Cow;
    if doc.text.len() <= SECTION_BYTES {
        return vec![(0, Cow::Borrowed(doc))];
    }
    sitrep_annotate::text::sections(&doc.text, SECTION_BYTES)
        .into_iter()
        .map(|r| {
            // Field by field: `..doc.clone()` would copy the whole text
            // once per section.
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
        })
        .collect()
}
