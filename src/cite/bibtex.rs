//! BibTeX for `cite.bib`, written for biblatex's data model (biber validates it without a
//! warning: `biber --tool --validate-datamodel`) and still read by classic BibTeX and
//! bibtexparser.
//!
//! # Entry type
//!
//! `@unpublished`: biblatex's type for "a work with an author and a title which has not been
//! formally published, such as a manuscript", classic BibTeX's type for manuscripts, and the
//! type Zotero's BibTeX translator reads as (and writes for) a *Manuscript*. biblatex makes
//! `author` mandatory there, so a document without a known author is a `@misc` (biblatex's
//! fallback type, where only the title and date are mandatory) with the same fields: every
//! field below is valid in both types.
//!
//! # Fields
//!
//! `author`, `title`, `type` (the kind, `Diary entry`), `date` (EDTF, so `1961-09-30?` and
//! `1959~` keep their qualifiers) with `year` for classic BibTeX (no `month`: biber would
//! overwrite it from `date`, with a warning), `url`, `langid` (babel's name of the edition's
//! language, when it has one), `abstract`. What biblatex has no field for in these types is
//! written as text its standard styles print:
//! - `translator`, `editor` and `publisher` are not valid in `@unpublished` or `@misc`, so the
//!   translators go to `note` (`Translated by Benjamin Aldrich-Moodie`), and the edition, its
//!   editors and publisher to `howpublished` (`Sino-Soviet Conversations, 1959-1961, edited
//!   by The Folio editors, Folio sample edition`);
//! - biblatex has no archive field: the archive and its reference go to `library`
//!   (biblatex: "information such as the name of a library and a call number", not printed
//!   by the standard styles) and, with the digital collection, to `addendum`, printed at the
//!   end of the entry where Chicago puts an archive (`AVPRF, f. 0100, op. 53, ...; Wilson
//!   Center Digital Archive`). `location` is the place of publication, not of an archive.

use super::record::{CiteRecord, Name};

/// The BibTeX entry of one document, ending with a newline.
pub fn entry(record: &CiteRecord) -> String {
    let mut fields: Vec<(&str, String)> = Vec::new();
    if let Some(author) = &record.author {
        fields.push(("author", name_field(&author.inverted())));
    }
    // Double braces keep the archive's capitalisation (`CC CCP`) from being lower-cased.
    fields.push(("title", ["{", &escape(&record.title), "}"].concat()));
    if !record.kind.is_empty() {
        fields.push(("type", escape(&record.kind)));
    }
    if let Some(date) = record.date {
        fields.push(("date", date.to_string()));
        fields.push(("year", date.year.to_string()));
    }
    let published = howpublished(record);
    if !published.is_empty() {
        fields.push(("howpublished", escape(&published)));
    }
    if !record.translators.is_empty() {
        let names: Vec<String> = record.translators.iter().map(Name::display).collect();
        let note = format!("Translated by {}", join_names(&names));
        fields.push(("note", escape(&note)));
    }
    let holding = [record.archive.as_str(), record.archive_location.as_str()]
        .iter()
        .filter(|s| !s.is_empty())
        .copied()
        .collect::<Vec<_>>()
        .join(", ");
    let addendum = [holding.as_str(), record.collection.as_str()]
        .iter()
        .filter(|s| !s.is_empty())
        .copied()
        .collect::<Vec<_>>()
        .join("; ");
    if !addendum.is_empty() {
        fields.push(("addendum", escape(&addendum)));
    }
    if !holding.is_empty() {
        fields.push(("library", escape(&holding)));
    }
    fields.push(("url", url(&record.url)));
    if let Some(language) = babel_language(&record.language) {
        fields.push(("langid", language.to_owned()));
    }
    if !record.summary.is_empty() {
        fields.push(("abstract", escape(&record.summary)));
    }
    let kind = if record.author.is_some() {
        "@unpublished{"
    } else {
        "@misc{"
    };
    let mut out = String::with_capacity(1024);
    out.push_str(kind);
    out.push_str(&key(&record.id));
    out.push_str(",\n");
    // Pieces pushed rather than a `format!` per field: this runs for every document.
    for (name, value) in fields {
        for piece in ["  ", name, " = {", &value, "},\n"] {
            out.push_str(piece);
        }
    }
    out.push_str("}\n");
    out
}

