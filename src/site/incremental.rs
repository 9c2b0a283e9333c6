//! Incremental rebuilds for `folio serve`: the whole site kept in memory, with what it was
//! made from (the edition, rendered bodies, the site graph), so that an edited document
//! re-renders only the pages it appears on.
//!
//! A full build renders everything exactly as `folio build` does (same [`super::render_site`],
//! same link check). After that, a change to one document:
//!
//! 1. reloads and validates that one file, and renders its body (any error: nothing changes,
//!    the last good site stays);
//! 2. puts it in place (re-sorting only when its place in the chronology moved) and rebuilds
//!    the [`SiteGraph`], which is linear and cheap;
//! 3. re-renders the pages that can show something of it: its own page, its previous and next
//!    documents (old and new), documents whose related list shows it or changed, the people
//!    whose lists changed or include it, its year, month and day pages (every chronology page
//!    when the set of dates changed), and the home page and the three indexes.
//!
//! Anything else (people, free pages, templates, site.toml, a new or deleted document) is a
//! full rebuild: those change links and cards across the site, and they are rare while editing.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use rayon::prelude::*;

use super::graph::{Placement, SiteGraph};
use super::pages::{PageContext, PageJob, SharedViews, Texts};
use super::pagination;
use super::theme::Theme;
use super::urls::{Urls, route};
use super::views::DocumentCard;
use super::{EditionResolver, render_document};
use crate::cite::DocumentCitations;
use crate::cite::cache::CitationCache;
use crate::content::{Document, Edition};
use crate::diagnostics::Diagnostics;
use crate::output::{Contents, OutputFile};
use crate::render::Rendered;

/// A site kept in memory with everything it was made from.
pub struct LiveSite {
    edition: Edition,
    theme: Theme,
    urls: Urls,
    documents: Vec<Rendered>,
    biographies: Vec<Rendered>,
    pages: Vec<Rendered>,
    introduction: Rendered,
    graph: SiteGraph,
    citations: Vec<DocumentCitations>,
    citation_cache: CitationCache,
    /// The search index's postings, kept up to date with `documents`.
    postings: super::search::IndexBuilder,
    files: SiteFiles,
    /// The edition-wide files (search index, bibliography, data exports, feed, sitemap) may
    /// no longer follow the edition: [`LiveSite::refresh_edition_files`] makes them again.
    edition_files_stale: bool,
}

/// What a rebuild did.
#[derive(Debug, Default)]
pub struct Rebuilt {
    /// Pages rendered.
    pub pages: usize,
    /// True when everything was rebuilt.
    pub full: bool,
    /// Wall time.
    pub elapsed: Duration,
    /// Problems that did not stop the rebuild.
    pub warnings: Diagnostics,
    /// Time spent in each phase of an incremental rebuild, for `folio serve --verbose`.
    pub phases: Vec<(&'static str, Duration)>,
}

/// A year, month or day of the chronology, as a comparable key.
type DateKey = (i32, Option<u8>, Option<u8>);

impl LiveSite {
    /// Loads and renders the edition in `root`, as `folio build` would, keeping it in memory.
    pub fn load(root: &Path) -> Result<(LiveSite, Rebuilt), Diagnostics> {
        let started = Instant::now();
        let loaded = Edition::load(root)?;
        let mut edition = loaded.edition;
        // The files come from the same function as `folio build`, so the preview is the site.
        let citation_cache = CitationCache::read_only(root);
        let mut files = Vec::new();
        let texts = edition.take_texts();
        let site = super::render_site(
            &edition,
            texts,
            &citation_cache,
            super::Keep::Parts,
            None,
            &mut |block| {
                files.extend(block);
                Ok(())
            },
        )?;
        let broken = crate::output::links::check(&files, site.urls.base_path());
        if !broken.is_empty() {
            return Err(broken);
        }
        let mut warnings = loaded.warnings;
        warnings.extend(site.warnings);
        // Bodies, graph and citations come from the same run, for later incremental work.
        let super::SiteParts {
            theme,
            documents,
            biographies,
            pages,
            introduction,
            graph,
            citations,
        } = site.parts.ok_or_else(|| {
            let problem = crate::diagnostics::Diagnostic::error(root, "internal: no site parts");
            Diagnostics::single(problem)
        })?;
        let urls = site.urls;
        let postings = site.search_postings;
        let pages_rendered = files
            .iter()
            .filter(|f| matches!(f.contents, Contents::Html(_)))
            .count();
        let files = SiteFiles {
            map: files
                .into_iter()
                .map(|f| (f.path.clone(), Arc::new(f)))
                .collect(),
            changed: HashSet::new(),
            all_changed: true,
        };
        warnings.sort();
        let live = LiveSite {
            edition,
            theme,
            urls,
            documents,
            biographies,
            pages,
            introduction,
            graph,
            citations,
            citation_cache,
            postings,
            files,
            edition_files_stale: false,
        };
        let rebuilt = Rebuilt {
            pages: pages_rendered,
            full: true,
            elapsed: started.elapsed(),
            warnings,
            phases: Vec::new(),
        };
        Ok((live, rebuilt))
    }

