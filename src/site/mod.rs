//! The site: from a loaded edition to the list of output files. Renders every Markdown body
//! (collecting every reference error), builds the [`graph::SiteGraph`], then renders every
//! page through the theme, in parallel.

pub mod check;
pub mod data;
pub mod facsimile;
pub mod feed;
pub mod graph;
pub mod incremental;
pub mod pages;
pub mod pagination;
pub mod search;
pub mod tei;
pub mod text_edits;
pub mod theme;
pub mod urls;
pub mod views;

use rayon::prelude::*;

use crate::cite::DocumentCitations;
use crate::content::{Edition, SOURCES_DIR};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::output::{Contents, OutputFile};
use crate::render::{self, LinkResolver, MarkdownSource, ReferenceKind, Rendered};
use pages::{PageBuilder, PageContext, PageJob, SharedViews, Texts};
use urls::{Urls, route};

/// First path segments taken by the site's own pages; free pages cannot use them as ids.
pub const RESERVED_ROUTES: &[&str] = &[
    "documents",
    "people",
    "citations",
    "dates",
    "search",
    "sources",
    "static",
    "data",
    "feed",
    "404",
    "sitemap",
    "robots",
];

/// What [`render_site`] did, once every file has gone to the sink.
pub struct RenderedSite {
    /// Number of files of the site.
    pub files: usize,
    /// Problems that did not stop the build.
    pub warnings: Diagnostics,
    /// URL maker used (for the link check).
    pub urls: Urls,
    /// What the pages were made from, with [`Keep::Parts`].
    pub parts: Option<SiteParts>,
    /// Wall time of each phase, for `--verbose`.
    pub timings: crate::progress::Stopwatch,
    /// The people each document's text names, by document position (what the graph was
    /// built from besides front matter).
    pub mentions: Vec<Vec<String>>,
    /// The search index's postings, for a later build to update
    /// ([`text_edits::render_text_edits`]).
    pub search_postings: search::IndexBuilder,
}

/// The intermediate results of [`render_site`], in `Edition` order.
pub struct SiteParts {
    /// The compiled theme.
    pub theme: theme::Theme,
    /// Rendered document bodies.
    pub documents: Vec<Rendered>,
    /// Rendered biographies.
    pub biographies: Vec<Rendered>,
    /// Rendered free pages.
    pub pages: Vec<Rendered>,
    /// The rendered home page introduction.
    pub introduction: Rendered,
    /// The site graph.
    pub graph: graph::SiteGraph,
    /// The citations of each document.
    pub citations: Vec<DocumentCitations>,
}

/// What [`render_site`] keeps once the files are made.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Keep {
    /// Nothing: each block of pages lets go of its bodies and citations once it is made,
    /// so a build's memory does not grow with the edition's text (`folio build`, `check`).
    Nothing,
    /// The bodies, citations and graph, so `folio serve` can re-render pages later.
    Parts,
}

/// Where [`render_site`] sends the site's files, a block at a time; an error stops it.
/// It is called on a worker thread while the next block is made, hence `Send`.
pub type FileSink<'s> = dyn FnMut(Vec<OutputFile>) -> Result<(), Diagnostics> + Send + 's;

/// Pages rendered (and handed to the sink) together. Large enough to keep both cores busy,
/// small enough that a block's pages are a few tens of megabytes.
const PAGE_BLOCK: usize = 256;

/// The `cite.bib`, `cite.ris` and `cite.json` downloads of document `id`.
pub fn citation_files(id: &str, citation: &DocumentCitations) -> [OutputFile; 3] {
    let folder = route::document(id);
    [
        ("cite.bib", &citation.bibtex),
        ("cite.ris", &citation.ris),
        ("cite.json", &citation.csl_json),
    ]
    .map(|(name, text)| OutputFile {
        path: format!("{folder}{name}"),
        contents: Contents::Text(text.clone()),
    })
}

