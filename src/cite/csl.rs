//! CSL-JSON items and the citation engine: the official Chicago (17th ed., notes and
//! bibliography), MLA (9th) and APA (7th) CSL styles, shipped in `src/cite/styles/` and run by
//! hayagriva's CSL processor.
//!
//! The item is built once as JSON ([`item`]); its text is what the engine formats, and the
//! `cite.json` download is the same item with the editors in `note` ([`for_download`]), the
//! form reference managers import without taking the editors for authors. The cross-check
//! in `tests/cite-js/` feeds the downloads to citeproc-js with the same style files and
//! expects the same text.
//!
//! The styles and the locale are parsed once per process (a few milliseconds) and shared by
//! every document and thread.

use std::sync::OnceLock;

use hayagriva::citationberg::json::Item;
use hayagriva::citationberg::{IndependentStyle, Locale, LocaleFile};
use hayagriva::{
    BibliographyDriver, BibliographyRequest, CitationItem, CitationRequest, ElemChild, ElemChildren,
};
use serde_json::{Map, Value, json};

use super::Citation;
use super::record::{CiteRecord, Name};
use super::template::Templates;
use crate::util::escape::escape_html;

/// The Chicago Manual of Style, 17th edition, notes and bibliography (official CSL style).
pub const CHICAGO_CSL: &str = include_str!("styles/chicago-notes-bibliography-17th-edition.csl");
/// The MLA Handbook, 9th edition (official CSL style).
pub const MLA_CSL: &str = include_str!("styles/modern-language-association.csl");
/// APA Style, 7th edition (official CSL style).
pub const APA_CSL: &str = include_str!("styles/apa.csl");
/// A style that cites without formatting, for when only the bibliography entry is wanted.
const BIBLIOGRAPHY_ONLY_CSL: &str = include_str!("styles/bibliography-only.csl");
/// The official CSL locale for US English, whose terms (`trans.`, `ed.`) all three styles use.
pub const LOCALE_EN_US: &str = include_str!("styles/locales-en-US.xml");

/// The CSL-JSON item of one document, as a JSON value.
///
/// Mapping (CSL 1.0.2 variables): type `manuscript`; `author`; `translator`; `issued` = the
/// document date; `genre` = its kind; `archive` and `archive_location` = the holding archive
/// and its reference; `archive_collection` = the digital collection the translation comes
/// from; `container-title`, `editor`, `publisher` = the edition; `URL` = the page's permanent
/// URL; `language` = the edition's language (the text cited is the translation). No
/// `accessed`: see the module documentation of [`super`]. The date of the event recorded is
/// not a CSL variable these styles print sensibly for a manuscript, so it is left to the
/// JSON-LD `temporalCoverage` (and to the title, which usually names it).
pub fn item(record: &CiteRecord) -> Value {
    let mut item = Map::new();
    item.insert("id".into(), json!(record.id));
    item.insert("type".into(), json!("manuscript"));
    item.insert("title".into(), json!(record.title));
    if let Some(author) = &record.author {
        item.insert("author".into(), json!([name(author)]));
    }
    if !record.translators.is_empty() {
        let names: Vec<Value> = record.translators.iter().map(name).collect();
        item.insert("translator".into(), Value::Array(names));
    }
    if let Some(date) = record.date {
        let mut parts = vec![json!(date.year)];
        if let Some(month) = date.month {
            parts.push(json!(month));
            if let Some(day) = date.day {
                parts.push(json!(day));
            }
        }
        let mut issued = Map::new();
        issued.insert("date-parts".into(), json!([parts]));
        // CSL-JSON has one flag for both: the source's `?` and the editor's `~`.
        if date.approximate || date.uncertain {
            issued.insert("circa".into(), json!(true));
        }
        item.insert("issued".into(), Value::Object(issued));
    }
    let mut text = |key: &str, value: &str| {
        if !value.is_empty() {
            item.insert(key.into(), json!(value));
        }
    };
    text("genre", &record.genre());
    text("archive", &record.archive);
    text("archive_location", &record.archive_location);
    text("archive_collection", &record.collection);
    text("container-title", &record.edition_title);
    text("publisher", &record.publisher);
    text("URL", &record.url);
    text("language", &record.language);
    text("abstract", &record.summary);
    if !record.editors.is_empty() {
        let names: Vec<Value> = record.editors.iter().map(name).collect();
        item.insert("editor".into(), Value::Array(names));
    }
    Value::Object(item)
}

