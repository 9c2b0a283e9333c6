//! Rebuilds: `folio build` after an edit renders only the pages whose inputs changed, and
//! what it publishes is exactly what a build from nothing would.

use std::path::Path;

mod common;

const DOC: &str = "content/documents/1961-09-30-chervonenko-deng-xiaoping.md";

/// The "(N files, M written)" figures of a build's last line.
fn files_and_written(stdout: &str) -> (usize, usize) {
    let figures = stdout
        .rsplit_once('(')
        .and_then(|(_, rest)| rest.split_once(" written)"))
        .map(|(figures, _)| figures.to_owned())
        .unwrap_or_else(|| panic!("no figures in {stdout:?}"));
    let (files, written) = figures
        .split_once(" files, ")
        .unwrap_or_else(|| panic!("no figures in {stdout:?}"));
    (files.parse().unwrap(), written.parse().unwrap())
}

fn build(root: &Path, args: &[&str]) -> (usize, usize) {
    let mut all = vec!["build"];
    all.extend_from_slice(args);
    let run = common::folio(root, &all);
    assert!(run.status.success(), "{}", common::stderr(&run));
    files_and_written(&String::from_utf8_lossy(&run.stdout))
}

/// Every file under `dir` with its bytes.
fn contents(dir: &Path) -> Vec<(String, Vec<u8>)> {
    common::files_under(dir)
        .into_iter()
        .map(|f| {
            let bytes = std::fs::read(dir.join(&f)).unwrap();
            (f, bytes)
        })
        .collect()
}

#[test]
fn a_rebuild_after_edits_publishes_what_a_build_from_nothing_would() {
    let edition = common::sample_edition();
    let root = edition.path();
    let (files, written) = build(root, &[]);
    assert_eq!(written, files, "a first build writes everything");
    let (_, written) = build(root, &[]);
    assert_eq!(written, 0, "nothing changed, nothing written");

    // A word of one document's text: its page changes, and what indexes its words.
    common::edit(root, DOC, "Chervonenko", "Chervonenko (Stepan Vasilyevich)");
    let (files, written) = build(root, &[]);
    assert!(written > 0 && written < files / 4, "{written} of {files}");
    // A template: every page changes.
    common::edit(
        root,
        "themes/default/templates/base.html",
        "</body>",
        "<p class=\"edited-mark\">edited</p></body>",
    );
    let (_, pages_rewritten) = build(root, &[]);
    assert!(pages_rewritten > written, "{pages_rewritten}");

    let fresh = tempfile::tempdir().unwrap();
    let fresh_output = fresh.path().join("site");
    build(root, &["--output", fresh_output.to_str().unwrap()]);
    let rebuilt = contents(&root.join("public"));
    assert!(!rebuilt.is_empty());
    assert!(
        rebuilt == contents(&fresh_output),
        "the rebuilt site differs from a fresh build"
    );
    let page = common::page(
        &root.join("public"),
        "documents/1961-09-30-chervonenko-deng-xiaoping/",
    );
    assert!(page.contains("Stepan Vasilyevich"));
    assert!(page.contains("edited-mark"));
}

#[test]
fn a_page_deleted_from_the_output_is_written_again() {
    let edition = common::sample_edition();
    let root = edition.path();
    build(root, &[]);
    let about = root.join("public/about/index.html");
    let before = std::fs::read(&about).unwrap();
    std::fs::remove_file(&about).unwrap();
    let (_, written) = build(root, &[]);
    assert_eq!(written, 1);
    assert_eq!(std::fs::read(&about).unwrap(), before);
}

#[test]
fn a_page_not_rendered_again_still_has_its_links_checked() {
    let edition = common::sample_edition();
    let root = edition.path();
    common::add_telegrams(root, 1);
    // A raw link in a free page: nothing but the link check knows it points to the telegram.
    common::edit(
        root,
        "content/pages/about.md",
        "This sample edition presents",
        "See <a href=\"/sample/documents/telegram-000/\">the telegram</a>. This sample edition presents",
    );
    build(root, &[]);
    let public = contents(&root.join("public"));

    std::fs::remove_file(root.join("content/documents/telegram-000.md")).unwrap();
    let run = common::folio(root, &["build"]);
    assert!(!run.status.success(), "the about page's link is broken now");
    let message = common::stderr(&run);
    assert!(message.contains("public/about/index.html"), "{message}");
    assert!(
        message.contains("broken link `/sample/documents/telegram-000/`"),
        "{message}"
    );
    assert!(
        public == contents(&root.join("public")),
        "a failed rebuild leaves the site as it was"
    );
}
