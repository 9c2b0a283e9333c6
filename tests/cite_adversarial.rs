//! Citations of awkward but ordinary documents, against the engine and against citeproc-js.
//!
//! Three generated editions (one editor; no editor; two editors) of documents whose authors,
//! translators, titles and dates are the kinds that trip citation code: a single editor and
//! no author, initials without a full stop, name particles, organisations, family-name-first
//! names, non-ASCII names, acronyms and mixed case in titles, quotation marks and
//! apostrophes, titles ending in punctuation, HTML-like text, uncertain and approximate
//! dates.
//!
//! - Every citation Folio shows must be the text the engine gives for that item alone, so
//!   that it cannot depend on which other documents the edition holds or which came first
//!   (the template shortcut of `src/cite/template.rs`).
//! - citeproc-js (Zotero's engine), given the same CSL-JSON and the same style files, must
//!   agree with every citation (`node tests/cite-js/crosscheck.js`; skipped with a notice
//!   when `npm ci` was not run in `tests/cite-js/`, unless `FOLIO_CITE_CROSSCHECK=required`).

use std::path::{Path, PathBuf};
use std::process::Command;

use folio::cite::record::CiteRecord;
use folio::cite::{document_citations, edition_bibliography};
use folio::content::Edition;
use serde_json::json;

/// Authority-file people: id, name, sort name.
const PEOPLE: &[(&str, &str, &str)] = &[
    ("harry-truman", "Harry S Truman", "Truman, Harry S"),
    (
        "charles-de-gaulle",
        "Charles de Gaulle",
        "de Gaulle, Charles",
    ),
    ("martin-van-buren", "Martin Van Buren", "Van Buren, Martin"),
    (
        "ludwig-beethoven",
        "Ludwig van Beethoven",
        "Beethoven, Ludwig van",
    ),
    ("mao-zedong", "Mao Zedong", "Mao Zedong"),
    ("kim-il-sung", "Kim Il Sung", "Kim Il Sung"),
    ("ngo-dinh-diem", "Ngô Đình Diệm", "Ngô Đình Diệm"),
    (
        "embassy-ussr-prc",
        "Embassy of the USSR in the PRC",
        "Embassy of the USSR in the PRC",
    ),
    (
        "nikita-khrushchev",
        "Nikita Khrushchëv",
        "Khrushchëv, Nikita",
    ),
    ("john-kennedy", "John F. Kennedy", "Kennedy, John F."),
    ("s-chervonenko", "S. V. Chervonenko", "Chervonenko, S. V."),
    ("b-vereshchagin", "B.N. Vereshchagin", "Vereshchagin, B.N."),
    ("sukarno", "Sukarno", "Sukarno"),
    ("jean-paul-sartre", "Jean-Paul Sartre", "Sartre, Jean-Paul"),
    (
        "averell-harriman",
        "W. Averell Harriman",
        "Harriman, W. Averell",
    ),
    (
        "oscar-de-la-hoya",
        "Óscar de la Renta",
        "de la Renta, Óscar",
    ),
];

const TITLES: &[&str] = &[
    "Conversation with the PRC delegation",
    "On McCarthyism and the iPhones of tomorrow",
    "Memorandum about the talks upon arrival versus departure",
    "Summary/addendum to the record of the talks",
    "Notes on \"peaceful coexistence\" and its critics",
    "Mao's remarks on the Great Leap Forward",
    "Is the war going well?",
    "Telegram No. 5.",
    "Report from the front!",
    "<i>Pravda</i> editorial on the talks",
    "The USSR-PRC relations: a review of the year",
    "record of a conversation with the ambassador",
    "Conversation between N.S. Khrushchev and Mao Zedong",
    "Letter from the CC CPSU to the CC CCP",
    "Speech at the 20th Party Congress",
    "Cable from the Chinese Embassy in Moscow, 'Soviet reactions'",
    "Minutes of the meeting (excerpt)",
    "Ambassador's diary [draft]",
    "Report on A & B",
    "Zhou Enlai \u{2014} conversation notes",
    "From the Diary of S. V. Chervonenko, 30 September 1961",
    "Memorandum of Conversation",
    "The end of an era",
    "What is to be done",
    "An interview with de Gaulle on NATO and the UN",
    "\"Already quoted\": a title that opens with a quotation",
    "The U.S. position on the Taiwan Strait",
    "Re: the ambassador's note of 3 May",
    "Notes on the talks \u{2026} with corrections",
    "Record of the talks: part 2",
    "Conversation with Zhou Enlai (1961-09-30)",
];

