//! Actors: canonical ACLED names from the per-language alias lexicon
//! `data/lang/<code>/actors.toml`.
//!
//! Aliases are matched on folded tokens, longest first; acronyms ("IS",
//! "FAMa") only as written, so "is" the verb is never the Islamic State.
//! Generic names carry a `{country}` slot ("Civilians ({country})"): a
//! country word right after the alias ("soldats maliens", "l'armée du
//! Mali") or right before it ("Malian soldiers") fills it, and the mention
//! then covers that word too. Unfilled, the literal `{country}` stays in the
//! name for the assembler to fill with the country of the report.
//!
//! Two mentions side by side, joined only by "du", "of the", brackets...,
//! are one actor: "mercenaires russes du groupe Wagner", "JNIM militants"
//! (the named group absorbs the generic word next to it).

use crate::lexicon::{LexiconError, LexiconSource, Segmentation};
use crate::quantity::phrases::Phrases;
use crate::text::{TokenKind, Tokens};
use rustc_hash::FxHashMap as HashMap;
use serde::Deserialize;
use sitrep_core::{ActorValue, Lang, Mention, MentionValue, Span};
use std::collections::BTreeMap;

/// The slot a generic name leaves for the country.
pub const COUNTRY_SLOT: &str = "{country}";

#[derive(Deserialize)]
struct ActorFile {
    /// Country name (as ACLED writes it) → its adjectives and names.
    #[serde(default)]
    countries: BTreeMap<String, Vec<String>>,
    /// Words between an alias and its country: "du" (l'armée du Mali), "of".
    #[serde(default)]
    country_links: Vec<String>,
    /// Words that may stand between two mentions of one actor.
    #[serde(default)]
    joiners: Vec<String>,
    /// Elided articles kept with the name ("L'armée malienne").
    #[serde(default)]
    glued_articles: Vec<String>,
    /// Phrases where an alias is no actor ("camp militaire").
    #[serde(default)]
    not_actors: Vec<String>,
    #[serde(default, rename = "actor")]
    actors: Vec<ActorEntry>,
}

#[derive(Deserialize)]
struct ActorEntry {
    name: String,
    inter: u8,
    #[serde(default)]
    aliases: Vec<String>,
    /// Matched only as written, case included.
    #[serde(default)]
    acronyms: Vec<String>,
    /// A common noun ("militants", "soldiers") that yields to a named actor beside it.
    #[serde(default)]
    generic: bool,
    /// ISO 3166 alpha-2 of the one country the group acts in (the Houthis
    /// in Yemen, the Taliban in Afghanistan): naming it points at that
    /// country as a demonym does.
    #[serde(default)]
    country: Option<String>,
}

#[derive(Clone, Debug)]
struct Actor {
    name: String,
    inter: u8,
    generic: bool,
}

/// An actor mention in token indices, before merging neighbours.
#[derive(Clone, Debug)]
struct Raw {
    start: usize,
    end: usize,
    actor: usize,
    name: String,
    /// The country that filled the slot of the name.
    country: Option<String>,
}

pub struct ActorRecognizer {
    actors: Vec<Actor>,
    /// Canonical name → the one country the group acts in.
    home: HashMap<String, String>,
    aliases: Phrases<usize>,
    acronyms: HashMap<String, usize>,
    countries: Phrases<String>,
    country_links: Phrases<()>,
    joiners: Phrases<()>,
    glued: Phrases<()>,
    not_actors: Phrases<()>,
}

impl ActorRecognizer {
    /// The one country the actor of this canonical name acts in, if the
    /// lexicon gives one.
    pub fn home_country(&self, name: &str) -> Option<&str> {
        self.home.get(name).map(String::as_str)
    }

