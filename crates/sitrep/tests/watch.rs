//! `sitrep watch` against a local HTTP server (sitrep_watch::testing):
//! new items stored once, validators, errors and backoff, Retry-After,
//! malformed feeds, an item in two feeds, a vanished feed, a restart, pages
//! that cannot be fetched, and alerts to a file and a webhook. The reports
//! are made up for these tests.

use sitrep::watch_cmd::{self, WatchOptions, WatchSummary, FEED_TEXT_SUFFIX};
use sitrep::Pipeline;
use sitrep_store::Store;
use sitrep_watch::config::WatchConfig;
use sitrep_watch::metrics::Metrics;
use sitrep_watch::testing::{Reply, Server};
use std::sync::atomic::AtomicBool;
use std::sync::Arc;

mod common;

fn pipeline() -> &'static Pipeline {
    common::pipeline()
}

const STORY_A: &str = "<html><head><title>Attack near Djibo</title>\
<meta property=\"article:published_time\" content=\"2026-03-02T09:00:00Z\"></head><body><article>\
<h1>Attack near Djibo</h1><p>Gunmen killed twelve villagers in Djibo on Sunday, a local official said.</p>\
<p>The army said it was searching the area around the town.</p></article></body></html>";

const STORY_B: &str = "<html><head><title>Clash in Dori</title></head><body><article>\
<h1>Clash in Dori</h1><p>Soldiers fought militants near Dori on Monday and killed four of them, the army said.</p>\
</article></body></html>";

fn rss(items: &[(&str, &str, &str)]) -> String {
    let mut s = String::from(
        "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Test Wire</title>",
    );
    for (title, link, summary) in items {
        s.push_str(&format!(
            "<item><title>{title}</title><link>{link}</link><description>{summary}</description>\
             <pubDate>Mon, 02 Mar 2026 09:00:00 GMT</pubDate></item>"
        ));
    }
    s.push_str("</channel></rss>");
    s
}

struct Watch {
    dir: tempfile::TempDir,
}

impl Watch {
    fn new() -> Watch {
        Watch {
            dir: tempfile::tempdir().expect("tempdir"),
        }
    }

    fn store(&self) -> Store {
        Store::open(&self.dir.path().join("w.db")).expect("store")
    }

    fn run(&self, config: &str, rounds: u32) -> (WatchSummary, Vec<String>, Arc<Metrics>) {
        let config = WatchConfig::parse(config).expect("config");
        let mut store = self.store();
        let metrics = Arc::new(Metrics::default());
        let mut log = Vec::new();
        let summary = watch_cmd::run(
            pipeline(),
            &mut store,
            &config,
            &WatchOptions {
                rounds: Some(rounds),
                ..WatchOptions::default()
            },
            None,
            metrics.clone(),
            &AtomicBool::new(false),
            &mut |l| log.push(l),
        )
        .expect("watch");
        (summary, log, metrics)
    }

    fn documents(&self) -> Vec<String> {
        let conn = rusqlite::Connection::open(self.dir.path().join("w.db")).expect("db");
        let mut st = conn
            .prepare("SELECT id FROM documents ORDER BY id")
            .expect("sql");
        let ids = st.query_map([], |r| r.get(0)).expect("rows");
        ids.collect::<Result<_, _>>().expect("ids")
    }
}

fn feed_toml(urls: &[&str]) -> String {
    urls.iter()
        .map(|u| format!("[[feed]]\nurl = \"{u}\"\ninterval = \"1s\"\n"))
        .collect()
}

