//! Per-language data files (triggers, actors, number words, month names...).
//!
//! Every file is embedded in the binary from `data/lang/<code>/`, so sitrep
//! works with nothing installed; a file of the same name under
//! `<data-dir>/lang/<code>/` replaces the embedded one, so an analyst can add
//! an actor or a trigger without recompiling.

use serde::Deserialize;
use sitrep_core::Lang;
use std::borrow::Cow;
use std::collections::HashSet;
use std::path::{Path, PathBuf};

/// The embedded data files: (language, file name, contents).
/// Add a line here for every new data file.
static EMBEDDED: &[(Lang, &str, &str)] = &[
    (
        Lang::Fr,
        "segmentation.toml",
        include_str!("../../../data/lang/fr/segmentation.toml"),
    ),
    (
        Lang::En,
        "segmentation.toml",
        include_str!("../../../data/lang/en/segmentation.toml"),
    ),
    (
        Lang::Fr,
        "time.toml",
        include_str!("../../../data/lang/fr/time.toml"),
    ),
    (
        Lang::En,
        "time.toml",
        include_str!("../../../data/lang/en/time.toml"),
    ),
    (
        Lang::Fr,
        "places.toml",
        include_str!("../../../data/lang/fr/places.toml"),
    ),
    (
        Lang::En,
        "places.toml",
        include_str!("../../../data/lang/en/places.toml"),
    ),
    (
        Lang::Fr,
        "quantities.toml",
        include_str!("../../../data/lang/fr/quantities.toml"),
    ),
    (
        Lang::En,
        "quantities.toml",
        include_str!("../../../data/lang/en/quantities.toml"),
    ),
    (
        Lang::Fr,
        "cues.toml",
        include_str!("../../../data/lang/fr/cues.toml"),
    ),
    (
        Lang::En,
        "cues.toml",
        include_str!("../../../data/lang/en/cues.toml"),
    ),
    (
        Lang::Fr,
        "actors.toml",
        include_str!("../../../data/lang/fr/actors.toml"),
    ),
    (
        Lang::En,
        "actors.toml",
        include_str!("../../../data/lang/en/actors.toml"),
    ),
    (
        Lang::Fr,
        "triggers.toml",
        include_str!("../../../data/lang/fr/triggers.toml"),
    ),
    (
        Lang::En,
        "triggers.toml",
        include_str!("../../../data/lang/en/triggers.toml"),
    ),
    (
        Lang::Fr,
        "assemble.toml",
        include_str!("../../../data/lang/fr/assemble.toml"),
    ),
    (
        Lang::En,
        "assemble.toml",
        include_str!("../../../data/lang/en/assemble.toml"),
    ),
];

#[derive(Debug, thiserror::Error)]
pub enum LexiconError {
    #[error("no data file '{file}' for language '{lang}' (looked in the embedded data and {dir})")]
    Missing {
        lang: Lang,
        file: String,
        dir: String,
    },
    #[error("cannot read the data file {path}: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("data file {path} is not valid: {message}. Fix the file or remove it to use the built-in one")]
    Invalid { path: String, message: String },
}

/// Where the data files come from: embedded, or overridden from a directory.
#[derive(Clone, Debug, Default)]
pub struct LexiconSource {
    override_dir: Option<PathBuf>,
}

impl LexiconSource {
    /// Only the embedded files.
    pub fn embedded() -> Self {
        LexiconSource { override_dir: None }
    }

    /// Files under `dir/lang/<code>/` replace the embedded ones of the same name.
    pub fn with_override_dir(dir: &Path) -> Self {
        LexiconSource {
            override_dir: Some(dir.join("lang")),
        }
    }

