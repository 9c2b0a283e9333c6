//! The content model: an edition loaded from disk and validated, independent of any output.
//!
//! An edition is `site.toml` plus `content/documents/*.md`, `content/people/*.md`,
//! `content/pages/*.md` and the raw transcripts in `content/sources/`. Loading reads every
//! file (in parallel), parses front matter and checks everything that can be checked without
//! rendering: ids, dates, person ids in front matter, source files. Problems are collected,
//! not stopped at, so an editor sees all of them at once.

pub mod authority;
pub mod date;
pub mod document;
pub mod front_matter;
pub mod language;
pub mod page;
pub mod person;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use rayon::prelude::*;
use serde::de::DeserializeOwned;

use crate::config::SiteConfig;
use crate::diagnostics::{Diagnostic, Diagnostics, Position};
pub use document::{Document, DocumentMeta, Participant};
pub use page::{Page, PageMeta};
pub use person::{Person, PersonMeta};

/// Folder of annotated documents, relative to the edition root.
pub const DOCUMENTS_DIR: &str = "content/documents";
/// Folder of the person authority file.
pub const PEOPLE_DIR: &str = "content/people";
/// Folder of free pages.
pub const PAGES_DIR: &str = "content/pages";
/// Folder of raw source transcripts.
pub const SOURCES_DIR: &str = "content/sources";
/// Where an edition keeps its page images and scans (`facsimile`, `scan`).
pub const FACSIMILES_DIR: &str = "content/facsimiles";
/// How many bytes of document text a build keeps in memory from loading to rendering; the
/// bodies of the documents beyond it are read from disk a second time. Reading the files of
/// a 10,000-document edition (100 MB) again was 6 to 8 % of the CPU time of its build; a
/// 100,000-document edition would hold a gigabyte.
pub const TEXTS_KEPT_IN_MEMORY: usize = 256 << 20;

/// A content file: id, location, parsed front matter `M` and the text it came from.
#[derive(Debug, Clone)]
pub struct Entry<M> {
    /// The file name without extension; also the URL slug.
    pub id: String,
    /// Path relative to the edition root, as shown in messages.
    pub path: PathBuf,
    /// The parsed front matter.
    pub meta: M,
    /// The file text, kept so that diagnostics can quote it: the whole of it, or only the
    /// front matter when the body was left on disk (see `body_on_disk`).
    pub source: String,
    /// Byte offset of the Markdown body in the file.
    pub body_offset: usize,
    /// True when `source` holds only the front matter: the body is read from the file
    /// again when it is rendered ([`Edition::load_front_matter`], [`read_text_again`]).
    pub body_on_disk: bool,
    /// The `person:` ids the body links to, found when it was loaded for a build
    /// ([`Edition::load_front_matter`]): the check for people no text refers to needs them
    /// when the body was left on disk, and the next build reads them from the saved state.
    /// Empty when loaded otherwise.
    pub body_person_links: Vec<String>,
}

impl<M> Entry<M> {
    /// The Markdown body (empty when it was left on disk).
    pub fn body(&self) -> &str {
        self.source.get(self.body_offset..).unwrap_or_default()
    }
}

/// A whole edition in memory: settings, documents in chronological order, people in index
/// order, free pages and the list of raw sources.
#[derive(Debug)]
pub struct Edition {
    /// The edition folder.
    pub root: PathBuf,
    /// `site.toml`.
    pub config: SiteConfig,
    /// Documents, sorted chronologically (see [`Document::chronology_key`]).
    pub documents: Vec<Document>,
    /// People, sorted by family name.
    pub people: Vec<Person>,
    /// Free pages, sorted by menu order then id.
    pub pages: Vec<Page>,
    /// Raw transcripts, relative to `content/sources/`, sorted.
    pub sources: Vec<String>,
    // Looked up for every reference on every build: a fast hash (ids are not attacker-chosen
    // keys of a long-running service).
    document_index: rustc_hash::FxHashMap<String, usize>,
    person_index: rustc_hash::FxHashMap<String, usize>,
}

/// An edition that loaded, with the warnings found on the way.
#[derive(Debug)]
pub struct LoadedEdition {
    /// The edition.
    pub edition: Edition,
    /// Problems that do not stop the build.
    pub warnings: Diagnostics,
}

impl Edition {
    /// Takes the documents' texts out (their `source`, left empty), in document order, so
    /// that a renderer can let go of each once it is rendered.
    pub fn take_texts(&mut self) -> Vec<String> {
        self.documents
            .iter_mut()
            .map(|document| std::mem::take(&mut document.source))
            .collect()
    }

    /// Loads and validates the edition in `root`. Fails with every error found.
    pub fn load(root: &Path) -> Result<LoadedEdition, Diagnostics> {
        let (edition, problems) = Edition::load_with_problems(root)?;
        let warnings = problems.into_result()?;
        Ok(LoadedEdition { edition, warnings })
    }

