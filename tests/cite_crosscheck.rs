//! Cross-checks with independent implementations: the sample edition's CSL-JSON fed to
//! citeproc-js (Zotero's engine) with the same official styles must give the citations the
//! pages show, the BibTeX and RIS downloads must parse with bibtexparser and rispy, and the
//! BibTeX must pass biber's data-model validation (`biber --tool --validate-datamodel`)
//! without a warning.
//!
//! `FOLIO_CITE_EDITION=DIR` checks the edition in DIR instead of the sample.
//!
//! The test writes the downloads and the expected citations to a fixture folder, then runs
//! `node tests/cite-js/crosscheck.js DIR` and `python3 tests/cite-js/check_bib_ris.py DIR`.
//! Those need `npm ci` in `tests/cite-js/`, `pip install bibtexparser rispy` and biber
//! (Debian's `biber`); without
//! them the checks are skipped with a notice, unless `FOLIO_CITE_CROSSCHECK=required` (as
//! in CI), which makes a missing tool a failure.

use std::path::{Path, PathBuf};
use std::process::Command;

use folio::cite::{document_citations, edition_bibliography};
use folio::content::Edition;
use serde_json::json;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn required() -> bool {
    std::env::var("FOLIO_CITE_CROSSCHECK").is_ok_and(|v| v == "required")
}

/// The edition to check: the sample, or the one `FOLIO_CITE_EDITION` names (a generated
/// edition, say: `FOLIO_CITE_EDITION=/tmp/edition-1000 cargo test --test cite_crosscheck`).
fn edition_root() -> PathBuf {
    std::env::var_os("FOLIO_CITE_EDITION").map_or_else(|| root().to_path_buf(), PathBuf::from)
}

/// Writes `items.json`, `expected.json`, and every per-document and edition-wide download.
fn write_fixtures(dir: &Path) {
    let edition = Edition::load(&edition_root())
        .expect("the edition loads")
        .edition;
    let _ = std::fs::remove_dir_all(dir);
    std::fs::create_dir_all(dir).unwrap();
    let bibliography = edition_bibliography(&edition);
    std::fs::write(dir.join("items.json"), &bibliography.csl_json).unwrap();
    std::fs::write(dir.join("edition.bib"), &bibliography.bibtex).unwrap();
    std::fs::write(dir.join("edition.ris"), &bibliography.ris).unwrap();
    let mut expected = serde_json::Map::new();
    for document in &edition.documents {
        let citations = document_citations(&edition, document);
        let doc_dir = dir.join(&document.id);
        std::fs::create_dir_all(&doc_dir).unwrap();
        std::fs::write(doc_dir.join("cite.bib"), &citations.bibtex).unwrap();
        std::fs::write(doc_dir.join("cite.ris"), &citations.ris).unwrap();
        std::fs::write(doc_dir.join("cite.json"), &citations.csl_json).unwrap();
        let both = |c: &folio::cite::Citation| json!({ "text": c.text, "html": c.html });
        let meta = &document.meta;
        let library = [meta.archive.as_str(), meta.archive_location.as_str()]
            .into_iter()
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()
            .join(", ");
        expected.insert(
            document.id.clone(),
            json!({
                "chicago_note": both(&citations.chicago_note),
                "chicago_bibliography": both(&citations.chicago_bibliography),
                "mla": both(&citations.mla),
                "apa": both(&citations.apa),
                "title": meta.title,
                "bibtex_title": meta.title,
                "url": citations.url,
                "archive": meta.archive,
                "archive_location": meta.archive_location,
                "bibtex_type": if meta.author.is_some() { "unpublished" } else { "misc" },
                "bibtex_library": library,
            }),
        );
    }
    let text = serde_json::to_string_pretty(&serde_json::Value::Object(expected)).unwrap();
    std::fs::write(dir.join("expected.json"), text).unwrap();
}

