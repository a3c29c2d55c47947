//! The JSON routes. Every error answers `{"error": "..."}` with a message
//! that says what was wrong and what to send instead.

use crate::{AppState, IncidentSource, SourceError};
use axum::body::Bytes;
use axum::extract::rejection::{BytesRejection, PathRejection, QueryRejection};
use axum::extract::{FromRequestParts, Path, Query, State};
use axum::http::request::Parts;
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use jiff::civil::Date;
use serde::Deserialize;
use sitrep_core::{Document, Incident, IncidentPage, IncidentQuery, Lang, Report, StoredDocument};
use std::sync::Arc;

/// The largest `POST /api/extract` body: far above any news article, low
/// enough that one request cannot tie up the pipeline for long.
pub const MAX_EXTRACT_BYTES: usize = 1024 * 1024;
/// The largest page of incidents one request may ask for.
pub const MAX_LIMIT: usize = 1000;
const DEFAULT_LIMIT: usize = 100;

/// One article to read, as `POST /api/extract` received it.
#[derive(Clone, Debug)]
pub struct ExtractRequest {
    pub document: Document,
    /// `None` detects the language.
    pub lang: Option<Lang>,
}

#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct ExtractError(pub String);

/// Runs the pipeline. A function rather than the pipeline type keeps this
/// crate free of the binary crate and its language data.
pub type Extractor = Arc<dyn Fn(ExtractRequest) -> Result<Report, ExtractError> + Send + Sync>;

#[derive(Debug)]
pub struct ApiError {
    pub status: StatusCode,
    pub message: String,
    /// Seconds after which the same request may succeed (`Retry-After`).
    retry_after: Option<u32>,
}

impl ApiError {
    pub fn new(status: StatusCode, message: impl Into<String>) -> Self {
        ApiError {
            status,
            message: message.into(),
            retry_after: None,
        }
    }

    /// 503 for a request that may succeed in `seconds`.
    pub fn busy(seconds: u32, message: impl Into<String>) -> Self {
        ApiError {
            retry_after: Some(seconds),
            ..Self::new(StatusCode::SERVICE_UNAVAILABLE, message)
        }
    }

    fn bad_request(message: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, message)
    }

    pub fn not_found(message: impl Into<String>) -> Self {
        Self::new(StatusCode::NOT_FOUND, message)
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let mut res = (
            self.status,
            Json(serde_json::json!({ "error": self.message })),
        )
            .into_response();
        if let Some(s) = self.retry_after {
            res.headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(s));
        }
        res
    }
}

impl From<crate::SourceError> for ApiError {
    fn from(e: crate::SourceError) -> Self {
        ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, e.0)
    }
}

impl From<QueryRejection> for ApiError {
    fn from(e: QueryRejection) -> Self {
        ApiError::bad_request(format!(
            "{}; known parameters: country, since, until, type, bbox, offset, limit",
            e.body_text()
        ))
    }
}

impl From<PathRejection> for ApiError {
    fn from(e: PathRejection) -> Self {
        ApiError::bad_request(e.body_text())
    }
}

impl From<BytesRejection> for ApiError {
    fn from(e: BytesRejection) -> Self {
        let status = e.status();
        if status == StatusCode::PAYLOAD_TOO_LARGE {
            return ApiError::new(
                status,
                format!(
                    "the request is larger than {MAX_EXTRACT_BYTES} bytes; send one article at a time"
                ),
            );
        }
        ApiError::new(status, e.body_text())
    }
}

/// Query parameters as text, so that each bad value gets its own message.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct ListParams {
    country: Option<String>,
    since: Option<String>,
    until: Option<String>,
    #[serde(rename = "type")]
    event_type: Option<String>,
    bbox: Option<String>,
    offset: Option<String>,
    limit: Option<String>,
}

/// A form on the page sends empty fields; they mean "no filter". Nothing
/// else is trimmed or read loosely: what the OpenAPI document's patterns
/// and formats accept is exactly what is accepted here, and the rest is a
/// 400 that says why.
fn given(v: &Option<String>) -> Option<&str> {
    v.as_deref().filter(|s| !s.is_empty())
}

fn all_digits(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())
}

/// `YYYY-MM-DD` and nothing else (jiff alone also reads `20240826` and
/// `+002024-08-26`), a real day of a year from 1 to 9999: the OpenAPI
/// `date` format.
fn strict_day(s: &str) -> Option<Date> {
    let b = s.as_bytes();
    let shape = b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && [&s[..4], &s[5..7], &s[8..]].iter().all(|p| all_digits(p));
    if !shape || &s[..4] == "0000" {
        return None;
    }
    s.parse::<Date>().ok()
}

fn parse_day(name: &str, v: &Option<String>) -> Result<Option<Date>, ApiError> {
    given(v)
        .map(|s| {
            strict_day(s).ok_or_else(|| {
                ApiError::bad_request(format!("{name}={s:?} is not a date; use YYYY-MM-DD"))
            })
        })
        .transpose()
}

