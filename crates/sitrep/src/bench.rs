//! `sitrep bench`: throughput of the extract pipeline over a corpus, with
//! the share of time each stage takes. With no corpus it generates a
//! reproducible one from the templates in `bench/<lang>.toml`.

use crate::Pipeline;
use rayon::prelude::*;
use serde::Deserialize;
use sitrep_core::{Document, Lang, StageTimes};
use std::fmt;
use std::time::{Duration, Instant};

#[derive(Deserialize)]
struct Templates {
    titles: Vec<String>,
    leads: Vec<String>,
    claims: Vec<String>,
    context: Vec<String>,
    days: Vec<String>,
    months: Vec<String>,
    numbers: Vec<String>,
    number_words: Vec<String>,
    states: Vec<String>,
    armed: Vec<String>,
    parties: Vec<String>,
    speakers: Vec<String>,
    places: Vec<(String, String)>,
}

const FR: &str = include_str!("../bench/fr.toml");
const EN: &str = include_str!("../bench/en.toml");

fn templates(lang: Lang) -> Result<Templates, String> {
    let (name, text) = match lang {
        Lang::Fr => ("bench/fr.toml", FR),
        Lang::En => ("bench/en.toml", EN),
    };
    toml::from_str(text).map_err(|e| format!("built-in {name} is broken: {e}"))
}

/// How many towns and villages the generated corpus draws from.
pub const BENCH_PLACES: usize = 3000;

/// Up to `limit` towns and villages of Mali, Burkina Faso and Niger from
/// the loaded gazetteer, with their regions: varied places for the
/// generated corpus, so that look-ups and linking meet realistic variety.
pub fn place_seeds(gazetteer: &sitrep_gazetteer::Gazetteer, limit: usize) -> Vec<PlaceSeed> {
    gazetteer
        .populated_places(&["ML", "BF", "NE"], limit)
        .into_iter()
        .filter_map(|p| {
            let region = gazetteer.admin1_name(&p.country_code, &p.admin1_code)?;
            Some(PlaceSeed {
                name: p.name,
                region,
            })
        })
        .collect()
}

/// A place to write about: its name and the region it is in.
#[derive(Clone, Debug)]
pub struct PlaceSeed {
    pub name: String,
    pub region: String,
}

fn pick<'a>(rng: &mut fastrand::Rng, v: &'a [String]) -> &'a str {
    if v.is_empty() {
        ""
    } else {
        &v[rng.usize(..v.len())]
    }
}

fn fill(
    rng: &mut fastrand::Rng,
    t: &Templates,
    places: &[PlaceSeed],
    template: &str,
    anchor: (&PlaceSeed, &PlaceSeed),
) -> String {
    let mut out = String::with_capacity(template.len() + 64);
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let Some(close) = rest[open..].find('}') else {
            out.push_str(&rest[open..]);
            return out;
        };
        let slot = &rest[open + 1..open + close];
        let value: String = match slot {
            "place" => anchor.0.name.clone(),
            "place2" => anchor.1.name.clone(),
            "region" => anchor.0.region.clone(),
            "day" => pick(rng, &t.days).into(),
            "month" => pick(rng, &t.months).into(),
            "n" | "n2" => pick(rng, &t.numbers).into(),
            "nword" => pick(rng, &t.number_words).into(),
            "state" => pick(rng, &t.states).into(),
            "armed" => pick(rng, &t.armed).into(),
            "party" => pick(rng, &t.parties).into(),
            "speaker" => pick(rng, &t.speakers).into(),
            "anyplace" if !places.is_empty() => places[rng.usize(..places.len())].name.clone(),
            other => format!("{{{other}}}"),
        };
        out.push_str(&value);
        rest = &rest[open + close + 1..];
    }
    out.push_str(rest);
    out
}

/// One paragraph: a template picked from `list`, filled.
fn para(
    rng: &mut fastrand::Rng,
    t: &Templates,
    places: &[PlaceSeed],
    list: &[String],
    anchor: (&PlaceSeed, &PlaceSeed),
) -> String {
    let template = pick(rng, list);
    fill(rng, t, places, template, anchor)
}

/// `n` reports of about 1–3 KB, French, English or (with `None`) both in
/// turn, the same for the same seed. `places` come from the loaded
/// gazetteer; the templates' own list is used when it offers fewer than two.
pub fn generate(
    n: usize,
    lang: Option<Lang>,
    seed: u64,
    places: &[PlaceSeed],
) -> Result<Vec<Document>, String> {
    let fr = templates(Lang::Fr)?;
    let en = templates(Lang::En)?;
    let own = |t: &Templates| -> Vec<PlaceSeed> {
        t.places
            .iter()
            .map(|(name, region)| PlaceSeed {
                name: name.clone(),
                region: region.clone(),
            })
            .collect()
    };
    let (fr_places, en_places) = if places.len() >= 2 {
        (places.to_vec(), places.to_vec())
    } else {
        (own(&fr), own(&en))
    };
    let mut rng = fastrand::Rng::with_seed(seed);
    let mut docs = Vec::with_capacity(n);
    for i in 0..n {
        let l = lang.unwrap_or(if i % 2 == 0 { Lang::Fr } else { Lang::En });
        let (t, places) = match l {
            Lang::Fr => (&fr, &fr_places),
            Lang::En => (&en, &en_places),
        };
        let a = &places[rng.usize(..places.len())];
        let b = &places[rng.usize(..places.len())];
        let mut text = para(&mut rng, t, places, &t.titles, (a, b));
        text.push_str("\n\n");
        text.push_str(&para(&mut rng, t, places, &t.leads, (a, b)));
        for _ in 0..rng.usize(2..=3) {
            text.push_str("\n\n");
            text.push_str(&para(&mut rng, t, places, &t.claims, (a, b)));
        }
        for _ in 0..rng.usize(5..=9) {
            text.push_str("\n\n");
            text.push_str(&para(&mut rng, t, places, &t.context, (a, b)));
        }
        let published = jiff::civil::date(2024, 1, 1)
            .checked_add(jiff::Span::new().days(rng.i64(0..700)))
            .ok();
        docs.push(Document {
            id: format!("bench-{i}"),
            text,
            title: None,
            published,
            url: None,
            source: None,
            language: None,
        });
    }
    Ok(docs)
}

