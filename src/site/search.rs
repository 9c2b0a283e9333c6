//! Full-text search with no server: Pagefind indexes the rendered document pages at build
//! time, and its files (index fragments, WebAssembly, `pagefind.js`) become ordinary output
//! files under `/pagefind/`, so they go through the same atomic publish as every page.
//!
//! Document pages mark what is indexed (`data-pagefind-body`), the year and person filters
//! (`data-pagefind-filter`) and a hidden list of every name variant of the people in the
//! document, so that a search for `Cervonenko` finds Chervonenko's documents even where the
//! text spells him otherwise. The `/search/` page loads `pagefind.js` with a small script of
//! the theme; without JavaScript it explains that and links to the other ways in.

use std::collections::BTreeSet;

use serde::Serialize;

use super::graph::SiteGraph;
use super::urls::{Urls, route};
use crate::content::Edition;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::output::{Contents, OutputFile};

/// The folder of the search bundle, relative to the site root.
pub const BUNDLE_DIR: &str = "pagefind/";

/// The attribute that marks a page as indexed; pages without it are left out of the index.
const BODY_MARKER: &str = "data-pagefind-body";

/// One person named by a document, as the search index sees them.
#[derive(Debug, Clone, Serialize)]
pub struct SearchPerson {
    /// Display name: the value of the `person` filter.
    pub name: String,
    /// Every other spelling from the authority file, indexed as hidden text.
    pub variants: Vec<String>,
}

/// What a document page gives the search index beyond its visible text.
#[derive(Debug, Clone, Serialize)]
pub struct DocumentSearch {
    /// The `year` filter (the chronology year), if the document is dated.
    pub year: Option<String>,
    /// The date shown in results.
    pub date: Option<String>,
    /// ISO date for sorting results by date.
    pub sort_date: Option<String>,
    /// Everyone the document names: author, participants, mentioned (front matter and body).
    pub people: Vec<SearchPerson>,
}

/// The search data of the document at `index`.
pub fn document_search(edition: &Edition, graph: &SiteGraph, index: usize) -> DocumentSearch {
    let document = &edition.documents[index];
    let mut seen = BTreeSet::new();
    let mut people = Vec::new();
    let front_matter = document
        .person_ids()
        .filter_map(|id| edition.person_position(id));
    let mentioned = graph.documents[index].mentioned.iter().copied();
    for person_index in front_matter.chain(mentioned) {
        if !seen.insert(person_index) {
            continue;
        }
        let person = &edition.people[person_index];
        let name = person.meta.name.clone();
        let variants = person
            .meta
            .variants
            .iter()
            .filter(|v| **v != name)
            .cloned()
            .collect();
        people.push(SearchPerson { name, variants });
    }
    let chronology = document.chronology_date();
    DocumentSearch {
        year: chronology.map(|d| d.year.to_string()),
        date: chronology.map(|d| d.human()),
        sort_date: chronology.map(|d| d.iso()),
        people,
    }
}

/// Indexes every page marked for search among `files` and returns the search bundle's files
/// (`pagefind/...`), with result URLs under the base path of `urls`.
pub fn index(
    files: &[OutputFile],
    urls: &Urls,
    language: &str,
) -> Result<Vec<OutputFile>, Diagnostics> {
    // Pagefind's API is async; a small runtime of our own runs it to completion here, so the
    // rest of the build stays synchronous.
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| problem(format!("could not start the search indexer: {e}")))?;
    runtime.block_on(index_async(files, urls, language))
}

/// One problem as the list the build reports (a list keeps the `Result` small).
fn problems(problem: Diagnostic) -> Diagnostics {
    let mut list = Diagnostics::new();
    list.push(problem);
    list
}

async fn index_async(
    files: &[OutputFile],
    urls: &Urls,
    language: &str,
) -> Result<Vec<OutputFile>, Diagnostics> {
    // One language for the whole index, the edition's, so that the search page (whose
    // `<html lang>` is the same) always finds it.
    let primary = language.split('-').next().unwrap_or("en").to_lowercase();
    let options = pagefind::options::PagefindServiceConfig::builder()
        .keep_index_url(false)
        .force_language(primary)
        .build();
    let mut search_index = pagefind::api::PagefindIndex::new(Some(options))
        .map_err(|e| problem(format!("could not set up the search index: {e}")))?;
    for file in files {
        let Contents::Html(html) = &file.contents else {
            continue;
        };
        if !html.contains(BODY_MARKER) {
            continue;
        }
        let route = file.path.strip_suffix("index.html").unwrap_or(&file.path);
        search_index
            .add_html_file(None, Some(urls.url(route)), html.clone())
            .await
            .map_err(|e| {
                problem(format!(
                    "could not index public/{} for search: {e}",
                    file.path
                ))
            })?;
    }
    let bundle = search_index
        .get_files()
        .await
        .map_err(|e| problem(format!("could not build the search index: {e}")))?;
    let mut output = Vec::with_capacity(bundle.len());
    for file in bundle {
        let path = bundle_path(&file.filename)?;
        output.push(OutputFile {
            path,
            contents: Contents::Bytes(file.contents),
        });
    }
    Ok(output)
}

/// The output path of a bundle file. Pagefind names them under its own output folder
/// (`pagefind/pagefind.js`, sometimes with a leading source folder); only the part from
/// `pagefind/` on is kept, and anything that would leave that folder is refused.
fn bundle_path(filename: &std::path::Path) -> Result<String, Diagnostics> {
    let text = filename.to_string_lossy().replace('\\', "/");
    let inside = match text.rfind(BUNDLE_DIR) {
        Some(at) => &text[at + BUNDLE_DIR.len()..],
        None => text.trim_start_matches("./").trim_start_matches('/'),
    };
    if inside.is_empty()
        || inside
            .split('/')
            .any(|part| part == ".." || part.is_empty())
    {
        return Err(problem(format!(
            "the search indexer produced an unexpected file name `{text}`"
        )));
    }
    Ok(format!("{BUNDLE_DIR}{inside}"))
}

fn problem(message: String) -> Diagnostics {
    problems(Diagnostic::error(route::SEARCH, message)
        .with_hint("this is a problem of the search indexer, not of your content; please report it with the message above"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bundle_files_stay_in_the_bundle_folder() {
        let path = std::path::Path::new("pagefind/fragment/en_1.pf_fragment");
        assert_eq!(
            bundle_path(path).unwrap(),
            "pagefind/fragment/en_1.pf_fragment"
        );
        let nested = std::path::Path::new("./public/pagefind/pagefind.js");
        assert_eq!(bundle_path(nested).unwrap(), "pagefind/pagefind.js");
        assert!(bundle_path(std::path::Path::new("pagefind/../x")).is_err());
    }
}
