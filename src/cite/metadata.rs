//! The metadata a document page embeds for reference managers and search engines: Highwire
//! Press `citation_*`, Dublin Core and Zotero `z.*` `<meta>` tags and schema.org JSON-LD
//! (and a COinS ContextObject, which the default theme does not place: see below).
//!
//! # What Zotero reads
//!
//! Written for the translators Zotero runs on a page (`zotero/translators`), and checked
//! against them by `tests/zotero_metadata.rs` (and by the real translators in
//! `tests/zotero/`):
//! - Of the translators that detect any page, the one with the lowest `priority` saves it:
//!   unAPI (300), COinS (310), Embedded Metadata (320), DOI (400). COinS can carry no
//!   archive, location in archive, manuscript type or translator (`Zotero.Utilities.
//!   parseContextObject` in `openurl.js` has no key for them; `rft.contributor` becomes a
//!   "contributor"), so a page with a COinS span is saved without them. The document page
//!   therefore has no COinS, and Embedded Metadata saves it.
//! - Embedded Metadata hands the `DC.*` and `z.*` tags to the RDF translator: `DC.type` =
//!   `manuscript` makes the item a Manuscript; `z.archive`, `z.archiveLocation`,
//!   `z.manuscriptType` fill those fields; the author comes from `DC.creator` and each
//!   translator from a `z.translators` (RDF.js reads `z:` + creator type + `s` for creator
//!   types other than author, editor and contributor). No `DC.contributor` is written: RDF.js
//!   takes `dc:contributor` as the *author* when there is no `dc:creator`.
//! - Highwire tags then overwrite title, date, language, abstract, URL, publisher. But any
//!   `citation_author` replaces every creator the RDF gave (only an `editor` role is carried
//!   over), which would drop the translators; Highwire has no translator tag. So no
//!   `citation_author` is written: `DC.creator` is the author for Zotero and the other
//!   Dublin Core readers. No journal tag (`citation_journal_title`, ...) is written either:
//!   it would make the item a journal article.
//! - Names are split by `ZU.cleanAuthor(name, type, name.includes(","))`: at the comma if
//!   there is one, otherwise before the last word. So a split name is written inverted
//!   (`Chervonenko, Stepan`), and a name that must stay whole (an organisation, `Embassy of
//!   the USSR in the PRC`; a name written family name first, `Deng Xiaoping`) ends with a
//!   comma (`Deng Xiaoping,`): cleanAuthor trims the comma, finds no second part and keeps
//!   the whole name as the last name, which Zotero saves as a single-field name.
//! - Dates: of `citation_publication_date` and `citation_date`, Embedded Metadata keeps the
//!   last in its `HIGHWIRE_MAPPINGS`, `citation_date`. That one is EDTF (`1961-09-30?`,
//!   `1959~`), which Zotero reads with the qualifier (a `circa` date in its CSL-JSON); the
//!   other keeps Google Scholar's `YYYY/MM/DD`.

use serde::Serialize;

use super::record::{CiteRecord, Name};
use crate::util::escape::push_escaped_html;