fn fixture_dir(name: &str) -> PathBuf {
    match std::env::var_os("FOLIO_CITE_FIXTURES") {
        Some(dir) => PathBuf::from(dir).join(name),
        None => PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(name),
    }
}

/// Runs `program args` in `tests/cite-js/`; `None` when the program is not installed.
fn run(program: &str, args: &[&str]) -> Option<std::process::Output> {
    Command::new(program)
        .args(args)
        .current_dir(root().join("tests/cite-js"))
        .output()
        .ok()
}

fn skip(reason: &str) {
    assert!(!required(), "FOLIO_CITE_CROSSCHECK=required but {reason}");
    eprintln!("skipped: {reason}");
}

#[test]
fn citeproc_js_formats_the_csl_json_as_the_pages_show_it() {
    let dir = fixture_dir("citeproc");
    write_fixtures(&dir);
    if !root().join("tests/cite-js/node_modules/citeproc").exists() {
        return skip("citeproc-js is not installed (run `npm ci` in tests/cite-js)");
    }
    let Some(output) = run("node", &["crosscheck.js", dir.to_str().unwrap()]) else {
        return skip("node is not installed");
    };
    let stdout = String::from_utf8_lossy(&output.stdout);
    println!("{stdout}{}", String::from_utf8_lossy(&output.stderr));
    assert!(output.status.success(), "citeproc-js disagrees:\n{stdout}");
    if std::env::var_os("FOLIO_CITE_EDITION").is_none() {
        assert!(stdout.contains("16 passed, 0 failed"), "{stdout}");
    }
}

#[test]
fn bibtex_and_ris_parse_with_independent_parsers() {
    let dir = fixture_dir("bibris");
    write_fixtures(&dir);
    let probe = run("python3", &["-c", "import bibtexparser, rispy"]);
    match probe {
        None => return skip("python3 is not installed"),
        Some(output) if !output.status.success() => {
            return skip("bibtexparser or rispy is missing (pip install bibtexparser rispy)");
        }
        Some(_) => {}
    }
    let output = run("python3", &["check_bib_ris.py", dir.to_str().unwrap()]).unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    println!("{stdout}{}", String::from_utf8_lossy(&output.stderr));
    assert!(output.status.success(), "the parsers disagree:\n{stdout}");
}

/// Runs `biber --tool --validate-datamodel` on every `.bib` file under `dir`; the
/// complaints (lines with `WARN` or `ERROR`), or `None` when biber is not installed.
fn biber_complaints(dir: &Path) -> Option<Vec<String>> {
    Command::new("biber").arg("--version").output().ok()?;
    let mut complaints = Vec::new();
    let mut files: Vec<PathBuf> = walk(dir)
        .into_iter()
        .filter(|p| p.extension().is_some_and(|e| e == "bib") && !p.ends_with("biber-out.bib"))
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no .bib file under {}", dir.display());
    for file in files {
        let output = Command::new("biber")
            .args(["--tool", "--validate-datamodel", "--nolog", "--output-file"])
            .arg(dir.join("biber-out.bib"))
            .arg(&file)
            .output()
            .expect("biber runs");
        let text = format!(
            "{}{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        );
        complaints.extend(
            text.lines()
                .filter(|l| l.contains("WARN") || l.contains("ERROR"))
                .map(|l| format!("{}: {l}", file.display())),
        );
        if !output.status.success() {
            complaints.push(format!("{}: biber failed: {text}", file.display()));
        }
    }
    Some(complaints)
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        let path = entry.path();
        if path.is_dir() {
            out.extend(walk(&path));
        } else {
            out.push(path);
        }
    }
    out
}

#[test]
fn bibtex_passes_biber_data_model_validation() {
    let dir = fixture_dir("biber");
    write_fixtures(&dir);
    let Some(complaints) = biber_complaints(&dir) else {
        return skip("biber is not installed (apt-get install biber)");
    };
    assert!(complaints.is_empty(), "biber:\n{}", complaints.join("\n"));
}
