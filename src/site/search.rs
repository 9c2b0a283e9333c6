//! Full-text search with no server: a static index written by the build and read by the
//! theme's `search.js` in the browser.
//!
//! # Why Folio's own index
//!
//! The first version used Pagefind. Measured on a generated edition of 10,000 documents it
//! took 47-54 s of a 90 s build (about 5 ms per page: HTML parsing, stemming, compression),
//! held its whole index in memory, and could not be updated for one changed document. This
//! index is made from what the build already has (the rendered bodies and the site graph),
//! costs a few microseconds per word, and is a handful of small JSON files.
//!
//! # Format (`/search/index/`)
//!
//! Documents are numbered in chronological order (the edition's order).
//! - `meta.json`: the number of documents, the chunk size, the list of term shards, and the
//!   year and person filter values with their document counts.
//! - `terms/{key}.json`: `{"term": [gaps...]}` for every term whose first two characters
//!   encode to `key` (hex of their UTF-8); postings are document numbers, delta-encoded.
//! - `documents/{n}.json`: `[[url, title, date], ...]` for documents `n*chunk ..`.
//! - `filters.json`: `{"year": {"1959": [gaps]}, "person": {"Frol Kozlov": [gaps]}}`.
//!
//! # Terms
//!
//! A term is a run of letters, digits and combining marks, decomposed (NFD), with the marks
//! removed, in lower case: `Červonenko` and `cervonenko` are one term. `search.js`
//! normalises queries the same way and matches each query word as a prefix, so
//! `negotiat` finds `negotiations`. What is indexed for a document: its title, summary, kind,
//! body text and notes, and every name and name variant of the people it names (so a search
//! for `Cervonenko` finds Chervonenko's documents even where the text spells him otherwise).
//! Excerpts are cut by the browser from the result's own page, so no text is stored twice.

use std::collections::{BTreeMap, BTreeSet};

use rustc_hash::{FxHashMap, FxHashSet};

use rayon::prelude::*;
use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

use super::graph::SiteGraph;
use super::urls::{Urls, route};
use crate::content::Edition;
use crate::output::{Contents, OutputFile, decode_entities};
use crate::render::Rendered;

/// The folder of the search index, relative to the site root.
pub const BUNDLE_DIR: &str = "search/index/";

/// Documents whose terms are collected together before being merged into the index.
const TERM_BLOCK: usize = 1024;

/// Documents per `documents/{n}.json` file: a result page loads one or two of them.
pub const DOCUMENTS_PER_CHUNK: usize = 500;

/// Builds the search index of `edition` from its rendered bodies (`bodies[i]` is document
/// `i`'s) and returns its files.
pub fn index(
    edition: &Edition,
    graph: &SiteGraph,
    bodies: &[Rendered],
    urls: &Urls,
) -> Vec<OutputFile> {
    IndexBuilder::of(edition, graph, bodies).finish(edition, graph, urls)
}

/// The distinct terms of each document of a block, for [`IndexBuilder::add_terms`].
pub struct BlockTerms {
    /// Number of the block's first document.
    first: usize,
    /// By document of the block: its terms.
    terms: Vec<Vec<String>>,
}

impl BlockTerms {
    /// The terms of documents `first..first + bodies.len()`, found in parallel.
    pub fn find(edition: &Edition, graph: &SiteGraph, first: usize, bodies: &[Rendered]) -> Self {
        let terms = bodies
            .par_iter()
            .enumerate()
            .map(|(offset, body)| document_terms(edition, graph, Some(body), first + offset))
            .collect();
        BlockTerms { first, terms }
    }
}

/// The search index being built, a block of documents at a time, so a build can let go of
/// each block's bodies once their pages are written.
#[derive(Default)]
pub struct IndexBuilder {
    /// Term -> the numbers of the documents that have it, in increasing order.
    postings: FxHashMap<String, Vec<u32>>,
}

impl IndexBuilder {
    /// The postings of every document of `edition` (`bodies[i]` is document `i`'s).
    pub fn of(edition: &Edition, graph: &SiteGraph, bodies: &[Rendered]) -> IndexBuilder {
        let mut builder = IndexBuilder::default();
        for start in (0..bodies.len()).step_by(TERM_BLOCK) {
            let end = (start + TERM_BLOCK).min(bodies.len());
            builder.add(edition, graph, start, &bodies[start..end]);
        }
        builder
    }

