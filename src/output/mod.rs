//! Output: the finished site as a list of files, checked for broken links, minified and
//! written beside the output folder, which changes only once everything is written
//! ([`write`] says how a build stopped at any moment is completed or undone). A failed
//! build never touches the published folder.

pub mod links;
pub mod write;

use std::path::PathBuf;

/// What goes into one output file.
#[derive(Debug, Clone)]
pub enum Contents {
    /// An HTML page: link-checked and minified.
    Html(String),
    /// Any other generated text (XML, robots.txt).
    Text(String),
    /// A file copied as it is (theme assets, raw transcripts).
    Copy(PathBuf),
    /// An HTML page of a build that knows what its pages are made from: `inputs` is a hash
    /// of its template and data, compared with the last build's instead of its bytes.
    /// `html` is `None` when they are the same as then: the page was not rendered again,
    /// its file stays as it is and its links are those the last build recorded.
    Page {
        /// The page, when rendered.
        html: Option<String>,
        /// Hash of the theme, template and data the page is made from.
        inputs: u128,
    },
    /// Any other file a build makes and knows what it is made from (a document's TEI, a
    /// facsimile's image): like [`Contents::Page`], `bytes` is `None` when `inputs` hash as
    /// at the last build, and the file stays as it is.
    Made {
        /// The file, when made.
        bytes: Option<Vec<u8>>,
        /// Hash of what the file is made from.
        inputs: u128,
    },
}

impl Contents {
    /// True for an HTML page (link-checked, minified, listed in the sitemap).
    pub fn is_page(&self) -> bool {
        matches!(self, Contents::Html(_) | Contents::Page { .. })
    }

    /// The HTML of a page rendered in this build.
    pub fn html(&self) -> Option<&str> {
        match self {
            Contents::Html(html)
            | Contents::Page {
                html: Some(html), ..
            } => Some(html),
            _ => None,
        }
    }
}

/// One file of the site.
#[derive(Debug, Clone)]
pub struct OutputFile {
    /// Path relative to the output folder, with `/` separators (`documents/ID/index.html`).
    pub path: String,
    /// Its contents.
    pub contents: Contents,
}

impl OutputFile {
    /// The file for `route` (a route ending in `/` is written as its `index.html`).
    pub fn for_route(route: &str, contents: Contents) -> OutputFile {
        OutputFile {
            path: route_path(route),
            contents,
        }
    }
}

/// The file path of `route`: a route ending in `/` is its folder's `index.html`.
pub fn route_path(route: &str) -> String {
    if route.is_empty() || route.ends_with('/') {
        format!("{route}index.html")
    } else {
        route.to_owned()
    }
}

/// `text` (from HTML Folio wrote) with the entities its renderers, templates and minifier
/// write decoded: `&amp;`, `&lt;`, `&gt;`, `&quot;`, `&#39;` and `&#x27;`; any other `&` is
/// left as it is. One pass, so `&amp;lt;` is `&lt;`, not `<`.
pub fn decode_entities(text: &str) -> std::borrow::Cow<'_, str> {
    const ENTITIES: [(&str, char); 6] = [
        ("&amp;", '&'),
        ("&lt;", '<'),
        ("&gt;", '>'),
        ("&quot;", '"'),
        ("&#39;", '\''),
        ("&#x27;", '\''),
    ];
    let next_entity = |text: &str| memchr::memchr(b'&', text.as_bytes());
    if next_entity(text).is_none() {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut decoded = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = next_entity(rest) {
        decoded.push_str(&rest[..at]);
        rest = &rest[at..];
        match ENTITIES.iter().find(|(entity, _)| rest.starts_with(entity)) {
            Some((entity, c)) => {
                decoded.push(*c);
                rest = &rest[entity.len()..];
            }
            None => {
                decoded.push('&');
                rest = &rest[1..];
            }
        }
    }
    decoded.push_str(rest);
    std::borrow::Cow::Owned(decoded)
}

#[cfg(test)]
mod tests {
    use super::decode_entities;

    #[test]
    fn entities_are_decoded_once_and_unknown_ones_kept() {
        assert_eq!(decode_entities("Mao &amp; Khrushchev"), "Mao & Khrushchev");
        assert_eq!(decode_entities("&amp;lt; is &lt;"), "&lt; is <");
        assert_eq!(
            decode_entities("&quot;a&quot; &#39;b&#x27; &gt; &nbsp; & end&"),
            "\"a\" 'b' > &nbsp; & end&"
        );
        assert!(matches!(
            decode_entities("plain"),
            std::borrow::Cow::Borrowed("plain")
        ));
    }
}
