//! Writing the site. Every check has passed before anything here runs, so what is left to
//! protect against is the disk: a write that fails half-way must not leave a broken site.
//!
//! - **First build** (no output folder yet): write everything (pages minified if the
//!   edition asks for it, `minify_html = true`) into a staging folder beside the output
//!   folder, then rename it into place.
//! - **Rebuild**: a manifest from the last build (`.folio-cache/output.bin`: each file's
//!   path, a hash of what it was made from, and its size on disk) tells which files changed.
//!   Only those are written, each to a temporary name beside its target; when all are
//!   written they are renamed over the old files, and files the site no longer has are
//!   removed. A failure before the renames removes the temporaries and leaves the old
//!   site as it was. Unchanged files are not touched (their size is checked, so a file
//!   deleted or edited by hand in the output folder is written again).
//! - **No usable manifest** (another tool's output, a different output folder, a cache
//!   from another Folio version): the first-build path, then the new folder replaces the
//!   old one with two renames.
//!
//! Writing only what changed matters at scale: creating and deleting tens of thousands of
//! files is what the kernel spent most of a rebuild on.

use std::collections::{HashMap, HashSet};
use std::fs;
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};

use super::{Contents, OutputFile};
use crate::diagnostics::{Diagnostic, Diagnostics};

/// What [`publish`] did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Published {
    /// Files written (new or changed).
    pub written: usize,
    /// Files left as they were.
    pub unchanged: usize,
    /// Files of the old site removed.
    pub removed: usize,
}

/// Where the manifest of the last build is kept, relative to the edition root.
const MANIFEST: &str = "output.bin";
/// Suffix of a file being written, before it is renamed over its target.
const TEMPORARY_SUFFIX: &str = ".folio-new";

/// The manifest of one output folder.
#[derive(Debug, Default, Serialize, Deserialize)]
struct Manifest {
    /// Folio's version and the output folder: a manifest for anything else is not used.
    owner: String,
    /// Path -> (hash of the file's input, size written, whether it is a page with known
    /// inputs, [`Contents::Page`]).
    files: HashMap<String, (u128, u64, bool)>,
}

/// Writes `files` as the new contents of `output`. `cache_dir` (the edition's
/// `.folio-cache/`) holds the manifest that lets a rebuild write only changed files; `None`
/// always writes the whole site.
pub fn publish(
    output: &Path,
    files: &[OutputFile],
    cache_dir: Option<&Path>,
    minify: bool,
) -> Result<Published, Diagnostics> {
    let mut publisher = Publisher::open(output, cache_dir, minify)?;
    publisher.write(files)?;
    publisher.commit()
}

/// A site being written a block of files at a time, so that a build never holds every page
/// in memory. Nothing the reader of the old site sees changes until [`Publisher::commit`];
/// a publisher dropped without committing removes what it wrote.
pub struct Publisher {
    output: PathBuf,
    manifest_path: Option<PathBuf>,
    owner: String,
    target: Target,
    /// Path, input hash, size written and page flag of every file so far, for the new
    /// manifest.
    entries: Vec<(String, u128, u64, bool)>,
    /// Files written so far (all of them when staging, changed ones when in place).
    written: Vec<String>,
    unchanged: usize,
    committed: bool,
    /// Whether pages are minified.
    minify: bool,
    /// Set by [`Publisher::keep_unwritten`].
    keep_unwritten: bool,
}

/// Where a [`Publisher`] writes.
enum Target {
    /// Changed files beside their targets, renamed over them at the end; the manifest of the
    /// last build says what changed.
    InPlace(Manifest),
    /// Everything into a staging folder that replaces the output folder at the end.
    Staging {
        staging: PathBuf,
        parent: PathBuf,
        name: String,
    },
}

