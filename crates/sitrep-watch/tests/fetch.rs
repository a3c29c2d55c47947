//! The fetcher against the scripted test server: statuses, validators,
//! redirects, gzip, limits, timeouts, robots.txt and the per-host limit.

use std::io::Write;
use std::sync::Arc;
use std::thread;
use std::time::{Duration, Instant};

use sitrep_watch::fetch::{
    parse_retry_after, FetchConfig, FetchError, Fetched, Fetcher, Page, Validators,
};
use sitrep_watch::testing::{Reply, Server};

const UA: &str = "sitrep/0.1 (+mailto:desk@example.org)";

fn config() -> FetchConfig {
    FetchConfig {
        user_agent: UA.to_owned(),
        timeout: Duration::from_secs(5),
        ..FetchConfig::default()
    }
}

fn get(fetcher: &Fetcher, url: &str) -> Result<Fetched, FetchError> {
    fetcher.get(url, &Validators::default())
}

fn page(result: Result<Fetched, FetchError>) -> Page {
    match result {
        Ok(Fetched::Body(page)) => page,
        other => panic!("expected a page, got {other:?}"),
    }
}

fn error(result: Result<Fetched, FetchError>) -> FetchError {
    match result {
        Err(e) => e,
        Ok(other) => panic!("expected an error, got {other:?}"),
    }
}

#[test]
fn a_200_gives_body_type_and_validators() {
    let server = Server::start();
    server.set(
        "/feed.xml",
        Reply::ok("application/rss+xml; charset=utf-8", "<rss>dimanche</rss>")
            .header("ETag", "\"v1\"")
            .header("Last-Modified", "Thu, 13 Mar 2025 08:00:00 GMT"),
    );
    let fetcher = Fetcher::new(config());
    let page = page(get(&fetcher, &server.url("/feed.xml")));
    assert_eq!(page.url, server.url("/feed.xml"));
    assert_eq!(page.status, 200);
    assert_eq!(
        page.content_type.as_deref(),
        Some("application/rss+xml; charset=utf-8")
    );
    assert_eq!(page.body, b"<rss>dimanche</rss>");
    assert_eq!(
        page.validators,
        Validators {
            etag: Some("\"v1\"".into()),
            last_modified: Some("Thu, 13 Mar 2025 08:00:00 GMT".into()),
        }
    );
}

#[test]
fn validators_are_sent_and_a_304_is_not_modified() {
    let server = Server::start();
    server.set("/feed.xml", Reply::status(304));
    let fetcher = Fetcher::new(config());
    let validators = Validators {
        etag: Some("\"v1\"".into()),
        last_modified: Some("Thu, 13 Mar 2025 08:00:00 GMT".into()),
    };
    let fetched = fetcher.get(&server.url("/feed.xml"), &validators).unwrap();
    assert!(matches!(fetched, Fetched::NotModified), "{fetched:?}");

    let requests = server.requests();
    let sent = requests.iter().find(|r| r.path == "/feed.xml").unwrap();
    assert_eq!(sent.header("if-none-match"), Some("\"v1\""));
    assert_eq!(
        sent.header("if-modified-since"),
        Some("Thu, 13 Mar 2025 08:00:00 GMT")
    );

    // Without validators the request is unconditional.
    server.set("/fresh.xml", Reply::ok("text/xml", "<rss/>"));
    page(get(&fetcher, &server.url("/fresh.xml")));
    let requests = server.requests();
    let sent = requests.iter().find(|r| r.path == "/fresh.xml").unwrap();
    assert_eq!(sent.header("if-none-match"), None);
    assert_eq!(sent.header("if-modified-since"), None);
}

#[test]
fn a_500_is_a_status_error() {
    let server = Server::start();
    server.set("/feed.xml", Reply::status(500));
    let fetcher = Fetcher::new(config());
    let url = server.url("/feed.xml");
    let e = error(get(&fetcher, &url));
    assert!(matches!(e, FetchError::Status { status: 500, .. }), "{e:?}");
    assert_eq!(e.url(), url);
    assert_eq!(e.status(), Some(500));
    assert_eq!(e.retry_after(), None);
    assert!(e.to_string().contains("HTTP 500"), "{e}");
}

