//! Place names to GeoNames entries.
//!
//! Every name the gazetteer knows has candidates; one is chosen by evidence,
//! strongest first: the administrative hints that qualify it ("Seme (Toeni,
//! Sourou)", "commune de Bankass") and, more weakly, every hint of the text;
//! the country in focus (country names and demonyms); the feature class (a
//! town before a district, a district before a wadi or a well); closeness to
//! the other places of the text; population. Places given relative to
//! another take its entry with geo_precision 2; a region or a country alone
//! takes the country's or the region's point with geo_precision 3.

use sitrep_annotate::places::{most_frequent, Offset, PlaceMention, PlaceRole};
use sitrep_annotate::Annotation;
use sitrep_core::{MentionValue, PlaceValue};
use sitrep_gazetteer::{name_key, spelling_variants, Gazetteer, Place};

/// Weights of the evidence. Hints outweigh everything; the country in focus
/// outweighs class and population; closeness breaks the remaining ties.
const OWN_HINT: f64 = 100.0;
const TEXT_HINT: f64 = 25.0;
const FOCUS: f64 = 40.0;
/// For a candidate in or near a country the text names, when it is not in
/// the country in focus: more than any town's size.
const NEAR_NAMED: f64 = MAX_POPULATION + 1.0;
const MAX_POPULATION: f64 = 20.0;
/// A place whose own name is the name read, over one that has it only as
/// an alternate spelling ("Kandi" the Beninese town, not Kandy in Sri
/// Lanka): a tie-breaker between towns of like size.
const OWN_NAME: f64 = 3.0;
/// Within this distance of a hint's town, a place is in that hint's area (km).
const HINT_RADIUS_KM: f64 = 40.0;
/// Within this distance of a province's point, a place with no province
/// code in GeoNames may be in that province (km).
const PROVINCE_RADIUS_KM: f64 = 50.0;
/// A named place farther than this from every area its own hints name is
/// a namesake elsewhere; the hint says more (km).
const NAMESAKE_KM: f64 = 50.0;
/// A place in a country the text does not name is kept only this close to
/// the point of one it names (km): across a border, not across a continent.
const NEIGHBOUR_KM: f64 = 1200.0;
/// At most this many tokens between a reporting cue and the place where it
/// was said ("said on Sunday in Niamey").
const WHERE_SAID_TOKENS: usize = 5;

