//! The archive's own citation of a document, taken apart into title, date, collection,
//! archive, archival reference, credits and URL:
//!
//! ```text
//! "TITLE", DATE, COLLECTION, ARCHIVE REFERENCE. Obtained by X and translated by Y. <URL>
//! ```
//!
//! The verbatim citation is always kept; the parts are best effort, and a part that cannot be
//! found stays empty rather than guessed.

use std::sync::LazyLock;

use regex::Regex;

use super::dates;
use crate::content::date::EditionDate;

/// What a citation says.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Citation {
    /// The citation as the archive gives it.
    pub verbatim: String,
    /// The title, cleaned of slips such as a space before the closing comma.
    pub title: Option<String>,
    /// The date of the document.
    pub date: Option<EditionDate>,
    /// The digital collection (`Wilson Center Digital Archive`).
    pub collection: String,
    /// The holding archive (`AVPRF`).
    pub archive: String,
    /// The archive's reference for the item (`f. 0100, op. 53, ...`).
    pub archive_location: String,
    /// Translators, in order.
    pub translators: Vec<String>,
    /// Who obtained the document.
    pub obtained_by: Vec<String>,
    /// The document's page.
    pub url: String,
    /// The language a credit says the document was translated from (`from Russian`).
    pub original_language: String,
}

static URL: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"<?(https?://[^\s<>]+)>?").expect("valid URL pattern"));

static CREDIT: LazyLock<Regex> = LazyLock::new(|| {
    let verb = r"(?:obtained|translated|transcribed|edited|contributed|donated|provided|translation|annotated|introduced)";
    Regex::new(&format!(
        r"(?i)\b{verb}(?:\s*(?:,|and|&)\s*{verb})*(?:\s+(?:for|from|with)\s+[^,.]*?)?\s+by\s+"
    ))
    .expect("valid credit pattern")
});

static REFERENCE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)(?:^|[\s,(])(?:fond|f\.|op\.|opis|d\.|delo|ll?\.|listy|p\.|papka|por\.|k\.|t\.|vol\.|box|folder|file|file no\.|no\.|ff\.|sygn\.|lot|record group|rg)\s*\d|(?:^|[\s,])\d+[-/]\d",
    )
    .expect("valid reference pattern")
});

/// Parses a citation. Never fails: missing parts stay empty.
pub fn parse(text: &str) -> Citation {
    let verbatim = text.trim().to_owned();
    let mut citation = Citation {
        verbatim: verbatim.clone(),
        ..Citation::default()
    };
    let mut work = verbatim.clone();
    if let Some(caps) = URL.captures(&work) {
        citation.url = caps[1].trim_end_matches(['.', ',', ')']).to_owned();
        if let Some(whole) = caps.get(0) {
            work.replace_range(whole.range(), "");
        }
    }
    let rest = take_title_and_date(&work, &mut citation);
    let (archival, credits) = match CREDIT.find(&rest) {
        Some(m) => (&rest[..m.start()], &rest[m.start()..]),
        None => (rest.as_str(), ""),
    };
    parse_credits(credits, &mut citation);
    let archival = archival.trim().trim_end_matches(['.', ',', ';']).trim();
    let segments = split_depth0(archival, ',');
    if segments.len() >= 2 {
        citation.collection = segments[0].trim().to_owned();
        let holding = archival[segments[0].len() + 1..].trim();
        split_archive(holding, &mut citation);
    } else if !archival.is_empty() {
        split_archive(archival, &mut citation);
        if citation.archive_location.is_empty() {
            citation.collection = std::mem::take(&mut citation.archive);
        }
    }
    citation
}

