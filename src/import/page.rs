//! Reading an archive page: which layout it is, and where each of its facts sits.
//!
//! Transcripts are copies of web pages, PDFs turned into text and OCR (the catalogue of
//! layouts is `docs/import.md`). This module normalises the lines, recognises the layout by
//! content ([`detect`]) and cuts the page into the parts later steps read: the date and
//! title lines, the archive's citation, the summary, labelled fields, the current site's
//! footer, a FRUS or Avalon source note, footnotes, and the document's own text with all
//! web-page furniture removed.
//!
//! The two seed layouts (A, the bold "fields" page, and B/B2/D, the old site) go through
//! [`layout::split`], which classifies every line by what it is; the other layouts have a
//! reader each, and a page of no known layout gets the generic rules of `layout::split`.

use std::sync::LazyLock;

use regex::Regex;

use super::dates;
use super::layout::{self, Field, Line, Split};

/// The layouts of the catalogue (the ids of `docs/import.md`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Layout {
    /// The archive's "fields" page: bold date and title, `**Citation:**`.
    A,
    /// The archive's old site with its header (`Search in`, `• Citation`, `English HTML`).
    B,
    /// The old site's newer skin (`ADD SEARCH FILTER`, `CITATION SHARE DOWNLOAD`).
    B2,
    /// The current site, blank-line form, labelled footer.
    C1,
    /// The current site, blank-line form, unlabelled footer.
    C2,
    /// The current site, single-newline form.
    C3,
    /// The current site with a neighbouring document's summary first.
    C4,
    /// The old site without its header: date line, indented summary and citation.
    D,
    /// The archive's PDF as text (line-broken or on one line).
    E,
    /// FRUS (history.state.gov).
    F,
    /// The Avalon reprint of FRUS.
    G,
    /// A university mirror with a `PARTICIPANTS:` block.
    H,
    /// OCR of a PDF, `YYYY/MM/DD` on line 1.
    I,
    /// A blog transcription, `<date> / <title>`.
    J,
    /// None of the above: generic rules only.
    #[default]
    Unknown,
}

impl Layout {
    /// A short name for reports.
    pub fn name(self) -> &'static str {
        match self {
            Layout::A => "archive fields page (A)",
            Layout::B => "archive old site (B)",
            Layout::B2 => "archive old site, newer skin (B2)",
            Layout::C1 => "archive current site, labelled footer (C1)",
            Layout::C2 => "archive current site, unlabelled footer (C2)",
            Layout::C3 => "archive current site, single lines (C3)",
            Layout::C4 => "archive current site, neighbour summary first (C4)",
            Layout::D => "archive old site without header (D)",
            Layout::E => "archive PDF as text (E)",
            Layout::F => "FRUS (F)",
            Layout::G => "Avalon reprint (G)",
            Layout::H => "university mirror (H)",
            Layout::I => "OCR of a PDF (I)",
            Layout::J => "blog transcription (J)",
            Layout::Unknown => "unknown layout",
        }
    }

    /// True for the layouts whose page carries the archive's citation (and takes the title
    /// from it).
    pub fn has_citation(self) -> bool {
        matches!(
            self,
            Layout::A | Layout::B | Layout::B2 | Layout::D | Layout::Unknown
        )
    }
}

/// The current site's footer labels, in their order on the page.
const FOOTER_LABELS: &[&str] = &[
    "author(s):",
    "author(s)",
    "associated people & organizations",
    "associated places",
    "associated topics",
    "subjects discussed",
    "related documents",
    "document information",
    "source",
    "original archive",
    "rights",
    "original uploaded date",
    "type",
    "language",
    "record id",
];

/// Opening words of the current site's rights paragraphs.
const RIGHTS_OPENINGS: &[&str] = &[
    "the history and public policy program welcomes reuse",
    "to enquire about this document",
    "to inquire about this document",
];

/// Opening words of a funder line.
const FUNDER: &str = "this document was made possible with support from";

/// The values the archive's PDF cover gives under `Contents:`, longest first.
const CONTENTS_VALUES: &[&str] = &[
    "scan of original document",
    "english translation",
    "english transcription",
    "original document",
    "translation - english",
    "transcript - english",
    "original scan",
];

static MONTH_DATE_LINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)^(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d{1,2},\s+\d{4}$",
    )
    .expect("valid pattern")
});
static FRUS_HEADING: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(\d{1,4})\.\s+(?:Memorandum|Telegram|Letter|Minutes|Paper|Note|Editorial Note|Message|Airgram|Despatch|Dispatch|Record|Summary|Report|Intelligence|National Intelligence|Memorandum for|Briefing|Backchannel|Conversation|Transcript|Notes)\b")
        .expect("valid pattern")
});
static FRUS_FILE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(\d{3}\.\d+[A-Z]?/[\w.-]+|\d{3}\.\d+):\s+(?:Telegram|Memorandum|Letter|Airgram|Despatch)")
        .expect("valid pattern")
});
static PLACE_DATELINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^[A-Z][\w .'-]{1,40},\s+(?:[A-Z][a-z]+\.?\s+\d{1,2},\s+\d{4}|\d{1,2}\s+[A-Z][a-z]+\s+\d{4})\b")
        .expect("valid pattern")
});
static OCR_DATE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\d{4}/\d{2}/\d{2}$").expect("valid pattern"));
static BLOG_HEADING: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(\d{1,2}\s+[A-Z][a-z]+\.?\s+\d{4}|[A-Z][a-z]+\.?\s+\d{1,2},\s+\d{4})\s+/\s+(.+)$")
        .expect("valid pattern")
});
/// FRUS footnote markers: digits glued to a word or to punctuation.
static GLUED_DIGITS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"([A-Za-z\)\.,;:’”'])(\d{1,2})(?:\s(\d{1,2}))?(\s|$)").expect("valid pattern")
});
static PAREN_MARKER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"([\)\.,;:’”])\((\d{1,2})\)").expect("valid pattern"));
static X_MARKER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"([\p{L}\.,;:’”)])(x+)/").expect("valid pattern"));
static SPLIT_LABELS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\s(Citation:|Summary:|Credits:|Original Language:|Contents:)")
        .expect("valid pattern")
});

/// True for a line that is nothing but spaces (U+00A0 included).
fn blank(text: &str) -> bool {
    text.trim().is_empty()
}

