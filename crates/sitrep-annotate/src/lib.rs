//! Stage 2 of the pipeline: language, sentences, tokens, and the
//! independent recognisers that each produce spans of the document text.

pub mod actors;
pub mod cues;
pub mod lexicon;
mod numbers;
pub mod places;
pub mod quantity;
pub mod text;
pub mod time;
pub mod triggers;

use lexicon::{LexiconError, LexiconSource, Segmentation};
use sitrep_core::timing::lap;
use sitrep_core::StageTimes;
use sitrep_core::{Document, Lang, Mention, MentionValue, Span};
use sitrep_gazetteer::Gazetteer;
use std::sync::Arc;
use std::time::Instant;
pub use text::{Detection, Token, TokenKind, Tokens};

/// Everything annotate found in one document. Later stages read it; none
/// writes back into it.
#[derive(Debug)]
pub struct Annotation {
    pub lang: Lang,
    /// How sure the language detector was; 1.0 when the language was given.
    pub lang_confidence: f64,
    pub sentences: Vec<Span>,
    pub tokens: Tokens,
    pub times: Vec<time::TimeMention>,
    pub places: Vec<places::PlaceMention>,
    /// Country names and demonyms: which country the text is about.
    pub country_cues: Vec<places::CountryCue>,
    /// Countries of large towns named inside other names ("Kisumu Girls'
    /// School"): the last sign of the country in focus, when neither a
    /// place nor a country cue tells it.
    pub town_countries: Vec<places::CountryCue>,
    /// The countries the headline names ("Tchad : 92 soldats tués"), and
    /// those it points at with a demonym. The headline is not part of the
    /// text (its figures restate the body's), but where it is set is the
    /// surest sign of which country the report is about.
    pub title_countries: TitleCountries,
    /// Actors, quantities, reporting cues and event triggers.
    pub mentions: Vec<Mention>,
}

impl Annotation {
    /// The codes of the countries the text names or points at with a
    /// demonym, in text order, then those of its headline.
    pub fn cued_countries(&self) -> impl Iterator<Item = &str> {
        self.country_cues
            .iter()
            .map(|c| c.code.as_str())
            .chain(self.title_countries.cued.iter().map(String::as_str))
    }

    /// The index of the sentence that contains byte `offset`.
    pub fn sentence_of(&self, offset: usize) -> Option<usize> {
        let i = self.sentences.partition_point(|s| s.end <= offset);
        (i < self.sentences.len() && self.sentences[i].start <= offset).then_some(i)
    }
}

/// ISO codes of the countries a headline names, and of those it names or
/// points at with a demonym.
#[derive(Debug, Default)]
pub struct TitleCountries {
    pub named: Vec<String>,
    pub cued: Vec<String>,
}

/// The recognisers of one language.
struct LangRecognizers {
    time: time::TimeRecognizer,
    quantity: quantity::QuantityRecognizer,
    cues: cues::CueRecognizer,
    triggers: triggers::TriggerRecognizer,
}

/// Holds every lexicon, loaded once and shared by all threads.
pub struct Annotator {
    seg: Segmentation,
    fr: LangRecognizers,
    en: LangRecognizers,
    places: places::PlaceRecognizer,
}

impl Annotator {
    pub fn new(src: &LexiconSource, gazetteer: Arc<Gazetteer>) -> Result<Self, LexiconError> {
        let load = |lang| -> Result<LangRecognizers, LexiconError> {
            Ok(LangRecognizers {
                time: time::TimeRecognizer::new(lang, src)?,
                quantity: quantity::QuantityRecognizer::new(lang, src)?,
                cues: cues::CueRecognizer::new(lang, src)?,
                triggers: triggers::TriggerRecognizer::new(lang, src)?,
            })
        };
        Ok(Annotator {
            seg: Segmentation::load(src)?,
            fr: load(Lang::Fr)?,
            en: load(Lang::En)?,
            places: places::PlaceRecognizer::new(src, gazetteer)?,
        })
    }

