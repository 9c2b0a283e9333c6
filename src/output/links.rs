//! The link checker: every internal link and fragment of every generated page must resolve
//! to a file of the site (and an `id` in it) before anything is written.
//!
//! It reads the pages Folio generated itself (attributes always double-quoted), so a small
//! attribute scanner is enough; it is not a general HTML parser.

use std::path::Path;

use rayon::prelude::*;
use rustc_hash::{FxHashMap, FxHashSet};
use serde::{Deserialize, Serialize};

use super::{Contents, OutputFile};
use crate::diagnostics::{Diagnostic, Diagnostics};

/// Checks every `href` and `src` of the HTML files against the set of files and ids, for a
/// site whose URLs start with `base_path`.
pub fn check(files: &[OutputFile], base_path: &str) -> Diagnostics {
    let mut index = LinkIndex::new(base_path);
    index.add(files);
    index.check()
}

/// The link check for a site that arrives a block of files at a time, so a build can write
/// and drop each block's pages and still check every link before it publishes.
///
/// It keeps what the check needs and not the pages: every path, a hash of each page's ids,
/// and each distinct link target with the first page that links to it. A link within its
/// own page is checked as soon as the page arrives.
pub struct LinkIndex {
    base_path: String,
    /// Every file of the site; `true` for pages (whose fragments are checked).
    paths: FxHashMap<String, bool>,
    /// [`id_key`] of every (page, id).
    ids: FxHashSet<u64>,
    /// Links to other files, by (file, fragment): the first page and link, and how many
    /// links there are to it, for the message.
    targets: FxHashMap<(String, String), FirstLink>,
    problems: Vec<Diagnostic>,
    /// What the last build recorded: the links of pages not rendered again.
    remembered: LinkMemory,
    /// What this build records of its pages ([`Contents::Page`]), for the next one.
    recorded: LinkMemory,
    /// Each distinct link of `recorded` and its number (`recorded.links` is made from it
    /// when saved).
    recorded_numbers: FxHashMap<Link, u32>,
}

/// Where the link index of the last build is kept, relative to the cache folder.
const MEMORY_FILE: &str = "links.bin";

/// A link to another file of the site: (file, fragment, the link as written).
type Link = (String, String, String);

/// The links and ids of every page of a build, by page, for the next build: a page whose
/// inputs have not changed is not rendered again, and its links are checked from here.
#[derive(Default, Serialize, Deserialize)]
struct LinkMemory {
    /// Folio's version and the site's base path: a memory for anything else is not used.
    owner: String,
    /// Every distinct link of the pages.
    links: Vec<Link>,
    /// Page path -> what the page held.
    pages: FxHashMap<String, PageMemory>,
}

/// What one page held when it was rendered.
#[derive(Serialize, Deserialize)]
struct PageMemory {
    /// Hash of what the page was made from ([`Contents::Page`]).
    inputs: u128,
    /// [`id_key`] of each of its ids.
    ids: Vec<u64>,
    /// Its links to other files, as indexes into [`LinkMemory::links`].
    links: Vec<u32>,
}

/// The first link seen to a target.
struct FirstLink {
    page: String,
    link: String,
    count: usize,
}

/// What one page contributes to a [`LinkIndex`].
#[derive(Default)]
struct PageLinks {
    ids: Vec<u64>,
    targets: Vec<Link>,
    problems: Vec<Diagnostic>,
}

impl LinkIndex {
    /// An empty index for a site whose URLs start with `base_path`.
    pub fn new(base_path: &str) -> LinkIndex {
        LinkIndex {
            base_path: base_path.to_owned(),
            paths: FxHashMap::default(),
            ids: FxHashSet::default(),
            targets: FxHashMap::default(),
            problems: Vec::new(),
            remembered: LinkMemory::default(),
            recorded: LinkMemory {
                owner: memory_owner(base_path),
                ..LinkMemory::default()
            },
            recorded_numbers: FxHashMap::default(),
        }
    }

    /// An empty index that knows the pages of the last build of this site, from the cache
    /// folder `cache_dir` (nothing, when it holds no usable record).
    pub fn remembering(base_path: &str, cache_dir: &Path) -> LinkIndex {
        let mut index = LinkIndex::new(base_path);
        if let Some(memory) = std::fs::read(cache_dir.join(MEMORY_FILE))
            .ok()
            .and_then(|bytes| postcard::from_bytes::<LinkMemory>(&bytes).ok())
            .filter(|memory| memory.owner == index.recorded.owner)
        {
            index.remembered = memory;
        }
        index
    }