/// The edition the document is published in: `Title, edited by A and B, Publisher`.
fn howpublished(record: &CiteRecord) -> String {
    let mut parts = Vec::new();
    if !record.edition_title.is_empty() {
        parts.push(record.edition_title.clone());
    }
    if !record.editors.is_empty() {
        let names: Vec<String> = record.editors.iter().map(Name::display).collect();
        parts.push(format!("edited by {}", join_names(&names)));
    }
    if !record.publisher.is_empty() {
        parts.push(record.publisher.clone());
    }
    parts.join(", ")
}

/// `A`, `A and B`, `A, B and C`.
fn join_names(names: &[String]) -> String {
    match names {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

/// babel's (and polyglossia's) name of a BCP 47 language, which biblatex's `langid` takes;
/// `None` for a language neither names the same way.
fn babel_language(tag: &str) -> Option<&'static str> {
    let tag = tag.trim().to_ascii_lowercase().replace('_', "-");
    match tag.as_str() {
        "en-us" => return Some("american"),
        "en-gb" => return Some("british"),
        _ => {}
    }
    let primary = tag.split('-').next().unwrap_or_default();
    const BABEL: &[(&str, &str)] = &[
        ("bg", "bulgarian"),
        ("cs", "czech"),
        ("de", "german"),
        ("el", "greek"),
        ("en", "english"),
        ("es", "spanish"),
        ("fr", "french"),
        ("he", "hebrew"),
        ("hu", "hungarian"),
        ("it", "italian"),
        ("pl", "polish"),
        ("pt", "portuguese"),
        ("ro", "romanian"),
        ("ru", "russian"),
        ("sk", "slovak"),
        ("sq", "albanian"),
        ("sr", "serbian"),
        ("uk", "ukrainian"),
        ("vi", "vietnamese"),
    ];
    BABEL
        .iter()
        .find(|(code, _)| *code == primary)
        .map(|(_, name)| *name)
}

/// Document ids are ASCII letters, digits, `-` and `_`, all legal in keys; anything else is
/// replaced so a hand-made id cannot break the file.
fn key(id: &str) -> String {
    id.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | ':' | '.') {
                c
            } else {
                '_'
            }
        })
        .collect()
}

/// A name list: corporate names (no comma) are braced so BibTeX does not split them into
/// first and last names.
fn name_field(names: &str) -> String {
    names
        .split(" and ")
        .map(|name| {
            if name.contains(',') {
                escape(name)
            } else {
                format!("{{{}}}", escape(name))
            }
        })
        .collect::<Vec<_>>()
        .join(" and ")
}

/// Escapes the characters TeX treats specially; non-ASCII text stays UTF-8, which biber and
/// modern BibTeX read.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\textbackslash{}"),
            '{' => out.push_str("\\{"),
            '}' => out.push_str("\\}"),
            '&' | '%' | '$' | '#' | '_' => {
                out.push('\\');
                out.push(c);
            }
            '~' => out.push_str("\\textasciitilde{}"),
            '^' => out.push_str("\\textasciicircum{}"),
            '\n' | '\r' | '\t' => out.push(' '),
            _ => out.push(c),
        }
    }
    out
}

/// URLs go verbatim (the `url` package reads them raw) except for braces and `%`, which
/// would end the field or start a comment.
fn url(url: &str) -> String {
    url.replace('%', "\\%").replace(['{', '}'], "")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_joined_as_prose() {
        let names = |list: &[&str]| list.iter().map(|n| n.to_string()).collect::<Vec<_>>();
        assert_eq!(join_names(&names(&["A"])), "A");
        assert_eq!(join_names(&names(&["A", "B"])), "A and B");
        assert_eq!(join_names(&names(&["A", "B", "C"])), "A, B and C");
    }

    #[test]
    fn langid_is_babels_name_of_the_language() {
        assert_eq!(babel_language("en"), Some("english"));
        assert_eq!(babel_language("en-US"), Some("american"));
        assert_eq!(babel_language("ru"), Some("russian"));
        assert_eq!(babel_language("zh"), None);
        assert_eq!(babel_language(""), None);
    }
}
