//! Criterion benchmarks of the build pipeline's hot functions, each on realistic input and
//! through the library's public API:
//!
//! - `load`: parsing one document's front matter; loading a whole edition (`Edition::load`);
//! - `render`: rendering one annotated Markdown body of about 1,000 words;
//! - `cite`: CSL formatting of one document in every style, and all its citations;
//! - `graph`: building the site graph;
//! - `site`: rendering the whole sample site, and minifying one document page as
//!   `folio build` does before writing it.
//!
//! Inputs are the sample edition at the repository root (two real documents, copied to a
//! temporary folder) and a generated edition of [`GENERATED_DOCUMENTS`] documents, written
//! once into a temporary folder by the corpus generator of `examples/gen_corpus.rs`.
//!
//! ```sh
//! cargo bench --bench hot_paths                 # every benchmark, about two minutes
//! cargo bench --bench hot_paths -- --noplot     # the same without plots, about one minute
//! cargo bench --bench hot_paths -- --quick      # a quicker, rougher run
//! cargo bench --bench hot_paths -- render       # only the benchmarks whose name matches
//! ```

use std::hint::black_box;
use std::path::Path;
use std::time::Duration;

use criterion::{
    BenchmarkGroup, Criterion, criterion_group, criterion_main, measurement::WallTime,
};

use folio::cite::cache::CitationCache;
use folio::cite::csl;
use folio::cite::record::CiteRecord;
use folio::content::{Document, DocumentMeta, Edition, front_matter};
use folio::output::Contents;
use folio::render::{LinkResolver, ReferenceKind, Rendered};
use folio::site::graph::SiteGraph;

// The integration tests' helpers (which allow their own dead code): the sample edition copy.
#[path = "../tests/common/mod.rs"]
mod common;

// The corpus generator; its command-line part (`main`) is not used here.
#[allow(dead_code)]
#[path = "../examples/gen_corpus.rs"]
mod gen_corpus;

/// Size of the generated edition used where the sample's two documents are too few to show
/// how a function scales (loading, the site graph).
const GENERATED_DOCUMENTS: usize = 1_000;

/// The document of the sample edition used for per-document benchmarks (a body of 979 words).
const SAMPLE_DOCUMENT: &str = "1961-09-30-chervonenko-deng-xiaoping";

/// A [`LinkResolver`] that accepts every id, so that rendering is measured without the
/// edition lookups of the real resolver.
struct AcceptAll;

impl LinkResolver for AcceptAll {
    fn resolve(&self, kind: ReferenceKind, id: &str) -> Result<String, String> {
        Ok(match kind {
            ReferenceKind::Person => format!("/people/{id}/"),
            ReferenceKind::Document => format!("/documents/{id}/"),
        })
    }
}

/// The inputs every benchmark reads, made once: the editions live in temporary folders that
/// are removed when this is dropped.
struct Fixtures {
    /// A copy of the sample edition (site.toml, content/, themes/).
    sample_dir: tempfile::TempDir,
    /// The sample edition, loaded.
    sample: Edition,
    /// The folder holding the generated edition (in its `edition/` subfolder).
    generated_dir: tempfile::TempDir,
    /// The generated edition, loaded.
    generated: Edition,
    /// Person ids referenced in each generated document's body, as the renderer finds them.
    generated_body_people: Vec<Vec<String>>,
}

impl Fixtures {
    /// Copies the sample edition, generates the larger one and loads both.
    fn new() -> Fixtures {
        let sample_dir = common::sample_edition();
        let sample = load(sample_dir.path());
        let generated_dir = tempfile::tempdir().expect("temporary folder");
        let root = generated_dir.path().join("edition");
        gen_corpus::generate(&gen_corpus::Args {
            count: GENERATED_DOCUMENTS,
            out: root.clone(),
            seed: 7,
        })
        .expect("generate the edition");
        let generated = load(&root);
        let generated_body_people = generated
            .documents
            .iter()
            .map(|d| render_document(d).people)
            .collect();
        Fixtures {
            sample_dir,
            sample,
            generated_dir,
            generated,
            generated_body_people,
        }
    }

    /// A fresh load of the sample edition (rendering the site consumes the documents' texts).
    fn load_sample(&self) -> Edition {
        load(self.sample_dir.path())
    }

    /// The sample document used for per-document benchmarks.
    fn sample_document(&self) -> &Document {
        self.sample
            .document(SAMPLE_DOCUMENT)
            .expect("the sample document")
    }

    /// The generated document whose body is closest to 1,000 words.
    fn generated_document(&self) -> &Document {
        self.generated
            .documents
            .iter()
            .min_by_key(|d| d.body().split_whitespace().count().abs_diff(1_000))
            .expect("a generated document")
    }
}

/// Loads the edition at `root`, which must load without errors.
fn load(root: &Path) -> Edition {
    match Edition::load(root) {
        Ok(loaded) => loaded.edition,
        Err(errors) => panic!("{} does not load:\n{errors}", root.display()),
    }
}

/// Renders a document body as the build does, resolving every reference with [`AcceptAll`].
fn render_document(document: &Document) -> Rendered {
    folio::site::render_document(document, &AcceptAll).expect("the body renders")
}

/// Fewer samples for functions that take milliseconds per call, so the run stays short.
fn slow(group: &mut BenchmarkGroup<'_, WallTime>) {
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(5));
}