impl Publisher {
    /// Starts writing a new version of `output` (see [`publish`] for `cache_dir`), with
    /// pages minified if `minify`.
    pub fn open(
        output: &Path,
        cache_dir: Option<&Path>,
        minify: bool,
    ) -> Result<Publisher, Diagnostics> {
        // The same folder named another way (`--root .` or an absolute path) is the same
        // output: without this, the other spelling rewrote the whole site.
        let folder = output
            .canonicalize()
            .unwrap_or_else(|_| output.to_path_buf());
        // Minified or not is part of whose manifest it is: turning it on or off writes
        // every page again.
        let owner = format!(
            "{} {} minify={minify}",
            env!("CARGO_PKG_VERSION"),
            folder.display()
        );
        let manifest_path = cache_dir.map(|dir| dir.join(MANIFEST));
        let old = manifest_path
            .as_deref()
            .and_then(|path| fs::read(path).ok())
            .and_then(|bytes| postcard::from_bytes::<Manifest>(&bytes).ok())
            .filter(|manifest| manifest.owner == owner && output.is_dir());
        let target = match old {
            Some(old) => Target::InPlace(old),
            None => {
                let parent = output
                    .parent()
                    .filter(|p| !p.as_os_str().is_empty())
                    .unwrap_or(Path::new("."))
                    .to_path_buf();
                fs::create_dir_all(&parent).map_err(|e| {
                    Diagnostics::io(&parent, "create the output's parent folder", &e)
                })?;
                let name = output
                    .file_name()
                    .map_or_else(|| "public".into(), |n| n.to_string_lossy().into_owned());
                let staging = parent.join(format!(".{name}.building-{}", std::process::id()));
                let _ = fs::remove_dir_all(&staging);
                fs::create_dir_all(&staging)
                    .map_err(|e| Diagnostics::io(&staging, "create the staging folder", &e))?;
                Target::Staging {
                    staging,
                    parent,
                    name,
                }
            }
        };
        Ok(Publisher {
            output: output.to_path_buf(),
            manifest_path,
            owner,
            target,
            entries: Vec::new(),
            written: Vec::new(),
            unchanged: 0,
            committed: false,
            minify,
            keep_unwritten: false,
        })
    }

    /// The pages of the last build ([`Contents::Page`]) that are still in the output folder
    /// as written then, with the hash of their inputs: a page whose inputs hash the same
    /// need not be rendered again, and can be handed over as `Page { html: None, .. }`.
    pub fn kept_pages(&self) -> FxHashMap<String, u128> {
        let Target::InPlace(old) = &self.target else {
            return FxHashMap::default();
        };
        old.files
            .par_iter()
            .filter(|(_, (_, _, page))| *page)
            .filter_map(|(path, &(inputs, size, _))| {
                let on_disk = fs::metadata(self.output.join(path)).ok()?;
                (on_disk.len() == size).then(|| (path.clone(), inputs))
            })
            .collect()
    }

    /// Writes a block of files (minifying pages if asked), in parallel. Unchanged files of a
    /// rebuild are left alone.
    pub fn write(&mut self, files: &[OutputFile]) -> Result<(), Diagnostics> {
        let hashes: Vec<u128> = files.par_iter().map(input_hash).collect();
        // The size of each file that needs no writing.
        let unchanged: Vec<Option<u64>> = match &self.target {
            Target::Staging { .. } => vec![None; files.len()],
            Target::InPlace(old) => files
                .par_iter()
                .zip(&hashes)
                .map(|(file, hash)| {
                    // Unchanged: same input as last time, and the file still there with the
                    // size written then.
                    let &(old_hash, size, _) = old.files.get(&file.path)?;
                    if old_hash != *hash {
                        return None;
                    }
                    // A page not rendered again was found on disk by `kept_pages` already.
                    if matches!(file.contents, Contents::Page { html: None, .. }) {
                        return Some(size);
                    }
                    let on_disk = fs::metadata(self.output.join(&file.path)).ok()?;
                    (on_disk.len() == size).then_some(size)
                })
                .collect(),
        };
        let changed: Vec<usize> = (0..files.len())
            .filter(|&i| unchanged[i].is_none())
            .collect();
        // Each folder is made once, before its files: a document's folder holds four.
        let targets: Vec<PathBuf> = changed
            .iter()
            .map(|&i| self.destination(&files[i].path))
            .collect();
        let mut folders: Vec<&Path> = targets.iter().filter_map(|t| t.parent()).collect();
        // By their bytes, not `Path`'s order, which parses both paths into components at
        // every comparison (1 % of a build); equal folders end up together either way.
        folders.sort_unstable_by(|a, b| a.as_os_str().cmp(b.as_os_str()));
        folders.dedup();
        folders
            .par_iter()
            .try_for_each(|folder| {
                fs::create_dir_all(folder).map_err(|e| io_problem(folder, "create the folder", &e))
            })
            .map_err(Diagnostics::single)?;
        let sizes = write_each(changed.par_iter().zip(&targets), |(&i, target)| {
            write_one(target, &files[i], self.minify)
        });
        // Written or not, every file of the block is there to be discarded.
        self.written
            .extend(changed.iter().map(|&i| files[i].path.clone()));
        let sizes = sizes?;
        let mut sizes = sizes.into_iter();
        for ((file, hash), size) in files.iter().zip(hashes).zip(unchanged) {
            let size = match size {
                Some(size) => {
                    self.unchanged += 1;
                    size
                }
                None => sizes.next().unwrap_or_default(),
            };
            let page = matches!(file.contents, Contents::Page { .. });
            self.entries.push((file.path.clone(), hash, size, page));
        }
        Ok(())
    }