#[test]
fn a_404_is_a_status_error() {
    let server = Server::start();
    let fetcher = Fetcher::new(config());
    let e = error(get(&fetcher, &server.url("/gone.xml")));
    assert!(matches!(e, FetchError::Status { status: 404, .. }), "{e:?}");
}

#[test]
fn a_429_with_retry_after_seconds_is_throttled() {
    let server = Server::start();
    server.set("/feed.xml", Reply::status(429).header("Retry-After", "7"));
    let fetcher = Fetcher::new(config());
    let e = error(get(&fetcher, &server.url("/feed.xml")));
    assert!(
        matches!(e, FetchError::Throttled { status: 429, .. }),
        "{e:?}"
    );
    assert_eq!(e.retry_after(), Some(Duration::from_secs(7)));
    assert_eq!(e.status(), Some(429));
    assert!(e.to_string().contains("waits 7 s"), "{e}");
}

#[test]
fn a_503_with_an_http_date_is_throttled() {
    let server = Server::start();
    let at = jiff::Timestamp::now() + jiff::SignedDuration::from_secs(120);
    let date = jiff::fmt::rfc2822::DateTimePrinter::new()
        .timestamp_to_rfc9110_string(&at)
        .unwrap();
    server.set("/feed.xml", Reply::status(503).header("Retry-After", &date));
    let fetcher = Fetcher::new(config());
    let e = error(get(&fetcher, &server.url("/feed.xml")));
    assert!(
        matches!(e, FetchError::Throttled { status: 503, .. }),
        "{e:?}"
    );
    let wait = e.retry_after().expect("a Retry-After");
    // Whole seconds in the header, and a little time spent getting here.
    assert!(
        wait > Duration::from_secs(110) && wait <= Duration::from_secs(120),
        "{wait:?}"
    );
}

#[test]
fn a_throttle_without_retry_after_has_none() {
    let server = Server::start();
    server.set(
        "/feed.xml",
        Reply::status(503).header("Retry-After", "soon"),
    );
    let fetcher = Fetcher::new(config());
    let e = error(get(&fetcher, &server.url("/feed.xml")));
    assert!(
        matches!(
            e,
            FetchError::Throttled {
                retry_after: None,
                ..
            }
        ),
        "{e:?}"
    );
}

#[test]
fn redirects_are_followed_to_the_final_url() {
    let server = Server::start();
    server.set("/old.xml", Reply::redirect(301, "/new.xml"));
    server.set("/new.xml", Reply::ok("application/atom+xml", "<feed/>"));
    let fetcher = Fetcher::new(config());
    let page = page(get(&fetcher, &server.url("/old.xml")));
    assert_eq!(page.url, server.url("/new.xml"));
    assert_eq!(page.body, b"<feed/>");
    assert_eq!(server.hits("/new.xml"), 1);
}

#[test]
fn a_redirect_loop_is_a_network_error() {
    let server = Server::start();
    server.set("/a", Reply::redirect(302, "/b"));
    server.set("/b", Reply::redirect(302, "/a"));
    let fetcher = Fetcher::new(config());
    let e = error(get(&fetcher, &server.url("/a")));
    match &e {
        FetchError::Network { message, .. } => assert!(message.contains("redirects"), "{e}"),
        other => panic!("expected a network error, got {other:?}"),
    }
    // Five redirects followed, so six requests, and no more.
    assert_eq!(server.hits("/a") + server.hits("/b"), 6);
}

#[test]
fn a_gzip_body_is_decoded() {
    let text = "<rss>lundi 26 août, frappe à Kidal</rss>".repeat(50);
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    gz.write_all(text.as_bytes()).unwrap();
    let compressed = gz.finish().unwrap();
    assert_ne!(compressed, text.as_bytes());

    let server = Server::start();
    server.set(
        "/feed.xml",
        Reply::ok("application/rss+xml", compressed).header("Content-Encoding", "gzip"),
    );
    let fetcher = Fetcher::new(config());
    let page = page(get(&fetcher, &server.url("/feed.xml")));
    assert_eq!(page.body, text.as_bytes());
    let requests = server.requests();
    let sent = requests.iter().find(|r| r.path == "/feed.xml").unwrap();
    assert!(sent
        .header("accept-encoding")
        .unwrap_or("")
        .contains("gzip"));
}

