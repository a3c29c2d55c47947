//! Reporting cues and their speakers.
//!
//! Three forms of cue, all listed in `data/lang/<code>/cues.toml`:
//! - a preposition before the speaker: "selon l'armée malienne",
//!   "according to local sources";
//! - a reporting verb, with its auxiliary ("a affirmé", "said"): the speaker
//!   is the subject before it, or, when the verb follows a quote or a comma,
//!   the noun phrase after it ("…, affirmaient, dimanche, les séparatistes",
//!   "…, said the spokesman"); an apposition naming a person is kept with it
//!   ("leur porte-parole, Mohamed Ramadane");
//! - a phrase such as "dans un communiqué", whose speaker is named only by a
//!   complement ("dans un communiqué de l'état-major").
//!
//! The mention covers the cue words only; [`CueValue::speaker`] is the
//! speaker's surface text, trimmed, exactly as it stands in the sentence, so
//! the assembler can find it there. Pronouns ("il", "they") give no speaker.
//! [`CueRecognizer::analyse`] also gives the speaker's span and the scope
//! of each cue: the quote it introduces or closes, else its sentence,
//! extended over later sentences that go on with "poursuit" or "added" and
//! no speaker of their own.

use crate::lexicon::{LexiconError, LexiconSource, Segmentation};
use crate::quantity::phrases::Phrases;
use crate::text::{TokenKind, Tokens};
use serde::Deserialize;
use sitrep_core::{CueValue, Lang, Mention, MentionValue, Span};
// Keys are lexicon words and look-ups run per token: a fast hasher.
use rustc_hash::FxHashMap as HashMap;

/// The longest speaker noun phrase, in tokens; longer runs are not a subject.
const MAX_SPEAKER: usize = 12;
/// The longest comma-enclosed insert skipped after an inverted verb ("…, a affirmé, lundi 26 août, l'armée").
const MAX_INSERT: usize = 6;

#[derive(Deserialize)]
struct CueFile {
    prepositions: HashMap<String, usize>,
    verbs: VerbWords,
    phrases: PhraseWords,
    speaker: SpeakerWords,
}

/// Every list may be left out of the file: it is then empty.
#[derive(Default, Deserialize)]
#[serde(default)]
struct VerbWords {
    forms: Vec<String>,
    continuation: Vec<String>,
    auxiliaries: Vec<String>,
    not_after: Vec<String>,
    agent_markers: Vec<String>,
    adverbs: Vec<String>,
    participles: Vec<String>,
    name_after_inverts: bool,
    /// A verb after one of these tells the speaker's own deed inside a
    /// quotation ("I counted 12 bodies"), not a report: no cue.
    first_person: Vec<String>,
    /// After these forms the noun phrase is who was told, never the
    /// speaker ("told our correspondent").
    listener_forms: Vec<String>,
}

/// Every list may be left out of the file: it is then empty.
#[derive(Default, Deserialize)]
#[serde(default)]
struct PhraseWords {
    forms: Vec<String>,
    of: Vec<String>,
}

/// Every list may be left out of the file: it is then empty.
#[derive(Default, Deserialize)]
#[serde(default)]
struct SpeakerWords {
    stops: Vec<String>,
    determiners: Vec<String>,
    pronouns: Vec<String>,
    not_speaker: Vec<String>,
    leading_skip: Vec<String>,
    clause_openers: Vec<String>,
    /// Of the clause openers, those that stand for the object ("ce
    /// qu'indique le rapport"): the subject is then after the verb.
    object_relatives: Vec<String>,
    insert_openers: Vec<String>,
    inverted_skip: Vec<String>,
    clause_verbs: Vec<String>,
    /// Words that may open a participle clause set between a subject and
    /// its verb ("while", "tout en"), and the endings of the participle
    /// ("-ing", "-ant"): "The governor while speaking to journalists said".
    adjunct_openers: Vec<String>,
    participle_endings: Vec<String>,
    /// Endings of a finite verb that ends the subject of the sentence
    /// ("-ed": "The group claimed responsibility, saying…"), read when a
    /// participle has no reporting verb before it to take its speaker from.
    verb_endings: Vec<String>,
    /// Relative pronouns that stand for the subject ("who", "qui"): "A
    /// witness who reached the scene said…" has its speaker before them.
    subject_relatives: Vec<String>,
    /// Reporting verbs whose object follows them ("a fait état de « sept
    /// morts »"): what follows them is never an inverted subject.
    object_verbs: Vec<String>,
    /// After a pronoun, these make it a part of a group named after them
    /// ("one of the survivors"): a speaker, not a pronoun.
    pronoun_partitives: Vec<String>,
    /// Pronouns that are a verb's subject right before it ("…told our
    /// correspondent he counted"), never its object ("lui a raconté").
    subject_pronouns: Vec<String>,
}