/// The whole edition's bibliography downloads under `/citations/`.
fn bibliography_files(bibliography: crate::cite::EditionBibliography) -> [OutputFile; 3] {
    [
        ("edition.bib", bibliography.bibtex),
        ("edition.ris", bibliography.ris),
        ("edition.json", bibliography.csl_json),
    ]
    .map(|(name, text)| OutputFile {
        path: format!("{}{name}", route::CITATIONS),
        contents: Contents::Text(text),
    })
}

/// Resolves `person:` and `doc:` references against the edition.
struct EditionResolver<'a> {
    edition: &'a Edition,
    urls: &'a Urls,
}

impl LinkResolver for EditionResolver<'_> {
    fn resolve(&self, kind: ReferenceKind, id: &str) -> Result<String, String> {
        match kind {
            ReferenceKind::Person if self.edition.person(id).is_some() => {
                Ok(self.urls.url(&route::person(id)))
            }
            ReferenceKind::Person => Err(self.edition.person_hint(id)),
            ReferenceKind::Document if self.edition.document(id).is_some() => {
                Ok(self.urls.url(&route::document(id)))
            }
            ReferenceKind::Document => Err(self.edition.document_hint(id)),
        }
    }
}

/// Renders the whole site for publication at the edition's `base_url`, handing its files to
/// `sink` a block at a time.
///
/// With `last_build` (page path -> hash of its inputs, for the pages the last build wrote
/// and the output folder still holds), pages are fingerprinted ([`crate::output::Contents::Page`])
/// and a page whose inputs have not changed is not rendered again. Without it, every page
/// is rendered ([`crate::output::Contents::Html`]).
///
/// `texts` are the documents' texts, taken out of the edition ([`Edition::take_texts`]) so
/// that each is let go of as soon as its body is rendered: nothing after needs them, and
/// `folio serve` reloads an edited file from disk.
pub fn render_site(
    edition: &Edition,
    texts: Vec<String>,
    citation_cache: &crate::cite::cache::CitationCache,
    keep: Keep,
    last_build: Option<&rustc_hash::FxHashMap<String, u128>>,
    sink: &mut FileSink<'_>,
) -> Result<RenderedSite, Diagnostics> {
    let mut timings = crate::progress::Stopwatch::new();
    let mut theme = theme::Theme::load(&edition.root, &edition.config.theme)?;
    timings.lap("theme");
    let urls = Urls::new(&edition.config.base_url);
    let resolver = EditionResolver {
        edition,
        urls: &urls,
    };
    let mut problems = std::mem::take(&mut theme.warnings);
    problems.extend(urls::reserved_id_problems(edition));

    // Each source is dropped as soon as its body is rendered (a body left on disk is read
    // again here), so the two are never all in memory together.
    let mut documents = collect(
        texts.into_par_iter().enumerate().map(|(i, source)| {
            let document = &edition.documents[i];
            if document.body_on_disk {
                let text = crate::content::read_text_again(&edition.root, &document.path, &source)
                    .map_err(|e| vec![e])?;
                render_document_text(document, &text, &resolver)
            } else {
                render_document_text(document, &source, &resolver)
            }
        }),
        &mut problems,
    );
    let mut biographies = collect(
        edition
            .people
            .par_iter()
            .map(|p| render_plain(&p.path, &p.source, p.body_offset, &resolver)),
        &mut problems,
    );
    let mut pages = collect(
        edition
            .pages
            .par_iter()
            .map(|p| render_plain(&p.path, &p.source, p.body_offset, &resolver)),
        &mut problems,
    );
    let mut introduction = render_introduction(edition, &resolver, &mut problems);
    let content_links = ContentLinks::take(
        edition,
        &urls,
        [&mut documents, &mut biographies, &mut pages],
        &mut introduction,
        &mut problems,
    );
    if problems.has_errors() {
        return Err(problems);
    }
    timings.lap("bodies");

    crate::cite::default_style(&edition.config)?;
    let mentions: Vec<Vec<String>> = documents.iter().map(|d| d.people.clone()).collect();
    let graph = graph::SiteGraph::build(edition, |i| documents[i].people.as_slice());
    timings.lap("graph");
    let shared = SharedViews::new(edition, &urls, &graph);
    let fingerprints = last_build.map(|last_build| pages::Fingerprints {
        common: pages::Fingerprints::common(&theme, shared.site(), &urls),
        last_build,
    });
    let mut out = Emitter {
        sink,
        wanted: content_links.wanted,
        page_paths: Vec::new(),
        files: 0,
        writing: std::time::Duration::ZERO,
    };
    let mut search_index = search::IndexBuilder::default();
    let mut bibliography = crate::cite::BibliographyBuilder::new(edition.documents.len());
    let mut kept_citations = Vec::new();

    // Document pages a block at a time, in two steps that overlap: while both cores make a
    // block (its citations formatted, pages and downloads rendered, search terms found),
    // the block before goes on (its terms indexed, its files to the sink, whose link
    // numbering is one thread's work). Unless kept, a block's bodies and citations are
    // dropped once it is made.
    let count = edition.documents.len();
    let mut waiting: Option<MadeBlock> = None;
    for first in (0..count).step_by(PAGE_BLOCK) {
        let block = first..(first + PAGE_BLOCK).min(count);
        let ((made, citations, block_problems), sent) = rayon::join(
            || {
                let citations: Vec<DocumentCitations> = edition.documents[block.clone()]
                    .par_iter()
                    .map(|d| crate::cite::document_citations_cached(edition, d, citation_cache))
                    .collect();
                // The texts are taken anew for each block: its bodies are dropped once its
                // pages are made.
                let texts = Texts {
                    documents: &documents,
                    biographies: &biographies,
                    pages: &pages,
                    introduction: &introduction,
                };
                let context = PageContext::new(edition, &urls, &graph, texts, &theme, &shared);
                let builder = context.builder(&citations, first);
                let mut block_problems = Diagnostics::new();
                let mut files = render_pages(
                    &builder,
                    block.clone().map(PageJob::Document),
                    fingerprints.as_ref(),
                    &mut block_problems,
                );
                for (document, citation) in edition.documents[block.clone()].iter().zip(&citations)
                {
                    files.extend(citation_files(&document.id, citation));
                }
                files.par_extend(block.clone().into_par_iter().map(|i| {
                    tei::document_file(edition, &graph, i, &documents[i], &urls, last_build)
                }));
                // Made in parallel: a changed page image is decoded and resized here.
                let facsimiles: Vec<_> = block
                    .clone()
                    .into_par_iter()
                    .map(|i| facsimile::document_files(edition, i, &urls, last_build))
                    .collect();
                for made in facsimiles {
                    match made {
                        Ok(made) => files.extend(made),
                        Err(problem) => block_problems.push(problem),
                    }
                }
                let terms =
                    search::BlockTerms::find(edition, &graph, first, &documents[block.clone()]);
                let made = MadeBlock {
                    files,
                    terms: Some(terms),
                };
                (made, citations, block_problems)
            },
            || out.deliver(waiting.take(), &mut search_index, &problems),
        );
        sent?;
        problems.extend(block_problems);
        waiting = Some(made);
        for citation in &citations {
            bibliography.push(citation);
        }
        if keep == Keep::Parts {
            kept_citations.extend(citations);
        } else {
            for body in &mut documents[block] {
                *body = Rendered::default();
            }
        }
    }
    // The last block goes on while the first index pages are made.
    timings.lap("document pages");

    let texts = Texts {
        documents: &documents,
        biographies: &biographies,
        pages: &pages,
        introduction: &introduction,
    };
    let context = PageContext::new(edition, &urls, &graph, texts, &theme, &shared);
    let builder = context.builder(&[], 0);
    // The same two steps for the pages that index the documents.
    for jobs in builder.index_jobs().chunks(PAGE_BLOCK) {
        let ((files, block_problems), sent) = rayon::join(
            || {
                let mut block_problems = Diagnostics::new();
                let files = render_pages(
                    &builder,
                    jobs.iter().copied(),
                    fingerprints.as_ref(),
                    &mut block_problems,
                );
                (files, block_problems)
            },
            || out.deliver(waiting.take(), &mut search_index, &problems),
        );
        sent?;
        problems.extend(block_problems);
        waiting = Some(MadeBlock { files, terms: None });
    }
    timings.lap("index pages");

    // The edition-wide files, made and written on both cores, the first two while the last
    // index pages go on. The bibliography (assembled from the documents' own downloads as
    // their pages were made) and the data exports are the largest (about 200 MB each for
    // 100,000 documents): no more than those two are held at once.
    let other_files = || fixed_files(edition, &theme, &urls, &graph);
    let ((bibliography, exports), sent) = rayon::join(
        || {
            rayon::join(
                || bibliography_files(bibliography.finish()),
                || data::exports(edition, &graph, &urls),
            )
        },
        || out.deliver(waiting.take(), &mut search_index, &problems),
    );
    sent?;
    if problems.has_errors() {
        problems.sort();
        return Err(problems);
    }
    let (search_files, sent) = rayon::join(
        || search_index.finish(edition, &graph, &urls),
        || out.emit(bibliography.into(), &problems),
    );
    sent?;
    let (mut made, sent) = rayon::join(other_files, || out.emit(exports, &problems));
    sent?;
    out.emit(search_files, &problems)?;
    // Last, as it lists every page sent.
    made.push(OutputFile {
        path: "sitemap.xml".into(),
        contents: Contents::Text(sitemap(out.page_paths.iter().map(String::as_str), &urls)),
    });
    out.emit(made, &problems)?;
    // Every file is made: a text's link to a file that is not is reported where written.
    for (target, file, position, address) in content_links.uses {
        if out.wanted.get(&target) == Some(&false) {
            problems.push(
                Diagnostic::error(
                    &file,
                    format!("broken link `{address}`: no page or file `{target}` is generated"),
                )
                .at(&read_or_empty(&edition.root, &file), position)
                .with_hint(content_link_hint(&urls)),
            );
        }
    }
    if problems.has_errors() {
        problems.sort();
        return Err(problems);
    }
    timings.lap("edition files");
    timings.record("(writing, within the above)", out.writing);
    problems.sort();
    let parts = (keep == Keep::Parts).then(|| SiteParts {
        theme,
        documents,
        biographies,
        pages,
        introduction,
        graph,
        citations: kept_citations,
    });
    Ok(RenderedSite {
        files: out.files,
        warnings: problems,
        urls,
        timings,
        parts,
        mentions,
        search_postings: search_index,
    })
}

