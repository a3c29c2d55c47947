//! The grammar of time expressions, over the folded tokens of one sentence.
//! Every rule returns the end (exclusive token index) of what it read.

use super::{DateParts, Part, Shift, TimeExpr, TimeRecognizer, Unit};
use crate::text::{TokenKind, Tokens};

/// What a rule read: its end and the expression.
type Hit = (usize, TimeExpr);

pub(super) struct Parser<'a> {
    pub r: &'a TimeRecognizer,
    pub text: &'a str,
    pub t: &'a Tokens,
    /// The first token of the sentence.
    pub from: usize,
    /// One past the last token of the sentence.
    pub lim: usize,
    /// Per token from `from`: stands in a clause that looks ahead. Read
    /// only where a rule or a mention needs it.
    pub future: std::cell::OnceCell<Vec<bool>>,
    /// [`Parser::modified`] by position and context: ranges, lists, nights
    /// and parts all try it at the same tokens.
    pub memo: std::cell::RefCell<rustc_hash::FxHashMap<(usize, bool), Option<Hit>>>,
}

/// Years outside this window are counts or codes, not dates, when written
/// without a month next to them.
const BARE_YEARS: std::ops::RangeInclusive<i16> = 1900..=2100;

/// Years in words that read like a time of day ("ten thirty"): not years
/// when alone.
const CLOCK_LIKE_YEARS: std::ops::Range<i16> = 1000..1300;

