//! `sitrep eval news FILE.jsonl`: reads real multi-paragraph reports with
//! hand-written gold (the format of `corpus/news-dev/README.md`) and scores
//! the main event, every claimed figure with its claimant, and the merging
//! of one incident's reports.
//!
//! Each line is read as its own document ([`GoldReport`]); its report is
//! scored against the gold ([`DocScore`]), the scores add up in
//! [`NewsScore`]. Then every document is stored in a fresh database and
//! linked, and the incidents are compared with the gold clusters.

use crate::eval_acled::Rate;
use crate::Pipeline;
use jiff::civil::Date;
use jiff::ToSpan;
use serde::{Deserialize, Serialize};
use sitrep_core::{ClaimantKind, Document, Event, Incident, IncidentQuery, Lang, Report};
use sitrep_link::haversine_km;
use sitrep_store::{Extracted, Store};
use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::path::Path;

#[derive(Debug, thiserror::Error)]
pub enum NewsEvalError {
    #[error("cannot read {path}: {source}")]
    Read {
        path: String,
        source: std::io::Error,
    },
    #[error("{path}, line {line}: {message} (is it a news-dev gold file? its format is in corpus/news-dev/README.md)")]
    Line {
        path: String,
        line: usize,
        message: String,
    },
    #[error("the scratch database for linking failed: {0}")]
    Store(#[from] sitrep_store::StoreError),
    #[error("cannot make a scratch folder for linking: {0}")]
    Scratch(std::io::Error),
}

/// One line of the gold file.
#[derive(Debug, Deserialize)]
pub struct GoldReport {
    pub id: String,
    #[serde(default)]
    pub lang: Option<String>,
    #[serde(default)]
    pub published: Option<Date>,
    #[serde(default)]
    pub title: Option<String>,
    #[serde(default)]
    pub url: Option<String>,
    pub text: String,
    pub cluster: String,
    pub gold: Gold,
}

#[derive(Debug, Deserialize)]
pub struct Gold {
    pub event_type: Vec<String>,
    #[serde(default)]
    pub sub_event_type: Option<String>,
    #[serde(default)]
    pub date: Option<Date>,
    #[serde(default)]
    pub lat: Option<f64>,
    #[serde(default)]
    pub lon: Option<f64>,
    #[serde(default)]
    pub tol_km: Option<f64>,
    #[serde(default)]
    pub claims: Vec<GoldClaim>,
}

#[derive(Debug, Deserialize)]
pub struct GoldClaim {
    pub claimant_kind: String,
    #[serde(default)]
    pub claimant: Option<String>,
    #[serde(default)]
    pub killed: Option<u32>,
}

/// Whether sitrep's claimant kind is compatible with the gold's finer kind
/// (the correspondence table of the news-dev README).
pub fn kind_compatible(gold: &str, got: ClaimantKind) -> bool {
    use ClaimantKind as K;
    match gold {
        "government" | "military" => matches!(got, K::Official | K::Party),
        "armed_group" => got == K::Party,
        "local_source" => got == K::LocalSource,
        "un_ngo" => got == K::Ngo,
        "media" => got == K::Media,
        "unattributed" => matches!(got, K::Unattributed | K::Media),
        _ => false,
    }
}

/// What one report got right.
#[derive(Debug, Default, Serialize)]
pub struct DocScore {
    pub id: String,
    pub cluster: String,
    pub events: usize,
    pub type_ok: bool,
    pub subtype_ok: bool,
    /// Kilometres from the gold point, when the main event has a place.
    pub distance_km: Option<f64>,
    pub loc_ok: bool,
    /// `None` when the date is not scored (no real publication date, or
    /// no gold date).
    pub date_ok: Option<bool>,
    pub got_date: Option<String>,
    pub gold_date: Option<String>,
    /// Gold figures with their claimant kind, and whether each was found
    /// and found with a compatible kind.
    pub figures: Vec<(u32, String, bool, bool)>,
    /// Figures of claims of non-background events, with the claimant kind,
    /// and whether the gold has them.
    pub claimed: Vec<(u32, ClaimantKind, bool)>,
}

impl DocScore {
    fn of(g: &GoldReport, report: &Report) -> DocScore {
        let live: Vec<&Event> = report.events.iter().filter(|e| !e.background).collect();
        let main = live.first().copied();
        let mut s = DocScore {
            id: g.id.clone(),
            cluster: g.cluster.clone(),
            events: live.len(),
            ..DocScore::default()
        };
        if let Some(e) = main {
            s.type_ok = g.gold.event_type.contains(&e.event_type);
            s.subtype_ok = g.gold.sub_event_type.as_deref() == Some(e.sub_event_type.as_str());
            let here = e
                .location
                .as_ref()
                .and_then(|l| Some((l.latitude?, l.longitude?)));
            if let (Some((lat, lon)), Some(glat), Some(glon)) = (here, g.gold.lat, g.gold.lon) {
                let d = haversine_km(lat, lon, glat, glon);
                s.distance_km = Some(d);
                s.loc_ok = d <= g.gold.tol_km.unwrap_or(25.0);
            }
            s.got_date = e.date.as_ref().map(|d| {
                if d.start == d.end {
                    d.start.to_string()
                } else {
                    format!("{}..{}", d.start, d.end)
                }
            });
        }
        if let (Some(_), Some(gold)) = (g.published, g.gold.date) {
            s.gold_date = Some(gold.to_string());
            let ok = main.and_then(|e| e.date.as_ref()).is_some_and(|d| {
                // A night spans two days: either one is the gold's.
                let night_ending_on_gold =
                    d.start.checked_add(1.day()).ok() == Some(d.end) && d.end == gold;
                d.start == gold || night_ending_on_gold
            });
            s.date_ok = Some(ok);
        }
        let claims: Vec<&sitrep_core::Claim> = live.iter().flat_map(|e| &e.claims).collect();
        for gc in &g.gold.claims {
            let Some(k) = gc.killed else { continue };
            let with_value: Vec<_> = claims
                .iter()
                .filter(|c| c.killed.as_ref().and_then(|f| f.value) == Some(k))
                .collect();
            let found = !with_value.is_empty();
            let kind = with_value
                .iter()
                .any(|c| kind_compatible(&gc.claimant_kind, c.claimant.kind));
            s.figures
                .push((k, gc.claimant_kind.clone(), found, found && kind));
        }
        let gold_values: BTreeSet<u32> = g.gold.claims.iter().filter_map(|c| c.killed).collect();
        for c in &claims {
            if let Some(v) = c.killed.as_ref().and_then(|f| f.value) {
                s.claimed
                    .push((v, c.claimant.kind, gold_values.contains(&v)));
            }
        }
        s
    }
}

/// The scores over a whole gold file.
#[derive(Debug, Default, Serialize)]
pub struct NewsScore {
    pub documents: usize,
    pub type_: Rate,
    pub subtype: Rate,
    pub loc: Rate,
    pub date: Rate,
    pub fig_recall: Rate,
    pub claim_precision: Rate,
    pub kind: Rate,
    pub one_event: Rate,
    /// Multi-report clusters that became one incident holding exactly
    /// their reports.
    pub clusters_merged: Rate,
    /// Incidents holding reports of two or more clusters.
    pub mixed_incidents: usize,
    pub per_document: Vec<DocScore>,
    /// For each multi-report cluster that did not merge exactly: the
    /// incidents its reports ended in, each with its documents.
    pub split_clusters: BTreeMap<String, Vec<Vec<String>>>,
}

impl NewsScore {
    fn add(&mut self, d: DocScore) {
        self.documents += 1;
        self.type_.add(d.type_ok);
        self.subtype.add(d.subtype_ok);
        self.loc.add(d.loc_ok);
        if let Some(ok) = d.date_ok {
            self.date.add(ok);
        }
        for (_, _, found, kind) in &d.figures {
            self.fig_recall.add(*found);
            if *found {
                self.kind.add(*kind);
            }
        }
        for (_, _, ok) in &d.claimed {
            self.claim_precision.add(*ok);
        }
        self.one_event.add(d.events == 1);
        self.per_document.push(d);
    }