    pub fn new(lang: Lang, src: &LexiconSource) -> Result<Self, LexiconError> {
        let (_, path) = src.text(lang, "actors.toml")?;
        let f: ActorFile = src.toml(lang, "actors.toml")?;
        let seg = Segmentation::load(src)?;
        let invalid = |message: String| LexiconError::Invalid {
            path: path.clone(),
            message,
        };
        let mut actors = Vec::with_capacity(f.actors.len());
        let mut home = HashMap::default();
        let mut aliases = Vec::new();
        let mut acronyms = HashMap::default();
        for (i, a) in f.actors.into_iter().enumerate() {
            if a.name.trim().is_empty() {
                return Err(invalid(format!("actor number {} has an empty name", i + 1)));
            }
            if !(1..=8).contains(&a.inter) {
                return Err(invalid(format!(
                    "actor '{}' has inter {}; ACLED inter codes run from 1 to 8",
                    a.name, a.inter
                )));
            }
            if a.aliases.is_empty() && a.acronyms.is_empty() {
                return Err(invalid(format!(
                    "actor '{}' has no aliases nor acronyms to be found by",
                    a.name
                )));
            }
            aliases.extend(a.aliases.into_iter().map(|w| (w, i)));
            for acr in a.acronyms {
                if let Some(prev) = acronyms.insert(acr.clone(), i) {
                    if prev != i {
                        return Err(invalid(format!(
                            "acronym '{acr}' is listed for two actors ('{}' and '{}')",
                            actors.get(prev).map_or("?", |p: &Actor| p.name.as_str()),
                            a.name
                        )));
                    }
                }
            }
            if let Some(code) = a.country {
                if code.len() != 2 || !code.chars().all(|c| c.is_ascii_uppercase()) {
                    return Err(invalid(format!(
                        "actor '{}' has country '{code}'; give an ISO 3166 alpha-2 code such as \"YE\"",
                        a.name
                    )));
                }
                home.insert(a.name.clone(), code);
            }
            actors.push(Actor {
                name: a.name,
                inter: a.inter,
                generic: a.generic,
            });
        }
        let countries = f
            .countries
            .into_iter()
            .flat_map(|(country, words)| words.into_iter().map(move |w| (w, country.clone())));
        Ok(ActorRecognizer {
            actors,
            home,
            aliases: Phrases::new(aliases, &seg),
            acronyms,
            countries: Phrases::new(countries, &seg),
            country_links: Phrases::words(&f.country_links, &seg),
            joiners: Phrases::words(&f.joiners, &seg),
            glued: Phrases::words(&f.glued_articles, &seg),
            not_actors: Phrases::words(&f.not_actors, &seg),
        })
    }

    /// Every actor mention (MentionValue::Actor) in `text`, in text order.
    pub fn find(&self, text: &str, tokens: &Tokens, sentences: &[Span]) -> Vec<Mention> {
        let whole = [Span::new(0, text.len())];
        let sentences = if sentences.is_empty() {
            &whole[..]
        } else {
            sentences
        };
        let mut out = Vec::new();
        for s in sentences {
            let r = tokens.range_in(*s);
            let raw = self.merge(tokens, self.raw(text, tokens, r.start, r.end));
            for m in raw {
                let Some(actor) = self.actors.get(m.actor) else {
                    continue;
                };
                let mut first = m.start;
                if let Some((g, _)) = self.glued.ending_at(tokens, r.start, first) {
                    if tokens.get(g).is_some_and(|t| t.kind == TokenKind::Elision) {
                        first = g;
                    }
                }
                // "(FAMa" after a merge: close the bracket it opened.
                let mut end = m.end;
                let depth = (first..end).fold(0i32, |d, k| match tokens.folded(k) {
                    "(" => d + 1,
                    ")" => d - 1,
                    _ => d,
                });
                if depth > 0 && end < r.end && tokens.folded(end) == ")" {
                    end += 1;
                }
                let (Some(a), Some(b)) = (tokens.get(first), tokens.get(end - 1)) else {
                    continue;
                };
                let value = ActorValue {
                    name: m.name,
                    inter: actor.inter,
                };
                out.push(Mention::new(
                    text,
                    Span::new(a.span.start, b.span.end),
                    MentionValue::Actor(value),
                ));
            }
        }
        out
    }

