//! Annotated Markdown to HTML.
//!
//! CommonMark with footnotes and tables, plus the conventions documented for editors in
//! `docs/annotations.md`:
//!
//! - `[Deng Xiaoping](person:deng-xiaoping)`: a person reference, checked against the edition;
//! - `[the previous conversation](doc:ID)`: a document reference, checked likewise;
//! - `[me]`: an editorial insertion; `....` or `[...]`: an omission;
//! - `(*neplokho*)`: an original-language gloss, tagged with the document's language;
//! - `::: header`, `::: signature`, `::: attendance` ... `:::`: the parts of the document;
//! - `[^1]` footnotes, numbered in order of reference and printed as endnotes with back-links.
//!
//! The renderer knows nothing about URLs: a [`LinkResolver`] turns ids into links.

pub mod annotations;
pub mod fences;
pub mod parallel;

use std::collections::HashMap;
use std::path::Path;

use pulldown_cmark::{CowStr, Event, LinkType, Options, Parser, Tag, TagEnd};

use crate::diagnostics::Diagnostic;
use annotations::Piece;

/// What a reference link points at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReferenceKind {
    /// `person:ID`
    Person,
    /// `doc:ID`
    Document,
}

impl ReferenceKind {
    fn from_destination(destination: &str) -> Option<(ReferenceKind, &str)> {
        if let Some(id) = destination.strip_prefix("person:") {
            Some((ReferenceKind::Person, id))
        } else {
            destination
                .strip_prefix("doc:")
                .map(|id| (ReferenceKind::Document, id))
        }
    }

    fn noun(self) -> &'static str {
        match self {
            ReferenceKind::Person => "person",
            ReferenceKind::Document => "document",
        }
    }
}

/// Turns person and document ids into URLs; the site provides one.
pub trait LinkResolver: Sync {
    /// The URL for `id`, or a hint saying how to fix an unknown id.
    fn resolve(&self, kind: ReferenceKind, id: &str) -> Result<String, String>;
}

/// A Markdown body to render, with what is needed to report problems in it.
#[derive(Debug, Clone, Copy)]
pub struct MarkdownSource<'a> {
    /// The file, for messages.
    pub path: &'a Path,
    /// The whole file text.
    pub source: &'a str,
    /// Where the body starts in `source`.
    pub body_offset: usize,
    /// BCP 47 tag for glosses (`ru-Latn`); `und` when the original language is unknown.
    pub gloss_language: &'a str,
}

/// One endnote.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Footnote {
    /// Its number, in order of first reference.
    pub number: usize,
    /// The note's HTML, ending with links back to each place it is referenced.
    pub html: String,
}

/// The result of rendering a body.
#[derive(Debug, Clone, Default)]
pub struct Rendered {
    /// The body HTML without the notes.
    pub html: String,
    /// The notes, in number order.
    pub footnotes: Vec<Footnote>,
    /// Ids of persons referenced in the text, in order of first mention.
    pub people: Vec<String>,
    /// Ids of documents referenced in the text, in order of first mention.
    pub documents: Vec<String>,
    /// Problems that do not stop the build (a note never referenced).
    pub warnings: Vec<Diagnostic>,
    /// The addresses of the text's Markdown links and images that point into the site
    /// (neither another scheme nor a `person:` or `doc:` reference), with where each is
    /// written: the site checks them, so a broken one is reported here, not on the page.
    pub links: Vec<(String, crate::diagnostics::Position)>,
    /// The language of the text's original-language passages (`::: original ru`), when
    /// it has them: the body is then laid out in rows of original and translation.
    pub parallel: Option<String>,
    /// Which marks of the apparatus the text uses, for the page's key to them.
    pub apparatus: Apparatus,
}

/// Which marks of the apparatus a rendered text uses.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct Apparatus {
    /// Editorial insertions (`[me]`).
    pub insertions: bool,
    /// Original-language glosses (`(*neplokho*)`).
    pub glosses: bool,
    /// Omissions (`....`).
    pub omissions: bool,
    /// Page markers (`[l. 176]`).
    pub page_markers: bool,
}

