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

/// Escapes a line of text of the original so that Markdown and Folio's conventions read it
/// as that literal text: no emphasis, code, strikethrough, table, raw HTML, autolink, entity,
/// inline link or image, no block (heading, quote, list, rule, setext underline, code fence,
/// HTML block, `:::` fence, link reference or footnote definition) at the start of the line,
/// and no footnote marker. Square brackets stay: `[me]` is an editorial insertion.
pub fn escape_markdown(text: &str) -> String {
    escape_with_footnotes(text, &[])
}

/// [`escape_markdown`], turning the markers `[n]` and `[^n]` of the notes `labels` into the
/// footnote references `[^n]` (the importer's own Markdown); any other `[^x]` stays literal.
pub fn escape_with_footnotes(text: &str, labels: &[String]) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    let lead = text.len() - text.trim_start().len();
    out.push_str(&text[..lead]);
    let line = &text[lead..];
    let block_escape = block_start_escape(line);
    let mut chars = line.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        let next = line[i + c.len_utf8()..].chars().next();
        if block_escape == Some(i) && !matches!(c, '\\' | '*' | '_' | '`' | '~' | '|') {
            out.push('\\');
        }
        match c {
            '[' => {
                let rest = &line[i..];
                let close = rest.find(']');
                let inner = close.map(|end| &rest[1..end]);
                let after = close.and_then(|end| rest[end + 1..].chars().next());
                let label = inner.map(|inner| inner.strip_prefix('^').unwrap_or(inner));
                let paired = label.is_some_and(|l| labels.iter().any(|x| x == l))
                    && !(i == 0 && after == Some(':'));
                if let (true, Some(label), Some(end)) = (paired, label, close) {
                    // `[1]` or `[^1]` of a note the import pairs: a footnote reference.
                    out.push_str("[^");
                    out.push_str(label);
                    out.push(']');
                    if after == Some('(') {
                        // `[^1](...)` would be a link.
                        out.push('\\');
                    }
                    skip_to(&mut chars, i + end + 1);
                } else if let (Some(inner), Some(end)) = (inner, close)
                    && inner.starts_with('^')
                    && !inner.contains('[')
                {
                    // `[^x]` with no such note: Folio would read a footnote marker (and the
                    // build would stop at it), so it is written as code, which is literal.
                    push_code_span(&rest[..=end], &mut out);
                    skip_to(&mut chars, i + end + 1);
                } else if i == 0 && after == Some(':') {
                    // `[word]: url` would be a link reference definition.
                    out.push_str("\\[");
                } else {
                    out.push('[');
                }
            }
            ']' if matches!(next, Some('(')) => out.push_str("]\\"),
            '\\' | '*' | '_' | '`' | '~' | '|' => {
                out.push('\\');
                out.push(c);
            }
            '<' if next
                .is_some_and(|n| n.is_ascii_alphabetic() || matches!(n, '/' | '!' | '?')) =>
            {
                out.push_str("\\<");
            }
            '&' if is_entity(&line[i..]) => out.push_str("\\&"),
            c => out.push(c),
        }
    }
    out
}

/// Moves `chars` on to byte `to`.
fn skip_to(chars: &mut std::iter::Peekable<std::str::CharIndices<'_>>, to: usize) {
    while chars.peek().is_some_and(|&(j, _)| j < to) {
        chars.next();
    }
}

/// True when `text` starts with an HTML character reference (`&amp;`, `&#106;`, `&#x6A;`).
fn is_entity(text: &str) -> bool {
    let Some(rest) = text.strip_prefix('&') else {
        return false;
    };
    let body = rest
        .strip_prefix("#x")
        .or_else(|| rest.strip_prefix("#X"))
        .or_else(|| rest.strip_prefix('#'))
        .unwrap_or(rest);
    let name_len = body.bytes().take_while(u8::is_ascii_alphanumeric).count();
    name_len > 0 && body[name_len..].starts_with(';')
}

