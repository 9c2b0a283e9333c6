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
/// and each distinct link, numbered, with the first page that has it and how many do. A
/// link within its own page is checked as soon as the page arrives.
///
/// A build records each page's ids and link numbers for the next one; a page the next build
/// does not render again ([`Contents::Page`] without HTML) is checked from that record, and
/// since the numbering goes on from the last build's, its links cost no string work.
pub struct LinkIndex {
    base_path: String,
    /// Every file of the site; `true` for pages (whose fragments are checked).
    paths: FxHashMap<String, bool>,
    /// [`id_key`] of every (page, id).
    ids: FxHashSet<u64>,
    /// Every distinct link, the last build's first.
    links: LinkTable,
    /// By link number: its use in this build, if any.
    uses: Vec<Option<LinkUse>>,
    /// Pages added so far, for the order of first uses.
    pages_added: u64,
    problems: Vec<Diagnostic>,
    /// Who a record is for ([`memory_owner`]).
    owner: String,
    /// The last build's record of each page (taken out as pages are checked from it).
    remembered: FxHashMap<String, PageMemory>,
    /// This build's record of its pages ([`Contents::Page`]), for the next one.
    recorded: FxHashMap<String, PageMemory>,
}

/// Where the link index of the last build is kept, relative to the cache folder.
const MEMORY_FILE: &str = "links.bin";

/// A link to another file of the site: (file, fragment, the link as written).
type Link = (String, String, String);

/// The first use of a link in a build, and how many uses there are.
struct LinkUse {
    page: String,
    /// When the first page that has it was added, to report the first link to a target.
    order: u64,
    count: usize,
}

/// Distinct links, numbered in the order they were first seen.
#[derive(Default)]
struct LinkTable {
    links: Vec<Link>,
    /// Numbers into `links`, found by the hash of the link: no second copy of the strings.
    index: hashbrown::HashTable<u32>,
    /// Numbers into `links`, found by the link as written (see [`LinkTable::find_written`]).
    by_written: hashbrown::HashTable<u32>,
}

impl LinkTable {
    /// A table of `links` numbered as they are (distinct, as a saved table is).
    fn from_links(links: Vec<Link>) -> LinkTable {
        let mut table = LinkTable::default();
        for link in links {
            table.number(link);
        }
        table
    }

    /// The number of `link`, numbering it if it is new.
    fn number(&mut self, link: Link) -> u32 {
        let hash = link_hash(&link);
        let links = &self.links;
        if let Some(&n) = self.index.find(hash, |&m| links[m as usize] == link) {
            return n;
        }
        let n = self.links.len() as u32;
        // Two numbered links written alike resolve alike: the first one serves.
        let written_hash = text_hash(&link.2);
        if let hashbrown::hash_table::Entry::Vacant(vacant) = self.by_written.entry(
            written_hash,
            |&m| links[m as usize].2 == link.2,
            |&m| text_hash(&links[m as usize].2),
        ) {
            vacant.insert(n);
        }
        self.links.push(link);
        let links = &self.links;
        self.index
            .insert_unique(hash, n, |&m| link_hash(&links[m as usize]));
        n
    }

    /// The number of a link already in the table written as `written` (entities decoded).
    /// A numbered link points to another page, and where such a link points does not
    /// depend on the page it is on, so its number serves every page: most links of a
    /// site (its navigation, people, dates) are found here without being resolved again.
    fn find_written(&self, written: &str) -> Option<u32> {
        let links = &self.links;
        self.by_written
            .find(text_hash(written), |&m| links[m as usize].2 == written)
            .copied()
    }
}

fn text_hash(text: &str) -> u64 {
    use std::hash::BuildHasher;
    rustc_hash::FxBuildHasher.hash_one(text)
}

fn link_hash(link: &Link) -> u64 {
    use std::hash::BuildHasher;
    rustc_hash::FxBuildHasher.hash_one(link)
}

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
    /// Its links to other files, as numbers in [`LinkMemory::links`].
    links: Vec<u32>,
}

