//! TEI P5 export: each document as a TEI file (`documents/ID/tei.xml`) and the whole
//! edition as a `teiCorpus` (`data/edition.tei.xml`) whose header holds the person
//! authority as a `listPerson`, followed by every document's header, its text pointing to
//! the document's own file. (With the texts themselves the corpus of a 10,000-document
//! edition was over 100 MB, more than GitHub accepts in one file, and a text edit had to
//! write it all again.)
//!
//! A document's header carries its title, author, translators (`respStmt`), the edition as
//! publisher with its licence, the archive and reference (`msIdentifier`), its dates (the
//! day it was written in `creation`, the event it records in `settingDesc`, with
//! uncertainty as `@cert`), and who took part and who is mentioned (`particDesc`). Its body
//! is the rendered text read back into TEI: editorial insertions become `supplied`,
//! original-language glosses `foreign` with `xml:lang`, omissions `gap`, footnotes `note`
//! at their reference, `::: note` blocks `note type="editorial"`, the `::: header` and
//! `::: signature` blocks `opener` and `closer`/`signed`, an original-language block
//! `quote` with its `xml:lang`, page markers (`[l. 176]`) `pb` pointing to the facsimile
//! page of the same name, and `person:` references `persName` whose `@ref` points into the
//! corpus's `listPerson` (and to the person's authority records). A document with a
//! facsimile lists its page images as `facsimile/surface/graphic`.
//!
//! Every file validates against the `tei_all` RelaxNG schema (`tests/tei.rs` runs jing).

use ego_tree::NodeRef;
use scraper::{Html, Node};

use super::graph::SiteGraph;
use super::urls::{Urls, route};
use crate::content::date::EditionDate;
use crate::content::{Edition, Person, authority};
use crate::output::{Contents, OutputFile};
use crate::render::Rendered;
use crate::util::escape::escape_xml;

/// How TEI is written, in the hash of a file's inputs: change it whenever this module
/// changes what it writes, so that a build does not keep files written the old way.
const TEI_FORMAT: &str = "folio-tei-4";

/// The TEI namespace.
const TEI_NS: &str = "http://www.tei-c.org/ns/1.0";

/// The file name of a document's TEI, in its folder.
pub const DOCUMENT_FILE: &str = "tei.xml";

/// The route of the edition's `teiCorpus`.
pub const CORPUS: &str = "data/edition.tei.xml";

/// Document `index`'s `TEI` element, its body rendered as `body`: the corpus holds it as it
/// is, and [`document_file`] makes the document's own file of it.
pub fn document_tei(
    edition: &Edition,
    graph: &SiteGraph,
    index: usize,
    body: &Rendered,
    urls: &Urls,
) -> String {
    let mut xml = String::new();
    push_header(&mut xml, edition, graph, index, urls);
    let surfaces = super::facsimile::surfaces(&edition.documents[index], urls);
    if !surfaces.is_empty() {
        xml.push_str("<facsimile>\n");
        for (number, (label, address)) in surfaces.iter().enumerate() {
            xml.push_str(&format!(
                "<surface n=\"{}\" xml:id=\"page-{}\">\n<label>{}</label>\n<graphic url=\"{}\" mimeType=\"image/jpeg\"/>\n</surface>\n",
                number + 1,
                number + 1,
                escape_xml(label),
                escape_xml(address)
            ));
        }
        xml.push_str("</facsimile>\n");
    }
    xml.push_str("<text>\n<body>\n");
    let mut writer = BodyWriter {
        edition,
        urls,
        body,
        surfaces: &surfaces,
        out: String::new(),
    };
    writer.body(&body.html);
    if writer.out.trim().is_empty() {
        writer.out.push_str("<p/>\n");
    }
    xml.push_str(&writer.out);
    xml.push_str("</body>\n</text>\n</TEI>\n");
    xml
}

