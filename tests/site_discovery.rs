//! Discovery in the built sample edition: the search index and the markup it reads, the Atom
//! feed, sitemap and robots.txt, canonical and Open Graph tags, and the data exports.
//! (The search itself is exercised in a browser by tests/browser/.)

mod common;

use std::path::PathBuf;
use std::sync::OnceLock;

use common::{attrs, texts};

fn built() -> &'static PathBuf {
    static SITE: OnceLock<(tempfile::TempDir, PathBuf)> = OnceLock::new();
    &SITE
        .get_or_init(|| common::built_sample("https://user.github.io/edition/"))
        .1
}

fn read(relative: &str) -> String {
    let path = built().join(relative);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

const DOC_1961: &str = "documents/1961-09-30-chervonenko-deng-xiaoping/";
const DOC_1959: &str = "documents/1959-11-06-chervonenko-deng-xiaoping/";

fn json(relative: &str) -> serde_json::Value {
    serde_json::from_str(&read(relative)).unwrap_or_else(|e| panic!("{relative}: {e}"))
}

/// The document numbers of `term` in the index (documents are numbered chronologically).
fn postings(term: &str) -> Vec<u64> {
    let key: String = term.bytes().take(2).map(|b| format!("{b:02x}")).collect();
    let shard = json(&format!("search/index/terms/{key}.json"));
    let mut number = 0;
    shard[term]
        .as_array()
        .unwrap_or_else(|| panic!("{term} is not in the index"))
        .iter()
        .map(|gap| {
            number += gap.as_u64().unwrap();
            number
        })
        .collect()
}

#[test]
fn the_search_index_is_written_with_the_site() {
    let meta = json("search/index/meta.json");
    assert_eq!(meta["documents"], 2);
    assert_eq!(meta["filters"]["year"]["1959"], 1);
    assert_eq!(meta["filters"]["year"]["1961"], 1);
    assert_eq!(meta["filters"]["person"]["Stepan Chervonenko"], 2);
    assert_eq!(meta["filters"]["person"]["Frol Kozlov"], 1);
    // Number 0 is the 1959 document, 1 the 1961 one; results link under the base path.
    let documents = json("search/index/documents/0.json");
    assert_eq!(documents[0][0], format!("/edition/{DOC_1959}"));
    assert_eq!(documents[1][0], format!("/edition/{DOC_1961}"));
    assert_eq!(documents[0][2], "6 November 1959");
    assert_eq!(postings("nepal"), [1], "a phrase of the 1961 text");
    assert_eq!(postings("deng"), [0, 1]);
    // The 1959 text never spells him "Cervonenko"; the authority file does, so the index
    // finds both documents under that spelling.
    let page = common::page(built(), DOC_1959);
    assert!(!page.to_lowercase().contains("cervonenko"));
    assert_eq!(postings("cervonenko"), [0, 1]);
    let filters = json("search/index/filters.json");
    assert_eq!(filters["year"]["1961"], serde_json::json!([1]));
    assert_eq!(filters["person"]["Frol Kozlov"], serde_json::json!([1]));
}

#[test]
fn document_pages_mark_the_text_search_excerpts_come_from() {
    let page = common::page(built(), DOC_1959);
    assert_eq!(
        attrs(&page, "[data-search-text]", "class"),
        ["document-text prose"]
    );
    // Only documents are indexed: people pages are not among the results.
    let documents = read("search/index/documents/0.json");
    assert!(!documents.contains("/people/"));
}

#[test]
fn the_search_page_works_as_a_plain_form_without_javascript() {
    let page = common::page(built(), "search/");
    assert_eq!(
        attrs(&page, "form[role=search]", "action"),
        ["/edition/search/"]
    );
    assert_eq!(
        attrs(&page, "form[role=search]", "data-bundle"),
        ["/edition/search/index/"]
    );
    assert_eq!(attrs(&page, "input[type=search]", "name"), ["q"]);
    assert!(
        texts(&page, ".search-needs-script")
            .concat()
            .contains("needs JavaScript")
    );
}

#[test]
fn the_atom_feed_lists_the_newest_documents_first() {
    let feed = read("feed.xml");
    assert!(feed.starts_with(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\""
    ));
    for needed in [
        "<id>https://user.github.io/edition/</id>",
        "<link rel=\"self\" type=\"application/atom+xml\" href=\"https://user.github.io/edition/feed.xml\"/>",
        "<updated>1961-10-12T00:00:00Z</updated>",
        "<author><name>The Folio editors</name></author>",
    ] {
        assert!(feed.contains(needed), "{needed} not in\n{feed}");
    }
    let newer = feed
        .find(&format!("https://user.github.io/edition/{DOC_1961}"))
        .unwrap();
    let older = feed
        .find(&format!("https://user.github.io/edition/{DOC_1959}"))
        .unwrap();
    assert!(newer < older, "newest first");
    assert_eq!(feed.matches("<entry>").count(), 2);
    assert_eq!(
        feed.matches("<updated>").count(),
        3,
        "the feed and every entry"
    );
}

#[test]
fn sitemap_robots_canonical_and_open_graph() {
    let robots = read("robots.txt");
    assert!(robots.contains("Sitemap: https://user.github.io/edition/sitemap.xml"));
    let sitemap = read("sitemap.xml");
    assert!(sitemap.contains("<loc>https://user.github.io/edition/search/</loc>"));
    assert!(sitemap.contains("<loc>https://user.github.io/edition/data/</loc>"));
    assert!(!sitemap.contains("search/index"));
    let page = common::page(built(), DOC_1961);
    let canonical = format!("https://user.github.io/edition/{DOC_1961}");
    assert_eq!(
        attrs(&page, "link[rel=canonical]", "href"),
        std::slice::from_ref(&canonical)
    );
    let og = |property: &str| {
        attrs(
            &page,
            &format!("meta[property=\"og:{property}\"]"),
            "content",
        )
    };
    assert_eq!(og("url"), [canonical]);
    assert_eq!(og("type"), ["article"]);
    assert!(og("title")[0].starts_with("From the Diary of S. V. Chervonenko"));
    // This document has no summary: no description, rather than the edition's subtitle
    // (which reference managers would save as the document's abstract).
    assert!(og("description").is_empty(), "{:?}", og("description"));
    assert_eq!(
        attrs(&page, "link[type=\"application/atom+xml\"]", "href"),
        ["/edition/feed.xml"]
    );
}

#[test]
fn data_exports_hold_every_document_and_person() {
    let documents: serde_json::Value = serde_json::from_str(&read("data/documents.json")).unwrap();
    let documents = documents.as_array().unwrap();
    assert_eq!(documents.len(), 2);
    let first = &documents[0];
    for field in [
        "id",
        "url",
        "title",
        "date",
        "event_date",
        "participants",
        "archive_citation",
        "classification",
        "source",
    ] {
        assert!(first.get(field).is_some(), "{field} missing from {first}");
    }
    assert_eq!(first["date"], "1959-12-08");

    let csv = read("data/documents.csv");
    let header = csv.lines().next().unwrap();
    assert!(header.starts_with("id,url,title,date,event_date,kind,author,participants,"));
    assert!(csv.contains("stepan-chervonenko: Ambassador of the USSR in the PRC"));

    let people: serde_json::Value = serde_json::from_str(&read("data/people.json")).unwrap();
    let people = people.as_array().unwrap();
    let chervonenko = people
        .iter()
        .find(|p| p["id"] == "stepan-chervonenko")
        .unwrap();
    assert_eq!(chervonenko["documents"], 2);
    assert!(
        chervonenko["variants"]
            .as_array()
            .unwrap()
            .iter()
            .any(|v| v == "S. CERVONENKO")
    );
    let people_csv = read("data/people.csv");
    assert_eq!(people_csv.lines().count(), people.len() + 1);
    assert!(people_csv.starts_with("id,url,name,sort_name,variants,roles,dates,review,documents,"));

    let page = common::page(built(), "data/");
    assert!(page.contains("/edition/data/documents.csv"));
    assert!(page.contains("CC BY 4.0"), "the license is stated");
}