    pub fn segmentation(&self) -> &Segmentation {
        &self.seg
    }

    /// Annotates `doc`. `lang` forces the language; otherwise the document's
    /// declared language is used, then detection (English when the text has
    /// no letters to judge by).
    pub fn annotate(&self, doc: &Document, lang: Option<Lang>) -> Annotation {
        self.annotate_timed(doc, lang, None)
    }

    /// [`Annotator::annotate`], adding the time of each recogniser to `timer`.
    pub fn annotate_timed(
        &self,
        doc: &Document,
        lang: Option<Lang>,
        mut timer: Option<&mut StageTimes>,
    ) -> Annotation {
        let t = timer.as_ref().map(|_| Instant::now());
        let text = doc.text.as_str();
        let (lang, lang_confidence) = match lang.or(doc.language) {
            Some(l) => (l, 1.0),
            None => text::detect_language_with(text, &self.seg)
                .map_or((Lang::En, 0.0), |d| (d.lang, d.confidence)),
        };
        let tokens = text::tokenize(text, &self.seg);
        let sentences = text::sentences(text, &tokens, &self.seg);
        let t = lap(&mut timer, "language and segmentation", t);
        let rec = match lang {
            Lang::Fr => &self.fr,
            Lang::En => &self.en,
        };
        let times = rec.time.find(text, &tokens, &sentences);
        let t = lap(&mut timer, "time expressions", t);
        let places::PlaceFinds {
            places,
            countries: mut country_cues,
            towns: town_countries,
        } = self.places.find(text, &tokens, lang);
        let t = lap(&mut timer, "places", t);
        let mut mentions = rec.triggers.actors().find(text, &tokens, &sentences);
        let actors = mentions.len();
        let actor_spans: Vec<Span> = mentions.iter().map(|m| Span::new(m.start, m.end)).collect();
        // A group that acts in one country points at it ("Houthi forces").
        for m in &mentions {
            if let MentionValue::Actor(a) = &m.value {
                if let Some(code) = rec.triggers.actors().home_country(&a.name) {
                    country_cues.push(places::CountryCue {
                        span: Span::new(m.start, m.end),
                        code: code.to_string(),
                    });
                }
            }
        }
        country_cues.sort_by_key(|c| c.span.start);
        let places = places::without_actor_names(places, &actor_spans);
        let time_spans: Vec<Span> = times.iter().map(|t| t.span).collect();
        let places = places::without_time_words(places, &time_spans);
        let title_countries = doc
            .title
            .as_deref()
            .map(|title| self.title_countries(title, lang))
            .unwrap_or_default();
        let t = lap(&mut timer, "actors", t);
        mentions.extend(
            rec.quantity
                .find_outside(text, &tokens, &sentences, &time_spans),
        );
        let t = lap(&mut timer, "quantities", t);
        mentions.extend(rec.cues.find(text, &tokens, &sentences));
        let t = lap(&mut timer, "cues", t);
        let triggers =
            rec.triggers
                .find_with_actors(text, &tokens, &sentences, &mentions[..actors]);
        mentions.extend(triggers);
        lap(&mut timer, "triggers", t);
        mentions.sort_by_key(|m| (m.start, m.end));
        Annotation {
            lang,
            lang_confidence,
            sentences,
            tokens,
            times,
            places,
            country_cues,
            town_countries,
            title_countries,
            mentions,
        }
    }

    fn title_countries(&self, title: &str, lang: Lang) -> TitleCountries {
        let tokens = text::tokenize(title, &self.seg);
        let finds = self.places.find(title, &tokens, lang);
        let mut out = TitleCountries::default();
        for code in finds.places.iter().filter_map(|m| m.country.as_ref()) {
            if !out.named.contains(code) {
                out.named.push(code.clone());
            }
        }
        for cue in &finds.countries {
            if !out.cued.contains(&cue.code) {
                out.cued.push(cue.code.clone());
            }
        }
        out
    }
}