/// The transcript's lines, normalised: BOM and CR dropped, tabs as spaces, trailing spaces
/// (U+00A0 included) stripped, lines of only spaces made empty.
pub fn lines_of(text: &str) -> Vec<Line> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    text.split('\n')
        .enumerate()
        .map(|(i, t)| {
            let t = t.trim_end_matches(['\r', '\u{feff}']).replace('\t', "    ");
            let t = if blank(&t) {
                String::new()
            } else {
                t.trim_end().to_owned()
            };
            Line {
                text: t,
                number: i + 1,
            }
        })
        .collect()
}

fn is_date_line(text: &str) -> bool {
    MONTH_DATE_LINE.is_match(text.trim())
}

/// Recognises the layout of a page by its content (the order of `docs/import.md`).
pub fn detect(lines: &[Line]) -> Layout {
    let nonblank: Vec<&str> = lines
        .iter()
        .map(|l| l.text.trim())
        .filter(|t| !t.is_empty())
        .collect();
    let Some(first) = nonblank.first().copied() else {
        return Layout::Unknown;
    };
    let second = nonblank.get(1).copied().unwrap_or("");
    let lower_first = first.to_lowercase();
    if nonblank.iter().any(|l| {
        l.len() > 500 && l.contains("International History Declassified") && l.contains("Citation:")
    }) {
        return Layout::E;
    }
    if lower_first.starts_with("you are on page")
        || (lower_first.starts_with("digital archive digitalarchive.wilsoncenter")
            && second.starts_with("International History Declassified"))
    {
        return Layout::E;
    }
    if first.starts_with("**") {
        return Layout::A;
    }
    if lower_first == "search in" {
        let b2 = nonblank.iter().take(12).any(|l| {
            let l = l.to_uppercase();
            l.starts_with("ADD SEARCH FILTER") || l.starts_with("CITATION SHARE DOWNLOAD")
        });
        return if b2 { Layout::B2 } else { Layout::B };
    }
    if lower_first == "skip to content" {
        let labelled = nonblank.iter().any(|l| {
            let l = l.to_lowercase();
            l == "author(s):" || l == "source" || l == "rights"
        });
        return if labelled { Layout::C1 } else { Layout::C2 };
    }
    let raw_first = lines.iter().position(|l| !blank(&l.text)).unwrap_or(0);
    if is_date_line(first) {
        let next_raw = lines.get(raw_first + 1).map_or("", |l| l.text.as_str());
        if !blank(next_raw) {
            return Layout::C3;
        }
        // A date line, empty lines, then indented lines: the old site without its header.
        if lines[raw_first + 1..]
            .iter()
            .find(|l| !blank(&l.text))
            .is_some_and(|l| l.text.starts_with("    "))
        {
            return Layout::D;
        }
    }
    if is_date_line(second)
        && !is_date_line(first)
        && lines.get(raw_first + 1).is_some_and(|l| !blank(&l.text))
        && first.split_whitespace().count() >= 5
    {
        return Layout::C4;
    }
    if FRUS_HEADING.is_match(first) || FRUS_FILE.is_match(first) {
        return Layout::F;
    }
    if nonblank.len() > 2 && PLACE_DATELINE.is_match(nonblank[2]) && first.len() < 80 {
        return Layout::G;
    }
    if lower_first == "you are here" {
        return Layout::H;
    }
    if OCR_DATE.is_match(first) {
        return Layout::I;
    }
    if BLOG_HEADING.is_match(first) {
        return Layout::J;
    }
    if is_date_line(first) {
        return Layout::C3;
    }
    Layout::Unknown
}

/// Reads a decoded transcript: its layout, facts and text.
pub fn read(text: &str) -> Split {
    let lines = lines_of(text);
    let layout = detect(&lines);
    let mut split = match layout {
        Layout::C1 | Layout::C2 | Layout::C3 | Layout::C4 => current_site(&lines),
        Layout::E => {
            if lines.iter().any(|l| l.text.len() > 500) {
                pdf_one_line(&lines)
            } else {
                pdf_line_broken(&lines)
            }
        }
        Layout::F => frus(&lines),
        Layout::G => avalon(&lines),
        Layout::H => mirror(&lines),
        Layout::I => ocr(&lines),
        Layout::J => blog(&lines),
        Layout::A | Layout::B | Layout::B2 | Layout::D | Layout::Unknown => layout::split(text),
    };
    split.layout = layout;
    if matches!(layout, Layout::C1 | Layout::C2 | Layout::C3 | Layout::C4) {
        let notes = pair_slash_markers(&mut split.body);
        split.notes.extend(notes);
    }
    split.original = take_original(&mut split.body);
    if layout == Layout::Unknown && split.date_lines.is_empty() && split.citation.is_none() {
        generic(&lines, &mut split);
    }
    split
}

/// An empty split of the given layout.
fn empty(layout: Layout) -> Split {
    Split {
        layout,
        ..Split::default()
    }
}

fn line(l: &Line) -> Line {
    Line {
        text: l.text.trim().to_owned(),
        number: l.number,
    }
}

/// The index of the first non-blank line at or after `from`.
fn next_nonblank(lines: &[Line], from: usize) -> Option<usize> {
    (from..lines.len()).find(|&i| !blank(&lines[i].text))
}

fn footer_label(text: &str) -> Option<&'static str> {
    let lower = text.trim().to_lowercase();
    FOOTER_LABELS.iter().copied().find(|l| *l == lower)
}

fn is_rights(text: &str) -> bool {
    let lower = text.trim().to_lowercase();
    RIGHTS_OPENINGS.iter().any(|o| lower.starts_with(o))
}

fn is_funder(text: &str) -> bool {
    let lower = text.trim().to_lowercase();
    lower.starts_with(FUNDER) || lower.starts_with("credits: this document was made possible")
}

/// True when no empty line stands between two lines of text: every line is a paragraph.
fn single_newline_form(lines: &[Line]) -> bool {
    let first = lines.iter().position(|l| !blank(&l.text));
    let last = lines.iter().rposition(|l| !blank(&l.text));
    match (first, last) {
        (Some(f), Some(l)) => !lines[f..=l].iter().any(|x| blank(&x.text)),
        _ => false,
    }
}

/// Paragraphs of a line range: (first line index, lines) for each run of non-blank lines.
/// In single-newline form every line is a paragraph.
fn paragraphs(lines: &[Line], single: bool) -> Vec<Vec<Line>> {
    let mut out: Vec<Vec<Line>> = Vec::new();
    let mut current: Vec<Line> = Vec::new();
    for l in lines {
        if blank(&l.text) {
            if !current.is_empty() {
                out.push(std::mem::take(&mut current));
            }
        } else if single {
            out.push(vec![l.clone()]);
        } else {
            current.push(l.clone());
        }
    }
    if !current.is_empty() {
        out.push(current);
    }
    // A list broken across two paragraphs: the first ends with a comma.
    if !single {
        let mut merged: Vec<Vec<Line>> = Vec::with_capacity(out.len());
        for p in out {
            match merged.last_mut() {
                Some(previous)
                    if previous
                        .last()
                        .is_some_and(|l| l.text.trim_end().ends_with(','))
                        && p.first().is_some_and(|l| {
                            l.text.trim_start().starts_with(char::is_uppercase)
                        }) =>
                {
                    previous.extend(p);
                }
                _ => merged.push(p),
            }
        }
        return merged;
    }
    out
}

