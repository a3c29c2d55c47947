//! Quantities: figures with what they count and what happened to them.
//!
//! A quantity mention covers the qualifier words, the figure and the noun
//! phrase it counts, with an outcome participle glued right after the noun:
//! "au moins une vingtaine de morts civils", "21 civils tués",
//! "between 10 and 15 soldiers", "une vingtaine d'individus armés". Verbs
//! further away ("ont été tués", "killed 5 soldiers") give the outcome but
//! stay outside the span.
//!
//! Only figures that count people are kept: a figure needs a person noun
//! ("12 soldats", "des dizaines de blessés"), or an outcome verb right
//! before it with nothing but punctuation or a small word after ("ont tué
//! 12, dimanche"), or an auxiliary and an outcome verb right after it
//! ("Two were killed"). Dates, years, distances, ages, money and vehicles
//! fail these tests and are skipped. "un", "une", "a" count 1 only right
//! before a person noun.
//!
//! The outcome is, in this order: the noun's own ("12 morts", "civils
//! tués"); for a sub-count, its total's; the verb right before the figure;
//! the first verb after it in its clause (up to ';', the sentence end or the
//! next figure, skipping a verb that belongs to the next figure); the
//! nearest verb before it in its clause; then a coordinated figure's ("5
//! soldats et 3 civils ont été tués"). A verb after "tenté de", "attempted
//! to" does not count.
//!
//! A sub-count ("dont 11 enfants", "including 4 women") has `part_of` set to
//! the start offset of its total's span.
//!
//! Every word comes from `data/lang/<code>/quantities.toml`.

pub(crate) mod phrases;

use crate::lexicon::{LexiconError, LexiconSource, Segmentation};
#[cfg(test)]
use crate::numbers::extends;
use crate::numbers::{glued_dash, NumberWords};
use crate::text::{TokenKind, Tokens};
use phrases::Phrases;
use serde::Deserialize;
use sitrep_core::{Lang, Mention, MentionValue, Outcome, Qualifier, QuantityValue, Span};
// Keys are lexicon words and look-ups run per token: a fast hasher.
use rustc_hash::FxHashMap as HashMap;

/// The category word that takes the category of the figure before ("3 autres").
const INHERIT: &str = "inherit";
/// How far (in tokens) an outcome verb may stand from its figure.
const OUTCOME_AFTER_WINDOW: usize = 12;
const OUTCOME_BEFORE_WINDOW: usize = 8;
/// How many modifier words may stand between a figure and its noun.
const MAX_MODIFIERS: usize = 5;

#[derive(Deserialize)]
struct QuantityFile {
    number_rules: NumberRules,
    approximations: HashMap<String, Approx>,
    qualifiers: HashMap<String, Qualifier>,
    ranges: Ranges,
    phrase: PhraseWords,
    categories: HashMap<String, String>,
    outcomes: HashMap<String, Outcome>,
    #[serde(default)]
    toll: TollWords,
}

/// `[toll]`: a figure with no noun that a toll is set at, some words after
/// the toll's noun ("the death toll had reached 47", "put the number of
/// fighters neutralised at 23", "le nombre de morts atteint désormais onze").
#[derive(Default, Deserialize)]
#[serde(default)]
struct TollWords {
    /// Toll nouns and what they count ("death toll", "nombre de blessés").
    nouns: HashMap<String, Outcome>,
    /// Toll nouns that count what an outcome word after them says ("the
    /// number of soldiers killed").
    open_nouns: Vec<String>,
    /// What stands right before the figure ("reached", "at", "s'élève à").
    verbs: Vec<String>,
    /// Verbs that count only right after the toll's noun ("a toll of 47",
    /// "the toll is 12", "un bilan de 11").
    near_verbs: Vec<String>,
    /// What may stand between the verb and the figure ("now", "désormais").
    adverbs: Vec<String>,
    /// How many tokens the noun may stand before the verb.
    reach: usize,
}

/// The reporting verbs of cues.toml (the rest of it is the cue
/// recogniser's).
#[derive(Default, Deserialize)]
#[serde(default)]
struct SpeechVerbs {
    prepositions: HashMap<String, usize>,
    verbs: SpeechVerbForms,
}

#[derive(Default, Deserialize)]
#[serde(default)]
struct SpeechVerbForms {
    forms: Vec<String>,
    auxiliaries: Vec<String>,
}

/// The rest of `[number_rules]` is read by [`NumberWords`].
#[derive(Default, Deserialize)]
#[serde(default)]
struct NumberRules {
    weak_one: Vec<String>,
}

#[derive(Clone, Copy, Deserialize)]
struct Approx {
    value: Option<u32>,
    qualifier: Qualifier,
}

