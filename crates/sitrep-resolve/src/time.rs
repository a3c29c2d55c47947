//! Time expressions to calendar intervals.
//!
//! Conventions (reports look back at what happened):
//! - A date without a year takes the publication's year, or the year before
//!   when it would fall after the publication ("le 30 décembre" published on
//!   2 January is last year's). "prochain" / "next" looks forward instead.
//! - A weekday alone, or with "ce" / "this", is the most recent such day on
//!   or before the publication ("dimanche" published on a Sunday is that
//!   day); "dernier" / "this past" is strictly before it; "prochain" /
//!   "this coming" strictly after it. English "last" / "next" name the day
//!   of last or next week (the recogniser writes them so); "the following
//!   Monday", "le lundi suivant" count from the date told before.
//! - "le lendemain", "la veille", "the next day" count from the date
//!   resolved just before in the text, or from the publication when none is.
//! - A night across two days ("dans la nuit de jeudi à vendredi") spans
//!   both calendar days with precision 1: the time is known to the night,
//!   and a report dating it by either day still matches. The second day is
//!   anchored first (the most recent Friday), the first is the day before.
//! - Parts of a named month are its thirds by day number: "début" 1–10,
//!   "mi-" 11–20, "fin" 21 to the end. Parts of a named year are its thirds
//!   by month (January–April, May–August, September–December). The end of
//!   a period named from the publication ("la fin du mois", "the end of
//!   the week") is its second half, as Recognizers-Text reads it too;
//!   "earlier" / "later" that period is its first / second half, cut at the
//!   publication when it falls in it, so that a report's "earlier this
//!   month" stays before the report.
//! - Moving feasts fall in each year by their rule (Easter, the n-th
//!   weekday of a month, a day of the tabular Islamic calendar); without a
//!   year, the one under way or most recent, or the next one ahead.
//! - "il y a un mois", "two weeks ago" is the day that far back, with the
//!   precision of the unit (a day 1, a week 2, a month or year 3).
//! - Precision of every other interval follows its length: one day 1, up to
//!   14 days 2 (a week, a span of days, a part of a month), longer 3.
//! - Told in a clause that looks ahead ("will", "aura lieu", "prévu le"),
//!   a date without a year, a month, a season, a feast or a weekday alone is
//!   the next one on or after the publication: "les élections auront lieu
//!   dimanche" is the coming Sunday.
//! - A range whose ends both lack a year ("from October 1 to November 7")
//!   is anchored by its start; its end is the first such date on or after
//!   the start, so a range under way at publication stays whole.
//! - With no publication date only dates that give their year resolve.

use jiff::civil::Date;
use jiff::ToSpan;
use sitrep_annotate::time::{DateParts, Feast, Part, Shift, TimeExpr, TimeMention, Unit};
use sitrep_core::{Interval, Span};

/// Resolves every time mention against the publication date, in text order,
/// so that "le lendemain" can lean on the date mentioned before it.
pub fn resolve_all(mentions: &[TimeMention], published: Option<Date>) -> Vec<Option<Interval>> {
    resolve_all_in(mentions, published, "", &[])
}

/// [`resolve_all`], knowing the text and its sentences: "N jours après
/// <événement>" counts back from a date told next only in its own sentence
/// ("Deux jours après l'attaque, les rescapés…" counts from the day of
/// publication, whatever day the next sentence names); a date told before
/// the comma that closes it is the event's own ("Quatre jours après
/// l'explosion qui a frappé un car le 5 octobre, …" dates it 5 October).
pub fn resolve_all_in(
    mentions: &[TimeMention],
    published: Option<Date>,
    text: &str,
    sentences: &[Span],
) -> Vec<Option<Interval>> {
    let sentence_end = |at: usize| {
        sentences
            .iter()
            .find(|s| s.start <= at && at < s.end)
            .map_or(usize::MAX, |s| s.end)
    };
    let mut previous = None;
    let mut told: Option<(i16, u8)> = None;
    mentions
        .iter()
        .enumerate()
        .map(|(k, m)| {
            let lean = if m.future { Lean::Ahead } else { Lean::Back };
            let filled = told
                .filter(|_| !m.future)
                .and_then(|t| in_year_told(&m.expr, t));
            // "Trois jours après l'embuscade de Déou, les soldats ont été
            // visés lundi 20 février": opening the text, the event after
            // "après" counts back from the date told next.
            let offset_end = (previous.is_none() && is_event_offset(&m.expr))
                .then(|| sentence_end(m.span.start));
            let next = offset_end.and_then(|end| {
                mentions.get(k + 1).filter(|n| {
                    n.span.start.saturating_sub(m.span.end) <= EVENT_OFFSET_REACH
                        && n.span.start < end
                })
            });
            // The phrase closes with a comma after the date, none before it.
            let own_date = next.zip(offset_end).is_some_and(|(n, end)| {
                let closes = text
                    .get(n.span.end..end.min(text.len()))
                    .is_some_and(|rest| rest.contains(','));
                closes
                    && text
                        .get(m.span.end..n.span.start)
                        .is_some_and(|between| !between.contains(','))
            });
            let anchor = match next {
                Some(n) => resolve_in(&n.expr, published, None, Lean::Back),
                None => previous,
            };
            let r = if own_date && anchor.is_some() {
                anchor
            } else {
                resolve_in(filled.as_ref().unwrap_or(&m.expr), published, anchor, lean)
            };
            if r.is_some() {
                previous = r;
            }
            if let Some(t) = month_and_year(&m.expr) {
                told = Some(t);
            }
            r
        })
        .collect()
}