    /// The edition folder.
    pub fn root(&self) -> &Path {
        &self.edition.root
    }

    /// The path prefix of every URL of the site (`/` or `/edition/`).
    pub fn base_path(&self) -> &str {
        self.urls.base_path()
    }

    /// The file at `path` (relative to the site root, `documents/ID/index.html`).
    pub fn file(&self, path: &str) -> Option<Arc<OutputFile>> {
        self.files.map.get(path).cloned()
    }

    /// The paths of every file in the site, in no particular order.
    pub fn paths(&self) -> impl Iterator<Item = &str> {
        self.files.map.keys().map(String::as_str)
    }

    /// Every file of the site by path, as it is now: a copy of the map (the files are
    /// shared, not copied) that stays as it is while the site is rebuilt.
    pub fn files(&self) -> HashMap<String, Arc<OutputFile>> {
        self.files.map.clone()
    }

    /// What changed in the site since this was last asked, so that a copy of the site
    /// (`folio serve` answers requests from one) changes only as much as the site did.
    pub fn take_changes(&mut self) -> SiteChanges {
        if std::mem::take(&mut self.files.all_changed) {
            self.files.changed.clear();
            return SiteChanges::Everything(self.files());
        }
        let changed = std::mem::take(&mut self.files.changed);
        SiteChanges::Files(
            changed
                .into_iter()
                .map(|path| {
                    let file = self.files.map.get(&path).cloned();
                    (path, file)
                })
                .collect(),
        )
    }

    /// Applies what the watcher of `folio serve` saw change: a full rebuild for anything but
    /// documents, else each document in turn. On error the site is as the last good
    /// rebuild left it (edits applied before the failing one stay applied).
    pub fn apply(&mut self, changes: &[Change]) -> Result<Rebuilt, Diagnostics> {
        if changes.contains(&Change::Everything) {
            return self.rebuild_all();
        }
        let mut total = Rebuilt::default();
        for change in changes {
            if let Change::Document(relative) = change {
                let rebuilt = self.document_changed(relative)?;
                total.pages += rebuilt.pages;
                total.full |= rebuilt.full;
                total.elapsed += rebuilt.elapsed;
                total.warnings.extend(rebuilt.warnings);
                total.phases.extend(rebuilt.phases);
            }
        }
        Ok(total)
    }

    /// Number of files in the site.
    pub fn file_count(&self) -> usize {
        self.files.map.len()
    }

    /// Rebuilds everything from disk; on error the current site stays as it is.
    pub fn rebuild_all(&mut self) -> Result<Rebuilt, Diagnostics> {
        let (site, rebuilt) = LiveSite::load(&self.edition.root)?;
        *self = site;
        Ok(rebuilt)
    }

