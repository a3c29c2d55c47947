//! What stands between the open web and the routes: the `Host` check
//! against DNS rebinding, and the rewriting of every error axum answers by
//! itself (405, 404, 413...) into the API's `{"error": "..."}`.

use crate::api::ApiError;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, Method, StatusCode, Uri};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use std::fmt;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::str::FromStr;
use std::sync::Arc;

/// The host part of a `Host` header or of an `--allow-host` name.
#[derive(Clone, Debug, PartialEq, Eq)]
enum HostPart {
    Ip(IpAddr),
    /// Lower-cased, without a trailing dot.
    Name(String),
}

impl fmt::Display for HostPart {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            HostPart::Ip(IpAddr::V6(ip)) => write!(f, "[{ip}]"),
            HostPart::Ip(ip) => write!(f, "{ip}"),
            HostPart::Name(n) => f.write_str(n),
        }
    }
}

/// `host`, `host:port`, `[v6]` or `[v6]:port`, as RFC 9110 allows in
/// `Host`; `None` for anything else, which is then refused.
fn parse_authority(s: &str) -> Option<(HostPart, Option<u16>)> {
    let port = |p: &str| -> Option<u16> {
        // u16::from_str takes a leading '+', which no Host carries.
        if p.is_empty() || !p.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        p.parse().ok()
    };
    if let Some(rest) = s.strip_prefix('[') {
        let (inside, after) = rest.split_once(']')?;
        let ip: Ipv6Addr = inside.parse().ok()?;
        let p = match after {
            "" => None,
            a => Some(port(a.strip_prefix(':')?)?),
        };
        return Some((HostPart::Ip(IpAddr::V6(ip)), p));
    }
    let (host, p) = match s.rsplit_once(':') {
        Some((h, p)) => (h, Some(port(p)?)),
        None => (s, None),
    };
    if let Ok(ip) = host.parse::<Ipv4Addr>() {
        return Some((HostPart::Ip(IpAddr::V4(ip)), p));
    }
    let name = host.strip_suffix('.').unwrap_or(host);
    let name_ok = !name.is_empty()
        && name.len() <= 253
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'.' || b == b'_');
    name_ok.then(|| (HostPart::Name(name.to_ascii_lowercase()), p))
}

/// A name given with `--allow-host`: `NAME` (any port) or `NAME:PORT`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AllowedHost {
    host: HostPart,
    port: Option<u16>,
}

#[derive(Debug, thiserror::Error)]
#[error("{0:?} is not a host name; give a name or address as it appears in the browser's address bar, with or without its port (e.g. sitrep.example.org, my-laptop.local:8080, 192.168.1.20)")]
pub struct BadHostName(pub String);

impl FromStr for AllowedHost {
    type Err = BadHostName;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        parse_authority(s.trim())
            .map(|(host, port)| AllowedHost { host, port })
            .ok_or_else(|| BadHostName(s.to_string()))
    }
}

impl fmt::Display for AllowedHost {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.port {
            Some(p) => write!(f, "{}:{p}", self.host),
            None => write!(f, "{}", self.host),
        }
    }
}

/// Which `Host` values the server answers.
///
/// A page on any web site can point a name of its own at 127.0.0.1 (DNS
/// rebinding); the browser then lets that page read this server's answers,
/// since to the browser they come from the page's own origin. Such requests
/// carry the page's name in `Host`, so answering only the names that mean
/// this server closes the hole:
///
/// - the address it listens on, with its port;
/// - on a loopback address, also `localhost` and any loopback address;
/// - on an unspecified address (`0.0.0.0`, `::`), any IP address and
///   `localhost`: an address typed in the browser cannot be rebound, only
///   names can;
/// - the names given with `--allow-host` (any port unless one is given).
///
/// A port left out means 80, as browsers leave it out. The port is not
/// what stops an attack (a rebound request reaches the server only on its
/// own port) but a wrong one means the request was meant for another
/// server.
#[derive(Clone, Debug)]
pub struct HostPolicy {
    bound: SocketAddr,
    allowed: Vec<AllowedHost>,
}

impl HostPolicy {
    pub fn new(bound: SocketAddr, allowed: Vec<AllowedHost>) -> Self {
        HostPolicy { bound, allowed }
    }

    /// Whether a request whose `Host` is `host` is answered.
    pub fn allows(&self, host: &str) -> bool {
        let Some((h, port)) = parse_authority(host) else {
            return false;
        };
        let given = self
            .allowed
            .iter()
            .any(|a| a.host == h && a.port.is_none_or(|p| Some(p) == port));
        if given {
            return true;
        }
        if port.unwrap_or(80) != self.bound.port() {
            return false;
        }
        let ip = self.bound.ip();
        match h {
            HostPart::Ip(asked) => {
                asked == ip || ip.is_unspecified() || (ip.is_loopback() && asked.is_loopback())
            }
            HostPart::Name(n) => n == "localhost" && (ip.is_loopback() || ip.is_unspecified()),
        }
    }

