//! Citations of the edition's documents: Chicago, MLA and APA text, BibTeX, RIS, CSL-JSON,
//! and the metadata reference managers read from a page.
//!
//! # What is cited
//!
//! The edition's page of a document, as a *manuscript* (an archival document) contained in
//! the edition: author, title, kind, document date, translator, the edition (title, editors,
//! publisher), the holding archive and its reference, the digital collection the translation
//! comes from, and the page's permanent URL (`{base_url}/documents/{id}/`).
//!
//! # How
//!
//! [`csl`] builds one CSL-JSON item per document and formats it with the official CSL styles
//! (Chicago 17th ed. notes and bibliography, MLA 9th, APA 7th; XML files in
//! `src/cite/styles/`, embedded in the binary) through hayagriva's CSL processor. The same
//! CSL-JSON, with the editors moved into `note` ([`csl::for_download`]), is the `cite.json`
//! download, and `tests/cite-js/` checks that citeproc-js (Zotero's engine) gives the same
//! text from it. The engine formats one probe per *shape* of item; other
//! items of that shape are filled into the probe's output ([`template`]), which gives the
//! engine's text for a small fraction of its cost. BibTeX, RIS, `<meta>` tags, JSON-LD and
//! COinS are written from the same [`record::CiteRecord`].
//!
//! # Access dates
//!
//! A static page cannot know when it is read, and an access date fixed at build time would be
//! false. So no citation carries one: Chicago 17th ed. (14.12) asks for an access date only
//! when a source has no date of publication or revision, and every document here is dated
//! (a partial date is still a date); MLA 9th makes the access date optional and recommends it
//! only for pages that may change or vanish, and these pages are permanent; APA 7th gives a
//! retrieval date only for pages designed to change over time, which an edition's document
//! page is not. Readers who want one add it in their reference manager, which records the
//! date it saved the item.

pub mod bibtex;
pub mod cache;
pub mod csl;
pub mod metadata;
mod prune;
pub mod record;
pub mod ris;
pub mod template;
mod title;

use std::fmt;
use std::path::Path;

use rayon::prelude::*;

use crate::config::{CONFIG_FILE, SiteConfig};
use crate::content::{Document, Edition};
use crate::diagnostics::{Diagnostic, Diagnostics};
use record::CiteRecord;

pub use record::document_url;

/// A citation style or export format `folio cite --style` accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Style {
    /// Chicago Manual of Style, 17th edition, notes and bibliography.
    Chicago,
    /// MLA Handbook, 9th edition.
    Mla,
    /// APA Publication Manual, 7th edition.
    Apa,
    /// BibTeX (`cite.bib`).
    Bibtex,
    /// RIS (`cite.ris`).
    Ris,
    /// CSL-JSON (`cite.json`).
    CslJson,
}

impl Style {
    /// Every style, in the order they are listed to users.
    pub const ALL: [Style; 6] = [
        Style::Chicago,
        Style::Mla,
        Style::Apa,
        Style::Bibtex,
        Style::Ris,
        Style::CslJson,
    ];

    /// The name used on the command line and in `site.toml` (`chicago`, `csl-json`).
    pub fn name(self) -> &'static str {
        match self {
            Style::Chicago => "chicago",
            Style::Mla => "mla",
            Style::Apa => "apa",
            Style::Bibtex => "bibtex",
            Style::Ris => "ris",
            Style::CslJson => "csl-json",
        }
    }

    /// The style named `name` (case-insensitive).
    pub fn parse(name: &str) -> Option<Style> {
        let name = name.trim().to_ascii_lowercase();
        Style::ALL.into_iter().find(|s| s.name() == name)
    }

    /// True for the three prose styles a page shows (Chicago, MLA, APA).
    pub fn is_prose(self) -> bool {
        matches!(self, Style::Chicago | Style::Mla | Style::Apa)
    }

    /// `chicago, mla, apa, bibtex, ris, csl-json`, for messages.
    pub fn list() -> String {
        Style::ALL.map(Style::name).join(", ")
    }
}

impl fmt::Display for Style {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// One formatted citation, in two renderings of the same text.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Citation {
    /// HTML: italics as `<i>` (also `<b>`, `<sup>`, `<sub>`, small caps as a styled
    /// `<span>`, as a style asks), every text character escaped. Ready to insert.
    pub html: String,
    /// Plain text (no markup, not escaped): for the terminal, `data-` attributes, tests.
    pub text: String,
}

/// Everything the citation box, the page `<head>` and the downloads need for one document.
#[derive(Debug, Clone)]
pub struct DocumentCitations {
    /// The page's permanent URL.
    pub url: String,
    /// The collection's own citation, verbatim (plain text; escape it).
    pub archive_citation: String,
    /// Chicago 17th ed., first full note.
    pub chicago_note: Citation,
    /// Chicago 17th ed., bibliography entry.
    pub chicago_bibliography: Citation,
    /// MLA 9th ed., works-cited entry.
    pub mla: Citation,
    /// APA 7th ed., reference-list entry.
    pub apa: Citation,
    /// `cite.bib`.
    pub bibtex: String,
    /// `cite.ris` (CRLF line ends).
    pub ris: String,
    /// `cite.json`: a CSL-JSON array holding the document's item.
    pub csl_json: String,
    /// The edition's default style (`citation_style` in `site.toml`), for print.
    pub default_style: Style,
}