/// Every list may be left out of the file: it is then empty.
#[derive(Default, Deserialize)]
#[serde(default)]
struct Ranges {
    open: Vec<String>,
    open_join: Vec<String>,
    join: Vec<String>,
}

/// Every list may be left out of the file: it is then empty.
#[derive(Default, Deserialize)]
#[serde(default)]
struct PhraseWords {
    links: Vec<String>,
    auxiliaries: Vec<String>,
    modifiers: Vec<String>,
    modifier_joiners: Vec<String>,
    part_of: Vec<String>,
    partitive: Vec<String>,
    subcount_determiners: Vec<String>,
    coordination: Vec<String>,
    bare_after: Vec<String>,
    before_skip: Vec<String>,
    clause_breaks: Vec<String>,
    blocked_before: Vec<String>,
    /// "shot dead by two men": a figure after these did it, and takes no
    /// outcome told before it.
    agent_markers: Vec<String>,
    speech_auxiliaries: Vec<String>,
    speech_passive_after: Vec<String>,
    /// Words an adjective may follow the noun by before a reporting verb
    /// (French: "un responsable local a déclaré"; English puts them before).
    speech_adjectives_after: usize,
}

pub struct QuantityRecognizer {
    numbers: NumberWords,
    weak_one: Phrases<()>,
    approximations: Phrases<Approx>,
    qualifiers: Phrases<Qualifier>,
    range_open: Phrases<()>,
    range_open_join: Phrases<()>,
    range_join: Phrases<()>,
    links: Phrases<()>,
    auxiliaries: Phrases<()>,
    modifiers: Phrases<()>,
    modifier_joiners: Phrases<()>,
    part_of: Phrases<()>,
    /// Between a figure and its outcome, who the figure is of: "Au moins
    /// 19 d'entre eux ont été tués", "19 of them were killed".
    partitive: Phrases<()>,
    subcount_determiners: Phrases<()>,
    coordination: Phrases<()>,
    bare_after: Phrases<()>,
    before_skip: Phrases<()>,
    clause_breaks: Phrases<()>,
    blocked_before: Phrases<()>,
    agent_markers: Phrases<()>,
    /// Reporting verbs (cues.toml): a figure whose noun phrase is their
    /// subject counts speakers, not victims ("killed seven traders, a
    /// local official said", "…, un habitant a raconté").
    speech_verbs: Phrases<()>,
    /// Auxiliaries of the reporting verbs ("a dit", "ont affirmé").
    speech_verb_auxiliaries: Phrases<()>,
    /// Cues whose speaker follows ("selon", "according to"): a figure
    /// right after one counts speakers ("selon deux habitants").
    speech_prepositions: Phrases<()>,
    speech_auxiliaries: Phrases<()>,
    speech_passive_after: Phrases<()>,
    speech_adjectives_after: usize,
    categories: Phrases<String>,
    outcomes: Phrases<Outcome>,
    toll_nouns: Phrases<Outcome>,
    toll_open_nouns: Phrases<()>,
    toll_verbs: Phrases<()>,
    toll_near_verbs: Phrases<()>,
    toll_adverbs: Phrases<()>,
    toll_reach: usize,
}

/// A figure as read from the text, before its noun.
#[derive(Clone, Copy, Debug)]
struct Figure {
    value: Option<u32>,
    qualifier: Qualifier,
    /// "un", "a": a figure only right before a person noun.
    weak: bool,
    end: usize,
}

/// What a figure counts.
#[derive(Debug)]
struct Noun {
    end: usize,
    category: String,
    outcome: Option<Outcome>,
}

/// A quantity found in one sentence, in token indices.
#[derive(Debug)]
struct Draft {
    start: usize,
    end: usize,
    value: Option<u32>,
    high: Option<u32>,
    qualifier: Qualifier,
    category: String,
    outcome: Option<Outcome>,
    /// Index (in the sentence's drafts) of the count this one is part of.
    part_of: Option<usize>,
}

/// Each approximation of several words, also with a quotation opening after
/// its first word: "d'une « quinzaine de morts »", "des "dizaines de
/// terroristes"" (the tokenizer folds every quotation mark to '"').
fn with_quote_inside(entries: HashMap<String, Approx>) -> Vec<(String, Approx)> {
    let mut out = Vec::with_capacity(entries.len() * 2);
    for (phrase, approx) in entries {
        if let Some((first, rest)) = phrase.split_once(' ') {
            out.push((format!("{first} \" {rest}"), approx));
        }
        out.push((phrase, approx));
    }
    out
}

