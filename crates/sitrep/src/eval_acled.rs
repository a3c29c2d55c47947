//! `sitrep eval acled FILE.csv`: codes the `notes` of an ACLED export with
//! sitrep and compares the main event with ACLED's own coding.
//!
//! Each note is read as an English report published two days after the
//! event, so the date must come from the text, not from the anchor.

use crate::Pipeline;
use jiff::civil::Date;
use jiff::ToSpan;
use serde::{Deserialize, Serialize};
use sitrep_core::{Document, Event, Lang};
use std::collections::BTreeMap;
use std::fmt;
use std::path::Path;

#[derive(Debug, thiserror::Error)]
pub enum EvalError {
    #[error("cannot read {path}: {source}")]
    Csv { path: String, source: csv::Error },
    #[error("{path} has no `{column}` column: is it an ACLED export?")]
    Column { path: String, column: &'static str },
}

#[derive(Debug, Deserialize)]
struct Row {
    event_date: String,
    event_type: String,
    #[serde(default)]
    sub_event_type: String,
    #[serde(default)]
    actor1: String,
    latitude: f64,
    longitude: f64,
    notes: String,
    fatalities: u32,
}

/// One field's score: how many rows were right out of how many scored.
#[derive(Debug, Default, Serialize, Clone, Copy)]
pub struct Rate {
    pub correct: usize,
    pub total: usize,
}

impl Rate {
    pub(crate) fn add(&mut self, ok: bool) {
        self.total += 1;
        self.correct += usize::from(ok);
    }

    pub fn share(&self) -> f64 {
        if self.total == 0 {
            0.0
        } else {
            self.correct as f64 / self.total as f64
        }
    }
}

impl fmt::Display for Rate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{:5.1}%  ({}/{})",
            100.0 * self.share(),
            self.correct,
            self.total
        )
    }
}

#[derive(Debug, Default, Serialize)]
pub struct AcledScore {
    pub rows: usize,
    /// Rows that could not be read (bad date, missing field), by line.
    pub skipped: Vec<String>,
    /// Rows where sitrep found no event at all.
    pub no_event: usize,
    pub event_type: Rate,
    pub sub_event_type: Rate,
    pub fatalities: Rate,
    pub date: Rate,
    /// `date` on the notes that state a day (see [`states_a_day`]): many
    /// older notes give none, and then no reader can find it.
    pub date_stated: Rate,
    pub location_25km: Rate,
    /// Rows where some run of up to four words of the note names a
    /// gazetteer entry within 25 km: what any reader could reach with this
    /// gazetteer.
    pub location_ceiling: Rate,
    /// Rows where sitrep placed the event at all.
    pub located: usize,
    pub actor1: Rate,
    /// ACLED's event type → sitrep's → rows ("none" when no event).
    pub confusion: BTreeMap<String, BTreeMap<String, usize>>,
    /// The rows that missed the field asked for with [`run`]'s `misses`.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub misses: Vec<Miss>,
}

/// A field of ACLED's coding whose misses can be listed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Field {
    EventType,
    SubEventType,
    Actor1,
    Location,
    Fatalities,
}

/// One row that missed: what ACLED coded, what sitrep read, and the note.
#[derive(Debug, Serialize, Clone)]
pub struct Miss {
    pub line: usize,
    pub expected: String,
    pub found: String,
    pub notes: String,
}

/// ACLED dates look like "16-Feb-21".
/// ACLED exports write dates as `2022-12-28`, `28-Dec-22`, `28 December
/// 2022` or `28-12-22`, depending on the export tool and its year.
fn parse_acled_date(s: &str) -> Option<Date> {
    if let Ok(d) = s.parse::<Date>() {
        return Some(d);
    }
    let mut parts = s.split(['-', ' ', '/']).filter(|p| !p.is_empty());
    let day: i8 = parts.next()?.parse().ok()?;
    let month = parts.next()?.to_ascii_lowercase();
    let month: i8 = match month.parse::<i8>() {
        Ok(m) => m,
        Err(_) => {
            const MONTHS: [&str; 12] = [
                "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
            ];
            let m = MONTHS.iter().position(|m| month.get(..3) == Some(*m))?;
            m as i8 + 1
        }
    };
    let year: i16 = parts.next()?.parse().ok()?;
    let year = if year < 100 { 2000 + year } else { year };
    Date::new(year, month, day).ok()
}

