//! Time expressions: what a report says about when, as written.
//!
//! The recogniser finds dates ("lundi 26 août", "Feb. 22, 2021",
//! "22/04/2019"), months and years ("juin prochain", "en 2022"), weekdays
//! ("dimanche", "last Tuesday"), days relative to the publication ("hier")
//! or to the date just mentioned ("le lendemain"), nights across two days
//! ("dans la nuit de jeudi à vendredi"), ranges and lists ("du 1er au 4
//! mai", "les 1er et 4 mai"), parts of a month ("fin juillet", "mid-March"),
//! relative periods ("la semaine dernière") and spans back in time ("il y a
//! un mois"). It does not anchor them to a calendar: that is the resolver's
//! job, which knows the publication date.
//!
//! A bare number is never a date: a day number needs a month next to it (or
//! must sit in a range or list that has one), and a four-digit year needs a
//! year word before it ("en", "depuis", "in") or punctuation after it.
//! Times of day and bare durations ("pendant trois jours") are not
//! recognised; a duration from a date is ("pendant trois jours à partir de
//! lundi"), and hours count in whole days ("les dernières 24 heures").
//!
//! Numbers may be written in words: counts ("il y a vingt-deux jours"),
//! days next to a month ("May twenty nine", "le vingt neuf mai") and years
//! after a month or a year word ("October two thousand", "en mil neuf cent
//! quatre-vingt-dix"). Days and years in words must end before punctuation
//! or a listed word: "in two thousand cases" counts.
//!
//! Every word comes from `data/lang/<code>/time.toml`, except the number
//! words, read from `quantities.toml` (see `crate::numbers`).

mod parse;
#[cfg(test)]
mod tests;

use crate::lexicon::{LexiconError, LexiconSource, Segmentation};
use crate::numbers::NumberWords;
use crate::quantity::phrases::Phrases;
use crate::text::Tokens;
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use serde::Deserialize;
use sitrep_core::{Lang, Span};

/// A word that moves a date relative to the publication: "dernier",
/// "prochain", "ce", "last", "next", "this".
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Shift {
    /// No word: the most recent such date on or before publication.
    #[default]
    None,
    /// "ce", "this": read like no word (reports look back).
    This,
    /// "dernier", "last": strictly before publication.
    Last,
    /// "prochain", "next": strictly after publication.
    Next,
    /// "the previous Monday": before the date told before (a weekday; on
    /// other dates it reads as `Last`).
    Before,
    /// "the following Monday", "le lundi suivant": after the date told
    /// before (a weekday; on other dates it reads as `Next`).
    After,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Unit {
    /// Counted in whole days: "24 hours ago" is yesterday.
    Hour,
    Day,
    /// A day from Monday to Friday.
    BusinessDay,
    /// Monday to Friday of a week.
    WorkWeek,
    Week,
    Weekend,
    /// Two weeks.
    Fortnight,
    Month,
    /// Three months from January, April, July or October.
    Quarter,
    Year,
    /// Ten years from a year ending in 0.
    Decade,
}

/// A part of a month, week or year.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Part {
    /// "début", "early": the first third.
    Start,
    /// "mi-", "mid": the middle third.
    Mid,
    /// "fin", "late": the last third.
    End,
    /// "earlier this month": from the start to the publication.
    ToDate,
    /// "later this month": from the publication to the end.
    Rest,
    /// "earlier this month": the first half, up to the publication when
    /// it falls in it.
    Earlier,
    /// "later this week": the second half, from the publication when it
    /// falls in it.
    Later,
    /// "la première semaine de", "the last week of": the n-th week (from
    /// Monday), -1 for the last, 0 the week holding the date ("the week of
    /// April 10th").
    #[serde(skip)]
    Week(i8),
    /// A weekday of a week: "mardi de la semaine dernière", "next week
    /// Monday" (ISO number, 1 Monday).
    #[serde(skip)]
    Weekday(u8),
    /// Months of a year, first and last: "Q1" is 1–3, "H2" 7–12.
    #[serde(skip)]
    Months(u8, u8),
    /// The n-th day or month of a period: "le 4e jour de juillet", "the
    /// third month of 2021".
    #[serde(skip)]
    Nth(u8, Unit),
    /// The weekend around a feast, with the feast: "Labor Day weekend" is
    /// Saturday to Monday, "Thanksgiving weekend" Thursday to Sunday.
    #[serde(skip)]
    Weekend,
    /// The first (or last) few days, weeks or months of a period: "les dix
    /// premiers jours de mars", "the last 3 weeks of this year".
    #[serde(skip)]
    Lead { count: u8, unit: Unit, last: bool },
}

/// How a moving feast falls in a year.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Feast {
    /// Days from Easter Sunday: "Pâques" 0, "lundi de Pâques" 1, "Good
    /// Friday" -2.
    Easter(i16),
    /// The n-th weekday of a month (-1 the last), then days from it:
    /// Thanksgiving is the 4th Thursday of November, Black Friday the day
    /// after it.
    NthWeekday {
        month: u8,
        weekday: u8,
        nth: i8,
        offset: i8,
    },
    /// A day of a month of the Islamic calendar ("l'Aïd el-Fitr" is 1
    /// Shawwal, "la Tabaski" 10 Dhu al-Hijja), or the whole month when the
    /// day is 0 ("le ramadan").
    Hijri { month: u8, day: u8 },
}

/// A calendar date as written: any field may be missing ("26 août" has no
/// year, "juillet" no day, "le 1er" in "du 1er au 4 mai" no month).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct DateParts {
    pub day: Option<u8>,
    pub month: Option<u8>,
    pub year: Option<i16>,
    /// ISO weekday number (1 Monday .. 7 Sunday), when written next to the date.
    pub weekday: Option<u8>,
    pub shift: Shift,
}