impl QuantityRecognizer {
    pub fn new(lang: Lang, src: &LexiconSource) -> Result<Self, LexiconError> {
        let f: QuantityFile = src.toml(lang, "quantities.toml")?;
        let cues: SpeechVerbs = src.toml(lang, "cues.toml")?;
        let seg = Segmentation::load(src)?;
        let words = |l: &[String]| Phrases::words(l, &seg);
        Ok(QuantityRecognizer {
            numbers: NumberWords::new(lang, src, &seg)?,
            weak_one: words(&f.number_rules.weak_one),
            approximations: Phrases::new(with_quote_inside(f.approximations), &seg),
            qualifiers: Phrases::new(f.qualifiers, &seg),
            range_open: words(&f.ranges.open),
            range_open_join: words(&f.ranges.open_join),
            range_join: words(&f.ranges.join),
            links: words(&f.phrase.links),
            auxiliaries: words(&f.phrase.auxiliaries),
            modifiers: words(&f.phrase.modifiers),
            modifier_joiners: words(&f.phrase.modifier_joiners),
            part_of: words(&f.phrase.part_of),
            partitive: words(&f.phrase.partitive),
            subcount_determiners: words(&f.phrase.subcount_determiners),
            coordination: words(&f.phrase.coordination),
            bare_after: words(&f.phrase.bare_after),
            before_skip: words(&f.phrase.before_skip),
            agent_markers: words(&f.phrase.agent_markers),
            speech_verbs: words(&cues.verbs.forms),
            speech_verb_auxiliaries: words(&cues.verbs.auxiliaries),
            speech_prepositions: Phrases::new(cues.prepositions.into_keys().map(|k| (k, ())), &seg),
            speech_auxiliaries: words(&f.phrase.speech_auxiliaries),
            speech_passive_after: words(&f.phrase.speech_passive_after),
            speech_adjectives_after: f.phrase.speech_adjectives_after.min(4),
            clause_breaks: words(&f.phrase.clause_breaks),
            blocked_before: words(&f.phrase.blocked_before),
            categories: Phrases::new(f.categories, &seg),
            outcomes: Phrases::new(f.outcomes, &seg),
            toll_nouns: Phrases::new(f.toll.nouns, &seg),
            toll_open_nouns: words(&f.toll.open_nouns),
            toll_verbs: words(&f.toll.verbs),
            toll_near_verbs: words(&f.toll.near_verbs),
            toll_adverbs: words(&f.toll.adverbs),
            toll_reach: f.toll.reach.min(16),
        })
    }

    /// Every quantity mention (MentionValue::Quantity) in `text`, in text order.
    pub fn find(&self, text: &str, tokens: &Tokens, sentences: &[Span]) -> Vec<Mention> {
        self.find_outside(text, tokens, sentences, &[])
    }

    /// [`QuantityRecognizer::find`], with no figure starting inside one of
    /// the `taken` spans: the time expressions ("the strike on Sunday, Jan.
    /// 3 killed 19 civilians" holds no figure 3).
    pub fn find_outside(
        &self,
        text: &str,
        tokens: &Tokens,
        sentences: &[Span],
        taken: &[Span],
    ) -> Vec<Mention> {
        let whole = [Span::new(0, text.len())];
        let sentences = if sentences.is_empty() {
            &whole[..]
        } else {
            sentences
        };
        let mut out = Vec::new();
        for s in sentences {
            let r = tokens.range_in(*s);
            let drafts = self.sentence(text, tokens, r.start, r.end, taken);
            for d in &drafts {
                let (Some(first), Some(last)) = (tokens.get(d.start), tokens.get(d.end - 1)) else {
                    continue;
                };
                let part_of = d
                    .part_of
                    .and_then(|p| drafts.get(p))
                    .and_then(|p| tokens.get(p.start))
                    .map(|t| t.span.start);
                let value = QuantityValue {
                    value: d.value,
                    high: d.high,
                    qualifier: d.qualifier,
                    category: d.category.clone(),
                    outcome: d.outcome,
                    part_of,
                };
                out.push(Mention::new(
                    text,
                    Span::new(first.span.start, last.span.end),
                    MentionValue::Quantity(value),
                ));
            }
        }
        out
    }

    /// The quantities of the sentence made of tokens `from..to`.
    fn sentence(
        &self,
        text: &str,
        tokens: &Tokens,
        from: usize,
        to: usize,
        taken: &[Span],
    ) -> Vec<Draft> {
        let inside_taken = |i: usize| {
            tokens.get(i).is_some_and(|t| {
                taken
                    .iter()
                    .any(|s| s.start <= t.span.start && t.span.end <= s.end)
            })
        };
        let mut outcomes = self.outcomes.find_all(tokens, from, to);
        outcomes.retain(|&(s, _, _)| self.blocked_before.ending_at(tokens, from, s).is_none());
        let mut drafts: Vec<Draft> = Vec::new();
        let mut i = from;
        while i < to {
            if inside_taken(i) {
                i += 1;
                continue;
            }
            match self.candidate(text, tokens, &outcomes, from, i, to) {
                Some(d) => {
                    i = d.end.max(i + 1);
                    drafts.push(d);
                }
                None => i += 1,
            }
        }
        self.link_sub_counts(tokens, &mut drafts);
        self.assign_outcomes(tokens, &outcomes, &mut drafts, from, to);
        for k in 0..drafts.len() {
            if drafts[k].category == INHERIT {
                drafts[k].category = match k.checked_sub(1).and_then(|p| drafts.get(p)) {
                    Some(p) => p.category.clone(),
                    None => "unknown".to_string(),
                };
            }
        }
        drafts
    }

