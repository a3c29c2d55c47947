//! Casualty claims: who says how many were killed or hurt, and the
//! low / best / high / ACLED figures derived from them.

use crate::lexicon::{ends_at, occurs_in, Words};
use sitrep_annotate::Annotation;
use sitrep_core::{
    Claim, Claimant, ClaimantKind, Evidence, Fatalities, Figure, Mention, MentionValue, Outcome,
    Qualifier, QuantityValue, Span,
};
use std::collections::BTreeMap;

/// A reporting cue with the span of its speaker's words in the text.
pub(crate) struct Cue<'a> {
    pub mention: &'a Mention,
    pub speaker: Option<Span>,
}

/// The claimant of a figure that no cue governs: the outlet itself.
pub(crate) fn unattributed() -> Claimant {
    Claimant {
        name: "unattributed".to_string(),
        kind: ClaimantKind::Unattributed,
    }
}

/// Finds the speaker's words near the cue: the cue recogniser gives them as
/// text, and the assembler needs their place to see which actor speaks.
pub(crate) fn locate_speaker(text: &str, ann: &Annotation, cue: &Mention) -> Option<Span> {
    let MentionValue::Cue(v) = &cue.value else {
        return None;
    };
    let speaker = v.speaker.as_deref()?.trim();
    if speaker.is_empty() {
        return None;
    }
    let sentence = ann
        .sentence_of(cue.start)
        .and_then(|i| ann.sentences.get(i))
        .copied()
        .unwrap_or(Span::new(0, text.len()));
    let hay = sentence.text(text);
    // The occurrence closest to the cue: a sentence may name the army twice.
    hay.match_indices(speaker)
        .map(|(i, _)| Span::new(sentence.start + i, sentence.start + i + speaker.len()))
        .min_by_key(|s| s.start.abs_diff(cue.start).min(s.end.abs_diff(cue.end)))
}

/// Who a cue's speaker is: the actor named in the speaker's words (a party
/// when it is an armed side, a local source when it is civilians or a
/// communal militia), else
/// the kind the speaker's words suggest, else the kind an apposition gives
/// ("Babakura Kolo, le chef d'une milice"; "Jane Doe, a local nurse").
/// Speaker words that point back ("il", "la même source") take `before`,
/// the claimant of the cue before.
pub(crate) fn claimant_of(
    text: &str,
    ann: &Annotation,
    words: &Words,
    cue: &Cue,
    before: Option<&Claimant>,
    actor_name: impl Fn(&Mention) -> String,
) -> Claimant {
    let Some(span) = cue.speaker else {
        // "Il a ajouté que…": the pronoun is no speaker the cue recogniser
        // keeps, but it points back all the same.
        let at = ann.tokens.index_at(cue.mention.start);
        let pronoun = words
            .same_speaker
            .iter()
            .any(|p| ends_at(&ann.tokens, at, p))
            || inverted_pronoun(ann, words, cue.mention);
        return match before {
            Some(b) if pronoun => b.clone(),
            _ => unattributed(),
        };
    };
    let range = ann.tokens.range_in(span);
    let kind_in = |range: std::ops::Range<usize>| {
        words
            .claimant_kinds
            .iter()
            .find(|(p, _)| occurs_in(&ann.tokens, range.clone(), p))
            .map(|(_, k)| *k)
    };
    let points_back = words
        .same_speaker
        .iter()
        .any(|p| ends_at(&ann.tokens, range.start + p.len(), p) && range.len() >= p.len());
    if let Some(before) = before.filter(|_| points_back) {
        return before.clone();
    }
    // "Le groupe dit avoir tué…": the whole of the speaker's words name the
    // armed group told of before ("le groupe d'experts de l'ONU" does not).
    let anaphor = words
        .party_anaphors
        .iter()
        .any(|p| range.len() == p.len() && occurs_in(&ann.tokens, range.clone(), p));
    if anaphor {
        return Claimant {
            name: span.text(text).trim().to_string(),
            kind: ClaimantKind::Party,
        };
    }
    let named_kind = kind_in(range.clone());
    // The UN and its missions are actors too, but speak as observers.
    if named_kind == Some(ClaimantKind::Ngo) {
        return Claimant {
            name: span.text(text).trim().to_string(),
            kind: ClaimantKind::Ngo,
        };
    }
    if let Some((actor, value)) = ann.mentions.iter().find_map(|m| match &m.value {
        MentionValue::Actor(a) if span.overlaps(&m.span()) => Some((m, a)),
        _ => None,
    }) {
        // A self-defence militia ("a CJTF member", "des membres du groupe
        // d'autodéfense") speaks as a local source, as the kind words say.
        let kind = match value.inter {
            CIVILIANS | COMMUNAL_MILITIAS => ClaimantKind::LocalSource,
            POLITICAL_MILITIAS if named_kind == Some(ClaimantKind::LocalSource) => {
                ClaimantKind::LocalSource
            }
            _ => ClaimantKind::Party,
        };
        return Claimant {
            name: actor_name(actor),
            kind,
        };
    }
    let kind = named_kind
        .or_else(|| {
            // An apposition: ", <words>" up to the next comma or the end of
            // the sentence, ten words at most.
            let sentence_end = ann
                .sentence_of(span.start)
                .and_then(|i| ann.sentences.get(i))
                .map_or(text.len(), |s| s.end);
            let after = range.end;
            // The apposition ends before the cue itself ("Abba, told our
            // correspondent" has none).
            let cue_at = ann.tokens.index_at(cue.mention.start);
            let limit = if cue_at > after {
                cue_at
            } else {
                ann.tokens.len()
            };
            (ann.tokens.folded(after) == ",").then(|| {
                let stop = (after + 1..(after + 11).min(limit))
                    .find(|&i| {
                        ann.tokens.folded(i) == ","
                            || ann.tokens.tokens[i].span.start >= sentence_end
                    })
                    .unwrap_or((after + 11).min(limit));
                kind_in(after + 1..stop)
            })?
        })
        .unwrap_or(ClaimantKind::Unattributed);
    Claimant {
        name: span.text(text).trim().to_string(),
        kind,
    }
}

