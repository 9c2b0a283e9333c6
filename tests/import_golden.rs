//! Golden and corpus tests of `folio import`: the two seed transcripts import to the
//! checked-in expected Markdown (identical to the hand-written sample documents), and a corpus
//! of further transcripts in the archives' layouts imports with the expected facts.
//! Every test imports into a temporary copy of the sample edition.

mod common;

use std::path::{Path, PathBuf};

use folio::content::DocumentMeta;
use folio::import::{ImportOptions, ImportReport, Outcome, run};

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

/// A temporary edition with the sample's people and settings and no documents.
fn edition(with_people: bool) -> tempfile::TempDir {
    common::import_edition(with_people)
}

fn fixture(relative: &str) -> PathBuf {
    Path::new(ROOT).join("tests/fixtures/import").join(relative)
}

fn import(root: &Path, paths: &[PathBuf]) -> ImportReport {
    run(
        root,
        &ImportOptions {
            paths: paths.to_vec(),
            into: PathBuf::from("content/documents"),
            ..ImportOptions::default()
        },
    )
}

fn meta_of(root: &Path, document: &Path) -> (DocumentMeta, String) {
    let text = std::fs::read_to_string(root.join(document)).unwrap();
    let split = folio::content::front_matter::split(document, &text).unwrap();
    let meta: DocumentMeta = split.parse(document, &text).unwrap();
    (meta, text)
}

fn document_for<'a>(report: &'a ImportReport, source: &str) -> &'a Path {
    report
        .files
        .iter()
        .find(|f| f.source.ends_with(source))
        .and_then(|f| f.document.as_deref())
        .unwrap_or_else(|| panic!("{source} was not imported:\n{report}"))
}

fn participants(meta: &DocumentMeta) -> Vec<(String, String)> {
    meta.participants
        .iter()
        .map(|p| (p.person.clone(), p.role.clone()))
        .collect()
}

fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
    list.iter()
        .map(|(a, b)| ((*a).to_owned(), (*b).to_owned()))
        .collect()
}

#[test]
fn seeds_import_to_the_expected_markdown() {
    let dir = edition(true);
    let report = import(dir.path(), &[fixture("seeds")]);
    assert!(!report.failed(), "{report}");
    assert!(report.new_people.is_empty(), "{report}");
    assert!(report.uncertain.is_empty(), "{report}");
    for name in [
        "1961-09-30-chervonenko-deng-xiaoping.md",
        "1959-11-06-chervonenko-deng-xiaoping.md",
    ] {
        let got = std::fs::read_to_string(dir.path().join("content/documents").join(name)).unwrap();
        let want = std::fs::read_to_string(fixture("expected").join(name)).unwrap();
        assert_eq!(got, want, "{name} differs from the expected import");
    }
}