/// How a cue is built.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CueForm {
    /// "selon", "according to": the speaker follows.
    Preposition,
    /// "a affirmé", "said": the speaker is the subject.
    Verb,
    /// "dans un communiqué", "in a statement".
    Phrase,
}

/// A reporting cue with its speaker and the words it governs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CueFound {
    /// The cue words: "selon", "a affirmé", "in a statement".
    pub span: Span,
    pub form: CueForm,
    /// The speaker's words, trimmed: "l'armée malienne", "the spokesman".
    pub speaker: Option<Span>,
    /// The quote the cue introduces or closes, else its sentence, extended
    /// over later sentences continued by "poursuit"/"added" with no speaker.
    pub scope: Span,
    /// The cue goes on with an earlier speaker's words ("poursuit", "added").
    pub continues: bool,
}

impl CueFound {
    pub fn mention(&self, text: &str) -> Mention {
        let speaker = self
            .speaker
            .map(|s| s.text(text).trim().to_string())
            .filter(|s| !s.is_empty());
        Mention::new(text, self.span, MentionValue::Cue(CueValue { speaker }))
    }
}

/// A cue in token indices, before its scope is known.
struct RawCue {
    start: usize,
    end: usize,
    form: CueForm,
    speaker: Option<(usize, usize)>,
    continues: bool,
}

impl RawCue {
    fn new(
        start: usize,
        end: usize,
        form: CueForm,
        speaker: Option<(usize, usize)>,
        continues: bool,
    ) -> Self {
        RawCue {
            start,
            end,
            form,
            speaker,
            continues,
        }
    }
}

pub struct CueRecognizer {
    seg: Segmentation,
    prepositions: Phrases<usize>,
    verbs: Phrases<()>,
    continuation: Phrases<()>,
    auxiliaries: Phrases<()>,
    not_after: Phrases<()>,
    agent_markers: Phrases<()>,
    adverbs: Phrases<()>,
    participles: Phrases<()>,
    first_person: Phrases<()>,
    listener_forms: Phrases<()>,
    subject_pronouns: Phrases<()>,
    name_after_inverts: bool,
    phrases: Phrases<()>,
    of: Phrases<()>,
    stops: Phrases<()>,
    determiners: Phrases<()>,
    pronouns: Phrases<()>,
    not_speaker: Phrases<()>,
    leading_skip: Phrases<()>,
    clause_openers: Phrases<()>,
    object_relatives: Phrases<()>,
    insert_openers: Phrases<()>,
    inverted_skip: Phrases<()>,
    clause_verbs: Phrases<()>,
    adjunct_openers: Phrases<()>,
    participle_endings: Vec<String>,
    verb_endings: Vec<String>,
    subject_relatives: Phrases<()>,
    object_verbs: Phrases<()>,
    pronoun_partitives: Phrases<()>,
}

impl CueRecognizer {
    pub fn new(lang: Lang, src: &LexiconSource) -> Result<Self, LexiconError> {
        let f: CueFile = src.toml(lang, "cues.toml")?;
        let seg = Segmentation::load(src)?;
        let words = |l: &[String]| Phrases::words(l, &seg);
        let endings = |l: &[String]| -> Vec<String> {
            l.iter().map(|w| sitrep_core::fold::fold(w)).collect()
        };
        Ok(CueRecognizer {
            seg: seg.clone(),
            prepositions: Phrases::new(f.prepositions, &seg),
            verbs: words(&f.verbs.forms),
            continuation: words(&f.verbs.continuation),
            auxiliaries: words(&f.verbs.auxiliaries),
            not_after: words(&f.verbs.not_after),
            agent_markers: words(&f.verbs.agent_markers),
            adverbs: words(&f.verbs.adverbs),
            participles: words(&f.verbs.participles),
            first_person: words(&f.verbs.first_person),
            listener_forms: words(&f.verbs.listener_forms),
            subject_pronouns: words(&f.speaker.subject_pronouns),
            name_after_inverts: f.verbs.name_after_inverts,
            phrases: words(&f.phrases.forms),
            of: words(&f.phrases.of),
            stops: words(&f.speaker.stops),
            determiners: words(&f.speaker.determiners),
            pronouns: words(&f.speaker.pronouns),
            not_speaker: words(&f.speaker.not_speaker),
            leading_skip: words(&f.speaker.leading_skip),
            clause_openers: words(&f.speaker.clause_openers),
            object_relatives: words(&f.speaker.object_relatives),
            insert_openers: words(&f.speaker.insert_openers),
            inverted_skip: words(&f.speaker.inverted_skip),
            clause_verbs: words(&f.speaker.clause_verbs),
            adjunct_openers: words(&f.speaker.adjunct_openers),
            participle_endings: endings(&f.speaker.participle_endings),
            subject_relatives: words(&f.speaker.subject_relatives),
            object_verbs: words(&f.speaker.object_verbs),
            pronoun_partitives: words(&f.speaker.pronoun_partitives),
            verb_endings: endings(&f.speaker.verb_endings),
        })
    }

