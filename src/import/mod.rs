//! Import: raw archive transcripts to annotated Markdown documents.
//!
//! `folio import PATH...` reads transcripts as copied from an archive's document page and
//! writes one Markdown document per transcript into `content/documents/` (see
//! `docs/import.md`). The work is done in three steps:
//!
//! 1. **analyse** (in parallel): decode, recognise the layout, take every fact from the page
//!    and the text, structure the body, find names ([`extract`]);
//! 2. **resolve** (in file order, so the result does not depend on scheduling): match the
//!    names the authority file does not know against the people created so far in this run,
//!    or create entries marked `review: true`; give each document its id;
//! 3. **write**: render each document, compare with what is on disk and with what the import
//!    last wrote (the manifest), and write only where no editor's change would be lost.

// Per-file problems are the project's `Diagnostic` (as in `content::read_text`); boxing it
// only here would make the importer's errors unlike every other stage's.
#![allow(clippy::result_large_err)]

pub mod body;
pub mod citation;
pub mod dates;
pub mod decode;
pub mod extract;
pub mod layout;
pub mod page;
pub mod participants;
pub mod people;
pub mod write;

use std::collections::{HashMap, HashSet};
use std::fmt;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::content::{PEOPLE_DIR, Participant, PersonMeta, SOURCES_DIR, is_valid_id};
use crate::diagnostics::{Diagnostic, Diagnostics};
use body::Part;
use extract::{Draft, RefKind};
use people::{Authority, Certainty};

/// What `folio import` was asked to do.
#[derive(Debug, Clone, Default)]
pub struct ImportOptions {
    /// Transcript files or folders of transcripts.
    pub paths: Vec<PathBuf>,
    /// Folder for the Markdown documents, relative to the edition root.
    pub into: PathBuf,
    /// Overwrite documents an editor changed (a backup is kept).
    pub force: bool,
    /// Report what would change, write nothing.
    pub dry_run: bool,
}

/// What happened to one transcript.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// A new document was written.
    Created,
    /// The document was rewritten (it had not been changed since the last import).
    Updated,
    /// The document on disk is already what the import gives.
    Unchanged,
    /// The document was changed by an editor and was left alone.
    Kept,
    /// `--force`: an editor's document was replaced, and backed up.
    Replaced,
    /// The transcript could not be imported.
    Failed,
}

/// One transcript's result.
#[derive(Debug, Clone)]
pub struct FileResult {
    /// The transcript as named on the command line.
    pub source: PathBuf,
    /// The document, relative to the edition root (none when the import failed).
    pub document: Option<PathBuf>,
    /// What happened.
    pub outcome: Outcome,
}

/// What an import did, file by file.
#[derive(Debug, Default)]
pub struct ImportReport {
    /// Problems, one or more per failed file.
    pub problems: Diagnostics,
    /// One line per file: what happened to it.
    pub lines: Vec<String>,
    /// Each transcript's result, in input order.
    pub files: Vec<FileResult>,
    /// Person entries created (ids), marked for review.
    pub new_people: Vec<String>,
    /// Names matched with less than certainty: (name as written, person id, transcript).
    pub uncertain: Vec<(String, String, String)>,
}

impl ImportReport {
    /// True when any file could not be imported.
    pub fn failed(&self) -> bool {
        self.problems.has_errors()
    }
}

impl fmt::Display for ImportReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for line in &self.lines {
            writeln!(f, "{line}")?;
        }
        write!(f, "{}", self.problems)
    }
}

/// A transcript to import: where it is, and its name under `content/sources/`.
struct Input {
    path: PathBuf,
    source: String,
    copy_into_sources: bool,
}

