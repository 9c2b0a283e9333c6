//! The citations of the two seed documents, exact text in every style and format, and the
//! safety of the embedded metadata against hostile values.

use std::path::{Path, PathBuf};

use folio::cite::{
    BibliographyBuilder, Style, cite_command, coins, document_citations, edition_bibliography,
    head_metadata_html, json_ld,
};
use folio::config::SiteConfig;
use folio::content::{Document, DocumentMeta, Edition, Person, PersonMeta};

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn sample() -> Edition {
    Edition::load(root())
        .expect("the sample edition loads")
        .edition
}

struct Expected {
    id: &'static str,
    chicago_note: &'static str,
    chicago_bibliography: &'static str,
    mla: &'static str,
    apa: &'static str,
    mla_html: &'static str,
}

const MEMORANDUM_1959: Expected = Expected {
    id: "1959-11-06-chervonenko-deng-xiaoping",
    chicago_note: "Stepan Chervonenko, “Memorandum of Conversation with the General Secretary of the CCP CC, Deng Xiaoping,” memorandum of conversation, in Sino-Soviet Conversations, 1959-1961, ed. The Folio editors, trans. Benjamin Aldrich-Moodie, Folio sample edition, December 8, 1959, f. 5, op. 49, d. 235, ll. 107-110, History and Public Policy Program Digital Archive, RGANI (formerly Center for Preservation of Contemporary Documentation [TsKhSD]), https://folio-editions.github.io/sample/documents/1959-11-06-chervonenko-deng-xiaoping/.",
    chicago_bibliography: "Chervonenko, Stepan. “Memorandum of Conversation with the General Secretary of the CCP CC, Deng Xiaoping.” Memorandum of conversation. In Sino-Soviet Conversations, 1959-1961, edited by The Folio editors, translated by Benjamin Aldrich-Moodie. Folio sample edition, December 8, 1959. F. 5, op. 49, d. 235, ll. 107-110. History and Public Policy Program Digital Archive. RGANI (formerly Center for Preservation of Contemporary Documentation [TsKhSD]). https://folio-editions.github.io/sample/documents/1959-11-06-chervonenko-deng-xiaoping/.",
    mla: "Chervonenko, Stepan. “Memorandum of Conversation with the General Secretary of the CCP CC, Deng Xiaoping.” Memorandum of conversation. Sino-Soviet Conversations, 1959-1961, edited by The Folio editors, translated by Benjamin Aldrich-Moodie, Folio sample edition, 8 Dec. 1959, RGANI (formerly Center for Preservation of Contemporary Documentation [TsKhSD]), History and Public Policy Program Digital Archive, f. 5, op. 49, d. 235, ll. 107-110, https://folio-editions.github.io/sample/documents/1959-11-06-chervonenko-deng-xiaoping/.",
    apa: "Chervonenko, S. (1959). Memorandum of Conversation with the General Secretary of the CCP CC, Deng Xiaoping (B. Aldrich-Moodie, Trans.) [Memorandum of conversation]. In The Folio editors (Ed.), Sino-Soviet Conversations, 1959-1961. Folio sample edition. History and Public Policy Program Digital Archive (f. 5, op. 49, d. 235, ll. 107-110), RGANI (formerly Center for Preservation of Contemporary Documentation [TsKhSD]). https://folio-editions.github.io/sample/documents/1959-11-06-chervonenko-deng-xiaoping/",
    mla_html: "Chervonenko, Stepan. “Memorandum of Conversation with the General Secretary of the CCP CC, Deng Xiaoping.” Memorandum of conversation. <i>Sino-Soviet Conversations, 1959-1961</i>, edited by The Folio editors, translated by Benjamin Aldrich-Moodie, Folio sample edition, 8 Dec. 1959, RGANI (formerly Center for Preservation of Contemporary Documentation [TsKhSD]), History and Public Policy Program Digital Archive, f. 5, op. 49, d. 235, ll. 107-110, https://folio-editions.github.io/sample/documents/1959-11-06-chervonenko-deng-xiaoping/.",
};