/// One value per place mention of `ann`, index for index.
pub fn resolve_all(text: &str, ann: &Annotation, gazetteer: &Gazetteer) -> Vec<Option<PlaceValue>> {
    let mentions = &ann.places;
    let named = named_countries(ann, gazetteer);
    let cued: Vec<&str> = ann.cued_countries().collect();
    let mut candidates: Vec<Vec<Place>> = mentions
        .iter()
        .map(|m| {
            if m.key.is_empty() || m.country.is_some() {
                Vec::new()
            } else {
                // The areas of a name the gazetteer lacks (a village, or
                // an unknown area) have no candidate of it to qualify:
                // they stand for themselves.
                let qualifies = m.hint_of.is_some_and(|o| {
                    !mentions[o].unlisted && gazetteer.contains_key(&mentions[o].key)
                });
                candidates_of(m, qualifies, &named, &cued, gazetteer)
            }
        })
        .collect();
    // A foreign place needs the text to name its country, or to be next to
    // one it is about ("Boma" in a report on Chad is not the Congolese
    // port); a text naming a country in passing rules nothing out.
    if about_named(ann, &named, &candidates) {
        for cands in candidates.iter_mut() {
            cands.retain(|p| in_or_near(&named, p));
        }
    }
    // Another spelling of a name is trusted only in the text's countries,
    // as the other names tell them: "Bennsh" is not Binche, Belgium, in a
    // report on Idlib.
    let spelled: Vec<Vec<Place>> = mentions
        .iter()
        .zip(&candidates)
        .map(|(m, c)| if m.respelled { Vec::new() } else { c.clone() })
        .collect();
    let spelled_focus = country_in_focus(ann, &spelled);
    for (m, cands) in mentions.iter().zip(candidates.iter_mut()) {
        if m.respelled {
            cands.retain(|p| {
                spelled_focus.as_deref() == Some(p.country_code.as_str())
                    || named.iter().any(|(code, _)| *code == p.country_code)
            });
        }
    }
    let focus = country_in_focus(ann, &candidates);
    let ctx = Context {
        gazetteer,
        mentions,
        candidates: &candidates,
        focus: focus.as_deref(),
        named: &named,
    };

    // First without closeness; then the places settled by strong evidence
    // (a single candidate, or a hint that matched) anchor the others.
    let first: Vec<Option<(usize, bool)>> =
        (0..mentions.len()).map(|i| ctx.choose(i, &[])).collect();
    let anchors: Vec<(usize, &Place)> = first
        .iter()
        .enumerate()
        .filter_map(|(i, c)| match c {
            // A lone candidate of a bare capitalised word ("Attica local
            // employees") is no anchor: the name may not be a place at all.
            Some((k, sure))
                if *sure
                    || (candidates[i].len() == 1
                        && (mentions[i].cued || mentions[i].role != PlaceRole::Named)) =>
            {
                Some((i, &candidates[i][*k]))
            }
            _ => None,
        })
        .collect();
    let mut values: Vec<Option<PlaceValue>> = (0..mentions.len())
        .map(|i| {
            let m = &mentions[i];
            if m.role == PlaceRole::Region || m.country.is_some() {
                return ctx.region(m);
            }
            let chosen = ctx.choose(i, &anchors);
            let place = chosen.map(|(k, _)| &candidates[i][k]);
            let hinted = chosen.is_some_and(|(_, h)| h);
            if let Some(v) = ctx.hint_instead(i, place, hinted) {
                return Some(v);
            }
            let p = place?;
            Some(ctx.value(p, precision(m, p)))
        })
        .collect();
    one_sense_per_text(mentions, &ctx, &mut values);
    teach_unlisted(text, ann, &ctx, &mut values);
    values
}

/// Most bytes between an unlisted village and the place it is given from
/// ("Kountouga, un petit village situé à 30 km au nord de Dori").
const GIVEN_FROM_BYTES: usize = 60;

/// Places each village GeoNames lacks by what the text says of it: in the
/// area its hints name ("X (commune de Z)"), else at the place it is given
/// from, moved by the distance and bearing when both are stated ("X, a
/// village 40 km north of Y"); geo_precision 2 either way. The value's
/// feature is `P.TAUGHT`: the lesson `ingest` adds to the learned places.
/// A village with no such anchor keeps what it resolved to (a learned
/// place, or its region).
fn teach_unlisted(text: &str, ann: &Annotation, ctx: &Context, values: &mut [Option<PlaceValue>]) {
    let mentions = ctx.mentions;
    for i in 0..mentions.len() {
        let m = &mentions[i];
        if !m.unlisted {
            continue;
        }
        // The first hint, as the text's other places resolved it: with no
        // candidate of the village to choose among, a town after its comma
        // ("Makhanpur village, Bhagwanpur") is its area too. A region's
        // point is too far from most of its villages.
        let from_hint = ctx
            .own_hints(i)
            .into_iter()
            .find_map(|h| values[h].clone())
            .filter(|v| v.feature.as_deref() != Some("A.ADM1"));
        let given_from = || {
            let j = i + 1;
            let r = mentions.get(j)?;
            let close = r.span.start >= m.span.end
                && r.span.start - m.span.end <= GIVEN_FROM_BYTES
                && ann.sentence_of(r.span.start) == ann.sentence_of(m.span.start);
            if r.role != PlaceRole::Relative || r.hint_of.is_some() || !close {
                return None;
            }
            let mut v = values[j].clone().filter(|v| v.geo_precision <= 2)?;
            if let Some(Offset {
                km,
                bearing: Some(b),
            }) = r.offset
            {
                (v.latitude, v.longitude) =
                    sitrep_core::geo::offset(v.latitude, v.longitude, km, b);
            }
            Some(v)
        };
        let Some(anchor) = from_hint.or_else(given_from) else {
            continue;
        };
        // A village learned before, where this text puts it, stays as
        // learned: a province's point says less than an earlier "30 km
        // north of Dori".
        let reach = if anchor
            .feature
            .as_deref()
            .is_some_and(|f| f.starts_with("A."))
        {
            3.0 * NAMESAKE_KM
        } else {
            NAMESAKE_KM
        };
        let learned = format!("P.{}", sitrep_gazetteer::learned::LEARNED_FEATURE);
        if values[i].as_ref().is_some_and(|v| {
            v.feature.as_deref() == Some(learned.as_str())
                && haversine_km(v.latitude, v.longitude, anchor.latitude, anchor.longitude) <= reach
        }) {
            continue;
        }
        let name = m.name.text(text).to_string();
        let id = ctx.gazetteer.learned().id_for(
            &anchor.country_code,
            &m.key,
            anchor.latitude,
            anchor.longitude,
        );
        values[i] = Some(PlaceValue {
            geonameid: id,
            name,
            feature: Some(format!("P.{TAUGHT_FEATURE}")),
            geo_precision: 2,
            ..anchor
        });
    }
}