    /// Adds documents `first..first + bodies.len()` (their terms are found in parallel).
    /// Blocks must come in document order.
    pub fn add(&mut self, edition: &Edition, graph: &SiteGraph, first: usize, bodies: &[Rendered]) {
        self.add_terms(BlockTerms::find(edition, graph, first, bodies));
    }

    /// Adds the terms of a block of documents found by [`BlockTerms::find`]; blocks must
    /// come in document order. (Finding and adding are apart so that a build finds one
    /// block's terms, in parallel, while it adds the block before's.)
    pub fn add_terms(&mut self, block: BlockTerms) {
        for (offset, terms) in block.terms.into_iter().enumerate() {
            let number = (block.first + offset) as u32;
            for term in terms {
                match self.postings.get_mut(term.as_str()) {
                    Some(numbers) => numbers.push(number),
                    None => {
                        self.postings.insert(term, vec![number]);
                    }
                }
            }
        }
    }

    /// The files of the index.
    pub fn finish(&self, edition: &Edition, graph: &SiteGraph, urls: &Urls) -> Vec<OutputFile> {
        let shards = self.shards(|_| true);
        let mut files: Vec<OutputFile> = shards
            .par_iter()
            .map(|(key, terms)| term_file(key, terms))
            .collect();

        let chunks = edition
            .documents
            .par_chunks(DOCUMENTS_PER_CHUNK)
            .enumerate();
        files.par_extend(chunks.map(|(chunk_number, chunk)| {
            let rows: Vec<serde_json::Value> = chunk
                .iter()
                .map(|document| {
                    let date = document
                        .chronology_date()
                        .map(|d| d.human())
                        .unwrap_or_default();
                    serde_json::json!([
                        urls.url(&route::document(&document.id)),
                        document.meta.title,
                        date
                    ])
                })
                .collect();
            json_file(
                format!("{BUNDLE_DIR}documents/{chunk_number}.json"),
                &serde_json::Value::Array(rows),
            )
        }));

        let mut years: BTreeMap<String, Vec<u32>> = BTreeMap::new();
        let mut people: BTreeMap<String, Vec<u32>> = BTreeMap::new();
        for (number, document) in edition.documents.iter().enumerate() {
            if let Some(date) = document.chronology_date() {
                years
                    .entry(date.year.to_string())
                    .or_default()
                    .push(number as u32);
            }
            for person in document_people(edition, graph, number) {
                people
                    .entry(edition.people[person].meta.name.clone())
                    .or_default()
                    .push(number as u32);
            }
        }
        let counts = |filter: &BTreeMap<String, Vec<u32>>| -> BTreeMap<String, usize> {
            filter.iter().map(|(k, v)| (k.clone(), v.len())).collect()
        };
        let meta = serde_json::json!({
            "version": 1,
            "documents": edition.documents.len(),
            "chunk": DOCUMENTS_PER_CHUNK,
            "shards": shards.keys().collect::<Vec<_>>(),
            "filters": { "year": counts(&years), "person": counts(&people) },
        });
        files.push(json_file(format!("{BUNDLE_DIR}meta.json"), &meta));

        let mut filters = String::from("{\"year\":");
        push_postings_object(&mut filters, &years);
        filters.push_str(",\"person\":");
        push_postings_object(&mut filters, &people);
        filters.push('}');
        files.push(text_file(format!("{BUNDLE_DIR}filters.json"), filters));
        files
    }
}

impl IndexBuilder {
    /// The terms of the shards `wanted` (by key), each shard's sorted.
    fn shards(&self, wanted: impl Fn(&str) -> bool) -> BTreeMap<String, Vec<(&str, &[u32])>> {
        let mut shards: BTreeMap<String, Vec<(&str, &[u32])>> = BTreeMap::new();
        for (term, numbers) in &self.postings {
            let key = shard_key(term);
            if wanted(&key) {
                shards
                    .entry(key)
                    .or_default()
                    .push((term.as_str(), numbers.as_slice()));
            }
        }
        for terms in shards.values_mut() {
            terms.sort_unstable_by(|a, b| a.0.cmp(b.0));
        }
        shards
    }