/// What one page contributes to a [`LinkIndex`]: links read from its HTML (`targets`) or
/// already numbered (`numbers`, from the last build's record).
#[derive(Default)]
struct PageLinks {
    ids: Vec<u64>,
    targets: Vec<Link>,
    numbers: Vec<u32>,
    problems: Vec<Diagnostic>,
}

impl LinkIndex {
    /// An empty index for a site whose URLs start with `base_path`.
    pub fn new(base_path: &str) -> LinkIndex {
        LinkIndex {
            base_path: base_path.to_owned(),
            paths: FxHashMap::default(),
            ids: FxHashSet::default(),
            links: LinkTable::default(),
            uses: Vec::new(),
            pages_added: 0,
            problems: Vec::new(),
            owner: memory_owner(base_path),
            remembered: FxHashMap::default(),
            recorded: FxHashMap::default(),
        }
    }

    /// An empty index that knows the pages of the last build of this site, from the cache
    /// folder `cache_dir` (nothing, when it holds no usable record).
    pub fn remembering(base_path: &str, cache_dir: &Path) -> LinkIndex {
        let mut index = LinkIndex::new(base_path);
        if let Some(memory) = crate::store::load(&cache_dir.join(MEMORY_FILE))
            .and_then(|bytes| postcard::from_bytes::<LinkMemory>(&bytes).ok())
            .filter(|memory| memory.owner == index.owner)
            // A damaged record is not used (its numbers would point nowhere).
            .filter(|memory| {
                let count = memory.links.len();
                (memory.pages.values()).all(|page| page.links.iter().all(|&n| (n as usize) < count))
            })
        {
            index.links = LinkTable::from_links(memory.links);
            index.remembered = memory.pages;
        }
        index
    }

    /// True when the last build recorded the links of page `path` made from `inputs`, so
    /// it can be checked without being rendered again.
    pub fn remembers(&self, path: &str, inputs: u128) -> bool {
        self.remembered
            .get(path)
            .is_some_and(|page| page.inputs == inputs)
    }

