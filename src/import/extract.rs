//! One transcript to a draft document: every fact the page and the text state, the body in
//! its parts with the annotation conventions applied, and every name found, matched against
//! the authority file where it can be. Names the file does not know are resolved later, in
//! file order, so that new entries are created deterministically.

use std::path::Path;
use std::sync::LazyLock;

use regex::Regex;

use super::body::{self, Part};
use super::citation;
use super::dates;
use super::layout::{self, Layout};
use super::people::{Authority, Certainty, Mention};
use crate::content::DocumentMeta;
use crate::diagnostics::{Diagnostic, Position};

/// Where a name was found, and what it says about the person.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RefKind {
    /// The author (signature, `From the Diary of X`, `Telegram from X`), with their role.
    Author(String),
    /// The person the conversation was with (title or header), with their role.
    Interlocutor(String),
    /// Present at the event (attendance, speaker, met by the author), with their role.
    Present(String),
    /// Named outside the text (summary, notes): mentioned, never linked.
    Mentioned,
    /// A mention in the body that can become a link: paragraph index and byte range.
    Link {
        /// Index into [`Draft::paragraphs`].
        paragraph: usize,
        /// Start of the name in the paragraph text.
        start: usize,
        /// End of the name.
        end: usize,
    },
}

/// A name in the transcript.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NameRef {
    /// As written.
    pub surface: String,
    /// The matched person, once known.
    pub person: Option<(usize, Certainty)>,
    /// What the place of the name says.
    pub kind: RefKind,
    /// A second spelling of the same person given beside it (`ANDREEV [Mikoyan]`).
    pub alias: Option<String>,
}

/// A paragraph with the conventions applied (links come last, once people are known).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DraftParagraph {
    /// Its part.
    pub part: Part,
    /// Its Markdown, lines joined with hard breaks where the source broke them.
    pub text: String,
}

/// A transcript, analysed.
#[derive(Debug, Clone)]
pub struct Draft {
    /// The layout recognised.
    pub layout: Layout,
    /// Facts so far (people fields are filled in later).
    pub meta: DocumentMeta,
    /// Body paragraphs.
    pub paragraphs: Vec<DraftParagraph>,
    /// Footnotes (label, Markdown text).
    pub footnotes: Vec<(String, String)>,
    /// Every name found.
    pub names: Vec<NameRef>,
    /// Problems that did not stop the import.
    pub warnings: Vec<Diagnostic>,
    /// No title was found: the title is the file's name, and so is the id.
    pub title_missing: bool,
    /// A bilingual page's original-language paragraphs (Markdown), and their language tag.
    pub original: (Vec<String>, String),
    /// `meta.review` as the analysis left it, before names were resolved.
    pub analysed_review: bool,
    /// What the name finder found in each paragraph, for the next round.
    pub paragraph_names: super::participants::ParagraphNames,
}

impl Draft {
    /// Finds the names again, against an authority that has grown since the analysis by
    /// people whose names have the words `new_words` ([`super::people::loose_key`]s).
    pub fn find_names_again(
        &mut self,
        authority: &Authority,
        new_words: &std::collections::HashSet<String>,
    ) {
        self.meta.review = self.analysed_review;
        self.paragraph_names
            .forget_where(&self.paragraphs, new_words);
        self.names = super::participants::find_with(
            &super::participants::Document {
                title: &self.meta.title,
                summary: &self.meta.summary,
                paragraphs: &self.paragraphs,
                footnotes: &self.footnotes,
                closing_surname_signs: matches!(self.layout, Layout::F | Layout::G),
            },
            authority,
            &mut self.paragraph_names,
        );
    }
}

static WITH_CLAUSE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:conversations?|meetings?|talks?|discussions?|interview|exchange)\s+(?:held\s+)?(with|between)\s+(.+)")
        .expect("valid pattern")
});
static CLAUSE_END: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\s+(?:on|about|regarding|concerning|in connection with|following|during|at the|in the)\s+[a-z]|\s*\(")
        .expect("valid pattern")
});

