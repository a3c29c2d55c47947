//! `sitrep eval timebank DIR`: scores the time recogniser and resolver
//! against French TimeBank files (TimeML, `.tml`).
//!
//! Each file's creation time (the DCT timex) is the publication date. Every
//! other `TIMEX3 type="DATE"` is a gold date: it is *found* when a sitrep
//! time mention overlaps it, and *correct* when the mention's interval
//! equals the gold value at its granularity (`1999-05-12` a day, `1999-05`
//! the whole month, `1999` the year, `1999-W12` the ISO week). Values that
//! name no calendar interval (`PRESENT_REF`, `XXXX-SU`, `1999-SU`) are
//! counted apart as not comparable.

use jiff::civil::{Date, ISOWeekDate, Weekday};
use quick_xml::events::{BytesStart, Event};
use quick_xml::{Reader, XmlVersion};
use serde::Serialize;
use sitrep_annotate::lexicon::{LexiconError, LexiconSource, Segmentation};
use sitrep_annotate::text::{sentences, tokenize};
use sitrep_annotate::time::TimeRecognizer;
use sitrep_core::{Interval, Lang, Span};
use std::fmt;
use std::path::{Path, PathBuf};

#[derive(Debug, thiserror::Error)]
pub enum TimebankError {
    #[error("cannot read {path}: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{path} is not valid TimeML: {message}")]
    Xml { path: PathBuf, message: String },
    #[error("{path} has no creation time (a TIMEX3 with functionInDocument=\"CREATION_TIME\" and a YYYY-MM-DD value)")]
    NoCreationTime { path: PathBuf },
    #[error("no .tml file in {0}: give the directory of the French TimeBank files")]
    Empty(PathBuf),
    #[error(transparent)]
    Lexicon(#[from] LexiconError),
}

/// One gold date and what sitrep made of it.
#[derive(Debug, Serialize)]
pub struct Judged {
    pub file: String,
    pub text: String,
    pub value: String,
    /// What sitrep found over it, if anything.
    pub found: Option<String>,
    pub resolved: Option<Interval>,
    pub comparable: bool,
    pub correct: bool,
}

#[derive(Debug, Default, Serialize)]
pub struct TimebankScore {
    pub files: usize,
    /// Gold DATE timexes, creation times left out.
    pub dates: usize,
    pub found: usize,
    /// Gold dates whose value names a calendar interval.
    pub comparable: usize,
    pub found_comparable: usize,
    pub correct: usize,
    pub not_comparable: usize,
    pub judged: Vec<Judged>,
}

impl TimebankScore {
    pub fn found_rate(&self) -> f64 {
        ratio(self.found, self.dates)
    }

    pub fn correct_rate(&self) -> f64 {
        ratio(self.correct, self.found_comparable)
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 {
        0.0
    } else {
        a as f64 / b as f64
    }
}

impl fmt::Display for TimebankScore {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "files:          {}", self.files)?;
        writeln!(
            f,
            "DATE timexes:   {} (creation times left out)",
            self.dates
        )?;
        writeln!(
            f,
            "found:          {}/{} = {:.1}%",
            self.found,
            self.dates,
            100.0 * self.found_rate()
        )?;
        writeln!(
            f,
            "value correct:  {}/{} = {:.1}% (of the found ones with a comparable value)",
            self.correct,
            self.found_comparable,
            100.0 * self.correct_rate()
        )?;
        writeln!(
            f,
            "not comparable: {} (PRESENT_REF, XXXX-..., seasons)",
            self.not_comparable
        )?;
        let misses: Vec<&Judged> = self
            .judged
            .iter()
            .filter(|j| j.found.is_none() || (j.comparable && !j.correct))
            .collect();
        if !misses.is_empty() {
            writeln!(f, "misses:")?;
        }
        for j in misses {
            let got = match (&j.found, j.resolved) {
                (None, _) => "not found".to_string(),
                (Some(t), None) => format!("{t:?} unresolved"),
                (Some(t), Some(r)) => format!("{t:?} -> {}..{}", r.start, r.end),
            };
            writeln!(f, "  {} {:?} = {}: {got}", j.file, j.text, j.value)?;
        }
        Ok(())
    }
}

/// A gold timex: its span in the extracted text, type and value.
struct Gold {
    span: Span,
    kind: String,
    value: String,
    /// TimeML's `mod` ("START", "END"...): the value is the whole period
    /// and the expression a part of it.
    part: bool,
    creation: bool,
}

