//! Helpers shared by the integration tests: a copy of the sample edition in a temporary
//! folder, running the `folio` binary, and reading the built site.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Output;

/// The repository root (the sample edition).
pub fn repository() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A fresh copy of the sample edition (site.toml, content/, themes/) in a temporary folder.
pub fn sample_edition() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temporary folder");
    for item in ["site.toml", "content", "themes"] {
        copy_recursively(&repository().join(item), &dir.path().join(item));
    }
    dir
}

/// A temporary edition with no documents for importing into: the sample's settings less its
/// featured documents (the edition will hold others), and its people when `with_people`.
pub fn import_edition(with_people: bool) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temporary folder");
    for folder in ["content/documents", "content/sources", "content/people"] {
        std::fs::create_dir_all(dir.path().join(folder)).unwrap();
    }
    let settings: String = std::fs::read_to_string(repository().join("site.toml"))
        .unwrap()
        .lines()
        .filter(|l| !l.starts_with("featured"))
        .map(|l| format!("{l}\n"))
        .collect();
    std::fs::write(dir.path().join("site.toml"), settings).unwrap();
    if with_people {
        copy_recursively(
            &repository().join("content/people"),
            &dir.path().join("content/people"),
        );
    }
    dir
}

/// Copies a file, or a folder with everything in it.
pub fn copy_recursively(from: &Path, to: &Path) {
    if from.is_dir() {
        std::fs::create_dir_all(to).unwrap();
        for entry in std::fs::read_dir(from).unwrap() {
            let entry = entry.unwrap();
            copy_recursively(&entry.path(), &to.join(entry.file_name()));
        }
    } else {
        std::fs::copy(from, to).unwrap();
    }
}

/// Runs `folio ARGS` with `--root root` (in `root` for `init`, which takes no edition).
pub fn folio(root: &Path, args: &[&str]) -> Output {
    let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_folio"));
    command.args(args);
    if args.first() == Some(&"init") {
        command.current_dir(root);
    } else {
        command.arg("--root").arg(root);
    }
    command.output().expect("run folio")
}

/// Standard error of a run, as text.
pub fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// Replaces `from` with `to` in the file at `root/relative`, asserting it was there.
pub fn edit(root: &Path, relative: &str, from: &str, to: &str) {
    let path = root.join(relative);
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains(from), "{relative} does not contain {from:?}");
    std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
}

/// Every file under `dir`, as paths relative to it with `/` separators.
pub fn files_under(dir: &Path) -> Vec<String> {
    let mut files = Vec::new();
    for entry in walkdir::WalkDir::new(dir) {
        let entry = entry.unwrap();
        if entry.file_type().is_file() {
            files.push(
                entry
                    .path()
                    .strip_prefix(dir)
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/"),
            );
        }
    }
    files.sort();
    files
}

/// The text of the page at `route` (`documents/ID/`) in the output folder.
pub fn page(public: &Path, route: &str) -> String {
    let path = public.join(route).join("index.html");
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Serves `dir` over HTTP on a free loopback port, in a background thread, for browser tests;
/// returns the port. Paths map to files under `dir` (`/` to `index.html`); nothing else.
pub fn serve_folder(dir: &Path) -> u16 {
    use std::io::{BufRead, BufReader, Write};
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let dir = dir.to_path_buf();
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let mut reader = BufReader::new(stream.try_clone().unwrap());
            let mut request_line = String::new();
            if reader.read_line(&mut request_line).is_err() {
                continue;
            }
            let mut line = String::new();
            while reader.read_line(&mut line).is_ok_and(|n| n > 2) {
                line.clear();
            }
            let path = request_line
                .split_whitespace()
                .nth(1)
                .unwrap_or("/")
                .split('?')
                .next()
                .unwrap_or("/")
                .to_owned();
            let mut relative = path.trim_start_matches('/').to_owned();
            if relative.is_empty() || relative.ends_with('/') {
                relative.push_str("index.html");
            }
            let file = dir.join(&relative);
            let mut stream = stream;
            match (relative.contains(".."), std::fs::read(&file)) {
                (false, Ok(body)) => {
                    let kind = match file.extension().and_then(|e| e.to_str()) {
                        Some("html") => "text/html; charset=utf-8",
                        Some("css") => "text/css",
                        Some("js") => "text/javascript",
                        _ => "application/octet-stream",
                    };
                    let _ = write!(
                        stream,
                        "HTTP/1.1 200 OK\r\nContent-Type: {kind}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                        body.len()
                    );
                    let _ = stream.write_all(&body);
                }
                _ => {
                    let _ = write!(
                        stream,
                        "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
                    );
                }
            }
        }
    });
    port
}