/// The `<meta>` (and DC schema `<link>`) tags for the page `<head>`, one per line, every
/// value escaped for an attribute.
pub fn head_html(record: &CiteRecord) -> String {
    let mut out = String::new();
    out.push_str("<link rel=\"schema.DC\" href=\"http://purl.org/dc/elements/1.1/\">\n");
    out.push_str("<link rel=\"schema.DCTERMS\" href=\"http://purl.org/dc/terms/\">\n");
    let mut meta = |name: &str, content: &str| {
        if !content.trim().is_empty() {
            for piece in ["<meta name=\"", name, "\" content=\""] {
                out.push_str(piece);
            }
            push_escaped_html(&mut out, content.trim());
            out.push_str("\">\n");
        }
    };
    // Highwire Press tags (Google Scholar). No `citation_author`: see the module documentation.
    meta("citation_title", &record.title);
    if let Some(date) = record.date {
        meta("citation_publication_date", &slashed(&date.iso()));
        meta("citation_date", &date.to_string());
    }
    meta("citation_language", &record.language);
    meta("citation_publisher", &record.publisher);
    meta("citation_public_url", &record.url);
    meta("citation_abstract", &record.summary);
    // Dublin Core. No `DC.contributor`: see the module documentation.
    meta("DC.type", "manuscript");
    meta("DC.title", &record.title);
    if let Some(author) = &record.author {
        meta("DC.creator", &zotero_name(author));
    }
    if let Some(date) = record.date {
        meta("DC.date", &date.to_string());
    }
    meta("DC.language", &record.language);
    meta("DC.publisher", &record.publisher);
    meta("DC.identifier", &record.url);
    meta("DC.source", &source(record));
    meta("DC.coverage", &record.archive_location);
    meta("DC.description", &record.summary);
    meta("DC.rights", &record.license);
    meta("DC.relation.ispartof", &record.edition_title);
    if let Some(date) = record.event_date {
        meta("DCTERMS.temporal", &date.to_string());
    }
    // Zotero's own vocabulary, read by its Embedded Metadata (through RDF) translator.
    meta("z.archive", &record.archive);
    meta("z.archiveLocation", &record.archive_location);
    meta("z.manuscriptType", &record.kind);
    for translator in &record.translators {
        meta("z.translators", &zotero_name(translator));
    }
    out
}

/// A name as Zotero's `cleanAuthor` splits it right: `Chervonenko, Stepan`, or a whole name
/// with a comma after it (`Deng Xiaoping,`), see the module documentation.
pub fn zotero_name(name: &Name) -> String {
    match name {
        Name::Split { .. } => name.inverted(),
        Name::Literal(text) => format!("{text},"),
    }
}

/// Where the original is: `AVPRF, f. 0100, ...; Wilson Center Digital Archive`.
fn source(record: &CiteRecord) -> String {
    let holding: Vec<&str> = [record.archive.as_str(), record.archive_location.as_str()]
        .into_iter()
        .filter(|s| !s.is_empty())
        .collect();
    let mut parts = Vec::new();
    if !holding.is_empty() {
        parts.push(holding.join(", "));
    }
    if !record.collection.is_empty() {
        parts.push(record.collection.clone());
    }
    parts.join("; ")
}

/// Highwire dates are `YYYY/MM/DD` (or `YYYY/MM`, `YYYY`).
fn slashed(iso: &str) -> String {
    iso.replace('-', "/")
}

/// The schema.org description of the document as JSON-LD, safe to place between
/// `<script type="application/ld+json">` and `</script>`: `<`, `>` and `&` are written as
/// `\u003c`, `\u003e`, `\u0026`, so no value can close the script element or open a comment.
pub fn json_ld(record: &CiteRecord) -> String {
    let document = JsonLd {
        context: "https://schema.org",
        id: &record.url,
        kind: "ArchiveComponent",
        author: record.author.as_ref().map(LdPerson::of),
        contributor: (record.participants.iter())
            .map(String::as_str)
            .map(named("Person"))
            .collect(),
        date_created: record.date.map(|date| date.iso()),
        description: unless_empty(&record.summary),
        genre: unless_empty(&record.kind),
        holding_archive: unless_empty(&record.archive).map(named("ArchiveOrganization")),
        in_language: unless_empty(&record.language),
        is_part_of: Collection {
            kind: "Collection",
            editor: record.editors.iter().map(LdPerson::of).collect(),
            name: &record.edition_title,
            publisher: unless_empty(&record.publisher).map(named("Organization")),
            url: &record.edition_url,
        },
        item_location: unless_empty(&record.archive_location),
        license: unless_empty(&record.license),
        mentions: (record.mentioned.iter())
            .map(String::as_str)
            .map(named("Person"))
            .collect(),
        name: &record.title,
        source_organization: unless_empty(&record.collection).map(named("Organization")),
        temporal_coverage: record.event_date.map(|date| date.iso()),
        translation_of_work: record.original_language_tag.map(|tag| Work {
            kind: "CreativeWork",
            in_language: tag,
        }),
        translator: record.translators.iter().map(LdPerson::of).collect(),
        url: &record.url,
    };
    let text = serde_json::to_string(&document).unwrap_or_else(|_| "{}".into());
    escape_for_script(&text)
}