/// The files of the site that neither documents nor lists make: the theme's assets, copies
/// of the raw transcripts, the feed, the TEI corpus, `robots.txt` and `.nojekyll`.
fn fixed_files(
    edition: &Edition,
    theme: &theme::Theme,
    urls: &Urls,
    graph: &graph::SiteGraph,
) -> Vec<OutputFile> {
    let mut files = vec![tei::corpus_file(edition, graph, urls)];
    for (path, file) in &theme.assets {
        files.push(OutputFile {
            path: route::asset(path),
            contents: Contents::Copy(file.clone()),
        });
    }
    for source in &edition.sources {
        files.push(OutputFile {
            path: route::source(source),
            contents: Contents::Copy(edition.root.join(SOURCES_DIR).join(source)),
        });
    }
    files.push(OutputFile {
        path: route::FEED.into(),
        contents: Contents::Text(feed::atom(edition, urls)),
    });
    files.push(OutputFile {
        path: ".nojekyll".into(),
        contents: Contents::Text(String::new()),
    });
    files.push(OutputFile {
        path: "robots.txt".into(),
        contents: Contents::Text(format!(
            "User-agent: *\nAllow: /\n\nSitemap: {}\n",
            urls.absolute("sitemap.xml")
        )),
    });
    files
}

/// The files made from the whole edition at once: the edition's bibliography downloads, the
/// data exports, the search index and the [`fixed_files`] (the sitemap is made apart, from the
/// pages). [`render_site`] makes the same files, interleaved with its pages.
fn edition_wide_files(
    edition: &Edition,
    theme: &theme::Theme,
    urls: &Urls,
    graph: &graph::SiteGraph,
    search: &search::IndexBuilder,
    citations: &[DocumentCitations],
) -> Vec<OutputFile> {
    let mut bibliography = crate::cite::BibliographyBuilder::new(citations.len());
    for citation in citations {
        bibliography.push(citation);
    }
    let mut files: Vec<OutputFile> = bibliography_files(bibliography.finish()).into();
    files.extend(data::exports(edition, graph, urls));
    files.extend(search.finish(edition, graph, urls));
    files.extend(fixed_files(edition, theme, urls, graph));
    files
}