    /// The document file `relative` (to the edition root) changed on disk: re-renders only
    /// the pages it affects. On error nothing changes and the errors are returned.
    pub fn document_changed(&mut self, relative: &Path) -> Result<Rebuilt, Diagnostics> {
        let started = Instant::now();
        let id = relative
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or_default();
        // New, deleted or renamed documents change links everywhere: rebuild all.
        let Some(old_index) = self.edition.document_position(id) else {
            return self.rebuild_all();
        };
        if self.edition.documents[old_index].path != relative
            || !self.edition.root.join(relative).is_file()
        {
            return self.rebuild_all();
        }

        // 1. Load, validate and render the one file, without touching the site yet.
        let document = crate::content::load_document(&self.edition.root, relative)
            .map_err(Diagnostics::single)?;
        let mut problems = Diagnostics::new();
        problems.extend(self.edition.check_document(&document));
        let resolver = EditionResolver {
            edition: &self.edition,
            urls: &self.urls,
        };
        let rendered = match render_document(&document, &resolver) {
            Ok(mut rendered) => {
                problems.extend(std::mem::take(&mut rendered.warnings));
                rendered
            }
            Err(errors) => {
                problems.extend(errors);
                Rendered::default()
            }
        };
        let warnings = problems.into_result()?;
        // A facsimile's files are made in a full build (its images are decoded there).
        let old_meta = &self.edition.documents[old_index].meta;
        if (&old_meta.facsimile, &old_meta.scan, &old_meta.iiif_manifest)
            != (
                &document.meta.facsimile,
                &document.meta.scan,
                &document.meta.iiif_manifest,
            )
        {
            return self.rebuild_all();
        }
        let mut phases = vec![("load and render the file", started.elapsed())];
        let mut mark = Instant::now();
        let mut phase = |name: &'static str, phases: &mut Vec<(&'static str, Duration)>| {
            phases.push((name, mark.elapsed()));
            mark = Instant::now();
        };

        // 2a. The common case while editing: the text, or front matter no list shows (summary,
        // archive, translators...). If what lists show and the people the document names are
        // the same, no other page can differ (lists show titles, kinds and dates; the graph
        // reads dates and people), so only the document's own page and downloads change.
        let old = &self.edition.documents[old_index];
        if DocumentCard::same(old, &document, &self.urls)
            && Placement::of(&old.meta) == Placement::of(&document.meta)
            && self.documents[old_index].people == rendered.people
        {
            let meta_changed = old.meta != document.meta;
            self.edition.documents[old_index] = document;
            self.documents[old_index] = rendered;
            // A text alone reaches the search index's term files only; other front matter
            // also the bibliography and the data exports.
            let terms = self.postings.replace(
                &self.edition,
                &self.graph,
                old_index,
                &self.documents[old_index],
            );
            match terms {
                Some(files) if !meta_changed => {
                    for file in files {
                        self.files.insert(file);
                    }
                }
                _ => self.edition_files_stale = true,
            }
            self.document_files_changed(old_index);
            if meta_changed {
                let document = &self.edition.documents[old_index];
                self.citations[old_index] = crate::cite::document_citations_cached(
                    &self.edition,
                    document,
                    &self.citation_cache,
                );
                let downloads =
                    super::citation_files(&document.id, &self.citations[old_index]).into_iter();
                for file in downloads {
                    self.files.insert(file);
                }
            }
            phase("same lists", &mut phases);
            self.render_jobs(vec![PageJob::Document(old_index)])?;
            phase("render pages", &mut phases);
            return Ok(Rebuilt {
                pages: 1,
                full: false,
                elapsed: started.elapsed(),
                warnings,
                phases,
            });
        }

