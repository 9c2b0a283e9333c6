//! TEI P5 export: every document's `tei.xml` and the edition's `teiCorpus` (the person
//! authority and every document's header) validate
//! against the `tei_all` RelaxNG schema with jing, and the apparatus comes out as the TEI
//! elements for it (insertions as `supplied`, glosses as `foreign`, omissions as `gap`,
//! footnotes as `note`, the header and signature blocks as `opener` and `closer`, people as
//! `persName` pointing into the corpus's `listPerson` and to their authority records).
//!
//! Validation needs jing (Debian's `jing`) and the schema (`../shared/schemas/tei_all.rng`
//! beside the repository, or the file named by `FOLIO_TEI_SCHEMA`); without them that part
//! prints `skipped:` and passes, unless `FOLIO_TEI_CHECK=required` (as in CI).

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

const DOC: &str = "documents/1961-09-30-chervonenko-deng-xiaoping/";

fn schema() -> Option<PathBuf> {
    let named = std::env::var_os("FOLIO_TEI_SCHEMA").map(PathBuf::from);
    let beside = common::repository().join("../shared/schemas/tei_all.rng");
    named.into_iter().chain([beside]).find(|p| p.is_file())
}

fn required() -> bool {
    std::env::var("FOLIO_TEI_CHECK").is_ok_and(|v| v == "required")
}