    /// The text of one data file, and the name to cite in errors.
    pub fn text(
        &self,
        lang: Lang,
        file: &str,
    ) -> Result<(Cow<'static, str>, String), LexiconError> {
        if let Some(dir) = &self.override_dir {
            let path = dir.join(lang.code()).join(file);
            if path.is_file() {
                let text = std::fs::read_to_string(&path).map_err(|source| LexiconError::Read {
                    path: path.clone(),
                    source,
                })?;
                return Ok((Cow::Owned(text), path.display().to_string()));
            }
        }
        EMBEDDED
            .iter()
            .find(|(l, f, _)| *l == lang && *f == file)
            .map(|(_, _, text)| {
                (
                    Cow::Borrowed(*text),
                    format!("data/lang/{}/{file} (built in)", lang.code()),
                )
            })
            .ok_or_else(|| LexiconError::Missing {
                lang,
                file: file.to_string(),
                dir: self
                    .override_dir
                    .as_ref()
                    .map_or("no override directory".to_string(), |d| {
                        d.display().to_string()
                    }),
            })
    }

    /// Reads and parses one TOML data file.
    pub fn toml<T: for<'de> Deserialize<'de>>(
        &self,
        lang: Lang,
        file: &str,
    ) -> Result<T, LexiconError> {
        let (text, path) = self.text(lang, file)?;
        toml::from_str(&text).map_err(|e| LexiconError::Invalid {
            path,
            message: e.to_string(),
        })
    }
}

#[derive(Deserialize)]
struct SegmentationFile {
    abbreviations: Vec<String>,
    elisions: Vec<String>,
    /// Lower-case words common in this language and not in the other:
    /// they tell the language where names mislead the detector.
    #[serde(default)]
    function_words: Vec<String>,
}

/// What the tokenizer and sentence splitter need to know of the languages.
/// The lists of all languages are merged: a French article quoting "Mr."
/// must not be split there either.
#[derive(Clone, Debug, Default)]
pub struct Segmentation {
    abbreviations: HashSet<String>,
    elisions: HashSet<String>,
    /// Each language's function words, folded, less those of both.
    function_words: Vec<(Lang, HashSet<String>)>,
}

impl Segmentation {
    pub fn load(src: &LexiconSource) -> Result<Self, LexiconError> {
        let mut seg = Segmentation::default();
        for lang in Lang::ALL {
            let f: SegmentationFile = src.toml(lang, "segmentation.toml")?;
            seg.abbreviations
                .extend(f.abbreviations.iter().map(|a| sitrep_core::fold::fold(a)));
            seg.elisions
                .extend(f.elisions.iter().map(|e| sitrep_core::fold::fold(e)));
            let words = f.function_words.iter().map(|w| sitrep_core::fold::fold(w));
            seg.function_words.push((lang, words.collect()));
        }
        let shared: HashSet<String> = seg
            .function_words
            .iter()
            .flat_map(|(l, ws)| {
                let others = &seg.function_words;
                ws.iter()
                    .filter(move |w| others.iter().any(|(o, os)| o != l && os.contains(*w)))
                    .cloned()
            })
            .collect();
        for (_, ws) in seg.function_words.iter_mut() {
            ws.retain(|w| !shared.contains(w));
        }
        Ok(seg)
    }

    /// The language whose function words `folded_words` (lower-case words
    /// of a text, folded) use clearly more: at least one and none of the
    /// other's, or at least two and twice the other's. With its share of
    /// the votes.
    pub fn vote<'a>(&self, folded_words: impl Iterator<Item = &'a str>) -> Option<(Lang, f64)> {
        let mut counts: Vec<(Lang, usize)> =
            self.function_words.iter().map(|(l, _)| (*l, 0)).collect();
        for w in folded_words {
            for ((_, ws), (_, n)) in self.function_words.iter().zip(counts.iter_mut()) {
                *n += usize::from(ws.contains(w));
            }
        }
        counts.sort_by_key(|c| std::cmp::Reverse(c.1));
        let (best, n) = *counts.first()?;
        let rest = counts.get(1).map_or(0, |c| c.1);
        let clear = (n >= 1 && rest == 0) || (n >= 2 && n >= 2 * rest);
        clear.then(|| (best, n as f64 / (n + rest) as f64))
    }

    /// `word` is compared folded.
    pub fn is_abbreviation(&self, folded: &str) -> bool {
        self.abbreviations.contains(folded)
    }

    /// `word` as written (any case, accents).
    pub fn is_elision(&self, word: &str) -> bool {
        if word.len() > 8 {
            return false;
        }
        self.elisions.contains(&sitrep_core::fold::fold(word))
    }
}
