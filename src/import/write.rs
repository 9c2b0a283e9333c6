//! Writing what the import produced: document and person files with front matter in a fixed
//! field order and quoting (so that re-importing gives the same bytes), and the manifest that
//! records what the import last wrote, so that an editor's changes are recognised and never
//! overwritten.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::content::{DocumentMeta, PersonMeta};

/// Where the manifest lives, relative to the edition root.
pub const MANIFEST: &str = ".folio/import-manifest.json";
/// Where `--force` keeps the documents it replaces, relative to the edition root.
pub const BACKUPS: &str = ".folio/import-backups";

/// A YAML scalar that reads back as `value`: plain when that is unambiguous, double-quoted
/// otherwise. NUL and Unicode non-characters, which YAML cannot hold, become U+FFFD; other
/// control characters, line and paragraph separators and the byte-order mark are escaped.
fn scalar(value: &str, always_quote: bool) -> String {
    let cleaned: String;
    let value = if value.chars().any(is_unstorable) {
        cleaned = value
            .chars()
            .map(|c| {
                if is_unstorable(c) {
                    char::REPLACEMENT_CHARACTER
                } else {
                    c
                }
            })
            .collect();
        cleaned.as_str()
    } else {
        value
    };
    let needs_quotes = always_quote
        || value.is_empty()
        || value.trim() != value
        || value.starts_with([
            '[', ']', '{', '}', '&', '*', '!', '|', '>', '\'', '"', '%', '@', '`', '#', ',', '?',
            ':', '-', '~',
        ])
        || value.contains(": ")
        || value.contains(" #")
        || value.ends_with(':')
        || value.chars().any(needs_escape)
        || matches!(
            value.to_ascii_lowercase().as_str(),
            "true" | "false" | "yes" | "no" | "on" | "off" | "null" | "y" | "n"
        )
        || value.parse::<f64>().is_ok()
        || value
            .bytes()
            .all(|b| b.is_ascii_digit() || b == b'-' || b == b'.')
        || !plain_reads_back(value);
    if !needs_quotes {
        return value.to_owned();
    }
    let mut out = String::with_capacity(value.len() + 2);
    out.push('"');
    for c in value.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c if needs_escape(c) => {
                let _ = write!(out, "\\u{:04X}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// NUL or a Unicode non-character: not storable in YAML (nor wanted in a page).
fn is_unstorable(c: char) -> bool {
    c == '\0' || super::decode::is_noncharacter(c)
}

/// A character written as an escape in a double-quoted scalar: control characters (YAML
/// does not allow most of them as they are), line and paragraph separators (line breaks to
/// some YAML readers) and the byte-order mark.
fn needs_escape(c: char) -> bool {
    c.is_control() || matches!(c, '\u{2028}' | '\u{2029}' | '\u{feff}')
}

/// True when `value`, written plain as a field's value, is read back as that same string.
/// The rules above make this so for the facts archives give; this is the guard for
/// anything else (YAML 1.1 numbers and times, tags, anchors, comments...).
fn plain_reads_back(value: &str) -> bool {
    #[derive(Deserialize)]
    struct Field {
        v: String,
    }
    serde_norway::from_str::<Field>(&format!("v: {value}\n")).is_ok_and(|f| f.v == value)
}

fn field(out: &mut String, name: &str, value: &str, always_quote: bool) {
    if !value.is_empty() {
        let _ = writeln!(out, "{name}: {}", scalar(value, always_quote));
    }
}

fn list(out: &mut String, name: &str, values: &[String], quote: bool) {
    if !values.is_empty() {
        let _ = writeln!(out, "{name}:");
        for value in values {
            let _ = writeln!(out, "  - {}", scalar(value, quote));
        }
    }
}

/// A document file: front matter in the sample documents' order, then the body.
pub fn document(meta: &DocumentMeta, body: &str) -> String {
    let mut out = String::with_capacity(body.len() + 2048);
    out.push_str("---\n");
    field(&mut out, "title", &meta.title, true);
    if let Some(date) = meta.date {
        let _ = writeln!(out, "date: {date}");
    }
    if let Some(date) = meta.event_date {
        let _ = writeln!(out, "event_date: {date}");
    }
    field(&mut out, "kind", &meta.kind, false);
    if let Some(author) = &meta.author {
        field(&mut out, "author", author, false);
    }
    if !meta.participants.is_empty() {
        out.push_str("participants:\n");
        for p in &meta.participants {
            let _ = writeln!(out, "  - person: {}", scalar(&p.person, false));
            if !p.role.is_empty() {
                let _ = writeln!(out, "    role: {}", scalar(&p.role, false));
            }
        }
    }
    list(&mut out, "mentioned", &meta.mentioned, false);
    field(&mut out, "archive", &meta.archive, false);
    field(&mut out, "archive_location", &meta.archive_location, true);
    field(&mut out, "collection", &meta.collection, false);
    field(&mut out, "archive_citation", &meta.archive_citation, true);
    list(&mut out, "translators", &meta.translators, false);
    list(&mut out, "obtained_by", &meta.obtained_by, false);
    field(
        &mut out,
        "original_language",
        &meta.original_language,
        false,
    );
    field(&mut out, "contents", &meta.contents, false);
    field(&mut out, "classification", &meta.classification, false);
    field(&mut out, "copy_number", &meta.copy_number, true);
    field(&mut out, "source_url", &meta.source_url, true);
    field(&mut out, "summary", &meta.summary, true);
    if let Some(source) = &meta.source {
        field(&mut out, "source", source, false);
    }
    if meta.review {
        out.push_str("review: true\n");
    }
    out.push_str("---\n\n");
    out.push_str(body);
    out
}

/// A new person entry, in the authority file's shape, with a body asking for review.
pub fn person(meta: &PersonMeta, introduced_by: &str) -> String {
    let mut out = String::from("---\n");
    field(&mut out, "name", &meta.name, true);
    field(&mut out, "sort_name", &meta.sort_name, true);
    field(&mut out, "dates", &meta.dates, true);
    list(&mut out, "variants", &meta.variants, true);
    list(&mut out, "roles", &meta.roles, true);
    if meta.review {
        out.push_str("review: true\n");
    }
    out.push_str("---\n\n");
    out.push_str("Added by `folio import` from ");
    let source: String = introduced_by
        .chars()
        .map(|c| {
            if c.is_control() {
                char::REPLACEMENT_CHARACTER
            } else {
                c
            }
        })
        .collect();
    super::body::push_code_span(&source, &mut out);
    out.push_str(
        ". Check the name, variants and roles, add a short biography, then remove `review: true`.\n",
    );
    out
}

/// A hex SHA-256 digest.
pub fn hash(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    let mut out = String::with_capacity(64);
    for byte in digest {
        let _ = write!(out, "{byte:02x}");
    }
    out
}

/// The backup folder of one import run, made when the first document is replaced:
/// `.folio/import-backups/TIMESTAMP/`, or `TIMESTAMP-2/`, `-3/`... when a folder of that
/// name exists (two runs in one second), so that no backup is ever overwritten.
pub struct Backups {
    root: PathBuf,
    folder: Option<PathBuf>,
}

impl Backups {
    /// No folder yet, for the edition at `root`.
    pub fn new(root: &Path) -> Backups {
        Backups {
            root: root.to_path_buf(),
            folder: None,
        }
    }

    /// Copies `document` (relative to the edition root) into this run's backup folder and
    /// returns the copy's path; never replaces an existing file.
    pub fn keep(&mut self, document: &Path) -> std::io::Result<PathBuf> {
        let folder = match &self.folder {
            Some(folder) => folder.clone(),
            None => {
                let stamp = chrono::Local::now().format("%Y%m%dT%H%M%S").to_string();
                let folder = new_folder(&self.root.join(BACKUPS), &stamp)?;
                self.folder = Some(folder.clone());
                folder
            }
        };
        let backup = folder.join(document);
        if let Some(parent) = backup.parent() {
            std::fs::create_dir_all(parent)?;
        }
        let bytes = std::fs::read(self.root.join(document))?;
        let mut file = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&backup)?;
        std::io::Write::write_all(&mut file, &bytes)?;
        Ok(backup)
    }
}

/// Creates `parent/name`, or `parent/name-2`, `-3`... if it exists, and returns it. Creating
/// the folder is what claims the name, so two runs at once never share one.
pub fn new_folder(parent: &Path, name: &str) -> std::io::Result<PathBuf> {
    std::fs::create_dir_all(parent)?;
    for n in 1..=10_000 {
        let folder = if n == 1 {
            parent.join(name)
        } else {
            parent.join(format!("{name}-{n}"))
        };
        match std::fs::create_dir(&folder) {
            Ok(()) => return Ok(folder),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {}
            Err(e) => return Err(e),
        }
    }
    Err(std::io::Error::other(format!(
        "{} already holds 10,000 backups named {name}",
        parent.display()
    )))
}

/// What the import last wrote for one document.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct ManifestEntry {
    /// The transcript, relative to `content/sources/`.
    pub source: String,
    /// SHA-256 of the document bytes the import wrote.
    pub written: String,
}

/// Every document the import wrote, by path relative to the edition root.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Manifest {
    /// Format version.
    pub version: u32,
    /// Document path (with `/`) to entry; sorted, so the file is stable.
    pub documents: BTreeMap<String, ManifestEntry>,
}