/// Feature code of a village placed by the text that names it (see
/// [`teach_unlisted`]).
pub const TAUGHT_FEATURE: &str = "TAUGHT";

/// The countries the text names, with their points. Only names count: a
/// demonym may tell who someone is ("Nigerien truck drivers") rather than
/// where the text is, so it gives the country in focus but rules out no
/// place.
fn named_countries(ann: &Annotation, gazetteer: &Gazetteer) -> Vec<(String, Option<Place>)> {
    let mut out: Vec<(String, Option<Place>)> = Vec::new();
    let in_text = ann.places.iter().filter_map(|m| m.country.as_ref());
    for code in ann.title_countries.named.iter().chain(in_text) {
        if !out.iter().any(|(c, _)| c == code) {
            out.push((code.clone(), gazetteer.country(code)));
        }
    }
    // A region's name that no division of another country bears names
    // its country: "Diyala province", "Idleb", "Nangarhar" (not "Comoe",
    // a district of Côte d'Ivoire and a province of Burkina Faso).
    for m in &ann.places {
        if m.key.is_empty() || m.country.is_some() || m.away {
            continue;
        }
        // Codes only: working out a division's point can scan every place.
        let divisions = gazetteer.division_codes_named(&m.key);
        let country = |code: &str| code.split('.').next().unwrap_or("").to_string();
        let Some(code) = divisions
            .iter()
            .find(|(level, _)| *level == '1')
            .map(|(_, c)| country(c))
        else {
            continue;
        };
        let code = &code;
        // Nor one whose best-known bearer is a town elsewhere ("Porto
        // Novo", a Cape Verdean county and Benin's capital).
        let entries = gazetteer.lookup(&m.key);
        let elsewhere = entries
            .iter()
            .any(|p| p.feature_class == 'A' && p.country_code != *code)
            || entries.first().is_some_and(|p| p.country_code != *code);
        if !elsewhere
            && divisions.iter().all(|(_, c)| country(c) == *code)
            && !out.iter().any(|(c, _)| c == code)
        {
            out.push((code.clone(), gazetteer.country(code)));
        }
    }
    out
}

/// Whether `p` is in one of the `named` countries or within
/// [`NEIGHBOUR_KM`] of one's point.
fn in_or_near(named: &[(String, Option<Place>)], p: &Place) -> bool {
    named.iter().any(|(code, point)| {
        *code == p.country_code || point.as_ref().is_some_and(|q| km(p, q) <= NEIGHBOUR_KM)
    })
}

/// Whether the text is about the countries it names, not naming them in
/// passing ("outside the France embassy in Conakry"): one is named twice,
/// or some place of the text may lie in one.
fn about_named(
    ann: &Annotation,
    named: &[(String, Option<Place>)],
    candidates: &[Vec<Place>],
) -> bool {
    let is_named = |code: &str| named.iter().any(|(c, _)| c == code);
    // A headline set in a country ("Mali : ...") says what the text is about.
    if !ann.title_countries.named.is_empty() {
        return true;
    }
    let twice = named.iter().any(|(code, _)| {
        ann.places
            .iter()
            .filter(|m| m.country.as_deref() == Some(code.as_str()))
            .count()
            >= 2
    });
    twice
        || candidates
            .iter()
            .any(|cands| cands.iter().any(|p| is_named(&p.country_code)))
}

