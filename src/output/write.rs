//! Writing the site. Every check has passed before anything here runs, so what is left to
//! protect against is the disk and the process itself: a write that fails, a full disk, a
//! build killed at any moment must never leave a site that is part old and part new, nor
//! temporary files in the folder that gets published.
//!
//! - **First build** (no output folder yet), or **no usable manifest** (another tool's
//!   output, a cache from another Folio version): everything is written (pages minified if
//!   the edition asks, `minify_html = true`) into a staging folder beside the output
//!   folder, which then replaces it with two renames.
//! - **Rebuild**: the manifest of the last build (`.folio-cache/output.bin`: each file's
//!   path, a hash of what it was made from, and the size, modification time and checksum
//!   of what was written) tells which files changed. Only those are written, into a
//!   pending folder beside the output folder (never inside it). Then the commit: a journal
//!   saying what moves where and what goes is saved in the pending folder, the files are
//!   renamed into place, files the site no longer has are removed, the new manifest is
//!   saved, and the pending folder is removed.
//! - **Recovery**: a build killed before the journal was saved leaves the old site
//!   untouched (the pending folder is removed by the next build); one killed during the
//!   commit leaves a journal, and the next Folio build completes the commit before doing
//!   anything else. A file counts as unchanged only if it is still what was written: same
//!   size and modification time, or else the same bytes.
//!
//! Callers hold the edition's [`crate::store::WriterLock`]: the staging, pending and
//! previous folders are the lock holder's to create and clear.
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
use crate::store::fault_point;

/// What [`publish`] did.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Published {
    /// Files written (new or changed).
    pub written: usize,
    /// Files left as they were.
    pub unchanged: usize,
    /// Files of the old site removed.
    pub removed: usize,
    /// Problems that did not stop the site from being published (the manifest could not be
    /// saved, say).
    pub warnings: Vec<Diagnostic>,
}

/// Where the manifest of the last build is kept, relative to the edition root.
const MANIFEST: &str = "output.bin";
/// The journal of a commit, in the pending folder.
const JOURNAL: &str = ".folio-journal";

/// The manifest of one output folder.
#[derive(Debug, Default, Serialize, Deserialize)]
struct Manifest {
    /// Folio's version and the output folder: a manifest for anything else is not used.
    owner: String,
    /// Every file of the site, by path.
    files: HashMap<String, Entry>,
}

/// What the manifest knows of one file.
#[derive(Debug, Clone, Copy, Serialize, Deserialize)]
struct Entry {
    /// Hash of what the file is made from.
    inputs: u128,
    /// Checksum of the bytes written.
    content: u64,
    /// Size written.
    size: u64,
    /// Modification time of the file as written, in nanoseconds since 1970 (0: unknown).
    modified: i128,
    /// Whether it is a page with known inputs ([`Contents::Page`]).
    page: bool,
    /// Whether it is another file with known inputs ([`Contents::Made`]).
    #[serde(default)]
    made: bool,
}

/// What a commit is to do, saved before it starts: a commit cut short is completed by the
/// next build from this.
#[derive(Debug, Serialize, Deserialize)]
struct Journal {
    /// Files in the pending folder, to be renamed to the same path in the output folder.
    moves: Vec<String>,
    /// Files of the output folder to remove.
    removals: Vec<String>,
    /// The manifest of the site once the commit is done.
    manifest: Manifest,
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
    /// Path and manifest entry of every file so far, for the new manifest.
    entries: Vec<(String, Entry)>,
    /// Files written so far (all of them when staging, changed ones when in place).
    written: Vec<String>,
    unchanged: usize,
    /// Whether the commit has begun: from then on what was written is not discarded.
    committing: bool,
    /// Whether pages are minified.
    minify: bool,
    /// Set by [`Publisher::keep_unwritten`].
    keep_unwritten: bool,
    /// Files [`Publisher::kept_files`] found still as written, with their entries.
    verified: FxHashMap<String, Entry>,
}