    /// Takes note of a block of files (its pages are read in parallel).
    pub fn add(&mut self, files: &[OutputFile]) {
        let memories: Vec<Option<PageMemory>> = files
            .iter()
            .map(|file| match file.contents {
                Contents::Page { html: None, .. } => self.remembered.remove(&file.path),
                _ => None,
            })
            .collect();
        let pages: Vec<PageLinks> = files
            .par_iter()
            .zip(memories)
            .map(|(file, memory)| match &file.contents {
                Contents::Page { html: None, inputs } => {
                    remembered_page(&file.path, *inputs, memory)
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
        for (file, page) in files.iter().zip(pages) {
            let PageLinks {
                ids,
                targets,
                mut numbers,
                problems,
            } = page;
            self.problems.extend(problems);
            self.ids.extend(ids.iter().copied());
            numbers.extend(targets.into_iter().map(|link| self.links.number(link)));
            self.pages_added += 1;
            if self.uses.len() < self.links.links.len() {
                self.uses.resize_with(self.links.links.len(), || None);
            }
            for &n in &numbers {
                match &mut self.uses[n as usize] {
                    Some(used) => used.count += 1,
                    unused => {
                        *unused = Some(LinkUse {
                            page: file.path.clone(),
                            order: self.pages_added,
                            count: 1,
                        })
                    }
                }
            }
            if let Contents::Page { inputs, .. } = file.contents {
                let memory = PageMemory {
                    inputs,
                    ids,
                    links: numbers,
                };
                self.recorded.insert(file.path.clone(), memory);
            }
        }
    }

    /// Every broken link of every file added so far.
    pub fn check(&mut self) -> Diagnostics {
        let mut problems = Diagnostics::new();
        problems.extend(std::mem::take(&mut self.problems));
        // Each link is looked at on both cores (a large site has hundreds of thousands, nearly
        // all fine). The broken ones are grouped by target (`/a/` and `/a/index.html` are
        // one target): a broken target is reported once, at the first link to it.
        let broken_links: Vec<(&Link, &LinkUse)> = (self.links.links.par_iter())
            .zip(self.uses.par_iter())
            .filter_map(|(link, used)| Some((link, used.as_ref()?)))
            .filter(|((file, fragment, _), _)| match self.paths.get(file) {
                None => true,
                Some(true) => !fragment.is_empty() && !self.ids.contains(&id_key(file, fragment)),
                Some(false) => false,
            })
            .collect();
        let mut targets: FxHashMap<(&str, &str), (&LinkUse, &str, usize)> = FxHashMap::default();
        for ((file, fragment, written), used) in broken_links {
            targets
                .entry((file.as_str(), fragment.as_str()))
                .and_modify(|(first, first_link, count)| {
                    *count += used.count;
                    if used.order < first.order {
                        *first = used;
                        *first_link = written;
                    }
                })
                .or_insert((used, written, used.count));
        }
        for ((file, fragment), (first, link, count)) in targets {
            let others = match count {
                1 => String::new(),
                n => format!(" ({} more links to it on other pages or this one)", n - 1),
            };
            let why = if self.paths.contains_key(file) {
                format!("`{file}` has no element with id `{fragment}`{others}")
            } else {
                format!("no page or file `{file}` is generated{others}")
            };
            problems.push(broken(&first.page, link, &why));
        }
        problems.sort();
        problems
    }

    /// Checks a site that is the last build's but for the pages `edited`, rendered again
    /// at the same paths, with no file added or removed (`file_kind` tells for a path of
    /// the site whether it is a page, `Some(true)`, another file, or none). Only links that
    /// can have changed are looked at: those of the edited pages, and those of every other
    /// page into an edited page's fragments (its ids may have changed). Every other page
    /// must have a record ([`LinkIndex::remembers`]); the record of the edited pages is
    /// replaced for the next build.
    pub fn check_edits(
        &mut self,
        edited: &[OutputFile],
        file_kind: impl Fn(&str) -> Option<bool>,
    ) -> Diagnostics {
        let mut problems = Diagnostics::new();
        for file in edited {
            let (Contents::Page { inputs, .. }, Some(html)) =
                (&file.contents, file.contents.html())
            else {
                continue;
            };
            let page = self.read_page(&file.path, html);
            problems.extend(page.problems);
            let numbers: Vec<u32> = (page.targets.into_iter())
                .map(|link| self.links.number(link))
                .collect();
            let memory = PageMemory {
                inputs: *inputs,
                ids: page.ids,
                links: numbers,
            };
            self.remembered.insert(file.path.clone(), memory);
        }
        let has_id = |remembered: &FxHashMap<String, PageMemory>, file: &str, fragment: &str| {
            let key = id_key(file, fragment);
            remembered
                .get(file)
                .is_some_and(|page| page.ids.contains(&key))
        };
        // Broken targets, by link number, with the number of pages linking to each.
        let edited_paths: FxHashSet<&str> = edited.iter().map(|f| f.path.as_str()).collect();
        let mut broken_links: FxHashMap<u32, String> = FxHashMap::default();
        let mut suspect = |n: u32| {
            let (file, fragment, _) = &self.links.links[n as usize];
            let why = match file_kind(file) {
                None => format!("no page or file `{file}` is generated"),
                Some(true) if !fragment.is_empty() && !has_id(&self.remembered, file, fragment) => {
                    format!("`{file}` has no element with id `{fragment}`")
                }
                Some(_) => return,
            };
            broken_links.insert(n, why);
        };
        for path in &edited_paths {
            let numbers = self.remembered.get(*path).map(|p| p.links.clone());
            for n in numbers.unwrap_or_default() {
                suspect(n);
            }
        }
        for (n, (file, fragment, _)) in self.links.links.iter().enumerate() {
            if !fragment.is_empty() && edited_paths.contains(file.as_str()) {
                suspect(n as u32);
            }
        }
        if !broken_links.is_empty() {
            // Each broken link is reported at its first page in path order, with a count.
            let mut pages: Vec<(&String, &PageMemory)> = self.remembered.iter().collect();
            pages.sort_unstable_by_key(|(path, _)| *path);
            let mut reported: FxHashMap<u32, (&str, usize)> = FxHashMap::default();
            for (path, page) in pages {
                for n in &page.links {
                    if broken_links.contains_key(n) {
                        reported.entry(*n).or_insert((path, 0)).1 += 1;
                    }
                }
            }
            for (n, (page, count)) in reported {
                let others = match count {
                    1 => String::new(),
                    n => format!(" ({} more links to it on other pages or this one)", n - 1),
                };
                let link = &self.links.links[n as usize].2;
                problems.push(broken(page, link, &format!("{}{others}", broken_links[&n])));
            }
        }
        self.recorded = std::mem::take(&mut self.remembered);
        problems.sort();
        problems
    }

    /// Saves what this build recorded of its pages in the cache folder `cache_dir`, for
    /// the next build (only once the site it describes is published). Only the links the
    /// pages still have are kept. It only saves time: failing to write it is not an error.
    pub fn save(mut self, cache_dir: &Path) {
        let mut renumbered = vec![u32::MAX; self.links.links.len()];
        let mut links = Vec::new();
        for page in self.recorded.values_mut() {
            for n in &mut page.links {
                let new = &mut renumbered[*n as usize];
                if *new == u32::MAX {
                    *new = links.len() as u32;
                    links.push(std::mem::take(&mut self.links.links[*n as usize]));
                }
                *n = *new;
            }
        }
        let memory = LinkMemory {
            owner: self.owner,
            links,
            pages: self.recorded,
        };
        let path = cache_dir.join(MEMORY_FILE);
        if let Ok(bytes) = postcard::to_stdvec(&memory) {
            let _ = crate::store::save(&path, &bytes);
        }
    }

    /// The ids and links of one page; links within the page are checked here.
    fn read_page(&self, page: &str, html: &str) -> PageLinks {
        let mut own_ids = FxHashSet::default();
        let mut written_links = Vec::new();
        for (name, value) in attributes(html) {
            match name {
                "id" => {
                    own_ids.insert(value);
                }
                "href" | "src" => written_links.push(value),
                _ => {}
            }
        }
        let mut links = PageLinks {
            ids: own_ids.iter().map(|id| id_key(page, id)).collect(),
            ..PageLinks::default()
        };
        for link in written_links {
            let link = super::decode_entities(link);
            if let Some(n) = self.links.find_written(&link) {
                links.numbers.push(n);
                continue;
            }
            let link = link.into_owned();
            match resolve(page, &link, &self.base_path) {
                Resolved::External => {}
                Resolved::Broken(why) => links.problems.push(broken(page, &link, &why)),
                Resolved::Unsafe(why) => links.problems.push(refused(page, &link, &why)),
                Resolved::Target(file, fragment) if file == page => {
                    if !fragment.is_empty() && !own_ids.contains(fragment.as_str()) {
                        let why = format!("`{file}` has no element with id `{fragment}`");
                        links.problems.push(broken(page, &link, &why));
                    }
                }
                Resolved::Target(file, fragment) => links.targets.push((file, fragment, link)),
            }
        }
        links
    }
}

/// The ids and links the last build recorded (`memory`) of a page that was not rendered
/// again.
fn remembered_page(page: &str, inputs: u128, memory: Option<PageMemory>) -> PageLinks {
    match memory {
        Some(memory) if memory.inputs == inputs => PageLinks {
            ids: memory.ids,
            numbers: memory.links,
            ..PageLinks::default()
        },
        // The build only leaves out pages it has a record of; this is a bug, and saying so
        // beats passing links that were never checked.
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
    /// Uses a scheme a page may not hold ([`crate::util::schemes`]); why.
    Unsafe(String),
}

/// The file of the site `link` (an address written in a text of page `page`) points to:
/// `Ok(None)` outside the site, `Ok(Some(file))` (`documents/x/index.html`, or `page`
/// itself), or why it cannot be right. For the site's check of the texts' own links.
pub fn target_file(page: &str, link: &str, base_path: &str) -> Result<Option<String>, String> {
    match resolve(page, link, base_path) {
        Resolved::External => Ok(None),
        Resolved::Target(file, _) => Ok(Some(file)),
        Resolved::Broken(why) | Resolved::Unsafe(why) => Err(why),
    }
}

/// Resolves `link` (entities decoded) on `page` of a site under `base_path`.
fn resolve(page: &str, link: &str, base_path: &str) -> Resolved {
    if let Some(why) = crate::util::schemes::refusal(link) {
        return Resolved::Unsafe(why);
    }
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
    Diagnostic::error(
        format!("public/{page}"),
        format!("broken link `{link}`: {why}"),
    )
    .with_hint(format!("{}; fix it there and build again", made_from(page)))
}

fn refused(page: &str, link: &str, why: &str) -> Diagnostic {
    let shown: String = link.escape_debug().collect();
    Diagnostic::error(
        format!("public/{page}"),
        format!("the link `{shown}` is not allowed: {why}"),
    )
    .with_hint(format!(
        "{}; {}",
        made_from(page),
        crate::util::schemes::HINT
    ))
}

/// Where the links of generated page `page` come from. The links written in a text are
/// checked where they are written, before the pages are (see `site::render_site`), so a
/// link reported on a page comes from the theme (or a setting it shows), rarely from raw
/// HTML in the page's text.
fn made_from(page: &str) -> String {
    let segments: Vec<&str> = page.split('/').collect();
    let template = match segments.as_slice() {
        ["index.html"] => "home.html",
        ["404.html"] => "404.html",
        ["documents", "index.html"] | ["documents", "page", ..] => "documents.html",
        ["documents", _, "index.html"] => "document.html",
        ["people", "index.html"] | ["people", "page", ..] => "people.html",
        ["people", _, ..] => "person.html",
        ["dates", "index.html"] => "dates.html",
        ["dates", _, "index.html"] => "year.html",
        ["dates", _, _, "index.html"] => "month.html",
        ["dates", ..] => "day.html",
        ["search", ..] => "search.html",
        ["citations", ..] => "citations.html",
        ["data", ..] => "data.html",
        [_, "index.html"] => "page.html",
        _ => "",
    };
    if template.is_empty() {
        "the link comes from the theme's templates or from the text of this page".to_owned()
    } else {
        format!(
            "the link comes from the theme's template `templates/{template}` (or `base.html` and the templates it includes), or from raw HTML in the text of this page"
        )
    }
}

/// Every `name="value"` attribute of the tags of `html`, in order: the name and the value as
/// written. Text is not read (a page quoting `<a href="...">` as text has no link), nor the
/// insides of comments, scripts and styles.
///
/// One pass for all attributes (from tag to tag, and within a tag a search for `="`, then a
/// look back for the name) rather than one per attribute name: the link check reads every
/// byte of every page.
fn attributes(html: &str) -> impl Iterator<Item = (&str, &str)> {
    let bytes = html.as_bytes();
    let mut at = 0;
    // The end of the tag being read (at its `>`); `at >= tag_end` between tags.
    let mut tag_end = 0;
    // After a script's or style's tag: the end of its contents, where reading goes on.
    let mut resume_at = None;
    std::iter::from_fn(move || {
        loop {
            if at < tag_end {
                if let Some((name, value, next)) = attribute_in(html, at, tag_end) {
                    at = next;
                    return Some((&html[name], &html[value]));
                }
                at = tag_end;
                continue;
            }
            if let Some(resume) = resume_at.take() {
                at = resume;
            }
            let open = at + memchr::memchr(b'<', &bytes[at..])?;
            // A closing tag holds no attributes: on to its end (half of all tags).
            if bytes.get(open + 1) == Some(&b'/') {
                at = open + 2 + memchr::memchr(b'>', &bytes[open + 2..])?;
                continue;
            }
            if bytes[open..].starts_with(b"<!--") {
                at = memchr::memmem::find(&bytes[open..], b"-->").map(|i| open + i + 3)?;
                continue;
            }
            tag_end = tag_end_from(bytes, open + 1);
            let name_end = (open + 1..tag_end)
                .find(|&i| !bytes[i].is_ascii_alphanumeric())
                .unwrap_or(tag_end);
            let name = &html[open + 1..name_end];
            // A script's or style's text is not HTML: its tag is read, its text skipped.
            if name.eq_ignore_ascii_case("script") || name.eq_ignore_ascii_case("style") {
                let closing = format!("</{}", name.to_ascii_lowercase());
                resume_at = Some(
                    memchr::memmem::find(&bytes[tag_end..], closing.as_bytes())
                        .map_or(bytes.len(), |i| tag_end + i),
                );
            }
            at = name_end;
        }
    })
}

/// Where the tag whose name starts at `from` ends: its `>` outside quoted values (or the
/// end of `bytes`).
fn tag_end_from(bytes: &[u8], from: usize) -> usize {
    // From quote to quote with SIMD searches: a byte at a time, this was the link check's
    // largest cost.
    let mut at = from;
    while let Some(found) = memchr::memchr3(b'>', b'"', b'\'', &bytes[at.min(bytes.len())..]) {
        let i = at + found;
        let quote = bytes[i];
        if quote == b'>' {
            return i;
        }
        match memchr::memchr(quote, &bytes[i + 1..]) {
            Some(close) => at = i + 1 + close + 1,
            None => return bytes.len(),
        }
    }
    bytes.len()
}

/// The next `name="value"` between `from` and `end` (within one tag): the name's and the
/// value's byte ranges and where to go on from.
fn attribute_in(
    html: &str,
    mut from: usize,
    end: usize,
) -> Option<(std::ops::Range<usize>, std::ops::Range<usize>, usize)> {
    let bytes = html.as_bytes();
    loop {
        let equals = from + memchr::memchr(b'=', &bytes[from..end])?;
        if bytes.get(equals + 1) != Some(&b'"') {
            from = equals + 1;
            continue;
        }
        let name_start = bytes[..equals]
            .iter()
            .rposition(|&b| !(b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b':')))
            .map_or(0, |before| before + 1);
        let is_attribute =
            name_start > 0 && name_start < equals && bytes[name_start - 1].is_ascii_whitespace();
        let value_start = equals + 2;
        let value_end = value_start + memchr::memchr(b'"', &bytes[value_start..])?;
        if !is_attribute {
            from = value_end + 1;
            continue;
        }
        return Some((name_start..equals, value_start..value_end, value_end + 1));
    }
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
    fn an_edit_is_checked_by_its_links_and_the_links_into_it() {
        let cache = tempfile::tempdir().expect("temp dir");
        let mut first = LinkIndex::remembering("/", cache.path());
        first.add(&[
            page(
                "index.html",
                Some(r#"<a href="/a/#n1">a</a><a href="/b/">b</a>"#),
                1,
            ),
            page("a/index.html", Some(r#"<p id="n1"></p>"#), 2),
            page("b/index.html", Some(r#"<p id="n2"></p>"#), 3),
            html("style.css", ""),
        ]);
        assert!(first.check().is_empty());
        first.save(cache.path());
        let kinds = |path: &str| match path {
            "style.css" => Some(false),
            "index.html" | "a/index.html" | "b/index.html" => Some(true),
            _ => None,
        };

        // Page a loses the id the home page links to, and links to a page that is not there.
        let mut edits = LinkIndex::remembering("/", cache.path());
        let problems = edits.check_edits(
            &[page(
                "a/index.html",
                Some(r#"<a href="/c/">c</a><a href="/b/#n2">b</a>"#),
                4,
            )],
            kinds,
        );
        let mut found: Vec<(String, String)> = problems
            .iter()
            .map(|d| (d.file.display().to_string(), d.message.clone()))
            .collect();
        found.sort();
        assert_eq!(found.len(), 2, "{found:?}");
        assert_eq!(found[0].0, "public/a/index.html");
        assert!(found[0].1.contains("broken link `/c/`"), "{found:?}");
        assert_eq!(found[1].0, "public/index.html");
        assert!(found[1].1.contains("no element with id `n1`"), "{found:?}");

        // An edit that keeps its ids passes, and is what the next build remembers.
        let mut edits = LinkIndex::remembering("/", cache.path());
        let kept = r#"<p id="n1"></p><a href="/style.css">css</a>"#;
        assert!(
            edits
                .check_edits(&[page("a/index.html", Some(kept), 5)], kinds)
                .is_empty()
        );
        edits.save(cache.path());
        let next = LinkIndex::remembering("/", cache.path());
        assert!(next.remembers("a/index.html", 5) && next.remembers("index.html", 1));
    }

    #[test]
    fn a_damaged_record_is_not_used() {
        let cache = tempfile::tempdir().expect("temp dir");
        let mut pages = FxHashMap::default();
        let page = PageMemory {
            inputs: 1,
            ids: Vec::new(),
            links: vec![7],
        };
        pages.insert("index.html".to_owned(), page);
        let memory = LinkMemory {
            owner: memory_owner("/"),
            links: Vec::new(),
            pages,
        };
        let bytes = postcard::to_stdvec(&memory).expect("encodes");
        std::fs::write(cache.path().join(MEMORY_FILE), bytes).expect("write");
        let index = LinkIndex::remembering("/", cache.path());
        assert!(!index.remembers("index.html", 1));
    }

    #[test]
    fn a_broken_target_is_reported_once_at_its_first_link() {
        let files = vec![
            html("index.html", r#"<a href="/gone/">g</a>"#),
            html(
                "a/index.html",
                r#"<a href="/gone/index.html">g</a><a href="/gone/">g</a>"#,
            ),
        ];
        let problems = check(&files, "/");
        let messages: Vec<String> = problems.iter().map(|d| d.to_string()).collect();
        assert_eq!(messages.len(), 1, "{messages:?}");
        assert!(messages[0].contains("public/index.html"), "{messages:?}");
        assert!(messages[0].contains("(2 more links to it"), "{messages:?}");
    }

    #[test]
    fn finds_attributes_and_nothing_else() {
        let found: Vec<(&str, &str)> = attributes(concat!(
            r#"<a href="/x/" data-href="no"><b id="i">a="not" b = "no"</b>"#,
            r#"<script>{"u":"a?b="}</script><link href="/y/">"#,
            "<p\nclass=\"c\" id=\"\">",
            r#"<p>&lt;a href="javascript:alert(1)"&gt; quoted as text</p>"#,
            r#"<!-- <a href="/in-a-comment/"> --><script src="/s.js">var a = '<a href="/js/">';</script>"#,
            r#"<style>a[href="/css/"] {}</style><img alt="a > b" src="/i.png">"#,
        ))
        .collect();
        assert_eq!(
            found,
            vec![
                ("href", "/x/"),
                ("data-href", "no"),
                ("id", "i"),
                ("href", "/y/"),
                ("class", "c"),
                ("id", ""),
                ("src", "/s.js"),
                ("alt", "a > b"),
                ("src", "/i.png"),
            ]
        );
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