/// The TEI file of document `index` (`documents/ID/tei.xml`), its body rendered as `body`.
/// It is not made again when `last_build` holds the file made from the same inputs.
pub fn document_file(
    edition: &Edition,
    graph: &SiteGraph,
    index: usize,
    body: &Rendered,
    urls: &Urls,
    last_build: Option<&rustc_hash::FxHashMap<String, u128>>,
) -> OutputFile {
    let path = format!(
        "{}{DOCUMENT_FILE}",
        route::document(&edition.documents[index].id)
    );
    let inputs = document_inputs(edition, graph, index, body, urls);
    if last_build.and_then(|kept| kept.get(&path)) == Some(&inputs) {
        return OutputFile {
            path,
            contents: Contents::Made {
                bytes: None,
                inputs,
            },
        };
    }
    let tei = document_tei(edition, graph, index, body, urls);
    let mut xml = String::with_capacity(tei.len() + 100);
    xml.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    xml.push_str(&tei.replacen("<TEI ", &format!("<TEI xmlns=\"{TEI_NS}\" "), 1));
    OutputFile {
        path,
        contents: Contents::Made {
            bytes: Some(xml.into_bytes()),
            inputs,
        },
    }
}

/// A hash of everything document `index`'s TEI file is made from: Folio's version, the
/// settings and address of the edition, the document, its body, and every person its
/// header or text names. (Reading the body back from HTML is most of the cost of a TEI
/// file, so a build that finds it unchanged does not make it again.)
fn document_inputs(
    edition: &Edition,
    graph: &SiteGraph,
    index: usize,
    body: &Rendered,
    urls: &Urls,
) -> u128 {
    let document = &edition.documents[index];
    let mut hasher = super::pages::HashWriter::default();
    for part in [
        env!("CARGO_PKG_VERSION"),
        TEI_FORMAT,
        &urls.absolute(""),
        &document.id,
        &body.html,
    ] {
        hasher.0.update(&(part.len() as u64).to_le_bytes());
        hasher.0.update(part.as_bytes());
    }
    for note in &body.footnotes {
        hasher.0.update(&(note.html.len() as u64).to_le_bytes());
        hasher.0.update(note.html.as_bytes());
    }
    hasher.add_serialized(&edition.config);
    hasher.add_serialized(&document.meta);
    let named = (document.meta.author.iter())
        .chain(document.meta.participants.iter().map(|p| &p.person))
        .chain(body.people.iter())
        .map(String::as_str)
        .chain(
            graph.documents[index]
                .mentioned
                .iter()
                .map(|&p| edition.people[p].id.as_str()),
        );
    for id in named {
        hasher.0.update(&(id.len() as u64).to_le_bytes());
        hasher.0.update(id.as_bytes());
        match edition.person(id) {
            Some(person) => hasher.add_serialized(&person.meta),
            None => hasher.0.update(&[0]),
        }
    }
    hasher.0.digest128()
}

/// The edition as a `teiCorpus`: its header, with the person authority as a `listPerson`,
/// then every document's header, in document order, its text a pointer to the document's
/// own TEI file.
pub fn corpus_file(edition: &Edition, graph: &SiteGraph, urls: &Urls) -> OutputFile {
    let config = &edition.config;
    let mut xml = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    xml.push_str(&format!(
        "<teiCorpus xmlns=\"{TEI_NS}\" xml:lang=\"{}\">\n",
        escape_xml(&config.language)
    ));
    xml.push_str("<teiHeader>\n<fileDesc>\n<titleStmt>\n");
    element(&mut xml, "title", &config.title);
    for editor in &config.editors {
        element(&mut xml, "editor", editor);
    }
    xml.push_str("</titleStmt>\n");
    push_publication(&mut xml, edition, &urls.absolute(CORPUS));
    xml.push_str("<sourceDesc>\n<p>A digital edition of the documents it holds; each document's source is described in its own header.</p>\n</sourceDesc>\n</fileDesc>\n");
    if !edition.people.is_empty() {
        xml.push_str("<profileDesc>\n<particDesc>\n<listPerson>\n");
        for person in &edition.people {
            push_authority_entry(&mut xml, person, urls);
        }
        xml.push_str("</listPerson>\n</particDesc>\n</profileDesc>\n");
    }
    xml.push_str("</teiHeader>\n");
    for (index, document) in edition.documents.iter().enumerate() {
        push_header(&mut xml, edition, graph, index, urls);
        let file = urls.absolute(&format!("{}{DOCUMENT_FILE}", route::document(&document.id)));
        xml.push_str(&format!(
            "<text>\n<body>\n<p>The text is in <ref target=\"{}\">its own TEI file</ref>.</p>\n</body>\n</text>\n</TEI>\n",
            escape_xml(&file)
        ));
    }
    xml.push_str("</teiCorpus>\n");
    OutputFile {
        path: CORPUS.to_owned(),
        contents: Contents::Text(xml),
    }
}