const DIARY_1961: Expected = Expected {
    id: "1961-09-30-chervonenko-deng-xiaoping",
    chicago_note: "Stepan Chervonenko, “From the Diary of S. V. Chervonenko, Transcript of Conversation with General Secretary of the CC CCP, Deng Xiaoping, 30 September 1961,” diary entry, in Sino-Soviet Conversations, 1959-1961, ed. The Folio editors, trans. Benjamin Aldrich-Moodie, Folio sample edition, October 12, 1961, f. 0100, op. 53, p. 8, d. 454, ll. 175-8, Wilson Center Digital Archive, AVPRF, https://folio-editions.github.io/sample/documents/1961-09-30-chervonenko-deng-xiaoping/.",
    chicago_bibliography: "Chervonenko, Stepan. “From the Diary of S. V. Chervonenko, Transcript of Conversation with General Secretary of the CC CCP, Deng Xiaoping, 30 September 1961.” Diary entry. In Sino-Soviet Conversations, 1959-1961, edited by The Folio editors, translated by Benjamin Aldrich-Moodie. Folio sample edition, October 12, 1961. F. 0100, op. 53, p. 8, d. 454, ll. 175-8. Wilson Center Digital Archive. AVPRF. https://folio-editions.github.io/sample/documents/1961-09-30-chervonenko-deng-xiaoping/.",
    mla: "Chervonenko, Stepan. “From the Diary of S. V. Chervonenko, Transcript of Conversation with General Secretary of the CC CCP, Deng Xiaoping, 30 September 1961.” Diary entry. Sino-Soviet Conversations, 1959-1961, edited by The Folio editors, translated by Benjamin Aldrich-Moodie, Folio sample edition, 12 Oct. 1961, AVPRF, Wilson Center Digital Archive, f. 0100, op. 53, p. 8, d. 454, ll. 175-8, https://folio-editions.github.io/sample/documents/1961-09-30-chervonenko-deng-xiaoping/.",
    apa: "Chervonenko, S. (1961). From the Diary of S. V. Chervonenko, Transcript of Conversation with General Secretary of the CC CCP, Deng Xiaoping, 30 September 1961 (B. Aldrich-Moodie, Trans.) [Diary entry]. In The Folio editors (Ed.), Sino-Soviet Conversations, 1959-1961. Folio sample edition. Wilson Center Digital Archive (f. 0100, op. 53, p. 8, d. 454, ll. 175-8), AVPRF. https://folio-editions.github.io/sample/documents/1961-09-30-chervonenko-deng-xiaoping/",
    mla_html: "Chervonenko, Stepan. “From the Diary of S. V. Chervonenko, Transcript of Conversation with General Secretary of the CC CCP, Deng Xiaoping, 30 September 1961.” Diary entry. <i>Sino-Soviet Conversations, 1959-1961</i>, edited by The Folio editors, translated by Benjamin Aldrich-Moodie, Folio sample edition, 12 Oct. 1961, AVPRF, Wilson Center Digital Archive, f. 0100, op. 53, p. 8, d. 454, ll. 175-8, https://folio-editions.github.io/sample/documents/1961-09-30-chervonenko-deng-xiaoping/.",
};

fn check(expected: &Expected) {
    let edition = sample();
    let document = edition.document(expected.id).expect("seed document");
    let citations = document_citations(&edition, document);
    assert_eq!(citations.chicago_note.text, expected.chicago_note);
    assert_eq!(
        citations.chicago_bibliography.text,
        expected.chicago_bibliography
    );
    assert_eq!(citations.mla.text, expected.mla);
    assert_eq!(citations.apa.text, expected.apa);
    assert_eq!(citations.mla.html, expected.mla_html);
    // The HTML differs from the text only by the italic container title.
    for (citation, text) in [
        (&citations.chicago_note, expected.chicago_note),
        (
            &citations.chicago_bibliography,
            expected.chicago_bibliography,
        ),
        (&citations.apa, expected.apa),
    ] {
        assert_eq!(citation.html.replace("<i>", "").replace("</i>", ""), text);
        assert!(
            citation
                .html
                .contains("<i>Sino-Soviet Conversations, 1959-1961</i>"),
            "{}",
            citation.html
        );
    }
    assert_eq!(
        citations.url,
        format!(
            "https://folio-editions.github.io/sample/documents/{}/",
            expected.id
        )
    );
    assert_eq!(citations.default_style, Style::Chicago);
    assert_eq!(citations.default_citation().text, expected.chicago_note);
}

