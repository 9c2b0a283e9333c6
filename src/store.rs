//! The edition's cache folder, `.folio-cache/`: what one build leaves for the next (the
//! output manifest, the record of links, search postings, the build state, formatted
//! citations).
//!
//! A cache only ever saves time, so the rules are about never trusting a bad one:
//!
//! - **One writer at a time.** [`WriterLock`] is held by a build from start to end; a
//!   second build waits, saying which process holds the lock. `folio check` and `folio
//!   serve` read the caches but never write them.
//! - **Every file checked.** [`save`] frames the bytes with their length and a checksum;
//!   [`load`] gives nothing for a file that does not check out (a torn write, a full disk,
//!   a file from elsewhere) and sets it aside, so the build can say so
//!   ([`damage_reports`]) and make it again.
//! - **Temporaries of one's own.** Each save writes a temporary named after the process and
//!   a counter, renamed over the file when complete: a reader sees the old file or the new
//!   one, and two writers never write the same bytes.
//!
//! The test-only fault hook ([`fault_point`]) lives here too: every step of writing the
//! site and its caches passes through it, so tests can stop a build at any of them.

use std::fs::File;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use crate::diagnostics::{Diagnostic, Diagnostics};

/// Folder for caches, at the edition root (git-ignore it).
pub const CACHE_DIR: &str = ".folio-cache";
/// Start of every framed cache file; a file that starts otherwise is not one of ours.
const MAGIC: &[u8; 8] = b"FOLIOST1";
/// Magic, payload length, checksum.
const HEADER: usize = 8 + 8 + 16;
/// Suffix of a file [`load`] found damaged, until [`damage_reports`] reports it.
const DAMAGED_SUFFIX: &str = ".damaged";
/// Part of a temporary's name, between the file's name and the process id.
const TEMPORARY_MARK: &str = ".tmp-";
/// The lock file in the cache folder.
const LOCK_FILE: &str = "lock";

/// Writes `bytes` to `path`, framed and checked, through a temporary file of this process
/// renamed over it. Creates the folder if needed.
pub fn save(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let mut framed = Vec::with_capacity(HEADER + bytes.len());
    framed.extend_from_slice(MAGIC);
    framed.extend_from_slice(&(bytes.len() as u64).to_le_bytes());
    framed.extend_from_slice(&xxhash_rust::xxh3::xxh3_128(bytes).to_le_bytes());
    framed.extend_from_slice(bytes);
    write_atomically(path, &framed)
}

/// The bytes [`save`] wrote to `path`, if the file is there and checks out. A file that is
/// there but does not check out is renamed aside for [`damage_reports`].
pub fn load(path: &Path) -> Option<Vec<u8>> {
    let mut framed = Vec::new();
    File::open(path).ok()?.read_to_end(&mut framed).ok()?;
    match unframe(&framed) {
        Some(range) => {
            framed.truncate(range.end);
            framed.drain(..range.start);
            Some(framed)
        }
        None => {
            set_aside(path);
            None
        }
    }
}

/// Where the payload of a framed file lies, if the frame is whole and the checksum right.
fn unframe(framed: &[u8]) -> Option<std::ops::Range<usize>> {
    let header = framed.get(..HEADER)?;
    if &header[..8] != MAGIC {
        return None;
    }
    let length = usize::try_from(u64::from_le_bytes(header[8..16].try_into().ok()?)).ok()?;
    let checksum = u128::from_le_bytes(header[16..32].try_into().ok()?);
    let payload = framed.get(HEADER..)?;
    (payload.len() == length && xxhash_rust::xxh3::xxh3_128(payload) == checksum)
        .then_some(HEADER..framed.len())
}

/// Renames a damaged cache file aside, to be reported (and deleted) by [`damage_reports`].
pub fn set_aside(path: &Path) {
    let mut aside = path.as_os_str().to_owned();
    aside.push(DAMAGED_SUFFIX);
    let _ = std::fs::rename(path, aside);
}