    /// Every reporting cue (MentionValue::Cue) in `text`, in text order.
    pub fn find(&self, text: &str, tokens: &Tokens, sentences: &[Span]) -> Vec<Mention> {
        self.analyse(text, tokens, sentences)
            .iter()
            .map(|c| c.mention(text))
            .collect()
    }

    /// Every reporting cue with its speaker's span and its scope, in text order.
    pub fn analyse(&self, text: &str, tokens: &Tokens, sentences: &[Span]) -> Vec<CueFound> {
        let whole = [Span::new(0, text.len())];
        let sentences = if sentences.is_empty() {
            &whole[..]
        } else {
            sentences
        };
        let mut out: Vec<CueFound> = Vec::new();
        for s in sentences {
            let r = tokens.range_in(*s);
            let found = self.sentence(text, tokens, r.start, r.end, *s);
            for c in found {
                // "…, ajoute-t-il": the earlier speaker goes on.
                if c.continues && c.speaker.is_none() {
                    if let Some(prev) = out.last_mut() {
                        prev.scope.end = prev.scope.end.max(s.end);
                    }
                }
                out.push(c);
            }
        }
        out
    }

    fn sentence(
        &self,
        text: &str,
        tokens: &Tokens,
        from: usize,
        to: usize,
        sent: Span,
    ) -> Vec<CueFound> {
        let mut found: Vec<RawCue> = Vec::new();
        let mut i = from;
        while i < to {
            if let Some((e, &keep)) = self.prepositions.at(tokens, i, to) {
                let speaker = self.np_after(text, tokens, e.saturating_sub(keep).max(i), to);
                found.push(RawCue::new(i, e, CueForm::Preposition, speaker, false));
                i = e;
                continue;
            }
            if let Some((e, _)) = self.phrases.at(tokens, i, to) {
                let speaker = self
                    .of
                    .at(tokens, e, to)
                    .and_then(|(p, _)| self.np_after(text, tokens, p, to));
                found.push(RawCue::new(i, e, CueForm::Phrase, speaker, false));
                i = e;
                continue;
            }
            // "a affirmé", "a aussi indiqué", "has also confirmed".
            let after_aux = self.auxiliaries.at(tokens, i, to).map(|(mut a, _)| {
                for _ in 0..2 {
                    match self.adverbs.at(tokens, a, to) {
                        Some((e, _)) => a = e,
                        None => break,
                    }
                }
                a
            });
            let verb = match after_aux {
                Some(a) if self.verbs.has_at(tokens, a, to) => {
                    self.verbs.at(tokens, a, to).map(|(e, _)| (a, e))
                }
                _ => self.verbs.at(tokens, i, to).map(|(e, _)| (i, e)),
            };
            if let Some((v, e)) = verb {
                // "as reported by HPG", "annoncé par le gouvernement".
                let agent = self
                    .agent_markers
                    .at(tokens, e, to)
                    .and_then(|(p, _)| self.np_after(text, tokens, p, to));
                if agent.is_some() {
                    let continues = self.continuation.has_at(tokens, v, to);
                    found.push(RawCue::new(i, e, CueForm::Verb, agent, continues));
                    i = e;
                    continue;
                }
                if self.first_person.ending_at(tokens, from, i).is_some() {
                    i = e;
                    continue;
                }
                if self.not_after.ending_at(tokens, from, i).is_none() {
                    let continues = self.continuation.has_at(tokens, v, to);
                    // "dans un communiqué" may sit inside the subject's
                    // insert; so may "citing witnesses" when the verb
                    // follows the insert's comma.
                    let after_insert = i > from && tokens.folded(i - 1) == ",";
                    let floor = found
                        .iter()
                        .rev()
                        .find(|c| {
                            c.form != CueForm::Phrase
                                && !(after_insert && c.form == CueForm::Preposition)
                        })
                        .map_or(from, |c| c.end);
                    let prev = found
                        .iter()
                        .rev()
                        .find(|c| c.form == CueForm::Verb)
                        .map(|c| c.speaker);
                    let speaker = if self.participles.has_at(tokens, v, to) {
                        // "…, indiquant que…": the speaker of the verb before,
                        // else the subject of the sentence ("Amnesty has
                        // called for an inquiry, saying…").
                        match prev {
                            Some(p) => p,
                            None => self.sentence_subject(text, tokens, from, v, to),
                        }
                    } else {
                        self.verb_speaker(text, tokens, floor, to, i, e, prev)
                            .or_else(|| self.relative_subject(text, tokens, floor, i))
                    };
                    found.push(RawCue::new(i, e, CueForm::Verb, speaker, continues));
                    i = e;
                    continue;
                }
            }
            i += 1;
        }
        // "dans un communiqué" beside another cue adds nothing but noise.
        let others = found
            .iter()
            .filter(|c| c.form != CueForm::Phrase || c.speaker.is_some())
            .count();
        found.retain(|c| c.form != CueForm::Phrase || c.speaker.is_some() || others == 0);
        let quotes = quote_pairs(tokens, from, to);
        found
            .into_iter()
            .filter_map(|c| {
                let RawCue {
                    start: s,
                    end: e,
                    form,
                    speaker: speaker_toks,
                    continues,
                } = c;
                let span = Span::new(tokens.get(s)?.span.start, tokens.get(e - 1)?.span.end);
                let speaker = speaker_toks.and_then(|(a, b)| {
                    Some(Span::new(
                        tokens.get(a)?.span.start,
                        tokens.get(b - 1)?.span.end,
                    ))
                });
                // The cue with its speaker, to find the quote beside them.
                let first = speaker_toks.map_or(s, |(a, _)| a.min(s));
                let last = speaker_toks.map_or(e, |(_, b)| b.max(e));
                let scope = quotes
                    .iter()
                    .find(|&&(qs, qe)| {
                        (qe < first && first - qe <= 2) || (qs >= last && qs - last <= 3)
                    })
                    .and_then(|&(qs, qe)| {
                        Some(Span::new(
                            tokens.get(qs)?.span.start,
                            tokens.get(qe)?.span.end,
                        ))
                    })
                    .unwrap_or(sent);
                Some(CueFound {
                    span,
                    form,
                    speaker,
                    scope,
                    continues,
                })
            })
            .collect()
    }

