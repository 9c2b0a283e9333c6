//! The Atom feed (`/feed.xml`, RFC 4287): the newest documents first, so that readers and
//! aggregators can follow an edition as it grows.
//!
//! Editions record no publication dates, so an entry's `updated` is the document's own date
//! (when it was written, or failing that the event it records). That keeps builds
//! reproducible: the same content always gives the same feed.

use super::urls::{Urls, route};
use super::views::join_names;
use crate::content::Edition;
use crate::content::date::EditionDate;
use crate::util::escape::escape_xml;

/// How many documents the feed lists: enough for any reader, small for large editions.
pub const FEED_LENGTH: usize = 50;

/// The Atom feed of `edition`, with absolute URLs under `urls`.
pub fn atom(edition: &Edition, urls: &Urls) -> String {
    let config = &edition.config;
    let mut dated: Vec<(String, usize)> = edition
        .documents
        .iter()
        .enumerate()
        .filter_map(|(i, d)| {
            d.meta
                .date
                .or(d.meta.event_date)
                .map(|date| (timestamp(&date), i))
        })
        .collect();
    // Newest first; ties in chronological order of the edition (its index), for stability.
    dated.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    dated.truncate(FEED_LENGTH);
    let updated = dated
        .first()
        .map_or_else(|| "1970-01-01T00:00:00Z".to_owned(), |(t, _)| t.clone());
    let author = [
        join_names(&config.editors),
        config.publisher.clone(),
        config.title.clone(),
    ]
    .into_iter()
    .find(|name| !name.trim().is_empty())
    .unwrap_or_else(|| "Editors".to_owned());

    let mut xml = String::from("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
    xml.push_str(&format!(
        "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{}\">\n",
        escape_xml(&config.language)
    ));
    element(&mut xml, 1, "title", &config.title);
    if !config.subtitle.is_empty() {
        element(&mut xml, 1, "subtitle", &config.subtitle);
    }
    element(&mut xml, 1, "id", &urls.absolute(route::HOME));
    link(
        &mut xml,
        1,
        "self",
        &urls.absolute(route::FEED),
        "application/atom+xml",
    );
    link(
        &mut xml,
        1,
        "alternate",
        &urls.absolute(route::HOME),
        "text/html",
    );
    element(&mut xml, 1, "updated", &updated);
    xml.push_str(&format!(
        "  <author><name>{}</name></author>\n",
        escape_xml(&author)
    ));
    if !config.license.is_empty() {
        element(&mut xml, 1, "rights", &config.license);
    }
    xml.push_str("  <generator>Folio</generator>\n");
    for (timestamp, index) in &dated {
        let document = &edition.documents[*index];
        let meta = &document.meta;
        let page = urls.absolute(&route::document(&document.id));
        xml.push_str("  <entry>\n");
        element(&mut xml, 2, "title", &meta.title);
        element(&mut xml, 2, "id", &page);
        link(&mut xml, 2, "alternate", &page, "text/html");
        element(&mut xml, 2, "updated", timestamp);
        if let Some(person) = meta.author.as_deref().and_then(|id| edition.person(id)) {
            xml.push_str(&format!(
                "    <author><name>{}</name></author>\n",
                escape_xml(&person.meta.name)
            ));
        }
        if !meta.kind.is_empty() {
            xml.push_str(&format!(
                "    <category term=\"{}\"/>\n",
                escape_xml(&meta.kind)
            ));
        }
        if !meta.summary.is_empty() {
            element(&mut xml, 2, "summary", &meta.summary);
        }
        xml.push_str("  </entry>\n");
    }
    xml.push_str("</feed>\n");
    xml
}

/// An RFC 3339 timestamp for a date that may lack its month or day (taken as the first).
fn timestamp(date: &EditionDate) -> String {
    format!(
        "{:04}-{:02}-{:02}T00:00:00Z",
        date.year.clamp(0, 9999),
        date.month.unwrap_or(1),
        date.day.unwrap_or(1)
    )
}

fn element(xml: &mut String, depth: usize, name: &str, text: &str) {
    xml.push_str(&"  ".repeat(depth));
    xml.push_str(&format!("<{name}>{}</{name}>\n", escape_xml(text)));
}

fn link(xml: &mut String, depth: usize, rel: &str, href: &str, media_type: &str) {
    xml.push_str(&"  ".repeat(depth));
    xml.push_str(&format!(
        "<link rel=\"{rel}\" type=\"{media_type}\" href=\"{}\"/>\n",
        escape_xml(href)
    ));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn partial_dates_become_full_timestamps() {
        let date = EditionDate::parse("1961-09").unwrap();
        assert_eq!(timestamp(&date), "1961-09-01T00:00:00Z");
    }
}