/// The `xml:id` of a person in the corpus's `listPerson` (ids may begin with a digit,
/// which an `xml:id` may not).
fn person_xml_id(id: &str) -> String {
    format!("person-{id}")
}

/// The `@ref` of a person: their entry in the corpus, then their authority records.
fn person_ref(edition: &Edition, id: &str, urls: &Urls) -> String {
    let mut refs = format!("{}#{}", urls.absolute(CORPUS), person_xml_id(id));
    if let Some(person) = edition.person(id) {
        for (scheme, value) in authority::in_order(&person.meta.authority) {
            refs.push(' ');
            refs.push_str(&scheme.record_url(value));
        }
    }
    refs
}

fn push_authority_entry(xml: &mut String, person: &Person, urls: &Urls) {
    xml.push_str(&format!(
        "<person xml:id=\"{}\">\n",
        person_xml_id(&person.id)
    ));
    element(xml, "persName", &person.meta.name);
    for variant in &person.meta.variants {
        xml.push_str("<persName type=\"variant\">");
        xml.push_str(&escape_xml(variant));
        xml.push_str("</persName>\n");
    }
    xml.push_str(&format!(
        "<idno type=\"URI\">{}</idno>\n",
        escape_xml(&urls.absolute(&route::person(&person.id)))
    ));
    for (scheme, value) in authority::in_order(&person.meta.authority) {
        xml.push_str(&format!(
            "<idno type=\"{}\">{}</idno>\n",
            escape_xml(scheme.key),
            escape_xml(value)
        ));
    }
    if !person.meta.dates.is_empty() {
        xml.push_str("<note type=\"dates\">");
        xml.push_str(&escape_xml(&person.meta.dates));
        xml.push_str("</note>\n");
    }
    for role in &person.meta.roles {
        element(xml, "occupation", role);
    }
    xml.push_str("</person>\n");
}

fn push_publication(xml: &mut String, edition: &Edition, idno: &str) {
    let config = &edition.config;
    xml.push_str("<publicationStmt>\n");
    let publisher = if config.publisher.is_empty() {
        &config.title
    } else {
        &config.publisher
    };
    element(xml, "publisher", publisher);
    xml.push_str(&format!("<idno type=\"URI\">{}</idno>\n", escape_xml(idno)));
    if !config.license.is_empty() {
        xml.push_str("<availability>\n<licence>");
        xml.push_str(&escape_xml(&config.license));
        xml.push_str("</licence>\n</availability>\n");
    }
    xml.push_str("</publicationStmt>\n");
}