#[test]
fn seed_000_fields_are_all_captured() {
    let dir = edition(true);
    let report = import(dir.path(), &[fixture("seeds/000_8df19dfbbc6994a8.txt")]);
    let (m, body) = meta_of(
        dir.path(),
        document_for(&report, "000_8df19dfbbc6994a8.txt"),
    );
    assert_eq!(
        m.title,
        "From the Diary of S. V. Chervonenko, Transcript of Conversation with General Secretary of the CC CCP, Deng Xiaoping, 30 September 1961"
    );
    assert_eq!(m.date.unwrap().to_string(), "1961-10-12");
    assert_eq!(m.event_date.unwrap().to_string(), "1961-09-30");
    assert_eq!(m.kind, "Diary entry");
    assert!(
        m.archive_citation
            .starts_with("\"From the Diary of S. V. Chervonenko")
    );
    assert!(
        m.archive_citation
            .ends_with("<https://wilson-center-digital-archive.dvincitest.com/document/111250>")
    );
    assert_eq!(m.collection, "Wilson Center Digital Archive");
    assert_eq!(m.archive, "AVPRF");
    assert_eq!(
        m.archive_location,
        "f. 0100, op. 53, p. 8, d. 454, ll. 175-8"
    );
    assert_eq!(m.translators, ["Benjamin Aldrich-Moodie"]);
    assert!(m.obtained_by.is_empty());
    assert_eq!(m.original_language, "Russian");
    assert_eq!(m.contents, "Translation - English");
    assert_eq!(
        m.source_url,
        "https://wilson-center-digital-archive.dvincitest.com/document/111250"
    );
    assert!(m.summary.is_empty());
    assert_eq!(m.classification, "TOP SECRET");
    assert_eq!(m.copy_number, "1");
    assert_eq!(m.author.as_deref(), Some("stepan-chervonenko"));
    assert_eq!(
        participants(&m),
        pairs(&[
            ("stepan-chervonenko", "Ambassador of the USSR in the PRC"),
            ("deng-xiaoping", "General Secretary of the CC CCP"),
            (
                "yang-shangkun",
                "Candidate of the secretariat of the CC CCP"
            ),
            ("yan-mingfu", "Translator for the CC CCP apparatus"),
            ("zhu-ruizhen", "Translator for the CC CCP apparatus"),
            ("f-v-mochulskii", "Counselor to the embassy"),
        ])
    );
    assert_eq!(
        m.mentioned,
        [
            "mao-zedong",
            "nikita-khrushchev",
            "frol-kozlov",
            "zhou-enlai"
        ]
    );
    assert_eq!(m.source.as_deref(), Some("000_8df19dfbbc6994a8.txt"));
    for part in [
        "::: header\nFrom the Diary of  \nS.V. CHERVONENKO  \n",
        "(*neplokho*)",
        "(*za Sovetskim Soiuzum*)",
        "(at that time, the king",
        "he (Deng Xiaoping) had",
        "thanked [me] for",
        "ended....",
        "::: attendance\nThe candidate",
        "[signature]\n\n([S. CERVONENKO](person:stepan-chervonenko))\n:::",
    ] {
        assert!(body.contains(part), "missing {part:?}");
    }
    assert!(!body.contains("**Citation:**"));
}

#[test]
fn seed_003_fields_are_all_captured() {
    let dir = edition(true);
    let report = import(dir.path(), &[fixture("seeds/003_37454c913c3dd27f.txt")]);
    let (m, body) = meta_of(
        dir.path(),
        document_for(&report, "003_37454c913c3dd27f.txt"),
    );
    assert_eq!(
        m.title,
        "Memorandum of Conversation with the General Secretary of the CCP CC, Deng Xiaoping"
    );
    assert_eq!(m.date.unwrap().to_string(), "1959-12-08");
    assert_eq!(m.event_date.unwrap().to_string(), "1959-11-06");
    assert_eq!(m.kind, "Memorandum of conversation");
    assert!(
        m.archive_citation
            .contains("Deng Xiaoping ,\" December 08, 1959")
    );
    assert_eq!(
        m.collection,
        "History and Public Policy Program Digital Archive"
    );
    assert_eq!(
        m.archive,
        "RGANI (formerly Center for Preservation of Contemporary Documentation [TsKhSD])"
    );
    assert_eq!(m.archive_location, "f. 5, op. 49, d. 235, ll. 107-110");
    assert_eq!(m.translators, ["Benjamin Aldrich-Moodie"]);
    assert_eq!(m.obtained_by, ["Paul Wingrove"]);
    assert!(m.original_language.is_empty());
    assert!(m.contents.is_empty());
    assert!(m.source_url.is_empty());
    assert!(
        m.summary
            .starts_with("Memorandum of a conversation between V. S. Chervonenko")
    );
    assert!(m.classification.is_empty());
    assert!(m.copy_number.is_empty());
    assert_eq!(m.author.as_deref(), Some("stepan-chervonenko"));
    assert_eq!(
        participants(&m),
        pairs(&[
            ("stepan-chervonenko", "Ambassador of the USSR in the PRC"),
            ("deng-xiaoping", "General Secretary of the CCP CC"),
            (
                "yu-peiwen",
                "Head of the protocol division of the CCP Foreign Ministry"
            ),
            (
                "yu-zhan",
                "Assistant head of the division for the USSR and the countries of Eastern Europe"
            ),
            ("b-n-vereshchagin", "USSR embassy counselor"),
            ("b-t-kulik", "Third secretary"),
        ])
    );
    assert_eq!(m.mentioned, ["nikita-khrushchev"]);
    for furniture in [
        "Search in",
        "get citation",
        "share document",
        "English HTML",
        "PDF",
        "•",
    ] {
        assert!(!body.contains(furniture), "furniture {furniture:?} kept");
    }
    assert!(body.contains("::: header\nFrom the diary of\n\n8\" December 1959\n"));
    assert!(body.contains("(*vskolykhnut'*)"));
    assert!(body.contains("[those friends]"));
    assert!(body.contains("[signature] ([S. CHERVONENKO](person:stepan-chervonenko))"));
}

