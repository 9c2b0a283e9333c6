//! The pipeline of `folio build`: load the edition (content), render bodies and pages (render, site),
//! check every link, then write and swap (output). Nothing is written unless every stage
//! succeeded.

use std::fmt;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

pub mod rebuild;
pub mod state;

use crate::cite::cache::CitationCache;
use crate::content::Edition;
use crate::diagnostics::{Diagnostic, Diagnostics, counted};
use crate::output;

/// What `folio build` was asked to do.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    /// The edition folder.
    pub root: PathBuf,
    /// Output folder, relative to `root` (or absolute).
    pub output: PathBuf,
    /// Overrides `base_url` from site.toml.
    pub base_url: Option<String>,
    /// Bytes of document text kept in memory from loading to rendering; the other bodies
    /// are read from disk again ([`crate::content::TEXTS_KEPT_IN_MEMORY`] by default).
    pub texts_kept_in_memory: usize,
    /// Treat every warning of the edition's content (documents and people still to review
    /// among them) as an error: nothing is written while one remains.
    pub strict: bool,
}

impl BuildOptions {
    /// Options to build the edition in `root` into its `public/` folder.
    pub fn new(root: impl Into<PathBuf>) -> BuildOptions {
        BuildOptions {
            root: root.into(),
            output: PathBuf::from("public"),
            base_url: None,
            texts_kept_in_memory: crate::content::TEXTS_KEPT_IN_MEMORY,
            strict: false,
        }
    }
}

/// What a build or check produced.
#[derive(Debug, Default)]
pub struct BuildSummary {
    /// Documents in the edition.
    pub documents: usize,
    /// People in the authority file.
    pub people: usize,
    /// Files of the site (0 for a check).
    pub files: usize,
    /// Files actually written: a rebuild leaves unchanged files alone.
    pub written: usize,
    /// Where the site was written (none for a check).
    pub output: Option<PathBuf>,
    /// Wall time.
    pub elapsed: Duration,
    /// Warnings found on the way.
    pub warnings: Diagnostics,
    /// Wall time of each phase (`--verbose` prints them).
    pub timings: crate::progress::Stopwatch,
    /// Why the whole site was built rather than only what some edits changed
    /// ([`rebuild::rebuild_text_edits`]); `None` when only that was rebuilt.
    pub full_build_because: Option<&'static str>,
}

impl fmt::Display for BuildSummary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.warnings)?;
        let warnings = self.warnings.iter().count();
        let warning_note = if warnings > 0 {
            format!(", {}", counted(warnings, "warning", "warnings"))
        } else {
            String::new()
        };
        let documents = counted(self.documents, "document", "documents");
        let people = counted(self.people, "person", "people");
        match &self.output {
            Some(output) => write!(
                f,
                "Built {documents} and {people} into {} ({}, {} written) in {:.2} s{warning_note}",
                output.display(),
                counted(self.files, "file", "files"),
                self.written,
                self.elapsed.as_secs_f64()
            ),
            None => write!(
                f,
                "Checked {documents} and {people}: no errors{warning_note}"
            ),
        }
    }
}

/// `--strict`: `Err` with `warnings` made errors, if there are any.
fn as_errors(warnings: &Diagnostics) -> Result<(), Diagnostics> {
    if warnings.is_empty() {
        return Ok(());
    }
    let mut strict = Diagnostics::new();
    strict.extend(warnings.iter().cloned().map(|mut d| {
        d.severity = crate::diagnostics::Severity::Error;
        d
    }));
    Err(strict)
}