// The JSON-LD objects, their fields in the byte order of their keys: the order the
// `serde_json::Map` this was first built with wrote them in.

/// `text`, unless it is empty (a field left out of the JSON-LD).
fn unless_empty(text: &str) -> Option<&str> {
    (!text.is_empty()).then_some(text)
}

/// Makes a [`Named`] of type `kind`.
fn named<'a>(kind: &'static str) -> impl Fn(&'a str) -> Named<'a> {
    move |name| Named { kind, name }
}

/// The schema.org `ArchiveComponent` of a document.
#[derive(Serialize)]
struct JsonLd<'a> {
    #[serde(rename = "@context")]
    context: &'static str,
    #[serde(rename = "@id")]
    id: &'a str,
    #[serde(rename = "@type")]
    kind: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    author: Option<LdPerson<'a>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    contributor: Vec<Named<'a>>,
    #[serde(rename = "dateCreated", skip_serializing_if = "Option::is_none")]
    date_created: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    description: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    genre: Option<&'a str>,
    #[serde(rename = "holdingArchive", skip_serializing_if = "Option::is_none")]
    holding_archive: Option<Named<'a>>,
    #[serde(rename = "inLanguage", skip_serializing_if = "Option::is_none")]
    in_language: Option<&'a str>,
    #[serde(rename = "isPartOf")]
    is_part_of: Collection<'a>,
    #[serde(rename = "itemLocation", skip_serializing_if = "Option::is_none")]
    item_location: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    license: Option<&'a str>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    mentions: Vec<Named<'a>>,
    name: &'a str,
    #[serde(rename = "sourceOrganization", skip_serializing_if = "Option::is_none")]
    source_organization: Option<Named<'a>>,
    #[serde(rename = "temporalCoverage", skip_serializing_if = "Option::is_none")]
    temporal_coverage: Option<String>,
    #[serde(rename = "translationOfWork", skip_serializing_if = "Option::is_none")]
    translation_of_work: Option<Work<'a>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    translator: Vec<LdPerson<'a>>,
    url: &'a str,
}

/// The edition a document is part of.
#[derive(Serialize)]
struct Collection<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    editor: Vec<LdPerson<'a>>,
    name: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    publisher: Option<Named<'a>>,
    url: &'a str,
}

/// A person, organisation or archive known by name only.
#[derive(Serialize)]
struct Named<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    name: &'a str,
}

/// A person with the parts of their name where they are known.
#[derive(Serialize)]
struct LdPerson<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    #[serde(rename = "familyName", skip_serializing_if = "Option::is_none")]
    family: Option<&'a str>,
    #[serde(rename = "givenName", skip_serializing_if = "Option::is_none")]
    given: Option<&'a str>,
    name: String,
}

impl<'a> LdPerson<'a> {
    fn of(name: &'a Name) -> LdPerson<'a> {
        let (family, given) = match name {
            Name::Split { family, given } => (Some(family.as_str()), Some(given.as_str())),
            Name::Literal(_) => (None, None),
        };
        LdPerson {
            kind: "Person",
            family,
            given,
            name: name.display(),
        }
    }
}

/// The work a translation is of.
#[derive(Serialize)]
struct Work<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    #[serde(rename = "inLanguage")]
    in_language: &'a str,
}

/// Makes JSON text inert inside an HTML `<script>` element. The escapes are valid JSON
/// string escapes, and these characters only occur inside strings in JSON text.
pub fn escape_for_script(json: &str) -> String {
    let mut out = String::with_capacity(json.len() + 16);
    // Runs of other text are copied whole: a character at a time was 1.4 % of a build.
    let mut copied = 0;
    for (at, byte) in json.bytes().enumerate() {
        let (escape, length) = match byte {
            b'<' => ("\\u003c", 1),
            b'>' => ("\\u003e", 1),
            b'&' => ("\\u0026", 1),
            // The first byte of U+2028 and U+2029 in UTF-8, so `at` is a character boundary.
            0xE2 if json[at..].starts_with('\u{2028}') => ("\\u2028", 3),
            0xE2 if json[at..].starts_with('\u{2029}') => ("\\u2029", 3),
            _ => continue,
        };
        out.push_str(&json[copied..at]);
        out.push_str(escape);
        copied = at + length;
    }
    out.push_str(&json[copied..]);
    out
}