#[test]
fn a_body_over_max_bytes_is_too_large() {
    let server = Server::start();
    server.set("/big", Reply::ok("text/html", vec![b'x'; 5000]));
    server.set("/exact", Reply::ok("text/html", vec![b'x'; 1000]));
    let fetcher = Fetcher::new(FetchConfig {
        max_bytes: 1000,
        ..config()
    });
    let e = error(get(&fetcher, &server.url("/big")));
    assert!(
        matches!(e, FetchError::TooLarge { limit: 1000, .. }),
        "{e:?}"
    );
    assert_eq!(page(get(&fetcher, &server.url("/exact"))).body.len(), 1000);
}

#[test]
fn the_limit_applies_to_the_decompressed_body() {
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    gz.write_all(&vec![b'x'; 100_000]).unwrap();
    let bomb = gz.finish().unwrap();
    assert!(bomb.len() < 1000);

    let server = Server::start();
    server.set(
        "/bomb",
        Reply::ok("text/html", bomb).header("Content-Encoding", "gzip"),
    );
    let fetcher = Fetcher::new(FetchConfig {
        max_bytes: 10_000,
        ..config()
    });
    let e = error(get(&fetcher, &server.url("/bomb")));
    assert!(matches!(e, FetchError::TooLarge { .. }), "{e:?}");
}

#[test]
fn a_slow_reply_times_out_within_about_the_timeout() {
    let server = Server::start();
    server.set(
        "/slow",
        Reply::ok("text/html", "late").delayed(Duration::from_secs(4)),
    );
    let fetcher = Fetcher::new(FetchConfig {
        timeout: Duration::from_millis(500),
        ..config()
    });
    let started = Instant::now();
    let e = error(get(&fetcher, &server.url("/slow")));
    let took = started.elapsed();
    match &e {
        FetchError::Network { message, .. } => {
            assert!(message.contains("timed out after 0.5 s"), "{e}")
        }
        other => panic!("expected a network error, got {other:?}"),
    }
    assert!(took < Duration::from_millis(1500), "took {took:?}");
}

#[test]
fn a_refused_connection_is_a_network_error() {
    // A port that was free a moment ago and is now closed.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let fetcher = Fetcher::new(config());
    let e = error(get(&fetcher, &format!("http://127.0.0.1:{port}/feed.xml")));
    // robots.txt, asked first, is what fails: reported as the network error
    // it is (the host is down), not as a disallow.
    match &e {
        FetchError::Network { message, .. } => {
            assert!(message.contains("robots.txt"), "{e}");
            assert!(e.to_string().contains("retries with backoff"), "{e}");
        }
        other => panic!("expected a network error, got {other:?}"),
    }
}

#[test]
fn urls_that_are_not_http_are_bad() {
    let fetcher = Fetcher::new(config());
    for url in [
        "ftp://example.org/feed",
        "not a url",
        "mailto:desk@example.org",
    ] {
        let e = error(get(&fetcher, url));
        assert!(matches!(e, FetchError::BadUrl { .. }), "{url}: {e:?}");
        assert_eq!(e.url(), url);
    }
}

#[test]
fn robots_disallow_stops_the_request() {
    let server = Server::start();
    server.set(
        "/robots.txt",
        Reply::ok(
            "text/plain",
            "User-agent: *\nDisallow: /\n\nUser-agent: sitrep\nDisallow: /private\n",
        ),
    );
    server.set("/private/feed.xml", Reply::ok("text/xml", "<rss/>"));
    server.set("/public/feed.xml", Reply::ok("text/xml", "<rss/>"));
    let fetcher = Fetcher::new(config());

    let url = server.url("/private/feed.xml");
    let e = error(get(&fetcher, &url));
    assert!(matches!(e, FetchError::Disallowed { .. }), "{e:?}");
    assert_eq!(e.url(), url);
    assert!(
        e.to_string().contains("robots.txt of 127.0.0.1 disallows"),
        "{e}"
    );
    assert_eq!(server.hits("/private/feed.xml"), 0);

    // Our own group applies, not the catch-all one.
    page(get(&fetcher, &server.url("/public/feed.xml")));
}

