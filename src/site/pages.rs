//! Every page of the site as a job: which template, which route, which data. Jobs are
//! independent, so they render in parallel.

use serde::Serialize;
use serde_json::json;

use super::graph::{DateRole, DatedDocument, SiteGraph};
use super::pagination;
use super::theme::Theme;
use super::urls::{Urls, route};
use super::views::{
    CardForm, CountedLink, DateView, DocumentCard, DocumentCards, Link, PersonCard, PersonRole,
    SiteView, join_names, person_role, with_card_form,
};
use crate::cite::{Citation, DocumentCitations, Style};
use crate::content::Edition;
use crate::content::date::{month_name, period_iso, period_label};
use crate::diagnostics::Diagnostic;
use crate::output::{Contents, OutputFile};
use crate::render::{Footnote, Rendered};
use rustc_hash::FxHashMap;

/// What a template gets as `page`: most pages build a JSON value; the document page, the
/// most numerous, is a struct that borrows from the edition and is serialised once, straight
/// into the template context.
#[derive(Serialize)]
#[serde(untagged)]
enum PageData<'a> {
    Json(serde_json::Value),
    Document(Box<DocumentPage<'a>>),
    /// A year, month or day of the chronology: the most numerous pages after the
    /// documents', typed so that nothing is built twice.
    Date(Box<DatePage<'a>>),
    Person(Box<PersonPage<'a>>),
}

/// Page `/people/ID/` (or `/people/ID/page/N/`).
#[derive(Serialize)]
struct PersonPage<'a> {
    id: &'a str,
    name: &'a str,
    sort_name: &'a str,
    dates: &'a str,
    variants: &'a [String],
    roles: Vec<&'a String>,
    /// The person's records in authority files.
    authority: Vec<AuthorityLink<'a>>,
    /// Schema.org JSON-LD of the person, with `sameAs` their authority records.
    json_ld: String,
    review: bool,
    biography: &'a str,
    participated: Vec<Participation<'a>>,
    authored: Vec<&'a DocumentCard>,
    mentioned: Vec<&'a DocumentCard>,
    count: usize,
    totals: PersonTotals,
    first: usize,
    pager: Option<pagination::Pager>,
}

/// A person's record in an authority file.
#[derive(Serialize)]
struct AuthorityLink<'a> {
    /// The file (`Wikidata`).
    label: &'static str,
    /// The identifier (`Q5816`).
    id: &'a str,
    /// The record's address.
    url: String,
}

/// A document a person took part in, with their role in it.
#[derive(Serialize)]
struct Participation<'a> {
    document: &'a DocumentCard,
    role: &'a str,
}

/// How many documents a person is in, by how.
#[derive(Serialize)]
struct PersonTotals {
    participated: usize,
    authored: usize,
    mentioned: usize,
}

/// A page of the chronology, as its template (`year.html`, `month.html`, `day.html`) reads
/// it.
#[derive(Serialize)]
#[serde(untagged)]
enum DatePage<'a> {
    Year(YearPage<'a>),
    Month(MonthPage<'a>),
    Day(DayPage<'a>),
}

impl<'a> From<DatePage<'a>> for PageData<'a> {
    fn from(page: DatePage<'a>) -> Self {
        PageData::Date(Box::new(page))
    }
}

/// A document listed under a date.
#[derive(Serialize)]
struct DatedEntry<'a> {
    document: &'a DocumentCard,
    role: DateRole,
    date: DateView,
}

/// Page `/dates/YYYY/`.
#[derive(Serialize)]
struct YearPage<'a> {
    year: i32,
    count: usize,
    months: Vec<YearMonth<'a>>,
    undated: Vec<DatedEntry<'a>>,
    up: Link,
    previous: Option<Link>,
    next: Option<Link>,
}

/// A month on its year's page.
#[derive(Serialize)]
struct YearMonth<'a> {
    label: &'static str,
    url: String,
    count: usize,
    days: Vec<CountedLink>,
    entries: Vec<DatedEntry<'a>>,
}

/// Page `/dates/YYYY/MM/`.
#[derive(Serialize)]
struct MonthPage<'a> {
    year: i32,
    month: &'static str,
    count: usize,
    days: Vec<MonthDay<'a>>,
    undated: Vec<DatedEntry<'a>>,
    up: Link,
    previous: Option<Link>,
    next: Option<Link>,
}

/// A day on its month's page.
#[derive(Serialize)]
struct MonthDay<'a> {
    label: String,
    url: String,
    entries: Vec<DatedEntry<'a>>,
}

/// Page `/dates/YYYY/MM/DD/`.
#[derive(Serialize)]
struct DayPage<'a> {
    label: String,
    iso: String,
    events: Vec<DatedEntry<'a>>,
    written: Vec<DatedEntry<'a>>,
    year: Link,
    up: Link,
    previous: Option<Link>,
    next: Option<Link>,
}

impl From<serde_json::Value> for PageData<'_> {
    fn from(value: serde_json::Value) -> Self {
        PageData::Json(value)
    }
}