/// The item as the `cite.json` downloads give it: the engine's item, with the edition's
/// editors moved from `editor` into `note` as `editor: …` lines.
///
/// A reference manager saves an item of type `manuscript` as its own Manuscript type, which
/// has no editor: Zotero's CSL-JSON import then saves every editor as an *author* of the
/// document (`itemFromCSLJSON` falls back to the type's primary creator). Lines of the form
/// `variable: value` at the top of `note` are the convention both ends read instead: Zotero
/// keeps them in the item's Extra field and cites them as that variable, and citeproc-js
/// reads them into the item before formatting (`parseNoteFieldHacks`; `Family || Given`
/// for a name in parts, the whole name otherwise). So the download imports without extra
/// authors and still formats, in citeproc-js, to the citations the page shows.
pub fn for_download(mut item: Value) -> Value {
    let Some(object) = item.as_object_mut() else {
        return item;
    };
    let Some(Value::Array(editors)) = object.remove("editor") else {
        return item;
    };
    let mut lines: Vec<String> = editors
        .iter()
        .filter_map(|editor| {
            let part = |key: &str| editor.get(key).and_then(Value::as_str);
            match (part("literal"), part("family"), part("given")) {
                (Some(literal), _, _) => Some(format!("editor: {}", one_line(literal))),
                (None, Some(family), Some(given)) => Some(format!(
                    "editor: {} || {}",
                    one_line(family),
                    one_line(given)
                )),
                (None, Some(family), None) => Some(format!("editor: {}", one_line(family))),
                _ => None,
            }
        })
        .collect();
    if let Some(note) = object.get("note").and_then(Value::as_str) {
        lines.push(note.to_owned());
    }
    if !lines.is_empty() {
        object.insert("note".into(), Value::String(lines.join("\n")));
    }
    item
}

/// `text` on one line, as a `note` field line must be.
fn one_line(text: &str) -> String {
    text.split(['\n', '\r']).collect::<Vec<_>>().join(" ")
}

fn name(name: &Name) -> Value {
    match name {
        Name::Split { family, given } => json!({ "family": family, "given": given }),
        Name::Literal(literal) => json!({ "literal": literal }),
    }
}

/// The four formatted citations of one item.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Formatted {
    /// Chicago first note.
    pub chicago_note: Citation,
    /// Chicago bibliography entry.
    pub chicago_bibliography: Citation,
    /// MLA works-cited entry.
    pub mla: Citation,
    /// APA reference-list entry.
    pub apa: Citation,
}

/// The parsed styles and locale, shared by every document.
struct Engine {
    chicago: IndependentStyle,
    mla: IndependentStyle,
    apa: IndependentStyle,
    /// Cites an item without formatting it, for the styles whose bibliography entry is all
    /// Folio uses: the citation half of a render was a third of the CSL time.
    bibliography_only: IndependentStyle,
    locales: Vec<Locale>,
    /// Templates of the shapes of item met so far ([`super::template`]).
    templates: Templates,
}

static ENGINE: OnceLock<Result<Engine, String>> = OnceLock::new();

fn engine() -> Result<&'static Engine, &'static str> {
    ENGINE
        .get_or_init(|| Engine::new(true))
        .as_ref()
        .map_err(String::as_str)
}

