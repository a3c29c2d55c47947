//! Every route, in process: filters, paging, 404s, bad and oversized input.

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use axum::Router;
use http_body_util::BodyExt;
use serde_json::Value;
use sitrep_core::{DocumentMeta, Event, Lang, Report};
use sitrep_serve::{
    router, router_for, AllowedHost, AppState, ExtractError, ExtractRequest, Extractor,
    IncidentSource, MemorySource, SourceError, MAX_EXTRACT_BYTES,
};
use std::sync::Arc;
use tower::ServiceExt;

const FIXTURE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../web/e2e/fixture/incidents.json"
);

fn fixture() -> MemorySource {
    MemorySource::from_json_file(std::path::Path::new(FIXTURE)).expect("the fixture parses")
}

/// Stands in for the pipeline: one event whose notes echo what it was
/// given, so the test sees the request reached it intact.
fn echo_extractor() -> Extractor {
    Arc::new(|req: ExtractRequest| -> Result<Report, ExtractError> {
        if req.document.text.contains("FAIL") {
            return Err(ExtractError("cannot read this".into()));
        }
        let lang = req.lang.unwrap_or(Lang::En);
        Ok(Report {
            document: DocumentMeta::of(&req.document, lang),
            events: vec![Event {
                id: "e1".into(),
                background: false,
                event_type: "Battles".into(),
                sub_event_type: "Armed clash".into(),
                date: None,
                location: None,
                actors: vec![],
                civilian_targeting: false,
                fatalities: Default::default(),
                claims: vec![],
                notes: format!("{} bytes", req.document.text.len()),
                evidence: sitrep_core::Evidence {
                    text: String::new(),
                    start: 0,
                    end: 0,
                },
            }],
        })
    })
}

fn state() -> AppState {
    AppState::new(Arc::new(fixture()), Some(echo_extractor()))
}

fn app() -> Router {
    router(state())
}

async fn send(app: Router, req: Request<Body>) -> (StatusCode, Vec<u8>, axum::http::HeaderMap) {
    let res = app.oneshot(req).await.expect("the router answers");
    let status = res.status();
    let headers = res.headers().clone();
    let body = res
        .into_body()
        .collect()
        .await
        .expect("a body")
        .to_bytes()
        .to_vec();
    (status, body, headers)
}

async fn get(uri: &str) -> (StatusCode, Value) {
    let (status, body, headers) = send(app(), Request::get(uri).body(Body::empty()).unwrap()).await;
    assert_eq!(
        headers.get(header::CONTENT_TYPE).unwrap(),
        "application/json",
        "{uri}"
    );
    (status, serde_json::from_slice(&body).expect("JSON"))
}

async fn post_extract(body: impl Into<Body>) -> (StatusCode, Value) {
    let req = Request::post("/api/extract")
        .header(header::CONTENT_TYPE, "application/json")
        .body(body.into())
        .unwrap();
    let (status, body, _) = send(app(), req).await;
    (status, serde_json::from_slice(&body).expect("JSON"))
}

fn ids(page: &Value) -> Vec<u64> {
    page["incidents"]
        .as_array()
        .expect("incidents")
        .iter()
        .map(|i| i["id"].as_u64().expect("id"))
        .collect()
}

#[tokio::test]
async fn lists_every_incident_without_filters() {
    let (status, page) = get("/api/incidents").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(page["total"], 4);
    assert_eq!(page["offset"], 0);
    assert_eq!(ids(&page), vec![1, 2, 3, 4]);
}

#[tokio::test]
async fn filters_by_country_case_insensitively() {
    let (_, page) = get("/api/incidents?country=ml").await;
    assert_eq!(ids(&page), vec![1, 4]);
    let (_, page) = get("/api/incidents?country=BF").await;
    assert_eq!(ids(&page), vec![2]);
}

