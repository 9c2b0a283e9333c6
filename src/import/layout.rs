//! Recognising the layout of a raw transcript and separating what the archive's page says
//! *about* the document (fields, citation, summary, dates) from the document's own text.
//!
//! Two layouts are known, both recognised from their content:
//!
//! - **fields**: a bold date and title, then `**Citation:**`, `**Original Language:**`,
//!   `**Contents:**` (and possibly other `**Label:**`) fields, then the text;
//! - **scraped**: a copy of the whole web page, with `Search in`, site navigation, a date line,
//!   a `• Citation` section (`get citation`, summary, citation), `• share document`,
//!   `English HTML`, the text, and the PDF viewer's notices.
//!
//! Rather than branching per layout, every line is classified by what it is (furniture, a
//! field, the citation section, a date line, text); the layout name is only reported. So a
//! page that mixes the two, or a third layout, imports whatever is recognisable.

pub use super::page::Layout;

/// A line of the transcript with its 1-based line number.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line {
    /// The line, without its line end (trailing spaces kept: they can be hard breaks).
    pub text: String,
    /// 1-based line number in the transcript.
    pub number: usize,
}

/// A `**Label:**` field and its value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Field {
    /// The label without asterisks and colon (`Original Language`).
    pub label: String,
    /// The value paragraph, lines joined with spaces.
    pub value: String,
    /// Line number of the label.
    pub line: usize,
}

/// A transcript split into the page's facts and the document's text.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Split {
    /// The title line, where the layout puts the title on a line of its own.
    pub title: Option<Line>,
    /// The current site's `Source` paragraph: archive references and credits.
    pub source_paragraph: Option<Line>,
    /// The current site's `Type` value (`Telegram`).
    pub document_type: String,
    /// A FRUS or Avalon source note (`Source: <archive>, <files>. Secret; Nodis.`).
    pub source_note: Option<Line>,
    /// Footnotes the page reader took out of the text (label, text); their markers in the
    /// body are written `[label]`.
    pub notes: Vec<(String, String)>,
    /// An archival file number the page states outside a citation (FRUS `611.61/5-1459`).
    pub archive_hint: String,
    /// The original-language text of a bilingual page, before its translation.
    pub original: Vec<Line>,
    /// Which layout the transcript looks like.
    pub layout: Layout,
    /// A bold title paragraph (fields layout), lines joined.
    pub bold_title: Option<String>,
    /// Date lines before the text (`**October 12, 1961**`, `December 08, 1959`).
    pub date_lines: Vec<Line>,
    /// `**Label:**` fields.
    pub fields: Vec<Field>,
    /// The archive's citation (scraped layout; the fields layout has it as a field).
    pub citation: Option<Line>,
    /// The summary lines of the scraped citation section.
    pub summary: Vec<String>,
    /// Lines before the text that are neither furniture nor a known fact: kept, reported.
    pub unrecognised: Vec<Line>,
    /// The document's text, furniture removed, blank lines kept.
    pub body: Vec<Line>,
    /// How many furniture lines were dropped.
    pub furniture: usize,
}

/// Web-page furniture: lines dropped wherever they are, compared case-insensitively after
/// bullets and spaces are stripped.
const FURNITURE: &[&str] = &[
    "search in",
    "get citation",
    "share document",
    "share",
    "print",
    "email",
    "download",
    "download pdf",
    "english html",
    "english pdf",
    "russian html",
    "russian pdf",
    "chinese html",
    "chinese pdf",
    "original scan",
    "english translation",
    "digital archive",
    "international history declassified",
    "digital archive international history declassified",
    "skip to main content",
    "skip to content",
    "menu",
    "add search filter cancel search filter",
    "citation share download",
    "view document in",
    "you are here",
    "",
];

/// Furniture recognised by how it starts (the PDF viewer's notices).
const FURNITURE_PREFIXES: &[&str] = &[
    "it appears your web browser is not configured to display pdf",
    "click here to view the pdf",
    "click here to download the pdf",
    "pdfs cannot be printed inline",
    "to print a pdf, you must first download",
];

/// Furniture that marks the end of the page's header, after which the document text starts.
const ANCHOR_FURNITURE: &[&str] = &[
    "share document",
    "english html",
    "russian html",
    "chinese html",
    "english translation",
    "get citation",
];

