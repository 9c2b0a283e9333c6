//! Titles as citeproc-js prints them: its title case, its rich text and its quotation marks.
//!
//! hayagriva's CSL processor lays out a citation well, but its text transformations are not
//! those of citeproc-js (Zotero's engine, which readers and reference managers compare
//! against): it lowercases capitalised stop words and acronyms (`Mccarthyism`, `Report on
//! a & B`), capitalises `about` and `upon`, prints `<i>` as tags, leaves straight quotation
//! marks and apostrophes, and doubles punctuation after a title ending in `?` or `.`. So
//! [`super::csl`] hands the engine a sentinel in place of each title and writes the title
//! here, the way citeproc-js does:
//!
//! - **title case** (the styles' `text-case="title"`, for English items): a word in lower
//!   case is capitalised unless it is a stop word; the first word, the last word and a word
//!   after `:`, `?` or `!` are capitalised even then; a word with any capital letter is left
//!   as written. Words are split at spaces and at the punctuation citeproc-js splits at
//!   (`/`, `-`, `.` ...). Text inside `<span class="nocase">`, `<sc>`, `<sup>` and `<sub>`
//!   is left alone;
//! - **rich text**: `<i>`, `<b>`, `<sc>`, `<sup>`, `<sub>` and the `nocase` span are markup,
//!   printed as HTML (italics inside italics turn roman) and dropped from plain text;
//! - **quotation marks**: straight and typographic quotes alternate double and single by
//!   depth, starting single inside a title the style quotes; an apostrophe becomes `’`.

use std::sync::OnceLock;

use regex::Regex;

/// How the style prints the title around which it is substituted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(super) struct Setting {
    /// The style title-cases it (and the item is in English).
    pub title_case: bool,
    /// The style capitalises its first letter only.
    pub capitalize_first: bool,
    /// The style puts it in quotation marks, so quotes inside start single.
    pub quoted: bool,
    /// The surrounding text is in italics, so `<i>` inside turns roman.
    pub italic: bool,
}

/// A title rendered for one style, as HTML and as plain text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Rendered {
    pub html: String,
    pub text: String,
}

/// Words title case leaves in lower case (citeproc-js's list: articles, conjunctions,
/// prepositions and a few particles).
const STOP_WORDS: &[&str] = &[
    "about",
    "above",
    "across",
    "afore",
    "after",
    "against",
    "al",
    "along",
    "alongside",
    "amid",
    "amidst",
    "among",
    "amongst",
    "anenst",
    "apropos",
    "apud",
    "around",
    "as",
    "aside",
    "astride",
    "at",
    "athwart",
    "atop",
    "barring",
    "before",
    "behind",
    "below",
    "beneath",
    "beside",
    "besides",
    "between",
    "beyond",
    "but",
    "by",
    "circa",
    "despite",
    "down",
    "during",
    "et",
    "except",
    "for",
    "forenenst",
    "from",
    "given",
    "in",
    "inside",
    "into",
    "lest",
    "like",
    "modulo",
    "near",
    "next",
    "notwithstanding",
    "of",
    "off",
    "on",
    "onto",
    "out",
    "over",
    "per",
    "plus",
    "pro",
    "qua",
    "sans",
    "since",
    "than",
    "through",
    "throughout",
    "thruout",
    "till",
    "to",
    "toward",
    "towards",
    "under",
    "underneath",
    "until",
    "unto",
    "up",
    "upon",
    "versus",
    "vs",
    "v",
    "via",
    "vis-à-vis",
    "with",
    "within",
    "without",
    "or",
    "yet",
    "so",
    "and",
    "nor",
    "a",
    "an",
    "the",
    "de",
    "d'",
    "von",
    "van",
    "c",
    "ca",
];

/// The markup and punctuation citeproc-js splits a title at before it changes case.
fn splitter() -> &'static Regex {
    static SPLITTER: OnceLock<Regex> = OnceLock::new();
    SPLITTER.get_or_init(|| {
        Regex::new(concat!(
            r#"(?:\u{2018}|\u{2019}|\u{201C}|\u{201D}| "| '|"|'|[-\u{2013}\u{2014}/.,;?!:]|\[|\]|\(|\)"#,
            r#"|<span style="font-variant: ?small-caps;?">|<span class="no(?:case|decor)">|</span>|</?(?:i|sc|b|sub|sup)>)"#
        ))
        .expect("the title splitter is a valid pattern")
    })
}

