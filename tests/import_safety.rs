//! Editor safety and bad input: re-import is byte-identical, an editor's changes are never
//! overwritten (unless `--force`, which keeps a backup), `--dry-run` writes nothing, and bad
//! files get a message each while the others still import. Plus a property test: arbitrary
//! input never panics.

mod common;

use std::path::{Path, PathBuf};

use folio::import::{ImportOptions, ImportReport, Outcome, run};
use proptest::prelude::*;

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

fn edition() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for folder in ["content/documents", "content/sources", "content/people"] {
        std::fs::create_dir_all(dir.path().join(folder)).unwrap();
    }
    common::copy_recursively(
        &Path::new(ROOT).join("content/people"),
        &dir.path().join("content/people"),
    );
    common::copy_recursively(
        &Path::new(ROOT).join("tests/fixtures/import/seeds"),
        &dir.path().join("content/sources"),
    );
    dir
}

fn import(root: &Path, force: bool, dry_run: bool) -> ImportReport {
    run(
        root,
        &ImportOptions {
            paths: vec![root.join("content/sources")],
            into: PathBuf::from("content/documents"),
            force,
            dry_run,
        },
    )
}

fn outcomes(report: &ImportReport) -> Vec<Outcome> {
    report.files.iter().map(|f| f.outcome).collect()
}

const DOC: &str = "content/documents/1961-09-30-chervonenko-deng-xiaoping.md";

#[test]
fn reimporting_an_unchanged_source_is_byte_identical() {
    let dir = edition();
    let first = import(dir.path(), false, false);
    assert_eq!(
        outcomes(&first),
        [Outcome::Created, Outcome::Created],
        "{first}"
    );
    let before = std::fs::read(dir.path().join(DOC)).unwrap();
    let second = import(dir.path(), false, false);
    assert_eq!(
        outcomes(&second),
        [Outcome::Unchanged, Outcome::Unchanged],
        "{second}"
    );
    assert_eq!(std::fs::read(dir.path().join(DOC)).unwrap(), before);
}

#[test]
fn reimport_with_new_people_is_byte_identical() {
    // Without an authority file every person is new on the first run and known on the second.
    let dir = edition();
    for entry in std::fs::read_dir(dir.path().join("content/people")).unwrap() {
        std::fs::remove_file(entry.unwrap().path()).unwrap();
    }
    let first = import(dir.path(), false, false);
    assert!(!first.new_people.is_empty());
    let second = reimport_changes_nothing(dir.path(), &first);
    assert_eq!(
        outcomes(&second),
        [Outcome::Unchanged, Outcome::Unchanged],
        "{second}"
    );
}

/// Imports again after `first` and checks that nothing changed: no new person, every file
/// unchanged, every document byte-identical.
fn reimport_changes_nothing(root: &Path, first: &ImportReport) -> ImportReport {
    let texts: Vec<Vec<u8>> = first
        .files
        .iter()
        .map(|f| std::fs::read(root.join(f.document.as_ref().unwrap())).unwrap())
        .collect();
    let second = import(root, false, false);
    assert!(second.new_people.is_empty(), "{second}");
    assert!(
        second.files.iter().all(|f| f.outcome == Outcome::Unchanged),
        "{second}"
    );
    for (file, text) in second.files.iter().zip(texts) {
        let again = std::fs::read(root.join(file.document.as_ref().unwrap())).unwrap();
        assert!(again == text, "{} changed", file.source.display());
    }
    second
}

#[test]
fn an_edited_document_is_never_overwritten_and_force_keeps_a_backup() {
    let dir = edition();
    import(dir.path(), false, false);
    let path = dir.path().join(DOC);
    let edited = std::fs::read_to_string(&path)
        .unwrap()
        .replace("TOP SECRET", "TOP SECRET[^9]")
        + "\n[^9]: An editor's note.\n";
    std::fs::write(&path, &edited).unwrap();

    let dry = import(dir.path(), false, true);
    assert!(
        dry.to_string().contains("An editor's note."),
        "the dry run shows the difference:\n{dry}"
    );
    let kept = import(dir.path(), false, false);
    assert!(!kept.failed());
    assert!(outcomes(&kept).contains(&Outcome::Kept), "{kept}");
    assert!(kept.to_string().contains("changed by hand"), "{kept}");
    assert_eq!(std::fs::read_to_string(&path).unwrap(), edited);

    let forced = import(dir.path(), true, false);
    assert!(outcomes(&forced).contains(&Outcome::Replaced), "{forced}");
    assert!(
        !std::fs::read_to_string(&path)
            .unwrap()
            .contains("An editor's note.")
    );
    let backups: Vec<PathBuf> = walkdir::WalkDir::new(dir.path().join(".folio/import-backups"))
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| e.into_path())
        .collect();
    assert_eq!(backups.len(), 1);
    assert_eq!(std::fs::read_to_string(&backups[0]).unwrap(), edited);
}