fn joined(paragraph: &[Line]) -> String {
    paragraph
        .iter()
        .map(|l| l.text.trim())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Body lines for `Split::body`: paragraphs separated by one empty line (so the single-
/// newline form reads as the blank-line form).
fn body_lines(paragraphs: &[Vec<Line>]) -> Vec<Line> {
    let mut out = Vec::new();
    for p in paragraphs {
        for l in p {
            out.push(Line {
                text: l.text.trim_end().to_owned(),
                number: l.number,
            });
        }
        out.push(empty_line(p.last().map_or(0, |l| l.number)));
    }
    out
}

/// An empty line, numbered as the line it follows.
fn empty_line(number: usize) -> Line {
    Line {
        text: String::new(),
        number,
    }
}

/// The current site (C1–C4): everything before the first date line is furniture (the
/// `Skip to content` link, a neighbour's summary); the title is the next line; the summary
/// is the last paragraph before the footer; the footer's values are read, then dropped.
fn current_site(lines: &[Line]) -> Split {
    let mut split = empty(Layout::C1);
    let before_footer: Vec<Line> = lines
        .iter()
        .take_while(|l| footer_label(&l.text).is_none())
        .cloned()
        .collect();
    let single = single_newline_form(&before_footer);
    let Some(date_at) = lines.iter().position(|l| is_date_line(&l.text)) else {
        return split;
    };
    split.furniture += date_at;
    split.date_lines.push(line(&lines[date_at]));
    let Some(title_at) = next_nonblank(lines, date_at + 1) else {
        return split;
    };
    split.title = Some(line(&lines[title_at]));
    let footer_at = (title_at + 1..lines.len())
        .find(|&i| footer_label(&lines[i].text).is_some() || is_rights(&lines[i].text))
        .unwrap_or(lines.len());
    let mut body = paragraphs(&lines[title_at + 1..footer_at], single);
    body.retain(|p| {
        let keep = !is_funder(&joined(p));
        if !keep {
            split.furniture += 1;
        }
        keep
    });
    // The summary: the last paragraph before the footer, when it is prose and not a note.
    if footer_at < lines.len()
        && let Some(last) = body.last()
    {
        let text = joined(last);
        if text.split_whitespace().count() >= 6 && !text.starts_with('[') && !text.starts_with("x/")
        {
            split.summary.push(text);
            body.pop();
        }
    }
    read_footer(&lines[footer_at..], &mut split);
    split.body = body_lines(&body);
    split
}

/// The current site's footer: `Source` (or the paragraph after `Document Information`) and
/// `Type`; everything else is furniture.
fn read_footer(lines: &[Line], split: &mut Split) {
    let paragraphs = paragraphs(lines, false);
    let mut i = 0;
    while i < paragraphs.len() {
        let p = &paragraphs[i];
        // A paragraph may hold several labels on adjacent lines (single-newline form).
        let text = joined(p);
        let labels: Vec<&str> = p.iter().filter_map(|l| footer_label(&l.text)).collect();
        let last_label = p.last().and_then(|l| footer_label(&l.text));
        if labels.len() == p.len() {
            let value = paragraphs.get(i + 1).map(|v| joined(v));
            let value_is_value = value.as_deref().is_some_and(|v| {
                footer_label(v.lines().next().unwrap_or("")).is_none()
                    && paragraphs[i + 1]
                        .first()
                        .is_some_and(|l| footer_label(&l.text).is_none())
            });
            match last_label {
                Some("source" | "document information") if value_is_value => {
                    let v = value.unwrap_or_default();
                    if !is_rights(&v) && split.source_paragraph.is_none() {
                        split.source_paragraph = Some(Line {
                            text: v,
                            number: paragraphs[i + 1][0].number,
                        });
                        i += 2;
                        continue;
                    }
                }
                Some("type") if value_is_value => {
                    split.document_type = value.unwrap_or_default();
                    i += 2;
                    continue;
                }
                Some("original uploaded date" | "record id" | "language") if value_is_value => {
                    i += 2;
                    split.furniture += 2;
                    continue;
                }
                _ => {}
            }
            split.furniture += p.len();
            i += 1;
            continue;
        }
        if is_rights(&text) {
            split.furniture += p.len();
            i += 1;
            continue;
        }
        // Single-newline form: a label line followed by its value lines in one paragraph.
        split.furniture += p.len();
        i += 1;
    }
}

/// The PDF's cover block on one line (E): cut at its labels, then read it like the
/// line-broken form.
fn pdf_one_line(lines: &[Line]) -> Split {
    let mut split = empty(Layout::E);
    let Some(long) = lines.iter().find(|l| l.text.len() > 500) else {
        return split;
    };
    let number = long.number;
    let mut text = long.text.trim().to_owned();
    for prefix in [
        "Digital Archive digitalarchive.wilsoncenter.org",
        "Digital Archive",
        "International History Declassified",
    ] {
        if let Some(rest) = text.strip_prefix(prefix) {
            text = rest.trim_start().to_owned();
            split.furniture += 1;
        }
    }
    // The cover's parts, in order, between its labels.
    let mut parts: Vec<(String, String)> = Vec::new();
    let mut label = String::from("head");
    let mut at = 0;
    for caps in SPLIT_LABELS.captures_iter(&text) {
        let Some(whole) = caps.get(0) else { continue };
        parts.push((label.clone(), text[at..whole.start()].trim().to_owned()));
        label = caps[1].trim_end_matches(':').to_lowercase();
        at = whole.end();
        if label == "contents" {
            break;
        }
    }
    let rest = text[at..].trim().to_owned();
    let mut body_text = String::new();
    if label == "contents" {
        // Contents values run together, then the body starts.
        let mut values = Vec::new();
        let mut remaining = rest.as_str();
        'values: loop {
            let lower = remaining.to_lowercase();
            for value in CONTENTS_VALUES {
                if lower.starts_with(value) {
                    values.push(remaining[..value.len()].to_owned());
                    remaining = remaining[value.len()..].trim_start();
                    continue 'values;
                }
            }
            break;
        }
        split.fields.push(Field {
            label: "Contents".to_owned(),
            value: values.first().cloned().unwrap_or_default(),
            line: number,
        });
        body_text = remaining.to_owned();
    } else {
        parts.push((label, rest));
    }
    for (label, value) in parts {
        match label.as_str() {
            "head" => {
                if let Some(found) = dates::at_start(&value) {
                    split.date_lines.push(Line {
                        text: value[..found.end].to_owned(),
                        number,
                    });
                    let title = value[found.end..].trim();
                    if !title.is_empty() {
                        split.title = Some(Line {
                            text: title.to_owned(),
                            number,
                        });
                    }
                } else if !value.is_empty() {
                    split.title = Some(Line {
                        text: value,
                        number,
                    });
                }
            }
            "citation" => {
                split.citation = Some(Line {
                    text: value,
                    number,
                })
            }
            "summary" if !value.is_empty() => split.summary.push(value),
            "credits" => split.furniture += 1,
            "original language" => split.fields.push(Field {
                label: "Original Language".to_owned(),
                value,
                line: number,
            }),
            _ => {}
        }
    }
    split.body = unflatten_body(&body_text, number);
    split
}

/// Cuts a body that lost its line structure at labels, stage directions and speaker turns.
fn unflatten_body(text: &str, number: usize) -> Vec<Line> {
    static BREAKS: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(concat!(
            r"\s(PARTICIPANTS:|DATE\s*(?:&|AND)\s*TIME:?|PLACE:|SUBJECT:)\s",
            r"|(?:[.?!)\]]|p\.\s?m\.|a\.\s?m\.)\s(\()",
            r"|([.?!)\]])\s((?:(?:The|Mr\.|Mrs\.|Dr\.|Madame|Ambassador|Minister|Premier|Director|Secretary|Chairman|President|Vice|Foreign|Prime|Deputy|Comrade|Cde\.)\s)?(?:[A-Z][\w'’.-]*\s){0,2}[A-Z][\w'’.-]*:\s)",
        ))
        .expect("valid pattern")
    });
    let mut cuts = vec![0usize];
    for caps in BREAKS.captures_iter(text) {
        let at = caps
            .get(1)
            .or_else(|| caps.get(2))
            .or_else(|| caps.get(4))
            .map(|m| m.start());
        if let Some(at) = at
            && at > 0
        {
            cuts.push(at);
        }
    }
    // A parenthesised stage direction of several words starts a paragraph of its own.
    for (at, _) in text.match_indices(" (") {
        let inner = &text[at + 2..];
        let words = inner
            .split(')')
            .next()
            .map_or(0, |i| i.split_whitespace().count());
        if words >= 6 && inner.starts_with(char::is_uppercase) {
            cuts.push(at + 1);
        }
    }
    cuts.push(text.len());
    cuts.sort_unstable();
    cuts.dedup();
    let mut out = Vec::new();
    for w in cuts.windows(2) {
        let piece = text[w[0]..w[1]].trim();
        if piece.is_empty() {
            continue;
        }
        out.push(Line {
            text: piece.to_owned(),
            number,
        });
        out.push(empty_line(number));
    }
    out
}

