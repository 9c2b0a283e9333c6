//! The site: routes, index pages and templates.

/// First path segments taken by the site's own pages; free pages cannot use them as ids.
pub const RESERVED_ROUTES: &[&str] = &[
    "documents",
    "people",
    "dates",
    "search",
    "sources",
    "static",
    "data",
    "feed",
    "404",
    "sitemap",
    "robots",
];