/// The files of the last build a build need not make again if their inputs hash the same
/// ([`Publisher::kept_files`]): path -> hash of the inputs.
#[derive(Debug, Default)]
pub struct KeptFiles {
    /// Pages ([`Contents::Page`]).
    pub pages: FxHashMap<String, u128>,
    /// Other made files ([`Contents::Made`]).
    pub made: FxHashMap<String, u128>,
}

/// Where a [`Publisher`] writes.
enum Target {
    /// Changed files into the pending folder, renamed into the output folder by the commit;
    /// the manifest of the last build says what changed.
    InPlace { old: Manifest, pending: PathBuf },
    /// Everything into a staging folder that replaces the output folder at the end.
    Staging { staging: PathBuf, parent: PathBuf },
}

/// The folders a publisher of `output` uses beside it: its parent, and the names of the
/// pending, staging and previous folders (the latter two followed by a process id).
struct Siblings {
    parent: PathBuf,
    pending: PathBuf,
    staging_prefix: String,
    previous_prefix: String,
}

impl Siblings {
    fn of(output: &Path) -> Siblings {
        let parent = output
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."))
            .to_path_buf();
        let name = output
            .file_name()
            .map_or_else(|| "public".into(), |n| n.to_string_lossy().into_owned());
        Siblings {
            pending: parent.join(format!(".{name}.folio-pending")),
            staging_prefix: format!(".{name}.folio-staging-"),
            previous_prefix: format!(".{name}.folio-previous-"),
            parent,
        }
    }

    /// Folders of the parent whose names start with `prefix`.
    fn with_prefix(&self, prefix: &str) -> Vec<PathBuf> {
        let Ok(entries) = fs::read_dir(&self.parent) else {
            return Vec::new();
        };
        let mut found: Vec<PathBuf> = entries
            .filter_map(Result::ok)
            .filter(|entry| entry.file_name().to_string_lossy().starts_with(prefix))
            .map(|entry| entry.path())
            .collect();
        found.sort();
        found
    }
}