    /// The speaker of a reporting verb at tokens `cs..ce`. `from` is where
    /// the subject may start (the sentence, or the end of the cue before);
    /// `prev` is the speaker of the verb cue before it in the sentence.
    #[allow(clippy::too_many_arguments)]
    fn verb_speaker(
        &self,
        text: &str,
        tokens: &Tokens,
        from: usize,
        to: usize,
        cs: usize,
        ce: usize,
        prev: Option<Option<(usize, usize)>>,
    ) -> Option<(usize, usize)> {
        // "Le groupe revendique l'attaque et dénonce…": a coordinated verb
        // shares the subject of the verb before it.
        if self.leading_skip.ending_at(tokens, from, cs).is_some() {
            return prev.flatten();
        }
        // "… confirme André Kaufmann, adjoint au maire": a name right after
        // the verb is its inverted subject when no subject stands before it
        // (French; in English "told Reuters" names the listener).
        // "C'est ce qu'indique le rapport", "comme l'a indiqué": the word
        // before the verb stands for what was said, and the speaker is
        // the inverted subject after the verb.
        let before_aux = if cs > from && self.auxiliaries.has_at(tokens, cs - 1, cs) {
            cs - 1
        } else {
            cs
        };
        if self
            .object_relatives
            .ending_at(tokens, from, before_aux)
            .is_some()
        {
            let (s, e) = self.np_inverted(text, tokens, ce, to)?;
            return self.not_pronoun(tokens, s, e);
        }
        let listener = self.listener_forms.ending_at(tokens, cs, ce).is_some();
        // "…told our correspondent he counted 12 bodies": a pronoun right
        // before the verb is its subject.
        if self
            .subject_pronouns
            .ending_at(tokens, from, before_aux)
            .is_some()
        {
            return None;
        }
        let name_after =
            self.name_after_inverts && !listener && self.is_name(text, tokens, ce, ce + 1);
        match self.segment_back(text, tokens, from, cs) {
            None if name_after => return self.np_after(text, tokens, ce, to),
            None => return None,
            Some((s, e)) if s < e => {
                // "Le maire tout en appelant au calme a affirmé": the
                // subject ends where a participle clause opens.
                let e = (s + 1..e)
                    .find(|&k| {
                        self.adjunct_openers
                            .at(tokens, k, e)
                            .is_some_and(|(o, _)| self.participle_clause(tokens, k, o, e).is_some())
                    })
                    .unwrap_or(e);
                // "La salle était pleine, confirme…": a clause, not a subject.
                let clause = (s..e).any(|k| self.clause_verbs.has_at(tokens, k, e));
                if self.starts_np(text, tokens, s, e) && !clause {
                    return self.not_pronoun(tokens, s, e);
                }
                // "The governor while speaking to journalists said": the
                // subject stands before the participle clause.
                if let Some(a) = self.participle_clause(tokens, from, s, e) {
                    if let Some((s2, e2)) = self.segment_back(text, tokens, from, a) {
                        let clause = (s2..e2).any(|k| self.clause_verbs.has_at(tokens, k, e2));
                        if s2 < e2 && self.starts_np(text, tokens, s2, e2) && !clause {
                            return self.not_pronoun(tokens, s2, e2);
                        }
                    }
                }
                // "…», nous a confié un habitant", "lui a raconté X": an
                // object pronoun before the verb, the subject after it.
                let object_pronoun = self.is_pronoun(tokens, s, e)
                    && self.subject_pronouns.at(tokens, s, e).is_none();
                return if name_after {
                    self.np_after(text, tokens, ce, to)
                } else if object_pronoun && !listener {
                    let (s, e) = self.np_inverted(text, tokens, ce, to)?;
                    self.not_pronoun(tokens, s, e)
                } else {
                    None
                };
            }
            Some(_) => {}
        }
        // "les séparatistes qui ont affirmé", "L'armée, qui a indiqué".
        if let Some((r, _)) = self.clause_openers.ending_at(tokens, from, cs) {
            let end = if r > from && tokens.folded(r - 1) == "," {
                r - 1
            } else {
                r
            };
            let (s, e) = self.segment_back(text, tokens, from, end)?;
            return self.not_pronoun(tokens, s, e);
        }
        if cs > from && tokens.folded(cs - 1) == "," {
            if let Some(sp) = self.subject_before_comma(text, tokens, from, cs - 1) {
                return Some(sp);
            }
        }
        // Nothing before the verb but a comma, a quote or the sentence start:
        // the subject is inverted after it.
        if let Some((s, e)) = self.np_inverted(text, tokens, ce, to).filter(|_| !listener) {
            return self.not_pronoun(tokens, s, e);
        }
        self.subject_before_insert(text, tokens, from, cs)
    }

