//! Stage 1 of the pipeline: sources to documents.
//!
//! Text is normalised (BOM stripped, CRLF/CR to LF) *before* the `Document` is built, so every
//! byte offset a report gives points into `Document::text`, not into the raw file.
//! HTML is reduced to its visible text (tags, scripts and styles dropped); RSS/Atom feeds give one
//! document per item; JSONL gives one document per line, read lazily.

use jiff::civil::Date;
use sitrep_core::{Document, Lang};
use std::io::BufRead;
use std::path::Path;

/// Limits applied to every source.
#[derive(Debug, Clone)]
pub struct IngestOptions {
    /// Largest accepted document text (and JSONL line), in bytes.
    pub max_bytes: usize,
}

impl Default for IngestOptions {
    fn default() -> Self {
        IngestOptions {
            max_bytes: 5 * 1024 * 1024,
        }
    }
}

/// What failed, where, and what to do.
#[derive(Debug, thiserror::Error)]
pub enum IngestError {
    #[error("{name}: cannot read ({source}); check the path and its permissions")]
    Io {
        name: String,
        source: std::io::Error,
    },
    #[error("{name}: looks like a binary file (NUL byte at byte {at}); sitrep reads text, HTML, RSS/Atom or JSONL")]
    Binary { name: String, at: usize },
    #[error("{name}: not valid UTF-8 (at byte {at}); convert the file to UTF-8")]
    Utf8 { name: String, at: usize },
    #[error("{name}: empty or whitespace-only; nothing to analyse")]
    Empty { name: String },
    #[error(
        "{name}: {size} bytes is over the {limit}-byte limit; split the input or raise the limit"
    )]
    TooLarge {
        name: String,
        size: usize,
        limit: usize,
    },
    #[error("{name}:{line}: {message}")]
    Line {
        name: String,
        line: usize,
        message: String,
    },
    #[error("{name}: not a readable feed ({message}); check it is RSS 2.0 or Atom")]
    Feed { name: String, message: String },
}

/// How a source is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SourceKind {
    Text,
    Html,
    Feed,
    Jsonl,
}

/// Detects the kind from the extension, then from the content.
pub fn detect_kind(path: Option<&Path>, bytes: &[u8]) -> SourceKind {
    let ext = path
        .and_then(|p| p.extension())
        .and_then(|e| e.to_str())
        .map(|e| e.to_ascii_lowercase());
    match ext.as_deref() {
        Some("html" | "htm") => return SourceKind::Html,
        Some("xml" | "rss" | "atom") => return SourceKind::Feed,
        Some("jsonl" | "ndjson") => return SourceKind::Jsonl,
        Some("txt" | "md") => return SourceKind::Text,
        _ => {}
    }
    let head: String = String::from_utf8_lossy(&bytes[..bytes.len().min(1024)])
        .trim_start_matches('\u{feff}')
        .trim_start()
        .to_ascii_lowercase();
    if head.starts_with("<!doctype html") || head.starts_with("<html") {
        SourceKind::Html
    } else if head.starts_with("<?xml") || head.starts_with("<rss") || head.starts_with("<feed") {
        SourceKind::Feed
    } else {
        SourceKind::Text
    }
}

fn decode(name: &str, bytes: &[u8], opts: &IngestOptions) -> Result<String, IngestError> {
    if bytes.len() > opts.max_bytes {
        return Err(IngestError::TooLarge {
            name: name.into(),
            size: bytes.len(),
            limit: opts.max_bytes,
        });
    }
    if let Some(at) = bytes.iter().position(|&b| b == 0) {
        return Err(IngestError::Binary {
            name: name.into(),
            at,
        });
    }
    let s = std::str::from_utf8(bytes).map_err(|e| IngestError::Utf8 {
        name: name.into(),
        at: e.valid_up_to(),
    })?;
    Ok(normalise(s))
}

fn normalise(s: &str) -> String {
    s.trim_start_matches('\u{feff}')
        .replace("\r\n", "\n")
        .replace('\r', "\n")
}

fn non_empty(name: &str, text: String) -> Result<String, IngestError> {
    if text.trim().is_empty() {
        Err(IngestError::Empty { name: name.into() })
    } else {
        Ok(text)
    }
}

fn bare(id: &str, text: String) -> Document {
    Document {
        id: id.into(),
        text,
        title: None,
        published: None,
        url: None,
        source: None,
        language: None,
    }
}