        // 2b. Put it in place; re-sort only if its place in the chronology moved.
        let old_dates = [old.meta.date, old.meta.event_date];
        let moved = old.chronology_key() != document.chronology_key();
        // The graph holds positions, dates and people only: a new title or kind leaves it as
        // it is, and rebuilding it is most of the cost of such an edit on a large edition.
        // New roles only: the graph keeps its shape and the roles are patched in place.
        let same_graph = !moved
            && Placement::of(&old.meta).same_but_roles(&Placement::of(&document.meta))
            && self.documents[old_index].people == rendered.people;
        let new_dates = [document.meta.date, document.meta.event_date];
        let old_graph = if same_graph {
            None
        } else {
            Some(std::mem::take(&mut self.graph))
        };
        let remap: Vec<usize> = if moved {
            self.replace_and_resort(old_index, document, rendered)
        } else {
            self.edition.documents[old_index] = document;
            self.documents[old_index] = rendered;
            (0..self.documents.len()).collect()
        };
        let index = remap[old_index];
        // Formatting the citation and building the graph are independent: run them together.
        let (edition, bodies, cache) = (&self.edition, &self.documents, &self.citation_cache);
        let (citation, graph) = rayon::join(
            || crate::cite::document_citations_cached(edition, &edition.documents[index], cache),
            || (!same_graph).then(|| SiteGraph::build(edition, |i| bodies[i].people.as_slice())),
        );
        self.citations[index] = citation;
        match graph {
            Some(graph) => self.graph = graph,
            None => self.patch_roles(index),
        }
        if moved {
            self.postings.renumber(&remap);
        }
        // The term files it changes are made again with the rest of the index.
        let _ = self
            .postings
            .replace(&self.edition, &self.graph, index, &self.documents[index]);
        self.edition_files_stale = true;
        self.document_files_changed(index);
        let old_graph = old_graph.as_ref().unwrap_or(&self.graph);
        let old_keys = date_keys(old_graph);
        let new_keys = date_keys(&self.graph);
        // The document's own downloads follow its front matter; the edition-wide files
        // are made again apart ([`LiveSite::refresh_edition_files`]).
        let id = self.edition.documents[index].id.clone();
        let downloads = super::citation_files(&id, &self.citations[index]).into_iter();
        for file in downloads {
            self.files.insert(file);
        }
        phase("graph", &mut phases);

        // 3. Work out the pages that can show something of the document, and render them.
        let mut jobs = vec![PageJob::Home, PageJob::People, PageJob::Dates];
        // The pages of the list of all documents from its old place to its new one.
        let (first, last) = (old_index.min(index), old_index.max(index));
        jobs.extend(
            (pagination::page_of(first)..=pagination::page_of(last)).map(PageJob::Documents),
        );
        let count = self.documents.len();
        let mut documents: BTreeSet<usize> = BTreeSet::new();
        documents.insert(index);
        for neighbour in [old_index.checked_sub(1), Some(old_index + 1)]
            .into_iter()
            .flatten()
            .filter(|&i| i < count)
        {
            documents.insert(remap[neighbour]);
        }
        documents.extend(index.checked_sub(1));
        documents.extend((index + 1 < count).then_some(index + 1));
        for (old_other, old_related) in old_graph.related.iter().enumerate() {
            let other = remap[old_other];
            let new_related = &self.graph.related[other];
            if old_related.contains(&old_index)
                || new_related.contains(&index)
                || !old_related
                    .iter()
                    .map(|&r| remap[r])
                    .eq(new_related.iter().copied())
            {
                documents.insert(other);
            }
        }
        jobs.extend(documents.into_iter().map(PageJob::Document));
        for (person, (old_links, new_links)) in
            old_graph.people.iter().zip(&self.graph.people).enumerate()
        {
            let same_lengths = old_links.participated.len() == new_links.participated.len()
                && old_links.authored.len() == new_links.authored.len()
                && old_links.mentioned.len() == new_links.mentioned.len();
            let old_pages = pagination::page_count(old_links.longest_list());
            let new_pages = pagination::page_count(new_links.longest_list());
            if !same_lengths {
                // Its counts are on every page: all of them change.
                jobs.extend((1..=new_pages).map(|n| PageJob::Person(person, n)));
                let list = route::person(&self.edition.people[person].id);
                for gone in new_pages + 1..=old_pages {
                    let gone = route::list_page(&list, gone);
                    self.files.remove(&format!("{gone}index.html"));
                }
                continue;
            }
            // Same lengths: the pages over the stretch of each list that differs (a role, or
            // a document that moved), and those showing the document (its title or date).
            let old_participated: Vec<(usize, &String)> = old_links
                .participated
                .iter()
                .map(|(d, role)| (remap[*d], role))
                .collect();
            let new_participated: Vec<(usize, &String)> = new_links
                .participated
                .iter()
                .map(|(d, role)| (*d, role))
                .collect();
            let remapped =
                |list: &[usize]| -> Vec<usize> { list.iter().map(|&d| remap[d]).collect() };
            let spans = [
                differing_span(&old_participated, &new_participated),
                differing_span(&remapped(&old_links.authored), &new_links.authored),
                differing_span(&remapped(&old_links.mentioned), &new_links.mentioned),
            ];
            let mut pages: BTreeSet<usize> = new_links
                .positions_of(index)
                .map(pagination::page_of)
                .collect();
            for (first, last) in spans.into_iter().flatten() {
                pages.extend(pagination::page_of(first)..=pagination::page_of(last));
            }
            jobs.extend(pages.into_iter().map(|n| PageJob::Person(person, n)));
        }
        // The chronology pages of its old and new dates (day, month and year)...
        let mut keys: BTreeSet<DateKey> = BTreeSet::new();
        for date in old_dates.into_iter().chain(new_dates).flatten() {
            keys.insert((date.year, None, None));
            if let Some(m) = date.month {
                keys.insert((date.year, Some(m), None));
                if let Some(d) = date.day {
                    keys.insert((date.year, Some(m), Some(d)));
                }
            }
        }
        if old_keys != new_keys {
            // ...and where a page appeared or vanished, its neighbours, whose previous/next
            // links change.
            for changed in old_keys.symmetric_difference(&new_keys) {
                let level: Vec<DateKey> = new_keys
                    .iter()
                    .filter(|k| date_level(k) == date_level(changed))
                    .copied()
                    .collect();
                let at = level.partition_point(|k| k < changed);
                keys.extend(at.checked_sub(1).map(|i| level[i]));
                let after = if level.get(at) == Some(changed) {
                    at + 1
                } else {
                    at
                };
                keys.extend(level.get(after).copied());
            }
            for gone in old_keys.difference(&new_keys) {
                let route = match *gone {
                    (y, Some(m), Some(d)) => route::day(y, m, d),
                    (y, Some(m), None) => route::month(y, m),
                    (y, _, _) => route::year(y),
                };
                self.files.remove(&format!("{route}index.html"));
            }
        }
        keys.retain(|k| new_keys.contains(k));
        jobs.extend(keys.into_iter().map(date_job));
        let pages = jobs.len();
        phase("affected pages", &mut phases);
        self.render_jobs(jobs)?;
        phase("render pages", &mut phases);
        Ok(Rebuilt {
            pages,
            full: false,
            elapsed: started.elapsed(),
            warnings,
            phases,
        })
    }