    /// "Le JNIM, très implanté dans la zone, a dénoncé…", "The group,
    /// active in the area, said…": the noun phrase opening the
    /// sentence, then between commas an apposition or a short insert with
    /// no verb, and no figure, right before the verb at `cs`.
    fn subject_before_insert(
        &self,
        text: &str,
        tokens: &Tokens,
        from: usize,
        cs: usize,
    ) -> Option<(usize, usize)> {
        if cs == 0 || tokens.folded(cs - 1) != "," {
            return None;
        }
        // The insert runs back to the comma before it, past any relative
        // clause inside it.
        let ie = cs - 1;
        let is = (ie.saturating_sub(MAX_SPEAKER + 1).max(from)..ie)
            .rev()
            .find(|&k| tokens.folded(k) == ",")?
            + 1;
        if (is..ie).any(|k| self.is_boundary(tokens, k, is, ie)) {
            return None;
        }
        let no_figure =
            (is..ie).all(|k| tokens.get(k).is_some_and(|t| t.kind != TokenKind::Number));
        // "Another resident, a grain trader who fled to Dikwa, told…": an
        // apposition, relative clause and all.
        let apposition = self.determiners.has_at(tokens, is, ie) && ie - is <= MAX_SPEAKER;
        let short = ie - is <= MAX_INSERT
            && (is..ie).all(|k| {
                !self.clause_verbs.has_at(tokens, k, ie)
                    && !self.subject_relatives.has_at(tokens, k, ie)
            });
        let insert_ok =
            is < ie && no_figure && !tokens.is_capitalised(text, is) && (apposition || short);
        if !insert_ok || is <= from {
            return None;
        }
        let (s, e) = self.segment_back(text, tokens, from, is - 1)?;
        if s != self.opening(tokens, from, e)
            || s >= e
            || !self.starts_np(text, tokens, s, e)
            || self.insert_openers.has_at(tokens, s, e)
            || (s..e).any(|k| self.clause_verbs.has_at(tokens, k, e))
        {
            return None;
        }
        self.not_pronoun(tokens, s, e)
    }

