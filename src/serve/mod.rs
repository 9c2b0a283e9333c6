//! `folio serve`: a local preview with live reload.
//!
//! The site is built into memory ([`LiveSite`]), never into the edition's `public/`, and
//! served on loopback under the edition's base path so links work as published. A watcher
//! (notify, debounced) owns the [`LiveSite`] and rebuilds what a change affects; requests are
//! answered from a snapshot of the last good site, which a rebuild replaces only once it is
//! done, so pages keep being served while it runs. Open pages reload through a
//! server-sent-events channel, which also carries build errors shown as an overlay; the
//! reload after the fix clears it. A failed rebuild keeps the last good site.
//!
//! Only files of the built site are served: a request path is decoded, checked for `..`
//! segments, and looked up in the in-memory site; nothing on disk is reachable from a URL.

use std::collections::HashMap;
use std::net::{IpAddr, SocketAddr};
use std::path::{Path, PathBuf};
use std::sync::{Arc, RwLock};
use std::time::Duration;

use axum::Router;
use axum::body::Body;
use axum::http::{HeaderValue, Method, StatusCode, Uri, header};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use notify_debouncer_full::notify::{EventKind, RecursiveMode};
use tokio::sync::broadcast;

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::output::{Contents, OutputFile};
use crate::site::incremental::{Change, LiveSite, Rebuilt, classify};

/// The script added to every served HTML page.
const LIVE_SCRIPT: &str = include_str!("live.js");
/// The endpoint of the reload and error channel.
const EVENTS_PATH: &str = "/__folio/events";
/// Plain-text current build errors (empty when the site builds), for scripts and tests.
const ERRORS_PATH: &str = "/__folio/errors";

/// What `folio serve` was asked to do.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    /// The edition folder.
    pub root: PathBuf,
    /// Address to listen on; loopback unless the user says otherwise.
    pub interface: IpAddr,
    /// Port; 0 picks a free one (the URL is printed).
    pub port: u16,
    /// Open the site in the default browser.
    pub open: bool,
    /// Print each rebuild's page count and timing.
    pub verbose: bool,
}

/// What the server shows: the last good site and the errors of the latest build, if any.
struct State {
    site: Option<Snapshot>,
    errors: Option<String>,
    /// The edition folder, resolved: a file copied into the site is served only if it is
    /// really inside it.
    root: PathBuf,
}

type Shared = Arc<RwLock<State>>;

/// The files of the last good site, as requests see them.
struct Snapshot {
    base_path: String,
    files: HashMap<String, Arc<OutputFile>>,
}

impl Snapshot {
    fn file(&self, path: &str) -> Option<Arc<OutputFile>> {
        self.files.get(path).cloned()
    }
}

/// Builds, serves and watches until interrupted.
pub fn serve(options: &ServeOptions) -> Result<(), Diagnostics> {
    let root = std::fs::canonicalize(&options.root)
        .map_err(|e| Diagnostics::io(&options.root, "open the edition folder", &e))?;
    let state: Shared = Arc::new(RwLock::new(State {
        site: None,
        errors: None,
        root: root.clone(),
    }));
    let site = match LiveSite::load(&root) {
        Ok((mut site, rebuilt)) => {
            print_rebuilt("Built", &rebuilt, options.verbose);
            publish(&state, &mut site);
            Some(site)
        }
        Err(problems) => {
            // Serve anyway: the page shows the errors and appears once they are fixed.
            crate::tell!("{problems}");
            write_state(&state).errors = Some(problems.to_string());
            None
        }
    };
    let (reload, _) = broadcast::channel::<Signal>(16);
    let _watcher = watch(&root, site, state.clone(), reload.clone(), options.verbose)?;

    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|e| Diagnostics::io(Path::new("."), "start the preview server", &e))?;
    runtime.block_on(async move {
        let address = SocketAddr::new(options.interface, options.port);
        let listener = tokio::net::TcpListener::bind(address).await.map_err(|e| {
            Diagnostics::single(
                Diagnostic::error("folio serve", format!("could not listen on {address}: {e}"))
                    .with_hint("another program uses the port: pick another with --port N (0 picks a free one)"),
            )
        })?;
        let bound = listener
            .local_addr()
            .map_err(|e| Diagnostics::io(Path::new("."), "read the server address", &e))?;
        let base_path = read_state(&state)
            .site
            .as_ref()
            .map_or_else(|| "/".to_owned(), |s| s.base_path.clone());
        let url = format!("http://{bound}{base_path}");
        crate::sayln!("Serving {} at {url}", root.display());
        crate::sayln!("Watching content/, themes/ and site.toml; press Ctrl+C to stop.");
        if options.open {
            open_browser(&url);
        }
        let hosts = Arc::new(allowed_hosts(bound));
        let app = Router::new()
            .route(EVENTS_PATH, get(events))
            .route(ERRORS_PATH, get(errors))
            .fallback(file)
            .layer(axum::middleware::from_fn(move |request, next| {
                check_host(hosts.clone(), request, next)
            }))
            .with_state((state, reload));
        axum::serve(listener, app).await.map_err(|e| {
            Diagnostics::single(Diagnostic::error(
                "folio serve",
                format!("the server stopped: {e}"),
            ))
        })
    })
}