const TRANSLATORS: &[&[&str]] = &[
    &[],
    &["Benjamin Aldrich-Moodie"],
    &["Gary Goldberg", "Sergey Radchenko"],
    &["J. Smith"],
    &["Ana de la Cruz"],
    &["Harry S Truman"],
    &["Wingrove, Paul"],
    &["Jan van der Berg", "Wilson Center translators"],
];

const DATES: &[&str] = &[
    "1961-09-30",
    "1961-09",
    "1961",
    "1961-09-30?",
    "1959~",
    "1962-01-05",
    "1960-12",
    "1961-09-30%",
    "~1958",
];

const AUTHORS: &[Option<&str>] = &[
    None,
    Some("harry-truman"),
    Some("charles-de-gaulle"),
    Some("martin-van-buren"),
    Some("ludwig-beethoven"),
    Some("mao-zedong"),
    Some("kim-il-sung"),
    Some("ngo-dinh-diem"),
    Some("embassy-ussr-prc"),
    Some("nikita-khrushchev"),
    Some("john-kennedy"),
    Some("s-chervonenko"),
    Some("b-vereshchagin"),
    Some("sukarno"),
    Some("jean-paul-sartre"),
    Some("averell-harriman"),
    Some("oscar-de-la-hoya"),
];

const KINDS: &[&str] = &[
    "Memorandum",
    "Diary entry",
    "Telegram",
    "Letter",
    "Minutes",
    "record of conversation",
    "Ambassador's report",
];

/// Archives, with apostrophes, quotation marks, brackets and non-ASCII letters.
const ARCHIVES: &[&str] = &[
    "AVPRF",
    "Archive of the President's Office",
    "RGANI (formerly TsKhSD)",
    "The \"Special\" Files",
    "Archives nationales, Pierrefitte-sur-Seine",
    "Státní ústřední archiv",
];

/// Collections, as awkward as the archives.
const COLLECTIONS: &[&str] = &[
    "Wilson Center Digital Archive",
    "The Editors' Collection",
    "Papers of the \"Old Guard\"",
];

/// Writes an edition with the given `editors` into `root`, with `count` documents mixing
/// the values above (each list walked at its own pace, so combinations vary).
fn write_edition(root: &Path, editors: &[&str], language: &str, count: usize) {
    let documents = root.join("content/documents");
    let people = root.join("content/people");
    std::fs::create_dir_all(&documents).unwrap();
    std::fs::create_dir_all(&people).unwrap();
    let editors: Vec<String> = editors.iter().map(|e| format!("{e:?}")).collect();
    std::fs::write(
        root.join("site.toml"),
        format!(
            "title = \"Awkward Documents, 1959-1962\"\nbase_url = \"https://example.org/awkward/\"\n\
             language = \"{language}\"\npublisher = \"Folio Test Press\"\neditors = [{}]\ntheme = \"default\"\n",
            editors.join(", ")
        ),
    )
    .unwrap();
    common::copy_recursively(&common::repository().join("themes"), &root.join("themes"));
    for (id, name, sort_name) in PEOPLE {
        std::fs::write(
            people.join(format!("{id}.md")),
            format!("---\nname: {name:?}\nsort_name: {sort_name:?}\n---\n\nA person.\n"),
        )
        .unwrap();
    }
    for n in 0..count {
        let title = TITLES[n % TITLES.len()];
        let date = DATES[(n / 2) % DATES.len()];
        let author = AUTHORS[(n * 7 + n / 5) % AUTHORS.len()];
        let translators = TRANSLATORS[(n / 3) % TRANSLATORS.len()];
        let kind = KINDS[n % KINDS.len()];
        let mut front = format!("---\ntitle: {title:?}\ndate: \"{date}\"\nkind: {kind:?}\n");
        if let Some(author) = author {
            front.push_str(&format!("author: {author}\n"));
        }
        if n % 4 != 1 {
            let archive = ARCHIVES[(n / 4) % ARCHIVES.len()];
            front.push_str(&format!("archive: {archive:?}\n"));
            let sheets = if n % 5 == 2 { ", ll. 12-14." } else { "" };
            front.push_str(&format!(
                "archive_location: \"f. 0100, op. 53, d. {n}{sheets}\"\n"
            ));
        }
        if n % 3 == 0 {
            let collection = COLLECTIONS[(n / 3) % COLLECTIONS.len()];
            front.push_str(&format!("collection: {collection:?}\n"));
        }
        if !translators.is_empty() {
            front.push_str("translators:\n");
            for translator in translators {
                front.push_str(&format!("  - {translator}\n"));
            }
        }
        front.push_str("---\n\nThe text.\n");
        std::fs::write(documents.join(format!("doc-{n:03}.md")), front).unwrap();
    }
}