/// A whole number up to `i64::MAX`, the most SQLite (and the OpenAPI
/// document) takes; in plain digits (Rust also reads `+5`).
fn whole_number(s: &str) -> Option<u64> {
    if !all_digits(s) {
        return None;
    }
    s.parse::<u64>().ok().filter(|&n| n <= i64::MAX as u64)
}

/// Paging is not a form field: an empty value is a mistake.
fn parse_count(name: &str, v: &Option<String>) -> Result<Option<usize>, ApiError> {
    v.as_deref()
        .map(|s| {
            whole_number(s)
                .and_then(|n| usize::try_from(n).ok())
                .ok_or_else(|| {
                    ApiError::bad_request(format!(
                        "{name}={s:?} is not a whole number from 0 to {}",
                        i64::MAX
                    ))
                })
        })
        .transpose()
}

/// `-?[0-9]+(\.[0-9]+)?`, the number of [`BBOX_PATTERN`].
fn plain_number(s: &str) -> Option<f64> {
    let unsigned = s.strip_prefix('-').unwrap_or(s);
    let (int, frac) = match unsigned.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (unsigned, None),
    };
    if !all_digits(int) || frac.is_some_and(|f| !all_digits(f)) {
        return None;
    }
    s.parse::<f64>().ok()
}

/// The grammar of `bbox`, as the OpenAPI document states it (empty: no
/// filter).
pub(crate) const BBOX_PATTERN: &str =
    "^(-?[0-9]+(\\.[0-9]+)?,-?[0-9]+(\\.[0-9]+)?,-?[0-9]+(\\.[0-9]+)?,-?[0-9]+(\\.[0-9]+)?)?$";

/// West, south, east, north. Any four numbers make a box: one whose west
/// lies east of its east (or south north of its north) holds nothing, and
/// values past ±180 or ±90 reach no further than the globe does.
fn parse_bbox(s: &str) -> Result<[f64; 4], ApiError> {
    let bad = || {
        ApiError::bad_request(format!(
            "bbox={s:?} is not west,south,east,north in degrees (e.g. bbox=-12,10,5,25)"
        ))
    };
    let parts: Vec<f64> = s
        .split(',')
        .map(plain_number)
        .collect::<Option<_>>()
        .ok_or_else(bad)?;
    <[f64; 4]>::try_from(parts).map_err(|_| bad())
}

impl ListParams {
    pub(crate) fn to_query(&self) -> Result<IncidentQuery, ApiError> {
        let country = given(&self.country)
            .map(|c| {
                if c.len() == 2 && c.bytes().all(|b| b.is_ascii_alphabetic()) {
                    Ok(c.to_ascii_uppercase())
                } else {
                    Err(ApiError::bad_request(format!(
                        "country={c:?} is not an ISO 3166 alpha-2 code (e.g. ML, BF, NE)"
                    )))
                }
            })
            .transpose()?;
        // since after until is no mistake to refuse: it asks for the
        // incidents that span the whole gap between them.
        let since = parse_day("since", &self.since)?;
        let until = parse_day("until", &self.until)?;
        let bbox = given(&self.bbox).map(parse_bbox).transpose()?;
        let offset = parse_count("offset", &self.offset)?.unwrap_or(0);
        let limit = parse_count("limit", &self.limit)?.unwrap_or(DEFAULT_LIMIT);
        if limit == 0 || limit > MAX_LIMIT {
            return Err(ApiError::bad_request(format!(
                "limit={limit} is out of range; ask for 1 to {MAX_LIMIT} and page with offset"
            )));
        }
        Ok(IncidentQuery {
            country,
            since,
            until,
            event_type: given(&self.event_type).map(str::to_string),
            bbox,
            offset,
            limit: Some(limit),
        })
    }
}

pub(crate) async fn list_incidents(
    State(state): State<AppState>,
    params: Result<Query<ListParams>, QueryRejection>,
) -> Result<Json<IncidentPage>, ApiError> {
    let Query(params) = params?;
    let q = params.to_query()?;
    let page = read(&state, move |source| source.incidents(&q)).await?;
    Ok(Json(page))
}

pub(crate) async fn get_incident(
    State(state): State<AppState>,
    id: Result<Path<String>, PathRejection>,
) -> Result<Json<Incident>, ApiError> {
    let Path(raw) = id?;
    let id = whole_number(&raw).ok_or_else(|| {
        ApiError::bad_request(format!(
            "incident id {raw:?} is not a whole number from 0 to {}",
            i64::MAX
        ))
    })?;
    match read(&state, move |source| source.incident(id)).await? {
        Some(i) => Ok(Json(i)),
        None => Err(ApiError::not_found(format!("no incident with id {id}"))),
    }
}

pub(crate) async fn get_document(
    State(state): State<AppState>,
    id: Result<Path<String>, PathRejection>,
) -> Result<Json<StoredDocument>, ApiError> {
    let Path(id) = id?;
    let key = id.clone();
    match read(&state, move |source| source.document(&key)).await? {
        Some(d) => Ok(Json(d)),
        None => Err(ApiError::not_found(format!("no document with id {id:?}"))),
    }
}