/// The PDF as text, line-broken (E): site lines, date, wrapped title, unquoted citation,
/// summary, `Original Language:` with a Contents value, then the hard-wrapped body.
fn pdf_line_broken(lines: &[Line]) -> Split {
    let mut split = empty(Layout::E);
    let Some(date_at) = lines.iter().position(|l| is_date_line(&l.text)) else {
        return layout::split(
            &lines
                .iter()
                .map(|l| l.text.as_str())
                .collect::<Vec<_>>()
                .join("\n"),
        );
    };
    split.furniture += date_at;
    split.date_lines.push(line(&lines[date_at]));
    let paragraphs = paragraphs(&lines[date_at + 1..], false);
    let mut i = 0;
    if let Some(title) = paragraphs.first() {
        split.title = Some(Line {
            text: joined(title),
            number: title[0].number,
        });
        i = 1;
    }
    let mut body_from = i;
    while i < paragraphs.len() {
        let p = &paragraphs[i];
        let text = joined(p);
        let lower = text.to_lowercase();
        if split.citation.is_none() && text.contains("Digital Archive") {
            split.citation = Some(Line {
                text,
                number: p[0].number,
            });
        } else if let Some(rest) = lower.strip_prefix("original language:") {
            let value_here = rest.trim();
            let (value, skip) = if value_here.is_empty() {
                (
                    paragraphs.get(i + 1).map(|v| joined(v)).unwrap_or_default(),
                    1,
                )
            } else {
                (text["original language:".len()..].trim().to_owned(), 0)
            };
            let is_contents = CONTENTS_VALUES.contains(&value.to_lowercase().as_str());
            split.fields.push(Field {
                label: if is_contents {
                    "Contents"
                } else {
                    "Original Language"
                }
                .to_owned(),
                value,
                line: p[0].number,
            });
            i += skip;
            body_from = i + 1;
            // A `Contents:` label may follow.
            let next_is_contents = paragraphs
                .get(i + 1)
                .is_some_and(|n| joined(n).to_lowercase().starts_with("contents:"));
            if !next_is_contents {
                break;
            }
        } else if let Some(rest) = lower.strip_prefix("contents:") {
            let (value, skip) = if rest.trim().is_empty() {
                (
                    paragraphs.get(i + 1).map(|v| joined(v)).unwrap_or_default(),
                    1,
                )
            } else {
                (text["contents:".len()..].trim().to_owned(), 0)
            };
            split.fields.push(Field {
                label: "Contents".to_owned(),
                value,
                line: p[0].number,
            });
            body_from = i + 1 + skip;
            break;
        } else if split.citation.is_some() {
            split.summary.push(text);
        } else {
            break;
        }
        i += 1;
        body_from = i;
    }
    split.body = body_lines(&paragraphs[body_from.min(paragraphs.len())..]);
    split
}