#[test]
fn a_new_item_is_fetched_read_and_stored_once() {
    let server = Server::start();
    let a = server.url("/news/a.html");
    server.set("/news/a.html", Reply::ok("text/html", STORY_A));
    server.set(
        "/feed.xml",
        Reply::ok(
            "application/rss+xml",
            rss(&[("Attack near Djibo", &a, "Twelve killed.")]),
        )
        .header("ETag", "\"v1\""),
    );
    let w = Watch::new();
    let (s, log, metrics) = w.run(&feed_toml(&[&server.url("/feed.xml")]), 3);
    assert_eq!(
        (s.polls, s.new_items, s.stored, s.failed),
        (3, 1, 1, 0),
        "{log:?}"
    );
    assert_eq!(w.documents(), vec![a.clone()]);
    assert_eq!(server.hits("/news/a.html"), 1, "the page is fetched once");
    let store = w.store();
    let doc = store.document(&a).expect("read").expect("stored");
    assert_eq!(doc.meta.url.as_deref(), Some(a.as_str()));
    assert_eq!(doc.meta.source.as_deref(), Some("Test Wire"));
    assert!(doc.text.contains("twelve villagers"), "{}", doc.text);
    // The incident it made is in the change feed, with its claim.
    let changes = store.changes(0, 10).expect("changes");
    assert_eq!(changes.incidents.len(), 1);
    assert!(changes.incidents[0]
        .claims
        .iter()
        .any(|c| c.document_id == a));
    // Later polls send the validators back.
    let polls: Vec<_> = server
        .requests()
        .into_iter()
        .filter(|r| r.path == "/feed.xml")
        .collect();
    assert_eq!(polls.len(), 3);
    assert_eq!(polls[0].header("if-none-match"), None);
    assert_eq!(polls[1].header("if-none-match"), Some("\"v1\""));
    assert!(metrics
        .render()
        .contains("sitrep_watch_documents_stored_total 1\n"));
}

#[test]
fn not_modified_errors_and_retry_after_set_the_next_poll() {
    let server = Server::start();
    server.queue(
        "/feed.xml",
        vec![
            Reply::status(500),
            Reply::status(429).header("Retry-After", "3600"),
        ],
    );
    let w = Watch::new();
    let url = server.url("/feed.xml");
    let config = WatchConfig::parse(&feed_toml(&[&url])).expect("config");
    let mut store = w.store();
    let stop = AtomicBool::new(false);
    // One poll: the 500.
    let run = |store: &mut Store| {
        watch_cmd::run(
            pipeline(),
            store,
            &config,
            &WatchOptions {
                rounds: Some(1),
                ..WatchOptions::default()
            },
            None,
            Arc::new(Metrics::default()),
            &stop,
            &mut |_| {},
        )
        .expect("watch")
    };
    run(&mut store);
    let st = store.feed_states().expect("states").remove(0);
    assert_eq!((st.last_status, st.failures), (Some(500), 1));
    assert!(st.last_error.as_deref().is_some_and(|e| e.contains("500")));
    // The next: a 429 asking for an hour, which the next poll time honours
    // (and which a restart would wait out).
    let now = jiff::Timestamp::now().as_second();
    let mut st2 = st.clone();
    st2.next_poll = 0;
    store.save_feed_state(&st2).expect("due now");
    run(&mut store);
    let st = store.feed_states().expect("states").remove(0);
    assert_eq!((st.last_status, st.failures), (Some(429), 2));
    assert!(st.next_poll >= now + 3600, "{} vs {now}", st.next_poll);
}

#[test]
fn a_malformed_feed_is_an_error_and_the_other_feeds_go_on() {
    let server = Server::start();
    let b = server.url("/b.html");
    server.set(
        "/bad.xml",
        Reply::ok("application/rss+xml", "<rss><channel><item><title>cut"),
    );
    server.set("/gone.xml", Reply::status(404));
    server.set("/b.html", Reply::ok("text/html", STORY_B));
    server.set(
        "/good.xml",
        Reply::ok(
            "application/rss+xml",
            rss(&[("Clash in Dori", &b, "Four killed.")]),
        ),
    );
    let w = Watch::new();
    let (s, log, _) = w.run(
        &feed_toml(&[
            &server.url("/bad.xml"),
            &server.url("/gone.xml"),
            &server.url("/good.xml"),
        ]),
        1,
    );
    assert_eq!(s.stored, 1, "{log:?}");
    assert_eq!(w.documents(), vec![b]);
    let states = w.store().feed_states().expect("states");
    let failures: Vec<(u32, Option<u16>)> =
        states.iter().map(|s| (s.failures, s.last_status)).collect();
    // Sorted by URL: bad, gone, good.
    assert_eq!(
        failures,
        vec![(1, Some(200)), (1, Some(404)), (0, Some(200))]
    );
}