/// Spans whose text title case leaves alone, by their closing tag.
fn protecting(tag: &str) -> Option<&'static str> {
    if tag.starts_with("<span") {
        Some("</span>")
    } else {
        match tag {
            "<sc>" => Some("</sc>"),
            "<sub>" => Some("</sub>"),
            "<sup>" => Some("</sup>"),
            _ => None,
        }
    }
}

fn capitalise(word: &str) -> String {
    let mut chars = word.chars();
    match chars.next() {
        // citeproc-js leaves a lone Greek letter (a symbol in a scientific title) alone.
        Some(first) if ('\u{370}'..='\u{3FF}').contains(&first) && chars.as_str().is_empty() => {
            word.to_owned()
        }
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// Title case as citeproc-js applies it (`CSL.Output.Formatters.title`).
pub(super) fn title_case(title: &str) -> String {
    // Strings between tags, and the tags.
    let mut strings = Vec::new();
    let mut tags = Vec::new();
    let mut last = 0;
    for found in splitter().find_iter(title) {
        strings.push(title[last..found.start()].to_owned());
        tags.push(found.as_str());
        last = found.end();
    }
    strings.push(title[last..].to_owned());
    let originals = strings.clone();

    let mut is_first = true;
    let mut after_punctuation = false;
    let mut protected: Vec<&str> = Vec::new();
    // (index of the string, index of the word) of the last word seen.
    let mut last_word: Option<(usize, usize)> = None;
    let mut quotes: Vec<(&str, Option<usize>)> = Vec::new();
    let mut restore: Vec<usize> = Vec::new();

    let capitalise_words = |string: &mut String,
                            index: usize,
                            following: Option<&str>,
                            is_first: &mut bool,
                            after_punctuation: &mut bool,
                            last_word: &mut Option<(usize, usize)>| {
        if string.trim().is_empty() {
            return;
        }
        let words = split_words(string);
        let count = words.iter().filter(|w| !w.is_space).count();
        let mut out = String::with_capacity(string.len());
        let mut seen = 0;
        for (j, word) in words.iter().enumerate() {
            if word.is_space || word.text.is_empty() {
                out.push_str(&word.text);
                continue;
            }
            seen += 1;
            let lower = word.text.to_lowercase();
            let stop = STOP_WORDS.contains(&lower.as_str());
            let capitalize = (word.text.chars().count() > 1 && !stop)
                || (seen == count && following == Some("-"))
                || *is_first
                || *after_punctuation;
            if capitalize && word.text == lower {
                out.push_str(&capitalise(&word.text));
            } else {
                out.push_str(&word.text);
            }
            *after_punctuation = false;
            *is_first = false;
            *last_word = Some((index, j));
        }
        *string = out;
    };

    capitalise_words(
        &mut strings[0],
        0,
        tags.first().copied(),
        &mut is_first,
        &mut after_punctuation,
        &mut last_word,
    );
    for (i, tag) in tags.iter().enumerate() {
        if let Some(closer) = protecting(tag) {
            protected.push(closer);
        } else if protected.last() == Some(tag) {
            protected.pop();
        }
        if tag.ends_with(['!', '?', ':']) {
            after_punctuation = true;
        }
        let next = i + 1;
        let has_text = !strings[next].trim().is_empty();
        if protected.is_empty() {
            let following = tags.get(next).copied();
            capitalise_words(
                &mut strings[next],
                next,
                following,
                &mut is_first,
                &mut after_punctuation,
                &mut last_word,
            );
        } else if has_text {
            last_word = None;
        }
        // A quotation mark that opens no quote and closes none: citeproc-js undoes the
        // capital it gave the word after the quote it took for an opener.
        if let Some(position) = quote_state(&mut quotes, tag, i) {
            restore.push(position);
            last_word = None;
        }
        if has_text {
            is_first = false;
            after_punctuation = false;
        }
    }
    restore.extend(quotes.iter().filter_map(|(_, position)| *position));
    for position in restore {
        let original: String = originals[position + 1].chars().take(1).collect();
        let current = &strings[position + 1];
        let rest: String = current.chars().skip(1).collect();
        strings[position + 1] = original + &rest;
    }
    // The last word is capitalised even when it is a stop word.
    if let Some((string, word)) = last_word {
        let mut words = split_words(&strings[string]);
        if let Some(last) = words.get_mut(word) {
            let lower = last.text.to_lowercase();
            if last.text.chars().count() > 1 && STOP_WORDS.contains(&lower.as_str()) {
                last.text = capitalise(&last.text);
            }
        }
        strings[string] = words.into_iter().map(|w| w.text).collect();
    }
    let mut out = String::with_capacity(title.len());
    for (i, string) in strings.iter().enumerate() {
        out.push_str(string);
        if let Some(tag) = tags.get(i) {
            out.push_str(tag);
        }
    }
    out
}

/// citeproc-js's quote tracking during a case change: `Some(position)` of a string whose
/// first letter must go back to how it was written. Each open quote is its opening tag and,
/// when it was opened in order, its position.
fn quote_state<'a>(
    quotes: &mut Vec<(&'a str, Option<usize>)>,
    tag: &'a str,
    at: usize,
) -> Option<usize> {
    match tag {
        " \"" | " '" | "\u{2018}" | "\u{201C}" => match quotes.last() {
            None => {
                quotes.push((tag, Some(at)));
                None
            }
            Some((open, _)) if nested_opener(open) == tag => {
                quotes.push((tag, Some(at)));
                None
            }
            Some(&(_, previous)) => {
                quotes.pop();
                // As in citeproc-js, a quote opened out of order is not fixed at the end.
                quotes.push((tag, None));
                previous
            }
        },
        "\u{2019}" | "\u{201D}" | "\"" | "'" => match quotes.last() {
            Some((open, _)) if closer(open) == tag => {
                quotes.pop();
                None
            }
            _ => Some(at),
        },
        _ => None,
    }
}

/// The mark that closes a quote opened by `open`.
fn closer(open: &str) -> &'static str {
    match open {
        " \"" => "\"",
        " '" => "'",
        "\u{2018}" => "\u{2019}",
        _ => "\u{201D}",
    }
}

/// The opener citeproc-js expects for a quote inside one opened by `open`.
fn nested_opener(open: &str) -> &'static str {
    match open {
        " \"" => " '",
        " '" => " \"",
        "\u{2018}" => "\u{2018}",
        _ => "\u{201C}",
    }
}

