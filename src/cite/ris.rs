//! RIS for `cite.ris`: `TY  - MANSCPT`, with the tags Zotero's RIS translator maps to a
//! manuscript's fields (`DB` archive, `AN` archive location, `M3` manuscript type, `A4`
//! translator, `DP` the collection it was catalogued in).

use super::record::CiteRecord;

/// The RIS record of one document, lines ending in CRLF as the format specifies.
pub fn entry(record: &CiteRecord) -> String {
    let mut out = String::new();
    let mut tag = |tag: &str, value: &str| {
        let value = one_line(value);
        if !value.is_empty() {
            out.push_str(tag);
            out.push_str("  - ");
            out.push_str(&value);
            out.push_str("\r\n");
        }
    };
    tag("TY", "MANSCPT");
    tag("ID", &record.id);
    if let Some(author) = &record.author {
        tag("AU", &author.inverted());
    }
    tag("TI", &record.title);
    tag("M3", &record.kind);
    if let Some(date) = record.date {
        tag("PY", &format!("{:04}", date.year));
        let month = date.month.map_or(String::new(), |m| format!("{m:02}"));
        let day = date.day.map_or(String::new(), |d| format!("{d:02}"));
        tag("DA", &format!("{:04}/{month}/{day}/", date.year));
    }
    for translator in &record.translators {
        tag("A4", &translator.inverted());
    }
    tag("DB", &record.archive);
    tag("AN", &record.archive_location);
    tag("DP", &record.collection);
    tag("T2", &record.edition_title);
    for editor in &record.editors {
        tag("A2", &editor.inverted());
    }
    tag("PB", &record.publisher);
    tag("UR", &record.url);
    tag("LA", &record.language);
    tag("AB", &record.summary);
    if !record.original_language.is_empty() {
        tag(
            "N1",
            &format!("Translated from the {}.", record.original_language),
        );
    }
    out.push_str("ER  - \r\n");
    out
}

/// A RIS value is one line; line breaks in front matter become spaces.
fn one_line(value: &str) -> String {
    value.split_whitespace().collect::<Vec<_>>().join(" ")
}