/// One citation style in the citation box.
#[derive(Serialize)]
struct StyleView<'a> {
    key: &'static str,
    label: &'static str,
    html: &'a str,
    text: &'a str,
    default: bool,
}

/// The citation box and page metadata of a document.
#[derive(Serialize)]
struct CiteView<'a> {
    styles: [StyleView<'a>; 4],
    bibtex_url: String,
    ris_url: String,
    csl_json_url: String,
    /// The document as TEI P5.
    tei_url: String,
    head_html: String,
    json_ld: String,
    coins: String,
}

/// `page` in `document.html`.
#[derive(Serialize)]
struct DocumentPage<'a> {
    cite: CiteView<'a>,
    id: &'a str,
    title: &'a str,
    kind: &'a str,
    date: Option<DateView>,
    event_date: Option<DateView>,
    date_trail: Vec<Link>,
    author: Option<PersonRole>,
    participants: Vec<PersonRole>,
    mentioned: Vec<PersonRole>,
    archive: &'a str,
    archive_location: &'a str,
    collection: &'a str,
    archive_citation: &'a str,
    translators: String,
    obtained_by: String,
    original_language: &'a str,
    contents: &'a str,
    classification: &'a str,
    copy_number: &'a str,
    source_url: &'a str,
    summary: &'a str,
    source: Option<Link>,
    body: &'a str,
    /// The name of the language of the original passages laid out beside the translation
    /// (`Russian`), when the text has them.
    parallel: Option<&'a str>,
    /// Which marks of the apparatus the text uses, for the key to them.
    apparatus: crate::render::Apparatus,
    /// The page images and scan, when the document has them.
    facsimile: Option<super::facsimile::FacsimileView>,
    footnotes: &'a [Footnote],
    permanent_url: String,
    previous: Option<&'a DocumentCard>,
    next: Option<&'a DocumentCard>,
    related: Vec<&'a DocumentCard>,
}

/// The title of page `number` of a list: `Documents`, then `Documents, page 2`.
fn page_title(title: &str, number: usize) -> String {
    if number <= 1 {
        title.to_owned()
    } else {
        format!("{title}, page {number}")
    }
}

/// Months with at most this many documents list them on the year page.
const YEAR_PAGE_MONTH_LIMIT: usize = 20;

/// One page to render.
#[derive(Debug, Clone, Copy)]
pub enum PageJob {
    /// `/`
    Home,
    /// `/documents/` and its further pages (`/documents/page/N/`), by page number from 1
    Documents(usize),
    /// `/documents/ID/` (index into `Edition::documents`)
    Document(usize),
    /// `/people/`
    People,
    /// `/people/ID/` (index into `Edition::people`) and its further pages, by page number
    /// from 1
    Person(usize, usize),
    /// `/dates/`
    Dates,
    /// `/dates/YYYY/`
    Year(i32),
    /// `/dates/YYYY/MM/`
    Month(i32, u8),
    /// `/dates/YYYY/MM/DD/`
    Day(i32, u8, u8),
    /// A free page (index into `Edition::pages`)
    Page(usize),
    /// `/404.html`
    NotFound,
    /// `/citations/`: the whole edition's bibliography
    Citations,
    /// `/search/`
    Search,
    /// `/data/`: the data exports explained
    Data,
}

/// The rendered texts of an edition, by index: what pages show of its Markdown.
#[derive(Clone, Copy)]
pub struct Texts<'a> {
    /// Rendered document bodies, by document index.
    pub documents: &'a [Rendered],
    /// Rendered biographies, by person index.
    pub biographies: &'a [Rendered],
    /// Rendered free pages, by page index.
    pub pages: &'a [Rendered],
    /// The home page introduction.
    pub introduction: &'a Rendered,
}

/// What is worked out once for all the pages of a build: the site-wide view, the
/// chronology's keys and the documents' cards (made as pages first ask for them).
pub struct SharedViews {
    site: SiteView,
    cards: DocumentCards,
    keys: ChronologyKeys,
}

impl SharedViews {
    /// The shared views of `edition`'s pages.
    pub fn new(edition: &Edition, urls: &Urls, graph: &SiteGraph) -> SharedViews {
        SharedViews {
            site: SiteView::new(&edition.config, &edition.pages, urls),
            cards: DocumentCards::new(edition.documents.len()),
            keys: ChronologyKeys::new(graph),
        }
    }

    /// The site-wide view every template sees.
    pub fn site(&self) -> &SiteView {
        &self.site
    }
}