struct Word {
    text: String,
    is_space: bool,
}

/// Words and the runs of spaces between them.
fn split_words(text: &str) -> Vec<Word> {
    let is_space = |c: char| {
        c == ' '
            || c == '\u{A0}'
            || ('\u{2000}'..='\u{200B}').contains(&c)
            || c == '\u{205F}'
            || c == '\u{3000}'
    };
    let mut words: Vec<Word> = Vec::new();
    for c in text.chars() {
        let space = is_space(c);
        match words.last_mut() {
            Some(last) if last.is_space == space => last.text.push(c),
            _ => words.push(Word {
                text: c.to_string(),
                is_space: space,
            }),
        }
    }
    words
}

/// Capitalises the first letter, as `text-case="capitalize-first"` does, when the first
/// word is in lower case.
fn capitalize_first(title: &str) -> String {
    let start = title
        .char_indices()
        .find(|(_, c)| c.is_alphanumeric())
        .map(|(i, _)| i);
    let Some(start) = start else {
        return title.to_owned();
    };
    let end = title[start..]
        .find(char::is_whitespace)
        .map_or(title.len(), |e| start + e);
    let word = &title[start..end];
    if word == word.to_lowercase() {
        format!("{}{}{}", &title[..start], capitalise(word), &title[end..])
    } else {
        title.to_owned()
    }
}

/// Markup citeproc-js reads in a title.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Markup {
    Italic,
    Bold,
    SmallCaps,
    Superscript,
    Subscript,
    NoCase,
}