/// The links the texts make into the site ([`Rendered::links`]), taken out of the bodies.
struct ContentLinks {
    /// Every file they point to, and whether the site has made it yet.
    wanted: rustc_hash::FxHashMap<String, bool>,
    /// Each link: the file it points to, the text file it is in, where, and as written.
    uses: Vec<(
        String,
        std::path::PathBuf,
        crate::diagnostics::Position,
        String,
    )>,
}

impl ContentLinks {
    /// Takes the links out of the rendered `bodies` (documents, biographies and pages, in
    /// `edition` order) and the introduction; a link that cannot be right whatever the site
    /// holds (outside the base path, relative) is a problem at once.
    fn take(
        edition: &Edition,
        urls: &Urls,
        bodies: [&mut Vec<Rendered>; 3],
        introduction: &mut Rendered,
        problems: &mut Diagnostics,
    ) -> ContentLinks {
        let [documents, biographies, pages] = bodies;
        let intro_path = std::path::Path::new(crate::config::CONFIG_FILE);
        let texts = (edition.documents.iter().map(|d| d.path.as_path()))
            .zip(documents.iter_mut())
            .chain((edition.people.iter().map(|p| p.path.as_path())).zip(biographies.iter_mut()))
            .chain((edition.pages.iter().map(|p| p.path.as_path())).zip(pages.iter_mut()))
            .chain(std::iter::once((intro_path, introduction)));
        let mut links = ContentLinks {
            wanted: rustc_hash::FxHashMap::default(),
            uses: Vec::new(),
        };
        // The page a link is on matters only for links to that same page, which the link
        // check of the page sees.
        const SAME_PAGE: &str = "\u{0}";
        for (path, body) in texts {
            for (address, position) in std::mem::take(&mut body.links) {
                match crate::output::links::target_file(SAME_PAGE, &address, urls.base_path()) {
                    Ok(None) => {}
                    Ok(Some(target)) if target == SAME_PAGE => {}
                    Ok(Some(target)) => {
                        links.wanted.insert(target.clone(), false);
                        links.uses.push((target, path.to_owned(), position, address));
                    }
                    Err(_) if !address.starts_with('/') => problems.push(
                        Diagnostic::error(
                            path,
                            format!("broken link `{address}`: a relative address points somewhere else from each page the text is shown on"),
                        )
                        .at(&read_or_empty(&edition.root, path), position)
                        .with_hint(content_link_hint(urls)),
                    ),
                    Err(why) => problems.push(
                        Diagnostic::error(path, format!("broken link `{address}`: {why}"))
                            .at(&read_or_empty(&edition.root, path), position)
                            .with_hint(content_link_hint(urls)),
                    ),
                }
            }
        }
        links
    }
}

