//! Output: the finished site as a list of files, checked for broken links, minified and
//! written to a staging folder beside the output folder, which replaces the old output only
//! once everything is written. A failed build never touches the published folder.

pub mod links;
pub mod write;

use std::path::PathBuf;

/// What goes into one output file.
#[derive(Debug, Clone)]
pub enum Contents {
    /// An HTML page: link-checked and minified.
    Html(String),
    /// Any other generated text (XML, robots.txt).
    Text(String),
    /// A file copied as it is (theme assets, raw transcripts).
    Copy(PathBuf),
}

/// One file of the site.
#[derive(Debug, Clone)]
pub struct OutputFile {
    /// Path relative to the output folder, with `/` separators (`documents/ID/index.html`).
    pub path: String,
    /// Its contents.
    pub contents: Contents,
}

impl OutputFile {
    /// The file for `route` (a route ending in `/` is written as its `index.html`).
    pub fn for_route(route: &str, contents: Contents) -> OutputFile {
        let path = if route.is_empty() || route.ends_with('/') {
            format!("{route}index.html")
        } else {
            route.to_owned()
        };
        OutputFile { path, contents }
    }
}
