//! Long lists are split into pages of a hundred: the list of all documents and the lists of
//! a person named in many documents. Built from the sample edition plus 150 short documents.

mod common;

use common::{attrs, texts};

fn built_with(extra: usize) -> (tempfile::TempDir, std::path::PathBuf) {
    let edition = common::sample_edition();
    common::add_telegrams(edition.path(), extra);
    let run = common::folio(edition.path(), &["build"]);
    assert!(run.status.success(), "{}", common::stderr(&run));
    let public = edition.path().join("public");
    (edition, public)
}

/// The `href` of the elements matching `selector`.
fn hrefs(html: &str, selector: &str) -> Vec<String> {
    attrs(html, selector, "href")
}

fn titles(html: &str) -> Vec<String> {
    texts(html, ".document-card__title")
}

#[test]
fn the_list_of_documents_is_split_into_pages_of_a_hundred() {
    let (_edition, public) = built_with(150);
    let first = common::page(&public, "documents/");
    let second = common::page(&public, "documents/page/2/");
    assert_eq!(titles(&first).len(), 100);
    // 152 documents: the two sample documents come first (1959, 1961), then the telegrams.
    assert_eq!(titles(&second).len(), 52);
    assert_eq!(titles(&second)[0], "Telegram number 98");
    assert!(
        texts(&first, ".lede")
            .concat()
            .contains("This page lists documents 1 to 100.")
    );
    assert_eq!(texts(&second, "h1 .page-number"), ["page 2 of 2"]);
    assert!(
        texts(&second, "title")
            .concat()
            .starts_with("Documents, page 2")
    );
    assert_eq!(
        hrefs(&first, ".list-pager a[rel=next]")[0],
        "/sample/documents/page/2/"
    );
    assert_eq!(
        hrefs(&second, ".list-pager a[rel=prev]")[0],
        "/sample/documents/"
    );
    assert_eq!(texts(&second, ".list-pager [aria-current=page]")[0], "2");
    assert!(!public.join("documents/page/3").exists());
}

#[test]
fn a_person_in_many_documents_gets_pages_of_each_list() {
    let (_edition, public) = built_with(150);
    let first = common::page(&public, "people/deng-xiaoping/");
    let second = common::page(&public, "people/deng-xiaoping/page/2/");
    // Present at the 2 sample documents and the 150 telegrams.
    assert_eq!(titles(&first).len(), 100);
    assert_eq!(titles(&second).len(), 52);
    assert_eq!(texts(&first, "#present-heading"), ["Present at (152)"]);
    assert_eq!(
        texts(&first, ".person-facts").len(),
        1,
        "the facts are on page 1"
    );
    assert!(texts(&second, ".person-facts").is_empty(), "and only there");
    // A person in a few documents keeps one page without a pager.
    let kozlov = common::page(&public, "people/frol-kozlov/");
    assert!(!kozlov.contains("list-pager"));
    assert!(!public.join("people/frol-kozlov/page").exists());
}

#[test]
fn a_document_cannot_take_the_id_of_the_list_pages() {
    let edition = common::sample_edition();
    common::add_telegrams(edition.path(), 1);
    std::fs::rename(
        edition.path().join("content/documents/telegram-000.md"),
        edition.path().join("content/documents/page.md"),
    )
    .unwrap();
    let run = common::folio(edition.path(), &["build"]);
    assert!(!run.status.success());
    let message = common::stderr(&run);
    assert!(message.contains("content/documents/page.md"), "{message}");
    assert!(
        message.contains("the document id `page` is reserved"),
        "{message}"
    );
    assert!(message.contains("rename the file"), "{message}");
}
