//! Stage 4 of the pipeline: events with their date, place, actors and the
//! casualty claims of each claimant. (Skeleton: lands with the events issue.)

use sitrep_annotate::Annotation;
use sitrep_core::{Document, DocumentMeta, Report};
use sitrep_resolve::Resolved;

pub fn assemble(doc: &Document, ann: &Annotation, _resolved: &Resolved) -> Report {
    Report {
        document: DocumentMeta::of(doc, ann.lang),
        events: Vec::new(),
    }
}