/// The `Host` headers the server answers: `localhost`, `127.0.0.1` and `[::1]` with its
/// port, and the address it is bound to (the port may be left out only when it is 80).
fn allowed_hosts(bound: SocketAddr) -> Vec<String> {
    let port = bound.port();
    let mut hosts: Vec<String> = ["localhost", "127.0.0.1", "[::1]"]
        .iter()
        .map(|host| format!("{host}:{port}"))
        .collect();
    hosts.push(bound.to_string());
    if port == 80 {
        hosts.extend(["localhost", "127.0.0.1", "[::1]"].map(str::to_owned));
        hosts.push(match bound.ip() {
            IpAddr::V4(ip) => ip.to_string(),
            IpAddr::V6(ip) => format!("[{ip}]"),
        });
    }
    hosts
}

/// Answers only requests whose `Host` is one of `hosts` ([`allowed_hosts`]). A web page
/// on another site can make a browser send requests here under a name of its own that
/// resolves to 127.0.0.1 (DNS rebinding) and read the answers, the preview and its error
/// page included: such a request names that other host, and gets 403.
async fn check_host(
    hosts: Arc<Vec<String>>,
    request: axum::extract::Request,
    next: axum::middleware::Next,
) -> Response {
    let host = request
        .headers()
        .get(header::HOST)
        .and_then(|value| value.to_str().ok());
    match host {
        Some(host) if hosts.iter().any(|allowed| allowed.eq_ignore_ascii_case(host)) => {
            next.run(request).await
        }
        _ => (
            StatusCode::FORBIDDEN,
            format!(
                "folio serve answers only requests for {}: open the preview at one of these addresses\n",
                hosts.join(", ")
            ),
        )
            .into_response(),
    }
}

/// A message to open pages.
#[derive(Debug, Clone)]
enum Signal {
    Reload,
    Errors(String),
}

fn read_state(state: &Shared) -> std::sync::RwLockReadGuard<'_, State> {
    // A panic while holding the lock cannot leave the state half-written (assignments only).
    state.read().unwrap_or_else(|e| e.into_inner())
}

fn write_state(state: &Shared) -> std::sync::RwLockWriteGuard<'_, State> {
    state.write().unwrap_or_else(|e| e.into_inner())
}

