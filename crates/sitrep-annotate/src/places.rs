//! Place names: gazetteer look-up over folded token n-grams, and the words
//! around a name that say how it places the event.
//!
//! A name is a run of up to [`MAX_WORDS`] words joined by spaces, hyphens or
//! apostrophes ("Ti-n-Zaouâtene", "Tin Zaouaten", "Côte d'Ivoire") whose
//! [`name_key`] the gazetteer knows. Villages share their names with first
//! names and ordinary words, so a name must start with a capital, and at the
//! start of a sentence, or when it is listed as a common word, it also needs
//! a cue: a locative before it or an administrative hint after it.
//!
//! Each mention has a role: the place itself ("à Boni"), a place the event is
//! near ("à 60 km de Kidal", "entre Ténenkou et Diafarabé"), an
//! administrative hint for another place ("(Kidal)", "cercle de Bankass",
//! "Sourou province"), or a region ("nord du Mali", "le centre du pays").
//! Demonyms ("l'armée malienne") are not places; they are kept as country
//! cues, which the resolver uses to find the country in focus.

use crate::lexicon::{LexiconError, LexiconSource, Segmentation};
use crate::quantity::phrases::Phrases;
use crate::text::{TokenKind, Tokens};
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use serde::Deserialize;
use sitrep_core::{Lang, Span};
use sitrep_gazetteer::{name_key, Gazetteer};
use std::collections::BTreeMap;
use std::sync::Arc;

#[cfg(test)]
mod tests;

/// The longest name, in words ("Bordj Badji Mokhtar" is three).
const MAX_WORDS: usize = 5;
/// How many words (adjectives: "coastal", "north-eastern") may stand
/// between a country's possessive and the place it owns.
const POSSESSIVE_REACH: usize = 2;
/// The population from which a town named inside another name tells the
/// country ([`Scan::town_cue`]): regional capitals and up.
const MIN_TOWN_POPULATION: u64 = 100_000;
/// The most tokens between a place and a later "commune de X" that still
/// qualifies it ("à Boni, dans la commune de Hombori").
const HINT_REACH: usize = 6;

/// How a place mention places the event.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PlaceRole {
    /// The place itself: "à Boni", "in Dori".
    Named,
    /// Near it, or between it and another: ACLED geo_precision 2.
    Relative,
    /// An administrative division given as a hint, with its level
    /// (1 region, 2 province or cercle, 3 commune, 0 unknown).
    Admin(u8),
    /// A region or a country with no place in it: geo_precision 3.
    Region,
}

/// A span that names a place, or situates the event relative to one.
#[derive(Clone, Debug, PartialEq)]
pub struct PlaceMention {
    /// The evidence: the name, or the whole phrase ("à 60 km de Kidal",
    /// "nord du Mali", "région de Mopti").
    pub span: Span,
    /// The name inside it ("Kidal"); empty for "le centre du pays".
    pub name: Span,
    /// The gazetteer key of the name; empty when the phrase names no place
    /// and means the country in focus.
    pub key: String,
    pub role: PlaceRole,
    /// A locative cue stands before the name ("à", "in the village of"):
    /// the text says something happened there.
    pub cued: bool,
    /// For an administrative hint, the place mention (index) it qualifies:
    /// "Seme (Toeni, Sourou)", "à Boni, commune de Hombori".
    pub hint_of: Option<usize>,
    /// ISO code when the name is a country ("Mali", "Burkina Faso").
    pub country: Option<String>,
    /// The text names it as somewhere else than the event: where people
    /// came from or fled to ("habitants de Boni", "fleeing towards the
    /// Niger border").
    pub away: bool,
    /// The key is another spelling of the name as written ("Bounty" read
    /// as Bounti): the resolver trusts it only in the text's countries.
    pub respelled: bool,
    /// No GeoNames entry has the name; a village cue says it is a place
    /// ("le village de X", "X, a village 40 km from Y"). The resolver
    /// places it by its area or the place it is given from, and the text
    /// teaches it (see `sitrep_gazetteer::learned`).
    pub unlisted: bool,
    /// How far and which way from the named place ("à 30 km au nord de").
    pub offset: Option<Offset>,
}

/// "30 km au nord de Dori": a distance, and a bearing when a direction is
/// given.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Offset {
    pub km: f64,
    /// Degrees clockwise from north.
    pub bearing: Option<f64>,
}

/// A word that points at a country without naming a place: a demonym
/// ("malienne", "Burkinabe") or a country name.
#[derive(Clone, Debug, PartialEq)]
pub struct CountryCue {
    pub span: Span,
    /// ISO 3166 alpha-2.
    pub code: String,
}

/// The code given most often, the first given on a tie: the country in
/// focus among country cues or resolved places.
pub fn most_frequent<'a>(codes: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let mut counts: std::collections::BTreeMap<&str, (usize, usize)> = Default::default();
    for (k, code) in codes.into_iter().enumerate() {
        counts.entry(code).or_insert((0, k)).0 += 1;
    }
    counts
        .into_iter()
        .max_by_key(|(_, (n, first))| (*n, std::cmp::Reverse(*first)))
        .map(|(code, _)| code)
}

/// `places` without the names that lie inside a longer actor's name ("Haram" of
/// "Boko Haram", "Macina" of "Katiba Macina"): a group is named after a
/// place, it does not happen there. Hints keep pointing at their place, or
/// at none when it is gone. Countries stay: "l'armée du Mali" still says
/// which country the text is about.
pub fn without_actor_names(places: Vec<PlaceMention>, actors: &[Span]) -> Vec<PlaceMention> {
    without(places, |p| {
        p.country.is_none()
            && actors.iter().any(|a| {
                // Only a part of a longer name: a word the actor lexicon
                // reads alone ("Marka" people) may still be the town.
                a.start <= p.name.start
                    && p.name.end <= a.end
                    && (a.start, a.end) != (p.name.start, p.name.end)
            })
    })
}

/// The villages the gazetteer lacks that are time words ("Yesterday, a
/// village near Dori was attacked"), dropped.
pub fn without_time_words(places: Vec<PlaceMention>, times: &[Span]) -> Vec<PlaceMention> {
    without(places, |p| {
        p.unlisted
            && times
                .iter()
                .any(|t| t.start < p.name.end && p.name.start < t.end)
    })
}

/// `places` without those `drop` picks, the hints of the others pointing
/// at the same mentions as before.
fn without(places: Vec<PlaceMention>, drop: impl Fn(&PlaceMention) -> bool) -> Vec<PlaceMention> {
    let mut new_index: Vec<Option<usize>> = Vec::with_capacity(places.len());
    let mut n = 0;
    for p in &places {
        if drop(p) {
            new_index.push(None);
        } else {
            new_index.push(Some(n));
            n += 1;
        }
    }
    places
        .into_iter()
        .zip(&new_index)
        .filter(|(_, k)| k.is_some())
        .map(|(mut p, _)| {
            p.hint_of = p.hint_of.and_then(|h| new_index.get(h).copied().flatten());
            p
        })
        .collect()
}

