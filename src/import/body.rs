//! The document's own text: split into its parts (header block, running text, attendance
//! sentence, signature, footnotes), re-flowed where the source breaks lines, and given the
//! annotation conventions (glosses, footnote references, the signature placeholder).

use std::sync::LazyLock;

use regex::Regex;

use super::dates;
use super::layout::{Line, is_prose};

/// The part of a document a paragraph belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    /// The header block (`From the Diary of ...`, classification, copy number, dates).
    Header,
    /// Running text.
    Text,
    /// The sentence naming who was present.
    Attendance,
    /// The closing signature block.
    Signature,
}

/// One paragraph of the body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Paragraph {
    /// Which part of the document it is in.
    pub part: Part,
    /// Its lines: one re-flowed line for text, the source's lines for header and signature.
    pub lines: Vec<String>,
    /// Line number in the transcript where it starts.
    pub line: usize,
}

impl Paragraph {
    /// The lines joined with spaces, for searching.
    pub fn joined(&self) -> String {
        self.lines.join(" ")
    }
}

/// The body in parts.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Body {
    /// Paragraphs in order.
    pub paragraphs: Vec<Paragraph>,
    /// Footnotes found at the end (`[1] text`): label and text.
    pub footnotes: Vec<(String, String)>,
}

static CLASSIFICATION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^\s*((?:top\s+secret|strictly\s+secret|secret|confidential|for\s+official\s+use\s+only|restricted)(?:\s*[-–—,]?\s*(?:special\s+file|urgent))?)\s*[.!]?\s*(?:$|[-–—,]|copy)")
        .expect("valid classification pattern")
});
static COPY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)\b(?:copy|exemplar)\s*(?:no\.?|nr\.?|n[º°o]\.?|№|n\.?|#)?\s*([0-9]+|[ivxl]+)\b",
    )
    .expect("valid copy pattern")
});
static HEADER_WORDS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:diary|memorandum|record|transcript|conversation|telegram|cable|minutes|letter|report|protocol|secret|confidential|copy|urgent|ciphered|from|to|no\.|special file|memo|note|meeting)\b")
        .expect("valid header pattern")
});
static ATTENDANCE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:were|was)\s+(?:also\s+)?present\b|\b(?:also\s+)?present\s+(?:at|during|for)\s+the\s+(?:conversation|meeting|talks?|discussion|reception)|\btook\s+part\s+in\s+the\s+(?:conversation|meeting|talks?)|\b(?:were|was)\s+in\s+attendance\b")
        .expect("valid attendance pattern")
});
static ATTENDANCE_LIST: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^\s*(?:present|also\s+present|participating|participants|in\s+attendance|attending)\s*:")
        .expect("valid attendance list pattern")
});
static FOOTNOTE_DEF: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\s*\[\^?(\d{1,3})\]:?\s*(.*)$").expect("valid footnote pattern")
});
static FOOTNOTE_REF: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\[(\d{1,3})\]").expect("valid footnote reference pattern"));
static PLACEHOLDER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^\s*[\[(/]?\s*(?:signature|signed|sgd\.?|/s/)\s*[\])/]?\s*")
        .expect("valid placeholder pattern")
});
static PARENTHESIS: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\(([^()\[\]*]{1,60})\)").expect("valid parenthesis pattern"));

/// A line that is only an initialled name (`N. Patolichev`, `S.V. CHERVONENKO`).
static INITIALLED_NAME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\(?(?:\p{Lu}\p{Ll}?\.\s?){1,3}\p{Lu}[\p{L}'’-]+\)?$").expect("valid name pattern")
});

/// A sentence of running text: seven words or more ending with a full stop (footnote
/// markers aside). Such a line is never part of a signature.
fn is_sentence(line: &str) -> bool {
    let t = line
        .trim()
        .trim_end_matches(|c: char| c.is_ascii_digit() || c == '[' || c == ']' || c == '^');
    t.split_whitespace().count() >= 7 && t.ends_with(['.', '!', '?'])
}