impl DocumentCitations {
    /// The citation a page prints for `style`: the note form for Chicago (the form a reader
    /// pastes into a footnote); `None` for the export formats.
    pub fn prose(&self, style: Style) -> Option<&Citation> {
        match style {
            Style::Chicago => Some(&self.chicago_note),
            Style::Mla => Some(&self.mla),
            Style::Apa => Some(&self.apa),
            Style::Bibtex | Style::Ris | Style::CslJson => None,
        }
    }

    /// The citation in the edition's default style, for the printed page; Chicago's note
    /// when the default is an export format.
    pub fn default_citation(&self) -> &Citation {
        self.prose(self.default_style).unwrap_or(&self.chicago_note)
    }
}

/// The edition's default citation style from `site.toml`, or an error naming the setting and
/// the valid styles.
pub fn default_style(config: &SiteConfig) -> Result<Style, Diagnostics> {
    Style::parse(&config.citation_style).ok_or_else(|| {
        Diagnostics::single(
            Diagnostic::error(
                CONFIG_FILE,
                format!("unknown citation_style `{}`", config.citation_style),
            )
            .with_hint(format!("use one of: {}", Style::list())),
        )
    })
}

/// Every citation of `document` (a document of `edition`). Costs a few hundred microseconds
/// (the CSL formatting of three styles); the styles are parsed once per process. An
/// unknown `citation_style` falls back to Chicago here: the build reports it through
/// [`default_style`].
pub fn document_citations(edition: &Edition, document: &Document) -> DocumentCitations {
    document_citations_cached(edition, document, &cache::CitationCache::in_memory())
}

/// [`document_citations`], taking formatted citations from `cache` when the document's
/// CSL-JSON item was formatted before (see [`cache`]).
pub fn document_citations_cached(
    edition: &Edition,
    document: &Document,
    cache: &cache::CitationCache,
) -> DocumentCitations {
    let record = CiteRecord::new(edition, document);
    let item = csl::item(&record);
    let formatted = serde_json::to_string(&item)
        .map_err(|e| e.to_string())
        .and_then(|json| cache.format(&json))
        .unwrap_or_default();
    let csl_json = csl_json_file(&[csl::for_download(item)]);
    DocumentCitations {
        url: record.url.clone(),
        archive_citation: record.archive_citation.clone(),
        chicago_note: formatted.chicago_note,
        chicago_bibliography: formatted.chicago_bibliography,
        mla: formatted.mla,
        apa: formatted.apa,
        bibtex: bibtex::entry(&record),
        ris: ris::entry(&record),
        csl_json,
        default_style: default_style(&edition.config).unwrap_or(Style::Chicago),
    }
}

/// The `<meta>` tags (Highwire `citation_*`, Dublin Core `DC.*`, Zotero `z.*`) and Dublin
/// Core schema `<link>`s for the page `<head>`, one per line, fully escaped.
pub fn head_metadata_html(edition: &Edition, document: &Document) -> String {
    metadata::head_html(&CiteRecord::new(edition, document))
}

/// The schema.org `ArchiveComponent` JSON-LD of the document, safe to insert between
/// `<script type="application/ld+json">` and `</script>` as is.
pub fn json_ld(edition: &Edition, document: &Document) -> String {
    metadata::json_ld(&CiteRecord::new(edition, document))
}

/// The COinS ContextObject: the value of `title` on `<span class="Z3988">`. Not escaped for
/// HTML: escape it like any attribute value.
pub fn coins(edition: &Edition, document: &Document) -> String {
    metadata::coins(&CiteRecord::new(edition, document))
}

/// The whole edition's bibliography in the three export formats, documents in
/// chronological order.
#[derive(Debug, Clone)]
pub struct EditionBibliography {
    /// All BibTeX entries, separated by blank lines.
    pub bibtex: String,
    /// All RIS records.
    pub ris: String,
    /// One CSL-JSON array of every item.
    pub csl_json: String,
}

/// The edition-wide `cite.bib`, `cite.ris` and `cite.json`, made from the edition alone. No
/// CSL formatting is involved, and the entries are made in parallel. (A build assembles the
/// same texts from the downloads it formats anyway, with [`BibliographyBuilder`].)
pub fn edition_bibliography(edition: &Edition) -> EditionBibliography {
    // Entries are made in parallel a block at a time and appended at once, so the
    // edition's bibliography exists once, as the three texts.
    const BLOCK: usize = 1024;
    let mut bibliography = BibliographyBuilder::new(edition.documents.len());
    for block in edition.documents.chunks(BLOCK) {
        let entries: Vec<(String, String, String)> = block
            .par_iter()
            .map(|document| {
                let record = CiteRecord::new(edition, document);
                (
                    bibtex::entry(&record),
                    ris::entry(&record),
                    csl_json_file(&[csl::for_download(csl::item(&record))]),
                )
            })
            .collect();
        for (bibtex, ris, csl_json) in &entries {
            bibliography.push_entries(bibtex, ris, csl_json);
        }
    }
    bibliography.finish()
}