/// A time expression as written, before it is anchored to a calendar.
#[derive(Clone, Debug, PartialEq)]
pub enum TimeExpr {
    /// Full or partial date, month or year: "lundi 26 août 2024", "juin
    /// prochain", "en 2022", "22/04/2019".
    Date(DateParts),
    /// A season, from its first to its last month: "en été", "l'hiver dernier".
    Season {
        first_month: u8,
        last_month: u8,
        shift: Shift,
    },
    /// A feast that moves from year to year: "Pâques", "Thanksgiving",
    /// "la Tabaski", with the year when written.
    Feast {
        feast: Feast,
        year: Option<i16>,
        shift: Shift,
    },
    /// A weekday alone: "dimanche", "ce dimanche", "last Tuesday".
    Weekday { weekday: u8, shift: Shift },
    /// Days from the publication: "hier" is -1.
    RelativeDay(i32),
    /// Days from the date mentioned before: "le lendemain" is +1.
    AnaphoricDay(i32),
    /// The week, month or year of the date mentioned before: "la même
    /// semaine", "that year".
    SamePeriod(Unit),
    /// A span told roughly ("il y a une dizaine de jours", "about three
    /// days ago"): known to the week at best.
    About(Box<TimeExpr>),
    /// A stretch of time from a date on: "pendant trois jours à partir de
    /// lundi", "for 2 weeks starting May 20th".
    Lasting {
        count: u32,
        unit: Unit,
        from: Box<TimeExpr>,
    },
    /// A span back from the publication: "il y a un mois", "two weeks ago".
    Ago { count: u32, unit: Unit },
    /// A period relative to the publication: "la semaine dernière" is week
    /// -1; "earlier this month" is month 0 up to the publication.
    Period {
        unit: Unit,
        offset: i32,
        part: Option<Part>,
    },
    /// A night across two days: "dans la nuit de jeudi à vendredi". The
    /// second day is absent in "dans la nuit de samedi".
    Night {
        first: Box<TimeExpr>,
        second: Option<Box<TimeExpr>>,
    },
    /// "du 1er au 4 mai", "entre le 25 et le 27 juillet", "de 2014 à 2018".
    Range {
        from: Box<TimeExpr>,
        to: Box<TimeExpr>,
    },
    /// "les 1er et 4 mai": days that share a month.
    List(Vec<TimeExpr>),
    /// "fin juillet", "mi-mars", "début de l'année", "late 2023".
    PartOf { part: Part, of: Box<TimeExpr> },
    /// The last or next few units up to or from the publication: "les dix
    /// derniers mois", "the past two weeks", "the next 3 days".
    Span {
        count: u32,
        unit: Unit,
        forward: bool,
    },
    /// A century by its number: "le XIXe siècle" is 19 (1801–1900 counted
    /// as 1800–1899, as reports mean it).
    Century(i16),
    /// A decade by its first year: "les années 1990", "the 90s". Written
    /// with two digits (90) it is the most recent such decade.
    Decade(i16),
    /// A span before or after a date: "trois jours avant le 13 mai",
    /// "two weeks after January 15"; without a date it counts from the date
    /// mentioned before: "trois jours plus tard", "two days earlier".
    Offset {
        count: u32,
        unit: Unit,
        forward: bool,
        base: Option<Box<TimeExpr>>,
    },
}

#[derive(Clone, Debug, PartialEq)]
pub struct TimeMention {
    pub span: Span,
    pub expr: TimeExpr,
    /// Told in a clause that looks ahead ("les élections auront lieu
    /// dimanche", "talks will resume on January 12"): a date without a year
    /// or a weekday alone is then the next one, not the last.
    pub future: bool,
}

#[derive(Deserialize)]
struct TimeFile {
    numeric_order: NumericOrder,
    #[serde(default)]
    months_need_capital: Vec<String>,
    months: HashMap<String, u8>,
    #[serde(default)]
    month_abbreviations: HashMap<String, u8>,
    weekdays: HashMap<String, u8>,
    #[serde(default)]
    weekday_abbreviations: HashMap<String, u8>,
    days: DayWords,
    modifiers: Modifiers,
    links: Links,
    relative_days: HashMap<String, i32>,
    anaphoric_days: HashMap<String, i32>,
    periods: HashMap<String, PeriodEntry>,
    parts: HashMap<String, Part>,
    part_links: WordList,
    ranges: Ranges,
    lists: OpenJoin,
    nights: OpenJoin,
    ago: Ago,
    #[serde(default)]
    offsets: Offsets,
    #[serde(default)]
    decades: Decades,
    #[serde(default)]
    spans: Spans,
    #[serde(default)]
    week_of: HashMap<String, i8>,
    #[serde(default)]
    week_numbers: WordList,
    #[serde(default)]
    same_periods: HashMap<String, Unit>,
    /// Words that may not follow a same period: "the month of May", "the
    /// day of the attack" are no period of the date before.
    #[serde(default)]
    same_periods_not_before: WordList,
    #[serde(default)]
    leads: Leads,
    #[serde(default)]
    lasting: Lasting,
    #[serde(default)]
    within: Within,
    /// Counts that are no number words of the quantities: "a couple of",
    /// and rough ones: "une dizaine de".
    #[serde(default)]
    counts: HashMap<String, u32>,
    #[serde(default)]
    rough_counts: HashMap<String, u32>,

    #[serde(default)]
    ahead: Ahead,
    #[serde(default)]
    tense: Tense,
    #[serde(default)]
    year_parts: YearParts,
    #[serde(default)]
    holidays: Holidays,
    #[serde(default)]
    centuries: WordList,
    units: HashMap<String, Unit>,
    years: Years,
    #[serde(default)]
    spoken: Spoken,
    #[serde(default)]
    seasons: Seasons,
}

