//! Who did what to whom: actor roles of an event.

use crate::lexicon::ends_at;
use crate::{Context, Draft};
use sitrep_core::{ActorValue, EventActor, Evidence, Mention, MentionValue, Span};

pub(crate) fn actor_value(m: &Mention) -> Option<&ActorValue> {
    match &m.value {
        MentionValue::Actor(a) => Some(a),
        _ => None,
    }
}

pub(crate) fn is_civilian_category(c: &str) -> bool {
    matches!(c, "civilians" | "children" | "women")
}

const CIVILIANS: u8 = 7;
const STATE: u8 = 1;
const EXTERNAL: u8 = 8;

#[derive(Clone, Copy, PartialEq)]
enum Side {
    Agent,
    Target,
}

struct Named {
    name: String,
    inter: u8,
    side: Side,
    marked: bool,
    evidence: Vec<Evidence>,
}

/// Which side an actor mention is on: the words just before it ("par",
/// "contre", "killed") decide; else before the trigger is the doer, after
/// it the one done to. Civilians are always on the receiving side.
/// The flag says whether a marker word decided it.
fn side(ctx: &Context, m: &Mention, inter: u8, triggers: &[Span]) -> (Side, bool) {
    if inter == CIVILIANS {
        return (Side::Target, true);
    }
    let tokens = &ctx.ann.tokens;
    let at = tokens.index_at(m.start);
    for back in 0..3 {
        let end = at.saturating_sub(back);
        if ctx
            .words
            .agent_before
            .iter()
            .any(|p| ends_at(tokens, end, p))
        {
            return (Side::Agent, true);
        }
        if ctx
            .words
            .target_before
            .iter()
            .any(|p| ends_at(tokens, end, p))
        {
            return (Side::Target, true);
        }
    }
    let nearest = triggers
        .iter()
        .min_by_key(|t| t.start.abs_diff(m.start))
        .copied();
    match nearest {
        Some(t) if t.end <= m.start => (Side::Target, false),
        _ => (Side::Agent, false),
    }
}

/// "Suspected JNIM or IS Sahel militants": two named armed groups joined
/// only by "or"/"ou" are held jointly responsible, one actor for ACLED.
fn held_jointly(
    ctx: &Context,
    (m, a): (&Mention, &ActorValue),
    (n, b): (&Mention, &ActorValue),
) -> bool {
    let named_group = |v: &ActorValue| matches!(v.inter, 2 | 3) && !v.name.contains("{country}");
    if !named_group(a) || !named_group(b) || a.name == b.name || n.start < m.end {
        return false;
    }
    let tokens = &ctx.ann.tokens;
    let between = tokens.range_in(Span::new(m.end, n.start));
    ctx.words
        .joint_joiners
        .iter()
        .any(|p| p.len() == between.len() && ends_at(tokens, between.end, p))
}

