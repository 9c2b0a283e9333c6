//! Hostile input builds nothing wrong: a `javascript:` (or `data:`, `vbscript:`, `file:`)
//! address in any form and any place is an error at the file, line and column it is written,
//! in `folio build` and `folio check`; CSV exports do not carry spreadsheet formulas; NUL
//! never reaches a page.

mod common;

use std::path::Path;

const DOC: &str = "content/documents/1961-09-30-chervonenko-deng-xiaoping.md";
const DOC_PAGE: &str = "documents/1961-09-30-chervonenko-deng-xiaoping/";

/// Appends `payload` after a blank line to the file `relative` of `root`; returns the line
/// the payload starts on.
fn append(root: &Path, relative: &str, payload: &str) -> usize {
    let path = root.join(relative);
    let mut text = std::fs::read_to_string(&path).unwrap();
    if !text.ends_with('\n') {
        text.push('\n');
    }
    let line = text.lines().count() + 2;
    text.push('\n');
    text.push_str(payload);
    text.push('\n');
    std::fs::write(&path, text).unwrap();
    line
}

/// Runs `folio build` and `folio check` on `root`, both of which must fail; the build's
/// error output.
fn refused(root: &Path) -> (String, String) {
    let build = common::folio(root, &["build"]);
    assert_eq!(build.status.code(), Some(1), "{}", common::stderr(&build));
    assert!(!root.join("public").exists(), "nothing is published");
    let check = common::folio(root, &["check"]);
    assert_eq!(check.status.code(), Some(1), "{}", common::stderr(&check));
    (common::stderr(&build), common::stderr(&check))
}

#[test]
fn unsafe_addresses_in_every_form_are_errors_where_they_are_written() {
    // (payload, column of the error on the payload's line, the scheme named)
    let cases = [
        ("See [x](javascript:alert(1)//://).", 5, "javascript"),
        ("See [x](<JaVa\tScript:alert(1)>).", 5, "javascript"),
        ("See [x](JaVa&#9;Script:alert(1)).", 5, "javascript"),
        ("See [x](&#106;avascript:alert(1)).", 5, "javascript"),
        ("See [x](java&#x0A;script:alert(1)).", 5, "javascript"),
        ("See <javascript:alert(1)>.", 5, "javascript"),
        ("See ![i](data:text/html;base64,PHNjcmlwdD4=).", 5, "data"),
        ("[x]: vbscript:msgbox(1)", 1, "vbscript"),
        ("See <a href=\"file:///etc/passwd\">x</a>.", 8, "file"),
        (
            "See <a href='java&#115;cript&colon;alert(1)'>x</a>.",
            8,
            "javascript",
        ),
        ("See <a href=javascript:alert(1)>x</a>.", 8, "javascript"),
    ];
    for (payload, column, scheme) in cases {
        let edition = common::sample_edition();
        let root = edition.path();
        let line = append(root, DOC, payload);
        let (build, check) = refused(root);
        for output in [&build, &check] {
            assert!(
                output.contains(&format!("{DOC}:{line}:{column}")),
                "{payload:?}: {output}"
            );
            assert!(
                output.contains(&format!("`{scheme}:` scheme")),
                "{payload:?}: {output}"
            );
            assert!(output.contains("is not allowed"), "{payload:?}: {output}");
            assert!(
                output.contains("help: Folio publishes only http:, https: and mailto:"),
                "{payload:?}: {output}"
            );
            assert!(output.contains("\n1 error"), "{payload:?}: {output}");
        }
    }
}

#[test]
fn unsafe_addresses_in_every_place_are_errors_there() {
    let edition = common::sample_edition();
    let root = edition.path();
    let person = "content/people/deng-xiaoping.md";
    let page = "content/pages/about.md";
    let in_person = append(root, person, "[x](javascript:alert(1))");
    let in_page = append(
        root,
        page,
        "<img src=\"data:image/png,x\" onerror=\"alert(1)\">",
    );
    let (build, check) = refused(root);
    for output in [&build, &check] {
        assert!(
            output.contains(&format!("{person}:{in_person}:1")),
            "{output}"
        );
        assert!(output.contains(&format!("{page}:{in_page}:6")), "{output}");
        assert!(output.contains("`data:` scheme"), "{output}");
        assert!(
            output.contains(&format!("{page}:{in_page}:29")) && output.contains("onerror"),
            "{output}"
        );
        assert!(output.contains("3 errors"), "one error each: {output}");
    }
}