/// One document from bytes (stdin); HTML is sniffed, anything else is plain text.
pub fn document_from_bytes(
    id: &str,
    bytes: &[u8],
    opts: &IngestOptions,
) -> Result<Document, IngestError> {
    let s = decode(id, bytes, opts)?;
    if detect_kind(None, bytes) == SourceKind::Html {
        html_document(id, &s)
    } else {
        Ok(bare(id, non_empty(id, s)?))
    }
}

/// Reads a file or walks a directory (sorted, hidden entries skipped); one result per document
/// or per failed file, never aborting on the first bad one.
pub fn read_path(path: &Path, opts: &IngestOptions) -> Vec<Result<Document, IngestError>> {
    if path.is_dir() {
        let mut out = Vec::new();
        let walker = walkdir::WalkDir::new(path)
            .sort_by_file_name()
            .into_iter()
            .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'));
        for entry in walker {
            match entry {
                Ok(e) if e.file_type().is_file() => out.extend(read_file(e.path(), opts)),
                Ok(_) => {}
                Err(e) => out.push(Err(IngestError::Io {
                    name: e
                        .path()
                        .map(|p| p.display().to_string())
                        .unwrap_or_default(),
                    source: e.into(),
                })),
            }
        }
        out
    } else {
        read_file(path, opts)
    }
}

fn read_file(path: &Path, opts: &IngestOptions) -> Vec<Result<Document, IngestError>> {
    let name = path.display().to_string();
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| name.clone());
    if detect_kind(Some(path), &[]) == SourceKind::Jsonl {
        return match std::fs::File::open(path) {
            Ok(f) => jsonl_reader(std::io::BufReader::new(f), &stem, opts)
                .map(|(_, r)| r)
                .collect(),
            Err(source) => vec![Err(IngestError::Io { name, source })],
        };
    }
    let bytes = match std::fs::read(path) {
        Ok(b) => b,
        Err(source) => return vec![Err(IngestError::Io { name, source })],
    };
    let s = match decode(&name, &bytes, opts) {
        Ok(s) => s,
        Err(e) => return vec![Err(e)],
    };
    match detect_kind(Some(path), &bytes) {
        SourceKind::Html => vec![html_document(&stem, &s).map_err(|e| rename(e, &name))],
        SourceKind::Feed => feed_documents(&name, &bytes),
        _ => vec![non_empty(&name, s).map(|t| bare(&stem, t))],
    }
}

fn rename(e: IngestError, name: &str) -> IngestError {
    match e {
        IngestError::Empty { .. } => IngestError::Empty { name: name.into() },
        other => other,
    }
}

/// Visible text of an HTML fragment: tags removed, script/style dropped, entities decoded,
/// block ends turned into blank lines.
pub fn strip_html(html: &str) -> String {
    let mut out = String::new();
    let mut rest = html;
    while let Some(lt) = rest.find('<') {
        out.push_str(&decode_entities(&rest[..lt]));
        let after = &rest[lt..];
        let Some(gt) = after.find('>') else {
            rest = "";
            break;
        };
        let tag = after[1..gt].trim().to_ascii_lowercase();
        let tname: String = tag
            .trim_start_matches('/')
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect();
        rest = &after[gt + 1..];
        if !tag.starts_with('/')
            && matches!(
                tname.as_str(),
                "script" | "style" | "noscript" | "head" | "nav" | "footer" | "aside"
            )
        {
            let close = format!("</{tname}");
            let lower = rest.to_ascii_lowercase();
            rest = match lower.find(&close) {
                Some(i) => rest.get(i..).unwrap_or(""),
                None => "",
            };
            continue;
        }
        if matches!(
            tname.as_str(),
            "p" | "div" | "br" | "h1" | "h2" | "h3" | "li" | "article" | "section"
        ) {
            out.push_str("\n\n");
        }
    }
    out.push_str(&decode_entities(rest));
    let paras: Vec<String> = out
        .split("\n\n")
        .map(|p| p.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|p| !p.is_empty())
        .collect();
    paras.join("\n\n")
}

fn decode_entities(s: &str) -> String {
    s.replace("&nbsp;", " ")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&apos;", "'")
        .replace("&amp;", "&")
}