impl Engine {
    /// Parses the shipped styles and locale; `for_manuscripts` prunes the styles to what
    /// a manuscript can reach ([`super::prune`]), which formats the same, faster.
    fn new(for_manuscripts: bool) -> Result<Engine, String> {
        let style = |name: &str, xml: &str| {
            let mut style =
                IndependentStyle::from_xml(xml).map_err(|e| format!("the {name} style: {e}"))?;
            if for_manuscripts {
                super::prune::for_manuscripts(&mut style);
            }
            Ok::<_, String>(style)
        };
        let locale =
            LocaleFile::from_xml(LOCALE_EN_US).map_err(|e| format!("the en-US locale: {e}"))?;
        // Parsing the styles' XML is a tenth of a second; on two cores, half of that. Plain
        // threads, not the pool's: a pool thread waiting here for a half another one took
        // may pick up a citation job meanwhile, which would wait for this very engine.
        let (chicago, mla, apa, bibliography_only) = std::thread::scope(|scope| {
            let chicago = scope.spawn(|| style("Chicago", CHICAGO_CSL));
            let mla = scope.spawn(|| style("MLA", MLA_CSL));
            let apa = scope.spawn(|| style("APA", APA_CSL));
            let bibliography_only = style("bibliography-only", BIBLIOGRAPHY_ONLY_CSL);
            let joined =
                |handle: std::thread::ScopedJoinHandle<'_, Result<IndependentStyle, String>>| {
                    handle
                        .join()
                        .unwrap_or_else(|_| Err("a style could not be parsed".to_owned()))
                };
            (joined(chicago), joined(mla), joined(apa), bibliography_only)
        });
        Ok(Engine {
            chicago: chicago?,
            mla: mla?,
            apa: apa?,
            bibliography_only: bibliography_only?,
            locales: vec![locale.into()],
            templates: Templates::default(),
        })
    }
}

/// Parses the shipped styles on a thread of its own, for a build to call as it starts: the
/// first citation then does not wait for them. (Not on the pool: a pool thread blocked in
/// the parse could not run the build's other work.)
pub fn prepare_in_background() {
    std::thread::spawn(|| {
        let _ = engine();
    });
}

/// Parses the shipped styles now rather than at the first citation, reporting a broken style
/// file as an error message.
pub fn check_styles() -> Result<(), String> {
    engine().map(|_| ()).map_err(str::to_owned)
}

/// Formats the CSL-JSON `json` (one item, as written by [`item`]) in every style: from the
/// template of the item's shape where there is one ([`super::template`]), else by the CSL
/// engine; then writes in the titles ([`super::title`]).
pub fn format(json: &str) -> Result<Formatted, String> {
    let engine = engine()?;
    let prepared = Prepared::new(json)?;
    let laid_out = engine
        .templates
        .format(&prepared.json, |json| format_with(engine, json))?;
    Ok(prepared.finish(laid_out))
}

/// Formats `json` by the CSL engine alone, without templates: what templates are checked
/// and measured against.
pub fn format_by_engine(json: &str) -> Result<Formatted, String> {
    let prepared = Prepared::new(json)?;
    Ok(prepared.finish(format_with(engine()?, &prepared.json)?))
}

/// Lays out `json` (an item as the engine is given it) by the CSL engine alone, without
/// templates or titles: what the template tests compare templates with.
#[cfg(test)]
pub(super) fn lay_out_by_engine(json: &str) -> Result<Formatted, String> {
    format_with(engine()?, json)
}

/// Stands in for the title in what the engine lays out: lower-case words, so that what the
/// style does to its case shows (`Zqtitlezq of Zqtitlezq` in title case).
const TITLE_SENTINEL: &str = "zqtitlezq of zqtitlezq";
/// Stands in for the edition's title (`container-title`).
const CONTAINER_SENTINEL: &str = "zqcontainerzq of zqcontainerzq";

/// Variables the engine prints as given, never text: what citeproc-js does to text does
/// not apply to them.
const NOT_TEXT: &[&str] = &[
    "id",
    "type",
    "language",
    "URL",
    "DOI",
    "title",
    "container-title",
];

/// Whether citeproc-js would print `text` otherwise than the engine does: its quotation
/// marks and apostrophes become typographic, and its rich-text tags markup.
fn needs_writing_in(text: &str) -> bool {
    text.contains([
        '\'', '"', '\u{2018}', '\u{2019}', '\u{201C}', '\u{201D}', '<',
    ])
}