/// Watches the edition and rebuilds on changes, on a thread of its own, which owns the
/// site (`None` while the edition does not build).
fn watch(
    root: &Path,
    mut site: Option<LiveSite>,
    state: Shared,
    reload: broadcast::Sender<Signal>,
    verbose: bool,
) -> Result<impl Drop + use<>, Diagnostics> {
    let (sender, receiver) = std::sync::mpsc::channel();
    let mut debouncer =
        notify_debouncer_full::new_debouncer(Duration::from_millis(60), None, sender).map_err(
            |e| {
                Diagnostics::single(Diagnostic::error(
                    "folio serve",
                    format!("could not watch files: {e}"),
                ))
            },
        )?;
    // The root itself non-recursively (site.toml, saved by editors through renames), the two
    // source folders recursively; the output folder is never watched.
    let mut targets = vec![(root.to_path_buf(), RecursiveMode::NonRecursive)];
    for folder in ["content", "themes"] {
        if root.join(folder).is_dir() {
            targets.push((root.join(folder), RecursiveMode::Recursive));
        }
    }
    for (path, mode) in targets {
        debouncer.watch(&path, mode).map_err(|e| {
            Diagnostics::single(
                Diagnostic::error(&path, format!("could not watch the folder: {e}")).with_hint(
                    "on Linux, raise fs.inotify.max_user_watches if the edition is large",
                ),
            )
        })?;
    }
    let root = root.to_path_buf();
    std::thread::spawn(move || {
        // The last rebuild failed: the next change rebuilds everything, so errors elsewhere
        // are found again rather than hidden by a good change to another file.
        let mut failed = site.is_none();
        for result in receiver {
            let Ok(events) = result else { continue };
            let mut changes: Vec<Change> = Vec::new();
            for event in events {
                if matches!(event.kind, EventKind::Access(_)) {
                    continue;
                }
                for path in &event.paths {
                    let Ok(relative) = path.strip_prefix(&root) else {
                        continue;
                    };
                    if let Some(change) = classify(relative)
                        && !changes.contains(&change)
                    {
                        changes.push(change);
                    }
                }
            }
            if changes.is_empty() {
                continue;
            }
            if failed {
                changes = vec![Change::Everything];
            }
            let outcome = match site.as_mut() {
                Some(site) => site.apply(&changes),
                None => LiveSite::load(&root).map(|(loaded, rebuilt)| {
                    site = Some(loaded);
                    rebuilt
                }),
            };
            match (outcome, site.as_mut()) {
                (Ok(mut rebuilt), Some(live)) => {
                    failed = false;
                    let publishing = std::time::Instant::now();
                    publish(&state, live);
                    let _ = reload.send(Signal::Reload);
                    rebuilt.elapsed += publishing.elapsed();
                    rebuilt.phases.push(("publish", publishing.elapsed()));
                    let what = if rebuilt.full {
                        "Rebuilt everything".to_owned()
                    } else {
                        let names: Vec<String> = changes
                            .iter()
                            .filter_map(|c| match c {
                                Change::Document(p) => Some(p.display().to_string()),
                                Change::Everything => None,
                            })
                            .collect();
                        format!("Rebuilt {}", names.join(", "))
                    };
                    print_rebuilt(&what, &rebuilt, verbose);
                    // The open pages reload first; the search index, feed, sitemap, data
                    // exports and bibliography follow.
                    if live.edition_files_stale() {
                        let took = live.refresh_edition_files();
                        publish(&state, live);
                        if verbose {
                            crate::sayln!(
                                "Refreshed the edition-wide files in {:.1} ms",
                                took.as_secs_f64() * 1000.0
                            );
                        }
                    }
                }
                (Ok(_), None) => {}
                (Err(problems), _) => {
                    failed = true;
                    let text = problems.to_string();
                    crate::tell!("{text}");
                    crate::tellln!("The last good site is still served.");
                    write_state(&state).errors = Some(text.clone());
                    let _ = reload.send(Signal::Errors(text));
                }
            }
        }
    });
    Ok(debouncer)
}

/// Serves `site` from now on, with no errors: the copy requests are answered from takes
/// the files that changed since the last time (all of them after a full rebuild).
fn publish(state: &Shared, site: &mut LiveSite) {
    let changes = site.take_changes();
    let mut state = write_state(state);
    let snapshot = state.site.get_or_insert_with(|| Snapshot {
        base_path: String::new(),
        files: HashMap::new(),
    });
    snapshot.base_path = site.base_path().to_owned();
    changes.apply_to(&mut snapshot.files);
    state.errors = None;
}

fn print_rebuilt(what: &str, rebuilt: &Rebuilt, verbose: bool) {
    crate::tell!("{}", rebuilt.warnings);
    if verbose || rebuilt.full {
        let phases: Vec<String> = rebuilt
            .phases
            .iter()
            .map(|(name, time)| format!("{name} {:.1} ms", time.as_secs_f64() * 1000.0))
            .collect();
        let phases = if verbose && !phases.is_empty() {
            format!(" ({})", phases.join(", "))
        } else {
            String::new()
        };
        crate::sayln!(
            "{what}: {} page(s) in {:.1} ms{phases}",
            rebuilt.pages,
            rebuilt.elapsed.as_secs_f64() * 1000.0
        );
    } else {
        crate::sayln!("{what} in {:.1} ms", rebuilt.elapsed.as_secs_f64() * 1000.0);
    }
}

fn open_browser(url: &str) {
    let command = if cfg!(target_os = "macos") {
        "open"
    } else if cfg!(windows) {
        "explorer"
    } else {
        "xdg-open"
    };
    if let Err(e) = std::process::Command::new(command).arg(url).spawn() {
        crate::tellln!("could not open a browser ({command}: {e}); open {url} yourself");
    }
}

type AppState = (Shared, broadcast::Sender<Signal>);

