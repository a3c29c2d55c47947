//! Alert rules and where alerts go. An [`AlertRule`] is a set of
//! conditions on an incident (country, admin1, event type, a least toll,
//! civilian targeting) and, optionally, on a claim just stored that differs
//! from the incident's best figure by more than a share. The [`Alerter`]
//! checks the incidents each stored batch touched, appends each [`Alert`]
//! as a JSON line to a file, and hands it to a webhook thread that POSTs it
//! with retries, so that a slow or dead webhook never holds up ingestion.
//!
//! A rule fires once per incident (a disputed-claim rule once per claim):
//! the alerts file is read back at start, so a restart does not raise the
//! same alerts again.

use serde::{Deserialize, Serialize};
use sitrep_core::Incident;
use std::collections::HashSet;
use std::io::Write;
use std::path::PathBuf;
use std::sync::mpsc::{self, SyncSender, TrySendError};
use std::sync::Arc;
use std::time::Duration;

use crate::metrics::Metrics;

/// One rule of the feeds file's `[[alert]]` tables. Every condition given
/// must hold.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AlertRule {
    pub name: Option<String>,
    /// ISO 3166 alpha-2 code.
    pub country: Option<String>,
    /// The first-level region, as the gazetteer names it.
    pub admin1: Option<String>,
    /// An ACLED event type ("Battles", "Violence against civilians", ...).
    pub event_type: Option<String>,
    /// The incident's best toll is at least this.
    pub min_fatalities: Option<u32>,
    /// Only incidents with civilians targeted (true) or without (false).
    pub civilian_targeting: Option<bool>,
    /// A claim just stored whose killed figure differs from the incident's
    /// best figure by more than this many percent.
    pub claim_differs_by: Option<f64>,
}

impl AlertRule {
    /// What the rule is called in alerts and messages.
    pub fn label(&self) -> String {
        if let Some(n) = &self.name {
            return n.clone();
        }
        let mut parts = Vec::new();
        if let Some(c) = &self.country {
            parts.push(format!("country {c}"));
        }
        if let Some(a) = &self.admin1 {
            parts.push(format!("admin1 {a}"));
        }
        if let Some(t) = &self.event_type {
            parts.push(t.clone());
        }
        if let Some(n) = self.min_fatalities {
            parts.push(format!("{n}+ killed"));
        }
        match self.civilian_targeting {
            Some(true) => parts.push("civilians targeted".into()),
            Some(false) => parts.push("civilians not targeted".into()),
            None => {}
        }
        if let Some(p) = self.claim_differs_by {
            parts.push(format!("claims differing by more than {p}%"));
        }
        if parts.is_empty() {
            "every incident".into()
        } else {
            parts.join(", ")
        }
    }

    /// Whether the rule can ever be read right; the error says what to fix.
    pub fn check(&self) -> Result<(), String> {
        if let Some(c) = &self.country {
            if c.len() != 2 || !c.chars().all(|ch| ch.is_ascii_alphabetic()) {
                return Err(format!(
                    "country = \"{c}\": give the two-letter ISO code (\"BF\", \"ML\", \"KE\")"
                ));
            }
        }
        if let Some(p) = self.claim_differs_by {
            if !(p.is_finite() && p >= 0.0) {
                return Err(format!(
                    "claim_differs_by = {p}: give a percentage of zero or more"
                ));
            }
        }
        Ok(())
    }

    fn matches(&self, i: &Incident) -> bool {
        let loc = i.location.as_ref();
        let same = |want: &Option<String>, have: Option<&str>| {
            want.as_deref()
                .is_none_or(|w| have.is_some_and(|h| h.eq_ignore_ascii_case(w)))
        };
        same(&self.country, loc.and_then(|l| l.country_code.as_deref()))
            && same(&self.admin1, loc.and_then(|l| l.admin1.as_deref()))
            && same(&self.event_type, Some(i.event_type.as_str()))
            && self
                .min_fatalities
                .is_none_or(|n| i.fatalities.best.is_some_and(|b| b >= n))
            && self
                .civilian_targeting
                .is_none_or(|c| i.civilian_targeting == c)
    }
}

/// The claim that raised a disputed-claim alert.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DisputedClaim {
    pub claimant: String,
    pub killed: u32,
    pub best: u32,
    pub document_id: String,
}

/// One alert, as written to the file and POSTed.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Alert {
    pub rule: String,
    /// "incident" or "disputed_claim".
    pub kind: String,
    pub raised_at: String,
    pub incident_id: u64,
    pub event_type: String,
    pub date: Option<String>,
    pub place: Option<String>,
    pub country_code: Option<String>,
    pub admin1: Option<String>,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
    pub fatalities_best: Option<u32>,
    pub civilian_targeting: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub claim: Option<DisputedClaim>,
    /// The pages of the incident's reports.
    pub sources: Vec<String>,
}

