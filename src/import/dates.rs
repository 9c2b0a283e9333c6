//! Dates as archives write them (`October 12, 1961`, `December 08, 1959`, `30 September 1961`,
//! `8" December 1959`, `September 1961`, `1961`, `c. 1961`, `1961-09-30`, `30.09.1961`),
//! turned into [`EditionDate`]s.

use std::sync::LazyLock;

use regex::Regex;

use crate::content::date::EditionDate;

/// Month names and the abbreviations archives use, case-insensitive.
const MONTH: &str = r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?";

/// A date anywhere in a string. The alternatives are tried in order; each names its parts.
/// The day may carry an ordinal suffix or a stray quote (`8" December 1959`, an OCR reading
/// of a superscript ordinal).
static DATE: LazyLock<Regex> = LazyLock::new(|| {
    let pattern = format!(
        r#"(?ix)
        (?P<approx>\b(?:c\.|ca\.|circa|approximately|about)\s*|~\s*)?
        (?:
            (?P<m1>{MONTH})\s+(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<y1>\d{{4}})\b
          | \b(?P<d2>\d{{1,2}})(?:st|nd|rd|th|["'”’])?\s*(?:of\s+)?(?P<m2>{MONTH}),?\s+(?P<y2>\d{{4}})\b
          | \b(?P<y3>\d{{4}})-(?P<m3>\d{{2}})(?:-(?P<d3>\d{{2}}))?\b
          | \b(?P<d4>\d{{1,2}})\.(?P<m4>\d{{1,2}})\.(?P<y4>\d{{4}})\b
          | \b(?P<m5>{MONTH}),?\s+(?P<y5>\d{{4}})\b
          | \b(?P<y6>1[5-9]\d\d|20\d\d)\b
        )
        (?P<uncertain>\s*\?)?"#
    );
    Regex::new(&pattern).expect("the date pattern is valid")
});

/// A date found in a text, with where it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FoundDate {
    /// The date.
    pub date: EditionDate,
    /// Byte range of the date in the text searched.
    pub start: usize,
    /// End of the byte range.
    pub end: usize,
}

fn month_number(name: &str) -> Option<u8> {
    let lower = name.trim_end_matches('.').to_ascii_lowercase();
    let prefix = lower.get(..3)?;
    let months = [
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ];
    months
        .iter()
        .position(|m| *m == prefix)
        .and_then(|i| u8::try_from(i + 1).ok())
}

fn build(year: &str, month: Option<u8>, day: Option<&str>) -> Option<EditionDate> {
    let year: i32 = year.parse().ok()?;
    let day = match day {
        Some(d) => Some(d.parse::<u8>().ok()?),
        None => None,
    };
    if let Some(m) = month {
        if !(1..=12).contains(&m) {
            return None;
        }
        if let Some(d) = day {
            chrono::NaiveDate::from_ymd_opt(year, u32::from(m), u32::from(d))?;
        }
    }
    Some(EditionDate {
        year,
        month,
        day: if month.is_some() { day } else { None },
        uncertain: false,
        approximate: false,
    })
}

fn from_captures(caps: &regex::Captures<'_>) -> Option<EditionDate> {
    let text = |name: &str| caps.name(name).map(|m| m.as_str());
    let mut date = if let Some(y) = text("y1") {
        build(y, text("m1").and_then(month_number), text("d1"))
    } else if let Some(y) = text("y2") {
        build(y, text("m2").and_then(month_number), text("d2"))
    } else if let Some(y) = text("y3") {
        build(y, text("m3").and_then(|m| m.parse().ok()), text("d3"))
    } else if let Some(y) = text("y4") {
        build(y, text("m4").and_then(|m| m.parse().ok()), text("d4"))
    } else if let Some(y) = text("y5") {
        build(y, text("m5").and_then(month_number), None)
    } else {
        build(text("y6")?, None, None)
    }?;
    date.approximate = caps.name("approx").is_some();
    date.uncertain = caps.name("uncertain").is_some();
    Some(date)
}

/// Every date in `text`, in order. Invalid calendar dates (`31 September 1961`) are skipped.
pub fn find_all(text: &str) -> Vec<FoundDate> {
    DATE.captures_iter(text)
        .filter_map(|caps| {
            let whole = caps.get(0)?;
            from_captures(&caps).map(|date| FoundDate {
                date,
                start: whole.start(),
                end: whole.end(),
            })
        })
        .collect()
}

/// The date at the very start of `text` (after spaces), with the length it takes.
pub fn at_start(text: &str) -> Option<FoundDate> {
    let trimmed = text.trim_start();
    let skipped = text.len() - trimmed.len();
    let caps = DATE.captures(trimmed)?;
    let whole = caps.get(0)?;
    if whole.start() != 0 {
        return None;
    }
    let date = from_captures(&caps)?;
    Some(FoundDate {
        date,
        start: skipped,
        end: skipped + whole.end(),
    })
}

/// The date when `text` is nothing but a date (brackets, stray punctuation and `**` allowed
/// around it): `October 12, 1961`, `[8 December 1959]`, `1961`.
pub fn whole(text: &str) -> Option<EditionDate> {
    let inner = text
        .trim()
        .trim_matches(|c: char| c == '*' || c == '[' || c == ']' || c.is_whitespace())
        .trim_end_matches(['.', ','])
        .trim();
    if inner.is_empty() || inner.len() > 40 {
        return None;
    }
    let found = at_start(inner)?;
    let rest = inner[found.end..].trim();
    rest.is_empty().then_some(found.date)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn iso(text: &str) -> String {
        whole(text).map(|d| d.to_string()).unwrap_or_default()
    }

    #[test]
    fn reads_every_form_the_archives_use() {
        assert_eq!(iso("October 12, 1961"), "1961-10-12");
        assert_eq!(iso("December 08, 1959"), "1959-12-08");
        assert_eq!(iso("30 September 1961"), "1961-09-30");
        assert_eq!(iso("12 October 1961"), "1961-10-12");
        assert_eq!(iso("8\" December 1959"), "1959-12-08");
        assert_eq!(iso("8th of December, 1959"), "1959-12-08");
        assert_eq!(iso("Sept. 30, 1961"), "1961-09-30");
        assert_eq!(iso("SEPTEMBER 30, 1961"), "1961-09-30");
        assert_eq!(iso("September 1961"), "1961-09");
        assert_eq!(iso("September, 1961"), "1961-09");
        assert_eq!(iso("1961"), "1961");
        assert_eq!(iso("c. 1961"), "1961~");
        assert_eq!(iso("[September 1961?]"), "1961-09?");
        assert_eq!(iso("1961-09-30"), "1961-09-30");
        assert_eq!(iso("30.09.1961"), "1961-09-30");
        assert_eq!(iso("**October 12, 1961**"), "1961-10-12");
    }

    #[test]
    fn refuses_what_is_not_only_a_date() {
        assert_eq!(iso("31 September 1961"), "");
        assert_eq!(iso("Copy No. 1"), "");
        assert_eq!(iso("On 30 September 1961 we met"), "");
        assert_eq!(iso("TOP SECRET"), "");
        assert_eq!(iso(""), "");
    }

    #[test]
    fn finds_dates_inside_text() {
        let found = find_all("Conversation with Deng Xiaoping, 30 September 1961");
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].date.to_string(), "1961-09-30");
        let start = at_start(" December 08, 1959, History").unwrap();
        assert_eq!(start.date.to_string(), "1959-12-08");
        assert_eq!(start.end, 18);
    }
}