/// What the corpus transcripts must give.
struct Expect {
    file: &'static str,
    id: &'static str,
    title: &'static str,
    date: &'static str,
    event_date: &'static str,
    kind: &'static str,
    author: &'static str,
    participants: &'static [(&'static str, &'static str)],
    mentioned: &'static [&'static str],
    translators: &'static [&'static str],
    obtained_by: &'static [&'static str],
    original_language: &'static str,
    classification: &'static str,
    copy_number: &'static str,
    archive: &'static str,
    archive_location: &'static str,
    body: &'static [&'static str],
}

const NONE: Expect = Expect {
    file: "",
    id: "",
    title: "",
    date: "",
    event_date: "",
    kind: "",
    author: "",
    participants: &[],
    mentioned: &[],
    translators: &[],
    obtained_by: &[],
    original_language: "",
    classification: "",
    copy_number: "",
    archive: "",
    archive_location: "",
    body: &[],
};

const CORPUS: &[Expect] = &[
    Expect {
        file: "c01_record_two_translators.txt",
        id: "1960-02-26-yudin-mao-zedong",
        title: "Record of Conversation with Chairman of the CC CCP, Mao Zedong, 26 February 1960",
        date: "1960-03-03",
        event_date: "1960-02-26",
        kind: "Record of conversation",
        author: "p-yudin",
        participants: &[
            ("p-yudin", "Ambassador of the USSR in the PRC"),
            ("mao-zedong", "Chairman of the CC CCP"),
            ("peng-zhen", "Member of the Politburo of the CC CCP"),
            ("yan-mingfu", "Interpreter"),
        ],
        mentioned: &["nikita-khrushchev"],
        translators: &["Sergey Radchenko", "David Wolff"],
        original_language: "Russian",
        classification: "SECRET",
        copy_number: "2",
        archive: "AVPRF",
        archive_location: "f. 0100, op. 53, p. 24, d. 8, ll. 33-40",
        body: &[
            "(*razriadka*)",
            "laughing (laughs)",
            "[signature]\n\n([P. YUDIN](person:p-yudin))",
        ],
        ..NONE
    },
    Expect {
        file: "c02_scraped_obtained_and_translated.txt",
        id: "1960-07-19-chervonenko-zhou-enlai",
        title: "Memorandum of Conversation with Premier of the State Council, Zhou Enlai",
        date: "1960-07-21",
        event_date: "1960-07-19",
        kind: "Memorandum of conversation",
        author: "stepan-chervonenko",
        participants: &[
            ("stepan-chervonenko", "Ambassador of the USSR in the PRC"),
            ("zhou-enlai", "Premier of the State Council"),
            (
                "zhang-wentian",
                "Deputy Minister of Foreign Affairs of the PRC",
            ),
            ("f-v-mochulskii", "Counselor of the embassy"),
        ],
        mentioned: &["mao-zedong"],
        translators: &["Mark Kramer"],
        obtained_by: &["Mark Kramer"],
        archive: "RGANI",
        archive_location: "f. 5, op. 49, d. 301, ll. 1-9",
        body: &["::: header\nFrom the diary of\n\nS. V. CHERVONENKO\n"],
        ..NONE
    },
    Expect {
        file: "c03_telegram.txt",
        id: "1961-09-02-telegram-from-chervonenko-to-the-cc-cpsu-on-the-situation-in",
        title: "Telegram from Chervonenko to the CC CPSU on the Situation in Tibet",
        date: "1961-09-02",
        kind: "Telegram",
        author: "stepan-chervonenko",
        // The signer of a telegram is a participant (docs/import.md, "Participants").
        participants: &[("stepan-chervonenko", "")],
        translators: &["Gary Goldberg"],
        original_language: "Russian",
        classification: "TOP SECRET - SPECIAL FILE",
        copy_number: "3",
        archive: "AVPRF",
        archive_location: "f. 0100, op. 54, d. 12, l. 5",
        body: &[
            "(*na tret'*)",
            "::: signature\n[S. CHERVONENKO](person:stepan-chervonenko)\n:::",
        ],
        ..NONE
    },
    Expect {
        file: "c04_minutes_many_participants.txt",
        id: "1961-02-08-minutes-of-the-meeting-of-the-soviet-and-chinese-delegations",
        title: "Minutes of the Meeting of the Soviet and Chinese Delegations, 8 February 1961",
        date: "1961-02-10",
        event_date: "1961-02-08",
        kind: "Minutes",
        participants: &[
            ("frol-kozlov", ""),
            ("m-a-suslov", ""),
            ("yu-v-andropov", ""),
            ("stepan-chervonenko", ""),
            ("deng-xiaoping", ""),
            ("peng-zhen", ""),
            ("kang-sheng", ""),
            ("yang-shangkun", ""),
        ],
        translators: &[
            "Benjamin Aldrich-Moodie",
            "Sergey Radchenko",
            "Svetlana Savranskaya",
        ],
        obtained_by: &["Vladislav Zubok"],
        original_language: "Russian",
        classification: "STRICTLY SECRET",
        archive: "RGANI",
        archive_location: "f. 5, op. 49, d. 410, ll. 12-30",
        body: &["::: attendance\nPresent: Comrades [F.R. Kozlov](person:frol-kozlov), "],
        ..NONE
    },
    Expect {
        file: "c05_footnotes.txt",
        id: "1959-11-12-chervonenko-peng-zhen",
        title: "Memorandum of Conversation with the Secretary of the CC CCP, Peng Zhen, 12 November 1959",
        date: "1959-11-15",
        event_date: "1959-11-12",
        kind: "Memorandum of conversation",
        author: "stepan-chervonenko",
        participants: &[
            ("stepan-chervonenko", "Ambassador of the USSR in the PRC"),
            ("peng-zhen", "Secretary of the CC CCP"),
        ],
        translators: &["Benjamin Aldrich-Moodie"],
        original_language: "Russian",
        archive: "AVPRF",
        archive_location: "f. 0100, op. 52, p. 442, d. 6, ll. 50-53",
        body: &[
            "plenum.[^1] He",
            "interest.[^2]\n",
            "(*ukrepilo partiiu*)",
            "\n[^1]: The Eighth Plenum",
            "\n[^2]: The Great Leap Forward.\n",
        ],
        ..NONE
    },
    Expect {
        file: "c06_month_only_no_language.txt",
        id: "1961-09-report-of-the-embassy-on-the-economic-situation-in-the-prc",
        title: "Report of the Embassy on the Economic Situation in the PRC",
        date: "1961-09",
        kind: "Report",
        translators: &["Gary Goldberg"],
        classification: "SECRET",
        archive: "AVPRF",
        archive_location: "f. 0100, op. 54, d. 30",
        body: &["\"readjustment, consolidation, filling out and raising standards.\""],
        ..NONE
    },
    Expect {
        file: "c07_year_only_scraped.txt",
        id: "1960-note-on-soviet-chinese-trade-negotiations",
        title: "Note on Soviet-Chinese Trade Negotiations",
        date: "1960",
        kind: "Note",
        author: "n-patolichev",
        participants: &[("n-patolichev", "Deputy Minister of Foreign Trade")],
        translators: &["Gary Goldberg"],
        archive: "RGAE",
        archive_location: "f. 413, op. 13, d. 9924, ll. 1-4",
        body: &[
            "::: signature\nDeputy Minister of Foreign Trade  \n[N. Patolichev](person:n-patolichev)\n:::",
        ],
        ..NONE
    },
    Expect {
        file: "c08_wrapped_lines.txt",
        id: "1960-11-28-chervonenko-deng-xiaoping",
        title: "Memorandum of Conversation with Deng Xiaoping, 28 November 1960",
        date: "1960-12-01",
        event_date: "1960-11-28",
        kind: "Memorandum of conversation",
        author: "stepan-chervonenko",
        participants: &[("stepan-chervonenko", ""), ("deng-xiaoping", "")],
        translators: &["Benjamin Aldrich-Moodie"],
        original_language: "Russian",
        archive: "AVPRF",
        archive_location: "f. 0100, op. 53, d. 19, ll. 1-3",
        body: &[
            "I had a short conversation with [Deng Xiaoping](person:deng-xiaoping). Deng Xiaoping said that the Moscow meeting",
            "for the whole camp.\n\nI remarked",
            "for a long time.\n\nDeng Xiaoping agreed.\n",
        ],
        ..NONE
    },
    Expect {
        file: "c09_transliteration_variants.txt",
        id: "1962-06-02-chervonenko-deng-xiaoping",
        title: "From the Diary of S. V. Tchervonenko, Memorandum of Conversation with Xiaoping Deng, 2 June 1962",
        date: "1962-06-05",
        event_date: "1962-06-02",
        kind: "Diary entry",
        author: "stepan-chervonenko",
        participants: &[
            ("stepan-chervonenko", "Ambassador of the USSR in the PRC"),
            ("deng-xiaoping", ""),
            ("f-v-mochulskii", "Counselor"),
        ],
        mentioned: &["nikita-khrushchev"],
        translators: &["Benjamin Aldrich-Moodie"],
        original_language: "Russian",
        archive: "AVPRF",
        archive_location: "f. 0100, op. 55, d. 4, ll. 20-25",
        body: &["[N. S. Khrushchev](person:nikita-khrushchev)"],
        ..NONE
    },
    Expect {
        file: "c10_roles_after_names.txt",
        id: "1959-10-02-record-of-conversation-between-n-s-khrushchev-and-mao-zedong",
        title: "Record of Conversation between N.S. Khrushchev and Mao Zedong, 2 October 1959",
        date: "1959-10-03",
        event_date: "1959-10-02",
        kind: "Record of conversation",
        participants: &[
            ("nikita-khrushchev", ""),
            ("mao-zedong", ""),
            ("zhou-enlai", "Premier of the State Council"),
            ("chen-yi", "Minister of Foreign Affairs"),
            ("m-a-suslov", "Secretary of the CC CPSU"),
        ],
        translators: &["Vladislav Zubok"],
        original_language: "Russian",
        classification: "TOP SECRET",
        archive: "APRF",
        archive_location: "f. 52, op. 1, d. 499, ll. 1-33",
        body: &["(*prevyshe vsego*)"],
        ..NONE
    },
    Expect {
        file: "c11_dates_and_unknown_layout.txt",
        id: "1960-12-08-memorandum-of-conversation-with-liu-shaoqi",
        title: "Memorandum of Conversation with Liu Shaoqi",
        date: "1960-12-08",
        kind: "Memorandum of conversation",
        participants: &[("liu-shaoqi", "")],
        classification: "TOP SECRET",
        body: &["I met with [Liu Shaoqi](person:liu-shaoqi), who"],
        ..NONE
    },
];

