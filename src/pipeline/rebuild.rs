//! `folio build` after edits to the texts of a few documents, from the state the last build
//! left ([`super::state`]): only the edited documents are read, rendered and checked, and
//! only their pages, their TEI files and the search index's term files their words are in
//! are written. The links of every other page are checked from the last build's record, so
//! a link the edit broke (to an anchor of the edited page, say) still fails the build.
//!
//! Anything else (an edit to front matter, to the people a text names, to any file but a
//! document, a file added or removed, many documents at once) is a full build: those change
//! lists and links across the site.

use std::path::Path;
use std::time::Instant;

use rayon::prelude::*;
use rustc_hash::FxHashMap;

use super::state::{self, BuildState, DocumentState, Inputs};
use super::{BuildOptions, BuildSummary};
use crate::content::{Document, Edition};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::output;
use crate::site::search::IndexBuilder;

/// More edited documents than this and the full build is about as quick.
const MOST_EDITED: usize = 64;

/// What [`rebuild_text_edits`] did.
pub enum Rebuilt {
    /// The site is rebuilt.
    Done(BuildSummary),
    /// The whole site is to be built, for this reason (`--verbose` prints it).
    NeedsFullBuild(&'static str),
}

/// Rebuilds the site if only document texts changed since the last build. `inputs` are the
/// stamps read before anything else, when the build `started`.
pub fn rebuild_text_edits(
    options: &BuildOptions,
    started: Instant,
    output_dir: &Path,
    cache_dir: &Path,
    inputs: &Inputs,
) -> Result<Rebuilt, Diagnostics> {
    use Rebuilt::NeedsFullBuild;
    let mut timings = crate::progress::Stopwatch::new();
    let root = &options.root;
    let mut config = crate::config::SiteConfig::load(root)?;
    // Citations, canonical links and feeds all read the base URL from the settings.
    if let Some(base_url) = &options.base_url {
        config.base_url = base_url.clone();
    }
    let base_url = config.base_url.clone();
    let owner = BuildState::owner(output_dir, &base_url);
    let Some(last) = BuildState::load(cache_dir, &owner) else {
        return Ok(NeedsFullBuild("no state of a last build into this folder"));
    };
    let Some(changed) = last.inputs.changed(inputs) else {
        return Ok(NeedsFullBuild("a file was added or removed"));
    };
    if changed.is_empty() {
        // Also what repairs an output folder edited by hand.
        return Ok(NeedsFullBuild("no file changed"));
    }
    if changed.len() > MOST_EDITED {
        return Ok(NeedsFullBuild("many documents changed"));
    }
    if !changed
        .iter()
        .all(|path| BuildState::is_document_path(path))
    {
        return Ok(NeedsFullBuild("a file other than a document changed"));
    }
    timings.lap("what changed");

    // What the last build left, read on both cores: its documents, its output manifest,
    // its record of links, its search postings, and the citation cache.
    let base_path = crate::site::urls::Urls::new(&base_url)
        .base_path()
        .to_owned();
    let ((last_documents, publisher), ((links, postings), citation_cache)) = rayon::join(
        || {
            rayon::join(
                || state::load_documents(cache_dir, last.documents),
                || output::write::Publisher::open(output_dir, Some(cache_dir), config.minify_html),
            )
        },
        || {
            rayon::join(
                || {
                    rayon::join(
                        || output::links::LinkIndex::remembering(&base_path, cache_dir),
                        || IndexBuilder::load(&cache_dir.join(state::POSTINGS_FILE)),
                    )
                },
                || crate::cite::cache::CitationCache::load(root),
            )
        },
    );
    let mut publisher = publisher?;
    let mut links = links;
    let (Some(last_documents), Some(mut postings)) = (last_documents, postings) else {
        return Ok(NeedsFullBuild("the last build's state is incomplete"));
    };
    timings.lap("last build");

    let positions: FxHashMap<&Path, usize> = (last_documents.iter().enumerate())
        .map(|(position, document)| (document.path.as_path(), position))
        .collect();
    let Some(changed): Option<Vec<usize>> = changed
        .iter()
        .map(|path| positions.get(Path::new(path)).copied())
        .collect()
    else {
        return Ok(NeedsFullBuild("a file was added or removed"));
    };
    let Some(edited) = read_edited(root, &last_documents, &changed)? else {
        return Ok(NeedsFullBuild(
            "a document's front matter or person: links changed",
        ));
    };
    timings.lap("edited documents");

    let mut mentions: Vec<Vec<String>> = Vec::with_capacity(last_documents.len());
    let mut ids: Vec<String> = Vec::with_capacity(last_documents.len());
    let mut documents: Vec<Document> = Vec::with_capacity(last_documents.len());
    for last in last_documents {
        ids.push(last.id.clone());
        let (document, named) = last.into_document();
        documents.push(document);
        mentions.push(named);
    }
    for (position, document) in &edited {
        documents[*position] = document.clone();
    }
    let edition = Edition::load_around(root, config, documents)?;
    if !edition.documents.iter().map(|d| &d.id).eq(ids.iter()) {
        return Ok(NeedsFullBuild("the order of documents changed"));
    }
    timings.lap("edition");
    let made = crate::site::text_edits::render_text_edits(
        &edition,
        &mentions,
        &edited,
        &citation_cache,
        &mut postings,
    )?;
    let Some(made) = made else {
        return Ok(NeedsFullBuild(
            "a text names other people, or a word begins a new search shard",
        ));
    };
    timings.lap("pages");

    if !publisher.keep_unwritten() {
        return Ok(NeedsFullBuild("no record of the output folder"));
    }
    if !(made.files.iter()).all(|file| publisher.last_build_kind(&file.path).is_some()) {
        return Ok(NeedsFullBuild("a file the last build did not have"));
    }
    if !(publisher.last_build_pages()).all(|(path, inputs)| links.remembers(path, inputs)) {
        return Ok(NeedsFullBuild("no record of the links of every page"));
    }
    let broken = links.check_edits(&made.files, |path| publisher.last_build_kind(path));
    if !broken.is_empty() {
        return Err(broken);
    }
    publisher.write(&made.files)?;
    timings.lap("link check");

    let edited_paths: Vec<&Path> = edited.iter().map(|(_, d)| d.path.as_path()).collect();
    let warnings: Vec<Diagnostic> = last_warnings(&last.warnings, &edited_paths)
        .chain(made.warnings)
        .collect();
    // From here until the new state is saved, the last one no longer describes the output
    // and caches: should this build stop half-way, the next is a full build.
    BuildState::forget(cache_dir);
    // The record of links is keyed by each page's inputs, so saving it beside the commit
    // is safe: were the commit to fail, the old pages would simply not match it.
    // No file was added or removed: the site has the files the last build had.
    let publisher_files = publisher.last_build_file_count();
    let (published, postings_saved) = rayon::join(
        || publisher.commit(),
        || {
            links.save(cache_dir);
            !made.terms_changed || postings.save(&cache_dir.join(state::POSTINGS_FILE)).is_ok()
        },
    );
    let published = published?;
    // Failing to save the postings only costs the next build time (a full build).
    if postings_saved {
        BuildState {
            owner,
            inputs: inputs.clone(),
            warnings: warnings.clone(),
            documents: last.documents,
        }
        .save(cache_dir);
    }
    timings.lap("publish");
    let mut summary_warnings = Diagnostics::new();
    summary_warnings.extend(warnings);
    summary_warnings.extend(published.warnings);
    summary_warnings.sort();
    Ok(Rebuilt::Done(BuildSummary {
        documents: edition.documents.len(),
        people: edition.people.len(),
        files: publisher_files,
        written: published.written,
        output: Some(output_dir.to_path_buf()),
        elapsed: started.elapsed(),
        warnings: summary_warnings,
        timings,
        full_build_because: None,
    }))
}

/// The last build's warnings that are not about the files in `edited` (those are found
/// again).
fn last_warnings<'w>(
    warnings: &'w [Diagnostic],
    edited: &'w [&Path],
) -> impl Iterator<Item = Diagnostic> + 'w {
    (warnings.iter())
        .filter(|w| !edited.contains(&w.file.as_path()))
        .cloned()
}

/// Reads the documents at `changed` (positions in `last`) again, in whole. `None` when one's
/// front matter, or the `person:` ids written in its text, differ from the last build's.
fn read_edited(
    root: &Path,
    last: &[DocumentState],
    changed: &[usize],
) -> Result<Option<Vec<(usize, Document)>>, Diagnostics> {
    let read: Vec<Result<Option<(usize, Document)>, Diagnostic>> = changed
        .par_iter()
        .map(|&position| {
            let known = &last[position];
            let document = crate::content::load_document(root, &known.path)?;
            let same_front_matter = state::front_matter_hash(&document) == known.front_matter;
            let same_person_links = crate::content::person_links(document.body())
                .eq(known.person_links.iter().map(String::as_str));
            Ok((same_front_matter && same_person_links).then_some((position, document)))
        })
        .collect();
    let mut edited = Vec::with_capacity(read.len());
    let mut problems = Diagnostics::new();
    for result in read {
        match result {
            Ok(Some(document)) => edited.push(document),
            Ok(None) => return Ok(None),
            Err(problem) => problems.push(problem),
        }
    }
    if problems.is_empty() {
        Ok(Some(edited))
    } else {
        Err(problems)
    }
}