#[test]
fn an_item_in_two_feeds_is_stored_once_and_a_restart_repeats_nothing() {
    let server = Server::start();
    let a = server.url("/a.html");
    let b = server.url("/b.html");
    server.set("/a.html", Reply::ok("text/html", STORY_A));
    server.set("/b.html", Reply::ok("text/html", STORY_B));
    let one = rss(&[("Attack near Djibo", &a, "Twelve killed.")]);
    server.set("/one.xml", Reply::ok("application/rss+xml", one.clone()));
    server.set("/two.xml", Reply::ok("application/rss+xml", one));
    let w = Watch::new();
    let config = feed_toml(&[&server.url("/one.xml"), &server.url("/two.xml")]);
    let (s, log, _) = w.run(&config, 1);
    assert_eq!((s.new_items, s.stored), (1, 1), "{log:?}");
    assert_eq!(server.hits("/a.html"), 1);
    // A restart, and the feed has a new item above the old one.
    server.set(
        "/one.xml",
        Reply::ok(
            "application/rss+xml",
            rss(&[
                ("Clash in Dori", &b, "Four killed."),
                ("Attack near Djibo", &a, "Twelve killed."),
            ]),
        ),
    );
    // The kept state says the feeds are due in about a second.
    std::thread::sleep(std::time::Duration::from_millis(1200));
    let (s, log, _) = w.run(&config, 1);
    assert_eq!((s.new_items, s.stored), (1, 1), "{log:?}");
    assert_eq!(w.documents(), vec![a, b]);
    assert_eq!(server.hits("/a.html"), 1, "nothing fetched twice");
}

#[test]
fn an_item_whose_page_fails_is_stored_from_the_feed_text_and_tried_again() {
    let server = Server::start();
    let a = server.url("/a.html");
    server.set("/a.html", Reply::status(503));
    server.set(
        "/feed.xml",
        Reply::ok(
            "application/rss+xml",
            rss(&[(
                "Attack near Djibo",
                &a,
                "Gunmen killed twelve villagers in Djibo on Sunday, a local official said.",
            )]),
        ),
    );
    let w = Watch::new();
    let (s, log, metrics) = w.run(&feed_toml(&[&server.url("/feed.xml")]), 1);
    assert_eq!(s.stored, 1, "{log:?}");
    let feed_text_id = format!("{a}{FEED_TEXT_SUFFIX}");
    assert_eq!(w.documents(), vec![feed_text_id.clone()]);
    assert!(metrics
        .render()
        .contains("sitrep_watch_pages_from_feed_text_total 1\n"));
    let store = w.store();
    let item = store.seen_item(&a).expect("read").expect("seen");
    assert!(item.from_feed_text);
    assert_eq!(item.document_id, feed_text_id);
    let retry = item.retry_at.expect("tried again later");
    assert!(retry > jiff::Timestamp::now().as_second() + 60);
    // When due, the page is fetched again and stored under its URL.
    let mut due = item.clone();
    due.retry_at = Some(0);
    drop(store);
    w.store().mark_items(&[due]).expect("due");
    server.set("/a.html", Reply::ok("text/html", STORY_A));
    // The retry scan runs at start: the page comes in this run.
    let (s, log, _) = w.run(&feed_toml(&[&server.url("/feed.xml")]), 1);
    assert_eq!(s.stored, 1, "{log:?}");
    assert_eq!(w.documents(), vec![a.clone(), feed_text_id]);
    let item = w.store().seen_item(&a).expect("read").expect("seen");
    assert!(!item.from_feed_text && item.retry_at.is_none());
}

