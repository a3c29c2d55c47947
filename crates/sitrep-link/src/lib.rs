//! Stage 5 of the pipeline: which events, across documents, are one
//! real-world incident, and what that incident looks like once their claims
//! are pooled.
//!
//! Everything here is a pure function over `Event`s and `Incident`s: the
//! store decides which candidates to load (by date window, see
//! [`LinkConfig::window`]) and calls [`best_match`] and [`build_incident`].
//!
//! The rules:
//! - **type**: the families of both event types are the same (political
//!   violence, demonstrations, strategic developments): outlets disagree
//!   on whether a strike that killed villagers is "remote violence" or
//!   "violence against civilians", never on whether it was a protest;
//! - **date**: both intervals known, and they overlap once each is widened
//!   by the tolerance (±3 days by default);
//! - **place**: both known, and within the radius (30 km by default), or the
//!   same GeoNames entry, or the same admin2 of the same country, or, when
//!   one side is only known to the region (geo precision 3), the same admin1;
//!   an event with no date or no place never links: too weak a signal;
//! - **actors**: no contradiction, that is no group kind (state forces,
//!   rebels, militias, external forces) named on both sides with no name in
//!   common; "Unidentified ..." actors contradict nothing.
//!
//! Background events (an earlier incident recalled in a report) join the
//! incident they recall when it exists but never start one: a passing
//! mention says too little to make an incident of its own. The store keeps
//! them unlinked and offers them to each incident it creates later.

use jiff::civil::Date;
use jiff::ToSpan;
use sitrep_core::fold::fold;
use sitrep_core::{
    Claim, DocumentMeta, Event, EventActor, EventDate, EventLocation, Incident, SourcedClaim,
};
use std::collections::{BTreeMap, HashMap};

/// Tolerances of the linking rules.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct LinkConfig {
    /// How many days two date intervals may be apart and still be one incident.
    pub date_tolerance_days: i32,
    /// How far apart two places may be and still be one incident.
    pub radius_km: f64,
}

impl Default for LinkConfig {
    fn default() -> Self {
        LinkConfig {
            date_tolerance_days: 3,
            radius_km: 30.0,
        }
    }
}

impl LinkConfig {
    /// The days an incident's interval must touch to be a candidate for an
    /// event dated `date`: the event's interval widened by the tolerance.
    pub fn window(&self, date: &EventDate) -> (Date, Date) {
        let tol = self.date_tolerance_days.max(0);
        (
            date.start.checked_sub(tol.days()).unwrap_or(date.start),
            date.end.checked_add(tol.days()).unwrap_or(date.end),
        )
    }
}

/// ACLED's three groups of event types; types of one family may describe
/// the same incident.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Family {
    PoliticalViolence,
    Demonstrations,
    StrategicDevelopments,
    Other,
}

pub fn family(event_type: &str) -> Family {
    match event_type {
        "Battles" | "Explosions/Remote violence" | "Violence against civilians" => {
            Family::PoliticalViolence
        }
        "Protests" | "Riots" => Family::Demonstrations,
        "Strategic developments" => Family::StrategicDevelopments,
        _ => Family::Other,
    }
}

/// What linking compares, for an event or for an incident.
#[derive(Clone, Copy, Debug)]
pub struct Footprint<'a> {
    pub event_type: &'a str,
    pub date: Option<&'a EventDate>,
    pub location: Option<&'a EventLocation>,
    pub actors: &'a [EventActor],
    pub killed: Killed<'a>,
}

/// The killed figures claimed for an event or an incident.
#[derive(Clone, Copy, Debug)]
pub enum Killed<'a> {
    Claims(&'a [Claim]),
    Sourced(&'a [SourcedClaim]),
    Values(&'a [u32]),
}

impl Killed<'_> {
    pub fn values(&self) -> Vec<u32> {
        let of = |c: &Claim| c.killed.as_ref().and_then(|f| f.value);
        match self {
            Killed::Claims(c) => c.iter().filter_map(of).collect(),
            Killed::Sourced(c) => c.iter().filter_map(|s| of(&s.claim)).collect(),
            Killed::Values(v) => v.to_vec(),
        }
    }
}

impl<'a> From<&'a Event> for Footprint<'a> {
    fn from(e: &'a Event) -> Self {
        Footprint {
            event_type: &e.event_type,
            date: e.date.as_ref(),
            location: e.location.as_ref(),
            actors: &e.actors,
            killed: Killed::Claims(&e.claims),
        }
    }
}