    /// Loads the edition even when files have errors: the files that loaded, and every
    /// problem found. Fails only when site.toml cannot be read. `folio check` uses it to go on
    /// to later stages (bodies, templates) and report their problems in the same run.
    pub fn load_with_problems(root: &Path) -> Result<(Edition, Diagnostics), Diagnostics> {
        Edition::load_texts(root, Texts::Whole)
    }

    /// [`Edition::load`], keeping of each document beyond the first `kept_in_memory` bytes
    /// of text (see [`TEXTS_KEPT_IN_MEMORY`]) only its front matter: `folio build` reads
    /// those bodies again as it renders them ([`read_text_again`]), so the text of a large
    /// edition is never in memory at once (at 100,000 documents, a gigabyte).
    pub fn load_front_matter(
        root: &Path,
        kept_in_memory: usize,
    ) -> Result<LoadedEdition, Diagnostics> {
        let (edition, problems) = Edition::load_texts(root, Texts::FrontMatter { kept_in_memory })?;
        let warnings = problems.into_result()?;
        Ok(LoadedEdition { edition, warnings })
    }

    fn load_texts(root: &Path, texts: Texts) -> Result<(Edition, Diagnostics), Diagnostics> {
        let config = SiteConfig::load(root)?;
        let mut problems = Diagnostics::new();
        let documents = load_entries::<DocumentMeta>(root, DOCUMENTS_DIR, texts, &mut problems);
        let edition = Edition::load_others(root, config, documents, &mut problems);
        edition.validate(&mut problems);
        problems.sort();
        Ok((edition, problems))
    }

    /// Loads everything of the edition in `root` but its settings (`config`, read already)
    /// and documents, which are given (a rebuild has their front matter from the last
    /// build), without validating: for a rebuild after edits that leave every file but some
    /// documents' texts as they were. Problems reading the other files are returned as
    /// errors.
    pub fn load_around(
        root: &Path,
        config: SiteConfig,
        documents: Vec<Document>,
    ) -> Result<Edition, Diagnostics> {
        let mut problems = Diagnostics::new();
        let edition = Edition::load_others(root, config, documents, &mut problems);
        problems.into_result()?;
        Ok(edition)
    }

    /// The edition of `config` and `documents`, with its people, pages and sources read
    /// from `root`; problems with those go to `problems`.
    fn load_others(
        root: &Path,
        config: SiteConfig,
        documents: Vec<Document>,
        problems: &mut Diagnostics,
    ) -> Edition {
        let people = load_entries::<PersonMeta>(root, PEOPLE_DIR, Texts::Whole, problems);
        let pages = load_entries::<PageMeta>(root, PAGES_DIR, Texts::Whole, problems);
        let sources = list_sources(root, problems);
        Edition::assemble(
            root.to_path_buf(),
            config,
            documents,
            people,
            pages,
            sources,
        )
    }

    /// Builds an edition from entries already in memory, sorting and indexing them.
    pub fn assemble(
        root: PathBuf,
        config: SiteConfig,
        mut documents: Vec<Document>,
        mut people: Vec<Person>,
        mut pages: Vec<Page>,
        sources: Vec<String>,
    ) -> Edition {
        documents.sort_by(|a, b| a.chronology_key().cmp(&b.chronology_key()));
        people.sort_by_cached_key(|p| (p.sort_key(), p.id.clone()));
        pages.sort_by(|a, b| {
            (a.meta.menu_order.unwrap_or(i32::MAX), &a.id)
                .cmp(&(b.meta.menu_order.unwrap_or(i32::MAX), &b.id))
        });
        let document_index = documents
            .iter()
            .enumerate()
            .map(|(i, d)| (d.id.clone(), i))
            .collect();
        let person_index = people
            .iter()
            .enumerate()
            .map(|(i, p)| (p.id.clone(), i))
            .collect();
        Edition {
            root,
            config,
            documents,
            people,
            pages,
            sources,
            document_index,
            person_index,
        }
    }

    /// The document with id `id`.
    pub fn document(&self, id: &str) -> Option<&Document> {
        self.document_index.get(id).map(|&i| &self.documents[i])
    }

    /// The position of document `id` in chronological order.
    pub fn document_position(&self, id: &str) -> Option<usize> {
        self.document_index.get(id).copied()
    }

    /// The person with id `id`.
    pub fn person(&self, id: &str) -> Option<&Person> {
        self.person_index.get(id).map(|&i| &self.people[i])
    }

    /// The position of person `id` in index order.
    pub fn person_position(&self, id: &str) -> Option<usize> {
        self.person_index.get(id).copied()
    }