    /// Reads the postings a build saved with [`IndexBuilder::save`] (`None` if there are
    /// none, or they are damaged).
    pub fn load(path: &std::path::Path) -> Option<IndexBuilder> {
        let bytes = crate::store::load(path)?;
        let saved: Vec<(String, Vec<u32>)> = postcard::from_bytes(&bytes).ok()?;
        Some(IndexBuilder {
            postings: saved.into_iter().collect(),
        })
    }

    /// Saves the postings, so a later build can update them ([`IndexBuilder::replace`]).
    pub fn save(&self, path: &std::path::Path) -> std::io::Result<()> {
        let saved: Vec<(&String, &Vec<u32>)> = self.postings.iter().collect();
        let bytes = postcard::to_stdvec(&saved).map_err(std::io::Error::other)?;
        crate::store::save(path, &bytes)
    }

    /// Numbers the documents anew after the edition was sorted again: document `old` is
    /// now `remap[old]`.
    pub fn renumber(&mut self, remap: &[usize]) {
        self.postings.par_iter_mut().for_each(|(_, numbers)| {
            for number in numbers.iter_mut() {
                *number = remap[*number as usize] as u32;
            }
            numbers.sort_unstable();
        });
    }

    /// Replaces the terms of document `number` (of an index with the same documents in the
    /// same order) by those of its new `body`. Returns the term files that changed, or
    /// `None` when the set of term files itself changed (then `meta.json`, which lists them,
    /// changes too, and the whole index is to be made again).
    pub fn replace(
        &mut self,
        edition: &Edition,
        graph: &SiteGraph,
        number: usize,
        body: &Rendered,
    ) -> Option<Vec<OutputFile>> {
        let new_terms: FxHashSet<String> = document_terms(edition, graph, Some(body), number)
            .into_iter()
            .collect();
        let document = number as u32;
        let has_document = |numbers: &Vec<u32>| numbers.binary_search(&document).is_ok();
        let removed: Vec<String> = (self.postings.iter())
            .filter(|(term, numbers)| has_document(numbers) && !new_terms.contains(*term))
            .map(|(term, _)| term.clone())
            .collect();
        let added: Vec<String> = new_terms
            .into_iter()
            .filter(|term| !self.postings.get(term).is_some_and(has_document))
            .collect();
        let prefixes: FxHashSet<&str> = removed
            .iter()
            .chain(&added)
            .map(|t| shard_prefix(t))
            .collect();
        if prefixes.is_empty() {
            return Some(Vec::new());
        }
        // The shards (among those touched) that have terms, before and after.
        let shards_with_terms = |postings: &FxHashMap<String, Vec<u32>>| -> BTreeSet<String> {
            (postings.keys().map(|t| shard_prefix(t)))
                .filter(|prefix| prefixes.contains(prefix))
                .map(shard_key)
                .collect()
        };
        let before = shards_with_terms(&self.postings);
        for term in &removed {
            if let Some(numbers) = self.postings.get_mut(term) {
                numbers.retain(|&n| n != document);
                if numbers.is_empty() {
                    self.postings.remove(term);
                }
            }
        }
        for term in &added {
            let numbers = self.postings.entry(term.clone()).or_default();
            if let Err(at) = numbers.binary_search(&document) {
                numbers.insert(at, document);
            }
        }
        let after = shards_with_terms(&self.postings);
        // A shard that appeared or emptied changes the list in meta.json.
        if before != after {
            return None;
        }
        let keys: BTreeSet<String> = prefixes.iter().map(|p| shard_key(p)).collect();
        let shards = self.shards(|key| keys.contains(key));
        Some(
            shards
                .iter()
                .map(|(key, terms)| term_file(key, terms))
                .collect(),
        )
    }
}

/// The file of the term shard `key`.
fn term_file(key: &str, terms: &[(&str, &[u32])]) -> OutputFile {
    let mut json = String::from("{");
    for (n, (term, numbers)) in terms.iter().enumerate() {
        if n > 0 {
            json.push(',');
        }
        push_json_string(&mut json, term);
        json.push(':');
        push_gaps(&mut json, numbers);
    }
    json.push('}');
    text_file(format!("{BUNDLE_DIR}terms/{key}.json"), json)
}