    /// True when the last build recorded the links of page `path` made from `inputs`, so
    /// it can be checked without being rendered again.
    pub fn remembers(&self, path: &str, inputs: u128) -> bool {
        self.remembered
            .pages
            .get(path)
            .is_some_and(|page| page.inputs == inputs)
    }

    /// Takes note of a block of files (its pages are read in parallel).
    pub fn add(&mut self, files: &[OutputFile]) {
        // The records of pages not rendered again are taken out of the last build's as
        // they are used, so the two builds' records are never both whole in memory.
        let memories: Vec<Option<PageMemory>> = files
            .iter()
            .map(|file| match file.contents {
                Contents::Page { html: None, .. } => self.remembered.pages.remove(&file.path),
                _ => None,
            })
            .collect();
        let pages: Vec<PageLinks> = files
            .par_iter()
            .zip(memories)
            .map(|(file, memory)| match &file.contents {
                Contents::Page { html: None, inputs } => {
                    self.remembered_page(&file.path, *inputs, memory)
                }
                contents => contents
                    .html()
                    .map(|html| self.read_page(&file.path, html))
                    .unwrap_or_default(),
            })
            .collect();
        for file in files {
            self.paths
                .insert(file.path.clone(), file.contents.is_page());
        }
        for (file, mut page) in files.iter().zip(pages) {
            self.ids.extend(page.ids.iter().copied());
            if let Contents::Page { inputs, .. } = file.contents {
                self.record(
                    &file.path,
                    inputs,
                    std::mem::take(&mut page.ids),
                    &page.targets,
                );
            }
            self.problems.extend(page.problems);
            for (target, fragment, link) in page.targets {
                self.targets
                    .entry((target, fragment))
                    .and_modify(|first| first.count += 1)
                    .or_insert_with(|| FirstLink {
                        page: file.path.clone(),
                        link,
                        count: 1,
                    });
            }
        }
    }

    /// Every broken link of every file added so far.
    pub fn check(&mut self) -> Diagnostics {
        let mut problems = Diagnostics::new();
        problems.extend(std::mem::take(&mut self.problems));
        for ((file, fragment), first) in std::mem::take(&mut self.targets) {
            let others = match first.count {
                1 => String::new(),
                n => format!(" ({} more links to it on other pages or this one)", n - 1),
            };
            let why = match self.paths.get(&file) {
                None => format!("no page or file `{file}` is generated{others}"),
                Some(true)
                    if !fragment.is_empty() && !self.ids.contains(&id_key(&file, &fragment)) =>
                {
                    format!("`{file}` has no element with id `{fragment}`{others}")
                }
                Some(_) => continue,
            };
            problems.push(broken(&first.page, &first.link, &why));
        }
        problems.sort();
        problems
    }

    /// Saves what this build recorded of its pages in the cache folder `cache_dir`, for
    /// the next build (only once the site it describes is published). It only saves time:
    /// failing to write it is not an error.
    pub fn save(mut self, cache_dir: &Path) {
        let mut links = vec![Link::default(); self.recorded_numbers.len()];
        for (link, n) in self.recorded_numbers {
            links[n as usize] = link;
        }
        self.recorded.links = links;
        let path = cache_dir.join(MEMORY_FILE);
        if let Ok(bytes) = postcard::to_stdvec(&self.recorded) {
            let temporary = path.with_extension("tmp");
            let _ = std::fs::create_dir_all(cache_dir)
                .and_then(|()| std::fs::write(&temporary, bytes))
                .and_then(|()| std::fs::rename(&temporary, &path));
        }
    }

    /// The ids and links the last build recorded (`memory`) of a page that was not
    /// rendered again.
    fn remembered_page(&self, page: &str, inputs: u128, memory: Option<PageMemory>) -> PageLinks {
        match memory {
            Some(memory) if memory.inputs == inputs => PageLinks {
                targets: memory
                    .links
                    .iter()
                    .filter_map(|&n| self.remembered.links.get(n as usize).cloned())
                    .collect(),
                ids: memory.ids,
                problems: Vec::new(),
            },
            // The build only leaves out pages it has a record of; this is a bug, and
            // saying so beats passing links that were never checked.
            _ => PageLinks {
                problems: vec![
                    Diagnostic::error(
                        format!("public/{page}"),
                        "internal: this page was not rendered again, and the last build left no record of its links",
                    )
                    .with_hint("delete the .folio-cache folder and build again"),
                ],
                ..PageLinks::default()
            },
        }
    }