/// Seasons by name, with their first and last month. A season word that is
/// also another word ("été") needs one of `before` in front of it or a capital.
#[derive(Default, Deserialize)]
#[serde(default)]
struct Seasons {
    before: Vec<String>,
    /// A season after these qualifies a noun ("les Jeux d'hiver"), unless
    /// one of `before` ends there too ("les mois d'été").
    not_after: Vec<String>,
    ambiguous: Vec<String>,
    months: HashMap<String, [u8; 2]>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
enum NumericOrder {
    Dmy,
    Mdy,
}

#[derive(Default, Deserialize)]
#[serde(default)]
struct DayWords {
    suffixes: Vec<String>,
    words: HashMap<String, u8>,
    /// Words before a day number alone, with nothing but punctuation after
    /// it: "on the 18th." (a day of the current month).
    alone_after: Vec<String>,
}

#[derive(Default, Deserialize)]
#[serde(default)]
struct Modifiers {
    before: HashMap<String, Shift>,
    after: HashMap<String, Shift>,
    /// Modifiers before a weekday that name a day of the week before or
    /// after the publication's, not the nearest such day: English "last
    /// Wednesday" is the Wednesday of last week (a day within the week is
    /// named alone, "on Wednesday"), where "this past Wednesday" is the
    /// nearest.
    by_week: Vec<String>,
}

#[derive(Default, Deserialize)]
#[serde(default)]
struct Links {
    weekday_day: Vec<String>,
    weekday_week: Vec<String>,
    /// Between a span and a weekday of the week it leads to: "in 3 days on
    /// Friday"; and between the weekday and the span: "Thursday, two years
    /// from now".
    offset_weekday: Vec<String>,
    weekday_offset: Vec<String>,
    month_year: Vec<String>,
    day_month: Vec<String>,
    days_of: Vec<String>,
}

#[derive(Clone, Copy, Deserialize)]
struct PeriodEntry {
    unit: Unit,
    offset: i32,
    #[serde(default)]
    part: Option<Part>,
    #[serde(default = "yes")]
    standalone: bool,
}

fn yes() -> bool {
    true
}

#[derive(Default, Deserialize)]
#[serde(default)]
struct WordList {
    words: Vec<String>,
}

#[derive(Default, Deserialize)]
#[serde(default)]
struct OpenJoin {
    open: Vec<String>,
    join: Vec<String>,
}

#[derive(Default, Deserialize)]
#[serde(default)]
struct Ranges {
    open: HashMap<String, String>,
    join: HashMap<String, String>,
    join_without_open: Vec<String>,
    now: Vec<String>,
}

/// The group of a range join that goes with every opening word.
const ANY_GROUP: &str = "any";

#[derive(Default, Deserialize)]
#[serde(default)]
struct Offsets {
    before: Vec<String>,
    after: Vec<String>,
    later: Vec<String>,
    earlier: Vec<String>,
}

/// Feasts on a fixed day (month, day), feasts that move with Easter
/// (days from Easter Sunday), feasts on the n-th weekday of a month
/// (month, ISO weekday, n or -1 for the last, days after it) and feasts of
/// the Islamic calendar (month, day; day 0 for the whole month).
#[derive(Default, Deserialize)]
#[serde(default)]
struct Holidays {
    fixed: HashMap<String, [u8; 2]>,
    easter: HashMap<String, i16>,
    nth_weekday: HashMap<String, [i8; 4]>,
    hijri: HashMap<String, [u8; 2]>,
    /// "the weekend of Halloween", "Memorial Day weekend".
    weekend_before: Vec<String>,
    weekend_after: Vec<String>,
    /// Feasts that are names too ("Tariq Ramadan"): none after a
    /// capitalised word, unless it is one of `names_after`.
    names: Vec<String>,
    names_after: Vec<String>,
    /// Feasts that are phrases too ("the new year"): only after one of
    /// `phrases_after`.
    phrases: Vec<String>,
    phrases_after: Vec<String>,
}

/// Parts of a year by their first and last month ("Q1", "premier
/// trimestre", "H2"), and the words between them and the year.
#[derive(Default, Deserialize)]
#[serde(default)]
struct YearParts {
    links: Vec<String>,
    months: HashMap<String, [u8; 2]>,
}

/// "dans trois jours", "in two weeks": words before the count, words
/// before it only in a clause that looks ahead ("will leave in two weeks",
/// where "in two weeks" is no duration), and words that may not follow the
/// unit ("in 3 days of fighting").
#[derive(Default, Deserialize)]
#[serde(default)]
struct Ahead {
    before: Vec<String>,
    before_if_future: Vec<String>,
    not_before: Vec<String>,
    /// After the unit, words that make the count look ahead in any clause:
    /// "in two weeks' time", after one of `possessives` or not.
    time: Vec<String>,
    /// Possessive tokens, compared as folded tokens: "'s" in "a
    /// fortnight's time" is one token, which a phrase cannot start with.
    possessives: Vec<String>,
}

/// What makes a clause look ahead: future auxiliaries and phrases
/// ("will", "va", "prévu le"), and for languages that inflect the future,
/// the endings of future verbs ("aura", "reprendront") with the words that
/// end so without being verbs ("caméra"). A clause ends at a break.
#[derive(Default, Deserialize)]
#[serde(default)]
struct Tense {
    future: Vec<String>,
    /// Phrases that hold a cue without looking ahead: "comme prévu".
    not_cues: Vec<String>,
    /// Endings of contracted future auxiliaries, in any case: "We'll".
    contractions: Vec<String>,
    future_endings: Vec<String>,
    not_future: Vec<String>,
    breaks: Vec<String>,
    /// Words of reported speech: between a date that opens the sentence
    /// and a cue, the cue is another clause's ("On March 3, the
    /// government said it will rebuild the school").
    reported: Vec<String>,
    /// Endings of past participles (matched on the token as written): one
    /// not right after an auxiliary ends the clause that looks ahead ("will
    /// bury the soldiers killed on Sunday", "les civils tués dimanche").
    participle_endings: Vec<String>,
    auxiliaries: Vec<String>,
    /// Words right before a date that make it part of a noun phrase, read
    /// as told: "l'enquête sur le massacre du 16 juillet".
    not_ahead_after: Vec<String>,
    /// Nouns of violent events: a clause that looks ahead ends after one
    /// ("will investigate the attack on Sunday" tells of last Sunday's).
    event_nouns: Vec<String>,
}

/// "the last 3 months": words before the count, between the count and
/// the unit, or after the unit; for spans back and spans ahead.
#[derive(Default, Deserialize)]
#[serde(default)]
struct Spans {
    past_before: Vec<String>,
    past_between: Vec<String>,
    past_after: Vec<String>,
    next_before: Vec<String>,
    next_between: Vec<String>,
    next_after: Vec<String>,
    /// The articles before a count that let `*_after_article` stand
    /// between it and the unit: "the 3 next weeks" ("rose to 3 last week"
    /// is a count).
    articles: Vec<String>,
    /// Words after which a word of `past_before` is a verb: "could last 12
    /// hours".
    not_after: Vec<String>,
    past_between_after_article: Vec<String>,
    next_between_after_article: Vec<String>,
}

/// "for three days starting Monday", "pendant une semaine à partir de
/// demain": words before the count (needed with a link that also makes an
/// offset, "from"), and links to the first day, with or without them.
#[derive(Default, Deserialize)]
#[serde(default)]
struct Lasting {
    before: Vec<String>,
    from: Vec<String>,
    from_after_before: Vec<String>,
}

#[derive(Default, Deserialize)]
#[serde(default)]
struct Decades {
    before: Vec<String>,
    suffixes: Vec<String>,
    words: HashMap<String, i16>,
}

#[derive(Default, Deserialize)]
#[serde(default)]
struct Ago {
    before: Vec<String>,
    after: Vec<String>,
    approximately: Vec<String>,
    /// Between the parts of a compound span: "two years and three months ago".
    joins: Vec<String>,
}

/// "will leave within 9 months": words before a count that span from the
/// publication to that many units on, in a clause that looks ahead.
#[derive(Default, Deserialize)]
#[serde(default)]
struct Within {
    before: Vec<String>,
}

/// "the first ten days of March", "les dix premiers jours de mars": words
/// before the count (English) or between it and the unit (French), for the
/// first and the last units of a period.
#[derive(Default, Deserialize)]
#[serde(default)]
struct Leads {
    first_before: Vec<String>,
    last_before: Vec<String>,
    first_between: Vec<String>,
    last_between: Vec<String>,
}

#[derive(Default, Deserialize)]
#[serde(default)]
struct Years {
    before: Vec<String>,
    before_if_last: Vec<String>,
}

/// Days and years in words are counts as often ("in two thousand cases"):
/// where a word follows them, it must be one of `followed_by`.
#[derive(Default, Deserialize)]
#[serde(default)]
struct Spoken {
    followed_by: Vec<String>,
    /// Of `followed_by`, the words that may not follow a day in words after
    /// its month: "In March two and a half million fled" counts people.
    not_after_day: Vec<String>,
}

/// The words of a list, folded: for tokens compared one by one.
fn folded<C: FromIterator<String>>(list: &[String]) -> C {
    list.iter().map(|s| sitrep_core::fold::fold(s)).collect()
}

/// A phrase table of two lists: the first's phrases false, the second's true.
fn flagged(no: &[String], yes: &[String], seg: &Segmentation) -> Phrases<bool> {
    Phrases::new(
        no.iter()
            .map(|w| (w.clone(), false))
            .chain(yes.iter().map(|w| (w.clone(), true))),
        seg,
    )
}

/// How far (in tokens) from its start an expression may hold its first
/// anchor: "il y a à peu près deux semaines" holds "semaines" at 7.
const ANCHOR_REACH: usize = 10;

/// How many tokens after a future cue (or before it, for a clause that
/// opens the sentence) it may look ahead for.
const FUTURE_REACH: usize = 12;

/// How many tokens may stand before a date for it to open its sentence
/// ("Le", "On", "Dès le").
const OPENING_TOKENS: usize = 3;

pub struct TimeRecognizer {
    /// The words of months, weekdays, days, units, periods and seasons.
    anchors: HashSet<String>,
    /// The first words of every phrase a rule may start with.
    starters: HashSet<String>,
    month_first: bool,
    capital_months: Phrases<()>,
    months: Phrases<u8>,
    month_abbreviations: Phrases<u8>,
    weekdays: Phrases<u8>,
    weekday_abbreviations: Phrases<u8>,
    day_suffixes: Vec<String>,
    day_words: Phrases<u8>,
    day_alone_after: Phrases<()>,
    before_modifiers: Phrases<Shift>,
    after_modifiers: Phrases<Shift>,
    weekday_day: Phrases<()>,
    weekday_week: Phrases<()>,
    offset_weekday: Phrases<()>,
    weekday_offset: Phrases<()>,
    month_year: Phrases<()>,
    day_month: Phrases<()>,
    relative_days: Phrases<i32>,
    anaphoric_days: Phrases<i32>,
    periods: Phrases<PeriodEntry>,
    parts: Phrases<Part>,
    part_links: Phrases<()>,
    range_open: Phrases<String>,
    range_join: Phrases<String>,
    range_join_alone: Phrases<()>,
    range_now: Phrases<()>,
    list_open: Phrases<()>,
    list_join: Phrases<()>,
    night_open: Phrases<()>,
    night_join: Phrases<()>,
    ago_before: Phrases<()>,
    ago_after: Phrases<()>,
    ago_approximately: Phrases<()>,
    ago_joins: Phrases<()>,
    /// Lead words by position (before the count, between it and the unit),
    /// true for the last units.
    lead_words: [Phrases<bool>; 2],
    offset_before: Phrases<()>,
    offset_after: Phrases<()>,
    offset_later: Phrases<()>,
    offset_earlier: Phrases<()>,
    decade_before: Phrases<()>,
    decade_suffixes: Vec<String>,
    decade_words: Phrases<i16>,
    /// Words of spans by position (before, between, after), true when ahead.
    span_words: [Phrases<bool>; 3],
    span_articles: Phrases<()>,
    span_not_after: Phrases<()>,
    span_after_article: Phrases<bool>,
    /// Counts by phrase, true when rough.
    counts: Phrases<(u32, bool)>,
    lasting_before: Phrases<()>,
    within: Phrases<()>,
    /// Between two day numbers and the month period they are days of,
    /// besides the part links: "4-23 in next month".
    days_of_links: Phrases<()>,
    lasting_from: Phrases<()>,
    lasting_from_after_before: Phrases<()>,
    weekday_by_week: Phrases<()>,
    week_of: Phrases<i8>,
    week_numbers: Phrases<()>,
    same_periods: Phrases<Unit>,
    same_periods_not_before: Phrases<()>,
    ahead_before: Phrases<()>,
    ahead_before_if_future: Phrases<()>,
    ahead_not_before: Phrases<()>,
    ahead_time: Phrases<()>,
    possessives: Vec<String>,
    future_cues: Phrases<()>,
    future_endings: HashSet<String>,
    /// The lengths of the future endings, each once.
    future_ending_lengths: Vec<usize>,
    not_future: HashSet<String>,
    clause_breaks: Phrases<()>,
    not_cues: Phrases<()>,
    contractions: Vec<String>,
    reported: Phrases<()>,
    participle_endings: Vec<String>,
    auxiliaries: Phrases<()>,
    not_ahead_after: Phrases<()>,
    event_nouns: Phrases<()>,
    year_parts: Phrases<(u8, u8)>,
    fixed_holidays: Phrases<(u8, u8)>,
    century_words: Phrases<()>,
    /// Feasts that move: with Easter, by weekday, by the Islamic calendar.
    moving_holidays: Phrases<Feast>,
    holiday_weekend_before: Phrases<()>,
    holiday_weekend_after: Phrases<()>,
    holiday_names: Phrases<()>,
    holiday_names_after: Phrases<()>,
    holiday_phrases: Phrases<()>,
    holiday_phrases_after: Phrases<()>,
    year_part_links: Phrases<()>,
    units: Phrases<Unit>,
    /// Counts, days and years in words, from quantities.toml.
    numbers: NumberWords,
    spoken_followed_by: Phrases<()>,
    spoken_not_after_day: Phrases<()>,
    year_before: Phrases<()>,
    year_before_if_last: Phrases<()>,
    season_before: Phrases<()>,
    season_not_after: Phrases<()>,
    seasons: Phrases<(u8, u8, bool)>,
}

impl TimeRecognizer {
    pub fn new(lang: Lang, src: &LexiconSource) -> Result<Self, LexiconError> {
        let f: TimeFile = src.toml(lang, "time.toml")?;
        let seg = Segmentation::load(src)?;
        let words = |l: &[String]| Phrases::words(l, &seg);
        let (_, path) = src.text(lang, "time.toml")?;
        let numbers = NumberWords::new(lang, src, &seg)?;
        for (what, map) in [
            ("months", &f.months),
            ("month_abbreviations", &f.month_abbreviations),
        ] {
            if let Some((k, v)) = map.iter().find(|(_, v)| !(1..=12).contains(*v)) {
                return Err(LexiconError::Invalid {
                    path,
                    message: format!("[{what}] {k} = {v}: a month is 1 to 12"),
                });
            }
        }
        if let Some((k, _)) = f
            .seasons
            .months
            .iter()
            .chain(f.year_parts.months.iter())
            .find(|(_, [a, b])| !(1..=12).contains(a) || !(1..=12).contains(b))
        {
            return Err(LexiconError::Invalid {
                path,
                message: format!("[seasons.months] or [year_parts.months] {k}: months are 1 to 12"),
            });
        }
        if let Some((k, _)) = f
            .holidays
            .fixed
            .iter()
            .find(|(_, [m, d])| !(1..=12).contains(m) || !(1..=31).contains(d))
        {
            return Err(LexiconError::Invalid {
                path,
                message: format!("[holidays.fixed] {k}: give [month, day]"),
            });
        }
        if let Some((k, _)) = f.holidays.nth_weekday.iter().find(|(_, [m, w, n, _])| {
            !(1..=12).contains(m) || !(1..=7).contains(w) || !(n == &-1 || (1..=5).contains(n))
        }) {
            return Err(LexiconError::Invalid {
                path,
                message: format!(
                    "[holidays.nth_weekday] {k}: give [month, weekday 1-7, n 1-5 or -1, days after]"
                ),
            });
        }
        if let Some((k, _)) = f
            .holidays
            .hijri
            .iter()
            .find(|(_, [m, d])| !(1..=12).contains(m) || *d > 30)
        {
            return Err(LexiconError::Invalid {
                path,
                message: format!("[holidays.hijri] {k}: give [month 1-12, day 0-30]"),
            });
        }
        for (what, map) in [
            ("weekdays", &f.weekdays),
            ("weekday_abbreviations", &f.weekday_abbreviations),
        ] {
            if let Some((k, v)) = map.iter().find(|(_, v)| !(1..=7).contains(*v)) {
                return Err(LexiconError::Invalid {
                    path,
                    message: format!("[{what}] {k} = {v}: a weekday is 1 (Monday) to 7 (Sunday)"),
                });
            }
        }
        let mut anchors = HashSet::default();
        {
            // The last word of a phrase is its content word ("la semaine
            // dernière", "le lendemain"); small words would anchor everything.
            let mut add = |phrase: &str| {
                let toks = crate::text::tokenize(phrase, &seg);
                if let Some(k) = (0..toks.len())
                    .rev()
                    .find(|&k| toks.tokens[k].kind != crate::text::TokenKind::Punct)
                {
                    anchors.insert(toks.folded(k).to_string());
                }
            };
            for map in [
                &f.months,
                &f.month_abbreviations,
                &f.weekdays,
                &f.weekday_abbreviations,
                &f.days.words,
            ] {
                map.keys().for_each(|k| add(k));
            }
            f.relative_days.keys().for_each(|k| add(k));
            f.anaphoric_days.keys().for_each(|k| add(k));
            f.same_periods.keys().for_each(|k| add(k));
            f.periods.keys().for_each(|k| add(k));
            f.units.keys().for_each(|k| add(k));
            f.seasons.months.keys().for_each(|k| add(k));
            f.decades.words.keys().for_each(|k| add(k));
            f.year_parts.months.keys().for_each(|k| add(k));
            f.holidays.fixed.keys().for_each(|k| add(k));
            f.holidays.easter.keys().for_each(|k| add(k));
            f.holidays.nth_weekday.keys().for_each(|k| add(k));
            f.holidays.hijri.keys().for_each(|k| add(k));
            f.ranges.now.iter().for_each(|k| add(k));
            // A year in words after a year word ("in nineteen ninety six")
            // holds no other anchor; every such year has a word of 10 or more.
            numbers
                .entries()
                .filter(|&(_, v)| v >= 10)
                .for_each(|(k, _)| add(k));
        }
        let mut starters = HashSet::default();
        {
            let mut add = |phrase: &str| {
                let toks = crate::text::tokenize(phrase, &seg);
                if !toks.is_empty() {
                    starters.insert(toks.folded(0).to_string());
                }
            };
            let lists: [&Vec<String>; 16] = [
                &f.within.before,
                &f.holidays.weekend_before,
                &f.lasting.before,
                &f.leads.first_before,
                &f.leads.last_before,
                &f.days.alone_after,
                &f.nights.open,
                &f.lists.open,
                &f.ranges.now,
                &f.ago.before,
                &f.ahead.before,
                &f.ahead.before_if_future,
                &f.spans.past_before,
                &f.spans.next_before,
                &f.decades.before,
                &f.links.weekday_week,
            ];
            lists.iter().for_each(|l| l.iter().for_each(|k| add(k)));
            for map in [
                &f.months,
                &f.month_abbreviations,
                &f.weekdays,
                &f.weekday_abbreviations,
                &f.days.words,
            ] {
                map.keys().for_each(|k| add(k));
            }
            f.ranges.open.keys().for_each(|k| add(k));
            f.modifiers.before.keys().for_each(|k| add(k));
            f.seasons.months.keys().for_each(|k| add(k));
            f.holidays.fixed.keys().for_each(|k| add(k));
            f.holidays.easter.keys().for_each(|k| add(k));
            f.holidays.nth_weekday.keys().for_each(|k| add(k));
            f.holidays.hijri.keys().for_each(|k| add(k));
            f.centuries.words.iter().for_each(|k| add(k));
            f.relative_days.keys().for_each(|k| add(k));
            f.anaphoric_days.keys().for_each(|k| add(k));
            f.parts.keys().for_each(|k| add(k));
            f.week_of.keys().for_each(|k| add(k));
            f.week_numbers.words.iter().for_each(|k| add(k));
            f.same_periods.keys().for_each(|k| add(k));
            f.counts.keys().for_each(|k| add(k));
            f.rough_counts.keys().for_each(|k| add(k));
            f.periods.keys().for_each(|k| add(k));
            f.year_parts.months.keys().for_each(|k| add(k));
            numbers.entries().for_each(|(k, _)| add(k));
            f.decades.words.keys().for_each(|k| add(k));
        }
        let future_endings: HashSet<String> = folded(&f.tense.future_endings);
        Ok(TimeRecognizer {
            anchors,
            starters,
            month_first: f.numeric_order == NumericOrder::Mdy,
            capital_months: words(&f.months_need_capital),
            months: Phrases::new(f.months, &seg),
            month_abbreviations: Phrases::new(f.month_abbreviations, &seg),
            weekdays: Phrases::new(f.weekdays, &seg),
            weekday_abbreviations: Phrases::new(f.weekday_abbreviations, &seg),
            day_suffixes: folded(&f.days.suffixes),
            day_words: Phrases::new(f.days.words, &seg),
            day_alone_after: words(&f.days.alone_after),
            before_modifiers: Phrases::new(f.modifiers.before, &seg),
            after_modifiers: Phrases::new(f.modifiers.after, &seg),
            weekday_day: words(&f.links.weekday_day),
            weekday_week: words(&f.links.weekday_week),
            offset_weekday: words(&f.links.offset_weekday),
            weekday_offset: words(&f.links.weekday_offset),
            month_year: words(&f.links.month_year),
            day_month: words(&f.links.day_month),
            relative_days: Phrases::new(f.relative_days, &seg),
            anaphoric_days: Phrases::new(f.anaphoric_days, &seg),
            periods: Phrases::new(f.periods, &seg),
            parts: Phrases::new(f.parts, &seg),
            part_links: words(&f.part_links.words),
            range_open: Phrases::new(f.ranges.open, &seg),
            range_join: Phrases::new(f.ranges.join, &seg),
            range_join_alone: words(&f.ranges.join_without_open),
            range_now: words(&f.ranges.now),
            list_open: words(&f.lists.open),
            list_join: words(&f.lists.join),
            night_open: words(&f.nights.open),
            night_join: words(&f.nights.join),
            ago_before: words(&f.ago.before),
            ago_after: words(&f.ago.after),
            ago_approximately: words(&f.ago.approximately),
            ago_joins: words(&f.ago.joins),
            lead_words: {
                let l = &f.leads;
                [
                    flagged(&l.first_before, &l.last_before, &seg),
                    flagged(&l.first_between, &l.last_between, &seg),
                ]
            },
            offset_before: words(&f.offsets.before),
            offset_after: words(&f.offsets.after),
            offset_later: words(&f.offsets.later),
            offset_earlier: words(&f.offsets.earlier),
            decade_before: words(&f.decades.before),
            decade_suffixes: folded(&f.decades.suffixes),
            decade_words: Phrases::new(f.decades.words, &seg),
            span_words: {
                let sp = &f.spans;
                [
                    flagged(&sp.past_before, &sp.next_before, &seg),
                    flagged(&sp.past_between, &sp.next_between, &seg),
                    flagged(&sp.past_after, &sp.next_after, &seg),
                ]
            },
            span_articles: words(&f.spans.articles),
            span_not_after: words(&f.spans.not_after),
            span_after_article: flagged(
                &f.spans.past_between_after_article,
                &f.spans.next_between_after_article,
                &seg,
            ),
            counts: Phrases::new(
                f.counts
                    .iter()
                    .map(|(k, v)| (k.clone(), (*v, false)))
                    .chain(f.rough_counts.iter().map(|(k, v)| (k.clone(), (*v, true)))),
                &seg,
            ),
            lasting_before: words(&f.lasting.before),
            within: words(&f.within.before),
            days_of_links: words(&f.links.days_of),
            lasting_from: words(&f.lasting.from),
            lasting_from_after_before: words(&f.lasting.from_after_before),
            weekday_by_week: words(&f.modifiers.by_week),
            week_of: Phrases::new(f.week_of, &seg),
            week_numbers: words(&f.week_numbers.words),
            same_periods: Phrases::new(f.same_periods, &seg),
            same_periods_not_before: words(&f.same_periods_not_before.words),
            ahead_before: words(&f.ahead.before),
            ahead_before_if_future: words(&f.ahead.before_if_future),
            ahead_not_before: words(&f.ahead.not_before),
            ahead_time: words(&f.ahead.time),
            possessives: folded(&f.ahead.possessives),
            future_cues: words(&f.tense.future),
            future_ending_lengths: {
                let mut n: Vec<usize> = future_endings.iter().map(String::len).collect();
                n.sort_unstable();
                n.dedup();
                n
            },
            future_endings,
            not_future: folded(&f.tense.not_future),
            clause_breaks: words(&f.tense.breaks),
            not_cues: words(&f.tense.not_cues),
            contractions: folded(&f.tense.contractions),
            reported: words(&f.tense.reported),
            participle_endings: f.tense.participle_endings.clone(),
            auxiliaries: words(&f.tense.auxiliaries),
            not_ahead_after: words(&f.tense.not_ahead_after),
            event_nouns: words(&f.tense.event_nouns),
            year_parts: Phrases::new(
                f.year_parts
                    .months
                    .iter()
                    .map(|(k, [a, b])| (k.clone(), (*a, *b))),
                &seg,
            ),
            year_part_links: words(&f.year_parts.links),
            fixed_holidays: Phrases::new(
                f.holidays
                    .fixed
                    .iter()
                    .map(|(k, [m, d])| (k.clone(), (*m, *d))),
                &seg,
            ),
            moving_holidays: Phrases::new(
                f.holidays
                    .easter
                    .iter()
                    .map(|(k, o)| (k.clone(), Feast::Easter(*o)))
                    .chain(f.holidays.nth_weekday.iter().map(|(k, [m, w, n, o])| {
                        let feast = Feast::NthWeekday {
                            month: *m as u8,
                            weekday: *w as u8,
                            nth: *n,
                            offset: *o,
                        };
                        (k.clone(), feast)
                    }))
                    .chain(
                        f.holidays
                            .hijri
                            .iter()
                            .map(|(k, [m, d])| (k.clone(), Feast::Hijri { month: *m, day: *d })),
                    ),
                &seg,
            ),
            holiday_weekend_before: words(&f.holidays.weekend_before),
            holiday_weekend_after: words(&f.holidays.weekend_after),
            holiday_names: words(&f.holidays.names),
            holiday_names_after: words(&f.holidays.names_after),
            holiday_phrases: words(&f.holidays.phrases),
            holiday_phrases_after: words(&f.holidays.phrases_after),
            century_words: words(&f.centuries.words),
            units: Phrases::new(f.units, &seg),
            numbers,
            spoken_followed_by: words(&f.spoken.followed_by),
            spoken_not_after_day: words(&f.spoken.not_after_day),
            year_before: words(&f.years.before),
            year_before_if_last: words(&f.years.before_if_last),
            season_before: words(&f.seasons.before),
            season_not_after: words(&f.seasons.not_after),
            seasons: Phrases::new(
                f.seasons.months.iter().map(|(k, [a, b])| {
                    let folded = sitrep_core::fold::fold(k);
                    let ambiguous = f
                        .seasons
                        .ambiguous
                        .iter()
                        .any(|x| sitrep_core::fold::fold(x) == folded);
                    (k.clone(), (*a, *b, ambiguous))
                }),
                &seg,
            ),
        })
    }