    /// A quantity starting at token `i`, if one does and it is not the
    /// subject of a reporting verb.
    fn candidate(
        &self,
        text: &str,
        tokens: &Tokens,
        outcomes: &[(usize, usize, &Outcome)],
        from: usize,
        i: usize,
        to: usize,
    ) -> Option<Draft> {
        let draft = self.counted(text, tokens, outcomes, from, i, to)?;
        let inverted = draft.outcome.is_none()
            && self.inverted_speaker(tokens, outcomes, from, i, draft.end, to);
        (!self.speaks(text, tokens, draft.end, to) && !inverted).then_some(draft)
    }

    /// Whether the figure at tokens `i..end`, whose noun tells no outcome,
    /// is the speaker a cue names after itself: right after "selon",
    /// "according to", or after a reporting verb set off by a comma or a
    /// quote, with no outcome verb of its own after it and no count joined
    /// to it ("…, a dit un habitant", "…, said two witnesses"; not "The
    /// district head, reached by phone, said seven people died", nor "…,
    /// said 12 soldiers and 3 civilians were killed").
    fn inverted_speaker(
        &self,
        tokens: &Tokens,
        outcomes: &[(usize, usize, &Outcome)],
        from: usize,
        i: usize,
        end: usize,
        to: usize,
    ) -> bool {
        if self
            .speech_prepositions
            .ending_at(tokens, from, i)
            .is_some()
        {
            return true;
        }
        let Some((mut v, _)) = self.speech_verbs.ending_at(tokens, from, i) else {
            return false;
        };
        if let Some((a, _)) = self.speech_verb_auxiliaries.ending_at(tokens, from, v) {
            v = a;
        }
        if v == from || !matches!(tokens.folded(v - 1), "," | "\"") {
            return false;
        }
        let joined = tokens.folded(end) != "," && self.coordination.has_at(tokens, end, to);
        let mut p = end;
        while let Some((e, _)) = self.auxiliaries.at(tokens, p, to) {
            p = e;
        }
        !joined && !outcomes.iter().any(|(s, _, _)| *s == p)
    }

    /// Whether a reporting verb follows a noun phrase ending at `end`,
    /// maybe after adjectives the noun phrase left out ("un responsable
    /// local a déclaré") and auxiliaries.
    fn speaks(&self, text: &str, tokens: &Tokens, end: usize, to: usize) -> bool {
        for skipped in 0..=self.speech_adjectives_after {
            let start = end + skipped;
            if start > to {
                return false;
            }
            if skipped > 0 {
                // An adjective after the noun, never a verb's auxiliary:
                // "were reported killed" is a passive, not a speaker.
                let w = start - 1;
                let plain_word = tokens.get(w).is_some_and(|t| t.kind == TokenKind::Word)
                    && !tokens.is_capitalised(text, w)
                    && self.auxiliaries.at(tokens, w, to).is_none()
                    && self.speech_auxiliaries.at(tokens, w, to).is_none();
                if !plain_word {
                    return false;
                }
            }
            let mut p = start;
            while let Some((e, _)) = self.speech_auxiliaries.at(tokens, p, to) {
                p = e;
            }
            if let Some((e, _)) = self.speech_verbs.at(tokens, p, to) {
                // "two others reported dead", "reported to have died": the
                // verb tells of the figure, nobody speaks.
                let of_the_figure = self.outcomes.at(tokens, e, to).is_some()
                    || self.speech_passive_after.at(tokens, e, to).is_some();
                return !of_the_figure;
            }
        }
        false
    }