/// The opening of document `index`'s `TEI` element (without the namespace declaration,
/// which the corpus holds) and its `teiHeader`.
fn push_header(xml: &mut String, edition: &Edition, graph: &SiteGraph, index: usize, urls: &Urls) {
    let document = &edition.documents[index];
    let meta = &document.meta;
    xml.push_str(&format!(
        "<TEI xml:id=\"doc-{}\" xml:lang=\"{}\">\n",
        escape_xml(&document.id),
        escape_xml(&edition.config.language)
    ));
    xml.push_str("<teiHeader>\n<fileDesc>\n<titleStmt>\n");
    element(xml, "title", &meta.title);
    if let Some(author) = &meta.author {
        let name = edition
            .person(author)
            .map_or(author.as_str(), |p| &p.meta.name);
        xml.push_str(&format!(
            "<author><persName ref=\"{}\">{}</persName></author>\n",
            escape_xml(&person_ref(edition, author, urls)),
            escape_xml(name)
        ));
    }
    for editor in &edition.config.editors {
        element(xml, "editor", editor);
    }
    for translator in &meta.translators {
        xml.push_str("<respStmt>\n<resp>Translation</resp>\n");
        element(xml, "name", translator);
        xml.push_str("</respStmt>\n");
    }
    xml.push_str("</titleStmt>\n");
    push_publication(xml, edition, &urls.absolute(&route::document(&document.id)));
    xml.push_str("<sourceDesc>\n<msDesc>\n<msIdentifier>\n");
    let mut identified = false;
    if !meta.archive.is_empty() {
        element(xml, "repository", &meta.archive);
        identified = true;
    }
    if !meta.collection.is_empty() {
        element(xml, "collection", &meta.collection);
        identified = true;
    }
    if !meta.archive_location.is_empty() {
        element(xml, "idno", &meta.archive_location);
        identified = true;
    }
    if !identified {
        element(xml, "msName", &meta.title);
    }
    xml.push_str("</msIdentifier>\n");
    let mut contents = Vec::new();
    if !meta.summary.is_empty() {
        contents.push(format!(
            "<summary>{}</summary>\n",
            escape_xml(&meta.summary)
        ));
    }
    if !meta.classification.is_empty() {
        contents.push(format!(
            "<msItem><note type=\"classification\">{}</note></msItem>\n",
            escape_xml(&meta.classification)
        ));
    }
    if !contents.is_empty() {
        xml.push_str("<msContents>\n");
        contents.iter().for_each(|c| xml.push_str(c));
        xml.push_str("</msContents>\n");
    }
    if !meta.archive_citation.is_empty() || !meta.source_url.is_empty() {
        xml.push_str("<additional>\n<surrogates>\n<bibl>");
        xml.push_str(&escape_xml(&meta.archive_citation));
        if !meta.source_url.is_empty() {
            xml.push_str(&format!(
                " <ref target=\"{}\">{}</ref>",
                escape_xml(&meta.source_url),
                escape_xml(&meta.source_url)
            ));
        }
        xml.push_str("</bibl>\n</surrogates>\n</additional>\n");
    }
    xml.push_str("</msDesc>\n</sourceDesc>\n</fileDesc>\n");

    xml.push_str("<profileDesc>\n");
    if let Some(date) = &meta.date {
        xml.push_str("<creation>");
        push_date(xml, date);
        xml.push_str("</creation>\n");
    }
    let language = crate::content::language::language_tag(&meta.original_language);
    if let Some(tag) = &language {
        xml.push_str(&format!(
            "<langUsage>\n<language ident=\"{}\">{}</language>\n</langUsage>\n",
            escape_xml(tag),
            escape_xml(&meta.original_language)
        ));
    }
    // Everyone the front matter or the text names, but for the participants and the author.
    let mentioned: Vec<&str> = graph.documents[index]
        .mentioned
        .iter()
        .map(|&p| edition.people[p].id.as_str())
        .collect();
    if !meta.participants.is_empty() || !mentioned.is_empty() {
        xml.push_str("<particDesc>\n");
        if !meta.participants.is_empty() {
            xml.push_str("<listPerson type=\"participants\">\n");
            for participant in &meta.participants {
                let role = if participant.role.is_empty() {
                    String::new()
                } else {
                    format!(" role=\"{}\"", escape_xml(&participant.role))
                };
                push_listed_person(xml, edition, &participant.person, &role, urls);
            }
            xml.push_str("</listPerson>\n");
        }
        if !mentioned.is_empty() {
            xml.push_str("<listPerson type=\"mentioned\">\n");
            for id in mentioned {
                push_listed_person(xml, edition, id, "", urls);
            }
            xml.push_str("</listPerson>\n");
        }
        xml.push_str("</particDesc>\n");
    }
    if let Some(date) = &meta.event_date {
        xml.push_str("<settingDesc>\n<setting>");
        push_date(xml, date);
        xml.push_str("</setting>\n</settingDesc>\n");
    }
    if !meta.kind.is_empty() {
        xml.push_str("<textClass>\n<keywords>\n");
        element(xml, "term", &meta.kind);
        xml.push_str("</keywords>\n</textClass>\n");
    }
    xml.push_str("</profileDesc>\n</teiHeader>\n");
}