#[test]
fn memorandum_1959_in_every_style() {
    check(&MEMORANDUM_1959);
}

#[test]
fn diary_1961_in_every_style() {
    check(&DIARY_1961);
}

#[test]
fn exports_of_the_1961_diary_entry() {
    let edition = sample();
    let document = edition.document(DIARY_1961.id).unwrap();
    let citations = document_citations(&edition, document);
    assert_eq!(
        citations.bibtex,
        "@unpublished{1961-09-30-chervonenko-deng-xiaoping,
  author = {Chervonenko, Stepan},
  title = {{From the Diary of S. V. Chervonenko, Transcript of Conversation with General Secretary of the CC CCP, Deng Xiaoping, 30 September 1961}},
  type = {Diary entry},
  date = {1961-10-12},
  year = {1961},
  howpublished = {Sino-Soviet Conversations, 1959-1961, edited by The Folio editors, Folio sample edition},
  note = {Translated by Benjamin Aldrich-Moodie},
  addendum = {AVPRF, f. 0100, op. 53, p. 8, d. 454, ll. 175-8; Wilson Center Digital Archive},
  library = {AVPRF, f. 0100, op. 53, p. 8, d. 454, ll. 175-8},
  url = {https://folio-editions.github.io/sample/documents/1961-09-30-chervonenko-deng-xiaoping/},
  langid = {english},
}
"
    );
    assert_eq!(
        citations.ris.replace("\r\n", "\n"),
        "TY  - MANSCPT
ID  - 1961-09-30-chervonenko-deng-xiaoping
AU  - Chervonenko, Stepan
TI  - From the Diary of S. V. Chervonenko, Transcript of Conversation with General Secretary of the CC CCP, Deng Xiaoping, 30 September 1961
M3  - Diary entry
PY  - 1961
DA  - 1961/10/12/
A4  - Aldrich-Moodie, Benjamin
DB  - AVPRF
AN  - f. 0100, op. 53, p. 8, d. 454, ll. 175-8
DP  - Wilson Center Digital Archive
T2  - Sino-Soviet Conversations, 1959-1961
A2  - The Folio editors
PB  - Folio sample edition
UR  - https://folio-editions.github.io/sample/documents/1961-09-30-chervonenko-deng-xiaoping/
LA  - en
N1  - Translated from the Russian.
ER  - 
"
    );
    assert!(citations.ris.ends_with("ER  - \r\n"));
    let json: serde_json::Value = serde_json::from_str(&citations.csl_json).unwrap();
    assert_eq!(
        json,
        serde_json::json!([{
            "id": "1961-09-30-chervonenko-deng-xiaoping",
            "type": "manuscript",
            "title": "From the Diary of S. V. Chervonenko, Transcript of Conversation with General Secretary of the CC CCP, Deng Xiaoping, 30 September 1961",
            "author": [{"family": "Chervonenko", "given": "Stepan"}],
            "translator": [{"family": "Aldrich-Moodie", "given": "Benjamin"}],
            "issued": {"date-parts": [[1961, 10, 12]]},
            "genre": "diary entry",
            "archive": "AVPRF",
            "archive_location": "f. 0100, op. 53, p. 8, d. 454, ll. 175-8",
            "archive_collection": "Wilson Center Digital Archive",
            "container-title": "Sino-Soviet Conversations, 1959-1961",
            "publisher": "Folio sample edition",
            "URL": "https://folio-editions.github.io/sample/documents/1961-09-30-chervonenko-deng-xiaoping/",
            "language": "en",
            // Not `editor`: Zotero would save the editors as authors of the manuscript.
            "note": "editor: The Folio editors"
        }])
    );
}

