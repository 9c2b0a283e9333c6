//! A bounded, deterministic fuzz test of `folio import` followed by `folio build` (issue #25,
//! "nothing lost, nothing wrong published").
//!
//! The seeds and every import fixture are mutated by a small seeded PRNG (no dependency):
//! payload lines and fragments that are Markdown, Folio fence, YAML, Tera or HTML syntax,
//! line separators, non-characters, NUL and other control characters, a byte-order mark,
//! CRLF line ends, very long lines, and truncation at a random character boundary. Each case
//! is imported into a fresh copy of the sample edition and built, and:
//!
//! - nothing panics;
//! - the import succeeds (a readable page is never refused);
//! - the edition builds (every imported document renders);
//! - no page has a `javascript:` link or an event-handler attribute, and no script element
//!   carries the payload.
//!
//! `FOLIO_FUZZ_CASES` sets the number of cases (default 200, well within a minute in debug on two
//! cores); `FOLIO_FUZZ_SEED` the PRNG seed. A failing case prints its seed, its mutations
//! and the file, to reproduce it.

mod common;

use std::path::PathBuf;
use std::time::Instant;

use folio::import::{ImportOptions, Outcome, run};

/// SplitMix64: a tiny, well-mixed PRNG, enough to choose mutations reproducibly.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number below `n` (`n` > 0).
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

/// Lines and fragments that mean something to Markdown, Folio, YAML, Tera or HTML.
const PAYLOADS: &[&str] = &[
    "[^1]",
    "[^note]",
    "text[^2] more",
    "[^1]: a note that is not one",
    ":::",
    "::: note",
    "::: header",
    "::: original ru",
    ":::: signature",
    "[w]: javascript:alert(1)",
    "[w]: <javascript:alert(1)> \"title\"",
    "see [w] and [w][] and [x][w]",
    "[x](javascript:alert(1))",
    "![i](javascript:alert(1))",
    "[x]( javascript:alert(1) )",
    "<javascript:alert(1)>",
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "<a href=javascript:alert(1)>x</a>",
    "<!-- comment --> <?php ?> <![CDATA[x]]>",
    "<http://example.com/x>",
    "<mailto:someone@example.com>",
    "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &#106;avascript:",
    "[Mao](person:nobody) and [d](doc:nowhere)",
    "\u{2028}",
    "\u{2029}",
    "\u{FFFF}",
    "\u{FFFE}",
    "\u{FDD0}",
    "\u{10FFFF}",
    "\u{0}",
    "\u{1b}[31m",
    "\u{7}",
    "\u{85}",
    "\u{c}",
    "\u{feff}",
    "---",
    "+++",
    "***",
    "- - -",
    "--",
    "===",
    "# heading",
    "> quote",
    "1. item",
    "1961) item",
    "- item",
    "+ item",
    "* item",
    "| a | b |\n|---|---|",
    "```",
    "~~~",
    "~~strike~~",
    "    indented code",
    "\\",
    "line ending in a backslash\\",
    "[",
    "]",
    "*",
    "_",
    "`",
    "(*neplokho*)",
    "{{ title }}",
    "{% if true %}x{% endif %}",
    "{# comment #}",
    "title: \"x\"",
    "key: value # comment",
    "'quoted",
    "\"",
    "Copy No. 1",
    "TOP SECRET",
    "[signature]",
    "Citation:",
    "**Citation:**",
    "[1] A note.",
    "[1] A note.\n\n[1] A second note with the same number.",
    "[1]",
    "[1](javascript:alert(1))",
    "Long live!Mao Zedong and !Deng Xiaoping",
];