#[test]
fn alerts_go_to_the_file_and_the_webhook_once() {
    let server = Server::start();
    let hook = Server::start();
    hook.set("/hook", Reply::status(204));
    let a = server.url("/a.html");
    server.set("/a.html", Reply::ok("text/html", STORY_A));
    server.set(
        "/feed.xml",
        Reply::ok(
            "application/rss+xml",
            rss(&[("Attack near Djibo", &a, "Twelve.")]),
        ),
    );
    let w = Watch::new();
    let alerts = w.dir.path().join("alerts.jsonl");
    let config = format!(
        "alerts_file = \"{}\"\nwebhook = \"{}\"\n{}\
         [[alert]]\nname = \"ten or more\"\nmin_fatalities = 10\n\
         [[alert]]\nname = \"in Mali\"\ncountry = \"ML\"\n",
        alerts.display(),
        hook.url("/hook"),
        feed_toml(&[&server.url("/feed.xml")])
    );
    let (s, log, _) = w.run(&config, 2);
    assert_eq!(s.alerts, 1, "{log:?}");
    let text = std::fs::read_to_string(&alerts).expect("alerts file");
    let lines: Vec<serde_json::Value> = text
        .lines()
        .map(|l| serde_json::from_str(l).expect("JSON line"))
        .collect();
    assert_eq!(lines.len(), 1);
    assert_eq!(lines[0]["rule"], "ten or more");
    assert_eq!(lines[0]["fatalities_best"], 12);
    assert_eq!(lines[0]["sources"][0], a.as_str());
    // The webhook gets it off the storing thread; wait for it a little.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(5);
    while hook.hits("/hook") == 0 && std::time::Instant::now() < deadline {
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    let posted = hook.requests();
    assert_eq!(posted.len(), 1);
    assert_eq!(posted[0].method, "POST");
    let body: serde_json::Value = serde_json::from_slice(&posted[0].body).expect("JSON");
    assert_eq!(body["incident_id"], lines[0]["incident_id"]);
    // A restart reads the file back and raises nothing twice.
    let mut store = w.store();
    let mut st = store.feed_states().expect("states").remove(0);
    st.next_poll = 0;
    st.etag = None;
    store.save_feed_state(&st).expect("due");
    drop(store);
    let (s, _, _) = w.run(&config, 1);
    assert_eq!(s.alerts, 0);
}

#[test]
fn feeds_are_added_and_removed_keeping_the_files_comments() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("feeds.toml");
    std::fs::write(
        &path,
        "# our desk's feeds\ncontact = \"mailto:desk@example.org\"\n",
    )
    .expect("write");
    watch_cmd::add_feed(
        &path,
        "http://news.test/rss",
        Some("10m"),
        None,
        Some("Test Wire"),
    )
    .expect("add");
    watch_cmd::add_feed(&path, "http://news.test/world/", None, Some("h2 a"), None).expect("add");
    let e =
        watch_cmd::add_feed(&path, "http://news.test/rss", None, None, None).expect_err("twice");
    assert!(e.contains("already watched"), "{e}");
    let e = watch_cmd::add_feed(&path, "http://news.test/x", Some("often"), None, None)
        .expect_err("bad interval");
    assert!(e.contains("interval"), "{e}");
    let c = WatchConfig::load(&path).expect("reads back");
    assert_eq!(c.feeds.len(), 2);
    assert_eq!(c.feeds[1].links.as_deref(), Some("h2 a"));
    assert!(watch_cmd::remove_feed(&path, "http://news.test/rss").expect("remove"));
    assert!(!watch_cmd::remove_feed(&path, "http://news.test/rss").expect("again"));
    let text = std::fs::read_to_string(&path).expect("read");
    assert!(text.starts_with("# our desk's feeds\n"), "{text}");
    assert_eq!(WatchConfig::load(&path).expect("reads").feeds.len(), 1);
}