/// The hint for a broken link written in a text.
fn content_link_hint(urls: &Urls) -> String {
    let base = urls.base_path();
    format!(
        "links within the site start with the base path `{base}` (e.g. `{base}people/`); for a document or a person write `doc:ID` or `person:ID`, which Folio checks and keeps right; or correct the address"
    )
}

/// The text of `relative` under `root`, for the excerpt of a message (empty if unreadable).
fn read_or_empty(root: &std::path::Path, relative: &std::path::Path) -> String {
    std::fs::read_to_string(root.join(relative)).unwrap_or_default()
}

/// Hands files to the sink, counting them and noting the pages for the sitemap.
struct Emitter<'e, 's> {
    sink: &'e mut FileSink<'s>,
    /// The files the texts link to ([`ContentLinks::wanted`]), marked as they are sent.
    wanted: rustc_hash::FxHashMap<String, bool>,
    /// Paths of the HTML pages so far.
    page_paths: Vec<String>,
    files: usize,
    /// Time spent in the sink.
    writing: std::time::Duration,
}

/// A block of files made and not yet sent on.
struct MadeBlock {
    files: Vec<OutputFile>,
    /// The search terms of the block's documents, for a block of document pages.
    terms: Option<search::BlockTerms>,
}

impl Emitter<'_, '_> {
    /// Indexes the terms of `block` and sends its files on (see [`Emitter::emit`]).
    fn deliver(
        &mut self,
        block: Option<MadeBlock>,
        search_index: &mut search::IndexBuilder,
        problems: &Diagnostics,
    ) -> Result<(), Diagnostics> {
        let Some(block) = block else {
            return Ok(());
        };
        if let Some(terms) = block.terms {
            search_index.add_terms(terms);
        }
        self.emit(block.files, problems)
    }