impl<'a> From<&'a Incident> for Footprint<'a> {
    fn from(i: &'a Incident) -> Self {
        Footprint {
            event_type: &i.event_type,
            date: i.date.as_ref(),
            location: i.location.as_ref(),
            actors: &i.actors,
            killed: Killed::Sourced(&i.claims),
        }
    }
}

/// What linking needs to know of an incident: small enough to read for
/// every candidate of every new event (the store keeps it beside the full
/// incident).
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct IncidentKey {
    pub id: u64,
    pub event_type: String,
    pub date: Option<EventDate>,
    pub location: Option<EventLocation>,
    pub actors: Vec<EventActor>,
    /// Every killed figure claimed (keys stored before it was kept have none).
    #[serde(default)]
    pub killed: Vec<u32>,
}

impl From<&Incident> for IncidentKey {
    fn from(i: &Incident) -> Self {
        IncidentKey {
            id: i.id,
            event_type: i.event_type.clone(),
            date: i.date.as_ref().map(|d| EventDate {
                evidence: None,
                ..d.clone()
            }),
            location: i.location.as_ref().map(|l| EventLocation {
                evidence: None,
                ..l.clone()
            }),
            actors: i
                .actors
                .iter()
                .map(|a| EventActor {
                    evidence: Vec::new(),
                    ..a.clone()
                })
                .collect(),
            killed: Killed::Sourced(&i.claims).values(),
        }
    }
}

impl<'a> From<&'a IncidentKey> for Footprint<'a> {
    fn from(i: &'a IncidentKey) -> Self {
        Footprint {
            event_type: &i.event_type,
            date: i.date.as_ref(),
            location: i.location.as_ref(),
            actors: &i.actors,
            killed: Killed::Values(&i.killed),
        }
    }
}

pub use sitrep_core::geo::haversine_km;

/// Days between two intervals, 0 when they overlap; `None` when either is
/// unknown.
pub fn day_gap(a: &EventDate, b: &EventDate) -> Option<i64> {
    if a.end < b.start {
        Some(days_between(a.end, b.start))
    } else if b.end < a.start {
        Some(days_between(b.end, a.start))
    } else {
        Some(0)
    }
}

fn days_between(earlier: Date, later: Date) -> i64 {
    earlier
        .until(later)
        .map(|s| i64::from(s.get_days()))
        .unwrap_or(i64::MAX)
}

fn same_text(a: Option<&str>, b: Option<&str>) -> bool {
    matches!((a, b), (Some(x), Some(y)) if !x.is_empty() && fold(x) == fold(y))
}

/// How far apart two places are in km when both have coordinates; 0 when
/// they are otherwise known to be one place or area; `None` when they are
/// not compatible.
pub fn place_distance(cfg: &LinkConfig, a: &EventLocation, b: &EventLocation) -> Option<f64> {
    let km = match (a.latitude.zip(a.longitude), b.latitude.zip(b.longitude)) {
        (Some((la, lo)), Some((lb, lob))) => Some(haversine_km(la, lo, lb, lob)),
        _ => None,
    };
    if km.is_some_and(|d| d <= cfg.radius_km) {
        return km;
    }
    let score = km.map_or(0.0, |d| d.min(cfg.radius_km));
    if a.geonameid.is_some() && a.geonameid == b.geonameid {
        return Some(0.0);
    }
    let same_country = same_text(a.country_code.as_deref(), b.country_code.as_deref());
    if same_country && same_text(a.admin2.as_deref(), b.admin2.as_deref()) {
        return Some(score);
    }
    let coarse = a.geo_precision >= 3 || b.geo_precision >= 3;
    if coarse && same_country && same_text(a.admin1.as_deref(), b.admin1.as_deref()) {
        return Some(score);
    }
    // Without coordinates on one side, only the name can tell.
    if km.is_none() && same_text(Some(&a.name), Some(&b.name)) {
        return Some(0.0);
    }
    None
}

