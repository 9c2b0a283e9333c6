//! Free pages of the edition (about, editorial principles), in annotated Markdown.

use serde::{Deserialize, Serialize};

use super::Entry;

/// The front matter of a free page.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PageMeta {
    /// The page title.
    pub title: String,
    /// One sentence describing the page, for the home page and metadata.
    #[serde(default)]
    pub description: String,
    /// Position in the site navigation; pages without one are not in the menu.
    #[serde(default)]
    pub menu_order: Option<i32>,
}

/// A loaded free page; it is published at `/ID/`.
pub type Page = Entry<PageMeta>;