/// The reload and error channel (server-sent events).
async fn events(
    axum::extract::State((state, reload)): axum::extract::State<AppState>,
) -> impl IntoResponse {
    let receiver = reload.subscribe();
    let pending = read_state(&state).errors.clone();
    let first = futures_util::stream::iter(
        pending.map(|text| Ok::<Event, std::convert::Infallible>(errors_event(&text))),
    );
    let updates = futures_util::stream::unfold(receiver, |mut receiver| async move {
        loop {
            match receiver.recv().await {
                Ok(Signal::Reload) => return Some((Ok(reload_event()), receiver)),
                Ok(Signal::Errors(text)) => return Some((Ok(errors_event(&text)), receiver)),
                Err(broadcast::error::RecvError::Lagged(_)) => continue,
                Err(broadcast::error::RecvError::Closed) => return None,
            }
        }
    });
    let stream = futures_util::StreamExt::chain(first, updates);
    Sse::new(stream).keep_alive(KeepAlive::default())
}

/// Tells open pages to reload. Browsers drop an event whose data is empty (the
/// EventSource rules dispatch nothing without a `data:` line), so it carries a word.
fn reload_event() -> Event {
    Event::default().event("reload").data("reload")
}

fn errors_event(text: &str) -> Event {
    Event::default().event("errors").data(text)
}

async fn errors(
    axum::extract::State((state, _)): axum::extract::State<AppState>,
) -> impl IntoResponse {
    let text = read_state(&state).errors.clone().unwrap_or_default();
    ([(header::CONTENT_TYPE, "text/plain; charset=utf-8")], text)
}

/// Any other path: a file of the site, or its 404 page.
async fn file(
    axum::extract::State((state, _)): axum::extract::State<AppState>,
    method: Method,
    uri: Uri,
) -> Response {
    if method != Method::GET && method != Method::HEAD {
        return (StatusCode::METHOD_NOT_ALLOWED, "only GET and HEAD").into_response();
    }
    let Some(path) = safe_path(uri.path()) else {
        return (StatusCode::BAD_REQUEST, "bad request path").into_response();
    };
    let (base_path, found, not_found, errors, root) = {
        let guard = read_state(&state);
        let errors = guard.errors.clone();
        let root = guard.root.clone();
        match &guard.site {
            None => (String::from("/"), None, None, errors, root),
            Some(site) => {
                let base = site.base_path.clone();
                let found = match path.strip_prefix(&base) {
                    Some(relative) if relative.is_empty() || relative.ends_with('/') => {
                        site.file(&format!("{relative}index.html"))
                    }
                    Some(relative) => match site.file(relative) {
                        Some(file) => Some(file),
                        // `/documents/ID` -> `/documents/ID/`, as static hosts do.
                        None if site.file(&format!("{relative}/index.html")).is_some() => {
                            return redirect(&format!("{path}/"));
                        }
                        None => None,
                    },
                    None => None,
                };
                (base, found, site.file("404.html"), errors, root)
            }
        }
    };
    if found.is_none() && path == "/" && base_path != "/" {
        return redirect(&base_path);
    }
    let (status, file) = match found {
        Some(file) => (StatusCode::OK, Some(file)),
        None => (StatusCode::NOT_FOUND, not_found),
    };
    let Some(file) = file else {
        // No site yet (the first build failed): a page that shows the errors and reloads.
        let html = inject(
            "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>folio serve</title></head><body><h1>The edition does not build yet</h1></body></html>",
            errors.as_deref(),
        );
        return html_response(status, html);
    };
    match &file.contents {
        Contents::Html(html)
        | Contents::Page {
            html: Some(html), ..
        } => html_response(status, inject(html, errors.as_deref())),
        // The preview renders every page; only a build leaves unchanged pages out.
        Contents::Page { html: None, .. } | Contents::Made { bytes: None, .. } => {
            (StatusCode::NOT_FOUND, "the file was not made").into_response()
        }
        Contents::Text(text) => bytes_response(status, &file.path, text.clone().into_bytes()),
        Contents::Made {
            bytes: Some(bytes), ..
        } => bytes_response(status, &file.path, bytes.clone()),
        Contents::Copy(source) => match read_inside(&root, source) {
            Some(bytes) => bytes_response(status, &file.path, bytes),
            None if source.exists() => (
                StatusCode::NOT_FOUND,
                "not found: the file leads outside the edition",
            )
                .into_response(),
            None => (
                StatusCode::NOT_FOUND,
                "the file is gone; it reappears on the next rebuild",
            )
                .into_response(),
        },
    }
}