/// Kinds of document by the words of their title, most specific first.
const KINDS: &[(&str, &str)] = &[
    ("diary", "Diary entry"),
    ("memorandum of conversation", "Memorandum of conversation"),
    ("memorandum of a conversation", "Memorandum of conversation"),
    ("record of conversation", "Record of conversation"),
    ("record of a conversation", "Record of conversation"),
    ("record of the conversation", "Record of conversation"),
    ("transcript of conversation", "Transcript of conversation"),
    ("transcript of a conversation", "Transcript of conversation"),
    ("minutes", "Minutes"),
    ("stenographic record", "Minutes"),
    ("telegram", "Telegram"),
    ("cable", "Telegram"),
    ("letter", "Letter"),
    ("report", "Report"),
    ("memorandum", "Memorandum"),
    ("conversation", "Record of conversation"),
    ("speech", "Speech"),
    ("note", "Note"),
];

/// The kind of a document from its title.
pub fn kind_of(title: &str) -> String {
    let lower = title.to_lowercase();
    KINDS
        .iter()
        .find(|(words, _)| {
            lower
                .match_indices(words)
                .any(|(i, _)| lower[..i].chars().last().is_none_or(|c| !c.is_alphabetic()))
        })
        .map(|(_, kind)| (*kind).to_owned())
        .unwrap_or_default()
}