#[test]
fn corpus_transcripts_import_with_the_expected_facts() {
    let dir = edition(true);
    let report = import(dir.path(), &[fixture("corpus")]);
    assert!(!report.failed(), "{report}");
    assert_eq!(report.files.len(), CORPUS.len());
    let date =
        |d: Option<folio::content::date::EditionDate>| d.map(|d| d.to_string()).unwrap_or_default();
    for e in CORPUS {
        let document = document_for(&report, e.file);
        assert_eq!(
            document,
            Path::new("content/documents").join(format!("{}.md", e.id)),
            "{}",
            e.file
        );
        let (m, body) = meta_of(dir.path(), document);
        let f = e.file;
        assert_eq!(m.title, e.title, "{f}");
        assert_eq!(date(m.date), e.date, "{f}");
        assert_eq!(date(m.event_date), e.event_date, "{f}");
        assert_eq!(m.kind, e.kind, "{f}");
        assert_eq!(m.author.as_deref().unwrap_or(""), e.author, "{f}");
        assert_eq!(participants(&m), pairs(e.participants), "{f}");
        assert_eq!(m.mentioned, e.mentioned, "{f}");
        assert_eq!(m.translators, e.translators, "{f}");
        assert_eq!(m.obtained_by, e.obtained_by, "{f}");
        assert_eq!(m.original_language, e.original_language, "{f}");
        assert_eq!(m.classification, e.classification, "{f}");
        assert_eq!(m.copy_number, e.copy_number, "{f}");
        assert_eq!(m.archive, e.archive, "{f}");
        assert_eq!(m.archive_location, e.archive_location, "{f}");
        for part in e.body {
            assert!(body.contains(part), "{f}: missing {part:?} in\n{body}");
        }
    }
    // New people are reported and written for review; loose matches are listed.
    for id in [
        "p-yudin",
        "peng-zhen",
        "zhang-wentian",
        "m-a-suslov",
        "chen-yi",
        "liu-shaoqi",
    ] {
        assert!(
            report.new_people.iter().any(|p| p == id),
            "{id} not created:\n{report}"
        );
        let text =
            std::fs::read_to_string(dir.path().join(format!("content/people/{id}.md"))).unwrap();
        assert!(text.contains("review: true"), "{id}");
    }
    let uncertain: Vec<(&str, &str)> = report
        .uncertain
        .iter()
        .map(|(s, id, _)| (s.as_str(), id.as_str()))
        .collect();
    assert!(
        uncertain.contains(&("S. V. TCHERVONENKO", "stepan-chervonenko")),
        "{uncertain:?}"
    );
    assert!(
        uncertain.contains(&("F. V. Mochulsky", "f-v-mochulskii")),
        "{uncertain:?}"
    );
    // The edition with the imported documents loads: every person id exists.
    let loaded = folio::content::Edition::load(dir.path());
    assert!(
        loaded.is_ok(),
        "{}",
        loaded.err().map(|e| e.to_string()).unwrap_or_default()
    );
}