/// A warning for each text of [`crate::content::PLACEHOLDER_TEXTS`] still in `body`.
fn placeholder_warnings(input: &MarkdownSource<'_>, body: &str) -> Vec<Diagnostic> {
    crate::content::PLACEHOLDER_TEXTS
        .iter()
        .filter_map(|placeholder| {
            let first_line = placeholder.lines().next().unwrap_or(placeholder);
            let at = memchr::memmem::find(body.as_bytes(), first_line.as_bytes())?;
            Some(
                Diagnostic::warning(
                    input.path,
                    "placeholder text written by `folio new` is still here",
                )
                .at_offset(input.source, input.body_offset + at)
                .with_hint("replace it with the text (or delete it); `folio build --strict` refuses to publish it"),
            )
        })
        .collect()
}

/// Renders annotated Markdown to HTML, or reports every problem found.
pub fn render(
    input: &MarkdownSource<'_>,
    resolver: &dyn LinkResolver,
) -> Result<Rendered, Vec<Diagnostic>> {
    let body = &input.source[input.body_offset.min(input.source.len())..];
    let error_at = |body_position: usize, message: String, hint: String| {
        Diagnostic::error(input.path, message)
            .at_offset(input.source, input.body_offset + body_position)
            .with_hint(hint)
    };
    let (text, offsets) = fences::rewrite(body).map_err(|errors| {
        errors
            .into_iter()
            .map(|(at, message, hint)| error_at(at, message, hint))
            .collect::<Vec<_>>()
    })?;
    let mut renderer = Renderer {
        text: &text,
        resolver,
        errors: Vec::new(),
        links: Vec::new(),
        people: Vec::new(),
        documents: Vec::new(),
        footnote_numbers: HashMap::new(),
        footnote_order: Vec::new(),
        footnote_bodies: HashMap::new(),
        reference_counts: HashMap::new(),
        apparatus: Apparatus::default(),
    };
    let parser = Parser::new_ext(&text, markdown_options());
    // A reference definition is checked where it is written (its links use its address).
    for (_, definition) in parser.reference_definitions().iter() {
        renderer.check_address(&definition.dest, definition.span.start);
    }
    let events = merge_text(parser.into_offset_iter().collect());
    let (events, glosses) = mark_glosses(events, input.gloss_language);
    renderer.apparatus.glosses = glosses;
    let main = renderer.transform(events);
    let parallel = parallel::original_language(&main);
    let main = match parallel {
        Some(_) => parallel::align(main),
        None => main,
    };
    let mut errors: Vec<Diagnostic> = renderer
        .errors
        .drain(..)
        .map(|(at, message, hint)| error_at(offsets.original(at), message, hint))
        .collect();
    let mut warnings = Vec::new();
    let mut html = String::with_capacity(text.len() * 5 / 4);
    pulldown_cmark::html::push_html(&mut html, main.into_iter());
    let mut footnotes = Vec::with_capacity(renderer.footnote_order.len());
    for (index, label) in renderer.footnote_order.iter().enumerate() {
        let number = index + 1;
        let (_, events) = renderer.footnote_bodies.remove(label).unwrap_or_default();
        let mut note = String::new();
        pulldown_cmark::html::push_html(&mut note, events.into_iter());
        let references = renderer.reference_counts.get(label).copied().unwrap_or(1);
        footnotes.push(Footnote {
            number,
            html: with_back_links(note, number, references),
        });
    }
    for (label, (at, _)) in renderer.footnote_bodies {
        warnings.push(
            Diagnostic::warning(
                input.path,
                format!("footnote [^{label}] is defined but never referenced"),
            )
            .at_offset(input.source, input.body_offset + offsets.original(at))
            .with_hint(format!(
                "put `[^{label}]` in the text where the note belongs, or delete the note"
            )),
        );
    }
    warnings.extend(placeholder_warnings(input, body));
    warnings.sort_by_key(|w| w.position);
    if !errors.is_empty() {
        errors.sort_by_key(|e| e.position);
        return Err(errors);
    }
    // Files are read with NUL replaced (`content::read_text`); a text from elsewhere (the
    // introduction, where TOML may write `\u0000`) is made safe here.
    if html.contains('\0') {
        html = html.replace('\0', "\u{fffd}");
    }
    for note in &mut footnotes {
        if note.html.contains('\0') {
            note.html = note.html.replace('\0', "\u{fffd}");
        }
    }
    let links = (renderer.links.into_iter())
        .map(|(address, at)| {
            let offset = input.body_offset + offsets.original(at);
            (
                address,
                crate::diagnostics::Position::of_offset(input.source, offset),
            )
        })
        .collect();
    let apparatus = renderer.apparatus;
    Ok(Rendered {
        html,
        footnotes,
        people: renderer.people,
        documents: renderer.documents,
        warnings,
        links,
        parallel,
        apparatus,
    })
}