impl Manifest {
    /// Reads the manifest; a missing or unreadable one is empty (every existing document is
    /// then treated as an editor's, which is the safe reading).
    pub fn load(root: &Path) -> (Manifest, Option<String>) {
        let path = root.join(MANIFEST);
        match std::fs::read_to_string(&path) {
            Ok(text) => match serde_json::from_str(&text) {
                Ok(manifest) => (manifest, None),
                Err(e) => (
                    Manifest::default(),
                    Some(format!(
                        "the import manifest {MANIFEST} is unreadable ({e}); existing documents are treated as edited by hand"
                    )),
                ),
            },
            Err(_) => (Manifest::default(), None),
        }
    }

    /// Writes the manifest.
    pub fn save(&self, root: &Path) -> std::io::Result<()> {
        let path = root.join(MANIFEST);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)?;
        }
        let mut text = serde_json::to_string_pretty(&Manifest {
            version: 1,
            documents: self.documents.clone(),
        })
        .map_err(std::io::Error::other)?;
        text.push('\n');
        std::fs::write(path, text)
    }

    /// The document previously written for `source`.
    pub fn document_for(&self, source: &str) -> Option<&str> {
        self.entry_for(source).map(|(path, _)| path)
    }

    /// The document previously written for `source`, with what was written.
    pub fn entry_for(&self, source: &str) -> Option<(&str, &ManifestEntry)> {
        self.documents
            .iter()
            .find(|(_, entry)| entry.source == source)
            .map(|(path, entry)| (path.as_str(), entry))
    }

    /// Records that `path` was written for `entry.source`, forgetting any other path it was
    /// written at before (a document the editor renamed is recorded under its new name).
    pub fn record(&mut self, path: String, entry: ManifestEntry) {
        self.documents
            .retain(|other, e| *other == path || e.source != entry.source);
        self.documents.insert(path, entry);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_only_what_yaml_would_misread() {
        assert_eq!(scalar("TOP SECRET", false), "TOP SECRET");
        assert_eq!(
            scalar("RGANI (formerly [TsKhSD])", false),
            "RGANI (formerly [TsKhSD])"
        );
        assert_eq!(scalar("[USSR] counselor", false), "\"[USSR] counselor\"");
        assert_eq!(scalar("1", false), "\"1\"");
        assert_eq!(scalar("yes", false), "\"yes\"");
        assert_eq!(scalar("a: b", false), "\"a: b\"");
        assert_eq!(scalar("say \"x\"", true), "\"say \\\"x\\\"\"");
    }

    /// `value` as the front matter of a document gives back, as title and as a list item.
    fn read_back(value: &str) -> Result<(String, Vec<String>), String> {
        let meta = DocumentMeta {
            title: value.to_owned(),
            translators: vec![value.to_owned()],
            ..DocumentMeta::default()
        };
        let text = document(&meta, "Body.\n");
        let split = crate::content::front_matter::split(Path::new("x.md"), &text)
            .map_err(|e| e.to_string())?;
        let parsed: DocumentMeta = split
            .parse(Path::new("x.md"), &text)
            .map_err(|e| format!("{e}\n{text}"))?;
        Ok((parsed.title, parsed.translators))
    }

    #[test]
    fn line_separators_controls_and_non_characters_are_valid_yaml() {
        for (value, back) in [
            ("a\u{2028}b\u{2029}c", "a\u{2028}b\u{2029}c"),
            ("\u{feff}Title", "\u{feff}Title"),
            ("NUL\0 here", "NUL\u{fffd} here"),
            ("end\u{ffff}", "end\u{fffd}"),
            ("x\u{fdd0}\u{1fffe}y", "x\u{fffd}\u{fffd}y"),
            (
                "bell\u{7} esc\u{1b} del\u{7f} nel\u{85} c1\u{9b}",
                "bell\u{7} esc\u{1b} del\u{7f} nel\u{85} c1\u{9b}",
            ),
            ("0x1F", "0x1F"),
            ("0o17", "0o17"),
            (".inf", ".inf"),
            ("12:30", "12:30"),
            ("~", "~"),
            ("Null", "Null"),
            ("!tag value", "!tag value"),
            ("&anchor value", "&anchor value"),
            ("a #comment", "a #comment"),
            ("a\t#comment", "a\t#comment"),
            ("---", "---"),
            ("...", "..."),
            ("key: value", "key: value"),
            ("{{ title }}", "{{ title }}"),
            ("{% raw %}", "{% raw %}"),
        ] {
            let (title, list) = read_back(value).unwrap_or_else(|e| panic!("{value:?}: {e}"));
            assert_eq!(title, back, "{value:?} as a field");
            assert_eq!(list, [back], "{value:?} in a list");
        }
        assert_eq!(scalar("a\u{2028}b", false), "\"a\\u2028b\"");
        assert_eq!(scalar("x\u{ffff}", false), "x\u{fffd}");
    }

    proptest::proptest! {
        #[test]
        fn any_text_round_trips_through_the_front_matter(
            value in "(\\PC|[\u{0}-\u{1f}\u{7f}-\u{9f}\u{2028}\u{2029}\u{feff}\u{fffe}\u{ffff}\u{fdd0}:#'\"\\[\\]{}&*!|>%@`,?~ -]){0,24}"
        ) {
            let expected: String = value
                .chars()
                .map(|c| if is_unstorable(c) { '\u{fffd}' } else { c })
                .collect();
            // Fields are written only when not empty.
            proptest::prop_assume!(!expected.is_empty());
            let (title, list) = read_back(&value).map_err(proptest::test_runner::TestCaseError::fail)?;
            proptest::prop_assert_eq!(&title, &expected);
            proptest::prop_assert_eq!(list, vec![expected]);
        }
    }

    #[test]
    fn backup_folders_are_never_shared() {
        let dir = tempfile::tempdir().unwrap();
        let parent = dir.path().join(BACKUPS);
        let first = new_folder(&parent, "20250101T120000").unwrap();
        let second = new_folder(&parent, "20250101T120000").unwrap();
        let third = new_folder(&parent, "20250101T120000").unwrap();
        assert_eq!(first, parent.join("20250101T120000"));
        assert_eq!(second, parent.join("20250101T120000-2"));
        assert_eq!(third, parent.join("20250101T120000-3"));

        // Two runs (in one second or not) keep both versions of a document.
        let document = Path::new("content/documents/d.md");
        std::fs::create_dir_all(dir.path().join("content/documents")).unwrap();
        let mut copies = Vec::new();
        for version in ["first edit", "second edit"] {
            std::fs::write(dir.path().join(document), version).unwrap();
            let mut run = Backups::new(dir.path());
            copies.push(run.keep(document).unwrap());
            // A second document of the same run goes into the same folder.
            std::fs::write(dir.path().join("content/documents/e.md"), "e").unwrap();
            let other = run.keep(Path::new("content/documents/e.md")).unwrap();
            assert_eq!(other.parent(), copies.last().unwrap().parent());
        }
        assert_ne!(copies[0], copies[1]);
        assert_eq!(std::fs::read_to_string(&copies[0]).unwrap(), "first edit");
        assert_eq!(std::fs::read_to_string(&copies[1]).unwrap(), "second edit");
    }

    #[test]
    fn a_renamed_document_is_recorded_under_its_new_name() {
        let mut manifest = Manifest::default();
        let entry = |written: &str| ManifestEntry {
            source: "a.txt".into(),
            written: written.into(),
        };
        manifest.record("content/documents/old.md".into(), entry("1"));
        manifest.record(
            "content/documents/b.md".into(),
            ManifestEntry {
                source: "b.txt".into(),
                written: "2".into(),
            },
        );
        assert_eq!(
            manifest.document_for("a.txt"),
            Some("content/documents/old.md")
        );
        manifest.record("content/documents/new.md".into(), entry("3"));
        assert_eq!(
            manifest.document_for("a.txt"),
            Some("content/documents/new.md")
        );
        assert_eq!(manifest.documents.len(), 2);
    }

    #[test]
    fn written_front_matter_parses_back() {
        let meta = DocumentMeta {
            title: "A \"quoted\" title: with colon".into(),
            copy_number: "1".into(),
            translators: vec!["- odd".into()],
            summary: "line\nbreak \\ back".into(),
            ..DocumentMeta::default()
        };
        let text = document(&meta, "Body.\n");
        let split = crate::content::front_matter::split(Path::new("x.md"), &text).unwrap();
        let parsed: DocumentMeta = split.parse(Path::new("x.md"), &text).unwrap();
        assert_eq!(parsed.title, meta.title);
        assert_eq!(parsed.copy_number, "1");
        assert_eq!(parsed.translators, meta.translators);
        assert_eq!(parsed.summary, meta.summary);
    }
}