/// The people document `index` names, in the order the document page lists them: author and
/// participants (front matter), then people mentioned in front matter or text. No repeats.
fn document_people(edition: &Edition, graph: &SiteGraph, index: usize) -> Vec<usize> {
    let document = &edition.documents[index];
    let mut seen = BTreeSet::new();
    let front_matter = document
        .person_ids()
        .filter_map(|id| edition.person_position(id));
    let mentioned = graph
        .documents
        .get(index)
        .map(|d| d.mentioned.as_slice())
        .unwrap_or_default()
        .iter()
        .copied();
    front_matter
        .chain(mentioned)
        .filter(|person| seen.insert(*person))
        .collect()
}

/// Every distinct term of document `index`, in no particular order.
fn document_terms(
    edition: &Edition,
    graph: &SiteGraph,
    body: Option<&Rendered>,
    index: usize,
) -> Vec<String> {
    let document = &edition.documents[index];
    // Sized for a document of a few hundred distinct words, so the set is not rebuilt as
    // it grows.
    let mut terms = FxHashSet::with_capacity_and_hasher(1024, Default::default());
    let meta = &document.meta;
    for text in [&meta.title, &meta.summary, &meta.kind] {
        add_terms(text, &mut terms);
    }
    if let Some(body) = body {
        add_html_terms(&body.html, &mut terms);
        for note in &body.footnotes {
            add_html_terms(&note.html, &mut terms);
        }
    }
    for person in document_people(edition, graph, index) {
        let person = &edition.people[person].meta;
        add_terms(&person.name, &mut terms);
        for variant in &person.variants {
            add_terms(variant, &mut terms);
        }
    }
    terms.into_iter().collect()
}

/// Adds the terms of `text` (see the module documentation) to `terms`.
pub fn add_terms(text: &str, terms: &mut FxHashSet<String>) {
    // Called for every word of the edition: the common ASCII case avoids the Unicode
    // tables, and a word already seen costs no allocation.
    let is_word_char = |c: char| {
        c.is_ascii_alphanumeric()
            || (!c.is_ascii() && (c.is_alphanumeric() || is_combining_mark(c)))
    };
    let mut term = String::new();
    if text.is_ascii() {
        // The same words, found a byte at a time, noting on the way whether a word has a
        // capital: most are in lower case already, and are looked up as they are.
        let bytes = text.as_bytes();
        let class = |at: usize| ASCII_CLASS[usize::from(bytes[at])];
        let mut at = 0;
        loop {
            while at < bytes.len() && class(at) == BREAK {
                at += 1;
            }
            let start = at;
            let mut classes = BREAK;
            while at < bytes.len() && class(at) != BREAK {
                classes |= class(at);
                at += 1;
            }
            if start == at {
                return;
            }
            let capital = classes & UPPER != 0;
            // ASCII text: every byte is a character boundary.
            let word = &text[start..at];
            let lower = if capital {
                term.clear();
                term.push_str(word);
                term.make_ascii_lowercase();
                term.as_str()
            } else {
                word
            };
            if !terms.contains(lower) {
                terms.insert(lower.to_owned());
            }
        }
    }
    for word in text.split(|c: char| !is_word_char(c)) {
        if word.is_empty() {
            continue;
        }
        term.clear();
        if word.is_ascii() {
            term.push_str(word);
            term.make_ascii_lowercase();
        } else {
            term.extend(
                word.nfd()
                    .filter(|c| !is_combining_mark(*c))
                    .flat_map(char::to_lowercase),
            );
        }
        if !term.is_empty() && !terms.contains(term.as_str()) {
            terms.insert(term.clone());
        }
    }
}

/// What a byte of ASCII text is to [`add_terms`]: [`BREAK`], [`LOWER`] (a lower-case letter
/// or a digit) or [`UPPER`]. A table look-up per byte, where the two tests it replaces were
/// half of the search index's time.
const ASCII_CLASS: [u8; 256] = {
    let mut class = [BREAK; 256];
    let mut byte = 0;
    while byte < 128 {
        let b = byte as u8;
        if b.is_ascii_uppercase() {
            class[byte] = UPPER;
        } else if b.is_ascii_alphanumeric() {
            class[byte] = LOWER;
        }
        byte += 1;
    }
    class
};
const BREAK: u8 = 0;
const LOWER: u8 = 1;
const UPPER: u8 = 2;