    /// Notes the ids and links of `page` for the next build.
    fn record(&mut self, page: &str, inputs: u128, ids: Vec<u64>, targets: &[Link]) {
        let numbers = targets
            .iter()
            .map(|link| match self.recorded_numbers.get(link) {
                Some(&n) => n,
                None => {
                    let n = self.recorded_numbers.len() as u32;
                    self.recorded_numbers.insert(link.clone(), n);
                    n
                }
            })
            .collect();
        let memory = PageMemory {
            inputs,
            ids,
            links: numbers,
        };
        self.recorded.pages.insert(page.to_owned(), memory);
    }

    /// The ids and links of one page; links within the page are checked here.
    fn read_page(&self, page: &str, html: &str) -> PageLinks {
        let own_ids: FxHashSet<&str> = attribute_values(html, "id").collect();
        let mut links = PageLinks {
            ids: own_ids.iter().map(|id| id_key(page, id)).collect(),
            ..PageLinks::default()
        };
        for attribute in ["href", "src"] {
            for link in attribute_values(html, attribute) {
                let link = decode_entities(link);
                match resolve(page, &link, &self.base_path) {
                    Resolved::External => {}
                    Resolved::Broken(why) => links.problems.push(broken(page, &link, &why)),
                    Resolved::Target(file, fragment) if file == page => {
                        if !fragment.is_empty() && !own_ids.contains(fragment.as_str()) {
                            let why = format!("`{file}` has no element with id `{fragment}`");
                            links.problems.push(broken(page, &link, &why));
                        }
                    }
                    Resolved::Target(file, fragment) => links.targets.push((file, fragment, link)),
                }
            }
        }
        links
    }
}

/// Who a [`LinkMemory`] is for: this version of Folio and a site under `base_path`.
fn memory_owner(base_path: &str) -> String {
    format!("{} {base_path}", env!("CARGO_PKG_VERSION"))
}

/// The key of element `id` of `page` in [`LinkIndex::ids`]. A 64-bit hash: two different
/// ids colliding (about one chance in 10^12 for a site of millions of ids) could only hide
/// a broken fragment, never report a false one.
fn id_key(page: &str, id: &str) -> u64 {
    let mut hasher = xxhash_rust::xxh3::Xxh3::new();
    hasher.update(page.as_bytes());
    hasher.update(&[0]);
    hasher.update(id.as_bytes());
    hasher.digest()
}

/// Where a link points.
enum Resolved {
    /// Outside the site (another scheme, host or a data URL): not checked.
    External,
    /// A file of the site (`documents/x/index.html`) and fragment (empty for none).
    Target(String, String),
    /// Cannot be right whatever the site holds; why.
    Broken(String),
}

/// Resolves `link` (entities decoded) on `page` of a site under `base_path`.
fn resolve(page: &str, link: &str, base_path: &str) -> Resolved {
    if link.is_empty()
        || link.contains("://")
        || link.starts_with("mailto:")
        || link.starts_with("data:")
        || link.starts_with("//")
    {
        return Resolved::External;
    }
    let (target, fragment) = link.split_once('#').unwrap_or((link, ""));
    let target = target.split('?').next().unwrap_or_default();
    if target.is_empty() {
        Resolved::Target(page.to_owned(), fragment.to_owned())
    } else if let Some(inside) = target.strip_prefix(base_path) {
        let file = if inside.is_empty() || inside.ends_with('/') {
            format!("{inside}index.html")
        } else {
            inside.to_owned()
        };
        Resolved::Target(file, fragment.to_owned())
    } else if target.starts_with('/') {
        Resolved::Broken(format!("it is outside the site's base path `{base_path}`"))
    } else {
        Resolved::Broken(
            "relative links are not used by Folio's themes; build URLs from the values templates receive".into(),
        )
    }
}

fn broken(page: &str, link: &str, why: &str) -> Diagnostic {
    Diagnostic::error(format!("public/{page}"), format!("broken link `{link}`: {why}"))
        .with_hint("the link comes from a template or from the content on this page; fix its source and build again")
}

