//! The facts a citation of one document needs, gathered once from the document's front matter,
//! the person authority file and the edition settings. Every output format (CSL-JSON, BibTeX,
//! RIS, the page's `<meta>` tags, JSON-LD, COinS) is written from this one record, so the
//! formats cannot disagree with each other.

use crate::content::date::EditionDate;
use crate::content::language::language_tag;
use crate::content::{Document, Edition};

/// A personal or corporate name, split the way reference formats want it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Name {
    /// A name with a family and a given part (`Chervonenko`, `Stepan`), displayed given first.
    Split {
        /// The family name (`Aldrich-Moodie`).
        family: String,
        /// The given names (`Benjamin`).
        given: String,
    },
    /// A name kept whole: corporate names (`The Folio editors`), single names, and names
    /// written family name first (`Deng Xiaoping`) that must not be reordered.
    Literal(String),
}

impl Name {
    /// Parses a name as editors write it: `Family, Given` is split at the comma; otherwise a
    /// name of two or more words is split before its last word (`Benjamin Aldrich-Moodie`);
    /// a single word stays whole.
    pub fn parse(text: &str) -> Option<Name> {
        let text = text.trim();
        if text.is_empty() {
            return None;
        }
        if let Some((family, given)) = text.split_once(',') {
            let (family, given) = (family.trim(), given.trim());
            if !family.is_empty() && !given.is_empty() {
                return Some(Name::Split {
                    family: family.to_owned(),
                    given: given.to_owned(),
                });
            }
        }
        match text.rsplit_once(char::is_whitespace) {
            Some((given, family)) if !given.trim().is_empty() => Some(Name::Split {
                family: family.to_owned(),
                given: given.trim().to_owned(),
            }),
            _ => Some(Name::Literal(text.to_owned())),
        }
    }

    /// A person of the authority file: its `sort_name` says which part is the family name
    /// (`Chervonenko, Stepan`); a sort name without a comma means the name is already in
    /// family-first order (`Deng Xiaoping`) and is kept whole.
    pub fn of_person(name: &str, sort_name: &str) -> Option<Name> {
        let sort_name = sort_name.trim();
        if sort_name.is_empty() {
            return Name::parse(name);
        }
        match sort_name.split_once(',') {
            Some(_) => Name::parse(sort_name),
            None => Some(Name::Literal(name.trim().to_owned())).filter(|_| !name.trim().is_empty()),
        }
    }

    /// `Stepan Chervonenko`.
    pub fn display(&self) -> String {
        match self {
            Name::Split { family, given } => format!("{given} {family}"),
            Name::Literal(name) => name.clone(),
        }
    }

    /// `Chervonenko, Stepan`, the inverted form BibTeX, RIS and Highwire tags expect.
    pub fn inverted(&self) -> String {
        match self {
            Name::Split { family, given } => format!("{family}, {given}"),
            Name::Literal(name) => name.clone(),
        }
    }
}

/// Everything a citation of one document says, in one place.
#[derive(Debug, Clone)]
pub struct CiteRecord {
    /// The document id; also the citation key.
    pub id: String,
    /// The title, as the archive gives it.
    pub title: String,
    /// What kind of document (`Diary entry`).
    pub kind: String,
    /// The author, from the authority file.
    pub author: Option<Name>,
    /// The translators.
    pub translators: Vec<Name>,
    /// When the document was written.
    pub date: Option<EditionDate>,
    /// When the event it records took place.
    pub event_date: Option<EditionDate>,
    /// The holding archive (`AVPRF`).
    pub archive: String,
    /// The archive's reference (`f. 0100, op. 53, ...`).
    pub archive_location: String,
    /// The digital collection the translation comes from.
    pub collection: String,
    /// The collection's own citation, verbatim.
    pub archive_citation: String,
    /// The collection's summary.
    pub summary: String,
    /// The original language as written in the front matter (`Russian`).
    pub original_language: String,
    /// Its BCP 47 tag (`ru`), when known.
    pub original_language_tag: Option<&'static str>,
    /// The edition's title: the container of every document.
    pub edition_title: String,
    /// The edition's editors.
    pub editors: Vec<Name>,
    /// The edition's publisher.
    pub publisher: String,
    /// The edition's language (`en`): the language of the text cited, a translation.
    pub language: String,
    /// The permanent URL of the document's page.
    pub url: String,
    /// The edition's home page, for JSON-LD `isPartOf`.
    pub edition_url: String,
    /// The edition's license.
    pub license: String,
    /// Display names of the people present.
    pub participants: Vec<String>,
    /// Display names of the people mentioned but not present.
    pub mentioned: Vec<String>,
}