/// True for a line that is only a date.
fn is_date_line(text: &str) -> bool {
    dates::whole(text).is_some()
}

/// The classification stated in a header line (`TOP SECRET`).
pub fn classification(line: &str) -> Option<String> {
    CLASSIFICATION
        .captures(line)
        .map(|c| c[1].split_whitespace().collect::<Vec<_>>().join(" "))
}

/// A classification inside a header line: in capitals anywhere (`… PEKING SECRET/SENSITIVE
/// MEMORANDUM …`), or closing it (`From the Journal of X, 3 May 1960, Top Secret`).
pub fn classification_within(line: &str) -> Option<String> {
    static CAPS: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"\b((?:TOP SECRET|STRICTLY SECRET|SECRET|CONFIDENTIAL)(?:/[A-Z]+)*)\b")
            .expect("valid pattern")
    });
    static CLOSING: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i),\s*((?:top\s+secret|strictly\s+secret|secret|confidential))\s*\.?$")
            .expect("valid pattern")
    });
    CLOSING
        .captures(line)
        .or_else(|| CAPS.captures(line))
        .map(|c| c[1].to_owned())
}

/// The copy number stated in a header line (`Copy No. 1` gives `1`).
pub fn copy_number(line: &str) -> Option<String> {
    COPY.captures(line).map(|c| c[1].to_owned())
}

fn is_header_block(lines: &[&str]) -> bool {
    lines
        .iter()
        .all(|l| l.trim().chars().count() <= 110 && !is_prose(l))
        && (lines.len() == 1 || !is_prose(&lines.join(" ")))
        && !lines.iter().any(|l| FOOTNOTE_DEF.is_match(l))
}

fn has_header_marker(lines: &[&str]) -> bool {
    lines.iter().any(|l| {
        let t = l.trim();
        is_date_line(t)
            || HEADER_WORDS.is_match(t)
            || classification(t).is_some()
            || (t.chars().filter(|c| c.is_alphabetic()).count() >= 4
                && t.chars().all(|c| !c.is_lowercase()))
    })
}

fn is_placeholder(line: &str) -> bool {
    PLACEHOLDER.is_match(line)
}

