//! A cache of formatted citations, kept between builds in `.folio-cache/citations.bin`.
//!
//! CSL formatting by the engine costs more than a millisecond per item (the Chicago style is
//! large); templates ([`super::template`]) spare most items the engine, but not the first of
//! each shape nor items whose values are not plain. A result depends only on the document's
//! CSL-JSON item and the style files. So results are stored under a hash of exactly those;
//! an unchanged document is never formatted twice, across builds and in `serve`. A missing,
//! unreadable or stale cache only costs time: it is never trusted for anything but a
//! matching hash.

use std::collections::HashMap;
use std::fs::File;
use std::io::{BufWriter, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::{Mutex, OnceLock};

use sha2::{Digest, Sha256};

use super::csl::{self, Formatted};

/// Folder for caches, at the edition root (git-ignore it).
pub const CACHE_DIR: &str = ".folio-cache";
const FILE: &str = "citations.bin";
/// Where entries formatted by this build wait, until [`CitationCache::save`] merges them.
const NEW_ENTRIES: &str = "citations.new";
/// Start of the file; a file that starts otherwise (an older format) is ignored.
const MAGIC: &[u8; 8] = b"FOLIOCC2";
/// Bytes of one index record: key, offset, length.
const INDEX_RECORD: usize = 16 + 8 + 4;

type Key = [u8; 16];

/// Where an entry's bytes (a postcard-encoded [`Formatted`]) are.
#[derive(Debug, Clone, Copy)]
struct Span {
    offset: u64,
    len: u32,
}

/// Formatted citations by content hash.
///
/// The file is an index (`MAGIC`, count, then key/offset/length records) followed by the
/// entries. Only the index is read into memory; an entry is read from disk when a document
/// needs it, so the cache of a 100,000-document edition costs a few megabytes of memory,
/// not hundreds. Entries formatted during a build go straight to a side file, for the same
/// reason, and are merged in by [`CitationCache::save`].
#[derive(Debug, Default)]
pub struct CitationCache {
    folder: Option<PathBuf>,
    file: Option<File>,
    known: HashMap<Key, Span>,
    added: Mutex<Added>,
    used: Mutex<Vec<Key>>,
}

/// Entries formatted by this build.
#[derive(Debug, Default)]
struct Added {
    /// The side file and its length, once something was added (none for an in-memory cache).
    file: Option<(File, u64)>,
    /// Where each entry is in the side file...
    spans: Vec<(Key, Span)>,
    /// ...or, for a cache that is never saved, the entries themselves.
    in_memory: HashMap<Key, Formatted>,
}

impl CitationCache {
    /// The cache of the edition at `root` (empty if there is none or it cannot be read).
    pub fn load(root: &Path) -> CitationCache {
        let folder = root.join(CACHE_DIR);
        let (file, known) = read_index(&folder.join(FILE))
            .map_or((None, HashMap::new()), |(file, known)| (Some(file), known));
        CitationCache {
            folder: Some(folder),
            file,
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
        if let Some(formatted) = self.cached(&key) {
            if let Ok(mut used) = self.used.lock() {
                used.push(key);
            }
            return Ok(formatted);
        }
        let formatted = csl::format(json)?;
        self.add(key, &formatted);
        Ok(formatted)
    }

    /// The entry under `key` from the file or from this build's additions, if it can be read.
    fn cached(&self, key: &Key) -> Option<Formatted> {
        if let (Some(span), Some(file)) = (self.known.get(key), &self.file) {
            return read_entry(file, *span);
        }
        let added = self.added.lock().ok()?;
        added.in_memory.get(key).cloned()
    }

    /// Keeps a freshly formatted entry: in the side file, or in memory without one.
    fn add(&self, key: Key, formatted: &Formatted) {
        let Ok(mut added) = self.added.lock() else {
            return;
        };
        let Some(folder) = &self.folder else {
            added.in_memory.insert(key, formatted.clone());
            return;
        };
        let Ok(bytes) = postcard::to_stdvec(formatted) else {
            return;
        };
        if added.file.is_none() {
            let file = std::fs::create_dir_all(folder).and_then(|()| {
                std::fs::OpenOptions::new()
                    .read(true)
                    .write(true)
                    .create(true)
                    .truncate(true)
                    .open(folder.join(NEW_ENTRIES))
            });
            match file {
                Ok(file) => added.file = Some((file, 0)),
                // No side file: the entry is simply not cached.
                Err(_) => return,
            }
        }
        let Some((file, end)) = added.file.as_mut() else {
            return;
        };
        let span = Span {
            offset: *end,
            len: bytes.len() as u32,
        };
        if write_at(file, &bytes, span.offset).is_ok() {
            *end += bytes.len() as u64;
            added.spans.push((key, span));
        }
    }

    /// Writes the entries used or added by this build (so documents that were deleted do not
    /// keep their entries forever). Failing to write is not an error: the cache is optional.
    pub fn save(self) {
        let Some(folder) = self.folder else { return };
        let added = self.added.into_inner().unwrap_or_default();
        let mut used = self.used.into_inner().unwrap_or_default();
        used.sort_unstable();
        used.dedup();
        let side_file = folder.join(NEW_ENTRIES);
        if added.spans.is_empty() && used.len() == self.known.len() {
            let _ = std::fs::remove_file(&side_file);
            return;
        }
        // Every entry, from the old file or the side file, in key order.
        let mut entries: Vec<(Key, Span, bool)> = used
            .into_iter()
            .filter_map(|k| self.known.get(&k).map(|span| (k, *span, false)))
            .collect();
        entries.extend(added.spans.into_iter().map(|(k, span)| (k, span, true)));
        entries.sort_by_key(|entry| entry.0);
        entries.dedup_by(|a, b| a.0 == b.0);
        let path = folder.join(FILE);
        let temporary = path.with_extension("tmp");
        let written = write_cache(&temporary, &entries, |new, span| {
            let file = if new {
                added.file.as_ref().map(|(f, _)| f)
            } else {
                self.file.as_ref()
            };
            let mut bytes = vec![0; span.len as usize];
            read_at(file?, &mut bytes, span.offset).ok()?;
            Some(bytes)
        });
        if written.is_ok() {
            let _ = std::fs::rename(&temporary, &path);
        } else {
            let _ = std::fs::remove_file(&temporary);
        }
        let _ = std::fs::remove_file(&side_file);
    }
}

/// Reads the index of the cache file at `path`.
fn read_index(path: &Path) -> Option<(File, HashMap<Key, Span>)> {
    let mut file = File::open(path).ok()?;
    let mut header = [0; 16];
    file.read_exact(&mut header).ok()?;
    if &header[..8] != MAGIC {
        return None;
    }
    let count = u64::from_le_bytes(header[8..].try_into().ok()?) as usize;
    let mut index = vec![0; count.checked_mul(INDEX_RECORD)?];
    file.read_exact(&mut index).ok()?;
    let mut known = HashMap::with_capacity(count);
    for record in index.chunks_exact(INDEX_RECORD) {
        let key: Key = record[..16].try_into().ok()?;
        let offset = u64::from_le_bytes(record[16..24].try_into().ok()?);
        let len = u32::from_le_bytes(record[24..28].try_into().ok()?);
        known.insert(key, Span { offset, len });
    }
    Some((file, known))
}

/// One entry, if it can be read and decoded (anything else is a cache miss).
fn read_entry(file: &File, span: Span) -> Option<Formatted> {
    let mut bytes = vec![0; span.len as usize];
    read_at(file, &mut bytes, span.offset).ok()?;
    postcard::from_bytes(&bytes).ok()
}

/// Fills `buffer` from `file` at `offset`. Entries are read from several threads at once,
/// so only positional reads will do (a seek and a read would race on the shared cursor);
/// where there are none, the cache is not read.
fn read_at(file: &File, buffer: &mut [u8], offset: u64) -> std::io::Result<()> {
    #[cfg(unix)]
    {
        std::os::unix::fs::FileExt::read_exact_at(file, buffer, offset)
    }
    #[cfg(windows)]
    {
        let mut done = 0;
        while done < buffer.len() {
            let at = offset + done as u64;
            match std::os::windows::fs::FileExt::seek_read(file, &mut buffer[done..], at)? {
                0 => return Err(std::io::ErrorKind::UnexpectedEof.into()),
                n => done += n,
            }
        }
        Ok(())
    }
    #[cfg(not(any(unix, windows)))]
    {
        let _ = (file, buffer, offset);
        Err(std::io::ErrorKind::Unsupported.into())
    }
}

/// Writes `bytes` to `file` at `offset` (callers hold the lock of the side file, but
/// [`read_at`] may read it meanwhile, so this is positional too).
fn write_at(file: &File, bytes: &[u8], offset: u64) -> std::io::Result<()> {
    #[cfg(unix)]
    {
        std::os::unix::fs::FileExt::write_all_at(file, bytes, offset)
    }
    #[cfg(windows)]
    {
        let mut done = 0;
        while done < bytes.len() {
            let at = offset + done as u64;
            match std::os::windows::fs::FileExt::seek_write(file, &bytes[done..], at)? {
                0 => return Err(std::io::ErrorKind::WriteZero.into()),
                n => done += n,
            }
        }
        Ok(())
    }
    #[cfg(not(any(unix, windows)))]
    {
        let _ = (file, bytes, offset);
        Err(std::io::ErrorKind::Unsupported.into())
    }
}

/// Writes a cache file of `entries` (key, where its bytes are, whether in the side file),
/// reading each entry's bytes with `bytes_of`.
fn write_cache(
    path: &Path,
    entries: &[(Key, Span, bool)],
    bytes_of: impl Fn(bool, Span) -> Option<Vec<u8>>,
) -> std::io::Result<()> {
    let mut out = BufWriter::new(File::create(path)?);
    out.write_all(MAGIC)?;
    out.write_all(&(entries.len() as u64).to_le_bytes())?;
    let mut offset = (16 + entries.len() * INDEX_RECORD) as u64;
    for (key, span, _) in entries {
        out.write_all(key)?;
        out.write_all(&offset.to_le_bytes())?;
        out.write_all(&span.len.to_le_bytes())?;
        offset += u64::from(span.len);
    }
    for &(_, span, new) in entries {
        let bytes = bytes_of(new, span)
            .ok_or_else(|| std::io::Error::other("a cache entry could not be read"))?;
        out.write_all(&bytes)?;
    }
    out.flush()
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
        assert!(
            !dir.path().join(CACHE_DIR).join(NEW_ENTRIES).exists(),
            "the side file is merged and removed"
        );
        let again = CitationCache::load(dir.path());
        assert_eq!(again.known.len(), 1);
        assert_eq!(again.format(ITEM).unwrap(), fresh);
        assert_eq!(again.used.lock().unwrap().len(), 1, "served from the file");
        // The used entry and the new one are both kept.
        let other = ITEM.replace("A memorandum", "Another memorandum");
        let second = again.format(&other).unwrap();
        again.save();
        let third = CitationCache::load(dir.path());
        assert_eq!(third.known.len(), 2);
        assert_eq!(third.format(&other).unwrap(), second);
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