#[test]
fn an_unreachable_robots_txt_disallows_until_rechecked() {
    let server = Server::start();
    server.set("/robots.txt", Reply::status(500));
    server.set("/feed.xml", Reply::ok("text/xml", "<rss/>"));
    let fetcher = Fetcher::new(FetchConfig {
        robots_ttl: Duration::from_millis(300),
        ..config()
    });
    let e = error(get(&fetcher, &server.url("/feed.xml")));
    assert!(matches!(e, FetchError::Disallowed { .. }), "{e:?}");
    assert_eq!(server.hits("/feed.xml"), 0);

    // Once the site is back (and the short TTL has passed) it is read again.
    server.set("/robots.txt", Reply::status(404));
    thread::sleep(Duration::from_millis(400));
    page(get(&fetcher, &server.url("/feed.xml")));
    assert_eq!(server.hits("/robots.txt"), 2);
}

#[test]
fn robots_txt_is_fetched_once_for_many_gets() {
    let server = Server::start();
    server.set(
        "/robots.txt",
        Reply::ok("text/plain", "User-agent: *\nDisallow: /x\n"),
    );
    server.set("/feed.xml", Reply::ok("text/xml", "<rss/>"));
    let fetcher = Arc::new(Fetcher::new(FetchConfig {
        per_host: 4,
        ..config()
    }));
    let url = server.url("/feed.xml");
    let workers: Vec<_> = (0..4)
        .map(|_| {
            let (fetcher, url) = (Arc::clone(&fetcher), url.clone());
            thread::spawn(move || {
                for _ in 0..3 {
                    page(get(&fetcher, &url));
                }
            })
        })
        .collect();
    for w in workers {
        w.join().unwrap();
    }
    assert_eq!(server.hits("/feed.xml"), 12);
    assert_eq!(server.hits("/robots.txt"), 1);
}

#[test]
fn crawl_delay_spaces_requests() {
    let server = Server::start();
    server.set(
        "/robots.txt",
        Reply::ok("text/plain", "User-agent: *\nCrawl-delay: 1\n"),
    );
    server.set("/feed.xml", Reply::ok("text/xml", "<rss/>"));
    let fetcher = Fetcher::new(config());
    page(get(&fetcher, &server.url("/feed.xml")));
    page(get(&fetcher, &server.url("/feed.xml")));
    let times: Vec<Instant> = server
        .requests()
        .iter()
        .filter(|r| r.path == "/feed.xml")
        .map(|r| r.at)
        .collect();
    assert_eq!(times.len(), 2);
    let gap = times[1] - times[0];
    assert!(gap >= Duration::from_millis(950), "{gap:?}");
}

/// Three threads GET slow pages of one host; returns the most requests the
/// server had in flight at once.
fn overlap_with(per_host: usize) -> usize {
    let server = Server::start();
    for i in 0..3 {
        server.set(
            &format!("/slow/{i}"),
            Reply::ok("text/html", "ok").delayed(Duration::from_millis(300)),
        );
    }
    let fetcher = Arc::new(Fetcher::new(FetchConfig {
        per_host,
        ..config()
    }));
    let workers: Vec<_> = (0..3)
        .map(|i| {
            let fetcher = Arc::clone(&fetcher);
            let url = server.url(&format!("/slow/{i}"));
            thread::spawn(move || page(get(&fetcher, &url)))
        })
        .collect();
    for w in workers {
        w.join().unwrap();
    }
    server.max_in_flight()
}