#[test]
fn page_metadata_of_the_1959_memorandum() {
    let edition = sample();
    let document = edition.document(MEMORANDUM_1959.id).unwrap();
    let head = head_metadata_html(&edition, document);
    for line in [
        "<meta name=\"citation_title\" content=\"Memorandum of Conversation with the General Secretary of the CCP CC, Deng Xiaoping\">",
        "<meta name=\"citation_publication_date\" content=\"1959/12/08\">",
        "<meta name=\"citation_date\" content=\"1959-12-08\">",
        "<meta name=\"citation_language\" content=\"en\">",
        "<meta name=\"citation_publisher\" content=\"Folio sample edition\">",
        "<meta name=\"citation_public_url\" content=\"https://folio-editions.github.io/sample/documents/1959-11-06-chervonenko-deng-xiaoping/\">",
        "<meta name=\"DC.type\" content=\"manuscript\">",
        "<meta name=\"DC.creator\" content=\"Chervonenko, Stepan\">",
        "<meta name=\"z.translators\" content=\"Aldrich-Moodie, Benjamin\">",
        "<meta name=\"DC.date\" content=\"1959-12-08\">",
        "<meta name=\"DCTERMS.temporal\" content=\"1959-11-06\">",
        "<meta name=\"z.archive\" content=\"RGANI (formerly Center for Preservation of Contemporary Documentation [TsKhSD])\">",
        "<meta name=\"z.archiveLocation\" content=\"f. 5, op. 49, d. 235, ll. 107-110\">",
        "<meta name=\"z.manuscriptType\" content=\"Memorandum of conversation\">",
    ] {
        assert!(head.contains(line), "missing {line} in\n{head}");
    }
    // Highwire tags that would make Zotero save a journal article are never written.
    for journal_tag in [
        "citation_journal_title",
        "citation_volume",
        "citation_issue",
        "citation_firstpage",
    ] {
        assert!(!head.contains(journal_tag), "{journal_tag} in\n{head}");
    }

    let ld: serde_json::Value = serde_json::from_str(&json_ld(&edition, document)).unwrap();
    assert_eq!(ld["@type"], "ArchiveComponent");
    assert_eq!(
        ld["holdingArchive"]["name"],
        "RGANI (formerly Center for Preservation of Contemporary Documentation [TsKhSD])"
    );
    assert_eq!(ld["itemLocation"], "f. 5, op. 49, d. 235, ll. 107-110");
    assert_eq!(ld["dateCreated"], "1959-12-08");
    assert_eq!(ld["temporalCoverage"], "1959-11-06");
    assert_eq!(ld["translator"][0]["name"], "Benjamin Aldrich-Moodie");
    assert_eq!(ld["inLanguage"], "en");
    assert_eq!(ld["mentions"][0]["name"], "Nikita Khrushchev");
    assert_eq!(
        ld["isPartOf"]["name"],
        "Sino-Soviet Conversations, 1959-1961"
    );

    let coins = coins(&edition, document);
    assert!(coins.starts_with("ctx_ver=Z39.88-2004&rft_val_fmt=info%3Aofi%2Ffmt%3Akev%3Amtx%3Adc&rfr_id=info%3Asid%2Ffolio&rft.type=manuscript&rft.title=Memorandum%20of%20Conversation"), "{coins}");
    assert!(
        coins.contains("&rft.aulast=Chervonenko&rft.aufirst=Stepan&rft.date=1959-12-08&"),
        "{coins}"
    );
}

/// An edition whose only document has every character that could break a page.
fn hostile_edition() -> (Edition, Document) {
    let nasty = "A \"quoted\" <b>bold</b> & 'single' </script><!-- {braces} % $ # _ ~ ^ \\";
    let config = SiteConfig::parse(&format!(
        "title = {t:?}\nbase_url = \"https://example.org/ed/\"\npublisher = {t:?}\neditors = [{t:?}]\n",
        t = nasty
    ))
    .unwrap();
    let meta = DocumentMeta {
        title: nasty.into(),
        kind: nasty.into(),
        author: Some("x".into()),
        archive: nasty.into(),
        archive_location: nasty.into(),
        collection: nasty.into(),
        translators: vec![nasty.into()],
        summary: nasty.into(),
        date: folio::content::date::EditionDate::parse("1960-01~").ok(),
        event_date: folio::content::date::EditionDate::parse("1959?").ok(),
        ..DocumentMeta::default()
    };
    let document = Document {
        id: "hostile".into(),
        path: PathBuf::from("content/documents/hostile.md"),
        meta,
        source: String::new(),
        body_offset: 0,
        body_on_disk: false,
        body_person_links: Vec::new(),
    };
    let person = Person {
        id: "x".into(),
        path: PathBuf::from("content/people/x.md"),
        meta: PersonMeta {
            name: nasty.into(),
            sort_name: format!("{nasty}, Given"),
            ..PersonMeta::default()
        },
        source: String::new(),
        body_offset: 0,
        body_on_disk: false,
        body_person_links: Vec::new(),
    };
    let edition = Edition::assemble(
        PathBuf::from("."),
        config,
        vec![document.clone()],
        vec![person],
        vec![],
        vec![],
    );
    (edition, document)
}

