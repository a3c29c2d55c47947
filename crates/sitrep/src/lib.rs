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
        let (ann, resolved) = self.run(doc, lang);
        self.assembler.assemble(doc, &ann, &resolved)
    }

    /// The report of one document and the mentions it was built from (the
    /// store keeps both, for the incident page's highlighted evidence).
    pub fn extract_with_mentions(
        &self,
        doc: &Document,
        lang: Option<Lang>,
    ) -> (Report, Vec<Mention>) {
        let (ann, resolved) = self.run(doc, lang);
        let report = self.assembler.assemble(doc, &ann, &resolved);
        (report, sitrep_resolve::mentions(doc, &ann, &resolved))
    }

    /// [`Pipeline::extract`], adding the time of each stage to `timer`.
    pub fn extract_timed(
        &self,
        doc: &Document,
        lang: Option<Lang>,
        timer: &mut StageTimes,
    ) -> Report {
        let ann = self.annotator.annotate_timed(doc, lang, Some(timer));
        let t = Instant::now();
        let resolved = self.resolver.resolve(doc, &ann);
        let t = timer.lap("resolve", t);
        let report = self.assembler.assemble(doc, &ann, &resolved);
        timer.lap("assemble", t);
        report
    }

    /// Every mention found in one document, with resolved values.
    pub fn annotate(&self, doc: &Document, lang: Option<Lang>) -> AnnotateView {
        let (ann, resolved) = self.run(doc, lang);
        AnnotateView {
            document: AnnotatedDocument {
                id: doc.id.clone(),
                language: ann.lang,
                language_confidence: ann.lang_confidence,
                published: doc.published,
            },
            sentences: ann.sentences.clone(),
            mentions: sitrep_resolve::mentions(doc, &ann, &resolved),
        }
    }
}
