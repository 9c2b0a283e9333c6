//! One archival document: its front matter (every fact the transcript states) and its
//! annotated Markdown body.

use serde::{Deserialize, Serialize};

use super::Entry;
use super::date::EditionDate;

/// A person present at the event a document records, with the role the text gives them.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Participant {
    /// The person's id in `content/people/`.
    pub person: String,
    /// Their role as the document states it (`Ambassador of the USSR in the PRC`).
    #[serde(default)]
    pub role: String,
}

/// One page image of a document's facsimile: a file of the edition or a IIIF image
/// service elsewhere.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct FacsimilePage {
    /// A JPEG or PNG file in `content/facsimiles/`.
    #[serde(default)]
    pub image: Option<String>,
    /// The address of a IIIF image service (its `id`, without `/info.json`).
    #[serde(default)]
    pub iiif: Option<String>,
    /// What the page is called (`l. 175`); by default its number.
    #[serde(default)]
    pub label: String,
}

/// The front matter of a document: every fact its transcript states.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DocumentMeta {
    /// The archive's title, cleaned of typographic slips.
    pub title: String,
    /// The date of the document itself (when it was written).
    #[serde(default)]
    pub date: Option<EditionDate>,
    /// The date of the event it records (the conversation), when it differs.
    #[serde(default)]
    pub event_date: Option<EditionDate>,
    /// What kind of document this is (`Memorandum of conversation`, `Diary entry`).
    #[serde(default)]
    pub kind: String,
    /// The person id of the author.
    #[serde(default)]
    pub author: Option<String>,
    /// Everyone present, with their roles.
    #[serde(default)]
    pub participants: Vec<Participant>,
    /// Person ids of people mentioned but not present.
    #[serde(default)]
    pub mentioned: Vec<String>,
    /// The holding archive (`AVPRF`, `RGANI`).
    #[serde(default)]
    pub archive: String,
    /// The archive's reference for the item (`f. 0100, op. 53, p. 8, d. 454, ll. 175-8`).
    #[serde(default)]
    pub archive_location: String,
    /// The digital collection the transcript comes from (`Wilson Center Digital Archive`).
    #[serde(default)]
    pub collection: String,
    /// The collection's own citation of the document, verbatim.
    #[serde(default)]
    pub archive_citation: String,
    /// Translators, by name.
    #[serde(default)]
    pub translators: Vec<String>,
    /// Who obtained the document from the archive.
    #[serde(default)]
    pub obtained_by: Vec<String>,
    /// The language the document was written in (`Russian`).
    #[serde(default)]
    pub original_language: String,
    /// The collection's description of the text given (`Translation - English`).
    #[serde(default)]
    pub contents: String,
    /// Security classification (`TOP SECRET`).
    #[serde(default)]
    pub classification: String,
    /// The copy number stamped on the document.
    #[serde(default)]
    pub copy_number: String,
    /// The collection's page for the document.
    #[serde(default)]
    pub source_url: String,
    /// The collection's summary.
    #[serde(default)]
    pub summary: String,
    /// The raw transcript this document was imported from, relative to `content/sources/`.
    #[serde(default)]
    pub source: Option<String>,
    /// Images of the document's pages, in order.
    #[serde(default)]
    pub facsimile: Vec<FacsimilePage>,
    /// A scan of the whole original (a PDF): a file in `content/facsimiles/` or an
    /// `https://` address.
    #[serde(default)]
    pub scan: String,
    /// The address of a IIIF Presentation manifest of the original published elsewhere.
    #[serde(default)]
    pub iiif_manifest: String,
    /// Set by `folio import` when something is still to check (no title or date found, an
    /// uncertain match); `folio check` lists such documents until an editor clears it.
    #[serde(default)]
    pub review: bool,
}

/// A loaded document; its id is also its URL slug (`/documents/ID/`).
pub type Document = Entry<DocumentMeta>;

impl Document {
    /// The date that places the document in the chronology: the event it records, or failing
    /// that, the date it was written.
    pub fn chronology_date(&self) -> Option<EditionDate> {
        self.meta.event_date.or(self.meta.date)
    }

    /// A key ordering documents chronologically, ties broken by id for a stable order.
    pub fn chronology_key(&self) -> ((i32, u8, u8), &str) {
        let date = self
            .chronology_date()
            .map_or((i32::MAX, 0, 0), |d| d.sort_key());
        (date, &self.id)
    }

    /// Every person id this document's front matter names: author, participants, mentioned.
    pub fn person_ids(&self) -> impl Iterator<Item = &str> {
        self.meta
            .author
            .iter()
            .map(String::as_str)
            .chain(self.meta.participants.iter().map(|p| p.person.as_str()))
            .chain(self.meta.mentioned.iter().map(String::as_str))
    }
}
