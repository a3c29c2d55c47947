//! Event triggers with their ACLED type, from `data/lang/<code>/triggers.toml`.
//!
//! A trigger is a word or phrase ("frappes de drones", "ambushed") with a
//! default event type and sub-type, and optional rules that change the type
//! by context, first match wins:
//! - `target`: who was hit, the nearest actor or target noun after the
//!   trigger (before it for a passive "soldiers were killed"): "armed"
//!   (state forces, rebels, militias, a convoy) or "civilian" (civilians, a
//!   village, a market). "attacked a village" is violence against
//!   civilians, "attacked a convoy" a battle.
//! - `agent`: who acted, the nearest actor before the trigger (after
//!   "by"/"par"): "state", "non_state" or "crowd" (residents, youths, a mob:
//!   civilians, rioters or protesters acting). "la prise de Kidal" by the
//!   army is the government regaining territory; residents who beat a thief
//!   are mob violence. A crowd acts only in the active voice ("villagers
//!   were attacked" names whom was hit), and with `object = true` only when
//!   the verb has someone after it or an object pronoun beside it ("youths
//!   beat him", "l'ont lynché"), as "two villagers killed" is a headline's
//!   passive.
//! - `near`: words in the trigger's sentence or the next one: a protest
//!   "dispersed with tear gas" is a protest with intervention.
//!
//! Negated, denied, planned or hypothetical events are not triggers: a
//! negator ("pas", "denied", "threatened to") in the few words before the
//! trigger, within its clause, drops it.
//!
//! Casualty words ("killed", "tués") are `weak`: they tell the outcome of
//! an event another trigger names, so they count only when no other violent
//! trigger stands in their sentence or the sentences beside it, and never in
//! a sentence about an accident or a flood (`no_conflict`). Words of a
//! demand ("demanding", "réclamant") are weak too, with `casualty = false`:
//! any other event beside them hides them. `not_triggers`
//! lists look-alikes ("prise de parole") that are skipped whole.

use crate::actors::ActorRecognizer;
use crate::lexicon::{LexiconError, LexiconSource, Segmentation};
use crate::quantity::phrases::Phrases;
use crate::text::{TokenKind, Tokens};
use serde::Deserialize;
use sitrep_core::{Lang, Mention, MentionValue, Span, TriggerValue};
// Keys are lexicon words and look-ups run per token: a fast hasher.
use rustc_hash::FxHashMap as HashMap;

/// ACLED's taxonomy (DESIGN.md): every type and sub-type in the data must be one of these.
const TAXONOMY: &[(&str, &[&str])] = &[
    (
        "Battles",
        &[
            "Armed clash",
            "Government regains territory",
            "Non-state actor overtakes territory",
        ],
    ),
    (
        "Explosions/Remote violence",
        &[
            "Chemical weapon",
            "Air/drone strike",
            "Suicide bomb",
            "Shelling/artillery/missile attack",
            "Remote explosive/landmine/IED",
            "Grenade",
        ],
    ),
    (
        "Violence against civilians",
        &[
            "Sexual violence",
            "Attack",
            "Abduction/forced disappearance",
        ],
    ),
    (
        "Protests",
        &[
            "Peaceful protest",
            "Protest with intervention",
            "Excessive force against protesters",
        ],
    ),
    ("Riots", &["Violent demonstration", "Mob violence"]),
    (
        "Strategic developments",
        &[
            "Agreement",
            "Arrests",
            "Change to group/activity",
            "Disrupted weapons use",
            "Headquarters or base established",
            "Looting/property destruction",
            "Non-violent transfer of territory",
            "Other",
        ],
    ),
];

const STRATEGIC: &str = "Strategic developments";

/// ACLED inter codes of the civilians, and of those who carry arms.
const CIVILIAN_INTER: u8 = 7;
const STATE_INTER: u8 = 1;
const IDENTITY_INTER: u8 = 4;
const RIOTER_INTER: u8 = 5;
const PROTESTER_INTER: u8 = 6;