/// Whether a note names its day, by a test that knows nothing of sitrep's
/// recognisers: a month or weekday name, capitalised ("march" is a verb),
/// or a day word ("yesterday", "last night"). "May" counts only next to a
/// number.
pub fn states_a_day(notes: &str) -> bool {
    const NAMES: [&str; 18] = [
        "January",
        "February",
        "March",
        "April",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
        "Monday",
        "Tuesday",
        "Wednesday",
        "Thursday",
        "Friday",
        "Saturday",
        "Sunday",
    ];
    const DAY_WORDS: [&str; 3] = ["yesterday", "today", "tonight"];
    let tokens: Vec<&str> = notes
        .split(|c: char| !c.is_alphanumeric())
        .filter(|t| !t.is_empty())
        .collect();
    let number = |i: usize| {
        tokens
            .get(i)
            .is_some_and(|t| t.starts_with(|c: char| c.is_ascii_digit()))
    };
    tokens.iter().enumerate().any(|(i, t)| {
        NAMES.contains(t)
            || DAY_WORDS.contains(&t.to_lowercase().as_str())
            || (*t == "May" && (number(i + 1) || (i > 0 && number(i - 1))))
            || (t.eq_ignore_ascii_case("night")
                && i > 0
                && tokens[i - 1].eq_ignore_ascii_case("last"))
    })
}

/// ACLED actor names carry period suffixes ("(2015-2022)") that a text
/// cannot tell; they are dropped before comparing.
pub fn normalise_actor(name: &str) -> String {
    let mut s = name.trim().to_lowercase();
    if let Some(open) = s.rfind(" (") {
        let inner = s[open + 2..].trim_end_matches(')');
        if !inner.is_empty() && inner.chars().all(|c| c.is_ascii_digit() || c == '-') {
            s.truncate(open);
        }
    }
    s
}

fn haversine_km(a: (f64, f64), b: (f64, f64)) -> f64 {
    sitrep_core::geo::haversine_km(a.0, a.1, b.0, b.1)
}

/// The event the note is about: the first that is not background.
fn main_event(events: &[Event]) -> Option<&Event> {
    events.iter().find(|e| !e.background).or(events.first())
}

/// A row that can be scored: its line, the row, its date.
type NoteRow = (usize, Row, Date);

/// The rows of `csv_path` that can be scored, with their line and date
/// (the others are described in `skipped`), and whether the export has
/// sub-event types.
fn read_rows(
    csv_path: &Path,
    skipped: &mut Vec<String>,
) -> Result<(Vec<NoteRow>, bool), EvalError> {
    let path = csv_path.display().to_string();
    let mut reader = csv::Reader::from_path(csv_path).map_err(|source| EvalError::Csv {
        path: path.clone(),
        source,
    })?;
    let headers = reader
        .headers()
        .map_err(|source| EvalError::Csv {
            path: path.clone(),
            source,
        })?
        .clone();
    for column in [
        "notes",
        "event_date",
        "event_type",
        "latitude",
        "longitude",
        "fatalities",
    ] {
        if !headers.iter().any(|h| h == column) {
            return Err(EvalError::Column { path, column });
        }
    }
    let has_sub_type = headers.iter().any(|h| h == "sub_event_type");
    let mut rows = Vec::new();
    for (i, record) in reader.deserialize::<Row>().enumerate() {
        let line = i + 2;
        let row: Row = match record {
            Ok(r) => r,
            Err(e) => {
                skipped.push(format!("line {line}: {e}"));
                continue;
            }
        };
        let Some(date) = parse_acled_date(&row.event_date) else {
            skipped.push(format!("line {line}: bad event_date {:?}", row.event_date));
            continue;
        };
        rows.push((line, row, date));
    }
    Ok((rows, has_sub_type))
}

