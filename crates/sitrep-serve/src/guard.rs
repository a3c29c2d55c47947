//! Every error axum answers by itself (405, 404, 413...) rewritten into
//! the API's `{"error": "..."}`.

use crate::api::ApiError;
use axum::body::Body;
use axum::http::{header, Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};

fn is_json(res: &Response) -> bool {
    res.headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/json"))
}

/// Gives every error the API's shape: the routes answer `{"error": ...}`
/// themselves, but axum answers some requests before any route runs (a
/// method a route does not take, a body over the limit...) with plain
/// text or nothing, which a client reading JSON cannot show.
pub(crate) async fn json_errors(method: Method, uri: Uri, res: Response) -> Response {
    let status = res.status();
    if !(status.is_client_error() || status.is_server_error()) || is_json(&res) {
        return res;
    }
    let (mut parts, body) = res.into_parts();
    // axum's own messages are a line; anything longer is not one of them.
    let text = axum::body::to_bytes(body, 4096)
        .await
        .ok()
        .and_then(|b| String::from_utf8(b.to_vec()).ok())
        .map(|t| t.trim().to_string())
        .filter(|t| !t.is_empty());
    let path = uri.path();
    let message = match status {
        StatusCode::METHOD_NOT_ALLOWED => {
            let allow = parts
                .headers
                .get(header::ALLOW)
                .and_then(|v| v.to_str().ok())
                .filter(|v| !v.is_empty())
                .unwrap_or("another method");
            format!("{method} is not allowed on {path}; use {allow}")
        }
        StatusCode::NOT_FOUND => format!("nothing at {path}"),
        _ => text.unwrap_or_else(|| status.canonical_reason().unwrap_or("error").to_string()),
    };
    let json = ApiError::new(status, message).into_response();
    let (json_parts, json_body) = json.into_parts();
    // Keep what the original answer said besides its body (Allow,
    // Retry-After...).
    parts.headers.remove(header::CONTENT_LENGTH);
    for (name, value) in &json_parts.headers {
        parts.headers.insert(name, value.clone());
    }
    Response::from_parts(parts, Body::new(json_body))
}