#[tokio::test]
async fn filters_by_type_dates_and_bbox() {
    let (_, page) = get("/api/incidents?type=Violence%20against%20civilians").await;
    assert_eq!(ids(&page), vec![2, 4]);
    let (_, page) = get("/api/incidents?since=2025-03-05&until=2025-03-31").await;
    assert_eq!(ids(&page), vec![2, 3]);
    let (_, page) = get("/api/incidents?until=2025-03-04").await;
    assert_eq!(ids(&page), vec![1, 4]);
    // Around Niger's west only: Tillabéri, not Gao nor Djibo.
    let (_, page) = get("/api/incidents?bbox=1,13,3,15").await;
    assert_eq!(ids(&page), vec![3]);
    // Filters combine.
    let (_, page) = get("/api/incidents?country=ML&type=Battles&since=2025-03-01").await;
    assert_eq!(ids(&page), vec![1]);
    // Empty form fields mean no filter.
    let (_, page) = get("/api/incidents?country=&type=&since=&until=&bbox=").await;
    assert_eq!(page["total"], 4);
    // since after until: the incidents spanning the whole gap (none here).
    let (status, page) = get("/api/incidents?since=2025-03-10&until=2025-03-01").await;
    assert_eq!((status, page["total"].as_u64()), (StatusCode::OK, Some(0)));
    // A box whose west is east of its east holds nothing.
    let (status, page) = get("/api/incidents?bbox=3,13,1,15").await;
    assert_eq!((status, page["total"].as_u64()), (StatusCode::OK, Some(0)));
}

#[tokio::test]
async fn pages_with_offset_and_limit() {
    let (_, page) = get("/api/incidents?limit=2").await;
    assert_eq!((page["total"].as_u64(), ids(&page)), (Some(4), vec![1, 2]));
    let (_, page) = get("/api/incidents?limit=2&offset=2").await;
    assert_eq!((page["offset"].as_u64(), ids(&page)), (Some(2), vec![3, 4]));
    let (_, page) = get("/api/incidents?offset=10").await;
    assert_eq!((page["total"].as_u64(), ids(&page)), (Some(4), vec![]));
    let (_, page) = get("/api/incidents?country=ML&limit=1&offset=1").await;
    assert_eq!((page["total"].as_u64(), ids(&page)), (Some(2), vec![4]));
}

#[tokio::test]
async fn malformed_list_parameters_are_400_with_a_message() {
    for (uri, needle) in [
        ("/api/incidents?since=2025-13-01", "since"),
        ("/api/incidents?until=yesterday", "until"),
        ("/api/incidents?since=20250301", "since"),
        ("/api/incidents?since=%2B002025-03-01", "since"),
        ("/api/incidents?since=0000-03-01", "since"),
        ("/api/incidents?until=%202025-03-01", "until"),
        ("/api/incidents?bbox=1,2,3", "bbox"),
        ("/api/incidents?bbox=1,2,3,4,5", "bbox"),
        ("/api/incidents?bbox=1e1,2,3,4", "bbox"),
        ("/api/incidents?bbox=1,%202,3,4", "bbox"),
        ("/api/incidents?bbox=a,b,c,d", "bbox"),
        ("/api/incidents?country=%20ML", "country"),
        ("/api/incidents?country=Mali", "country"),
        ("/api/incidents?limit=0", "limit"),
        ("/api/incidents?limit=100000", "limit"),
        ("/api/incidents?offset=-1", "offset"),
        ("/api/incidents?offset=%2B1", "offset"),
        ("/api/incidents?offset=9223372036854775808", "offset"),
        ("/api/incidents?limit=", "limit"),
        ("/api/incidents?colour=red", "known parameters"),
    ] {
        let (status, body) = get(uri).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{uri}");
        let msg = body["error"].as_str().expect("an error message");
        assert!(msg.contains(needle), "{uri}: {msg}");
    }
}

#[tokio::test]
async fn one_incident_with_claims_and_documents() {
    let (status, inc) = get("/api/incidents/3").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(inc["location"]["country_code"], "NE");
    assert_eq!(inc["claims"][0]["claimant"]["kind"], "official");
    assert_eq!(inc["claims"][0]["killed"]["value"], 4);
    assert_eq!(inc["claims"][0]["reprinted_in"][0], "tillaberi-fr-2");
    assert_eq!(inc["documents"].as_array().map(Vec::len), Some(2));
}

#[tokio::test]
async fn unknown_or_malformed_incident_ids() {
    let (status, body) = get("/api/incidents/999").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(body["error"].as_str().unwrap().contains("999"));
    for bad in ["abc", "%2B3", "-3", "9223372036854775808"] {
        let (status, _) = get(&format!("/api/incidents/{bad}")).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{bad}");
    }
}

