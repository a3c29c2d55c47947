//! Stage 1 of the pipeline: sources to documents.
//!
//! Text is normalised (BOM stripped, CRLF/CR to LF) *before* the `Document` is built, so every
//! byte offset a report gives points into `Document::text`, not into the raw file.
//! HTML is reduced to its visible text (tags, scripts and styles dropped); RSS/Atom feeds give one
//! document per item; JSONL gives one document per line, read lazily.
//!
//! Every source is read lazily and against the size limit *while* it is read: a folder is
//! walked one file at a time ([`read_path`] returns an iterator), a file, standard input or a
//! JSONL line is never held in memory beyond [`IngestOptions::max_bytes`] (plus one byte), and
//! HTML nested deeper than [`MAX_HTML_DEPTH`] elements is read by the linear tag stripper
//! instead of the main-content step, with a warning.

use jiff::civil::Date;
use sitrep_core::{Document, Lang};
use std::io::{BufRead, Read};
use std::path::Path;
use std::sync::Arc;

/// Deepest element nesting the main-content step is given. Real pages nest a few dozen
/// elements; the readability walk is recursive and grows faster than the square of the depth,
/// so a page nested deeper (a hostile one) is read by [`strip_html`], which is linear.
pub const MAX_HTML_DEPTH: usize = 256;

/// Receives warnings about sources that were read, but not as well as they could be.
pub type WarningSink = Arc<dyn Fn(String) + Send + Sync>;

/// Limits applied to every source.
#[derive(Clone)]
pub struct IngestOptions {
    /// Largest accepted document text (and JSONL line), in bytes.
    pub max_bytes: usize,
    /// Where warnings go (none by default: they are dropped).
    pub warnings: Option<WarningSink>,
}

impl Default for IngestOptions {
    fn default() -> Self {
        IngestOptions {
            max_bytes: 5 * 1024 * 1024,
            warnings: None,
        }
    }
}

impl std::fmt::Debug for IngestOptions {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("IngestOptions")
            .field("max_bytes", &self.max_bytes)
            .field("warnings", &self.warnings.is_some())
            .finish()
    }
}

impl IngestOptions {
    fn warn(&self, message: String) {
        if let Some(w) = &self.warnings {
            w(message);
        }
    }
}

/// Extensions a folder walk reads; other files in a folder are skipped (a `.json` or `.pdf`
/// beside the articles is not an article). A file named on its own is read whatever its name.
pub const READ_EXTENSIONS: &[&str] = &[
    "txt", "md", "html", "htm", "xml", "rss", "atom", "jsonl", "ndjson",
];

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
        "{name}: {} over the {limit}-byte limit; split the input or raise the limit",
        size_text(*.size)
    )]
    TooLarge {
        name: String,
        /// Known for files; a stream is only known to be longer than the limit.
        size: Option<u64>,
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
    #[error("{name}: skipped: not a kind of file sitrep reads in a folder ({}); name it alone to read it as text", kinds_read())]
    Skipped { name: String },
}

/// The kinds of file a folder walk reads, for messages: ".txt, .md, ...
/// and files without extension".
pub fn kinds_read() -> String {
    let dotted: Vec<String> = READ_EXTENSIONS.iter().map(|e| format!(".{e}")).collect();
    format!("{} and files without extension", dotted.join(", "))
}

impl IngestError {
    /// A file a folder walk passed over on purpose, to be counted, not reported as a failure.
    pub fn is_skipped(&self) -> bool {
        matches!(self, IngestError::Skipped { .. })
    }
}

fn size_text(size: Option<u64>) -> String {
    match size {
        Some(n) => format!("{n} bytes is"),
        None => "the input is".into(),
    }
}