/// Splits body lines into paragraphs and parts.
pub fn structure(lines: &[Line]) -> Body {
    // Blocks of consecutive non-blank lines.
    let mut blocks: Vec<(usize, Vec<&str>)> = Vec::new();
    let mut current: Vec<&str> = Vec::new();
    let mut start = 0;
    for line in lines {
        if line.text.trim().is_empty() {
            if !current.is_empty() {
                blocks.push((start, std::mem::take(&mut current)));
            }
        } else {
            if current.is_empty() {
                start = line.number;
            }
            current.push(line.text.as_str());
        }
    }
    if !current.is_empty() {
        blocks.push((start, current));
    }

    // Footnotes at the end, possibly under a `Notes` heading.
    let mut footnotes = Vec::new();
    let mut end = blocks.len();
    while end > 0 {
        let block = &blocks[end - 1].1;
        match FOOTNOTE_DEF.captures(block[0]) {
            Some(caps) => {
                let mut text = caps[2].trim().to_owned();
                for more in &block[1..] {
                    text.push(' ');
                    text.push_str(more.trim());
                }
                footnotes.push((caps[1].to_owned(), text));
                end -= 1;
            }
            None => break,
        }
    }
    footnotes.reverse();
    if !footnotes.is_empty()
        && end > 0
        && matches!(
            blocks[end - 1].1[0]
                .trim()
                .to_lowercase()
                .trim_end_matches(':'),
            "notes" | "footnotes" | "endnotes" | "___" | "---" | "* * *"
        )
    {
        end -= 1;
    }

    // The header: leading short blocks, up to the last that looks like part of a header.
    let mut header_end = 0;
    let mut i = 0;
    while i < end && is_header_block(&blocks[i].1) {
        if has_header_marker(&blocks[i].1) {
            header_end = i + 1;
        }
        i += 1;
    }
    if header_end == end {
        // Nothing but short lines: keep them as text rather than call it all a header.
        header_end = header_end.min(end.saturating_sub(1));
    }

    // The signature: trailing short blocks that include a signature mark or a name.
    let mut signature_start = end;
    let mut j = end;
    while j > header_end && end - j < 4 {
        let block = &blocks[j - 1].1;
        let short = block.len() <= 3
            && block
                .iter()
                .all(|l| l.trim().chars().count() <= 90 && !is_prose(l) && !is_sentence(l))
            && !ATTENDANCE.is_match(&block.join(" "));
        if !short {
            break;
        }
        j -= 1;
    }
    if j < end {
        let looks_signed = blocks[j..end].iter().any(|(_, block)| {
            block.iter().any(|l| {
                let t = l.trim();
                is_placeholder(t)
                    || INITIALLED_NAME.is_match(t)
                    || (t.starts_with('(') && t.ends_with(')'))
                    || (t.chars().filter(|c| c.is_alphabetic()).count() >= 4
                        && t.chars().all(|c| !c.is_lowercase()))
            })
        });
        if looks_signed {
            signature_start = j;
        }
    }

    let mut paragraphs = Vec::new();
    for (index, (line, block)) in blocks[..end].iter().enumerate() {
        let part = if index < header_end {
            Part::Header
        } else if index >= signature_start {
            Part::Signature
        } else if ATTENDANCE_LIST.is_match(block[0])
            || (index + 3 >= signature_start && ATTENDANCE.is_match(&block.join(" ")))
        {
            Part::Attendance
        } else {
            Part::Text
        };
        match part {
            Part::Header | Part::Signature => paragraphs.push(Paragraph {
                part,
                lines: block.iter().map(|l| l.trim().to_owned()).collect(),
                line: *line,
            }),
            Part::Text | Part::Attendance => {
                for (offset, text) in reflow(block) {
                    paragraphs.push(Paragraph {
                        part,
                        lines: vec![text],
                        line: line + offset,
                    });
                }
            }
        }
    }
    Body {
        paragraphs,
        footnotes,
    }
}

/// Joins the lines of a block into paragraphs. A block whose lines are all long (one
/// paragraph per line, as pages are copied) or whose short lines end sentences (a wrapped
/// text's paragraph ends) is split; otherwise lines are joined, and a word hyphenated across
/// a line end is joined without a space.
pub fn reflow(block: &[&str]) -> Vec<(usize, String)> {
    let max = block
        .iter()
        .map(|l| l.trim().chars().count())
        .max()
        .unwrap_or(0);
    let mut paragraphs: Vec<(usize, String)> = Vec::new();
    let mut current = String::new();
    let mut current_start = 0;
    for (i, raw) in block.iter().enumerate() {
        let line = raw.trim();
        if current.is_empty() {
            current_start = i;
            current.push_str(line);
            continue;
        }
        let previous = block[i - 1].trim();
        let ends_sentence = previous.ends_with(['.', '!', '?', '"', '”', ':', ')']);
        let previous_len = previous.chars().count();
        let starts_upper = line
            .chars()
            .find(|c| c.is_alphanumeric() || *c == '"' || *c == '[')
            .is_some_and(|c| !c.is_lowercase());
        let split = starts_upper && ends_sentence && (max > 200 || (previous_len * 10 < max * 7));
        if split {
            paragraphs.push((current_start, std::mem::take(&mut current)));
            current_start = i;
            current.push_str(line);
        } else if previous.ends_with('-')
            && previous
                .chars()
                .rev()
                .nth(1)
                .is_some_and(char::is_alphabetic)
            && line.starts_with(char::is_lowercase)
        {
            current.push_str(line);
        } else {
            current.push(' ');
            current.push_str(line);
        }
    }
    if !current.is_empty() {
        paragraphs.push((current_start, current));
    }
    paragraphs
}

