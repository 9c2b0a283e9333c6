//! Generates a complete, valid Folio edition of N documents for benchmarks:
//!
//! ```sh
//! cargo run --release --example gen_corpus -- -n 10000 --out /tmp/ed10k [--seed 7]
//! ```
//!
//! The same seed gives the same edition, byte for byte. Documents have 600 to 1,200 words,
//! a header block, attendance and signature, footnotes, editorial insertions, glosses,
//! omissions and person references; there are about 3 % as many people as documents, with a
//! skewed fan-out (a few people are in thousands of documents, most in a handful); dates span
//! 1945-1991, with some days holding hundreds of documents (conferences).
//!
//! `benches/hot_paths.rs` includes this file as a module and calls [`generate`] to build its
//! larger edition in a temporary folder.

use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};

use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;

const WORDS: &[&str] = &[
    "the",
    "of",
    "and",
    "to",
    "in",
    "that",
    "relations",
    "between",
    "our",
    "parties",
    "comrade",
    "said",
    "question",
    "government",
    "situation",
    "delegation",
    "conference",
    "agreement",
    "position",
    "socialist",
    "camp",
    "unity",
    "economic",
    "assistance",
    "treaty",
    "ambassador",
    "embassy",
    "ministry",
    "central",
    "committee",
    "meeting",
    "conversation",
    "opinion",
    "international",
    "solidarity",
    "leadership",
    "development",
    "problem",
    "proposal",
    "security",
    "cooperation",
    "policy",
    "support",
    "friendship",
    "interests",
    "negotiations",
    "statement",
    "was",
    "were",
    "has",
    "had",
    "would",
    "could",
    "must",
    "noted",
    "stressed",
    "answered",
    "asked",
    "replied",
    "informed",
    "expressed",
    "hope",
    "view",
    "work",
    "people",
    "country",
    "countries",
    "side",
    "matter",
    "time",
    "with",
    "on",
    "for",
    "as",
    "by",
    "from",
    "at",
    "this",
    "which",
    "it",
    "he",
    "we",
    "they",
    "not",
    "also",
    "very",
];
const GLOSSES: &[&str] = &[
    "neplokho",
    "vskolykhnut'",
    "za Sovetskim Soiuzum",
    "druzhba",
    "soglasie",
    "raznoglasiia",
];
const INSERTIONS: &[&str] = &[
    "[me]",
    "[us]",
    "[USSR]",
    "[invited]",
    "[those friends]",
    "[always]",
    "[PRC]",
];
const GIVEN: &[&str] = &[
    "Ivan", "Pavel", "Sergei", "Nikolai", "Andrei", "Boris", "Fedor", "Stepan", "Li", "Wang",
    "Zhang", "Chen", "Liu", "Yang", "Anna", "Maria",
];
const FAMILY: &[&str] = &[
    "Petrov", "Ivanov", "Sokolov", "Orlov", "Volkov", "Kozlov", "Lebedev", "Morozov", "Zhou",
    "Deng", "Peng", "Kang", "Hu", "Gao", "Tan", "Xu",
];
const ROLES: &[&str] = &[
    "Ambassador",
    "Counselor of the embassy",
    "First secretary",
    "Deputy minister",
    "Head of department",
    "Translator",
    "Member of the CC",
    "Premier",
    "Secretary of the CC",
];
const KINDS: &[&str] = &[
    "Memorandum of conversation",
    "Diary entry",
    "Telegram",
    "Minutes",
    "Report",
];

/// What to generate: how many documents, where, from which random seed.
pub struct Args {
    /// Number of documents.
    pub count: usize,
    /// The edition folder to write (replaced if it exists).
    pub out: PathBuf,
    /// Seed of the random generator: the same seed gives the same edition.
    pub seed: u64,
}

fn parse_args() -> Result<Args, String> {
    let mut count = None;
    let mut out = None;
    let mut seed = 1;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let mut value = || args.next().ok_or_else(|| format!("{arg} needs a value"));
        match arg.as_str() {
            "-n" => count = Some(value()?.parse().map_err(|e| format!("-n: {e}"))?),
            "--out" => out = Some(PathBuf::from(value()?)),
            "--seed" => seed = value()?.parse().map_err(|e| format!("--seed: {e}"))?,
            other => return Err(format!("unknown argument {other}")),
        }
    }
    Ok(Args {
        count: count.ok_or("give the number of documents with -n N")?,
        out: out.ok_or("give the output folder with --out DIR")?,
        seed,
    })
}