    /// Sends `files` on, unless a page has failed already (then the build will fail, and
    /// writing more would only be undone).
    fn emit(&mut self, files: Vec<OutputFile>, problems: &Diagnostics) -> Result<(), Diagnostics> {
        if problems.has_errors() {
            return Ok(());
        }
        self.files += files.len();
        if !self.wanted.is_empty() {
            for file in &files {
                if let Some(made) = self.wanted.get_mut(&file.path) {
                    *made = true;
                }
            }
        }
        self.page_paths.extend(
            files
                .iter()
                .filter(|f| f.contents.is_page() && f.path != route::NOT_FOUND)
                .map(|f| f.path.clone()),
        );
        let started = std::time::Instant::now();
        let result = (self.sink)(files);
        self.writing += started.elapsed();
        result
    }
}

/// Renders `jobs` in parallel (fingerprinted, when `fingerprints` are given); failures go
/// to `problems`.
fn render_pages(
    builder: &PageBuilder<'_>,
    jobs: impl Iterator<Item = PageJob>,
    fingerprints: Option<&pages::Fingerprints<'_>>,
    problems: &mut Diagnostics,
) -> Vec<OutputFile> {
    let jobs: Vec<PageJob> = jobs.collect();
    let rendered: Vec<Result<OutputFile, Diagnostic>> = jobs
        .into_par_iter()
        .map(|job| match fingerprints {
            Some(fingerprints) => builder.render_file(job, fingerprints),
            None => builder
                .render(job)
                .map(|page| OutputFile::for_route(&page.route, Contents::Html(page.html))),
        })
        .collect();
    let mut files = Vec::with_capacity(rendered.len());
    for result in rendered {
        match result {
            Ok(file) => files.push(file),
            Err(problem) => problems.push(problem),
        }
    }
    files
}

/// Renders a document body as the build does: glosses are tagged with the document's
/// original language, references resolved by `resolver`.
pub fn render_document(
    document: &crate::content::Document,
    resolver: &dyn LinkResolver,
) -> Result<Rendered, Vec<Diagnostic>> {
    render_document_text(document, &document.source, resolver)
}

