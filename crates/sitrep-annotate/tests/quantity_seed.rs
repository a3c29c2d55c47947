//! The casualty figures of the defining article: every figure of the
//! hand-written expectations (`../shared/corpus/seed/expected.json`) must be
//! found, with its value, qualifier, category and outcome, and sub-counts
//! ("dont ...") must point at their total.

mod seed_common;

use seed_common::Seed;
use sitrep_annotate::lexicon::LexiconSource;
use sitrep_annotate::quantity::QuantityRecognizer;
use sitrep_core::{Lang, MentionValue, Outcome, QuantityValue};

#[test]
fn seed_article_casualty_figures() {
    let Some(seed) = Seed::load() else { return };
    let rec = QuantityRecognizer::new(Lang::Fr, &LexiconSource::embedded())
        .expect("built-in quantities data");
    let found: Vec<(String, usize, usize, QuantityValue)> = seed
        .run(|t, tok, s| rec.find(t, tok, s))
        .into_iter()
        .filter_map(|m| match m.value {
            MentionValue::Quantity(q) => Some((m.text, m.start, m.end, q)),
            _ => None,
        })
        .collect();
    let mut checked = 0;
    for claim in seed.claims() {
        for (field, outcome) in [("killed", Outcome::Killed), ("injured", Outcome::Injured)] {
            let fig = &claim[field];
            let (Some(value), Some(evidence)) = (fig["value"].as_u64(), fig["evidence"].as_str())
            else {
                continue;
            };
            let places = seed.occurrences(evidence);
            assert!(
                !places.is_empty(),
                "evidence {evidence:?} not in the article"
            );
            let inside =
                |start: usize, end: usize| places.iter().any(|&(s, e)| s <= start && end <= e);
            let total = found
                .iter()
                .find(|(_, s, e, q)| inside(*s, *e) && q.part_of.is_none())
                .unwrap_or_else(|| panic!("no quantity inside {evidence:?}: {found:#?}"));
            let q = &total.3;
            assert_eq!(q.value, Some(value as u32), "value of {evidence:?}");
            assert_eq!(
                serde_json::to_value(q.qualifier).unwrap(),
                fig["qualifier"],
                "qualifier of {evidence:?}"
            );
            assert_eq!(q.outcome, Some(outcome), "outcome of {evidence:?}");
            if let Some(cat) = fig["category"].as_str().filter(|c| *c != "unknown") {
                assert_eq!(q.category, cat, "category of {evidence:?}");
            }
            // A stated sub-count ("includes") is a part of this total, never added to it.
            if fig["includes"].is_string() {
                assert!(
                    found
                        .iter()
                        .any(|(_, s, e, p)| inside(*s, *e) && p.part_of == Some(total.1)),
                    "no sub-count of {evidence:?} points at its total: {found:#?}"
                );
            }
            checked += 1;
        }
    }
    assert!(checked >= 3, "expected.json gave only {checked} figures");
    // Dates count no one: no quantity overlaps an expected date expression.
    for event in seed.expected["events"].as_array().into_iter().flatten() {
        let Some(date) = event["date"]["evidence"].as_str() else {
            continue;
        };
        for (s, e) in seed.occurrences(date) {
            assert!(
                found.iter().all(|(_, qs, qe, _)| *qe <= s || e <= *qs),
                "a quantity overlaps the date {date:?}: {found:#?}"
            );
        }
    }
}