fn markup_tag(tag: &str) -> Option<(Markup, bool)> {
    let tag = tag.to_ascii_lowercase();
    let open = !tag.starts_with("</");
    let markup = match tag.trim_start_matches("</").trim_start_matches('<') {
        "i>" => Markup::Italic,
        "b>" => Markup::Bold,
        "sc>" => Markup::SmallCaps,
        "sup>" => Markup::Superscript,
        "sub>" => Markup::Subscript,
        "span>" if !open => Markup::NoCase,
        other if open && other.starts_with("span class=\"nocase\"") => Markup::NoCase,
        other if open && other.starts_with("span class=\"nodecor\"") => Markup::NoCase,
        other
            if open
                && other.starts_with("span style=\"font-variant:")
                && other.contains("small-caps") =>
        {
            Markup::SmallCaps
        }
        _ => return None,
    };
    Some((markup, open))
}

/// `text` with citeproc-js's quotation marks and apostrophes, as plain text, its `<` left
/// as written: for names, in which citeproc-js reads no markup.
pub(super) fn typographic(text: &str) -> String {
    const LESS_THAN: char = '\u{E002}';
    render(
        &text.replace('<', &LESS_THAN.to_string()),
        Setting::default(),
    )
    .text
    .replace(LESS_THAN, "<")
}