    /// A token that every expression holds near its start: one with a
    /// digit, or a word of the content lists.
    fn is_anchor(&self, folded: &str) -> bool {
        folded.starts_with(|c: char| c.is_ascii_digit())
            || self.anchors.contains(folded)
            || self.glued_month_day(folded).is_some()
    }

    /// A token that some rule may start with.
    fn is_starter(&self, folded: &str) -> bool {
        folded.starts_with(|c: char| c.is_ascii_digit())
            || self.starters.contains(folded)
            || self.is_roman_ordinal(folded)
            || self.glued_month_day(folded).is_some()
    }

    /// "dec31", "mar3": a month name and a day number written as one word,
    /// and whether the month needs a capital ("may12" is a handle).
    fn glued_month_day(&self, folded: &str) -> Option<(u8, u8, bool)> {
        let at = folded.find(|c: char| c.is_ascii_digit())?;
        let (name, digits) = folded.split_at(at);
        if name.is_empty() || digits.len() > 2 || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let month = self
            .months
            .word(name)
            .or_else(|| self.month_abbreviations.word(name))?;
        let day: u8 = digits.parse().ok().filter(|d| (1..=31).contains(d))?;
        Some((*month, day, self.capital_months.word(name).is_some()))
    }

    /// "xixe", "xxist": a Roman numeral with an ordinal suffix.
    fn is_roman_ordinal(&self, folded: &str) -> bool {
        self.day_suffixes.iter().any(|s| {
            folded
                .strip_suffix(s.as_str())
                .is_some_and(|r| !r.is_empty() && r.bytes().all(|b| b"ivxlc".contains(&b)))
        })
    }