impl Alert {
    fn key(&self) -> String {
        match &self.claim {
            Some(c) => format!(
                "{}\u{1f}{}\u{1f}{}\u{1f}{}\u{1f}{}",
                self.rule, self.incident_id, c.document_id, c.claimant, c.killed
            ),
            None => format!("{}\u{1f}{}", self.rule, self.incident_id),
        }
    }

    fn new(rule: &str, kind: &str, i: &Incident, claim: Option<DisputedClaim>) -> Alert {
        let loc = i.location.as_ref();
        Alert {
            rule: rule.into(),
            kind: kind.into(),
            raised_at: jiff::Timestamp::now().to_string(),
            incident_id: i.id,
            event_type: i.event_type.clone(),
            date: i.date.as_ref().map(|d| d.start.to_string()),
            place: loc.map(|l| l.name.clone()),
            country_code: loc.and_then(|l| l.country_code.clone()),
            admin1: loc.and_then(|l| l.admin1.clone()),
            latitude: loc.and_then(|l| l.latitude),
            longitude: loc.and_then(|l| l.longitude),
            fatalities_best: i.fatalities.best,
            civilian_targeting: i.civilian_targeting,
            claim,
            sources: i
                .documents
                .iter()
                .map(|d| d.url.clone().unwrap_or_else(|| d.id.clone()))
                .collect(),
        }
    }
}

/// How many alerts may wait for the webhook; beyond that new ones are
/// dropped (and counted) rather than held in memory or blocking.
const WEBHOOK_QUEUE: usize = 1000;
/// Attempts per alert, waiting 1, 2, 4, 8 s between them.
const WEBHOOK_ATTEMPTS: u32 = 5;

pub struct Alerter {
    rules: Vec<AlertRule>,
    labels: Vec<String>,
    file: Option<PathBuf>,
    webhook: Option<SyncSender<String>>,
    fired: HashSet<String>,
    metrics: Arc<Metrics>,
}

impl Alerter {
    /// Reads back the alerts already in `file` (so none is raised twice)
    /// and starts the webhook thread when a URL is given.
    pub fn new(
        rules: Vec<AlertRule>,
        file: Option<PathBuf>,
        webhook: Option<String>,
        user_agent: String,
        metrics: Arc<Metrics>,
    ) -> Result<Alerter, String> {
        let mut fired = HashSet::new();
        if let Some(f) = &file {
            match std::fs::read(f) {
                Ok(bytes) => {
                    // A line cut short by a crash (even mid-character) is
                    // skipped, not fatal.
                    for line in String::from_utf8_lossy(&bytes).lines() {
                        if let Ok(a) = serde_json::from_str::<Alert>(line) {
                            fired.insert(a.key());
                        }
                    }
                }
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                Err(e) => {
                    return Err(format!(
                        "{}: cannot read the alerts file ({e}); check its permissions",
                        f.display()
                    ))
                }
            }
        }
        let webhook = webhook.map(|url| {
            let (tx, rx) = mpsc::sync_channel::<String>(WEBHOOK_QUEUE);
            let metrics = metrics.clone();
            std::thread::spawn(move || post_alerts(&url, &user_agent, rx, &metrics));
            tx
        });
        // Two rules of one label would share their record of what fired.
        let mut labels: Vec<String> = Vec::with_capacity(rules.len());
        for r in &rules {
            let base = r.label();
            let mut label = base.clone();
            let mut n = 2;
            while labels.contains(&label) {
                label = format!("{base} ({n})");
                n += 1;
            }
            labels.push(label);
        }
        Ok(Alerter {
            rules,
            labels,
            file,
            webhook,
            fired,
            metrics,
        })
    }

    pub fn is_empty(&self) -> bool {
        self.rules.is_empty()
    }