/// The values of `attribute="..."` in `html`, in order.
pub fn attribute_values<'a>(
    html: &'a str,
    attribute: &'a str,
) -> impl Iterator<Item = &'a str> + 'a {
    let mut rest = html;
    std::iter::from_fn(move || {
        loop {
            let at = rest.find(attribute)?;
            let before = rest[..at].chars().next_back();
            let after = &rest[at + attribute.len()..];
            rest = after;
            if matches!(before, Some(c) if c.is_ascii_whitespace()) && after.starts_with("=\"") {
                let value_start = &rest[2..];
                let end = value_start.find('"')?;
                let value = &value_start[..end];
                rest = &value_start[end..];
                return Some(value);
            }
        }
    })
}

fn decode_entities(value: &str) -> String {
    if !value.contains('&') {
        return value.to_owned();
    }
    value
        .replace("&amp;", "&")
        .replace("&#x27;", "'")
        .replace("&#39;", "'")
        .replace("&quot;", "\"")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn html(path: &str, body: &str) -> OutputFile {
        OutputFile {
            path: path.into(),
            contents: Contents::Html(body.into()),
        }
    }

    fn page(path: &str, body: Option<&str>, inputs: u128) -> OutputFile {
        OutputFile {
            path: path.into(),
            contents: Contents::Page {
                html: body.map(str::to_owned),
                inputs,
            },
        }
    }

    #[test]
    fn pages_not_rendered_again_are_checked_from_the_last_build() {
        let cache = tempfile::tempdir().expect("temp dir");
        let mut first = LinkIndex::remembering("/", cache.path());
        first.add(&[
            page("index.html", Some(r#"<a href="/a/#n1">a</a>"#), 1),
            page("a/index.html", Some(r#"<p id="n1"></p>"#), 2),
        ]);
        assert!(first.check().is_empty());
        first.save(cache.path());

        let second = LinkIndex::remembering("/", cache.path());
        assert!(second.remembers("index.html", 1));
        assert!(
            !second.remembers("index.html", 3),
            "other inputs, another page"
        );
        assert!(!LinkIndex::remembering("/other/", cache.path()).remembers("index.html", 1));

        // The home page is not rendered; the page it links to lost its id.
        let mut second = second;
        second.add(&[
            page("index.html", None, 1),
            page("a/index.html", Some("<p></p>"), 4),
        ]);
        let problems = second.check();
        let messages: Vec<&str> = problems.iter().map(|d| d.message.as_str()).collect();
        assert_eq!(messages.len(), 1, "{messages:?}");
        assert!(messages[0].contains("broken link `/a/#n1`"), "{messages:?}");
        assert!(
            messages[0].contains("no element with id `n1`"),
            "{messages:?}"
        );

        // A page left out with no record is a bug that must not pass silently.
        let mut third = LinkIndex::remembering("/", cache.path());
        third.add(&[page("b/index.html", None, 9)]);
        assert!(!third.check().is_empty());
    }

    #[test]
    fn finds_attribute_values() {
        let values: Vec<&str> =
            attribute_values(r#"<a href="/x/" data-href="no"><b id="i">"#, "href").collect();
        assert_eq!(values, vec!["/x/"]);
    }

    #[test]
    fn reports_missing_pages_and_fragments_only() {
        let files = vec![
            html(
                "index.html",
                r##"<a href="/ed/a/">a</a> <a href="/ed/a/#n1">n</a> <a href="#top">t</a> <a href="https://x.org/">x</a> <p id="top"></p>"##,
            ),
            html(
                "a/index.html",
                r#"<p id="n1"></p><a href="/ed/missing/">m</a><a href="/ed/a/#nope">f</a><a href="/other/">o</a>"#,
            ),
        ];
        let problems = check(&files, "/ed/");
        let messages: Vec<String> = problems.iter().map(|d| d.message.clone()).collect();
        assert_eq!(messages.len(), 3, "{messages:?}");
        assert!(messages.iter().any(|m| m.contains("/ed/missing/")));
        assert!(
            messages
                .iter()
                .any(|m| m.contains("no element with id `nope`"))
        );
        assert!(
            messages
                .iter()
                .any(|m| m.contains("outside the site's base path"))
        );
    }
}