/// The COinS ContextObject (the `title` attribute of `<span class="Z3988">`), not yet
/// escaped for HTML: the caller escapes it as any attribute value. The default theme does not
/// place it on document pages: Zotero would save the page from it, without archive, location
/// in archive, manuscript type or translators (see the module documentation). It stays for
/// themes that want it.
pub fn coins(record: &CiteRecord) -> String {
    let mut out = String::with_capacity(512);
    // Pairs with an empty value are left out; the rest are written as they come, with no
    // list of pairs in between (this was 1 % of a build as `format!` and `join`).
    let mut pair = |key: &str, value: &str| {
        if value.is_empty() {
            return;
        }
        if !out.is_empty() {
            out.push('&');
        }
        out.push_str(key);
        out.push('=');
        push_percent_encoded(&mut out, value);
    };
    pair("ctx_ver", "Z39.88-2004");
    pair("rft_val_fmt", "info:ofi/fmt:kev:mtx:dc");
    pair("rfr_id", "info:sid/folio");
    pair("rft.type", "manuscript");
    pair("rft.title", &record.title);
    match &record.author {
        Some(Name::Split { family, given }) => {
            pair("rft.aulast", family);
            pair("rft.aufirst", given);
        }
        Some(Name::Literal(name)) => pair("rft.au", name),
        None => {}
    }
    if let Some(date) = record.date {
        pair("rft.date", &date.iso());
    }
    for translator in &record.translators {
        pair("rft.contributor", &translator.inverted());
    }
    pair("rft.publisher", &record.publisher);
    pair("rft.identifier", &record.url);
    pair("rft.language", &record.language);
    pair("rft.source", &source(record));
    pair("rft.description", &record.summary);
    pair("rft.rights", &record.license);
    out
}

/// Appends `text` to `out` with everything but RFC 3986 unreserved characters
/// percent-encoded, as `encodeURIComponent` does; Zotero decodes with `decodeURIComponent`.
fn push_percent_encoded(out: &mut String, text: &str) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    out.reserve(text.len() + text.len() / 4);
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'_' | b'.' | b'~') {
            out.push(char::from(byte));
        } else {
            out.push('%');
            out.push(char::from(HEX[usize::from(byte >> 4)]));
            out.push(char::from(HEX[usize::from(byte & 0xF)]));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn script_text_has_no_markup_characters_and_is_the_same_json() {
        // `—` begins with the same byte as the two line separators.
        let json = "{\"a\":\"</script><!-- & \u{2028}\u{2029}\",\"b\":\"Zhou Enlai — 周恩来\"}";
        let escaped = escape_for_script(json);
        assert!(
            !escaped.contains(['<', '>', '&', '\u{2028}', '\u{2029}']),
            "{escaped}"
        );
        let parsed: serde_json::Value = serde_json::from_str(&escaped).expect("still JSON");
        assert_eq!(
            parsed,
            serde_json::from_str::<serde_json::Value>(json).unwrap()
        );
        assert_eq!(escape_for_script("plain — text"), "plain — text");
    }

    #[test]
    fn names_are_written_as_zoteros_clean_author_splits_them_right() {
        let split = Name::Split {
            family: "Chervonenko".into(),
            given: "Stepan".into(),
        };
        assert_eq!(zotero_name(&split), "Chervonenko, Stepan");
        let whole = Name::Literal("Embassy of the USSR in the PRC".into());
        assert_eq!(zotero_name(&whole), "Embassy of the USSR in the PRC,");
    }

    fn percent_encode(text: &str) -> String {
        let mut out = String::new();
        push_percent_encoded(&mut out, text);
        out
    }

    #[test]
    fn percent_encoding_keeps_only_unreserved_characters() {
        assert_eq!(percent_encode("Deng Xiaoping"), "Deng%20Xiaoping");
        assert_eq!(percent_encode("a-b_c.d~e"), "a-b_c.d~e");
        assert_eq!(
            percent_encode("1961/09/30 & é"),
            "1961%2F09%2F30%20%26%20%C3%A9"
        );
    }
}