fn strip_bullet(line: &str) -> &str {
    line.trim()
        .trim_start_matches(['•', '·', '▪', '◦', '*', '-'])
        .trim()
}

fn has_bullet(line: &str) -> bool {
    let trimmed = line.trim_start();
    trimmed.starts_with(['•', '·', '▪', '◦']) || trimmed.starts_with("* ")
}

fn furniture(line: &str) -> Option<bool> {
    // Furniture lines are short; running text is never furniture (and need not be lowercased).
    if line.trim().is_empty() || line.len() > 240 {
        return None;
    }
    let lower = strip_bullet(line).to_lowercase();
    if FURNITURE.contains(&lower.as_str()) {
        return Some(ANCHOR_FURNITURE.contains(&lower.as_str()));
    }
    if FURNITURE_PREFIXES.iter().any(|p| lower.starts_with(p)) {
        return Some(false);
    }
    // The PDF viewer's notices, by their opening words (their wording varies).
    let short = lower.len() < 200;
    if short
        && (lower.starts_with("it appears your web browser")
            || lower.starts_with("pdfs cannot be printed")
            || (lower.starts_with("click here")
                && ["pdf", "file", "window"].iter().any(|w| lower.contains(w))))
    {
        return Some(false);
    }
    None
}

/// `**Label:**` on a line of its own, or `Label:` in bold with the colon outside.
fn field_label(line: &str) -> Option<String> {
    let t = line.trim();
    let inner = t.strip_prefix("**")?.strip_suffix("**")?;
    let inner = inner.trim();
    let label = inner
        .strip_suffix(':')
        .or_else(|| inner.strip_suffix("**:"))?;
    let label = label.trim().trim_end_matches(':').trim();
    let ok = !label.is_empty()
        && label.len() <= 40
        && label
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, ' ' | '&' | '-' | '/' | '(' | ')'));
    ok.then(|| label.to_owned())
}

fn is_blank(line: &Line) -> bool {
    line.text.trim().is_empty()
}

/// A line of running text rather than a heading or a fact: long, or a sentence of words.
pub fn is_prose(text: &str) -> bool {
    let t = text.trim();
    // A footnote marker after the full stop does not make a sentence a heading.
    let t = t
        .trim_end_matches(|c: char| c.is_ascii_digit() || c == '[' || c == ']' || c == '^')
        .trim_end();
    let words = t.split_whitespace().count();
    t.chars().count() > 160 || (words >= 12 && t.ends_with(['.', '!', '?', '"', '”', ':']))
}

enum Item {
    Blank,
    Furniture {
        anchor: bool,
    },
    Field(Field),
    Citation {
        citation: Option<Line>,
        summary: Vec<String>,
    },
    Bold(String, usize),
    Date(Line),
    Text(Line),
}

