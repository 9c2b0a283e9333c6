//! The files that change when only the texts of some documents changed: for each, its own
//! page and TEI file, and the search index's term files its words are in. Nothing else shows a
//! document's text: lists, the chronology, people pages, citations and data exports are made
//! from front matter and the people a text names, which must be as they were.

use rayon::prelude::*;

use super::graph::SiteGraph;
use super::pages::{Fingerprints, PageContext, PageJob, SharedViews, Texts};
use super::search::IndexBuilder;
use super::urls::Urls;
use super::{EditionResolver, render_document, theme};
use crate::cite::cache::CitationCache;
use crate::content::{Document, Edition};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::output::OutputFile;
use crate::render::Rendered;

/// What the edits make.
pub struct EditedFiles {
    /// The files to write.
    pub files: Vec<OutputFile>,
    /// Warnings of the edited documents.
    pub warnings: Vec<Diagnostic>,
    /// True when the search postings changed (and are to be saved again).
    pub terms_changed: bool,
}

/// Renders the documents `edited` (position in `edition`, the document read again in
/// whole) of an edition whose other documents are as the last build saw them, given the
/// people each document's text names (`mentions`, by position) and the last build's search
/// `postings`, which are updated.
///
/// `Ok(None)` when an edit reaches beyond the document's own page and term files (its text
/// now names other people, or a term file appeared or emptied): the whole site is to be
/// built. Errors in the edited documents are returned as a build would report them.
pub fn render_text_edits(
    edition: &Edition,
    mentions: &[Vec<String>],
    edited: &[(usize, Document)],
    citation_cache: &CitationCache,
    postings: &mut IndexBuilder,
) -> Result<Option<EditedFiles>, Diagnostics> {
    let urls = Urls::new(&edition.config.base_url);
    let resolver = EditionResolver {
        edition,
        urls: &urls,
    };
    let mut problems = Diagnostics::new();
    let mut bodies: Vec<(usize, Rendered)> = Vec::with_capacity(edited.len());
    for (index, document) in edited {
        problems.extend(edition.check_document(document));
        match render_document(document, &resolver) {
            Ok(mut body) => {
                problems.extend(std::mem::take(&mut body.warnings));
                bodies.push((*index, body));
            }
            Err(errors) => problems.extend(errors),
        }
    }
    if problems.has_errors() {
        problems.sort();
        return Err(problems);
    }
    if bodies
        .iter()
        .any(|(index, body)| body.people != mentions[*index])
    {
        return Ok(None);
    }

    let graph = SiteGraph::build(edition, |i| mentions[i].as_slice());
    let theme = theme::Theme::load(&edition.root, &edition.config.theme)?;
    let mut documents = vec![Rendered::default(); edition.documents.len()];
    for (index, body) in &bodies {
        documents[*index] = body.clone();
    }
    // The document page reads only the edition, the graph, its own body and citations:
    // the other texts are not needed.
    let no_rendered: Vec<Rendered> = Vec::new();
    let no_introduction = Rendered::default();
    let texts = Texts {
        documents: &documents,
        biographies: &no_rendered,
        pages: &no_rendered,
        introduction: &no_introduction,
    };
    let shared = SharedViews::new(edition, &urls, &graph);
    let context = PageContext::new(edition, &urls, &graph, texts, &theme, &shared);
    let no_last_build = rustc_hash::FxHashMap::default();
    let fingerprints = Fingerprints {
        common: Fingerprints::common(&theme, shared.site(), &urls),
        last_build: &no_last_build,
    };
    let pages: Vec<Result<OutputFile, Diagnostic>> = bodies
        .par_iter()
        .map(|(index, _)| {
            let document = &edition.documents[*index];
            let citations = [crate::cite::document_citations_cached(
                edition,
                document,
                citation_cache,
            )];
            let builder = context.builder(&citations, *index);
            builder.render_file(PageJob::Document(*index), &fingerprints)
        })
        .collect();
    let mut files = Vec::new();
    for page in pages {
        match page {
            Ok(file) => files.push(file),
            Err(problem) => problems.push(problem),
        }
    }
    if problems.has_errors() {
        problems.sort();
        return Err(problems);
    }

    // A term file two documents share is made again after each; the last is the right one.
    let mut term_files: std::collections::BTreeMap<String, OutputFile> = Default::default();
    for (index, body) in &bodies {
        let Some(changed) = postings.replace(edition, &graph, *index, body) else {
            return Ok(None);
        };
        term_files.extend(changed.into_iter().map(|file| (file.path.clone(), file)));
    }
    let terms_changed = !term_files.is_empty();
    files.extend(term_files.into_values());
    for (index, body) in &bodies {
        files.push(super::tei::document_file(
            edition, &graph, *index, body, &urls, None,
        ));
    }
    Ok(Some(EditedFiles {
        files,
        warnings: problems.into_iter().collect(),
        terms_changed,
    }))
}
