//! The site half of `folio check`: templates, bodies, pages and links, reporting as much as
//! can be found in one run even when an earlier stage failed.

use rayon::prelude::*;

use super::theme::Theme;
use super::urls::Urls;
use super::{EditionResolver, collect, render_introduction};
use crate::content::Edition;
use crate::diagnostics::Diagnostics;
use crate::render::{self, MarkdownSource};

/// Every problem of the site stage for `edition` (which may lack files that failed to load).
///
/// With a theme that loads, this is [`super::render_site`] and the link check, as in
/// `folio build`. When the theme itself is broken, pages cannot be rendered, but the bodies
/// still are, so template errors and text errors are reported together.
pub fn check_site(edition: &mut Edition) -> Diagnostics {
    let mut problems = Diagnostics::new();
    match Theme::load(&edition.root, &edition.config.theme) {
        Ok(_) => {
            let cache = crate::cite::cache::CitationCache::read_only(&edition.root);
            let base_path = Urls::new(&edition.config.base_url).base_path().to_owned();
            let mut links = crate::output::links::LinkIndex::new(&base_path);
            let mut add_links = |files: Vec<crate::output::OutputFile>| {
                links.add(&files);
                Ok(())
            };
            let texts = edition.take_texts();
            let rendered = super::render_site(
                edition,
                texts,
                &cache,
                super::Keep::Nothing,
                None,
                &mut add_links,
            );
            match rendered {
                Ok(site) => {
                    problems.extend(site.warnings);
                    problems.extend(links.check());
                }
                Err(errors) => problems.extend(errors),
            }
        }
        Err(theme_problems) => {
            problems.extend(theme_problems);
            problems.extend(super::urls::reserved_id_problems(edition));
            let urls = Urls::new(&edition.config.base_url);
            let resolver = EditionResolver {
                edition,
                urls: &urls,
            };
            let entries = edition
                .documents
                .iter()
                .map(|d| {
                    (
                        &d.path,
                        &d.source,
                        d.body_offset,
                        d.meta.original_language.as_str(),
                    )
                })
                .chain(
                    edition
                        .people
                        .iter()
                        .map(|p| (&p.path, &p.source, p.body_offset, "")),
                )
                .chain(
                    edition
                        .pages
                        .iter()
                        .map(|p| (&p.path, &p.source, p.body_offset, "")),
                )
                .collect::<Vec<_>>();
            collect(
                entries
                    .par_iter()
                    .map(|(path, source, body_offset, language)| {
                        let language = crate::content::language::transliteration_tag(language);
                        let input = MarkdownSource {
                            path,
                            source,
                            body_offset: *body_offset,
                            gloss_language: language.as_deref().unwrap_or("und"),
                        };
                        render::render(&input, &resolver)
                    }),
                &mut problems,
            );
            render_introduction(edition, &resolver, &mut problems);
        }
    }
    problems
}
