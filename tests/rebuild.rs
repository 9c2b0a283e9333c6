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

/// Runs a build that must fail because of a broken link on `page` (a path under
/// `public/`) that `why` describes, and checks it left the site as it was.
fn assert_build_fails_on_link(root: &Path, page: &str, why: &str) {
    let public = contents(&root.join("public"));
    let run = common::folio(root, &["build", "--verbose"]);
    assert!(!run.status.success(), "the build should fail: {why}");
    let message = common::stderr(&run);
    assert!(message.contains(&format!("public/{page}")), "{message}");
    assert!(message.contains(why), "{message}");
    assert!(
        public == contents(&root.join("public")),
        "a failed rebuild leaves the site as it was"
    );
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

    std::fs::remove_file(root.join("content/documents/telegram-000.md")).unwrap();
    assert_build_fails_on_link(
        root,
        "about/index.html",
        "broken link `/sample/documents/telegram-000/`",
    );
}

/// Sets the modification time of every input of the edition an hour back, as if it had
/// been written long before the build: a file changed within two seconds of a build is
/// read again whatever its time says, which would make every file of a fresh copy "changed".
fn age_inputs(root: &Path) {
    let hour_ago = std::time::SystemTime::now() - std::time::Duration::from_secs(3600);
    for top in ["content", "themes"] {
        for file in common::files_under(&root.join(top)) {
            let path = root.join(top).join(file);
            let handle = std::fs::File::options().write(true).open(&path).unwrap();
            handle.set_modified(hour_ago).unwrap();
        }
    }
    let site = std::fs::File::options()
        .write(true)
        .open(root.join("site.toml"))
        .unwrap();
    site.set_modified(hour_ago).unwrap();
}

/// `folio build --verbose`: its standard output, asserting it succeeded.
fn build_verbose(root: &Path) -> String {
    let run = common::folio(root, &["build", "--verbose"]);
    assert!(run.status.success(), "{}", common::stderr(&run));
    String::from_utf8_lossy(&run.stdout).into_owned()
}

/// What a build of a copy of `root`'s sources, with no output or cache, publishes.
fn fresh_build_of(root: &Path) -> Vec<(String, Vec<u8>)> {
    let copy = tempfile::tempdir().unwrap();
    for item in ["site.toml", "content", "themes"] {
        common::copy_recursively(&root.join(item), &copy.path().join(item));
    }
    build(copy.path(), &[]);
    contents(&copy.path().join("public"))
}

const TEXT_ONLY: &str = "Only what the edited texts change was rebuilt.";

#[test]
fn an_edit_to_a_text_alone_rewrites_its_page_tei_and_search_terms_only() {
    let edition = common::sample_edition();
    let root = edition.path();
    common::add_telegrams(root, 3);
    age_inputs(root);
    build(root, &[]);
    common::edit(
        root,
        DOC,
        "were present during the conversation.",
        "were present during the conversation, which continued late.",
    );
    let output = build_verbose(root);
    assert!(output.contains(TEXT_ONLY), "{output}");
    let built = output
        .lines()
        .find(|l| l.starts_with("Built"))
        .unwrap_or_default();
    let (_, written) = files_and_written(built);
    // The page, its TEI file, and the term files of "continued" and "late".
    assert!((2..=4).contains(&written), "{output}");
    let page = common::page(
        &root.join("public"),
        "documents/1961-09-30-chervonenko-deng-xiaoping/",
    );
    assert!(page.contains("which continued late"));
    assert!(
        contents(&root.join("public")) == fresh_build_of(root),
        "the rebuilt site differs from a fresh build"
    );

    // Front matter: lists and citations show it, so the whole site is built.
    common::edit(root, DOC, "title: ", "title: Edited ");
    let output = build_verbose(root);
    assert!(
        output.contains("Whole site built: a document's front matter"),
        "{output}"
    );
    assert!(
        contents(&root.join("public")) == fresh_build_of(root),
        "the rebuilt site differs from a fresh build"
    );
}

#[test]
fn a_link_a_text_edit_breaks_fails_the_build_and_changes_nothing() {
    let edition = common::sample_edition();
    let root = edition.path();
    age_inputs(root);
    build(root, &[]);
    let text = std::fs::read_to_string(root.join(DOC)).unwrap();
    std::fs::write(root.join(DOC), format!("{text}\nSee [the note](#fn-99).\n")).unwrap();
    assert_build_fails_on_link(
        root,
        "documents/1961-09-30-chervonenko-deng-xiaoping/index.html",
        "broken link `#fn-99`",
    );
    // The failed build left the last build's state alone: the repaired text is again a
    // rebuild of its page only.
    std::fs::write(
        root.join(DOC),
        format!("{text}\nSee [how to cite it](#cite).\n"),
    )
    .unwrap();
    let output = build_verbose(root);
    assert!(output.contains(TEXT_ONLY), "{output}");
    assert!(contents(&root.join("public")) == fresh_build_of(root));
}

#[test]
fn a_text_edit_that_removes_an_anchor_another_page_links_to_fails_the_build() {
    let edition = common::sample_edition();
    let root = edition.path();
    let text = std::fs::read_to_string(root.join(DOC)).unwrap();
    std::fs::write(
        root.join(DOC),
        format!("{text}\n<span id=\"meeting-end\">The end.</span>\n"),
    )
    .unwrap();
    common::edit(
        root,
        "content/pages/about.md",
        "This sample edition presents",
        "See <a href=\"/sample/documents/1961-09-30-chervonenko-deng-xiaoping/#meeting-end\">the end</a>. This sample edition presents",
    );
    age_inputs(root);
    build(root, &[]);

    std::fs::write(root.join(DOC), format!("{text}\nThe end.\n")).unwrap();
    assert_build_fails_on_link(
        root,
        "about/index.html",
        "has no element with id `meeting-end`",
    );
    // Put back, the anchor makes it a text-only rebuild again.
    std::fs::write(
        root.join(DOC),
        format!("{text}\n<span id=\"meeting-end\">The end, again.</span>\n"),
    )
    .unwrap();
    let output = build_verbose(root);
    assert!(output.contains(TEXT_ONLY), "{output}");
    assert!(contents(&root.join("public")) == fresh_build_of(root));
}

#[test]
fn bodies_read_from_disk_again_make_the_same_site_as_bodies_kept_in_memory() {
    let edition = common::sample_edition();
    let root = edition.path();
    // A build keeps every text of an edition this small in memory.
    let kept_in_memory = fresh_build_of(root);
    let options = folio::pipeline::BuildOptions {
        texts_kept_in_memory: 0,
        ..folio::pipeline::BuildOptions::new(root)
    };
    let summary = folio::pipeline::build(&options).expect("the build succeeds");
    assert!(summary.documents > 0);
    assert!(
        kept_in_memory == contents(&root.join("public")),
        "reading every body again changes nothing in the site"
    );
}