/// FRUS: `<n>. <heading>` (or `<file no.>: Telegram` and the title on line 2), the
/// participant bullets, `DATE & TIME:`, the text with glued digit markers, and the notes at
/// the end, the first of them the source note.
fn frus(lines: &[Line]) -> Split {
    let mut split = empty(Layout::F);
    let Some(first) = next_nonblank(lines, 0) else {
        return split;
    };
    let heading = lines[first].text.trim().to_owned();
    let mut body_from = first + 1;
    if let Some(caps) = FRUS_FILE.captures(&heading) {
        split.archive_hint = caps[1].to_owned();
        if let Some(t) = next_nonblank(lines, first + 1) {
            split.title = Some(line(&lines[t]));
            body_from = t + 1;
        }
    } else {
        let without_number = FRUS_HEADING
            .captures(&heading)
            .and_then(|c| c.get(1))
            .map_or(heading.as_str(), |m| {
                heading[m.end()..].trim_start_matches('.').trim()
            });
        // The heading's own footnote marker: digits glued at the end (or ` 0`).
        let title_text = strip_heading_marker(without_number).to_owned();
        // The dateline after the heading's type: `Memorandum of Conversation, New York, <date>`.
        let dates_in = dates::find_all(&title_text);
        if let Some(d) = dates_in.iter().find(|d| d.is_day()) {
            split.date_lines.push(Line {
                text: title_text[d.start..d.end].to_owned(),
                number: lines[first].number,
            });
        }
        split.title = Some(Line {
            text: title_text,
            number: lines[first].number,
        });
    }
    // Notes: indented `1. ` lines at the end.
    let mut end = lines.len();
    let mut notes = Vec::new();
    while end > body_from {
        let t = lines[end - 1].text.trim();
        if t.is_empty() {
            end -= 1;
            continue;
        }
        static NOTE: LazyLock<Regex> =
            LazyLock::new(|| Regex::new(r"^(\d{1,3})\.\s+(.+)$").expect("valid pattern"));
        match NOTE.captures(t) {
            Some(c) if lines[end - 1].text.starts_with(' ') || notes.len() < 40 => {
                notes.push((c[1].to_owned(), c[2].to_owned(), lines[end - 1].number));
                end -= 1;
            }
            _ => break,
        }
    }
    notes.reverse();
    let body: Vec<Line> = lines[body_from..end].to_vec();
    // The source note goes to the front matter.
    if let Some(pos) = notes.iter().position(|(_, t, _)| t.starts_with("Source:")) {
        let (_, text, number) = notes.remove(pos);
        split.source_note = Some(Line { text, number });
    }
    // The subject bullet and side headings are structure, the participants stay in the text.
    // Each bullet is a paragraph of its own.
    let mut bulleted = Vec::with_capacity(body.len());
    for l in body {
        let t = l.text.trim_start();
        if let Some(rest) = t.strip_prefix("• ") {
            bulleted.push(Line {
                text: format!("- {}", rest.trim()),
                number: l.number,
            });
            bulleted.push(empty_line(l.number));
        } else {
            bulleted.push(l);
        }
    }
    let mut body = bulleted;
    if split.date_lines.is_empty()
        && let Some(dt) = body.iter().find(|l| {
            let u = l.text.trim_start().to_uppercase();
            u.starts_with("DATE & TIME:") || u.starts_with("DATE AND TIME:")
        })
        && let Some(d) = dates::find_all(&dt.text).into_iter().find(|d| d.is_day())
    {
        split.date_lines.push(Line {
            text: dt.text[d.start..d.end].to_owned(),
            number: dt.number,
        });
    }
    pair_glued_digit_markers(&mut body, &mut notes);
    split.notes = notes.into_iter().map(|(l, t, _)| (l, t)).collect();
    split.body = body;
    split
}

/// The heading without a glued footnote marker (`…p.m.1`, `…Telegram1`, `… 0`): that note
/// is the source note, read on its own.
fn strip_heading_marker(heading: &str) -> &str {
    let t = heading.trim_end();
    if let Some(rest) = t.strip_suffix(" 0") {
        return rest.trim_end();
    }
    // `… to the Department of State 1`: a marker after a word (never after a year or time).
    if let Some((rest, digits)) = t.rsplit_once(' ')
        && !digits.is_empty()
        && digits.len() <= 2
        && digits.chars().all(|c| c.is_ascii_digit())
        && rest.ends_with(|c: char| c.is_alphabetic())
        && !rest.to_lowercase().ends_with("no")
    {
        return rest;
    }
    let digits = t.len() - t.trim_end_matches(|c: char| c.is_ascii_digit()).len();
    let before = &t[..t.len() - digits];
    // `September 24, 1986` ends in digits too: only after a letter or a full stop.
    if (1..=2).contains(&digits) && before.ends_with(|c: char| c.is_alphabetic() || c == '.') {
        return before;
    }
    t
}

/// Pairs FRUS markers (digits glued to words or punctuation) with the notes by order:
/// markers may count from 0 while notes count from 1. Markers become `[n]` with the note's
/// own number.
fn pair_glued_digit_markers(body: &mut [Line], notes: &mut [(String, String, usize)]) {
    // The heading's marker pairs with the source note, which is already taken out.
    let mut next = 0;
    for l in body.iter_mut() {
        if l.text.trim_start().starts_with("- ") || l.text.contains("DATE & TIME") {
            continue;
        }
        let mut out = String::with_capacity(l.text.len());
        let mut last = 0;
        let text = l.text.clone();
        for caps in GLUED_DIGITS.captures_iter(&text) {
            let Some(whole) = caps.get(0) else { continue };
            let before = &text[..whole.start() + caps[1].len()];
            // Not part of a number, a time or a reference (`Embtel 598`, `4:30`).
            let prev_word: String = before
                .chars()
                .rev()
                .take_while(|c| !c.is_whitespace())
                .collect();
            if prev_word.chars().any(|c| c.is_ascii_digit()) && !prev_word.ends_with('.') {
                continue;
            }
            let count = 1 + usize::from(caps.get(3).is_some());
            if next + count > notes.len() {
                break;
            }
            out.push_str(&text[last..whole.start()]);
            out.push_str(&caps[1]);
            for _ in 0..count {
                out.push_str(&format!("[{}]", notes[next].0));
                next += 1;
            }
            out.push_str(&caps[4]);
            last = whole.end();
        }
        out.push_str(&text[last..]);
        l.text = out;
    }
}