/// The sentinel for the `n`th other text variable: letters only, so that no style's case
/// change or punctuation can split it (`zqfieldbzq of zqfieldbzq`).
fn field_sentinel(n: usize) -> String {
    let mut letters = String::new();
    let mut n = n;
    loop {
        letters.push(char::from(b'a' + (n % 26) as u8));
        n /= 26;
        if n == 0 {
            break;
        }
    }
    format!("zqfield{letters}zq of zqfield{letters}zq")
}
/// Joins the words of a family name in what the engine is given, so that it does not take
/// a capitalised first word (`Van Buren`) for a particle, as citeproc-js does not.
const FAMILY_JOINER: char = '\u{E000}';

/// Marks an organisation that is the second of two names: citeproc-js writes no comma
/// before the "and" that joins it (`Jane Public and The Folio editors`), whatever the
/// style's `delimiter-precedes-last`, and the engine does.
const SECOND_OF_TWO_ORGANISATIONS: char = '\u{E001}';

/// An item as the engine is given it, with what is written in afterwards.
///
/// The engine lays out a citation as citeproc-js does, but it cases, quotes and punctuates
/// titles differently, and it reads names differently (particles, initials); so the titles
/// are sentinels it cannot get wrong, written in by [`super::title`] afterwards, and names
/// are given to it in the parts citeproc-js reads them in.
struct Prepared {
    /// The item for the engine.
    json: String,
    /// The title, the edition title and any other text citeproc-js prints otherwise than
    /// the engine, each with the sentinel standing in for it.
    titles: Vec<(String, String)>,
    /// Whether the item is in English, the only language citeproc-js title-cases.
    english: bool,
    /// Parts of names that end in a closing quotation mark, after which citeproc-js moves a
    /// comma or full stop inside the mark.
    quoted_names: Vec<String>,
}

impl Prepared {
    fn new(json: &str) -> Result<Prepared, String> {
        let mut item: Map<String, Value> =
            serde_json::from_str(json).map_err(|e| format!("the CSL-JSON item is invalid: {e}"))?;
        let mut titles = Vec::new();
        for (key, sentinel) in [
            ("title", TITLE_SENTINEL),
            ("container-title", CONTAINER_SENTINEL),
        ] {
            if let Some(Value::String(title)) = item.get_mut(key)
                && !title.trim().is_empty()
            {
                titles.push((
                    sentinel.to_owned(),
                    std::mem::replace(title, sentinel.to_owned()),
                ));
            }
        }
        for (key, value) in item.iter_mut() {
            if let Value::String(text) = value
                && !NOT_TEXT.contains(&key.as_str())
                && needs_writing_in(text)
            {
                let sentinel = field_sentinel(titles.len());
                titles.push((sentinel.clone(), std::mem::replace(text, sentinel)));
            }
        }
        for role in ["author", "translator", "editor"] {
            if let Some(Value::Array(names)) = item.get_mut(role) {
                names.iter_mut().for_each(name_as_citeproc_reads_it);
                if let [_, Value::Object(second)] = names.as_mut_slice()
                    && let Some(Value::String(literal)) = second.get_mut("literal")
                {
                    literal.insert(0, SECOND_OF_TWO_ORGANISATIONS);
                }
            }
        }
        let english = item
            .get("language")
            .and_then(Value::as_str)
            .is_none_or(|language| {
                let language = language.to_ascii_lowercase();
                language.is_empty() || language == "en" || language.starts_with("en-")
            });
        // The engine leaves the terms of an item in another language as the locale writes
        // them (`trans.`) where the style capitalises them and citeproc-js does (`Trans.`);
        // the only case change citeproc-js keeps to English, title case, is made here.
        item.remove("language");
        let quoted_names = ["author", "translator", "editor"]
            .iter()
            .filter_map(|role| item.get(*role).and_then(Value::as_array))
            .flatten()
            .filter_map(Value::as_object)
            .flat_map(|name| name.values().filter_map(Value::as_str))
            .filter(|part| part.ends_with(['\u{2019}', '\u{201D}']))
            .map(str::to_owned)
            .collect();
        Ok(Prepared {
            json: Value::Object(item).to_string(),
            titles,
            english,
            quoted_names,
        })
    }