    /// A subject set off by commas before the verb, the comma being token
    /// `comma`: "Le porte-parole, Abdoulaye Maïga, a déclaré", "L'armée,
    /// dans un communiqué, a indiqué", "Les rebelles, qui tiennent la ville, ont affirmé".
    fn subject_before_comma(
        &self,
        text: &str,
        tokens: &Tokens,
        from: usize,
        comma: usize,
    ) -> Option<(usize, usize)> {
        let (bs, be) = self.segment_back(text, tokens, from, comma)?;
        if bs == be {
            return None;
        }
        // The segment before the one that ends at token `end` (a comma).
        let before = |end: usize| -> Option<(usize, usize)> {
            if end <= from || tokens.folded(end - 1) != "," {
                return None;
            }
            self.segment_back(text, tokens, from, end - 1)
                .filter(|(s, e)| s < e && !self.insert_openers.has_at(tokens, *s, *e))
        };
        // A name set off by commas, not one ending a clause ("a trader who
        // gave his name only as Abba, told").
        let set_off = bs == from || tokens.folded(bs - 1) == ",";
        if set_off && self.is_name(text, tokens, bs, be) {
            return Some(match before(bs) {
                // "A member of the vigilante group who took part in the
                // defence, Bukar Modu, said": the noun before the relative
                // clause says who the named speaker is.
                Some((s, _)) if s > from && self.subject_relatives.has_at(tokens, s - 1, bs) => {
                    match self.segment_back(text, tokens, from, s - 1) {
                        Some((ns, ne)) if ns < ne && self.starts_np(text, tokens, ns, ne) => {
                            (ns, be)
                        }
                        _ => (s, be),
                    }
                }
                Some((s, _)) => (s, be),
                None => (bs, be),
            });
        }
        // "L'armée, dans un communiqué, a indiqué"; "Le gouverneur,
        // s'adressant à la presse, a déclaré".
        let opens = if self.insert_openers.has_at(tokens, bs, be) {
            // "when asked about…": the insert opens at the opener before it.
            Some(
                self.clause_openers
                    .ending_at(tokens, from, bs)
                    .map_or(bs, |(r, _)| r),
            )
        } else {
            self.participle_clause(tokens, from, bs, be)
        };
        if let Some(a) = opens {
            let (s, e) = before(a)?;
            return self.not_pronoun(tokens, s, e);
        }
        if let Some((r, _)) = self.clause_openers.ending_at(tokens, from, bs) {
            let (s, e) = before(r)?;
            return self.not_pronoun(tokens, s, e);
        }
        // "Hervé Mangin, le patron du camping, confirme."
        match before(bs) {
            Some((s, e)) if self.is_name(text, tokens, s, e) => Some((s, be)),
            _ => None,
        }
    }

    /// Whether tokens `s..e` are a participle clause ("speaking to
    /// journalists", "s'adressant à la presse"), maybe after an opener
    /// ending at `s` ("while"): where the clause starts, opener included.
    fn participle_clause(&self, tokens: &Tokens, from: usize, s: usize, e: usize) -> Option<usize> {
        let start = self
            .adjunct_openers
            .ending_at(tokens, from, s)
            .map_or(s, |(a, _)| a);
        let mut p = s;
        // A reflexive or object pronoun glued before it: "s'adressant".
        while p < e && tokens.folded(p).ends_with('\'') {
            p += 1;
        }
        let w = tokens.folded(p);
        let participle = p < e
            && self.participle_endings.iter().any(|end| {
                w.len() > end.len() + 2
                    && w.ends_with(end.as_str())
                    && w.chars().all(char::is_alphabetic)
            });
        participle.then_some(start)
    }

    /// The run of words that ends just before token `end`, back to the
    /// previous punctuation, clause opener or sentence start, without a
    /// leading conjunction. Empty when `end` follows punctuation; `None`
    /// when the run is too long to be a subject.
    fn segment_back(
        &self,
        text: &str,
        tokens: &Tokens,
        from: usize,
        end: usize,
    ) -> Option<(usize, usize)> {
        let mut s = end;
        let mut bracketed = 0;
        while s > from {
            // "Islamic State West Africa Province (ISWAP) claimed": the
            // acronym in brackets belongs to the name before it.
            if tokens.folded(s - 1) == ")" {
                let open = (s.saturating_sub(6).max(from + 1)..s - 1)
                    .rev()
                    .find(|&k| tokens.folded(k) == "(");
                if let Some(open) =
                    open.filter(|&o| self.bracketed_name(text, tokens, o, s) == Some(s - 1))
                {
                    bracketed += s - open;
                    s = open;
                    continue;
                }
            }
            if self.is_boundary(tokens, s - 1, from, end) {
                break;
            }
            if self.clause_openers.ending_at(tokens, from, s).is_some() {
                break;
            }
            s -= 1;
            if end - s - bracketed > MAX_SPEAKER {
                return None;
            }
        }
        while let Some((e, _)) = self.leading_skip.at(tokens, s, end) {
            s = e;
        }
        Some((s, end))
    }

