//! Language detection, sentence segmentation and tokens with byte offsets.
//!
//! Tokens keep their folded form in one shared buffer rather than one
//! `String` each, so tokenising a document allocates a handful of times,
//! not once per word.

use crate::lexicon::Segmentation;
use sitrep_core::fold::{fold_char, is_apostrophe, is_dash};
use sitrep_core::{Lang, Span};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TokenKind {
    /// Letters, possibly with digits ("Tinzaouatène", "1er", "G5").
    Word,
    /// Digits with their group and decimal separators ("1 500", "30,4").
    Number,
    /// An elided article or pronoun with its apostrophe ("l'", "qu'").
    Elision,
    /// Any other single character: punctuation, quotes, dashes.
    Punct,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Token {
    pub span: Span,
    pub kind: TokenKind,
    /// Range of this token's folded form in [`Tokens::folded`].
    fstart: u32,
    fend: u32,
}

/// The tokens of a document and their folded forms.
#[derive(Clone, Debug, Default)]
pub struct Tokens {
    pub tokens: Vec<Token>,
    folded: String,
}

impl Tokens {
    pub fn len(&self) -> usize {
        self.tokens.len()
    }

    pub fn is_empty(&self) -> bool {
        self.tokens.is_empty()
    }

    pub fn get(&self, i: usize) -> Option<&Token> {
        self.tokens.get(i)
    }

    /// The folded form of token `i` (lower case, no accents, `'` and `-`).
    pub fn folded(&self, i: usize) -> &str {
        match self.tokens.get(i) {
            Some(t) => &self.folded[t.fstart as usize..t.fend as usize],
            None => "",
        }
    }

    /// The original text of token `i`.
    pub fn text<'t>(&self, text: &'t str, i: usize) -> &'t str {
        self.tokens.get(i).map_or("", |t| t.span.text(text))
    }

    /// Index of the first token that starts at or after byte `offset`.
    pub fn index_at(&self, offset: usize) -> usize {
        self.tokens.partition_point(|t| t.span.start < offset)
    }

    /// Indices of the tokens inside `span`.
    pub fn range_in(&self, span: Span) -> std::ops::Range<usize> {
        let a = self.index_at(span.start);
        let b = self.tokens.partition_point(|t| t.span.end <= span.end);
        a..b.max(a)
    }

    /// True when token `i` starts with an upper-case letter in the original text.
    pub fn is_capitalised(&self, text: &str, i: usize) -> bool {
        self.text(text, i)
            .chars()
            .next()
            .is_some_and(char::is_uppercase)
    }
}

/// Splits `text` into tokens. Elisions listed in `seg` are split off
/// ("l'armée" → "l'" + "armée", with `'` or `’`); English possessive "'s"
/// is its own token.
pub fn tokenize(text: &str, seg: &Segmentation) -> Tokens {
    let mut out = Tokens {
        tokens: Vec::with_capacity(text.len() / 5),
        folded: String::with_capacity(text.len()),
    };
    let bytes = text.as_bytes();
    let mut chars = text.char_indices().peekable();
    while let Some(&(i, c)) = chars.peek() {
        if c.is_whitespace() {
            chars.next();
            continue;
        }
        if c.is_ascii_digit() {
            let mut end = i;
            while let Some(&(j, d)) = chars.peek() {
                let joins = (d == ',' || d == '.' || d == '\u{a0}' || d == '\u{202f}' || d == ' ')
                    && end > i
                    && bytes[j - 1].is_ascii_digit()
                    && next_is_digit_group(text, j + d.len_utf8(), d);
                if d.is_ascii_digit() || joins {
                    end = j + d.len_utf8();
                    chars.next();
                } else {
                    break;
                }
            }
            // "1er", "21e", "3rd": a number glued to letters is a word.
            if chars.peek().is_some_and(|&(_, d)| d.is_alphabetic()) {
                while let Some(&(j, d)) = chars.peek() {
                    if d.is_alphanumeric() {
                        end = j + d.len_utf8();
                        chars.next();
                    } else {
                        break;
                    }
                }
                push(&mut out, text, Span::new(i, end), TokenKind::Word);
            } else {
                push(&mut out, text, Span::new(i, end), TokenKind::Number);
            }
            continue;
        }
        if c.is_alphanumeric() {
            let mut end = i;
            while let Some(&(j, d)) = chars.peek() {
                if d.is_alphanumeric() || is_combining(d) {
                    end = j + d.len_utf8();
                    chars.next();
                } else {
                    break;
                }
            }
            // An apostrophe between letters: elision, possessive, or part of a word.
            if let Some(&(j, a)) = chars.peek() {
                let after = j + a.len_utf8();
                let letter_follows = text[after..]
                    .chars()
                    .next()
                    .is_some_and(char::is_alphabetic);
                if is_apostrophe(a) && letter_follows {
                    let word = &text[i..end];
                    if seg.is_elision(word) {
                        chars.next();
                        push(&mut out, text, Span::new(i, after), TokenKind::Elision);
                        continue;
                    }
                    let rest = &text[after..];
                    let possessive = (rest.starts_with('s') || rest.starts_with('S'))
                        && !rest[1..].chars().next().is_some_and(char::is_alphanumeric);
                    if !possessive {
                        // "don't", "o'clock": one word.
                        chars.next();
                        while let Some(&(k, d)) = chars.peek() {
                            if d.is_alphanumeric() {
                                end = k + d.len_utf8();
                                chars.next();
                            } else {
                                break;
                            }
                        }
                    }
                }
            }
            push(&mut out, text, Span::new(i, end), TokenKind::Word);
            continue;
        }
        chars.next();
        let kind = TokenKind::Punct;
        // "'s" after a word is one token; other apostrophes stand alone.
        if is_apostrophe(c) {
            if let Some(&(j, s)) = chars.peek() {
                if (s == 's' || s == 'S')
                    && out.tokens.last().is_some_and(|t| t.span.end == i)
                    && !text[j + 1..]
                        .chars()
                        .next()
                        .is_some_and(char::is_alphanumeric)
                {
                    chars.next();
                    push(&mut out, text, Span::new(i, j + 1), TokenKind::Word);
                    continue;
                }
            }
        }
        push(&mut out, text, Span::new(i, i + c.len_utf8()), kind);
    }
    out
}