impl Publisher {
    /// Starts writing a new version of `output` (see [`publish`] for `cache_dir`), with
    /// pages minified if `minify`. First completes or clears what an interrupted build
    /// left.
    pub fn open(
        output: &Path,
        cache_dir: Option<&Path>,
        minify: bool,
    ) -> Result<Publisher, Diagnostics> {
        let siblings = Siblings::of(output);
        fs::create_dir_all(&siblings.parent).map_err(|e| {
            Diagnostics::io(&siblings.parent, "create the output's parent folder", &e)
        })?;
        let manifest_path = cache_dir.map(|dir| dir.join(MANIFEST));
        recover(output, &siblings, manifest_path.as_deref())?;
        // The same folder named another way (`--root .` or an absolute path) is the same
        // output: without this, the other spelling rewrote the whole site. The parent is
        // what is resolved, since the folder itself does not exist before the first build.
        let folder = siblings
            .parent
            .canonicalize()
            .unwrap_or_else(|_| siblings.parent.clone())
            .join(output.file_name().unwrap_or_default());
        // Minified or not is part of whose manifest it is: turning it on or off writes
        // every page again.
        let owner = format!(
            "{} {} minify={minify}",
            env!("CARGO_PKG_VERSION"),
            folder.display()
        );
        let old = manifest_path
            .as_deref()
            .and_then(crate::store::load)
            .and_then(|bytes| postcard::from_bytes::<Manifest>(&bytes).ok())
            .filter(|manifest| manifest.owner == owner && output.is_dir());
        let target = match old {
            Some(old) => Target::InPlace {
                old,
                pending: siblings.pending.clone(),
            },
            None => {
                let staging = siblings.parent.join(format!(
                    "{}{}",
                    siblings.staging_prefix,
                    std::process::id()
                ));
                fs::create_dir_all(&staging)
                    .map_err(|e| Diagnostics::io(&staging, "create the staging folder", &e))?;
                Target::Staging {
                    staging,
                    parent: siblings.parent.clone(),
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
            committing: false,
            minify,
            keep_unwritten: false,
            verified: FxHashMap::default(),
        })
    }

    /// The pages and other made files of the last build ([`Contents::Page`],
    /// [`Contents::Made`]) that are still in the output folder as written then, with the
    /// hash of their inputs: a file whose inputs hash the same need not be made again, and
    /// can be handed over as `Page { html: None, .. }` or `Made { bytes: None, .. }`.
    pub fn kept_files(&mut self) -> KeptFiles {
        let Target::InPlace { old, .. } = &self.target else {
            return KeptFiles::default();
        };
        let output = &self.output;
        self.verified = old
            .files
            .par_iter()
            .filter(|(_, entry)| entry.page || entry.made)
            .filter_map(|(path, entry)| {
                let entry = still_as_written(&output.join(path), entry)?;
                Some((path.clone(), entry))
            })
            .collect();
        let mut kept = KeptFiles::default();
        for (path, entry) in &self.verified {
            let kind = if entry.page {
                &mut kept.pages
            } else {
                &mut kept.made
            };
            kind.insert(path.clone(), entry.inputs);
        }
        kept
    }

    /// Writes a block of files (minifying pages if asked), in parallel. Unchanged files of a
    /// rebuild are left alone.
    pub fn write(&mut self, files: &[OutputFile]) -> Result<(), Diagnostics> {
        let hashes: Vec<u128> = files.par_iter().map(input_hash).collect();
        // The entry of each file that needs no writing.
        let unchanged: Vec<Option<Entry>> = match &self.target {
            Target::Staging { .. } => vec![None; files.len()],
            Target::InPlace { old, .. } => files
                .par_iter()
                .zip(&hashes)
                .map(|(file, hash)| {
                    let entry = old.files.get(&file.path)?;
                    if entry.inputs != *hash {
                        return None;
                    }
                    // A page not rendered again was found on disk by `kept_files` already.
                    if matches!(
                        file.contents,
                        Contents::Page { html: None, .. } | Contents::Made { bytes: None, .. }
                    ) {
                        return self.verified.get(&file.path).copied();
                    }
                    still_as_written(&self.output.join(&file.path), entry)
                })
                .collect(),
        };
        let changed: Vec<usize> = (0..files.len())
            .filter(|&i| unchanged[i].is_none())
            .collect();
        // Each folder is made once, before its files: a document's folder holds four.
        let first = self.written.len();
        let targets: Vec<PathBuf> = (changed.iter().enumerate())
            .map(|(k, &i)| self.destination(first + k, &files[i].path))
            .collect();
        let mut folders: Vec<&Path> = targets.iter().filter_map(|t| t.parent()).collect();
        // By their bytes, not `Path`'s order, which parses both paths into components at
        // every comparison (1 % of a build); equal folders end up together either way.
        folders.sort_unstable_by(|a, b| a.as_os_str().cmp(b.as_os_str()));
        folders.dedup();
        let made = folders
            .par_iter()
            .map(|folder| {
                fault_point()
                    .and_then(|()| fs::create_dir_all(folder))
                    .map_err(|e| (folder.to_path_buf(), "create the folder", e))
            })
            .collect();
        one_per_cause(made)?;
        let written = changed
            .par_iter()
            .zip(&targets)
            .map(|(&i, target)| {
                // Named by where it was to be published, not by its temporary.
                write_one(target, &files[i], self.minify)
                    .map_err(|e| (self.output.join(&files[i].path), "write the file", e))
            })
            .collect();
        // Written or not, every file of the block is there to be discarded.
        self.written
            .extend(changed.iter().map(|&i| files[i].path.clone()));
        let mut written = one_per_cause(written)?.into_iter();
        for ((file, hash), entry) in files.iter().zip(hashes).zip(unchanged) {
            let entry = match entry {
                Some(entry) => {
                    self.unchanged += 1;
                    entry
                }
                None => {
                    let (content, size, modified) = written.next().unwrap_or_default();
                    Entry {
                        inputs: hash,
                        content,
                        size,
                        modified,
                        page: matches!(file.contents, Contents::Page { .. }),
                        made: matches!(file.contents, Contents::Made { .. }),
                    }
                }
            };
            self.entries.push((file.path.clone(), entry));
        }
        Ok(())
    }

    /// Keeps every file of the last build that is not written again as it is, instead of
    /// removing it at the commit (a rebuild that renders only what some edits changed).
    /// False when there is no last build to keep.
    pub fn keep_unwritten(&mut self) -> bool {
        self.keep_unwritten = matches!(self.target, Target::InPlace { .. });
        self.keep_unwritten
    }

    /// Whether the last build wrote `path`, and as a page (`Some(true)`) or another file.
    pub fn last_build_kind(&self, path: &str) -> Option<bool> {
        match &self.target {
            Target::InPlace { old, .. } => old.files.get(path).map(|entry| entry.page),
            Target::Staging { .. } => None,
        }
    }

    /// The pages of the last build ([`Contents::Page`]) with the hash of their inputs.
    pub fn last_build_pages(&self) -> impl Iterator<Item = (&str, u128)> {
        let old = match &self.target {
            Target::InPlace { old, .. } => Some(old),
            Target::Staging { .. } => None,
        };
        (old.into_iter().flat_map(|old| old.files.iter()))
            .filter(|(_, entry)| entry.page)
            .map(|(path, entry)| (path.as_str(), entry.inputs))
    }

    /// Files of the last build, as the manifest lists them.
    pub fn last_build_file_count(&self) -> usize {
        match &self.target {
            Target::InPlace { old, .. } => old.files.len(),
            Target::Staging { .. } => 0,
        }
    }

    /// Puts everything written in place, removes files the site no longer has, and saves
    /// the manifest.
    pub fn commit(mut self) -> Result<Published, Diagnostics> {
        let entries = std::mem::take(&mut self.entries);
        let owner = std::mem::take(&mut self.owner);
        let written = std::mem::take(&mut self.written);
        let unchanged = self.unchanged;
        let manifest_path = self.manifest_path.clone();
        let output = self.output.clone();
        match &mut self.target {
            Target::InPlace { old, pending } => {
                let current: HashSet<&str> =
                    entries.iter().map(|(path, _)| path.as_str()).collect();
                let (removals, kept) = if self.keep_unwritten {
                    let kept = (old.files.keys())
                        .filter(|path| !current.contains(path.as_str()))
                        .count();
                    (Vec::new(), kept)
                } else {
                    let mut stale: Vec<String> = (old.files.keys())
                        .filter(|path| !current.contains(path.as_str()))
                        .cloned()
                        .collect();
                    stale.sort_unstable();
                    (stale, 0)
                };
                let mut files = if self.keep_unwritten {
                    std::mem::take(&mut old.files)
                } else {
                    HashMap::new()
                };
                files.extend(entries);
                let journal = Journal {
                    moves: written,
                    removals,
                    manifest: Manifest { owner, files },
                };
                let bytes = postcard::to_stdvec(&journal).map_err(|e| {
                    Diagnostics::single(Diagnostic::error(
                        pending.as_path(),
                        format!("could not record the commit: {e}"),
                    ))
                })?;
                // Saved, the journal is the decision: from here the new site goes into
                // place, by this build or, should it stop, by the next one.
                crate::store::save(&pending.join(JOURNAL), &bytes)
                    .map_err(|e| Diagnostics::io(pending, "record the commit", &e))?;
                self.committing = true;
                let mut done = roll_forward(&output, pending, &journal, manifest_path.as_deref())?;
                done.written = journal.moves.len();
                done.unchanged = unchanged + kept;
                Ok(done)
            }
            Target::Staging { staging, parent } => {
                // The old manifest would describe a folder about to be replaced.
                if let Some(path) = &manifest_path {
                    let _ = fs::remove_file(path);
                }
                self.committing = true;
                swap(staging, &output, parent)?;
                let mut done = Published {
                    written: written.len(),
                    unchanged,
                    ..Published::default()
                };
                let manifest = Manifest {
                    owner,
                    files: entries.into_iter().collect(),
                };
                if let Some(warning) = save_manifest(manifest_path.as_deref(), &manifest) {
                    done.warnings.push(warning);
                }
                Ok(done)
            }
        }
    }

    /// Where the file at `path`, the `number`th written, is written before the commit.
    fn destination(&self, number: usize, path: &str) -> PathBuf {
        match &self.target {
            Target::InPlace { pending, .. } => pending_file(pending, number),
            Target::Staging { staging, .. } => staging.join(path),
        }
    }
}

impl Drop for Publisher {
    /// An uncommitted publisher (an error, a failed link check) removes what it wrote, so
    /// the old site stays exactly as it was.
    fn drop(&mut self) {
        if self.committing {
            return;
        }
        let folder = match &self.target {
            Target::InPlace { pending, .. } => pending,
            Target::Staging { staging, .. } => staging,
        };
        let _ = fs::remove_dir_all(folder);
    }
}

/// Completes or clears what an interrupted build of `output` left beside it: a commit with
/// a journal is completed; a pending folder without one (stopped before the commit) and
/// staging folders are removed; a previous site moved aside is put back if no new one took
/// its place.
fn recover(
    output: &Path,
    siblings: &Siblings,
    manifest_path: Option<&Path>,
) -> Result<(), Diagnostics> {
    let pending = &siblings.pending;
    if pending.exists() {
        let journal = crate::store::load(&pending.join(JOURNAL))
            .and_then(|bytes| postcard::from_bytes::<Journal>(&bytes).ok());
        match journal {
            Some(journal) => {
                // A manifest that cannot be saved now is simply missing: the build that
                // follows writes the whole site.
                roll_forward(output, pending, &journal, manifest_path)?;
            }
            None => {
                let _ = fs::remove_dir_all(pending);
            }
        }
    }
    for staging in siblings.with_prefix(&siblings.staging_prefix) {
        let _ = fs::remove_dir_all(staging);
    }
    for previous in siblings.with_prefix(&siblings.previous_prefix) {
        if output.exists() {
            let _ = fs::remove_dir_all(previous);
        } else {
            fs::rename(&previous, output)
                .map_err(|e| Diagnostics::io(output, "put the last site back in place", &e))?;
        }
    }
    Ok(())
}

/// The pending file of the `number`th file written. Pending files are numbered in one
/// folder rather than laid out as the site is: a rewrite of every page would otherwise make
/// and remove a folder per document beside the output, which cost more than the writing.
fn pending_file(pending: &Path, number: usize) -> PathBuf {
    pending.join(number.to_string())
}

/// Carries out a saved commit: moves what is still in `pending` into `output`, removes
/// the files to remove, saves the manifest, then removes `pending` with its journal. Each
/// step can be done again, so a commit cut short at any point is completed by running this
/// again.
fn roll_forward(
    output: &Path,
    pending: &Path,
    journal: &Journal,
    manifest_path: Option<&Path>,
) -> Result<Published, Diagnostics> {
    let mut problems = Vec::new();
    for (number, path) in journal.moves.iter().enumerate() {
        let from = pending_file(pending, number);
        let target = output.join(path);
        let mut moved = fault_point().and_then(|()| fs::rename(&from, &target));
        if moved
            .as_ref()
            .is_err_and(|e| e.kind() == std::io::ErrorKind::NotFound)
        {
            if fs::symlink_metadata(&from).is_err() {
                // Moved by the commit this one completes.
                continue;
            }
            // A folder the old site did not have.
            moved = target
                .parent()
                .map_or(Ok(()), fs::create_dir_all)
                .and_then(|()| fs::rename(&from, &target));
        }
        if let Err(e) = moved {
            problems.push((target, "replace the file", e));
        }
    }
    one_per_cause(problems.into_iter().map(Err::<(), _>).collect())?;
    let removed = remove_files(output, &journal.removals);
    let mut done = Published {
        removed,
        ..Published::default()
    };
    // Saved or not (then there is no manifest, and the next build writes every file), the
    // commit is done.
    done.warnings
        .extend(save_manifest(manifest_path, &journal.manifest));
    let _ = fs::remove_dir_all(pending);
    Ok(done)
}

/// Saves `manifest` at `path`; a warning if it could not be (then no manifest is left, so
/// the next build writes every file rather than trust a stale one).
fn save_manifest(path: Option<&Path>, manifest: &Manifest) -> Option<Diagnostic> {
    let path = path?;
    let saved = postcard::to_stdvec(manifest)
        .map_err(std::io::Error::other)
        .and_then(|bytes| crate::store::save(path, &bytes));
    let error = saved.err()?;
    let _ = fs::remove_file(path);
    Some(
        Diagnostic::warning(
            path,
            format!("the site is published, but the record of what was written could not be saved: {error}"),
        )
        .with_hint("check free disk space; the next build writes the whole site again"),
    )
}

/// The entry to record for the file at `path` if it is still what `entry` says was written:
/// the same size and modification time, or else the same bytes (with the new time).
fn still_as_written(path: &Path, entry: &Entry) -> Option<Entry> {
    let metadata = fs::metadata(path).ok()?;
    if !metadata.is_file() || metadata.len() != entry.size {
        return None;
    }
    let modified = modified_time(&metadata);
    if modified != 0 && modified == entry.modified {
        return Some(*entry);
    }
    let bytes = fs::read(path).ok()?;
    (xxhash_rust::xxh3::xxh3_64(&bytes) == entry.content).then_some(Entry { modified, ..*entry })
}

/// A file's modification time in nanoseconds since 1970, or 0 where there is none.
fn modified_time(metadata: &fs::Metadata) -> i128 {
    let Ok(modified) = metadata.modified() else {
        return 0;
    };
    match modified.duration_since(std::time::UNIX_EPOCH) {
        Ok(after) => after.as_nanos() as i128,
        Err(before) => -(before.duration().as_nanos() as i128),
    }
}

/// A hash of what `file` is made from (for a copied file, the source's bytes).
fn input_hash(file: &OutputFile) -> u128 {
    let bytes: std::borrow::Cow<[u8]> = match &file.contents {
        Contents::Page { inputs, .. } | Contents::Made { inputs, .. } => return *inputs,
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

/// Removes the files `stale` of `output`, and the folders that leaves empty; how many
/// files were there to remove.
fn remove_files(output: &Path, stale: &[String]) -> usize {
    let mut folders = HashSet::new();
    let mut removed = 0;
    for path in stale {
        let target = output.join(path);
        if fs::remove_file(&target).is_ok() {
            removed += 1;
        }
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
    removed
}

/// The values, or one error per cause: a full disk fails every write the same way, and
/// is one problem, not one per file.
fn one_per_cause<T>(
    results: Vec<Result<T, (PathBuf, &'static str, std::io::Error)>>,
) -> Result<Vec<T>, Diagnostics> {
    let mut values = Vec::with_capacity(results.len());
    let mut causes: Vec<(String, PathBuf, usize)> = Vec::new();
    for result in results {
        match result {
            Ok(value) => values.push(value),
            Err((path, action, error)) => {
                let cause = format!("could not {action}: {error}");
                match causes.iter_mut().find(|(known, ..)| *known == cause) {
                    Some((_, _, count)) => *count += 1,
                    None => causes.push((cause, path, 1)),
                }
            }
        }
    }
    if causes.is_empty() {
        return Ok(values);
    }
    let mut problems = Diagnostics::new();
    for (cause, path, count) in causes {
        let message = match count {
            1 => cause,
            _ => format!("{cause} (and {} more files like this one)", count - 1),
        };
        problems.push(
            Diagnostic::error(path, message)
                .with_hint("check free disk space and permissions of the output folder"),
        );
    }
    Err(problems)
}

/// Writes `file` (minified if it is a page and `minify`) to `target`, whose folder exists;
/// returns the checksum, size and modification time of what was written.
fn write_one(target: &Path, file: &OutputFile, minify: bool) -> std::io::Result<(u64, u64, i128)> {
    fault_point()?;
    let bytes: std::borrow::Cow<[u8]> = match &file.contents {
        Contents::Html(html)
        | Contents::Page {
            html: Some(html), ..
        } => {
            if minify {
                minify_html::minify(html.as_bytes(), minify_config()).into()
            } else {
                html.as_bytes().into()
            }
        }
        Contents::Text(text) => text.as_bytes().into(),
        Contents::Made {
            bytes: Some(bytes), ..
        } => bytes.into(),
        Contents::Copy(source) => fs::read(source)?.into(),
        // Only files `kept_files` found as written are not rendered; one that went away
        // since is reported, not written empty.
        Contents::Page { html: None, .. } | Contents::Made { bytes: None, .. } => {
            return Err(std::io::Error::other(
                "this file was not made again because it had not changed, but it is gone \
                 from the output folder; build again and it will be made anew",
            ));
        }
    };
    let mut written = fs::File::create(target)?;
    std::io::Write::write_all(&mut written, &bytes)?;
    let modified = written.metadata().map_or(0, |m| modified_time(&m));
    Ok((
        xxhash_rust::xxh3::xxh3_64(&bytes),
        bytes.len() as u64,
        modified,
    ))
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

/// Replaces `output` by `staging`: in one step where the system can exchange two folders
/// (Linux), else with two renames, the old site moved aside in between (and put back by
/// [`recover`] if the process stops there).
fn swap(staging: &Path, output: &Path, parent: &Path) -> Result<(), Diagnostics> {
    if output.is_dir() {
        fault_point().map_err(|e| Diagnostics::io(output, "move the new site into place", &e))?;
        if exchange(staging, output).is_ok() {
            // `staging` now holds the old site; were this stopped, `recover` removes it.
            let _ = fs::remove_dir_all(staging);
            return Ok(());
        }
    }
    let siblings = Siblings::of(output);
    let previous: PathBuf = parent.join(format!(
        "{}{}",
        siblings.previous_prefix,
        std::process::id()
    ));
    let had_output = output.exists();
    if had_output {
        fault_point()
            .and_then(|()| fs::rename(output, &previous))
            .map_err(|e| Diagnostics::io(output, "move the old output aside", &e))?;
    }
    if let Err(e) = fault_point().and_then(|()| fs::rename(staging, output)) {
        if had_output {
            let _ = fs::rename(&previous, output);
        }
        let _ = fs::remove_dir_all(staging);
        return Err(Diagnostics::io(output, "move the new site into place", &e));
    }
    if had_output {
        let _ = fs::remove_dir_all(&previous);
    }
    Ok(())
}

/// Exchanges two folders in one step, so that a reader (or a deploy) sees the one or the
/// other, never neither.
#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> std::io::Result<()> {
    use std::os::unix::ffi::OsStrExt;
    let a = std::ffi::CString::new(a.as_os_str().as_bytes())?;
    let b = std::ffi::CString::new(b.as_os_str().as_bytes())?;
    // SAFETY: both paths are valid NUL-terminated strings that outlive the call, and
    // renameat2 reads nothing else of this process.
    let done = unsafe {
        libc::renameat2(
            libc::AT_FDCWD,
            a.as_ptr(),
            libc::AT_FDCWD,
            b.as_ptr(),
            libc::RENAME_EXCHANGE,
        )
    };
    if done == 0 {
        Ok(())
    } else {
        Err(std::io::Error::last_os_error())
    }
}

/// Elsewhere there is no portable exchange: [`swap`] renames twice.
#[cfg(not(target_os = "linux"))]
fn exchange(_: &Path, _: &Path) -> std::io::Result<()> {
    Err(std::io::ErrorKind::Unsupported.into())
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
                removed: 1,
                warnings: Vec::new(),
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