/// A warning for each cache file of `cache_dir` set aside as damaged since the last call;
/// the files themselves are deleted (the build that reports them has made them again).
pub fn damage_reports(cache_dir: &Path) -> Vec<Diagnostic> {
    let Ok(entries) = std::fs::read_dir(cache_dir) else {
        return Vec::new();
    };
    let mut damaged: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .filter(|path| path.to_string_lossy().ends_with(DAMAGED_SUFFIX))
        .collect();
    damaged.sort();
    damaged
        .into_iter()
        .map(|path| {
            let _ = std::fs::remove_file(&path);
            let name = path.to_string_lossy();
            let original = name
                .strip_suffix(DAMAGED_SUFFIX)
                .unwrap_or(&name)
                .to_owned();
            Diagnostic::warning(
                original,
                "this cache file was damaged (a write cut short, a full disk, or another \
                 program writing it) and was not used",
            )
            .with_hint("nothing to do: this build made it again from the edition's files")
        })
        .collect()
}

/// Writes `bytes` to `path` through a temporary file of this process renamed over it, so a
/// reader never sees half a file and two processes never write one temporary. Creates the
/// folder if needed; a failed write leaves no temporary behind.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    if let Some(folder) = path.parent() {
        std::fs::create_dir_all(folder)?;
    }
    let mut temporary = path.as_os_str().to_owned();
    temporary.push(format!(
        "{TEMPORARY_MARK}{}-{}",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::Relaxed)
    ));
    let temporary = PathBuf::from(temporary);
    let written = fault_point().and_then(|()| {
        let mut file = File::create(&temporary)?;
        file.write_all(bytes)?;
        fault_point()?;
        std::fs::rename(&temporary, path)
    });
    if written.is_err() {
        let _ = std::fs::remove_file(&temporary);
    }
    written
}

