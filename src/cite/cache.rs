//! A cache of formatted citations, kept between builds in `.folio-cache/citations.bin`.
//!
//! CSL formatting by the engine costs more than a millisecond per item (the Chicago style is
//! large); templates ([`super::template`]) spare most items the engine, but not the first of
//! each shape nor items whose values are not plain. A result depends only on the document's
//! CSL-JSON item and the style files. So results are stored under a hash of exactly those;
//! an unchanged document is never formatted twice, across builds and in `serve`. A missing,
//! unreadable or stale cache only costs time: it is never trusted for anything but a
//! matching hash, and every entry and the index carry a checksum, so a damaged file (a
//! torn write, a full disk) gives misses, never another document's text.
//!
//! Only a build writes the cache, holding the edition's [`crate::store::WriterLock`];
//! `check` and `serve` read it ([`CitationCache::read_only`]) and keep what they format in
//! memory.

use std::collections::HashMap;
use std::fs::File;
use std::io::{BufWriter, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Mutex, OnceLock};

use super::csl::{self, Formatted};

use crate::store::CACHE_DIR;

const FILE: &str = "citations.bin";
/// End of the file; a file that ends otherwise (an older format, a torn write) is ignored.
const MAGIC: &[u8; 8] = b"FOLIOCC4";
/// Bytes of the footer: the checksum of the index, the number of index records, `MAGIC`.
const FOOTER: usize = 8 + 8 + 8;
/// Bytes of one index record: key, offset, length, checksum of the entry.
const INDEX_RECORD: usize = 16 + 8 + 4 + 8;

type Key = [u8; 16];

/// Where an entry's bytes (a postcard-encoded [`Formatted`]) are, and their checksum.
#[derive(Debug, Clone, Copy)]
struct Span {
    offset: u64,
    len: u32,
    checksum: u64,
}

/// Formatted citations by content hash.
///
/// The file is the entries, then their index (key/offset/length records), then a footer
/// (the number of records, `MAGIC`). Only the index is read into memory; an entry is read
/// from disk when a document needs it, so the cache of a 100,000-document edition costs a
/// few megabytes of memory, not hundreds. Entries formatted during a build go straight to
/// a side file, for the same reason; [`CitationCache::save`] appends the entries of the
/// last cache still in use and the index to it, and it becomes the cache. (With the index
/// first, the entries of a cold build, 29 MB at 10,000 documents, were written, read back
/// and written again.)
#[derive(Debug, Default)]
pub struct CitationCache {
    /// The cache folder, for a cache that is saved.
    folder: Option<PathBuf>,
    file: Option<File>,
    known: HashMap<Key, Span>,
    added: Mutex<Added>,
    used: Mutex<Vec<Key>>,
    /// Set once the file was found damaged and set aside.
    damaged: AtomicBool,
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
    /// The cache of the edition at `root` (empty if there is none or it cannot be read),
    /// to be saved by a build that holds the edition's writer lock.
    pub fn load(root: &Path) -> CitationCache {
        let folder = root.join(CACHE_DIR);
        let path = folder.join(FILE);
        let cache = CitationCache::read_only(root);
        if cache.file.is_none() && path.exists() {
            crate::store::set_aside(&path);
        }
        CitationCache {
            folder: Some(folder),
            ..cache
        }
    }

    /// The cache of the edition at `root` for a process that does not write it (`check`,
    /// `serve`): what it formats is kept in memory only.
    pub fn read_only(root: &Path) -> CitationCache {
        let (file, known) = read_index(&root.join(CACHE_DIR).join(FILE))
            .map_or((None, HashMap::new()), |(file, known)| (Some(file), known));
        CitationCache {
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
            let entry = read_entry(file, *span);
            if entry.is_none() {
                self.found_damaged();
            }
            return entry;
        }
        let added = self.added.lock().ok()?;
        added.in_memory.get(key).cloned()
    }