/// Writes `text` (one line) as a code span: literal, whatever it holds.
pub fn push_code_span(text: &str, out: &mut String) {
    let mut longest = 0;
    let mut run = 0;
    for c in text.chars() {
        run = if c == '`' { run + 1 } else { 0 };
        longest = longest.max(run);
    }
    let fence = "`".repeat(longest + 1);
    let pad = text.starts_with('`') || text.ends_with('`') || text.starts_with(' ');
    out.push_str(&fence);
    if pad {
        out.push(' ');
    }
    out.push_str(text);
    if pad {
        out.push(' ');
    }
    out.push_str(&fence);
}

/// Where `line` (its leading spaces removed) needs a backslash so that it is text and not a
/// block: the byte before which it goes (0, or the delimiter of `1.`/`1961)` list items).
fn block_start_escape(line: &str) -> Option<usize> {
    let mut chars = line.chars();
    let first = chars.next()?;
    let second = chars.next();
    let ends_or_space = |c: Option<char>| c.is_none_or(|c| c == ' ' || c == '\t');
    match first {
        // Headings, block quotes, setext underlines, the fences of Folio's blocks. (`*`,
        // `_`, backticks, tildes and `|` are escaped wherever they are.)
        '#' | '>' | '=' => return Some(0),
        ':' if line.starts_with(":::") => return Some(0),
        // Bullets; for `-` also rules and setext underlines (`--`).
        '+' if ends_or_space(second) => return Some(0),
        '-' if ends_or_space(second) || line.chars().all(|c| matches!(c, '-' | ' ' | '\t')) => {
            return Some(0);
        }
        _ => {}
    }
    // An ordered list item: `1.` or `1961)` followed by a space or the end of the line.
    let digits = line.bytes().take_while(u8::is_ascii_digit).count();
    ((1..=9).contains(&digits)
        && matches!(line.as_bytes().get(digits), Some(b'.' | b')'))
        && ends_or_space(line[digits + 1..].chars().next()))
    .then_some(digits)
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
            escape_with_footnotes("ended.[1] See [2].", &["1".to_owned()]),
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

    /// The page text of `markdown` rendered as a document body, and its links.
    fn rendered(markdown: &str) -> Result<(String, Vec<String>), String> {
        struct Anything;
        impl crate::render::LinkResolver for Anything {
            fn resolve(&self, _: crate::render::ReferenceKind, id: &str) -> Result<String, String> {
                Ok(format!("/people/{id}/"))
            }
        }
        let source = format!("---\ntitle: T\n---\n{markdown}");
        let input = crate::render::MarkdownSource {
            path: std::path::Path::new("d.md"),
            source: &source,
            body_offset: 16,
            gloss_language: "ru-Latn",
        };
        let out = crate::render::render(&input, &Anything)
            .map_err(|e| e.iter().map(ToString::to_string).collect::<String>())?;
        let html = scraper::Html::parse_fragment(&out.html);
        let text = html.root_element().text().collect::<String>();
        let selector = scraper::Selector::parse("[href], [src]").expect("valid selector");
        let links = html
            .select(&selector)
            .filter_map(|e| e.value().attr("href").or(e.value().attr("src")))
            .map(str::to_owned)
            .collect();
        Ok((text, links))
    }

    /// Lines of third-party transcripts that Markdown or Folio would read as markup.
    const MARKUP: &[&str] = &[
        "[^1]",
        "A note marker[^note] in the text, and [^a`b] with a backtick.",
        "[^1]: not a note",
        ":::",
        "::: note",
        ":::: signature",
        "[word]: javascript:alert(1)",
        "[word]: <http://example.com> \"title\"",
        "see [word] and [x](javascript:alert(1)) and ![i](javascript:x)",
        "<script>alert(1)</script> and <img src=x onerror=alert(1)>",
        "<!-- c --> <?php x ?> <![CDATA[x]]> </p>",
        "<http://example.com/x> and <javascript:alert(1)> and <a@b.org>",
        "&lt;script&gt; &amp; &#106;avascript: &#x6A; AT&T",
        "[Mao](person:nobody) [d](doc:nowhere)",
        "# heading",
        "> quote",
        "1. item",
        "1961) item",
        "- item",
        "+ item",
        "* item",
        "-",
        "--",
        "- - -",
        "===",
        "| a | b |",
        "```",
        "~~~",
        "~~strike~~ and ~one~",
        "*emphasis* _emphasis_ **strong** `code`",
        "a backslash \\ and one at the end\\",
        "\\[escaped\\] \\*",
        "{{ title }} {% if x %} {# c #}",
    ];

    #[test]
    fn escaped_text_renders_as_the_literal_text() {
        // What the check below sees when text is not escaped.
        assert!(rendered("[^1]\n").is_err());
        assert!(rendered("::: note\n").is_err());
        // The renderer refuses the address an unescaped definition would make.
        assert!(
            rendered("[w]: javascript:alert(1)\n\nsee [w]\n")
                .is_err_and(|e| e.contains("javascript:"))
        );
        assert_ne!(
            rendered("*a* <b>x</b>\n").map(|r| r.0.trim().to_owned()),
            Ok("*a* <b>x</b>".to_owned())
        );
        for line in MARKUP {
            let markdown = escape_markdown(line);
            let (text, links) = rendered(&format!("{markdown}\n"))
                .unwrap_or_else(|e| panic!("{line:?} as {markdown:?} does not build: {e}"));
            assert_eq!(
                text.trim(),
                line.trim(),
                "{line:?} was written {markdown:?}"
            );
            assert!(links.is_empty(), "{line:?} made the links {links:?}");
        }
        // Line after line, as in a header block (hard breaks), and as a footnote's text.
        let header: Vec<String> = MARKUP.iter().map(|l| escape_markdown(l)).collect();
        let (text, links) = rendered(&format!("::: header\n{}\n:::\n", header.join("  \n")))
            .expect("the header builds");
        assert_eq!(text.trim(), MARKUP.join("\n"));
        assert!(links.is_empty(), "{links:?}");
        for line in MARKUP {
            let note = format!("Text.[^1]\n\n[^1]: {}\n", escape_markdown(line));
            assert!(rendered(&note).is_ok(), "{line:?} in a note");
        }
    }

    #[test]
    fn footnote_markers_of_notes_become_references_and_others_stay_text() {
        let labels = ["1".to_owned(), "2".to_owned()];
        assert_eq!(
            escape_with_footnotes("ended.[1] See [2], [3], [^2] and [^9].", &labels),
            "ended.[^1] See [^2], [3], [^2] and `[^9]`."
        );
        // At the start of a line, `[1]:` would define the note a second time.
        assert_eq!(
            escape_with_footnotes("[1]: a line", &labels),
            "\\[1]: a line"
        );
        assert_eq!(escape_markdown("[^a`b]"), "``[^a`b]``");
        // A paired marker followed by `(`: a reference, never the text of a link.
        let written = escape_with_footnotes("See[1](javascript:alert(1)) here.", &labels);
        let (text, links) = rendered(&format!("{written}\n\n[^1]: The note.\n")).unwrap();
        assert!(
            links.iter().all(|l| !l.contains("javascript")),
            "{written}: {links:?}"
        );
        assert!(
            text.contains("(javascript:alert(1)) here."),
            "{written}: {text}"
        );
        assert_eq!(
            escape_markdown("[me] and [signature]"),
            "[me] and [signature]"
        );
    }

    #[test]
    fn escapes_only_what_would_be_markup() {
        for (line, want) in [
            (
                "[word]: javascript:alert(1)",
                "\\[word]: javascript:alert(1)",
            ),
            ("[x](javascript:alert(1))", "[x]\\(javascript:alert(1))"),
            ("<script>alert(1)</script>", "\\<script>alert(1)\\</script>"),
            ("<http://example.com>", "\\<http://example.com>"),
            ("a < b, c <= d", "a < b, c <= d"),
            ("&amp; and AT&T and & more", "\\&amp; and AT&T and & more"),
            ("::: note", "\\::: note"),
            ("1. item", "1\\. item"),
            ("1961) item", "1961\\) item"),
            ("1961. The year", "1961\\. The year"),
            ("1961 was a year", "1961 was a year"),
            ("3.5 per cent", "3.5 per cent"),
            ("--", "\\--"),
            ("-1 degree", "-1 degree"),
            ("| a | b |", "\\| a \\| b \\|"),
            ("~~s~~", "\\~\\~s\\~\\~"),
            ("From the Diary of", "From the Diary of"),
        ] {
            assert_eq!(escape_markdown(line), want, "{line:?}");
        }
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