#[test]
fn a_hand_written_document_for_the_same_source_is_kept() {
    // The sample edition's documents were written by hand: the import must not replace them.
    let dir = edition();
    let sample = Path::new(ROOT).join("content/documents/1961-09-30-chervonenko-deng-xiaoping.md");
    let hand = std::fs::read_to_string(sample)
        .unwrap()
        .replace("Diary entry", "Diary");
    std::fs::write(dir.path().join(DOC), &hand).unwrap();
    let report = import(dir.path(), false, false);
    assert_eq!(
        outcomes(&report),
        [Outcome::Kept, Outcome::Created],
        "{report}"
    );
    assert_eq!(std::fs::read_to_string(dir.path().join(DOC)).unwrap(), hand);
}

#[test]
fn dry_run_writes_nothing() {
    let dir = edition();
    let report = import(dir.path(), false, true);
    assert_eq!(outcomes(&report), [Outcome::Created, Outcome::Created]);
    assert!(report.to_string().contains("would create"));
    assert_eq!(
        std::fs::read_dir(dir.path().join("content/documents"))
            .unwrap()
            .count(),
        0
    );
    assert!(!dir.path().join(".folio").exists());
}

#[test]
fn bad_files_get_a_message_each_and_the_others_still_import() {
    let dir = edition();
    let sources = dir.path().join("content/sources");
    std::fs::write(sources.join("empty.txt"), "").unwrap();
    // "Дэн Сяопин" in Windows-1251.
    std::fs::write(
        sources.join("cp1251.txt"),
        b"\xc4\xfd\xed \xd1\xff\xee\xef\xe8\xed\n",
    )
    .unwrap();
    let mut utf16 = vec![0xFF, 0xFE];
    let seed = std::fs::read_to_string(sources.join("000_8df19dfbbc6994a8.txt")).unwrap();
    utf16.extend(seed.encode_utf16().flat_map(u16::to_le_bytes));
    std::fs::write(sources.join("utf16.txt"), utf16).unwrap();
    std::fs::write(
        sources.join("binary.pdf"),
        b"%PDF-1.4\x00\x00\x00\xff\xfe\x00\x01\x02",
    )
    .unwrap();
    std::fs::write(sources.join("no-date.txt"), "**Citation:**\n\n\"A Conversation\", Wilson Center Digital Archive.\n\nWe talked about many things for a long time and then we parted again as friends.\n").unwrap();
    std::fs::write(sources.join("no-title.txt"), "We talked about many things for a long time and then we parted again as friends, on 3 May 1960.\n").unwrap();
    let report = import(dir.path(), false, false);
    assert!(report.failed());
    let text = report.to_string();
    for (file, message) in [
        ("empty.txt", "empty"),
        ("cp1251.txt", "not UTF-8"),
        ("binary.pdf", "binary"),
    ] {
        assert!(
            report
                .problems
                .iter()
                .any(|p| p.is_error() && p.file.ends_with(file) && p.message.contains(message)),
            "{file}: expected `{message}` in\n{text}"
        );
    }
    let created: Vec<&Path> = report
        .files
        .iter()
        .filter(|f| f.outcome != Outcome::Failed)
        .filter_map(|f| f.document.as_deref())
        .collect();
    // Both seeds, the UTF-16 copy of seed 000 as a second document, and the pages without
    // a date or a title: never refused, imported for review with a warning.
    assert_eq!(created.len(), 5, "{text}");
    for (file, message) in [("no-date.txt", "no date"), ("no-title.txt", "no title")] {
        assert!(
            report
                .problems
                .iter()
                .any(|p| !p.is_error() && p.file.ends_with(file) && p.message.contains(message)),
            "{file}: expected the warning `{message}` in\n{text}"
        );
        let document = report
            .files
            .iter()
            .find(|f| f.source.ends_with(file))
            .and_then(|f| f.document.as_deref())
            .expect("imported");
        let written = std::fs::read_to_string(dir.path().join(document)).unwrap();
        assert!(written.contains("\nreview: true\n"), "{written}");
    }
    assert!(
        created
            .iter()
            .any(|p| p.ends_with("1961-09-30-chervonenko-deng-xiaoping-2.md")),
        "{text}"
    );
}