/// The smallest toll distinctive enough to tell one incident by.
const DISTINCTIVE_TOLL: u32 = 5;

/// Whether one side is placed only in its country ("in the north of
/// Burkina Faso", "in the Lake Chad zone of the country"), the other in the
/// same country, and both claim one distinctive toll: "92 soldiers killed"
/// twice in Chad on one day is one incident, however vaguely one outlet
/// places it.
fn same_country_same_toll(
    a: &EventLocation,
    b: &EventLocation,
    ka: &Killed<'_>,
    kb: &Killed<'_>,
) -> bool {
    let country_only = |l: &EventLocation| l.geo_precision >= 3 && l.admin1.is_none();
    if !(country_only(a) || country_only(b))
        || !same_text(a.country_code.as_deref(), b.country_code.as_deref())
    {
        return false;
    }
    let vb = kb.values();
    ka.values()
        .iter()
        .any(|v| *v >= DISTINCTIVE_TOLL && vb.contains(v))
}

fn is_wildcard(actor: &EventActor) -> bool {
    actor.name.starts_with("Unidentified") || actor.name.is_empty()
}

/// The state a state force serves: "Nigeria" of "Military Forces of
/// Nigeria (2015-2023)" and of "Government of Nigeria". One outlet says the
/// army, another the government or the police: the same side, never two
/// incidents.
fn state_of(name: &str) -> &str {
    let name = name.split(" (").next().unwrap_or(name);
    name.rsplit_once(" of ")
        .map_or(name, |(_, state)| state)
        .trim()
}

/// Whether two actor lists name different groups of the same kind (two
/// state forces, two rebel groups...): then they tell of different
/// incidents. Civilians, rioters and protesters are too generic to tell.
pub fn actors_contradict(a: &[EventActor], b: &[EventActor]) -> bool {
    [1u8, 2, 3, 4, 8].iter().any(|&inter| {
        let names = |list: &[EventActor]| -> Vec<String> {
            list.iter()
                .filter(|x| x.inter == inter && !is_wildcard(x))
                .map(|x| {
                    if inter == 1 {
                        fold(state_of(&x.name))
                    } else {
                        fold(&x.name)
                    }
                })
                .collect()
        };
        let (na, nb) = (names(a), names(b));
        !na.is_empty() && !nb.is_empty() && !na.iter().any(|n| nb.contains(n))
    })
}

/// Whether a date is precise enough to link on. A month or a year ("en
/// novembre dernier", "since 2023") overlaps every incident of its period:
/// too vague to say two reports tell one event.
pub fn linkable(date: &EventDate) -> bool {
    date.time_precision < 3
}

/// How well two footprints match (lower is closer), or `None` when the
/// rules say they are different incidents.
pub fn match_score(cfg: &LinkConfig, a: Footprint<'_>, b: Footprint<'_>) -> Option<f64> {
    if family(a.event_type) != family(b.event_type) || family(a.event_type) == Family::Other {
        return None;
    }
    let (da, db) = (a.date?, b.date?);
    if !linkable(da) || !linkable(db) {
        return month_of_the_day(da, db, a.location?, b.location?, a.actors, b.actors);
    }
    let gap = day_gap(da, db)?;
    if gap > i64::from(cfg.date_tolerance_days.max(0)) {
        return None;
    }
    let (la, lb) = (a.location?, b.location?);
    let km = match place_distance(cfg, la, lb) {
        Some(km) => km,
        // Beyond any radius, but told as the same toll on the same days.
        None if same_country_same_toll(la, lb, &a.killed, &b.killed) => cfg.radius_km,
        None => return None,
    };
    if actors_contradict(a.actors, b.actors) {
        return None;
    }
    // A day apart weighs like a full radius apart.
    Some(gap as f64 + km / cfg.radius_km.max(1e-9))
}