fn main() {
    let args = match parse_args() {
        Ok(args) => args,
        Err(message) => {
            eprintln!("error: {message}\nusage: gen_corpus -n N --out DIR [--seed S]");
            std::process::exit(2);
        }
    };
    if let Err(e) = generate(&args) {
        eprintln!("error: {e}");
        std::process::exit(1);
    }
    println!(
        "wrote an edition of {} documents to {}",
        args.count,
        args.out.display()
    );
}

struct Person {
    id: String,
    name: String,
    role: &'static str,
}

/// Writes a complete edition (site.toml, theme, people, documents, a page) to `args.out`.
pub fn generate(args: &Args) -> std::io::Result<()> {
    let mut rng = ChaCha8Rng::seed_from_u64(args.seed);
    let root = &args.out;
    if root.exists() {
        fs::remove_dir_all(root)?;
    }
    for dir in [
        "content/documents",
        "content/people",
        "content/pages",
        "content/sources",
    ] {
        fs::create_dir_all(root.join(dir))?;
    }
    copy_theme(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("themes"),
        &root.join("themes"),
    )?;
    fs::write(
        root.join("site.toml"),
        format!(
            "title = \"Generated edition of {} documents\"\nbase_url = \"https://example.org/edition/\"\neditors = [\"Benchmark\"]\npublisher = \"Folio\"\nlicense = \"CC BY 4.0\"\nintroduction = \"A generated edition for benchmarks.\"\n",
            args.count
        ),
    )?;
    fs::write(
        root.join("content/pages/about.md"),
        "---\ntitle: About\nmenu_order: 1\n---\n\nA generated edition.\n",
    )?;

    let people = make_people(&mut rng, (args.count * 3 / 100).max(10));
    for person in &people {
        let text = format!(
            "---\nname: \"{name}\"\nsort_name: \"{name}\"\nvariants:\n  - \"{upper}\"\nroles:\n  - \"{role}\"\n---\n\n{name} appears in the generated documents.\n",
            name = person.name,
            upper = person.name.to_uppercase(),
            role = person.role
        );
        fs::write(
            root.join("content/people")
                .join(format!("{}.md", person.id)),
            text,
        )?;
    }
    // Conference days: a few dates that gather many documents.
    let conference_days: Vec<(i32, u32, u32)> = (0..8).map(|_| random_date(&mut rng)).collect();
    for index in 0..args.count {
        let date = if rng.random_range(0..100) < 5 {
            conference_days[rng.random_range(0..conference_days.len())]
        } else {
            random_date(&mut rng)
        };
        let text = document(&mut rng, index, date, &people);
        fs::write(
            root.join("content/documents")
                .join(format!("doc-{index:06}.md")),
            text,
        )?;
    }
    Ok(())
}

fn copy_theme(from: &Path, to: &Path) -> std::io::Result<()> {
    fs::create_dir_all(to)?;
    for entry in fs::read_dir(from)? {
        let entry = entry?;
        let target = to.join(entry.file_name());
        if entry.file_type()?.is_dir() {
            copy_theme(&entry.path(), &target)?;
        } else {
            fs::copy(entry.path(), target)?;
        }
    }
    Ok(())
}

fn make_people(rng: &mut ChaCha8Rng, count: usize) -> Vec<Person> {
    (0..count)
        .map(|i| {
            let given = GIVEN[rng.random_range(0..GIVEN.len())];
            let family = FAMILY[rng.random_range(0..FAMILY.len())];
            Person {
                id: format!("person-{i:05}"),
                name: format!("{given} {family} {i}"),
                role: ROLES[rng.random_range(0..ROLES.len())],
            }
        })
        .collect()
}

/// A person index skewed towards the first people: person 0 is in about half the documents.
fn skewed_person(rng: &mut ChaCha8Rng, count: usize) -> usize {
    let u: f64 = rng.random_range(0.0..1.0);
    ((u.powi(4)) * count as f64) as usize % count
}

fn random_date(rng: &mut ChaCha8Rng) -> (i32, u32, u32) {
    (
        rng.random_range(1945..=1991),
        rng.random_range(1..=12),
        rng.random_range(1..=28),
    )
}

fn sentence(rng: &mut ChaCha8Rng, words: usize, out: &mut String) {
    for i in 0..words {
        let word = WORDS[rng.random_range(0..WORDS.len())];
        if i == 0 {
            let mut chars = word.chars();
            if let Some(first) = chars.next() {
                out.extend(first.to_uppercase());
                out.push_str(chars.as_str());
            }
        } else {
            out.push(' ');
            out.push_str(word);
        }
    }
    out.push('.');
}