/// The edition's bibliography assembled from its documents' own downloads
/// ([`DocumentCitations`]), as a build formats those anyway: the same texts as
/// [`edition_bibliography`], without formatting every entry a second time.
#[derive(Debug)]
pub struct BibliographyBuilder {
    texts: EditionBibliography,
    /// Documents added so far.
    count: usize,
    /// Documents the edition has, to reserve the texts' length once it can be estimated.
    expected: usize,
}

/// After how many documents [`BibliographyBuilder`] reserves room for the rest: growing
/// the texts by doubling would copy each and, for a moment, hold it twice (at 100,000
/// documents, 300 MB more at the build's peak).
const RESERVE_AFTER: usize = 256;

impl BibliographyBuilder {
    /// An empty bibliography for an edition of `documents` documents.
    pub fn new(documents: usize) -> BibliographyBuilder {
        BibliographyBuilder {
            texts: EditionBibliography {
                bibtex: String::new(),
                ris: String::new(),
                csl_json: String::from("[\n"),
            },
            count: 0,
            expected: documents,
        }
    }

    /// Adds the next document's entries; documents must come in chronological order.
    pub fn push(&mut self, citations: &DocumentCitations) {
        self.push_entries(&citations.bibtex, &citations.ris, &citations.csl_json);
    }

    /// [`BibliographyBuilder::push`], from the texts of the document's `cite.bib`,
    /// `cite.ris` and `cite.json`.
    fn push_entries(&mut self, bibtex: &str, ris: &str, csl_json: &str) {
        let texts = &mut self.texts;
        if self.count > 0 {
            texts.bibtex.push('\n');
            texts.csl_json.push_str(",\n");
        }
        texts.bibtex.push_str(bibtex);
        texts.ris.push_str(ris);
        // `cite.json` is the pretty-printed array of the one item: its lines between the
        // brackets are the item as an element of any pretty-printed array.
        let element = (csl_json.strip_prefix("[\n"))
            .and_then(|rest| rest.strip_suffix("\n]\n"))
            .unwrap_or_default();
        texts.csl_json.push_str(element);
        self.count += 1;
        if self.count == RESERVE_AFTER && self.expected > self.count {
            let scale = self.expected.div_ceil(self.count) + 1;
            for text in [&mut texts.bibtex, &mut texts.ris, &mut texts.csl_json] {
                text.reserve(text.len() * scale);
            }
        }
    }

    /// The three texts.
    pub fn finish(mut self) -> EditionBibliography {
        if self.count == 0 {
            self.texts.csl_json = "[]".into();
        } else {
            self.texts.csl_json.push_str("\n]");
        }
        self.texts.csl_json.push('\n');
        self.texts
    }
}

fn csl_json_file(items: &[serde_json::Value]) -> String {
    let mut text = serde_json::to_string_pretty(items).unwrap_or_else(|_| "[]".into());
    text.push('\n');
    text
}

/// `folio cite ID --style STYLE`: the citation text for the terminal. `style` defaults to the
/// edition's setting.
pub fn cite_command(root: &Path, id: &str, style: Option<&str>) -> Result<String, Diagnostics> {
    let loaded = crate::content::Edition::load(root)?;
    let edition = loaded.edition;
    let style = match style {
        Some(name) => Style::parse(name).ok_or_else(|| {
            Diagnostics::single(
                Diagnostic::error("folio cite", format!("unknown citation style `{name}`"))
                    .with_hint(format!("use --style with one of: {}", Style::list())),
            )
        })?,
        None => default_style(&edition.config)?,
    };
    let Some(document) = edition.document(id) else {
        let mut ids: Vec<&str> = edition.documents.iter().map(|d| d.id.as_str()).collect();
        ids.sort_unstable();
        let listed = if ids.len() > 20 {
            format!("{}, ... ({} in all)", ids[..20].join(", "), ids.len())
        } else {
            ids.join(", ")
        };
        return Err(Diagnostics::single(
            Diagnostic::error(
                "folio cite",
                format!(
                    "no document with id `{id}` in {}",
                    crate::content::DOCUMENTS_DIR
                ),
            )
            .with_hint(format!(
                "{}; the documents are: {listed}",
                edition.document_hint(id)
            )),
        ));
    };
    if style.is_prose() {
        csl::check_styles().map_err(|e| {
            Diagnostics::single(Diagnostic::error(
                "folio cite",
                format!("could not load {e}"),
            ))
        })?;
    }
    let citations = document_citations(&edition, document);
    Ok(match style {
        Style::Chicago => format!(
            "Note:\n{}\n\nBibliography:\n{}",
            citations.chicago_note.text, citations.chicago_bibliography.text
        ),
        Style::Mla => citations.mla.text,
        Style::Apa => citations.apa.text,
        Style::Bibtex => citations.bibtex.trim_end().to_owned(),
        Style::Ris => citations.ris.replace("\r\n", "\n").trim_end().to_owned(),
        Style::CslJson => citations.csl_json.trim_end().to_owned(),
    })
}
