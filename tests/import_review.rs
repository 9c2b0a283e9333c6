//! The review queue: what `folio import` could not settle is marked `review: true`, and
//! `folio check` and `folio build` list it (`--strict` refuses to build while any remains),
//! so unfinished work is never published silently. Each test imports into a copy of the
//! sample edition and runs the real binary.

mod common;

use std::path::Path;

const UNDATED_FRUS: &str = "\
611.61/5-1459: Telegram
The Secretary of State to the Embassy in the Soviet Union (Thompson)
1734. Please inform Foreign Minister Gromyko that the Department agrees to the exchange of exhibitions proposed in your 2011.
Herter
";

fn import(root: &Path, name: &str, text: &str) -> String {
    let path = root.join(name);
    std::fs::write(&path, text).unwrap();
    let out = common::folio(root, &["import", path.to_str().unwrap()]);
    assert!(out.status.success(), "{}", common::stderr(&out));
    String::from_utf8_lossy(&out.stdout).into_owned() + &common::stderr(&out)
}

#[test]
fn an_undated_page_imports_for_review_and_builds_listed() {
    let dir = common::sample_edition();
    let root = dir.path();
    let report = import(root, "frus-undated.txt", UNDATED_FRUS);
    assert!(report.contains("no date found"), "{report}");
    assert!(
        report.contains("frus-undated.txt:1"),
        "the warning names the line: {report}"
    );
    let document = root.join("content/documents");
    let written: Vec<String> = std::fs::read_dir(&document)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with("undated-"))
        .collect();
    assert_eq!(written.len(), 1, "an undated id: {written:?}");
    let text = std::fs::read_to_string(document.join(&written[0])).unwrap();
    assert!(text.contains("\nreview: true\n"), "{text}");
    assert!(!text.contains("\ndate:"), "{text}");

    // `check` lists the document and the people created for review, and passes.
    let check = common::folio(root, &["check"]);
    let message = common::stderr(&check) + &String::from_utf8_lossy(&check.stdout);
    assert!(check.status.success(), "{message}");
    assert!(message.contains("still to review (undated"), "{message}");
    assert!(message.contains("the person `"), "{message}");

    // `build` publishes it with the same warnings; `--strict` refuses and writes nothing.
    let strict = common::folio(root, &["build", "--strict", "--output", "strict-public"]);
    assert!(!strict.status.success(), "{}", common::stderr(&strict));
    assert!(common::stderr(&strict).contains("still to review"));
    assert!(!root.join("strict-public").exists());
    let build = common::folio(root, &["build", "--output", "reviewed-public"]);
    assert!(build.status.success(), "{}", common::stderr(&build));
    let id = written[0].trim_end_matches(".md");
    assert!(
        root.join("reviewed-public/documents")
            .join(id)
            .join("index.html")
            .exists()
    );
}

#[test]
fn clearing_review_without_a_date_is_an_error_again() {
    let dir = common::sample_edition();
    let root = dir.path();
    import(root, "frus-undated.txt", UNDATED_FRUS);
    let document = std::fs::read_dir(root.join("content/documents"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| {
            p.file_name()
                .unwrap()
                .to_string_lossy()
                .starts_with("undated-")
        })
        .unwrap();
    let text = std::fs::read_to_string(&document).unwrap();
    std::fs::write(&document, text.replace("review: true\n", "")).unwrap();
    let check = common::folio(root, &["check"]);
    assert!(!check.status.success());
    assert!(common::stderr(&check).contains("neither `date` nor `event_date`"));
}

#[test]
fn furniture_in_a_title_is_reported() {
    let dir = common::sample_edition();
    let root = dir.path();
    let document = std::fs::read_dir(root.join("content/documents"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .next()
        .unwrap();
    let text = std::fs::read_to_string(&document).unwrap();
    let edited = text.replacen("title: \"", "title: \"Skip to content ", 1);
    std::fs::write(&document, edited).unwrap();
    let check = common::folio(root, &["check"]);
    let message = common::stderr(&check) + &String::from_utf8_lossy(&check.stdout);
    assert!(message.contains("web-page furniture"), "{message}");
}
