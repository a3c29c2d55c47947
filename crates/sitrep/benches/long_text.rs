//! Extraction time against text length, to show that it grows linearly:
//! one report of 0.5, 1, 2 and 5 MB (generated French reports one after
//! another), with and without sentence ends.
//! `cargo bench -p sitrep --bench long_text`.

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use sitrep::bench::long_report;
use sitrep::Pipeline;
use sitrep_annotate::lexicon::LexiconSource;
use sitrep_core::Lang;
use sitrep_gazetteer::Gazetteer;
use std::hint::black_box;
use std::sync::Arc;
use std::time::Duration;

fn long_text(c: &mut Criterion) {
    let gaz = Arc::new(Gazetteer::load(None, &[]).expect("gazetteer"));
    let p = Pipeline::new(&LexiconSource::embedded(), gaz).expect("pipeline");
    let mut g = c.benchmark_group("long report");
    g.sample_size(10);
    g.measurement_time(Duration::from_secs(20));
    for (label, ends) in [("sentences", true), ("no sentence end", false)] {
        for mb in [0.5, 1.0, 2.0, 5.0] {
            let doc = long_report((mb * 1e6) as usize, ends).expect("templates");
            g.throughput(Throughput::Bytes(doc.text.len() as u64));
            g.bench_with_input(BenchmarkId::new(label, format!("{mb} MB")), &doc, |b, d| {
                b.iter(|| black_box(p.extract(d, Some(Lang::Fr))))
            });
        }
    }
    g.finish();
}

criterion_group!(benches, long_text);
criterion_main!(benches);
