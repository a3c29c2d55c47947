//! The feeds file: which feeds to poll and how often, who to name in the
//! User-Agent, and the alert rules. [`WatchConfig::parse`] reads it; every
//! error names the file and what to change.
//!
//! ```toml
//! contact = "mailto:desk@example.org"   # named in the User-Agent
//! alerts_file = "alerts.jsonl"          # optional
//! webhook = "https://hooks.example.org/sitrep"   # optional
//!
//! [[feed]]
//! url = "http://127.0.0.1:8000/feed.xml"
//! interval = "10s"
//!
//! [[feed]]
//! url = "https://example.org/news/"      # an HTML index page
//! links = "h2.headline a"                # CSS selector of its article links
//! interval = "15m"
//!
//! [[alert]]
//! name = "mass casualty"
//! country = "BF"
//! min_fatalities = 10
//! ```

use crate::alert::AlertRule;
use serde::Deserialize;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// The shortest interval accepted: polling more often than this is rude to
/// the site and buys nothing.
pub const MIN_INTERVAL: Duration = Duration::from_secs(1);

/// The feeds file, read.
#[derive(Clone, Debug, PartialEq)]
pub struct WatchConfig {
    /// Who the sites can reach about sitrep's requests (an email or URL).
    pub contact: Option<String>,
    /// The whole User-Agent, when the file gives one.
    pub user_agent: Option<String>,
    /// Requests in flight at once to one host.
    pub per_host: usize,
    /// Whole-request timeout.
    pub timeout: Duration,
    /// Where alerts are appended as JSON lines (relative to the file).
    pub alerts_file: Option<PathBuf>,
    /// Where alerts are POSTed as JSON.
    pub webhook: Option<String>,
    pub feeds: Vec<Feed>,
    pub alerts: Vec<AlertRule>,
}

/// One feed to poll.
#[derive(Clone, Debug, PartialEq)]
pub struct Feed {
    pub url: String,
    pub interval: Duration,
    /// A CSS selector of the article links on an HTML index page; none for
    /// an RSS or Atom feed.
    pub links: Option<String>,
    /// The outlet's name, when the feed's own title is not it.
    pub name: Option<String>,
    /// The language of its reports, when it should not be detected.
    pub language: Option<String>,
}

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("{path}: cannot read the feeds file ({source}); check the path, or create one (see `sitrep feeds add --help`)")]
    Read {
        path: String,
        source: std::io::Error,
    },
    #[error("{path}: {message}")]
    Invalid { path: String, message: String },
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    contact: Option<String>,
    user_agent: Option<String>,
    per_host: Option<usize>,
    timeout: Option<String>,
    alerts_file: Option<PathBuf>,
    webhook: Option<String>,
    #[serde(default)]
    feed: Vec<RawFeed>,
    #[serde(default)]
    alert: Vec<AlertRule>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFeed {
    url: String,
    interval: Option<String>,
    links: Option<String>,
    name: Option<String>,
    language: Option<String>,
}

/// The longest interval accepted.
pub const MAX_INTERVAL: Duration = Duration::from_secs(30 * 86_400);

/// The interval of a feed that gives none.
pub const DEFAULT_INTERVAL: Duration = Duration::from_secs(300);

/// Reads "10s", "5m", "1h 30m", "2h", "1d" (jiff's friendly durations, and
/// ISO 8601 "PT5M").
pub fn parse_duration(text: &str) -> Result<Duration, String> {
    let wrong =
        || format!("'{text}' is not a duration; write it as \"30s\", \"5m\", \"1h\" or \"1d\"");
    // A span, so that days are read (as 24 hours: a feed's interval is no
    // calendar matter).
    let span: jiff::Span = text.trim().parse().map_err(|_| wrong())?;
    let d = span
        .to_duration(jiff::SpanRelativeTo::days_are_24_hours())
        .map_err(|_| wrong())?;
    Duration::try_from(d).map_err(|_| format!("'{text}' is negative; give a positive duration"))
}

impl WatchConfig {
    /// Reads and checks the feeds file at `path`.
    pub fn load(path: &Path) -> Result<WatchConfig, ConfigError> {
        let text = std::fs::read_to_string(path).map_err(|source| ConfigError::Read {
            path: path.display().to_string(),
            source,
        })?;
        let mut config = Self::parse(&text).map_err(|message| ConfigError::Invalid {
            path: path.display().to_string(),
            message,
        })?;
        // A relative alerts file sits beside the feeds file, wherever
        // sitrep is started from.
        if let (Some(f), Some(dir)) = (&config.alerts_file, path.parent()) {
            if f.is_relative() {
                config.alerts_file = Some(dir.join(f));
            }
        }
        Ok(config)
    }