#[test]
fn every_layout_reimports_byte_identical_and_then_builds() {
    // All the samples and rule fixtures in one edition, with and without the authority file:
    // the second import changes nothing, finds no new person, and the edition checks.
    for with_people in [true, false] {
        let dir = edition();
        if !with_people {
            for entry in std::fs::read_dir(dir.path().join("content/people")).unwrap() {
                std::fs::remove_file(entry.unwrap().path()).unwrap();
            }
        }
        for set in ["samples", "rules"] {
            for entry in
                std::fs::read_dir(Path::new(ROOT).join("tests/fixtures/import").join(set)).unwrap()
            {
                let path = entry.unwrap().path();
                if path.extension().is_some_and(|e| e == "txt") {
                    std::fs::copy(
                        &path,
                        dir.path()
                            .join("content/sources")
                            .join(path.file_name().unwrap()),
                    )
                    .unwrap();
                }
            }
        }
        let first = import(dir.path(), false, false);
        assert!(!first.failed(), "{first}");
        reimport_changes_nothing(dir.path(), &first);
        if !with_people {
            // The sample's settings name people of its authority file.
            continue;
        }
        // What was imported is a valid edition (warnings for review, no errors).
        common::copy_recursively(
            &common::import_edition(false).path().join("site.toml"),
            &dir.path().join("site.toml"),
        );
        common::copy_recursively(&Path::new(ROOT).join("themes"), &dir.path().join("themes"));
        let check = common::folio(dir.path(), &["check"]);
        assert!(check.status.success(), "{}", common::stderr(&check));
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn arbitrary_text_never_panics(text in "\\PC{0,400}") {
        let authority = folio::import::people::Authority::default();
        let _ = folio::import::extract::analyse(Path::new("x.txt"), "x.txt", &text, &authority);
    }

    #[test]
    fn transcript_like_text_never_panics(
        lines in proptest::collection::vec(
            prop_oneof![
                Just("**Citation:**".to_owned()),
                Just("  • Citation".to_owned()),
                Just("get citation".to_owned()),
                Just("\"Title ,\" December 08, 1959, Archive, RGANI, f. 5. Obtained by A and translated by B.".to_owned()),
                Just("8\" December 1959".to_owned()),
                Just("[signature] (S. CHERVONENKO)".to_owned()),
                Just("Yu Peiwen and B.T. Kulik were present during the conversation.".to_owned()),
                Just("[1] A note.".to_owned()),
                Just(String::new()),
                "[A-Za-z .,()\\[\\]'\"*:0-9-]{0,80}",
            ],
            0..40,
        ),
        bytes in proptest::collection::vec(any::<u8>(), 0..64),
    ) {
        let text = lines.join("\n");
        let authority = folio::import::people::Authority::default();
        let _ = folio::import::extract::analyse(Path::new("x.txt"), "x.txt", &text, &authority);
        let _ = folio::import::decode::decode(Path::new("x.txt"), &bytes);
    }
}

// Issue #25: nothing lost, nothing wrong published.

/// An edition that builds: the sample's settings, people and theme, and the seed 000 with
/// `edit` applied to its text.
fn buildable_edition(edit: impl Fn(&str) -> String) -> tempfile::TempDir {
    let dir = common::import_edition(true);
    common::copy_recursively(&Path::new(ROOT).join("themes"), &dir.path().join("themes"));
    let seed = std::fs::read_to_string(
        Path::new(ROOT).join("tests/fixtures/import/seeds/000_8df19dfbbc6994a8.txt"),
    )
    .unwrap();
    std::fs::write(
        dir.path().join("content/sources/000_8df19dfbbc6994a8.txt"),
        edit(&seed),
    )
    .unwrap();
    dir
}

/// Imports and builds the edition at `root`; returns the seed document's page and front matter.
fn import_and_build(root: &Path) -> (String, folio::content::DocumentMeta) {
    let report = import(root, false, false);
    assert!(!report.failed(), "{report}");
    let build = folio::pipeline::build(&folio::pipeline::BuildOptions::new(root));
    if let Err(problems) = &build {
        let text = std::fs::read_to_string(root.join(DOC)).unwrap_or_default();
        panic!("the imported document does not build:\n{problems}\n{text}");
    }
    let text = std::fs::read_to_string(root.join(DOC)).unwrap();
    let split = folio::content::front_matter::split(Path::new(DOC), &text).unwrap();
    let meta = split.parse(Path::new(DOC), &text).unwrap();
    let page = common::page(
        &root.join("public"),
        "documents/1961-09-30-chervonenko-deng-xiaoping",
    );
    (page, meta)
}

const AFTER: &str = "On the same day I met with Deng Xiaoping.";

#[test]
fn item_8_markup_and_odd_characters_in_a_transcript_build_as_literal_text() {
    let dir = buildable_edition(|seed| {
        seed.replace(
            "Transcript of Conversation with General Secretary",
            "Transcript of\u{2028}Conversation with General\u{FFFF} Secretary",
        )
        .replace("Benjamin Aldrich-Moodie", "Benjamin\u{2029}Aldrich-Moodie")
        .replace(
            AFTER,
            &format!("{AFTER}\n\nA marker [^1] of no note.\n\n::: note\n\nA NUL \0 here.\n\n:::\n\n--\n\n412. For the Secretary.\n"),
        )
    });
    let (page, meta) = import_and_build(dir.path());
    // The title is cleaned (its spaces normalised); the citation is kept verbatim.
    assert!(
        meta.title.contains("with General\u{FFFD} Secretary"),
        "{}",
        meta.title
    );
    assert!(
        meta.archive_citation
            .contains("Transcript of\u{2028}Conversation with General\u{FFFD} Secretary"),
        "{}",
        meta.archive_citation
    );
    assert_eq!(meta.translators, ["Benjamin\u{2029}Aldrich-Moodie"]);
    let text = common::texts(&page, "main").concat();
    for literal in [
        "A marker [^1] of no note.",
        "::: note",
        "A NUL \u{FFFD} here.",
        "412. For the Secretary.",
    ] {
        assert!(text.contains(literal), "`{literal}` is not on the page");
    }
    assert!(
        !page.contains("<ol start=\"412\""),
        "a telegram number made a list"
    );
    assert!(
        !page.contains("doc-note"),
        "the transcript's ::: note made a block"
    );
}

#[test]
fn item_6_transcript_text_never_becomes_a_link_or_html() {
    let payload = "[word]: javascript:alert(1)\n\nSee [word] and [x](javascript:alert(2)) and <http://example.com/x>.\n\n<script>alert(3)</script> <img src=x onerror=alert(4)> <b>bold</b>";
    let dir = buildable_edition(|seed| {
        seed.replace(
            AFTER,
            &format!("{AFTER}[1](javascript:alert(5))\n\n{payload}\n"),
        )
        .replace("to meet with Mao Zedong", "to meet with!Mao Zedong")
            + "\n\n[1] A note the importer pairs.\n"
    });
    let (page, _) = import_and_build(dir.path());
    let text = common::texts(&page, "main").concat();
    for literal in [
        "[word]: javascript:alert(1)",
        "See [word] and [x](javascript:alert(2)) and <http://example.com/x>.",
        "<script>alert(3)</script> <img src=x onerror=alert(4)> <b>bold</b>",
    ] {
        assert!(
            text.contains(literal),
            "`{literal}` is not on the page as text"
        );
    }
    for href in common::attrs(&page, "[href]", "href") {
        assert!(
            !href.to_lowercase().contains("javascript") && !href.contains("example.com"),
            "a link from the transcript: {href}"
        );
    }
    assert!(common::attrs(&page, "img", "src").iter().all(|s| s != "x"));
    assert!(
        common::texts(&page, "main img").is_empty(),
        "an image from the transcript"
    );
    assert!(text.contains("to meet with!Mao Zedong"), "{text}");
    assert!(text.contains("(javascript:alert(5))"));
    assert!(
        common::texts(&page, "script")
            .iter()
            .all(|s| !s.contains("alert(3)"))
    );
    assert!(common::texts(&page, "main b").is_empty());
    // The importer's own Markdown still works: person links, the header block, the gloss,
    // and the footnote it paired.
    assert!(!common::attrs(&page, "a.ref-person", "href").is_empty());
    assert!(!common::texts(&page, "header.doc-header").is_empty());
    assert!(!common::texts(&page, "i.gloss").is_empty());
    assert!(
        !common::texts(&page, "sup.footnote-ref").is_empty(),
        "{page}"
    );
    assert!(page.contains("A note the importer pairs."));
}

/// Waits for the start of the next second, so that what follows runs within one second.
fn at_the_start_of_a_second() {
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap();
    std::thread::sleep(std::time::Duration::from_nanos(
        1_000_000_000 - u64::from(now.subsec_nanos()) + 1_000_000,
    ));
}

#[test]
fn item_5_two_forced_imports_in_one_second_keep_both_edited_versions() {
    let dir = edition();
    import(dir.path(), false, false);
    let path = dir.path().join(DOC);
    let original = std::fs::read_to_string(&path).unwrap();
    at_the_start_of_a_second();
    let mut edits = Vec::new();
    for n in 1..=2 {
        let edited = original.replace("TOP SECRET", &format!("TOP SECRET (edit {n})"));
        std::fs::write(&path, &edited).unwrap();
        let forced = import(dir.path(), true, false);
        assert!(outcomes(&forced).contains(&Outcome::Replaced), "{forced}");
        edits.push(edited);
    }
    let mut backups: Vec<String> = walkdir::WalkDir::new(dir.path().join(".folio/import-backups"))
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| std::fs::read_to_string(e.path()).unwrap())
        .collect();
    backups.sort();
    assert_eq!(backups, edits, "each forced import keeps its own backup");
}