/// Imports the transcripts named in `options` into the edition at `root`.
pub fn run(root: &Path, options: &ImportOptions) -> ImportReport {
    let mut report = ImportReport::default();
    let into = if options.into.as_os_str().is_empty() {
        PathBuf::from(crate::content::DOCUMENTS_DIR)
    } else {
        options.into.clone()
    };
    let inputs = collect_inputs(root, &options.paths, &mut report.problems);
    let mut authority = load_authority(root, &mut report.problems);
    let (mut manifest, manifest_problem) = write::Manifest::load(root);
    if let Some(problem) = manifest_problem {
        report
            .problems
            .push(Diagnostic::warning(write::MANIFEST, problem));
    }
    let existing = existing_documents(root, &into);

    // 1. Analyse, in parallel.
    let analysed: Vec<Result<(Vec<u8>, Draft), Diagnostic>> = inputs
        .par_iter()
        .map(|input| {
            let bytes = std::fs::read(&input.path).map_err(|e| {
                Diagnostic::error(&input.path, format!("could not read the transcript: {e}"))
                    .with_hint("check the path and that you may read the file")
            })?;
            let (text, decode_warnings) = decode::decode_with_warnings(&input.path, &bytes)?;
            let mut draft = extract::analyse(&input.path, &input.source, &text, &authority)?;
            draft.warnings.splice(0..0, decode_warnings);
            Ok((bytes, draft))
        })
        .collect();

    // 2. Resolve names and ids, in input order.
    let mut taken_ids: HashSet<String> = existing.keys().cloned().collect();
    let mut assigned_sources: HashMap<String, String> = HashMap::new();
    let mut resolved = Vec::new();
    let people_before = authority.people().len();
    for (input, result) in inputs.iter().zip(analysed) {
        let (bytes, mut draft) = match result {
            Ok(ok) => ok,
            Err(problem) => {
                report.problems.push(problem);
                report
                    .lines
                    .push(format!("failed     {}", input.path.display()));
                report.files.push(FileResult {
                    source: input.path.clone(),
                    document: None,
                    outcome: Outcome::Failed,
                });
                continue;
            }
        };
        if let Some(previous) = assigned_sources.get(&input.source) {
            report.problems.push(
                Diagnostic::error(&input.path, format!("another transcript in this import is also named `{}` ({previous})", input.source))
                    .with_hint("rename one of them: transcripts are identified by their file name in content/sources/"),
            );
            report.files.push(FileResult {
                source: input.path.clone(),
                document: None,
                outcome: Outcome::Failed,
            });
            continue;
        }
        assigned_sources.insert(input.source.clone(), input.path.display().to_string());
        resolve_names(&mut draft, &mut authority, &input.source);
        for warning in draft.warnings.drain(..) {
            report.problems.push(warning);
        }
        resolved.push((input, bytes, draft));
    }

    // A re-import analyses the sources with every entry this run creates already in the
    // authority file, and the names it finds can differ (a name now known is matched whole).
    // So the names are found again until no new entry appears: importing the same sources
    // again then gives the same bytes.
    let mut known = people_before;
    for _ in 0..3 {
        if authority.people().len() == known {
            break;
        }
        let new_words: HashSet<String> = authority.people()[known..]
            .iter()
            .flat_map(|p| std::iter::once(&p.meta.name).chain(&p.meta.variants))
            .flat_map(|name| name.split_whitespace())
            .map(people::loose_key)
            .filter(|k| !k.is_empty())
            .collect();
        known = authority.people().len();
        resolved
            .par_iter_mut()
            .for_each(|(_, _, draft)| draft.find_names_again(&authority, &new_words));
        for (input, _, draft) in resolved.iter_mut() {
            resolve_names(draft, &mut authority, &input.source);
        }
    }

    // What the names ended up with: the uncertain matches for the report, and the entries
    // created in this run that are used (the others are not written).
    let mut used: HashSet<usize> = HashSet::new();
    for (input, _, draft) in &resolved {
        for name in &draft.names {
            let Some((index, certainty)) = name.person else {
                continue;
            };
            used.insert(index);
            let entry = (
                name.surface.clone(),
                authority.person(index).id.clone(),
                input.source.clone(),
            );
            if certainty == Certainty::Uncertain && !report.uncertain.contains(&entry) {
                report.uncertain.push(entry);
            }
        }
    }
    let mut planned = Vec::with_capacity(resolved.len());
    for (input, bytes, mut draft) in resolved {
        let meta = people_fields(&draft, &authority);
        draft.meta.author = meta.0;
        draft.meta.participants = meta.1;
        draft.meta.mentioned = meta.2;
        let document = document_path(
            &draft,
            &authority,
            &input.source,
            &into,
            &manifest,
            &existing,
            &mut taken_ids,
        );
        planned.push((input, bytes, draft, document));
    }

    // New people, written first so that documents never point at missing entries.
    for (index, person) in authority.people().iter().enumerate().skip(people_before) {
        if !used.contains(&index) {
            continue;
        }
        let path = Path::new(PEOPLE_DIR).join(format!("{}.md", person.id));
        report.new_people.push(person.id.clone());
        report.lines.push(format!(
            "{} person {} ({}), review: true",
            if options.dry_run { "would add" } else { "new" },
            path.display(),
            person.meta.name
        ));
        if !options.dry_run
            && let Err(e) = write_new(
                &root.join(&path),
                &write::person(&person.meta, &person.introduced_by),
            )
        {
            report.problems.push(Diagnostic::error(
                &path,
                format!("could not write the person entry: {e}"),
            ));
        }
    }

    // 3. Render and write.
    let rendered: Vec<String> = planned
        .par_iter()
        .map(|(_, _, draft, _)| render(draft, &authority))
        .collect();
    let mut backups = write::Backups::new(root);
    for ((input, bytes, draft, document), text) in planned.into_iter().zip(rendered) {
        let outcome = place(
            root,
            options,
            input,
            &bytes,
            &document,
            &text,
            &mut manifest,
            &mut backups,
            &mut report,
        );
        report.lines.push(format!(
            "{:<10} {} -> {} ({}; {}; {} taking part, {} mentioned{})",
            outcome_word(outcome, options.dry_run),
            input.path.display(),
            document.display(),
            draft.layout.name(),
            draft
                .meta
                .date
                .or(draft.meta.event_date)
                .map_or_else(|| "no date".to_owned(), |d| d.to_string()),
            draft.meta.participants.len(),
            draft.meta.mentioned.len(),
            if draft.meta.review { "; to review" } else { "" }
        ));
        report.files.push(FileResult {
            source: input.path.clone(),
            document: Some(document),
            outcome,
        });
    }
    if !options.dry_run
        && report.files.iter().any(|f| {
            matches!(
                f.outcome,
                Outcome::Created | Outcome::Updated | Outcome::Replaced | Outcome::Unchanged
            )
        })
        && let Err(e) = manifest.save(root)
    {
        report.problems.push(Diagnostic::error(
            write::MANIFEST,
            format!("could not write the import manifest: {e}"),
        ));
    }
    summarise(&mut report);
    report.problems.sort();
    report
}