/// The Avalon reprint (G): collection line, title, dateline, text with `(n)` markers,
/// `n <note>. Back` notes, `Source:` and the host's postal address.
fn avalon(lines: &[Line]) -> Split {
    let mut split = empty(Layout::G);
    let nonblank: Vec<usize> = (0..lines.len())
        .filter(|&i| !blank(&lines[i].text))
        .collect();
    if nonblank.len() < 3 {
        return split;
    }
    split.fields.push(Field {
        label: "Collection".to_owned(),
        value: lines[nonblank[0]].text.trim().to_owned(),
        line: lines[nonblank[0]].number,
    });
    split.title = Some(line(&lines[nonblank[1]]));
    let dateline = &lines[nonblank[2]];
    if let Some(d) = dates::find_all(&dateline.text)
        .into_iter()
        .find(|d| d.is_day())
    {
        split.date_lines.push(Line {
            text: dateline.text[d.start..d.end].to_owned(),
            number: dateline.number,
        });
    }
    let mut notes = Vec::new();
    let mut body = Vec::new();
    static NOTE: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"^(\d{1,3})\s+(.+?)\s*Back$").expect("valid pattern"));
    for l in &lines[nonblank[2] + 1..] {
        let t = l.text.trim();
        if let Some(c) = NOTE.captures(t) {
            notes.push((c[1].to_owned(), c[2].to_owned()));
        } else if let Some(rest) = t.strip_prefix("Source:") {
            split.source_note = Some(Line {
                text: format!("Source: {}", rest.trim()),
                number: l.number,
            });
        } else if is_postal_address(t) {
            split.furniture += 1;
        } else {
            body.push(l.clone());
        }
    }
    // `(1)` markers glued after `)` or `.`, paired by order.
    let mut next = 0;
    for l in &mut body {
        let text = l.text.clone();
        let replaced = PAREN_MARKER.replace_all(&text, |c: &regex::Captures<'_>| {
            let label = notes.get(next).map_or(c[2].to_owned(), |(n, _)| n.clone());
            next += 1;
            format!("{}[{label}]", &c[1])
        });
        l.text = replaced.into_owned();
    }
    split.notes = notes;
    split.body = body;
    split
}

fn is_postal_address(text: &str) -> bool {
    static ADDRESS: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^\d{1,5}\s+[A-Z][\w .]+(?:Street|St\.|Avenue|Ave\.|Road|Hall),\s+[A-Z][\w .]+,\s+[A-Z]{2}\s+\d{5}\.?$")
            .expect("valid pattern")
    });
    ADDRESS.is_match(text)
}

/// The university mirror (H): `You are here`, the title line, the summary, the page's date
/// under it, then `PARTICIPANTS:`, `DATE AND TIME:`, `PLACE:` blocks and the text.
fn mirror(lines: &[Line]) -> Split {
    let mut split = empty(Layout::H);
    let mut i = next_nonblank(lines, 0).map_or(lines.len(), |i| i + 1);
    split.furniture += 1;
    if let Some(t) = next_nonblank(lines, i) {
        split.title = Some(line(&lines[t]));
        i = t + 1;
    }
    // Summary lines up to the date line.
    let mut summary = Vec::new();
    while let Some(k) = next_nonblank(lines, i) {
        let t = lines[k].text.trim();
        if is_date_line(t) {
            split.date_lines.push(line(&lines[k]));
            i = k + 1;
            break;
        }
        if t.contains(':')
            && t.split(':')
                .next()
                .is_some_and(|l| l.chars().all(|c| c.is_uppercase() || c == ' '))
        {
            break;
        }
        summary.push(t.to_owned());
        i = k + 1;
    }
    if !split.date_lines.is_empty() {
        split.summary = summary;
    } else {
        i = split.title.as_ref().map_or(0, |t| t.number);
    }
    split.body = aligned_blocks(&lines[i.min(lines.len())..]);
    split
}

/// `LABEL:{NBSP run} value` blocks with aligned continuation lines: each label's lines are
/// kept together (an empty line inside `PARTICIPANTS:` separates sides, it does not end it).
fn aligned_blocks(lines: &[Line]) -> Vec<Line> {
    let mut out = Vec::new();
    let mut in_label = false;
    for (k, l) in lines.iter().enumerate() {
        let t = l.text.trim();
        let continuation = l.text.starts_with('\u{a0}') || l.text.starts_with("  ");
        let is_label = t.split(':').next().is_some_and(|p| {
            p.len() >= 4 && t.contains(':') && p.chars().all(|c| c.is_uppercase() || c == ' ')
        });
        if t.is_empty() {
            // Inside a labelled block, an empty line followed by a continuation line does not end it.
            let next_continues = lines
                .get(k + 1)
                .is_some_and(|n| n.text.starts_with('\u{a0}') || n.text.starts_with("  "));
            if in_label && next_continues {
                continue;
            }
            in_label = false;
            out.push(Line {
                text: String::new(),
                number: l.number,
            });
            continue;
        }
        if is_label {
            in_label = true;
        } else if !continuation {
            in_label = false;
        }
        let text = if continuation && in_label {
            format!("  {}", t)
        } else {
            t.replace('\u{a0}', " ")
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
        };
        out.push(Line {
            text,
            number: l.number,
        });
    }
    out
}

/// OCR of a PDF (I): `YYYY/MM/DD` on line 1, the title on the next non-empty line, then
/// paragraphs hard-wrapped and separated by empty lines.
fn ocr(lines: &[Line]) -> Split {
    let mut split = empty(Layout::I);
    let Some(first) = next_nonblank(lines, 0) else {
        return split;
    };
    split.date_lines.push(line(&lines[first]));
    let mut body_from = first + 1;
    if let Some(t) = next_nonblank(lines, first + 1) {
        split.title = Some(line(&lines[t]));
        body_from = t + 1;
    }
    split.body = lines[body_from..].iter().map(line).collect();
    split
}

/// A blog transcription (J): `<date> / <title>` on the first line, then one paragraph per
/// line.
fn blog(lines: &[Line]) -> Split {
    let mut split = empty(Layout::J);
    let Some(first) = next_nonblank(lines, 0) else {
        return split;
    };
    if let Some(c) = BLOG_HEADING.captures(lines[first].text.trim()) {
        split.date_lines.push(Line {
            text: c[1].to_owned(),
            number: lines[first].number,
        });
        split.title = Some(Line {
            text: c[2].trim().to_owned(),
            number: lines[first].number,
        });
    }
    let rest = &lines[first + 1..];
    let single = single_newline_form(rest);
    let ps = paragraphs(rest, single);
    split.body = body_lines(&ps);
    split
}

/// A page of no known layout: the first standalone date line is the date, the nearest
/// line that is neither a heading word nor running text (before it, else after it) the
/// title.
fn generic(lines: &[Line], split: &mut Split) {
    let Some(date_at) = lines.iter().position(|l| dates::whole(&l.text).is_some()) else {
        return;
    };
    split.date_lines.push(line(&lines[date_at]));
    let usable = |i: usize| {
        let t = lines[i].text.trim();
        !t.is_empty()
            && !layout::is_prose(t)
            && super::body::classification(t).is_none()
            && super::body::copy_number(t).is_none()
    };
    let before = (0..date_at).rev().find(|&i| !blank(&lines[i].text));
    let after = next_nonblank(lines, date_at + 1);
    let title = before
        .filter(|&i| usable(i))
        .or(after.filter(|&i| usable(i)));
    if split.title.is_none()
        && let Some(t) = title
    {
        split.title = Some(line(&lines[t]));
    }
}