    /// A quantity starting at token `i`, if one does.
    fn counted(
        &self,
        text: &str,
        tokens: &Tokens,
        outcomes: &[(usize, usize, &Outcome)],
        from: usize,
        i: usize,
        to: usize,
    ) -> Option<Draft> {
        // "dont des enfants": a sub-count with no figure.
        if self.part_of.ending_at(tokens, from, i).is_some() {
            if let Some((e, _)) = self.subcount_determiners.at(tokens, i, to) {
                if let Some(noun) = self.noun(text, tokens, e, to) {
                    return Some(Draft {
                        start: i,
                        end: noun.end,
                        value: None,
                        high: None,
                        qualifier: Qualifier::Vague,
                        category: noun.category,
                        outcome: noun.outcome,
                        part_of: None,
                    });
                }
            }
        }
        let mut j = i;
        let mut prefix = None;
        if let Some((e, q)) = self.qualifiers.at(tokens, j, to) {
            prefix = Some(*q);
            j = e;
        }
        let open = self.range_open.at(tokens, j, to).map(|(e, _)| e);
        if let Some(e) = open {
            j = e;
        }
        let fig = self.figure(tokens, j, to)?;
        let mut k = fig.end;
        let mut high = None;
        let join = if open.is_some() {
            &self.range_open_join
        } else {
            &self.range_join
        };
        if let Some((e, _)) = join.at(tokens, k, to) {
            if let Some(h) = self
                .figure(tokens, e, to)
                .filter(|h| !h.weak && h.value.is_some())
            {
                high = h.value;
                k = h.end;
            }
        }
        if fig.weak && high.is_none() {
            // "un soldat", "a male farmer": the noun follows with no "de"/"of".
            let noun = self.noun(text, tokens, k, to)?;
            return Some(Draft {
                start: i,
                end: noun.end,
                value: fig.value,
                high: None,
                qualifier: prefix.unwrap_or(Qualifier::Exact),
                category: noun.category,
                outcome: noun.outcome,
                part_of: None,
            });
        }
        let qualifier = if high.is_some() {
            Qualifier::Range
        } else if fig.value.is_none() {
            Qualifier::Vague
        } else {
            prefix.unwrap_or(fig.qualifier)
        };
        let noun = self
            .links
            .at(tokens, k, to)
            .and_then(|(e, _)| self.noun(text, tokens, e, to))
            .or_else(|| self.noun(text, tokens, k, to));
        match noun {
            Some(noun) => Some(Draft {
                start: i,
                end: noun.end,
                value: fig.value,
                high,
                qualifier,
                category: noun.category,
                outcome: noun.outcome,
                part_of: None,
            }),
            None => self.bare(
                text, tokens, outcomes, from, i, k, to, &fig, high, qualifier,
            ),
        }
    }

    /// A figure with no person noun: right after an outcome verb ("ont tué
    /// 12, dimanche", "killed 7 on Sunday") or as the subject of one, maybe
    /// with a name for a noun ("Two were killed", "9 Burkinabe were killed").
    #[allow(clippy::too_many_arguments)]
    fn bare(
        &self,
        text: &str,
        tokens: &Tokens,
        outcomes: &[(usize, usize, &Outcome)],
        from: usize,
        i: usize,
        k: usize,
        to: usize,
        fig: &Figure,
        high: Option<u32>,
        qualifier: Qualifier,
    ) -> Option<Draft> {
        let value = fig.value?;
        // Years and dates are figures too: "en 2022", "On 12 August".
        if (1800..=2100).contains(&value)
            || tokens.get(k).is_some_and(|t| t.kind == TokenKind::Number)
        {
            return None;
        }
        let draft = |end: usize, outcome: Outcome| Draft {
            start: i,
            end,
            value: Some(value),
            high,
            qualifier,
            category: "unknown".to_string(),
            outcome: Some(outcome),
            part_of: None,
        };
        let follows_ok = k >= to
            || tokens.get(k).is_none_or(|t| match t.kind {
                TokenKind::Punct => true,
                TokenKind::Number => false,
                _ => self.bare_after.has_at(tokens, k, to),
            });
        if follows_ok {
            if let Some(o) = self
                .adjacent_outcome_before(tokens, outcomes, from, i)
                .or_else(|| self.toll_outcome_before(tokens, outcomes, from, i))
            {
                return Some(draft(k, o));
            }
        }
        // The subject of an outcome verb: names (at most two words), then
        // auxiliaries, then the outcome.
        let mut end = k;
        while end < to && end - k < 2 && tokens.is_capitalised(text, end) {
            if tokens.get(end).is_none_or(|t| t.kind != TokenKind::Word) {
                break;
            }
            end += 1;
        }
        if let Some((e, _)) = self.partitive.at(tokens, end, to) {
            end = e;
        }
        let mut p = end;
        let mut aux = 0;
        while let Some((e, _)) = self.auxiliaries.at(tokens, p, to) {
            p = e;
            aux += 1;
        }
        let o = outcomes
            .iter()
            .find(|(s, _, _)| *s == p)
            .map(|(_, _, o)| **o)?;
        // "12 morts": the noun case; here an auxiliary is needed ("Two were killed").
        (aux > 0).then(|| draft(end, o))
    }