fn outcome_word(outcome: Outcome, dry_run: bool) -> &'static str {
    match (outcome, dry_run) {
        (Outcome::Created, false) => "created",
        (Outcome::Created, true) => "would create",
        (Outcome::Updated, false) => "updated",
        (Outcome::Updated, true) => "would update",
        (Outcome::Unchanged, _) => "unchanged",
        (Outcome::Kept, _) => "kept",
        (Outcome::Replaced, false) => "replaced",
        (Outcome::Replaced, true) => "would replace",
        (Outcome::Failed, _) => "failed",
    }
}

fn summarise(report: &mut ImportReport) {
    let count = |o: Outcome| report.files.iter().filter(|f| f.outcome == o).count();
    let line = format!(
        "{} created, {} updated, {} unchanged, {} kept (edited by hand), {} replaced, {} failed",
        count(Outcome::Created),
        count(Outcome::Updated),
        count(Outcome::Unchanged),
        count(Outcome::Kept),
        count(Outcome::Replaced),
        count(Outcome::Failed),
    );
    report.lines.push(line);
    if !report.new_people.is_empty() {
        report.lines.push(format!(
            "new people, marked `review: true` in {PEOPLE_DIR}/: {}",
            report.new_people.join(", ")
        ));
    }
    if !report.uncertain.is_empty() {
        report
            .lines
            .push("uncertain matches (linked; check them):".to_owned());
        for (surface, id, source) in &report.uncertain {
            report
                .lines
                .push(format!("  `{surface}` -> {id} (in {source})"));
        }
    }
}

