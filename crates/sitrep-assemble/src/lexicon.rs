//! The assembler's word lists (data/lang/<code>/assemble.toml).

use jiff::civil::Date;
use serde::Deserialize;
use sitrep_annotate::lexicon::{LexiconError, LexiconSource};
use sitrep_annotate::Tokens;
use sitrep_core::fold::fold;
use sitrep_core::{ClaimantKind, Lang};
use std::collections::{BTreeMap, HashMap};

#[derive(Deserialize)]
struct File {
    #[serde(default)]
    agent_before: Vec<String>,
    #[serde(default)]
    target_before: Vec<String>,
    #[serde(default)]
    background: Vec<String>,
    #[serde(default)]
    running_total: Vec<String>,
    #[serde(default)]
    running_total_not_after: Vec<String>,
    #[serde(default)]
    running_total_not_before: Vec<String>,
    #[serde(default)]
    statement_date_links: Vec<String>,
    #[serde(default)]
    same_speaker: Vec<String>,
    #[serde(default)]
    party_anaphors: Vec<String>,
    #[serde(default)]
    anaphoric_determiners: Vec<String>,
    #[serde(default)]
    relative_openers: Vec<String>,
    #[serde(default)]
    additive: Vec<String>,
    #[serde(default)]
    backshift: Vec<String>,
    #[serde(default)]
    claimant_kinds: BTreeMap<String, ClaimantKind>,
}

/// A phrase as a sequence of folded tokens.
pub(crate) type Phrase = Vec<String>;

pub(crate) struct Words {
    pub agent_before: Vec<Phrase>,
    pub target_before: Vec<Phrase>,
    pub background: Vec<Phrase>,
    /// A figure in a sentence with one of these is a running total of many
    /// events ("depuis 2012", "since Friday"), not one event's toll.
    pub running_total: Vec<Phrase>,
    /// Words after which a running-total word is an adverb of the verb
    /// ("who has since fled"), not the start of a span of time.
    pub running_total_not_after: Vec<Phrase>,
    /// Words that start a span of time after "since" ("since the start of
    /// the year", "depuis des années"), whatever comes before it.
    pub running_total_not_before: Vec<String>,
    /// What may stand between a reporting verb and the day it was said
    /// ("said on Tuesday"); "" for nothing ("a indiqué mardi").
    pub statement_date_links: Vec<String>,
    /// Speaker words that point back to the speaker named before ("il",
    /// "la même source", "the source").
    pub same_speaker: Vec<Phrase>,
    /// Speaker words that, standing alone, name an armed group again ("the
    /// group", "le groupe"): a party.
    pub party_anaphors: Vec<Phrase>,
    /// Before a trigger noun, these name an incident told before ("cette
    /// attaque", "the raid").
    pub anaphoric_determiners: Vec<Phrase>,
    /// Words that open a relative clause ("qui", "which"): a background
    /// word after one, past the trigger, speaks of something else ("tués
    /// dans le pays, qui sévit depuis des années").
    pub relative_openers: Vec<Phrase>,
    /// Beside a count, these tell more dead than those told already
    /// ("also", "également").
    pub additive: Vec<Phrase>,
    /// Background words that, after a reporting verb, are reported speech
    /// ("said they had died"), not an earlier event.
    pub backshift: Vec<Phrase>,
    /// Longest phrases first, so "sources locales" wins over "sources".
    pub claimant_kinds: Vec<(Phrase, ClaimantKind)>,
    /// An actor's earlier ACLED names, each until its end date, oldest
    /// first (`earlier_names` in actors.toml).
    pub earlier_names: HashMap<String, Vec<(Date, String)>>,
    /// Named groups in the order ACLED writes them in a joint actor.
    pub joint_order: Vec<String>,
    /// What joins two groups held jointly responsible ("or", "ou").
    pub joint_joiners: Vec<Phrase>,
}

/// The part of actors.toml the assembler reads: the names an actor bore
/// before a date.
#[derive(Deserialize)]
struct ActorNames {
    #[serde(default, rename = "actor")]
    actors: Vec<ActorPeriods>,
    #[serde(default)]
    joint_order: Vec<String>,
    #[serde(default)]
    joint_joiners: Vec<String>,
}

#[derive(Deserialize)]
struct ActorPeriods {
    name: String,
    #[serde(default)]
    earlier_names: Vec<EarlierName>,
}

#[derive(Deserialize)]
struct EarlierName {
    /// The first day of the next name.
    until: String,
    name: String,
}

/// How ACLED joins two actors held jointly responsible.
pub(crate) const JOINT: &str = " and/or ";

impl Words {
    /// The name ACLED gave actor `name` on `day`: an earlier one while
    /// its period ran ("Islamic State (Greater Sahara)" before mid-2019);
    /// each part of a joint actor on its own.
    pub fn name_on(&self, name: &str, day: Date) -> Option<String> {
        let one = |part: &str| {
            self.earlier_names
                .get(part)?
                .iter()
                .find(|(until, _)| day < *until)
                .map(|(_, n)| n.clone())
        };
        if !name.contains(JOINT) {
            return one(name);
        }
        let parts: Vec<Option<String>> = name.split(JOINT).map(one).collect();
        parts.iter().any(Option::is_some).then(|| {
            name.split(JOINT)
                .zip(parts)
                .map(|(p, renamed)| renamed.unwrap_or_else(|| p.to_string()))
                .collect::<Vec<_>>()
                .join(JOINT)
        })
    }

