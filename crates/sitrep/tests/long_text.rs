//! A text longer than one section is read section by section: every
//! offset still points into the whole text, and event ids stay unique.

mod common;

use sitrep_core::{Document, Lang};
use std::collections::HashSet;

fn paragraph(i: usize) -> String {
    let town = ["Gao", "Kidal", "Mopti", "Tombouctou"][i % 4];
    format!(
        "Des hommes armés ont attaqué un poste militaire près de {town} dimanche. \
         Selon une source sécuritaire, {n} soldats ont été tués et plusieurs blessés. \
         L'armée a indiqué avoir repoussé l'assaut après deux heures de combats.",
        n = 2 + i % 7
    )
}

#[test]
fn a_long_text_is_read_in_sections_with_offsets_into_the_whole() {
    let mut text = String::new();
    let mut i = 0;
    while text.len() < 3 * sitrep::SECTION_BYTES {
        text.push_str(&paragraph(i));
        text.push_str("\n\n");
        i += 1;
    }
    let doc = Document {
        id: "long".into(),
        text,
        published: "2024-08-26".parse().ok(),
        ..Document::default()
    };
    let report = common::pipeline().extract(&doc, Some(Lang::Fr));
    assert!(report.events.len() >= 3, "{} events", report.events.len());
    let ids: HashSet<&str> = report.events.iter().map(|e| e.id.as_str()).collect();
    assert_eq!(ids.len(), report.events.len(), "event ids repeat");
    let last = report.events.last().unwrap();
    assert!(
        last.evidence.start > 2 * sitrep::SECTION_BYTES,
        "the last section's events point into the whole text"
    );
    for e in &report.events {
        let ev = &e.evidence;
        assert_eq!(&doc.text[ev.start..ev.end], ev.text);
        for c in &e.claims {
            if let Some(f) = &c.killed {
                assert_eq!(&doc.text[f.evidence.start..f.evidence.end], f.evidence.text);
            }
        }
        if let Some(d) = e.date.as_ref().and_then(|d| d.evidence.as_ref()) {
            assert_eq!(&doc.text[d.start..d.end], d.text);
        }
    }
}

#[test]
fn sections_cover_the_text_at_paragraph_ends_and_char_boundaries() {
    let text = "Première phrase, élevée. ".repeat(3000) + "\n\nFin.";
    let parts = sitrep_annotate::text::sections(&text, 10_000);
    assert_eq!(parts.first().map(|r| r.start), Some(0));
    assert_eq!(parts.last().map(|r| r.end), Some(text.len()));
    for w in parts.windows(2) {
        assert_eq!(w[0].end, w[1].start);
    }
    for r in &parts {
        assert!(r.len() <= 10_000);
        assert!(text.is_char_boundary(r.start) && text.is_char_boundary(r.end));
    }
    // With no space at all, the cut still falls between characters.
    let solid = "é".repeat(20_000);
    let parts = sitrep_annotate::text::sections(&solid, 999);
    assert!(parts
        .iter()
        .all(|r| solid.is_char_boundary(r.end) && r.len() <= 999));
}

#[test]
fn a_sentence_without_an_end_is_cut() {
    let words = "les combattants armés ont encerclé le village ".repeat(100);
    let doc = Document {
        id: "noend".into(),
        text: words,
        ..Document::default()
    };
    let view = common::pipeline().annotate(&doc, Some(Lang::Fr));
    assert!(
        view.sentences.len() >= 3,
        "{} sentences",
        view.sentences.len()
    );
    let cap = sitrep_annotate::text::MAX_SENTENCE_TOKENS;
    for s in &view.sentences {
        let tokens = doc.text[s.start..s.end].split_whitespace().count();
        assert!(tokens <= cap, "a sentence of {tokens} tokens");
    }
}