/// The permanent URL of a document's page: `{base_url}/documents/{id}/`.
pub fn document_url(edition: &Edition, document: &Document) -> String {
    format!(
        "{}/documents/{}/",
        edition.config.base_origin_and_path(),
        document.id
    )
}

impl CiteRecord {
    /// Gathers the record of `document`. Unknown person ids (which validation reports) are
    /// left out rather than failing: a citation is still better than none.
    pub fn new(edition: &Edition, document: &Document) -> CiteRecord {
        let meta = &document.meta;
        let config = &edition.config;
        let person_name = |id: &str| edition.person(id).map(|p| p.meta.name.clone());
        let author = meta
            .author
            .as_deref()
            .and_then(|id| edition.person(id))
            .and_then(|p| Name::of_person(&p.meta.name, &p.meta.sort_name));
        CiteRecord {
            id: document.id.clone(),
            title: collapse_whitespace(&meta.title),
            kind: collapse_whitespace(&meta.kind),
            author,
            translators: meta
                .translators
                .iter()
                .filter_map(|t| Name::parse(t))
                .collect(),
            date: meta.date.or(meta.event_date),
            event_date: meta.event_date,
            archive: collapse_whitespace(&meta.archive),
            archive_location: collapse_whitespace(&meta.archive_location),
            collection: collapse_whitespace(&meta.collection),
            archive_citation: meta.archive_citation.trim().to_owned(),
            summary: collapse_whitespace(&meta.summary),
            original_language: meta.original_language.trim().to_owned(),
            original_language_tag: language_tag(&meta.original_language),
            edition_title: collapse_whitespace(&config.title),
            editors: config
                .editors
                .iter()
                .map(|e| Name::Literal(e.trim().to_owned()))
                .collect(),
            publisher: collapse_whitespace(&config.publisher),
            language: config.language.trim().to_owned(),
            url: document_url(edition, document),
            edition_url: format!("{}/", config.base_origin_and_path()),
            license: config.license.trim().to_owned(),
            participants: meta
                .participants
                .iter()
                .filter_map(|p| person_name(&p.person))
                .collect(),
            mentioned: meta
                .mentioned
                .iter()
                .filter_map(|id| person_name(id))
                .collect(),
        }
    }

    /// The kind as a genre inside a running citation: first letter lower-cased
    /// (`diary entry`) so that a note reads naturally; styles capitalise it again after a
    /// full stop. Kinds starting with an acronym (`TASS report`) are left alone.
    pub fn genre(&self) -> String {
        let mut chars = self.kind.chars();
        match (chars.next(), chars.next()) {
            (Some(first), Some(second)) if first.is_uppercase() && !second.is_uppercase() => first
                .to_lowercase()
                .chain(self.kind.chars().skip(1))
                .collect(),
            _ => self.kind.clone(),
        }
    }
}

/// Titles and names copied from web pages may hold line breaks and double spaces; citations
/// are one line.
fn collapse_whitespace(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(family: &str, given: &str) -> Name {
        Name::Split {
            family: family.into(),
            given: given.into(),
        }
    }

    #[test]
    fn names_are_split_as_reference_formats_need() {
        assert_eq!(
            Name::parse("Benjamin Aldrich-Moodie"),
            Some(split("Aldrich-Moodie", "Benjamin"))
        );
        assert_eq!(
            Name::parse("Wingrove, Paul"),
            Some(split("Wingrove", "Paul"))
        );
        assert_eq!(
            Name::parse("Anonymous"),
            Some(Name::Literal("Anonymous".into()))
        );
        assert_eq!(Name::parse("  "), None);
        assert_eq!(
            Name::of_person("Stepan Chervonenko", "Chervonenko, Stepan"),
            Some(split("Chervonenko", "Stepan"))
        );
        assert_eq!(
            Name::of_person("Deng Xiaoping", "Deng Xiaoping"),
            Some(Name::Literal("Deng Xiaoping".into()))
        );
        assert_eq!(
            split("Chervonenko", "Stepan").inverted(),
            "Chervonenko, Stepan"
        );
    }
}