/// How far after "N jours après <événement>" the date it counts back from
/// may be told (bytes): within the sentence.
const EVENT_OFFSET_REACH: usize = 200;

/// "ten days after a drone strike": an event that many units before a date
/// told elsewhere.
pub fn is_event_offset(x: &TimeExpr) -> bool {
    matches!(
        x,
        TimeExpr::Offset {
            base: None,
            forward: false,
            ..
        }
    )
}

/// The month and year a date writes out in full ("mars 2022", "23 March
/// 2022"), or the end of a range does.
fn month_and_year(x: &TimeExpr) -> Option<(i16, u8)> {
    match x {
        TimeExpr::Date(DateParts {
            year: Some(y),
            month: Some(m),
            ..
        }) => Some((*y, *m)),
        TimeExpr::Range { to, .. } => month_and_year(to),
        _ => None,
    }
}

/// `x` with the year told before for the same month ("En mars 2022, ...
/// entre le 23 et le 31 mars"): the text has said which March, and the
/// publication may be far from it. `None` when nothing changes.
fn in_year_told(x: &TimeExpr, told: (i16, u8)) -> Option<TimeExpr> {
    let fill = |x: &TimeExpr| in_year_told(x, told);
    match x {
        TimeExpr::Date(p)
            if p.year.is_none()
                && p.month == Some(told.1)
                && p.weekday.is_none()
                && p.shift == Shift::None =>
        {
            Some(TimeExpr::Date(DateParts {
                year: Some(told.0),
                ..*p
            }))
        }
        TimeExpr::Range { from, to } => {
            let (f, t) = (fill(from), fill(to));
            if f.is_none() && t.is_none() {
                return None;
            }
            Some(TimeExpr::Range {
                from: Box::new(f.unwrap_or_else(|| (**from).clone())),
                to: Box::new(t.unwrap_or_else(|| (**to).clone())),
            })
        }
        TimeExpr::PartOf { part, of } => fill(of).map(|of| TimeExpr::PartOf {
            part: *part,
            of: Box::new(of),
        }),
        _ => None,
    }
}

/// How far after the publication a range read back may end: one under way
/// ("du 20 août au 5 septembre" read on 26 August).
const UNDER_WAY_DAYS: i64 = 31;

/// How long before the publication a date whose weekday contradicts its
/// year may be read in the year the weekday gives.
const MISTYPED_YEAR_DAYS: i64 = 31;

/// Which way a date without a year (or a weekday alone) leans from the
/// publication.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Lean {
    /// The most recent one on or before the publication: a report tells
    /// what has happened, so a partial date that would fall after
    /// publication is last year's ("le 30 décembre" read on 2 January).
    /// Scheduled dates say so, with "prochain" / "next" or a clause that
    /// looks ahead ([`TimeMention::future`]). On the French TimeBank that
    /// reading took the share of dates read right from 86.1% to 92.4%,
    /// where a flat window of 92 days after publication had reached 94.9%
    /// at the cost of reading conflict reports' past dates as future ones.
    ///
    /// [`TimeMention::future`]: sitrep_annotate::time::TimeMention::future
    Back,
    /// The first one on or after the publication.
    Ahead,
}

impl Lean {
    /// Looks ahead for a date with this shift word.
    fn ahead(self, shift: Shift) -> bool {
        self == Lean::Ahead && matches!(shift, Shift::None | Shift::This)
    }
}

/// One expression, given the publication date and the interval resolved
/// just before it in the text.
pub fn resolve(
    expr: &TimeExpr,
    published: Option<Date>,
    previous: Option<Interval>,
) -> Option<Interval> {
    resolve_in(expr, published, previous, Lean::Back)
}

