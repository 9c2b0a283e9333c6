//! `folio init DIR` makes an edition that builds and checks clean as it is; `folio new`
//! adds files with every field, and never overwrites.

mod common;

#[test]
fn a_new_edition_builds_as_it_is() {
    let dir = tempfile::tempdir().unwrap();
    let edition = dir.path().join("my-edition");
    let run = common::folio(dir.path(), &["init", edition.to_str().unwrap()]);
    assert!(run.status.success(), "{}", common::stderr(&run));
    for file in [
        "site.toml",
        "README.md",
        "content/documents/example-document.md",
        "content/people/jane-example.md",
        "themes/default/templates/base.html",
        "themes/default/static/style.css",
    ] {
        assert!(edition.join(file).is_file(), "{file}");
    }
    let site = std::fs::read_to_string(edition.join("site.toml")).unwrap();
    assert!(site.contains("# "), "site.toml is commented");
    let check = common::folio(&edition, &["check"]);
    assert!(check.status.success(), "{}", common::stderr(&check));
    assert!(
        !common::stderr(&check).contains("warning"),
        "{}",
        common::stderr(&check)
    );
    let build = common::folio(&edition, &["build"]);
    assert!(build.status.success(), "{}", common::stderr(&build));
    let page = common::page(&edition.join("public"), "documents/example-document");
    assert!(page.contains("Jane Example"));
    assert!(
        !page.contains("__folio"),
        "no live reload script in built pages"
    );

    // A non-empty folder is refused.
    let again = common::folio(dir.path(), &["init", edition.to_str().unwrap()]);
    assert!(!again.status.success());
    assert!(common::stderr(&again).contains("not empty"));
}

#[test]
fn new_files_have_every_field_and_are_never_overwritten() {
    let edition = common::sample_edition();
    let root = edition.path();
    let run = common::folio(root, &["new", "person", "li-fuchun"]);
    assert!(run.status.success(), "{}", common::stderr(&run));
    let text = std::fs::read_to_string(root.join("content/people/li-fuchun.md")).unwrap();
    for field in [
        "name:",
        "sort_name:",
        "variants:",
        "roles:",
        "dates:",
        "review:",
    ] {
        assert!(text.contains(field), "{field}");
    }
    let run = common::folio(root, &["new", "document", "1960-01-01-new"]);
    assert!(run.status.success(), "{}", common::stderr(&run));
    let path = root.join("content/documents/1960-01-01-new.md");
    let text = std::fs::read_to_string(&path).unwrap();
    for field in [
        "title:",
        "date:",
        "event_date:",
        "kind:",
        "author:",
        "participants:",
        "mentioned:",
        "archive:",
        "archive_location:",
        "collection:",
        "archive_citation:",
        "translators:",
        "obtained_by:",
        "original_language:",
        "contents:",
        "classification:",
        "copy_number:",
        "source_url:",
        "summary:",
        "source:",
    ] {
        assert!(text.contains(&format!("\n{field}")), "{field}");
    }
    // The fresh document parses; the only error is the date still to fill in.
    let check = common::folio(root, &["check"]);
    let message = common::stderr(&check);
    assert!(
        message.contains("neither `date` nor `event_date`"),
        "{message}"
    );
    assert!(message.contains("1 error(s)"), "{message}");
    std::fs::write(&path, text.replacen("date:   ", "date: 1960-01-01", 1)).unwrap();
    let check = common::folio(root, &["check"]);
    assert!(check.status.success(), "{}", common::stderr(&check));

    let twice = common::folio(root, &["new", "document", "1960-01-01-new"]);
    assert!(!twice.status.success());
    assert!(common::stderr(&twice).contains("never overwrites"));
    let bad = common::folio(root, &["new", "person", "../x"]);
    assert!(!bad.status.success());
}