/// Whether the cue's subject is a pronoun hyphenated to its verb or
/// auxiliary ("a-t-il précisé", "précise-t-elle", "dit-il"): in the cue or
/// glued right after it.
fn inverted_pronoun(ann: &Annotation, words: &Words, cue: &Mention) -> bool {
    let tokens = &ann.tokens;
    let from = tokens.index_at(cue.start);
    let to = (tokens.index_at(cue.end) + 4).min(tokens.len());
    let glued = |a: usize| {
        tokens
            .get(a)
            .zip(tokens.get(a + 1))
            .is_some_and(|(x, y)| x.span.end == y.span.start)
    };
    (from + 1..to).any(|k| {
        tokens.folded(k - 1) == "-"
            && glued(k - 1)
            && (k < 2 || glued(k - 2))
            && words
                .same_speaker
                .iter()
                .any(|p| p.len() == 1 && p[0] == tokens.folded(k))
    })
}

/// ACLED's `inter` code of civilians.
const CIVILIANS: u8 = 7;

/// ACLED's `inter` code of identity and communal militias (self-defence
/// groups, hunters' brotherhoods, vigilantes): rooted in the community they
/// guard, they speak of its dead as local sources do.
const COMMUNAL_MILITIAS: u8 = 4;
/// ACLED's `inter` code of political militias (self-defence groups among them).
const POLITICAL_MILITIAS: u8 = 3;

/// The figures one claimant gives for one event.
#[derive(Default)]
pub(crate) struct ClaimFigures<'a> {
    pub killed: Vec<&'a Mention>,
    pub injured: Vec<&'a Mention>,
}

fn quantity(m: &Mention) -> Option<&QuantityValue> {
    match &m.value {
        MentionValue::Quantity(q) => Some(q),
        _ => None,
    }
}