/// Everything pages are made from: the edition, its rendered texts, the graph, the
/// templates and the [`SharedViews`].
#[derive(Clone, Copy)]
pub struct PageContext<'a> {
    /// The edition.
    pub edition: &'a Edition,
    /// URL maker.
    pub urls: &'a Urls,
    /// Links between documents, people and dates.
    pub graph: &'a SiteGraph,
    /// Rendered document bodies, by document index.
    pub documents: &'a [Rendered],
    /// Rendered biographies, by person index.
    pub biographies: &'a [Rendered],
    /// Rendered free pages, by page index.
    pub pages: &'a [Rendered],
    /// The home page introduction.
    pub introduction: &'a Rendered,
    /// The templates.
    pub theme: &'a Theme,
    /// Site-wide view.
    pub site: &'a SiteView,
    /// The documents' cards, made once each.
    pub cards: &'a DocumentCards,
    /// Chronology keys in order, for previous/next links without rescanning per page.
    pub keys: &'a ChronologyKeys,
}

impl<'a> PageContext<'a> {
    /// The context of `edition`'s pages.
    pub fn new(
        edition: &'a Edition,
        urls: &'a Urls,
        graph: &'a SiteGraph,
        texts: Texts<'a>,
        theme: &'a Theme,
        shared: &'a SharedViews,
    ) -> PageContext<'a> {
        PageContext {
            edition,
            urls,
            graph,
            documents: texts.documents,
            biographies: texts.biographies,
            pages: texts.pages,
            introduction: texts.introduction,
            theme,
            site: &shared.site,
            cards: &shared.cards,
            keys: &shared.keys,
        }
    }

    /// A builder of pages, with the citations of documents `citations_from..` (a build
    /// formats them a block at a time; pages other than documents' need none).
    pub fn builder(
        self,
        citations: &'a [DocumentCitations],
        citations_from: usize,
    ) -> PageBuilder<'a> {
        PageBuilder {
            context: self,
            citations,
            citations_from,
        }
    }
}

/// Renders pages from a [`PageContext`] and the citations of some documents.
pub struct PageBuilder<'a> {
    context: PageContext<'a>,
    /// Citations of documents `citations_from..`, in document order: the documents whose
    /// pages this builder renders.
    citations: &'a [DocumentCitations],
    /// Index of the document of `citations[0]`.
    citations_from: usize,
}

impl<'a> std::ops::Deref for PageBuilder<'a> {
    type Target = PageContext<'a>;

    fn deref(&self) -> &PageContext<'a> {
        &self.context
    }
}

/// Every year, month and day that has documents, in order.
#[derive(Debug, Default)]
pub struct ChronologyKeys {
    years: Vec<i32>,
    months: Vec<(i32, u8)>,
    days: Vec<(i32, u8, u8)>,
}

impl ChronologyKeys {
    /// The keys of `graph`.
    pub fn new(graph: &SiteGraph) -> ChronologyKeys {
        let mut keys = ChronologyKeys::default();
        for (&y, year) in &graph.years {
            keys.years.push(y);
            for (&m, month) in &year.months {
                keys.months.push((y, m));
                keys.days.extend(month.days.keys().map(|&d| (y, m, d)));
            }
        }
        keys
    }
}

/// How a build fingerprints its pages ([`PageBuilder::render_file`]).
pub struct Fingerprints<'a> {
    /// Hash of what every page is made from: the theme, the site view, the base URL
    /// ([`Fingerprints::common`]).
    pub common: u128,
    /// Page path -> hash of the inputs of the page the last build wrote and the output
    /// folder still holds as written.
    pub last_build: &'a FxHashMap<String, u128>,
}

impl Fingerprints<'_> {
    /// The hash of what every page of a site is made from.
    pub fn common(theme: &Theme, site: &SiteView, urls: &Urls) -> u128 {
        let mut hasher = HashWriter::default();
        hasher.0.update(&theme.fingerprint.to_le_bytes());
        hasher.0.update(urls.absolute("").as_bytes());
        hasher.0.update(&[0]);
        hasher.add_serialized(site);
        hasher.0.digest128()
    }
}

/// Feeds what is written to it to a 128-bit hash.
#[derive(Default)]
pub(super) struct HashWriter(pub(super) xxhash_rust::xxh3::Xxh3);

impl HashWriter {
    /// Hashes `value` serialised as MessagePack: like JSON it tells every type and length
    /// (two different values cannot write the same bytes), but strings go in as they are,
    /// where JSON escapes them a character at a time (that was 7 % of a build).
    ///
    /// The encoder writes a few bytes at a time; they are gathered first and hashed in one
    /// update (the hash's own buffering of small writes was half the cost).
    pub(super) fn add_serialized(&mut self, value: &impl Serialize) {
        thread_local! {
            static SERIALIZED: std::cell::RefCell<Vec<u8>> = const { std::cell::RefCell::new(Vec::new()) };
        }
        SERIALIZED.with_borrow_mut(|bytes| {
            bytes.clear();
            if rmp_serde::encode::write(bytes, value).is_ok() {
                self.0.update(bytes);
            } else {
                // Not reached with Folio's views; were it, the JSON of the value still counts.
                self.0.update(b"json");
                let _ = serde_json::to_writer(&mut *self, value);
            }
        });
    }
}