    /// A figure at token `j`: an approximation word, digits or number words.
    fn figure(&self, tokens: &Tokens, j: usize, to: usize) -> Option<Figure> {
        if j >= to {
            return None;
        }
        if let Some((e, a)) = self.approximations.at(tokens, j, to) {
            return Some(Figure {
                value: a.value,
                qualifier: a.qualifier,
                weak: false,
                end: e,
            });
        }
        let tok = tokens.get(j)?;
        if tok.kind == TokenKind::Number {
            let f = tokens.folded(j);
            // "9 millions", "1,5 million", "2 thousand": a multiplier word after the digits.
            let mult = self
                .numbers
                .word(tokens, j + 1, to)
                .filter(|&(_, v)| v >= 100);
            let (value, end) = match mult {
                Some((e, m)) => {
                    let x = f.parse::<f64>().ok()? * m as f64;
                    if !(0.0..=f64::from(u32::MAX)).contains(&x) {
                        return None;
                    }
                    (x.round() as u32, e)
                }
                // Decimals ("30,4") measure things; people come in whole numbers.
                None if f.contains('.') => return None,
                None => (f.parse::<u32>().ok()?, j + 1),
            };
            return Some(Figure {
                value: Some(value),
                qualifier: Qualifier::Exact,
                weak: false,
                end,
            });
        }
        self.number_words(tokens, j, to)
    }

    /// Number words: "vingt et un", "quatre-vingt-dix", "two hundred and
    /// five"; with the same value in digits in brackets after them, as
    /// official texts write ("onze (11) morts", "twelve (12) soldiers").
    fn number_words(&self, tokens: &Tokens, j: usize, to: usize) -> Option<Figure> {
        let (mut end, value, words) = self.numbers.read(tokens, j, to)?;
        let value = u32::try_from(value).ok()?;
        let bracketed = end + 2 < to
            && tokens.folded(end) == "("
            && tokens.folded(end + 2) == ")"
            && tokens.folded(end + 1).parse::<u32>().ok() == Some(value);
        if bracketed {
            end += 3;
        }
        Some(Figure {
            value: Some(value),
            qualifier: Qualifier::Exact,
            weak: words == 1 && !bracketed && self.weak_one.has_at(tokens, j, to),
            end,
        })
    }

    /// The person noun at token `p`, with its category and an outcome word
    /// glued to it ("morts civils", "civils tués").
    fn noun(&self, text: &str, tokens: &Tokens, p: usize, to: usize) -> Option<Noun> {
        if p >= to {
            return None;
        }
        // Modifiers and capitalised adjectives ("three other", "12 Malian soldiers").
        // Modifiers and capitalised adjectives: "three other", "12 Malian
        // soldiers", "two suspected ISGS or JNIM militants".
        let mut q = p;
        for _ in 0..MAX_MODIFIERS {
            let category = self.category_at(tokens, q, to);
            let is_noun = category.is_some() || self.outcomes.has_at(tokens, q, to);
            if is_noun {
                // "trois autres soldats", "jeunes soldats": the later noun
                // counts, unless the two make one ("jeunes filles").
                if category.is_some_and(|(e, _)| e == q + 1)
                    && self.modifiers.has_at(tokens, q, to)
                    && self.category_at(tokens, q + 1, to).is_some()
                {
                    q += 1;
                    continue;
                }
                break;
            }
            let capitalised = |k: usize| {
                tokens.get(k).is_some_and(|t| t.kind == TokenKind::Word)
                    && tokens.is_capitalised(text, k)
            };
            if let Some((e, _)) = self.modifiers.at(tokens, q, to) {
                q = e;
            } else if q > p && glued_dash(tokens, q) {
                // "pro-Houthi elements"
                q += 1;
            } else if capitalised(q) {
                q += 1;
            } else if let Some((e, _)) = self
                .modifier_joiners
                .at(tokens, q, to)
                .filter(|&(e, _)| q > p && capitalised(q - 1) && capitalised(e))
            {
                q = e;
            } else {
                break;
            }
        }
        if self.category_at(tokens, q, to).is_none() && !self.outcomes.has_at(tokens, q, to) {
            q = p;
        }
        if let Some((e, &o)) = self.outcomes.at(tokens, q, to) {
            // "des dizaines de blessés", "une vingtaine de morts civils".
            return Some(match self.category_at(tokens, e, to) {
                Some((e2, c)) if c != INHERIT => Noun {
                    end: e2,
                    category: c.to_string(),
                    outcome: Some(o),
                },
                _ => Noun {
                    end: e,
                    category: "unknown".to_string(),
                    outcome: Some(o),
                },
            });
        }
        let (e, c) = self.category_at(tokens, q, to)?;
        if c == INHERIT {
            // "3 autres" only alone: "3 autres véhicules" counts no one.
            let alone = match tokens.get(e) {
                None => true,
                Some(_) if e >= to => true,
                Some(t) => {
                    t.kind != TokenKind::Word
                        || self.outcomes.has_at(tokens, e, to)
                        || self.bare_after.has_at(tokens, e, to)
                }
            };
            if !alone {
                return None;
            }
        }
        // Only a one-word participle is glued to the noun ("civils tués");
        // "ont perdu la vie" is the sentence's verb, outside the span.
        let (end, outcome) = match self.outcomes.at(tokens, e, to) {
            Some((e2, &o)) if e2 == e + 1 => (e2, Some(o)),
            Some((_, &o)) => (e, Some(o)),
            None => (e, None),
        };
        Some(Noun {
            end,
            category: c.to_string(),
            outcome,
        })
    }