/// Lists transcripts: files as given, folders walked (hidden files skipped), sorted.
fn collect_inputs(root: &Path, paths: &[PathBuf], problems: &mut Diagnostics) -> Vec<Input> {
    let sources_dir = std::fs::canonicalize(root.join(SOURCES_DIR)).ok();
    let mut files = Vec::new();
    for path in paths {
        if path.is_dir() {
            let mut found: Vec<PathBuf> = walkdir::WalkDir::new(path)
                .sort_by_file_name()
                .into_iter()
                .filter_map(Result::ok)
                .filter(|e| e.file_type().is_file())
                .filter(|e| !e.file_name().to_string_lossy().starts_with('.'))
                .map(|e| e.into_path())
                .collect();
            if found.is_empty() {
                problems.push(Diagnostic::warning(path, "the folder holds no transcripts"));
            }
            files.append(&mut found);
        } else if path.is_file() {
            files.push(path.clone());
        } else {
            problems.push(Diagnostic::error(path, "no such file or folder").with_hint(
                "give transcript files or folders of them, e.g. `folio import content/sources`",
            ));
        }
    }
    let mut seen = HashSet::new();
    let mut inputs = Vec::new();
    for path in files {
        let canonical = std::fs::canonicalize(&path).unwrap_or_else(|_| path.clone());
        if !seen.insert(canonical.clone()) {
            continue;
        }
        let inside = sources_dir
            .as_ref()
            .and_then(|dir| canonical.strip_prefix(dir).ok())
            .map(|rel| rel.to_string_lossy().replace('\\', "/"));
        let (source, copy) = match inside {
            Some(rel) => (rel, false),
            None => (
                path.file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default(),
                true,
            ),
        };
        inputs.push(Input {
            path,
            source,
            copy_into_sources: copy,
        });
    }
    inputs
}

/// Reads `content/people/`; entries that do not parse are reported and skipped.
fn load_authority(root: &Path, problems: &mut Diagnostics) -> Authority {
    let mut entries = Vec::new();
    let dir = root.join(PEOPLE_DIR);
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .map(|rd| rd.filter_map(Result::ok).map(|e| e.path()).collect())
        .unwrap_or_default();
    files.sort();
    for path in files {
        if path.extension().is_none_or(|e| e != "md") {
            continue;
        }
        let Some(id) = path.file_stem().map(|s| s.to_string_lossy().into_owned()) else {
            continue;
        };
        let relative = Path::new(PEOPLE_DIR).join(format!("{id}.md"));
        let parsed = crate::content::read_text(root, &relative).and_then(|text| {
            let split = crate::content::front_matter::split(&relative, &text)?;
            split.parse::<PersonMeta>(&relative, &text)
        });
        match parsed {
            Ok(meta) => entries.push((id, meta)),
            Err(problem) => problems.push(Diagnostic {
                severity: crate::diagnostics::Severity::Warning,
                message: format!("{} (the importer ignores this entry)", problem.message),
                ..problem
            }),
        }
    }
    Authority::new(entries)
}

/// A document already in the folder.
struct Existing {
    /// The `source:` of its front matter.
    source: Option<String>,
    /// [`write::hash`] of its bytes.
    hash: String,
}

/// Documents already in the folder, by id.
fn existing_documents(root: &Path, into: &Path) -> HashMap<String, Existing> {
    let mut map = HashMap::new();
    let Ok(read) = std::fs::read_dir(root.join(into)) else {
        return map;
    };
    for entry in read.filter_map(Result::ok) {
        let path = entry.path();
        if path.extension().is_none_or(|e| e != "md") {
            continue;
        }
        let Some(id) = path.file_stem().map(|s| s.to_string_lossy().into_owned()) else {
            continue;
        };
        let Ok(bytes) = std::fs::read(&path) else {
            continue;
        };
        let text = String::from_utf8_lossy(&bytes);
        let source = text
            .lines()
            .skip(1)
            .take_while(|l| l.trim_end() != "---")
            .find_map(|l| l.strip_prefix("source:"))
            .map(source_value);
        map.insert(
            id,
            Existing {
                source,
                hash: write::hash(&bytes),
            },
        );
    }
    map
}