    /// Writes the titles into what the engine laid out.
    fn finish(&self, mut formatted: Formatted) -> Formatted {
        // Each title as it was rendered in each setting: the eight outputs ask for a few
        // settings of it, and title case is most of the cost.
        let mut rendered: Vec<Vec<(super::title::Setting, super::title::Rendered)>> =
            vec![Vec::new(); self.titles.len()];
        // Searchers made once for the eight outputs: making one is dearer than a search.
        let finders: Vec<memchr::memmem::Finder<'_>> = (self.titles.iter())
            .map(|(sentinel, _)| memchr::memmem::Finder::new(sentinel.as_bytes()))
            .collect();
        for citation in [
            &mut formatted.chicago_note,
            &mut formatted.chicago_bibliography,
            &mut formatted.mla,
            &mut formatted.apa,
        ] {
            for (((_, title), rendered), finder) in
                self.titles.iter().zip(&mut rendered).zip(&finders)
            {
                let mut render = |setting| {
                    if let Some((_, known)) = rendered.iter().find(|(s, _)| *s == setting) {
                        return known.clone();
                    }
                    let new = super::title::render(title, setting);
                    rendered.push((setting, new.clone()));
                    new
                };
                for (output, html) in [(&mut citation.html, true), (&mut citation.text, false)] {
                    // Counted first: a title could hold a sentinel's words itself.
                    let times = finder
                        .find_iter(output.to_ascii_lowercase().as_bytes())
                        .count();
                    for _ in 0..times {
                        if let Some(written) =
                            write_title(output, finder, &mut render, self.english, html)
                        {
                            *output = written;
                        }
                    }
                }
            }
            for output in [&mut citation.html, &mut citation.text] {
                if output.contains(FAMILY_JOINER) {
                    *output = output.replace(FAMILY_JOINER, " ");
                }
                if output.contains(SECOND_OF_TWO_ORGANISATIONS) {
                    *output = without_comma_before_second_organisation(output);
                }
            }
            for name in &self.quoted_names {
                for (output, written) in [
                    (&mut citation.html, escape_html(name)),
                    (&mut citation.text, name.clone()),
                ] {
                    let open = written.trim_end_matches(['\u{2019}', '\u{201D}']);
                    let marks = &written[open.len()..];
                    for stop in [',', '.'] {
                        let from = format!("{written}{stop}");
                        if output.contains(&from) {
                            *output = output.replace(&from, &format!("{open}{stop}{marks}"));
                        }
                    }
                }
            }
        }
        formatted
    }
}

/// `output` without the marks of [`SECOND_OF_TWO_ORGANISATIONS`], and without the comma the
/// engine put before the "and" (or "&") in front of each.
fn without_comma_before_second_organisation(output: &str) -> String {
    let mut joined = String::with_capacity(output.len());
    for (i, part) in output.split(SECOND_OF_TWO_ORGANISATIONS).enumerate() {
        if i > 0
            && let Some(and) = [", and ", ", & ", ", &amp; ", ", &#38; "]
                .iter()
                .find(|and| joined.ends_with(*and))
        {
            joined.truncate(joined.len() - and.len());
            joined.push_str(&and[1..]);
        }
        joined.push_str(part);
    }
    joined
}

