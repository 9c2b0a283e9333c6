//! What a build leaves in `.folio-cache/` for the next one to start from: when each input
//! file was last changed, each document's front matter and the people its text names, and
//! the warnings of the build. With it, a rebuild after edits to a few documents' texts
//! ([`crate::site::text_edits`]) reads only those documents.
//!
//! Files are told apart by size and modification time, as `make` and Git do. A file whose
//! time is within `RACY_WINDOW` of when the times were read could still change without its
//! time changing (file times are coarse), so such a document is always read again.

use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Serialize};

use crate::content::{DOCUMENTS_DIR, Document, DocumentMeta, Entry};
use crate::diagnostics::Diagnostic;

/// The state file, in the edition's `.folio-cache/`.
pub const STATE_FILE: &str = "build-state.bin";

/// The documents' part of the state, written by full builds only (a rebuild after text
/// edits leaves every document's front matter and people as they were).
pub const DOCUMENTS_FILE: &str = "build-documents.bin";

/// The search index's postings, saved beside the state.
pub const POSTINGS_FILE: &str = "search-postings.bin";

/// How close to the reading of the times a file's time must be for it to be read again
/// however its time compares (covers the coarsest clocks of common file systems).
const RACY_WINDOW: Duration = Duration::from_secs(2);

/// The size and modification time of one input file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Stamp {
    /// Length in bytes.
    pub len: u64,
    /// Modification time, nanoseconds since 1970.
    pub modified: u128,
}

/// Every file a build reads (site.toml, `content/`, `themes/`), by path relative to the
/// edition root, in path order, with when the list was made.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Inputs {
    /// Path and stamp of each file.
    pub files: Vec<(String, Stamp)>,
    /// When the stamps were read, nanoseconds since 1970.
    pub read_at: u128,
}

impl Inputs {
    /// Reads the stamps of every input of the edition in `root`.
    pub fn read(root: &Path) -> Inputs {
        let read_at = nanos(SystemTime::now());
        let mut files = Vec::new();
        for top in [crate::config::CONFIG_FILE, "content", "themes"] {
            for entry in walkdir::WalkDir::new(root.join(top)).into_iter().flatten() {
                if !entry.file_type().is_file() {
                    continue;
                }
                let (Ok(relative), Ok(metadata)) =
                    (entry.path().strip_prefix(root), entry.metadata())
                else {
                    continue;
                };
                let modified = metadata.modified().map(nanos).unwrap_or_default();
                let path = relative.to_string_lossy().replace('\\', "/");
                files.push((
                    path,
                    Stamp {
                        len: metadata.len(),
                        modified,
                    },
                ));
            }
        }
        files.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        Inputs { files, read_at }
    }

    /// The files whose stamp differs between `self` (the last build) and `now`, or that
    /// were changed so close to when `self` was read that their stamp proves nothing.
    /// `None` when a file was added or removed.
    pub fn changed<'a>(&self, now: &'a Inputs) -> Option<Vec<&'a str>> {
        if self.files.len() != now.files.len() {
            return None;
        }
        let racy_after = self.read_at.saturating_sub(RACY_WINDOW.as_nanos());
        let mut changed = Vec::new();
        for ((old_path, old), (path, stamp)) in self.files.iter().zip(&now.files) {
            if old_path != path {
                return None;
            }
            if old != stamp || stamp.modified >= racy_after {
                changed.push(path.as_str());
            }
        }
        Some(changed)
    }
}

/// What the last build knew of one document.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct DocumentState {
    /// Its id.
    pub id: String,
    /// Its path, relative to the edition root.
    pub path: PathBuf,
    /// Its front matter.
    pub meta: DocumentMeta,
    /// Where its body starts in the file.
    pub body_offset: usize,
    /// A hash of its front matter text: a rebuild checks an edited document's against it.
    pub front_matter: u128,
    /// The people its text names (`person:` links), as the renderer found them.
    pub mentions: Vec<String>,
    /// The `person:` ids written in its text ([`Entry::body_person_links`]).
    pub person_links: Vec<String>,
}

impl DocumentState {
    /// The document as the build loads it (front matter only, body left on disk), and the
    /// people its text names.
    pub fn into_document(self) -> (Document, Vec<String>) {
        let document = Entry {
            id: self.id,
            path: self.path,
            meta: self.meta,
            source: String::new(),
            body_offset: self.body_offset,
            body_on_disk: true,
            body_person_links: self.person_links,
        };
        (document, self.mentions)
    }
}

/// What a build leaves for the next.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct BuildState {
    /// Folio's version, the output folder and the base URL: a state for anything else is
    /// not used.
    pub owner: String,
    /// The stamps of the inputs, read before they were.
    pub inputs: Inputs,
    /// The warnings of the build.
    pub warnings: Vec<Diagnostic>,
    /// The hash of the documents file ([`save_documents`]) this state goes with.
    pub documents: u128,
}

