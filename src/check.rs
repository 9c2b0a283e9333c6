//! `folio check`: loads and validates the whole edition, renders every page and checks every
//! link, writing nothing. Unlike a build, it goes on after a failed stage wherever it can, so
//! one run lists problems of the front matter, the texts and the templates together.

use std::path::Path;
use std::time::Instant;

use crate::content::Edition;
use crate::diagnostics::Diagnostics;
use crate::pipeline::BuildSummary;

/// Checks the edition in `root`: `Ok` with the warnings, or `Err` with every problem found
/// (warnings included).
pub fn check(root: &Path) -> Result<BuildSummary, Diagnostics> {
    let started = Instant::now();
    let (mut edition, mut problems) = Edition::load_with_problems(root)?;
    // A refused `source_url` is reported at the front matter; the pages rendered next
    // would report it again on every page that shows it.
    for document in &mut edition.documents {
        if crate::util::schemes::refusal(&document.meta.source_url).is_some() {
            document.meta.source_url.clear();
        }
    }
    problems.extend(crate::site::check::check_site(&mut edition));
    problems.extend(crate::config::example_base_url_warning(
        root,
        &edition.config.base_url,
        false,
    ));
    let warnings = problems.into_result()?;
    Ok(BuildSummary {
        documents: edition.documents.len(),
        people: edition.people.len(),
        files: 0,
        written: 0,
        output: None,
        elapsed: started.elapsed(),
        warnings,
        timings: crate::progress::Stopwatch::new(),
        full_build_because: None,
    })
}