/// The shard of `term`: the hex of the UTF-8 of its first two characters.
pub fn shard_key(term: &str) -> String {
    shard_prefix(term)
        .as_bytes()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The first two characters of `term`, which name its shard.
fn shard_prefix(term: &str) -> &str {
    let end = term.char_indices().nth(2).map_or(term.len(), |(at, _)| at);
    &term[..end]
}

/// Adds the terms of rendered HTML to `terms`: those of [`strip_tags`], read from the text
/// between tags without copying it (a tag is a word break, and no entity spans one).
fn add_html_terms(html: &str, terms: &mut FxHashSet<String>) {
    let mut add_text = |text: &str| add_terms(&decode_entities(text), terms);
    // The memchr crate's search, not `str::find`'s: this runs over every byte of every
    // body, where the standard library's was 2 % of a build.
    let mut rest = html;
    while let Some(open) = memchr::memchr(b'<', rest.as_bytes()) {
        add_text(&rest[..open]);
        match memchr::memchr(b'>', &rest.as_bytes()[open..]) {
            Some(close) => rest = &rest[open + close + 1..],
            None => return,
        }
    }
    add_text(rest);
}

/// The text of rendered HTML: tags dropped (each counts as a word break), the entities our
/// renderer writes decoded. (The index reads terms with [`add_html_terms`]; this is what it
/// must agree with.)
#[cfg(test)]
fn strip_tags(html: &str) -> String {
    let mut text = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(open) = rest.find('<') {
        text.push_str(&rest[..open]);
        text.push(' ');
        match rest[open..].find('>') {
            Some(close) => rest = &rest[open + close + 1..],
            None => {
                rest = "";
            }
        }
    }
    text.push_str(rest);
    match decode_entities(&text) {
        std::borrow::Cow::Borrowed(_) => text,
        std::borrow::Cow::Owned(decoded) => decoded,
    }
}

fn push_gaps(json: &mut String, numbers: &[u32]) {
    json.push('[');
    let mut previous = 0;
    for (n, number) in numbers.iter().enumerate() {
        if n > 0 {
            json.push(',');
        }
        crate::util::numbers::push_decimal(json, u64::from(number - previous), 1);
        previous = *number;
    }
    json.push(']');
}

fn push_postings_object(json: &mut String, postings: &BTreeMap<String, Vec<u32>>) {
    json.push('{');
    for (n, (value, numbers)) in postings.iter().enumerate() {
        if n > 0 {
            json.push(',');
        }
        push_json_string(json, value);
        json.push(':');
        push_gaps(json, numbers);
    }
    json.push('}');
}

fn push_json_string(json: &mut String, text: &str) {
    json.push_str(&serde_json::Value::from(text).to_string());
}

fn text_file(path: String, text: String) -> OutputFile {
    OutputFile {
        path,
        contents: Contents::Text(text),
    }
}

fn json_file(path: String, value: &serde_json::Value) -> OutputFile {
    text_file(path, value.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn terms(text: &str) -> Vec<String> {
        let mut set = FxHashSet::default();
        add_terms(text, &mut set);
        let mut terms: Vec<String> = set.into_iter().collect();
        terms.sort();
        terms
    }

    #[test]
    fn terms_fold_case_and_diacritics_and_split_on_punctuation() {
        assert_eq!(
            terms("S. V. ČERVONENKO's talk, 30 Sept.—Deng"),
            ["30", "cervonenko", "deng", "s", "sept", "talk", "v"]
        );
        // A decomposed accent is one word with its letter, not a break.
        assert_eq!(terms("Cafe\u{301} Zhou"), ["cafe", "zhou"]);
    }

    #[test]
    fn shard_keys_are_the_first_two_characters_in_hex() {
        assert_eq!(shard_key("nepal"), "6e65");
        assert_eq!(shard_key("a"), "61");
        assert_eq!(shard_key("če"), "c48d65");
    }

    #[test]
    fn tags_are_word_breaks_and_entities_are_decoded() {
        assert_eq!(
            strip_tags("<p>Mao<em>Zedong</em> &amp; Zhou &lt;3</p>").trim(),
            "Mao Zedong  & Zhou <3"
        );
    }

    #[test]
    fn terms_read_between_tags_are_those_of_the_stripped_text() {
        for html in [
            "<p>Mao<em>Zedong</em> &amp; Zhou &lt;3</p>",
            "<p>Čou Enlaj (Zhou) said: &quot;it&#39;s <b>ÉTÉ</b>&quot; 1961</p>unclosed <a",
            "plain text, no tags",
            "<sup>1</sup><p>ﬁne naïve—Cervonenko's</p>",
        ] {
            let mut expected = FxHashSet::default();
            add_terms(&strip_tags(html), &mut expected);
            let mut found = FxHashSet::default();
            add_html_terms(html, &mut found);
            assert_eq!(found, expected, "{html}");
        }
        let mut ascii = FxHashSet::default();
        add_terms("It is IT, it-is 1961", &mut ascii);
        let mut words: Vec<&str> = ascii.iter().map(String::as_str).collect();
        words.sort_unstable();
        assert_eq!(words, ["1961", "is", "it"]);
    }

    #[test]
    fn postings_are_gaps() {
        let mut json = String::new();
        push_gaps(&mut json, &[2, 5, 6]);
        assert_eq!(json, "[2,3,1]");
    }

    /// An edition of documents with these titles and no people, its graph, and bodies.
    fn edition_of(texts: &[&str]) -> (Edition, SiteGraph, Vec<Rendered>) {
        let config: crate::config::SiteConfig =
            toml::from_str("title = \"T\"\nbase_url = \"https://e.org/\"").unwrap();
        let documents = (0..texts.len())
            .map(|n| crate::content::Entry {
                id: format!("d{n}"),
                path: format!("content/documents/d{n}.md").into(),
                meta: crate::content::DocumentMeta {
                    title: format!("Title {n}"),
                    ..Default::default()
                },
                source: String::new(),
                body_offset: 0,
                body_on_disk: false,
                body_person_links: Vec::new(),
            })
            .collect();
        let edition = Edition::assemble(
            "/nowhere".into(),
            config,
            documents,
            Vec::new(),
            Vec::new(),
            Vec::new(),
        );
        let graph = SiteGraph::build(&edition, |_| &[]);
        let bodies = texts
            .iter()
            .map(|text| Rendered {
                html: format!("<p>{text}</p>"),
                ..Default::default()
            })
            .collect();
        (edition, graph, bodies)
    }

    #[test]
    fn replacing_a_document_gives_the_term_files_a_fresh_index_has() {
        let (edition, graph, bodies) = edition_of(&["alpha beta", "beta gamma", "gamma alpha"]);
        let urls = Urls::new(&edition.config.base_url);
        let mut index = IndexBuilder::default();
        index.add(&edition, &graph, 0, &bodies);
        let old_files = index.finish(&edition, &graph, &urls);

        // "beta" goes from document 1, "alphabet" joins the "al" shard: no shard appears.
        let (_, _, new_bodies) = edition_of(&["alpha beta", "gamma alphabet", "gamma alpha"]);
        let changed = index
            .replace(&edition, &graph, 1, &new_bodies[1])
            .expect("no shard appeared or emptied");
        let fresh = super::index(&edition, &graph, &new_bodies, &urls);
        let changed_paths: Vec<&str> = changed.iter().map(|f| f.path.as_str()).collect();
        assert_eq!(
            changed_paths,
            [
                "search/index/terms/616c.json",
                "search/index/terms/6265.json"
            ]
        );
        for file in &fresh {
            let expected = text(file);
            match changed.iter().find(|c| c.path == file.path) {
                Some(new) => assert_eq!(text(new), expected, "{}", file.path),
                None => {
                    let old = old_files.iter().find(|o| o.path == file.path).unwrap();
                    assert_eq!(text(old), expected, "{} should not change", file.path);
                }
            }
        }

        // A word in a shard of its own makes the list of shards change: not updated here.
        let (_, _, newer_bodies) = edition_of(&["alpha beta", "gamma zeta", "gamma alpha"]);
        assert!(
            index
                .replace(&edition, &graph, 1, &newer_bodies[1])
                .is_none()
        );
    }

    fn text(file: &OutputFile) -> &str {
        match &file.contents {
            Contents::Text(text) => text,
            _ => panic!("{} is not a text", file.path),
        }
    }
}
