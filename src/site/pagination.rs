//! Long lists split into numbered pages: the list of all documents, and the lists of a person
//! present in thousands of documents. A page of a hundred entries stays quick to load, to
//! read and to rebuild; one page of ten thousand did none of these.
//!
//! Page 1 keeps the list's own address (`/documents/`); page `n` is `{list}page/n/`.

use std::ops::Range;

use serde::Serialize;

use super::urls::{Urls, route};
use super::views::Link;

/// The path segment before a page number (`/documents/page/2/`). No document may have this
/// id, or its page would be hidden by the list's.
pub const PAGE_SEGMENT: &str = "page";

/// Entries on one page of a list.
pub const PER_PAGE: usize = 100;

/// How many pages a list of `entries` takes (at least one, even when empty).
pub fn page_count(entries: usize) -> usize {
    entries.div_ceil(PER_PAGE).max(1)
}

/// The page (from 1) that shows the entry at `position` (from 0).
pub fn page_of(position: usize) -> usize {
    position / PER_PAGE + 1
}

/// The entries of page `number` (from 1) of a list of `entries`.
pub fn entries_on(number: usize, entries: usize) -> Range<usize> {
    let start = (number.saturating_sub(1) * PER_PAGE).min(entries);
    start..(start + PER_PAGE).min(entries)
}

/// One numbered link of a pager.
#[derive(Debug, Clone, Serialize)]
pub struct PageLink {
    /// The page number.
    pub number: usize,
    /// Its URL.
    pub url: String,
    /// True for the page being shown (not a link then).
    pub current: bool,
}

/// The navigation between the pages of a list, as templates get it.
#[derive(Debug, Clone, Serialize)]
pub struct Pager {
    /// This page's number (from 1).
    pub number: usize,
    /// Number of pages.
    pub count: usize,
    /// The previous page.
    pub previous: Option<Link>,
    /// The next page.
    pub next: Option<Link>,
    /// The first and last pages and those near this one, in order; a gap between two links
    /// is shown as an ellipsis (their numbers are not consecutive).
    pub pages: Vec<PageLink>,
}

/// The pager of page `number` of the list at `list_route` with `page_count` pages; `None`
/// for a list that fits one page.
pub fn pager(urls: &Urls, list_route: &str, number: usize, page_count: usize) -> Option<Pager> {
    if page_count <= 1 {
        return None;
    }
    let url = |n: usize| urls.url(&route::list_page(list_route, n));
    let link = |n: usize, label: &str| Link {
        label: label.to_owned(),
        url: url(n),
    };
    let near = number.saturating_sub(2)..=number + 2;
    let pages = (1..=page_count)
        .filter(|n| *n == 1 || *n == page_count || near.contains(n))
        .map(|n| PageLink {
            number: n,
            url: url(n),
            current: n == number,
        })
        .collect();
    Some(Pager {
        number,
        count: page_count,
        previous: (number > 1).then(|| link(number - 1, "Previous page")),
        next: (number < page_count).then(|| link(number + 1, "Next page")),
        pages,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_hold_a_hundred_entries() {
        assert_eq!(page_count(0), 1);
        assert_eq!(page_count(100), 1);
        assert_eq!(page_count(101), 2);
        assert_eq!(page_of(99), 1);
        assert_eq!(page_of(100), 2);
        assert_eq!(entries_on(2, 150), 100..150);
        assert_eq!(entries_on(3, 150), 150..150);
    }

    #[test]
    fn the_pager_links_the_ends_and_the_neighbourhood() {
        let urls = Urls::new("https://example.org/edition/");
        assert!(pager(&urls, "documents/", 1, 1).is_none());
        let pager = pager(&urls, "documents/", 6, 20).unwrap();
        let numbers: Vec<usize> = pager.pages.iter().map(|p| p.number).collect();
        assert_eq!(numbers, [1, 4, 5, 6, 7, 8, 20]);
        assert_eq!(pager.pages[0].url, "/edition/documents/");
        assert_eq!(pager.pages[1].url, "/edition/documents/page/4/");
        assert_eq!(pager.previous.unwrap().url, "/edition/documents/page/5/");
        assert!(pager.pages[3].current);
    }
}
