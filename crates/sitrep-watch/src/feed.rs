//! What a polled feed lists: [`FeedItem`]s read from an RSS or Atom feed
//! (through `sitrep_ingest::feed_entries`, which refuses DTD entities) or
//! from the article links of an HTML index page chosen by a CSS selector.

use crate::config::Feed;
use sitrep_ingest::FeedEntry;

/// One item a feed lists.
#[derive(Clone, Debug, PartialEq)]
pub struct FeedItem {
    /// What the item is remembered by: its page's URL, else the feed's URL
    /// and the item's id.
    pub key: String,
    /// Its page, absolute.
    pub link: Option<String>,
    /// What the feed says of it (for an index page, the link's text as
    /// title and nothing else).
    pub entry: FeedEntry,
}

/// Longest item key kept: ids are indexed, and PostgreSQL refuses index
/// entries of more than about 2.7 KB.
pub const MAX_KEY_BYTES: usize = 2000;

/// Why an item is not fetched, if it is not: a key too long to index, or a
/// link into this machine or its private network from a feed elsewhere (a
/// hostile feed must not make the watcher read internal pages and store
/// them where the page serves them).
pub fn refused(feed: &Feed, item: &FeedItem) -> Option<String> {
    if item.key.len() > MAX_KEY_BYTES {
        return Some(format!("a link of more than {MAX_KEY_BYTES} bytes"));
    }
    let host = |u: &str| url::Url::parse(u).ok()?.host().map(|h| h.to_owned());
    let link = host(item.link.as_deref()?)?;
    let internal = match &link {
        url::Host::Domain(d) => d.eq_ignore_ascii_case("localhost") || d.ends_with(".localhost"),
        url::Host::Ipv4(ip) => {
            ip.is_loopback() || ip.is_private() || ip.is_link_local() || ip.is_unspecified()
        }
        url::Host::Ipv6(ip) => {
            ip.is_loopback()
                || ip.is_unspecified()
                || (ip.segments()[0] & 0xfe00) == 0xfc00
                || (ip.segments()[0] & 0xffc0) == 0xfe80
        }
    };
    (internal && host(&feed.url).as_ref() != Some(&link))
        .then(|| "a link into a private network from a feed outside it".to_string())
}

/// Deepest nesting an index page may have: selectors walk the tree, and a
/// hostile page nested a hundred thousand deep must not stall the watcher.
const MAX_INDEX_DEPTH: usize = 512;

/// The items of a feed's answer, in the feed's order, each once. `base` is
/// the URL the answer came from (after redirects), against which relative
/// links are read.
pub fn read_items(feed: &Feed, base: &str, body: &[u8]) -> Result<Vec<FeedItem>, String> {
    let base_url = url::Url::parse(base).map_err(|e| format!("{base}: not a URL ({e})"))?;
    let mut items = match &feed.links {
        Some(selector) => index_items(&base_url, body, selector)?,
        None => sitrep_ingest::feed_entries(&feed.url, body)
            .map_err(|e| e.to_string())?
            .into_iter()
            .map(|mut entry| {
                let link = entry.url.as_deref().and_then(|u| absolute(&base_url, u));
                entry.url.clone_from(&link);
                if let Some(name) = &feed.name {
                    entry.source = Some(name.clone());
                }
                let key = link
                    .clone()
                    .unwrap_or_else(|| format!("{}#{}", feed.url, entry.id));
                FeedItem { key, link, entry }
            })
            .collect(),
    };
    let mut seen = std::collections::HashSet::new();
    items.retain(|i| seen.insert(i.key.clone()));
    if feed.links.is_some() {
        if let Some(name) = &feed.name {
            for i in &mut items {
                i.entry.source = Some(name.clone());
            }
        }
    }
    Ok(items)
}

/// An http(s) URL read against `base`, without its fragment (the same page
/// linked twice with two anchors is one item).
fn absolute(base: &url::Url, href: &str) -> Option<String> {
    let mut u = base.join(href.trim()).ok()?;
    if !matches!(u.scheme(), "http" | "https") {
        return None;
    }
    u.set_fragment(None);
    Some(u.to_string())
}

