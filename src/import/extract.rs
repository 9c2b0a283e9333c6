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
use super::people::{self, Authority, Certainty, Mention};
use crate::content::DocumentMeta;
use crate::diagnostics::{Diagnostic, Position};

/// Where a name was found, and what it says about the person.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RefKind {
    /// The author (signature, `From the Diary of X`, `Telegram from X`), with their role.
    Author(String),
    /// The person the conversation was with (title or header), with their role.
    Interlocutor(String),
    /// Named in the attendance sentence, with their role.
    Present(String),
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
}

static WITH_CLAUSE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:conversations?|meetings?|talks?|discussions?|interview|exchange)\s+(?:held\s+)?(with|between)\s+(.+)")
        .expect("valid pattern")
});
static DIARY_OF: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)\bdiary\s+of\s+(.+)").expect("valid pattern"));
static FROM_CLAUSE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:telegram|cable|letter|report|note|message|memorandum|ciphered telegram)\s+(?:\w+\s+){0,3}?from\s+(.+?)(?:\s+to\s+|$)")
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
fn with_clause(text: &str) -> Option<String> {
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

fn name_clause(regex: &Regex, text: &str) -> Option<String> {
    let caps = regex.captures(text)?;
    let mut clause = caps.get(1)?.as_str().to_owned();
    if let Some(date) = dates::find_all(&clause).first() {
        clause.truncate(date.start);
    }
    let clause = clause.trim().trim_end_matches([',', '.', ';']).trim();
    (!clause.is_empty()).then(|| clause.to_owned())
}

/// Where `inner` (a slice of `outer`) starts in `outer`.
fn offset_in(outer: &str, inner: &str) -> usize {
    (inner.as_ptr() as usize).saturating_sub(outer.as_ptr() as usize)
}

/// Analyses one decoded transcript. `file` names it in messages; `source` is its name
/// relative to `content/sources/`.
pub fn analyse(
    file: &Path,
    source: &str,
    text: &str,
    authority: &Authority,
) -> Result<Draft, Diagnostic> {
    let split = layout::split(text);
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
    if citation_text.is_none() {
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
            if meta.classification.is_empty()
                && let Some(c) = body::classification(line)
            {
                meta.classification = c;
            }
            if meta.copy_number.is_empty()
                && let Some(c) = body::copy_number(line)
            {
                meta.copy_number = c;
            }
            if let Some(d) = dates::whole(line) {
                header_dates.push(d);
            }
        }
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
    meta.title = match cited
        .title
        .clone()
        .or(field_title)
        .or_else(|| split.bold_title.as_deref().map(citation::clean_title))
    {
        Some(title) if !title.is_empty() => title,
        _ => {
            let title = header_title();
            if title.is_empty() {
                return Err(Diagnostic::error(file, "the transcript has no title: no citation, title line or header block was found")
                    .with_hint("copy the page including its citation (`\"Title,\" date, archive ...`) or add a `**Citation:**` field"));
            }
            warnings.push(
                Diagnostic::warning(
                    file,
                    format!("no title in the citation: took `{title}` from the header"),
                )
                .with_hint("check the title in the document's front matter"),
            );
            title
        }
    };
    meta.kind = kind_of(&meta.title);
    if meta.kind.is_empty() {
        meta.kind = kind_of(&header_title());
    }

    // Dates: the document's, and the event's when it differs.
    meta.date = cited
        .date
        .or(field_date)
        .or_else(|| split.date_lines.iter().find_map(|l| dates::whole(&l.text)))
        .or_else(|| header_dates.first().copied());
    let title_date = dates::find_all(&meta.title)
        .into_iter()
        .rfind(|d| d.date.month.is_some() && meta.title[d.end..].trim().is_empty());
    let event = header_dates
        .last()
        .copied()
        .filter(|d| header_dates.len() > 1 || Some(*d) != meta.date)
        .or(title_date.map(|d| d.date));
    meta.event_date = event.filter(|e| Some(*e) != meta.date);
    if meta.date.is_none() && meta.event_date.is_none() {
        return Err(Diagnostic::error(file, "the transcript has no date: none in the citation, before the text or in the header")
            .with_hint("add the date line the archive's page shows (e.g. `October 12, 1961`) above the text and import again"));
    }

    // The body with conventions applied.
    let labels: Vec<String> = structure.footnotes.iter().map(|(l, _)| l.clone()).collect();
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
            Part::Text | Part::Attendance => body::mark_glosses(&body::mark_footnote_references(
                &body::escape_markdown(&paragraph.joined()),
                &labels,
            )),
        };
        paragraphs.push(DraftParagraph {
            part: paragraph.part,
            text,
        });
    }
    let footnotes = structure
        .footnotes
        .iter()
        .map(|(label, note)| {
            (
                label.clone(),
                body::mark_glosses(&body::escape_markdown(note)),
            )
        })
        .collect();

    // Names.
    let mut names = Vec::new();
    let mut push = |mention: &Mention, kind: RefKind| {
        names.push(NameRef {
            surface: mention.surface.clone(),
            person: mention.person,
            kind,
        });
    };
    let is_conversation_title = WITH_CLAUSE.is_match(&meta.title);
    let mut interlocutors_found = false;
    if let Some(clause) = with_clause(&meta.title) {
        let mentions = people::find_people_in_clause(&clause, authority);
        let roles = roles_in_clause(&clause, &mentions);
        for (mention, role) in mentions.iter().zip(roles) {
            push(mention, RefKind::Interlocutor(role));
            interlocutors_found = true;
        }
    }
    let header_text: Vec<String> = header.iter().map(|p| p.joined()).collect();
    if !interlocutors_found {
        for line in &header_text {
            if let Some(clause) = with_clause(line) {
                let mentions = people::find_people_in_clause(&clause, authority);
                let roles = roles_in_clause(&clause, &mentions);
                for (mention, role) in mentions.iter().zip(roles) {
                    push(mention, RefKind::Interlocutor(role));
                }
            }
        }
    }
    for (index, paragraph) in paragraphs.iter().enumerate() {
        match paragraph.part {
            Part::Header => {}
            Part::Text => {
                for m in people::find_mentions(&paragraph.text, authority, true) {
                    push(
                        &m,
                        RefKind::Link {
                            paragraph: index,
                            start: m.start,
                            end: m.end,
                        },
                    );
                }
            }
            Part::Attendance => {
                let clause = body::attendance_clause(&paragraph.text);
                let base = offset_in(&paragraph.text, clause);
                let mentions = people::find_people_in_clause(clause, authority);
                let roles = roles_in_clause(clause, &mentions);
                for (m, role) in mentions.iter().zip(roles) {
                    push(m, RefKind::Present(role));
                    push(
                        m,
                        RefKind::Link {
                            paragraph: index,
                            start: base + m.start,
                            end: base + m.end,
                        },
                    );
                }
            }
            Part::Signature => {}
        }
    }
    // The signature: the role line and the signer.
    let signature: Vec<usize> = paragraphs
        .iter()
        .enumerate()
        .filter(|(_, p)| p.part == Part::Signature)
        .map(|(i, _)| i)
        .collect();
    let mut signer_role = String::new();
    let mut signer = None;
    for &index in &signature {
        let text = &paragraphs[index].text;
        let mut offset = 0;
        for line in text.split('\n') {
            let content = line.trim_end();
            let bare = content
                .trim_start_matches("[signature]")
                .trim()
                .trim_start_matches('(')
                .trim_end_matches(')');
            let mentions = if bare.chars().any(char::is_lowercase) {
                people::find_mentions(content, authority, true)
            } else {
                people::find_people_in_clause(content, authority)
            };
            if let Some(m) = mentions.first() {
                if signer.is_none() {
                    signer = Some((index, offset, m.clone()));
                }
            } else if signer_role.is_empty()
                && !content.is_empty()
                && !content.starts_with("[signature]")
                && dates::whole(content).is_none()
            {
                signer_role = clean_role(content);
            }
            offset += line.len() + 1;
        }
    }
    if let Some((index, offset, m)) = &signer {
        push(m, RefKind::Author(signer_role.clone()));
        push(
            m,
            RefKind::Link {
                paragraph: *index,
                start: offset + m.start,
                end: offset + m.end,
            },
        );
    } else {
        let diary = name_clause(&DIARY_OF, &meta.title)
            .or_else(|| header_text.iter().find_map(|l| name_clause(&DIARY_OF, l)));
        let from = if is_conversation_title {
            None
        } else {
            name_clause(&FROM_CLAUSE, &meta.title)
        };
        if let Some(clause) = diary.or(from)
            && let Some(m) = people::find_people_in_clause(&clause, authority).first()
        {
            push(m, RefKind::Author(signer_role.clone()));
        }
    }
    Ok(Draft {
        layout: split.layout,
        meta,
        paragraphs,
        footnotes,
        names,
        warnings,
    })
}

#[cfg(test)]
mod tests {
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
}