/// The share of a text's letters outside the Latin script.
fn non_latin_share(text: &str) -> f32 {
    let (mut letters, mut other) = (0u32, 0u32);
    for c in text.chars().filter(|c| c.is_alphabetic()) {
        letters += 1;
        if !(c.is_ascii()
            || ('\u{c0}'..='\u{24f}').contains(&c)
            || ('\u{1e00}'..='\u{1eff}').contains(&c))
        {
            other += 1;
        }
    }
    if letters == 0 {
        0.0
    } else {
        other as f32 / letters as f32
    }
}

fn is_omission_marker(text: &str) -> bool {
    matches!(text.trim(), "[…]" | "[...]" | "[.…]" | "[….]" | "…" | "...")
}

/// A bilingual page's original (Cyrillic, CJK …) comes first, framed by `[…]`: takes it out
/// of the body, markers included, so the translation's header and text are read as usual.
pub fn take_original(body: &mut Vec<Line>) -> Vec<Line> {
    let mut end = 0;
    let mut seen_original = false;
    let mut i = 0;
    while i < body.len() {
        let t = body[i].text.trim();
        if t.is_empty() || is_omission_marker(t) {
            i += 1;
            if !t.is_empty() && seen_original {
                end = i;
            }
            continue;
        }
        if non_latin_share(t) > 0.5 {
            seen_original = true;
            i += 1;
            end = i;
            continue;
        }
        // A date or number line (`22.VII.57`) belongs to whichever text it stands in.
        if seen_original
            && t.split_whitespace().count() <= 3
            && t.chars().any(|c| c.is_ascii_digit())
        {
            i += 1;
            continue;
        }
        break;
    }
    if !seen_original {
        return Vec::new();
    }
    body.drain(..end).collect()
}

/// A language tag for text by its script, when the page does not name its language.
pub fn script_tag(lines: &[Line]) -> &'static str {
    let text: String = lines.iter().map(|l| l.text.as_str()).collect();
    let count =
        |range: std::ops::RangeInclusive<char>| text.chars().filter(|c| range.contains(c)).count();
    let scripts = [
        (count('\u{400}'..='\u{4ff}'), "und-Cyrl"),
        (count('\u{4e00}'..='\u{9fff}'), "und-Hani"),
        (count('\u{ac00}'..='\u{d7af}'), "und-Hang"),
        (count('\u{370}'..='\u{3ff}'), "und-Grek"),
        (count('\u{600}'..='\u{6ff}'), "und-Arab"),
        (count('\u{5d0}'..='\u{5ea}'), "und-Hebr"),
        (count('\u{e00}'..='\u{e7f}'), "und-Thai"),
        (count('\u{900}'..='\u{97f}'), "und-Deva"),
    ];
    scripts
        .iter()
        .max_by_key(|(n, _)| *n)
        .filter(|(n, _)| *n > 0)
        .map_or("und", |(_, tag)| tag)
}