    /// Keeps every file of the last build that is not written again as it is, instead of
    /// removing it at the commit (a rebuild that renders only what some edits changed).
    /// False when there is no last build to keep.
    pub fn keep_unwritten(&mut self) -> bool {
        self.keep_unwritten = matches!(self.target, Target::InPlace(_));
        self.keep_unwritten
    }

    /// Whether the last build wrote `path`, and as a page (`Some(true)`) or another file.
    pub fn last_build_kind(&self, path: &str) -> Option<bool> {
        match &self.target {
            Target::InPlace(old) => old.files.get(path).map(|&(_, _, page)| page),
            Target::Staging { .. } => None,
        }
    }

    /// The pages of the last build ([`Contents::Page`]) with the hash of their inputs.
    pub fn last_build_pages(&self) -> impl Iterator<Item = (&str, u128)> {
        let old = match &self.target {
            Target::InPlace(old) => Some(old),
            Target::Staging { .. } => None,
        };
        (old.into_iter().flat_map(|old| old.files.iter()))
            .filter(|(_, (_, _, page))| *page)
            .map(|(path, &(inputs, _, _))| (path.as_str(), inputs))
    }

    /// Files of the last build, as the manifest lists them.
    pub fn last_build_file_count(&self) -> usize {
        match &self.target {
            Target::InPlace(old) => old.files.len(),
            Target::Staging { .. } => 0,
        }
    }

    /// Puts everything written in place, removes files the site no longer has, and saves
    /// the manifest.
    pub fn commit(mut self) -> Result<Published, Diagnostics> {
        let mut removed = 0;
        match &self.target {
            Target::InPlace(old) => {
                let mut problems = Diagnostics::new();
                for path in &self.written {
                    let target = self.output.join(path);
                    if let Err(e) = fs::rename(self.destination(path), &target) {
                        problems.push(io_problem(&target, "replace the file", &e));
                    }
                }
                if problems.has_errors() {
                    return Err(problems);
                }
                self.committed = true;
                let current: HashSet<&str> = self
                    .entries
                    .iter()
                    .map(|(path, ..)| path.as_str())
                    .collect();
                if self.keep_unwritten {
                    let kept = (old.files.keys())
                        .filter(|path| !current.contains(path.as_str()))
                        .count();
                    self.unchanged += kept;
                } else {
                    let stale: Vec<&String> = old
                        .files
                        .keys()
                        .filter(|path| !current.contains(path.as_str()))
                        .collect();
                    removed = stale.len();
                    remove_files(&self.output, &stale);
                }
            }
            Target::Staging {
                staging,
                parent,
                name,
            } => {
                swap(staging, &self.output, parent, name)?;
                self.committed = true;
            }
        }
        let published = Published {
            written: self.written.len(),
            unchanged: self.unchanged,
            removed,
        };
        self.save_manifest();
        Ok(published)
    }

    /// Where the file at `path` is written before the commit.
    fn destination(&self, path: &str) -> PathBuf {
        match &self.target {
            Target::InPlace(_) => self.output.join(format!("{path}{TEMPORARY_SUFFIX}")),
            Target::Staging { staging, .. } => staging.join(path),
        }
    }

    /// The manifest only saves time: failing to write it is not an error.
    fn save_manifest(&mut self) {
        let Some(path) = &self.manifest_path else {
            return;
        };
        // Files kept from the last build keep their entries.
        let mut files = match (&mut self.target, self.keep_unwritten) {
            (Target::InPlace(old), true) => std::mem::take(&mut old.files),
            _ => HashMap::new(),
        };
        let entries = std::mem::take(&mut self.entries).into_iter();
        files.extend(entries.map(|(path, hash, size, page)| (path, (hash, size, page))));
        let manifest = Manifest {
            owner: std::mem::take(&mut self.owner),
            files,
        };
        if let Ok(bytes) = postcard::to_stdvec(&manifest) {
            let _ = super::write_atomically(path, &bytes);
        }
    }
}

