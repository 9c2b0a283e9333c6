//! Bad input gives an error naming the file, line and what to fix, a non-zero exit, and
//! leaves the previously built site exactly as it was.

mod common;

/// Builds the sample edition, breaks it with `edit`, builds again, and returns the error
/// output after checking the failure left `public/` untouched.
fn broken_build(relative: &str, from: &str, to: &str) -> String {
    let edition = common::sample_edition();
    let root = edition.path();
    let first = common::folio(root, &["build"]);
    assert!(first.status.success(), "{}", common::stderr(&first));
    let public = root.join("public");
    let before: Vec<(String, Vec<u8>)> = common::files_under(&public)
        .into_iter()
        .map(|f| {
            let bytes = std::fs::read(public.join(&f)).unwrap();
            (f, bytes)
        })
        .collect();
    common::edit(root, relative, from, to);
    let run = common::folio(root, &["build"]);
    assert!(!run.status.success(), "the build must fail");
    assert_eq!(run.status.code(), Some(1));
    let after: Vec<(String, Vec<u8>)> = common::files_under(&public)
        .into_iter()
        .map(|f| {
            let bytes = std::fs::read(public.join(&f)).unwrap();
            (f, bytes)
        })
        .collect();
    assert!(before == after, "public/ changed after a failed build");
    let leftovers: Vec<String> = std::fs::read_dir(root)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".public"))
        .collect();
    assert!(leftovers.is_empty(), "staging folders left: {leftovers:?}");
    let check = common::folio(root, &["check"]);
    assert!(!check.status.success(), "check fails too");
    common::stderr(&run)
}

const DOC: &str = "content/documents/1961-09-30-chervonenko-deng-xiaoping.md";

#[test]
fn broken_front_matter() {
    let message = broken_build(DOC, "kind: Diary entry\n", "kind: [Diary entry\n");
    assert!(message.contains("broken front matter"), "{message}");
    assert!(message.contains(&format!("{DOC}:5:7")), "{message}");
    assert!(message.contains("help:"), "{message}");
}

#[test]
fn unknown_person_id_in_the_text() {
    let message = broken_build(
        DOC,
        "[Zhou Enlai](person:zhou-enlai)",
        "[Zhou Enlai](person:zhou-en-lai)",
    );
    assert!(
        message.contains("unknown person id `zhou-en-lai`"),
        "{message}"
    );
    assert!(message.contains(&format!("{DOC}:")), "{message}");
    assert!(message.contains("did you mean `zhou-enlai`"), "{message}");
}

#[test]
fn unknown_person_id_in_the_front_matter() {
    let message = broken_build(DOC, "  - person: yan-mingfu\n", "  - person: yan-ming-fu\n");
    assert!(
        message.contains("unknown person id `yan-ming-fu` in `participants`"),
        "{message}"
    );
    assert!(message.contains(&format!("{DOC}:14:13")), "{message}");
}

#[test]
fn bad_date() {
    let message = broken_build(DOC, "event_date: 1961-09-30", "event_date: 1961-09-31");
    assert!(
        message.contains("bad date: `1961-09-31`: September 1961 has no day 31"),
        "{message}"
    );
    assert!(message.contains(&format!("{DOC}:4:")), "{message}");
    assert!(message.contains("YYYY-MM-DD"), "{message}");
}

#[test]
fn dangling_footnote() {
    let message = broken_build(DOC, "ended....", "ended....[^1]");
    assert!(
        message.contains("footnote [^1] is referenced but never defined"),
        "{message}"
    );
    let line = std::fs::read_to_string(common::repository().join(DOC))
        .unwrap()
        .lines()
        .position(|l| l.contains("ended...."))
        .unwrap()
        + 1;
    assert!(message.contains(&format!("{DOC}:{line}:")), "{message}");
    assert!(message.contains("[^1]: text of the note"), "{message}");
}

#[test]
fn undecodable_bytes() {
    let edition = common::sample_edition();
    let path = edition.path().join(DOC);
    let mut bytes = std::fs::read(&path).unwrap();
    let at = bytes.windows(5).position(|w| w == b"Copy ").unwrap();
    bytes[at] = 0xC0;
    std::fs::write(&path, bytes).unwrap();
    let run = common::folio(edition.path(), &["build"]);
    assert!(!run.status.success());
    let message = common::stderr(&run);
    assert!(
        message.contains("not UTF-8") && message.contains("0xC0"),
        "{message}"
    );
    assert!(!edition.path().join("public").exists(), "nothing written");
}

#[test]
fn every_error_is_reported_not_only_the_first() {
    let edition = common::sample_edition();
    common::edit(
        edition.path(),
        DOC,
        "event_date: 1961-09-30",
        "event_date: 1961-13-30",
    );
    common::edit(
        edition.path(),
        "content/documents/1959-11-06-chervonenko-deng-xiaoping.md",
        "  - nikita-khrushchev\n",
        "  - nikita-krushchev\n",
    );
    let run = common::folio(edition.path(), &["check"]);
    let message = common::stderr(&run);
    assert!(
        message.contains("month 13") && message.contains("nikita-krushchev"),
        "{message}"
    );
    assert!(message.contains("2 error(s)"), "{message}");
}

/// Pages are written (beside the old ones) while the site renders, and links are checked
/// only once every page exists: a broken link must still leave the old site as it was, with
/// no temporary file behind (`broken_build` compares every file).
#[test]
fn a_broken_link_found_after_pages_were_written_leaves_the_old_site() {
    let message = broken_build(
        "themes/default/templates/base.html",
        "<main id=\"main\" tabindex=\"-1\">",
        "<main id=\"main\" tabindex=\"-1\"><a href=\"{{ site.home_url }}nowhere/\">x</a>",
    );
    assert!(
        message.contains("broken link `/sample/nowhere/`"),
        "{message}"
    );
    assert_eq!(
        message.matches("broken link").count(),
        1,
        "one message for a target every page links to: {message}"
    );
    assert!(message.contains("more links to it"), "{message}");
}