/// Renders `title` for a style with `setting`.
pub(super) fn render(title: &str, setting: Setting) -> Rendered {
    let cased = if setting.title_case {
        title_case(title)
    } else if setting.capitalize_first {
        capitalize_first(title)
    } else {
        title.to_owned()
    };
    let mut html = String::with_capacity(cased.len() + 16);
    let mut text = String::with_capacity(cased.len());
    // Open markup, with the HTML closing it; `<span>` closes small caps or nocase.
    let mut open: Vec<(Markup, &'static str)> = Vec::new();
    let mut italic = setting.italic;
    // Open quotation marks: whether each was written double, and the mark closing it.
    let mut quotes: Vec<(bool, char)> = Vec::new();
    let base_depth = usize::from(setting.quoted);
    let chars: Vec<char> = cased.chars().collect();
    let mut i = 0;
    let push = |html: &mut String, text: &mut String, c: char| {
        let mut buffer = [0u8; 4];
        crate::util::escape::push_escaped_html(html, c.encode_utf8(&mut buffer));
        text.push(c);
    };
    while i < chars.len() {
        let c = chars[i];
        if c == '<'
            && let Some(end) = chars[i..].iter().position(|&c| c == '>')
        {
            let tag: String = chars[i..=i + end].iter().collect();
            if let Some((markup, opening)) = markup_tag(&tag) {
                if opening {
                    let close = match markup {
                        Markup::Italic if italic => {
                            html.push_str("<span style=\"font-style:normal;\">");
                            "</span>"
                        }
                        Markup::Italic => {
                            html.push_str("<i>");
                            "</i>"
                        }
                        Markup::Bold => {
                            html.push_str("<b>");
                            "</b>"
                        }
                        Markup::SmallCaps => {
                            html.push_str("<span style=\"font-variant:small-caps;\">");
                            "</span>"
                        }
                        Markup::Superscript => {
                            html.push_str("<sup>");
                            "</sup>"
                        }
                        Markup::Subscript => {
                            html.push_str("<sub>");
                            "</sub>"
                        }
                        Markup::NoCase => "",
                    };
                    if markup == Markup::Italic {
                        italic = !italic;
                    }
                    open.push((markup, close));
                    i += end + 1;
                    continue;
                }
                let matches = |m: Markup| {
                    m == markup
                        || (tag.eq_ignore_ascii_case("</span>")
                            && matches!(m, Markup::SmallCaps | Markup::NoCase))
                };
                if let Some(&(m, close)) = open.last()
                    && matches(m)
                {
                    open.pop();
                    html.push_str(close);
                    if m == Markup::Italic {
                        italic = !italic;
                    }
                    i += end + 1;
                    continue;
                }
            }
        }
        let previous = i.checked_sub(1).map(|p| chars[p]);
        let next = chars.get(i + 1).copied();
        let opens_here = previous
            .is_none_or(|p| p.is_whitespace() || "([{\u{2014}\u{2013}/>".contains(p))
            || previous.is_some_and(|p| "\"'\u{201C}\u{2018}".contains(p) && i == 1);
        let quote = |depth: usize| {
            if (depth + base_depth).is_multiple_of(2) {
                ('\u{201C}', '\u{201D}')
            } else {
                ('\u{2018}', '\u{2019}')
            }
        };
        let double = matches!(c, '"' | '\u{201C}' | '\u{201D}');
        let single = matches!(c, '\'' | '\u{2018}' | '\u{2019}');
        let inside_word =
            previous.is_some_and(char::is_alphanumeric) && next.is_some_and(char::is_alphanumeric);
        if single && inside_word {
            push(&mut html, &mut text, '\u{2019}');
        } else if (double || single)
            && (c == '\u{201C}' || c == '\u{2018}' || (matches!(c, '"' | '\'') && opens_here))
        {
            let (open_mark, close_mark) = quote(quotes.len());
            quotes.push((double, close_mark));
            push(&mut html, &mut text, open_mark);
        } else if (double || single) && quotes.last().is_some_and(|&(d, _)| d == double) {
            let (_, close_mark) = quotes.pop().expect("a quote is open");
            push(&mut html, &mut text, close_mark);
        } else if double {
            push(&mut html, &mut text, '\u{201D}');
        } else if single {
            push(&mut html, &mut text, '\u{2019}');
        } else {
            push(&mut html, &mut text, c);
        }
        i += 1;
    }
    for (_, close) in open.into_iter().rev() {
        html.push_str(close);
    }
    Rendered { html, text }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn title_case_is_citeproc_js_title_case() {
        for (written, cased) in [
            (
                "Memorandum about the talks upon arrival versus departure",
                "Memorandum about the Talks upon Arrival versus Departure",
            ),
            (
                "On McCarthyism and the iPhones of tomorrow",
                "On McCarthyism and the iPhones of Tomorrow",
            ),
            (
                "Letter from the CC CPSU to the CC CCP",
                "Letter from the CC CPSU to the CC CCP",
            ),
            (
                "Summary/addendum to the record of the talks",
                "Summary/Addendum to the Record of the Talks",
            ),
            ("Report on A & B", "Report on A & B"),
            (
                "the USSR-PRC relations: a review",
                "The USSR-PRC Relations: A Review",
            ),
            ("what it was all about", "What It Was All About"),
            ("Mao's remarks", "Mao's Remarks"),
            (
                "An interview with de Gaulle on NATO and the UN",
                "An Interview with de Gaulle on NATO and the UN",
            ),
        ] {
            assert_eq!(title_case(written), cased, "{written}");
        }
    }

    #[test]
    fn quotes_alternate_by_depth_and_apostrophes_curl() {
        let quoted = Setting {
            title_case: false,
            capitalize_first: false,
            quoted: true,
            italic: false,
        };
        assert_eq!(
            render("Notes on \"peaceful coexistence\"", quoted).text,
            "Notes on \u{2018}peaceful coexistence\u{2019}"
        );
        let plain = Setting {
            quoted: false,
            ..quoted
        };
        assert_eq!(
            render("Moscow, 'Soviet reactions' and Mao's", plain).text,
            "Moscow, \u{201C}Soviet reactions\u{201D} and Mao\u{2019}s"
        );
    }

    #[test]
    fn markup_is_html_and_leaves_the_text() {
        let setting = Setting {
            title_case: true,
            capitalize_first: false,
            quoted: true,
            italic: false,
        };
        let rendered = render("<i>Pravda</i> editorial & more", setting);
        assert_eq!(rendered.text, "Pravda Editorial & More");
        assert_eq!(rendered.html, "<i>Pravda</i> Editorial &amp; More");
        let in_italics = render(
            "The <i>Pravda</i> view",
            Setting {
                italic: true,
                ..setting
            },
        );
        assert_eq!(
            in_italics.html,
            "The <span style=\"font-style:normal;\">Pravda</span> View"
        );
    }
}