/// The body of `POST /api/extract`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ExtractBody {
    text: Option<String>,
    published: Option<String>,
    language: Option<String>,
    id: Option<String>,
    title: Option<String>,
    source: Option<String>,
    url: Option<String>,
}

const EXTRACT_SHAPE: &str = "send {\"text\": \"...\", \"published\": \"YYYY-MM-DD\", \"language\": \"auto|fr|en\"} (published and language optional)";

impl ExtractBody {
    fn into_request(self) -> Result<ExtractRequest, ApiError> {
        let text = self
            .text
            .ok_or_else(|| ApiError::bad_request(format!("no \"text\"; {EXTRACT_SHAPE}")))?;
        // Blank text is read like any other (it has no events); only an
        // empty string is surely a client's mistake.
        if text.is_empty() {
            return Err(ApiError::bad_request(format!(
                "\"text\" is empty; {EXTRACT_SHAPE}"
            )));
        }
        let published = self
            .published
            .as_deref()
            .map(|s| {
                strict_day(s).ok_or_else(|| {
                    ApiError::bad_request(format!("published={s:?} is not a date; use YYYY-MM-DD"))
                })
            })
            .transpose()?;
        let lang = match self.language.as_deref() {
            None | Some("auto") => None,
            Some("fr") => Some(Lang::Fr),
            Some("en") => Some(Lang::En),
            Some(l) => {
                return Err(ApiError::bad_request(format!(
                    "language={l:?} is not one of auto, fr, en"
                )))
            }
        };
        Ok(ExtractRequest {
            document: Document {
                id: self.id.unwrap_or_else(|| "pasted".to_string()),
                text,
                title: self.title,
                published,
                url: self.url,
                source: self.source,
                language: lang,
            },
            lang,
        })
    }
}

/// Only `application/json` is read: a page on another site may send a
/// form or a `text/plain` body here without the browser asking this server
/// first (a CORS preflight), but not a JSON one, and this server never says
/// yes to a preflight. Checked from the headers, before the body is read.
pub(crate) struct JsonBody;

impl<S: Send + Sync> FromRequestParts<S> for JsonBody {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, ApiError> {
        let mut types = parts.headers.get_all(header::CONTENT_TYPE).iter();
        let given = match (types.next(), types.next()) {
            (Some(t), None) => t.to_str().ok(),
            _ => None,
        };
        let essence = given.map(|t| t.split(';').next().unwrap_or_default().trim());
        if essence.is_some_and(|e| e.eq_ignore_ascii_case("application/json")) {
            return Ok(JsonBody);
        }
        let got = match given {
            Some(t) => format!("Content-Type {:?}", t.chars().take(100).collect::<String>()),
            None if parts.headers.contains_key(header::CONTENT_TYPE) => {
                "an unreadable or repeated Content-Type".to_string()
            }
            None => "no Content-Type".to_string(),
        };
        Err(ApiError::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            format!("got {got}; send the article as JSON with Content-Type: application/json; {EXTRACT_SHAPE}"),
        ))
    }
}

pub(crate) async fn extract(
    State(state): State<AppState>,
    _: JsonBody,
    body: Result<Bytes, BytesRejection>,
) -> Result<Json<Report>, ApiError> {
    let body = body?;
    let parsed: ExtractBody = serde_json::from_slice(&body).map_err(|e| {
        ApiError::bad_request(format!(
            "the body is not valid JSON for this route ({e}); {EXTRACT_SHAPE}"
        ))
    })?;
    let request = parsed.into_request()?;
    let Some(extractor) = state.extractor.clone() else {
        return Err(ApiError::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "this server was started without the pipeline, so it cannot extract",
        ));
    };
    let permit = state
        .extract_slots
        .clone()
        .try_acquire_owned()
        .map_err(|_| {
            ApiError::busy(
                1,
                "every extraction slot is busy; retry in a second (the limit is one per core)",
            )
        })?;
    let report = blocking(move || {
        // Held until the pipeline is done, even when the client has gone:
        // the slot counts running work, not waiting clients.
        let _permit = permit;
        extractor(request)
    })
    .await?
    .map_err(|e| ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, e.0))?;
    Ok(Json(report))
}

/// Runs a read of the source on a blocking thread (the store may wait on
/// disk), once one of the read slots is free.
async fn read<T: Send + 'static>(
    state: &AppState,
    f: impl FnOnce(&dyn IncidentSource) -> Result<T, SourceError> + Send + 'static,
) -> Result<T, ApiError> {
    let permit = state
        .read_slots
        .clone()
        .acquire_owned()
        .await
        .map_err(|_| {
            ApiError::new(
                StatusCode::SERVICE_UNAVAILABLE,
                "the server is shutting down",
            )
        })?;
    let source = state.source.clone();
    let result = blocking(move || {
        let _permit = permit;
        f(source.as_ref())
    })
    .await?;
    Ok(result?)
}

async fn blocking<T: Send + 'static>(
    f: impl FnOnce() -> T + Send + 'static,
) -> Result<T, ApiError> {
    tokio::task::spawn_blocking(f).await.map_err(|e| {
        ApiError::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            format!("the request's worker failed: {e}"),
        )
    })
}