impl Parser<'_> {
    fn folded(&self, i: usize) -> &str {
        if i < self.lim {
            self.t.folded(i)
        } else {
            ""
        }
    }

    /// Token `i` stands in a clause that looks ahead.
    pub(super) fn future_at(&self, i: usize) -> bool {
        self.future
            .get_or_init(|| self.r.future_scope(self.text, self.t, self.from..self.lim))
            .get(i - self.from)
            .copied()
            .unwrap_or(false)
    }

    fn kind(&self, i: usize) -> Option<TokenKind> {
        (i < self.lim).then(|| self.t.tokens[i].kind)
    }

    /// Token `i` touches the token before it.
    fn glued(&self, i: usize) -> bool {
        i > 0 && i < self.lim && self.t.tokens[i].span.start == self.t.tokens[i - 1].span.end
    }

    fn raw(&self, i: usize) -> &str {
        if i < self.lim {
            self.t.text(self.text, i)
        } else {
            ""
        }
    }

    fn capitalised(&self, i: usize) -> bool {
        self.t.is_capitalised(self.text, i)
    }

    /// The longest expression that starts at token `i`; on a tie, the
    /// first rule in this order wins.
    pub(super) fn longest_at(&self, i: usize) -> Option<Hit> {
        let spans = self.spans_at(i);
        let part = self.part_of(i);
        let candidates = [
            self.night(i),
            self.range(i),
            self.list(i),
            part.clone(),
            self.weekday_of_week(i),
            self.year_part(i),
            self.weekday_offset(i, &spans, &part),
            spans[0].clone(),
            spans[1].clone(),
            spans[2].clone(),
            self.rough(i, self.span(i)),
            self.decade(i),
            self.century(i),
            self.day_alone(i),
            self.modified(i, false),
            self.period(i),
            self.relative(i),
            self.anaphoric(i),
            self.same_period(i),
            self.week_number(i),
            self.nth_of(i),
            self.lead_of(i),
            self.rough(i, self.lasting(i)),
            self.days_of(i),
            self.holiday_weekend(i),
            self.rough(i, self.within(i)),
        ];
        let mut best: Option<Hit> = None;
        for c in candidates.into_iter().flatten() {
            if best.as_ref().is_none_or(|b| c.0 > b.0) {
                best = Some(c);
            }
        }
        best.map(|h| self.shift_compound(h))
    }

    /// "les 6 et 13 avril prochains": a modifier after a range or list
    /// shifts its dates that have no year.
    fn shift_compound(&self, (e, mut expr): Hit) -> Hit {
        let items: Vec<&mut TimeExpr> = match &mut expr {
            TimeExpr::List(items) => items.iter_mut().collect(),
            TimeExpr::Range { from, to } => vec![&mut **from, &mut **to],
            _ => return (e, expr),
        };
        // "du 01/05 au 07/05, 2020": a year after the whole range.
        if let (e2, Some(y)) = self.year_after(e, true) {
            if !items
                .iter()
                .all(|x| matches!(x, TimeExpr::Date(d) if d.year.is_none()))
            {
                return (e, expr);
            }
            for x in items {
                if let TimeExpr::Date(d) = x {
                    d.year = Some(y);
                }
            }
            return (e2, expr);
        }
        let Some((e2, shift)) = self.r.after_modifiers.at(self.t, e, self.lim) else {
            return (e, expr);
        };
        for x in items {
            if let TimeExpr::Date(d) = x {
                if d.year.is_none() && d.month.is_some() {
                    d.shift = *shift;
                }
            }
        }
        (e2, expr)
    }

    // ----- words -----

    /// A day of the month: "26", "1er", "22nd", "premier", "ninth".
    fn day(&self, i: usize) -> Option<(usize, u8)> {
        if let Some((e, d)) = self.r.day_words.at(self.t, i, self.lim) {
            return Some((e, *d));
        }
        let f = self.folded(i);
        let digits = f.bytes().take_while(u8::is_ascii_digit).count();
        if digits == 0 || digits > 2 {
            return None;
        }
        let (num, suffix) = f.split_at(digits);
        let ok = match self.kind(i) {
            Some(TokenKind::Number) => self.raw(i).len() == digits && !self.time_of_day_after(i),
            Some(TokenKind::Word) => self.r.day_suffixes.iter().any(|s| s == suffix),
            _ => false,
        };
        let d: u8 = num.parse().ok()?;
        (ok && (1..=31).contains(&d)).then_some((i + 1, d))
    }

    /// "10:30", "10 h": the number before is an hour.
    fn time_of_day_after(&self, i: usize) -> bool {
        let n = self.folded(i + 1);
        (n == ":" && self.glued(i + 1)) || n == "h"
    }

    /// A month name: (end, month, is an abbreviation).
    fn month(&self, i: usize) -> Option<(usize, u8, bool)> {
        if let Some((e, m)) = self.r.months.at(self.t, i, self.lim) {
            return Some((e, *m, false));
        }
        self.r
            .month_abbreviations
            .at(self.t, i, self.lim)
            .map(|(e, m)| (e, *m, true))
    }

    /// A weekday name. Abbreviations need a capital unless `lenient`.
    fn weekday(&self, i: usize, lenient: bool) -> Option<(usize, u8)> {
        if let Some((e, w)) = self.r.weekdays.at(self.t, i, self.lim) {
            return Some((e, *w));
        }
        // Alone, an abbreviation needs a capital and its full stop: "Sat."
        // ("The Sun reported" names a paper).
        let (e, w) = self.r.weekday_abbreviations.at(self.t, i, self.lim)?;
        let dotted = self.folded(e) == "." && self.glued(e);
        (lenient || (self.capitalised(i) && dotted)).then_some((e, *w))
    }

    /// A four-digit year, or a two-digit one when `short` ("octobre 98")
    /// and no word follows it.
    fn year_number(&self, i: usize, short: bool) -> Option<(usize, i16)> {
        if self.kind(i) != Some(TokenKind::Number) {
            return None;
        }
        let raw = self.raw(i);
        if !raw.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let v: i16 = raw.parse().ok()?;
        match raw.len() {
            4 if (1000..=2999).contains(&v) => Some((i + 1, v)),
            2 if short
                && self.kind(i + 1) != Some(TokenKind::Word)
                && !self.time_of_day_after(i) =>
            {
                Some((i + 1, century_of(v)))
            }
            _ => None,
        }
    }

    /// A year written after a month or a day and month: "août 2024",
    /// "juin de 1992", "February 22, 2021", "octobre 98". After a month
    /// alone, two digits that could be a day ("novembre 19") are not a year.
    fn year_after(&self, e: usize, after_day: bool) -> (usize, Option<i16>) {
        let mut starts = vec![e];
        if self.folded(e) == "." && self.glued(e) {
            starts.push(e + 1);
        }
        for s in starts {
            let short_ok = |k: usize| after_day || self.raw(k).parse::<u8>().is_ok_and(|v| v > 31);
            if let Some((k, _)) = self.r.month_year.at(self.t, s, self.lim) {
                // "le 4 mai, 2000 personnes ont fui": after a comma, a number
                // before a word is a count.
                let counted = self.folded(s) == "," && self.kind(k + 1) == Some(TokenKind::Word);
                if let Some((end, y)) = self.year_number(k, short_ok(k)).filter(|_| !counted) {
                    return (end, Some(y));
                }
                if let Some((end, y)) = self.spoken_year(k, true) {
                    return (end, Some(y));
                }
            }
            // Where the month comes first ("December 27"), two digits right
            // after "12 December" are more likely the next date's day.
            let bare_short_ok = short_ok(s) && !self.r.month_first;
            if let Some((end, y)) = self
                .year_number(s, bare_short_ok)
                .or_else(|| self.spoken_year(s, true))
            {
                return (end, Some(y));
            }
        }
        (e, None)
    }

    /// A day of the month in words, next to its month: "twenty nine" in
    /// "May twenty nine", "vingt neuf" in "vingt neuf mai". One is left to
    /// the ordinals: "a May morning" holds no day.
    fn spoken_day(&self, i: usize) -> Option<(usize, u8)> {
        let (e, v, _) = self.r.numbers.read(self.t, i, self.lim)?;
        let d = u8::try_from(v).ok().filter(|d| (2..=31).contains(d))?;
        Some((e, d))
    }

    /// A year in words: "nineteen ninety six", "seventeen hundred thirty
    /// three", "two thousand and fifteen", "mil neuf cent quatre-vingt-dix",
    /// "dix neuf soixante douze". A whole hundred ("two thousand") only when
    /// `round`: after a year word it is more often a count.
    fn spoken_year(&self, i: usize, round: bool) -> Option<(usize, i16)> {
        let n = &self.r.numbers;
        // "a thousand", "un mille": a one starts counts, not years.
        if n.word(self.t, i, self.lim).is_none_or(|(_, v)| v < 2) {
            return None;
        }
        let (e, v, _) = n.read(self.t, i, self.lim)?;
        let (end, year) = if (10..100).contains(&v) {
            // Two pairs of digits said apart: the century, then the year.
            let (e2, v2, _) = n.read(self.t, e, self.lim)?;
            if !(10..100).contains(&v2) {
                return None;
            }
            (e2, v * 100 + v2)
        } else {
            (e, v)
        };
        if !(1000..=2999).contains(&year) || (!round && year % 100 == 0) {
            return None;
        }
        let y = i16::try_from(year).ok()?;
        self.spoken_ends(end).then_some((end, y))
    }

    /// Days and years in words end before punctuation, the end of the
    /// sentence or a word of `[spoken] followed_by`.
    fn spoken_ends(&self, e: usize) -> bool {
        self.clause_ends(e) || self.r.spoken_followed_by.has_at(self.t, e, self.lim)
    }

    /// Token `e` ends the clause: punctuation or the end of the sentence.
    fn clause_ends(&self, e: usize) -> bool {
        e >= self.lim || self.kind(e) == Some(TokenKind::Punct)
    }

    /// Skips a full stop glued to an abbreviation: "Feb." in "Feb. 22".
    fn skip_dot(&self, e: usize) -> usize {
        if self.folded(e) == "." && self.glued(e) {
            e + 1
        } else {
            e
        }
    }

    fn count(&self, i: usize) -> Option<(usize, u32)> {
        if let Some((e, (n, _))) = self.r.counts.at(self.t, i, self.lim) {
            return Some((e, *n));
        }
        if let Some((e, n, _)) = self.r.numbers.read(self.t, i, self.lim) {
            return u32::try_from(n).ok().map(|n| (e, n));
        }
        if self.kind(i) == Some(TokenKind::Number) {
            let raw = self.raw(i);
            if raw.bytes().all(|b| b.is_ascii_digit()) && raw.len() <= 3 {
                return raw.parse().ok().map(|n| (i + 1, n));
            }
        }
        None
    }

    // ----- dates -----

    /// Day, month and year in the orders the language writes them, with an
    /// optional weekday before: "lundi 26 août 2024", "Monday, February 22",
    /// "the 22nd of February", "août 2024", "juillet".
    fn named_date(&self, i: usize, in_compound: bool) -> Option<(usize, DateParts)> {
        if let Some((e, wd)) = self.weekday(i, true) {
            let mut starts = vec![e];
            if let Some((k, _)) = self.r.weekday_day.at(self.t, e, self.lim) {
                starts.insert(0, k);
            }
            for &k in &starts {
                let found = self
                    .day_month_year(k, in_compound)
                    .filter(|(_, d)| d.day.is_some())
                    .or_else(|| self.numeric_date(k));
                if let Some((end, mut d)) = found {
                    d.weekday = Some(wd);
                    return Some((end, d));
                }
            }
            // "dimanche 25", "Sunday the 31st": a day number with no month.
            for k in starts {
                if let Some((end, day)) = self.day(k) {
                    if self.day_alone_ends(k, end) {
                        return Some((
                            end,
                            DateParts {
                                day: Some(day),
                                weekday: Some(wd),
                                ..DateParts::default()
                            },
                        ));
                    }
                }
            }
            return None;
        }
        self.day_month_year(i, in_compound)
    }

    /// After a weekday, a day number without a month is a date when it is
    /// an ordinal ("13th") or nothing but punctuation or a join follows it
    /// ("dimanche 25 au lundi 26"): "dimanche 12 soldats" is a count.
    fn day_alone_ends(&self, k: usize, end: usize) -> bool {
        let ordinal = self.kind(k) == Some(TokenKind::Word)
            && self.folded(k).starts_with(|c: char| c.is_ascii_digit());
        if ordinal {
            return true;
        }
        // "Saturday 3-1": a score or a tally, no day; "Saturday 24-25
        // August" is a range of days.
        let joined_number = matches!(self.folded(end), "-" | "/")
            && self.glued(end)
            && self.glued(end + 1)
            && self.kind(end + 1) == Some(TokenKind::Number)
            && self.month(end + 2).is_none();
        if joined_number {
            return false;
        }
        !matches!(
            self.kind(end),
            Some(TokenKind::Word) | Some(TokenKind::Number)
        ) || self.r.range_join.has_at(self.t, end, self.lim)
            || self.r.list_join.has_at(self.t, end, self.lim)
            || self.r.night_join.has_at(self.t, end, self.lim)
            || self.r.after_modifiers.has_at(self.t, end, self.lim)
    }

    fn day_month_year(&self, i: usize, in_compound: bool) -> Option<(usize, DateParts)> {
        // "vingt neuf mai": the day word "vingt" alone is followed by no month.
        let days = [(self.day(i), false), (self.spoken_day(i), true)];
        for ((e, d), spoken) in days.into_iter().filter_map(|(d, s)| Some((d?, s))) {
            let mut starts = vec![e];
            if let Some((k, _)) = self.r.day_month.at(self.t, e, self.lim) {
                starts.insert(0, k);
            }
            for k in starts {
                if let Some((e2, m, _)) = self.month(k) {
                    // "killed two May 3": the day is the one after the month.
                    if spoken && self.r.month_first && self.day(self.skip_dot(e2)).is_some() {
                        continue;
                    }
                    let (end, year) = self.year_after(e2, true);
                    return Some((end, day_of_month(d, m, year)));
                }
            }
        }
        let (e, m, abbreviated) = self.month(i)?;
        if self.r.month_first {
            let e1 = self.skip_dot(e);
            let mut starts = vec![e1];
            if let Some((k, _)) = self.r.weekday_day.at(self.t, e1, self.lim) {
                starts.push(k);
            }
            for k in starts {
                // "May twenty nine", right after the month; "in March two
                // soldiers were killed" is a count.
                let spoken = || {
                    self.spoken_day(k).filter(|&(e2, _)| {
                        let ends = self.spoken_ends(e2)
                            && !self.r.spoken_not_after_day.has_at(self.t, e2, self.lim);
                        k == e1 && (ends || self.year_after(e2, true).1.is_some())
                    })
                };
                if let Some((e2, d)) = self.day(k).or_else(spoken) {
                    let (end, year) = self.year_after(e2, true);
                    return Some((end, day_of_month(d, m, year)));
                }
            }
        }
        if !self.r.month_first && self.year_after(e, false).1.is_none() {
            // "novembre 23 de 1987", "mai vingt-neuf.": a day after the
            // month, only with a year or at the end of the clause ("en mai
            // 29 personnes" counts people).
            if let Some((e2, d)) = self.day(e).or_else(|| self.spoken_day(e)) {
                let (end, year) = self.year_after(e2, true);
                if year.is_some() || (self.clause_ends(e2) && !self.glued(e2)) {
                    return Some((end, day_of_month(d, m, year)));
                }
            }
        }
        let (end, year) = self.year_after(e, false);
        let needs_capital = self.r.capital_months.has_at(self.t, i, self.lim);
        if year.is_none()
            && ((abbreviated && !in_compound) || (needs_capital && !self.capitalised(i)))
        {
            return None;
        }
        Some((
            end,
            DateParts {
                month: Some(m),
                year,
                ..DateParts::default()
            },
        ))
    }

    /// "22/04/2019", "2024-08-26", "04/22/2019" (English), "22/04", "2015-3",
    /// "12-2015", "23/Sep/2020", "Dec-2018", "2 4 2009", "20161016".
    fn numeric_date(&self, i: usize) -> Option<(usize, DateParts)> {
        let (pieces, end, slash) = self.numeric_pieces(i)?;
        let months: Vec<usize> = (0..pieces.len())
            .filter(|&k| matches!(pieces[k], Piece::Month(_)))
            .collect();
        fn digits<'a>(p: &Piece<'a>) -> Option<&'a str> {
            match p {
                Piece::Num(s) => Some(*s),
                Piece::Month(_) => None,
            }
        }
        let val = |s: &str| s.parse::<i16>().ok();
        let year_of = |s: &str| -> Option<i16> {
            let v = val(s)?;
            match s.len() {
                4 => Some(v),
                2 => Some(century_of(v)),
                _ => None,
            }
        };
        let (day, month, year): (Option<i16>, i16, Option<i16>) = match months.as_slice() {
            [k] => {
                let Piece::Month(m) = pieces[*k] else {
                    return None;
                };
                let nums: Vec<&str> = pieces.iter().filter_map(digits).collect();
                match nums.as_slice() {
                    [y] if y.len() == 4 => (None, i16::from(m), val(y)),
                    [d] if d.len() <= 2 => (val(d), i16::from(m), None),
                    [a, b] if a.len() == 4 => (val(b), i16::from(m), val(a)),
                    [a, b] => (val(a), i16::from(m), Some(year_of(b)?)),
                    _ => return None,
                }
            }
            [] => {
                let nums: Vec<&str> = pieces.iter().filter_map(digits).collect();
                match nums.as_slice() {
                    [a, b, c] if a.len() == 4 => (val(c), val(b)?, val(a)),
                    [a, b, c] => {
                        let (d, m) = self.day_month_order(val(a)?, val(b)?)?;
                        (Some(d), m, Some(year_of(c)?))
                    }
                    [a, b] if a.len() == 4 && b.len() <= 2 => (None, val(b)?, val(a)),
                    [a, b] if a.len() <= 2 && b.len() == 4 => (None, val(a)?, val(b)),
                    // Two small numbers joined by a dash are a score or a range.
                    [a, b] if slash && a.len() <= 2 && b.len() <= 2 => {
                        let (d, m) = self.day_month_order(val(a)?, val(b)?)?;
                        (Some(d), m, None)
                    }
                    _ => return None,
                }
            }
            _ => return None,
        };
        if !(1..=12).contains(&month) || day.is_some_and(|d| !(1..=31).contains(&d)) {
            return None;
        }
        Some((
            end,
            DateParts {
                day: day.map(|d| d as u8),
                month: Some(month as u8),
                year,
                ..DateParts::default()
            },
        ))
    }

    /// Day and month from two numbers in the language's order, or the other
    /// order when only that one makes a date ("22/04" in English).
    fn day_month_order(&self, a: i16, b: i16) -> Option<(i16, i16)> {
        let (d, m) = if self.r.month_first { (b, a) } else { (a, b) };
        if (1..=12).contains(&m) && (1..=31).contains(&d) {
            Some((d, m))
        } else if (1..=12).contains(&d) && (1..=31).contains(&m) {
            Some((m, d))
        } else {
            None
        }
    }

    /// The pieces of a numeric date, its end, and whether they are joined by
    /// slashes.
    fn numeric_pieces(&self, i: usize) -> Option<(Vec<Piece<'_>>, usize, bool)> {
        let num = |k: usize| -> Option<&str> {
            let raw = self.raw(k);
            (self.kind(k) == Some(TokenKind::Number)
                && !raw.is_empty()
                && raw.bytes().all(|b| b.is_ascii_digit()))
            .then_some(raw)
        };
        let piece = |k: usize| -> Option<(usize, Piece<'_>)> {
            if let Some(n) = num(k) {
                return Some((k + 1, Piece::Num(n)));
            }
            let (e, m, _) = self.month(k)?;
            Some((e, Piece::Month(m)))
        };
        let sep = |k: usize| -> Option<&str> {
            let f = self.folded(k);
            (matches!(f, "/" | "-" | ".") && self.glued(k) && self.glued(k + 1)).then_some(f)
        };
        let raw = self.raw(i);
        if self.kind(i) == Some(TokenKind::Number) {
            // "22.04.2019" is one token.
            let dots: Vec<&str> = raw.split('.').collect();
            if dots.len() == 3
                && dots
                    .iter()
                    .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()))
            {
                return Some((dots.into_iter().map(Piece::Num).collect(), i + 1, false));
            }
            // "20161016".
            if raw.len() == 8 && raw.bytes().all(|b| b.is_ascii_digit()) {
                let (y, md) = raw.split_at(4);
                let (m, d) = md.split_at(2);
                return Some((
                    vec![Piece::Num(y), Piece::Num(m), Piece::Num(d)],
                    i + 1,
                    false,
                ));
            }
        }
        let (e0, p0) = piece(i)?;
        if let Some(s1) = sep(e0) {
            let (e1, p1) = piece(e0 + 1)?;
            let mut pieces = vec![p0, p1];
            let mut end = e1;
            if sep(e1) == Some(s1) {
                if let Some((e2, p2)) = piece(e1 + 1) {
                    pieces.push(p2);
                    end = e2;
                }
            }
            return Some((pieces, end, s1 == "/"));
        }
        // "2 4 2009", "2016 10 16": three numbers apart, a four-digit year
        // first or last; "18 08 78": two digits last, each number one space
        // from the next, and before a word only with a padded number ("18
        // 8 78 soldats" counts).
        let (a, b, c) = (num(i)?, num(i + 1)?, num(i + 2)?);
        let small = |x: &str| x.len() <= 2;
        let one_space = |k: usize| {
            self.t.tokens[k].span.start == self.t.tokens[k - 1].span.end + 1
                && self.text.as_bytes().get(self.t.tokens[k].span.start - 1) == Some(&b' ')
        };
        let short_year = small(a)
            && small(b)
            && c.len() == 2
            && one_space(i + 1)
            && one_space(i + 2)
            && self.kind(i + 3) != Some(TokenKind::Number)
            && !self.r.units.has_at(self.t, i + 3, self.lim)
            && (self.kind(i + 3) != Some(TokenKind::Word)
                || [a, b].iter().any(|x| x.len() == 2 && x.starts_with('0')));
        ((a.len() == 4 && small(b) && small(c))
            || (small(a) && small(b) && c.len() == 4)
            || short_year)
            .then(|| {
                (
                    vec![Piece::Num(a), Piece::Num(b), Piece::Num(c)],
                    i + 3,
                    false,
                )
            })
    }

    /// A year alone. Outside a range it needs a year word before it
    /// ("en 2022"), or a weaker word and no word after it ("de 2014.").
    fn year(&self, i: usize, in_compound: bool) -> Option<(usize, i16)> {
        let strong = || self.r.year_before.ending_at(self.t, self.from, i).is_some();
        let Some((e, y)) = self.year_number(i, false) else {
            // In words, only after a strong year word: "in nineteen ninety six".
            // Alone, "since ten thirty" or "at eleven fifteen" tell a time of
            // day, not a year of the 11th century.
            return if strong() {
                self.spoken_year(i, false)
                    .filter(|(_, y)| !CLOCK_LIKE_YEARS.contains(y))
            } else {
                None
            };
        };
        if !BARE_YEARS.contains(&y) {
            return None;
        }
        if in_compound {
            return Some((e, y));
        }
        let next_is_word = self.kind(e) == Some(TokenKind::Word);
        let strong = strong();
        let weak = self
            .r
            .year_before_if_last
            .ending_at(self.t, self.from, i)
            .is_some();
        let punct_after = self.clause_ends(e);
        // "of 2007 and 2009": another year that ends the clause follows.
        let listed = || {
            let (k, _) = self.r.list_join.at(self.t, e, self.lim)?;
            let (e2, y2) = self.year_number(k, false)?;
            (self.clause_ends(e2) && BARE_YEARS.contains(&y2)).then_some(())
        };
        // "s'élevait à 2000." is a count: punctuation after is not enough
        // without a year word, except for a year that opens the sentence.
        let ok = strong
            || (weak && (!next_is_word || listed().is_some()))
            || (punct_after && i == self.from);
        ok.then_some((e, y))
    }

    /// "Dec31, 1994", "mar3": a month and a day as one word, and the year
    /// that may follow.
    fn glued_date(&self, i: usize) -> Option<(usize, DateParts)> {
        if self.kind(i) != Some(TokenKind::Word) {
            return None;
        }
        let (m, d, needs_capital) = self.r.glued_month_day(self.folded(i))?;
        if needs_capital && !self.capitalised(i) {
            return None;
        }
        let (end, year) = self.year_after(i + 1, true);
        Some((end, day_of_month(d, m, year)))
    }

    /// "2017 April": a year, then a month written in full.
    fn year_month(&self, i: usize) -> Option<(usize, DateParts)> {
        let (e, y) = self.year_number(i, false)?;
        let (e2, m, abbreviated) = self.month(e)?;
        let needs_capital = self.r.capital_months.has_at(self.t, e, self.lim);
        // "some 2000 May Day marchers" counts marchers: the month must end
        // the clause.
        if abbreviated || (needs_capital && !self.capitalised(e)) || !self.clause_ends(e2) {
            return None;
        }
        Some((
            e2,
            DateParts {
                month: Some(m),
                year: Some(y),
                ..DateParts::default()
            },
        ))
    }

    /// "en été", "l'hiver", "winter": a season word that is also another
    /// word needs a season word before it or a capital.
    fn season(&self, i: usize) -> Option<Hit> {
        let (e, (first, last, ambiguous)) = self.r.seasons.at(self.t, i, self.lim)?;
        let introduced = self
            .r
            .season_before
            .ending_at(self.t, self.from, i)
            .is_some();
        let qualifies = self
            .r
            .season_not_after
            .ending_at(self.t, self.from, i)
            .is_some();
        let ok = introduced || (!qualifies && (!*ambiguous || self.capitalised(i)));
        ok.then_some((
            e,
            TimeExpr::Season {
                first_month: *first,
                last_month: *last,
                shift: Shift::None,
            },
        ))
    }

    /// "Noël", "Christmas 2023", "Pâques", "Easter 2018": a feast and the
    /// year that may follow it. A year before "weekend" is the feast's:
    /// "Labor Day 2021 weekend".
    fn holiday(&self, i: usize) -> Option<Hit> {
        // A feast that is a name too ("Tariq Ramadan") is none after a
        // capitalised word, unless that word is one of `names_after`
        // ("During Ramadan", "The Ramadan truce"); one that is a phrase too
        // ("the new year") needs one of `phrases_after` before it ("before
        // new year").
        let named = |e: usize| {
            let is =
                |p: &super::Phrases<()>| p.at(self.t, i, self.lim).is_some_and(|(k, _)| k == e);
            let after = |p: &super::Phrases<()>| p.ending_at(self.t, self.from, i).is_some();
            if is(&self.r.holiday_phrases) {
                return after(&self.r.holiday_phrases_after);
            }
            let after_name = i > self.from
                && self.kind(i - 1) == Some(TokenKind::Word)
                && self.capitalised(i - 1);
            !is(&self.r.holiday_names) || !after_name || after(&self.r.holiday_names_after)
        };
        if let Some((e, (m, d))) = self.r.fixed_holidays.at(self.t, i, self.lim) {
            if !named(e) {
                return None;
            }
            let (end, year) = self.year_after(e, true);
            return Some((
                end,
                TimeExpr::Date(DateParts {
                    day: Some(*d),
                    month: Some(*m),
                    year,
                    ..DateParts::default()
                }),
            ));
        }
        let (e, feast) = self.r.moving_holidays.at(self.t, i, self.lim)?;
        if !named(e) {
            return None;
        }
        let (end, year) = self.year_after(e, true);
        Some((
            end,
            TimeExpr::Feast {
                feast: *feast,
                year,
                shift: Shift::None,
            },
        ))
    }

    /// "the weekend of Halloween", "Labor Day 2021 weekend", "le week-end
    /// de Pâques": the weekend around a feast.
    fn holiday_weekend(&self, i: usize) -> Option<Hit> {
        let make = |e: usize, of: TimeExpr| part_hit(e, Part::Weekend, of);
        if let Some((e, _)) = self.r.holiday_weekend_before.at(self.t, i, self.lim) {
            let (e2, of) = self.holiday(e)?;
            return Some(make(e2, of));
        }
        let (e, mut of) = self.holiday(i)?;
        let (e2, _) = self.r.holiday_weekend_after.at(self.t, e, self.lim)?;
        // "Halloween weekend 2021": the year after the whole.
        let (e3, year) = self.year_after(e2, true);
        match (&mut of, year) {
            (TimeExpr::Date(d), Some(y)) if d.year.is_none() => d.year = Some(y),
            (TimeExpr::Feast { year: fy, .. }, Some(y)) if fy.is_none() => *fy = Some(y),
            _ => return Some(make(e2, of)),
        }
        Some(make(e3, of))
    }

    /// One date, weekday or year, without modifiers.
    fn single(&self, i: usize, in_compound: bool) -> Option<Hit> {
        let mut best: Option<Hit> = None;
        let mut take = |h: Option<Hit>| {
            if let Some(h) = h {
                if best.as_ref().is_none_or(|b| h.0 > b.0) {
                    best = Some(h);
                }
            }
        };
        take(self.numeric_date(i).map(|(e, d)| (e, TimeExpr::Date(d))));
        take(
            self.named_date(i, in_compound)
                .map(|(e, d)| (e, TimeExpr::Date(d))),
        );
        take(self.weekday(i, false).map(|(e, w)| {
            (
                e,
                TimeExpr::Weekday {
                    weekday: w,
                    shift: Shift::None,
                },
            )
        }));
        take(self.season(i));
        take(self.holiday(i));
        take(self.year_month(i).map(|(e, d)| (e, TimeExpr::Date(d))));
        take(self.glued_date(i).map(|(e, d)| (e, TimeExpr::Date(d))));
        take(self.year(i, in_compound).map(|(e, y)| {
            (
                e,
                TimeExpr::Date(DateParts {
                    year: Some(y),
                    ..DateParts::default()
                }),
            )
        }));
        best
    }

    /// A date or weekday with the words that shift it: "ce dimanche",
    /// "dimanche dernier", "le 6 mai dernier", "last Tuesday", "this September".
    fn modified(&self, i: usize, in_compound: bool) -> Option<Hit> {
        if let Some(h) = self.memo.borrow().get(&(i, in_compound)) {
            return h.clone();
        }
        let h = self.modified_uncached(i, in_compound);
        self.memo.borrow_mut().insert((i, in_compound), h.clone());
        h
    }

    fn modified_uncached(&self, i: usize, in_compound: bool) -> Option<Hit> {
        let with_shift = |(e, mut expr): Hit, shift: Shift| -> Hit {
            // Only a weekday counts from the date told before.
            let dated = match shift {
                Shift::Before => Shift::Last,
                Shift::After => Shift::Next,
                s => s,
            };
            let shift = if matches!(expr, TimeExpr::Weekday { .. }) {
                shift
            } else {
                dated
            };
            match &mut expr {
                TimeExpr::Date(d) if d.year.is_none() || d.month.is_some() => d.shift = shift,
                TimeExpr::Weekday { shift: s, .. }
                | TimeExpr::Season { shift: s, .. }
                | TimeExpr::Feast { shift: s, .. } => *s = shift,
                _ => {}
            }
            (e, expr)
        };
        let after = |(e, expr): Hit| -> Hit {
            let shiftable = matches!(
                &expr,
                TimeExpr::Weekday { .. }
                    | TimeExpr::Season { .. }
                    | TimeExpr::Feast { year: None, .. }
            ) || matches!(&expr, TimeExpr::Date(d) if d.year.is_none());
            match self.r.after_modifiers.at(self.t, e, self.lim) {
                Some((e2, s)) if shiftable => with_shift((e2, expr), *s),
                _ => (e, expr),
            }
        };
        if let Some((e, shift)) = self.r.before_modifiers.at(self.t, i, self.lim) {
            if let Some(h) = self.single(e, in_compound) {
                if let Some(week) = self.weekday_by_week(i, e, &h, *shift) {
                    return Some(week);
                }
                if !matches!(h.1, TimeExpr::Date(d) if d.month.is_none()) {
                    return Some(with_shift(after(h), *shift));
                }
            }
        }
        self.single(i, in_compound).map(after)
    }

    /// "last Wednesday" read as the Wednesday of last week, where the
    /// language says so of the modifier from `i` to `e`.
    fn weekday_by_week(&self, i: usize, e: usize, h: &Hit, shift: Shift) -> Option<Hit> {
        let TimeExpr::Weekday { weekday, .. } = h.1 else {
            return None;
        };
        let (m, _) = self.r.weekday_by_week.at(self.t, i, self.lim)?;
        let offset = match shift {
            Shift::Last => -1,
            Shift::Next => 1,
            _ => return None,
        };
        // The whole modifier, not a shorter one inside it.
        if m != e {
            return None;
        }
        let week = TimeExpr::Period {
            unit: Unit::Week,
            offset,
            part: None,
        };
        Some(part_hit(h.0, Part::Weekday(weekday), week))
    }

    /// A day number alone, only inside ranges and lists: "1er" in "du 1er au 4 mai".
    fn bare_day(&self, i: usize) -> Option<Hit> {
        self.day(i).map(|(e, d)| {
            (
                e,
                TimeExpr::Date(DateParts {
                    day: Some(d),
                    ..DateParts::default()
                }),
            )
        })
    }

    /// A member of a range, list or night.
    fn element(&self, i: usize, bare: bool) -> Option<Hit> {
        let now = self
            .r
            .range_now
            .at(self.t, i, self.lim)
            .map(|(e, _)| (e, TimeExpr::RelativeDay(0)));
        let mut best: Option<Hit> = None;
        for h in [
            self.modified(i, true),
            self.relative(i),
            now,
            self.part_of(i),
            self.decade(i),
            self.year_part(i),
        ]
        .into_iter()
        .flatten()
        {
            if best.as_ref().is_none_or(|b| h.0 > b.0) {
                best = Some(h);
            }
        }
        match (best, bare) {
            (Some(h), _) => Some(h),
            (None, true) => self.bare_day(i),
            (None, false) => None,
        }
    }

    // ----- compounds -----

    /// "dans la nuit de jeudi à vendredi", "la nuit du 25 au 26 juillet".
    fn night(&self, i: usize) -> Option<Hit> {
        let (e, _) = self.r.night_open.at(self.t, i, self.lim)?;
        let (e1, first) = self.element(e, true)?;
        let second = self
            .r
            .night_join
            .at(self.t, e1, self.lim)
            .and_then(|(k, _)| self.element(k, false));
        match second {
            Some((e2, second)) => Some((
                e2,
                TimeExpr::Night {
                    first: Box::new(first),
                    second: Some(Box::new(second)),
                },
            )),
            None if !is_bare_day(&first) => Some((
                e1,
                TimeExpr::Night {
                    first: Box::new(first),
                    second: None,
                },
            )),
            None => None,
        }
    }

    /// "du 1er au 4 mai", "entre le 25 et le 27 juillet", "de janvier à mars
    /// 2020", "2014-2018", "July 25-27", "from Friday to Sunday".
    fn range(&self, i: usize) -> Option<Hit> {
        let (j, group) = match self.r.range_open.at(self.t, i, self.lim) {
            Some((e, g)) => (e, Some(g.as_str())),
            None => (i, None),
        };
        let (e1, from) = self.element(j, true)?;
        let k = match group {
            Some(g) => {
                let (k, jg) = self.r.range_join.at(self.t, e1, self.lim)?;
                if jg != g && jg != super::ANY_GROUP {
                    return None;
                }
                k
            }
            None => self.r.range_join_alone.at(self.t, e1, self.lim)?.0,
        };
        let from_full_day =
            matches!(&from, TimeExpr::Date(d) if d.day.is_some() && d.month.is_some());
        let (e2, to) = self.element(k, from_full_day)?;
        let has_month = |x: &TimeExpr| matches!(x, TimeExpr::Date(d) if d.month.is_some());
        let is_year = |x: &TimeExpr| matches!(x, TimeExpr::Date(d) if d.month.is_none() && d.day.is_none() && d.year.is_some());
        let ok = if is_bare_day(&from) {
            has_month(&to) && !is_bare_day(&to)
        } else if is_bare_day(&to) {
            from_full_day
        } else if is_year(&to) {
            // "de 1990 à 2000 personnes" counts people.
            self.kind(e2) != Some(TokenKind::Word) || !is_year(&from)
        } else {
            true
        };
        ok.then(|| {
            (
                e2,
                TimeExpr::Range {
                    from: Box::new(from),
                    to: Box::new(to),
                },
            )
        })
    }

    /// "les 1er et 4 mai", "le 1er, le 3 et le 4 mai", "May 1 and 4": day
    /// numbers sharing a month. Lists of full dates stay separate mentions.
    fn list(&self, i: usize) -> Option<Hit> {
        let j = self
            .r
            .list_open
            .at(self.t, i, self.lim)
            .map_or(i, |(e, _)| e);
        let (mut e, first) = self.element(j, true)?;
        let mut items = vec![(e, first)];
        while let Some((k, _)) = self.r.list_join.at(self.t, e, self.lim) {
            match self.element(k, true) {
                Some((e2, x)) => {
                    items.push((e2, x.clone()));
                    e = e2;
                }
                None => break,
            }
        }
        // Day numbers after the last month are something else ("le 3 mai et 4 soldats").
        let has_month = |x: &TimeExpr| matches!(x, TimeExpr::Date(d) if d.month.is_some());
        let last_month = items.iter().rposition(|(_, x)| has_month(x))?;
        items.truncate(last_month + 1);
        let all_days = items.iter().all(|(_, x)| {
            matches!(x, TimeExpr::Date(d) if d.day.is_some() && d.year.is_none() || d.day.is_some() && d.month.is_some())
        });
        if items.len() < 2 || !all_days || !items.iter().any(|(_, x)| is_bare_day(x)) {
            return None;
        }
        let end = items[items.len() - 1].0;
        Some((
            end,
            TimeExpr::List(items.into_iter().map(|(_, x)| x).collect()),
        ))
    }

    /// "fin juillet", "mi-mars", "début de l'année", "à la fin du mois
    /// dernier", "late 2023", "the end of July".
    fn part_of(&self, i: usize) -> Option<Hit> {
        let (e, part) = match self.r.parts.at(self.t, i, self.lim) {
            Some((e, p)) => (e, *p),
            None => {
                let (e, n) = self.r.week_of.at(self.t, i, self.lim)?;
                (e, Part::Week(*n))
            }
        };
        let part = &part;
        let mut starts = vec![e];
        if let Some((k, _)) = self.r.part_links.at(self.t, e, self.lim) {
            starts.insert(0, k);
        }
        for k in starts {
            if let Some((e2, p)) = self.r.periods.at(self.t, k, self.lim) {
                if p.part.is_none() {
                    let of = TimeExpr::Period {
                        unit: p.unit,
                        offset: p.offset,
                        part: None,
                    };
                    return Some(part_hit(e2, *part, of));
                }
            }
            // A part of a month or year; the week holding a date takes a day.
            let holds_day = *part == Part::Week(0);
            let target = self
                .modified(k, true)
                .filter(|(_, x)| matches!(x, TimeExpr::Date(d) if d.day.is_none() || holds_day))
                .or_else(|| self.ordinal_day(k).filter(|_| holds_day));
            if let Some((e2, of)) = target {
                return Some(part_hit(e2, *part, of));
            }
        }
        None
    }

    /// "mardi de la semaine dernière", "Tuesday of last week", "next week
    /// Monday", "la semaine prochaine mardi".
    fn weekday_of_week(&self, i: usize) -> Option<Hit> {
        let week_at = |k: usize| -> Option<(usize, TimeExpr)> {
            let (e, p) = self.r.periods.at(self.t, k, self.lim)?;
            (p.unit == Unit::Week && p.part.is_none() && p.standalone).then_some((
                e,
                TimeExpr::Period {
                    unit: Unit::Week,
                    offset: p.offset,
                    part: None,
                },
            ))
        };
        let skip_link = |k: usize| {
            self.r
                .weekday_week
                .at(self.t, k, self.lim)
                .map_or(k, |(e, _)| e)
        };
        if let Some((e, w)) = self.weekday(i, true) {
            let (e2, week) = week_at(skip_link(e))?;
            return Some(part_hit(e2, Part::Weekday(w), week));
        }
        let (e, week) = week_at(i)?;
        let (e2, w) = self.weekday(skip_link(e), true)?;
        Some(part_hit(e2, Part::Weekday(w), week))
    }

    /// The spans from or back to a date that start at `i`: "two weeks
    /// ago", "three days after May 13", "in 3 days".
    fn spans_at(&self, i: usize) -> [Option<Hit>; 3] {
        [
            self.ago(i),
            self.rough(i, self.offset(i)),
            self.rough(i, self.ahead(i)),
        ]
    }

    /// "Monday two weeks from now", "in 3 days on Friday", "Thursday, two
    /// years from now", "the first week of October on Friday": the weekday
    /// of the week a span or a week leads to. `spans` and `part` are what
    /// start at `i`.
    fn weekday_offset(&self, i: usize, spans: &[Option<Hit>], part: &Option<Hit>) -> Option<Hit> {
        // "Saturday, two days after the vote" counts from no date.
        let dated = |h: &&Hit| !matches!(h.1, TimeExpr::Offset { base: None, .. });
        if let Some((e, w)) = self.weekday(i, false) {
            let k = self
                .r
                .weekday_offset
                .at(self.t, e, self.lim)
                .map_or(e, |(k, _)| k);
            let spans = self.spans_at(k);
            let (e2, of) = spans.iter().flatten().filter(dated).max_by_key(|h| h.0)?;
            return Some(part_hit(*e2, Part::Weekday(w), of.clone()));
        }
        let week = part.iter().filter(|(_, x)| {
            matches!(
                x,
                TimeExpr::PartOf {
                    part: Part::Week(_),
                    ..
                }
            )
        });
        let (e, of) = spans
            .iter()
            .flatten()
            .filter(dated)
            .chain(week)
            .max_by_key(|h| h.0)?;
        let (k, _) = self
            .r
            .offset_weekday
            .at(self.t, self.skip_dot(*e), self.lim)?;
        let (e2, w) = self.weekday(k, false)?;
        Some(part_hit(e2, Part::Weekday(w), of.clone()))
    }

    /// "Q1 2019", "2019-Q1", "le premier trimestre 2024", "the first
    /// quarter of the year", "H2 2019".
    fn year_part(&self, i: usize) -> Option<Hit> {
        let link = |k: usize| {
            self.r
                .year_part_links
                .at(self.t, k, self.lim)
                .map_or(k, |(e, _)| e)
        };
        let make = |e: usize, (a, b): (u8, u8), of: TimeExpr| part_hit(e, Part::Months(a, b), of);
        let year = |y: i16| {
            TimeExpr::Date(DateParts {
                year: Some(y),
                ..DateParts::default()
            })
        };
        if let Some((e, months)) = self.r.year_parts.at(self.t, i, self.lim) {
            // "de l'année" is a period with its "de": try after the link and before it.
            for k in [link(e), e] {
                if let Some((e2, y)) = self.year_number(k, false) {
                    return Some(make(e2, *months, year(y)));
                }
                if let Some((e2, p)) = self.r.periods.at(self.t, k, self.lim) {
                    if p.unit == Unit::Year && p.part.is_none() {
                        let of = TimeExpr::Period {
                            unit: Unit::Year,
                            offset: p.offset,
                            part: None,
                        };
                        return Some(make(e2, *months, of));
                    }
                }
            }
            return None;
        }
        let (e, y) = self.year_number(i, false)?;
        let (e2, months) = self.r.year_parts.at(self.t, link(e), self.lim)?;
        Some(make(e2, *months, year(y)))
    }

    /// "il y a un mois", "two weeks ago", "two years and three months ago";
    /// told roughly, "il y a environ trois jours", "il y a une dizaine de
    /// jours".
    fn ago(&self, i: usize) -> Option<Hit> {
        if let Some((e, _)) = self.r.ago_before.at(self.t, i, self.lim) {
            let about = self.r.ago_approximately.at(self.t, e, self.lim);
            let e = about.map_or(e, |(k, _)| k);
            let (e2, parts) = self.counted_units(e)?;
            let rough = about.is_some() || self.rough_count(e);
            return Some((e2, roughly(back_by(&parts), rough)));
        }
        let (e2, parts) = self.counted_units(i)?;
        let (e3, _) = self.r.ago_after.at(self.t, e2, self.lim)?;
        // "about three days ago": the word before the count.
        let rough = self.rough_count(i)
            || self
                .r
                .ago_approximately
                .ending_at(self.t, self.from, i)
                .is_some();
        Some((e3, roughly(back_by(&parts), rough)))
    }

    /// `hit`, told roughly when a rough count stands in it: "quelques jours
    /// plus tard", "dans une dizaine de jours".
    fn rough(&self, i: usize, hit: Option<Hit>) -> Option<Hit> {
        let (e, x) = hit?;
        let rough = (i..e).any(|k| self.rough_count(k));
        Some((e, roughly(x, rough)))
    }

    /// The count at `i` is a rough one ("une dizaine de").
    fn rough_count(&self, i: usize) -> bool {
        self.r
            .counts
            .at(self.t, i, self.lim)
            .is_some_and(|(_, (_, rough))| *rough)
    }

    /// A count and a unit, then more joined to it: "deux ans et trois
    /// mois", "2 weeks and 2 days", "2 years 1 month 21 days".
    fn counted_units(&self, i: usize) -> Option<(usize, Vec<(u32, Unit)>)> {
        let one = |k: usize| self.count_unit(k).map(|(e, n, unit)| (e, (n, unit)));
        let (mut e, first) = one(i)?;
        let mut parts = vec![first];
        loop {
            let k = self
                .r
                .ago_joins
                .at(self.t, e, self.lim)
                .map_or(e, |(k, _)| k);
            match one(k) {
                Some((e2, p)) => {
                    parts.push(p);
                    e = e2;
                }
                None => break,
            }
        }
        Some((e, parts))
    }

    /// A count and its unit: "trois jours", "2 weeks".
    fn count_unit(&self, i: usize) -> Option<(usize, u32, Unit)> {
        let (e1, count) = self.count(i)?;
        let (e2, unit) = self.r.units.at(self.t, e1, self.lim)?;
        Some((e2, count, *unit))
    }

    /// "trois jours avant le 13 mai", "three weeks from tomorrow", "deux
    /// jours plus tard".
    fn offset(&self, i: usize) -> Option<Hit> {
        let (e2, count, unit) = self.count_unit(i)?;
        let make = |forward: bool, base: Option<TimeExpr>| TimeExpr::Offset {
            count,
            unit,
            forward,
            base: base.map(Box::new),
        };
        for (words, forward) in [(&self.r.offset_before, false), (&self.r.offset_after, true)] {
            if let Some((e3, _)) = words.at(self.t, e2, self.lim) {
                let base = self.element(e3, false).or_else(|| self.anaphoric(e3));
                if let Some((e4, base)) = base {
                    return Some((e4, make(forward, Some(base))));
                }
                // "came ten days after a drone strike": what follows is no
                // date but an earlier event, that many units before the
                // date told before.
                if forward {
                    return Some((e3, make(false, None)));
                }
            }
        }
        // "three days later" counts from the date before; "two years and
        // three months later" too.
        let (e2, parts) = self.counted_units(i)?;
        for (words, forward) in [
            (&self.r.offset_later, true),
            (&self.r.offset_earlier, false),
        ] {
            if let Some((e3, _)) = words.at(self.t, e2, self.lim) {
                let chained = parts.iter().fold(None, |base, &(count, unit)| {
                    Some(TimeExpr::Offset {
                        count,
                        unit,
                        forward,
                        base: base.map(Box::new),
                    })
                });
                return chained.map(|x| (e3, x));
            }
        }
        None
    }

    /// "for three days starting Monday", "pendant une semaine à partir de
    /// demain", "for 1 week, from 20th dec": a stretch from a date on. A
    /// link that also makes an offset ("3 days from today" is a day) needs
    /// the word before the count.
    fn lasting(&self, i: usize) -> Option<Hit> {
        let (j, introduced) = match self.r.lasting_before.at(self.t, i, self.lim) {
            Some((e, _)) => (e, true),
            None => (i, false),
        };
        let (e2, count, unit) = self.count_unit(j)?;
        let k = if self.folded(e2) == "," { e2 + 1 } else { e2 };
        let k = match self.r.lasting_from.at(self.t, k, self.lim) {
            Some((k, _)) => k,
            None if introduced => self.r.lasting_from_after_before.at(self.t, k, self.lim)?.0,
            None => return None,
        };
        let (e3, from) = self.element(k, false)?;
        Some((
            e3,
            TimeExpr::Lasting {
                count,
                unit,
                from: Box::new(from),
            },
        ))
    }

    /// Two day numbers joined as a range, then what they are days of: a
    /// month before them ("novembre 19-20", French writing a range after
    /// the month) or a month period after them ("4-23 mois prochain", "du
    /// 4 au 23 du mois prochain"). They must end the clause or the phrase.
    fn days_of(&self, i: usize) -> Option<Hit> {
        let days = |k: usize| -> Option<(usize, u8, u8)> {
            let (e1, a) = self.day(k)?;
            let (k2, _) = self.r.range_join_alone.at(self.t, e1, self.lim)?;
            let (e2, b) = self.day(k2)?;
            Some((e2, a, b))
        };
        let range = |e: usize, from: TimeExpr, to: TimeExpr| {
            (
                e,
                TimeExpr::Range {
                    from: Box::new(from),
                    to: Box::new(to),
                },
            )
        };
        if let Some((e, m, _)) = self.month(i).filter(|_| !self.r.month_first) {
            let (e2, a, b) = days(e)?;
            let day = |d: u8| TimeExpr::Date(day_of_month(d, m, None));
            return self.clause_ends(e2).then(|| range(e2, day(a), day(b)));
        }
        let (e, a, b) = days(i)?;
        let k = self
            .r
            .part_links
            .at(self.t, e, self.lim)
            .or_else(|| self.r.days_of_links.at(self.t, e, self.lim))
            .map_or(e, |(k, _)| k);
        let (e2, p) = self.r.periods.at(self.t, k, self.lim)?;
        if p.unit != Unit::Month || p.part.is_some() {
            return None;
        }
        let nth = |d: u8| TimeExpr::PartOf {
            part: Part::Nth(d, Unit::Day),
            of: Box::new(TimeExpr::Period {
                unit: Unit::Month,
                offset: p.offset,
                part: None,
            }),
        };
        Some(range(e2, nth(a), nth(b)))
    }

    /// "le 4e jour de juillet", "the 15th day of next month", "the third
    /// month of 2021": an ordinal, a day or month unit, and its period.
    fn nth_of(&self, i: usize) -> Option<Hit> {
        // An ordinal: "in 10 days of October" counts days.
        if self.kind(i) == Some(TokenKind::Number) {
            return None;
        }
        let (e, n) = self.day(i)?;
        let (e1, unit) = self.r.units.at(self.t, e, self.lim)?;
        if !matches!(unit, Unit::Day | Unit::Month) || (*unit == Unit::Month && n > 12) {
            return None;
        }
        let (k, _) = self.r.part_links.at(self.t, e1, self.lim)?;
        let (e2, of) = self.period_target(k, *unit == Unit::Month)?;
        Some(part_hit(e2, Part::Nth(n, *unit), of))
    }

    /// "the first ten days of March", "les dix premiers jours de mars",
    /// "the last 3 weeks of this year".
    fn lead_of(&self, i: usize) -> Option<Hit> {
        let [before, between] = &self.r.lead_words;
        let (e1, count, last) = match before.at(self.t, i, self.lim) {
            Some((e, last)) => {
                let (e1, n) = self.count(e)?;
                (e1, n, *last)
            }
            None => {
                let (e, n) = self.count(i)?;
                let (e1, last) = between.at(self.t, e, self.lim)?;
                (e1, n, *last)
            }
        };
        let (e2, unit) = self.r.units.at(self.t, e1, self.lim)?;
        if !matches!(unit, Unit::Day | Unit::Week | Unit::Month) {
            return None;
        }
        let (k, _) = self.r.part_links.at(self.t, e2, self.lim)?;
        let (e3, of) = self.period_target(k, *unit == Unit::Month)?;
        let count = u8::try_from(count).ok().filter(|&c| c > 0)?;
        let part = Part::Lead {
            count,
            unit: *unit,
            last,
        };
        Some(part_hit(e3, part, of))
    }

    /// A month, a year or a period of a month or year after "of" / "de":
    /// only a year or a year period when `year_only`.
    fn period_target(&self, k: usize, year_only: bool) -> Option<Hit> {
        if let Some((e, p)) = self.r.periods.at(self.t, k, self.lim) {
            let fits = if year_only {
                p.unit == Unit::Year
            } else {
                matches!(p.unit, Unit::Month | Unit::Year)
            };
            if fits && p.part.is_none() {
                let of = TimeExpr::Period {
                    unit: p.unit,
                    offset: p.offset,
                    part: None,
                };
                return Some((e, of));
            }
        }
        let (e, x) = self.modified(k, true).or_else(|| {
            self.year_number(k, false).map(|(e, y)| {
                (
                    e,
                    TimeExpr::Date(DateParts {
                        year: Some(y),
                        ..DateParts::default()
                    }),
                )
            })
        })?;
        let fits = match &x {
            TimeExpr::Date(d) if year_only => d.month.is_none() && d.day.is_none(),
            TimeExpr::Date(d) => d.day.is_none(),
            _ => false,
        };
        fits.then_some((e, x))
    }

    /// "dans trois jours", "in two weeks": ahead of the publication. Not
    /// before "of" ("in 3 days of fighting" is a duration); in English only
    /// in a clause that looks ahead.
    fn ahead(&self, i: usize) -> Option<Hit> {
        let (e, conditional) = match self.r.ahead_before.at(self.t, i, self.lim) {
            Some((e, _)) => (e, false),
            None => (
                self.r.ahead_before_if_future.at(self.t, i, self.lim)?.0,
                true,
            ),
        };
        let (e2, count, unit) = self.count_unit(e)?;
        if self.r.ahead_not_before.has_at(self.t, e2, self.lim) {
            return None;
        }
        // "in a fortnight's time" looks ahead in any clause.
        let possessive = self.r.possessives.iter().any(|p| p == self.folded(e2));
        let k = if possessive { e2 + 1 } else { e2 };
        let time = self.r.ahead_time.at(self.t, k, self.lim);
        if conditional && time.is_none() && !self.future_at(i) {
            return None;
        }
        let e2 = time.map_or(e2, |(k, _)| k);
        Some((
            e2,
            TimeExpr::Offset {
                count,
                unit,
                forward: true,
                base: Some(Box::new(TimeExpr::RelativeDay(0))),
            },
        ))
    }

    /// "will leave within 9 months": from the publication to that many
    /// units on, only in a clause that looks ahead ("within three days, 40
    /// people died" is a duration).
    fn within(&self, i: usize) -> Option<Hit> {
        let (e, _) = self.r.within.at(self.t, i, self.lim)?;
        if !self.future_at(i) {
            return None;
        }
        let (e2, count, unit) = self.count_unit(e)?;
        // "within 48 hours of the ceasefire" counts from another date.
        if self.r.ahead_not_before.has_at(self.t, e2, self.lim) {
            return None;
        }
        let today = || Box::new(TimeExpr::RelativeDay(0));
        let to = TimeExpr::Offset {
            count,
            unit,
            forward: true,
            base: Some(today()),
        };
        Some((
            e2,
            TimeExpr::Range {
                from: today(),
                to: Box::new(to),
            },
        ))
    }

    /// "les dix derniers mois", "the past two weeks", "the next 3 days".
    fn span(&self, i: usize) -> Option<Hit> {
        let [before, between, after] = &self.r.span_words;
        let make = |e: usize, count: u32, unit: Unit, forward: bool| {
            (
                e,
                TimeExpr::Span {
                    count,
                    unit,
                    forward,
                },
            )
        };
        // A bare "last" after a modal is a verb: "could last 12 hours"
        // ("compared to the last three months" is a span).
        let verb = |e: usize| {
            e == i + 1
                && self
                    .r
                    .span_not_after
                    .ending_at(self.t, self.from, i)
                    .is_some()
        };
        if let Some((e, fwd)) = before.at(self.t, i, self.lim).filter(|(e, _)| !verb(*e)) {
            if let Some((e2, parts)) = self.counted_units(e) {
                // "the last 3 months and 2 days ago": the second part goes
                // with "ago".
                if parts.len() == 1 || self.r.ago_after.has_at(self.t, e2, self.lim) {
                    let (end, n, unit) = self.count_unit(e)?;
                    return Some(make(end, n, unit, *fwd));
                }
                // "the last 3 months and 2 weeks": back to that day.
                if !*fwd {
                    let to = TimeExpr::RelativeDay(0);
                    let from = back_by(&parts);
                    return Some((
                        e2,
                        TimeExpr::Range {
                            from: Box::new(from),
                            to: Box::new(to),
                        },
                    ));
                }
            }
        }
        let (e1, n) = self.count(i)?;
        // After an article, "the 3 past weeks"; but "freed the 12 last
        // week" counts people before a period.
        let after_article = || {
            self.r.span_articles.ending_at(self.t, self.from, i)?;
            if self.r.periods.has_at(self.t, e1, self.lim) {
                return None;
            }
            self.r.span_after_article.at(self.t, e1, self.lim)
        };
        if let Some((e2, fwd)) = between.at(self.t, e1, self.lim).or_else(after_article) {
            let (e3, unit) = self.r.units.at(self.t, e2, self.lim)?;
            return Some(make(e3, n, *unit, *fwd));
        }
        let (e2, unit) = self.r.units.at(self.t, e1, self.lim)?;
        let (e3, fwd) = after.at(self.t, e2, self.lim)?;
        Some(make(e3, n, *unit, *fwd))
    }

    /// "the 18th" in "the week of the 18th": an ordinal day after an
    /// article, of the current month.
    fn ordinal_day(&self, k: usize) -> Option<Hit> {
        let (k, _) = self.r.span_articles.at(self.t, k, self.lim)?;
        let ordinal = self.kind(k) == Some(TokenKind::Word)
            && self.folded(k).starts_with(|c: char| c.is_ascii_digit());
        if !ordinal {
            return None;
        }
        let (e, d) = self.day(k)?;
        Some((
            e,
            TimeExpr::Date(DateParts {
                day: Some(d),
                ..DateParts::default()
            }),
        ))
    }

    /// "on the 18th.": a day of the month, alone, before punctuation.
    fn day_alone(&self, i: usize) -> Option<Hit> {
        let (e, _) = self.r.day_alone_after.at(self.t, i, self.lim)?;
        let (e2, d) = self.day(e)?;
        // Not "le 01/01/2016": a glued separator and a number continue a date.
        let continues = self.glued(e2) && self.kind(e2 + 1) == Some(TokenKind::Number);
        let ends = e2 >= self.lim || (self.kind(e2) == Some(TokenKind::Punct) && !continues);
        ends.then(|| {
            (
                e2,
                TimeExpr::Date(DateParts {
                    day: Some(d),
                    ..DateParts::default()
                }),
            )
        })
    }

    /// "le XIXe siècle", "au 19e siècle", "the 21st century": an ordinal,
    /// in figures or Roman numerals, then a century word.
    fn century(&self, i: usize) -> Option<Hit> {
        let f = self.folded(i);
        let digits = f.bytes().take_while(u8::is_ascii_digit).count();
        let roman = f.bytes().take_while(|b| b"ivxlc".contains(b)).count();
        let (n, suffix) = if digits > 0 {
            (f[..digits].parse::<i16>().ok()?, &f[digits..])
        } else if roman > 0
            && self
                .t
                .text(self.text, i)
                .starts_with(|c: char| c.is_uppercase())
        {
            (roman_value(&f[..roman])?, &f[roman..])
        } else {
            return None;
        };
        if !(1..=30).contains(&n) || !self.r.day_suffixes.iter().any(|s| s == suffix) {
            return None;
        }
        let (e, _) = self.r.century_words.at(self.t, i + 1, self.lim)?;
        Some((e, TimeExpr::Century(n)))
    }

    /// "les années 1990", "les années 90", "the 1990s", "the nineties".
    fn decade(&self, i: usize) -> Option<Hit> {
        // "1000s", "100s" are counts ("1000s of livestock"): a four-digit
        // decade is a year of the last centuries.
        let as_decade = |raw: &str| -> Option<i16> {
            let v: i16 = raw.parse().ok()?;
            let year_like = raw.len() == 2 || (raw.len() == 4 && (1800..=2090).contains(&v));
            (year_like && v % 10 == 0).then_some(v)
        };
        // Decade words ("nineties", "quatre-vingt-dix") are ages too: only
        // after a decade word ("les années", "the").
        if let Some((e, _)) = self.r.decade_before.at(self.t, i, self.lim) {
            if let Some((e2, v)) = self.r.decade_words.at(self.t, e, self.lim) {
                return Some((e2, TimeExpr::Decade(*v)));
            }
            if self.kind(e) == Some(TokenKind::Number) && self.r.decade_suffixes.is_empty() {
                let v = as_decade(self.raw(e))?;
                return Some((e + 1, TimeExpr::Decade(v)));
            }
        }
        let f = self.folded(i);
        let digits = f.bytes().take_while(u8::is_ascii_digit).count();
        if digits == 0 || self.r.decade_suffixes.is_empty() {
            return None;
        }
        // "1990s" is one word; "1990 s" and "90's" are two tokens.
        let (num, rest) = f.split_at(digits);
        let v = as_decade(num)?;
        if self.kind(i) == Some(TokenKind::Word) {
            return self
                .r
                .decade_suffixes
                .iter()
                .any(|s| s == rest)
                .then_some((i + 1, TimeExpr::Decade(v)));
        }
        let next = self.folded(i + 1);
        self.r
            .decade_suffixes
            .iter()
            .any(|s| s == next)
            .then_some((i + 2, TimeExpr::Decade(v)))
    }

    fn period(&self, i: usize) -> Option<Hit> {
        let (e, p) = self.r.periods.at(self.t, i, self.lim)?;
        p.standalone.then_some((
            e,
            TimeExpr::Period {
                unit: p.unit,
                offset: p.offset,
                part: p.part,
            },
        ))
    }

    fn relative(&self, i: usize) -> Option<Hit> {
        let (e, d) = self.r.relative_days.at(self.t, i, self.lim)?;
        Some((e, TimeExpr::RelativeDay(*d)))
    }

    /// "la même semaine", "that year": the period of the date before.
    fn same_period(&self, i: usize) -> Option<Hit> {
        let (e, unit) = self.r.same_periods.at(self.t, i, self.lim)?;
        // "said that week-long talks failed": a compound, not a period;
        // "the year 2011", "the week 5 soldiers died": a number follows.
        if (self.folded(e) == "-" && self.glued(e))
            || self.kind(e) == Some(TokenKind::Number)
            || self.r.same_periods_not_before.has_at(self.t, e, self.lim)
        {
            return None;
        }
        Some((e, TimeExpr::SamePeriod(*unit)))
    }

    /// "week 31", "la semaine 10 de 2019", "week 27 of last year": an ISO
    /// week of a year (the publication's when none is written). The number
    /// must end the phrase: "the week 5 soldiers died" counts soldiers.
    fn week_number(&self, i: usize) -> Option<Hit> {
        let (e, _) = self.r.week_numbers.at(self.t, i, self.lim)?;
        let raw = self.raw(e);
        if self.kind(e) != Some(TokenKind::Number) || raw.len() > 2 {
            return None;
        }
        let n: i8 = raw.parse().ok().filter(|n| (1..=53).contains(n))?;
        let make = |end: usize, of: TimeExpr| part_hit(end, Part::Week(n), of);
        // "the week 22-28 July" is a range of days, not week 22.
        if matches!(self.folded(e + 1), "-" | "/") && self.kind(e + 2) == Some(TokenKind::Number) {
            return None;
        }
        // "week 27 of last year", "week 12, 2023".
        let link = match self.folded(e + 1) {
            "," => Some(e + 2),
            _ => self
                .r
                .part_links
                .at(self.t, e + 1, self.lim)
                .map(|(k, _)| k),
        };
        if let Some((e2, of)) = link.and_then(|k| self.period_target(k, true)) {
            return Some(make(e2, of));
        }
        if matches!(
            self.kind(e + 1),
            Some(TokenKind::Word) | Some(TokenKind::Number)
        ) {
            return None;
        }
        let this_year = TimeExpr::Period {
            unit: Unit::Year,
            offset: 0,
            part: None,
        };
        Some(make(e + 1, this_year))
    }

    fn anaphoric(&self, i: usize) -> Option<Hit> {
        let (e, d) = self.r.anaphoric_days.at(self.t, i, self.lim)?;
        Some((e, TimeExpr::AnaphoricDay(*d)))
    }
}