/// What the place recogniser found in one document.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct PlaceFinds {
    pub places: Vec<PlaceMention>,
    pub countries: Vec<CountryCue>,
    /// Large towns named inside a longer name or as a modifier ("Kisumu
    /// Girls' School", "the Mombasa Deputy Governor", "a Nairobi suburb"):
    /// not the event's place, but a sign of its country.
    pub towns: Vec<CountryCue>,
}

#[derive(Deserialize)]
struct PlacesFile {
    #[serde(default)]
    locative: Vec<String>,
    #[serde(default)]
    weak_locative: Vec<String>,
    #[serde(default)]
    away_before: Vec<String>,
    #[serde(default)]
    away_after: Vec<String>,
    #[serde(default)]
    relative: Vec<String>,
    #[serde(default)]
    between: Vec<String>,
    #[serde(default)]
    between_and: Vec<String>,
    #[serde(default)]
    or: Vec<String>,
    #[serde(default)]
    distance_units: Vec<String>,
    #[serde(default)]
    unit_km: BTreeMap<String, f64>,
    #[serde(default)]
    bearings: BTreeMap<String, f64>,
    #[serde(default)]
    unlisted_before: Vec<String>,
    #[serde(default)]
    unlisted_after: Vec<String>,
    #[serde(default)]
    distance_links: Vec<String>,
    #[serde(default)]
    directions: Vec<String>,
    #[serde(default)]
    direction_links: Vec<String>,
    #[serde(default)]
    direction_adjectives: Vec<String>,
    #[serde(default)]
    country_words: Vec<String>,
    #[serde(default)]
    sub_place_after: Vec<String>,
    #[serde(default)]
    people_after: Vec<String>,
    #[serde(default)]
    facility_after: Vec<String>,
    #[serde(default)]
    admin_before: BTreeMap<String, u8>,
    #[serde(default)]
    admin_after: BTreeMap<String, u8>,
    #[serde(default)]
    words: Words,
    #[serde(default)]
    countries: BTreeMap<String, Vec<String>>,
    #[serde(default)]
    demonyms: BTreeMap<String, Vec<String>>,
}

#[derive(Default, Deserialize)]
struct Words {
    #[serde(default)]
    not_places: Vec<String>,
    #[serde(default)]
    common_words: Vec<String>,
    #[serde(default)]
    names_after: Vec<String>,
}

/// The cue words of one language.
struct LangCues {
    locative: Phrases<()>,
    /// Cues that make a name a place but not the place of the event:
    /// "villagers from Nando killed a farmer in Kantchari".
    weak_locative: Phrases<()>,
    /// Before or after a name: the way people fled or went, not where the
    /// event was ("vers la frontière du Niger", "towards the Niger border").
    away_before: Phrases<()>,
    away_after: Phrases<()>,
    relative: Phrases<()>,
    between: Phrases<()>,
    between_and: Phrases<()>,
    /// "or": like "and", it joins two places, not a place and its area.
    list_or: HashSet<String>,
    units: Phrases<()>,
    /// Kilometres per unit, where a unit is not one ("miles").
    unit_km: Phrases<f64>,
    /// Degrees clockwise from north, by direction.
    bearings: Phrases<f64>,
    /// Before or after a capitalised name the gazetteer lacks, these make
    /// it a village ("the village of X", "X, un village situé à...").
    unlisted_before: Phrases<()>,
    unlisted_after: Phrases<()>,
    distance_links: Phrases<()>,
    directions: Phrases<()>,
    direction_links: Phrases<()>,
    direction_adjectives: Phrases<()>,
    country_words: Phrases<()>,
    sub_place_after: Phrases<()>,
    /// After a name, the people of that place ("Muranga residents", "Imenti
    /// youths"): it is a place even where it opens a sentence.
    people_after: Phrases<()>,
    /// Capitalised nouns after a place name that keep it a place ("Hama Airbase").
    facility_after: HashSet<String>,
    admin_before: Phrases<u8>,
    admin_after: Phrases<u8>,
    not_places: HashSet<String>,
    common_words: HashSet<String>,
    /// Words after which a capitalised name is a group's or a person's:
    /// "le groupe Wagner", "l'opération Barkhane", "colonel Goïta".
    names_after: HashSet<String>,
}

pub struct PlaceRecognizer {
    gazetteer: Arc<Gazetteer>,
    fr: LangCues,
    en: LangCues,
    /// Country names of every language, by name key.
    countries: HashMap<String, String>,
    /// Demonyms of every language, folded, to their country.
    demonyms: HashMap<String, String>,
}

impl PlaceRecognizer {
    /// Reads `places.toml` of every language from `src`.
    pub fn new(src: &LexiconSource, gazetteer: Arc<Gazetteer>) -> Result<Self, LexiconError> {
        let seg = Segmentation::load(src)?;
        let mut countries = HashMap::default();
        let mut demonyms = HashMap::default();
        let mut load = |lang| -> Result<LangCues, LexiconError> {
            let f: PlacesFile = src.toml(lang, "places.toml")?;
            for (code, names) in &f.countries {
                for n in names {
                    countries.insert(name_key(n), code.clone());
                }
            }
            for (code, names) in &f.demonyms {
                for n in names {
                    demonyms.insert(sitrep_core::fold::fold(n), code.clone());
                }
            }
            let fold_set = |l: &[String]| -> HashSet<String> {
                l.iter().map(|w| sitrep_core::fold::fold(w)).collect()
            };
            Ok(LangCues {
                locative: Phrases::words(&f.locative, &seg),
                weak_locative: Phrases::words(&f.weak_locative, &seg),
                away_before: Phrases::words(&f.away_before, &seg),
                away_after: Phrases::words(&f.away_after, &seg),
                relative: Phrases::words(&f.relative, &seg),
                between: Phrases::words(&f.between, &seg),
                between_and: Phrases::words(&f.between_and, &seg),
                list_or: fold_set(&f.or),
                units: Phrases::words(&f.distance_units, &seg),
                unit_km: Phrases::new(f.unit_km.clone(), &seg),
                bearings: Phrases::new(f.bearings.clone(), &seg),
                unlisted_before: Phrases::words(&f.unlisted_before, &seg),
                unlisted_after: Phrases::words(&f.unlisted_after, &seg),
                distance_links: Phrases::words(&f.distance_links, &seg),
                directions: Phrases::words(&f.directions, &seg),
                direction_links: Phrases::words(&f.direction_links, &seg),
                direction_adjectives: Phrases::words(&f.direction_adjectives, &seg),
                country_words: Phrases::words(&f.country_words, &seg),
                sub_place_after: Phrases::words(&f.sub_place_after, &seg),
                people_after: Phrases::words(&f.people_after, &seg),
                facility_after: fold_set(&f.facility_after),
                admin_before: Phrases::new(f.admin_before.clone(), &seg),
                admin_after: Phrases::new(f.admin_after.clone(), &seg),
                not_places: fold_set(&f.words.not_places),
                common_words: fold_set(&f.words.common_words),
                names_after: fold_set(&f.words.names_after),
            })
        };
        let fr = load(Lang::Fr)?;
        let en = load(Lang::En)?;
        Ok(PlaceRecognizer {
            gazetteer,
            fr,
            en,
            countries,
            demonyms,
        })
    }