#[derive(Deserialize)]
struct TriggerFile {
    #[serde(default)]
    negators: Vec<String>,
    #[serde(default = "default_negation_window")]
    negation_window: usize,
    #[serde(default)]
    negation_breaks: Vec<String>,
    #[serde(default)]
    clause_breaks: Vec<String>,
    #[serde(default)]
    passive_markers: Vec<String>,
    #[serde(default)]
    agent_markers: Vec<String>,
    /// Object pronouns ("him", "les"): a crowd acting on someone unnamed.
    #[serde(default)]
    object_pronouns: Vec<String>,
    /// Civilian nouns that can act as a crowd ("residents", "youths"),
    /// unlike "civilians" or "children", who are only ever hit.
    #[serde(default)]
    crowd_agents: Vec<String>,
    #[serde(default = "default_target_window")]
    target_window: usize,
    #[serde(default)]
    not_triggers: Vec<String>,
    /// Words of a sentence whose casualties are no conflict ("accident").
    #[serde(default)]
    no_conflict: Vec<String>,
    #[serde(default)]
    armed_targets: Vec<String>,
    #[serde(default)]
    civilian_targets: Vec<String>,
    #[serde(default, rename = "trigger")]
    triggers: Vec<TriggerEntry>,
}

fn default_negation_window() -> usize {
    5
}

fn default_target_window() -> usize {
    8
}

fn yes() -> bool {
    true
}

#[derive(Deserialize)]
struct TriggerEntry {
    forms: Vec<String>,
    event_type: String,
    sub_event_type: String,
    #[serde(default)]
    weak: bool,
    /// Whether a weak casualty word beside this one gives way to it.
    #[serde(default = "yes")]
    masks_casualties: bool,
    /// A weak trigger that tells of casualties ("killed"), not of a demand ("demanding").
    #[serde(default = "yes")]
    casualty: bool,
    #[serde(default)]
    when: Vec<WhenEntry>,
}