/// Removes the temporaries that processes which stopped half-way left in `cache_dir`. Only
/// the holder of the [`WriterLock`] calls this: another writer's temporaries are its own.
fn remove_stale_temporaries(cache_dir: &Path) {
    let Ok(entries) = std::fs::read_dir(cache_dir) else {
        return;
    };
    for entry in entries.filter_map(Result::ok) {
        if entry.file_name().to_string_lossy().contains(TEMPORARY_MARK) {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// The right to write an edition's caches and output, held by one process at a time (an
/// advisory lock on `.folio-cache/lock`, which names the holder). Released when dropped, or
/// by the system when the process ends however it ends.
#[derive(Debug)]
pub struct WriterLock {
    _file: File,
}

impl WriterLock {
    /// Takes the lock of the cache folder `cache_dir` for `command` (as in "folio build"),
    /// waiting, with a message on standard error, while another process holds it. Then
    /// clears what a writer that was stopped half-way left in the folder.
    pub fn acquire(cache_dir: &Path, command: &str) -> Result<WriterLock, Diagnostics> {
        let path = cache_dir.join(LOCK_FILE);
        std::fs::create_dir_all(cache_dir)
            .map_err(|e| Diagnostics::io(cache_dir, "create the cache folder", &e))?;
        let mut file = std::fs::OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(&path)
            .map_err(|e| Diagnostics::io(&path, "open the lock file", &e))?;
        match file.try_lock() {
            Ok(()) => {}
            Err(std::fs::TryLockError::WouldBlock) => {
                let mut holder = String::new();
                let _ = file.read_to_string(&mut holder);
                let holder = holder.trim();
                let holder = if holder.is_empty() {
                    "another Folio process"
                } else {
                    holder
                };
                let _ = writeln!(
                    std::io::stderr(),
                    "Waiting for {holder} to finish with this edition ({})...",
                    path.display()
                );
                file.lock()
                    .map_err(|e| Diagnostics::io(&path, "lock the cache folder", &e))?;
            }
            Err(std::fs::TryLockError::Error(e)) => {
                // A file system without locks (some network mounts): go on unlocked, as
                // before there were locks, rather than refuse to build.
                let _ = writeln!(
                    std::io::stderr(),
                    "warning: {}: could not lock the cache folder ({e}); do not run two builds at once",
                    path.display()
                );
            }
        }
        let holder = format!(
            "{command} (process {}, since {})",
            std::process::id(),
            chrono::Local::now().format("%Y-%m-%d %H:%M:%S")
        );
        let _ = file.set_len(0);
        let _ = std::io::Seek::seek(&mut file, std::io::SeekFrom::Start(0));
        let _ = file.write_all(holder.as_bytes());
        remove_stale_temporaries(cache_dir);
        Ok(WriterLock { _file: file })
    }
}

/// A step of writing the site or a cache. Always `Ok` in a release build. In a debug build,
/// the environment variable `FOLIO_TEST_FAULT` makes the tests' faults happen here:
/// `kill-after:N` ends the process abruptly at the Nth step (as `kill -9` would),
/// `disk-full-after:N` fails the Nth step and every later one as a full disk does.
pub fn fault_point() -> std::io::Result<()> {
    #[cfg(debug_assertions)]
    {
        static STEPS: AtomicU64 = AtomicU64::new(0);
        static FAULT: std::sync::OnceLock<Option<(bool, u64)>> = std::sync::OnceLock::new();
        let fault = FAULT.get_or_init(|| {
            let setting = std::env::var("FOLIO_TEST_FAULT").ok()?;
            let (kind, after) = setting.split_once(':')?;
            let after: u64 = after.parse().ok()?;
            match kind {
                "kill-after" => Some((true, after)),
                "disk-full-after" => Some((false, after)),
                _ => None,
            }
        });
        if let Some((kill, after)) = *fault {
            let step = STEPS.fetch_add(1, Ordering::SeqCst) + 1;
            if step >= after {
                if kill {
                    std::process::abort();
                }
                #[cfg(unix)]
                return Err(std::io::Error::from_raw_os_error(28)); // ENOSPC
                #[cfg(not(unix))]
                return Err(std::io::ErrorKind::StorageFull.into());
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_saved_file_loads_and_a_damaged_one_is_reported_once() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("state.bin");
        save(&path, b"what the last build knew").unwrap();
        assert_eq!(load(&path).unwrap(), b"what the last build knew");
        let leftovers = std::fs::read_dir(dir.path()).unwrap().count();
        assert_eq!(leftovers, 1, "no temporary left");

        let mut bytes = std::fs::read(&path).unwrap();
        let last = bytes.len() - 1;
        bytes[last] ^= 1;
        std::fs::write(&path, &bytes).unwrap();
        assert_eq!(load(&path), None, "one flipped bit and it is not trusted");
        assert!(!path.exists(), "set aside");
        let reports = damage_reports(dir.path());
        assert_eq!(reports.len(), 1);
        assert!(reports[0].file.ends_with("state.bin"));
        assert!(damage_reports(dir.path()).is_empty(), "reported once");
    }

    #[test]
    fn a_file_cut_short_or_unframed_is_not_trusted() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("links.bin");
        save(&path, &[7; 100]).unwrap();
        let bytes = std::fs::read(&path).unwrap();
        std::fs::write(&path, &bytes[..bytes.len() - 10]).unwrap();
        assert_eq!(load(&path), None);
        std::fs::write(&path, b"postcard bytes from an older Folio").unwrap();
        assert_eq!(load(&path), None);
        assert_eq!(load(&dir.path().join("missing.bin")), None);
    }

    #[test]
    fn the_lock_names_its_holder_and_clears_stale_temporaries() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("output.bin.tmp-99999-0"), b"half").unwrap();
        let lock = WriterLock::acquire(dir.path(), "folio build").unwrap();
        let holder = std::fs::read_to_string(dir.path().join(LOCK_FILE)).unwrap();
        assert!(holder.starts_with("folio build (process "), "{holder}");
        assert!(!dir.path().join("output.bin.tmp-99999-0").exists());
        // Another open file description cannot take it while it is held.
        let other = File::options()
            .write(true)
            .open(dir.path().join(LOCK_FILE))
            .unwrap();
        assert!(matches!(
            other.try_lock(),
            Err(std::fs::TryLockError::WouldBlock)
        ));
        drop(lock);
        assert!(other.try_lock().is_ok(), "released when dropped");
    }
}