fn push_listed_person(xml: &mut String, edition: &Edition, id: &str, role: &str, urls: &Urls) {
    let name = edition.person(id).map_or(id, |p| p.meta.name.as_str());
    xml.push_str(&format!(
        "<person{role}><persName ref=\"{}\">{}</persName></person>\n",
        escape_xml(&person_ref(edition, id, urls)),
        escape_xml(name)
    ));
}

/// A `date` with the EDTF precision of `date` (`1961`, `1961-09`, `1961-09-30`), its
/// uncertainty (`?`) as `@cert="medium"` and approximation (`~`) as `@cert="low"`.
fn push_date(xml: &mut String, date: &EditionDate) {
    let cert = if date.approximate {
        " cert=\"low\""
    } else if date.uncertain {
        " cert=\"medium\""
    } else {
        ""
    };
    xml.push_str(&format!(
        "<date when=\"{}\"{cert}>{}</date>",
        escape_xml(&date.iso()),
        escape_xml(&date.human())
    ));
}

/// Writes a rendered body as TEI.
struct BodyWriter<'a> {
    edition: &'a Edition,
    urls: &'a Urls,
    body: &'a Rendered,
    /// The facsimile's pages (label, image), for page markers to point to.
    surfaces: &'a [(String, String)],
    out: String,
}

/// Where text is being written: directly in a block container (only blocks), or in a
/// paragraph-like element (text and phrases).
#[derive(Clone, Copy, PartialEq)]
enum Context {
    Blocks,
    Phrases,
}