/// The value of a `source:` line as YAML reads it (quoted when the import wrote it so),
/// else as written.
fn source_value(value: &str) -> String {
    let value = value.trim();
    serde_norway::from_str::<String>(value).unwrap_or_else(|_| value.trim_matches('"').to_owned())
}

/// Matches the names the authority did not know, creating entries for new people.
fn resolve_names(draft: &mut Draft, authority: &mut Authority, source: &str) {
    for name in &mut draft.names {
        if name.person.is_none() {
            name.person = authority
                .resolve(&name.surface)
                .or_else(|| name.alias.as_deref().and_then(|a| authority.resolve(a)));
        }
        if name.person.is_none() {
            let role = match &name.kind {
                RefKind::Author(r) | RefKind::Interlocutor(r) | RefKind::Present(r) => r.clone(),
                RefKind::Link { .. } | RefKind::Mentioned => String::new(),
            };
            // `ANDREEV [Mikoyan]`, `Chi P'eng-fei [Ji Pengfei]`, `G. Brown [… George Brown]`:
            // the bracket gives the real name or today's spelling, the entry's name; the
            // spelling of the text is a variant.
            let prefer_alias = name.alias.as_deref().is_some_and(|alias| {
                let words = |s: &str| s.split_whitespace().filter(|w| !w.ends_with('.')).count();
                words(alias) >= words(&name.surface) && words(alias) <= 4
            });
            let (primary, other) = match &name.alias {
                Some(alias) if prefer_alias => (alias.as_str(), Some(name.surface.as_str())),
                Some(alias) => (name.surface.as_str(), Some(alias.as_str())),
                None => (name.surface.as_str(), None),
            };
            let mut meta = people::new_entry(primary, &role);
            if let Some(other) = other {
                let other = people::display_name(other);
                if !meta.variants.contains(&other) && other != meta.name {
                    meta.variants.push(other);
                }
            }
            let base = people::slug(&meta.name);
            if base.is_empty() || !is_valid_id(&base) {
                continue;
            }
            let mut id = base.clone();
            let mut n = 2;
            while authority.has_id(&id) {
                id = format!("{base}-{n}");
                n += 1;
            }
            let index = authority.add(id, meta, true, source.to_owned());
            name.person = Some((index, Certainty::Certain));
        }
        if let Some((_, Certainty::Uncertain)) = name.person {
            // An uncertain match is for an editor to confirm.
            draft.meta.review = true;
        }
    }
}

/// Author, participants (with roles) and people mentioned, from the names found.
fn people_fields(
    draft: &Draft,
    authority: &Authority,
) -> (Option<String>, Vec<Participant>, Vec<String>) {
    let id_of = |index: usize| authority.person(index).id.clone();
    let mut author = None;
    let mut author_role = String::new();
    for name in &draft.names {
        if let (RefKind::Author(role), Some((index, _))) = (&name.kind, name.person) {
            author = Some(id_of(index));
            author_role = role.clone();
            break;
        }
    }
    let mut participants: Vec<Participant> = Vec::new();
    let add = |id: String, role: &str, participants: &mut Vec<Participant>| match participants
        .iter_mut()
        .find(|p| p.person == id)
    {
        Some(existing) => {
            if existing.role.is_empty() {
                existing.role = role.to_owned();
            }
        }
        None => participants.push(Participant {
            person: id,
            role: role.to_owned(),
        }),
    };
    if let Some(author) = &author {
        add(author.clone(), &author_role, &mut participants);
    }
    for name in &draft.names {
        if let (RefKind::Interlocutor(role), Some((index, _))) = (&name.kind, name.person) {
            add(id_of(index), role, &mut participants);
        }
    }
    for name in &draft.names {
        if let (RefKind::Present(role), Some((index, _))) = (&name.kind, name.person) {
            add(id_of(index), role, &mut participants);
        }
    }
    let mut mentioned: Vec<String> = Vec::new();
    for name in &draft.names {
        let named = match &name.kind {
            RefKind::Link { paragraph, .. } => draft.paragraphs.get(*paragraph).is_some(),
            RefKind::Mentioned => true,
            _ => false,
        };
        if named && let Some((index, _)) = name.person {
            let id = id_of(index);
            if Some(&id) != author.as_ref()
                && !participants.iter().any(|p| p.person == id)
                && !mentioned.contains(&id)
            {
                mentioned.push(id);
            }
        }
    }
    (author, participants, mentioned)
}