/// Reads at most `limit + 1` bytes: enough to tell that a source is over the limit without
/// holding more of it (`/dev/zero` stops here).
pub fn read_bounded<R: Read>(
    r: R,
    name: &str,
    opts: &IngestOptions,
) -> Result<Vec<u8>, IngestError> {
    let mut buf = Vec::new();
    r.take(opts.max_bytes as u64 + 1)
        .read_to_end(&mut buf)
        .map_err(|source| IngestError::Io {
            name: name.into(),
            source,
        })?;
    if buf.len() > opts.max_bytes {
        return Err(IngestError::TooLarge {
            name: name.into(),
            size: None,
            limit: opts.max_bytes,
        });
    }
    Ok(buf)
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
            size: Some(bytes.len() as u64),
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
        html_document(id, id, &s, opts)
    } else {
        Ok(bare(id, non_empty(id, s)?))
    }
}

/// Documents read from a file or a folder, one at a time.
pub type Documents = Box<dyn Iterator<Item = Result<Document, IngestError>>>;

/// Reads a file or walks a directory (sorted, hidden entries skipped), lazily: one result per
/// document or per failed file, never aborting on the first bad one. In a folder, files whose
/// extension is not one of [`READ_EXTENSIONS`] (or none) come out as [`IngestError::Skipped`].
pub fn read_path(path: &Path, opts: &IngestOptions) -> Documents {
    let opts = opts.clone();
    if !path.is_dir() {
        return read_file(path, &opts);
    }
    let walker = walkdir::WalkDir::new(path)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'));
    Box::new(walker.flat_map(move |entry| -> Documents {
        match entry {
            Ok(e) if e.file_type().is_file() => {
                if readable_in_folder(e.path()) {
                    read_file(e.path(), &opts)
                } else {
                    one(Err(IngestError::Skipped {
                        name: e.path().display().to_string(),
                    }))
                }
            }
            Ok(_) => Box::new(std::iter::empty()),
            Err(e) => one(Err(IngestError::Io {
                name: e
                    .path()
                    .map(|p| p.display().to_string())
                    .unwrap_or_default(),
                source: e.into(),
            })),
        }
    }))
}

fn one(r: Result<Document, IngestError>) -> Documents {
    Box::new(std::iter::once(r))
}

fn readable_in_folder(path: &Path) -> bool {
    match path.extension().and_then(|e| e.to_str()) {
        None => true,
        Some(ext) => READ_EXTENSIONS
            .iter()
            .any(|known| ext.eq_ignore_ascii_case(known)),
    }
}

fn read_file(path: &Path, opts: &IngestOptions) -> Documents {
    let name = path.display().to_string();
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| name.clone());
    let file = match std::fs::File::open(path) {
        Ok(f) => f,
        Err(source) => return one(Err(IngestError::Io { name, source })),
    };
    if detect_kind(Some(path), &[]) == SourceKind::Jsonl {
        return Box::new(jsonl_reader(std::io::BufReader::new(file), &stem, opts).map(|(_, r)| r));
    }
    // The length on disk refuses a large file before reading any of it; the bounded read
    // still guards devices and files that grow while read.
    if let Some(len) = file
        .metadata()
        .ok()
        .filter(|m| m.is_file())
        .map(|m| m.len())
    {
        if len > opts.max_bytes as u64 {
            return one(Err(IngestError::TooLarge {
                name,
                size: Some(len),
                limit: opts.max_bytes,
            }));
        }
    }
    let bytes = match read_bounded(file, &name, opts) {
        Ok(b) => b,
        Err(e) => return one(Err(e)),
    };
    let s = match decode(&name, &bytes, opts) {
        Ok(s) => s,
        Err(e) => return one(Err(e)),
    };
    match detect_kind(Some(path), &bytes) {
        SourceKind::Html => one(html_document(&stem, &name, &s, opts)),
        SourceKind::Feed => Box::new(feed_documents(&name, &bytes).into_iter()),
        _ => one(non_empty(&name, s).map(|t| bare(&stem, t))),
    }
}