/// Finds the quoted title and the date after it; returns the rest of the citation.
fn take_title_and_date(work: &str, citation: &mut Citation) -> String {
    let trimmed = work.trim();
    if let Some(open) = trimmed.chars().next().filter(|c| matches!(c, '"' | '“')) {
        let after_open = &trimmed[open.len_utf8()..];
        let mut fallback = None;
        for (j, c) in after_open.char_indices() {
            if !matches!(c, '"' | '”') {
                continue;
            }
            let rest = &after_open[j + c.len_utf8()..];
            let rest_trimmed = rest.trim_start_matches([',', ' ', '.']);
            if let Some(found) = dates::at_start(rest_trimmed) {
                citation.title = Some(clean_title(&after_open[..j]));
                citation.date = Some(found.date);
                return rest_trimmed[found.end..]
                    .trim_start_matches([',', ' '])
                    .to_owned();
            }
            if fallback.is_none() && (rest.starts_with([',', '.', ' ']) || rest.trim().is_empty()) {
                fallback = Some((j, c.len_utf8()));
            }
        }
        if let Some((j, len)) = fallback {
            citation.title = Some(clean_title(&after_open[..j]));
            return after_open[j + len..]
                .trim_start_matches([',', ' ', '.'])
                .to_owned();
        }
        return trimmed.to_owned();
    }
    // No quotes: the title runs up to the first date.
    if let Some(found) = dates::find_all(trimmed)
        .into_iter()
        .find(|d| d.date.month.is_some())
    {
        let title = clean_title(&trimmed[..found.start]);
        if !title.is_empty() {
            citation.title = Some(title);
        }
        citation.date = Some(found.date);
        return trimmed[found.end..]
            .trim_start_matches([',', ' '])
            .to_owned();
    }
    trimmed.to_owned()
}

/// Cleans the typographic slips archives leave in titles: doubled spaces, a space before
/// punctuation, a trailing comma inside the quotes (`Deng Xiaoping ,"`).
pub fn clean_title(text: &str) -> String {
    let mut title = text.split_whitespace().collect::<Vec<_>>().join(" ");
    for punctuation in [",", ";", ":", ".", ")"] {
        title = title.replace(&format!(" {punctuation}"), punctuation);
    }
    title = title.replace("( ", "(");
    let title = title
        .trim_matches(|c: char| c == '"' || c == '“' || c == '”' || c.is_whitespace())
        .trim_end_matches([',', ';', ':'])
        .trim();
    title.to_owned()
}

/// Splits a holding (`AVPRF f. 0100, op. 53`, `APRF, f. 3, op. 65`, `National Archives,
/// NSC Files, Box 1029`) into the archive and the reference within it. Only the first of
/// several references (joined by `;`) is read; `copy courtesy of …` is not a reference.
/// The archive is the name up to the first `,` or `:`, or up to the first reference token
/// when that comes first.
fn split_archive(holding: &str, citation: &mut Citation) {
    let holding = split_depth0(holding, ';')[0].trim();
    let depths = depth_map(holding);
    let mut holding = holding;
    for (i, _) in holding.match_indices(", ") {
        let rest = holding[i + 2..].to_lowercase();
        if depths.get(i).copied().unwrap_or(0) == 0
            && (rest.starts_with("copy courtesy") || rest.starts_with("courtesy of"))
        {
            holding = &holding[..i];
            break;
        }
    }
    let holding = holding.trim().trim_end_matches(['.', ',']).trim();
    let reference = REFERENCE.find_iter(holding).find_map(|m| {
        let offset = holding[m.start()..]
            .find(|c: char| !c.is_whitespace() && c != ',' && c != '(')
            .map(|o| m.start() + o)?;
        (depths.get(offset).copied().unwrap_or(0) == 0).then_some(offset)
    });
    let separator = holding
        .char_indices()
        .find(|&(i, c)| matches!(c, ',' | ':') && depths.get(i).copied().unwrap_or(0) == 0)
        .map(|(i, _)| i);
    let cut = match (reference, separator) {
        (Some(r), Some(s)) if r <= s => Some((r, r)),
        (_, Some(s)) => Some((s, s + 1)),
        (Some(r), None) => Some((r, r)),
        (None, None) => None,
    };
    match cut {
        Some((end, start)) if end > 0 => {
            citation.archive = holding[..end]
                .trim()
                .trim_end_matches([',', ';', ':'])
                .trim()
                .to_owned();
            citation.archive_location = holding[start..].trim().to_owned();
        }
        _ => citation.archive = holding.trim().to_owned(),
    }
}