    /// A future auxiliary or phrase at token `k`, or a verb with a future
    /// ending: the end of the cue.
    fn future_cue_at(
        &self,
        text: &str,
        tokens: &Tokens,
        from: usize,
        k: usize,
        lim: usize,
    ) -> Option<usize> {
        if let Some((e, _)) = self.future_cues.at(tokens, k, lim) {
            let cancelled = self.not_cues.ending_at(tokens, from, e).is_some();
            return (!cancelled).then_some(e);
        }
        let f = tokens.folded(k);
        if self
            .contractions
            .iter()
            .any(|c| f.len() > c.len() && f.ends_with(c.as_str()))
        {
            return Some(k + 1);
        }
        let ends_future = self.future_ending_lengths.iter().any(|&n| {
            f.len() > n
                && f.is_char_boundary(f.len() - n)
                && self.future_endings.contains(&f[f.len() - n..])
        });
        let inflected = ends_future
            && tokens.tokens[k].kind == crate::text::TokenKind::Word
            && !tokens.is_capitalised(text, k)
            && !self.not_future.contains(f);
        inflected.then_some(k + 1)
    }

    /// For each token of a sentence, whether it stands in a clause that
    /// looks ahead: after a future cue up to the next break, or in a
    /// clause that opens the sentence before one ("Le 15 septembre, le
    /// Parlement votera").
    pub(crate) fn future_scope(
        &self,
        text: &str,
        tokens: &Tokens,
        range: std::ops::Range<usize>,
    ) -> Vec<bool> {
        let mut scope = vec![false; range.end - range.start + 1];
        let breaks_at = |j: usize| self.clause_breaks.has_at(tokens, j, range.end);
        let mut k = range.start;
        while k < range.end {
            let Some(e) = self.future_cue_at(text, tokens, range.start, k, range.end) else {
                k += 1;
                continue;
            };
            let mut j = e;
            while j < range.end
                && j < e + FUTURE_REACH
                && !breaks_at(j)
                && !self.participle_ends_clause(text, tokens, range.start, j)
            {
                scope[j - range.start] = true;
                if let Some((end, _)) = self.event_nouns.at(tokens, j, range.end) {
                    scope[j - range.start..end - range.start]
                        .iter_mut()
                        .for_each(|x| *x = true);
                    break;
                }
                j += 1;
            }
            // A date that opens the sentence frames its main clause; only
            // commas may stand between it and the cue, and no reported
            // speech ("Dimanche, le ministre a annoncé que l'armée
            // renforcera…" tells of last Sunday).
            let opening = k - range.start <= FUTURE_REACH
                && (range.start..k).all(|j| {
                    (tokens.folded(j) == "," || !breaks_at(j))
                        && !self.reported.has_at(tokens, j, range.end)
                });
            if opening {
                let n = (k - range.start).min(OPENING_TOKENS);
                scope[..n].iter_mut().for_each(|x| *x = true);
            }
            k = e;
        }
        scope
    }