    /// The joint actor of groups `a` and `b`, named in that order.
    pub fn joint_name(&self, a: &str, b: &str) -> String {
        let rank = |n: &str| {
            self.joint_order
                .iter()
                .position(|o| o == n)
                .unwrap_or(usize::MAX)
        };
        if rank(b) < rank(a) {
            format!("{b}{JOINT}{a}")
        } else {
            format!("{a}{JOINT}{b}")
        }
    }
}

/// Splits a phrase the way the tokenizer does: on spaces, and after an
/// elided article ("l'encontre" → "l'" "encontre").
fn phrase(s: &str) -> Phrase {
    let mut out = Vec::new();
    // The tokenizer makes a hyphen a token of its own ("croix-rouge",
    // "porte-parole", "a-t-il"): so must the phrases matched on its tokens.
    let mut push = |w: &str| {
        for (k, part) in w.split('-').enumerate() {
            if k > 0 {
                out.push("-".to_string());
            }
            if !part.is_empty() {
                out.push(part.to_string());
            }
        }
    };
    for w in fold(s).split_whitespace() {
        match w.find('\'') {
            Some(i) if i + 1 < w.len() => {
                push(&w[..=i]);
                push(&w[i + 1..]);
            }
            _ => push(w),
        }
    }
    out
}

impl Words {
    pub fn load(src: &LexiconSource, lang: Lang) -> Result<Self, LexiconError> {
        let f: File = src.toml(lang, "assemble.toml")?;
        let ActorNames {
            actors,
            joint_order,
            joint_joiners,
        } = src.toml(lang, "actors.toml")?;
        let (_, actors_path) = src.text(lang, "actors.toml")?;
        let mut earlier_names: HashMap<String, Vec<(Date, String)>> = HashMap::new();
        for a in actors.into_iter().filter(|a| !a.earlier_names.is_empty()) {
            let mut periods = Vec::with_capacity(a.earlier_names.len());
            for e in a.earlier_names {
                let until: Date = e.until.parse().map_err(|_| LexiconError::Invalid {
                    path: actors_path.clone(),
                    message: format!(
                        "the earlier name '{}' of '{}' has until = '{}', which is no YYYY-MM-DD date",
                        e.name, a.name, e.until
                    ),
                })?;
                periods.push((until, e.name));
            }
            periods.sort();
            earlier_names.insert(a.name, periods);
        }
        let joint_joiners = joint_joiners
            .iter()
            .map(|s| phrase(s))
            .filter(|p| !p.is_empty())
            .collect();
        let list = |v: &[String]| {
            v.iter()
                .map(|s| phrase(s))
                .filter(|p| !p.is_empty())
                .collect()
        };
        let mut claimant_kinds: Vec<(Phrase, ClaimantKind)> = f
            .claimant_kinds
            .iter()
            .map(|(k, v)| (phrase(k), *v))
            .filter(|(p, _)| !p.is_empty())
            .collect();
        claimant_kinds.sort_by_key(|(p, _)| std::cmp::Reverse(p.len()));
        Ok(Words {
            agent_before: list(&f.agent_before),
            target_before: list(&f.target_before),
            background: list(&f.background),
            running_total: list(&f.running_total),
            running_total_not_after: list(&f.running_total_not_after),
            running_total_not_before: f.running_total_not_before.iter().map(|w| fold(w)).collect(),
            statement_date_links: f.statement_date_links.clone(),
            same_speaker: list(&f.same_speaker),
            party_anaphors: list(&f.party_anaphors),
            anaphoric_determiners: list(&f.anaphoric_determiners),
            relative_openers: list(&f.relative_openers),
            additive: list(&f.additive),
            backshift: list(&f.backshift),
            claimant_kinds,
            earlier_names,
            joint_order,
            joint_joiners,
        })
    }
}

/// Whether `phrase` occurs in the tokens `range`.
pub(crate) fn occurs_in(tokens: &Tokens, range: std::ops::Range<usize>, phrase: &Phrase) -> bool {
    let n = phrase.len();
    if n == 0 || range.len() < n {
        return false;
    }
    (range.start..=range.end - n).any(|i| ends_at(tokens, i + n, phrase))
}

/// Whether `phrase` occurs in `range` of `tokens` other than as an adverb:
/// one word right after one of `not_after` and before a token that
/// `verb_at` takes for a verb ("has since fled"; "has since January",
/// "has since 2015" and "have killed thousands" still count).
pub(crate) fn occurs_in_unless_after(
    tokens: &Tokens,
    range: std::ops::Range<usize>,
    phrase: &Phrase,
    not_after: &[Phrase],
    verb_at: impl Fn(usize) -> bool,
) -> bool {
    let n = phrase.len();
    if n == 0 || range.len() < n {
        return false;
    }
    (range.start..=range.end - n).any(|i| {
        let adverb = n == 1 && not_after.iter().any(|a| ends_at(tokens, i, a)) && verb_at(i + n);
        ends_at(tokens, i + n, phrase) && !adverb
    })
}

/// Whether the tokens just before token index `end` spell `phrase`.
pub(crate) fn ends_at(tokens: &Tokens, end: usize, phrase: &Phrase) -> bool {
    let n = phrase.len();
    end >= n
        && end <= tokens.tokens.len()
        && (0..n).all(|k| tokens.folded(end - n + k) == phrase[k])
}