/// Main content by readability (dom_smoothie), so menus, footers and
/// "related articles" do not become part of the report; pages too short or
/// too odd for it fall back to all visible text of the body.
fn main_content(html: &str) -> Option<(String, dom_smoothie::Article)> {
    let cfg = dom_smoothie::Config {
        text_mode: dom_smoothie::TextMode::Formatted,
        ..Default::default()
    };
    let mut r = dom_smoothie::Readability::new(html, None, Some(cfg)).ok()?;
    let article = r.parse().ok()?;
    let paras: Vec<String> = article
        .text_content
        .split("\n\n")
        .map(|p| p.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|p| !p.is_empty())
        .collect();
    let text = paras.join("\n\n");
    (!text.is_empty()).then_some((text, article))
}

fn html_document(id: &str, html: &str) -> Result<Document, IngestError> {
    let (text, article) = match main_content(html) {
        Some((text, article)) => (text, Some(article)),
        None => {
            let body = match html.to_ascii_lowercase().find("<body") {
                Some(i) => html.get(i..).unwrap_or(html),
                None => html,
            };
            (strip_html(body), None)
        }
    };
    let text = non_empty(id, text)?;
    let mut doc = bare(id, text);
    doc.title = article
        .as_ref()
        .map(|a| a.title.trim().to_string())
        .filter(|t| !t.is_empty())
        .or_else(|| tag_text(html, "title"));
    doc.published = article
        .as_ref()
        .and_then(|a| a.published_time.as_deref())
        .and_then(parse_date)
        .or_else(|| {
            [
                "article:published_time",
                "og:published_time",
                "datePublished",
                "date",
                "pubdate",
            ]
            .iter()
            .find_map(|k| meta_content(html, k))
            .or_else(|| json_ld_date(html))
            .and_then(|v| parse_date(&v))
        });
    doc.url = article
        .as_ref()
        .and_then(|a| a.url.clone())
        .or_else(|| meta_content(html, "og:url"));
    doc.source = article
        .as_ref()
        .and_then(|a| a.site_name.clone())
        .or_else(|| meta_content(html, "og:site_name"));
    Ok(doc)
}

fn tag_text(html: &str, tag: &str) -> Option<String> {
    let lower = html.to_ascii_lowercase();
    let start = lower.find(&format!("<{tag}"))?;
    let open_end = start + lower.get(start..)?.find('>')? + 1;
    let close = open_end + lower.get(open_end..)?.find(&format!("</{tag}"))?;
    let t = strip_html(html.get(open_end..close)?);
    (!t.is_empty()).then_some(t)
}

/// Value of the `content` attribute of a `<meta>` whose property/name/itemprop equals `key`.
fn meta_content(html: &str, key: &str) -> Option<String> {
    let mut rest = html;
    while let Some(i) = rest.find("<meta") {
        let tail = rest.get(i..)?;
        let end = tail.find('>')?;
        let tag = tail.get(..end)?;
        if [
            format!("property=\"{key}\""),
            format!("name=\"{key}\""),
            format!("itemprop=\"{key}\""),
        ]
        .iter()
        .any(|p| tag.contains(p.as_str()))
        {
            let c = tag.find("content=\"")? + 9;
            let v = tag.get(c..)?;
            return Some(decode_entities(v.get(..v.find('"')?)?));
        }
        rest = tail.get(end..)?;
    }
    None
}

fn json_ld_date(html: &str) -> Option<String> {
    let i = html.find("\"datePublished\"")?;
    let v = html
        .get(i + 15..)?
        .trim_start()
        .strip_prefix(':')?
        .trim_start()
        .strip_prefix('"')?;
    Some(v.get(..v.find('"')?)?.to_string())
}

/// "YYYY-MM-DD" or any timestamp starting with one (RFC 3339).
fn parse_date(s: &str) -> Option<Date> {
    s.trim().get(..10)?.parse().ok()
}

fn feed_documents(name: &str, bytes: &[u8]) -> Vec<Result<Document, IngestError>> {
    let feed = match feed_rs::parser::parse(bytes) {
        Ok(f) => f,
        Err(e) => {
            return vec![Err(IngestError::Feed {
                name: name.into(),
                message: e.to_string(),
            })]
        }
    };
    let source = feed.title.map(|t| t.content);
    feed.entries
        .into_iter()
        .map(|e| {
            let url = e.links.first().map(|l| l.href.clone());
            let raw = e
                .content
                .and_then(|c| c.body)
                .or_else(|| e.summary.map(|s| s.content))
                .unwrap_or_default();
            let id = if e.id.is_empty() {
                url.clone().unwrap_or_default()
            } else {
                e.id
            };
            let text = non_empty(&format!("{name}: item {id}"), strip_html(&raw))?;
            let mut doc = bare(&id, text);
            doc.title = e.title.map(|t| t.content);
            doc.published = e
                .published
                .or(e.updated)
                .and_then(|d| parse_date(&d.to_rfc3339()));
            doc.url = url;
            doc.source = source.clone();
            Ok(doc)
        })
        .collect()
}