    /// A past participle at token `j` that is not right after an auxiliary
    /// ("will be postponed to Sunday" still looks ahead; "the soldiers
    /// killed on Sunday" does not).
    fn participle_ends_clause(&self, text: &str, tokens: &Tokens, from: usize, j: usize) -> bool {
        if tokens.tokens[j].kind != crate::text::TokenKind::Word || tokens.is_capitalised(text, j) {
            return false;
        }
        let raw = tokens.text(text, j);
        let participle = self
            .participle_endings
            .iter()
            .any(|e| raw.chars().count() > e.chars().count() + 2 && raw.ends_with(e.as_str()));
        participle && self.auxiliaries.ending_at(tokens, from, j).is_none()
    }

    /// Right after a word that makes a date part of a noun phrase ("le
    /// massacre du 16 juillet"): read as told, not ahead.
    fn in_noun_phrase(&self, tokens: &Tokens, from: usize, i: usize) -> bool {
        self.not_ahead_after.ending_at(tokens, from, i).is_some()
    }

    /// Every time expression of `text`, in text order, not overlapping.
    pub fn find(&self, text: &str, tokens: &Tokens, sentences: &[Span]) -> Vec<TimeMention> {
        let mut out = Vec::new();
        for s in sentences {
            let range = tokens.range_in(*s);
            let p = parse::Parser {
                r: self,
                text,
                t: tokens,
                from: range.start,
                lim: range.end,
                future: Default::default(),
                memo: Default::default(),
            };
            // Every expression holds an anchor (a digit, a month, a unit...)
            // within its first few tokens: elsewhere, no rule is tried.
            let mut next_anchor = vec![usize::MAX; range.end - range.start + 1];
            for k in (range.start..range.end).rev() {
                next_anchor[k - range.start] = if self.is_anchor(tokens.folded(k)) {
                    k
                } else {
                    next_anchor[k + 1 - range.start]
                };
            }
            let mut i = range.start;
            while i < range.end {
                let anchor = next_anchor[i - range.start];
                if anchor == usize::MAX {
                    break;
                }
                if anchor > i + ANCHOR_REACH {
                    i = anchor - ANCHOR_REACH;
                    continue;
                }
                if !self.is_starter(tokens.folded(i)) {
                    i += 1;
                    continue;
                }
                match p.longest_at(i) {
                    Some((end, expr)) if end > i => {
                        out.push(TimeMention {
                            span: Span::new(
                                tokens.tokens[i].span.start,
                                tokens.tokens[end - 1].span.end,
                            ),
                            expr,
                            // "will investigate the July 16 massacre": a
                            // date before an event noun names that event.
                            future: p.future_at(i)
                                && !self.in_noun_phrase(tokens, range.start, i)
                                && !self.event_nouns.has_at(tokens, end, range.end),
                        });
                        i = end;
                    }
                    _ => i += 1,
                }
            }
        }
        out
    }
}
