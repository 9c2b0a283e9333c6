//! Printing a document page (headless Chromium, `--print-to-pdf`, read back with pdftotext)
//! gives the text, the notes, the metadata, the citation in the edition's default style and
//! the permanent URL, and no navigation or buttons. Needs `chromium` and `pdftotext`
//! (`.ci/run` installs them); without them the test is skipped with a notice, unless
//! `FOLIO_PRINT_TEST=required` (as in CI), which makes a missing tool a failure.

mod common;

use std::process::Command;

fn normalise(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// True when `program` can be started (it is on the PATH).
fn installed(program: &str) -> bool {
    Command::new(program).arg("--version").output().is_ok()
}

#[test]
fn printed_document_has_citation_and_url_and_no_navigation() {
    let missing: Vec<&str> = ["chromium", "pdftotext"]
        .into_iter()
        .filter(|p| !installed(p))
        .collect();
    if !missing.is_empty() {
        let required = std::env::var("FOLIO_PRINT_TEST").is_ok_and(|v| v == "required");
        assert!(
            !required,
            "FOLIO_PRINT_TEST=required but {missing:?} not installed"
        );
        eprintln!(
            "skipped: the print test needs {} (apt-get install chromium poppler-utils; .ci/run installs them)",
            missing.join(" and ")
        );
        return;
    }
    let edition = common::sample_edition();
    // Build for a throwaway local address first, to learn the port the server gets.
    let public = edition.path().join("public");
    std::fs::create_dir_all(&public).unwrap();
    let port = common::serve_folder(&public);
    let base = format!("http://127.0.0.1:{port}/");
    let run = common::folio(edition.path(), &["build", "--base-url", &base]);
    assert!(run.status.success(), "{}", common::stderr(&run));
    // The build swapped a new folder into place; serve_folder reads by path, so it sees it.
    let id = "1961-09-30-chervonenko-deng-xiaoping";
    let pdf = edition.path().join("page.pdf");
    let profile = tempfile::tempdir().unwrap();
    let status = Command::new("chromium")
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--no-first-run",
            "--no-pdf-header-footer",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .arg(format!("--print-to-pdf={}", pdf.display()))
        .arg(format!("{base}documents/{id}/"))
        .output()
        .expect("chromium is installed (apt-get install chromium)");
    assert!(
        pdf.exists(),
        "no PDF: {}",
        String::from_utf8_lossy(&status.stderr)
    );
    let text = Command::new("pdftotext")
        .arg(&pdf)
        .arg("-")
        .output()
        .expect("pdftotext is installed (apt-get install poppler-utils)");
    let text = normalise(&String::from_utf8_lossy(&text.stdout));

    let citation = default_citation(&public, id);
    assert!(
        text.contains(&normalise(&citation)),
        "citation missing from the PDF:\n{citation}\n---\n{text}"
    );
    assert!(
        text.contains(&format!("{base}documents/{id}/")),
        "permanent URL missing"
    );
    assert!(
        text.contains("Deng Xiaoping thanked [me] for the message"),
        "the text is printed"
    );
    assert!(
        text.contains("AVPRF") && text.contains("TOP SECRET"),
        "the metadata is printed"
    );
    for navigation in [
        "Skip to content",
        "Made with Folio",
        "Related documents",
        "Download:",
        "About this edition",
        "MLA",
        "APA",
    ] {
        assert!(
            !text.contains(navigation),
            "`{navigation}` printed:\n{text}"
        );
    }
    assert_eq!(
        text.matches("Copy").count(),
        text.matches("Copy No.").count(),
        "a copy button was printed"
    );
}

/// The citation the page marks as the edition's default style.
fn default_citation(public: &std::path::Path, id: &str) -> String {
    let html = scraper::Html::parse_document(&common::page(public, &format!("documents/{id}/")));
    let selector = scraper::Selector::parse(".citation__style--default .citation__text").unwrap();
    let element = html
        .select(&selector)
        .next()
        .expect("a default citation on the page");
    element.text().collect::<String>()
}