    fn link(&mut self, gold: &[GoldReport], incidents: &[Incident]) {
        let cluster_of: BTreeMap<&str, &str> = gold
            .iter()
            .map(|g| (g.id.as_str(), g.cluster.as_str()))
            .collect();
        let mut members: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
        for g in gold {
            members.entry(&g.cluster).or_default().insert(&g.id);
        }
        let docs_of = |i: &Incident| -> BTreeSet<String> {
            i.documents.iter().map(|d| d.id.clone()).collect()
        };
        for i in incidents {
            let clusters: BTreeSet<&str> = i
                .documents
                .iter()
                .filter_map(|d| cluster_of.get(d.id.as_str()).copied())
                .collect();
            if clusters.len() > 1 {
                self.mixed_incidents += 1;
            }
        }
        for (cluster, ids) in members.iter().filter(|(_, ids)| ids.len() > 1) {
            let want: BTreeSet<String> = ids.iter().map(|s| s.to_string()).collect();
            let merged = incidents.iter().any(|i| docs_of(i) == want);
            self.clusters_merged.add(merged);
            if !merged {
                let parts: Vec<Vec<String>> = incidents
                    .iter()
                    .map(docs_of)
                    .filter(|d| d.iter().any(|id| want.contains(id)))
                    .map(|d| d.into_iter().collect())
                    .collect();
                self.split_clusters.insert(cluster.to_string(), parts);
            }
        }
    }