    fn validate(&self, problems: &mut Diagnostics) {
        let per_document: Vec<Diagnostic> = self
            .documents
            .par_iter()
            .flat_map_iter(|document| self.validate_document(document))
            .collect();
        problems.extend(per_document);
        self.validate_people(problems);
        self.validate_duplicate_ids(problems);
        self.validate_unreferenced_people(problems);
        self.validate_config(problems);
    }

    /// Validates one document against this edition (person ids, dates, source file): used by
    /// `folio serve` to re-check only the file that changed.
    pub fn check_document(&self, document: &Document) -> Vec<Diagnostic> {
        self.validate_document(document)
    }

    /// Two files with the same id (`a.md` and `a.markdown`) would publish to the same URL.
    fn validate_duplicate_ids(&self, problems: &mut Diagnostics) {
        fn duplicates<M>(entries: &[Entry<M>], folder: &str, problems: &mut Diagnostics) {
            let mut seen: HashMap<&str, &Path> = HashMap::new();
            for entry in entries {
                if let Some(first) = seen.insert(&entry.id, &entry.path) {
                    problems.push(
                        Diagnostic::error(
                            &entry.path,
                            format!(
                                "the id `{}` is also the id of {}: both would publish to the same page",
                                entry.id,
                                first.display()
                            ),
                        )
                        .with_hint(format!(
                            "ids are file names without extension; rename or remove one of the two files in {folder}/"
                        )),
                    );
                }
            }
        }
        /// Ids differing only in case are two pages on Linux but one on the case-insensitive
        /// file systems of macOS and Windows (a preview, a checkout, a copy of the site):
        /// one would silently replace the other, so it is an error.
        fn case_duplicates<M>(entries: &[Entry<M>], folder: &str, problems: &mut Diagnostics) {
            let mut seen: HashMap<String, &Entry<M>> = HashMap::new();
            for entry in entries {
                match seen.insert(entry.id.to_ascii_lowercase(), entry) {
                    Some(first) if first.id != entry.id => problems.push(
                        Diagnostic::error(
                            &entry.path,
                            format!(
                                "the id `{}` differs from the id `{}` of {} only in case: on macOS and Windows, whose file systems ignore case, both would be one page and one would replace the other",
                                entry.id,
                                first.id,
                                first.path.display()
                            ),
                        )
                        .with_hint(format!(
                            "rename one of the two files in {folder}/ (ids are best written in lower case)"
                        )),
                    ),
                    _ => {}
                }
            }
        }
        duplicates(&self.documents, DOCUMENTS_DIR, problems);
        duplicates(&self.people, PEOPLE_DIR, problems);
        duplicates(&self.pages, PAGES_DIR, problems);
        case_duplicates(&self.documents, DOCUMENTS_DIR, problems);
        case_duplicates(&self.people, PEOPLE_DIR, problems);
        case_duplicates(&self.pages, PAGES_DIR, problems);
    }

    /// People in the authority file whom no document, page, biography or the introduction
    /// refers to: usually a leftover or a misspelt id elsewhere, so a warning.
    fn validate_unreferenced_people(&self, problems: &mut Diagnostics) {
        let mut referenced: std::collections::HashSet<&str> =
            self.documents.iter().flat_map(|d| d.person_ids()).collect();
        referenced.extend(
            (self.documents.iter()).flat_map(|d| d.body_person_links.iter().map(String::as_str)),
        );
        // A body whose links were found at load need not be scanned again.
        let bodies = self
            .documents
            .iter()
            .filter(|d| d.body_person_links.is_empty())
            .map(Entry::body)
            .chain(self.people.iter().map(Entry::body))
            .chain(self.pages.iter().map(Entry::body))
            .chain(std::iter::once(self.config.introduction.as_str()));
        for body in bodies {
            referenced.extend(person_links(body));
        }
        for person in &self.people {
            if !referenced.contains(person.id.as_str()) {
                problems.push(
                    Diagnostic::warning(
                        &person.path,
                        format!("`{}` is never referenced: no document names this person", person.id),
                    )
                    .at(
                        &person.source,
                        front_matter::split(&person.path, &person.source)
                            .map(|s| s.locate(&person.source, "name", None))
                            .unwrap_or(Position { line: 1, column: 1 }),
                    )
                    .with_hint(format!(
                        "add `{}` to a document's `participants` or `mentioned`, link it in a text as `[name](person:{})`, or delete the entry",
                        person.id, person.id
                    )),
                );
            }
        }
    }