#[derive(Deserialize)]
struct WhenEntry {
    #[serde(default)]
    target: Option<Target>,
    #[serde(default)]
    agent: Option<Agent>,
    /// The trigger must have an object: someone named after it, or an object pronoun beside it.
    #[serde(default)]
    object: bool,
    #[serde(default)]
    near: Vec<String>,
    /// The trigger's own type when left out.
    #[serde(default)]
    event_type: Option<String>,
    sub_event_type: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
enum Target {
    Armed,
    Civilian,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
enum Agent {
    State,
    NonState,
    /// Civilians, rioters or protesters acting: mob violence, not an armed attack.
    Crowd,
    /// No one named acts ("a group beat a suspected thief", "a thief was
    /// beaten"): as a rule's condition only, never found as an agent.
    Unnamed,
}

/// An ACLED type and sub-type, checked against the taxonomy.
#[derive(Clone, Debug)]
struct Typed {
    event_type: String,
    sub_event_type: String,
}

struct When {
    target: Option<Target>,
    agent: Option<Agent>,
    object: bool,
    near: Option<Phrases<()>>,
    typed: Typed,
}

struct Rule {
    typed: Typed,
    weak: bool,
    masks_casualties: bool,
    casualty: bool,
    when: Vec<When>,
}

/// Where an actor mention lies, in tokens, and its inter code.
#[derive(Clone, Copy)]
struct ActorAt {
    start: usize,
    end: usize,
    inter: u8,
}

/// A trigger found in one sentence, before weak ones are weighed.
struct Found {
    sentence: usize,
    span: Span,
    rule: usize,
    typed: Typed,
}

pub struct TriggerRecognizer {
    rules: Vec<Rule>,
    forms: Phrases<usize>,
    negators: Phrases<()>,
    negation_window: usize,
    negation_breaks: Phrases<()>,
    clause_breaks: Phrases<()>,
    passive_markers: Phrases<()>,
    agent_markers: Phrases<()>,
    object_pronouns: Phrases<()>,
    crowd_agents: Phrases<()>,
    target_window: usize,
    not_triggers: Phrases<()>,
    no_conflict: Phrases<()>,
    armed_targets: Phrases<()>,
    civilian_targets: Phrases<()>,
    /// Who is hit and who acts are read from the actor lexicon.
    actors: ActorRecognizer,
}

impl TriggerRecognizer {
    pub fn new(lang: Lang, src: &LexiconSource) -> Result<Self, LexiconError> {
        let (_, path) = src.text(lang, "triggers.toml")?;
        let f: TriggerFile = src.toml(lang, "triggers.toml")?;
        let seg = Segmentation::load(src)?;
        let words = |l: &[String]| Phrases::words(l, &seg);
        let typed = |event_type: &str, sub: &str, forms: &[String]| {
            checked(event_type, sub).ok_or_else(|| LexiconError::Invalid {
                path: path.clone(),
                message: format!(
                    "the trigger '{}' has type '{event_type}' / '{sub}', which is not in ACLED's taxonomy (see DESIGN.md)",
                    forms.first().map_or("", String::as_str)
                ),
            })
        };
        let mut rules = Vec::with_capacity(f.triggers.len());
        let mut forms = Vec::new();
        for (i, t) in f.triggers.into_iter().enumerate() {
            let main = typed(&t.event_type, &t.sub_event_type, &t.forms)?;
            let mut when = Vec::with_capacity(t.when.len());
            for w in t.when {
                let ty = w.event_type.as_deref().unwrap_or(&t.event_type);
                when.push(When {
                    target: w.target,
                    agent: w.agent,
                    object: w.object,
                    near: (!w.near.is_empty()).then(|| words(&w.near)),
                    typed: typed(ty, &w.sub_event_type, &t.forms)?,
                });
            }
            forms.extend(t.forms.into_iter().map(|w| (w, i)));
            rules.push(Rule {
                typed: main,
                weak: t.weak,
                masks_casualties: t.masks_casualties,
                casualty: t.casualty,
                when,
            });
        }
        Ok(TriggerRecognizer {
            rules,
            forms: Phrases::new(forms, &seg),
            negators: words(&f.negators),
            negation_window: f.negation_window,
            negation_breaks: words(&f.negation_breaks),
            clause_breaks: words(&f.clause_breaks),
            passive_markers: words(&f.passive_markers),
            agent_markers: words(&f.agent_markers),
            object_pronouns: words(&f.object_pronouns),
            crowd_agents: words(&f.crowd_agents),
            target_window: f.target_window,
            not_triggers: words(&f.not_triggers),
            no_conflict: words(&f.no_conflict),
            armed_targets: words(&f.armed_targets),
            civilian_targets: words(&f.civilian_targets),
            actors: ActorRecognizer::new(lang, src)?,
        })
    }

    /// The actor recogniser the triggers read who acted and who was hit
    /// with: the annotator finds actors with it too, so that the actor
    /// lexicon is built once.
    pub fn actors(&self) -> &ActorRecognizer {
        &self.actors
    }

    /// Every event trigger (MentionValue::Trigger) in `text`, in text order.
    pub fn find(&self, text: &str, tokens: &Tokens, sentences: &[Span]) -> Vec<Mention> {
        let actors = self.actors.find(text, tokens, sentences);
        self.find_with_actors(text, tokens, sentences, &actors)
    }