/// A name in the parts citeproc-js reads it in: a family name's leading lower-case words
/// are its particle (`de la` Renta), a capitalised first word is not (`Van Buren`); in
/// given names, initials are followed by a full stop and spaced (`B.N.` is `B. N.`, `Harry
/// S` is `Harry S.`).
fn name_as_citeproc_reads_it(name: &mut Value) {
    let Value::Object(name) = name else {
        return;
    };
    for part in ["family", "given", "literal"] {
        if let Some(Value::String(text)) = name.get_mut(part)
            && needs_writing_in(text)
        {
            *text = super::title::typographic(text);
        }
    }
    if name.contains_key("non-dropping-particle") {
        return;
    }
    if let Some(Value::String(family)) = name.get("family").cloned() {
        let words: Vec<&str> = family.split(' ').filter(|w| !w.is_empty()).collect();
        let particles = words
            .iter()
            .take_while(|w| w.chars().next().is_some_and(char::is_lowercase))
            .count();
        let (particle, rest) = if particles < words.len() {
            words.split_at(particles)
        } else {
            words.split_at(0)
        };
        if !particle.is_empty() {
            name.insert("non-dropping-particle".into(), json!(particle.join(" ")));
        }
        name.insert(
            "family".into(),
            json!(rest.join(&FAMILY_JOINER.to_string())),
        );
    }
    if let Some(Value::String(given)) = name.get("given").cloned() {
        let mut parts = Vec::new();
        for word in given.split(' ').filter(|w| !w.is_empty()) {
            let letters: Vec<&str> = word.split('.').filter(|l| !l.is_empty()).collect();
            let initials = letters.len() > 1
                && letters
                    .iter()
                    .all(|l| l.chars().count() == 1 && l.chars().all(char::is_uppercase));
            let single = word.chars().count() == 1 && word.chars().all(char::is_uppercase);
            if initials {
                parts.extend(letters.iter().map(|l| format!("{l}.")));
            } else if single {
                parts.push(format!("{word}."));
            } else {
                parts.push(word.to_owned());
            }
        }
        name.insert("given".into(), json!(parts.join(" ")));
    }
}

/// `output` with the sentinel replaced by the title as citeproc-js prints it there (`render`
/// renders it in a setting), and the punctuation around it joined as citeproc-js joins it
/// (no full stop after a title ending in `?`, `!` or `.`; a comma or full stop inside a
/// closing quotation mark). `None` when the sentinel is not there (any more).
fn write_title(
    output: &str,
    sentinel: &memchr::memmem::Finder<'_>,
    render: &mut dyn FnMut(super::title::Setting) -> super::title::Rendered,
    english: bool,
    html: bool,
) -> Option<String> {
    let at = sentinel.find(output.to_ascii_lowercase().as_bytes())?;
    let end = at + sentinel.needle().len();
    let found = &output[at..end];
    let starts_upper = found.starts_with(|c: char| c.is_ascii_uppercase());
    let last_upper = found
        .rsplit(' ')
        .next()
        .is_some_and(|w| w.starts_with(|c: char| c.is_ascii_uppercase()));
    let before = &output[..at];
    let setting = super::title::Setting {
        title_case: english && last_upper,
        capitalize_first: starts_upper && !last_upper,
        quoted: without_trailing_tags(before).ends_with('\u{201C}'),
        italic: html && before.matches("<i>").count() > before.matches("</i>").count(),
    };
    let rendered = render(setting);
    let mut piece = if html {
        rendered.html
    } else {
        rendered.text.clone()
    };
    let mut rest = output[end..].to_owned();
    // Where the next character of the citation is, past closing tags.
    let mut next_at = 0;
    while html && rest[next_at..].starts_with("</") {
        match rest[next_at..].find('>') {
            Some(close) => next_at += close + 1,
            None => break,
        }
    }
    let next = rest[next_at..].chars().next();
    let unquoted = rendered.text.trim_end_matches(['\u{2019}', '\u{201D}']);
    let ends_in_stop = unquoted.ends_with(['.', '?', '!']);
    let ends_in_quote = unquoted.len() < rendered.text.len();
    if next == Some('.') && ends_in_stop {
        rest.remove(next_at);
    } else if let Some(mark @ (',' | '.')) = next
        && ends_in_quote
        && piece.ends_with(['\u{2019}', '\u{201D}'])
    {
        rest.remove(next_at);
        let quotes_at = piece.trim_end_matches(['\u{2019}', '\u{201D}']).len();
        piece.insert(quotes_at, mark);
    }
    Some(format!("{before}{piece}{rest}"))
}

/// `text` without the HTML tags that end it.
fn without_trailing_tags(mut text: &str) -> &str {
    while text.ends_with('>') {
        match text.rfind('<') {
            Some(open) => text = &text[..open],
            None => break,
        }
    }
    text
}