fn index_items(base: &url::Url, body: &[u8], selector: &str) -> Result<Vec<FeedItem>, String> {
    let html = String::from_utf8_lossy(body);
    if sitrep_ingest::nesting_exceeds(&html, MAX_INDEX_DEPTH) {
        return Err(format!(
            "{base}: the index page is nested more than {MAX_INDEX_DEPTH} elements deep; not read"
        ));
    }
    let doc = dom_query::Document::from(html.as_ref());
    let matcher = dom_query::Matcher::new(selector)
        .map_err(|_| format!("links = \"{selector}\" is not a CSS selector"))?;
    let mut items = Vec::new();
    for node in doc.select_matcher(&matcher).nodes() {
        // The selector may name the link itself or an element around it.
        let link = if node.has_attr("href") {
            Some(*node)
        } else {
            dom_query::Selection::from(*node)
                .select("a[href]")
                .nodes()
                .first()
                .copied()
        };
        let Some(a) = link else { continue };
        let Some(href) = a.attr("href") else { continue };
        let Some(url) = absolute(base, &href) else {
            continue;
        };
        let title = a.text().split_whitespace().collect::<Vec<_>>().join(" ");
        items.push(FeedItem {
            key: url.clone(),
            link: Some(url.clone()),
            entry: FeedEntry {
                id: url.clone(),
                url: Some(url),
                title: Some(title).filter(|t| !t.is_empty()),
                published: None,
                source: base.host_str().map(String::from),
                html: String::new(),
            },
        });
    }
    Ok(items)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    fn feed(links: Option<&str>) -> Feed {
        Feed {
            url: "http://news.test/feed".into(),
            interval: Duration::from_secs(60),
            links: links.map(String::from),
            name: None,
            language: None,
        }
    }

    #[test]
    fn rss_items_get_absolute_links_each_once() {
        let rss = br#"<?xml version="1.0"?><rss version="2.0"><channel><title>Test Wire</title>
<item><title>One</title><link>/a/one.html#top</link><description>Text one.</description></item>
<item><title>One again</title><link>http://news.test/a/one.html</link></item>
<item><title>No link</title><guid isPermaLink="false">x-7</guid><description>Two.</description></item>
</channel></rss>"#;
        let items = read_items(&feed(None), "http://news.test/feed", rss).expect("read");
        let keys: Vec<&str> = items.iter().map(|i| i.key.as_str()).collect();
        assert_eq!(
            keys,
            ["http://news.test/a/one.html", "http://news.test/feed#x-7"]
        );
        assert_eq!(items[0].entry.source.as_deref(), Some("Test Wire"));
        assert_eq!(items[1].link, None);
    }

    #[test]
    fn an_index_page_gives_the_links_its_selector_names() {
        let html = br#"<html><body><nav><a href="/about">About</a></nav>
<h2 class="hl"><a href="story/1">Attack in the north</a></h2>
<h2 class="hl"><a href="https://other.test/story/2">Second story</a></h2>
<h2 class="hl"><a href="mailto:x@y.test">Mail</a></h2>
<div class="hl"><span>no link here</span></div></body></html>"#;
        let items = read_items(&feed(Some(".hl")), "http://news.test/world/", html).expect("read");
        let links: Vec<&str> = items.iter().filter_map(|i| i.link.as_deref()).collect();
        assert_eq!(
            links,
            [
                "http://news.test/world/story/1",
                "https://other.test/story/2"
            ]
        );
        assert_eq!(items[0].entry.title.as_deref(), Some("Attack in the north"));
    }

    #[test]
    fn links_into_private_networks_are_refused_from_feeds_outside_them() {
        let item = |link: &str| FeedItem {
            key: link.into(),
            link: Some(link.into()),
            entry: FeedEntry {
                id: link.into(),
                url: Some(link.into()),
                title: None,
                published: None,
                source: None,
                html: String::new(),
            },
        };
        let outside = feed(None);
        for bad in [
            "http://127.0.0.1:9000/admin",
            "http://169.254.169.254/latest/meta-data/",
            "http://10.1.2.3/x",
            "http://localhost/x",
            "http://[::1]/x",
        ] {
            assert!(refused(&outside, &item(bad)).is_some(), "{bad}");
        }
        assert!(refused(&outside, &item("https://news.test/a.html")).is_none());
        let mut local = feed(None);
        local.url = "http://127.0.0.1:9000/feed.xml".into();
        assert!(refused(&local, &item("http://127.0.0.1:9000/a.html")).is_none());
        let long = format!("https://news.test/{}", "a".repeat(3000));
        assert!(refused(&outside, &item(&long)).is_some());
    }

    #[test]
    fn malformed_feeds_and_deep_pages_are_errors_not_panics() {
        assert!(read_items(
            &feed(None),
            "http://news.test/feed",
            b"<rss><channel><item>"
        )
        .is_err());
        let deep = "<div>".repeat(5_000);
        let e = read_items(&feed(Some("a")), "http://news.test/", deep.as_bytes())
            .expect_err("deep page");
        assert!(e.contains("nested"), "{e}");
    }
}