/// A note as an English report published two days after the event.
fn note_document(line: usize, row: &Row, date: Date) -> Document {
    Document {
        id: format!("row{line}"),
        text: row.notes.clone(),
        title: None,
        published: date.checked_add(2.days()).ok(),
        url: None,
        source: None,
        language: Some(Lang::En),
    }
}

/// Codes every note of `csv_path` and scores it; with `misses`, also
/// keeps the rows that missed that field, for studying errors by kind.
pub fn run(
    pipeline: &Pipeline,
    csv_path: &Path,
    misses: Option<Field>,
) -> Result<AcledScore, EvalError> {
    let mut score = AcledScore::default();
    let (rows, has_sub_type) = read_rows(csv_path, &mut score.skipped)?;
    for (line, row, date) in rows {
        score.rows += 1;
        let report = pipeline.extract(&note_document(line, &row, date), Some(Lang::En));
        let event = main_event(&report.events);
        let predicted_type = event.map_or("none", |e| e.event_type.as_str());
        *score
            .confusion
            .entry(row.event_type.clone())
            .or_default()
            .entry(predicted_type.to_string())
            .or_default() += 1;
        if event.is_none() {
            score.no_event += 1;
        }
        score.event_type.add(predicted_type == row.event_type);
        let mut missed: Option<(String, String)> = None;
        if misses == Some(Field::EventType) && predicted_type != row.event_type {
            missed = Some((row.event_type.clone(), predicted_type.to_string()));
        }
        if has_sub_type && !row.sub_event_type.is_empty() {
            let found = event.map_or("none", |e| e.sub_event_type.as_str());
            score.sub_event_type.add(found == row.sub_event_type);
            if misses == Some(Field::SubEventType) && found != row.sub_event_type {
                missed = Some((row.sub_event_type.clone(), found.to_string()));
            }
        }
        let killed = event.and_then(|e| e.fatalities.acled).unwrap_or(0);
        score.fatalities.add(killed == row.fatalities);
        if misses == Some(Field::Fatalities) && killed != row.fatalities {
            missed = Some((row.fatalities.to_string(), killed.to_string()));
        }
        let date_right = event
            .and_then(|e| e.date.as_ref())
            .is_some_and(|d| d.start == date);
        score.date.add(date_right);
        if states_a_day(&row.notes) {
            score.date_stated.add(date_right);
        }
        let place = event
            .and_then(|e| e.location.as_ref())
            .and_then(|l| Some((l.latitude?, l.longitude?)));
        score.located += usize::from(place.is_some());
        let near = place.is_some_and(|p| haversine_km(p, (row.latitude, row.longitude)) <= 25.0);
        score.location_25km.add(near);
        let reachable = sitrep_resolve::places::name_near(
            pipeline.gazetteer(),
            &row.notes,
            row.latitude,
            row.longitude,
            25.0,
        );
        score.location_ceiling.add(reachable);
        if misses == Some(Field::Location) && !near {
            let found = event
                .and_then(|e| e.location.as_ref())
                .map_or("none".to_string(), |l| {
                    format!("{} ({:?}, {:?})", l.name, l.latitude, l.longitude)
                });
            let gap = if reachable {
                ""
            } else {
                " [no name of the note is near]"
            };
            missed = Some((format!("({}, {}){gap}", row.latitude, row.longitude), found));
        }
        if !row.actor1.is_empty() {
            let truth = normalise_actor(&row.actor1);
            let actor1: Vec<String> = event
                .iter()
                .flat_map(|e| &e.actors)
                .filter(|a| a.role == "actor1")
                .map(|a| normalise_actor(&a.name))
                .collect();
            let right = actor1.contains(&truth);
            score.actor1.add(right);
            if misses == Some(Field::Actor1) && !right {
                let found = if actor1.is_empty() {
                    "none".to_string()
                } else {
                    actor1.join(" | ")
                };
                missed = Some((truth, found));
            }
        }
        if let Some((expected, found)) = missed {
            score.misses.push(Miss {
                line,
                expected,
                found,
                notes: row.notes.clone(),
            });
        }
    }
    Ok(score)
}