impl std::io::Write for HashWriter {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.update(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// A page before its template runs: everything it is made from.
struct PreparedPage<'a> {
    template: &'static str,
    route: String,
    title: String,
    og_type: &'static str,
    description: &'a str,
    data: PageData<'a>,
}

impl PreparedPage<'_> {
    /// A hash of everything the page is made from, given the `common` hash of the theme
    /// and site: two pages with the same hash render to the same HTML.
    fn inputs(&self, common: u128) -> u128 {
        let mut hasher = HashWriter::default();
        hasher.0.update(&common.to_le_bytes());
        for part in [
            self.template,
            self.route.as_str(),
            self.title.as_str(),
            self.og_type,
            self.description,
        ] {
            hasher.0.update(&(part.len() as u64).to_le_bytes());
            hasher.0.update(part.as_bytes());
        }
        with_card_form(CardForm::Fingerprint, || hasher.add_serialized(&self.data));
        hasher.0.digest128()
    }
}

/// A rendered page: its route and HTML.
pub struct RenderedPage {
    /// Route of the page.
    pub route: String,
    /// The page HTML.
    pub html: String,
}

impl<'a> PageBuilder<'a> {
    /// Every page of the site but the documents' own (`PageJob::Document`): the pages that
    /// list and index them.
    pub fn index_jobs(&self) -> Vec<PageJob> {
        let mut jobs = vec![
            PageJob::Home,
            PageJob::People,
            PageJob::Dates,
            PageJob::NotFound,
            PageJob::Citations,
            PageJob::Search,
            PageJob::Data,
        ];
        let document_pages = pagination::page_count(self.edition.documents.len());
        jobs.extend((1..=document_pages).map(PageJob::Documents));
        for person in 0..self.edition.people.len() {
            jobs.extend((1..=self.person_page_count(person)).map(|n| PageJob::Person(person, n)));
        }
        jobs.extend((0..self.edition.pages.len()).map(PageJob::Page));
        for (&year, months) in &self.graph.years {
            jobs.push(PageJob::Year(year));
            for (&month, days) in &months.months {
                jobs.push(PageJob::Month(year, month));
                jobs.extend(days.days.keys().map(|&day| PageJob::Day(year, month, day)));
            }
        }
        jobs
    }

    /// Renders one page.
    pub fn render(&self, job: PageJob) -> Result<RenderedPage, Diagnostic> {
        let page = self.prepare(job);
        let html = self.render_prepared(&page)?;
        Ok(RenderedPage {
            route: page.route,
            html,
        })
    }

    /// Renders one page as a file of a build that fingerprints its pages: the page is not
    /// rendered when what it is made from hashes as at the last build (`Page { html: None }`).
    pub fn render_file(
        &self,
        job: PageJob,
        fingerprints: &Fingerprints<'_>,
    ) -> Result<OutputFile, Diagnostic> {
        let page = self.prepare(job);
        let inputs = page.inputs(fingerprints.common);
        let path = crate::output::route_path(&page.route);
        let html = if fingerprints.last_build.get(&path) == Some(&inputs) {
            None
        } else {
            Some(self.render_prepared(&page)?)
        };
        Ok(OutputFile {
            path,
            contents: Contents::Page { html, inputs },
        })
    }

    /// Renders a prepared page through its template.
    fn render_prepared(&self, page: &PreparedPage<'_>) -> Result<String, Diagnostic> {
        let mut context = tera::Context::new();
        context.insert("og_type", page.og_type);
        context.insert("description", page.description);
        context.insert_value("site", self.site.template_value());
        context.insert("title", &page.title);
        context.insert("url", &self.urls.url(&page.route));
        context.insert("canonical_url", &self.urls.absolute(&page.route));
        with_card_form(CardForm::Template, || context.insert("page", &page.data));
        self.theme.render(page.template, &context)
    }