fn document(
    rng: &mut ChaCha8Rng,
    index: usize,
    (year, month, day): (i32, u32, u32),
    people: &[Person],
) -> String {
    let author = &people[skewed_person(rng, people.len())];
    let mut present: Vec<usize> = (0..rng.random_range(2..6))
        .map(|_| skewed_person(rng, people.len()))
        .collect();
    present.sort_unstable();
    present.dedup();
    let mut mentioned: Vec<usize> = (0..rng.random_range(1..5))
        .map(|_| rng.random_range(0..people.len()))
        .filter(|p| !present.contains(p))
        .collect();
    mentioned.sort_unstable();
    mentioned.dedup();
    let kind = KINDS[rng.random_range(0..KINDS.len())];
    let written_day = (day + rng.random_range(0..3)).min(28);
    let mut text = String::with_capacity(9000);
    let title = format!(
        "{kind} of a conversation between {} and {}, {day} {} {year}",
        author.name,
        people[present[0]].name,
        month_name(month)
    );
    let _ = write!(
        text,
        "---\ntitle: \"{title}\"\ndate: {year}-{month:02}-{written_day:02}\nevent_date: {year}-{month:02}-{day:02}\nkind: {kind}\nauthor: {}\nparticipants:\n",
        author.id
    );
    for &p in &present {
        let _ = write!(
            text,
            "  - person: {}\n    role: {}\n",
            people[p].id, people[p].role
        );
    }
    text.push_str(if mentioned.is_empty() {
        "mentioned: []\n"
    } else {
        "mentioned:\n"
    });
    for &p in &mentioned {
        let _ = writeln!(text, "  - {}", people[p].id);
    }
    let _ = write!(
        text,
        "archive: AVPRF\narchive_location: \"f. {}, op. {}, d. {}, ll. {}-{}\"\ncollection: Generated Digital Archive\narchive_citation: \"\\\"{title}\\\", Generated Digital Archive.\"\ntranslators:\n  - Benchmark Translator\noriginal_language: Russian\ncontents: Translation - English\nclassification: SECRET\ncopy_number: \"{}\"\nsummary: \"Generated document number {index}.\"\n---\n\n",
        rng.random_range(1..500),
        rng.random_range(1..90),
        rng.random_range(1..900),
        rng.random_range(1..100),
        rng.random_range(100..200),
        rng.random_range(1..4)
    );
    let _ = write!(
        text,
        "::: header\nFrom the diary of  \n{}  \n{day} {} {year}\n\nSECRET\n:::\n\n",
        author.name.to_uppercase(),
        month_name(month)
    );
    let target_words = rng.random_range(600..=1200);
    let mut words = 0;
    let mut notes = 0;
    let mut paragraph = 0;
    while words < target_words {
        let sentences = rng.random_range(3..7);
        for s in 0..sentences {
            let length = rng.random_range(8..22);
            if s > 0 {
                text.push(' ');
            }
            if s == 0 && paragraph < present.len() {
                let p = &people[present[paragraph]];
                let _ = write!(text, "[{}](person:{}) ", p.name, p.id);
            }
            sentence(rng, length, &mut text);
            words += length;
            match rng.random_range(0..12) {
                0 => {
                    text.pop();
                    let _ = write!(
                        text,
                        " {}.",
                        INSERTIONS[rng.random_range(0..INSERTIONS.len())]
                    );
                }
                1 => {
                    text.pop();
                    let _ = write!(
                        text,
                        " (*{}*).",
                        GLOSSES[rng.random_range(0..GLOSSES.len())]
                    );
                }
                2 if notes < 4 => {
                    notes += 1;
                    let _ = write!(text, "[^{notes}]");
                }
                3 => text.push_str("..."),
                _ => {}
            }
        }
        text.push_str("\n\n");
        paragraph += 1;
    }
    text.push_str("::: attendance\n");
    let names: Vec<String> = present
        .iter()
        .map(|&p| format!("[{}](person:{})", people[p].name, people[p].id))
        .collect();
    let _ = write!(
        text,
        "{} were present during the conversation.\n:::\n\n",
        names.join(", ")
    );
    let _ = write!(
        text,
        "::: signature\n{}\n\n[signature]\n\n({})\n:::\n",
        author.role,
        author.name.to_uppercase()
    );
    for note in 1..=notes {
        let _ = write!(text, "\n[^{note}]: Editor's note {note}: ");
        sentence(rng, 14, &mut text);
        text.push('\n');
    }
    text
}

fn month_name(month: u32) -> &'static str {
    folio::content::date::month_name(u8::try_from(month).unwrap_or(0))
}