/// Years written with two digits from this one on are of the 1900s:
/// reports write "98" for 1998 and "03/18/40" for 1940, rarely of the 2040s.
const TWO_DIGIT_PIVOT: i16 = 40;

/// The year of a year written with two digits.
fn century_of(v: i16) -> i16 {
    if v >= TWO_DIGIT_PIVOT {
        1900 + v
    } else {
        2000 + v
    }
}

/// What a rule read as a part of a period.
fn part_hit(end: usize, part: Part, of: TimeExpr) -> Hit {
    (
        end,
        TimeExpr::PartOf {
            part,
            of: Box::new(of),
        },
    )
}

/// A day of a month, with its year when written.
fn day_of_month(day: u8, month: u8, year: Option<i16>) -> DateParts {
    DateParts {
        day: Some(day),
        month: Some(month),
        year,
        ..DateParts::default()
    }
}

/// The value of a Roman numeral written in lower case ("xix" is 19).
fn roman_value(s: &str) -> Option<i16> {
    let digit = |c: u8| match c {
        b'i' => Some(1),
        b'v' => Some(5),
        b'x' => Some(10),
        b'l' => Some(50),
        b'c' => Some(100),
        _ => None,
    };
    let vals: Vec<i16> = s.bytes().map(digit).collect::<Option<_>>()?;
    let mut total = 0;
    for (k, v) in vals.iter().enumerate() {
        if vals.get(k + 1).is_some_and(|n| n > v) {
            total -= v;
        } else {
            total += v;
        }
    }
    (total > 0).then_some(total)
}

/// A piece of a numeric date: digits or a month name.
enum Piece<'a> {
    Num(&'a str),
    Month(u8),
}

/// `x`, told roughly when `rough`.
fn roughly(x: TimeExpr, rough: bool) -> TimeExpr {
    if rough {
        TimeExpr::About(Box::new(x))
    } else {
        x
    }
}

/// Back from the publication by every part in turn: "two years and three
/// months ago" is three months before the day two years ago.
fn back_by(parts: &[(u32, Unit)]) -> TimeExpr {
    let (count, unit) = parts[0];
    parts[1..]
        .iter()
        .fold(TimeExpr::Ago { count, unit }, |base, &(count, unit)| {
            TimeExpr::Offset {
                count,
                unit,
                forward: false,
                base: Some(Box::new(base)),
            }
        })
}

fn is_bare_day(x: &TimeExpr) -> bool {
    matches!(x, TimeExpr::Date(d) if d.day.is_some() && d.month.is_none() && d.year.is_none())
}