/// The entries mention `m` may name: the gazetteer's, and the regions (and
/// for an administrative phrase, the provinces) of that name. When the text
/// names countries, an entry in one of them rules out its namesakes
/// elsewhere ("Moura" in a report on Mali is not the Portuguese town); with
/// none there, another spelling of the name is tried in them ("Mourra").
/// `qualifies`: `m` is a hint of a place with candidates of its own, which
/// the hint chooses among rather than standing for itself.
fn candidates_of(
    m: &PlaceMention,
    qualifies: bool,
    named: &[(String, Option<Place>)],
    cued: &[&str],
    gazetteer: &Gazetteer,
) -> Vec<Place> {
    // A hint of another place is matched with the divisions by name
    // already; only a name standing for itself may be a division.
    let levels: &[char] = match m.role {
        _ if qualifies => &[],
        PlaceRole::Admin(_) => &['1', '2'],
        _ => &['1'],
    };
    let entries = |key: &str| {
        let mut out = gazetteer.lookup(key);
        for d in gazetteer.divisions_named(key, levels) {
            if d.geonameid == 0 || !out.iter().any(|p| p.geonameid == d.geonameid) {
                out.push(d);
            }
        }
        out
    };
    let mut cands = entries(&m.key);
    // An administrative hint ("Boma, Lac province") in a country the text
    // names or points at is that country's division of the name, even where
    // no dump lists it: so it can stand in for a village GeoNames lacks.
    if qualifies && matches!(m.role, PlaceRole::Admin(_)) {
        for d in gazetteer.divisions_named(&m.key, &['1', '2']) {
            if cued.contains(&d.country_code.as_str())
                && !cands.iter().any(|p| p.geonameid == d.geonameid)
            {
                cands.push(d);
            }
        }
    }
    if named.is_empty() {
        return cands;
    }
    let is_named = |p: &Place| named.iter().any(|(code, _)| *code == p.country_code);
    if cands.iter().any(is_named) {
        cands.retain(is_named);
        return cands;
    }
    let variants: Vec<Place> = spelling_variants(&m.key)
        .iter()
        .flat_map(|k| entries(k))
        .filter(is_named)
        .collect();
    if !variants.is_empty() {
        return variants;
    }
    cands
}

/// A name read twice in one text is one place: the reading of its first
/// mention with hints of its own ("Solhan (Yagha)") holds for the others
/// ("15 km from Solhan"), each keeping its own precision.
fn one_sense_per_text(mentions: &[PlaceMention], ctx: &Context, values: &mut [Option<PlaceValue>]) {
    for (i, m) in mentions.iter().enumerate() {
        if m.key.is_empty() || m.country.is_some() || ctx.own_hints(i).is_empty() {
            continue;
        }
        // Only the first hinted mention of a name leads.
        if mentions[..i]
            .iter()
            .enumerate()
            .any(|(j, o)| o.key == m.key && !ctx.own_hints(j).is_empty())
        {
            continue;
        }
        let lead = values[i].clone();
        for (j, o) in mentions.iter().enumerate() {
            if j == i || o.key != m.key || o.country.is_some() || !ctx.own_hints(j).is_empty() {
                continue;
            }
            values[j] = lead.as_ref().map(|v| {
                let mut v = v.clone();
                let own = match o.role {
                    PlaceRole::Named => 1,
                    PlaceRole::Relative => 2,
                    _ => 3,
                };
                v.geo_precision = v.geo_precision.max(own);
                v
            });
        }
    }
}