    /// [`find`](Self::find) with the actor mentions already found in the
    /// same text, so that the annotator reads actors once.
    pub fn find_with_actors(
        &self,
        text: &str,
        tokens: &Tokens,
        sentences: &[Span],
        actor_mentions: &[Mention],
    ) -> Vec<Mention> {
        let whole = [Span::new(0, text.len())];
        let sentences = if sentences.is_empty() {
            &whole[..]
        } else {
            sentences
        };
        let actors: Vec<ActorAt> = actor_mentions
            .iter()
            .filter_map(|m| match &m.value {
                MentionValue::Actor(a) => {
                    let r = tokens.range_in(m.span());
                    Some(ActorAt {
                        start: r.start,
                        end: r.end,
                        inter: a.inter,
                    })
                }
                _ => None,
            })
            .collect();
        let ranges: Vec<std::ops::Range<usize>> =
            sentences.iter().map(|s| tokens.range_in(*s)).collect();
        let mut found: Vec<Found> = Vec::new();
        for (si, r) in ranges.iter().enumerate() {
            let near_end = ranges.get(si + 1).map_or(r.end, |n| n.end);
            // "Un mort dans un accident de la route": casualties of no conflict.
            let no_conflict = !self.no_conflict.find_all(tokens, r.start, r.end).is_empty();
            let mut i = r.start;
            while i < r.end {
                if let Some((e, _)) = self.not_triggers.at(tokens, i, r.end) {
                    i = e;
                    continue;
                }
                let Some((e, &rule)) = self.forms.at(tokens, i, r.end) else {
                    i += 1;
                    continue;
                };
                let (Some(a), Some(b)) = (tokens.get(i), tokens.get(e - 1)) else {
                    break;
                };
                let void = no_conflict && self.rules.get(rule).is_some_and(|r| r.weak);
                if !void && !self.negated(tokens, r.start, i) {
                    let ctx = Ctx {
                        text,
                        tokens,
                        actors: &actors,
                        from: r.start,
                        to: r.end,
                        near_end,
                        start: i,
                        end: e,
                    };
                    if let Some(typed) = self.typed(rule, &ctx) {
                        found.push(Found {
                            sentence: si,
                            span: Span::new(a.span.start, b.span.end),
                            rule,
                            typed,
                        });
                    }
                }
                i = e;
            }
        }
        let weak = |f: &Found| self.rules.get(f.rule).is_some_and(|r| r.weak);
        let rule = |f: &Found| self.rules.get(f.rule);
        let strong: Vec<&Found> = found
            .iter()
            .filter(|f| !weak(f) && f.typed.event_type != STRATEGIC)
            .collect();
        // A casualty word of the same type as the event beside it is that
        // event told again, and harmless: only a different type hides it.
        let masked = |f: &Found| {
            let casualty = rule(f).is_some_and(|r| r.casualty);
            strong.iter().any(|s| {
                let masks = !casualty || rule(s).is_some_and(|r| r.masks_casualties);
                masks
                    && s.sentence.abs_diff(f.sentence) <= 1
                    && (s.typed.event_type != f.typed.event_type
                        || s.typed.sub_event_type != f.typed.sub_event_type)
            })
        };
        found
            .iter()
            .filter(|f| !weak(f) || !masked(f))
            .map(|f| {
                Mention::new(
                    text,
                    f.span,
                    MentionValue::Trigger(TriggerValue {
                        event_type: f.typed.event_type.clone(),
                        sub_event_type: f.typed.sub_event_type.clone(),
                    }),
                )
            })
            .collect()
    }

    /// A negator in the words before token `at`, within its clause.
    fn negated(&self, tokens: &Tokens, from: usize, at: usize) -> bool {
        let mut lo = at;
        while lo > from && at - lo < self.negation_window {
            if self.negation_breaks.ending_at(tokens, from, lo).is_some() {
                break;
            }
            lo -= 1;
        }
        (lo..at).any(|k| self.negators.has_at(tokens, k, at))
    }

    /// The type of a trigger in its context: the first `when` that holds, else its own.
    fn typed(&self, rule: usize, ctx: &Ctx) -> Option<Typed> {
        let rule = self.rules.get(rule)?;
        let mut target = None;
        let mut agent = None;
        for w in &rule.when {
            if let Some(t) = w.target {
                if *target.get_or_insert_with(|| self.target(ctx)) != Some(t) {
                    continue;
                }
            }
            if let Some(a) = w.agent {
                let found = *agent.get_or_insert_with(|| self.agent(ctx));
                let holds = match a {
                    Agent::Unnamed => found.is_none(),
                    a => found == Some(a),
                };
                if !holds {
                    continue;
                }
            }
            if w.object && !self.has_object(ctx) {
                continue;
            }
            if let Some(near) = &w.near {
                if near.find_all(ctx.tokens, ctx.from, ctx.near_end).is_empty() {
                    continue;
                }
            }
            return Some(w.typed.clone());
        }
        Some(rule.typed.clone())
    }