/// [`resolve`], leaning back or ahead.
fn resolve_in(
    expr: &TimeExpr,
    published: Option<Date>,
    previous: Option<Interval>,
    lean: Lean,
) -> Option<Interval> {
    let resolve =
        |x: &TimeExpr, p: Option<Date>, prev: Option<Interval>| resolve_in(x, p, prev, lean);
    match expr {
        TimeExpr::Date(p) => date(p, published, lean),
        TimeExpr::Season {
            first_month,
            last_month,
            shift,
        } => season(published?, *first_month, *last_month, *shift, lean),
        TimeExpr::Feast { feast, year, shift } => {
            if let Some(y) = year {
                return feast_in(*feast, *y).into_iter().next();
            }
            let p = published?;
            let all: Vec<Interval> = (p.year() - 1..=p.year() + 1)
                .flat_map(|y| feast_in(*feast, y))
                .collect();
            // The one under way or most recent; ahead, the one under way or next.
            let pick = match shift {
                _ if lean.ahead(*shift) => all.iter().find(|f| f.end >= p),
                Shift::Next | Shift::After => all.iter().find(|f| f.start > p),
                Shift::Last | Shift::Before => all.iter().rev().find(|f| f.end < p),
                Shift::None | Shift::This => all.iter().rev().find(|f| f.start <= p),
            };
            pick.copied()
        }
        TimeExpr::Weekday {
            weekday,
            shift: shift @ (Shift::Before | Shift::After),
        } => {
            let after = *shift == Shift::After;
            match previous {
                // "The following Monday, troops withdrew": after the date told.
                Some(prev) => {
                    let day = if after {
                        weekday_from(prev.end, *weekday, Shift::Next)
                    } else {
                        weekday_from(prev.start, *weekday, Shift::Last)
                    };
                    Some(Interval::day(day?))
                }
                // With none, the day of next (or last) week, as "next Monday".
                None => {
                    let week = period(published?, Unit::Week, if after { 1 } else { -1 })?;
                    part_of(week, Part::Weekday(*weekday), published)
                }
            }
        }
        TimeExpr::Weekday { weekday, shift } => {
            let p = published?;
            if lean.ahead(*shift) {
                return Some(Interval::day(add_days(p, days_until(p, *weekday))?));
            }
            Some(Interval::day(weekday_from(p, *weekday, *shift)?))
        }
        TimeExpr::RelativeDay(n) => Some(Interval::day(add_days(published?, *n)?)),
        TimeExpr::AnaphoricDay(n) => {
            let base = match previous {
                Some(p) if *n > 0 => p.end,
                Some(p) => p.start,
                None => published?,
            };
            Some(Interval::day(add_days(base, *n)?))
        }
        TimeExpr::About(x) => {
            // Roughly a week or two is known to the week; more than that,
            // to the month ("il y a une centaine de jours").
            let mut r = resolve(x, published, previous)?;
            let far = match &**x {
                TimeExpr::Ago { count, unit } | TimeExpr::Offset { count, unit, .. } => {
                    calendar_span(i64::from(*count), *unit)
                        .and_then(|s| s.total((jiff::Unit::Day, r.start)).ok())
                        .is_none_or(|days| days > 14.0)
                }
                _ => false,
            };
            r.time_precision = r.time_precision.max(if far { 3 } else { 2 });
            Some(r)
        }
        TimeExpr::Lasting { count, unit, from } => {
            let start = resolve(from, published, previous)?.start;
            let after = moved(start, *count, *unit, true)?.start;
            spanning(start, add_days(after, -1)?.max(start))
        }
        TimeExpr::SamePeriod(unit) => {
            let base = previous.map(|p| p.start).or(published)?;
            period(base, *unit, 0)
        }
        TimeExpr::Ago { count, unit } => moved(published?, *count, *unit, false),
        TimeExpr::Offset {
            count,
            unit,
            forward,
            base,
        } => {
            let base = match base {
                Some(b) => resolve(b, published, previous)?,
                None => previous.or_else(|| published.map(Interval::day))?,
            };
            let anchor = if *forward { base.end } else { base.start };
            moved(anchor, *count, *unit, *forward)
        }
        TimeExpr::Span {
            count,
            unit,
            forward,
        } => {
            let p = published?;
            if *unit == Unit::Decade && *forward {
                // Decades ahead run whole: "the next two decades" starts with
                // the next one. Back, they count from the publication ("the
                // past two decades" are the twenty years up to it).
                let next = i32::from(p.year()) / 10 * 10 + 10;
                let last = next.checked_add(i32::try_from(*count).ok()?.checked_mul(10)?)? - 1;
                let year = |y: i32| i16::try_from(y).ok();
                return spanning(
                    Date::new(year(next)?, 1, 1).ok()?,
                    Date::new(year(last)?, 12, 31).ok()?,
                );
            }
            if *unit == Unit::Quarter {
                // Quarters run whole: "the last 2 quarters" ends where this one starts.
                let this = quarter_start(p)?;
                let n = calendar_span(i64::from(*count), Unit::Quarter)?;
                return if *forward {
                    let start = this.checked_add(3.months()).ok()?;
                    spanning(start, add_days(start.checked_add(n).ok()?, -1)?)
                } else {
                    spanning(this.checked_sub(n).ok()?, add_days(this, -1)?)
                };
            }
            let other = moved(p, *count, *unit, *forward)?.start;
            match (*forward, *unit) {
                // "the next 12 hours" runs from the publication day.
                (true, Unit::Hour) => spanning(p, other),
                (true, _) => spanning(add_days(p, 1)?, other),
                (false, _) => spanning(other, p),
            }
        }
        TimeExpr::Century(n) => {
            let start = n.checked_sub(1)?.checked_mul(100)?;
            spanning(
                Date::new(start, 1, 1).ok()?,
                Date::new(start.checked_add(99)?, 12, 31).ok()?,
            )
        }
        TimeExpr::Decade(y) => {
            // In i32: a decade read from text may be any i16.
            let start = match (i32::from(*y), published) {
                (y, _) if y >= 100 => y,
                (y, Some(p)) => {
                    let century = i32::from(p.year()) / 100 * 100;
                    if century + y > i32::from(p.year()) {
                        century - 100 + y
                    } else {
                        century + y
                    }
                }
                (y, None) => 1900 + y,
            };
            let year = |y: i32| i16::try_from(y).ok();
            spanning(
                Date::new(year(start)?, 1, 1).ok()?,
                Date::new(year(start + 9)?, 12, 31).ok()?,
            )
        }
        TimeExpr::Period { unit, offset, part } => {
            let pub_ = published?;
            let whole = period(pub_, *unit, *offset)?;
            match part {
                Some(p) => part_of_period(whole, *p, Some(pub_)),
                None => Some(whole),
            }
        }
        TimeExpr::PartOf { part, of } => {
            let whole = resolve(of, published, previous)?;
            match **of {
                TimeExpr::Period { .. } => part_of_period(whole, *part, published),
                _ => part_of(whole, *part, published),
            }
        }
        TimeExpr::Night { first, second } => match second {
            Some(second) => {
                let end = resolve(second, published, previous)?.start;
                Some(Interval {
                    start: add_days(end, -1)?,
                    end,
                    time_precision: 1,
                })
            }
            None => {
                let day = resolve(first, published, previous)?.start;
                Some(Interval::day(day))
            }
        },
        TimeExpr::Range { from, to } => range(from, to, published, previous, lean),
        TimeExpr::List(items) => list(items, published, previous, lean),
    }
}

