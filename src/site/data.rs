//! Data exports for researchers: every document's front matter and every person of the
//! authority file, as JSON and CSV under `/data/`, with a page (`/data/`) that explains the
//! files, their columns and their license.
//!
//! JSON keeps the structure (lists stay lists); CSV flattens lists into one cell joined by
//! `; `, so that a spreadsheet opens the file with one row per document or person.

use rayon::prelude::*;
use serde::Serialize;
use serde_json::json;

use super::graph::SiteGraph;
use super::urls::{Urls, route};
use crate::content::Edition;
use crate::content::document::DocumentMeta;
use crate::output::{Contents, OutputFile};

/// Joins list values in a CSV cell.
const LIST_SEPARATOR: &str = "; ";

/// Columns of `documents.csv`, in order (every front matter field, after the id and URL).
pub const DOCUMENT_COLUMNS: &[&str] = &[
    "id",
    "url",
    "title",
    "date",
    "event_date",
    "kind",
    "author",
    "participants",
    "mentioned",
    "archive",
    "archive_location",
    "collection",
    "archive_citation",
    "translators",
    "obtained_by",
    "original_language",
    "contents",
    "classification",
    "copy_number",
    "source_url",
    "summary",
    "source",
];

/// Columns of `people.csv`, in order.
pub const PEOPLE_COLUMNS: &[&str] = &[
    "id",
    "url",
    "name",
    "sort_name",
    "variants",
    "roles",
    "dates",
    "review",
    "documents",
    "participated",
    "authored",
    "mentioned",
    "wikidata",
    "viaf",
    "gnd",
    "lcnaf",
    "isni",
];

/// One document in `documents.json`: its id and page, then its front matter as written.
#[derive(Serialize)]
struct DocumentRecord<'a> {
    id: &'a str,
    url: String,
    #[serde(flatten)]
    meta: &'a DocumentMeta,
}

/// One person in `people.json`.
#[derive(Serialize)]
struct PersonRecord<'a> {
    id: &'a str,
    url: String,
    name: &'a str,
    sort_name: &'a str,
    variants: &'a [String],
    roles: &'a [String],
    dates: &'a str,
    review: bool,
    /// Distinct documents the person appears in.
    documents: usize,
    participated: usize,
    authored: usize,
    mentioned: usize,
    /// Identifiers in authority files, by file (`wikidata`, `viaf` ...).
    authority: &'a crate::content::authority::AuthorityIds,
}

/// The four export files.
pub fn exports(edition: &Edition, graph: &SiteGraph, urls: &Urls) -> Vec<OutputFile> {
    let documents: Vec<DocumentRecord> = edition
        .documents
        .par_iter()
        .map(|d| DocumentRecord {
            id: &d.id,
            url: urls.absolute(&route::document(&d.id)),
            meta: &d.meta,
        })
        .collect();
    let people: Vec<PersonRecord> = edition
        .people
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let links = &graph.people[i];
            PersonRecord {
                id: &p.id,
                url: urls.absolute(&route::person(&p.id)),
                name: &p.meta.name,
                sort_name: &p.meta.sort_name,
                variants: &p.meta.variants,
                roles: &p.meta.roles,
                dates: &p.meta.dates,
                review: p.meta.review,
                documents: links.document_count(),
                participated: links.participated.len(),
                authored: links.authored.len(),
                mentioned: links.mentioned.len(),
                authority: &p.meta.authority,
            }
        })
        .collect();

    // The documents' JSON and CSV are most of the work (about 20 MB for 10,000 documents):
    // made side by side.
    let ((documents_json, documents_csv), (people_json, people_csv)) = rayon::join(
        || {
            rayon::join(
                || to_json(&documents),
                || csv(DOCUMENT_COLUMNS, &documents, document_row),
            )
        },
        || {
            rayon::join(
                || to_json(&people),
                || csv(PEOPLE_COLUMNS, &people, person_row),
            )
        },
    );
    vec![
        text_file(route::DATA_DOCUMENTS_JSON, documents_json),
        text_file(route::DATA_DOCUMENTS_CSV, documents_csv),
        text_file(route::DATA_PEOPLE_JSON, people_json),
        text_file(route::DATA_PEOPLE_CSV, people_csv),
    ]
}

/// What the `/data/` page shows: the files, their columns and the license.
pub fn page_data(edition: &Edition, urls: &Urls) -> serde_json::Value {
    json!({
        "documents_json": urls.url(route::DATA_DOCUMENTS_JSON),
        "documents_csv": urls.url(route::DATA_DOCUMENTS_CSV),
        "people_json": urls.url(route::DATA_PEOPLE_JSON),
        "people_csv": urls.url(route::DATA_PEOPLE_CSV),
        "feed": urls.url(route::FEED),
        "tei_corpus": urls.url(super::tei::CORPUS),
        "document_columns": DOCUMENT_COLUMNS,
        "people_columns": PEOPLE_COLUMNS,
        "document_count": edition.documents.len(),
        "person_count": edition.people.len(),
        "license": edition.config.license,
        "separator": LIST_SEPARATOR.trim(),
    })
}

fn text_file(path: &str, text: String) -> OutputFile {
    OutputFile {
        path: path.to_owned(),
        contents: Contents::Text(text),
    }
}