    /// Makes document `index`'s TEI file and facsimile files again. (The corpus holds its
    /// header, which follows the front matter: a text edit leaves it as it is, and other
    /// edits make the edition-wide files again. The facsimile's images are decoded again
    /// only if their source changed, which a full rebuild handles.)
    fn document_files_changed(&mut self, index: usize) {
        let folder = route::document(&self.edition.documents[index].id);
        let kept: rustc_hash::FxHashMap<String, u128> = (self.files.map.iter())
            .filter(|(path, _)| path.starts_with(&folder))
            .filter_map(|(path, file)| match file.contents {
                Contents::Made {
                    bytes: Some(_),
                    inputs,
                } => Some((path.clone(), inputs)),
                _ => None,
            })
            .collect();
        // An image that cannot be read now was read at the last full rebuild, and a
        // changed image file starts a full rebuild: its files stay as they are.
        let made = super::facsimile::document_files(&self.edition, index, &self.urls, Some(&kept));
        for file in made.into_iter().flatten() {
            if !matches!(file.contents, Contents::Made { bytes: None, .. }) {
                self.files.insert(file);
            }
        }
        self.files.insert(super::tei::document_file(
            &self.edition,
            &self.graph,
            index,
            &self.documents[index],
            &self.urls,
            None,
        ));
    }

    /// Sets the roles of document `index`'s participants in the graph from its front matter
    /// (when only roles changed). The first role of a person listed twice wins, as in
    /// [`SiteGraph::build`].
    fn patch_roles(&mut self, index: usize) {
        let mut seen = BTreeSet::new();
        for participant in &self.edition.documents[index].meta.participants {
            let Some(person) = self.edition.person_position(&participant.person) else {
                continue;
            };
            if !seen.insert(person) {
                continue;
            }
            let list = &mut self.graph.people[person].participated;
            if let Ok(at) = list.binary_search_by_key(&index, |(d, _)| *d) {
                list[at].1.clone_from(&participant.role);
            }
        }
    }