/// The day `count` units before (or after) `from`, with the precision of
/// the unit: "two weeks ago" is known to the week.
fn moved(from: Date, count: u32, unit: Unit, forward: bool) -> Option<Interval> {
    let n = i64::from(count) * if forward { 1 } else { -1 };
    let day = match unit {
        Unit::BusinessDay => business_days(from, n)?,
        _ => from.checked_add(calendar_span(n, unit)?).ok()?,
    };
    let time_precision = match unit {
        Unit::Hour | Unit::Day | Unit::BusinessDay => 1,
        Unit::WorkWeek | Unit::Week | Unit::Weekend | Unit::Fortnight => 2,
        Unit::Month | Unit::Quarter | Unit::Year | Unit::Decade => 3,
    };
    Some(Interval {
        start: day,
        end: day,
        time_precision,
    })
}

/// `n` units as a calendar span (hours in whole days), or None when the
/// count is beyond the calendar: a count read from text may be any size.
fn calendar_span(n: i64, unit: Unit) -> Option<jiff::Span> {
    let s = jiff::Span::new();
    match unit {
        Unit::Hour => s.try_days(n / 24),
        Unit::Day | Unit::BusinessDay => s.try_days(n),
        Unit::Week | Unit::Weekend | Unit::WorkWeek => s.try_weeks(n),
        Unit::Fortnight => s.try_weeks(n.checked_mul(2)?),
        Unit::Month => s.try_months(n),
        Unit::Quarter => s.try_months(n.checked_mul(3)?),
        Unit::Year => s.try_years(n),
        Unit::Decade => s.try_years(n.checked_mul(10)?),
    }
    .ok()
}

/// The day `n` working days (Monday to Friday) after `from`, or before it
/// when `n` is negative.
fn business_days(from: Date, n: i64) -> Option<Date> {
    let step = if n < 0 { -1 } else { 1 };
    let mut day = from;
    let mut left = n.abs();
    // Beyond a few centuries of working days, a count is no date.
    if left > 100_000 {
        return None;
    }
    while left > 0 {
        day = add_days(day, step)?;
        if day.weekday().to_monday_one_offset() <= 5 {
            left -= 1;
        }
    }
    Some(day)
}

/// An interval whose precision follows its length.
fn spanning(start: Date, end: Date) -> Option<Interval> {
    if end < start {
        return None;
    }
    let days = start.until(end).ok()?.get_days() + 1;
    let time_precision = match days {
        1 => 1,
        2..=14 => 2,
        _ => 3,
    };
    Some(Interval {
        start,
        end,
        time_precision,
    })
}

/// The Monday of the week of `d`.
fn monday_of(d: Date) -> Option<Date> {
    add_days(d, -i32::from(d.weekday().to_monday_zero_offset()))
}

/// `d` moved by `n` days, or None past the calendar: `n` may come from any
/// count in a text, and jiff's `days()` panics on a span it cannot hold.
fn add_days(d: Date, n: impl Into<i64>) -> Option<Date> {
    d.checked_add(jiff::Span::new().try_days(n.into()).ok()?)
        .ok()
}

fn month_interval(year: i16, month: i8) -> Option<Interval> {
    let start = Date::new(year, month, 1).ok()?;
    spanning(start, start.last_of_month())
}

fn year_interval(year: i16) -> Option<Interval> {
    spanning(Date::new(year, 1, 1).ok()?, Date::new(year, 12, 31).ok()?)
}

/// The days of a moving feast in Gregorian year `y`, in order: one, or
/// none or two for a feast of the Islamic calendar, whose year is shorter.
fn feast_in(feast: Feast, y: i16) -> Vec<Interval> {
    let (base, offset) = match feast {
        Feast::Easter(offset) => (easter_sunday(y), i32::from(offset)),
        Feast::NthWeekday {
            month,
            weekday,
            nth,
            offset,
        } => (nth_weekday(y, month, weekday, nth), i32::from(offset)),
        Feast::Hijri { month, day } => {
            // Islamic years run about 33 to 32 Gregorian ones.
            let approx = (i32::from(y) - 622) * 33 / 32;
            return (approx - 1..=approx + 2)
                .filter_map(|h| {
                    if day == 0 {
                        let start = hijri_day(h, month, 1)?;
                        let next = if month >= 12 {
                            hijri_day(h + 1, 1, 1)?
                        } else {
                            hijri_day(h, month + 1, 1)?
                        };
                        spanning(start, add_days(next, -1)?)
                    } else {
                        hijri_day(h, month, day).map(Interval::day)
                    }
                })
                .filter(|f| f.start.year() == y)
                .collect();
        }
    };
    base.and_then(|d| add_days(d, offset))
        .map(Interval::day)
        .into_iter()
        .collect()
}

/// The n-th (from 1; -1 the last) ISO weekday of a month.
fn nth_weekday(y: i16, month: u8, weekday: u8, nth: i8) -> Option<Date> {
    let first = Date::new(y, month as i8, 1).ok()?;
    if nth < 0 {
        return weekday_from(first.last_of_month(), weekday, Shift::None);
    }
    let day = add_days(first, days_until(first, weekday) + 7 * (i32::from(nth) - 1))?;
    (day.month() == first.month()).then_some(day)
}