    fn validate_document(&self, document: &Document) -> Vec<Diagnostic> {
        let mut problems = Vec::new();
        let source = &document.source;
        let split = match front_matter::split(&document.path, source) {
            Ok(split) => split,
            Err(_) => return problems,
        };
        let meta = &document.meta;
        if meta.title.trim().is_empty() {
            problems.push(
                Diagnostic::error(&document.path, "the document has an empty title")
                    .at(source, split.locate(source, "title", None))
                    .with_hint("give the archive's title: `title: \"Memorandum of Conversation with ...\"`"),
            );
        }
        if meta.review {
            let undated = if meta.date.is_none() && meta.event_date.is_none() {
                " (undated: it is listed under no date)"
            } else {
                ""
            };
            problems.push(
                Diagnostic::warning(&document.path, format!("the document is still to review{undated}: `folio import` marked it `review: true`"))
                    .at(source, split.locate(source, "review", None))
                    .with_hint("check its title, dates and people against the transcript (the import report says what was uncertain), then delete the `review: true` line"),
            );
        }
        if let Some(phrase) = furniture_phrase(&meta.title) {
            problems.push(
                Diagnostic::warning(&document.path, format!("the title contains `{phrase}`, which is web-page furniture, not part of a title"))
                    .at(source, split.locate(source, "title", None))
                    .with_hint("give the archive's title as the page states it"),
            );
        }
        if meta.date.is_none() && meta.event_date.is_none() && !meta.review {
            problems.push(
                Diagnostic::error(&document.path, "the document has neither `date` nor `event_date`")
                    .at(source, Position { line: split.front_matter_line, column: 1 })
                    .with_hint("add `date: YYYY-MM-DD` (partial dates such as `1961` or `1961-09?` are allowed)"),
            );
        }
        let mut check_person = |field: &str, id: &str| {
            if self.person(id).is_none() {
                problems.push(
                    Diagnostic::error(
                        &document.path,
                        format!("unknown person id `{id}` in `{field}`"),
                    )
                    .at(source, split.locate(source, field, Some(id)))
                    .with_hint(self.person_hint(id)),
                );
            }
        };
        if let Some(author) = &meta.author {
            check_person("author", author);
        }
        for participant in &meta.participants {
            check_person("participants", &participant.person);
        }
        for id in &meta.mentioned {
            check_person("mentioned", id);
        }
        if let Some(why) = crate::util::schemes::refusal(&meta.source_url) {
            let shown: String = meta.source_url.escape_debug().collect();
            problems.push(
                Diagnostic::error(
                    &document.path,
                    format!("`source_url` `{shown}` is not allowed: {why}"),
                )
                .at(source, split.locate(source, "source_url", Some(&meta.source_url)))
                .with_hint(format!(
                    "give the collection's https:// address of the document, or leave it empty (`source_url: \"\"`). {}",
                    crate::util::schemes::HINT
                )),
            );
        }
        problems.extend(self.facsimile_problems(document, source, &split));
        if let Some(source_file) = &meta.source
            && !self.sources.iter().any(|s| s == source_file)
        {
            problems.push(
                Diagnostic::error(
                    &document.path,
                    format!("the source transcript `{source_file}` is not in {SOURCES_DIR}/"),
                )
                .at(source, split.locate(source, "source", Some(source_file)))
                .with_hint(format!(
                    "put the raw transcript in {SOURCES_DIR}/ or correct the file name"
                )),
            );
        }
        problems
    }