/// Runs jing on `files`; `None` when jing or the schema is missing (and not required).
fn jing(files: &[PathBuf]) -> Option<String> {
    let Some(schema) = schema() else {
        assert!(
            !required(),
            "FOLIO_TEI_CHECK=required but no tei_all.rng: set FOLIO_TEI_SCHEMA"
        );
        eprintln!("skipped: TEI validation (no tei_all.rng; set FOLIO_TEI_SCHEMA)");
        return None;
    };
    let mut command = Command::new("jing");
    command.arg(&schema).args(files);
    match command.output() {
        Ok(output) => Some(format!(
            "{}{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        ))
        .filter(|_| !output.status.success())
        .or(Some(String::new())),
        Err(e) => {
            assert!(
                !required(),
                "FOLIO_TEI_CHECK=required but jing did not run: {e}"
            );
            eprintln!("skipped: TEI validation (jing: {e}; apt-get install jing)");
            None
        }
    }
}

fn tei_files(public: &Path) -> Vec<PathBuf> {
    common::files_under(public)
        .into_iter()
        .filter(|p| p.ends_with("tei.xml"))
        .map(|p| public.join(p))
        .collect()
}

#[test]
fn every_tei_file_of_the_sample_and_a_generated_edition_validates() {
    let edition = common::sample_edition();
    common::add_telegrams(edition.path(), 60);
    let output = common::folio(edition.path(), &["build"]);
    assert!(output.status.success(), "{}", common::stderr(&output));
    let public = edition.path().join("public");
    let files = tei_files(&public);
    assert_eq!(files.len(), 62 + 1, "a file per document and the corpus");
    if let Some(problems) = jing(&files) {
        assert!(problems.is_empty(), "jing:\n{problems}");
    }
}

#[test]
fn the_apparatus_comes_out_as_tei_elements() {
    let edition = common::sample_edition();
    let root = edition.path();
    common::edit(
        root,
        "content/people/deng-xiaoping.md",
        "---\n",
        "---\nauthority:\n  wikidata: Q16977\n",
    );
    common::edit(
        root,
        "content/documents/1961-09-30-chervonenko-deng-xiaoping.md",
        "ended....",
        "ended....[^ended]",
    );
    let path = root.join("content/documents/1961-09-30-chervonenko-deng-xiaoping.md");
    let mut text = std::fs::read_to_string(&path).unwrap();
    text.push_str("\n::: note\nThe diary's next entry is dated 2 October.\n:::\n");
    text.push_str("\n[^ended]: The Russian text breaks off here; *see* the original.\n");
    std::fs::write(&path, text).unwrap();
    let output = common::folio(root, &["build"]);
    assert!(output.status.success(), "{}", common::stderr(&output));
    let public = root.join("public");
    let tei = std::fs::read_to_string(public.join(DOC).join("tei.xml")).unwrap();
    let corpus = std::fs::read_to_string(public.join("data/edition.tei.xml")).unwrap();

    for (what, expected) in [
        ("the header block", "<opener>"),
        ("the signature", "<closer><signed>"),
        ("an editorial insertion", "<supplied reason=\"editorial\">"),
        ("an omission", "<gap reason=\"omitted\"/>"),
        (
            "a gloss in the original language",
            "<foreign xml:lang=\"ru-Latn\">",
        ),
        (
            "a footnote at its reference",
            "<note place=\"foot\" n=\"1\">",
        ),
        ("the archive", "<repository>"),
        ("the translators", "<resp>Translation</resp>"),
        ("the date written", "<creation><date when=\"1961-10-12\">"),
        ("the event's date", "<setting><date when=\"1961-09-30\">"),
        ("the participants", "<listPerson type=\"participants\">"),
        ("the attendance block", "<ab type=\"attendance\">"),
        (
            "a page marker, pointing to its page image",
            "<pb n=\"176\" facs=\"#page-2\"/>",
        ),
        (
            "the facsimile's pages",
            "<surface n=\"1\" xml:id=\"page-1\">\n<label>l. 175</label>\n<graphic url=\"https://folio-editions.github.io/sample/documents/1961-09-30-chervonenko-deng-xiaoping/iiif/1/full/max/0/default.jpg\"",
        ),
        (
            "an original-language passage, before its translation",
            "<quote type=\"original\" xml:lang=\"ru\">\n<p>В связи с указаниями",
        ),
        (
            "an editor's note block",
            "<note type=\"editorial\">\n<p>The diary&apos;s next entry is dated 2 October.</p>\n</note>",
        ),
    ] {
        assert!(tei.contains(expected), "{what}: no {expected} in\n{tei}");
    }
    let deng_ref =
        "data/edition.tei.xml#person-deng-xiaoping https://www.wikidata.org/wiki/Q16977\"";
    assert!(
        tei.contains(&format!(
            "<persName ref=\"https://folio-editions.github.io/sample/{deng_ref}"
        )),
        "a person points into the corpus's listPerson and to their authority record"
    );
    assert!(
        tei.contains("<note place=\"foot\" n=\"1\"><p>The Russian text breaks off here; <hi rend=\"italic\">see</hi> the original.</p></note>"),
        "the note's text, without the page's back-link"
    );
    assert!(corpus.starts_with("<?xml"));
    assert!(corpus.contains("<teiCorpus xmlns=\"http://www.tei-c.org/ns/1.0\""));
    assert!(corpus.contains("<person xml:id=\"person-deng-xiaoping\">"));
    assert!(corpus.contains("<idno type=\"wikidata\">Q16977</idno>"));
    assert_eq!(
        corpus.matches("<TEI ").count(),
        2,
        "both documents in the corpus"
    );

    // Linked from the document page and listed on /data/.
    let page = common::page(&public, DOC);
    assert!(
        common::attrs(&page, "a", "href")
            .iter()
            .any(|h| h.ends_with("tei.xml")),
        "the document page links its TEI"
    );
    let data = common::page(&public, "data/");
    assert!(
        common::attrs(&data, "a", "href")
            .iter()
            .any(|h| h.ends_with("data/edition.tei.xml")),
        "the data page lists the corpus"
    );
    if let Some(problems) = jing(&[
        public.join(DOC).join("tei.xml"),
        public.join("data/edition.tei.xml"),
    ]) {
        assert!(problems.is_empty(), "jing:\n{problems}");
    }
}

/// A rebuild keeps a TEI file when nothing it is made from changed (it is then not made
/// again at all: `benches/build_editions.sh` shows the time saved), and makes it again when
/// a person it names changes.
#[test]
fn a_rebuild_makes_a_tei_file_again_only_when_what_it_is_made_from_changed() {
    let edition = common::sample_edition();
    let root = edition.path();
    let tei_path = root.join("public").join(DOC).join("tei.xml");
    let modified = || std::fs::metadata(&tei_path).unwrap().modified().unwrap();
    let output = common::folio(root, &["build"]);
    assert!(output.status.success(), "{}", common::stderr(&output));
    let first = modified();
    let site_toml = root.join("site.toml");
    let settings = std::fs::read_to_string(&site_toml).unwrap();
    std::fs::write(&site_toml, &settings).unwrap();
    let output = common::folio(root, &["build"]);
    assert!(output.status.success(), "{}", common::stderr(&output));
    assert_eq!(modified(), first, "the TEI file was written again");

    common::edit(
        root,
        "content/people/deng-xiaoping.md",
        "---\n",
        "---\nauthority:\n  wikidata: Q16977\n",
    );
    let output = common::folio(root, &["build"]);
    assert!(output.status.success(), "{}", common::stderr(&output));
    let tei = std::fs::read_to_string(&tei_path).unwrap();
    assert!(
        tei.contains("https://www.wikidata.org/wiki/Q16977"),
        "the person's new authority id is not in the TEI:\n{tei}"
    );
}