    /// Checks the incidents a batch touched; `new_documents` are the
    /// documents that batch stored (their claims are the new ones). Returns
    /// the alerts raised, after writing them to the file and queueing them
    /// for the webhook.
    pub fn check(
        &mut self,
        incidents: &[Incident],
        new_documents: &HashSet<String>,
    ) -> Result<Vec<Alert>, String> {
        let mut raised = Vec::new();
        for i in incidents {
            for (rule, label) in self.rules.iter().zip(&self.labels) {
                if !rule.matches(i) {
                    continue;
                }
                match rule.claim_differs_by {
                    None => raised.push(Alert::new(label, "incident", i, None)),
                    Some(share) => raised.extend(
                        disputed(i, new_documents, share)
                            .map(|claim| Alert::new(label, "disputed_claim", i, Some(claim))),
                    ),
                }
            }
        }
        raised.retain(|a| self.fired.insert(a.key()));
        if raised.is_empty() {
            return Ok(raised);
        }
        let lines: Vec<String> = raised
            .iter()
            .map(|a| serde_json::to_string(a).unwrap_or_default())
            .collect();
        if let Some(f) = &self.file {
            let mut out = std::fs::OpenOptions::new()
                .create(true)
                .append(true)
                .open(f)
                .map_err(|e| format!("{}: cannot append alerts ({e})", f.display()))?;
            let mut text = lines.join("\n");
            text.push('\n');
            // After a line cut short by a crash, start on a line of our own.
            let cut = std::fs::read(f)
                .map(|b| b.last().is_some_and(|&c| c != b'\n'))
                .unwrap_or(false);
            if cut {
                text.insert(0, '\n');
            }
            out.write_all(text.as_bytes())
                .map_err(|e| format!("{}: cannot append alerts ({e})", f.display()))?;
        }
        if let Some(tx) = &self.webhook {
            for line in lines {
                if let Err(TrySendError::Full(_)) = tx.try_send(line) {
                    Metrics::add(&self.metrics.webhook_failures, 1);
                }
            }
        }
        Metrics::add(&self.metrics.alerts, raised.len() as u64);
        Ok(raised)
    }
}

/// The claims of documents just stored that differ by more than `share`
/// percent from a claim made before them in the incident (the army's
/// figure against the locals'), or, when no claim came before, from the
/// incident's best figure.
fn disputed<'a>(
    i: &'a Incident,
    new_documents: &'a HashSet<String>,
    share: f64,
) -> impl Iterator<Item = DisputedClaim> + 'a {
    let killed = |c: &sitrep_core::SourcedClaim| c.claim.killed.as_ref().and_then(|f| f.value);
    let older: Vec<u32> = i
        .claims
        .iter()
        .filter(|c| !new_documents.contains(&c.document_id))
        .filter_map(killed)
        .collect();
    i.claims
        .iter()
        .filter(|c| new_documents.contains(&c.document_id))
        .filter_map(move |c| {
            let value = killed(c)?;
            let against = if older.is_empty() {
                i.fatalities.best.filter(|&b| differs(value, b, share))?
            } else {
                *older.iter().find(|&&o| differs(value, o, share))?
            };
            Some(DisputedClaim {
                claimant: c.claim.claimant.name.clone(),
                killed: value,
                best: against,
                document_id: c.document_id.clone(),
            })
        })
}

/// Whether `claimed` is more than `percent` away from `best` (any claim of
/// deaths differs from a best figure of none).
fn differs(claimed: u32, best: u32, percent: f64) -> bool {
    if best == 0 {
        return claimed > 0;
    }
    (f64::from(claimed) - f64::from(best)).abs() * 100.0 / f64::from(best) > percent
}

fn post_alerts(url: &str, user_agent: &str, rx: mpsc::Receiver<String>, metrics: &Metrics) {
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_global(Some(Duration::from_secs(10)))
        .user_agent(user_agent)
        .build()
        .into();
    for body in rx {
        let mut delivered = false;
        for attempt in 0..WEBHOOK_ATTEMPTS {
            if attempt > 0 {
                std::thread::sleep(Duration::from_secs(1 << (attempt - 1)));
            }
            let sent = agent
                .post(url)
                .header("Content-Type", "application/json")
                .send(body.as_bytes());
            if sent.is_ok() {
                delivered = true;
                break;
            }
        }
        if !delivered {
            Metrics::add(&metrics.webhook_failures, 1);
            eprintln!(
                "sitrep watch: the webhook {url} did not accept an alert after {WEBHOOK_ATTEMPTS} attempts; it is still in the alerts file"
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_claim_differs_by_more_than_the_share() {
        assert!(differs(21, 10, 50.0));
        assert!(!differs(14, 10, 50.0));
        assert!(differs(3, 0, 50.0));
        assert!(!differs(0, 0, 50.0));
    }

    #[test]
    fn rules_are_checked_and_labelled() {
        let r = AlertRule {
            country: Some("BF".into()),
            min_fatalities: Some(10),
            ..AlertRule::default()
        };
        assert!(r.check().is_ok());
        assert_eq!(r.label(), "country BF, 10+ killed");
        let bad = AlertRule {
            claim_differs_by: Some(-1.0),
            ..AlertRule::default()
        };
        assert!(bad.check().unwrap_err().contains("percentage"));
    }
}
