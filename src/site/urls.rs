//! Every URL of the site, in one place, so that links agree with the files written and work
//! under a domain root or a sub-path (`https://user.github.io/edition/`).
//!
//! A *route* is a path relative to the site root (`documents/ID/`); a *URL* is what pages link
//! to: the base path plus the route (`/edition/documents/ID/`); the output file of a route
//! ending in `/` is its `index.html`.

use crate::content::date::EditionDate;
use crate::diagnostics::Diagnostic;

/// Builds routes and URLs for one base URL.
#[derive(Debug, Clone)]
pub struct Urls {
    base_path: String,
    base_absolute: String,
}

impl Urls {
    /// URLs for a site published at `base_url`.
    pub fn new(base_url: &str) -> Urls {
        Urls {
            base_path: crate::config::base_path_of(base_url),
            base_absolute: base_url.trim_end_matches('/').to_owned(),
        }
    }

    /// The path prefix of every URL, starting and ending with `/`.
    pub fn base_path(&self) -> &str {
        &self.base_path
    }

    /// The URL of `route` (relative to the site root).
    pub fn url(&self, route: &str) -> String {
        [self.base_path.as_str(), route].concat()
    }

    /// The absolute, permanent URL of `route`, for citations, feeds and canonical links.
    pub fn absolute(&self, route: &str) -> String {
        [self.base_absolute.as_str(), "/", route].concat()
    }
}

/// Routes of the site's pages.
pub mod route {
    use super::EditionDate;
    use crate::content::date::push_padded;

    /// The home page.
    pub const HOME: &str = "";
    /// All documents in chronological order.
    pub const DOCUMENTS: &str = "documents/";
    /// The index of people.
    pub const PEOPLE: &str = "people/";
    /// The chronology.
    pub const DATES: &str = "dates/";
    /// The whole edition's bibliography downloads.
    pub const CITATIONS: &str = "citations/";
    /// The not-found page GitHub Pages serves for missing paths.
    pub const NOT_FOUND: &str = "404.html";
    /// Full-text search.
    pub const SEARCH: &str = "search/";
    /// The Atom feed.
    pub const FEED: &str = "feed.xml";
    /// The page explaining the data exports.
    pub const DATA: &str = "data/";
    /// Every document's front matter, as JSON.
    pub const DATA_DOCUMENTS_JSON: &str = "data/documents.json";
    /// Every document's front matter, as CSV.
    pub const DATA_DOCUMENTS_CSV: &str = "data/documents.csv";
    /// The people of the authority file, as JSON.
    pub const DATA_PEOPLE_JSON: &str = "data/people.json";
    /// The people of the authority file, as CSV.
    pub const DATA_PEOPLE_CSV: &str = "data/people.csv";

    /// One document.
    pub fn document(id: &str) -> String {
        ["documents/", id, "/"].concat()
    }

    /// One person.
    pub fn person(id: &str) -> String {
        ["people/", id, "/"].concat()
    }

    /// A free page.
    pub fn page(id: &str) -> String {
        format!("{id}/")
    }

    /// Page `number` (from 1) of the list at `list`: the list's own route for page 1.
    pub fn list_page(list: &str, number: usize) -> String {
        if number <= 1 {
            list.to_owned()
        } else {
            format!("{list}{}/{number}/", super::super::pagination::PAGE_SEGMENT)
        }
    }

    /// A raw source transcript.
    pub fn source(file: &str) -> String {
        format!("sources/{file}")
    }

    /// A theme asset.
    pub fn asset(path: &str) -> String {
        format!("static/{path}")
    }

    /// A year of the chronology.
    pub fn year(year: i32) -> String {
        chronology(year, &[])
    }

    /// A month of the chronology.
    pub fn month(year: i32, month: u8) -> String {
        chronology(year, &[month])
    }

    /// A day of the chronology.
    pub fn day(year: i32, month: u8, day: u8) -> String {
        chronology(year, &[month, day])
    }

    /// `dates/YYYY/`, then each of `parts` in two digits and a `/`.
    fn chronology(year: i32, parts: &[u8]) -> String {
        let mut route = String::with_capacity(17);
        route.push_str("dates/");
        push_padded(&mut route, year, 4);
        route.push('/');
        for &part in parts {
            push_padded(&mut route, i32::from(part), 2);
            route.push('/');
        }
        route
    }

    /// The most precise chronology page for a date (a day, a month or a year).
    pub fn date(date: &EditionDate) -> String {
        match (date.month, date.day) {
            (Some(m), Some(d)) => day(date.year, m, d),
            (Some(m), None) => month(date.year, m),
            _ => year(date.year),
        }
    }
}

/// The errors for documents and free pages whose ids, valid as ids, are taken by the site's
/// own addresses. The content model allows any valid id; only the site knows its routes.
pub fn reserved_id_problems(edition: &crate::content::Edition) -> Vec<Diagnostic> {
    let mut problems: Vec<Diagnostic> = edition
        .documents
        .iter()
        .filter_map(|document| reserved_document_id(&document.path, &document.id))
        .collect();
    let reserved = super::RESERVED_ROUTES;
    for page in &edition.pages {
        if reserved.contains(&page.id.as_str()) {
            problems.push(
                Diagnostic::error(
                    &page.path,
                    format!(
                        "the page id `{}` is reserved for the site's own pages",
                        page.id
                    ),
                )
                .with_hint(format!(
                    "rename the file; these names are taken: {}",
                    reserved.join(", ")
                )),
            );
        }
    }
    problems
}

/// The error for a document at `path` whose id, valid as an id, is taken by the site's own
/// pages: `/documents/page/` holds the further pages of the list of documents.
pub fn reserved_document_id(path: &std::path::Path, id: &str) -> Option<Diagnostic> {
    let page_segment = super::pagination::PAGE_SEGMENT;
    (id == page_segment).then(|| {
        Diagnostic::error(
            path,
            format!("the document id `{page_segment}` is reserved: `/documents/{page_segment}/` holds the further pages of the list of documents"),
        )
        .with_hint("rename the file, e.g. to the document's date and author (`1961-09-30-chervonenko-deng`)")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_carry_the_base_path() {
        let root = Urls::new("https://example.org/");
        assert_eq!(root.url(&route::document("a")), "/documents/a/");
        let sub = Urls::new("https://user.github.io/edition");
        assert_eq!(sub.url(&route::document("a")), "/edition/documents/a/");
        assert_eq!(sub.url(route::HOME), "/edition/");
        assert_eq!(
            sub.absolute(&route::document("a")),
            "https://user.github.io/edition/documents/a/"
        );
    }

    #[test]
    fn date_routes_go_as_deep_as_the_date_is_known() {
        let date = EditionDate::parse("1961-09-30?").unwrap();
        assert_eq!(route::date(&date), "dates/1961/09/30/");
        assert_eq!(
            route::date(&EditionDate::parse("~1959").unwrap()),
            "dates/1959/"
        );
    }
}