pub(crate) fn actors(ctx: &Context, d: &Draft, civilian_targeting: bool) -> Vec<EventActor> {
    let sentences = d.sentences();
    // Speakers report the event; they are not its actors.
    let speakers: Vec<Span> = ctx.cues().iter().filter_map(|c| c.speaker).collect();
    let mut named: Vec<Named> = Vec::new();
    let mentions: Vec<(&Mention, &ActorValue)> = ctx
        .ann
        .mentions
        .iter()
        .filter_map(|m| actor_value(m).map(|a| (m, a)))
        .collect();
    let mut joined_to_previous = false;
    for (i, &(m, a)) in mentions.iter().enumerate() {
        if std::mem::take(&mut joined_to_previous) {
            continue;
        }
        let s = ctx.sentence_of(m.start);
        if !sentences.contains(&s) || speakers.iter().any(|sp| sp.overlaps(&m.span())) {
            continue;
        }
        let triggers: Vec<Span> = d
            .triggers
            .iter()
            .filter(|t| t.sentence == s)
            .map(|t| t.mention.span())
            .collect();
        let mut name = ctx.actor_name(&a.name);
        let mut evidence = vec![Evidence::of(ctx.text, m.span())];
        if let Some(&(n, b)) = mentions.get(i + 1) {
            if held_jointly(ctx, (m, a), (n, b)) {
                name = ctx.words.joint_name(&name, &ctx.actor_name(&b.name));
                evidence.push(Evidence::of(ctx.text, n.span()));
                joined_to_previous = true;
            }
        }
        match named.iter_mut().find(|n| n.name == name) {
            Some(n) => n.evidence.extend(evidence),
            None => {
                let (side, marked) = side(ctx, m, a.inter, &triggers);
                named.push(Named {
                    side,
                    marked,
                    name,
                    inter: a.inter,
                    evidence,
                })
            }
        }
    }
    // "Des soldats ont été tués par des jihadistes": once a doer is named
    // by "par"/"by", the others placed first are the ones done to.
    if named.iter().any(|n| n.side == Side::Agent && n.marked) {
        for n in named.iter_mut().filter(|n| !n.marked) {
            n.side = Side::Target;
        }
    }
    let (mut agents, mut targets): (Vec<Named>, Vec<Named>) =
        named.into_iter().partition(|n| n.side == Side::Agent);
    // Two sides fighting with no one "done to": the second is the opponent,
    // unless it is a foreign force fighting alongside a state's army.
    if targets.is_empty() && agents.len() >= 2 {
        let pair = (agents[0].inter, agents[1].inter);
        if !matches!(pair, (STATE, EXTERNAL) | (EXTERNAL, STATE)) {
            targets.push(agents.remove(1));
        }
    }
    if civilian_targeting && !targets.iter().any(|t| t.inter == CIVILIANS) {
        targets.insert(
            0,
            Named {
                name: ctx.actor_name("Civilians ({country})"),
                inter: CIVILIANS,
                side: Side::Target,
                marked: false,
                evidence: Vec::new(),
            },
        );
    }
    let violent = !matches!(
        d.typed().0,
        "Protests" | "Riots" | "Strategic developments" | ""
    );
    // People who protest or riot are coded as Protesters / Rioters (ACLED
    // inter 6 / 5), whoever they otherwise are ("villagers", "students").
    let crowd = match d.typed().0 {
        "Protests" => Some(("Protesters ({country})", 6)),
        "Riots" => Some(("Rioters ({country})", 5)),
        _ => None,
    };
    if let Some((crowd, inter)) = crowd {
        // Police who break up a protest or a riot are its second side: ACLED
        // names the crowd first, save where the force itself is the event.
        if d.typed().1 != "Excessive force against protesters"
            && agents.first().is_some_and(|a| a.inter == STATE)
        {
            targets.insert(0, agents.remove(0));
        }
        let acting_civilians = agents.first().is_some_and(|a| a.inter == CIVILIANS);
        if agents.is_empty() || acting_civilians {
            let evidence = if acting_civilians {
                agents.remove(0).evidence
            } else {
                Vec::new()
            };
            agents.insert(
                0,
                Named {
                    name: ctx.actor_name(crowd),
                    inter,
                    side: Side::Agent,
                    marked: false,
                    evidence,
                },
            );
        }
    }
    if agents.is_empty() && violent {
        // Only states fly the aircraft and drones behind air strikes in the
        // conflicts sitrep reads; anyone else unnamed is an armed group.
        let (name, inter) = if d.typed().1 == "Air/drone strike" {
            ("Military Forces of {country}", STATE)
        } else {
            ("Unidentified Armed Group ({country})", 3)
        };
        agents.push(Named {
            name: ctx.actor_name(name),
            inter,
            side: Side::Agent,
            marked: false,
            evidence: Vec::new(),
        });
    }
    let mut out = Vec::new();
    for (i, n) in agents.into_iter().enumerate() {
        out.push(event_actor(
            n,
            if i == 0 { "actor1" } else { "assoc_actor_1" },
        ));
    }
    for (i, n) in targets.into_iter().enumerate() {
        out.push(event_actor(
            n,
            if i == 0 { "actor2" } else { "assoc_actor_2" },
        ));
    }
    out
}

fn event_actor(n: Named, role: &str) -> EventActor {
    EventActor {
        name: n.name,
        role: role.to_string(),
        inter: n.inter,
        evidence: n.evidence,
    }
}