    /// Every place mention and country cue of `text`, in text order.
    pub fn find(&self, text: &str, tokens: &Tokens, lang: Lang) -> PlaceFinds {
        let cues = match lang {
            Lang::Fr => &self.fr,
            Lang::En => &self.en,
        };
        let mut scan = Scan {
            rec: self,
            cues,
            text,
            tokens,
            out: PlaceFinds::default(),
            between_open: None,
            possessive_cue: None,
        };
        scan.run();
        scan.out
    }
}

/// What a name matched: a country, or a gazetteer key.
struct NameMatch {
    /// Tokens of the name, end exclusive.
    start: usize,
    end: usize,
    key: String,
    country: Option<String>,
    /// Found under another spelling (see [`Scan::variant_at`]).
    respelled: bool,
}

/// One pass over a document.
struct Scan<'a> {
    rec: &'a PlaceRecognizer,
    cues: &'a LangCues,
    text: &'a str,
    tokens: &'a Tokens,
    out: PlaceFinds,
    /// The token after which a second "et Y" may complete "entre X et Y".
    between_open: Option<usize>,
    /// "in Nigeria's Borno State": the tokens after a country's possessive
    /// up to which a locative before the country cues the next name.
    possessive_cue: Option<(usize, usize)>,
}

impl Scan<'_> {
    fn run(&mut self) {
        let n = self.tokens.len();
        let mut i = 0;
        while i < n {
            if let Some(next) = self.demonym_at(i) {
                i = next;
                continue;
            }
            if let Some(next) = self.country_in_focus_at(i) {
                i = next;
                continue;
            }
            if let Some(next) = self.unlisted_at(i) {
                i = next;
                continue;
            }
            match self.name_at(i) {
                Some(m) => i = self.place(m),
                None => i = self.unknown_hint_at(i).unwrap_or(i + 1),
            }
        }
    }

    fn word(&self, i: usize) -> bool {
        self.tokens
            .get(i)
            .is_some_and(|t| t.kind == TokenKind::Word)
    }

    fn punct(&self, i: usize, c: char) -> bool {
        self.tokens
            .get(i)
            .is_some_and(|t| t.kind == TokenKind::Punct && t.span.text(self.text).starts_with(c))
    }

    /// Only spaces (no line break) between tokens `a` and `a + 1`.
    fn spaced(&self, a: usize) -> bool {
        match (self.tokens.get(a), self.tokens.get(a + 1)) {
            (Some(x), Some(y)) => {
                let gap = &self.text[x.span.end..y.span.start];
                !gap.is_empty() && gap.chars().all(|c| c.is_whitespace() && c != '\n')
            }
            _ => false,
        }
    }

    /// Tokens `a` and `a + 1` touch.
    fn glued(&self, a: usize) -> bool {
        match (self.tokens.get(a), self.tokens.get(a + 1)) {
            (Some(x), Some(y)) => x.span.end == y.span.start,
            _ => false,
        }
    }

    fn dash(&self, i: usize) -> bool {
        self.tokens.get(i).is_some_and(|t| {
            t.kind == TokenKind::Punct
                && t.span
                    .text(self.text)
                    .chars()
                    .next()
                    .is_some_and(sitrep_core::fold::is_dash)
        })
    }

    /// Token `i` begins a sentence (or a quote or a heading), where every
    /// word has a capital.
    fn sentence_initial(&self, i: usize) -> bool {
        if i == 0 {
            return true;
        }
        let (Some(prev), Some(cur)) = (self.tokens.get(i - 1), self.tokens.get(i)) else {
            return true;
        };
        if self.text[prev.span.end..cur.span.start].contains('\n') {
            return true;
        }
        prev.kind == TokenKind::Punct
            && matches!(
                prev.span.text(self.text),
                "." | "!" | "?" | ":" | "\"" | "«" | "“" | "…" | "(" | "[" | "—" | "–"
            )
    }

    /// The word ends of a candidate name starting at `i`: a capitalised word,
    /// then words joined by hyphens, apostrophes or spaces.
    fn name_ends(&self, i: usize) -> Vec<usize> {
        let mut ends = Vec::new();
        // "al-Bukamal": a lower-case article glued to a capitalised name.
        let article = self.word(i)
            && self.tokens.folded(i).len() <= 3
            && self.dash(i + 1)
            && self.glued(i)
            && self.glued(i + 1)
            && self.word(i + 2)
            && self.tokens.is_capitalised(self.text, i + 2);
        let starts_ok = article
            || ((self.word(i) || self.elided_start(i)) && self.tokens.is_capitalised(self.text, i));
        if !starts_ok {
            return ends;
        }
        let mut j = i;
        if self.elided_start(i) {
            j = i + 1;
        }
        // The lower-case article alone is no name: "pro" of "pro-Hadi".
        let bare_article = article && !self.tokens.is_capitalised(self.text, i);
        let mut words = 0;
        loop {
            words += 1;
            if !(bare_article && words == 1) {
                ends.push(j + 1);
            }
            if words == MAX_WORDS {
                break;
            }
            let k = j + 1;
            if (self.dash(k) || self.punct(k, '\''))
                && self.glued(j)
                && self.glued(k)
                && self.word(k + 1)
            {
                j = k + 1;
            } else if self.spaced(j) && self.word(k) && self.tokens.is_capitalised(self.text, k) {
                j = k;
            } else if self.spaced(j)
                && self
                    .tokens
                    .get(k)
                    .is_some_and(|t| t.kind == TokenKind::Elision)
                && self.glued(k)
                && self.word(k + 1)
                && self.tokens.is_capitalised(self.text, k + 1)
            {
                // "Côte d'Ivoire"
                j = k + 1;
            } else if self.spaced(j)
                && self.word(k)
                && self.tokens.folded(k).len() <= 3
                && self.spaced(k)
                && self.word(k + 1)
                && self.tokens.is_capitalised(self.text, k + 1)
            {
                // A lower-case particle inside a name: "Bordj el Haoues".
                j = k + 1;
                words += 1;
            } else if self.spaced(j)
                && self.word(k)
                && self.word(k + 1)
                && self.tokens.folded(k).len() <= 3
                && self.tokens.folded(k + 1).len() <= 3
                && self.spaced(k)
                && self.spaced(k + 1)
                && self.word(k + 2)
                && self.tokens.is_capitalised(self.text, k + 2)
                && !self.tokens.is_capitalised(self.text, k)
            {
                // "Santa Cruz de la Sierra".
                j = k + 2;
                words += 2;
            } else {
                break;
            }
        }
        ends
    }

    /// "N'Djamena": a capitalised elision glued to a word.
    fn elided_start(&self, i: usize) -> bool {
        self.tokens
            .get(i)
            .is_some_and(|t| t.kind == TokenKind::Elision)
            && self.glued(i)
            && self.word(i + 1)
    }

    /// The longest known name starting at token `i`.
    fn name_at(&self, i: usize) -> Option<NameMatch> {
        let ends = self.name_ends(i);
        for &end in ends.iter().rev() {
            let (Some(a), Some(b)) = (self.tokens.get(i), self.tokens.get(end - 1)) else {
                continue;
            };
            // "Lougou" of "Lougou-Mossi" is another place; "Mogadishu" of
            // "Mogadishu-Hodan" (a city and its district) is the place.
            if self.dash(end)
                && self.glued(end - 1)
                && self.glued(end)
                && self.word(end + 1)
                && !self.tokens.is_capitalised(self.text, end + 1)
            {
                continue;
            }
            let key = name_key(&self.text[a.span.start..b.span.end]);
            if key.chars().count() < 3 {
                continue;
            }
            if let Some(code) = self.rec.countries.get(&key) {
                return Some(NameMatch {
                    start: i,
                    end,
                    key,
                    country: Some(code.clone()),
                    respelled: false,
                });
            }
            if end == i + 1 && self.cues.not_places.contains(self.tokens.folded(i)) {
                return None;
            }
            // A region is a place too, although no entry of the dumps
            // bears its name ("Laikipia", "Alibori"): admin1CodesASCII.txt does.
            if self.rec.gazetteer.contains_key(&key)
                || self.rec.gazetteer.has_division_named(&key, &['1'])
            {
                return Some(NameMatch {
                    start: i,
                    end,
                    key,
                    country: None,
                    respelled: false,
                });
            }
        }
        self.variant_at(i, &ends)
    }

    /// A name the gazetteer knows only under another spelling ("à Bounty"
    /// for Bounti, "Mourra" for Moura), tried only where a locative or an
    /// administrative word says a place follows: transliterations double or
    /// single letters and swap "y" and "i".
    fn variant_at(&self, i: usize, ends: &[usize]) -> Option<NameMatch> {
        let c = self.cues;
        let t = self.tokens;
        // "Ar-Raqqa": an article opens a name the gazetteer has without it.
        // Checked first, with the lack of any name here: this runs at every
        // token, and the cue look-ups below cost more.
        if ends.is_empty() || c.not_places.contains(t.folded(i)) {
            return None;
        }
        let placed = c.locative.ending_at(t, 0, i).is_some()
            || c.relative.ending_at(t, 0, i).is_some()
            || c.admin_before.ending_at(t, 0, i).is_some();
        if !placed {
            return None;
        }
        for &end in ends.iter().rev() {
            let (Some(a), Some(b)) = (t.get(i), t.get(end - 1)) else {
                continue;
            };
            let key = name_key(&self.text[a.span.start..b.span.end]);
            if key.chars().count() < 4 || (end == i + 1 && c.not_places.contains(t.folded(i))) {
                continue;
            }
            let variant = sitrep_gazetteer::spelling_variants(&key)
                .into_iter()
                .find(|v| self.rec.gazetteer.contains_key(v));
            if let Some(v) = variant {
                return Some(NameMatch {
                    start: i,
                    end,
                    key: v,
                    country: None,
                    respelled: true,
                });
            }
        }
        None
    }

    fn span(&self, a: usize, end: usize) -> Span {
        match (self.tokens.get(a), self.tokens.get(end.saturating_sub(1))) {
            (Some(x), Some(y)) => Span::new(x.span.start, y.span.end),
            _ => Span::new(0, 0),
        }
    }

    /// A demonym at `i`: a country cue, and with a direction before it a
    /// region ("le nord malien"). Returns the next token to scan.
    fn demonym_at(&mut self, i: usize) -> Option<usize> {
        let code = self.rec.demonyms.get(self.tokens.folded(i))?.clone();
        let span = self.span(i, i + 1);
        self.out.countries.push(CountryCue {
            span,
            code: code.clone(),
        });
        if let Some(d) = self.direction_before(i) {
            self.out.places.push(PlaceMention {
                span: self.span(d, i + 1),
                name: span,
                key: String::new(),
                role: PlaceRole::Region,
                cued: false,
                hint_of: None,
                country: Some(code),
                away: false,
                respelled: false,
                unlisted: false,
                offset: None,
            });
        }
        Some(i + 1)
    }

    /// A direction right before token `i`, directly ("northern Mali", "le
    /// nord malien") or through a link ("nord du Mali"): its first token.
    fn direction_before(&self, i: usize) -> Option<usize> {
        let c = self.cues;
        if let Some((s, _)) = c.direction_adjectives.ending_at(self.tokens, 0, i) {
            return Some(s);
        }
        if let Some((s, _)) = c.directions.ending_at(self.tokens, 0, i) {
            return Some(s);
        }
        let (l, _) = c.direction_links.ending_at(self.tokens, 0, i)?;
        c.directions.ending_at(self.tokens, 0, l).map(|(s, _)| s)
    }

    /// "le centre du pays", "the north of the country".
    fn country_in_focus_at(&mut self, i: usize) -> Option<usize> {
        let (end, _) = self
            .cues
            .country_words
            .at(self.tokens, i, self.tokens.len())?;
        // "du pays" and "of the country" need their link; the article before
        // "country" is part of "of the".
        let mut link_end = i;
        if self.tokens.folded(i.wrapping_sub(1)) == "the" {
            link_end = i - 1;
        }
        let (l, _) = self
            .cues
            .direction_links
            .ending_at(self.tokens, 0, link_end)?;
        let (d, _) = self.cues.directions.ending_at(self.tokens, 0, l)?;
        self.out.places.push(PlaceMention {
            span: self.span(d, end),
            name: self.span(i, end),
            key: String::new(),
            role: PlaceRole::Region,
            cued: false,
            hint_of: None,
            country: None,
            away: false,
            respelled: false,
            unlisted: false,
            offset: None,
        });
        Some(end)
    }

    /// Records the name `m` with the role its context gives, then any
    /// administrative hints in brackets after it. Returns the next token.
    fn place(&mut self, m: NameMatch) -> usize {
        let c = self.cues;
        let t = self.tokens;
        let name = self.span(m.start, m.end);
        let mut span = name;
        let mut role = PlaceRole::Named;
        let mut cued = false;
        let mut hint_of = None;
        let mut evidence = false;
        let mut away = false;
        let mut offset = None;
        let mut next = m.end;

        if let Some((s, level)) = c.admin_before.ending_at(t, 0, m.start) {
            role = PlaceRole::Admin(*level);
            span = self.span(s, m.end);
            evidence = true;
        } else if let Some((e, level)) = c.admin_after.at(t, m.end, t.len()) {
            role = PlaceRole::Admin(*level);
            span = self.span(m.start, e);
            evidence = true;
            next = e;
        } else if let Some((s, o)) = self.distance_before(m.start) {
            role = PlaceRole::Relative;
            span = self.span(s, m.end);
            evidence = true;
            offset = o;
        } else if let Some((s, _)) = c.between.ending_at(t, 0, m.start) {
            role = PlaceRole::Relative;
            span = self.span(s, m.end);
            evidence = true;
            self.between_open = Some(m.end);
        } else if let Some((s, _)) = c.relative.ending_at(t, 0, m.start) {
            role = PlaceRole::Relative;
            span = self.span(s, m.end);
            evidence = true;
        } else if let Some(s) = self.direction_before(m.start) {
            // "au nord de Dori" is near Dori; "nord du Mali" is a region.
            role = if m.country.is_some() {
                PlaceRole::Region
            } else {
                PlaceRole::Relative
            };
            span = self.span(s, m.end);
            evidence = true;
        } else if self.closes_between(m.start) {
            role = PlaceRole::Relative;
            evidence = true;
        } else if let Some((owner, bracket)) = self.hint_position(m.start, m.end) {
            // "Seme (Toeni, Sourou)", "in El Alto, La Paz": the area of the
            // place before. A name after a comma may also be the next of a
            // list, so it keeps its role; a bracket holds only areas.
            if bracket {
                role = PlaceRole::Admin(0);
            }
            hint_of = owner;
            evidence = true;
        } else if self.locative_before(m.start) {
            cued = true;
            evidence = true;
        } else if c.people_after.has_at(t, m.end, t.len())
            && !c.common_words.contains(&m.key)
            && self.rec.gazetteer.contains_listed_key(&m.key)
        {
            // "Muranga residents blocked the road": the people of the place,
            // most often where they act. "Market women" are no place's, and
            // a name known only from what reports taught needs a real cue.
            evidence = true;
        } else if c.weak_locative.ending_at(t, 0, m.start).is_some() {
            evidence = true;
            away = true;
        }
        if c.away_before.ending_at(t, 0, m.start).is_some()
            || c.away_after.has_at(t, m.end, t.len())
        {
            evidence = true;
            away = true;
        }
        if m.country.is_some() && role != PlaceRole::Admin(0) {
            role = PlaceRole::Region;
        }
        // "in Borno State", "dans la région de Mopti": a division the text
        // puts something in.
        if matches!(role, PlaceRole::Admin(_))
            && hint_of.is_none()
            && self.locative_before(t.index_at(span.start))
        {
            cued = true;
        }
        let bracket_follows = self.punct(m.end, '(')
            || self.admin_follows(m.end)
            || (self.punct(m.end, ',')
                && self.name_at(m.end + 1).is_some_and(|n| n.country.is_some()));
        // Known only from what reports taught: a text that places it again
        // teaches it again; and like a common word it needs a cue, lest a
        // lesson gone wrong ("Christian village") turn a word into a place.
        let learned_only = m.country.is_none()
            && !self.rec.gazetteer.contains_listed_key(&m.key)
            && self.rec.gazetteer.learned().contains_key(&m.key);
        let needs_cue = self.sentence_initial(m.start)
            || learned_only
            || c.common_words.contains(&m.key)
            || (m.end == m.start + 1 && self.rec.demonyms.contains_key(t.folded(m.start)));
        if needs_cue && !evidence && !bracket_follows && m.country.is_none() {
            if !learned_only {
                self.town_cue(&m);
            }
            return m.start + 1;
        }
        if !evidence && m.start > 0 && self.cues.names_after.contains(t.folded(m.start - 1)) {
            return m.end;
        }
        // "Katiba Macina", "Ibrahim Traore": a bare name inside a longer
        // proper name is a person or a group.
        if !evidence && m.country.is_none() && self.inside_proper_name(m.start, m.end) {
            self.town_cue(&m);
            return m.end;
        }
        // "in Shewa Robit", "at Hamar Weyne": after a cue too, a name that
        // runs on into more capitalised words is a longer name the
        // gazetteer lacks, not its first word.
        if cued && m.country.is_none() && self.runs_on(m.end) {
            self.town_cue(&m);
            return m.end;
        }
        // "Natal" of "KwaZulu-Natal" is no place unless its head is one
        // ("Tripoli-Beirut road").
        if m.start >= 2
            && self.dash(m.start - 1)
            && self.glued(m.start - 2)
            && self.glued(m.start - 1)
            && self.word(m.start - 2)
            && t.folded(m.start - 2).len() > 3
            && self.mention_ending_at(m.start - 1).is_none()
        {
            return m.end;
        }
        // "OPS", "APC": acronyms of groups and operations, not villages.
        if !cued && m.end == m.start + 1 && m.country.is_none() {
            let w = t.text(self.text, m.start);
            if w.chars().count() >= 2 && w.chars().all(|ch| ch.is_uppercase()) {
                return m.end;
            }
        }
        // "the Roumtenga quarter": a part of a town, not the town.
        if c.sub_place_after.has_at(t, m.end, t.len()) {
            self.town_cue(&m);
            return m.end;
        }
        if let PlaceRole::Admin(_) = role {
            if hint_of.is_none() {
                hint_of = self.place_before(span);
            }
        }
        if let Some(code) = &m.country {
            self.out.countries.push(CountryCue {
                span: name,
                code: code.clone(),
            });
            // "in Nigeria's Borno State", "in Mali's central Mopti region":
            // the country owns the place named after it, which the locative
            // before the country places; the country is no place itself.
            if let Some(after) = self.possessive_at(m.end) {
                if self.name_within(after, POSSESSIVE_REACH) {
                    if self.locative_before(m.start) {
                        self.possessive_cue = Some((after, after + POSSESSIVE_REACH));
                    }
                    return after;
                }
            }
        }
        self.out.places.push(PlaceMention {
            span,
            name,
            key: m.key,
            role,
            cued,
            hint_of,
            country: m.country,
            away,
            respelled: m.respelled,
            unlisted: learned_only,
            offset,
        });
        next
    }

    /// "à 60 km de", "30 kilometres north of": the first token of the
    /// phrase, and the offset it gives when the distance is in figures.
    fn distance_before(&self, i: usize) -> Option<(usize, Option<Offset>)> {
        let c = self.cues;
        let t = self.tokens;
        let (mut s, _) = c.distance_links.ending_at(t, 0, i)?;
        let mut bearing = None;
        if let Some(d) = self.direction_before_link(s) {
            bearing = c.bearings.ending_at(t, 0, s).map(|(_, b)| *b);
            s = d;
        }
        let (num, per_unit) = match c.units.ending_at(t, 0, s) {
            Some((u, _)) => (
                u.checked_sub(1)?,
                c.unit_km.ending_at(t, 0, s).map_or(1.0, |(_, k)| *k),
            ),
            // "1km", glued into one word.
            None => {
                let w = s.checked_sub(1)?;
                let f = t.folded(w);
                let digits = f.bytes().take_while(u8::is_ascii_digit).count();
                let unit = crate::text::tokenize(&f[digits..], &Segmentation::default());
                if digits == 0 || !c.units.has_at(&unit, 0, 1) {
                    return None;
                }
                (w, c.unit_km.at(&unit, 0, 1).map_or(1.0, |(_, k)| *k))
            }
        };
        // "60 km", or a number in words: "une trentaine de kilomètres",
        // "a few kilometres", "quelques km".
        let mut first = num;
        let figure = if num + 1 != s && t.get(num).is_none_or(|x| x.kind != TokenKind::Number) {
            if !self.word(num) {
                return None;
            }
            if t.folded(num) == "de" || t.folded(num) == "of" {
                first = num.checked_sub(1).filter(|&w| self.word(w))?;
            }
            if first > 0 && self.word(first - 1) && t.folded(first - 1).len() <= 3 {
                first -= 1;
            }
            None
        } else {
            let f = t.folded(num);
            let digits: String = f
                .chars()
                .take_while(|ch| ch.is_ascii_digit() || *ch == '.' || *ch == ',')
                .map(|ch| if ch == ',' { '.' } else { ch })
                .collect();
            digits.parse::<f64>().ok()
        };
        let offset = figure
            .map(|n| n * per_unit)
            .filter(|km| km.is_finite() && *km > 0.0 && *km <= 1000.0)
            .map(|km| Offset { km, bearing });
        // "à 60 km": the preposition belongs to the phrase.
        let start = match c.locative.ending_at(t, 0, first) {
            Some((p, _)) if first - p == 1 => p,
            _ => first,
        };
        Some((start, offset))
    }

    /// "au nord" right before token `i` (with its article).
    fn direction_before_link(&self, i: usize) -> Option<usize> {
        let (d, _) = self.cues.directions.ending_at(self.tokens, 0, i)?;
        let art = d
            .checked_sub(1)
            .filter(|&a| matches!(self.tokens.folded(a), "au" | "a" | "l'" | "the"));
        Some(art.unwrap_or(d))
    }

    /// Token `i` is Y in "entre X et Y".
    fn closes_between(&mut self, i: usize) -> bool {
        let Some(open) = self.between_open else {
            return false;
        };
        let Some((s, _)) = self.cues.between_and.ending_at(self.tokens, 0, i) else {
            return false;
        };
        // Brackets after X ("entre Dori (Seno) et Gorgadji") are allowed.
        let mut k = open;
        if self.punct(k, '(') {
            while k < s && !self.punct(k, ')') {
                k += 1;
            }
            k += 1;
        }
        if k == s {
            self.between_open = None;
            true
        } else {
            false
        }
    }

    /// An administrative phrase closely after token `end`: "Boni, dans la
    /// commune de Hombori", "Seme in Sourou province".
    fn admin_follows(&self, end: usize) -> bool {
        let t = self.tokens;
        for k in end..(end + 4).min(t.len()) {
            if self.cues.admin_before.has_at(t, k, t.len())
                || (k > end && self.word(k) && self.cues.admin_after.has_at(t, k + 1, t.len()))
            {
                return true;
            }
            if self.punct(k, '.') || self.punct(k, ';') {
                return false;
            }
        }
        false
    }

    /// Whether the name at tokens `start..end` stands where an area of an
    /// earlier place is given: in brackets after it, or after it and a
    /// comma and before punctuation ("Seme (Toeni, Sourou)", "in El Alto,
    /// La Paz."). Gives the place it qualifies, if it is known and more
    /// precise than a region, and whether it is in brackets.
    fn hint_position(&self, start: usize, end: usize) -> Option<(Option<usize>, bool)> {
        if let Some(open) = self.bracket_open(start) {
            let before = self.skip_generic_word(open);
            if let Some(o) = self.mention_ending_at(before) {
                return Some((self.precise_owner(o), true));
            }
            let named = before > 0
                && self.word(before - 1)
                && self.tokens.is_capitalised(self.text, before - 1);
            return named.then_some((None, true));
        }
        let comma = start.checked_sub(1)?;
        if !self.punct(comma, ',') {
            return None;
        }
        let closes = end >= self.tokens.len()
            || self.tokens.get(end).is_some_and(|t| {
                t.kind == TokenKind::Punct && !self.dash(end) && !self.punct(end, '\'')
            });
        if !closes {
            return None;
        }
        let o = self.mention_ending_at(self.skip_generic_word(comma))?;
        // "in Buenos Aires, Nuevo Chimbote, Ancash": every area is of the first.
        let o = match self.out.places[o].hint_of {
            Some(first) => first,
            None => o,
        };
        Some((self.precise_owner(o), false))
    }

    /// `o`, unless it is a region or a country: then its hints are not
    /// details of it but the most precise places of the text.
    fn precise_owner(&self, o: usize) -> Option<usize> {
        matches!(
            self.out.places[o].role,
            PlaceRole::Named | PlaceRole::Relative
        )
        .then_some(o)
    }

    /// "Freetown city (…)", "Guru village, …": one lower-case word between a
    /// name and its bracket or comma. Returns the token where the name ends.
    fn skip_generic_word(&self, i: usize) -> usize {
        match i.checked_sub(1) {
            Some(w) if self.word(w) && !self.tokens.is_capitalised(self.text, w) => w,
            _ => i,
        }
    }

    /// The place mention whose span ends right before token `i`.
    fn mention_ending_at(&self, i: usize) -> Option<usize> {
        let prev = i.checked_sub(1)?;
        let end = self.tokens.get(prev)?.span.end;
        self.out.places.iter().rposition(|p| p.span.end == end)
    }

    /// A run of capitalised words the gazetteer does not know, standing
    /// where an area is given: kept so the resolver can match it with the
    /// admin names ("Mato Grosso", "Sector Autonomo de Bissau").
    fn unknown_hint_at(&mut self, i: usize) -> Option<usize> {
        if !self.word(i) || !self.tokens.is_capitalised(self.text, i) {
            return None;
        }
        if let Some(next) = self.unknown_division_at(i) {
            return Some(next);
        }
        let mut end = i + 1;
        while end < self.tokens.len() && end - i < 8 {
            if self.word(end) && self.spaced(end - 1) {
                end += 1;
            } else if self.dash(end) && self.glued(end - 1) && self.glued(end) && self.word(end + 1)
            {
                end += 2;
            } else {
                break;
            }
        }
        let last_cap = (i..end)
            .rev()
            .find(|&k| self.tokens.is_capitalised(self.text, k))?;
        if last_cap + 1 != end {
            return None;
        }
        let (owner, _) = self.hint_position(i, end)?;
        // Only the areas of a known place: after an unknown name a bracket
        // may hold a group's acronym or a translation.
        owner?;
        // "Pobe-Mengao-Soum": the known parts of a joined name.
        let parts: Vec<(usize, usize)> = {
            let mut v = Vec::new();
            let mut a = i;
            for k in i..end {
                if self.dash(k) {
                    v.push((a, k));
                    a = k + 1;
                }
            }
            v.push((a, end));
            v
        };
        let known: Vec<(usize, usize, String)> = parts
            .iter()
            .filter(|(a, b)| b > a)
            .map(|&(a, b)| (a, b, name_key(self.span(a, b).text(self.text))))
            .filter(|(_, _, k)| {
                k.chars().count() >= 3
                    && !self.cues.not_places.contains(k)
                    && self.rec.gazetteer.contains_key(k)
            })
            .collect();
        // "Nord-Ouest" is one name, not "Nord" and "Ouest".
        let directional = parts
            .iter()
            .any(|&(a, b)| b == a + 1 && self.cues.directions.has_at(self.tokens, a, b));
        let pieces = if parts.len() > 1 && !known.is_empty() && !directional {
            known
        } else {
            let span = self.span(i, end);
            let w = span.text(self.text);
            if w.chars()
                .filter(|c| c.is_alphabetic())
                .all(char::is_uppercase)
            {
                return None;
            }
            vec![(i, end, name_key(w))]
        };
        for (a, b, key) in pieces {
            if key.chars().count() < 3 || self.cues.not_places.contains(&key) {
                continue;
            }
            let span = self.span(a, b);
            self.out.places.push(PlaceMention {
                span,
                name: span,
                key,
                role: PlaceRole::Admin(0),
                cued: false,
                hint_of: owner,
                country: None,
                away: false,
                respelled: false,
                unlisted: false,
                offset: None,
            });
        }
        Some(end)
    }

    /// A capitalised name no GeoNames entry has, where a village cue says
    /// a place is named: "le village de Kountouga", "Kountouga village",
    /// "Kountouga, a village 30 km north of Dori", and the names listed
    /// after a plural cue ("les villages de X et Y"). Returns the next token.
    fn unlisted_at(&mut self, i: usize) -> Option<usize> {
        let c = self.cues;
        let t = self.tokens;
        if !self.word(i) || !t.is_capitalised(self.text, i) {
            return None;
        }
        let before = c.unlisted_before.ending_at(t, 0, i).is_some();
        let end = self.capitalised_run(i);
        let after = !before
            && (c.unlisted_after.has_at(t, end, t.len())
                || (self.punct(end, ',') && c.unlisted_after.has_at(t, end + 1, t.len())));
        if !(before || after) || !self.push_unlisted(i, end) {
            return None;
        }
        let mut next = end;
        if !before {
            return Some(next);
        }
        // "the villages of X, Y and Z": the others of the list.
        loop {
            let mut k = next;
            if self.punct(k, ',') {
                k += 1;
            }
            if c.between_and.has_at(t, k, k + 1) || c.list_or.contains(t.folded(k)) {
                k += 1;
            }
            if k == next || !self.word(k) || !t.is_capitalised(self.text, k) {
                break;
            }
            let e = self.capitalised_run(k);
            if !self.push_unlisted(k, e) {
                break;
            }
            next = e;
        }
        Some(next)
    }

    /// The end of the run of capitalised words from `i` ("Tchoma Bangou",
    /// "Ti-n-Akof"), at most [`MAX_WORDS`] words, stopping before a word
    /// that says what kind of place it is ("Kountouga Village").
    fn capitalised_run(&self, i: usize) -> usize {
        let t = self.tokens;
        let mut end = i + 1;
        let mut words = 1;
        while end < t.len() && words < MAX_WORDS {
            let joined = if self.word(end) && self.spaced(end - 1) {
                1
            } else if self.dash(end) && self.glued(end - 1) && self.glued(end) && self.word(end + 1)
            {
                2
            } else {
                break;
            };
            let w = end + joined - 1;
            if !t.is_capitalised(self.text, w)
                || self.cues.unlisted_after.word(t.folded(w)).is_some()
                || self.cues.facility_after.contains(t.folded(w))
            {
                break;
            }
            end += joined;
            words += 1;
        }
        end
    }

    /// Records tokens `start..end` as an unlisted village, unless the name
    /// is a listed place, a country, a people or no place at all.
    fn push_unlisted(&mut self, start: usize, end: usize) -> bool {
        let t = self.tokens;
        let span = self.span(start, end);
        let written = span.text(self.text);
        let key = name_key(written);
        let acronym = written
            .chars()
            .filter(|ch| ch.is_alphabetic())
            .all(char::is_uppercase);
        if key.chars().count() < 3
            || acronym
            || self.cues.not_places.contains(&key)
            || self.cues.not_places.contains(t.folded(start))
            || self.cues.common_words.contains(&key)
            || self.rec.demonyms.contains_key(t.folded(start))
            || self.rec.countries.contains_key(&key)
            || self.rec.gazetteer.contains_listed_key(&key)
            || self.rec.gazetteer.has_division_named(&key, &['1', '2'])
            // Another spelling of a listed place ("Bounty" for Bounti) is
            // read as that place, where the text's countries allow it.
            || sitrep_gazetteer::spelling_variants(&key)
                .iter()
                .any(|v| self.rec.gazetteer.contains_listed_key(v))
        {
            return false;
        }
        self.out.places.push(PlaceMention {
            span,
            name: span,
            key,
            role: PlaceRole::Named,
            cued: true,
            hint_of: None,
            country: None,
            away: false,
            respelled: false,
            unlisted: true,
            offset: None,
        });
        true
    }

    /// "in Yagha province", "région de Ménaka" with a name the gazetteer
    /// lacks: kept as an administrative hint, for the resolver to match
    /// with the names of the divisions.
    fn unknown_division_at(&mut self, i: usize) -> Option<usize> {
        let t = self.tokens;
        let mut end = i + 1;
        // "Kirinyaga County": the capitalised administrative word is not
        // part of the name.
        while end < t.len()
            && end - i < 5
            && self.word(end)
            && self.spaced(end - 1)
            && t.is_capitalised(self.text, end)
            && self.cues.admin_after.at(t, end, t.len()).is_none()
        {
            end += 1;
        }
        let key = name_key(self.span(i, end).text(self.text));
        if key.chars().count() < 3
            || self.cues.not_places.contains(&key)
            || self.cues.not_places.contains(t.folded(i))
        {
            return None;
        }
        let (span, level, next) =
            if let Some((s, level)) = self.cues.admin_before.ending_at(t, 0, i) {
                (self.span(s, end), *level, end)
            } else if let Some((e, level)) = self.cues.admin_after.at(t, end, t.len()) {
                (self.span(i, e), *level, e)
            } else {
                return None;
            };
        // Not tied to the place before: a district named after a town may
        // lie inside it ("Izmir ... Konak district"), a province around it.
        self.out.places.push(PlaceMention {
            span,
            name: self.span(i, end),
            key,
            role: PlaceRole::Admin(level),
            cued: false,
            hint_of: None,
            country: None,
            away: false,
            respelled: false,
            unlisted: false,
            offset: None,
        });
        Some(next)
    }

    /// Keeps the country of a name that is no place of the event but names
    /// a large town of one country: a school, an official or a suburb of
    /// Kisumu is in Kenya. It also keeps that of a bare name that needed a
    /// cue and had none ("Kisumu Girls' School has been closed" opening a
    /// sentence); used only when no place or country tells the country.
    /// Small places share their names across borders and with people, so
    /// only towns of [`MIN_TOWN_POPULATION`] count, and only when no other
    /// country has a town that large of that name.
    fn town_cue(&mut self, m: &NameMatch) {
        if m.respelled || self.cues.common_words.contains(&m.key) {
            return;
        }
        let mut countries = self
            .rec
            .gazetteer
            .lookup(&m.key)
            .into_iter()
            .filter(|p| p.feature_class == 'P' && p.population >= MIN_TOWN_POPULATION)
            .map(|p| p.country_code);
        let Some(code) = countries.next() else {
            return;
        };
        if countries.all(|c| c == code) {
            self.out.towns.push(CountryCue {
                span: self.span(m.start, m.end),
                code,
            });
        }
    }

    /// Whether a locative ends right before token `i` ("à", "in"), or
    /// before the country whose possessive `i` follows.
    fn locative_before(&self, i: usize) -> bool {
        self.cues.locative.ending_at(self.tokens, 0, i).is_some()
            || self
                .possessive_cue
                .is_some_and(|(from, to)| from <= i && i <= to)
    }

    /// The token after a possessive "'s" at token `i`, if there is one.
    fn possessive_at(&self, i: usize) -> Option<usize> {
        let t = self.tokens;
        match t.folded(i) {
            "'s" => Some(i + 1),
            "'" if t.folded(i + 1) == "s" && self.glued(i) => Some(i + 2),
            _ => None,
        }
    }

    /// Whether a capitalised place name starts within `reach` tokens of
    /// `i` ("Borno", or "Mopti" past "central").
    fn name_within(&self, i: usize, reach: usize) -> bool {
        (i..(i + reach + 1).min(self.tokens.len())).any(|k| {
            self.word(k) && self.tokens.is_capitalised(self.text, k) && self.name_at(k).is_some()
        })
    }

    /// A capitalised word right before or after the name, not part of it.
    fn inside_proper_name(&self, start: usize, end: usize) -> bool {
        let t = self.tokens;
        let before = start > 0
            && self.spaced(start - 1)
            && self.word(start - 1)
            && t.is_capitalised(self.text, start - 1)
            && !self.sentence_initial(start - 1);
        let after = self.spaced(end - 1)
            && self.word(end)
            && t.is_capitalised(self.text, end)
            && !self.cues.facility_after.contains(t.folded(end));
        before || after
    }

    /// A capitalised word right after the name that is no facility noun, no
    /// date word and no cue: the name goes on.
    fn runs_on(&self, end: usize) -> bool {
        let t = self.tokens;
        self.spaced(end.wrapping_sub(1))
            && self.word(end)
            && t.is_capitalised(self.text, end)
            && !self.cues.facility_after.contains(t.folded(end))
            && !self.cues.not_places.contains(t.folded(end))
            && !self.cues.admin_after.has_at(t, end, t.len())
            && !self.cues.sub_place_after.has_at(t, end, t.len())
    }

    /// The opening bracket of the bracket token `i` is in, if only names
    /// and commas stand between them.
    fn bracket_open(&self, i: usize) -> Option<usize> {
        let mut k = i;
        while k > 0 && i - k <= 12 {
            k -= 1;
            if self.punct(k, '(') {
                return Some(k);
            }
            if !(self.word(k) || self.punct(k, ',') || self.dash(k) || self.punct(k, '\'')) {
                return None;
            }
        }
        None
    }

    /// The place mention an administrative phrase at `span` qualifies: the
    /// last one before it, close enough and in the same sentence.
    fn place_before(&self, span: Span) -> Option<usize> {
        let idx = self.out.places.len().checked_sub(1)?;
        let last = &self.out.places[idx];
        if last.country.is_some() {
            return None;
        }
        let from = self.tokens.index_at(last.span.end);
        let to = self.tokens.index_at(span.start);
        // "near Gao and in the Menaka region": a second place, not an area
        // of the first.
        let stops = (from..to).any(|k| {
            self.tokens
                .get(k)
                .is_some_and(|t| matches!(t.span.text(self.text), "." | "!" | "?" | ";"))
                || self.cues.between_and.has_at(self.tokens, k, to)
                || self.cues.list_or.contains(self.tokens.folded(k))
        });
        (to.saturating_sub(from) <= HINT_REACH && !stops).then_some(idx)
    }
}