/// One mutation, applied to the text; returns its description.
fn mutate(text: &mut String, rng: &mut Rng) -> String {
    let boundaries = |t: &str| -> Vec<usize> {
        t.char_indices()
            .map(|(i, _)| i)
            .chain(std::iter::once(t.len()))
            .collect()
    };
    match rng.below(10) {
        0..=2 => {
            // A payload line between two lines.
            let payload = *rng.pick(PAYLOADS);
            let starts: Vec<usize> = std::iter::once(0)
                .chain(text.match_indices('\n').map(|(i, _)| i + 1))
                .collect();
            let at = *rng.pick(&starts);
            let blank = if rng.below(2) == 0 { "\n" } else { "" };
            text.insert_str(at, &format!("{blank}{payload}\n{blank}"));
            format!("line {payload:?} at byte {at}")
        }
        3..=4 => {
            // A payload inside a line.
            let payload = *rng.pick(PAYLOADS);
            let at = *rng.pick(&boundaries(text));
            text.insert_str(at, payload);
            format!("fragment {payload:?} at byte {at}")
        }
        5 => {
            // A very long line.
            // (Of text: a line of 20,000 NULs is a binary file, refused by design.)
            let payload = *rng.pick(PAYLOADS);
            let word = if rng.below(2) == 0
                || payload
                    .chars()
                    .any(|c| folio::import::decode::is_not_text(c) || c == '\u{feff}')
            {
                "word "
            } else {
                payload
            };
            let line = word.repeat(1 + 20_000 / word.len().max(1));
            let at = *rng.pick(&boundaries(text));
            text.insert_str(at, &format!("\n{line}\n"));
            format!("long line of {word:?} at byte {at}")
        }
        6 => {
            // Stray markup characters sprinkled over the text.
            let strays = [
                '[', ']', '(', ')', '!', '*', '_', '\\', '`', '<', '>', '#', '|', '~', '&', ':',
            ];
            let count = 1 + rng.below(12);
            for _ in 0..count {
                let at = *rng.pick(&boundaries(text));
                text.insert(at, *rng.pick(&strays));
            }
            format!("{count} stray markup characters")
        }
        7 => {
            *text = text.replace('\n', "\r\n");
            "CRLF line ends".to_owned()
        }
        8 => {
            text.insert(0, '\u{feff}');
            "byte-order mark".to_owned()
        }
        _ => {
            // Truncation at a character boundary, keeping some text.
            let cuts = boundaries(text);
            let at = cuts[cuts.len() / 10 + rng.below(cuts.len() - cuts.len() / 10)];
            text.truncate(at);
            format!("truncated at byte {at}")
        }
    }
}

/// The texts to mutate: the seeds and every fixture transcript.
fn bases() -> Vec<(String, String)> {
    let root = common::repository().join("tests/fixtures/import");
    let mut out = Vec::new();
    for set in ["seeds", "samples", "rules", "corpus"] {
        let mut files: Vec<PathBuf> = std::fs::read_dir(root.join(set))
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == "txt"))
            .collect();
        files.sort();
        for file in files {
            let text = std::fs::read_to_string(&file).unwrap();
            out.push((
                format!("{set}/{}", file.file_name().unwrap().to_string_lossy()),
                text,
            ));
        }
    }
    out
}

/// What is wrong with the built page `html`, if anything: a `javascript:` URL, an event
/// handler attribute, or a script element carrying the payload.
fn unsafe_markup(html: &str) -> Option<String> {
    let document = scraper::Html::parse_document(html);
    for node in document.root_element().descendants() {
        let Some(element) = scraper::ElementRef::wrap(node) else {
            continue;
        };
        let name = element.value().name();
        for (attribute, value) in element.value().attrs() {
            let squeezed: String = value
                .chars()
                .filter(|c| !c.is_whitespace() && !c.is_control())
                .collect::<String>()
                .to_ascii_lowercase();
            if squeezed.starts_with("javascript:") || squeezed.starts_with("vbscript:") {
                return Some(format!("<{name} {attribute}=\"{value}\">"));
            }
            if attribute.starts_with("on") {
                return Some(format!("<{name} {attribute}=\"{value}\">"));
            }
        }
        if name == "script" {
            let text: String = element.text().collect();
            let json = element
                .value()
                .attr("type")
                .is_some_and(|t| t.contains("json"));
            if text.contains("alert(1)") && !json {
                return Some(format!("<script>{text}</script>"));
            }
            if json && (text.contains("<script") || text.contains("</")) {
                return Some(format!("JSON in a script element not escaped: {text}"));
            }
        }
        if name == "img" && element.value().attr("src") == Some("x") {
            return Some("<img src=x> from the payload".to_owned());
        }
    }
    None
}