fn is_combining(c: char) -> bool {
    unicode_normalization::char::is_combining_mark(c)
}

/// After a separator inside a number: the separator joins only when a
/// group of exactly three digits follows (or any digits after a decimal mark).
fn next_is_digit_group(text: &str, from: usize, sep: char) -> bool {
    let rest = text.get(from..).unwrap_or("");
    let n = rest.bytes().take_while(u8::is_ascii_digit).count();
    if n == 0 {
        return false;
    }
    if sep == ',' || sep == '.' {
        // "30,4" or "1,500" both join; "1, 2" does not (n == 0 above).
        return true;
    }
    // A space joins "1 500" but not "21 11" (two figures side by side).
    n == 3 && !rest[3..].starts_with(|c: char| c.is_ascii_digit())
}

fn push(out: &mut Tokens, text: &str, span: Span, kind: TokenKind) {
    let fstart = out.folded.len() as u32;
    let s = span.text(text);
    match kind {
        TokenKind::Number => {
            // Group separators vanish and a decimal mark becomes a point,
            // so the folded form parses as a number: "1 500" → "1500".
            let dec = decimal_mark(s);
            for (k, c) in s.char_indices() {
                if c.is_ascii_digit() {
                    out.folded.push(c);
                } else if Some(k) == dec {
                    out.folded.push('.');
                }
            }
        }
        TokenKind::Elision => {
            for c in s.chars() {
                if is_apostrophe(c) {
                    out.folded.push('\'');
                } else {
                    fold_char(c, &mut out.folded);
                }
            }
        }
        _ => {
            for c in s.chars() {
                fold_char(c, &mut out.folded);
            }
        }
    }
    let fend = out.folded.len() as u32;
    out.tokens.push(Token {
        span,
        kind,
        fstart,
        fend,
    });
}

/// The byte index of the decimal mark of a number, if it has one: the last
/// `,` or `.` not followed by a group of exactly three digits
/// ("30,4" → 30.4, "1,500" → 1500, "2.5" → 2.5).
fn decimal_mark(s: &str) -> Option<usize> {
    let p = s.rfind([',', '.'])?;
    let digits = s[p + 1..].bytes().take_while(u8::is_ascii_digit).count();
    (digits != 3).then_some(p)
}

/// Longest sentence, in tokens. Text with no sentence end (a list, a
/// transcript, hostile input) is cut here, at a comma or semicolon of its
/// last quarter where there is one: the recognisers and the assembler weigh
/// the words of a sentence against each other, so an endless sentence would
/// cost the square of its length. News sentences have a few dozen tokens.
pub const MAX_SENTENCE_TOKENS: usize = 200;