/// The place the text is mostly about, as an index into `ann.places`: the
/// first place of the first sentence that the text puts the event at (a
/// locative cue, or near it); else the first precise place of the first
/// sentence; else the first precise place; else the first resolved one.
pub fn main_place(ann: &Annotation, places: &[Option<PlaceValue>]) -> Option<usize> {
    let first = ann.sentences.first().copied();
    let in_first = |i: usize| first.is_none_or(|s| ann.places[i].span.start < s.end);
    let resolved = |i: usize| places.get(i).and_then(|p| p.as_ref());
    let m = |i: usize| &ann.places[i];
    // Where people fled or came from, or where someone spoke, is not where
    // the event was.
    let elsewhere = |i: usize| m(i).away || where_said(ann, i);
    let precise = |i: usize| {
        resolved(i).is_some_and(|p| p.geo_precision <= 2)
            && matches!(m(i).role, PlaceRole::Named | PlaceRole::Relative)
            && m(i).hint_of.is_none()
            && !elsewhere(i)
    };
    let area = |i: usize| {
        resolved(i).is_some_and(|p| p.geo_precision <= 2)
            && matches!(m(i).role, PlaceRole::Admin(_))
            && m(i).hint_of.is_none()
            && !elsewhere(i)
    };
    // "dans la région du Lac", and "au Lac" where the name is a region's.
    let region_in = |i: usize| {
        resolved(i).is_some_and(|p| {
            matches!(m(i).role, PlaceRole::Admin(_))
                || p.feature.as_deref().is_some_and(|f| f.starts_with("A.ADM"))
        }) && m(i).cued
            && m(i).hint_of.is_none()
            && !elsewhere(i)
    };
    let n = ann.places.len();
    (0..n)
        .find(|&i| in_first(i) && precise(i) && (m(i).cued || m(i).role == PlaceRole::Relative))
        .or_else(|| (0..n).find(|&i| in_first(i) && area(i)))
        // A region the first sentence puts the event in, before a bare name.
        .or_else(|| (0..n).find(|&i| in_first(i) && region_in(i)))
        .or_else(|| (0..n).find(|&i| in_first(i) && precise(i)))
        .or_else(|| (0..n).find(|&i| precise(i) || area(i)))
        .or_else(|| (0..n).find(|&i| resolved(i).is_some() && m(i).hint_of.is_none()))
        .or_else(|| (0..n).find(|&i| resolved(i).is_some()))
}

/// Whether place mention `i` tells where something was said: a reporting
/// cue ends shortly before it in its sentence, with no event, actor or
/// figure between ("a déclaré à Niamey", "told reporters in Maiduguri").
fn where_said(ann: &Annotation, i: usize) -> bool {
    let span = ann.places[i].span;
    let sentence = ann.sentence_of(span.start);
    let at = ann.tokens.index_at(span.start);
    ann.mentions.iter().any(|c| {
        matches!(c.value, MentionValue::Cue(_))
            && c.end <= span.start
            && ann.sentence_of(c.start) == sentence
            && at.saturating_sub(ann.tokens.index_at(c.end)) <= WHERE_SAID_TOKENS
            // "fait état de morts à Ouandi": what is said, not where.
            && !ann.mentions.iter().any(|o| {
                !matches!(o.value, MentionValue::Cue(_))
                    && o.start >= c.end
                    && o.end <= span.start
            })
    })
}

/// The country the text is about: the one most named (names and demonyms),
/// else the one most of its unambiguous places are in; the first on a tie.
fn country_in_focus(ann: &Annotation, candidates: &[Vec<Place>]) -> Option<String> {
    let unambiguous = candidates.iter().filter_map(|cands| {
        let first = cands.first()?;
        cands
            .iter()
            .all(|p| p.country_code == first.country_code)
            .then_some(first.country_code.as_str())
    });
    most_frequent(ann.cued_countries())
        .or_else(|| most_frequent(unambiguous))
        .map(str::to_string)
}

fn precision(m: &PlaceMention, p: &Place) -> u8 {
    // A region's point says only that the event was somewhere in it.
    if p.feature_code == "ADM1" {
        return 3;
    }
    // A learned village stands near the point it was given from.
    if p.feature_code == sitrep_gazetteer::learned::LEARNED_FEATURE {
        return 2;
    }
    match m.role {
        PlaceRole::Named => 1,
        PlaceRole::Relative => 2,
        PlaceRole::Admin(_) if m.hint_of.is_some() => 3,
        PlaceRole::Admin(_) if p.feature_code == "ADM1" => 3,
        PlaceRole::Admin(_) => 2,
        PlaceRole::Region => 3,
    }
}

