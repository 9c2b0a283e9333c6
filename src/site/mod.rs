//! The site: from a loaded edition to the list of output files. Renders every Markdown body
//! (collecting every reference error), builds the [`graph::SiteGraph`], then renders every
//! page through the theme, in parallel.

pub mod check;
pub mod data;
pub mod feed;
pub mod graph;
pub mod incremental;
pub mod pages;
pub mod pagination;
pub mod search;
pub mod theme;
pub mod urls;
pub mod views;

use rayon::prelude::*;

use crate::cite::DocumentCitations;
use crate::content::{Edition, SOURCES_DIR};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::output::{Contents, OutputFile};
use crate::render::{self, LinkResolver, MarkdownSource, ReferenceKind, Rendered};
use pages::{ChronologyKeys, PageBuilder};
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

/// The generated site, ready for the output stage.
pub struct RenderedSite {
    /// Every file of the site.
    pub files: Vec<OutputFile>,
    /// Problems that did not stop the build.
    pub warnings: Diagnostics,
    /// URL maker used (for the link check).
    pub urls: Urls,
    /// What the pages were made from, kept so `folio serve` can re-render pages later without
    /// rendering every body again.
    pub parts: SiteParts,
    /// Wall time of each phase, for `--verbose`.
    pub timings: crate::progress::Stopwatch,
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
pub fn bibliography_files(edition: &Edition) -> [OutputFile; 3] {
    let bibliography = crate::cite::edition_bibliography(edition);
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

/// Renders the whole site for publication at the edition's `base_url`.
pub fn render_site(
    edition: &Edition,
    citation_cache: &crate::cite::cache::CitationCache,
) -> Result<RenderedSite, Diagnostics> {
    let mut timings = crate::progress::Stopwatch::new();
    let theme = theme::Theme::load(&edition.root, &edition.config.theme)?;
    timings.lap("theme");
    let urls = Urls::new(&edition.config.base_url);
    let resolver = EditionResolver {
        edition,
        urls: &urls,
    };
    let mut problems = Diagnostics::new();

    let documents = collect(
        edition
            .documents
            .par_iter()
            .map(|d| render_document(d, &resolver)),
        &mut problems,
    );
    let biographies = collect(
        edition
            .people
            .par_iter()
            .map(|p| render_plain(&p.path, &p.source, p.body_offset, &resolver)),
        &mut problems,
    );
    let pages = collect(
        edition
            .pages
            .par_iter()
            .map(|p| render_plain(&p.path, &p.source, p.body_offset, &resolver)),
        &mut problems,
    );
    let introduction = render_introduction(edition, &resolver, &mut problems);
    if problems.has_errors() {
        return Err(problems);
    }
    timings.lap("bodies");

    crate::cite::default_style(&edition.config)?;
    let citations: Vec<DocumentCitations> = edition
        .documents
        .par_iter()
        .map(|d| crate::cite::document_citations_cached(edition, d, citation_cache))
        .collect();
    timings.lap("citations");
    let graph = graph::SiteGraph::build(edition, |i| documents[i].people.as_slice());
    timings.lap("graph");
    let builder = PageBuilder {
        edition,
        urls: &urls,
        graph: &graph,
        documents: &documents,
        biographies: &biographies,
        pages: &pages,
        introduction: &introduction,
        citations: &citations,
        theme: &theme,
        site: views::SiteView::new(&edition.config, &edition.pages, &urls),
        keys: ChronologyKeys::new(&graph),
    };
    let rendered: Vec<Result<OutputFile, Diagnostic>> = builder
        .jobs()
        .into_par_iter()
        .map(|job| {
            builder
                .render(job)
                .map(|page| OutputFile::for_route(&page.route, Contents::Html(page.html)))
        })
        .collect();
    timings.lap("pages");
    let mut files =
        Vec::with_capacity(rendered.len() + theme.assets.len() + edition.sources.len() + 3);
    for result in rendered {
        match result {
            Ok(file) => files.push(file),
            Err(problem) => problems.push(problem),
        }
    }
    if problems.has_errors() {
        problems.sort();
        return Err(problems);
    }
    for (document, citation) in edition.documents.iter().zip(&citations) {
        files.extend(citation_files(&document.id, citation));
    }
    files.extend(bibliography_files(edition));
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
    timings.lap("downloads");
    files.extend(search::index(edition, &graph, &documents, &urls));
    timings.lap("search index");
    files.extend(data::exports(edition, &graph, &urls));
    files.push(OutputFile {
        path: route::FEED.into(),
        contents: Contents::Text(feed::atom(edition, &urls)),
    });
    files.push(OutputFile {
        path: ".nojekyll".into(),
        contents: Contents::Text(String::new()),
    });
    files.push(OutputFile {
        path: "sitemap.xml".into(),
        contents: Contents::Text(sitemap(&files, &urls)),
    });
    files.push(OutputFile {
        path: "robots.txt".into(),
        contents: Contents::Text(format!(
            "User-agent: *\nAllow: /\n\nSitemap: {}\n",
            urls.absolute("sitemap.xml")
        )),
    });
    problems.sort();
    timings.lap("exports");
    Ok(RenderedSite {
        files,
        warnings: problems,
        urls,
        timings,
        parts: SiteParts {
            theme,
            documents,
            biographies,
            pages,
            introduction,
            graph,
            citations,
        },
    })
}

/// Renders a document body as the build does: glosses are tagged with the document's
/// original language, references resolved by `resolver`.
pub fn render_document(
    document: &crate::content::Document,
    resolver: &dyn LinkResolver,
) -> Result<Rendered, Vec<Diagnostic>> {
    let language = crate::content::language::transliteration_tag(&document.meta.original_language);
    let input = MarkdownSource {
        path: &document.path,
        source: &document.source,
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

fn sitemap(files: &[OutputFile], urls: &Urls) -> String {
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for file in files {
        if matches!(file.contents, Contents::Html(_)) && file.path != route::NOT_FOUND {
            let route = file.path.strip_suffix("index.html").unwrap_or(&file.path);
            xml.push_str("  <url><loc>");
            xml.push_str(&render::escape_attribute(&urls.absolute(route)));
            xml.push_str("</loc></url>\n");
        }
    }
    xml.push_str("</urlset>\n");
    xml
}