impl fmt::Display for AcledScore {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "{} rows scored, {} skipped, {} with no event found",
            self.rows,
            self.skipped.len(),
            self.no_event
        )?;
        writeln!(f, "  event_type      {}", self.event_type)?;
        writeln!(f, "  sub_event_type  {}", self.sub_event_type)?;
        writeln!(
            f,
            "  fatalities      {}  (exact; no event or no figure counts as 0)",
            self.fatalities
        )?;
        writeln!(f, "  date            {}  (exact start date)", self.date)?;
        writeln!(
            f,
            "  date_stated     {}  (exact start date, notes that name a month, a weekday or the day)",
            self.date_stated
        )?;
        writeln!(
            f,
            "  location        {}  (within 25 km; {} rows located; ceiling {:.1}%: some name of the note has an entry within 25 km)",
            self.location_25km,
            self.located,
            100.0 * self.location_ceiling.share()
        )?;
        writeln!(
            f,
            "  actor1          {}  (period suffixes ignored)",
            self.actor1
        )?;
        writeln!(f, "confusion (ACLED event_type → sitrep):")?;
        for (truth, row) in &self.confusion {
            let cells: Vec<String> = row.iter().map(|(p, n)| format!("{p}: {n}")).collect();
            writeln!(f, "  {truth} → {}", cells.join(", "))?;
        }
        for s in self.skipped.iter().take(10) {
            writeln!(f, "skipped {s}")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn acled_dates_in_every_export_form() {
        let want = Some(jiff::civil::date(2019, 12, 31));
        for s in [
            "2019-12-31",
            "31-Dec-19",
            "31 December 2019",
            "31-12-19",
            "31-12-2019",
        ] {
            assert_eq!(parse_acled_date(s), want, "{s}");
        }
        assert_eq!(parse_acled_date("31-13-19"), None);
        assert_eq!(parse_acled_date("yesterday"), None);
    }

    #[test]
    fn a_note_states_a_day_by_month_weekday_or_day_word() {
        for note in [
            "On 3 March, gunmen killed two herders.",
            "On May 5 2019 police dispersed traders.",
            "Protesters marched on Tuesday in the capital.",
            "Youths burned tyres last night near the market.",
            "Two soldiers were killed yesterday.",
        ] {
            assert!(states_a_day(note), "{note}");
        }
        for note in [
            "Angry youths attack election officials and burn vehicle.",
            "Police may have shot a suspect in the estate.",
            "A mob lynched a suspected thief.",
            "Health workers stage a strike and march to the ministry.",
        ] {
            assert!(!states_a_day(note), "{note}");
        }
    }

    #[test]
    fn acled_dates() {
        assert_eq!(
            parse_acled_date("16-Feb-21"),
            Some(jiff::civil::date(2021, 2, 16))
        );
        assert_eq!(
            parse_acled_date("2020-05-09"),
            Some(jiff::civil::date(2020, 5, 9))
        );
        assert_eq!(parse_acled_date("31-Feb-21"), None);
        assert_eq!(parse_acled_date("yesterday"), None);
    }

    #[test]
    fn actor_period_suffix_is_dropped() {
        assert_eq!(
            normalise_actor("Military Forces of Burkina Faso (2015-2022)"),
            "military forces of burkina faso"
        );
        assert_eq!(
            normalise_actor("Civilians (Burkina Faso)"),
            "civilians (burkina faso)"
        );
    }

    #[test]
    fn distances() {
        let d = haversine_km((12.0, -1.0), (12.0, -1.2));
        assert!((d - 21.7).abs() < 0.5, "{d}");
    }
}

/// What learning villages from earlier notes does for later ones: the
/// notes are put in date order, the first `teach_share` of them teach
/// (see [`crate::learn`]) and the rest are read twice, without and with
/// the lessons.
#[derive(Debug, Default, Serialize)]
pub struct LearningScore {
    pub teaching_rows: usize,
    pub villages_learned: usize,
    pub lessons_agreed: usize,
    /// Later rows, and those whose main place is within 25 km, without and
    /// with the learned places.
    pub later_rows: usize,
    pub within_without: usize,
    pub within_with: usize,
    /// Later rows whose main place is a learned village (GeoNames lacks
    /// it), and of those, within 25 km without and with learning.
    pub on_learned: usize,
    pub on_learned_within_without: usize,
    pub on_learned_within_with: usize,
}