    /// What to tell a client refused: the names that work.
    fn own_names(&self) -> String {
        let port = self.bound.port();
        let ip = self.bound.ip();
        let mut names = Vec::new();
        if ip.is_unspecified() {
            names.push(format!("any of this machine's addresses with :{port}"));
        } else {
            names.push(self.bound.to_string());
        }
        if ip.is_loopback() || ip.is_unspecified() {
            names.push(format!("localhost:{port}"));
        }
        names.extend(self.allowed.iter().map(ToString::to_string));
        names.join(", ")
    }

    fn refusal(&self, host: Option<&str>) -> ApiError {
        let message = match host {
            None => format!(
                "the request names no Host; this server answers to {}",
                self.own_names()
            ),
            Some(h) => {
                let shown: String = h.chars().take(200).collect();
                let hint = match parse_authority(h) {
                    Some((part, _)) => format!("restart it with --allow-host {part}"),
                    None => "that is not a valid host name".to_string(),
                };
                format!(
                    "this server does not answer to host {shown:?}: it answers to {}. \
                     If you reach it by that name on purpose (a proxy, another machine), {hint}",
                    self.own_names()
                )
            }
        };
        ApiError::new(StatusCode::MISDIRECTED_REQUEST, message)
    }
}

/// Refuses, with 421, a request whose `Host` (or absolute URI) names
/// another server.
pub(crate) async fn check_host(
    State(policy): State<Arc<HostPolicy>>,
    req: Request,
    next: Next,
) -> Response {
    let mut hosts = req.headers().get_all(header::HOST).iter();
    let host = hosts.next();
    // Two Host headers are a malformed request; which one an upstream
    // proxy used cannot be known.
    if hosts.next().is_some() {
        return policy
            .refusal(Some("(several Host headers)"))
            .into_response();
    }
    let host = match host.map(HeaderValue::to_str) {
        None => None,
        Some(Ok(h)) => Some(h),
        Some(Err(_)) => return policy.refusal(Some("(not text)")).into_response(),
    };
    // In an absolute-form request the URI's authority is the one that
    // counts (RFC 9112, 3.2.2), so it must pass too.
    let authority = req.uri().authority().map(|a| a.as_str());
    for h in [host, authority].into_iter().flatten() {
        if !policy.allows(h) {
            return policy.refusal(Some(h)).into_response();
        }
    }
    if host.is_none() && authority.is_none() {
        return policy.refusal(None).into_response();
    }
    next.run(req).await
}

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

#[cfg(test)]
mod tests {
    use super::*;

    fn policy(addr: &str, allowed: &[&str]) -> HostPolicy {
        HostPolicy::new(
            addr.parse().unwrap(),
            allowed.iter().map(|a| a.parse().unwrap()).collect(),
        )
    }

    #[test]
    fn loopback_answers_its_own_names_only() {
        let p = policy("127.0.0.1:8080", &[]);
        for ok in [
            "127.0.0.1:8080",
            "localhost:8080",
            "LOCALHOST:8080",
            "localhost.:8080",
            "[::1]:8080",
        ] {
            assert!(p.allows(ok), "{ok}");
        }
        for refused in [
            "evil.example:8080",
            "127.0.0.1:8081",
            "127.0.0.1",
            "localhost",
            "192.168.1.2:8080",
            "",
            "127.0.0.1:+8080",
            "127.0.0.1:8080:1",
            "localhost:8080/x",
            "user@localhost:8080",
            "[::1",
            "::1:8080",
        ] {
            assert!(!p.allows(refused), "{refused:?}");
        }
    }

    #[test]
    fn port_80_may_be_left_out() {
        let p = policy("127.0.0.1:80", &[]);
        assert!(p.allows("localhost") && p.allows("127.0.0.1:80"));
    }

    #[test]
    fn a_specific_address_answers_that_address() {
        let p = policy("192.168.1.20:8080", &[]);
        assert!(p.allows("192.168.1.20:8080"));
        assert!(!p.allows("localhost:8080") && !p.allows("127.0.0.1:8080"));
    }

    #[test]
    fn an_unspecified_address_answers_any_address_but_no_other_name() {
        let p = policy("0.0.0.0:8080", &[]);
        assert!(p.allows("10.1.2.3:8080") && p.allows("[fe80::1]:8080"));
        assert!(p.allows("localhost:8080"));
        assert!(!p.allows("attacker.example:8080"));
    }

    #[test]
    fn allowed_names_with_or_without_port() {
        let p = policy(
            "127.0.0.1:8080",
            &["Sitrep.Example.org", "laptop.local:9000"],
        );
        assert!(p.allows("sitrep.example.org") && p.allows("sitrep.example.org:443"));
        assert!(p.allows("laptop.local:9000"));
        assert!(!p.allows("laptop.local:8080"));
        assert!(!p.allows("example.org:8080"));
    }

    #[test]
    fn bad_allowed_names_are_refused_with_an_example() {
        for bad in ["", "http://x", "a b", "x/y", "x:http", "[::1]x"] {
            let e = bad.parse::<AllowedHost>().unwrap_err().to_string();
            assert!(e.contains("e.g."), "{bad}: {e}");
        }
        assert_eq!(
            "[::1]:8080".parse::<AllowedHost>().unwrap().to_string(),
            "[::1]:8080"
        );
    }
}
