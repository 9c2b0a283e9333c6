//! The metadata a document page embeds for reference managers and search engines: Highwire
//! Press `citation_*` and Dublin Core `<meta>` tags, schema.org JSON-LD and a COinS
//! ContextObject.
//!
//! Zotero picks the item type from what it finds. COinS (its highest-priority web
//! translator) uses `rft_val_fmt=info:ofi/fmt:kev:mtx:dc` with `rft.type=manuscript`, which
//! Zotero's OpenURL reader turns into a *Manuscript* (the book/journal formats have no
//! manuscript genre). Its "Embedded Metadata" translator reads `DC.type` = `manuscript` as the
//! item type, `DC.coverage` as the archive location and `z.*` tags as Zotero fields
//! (`z.archive`, `z.archiveLocation`, `z.manuscriptType`); Highwire tags alone would make it a
//! journal article, so no journal tag (`citation_journal_title`, ...) is ever written.

use serde_json::{Map, Value, json};

use super::escape_html;
use super::record::{CiteRecord, Name};

/// The `<meta>` (and DC schema `<link>`) tags for the page `<head>`, one per line, every
/// value escaped for an attribute.
pub fn head_html(record: &CiteRecord) -> String {
    let mut out = String::new();
    out.push_str("<link rel=\"schema.DC\" href=\"http://purl.org/dc/elements/1.1/\">\n");
    out.push_str("<link rel=\"schema.DCTERMS\" href=\"http://purl.org/dc/terms/\">\n");
    let mut meta = |name: &str, content: &str| {
        if !content.trim().is_empty() {
            out.push_str(&format!(
                "<meta name=\"{name}\" content=\"{}\">\n",
                escape_html(content.trim())
            ));
        }
    };
    // Highwire Press tags (Google Scholar): no journal tags, see the module documentation.
    meta("citation_title", &record.title);
    if let Some(author) = &record.author {
        meta("citation_author", &author.inverted());
    }
    if let Some(date) = record.date {
        meta("citation_date", &slashed(&date.iso()));
        meta("citation_publication_date", &slashed(&date.iso()));
    }
    meta("citation_language", &record.language);
    meta("citation_publisher", &record.publisher);
    meta("citation_public_url", &record.url);
    meta("citation_abstract", &record.summary);
    // Dublin Core.
    meta("DC.type", "manuscript");
    meta("DC.title", &record.title);
    if let Some(author) = &record.author {
        meta("DC.creator", &author.inverted());
    }
    for translator in &record.translators {
        meta("DC.contributor", &translator.inverted());
    }
    if let Some(date) = record.date {
        meta("DC.date", &date.iso());
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
        meta("DCTERMS.temporal", &date.iso());
    }
    // Zotero's own vocabulary, read by its Embedded Metadata translator.
    meta("z.archive", &record.archive);
    meta("z.archiveLocation", &record.archive_location);
    meta("z.manuscriptType", &record.kind);
    out
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
    let mut object = Map::new();
    object.insert("@context".into(), json!("https://schema.org"));
    object.insert("@type".into(), json!("ArchiveComponent"));
    object.insert("@id".into(), json!(record.url));
    object.insert("url".into(), json!(record.url));
    object.insert("name".into(), json!(record.title));
    if !record.kind.is_empty() {
        object.insert("genre".into(), json!(record.kind));
    }
    if let Some(author) = &record.author {
        object.insert("author".into(), person(author));
    }
    if let Some(date) = record.date {
        object.insert("dateCreated".into(), json!(date.iso()));
    }
    if let Some(date) = record.event_date {
        object.insert("temporalCoverage".into(), json!(date.iso()));
    }
    if !record.translators.is_empty() {
        let people: Vec<Value> = record.translators.iter().map(person).collect();
        object.insert("translator".into(), Value::Array(people));
    }
    if !record.language.is_empty() {
        object.insert("inLanguage".into(), json!(record.language));
    }
    if let Some(tag) = record.original_language_tag {
        object.insert(
            "translationOfWork".into(),
            json!({ "@type": "CreativeWork", "inLanguage": tag }),
        );
    }
    if !record.archive.is_empty() {
        object.insert(
            "holdingArchive".into(),
            json!({ "@type": "ArchiveOrganization", "name": record.archive }),
        );
    }
    if !record.archive_location.is_empty() {
        object.insert("itemLocation".into(), json!(record.archive_location));
    }
    if !record.collection.is_empty() {
        object.insert(
            "sourceOrganization".into(),
            json!({ "@type": "Organization", "name": record.collection }),
        );
    }
    if !record.summary.is_empty() {
        object.insert("description".into(), json!(record.summary));
    }
    let mentions: Vec<Value> = record
        .mentioned
        .iter()
        .map(|name| json!({ "@type": "Person", "name": name }))
        .collect();
    if !mentions.is_empty() {
        object.insert("mentions".into(), Value::Array(mentions));
    }
    let participants: Vec<Value> = record
        .participants
        .iter()
        .map(|name| json!({ "@type": "Person", "name": name }))
        .collect();
    if !participants.is_empty() {
        object.insert("contributor".into(), Value::Array(participants));
    }
    let mut edition = Map::new();
    edition.insert("@type".into(), json!("Collection"));
    edition.insert("name".into(), json!(record.edition_title));
    edition.insert("url".into(), json!(record.edition_url));
    if !record.editors.is_empty() {
        let editors: Vec<Value> = record.editors.iter().map(person).collect();
        edition.insert("editor".into(), Value::Array(editors));
    }
    if !record.publisher.is_empty() {
        edition.insert(
            "publisher".into(),
            json!({ "@type": "Organization", "name": record.publisher }),
        );
    }
    object.insert("isPartOf".into(), Value::Object(edition));
    if !record.license.is_empty() {
        object.insert("license".into(), json!(record.license));
    }
    let text = serde_json::to_string(&Value::Object(object)).unwrap_or_else(|_| "{}".into());
    escape_for_script(&text)
}