/// Front matter of one document; loading the sample and the generated edition.
fn load_benchmarks(c: &mut Criterion, fixtures: &Fixtures) {
    let mut group = c.benchmark_group("load");
    // Loading the sample edition takes most of a millisecond: 3 s is a little short for 100.
    group.measurement_time(Duration::from_secs(4));
    let document = fixtures.sample_document();
    group.bench_function("front_matter/sample_document", |b| {
        b.iter(|| {
            let source = black_box(document.source.as_str());
            let split = front_matter::split(&document.path, source).expect("front matter");
            split
                .parse::<DocumentMeta>(&document.path, source)
                .expect("parses")
        })
    });
    group.bench_function("edition/sample", |b| {
        b.iter(|| load(black_box(fixtures.sample_dir.path())))
    });
    slow(&mut group);
    let generated = fixtures.generated_dir.path().join("edition");
    group.bench_function(format!("edition/generated_{GENERATED_DOCUMENTS}"), |b| {
        b.iter(|| load(black_box(&generated)))
    });
    group.finish();
}

/// One annotated body of about 1,000 words: the real sample document and a generated one.
fn render_benchmarks(c: &mut Criterion, fixtures: &Fixtures) {
    let mut group = c.benchmark_group("render");
    for (name, document) in [
        ("sample_document", fixtures.sample_document()),
        ("generated_1000_words", fixtures.generated_document()),
    ] {
        group.bench_function(name, |b| b.iter(|| render_document(black_box(document))));
    }
    group.finish();
}

/// CSL formatting of one document in Chicago (note and bibliography), MLA and APA, by the
/// engine and from its shape's template; and every citation of the document (CSL, BibTeX,
/// RIS, CSL-JSON), without the cache.
fn cite_benchmarks(c: &mut Criterion, fixtures: &Fixtures) {
    let mut group = c.benchmark_group("cite");
    let edition = &fixtures.sample;
    let document = fixtures.sample_document();
    let json = serde_json::to_string(&csl::item(&CiteRecord::new(edition, document)))
        .expect("the CSL-JSON item");
    // The styles are parsed once per process: parse them before measuring.
    csl::check_styles().expect("the shipped styles parse");
    group.bench_function("csl_format/sample_document", |b| {
        b.iter(|| csl::format_by_engine(black_box(&json)).expect("formats"))
    });
    // After the first call the document's shape has a template.
    group.bench_function("csl_template/sample_document", |b| {
        b.iter(|| csl::format(black_box(&json)).expect("formats"))
    });
    group.bench_function("document_citations/sample_document", |b| {
        b.iter(|| folio::cite::document_citations(edition, black_box(document)))
    });
    group.finish();
}

/// The site graph of the sample edition and of the generated one.
fn graph_benchmarks(c: &mut Criterion, fixtures: &Fixtures) {
    let mut group = c.benchmark_group("graph");
    let sample_people: Vec<Vec<String>> = fixtures
        .sample
        .documents
        .iter()
        .map(|d| render_document(d).people)
        .collect();
    group.bench_function("site_graph/sample", |b| {
        b.iter(|| SiteGraph::build(black_box(&fixtures.sample), |i| sample_people[i].as_slice()))
    });
    group.bench_function(format!("site_graph/generated_{GENERATED_DOCUMENTS}"), |b| {
        b.iter(|| {
            SiteGraph::build(black_box(&fixtures.generated), |i| {
                fixtures.generated_body_people[i].as_slice()
            })
        })
    });
    group.finish();
}

/// The whole sample site in memory (bodies, citations, graph, pages, search index), and
/// minifying the page of [`SAMPLE_DOCUMENT`] with the build's settings.
fn site_benchmarks(c: &mut Criterion, fixtures: &Fixtures) {
    let mut group = c.benchmark_group("site");
    slow(&mut group);
    let render = |mut edition: Edition, files: &mut Vec<folio::output::OutputFile>| {
        let texts = edition.take_texts();
        folio::site::render_site(
            &edition,
            texts,
            &CitationCache::in_memory(),
            folio::site::Keep::Nothing,
            None,
            &mut |block| {
                files.extend(block);
                Ok(())
            },
        )
        .unwrap_or_else(|e| panic!("the sample site does not render:\n{e}"))
    };
    group.bench_function("render_site/sample", |b| {
        b.iter_batched(
            || fixtures.load_sample(),
            |edition| render(edition, &mut Vec::new()),
            criterion::BatchSize::SmallInput,
        )
    });
    let mut files = Vec::new();
    render(fixtures.load_sample(), &mut files);
    let page_path = format!("documents/{SAMPLE_DOCUMENT}/index.html");
    let page = files
        .iter()
        .find_map(|file| match &file.contents {
            Contents::Html(html) if file.path == page_path => Some(html.as_str()),
            _ => None,
        })
        .expect("the document page");
    let config = folio::output::write::minify_config();
    group.sample_size(50);
    group.bench_function("minify/sample_document_page", |b| {
        b.iter(|| minify_html::minify(black_box(page.as_bytes()), config))
    });
    group.finish();
}

/// Runs every group on one set of fixtures.
fn hot_paths(c: &mut Criterion) {
    let fixtures = Fixtures::new();
    load_benchmarks(c, &fixtures);
    render_benchmarks(c, &fixtures);
    cite_benchmarks(c, &fixtures);
    graph_benchmarks(c, &fixtures);
    site_benchmarks(c, &fixtures);
}

criterion_group! {
    name = benches;
    // Shorter than criterion's defaults (3 s warm-up, 5 s per benchmark) so that the whole
    // run takes a minute of measuring (plus as much again drawing plots, unless `--noplot`);
    // `--warm-up-time` and `--measurement-time` override this.
    config = Criterion::default()
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3));
    targets = hot_paths
}
criterion_main!(benches);
