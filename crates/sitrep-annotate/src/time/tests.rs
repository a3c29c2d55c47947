use super::*;
use crate::lexicon::LexiconSource;
use crate::text::{sentences, tokenize};

fn found(lang: Lang, text: &str) -> Vec<(String, TimeExpr)> {
    let src = LexiconSource::embedded();
    let seg = Segmentation::load(&src).expect("built-in segmentation data");
    let rec = TimeRecognizer::new(lang, &src).expect("built-in time data");
    let toks = tokenize(text, &seg);
    let sents = sentences(text, &toks, &seg);
    rec.find(text, &toks, &sents)
        .into_iter()
        .map(|m| (m.span.text(text).to_string(), m.expr))
        .collect()
}

fn texts(lang: Lang, text: &str) -> Vec<String> {
    found(lang, text).into_iter().map(|(t, _)| t).collect()
}

#[test]
fn smoke() {
    eprintln!(
        "{:?}",
        found(
            Lang::Fr,
            "Dimanche, l'armée a frappé. Le lundi 26 août 2024, rien."
        )
    );
    assert_eq!(texts(Lang::Fr, "Dimanche, l'armée a frappé."), ["Dimanche"]);
}