/// Deepest element nesting of `html`, counted linearly from its tags, stopping as soon as it
/// passes `limit`. Elements that are void or whose end tag may be left out (`<p>`, `<li>`,
/// `<td>`...) do not count, so a long list of unclosed paragraphs is not mistaken for depth.
pub fn nesting_exceeds(html: &str, limit: usize) -> bool {
    const FLAT: &[&str] = &[
        "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param",
        "source", "track", "wbr", "p", "li", "dt", "dd", "option", "optgroup", "tr", "td", "th",
        "thead", "tbody", "tfoot", "colgroup", "caption", "rp", "rt",
    ];
    let b = html.as_bytes();
    let mut depth = 0usize;
    let mut i = 0;
    while let Some(off) = b.get(i..).and_then(|t| t.iter().position(|&c| c == b'<')) {
        let at = i + off + 1;
        let closing = b.get(at) == Some(&b'/');
        let name_start = if closing { at + 1 } else { at };
        let name_len = b.get(name_start..).map_or(0, |t| {
            t.iter().take_while(|c| c.is_ascii_alphanumeric()).count()
        });
        i = name_start + name_len;
        if name_len == 0 {
            continue;
        }
        let name = html
            .get(name_start..name_start + name_len)
            .unwrap_or("")
            .to_ascii_lowercase();
        if FLAT.contains(&name.as_str()) {
            continue;
        }
        if closing {
            depth = depth.saturating_sub(1);
        } else {
            let self_closing = b
                .get(i..)
                .and_then(|t| t.iter().position(|&c| c == b'>'))
                .is_some_and(|gt| gt > 0 && b[i + gt - 1] == b'/');
            if !self_closing {
                depth += 1;
                if depth > limit {
                    return true;
                }
            }
        }
    }
    false
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
            rest = match find_ignore_case(rest, &close) {
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

/// Byte offset of the first `needle` (ASCII) in `hay`, ignoring ASCII case, in one pass:
/// lowercasing what is left of a page at every `<script>` made stripping quadratic.
fn find_ignore_case(hay: &str, needle: &str) -> Option<usize> {
    let (h, n) = (hay.as_bytes(), needle.as_bytes());
    let first = *n.first()?;
    let mut i = 0;
    while let Some(off) = h
        .get(i..)?
        .iter()
        .position(|c| c.eq_ignore_ascii_case(&first))
    {
        let at = i + off;
        if h.get(at..at + n.len())
            .is_some_and(|w| w.eq_ignore_ascii_case(n))
        {
            return Some(at);
        }
        i = at + 1;
    }
    None
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

fn html_document(
    id: &str,
    name: &str,
    html: &str,
    opts: &IngestOptions,
) -> Result<Document, IngestError> {
    let deep = nesting_exceeds(html, MAX_HTML_DEPTH);
    if deep {
        opts.warn(format!(
            "{name}: HTML nested more than {MAX_HTML_DEPTH} elements deep; read all its visible text, without picking out the main content"
        ));
    }
    let content = if deep { None } else { main_content(html) };
    let (text, article) = match content {
        Some((text, article)) => (text, Some(article)),
        None => {
            let body = match html.to_ascii_lowercase().find("<body") {
                Some(i) => html.get(i..).unwrap_or(html),
                None => html,
            };
            (strip_html(body), None)
        }
    };
    let text = non_empty(name, text)?;
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

/// How far into a feed quick-xml (under feed-rs) looks for the encoding:
/// a declaration naming an encoding that ends past it makes it panic.
const DECLARATION_WINDOW: usize = 64;

/// The feed's bytes with every XML declaration that could stop the parser
/// removed: one ending past the first [`DECLARATION_WINDOW`] bytes, or one
/// standing anywhere but at the start (where none is legal). A
/// declaration never closed is an error.
fn tame_declarations(bytes: &[u8]) -> Result<std::borrow::Cow<'_, [u8]>, String> {
    let opens = |from: usize| {
        bytes
            .get(from..)?
            .windows(5)
            .position(|w| w.eq_ignore_ascii_case(b"<?xml"))
            .map(|p| p + from)
    };
    let mut kept: Vec<u8> = Vec::new();
    let mut copied = 0;
    let mut at = 0;
    while let Some(start) = opens(at) {
        let Some(len) = bytes[start..].windows(2).position(|w| w == b"?>") else {
            return Err(format!(
                "the XML declaration at byte {start} is never closed with '?>'"
            ));
        };
        let end = start + len + 2;
        let at_start = bytes[..start]
            .iter()
            .all(|b| b.is_ascii_whitespace() || [0xEF, 0xBB, 0xBF].contains(b));
        if !(at_start && end <= DECLARATION_WINDOW) {
            kept.extend_from_slice(&bytes[copied..start]);
            copied = end;
        }
        at = end;
    }
    if copied == 0 {
        return Ok(std::borrow::Cow::Borrowed(bytes));
    }
    kept.extend_from_slice(&bytes[copied..]);
    Ok(std::borrow::Cow::Owned(kept))
}

/// One item of an RSS or Atom feed, as the feed gives it.
#[derive(Clone, Debug, PartialEq)]
pub struct FeedEntry {
    /// The item's id (guid), else its link.
    pub id: String,
    /// The item's page.
    pub url: Option<String>,
    pub title: Option<String>,
    pub published: Option<Date>,
    /// The feed's title: the outlet.
    pub source: Option<String>,
    /// The item's content, else its summary, as HTML or text.
    pub html: String,
}

impl FeedEntry {
    /// The document the feed's own text makes (a summary, often).
    pub fn document(&self, name: &str) -> Result<Document, IngestError> {
        let text = non_empty(&format!("{name}: item {}", self.id), strip_html(&self.html))?;
        let mut doc = bare(&self.id, text);
        doc.title.clone_from(&self.title);
        doc.published = self.published;
        doc.url.clone_from(&self.url);
        doc.source.clone_from(&self.source);
        Ok(doc)
    }
}

/// The items of an RSS or Atom feed (DTD entities refused, as for files).
pub fn feed_entries(name: &str, bytes: &[u8]) -> Result<Vec<FeedEntry>, IngestError> {
    let feed_error = |message| IngestError::Feed {
        name: name.into(),
        message,
    };
    let bytes = tame_declarations(bytes).map_err(feed_error)?;
    let feed = feed_rs::parser::parse(&bytes[..]).map_err(|e| feed_error(e.to_string()))?;
    let source = feed.title.map(|t| t.content);
    Ok(feed
        .entries
        .into_iter()
        .map(|e| {
            let url = e.links.first().map(|l| l.href.clone());
            let html = e
                .content
                .and_then(|c| c.body)
                .or_else(|| e.summary.map(|s| s.content))
                .unwrap_or_default();
            let id = if e.id.is_empty() {
                url.clone().unwrap_or_default()
            } else {
                e.id
            };
            FeedEntry {
                id,
                url,
                title: e.title.map(|t| t.content),
                published: e
                    .published
                    .or(e.updated)
                    .and_then(|d| parse_date(&d.to_rfc3339())),
                source: source.clone(),
                html,
            }
        })
        .collect())
}

fn feed_documents(name: &str, bytes: &[u8]) -> Vec<Result<Document, IngestError>> {
    match feed_entries(name, bytes) {
        Ok(entries) => entries.iter().map(|e| e.document(name)).collect(),
        Err(e) => vec![Err(e)],
    }
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
    let mut buf = Vec::new();
    std::iter::from_fn(move || loop {
        let len = match read_line_bounded(&mut r, opts.max_bytes, &mut buf) {
            Ok(None) => return None,
            Ok(Some(len)) => len,
            Err(source) => {
                return Some((
                    line_no + 1,
                    Err(IngestError::Io {
                        name: name.clone(),
                        source,
                    }),
                ))
            }
        };
        line_no += 1;
        if len > opts.max_bytes {
            let err = IngestError::Line {
                name: name.clone(),
                line: line_no,
                message: format!("{len} bytes is over the {}-byte limit", opts.max_bytes),
            };
            return Some((line_no, Err(err)));
        }
        if buf.iter().all(|b| b.is_ascii_whitespace()) {
            continue;
        }
        return Some((line_no, parse_line(&buf, &name, line_no)));
    })
}

/// Reads one line (with its `\n`) into `buf`, keeping at most `limit + 1` of its bytes and
/// skipping the rest, so that one endless line cannot exhaust memory. Gives the line's full
/// length, or `None` at the end of the input.
fn read_line_bounded<R: BufRead>(
    r: &mut R,
    limit: usize,
    buf: &mut Vec<u8>,
) -> std::io::Result<Option<usize>> {
    buf.clear();
    let mut total = 0usize;
    loop {
        let chunk = match r.fill_buf() {
            Ok(c) => c,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if chunk.is_empty() {
            return Ok((total > 0).then_some(total));
        }
        let (take, done) = match chunk.iter().position(|&b| b == b'\n') {
            Some(i) => (i + 1, true),
            None => (chunk.len(), false),
        };
        let room = (limit + 1).saturating_sub(buf.len());
        buf.extend_from_slice(&chunk[..take.min(room)]);
        total = total.saturating_add(take);
        r.consume(take);
        if done {
            return Ok(Some(total));
        }
    }
}

/// The fields of a document as a JSONL line or a caller gives them, before
/// they are checked: `text`, and optionally `id`, `published` (YYYY-MM-DD or
/// RFC 3339), `title`, `url`, `source`, `language` ("fr" or "en").
#[derive(Clone, Debug, Default)]
pub struct DocumentFields {
    pub id: Option<String>,
    pub text: String,
    pub published: Option<String>,
    pub title: Option<String>,
    pub url: Option<String>,
    pub source: Option<String>,
    pub language: Option<String>,
}

/// One document from its fields, checked as `extract --input` checks a line
/// (for callers that hold documents one at a time: the Python package).
/// Errors and the default id name `name:position`.
pub fn document_from_fields(
    fields: DocumentFields,
    name: &str,
    position: usize,
    opts: &IngestOptions,
) -> Result<Document, IngestError> {
    let err = |message: String| IngestError::Line {
        name: name.into(),
        line: position,
        message,
    };
    if fields.text.len() > opts.max_bytes {
        return Err(err(format!(
            "\"text\" of {} bytes is over the {}-byte limit",
            fields.text.len(),
            opts.max_bytes
        )));
    }
    let text = normalise(&fields.text);
    if text.trim().is_empty() {
        return Err(err("\"text\" is empty".into()));
    }
    let published = match fields.published {
        Some(p) => Some(parse_date(&p).ok_or_else(|| {
            err(format!(
                "bad \"published\" {p:?}; use YYYY-MM-DD or RFC 3339"
            ))
        })?),
        None => None,
    };
    let language = match fields.language.as_deref() {
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
        id: fields.id.unwrap_or_else(|| format!("{name}:{position}")),
        text,
        title: fields.title,
        published,
        url: fields.url,
        source: fields.source,
        language,
    })
}

fn parse_line(buf: &[u8], name: &str, line: usize) -> Result<Document, IngestError> {
    let err = |message: String| IngestError::Line {
        name: name.into(),
        line,
        message,
    };
    let s = std::str::from_utf8(buf)
        .map_err(|_| err("not valid UTF-8; convert the file to UTF-8".into()))?;
    let l: Line = serde_json::from_str(s)
        .map_err(|e| err(format!("not a JSON object with a \"text\" field ({e})")))?;
    let serde_json::Value::String(text) = l.text else {
        return Err(err("\"text\" must be a string".into()));
    };
    let fields = DocumentFields {
        id: l.id,
        text,
        published: l.published,
        title: l.title,
        url: l.url,
        source: l.source,
        language: l.language,
    };
    // The line was checked against the limit as it was read.
    let unlimited = IngestOptions {
        max_bytes: usize::MAX,
        warnings: None,
    };
    document_from_fields(fields, name, line, &unlimited)
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
        SourceKind::Html => vec![html_document(name, name, &s, opts)],
        SourceKind::Feed => feed_documents(name, bytes),
        _ => vec![non_empty(name, s).map(|t| bare(name, t))],
    }
}
