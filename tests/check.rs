//! `folio check` on an edition with many kinds of mistake: every one is reported in one run,
//! with its file, line and a hint, in the terminal format and as JSON.

mod common;

use std::path::Path;

fn write(root: &Path, relative: &str, text: &str) {
    let path = root.join(relative);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

/// One expected problem: file, line (column when it matters), words of the message and hint.
struct Expected {
    file: &'static str,
    line: Option<usize>,
    column: Option<usize>,
    severity: &'static str,
    message: &'static str,
    hint: &'static str,
}

const fn expect(
    file: &'static str,
    line: Option<usize>,
    severity: &'static str,
    message: &'static str,
    hint: &'static str,
) -> Expected {
    Expected {
        file,
        line,
        column: None,
        severity,
        message,
        hint,
    }
}

fn broken_edition() -> tempfile::TempDir {
    let edition = common::sample_edition();
    let root = edition.path();
    let docs = "content/documents";
    // 1. YAML syntax.
    write(
        root,
        &format!("{docs}/bad-yaml.md"),
        "---\ntitle: A\ndate: 1961-01-01\nkind: [Diary\n---\nText\n",
    );
    // 2. A field of the wrong type.
    write(
        root,
        &format!("{docs}/bad-type.md"),
        "---\ntitle: B\ndate: 1961-01-02\ntranslators: {name: x}\n---\nText\n",
    );
    // 3. A required field missing.
    write(
        root,
        &format!("{docs}/no-title.md"),
        "---\ndate: 1961-01-03\nkind: Letter\n---\nText\n",
    );
    // 4. An impossible date.
    write(
        root,
        &format!("{docs}/bad-date.md"),
        "---\ntitle: D\ndate: 1961-02-30\n---\nText\n",
    );
    // 5-9. Unknown person in the front matter, missing source file, unknown person and
    // document in the text, a footnote never defined.
    write(
        root,
        &format!("{docs}/refs.md"),
        "---\ntitle: E\ndate: 1961-01-05\nmentioned:\n  - nobody\nsource: missing.txt\n---\n\nMet [Someone](person:xyzzy).\n\nSee [a paper](doc:no-such-doc).\n\nA claim.[^9]\n",
    );
    // 10. No date at all.
    write(
        root,
        &format!("{docs}/undated.md"),
        "---\ntitle: F\nkind: Letter\n---\nText\n",
    );
    // 11. Two files with one id.
    write(
        root,
        &format!("{docs}/dup.md"),
        "---\ntitle: G\ndate: 1961-01-07\n---\nText\n",
    );
    write(
        root,
        &format!("{docs}/dup.markdown"),
        "---\ntitle: G2\ndate: 1961-01-08\n---\nText\n",
    );
    // 12. Undecodable bytes.
    std::fs::write(
        root.join(format!("{docs}/bytes.md")),
        b"---\ntitle: H\ndate: 1961-01-09\n---\nCaf\xC0 text\n",
    )
    .unwrap();
    // 13-14. A person never referenced, and one sharing a name variant with another.
    write(
        root,
        "content/people/lonely.md",
        "---\nname: \"Lonely Person\"\n---\n",
    );
    write(
        root,
        "content/people/twin.md",
        "---\nname: \"Twin\"\nvariants:\n  - \"DENG XIAOPING\"\n---\n",
    );
    // 15. A template that does not compile.
    let template = root.join("themes/default/templates/404.html");
    let mut text = std::fs::read_to_string(&template).unwrap();
    text.push_str("\n{% if %}\n");
    std::fs::write(template, text).unwrap();
    edition
}

fn expectations() -> Vec<Expected> {
    let d = |name: &'static str| -> &'static str {
        Box::leak(format!("content/documents/{name}").into_boxed_str())
    };
    vec![
        expect(
            d("bad-yaml.md"),
            Some(4),
            "error",
            "broken front matter",
            "front matter is YAML",
        ),
        expect(
            d("bad-type.md"),
            Some(4),
            "error",
            "broken front matter",
            "front matter is YAML",
        ),
        expect(
            d("no-title.md"),
            Some(1),
            "error",
            "title",
            "front matter is YAML",
        ),
        expect(
            d("bad-date.md"),
            Some(3),
            "error",
            "bad date: `1961-02-30`",
            "YYYY-MM-DD",
        ),
        Expected {
            column: Some(5),
            ..expect(
                d("refs.md"),
                Some(5),
                "error",
                "unknown person id `nobody` in `mentioned`",
                "content/people/nobody.md",
            )
        },
        expect(
            d("refs.md"),
            Some(6),
            "error",
            "`missing.txt` is not in content/sources/",
            "put the raw transcript",
        ),
        expect(
            d("refs.md"),
            Some(9),
            "error",
            "unknown person id `xyzzy`",
            "content/people/xyzzy.md",
        ),
        expect(
            d("refs.md"),
            Some(11),
            "error",
            "no-such-doc",
            "document ids are the file names",
        ),
        expect(
            d("refs.md"),
            Some(13),
            "error",
            "footnote [^9] is referenced but never defined",
            "[^9]: text of the note",
        ),
        expect(
            d("undated.md"),
            Some(2),
            "error",
            "neither `date` nor `event_date`",
            "YYYY-MM-DD",
        ),
        expect(
            d("dup.md"),
            None,
            "error",
            "the id `dup` is also the id of",
            "rename or remove one",
        ),
        expect(
            d("bytes.md"),
            Some(5),
            "error",
            "not UTF-8 text: undecodable byte 0xC0",
            "save the file as UTF-8",
        ),
        expect(
            "content/people/lonely.md",
            Some(2),
            "warning",
            "`lonely` is never referenced",
            "person:lonely",
        ),
        expect(
            "content/people/twin.md",
            Some(4),
            "warning",
            "the name `DENG XIAOPING` is also a name of `deng-xiaoping`",
            "keep the variant in only one entry",
        ),
        expect("themes/default/templates/404.html", None, "error", "", ""),
    ]
}

#[test]
fn every_kind_of_mistake_is_reported_with_file_line_and_hint() {
    let edition = broken_edition();
    let run = common::folio(edition.path(), &["check", "--format", "json"]);
    assert_eq!(run.status.code(), Some(1), "check fails");
    let report: serde_json::Value = serde_json::from_slice(&run.stdout).expect("JSON on stdout");
    let diagnostics = report["diagnostics"].as_array().unwrap();
    let expected = expectations();
    assert!(expected.len() >= 10);
    for e in &expected {
        let found = diagnostics.iter().find(|d| {
            // The duplicate may be reported on either of the two files.
            let file = d["file"].as_str().unwrap_or_default();
            let same_file =
                file == e.file || (e.file.ends_with("dup.md") && file.ends_with("dup.markdown"));
            same_file
                && d["message"]
                    .as_str()
                    .unwrap_or_default()
                    .contains(e.message)
        });
        let Some(found) = found else {
            panic!("no problem `{}` in {}:\n{report:#}", e.message, e.file);
        };
        assert_eq!(found["severity"], e.severity, "{found:#}");
        if let Some(line) = e.line {
            assert_eq!(found["line"], line, "{found:#}");
        }
        if let Some(column) = e.column {
            assert_eq!(found["column"], column, "{found:#}");
        }
        let hint = found["hint"].as_str().unwrap_or_default();
        assert!(!hint.is_empty(), "every problem has a hint: {found:#}");
        assert!(hint.contains(e.hint), "{found:#}");
        if e.line.is_some() {
            assert!(found["excerpt"].is_string(), "{found:#}");
        }
    }
    assert!(report["errors"].as_u64().unwrap() >= 12, "{report:#}");

    // The terminal format: rustc style, with locations, carets and hints, and a count.
    let run = common::folio(edition.path(), &["check"]);
    assert_eq!(run.status.code(), Some(1));
    let text = common::stderr(&run);
    assert!(text.contains("--> content/documents/refs.md:5:5"), "{text}");
    assert!(text.contains("5 |   - nobody"), "{text}");
    assert!(text.contains("  |     ^"), "{text}");
    assert!(text.contains("= help:"), "{text}");
    assert!(text.contains(" error"), "{text}");

    // GitHub annotations.
    let run = common::folio(edition.path(), &["check", "--format", "github"]);
    let text = String::from_utf8_lossy(&run.stdout);
    assert!(
        text.contains(
            "::error file=content/documents/refs.md,line=5,col=5::unknown person id `nobody`"
        ),
        "{text}"
    );
}

#[test]
fn a_clean_edition_checks_with_json_and_exit_zero() {
    let edition = common::sample_edition();
    let run = common::folio(edition.path(), &["check", "--format", "json"]);
    assert!(run.status.success(), "{}", common::stderr(&run));
    let report: serde_json::Value = serde_json::from_slice(&run.stdout).unwrap();
    assert_eq!(report["errors"], 0, "{report:#}");
    assert!(
        !edition.path().join("public").exists(),
        "check writes nothing"
    );
}

#[test]
fn a_person_linked_only_in_a_document_text_is_referenced_for_build_and_check() {
    // `folio build` keeps only documents' front matter in memory: the people their texts
    // link to must still count as referenced.
    let edition = common::sample_edition();
    let root = edition.path();
    write(
        root,
        "content/people/zed-test.md",
        "---\nname: Zed Test\n---\nA test entry.\n",
    );
    let document = "content/documents/1961-09-30-chervonenko-deng-xiaoping.md";
    let text = std::fs::read_to_string(root.join(document)).unwrap();
    write(
        root,
        document,
        &format!("{text}\nAlso [Zed](person:zed-test).\n"),
    );
    for command in ["build", "check"] {
        let run = common::folio(root, &[command]);
        let output = format!(
            "{}{}",
            common::stderr(&run),
            String::from_utf8_lossy(&run.stdout)
        );
        assert!(run.status.success(), "{output}");
        assert!(!output.contains("never referenced"), "{command}: {output}");
    }
}