/// Splits a decoded transcript.
pub fn split(text: &str) -> Split {
    let lines: Vec<Line> = text
        .split('\n')
        .enumerate()
        .map(|(i, t)| Line {
            text: t.trim_end_matches(['\r', '\u{feff}']).replace('\t', "    "),
            number: i + 1,
        })
        .collect();
    let mut items: Vec<(usize, Item)> = Vec::new();
    let mut fields_seen = 0;
    let mut scraped_seen = 0;
    let mut prose_seen = false;
    let mut i = 0;
    while i < lines.len() {
        let line = &lines[i];
        let trimmed = line.text.trim();
        if trimmed.is_empty() {
            items.push((i, Item::Blank));
            i += 1;
            continue;
        }
        if let Some(label) = field_label(trimmed) {
            fields_seen += 1;
            let (value, end) = paragraph_after(&lines, i + 1);
            items.push((
                i,
                Item::Field(Field {
                    label,
                    value,
                    line: line.number,
                }),
            ));
            i = end;
            continue;
        }
        let bare = if trimmed.len() <= 160 {
            strip_bullet(trimmed).to_lowercase()
        } else {
            String::new()
        };
        if bare == "citation" && (has_bullet(trimmed) || next_is(&lines, i, "get citation")) {
            scraped_seen += 1;
            let (citation, summary, end) = citation_section(&lines, i + 1);
            items.push((i, Item::Citation { citation, summary }));
            i = end;
            continue;
        }
        // The old site without its header: an indented summary, then the indented citation.
        if line.text.starts_with("    ")
            && trimmed.starts_with(['"', '“'])
            && trimmed.contains("Digital Archive")
            && !items
                .iter()
                .any(|(_, item)| matches!(item, Item::Citation { .. }))
        {
            scraped_seen += 1;
            let mut summary = Vec::new();
            if let Some((_, Item::Text(previous))) = items.last()
                && previous.text.starts_with("    ")
            {
                summary.push(previous.text.trim().to_owned());
                items.pop();
            }
            items.push((
                i,
                Item::Citation {
                    citation: Some(Line {
                        text: trimmed.to_owned(),
                        number: line.number,
                    }),
                    summary,
                },
            ));
            i += 1;
            continue;
        }
        if let Some(anchor) = furniture(trimmed) {
            if bare == "search in" || bare == "share document" || bare.starts_with("it appears") {
                scraped_seen += 1;
            }
            items.push((i, Item::Furniture { anchor }));
            i += 1;
            continue;
        }
        if !prose_seen && trimmed.starts_with("**") {
            let (joined, end) = bold_paragraph(&lines, i);
            if let Some(joined) = joined {
                if super::dates::whole(&joined).is_some() {
                    items.push((
                        i,
                        Item::Date(Line {
                            text: joined,
                            number: line.number,
                        }),
                    ));
                } else {
                    items.push((i, Item::Bold(joined, end)));
                }
                i = end;
                continue;
            }
        }
        if !prose_seen && super::dates::whole(trimmed).is_some() {
            items.push((i, Item::Date(line.clone())));
            i += 1;
            continue;
        }
        if is_prose(trimmed) {
            prose_seen = true;
        }
        items.push((i, Item::Text(line.clone())));
        i += 1;
    }

    // The text starts after the last piece of page structure that comes before the first
    // line of running text.
    let first_prose = items
        .iter()
        .position(|(_, item)| matches!(item, Item::Text(l) if is_prose(&l.text)))
        .unwrap_or(items.len());
    let body_start = items[..first_prose]
        .iter()
        .rposition(|(_, item)| {
            matches!(
                item,
                Item::Field(..)
                    | Item::Citation { .. }
                    | Item::Furniture { anchor: true }
                    | Item::Bold(..)
            )
        })
        .map_or(0, |p| p + 1);

    let layout = if fields_seen > 0 && fields_seen >= scraped_seen {
        Layout::A
    } else if scraped_seen > 0 {
        Layout::B
    } else {
        Layout::Unknown
    };
    let mut split = Split {
        layout,
        ..Split::default()
    };
    for (index, (line_index, item)) in items.into_iter().enumerate() {
        let in_body = index >= body_start;
        match item {
            Item::Blank => {
                if in_body {
                    split.body.push(lines[line_index].clone());
                }
            }
            Item::Furniture { .. } => split.furniture += 1,
            Item::Field(field) => split.fields.push(field),
            Item::Citation { citation, summary } => {
                if split.citation.is_none() {
                    split.citation = citation;
                }
                split.summary.extend(summary);
            }
            Item::Bold(text, end) => {
                if in_body {
                    split.body.extend(lines[line_index..end].iter().cloned());
                } else if split.bold_title.is_none() {
                    split.bold_title = Some(text);
                } else {
                    split.unrecognised.push(lines[line_index].clone());
                }
            }
            Item::Date(line) => {
                if in_body {
                    split.body.push(lines[line_index].clone());
                } else {
                    split.date_lines.push(line);
                }
            }
            Item::Text(line) => {
                if in_body {
                    split.body.push(line);
                } else {
                    split.unrecognised.push(line);
                }
            }
        }
    }
    split
}

fn next_is(lines: &[Line], index: usize, wanted: &str) -> bool {
    lines[index + 1..]
        .iter()
        .find(|l| !is_blank(l))
        .is_some_and(|l| strip_bullet(&l.text).eq_ignore_ascii_case(wanted))
}

/// The paragraph after a field label: blank lines skipped, then lines up to the next blank
/// line or label. Returns the value and the index after it.
fn paragraph_after(lines: &[Line], mut i: usize) -> (String, usize) {
    while i < lines.len() && is_blank(&lines[i]) {
        i += 1;
    }
    let mut parts = Vec::new();
    while i < lines.len() && !is_blank(&lines[i]) && field_label(&lines[i].text).is_none() {
        parts.push(lines[i].text.trim());
        i += 1;
    }
    (parts.join(" "), i)
}