/// The document's path: the one the import used before for this source, or a new id
/// `{date}-{author family name}-{interlocutor}` (or `{date}-{title}`), made unique.
fn document_path(
    draft: &Draft,
    authority: &Authority,
    source: &str,
    into: &Path,
    manifest: &write::Manifest,
    existing: &HashMap<String, Existing>,
    taken: &mut HashSet<String>,
) -> PathBuf {
    let previous = manifest
        .document_for(source)
        .map(PathBuf::from)
        .filter(|path| path.parent() == Some(into));
    if let Some(path) = &previous {
        let id = path.file_stem().map(|s| s.to_string_lossy().into_owned());
        if id.is_some_and(|id| existing.contains_key(&id)) {
            return path.clone();
        }
    }
    // Not where the import wrote it (or never written by it): a document of the folder
    // whose `source:` is this transcript, else one holding exactly what the import last
    // wrote for it: the editor renamed it, and it is still this transcript's document.
    let last_written = manifest.entry_for(source).map(|(_, e)| e.written.as_str());
    let mut ids_for_source: Vec<&String> = existing
        .iter()
        .filter(|(_, e)| e.source.as_deref() == Some(source))
        .map(|(id, _)| id)
        .collect();
    if ids_for_source.is_empty() {
        ids_for_source = existing
            .iter()
            .filter(|(_, e)| Some(e.hash.as_str()) == last_written)
            .map(|(id, _)| id)
            .collect();
    }
    ids_for_source.sort();
    if let Some(id) = ids_for_source.first() {
        return into.join(format!("{id}.md"));
    }
    if let Some(path) = previous {
        // Deleted by the editor: written again where it was.
        return path;
    }
    let meta = &draft.meta;
    let date = meta
        .event_date
        .or(meta.date)
        .map(|d| d.iso())
        .unwrap_or_default();
    let author_family = meta.author.as_ref().and_then(|id| {
        authority
            .people()
            .iter()
            .find(|p| &p.id == id)
            .map(|p| people::slug(&p.family_name()))
    });
    let interlocutor = meta
        .participants
        .iter()
        .map(|p| &p.person)
        .find(|id| Some(*id) != meta.author.as_ref());
    // A document with no date found is `undated-…`; one with no title, `<date>-<file stem>`.
    let mut parts = vec![if date.is_empty() {
        "undated".to_owned()
    } else {
        date
    }];
    match (author_family, interlocutor) {
        _ if draft.title_missing => {
            let stem = Path::new(source)
                .file_stem()
                .map(|s| people::slug(&s.to_string_lossy()))
                .unwrap_or_default();
            parts.push(stem);
        }
        (Some(family), Some(other)) if !family.is_empty() => {
            parts.push(family);
            parts.push(other.clone());
        }
        _ => {
            let title = people::slug(&meta.title);
            let mut short = String::new();
            for word in title.split('-') {
                if short.len() + word.len() > 60 {
                    break;
                }
                if !short.is_empty() {
                    short.push('-');
                }
                short.push_str(word);
            }
            parts.push(short);
        }
    }
    let base: String = parts
        .into_iter()
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join("-");
    let base = if is_valid_id(&base) {
        base
    } else {
        format!("document-{}", people::slug(source))
    };
    let mut id = base.clone();
    let mut n = 2;
    while taken.contains(&id) {
        id = format!("{base}-{n}");
        n += 1;
    }
    taken.insert(id.clone());
    into.join(format!("{id}.md"))
}