#[test]
fn mutated_transcripts_import_and_build_safely() {
    let cases: usize = std::env::var("FOLIO_FUZZ_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(200);
    let seed: u64 = std::env::var("FOLIO_FUZZ_SEED")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(25);
    let bases = bases();
    let themes = common::repository().join("themes");
    let started = Instant::now();
    let mut rng = Rng(seed);
    let mut failures = Vec::new();
    let mut documents_built = 0;
    for case in 0..cases {
        let case_seed = rng.next();
        let mut case_rng = Rng(case_seed);
        let (base, original) = case_rng.pick(&bases);
        let mut text = original.clone();
        let mut steps = Vec::new();
        for _ in 0..1 + case_rng.below(4) {
            steps.push(mutate(&mut text, &mut case_rng));
        }
        if text.trim().is_empty() {
            // An empty file is refused by design; give it one line of text.
            text.push_str("A line of text.\n");
        }
        let describe = || {
            format!(
                "case {case} (seed {case_seed}, {base}): {}",
                steps.join("; ")
            )
        };

        let dir = common::import_edition(true);
        common::copy_recursively(&themes, &dir.path().join("themes"));
        let transcript = dir.path().join("content/sources/fuzz.txt");
        std::fs::write(&transcript, &text).unwrap();
        let root = dir.path().to_path_buf();
        let outcome = std::panic::catch_unwind(|| -> Result<usize, String> {
            let report = run(
                &root,
                &ImportOptions {
                    paths: vec![root.join("content/sources")],
                    into: PathBuf::from("content/documents"),
                    force: false,
                    dry_run: false,
                },
            );
            if report.failed() || report.files.iter().any(|f| f.outcome != Outcome::Created) {
                return Err(format!("the import failed:\n{report}"));
            }
            let summary = folio::pipeline::build(&folio::pipeline::BuildOptions::new(&root))
                .map_err(|problems| format!("the build failed:\n{problems}"))?;
            for page in walkdir::WalkDir::new(root.join("public"))
                .into_iter()
                .filter_map(Result::ok)
                .filter(|e| e.path().extension().is_some_and(|x| x == "html"))
            {
                let html = std::fs::read_to_string(page.path()).unwrap();
                if let Some(problem) = unsafe_markup(&html) {
                    let relative = page.path().strip_prefix(&root).unwrap_or(page.path());
                    return Err(format!("{}: {problem}", relative.display()));
                }
            }
            Ok(summary.documents)
        });
        match outcome {
            Ok(Ok(documents)) => documents_built += documents,
            Ok(Err(problem)) => {
                let kept = keep_case(&text, case);
                failures.push(format!(
                    "{}\n  (transcript kept in {})\n{problem}",
                    describe(),
                    kept.display()
                ));
            }
            Err(_) => {
                let kept = keep_case(&text, case);
                failures.push(format!(
                    "{}\n  (transcript kept in {})\npanicked",
                    describe(),
                    kept.display()
                ));
            }
        }
    }
    let elapsed = started.elapsed();
    println!(
        "import fuzz: {cases} cases (seed {seed}), {} failed, {documents_built} documents built, in {:.1} s",
        failures.len(),
        elapsed.as_secs_f64()
    );
    assert!(
        failures.is_empty(),
        "{} of {cases} cases failed:\n\n{}",
        failures.len(),
        failures.join("\n\n")
    );
}

/// Writes a failing case's transcript where it can be imported by hand.
fn keep_case(text: &str, case: usize) -> PathBuf {
    let dir = std::env::temp_dir().join("folio-import-fuzz");
    let _ = std::fs::create_dir_all(&dir);
    let path = dir.join(format!("case-{case}.txt"));
    let _ = std::fs::write(&path, text);
    path
}

#[test]
fn the_page_check_sees_unsafe_markup() {
    // The checker of the fuzz test itself: it must see what it looks for.
    assert!(unsafe_markup("<p><a href=\" JavaScript:alert(1)\">x</a></p>").is_some());
    assert!(unsafe_markup("<p><img src=x onerror=alert(1)></p>").is_some());
    assert!(unsafe_markup("<script>alert(1)</script>").is_some());
    assert!(
        unsafe_markup("<p>&lt;script&gt;alert(1)&lt;/script&gt; [w]: javascript:alert(1)</p>")
            .is_none()
    );
}

/// A transcript quoting an HTML link, which the importer writes as literal text
/// (`\<a href="...">`, rendered `&lt;a href="..."&gt;`), builds: the link check reads
/// attributes inside tags only.
#[test]
fn a_transcript_quoting_an_html_link_builds() {
    let dir = common::import_edition(true);
    common::copy_recursively(
        &common::repository().join("themes"),
        &dir.path().join("themes"),
    );
    let seed = std::fs::read_to_string(
        common::repository().join("tests/fixtures/import/seeds/000_8df19dfbbc6994a8.txt"),
    )
    .unwrap()
    .replace(
        "On the same day I met with Deng Xiaoping.",
        "On the same day I met with Deng Xiaoping.\n\n<a href=\"javascript:alert(1)\">x</a>",
    );
    std::fs::write(dir.path().join("content/sources/quoted.txt"), seed).unwrap();
    let report = run(
        dir.path(),
        &ImportOptions {
            paths: vec![dir.path().join("content/sources")],
            into: PathBuf::from("content/documents"),
            force: false,
            dry_run: false,
        },
    );
    assert!(!report.failed(), "{report}");
    let build = folio::pipeline::build(&folio::pipeline::BuildOptions::new(dir.path()));
    assert!(
        build.is_ok(),
        "{}",
        build.err().map(|e| e.to_string()).unwrap_or_default()
    );
}
