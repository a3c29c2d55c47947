//! Per-stage micro-benchmarks over the generated French corpus:
//! `cargo bench -p sitrep --bench stages`. Extra GeoNames dumps for the
//! gazetteer stages can be given in SITREP_BENCH_GAZETTEER (colon-separated).

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use sitrep::bench::generate;
use sitrep::Pipeline;
use sitrep_annotate::lexicon::{LexiconSource, Segmentation};
use sitrep_annotate::{places, quantity, text, time, Annotator};
use sitrep_assemble::Assembler;
use sitrep_core::{Document, Lang};
use sitrep_gazetteer::Gazetteer;
use sitrep_resolve::Resolver;
use std::hint::black_box;
use std::path::PathBuf;
use std::sync::Arc;

fn corpus() -> Vec<Document> {
    generate(200, Some(Lang::Fr), 42, &[]).expect("templates")
}

fn gazetteer() -> Arc<Gazetteer> {
    let extra: Vec<PathBuf> = std::env::var("SITREP_BENCH_GAZETTEER")
        .map(|v| {
            v.split(':')
                .filter(|s| !s.is_empty())
                .map(PathBuf::from)
                .collect()
        })
        .unwrap_or_default();
    Arc::new(Gazetteer::load(None, &extra).expect("gazetteer"))
}

fn stages(c: &mut Criterion) {
    let docs = corpus();
    let bytes: usize = docs.iter().map(|d| d.text.len()).sum();
    let src = LexiconSource::embedded();
    let seg = Segmentation::load(&src).expect("segmentation data");
    let gaz = gazetteer();
    let mut g = c.benchmark_group("stages");
    g.throughput(Throughput::Bytes(bytes as u64));
    g.sample_size(20);

    g.bench_function("segmentation", |b| {
        b.iter(|| {
            for d in &docs {
                let t = text::tokenize(&d.text, &seg);
                black_box(text::sentences(&d.text, &t, &seg));
            }
        })
    });

    let tokenized: Vec<_> = docs
        .iter()
        .map(|d| {
            let t = text::tokenize(&d.text, &seg);
            let s = text::sentences(&d.text, &t, &seg);
            (d, t, s)
        })
        .collect();

    let places = places::PlaceRecognizer::new(&src, gaz.clone()).expect("place data");
    g.bench_function("gazetteer look-up", |b| {
        b.iter(|| {
            for (d, t, _) in &tokenized {
                black_box(places.find(&d.text, t, Lang::Fr));
            }
        })
    });

    let times = time::TimeRecognizer::new(Lang::Fr, &src).expect("time data");
    g.bench_function("time expressions", |b| {
        b.iter(|| {
            for (d, t, s) in &tokenized {
                let found = times.find(&d.text, t, s);
                black_box(sitrep_resolve::time::resolve_all(&found, d.published));
            }
        })
    });

    let quantities = quantity::QuantityRecognizer::new(Lang::Fr, &src).expect("quantity data");
    g.bench_function("quantities", |b| {
        b.iter(|| {
            for (d, t, s) in &tokenized {
                black_box(quantities.find(&d.text, t, s));
            }
        })
    });

    let annotator = Annotator::new(&src, gaz.clone()).expect("lexicons");
    let resolver = Resolver::new(gaz.clone());
    let assembler = Assembler::new(&src).expect("lexicons");
    let annotated: Vec<_> = docs
        .iter()
        .map(|d| {
            let a = annotator.annotate(d, None);
            let r = resolver.resolve(d, &a);
            (d, a, r)
        })
        .collect();
    g.bench_function("assembly", |b| {
        b.iter(|| {
            for (d, a, r) in &annotated {
                black_box(assembler.assemble(d, a, r));
            }
        })
    });

    let pipeline = Pipeline::new(&src, gaz).expect("lexicons");
    g.bench_function("whole pipeline", |b| {
        b.iter(|| {
            for d in &docs {
                black_box(pipeline.extract(d, None));
            }
        })
    });
    g.finish();
}

criterion_group!(benches, stages);
criterion_main!(benches);