/// A day of the tabular Islamic calendar (years of 354 or 355 days, 11
/// leap years in 30, from the astronomical epoch, Thursday 15 July 622
/// Julian, 18 July proleptic Gregorian). Against the feasts as observed in
/// 2019–2025 it was right or a day apart; observance differs by a day by
/// country and by moon sighting.
fn hijri_day(year: i32, month: u8, day: u8) -> Option<Date> {
    if year < 1 {
        return None;
    }
    let (m, d) = (i64::from(month), i64::from(day));
    let y = i64::from(year);
    let days = (d - 1) + (59 * (m - 1) + 1) / 2 + (y - 1) * 354 + (3 + 11 * y) / 30;
    add_days(Date::new(622, 7, 18).ok()?, days)
}

/// Easter Sunday of year `y` (Gregorian computus of Meeus, Jones and Butcher).
fn easter_sunday(y: i16) -> Option<Date> {
    let y = i32::from(y);
    let (a, b, c) = (y % 19, y / 100, y % 100);
    let (d, e) = (b / 4, b % 4);
    let f = (b + 8) / 25;
    let g = (b - f + 1) / 3;
    let h = (19 * a + b - d - g + 15) % 30;
    let (i, k) = (c / 4, c % 4);
    let l = (32 + 2 * e + 2 * i - h - k) % 7;
    let m = (a + 11 * h + 22 * l) / 451;
    let month = (h + l - 7 * m + 114) / 31;
    let day = (h + l - 7 * m + 114) % 31 + 1;
    Date::new(
        y.try_into().ok()?,
        month.try_into().ok()?,
        day.try_into().ok()?,
    )
    .ok()
}

/// The first day of the quarter of `d`.
fn quarter_start(d: Date) -> Option<Date> {
    Date::new(d.year(), (d.month() - 1) / 3 * 3 + 1, 1).ok()
}

/// The first day of the month `n` months after the month of `d`.
fn month_start_plus(d: Date, n: i32) -> Option<Date> {
    let months = jiff::Span::new().try_months(i64::from(n)).ok()?;
    d.first_of_month().checked_add(months).ok()
}

fn date(p: &DateParts, published: Option<Date>, lean: Lean) -> Option<Interval> {
    let m = p.month.map(|m| m as i8);
    let d = p.day.map(|d| d as i8);
    let ahead = lean.ahead(p.shift);
    // Whether a day falls on the weekday written with the date, if any.
    let agrees = |c: &Date| {
        p.weekday
            .is_none_or(|w| c.weekday().to_monday_one_offset() == w as i8)
    };
    // A weekday written with the date picks the year below instead.
    if p.shift == Shift::This && p.year.is_none() && m.is_some() && p.weekday.is_none() {
        // "this May", "cette décembre": the publication's year, either way.
        let y = published?.year();
        return match d {
            Some(d) => Some(Interval::day(Date::new(y, m?, d).ok()?)),
            None => month_interval(y, m?),
        };
    }
    match (p.year, m, d) {
        (Some(y), Some(m), Some(d)) => {
            let written = Date::new(y, m, d).ok()?;
            // "samedi 2 janvier 2020" where 2 January was a Saturday in
            // 2021: a year mistyped at the turn of the year; the weekday and
            // the day agree with the year beside it.
            if agrees(&written) {
                return Some(Interval::day(written));
            }
            // Only to a day shortly before the publication, which must be
            // known: a report on the news of the week, its year typed as
            // the last one's. Otherwise the weekday may be the mistake.
            let days_to =
                |c: Date, p: Date| c.until(p).map_or(i64::MAX, |s| i64::from(s.get_days()));
            let fixed = published.and_then(|p| {
                [y - 1, y + 1]
                    .into_iter()
                    .filter_map(|y| Date::new(y, m, d).ok())
                    .find(|c| agrees(c) && (0..=MISTYPED_YEAR_DAYS).contains(&days_to(*c, p)))
            });
            Some(Interval::day(fixed.unwrap_or(written)))
        }
        (Some(y), Some(m), None) => month_interval(y, m),
        (Some(y), None, None) => year_interval(y),
        (None, Some(m), Some(d)) => {
            let pub_ = published?;
            // A 29 February may only exist some years back or forward.
            let step: i16 = if matches!(p.shift, Shift::Next | Shift::After) || ahead {
                1
            } else {
                -1
            };
            let mut y = pub_.year();
            let mut chosen = None;
            for _ in 0..8 {
                if let Ok(c) = Date::new(y, m, d) {
                    let fits = match p.shift {
                        _ if ahead => c >= pub_,
                        Shift::Next | Shift::After => c > pub_,
                        Shift::Last | Shift::Before => c < pub_,
                        Shift::None | Shift::This => c <= pub_,
                    };
                    if fits {
                        chosen = Some(c);
                        break;
                    }
                } else if !(1..=12).contains(&m) || !(1..=31).contains(&d) {
                    return None;
                }
                y += step;
            }
            let chosen = chosen?;
            // A weekday written with the date picks the year it falls in.
            if agrees(&chosen) {
                return Some(Interval::day(chosen));
            }
            let best = (-1..=1)
                .filter_map(|k| Date::new(pub_.year() + k, m, d).ok())
                .filter(agrees)
                .min_by_key(|c| {
                    pub_.until(*c)
                        .map_or(i64::MAX, |s| i64::from(s.get_days()).abs())
                });
            Some(Interval::day(best.unwrap_or(chosen)))
        }
        (None, Some(m), None) => {
            let pub_ = published?;
            let (y, pm) = (pub_.year(), pub_.month());
            let this_year = Date::new(y, m, 1).ok()?;
            let y = match p.shift {
                _ if ahead && m < pm => y + 1,
                _ if ahead => y,
                Shift::Next | Shift::After if m <= pm => y + 1,
                Shift::Last | Shift::Before if m >= pm => y - 1,
                Shift::None | Shift::This if this_year > pub_ => y - 1,
                _ => y,
            };
            month_interval(y, m)
        }
        (None, None, Some(d)) => {
            let pub_ = published?;
            if let Some(w) = p.weekday {
                // "dimanche 25": the latest month whose 25th is a Sunday
                // (the first one ahead, in a clause that looks ahead).
                let months: Vec<i32> = if ahead {
                    (0..=28).collect()
                } else {
                    (-28..=3).rev().collect()
                };
                for k in months {
                    let first = month_start_plus(pub_, k)?;
                    if let Ok(c) = Date::new(first.year(), first.month(), d) {
                        let side = if ahead { c >= pub_ } else { c <= pub_ };
                        if side && c.weekday().to_monday_one_offset() == w as i8 {
                            return Some(Interval::day(c));
                        }
                    }
                }
                return None;
            }
            if ahead {
                return Some(Interval::day(day_near(pub_, d as u8, true)?));
            }
            let forward = matches!(p.shift, Shift::Next | Shift::After);
            let start = if forward { 1 } else { 0 };
            // The nearest month that has this day, back (or forward) from publication.
            for k in 0..4 {
                let k = if forward { start + k } else { -k };
                let first = month_start_plus(pub_, k)?;
                if let Ok(c) = Date::new(first.year(), first.month(), d) {
                    if forward || c <= pub_ {
                        return Some(Interval::day(c));
                    }
                }
            }
            None
        }
        _ => None,
    }
}