impl BodyWriter<'_> {
    fn body(&mut self, html: &str) {
        let fragment = Html::parse_fragment(html);
        let root = fragment.root_element();
        let blocks = body_blocks(root.children());
        let is_node_of = |block: &Block<'_>, name: &str, kind: &str| match block {
            Block::Node(node) => {
                element_name_class(node).is_some_and(|(n, c)| n == name && c.contains(kind))
            }
            Block::Original(_) => false,
        };
        // The header opens the text even when an original-language passage comes first,
        // and the signature closes it even when editors' notes follow it (TEI allows notes
        // after a `closer`).
        let first = blocks
            .iter()
            .position(|b| matches!(b, Block::Node(_)))
            .filter(|&i| is_node_of(&blocks[i], "header", "doc-header"));
        let last = blocks
            .iter()
            .rposition(|b| matches!(b, Block::Node(_)) && !is_node_of(b, "aside", "doc-note"))
            .filter(|&i| is_node_of(&blocks[i], "footer", "doc-signature"));
        if let Some(Block::Node(header)) = first.map(|i| &blocks[i]) {
            self.out.push_str("<opener>");
            self.flattened(header);
            self.out.push_str("</opener>\n");
        }
        for (i, block) in blocks.iter().enumerate() {
            match block {
                _ if Some(i) == first => {}
                Block::Node(node) if Some(i) == last => {
                    self.out.push_str("<closer><signed>");
                    self.flattened(node);
                    self.out.push_str("</signed></closer>\n");
                }
                Block::Node(node) => self.node(node, Context::Blocks),
                Block::Original(cell) => self.original(cell),
            }
        }
    }

    /// An original-language passage (`::: original ru`, or a cell of a parallel text).
    fn original(&mut self, node: &NodeRef<'_, Node>) {
        let lang = match node.value() {
            Node::Element(element) => element.attr("lang").unwrap_or("und"),
            _ => "und",
        };
        self.wrapped(
            node,
            &format!(
                "<quote type=\"original\" xml:lang=\"{}\">\n",
                escape_xml(lang)
            ),
            "</quote>\n",
            Context::Blocks,
        );
    }

    fn flattened(&mut self, node: &NodeRef<'_, Node>) {
        let mut first = true;
        for child in node.children().filter(|n| !is_blank(n)) {
            if !first {
                self.out.push_str("<lb/>");
            }
            first = false;
            match element_name_class(&child) {
                Some(("p" | "div" | "header" | "footer" | "blockquote", _)) => {
                    self.children(&child, Context::Phrases);
                }
                _ => self.node(&child, Context::Phrases),
            }
        }
    }

    fn children(&mut self, node: &NodeRef<'_, Node>, context: Context) {
        for child in node.children() {
            self.node(&child, context);
        }
    }

    /// Writes `node` in `context`; phrases met among blocks are wrapped in a paragraph.
    fn node(&mut self, node: &NodeRef<'_, Node>, context: Context) {
        match node.value() {
            Node::Text(t) => {
                if context == Context::Phrases {
                    self.out.push_str(&escape_xml(t));
                } else if !t.trim().is_empty() {
                    self.out.push_str("<p>");
                    self.out.push_str(&escape_xml(t.trim()));
                    self.out.push_str("</p>\n");
                }
            }
            Node::Element(element) => {
                let name = element.name();
                let class = element.attr("class").unwrap_or_default();
                let is_block = matches!(
                    name,
                    "p" | "div"
                        | "header"
                        | "footer"
                        | "section"
                        | "aside"
                        | "blockquote"
                        | "ul"
                        | "ol"
                        | "table"
                        | "h1"
                        | "h2"
                        | "h3"
                        | "h4"
                        | "h5"
                        | "h6"
                        | "hr"
                        | "pre"
                );
                if context == Context::Phrases && is_block {
                    // A block inside a phrase (raw HTML): its phrases, on a new line.
                    self.out.push_str("<lb/>");
                    self.children(node, Context::Phrases);
                    return;
                }
                if context == Context::Blocks && !is_block {
                    self.out.push_str("<p>");
                    self.node(node, Context::Phrases);
                    self.out.push_str("</p>\n");
                    return;
                }
                match name {
                    "p" => self.wrapped(node, "<p>", "</p>\n", Context::Phrases),
                    "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => {
                        self.wrapped(node, "<p rend=\"heading\">", "</p>\n", Context::Phrases)
                    }
                    "pre" => self.wrapped(
                        node,
                        "<ab type=\"preformatted\">",
                        "</ab>\n",
                        Context::Phrases,
                    ),
                    "hr" => self.out.push_str("<milestone unit=\"section\"/>\n"),
                    "blockquote" => self.wrapped(node, "<quote>\n", "</quote>\n", Context::Blocks),
                    "ul" | "ol" => {
                        let rend = if name == "ul" { "bulleted" } else { "numbered" };
                        self.out.push_str(&format!("<list rend=\"{rend}\">\n"));
                        for item in node.children() {
                            if element_name_class(&item).is_some_and(|(n, _)| n == "li") {
                                self.item(&item, "<item>", "</item>\n");
                            }
                        }
                        self.out.push_str("</list>\n");
                    }
                    "table" => self.table(node),
                    "aside" if class.contains("doc-note") => self.wrapped(
                        node,
                        "<note type=\"editorial\">\n",
                        "</note>\n",
                        Context::Blocks,
                    ),
                    "div" if class.contains("doc-original") => self.original(node),
                    "div" | "header" | "footer" | "section" | "aside" => {
                        // The attendance block, or a header or signature block that is not
                        // at the start or the end: a block of its own kind, its paragraphs
                        // as lines.
                        let kind = class
                            .split_whitespace()
                            .next()
                            .map(|c| c.trim_start_matches("doc-"))
                            .unwrap_or("block");
                        self.out
                            .push_str(&format!("<ab type=\"{}\">", escape_xml(kind)));
                        self.flattened(node);
                        self.out.push_str("</ab>\n");
                    }
                    _ => self.phrase(node, element),
                }
            }
            _ => {}
        }
    }

    /// A list item or table cell: paragraphs if it has any, else its phrases.
    fn item(&mut self, node: &NodeRef<'_, Node>, open: &str, close: &str) {
        let has_blocks = node.children().any(|c| {
            element_name_class(&c)
                .is_some_and(|(n, _)| matches!(n, "p" | "ul" | "ol" | "blockquote" | "div"))
        });
        let context = if has_blocks {
            Context::Blocks
        } else {
            Context::Phrases
        };
        self.wrapped(node, open, close, context);
    }

    fn table(&mut self, node: &NodeRef<'_, Node>) {
        self.out.push_str("<table>\n");
        for row in node
            .descendants()
            .filter(|d| element_name_class(d).is_some_and(|(n, _)| n == "tr"))
        {
            self.out.push_str("<row>");
            for cell in row.children() {
                match element_name_class(&cell) {
                    Some(("th", _)) => self.item(&cell, "<cell role=\"label\">", "</cell>"),
                    Some(("td", _)) => self.item(&cell, "<cell>", "</cell>"),
                    _ => {}
                }
            }
            self.out.push_str("</row>\n");
        }
        self.out.push_str("</table>\n");
    }

    fn wrapped(&mut self, node: &NodeRef<'_, Node>, open: &str, close: &str, context: Context) {
        self.out.push_str(open);
        self.children(node, context);
        self.out.push_str(close);
    }

    /// An inline element.
    fn phrase(&mut self, node: &NodeRef<'_, Node>, element: &scraper::node::Element) {
        let class = element.attr("class").unwrap_or_default();
        match element.name() {
            "br" => self.out.push_str("<lb/>"),
            "em" | "i" if class.contains("gloss") => {
                let lang = element.attr("lang").unwrap_or("und");
                self.wrapped(
                    node,
                    &format!("<foreign xml:lang=\"{}\">", escape_xml(lang)),
                    "</foreign>",
                    Context::Phrases,
                );
            }
            "em" | "i" => self.wrapped(node, "<hi rend=\"italic\">", "</hi>", Context::Phrases),
            "strong" | "b" => self.wrapped(node, "<hi rend=\"bold\">", "</hi>", Context::Phrases),
            "code" => self.wrapped(node, "<code>", "</code>", Context::Phrases),
            "span" if class.contains("insertion") => {
                let inner = plain_text(node);
                let inner = inner
                    .strip_prefix('[')
                    .and_then(|i| i.strip_suffix(']'))
                    .unwrap_or(&inner);
                self.out.push_str("<supplied reason=\"editorial\">");
                self.out.push_str(&escape_xml(inner));
                self.out.push_str("</supplied>");
            }
            "span" if class.contains("omission") => {
                self.out.push_str("<gap reason=\"omitted\"/>");
            }
            "span" if class.contains("page-marker") => {
                let page = element.attr("data-page").unwrap_or_default();
                // The facsimile page of the same name, if there is one.
                let facs = (self.surfaces.iter())
                    .position(|(label, _)| label.rsplit(' ').next() == Some(page) || label == page)
                    .map(|i| format!(" facs=\"#page-{}\"", i + 1))
                    .unwrap_or_default();
                self.out
                    .push_str(&format!("<pb n=\"{}\"{facs}/>", escape_xml(page)));
            }
            "sup" if class.contains("footnote-ref") => self.footnote(node),
            "a" if class.contains("ref-person") => {
                let id = element
                    .attr("href")
                    .and_then(|h| h.trim_end_matches('/').rsplit('/').next())
                    .unwrap_or_default();
                self.out.push_str(&format!(
                    "<persName ref=\"{}\">",
                    escape_xml(&person_ref(self.edition, id, self.urls))
                ));
                self.children(node, Context::Phrases);
                self.out.push_str("</persName>");
            }
            "a" => {
                let target = element.attr("href").unwrap_or_default();
                let target = if target.starts_with('/') {
                    self.urls
                        .absolute(target.trim_start_matches(self.urls.base_path()))
                } else {
                    target.to_owned()
                };
                self.wrapped(
                    node,
                    &format!("<ref target=\"{}\">", escape_xml(&target)),
                    "</ref>",
                    Context::Phrases,
                );
            }
            "img" => {
                let source = element.attr("src").unwrap_or_default();
                self.out.push_str(&format!(
                    "<figure><graphic url=\"{}\"/>",
                    escape_xml(source)
                ));
                if let Some(alt) = element.attr("alt").filter(|a| !a.is_empty()) {
                    self.out
                        .push_str(&format!("<figDesc>{}</figDesc>", escape_xml(alt)));
                }
                self.out.push_str("</figure>");
            }
            // Anything else (raw HTML an editor wrote): its text and phrases.
            _ => self.children(node, Context::Phrases),
        }
    }

    /// A footnote reference: the note itself, where it is referenced.
    fn footnote(&mut self, node: &NodeRef<'_, Node>) {
        let number: usize = plain_text(node).trim().parse().unwrap_or(0);
        let Some(note) = self.body.footnotes.iter().find(|n| n.number == number) else {
            return;
        };
        self.out
            .push_str(&format!("<note place=\"foot\" n=\"{number}\">"));
        let fragment = Html::parse_fragment(&note.html);
        let root = fragment.root_element();
        let has_blocks = root
            .children()
            .any(|c| element_name_class(&c).is_some_and(|(n, _)| n == "p"));
        let context = if has_blocks {
            Context::Blocks
        } else {
            Context::Phrases
        };
        for child in root.children() {
            // The back-link to the reference is the page's, not the text's.
            if element_name_class(&child)
                .is_some_and(|(n, c)| n == "a" && c.contains("footnote-back"))
            {
                continue;
            }
            self.note_node(&child, context);
        }
        self.out.push_str("</note>");
    }

    fn note_node(&mut self, node: &NodeRef<'_, Node>, context: Context) {
        if let Some(("p", _)) = element_name_class(node) {
            self.out.push_str("<p>");
            for child in node.children() {
                if element_name_class(&child)
                    .is_some_and(|(n, c)| n == "a" && c.contains("footnote-back"))
                {
                    continue;
                }
                self.node(&child, Context::Phrases);
            }
            // The space before the back-link left out.
            let kept = self.out.trim_end_matches(' ').len();
            self.out.truncate(kept);
            self.out.push_str("</p>");
        } else {
            self.node(node, context);
        }
    }
}