    /// Replaces document `old_index` and re-sorts the edition; returns old index -> new index.
    fn replace_and_resort(
        &mut self,
        old_index: usize,
        document: Document,
        rendered: Rendered,
    ) -> Vec<usize> {
        let edition = &mut self.edition;
        let mut documents = std::mem::take(&mut edition.documents);
        documents[old_index] = document;
        self.documents[old_index] = rendered;
        let ids: Vec<String> = documents.iter().map(|d| d.id.clone()).collect();
        // People and pages are already sorted, so assembling keeps their order (and indexes).
        self.edition = Edition::assemble(
            edition.root.clone(),
            edition.config.clone(),
            documents,
            std::mem::take(&mut edition.people),
            std::mem::take(&mut edition.pages),
            std::mem::take(&mut edition.sources),
        );
        let remap: Vec<usize> = ids
            .iter()
            .enumerate()
            .map(|(old, id)| self.edition.document_position(id).unwrap_or(old))
            .collect();
        let mut bodies: Vec<Rendered> = vec![Rendered::default(); remap.len()];
        for (old, body) in std::mem::take(&mut self.documents).into_iter().enumerate() {
            bodies[remap[old]] = body;
        }
        self.documents = bodies;
        let mut citations: Vec<Option<DocumentCitations>> = vec![None; remap.len()];
        for (old, citation) in std::mem::take(&mut self.citations).into_iter().enumerate() {
            citations[remap[old]] = Some(citation);
        }
        self.citations = citations.into_iter().flatten().collect();
        remap
    }

    /// Renders `jobs` in parallel and puts the pages in the site.
    fn render_jobs(&mut self, jobs: Vec<PageJob>) -> Result<(), Diagnostics> {
        let texts = Texts {
            documents: &self.documents,
            biographies: &self.biographies,
            pages: &self.pages,
            introduction: &self.introduction,
        };
        let shared = SharedViews::new(&self.edition, &self.urls, &self.graph);
        let context = PageContext::new(
            &self.edition,
            &self.urls,
            &self.graph,
            texts,
            &self.theme,
            &shared,
        );
        let builder = context.builder(&self.citations, 0);
        let results: Vec<_> = jobs
            .into_par_iter()
            .map(|job| builder.render(job))
            .collect();
        let mut problems = Diagnostics::new();
        for result in results {
            match result {
                Ok(page) => {
                    let file = OutputFile::for_route(&page.route, Contents::Html(page.html));
                    self.files.insert(file);
                }
                Err(problem) => problems.push(problem),
            }
        }
        problems.into_result().map(|_| ())
    }

    /// True when the edition-wide files are to be made again
    /// ([`LiveSite::refresh_edition_files`]).
    pub fn edition_files_stale(&self) -> bool {
        self.edition_files_stale
    }

    /// Makes the edition-wide files again, if an edit left them behind the edition: the
    /// search index, the bibliography downloads, the data exports, the feed and the sitemap.
    /// They are made apart from the pages so that `folio serve` can reload the open pages
    /// first; on a large edition they take longer than the pages.
    pub fn refresh_edition_files(&mut self) -> Duration {
        let started = Instant::now();
        if !self.edition_files_stale {
            return started.elapsed();
        }
        self.files
            .retain(|path, file| !is_edition_wide(path, &file.contents));
        let files = super::edition_wide_files(
            &self.edition,
            &self.theme,
            &self.urls,
            &self.graph,
            &self.postings,
            &self.citations,
        );
        for file in files {
            self.files.insert(file);
        }
        self.refresh_sitemap();
        self.edition_files_stale = false;
        started.elapsed()
    }

    fn refresh_sitemap(&mut self) {
        let pages = self
            .files
            .map
            .values()
            .filter(|f| matches!(f.contents, Contents::Html(_)) && f.path != route::NOT_FOUND)
            .map(|f| f.path.as_str());
        let xml = super::sitemap(pages, &self.urls);
        self.files.insert(OutputFile {
            path: "sitemap.xml".into(),
            contents: Contents::Text(xml),
        });
    }
}

/// What changed in a live site since [`LiveSite::take_changes`] was last called.
pub enum SiteChanges {
    /// Everything may have: these are all the files (made before a copy is locked to take
    /// them).
    Everything(HashMap<String, Arc<OutputFile>>),
    /// These paths, each with its new file, or `None` where the file is gone.
    Files(Vec<(String, Option<Arc<OutputFile>>)>),
}