/// "En janvier, une frappe sur Bounti": a report that gives only the month
/// tells the incident of that month at the same place, the same GeoNames
/// entry, when one side has the day. It scores behind every match on the
/// day, so a report giving the day still goes to its closest incident.
fn month_of_the_day(
    da: &EventDate,
    db: &EventDate,
    la: &EventLocation,
    lb: &EventLocation,
    aa: &[EventActor],
    ab: &[EventActor],
) -> Option<f64> {
    let holds = |m: &EventDate, d: &EventDate| {
        m.time_precision == MONTH_PRECISION && linkable(d) && m.start <= d.start && d.end <= m.end
    };
    let same_place = la.geonameid.is_some() && la.geonameid == lb.geonameid;
    if !(holds(da, db) || holds(db, da)) || !same_place || actors_contradict(aa, ab) {
        return None;
    }
    Some(MONTH_MATCH_SCORE)
}

/// A match on the month alone is taken only when it is the only one: a
/// month told of a town with two incidents that month names neither.
fn unambiguous(score: f64, month_matches: usize) -> bool {
    score < MONTH_MATCH_SCORE || month_matches == 1
}

/// ACLED's time precision of a date known to the month.
pub const MONTH_PRECISION: u8 = 3;

/// What a month matching a day scores: behind a match of days up to the
/// widest tolerance the command line allows (366 days) at the radius.
const MONTH_MATCH_SCORE: f64 = 400.0;

/// The candidate `event` belongs to, best first by [`match_score`], ties to
/// the lowest index (the incident created first).
pub fn best_match<'a>(
    cfg: &LinkConfig,
    event: &Event,
    candidates: impl IntoIterator<Item = &'a Incident>,
) -> Option<&'a Incident> {
    best_of(
        cfg,
        event,
        candidates.into_iter().map(|i| (i, i.into())),
        |_, _| false,
    )
}

/// [`best_match`] over [`IncidentKey`]s: the id of the incident `event`
/// belongs to, ties to the lowest id.
pub fn best_key<'a>(
    cfg: &LinkConfig,
    event: &Event,
    candidates: impl IntoIterator<Item = &'a IncidentKey>,
) -> Option<u64> {
    best_of(
        cfg,
        event,
        candidates.into_iter().map(|k| (k.id, k.into())),
        |new, old| new < old,
    )
}

/// The best-scoring candidate (`wins_tie(new, old)` settles equal scores;
/// the first stays otherwise), unless it matches on the month alone and
/// another does too.
fn best_of<'a, T: Copy>(
    cfg: &LinkConfig,
    event: &Event,
    candidates: impl IntoIterator<Item = (T, Footprint<'a>)>,
    wins_tie: impl Fn(T, T) -> bool,
) -> Option<T> {
    let mut best: Option<(T, f64)> = None;
    let mut month_matches = 0;
    for (c, footprint) in candidates {
        if let Some(s) = match_score(cfg, event.into(), footprint) {
            month_matches += usize::from(s >= MONTH_MATCH_SCORE);
            if best.is_none_or(|(old, b)| s < b || (s == b && wins_tie(c, old))) {
                best = Some((c, s));
            }
        }
    }
    best.filter(|&(_, s)| unambiguous(s, month_matches))
        .map(|(c, _)| c)
}

