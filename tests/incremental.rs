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
