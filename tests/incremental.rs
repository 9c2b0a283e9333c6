//! The live site of `folio serve` re-renders only what an edit affects: a change to a
//! document's text, or to front matter no list shows, re-renders its page alone; a change
//! to what lists show renders those lists too.

mod common;

use std::path::Path;

use folio::output::Contents;
use folio::site::incremental::LiveSite;

const DOC: &str = "content/documents/1961-09-30-chervonenko-deng-xiaoping.md";

fn html(site: &LiveSite, path: &str) -> String {
    match &site.file(path).expect("page exists").contents {
        Contents::Html(html) => html.clone(),
        other => panic!("{path} is not HTML: {other:?}"),
    }
}

#[test]
fn a_text_edit_renders_one_page_and_a_front_matter_edit_renders_the_lists() {
    let edition = common::sample_edition();
    let (mut site, _) = LiveSite::load(edition.path()).expect("the sample edition loads");
    let page = "documents/1961-09-30-chervonenko-deng-xiaoping/index.html";

    common::edit(
        edition.path(),
        DOC,
        "On that note the conversation",
        "On that note, the conversation",
    );
    let rebuilt = site.document_changed(Path::new(DOC)).expect("rebuilds");
    assert_eq!(
        rebuilt.pages, 1,
        "a text edit renders the document page only"
    );
    assert!(html(&site, page).contains("On that note, the conversation"));

    common::edit(
        edition.path(),
        DOC,
        "kind: Diary entry",
        "kind: Diary record",
    );
    let rebuilt = site.document_changed(Path::new(DOC)).expect("rebuilds");
    assert!(
        rebuilt.pages > 1,
        "a front matter edit renders the lists too"
    );
    assert!(html(&site, "documents/index.html").contains("Diary record"));
    assert!(
        html(&site, "people/deng-xiaoping/index.html")
            .contains(page.trim_end_matches("index.html"))
    );
}

/// Every page of `site`, by path.
fn pages(site: &LiveSite) -> std::collections::BTreeMap<String, String> {
    site.paths()
        .filter_map(|path| match &site.file(path)?.contents {
            Contents::Html(html) => Some((path.to_owned(), html.clone())),
            _ => None,
        })
        .collect()
}

#[test]
fn after_each_kind_of_edit_the_pages_equal_a_full_rebuild() {
    let edition = common::sample_edition();
    common::add_telegrams(edition.path(), 150);
    let (mut site, _) = LiveSite::load(edition.path()).expect("the edition loads");
    let telegram = "content/documents/telegram-120.md";
    let edits = [
        // A new title: the lists showing it change, the graph does not.
        (
            "title: \"Telegram number 120\"",
            "title: \"Telegram on the harvest\"",
        ),
        // A new date: it moves to page 1 of the list, a new day page appears, its old day
        // page goes, and the neighbouring days' previous/next links change.
        ("date: 1970-05-01", "date: 1960-02-29"),
        // A new role in the front matter.
        ("role: General Secretary", "role: Chairman"),
        // Another person present.
        (
            "participants:\n",
            "participants:\n  - person: frol-kozlov\n    role: Guest\n",
        ),
    ];
    for (from, to) in edits {
        common::edit(edition.path(), telegram, from, to);
        let rebuilt = site
            .document_changed(Path::new(telegram))
            .expect("rebuilds");
        assert!(!rebuilt.full, "{to}: an incremental rebuild");
        let (fresh, _) = LiveSite::load(edition.path()).expect("the edition loads");
        let (incremental, full) = (pages(&site), pages(&fresh));
        assert_eq!(
            incremental.keys().collect::<Vec<_>>(),
            full.keys().collect::<Vec<_>>(),
            "after `{to}`: the same pages"
        );
        for (path, html) in &full {
            assert!(incremental[path] == *html, "after `{to}`: {path} differs");
        }
    }
}