#[test]
fn hostile_values_cannot_break_the_page() {
    let (edition, document) = hostile_edition();
    let citations = document_citations(&edition, &document);
    for citation in [
        &citations.chicago_note,
        &citations.chicago_bibliography,
        &citations.mla,
        &citations.apa,
    ] {
        assert!(!citation.text.is_empty());
        // Only formatting tags survive: the styles' italics, and the rich-text tags that
        // citeproc-js reads in a title (`<b>` here); any other markup is text.
        let stripped = ["<i>", "</i>", "<b>", "</b>"]
            .iter()
            .fold(citation.html.clone(), |html, tag| html.replace(tag, ""));
        assert!(!citation.text.contains("<b>Bold"), "{}", citation.text);
        assert!(
            !stripped.contains('<') && !stripped.contains('>'),
            "{}",
            citation.html
        );
        assert!(!stripped.contains('"'), "{}", citation.html);
        assert!(
            citation.html.contains("&lt;/script&gt;"),
            "{}",
            citation.html
        );
    }
    let head = head_metadata_html(&edition, &document);
    for line in head.lines() {
        // One tag per line, quotes only around attribute values.
        assert!(
            line.starts_with("<meta name=\"") || line.starts_with("<link rel=\""),
            "{line}"
        );
        assert_eq!(line.matches('<').count(), 1, "{line}");
        assert_eq!(line.matches('>').count(), 1, "{line}");
        assert_eq!(line.matches('"').count(), 4, "{line}");
    }
    let ld = json_ld(&edition, &document);
    assert!(
        !ld.contains('<') && !ld.contains('>') && !ld.contains('&'),
        "{ld}"
    );
    let value: serde_json::Value = serde_json::from_str(&ld).unwrap();
    assert_eq!(value["name"], document.meta.title.as_str());
    let coins = coins(&edition, &document);
    assert!(coins.bytes().all(|b| b.is_ascii_graphic()), "{coins}");
    // The exports stay well formed.
    assert!(citations.bibtex.contains("\\\"quoted\\\"") || citations.bibtex.contains("\"quoted\""));
    assert!(
        citations.bibtex.contains("\\{braces\\} \\% \\$ \\# \\_"),
        "{}",
        citations.bibtex
    );
    let braces: i64 = citations
        .bibtex
        .replace("\\{", "")
        .replace("\\}", "")
        .chars()
        .map(|c| match c {
            '{' => 1,
            '}' => -1,
            _ => 0,
        })
        .sum();
    assert_eq!(braces, 0, "{}", citations.bibtex);
    let json: serde_json::Value = serde_json::from_str(&citations.csl_json).unwrap();
    assert_eq!(
        json[0]["issued"],
        serde_json::json!({"date-parts": [[1960, 1]], "circa": true})
    );
    let bibliography = edition_bibliography(&edition);
    assert!(bibliography.ris.starts_with("TY  - MANSCPT\r\n"));
}

#[test]
fn cite_command_prints_every_style_and_defaults_to_the_setting() {
    let chicago = cite_command(root(), DIARY_1961.id, None).unwrap();
    assert_eq!(
        chicago,
        format!(
            "Note:\n{}\n\nBibliography:\n{}",
            DIARY_1961.chicago_note, DIARY_1961.chicago_bibliography
        )
    );
    assert_eq!(
        cite_command(root(), DIARY_1961.id, Some("mla")).unwrap(),
        DIARY_1961.mla
    );
    assert_eq!(
        cite_command(root(), DIARY_1961.id, Some("APA")).unwrap(),
        DIARY_1961.apa
    );
    let bibtex = cite_command(root(), DIARY_1961.id, Some("bibtex")).unwrap();
    assert!(bibtex.starts_with("@unpublished{1961-09-30-chervonenko-deng-xiaoping,"));
    let ris = cite_command(root(), DIARY_1961.id, Some("ris")).unwrap();
    assert!(ris.starts_with("TY  - MANSCPT\n") && !ris.contains('\r'));
    let json = cite_command(root(), DIARY_1961.id, Some("csl-json")).unwrap();
    assert!(serde_json::from_str::<serde_json::Value>(&json).is_ok());
}

