//! Benchmark: import 10,000 transcripts (variations of the two seed layouts) into a fresh
//! edition, several times, and print the median wall-clock time.
//!
//! `cargo bench --bench import` (optionally `-- COUNT RUNS`); `-- COUNT RUNS all` mixes in
//! the twelve layouts of `tests/fixtures/import/samples/` (one transcript in seven is then a
//! seed). Each run imports into a new
//! temporary edition with the sample's people, so every run creates every document.
//! `FOLIO_BENCH_TMP=/dev/shm` puts the editions on a memory file system, which measures the
//! import rather than the disk (creating thousands of files on a disk where thousands were
//! just deleted can take ext4 longer than the whole import).

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use folio::import::{ImportOptions, run};

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

const SURNAMES: &[&str] = &[
    "Zhou Enlai",
    "Deng Xiaoping",
    "Mao Zedong",
    "Peng Zhen",
    "Chen Yi",
    "Liu Shaoqi",
    "Kang Sheng",
    "Yang Shangkun",
];

/// The `n`th transcript: a seed with its dates, interlocutor and a paragraph varied (every
/// transcript of another layout is taken as it is, with a paragraph added).
fn variation(seeds: &[String], n: usize) -> String {
    let seed = &seeds[n % seeds.len()];
    if n % seeds.len() >= 2 {
        return format!(
            "{seed}\n\nNote {n}: the conversation lasted {} minutes.\n",
            30 + n % 90
        );
    }
    let day = 1 + n % 28;
    let month = folio::content::date::month_name(((n / 28) % 12) as u8 + 1);
    let year = 1955 + (n / 336) % 10;
    let person = SURNAMES[n % SURNAMES.len()];
    let mut text = seed
        .replace("30 September 1961", &format!("{day} {month} {year}"))
        .replace("6 November 1959", &format!("{day} {month} {year}"))
        .replace("Deng Xiaoping", person)
        .replace("DENG XIAOPING", &person.to_uppercase());
    text.push_str(&format!(
        "\n\nNote {n}: the conversation lasted {} minutes.\n",
        30 + n % 90
    ));
    text
}

fn temporary() -> tempfile::TempDir {
    match std::env::var_os("FOLIO_BENCH_TMP") {
        Some(dir) => tempfile::tempdir_in(dir),
        None => tempfile::tempdir(),
    }
    .expect("temporary folder")
}

fn edition(corpus: &Path) -> tempfile::TempDir {
    let dir = temporary();
    std::fs::create_dir_all(dir.path().join("content/people")).expect("people folder");
    std::fs::create_dir_all(dir.path().join("content/documents")).expect("documents folder");
    for entry in std::fs::read_dir(Path::new(ROOT).join("content/people")).expect("people") {
        let path = entry.expect("entry").path();
        if let Some(name) = path.file_name() {
            std::fs::copy(&path, dir.path().join("content/people").join(name)).expect("copy");
        }
    }
    // The transcripts live in the edition's sources, as in an editor's workflow.
    let sources = dir.path().join("content/sources");
    std::fs::create_dir_all(&sources).expect("sources folder");
    for entry in std::fs::read_dir(corpus).expect("corpus") {
        let path = entry.expect("entry").path();
        if let Some(name) = path.file_name() {
            std::fs::hard_link(&path, sources.join(name))
                .or_else(|_| std::fs::copy(&path, sources.join(name)).map(|_| ()))
                .expect("link");
        }
    }
    dir
}

/// CPU time used so far by this process, all threads (user + system), from /proc on Linux:
/// on a machine busy with other work, wall-clock time says little, CPU time still does.
fn cpu_time() -> Option<Duration> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    let fields: Vec<&str> = stat.rsplit_once(')')?.1.split_whitespace().collect();
    let ticks: u64 = fields.get(11)?.parse::<u64>().ok()? + fields.get(12)?.parse::<u64>().ok()?;
    Some(Duration::from_millis(ticks * 10))
}

fn main() {
    let all_layouts = std::env::args().any(|a| a == "all");
    let args: Vec<usize> = std::env::args()
        .skip(1)
        .filter_map(|a| a.parse().ok())
        .collect();
    let count = args.first().copied().unwrap_or(10_000);
    let runs = args.get(1).copied().unwrap_or(5);
    let mut seeds = vec![
        std::fs::read_to_string(Path::new(ROOT).join("content/sources/000_8df19dfbbc6994a8.txt"))
            .expect("seed 000"),
        std::fs::read_to_string(Path::new(ROOT).join("content/sources/003_37454c913c3dd27f.txt"))
            .expect("seed 003"),
    ];
    if all_layouts {
        let samples = Path::new(ROOT).join("tests/fixtures/import/samples");
        let mut paths: Vec<PathBuf> = std::fs::read_dir(&samples)
            .expect("samples")
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "txt"))
            .collect();
        paths.sort();
        for path in paths {
            seeds.push(std::fs::read_to_string(path).expect("sample"));
        }
    }
    let corpus = temporary();
    for n in 0..count {
        std::fs::write(
            corpus.path().join(format!("t{n:05}.txt")),
            variation(&seeds, n),
        )
        .expect("write transcript");
    }
    let mut times: Vec<Duration> = Vec::new();
    for i in 0..runs {
        let dir = edition(corpus.path());
        let options = ImportOptions {
            paths: vec![dir.path().join("content/sources")],
            into: PathBuf::from("content/documents"),
            ..ImportOptions::default()
        };
        let cpu_start = cpu_time();
        let start = Instant::now();
        let report = run(dir.path(), &options);
        let elapsed = start.elapsed();
        let cpu = cpu_start
            .zip(cpu_time())
            .map(|(a, b)| format!(", {:.2?} CPU time", b.saturating_sub(a)))
            .unwrap_or_default();
        assert!(!report.failed(), "{report}");
        let created = report.files.len();
        println!(
            "run {}: {created} transcripts imported in {elapsed:.2?}{cpu}",
            i + 1
        );
        times.push(elapsed);
    }
    times.sort();
    if let Some(median) = times.get(times.len() / 2) {
        println!("median of {runs} runs: {median:.2?} for {count} transcripts");
    }
}