/// [`render_document`] with the document's text given apart (the build moves the texts out
/// of the edition to drop each once rendered).
fn render_document_text(
    document: &crate::content::Document,
    source: &str,
    resolver: &dyn LinkResolver,
) -> Result<Rendered, Vec<Diagnostic>> {
    let language = crate::content::language::transliteration_tag(&document.meta.original_language);
    let input = MarkdownSource {
        path: &document.path,
        source,
        body_offset: document.body_offset,
        gloss_language: language.as_deref().unwrap_or("und"),
    };
    render::render(&input, resolver)
}

/// A biography or free page body.
fn render_plain(
    path: &std::path::Path,
    source: &str,
    body_offset: usize,
    resolver: &EditionResolver<'_>,
) -> Result<Rendered, Vec<Diagnostic>> {
    let input = MarkdownSource {
        path,
        source,
        body_offset,
        gloss_language: "und",
    };
    render::render(&input, resolver)
}

fn collect(
    results: impl ParallelIterator<Item = Result<Rendered, Vec<Diagnostic>>>,
    problems: &mut Diagnostics,
) -> Vec<Rendered> {
    let results: Vec<Result<Rendered, Vec<Diagnostic>>> = results.collect();
    let mut rendered = Vec::with_capacity(results.len());
    for result in results {
        match result {
            Ok(mut r) => {
                problems.extend(std::mem::take(&mut r.warnings));
                rendered.push(r);
            }
            Err(errors) => {
                problems.extend(errors);
                rendered.push(Rendered::default());
            }
        }
    }
    rendered
}

/// The home page introduction from site.toml, with errors pointing into site.toml.
fn render_introduction(
    edition: &Edition,
    resolver: &EditionResolver<'_>,
    problems: &mut Diagnostics,
) -> Rendered {
    let introduction = &edition.config.introduction;
    if introduction.trim().is_empty() {
        return Rendered::default();
    }
    let file_text =
        std::fs::read_to_string(edition.root.join(crate::config::CONFIG_FILE)).unwrap_or_default();
    let first_line = introduction
        .lines()
        .find(|l| !l.trim().is_empty())
        .unwrap_or_default();
    // Errors point into site.toml when the text is found there verbatim (it is, unless escapes are used).
    let (source, offset) = match file_text.find(first_line) {
        Some(at) if file_text[at..].starts_with(introduction.trim_start()) => {
            let start = at - (introduction.len() - introduction.trim_start().len()).min(at);
            (file_text.clone(), start)
        }
        _ => (introduction.clone(), 0),
    };
    let input = MarkdownSource {
        path: std::path::Path::new(crate::config::CONFIG_FILE),
        source: &source,
        body_offset: offset,
        gloss_language: "und",
    };
    let input = if offset == 0 {
        input
    } else {
        MarkdownSource {
            source: &source[..offset + introduction.len().min(source.len() - offset)],
            ..input
        }
    };
    match render::render(&input, resolver) {
        Ok(rendered) => rendered,
        Err(errors) => {
            problems.extend(errors);
            Rendered::default()
        }
    }
}

/// The sitemap of the pages at `page_paths` (`documents/x/index.html`), in path order.
fn sitemap<'p>(page_paths: impl Iterator<Item = &'p str>, urls: &Urls) -> String {
    let mut page_paths: Vec<&str> = page_paths.collect();
    page_paths.sort_unstable();
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for path in page_paths {
        let route = path.strip_suffix("index.html").unwrap_or(path);
        xml.push_str("  <url><loc>");
        xml.push_str(&crate::util::escape::escape_attribute(
            &urls.absolute(route),
        ));
        xml.push_str("</loc></url>\n");
    }
    xml.push_str("</urlset>\n");
    xml
}