/// Paragraphs of lines separated by empty lines, each re-flowed into one line.
pub fn reflow_lines(lines: &[Line]) -> Vec<String> {
    let mut out = Vec::new();
    let mut block: Vec<&str> = Vec::new();
    for line in lines
        .iter()
        .map(|l| l.text.as_str())
        .chain(std::iter::once(""))
    {
        if line.trim().is_empty() {
            if !block.is_empty() {
                out.extend(reflow(&block).into_iter().map(|(_, t)| t));
                block.clear();
            }
        } else {
            block.push(line);
        }
    }
    out
}

/// Escapes what Markdown would otherwise read as markup in text of the original.
pub fn escape_markdown(text: &str) -> String {
    let special = |c: char| matches!(c, '\\' | '*' | '_' | '`' | '<' | ']');
    let first = text.trim_start().chars().next();
    if !text.contains(special) && !matches!(first, Some('#' | '>' | '|' | '=' | '-' | '+')) {
        return text.to_owned();
    }
    let mut out = String::with_capacity(text.len() + 8);
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' | '*' | '_' | '`' => {
                out.push('\\');
                out.push(c);
            }
            '<' if chars
                .peek()
                .is_some_and(|n| n.is_ascii_alphabetic() || matches!(n, '/' | '!' | '?')) =>
            {
                out.push_str("\\<");
            }
            ']' if chars.peek() == Some(&'(') => {
                out.push_str("]\\");
            }
            _ => out.push(c),
        }
    }
    let trimmed = out.trim_start();
    if trimmed.starts_with(['#', '>', '|', '='])
        || trimmed.starts_with("- ")
        || trimmed.starts_with("+ ")
        || trimmed.starts_with("---")
    {
        out.insert(0, '\\');
    }
    out
}

/// Common English words: a parenthesis containing one is English, not a gloss.
const ENGLISH: &[&str] = &[
    "the",
    "a",
    "an",
    "of",
    "to",
    "in",
    "on",
    "at",
    "by",
    "for",
    "with",
    "and",
    "or",
    "but",
    "is",
    "are",
    "was",
    "were",
    "be",
    "he",
    "she",
    "it",
    "we",
    "they",
    "i",
    "you",
    "his",
    "her",
    "its",
    "our",
    "their",
    "this",
    "that",
    "not",
    "as",
    "from",
    "sic",
    "see",
    "ie",
    "eg",
    "etc",
    "lit",
    "literally",
    "russian",
    "chinese",
    "laughs",
    "laughter",
    "pause",
    "illegible",
    "unclear",
    "sign",
    "stamp",
    "original",
    "text",
    "so",
    "also",
    "who",
    "what",
    "which",
    "said",
    "says",
    "about",
    "one",
    "two",
    "no",
    "yes",
    "me",
    "him",
    "them",
    "us",
    "my",
    "your",
    "has",
    "have",
    "had",
    "do",
    "did",
    "will",
    "would",
    "can",
    "could",
];

/// True when a parenthesis holds a transliterated word or short phrase of the original
/// language (`neplokho`, `za Sovetskim Soiuzum`, `vskolykhnut'`), as opposed to an English
/// aside or a name. A gloss starts lower-case, has at most four words, none of them common
/// English, and at least one shows a transliteration trait: a soft-sign apostrophe, a
/// digraph English rarely has (`kh`, `zh`, `shch`, `iu`, `ii`), a Russian inflection
/// (`-ogo`, `-ykh`, `-yi`), or a pinyin initial (`x`, `q`).
pub fn is_gloss(inner: &str) -> bool {
    let words: Vec<&str> = inner.split_whitespace().collect();
    if words.is_empty() || words.len() > 4 || inner.trim() != inner {
        return false;
    }
    if !inner.starts_with(char::is_lowercase) {
        return false;
    }
    if !inner
        .chars()
        .all(|c| c.is_alphabetic() || matches!(c, ' ' | '\'' | '’' | '-'))
    {
        return false;
    }
    let mut signal = false;
    for word in &words {
        let lower = word.to_lowercase();
        let bare = lower.trim_matches(|c: char| !c.is_alphabetic());
        if ENGLISH.contains(&bare) || lower.ends_with("'s") || lower.ends_with("’s") {
            return false;
        }
        let apostrophe = lower.contains('\'') || lower.contains('’');
        let digraph = ["kh", "zh", "shch", "ii"].iter().any(|d| bare.contains(d))
            || bare.match_indices("ia").any(|(i, _)| {
                bare[i + 2..]
                    .chars()
                    .next()
                    .is_some_and(|c| "bcdfghjkmpqrstvwxz".contains(c))
            })
            || bare
                .match_indices("iu")
                .any(|(i, _)| !bare[i + 2..].starts_with('m'))
            || bare.ends_with("yi");
        let inflection = ["ogo", "ego", "ykh", "ikh", "aia", "iia", "oe"]
            .iter()
            .any(|e| bare.ends_with(e) && bare.len() > e.len() + 1)
            || ((bare.ends_with("im") || bare.ends_with("ym")) && bare.len() > 5);
        let pinyin = bare.starts_with(['x', 'q']) && !bare.starts_with("qu");
        signal |= apostrophe || digraph || inflection || pinyin;
    }
    signal
}

/// Marks glosses: `(neplokho)` becomes `(*neplokho*)`. Only parentheses that follow a word
/// are considered (a gloss follows the words it glosses).
pub fn mark_glosses(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    let mut last = 0;
    for caps in PARENTHESIS.captures_iter(text) {
        let (Some(whole), Some(inner)) = (caps.get(0), caps.get(1)) else {
            continue;
        };
        let follows_word = text[..whole.start()]
            .trim_end()
            .chars()
            .last()
            .is_some_and(|c| c.is_alphanumeric() || matches!(c, '"' | '”' | '\'' | '’' | ','));
        if follows_word && is_gloss(inner.as_str()) {
            out.push_str(&text[last..whole.start()]);
            out.push_str("(*");
            out.push_str(inner.as_str());
            out.push_str("*)");
            last = whole.end();
        }
    }
    out.push_str(&text[last..]);
    out
}

/// Turns `[1]` into the footnote reference `[^1]` when note 1 exists.
pub fn mark_footnote_references(text: &str, labels: &[String]) -> String {
    FOOTNOTE_REF
        .replace_all(text, |caps: &regex::Captures<'_>| {
            if labels.iter().any(|l| l == &caps[1]) {
                format!("[^{}]", &caps[1])
            } else {
                caps[0].to_owned()
            }
        })
        .into_owned()
}