/// A copy of the sample edition built for `base_url`: the folder (kept alive by the
/// `TempDir`) and its `public/`. Test files keep one in a `OnceLock` to build it only once.
pub fn built_sample(base_url: &str) -> (tempfile::TempDir, PathBuf) {
    let edition = sample_edition();
    let run = folio(edition.path(), &["build", "--base-url", base_url]);
    assert!(run.status.success(), "{}", stderr(&run));
    let public = edition.path().join("public");
    (edition, public)
}

/// Adds `count` short documents to the edition at `root` (`telegram-000.md`...), all with
/// Deng Xiaoping present, dated one day apart from 1 January 1970: enough for lists of
/// several pages and many chronology pages.
#[allow(dead_code)]
pub fn add_telegrams(root: &Path, count: usize) {
    for n in 0..count {
        let day =
            chrono::NaiveDate::from_ymd_opt(1970, 1, 1).unwrap() + chrono::Days::new(n as u64);
        let text = format!(
            "---\ntitle: \"Telegram number {n}\"\ndate: {day}\nkind: Telegram\nparticipants:\n  - person: deng-xiaoping\n    role: General Secretary\n---\n\nText of telegram {n}.\n"
        );
        std::fs::write(
            root.join(format!("content/documents/telegram-{n:03}.md")),
            text,
        )
        .unwrap();
    }
}

/// The texts of the elements matching `selector` in `html`.
#[allow(dead_code)]
pub fn texts(html: &str, selector: &str) -> Vec<String> {
    let document = scraper::Html::parse_document(html);
    let selector = scraper::Selector::parse(selector).unwrap();
    document
        .select(&selector)
        .map(|e| e.text().collect::<String>())
        .collect()
}

/// The values of `attribute` on the elements matching `selector` in `html`.
#[allow(dead_code)]
pub fn attrs(html: &str, selector: &str, attribute: &str) -> Vec<String> {
    let document = scraper::Html::parse_document(html);
    let selector = scraper::Selector::parse(selector).unwrap();
    document
        .select(&selector)
        .filter_map(|e| e.value().attr(attribute).map(str::to_owned))
        .collect()
}

/// Every broken internal link of the site in `public`, served under `base_path`.
pub fn broken_links(public: &Path, base_path: &str) -> Vec<String> {
    let files: std::collections::HashSet<String> = files_under(public).into_iter().collect();
    let any = scraper::Selector::parse("[id]").unwrap();
    let links = scraper::Selector::parse("a[href], link[href], script[src], img[src]").unwrap();
    let mut ids: std::collections::HashMap<String, std::collections::HashSet<String>> =
        std::collections::HashMap::new();
    let mut documents = Vec::new();
    for file in files.iter().filter(|f| f.ends_with(".html")) {
        let html =
            scraper::Html::parse_document(&std::fs::read_to_string(public.join(file)).unwrap());
        ids.insert(
            file.clone(),
            html.select(&any)
                .filter_map(|e| e.value().attr("id"))
                .map(str::to_owned)
                .collect(),
        );
        documents.push((file.clone(), html));
    }
    let mut broken = Vec::new();
    for (file, html) in &documents {
        for element in html.select(&links) {
            let value = element
                .value()
                .attr("href")
                .or_else(|| element.value().attr("src"))
                .unwrap();
            if value.contains("://") || value.starts_with("mailto:") {
                continue;
            }
            let (target, fragment) = value.split_once('#').unwrap_or((value, ""));
            let target_file = if target.is_empty() {
                file.clone()
            } else {
                let Some(inside) = target.strip_prefix(base_path) else {
                    broken.push(format!("{file}: {value} is outside {base_path}"));
                    continue;
                };
                if inside.is_empty() || inside.ends_with('/') {
                    format!("{inside}index.html")
                } else {
                    inside.to_owned()
                }
            };
            if !files.contains(&target_file) {
                broken.push(format!("{file}: {value} -> missing {target_file}"));
            } else if !fragment.is_empty()
                && !ids
                    .get(&target_file)
                    .is_some_and(|set| set.contains(fragment))
            {
                broken.push(format!(
                    "{file}: {value} -> no #{fragment} in {target_file}"
                ));
            }
        }
    }
    broken
}

/// Serves the edition's `public/` on a loopback port and builds the edition for that
/// address; returns the port. (The port must be known before the build, which writes it into
/// every link; the server reads by path, so it serves the folder the build swaps in.)
pub fn build_and_serve_locally(edition: &Path) -> u16 {
    let public = edition.join("public");
    std::fs::create_dir_all(&public).unwrap();
    let port = serve_folder(&public);
    let base = format!("http://127.0.0.1:{port}/");
    let run = folio(edition, &["build", "--base-url", &base]);
    assert!(run.status.success(), "{}", stderr(&run));
    port
}
