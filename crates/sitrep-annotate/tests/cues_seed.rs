//! The reporting cues of the defining article: each claim's cue in the
//! hand-written expectations (`../shared/corpus/seed/expected.json`) holds a
//! cue mention whose speaker is part of the expected cue text.

mod seed_common;

use seed_common::Seed;
use sitrep_annotate::cues::CueRecognizer;
use sitrep_annotate::lexicon::LexiconSource;
use sitrep_core::{Lang, MentionValue};

#[test]
fn seed_article_cues_and_speakers() {
    let Some(seed) = Seed::load() else { return };
    let rec = CueRecognizer::new(Lang::Fr, &LexiconSource::embedded()).expect("built-in cues data");
    let found: Vec<(usize, usize, Option<String>)> = seed
        .run(|t, tok, s| rec.find(t, tok, s))
        .into_iter()
        .filter_map(|m| match m.value {
            MentionValue::Cue(c) => Some((m.start, m.end, c.speaker)),
            _ => None,
        })
        .collect();
    let mut checked = 0;
    for claim in seed.claims() {
        let Some(cue) = claim["cue"].as_str() else {
            continue;
        };
        let places = seed.occurrences(cue);
        assert!(!places.is_empty(), "cue {cue:?} not in the article");
        let ok = found.iter().any(|(s, e, speaker)| {
            places.iter().any(|&(ps, pe)| ps <= *s && *e <= pe)
                && speaker
                    .as_deref()
                    .is_some_and(|sp| cue.contains(sp) && sp.len() > 3)
        });
        assert!(
            ok,
            "no cue inside {cue:?} with a speaker from it: {found:#?}"
        );
        checked += 1;
    }
    assert!(checked >= 3, "expected.json gave only {checked} cues");
}
