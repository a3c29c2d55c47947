//! Numbers written in words: "vingt et un", "quatre-vingt-dix", "two
//! hundred and five". Quantities read them as figures, time expressions as
//! counts, days and years.
//!
//! Every word comes from the `[numbers]` and `[number_rules]` sections of
//! `data/lang/<code>/quantities.toml`.

use crate::lexicon::{LexiconError, LexiconSource, Segmentation};
use crate::quantity::phrases::Phrases;
use crate::text::Tokens;
use serde::Deserialize;
use sitrep_core::Lang;
// Keys are lexicon words and look-ups run per token: a fast hasher.
use rustc_hash::FxHashMap as HashMap;

/// The part of quantities.toml this module reads; serde skips the rest.
#[derive(Deserialize)]
struct NumberFile {
    numbers: HashMap<String, u64>,
    #[serde(default)]
    number_rules: NumberRules,
}

/// Every list may be left out of the file: it is then empty.
#[derive(Default, Deserialize)]
#[serde(default)]
struct NumberRules {
    multiply_units: Vec<String>,
    joiners: Vec<String>,
}

pub(crate) struct NumberWords {
    numbers: Phrases<u64>,
    multiply_units: Phrases<()>,
    joiners: Phrases<()>,
    /// The number words as written in the file, with their values: other
    /// recognisers index them ("every number word may start a count").
    entries: Vec<(String, u64)>,
}

impl NumberWords {
    pub(crate) fn new(
        lang: Lang,
        src: &LexiconSource,
        seg: &Segmentation,
    ) -> Result<Self, LexiconError> {
        let f: NumberFile = src.toml(lang, "quantities.toml")?;
        let mut entries: Vec<(String, u64)> = f.numbers.into_iter().collect();
        entries.sort();
        Ok(NumberWords {
            numbers: Phrases::new(entries.iter().cloned(), seg),
            multiply_units: Phrases::words(&f.number_rules.multiply_units, seg),
            joiners: Phrases::words(&f.number_rules.joiners, seg),
            entries,
        })
    }

    /// Every number word of the file and its value.
    pub(crate) fn entries(&self) -> impl Iterator<Item = (&str, u64)> {
        self.entries.iter().map(|(w, v)| (w.as_str(), *v))
    }

    /// The single number word at token `j`: its end and value.
    pub(crate) fn word(&self, tokens: &Tokens, j: usize, to: usize) -> Option<(usize, u64)> {
        self.numbers.at(tokens, j, to).map(|(e, &v)| (e, v))
    }

    /// The number written in words from token `j`, read as far as the words
    /// make one number: its end, value and how many number words it holds.
    pub(crate) fn read(&self, tokens: &Tokens, j: usize, to: usize) -> Option<(usize, u64, usize)> {
        let (mut total, mut current) = (0u64, 0u64);
        let mut k = j;
        let mut words = 0;
        while k < to {
            let Some((e, &v)) = self.numbers.at(tokens, k, to) else {
                break;
            };
            if words > 0 && !extends(current, v, self.multiply_units.has_at(tokens, k, to)) {
                break;
            }
            if v == 100 {
                current = current.max(1) * 100;
            } else if v >= 1000 {
                total += current.max(1) * v;
                current = 0;
            } else if (1..10).contains(&(current % 100))
                && self.multiply_units.has_at(tokens, k, to)
            {
                // "quatre-vingts", "cent quatre-vingts": the unit alone is multiplied.
                let unit = current % 100;
                current = (current - unit).saturating_add(unit.saturating_mul(v));
            } else {
                current += v;
            }
            words += 1;
            k = e;
            // "vingt-deux", "vingt-et-un", "hundred and five": go on only when
            // another number word follows that can extend this one.
            let mut c = k;
            let mut glued = false;
            if glued_dash(tokens, c) {
                glued = true;
                c += 1;
            }
            let mut joined = false;
            if self.joiners.has_at(tokens, c, to)
                && (current >= 20 && current.is_multiple_of(10) || current.is_multiple_of(100))
            {
                joined = true;
                c += 1;
                if glued && glued_dash(tokens, c) {
                    c += 1;
                }
            }
            if c == k {
                continue;
            }
            let next_ok = self.numbers.at(tokens, c, to).is_some_and(|(_, &n)| {
                extends(current, n, self.multiply_units.has_at(tokens, c, to))
                    && (!joined || n < 20 || current.is_multiple_of(100))
            });
            if !next_ok {
                break;
            }
            k = c;
        }
        (words > 0).then_some((k, total + current, words))
    }
}

/// Can number word `v` continue a number whose last group is `current`?
/// "vingt" + "deux" yes, "deux" + "trois" no, "quatre" + "vingts" yes.
pub(crate) fn extends(current: u64, v: u64, multiplies_units: bool) -> bool {
    if v >= 100 {
        return current < 1000;
    }
    if multiplies_units && (1..10).contains(&(current % 100)) {
        return true;
    }
    let group = current % 100;
    if v < 10 {
        return group.is_multiple_of(10);
    }
    if v < 20 {
        return group == 0 || group == 60 || group == 80;
    }
    group == 0
}

/// True when token `i` is a hyphen with no space either side ("vingt-deux").
pub(crate) fn glued_dash(tokens: &Tokens, i: usize) -> bool {
    tokens.folded(i) == "-"
        && i > 0
        && match (tokens.get(i - 1), tokens.get(i), tokens.get(i + 1)) {
            (Some(a), Some(d), Some(b)) => a.span.end == d.span.start && d.span.end == b.span.start,
            _ => false,
        }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::tokenize;

    /// What `read` gives at the first token of `text`: the words it took, the
    /// value and the number of number words.
    fn read(lang: Lang, text: &str) -> Option<(String, u64, usize)> {
        let src = LexiconSource::embedded();
        let seg = Segmentation::load(&src).expect("built-in segmentation data");
        let words = NumberWords::new(lang, &src, &seg).expect("built-in quantities data");
        let toks = tokenize(text, &seg);
        let (end, value, n) = words.read(&toks, 0, toks.len())?;
        let last = toks.get(end.checked_sub(1)?)?;
        Some((text[..last.span.end].to_string(), value, n))
    }

    #[test]
    fn reads_as_far_as_one_number_goes() {
        for (lang, text, want, value, n) in [
            (Lang::Fr, "vingt et un soldats", "vingt et un", 21, 2),
            (
                Lang::Fr,
                "quatre-vingt-dix morts",
                "quatre-vingt-dix",
                90,
                3,
            ),
            (
                Lang::Fr,
                "cent quatre-vingts blessés",
                "cent quatre-vingts",
                180,
                3,
            ),
            (
                Lang::Fr,
                "mil neuf cent quatre-vingt-dix",
                "mil neuf cent quatre-vingt-dix",
                1990,
                6,
            ),
            (Lang::Fr, "dix neuf soixante douze", "dix neuf", 19, 2),
            (Lang::Fr, "deux trois", "deux", 2, 1),
            (
                Lang::En,
                "two hundred and five people",
                "two hundred and five",
                205,
                3,
            ),
            (Lang::En, "twenty one days", "twenty one", 21, 2),
            (Lang::En, "nineteen ninety six", "nineteen", 19, 1),
            (
                Lang::En,
                "two thousand and returned",
                "two thousand",
                2000,
                2,
            ),
        ] {
            assert_eq!(
                read(lang, text),
                Some((want.to_string(), value, n)),
                "{text}"
            );
        }
        assert_eq!(read(Lang::En, "soldiers"), None);
    }
}
