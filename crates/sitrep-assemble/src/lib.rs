//! Stage 4 of the pipeline: events with their date, place, actors and the
//! casualty claims of each claimant.
//!
//! Events grow from triggers. A trigger whose sentence gives its own date
//! starts an event (or joins one with that date); an undated trigger is a
//! further mention of the latest event of a compatible type, because news
//! reports name the reported incident again and again ("frappes… ces
//! frappes… une série de frappes"). Events dated well before the latest
//! one, or told in the pluperfect, are background.

mod claims;
mod lexicon;
mod roles;

pub use claims::fatalities;

use claims::{ClaimFigures, Cue};
use jiff::ToSpan;
use lexicon::{ends_at, occurs_in, Words};
use sitrep_annotate::lexicon::{LexiconError, LexiconSource};
use sitrep_annotate::places::most_frequent;
use sitrep_annotate::Annotation;
use sitrep_core::{
    Claim, Claimant, Document, DocumentMeta, Event, EventDate, EventLocation, Evidence, Interval,
    Lang, Mention, MentionValue, Outcome, PlaceValue, Report, Span,
};
use sitrep_resolve::Resolved;

/// The assembler's word lists for each language, loaded once.
pub struct Assembler {
    fr: Words,
    en: Words,
}

impl Assembler {
    pub fn new(src: &LexiconSource) -> Result<Self, LexiconError> {
        Ok(Assembler {
            fr: Words::load(src, Lang::Fr)?,
            en: Words::load(src, Lang::En)?,
        })
    }

    pub fn assemble(&self, doc: &Document, ann: &Annotation, resolved: &Resolved) -> Report {
        let words = match ann.lang {
            Lang::Fr => &self.fr,
            Lang::En => &self.en,
        };
        let ctx = Context::new(doc, ann, resolved, words);
        Report {
            document: DocumentMeta::of(doc, ann.lang),
            events: ctx.events(),
        }
    }
}

/// A trigger that survived negation, with its sentence and own date.
#[derive(Clone)]
struct Trigger<'a> {
    mention: &'a Mention,
    event_type: &'a str,
    sub_event_type: &'a str,
    sentence: usize,
    /// Index into `ann.times` of the date its sentence gives, if any.
    time: Option<usize>,
}

/// How near to a count an "also" must be to tell more dead (tokens).
const ADDITIVE_TOKENS: usize = 4;

/// At most this many tokens ("l'", "the deadly") between "N jours après" and
/// the event it names.
const OFFSET_OBJECT_TOKENS: usize = 3;

/// A casualty figure with the event it belongs to and who says it.
struct Said<'a> {
    /// Index of the draft the figure belongs to.
    owner: usize,
    claimant: Claimant,
    /// The reporting cue that gives the claimant.
    cue: Option<Span>,
    mention: &'a Mention,
    outcome: Outcome,
}

/// Triggers grouped into one event.
struct Draft<'a> {
    triggers: Vec<Trigger<'a>>,
    time: Option<usize>,
    /// Every trigger is told with background words ("avait", "had").
    past: bool,
    /// Its first trigger is named as earlier than the news ("trois jours
    /// après l'embuscade"): background, however it is told again later.
    recalled: bool,
}

impl Draft<'_> {
    fn sentences(&self) -> Vec<usize> {
        let mut s: Vec<usize> = self.triggers.iter().map(|t| t.sentence).collect();
        s.dedup();
        s
    }

    /// The type of the first trigger, unless that is a strategic
    /// development told alongside a violent event ("looted" after "attacked").
    fn typed(&self) -> (&str, &str) {
        self.triggers
            .iter()
            .find(|t| t.event_type != STRATEGIC)
            .or(self.triggers.first())
            .map_or(("", ""), |t| (t.event_type, t.sub_event_type))
    }
}

/// Whether `iv` overlaps the days from `start` to `end`, give or take one.
fn within_a_day(start: jiff::civil::Date, end: jiff::civil::Date, iv: Interval) -> bool {
    let lo = start.checked_sub(1.day()).unwrap_or(start);
    let hi = end.checked_add(1.day()).unwrap_or(end);
    iv.start <= hi && iv.end >= lo
}

const STRATEGIC: &str = "Strategic developments";
const BATTLES: &str = "Battles";
const VIOLENCE_AGAINST_CIVILIANS: &str = "Violence against civilians";

/// The most words beside the date in a dateline ("06.09.2023, Sputnik
/// Afrique", "Bamako, 3 mars 2024 (AFP) -").
const STAMP_WORDS: usize = 5;
/// How far into the text a wire dateline's day may stand ("PORT
/// HARCOURT, Nigeria, Sept 16 (Agency) -" is well within it).
const DATELINE_BYTES: usize = 120;
/// How far after a quoted figure its quotation may close and be attributed
/// (bytes): a few sentences of one speaker.
const QUOTE_REACH: usize = 800;

fn compatible(a: &str, b: &str) -> bool {
    a == b || a == STRATEGIC || b == STRATEGIC
}

/// Whether two types can name one incident seen from two sides: any two
/// kinds of political violence ("attacked… slaughtered… the blast"), but
/// not a protest and the attack it denounces.
fn same_family(a: &str, b: &str) -> bool {
    const VIOLENT: [&str; 3] = [
        "Battles",
        "Violence against civilians",
        "Explosions/Remote violence",
    ];
    compatible(a, b) || (VIOLENT.contains(&a) && VIOLENT.contains(&b))
}

struct Context<'a> {
    text: &'a str,
    doc: &'a Document,
    ann: &'a Annotation,
    resolved: &'a Resolved,
    words: &'a Words,
    /// The country the report is about, by code and name.
    country: Option<(String, String)>,
    /// For each time expression, whether it dates a statement or stamps
    /// the copy rather than dating an event; asked for every trigger and
    /// draft, so worked out once.
    not_event_dates: Vec<bool>,
    /// The reporting cues, in text order: asked of every trigger and figure.
    cue_spans: Vec<Span>,
}