#[test]
fn cite_command_explains_unknown_ids_and_styles() {
    let error = cite_command(root(), "1961-09-30", Some("chicago"))
        .unwrap_err()
        .to_string();
    assert!(
        error.contains("no document with id `1961-09-30`"),
        "{error}"
    );
    assert!(
        error.contains("1959-11-06-chervonenko-deng-xiaoping"),
        "{error}"
    );
    assert!(
        error.contains("1961-09-30-chervonenko-deng-xiaoping"),
        "{error}"
    );
    let error = cite_command(root(), DIARY_1961.id, Some("harvard"))
        .unwrap_err()
        .to_string();
    assert!(
        error.contains("unknown citation style `harvard`"),
        "{error}"
    );
    assert!(
        error.contains("chicago, mla, apa, bibtex, ris, csl-json"),
        "{error}"
    );
}

#[test]
fn the_default_style_comes_from_site_toml() {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(
        root().join("content").as_path(),
        &dir.path().join("content"),
    );
    let settings = std::fs::read_to_string(root().join("site.toml")).unwrap();
    std::fs::write(
        dir.path().join("site.toml"),
        format!("{settings}\ncitation_style = \"apa\"\n"),
    )
    .unwrap();
    assert_eq!(
        cite_command(dir.path(), DIARY_1961.id, None).unwrap(),
        DIARY_1961.apa
    );
    std::fs::write(
        dir.path().join("site.toml"),
        format!("{settings}\ncitation_style = \"vancouver\"\n"),
    )
    .unwrap();
    let error = cite_command(dir.path(), DIARY_1961.id, None)
        .unwrap_err()
        .to_string();
    assert!(
        error.contains("site.toml") && error.contains("unknown citation_style `vancouver`"),
        "{error}"
    );
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// Per-document cost, printed, never asserted (timings belong in benchmarks):
/// `cargo test --release --test cite_styles -- --ignored --nocapture per_document_cost`.
#[test]
#[ignore]
fn per_document_cost() {
    let edition = sample();
    let document = edition.document(DIARY_1961.id).unwrap();
    let _ = document_citations(&edition, document);
    let runs = 2000;
    let start = std::time::Instant::now();
    for _ in 0..runs {
        std::hint::black_box(document_citations(&edition, document));
    }
    let each = start.elapsed() / runs;
    let start = std::time::Instant::now();
    for _ in 0..runs {
        std::hint::black_box(head_metadata_html(&edition, document));
        std::hint::black_box(json_ld(&edition, document));
        std::hint::black_box(coins(&edition, document));
    }
    let metadata = start.elapsed() / runs;
    println!("document_citations: {each:?} per document; head + JSON-LD + COinS: {metadata:?}");
}

#[test]
fn the_bibliography_a_build_assembles_from_each_document_equals_the_edition_bibliography() {
    let edition = sample();
    assert!(edition.documents.len() > 1);
    let mut builder = BibliographyBuilder::new(edition.documents.len());
    for document in &edition.documents {
        builder.push(&document_citations(&edition, document));
    }
    let assembled = builder.finish();
    let formatted = edition_bibliography(&edition);
    assert_eq!(assembled.bibtex, formatted.bibtex);
    assert_eq!(assembled.ris, formatted.ris);
    assert_eq!(assembled.csl_json, formatted.csl_json);
    let items: serde_json::Value = serde_json::from_str(&assembled.csl_json).unwrap();
    assert_eq!(
        items.as_array().map(Vec::len),
        Some(edition.documents.len())
    );

    assert_eq!(BibliographyBuilder::new(0).finish().csl_json, "[]\n");
}