/// Scores every `.tml` file of `dir`.
pub fn run(lexicons: &LexiconSource, dir: &Path) -> Result<TimebankScore, TimebankError> {
    let seg = Segmentation::load(lexicons)?;
    let rec = TimeRecognizer::new(Lang::Fr, lexicons)?;
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(|source| TimebankError::Read {
            path: dir.to_path_buf(),
            source,
        })?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "tml"))
        .collect();
    files.sort();
    if files.is_empty() {
        return Err(TimebankError::Empty(dir.to_path_buf()));
    }
    let mut score = TimebankScore::default();
    for path in &files {
        let xml = std::fs::read_to_string(path).map_err(|source| TimebankError::Read {
            path: path.clone(),
            source,
        })?;
        let (text, gold) = read_tml(&xml).map_err(|message| TimebankError::Xml {
            path: path.clone(),
            message,
        })?;
        let published = gold
            .iter()
            .find(|g| g.creation)
            .and_then(|g| g.value.parse::<Date>().ok())
            .ok_or_else(|| TimebankError::NoCreationTime { path: path.clone() })?;
        let tokens = tokenize(&text, &seg);
        let sents = sentences(&text, &tokens, &seg);
        let mentions = rec.find(&text, &tokens, &sents);
        let resolved = sitrep_resolve::time::resolve_all(&mentions, Some(published));
        let file = path
            .file_name()
            .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
        score.files += 1;
        for g in gold.iter().filter(|g| !g.creation && g.kind == "DATE") {
            let hit = mentions
                .iter()
                .enumerate()
                .filter(|(_, m)| m.span.start < g.span.end && g.span.start < m.span.end)
                .max_by_key(|(_, m)| m.span.end.min(g.span.end) - m.span.start.max(g.span.start));
            let expected = gold_interval(&g.value);
            let (found, got) = match hit {
                Some((k, m)) => (Some(m.span.text(&text).to_string()), resolved[k]),
                None => (None, None),
            };
            // "la fin de l'année dernière" is valued 2002 with mod="END":
            // a part of the gold period is right.
            let correct = match (expected, got) {
                (Some((s, e)), Some(r)) if g.part => r.start >= s && r.end <= e,
                (Some((s, e)), Some(r)) => r.start == s && r.end == e,
                _ => false,
            };
            score.dates += 1;
            score.found += usize::from(found.is_some());
            score.comparable += usize::from(expected.is_some());
            score.not_comparable += usize::from(expected.is_none());
            score.found_comparable += usize::from(expected.is_some() && found.is_some());
            score.correct += usize::from(correct);
            score.judged.push(Judged {
                file: file.clone(),
                text: g.span.text(&text).to_string(),
                value: g.value.clone(),
                found,
                resolved: got,
                comparable: expected.is_some(),
                correct,
            });
        }
    }
    Ok(score)
}

/// The calendar interval a TimeML value names, if any.
fn gold_interval(value: &str) -> Option<(Date, Date)> {
    if let Ok(d) = value.parse::<Date>() {
        return Some((d, d));
    }
    let parts: Vec<&str> = value.split('-').collect();
    match parts.as_slice() {
        [y] if y.len() == 4 => {
            let y: i16 = y.parse().ok()?;
            Some((Date::new(y, 1, 1).ok()?, Date::new(y, 12, 31).ok()?))
        }
        [y, w] if w.starts_with('W') => {
            let (y, w): (i16, i8) = (y.parse().ok()?, w[1..].parse().ok()?);
            let monday = ISOWeekDate::new(y, w, Weekday::Monday).ok()?.date();
            let sunday = ISOWeekDate::new(y, w, Weekday::Sunday).ok()?.date();
            Some((monday, sunday))
        }
        [y, m] if y.len() == 4 && m.len() == 2 => {
            let start = Date::new(y.parse().ok()?, m.parse().ok()?, 1).ok()?;
            Some((start, start.last_of_month()))
        }
        _ => None,
    }
}

fn attr(e: &BytesStart<'_>, name: &str) -> Result<Option<String>, String> {
    match e.try_get_attribute(name).map_err(|x| x.to_string())? {
        Some(a) => Ok(Some(
            a.normalized_value(XmlVersion::Implicit1_0)
                .map_err(|x| x.to_string())?
                .into_owned(),
        )),
        None => Ok(None),
    }
}