    /// Which template, route, title and data page `job` is made of.
    fn prepare(&self, job: PageJob) -> PreparedPage<'_> {
        let (template, route, title, data) = match job {
            PageJob::Home => (
                "home.html",
                route::HOME.to_owned(),
                self.site.title.clone(),
                self.home().into(),
            ),
            PageJob::Documents(number) => (
                "documents.html",
                route::list_page(route::DOCUMENTS, number),
                page_title("Documents", number),
                self.documents_index(number).into(),
            ),
            PageJob::Document(i) => {
                let document = &self.edition.documents[i];
                (
                    "document.html",
                    route::document(&document.id),
                    document.meta.title.clone(),
                    PageData::Document(Box::new(self.document(i))),
                )
            }
            PageJob::People => (
                "people.html",
                route::PEOPLE.to_owned(),
                "People".to_owned(),
                self.people_index().into(),
            ),
            PageJob::Person(i, number) => {
                let person = &self.edition.people[i];
                (
                    "person.html",
                    route::list_page(&route::person(&person.id), number),
                    page_title(&person.meta.name, number),
                    self.person(i, number),
                )
            }
            PageJob::Dates => (
                "dates.html",
                route::DATES.to_owned(),
                "Chronology".to_owned(),
                self.dates_index().into(),
            ),
            PageJob::Year(y) => ("year.html", route::year(y), y.to_string(), self.year(y)),
            PageJob::Month(y, m) => (
                "month.html",
                route::month(y, m),
                period_label(y, Some(m), None),
                self.month(y, m),
            ),
            PageJob::Day(y, m, d) => (
                "day.html",
                route::day(y, m, d),
                period_label(y, Some(m), Some(d)),
                self.day(y, m, d),
            ),
            PageJob::Page(i) => {
                let page = &self.edition.pages[i];
                let data = json!({ "id": page.id, "title": page.meta.title, "description": page.meta.description, "html": self.pages[i].html });
                (
                    "page.html",
                    route::page(&page.id),
                    page.meta.title.clone(),
                    data.into(),
                )
            }
            PageJob::Citations => (
                "citations.html",
                route::CITATIONS.to_owned(),
                "Citing the edition".to_owned(),
                json!({
                    "count": self.edition.documents.len(),
                    "bibtex_url": self.urls.url(&format!("{}edition.bib", route::CITATIONS)),
                    "ris_url": self.urls.url(&format!("{}edition.ris", route::CITATIONS)),
                    "csl_json_url": self.urls.url(&format!("{}edition.json", route::CITATIONS)),
                })
                .into(),
            ),
            PageJob::NotFound => (
                "404.html",
                route::NOT_FOUND.to_owned(),
                "Page not found".to_owned(),
                json!({}).into(),
            ),
            PageJob::Search => (
                "search.html",
                route::SEARCH.to_owned(),
                "Search".to_owned(),
                json!({
                    "bundle_url": self.urls.url(super::search::BUNDLE_DIR),
                    "documents_url": self.urls.url(route::DOCUMENTS),
                    "people_url": self.urls.url(route::PEOPLE),
                    "dates_url": self.urls.url(route::DATES),
                })
                .into(),
            ),
            PageJob::Data => (
                "data.html",
                route::DATA.to_owned(),
                "Data".to_owned(),
                super::data::page_data(self.edition, self.urls).into(),
            ),
        };
        // Open Graph: documents are articles with their summary; other pages describe the edition.
        let (og_type, description) = match job {
            PageJob::Document(i) => ("article", self.edition.documents[i].meta.summary.as_str()),
            PageJob::Page(i) => ("website", self.edition.pages[i].meta.description.as_str()),
            _ => ("website", ""),
        };
        // A document without a summary has no description: the edition's subtitle would be
        // read as the document's abstract (Zotero's Embedded Metadata takes og:description).
        let description = if description.is_empty() && !matches!(job, PageJob::Document(_)) {
            self.site.subtitle.as_str()
        } else {
            description
        };
        PreparedPage {
            template,
            route,
            title,
            og_type,
            description,
            data,
        }
    }

    fn card(&self, index: usize) -> &'a DocumentCard {
        self.context.cards.get(self.edition, self.urls, index)
    }

    fn cards(&self, indexes: impl IntoIterator<Item = usize>) -> Vec<&'a DocumentCard> {
        indexes.into_iter().map(|i| self.card(i)).collect()
    }

    fn home(&self) -> serde_json::Value {
        let documents = &self.edition.documents;
        let featured: Vec<&DocumentCard> = self
            .edition
            .config
            .featured
            .iter()
            .filter_map(|id| self.edition.document_position(id))
            .map(|i| self.card(i))
            .collect();
        let recent = self.cards((0..documents.len()).rev().take(5));
        let years: Vec<CountedLink> = self
            .graph
            .years
            .iter()
            .map(|(&year, y)| CountedLink {
                label: year.to_string(),
                url: self.urls.url(&route::year(year)),
                count: y.count,
            })
            .collect();
        let pages: Vec<serde_json::Value> = self
            .edition
            .pages
            .iter()
            .map(|p| json!({ "title": p.meta.title, "description": p.meta.description, "url": self.urls.url(&route::page(&p.id)) }))
            .collect();
        let first_and_last = match (
            documents.first().and_then(|d| d.chronology_date()),
            documents.last().and_then(|d| d.chronology_date()),
        ) {
            (Some(first), Some(last)) if first.year != last.year => {
                format!("{}-{}", first.year, last.year)
            }
            (Some(first), _) => first.year.to_string(),
            _ => String::new(),
        };
        json!({
            "introduction": self.introduction.html,
            "document_count": documents.len(),
            "person_count": self.edition.people.len(),
            "year_count": self.graph.years.len(),
            "span": first_and_last,
            "featured": featured,
            "recent": recent,
            "years": years,
            "pages": pages,
            "documents_url": self.urls.url(route::DOCUMENTS),
            "people_url": self.urls.url(route::PEOPLE),
            "dates_url": self.urls.url(route::DATES),
        })
    }

    fn documents_index(&self, number: usize) -> serde_json::Value {
        let total = self.edition.documents.len();
        let shown = pagination::entries_on(number, total);
        let mut groups: Vec<serde_json::Value> = Vec::new();
        let mut current: Option<(String, Vec<&DocumentCard>)> = None;
        for i in shown.clone() {
            let label = self.edition.documents[i]
                .chronology_date()
                .map_or_else(|| "Undated".to_owned(), |d| d.year.to_string());
            match current.as_mut() {
                Some((group, cards)) if *group == label => cards.push(self.card(i)),
                _ => {
                    if let Some((group, cards)) = current.take() {
                        groups.push(json!({ "label": group, "documents": cards }));
                    }
                    current = Some((label, vec![self.card(i)]));
                }
            }
        }
        if let Some((group, cards)) = current {
            groups.push(json!({ "label": group, "documents": cards }));
        }
        let pages = pagination::page_count(total);
        json!({
            "groups": groups,
            "count": total,
            "first": shown.start + 1,
            "last": shown.end,
            "pager": pagination::pager(self.urls, route::DOCUMENTS, number, pages),
        })
    }

    /// Pages of person `index`: as many as its longest list of documents needs.
    pub fn person_page_count(&self, index: usize) -> usize {
        pagination::page_count(self.graph.people[index].longest_list())
    }

    fn document(&self, index: usize) -> DocumentPage<'_> {
        let edition = self.edition;
        let urls = self.urls;
        let document = &edition.documents[index];
        let meta = &document.meta;
        let rendered = &self.documents[index];
        let participants: Vec<PersonRole> = meta
            .participants
            .iter()
            .filter_map(|p| person_role(edition, &p.person, &p.role, urls))
            .collect();
        let mentioned: Vec<PersonRole> = self.graph.documents[index]
            .mentioned
            .iter()
            .map(|&p| {
                let person = &edition.people[p];
                PersonRole {
                    url: urls.url(&route::person(&person.id)),
                    name: person.meta.name.clone(),
                    role: String::new(),
                }
            })
            .collect();
        let author = meta
            .author
            .as_deref()
            .and_then(|id| person_role(edition, id, "", urls));
        let source = meta.source.as_ref().map(|file| Link {
            label: format!("Raw transcript ({file})"),
            url: urls.url(&route::source(file)),
        });
        let citations = &self.citations[index - self.citations_from];
        let document_route = route::document(&document.id);
        let default = citations.default_style;
        fn style<'c>(
            key: &'static str,
            label: &'static str,
            citation: &'c Citation,
            default: bool,
        ) -> StyleView<'c> {
            StyleView {
                key,
                label,
                html: &citation.html,
                text: &citation.text,
                default,
            }
        }
        // One citation record for the three kinds of page metadata.
        let record = crate::cite::record::CiteRecord::new(edition, document);
        let cite = CiteView {
            styles: [
                style(
                    "chicago-note",
                    "Chicago (note)",
                    &citations.chicago_note,
                    default == Style::Chicago,
                ),
                style(
                    "chicago-bibliography",
                    "Chicago (bibliography)",
                    &citations.chicago_bibliography,
                    false,
                ),
                style("mla", "MLA", &citations.mla, default == Style::Mla),
                style("apa", "APA", &citations.apa, default == Style::Apa),
            ],
            bibtex_url: urls.url(&[&document_route, "cite.bib"].concat()),
            ris_url: urls.url(&[&document_route, "cite.ris"].concat()),
            csl_json_url: urls.url(&[&document_route, "cite.json"].concat()),
            tei_url: urls.url(&[&document_route, super::tei::DOCUMENT_FILE].concat()),
            head_html: crate::cite::metadata::head_html(&record),
            json_ld: crate::cite::metadata::json_ld(&record),
            coins: crate::cite::metadata::coins(&record),
        };
        DocumentPage {
            cite,
            id: &document.id,
            title: &meta.title,
            kind: &meta.kind,
            date: meta.date.as_ref().map(|d| DateView::new(d, urls)),
            event_date: meta.event_date.as_ref().map(|d| DateView::new(d, urls)),
            date_trail: self.date_trail(index),
            author,
            participants,
            mentioned,
            archive: &meta.archive,
            archive_location: &meta.archive_location,
            collection: &meta.collection,
            archive_citation: &meta.archive_citation,
            translators: join_names(&meta.translators),
            obtained_by: join_names(&meta.obtained_by),
            original_language: &meta.original_language,
            contents: &meta.contents,
            classification: &meta.classification,
            copy_number: &meta.copy_number,
            source_url: &meta.source_url,
            summary: &meta.summary,
            source,
            body: &rendered.html,
            parallel: rendered.parallel.as_deref().map(|tag| {
                if meta.original_language.is_empty() {
                    tag
                } else {
                    meta.original_language.as_str()
                }
            }),
            apparatus: rendered.apparatus,
            facsimile: super::facsimile::view(edition, document, urls),
            footnotes: &rendered.footnotes,
            permanent_url: urls.absolute(&document_route),
            previous: index.checked_sub(1).map(|i| self.card(i)),
            next: (index + 1 < edition.documents.len()).then(|| self.card(index + 1)),
            related: self.cards(self.graph.related[index].iter().copied()),
        }
    }

    /// Links to every chronology page a document is on: year, month and day of each date.
    fn date_trail(&self, index: usize) -> Vec<Link> {
        let meta = &self.edition.documents[index].meta;
        let mut links: Vec<Link> = Vec::new();
        for date in [meta.event_date, meta.date].into_iter().flatten() {
            let mut candidates = vec![Link {
                label: date.year.to_string(),
                url: self.urls.url(&route::year(date.year)),
            }];
            if let Some(m) = date.month {
                candidates.push(Link {
                    label: period_label(date.year, Some(m), None),
                    url: self.urls.url(&route::month(date.year, m)),
                });
                if let Some(d) = date.day {
                    candidates.push(Link {
                        label: period_label(date.year, Some(m), Some(d)),
                        url: self.urls.url(&route::day(date.year, m, d)),
                    });
                }
            }
            for link in candidates {
                if !links.iter().any(|l| l.url == link.url) {
                    links.push(link);
                }
            }
        }
        links
    }

    fn people_index(&self) -> serde_json::Value {
        let mut groups: Vec<(String, Vec<PersonCard>)> = Vec::new();
        for (i, person) in self.edition.people.iter().enumerate() {
            let card = PersonCard::new(person, self.graph.people[i].document_count(), self.urls);
            let letter = card
                .sort_name
                .chars()
                .next()
                .map_or_else(|| "?".to_owned(), |c| c.to_uppercase().collect());
            match groups.last_mut() {
                Some((current, cards)) if *current == letter => cards.push(card),
                _ => groups.push((letter, vec![card])),
            }
        }
        let groups: Vec<serde_json::Value> = groups
            .into_iter()
            .map(|(letter, people)| json!({ "letter": letter, "people": people }))
            .collect();
        json!({ "groups": groups, "count": self.edition.people.len() })
    }

    /// Page `number` of a person: the biography and facts on the first, and on every page
    /// the same stretch (entries 1-100, 101-200...) of each list of documents.
    fn person(&self, index: usize, number: usize) -> PageData<'a> {
        let person = &self.edition.people[index];
        let links = &self.graph.people[index];
        let page_of = |list_len: usize| pagination::entries_on(number, list_len);
        let participated: Vec<Participation<'a>> = links.participated
            [page_of(links.participated.len())]
        .iter()
        .map(|(d, role)| Participation {
            document: self.card(*d),
            role,
        })
        .collect();
        let mut roles: Vec<&'a String> = person.meta.roles.iter().collect();
        for (_, role) in &links.participated {
            if !role.is_empty() && !roles.iter().any(|r| r.eq_ignore_ascii_case(role)) {
                roles.push(role);
            }
        }
        let authority: Vec<AuthorityLink<'a>> =
            crate::content::authority::in_order(&person.meta.authority)
                .map(|(scheme, id)| AuthorityLink {
                    label: scheme.label,
                    id,
                    url: scheme.record_url(id),
                })
                .collect();
        let mut json_ld = json!({
            "@context": "https://schema.org",
            "@type": "Person",
            "@id": self.urls.absolute(&route::person(&person.id)),
            "url": self.urls.absolute(&route::person(&person.id)),
            "name": person.meta.name,
        });
        if !person.meta.variants.is_empty() {
            json_ld["alternateName"] = json!(person.meta.variants);
        }
        if !authority.is_empty() {
            json_ld["sameAs"] = json!(authority.iter().map(|a| &a.url).collect::<Vec<_>>());
        }
        let json_ld = crate::cite::metadata::escape_for_script(&json_ld.to_string());
        PageData::Person(Box::new(PersonPage {
            id: &person.id,
            name: &person.meta.name,
            sort_name: &person.meta.sort_name,
            dates: &person.meta.dates,
            variants: &person.meta.variants,
            roles,
            authority,
            json_ld,
            review: person.meta.review,
            biography: &self.biographies[index].html,
            participated,
            authored: self.cards(
                links.authored[page_of(links.authored.len())]
                    .iter()
                    .copied(),
            ),
            mentioned: self.cards(
                links.mentioned[page_of(links.mentioned.len())]
                    .iter()
                    .copied(),
            ),
            count: links.document_count(),
            totals: PersonTotals {
                participated: links.participated.len(),
                authored: links.authored.len(),
                mentioned: links.mentioned.len(),
            },
            first: pagination::entries_on(number, usize::MAX).start + 1,
            pager: pagination::pager(
                self.urls,
                &route::person(&person.id),
                number,
                self.person_page_count(index),
            ),
        }))
    }

    fn dates_index(&self) -> serde_json::Value {
        let years: Vec<serde_json::Value> = self
            .graph
            .years
            .iter()
            .map(|(&year, y)| {
                let months: Vec<CountedLink> = y
                    .months
                    .iter()
                    .map(|(&m, month)| CountedLink { label: month_name(m).to_owned(), url: self.urls.url(&route::month(year, m)), count: month.count })
                    .collect();
                json!({ "label": year.to_string(), "url": self.urls.url(&route::year(year)), "count": y.count, "months": months })
            })
            .collect();
        json!({ "years": years })
    }

    fn dated(&self, entries: &[DatedDocument]) -> Vec<DatedEntry<'a>> {
        entries
            .iter()
            .map(|entry| DatedEntry {
                document: self.card(entry.document),
                role: entry.role,
                date: DateView::new(&entry.date, self.urls),
            })
            .collect()
    }

    fn year(&self, year: i32) -> PageData<'a> {
        let Some(y) = self.graph.years.get(&year) else {
            return json!({}).into();
        };
        let months: Vec<YearMonth<'a>> = y
            .months
            .iter()
            .map(|(&m, month)| {
                let days: Vec<CountedLink> = month
                    .days
                    .iter()
                    .map(|(&d, day)| CountedLink {
                        label: d.to_string(),
                        url: self.urls.url(&route::day(year, m, d)),
                        count: day.len(),
                    })
                    .collect();
                // A short month lists its documents, so a reader goes from the year straight to a
                // document; a busy one keeps to its day links and leaves the list to its own page.
                let entries: Vec<DatedDocument> = if month.count <= YEAR_PAGE_MONTH_LIMIT {
                    month
                        .undated_days
                        .iter()
                        .chain(month.days.values().flatten())
                        .copied()
                        .collect()
                } else {
                    Vec::new()
                };
                YearMonth {
                    label: month_name(m),
                    url: self.urls.url(&route::month(year, m)),
                    count: month.count,
                    days,
                    entries: self.dated(&entries),
                }
            })
            .collect();
        let (previous, next) = neighbours(&self.keys.years, &year);
        DatePage::Year(YearPage {
            year,
            count: y.count,
            months,
            undated: self.dated(&y.undated_months),
            up: Link {
                label: "Chronology".into(),
                url: self.urls.url(route::DATES),
            },
            previous: previous.map(|y| Link {
                label: y.to_string(),
                url: self.urls.url(&route::year(y)),
            }),
            next: next.map(|y| Link {
                label: y.to_string(),
                url: self.urls.url(&route::year(y)),
            }),
        })
        .into()
    }

    fn month(&self, year: i32, month: u8) -> PageData<'a> {
        let Some(m) = self
            .graph
            .years
            .get(&year)
            .and_then(|y| y.months.get(&month))
        else {
            return json!({}).into();
        };
        let days: Vec<MonthDay<'a>> = m
            .days
            .iter()
            .map(|(&d, entries)| MonthDay {
                label: period_label(year, Some(month), Some(d)),
                url: self.urls.url(&route::day(year, month, d)),
                entries: self.dated(entries),
            })
            .collect();
        let (previous, next) = neighbours(&self.keys.months, &(year, month));
        let link = |(y, m): (i32, u8)| Link {
            label: period_label(y, Some(m), None),
            url: self.urls.url(&route::month(y, m)),
        };
        DatePage::Month(MonthPage {
            year,
            month: month_name(month),
            count: m.count,
            days,
            undated: self.dated(&m.undated_days),
            up: Link {
                label: year.to_string(),
                url: self.urls.url(&route::year(year)),
            },
            previous: previous.map(link),
            next: next.map(link),
        })
        .into()
    }

    fn day(&self, year: i32, month: u8, day: u8) -> PageData<'a> {
        let entries = self
            .graph
            .years
            .get(&year)
            .and_then(|y| y.months.get(&month))
            .and_then(|m| m.days.get(&day))
            .map_or(&[][..], Vec::as_slice);
        let events: Vec<DatedDocument> = entries
            .iter()
            .copied()
            .filter(|e| e.role == DateRole::Event)
            .collect();
        let written: Vec<DatedDocument> = entries
            .iter()
            .copied()
            .filter(|e| e.role == DateRole::Written)
            .collect();
        let (previous, next) = neighbours(&self.keys.days, &(year, month, day));
        let link = |(y, m, d): (i32, u8, u8)| Link {
            label: period_label(y, Some(m), Some(d)),
            url: self.urls.url(&route::day(y, m, d)),
        };
        DatePage::Day(DayPage {
            label: period_label(year, Some(month), Some(day)),
            iso: period_iso(year, Some(month), Some(day)),
            events: self.dated(&events),
            written: self.dated(&written),
            year: Link {
                label: year.to_string(),
                url: self.urls.url(&route::year(year)),
            },
            up: Link {
                label: period_label(year, Some(month), None),
                url: self.urls.url(&route::month(year, month)),
            },
            previous: previous.map(link),
            next: next.map(link),
        })
        .into()
    }
}

/// The keys before and after `key` in the sorted list `keys`.
fn neighbours<T: Ord + Copy>(keys: &[T], key: &T) -> (Option<T>, Option<T>) {
    match keys.binary_search(key) {
        Ok(i) => (i.checked_sub(1).map(|j| keys[j]), keys.get(i + 1).copied()),
        Err(_) => (None, None),
    }
}