/// The text that identifies a claim across documents: its claimant and the
/// folded sentence(s) carrying its evidence. Two outlets printing the same
/// wire sentence give the same key. Empty when the claim has no evidence to
/// compare (then it is never merged).
pub fn claim_key(text: &str, claim: &Claim) -> String {
    let spans = [
        claim.cue.as_ref(),
        claim.killed.as_ref().map(|f| &f.evidence),
        claim.injured.as_ref().map(|f| &f.evidence),
    ];
    let (mut lo, mut hi) = (usize::MAX, 0usize);
    for ev in spans.into_iter().flatten() {
        if ev.end > ev.start && ev.end <= text.len() {
            lo = lo.min(ev.start);
            hi = hi.max(ev.end);
        }
    }
    if lo >= hi {
        return String::new();
    }
    let is_end = |c: char| matches!(c, '.' | '!' | '?' | '\n');
    let mut start = text
        .get(..lo)
        .and_then(|s| s.rfind(is_end).map(|i| i + 1))
        .unwrap_or(0);
    // A wire dateline ("Ménaka, March 11 (Wire) - ") is dropped by the
    // outlets that quote the sentence, so it is not part of it.
    if let Some(head) = text.get(start..lo) {
        if let Some(i) = [" - ", " – ", " — "]
            .iter()
            .filter_map(|d| head.rfind(d).map(|i| i + d.len()))
            .max()
        {
            start += i;
        }
    }
    let end = text
        .get(hi..)
        .and_then(|s| s.find(is_end).map(|i| hi + i))
        .unwrap_or(text.len());
    let sentence = text.get(start..end).unwrap_or("");
    let mut key = fold(&claim.claimant.name);
    key.push('|');
    for word in fold(sentence).split_whitespace() {
        key.push_str(word);
        key.push(' ');
    }
    key
}

/// One event in an incident, with what the incident needs to know about
/// its document.
#[derive(Clone, Debug)]
pub struct Member {
    pub event: Event,
    pub document: DocumentMeta,
    /// Other documents whose whole normalised text is this document's: the
    /// same wire text under other outlets.
    pub reprints: Vec<DocumentMeta>,
    /// [`claim_key`] of each claim of `event`, in order.
    pub claim_keys: Vec<String>,
}

/// Pools the claims of the members: a claim carried by the same sentence in
/// several documents, or by a document reprinted whole, is one claim with
/// the other documents in `reprinted_in`.
pub fn pool_claims(members: &[Member]) -> Vec<SourcedClaim> {
    let mut pooled: Vec<SourcedClaim> = Vec::new();
    let mut by_key: HashMap<&str, usize> = HashMap::new();
    for m in members {
        for (i, claim) in m.event.claims.iter().enumerate() {
            let key = m.claim_keys.get(i).map(String::as_str).unwrap_or("");
            let reprints = m.reprints.iter().map(|d| d.id.clone());
            if let Some(&at) = by_key.get(key).filter(|_| !key.is_empty()) {
                let sc = &mut pooled[at];
                for id in std::iter::once(m.document.id.clone()).chain(reprints) {
                    if id != sc.document_id && !sc.reprinted_in.contains(&id) {
                        sc.reprinted_in.push(id);
                    }
                }
                continue;
            }
            if !key.is_empty() {
                by_key.insert(key, pooled.len());
            }
            pooled.push(SourcedClaim {
                claim: claim.clone(),
                document_id: m.document.id.clone(),
                reprinted_in: reprints.collect(),
            });
        }
    }
    pooled
}

/// The incident made of `members` (in the order they joined it), or `None`
/// when there are none.
pub fn build_incident(id: u64, members: &[Member]) -> Option<Incident> {
    let first = members.first()?;
    // Background mentions add claims and sources, but the incident's own
    // description comes from the reports that tell of it.
    let primary: Vec<&Member> = {
        let p: Vec<&Member> = members.iter().filter(|m| !m.event.background).collect();
        if p.is_empty() {
            members.iter().collect()
        } else {
            p
        }
    };
    let (event_type, sub_event_type) = majority(
        primary
            .iter()
            .map(|m| (m.event.event_type.clone(), m.event.sub_event_type.clone())),
    )
    .unwrap_or_else(|| {
        (
            first.event.event_type.clone(),
            first.event.sub_event_type.clone(),
        )
    });
    let date = primary
        .iter()
        .filter_map(|m| m.event.date.as_ref())
        .min_by_key(|d| (d.time_precision, days_between(d.start, d.end), d.start))
        .cloned();
    let location = best_location(&primary);
    let mut actors: Vec<EventActor> = Vec::new();
    for m in &primary {
        for a in &m.event.actors {
            if !actors.iter().any(|x| x.name == a.name) {
                // Evidence offsets point into one document's text only.
                actors.push(EventActor {
                    evidence: Vec::new(),
                    ..a.clone()
                });
            }
        }
    }
    let claims = pool_claims(members);
    let plain: Vec<Claim> = claims.iter().map(|c| c.claim.clone()).collect();
    let fatalities = sitrep_assemble::fatalities(&plain);
    let mut documents: BTreeMap<String, DocumentMeta> = BTreeMap::new();
    for m in members {
        for d in std::iter::once(&m.document).chain(&m.reprints) {
            documents.entry(d.id.clone()).or_insert_with(|| d.clone());
        }
    }
    let mut documents: Vec<DocumentMeta> = documents.into_values().collect();
    documents.sort_by(|a, b| (a.published, &a.id).cmp(&(b.published, &b.id)));
    let notes = primary
        .iter()
        .map(|m| m.event.notes.trim())
        .find(|n| !n.is_empty())
        .unwrap_or("")
        .to_string();
    Some(Incident {
        id,
        event_type,
        sub_event_type,
        date,
        location,
        actors,
        civilian_targeting: primary.iter().any(|m| m.event.civilian_targeting),
        fatalities,
        claims,
        documents,
        notes,
    })
}