fn depth_map(text: &str) -> Vec<u8> {
    let mut depth: u8 = 0;
    let mut map = Vec::with_capacity(text.len());
    for c in text.chars() {
        if matches!(c, '(' | '[') {
            depth = depth.saturating_add(1);
        }
        for _ in 0..c.len_utf8() {
            map.push(depth);
        }
        if matches!(c, ')' | ']') {
            depth = depth.saturating_sub(1);
        }
    }
    map
}

/// Splits at `separator` outside brackets.
fn split_depth0(text: &str, separator: char) -> Vec<&str> {
    let depths = depth_map(text);
    let mut parts = Vec::new();
    let mut start = 0;
    for (i, c) in text.char_indices() {
        if c == separator && depths.get(i).copied().unwrap_or(0) == 0 {
            parts.push(&text[start..i]);
            start = i + 1;
        }
    }
    parts.push(&text[start..]);
    parts
}

fn parse_credits(credits: &str, citation: &mut Citation) {
    static FROM_LANGUAGE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)\btranslat\w*\s+(?:for\s+[^,.]*?\s+)?from\s+(?:the\s+)?(\p{Lu}\p{L}+)(?:\s+into\s+\w+)?\s+by\b")
            .expect("valid pattern")
    });
    if citation.original_language.is_empty()
        && let Some(c) = FROM_LANGUAGE.captures(credits)
    {
        citation.original_language = c[1].to_owned();
    }
    let matches: Vec<regex::Match<'_>> = CREDIT.find_iter(credits).collect();
    for (k, m) in matches.iter().enumerate() {
        let verbs = m.as_str().to_lowercase();
        let end = matches
            .get(k + 1)
            .map_or(credits.len(), |next| next.start());
        let names = split_names(&credits[m.end()..end]);
        if verbs.contains("obtain") {
            push_unique(&mut citation.obtained_by, &names);
        }
        if verbs.contains("translat") {
            push_unique(&mut citation.translators, &names);
        }
    }
}

fn push_unique(list: &mut Vec<String>, names: &[String]) {
    for name in names {
        if !list.contains(name) {
            list.push(name.clone());
        }
    }
}

/// `Paul Wingrove and ` / `A, B, and C.` / `X for CWIHP.` to a list of names.
fn split_names(text: &str) -> Vec<String> {
    // A sentence ends at `. ` after a word of two letters or more (not after an initial).
    let mut end = text.len();
    for (i, _) in text.match_indices(". ") {
        let word_start = text[..i].rfind(' ').map_or(0, |s| s + 1);
        if text[word_start..i].chars().count() > 1 {
            end = i;
            break;
        }
    }
    let mut text = text[..end].trim();
    for cut in [" for ", " from ", " with the ", " (", "; "] {
        if let Some(i) = text.find(cut) {
            text = &text[..i];
        }
    }
    let text = text
        .trim()
        .trim_end_matches(" and")
        .trim_end_matches(',')
        .trim_end_matches('.')
        .trim();
    let mut names = Vec::new();
    for part in text.split(", ") {
        for name in part.split(" and ").flat_map(|p| p.split(" & ")) {
            let name = name
                .trim()
                .trim_start_matches("and ")
                .trim()
                .trim_end_matches('.');
            if !name.is_empty() && name.chars().any(char::is_alphabetic) {
                names.push(name.to_owned());
            }
        }
    }
    names
}

/// The current site's `Source` paragraph: archive references joined by `;` and `and`
/// (the first is read), then `Reprinted in …`, `Published in …` and translation credits.
pub fn parse_source(text: &str) -> Citation {
    let verbatim = text.trim().to_owned();
    let mut citation = Citation::default();
    let (archival, credits) = match CREDIT.find(&verbatim) {
        Some(m) => (&verbatim[..m.start()], &verbatim[m.start()..]),
        None => (verbatim.as_str(), ""),
    };
    parse_credits(credits, &mut citation);
    let mut archival = archival.trim();
    for marker in ["Reprinted in ", "Published in ", "Originally published"] {
        if let Some(i) = archival.find(marker) {
            archival = &archival[..i];
        }
    }
    let archival = archival.trim().trim_end_matches(['.', ',', ';']).trim();
    if !archival.is_empty() {
        split_archive(archival, &mut citation);
    }
    citation
}