    fn category_at<'s>(&'s self, tokens: &Tokens, q: usize, to: usize) -> Option<(usize, &'s str)> {
        self.categories
            .at(tokens, q, to)
            .map(|(e, c)| (e, c.as_str()))
    }

    /// The outcome of a verb that ends right before token `start`, skipping
    /// quotes and articles: "ont tué les 5", `tué "une vingtaine`.
    fn adjacent_outcome_before(
        &self,
        tokens: &Tokens,
        outcomes: &[(usize, usize, &Outcome)],
        from: usize,
        start: usize,
    ) -> Option<Outcome> {
        let mut p = start;
        for _ in 0..2 {
            if let Some(&(_, _, o)) = outcomes.iter().find(|(_, e, _)| *e == p) {
                return Some(*o);
            }
            match self.before_skip.ending_at(tokens, from, p) {
                Some((s, _)) => p = s,
                None => break,
            }
        }
        outcomes
            .iter()
            .find(|(_, e, _)| *e == p)
            .map(|(_, _, o)| **o)
    }

    /// What the toll counts that a figure at token `start` is set at: a
    /// toll verb right before it (maybe then an adverb), a toll noun at most
    /// `toll_reach` tokens before the verb, with no figure, comma or clause
    /// break between ("the death toll had reached 47"; not "a heavy toll on
    /// Djibo, a town of 60,000"); a near verb only right after the noun ("a
    /// toll of 47"). An open noun ("the number of") counts what the outcome
    /// word between it and the verb says.
    fn toll_outcome_before(
        &self,
        tokens: &Tokens,
        outcomes: &[(usize, usize, &Outcome)],
        from: usize,
        start: usize,
    ) -> Option<Outcome> {
        let mut p = start;
        if let Some((s, _)) = self.toll_adverbs.ending_at(tokens, from, p) {
            p = s;
        }
        let (verb, near) = match self.toll_verbs.ending_at(tokens, from, p) {
            Some((v, _)) => (v, false),
            None => (self.toll_near_verbs.ending_at(tokens, from, p)?.0, true),
        };
        let reach = if near { 4 } else { self.toll_reach };
        let floor = verb.saturating_sub(reach).max(from);
        for s in (floor..verb).rev() {
            if tokens.get(s).is_none_or(|t| t.kind == TokenKind::Number)
                || tokens.folded(s) == ","
                || self.clause_breaks.has_at(tokens, s, verb)
            {
                return None;
            }
            if near {
                // The noun must end right at the verb.
                if let Some((e, o)) = self.toll_nouns.at(tokens, s, verb) {
                    if e == verb {
                        return Some(*o);
                    }
                }
                continue;
            }
            if let Some((_, o)) = self.toll_nouns.at(tokens, s, verb) {
                return Some(*o);
            }
            if let Some((e, _)) = self.toll_open_nouns.at(tokens, s, verb) {
                return outcomes
                    .iter()
                    .find(|(os, oe, _)| *os >= e && *oe <= verb)
                    .map(|(_, _, o)| **o);
            }
        }
        None
    }

    /// "21 civils tués, dont 11 enfants": the second is part of the first.
    fn link_sub_counts(&self, tokens: &Tokens, drafts: &mut [Draft]) {
        for k in 1..drafts.len() {
            let (prev, cur) = (&drafts[k - 1], &drafts[k]);
            let (gap_from, gap_to) = (prev.end, cur.start);
            // The marker stands right before the sub-count, after an optional comma or colon.
            let mut at = gap_to;
            if at > gap_from && matches!(tokens.folded(at - 1), "," | ":") {
                at -= 1;
            }
            let marker = self.part_of.ending_at(tokens, gap_from, at).is_some();
            if marker {
                drafts[k].part_of = Some(prev.part_of.unwrap_or(k - 1));
            } else if let Some(parent) = prev.part_of {
                // "dont 11 enfants et 3 femmes": a sibling sub-count.
                let parent_outcome = drafts[parent].outcome;
                if self.only_coordination(tokens, gap_from, gap_to)
                    && (cur.outcome.is_none() || cur.outcome == parent_outcome)
                {
                    drafts[k].part_of = Some(parent);
                }
            }
        }
    }

    /// True when tokens `from..to` are all coordination words ("et", ",").
    fn only_coordination(&self, tokens: &Tokens, from: usize, to: usize) -> bool {
        if to.saturating_sub(from) > 3 {
            return false;
        }
        let mut g = from;
        while g < to {
            match self.coordination.at(tokens, g, to) {
                Some((e, _)) => g = e,
                None => return false,
            }
        }
        true
    }

    /// Gives each draft without an outcome of its own the outcome of its
    /// clause: the verb right before it, else the first after it, else the
    /// nearest before it; sub-counts and coordinated counts share one.
    fn assign_outcomes(
        &self,
        tokens: &Tokens,
        outcomes: &[(usize, usize, &Outcome)],
        drafts: &mut [Draft],
        from: usize,
        to: usize,
    ) {
        let breaks: Vec<usize> = (from..to)
            .filter(|&g| self.clause_breaks.has_at(tokens, g, to))
            .collect();
        for k in 0..drafts.len() {
            if drafts[k].outcome.is_some() {
                continue;
            }
            if let Some(p) = drafts[k].part_of {
                drafts[k].outcome = drafts[p].outcome;
                continue;
            }
            let d = &drafts[k];
            let lo = breaks
                .iter()
                .filter(|&&b| b < d.start)
                .map(|&b| b + 1)
                .chain(k.checked_sub(1).map(|p| drafts[p].end))
                .max()
                .unwrap_or(from)
                .max(from);
            // The next count, past this one's own sub-counts: "Neuf suspects,
            // dont 9 jihadistes, ont été interpellés".
            let next_start = drafts[k + 1..]
                .iter()
                .find(|n| n.part_of != Some(k))
                .map(|n| n.start);
            let hi = breaks
                .iter()
                .copied()
                .filter(|&b| b >= d.end)
                .chain(next_start)
                .min()
                .unwrap_or(to)
                .min(to);
            let adjacent = self.adjacent_outcome_before(tokens, outcomes, lo, d.start);
            // "Douze VDP (Volontaires pour la défense de la patrie) ont
            // perdu la vie": an aside in brackets does not part them.
            // "14 members of the security forces, including nine soldiers
            // and five vigilantes, were killed": the window opens past the
            // count's own sub-counts.
            let own_end = drafts[k + 1..]
                .iter()
                .filter(|n| n.part_of == Some(k))
                .map(|n| n.end)
                .fold(d.end, usize::max);
            let aside = bracketed(tokens, own_end, hi);
            let after = outcomes
                .iter()
                .filter(|(s, e, _)| {
                    *s >= d.end
                        && *e <= hi
                        && s.saturating_sub(own_end) <= OUTCOME_AFTER_WINDOW + aside
                })
                // A verb right before the next figure is that figure's.
                .find(|(_, e, _)| {
                    next_start.is_none_or(|n| {
                        self.adjacent_outcome_before(tokens, &[(0, *e, &Outcome::Killed)], *e, n)
                            .is_none()
                    })
                })
                .map(|(_, _, o)| **o);
            let before = outcomes
                .iter()
                .rev()
                .find(|(s, e, _)| *s >= lo && *e <= d.start && d.start - e <= OUTCOME_BEFORE_WINDOW)
                .map(|(_, _, o)| **o);
            // "Shot dead by two men": the men did it.
            let by_agent = self.agent_markers.ending_at(tokens, lo, d.start).is_some();
            let (adjacent, before) = if by_agent {
                (None, None)
            } else {
                (adjacent, before)
            };
            drafts[k].outcome = adjacent.or(after).or(before);
        }
        // Coordinated counts share the outcome: "tué 5 soldats et 3 civils",
        // "5 soldats et 3 civils ont été tués".
        for k in 1..drafts.len() {
            if drafts[k].outcome.is_none()
                && self.only_coordination(tokens, drafts[k - 1].end, drafts[k].start)
            {
                drafts[k].outcome = drafts[k - 1].outcome;
            }
        }
        for k in (0..drafts.len().saturating_sub(1)).rev() {
            if drafts[k].outcome.is_none()
                && self.only_coordination(tokens, drafts[k].end, drafts[k + 1].start)
            {
                drafts[k].outcome = drafts[k + 1].outcome;
            }
        }
    }
}

/// The length in tokens of a bracketed aside opening at token `at` ("("
/// up to its ")"), 0 when none opens there or it does not close before `to`.
fn bracketed(tokens: &Tokens, at: usize, to: usize) -> usize {
    if at >= to || tokens.folded(at) != "(" {
        return 0;
    }
    (at + 1..to)
        .find(|&k| tokens.folded(k) == ")")
        .map_or(0, |close| close + 1 - at)
}

#[cfg(test)]
mod tests;