/// Formats `json` by the CSL engine, without templates.
fn format_with(engine: &Engine, json: &str) -> Result<Formatted, String> {
    let item: Item =
        serde_json::from_str(json).map_err(|e| format!("the CSL-JSON item is invalid: {e}"))?;
    let locales = &engine.locales;
    let (chicago_note, chicago_bibliography) =
        render(&engine.chicago, &engine.chicago, locales, &item);
    let (_, mla) = render(&engine.bibliography_only, &engine.mla, locales, &item);
    let (_, apa) = render(&engine.bibliography_only, &engine.apa, locales, &item);
    Ok(Formatted {
        chicago_note,
        chicago_bibliography,
        mla,
        apa,
    })
}

/// The first citation of `item` in `citation_style` (a full note in a note style) and its
/// bibliography entry in `bibliography_style`.
fn render(
    citation_style: &IndependentStyle,
    bibliography_style: &IndependentStyle,
    locales: &[Locale],
    item: &Item,
) -> (Citation, Citation) {
    let mut driver = BibliographyDriver::new();
    driver.citation(CitationRequest::new(
        vec![CitationItem::with_entry(item)],
        citation_style,
        None,
        locales,
        Some(1),
    ));
    let rendered = driver.finish(BibliographyRequest::new(bibliography_style, None, locales));
    let note = rendered
        .citations
        .first()
        .map(|c| citation(&c.citation))
        .unwrap_or_default();
    let entry = rendered
        .bibliography
        .and_then(|b| b.items.into_iter().next())
        .map(|i| citation(&i.content))
        .unwrap_or_default();
    (note, entry)
}

/// Converts hayagriva's formatted output to our HTML (only `<i>`, `<b>`, `<span
/// style="font-variant:small-caps">`, `<sup>`, `<sub>`, every text escaped) and plain text.
fn citation(children: &ElemChildren) -> Citation {
    let mut html = String::new();
    let mut text = String::new();
    write_children(children, &mut html, &mut text);
    Citation {
        html: html.trim().to_owned(),
        text: text.trim().to_owned(),
    }
}

fn write_children(children: &ElemChildren, html: &mut String, text: &mut String) {
    for child in &children.0 {
        match child {
            ElemChild::Text(formatted) => write_formatted(formatted, html, text),
            ElemChild::Link {
                text: formatted, ..
            } => write_formatted(formatted, html, text),
            ElemChild::Elem(elem) => write_children(&elem.children, html, text),
            // Markup is raw text meant for Typst; here it is only text.
            ElemChild::Markup(markup) => {
                html.push_str(&escape_html(markup));
                text.push_str(markup);
            }
            ElemChild::Transparent { .. } => {}
        }
    }
}