/// A season from its first to its last month, the one under way or the
/// most recent; winter runs across the new year.
fn season(published: Date, first: u8, last: u8, shift: Shift, lean: Lean) -> Option<Interval> {
    let make = |y: i16| -> Option<Interval> {
        let start = Date::new(y, first as i8, 1).ok()?;
        let end_year = if last < first { y + 1 } else { y };
        spanning(
            start,
            Date::new(end_year, last as i8, 1).ok()?.last_of_month(),
        )
    };
    let mut y = published.year() + 1;
    // The latest season that starts on or before the limit of the shift.
    for _ in 0..4 {
        let s = make(y)?;
        let fits = match shift {
            // Under way or next: the earliest that has not ended.
            _ if lean.ahead(shift) => {
                s.end >= published && make(y - 1).is_some_and(|p| p.end < published)
            }
            Shift::Next | Shift::After => {
                s.start > published && make(y - 1).is_some_and(|p| p.start <= published)
            }
            Shift::Last | Shift::Before => s.end < published,
            Shift::None | Shift::This => s.start <= published,
        };
        if fits {
            return Some(s);
        }
        y -= 1;
    }
    None
}

/// Days from `from` to the next `weekday` (ISO number), 0 when it is one.
fn days_until(from: Date, weekday: u8) -> i32 {
    (i32::from(weekday) - i32::from(from.weekday().to_monday_one_offset())).rem_euclid(7)
}

fn weekday_from(published: Date, weekday: u8, shift: Shift) -> Option<Date> {
    let forward = days_until(published, weekday);
    let back = (7 - forward) % 7;
    let days = match shift {
        Shift::None | Shift::This => -back,
        Shift::Last | Shift::Before if back == 0 => -7,
        Shift::Last | Shift::Before => -back,
        Shift::Next | Shift::After if forward == 0 => 7,
        Shift::Next | Shift::After => forward,
    };
    add_days(published, days)
}

/// The week, weekend, month or year `offset` units from the publication's.
fn period(published: Date, unit: Unit, offset: i32) -> Option<Interval> {
    match unit {
        Unit::Hour | Unit::Day | Unit::BusinessDay => {
            Some(Interval::day(add_days(published, offset)?))
        }
        Unit::WorkWeek => {
            let week = period(published, Unit::Week, offset)?;
            spanning(week.start, add_days(week.start, 4)?)
        }
        Unit::Week | Unit::Fortnight => {
            let monday = monday_of(published)?;
            // A fortnight from a Monday: this week and the next.
            let days: i64 = if unit == Unit::Week { 7 } else { 14 };
            let start = add_days(monday, days * i64::from(offset))?;
            spanning(start, add_days(start, days - 1)?)
        }
        Unit::Weekend => {
            // The weekend under way or just past; "last weekend" read on a
            // weekday is that one too.
            let saturday = weekday_from(published, 6, Shift::None)?;
            let on_weekend = published.weekday().to_monday_one_offset() >= 6;
            let k = match offset {
                o if o < 0 && !on_weekend => o + 1,
                o => o,
            };
            let start = add_days(saturday, 7 * i64::from(k))?;
            spanning(start, add_days(start, 1)?)
        }
        Unit::Month => {
            let first = month_start_plus(published, offset)?;
            month_interval(first.year(), first.month())
        }
        Unit::Quarter => {
            let months = jiff::Span::new().try_months(3 * i64::from(offset)).ok()?;
            let first = quarter_start(published)?.checked_add(months).ok()?;
            let last = first.checked_add(2.months()).ok()?.last_of_month();
            spanning(first, last)
        }
        Unit::Year => year_interval(published.year().checked_add(offset.try_into().ok()?)?),
        Unit::Decade => {
            let start = (published.year() / 10)
                .checked_add(i16::try_from(offset).ok()?)?
                .checked_mul(10)?;
            spanning(
                Date::new(start, 1, 1).ok()?,
                Date::new(start.checked_add(9)?, 12, 31).ok()?,
            )
        }
    }
}