    /// Who was hit: the first actor or target noun after the trigger, or
    /// before it when it is passive ("were killed") or names its agent
    /// next ("killed by gunmen").
    fn target(&self, ctx: &Ctx) -> Option<Target> {
        let tokens = ctx.tokens;
        let by_agent = self.agent_markers.has_at(tokens, ctx.end, ctx.to);
        let passive = self.passive(ctx);
        let after = || self.target_after(ctx);
        let before = || {
            let floor = ctx.start.saturating_sub(self.target_window).max(ctx.from);
            (floor..ctx.start)
                .rev()
                .take_while(|&k| !self.clause_breaks.has_at(tokens, k, ctx.to))
                .find_map(|k| self.target_at(ctx, k))
        };
        // Nothing in the clause: the rest of the sentence ("raided a press
        // conference at the university, and wounded five students"), then
        // the next one ("Two civilians were killed in the attack").
        let rest = || {
            let stop = (ctx.end + 2 * self.target_window).min(ctx.to);
            (ctx.end..stop)
                .chain(ctx.to..ctx.near_end)
                .find_map(|k| self.target_at_in(ctx, k, ctx.near_end))
        };
        // "A suspect was killed during a police raid": the one the sentence
        // says was hit, when the trigger names no one.
        let passive_subject = || {
            let p = (ctx.from..ctx.start)
                .find(|&k| self.passive_markers.has_at(tokens, k, ctx.start))?;
            (ctx.from..p).rev().find_map(|k| self.target_at(ctx, k))
        };
        // "Militants attacked Napula": a name that is no actor, right after
        // the verb, is a place, and a place attacked is its people.
        let place = || {
            let k = ctx.end;
            let named = k < ctx.to
                && ctx.tokens.get(k).is_some_and(|t| t.kind == TokenKind::Word)
                && ctx.tokens.is_capitalised(ctx.text, k)
                && !ctx.actors.iter().any(|a| a.start <= k && k < a.end);
            named.then_some(Target::Civilian)
        };
        match (passive, by_agent) {
            // "They were attacked by gunmen": a passive verb with no one
            // armed named as hit, so people were ("an attack by gunmen",
            // a noun, says nothing of whom).
            (true, true) => before().or(Some(Target::Civilian)),
            (false, true) => before(),
            // "A teacher at the primary school, was shot dead": the subject
            // may lie past a comma that ends the search before the verb.
            (true, false) => before().or_else(passive_subject).or_else(after),
            (false, false) => after()
                .or_else(place)
                .or_else(rest)
                .or_else(passive_subject),
        }
    }

    /// Whether the trigger is passive: "were killed", "est lynché".
    fn passive(&self, ctx: &Ctx) -> bool {
        (ctx.start.saturating_sub(2)..ctx.start)
            .any(|k| self.passive_markers.has_at(ctx.tokens, k, ctx.start))
    }

    /// Who was hit, named after the trigger within its clause.
    fn target_after(&self, ctx: &Ctx) -> Option<Target> {
        self.clause_after(ctx).find_map(|k| self.target_at(ctx, k))
    }

    /// The tokens after the trigger, within the target window and its clause.
    fn clause_after<'c>(&'c self, ctx: &'c Ctx) -> impl Iterator<Item = usize> + 'c {
        let stop = (ctx.end + self.target_window).min(ctx.to);
        (ctx.end..stop).take_while(move |&k| !self.clause_breaks.has_at(ctx.tokens, k, ctx.to))
    }

    /// Whether the trigger acts on someone: a person named after it within
    /// its clause (a place after it is where, not whom: "killed by
    /// execution in the village"), or an object pronoun in the two words on
    /// either side ("beat him", "l'ont lynché").
    fn has_object(&self, ctx: &Ctx) -> bool {
        let lo = ctx.start.saturating_sub(2).max(ctx.from);
        let hi = (ctx.end + 2).min(ctx.to);
        let pronoun = (lo..ctx.start)
            .chain(ctx.end..hi)
            .any(|k| self.object_pronouns.has_at(ctx.tokens, k, ctx.to));
        let person = self
            .clause_after(ctx)
            .any(|k| ctx.actors.iter().any(|a| a.start == k));
        // "Stormed the home", "torched a bus": a target noun right after
        // the verb, past one determiner at most.
        let thing = (ctx.end..(ctx.end + 2).min(ctx.to)).any(|k| {
            self.armed_targets.has_at(ctx.tokens, k, ctx.to)
                || self.civilian_targets.has_at(ctx.tokens, k, ctx.to)
        });
        pronoun || person || thing
    }