impl BuildState {
    /// Who a state is for: this version of Folio building into `output` for `base_url`.
    pub fn owner(output: &Path, base_url: &str) -> String {
        let output = output
            .canonicalize()
            .unwrap_or_else(|_| output.to_path_buf());
        format!(
            "{} {} {base_url}",
            env!("CARGO_PKG_VERSION"),
            output.display()
        )
    }

    /// The state in `cache_dir` if there is one for `owner`.
    pub fn load(cache_dir: &Path, owner: &str) -> Option<BuildState> {
        let bytes = crate::store::load(&cache_dir.join(STATE_FILE))?;
        postcard::from_bytes::<BuildState>(&bytes)
            .ok()
            .filter(|state| state.owner == owner)
    }

    /// Saves the state (it only saves time: failing to is not an error).
    pub fn save(&self, cache_dir: &Path) {
        if let Ok(bytes) = postcard::to_stdvec(self) {
            let _ = crate::store::save(&cache_dir.join(STATE_FILE), &bytes);
        }
    }

    /// Removes the state in `cache_dir`: a build does this before it changes the output,
    /// so that no later build starts from a state that no longer matches it.
    pub fn forget(cache_dir: &Path) {
        let _ = std::fs::remove_file(cache_dir.join(STATE_FILE));
    }

    /// True when `path` (relative to the edition root) is a document file.
    pub fn is_document_path(path: &str) -> bool {
        Path::new(path).parent() == Some(Path::new(DOCUMENTS_DIR))
    }
}

/// Saves what the state knows of each document (in the edition's order); returns the hash
/// the [`BuildState`] that goes with it is to hold, or `None` if it could not be saved.
pub fn save_documents(cache_dir: &Path, documents: &[DocumentState]) -> Option<u128> {
    let bytes = postcard::to_stdvec(documents).ok()?;
    crate::store::save(&cache_dir.join(DOCUMENTS_FILE), &bytes).ok()?;
    Some(xxhash_rust::xxh3::xxh3_128(&bytes))
}

/// The documents [`save_documents`] saved, if their hash is `hash`.
pub fn load_documents(cache_dir: &Path, hash: u128) -> Option<Vec<DocumentState>> {
    let bytes = crate::store::load(&cache_dir.join(DOCUMENTS_FILE))?;
    if xxhash_rust::xxh3::xxh3_128(&bytes) != hash {
        return None;
    }
    postcard::from_bytes(&bytes).ok()
}

/// The hash [`DocumentState::front_matter`] holds, of a document's front matter text.
pub fn front_matter_hash(document: &Document) -> u128 {
    let front_matter = document
        .source
        .get(..document.body_offset)
        .unwrap_or(&document.source);
    xxhash_rust::xxh3::xxh3_128(front_matter.as_bytes())
}

fn nanos(time: SystemTime) -> u128 {
    time.duration_since(UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_document_survives_the_round_trip() {
        let meta: DocumentMeta = serde_norway::from_str(
            "title: A memo\ndate: 1961-09\nevent_date: ~1961-09-30\nauthor: a\nparticipants:\n  - person: b\n    role: host\n",
        )
        .unwrap();
        let documents = vec![DocumentState {
            id: "memo".into(),
            path: "content/documents/memo.md".into(),
            meta: meta.clone(),
            body_offset: 12,
            front_matter: 7,
            mentions: vec!["c".into()],
            person_links: vec!["c".into()],
        }];
        let cache = tempfile::tempdir().unwrap();
        let hash = save_documents(cache.path(), &documents).unwrap();
        let state = BuildState {
            owner: "x".into(),
            warnings: vec![Diagnostic::warning("content/people/d.md", "lonely")],
            documents: hash,
            ..BuildState::default()
        };
        state.save(cache.path());
        let back = BuildState::load(cache.path(), "x").unwrap();
        assert_eq!(back.warnings, state.warnings);
        assert!(
            BuildState::load(cache.path(), "y").is_none(),
            "another owner's"
        );
        let documents_back = load_documents(cache.path(), back.documents).unwrap();
        assert_eq!(documents_back[0].meta, meta);
        assert!(
            load_documents(cache.path(), hash ^ 1).is_none(),
            "another build's"
        );
    }

    #[test]
    fn files_changed_within_the_racy_window_count_as_changed() {
        let stamp = |modified: u128| Stamp { len: 1, modified };
        let second = 1_000_000_000;
        let old = Inputs {
            files: vec![
                ("a".into(), stamp(10 * second)),
                ("b".into(), stamp(99 * second)),
            ],
            read_at: 100 * second,
        };
        let same = old.clone();
        assert_eq!(
            old.changed(&same),
            Some(vec!["b"]),
            "b is too recent to trust"
        );
        let mut edited = old.clone();
        edited.files[0].1.len = 2;
        assert_eq!(old.changed(&edited), Some(vec!["a", "b"]));
        let mut added = old.clone();
        added.files.push(("c".into(), stamp(1)));
        assert_eq!(old.changed(&added), None);
    }
}