impl Drop for Publisher {
    /// An uncommitted publisher (an error, a failed link check) removes what it wrote, so
    /// the old site stays exactly as it was.
    fn drop(&mut self) {
        if self.committed {
            return;
        }
        match &self.target {
            Target::InPlace(_) => self.written.par_iter().for_each(|path| {
                let _ = fs::remove_file(self.destination(path));
            }),
            Target::Staging { staging, .. } => {
                let _ = fs::remove_dir_all(staging);
            }
        }
    }
}

/// A hash of what `file` is made from (for a copied file, the source's bytes).
fn input_hash(file: &OutputFile) -> u128 {
    let bytes: std::borrow::Cow<[u8]> = match &file.contents {
        Contents::Page { inputs, .. } => return *inputs,
        Contents::Html(html) => html.as_bytes().into(),
        Contents::Text(text) => text.as_bytes().into(),
        // An unreadable source hashes as changed; writing it then reports the error.
        Contents::Copy(source) => fs::read(source).unwrap_or_default().into(),
    };
    let kind: &[u8] = match &file.contents {
        Contents::Html(_) => b"html",
        _ => b"file",
    };
    let mut hasher = xxhash_rust::xxh3::Xxh3::new();
    hasher.update(kind);
    hasher.update(&bytes);
    hasher.digest128()
}

/// Removes the files `stale` of `output`, and the folders that leaves empty.
fn remove_files(output: &Path, stale: &[&String]) {
    let mut folders = HashSet::new();
    for path in stale {
        let target = output.join(path);
        let _ = fs::remove_file(&target);
        folders.extend(target.parent().map(Path::to_path_buf));
    }
    // Deepest first, so a folder emptied by removing its empty child goes too.
    let mut folders: Vec<PathBuf> = folders.into_iter().collect();
    folders.sort_by_key(|f| std::cmp::Reverse(f.components().count()));
    for mut folder in folders {
        while folder.starts_with(output) && folder != output && fs::remove_dir(&folder).is_ok() {
            folder.pop();
        }
    }
}

/// Runs `write` on every item, in parallel; the sizes written in order, or every problem.
fn write_each<T: Send>(
    items: impl IndexedParallelIterator<Item = T>,
    write: impl Fn(T) -> Result<u64, Diagnostic> + Sync + Send,
) -> Result<Vec<u64>, Diagnostics> {
    let results: Vec<Result<u64, Diagnostic>> = items.map(write).collect();
    let mut problems = Diagnostics::new();
    let mut sizes = Vec::with_capacity(results.len());
    for result in results {
        match result {
            Ok(size) => sizes.push(size),
            Err(problem) => problems.push(problem),
        }
    }
    if problems.has_errors() {
        Err(problems)
    } else {
        Ok(sizes)
    }
}

/// Writes `file` (minified if it is a page and `minify`) to `target`, whose folder exists;
/// returns the size written.
fn write_one(target: &Path, file: &OutputFile, minify: bool) -> Result<u64, Diagnostic> {
    let written = match &file.contents {
        Contents::Html(html)
        | Contents::Page {
            html: Some(html), ..
        } => {
            let bytes = if minify {
                std::borrow::Cow::Owned(minify_html::minify(html.as_bytes(), minify_config()))
            } else {
                std::borrow::Cow::Borrowed(html.as_bytes())
            };
            fs::write(target, &bytes).map(|()| bytes.len() as u64)
        }
        Contents::Text(text) => fs::write(target, text).map(|()| text.len() as u64),
        Contents::Copy(source) => fs::copy(source, target),
        // Only pages `kept_pages` found as written are not rendered; one that went away
        // since is reported, not written empty.
        Contents::Page { html: None, .. } => {
            return Err(Diagnostic::error(
                target,
                "this page was not rendered again because it had not changed, but its file is gone",
            )
            .with_hint("build again: the page will be rendered anew"));
        }
    };
    written.map_err(|e| io_problem(target, "write the file", &e))
}

fn io_problem(path: &Path, action: &str, error: &std::io::Error) -> Diagnostic {
    Diagnostic::error(path, format!("could not {action}: {error}"))
        .with_hint("check free disk space and permissions of the output folder")
}