mod common;

fn required() -> bool {
    std::env::var("FOLIO_CITE_CROSSCHECK").is_ok_and(|v| v == "required")
}

/// Documents per edition: every title, date, author and translator list several times.
const DOCUMENTS: usize = 60;

const STYLES: [&str; 4] = ["chicago_note", "chicago_bibliography", "mla", "apa"];

/// The editions: (folder name, editors, language). citeproc-js title-cases English titles
/// only.
const EDITIONS: &[(&str, &[&str], &str)] = &[
    ("one-editor", &["The Folio editors"], "en"),
    ("no-editor", &[], "en-GB"),
    ("two-editors", &["Jane Q Public", "The Folio editors"], "en"),
    ("french", &["Les éditeurs de Folio"], "fr"),
];

fn edition_dir(name: &str, test: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(format!("cite-adversarial-{test}-{name}"))
}

/// Writes each edition and its `items.json` and `expected.json` (the citations Folio shows).
fn write_fixtures(name: &str, editors: &[&str], language: &str, test: &str) -> (PathBuf, Edition) {
    let dir = edition_dir(name, test);
    let _ = std::fs::remove_dir_all(&dir);
    write_edition(&dir, editors, language, DOCUMENTS);
    let edition = Edition::load(&dir).expect("the edition loads").edition;
    let bibliography = edition_bibliography(&edition);
    std::fs::write(dir.join("items.json"), &bibliography.csl_json).unwrap();
    let mut expected = serde_json::Map::new();
    for document in &edition.documents {
        let citations = document_citations(&edition, document);
        let both = |c: &folio::cite::Citation| json!({ "text": c.text, "html": c.html });
        expected.insert(
            document.id.clone(),
            json!({
                "chicago_note": both(&citations.chicago_note),
                "chicago_bibliography": both(&citations.chicago_bibliography),
                "mla": both(&citations.mla),
                "apa": both(&citations.apa),
            }),
        );
    }
    std::fs::write(
        dir.join("expected.json"),
        serde_json::to_string_pretty(&serde_json::Value::Object(expected)).unwrap(),
    )
    .unwrap();
    (dir, edition)
}

/// Every citation shown is the engine's text for the item alone: nothing about the other
/// documents of the edition, or the order they were met in, can change it.
#[test]
fn every_citation_is_the_engines_text_for_the_item_alone() {
    let mut differences = Vec::new();
    let mut compared = 0;
    for (name, editors, language) in EDITIONS {
        let (_, edition) = write_fixtures(name, editors, language, "engine");
        // Backwards, so the first of each shape met here is another document than in the
        // bibliography written above.
        for document in edition.documents.iter().rev() {
            let citations = document_citations(&edition, document);
            let item = folio::cite::csl::item(&CiteRecord::new(&edition, document));
            let by_engine = folio::cite::csl::format_by_engine(&item.to_string())
                .expect("the engine formats the item");
            for (style, shown, engine) in [
                (
                    "chicago_note",
                    &citations.chicago_note,
                    &by_engine.chicago_note,
                ),
                (
                    "chicago_bibliography",
                    &citations.chicago_bibliography,
                    &by_engine.chicago_bibliography,
                ),
                ("mla", &citations.mla, &by_engine.mla),
                ("apa", &citations.apa, &by_engine.apa),
            ] {
                compared += 1;
                if shown != engine {
                    differences.push(format!(
                        "{name}/{} {style}:\n  shown  {}\n  engine {}",
                        document.id, shown.html, engine.html
                    ));
                }
            }
        }
    }
    assert!(
        differences.is_empty(),
        "{} of {compared} citations are not the engine's:\n{}",
        differences.len(),
        differences.join("\n")
    );
}

