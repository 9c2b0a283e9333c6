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
    assert!(message.contains("2 errors"), "{message}");
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

/// A link written in a text is reported where it is written, not on the page it ends up in.
#[test]
fn a_broken_link_in_a_text_is_reported_at_its_line_and_column() {
    let message = broken_build(
        DOC,
        "[Zhou Enlai](person:zhou-enlai)",
        "[Zhou Enlai](person:zhou-enlai) (see [the list](/sample/peeple/))",
    );
    let text = std::fs::read_to_string(common::repository().join(DOC)).unwrap();
    let line = text
        .lines()
        .position(|l| l.contains("[Zhou Enlai](person:zhou-enlai)"))
        .unwrap()
        + 1;
    let column = text.lines().nth(line - 1).unwrap().chars().count()
        - text.lines().nth(line - 1).unwrap()[text
            .lines()
            .nth(line - 1)
            .unwrap()
            .find("[Zhou Enlai]")
            .unwrap()..]
            .chars()
            .count()
        + "[Zhou Enlai](person:zhou-enlai) (see ".chars().count()
        + 1;
    assert!(
        message.contains(
            "broken link `/sample/peeple/`: no page or file `peeple/index.html` is generated"
        ),
        "{message}"
    );
    assert!(
        message.contains(&format!("--> {DOC}:{line}:{column}")),
        "{message}"
    );
    assert!(!message.contains("public/"), "{message}");
    assert!(
        message.contains("help: links within the site start with the base path `/sample/`"),
        "{message}"
    );
}

/// A link from a template is reported on a page, naming the templates it may come from.
#[test]
fn a_broken_link_in_a_template_names_the_template() {
    let message = broken_build(
        "themes/default/templates/person.html",
        "{% block content %}",
        "{% block content %}<a href=\"{{ site.home_url }}nowhere/\">x</a>",
    );
    assert!(message.contains("--> public/people/"), "{message}");
    assert!(message.contains("`templates/person.html`"), "{message}");
}

/// A wrong base URL is one error at its value in site.toml, not one per page.
#[test]
fn a_wrong_base_url_is_one_error_at_site_toml() {
    for url in [
        "https://folio-editions.github.io/sample/?x=1",
        "https://folio-editions.github.io/sample/#top",
        "https://folio-editions.github.io/my sample/",
        "folio-editions.github.io/sample/",
    ] {
        let message = broken_build(
            "site.toml",
            "base_url = \"https://folio-editions.github.io/sample/\"",
            &format!("base_url = \"{url}\""),
        );
        assert!(message.contains("--> site.toml:9:12"), "{url}: {message}");
        assert_eq!(message.matches("error:").count(), 1, "{url}: {message}");
        assert!(
            message.contains("help: write the address"),
            "{url}: {message}"
        );
    }
}

/// `folio build 2>&1 | head -1`: once the reader has gone, printing ends quietly (no panic,
/// exit 101) and the exit status is the build's own.
#[test]
fn a_closed_output_ends_quietly_with_the_commands_status() {
    let edition = common::sample_edition();
    let root = edition.path();
    let run = |args: &[&str]| {
        let (reader, writer) = std::io::pipe().unwrap();
        drop(reader);
        std::process::Command::new(env!("CARGO_BIN_EXE_folio"))
            .args(args)
            .arg("--root")
            .arg(root)
            .stdout(writer.try_clone().unwrap())
            .stderr(writer)
            .status()
            .unwrap()
    };
    assert_eq!(run(&["build"]).code(), Some(0));
    assert_eq!(run(&["check"]).code(), Some(0));
    assert_eq!(
        run(&["cite", "1961-09-30-chervonenko-deng-xiaoping"]).code(),
        Some(0)
    );
    common::edit(root, DOC, "kind: Diary entry\n", "kind: [Diary entry\n");
    assert_eq!(run(&["build"]).code(), Some(1));
    assert_eq!(run(&["check", "--format", "json"]).code(), Some(1));
}

/// Files that are not read say so: a symbolic link, a file named `.md`, an upper-case
/// extension; ids differing only in case are an error (one page on macOS and Windows).
#[cfg(unix)]
#[test]
fn skipped_files_are_named_with_why_and_what_to_do() {
    let edition = common::sample_edition();
    let root = edition.path();
    let documents = root.join("content/documents");
    let elsewhere = tempfile::tempdir().unwrap();
    let original = documents.join("1959-11-06-chervonenko-deng-xiaoping.md");
    std::fs::copy(&original, elsewhere.path().join("linked.md")).unwrap();
    std::os::unix::fs::symlink(
        elsewhere.path().join("linked.md"),
        documents.join("linked.md"),
    )
    .unwrap();
    std::fs::copy(&original, documents.join(".md")).unwrap();
    std::fs::copy(&original, documents.join("upper.MD")).unwrap();
    let run = common::folio(root, &["build"]);
    assert!(run.status.success(), "{}", common::stderr(&run));
    // Warnings are in the summary, on standard output.
    let message = String::from_utf8_lossy(&run.stdout).into_owned();
    for (file, why) in [
        ("content/documents/linked.md", "it is a symbolic link"),
        ("content/documents/.md", "no id before the extension"),
        ("content/documents/upper.MD", "lower case"),
    ] {
        let at = message
            .find(&format!("--> {file}\n"))
            .unwrap_or_else(|| panic!("{file} not named: {message}"));
        let before = &message[..at];
        let warning = &before[before.rfind("warning:").unwrap()..];
        assert!(warning.contains(why), "{file}: {warning}");
        assert!(message[at..].contains("help:"), "{message}");
    }

    std::fs::copy(&original, documents.join("Telegram-1.md")).unwrap();
    std::fs::copy(&original, documents.join("telegram-1.md")).unwrap();
    let run = common::folio(root, &["build"]);
    assert_eq!(run.status.code(), Some(1));
    let message = common::stderr(&run);
    assert!(
        message.contains("the id `telegram-1` differs from the id `Telegram-1`"),
        "{message}"
    );
    assert!(
        message.contains("--> content/documents/telegram-1.md"),
        "{message}"
    );
    assert!(
        message.contains("help: rename one of the two files"),
        "{message}"
    );
}

/// A theme's static file that is a symbolic link out of the edition is not copied, and a
/// warning names it; a link within the edition is followed.
#[cfg(unix)]
#[test]
fn a_static_symlink_out_of_the_edition_is_not_copied() {
    let edition = common::sample_edition();
    let root = edition.path();
    let elsewhere = tempfile::tempdir().unwrap();
    std::fs::write(elsewhere.path().join("secret.txt"), "SECRET\n").unwrap();
    let assets = root.join("themes/default/static");
    std::os::unix::fs::symlink(
        elsewhere.path().join("secret.txt"),
        assets.join("secret.txt"),
    )
    .unwrap();
    std::os::unix::fs::symlink(root.join("site.toml"), assets.join("settings.txt")).unwrap();
    let run = common::folio(root, &["build"]);
    assert!(run.status.success(), "{}", common::stderr(&run));
    // Warnings are in the summary, on standard output.
    let message = String::from_utf8_lossy(&run.stdout).into_owned();
    assert!(
        message.contains("warning: not copied into the site: a symbolic link to"),
        "{message}"
    );
    assert!(
        message.contains("--> themes/default/static/secret.txt"),
        "{message}"
    );
    let public = root.join("public");
    assert!(!public.join("static/secret.txt").exists());
    assert!(public.join("static/settings.txt").exists());
}