    /// One line per report: what was read against the gold.
    pub fn verbose(&self) -> String {
        let mut s = String::new();
        for d in &self.per_document {
            let mark = |ok: bool| if ok { "ok" } else { "--" };
            let figs: Vec<String> = d
                .figures
                .iter()
                .map(|(v, k, found, kind)| {
                    format!(
                        "{v}/{k}{}",
                        match (found, kind) {
                            (false, _) => "✗",
                            (true, false) => "?",
                            (true, true) => "",
                        }
                    )
                })
                .collect();
            let extra: Vec<String> = d
                .claimed
                .iter()
                .filter(|(_, _, ok)| !ok)
                .map(|(v, k, _)| format!("{v}/{}", kind_name(*k)))
                .collect();
            s.push_str(&format!(
                "{:<28} events {} type {} loc {}{} date {} ({} vs {}) gold [{}] extra [{}]\n",
                d.id,
                d.events,
                mark(d.type_ok),
                mark(d.loc_ok),
                d.distance_km
                    .map_or(String::new(), |k| format!(" {k:.0}km")),
                d.date_ok.map_or("  ", mark),
                d.got_date.as_deref().unwrap_or("-"),
                d.gold_date.as_deref().unwrap_or("-"),
                figs.join(" "),
                extra.join(" "),
            ));
        }
        for (cluster, parts) in &self.split_clusters {
            s.push_str(&format!("split {cluster}:"));
            for p in parts {
                s.push_str(&format!(" [{}]", p.join(", ")));
            }
            s.push('\n');
        }
        s
    }
}

fn kind_name(k: ClaimantKind) -> String {
    serde_json::to_value(k)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}

impl fmt::Display for NewsScore {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "documents        {}", self.documents)?;
        writeln!(f, "fig_recall       {}", self.fig_recall)?;
        writeln!(f, "claim_precision  {}", self.claim_precision)?;
        writeln!(f, "kind             {}", self.kind)?;
        writeln!(f, "one_event        {}", self.one_event)?;
        writeln!(f, "type             {}", self.type_)?;
        writeln!(f, "subtype          {}", self.subtype)?;
        writeln!(f, "loc              {}", self.loc)?;
        writeln!(f, "date             {}", self.date)?;
        writeln!(f, "clusters_merged  {}", self.clusters_merged)?;
        writeln!(f, "mixed_incidents  {}", self.mixed_incidents)
    }
}

/// Reads the gold file, one report a line.
pub fn read_gold(path: &Path) -> Result<Vec<GoldReport>, NewsEvalError> {
    let text = std::fs::read_to_string(path).map_err(|source| NewsEvalError::Read {
        path: path.display().to_string(),
        source,
    })?;
    text.lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(i, l)| {
            serde_json::from_str(l).map_err(|e| NewsEvalError::Line {
                path: path.display().to_string(),
                line: i + 1,
                message: e.to_string(),
            })
        })
        .collect()
}

/// The document a gold line stands for. Without a real publication date,
/// a feed would have given one: the day after the incident, the date that
/// ends the cluster name.
pub fn document(g: &GoldReport) -> Document {
    let published = g.published.or_else(|| {
        let tail = g.cluster.get(g.cluster.len().saturating_sub(10)..)?;
        let day: Date = tail.parse().ok()?;
        day.checked_add(1.day()).ok()
    });
    Document {
        id: g.id.clone(),
        text: g.text.clone(),
        title: g.title.clone(),
        published,
        url: g.url.clone(),
        source: None,
        language: g.lang.as_deref().and_then(|l| l.parse::<Lang>().ok()),
    }
}

/// Scores every report of `path`, then links them all in a scratch
/// database under `scratch` and scores the clusters.
pub fn run(pipeline: &Pipeline, path: &Path, scratch: &Path) -> Result<NewsScore, NewsEvalError> {
    let gold = read_gold(path)?;
    let mut score = NewsScore::default();
    let mut extracted = Vec::with_capacity(gold.len());
    for g in &gold {
        let doc = document(g);
        let (report, mentions) = pipeline.extract_with_mentions(&doc, doc.language);
        score.add(DocScore::of(g, &report));
        extracted.push(Extracted {
            document: doc,
            report,
            mentions,
        });
    }
    std::fs::create_dir_all(scratch).map_err(NewsEvalError::Scratch)?;
    let db = scratch.join("eval-news.db");
    let _ = std::fs::remove_file(&db);
    let incidents = {
        let mut store = Store::open(&db)?;
        store.ingest(&extracted)?;
        store.incidents(&IncidentQuery::default())?.incidents
    };
    let _ = std::fs::remove_file(&db);
    score.link(&gold, &incidents);
    Ok(score)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gold_kinds_map_to_sitrep_kinds() {
        assert!(kind_compatible("military", ClaimantKind::Party));
        assert!(kind_compatible("government", ClaimantKind::Official));
        assert!(!kind_compatible("armed_group", ClaimantKind::Official));
        assert!(kind_compatible("unattributed", ClaimantKind::Media));
        assert!(!kind_compatible("local_source", ClaimantKind::Unattributed));
        assert!(!kind_compatible("nonsense", ClaimantKind::Party));
    }

    #[test]
    fn a_report_without_a_date_is_published_the_day_after_its_cluster() {
        let g: GoldReport = serde_json::from_str(
            r#"{"id":"a","published":null,"text":"x","cluster":"xx-town-2023-02-20",
                "gold":{"event_type":["Battles"]}}"#,
        )
        .unwrap();
        assert_eq!(document(&g).published, Some(jiff::civil::date(2023, 2, 21)));
    }
}
