//! Runs sitrep's time recogniser and resolver over the date cases of
//! Microsoft Recognizers-Text (`DateTimeModel.json`, French and English),
//! read at test time from the shared peer tests; skipped when absent.
//!
//! Kept: cases whose every result is a `date` or a `daterange`. Left out
//! and counted: cases with times of day, durations, sets or other types;
//! cases without a reference date (scored apart when their values are
//! written in full); open-ended ranges ("after 2018", "since August");
//! values "not resolved"; and cases that expect a FUTURE date for an
//! expression without a year or week ("Friday" → next Friday, timex
//! `XXXX-...`): sitrep reads those back from the publication, by design.
//!
//! A case passes when every expected result is overlapped by one sitrep
//! mention whose interval equals the expected one. Recognizers-Text ends
//! month and year ranges on the first day after them ("2016-08-01" to
//! "2016-09-01") and day ranges on the last day, so the end may match
//! either way; in a range of months or years ("from January to February"
//! → 01-01..02-01) the end may also be the first day of sitrep's last
//! month or year. When two values are given (last year's and next
//! year's), either one passes.

use jiff::civil::Date;
use jiff::ToSpan;
use serde_json::Value;
use sitrep_annotate::lexicon::{LexiconSource, Segmentation};
use sitrep_annotate::text::{sentences, tokenize};
use sitrep_annotate::time::TimeRecognizer;
use sitrep_core::{Interval, Lang, Span};
use std::collections::BTreeMap;
use std::path::PathBuf;

/// The rates reached when this test was written, minus one point: the test
/// fails when a change lowers them.
const FLOOR_FR: f64 = 0.919;
const FLOOR_EN: f64 = 0.899;
const FLOOR_FR_ABSOLUTE: f64 = 0.910;

fn peer_file(lang: &str) -> PathBuf {
    PathBuf::from(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../../shared/peer-tests/recognizers-text/"
    ))
    .join(lang)
    .join("DateTimeModel.json")
}

#[derive(Default, Debug)]
struct Tally {
    cases: usize,
    left_out: BTreeMap<&'static str, usize>,
    evaluated: usize,
    passed: usize,
    absolute: usize,
    absolute_passed: usize,
    /// Failed cases (with a reference date) whose every expected value lies
    /// after the reference date: mostly a convention apart ("next Friday"
    /// read as the Friday of next week, offsets counted forward).
    failed_future: usize,
    failures: Vec<String>,
}

impl Tally {
    fn rate(&self) -> f64 {
        self.passed as f64 / self.evaluated.max(1) as f64
    }
    fn absolute_rate(&self) -> f64 {
        self.absolute_passed as f64 / self.absolute.max(1) as f64
    }
}

/// One acceptable answer for a result.
#[derive(Clone, Copy, Debug)]
struct Expected {
    start: Date,
    end: Date,
    /// The end is exclusive or inclusive: both are tried.
    range: bool,
    /// A range of months or years: the end may be the first day of the last one.
    coarse: bool,
}

impl Expected {
    fn accepts(&self, r: &Interval) -> bool {
        if r.start != self.start {
            return false;
        }
        if !self.range {
            return r.end == self.end;
        }
        let next = r.end.checked_add(1.day()).ok();
        r.end == self.end
            || next == Some(self.end)
            || (self.coarse
                && (r.end.first_of_month() == self.end || r.end.first_of_year() == self.end))
    }
}

fn date(v: &Value) -> Option<Date> {
    v.as_str()?.get(..10)?.parse().ok()
}

