//! The built web page (web/dist), embedded at compile time so that the
//! binary needs neither Node nor the repository to serve it.

use crate::api::ApiError;
use axum::http::{header, Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use include_dir::{include_dir, Dir};

static DIST: Dir<'_> = include_dir!("$CARGO_MANIFEST_DIR/../../web/dist");

fn content_type(path: &str) -> &'static str {
    match path.rsplit_once('.').map(|(_, ext)| ext) {
        Some("html") => "text/html; charset=utf-8",
        Some("js" | "mjs") => "text/javascript; charset=utf-8",
        Some("css") => "text/css; charset=utf-8",
        Some("json") => "application/json",
        Some("svg") => "image/svg+xml",
        Some("png") => "image/png",
        Some("ico") => "image/x-icon",
        Some("woff2") => "font/woff2",
        Some("txt") => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

pub(crate) async fn static_or_page(method: Method, uri: Uri) -> Response {
    let path = uri.path().trim_start_matches('/');
    if path == "api" || path.starts_with("api/") {
        return ApiError::not_found(format!(
            "no API route {}; see /api/openapi.json",
            uri.path()
        ))
        .into_response();
    }
    if method != Method::GET && method != Method::HEAD {
        return (
            [(header::ALLOW, "GET,HEAD")],
            ApiError::new(
                StatusCode::METHOD_NOT_ALLOWED,
                format!("{method} is not allowed on {}; use GET", uri.path()),
            ),
        )
            .into_response();
    }
    let wanted = if path.is_empty() { "index.html" } else { path };
    if let Some(file) = DIST.get_file(wanted) {
        // Vite puts a content hash in every name under assets/, so those
        // never change; the page itself must be fetched anew.
        let cache = if wanted.starts_with("assets/") {
            "public, max-age=31536000, immutable"
        } else {
            "no-cache"
        };
        return (
            [
                (header::CONTENT_TYPE, content_type(wanted)),
                (header::CACHE_CONTROL, cache),
            ],
            file.contents(),
        )
            .into_response();
    }
    ApiError::not_found(format!("no file {}", uri.path())).into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_page_is_embedded() {
        let index = DIST
            .get_file("index.html")
            .expect("web/dist/index.html is built and committed");
        assert!(index.contents_utf8().is_some_and(|s| s.contains("<html")));
    }

    #[test]
    fn types_follow_extensions() {
        assert_eq!(
            content_type("assets/app-1a2b.js"),
            "text/javascript; charset=utf-8"
        );
        assert_eq!(content_type("index.html"), "text/html; charset=utf-8");
        assert_eq!(content_type("noext"), "application/octet-stream");
    }
}