    /// The noun phrase after an inverted verb ending at token `p`, past an
    /// optional insert ("affirmaient, dimanche, les séparatistes").
    fn np_inverted(
        &self,
        text: &str,
        tokens: &Tokens,
        mut p: usize,
        to: usize,
    ) -> Option<(usize, usize)> {
        if self.object_verbs.ending_at(tokens, 0, p).is_some() {
            return None;
        }
        if tokens.folded(p) == "," {
            let close = (p + 1..to.min(p + 2 + MAX_INSERT)).find(|&q| tokens.folded(q) == ",")?;
            p = close + 1;
        }
        // "a indiqué jeudi la secrétaire"
        for _ in 0..3 {
            match self.inverted_skip.at(tokens, p, to) {
                Some((e, _)) => p = e,
                None => break,
            }
        }
        if !self.starts_np(text, tokens, p, to) {
            return None;
        }
        self.np_after(text, tokens, p, to)
    }

    /// Can a noun phrase start at token `p`: an article, an elided article,
    /// a capital or a figure ("L'armée", "les rebelles", "Police", "two witnesses").
    fn starts_np(&self, text: &str, tokens: &Tokens, p: usize, to: usize) -> bool {
        let Some(t) = tokens.get(p).filter(|_| p < to) else {
            return false;
        };
        self.determiners.has_at(tokens, p, to)
            || matches!(t.kind, TokenKind::Elision | TokenKind::Number)
            || (t.kind == TokenKind::Word && tokens.is_capitalised(text, p))
    }

    /// "A witness who reached the scene minutes later said": a subject
    /// opening the sentence at `from`, then a relative clause on it that
    /// runs up to the verb at `cs`.
    fn relative_subject(
        &self,
        text: &str,
        tokens: &Tokens,
        from: usize,
        cs: usize,
    ) -> Option<(usize, usize)> {
        let p = self.opening(tokens, from, cs);
        let r = (p + 1..cs.min(p + MAX_SPEAKER))
            .find(|&k| self.subject_relatives.has_at(tokens, k, cs))?;
        // The relative clause runs up to the verb: "Gunmen who stormed the
        // village killed 12 people, a leader said" is no such subject.
        if self
            .segment_back(text, tokens, from, cs)
            .is_none_or(|(s, _)| s != r + 1)
        {
            return None;
        }
        let e = if tokens.folded(r - 1) == "," {
            r - 1
        } else {
            r
        };
        if e <= p
            || (p..e).any(|k| {
                self.is_boundary(tokens, k, p, e) || self.clause_verbs.has_at(tokens, k, e)
            })
            || !self.starts_np(text, tokens, p, e)
        {
            return None;
        }
        self.not_pronoun(tokens, p, e)
    }

    /// The subject opening the sentence at `from`, for the participle at
    /// `v` set off by a comma: the words up to a stop word or a finite verb
    /// ("Amnesty International has called…", "The group claimed…").
    fn sentence_subject(
        &self,
        text: &str,
        tokens: &Tokens,
        from: usize,
        v: usize,
        to: usize,
    ) -> Option<(usize, usize)> {
        if v == 0 || tokens.folded(v - 1) != "," {
            return None;
        }
        let p = self.opening(tokens, from, to);
        if p >= v
            || self.pronouns.has_at(tokens, p, to)
            || !tokens.is_capitalised(text, p)
            || self.stops.has_at(tokens, p, to)
            || self.insert_openers.has_at(tokens, p, to)
        {
            return None;
        }
        let mut q = p;
        while q < v && q - p < MAX_SPEAKER {
            // "Islamic State West Africa Province (ISWAP) claimed…": a
            // name's acronym in brackets is part of the subject.
            if let Some(close) = self.bracketed_name(text, tokens, q, v) {
                q = close + 1;
                continue;
            }
            if self.is_boundary(tokens, q, p, to) {
                // "On Monday, Amnesty…": no subject opens the sentence.
                return None;
            }
            let w = tokens.folded(q);
            // "-ed" ends the subject as its verb, unless it is a name's
            // word ("The United Nations") or follows a determiner.
            let finite = q > p
                && w.chars().count() > 4
                && self.verb_endings.iter().any(|e| w.ends_with(e.as_str()))
                && !tokens.is_capitalised(text, q)
                && !self.determiners.has_at(tokens, q - 1, q);
            if (q > p && self.stops.has_at(tokens, q, to)) || finite {
                break;
            }
            q += 1;
        }
        // The subject must end where its verb starts, not run on.
        if q == p || q == v || q - p >= MAX_SPEAKER {
            return None;
        }
        self.not_pronoun(tokens, p, q)
    }

    /// The closing bracket of a name in brackets opening at token `q`
    /// ("(ISWAP)", "(Jama'at Nusrat al-Islam)"): at most four tokens, the
    /// first capitalised, before `to`.
    fn bracketed_name(&self, text: &str, tokens: &Tokens, q: usize, to: usize) -> Option<usize> {
        if tokens.folded(q) != "(" || !tokens.is_capitalised(text, q + 1) {
            return None;
        }
        (q + 2..(q + 6).min(to)).find(|&k| tokens.folded(k) == ")")
    }