#[test]
fn item_5_a_document_renamed_by_its_editor_is_still_its_transcripts_document() {
    let dir = edition();
    let first = import(dir.path(), false, false);
    assert_eq!(outcomes(&first), [Outcome::Created, Outcome::Created]);
    let renamed = "content/documents/chervonenko-deng-1961.md";
    std::fs::rename(dir.path().join(DOC), dir.path().join(renamed)).unwrap();
    let documents = || {
        let mut names: Vec<String> = std::fs::read_dir(dir.path().join("content/documents"))
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    };
    let after_rename = documents();

    // Unchanged: recognised under its new name, nothing written, no duplicate.
    let again = import(dir.path(), false, false);
    assert_eq!(
        outcomes(&again),
        [Outcome::Unchanged, Outcome::Unchanged],
        "{again}"
    );
    assert_eq!(documents(), after_rename, "{again}");
    let doc_of = |report: &ImportReport| {
        report
            .files
            .iter()
            .find(|f| f.source.ends_with("000_8df19dfbbc6994a8.txt"))
            .and_then(|f| f.document.clone())
            .unwrap()
    };
    assert_eq!(doc_of(&again), Path::new(renamed));
    let manifest = std::fs::read_to_string(dir.path().join(".folio/import-manifest.json")).unwrap();
    assert!(
        manifest.contains(renamed) && !manifest.contains(DOC),
        "{manifest}"
    );

    // The transcript changes and the renamed document is as imported: updated in place.
    let source = dir.path().join("content/sources/000_8df19dfbbc6994a8.txt");
    let transcript = std::fs::read_to_string(&source).unwrap();
    std::fs::write(
        &source,
        transcript.replace(AFTER, &format!("{AFTER} We sat down.")),
    )
    .unwrap();
    let updated = import(dir.path(), false, false);
    assert_eq!(
        outcomes(&updated),
        [Outcome::Updated, Outcome::Unchanged],
        "{updated}"
    );
    assert!(
        std::fs::read_to_string(dir.path().join(renamed))
            .unwrap()
            .contains("We sat down.")
    );
    assert_eq!(documents(), after_rename);

    // Renamed and edited (also before any manifest entry moved): kept, never recreated.
    let edited =
        std::fs::read_to_string(dir.path().join(renamed)).unwrap() + "\nAn editor's line.\n";
    std::fs::write(dir.path().join(renamed), &edited).unwrap();
    let kept = import(dir.path(), false, false);
    assert_eq!(
        outcomes(&kept),
        [Outcome::Kept, Outcome::Unchanged],
        "{kept}"
    );
    assert_eq!(
        std::fs::read_to_string(dir.path().join(renamed)).unwrap(),
        edited
    );
    assert_eq!(documents(), after_rename);

    // --force replaces it where it is now, with a backup.
    let forced = import(dir.path(), true, false);
    assert_eq!(
        outcomes(&forced),
        [Outcome::Replaced, Outcome::Unchanged],
        "{forced}"
    );
    assert_eq!(documents(), after_rename);
    assert!(
        !std::fs::read_to_string(dir.path().join(renamed))
            .unwrap()
            .contains("An editor's line.")
    );
}

#[test]
fn item_5_a_renamed_document_edited_before_the_next_import_is_kept() {
    // Renamed and edited at once: the manifest still names the old path.
    let dir = edition();
    import(dir.path(), false, false);
    let renamed = dir.path().join("content/documents/renamed.md");
    let edited = std::fs::read_to_string(dir.path().join(DOC))
        .unwrap()
        .replace("TOP SECRET", "TOP SECRET[^9]")
        + "\n[^9]: An editor's note.\n";
    std::fs::write(&renamed, &edited).unwrap();
    std::fs::remove_file(dir.path().join(DOC)).unwrap();
    let report = import(dir.path(), false, false);
    assert_eq!(
        outcomes(&report),
        [Outcome::Kept, Outcome::Unchanged],
        "{report}"
    );
    assert!(
        !dir.path().join(DOC).exists(),
        "recreated under the old id:\n{report}"
    );
    assert_eq!(std::fs::read_to_string(&renamed).unwrap(), edited);
}