/// One figure from the quantities of one statement: sub-counts ("dont 11
/// enfants") are left out, the same count said twice counts once, and
/// counts listed together add up ("5 soldats et 3 civils", "eleven
/// soldiers and 19 volunteers").
fn combine(text: &str, ms: &[&Mention]) -> Option<Figure> {
    let top: Vec<(&Mention, &QuantityValue)> = ms
        .iter()
        .filter_map(|m| quantity(m).map(|q| (*m, q)))
        .filter(|(_, q)| q.part_of.is_none())
        .collect();
    let (first_m, first_q) = *top.first()?;
    let mut counts: Vec<(&str, &Mention, &QuantityValue)> = Vec::new();
    for (m, q) in &top {
        let repeated = counts
            .iter()
            .any(|(c, _, seen)| *c == q.category && seen.value == q.value);
        if !repeated {
            counts.push((q.category.as_str(), m, q));
        }
    }
    if counts.len() == 1 {
        let (_, m, q) = counts[0];
        return Some(Figure {
            value: q.value,
            high: q.high,
            qualifier: q.qualifier,
            category: q.category.clone(),
            evidence: Evidence::of(text, m.span()),
        });
    }
    let value = counts.iter().filter_map(|(_, _, q)| q.value).sum::<u32>();
    let high = counts
        .iter()
        .map(|(_, _, q)| q.high.or(q.value).unwrap_or(0))
        .sum::<u32>();
    let last = counts
        .iter()
        .map(|(_, m, _)| m.end)
        .max()
        .unwrap_or(first_m.end);
    let mut categories: Vec<&str> = Vec::new();
    for (c, _, _) in &counts {
        if !categories.contains(c) {
            categories.push(c);
        }
    }
    Some(Figure {
        value: Some(value),
        high: (high != value).then_some(high),
        qualifier: first_q.qualifier,
        category: categories.join("+"),
        evidence: Evidence::of(text, Span::new(first_m.start, last)),
    })
}

pub(crate) fn claim(text: &str, claimant: Claimant, cue: Option<Span>, f: &ClaimFigures) -> Claim {
    Claim {
        claimant,
        cue: cue.map(|s| Evidence::of(text, s)),
        killed: combine(text, &f.killed),
        injured: combine(text, &f.injured),
        additional: false,
    }
}

/// Whether the text between two figures keeps them in one statement ("17
/// soldiers and 36 volunteers", "3 morts, 5 blessés"): a short stretch with
/// no clause break.
pub(crate) fn said_together(between: &str) -> bool {
    between.len() <= 60 && !between.contains([';', '.', '?', '!'])
}

fn figure_value(f: &Option<Figure>) -> Option<u32> {
    f.as_ref().and_then(|f| f.value)
}

/// Adds `claim` to `claims` unless its claimant already gave the same
/// figure: a toll repeated by one source is one claim. An injured count
/// given alongside fills the other's gap.
pub(crate) fn merge_into(claims: &mut Vec<Claim>, claim: Claim) {
    if claim.killed.is_none() && claim.injured.is_none() {
        return;
    }
    // "One attacker was killed, while a police officer was found dead":
    // the same figure of two groups is two claims.
    let groups_differ = |a: &Option<Figure>, b: &Option<Figure>| match (
        a.as_ref().and_then(|f| victim_group(&f.category)),
        b.as_ref().and_then(|f| victim_group(&f.category)),
    ) {
        (Some(x), Some(y)) => x != y,
        _ => false,
    };
    let same = claims.iter_mut().find(|c| {
        c.claimant == claim.claimant
            && !groups_differ(&c.killed, &claim.killed)
            && (figure_value(&c.killed) == figure_value(&claim.killed)
                || claim.killed.is_none()
                || c.killed.is_none())
            && (figure_value(&c.injured) == figure_value(&claim.injured)
                || claim.injured.is_none()
                || c.injured.is_none())
    });
    match same {
        Some(c) => {
            if c.killed.is_none() {
                c.killed = claim.killed;
            }
            if c.injured.is_none() {
                c.injured = claim.injured;
            }
        }
        None => claims.push(claim),
    }
}

/// Whether two counts are of the two sides of a fight: armed fighters on
/// one side, soldiers or police on the other. Civilians and fighters
/// killed together may be the victims of one strike ("killed 19 civilians
/// and three armed men"): one figure.
pub(crate) fn opposite_sides(a: &Mention, b: &Mention) -> bool {
    let group = |m: &Mention| quantity(m).and_then(|q| victim_group(&q.category));
    matches!(
        (group(a), group(b)),
        (Some("combatants"), Some("soldiers")) | (Some("soldiers"), Some("combatants"))
    )
}

pub(crate) fn outcome(m: &Mention) -> Option<Outcome> {
    quantity(m).and_then(|q| q.outcome)
}