struct Context<'a> {
    gazetteer: &'a Gazetteer,
    mentions: &'a [PlaceMention],
    candidates: &'a [Vec<Place>],
    focus: Option<&'a str>,
    /// The countries the text names, with their points.
    named: &'a [(String, Option<Place>)],
}

impl Context<'_> {
    /// The best candidate of mention `i` and whether a hint backed it.
    fn choose(&self, i: usize, anchors: &[(usize, &Place)]) -> Option<(usize, bool)> {
        let m = &self.mentions[i];
        let cands = &self.candidates[i];
        let own = self.own_hints(i);
        let text_hints: Vec<usize> = (0..self.mentions.len())
            .filter(|&h| {
                h != i
                    && !own.contains(&h)
                    && matches!(self.mentions[h].role, PlaceRole::Admin(_))
                    && self.mentions[h].key != m.key
            })
            .collect();
        let mut best: Option<(usize, f64, bool)> = None;
        for (k, c) in cands.iter().enumerate() {
            let mut score = class_score(m.role, c);
            let mut hinted = false;
            for &h in &own {
                if self.in_area(c, h) {
                    score += OWN_HINT;
                    hinted = true;
                }
                // Among places in the hinted area, the one nearest the hint's town.
                let near = self.candidates[h]
                    .iter()
                    .filter(|a| a.feature_class == 'P')
                    .map(|a| km(a, c))
                    .fold(f64::INFINITY, f64::min);
                if near < HINT_RADIUS_KM {
                    score += 10.0 * (1.0 - near / HINT_RADIUS_KM);
                }
            }
            for &h in &text_hints {
                if self.in_area(c, h) {
                    score += TEXT_HINT;
                    hinted = true;
                }
            }
            if self.focus == Some(c.country_code.as_str()) {
                score += FOCUS;
            } else if in_or_near(self.named, c) {
                // "Piéla… la région est frontalière du Niger, du Bénin":
                // a namesake in the named countries' part of the world
                // before a bigger one far from all of them (Piła, Poland).
                score += NEAR_NAMED;
            }
            if name_key(&c.name) == m.key {
                score += OWN_NAME;
            }
            // An administrative phrase ("Borno State", "Mafa LGA") wants the
            // division, however big a town of the same name elsewhere.
            if !matches!(m.role, PlaceRole::Admin(1 | 2)) {
                score += ((c.population as f64 + 1.0).log10() * 3.0).min(MAX_POPULATION);
            }
            score += anchors
                .iter()
                .filter(|(j, _)| *j != i && self.mentions[*j].hint_of != Some(i))
                .map(|(_, a)| closeness(km(a, c)))
                .fold(0.0, f64::max);
            if best.is_none_or(|(_, s, _)| score > s) {
                best = Some((k, score, hinted));
            }
        }
        best.map(|(k, _, h)| (k, h))
    }

    /// The hints that qualify mention `i`, leaving out a hint that repeats
    /// its name ("Kouka (Kouka, Banwa)": the commune of the same name says
    /// nothing about which Kouka).
    fn own_hints(&self, i: usize) -> Vec<usize> {
        (0..self.mentions.len())
            .filter(|&h| {
                self.mentions[h].hint_of == Some(i) && self.mentions[h].key != self.mentions[i].key
            })
            .collect()
    }

    /// When no candidate of mention `i` lies where its own hints say, the
    /// first hint that resolves, with geo_precision 2: GeoNames lacks the
    /// village, or has only namesakes elsewhere.
    fn hint_instead(&self, i: usize, chosen: Option<&Place>, hinted: bool) -> Option<PlaceValue> {
        if hinted {
            return None;
        }
        for h in self.own_hints(i) {
            // A name after a comma may be the next of a list, not an area.
            if !self.is_area(h) {
                continue;
            }
            let Some((k, _)) = self.choose(h, &[]) else {
                continue;
            };
            let p = &self.candidates[h][k];
            // A region's or a province's point is far from most of its villages.
            let reach = match p.feature_code.as_str() {
                "ADM1" | "ADM2" => 3.0 * NAMESAKE_KM,
                _ => NAMESAKE_KM,
            };
            if chosen.is_some_and(|c| km(c, p) <= reach) {
                return None;
            }
            let precision = if p.feature_code == "ADM1" { 3 } else { 2 };
            return Some(self.value(p, precision));
        }
        None
    }

    /// Whether mention `h` names an area: an administrative phrase or
    /// bracket, or a name after a comma that is a division's name ("El Alto,
    /// La Paz") rather than the next town of a list ("Tenkodogo, Kaya").
    fn is_area(&self, h: usize) -> bool {
        let m = &self.mentions[h];
        if matches!(m.role, PlaceRole::Admin(_)) {
            return true;
        }
        self.candidates[h].iter().any(|c| {
            c.feature_class == 'A'
                || self
                    .gazetteer
                    .admin1_name(&c.country_code, &c.admin1_code)
                    .is_some_and(|n| name_key(&n) == m.key)
        })
    }

    /// Whether `c` lies in the division or near the town named by hint
    /// mention `h`.
    fn in_area(&self, c: &Place, h: usize) -> bool {
        let key = &self.mentions[h].key;
        if key.is_empty() {
            return false;
        }
        let names_match = |name: Option<String>| {
            name.is_some_and(|n| {
                let k = name_key(&n);
                k == *key || (key.len() >= 4 && k.contains(key.as_str()))
            })
        };
        // "Kagara (Rafi LGA, Niger)": Niger is also a Nigerian state.
        if let Some(code) = &self.mentions[h].country {
            return c.country_code == *code
                || names_match(self.gazetteer.admin1_name(&c.country_code, &c.admin1_code));
        }
        if !c.admin1_code.is_empty() {
            if names_match(self.gazetteer.admin1_name(&c.country_code, &c.admin1_code)) {
                return true;
            }
            if !c.admin2_code.is_empty()
                && names_match(self.gazetteer.admin2_name(
                    &c.country_code,
                    &c.admin1_code,
                    &c.admin2_code,
                ))
            {
                return true;
            }
        }
        self.candidates[h].iter().any(|a| {
            if a.country_code != c.country_code {
                return false;
            }
            match a.feature_code.as_str() {
                "ADM1" => !a.admin1_code.is_empty() && a.admin1_code == c.admin1_code,
                // GeoNames province codes of villages lag behind the
                // redrawn provinces: a nearby village counts as inside.
                "ADM2" => {
                    (!a.admin2_code.is_empty()
                        && a.admin1_code == c.admin1_code
                        && a.admin2_code == c.admin2_code)
                        || (c.feature_class != 'A' && km(a, c) <= PROVINCE_RADIUS_KM)
                }
                // A region is not in the area of a town it happens to be
                // centred near.
                // Nor is a place in the area of itself ("Beirut ... Hamra
                // district", where GeoNames files Hamra under Beirut's names).
                _ => {
                    c.feature_class != 'A'
                        && a.geonameid != c.geonameid
                        && (a.feature_class == 'P' || a.feature_class == 'A')
                        && km(a, c) <= HINT_RADIUS_KM
                }
            }
        })
    }

    /// A region or a country alone: its point, geo_precision 3.
    fn region(&self, m: &PlaceMention) -> Option<PlaceValue> {
        let code = m.country.as_deref().or(self.focus)?;
        let p = self.gazetteer.country(code)?;
        Some(self.value(&p, 3))
    }

    fn value(&self, p: &Place, geo_precision: u8) -> PlaceValue {
        if let Some(l) = self.gazetteer.learned().by_id(p.geonameid) {
            return PlaceValue {
                geonameid: l.id,
                name: l.name.clone(),
                country_code: l.country_code.clone(),
                admin1: l.admin1.clone(),
                admin2: l.admin2.clone(),
                latitude: l.latitude,
                longitude: l.longitude,
                feature: Some(format!("P.{}", sitrep_gazetteer::learned::LEARNED_FEATURE)),
                geo_precision: geo_precision.max(l.precision),
            };
        }
        let admin1 = (!p.admin1_code.is_empty())
            .then(|| self.gazetteer.admin1_name(&p.country_code, &p.admin1_code))
            .flatten();
        let admin2 = (!p.admin2_code.is_empty())
            .then(|| {
                self.gazetteer
                    .admin2_name(&p.country_code, &p.admin1_code, &p.admin2_code)
            })
            .flatten();
        PlaceValue {
            geonameid: p.geonameid,
            name: p.name.clone(),
            country_code: p.country_code.clone(),
            admin1,
            admin2,
            latitude: p.latitude,
            longitude: p.longitude,
            feature: Some(format!("{}.{}", p.feature_class, p.feature_code)),
            geo_precision,
        }
    }
}