/// Sentence spans. A sentence ends at `.`, `!`, `?` or `…` (with any closing
/// quotes or brackets after it) when the next word starts a sentence, and at
/// every blank line. Abbreviations and initials do not end sentences. No
/// sentence is longer than [`MAX_SENTENCE_TOKENS`].
pub fn sentences(text: &str, tokens: &Tokens, seg: &Segmentation) -> Vec<Span> {
    let mut out = Vec::new();
    let toks = &tokens.tokens;
    let mut start_tok = 0usize;
    let mut i = 0usize;
    while i < toks.len() {
        let t = toks[i];
        let mut boundary_after: Option<usize> = None;
        // A blank line between this token and the next ends the sentence.
        if let Some(n) = toks.get(i + 1) {
            let gap = &text[t.span.end..n.span.start];
            if gap.matches('\n').count() >= 2 {
                boundary_after = Some(i);
            }
        }
        if boundary_after.is_none() && t.kind == TokenKind::Punct {
            let c = text[t.span.start..].chars().next().unwrap_or(' ');
            if matches!(c, '.' | '!' | '?' | '…')
                && !(c == '.' && ends_abbreviation(text, tokens, i, seg))
            {
                // Take closing quotes and brackets along.
                let mut j = i;
                while let Some(n) = toks.get(j + 1) {
                    let nc = text[n.span.start..].chars().next().unwrap_or(' ');
                    let glued = n.span.start == toks[j].span.end;
                    if n.kind == TokenKind::Punct
                        && (matches!(nc, '»' | '"' | '\u{201D}' | ')' | ']' | '\'' | '\u{2019}')
                            || matches!(nc, '.' | '!' | '?' | '…'))
                        && (glued || nc == '»')
                    {
                        j += 1;
                    } else {
                        break;
                    }
                }
                match toks.get(j + 1) {
                    None => boundary_after = Some(j),
                    Some(n) => {
                        let has_space = n.span.start > toks[j].span.end;
                        if has_space && starts_sentence(text, n.span.start) {
                            boundary_after = Some(j);
                        }
                    }
                }
                if let Some(j) = boundary_after {
                    i = j;
                }
            }
        }
        if boundary_after.is_none() && i + 1 - start_tok >= MAX_SENTENCE_TOKENS {
            let quarter = start_tok + MAX_SENTENCE_TOKENS * 3 / 4;
            let pause = (quarter..i).rev().find(|&k| {
                toks[k].kind == TokenKind::Punct
                    && matches!(
                        text[toks[k].span.start..].chars().next(),
                        Some(',' | ';' | ':')
                    )
            });
            boundary_after = Some(pause.unwrap_or(i));
            i = pause.unwrap_or(i);
        }
        if let Some(j) = boundary_after {
            out.push(Span::new(toks[start_tok].span.start, toks[j].span.end));
            start_tok = j + 1;
        }
        i += 1;
    }
    if start_tok < toks.len() {
        out.push(Span::new(
            toks[start_tok].span.start,
            toks[toks.len() - 1].span.end,
        ));
    }
    out
}

fn starts_sentence(text: &str, at: usize) -> bool {
    text[at..].chars().next().is_some_and(|c| {
        c.is_uppercase()
            || c.is_ascii_digit()
            || matches!(
                c,
                '«' | '"' | '\u{201C}' | '(' | '[' | '\'' | '\u{2018}' | '¿' | '¡'
            )
            || is_dash(c)
    })
}

/// Is the full stop at token `i` the end of an abbreviation or initial?
fn ends_abbreviation(text: &str, tokens: &Tokens, i: usize, seg: &Segmentation) -> bool {
    if i == 0 {
        return false;
    }
    let prev = tokens.tokens[i - 1];
    if prev.span.end != tokens.tokens[i].span.start || prev.kind != TokenKind::Word {
        return false;
    }
    let word = prev.span.text(text);
    let mut cs = word.chars();
    // An initial: "J. Smith", "M. Traoré".
    if let (Some(c), None) = (cs.next(), cs.next()) {
        if c.is_uppercase() {
            return true;
        }
    }
    // "U.S." / "J.-C.": a letter, a stop, a letter.
    if i >= 2 {
        let pp = tokens.tokens[i - 2];
        if pp.span.end == prev.span.start && text[pp.span.start..pp.span.end] == *"." {
            return word.chars().count() == 1;
        }
    }
    seg.is_abbreviation(tokens.folded(i - 1))
}

/// The detected language and how sure the detector is (0 to 1).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Detection {
    pub lang: Lang,
    pub confidence: f64,
}

/// The first 1,200 bytes of `text` (a lead paragraph): they tell the
/// language as well as the whole text, and detection cost grows with the
/// sample.
fn lead(text: &str) -> &str {
    &text[..floor_boundary(text, 1200)]
}