fn markdown_options() -> Options {
    Options::ENABLE_FOOTNOTES | Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH
}

type Spanned<'a> = (Event<'a>, std::ops::Range<usize>);
type Problem = (usize, String, String);

struct Renderer<'a, 'r> {
    text: &'a str,
    resolver: &'r dyn LinkResolver,
    errors: Vec<Problem>,
    /// Links into the site, with their offset in `text`.
    links: Vec<(String, usize)>,
    people: Vec<String>,
    documents: Vec<String>,
    footnote_numbers: HashMap<String, usize>,
    footnote_order: Vec<String>,
    /// label -> (offset of the definition, its events)
    footnote_bodies: HashMap<String, (usize, Vec<Event<'a>>)>,
    reference_counts: HashMap<String, usize>,
    /// The marks of the apparatus met so far.
    apparatus: Apparatus,
}

impl<'a> Renderer<'a, '_> {
    /// Applies the conventions, returning the main flow; footnote bodies are set aside.
    fn transform(&mut self, events: Vec<Spanned<'a>>) -> Vec<Event<'a>> {
        let mut main = Vec::with_capacity(events.len());
        let mut in_code = false;
        let mut in_reference_link = false;
        let mut footnote: Option<(String, usize, Vec<Event<'a>>)> = None;
        // The raw HTML of a block so far (a tag may span its lines), and where each
        // line's text starts in it and in the text.
        let mut html_block: Option<(String, Vec<(usize, usize)>)> = None;
        for (event, range) in events {
            let converted: Vec<Event<'a>> = match event {
                Event::Start(Tag::FootnoteDefinition(label)) => {
                    footnote = Some((label.to_string(), range.start, Vec::new()));
                    continue;
                }
                Event::End(TagEnd::FootnoteDefinition) => {
                    if let Some((label, at, body)) = footnote.take() {
                        match self.footnote_bodies.entry(label) {
                            std::collections::hash_map::Entry::Occupied(existing) => {
                                self.errors.push((
                                    at,
                                    format!("footnote [^{}] is defined twice", existing.key()),
                                    "give each note its own label, or delete one definition"
                                        .to_owned(),
                                ));
                            }
                            std::collections::hash_map::Entry::Vacant(slot) => {
                                slot.insert((at, body));
                            }
                        }
                    }
                    continue;
                }
                Event::Start(Tag::CodeBlock(_)) => {
                    in_code = true;
                    vec![event]
                }
                Event::End(TagEnd::CodeBlock) => {
                    in_code = false;
                    vec![event]
                }
                Event::Start(Tag::Link {
                    ref dest_url,
                    link_type,
                    ..
                }) => match ReferenceKind::from_destination(dest_url) {
                    Some((kind, id)) => {
                        in_reference_link = true;
                        vec![Event::Html(
                            self.reference_start(kind, id, range.start).into(),
                        )]
                    }
                    None => {
                        if is_checked_here(link_type) {
                            self.check_address(dest_url, range.start);
                        }
                        self.note_link(dest_url, link_type, range.start);
                        vec![event]
                    }
                },
                Event::Start(Tag::Image {
                    ref dest_url,
                    link_type,
                    ..
                }) => {
                    if is_checked_here(link_type) {
                        self.check_address(dest_url, range.start);
                    }
                    self.note_link(dest_url, link_type, range.start);
                    vec![event]
                }
                Event::Start(Tag::HtmlBlock) => {
                    html_block = Some((String::new(), Vec::new()));
                    vec![event]
                }
                Event::Html(ref html) if html_block.is_some() => {
                    if let Some((text, pieces)) = html_block.as_mut() {
                        pieces.push((text.len(), range.start));
                        text.push_str(html);
                    }
                    vec![event]
                }
                Event::End(TagEnd::HtmlBlock) => {
                    if let Some((text, pieces)) = html_block.take() {
                        for (at, message) in crate::util::schemes::raw_html_problems(&text) {
                            let piece = pieces.partition_point(|&(start, _)| start <= at);
                            let (start, source) = pieces[piece.saturating_sub(1)];
                            self.refuse(source + (at - start), message);
                        }
                    }
                    vec![event]
                }
                Event::InlineHtml(ref html) | Event::Html(ref html) => {
                    for (at, message) in crate::util::schemes::raw_html_problems(html) {
                        self.refuse(range.start + at, message);
                    }
                    vec![event]
                }
                Event::End(TagEnd::Link) if in_reference_link => {
                    in_reference_link = false;
                    vec![Event::Html("</a>".into())]
                }
                Event::FootnoteReference(label) => {
                    vec![Event::Html(self.footnote_reference(&label).into())]
                }
                Event::Text(text) if !in_code => self.annotate(text, range),
                other => vec![other],
            };
            match footnote.as_mut() {
                Some((_, _, body)) => body.extend(converted),
                None => main.extend(converted),
            }
        }
        main
    }

    /// Refuses `address` (a link or image destination at `at`) unless it may be published.
    fn check_address(&mut self, address: &str, at: usize) {
        if let Some(why) = crate::util::schemes::refusal(address) {
            let message = format!(
                "the link address `{}` is not allowed: {why}",
                shown(address)
            );
            self.refuse(at, message);
        }
    }

    /// Keeps a link into the site for the site's check ([`Rendered::links`]).
    fn note_link(&mut self, address: &str, link_type: LinkType, at: usize) {
        let elsewhere = address.is_empty()
            || address.contains("://")
            || address.starts_with("//")
            || address.starts_with('#')
            || crate::util::schemes::refusal(address).is_some()
            || address.to_ascii_lowercase().starts_with("mailto:");
        if !elsewhere && link_type != LinkType::Email {
            self.links.push((address.to_owned(), at));
        }
    }

    fn refuse(&mut self, at: usize, message: String) {
        self.errors
            .push((at, message, crate::util::schemes::HINT.to_owned()));
    }

    fn reference_start(&mut self, kind: ReferenceKind, id: &str, at: usize) -> String {
        match self.resolver.resolve(kind, id) {
            Ok(url) => {
                let list = match kind {
                    ReferenceKind::Person => &mut self.people,
                    ReferenceKind::Document => &mut self.documents,
                };
                if !list.iter().any(|known| known == id) {
                    list.push(id.to_owned());
                }
                let mut tag = format!("<a class=\"ref-{}\" href=\"", kind.noun());
                let _ = pulldown_cmark_escape::escape_href(&mut tag, &url);
                tag.push_str("\">");
                tag
            }
            Err(hint) => {
                self.errors
                    .push((at, format!("unknown {} id `{id}`", kind.noun()), hint));
                "<a>".to_owned()
            }
        }
    }

    fn footnote_reference(&mut self, label: &str) -> String {
        let number = match self.footnote_numbers.get(label) {
            Some(&number) => number,
            None => {
                self.footnote_order.push(label.to_owned());
                let number = self.footnote_order.len();
                self.footnote_numbers.insert(label.to_owned(), number);
                number
            }
        };
        let count = self.reference_counts.entry(label.to_owned()).or_insert(0);
        *count += 1;
        format!(
            "<sup class=\"footnote-ref\"><a id=\"{}\" href=\"#fn-{number}\" role=\"doc-noteref\">{number}</a></sup>",
            reference_anchor(number, *count)
        )
    }

    fn annotate(&mut self, text: CowStr<'a>, range: std::ops::Range<usize>) -> Vec<Event<'a>> {
        let pieces = annotations::split_text(&text);
        if let [Piece::Text(_)] | [] = pieces.as_slice() {
            return vec![Event::Text(text)];
        }
        let mut html = String::with_capacity(text.len() + 64);
        for piece in &pieces {
            match piece {
                Piece::Insertion(_) => self.apparatus.insertions = true,
                Piece::Omission(_) => self.apparatus.omissions = true,
                Piece::PageMarker(..) => self.apparatus.page_markers = true,
                Piece::Text(_) | Piece::DanglingFootnote(_) => {}
            }
            if let Piece::DanglingFootnote(label) = piece {
                let marker = format!("[^{label}]");
                let at = self.text[range.clone()]
                    .find(&marker)
                    .map_or(range.start, |i| range.start + i);
                self.errors.push((
                    at,
                    format!("footnote [^{label}] is referenced but never defined"),
                    format!("add a line `[^{label}]: text of the note` at the end of the file, or remove the marker"),
                ));
            }
            annotations::piece_html(piece, &mut html);
        }
        vec![Event::InlineHtml(html.into())]
    }
}

/// True for links whose address is checked where the link is: the others use a reference
/// definition, checked where it is written; an email autolink gets `mailto:`.
fn is_checked_here(link_type: LinkType) -> bool {
    !matches!(
        link_type,
        LinkType::Reference | LinkType::Collapsed | LinkType::Shortcut | LinkType::Email
    )
}

/// `text` for a message, its control characters (a tab hiding in an address) made visible.
fn shown(text: &str) -> String {
    text.chars()
        .map(|c| {
            if c.is_control() {
                c.escape_default().to_string()
            } else {
                c.to_string()
            }
        })
        .collect()
}

/// The id of the `occurrence`-th reference to note `number` (`fnref-2`, `fnref-2-2`).
fn reference_anchor(number: usize, occurrence: usize) -> String {
    if occurrence == 1 {
        format!("fnref-{number}")
    } else {
        format!("fnref-{number}-{occurrence}")
    }
}

fn with_back_links(mut note: String, number: usize, references: usize) -> String {
    let mut links = String::new();
    for occurrence in 1..=references {
        links.push_str(&format!(
            " <a class=\"footnote-back\" href=\"#{}\" role=\"doc-backlink\" aria-label=\"Back to reference {number}{}\">↩</a>",
            reference_anchor(number, occurrence),
            if references > 1 { format!(" ({occurrence})") } else { String::new() }
        ));
    }
    let trimmed_len = note.trim_end().len();
    note.truncate(trimmed_len);
    if note.ends_with("</p>") {
        note.insert_str(note.len() - 4, &links);
    } else {
        note.push_str(&links);
    }
    note
}

/// Joins adjacent text events: the parser splits text at every `[`, which hides `[me]`.
fn merge_text(events: Vec<Spanned<'_>>) -> Vec<Spanned<'_>> {
    let mut merged: Vec<Spanned<'_>> = Vec::with_capacity(events.len());
    for (event, range) in events {
        if let Event::Text(text) = &event
            && let Some((Event::Text(previous), previous_range)) = merged.last_mut()
        {
            let mut joined = previous.to_string();
            joined.push_str(text);
            *previous = joined.into();
            previous_range.end = range.end;
            continue;
        }
        merged.push((event, range));
    }
    merged
}

/// Turns `(*word*)` into a gloss: emphasis that is all of a parenthesis. True when the
/// text has one.
fn mark_glosses<'a>(mut events: Vec<Spanned<'a>>, language: &str) -> (Vec<Spanned<'a>>, bool) {
    let mut found = false;
    let open = format!(
        "<i class=\"gloss\" lang=\"{}\">",
        crate::util::escape::escape_attribute(language)
    );
    for i in 1..events.len().saturating_sub(3) {
        let is_gloss = matches!(&events[i].0, Event::Start(Tag::Emphasis))
            && matches!(&events[i - 1].0, Event::Text(t) if t.ends_with('('))
            && matches!(&events[i + 1].0, Event::Text(_))
            && matches!(&events[i + 2].0, Event::End(TagEnd::Emphasis))
            && matches!(&events[i + 3].0, Event::Text(t) if t.starts_with(')'));
        if is_gloss {
            found = true;
            events[i].0 = Event::InlineHtml(open.clone().into());
            events[i + 2].0 = Event::InlineHtml("</i>".into());
        }
    }
    (events, found)
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Known;
    impl LinkResolver for Known {
        fn resolve(&self, kind: ReferenceKind, id: &str) -> Result<String, String> {
            match (kind, id) {
                (ReferenceKind::Person, "deng-xiaoping") => Ok("/people/deng-xiaoping/".into()),
                (ReferenceKind::Document, "d1") => Ok("/documents/d1/".into()),
                _ => Err("check the id".into()),
            }
        }
    }

    fn render_body(body: &str) -> Result<Rendered, Vec<Diagnostic>> {
        let source = format!("---\ntitle: T\n---\n{body}");
        let input = MarkdownSource {
            path: Path::new("d.md"),
            source: &source,
            body_offset: 16,
            gloss_language: "ru-Latn",
        };
        render(&input, &Known)
    }

    #[test]
    fn renders_the_seed_conventions() {
        let out = render_body(
            "Then [Deng Xiaoping](person:deng-xiaoping) thanked [me] for the message (*neplokho*). It ended....\n",
        )
        .unwrap();
        assert!(
            out.html.contains(
                "<a class=\"ref-person\" href=\"/people/deng-xiaoping/\">Deng Xiaoping</a>"
            ),
            "{}",
            out.html
        );
        assert!(
            out.html
                .contains("<span class=\"insertion\" title=\"Editorial insertion\">[me]</span>"),
            "{}",
            out.html
        );
        assert!(
            out.html
                .contains("(<i class=\"gloss\" lang=\"ru-Latn\">neplokho</i>)"),
            "{}",
            out.html
        );
        assert!(
            out.html.contains("ended<span class=\"omission\""),
            "{}",
            out.html
        );
        assert_eq!(out.people, vec!["deng-xiaoping"]);
    }

    #[test]
    fn plain_emphasis_is_not_a_gloss() {
        let out = render_body("This is *important* (really).\n").unwrap();
        assert!(out.html.contains("<em>important</em>"), "{}", out.html);
        assert!(!out.html.contains("gloss"));
    }

    #[test]
    fn fenced_parts_become_semantic_blocks() {
        let out = render_body("::: header\nFrom the Diary of  \nS.V. CHERVONENKO\n:::\n\nText.\n\n::: signature\n(S. CHERVONENKO)\n:::\n").unwrap();
        assert!(out.html.contains("<header class=\"doc-header\">\n<p>From the Diary of<br />\nS.V. CHERVONENKO</p>\n</header>"), "{}", out.html);
        assert!(
            out.html.contains("<footer class=\"doc-signature\">"),
            "{}",
            out.html
        );
    }

    #[test]
    fn footnotes_are_numbered_and_linked_both_ways() {
        let out =
            render_body("One[^a] and two[^b] and one again[^a].\n\n[^b]: Second.\n[^a]: First.\n")
                .unwrap();
        assert!(
            out.html
                .contains("<a id=\"fnref-1\" href=\"#fn-1\" role=\"doc-noteref\">1</a>"),
            "{}",
            out.html
        );
        assert!(
            out.html.contains("<a id=\"fnref-1-2\" href=\"#fn-1\""),
            "{}",
            out.html
        );
        assert_eq!(out.footnotes.len(), 2);
        assert_eq!(out.footnotes[0].number, 1);
        assert!(
            out.footnotes[0].html.starts_with("<p>First."),
            "{}",
            out.footnotes[0].html
        );
        assert!(
            out.footnotes[0].html.contains("href=\"#fnref-1-2\""),
            "{}",
            out.footnotes[0].html
        );
        assert!(!out.html.contains("Second."), "notes are not in the body");
    }

    #[test]
    fn dangling_footnote_is_an_error_with_its_line() {
        let errors = render_body("Line one.\n\nSee the note[^7].\n").unwrap_err();
        assert_eq!(errors.len(), 1);
        let e = &errors[0];
        assert!(
            e.message.contains("[^7] is referenced but never defined"),
            "{e}"
        );
        assert_eq!(e.position.map(|p| (p.line, p.column)), Some((6, 13)), "{e}");
    }

    #[test]
    fn unreferenced_footnote_is_a_warning() {
        let out = render_body("Text.\n\n[^x]: Orphan.\n").unwrap();
        assert_eq!(out.warnings.len(), 1);
        assert!(out.warnings[0].message.contains("never referenced"));
    }

    #[test]
    fn unknown_person_is_an_error_with_its_position() {
        let errors =
            render_body("::: header\nX\n:::\n\nMet [Mao](person:mao-zedong) today.\n").unwrap_err();
        let e = &errors[0];
        assert!(e.message.contains("unknown person id `mao-zedong`"), "{e}");
        assert_eq!(e.position.map(|p| (p.line, p.column)), Some((8, 5)), "{e}");
        assert_eq!(e.hint.as_deref(), Some("check the id"));
    }

    /// Every place a Markdown text can put an address is checked, at the place it is
    /// written (line 4 of the file is the body's first).
    #[test]
    fn unsafe_addresses_are_errors_where_they_are_written() {
        let cases = [
            ("[x](javascript:alert(1)//://)", (4, 1)),
            ("Text [x](<JaVa\tScript:alert(1)>).", (4, 6)),
            ("[x](JaVa&#9;Script:alert(1))", (4, 1)),
            ("[x](&#106;avascript:alert(1))", (4, 1)),
            ("![i](data:image/svg+xml,<svg>)", (4, 1)),
            ("<vbscript:msgbox(1)>", (4, 1)),
            ("See [x][r].\n\n[r]: file:///etc/passwd", (6, 1)),
            ("[r]\n\n[r]: javascript:1", (6, 1)),
            ("A <a href=\"java&#115;cript:1\">b</a>.", (4, 6)),
            ("<div>\n<a\nhref='javascript:1'>b</a>\n</div>", (6, 1)),
            ("<img src=x onerror=alert(1)>", (4, 12)),
        ];
        for (body, (line, column)) in cases {
            let errors = render_body(&format!("{body}\n")).expect_err(body);
            assert_eq!(errors.len(), 1, "{body:?}: {errors:?}");
            let e = &errors[0];
            assert!(
                e.message.contains("scheme") || e.message.contains("onerror"),
                "{body:?}: {e}"
            );
            assert_eq!(
                e.position.map(|p| (p.line, p.column)),
                Some((line, column)),
                "{body:?}: {e}"
            );
            assert!(e.hint.as_deref().unwrap_or("").contains("https://"), "{e}");
        }
        let fine = "[a](https://x.org/) [b](/sample/a/) [c](#fn-1) <a@b.org> <https://x.org>\n\n<a href=\"mailto:a@b.org\">m</a>\n";
        assert!(render_body(fine).is_ok());
    }

    #[test]
    fn code_is_left_alone() {
        let out = render_body("```\n[me] ....\n```\n").unwrap();
        assert!(!out.html.contains("insertion"));
    }
}