/// How well an entry's kind fits the way it is mentioned: towns first for a
/// place, then administrative areas, then sites; wadis, wells and hills last.
fn class_score(role: PlaceRole, c: &Place) -> f64 {
    let code = c.feature_code.as_str();
    match role {
        PlaceRole::Admin(level) => {
            let wanted = match level {
                1 => "ADM1",
                2 => "ADM2",
                3 => "ADM3",
                _ => "",
            };
            if !wanted.is_empty() && code == wanted {
                30.0
            } else if c.feature_class == 'A' && code.starts_with("ADM") {
                25.0
            } else if c.feature_class == 'P' {
                if level == 3 || level == 0 {
                    28.0
                } else {
                    20.0
                }
            } else {
                0.0
            }
        }
        _ => match c.feature_class {
            // Capitals and seats are what reports name most.
            'P' => match code {
                "PPLC" | "PPLG" => 36.0,
                "PPLA" => 34.0,
                "PPLA2" => 32.0,
                "PPLA3" => 31.0,
                _ => 30.0,
            },
            'A' => match code {
                "ADM3" | "ADM4" | "ADMD" => 18.0,
                "ADM2" => 14.0,
                "ADM1" => 12.0,
                _ => 5.0,
            },
            'S' => 8.0,
            'L' => 4.0,
            _ => 0.0,
        },
    }
}