/// Minification that keeps the HTML valid and readable by every parser: closing tags,
/// `<html>`/`<head>` tags and quoted attribute values are kept.
pub fn minify_config() -> &'static minify_html::Cfg {
    static CONFIG: std::sync::OnceLock<minify_html::Cfg> = std::sync::OnceLock::new();
    CONFIG.get_or_init(|| minify_html::Cfg {
        keep_closing_tags: true,
        keep_html_and_head_opening_tags: true,
        minify_css: true,
        minify_js: false,
        allow_noncompliant_unquoted_attribute_values: false,
        allow_removing_spaces_between_attributes: false,
        allow_optimal_entities: false,
        minify_doctype: false,
        ..minify_html::Cfg::default()
    })
}

fn swap(staging: &Path, output: &Path, parent: &Path, name: &str) -> Result<(), Diagnostics> {
    let previous: PathBuf = parent.join(format!(".{name}.previous-{}", std::process::id()));
    let had_output = output.exists();
    if had_output {
        fs::rename(output, &previous)
            .map_err(|e| Diagnostics::io(output, "move the old output aside", &e))?;
    }
    if let Err(e) = fs::rename(staging, output) {
        if had_output {
            let _ = fs::rename(&previous, output);
        }
        return Err(Diagnostics::io(output, "move the new site into place", &e));
    }
    if had_output {
        let _ = fs::remove_dir_all(&previous);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(route: &str, html: &str) -> OutputFile {
        OutputFile::for_route(route, Contents::Html(html.into()))
    }

    #[test]
    fn publishes_and_replaces_the_whole_folder() {
        let dir = tempfile::tempdir().unwrap();
        let output = dir.path().join("public");
        fs::create_dir_all(output.join("old")).unwrap();
        fs::write(output.join("old/stale.html"), "x").unwrap();
        publish(&output, &[page("a/", "<p>  hello  </p>")], None, false).unwrap();
        assert_eq!(
            fs::read_to_string(output.join("a/index.html")).unwrap(),
            "<p>  hello  </p>",
            "written as rendered"
        );
        assert!(!output.join("old").exists(), "stale files are gone");
        let leftovers: Vec<_> = fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(leftovers.len(), 1, "no staging folder left behind");
    }

    #[test]
    fn a_rebuild_writes_only_what_changed_and_removes_what_is_gone() {
        let dir = tempfile::tempdir().unwrap();
        let output = dir.path().join("public");
        let cache = dir.path().join(".folio-cache");
        let first = [
            page("a/", "<p>a</p>"),
            page("b/", "<p>b</p>"),
            page("c/", "<p>c</p>"),
        ];
        let done = publish(&output, &first, Some(&cache), false).unwrap();
        assert_eq!(done.written, 3);

        let second = [page("a/", "<p>a</p>"), page("b/", "<p>B!</p>")];
        let done = publish(&output, &second, Some(&cache), false).unwrap();
        assert_eq!(
            done,
            Published {
                written: 1,
                unchanged: 1,
                removed: 1
            }
        );
        assert_eq!(
            fs::read_to_string(output.join("b/index.html")).unwrap(),
            "<p>B!</p>"
        );
        assert!(
            !output.join("c").exists(),
            "a removed page's folder goes too"
        );

        // A file deleted by hand is written again although its input did not change.
        fs::remove_file(output.join("a/index.html")).unwrap();
        let done = publish(&output, &second, Some(&cache), false).unwrap();
        assert_eq!(done.written, 1);
        assert!(output.join("a/index.html").exists());
        let leftovers: Vec<_> = fs::read_dir(output.join("b")).unwrap().collect();
        assert_eq!(leftovers.len(), 1, "no temporary files left behind");

        // The same folder by another path is the same output.
        let same_folder = dir.path().join("public/../public");
        let done = publish(&same_folder, &second, Some(&cache), false).unwrap();
        assert_eq!(done.written, 0);
    }

    #[test]
    fn turning_minification_on_writes_every_page_again_minified() {
        let dir = tempfile::tempdir().unwrap();
        let output = dir.path().join("public");
        let cache = dir.path().join(".folio-cache");
        let pages = [page("a/", "<p>  a  </p>\n\n"), page("b/", "<p>b</p>")];
        publish(&output, &pages, Some(&cache), false).unwrap();
        let done = publish(&output, &pages, Some(&cache), true).unwrap();
        assert_eq!(done.written, 2);
        assert_eq!(
            fs::read_to_string(output.join("a/index.html")).unwrap(),
            "<p>a</p>"
        );
        let done = publish(&output, &pages, Some(&cache), true).unwrap();
        assert_eq!(done.written, 0, "unchanged when the setting is");
    }
}