/// A sample document as the importer wrote it: without what its editors added since (an
/// editor's `::: note`, `::: original` passages, the facsimile's front matter).
fn without_editorial_additions(text: &str) -> String {
    let mut kept = String::new();
    let mut lines = text.split_inclusive('\n').peekable();
    let mut in_front_matter = false;
    while let Some(line) = lines.next() {
        if line == "---\n" {
            in_front_matter = !in_front_matter;
        }
        let key = line.split(':').next().unwrap_or_default();
        if in_front_matter && matches!(key, "facsimile" | "scan" | "iiif_manifest") {
            while lines.next_if(|l| l.starts_with("  ")).is_some() {}
            continue;
        }
        if !in_front_matter && (line == "::: note\n" || line.starts_with("::: original ")) {
            while lines.next().is_some_and(|l| l != ":::\n") {}
            lines.next_if(|l| *l == "\n");
            continue;
        }
        kept.push_str(line);
    }
    kept
}

#[test]
fn the_sample_edition_is_regenerated_from_its_sources() {
    let dir = edition(true);
    let report = import(dir.path(), &[Path::new(ROOT).join("content/sources")]);
    assert!(!report.failed(), "{report}");
    for entry in std::fs::read_dir(Path::new(ROOT).join("content/documents")).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap();
        let imported =
            std::fs::read_to_string(dir.path().join("content/documents").join(name)).unwrap();
        assert_eq!(
            imported,
            without_editorial_additions(&std::fs::read_to_string(&path).unwrap()),
            "{}",
            path.display()
        );
    }
    assert_eq!(
        report
            .files
            .iter()
            .filter(|f| f.outcome == Outcome::Created)
            .count(),
        2
    );
}