/// Builds the site; on any error the previous output is left as it was.
pub fn build(options: &BuildOptions) -> Result<BuildSummary, Diagnostics> {
    let started = Instant::now();
    let output_dir = if options.output.is_absolute() {
        options.output.clone()
    } else {
        options.root.join(&options.output)
    };
    let cache_dir = options.root.join(crate::store::CACHE_DIR);
    refuse_unsafe_output(&options.root, &output_dir)?;
    // One build at a time writes an edition's caches and output; a second waits here.
    let _lock = crate::store::WriterLock::acquire(&cache_dir, "folio build")?;
    // Read before any input is, so an edit made while this build runs is seen by the next.
    let inputs = state::Inputs::read(&options.root);
    // A strict build is a full one: the warnings of rendering (placeholder text, notes
    // never referenced) must be known before anything is published.
    let text_edits = if options.strict {
        rebuild::Rebuilt::NeedsFullBuild("--strict renders every page")
    } else {
        rebuild::rebuild_text_edits(options, started, &output_dir, &cache_dir, &inputs)?
    };
    let full_build_because = match text_edits {
        rebuild::Rebuilt::Done(mut summary) => {
            summary
                .warnings
                .extend(crate::store::damage_reports(&cache_dir));
            return Ok(summary);
        }
        rebuild::Rebuilt::NeedsFullBuild(because) => because,
    };
    let mut timings = crate::progress::Stopwatch::new();
    crate::cite::csl::prepare_in_background();
    let loaded = Edition::load_front_matter(&options.root, options.texts_kept_in_memory)?;
    timings.lap("load");
    let mut edition = loaded.edition;
    // Citations, canonical links and feeds all read the base URL from the settings.
    if let Some(base_url) = &options.base_url {
        edition.config.base_url = base_url.clone();
    }
    let front_matter: Vec<u128> = edition
        .documents
        .iter()
        .map(state::front_matter_hash)
        .collect();
    let citation_cache = CitationCache::load(&options.root);
    timings.lap("citation cache");
    // Pages go to disk as they are made (to a staging folder, or beside the files they
    // replace) and only their links are kept; nothing is published until every link of
    // the whole site checks out. On any error the publisher removes what it wrote.
    let mut publisher =
        output::write::Publisher::open(&output_dir, Some(&cache_dir), edition.config.minify_html)?;
    let base_path = crate::site::urls::Urls::new(&edition.config.base_url)
        .base_path()
        .to_owned();
    let mut links = output::links::LinkIndex::remembering(&base_path, &cache_dir);
    // A page is rendered again unless the output folder still holds it as the last build
    // wrote it and the last link check recorded its links; another made file (a TEI file)
    // unless the output folder holds it as written.
    let kept = publisher.kept_files();
    let mut last_build = kept.pages;
    last_build.retain(|path, inputs| links.remembers(path, *inputs));
    last_build.extend(kept.made);
    timings.lap("last build");
    let texts = edition.take_texts();
    let site = crate::site::render_site(
        &edition,
        texts,
        &citation_cache,
        crate::site::Keep::Nothing,
        Some(&last_build),
        &mut |files| {
            links.add(&files);
            publisher.write(&files)
        },
    )?;
    timings.append(&site.timings);
    let mut warnings = loaded.warnings;
    warnings.extend(site.warnings);
    let broken = links.check();
    if !broken.is_empty() {
        return Err(broken);
    }
    timings.lap("link check");
    warnings.extend(crate::config::example_base_url_warning(
        &options.root,
        &edition.config.base_url,
        options.base_url.is_some(),
    ));
    if options.strict {
        as_errors(&warnings)?;
    }
    warnings.sort();
    // The output changes now: whatever happens to the rest of this build, the last build's
    // state no longer describes it. (A build that failed before here changed nothing.)
    state::BuildState::forget(&cache_dir);
    let documents: Vec<state::DocumentState> = (edition
        .documents
        .iter()
        .zip(front_matter)
        .zip(site.mentions))
    .map(
        |((document, front_matter), mentions)| state::DocumentState {
            id: document.id.clone(),
            path: document.path.clone(),
            meta: document.meta.clone(),
            body_offset: document.body_offset,
            front_matter,
            mentions,
            person_links: document.body_person_links.clone(),
        },
    )
    .collect();
    // The site goes into place while what the next build reads is saved; the state that
    // names the saved parts is written last, once the site is in place.
    let postings = cache_dir.join(state::POSTINGS_FILE);
    let (published, (saved_documents, ())) = rayon::join(
        || {
            let published = publisher.commit()?;
            links.save(&cache_dir);
            Ok::<_, Diagnostics>(published)
        },
        || {
            rayon::join(
                || {
                    let saved = site.search_postings.save(&postings).ok();
                    saved.and_then(|()| state::save_documents(&cache_dir, &documents))
                },
                || citation_cache.save(),
            )
        },
    );
    let published = published?;
    if let Some(documents) = saved_documents {
        state::BuildState {
            owner: state::BuildState::owner(&output_dir, &edition.config.base_url),
            inputs,
            warnings: warnings.iter().cloned().collect(),
            documents,
        }
        .save(&cache_dir);
    }
    timings.lap("publish and save state");
    // Not kept in the state: these are about this build's writing, not the edition.
    warnings.extend(published.warnings);
    warnings.extend(crate::store::damage_reports(&cache_dir));
    let summary = BuildSummary {
        documents: edition.documents.len(),
        people: edition.people.len(),
        files: site.files,
        written: published.written,
        output: Some(output_dir),
        elapsed: started.elapsed(),
        warnings,
        timings,
        full_build_because: Some(full_build_because),
    };
    drop_in_background((edition, documents, last_build, site.search_postings));
    Ok(summary)
}