/// A part of a period named from the publication ("the end of the month",
/// "la fin de l'année"): its end is its second half, as one says of a
/// period under way; a named month or year ("fin juillet", "late 2023")
/// ends with its last third.
fn part_of_period(whole: Interval, part: Part, published: Option<Date>) -> Option<Interval> {
    match part {
        Part::End => {
            let (a, b) = half(whole, true)?;
            spanning(a, b)
        }
        _ => part_of(whole, part, published),
    }
}

/// The first or second half of a week (Monday to Wednesday, Thursday to
/// Sunday), a month (1–15, 16 to the end), a year (January–June,
/// July–December) or any other interval.
fn half(whole: Interval, second: bool) -> Option<(Date, Date)> {
    let (s, e) = (whole.start, whole.end);
    let days = s.until(e).ok()?.get_days() + 1;
    let first_end = if days == 7 && s.weekday().to_monday_one_offset() == 1 {
        add_days(s, 2)?
    } else if is_whole_month(whole) {
        s.with().day(15).build().ok()?
    } else if is_whole_year(whole) {
        Date::new(s.year(), 6, 30).ok()?
    } else {
        add_days(s, (days / 2).max(1) - 1)?
    };
    Some(if second {
        (add_days(first_end, 1)?.min(e), e)
    } else {
        (s, first_end)
    })
}

/// `whole` is one calendar month.
fn is_whole_month(whole: Interval) -> bool {
    whole.start.day() == 1 && whole.end == whole.start.last_of_month()
}

/// `whole` is one calendar year.
fn is_whole_year(whole: Interval) -> bool {
    let (s, e) = (whole.start, whole.end);
    s.month() == 1 && s.day() == 1 && e.month() == 12 && e.day() == 31 && s.year() == e.year()
}

fn part_of(whole: Interval, part: Part, published: Option<Date>) -> Option<Interval> {
    let (s, e) = (whole.start, whole.end);
    let whole_month = is_whole_month(whole);
    let whole_year = is_whole_year(whole);
    match part {
        Part::ToDate => spanning(s, published?.clamp(s, e)),
        Part::Months(a, b) => {
            let start = Date::new(s.year(), a as i8, 1).ok()?;
            spanning(start, Date::new(s.year(), b as i8, 1).ok()?.last_of_month())
        }
        Part::Weekday(w) => Some(Interval::day(add_days(monday_of(s)?, i32::from(w) - 1)?)),
        Part::Weekend => {
            // A feast on a Monday lengthens the weekend before it, one on a
            // Thursday or Friday the weekend after it; a feast midweek
            // names the weekend before it.
            let monday = monday_of(s)?;
            match s.weekday().to_monday_one_offset() {
                1 => spanning(add_days(monday, -2)?, s),
                2 | 3 => spanning(add_days(monday, -2)?, add_days(monday, -1)?),
                _ => spanning(s.min(add_days(monday, 5)?), add_days(monday, 6)?),
            }
        }
        Part::Week(n) => {
            let start = if n == 0 {
                monday_of(s)?
            } else if whole_year {
                // ISO weeks: the first holds 4 January, the last 28 December.
                let anchor = if n > 0 {
                    add_days(Date::new(s.year(), 1, 4).ok()?, 7 * (i32::from(n) - 1))?
                } else {
                    Date::new(s.year(), 12, 28).ok()?
                };
                // Week 53 of a year of 52 weeks does not exist.
                if anchor.iso_week_date().year() != s.year() {
                    return None;
                }
                monday_of(anchor)?
            } else if n > 0 {
                monday_of(add_days(s, 7 * (i32::from(n) - 1))?)?
            } else {
                monday_of(e)?
            };
            spanning(start, add_days(start, 6)?)
        }
        Part::Rest => spanning(published?.clamp(s, e), e),
        Part::Earlier | Part::Later => {
            let (a, b) = half(whole, part == Part::Later)?;
            let p = published?;
            let within = (a..=b).contains(&p);
            match part {
                Part::Earlier if within => spanning(a, p),
                Part::Later if within => spanning(p, b),
                _ => spanning(a, b),
            }
        }
        Part::Nth(n, Unit::Month) => {
            let start = s
                .checked_add(i64::from(n.saturating_sub(1)).months())
                .ok()?;
            let end = start.last_of_month();
            (end <= e).then(|| spanning(start, end))?
        }
        Part::Nth(n, _) => {
            let day = add_days(s, i32::from(n) - 1)?;
            (day <= e).then_some(Interval::day(day))
        }
        Part::Lead { count, unit, last } => {
            let n = i64::from(count);
            let (a, b) = match (unit, last) {
                (Unit::Day, false) => (s, s.checked_add((n - 1).days()).ok()?),
                (Unit::Day, true) => (e.checked_sub((n - 1).days()).ok()?, e),
                // Whole weeks from the first Monday in, or back from the
                // last Sunday.
                (Unit::Week, false) => {
                    let first = monday_of(add_days(s, 6)?)?;
                    (first, first.checked_add((7 * n - 1).days()).ok()?)
                }
                (Unit::Week, true) => {
                    let last = add_days(monday_of(add_days(e, 1)?)?, -1)?;
                    (last.checked_sub((7 * n - 1).days()).ok()?, last)
                }
                (_, false) => (s, add_days(s.checked_add(n.months()).ok()?, -1)?),
                (_, true) => (add_days(e, 1)?.checked_sub(n.months()).ok()?, e),
            };
            spanning(a.max(s), b.min(e))
        }
        _ if whole_month => {
            let (a, b) = match part {
                Part::Start => (1, 10),
                Part::Mid => (11, 20),
                _ => (21, e.day()),
            };
            spanning(s.with().day(a).build().ok()?, s.with().day(b).build().ok()?)
        }
        _ if whole_year => {
            let (a, b) = match part {
                Part::Start => (1, 4),
                Part::Mid => (5, 8),
                _ => (9, 12),
            };
            let start = Date::new(s.year(), a, 1).ok()?;
            spanning(start, Date::new(s.year(), b, 1).ok()?.last_of_month())
        }
        _ => {
            let days = s.until(e).ok()?.get_days() + 1;
            let third = (days / 3).max(1);
            let (a, b) = match part {
                Part::Start => (s, add_days(s, third - 1)?),
                Part::Mid => (add_days(s, third)?, add_days(e, -third)?),
                _ => (add_days(e, 1 - third)?, e),
            };
            spanning(a, b.max(a))
        }
    }
}

