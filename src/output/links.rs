//! The link checker: every internal link and fragment of every generated page must resolve
//! to a file of the site (and an `id` in it) before anything is written.
//!
//! It reads the pages Folio generated itself (attributes always double-quoted), so a small
//! attribute scanner is enough; it is not a general HTML parser.

use std::collections::{HashMap, HashSet};

use rayon::prelude::*;

use super::{Contents, OutputFile};
use crate::diagnostics::{Diagnostic, Diagnostics};

/// Checks every `href` and `src` of the HTML files against the set of files and ids, for a
/// site whose URLs start with `base_path`.
pub fn check(files: &[OutputFile], base_path: &str) -> Diagnostics {
    let paths: HashSet<&str> = files.iter().map(|f| f.path.as_str()).collect();
    let ids: HashMap<&str, HashSet<&str>> = files
        .par_iter()
        .filter_map(|f| match &f.contents {
            Contents::Html(html) => Some((f.path.as_str(), attribute_values(html, "id").collect())),
            _ => None,
        })
        .collect();
    let problems: Vec<Diagnostic> = files
        .par_iter()
        .flat_map_iter(|file| {
            let mut problems = Vec::new();
            if let Contents::Html(html) = &file.contents {
                for attribute in ["href", "src"] {
                    for link in attribute_values(html, attribute) {
                        if let Some(problem) = check_link(&file.path, link, base_path, &paths, &ids)
                        {
                            problems.push(problem);
                        }
                    }
                }
            }
            problems
        })
        .collect();
    let mut diagnostics = Diagnostics::new();
    diagnostics.extend(problems);
    diagnostics
}

fn check_link(
    page: &str,
    link: &str,
    base_path: &str,
    paths: &HashSet<&str>,
    ids: &HashMap<&str, HashSet<&str>>,
) -> Option<Diagnostic> {
    let link = decode_entities(link);
    if link.is_empty()
        || link.contains("://")
        || link.starts_with("mailto:")
        || link.starts_with("data:")
        || link.starts_with("//")
    {
        return None;
    }
    let (target, fragment) = match link.split_once('#') {
        Some((target, fragment)) => (target, Some(fragment)),
        None => (link.as_str(), None),
    };
    let target = target.split('?').next().unwrap_or_default();
    let file = if target.is_empty() {
        page.to_owned()
    } else if let Some(inside) = target.strip_prefix(base_path) {
        if inside.is_empty() || inside.ends_with('/') {
            format!("{inside}index.html")
        } else {
            inside.to_owned()
        }
    } else if target.starts_with('/') {
        return Some(broken(
            page,
            &link,
            &format!("it is outside the site's base path `{base_path}`"),
        ));
    } else {
        return Some(broken(
            page,
            &link,
            "relative links are not used by Folio's themes; build URLs from the values templates receive",
        ));
    };
    if !paths.contains(file.as_str()) {
        return Some(broken(
            page,
            &link,
            &format!("no page or file `{file}` is generated"),
        ));
    }
    if let Some(fragment) = fragment.filter(|f| !f.is_empty())
        && let Some(page_ids) = ids.get(file.as_str())
        && !page_ids.contains(fragment)
    {
        return Some(broken(
            page,
            &link,
            &format!("`{file}` has no element with id `{fragment}`"),
        ));
    }
    None
}

fn broken(page: &str, link: &str, why: &str) -> Diagnostic {
    Diagnostic::error(format!("public/{page}"), format!("broken link `{link}`: {why}"))
        .with_hint("the link comes from a template or from the content on this page; fix its source and build again")
}

/// The values of `attribute="..."` in `html`, in order.
pub fn attribute_values<'a>(
    html: &'a str,
    attribute: &'a str,
) -> impl Iterator<Item = &'a str> + 'a {
    let mut rest = html;
    std::iter::from_fn(move || {
        loop {
            let at = rest.find(attribute)?;
            let before = rest[..at].chars().next_back();
            let after = &rest[at + attribute.len()..];
            rest = after;
            if matches!(before, Some(c) if c.is_ascii_whitespace()) && after.starts_with("=\"") {
                let value_start = &rest[2..];
                let end = value_start.find('"')?;
                let value = &value_start[..end];
                rest = &value_start[end..];
                return Some(value);
            }
        }
    })
}

fn decode_entities(value: &str) -> String {
    if !value.contains('&') {
        return value.to_owned();
    }
    value
        .replace("&amp;", "&")
        .replace("&#x27;", "'")
        .replace("&#39;", "'")
        .replace("&quot;", "\"")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn html(path: &str, body: &str) -> OutputFile {
        OutputFile {
            path: path.into(),
            contents: Contents::Html(body.into()),
        }
    }

    #[test]
    fn finds_attribute_values() {
        let values: Vec<&str> =
            attribute_values(r#"<a href="/x/" data-href="no"><b id="i">"#, "href").collect();
        assert_eq!(values, vec!["/x/"]);
    }

    #[test]
    fn reports_missing_pages_and_fragments_only() {
        let files = vec![
            html(
                "index.html",
                r##"<a href="/ed/a/">a</a> <a href="/ed/a/#n1">n</a> <a href="#top">t</a> <a href="https://x.org/">x</a> <p id="top"></p>"##,
            ),
            html(
                "a/index.html",
                r#"<p id="n1"></p><a href="/ed/missing/">m</a><a href="/ed/a/#nope">f</a><a href="/other/">o</a>"#,
            ),
        ];
        let problems = check(&files, "/ed/");
        let messages: Vec<String> = problems.iter().map(|d| d.message.clone()).collect();
        assert_eq!(messages.len(), 3, "{messages:?}");
        assert!(messages.iter().any(|m| m.contains("/ed/missing/")));
        assert!(
            messages
                .iter()
                .any(|m| m.contains("no element with id `nope`"))
        );
        assert!(
            messages
                .iter()
                .any(|m| m.contains("outside the site's base path"))
        );
    }
}