/// The text inside `<TEXT>` with every tag removed, and the timexes with
/// their spans in it (the creation time has an empty span).
fn read_tml(xml: &str) -> Result<(String, Vec<Gold>), String> {
    let mut reader = Reader::from_str(xml);
    let mut text = String::new();
    let mut gold = Vec::new();
    let mut in_text = false;
    let mut open: Option<(usize, String, String, bool, bool)> = None;
    loop {
        let ev = reader
            .read_event()
            .map_err(|e| format!("at byte {}: {e}", reader.buffer_position()))?;
        match ev {
            Event::Eof => break,
            Event::Start(e) if e.local_name().as_ref() == "TEXT" => in_text = true,
            Event::End(e) if e.local_name().as_ref() == "TEXT" => in_text = false,
            Event::Start(e) if e.local_name().as_ref() == "TIMEX3" => {
                open = Some((
                    text.len(),
                    attr(&e, "type")?.unwrap_or_default(),
                    attr(&e, "value")?.unwrap_or_default(),
                    attr(&e, "mod")?.is_some_and(|m| !m.is_empty()),
                    attr(&e, "functionInDocument")?.as_deref() == Some("CREATION_TIME"),
                ));
            }
            Event::End(e) if e.local_name().as_ref() == "TIMEX3" => {
                if let Some((start, kind, value, part, creation)) = open.take() {
                    gold.push(Gold {
                        span: Span::new(start, text.len()),
                        kind,
                        value,
                        part,
                        creation,
                    });
                }
            }
            Event::Empty(e) if e.local_name().as_ref() == "TIMEX3" => gold.push(Gold {
                span: Span::new(text.len(), text.len()),
                kind: attr(&e, "type")?.unwrap_or_default(),
                value: attr(&e, "value")?.unwrap_or_default(),
                part: attr(&e, "mod")?.is_some_and(|m| !m.is_empty()),
                creation: attr(&e, "functionInDocument")?.as_deref() == Some("CREATION_TIME"),
            }),
            Event::Text(t) if in_text => text.push_str(&t.xml10_content()),
            Event::CData(t) if in_text => text.push_str(&t),
            Event::GeneralRef(r) if in_text => {
                let c = match r.resolve_char_ref().map_err(|e| e.to_string())? {
                    Some(c) => c,
                    None => match &*r {
                        "lt" => '<',
                        "gt" => '>',
                        "amp" => '&',
                        "quot" => '"',
                        "apos" => '\'',
                        other => return Err(format!("unknown entity &{other};")),
                    },
                };
                text.push(c);
            }
            _ => {}
        }
    }
    Ok((text, gold))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_text_timexes_and_creation_time() {
        let xml = r#"<TimeML><DCT><TIMEX3 functionInDocument="CREATION_TIME" tid="t1" type="DATE" value="2024-08-26" /></DCT>
<TEXT>Les tirs ont eu lieu <TIMEX3 tid="t2" type="DATE" value="2024-08-25">dimanche</TIMEX3> &amp; <TIMEX3 tid="t3" type="DURATION" value="P2D">deux jours</TIMEX3>.</TEXT></TimeML>"#;
        let (text, gold) = read_tml(xml).expect("valid TimeML");
        assert_eq!(text, "Les tirs ont eu lieu dimanche & deux jours.");
        assert_eq!(gold.len(), 3);
        assert!(gold[0].creation);
        assert_eq!(gold[1].span.text(&text), "dimanche");
        assert_eq!(gold[2].kind, "DURATION");
    }

    #[test]
    fn gold_values_at_their_granularity() {
        let d = |s: &str| s.parse::<Date>().expect("date");
        assert_eq!(
            gold_interval("1999-05-12"),
            Some((d("1999-05-12"), d("1999-05-12")))
        );
        assert_eq!(
            gold_interval("1999-02"),
            Some((d("1999-02-01"), d("1999-02-28")))
        );
        assert_eq!(
            gold_interval("1999"),
            Some((d("1999-01-01"), d("1999-12-31")))
        );
        assert_eq!(
            gold_interval("1999-W27"),
            Some((d("1999-07-05"), d("1999-07-11")))
        );
        assert_eq!(gold_interval("PRESENT_REF"), None);
        assert_eq!(gold_interval("XXXX-SU"), None);
        assert_eq!(gold_interval("1999-SU"), None);
    }
}