fn write_formatted(formatted: &hayagriva::Formatted, html: &mut String, text: &mut String) {
    use hayagriva::citationberg::{FontStyle, FontVariant, FontWeight, VerticalAlign};
    let f = &formatted.formatting;
    let mut close = Vec::new();
    let mut open = |tag: &'static str, end: &'static str| {
        html.push_str(tag);
        close.push(end);
    };
    if f.font_style == FontStyle::Italic {
        open("<i>", "</i>");
    }
    if f.font_weight == FontWeight::Bold {
        open("<b>", "</b>");
    }
    if f.font_variant == FontVariant::SmallCaps {
        open("<span style=\"font-variant:small-caps\">", "</span>");
    }
    match f.vertical_align {
        VerticalAlign::Sup => open("<sup>", "</sup>"),
        VerticalAlign::Sub => open("<sub>", "</sub>"),
        _ => {}
    }
    html.push_str(&escape_html(&formatted.text));
    for end in close.iter().rev() {
        html.push_str(end);
    }
    text.push_str(&formatted.text);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn downloads_give_the_editors_as_note_lines_citeproc_js_and_zotero_read() {
        let item = json!({
            "id": "a",
            "type": "manuscript",
            "editor": [
                {"family": "Public", "given": "Jane Q"},
                {"literal": "The Folio\neditors"},
            ],
        });
        let download = for_download(item.clone());
        assert_eq!(download.get("editor"), None);
        assert_eq!(
            download["note"],
            "editor: Public || Jane Q\neditor: The Folio editors"
        );
        // Nothing else changes, and an item without editors is left as it is.
        let mut back = download.clone();
        back.as_object_mut().unwrap().remove("note");
        let mut without = item.clone();
        without.as_object_mut().unwrap().remove("editor");
        assert_eq!(back, without);
        assert_eq!(for_download(without.clone()), without);
    }

    /// A manuscript with the fields `n`'s bits choose, so that a few dozen items cover
    /// each field present and absent next to varied others.
    fn varied_item(n: u32) -> String {
        let bit = |i: u32| (n.wrapping_mul(2_654_435_761) >> (i + 7)) & 1 == 1 || n == i;
        let mut item = Map::new();
        item.insert("id".into(), json!(format!("item-{n}")));
        item.insert("type".into(), json!("manuscript"));
        item.insert(
            "title".into(),
            json!("Memorandum of conversation with Mao Zedong"),
        );
        match n % 3 {
            0 => {}
            1 => {
                item.insert(
                    "author".into(),
                    json!([{"family": "Chervonenko", "given": "S. V."}]),
                );
            }
            _ => {
                item.insert("author".into(), json!([{"literal": "Embassy of the USSR"}]));
            }
        }
        if bit(1) {
            let names = if bit(2) {
                json!([{"family": "Schmidt", "given": "Anna"}, {"literal": "Gary Goldberg"}])
            } else {
                json!([{"family": "Schmidt", "given": "Anna"}])
            };
            item.insert("translator".into(), names);
        }
        match n % 5 {
            0 => {}
            1 => {
                item.insert("issued".into(), json!({"date-parts": [[1961]]}));
            }
            2 => {
                item.insert(
                    "issued".into(),
                    json!({"date-parts": [[1961, 9]], "circa": true}),
                );
            }
            _ => {
                item.insert("issued".into(), json!({"date-parts": [[1961, 9, 30]]}));
            }
        }
        let texts = [
            ("genre", "Memorandum of conversation"),
            ("archive", "AVPRF"),
            ("archive_location", "f. 0100, op. 54, p. 466, d. 8"),
            ("archive_collection", "Wilson Center Digital Archive"),
            (
                "container-title",
                "The Sino-Soviet Split: A Documentary Edition",
            ),
            ("publisher", "Folio Press"),
            ("URL", "https://example.org/documents/x/"),
            ("language", "en"),
        ];
        for (i, (key, value)) in texts.into_iter().enumerate() {
            if bit(3 + i as u32) {
                item.insert(key.into(), json!(value));
            }
        }
        if bit(11) {
            let editors = if bit(12) {
                json!([{"family": "Radchenko", "given": "Sergey"}, {"family": "Li", "given": "Danhui"}])
            } else {
                json!([{"family": "Radchenko", "given": "Sergey"}])
            };
            item.insert("editor".into(), editors);
        }
        Value::Object(item).to_string()
    }

    #[test]
    fn the_pruned_styles_format_manuscripts_as_the_whole_styles_do() {
        let whole = Engine::new(false).unwrap();
        let pruned = engine().unwrap();
        let mut with_bibliography = 0;
        // Without an author the pruned styles substitute as citeproc-js does and the whole
        // ones do not (see `prune::flatten_always_taken`): those items are compared with
        // citeproc-js in `tests/cite_adversarial.rs` instead.
        for n in (0..60).filter(|n| n % 3 != 0) {
            let json = varied_item(n);
            let expected = format_with(&whole, &json).unwrap();
            assert_eq!(format_with(pruned, &json).unwrap(), expected, "{json}");
            with_bibliography += usize::from(!expected.chicago_bibliography.text.is_empty());
        }
        assert!(
            with_bibliography > 30,
            "{with_bibliography} of 40 items formatted"
        );
    }
}