/// Cleans a role as the text gives it: brackets and leading articles dropped, first letter
/// capitalised (`the counselor to the embassy` -> `Counselor to the embassy`).
pub fn clean_role(text: &str) -> String {
    let mut role = text
        .replace(['[', ']'], "")
        .trim()
        .trim_matches(|c: char| {
            matches!(c, ',' | ';' | ':' | '.' | '-' | '–' | '—' | '(' | ')') || c.is_whitespace()
        })
        .to_owned();
    loop {
        let lower = role.to_lowercase();
        let mut changed = false;
        if matches!(
            lower.as_str(),
            "and" | "as well as" | "also" | "the" | "with" | "comrade" | "comrades"
        ) {
            return String::new();
        }
        for prefix in [
            "and ",
            "as well as ",
            "also ",
            "the ",
            "comrade ",
            "comrades ",
            "with ",
        ] {
            if lower.starts_with(prefix) {
                role = role[prefix.len()..].trim_start().to_owned();
                changed = true;
            }
        }
        for suffix in [" and", ",", " comrade", " comrades"] {
            if lower.ends_with(suffix) {
                role = role[..role.len() - suffix.len()].trim_end().to_owned();
                changed = true;
            }
        }
        if !changed {
            break;
        }
    }
    let role = role.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut chars = role.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// The singular of a role shared by several people (`translators for the apparatus` ->
/// `translator for the apparatus`): the last word before the first preposition.
fn singular_role(role: &str) -> String {
    let words: Vec<&str> = role.split_whitespace().collect();
    let head = words
        .iter()
        .position(|w| matches!(*w, "of" | "for" | "to" | "at" | "in" | "with" | "from"))
        .unwrap_or(words.len());
    if head == 0 {
        return role.to_owned();
    }
    let mut out: Vec<String> = words.iter().map(|w| (*w).to_owned()).collect();
    let word = &out[head - 1];
    let singular = if let Some(stem) = word.strip_suffix("ies") {
        format!("{stem}y")
    } else if word.ends_with("ss") || word.ends_with("us") || word.chars().count() <= 3 {
        word.clone()
    } else if let Some(stem) = word.strip_suffix('s') {
        stem.to_owned()
    } else {
        word.clone()
    };
    out[head - 1] = singular;
    out.join(" ")
}

/// Roles of the people named in a clause: the text between names. When the clause starts
/// with a name, roles follow names (`Zhou Enlai, Premier of the State Council`); otherwise
/// they precede them (`the counselor to the embassy, F.V. Mochul'skii`). A name with no
/// role of its own shares the previous one (`translators ..., Yan Mingfu and Zhu Ruizhen`).
pub fn roles_in_clause(clause: &str, mentions: &[Mention]) -> Vec<String> {
    if mentions.is_empty() {
        return Vec::new();
    }
    let gap = |from: usize, to: usize| clean_role(clause.get(from..to).unwrap_or_default());
    let roles_first = !gap(0, mentions[0].start).is_empty();
    let mut roles: Vec<String> = Vec::with_capacity(mentions.len());
    let mut shared_by = vec![1usize; mentions.len()];
    for (i, mention) in mentions.iter().enumerate() {
        let own = if roles_first {
            let from = if i == 0 { 0 } else { mentions[i - 1].end };
            gap(from, mention.start)
        } else {
            let to = mentions.get(i + 1).map_or(clause.len(), |m| m.start);
            gap(mention.end, to)
        };
        if own.is_empty() && i > 0 && roles_first {
            let previous = roles[i - 1].clone();
            shared_by[i] = 0;
            let mut k = i;
            while k > 0 && shared_by[k] == 0 {
                k -= 1;
            }
            shared_by[k] += 1;
            roles.push(previous);
        } else {
            roles.push(own);
        }
    }
    // A role shared by several names is in the plural: give each person the singular.
    let mut i = 0;
    while i < roles.len() {
        if shared_by[i] > 1 {
            let singular = clean_role(&singular_role(&roles[i]));
            for role in roles.iter_mut().skip(i).take(shared_by[i]) {
                *role = singular.clone();
            }
            i += shared_by[i];
        } else {
            i += 1;
        }
    }
    roles
}

/// The `with ...` part of a title or header line, without a trailing date or topic.
pub fn with_clause(text: &str) -> Option<String> {
    let caps = WITH_CLAUSE.captures(text)?;
    let mut clause = caps.get(2)?.as_str().to_owned();
    if let Some(date) = dates::find_all(&clause)
        .into_iter()
        .find(|d| d.date.month.is_some())
    {
        clause.truncate(date.start);
    }
    if let Some(m) = CLAUSE_END.find(&clause) {
        clause.truncate(m.start());
    }
    let clause = clause.trim().trim_end_matches([',', '.', ';']).trim();
    (!clause.is_empty()).then(|| clause.to_owned())
}

/// Facts of the current site's footer (`Source`, `Type`), a FRUS or Avalon source note
/// and a FRUS file number, for the fields the citation did not give.
fn read_footer_facts(split: &layout::Split, meta: &mut DocumentMeta) {
    if let Some(source) = &split.source_paragraph {
        let c = citation::parse_source(&source.text);
        if meta.archive.is_empty() {
            meta.archive = c.archive;
            meta.archive_location = c.archive_location;
        }
        if meta.translators.is_empty() {
            meta.translators = c.translators;
        }
        if meta.obtained_by.is_empty() {
            meta.obtained_by = c.obtained_by;
        }
        if meta.original_language.is_empty() {
            meta.original_language = c.original_language;
        }
    }
    if let Some(note) = &split.source_note {
        // The source note is the archive's own description of the document: kept whole.
        if meta.archive_citation.is_empty() {
            meta.archive_citation = note.text.trim().to_owned();
        }
        let n = citation::parse_source_note(&note.text);
        if meta.archive.is_empty() {
            meta.archive = n.archive;
            meta.archive_location = n.archive_location;
        }
        if meta.classification.is_empty() {
            meta.classification = n.classification;
        }
    }
    if meta.archive_location.is_empty() && !split.archive_hint.is_empty() {
        meta.archive_location = split.archive_hint.clone();
    }
}

/// The date of the event a document records, in the order of `docs/import.md`: a
/// `DATE & TIME` line, the title (`… on <date>`, or a date ending it), a `Note of
/// Conversation … on <date>` line, a dateline opening the text, the header's last date line,
/// and a yearless date in the opening sentence. Candidates equal to the document date are
/// passed over.
fn event_date(
    meta: &DocumentMeta,
    structure: &body::Body,
    header_dates: &[crate::content::date::EditionDate],
) -> Option<crate::content::date::EditionDate> {
    use crate::content::date::EditionDate;
    let differs = |d: &EditionDate| Some(*d) != meta.date;
    let day_dates = |text: &str| -> Vec<EditionDate> {
        dates::find_all(text)
            .into_iter()
            .filter(|d| d.is_day())
            .map(|d| d.date)
            .collect()
    };
    let texts: Vec<String> = structure.paragraphs.iter().map(|p| p.joined()).collect();
    let mut candidates: Vec<EditionDate> = Vec::new();
    for t in &texts {
        let upper = t.trim_start().to_uppercase();
        if upper.starts_with("DATE & TIME")
            || upper.starts_with("DATE AND TIME")
            || upper.starts_with("DATE&TIME")
        {
            candidates.extend(day_dates(t).into_iter().take(1));
        }
    }
    // The title: `… on <date>` anywhere, or a date ending it.
    let title = &meta.title;
    if let Some(d) = dates::find_all(title)
        .into_iter()
        .find(|d| d.is_day() && title[..d.start].trim_end().to_lowercase().ends_with(" on"))
    {
        candidates.push(d.date);
    }
    if let Some(d) = dates::find_all(title)
        .into_iter()
        .rfind(|d| d.date.month.is_some() && title[d.end..].trim().is_empty())
    {
        candidates.push(d.date);
    }
    for t in &texts {
        let lower = t.to_lowercase();
        if (lower.starts_with("note of conversation")
            || lower.starts_with("record of conversation"))
            && let Some(i) = lower.find(" on ")
        {
            candidates.extend(day_dates(&t[i..]).into_iter().take(1));
        }
    }
    // A dateline opening the text: `<Place>, <D Month YYYY>`.
    if let Some(first_text) = structure.paragraphs.iter().find(|p| p.part != Part::Header) {
        let line = first_text.lines.first().map_or("", String::as_str);
        if let Some(d) = dates::find_all(line)
            .into_iter()
            .find(|d| d.is_day() && d.start < 40)
            && line[..d.start].trim_end().ends_with(',')
        {
            candidates.push(d.date);
        }
    }
    if let Some(last) = header_dates.last() {
        candidates.push(*last);
    }
    if let Some(found) = candidates.into_iter().find(|d| differs(d)) {
        return Some(found);
    }
    // A yearless date in the opening sentence (`On the evening of May 18, …`).
    let document_date = meta.date?;
    let opening = structure.paragraphs.iter().find(|p| p.part == Part::Text)?;
    let sentence = opening.joined();
    let head: String = sentence.chars().take(120).collect();
    let found = dates::find_yearless(&head).into_iter().next()?;
    dates::resolve_yearless(found.month, found.day, document_date).filter(|d| differs(d))
}

/// A date closing a header line (`of the meeting of the Politburo, 6 July 1957`), unless
/// the line records a transmission, a receipt or a stamp.
fn trailing_header_date(line: &str) -> Option<crate::content::date::EditionDate> {
    let t = line.trim().trim_end_matches(['.', ',']);
    let lower = t.to_lowercase();
    const NOT_THE_EVENT: &[&str] = &[
        "received",
        "sent",
        "dispatched",
        "despatched",
        "declassified",
        "incoming",
        "outgoing",
        "registered",
        "deciphered",
        "typed",
        "stamp",
        "nº",
        "no.",
        "copy",
    ];
    if NOT_THE_EVENT.iter().any(|w| lower.starts_with(w)) {
        return None;
    }
    let found = dates::find_all(t).into_iter().last()?;
    (found.end == t.len() && found.is_day() && found.start > 0).then_some(found.date)
}

/// Analyses one decoded transcript. `file` names it in messages; `source` is its name
/// relative to `content/sources/`.
pub fn analyse(
    file: &Path,
    source: &str,
    text: &str,
    authority: &Authority,
) -> Result<Draft, Diagnostic> {
    let split = super::page::read(text);
    let mut warnings = Vec::new();
    let mut meta = DocumentMeta {
        source: Some(source.to_owned()),
        ..DocumentMeta::default()
    };
    let line_of = |line: usize| Position { line, column: 1 };
    let mut unrecognised: Vec<layout::Line> = split.unrecognised.clone();
    let mut citation_text = split.citation.as_ref().map(|l| l.text.clone());
    let mut field_title = None;
    let mut field_date = None;
    for f in &split.fields {
        let value = f.value.trim().to_owned();
        match f.label.to_lowercase().as_str() {
            "citation" => citation_text = Some(value),
            "original language" | "original languages" | "language" => {
                meta.original_language = value;
            }
            "contents" | "content" => meta.contents = value,
            "summary" | "description" | "abstract" => meta.summary = value,
            "title" => field_title = Some(value),
            "date" => field_date = dates::whole(&value),
            "source url" | "url" | "link" | "permalink" => meta.source_url = value,
            "classification" => meta.classification = value,
            "collection" => meta.collection = value,
            _ => {
                warnings.push(
                    Diagnostic::warning(
                        file,
                        format!(
                            "unrecognised field `{}`: kept at the start of the text",
                            f.label
                        ),
                    )
                    .at(text, line_of(f.line))
                    .with_hint(
                        "move it into the front matter or delete it if it is web-page furniture",
                    ),
                );
                unrecognised.push(layout::Line {
                    text: format!("**{}:** {}", f.label, value),
                    number: f.line,
                });
            }
        }
    }
    if meta.summary.is_empty() && !split.summary.is_empty() {
        meta.summary = split.summary.join(" ");
    }
    let cited = citation_text
        .as_deref()
        .map(citation::parse)
        .unwrap_or_default();
    if citation_text.is_none() && split.layout.has_citation() {
        warnings.push(
            Diagnostic::warning(
                file,
                "no archive citation found: collection, archive, translators and URL are empty",
            )
            .with_hint(
                "add the citation from the archive's page to the document's front matter by hand",
            ),
        );
    }
    meta.archive_citation = cited.verbatim.clone();
    meta.collection = cited.collection.clone();
    meta.archive = cited.archive.clone();
    meta.archive_location = cited.archive_location.clone();
    meta.translators = cited.translators.clone();
    meta.obtained_by = cited.obtained_by.clone();
    if meta.source_url.is_empty() {
        meta.source_url = cited.url.clone();
    }
    if meta.original_language.is_empty()
        && !split
            .fields
            .iter()
            .any(|f| f.label.eq_ignore_ascii_case("original language"))
    {
        meta.original_language = cited.original_language.clone();
    }
    read_footer_facts(&split, &mut meta);
    // The old site's share link and upper-case title are furniture once read.
    let cited_title = cited.title.clone().unwrap_or_default();
    unrecognised.retain(|l| {
        let t = l.text.trim();
        if t.starts_with("http") && !t.contains(' ') {
            if meta.source_url.is_empty() {
                meta.source_url = t.to_owned();
            }
            return false;
        }
        !(t.eq_ignore_ascii_case(&cited_title)
            || t.eq_ignore_ascii_case(&format!("\"{cited_title}\"")))
    });

    if split.layout == Layout::Unknown {
        meta.review = true;
        warnings.push(
            Diagnostic::warning(file, "the layout of this page is not one the importer knows: only the general rules were applied")
                .at(text, line_of(1))
                .with_hint("check the title, dates and people; docs/import.md lists the layouts read"),
        );
    }
    let structure = body::structure(&split.body);
    for line in &unrecognised {
        warnings.push(
            Diagnostic::warning(file, "text before the document that the importer does not recognise: kept at the start of the body")
                .at(text, line_of(line.number))
                .with_hint("delete it from the document if it is web-page furniture"),
        );
    }

    // Facts stated in the header block.
    let header: Vec<&body::Paragraph> = structure
        .paragraphs
        .iter()
        .filter(|p| p.part == Part::Header)
        .collect();
    let mut header_dates = Vec::new();
    for paragraph in &header {
        for line in &paragraph.lines {
            if let Some(d) = dates::whole(line).or_else(|| trailing_header_date(line)) {
                header_dates.push(d);
            }
        }
    }
    // Classification and copy number: from the lines before the running text starts (a
    // line that is only a classification first, so a stamp's `SECRET` does not win).
    let leading: Vec<&str> = structure
        .paragraphs
        .iter()
        .take_while(|p| p.part == Part::Header || !layout::is_prose(&p.joined()))
        .take(40)
        .flat_map(|p| p.lines.iter().map(String::as_str))
        .collect();
    let early = structure.paragraphs.len().div_ceil(2).max(6);
    let standalone = structure
        .paragraphs
        .iter()
        .take(early)
        .flat_map(|p| p.lines.iter())
        .filter(|l| l.trim().chars().count() <= 40)
        .find_map(|l| body::classification(l));
    if meta.classification.is_empty() {
        meta.classification = standalone
            .or_else(|| leading.iter().find_map(|l| body::classification(l)))
            .or_else(|| leading.iter().find_map(|l| body::classification_within(l)))
            .unwrap_or_default();
    }
    if meta.copy_number.is_empty() {
        meta.copy_number = leading
            .iter()
            .find_map(|l| body::copy_number(l))
            .unwrap_or_default();
    }

    // Title.
    let header_title = || {
        let lines: Vec<String> = header
            .iter()
            .flat_map(|p| p.lines.iter())
            .filter(|l| {
                dates::whole(l).is_none()
                    && body::classification(l).is_none()
                    && body::copy_number(l).is_none()
            })
            .cloned()
            .collect();
        citation::clean_title(&lines.join(" "))
    };
    let mut title_missing = false;
    let page_title = split.title.as_ref().map(|l| citation::clean_title(&l.text));
    let title = if split.layout.has_citation() {
        cited.title.clone().or(field_title).or(page_title)
    } else {
        page_title.or(cited.title.clone()).or(field_title)
    };
    meta.title = match title.or_else(|| split.bold_title.as_deref().map(citation::clean_title)) {
        Some(title) if !title.is_empty() => title,
        _ => {
            let title = header_title();
            let looked_at = split.title.as_ref().map_or(1, |l| l.number);
            meta.review = true;
            if title.is_empty() {
                warnings.push(
                    Diagnostic::warning(file, "no title found: imported with the file's name as its title")
                        .at(text, line_of(looked_at))
                        .with_hint("give the archive's title in the document's front matter and remove `review: true`"),
                );
                title_missing = true;
                file.file_stem()
                    .map(|s| s.to_string_lossy().replace(['_', '-'], " "))
                    .unwrap_or_default()
            } else {
                warnings.push(
                    Diagnostic::warning(
                        file,
                        format!("no title found: took `{title}` from the header"),
                    )
                    .at(text, line_of(looked_at))
                    .with_hint(
                        "check the title in the document's front matter and remove `review: true`",
                    ),
                );
                title
            }
        }
    };
    meta.kind = kind_of(&meta.title);
    if meta.kind.is_empty() {
        meta.kind = kind_of(&header_title());
    }
    if meta.kind.is_empty() && !split.document_type.is_empty() {
        meta.kind = kind_of(&split.document_type);
        if meta.kind.is_empty() {
            meta.kind = split.document_type.clone();
        }
    }

    // Dates: the document's, and the event's when it differs.
    meta.date = cited
        .date
        .or(field_date)
        .or_else(|| split.date_lines.iter().find_map(|l| dates::whole(&l.text)))
        .or_else(|| header_dates.first().copied());
    meta.event_date =
        event_date(&meta, &structure, &header_dates).filter(|e| Some(*e) != meta.date);
    if meta.date.is_none() && meta.event_date.is_none() {
        meta.review = true;
        let looked_at = split.date_lines.first().map_or(1, |l| l.number);
        warnings.push(
            Diagnostic::warning(file, "no date found: imported without a date")
                .at(text, line_of(looked_at))
                .with_hint("add `date: YYYY-MM-DD` to the document's front matter (a partial date such as `1961-09` will do) and remove `review: true`"),
        );
    }

    // The body with conventions applied.
    let labels: Vec<String> = structure
        .footnotes
        .iter()
        .chain(split.notes.iter())
        .map(|(l, _)| l.clone())
        .collect();
    let mut paragraphs: Vec<DraftParagraph> = unrecognised
        .iter()
        .map(|l| DraftParagraph {
            part: Part::Text,
            text: body::escape_markdown(l.text.trim()),
        })
        .collect();
    for paragraph in &structure.paragraphs {
        let text = match paragraph.part {
            Part::Header => paragraph
                .lines
                .iter()
                .map(|l| body::escape_markdown(l))
                .collect::<Vec<_>>()
                .join("  \n"),
            Part::Signature => paragraph
                .lines
                .iter()
                .map(|l| body::mark_placeholder(&body::escape_markdown(l)))
                .collect::<Vec<_>>()
                .join("  \n"),
            Part::Text | Part::Attendance => {
                let joined = paragraph.joined();
                // A page's bullet (FRUS participant lists) stays a list item.
                let (bullet, rest) = match joined.strip_prefix("- ") {
                    Some(rest) if split.layout == Layout::F => ("- ", rest),
                    _ => ("", joined.as_str()),
                };
                let text = body::mark_glosses(&body::escape_with_footnotes(rest, &labels));
                format!("{bullet}{text}")
            }
        };
        paragraphs.push(DraftParagraph {
            part: paragraph.part,
            text,
        });
    }
    let mut footnotes: Vec<(String, String)> = Vec::new();
    for (label, note) in structure.footnotes.iter().chain(split.notes.iter()) {
        let mut unique = label.clone();
        let mut n = 2;
        while footnotes.iter().any(|(l, _)| *l == unique) {
            unique = format!("{label}-{n}");
            n += 1;
        }
        if unique != *label {
            // Two notes with one number: both are kept (a second definition would stop
            // the build), the text's markers refer to the first.
            meta.review = true;
            let at = text.find(note.as_str()).unwrap_or(0);
            warnings.push(
                Diagnostic::warning(file, format!("a second note numbered {label}: kept as note [^{unique}], which the text does not refer to"))
                    .at(text, Position::of_offset(text, at))
                    .with_hint(format!("put `[^{unique}]` in the text where the note belongs, or merge it into note [^{label}], and remove `review: true`")),
            );
        }
        footnotes.push((unique, body::mark_glosses(&body::escape_markdown(note))));
    }

    // The original of a bilingual page: its paragraphs, tagged with the stated language or
    // else only with its script (the script does not say which language it is).
    let original = {
        let paragraphs: Vec<String> = body::reflow_lines(&split.original)
            .into_iter()
            .map(|t| body::escape_markdown(&t))
            .collect();
        let tag = crate::content::language::language_tag(&meta.original_language)
            .unwrap_or_else(|| super::page::script_tag(&split.original));
        (paragraphs, tag.to_owned())
    };

    // Names.
    let mut paragraph_names = super::participants::ParagraphNames::default();
    let names = super::participants::find_with(
        &super::participants::Document {
            title: &meta.title,
            summary: &meta.summary,
            paragraphs: &paragraphs,
            footnotes: &footnotes,
            closing_surname_signs: matches!(split.layout, Layout::F | Layout::G),
        },
        authority,
        &mut paragraph_names,
    );
    Ok(Draft {
        layout: split.layout,
        paragraphs,
        footnotes,
        names,
        warnings,
        title_missing,
        original,
        analysed_review: meta.review,
        paragraph_names,
        meta,
    })
}

#[cfg(test)]
mod tests {
    use super::super::people;
    use super::*;

    #[test]
    fn kinds_come_from_titles() {
        assert_eq!(
            kind_of("From the Diary of S. V. Chervonenko, Transcript of Conversation"),
            "Diary entry"
        );
        assert_eq!(
            kind_of("Memorandum of Conversation with Deng"),
            "Memorandum of conversation"
        );
        assert_eq!(kind_of("Telegram from Beijing"), "Telegram");
        assert_eq!(kind_of("Minutes of the Meeting"), "Minutes");
        assert_eq!(kind_of("Untitled"), "");
    }

    #[test]
    fn roles_are_cleaned_and_shared_roles_made_singular() {
        let a = Authority::default();
        let clause = "The candidate of the secretariat of the CC CCP, Yang Shangkun, translators for the CC CCP apparatus, Yan Mingfu and Zhu Ruizhen, as well as the counselor to the embassy, F.V. Mochul'skii, ";
        let mentions = people::find_people_in_clause(clause, &a);
        let roles = roles_in_clause(clause, &mentions);
        assert_eq!(
            roles,
            [
                "Candidate of the secretariat of the CC CCP",
                "Translator for the CC CCP apparatus",
                "Translator for the CC CCP apparatus",
                "Counselor to the embassy"
            ]
        );
        let clause =
            "Zhou Enlai, Premier of the State Council, and Chen Yi, Minister of Foreign Affairs";
        let mentions = people::find_people_in_clause(clause, &a);
        assert_eq!(
            roles_in_clause(clause, &mentions),
            [
                "Premier of the State Council",
                "Minister of Foreign Affairs"
            ]
        );
    }

    #[test]
    fn with_clauses_lose_dates_and_topics() {
        assert_eq!(
            with_clause("Transcript of Conversation with General Secretary of the CC CCP, Deng Xiaoping, 30 September 1961").as_deref(),
            Some("General Secretary of the CC CCP, Deng Xiaoping")
        );
        assert_eq!(
            with_clause("Record of Conversation with Mao Zedong on the Taiwan Strait").as_deref(),
            Some("Mao Zedong")
        );
    }

    #[test]
    fn two_notes_with_one_number_are_both_kept_for_review() {
        let text = "3 May 1960\n\nA Conversation\n\nWe talked about many things for a long time and then we parted again as friends.[1]\n\n[1] First note.\n\n[1] Second note.\n";
        let draft = analyse(
            Path::new("x.txt"),
            "x.txt",
            text,
            &people::Authority::default(),
        )
        .unwrap();
        let labels: Vec<&str> = draft.footnotes.iter().map(|(l, _)| l.as_str()).collect();
        assert_eq!(labels, ["1", "1-2"]);
        assert!(draft.meta.review);
        let warning = draft
            .warnings
            .iter()
            .find(|w| w.message.contains("second note numbered 1"))
            .expect("a warning");
        assert_eq!(warning.position.map(|p| p.line), Some(9));
    }
}