#[test]
fn an_item_cut_off_by_a_stop_is_fetched_at_the_next_start_though_the_feed_answers_304() {
    let server = Server::start();
    let a = server.url("/a.html");
    // The page hangs past the stop's grace period.
    server.set(
        "/a.html",
        Reply::ok("text/html", STORY_A).delayed(std::time::Duration::from_secs(3)),
    );
    server.queue(
        "/feed.xml",
        vec![
            Reply::ok("application/rss+xml", rss(&[("Attack near Djibo", &a, "")]))
                .header("ETag", "\"v1\""),
        ],
    );
    server.set("/feed.xml", Reply::status(304));
    let w = Watch::new();
    let config = WatchConfig::parse(&feed_toml(&[&server.url("/feed.xml")])).expect("config");
    let stop = AtomicBool::new(false);
    let mut store = w.store();
    std::thread::scope(|scope| {
        scope.spawn(|| {
            std::thread::sleep(std::time::Duration::from_millis(700));
            stop.store(true, std::sync::atomic::Ordering::Relaxed);
        });
        watch_cmd::run(
            pipeline(),
            &mut store,
            &config,
            &WatchOptions {
                grace: std::time::Duration::from_millis(100),
                ..WatchOptions::default()
            },
            None,
            Arc::new(Metrics::default()),
            &stop,
            &mut |_| {},
        )
        .expect("watch");
    });
    assert!(w.documents().is_empty(), "the page never came");
    let item = store
        .seen_item(&a)
        .expect("read")
        .expect("remembered as waiting");
    assert!(item.document_id.is_empty() && item.retry_at.is_some());
    // Its retry comes due; the feed now answers 304, and the page is fast.
    let mut due = item;
    due.retry_at = Some(0);
    store.mark_items(&[due]).expect("due");
    let mut st = store.feed_states().expect("states").remove(0);
    assert_eq!(st.etag.as_deref(), Some("\"v1\""));
    st.next_poll = 0;
    store.save_feed_state(&st).expect("due");
    drop(store);
    server.set("/a.html", Reply::ok("text/html", STORY_A));
    let (s, log, _) = w.run(&feed_toml(&[&server.url("/feed.xml")]), 1);
    assert_eq!(s.stored, 1, "{log:?}");
    assert_eq!(w.documents(), vec![a]);
}

#[test]
fn an_item_with_neither_link_nor_text_is_new_once() {
    let server = Server::start();
    server.set(
        "/feed.xml",
        Reply::ok(
            "application/rss+xml",
            "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>T</title>\
             <item><title>Breaking</title><guid isPermaLink=\"false\">x-1</guid></item>\
             </channel></rss>",
        )
        .header("ETag", "\"e\""),
    );
    let w = Watch::new();
    let (s, log, _) = w.run(&feed_toml(&[&server.url("/feed.xml")]), 3);
    assert_eq!((s.new_items, s.stored), (1, 0), "{log:?}");
    let polls: Vec<_> = server
        .requests()
        .into_iter()
        .filter(|r| r.path == "/feed.xml")
        .collect();
    assert_eq!(polls[2].header("if-none-match"), Some("\"e\""));
}

#[test]
fn a_new_claim_that_disputes_an_earlier_one_raises_an_alert() {
    let server = Server::start();
    let army = server.url("/army.html");
    let locals = server.url("/locals.html");
    server.set(
        "/army.html",
        Reply::ok(
            "text/html",
            "<html><body><article><p>Gunmen attacked the market of Djibo on Sunday and killed \
             ten people, the army said on Monday.</p></article></body></html>",
        ),
    );
    server.set(
        "/locals.html",
        Reply::ok(
            "text/html",
            "<html><body><article><p>Residents of Djibo said forty people were killed when \
             gunmen attacked the market on Sunday.</p></article></body></html>",
        ),
    );
    server.set(
        "/feed.xml",
        Reply::ok("application/rss+xml", rss(&[("Market attack", &army, "")])),
    );
    let w = Watch::new();
    let alerts = w.dir.path().join("alerts.jsonl");
    let config = format!(
        "alerts_file = \"{}\"\n{}[[alert]]\nname = \"dispute\"\nclaim_differs_by = 50\n",
        alerts.display(),
        feed_toml(&[&server.url("/feed.xml")])
    );
    let (s, log, _) = w.run(&config, 1);
    assert_eq!((s.stored, s.alerts), (1, 0), "{log:?}");
    server.set(
        "/feed.xml",
        Reply::ok(
            "application/rss+xml",
            rss(&[("Market attack", &army, ""), ("Forty dead", &locals, "")]),
        ),
    );
    std::thread::sleep(std::time::Duration::from_millis(1200));
    let (s, log, _) = w.run(&config, 1);
    assert_eq!((s.stored, s.alerts), (1, 1), "{log:?}");
    let line: serde_json::Value = serde_json::from_str(
        std::fs::read_to_string(&alerts)
            .expect("alerts")
            .lines()
            .next()
            .expect("one"),
    )
    .expect("JSON");
    assert_eq!(line["kind"], "disputed_claim");
    assert_eq!(line["claim"]["killed"], 40);
    assert_eq!(line["claim"]["best"], 10);
}