    /// Problems with a document's facsimile: a page image that is not a JPEG or PNG file in
    /// `content/facsimiles/`, an address that is not allowed.
    fn facsimile_problems(
        &self,
        document: &Document,
        source: &str,
        split: &front_matter::SplitFile<'_>,
    ) -> Vec<Diagnostic> {
        let meta = &document.meta;
        let problem = |key: &str, value: &str, message: String, hint: String| {
            Diagnostic::error(&document.path, message)
                .at(source, split.locate(source, key, Some(value)))
                .with_hint(hint)
        };
        let file_problem = |key: &str, name: &str, extensions: &[&str]| {
            let extension = name.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase());
            let inside = !name
                .split(['/', '\\'])
                .any(|part| part == ".." || part.is_empty());
            if !inside || !extension.is_some_and(|e| extensions.contains(&e.as_str())) {
                Some(problem(
                    key,
                    name,
                    format!(
                        "`{key}: {name}` is not a .{} file",
                        extensions.join(" or .")
                    ),
                    format!(
                        "name a .{} file in {FACSIMILES_DIR}/, relative to that folder",
                        extensions.join(" or .")
                    ),
                ))
            } else if !self.root.join(FACSIMILES_DIR).join(name).is_file() {
                Some(problem(
                    key,
                    name,
                    format!("`{name}` is not in {FACSIMILES_DIR}/"),
                    format!("put the file in {FACSIMILES_DIR}/ or correct its name"),
                ))
            } else {
                None
            }
        };
        let address_problem = |key: &str, address: &str| {
            let why = crate::util::schemes::refusal(address).or_else(|| {
                (!address.starts_with("https://") && !address.starts_with("http://"))
                    .then(|| "it is not an http(s):// address".to_owned())
            })?;
            Some(problem(
                key,
                address,
                format!("`{key}: {address}` is not allowed: {why}"),
                "give the https:// address".to_owned(),
            ))
        };
        let mut problems = Vec::new();
        for page in &meta.facsimile {
            problems.extend(match (&page.image, &page.iiif) {
                (Some(image), None) => file_problem("image", image, &["jpg", "jpeg", "png"]),
                (None, Some(service)) => address_problem("iiif", service),
                _ => Some(problem(
                    "facsimile",
                    page.label.as_str(),
                    "each page of `facsimile` needs either `image:` or `iiif:`, and not both".to_owned(),
                    "write `- image: page-1.jpg` (a file in content/facsimiles/) or `- iiif: https://...` (a IIIF image service)".to_owned(),
                )),
            });
        }
        if meta.scan.contains("://") {
            problems.extend(address_problem("scan", &meta.scan));
        } else if !meta.scan.is_empty() {
            problems.extend(file_problem("scan", &meta.scan, &["pdf"]));
        }
        if !meta.iiif_manifest.is_empty() {
            problems.extend(address_problem("iiif_manifest", &meta.iiif_manifest));
        }
        problems
    }

    /// A hint for an unknown person id: the closest existing ids, or how to add the person.
    pub fn person_hint(&self, id: &str) -> String {
        let needle = id.to_lowercase();
        let mut close: Vec<&str> = self
            .people
            .iter()
            .map(|p| p.id.as_str())
            .filter(|candidate| {
                needle
                    .split('-')
                    .any(|part| part.len() > 2 && candidate.contains(part))
            })
            .collect();
        close.truncate(5);
        if close.is_empty() {
            format!("add the person as {PEOPLE_DIR}/{id}.md, or use the id of an existing entry")
        } else {
            format!(
                "did you mean {}? person ids are the file names in {PEOPLE_DIR}/",
                close
                    .iter()
                    .map(|c| format!("`{c}`"))
                    .collect::<Vec<_>>()
                    .join(" or ")
            )
        }
    }

    /// A hint for an unknown document id.
    pub fn document_hint(&self, id: &str) -> String {
        let close: Vec<String> = self
            .documents
            .iter()
            .filter(|d| d.id.contains(id) || id.contains(d.id.as_str()))
            .take(3)
            .map(|d| format!("`{}`", d.id))
            .collect();
        if close.is_empty() {
            format!("document ids are the file names in {DOCUMENTS_DIR}/ without `.md`")
        } else {
            format!("did you mean {}?", close.join(" or "))
        }
    }

    fn validate_people(&self, problems: &mut Diagnostics) {
        let mut owners: HashMap<String, &Person> = HashMap::new();
        for person in &self.people {
            if person.meta.review {
                let position = front_matter::split(&person.path, &person.source)
                    .map(|s| s.locate(&person.source, "review", None))
                    .unwrap_or_default();
                problems.push(
                    Diagnostic::warning(&person.path, format!("the person `{}` is still to review: `folio import` created the entry and marked it `review: true`", person.id))
                        .at(&person.source, position)
                        .with_hint("check the name (or merge it into an existing entry as a variant), write the biography, then delete the `review: true` line"),
                );
            }
            if let Some(phrase) = furniture_phrase(&person.meta.name) {
                problems.push(
                    Diagnostic::warning(&person.path, format!("the person's name contains `{phrase}`, which is web-page furniture, not a name"))
                        .with_hint("delete the entry and its mentions, or correct the name"),
                );
            }
            for (key, id) in &person.meta.authority {
                let locate = |value| {
                    front_matter::split(&person.path, &person.source)
                        .map(|s| s.locate(&person.source, key, value))
                        .unwrap_or_default()
                };
                match authority::scheme(key) {
                    None => problems.push(
                        Diagnostic::error(
                            &person.path,
                            format!("`{key}` is not an authority file Folio knows"),
                        )
                        .at(&person.source, locate(None))
                        .with_hint(format!(
                            "write the identifier under one of: {}",
                            authority::SCHEMES
                                .iter()
                                .map(|s| format!("{} ({}, e.g. {})", s.key, s.label, s.example))
                                .collect::<Vec<_>>()
                                .join(", ")
                        )),
                    ),
                    Some(scheme) => {
                        if let Some(why) = scheme.problem(id) {
                            problems.push(
                                Diagnostic::error(&person.path, why)
                                    .at(&person.source, locate(Some(id)))
                                    .with_hint(format!(
                                        "write the identifier alone, as {} shows it at {}",
                                        scheme.label,
                                        scheme.record_url(scheme.example)
                                    )),
                            );
                        }
                    }
                }
            }
            if person.meta.name.trim().is_empty() {
                problems.push(
                    Diagnostic::error(&person.path, "the person entry has an empty name")
                        .with_hint("set `name:` to the name the edition displays"),
                );
            }
            let mut own_keys = std::collections::HashSet::new();
            for name in person.all_names() {
                let key = person::name_key(name);
                if !own_keys.insert(key.clone()) {
                    continue;
                }
                if let Some(other) = owners.get(&key)
                    && other.id != person.id
                {
                    let position = front_matter::split(&person.path, &person.source)
                        .map(|s| s.locate(&person.source, "variants", Some(name)))
                        .unwrap_or_default();
                    problems.push(
                        Diagnostic::warning(&person.path, format!("the name `{name}` is also a name of `{}`", other.id))
                            .at(&person.source, position)
                            .with_hint(format!("the importer cannot tell them apart; keep the variant in only one entry, or merge {} into this one", other.path.display())),
                    );
                } else {
                    owners.insert(key, person);
                }
            }
        }
    }

    fn validate_config(&self, problems: &mut Diagnostics) {
        for id in &self.config.featured {
            // A document that failed to load has its own error already.
            let exists_on_disk = self
                .root
                .join(DOCUMENTS_DIR)
                .join(format!("{id}.md"))
                .exists();
            if self.document(id).is_none() && !exists_on_disk {
                let text = std::fs::read_to_string(self.root.join(crate::config::CONFIG_FILE))
                    .unwrap_or_default();
                let offset = text.find(&format!("\"{id}\"")).map_or(0, |i| i + 1);
                problems.push(
                    Diagnostic::error(
                        crate::config::CONFIG_FILE,
                        format!("featured document `{id}` does not exist"),
                    )
                    .at_offset(&text, offset)
                    .with_hint(self.document_hint(id)),
                );
            }
        }
    }
}

