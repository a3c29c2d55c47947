//! The places of the seed article (../shared/corpus/seed) with ML.txt:
//! Tinzaouatène and "la prise de Kidal" must be the towns. Skips when
//! ../shared is absent.

use sitrep_annotate::lexicon::LexiconSource;
use sitrep_annotate::places::PlaceRole;
use sitrep_annotate::Annotator;
use sitrep_core::{Document, Lang};
use sitrep_gazetteer::Gazetteer;
use sitrep_resolve::places::{main_place, resolve_all};
use std::path::Path;
use std::sync::Arc;

#[test]
fn seed_article_places() {
    let shared = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared");
    let article = shared.join("corpus/seed/tinzaouatene-2024-08-26.fr.txt");
    let Ok(text) = std::fs::read_to_string(&article) else {
        eprintln!("skipped: {} not found", article.display());
        return;
    };
    // As the golden test loads it: the built-in default, then ML.txt.
    let files: Vec<_> = ["ML.txt", "admin1CodesASCII.txt", "countryInfo.txt"]
        .iter()
        .map(|f| shared.join("gazetteer").join(f))
        .collect();
    let gaz = Gazetteer::load(None, &files).expect("gazetteer");
    let gaz = Arc::new(gaz);
    let annotator = Annotator::new(&LexiconSource::embedded(), gaz.clone()).expect("lexicons");
    let doc = Document {
        id: "seed".into(),
        text: text.clone(),
        title: None,
        published: None,
        url: None,
        source: None,
        language: Some(Lang::Fr),
    };
    let ann = annotator.annotate(&doc, Some(Lang::Fr));
    let values = resolve_all(&text, &ann, &gaz);
    for (m, v) in ann.places.iter().zip(&values) {
        eprintln!(
            "{:?} {:?} -> {:?}",
            m.span.text(&text),
            m.role,
            v.as_ref().map(|v| (v.geonameid, &v.name, v.geo_precision))
        );
    }
    let ids_of = |name: &str| -> Vec<Option<u32>> {
        ann.places
            .iter()
            .zip(&values)
            .filter(|(m, _)| m.name.text(&text) == name)
            .map(|(_, v)| v.as_ref().map(|v| v.geonameid))
            .collect()
    };
    let tin = ids_of("Tinzaouatène");
    assert!(tin.len() >= 3, "Tinzaouatène found {} times", tin.len());
    assert!(tin.iter().all(|id| *id == Some(2476086)), "{tin:?}");
    assert_eq!(ids_of("Kidal"), [Some(2455290)]);
    // "le groupe Wagner" is a group, whatever namesakes GeoNames holds.
    assert!(ids_of("Wagner").is_empty(), "Wagner taken for a place");
    let nord = ann
        .places
        .iter()
        .zip(&values)
        .find(|(m, _)| m.span.text(&text) == "nord du Mali")
        .expect("nord du Mali is a region");
    assert_eq!(nord.0.role, PlaceRole::Region);
    assert_eq!(nord.1.as_ref().map(|v| v.geo_precision), Some(3));
    let main = main_place(&ann, &values).expect("a main place");
    assert_eq!(values[main].as_ref().map(|v| v.geonameid), Some(2476086));
}