#[test]
fn the_last_round_still_fetches_every_page_it_found() {
    let server = Server::start();
    let links: Vec<String> = (0..6).map(|i| server.url(&format!("/p{i}.html"))).collect();
    for i in 0..6 {
        server.set(
            &format!("/p{i}.html"),
            Reply::ok("text/html", STORY_B.replace("four", &format!("{}", i + 2)))
                .delayed(std::time::Duration::from_millis(50)),
        );
    }
    let items: Vec<(&str, &str, &str)> = links.iter().map(|l| ("Clash", l.as_str(), "")).collect();
    server.set("/feed.xml", Reply::ok("application/rss+xml", rss(&items)));
    let w = Watch::new();
    let config = WatchConfig::parse(&feed_toml(&[&server.url("/feed.xml")])).expect("config");
    let mut store = w.store();
    let s = watch_cmd::run(
        pipeline(),
        &mut store,
        &config,
        &WatchOptions {
            workers: 1,
            rounds: Some(1),
            ..WatchOptions::default()
        },
        None,
        Arc::new(Metrics::default()),
        &AtomicBool::new(false),
        &mut |_| {},
    )
    .expect("watch");
    assert_eq!((s.new_items, s.stored), (6, 6));
}

#[test]
fn the_command_line_watches_an_index_page_and_tells_each_feeds_status() {
    let server = Server::start();
    server.set(
        "/world/",
        Reply::ok(
            "text/html",
            "<html><body><nav><a href=\"/about\">About</a></nav>\
             <h2 class=\"hl\"><a href=\"/world/a.html\">Attack near Djibo</a></h2>\
             <h2 class=\"hl\"><a href=\"/world/b.html\">Clash in Dori</a></h2></body></html>",
        ),
    );
    server.set("/world/a.html", Reply::ok("text/html", STORY_A));
    server.set("/world/b.html", Reply::ok("text/html", STORY_B));
    let dir = tempfile::tempdir().expect("tempdir");
    let feeds = dir.path().join("feeds.toml");
    let db = dir.path().join("w.db");
    let run = |args: &[&str]| {
        let out = common::sitrep_cli()
            .args(args)
            .output()
            .expect("run sitrep");
        (
            out.status.success(),
            String::from_utf8_lossy(&out.stdout).into_owned(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    };
    let f = feeds.to_str().expect("utf-8 path");
    let d = db.to_str().expect("utf-8 path");
    // No feed yet: the watcher says how to add one.
    std::fs::write(&feeds, "contact = \"mailto:desk@example.org\"\n").expect("write");
    let (ok, _, err) = run(&["watch", "--feeds", f, "--db", d]);
    assert!(!ok && err.contains("sitrep feeds add"), "{err}");
    let index = server.url("/world/");
    let (ok, _, err) = run(&[
        "feeds",
        "add",
        &index,
        "--feeds",
        f,
        "--links",
        "h2.hl a",
        "--interval",
        "1s",
    ]);
    assert!(ok, "{err}");
    let (ok, out, _) = run(&["feeds", "list", "--feeds", f]);
    assert!(
        ok && out.contains(&index) && out.contains("links: h2.hl a"),
        "{out}"
    );
    let (ok, _, err) = run(&["watch", "--feeds", f, "--db", d, "--rounds", "1"]);
    assert!(ok, "{err}");
    assert!(err.contains("2 documents stored"), "{err}");
    let (ok, out, err) = run(&["feeds", "status", "--feeds", f, "--db", d]);
    assert!(ok, "{err}");
    let row = out
        .lines()
        .find(|l| l.starts_with(&index))
        .expect("the feed's row");
    let cells: Vec<&str> = row.split('\t').collect();
    assert_eq!((cells[2], cells[3], cells[5]), ("200", "0", "2"), "{row}");
    let (ok, _, err) = run(&["feeds", "remove", &index, "--feeds", f, "--db", d]);
    assert!(ok && err.contains("forgot the polling state"), "{err}");
    assert!(Store::open(&db)
        .expect("db")
        .feed_states()
        .expect("states")
        .is_empty());
    let (ok, _, err) = run(&["feeds", "remove", &index, "--feeds", f]);
    assert!(!ok && err.contains("sitrep feeds list"), "{err}");
}