/// The most frequent value, ties to the one seen first.
fn majority<T: PartialEq>(items: impl Iterator<Item = T>) -> Option<T> {
    let mut counts: Vec<(T, usize)> = Vec::new();
    for it in items {
        match counts.iter_mut().find(|(x, _)| *x == it) {
            Some((_, n)) => *n += 1,
            None => counts.push((it, 1)),
        }
    }
    let top = counts.iter().map(|(_, n)| *n).max()?;
    counts.into_iter().find(|(_, n)| *n == top).map(|(t, _)| t)
}

/// The most precise place, then the one most reports give.
fn best_location(members: &[&Member]) -> Option<EventLocation> {
    let locs: Vec<&EventLocation> = members
        .iter()
        .filter_map(|m| m.event.location.as_ref())
        .collect();
    let support = |l: &EventLocation| {
        locs.iter()
            .filter(|o| match (l.geonameid, o.geonameid) {
                (Some(a), Some(b)) => a == b,
                _ => fold(&o.name) == fold(&l.name),
            })
            .count()
    };
    let mut best: Option<(&EventLocation, (bool, u8, usize))> = None;
    for l in &locs {
        let rank = (l.latitude.is_some(), u8::MAX - l.geo_precision, support(l));
        if best.as_ref().is_none_or(|(_, r)| rank > *r) {
            best = Some((l, rank));
        }
    }
    best.map(|(l, _)| EventLocation {
        evidence: None,
        ..l.clone()
    })
}

/// One line per claim: who says how many were killed or hurt, the figures
/// side by side ("Military Forces of Mali: about 20 combatants killed;
/// CSP-DPA: 21 civilians killed"). Reprints are counted once.
pub fn claims_summary(claims: &[SourcedClaim]) -> String {
    let mut parts: Vec<String> = Vec::new();
    for sc in claims {
        let c = &sc.claim;
        let mut what: Vec<String> = Vec::new();
        for (fig, verb) in [(&c.killed, "killed"), (&c.injured, "injured")] {
            if let Some(f) = fig {
                what.push(figure_text(f, verb));
            }
        }
        if what.is_empty() {
            continue;
        }
        let line = format!("{}: {}", c.claimant.name, what.join(", "));
        if !parts.contains(&line) {
            parts.push(line);
        }
    }
    parts.join("; ")
}

fn figure_text(f: &sitrep_core::Figure, verb: &str) -> String {
    use sitrep_core::Qualifier as Q;
    let n = match (f.value, f.high) {
        (Some(v), Some(h)) if f.qualifier == Q::Range => format!("{v}-{h}"),
        (Some(v), _) => match f.qualifier {
            Q::Exact | Q::Range => v.to_string(),
            Q::AtLeast => format!("at least {v}"),
            Q::About => format!("about {v}"),
            Q::AtMost => format!("at most {v}"),
            Q::Vague => format!("{v}+"),
        },
        (None, _) => "several".to_string(),
    };
    let category = f.category.trim();
    if category.is_empty() {
        format!("{n} {verb}")
    } else {
        format!("{n} {category} {verb}")
    }
}

#[cfg(test)]
mod tests;