    /// The speaker's noun phrase starting at token `p`: up to punctuation or
    /// a stop word, with an apposition naming a person.
    fn np_after(&self, text: &str, tokens: &Tokens, p: usize, to: usize) -> Option<(usize, usize)> {
        // "selon lui", "selon eux": no one named; "one of the survivors"
        // names a group.
        if let Some((e, _)) = self.pronouns.at(tokens, p, to) {
            if !self.pronoun_partitives.has_at(tokens, e, to) {
                return None;
            }
        }
        let mut q = p;
        while q < to && q - p < MAX_SPEAKER {
            if self.is_boundary(tokens, q, p, to) || (q > p && self.stops.has_at(tokens, q, to)) {
                break;
            }
            q += 1;
        }
        if q == p {
            return None;
        }
        // "leur porte-parole, Mohamed Elmaouloud Ramadane, dans un communiqué"
        if tokens.folded(q) == "," {
            let mut n = q + 1;
            while n < to && !self.is_boundary(tokens, n, q + 1, to) {
                n += 1;
            }
            if n > q + 1 && self.is_name(text, tokens, q + 1, n) {
                q = n;
            }
        }
        self.not_pronoun(tokens, p, q)
    }

    /// Punctuation that ends a phrase: not a hyphen or a full stop inside a
    /// word ("porte-parole", "Col. Maïga").
    fn is_boundary(&self, tokens: &Tokens, i: usize, from: usize, to: usize) -> bool {
        let Some(t) = tokens.get(i) else {
            return true;
        };
        if t.kind != TokenKind::Punct {
            return false;
        }
        let glued_before = i > from
            && tokens
                .get(i - 1)
                .is_some_and(|p| p.span.end == t.span.start);
        let glued_after = i + 1 < to
            && tokens
                .get(i + 1)
                .is_some_and(|n| n.span.start == t.span.end);
        match tokens.folded(i) {
            "-" => !(glued_before && glued_after),
            // "U.S.", "Col. Maïga": a stop that ends an abbreviation or an initial.
            "." => {
                let abbreviation = glued_before
                    && i > 0
                    && (self.seg.is_abbreviation(tokens.folded(i - 1))
                        || tokens.folded(i - 1).chars().count() == 1);
                !(abbreviation && i + 1 < to)
            }
            "'" => false,
            _ => true,
        }
    }

    /// Capitalised words only: a person's name.
    fn is_name(&self, text: &str, tokens: &Tokens, s: usize, e: usize) -> bool {
        e > s
            && e - s <= 6
            && (s..e).all(|k| {
                tokens.get(k).is_some_and(|t| match t.kind {
                    TokenKind::Word => tokens.is_capitalised(text, k),
                    TokenKind::Punct => tokens.folded(k) == "-",
                    _ => false,
                })
            })
    }

    /// The speaker `s..e`, unless it is a pronoun or what was reported
    /// ("No casualties reported").
    fn not_pronoun(&self, tokens: &Tokens, s: usize, e: usize) -> Option<(usize, usize)> {
        if s >= e {
            return None;
        }
        if self.not_speaker.has_at(tokens, s, e) {
            // "Le bilan communiqué par le ministère fait état de…": what
            // was said, with who said it after "par"/"by".
            return (s + 1..e)
                .find_map(|k| self.agent_markers.at(tokens, k, e).map(|(a, _)| a))
                .filter(|&a| a < e)
                .and_then(|a| self.not_pronoun(tokens, a, e));
        }
        (!self.is_pronoun(tokens, s, e)).then_some((s, e))
    }

    /// Whether tokens `s..e` are one pronoun and nothing else.
    fn is_pronoun(&self, tokens: &Tokens, s: usize, e: usize) -> bool {
        self.pronouns
            .at(tokens, s, e)
            .is_some_and(|(pe, _)| pe == e)
    }

    /// Where a sentence's words start past the conjunction opening it at
    /// `from` ("And", "Mais"), looking no further than `to`.
    fn opening(&self, tokens: &Tokens, from: usize, to: usize) -> usize {
        self.leading_skip
            .at(tokens, from, to)
            .map_or(from, |(e, _)| e)
    }
}

/// Pairs of quote tokens (open, close) in tokens `from..to`. Straight
/// quotes fold alike, so they pair in order.
fn quote_pairs(tokens: &Tokens, from: usize, to: usize) -> Vec<(usize, usize)> {
    let qs: Vec<usize> = (from..to).filter(|&k| tokens.folded(k) == "\"").collect();
    qs.chunks_exact(2).map(|c| (c[0], c[1])).collect()
}

#[cfg(test)]
mod tests;