    fn target_at(&self, ctx: &Ctx, k: usize) -> Option<Target> {
        self.target_at_in(ctx, k, ctx.to)
    }

    /// The target starting at token `k`, phrases ending by token `limit`.
    fn target_at_in(&self, ctx: &Ctx, k: usize, limit: usize) -> Option<Target> {
        if let Some(a) = ctx.actors.iter().find(|a| a.start <= k && k < a.end) {
            return match a.inter {
                // A people hit is its people ("a Gourmantche farmer", "a
                // Samburu village", "six Kikuyu were killed"): its militia
                // is named as the one that acts.
                CIVILIAN_INTER | IDENTITY_INTER => Some(Target::Civilian),
                1..=3 | 8 => Some(Target::Armed),
                _ => None,
            };
        }
        if self.armed_targets.has_at(ctx.tokens, k, limit) {
            return Some(Target::Armed);
        }
        if self.civilian_targets.has_at(ctx.tokens, k, limit) {
            return Some(Target::Civilian);
        }
        None
    }

    /// Who acted: the actor after "by"/"par" right after the trigger, else
    /// the nearest actor before it in the sentence; a crowd before a
    /// passive verb is the one hit, not the one who acted.
    fn agent(&self, ctx: &Ctx) -> Option<Agent> {
        let of = |a: &ActorAt| match a.inter {
            STATE_INTER => Some(Agent::State),
            RIOTER_INTER | PROTESTER_INTER => Some(Agent::Crowd),
            CIVILIAN_INTER => (!self
                .crowd_agents
                .find_all(ctx.tokens, a.start, a.end)
                .is_empty())
            .then_some(Agent::Crowd),
            _ => Some(Agent::NonState),
        };
        if let Some((p, _)) = self.agent_markers.at(ctx.tokens, ctx.end, ctx.to) {
            if let Some(a) = ctx
                .actors
                .iter()
                .filter(|a| a.start >= p && a.start < ctx.to)
                .min_by_key(|a| a.start)
            {
                return of(a);
            }
        }
        let nearest = ctx
            .actors
            .iter()
            .filter(|a| a.start >= ctx.from && a.end <= ctx.start)
            .max_by_key(|a| a.end)?;
        let agent = of(nearest)?;
        // "Villagers were attacked": the crowd was hit. "Arrested the
        // farmers and slaughtered them": the crowd is another verb's object.
        let object_of_verb = (nearest.start.saturating_sub(3).max(ctx.from)..nearest.start)
            .any(|k| self.forms.at(ctx.tokens, k, nearest.start).is_some());
        let hit = self.passive(ctx) || object_of_verb;
        if agent == Agent::Crowd && !hit {
            // "The militants killed a councillor and two residents, and
            // looted shops": a crowd after an armed actor in the sentence is
            // most often what that actor did something to; the armed actor
            // is the subject the later verbs share.
            let armed_before = ctx
                .actors
                .iter()
                .filter(|a| a.start >= ctx.from && a.end <= nearest.start)
                .filter_map(of)
                .find(|&a| a != Agent::Crowd);
            return Some(armed_before.unwrap_or(agent));
        }
        (agent != Agent::Crowd || !hit).then_some(agent)
    }
}

/// One trigger in its sentence.
struct Ctx<'a> {
    text: &'a str,
    tokens: &'a Tokens,
    actors: &'a [ActorAt],
    /// The sentence, in tokens.
    from: usize,
    to: usize,
    /// The end of the next sentence: `near` words are looked for up to there.
    near_end: usize,
    /// The trigger, in tokens.
    start: usize,
    end: usize,
}

fn checked(event_type: &str, sub: &str) -> Option<Typed> {
    let subs: HashMap<&str, &[&str]> = TAXONOMY.iter().copied().collect();
    subs.get(event_type)
        .filter(|s| s.contains(&sub))
        .map(|_| Typed {
            event_type: event_type.to_string(),
            sub_event_type: sub.to_string(),
        })
}

#[cfg(test)]
mod tests;