#[test]
fn an_unsafe_source_url_is_an_error_at_its_value() {
    let edition = common::sample_edition();
    let root = edition.path();
    common::edit(
        root,
        DOC,
        "source_url: \"https://",
        "source_url: \"JaVa\\tScript:alert(1)//https://",
    );
    let (build, check) = refused(root);
    for output in [&build, &check] {
        assert!(output.contains(&format!("{DOC}:35:1")), "{output}");
        assert!(
            output.contains("`source_url` `JaVa\\tScript:alert(1)//https://"),
            "{output}"
        );
        assert!(output.contains("`javascript:` scheme"), "{output}");
        assert!(
            output.contains("help: give the collection's https://"),
            "{output}"
        );
        assert!(output.contains("\n1 error"), "reported once: {output}");
    }
}

#[test]
fn an_unsafe_address_in_a_template_names_the_template() {
    let edition = common::sample_edition();
    let root = edition.path();
    common::edit(
        root,
        "themes/default/templates/document.html",
        "{% block content %}",
        "{% block content %}<a href=\"javascript:alert(1)\">x</a>",
    );
    let (build, _) = refused(root);
    assert!(
        build.contains(&format!("--> public/{DOC_PAGE}index.html")),
        "{build}"
    );
    assert!(build.contains("`javascript:` scheme"), "{build}");
    assert!(build.contains("`templates/document.html`"), "{build}");
}

#[test]
fn safe_addresses_still_build() {
    let edition = common::sample_edition();
    let root = edition.path();
    append(
        root,
        DOC,
        "[a](https://x.org/a?b=c:d) [b](mailto:a@b.org) <https://x.org/> <editor@x.org> [c](/sample/people/) [d](#main) <a href=\"HTTPS://x.org/\">e</a>",
    );
    let run = common::folio(root, &["build"]);
    assert!(run.status.success(), "{}", common::stderr(&run));
    let html = common::page(&root.join("public"), DOC_PAGE);
    assert!(
        html.contains("href=\"mailto:editor@x.org\""),
        "autolink kept"
    );
}

#[test]
fn csv_exports_do_not_carry_formulas_and_json_keeps_the_text() {
    let edition = common::sample_edition();
    let root = edition.path();
    common::edit(
        root,
        DOC,
        "kind: Diary entry",
        "kind: \"=HYPERLINK(\\\"https://evil.example/\\\",\\\"open\\\")\"",
    );
    common::edit(
        root,
        DOC,
        "classification: ",
        "classification: \"@SUM(A1)\" #",
    );
    common::edit(
        root,
        "content/people/deng-xiaoping.md",
        "name: ",
        "name: \"+Deng\" #",
    );
    let run = common::folio(root, &["build"]);
    assert!(run.status.success(), "{}", common::stderr(&run));
    let public = root.join("public");
    let documents = std::fs::read_to_string(public.join("data/documents.csv")).unwrap();
    assert!(
        documents.contains(",\"'=HYPERLINK(\"\"https://evil.example/\"\",\"\"open\"\")\","),
        "{documents}"
    );
    assert!(documents.contains(",\"'@SUM(A1)\","), "{documents}");
    assert!(!documents.contains(",=HYPERLINK"), "{documents}");
    let people = std::fs::read_to_string(public.join("data/people.csv")).unwrap();
    assert!(people.contains(",\"'+Deng\","), "{people}");
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(public.join("data/documents.json")).unwrap())
            .unwrap();
    let kinds: Vec<&str> = json
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|d| d["kind"].as_str())
        .collect();
    assert!(
        kinds.contains(&"=HYPERLINK(\"https://evil.example/\",\"open\")"),
        "JSON keeps the text as written: {kinds:?}"
    );
}

#[test]
fn nul_and_other_forbidden_characters_never_reach_a_page() {
    let edition = common::sample_edition();
    let root = edition.path();
    append(
        root,
        DOC,
        "NUL-HERE-\0-END, bell-\u{7}-END, in code `a\0b`.",
    );
    let run = common::folio(root, &["build"]);
    assert!(run.status.success(), "{}", common::stderr(&run));
    let public = root.join("public");
    // Binary files (the facsimile's images and scan) hold any byte.
    let binary = |file: &str| file.ends_with(".jpg") || file.ends_with(".pdf");
    for file in common::files_under(&public) {
        if binary(&file) {
            continue;
        }
        let bytes = std::fs::read(public.join(&file)).unwrap();
        assert!(!bytes.contains(&0), "NUL in {file}");
        assert!(!bytes.contains(&7), "BEL in {file}");
    }
    let html = common::page(&public, DOC_PAGE);
    assert!(html.contains("NUL-HERE-\u{fffd}-END"), "replaced in place");
    assert!(html.contains("bell-\u{fffd}-END"));
    assert!(html.contains("<code>a\u{fffd}b</code>"));
}