/// The Markdown file for a draft whose names are resolved.
fn render(draft: &Draft, authority: &Authority) -> String {
    // Links: the first mention of each person in the text, and in each fenced part.
    let mut links: Vec<Vec<(usize, usize, String)>> = vec![Vec::new(); draft.paragraphs.len()];
    let mut linked: HashSet<(u8, usize)> = HashSet::new();
    for name in &draft.names {
        if let (
            RefKind::Link {
                paragraph,
                start,
                end,
            },
            Some((index, _)),
        ) = (&name.kind, name.person)
        {
            let Some(p) = draft.paragraphs.get(*paragraph) else {
                continue;
            };
            let scope = match p.part {
                Part::Header => continue,
                Part::Text => 0,
                Part::Attendance => 1,
                Part::Signature => 2,
            };
            if inside_brackets(&p.text, *start) || !linked.insert((scope, index)) {
                continue;
            }
            links[*paragraph].push((*start, *end, authority.person(index).id.clone()));
        }
    }
    let mut body = String::with_capacity(
        draft
            .paragraphs
            .iter()
            .map(|p| p.text.len() + 4)
            .sum::<usize>()
            + 256,
    );
    let (original, original_tag) = &draft.original;
    if !original.is_empty() {
        body.push_str("::: original ");
        body.push_str(original_tag);
        body.push('\n');
        for (i, paragraph) in original.iter().enumerate() {
            if i > 0 {
                body.push('\n');
            }
            body.push_str(paragraph);
            body.push('\n');
        }
        body.push_str(":::\n\n");
    }
    let mut previous: Option<Part> = None;
    for (index, paragraph) in draft.paragraphs.iter().enumerate() {
        let fenced = |part: Part| match part {
            Part::Header => Some("header"),
            Part::Attendance => Some("attendance"),
            Part::Signature => Some("signature"),
            Part::Text => None,
        };
        if previous != Some(paragraph.part) {
            if previous.and_then(fenced).is_some() {
                body.push_str(":::\n");
            }
            if previous.is_some() {
                body.push('\n');
            }
            if let Some(name) = fenced(paragraph.part) {
                body.push_str("::: ");
                body.push_str(name);
                body.push('\n');
            }
        } else {
            body.push('\n');
        }
        let mut spans = links[index].clone();
        spans.sort();
        let mut last = 0;
        let text = &paragraph.text;
        for (start, end, id) in spans {
            if start < last || end > text.len() {
                continue;
            }
            let before = &text[last..start];
            match before.strip_suffix('!') {
                // `![name](person:…)` would be an image: the `!` is the transcript's.
                Some(rest) if !rest.ends_with('\\') => {
                    body.push_str(rest);
                    body.push_str("\\!");
                }
                _ => body.push_str(before),
            }
            body.push('[');
            body.push_str(&text[start..end]);
            body.push_str("](person:");
            body.push_str(&id);
            body.push(')');
            last = end;
        }
        body.push_str(&text[last..]);
        body.push('\n');
        previous = Some(paragraph.part);
    }
    if previous
        .and_then(|p| (p != Part::Text).then_some(()))
        .is_some()
    {
        body.push_str(":::\n");
    }
    if !draft.footnotes.is_empty() {
        for (label, note) in &draft.footnotes {
            body.push('\n');
            body.push_str(&format!("[^{label}]: {note}\n"));
        }
    }
    write::document(&draft.meta, &body)
}

/// True when byte `at` is inside `[...]` or a gloss `(*...*)`.
fn inside_brackets(text: &str, at: usize) -> bool {
    let before = &text[..at.min(text.len())];
    let open = before.matches('[').count();
    let close = before.matches(']').count();
    open > close
        || before
            .rfind("(*")
            .is_some_and(|i| !before[i..].contains("*)"))
}

/// Creates a file that must not exist yet.
fn write_new(path: &Path, text: &str) -> std::io::Result<()> {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)?;
    }
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)?;
    std::io::Write::write_all(&mut file, text.as_bytes())
}