/// A top-level block of a body as TEI writes it.
enum Block<'n> {
    /// A block of the text.
    Node(NodeRef<'n, Node>),
    /// An original-language passage of a parallel text.
    Original(NodeRef<'n, Node>),
}

/// The blocks of a body, a parallel text (`div.parallel`) read row by row: each original
/// passage just before its translation, as the editor wrote them.
fn body_blocks<'n>(children: impl Iterator<Item = NodeRef<'n, Node>>) -> Vec<Block<'n>> {
    let mut blocks = Vec::new();
    for node in children.filter(|n| !is_blank(n)) {
        if !element_name_class(&node).is_some_and(|(n, c)| n == "div" && c == "parallel") {
            blocks.push(Block::Node(node));
            continue;
        }
        for cell in node.children().flat_map(|row| row.children()) {
            match element_name_class(&cell) {
                Some((_, class)) if class.contains("parallel-empty") => {}
                Some((_, class)) if class.contains("parallel-original") => {
                    blocks.push(Block::Original(cell));
                }
                Some((_, class)) if class.contains("parallel-translation") => {
                    blocks.extend((cell.children()).filter(|n| !is_blank(n)).map(Block::Node))
                }
                _ => {}
            }
        }
    }
    blocks
}

/// The name and class of an element node.
fn element_name_class<'n>(node: &NodeRef<'n, Node>) -> Option<(&'n str, &'n str)> {
    match node.value() {
        Node::Element(element) => Some((element.name(), element.attr("class").unwrap_or_default())),
        _ => None,
    }
}

fn is_blank(node: &NodeRef<'_, Node>) -> bool {
    match node.value() {
        Node::Text(t) => t.trim().is_empty(),
        Node::Element(_) => false,
        _ => true,
    }
}

fn plain_text(node: &NodeRef<'_, Node>) -> String {
    node.descendants()
        .filter_map(|d| match d.value() {
            Node::Text(t) => Some(&**t),
            _ => None,
        })
        .collect()
}

fn element(xml: &mut String, name: &str, content: &str) {
    xml.push_str(&format!("<{name}>{}</{name}>\n", escape_xml(content)));
}