/// citeproc-js agrees with every citation of the three editions, in all four forms.
#[test]
fn citeproc_js_agrees_with_every_citation() {
    let script = common::repository().join("tests/cite-js/crosscheck.js");
    if !common::repository()
        .join("tests/cite-js/node_modules/citeproc")
        .exists()
    {
        assert!(
            !required(),
            "FOLIO_CITE_CROSSCHECK=required but citeproc-js is not installed"
        );
        eprintln!("skipped: citeproc-js is not installed (run `npm ci` in tests/cite-js)");
        return;
    }
    let mut report = String::new();
    let mut failures = 0;
    for (name, editors, language) in EDITIONS {
        let (dir, _) = write_fixtures(name, editors, language, "citeproc");
        let Ok(output) = Command::new("node").arg(&script).arg(&dir).output() else {
            assert!(
                !required(),
                "FOLIO_CITE_CROSSCHECK=required but node is missing"
            );
            eprintln!("skipped: node is not installed");
            return;
        };
        let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
        let mut per_style = std::collections::BTreeMap::new();
        for line in stdout.lines().filter(|l| l.starts_with("FAIL")) {
            failures += 1;
            let style = STYLES
                .iter()
                .find(|s| line.contains(&format!(" {s} ")))
                .unwrap_or(&"other");
            *per_style.entry(*style).or_insert(0) += 1;
            report.push_str(&format!("{name}: {line}\n"));
        }
        let summary = stdout.lines().last().unwrap_or_default();
        println!("{name}: {summary}; failures by style {per_style:?}");
    }
    std::fs::write(
        PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("cite-adversarial-report.txt"),
        &report,
    )
    .unwrap();
    assert!(
        failures == 0,
        "citeproc-js disagrees {failures} times:\n{report}"
    );
}

/// Every file of `public/`, with its bytes.
fn site_files(root: &Path) -> Vec<(String, Vec<u8>)> {
    let public = root.join("public");
    common::files_under(&public)
        .into_iter()
        .map(|file| {
            let bytes = std::fs::read(public.join(&file)).unwrap();
            (file, bytes)
        })
        .collect()
}

/// Builds `root` with `threads` worker threads; `cold` removes the output and every cache
/// first, otherwise only the output goes and the caches of the last build are used.
fn build_with(root: &Path, threads: &str, cold: bool) -> Vec<(String, Vec<u8>)> {
    let _ = std::fs::remove_dir_all(root.join("public"));
    if cold {
        let _ = std::fs::remove_dir_all(root.join(".folio-cache"));
    }
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_folio"))
        .args(["build", "--root"])
        .arg(root)
        .env("RAYON_NUM_THREADS", threads)
        .output()
        .expect("run folio");
    assert!(output.status.success(), "{}", common::stderr(&output));
    site_files(root)
}

/// The first file that differs between two builds, for the failure message.
fn first_difference(a: &[(String, Vec<u8>)], b: &[(String, Vec<u8>)]) -> String {
    let names = |files: &[(String, Vec<u8>)]| files.iter().map(|f| f.0.clone()).collect::<Vec<_>>();
    if names(a) != names(b) {
        return format!("the files differ: {:?} against {:?}", names(a), names(b));
    }
    a.iter()
        .zip(b)
        .find(|(x, y)| x.1 != y.1)
        .map(|(x, _)| format!("{} differs", x.0))
        .unwrap_or_default()
}

/// The same edition gives the same bytes in every output file on one thread and on many,
/// from nothing and with the caches of an earlier build.
#[test]
fn builds_are_byte_identical_whatever_the_threads_and_the_caches() {
    for (name, editors, language) in EDITIONS {
        let root = edition_dir(name, "deterministic");
        let _ = std::fs::remove_dir_all(&root);
        write_edition(&root, editors, language, DOCUMENTS);
        let one_thread = build_with(&root, "1", true);
        assert!(
            one_thread.len() > DOCUMENTS,
            "{name}: {} files",
            one_thread.len()
        );
        let many_threads = build_with(&root, "8", true);
        assert!(
            one_thread == many_threads,
            "{name}, one thread against eight: {}",
            first_difference(&one_thread, &many_threads)
        );
        let warm = build_with(&root, "2", false);
        assert!(
            one_thread == warm,
            "{name}, cold against warm: {}",
            first_difference(&one_thread, &warm)
        );
    }
}