/// Decides what to do with a rendered document and does it.
#[allow(clippy::too_many_arguments)]
fn place(
    root: &Path,
    options: &ImportOptions,
    input: &Input,
    bytes: &[u8],
    document: &Path,
    text: &str,
    manifest: &mut write::Manifest,
    backups: &mut write::Backups,
    report: &mut ImportReport,
) -> Outcome {
    let key = document.to_string_lossy().replace('\\', "/");
    let full = root.join(document);
    let entry = write::ManifestEntry {
        source: input.source.clone(),
        written: write::hash(text.as_bytes()),
    };
    // The transcript itself goes into content/sources/ so that the document's `source` holds.
    if input.copy_into_sources {
        let target = root.join(SOURCES_DIR).join(&input.source);
        match std::fs::read(&target) {
            Ok(existing) if existing == bytes => {}
            Ok(_) => {
                report.problems.push(
                    Diagnostic::error(&input.path, format!("a different transcript named `{}` is already in {SOURCES_DIR}/", input.source))
                        .with_hint("rename the new transcript, or replace the old one in content/sources/ by hand"),
                );
                return Outcome::Failed;
            }
            Err(_) if options.dry_run => {}
            Err(_) => {
                if let Err(e) = write_new(&target, "").and_then(|()| std::fs::write(&target, bytes))
                {
                    report.problems.push(Diagnostic::error(
                        &input.path,
                        format!("could not copy the transcript into {SOURCES_DIR}/: {e}"),
                    ));
                    return Outcome::Failed;
                }
            }
        }
    }
    let current = std::fs::read(&full).ok();
    let outcome = match &current {
        None => Outcome::Created,
        Some(on_disk) if on_disk.as_slice() == text.as_bytes() => Outcome::Unchanged,
        Some(on_disk) => {
            // What the import last wrote for this transcript: at this path, or at the
            // path it had before the editor renamed it.
            let ours = manifest
                .documents
                .get(&key)
                .or_else(|| manifest.entry_for(&input.source).map(|(_, e)| e))
                .is_some_and(|e| e.source == input.source && e.written == write::hash(on_disk));
            if ours {
                Outcome::Updated
            } else if options.force {
                Outcome::Replaced
            } else {
                report.problems.push(
                    Diagnostic::warning(document, format!("not overwritten: the document was changed by hand since it was imported from {}", input.path.display()))
                        .with_hint("keep the editor's version (nothing to do), or run the import with --force to replace it (a backup is kept); --dry-run shows the differences"),
                );
                Outcome::Kept
            }
        }
    };
    if options.dry_run {
        if let (Some(on_disk), Outcome::Updated | Outcome::Replaced | Outcome::Kept) =
            (&current, outcome)
        {
            let old = String::from_utf8_lossy(on_disk);
            let diff = similar::TextDiff::from_lines(old.as_ref(), text);
            report.lines.push(
                diff.unified_diff()
                    .context_radius(1)
                    .header(&format!("{key} (on disk)"), &format!("{key} (import)"))
                    .to_string(),
            );
        }
        return outcome;
    }
    let result = match outcome {
        Outcome::Created | Outcome::Updated => write_file(&full, text),
        Outcome::Replaced => match backups.keep(document) {
            Ok(backup) => {
                report.lines.push(format!(
                    "backup     {}",
                    backup.strip_prefix(root).unwrap_or(&backup).display()
                ));
                write_file(&full, text)
            }
            Err(e) => Err(e),
        },
        Outcome::Unchanged | Outcome::Kept | Outcome::Failed => Ok(()),
    };
    if let Err(e) = result {
        report.problems.push(Diagnostic::error(
            document,
            format!("could not write the document: {e}"),
        ));
        return Outcome::Failed;
    }
    if matches!(
        outcome,
        Outcome::Created | Outcome::Updated | Outcome::Replaced | Outcome::Unchanged
    ) {
        manifest.record(key, entry);
    }
    outcome
}

fn write_file(path: &Path, text: &str) -> std::io::Result<()> {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)?;
    }
    std::fs::write(path, text)
}
