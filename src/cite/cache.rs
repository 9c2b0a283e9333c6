//! A cache of formatted citations, kept between builds in `.folio-cache/citations.bin`.
//!
//! CSL formatting costs milliseconds per document (the Chicago style is large), far more than
//! everything else a document page needs, and its result depends only on the document's
//! CSL-JSON item and the style files. So results are stored under a hash of exactly those;
//! an unchanged document is never formatted twice, across builds and in `serve`. A missing,
//! unreadable or stale cache only costs time: it is never trusted for anything but a
//! matching hash.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, OnceLock};

use sha2::{Digest, Sha256};

use super::csl::{self, Formatted};

/// Folder for caches, at the edition root (git-ignore it).
pub const CACHE_DIR: &str = ".folio-cache";
const FILE: &str = "citations.bin";

type Key = [u8; 16];

/// Formatted citations by content hash.
#[derive(Debug, Default)]
pub struct CitationCache {
    path: Option<PathBuf>,
    known: HashMap<Key, Formatted>,
    added: Mutex<Vec<(Key, Formatted)>>,
    used: Mutex<Vec<Key>>,
}

impl CitationCache {
    /// The cache of the edition at `root` (empty if there is none or it cannot be read).
    pub fn load(root: &Path) -> CitationCache {
        let path = root.join(CACHE_DIR).join(FILE);
        let known = std::fs::read(&path)
            .ok()
            .and_then(|bytes| postcard::from_bytes::<Vec<(Key, Formatted)>>(&bytes).ok())
            .map(|entries| entries.into_iter().collect())
            .unwrap_or_default();
        CitationCache {
            path: Some(path),
            known,
            ..CitationCache::default()
        }
    }

    /// A cache that is never saved (for `check` and tests).
    pub fn in_memory() -> CitationCache {
        CitationCache::default()
    }

    /// The citations of the CSL-JSON item `json`, from the cache or freshly formatted.
    pub fn format(&self, json: &str) -> Result<Formatted, String> {
        let key = key(json);
        if let Some(formatted) = self.known.get(&key) {
            if let Ok(mut used) = self.used.lock() {
                used.push(key);
            }
            return Ok(formatted.clone());
        }
        let formatted = csl::format(json)?;
        if let Ok(mut added) = self.added.lock() {
            added.push((key, formatted.clone()));
        }
        Ok(formatted)
    }

    /// Writes the entries used or added by this build (so documents that were deleted do not
    /// keep their entries forever). Failing to write is not an error: the cache is optional.
    pub fn save(self) {
        let Some(path) = self.path else { return };
        let added = self.added.into_inner().unwrap_or_default();
        let used = self.used.into_inner().unwrap_or_default();
        if added.is_empty() && used.len() == self.known.len() {
            return;
        }
        let mut known = self.known;
        let mut entries: Vec<(Key, Formatted)> = used
            .into_iter()
            .filter_map(|k| known.remove(&k).map(|f| (k, f)))
            .collect();
        entries.extend(added);
        entries.sort_by_key(|entry| entry.0);
        entries.dedup_by(|a, b| a.0 == b.0);
        if let (Some(folder), Ok(bytes)) = (path.parent(), postcard::to_stdvec(&entries)) {
            let temporary = path.with_extension("tmp");
            let _ = std::fs::create_dir_all(folder)
                .and_then(|()| std::fs::write(&temporary, bytes))
                .and_then(|()| std::fs::rename(&temporary, &path));
        }
    }
}

/// The hash of an item together with the style files and this version of Folio, so a new
/// style or engine never serves an old result.
fn key(json: &str) -> Key {
    static SALT: OnceLock<Vec<u8>> = OnceLock::new();
    let salt = SALT.get_or_init(|| {
        let mut hasher = Sha256::new();
        for part in [
            csl::CHICAGO_CSL,
            csl::MLA_CSL,
            csl::APA_CSL,
            csl::LOCALE_EN_US,
            env!("CARGO_PKG_VERSION"),
        ] {
            hasher.update(part.as_bytes());
            hasher.update([0]);
        }
        hasher.finalize().to_vec()
    });
    let mut hasher = Sha256::new();
    hasher.update(salt);
    hasher.update(json.as_bytes());
    let digest = hasher.finalize();
    let mut key = [0; 16];
    key.copy_from_slice(&digest[..16]);
    key
}

#[cfg(test)]
mod tests {
    use super::*;

    const ITEM: &str = r#"{"id":"x","type":"manuscript","title":"A memorandum","issued":{"date-parts":[[1961,10,12]]}}"#;

    #[test]
    fn a_saved_result_is_served_from_the_cache() {
        let dir = tempfile::tempdir().unwrap();
        let cache = CitationCache::load(dir.path());
        let fresh = cache.format(ITEM).unwrap();
        cache.save();
        assert!(dir.path().join(CACHE_DIR).join(FILE).exists());
        let again = CitationCache::load(dir.path());
        assert_eq!(again.known.len(), 1);
        assert_eq!(again.format(ITEM).unwrap(), fresh);
    }

    #[test]
    fn a_corrupt_cache_is_ignored() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join(CACHE_DIR)).unwrap();
        std::fs::write(dir.path().join(CACHE_DIR).join(FILE), b"\xff\x00garbage").unwrap();
        let cache = CitationCache::load(dir.path());
        assert_eq!(cache.format(ITEM).unwrap(), csl::format(ITEM).unwrap());
    }
}