#[test]
fn per_host_limits_requests_in_flight() {
    assert_eq!(overlap_with(1), 1);
    // The measurement does see overlap when it is allowed.
    assert!(overlap_with(3) >= 2);
}

#[test]
fn the_user_agent_is_sent_as_configured() {
    let server = Server::start();
    server.set("/feed.xml", Reply::ok("text/xml", "<rss/>"));
    let fetcher = Fetcher::new(config());
    page(get(&fetcher, &server.url("/feed.xml")));
    let requests = server.requests();
    assert_eq!(requests.len(), 2, "robots.txt, then the feed");
    assert_eq!(requests[0].path, "/robots.txt");
    for r in &requests {
        assert_eq!(r.header("user-agent"), Some(UA), "{}", r.path);
    }
}

#[test]
fn retry_after_in_seconds() {
    let now = jiff::Timestamp::now();
    assert_eq!(parse_retry_after("7", now), Some(Duration::from_secs(7)));
    assert_eq!(
        parse_retry_after(" 120 ", now),
        Some(Duration::from_secs(120))
    );
    assert_eq!(parse_retry_after("0", now), Some(Duration::ZERO));
    // Capped at a day, however many digits.
    let day = Duration::from_secs(86_400);
    assert_eq!(parse_retry_after("999999", now), Some(day));
    assert_eq!(parse_retry_after("99999999999999999999999", now), Some(day));
}

#[test]
fn retry_after_as_an_http_date() {
    let now: jiff::Timestamp = "1994-11-06T08:47:37Z".parse().unwrap();
    let two_minutes = Some(Duration::from_secs(120));
    assert_eq!(
        parse_retry_after("Sun, 06 Nov 1994 08:49:37 GMT", now),
        two_minutes
    );
    // RFC 9110's obsolete forms, which recipients must still read.
    assert_eq!(
        parse_retry_after("Sunday, 06-Nov-94 08:49:37 GMT", now),
        two_minutes
    );
    assert_eq!(
        parse_retry_after("Sun Nov  6 08:49:37 1994", now),
        two_minutes
    );
    // A date already past means now.
    assert_eq!(
        parse_retry_after("Sun, 06 Nov 1994 08:00:00 GMT", now),
        Some(Duration::ZERO)
    );
    // Capped at a day.
    assert_eq!(
        parse_retry_after("Mon, 06 Nov 1995 08:49:37 GMT", now),
        Some(Duration::from_secs(86_400))
    );
}

#[test]
fn retry_after_garbage_is_none() {
    let now = jiff::Timestamp::now();
    for value in [
        "",
        "soon",
        "-5",
        "7.5",
        "7s",
        "Sun, 32 Nov 1994 08:49:37 GMT",
    ] {
        assert_eq!(parse_retry_after(value, now), None, "{value:?}");
    }
}

#[test]
fn the_test_server_replays_queues_and_keeps_post_bodies() {
    let server = Server::start();
    server.queue("/hook", vec![Reply::status(500), Reply::status(202)]);
    server.set("/hook", Reply::status(204));
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .build()
        .into();
    let statuses: Vec<u16> = (0..3)
        .map(|i| {
            agent
                .post(&server.url("/hook?try=1"))
                .content_type("application/json")
                .send(format!("{{\"n\":{i}}}"))
                .unwrap()
                .status()
                .as_u16()
        })
        .collect();
    assert_eq!(statuses, [500, 202, 204]);
    // A body of unknown length goes chunked.
    let chunked = agent
        .post(&server.url("/hook"))
        .send(ureq::SendBody::from_reader(&mut &b"streamed"[..]))
        .unwrap();
    assert_eq!(chunked.status(), 204);

    let requests = server.requests();
    assert_eq!(server.hits("/hook"), 4);
    assert_eq!(requests[0].method, "POST");
    assert_eq!(requests[0].path, "/hook?try=1");
    assert_eq!(requests[0].header("Content-Type"), Some("application/json"));
    assert_eq!(requests[2].body, b"{\"n\":2}");
    assert_eq!(requests[3].header("transfer-encoding"), Some("chunked"));
    assert_eq!(requests[3].body, b"streamed");
}
