//! Stage times of one long report (see `sitrep::bench::long_report`):
//! `cargo run --release -p sitrep --example long_text -- MB [noend]`.
//! `noend` blanks out every sentence end. The benchmark of record is
//! `cargo bench -p sitrep --bench long_text`; this shows where time goes.

use sitrep::bench::long_report;
use sitrep::Pipeline;
use sitrep_annotate::lexicon::LexiconSource;
use sitrep_core::{Lang, StageTimes};
use sitrep_gazetteer::Gazetteer;
use std::sync::Arc;

fn main() -> Result<(), String> {
    let mut args = std::env::args().skip(1);
    let mb: f64 = args.next().and_then(|a| a.parse().ok()).unwrap_or(1.0);
    let ends = args.next().is_none_or(|a| a != "noend");
    let doc = long_report((mb * 1e6) as usize, ends)?;
    let gaz = Arc::new(Gazetteer::load(None, &[]).map_err(|e| e.to_string())?);
    let p = Pipeline::new(&LexiconSource::embedded(), gaz).map_err(|e| e.to_string())?;
    let mut timer = StageTimes::default();
    let t = std::time::Instant::now();
    let r = p.extract_timed(&doc, Some(Lang::Fr), &mut timer);
    println!(
        "{:.2} MB: {:.2} s, {} events",
        doc.text.len() as f64 / 1e6,
        t.elapsed().as_secs_f64(),
        r.events.len()
    );
    println!("{timer:?}");
    Ok(())
}