    /// The actors in tokens `from..to`, left to right, with their country filled.
    fn raw(&self, text: &str, tokens: &Tokens, from: usize, to: usize) -> Vec<Raw> {
        let mut out = Vec::new();
        let mut i = from;
        while i < to {
            if let Some((e, _)) = self.not_actors.at(tokens, i, to) {
                i = e;
                continue;
            }
            let acronym = self.acronyms.get(tokens.text(text, i)).map(|&a| (i + 1, a));
            let alias = self.aliases.at(tokens, i, to).map(|(e, &a)| (e, a));
            let found = match (acronym, alias) {
                (Some(x), Some(y)) => Some(if y.0 > x.0 { y } else { x }),
                (x, y) => x.or(y),
            };
            let Some((end, actor)) = found else {
                i += 1;
                continue;
            };
            let Some(a) = self.actors.get(actor) else {
                i += 1;
                continue;
            };
            let mut raw = Raw {
                start: i,
                end,
                actor,
                name: a.name.clone(),
                country: None,
            };
            if a.name.contains(COUNTRY_SLOT) {
                self.fill_country(tokens, from, to, &mut raw);
            }
            i = raw.end;
            out.push(raw);
        }
        out
    }

    /// "soldats maliens", "l'armée du Mali", "Malian soldiers".
    fn fill_country(&self, tokens: &Tokens, from: usize, to: usize, raw: &mut Raw) {
        let link = self
            .country_links
            .at(tokens, raw.end, to)
            .map_or(raw.end, |(e, _)| e);
        let after = self
            .countries
            .at(tokens, raw.end, to)
            .or_else(|| self.countries.at(tokens, link, to));
        if let Some((e, country)) = after {
            raw.name = raw.name.replace(COUNTRY_SLOT, country);
            raw.country = Some(country.clone());
            raw.end = e;
            return;
        }
        if let Some((s, country)) = self.countries.ending_at(tokens, from, raw.start) {
            raw.name = raw.name.replace(COUNTRY_SLOT, country);
            raw.country = Some(country.clone());
            raw.start = s;
        }
    }

    /// Neighbours joined only by joiner words become one mention: the same
    /// actor twice, or a named actor with a generic word for it.
    fn merge(&self, tokens: &Tokens, raw: Vec<Raw>) -> Vec<Raw> {
        let mut out: Vec<Raw> = Vec::with_capacity(raw.len());
        for m in raw {
            let Some(prev) = out.last_mut() else {
                out.push(m);
                continue;
            };
            if !self.joined(tokens, prev.end, m.start) {
                out.push(m);
                continue;
            }
            let generic = |r: &Raw| self.actors.get(r.actor).is_some_and(|a| a.generic);
            let keep_prev = prev.name == m.name || (generic(&m) && !generic(prev));
            let keep_next = !keep_prev && generic(prev) && !generic(&m);
            // "l'armée de la junte malienne": the army of the country named next.
            let owner_country = match (&prev.country, &m.country) {
                (None, Some(c)) if generic(prev) && generic(&m) => Some(c.clone()),
                _ => None,
            };
            if let (Some(c), Some(a)) = (owner_country, self.actors.get(prev.actor)) {
                if a.name.contains(COUNTRY_SLOT) {
                    prev.name = a.name.replace(COUNTRY_SLOT, &c);
                    prev.country = Some(c);
                    prev.end = m.end;
                    continue;
                }
            }
            if keep_prev {
                prev.end = m.end;
            } else if keep_next {
                let start = prev.start;
                *prev = m;
                prev.start = start;
            } else {
                out.push(m);
            }
        }
        out
    }

    /// Only joiner words (or nothing) between tokens `a` and `b`.
    fn joined(&self, tokens: &Tokens, mut a: usize, b: usize) -> bool {
        while a < b {
            match self.joiners.at(tokens, a, b) {
                Some((e, _)) => a = e,
                None => return false,
            }
        }
        true
    }
}

#[cfg(test)]
mod tests;