/// Pairs `x/` markers glued to text with `x/ …` notes after a rule (C), and `[n]` on a line
/// of its own with the word before it. Rewrites the body in place.
pub fn pair_slash_markers(body: &mut Vec<Line>) -> Vec<(String, String)> {
    let mut notes = Vec::new();
    let Some(rule) = body.iter().position(|l| {
        let t = l.text.trim();
        t.chars().count() >= 4 && t.chars().all(|c| matches!(c, '—' | '-' | '_' | '–'))
    }) else {
        return notes;
    };
    let mut kept_after = Vec::new();
    for l in &body[rule + 1..] {
        let t = l.text.trim();
        if let Some(rest) = t.strip_prefix("x/").or_else(|| t.strip_prefix("xx/")) {
            let label = if t.starts_with("xx/") { "xx" } else { "x" };
            notes.push((label.to_owned(), rest.trim().to_owned()));
        } else if !t.is_empty() {
            kept_after.push(l.clone());
        }
    }
    if notes.is_empty() {
        return notes;
    }
    body.truncate(rule);
    body.extend(kept_after);
    let mut n = 0;
    let mut labels = Vec::new();
    for l in body.iter_mut() {
        let text = l.text.clone();
        let replaced = X_MARKER.replace_all(&text, |c: &regex::Captures<'_>| {
            n += 1;
            labels.push(c[2].to_owned());
            format!("{}[{n}]", &c[1])
        });
        l.text = replaced.into_owned();
    }
    notes
        .into_iter()
        .enumerate()
        .map(|(i, (_, t))| ((i + 1).to_string(), t))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn layout_of(text: &str) -> Layout {
        detect(&lines_of(text))
    }

    #[test]
    fn layouts_are_recognised_by_content() {
        assert_eq!(
            layout_of("Skip to content\n\nMarch 9, 1951\n\nTitle\n\nSource\n"),
            Layout::C1
        );
        assert_eq!(
            layout_of("Skip to content\n\nMarch 9, 1951\n\nTitle\n"),
            Layout::C2
        );
        assert_eq!(layout_of("March 9, 1951\nTitle\nText.\n"), Layout::C3);
        assert_eq!(
            layout_of("Someone and someone else discuss a thing.\nMarch 9, 1951\nTitle\n"),
            Layout::C4
        );
        assert_eq!(layout_of("April 20, 1959\n\n\n    Summary.\n"), Layout::D);
        assert_eq!(layout_of("12. Memorandum of Conversation\n"), Layout::F);
        assert_eq!(
            layout_of("611.61/5-1459: Telegram\nThe Secretary\n"),
            Layout::F
        );
        assert_eq!(
            layout_of("A Collection\nTelegram From X to Y\n\n\nAnkara, November 2, 1962, 6 p.m.\n"),
            Layout::G
        );
        assert_eq!(layout_of("You are here\n\nTitle\n"), Layout::H);
        assert_eq!(layout_of("1959/05/19 \n\n\nTitle\n"), Layout::I);
        assert_eq!(layout_of("\n3 February 1967 / A cable\nText\n"), Layout::J);
        assert_eq!(layout_of("Search in\n\nX\n"), Layout::B);
        assert_eq!(
            layout_of("Search in\nADD SEARCH FILTER CANCEL SEARCH FILTER\n"),
            Layout::B2
        );
        assert_eq!(layout_of("\n\n**October 12, 1961**\n"), Layout::A);
        assert_eq!(layout_of("You are on page 1of 3\n"), Layout::E);
        assert_eq!(layout_of("Some notes\nwithout any date\n"), Layout::Unknown);
    }

    #[test]
    fn spacer_lines_of_no_break_spaces_are_empty() {
        let lines = lines_of("a\u{a0}\n\u{a0} \u{a0}\nb  \n");
        assert_eq!(lines[0].text, "a");
        assert_eq!(lines[1].text, "");
        assert_eq!(lines[2].text, "b");
    }

    #[test]
    fn the_current_site_drops_what_comes_before_the_date_and_the_footer() {
        let text = "A neighbour's summary naming Somebody Else at length.\nMarch 9, 1951\nA Title\nThis document was made possible with support from X Foundation\nTOP SECRET\nThe text of the document is a long sentence here.\nThe summary of this document, which is prose.\nAuthor(s):\nDocument Information\nSource\nOriginal Archive\nRights\nThe History and Public Policy Program welcomes reuse of Digital Archive materials.\nRecord ID\n";
        let split = read(text);
        assert_eq!(split.layout, Layout::C4);
        assert_eq!(split.title.unwrap().text, "A Title");
        assert_eq!(
            split.summary,
            ["The summary of this document, which is prose."]
        );
        let body: Vec<&str> = split
            .body
            .iter()
            .map(|l| l.text.as_str())
            .filter(|t| !t.is_empty())
            .collect();
        assert_eq!(
            body,
            [
                "TOP SECRET",
                "The text of the document is a long sentence here."
            ]
        );
        assert!(split.source_paragraph.is_none());
    }

    #[test]
    fn the_labelled_footer_gives_source_and_type() {
        let text = "Skip to content\n\nMay 2, 1960\n\nT\n\nText of it, long enough to be prose for sure.\n\nSummary of it all here.\n\nAuthor(s):\n\n\nDocument Information\n\nSource\n\nAPRF, f. 3. Translated by A. B.\n\nRights\n\nThe History and Public Policy Program welcomes reuse\n\nOriginal Uploaded Date\n\n2012-04-17\n\nType\n\nTelegram\n\nLanguage\n\nRecord ID\n\n1\n";
        let split = read(text);
        assert_eq!(split.layout, Layout::C1);
        assert_eq!(
            split.source_paragraph.unwrap().text,
            "APRF, f. 3. Translated by A. B."
        );
        assert_eq!(split.document_type, "Telegram");
    }

    #[test]
    fn one_line_pdf_pages_are_cut_at_their_labels() {
        let filler = "word ".repeat(100);
        let text = format!(
            "\nDigital Archive digitalarchive.wilsoncenter.org International History Declassified May 2, 1960 A Title Citation: “A Title,” May 2, 1960, History and Public Policy Program Digital Archive, Archive X, Box 1 http://example.org/d/1 Summary: Credits: This document was made possible with support from F. Original Language: English Contents: English Transcription Scan of Original Document MEMO PARTICIPANTS: A B, Role DATE & TIME May 1, 1960 PLACE: Here (The Minister welcomed the guest back from his long journey.) Mr. Smith: {filler}"
        );
        let split = read(&text);
        assert_eq!(split.layout, Layout::E);
        assert_eq!(split.title.as_ref().unwrap().text, "A Title");
        assert_eq!(split.date_lines[0].text, "May 2, 1960");
        assert!(split.citation.unwrap().text.starts_with("“A Title,”"));
        assert!(split.summary.is_empty());
        let fields: Vec<(&str, &str)> = split
            .fields
            .iter()
            .map(|f| (f.label.as_str(), f.value.as_str()))
            .collect();
        assert!(fields.contains(&("Original Language", "English")));
        assert!(fields.contains(&("Contents", "English Transcription")));
        let body: Vec<&str> = split
            .body
            .iter()
            .map(|l| l.text.as_str())
            .filter(|t| !t.is_empty())
            .collect();
        assert_eq!(body[0], "MEMO");
        assert!(body[1].starts_with("PARTICIPANTS:"));
        assert!(body[2].starts_with("DATE & TIME"));
        assert!(body[3].starts_with("PLACE:"));
        assert!(body[4].starts_with("(The Minister"));
        assert!(body[5].starts_with("Mr. Smith:"));
    }

    #[test]
    fn frus_markers_pair_with_notes_by_order() {
        let text = "5. Memorandum of Conversation, Paris, May 2, 1960, 3 p.m.0\n\n[Page 9]\n\nThe Secretary spoke first.1 Then the Minister.2\n\n  1. Source: Department of State, Lot 71 D 39. Secret; Nodis.\n  2. First note.\n  3. Second note.\n";
        let split = read(text);
        assert_eq!(split.layout, Layout::F);
        assert_eq!(
            split.title.as_ref().unwrap().text,
            "Memorandum of Conversation, Paris, May 2, 1960, 3 p.m."
        );
        assert_eq!(split.date_lines[0].text, "May 2, 1960");
        assert!(split.source_note.unwrap().text.contains("Lot 71 D 39"));
        let body: String = split.body.iter().map(|l| l.text.as_str()).collect();
        assert!(body.contains("first.[2] Then the Minister.[3]"), "{body}");
        assert_eq!(split.notes[0], ("2".to_owned(), "First note.".to_owned()));
    }

    #[test]
    fn a_bilingual_pages_original_is_taken_out_with_its_markers() {
        let mut body: Vec<Line> = [
            "[…]",
            "",
            "Совершенно секретно",
            "",
            "Текст документа.",
            "",
            "[…]",
            "",
            "Top secret",
            "",
            "The text.",
        ]
        .iter()
        .enumerate()
        .map(|(i, t)| Line {
            text: (*t).to_owned(),
            number: i + 1,
        })
        .collect();
        let original = take_original(&mut body);
        assert_eq!(original.last().unwrap().text, "[…]");
        assert_eq!(script_tag(&original), "und-Cyrl");
        assert_eq!(
            body.iter().find(|l| !l.text.is_empty()).unwrap().text,
            "Top secret"
        );
        let mut english = vec![Line {
            text: "[…] Only English.".into(),
            number: 1,
        }];
        assert!(take_original(&mut english).is_empty());
    }

    #[test]
    fn slash_notes_after_a_rule_are_paired() {
        let mut body = vec![
            Line {
                text: "He agreed.x/ Then left.".into(),
                number: 1,
            },
            Line {
                text: "——————".into(),
                number: 2,
            },
            Line {
                text: "x/ A note.".into(),
                number: 3,
            },
        ];
        let notes = pair_slash_markers(&mut body);
        assert_eq!(notes, [("1".to_owned(), "A note.".to_owned())]);
        assert_eq!(body.len(), 1);
        assert_eq!(body[0].text, "He agreed.[1] Then left.");
    }
}