impl<'a> Context<'a> {
    fn new(
        doc: &'a Document,
        ann: &'a Annotation,
        resolved: &'a Resolved,
        words: &'a Words,
    ) -> Self {
        let mut ctx = Context {
            text: &doc.text,
            doc,
            ann,
            resolved,
            words,
            country: None,
            not_event_dates: Vec::new(),
            cue_spans: ann
                .mentions
                .iter()
                .filter(|m| matches!(m.value, MentionValue::Cue(_)))
                .map(|m| m.span())
                .collect(),
        };
        ctx.country = ctx.country_in_focus();
        ctx.not_event_dates = (0..ann.times.len())
            .map(|i| ctx.dates_a_statement(i) || ctx.stamps_the_copy(i) || ctx.in_dateline(i))
            .collect();
        ctx
    }

    /// The commonest country among the resolved places, the first one on a tie.
    fn country_in_focus(&self) -> Option<(String, String)> {
        let places = self.resolved.places.iter().flatten();
        // No place found: the country the text names ("Lebanese truck
        // drivers blocked a bridge"), else that of a large town it names
        // inside another name ("Kisumu Girls' School").
        let code = most_frequent(places.map(|p| p.country_code.as_str()))
            .or_else(|| most_frequent(self.ann.country_cues.iter().map(|c| c.code.as_str())))
            .or_else(|| most_frequent(self.ann.town_countries.iter().map(|c| c.code.as_str())))?;
        let name = self
            .resolved
            .countries
            .get(code)
            .cloned()
            .unwrap_or_else(|| code.to_string());
        Some((code.to_string(), name))
    }

    fn sentence_of(&self, offset: usize) -> usize {
        self.ann.sentence_of(offset).unwrap_or(0)
    }

    fn sentence_span(&self, i: usize) -> Span {
        self.ann
            .sentences
            .get(i)
            .copied()
            .unwrap_or(Span::new(0, self.text.len()))
    }

    fn interval(&self, time: usize) -> Option<Interval> {
        self.resolved.times.get(time).copied().flatten()
    }

    /// The resolved time expression of sentence `s` that dates a trigger at
    /// `offset`: one that opens the sentence, else the nearest.
    fn time_in_sentence(&self, s: usize, offset: usize) -> Option<usize> {
        let in_sentence: Vec<usize> = (0..self.ann.times.len())
            .filter(|&i| {
                self.sentence_of(self.ann.times[i].span.start) == s
                    && self.interval(i).is_some()
                    && !self.not_event_date(i)
            })
            .collect();
        // A date that opens the sentence ("On 22 August, ...") frames its
        // main clause: a later date after the trigger belongs to a clause
        // of its own ("a farmer abducted on 10 August").
        // "Trois jours après l'embuscade, ..." dates the ambush, not the
        // sentence.
        let opens = in_sentence.first().is_some_and(|&i| {
            if sitrep_resolve::time::is_event_offset(&self.ann.times[i].expr) {
                return false;
            }
            let start = self.ann.times[i].span.start;
            let sentence = self.sentence_span(s);
            start < offset
                && self
                    .text
                    .get(sentence.start..start)
                    .is_some_and(|head| head.trim().chars().count() <= 8)
        });
        if opens {
            // The opening date itself: "On 30 April, at the start of
            // Ramadan, gunmen..." and "Last week, militants freed on 20
            // August killed..." are dated by what opens them.
            return in_sentence.first().copied();
        }
        // Otherwise the nearest: "killed 12 villagers last week, the
        // governor said on Monday" is last week's.
        in_sentence
            .into_iter()
            .min_by_key(|&i| self.ann.times[i].span.start.abs_diff(offset))
    }

    /// Whether time `i` dates a statement, not the event: it follows a
    /// reporting verb ("the army said on Tuesday", "a indiqué mardi",
    /// "a revendiqué jeudi").
    fn not_event_date(&self, i: usize) -> bool {
        self.not_event_dates.get(i).copied().unwrap_or(false)
    }

    /// Whether time `i` is the copy's own stamp, a dateline such as
    /// "06.09.2023, Agence X": the day of publication, in a sentence that
    /// tells no event and holds little else.
    fn stamps_the_copy(&self, i: usize) -> bool {
        let (Some(published), Some(iv)) = (self.doc.published, self.interval(i)) else {
            return false;
        };
        if iv.start != published || iv.end != published {
            return false;
        }
        let time = self.ann.times[i].span;
        let Some(s) = self.ann.sentence_of(time.start) else {
            return false;
        };
        let sentence = self.sentence_span(s);
        let tells = self.ann.mentions.iter().any(|m| {
            matches!(m.value, MentionValue::Trigger(_))
                && m.start >= sentence.start
                && m.end <= sentence.end
        });
        let words = |a: usize, b: usize| {
            self.text
                .get(a..b)
                .map_or(0, |t| t.split_whitespace().count())
        };
        let rest = words(sentence.start, time.start) + words(time.end, sentence.end);
        !tells && rest <= STAMP_WORDS
    }

    /// Whether time `i` is in a wire dateline opening the text ("GUSAU,
    /// Nigeria, Sept 16 - Gunmen...", "BAMAKO, 3 mars (Agence) — ..."):
    /// capitalised names and commas before it, at most a bracketed agency
    /// and then a dash after it. That is the day the copy was filed, which
    /// is often the day after the event the sentence goes on to tell.
    fn in_dateline(&self, i: usize) -> bool {
        let time = self.ann.times[i].span;
        // A dateline opens the text: a few words, never more than this.
        if time.start > DATELINE_BYTES {
            return false;
        }
        let Some(before) = self.text.get(..time.start) else {
            return false;
        };
        let before = before.trim_start();
        let Some(names) = before.trim_end().strip_suffix(',') else {
            return false;
        };
        let names: Vec<&str> = names
            .split(|c: char| c == ',' || c.is_whitespace())
            .filter(|w| !w.is_empty())
            .collect();
        if names.is_empty()
            || names.len() > STAMP_WORDS
            || !names
                .iter()
                .all(|w| w.chars().next().is_some_and(char::is_uppercase))
        {
            return false;
        }
        let Some(after) = self.text.get(time.end..) else {
            return false;
        };
        let mut after = after.trim_start();
        if let Some(rest) = after.strip_prefix('(') {
            match rest.char_indices().take(41).find(|&(_, c)| c == ')') {
                Some((close, _)) => after = rest[close + 1..].trim_start(),
                None => return false,
            }
        }
        after.starts_with(['-', '\u{2013}', '\u{2014}'])
    }