    /// Sets a damaged cache file aside (once) so the build reports it; its good entries
    /// are still read through the open file.
    fn found_damaged(&self) {
        if let Some(folder) = &self.folder
            && !self.damaged.swap(true, Ordering::Relaxed)
        {
            crate::store::set_aside(&folder.join(FILE));
        }
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
            match create_side_file(folder) {
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
            checksum: xxhash_rust::xxh3::xxh3_64(&bytes),
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
        let side_file = side_file(&folder);
        let damaged = self.damaged.load(Ordering::Relaxed);
        if added.spans.is_empty() && used.len() == self.known.len() && !damaged {
            let _ = std::fs::remove_file(&side_file);
            return;
        }
        let kept: Vec<(Key, Span)> = used
            .into_iter()
            .filter_map(|k| self.known.get(&k).map(|span| (k, *span)))
            .collect();
        let side = match added.file {
            Some(side) => Ok(side),
            None => create_side_file(&folder).map(|file| (file, 0)),
        };
        let completed = side.and_then(|(file, end)| {
            complete_cache(file, end, added.spans, &kept, self.file.as_ref())?;
            crate::store::fault_point()?;
            std::fs::rename(&side_file, folder.join(FILE))
        });
        if completed.is_err() {
            let _ = std::fs::remove_file(&side_file);
        }
    }
}

/// Where this process writes the entries it formats, before [`CitationCache::save`]
/// completes them into the next cache file: a temporary of its own (see [`crate::store`]).
fn side_file(folder: &Path) -> PathBuf {
    folder.join(format!("{FILE}.tmp-{}-side", std::process::id()))
}

/// The side file of new entries in `folder`, empty.
fn create_side_file(folder: &Path) -> std::io::Result<File> {
    std::fs::create_dir_all(folder)?;
    crate::store::fault_point()?;
    std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(true)
        .open(side_file(folder))
}

/// Reads the index of the cache file at `path` (none if it is not a whole cache file).
fn read_index(path: &Path) -> Option<(File, HashMap<Key, Span>)> {
    let mut file = File::open(path).ok()?;
    let length = file.metadata().ok()?.len();
    let footer_start = length.checked_sub(FOOTER as u64)?;
    let mut footer = [0; FOOTER];
    read_at(&file, &mut footer, footer_start).ok()?;
    if &footer[16..] != MAGIC {
        return None;
    }
    let index_checksum = u64::from_le_bytes(footer[..8].try_into().ok()?);
    let count = u64::from_le_bytes(footer[8..16].try_into().ok()?);
    let index_start = footer_start.checked_sub(count.checked_mul(INDEX_RECORD as u64)?)?;
    let mut index = vec![0; usize::try_from(footer_start - index_start).ok()?];
    file.seek(SeekFrom::Start(index_start)).ok()?;
    file.read_exact(&mut index).ok()?;
    if xxhash_rust::xxh3::xxh3_64(&index) != index_checksum {
        return None;
    }
    let mut known = HashMap::with_capacity(index.len() / INDEX_RECORD);
    for record in index.chunks_exact(INDEX_RECORD) {
        let key: Key = record[..16].try_into().ok()?;
        let offset = u64::from_le_bytes(record[16..24].try_into().ok()?);
        let len = u32::from_le_bytes(record[24..28].try_into().ok()?);
        let checksum = u64::from_le_bytes(record[28..36].try_into().ok()?);
        if offset.checked_add(u64::from(len))? > index_start {
            return None;
        }
        known.insert(
            key,
            Span {
                offset,
                len,
                checksum,
            },
        );
    }
    Some((file, known))
}

/// One entry, if it can be read, checks out and decodes (anything else is a cache miss).
fn read_entry(file: &File, span: Span) -> Option<Formatted> {
    postcard::from_bytes(&read_entry_bytes(file, span)?).ok()
}

/// The bytes of one entry, if they can be read and match their checksum.
fn read_entry_bytes(file: &File, span: Span) -> Option<Vec<u8>> {
    let mut bytes = vec![0; span.len as usize];
    read_at(file, &mut bytes, span.offset).ok()?;
    (xxhash_rust::xxh3::xxh3_64(&bytes) == span.checksum).then_some(bytes)
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

/// Completes the side file `file` (its first `end` bytes the entries at `new`) into a
/// cache file: appends the entries at `kept` in `old_file`, then the index and the footer.
fn complete_cache(
    file: File,
    mut end: u64,
    new: Vec<(Key, Span)>,
    kept: &[(Key, Span)],
    old_file: Option<&File>,
) -> std::io::Result<()> {
    let mut index = new;
    let mut out = BufWriter::new(file);
    out.seek(SeekFrom::Start(end))?;
    for &(key, span) in kept {
        let old_file = old_file.ok_or_else(|| std::io::Error::other("no cache to copy from"))?;
        // A damaged entry is left behind: it will be formatted again when next needed.
        let Some(bytes) = read_entry_bytes(old_file, span) else {
            continue;
        };
        out.write_all(&bytes)?;
        index.push((
            key,
            Span {
                offset: end,
                ..span
            },
        ));
        end += u64::from(span.len);
    }
    // Two threads that met one new item at once both added it: one copy serves.
    index.sort_by_key(|entry| entry.0);
    index.dedup_by(|a, b| a.0 == b.0);
    let mut records = Vec::with_capacity(index.len() * INDEX_RECORD);
    for (key, span) in &index {
        records.extend_from_slice(key);
        records.extend_from_slice(&span.offset.to_le_bytes());
        records.extend_from_slice(&span.len.to_le_bytes());
        records.extend_from_slice(&span.checksum.to_le_bytes());
    }
    out.write_all(&records)?;
    out.write_all(&xxhash_rust::xxh3::xxh3_64(&records).to_le_bytes())?;
    out.write_all(&(index.len() as u64).to_le_bytes())?;
    out.write_all(MAGIC)?;
    out.flush()
}

/// The hash of an item together with the style files and this version of Folio, so a new
/// style or engine never serves an old result. (A 128-bit xxh3, not SHA-256: the key only
/// tells cached results apart, and SHA-256 was 1.4 % of a build.)
fn key(json: &str) -> Key {
    static SALT: OnceLock<Vec<u8>> = OnceLock::new();
    let salt = SALT.get_or_init(|| {
        let mut salt = Vec::new();
        for part in [
            csl::CHICAGO_CSL,
            csl::MLA_CSL,
            csl::APA_CSL,
            csl::LOCALE_EN_US,
            env!("CARGO_PKG_VERSION"),
        ] {
            salt.extend_from_slice(&xxhash_rust::xxh3::xxh3_128(part.as_bytes()).to_le_bytes());
        }
        salt
    });
    let mut hasher = xxhash_rust::xxh3::Xxh3::new();
    hasher.update(salt);
    hasher.update(json.as_bytes());
    hasher.digest128().to_le_bytes()
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
            !side_file(&dir.path().join(CACHE_DIR)).exists(),
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
    fn a_cache_file_cut_short_is_ignored() {
        let dir = tempfile::tempdir().unwrap();
        let cache = CitationCache::load(dir.path());
        cache.format(ITEM).unwrap();
        cache.save();
        let path = dir.path().join(CACHE_DIR).join(FILE);
        let bytes = std::fs::read(&path).unwrap();
        assert_eq!(&bytes[bytes.len() - 8..], MAGIC);
        std::fs::write(&path, &bytes[..bytes.len() - 1]).unwrap();
        assert!(CitationCache::load(dir.path()).known.is_empty());
        // An index claiming more records than the file holds.
        let mut lying = bytes.clone();
        let count_at = lying.len() - FOOTER + 8;
        lying[count_at..count_at + 8].copy_from_slice(&1000u64.to_le_bytes());
        std::fs::write(&path, &lying).unwrap();
        assert!(CitationCache::load(dir.path()).known.is_empty());
    }

    #[test]
    fn a_damaged_entry_is_a_miss_never_another_text_and_is_reported() {
        let dir = tempfile::tempdir().unwrap();
        let cache = CitationCache::load(dir.path());
        let fresh = cache.format(ITEM).unwrap();
        cache.save();
        let folder = dir.path().join(CACHE_DIR);
        let path = folder.join(FILE);
        let mut bytes = std::fs::read(&path).unwrap();
        bytes[3] ^= 0x20;
        std::fs::write(&path, &bytes).unwrap();
        // A reader (check, serve) formats again and touches nothing.
        let reader = CitationCache::read_only(dir.path());
        assert_eq!(reader.format(ITEM).unwrap(), fresh);
        assert!(path.exists());
        // A build formats again, sets the file aside for its warning, and saves a good one.
        let writer = CitationCache::load(dir.path());
        assert_eq!(writer.format(ITEM).unwrap(), fresh);
        writer.save();
        assert_eq!(crate::store::damage_reports(&folder).len(), 1);
        let again = CitationCache::load(dir.path());
        assert_eq!(again.format(ITEM).unwrap(), fresh);
        assert_eq!(
            again.used.lock().unwrap().len(),
            1,
            "served from the new file"
        );
    }

    #[test]
    fn a_reader_writes_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let reader = CitationCache::read_only(dir.path());
        reader.format(ITEM).unwrap();
        reader.save();
        assert!(!dir.path().join(CACHE_DIR).exists());
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