fn to_json<T: Serialize>(value: &T) -> String {
    // Serialising plain strings, numbers and lists cannot fail; an empty list is the safe
    // fallback should it ever do.
    let mut text = serde_json::to_string_pretty(value).unwrap_or_else(|_| "[]".to_owned());
    text.push('\n');
    text
}

fn document_row(record: &DocumentRecord) -> Vec<String> {
    let meta = record.meta;
    let date = |d: &Option<crate::content::date::EditionDate>| {
        d.map(|d| d.to_string()).unwrap_or_default()
    };
    let participants: Vec<String> = meta
        .participants
        .iter()
        .map(|p| {
            if p.role.is_empty() {
                p.person.clone()
            } else {
                format!("{}: {}", p.person, p.role)
            }
        })
        .collect();
    vec![
        record.id.to_owned(),
        record.url.clone(),
        meta.title.clone(),
        date(&meta.date),
        date(&meta.event_date),
        meta.kind.clone(),
        meta.author.clone().unwrap_or_default(),
        participants.join(LIST_SEPARATOR),
        meta.mentioned.join(LIST_SEPARATOR),
        meta.archive.clone(),
        meta.archive_location.clone(),
        meta.collection.clone(),
        meta.archive_citation.clone(),
        meta.translators.join(LIST_SEPARATOR),
        meta.obtained_by.join(LIST_SEPARATOR),
        meta.original_language.clone(),
        meta.contents.clone(),
        meta.classification.clone(),
        meta.copy_number.clone(),
        meta.source_url.clone(),
        meta.summary.clone(),
        meta.source.clone().unwrap_or_default(),
    ]
}

fn person_row(record: &PersonRecord) -> Vec<String> {
    let mut row = vec![
        record.id.to_owned(),
        record.url.clone(),
        record.name.to_owned(),
        record.sort_name.to_owned(),
        record.variants.join(LIST_SEPARATOR),
        record.roles.join(LIST_SEPARATOR),
        record.dates.to_owned(),
        record.review.to_string(),
        record.documents.to_string(),
        record.participated.to_string(),
        record.authored.to_string(),
        record.mentioned.to_string(),
    ];
    // One column per authority file, in the order of PEOPLE_COLUMNS (a test holds them
    // together).
    row.extend(crate::content::authority::SCHEMES.iter().map(|scheme| {
        record
            .authority
            .get(scheme.key)
            .cloned()
            .unwrap_or_default()
    }));
    row
}

/// RFC 4180 CSV of `records` under a header of `columns`. Each row goes into the text as it
/// is made, so the edition's rows are never all in memory beside it (at 100,000 documents,
/// over 100 MB).
fn csv<R>(columns: &[&str], records: &[R], row: impl Fn(&R) -> Vec<String>) -> String {
    let mut out = String::new();
    push_csv_row(&mut out, columns);
    for record in records {
        push_csv_row(&mut out, &row(record));
    }
    out
}

/// Appends one CSV row: CRLF line end, fields quoted when they hold a comma, quote or line
/// break.
///
/// A cell a spreadsheet would read as a formula (beginning with `=`, `+`, `-`, `@`, a tab
/// or a carriage return: `=HYPERLINK(...)` in a title) is neutralised as OWASP recommends
/// ("CSV Injection"): a single quote before it, and the cell quoted. The JSON exports keep
/// the text as written: JSON is not opened as a spreadsheet.
fn push_csv_row(out: &mut String, row: &[impl AsRef<str>]) {
    for (i, field) in row.iter().enumerate() {
        let field = field.as_ref();
        if i > 0 {
            out.push(',');
        }
        if field.starts_with(['=', '+', '-', '@', '\t', '\r']) {
            out.push_str("\"'");
            out.push_str(&field.replace('"', "\"\""));
            out.push('"');
        } else if field.contains([',', '"', '\n', '\r']) {
            out.push('"');
            out.push_str(&field.replace('"', "\"\""));
            out.push('"');
        } else {
            out.push_str(field);
        }
    }
    out.push_str("\r\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn people_csv_ends_with_a_column_per_authority_file() {
        let keys: Vec<&str> = crate::content::authority::SCHEMES
            .iter()
            .map(|s| s.key)
            .collect();
        assert!(PEOPLE_COLUMNS.ends_with(&keys));
    }

    #[test]
    fn csv_quotes_only_what_needs_it() {
        let mut out = String::new();
        push_csv_row(&mut out, &["a", "b, \"c\"", "d\ne"]);
        assert_eq!(out, "a,\"b, \"\"c\"\"\",\"d\ne\"\r\n");
    }

    #[test]
    fn csv_cells_a_spreadsheet_would_run_are_neutralised() {
        let mut out = String::new();
        push_csv_row(
            &mut out,
            &[
                "=HYPERLINK(\"http://x\",\"y\")",
                "+1",
                "-2+3",
                "@SUM(A1)",
                "\tx",
                "\ry",
                "a=b",
                "1961-09-30",
            ],
        );
        assert_eq!(
            out,
            "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\",\"'+1\",\"'-2+3\",\"'@SUM(A1)\",\"'\tx\",\"'\ry\",a=b,1961-09-30\r\n"
        );
    }
}