/// Whether a claim of `value` with `qualifier` is consistent with a true
/// toll of `figure`: "about 20" supports 21, "at least 20" supports 25.
fn supports(figure: u32, value: u32, high: Option<u32>, qualifier: Qualifier) -> bool {
    match qualifier {
        Qualifier::Exact => figure == value,
        Qualifier::About => figure.abs_diff(value) <= (value / 10).max(1),
        Qualifier::AtLeast | Qualifier::Vague => figure >= value,
        Qualifier::AtMost => figure <= value,
        Qualifier::Range => figure >= value && figure <= high.unwrap_or(value),
    }
}

/// DESIGN.md: low = the lowest credible figure, high = the highest, best =
/// the figure most claims support (ties go to the exact figure, then the
/// lower), acled = the lowest reported total.
///
/// Claims of other dead ([`Claim::additional`]: "four civilians had also
/// died" beside "17 militants were killed") add to the toll: each group of
/// victims (civilians, soldiers, fighters) that no other claim counts is
/// summarised on its own and added; an "also" count of no told group
/// ("people") adds nothing, since it may be any of them. Told without
/// "also", two claims on different groups dispute one toll ("20 terrorists
/// neutralised" against "21 civilians killed"), and are not added.
pub fn fatalities(claims: &[Claim]) -> Fatalities {
    // Every killed figure with its claim's flag and victim group.
    let killed: Vec<(&Figure, bool, Option<&str>)> = claims
        .iter()
        .filter_map(|c| {
            let f = c.killed.as_ref().filter(|f| f.value.is_some())?;
            Some((f, c.additional, victim_group(&f.category)))
        })
        .collect();
    let base_groups: Vec<Option<&str>> = killed
        .iter()
        .filter(|(_, additional, _)| !additional)
        .map(|&(_, _, g)| g)
        .collect();
    let mut base: Vec<&Figure> = Vec::new();
    let mut extra: BTreeMap<&str, Vec<&Figure>> = BTreeMap::new();
    for &(f, additional, g) in &killed {
        match g {
            Some(g) if additional && !base_groups.is_empty() && !base_groups.contains(&Some(g)) => {
                extra.entry(g).or_default().push(f)
            }
            _ => base.push(f),
        }
    }
    let add = |a: Option<u32>, b: Option<u32>| match (a, b) {
        (Some(a), Some(b)) => Some(a.saturating_add(b)),
        (a, b) => a.or(b),
    };
    extra.values().fold(summary(&base), |total, figures| {
        let more = summary(figures);
        Fatalities {
            low: add(total.low, more.low),
            best: add(total.best, more.best),
            high: add(total.high, more.high),
            acled: add(total.acled, more.acled),
        }
    })
}

/// Who a count of `category` ("soldiers", "civilians+children") counts,
/// as one group: civilians (children and women among them), soldiers, or
/// fighters; `None` when unknown or mixed.
fn victim_group(category: &str) -> Option<&'static str> {
    let mut out = None;
    for part in category.split('+') {
        let g = match part {
            "civilians" | "children" | "women" => "civilians",
            "soldiers" => "soldiers",
            "combatants" => "combatants",
            _ => return None,
        };
        if out.is_some_and(|o| o != g) {
            return None;
        }
        out = Some(g);
    }
    out
}

/// low / best / high / acled of one set of figures that count the same dead.
fn summary(figures: &[&Figure]) -> Fatalities {
    let values: Vec<u32> = figures.iter().filter_map(|f| f.value).collect();
    let (Some(&low), Some(&high)) = (values.iter().min(), values.iter().max()) else {
        return Fatalities::default();
    };
    let high = figures
        .iter()
        .map(|f| f.high.unwrap_or(0))
        .max()
        .unwrap_or(0)
        .max(high);
    let best = values
        .iter()
        .copied()
        .max_by_key(|&v| {
            let support = figures
                .iter()
                .filter(|f| f.value.is_some_and(|x| supports(v, x, f.high, f.qualifier)))
                .count();
            let exact = figures
                .iter()
                .any(|f| f.value == Some(v) && f.qualifier == Qualifier::Exact);
            (support, exact, std::cmp::Reverse(v))
        })
        .unwrap_or(low);
    Fatalities {
        low: Some(low),
        best: Some(best),
        high: Some(high),
        acled: Some(low),
    }
}

/// Opening and closing quotation marks; straight quotes open and close alike.
const OPENING_QUOTES: [char; 3] = ['“', '«', '„'];
const CLOSING_QUOTES: [char; 2] = ['”', '»'];