/// True for ids that are safe as URL slugs and file names: ASCII letters, digits, `-`, `_`.
pub fn is_valid_id(id: &str) -> bool {
    !id.is_empty()
        && !id.starts_with(['-', '_'])
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// Reads a file as UTF-8 text, reporting undecodable bytes with their line and column.
pub fn read_text(root: &Path, relative: &Path) -> Result<String, Diagnostic> {
    let bytes = std::fs::read(root.join(relative))
        .map_err(|e| Diagnostic::error(relative, format!("could not read the file: {e}")))?;
    let text = String::from_utf8(bytes).map_err(|e| {
        let valid_up_to = e.utf8_error().valid_up_to();
        let bytes = e.into_bytes();
        let before = String::from_utf8_lossy(&bytes[..valid_up_to]).into_owned();
        let position = Position::of_offset(&before, before.len());
        Diagnostic::error(
            relative,
            format!(
                "the file is not UTF-8 text: undecodable byte 0x{:02X}",
                bytes[valid_up_to]
            ),
        )
        .at(&before, position)
        .with_hint("save the file as UTF-8 (in most editors: File > Save with Encoding > UTF-8)")
    })?;
    Ok(without_forbidden_characters(text))
}

/// `text` with each character HTML does not allow in a page (NUL, the other control
/// characters but tab, line feed, form feed and carriage return, and the noncharacters)
/// replaced by U+FFFD, the replacement character, as a browser shows NUL. One character for
/// one, so every line and column stays where it was.
pub fn without_forbidden_characters(text: String) -> String {
    let suspect_byte = |b: u8| {
        (b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0c))
            || b == 0x7f
            || b == 0xc2
            || b >= 0xef
    };
    // A chunk at a time without a branch per byte, which the compiler vectorises: every
    // file is read through here.
    let suspect = text
        .as_bytes()
        .chunks(64)
        .any(|chunk| chunk.iter().fold(false, |any, &b| any | suspect_byte(b)));
    if !suspect || !text.chars().any(is_forbidden_in_html) {
        return text;
    }
    text.chars()
        .map(|c| {
            if is_forbidden_in_html(c) {
                '\u{fffd}'
            } else {
                c
            }
        })
        .collect()
}

fn is_forbidden_in_html(c: char) -> bool {
    let code = c as u32;
    (c.is_control() && !matches!(c, '\t' | '\n' | '\r' | '\u{c}'))
        || (0xfdd0..=0xfdef).contains(&code)
        || code & 0xfffe == 0xfffe
}

/// Reads a file whose front matter was loaded before (`front_matter`) again, whole: it must
/// still begin with that front matter, or what was built from it would not match the body.
pub fn read_text_again(
    root: &Path,
    relative: &Path,
    front_matter: &str,
) -> Result<String, Diagnostic> {
    let text = read_text(root, relative)?;
    if !text.starts_with(front_matter) {
        return Err(
            Diagnostic::error(relative, "the file changed while the site was being built")
                .with_hint("build again once the file is saved"),
        );
    }
    Ok(text)
}