/// The last character boundary of `text` at or before byte `i`.
fn floor_boundary(text: &str, i: usize) -> usize {
    let mut i = i.min(text.len());
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// The language of `text`: by its function words when they are clear (a
/// short English note full of French or Arabic names fools the letter
/// statistics of [`detect_language`]), else by [`detect_language`].
pub fn detect_language_with(text: &str, seg: &Segmentation) -> Option<Detection> {
    let words: Vec<String> = lead(text)
        .split(|c: char| !c.is_alphabetic())
        .filter(|w| w.chars().next().is_some_and(char::is_lowercase))
        .map(sitrep_core::fold::fold)
        .collect();
    if let Some((lang, confidence)) = seg.vote(words.iter().map(String::as_str)) {
        return Some(Detection { lang, confidence });
    }
    detect_language(text)
}

/// Detects French or English. The detector only chooses between the two
/// languages sitrep reads, so a short French line cannot come out as
/// Catalan or Italian. `None` when the text has no letters to judge.
pub fn detect_language(text: &str) -> Option<Detection> {
    let sample = lead(text);
    let detector =
        whatlang::Detector::with_allowlist(vec![whatlang::Lang::Fra, whatlang::Lang::Eng]);
    let info = detector.detect(sample)?;
    let lang = match info.lang() {
        whatlang::Lang::Fra => Lang::Fr,
        _ => Lang::En,
    };
    Some(Detection {
        lang,
        confidence: info.confidence(),
    })
}

/// Byte ranges that cut `text` into pieces of at most `max` bytes, each
/// ending, by preference, at a paragraph end, else after a sentence end
/// (". "), else at a space, else at any character boundary; in the second
/// half of the allowed length, so that no piece is tiny. Together they
/// cover the text. Linear in its length.
pub fn sections(text: &str, max: usize) -> Vec<std::ops::Range<usize>> {
    let max = max.max(8);
    let mut out = Vec::new();
    let mut start = 0;
    while text.len() - start > max {
        let hi = floor_boundary(text, start + max);
        let lo = floor_boundary(text, start + max / 2);
        let window = &text[lo..hi];
        let cut = window
            .rfind("\n\n")
            .map(|i| i + 2)
            .or_else(|| window.rfind(['\n']).map(|i| i + 1))
            .or_else(|| {
                [". ", "! ", "? "]
                    .iter()
                    .filter_map(|d| window.rfind(d).map(|i| i + 2))
                    .max()
            })
            .or_else(|| {
                let (i, c) = window
                    .char_indices()
                    .rev()
                    .find(|(_, c)| c.is_whitespace())?;
                Some(i + c.len_utf8())
            })
            .map_or(hi, |i| lo + i);
        out.push(start..cut);
        start = cut;
    }
    if start < text.len() || out.is_empty() {
        out.push(start..text.len());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lexicon::LexiconSource;

    fn seg() -> Segmentation {
        Segmentation::load(&LexiconSource::embedded()).expect("built-in segmentation data")
    }

    fn words(text: &str) -> Vec<&str> {
        let t = tokenize(text, &seg());
        t.tokens.iter().map(|k| k.span.text(text)).collect()
    }

    fn sents(text: &str) -> Vec<&str> {
        let s = seg();
        let t = tokenize(text, &s);
        sentences(text, &t, &s)
            .iter()
            .map(|sp| sp.text(text))
            .collect()
    }

    #[test]
    fn splits_french_elisions_with_both_apostrophes() {
        assert_eq!(words("l'armée"), ["l'", "armée"]);
        assert_eq!(
            words("l’armée d’un pays"),
            ["l’", "armée", "d’", "un", "pays"]
        );
        assert_eq!(words("jusqu'à Kidal"), ["jusqu'", "à", "Kidal"]);
        let s = seg();
        let t = tokenize("L’Armée", &s);
        assert_eq!(t.folded(0), "l'");
        assert_eq!(t.folded(1), "armee");
        assert_eq!(t.tokens[0].kind, TokenKind::Elision);
    }

    #[test]
    fn english_possessive_and_contractions() {
        assert_eq!(words("the army's base"), ["the", "army", "'s", "base"]);
        assert_eq!(words("they don't know"), ["they", "don't", "know"]);
    }

    #[test]
    fn tokens_carry_byte_offsets_into_the_original_text() {
        let text = "À Tinzaouatène, dimanche";
        let t = tokenize(text, &seg());
        assert_eq!(t.tokens[1].span.text(text), "Tinzaouatène");
        assert_eq!(t.folded(1), "tinzaouatene");
        assert_eq!(t.folded(0), "a");
        assert_eq!(t.index_at(text.find("dimanche").unwrap()), 3);
    }

    #[test]
    fn numbers_with_separators() {
        let text = "1 500 déplacés, 30,4 km, 1,200 people, 21 11";
        let t = tokenize(text, &seg());
        let nums: Vec<&str> = (0..t.len())
            .filter(|&i| t.tokens[i].kind == TokenKind::Number)
            .map(|i| t.folded(i))
            .collect();
        assert_eq!(nums, ["1500", "30.4", "1200", "21", "11"]);
        assert_eq!(words("le 1er mai"), ["le", "1er", "mai"]);
    }

    #[test]
    fn hyphenated_names_are_separate_tokens() {
        assert_eq!(words("Ti-n-Zaouâtene"), ["Ti", "-", "n", "-", "Zaouâtene"]);
    }

    #[test]
    fn sentences_do_not_end_after_abbreviations() {
        assert_eq!(
            sents("M. Traoré est arrivé. Mme Diallo aussi."),
            ["M. Traoré est arrivé.", "Mme Diallo aussi."]
        );
        assert_eq!(
            sents("Le Gén. Diarra et le Col. Maïga parlent. Ils partent."),
            ["Le Gén. Diarra et le Col. Maïga parlent.", "Ils partent."]
        );
        assert_eq!(
            sents("Dr. Smith met Mr. Jones in St. Louis. They talked."),
            ["Dr. Smith met Mr. Jones in St. Louis.", "They talked."]
        );
        assert_eq!(
            sents("The U.S. Army said so. Others agreed."),
            ["The U.S. Army said so.", "Others agreed."]
        );
    }

    #[test]
    fn sentences_with_french_and_english_quotes() {
        assert_eq!(
            sents("Il a dit : «C'est fini.» Puis il est parti."),
            ["Il a dit : «C'est fini.»", "Puis il est parti."]
        );
        assert_eq!(
            sents("« Pourquoi ? » a-t-il demandé. Personne n'a répondu."),
            ["« Pourquoi ? » a-t-il demandé.", "Personne n'a répondu."]
        );
        assert_eq!(
            sents("He said \"it is over.\" Then he left."),
            ["He said \"it is over.\"", "Then he left."]
        );
    }

    #[test]
    fn blank_lines_end_sentences_and_single_newlines_do_not() {
        assert_eq!(
            sents("Un titre sans point\n\nLe texte suit\nsur deux lignes. Fin."),
            [
                "Un titre sans point",
                "Le texte suit\nsur deux lignes.",
                "Fin."
            ]
        );
    }

    #[test]
    fn lower_case_after_a_stop_does_not_start_a_sentence() {
        assert_eq!(
            sents("Il y a env. trois jours. Oui."),
            ["Il y a env. trois jours.", "Oui."]
        );
        assert_eq!(
            sents("Le bilan est de 3. il ajoute"),
            ["Le bilan est de 3. il ajoute"]
        );
    }

    #[test]
    fn function_words_outvote_names() {
        let seg = seg();
        for en in [
            "Gunmen killed Moussa Ag Alla in Ménaka.",
            "Mob lynches suspected robber at Kondele market",
            "Police officers protest over unpaid salaries in Bamako",
            "Soldiers of the FAMa repelled jihadists near Boulkessi.",
        ] {
            let d = detect_language_with(en, &seg).expect("letters to judge");
            assert_eq!(d.lang, Lang::En, "{en}");
        }
        for fr in [
            "Des hommes armés ont tué Moussa Ag Alla à Ménaka.",
            "Boko Haram a attaqué Gwoza.",
            "Les FAMa ont repoussé les jihadistes près de Boulkessi.",
            "Attaque contre le poste de Tessit selon des sources locales",
        ] {
            let d = detect_language_with(fr, &seg).expect("letters to judge");
            assert_eq!(d.lang, Lang::Fr, "{fr}");
        }
    }

    #[test]
    fn detects_short_french_and_english() {
        for fr in [
            "L'armée malienne a affirmé avoir tué des terroristes.",
            "Des hommes armés ont attaqué le village dimanche.",
            "Deux soldats ont été tués.",
            "Selon des sources locales, le bilan est lourd.",
        ] {
            let d = detect_language(fr).expect("letters to judge");
            assert_eq!(d.lang, Lang::Fr, "{fr}");
        }
        for en in [
            "Gunmen attacked the village on Sunday.",
            "Two soldiers were killed.",
            "According to local sources, the toll is heavy.",
            "The army said it killed twenty militants.",
        ] {
            let d = detect_language(en).expect("letters to judge");
            assert_eq!(d.lang, Lang::En, "{en}");
        }
        assert!(detect_language("1234 !!").is_none());
    }
}