/// What a FRUS or Avalon source note says: the archive and the file (lot, box or decimal
/// file), and the classification (the first item of the sentence `Secret; Nodis.`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SourceNote {
    /// The holding institution (`Department of State`).
    pub archive: String,
    /// The files: `Lot 94D92, Box 3`, `Central Files, 882.49/11-262`.
    pub archive_location: String,
    /// The classification as written (`Secret`).
    pub classification: String,
}

/// Reads a source note (`Source: <archive>, <files>. <Classification>; <handling>. …`).
pub fn parse_source_note(text: &str) -> SourceNote {
    static SENTENCE_END: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"\.\s+(?:\p{Lu}|$)").expect("valid pattern"));
    static FILE_TOKEN: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)\blot\s+\w+|\bbox\s+\d+|\bfiles\b|\b\d{3}\.\d+/|\bfolder\b|\brecord group\b|\brg\s+\d+")
            .expect("valid pattern")
    });
    static CLASSIFIED: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)^(?:top secret|secret|confidential|limited official use|unclassified|official use only|eyes only|restricted)\b")
            .expect("valid pattern")
    });
    let body = text.trim();
    let body = body
        .strip_prefix("Source:")
        .map_or(body, str::trim)
        .to_owned();
    let mut sentences = Vec::new();
    let mut start = 0;
    for m in SENTENCE_END.find_iter(&body) {
        sentences.push(body[start..m.start()].trim());
        start = m.start() + 1;
    }
    sentences.push(body[start..].trim().trim_end_matches('.'));
    let mut note = SourceNote::default();
    if let Some(first) = sentences.first() {
        let segments = split_depth0(first, ',');
        note.archive = segments[0].trim().to_owned();
        if let Some(k) = segments.iter().skip(1).position(|s| FILE_TOKEN.is_match(s)) {
            note.archive_location = segments[k + 1..]
                .iter()
                .map(|s| s.trim())
                .collect::<Vec<_>>()
                .join(", ");
        } else if segments.len() > 1 {
            note.archive_location = segments[1..]
                .iter()
                .map(|s| s.trim())
                .collect::<Vec<_>>()
                .join(", ");
        }
    }
    if let Some(sentence) = sentences.iter().skip(1).find(|s| CLASSIFIED.is_match(s)) {
        note.classification = sentence.split(';').next().unwrap_or("").trim().to_owned();
    }
    note
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_fields_layout_citation() {
        let c = parse(
            "\"From the Diary of S. V. Chervonenko, Transcript of Conversation with General Secretary of the CC CCP, Deng Xiaoping, 30 September 1961\", October 12, 1961, Wilson Center Digital Archive, AVPRF f. 0100, op. 53, p. 8, d. 454, ll. 175-8. Translated by Benjamin Aldrich-Moodie. <https://wilson-center-digital-archive.dvincitest.com/document/111250>",
        );
        assert!(
            c.title
                .unwrap()
                .ends_with("Deng Xiaoping, 30 September 1961")
        );
        assert_eq!(c.date.unwrap().to_string(), "1961-10-12");
        assert_eq!(c.collection, "Wilson Center Digital Archive");
        assert_eq!(c.archive, "AVPRF");
        assert_eq!(
            c.archive_location,
            "f. 0100, op. 53, p. 8, d. 454, ll. 175-8"
        );
        assert_eq!(c.translators, ["Benjamin Aldrich-Moodie"]);
        assert!(c.obtained_by.is_empty());
        assert_eq!(
            c.url,
            "https://wilson-center-digital-archive.dvincitest.com/document/111250"
        );
    }

    #[test]
    fn parses_the_scraped_layout_citation_and_cleans_the_title() {
        let c = parse(
            "\"Memorandum of Conversation with the General Secretary of the CCP CC, Deng Xiaoping ,\" December 08, 1959, History and Public Policy Program Digital Archive, RGANI (formerly Center for Preservation of Contemporary Documentation [TsKhSD]), f. 5, op. 49, d. 235, ll. 107-110. Obtained by Paul Wingrove and translated by Benjamin Aldrich-Moodie.",
        );
        assert_eq!(
            c.title.as_deref(),
            Some(
                "Memorandum of Conversation with the General Secretary of the CCP CC, Deng Xiaoping"
            )
        );
        assert_eq!(c.date.unwrap().to_string(), "1959-12-08");
        assert_eq!(
            c.collection,
            "History and Public Policy Program Digital Archive"
        );
        assert_eq!(
            c.archive,
            "RGANI (formerly Center for Preservation of Contemporary Documentation [TsKhSD])"
        );
        assert_eq!(c.archive_location, "f. 5, op. 49, d. 235, ll. 107-110");
        assert_eq!(c.obtained_by, ["Paul Wingrove"]);
        assert_eq!(c.translators, ["Benjamin Aldrich-Moodie"]);
        assert!(c.url.is_empty());
    }

    #[test]
    fn reads_shared_and_multiple_credits() {
        let c = parse(
            "\"T\", 1961, Archive, APRF, f. 3, op. 65, d. 1. Obtained and translated by Mark Kramer.",
        );
        assert_eq!(c.translators, ["Mark Kramer"]);
        assert_eq!(c.obtained_by, ["Mark Kramer"]);
        assert_eq!(c.date.unwrap().to_string(), "1961");
        let c = parse(
            "\"T\", May 1960, Archive, PRC FMA 109-00870-03. Translated for CWIHP by David Wolff, Zhang Qian, and Anna Beth Keim.",
        );
        assert_eq!(
            c.translators,
            ["David Wolff", "Zhang Qian", "Anna Beth Keim"]
        );
        assert_eq!(c.archive, "PRC FMA");
        assert_eq!(c.archive_location, "109-00870-03");
        let c = parse("\"T\" Archive. Translated by S. V. Smith and J. Doe.");
        assert_eq!(c.translators, ["S. V. Smith", "J. Doe"]);
    }

    #[test]
    fn archives_end_at_the_first_comma_or_reference() {
        let c = parse_source(
            "APRF, f. 3, op. 65, d. 339, l. 52; AVPRF, Fond 07, Opis 24; and RGASPI, f. 84. Translated for CWIHP from Russian by Daria Lebedeva.",
        );
        assert_eq!(c.archive, "APRF");
        assert_eq!(c.archive_location, "f. 3, op. 65, d. 339, l. 52");
        assert_eq!(c.translators, ["Daria Lebedeva"]);
        assert_eq!(c.original_language, "Russian");
        let c = parse_source("AAN, KC PZPR, Politburo Protocols, sygn. 1712, k. 44-71.");
        assert_eq!(c.archive, "AAN");
        assert_eq!(
            c.archive_location,
            "KC PZPR, Politburo Protocols, sygn. 1712, k. 44-71"
        );
        let c = parse_source("Archive of the Ministry, copy courtesy of Some Institute");
        assert_eq!(c.archive, "Archive of the Ministry");
        assert!(c.archive_location.is_empty());
        let c = parse_source("APRF: F. 3, Op. 65, D. 12, L. 4.");
        assert_eq!(c.archive, "APRF");
        assert_eq!(c.archive_location, "F. 3, Op. 65, D. 12, L. 4");
    }

    #[test]
    fn source_notes_give_files_and_classification() {
        let n = parse_source_note(
            "Source: Department of State, Executive Secretariat, S/S-I Records, Lot 71 D 39, Box 3. Top Secret; Nodis. Drafted by Smith.",
        );
        assert_eq!(n.archive, "Department of State");
        assert_eq!(n.archive_location, "Lot 71 D 39, Box 3");
        assert_eq!(n.classification, "Top Secret");
        let n = parse_source_note(
            "Source: Department of State, Central Files, 611.61/5-1459. Confidential; Priority. Received at 2 p.m.",
        );
        assert_eq!(n.archive_location, "Central Files, 611.61/5-1459");
        assert_eq!(n.classification, "Confidential");
    }

    #[test]
    fn cleans_title_slips() {
        assert_eq!(clean_title("A  title ,"), "A title");
        assert_eq!(clean_title(" Deng Xiaoping , 1961 "), "Deng Xiaoping, 1961");
    }
}