fn markdown_files(root: &Path, folder: &str, problems: &mut Diagnostics) -> Vec<PathBuf> {
    let dir = root.join(folder);
    if !dir.exists() {
        return Vec::new();
    }
    let mut files = Vec::new();
    for entry in walkdir::WalkDir::new(&dir).max_depth(1).sort_by_file_name() {
        match entry {
            Ok(entry) if entry.depth() > 0 => {
                let path = entry.path();
                let Ok(relative) = path.strip_prefix(root) else {
                    continue;
                };
                let name = entry.file_name().to_string_lossy();
                let lower = name.to_ascii_lowercase();
                let markdown_name = lower.ends_with(".md") || lower.ends_with(".markdown");
                let skipped = |why: String, what_to_do: &str| {
                    Diagnostic::warning(relative, format!("not read: {why}"))
                        .with_hint(what_to_do.to_owned())
                };
                if entry.path_is_symlink() {
                    if markdown_name {
                        problems.push(skipped(
                            "it is a symbolic link, and Folio does not follow links in the content folders (one could bring in a file from outside the edition)".into(),
                            "put the file itself here instead of a link to it",
                        ));
                    }
                } else if !entry.file_type().is_file() || !markdown_name {
                } else if name == ".md" || name == ".markdown" {
                    problems.push(skipped(
                        format!("the file name `{name}` has no id before the extension"),
                        "name the file after its id, e.g. `1961-09-30-chervonenko-deng-xiaoping.md`",
                    ));
                } else if path
                    .extension()
                    .is_some_and(|e| e == "md" || e == "markdown")
                {
                    files.push(relative.to_path_buf());
                } else {
                    problems.push(skipped(
                        format!(
                            "`{name}` does not end in `.md` or `.markdown` written in lower case"
                        ),
                        "rename the file with a lower-case `.md` extension",
                    ));
                }
            }
            Ok(_) => {}
            Err(e) => problems.push(Diagnostic::error(
                folder,
                format!("could not list the folder: {e}"),
            )),
        }
    }
    files
}

/// How much of each file's text loading keeps.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Texts {
    Whole,
    /// Whole while the total stays within `kept_in_memory` bytes, then front matter only.
    FrontMatter {
        kept_in_memory: usize,
    },
}

/// The ids of `person:ID` link targets as written in a Markdown text (the renderer checks
/// them properly; this is only to know who is referred to).
pub fn person_links(text: &str) -> impl Iterator<Item = &str> {
    // memchr's SIMD search: `match_indices` was 1.5 % of a 10k build, scanning every body.
    memchr::memmem::find_iter(text.as_bytes(), "person:").map(|at| {
        let id = &text[at + "person:".len()..];
        let end = id
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == '_'))
            .unwrap_or(id.len());
        &id[..end]
    })
}

fn load_entries<M: DeserializeOwned + Send>(
    root: &Path,
    folder: &str,
    texts: Texts,
    problems: &mut Diagnostics,
) -> Vec<Entry<M>> {
    let files = markdown_files(root, folder, problems);
    // Bytes of text that may still be kept whole; which files get them depends on the
    // order threads finish in, which changes nothing but the number of reads.
    let budget = match texts {
        Texts::Whole => None,
        Texts::FrontMatter { kept_in_memory } => Some(AtomicUsize::new(kept_in_memory)),
    };
    let results: Vec<Result<Entry<M>, Diagnostic>> = files
        .par_iter()
        .map(|path| {
            let mut entry = load_entry(root, path)?;
            if let Some(budget) = &budget {
                entry.body_person_links = person_links(entry.body()).map(str::to_owned).collect();
                let size = entry.source.len();
                let kept = budget
                    .fetch_update(Ordering::Relaxed, Ordering::Relaxed, |left| {
                        left.checked_sub(size)
                    })
                    .is_ok();
                if !kept {
                    entry.source.truncate(entry.body_offset);
                    entry.source.shrink_to_fit();
                    entry.body_on_disk = true;
                }
            }
            Ok(entry)
        })
        .collect();
    let mut entries = Vec::with_capacity(results.len());
    for result in results {
        match result {
            Ok(entry) => entries.push(entry),
            Err(problem) => problems.push(problem),
        }
    }
    entries
}

/// Loads one document file (`relative` to the edition root), as `Edition::load` does: used by
/// `folio serve` to reload only the file that changed.
pub fn load_document(root: &Path, relative: &Path) -> Result<Document, Diagnostic> {
    load_entry(root, relative)
}

fn load_entry<M: DeserializeOwned>(root: &Path, path: &Path) -> Result<Entry<M>, Diagnostic> {
    let id = path
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or_default()
        .to_owned();
    if !is_valid_id(&id) {
        return Err(Diagnostic::error(
            path,
            format!("`{id}` cannot be used as an id: ids become URLs"),
        )
        .with_hint(
            "rename the file using only letters, digits, `-` and `_` (e.g. `deng-xiaoping.md`)",
        ));
    }
    let source = read_text(root, path)?;
    let split = front_matter::split(path, &source)?;
    let meta = split.parse::<M>(path, &source)?;
    let body_offset = split.body_offset;
    Ok(Entry {
        id,
        path: path.to_path_buf(),
        meta,
        source,
        body_offset,
        body_on_disk: false,
        body_person_links: Vec::new(),
    })
}