#[derive(serde::Deserialize)]
struct Line {
    id: Option<String>,
    text: serde_json::Value,
    published: Option<String>,
    title: Option<String>,
    url: Option<String>,
    source: Option<String>,
    language: Option<String>,
}

/// Lazily reads JSONL: `(1-based line, result)` per non-blank line; a bad line does not stop it.
pub fn jsonl_reader<R: BufRead>(
    mut r: R,
    name: &str,
    opts: &IngestOptions,
) -> impl Iterator<Item = (usize, Result<Document, IngestError>)> {
    // Owned copies so the iterator borrows nothing from the caller.
    let name = name.to_string();
    let opts = opts.clone();
    let mut line_no = 0usize;
    std::iter::from_fn(move || loop {
        let mut buf = Vec::new();
        match r.read_until(b'\n', &mut buf) {
            Ok(0) => return None,
            Ok(_) => {}
            Err(source) => {
                return Some((
                    line_no + 1,
                    Err(IngestError::Io {
                        name: name.clone(),
                        source,
                    }),
                ))
            }
        }
        line_no += 1;
        if buf.iter().all(|b| b.is_ascii_whitespace()) {
            continue;
        }
        return Some((line_no, parse_line(&buf, &name, line_no, &opts)));
    })
}

fn parse_line(
    buf: &[u8],
    name: &str,
    line: usize,
    opts: &IngestOptions,
) -> Result<Document, IngestError> {
    let err = |message: String| IngestError::Line {
        name: name.into(),
        line,
        message,
    };
    if buf.len() > opts.max_bytes {
        return Err(err(format!(
            "{} bytes is over the {}-byte limit",
            buf.len(),
            opts.max_bytes
        )));
    }
    let s = std::str::from_utf8(buf)
        .map_err(|_| err("not valid UTF-8; convert the file to UTF-8".into()))?;
    let l: Line = serde_json::from_str(s)
        .map_err(|e| err(format!("not a JSON object with a \"text\" field ({e})")))?;
    let serde_json::Value::String(text) = l.text else {
        return Err(err("\"text\" must be a string".into()));
    };
    let text = normalise(&text);
    if text.trim().is_empty() {
        return Err(err("\"text\" is empty".into()));
    }
    let published = match l.published {
        Some(p) => Some(parse_date(&p).ok_or_else(|| {
            err(format!(
                "bad \"published\" {p:?}; use YYYY-MM-DD or RFC 3339"
            ))
        })?),
        None => None,
    };
    let language = match l.language.as_deref() {
        None => None,
        Some("fr") => Some(Lang::Fr),
        Some("en") => Some(Lang::En),
        Some(other) => {
            return Err(err(format!(
                "unsupported \"language\" {other:?}; use \"fr\" or \"en\""
            )))
        }
    };
    Ok(Document {
        id: l.id.unwrap_or_else(|| format!("{name}:{line}")),
        text,
        title: l.title,
        published,
        url: l.url,
        source: l.source,
        language,
    })
}

/// Every document in `bytes` read as `kind`, as [`read_path`] reads a file of
/// that kind (one per HTML page or text, one per feed item, one per JSONL
/// line), without a file: for callers holding bytes, and the fuzzers.
pub fn documents_from_bytes(
    name: &str,
    bytes: &[u8],
    kind: SourceKind,
    opts: &IngestOptions,
) -> Vec<Result<Document, IngestError>> {
    if kind == SourceKind::Jsonl {
        return jsonl_reader(bytes, name, opts).map(|(_, r)| r).collect();
    }
    let s = match decode(name, bytes, opts) {
        Ok(s) => s,
        Err(e) => return vec![Err(e)],
    };
    match kind {
        SourceKind::Html => vec![html_document(name, &s)],
        SourceKind::Feed => feed_documents(name, bytes),
        _ => vec![non_empty(name, s).map(|t| bare(name, t))],
    }
}
