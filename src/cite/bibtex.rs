//! BibTeX for `cite.bib`: one `@unpublished` entry per document (the type BibTeX and Zotero
//! use for manuscripts), with biblatex's `translator`, `date`, `type` and `url` fields so
//! biber users lose nothing and classic BibTeX still reads the rest.

use super::record::CiteRecord;

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
        fields.push(("date", date.iso()));
        fields.push(("year", date.year.to_string()));
        if let Some(month) = date.month {
            fields.push((
                "month",
                MONTHS[usize::from(month.clamp(1, 12)) - 1].to_owned(),
            ));
        }
    }
    if !record.translators.is_empty() {
        let names: Vec<String> = record.translators.iter().map(|n| n.inverted()).collect();
        fields.push(("translator", name_field(&names.join(" and "))));
    }
    let mut note = Vec::new();
    let holding = [record.archive.as_str(), record.archive_location.as_str()]
        .iter()
        .filter(|s| !s.is_empty())
        .copied()
        .collect::<Vec<_>>()
        .join(", ");
    if !holding.is_empty() {
        note.push(holding);
    }
    if !record.collection.is_empty() {
        note.push(record.collection.clone());
    }
    if !note.is_empty() {
        fields.push(("note", escape(&note.join("; "))));
    }
    if !record.archive.is_empty() {
        fields.push(("archive", escape(&record.archive)));
    }
    if !record.archive_location.is_empty() {
        fields.push(("archivelocation", escape(&record.archive_location)));
    }
    if !record.edition_title.is_empty() {
        fields.push(("howpublished", escape(&record.edition_title)));
    }
    if !record.editors.is_empty() {
        let names: Vec<String> = record.editors.iter().map(|n| n.inverted()).collect();
        fields.push(("editor", name_field(&names.join(" and "))));
    }
    if !record.publisher.is_empty() {
        fields.push(("publisher", escape(&record.publisher)));
    }
    fields.push(("url", url(&record.url)));
    if !record.language.is_empty() {
        fields.push(("langid", escape(&record.language)));
    }
    if !record.summary.is_empty() {
        fields.push(("abstract", escape(&record.summary)));
    }
    let mut out = format!("@unpublished{{{},\n", key(&record.id));
    // Pieces pushed rather than a `format!` per field: this runs for every document.
    for (name, value) in fields {
        for piece in ["  ", name, " = {", &value, "},\n"] {
            out.push_str(piece);
        }
    }
    out.push_str("}\n");
    out
}

const MONTHS: [&str; 12] = [
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
];

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