    fn dates_a_statement(&self, i: usize) -> bool {
        let t = self.ann.times[i].span;
        let longest = self
            .words
            .statement_date_links
            .iter()
            .map(String::len)
            .max()
            .unwrap_or(0);
        let mut gap = String::new();
        self.ann.mentions.iter().any(|m| {
            matches!(m.value, MentionValue::Cue(_))
                && m.end <= t.start
                && self.text.get(m.end..t.start).is_some_and(|between| {
                    let between = between.trim_matches(|c: char| c.is_whitespace() || c == ',');
                    // Folded a character at a time, and given up once longer
                    // than any link: the text between a cue and a far date is
                    // never one.
                    gap.clear();
                    for c in between.chars() {
                        sitrep_core::fold::fold_char(c, &mut gap);
                        if gap.len() > longest {
                            return false;
                        }
                    }
                    self.words.statement_date_links.contains(&gap)
                })
        })
    }

    fn triggers(&self) -> Vec<Trigger<'a>> {
        self.ann
            .mentions
            .iter()
            .filter_map(|m| match &m.value {
                MentionValue::Trigger(t) => Some((m, t)),
                _ => None,
            })
            .map(|(m, t)| {
                let sentence = self.sentence_of(m.start);
                Trigger {
                    mention: m,
                    event_type: &t.event_type,
                    sub_event_type: &t.sub_event_type,
                    sentence,
                    time: self.time_in_sentence(sentence, m.start),
                }
            })
            .collect()
    }

    /// The reporting cues that start within `span`, in text order.
    fn cues_in(&self, span: Span) -> &[Span] {
        let from = self.cue_spans.partition_point(|c| c.start < span.start);
        let to = self.cue_spans.partition_point(|c| c.start < span.end);
        &self.cue_spans[from..to.max(from)]
    }

    /// Whether trigger `t` names the event that "N jours après" counts from
    /// ("Trois jours après l'embuscade de Déou"): an earlier one.
    fn recalled(&self, t: &Trigger) -> bool {
        let tokens = &self.ann.tokens;
        t.time.is_some_and(|i| {
            let m = &self.ann.times[i];
            sitrep_resolve::time::is_event_offset(&m.expr)
                && m.span.end <= t.mention.start
                && tokens.index_at(t.mention.start)
                    <= tokens.index_at(m.span.end) + OFFSET_OBJECT_TOKENS
        })
    }

    /// Whether trigger `t` is told of an earlier event ("avait", "had",
    /// "depuis") in its sentence: before it, or after it in its own clause,
    /// not in a relative clause that follows ("..., qui sévit depuis des
    /// années" is about the country, not the killing).
    fn told_as_past(&self, t: &Trigger) -> bool {
        let tokens = &self.ann.tokens;
        let sentence = self.sentence_span(t.sentence);
        let range = tokens.range_in(sentence);
        let at = tokens.index_at(t.mention.end).clamp(range.start, range.end);
        let relative = (at..range.end).find(|&i| {
            self.words
                .relative_openers
                .iter()
                .any(|p| ends_at(tokens, i + p.len(), p))
        });
        let end = relative.unwrap_or(range.end);
        // "A local official said four civilians had also died": after a
        // reporting verb, the pluperfect is reported speech, not the past.
        let cues = self.cues_in(sentence);
        let reported_from = cues.first().map(|c| tokens.index_at(c.end));
        // "The army had said that…", "l'armée avait affirmé": the pluperfect
        // of the reporting verb dates the statement, not the event.
        let of_a_cue = |i: usize, len: usize| {
            cues.iter().any(|c| {
                let (s, e) = (tokens.index_at(c.start), tokens.index_at(c.end));
                i + len == s || (s <= i && i < e)
            })
        };
        self.words.background.iter().any(|p| {
            let backshift = self.words.backshift.contains(p);
            (range.start..end)
                .filter(|&i| i + p.len() <= end && ends_at(tokens, i + p.len(), p))
                .any(|i| {
                    !(backshift && (reported_from.is_some_and(|c| c <= i) || of_a_cue(i, p.len())))
                })
        })
    }

    /// Whether sentence `s` tells a running total ("since 2012", "depuis
    /// le début de l'année"), not one event's toll.
    fn running_total_in(&self, s: usize) -> bool {
        let range = self.ann.tokens.range_in(self.sentence_span(s));
        // "who has since fled": a lower-case word that opens no span of
        // time and is no date, right after "since".
        let tokens = &self.ann.tokens;
        let verb_at = |k: usize| {
            tokens.get(k).is_some_and(|t| {
                t.kind == sitrep_annotate::TokenKind::Word
                    && !tokens.is_capitalised(self.text, k)
                    && !self
                        .words
                        .running_total_not_before
                        .iter()
                        .any(|w| w == tokens.folded(k))
                    && !self
                        .ann
                        .times
                        .iter()
                        .any(|m| m.span.start <= t.span.start && t.span.start < m.span.end)
            })
        };
        self.words.running_total.iter().any(|p| {
            lexicon::occurs_in_unless_after(
                tokens,
                range.clone(),
                p,
                &self.words.running_total_not_after,
                verb_at,
            )
        })
    }

    /// Whether a draft dated `d` and a trigger dated `iv` can be one
    /// incident: the same days, give or take one (an attack on Saturday
    /// night, its toll given on Sunday).
    fn same_days(&self, d: &Draft, iv: Interval) -> bool {
        d.time
            .and_then(|i| self.interval(i))
            .is_some_and(|dv| within_a_day(dv.start, dv.end, iv))
    }

    /// Whether the trigger is a noun named again with a definite word
    /// ("l'attaque", "cette embuscade", "the raid").
    fn names_again(&self, t: &Trigger) -> bool {
        let at = self.ann.tokens.index_at(t.mention.start);
        self.words
            .anaphoric_determiners
            .iter()
            .any(|p| ends_at(&self.ann.tokens, at, p))
    }

    /// Whether `iv` is on or after the draft's days, give or take one.
    fn before_or_same(&self, d: &Draft, iv: Interval) -> bool {
        d.time
            .and_then(|i| self.interval(i))
            .is_some_and(|dv| dv.start.checked_sub(1.day()).unwrap_or(dv.start) <= iv.start)
    }

    /// Whether an undated draft can take a trigger dated `iv`: the date its
    /// context gives it (the sentences before, the report's first date)
    /// is the same days, give or take one.
    fn fits_undated(&self, d: &Draft, iv: Interval) -> bool {
        self.date(d)
            .is_none_or(|implied| within_a_day(implied.start, implied.end, iv))
    }

    /// Triggers grouped into events. A report tells one incident unless it
    /// plainly tells of another day: "l'attaque", "the raid", the claim of
    /// responsibility and the funerals told later are the same incident,
    /// whatever trigger word names them.
    fn drafts(&self) -> Vec<Draft<'a>> {
        let mut drafts: Vec<Draft<'a>> = Vec::new();
        // The draft of the trigger told just before, and its sentence.
        let mut previous: Option<(usize, usize)> = None;
        let triggers = self.triggers();
        // "Deux jours après l'attaque de X, les rescapés…": with no other
        // event told in the main clause of its sentence (past the comma
        // that closes "après l'attaque qui a frappé X"), the incident
        // counted from is the report's own, told the days after it.
        let told_beside = |t: &Trigger| {
            let sentence = self.sentence_span(t.sentence);
            // Only a phrase that opens the sentence frames it: "Gunmen
            // killed 12…, three days after an attack on a nearby village
            // left 30 dead" recalls the attack, comma or none.
            let opens = t.time.is_some_and(|i| {
                self.text
                    .get(sentence.start..self.ann.times[i].span.start)
                    .is_some_and(|head| head.trim().chars().count() <= 8)
            });
            if !opens {
                return true;
            }
            let Some(comma) = self
                .text
                .get(t.mention.end..sentence.end)
                .and_then(|rest| rest.find(','))
                .map(|k| t.mention.end + k)
            else {
                return false;
            };
            triggers
                .iter()
                .any(|o| o.sentence == t.sentence && o.mention.start > comma)
        };
        for t in triggers.iter().cloned() {
            let own = t.time.and_then(|i| self.interval(i));
            let recalled = self.recalled(&t) && told_beside(&t);
            let past = recalled || self.told_as_past(&t);
            let main = drafts.iter().position(|d| !d.past);
            let target = match own {
                // The same days, else an undated event told before (a
                // headline, a lead without its date).
                // Another kind of event on the same days is the reported
                // incident seen from another side ("attacked… slaughtered");
                // beside a recalled event, it is an event of its own.
                // "L'attaque a été revendiquée lundi": the incident named
                // again, on a later day (its claim, its funerals).
                Some(iv)
                    if self.names_again(&t)
                        && main.is_some_and(|m| {
                            self.before_or_same(&drafts[m], iv)
                                && same_family(drafts[m].typed().0, t.event_type)
                        }) =>
                {
                    main
                }
                Some(iv) => drafts
                    .iter()
                    .enumerate()
                    .position(|(i, d)| {
                        self.same_days(d, iv)
                            && (d.past == past || !past)
                            && if Some(i) == main {
                                same_family(d.typed().0, t.event_type)
                            } else {
                                compatible(d.typed().0, t.event_type)
                            }
                    })
                    .or_else(|| {
                        drafts.iter().position(|d| {
                            d.time.is_none() && d.past == past && self.fits_undated(d, iv)
                        })
                    }),
                // An undated mention goes on with the event told in the
                // sentence before ("une embuscade… cette embuscade"); told
                // as past, with the latest event of its kind; else it names
                // the reported incident again.
                None => previous
                    .filter(|&(i, s)| {
                        s + 1 >= t.sentence && compatible(drafts[i].typed().0, t.event_type)
                    })
                    .map(|(i, _)| i)
                    .or_else(|| {
                        if past {
                            drafts
                                .iter()
                                .rposition(|d| compatible(d.typed().0, t.event_type))
                        } else {
                            main.filter(|&m| same_family(drafts[m].typed().0, t.event_type))
                        }
                    }),
            };
            let sentence = t.sentence;
            let i = match target {
                Some(i) => {
                    let d = &mut drafts[i];
                    // Of two dates a day apart, the earlier is the event's;
                    // the later one is the day its toll or claim was told.
                    let earlier = match (own, d.time.and_then(|j| self.interval(j))) {
                        (Some(iv), Some(dv)) => {
                            iv.start < dv.start && iv.time_precision <= dv.time_precision
                        }
                        (Some(_), None) => true,
                        _ => false,
                    };
                    if earlier {
                        d.time = t.time;
                    }
                    d.past &= past;
                    d.triggers.push(t);
                    i
                }
                None => {
                    drafts.push(Draft {
                        time: t.time,
                        past,
                        recalled,
                        triggers: vec![t],
                    });
                    drafts.len() - 1
                }
            };
            previous = Some((i, sentence));
        }
        drafts
    }

    fn events(&self) -> Vec<Event> {
        let drafts = self.drafts();
        if drafts.is_empty() {
            return Vec::new();
        }
        let dates: Vec<Option<EventDate>> = drafts.iter().map(|d| self.date(d)).collect();
        let background = self.background(&drafts, &dates);
        let main = background.iter().position(|b| !b).unwrap_or(0);
        let figures = self.figures(&drafts);
        // The reported event happens where the text is mostly about; the
        // others where their triggers are.
        let main_location = self
            .resolved
            .main_place
            .filter(|&i| !self.place_of_recalled(&drafts, main, i))
            .and_then(|i| {
                let p = self.resolved.places.get(i)?.as_ref()?;
                Some(self.event_location(p, self.ann.places[i].span))
            })
            .or_else(|| self.location(&drafts, main, None));
        drafts
            .iter()
            .enumerate()
            .map(|(i, d)| {
                let location = if i == main {
                    main_location.clone()
                } else {
                    self.location(&drafts, i, main_location.as_ref())
                };
                self.event(i, d, dates[i].clone(), location, background[i], &figures)
            })
            .collect()
    }

    /// Whether place mention `i` is where a recalled event happened rather
    /// than event `d`: in its sentence, a trigger of an event named as
    /// earlier ([`Draft::recalled`]) is nearer to it than any of `d`'s
    /// ("Trois jours après l'embuscade de Déou, des jihadistes ont attaqué
    /// Tin-Akoff": Déou is the ambush's). A sentence without a trigger of `d`
    /// says nothing.
    fn place_of_recalled(&self, drafts: &[Draft], d: usize, i: usize) -> bool {
        if !drafts.iter().any(|o| o.recalled) {
            return false;
        }
        let place = self.ann.places[i].span;
        let s = self.sentence_of(place.start);
        let nearest = |d: &Draft| {
            d.triggers
                .iter()
                .filter(|t| t.sentence == s)
                .map(|t| place.start.abs_diff(t.mention.start))
                .min()
        };
        let Some(own) = nearest(&drafts[d]) else {
            return false;
        };
        drafts
            .iter()
            .enumerate()
            .filter(|(k, o)| *k != d && o.recalled)
            .filter_map(|(_, o)| nearest(o))
            .any(|other| other < own)
    }

    /// An event's date: its own, else the nearest date in the sentences just
    /// before its first trigger, else the first date of the document, else
    /// the day before publication to the day of it.
    fn date(&self, d: &Draft) -> Option<EventDate> {
        let first = d.triggers.first()?;
        let from_time = |i: usize| {
            let iv = self.interval(i)?;
            Some(EventDate {
                start: iv.start,
                end: iv.end,
                time_precision: iv.time_precision,
                evidence: Some(Evidence::of(self.text, self.ann.times[i].span)),
            })
        };
        if let Some(date) = d.time.and_then(from_time) {
            return Some(date);
        }
        let before = (0..self.ann.times.len())
            .filter(|&i| self.interval(i).is_some() && !self.not_event_date(i))
            .filter(|&i| {
                let s = self.sentence_of(self.ann.times[i].span.start);
                s < first.sentence && s + 2 >= first.sentence
            })
            .max_by_key(|&i| self.ann.times[i].span.start);
        if let Some(date) = before.and_then(from_time) {
            return Some(date);
        }
        if let Some(date) = (0..self.ann.times.len())
            .filter(|&i| !self.not_event_date(i))
            .find_map(from_time)
        {
            return Some(date);
        }
        let published = self.doc.published?;
        Some(EventDate {
            start: published.checked_sub(1.day()).unwrap_or(published),
            end: published,
            time_precision: 2,
            evidence: None,
        })
    }

    /// Background: told with background words ("avait", "had") in every
    /// trigger sentence, or dated a year or more before publication (the
    /// context a report opens with); and, once the reported event is known
    /// (the first other one), any event dated before it: a report recalls
    /// earlier attacks, it does not tell two of its own.
    fn background(&self, drafts: &[Draft], dates: &[Option<EventDate>]) -> Vec<bool> {
        let context_before = self
            .doc
            .published
            .and_then(|p| p.checked_sub(1.year()).ok());
        let mut flags: Vec<bool> = drafts
            .iter()
            .zip(dates)
            .enumerate()
            .map(|(i, (d, date))| {
                let old = match (context_before, date) {
                    (Some(c), Some(date)) => date.end < c,
                    _ => false,
                };
                // An undated event told as past counts only after the first
                // event: a report opens with its news, not its context.
                old || d.recalled || (d.past && (d.time.is_some() || i > 0))
            })
            .collect();
        if flags.iter().all(|&b| b) {
            // Someone must be the reported event: the first one told.
            flags[0] = false;
            return flags;
        }
        let main = flags.iter().position(|b| !b).unwrap_or(0);
        if let Some(main_start) = dates[main].as_ref().map(|d| d.start) {
            for (i, date) in dates.iter().enumerate() {
                if i != main && date.as_ref().is_some_and(|d| d.end < main_start) {
                    flags[i] = true;
                }
            }
        }
        flags
    }

    /// The place of an event: the resolved place nearest a trigger in its
    /// sentences, else the report's main place, else `fallback`.
    fn location(
        &self,
        drafts: &[Draft],
        k: usize,
        fallback: Option<&EventLocation>,
    ) -> Option<EventLocation> {
        let resolved = |i: usize| self.resolved.places.get(i).and_then(|p| p.as_ref());
        let near = drafts[k]
            .triggers
            .iter()
            .flat_map(|t| {
                self.ann
                    .places
                    .iter()
                    .enumerate()
                    .filter_map(move |(i, p)| {
                        (self.sentence_of(p.span.start) == t.sentence
                            && resolved(i).is_some()
                            && !self.place_of_recalled(drafts, k, i))
                        .then_some((i, p.span.start.abs_diff(t.mention.start)))
                    })
            })
            .min_by_key(|(i, dist)| {
                (
                    resolved(*i).map_or(9, |p| p.geo_precision.min(3) / 3),
                    *dist,
                )
            })
            .map(|(i, _)| i);
        let chosen = near.or_else(|| (0..self.ann.places.len()).find(|&i| resolved(i).is_some()));
        match chosen {
            Some(i) if fallback.is_none() || near.is_some() => {
                let p = resolved(i)?;
                Some(self.event_location(p, self.ann.places[i].span))
            }
            _ => fallback.cloned(),
        }
    }

    fn event_location(&self, p: &PlaceValue, span: Span) -> EventLocation {
        EventLocation {
            name: p.name.clone(),
            geonameid: Some(p.geonameid),
            country_code: Some(p.country_code.clone()),
            country: self.resolved.countries.get(&p.country_code).cloned(),
            admin1: p.admin1.clone(),
            admin2: p.admin2.clone(),
            latitude: Some(p.latitude),
            longitude: Some(p.longitude),
            geo_precision: p.geo_precision,
            evidence: Some(Evidence::of(self.text, span)),
        }
    }

    /// The draft a casualty figure belongs to: the event whose trigger is
    /// nearest in its sentence, else the latest event told before it, else
    /// the first one told after it.
    ///
    /// A running total ("depuis 2012", "since Friday") belongs to no event;
    /// a figure whose sentence gives an earlier day than that event's
    /// belongs to the event of that day, if any ("au moins 51 soldats ont
    /// été tués vendredi").
    fn owner(&self, drafts: &[Draft], q: &Mention) -> Option<usize> {
        let s = self.sentence_of(q.start);
        if self.running_total_in(s) {
            return None;
        }
        let owner = self.nearest_owner(drafts, q, s)?;
        let Some(own) = drafts[owner].time.and_then(|i| self.interval(i)) else {
            return Some(owner);
        };
        // "Trois jours après l'embuscade" dates the ambush, not the figure.
        let earlier: Vec<Interval> = (0..self.ann.times.len())
            .filter(|&i| self.sentence_of(self.ann.times[i].span.start) == s)
            .filter(|&i| !sitrep_resolve::time::is_event_offset(&self.ann.times[i].expr))
            .filter_map(|i| self.interval(i))
            .filter(|iv| iv.end < own.start.checked_sub(1.day()).unwrap_or(own.start))
            .collect();
        if earlier.is_empty() {
            return Some(owner);
        }
        drafts
            .iter()
            .position(|d| earlier.iter().any(|iv| self.same_days(d, *iv)))
    }

    fn nearest_owner(&self, drafts: &[Draft], q: &Mention, s: usize) -> Option<usize> {
        let same = drafts
            .iter()
            .enumerate()
            .flat_map(|(i, d)| d.triggers.iter().map(move |t| (i, t)))
            .filter(|(_, t)| t.sentence == s)
            .min_by_key(|(_, t)| t.mention.start.abs_diff(q.start))
            .map(|(i, _)| i);
        same.or_else(|| {
            drafts
                .iter()
                .enumerate()
                .filter_map(|(i, d)| {
                    d.triggers
                        .iter()
                        .map(|t| t.sentence)
                        .filter(|&ts| ts < s)
                        .max()
                        .map(|ts| (i, ts))
                })
                .max_by_key(|&(i, ts)| (ts, std::cmp::Reverse(i)))
                .map(|(i, _)| i)
        })
        .or_else(|| {
            drafts
                .iter()
                .enumerate()
                .filter_map(|(i, d)| d.triggers.first().map(|t| (i, t.sentence)))
                .min_by_key(|&(_, ts)| ts)
                .map(|(i, _)| i)
        })
    }

    /// Fills the "{country}" slot of generic actor names ("Civilians
    /// ({country})") with the country in focus, or drops it when none is known.
    pub(crate) fn actor_name(&self, name: &str) -> String {
        match &self.country {
            Some((_, country)) => name.replace("{country}", country),
            None => name
                .replace(" ({country})", "")
                .replace(" of {country}", "")
                .replace("{country}", "")
                .trim()
                .to_string(),
        }
    }

    fn cues(&self) -> Vec<Cue<'a>> {
        self.ann
            .mentions
            .iter()
            .filter(|m| matches!(m.value, MentionValue::Cue(_)))
            .map(|m| Cue {
                mention: m,
                speaker: claims::locate_speaker(self.text, self.ann, m),
            })
            .collect()
    }

    /// The cue that governs a figure: the nearest cue of its sentence; for a
    /// figure quoted in a sentence with no cue, the cue of the quote told
    /// just before ("…”, a déclaré X. “Au moins 110 civils ont été tués”.")
    /// or just after it.
    fn cue_for(&self, cues: &[Cue<'a>], q: &Mention) -> Option<usize> {
        let s = self.sentence_of(q.start);
        // "« Le bilan fait état de onze morts », indique le communiqué": a
        // cue with no speaker inside the quotation gives way to the cue
        // that attributes the quotation.
        let own = self.cue_in_sentence(cues, q, s);
        if own.is_some_and(|i| cues[i].speaker.is_none()) {
            if let Some(k) = self.cue_after_own_quote(cues, q) {
                return Some(k);
            }
        }
        own.or_else(|| self.cue_after_own_quote(cues, q))
            .or_else(|| self.cue_of_adjacent_quote(cues, q, s))
            .or_else(|| self.cue_carried_over(cues, s))
    }

    /// "… ont été visés lundi, selon des sources sécuritaires. Au moins 19
    /// d'entre eux ont été tués": a sentence with no cue of its own goes on
    /// telling what the sentence before it attributed, when the two are one
    /// paragraph and that sentence gave no figure of its own. An attribution
    /// of a quote covers the quote only ("« Ils sont venus à moto », a dit le
    /// maire. Quatorze villageois ont été tués." is the outlet's count).
    fn cue_carried_over(&self, cues: &[Cue<'a>], s: usize) -> Option<usize> {
        let t = s.checked_sub(1)?;
        let (prev, cur) = (self.sentence_span(t), self.sentence_span(s));
        if self.text.get(prev.end..cur.start)?.contains('\n')
            || claims::has_quote(self.text.get(prev.start..prev.end)?)
        {
            return None;
        }
        // Mentions and cues are in text order: only those of the sentence
        // before are read, not the whole report once per figure.
        let ms = &self.ann.mentions;
        let (from, to) = (
            ms.partition_point(|m| m.start < prev.start),
            ms.partition_point(|m| m.start < prev.end),
        );
        let counts = ms[from..to.max(from)].iter().any(|m| {
            m.end <= prev.end
                && matches!(claims::outcome(m), Some(Outcome::Killed | Outcome::Injured))
        });
        if counts {
            return None;
        }
        let (from, to) = (
            cues.partition_point(|c| c.mention.start < prev.start),
            cues.partition_point(|c| c.mention.start < prev.end),
        );
        (from..to.max(from))
            .rev()
            .find(|&i| cues[i].speaker.is_some())
    }

    /// A figure inside a quotation of several sentences takes the cue
    /// right after the quotation closes ("« Nous avons enterré 31 corps.
    /// Personne ne sait combien manquent. … », a dit un habitant"), in the
    /// same paragraph and at most [`QUOTE_REACH`] bytes on.
    fn cue_after_own_quote(&self, cues: &[Cue<'a>], q: &Mention) -> Option<usize> {
        // Read at most QUOTE_REACH bytes each way, on character
        // boundaries: a quotation longer than that is attributed otherwise.
        let mut from = q.start.saturating_sub(QUOTE_REACH);
        while !self.text.is_char_boundary(from) {
            from -= 1;
        }
        let head = self.text.get(from..q.start)?;
        let before = head.rfind('\n').map_or(head, |k| &head[k + 1..]);
        if !claims::inside_quote(before) {
            return None;
        }
        let straight = before.matches('"').count() % 2 == 1;
        let mut reach = (q.end + QUOTE_REACH).min(self.text.len());
        while !self.text.is_char_boundary(reach) {
            reach -= 1;
        }
        let after = self.text.get(q.end..reach)?;
        let close = q.end + claims::quote_close(after, straight)?;
        let end = self.sentence_span(self.sentence_of(close)).end;
        // "…», affirme-t-il": a pronoun's cue points back when read.
        let k = cues.partition_point(|c| c.mention.start <= close);
        (k < cues.len() && cues[k].mention.start < end).then_some(k)
    }

    fn cue_of_adjacent_quote(&self, cues: &[Cue<'a>], q: &Mention, s: usize) -> Option<usize> {
        let span = self.sentence_span(s);
        if !self
            .text
            .get(span.start..q.start)
            .is_some_and(claims::inside_quote)
        {
            return None;
        }
        // A sentence that quotes, or announces a quote ("… said:").
        let quoting = |t: usize| {
            let sp = self.sentence_span(t);
            self.text
                .get(sp.start..sp.end)
                .is_some_and(|s| claims::has_quote(s) || s.trim_end().ends_with(':'))
        };
        let with_speaker = |t: usize| {
            cues.iter()
                .enumerate()
                .filter(move |(_, c)| self.sentence_of(c.mention.start) == t && c.speaker.is_some())
                .map(|(i, _)| i)
        };
        let before = s
            .checked_sub(1)
            .filter(|&t| quoting(t))
            .and_then(|t| with_speaker(t).next_back());
        before.or_else(|| {
            let t = s + 1;
            (t < self.ann.sentences.len() && quoting(t))
                .then(|| with_speaker(t).next())
                .flatten()
        })
    }

    /// The nearest cue of sentence `s` to figure `q`.
    fn cue_in_sentence(&self, cues: &[Cue<'a>], q: &Mention, s: usize) -> Option<usize> {
        cues.iter()
            .enumerate()
            .filter(|(_, c)| self.sentence_of(c.mention.start) == s)
            .min_by_key(|(_, c)| {
                let a = c.speaker.map_or(c.mention.span(), |sp| {
                    Span::new(sp.start.min(c.mention.start), sp.end.max(c.mention.end))
                });
                if a.overlaps(&q.span()) {
                    0
                } else {
                    a.start.abs_diff(q.end).min(a.end.abs_diff(q.start))
                }
            })
            .map(|(i, _)| i)
    }

    /// The claims of one event. A claimant's figures said together ("5
    /// soldats et 3 civils") make one figure; said apart, each is its own
    /// claim, and the same figure said twice by the same claimant is one
    /// claim, never a sum.
    /// Every casualty figure of the report with the event it belongs to and
    /// who says it, in text order: worked out once for all events.
    fn figures(&self, drafts: &[Draft]) -> Vec<Said<'a>> {
        let cues = self.cues();
        // Each cue's claimant, in text order, so that "il" and "la même
        // source" can take the one named before.
        let mut claimants: Vec<Claimant> = Vec::with_capacity(cues.len());
        for c in &cues {
            let before = claimants
                .iter()
                .rev()
                .find(|k| k.kind != sitrep_core::ClaimantKind::Unattributed);
            let claimant = claims::claimant_of(self.text, self.ann, self.words, c, before, |m| {
                roles::actor_value(m).map_or_else(|| m.text.clone(), |a| self.actor_name(&a.name))
            });
            claimants.push(claimant);
        }
        let mut said = Vec::new();
        for q in &self.ann.mentions {
            let outcome = match claims::outcome(q) {
                Some(o @ (Outcome::Killed | Outcome::Injured)) => o,
                _ => continue,
            };
            let Some(owner) = self.owner(drafts, q) else {
                continue;
            };
            let cue = self.cue_for(&cues, q);
            let claimant = cue
                .and_then(|i| claimants.get(i).cloned())
                .unwrap_or_else(claims::unattributed);
            said.push(Said {
                owner,
                claimant,
                cue: cue.map(|i| cues[i].mention.span()),
                mention: q,
                outcome,
            });
        }
        said
    }

    fn claims(&self, index: usize, figures: &[Said<'a>]) -> Vec<Claim> {
        let said = figures.iter().filter(|f| f.owner == index);
        // One statement: the same claimant, the same sentence, figures close
        // together.
        // (claimant, cue, figures, counted besides the statement before it)
        let mut statements: Vec<(Claimant, Option<Span>, ClaimFigures, bool)> = Vec::new();
        let mut last_end: Option<(usize, usize)> = None;
        // The killed counts of the statement being read.
        let mut sides: Vec<&Mention> = Vec::new();
        for f in said {
            let q = f.mention;
            let s = self.sentence_of(q.start);
            // "32 bandits and 2 soldiers were killed": the two sides' dead
            // are two figures, never one sum.
            let killed = f.outcome == Outcome::Killed;
            let same_side = !killed || !sides.iter().any(|p| claims::opposite_sides(p, q));
            let together = statements.last().is_some_and(|(c, ..)| *c == f.claimant)
                && last_end.is_some_and(|(ls, le)| {
                    ls == s
                        && self
                            .text
                            .get(le..q.start)
                            .is_some_and(claims::said_together)
                });
            if !(together && same_side) {
                // Said together, this can only be the other side's dead:
                // dead besides.
                sides.clear();
                statements.push((f.claimant.clone(), f.cue, ClaimFigures::default(), together));
            }
            if killed {
                sides.push(q);
            }
            last_end = Some((s, q.end));
            if let Some((_, _, figures, _)) = statements.last_mut() {
                match f.outcome {
                    Outcome::Killed => figures.killed.push(q),
                    _ => figures.injured.push(q),
                }
            }
        }
        let mut out: Vec<Claim> = Vec::new();
        for (claimant, cue, f, besides) in statements {
            let mut claim = claims::claim(self.text, claimant, cue, &f);
            claim.additional = besides || f.killed.iter().any(|q| self.told_as_more(q));
            claims::merge_into(&mut out, claim);
        }
        out
    }

    /// Whether a killed count is told as more dead besides those told
    /// already ("at least four civilians had also died", "trois civils ont
    /// également été tués"): an `additive` word within a few tokens of it,
    /// in its sentence.
    fn told_as_more(&self, q: &Mention) -> bool {
        let tokens = &self.ann.tokens;
        let sentence = tokens.range_in(self.sentence_span(self.sentence_of(q.start)));
        let (a, b) = (tokens.index_at(q.start), tokens.index_at(q.end));
        // "HPG also claimed 15 soldiers died": the word goes with the
        // claim, not with the dead; only what follows the cue counts.
        let sentence_span = self.sentence_span(self.sentence_of(q.start));
        let cue_end = self
            .cues_in(sentence_span)
            .iter()
            .filter(|c| c.end <= q.start)
            .map(|c| tokens.index_at(c.end))
            .max()
            .unwrap_or(0);
        let lo = a
            .saturating_sub(ADDITIVE_TOKENS)
            .max(sentence.start)
            .max(cue_end.min(a));
        let hi = (b + ADDITIVE_TOKENS).min(sentence.end);
        self.words
            .additive
            .iter()
            .any(|p| occurs_in(tokens, lo..a, p) || occurs_in(tokens, b..hi, p))
    }

    fn event(
        &self,
        index: usize,
        d: &Draft,
        date: Option<EventDate>,
        location: Option<EventLocation>,
        background: bool,
        figures: &[Said<'a>],
    ) -> Event {
        let (mut event_type, mut sub_event_type) = d.typed();
        let claims = self.claims(index, figures);
        let fatalities = claims::fatalities(&claims);
        let killed_in = |of: &dyn Fn(&str) -> bool| {
            claims.iter().any(|c| {
                c.killed
                    .as_ref()
                    .is_some_and(|f| f.category.split('+').any(of))
            })
        };
        let civilians_hit = killed_in(&roles::is_civilian_category);
        // "L'attaque… 41 corps… une vingtaine de civils tués": an attack
        // whose dead are all civilians, told more often as a killing than
        // as a fight, is one ("farmers and herders clashed… two herders
        // were killed" stays a clash).
        let told = |ty: &str| d.triggers.iter().filter(|t| t.event_type == ty).count();
        if event_type == BATTLES
            && civilians_hit
            && !killed_in(&|c| matches!(c, "soldiers" | "combatants"))
            && told(VIOLENCE_AGAINST_CIVILIANS) > told(BATTLES)
        {
            if let Some(t) = d
                .triggers
                .iter()
                .find(|t| t.event_type == VIOLENCE_AGAINST_CIVILIANS)
            {
                (event_type, sub_event_type) = (t.event_type, t.sub_event_type);
            }
        }
        let civilian_targeting = event_type == VIOLENCE_AGAINST_CIVILIANS || civilians_hit;
        let mut actors = roles::actors(self, d, civilian_targeting);
        // A group renamed by ACLED goes by the name it bore on the day.
        if let Some(day) = date.as_ref().map(|d| d.start) {
            for a in &mut actors {
                if let Some(earlier) = self.words.name_on(&a.name, day) {
                    a.name = earlier;
                }
            }
        }
        let first = d.triggers.first().map(|t| t.mention);
        let evidence = first.map_or(
            Evidence {
                text: String::new(),
                start: 0,
                end: 0,
            },
            |m| Evidence::of(self.text, m.span()),
        );
        let notes = notes(
            event_type,
            sub_event_type,
            &date,
            &location,
            &actors,
            &fatalities,
        );
        Event {
            id: format!("{}-e{}", self.doc.id, index + 1),
            background,
            event_type: event_type.to_string(),
            sub_event_type: sub_event_type.to_string(),
            date,
            location,
            actors,
            civilian_targeting,
            fatalities,
            claims,
            notes,
            evidence,
        }
    }
}

/// A one-sentence summary of the event, in English whatever the source.
fn notes(
    _event_type: &str,
    sub_event_type: &str,
    date: &Option<EventDate>,
    location: &Option<EventLocation>,
    actors: &[sitrep_core::EventActor],
    fatalities: &sitrep_core::Fatalities,
) -> String {
    let mut s = String::new();
    if let Some(d) = date {
        if d.start == d.end {
            s.push_str(&format!("On {}, ", d.start));
        } else {
            s.push_str(&format!("Between {} and {}, ", d.start, d.end));
        }
    }
    s.push_str(sub_event_type);
    if let Some(l) = location {
        s.push_str(&format!(" in {}", l.name));
        if let Some(c) = &l.country {
            s.push_str(&format!(" ({c})"));
        }
    }
    let name = |role: &str| {
        actors
            .iter()
            .find(|a| a.role == role)
            .map(|a| a.name.as_str())
    };
    match (name("actor1"), name("actor2")) {
        (Some(a), Some(b)) => s.push_str(&format!(" by {a} against {b}")),
        (Some(a), None) => s.push_str(&format!(" by {a}")),
        (None, Some(b)) => s.push_str(&format!(" against {b}")),
        (None, None) => {}
    }
    match (fatalities.low, fatalities.high) {
        (Some(l), Some(h)) if l != h => s.push_str(&format!("; {l} to {h} reported killed")),
        (Some(l), _) => s.push_str(&format!("; {l} reported killed")),
        _ => {}
    }
    s.push('.');
    s
}