/// The bytes of `file`, if it resolves (symbolic links followed) to a file inside `root`
/// (itself resolved): a link to `/etc/passwd` under `static/` is not served.
fn read_inside(root: &Path, file: &Path) -> Option<Vec<u8>> {
    let resolved = std::fs::canonicalize(file).ok()?;
    if !resolved.starts_with(root) {
        return None;
    }
    std::fs::read(resolved).ok()
}

/// The decoded request path, or `None` when it is malformed or tries to leave the site:
/// `..` or `.` segments (also percent-encoded), backslashes, NUL bytes.
fn safe_path(raw: &str) -> Option<String> {
    let decoded = percent_decode(raw)?;
    if !decoded.starts_with('/') || decoded.contains('\\') || decoded.contains('\0') {
        return None;
    }
    if decoded
        .split('/')
        .any(|segment| segment == ".." || segment == ".")
    {
        return None;
    }
    Some(decoded)
}

fn percent_decode(raw: &str) -> Option<String> {
    let bytes = raw.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = raw.get(i + 1..i + 3)?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

fn redirect(target: &str) -> Response {
    let mut response = StatusCode::MOVED_PERMANENTLY.into_response();
    if let Ok(value) = HeaderValue::from_str(target) {
        response.headers_mut().insert(header::LOCATION, value);
    }
    response
}

/// Adds the live-reload script, and the error overlay when the latest build failed.
fn inject(html: &str, errors: Option<&str>) -> String {
    let mut extra = String::new();
    if let Some(errors) = errors {
        extra.push_str("<div id=\"folio-errors\" role=\"alert\" style=\"position:fixed;inset:0;z-index:99999;overflow:auto;margin:0;padding:1.5rem;background:rgba(20,20,20,.94);color:#fdd;font:14px/1.45 monospace\"><pre style=\"white-space:pre-wrap;margin:0\">folio serve: the last change did not build; the page shows the last good version.\n\n");
        extra.push_str(&crate::util::escape::escape_html(errors));
        extra.push_str("</pre></div>");
    }
    extra.push_str("<script>");
    extra.push_str(LIVE_SCRIPT);
    extra.push_str("</script>");
    match html.rfind("</body>") {
        Some(at) => format!("{}{extra}{}", &html[..at], &html[at..]),
        None => format!("{html}{extra}"),
    }
}

fn html_response(status: StatusCode, html: String) -> Response {
    let mut response = (status, html).into_response();
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/html; charset=utf-8"),
    );
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

fn bytes_response(status: StatusCode, path: &str, bytes: Vec<u8>) -> Response {
    let mut response = (status, Body::from(bytes)).into_response();
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static(content_type(path)),
    );
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

/// The content type of a site file, by extension.
pub fn content_type(path: &str) -> &'static str {
    let extension = path.rsplit_once('.').map_or("", |(_, e)| e);
    match extension.to_ascii_lowercase().as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "xml" => "application/xml",
        "txt" | "md" => "text/plain; charset=utf-8",
        "bib" => "application/x-bibtex; charset=utf-8",
        "ris" => "application/x-research-info-systems",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "ico" => "image/x-icon",
        "woff" => "font/woff",
        "woff2" => "font/woff2",
        "pdf" => "application/pdf",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn request_paths_cannot_leave_the_site() {
        assert_eq!(safe_path("/documents/a/").as_deref(), Some("/documents/a/"));
        assert_eq!(safe_path("/a%20b").as_deref(), Some("/a b"));
        for bad in [
            "/../Cargo.toml",
            "/%2e%2e/Cargo.toml",
            "/%2E%2E%2FCargo.toml",
            "/static/..%2f..%2fCargo.toml",
            "/a/%5c..%5cCargo.toml",
            "/%00",
            "/%zz",
            "/%c0%ae%c0%ae/",
        ] {
            assert_eq!(safe_path(bad), None, "{bad}");
        }
    }

    #[test]
    fn errors_are_escaped_in_the_overlay() {
        let html = inject(
            "<html><body><p>x</p></body></html>",
            Some("<script>alert(1)</script>"),
        );
        assert!(html.contains("&lt;script&gt;alert(1)"));
        assert!(html.ends_with("</body></html>"));
    }

    #[test]
    fn content_types_follow_extensions() {
        assert_eq!(content_type("static/style.css"), "text/css; charset=utf-8");
        assert_eq!(content_type("sources/a.txt"), "text/plain; charset=utf-8");
        assert_eq!(content_type("sitemap.xml"), "application/xml");
    }
}