/// One French report of about `bytes` bytes, made of generated reports one
/// after another: the input of the long-text benchmark. With
/// `sentence_ends` false every sentence and paragraph end is blanked out,
/// the worst case for segmentation.
pub fn long_report(bytes: usize, sentence_ends: bool) -> Result<Document, String> {
    let mut text = String::with_capacity(bytes + 4096);
    let mut seed = 7;
    while text.len() < bytes {
        for d in generate(500, Some(Lang::Fr), seed, &[])? {
            if text.len() >= bytes {
                break;
            }
            text.push_str(&d.text);
            text.push_str("\n\n");
        }
        seed += 1;
    }
    if !sentence_ends {
        text = text.replace(['.', '!', '?', '\n'], " ");
    }
    Ok(Document {
        id: "long".into(),
        text,
        published: jiff::civil::Date::new(2024, 8, 26).ok(),
        ..Document::default()
    })
}

/// What one benchmark run measured.
#[derive(Debug)]
pub struct BenchReport {
    pub documents: usize,
    pub bytes: usize,
    pub threads: usize,
    pub elapsed: Duration,
    pub stages: StageTimes,
    pub events: usize,
    pub gazetteer_load: Option<Duration>,
    /// Peak resident memory of the process, when the OS tells it.
    pub peak_rss_kb: Option<u64>,
}

/// Runs the extract pipeline over `docs` on `threads` threads.
pub fn run(pipeline: &Pipeline, docs: &[Document], threads: usize) -> Result<BenchReport, String> {
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads.max(1))
        .build()
        .map_err(|e| format!("cannot start {threads} threads: {e}"))?;
    let start = Instant::now();
    let (stages, events) = pool.install(|| {
        docs.par_iter()
            .fold(
                || (StageTimes::default(), 0usize),
                |(mut times, events), doc| {
                    let report = pipeline.extract_timed(doc, None, &mut times);
                    (times, events + report.events.len())
                },
            )
            .reduce(
                || (StageTimes::default(), 0),
                |(mut a, n), (b, m)| {
                    a.merge(&b);
                    (a, n + m)
                },
            )
    });
    Ok(BenchReport {
        documents: docs.len(),
        bytes: docs.iter().map(|d| d.text.len()).sum(),
        threads: threads.max(1),
        elapsed: start.elapsed(),
        stages,
        events,
        gazetteer_load: None,
        peak_rss_kb: peak_rss_kb(),
    })
}

/// VmHWM from /proc (Linux); `None` elsewhere.
pub fn peak_rss_kb() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

impl fmt::Display for BenchReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let secs = self.elapsed.as_secs_f64().max(1e-9);
        writeln!(
            f,
            "{} documents ({:.1} MB, {:.0} bytes each) on {} thread(s) in {:.2} s",
            self.documents,
            self.bytes as f64 / 1e6,
            self.bytes as f64 / self.documents.max(1) as f64,
            self.threads,
            secs
        )?;
        writeln!(
            f,
            "  {:.0} documents/s, {:.1} MB/s, {} events",
            self.documents as f64 / secs,
            self.bytes as f64 / 1e6 / secs,
            self.events
        )?;
        if let Some(d) = self.gazetteer_load {
            writeln!(f, "  gazetteer load: {:.0} ms", d.as_secs_f64() * 1e3)?;
        }
        if let Some(kb) = self.peak_rss_kb {
            writeln!(f, "  peak memory: {:.0} MB", kb as f64 / 1024.0)?;
        }
        let total = self.stages.total().as_secs_f64().max(1e-9);
        writeln!(f, "  time per stage (summed over threads):")?;
        for (stage, d) in self.stages.stages() {
            writeln!(
                f,
                "    {:<26} {:5.1}%  {:8.1} µs/doc",
                stage,
                100.0 * d.as_secs_f64() / total,
                d.as_secs_f64() * 1e6 / self.documents.max(1) as f64
            )?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_corpus_is_reproducible_and_sized_like_news() {
        let a = generate(40, None, 7, &[]).unwrap();
        let b = generate(40, None, 7, &[]).unwrap();
        assert_eq!(a.len(), 40);
        assert!(a.iter().zip(&b).all(|(x, y)| x.text == y.text));
        let fr = generate(50, Some(Lang::Fr), 1, &[]).unwrap();
        let mean = fr.iter().map(|d| d.text.len()).sum::<usize>() / fr.len();
        assert!((1000..=3000).contains(&mean), "mean size {mean}");
        assert!(
            fr.iter().all(|d| !d.text.contains('{')),
            "every slot filled"
        );
    }
}