/// A paragraph wrapped in `**`, possibly over several lines.
fn bold_paragraph(lines: &[Line], start: usize) -> (Option<String>, usize) {
    let mut parts = Vec::new();
    let mut i = start;
    while i < lines.len() && !is_blank(&lines[i]) {
        let line = lines[i].text.trim();
        parts.push(line);
        i += 1;
        if line.ends_with("**") && !(parts.len() == 1 && line == "**") {
            break;
        }
    }
    let joined = parts.join(" ");
    let inner = joined
        .strip_prefix("**")
        .and_then(|s| s.strip_suffix("**"))
        .map(|s| s.split_whitespace().collect::<Vec<_>>().join(" "));
    match inner {
        Some(text) if !text.is_empty() && !text.contains("**") => (Some(text), i),
        _ => (None, start),
    }
}

/// The scraped page's citation section: `get citation`, the summary and the citation, up to
/// `share document` (or a blank line once the citation was seen).
fn citation_section(lines: &[Line], mut i: usize) -> (Option<Line>, Vec<String>, usize) {
    let mut citation = None;
    let mut summary = Vec::new();
    while i < lines.len() {
        let line = &lines[i];
        let t = line.text.trim();
        if t.is_empty() {
            if citation.is_some() {
                break;
            }
            i += 1;
            continue;
        }
        let bare = strip_bullet(t).to_lowercase();
        if bare == "share document" || field_label(t).is_some() {
            break;
        }
        if bare == "get citation" {
            i += 1;
            continue;
        }
        if citation.is_none() && t.starts_with(['"', '“']) {
            citation = Some(Line {
                text: t.to_owned(),
                number: line.number,
            });
        } else if citation.is_some() && !summary.is_empty() && t.starts_with(['"', '“']) {
            break;
        } else {
            summary.push(t.to_owned());
        }
        i += 1;
    }
    (citation, summary, i)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recognises_the_fields_layout() {
        let text = "\n**October 12, 1961**\n\n**Talk with  \nDeng**\n\n**Citation:**\n\n\"Talk\", October 12, 1961, Archive\n\n**Original Language:**\n\nRussian\n\n**Contents:**\n\nTranslation - English\n\nTOP SECRET\n\nText of the document.\n";
        let split = split(text);
        assert_eq!(split.layout, Layout::A);
        assert_eq!(split.bold_title.as_deref(), Some("Talk with Deng"));
        assert_eq!(split.date_lines[0].text, "October 12, 1961");
        assert_eq!(split.fields.len(), 3);
        assert_eq!(split.fields[1].value, "Russian");
        let body: Vec<&str> = split.body.iter().map(|l| l.text.as_str()).collect();
        assert_eq!(body, ["", "TOP SECRET", "", "Text of the document.", ""]);
        assert!(split.unrecognised.is_empty());
    }

    #[test]
    fn recognises_the_scraped_layout_and_drops_furniture() {
        let text = "Search in\n\nDigital Archive International History Declassified\n\nDecember 08, 1959\n\n  • Citation\n\n    get citation\n\n    A summary.\n    \"Title,\" December 08, 1959, Archive.\n  • share document\n\nEnglish HTML\n\nFrom the diary of\n\nText.\n\nClick here to view the PDF file in a new window.\n";
        let split = split(text);
        assert_eq!(split.layout, Layout::B);
        assert_eq!(split.summary, ["A summary."]);
        assert!(split.citation.unwrap().text.starts_with("\"Title"));
        let body: Vec<&str> = split
            .body
            .iter()
            .map(|l| l.text.as_str())
            .filter(|t| !t.is_empty())
            .collect();
        assert_eq!(body, ["From the diary of", "Text."]);
        assert_eq!(split.date_lines.len(), 1);
    }

    #[test]
    fn unknown_layouts_keep_their_text() {
        let split = split("Memorandum\n\n12 May 1960\n\nWe talked.\n");
        assert_eq!(split.layout, Layout::Unknown);
        assert_eq!(split.body.len(), 6);
    }
}