/// Writes the signature placeholder as the editorial insertion `[signature]`.
pub fn mark_placeholder(line: &str) -> String {
    match PLACEHOLDER.find(line) {
        Some(m) => {
            let rest = line[m.end()..].trim();
            if rest.is_empty() {
                "[signature]".to_owned()
            } else {
                format!("[signature] {rest}")
            }
        }
        None => line.to_owned(),
    }
}

/// The part of an attendance paragraph that lists people (before `were present`, or after
/// `Present:`).
pub fn attendance_clause(text: &str) -> &str {
    if let Some(m) = ATTENDANCE_LIST.find(text) {
        return &text[m.end()..];
    }
    match ATTENDANCE.find(text) {
        Some(m) => {
            // The list is the sentence that ends in `were present`.
            let before = &text[..m.start()];
            let sentence_start = before
                .rfind(". ")
                .filter(|&i| i > 2 && !before[..i].ends_with(char::is_uppercase))
                .map_or(0, |i| i + 2);
            &text[sentence_start..m.start()]
        }
        None => text,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(text: &str) -> Vec<Line> {
        text.split('\n')
            .enumerate()
            .map(|(i, t)| Line {
                text: t.to_owned(),
                number: i + 1,
            })
            .collect()
    }

    #[test]
    fn finds_header_text_attendance_and_signature() {
        let body = structure(&lines(
            "From the Diary of  \nS.V. CHERVONENKO  \n12 October 1961\n\nTOP SECRET\n\nCopy No. 1\n\n30 September 1961\n\nI met with Deng Xiaoping today and we spoke at length about many different things.\n\nYang Shangkun was present during the conversation.\n\nAmbassador of the USSR in the PRC\n\nsignature\n\n(S. CERVONENKO)\n",
        ));
        let parts: Vec<Part> = body.paragraphs.iter().map(|p| p.part).collect();
        assert_eq!(
            parts,
            [
                Part::Header,
                Part::Header,
                Part::Header,
                Part::Header,
                Part::Text,
                Part::Attendance,
                Part::Signature,
                Part::Signature,
                Part::Signature
            ]
        );
        assert_eq!(body.paragraphs[0].lines.len(), 3);
    }

    #[test]
    fn collects_footnotes() {
        let body = structure(&lines(
            "We spoke about the plenum.[1] It was a long and detailed conversation with many details.\n\nNotes\n\n[1] The plenum of 1961.\n",
        ));
        assert_eq!(
            body.footnotes,
            [("1".to_owned(), "The plenum of 1961.".to_owned())]
        );
        assert_eq!(body.paragraphs.len(), 1);
    }

    #[test]
    fn reflows_wrapped_lines_and_keeps_paragraph_ends() {
        let out = reflow(&[
            "The Soviet government has more than once made efforts directed at",
            "normalizing relations with the Albanian leaders, but the member-",
            "countries are taking steps.",
            "Next paragraph starts here and goes on for a while like the others do.",
        ]);
        assert_eq!(out.len(), 2, "{out:?}");
        assert!(out[0].1.contains("at normalizing"));
        assert!(out[0].1.contains("member-countries"));
    }

    #[test]
    fn glosses_are_transliterations_not_english_asides() {
        assert!(is_gloss("neplokho"));
        assert!(is_gloss("za Sovetskim Soiuzum"));
        assert!(is_gloss("vskolykhnut'"));
        assert!(is_gloss("nichego"));
        assert!(is_gloss("razriadka"));
        assert!(!is_gloss("Deng Xiaoping"));
        assert!(!is_gloss("Deng Xiaoping's"));
        assert!(!is_gloss("at that time, the king"));
        assert!(!is_gloss("laughs"));
        assert!(!is_gloss("sic"));
        assert!(!is_gloss("medium"));
        assert!(!is_gloss("playing"));
        assert_eq!(
            mark_glosses("fairly well (neplokho). He (Deng Xiaoping) said (at that time)."),
            "fairly well (*neplokho*). He (Deng Xiaoping) said (at that time)."
        );
    }

    #[test]
    fn marks_footnotes_placeholders_and_escapes() {
        assert_eq!(
            mark_footnote_references("ended.[1] See [2].", &["1".to_owned()]),
            "ended.[^1] See [2]."
        );
        assert_eq!(mark_placeholder("signature"), "[signature]");
        assert_eq!(
            mark_placeholder("[signature] (S. CHERVONENKO)"),
            "[signature] (S. CHERVONENKO)"
        );
        assert_eq!(
            mark_placeholder("/signature/ (S. C.)"),
            "[signature] (S. C.)"
        );
        assert_eq!(escape_markdown("a * b_c"), "a \\* b\\_c");
        assert_eq!(escape_markdown("- Yes"), "\\- Yes");
        assert_eq!(classification("TOP SECRET").as_deref(), Some("TOP SECRET"));
        assert_eq!(
            classification("Top secret, Copy No. 2").as_deref(),
            Some("Top secret")
        );
        assert_eq!(classification("Secretariat of the CC"), None);
        assert_eq!(copy_number("Copy No. 1").as_deref(), Some("1"));
        assert_eq!(copy_number("Copy # 3").as_deref(), Some("3"));
    }

    #[test]
    fn attendance_clause_is_the_list_of_people() {
        assert_eq!(
            attendance_clause("Yu Peiwen and B.T. Kulik were present during the conversation."),
            "Yu Peiwen and B.T. Kulik "
        );
        assert_eq!(
            attendance_clause("Present: A. B. Smith, C. D. Jones."),
            " A. B. Smith, C. D. Jones."
        );
    }
}