#[tokio::test]
async fn one_document_with_text_and_byte_spans() {
    let (status, doc) = get("/api/documents/gao-fr-1").await;
    assert_eq!(status, StatusCode::OK);
    let text = doc["text"].as_str().unwrap();
    let mentions = doc["mentions"].as_array().unwrap();
    assert!(!mentions.is_empty());
    for m in mentions {
        let (s, e) = (
            m["start"].as_u64().unwrap() as usize,
            m["end"].as_u64().unwrap() as usize,
        );
        assert_eq!(text.get(s..e), m["text"].as_str(), "span {s}..{e}");
    }
    let (status, _) = get("/api/documents/no-such-doc").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    // An id with a slash travels percent-encoded and still finds nothing.
    let (status, _) = get("/api/documents/a%2Fb").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn extract_returns_the_report() {
    let (status, report) = post_extract(
        r#"{"text": "Des combats à Gao.", "published": "2025-03-06", "language": "fr"}"#,
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{report}");
    assert_eq!(report["document"]["language"], "fr");
    assert_eq!(report["document"]["published"], "2025-03-06");
    assert_eq!(report["events"][0]["notes"], "19 bytes");
    let (status, report) = post_extract(r#"{"text": "Clashes in Gao.", "language": "auto"}"#).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(report["document"]["published"], Value::Null);
}

#[tokio::test]
async fn extract_rejects_bad_input_with_400() {
    for (body, needle) in [
        ("not json", "JSON"),
        ("{}", "text"),
        (r#"{"text": ""}"#, "empty"),
        (r#"{"text": "x", "published": ""}"#, "YYYY-MM-DD"),
        (r#"{"text": "x", "published": "20240826"}"#, "YYYY-MM-DD"),
        (r#"{"text": "x", "language": ""}"#, "language"),
        (r#"{"text": "x", "language": "FR"}"#, "language"),
        (r#"{"text": "x", "published": "26/08/2024"}"#, "YYYY-MM-DD"),
        (r#"{"text": "x", "language": "de"}"#, "language"),
        (r#"{"text": 5}"#, "JSON"),
        (r#"{"text": "x", "date": "2024-01-01"}"#, "date"),
    ] {
        let (status, err) = post_extract(body).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
        let msg = err["error"].as_str().expect("an error message");
        assert!(msg.contains(needle), "{body}: {msg}");
    }
}

#[tokio::test]
async fn extract_rejects_oversized_input_with_413() {
    let text = "a".repeat(MAX_EXTRACT_BYTES + 1);
    let body = serde_json::json!({ "text": text }).to_string();
    let (status, err) = post_extract(body).await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);
    assert!(err["error"].as_str().unwrap().contains("larger than"));
    // Just under the limit is read.
    let text = "a".repeat(MAX_EXTRACT_BYTES - 100);
    let (status, _) = post_extract(serde_json::json!({ "text": text }).to_string()).await;
    assert_eq!(status, StatusCode::OK);
}

#[tokio::test]
async fn extract_failures_and_missing_pipeline() {
    let (status, err) = post_extract(r#"{"text": "FAIL"}"#).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(err["error"], "cannot read this");

    let no_pipeline = router(AppState::new(Arc::new(fixture()), None));
    let req = Request::post("/api/extract")
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(r#"{"text": "x"}"#))
        .unwrap();
    let (status, _, _) = send(no_pipeline, req).await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE);
}

#[tokio::test]
async fn openapi_describes_every_route() {
    let (status, spec) = get("/api/openapi.json").await;
    assert_eq!(status, StatusCode::OK);
    assert!(spec["openapi"].as_str().unwrap().starts_with("3."));
    let paths = spec["paths"].as_object().unwrap();
    for p in [
        "/api/incidents",
        "/api/incidents/{id}",
        "/api/documents/{id}",
        "/api/extract",
        "/api/openapi.json",
    ] {
        assert!(paths.contains_key(p), "{p} missing");
    }
    // Every $ref points at a schema that exists.
    let schemas = spec["components"]["schemas"].as_object().unwrap();
    fn refs(v: &Value, out: &mut Vec<String>) {
        match v {
            Value::Object(m) => {
                for (k, x) in m {
                    if k == "$ref" {
                        out.push(x.as_str().unwrap_or_default().to_string());
                    } else {
                        refs(x, out);
                    }
                }
            }
            Value::Array(a) => a.iter().for_each(|x| refs(x, out)),
            _ => {}
        }
    }
    let mut all = Vec::new();
    refs(&spec, &mut all);
    assert!(!all.is_empty());
    for r in all {
        let name = r.trim_start_matches("#/components/schemas/");
        assert!(schemas.contains_key(name), "dangling {r}");
    }
}

#[tokio::test]
async fn unknown_api_routes_are_json_404() {
    let (status, body) = get("/api/nothing-here").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(body["error"].as_str().unwrap().contains("openapi"));
}

#[tokio::test]
async fn serves_the_page_with_a_strict_policy() {
    let (status, body, headers) = send(app(), Request::get("/").body(Body::empty()).unwrap()).await;
    assert_eq!(status, StatusCode::OK);
    assert!(headers[header::CONTENT_TYPE]
        .to_str()
        .unwrap()
        .starts_with("text/html"));
    let csp = headers[header::CONTENT_SECURITY_POLICY].to_str().unwrap();
    assert!(csp.contains("script-src 'self'") && !csp.contains("unsafe-inline"));
    let html = String::from_utf8(body).unwrap();
    // Every asset the page names is served, with its type.
    let assets: Vec<&str> = html
        .split(['"', '\''])
        .filter(|s| s.starts_with("/assets/"))
        .collect();
    for a in &assets {
        let (status, _, headers) = send(app(), Request::get(*a).body(Body::empty()).unwrap()).await;
        assert_eq!(status, StatusCode::OK, "{a}");
        assert_ne!(
            headers[header::CONTENT_TYPE],
            "application/octet-stream",
            "{a}"
        );
    }
    let (status, body, _) = send(
        app(),
        Request::get("/no-such-file.js")
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let v: Value = serde_json::from_slice(&body).expect("a JSON 404");
    assert!(v["error"].as_str().unwrap().contains("no-such-file.js"));
}

/// A backend failure is a 500 that carries the backend's message.
struct Broken;
impl IncidentSource for Broken {
    fn incidents(
        &self,
        _: &sitrep_core::IncidentQuery,
    ) -> Result<sitrep_core::IncidentPage, SourceError> {
        Err(SourceError("the database is locked; retry".into()))
    }
    fn incident(&self, _: u64) -> Result<Option<sitrep_core::Incident>, SourceError> {
        Err(SourceError("the database is locked; retry".into()))
    }
    fn document(&self, _: &str) -> Result<Option<sitrep_core::StoredDocument>, SourceError> {
        Err(SourceError("the database is locked; retry".into()))
    }
}

#[tokio::test]
async fn source_errors_are_500_with_the_message() {
    let app = router(AppState::new(Arc::new(Broken), None));
    for uri in ["/api/incidents", "/api/incidents/1", "/api/documents/x"] {
        let (status, body, _) =
            send(app.clone(), Request::get(uri).body(Body::empty()).unwrap()).await;
        assert_eq!(status, StatusCode::INTERNAL_SERVER_ERROR, "{uri}");
        let v: Value = serde_json::from_slice(&body).unwrap();
        assert!(v["error"].as_str().unwrap().contains("locked"));
    }
}

#[test]
fn a_bare_incident_array_loads_and_bad_files_name_themselves() {
    let whole: Value = serde_json::from_slice(&std::fs::read(FIXTURE).unwrap()).unwrap();
    let bare = serde_json::to_vec(&whole["incidents"]).unwrap();
    let src = MemorySource::from_json_slice(&bare).unwrap();
    let page = src.incidents(&Default::default()).unwrap();
    assert_eq!(page.total, 4);
    assert!(src.document("gao-fr-1").unwrap().is_none());

    let dir = std::env::temp_dir().join(format!("sitrep-serve-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let bad = dir.join("bad.json");
    std::fs::write(&bad, r#"{"incidents": [{"id": "x"}]}"#).unwrap();
    let err = MemorySource::from_json_file(&bad).unwrap_err().to_string();
    assert!(
        err.contains("bad.json") && err.contains("sitrep incidents"),
        "{err}"
    );
    let err = MemorySource::from_json_file(&dir.join("missing.json"))
        .unwrap_err()
        .to_string();
    assert!(err.contains("missing.json"), "{err}");
    std::fs::remove_dir_all(&dir).ok();
}

/// The body of an error answer, checked to be the API's JSON shape.
fn error_of(status: StatusCode, body: &[u8], headers: &axum::http::HeaderMap) -> String {
    assert_eq!(
        headers
            .get(header::CONTENT_TYPE)
            .map(|v| v.to_str().unwrap()),
        Some("application/json"),
        "{status}"
    );
    let v: Value = serde_json::from_slice(body).expect("a JSON error body");
    v["error"]
        .as_str()
        .unwrap_or_else(|| panic!("no \"error\" in {v}"))
        .to_string()
}

fn with_host(uri: &str, host: &str) -> Request<Body> {
    Request::get(uri)
        .header(header::HOST, host)
        .body(Body::empty())
        .unwrap()
}

#[tokio::test]
async fn a_foreign_host_is_refused_and_own_and_allowed_names_answered() {
    let bound: std::net::SocketAddr = "127.0.0.1:8080".parse().unwrap();
    let allowed: AllowedHost = "sitrep.example.org".parse().unwrap();
    let app = router_for(bound, state().with_allowed_hosts([allowed]));

    // A page of evil.example that rebound its name to 127.0.0.1.
    for uri in ["/api/incidents", "/", "/api/nothing"] {
        let (status, body, headers) = send(app.clone(), with_host(uri, "evil.example:8080")).await;
        assert_eq!(status, StatusCode::MISDIRECTED_REQUEST, "{uri}");
        let msg = error_of(status, &body, &headers);
        assert!(
            msg.contains("evil.example") && msg.contains("--allow-host evil.example"),
            "{msg}"
        );
        assert!(headers.contains_key(header::CONTENT_SECURITY_POLICY));
    }
    for host in [
        "127.0.0.1:8080",
        "localhost:8080",
        "[::1]:8080",
        "sitrep.example.org",
        "sitrep.example.org:443",
    ] {
        let (status, _, _) = send(app.clone(), with_host("/api/incidents", host)).await;
        assert_eq!(status, StatusCode::OK, "{host}");
    }
    // The right name on another port was meant for another server.
    let (status, _, _) = send(app.clone(), with_host("/api/incidents", "localhost:9999")).await;
    assert_eq!(status, StatusCode::MISDIRECTED_REQUEST);
    // No Host at all.
    let (status, body, headers) = send(
        app.clone(),
        Request::get("/api/incidents").body(Body::empty()).unwrap(),
    )
    .await;
    assert_eq!(status, StatusCode::MISDIRECTED_REQUEST);
    assert!(error_of(status, &body, &headers).contains("no Host"));
    // An absolute URI naming another server, whatever Host says.
    let (status, _, _) = send(
        app,
        with_host("http://evil.example:8080/api/incidents", "127.0.0.1:8080"),
    )
    .await;
    assert_eq!(status, StatusCode::MISDIRECTED_REQUEST);
}

async fn post_extract_as(
    app: Router,
    content_type: Option<&str>,
    body: &'static str,
) -> (StatusCode, Vec<u8>, axum::http::HeaderMap) {
    let mut req = Request::post("/api/extract");
    if let Some(t) = content_type {
        req = req.header(header::CONTENT_TYPE, t);
    }
    send(app, req.body(Body::from(body)).unwrap()).await
}

#[tokio::test]
async fn extract_takes_json_only() {
    let body = r#"{"text": "Clashes in Gao."}"#;
    for t in [
        Some("text/plain"),
        Some("text/plain;charset=UTF-8"),
        Some("application/x-www-form-urlencoded"),
        Some("multipart/form-data; boundary=x"),
        Some("application/jsonx"),
        None,
    ] {
        let (status, res, headers) = post_extract_as(app(), t, body).await;
        assert_eq!(status, StatusCode::UNSUPPORTED_MEDIA_TYPE, "{t:?}");
        let msg = error_of(status, &res, &headers);
        assert!(msg.contains("application/json"), "{msg}");
    }
    for t in ["application/json", "Application/JSON; charset=utf-8"] {
        let (status, _, _) = post_extract_as(app(), Some(t), body).await;
        assert_eq!(status, StatusCode::OK, "{t}");
    }
}

#[tokio::test]
async fn wrong_methods_and_unknown_paths_are_json() {
    for (method, uri, allow) in [
        ("GET", "/api/extract", "POST"),
        ("DELETE", "/api/incidents", "GET"),
        ("PUT", "/api/incidents/1", "GET"),
        ("POST", "/api/openapi.json", "GET"),
        ("POST", "/", "GET"),
        ("DELETE", "/assets/x.js", "GET"),
    ] {
        let req = Request::builder()
            .method(method)
            .uri(uri)
            .header(header::CONTENT_TYPE, "application/json")
            .body(Body::empty())
            .unwrap();
        let (status, body, headers) = send(app(), req).await;
        assert_eq!(status, StatusCode::METHOD_NOT_ALLOWED, "{method} {uri}");
        assert!(
            headers[header::ALLOW].to_str().unwrap().contains(allow),
            "{method} {uri}"
        );
        let msg = error_of(status, &body, &headers);
        assert!(msg.contains(method) && msg.contains(allow), "{msg}");
    }
    for uri in [
        "/api/nothing",
        "/api",
        "/no-such-page.html",
        "/api/incidents/1/x",
    ] {
        let (status, body, headers) =
            send(app(), Request::get(uri).body(Body::empty()).unwrap()).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{uri}");
        error_of(status, &body, &headers);
    }
}

#[tokio::test]
async fn extraction_beyond_the_limit_is_503_with_retry_after() {
    let body = r#"{"text": "Clashes in Gao."}"#;
    let json = Some("application/json");
    let none = router(state().with_extract_limit(0));
    let (status, res, headers) = post_extract_as(none, json, body).await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(headers[header::RETRY_AFTER], "1");
    assert!(error_of(status, &res, &headers).contains("retry"));

    let one = state().with_extract_limit(1);
    let held = one
        .extract_slots
        .clone()
        .try_acquire_owned()
        .expect("the only slot");
    let (status, _, headers) = post_extract_as(router(one.clone()), json, body).await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(headers[header::RETRY_AFTER], "1");
    drop(held);
    // A finished extraction gives its slot back.
    for _ in 0..3 {
        let (status, _, _) = post_extract_as(router(one.clone()), json, body).await;
        assert_eq!(status, StatusCode::OK);
    }
    assert_eq!(one.extract_slots.available_permits(), 1);
    // Bad input is told as such even when every slot is busy.
    let _held = one.extract_slots.clone().try_acquire_owned().expect("slot");
    let (status, _, _) = post_extract_as(router(one), json, "{}").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn axum_rejections_are_json() {
    // A chunked body over the limit (no Content-Length to refuse up front).
    let big = "a".repeat(MAX_EXTRACT_BYTES + 10);
    let stream = chunked(big);
    let req = Request::post("/api/extract")
        .header(header::CONTENT_TYPE, "application/json")
        .body(stream)
        .unwrap();
    let (status, body, headers) = send(app(), req).await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);
    error_of(status, &body, &headers);
    // A query string that is not one.
    let (status, body, headers) = send(
        app(),
        Request::get("/api/incidents?limit=1&limit=2")
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    error_of(status, &body, &headers);
}

/// A body without a known length, as a chunked upload arrives.
fn chunked(text: String) -> Body {
    let chunks: Vec<Result<axum::body::Bytes, std::io::Error>> = text
        .into_bytes()
        .chunks(64 * 1024)
        .map(|c| Ok(axum::body::Bytes::copy_from_slice(c)))
        .collect();
    Body::from_stream(stream_of(chunks))
}

fn stream_of<T>(items: Vec<T>) -> impl futures_core::Stream<Item = T> {
    struct Iter<T>(std::vec::IntoIter<T>);
    impl<T> futures_core::Stream for Iter<T> {
        type Item = T;
        fn poll_next(
            mut self: std::pin::Pin<&mut Self>,
            _: &mut std::task::Context<'_>,
        ) -> std::task::Poll<Option<T>> {
            std::task::Poll::Ready(self.0.next())
        }
    }
    impl<T> Unpin for Iter<T> {}
    Iter(items.into_iter())
}
