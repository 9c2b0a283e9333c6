//! `folio serve`: an edit is served within a second, a broken edit is reported while the last
//! good page stays, fixing it clears the error, and no request reaches files outside the site.

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const DOC: &str = "content/documents/1961-09-30-chervonenko-deng-xiaoping.md";
const PAGE: &str = "documents/1961-09-30-chervonenko-deng-xiaoping/";

/// The server process, killed when the test ends (also on failure).
struct Server {
    child: Child,
    address: String,
    base: String,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn start(root: &std::path::Path) -> Server {
    let mut child = Command::new(env!("CARGO_BIN_EXE_folio"))
        .args(["serve", "--port", "0", "--root"])
        .arg(root)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run folio serve");
    let stdout = child.stdout.take().unwrap();
    let mut lines = BufReader::new(stdout).lines();
    let mut server = Server {
        child,
        address: String::new(),
        base: String::new(),
    };
    for line in lines.by_ref() {
        let line = line.unwrap();
        if let Some(at) = line.find("http://") {
            let url = &line[at + "http://".len()..];
            let slash = url.find('/').unwrap();
            server.address = url[..slash].to_owned();
            server.base = url[slash..].to_owned();
            break;
        }
    }
    assert!(!server.address.is_empty(), "no URL printed");
    // Keep draining stdout so the server never blocks on a full pipe.
    std::thread::spawn(move || for _ in lines {});
    server
}

/// A raw HTTP/1.1 GET (no client library, so paths like `/../x` are sent as written).
fn get(server: &Server, path: &str) -> (u16, String, String) {
    get_as(server, path, Some(&server.address))
}

/// [`get`] with the `Host` header `host` (none with `None`).
fn get_as(server: &Server, path: &str, host: Option<&str>) -> (u16, String, String) {
    let mut stream = TcpStream::connect(&server.address).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    let host = host.map_or(String::new(), |host| format!("Host: {host}\r\n"));
    write!(
        stream,
        "GET {path} HTTP/1.1\r\n{host}Connection: close\r\n\r\n"
    )
    .unwrap();
    let mut response = Vec::new();
    stream.read_to_end(&mut response).unwrap();
    let response = String::from_utf8_lossy(&response).into_owned();
    let (head, body) = response.split_once("\r\n\r\n").unwrap_or((&response, ""));
    let status = head
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    (status, head.to_owned(), body.to_owned())
}

/// Polls `condition` every 10 ms for up to `limit`; returns the time it took.
fn wait_for(limit: Duration, mut condition: impl FnMut() -> bool) -> Option<Duration> {
    let started = Instant::now();
    while started.elapsed() < limit {
        if condition() {
            return Some(started.elapsed());
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    None
}

#[test]
fn edits_are_served_and_errors_keep_the_last_good_page() {
    let edition = common::sample_edition();
    let root = edition.path();
    let server = start(root);
    assert_eq!(
        server.base, "/sample/",
        "served under the edition's base path"
    );
    let page = format!("{}{PAGE}", server.base);

    let (status, head, body) = get(&server, &page);
    assert_eq!(status, 200, "{head}");
    assert!(
        head.to_lowercase().contains("content-type: text/html"),
        "{head}"
    );
    assert!(
        body.contains("/__folio/events"),
        "live reload script injected"
    );
    assert!(!body.contains("FOLIO-EDIT-MARKER"));

    // Open the reload channel before editing.
    let mut events = TcpStream::connect(&server.address).unwrap();
    write!(
        events,
        "GET /__folio/events HTTP/1.1\r\nHost: {}\r\nAccept: text/event-stream\r\n\r\n",
        server.address
    )
    .unwrap();
    events
        .set_read_timeout(Some(Duration::from_millis(200)))
        .unwrap();
    std::thread::sleep(Duration::from_millis(100));

    // 1. An edit is served within a second.
    common::edit(root, DOC, "ended....", "ended.... FOLIO-EDIT-MARKER");
    let took = wait_for(Duration::from_secs(1), || {
        get(&server, &page).2.contains("FOLIO-EDIT-MARKER")
    });
    assert!(took.is_some(), "the edit was not served within a second");
    let mut received = String::new();
    wait_for(Duration::from_secs(3), || {
        let mut buffer = [0u8; 4096];
        if let Ok(n) = events.read(&mut buffer) {
            received.push_str(&String::from_utf8_lossy(&buffer[..n]));
        }
        received.contains("event: reload\ndata: ")
    });
    // A browser dispatches no event without a `data:` line (the reload would never happen).
    assert!(received.contains("event: reload\ndata: "), "{received}");

    // 2. Broken front matter: reported, and the last good page is still served.
    common::edit(root, DOC, "kind: Diary entry\n", "kind: [Diary entry\n");
    let errors_path = "/__folio/errors";
    let reported = wait_for(Duration::from_secs(5), || {
        !get(&server, errors_path).2.is_empty()
    });
    assert!(reported.is_some(), "the error was not reported");
    let (_, _, errors) = get(&server, errors_path);
    assert!(errors.contains("broken front matter"), "{errors}");
    assert!(errors.contains(&format!("{DOC}:5:7")), "{errors}");
    let (status, _, body) = get(&server, &page);
    assert_eq!(status, 200);
    assert!(
        body.contains("FOLIO-EDIT-MARKER"),
        "the last good page stays"
    );
    assert!(
        body.contains("<div id=\"folio-errors\""),
        "error overlay shown"
    );
    assert!(
        body.contains("broken front matter"),
        "overlay names the problem"
    );

    // 3. Fixing the file clears the error.
    common::edit(root, DOC, "kind: [Diary entry\n", "kind: Diary entry\n");
    let cleared = wait_for(Duration::from_secs(5), || {
        get(&server, errors_path).2.is_empty()
    });
    assert!(cleared.is_some(), "the error was not cleared");
    let (_, _, body) = get(&server, &page);
    assert!(!body.contains("<div id=\"folio-errors\""));
    assert!(body.contains("FOLIO-EDIT-MARKER"));

    // 4. A date change moves the document in the chronology: its new date page appears, the
    //    old one is gone.
    common::edit(
        root,
        DOC,
        "event_date: 1961-09-30",
        "event_date: 1961-09-29",
    );
    let moved = wait_for(Duration::from_secs(5), || {
        get(&server, &format!("{}dates/1961/09/29/", server.base)).0 == 200
    });
    assert!(moved.is_some(), "the new date page was not served");
    assert_eq!(
        get(&server, &format!("{}dates/1961/09/30/", server.base)).0,
        404
    );
    let (_, _, body) = get(&server, &page);
    assert!(
        body.contains("dates/1961/09/29/"),
        "the document links its new date"
    );
}

#[test]
fn only_files_of_the_site_are_served() {
    let edition = common::sample_edition();
    let root = edition.path();
    std::fs::write(root.join("Cargo.toml"), "[package]\nname = \"secret\"\n").unwrap();
    let server = start(root);
    let base = server.base.clone();
    for path in [
        "/../Cargo.toml".to_owned(),
        "/%2e%2e/Cargo.toml".to_owned(),
        "/%2E%2E%2FCargo.toml".to_owned(),
        format!("{base}../Cargo.toml"),
        format!("{base}..%2fCargo.toml"),
        format!("{base}%2e%2e/%2e%2e/Cargo.toml"),
        format!("{base}static/..%5c..%5cCargo.toml"),
        format!("{base}%252e%252e/Cargo.toml"),
        format!("{base}site.toml"),
        format!("{base}content/documents/"),
    ] {
        let (status, head, body) = get(&server, &path);
        assert!(status == 400 || status == 404, "{path}: {head}");
        assert!(
            !body.contains("secret") && !body.contains("base_url"),
            "{path}"
        );
    }
    let (status, _, body) = get(&server, &format!("{base}no-such-page/"));
    assert_eq!(status, 404);
    assert!(body.contains("<html"), "the site's 404 page");
    let (status, head, _) = get(&server, &format!("{base}static/style.css"));
    assert_eq!(status, 200);
    assert!(
        head.to_lowercase().contains("content-type: text/css"),
        "{head}"
    );
    let (status, head, _) = get(&server, &format!("{base}sitemap.xml"));
    assert_eq!(status, 200);
    assert!(
        head.to_lowercase()
            .contains("content-type: application/xml"),
        "{head}"
    );
    let (status, head, _) = get(&server, "/");
    assert_eq!(status, 301, "{head}");
    assert!(
        head.contains(&format!("location: {base}")) || head.contains(&format!("Location: {base}")),
        "{head}"
    );
    // Nothing was written into the edition.
    assert!(!root.join("public").exists());
}

/// DNS rebinding: a page of another site can get a browser to send requests to the preview
/// under its own host name; only requests naming the preview's own host are answered.
#[test]
fn only_requests_for_the_preview_host_are_answered() {
    let edition = common::sample_edition();
    let server = start(edition.path());
    let port = server.address.rsplit(':').next().unwrap().to_owned();
    let page = format!("{}{PAGE}", server.base);
    for path in [page.as_str(), "/__folio/errors", "/__folio/events"] {
        for host in [
            Some(format!("evil.example:{port}")),
            Some("evil.example".to_owned()),
            Some(format!("localhost.evil.example:{port}")),
            Some(format!("127.0.0.1:{}", port.parse::<u16>().unwrap() + 1)),
            None,
        ] {
            let (status, head, body) = get_as(&server, path, host.as_deref());
            assert_eq!(status, 403, "{path} as {host:?}: {head}");
            assert!(body.contains("answers only requests for"), "{body}");
            assert!(!body.contains("<html"), "{path} as {host:?}: {body}");
        }
    }
    for host in [
        format!("localhost:{port}"),
        format!("LOCALHOST:{port}"),
        format!("127.0.0.1:{port}"),
        format!("[::1]:{port}"),
        server.address.clone(),
    ] {
        let (status, head, body) = get_as(&server, &page, Some(&host));
        assert_eq!(status, 200, "{host}: {head}");
        assert!(body.contains("Deng Xiaoping"), "{host}");
        let (status, _, _) = get_as(&server, "/__folio/errors", Some(&host));
        assert_eq!(status, 200, "{host}");
    }
}

/// A theme's `static` folder that is a symbolic link out of the edition is neither copied
/// into the site nor served: the preview would otherwise serve whatever it points to.
#[cfg(unix)]
#[test]
fn a_symbolic_link_out_of_the_edition_is_not_served() {
    let edition = common::sample_edition();
    let root = edition.path();
    let elsewhere = tempfile::tempdir().unwrap();
    let assets = root.join("themes/default/static");
    // The theme's own assets are there too, so the site builds whatever happens to them.
    common::copy_recursively(&assets, elsewhere.path());
    std::fs::write(elsewhere.path().join("secret.txt"), "SECRET-OUTSIDE\n").unwrap();
    std::fs::remove_dir_all(&assets).unwrap();
    std::os::unix::fs::symlink(elsewhere.path(), &assets).unwrap();
    let server = start(root);
    let (status, head, body) = get(&server, &format!("{}static/secret.txt", server.base));
    assert_eq!(status, 404, "{head}");
    assert!(!body.contains("SECRET-OUTSIDE"));
}

/// #25 item 2: `folio serve` reads the caches but writes nothing in the edition, so it can
/// run beside a build without touching what the build writes.
#[test]
fn serve_writes_nothing_in_the_edition() {
    let edition = common::sample_edition();
    let root = edition.path();
    let server = start(root);
    let (status, _, body) = get(&server, &format!("{}{PAGE}", server.base));
    assert_eq!(status, 200);
    assert!(body.contains("Chervonenko"));
    drop(server);
    assert!(!root.join(".folio-cache").exists(), "serve wrote a cache");
    assert!(!root.join("public").exists(), "serve wrote a site");
}