enum Judgement {
    LeftOut(&'static str),
    Case {
        reference: Option<Date>,
        results: Vec<(Span, Vec<Expected>)>,
    },
}

fn judge(case: &Value) -> Judgement {
    let results = case["Results"].as_array().cloned().unwrap_or_default();
    if results.is_empty() {
        return Judgement::LeftOut("no expected result");
    }
    for r in &results {
        let t = r["TypeName"].as_str().unwrap_or("");
        match t {
            "datetimeV2.date" | "datetimeV2.daterange" => {}
            "datetimeV2.time"
            | "datetimeV2.timerange"
            | "datetimeV2.datetime"
            | "datetimeV2.datetimerange" => return Judgement::LeftOut("times of day"),
            "datetimeV2.duration" => return Judgement::LeftOut("durations"),
            "datetimeV2.set" => return Judgement::LeftOut("sets"),
            _ => return Judgement::LeftOut("other types"),
        }
    }
    let input = case["Input"].as_str().unwrap_or("");
    let reference = case["Context"]["ReferenceDateTime"]
        .as_str()
        .and_then(|s| s.get(..10)?.parse::<Date>().ok());
    let mut out = Vec::new();
    for r in &results {
        let values = r["Resolution"]["values"]
            .as_array()
            .cloned()
            .unwrap_or_default();
        let mut expected = Vec::new();
        let mut all_future = !values.is_empty();
        let mut unspecified = false;
        for v in &values {
            let timex = v["timex"].as_str().unwrap_or("");
            unspecified |= timex.contains('X');
            if v["value"].as_str() == Some("not resolved") {
                return Judgement::LeftOut("values not resolved");
            }
            if v.get("Mod").is_some() && (v.get("start").is_none() || v.get("end").is_none()) {
                return Judgement::LeftOut("open-ended ranges");
            }
            let e = match v["type"].as_str() {
                Some("date") => date(&v["value"]).map(|d| Expected {
                    start: d,
                    end: d,
                    range: false,
                    coarse: false,
                }),
                Some("daterange") => match (date(&v["start"]), date(&v["end"])) {
                    (Some(s), Some(e)) => Some(Expected {
                        start: s,
                        end: e,
                        range: true,
                        coarse: timex.starts_with('(')
                            && (timex.ends_with("M)") || timex.ends_with("Y)")),
                    }),
                    _ => return Judgement::LeftOut("open-ended ranges"),
                },
                _ => None,
            };
            let Some(e) = e else {
                return Judgement::LeftOut("other types");
            };
            if reference.is_none_or(|rf| e.start <= rf) {
                all_future = false;
            }
            expected.push(e);
        }
        if unspecified && all_future && reference.is_some() {
            return Judgement::LeftOut("future dates for expressions without a year");
        }
        let span = char_span(input, r).unwrap_or_default();
        out.push((span, expected));
    }
    if reference.is_none() {
        // Only values written in full can be judged without a reference date.
        let written = results.iter().all(|r| {
            let text = r["Text"].as_str().unwrap_or("");
            r["Resolution"]["values"]
                .as_array()
                .into_iter()
                .flatten()
                .all(|v| {
                    let timex = v["timex"].as_str().unwrap_or("X");
                    let year_written = |k: &str| {
                        v[k].as_str()
                            .is_none_or(|d| d.get(..4).is_some_and(|y| text.contains(y)))
                    };
                    !timex.contains('X')
                        && year_written("value")
                        && year_written("start")
                        && year_written("end")
                })
        });
        if !written {
            return Judgement::LeftOut("no reference date and values not written in full");
        }
    }
    Judgement::Case {
        reference,
        results: out,
    }
}

/// The byte span of a result in the input: from its character offsets
/// (end inclusive), or by finding its text.
fn char_span(input: &str, r: &Value) -> Option<Span> {
    if let (Some(s), Some(e)) = (r["Start"].as_u64(), r["End"].as_u64()) {
        let idx: Vec<usize> = input
            .char_indices()
            .map(|(i, _)| i)
            .chain([input.len()])
            .collect();
        let a = *idx.get(s as usize)?;
        let b = *idx.get(e as usize + 1).unwrap_or(&input.len());
        return Some(Span::new(a, b));
    }
    let text = r["Text"].as_str()?.to_lowercase();
    let at = input.to_lowercase().find(&text)?;
    Some(Span::new(at, at + text.len()))
}

fn run(lang_dir: &str, lang: Lang) -> Option<Tally> {
    let path = peer_file(lang_dir);
    let Ok(raw) = std::fs::read_to_string(&path) else {
        eprintln!("skipped: {} is absent", path.display());
        return None;
    };
    let cases: Vec<Value> =
        serde_json::from_str(raw.trim_start_matches('\u{feff}')).expect("valid peer JSON");
    let src = LexiconSource::embedded();
    let seg = Segmentation::load(&src).expect("built-in segmentation data");
    let rec = TimeRecognizer::new(lang, &src).expect("built-in time data");
    let mut tally = Tally::default();
    for case in &cases {
        tally.cases += 1;
        let (reference, results) = match judge(case) {
            Judgement::LeftOut(why) => {
                *tally.left_out.entry(why).or_default() += 1;
                continue;
            }
            Judgement::Case { reference, results } => (reference, results),
        };
        let input = case["Input"].as_str().unwrap_or("");
        let toks = tokenize(input, &seg);
        let sents = sentences(input, &toks, &seg);
        let mentions = rec.find(input, &toks, &sents);
        let resolved = sitrep_resolve::time::resolve_all(&mentions, reference);
        let mut ok = true;
        let mut got = Vec::new();
        for (span, expected) in &results {
            let hit = mentions
                .iter()
                .enumerate()
                .filter(|(_, m)| m.span.start < span.end && span.start < m.span.end)
                .max_by_key(|(_, m)| m.span.end.min(span.end) - m.span.start.max(span.start));
            let r = hit.and_then(|(k, _)| resolved[k]);
            got.push(format!(
                "{:?} {:?}",
                hit.map(|(_, m)| m.span.text(input)),
                r.map(|r| (r.start.to_string(), r.end.to_string()))
            ));
            ok &= r.is_some_and(|r| expected.iter().any(|e| e.accepts(&r)));
        }
        if let Some(rf) = reference {
            tally.evaluated += 1;
            tally.passed += usize::from(ok);
            let future = results.iter().all(|(_, e)| e.iter().all(|x| x.start > rf));
            tally.failed_future += usize::from(!ok && future);
        } else {
            tally.absolute += 1;
            tally.absolute_passed += usize::from(ok);
        }
        if !ok {
            let want: Vec<String> = results
                .iter()
                .map(|(s, e)| {
                    format!(
                        "{:?} {:?}",
                        s.text(input),
                        e.first().map(|e| (e.start.to_string(), e.end.to_string()))
                    )
                })
                .collect();
            tally.failures.push(format!(
                "[{}] {input:?} want {want:?} got {got:?}",
                reference.map_or("-".to_string(), |r| r.to_string())
            ));
        }
    }
    eprintln!(
        "{lang_dir}: {} cases; left out {:?}",
        tally.cases, tally.left_out
    );
    eprintln!(
        "{lang_dir}: with a reference date {}/{} = {:.1}% ({} of the failures expect only future dates); without one, written in full {}/{} = {:.1}%",
        tally.passed,
        tally.evaluated,
        100.0 * tally.rate(),
        tally.failed_future,
        tally.absolute_passed,
        tally.absolute,
        100.0 * tally.absolute_rate()
    );
    if std::env::var_os("SITREP_PEER_VERBOSE").is_some() {
        for f in &tally.failures {
            eprintln!("  {f}");
        }
    }
    Some(tally)
}

#[test]
fn french_date_cases() {
    if let Some(t) = run("French", Lang::Fr) {
        assert!(
            t.rate() >= FLOOR_FR,
            "French rate {:.3} < {FLOOR_FR}",
            t.rate()
        );
        assert!(
            t.absolute_rate() >= FLOOR_FR_ABSOLUTE,
            "French rate without reference {:.3} < {FLOOR_FR_ABSOLUTE}",
            t.absolute_rate()
        );
    }
}

#[test]
fn english_date_cases() {
    if let Some(t) = run("English", Lang::En) {
        assert!(
            t.rate() >= FLOOR_EN,
            "English rate {:.3} < {FLOOR_EN}",
            t.rate()
        );
    }
}