/// Whether a quotation is open at the end of `before` (the text of a
/// sentence up to a figure).
pub(crate) fn inside_quote(before: &str) -> bool {
    let (mut depth, mut straight) = (0i32, 0usize);
    for c in before.chars() {
        if OPENING_QUOTES.contains(&c) {
            depth += 1;
        } else if CLOSING_QUOTES.contains(&c) {
            depth = (depth - 1).max(0);
        } else if c == '"' {
            straight += 1;
        }
    }
    depth > 0 || straight % 2 == 1
}

/// Where the quotation that `after` opens inside closes: the byte offset
/// in `after` of the closing mark, if it closes before a paragraph break.
pub(crate) fn quote_close(after: &str, straight_open: bool) -> Option<usize> {
    let mut depth = 0i32;
    for (i, c) in after.char_indices() {
        if c == '\n' {
            return None;
        } else if OPENING_QUOTES.contains(&c) {
            depth += 1;
        } else if CLOSING_QUOTES.contains(&c) {
            if depth == 0 && !straight_open {
                return Some(i);
            }
            depth = (depth - 1).max(0);
        } else if c == '"' && straight_open && depth == 0 {
            return Some(i);
        }
    }
    None
}

/// Whether `sentence` quotes anyone.
pub(crate) fn has_quote(sentence: &str) -> bool {
    sentence
        .chars()
        .any(|c| c == '"' || OPENING_QUOTES.contains(&c) || CLOSING_QUOTES.contains(&c))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fig(value: u32, qualifier: Qualifier) -> Claim {
        Claim {
            claimant: unattributed(),
            cue: None,
            killed: Some(Figure {
                value: Some(value),
                high: None,
                qualifier,
                category: "civilians".into(),
                evidence: Evidence {
                    text: String::new(),
                    start: 0,
                    end: 0,
                },
            }),
            injured: None,
            additional: false,
        }
    }

    #[test]
    fn best_is_the_figure_most_claims_support() {
        let claims = [
            fig(20, Qualifier::About),
            fig(20, Qualifier::AtLeast),
            fig(21, Qualifier::Exact),
        ];
        let f = fatalities(&claims);
        assert_eq!(
            (f.low, f.best, f.high, f.acled),
            (Some(20), Some(21), Some(21), Some(20))
        );
    }

    #[test]
    fn two_parties_far_apart() {
        let claims = [fig(5, Qualifier::Exact), fig(40, Qualifier::Exact)];
        let f = fatalities(&claims);
        assert_eq!((f.low, f.high, f.acled), (Some(5), Some(40), Some(5)));
        assert_eq!(f.best, Some(5), "a tie goes to the lower figure");
    }

    #[test]
    fn no_figure_no_fatalities() {
        assert_eq!(fatalities(&[]), Fatalities::default());
    }

    fn of(value: u32, category: &str, additional: bool) -> Claim {
        let mut c = fig(value, Qualifier::Exact);
        if let Some(k) = c.killed.as_mut() {
            k.category = category.into();
        }
        c.additional = additional;
        c
    }

    #[test]
    fn other_dead_add_to_the_toll_once_per_group() {
        // 17 or 20 fighters, and "also" 4 or 5 civilians.
        let claims = [
            of(17, "combatants", false),
            of(20, "combatants", false),
            of(4, "civilians", true),
            of(5, "civilians", true),
        ];
        let f = fatalities(&claims);
        assert_eq!((f.low, f.high, f.acled), (Some(21), Some(25), Some(21)));
    }

    #[test]
    fn other_dead_of_a_group_already_counted_dispute_it() {
        // Another outlet counts the civilians without "also": they are then
        // the same dead, and the lowest total stands.
        let claims = [
            of(17, "combatants", false),
            of(4, "civilians", false),
            of(4, "civilians", true),
        ];
        assert_eq!(fatalities(&claims).acled, Some(4));
        // "Also" beside a count of people of no told group still adds.
        let claims = [of(12, "unknown", false), of(3, "civilians", true)];
        assert_eq!(fatalities(&claims).acled, Some(15));
        // An "also" count of no told group adds nothing: it may be any.
        let claims = [of(12, "civilians", false), of(3, "unknown", true)];
        assert_eq!(fatalities(&claims).acled, Some(3));
        // Only "also" claims: nothing to add them to.
        let claims = [of(3, "civilians", true)];
        assert_eq!(fatalities(&claims).acled, Some(3));
    }
}