fn list_sources(root: &Path, problems: &mut Diagnostics) -> Vec<String> {
    let dir = root.join(SOURCES_DIR);
    if !dir.exists() {
        return Vec::new();
    }
    let mut sources = Vec::new();
    for entry in walkdir::WalkDir::new(&dir).sort_by_file_name() {
        match entry {
            Ok(entry) if entry.file_type().is_file() => {
                if let Ok(relative) = entry.path().strip_prefix(&dir) {
                    sources.push(relative.to_string_lossy().replace('\\', "/"));
                }
            }
            Ok(_) => {}
            Err(e) => problems.push(Diagnostic::error(
                SOURCES_DIR,
                format!("could not list the folder: {e}"),
            )),
        }
    }
    sources
}

/// The text `folio new` writes into a new document's body, for the editor to replace.
pub const NEW_DOCUMENT_TEXT: &str = "The text of the document. Mention people as `[Name](person:id)`, other documents as\n`[title](doc:id)`; put words added by the editor in [square brackets]; add notes with `[^1]`\nand a line `[^1]: the note` at the end.\n";

/// The text `folio new` writes into a new person's biography, for the editor to replace.
pub const NEW_PERSON_TEXT: &str = "A short biography, in Markdown.\n";

/// Texts Folio writes for an editor to replace: left in a page, they are reported (and
/// refused by `--strict`), so that no stand-in is published unawares. Each is matched by
/// its first line.
pub const PLACEHOLDER_TEXTS: &[&str] = &[NEW_DOCUMENT_TEXT, NEW_PERSON_TEXT];

/// Web-page furniture that never belongs in a title or a name, for the review warnings.
const FURNITURE_PHRASES: &[&str] = &[
    "skip to content",
    "document information",
    "search in",
    "get citation",
    "share document",
    "english html",
    "record id",
    "original uploaded date",
    "making copies prohibited",
    "you are here",
    "digital archive",
    "made possible with support",
];

/// The furniture phrase a title or name contains, if any.
fn furniture_phrase(text: &str) -> Option<&'static str> {
    let lower = text.to_lowercase();
    FURNITURE_PHRASES
        .iter()
        .copied()
        .find(|p| lower.contains(p))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_cannot_escape_the_output_folder() {
        assert!(is_valid_id("deng-xiaoping"));
        assert!(is_valid_id("000_8df19dfbbc6994a8"));
        assert!(!is_valid_id("../etc"));
        assert!(!is_valid_id("a/b"));
        assert!(!is_valid_id(""));
        assert!(!is_valid_id("-x"));
    }

    #[test]
    fn a_body_read_again_must_follow_the_front_matter_that_was_loaded() {
        let root = tempfile::tempdir().expect("temp dir");
        let path = Path::new("doc.md");
        let front_matter = "---\ntitle: A\n---\n";
        std::fs::write(
            root.path().join(path),
            format!("{front_matter}Body text.\n"),
        )
        .expect("write");
        let text = read_text_again(root.path(), path, front_matter).expect("same front matter");
        assert_eq!(text, "---\ntitle: A\n---\nBody text.\n");

        std::fs::write(root.path().join(path), "---\ntitle: B\n---\nBody text.\n").expect("write");
        let problem = read_text_again(root.path(), path, front_matter).expect_err("changed");
        let message = problem.to_string();
        assert!(message.contains("doc.md"), "{message}");
        assert!(
            message.contains("changed while the site was being built"),
            "{message}"
        );
    }

    #[test]
    fn characters_html_forbids_become_replacement_characters_in_place() {
        let text = "a\0b\u{1}c\td\u{85}e\u{fffe}f\u{1f600}\n".to_owned();
        assert_eq!(
            without_forbidden_characters(text),
            "a\u{fffd}b\u{fffd}c\td\u{fffd}e\u{fffd}f\u{1f600}\n"
        );
        let plain = "Дэн Сяопин 鄧小平 – “quoted”\r\n".to_owned();
        assert_eq!(without_forbidden_characters(plain.clone()), plain);
    }

    #[test]
    fn undecodable_bytes_are_located() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("a.md"), b"---\ntitle: \xe9t\xe9\n---\n").unwrap();
        let error = read_text(dir.path(), Path::new("a.md")).unwrap_err();
        assert_eq!(error.position, Some(Position { line: 2, column: 8 }));
        assert!(error.message.contains("0xE9"));
    }
}