impl SiteChanges {
    /// Brings `copy`, a copy of the site's files as they were when changes were last taken,
    /// up to date.
    pub fn apply_to(self, copy: &mut HashMap<String, Arc<OutputFile>>) {
        match self {
            SiteChanges::Everything(files) => *copy = files,
            SiteChanges::Files(files) => {
                for (path, file) in files {
                    match file {
                        Some(file) => copy.insert(path, file),
                        None => copy.remove(&path),
                    };
                }
            }
        }
    }
}

/// The files of a live site, with the paths changed since they were last taken.
struct SiteFiles {
    map: HashMap<String, Arc<OutputFile>>,
    changed: HashSet<String>,
    /// Set by a full build: every path may have changed.
    all_changed: bool,
}

impl SiteFiles {
    fn insert(&mut self, file: OutputFile) {
        self.changed.insert(file.path.clone());
        self.map.insert(file.path.clone(), Arc::new(file));
    }

    fn remove(&mut self, path: &str) {
        if self.map.remove(path).is_some() {
            self.changed.insert(path.to_owned());
        }
    }

    fn retain(&mut self, keep: impl Fn(&str, &OutputFile) -> bool) {
        let changed = &mut self.changed;
        self.map.retain(|path, file| {
            let kept = keep(path, file);
            if !kept {
                changed.insert(path.clone());
            }
            kept
        });
    }
}

/// True for a file made from the whole edition rather than by a page or a document's own
/// downloads (which are the only files in a document's folder besides its page).
fn is_edition_wide(path: &str, contents: &Contents) -> bool {
    !matches!(contents, Contents::Html(_)) && !path.starts_with(route::DOCUMENTS)
}

/// The first and last positions where two lists of the same length differ, if they do.
fn differing_span<T: PartialEq>(old: &[T], new: &[T]) -> Option<(usize, usize)> {
    let first = old.iter().zip(new).position(|(a, b)| a != b)?;
    let from_end = old
        .iter()
        .rev()
        .zip(new.iter().rev())
        .position(|(a, b)| a != b)?;
    Some((first, new.len() - 1 - from_end))
}

/// 0 for a year, 1 for a month, 2 for a day.
fn date_level(key: &DateKey) -> u8 {
    match key {
        (_, None, _) => 0,
        (_, Some(_), None) => 1,
        _ => 2,
    }
}

/// Every year, month and day page of the chronology.
fn date_keys(graph: &SiteGraph) -> BTreeSet<DateKey> {
    let mut keys = BTreeSet::new();
    for (&y, year) in &graph.years {
        keys.insert((y, None, None));
        for (&m, month) in &year.months {
            keys.insert((y, Some(m), None));
            keys.extend(month.days.keys().map(|&d| (y, Some(m), Some(d))));
        }
    }
    keys
}

fn date_job(key: DateKey) -> PageJob {
    match key {
        (y, Some(m), Some(d)) => PageJob::Day(y, m, d),
        (y, Some(m), None) => PageJob::Month(y, m),
        (y, _, _) => PageJob::Year(y),
    }
}

/// What a changed path means for the site.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    /// A document file (relative to the edition root): incremental rebuild.
    Document(PathBuf),
    /// Anything else the site is made from: full rebuild.
    Everything,
}

/// Classifies a changed path (relative to the edition root); `None` for files the site is not
/// made from (editor swap files, the output folder, anything outside content/ and themes/).
pub fn classify(relative: &Path) -> Option<Change> {
    let name = relative.file_name()?.to_string_lossy();
    // Editors' temporary and backup files (vim `.x.swp`, `4913`, emacs `#x#`, `x~`).
    if name.starts_with('.')
        || name.starts_with('#')
        || name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".swx")
        || name == "4913"
    {
        return None;
    }
    if relative == Path::new(crate::config::CONFIG_FILE) {
        return Some(Change::Everything);
    }
    if relative.parent() == Some(Path::new(crate::content::DOCUMENTS_DIR)) {
        let markdown = relative
            .extension()
            .is_some_and(|e| e == "md" || e == "markdown");
        return markdown.then(|| Change::Document(relative.to_path_buf()));
    }
    (relative.starts_with("content") || relative.starts_with("themes"))
        .then_some(Change::Everything)
}