fn person(name: &Name) -> Value {
    match name {
        Name::Split { family, given } => json!({
            "@type": "Person",
            "name": name.display(),
            "familyName": family,
            "givenName": given,
        }),
        Name::Literal(literal) => json!({ "@type": "Person", "name": literal }),
    }
}

/// Makes JSON text inert inside an HTML `<script>` element. The escapes are valid JSON
/// string escapes, and these characters only occur inside strings in JSON text.
pub fn escape_for_script(json: &str) -> String {
    let mut out = String::with_capacity(json.len());
    for c in json.chars() {
        match c {
            '<' => out.push_str("\\u003c"),
            '>' => out.push_str("\\u003e"),
            '&' => out.push_str("\\u0026"),
            '\u{2028}' => out.push_str("\\u2028"),
            '\u{2029}' => out.push_str("\\u2029"),
            _ => out.push(c),
        }
    }
    out
}

/// The COinS ContextObject (the `title` attribute of `<span class="Z3988">`), not yet
/// escaped for HTML: the caller escapes it as any attribute value.
pub fn coins(record: &CiteRecord) -> String {
    let mut pairs: Vec<(&str, String)> = vec![
        ("ctx_ver", "Z39.88-2004".into()),
        ("rft_val_fmt", "info:ofi/fmt:kev:mtx:dc".into()),
        ("rfr_id", "info:sid/folio".into()),
        ("rft.type", "manuscript".into()),
        ("rft.title", record.title.clone()),
    ];
    if let Some(author) = &record.author {
        match author {
            Name::Split { family, given } => {
                pairs.push(("rft.aulast", family.clone()));
                pairs.push(("rft.aufirst", given.clone()));
            }
            Name::Literal(name) => pairs.push(("rft.au", name.clone())),
        }
    }
    if let Some(date) = record.date {
        pairs.push(("rft.date", date.iso()));
    }
    for translator in &record.translators {
        pairs.push(("rft.contributor", translator.inverted()));
    }
    pairs.push(("rft.publisher", record.publisher.clone()));
    pairs.push(("rft.identifier", record.url.clone()));
    pairs.push(("rft.language", record.language.clone()));
    pairs.push(("rft.source", source(record)));
    pairs.push(("rft.description", record.summary.clone()));
    pairs.push(("rft.rights", record.license.clone()));
    pairs
        .into_iter()
        .filter(|(_, value)| !value.is_empty())
        .map(|(key, value)| format!("{key}={}", percent_encode(&value)))
        .collect::<Vec<_>>()
        .join("&")
}

/// Percent-encodes everything but RFC 3986 unreserved characters, as `encodeURIComponent`
/// does; Zotero decodes with `decodeURIComponent`.
fn percent_encode(text: &str) -> String {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    let mut out = String::with_capacity(text.len() + text.len() / 4);
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'_' | b'.' | b'~') {
            out.push(char::from(byte));
        } else {
            out.push('%');
            out.push(char::from(HEX[usize::from(byte >> 4)]));
            out.push(char::from(HEX[usize::from(byte & 0xF)]));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

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