/// Bonus for being near a place the text settled on.
fn closeness(d: f64) -> f64 {
    if d < 50.0 {
        15.0
    } else if d < 150.0 {
        8.0
    } else if d < 300.0 {
        3.0
    } else {
        0.0
    }
}

/// Great-circle distance in km.
pub fn km(a: &Place, b: &Place) -> f64 {
    haversine_km(a.latitude, a.longitude, b.latitude, b.longitude)
}

/// Great-circle distance in km between two points in degrees.
pub use sitrep_core::geo::haversine_km;

/// Whether some run of up to four words of `text`, in any case, is the
/// name of a gazetteer entry within `km` of (`lat`, `lon`): whether any
/// reader could place the text there with this gazetteer. The ceiling of
/// the location scores.
pub fn name_near(gazetteer: &Gazetteer, text: &str, lat: f64, lon: f64, km: f64) -> bool {
    let words = word_spans(text);
    (0..words.len()).any(|i| {
        (i..(i + 4).min(words.len())).any(|j| {
            let key = name_key(&text[words[i].0..words[j].1]);
            key.len() >= 3
                && gazetteer.contains_key(&key)
                && gazetteer
                    .lookup(&key)
                    .iter()
                    .any(|p| haversine_km(p.latitude, p.longitude, lat, lon) <= km)
        })
    })
}

/// Byte ranges of the words of `text`: letters and digits, joined by a
/// hyphen or an apostrophe ("Ti-n-Akof", "N'Djamena").
fn word_spans(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start: Option<usize> = None;
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        let joins = matches!(c, '-' | '\'' | '’')
            && start.is_some()
            && chars.peek().is_some_and(|(_, n)| n.is_alphanumeric());
        if c.is_alphanumeric() || joins {
            start.get_or_insert(i);
        } else if let Some(s) = start.take() {
            out.push((s, i));
        }
    }
    if let Some(s) = start {
        out.push((s, text.len()));
    }
    out
}

#[cfg(test)]
mod tests;