/// Refuses an output folder that would replace an input: the edition folder itself or a
/// folder holding it, its content, themes or caches, its settings file, or a folder of
/// someone else's files (a build replaces the whole output folder).
fn refuse_unsafe_output(root: &Path, output: &Path) -> Result<(), Diagnostics> {
    let refuse = |what: &str| {
        Err(Diagnostics::single(
            Diagnostic::error(
                output,
                format!("the output folder {what}: building there would delete it"),
            )
            .with_hint(
                "build into a folder of its own, such as public/ (the default): --output public",
            ),
        ))
    };
    let folder = resolved(output);
    let edition = resolved(root);
    if edition.starts_with(&folder) {
        return refuse("is the edition's folder or holds it");
    }
    for input in [
        crate::config::CONFIG_FILE,
        "content",
        "themes",
        crate::store::CACHE_DIR,
        ".git",
    ] {
        let input_path = edition.join(input);
        if folder.starts_with(&input_path) || input_path.starts_with(&folder) {
            return refuse(&format!("is or lies inside the edition's {input}"));
        }
    }
    if output.exists() && !output.is_dir() {
        return refuse("is a file, not a folder");
    }
    let others_files = std::fs::read_dir(output)
        .is_ok_and(|mut entries| entries.next().is_some() && !output.join("index.html").exists());
    if others_files {
        return refuse("holds files that are not a Folio site (it has no index.html)");
    }
    Ok(())
}

/// `path` made absolute with every link resolved, as far as it exists (the rest appended).
fn resolved(path: &Path) -> PathBuf {
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let mut existing = absolute.as_path();
    let mut rest = Vec::new();
    loop {
        if let Ok(canonical) = existing.canonicalize() {
            return rest
                .iter()
                .rev()
                .fold(canonical, |path, part| path.join(part));
        }
        match (existing.parent(), existing.file_name()) {
            (Some(parent), Some(name)) => {
                rest.push(name.to_owned());
                existing = parent;
            }
            _ => return absolute,
        }
    }
}

/// Lets go of a build's data on a thread of its own. Freeing the strings and maps of a
/// 10,000-document edition took about 60 ms of one core at the end of every build; `folio
/// build` exits without waiting for it, and a program that builds again (the tests) frees
/// the memory meanwhile.
fn drop_in_background<T: Send + 'static>(data: T) {
    // Were no thread to be had, `spawn` hands back nothing and the data is dropped here.
    let _ = std::thread::Builder::new()
        .name("folio-drop".into())
        .spawn(move || drop(data));
}