impl fmt::Display for LearningScore {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let pct = |a: usize, b: usize| 100.0 * a as f64 / b.max(1) as f64;
        writeln!(
            f,
            "taught by the first {} rows (date order): {} villages, {} agreeing lessons",
            self.teaching_rows, self.villages_learned, self.lessons_agreed
        )?;
        writeln!(
            f,
            "later rows {}: within 25 km {:.1}% without learning, {:.1}% with",
            self.later_rows,
            pct(self.within_without, self.later_rows),
            pct(self.within_with, self.later_rows)
        )?;
        writeln!(
            f,
            "later rows placed at a learned village {}: within 25 km {} without learning, {} with",
            self.on_learned, self.on_learned_within_without, self.on_learned_within_with
        )
    }
}

/// The notes of `csv_path` in date order, split after the first
/// `teach_share` of them.
fn split_rows(csv_path: &Path, teach_share: f64) -> Result<(Vec<NoteRow>, usize), EvalError> {
    let mut skipped = Vec::new();
    let (mut rows, _) = read_rows(csv_path, &mut skipped)?;
    rows.sort_by_key(|(line, _, date)| (*date, *line));
    let cut = ((rows.len() as f64) * teach_share.clamp(0.0, 1.0)).round() as usize;
    Ok((rows, cut))
}

/// The first step of scoring learned places: what the first `teach_share`
/// of the notes (date order) teach, read by `plain`, a pipeline with no
/// learned places.
pub fn teach(
    plain: &Pipeline,
    csv_path: &Path,
    teach_share: f64,
) -> Result<(sitrep_gazetteer::LearnedPlaces, LearningScore), EvalError> {
    let (rows, cut) = split_rows(csv_path, teach_share)?;
    let mut places = sitrep_gazetteer::LearnedPlaces::default();
    let mut score = LearningScore {
        teaching_rows: cut,
        ..LearningScore::default()
    };
    for (line, row, date) in &rows[..cut] {
        let doc = note_document(*line, row, *date);
        let (_, mentions) = plain.extract_with_mentions(&doc, Some(Lang::En));
        for lesson in crate::learn::lessons(&doc.text, &doc.id, &mentions) {
            match places.teach(lesson) {
                sitrep_gazetteer::Lesson::New => score.villages_learned += 1,
                sitrep_gazetteer::Lesson::Agreed => score.lessons_agreed += 1,
            }
        }
    }
    Ok((places, score))
}

/// The second step: the later notes placed by `plain` and by `taught`, the
/// same pipeline with the places `known` that [`teach`] returned.
pub fn score_learning(
    plain: &Pipeline,
    taught: &Pipeline,
    known: &sitrep_gazetteer::LearnedPlaces,
    csv_path: &Path,
    teach_share: f64,
    mut score: LearningScore,
) -> Result<LearningScore, EvalError> {
    let (rows, cut) = split_rows(csv_path, teach_share)?;
    for (line, row, date) in &rows[cut..] {
        let doc = note_document(*line, row, *date);
        let within = |p: &Pipeline| {
            let report = p.extract(&doc, Some(Lang::En));
            let loc = main_event(&report.events).and_then(|e| e.location.clone());
            let near = loc
                .as_ref()
                .and_then(|l| Some((l.latitude?, l.longitude?)))
                .is_some_and(|p| haversine_km(p, (row.latitude, row.longitude)) <= 25.0);
            (near, loc.and_then(|l| l.geonameid))
        };
        let (before, _) = within(plain);
        let (after, id) = within(taught);
        score.later_rows += 1;
        score.within_without += usize::from(before);
        score.within_with += usize::from(after);
        if id.is_some_and(|id| known.by_id(id).is_some()) {
            score.on_learned += 1;
            score.on_learned_within_without += usize::from(before);
            score.on_learned_within_with += usize::from(after);
        }
    }
    Ok(score)
}