    /// Reads the text of a feeds file; the error says what to change.
    pub fn parse(text: &str) -> Result<WatchConfig, String> {
        let raw: RawConfig = toml::from_str(text).map_err(|e| e.to_string())?;
        let mut feeds = Vec::with_capacity(raw.feed.len());
        for (i, f) in raw.feed.into_iter().enumerate() {
            let at = format!("feed {} ({})", i + 1, f.url);
            check_http_url(&f.url).map_err(|m| format!("{at}: {m}"))?;
            if feeds.iter().any(|g: &Feed| g.url == f.url) {
                return Err(format!(
                    "{at}: this URL is given twice; keep one [[feed]] for it"
                ));
            }
            let interval = match &f.interval {
                Some(t) => parse_duration(t).map_err(|m| format!("{at}: interval {m}"))?,
                None => DEFAULT_INTERVAL,
            };
            if interval > MAX_INTERVAL {
                return Err(format!(
                    "{at}: interval {interval:?} is over 30 days; poll at least monthly"
                ));
            }
            if interval < MIN_INTERVAL {
                return Err(format!(
                    "{at}: interval {:?} is below one second; poll at most once a second",
                    interval
                ));
            }
            if let Some(sel) = &f.links {
                dom_query::Matcher::new(sel).map_err(|_| {
                    format!("{at}: links = \"{sel}\" is not a CSS selector; write one such as \"h2 a\" or \"a.story\"")
                })?;
            }
            if let Some(l) = &f.language {
                if l.parse::<sitrep_core::Lang>().is_err() {
                    return Err(format!("{at}: language = \"{l}\": give \"fr\" or \"en\""));
                }
            }
            feeds.push(Feed {
                url: f.url,
                interval,
                links: f.links,
                name: f.name,
                language: f.language,
            });
        }
        for (i, rule) in raw.alert.iter().enumerate() {
            rule.check()
                .map_err(|m| format!("alert {} ({}): {m}", i + 1, rule.label()))?;
        }
        if let Some(w) = &raw.webhook {
            check_http_url(w).map_err(|m| format!("webhook: {m}"))?;
        }
        let timeout = match &raw.timeout {
            Some(t) => parse_duration(t).map_err(|m| format!("timeout {m}"))?,
            None => Duration::from_secs(30),
        };
        if timeout.is_zero() || timeout > Duration::from_secs(600) {
            return Err(format!(
                "timeout {timeout:?}: give one between \"1s\" and \"10m\""
            ));
        }
        Ok(WatchConfig {
            contact: raw.contact,
            user_agent: raw.user_agent,
            per_host: raw.per_host.unwrap_or(2).max(1),
            timeout,
            alerts_file: raw.alerts_file,
            webhook: raw.webhook,
            feeds,
            alerts: raw.alert,
        })
    }

    /// The User-Agent sent: sitrep, its version and the contact, so that a
    /// site can tell who polls it and reach them.
    pub fn user_agent(&self) -> String {
        if let Some(ua) = &self.user_agent {
            return ua.clone();
        }
        let version = env!("CARGO_PKG_VERSION");
        match &self.contact {
            Some(c) => format!("sitrep/{version} (+{c})"),
            None => format!("sitrep/{version} (+https://github.com/sitrep)"),
        }
    }
}

fn check_http_url(url: &str) -> Result<(), String> {
    match url::Url::parse(url) {
        Ok(u) if matches!(u.scheme(), "http" | "https") && u.host().is_some() => Ok(()),
        Ok(_) => Err(format!("'{url}' is not an http(s) URL")),
        Err(e) => Err(format!("'{url}' is not a URL ({e})")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_smallest_file_is_one_feed() {
        let c = WatchConfig::parse(
            "[[feed]]\nurl = \"http://127.0.0.1:8000/feed.xml\"\ninterval = \"10s\"\n",
        )
        .expect("valid");
        assert_eq!(c.feeds.len(), 1);
        assert_eq!(c.feeds[0].interval, Duration::from_secs(10));
        assert_eq!(c.per_host, 2);
        assert!(c.user_agent().starts_with("sitrep/"));
    }

    #[test]
    fn durations_read_in_friendly_and_iso_forms() {
        assert_eq!(parse_duration("5m"), Ok(Duration::from_secs(300)));
        assert_eq!(parse_duration("1h 30m"), Ok(Duration::from_secs(5400)));
        assert_eq!(parse_duration("PT2M"), Ok(Duration::from_secs(120)));
        assert_eq!(parse_duration("1d"), Ok(Duration::from_secs(86_400)));
        assert!(parse_duration("often").is_err());
        assert!(parse_duration("-5m").is_err());
    }

    #[test]
    fn mistakes_are_named() {
        let bad = |text: &str, wanted: &str| {
            let e = WatchConfig::parse(text).expect_err(text);
            assert!(e.contains(wanted), "{e:?} lacks {wanted:?}");
        };
        bad("[[feed]]\nurl = \"ftp://x.org/f\"\n", "not an http(s) URL");
        bad(
            "[[feed]]\nurl = \"http://x.org/f\"\ninterval = \"soon\"\n",
            "interval",
        );
        bad(
            "[[feed]]\nurl = \"http://x.org/f\"\ninterval = \"100ms\"\n",
            "below one second",
        );
        bad(
            "[[feed]]\nurl = \"http://x.org/f\"\n[[feed]]\nurl = \"http://x.org/f\"\n",
            "given twice",
        );
        bad(
            "[[feed]]\nurl = \"http://x.org/f\"\nlinks = \"a[\"\n",
            "not a CSS selector",
        );
        bad(
            "[[feed]]\nurl = \"http://x.org/f\"\nintervall = \"5m\"\n",
            "intervall",
        );
        bad("[[alert]]\ncountry = \"Burkina\"\n", "two-letter");
        bad("timeout = \"0s\"\n", "between");
        bad(
            "[[feed]]\nurl = \"http://x.org/f\"\ninterval = \"400d\"\n",
            "30 days",
        );
        bad(
            "[[feed]]\nurl = \"http://x.org/f\"\nlanguage = \"klingon\"\n",
            "language",
        );
    }

    #[test]
    fn the_contact_is_in_the_user_agent() {
        let c = WatchConfig::parse("contact = \"mailto:desk@example.org\"\n").expect("valid");
        assert!(c.user_agent().ends_with("(+mailto:desk@example.org)"));
    }
}