fn is_bare_day(x: &TimeExpr) -> Option<u8> {
    match x {
        TimeExpr::Date(DateParts {
            day: Some(d),
            month: None,
            year: None,
            ..
        }) => Some(*d),
        _ => None,
    }
}

/// The day `d` nearest to `anchor` on its side: on or after it when `after`,
/// else on or before it.
fn day_near(anchor: Date, d: u8, after: bool) -> Option<Date> {
    for k in 0..4 {
        let first = month_start_plus(anchor, if after { k } else { -k })?;
        if let Ok(c) = Date::new(first.year(), first.month(), d as i8) {
            if (after && c >= anchor) || (!after && c <= anchor) {
                return Some(c);
            }
        }
    }
    None
}

fn range(
    from: &TimeExpr,
    to: &TimeExpr,
    published: Option<Date>,
    previous: Option<Interval>,
    lean: Lean,
) -> Option<Interval> {
    if let Some(d) = is_bare_day(to) {
        // "May 1-4": the end leans on the start.
        let a = resolve_in(from, published, previous, lean)?;
        let b = day_near(a.start, d, true)?;
        return spanning(a.start, b);
    }
    // An end with neither year nor shift word, as a date or weekday, can
    // follow the start: "from 10/1 to 11/7", "du vendredi au dimanche".
    let follows = |x: &TimeExpr| match x {
        TimeExpr::Date(p) => p.year.is_none() && p.shift == Shift::None,
        TimeExpr::Weekday { shift, .. } => *shift == Shift::None,
        _ => false,
    };
    // A start without a year is the most recent such date on or before the
    // end: "de janvier à mars 2020", "from this May to Oct 2020".
    let anchored = match from {
        TimeExpr::Date(p) => p.year.is_none() && p.shift == Shift::None,
        TimeExpr::Weekday { shift, .. } | TimeExpr::Season { shift, .. } => *shift == Shift::None,
        _ => false,
    };
    if anchored && follows(to) && is_bare_day(from).is_none() {
        // Looking ahead, the range under way at publication or the next one.
        let whole = |lean: Lean| -> Option<Interval> {
            let a = resolve_in(from, published, previous, lean)?;
            let b = ahead_of(to, a.start, previous)?;
            spanning(a.start, b.end)
        };
        let back = whole(Lean::Back);
        match (lean, back, published) {
            (Lean::Ahead, Some(r), Some(p)) if r.end < p => return whole(Lean::Ahead),
            (Lean::Ahead, ..) => return back,
            // Leaning back, a range may be under way at publication, not
            // mostly ahead of it: "lasted from May to March" read in August
            // is the last May to March, anchored by its end below.
            (_, Some(r), Some(p)) if r.end <= p.checked_add(UNDER_WAY_DAYS.days()).ok()? => {
                return back
            }
            _ => {}
        }
    }
    let b = resolve_in(to, published, previous, lean)?;
    let a = if anchored {
        resolve_in(from, Some(b.end), previous, Lean::Back)?
    } else {
        resolve_in(from, published, previous, lean)?
    };
    if b.end < a.start {
        // "from next Monday to Friday": the end is the first such day after the start.
        let b = ahead_of(to, a.start, previous)?;
        return spanning(a.start, b.end);
    }
    spanning(a.start, b.end)
}

/// The first date or weekday written as `x` (without a year) on or after
/// `start`.
fn ahead_of(x: &TimeExpr, start: Date, previous: Option<Interval>) -> Option<Interval> {
    let x = match x {
        TimeExpr::Weekday { weekday, .. } => TimeExpr::Weekday {
            weekday: *weekday,
            shift: Shift::None,
        },
        TimeExpr::Date(p) if p.year.is_none() => TimeExpr::Date(DateParts {
            shift: Shift::None,
            ..*p
        }),
        _ => return None,
    };
    resolve_in(&x, Some(start), previous, Lean::Ahead)
}

fn list(
    items: &[TimeExpr],
    published: Option<Date>,
    previous: Option<Interval>,
    lean: Lean,
) -> Option<Interval> {
    let resolve =
        |x: &TimeExpr, p: Option<Date>, prev: Option<Interval>| resolve_in(x, p, prev, lean);
    let anchor_at = items.iter().rposition(|x| is_bare_day(x).is_none())?;
    let anchor = resolve(&items[anchor_at], published, previous)?;
    let mut start = anchor.start;
    let mut end = anchor.end;
    for (k, x) in items.iter().enumerate() {
        let r = match is_bare_day(x) {
            Some(d) if k < anchor_at => Interval::day(day_near(anchor.start, d, false)?),
            Some(d) => Interval::day(day_near(anchor.end, d, true)?),
            None => resolve(x, published, previous)?,
        };
        start = start.min(r.start);
        end = end.max(r.end);
    }
    spanning(start, end)
}
