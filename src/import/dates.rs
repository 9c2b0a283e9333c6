//! Dates as archives write them, turned into [`EditionDate`]s (IMPORT-LAYOUTS.md §4.3):
//!
//! - month by name: `October 12, 1961`, `December 08, 1959`, `Nov. 3, 1972`,
//!   `30 September 1961`, `8" December 1959`, `14.June.1952`, `1974 March 2 and 9`,
//!   `September 1961`, with a weekday before them (`Tuesday, April 7, 1953`);
//! - ranges: `November 26-27, 1974`, `2-6 October 1961`, `8 through 18 September 1958`,
//!   `4/5 March 1957`, `between 3-9 May 1968` (see [`FoundDate::value`]);
//! - Roman months: `3.IV.1951`, `28.XI.63`, `4 IX 1969`, `3/II/67`;
//! - figures: `30.09.1961`, `14.6.52`, `14/6-52`, `1961-09-30`, `1959/05/19`, and the US
//!   order `11/23/51`, which is found but flagged ([`DateForm::UsNumeric`]);
//! - a year alone: `1961`, `c. 1961`; a trailing `?` marks the date uncertain, and so do
//!   doubtful digits in double brackets (`1[[9]] May 1959`, `[[2]] October [[5]]8`).
//!
//! Two-digit years are 19YY. Times (`3:15-4:40 p.m.`, `10.05`, `2140`, `at 22 hours`) are never
//! read as dates; [`strip_times`] removes them from a date-and-time value. Dates without a
//! year (`on the evening of May 18`, `the 14 June note`) are found by [`find_yearless`] and
//! dated with [`resolve_yearless`].

use std::sync::LazyLock;

use regex::{Captures, Regex};

use crate::content::date::EditionDate;

/// Month names and the abbreviations archives use, case-insensitive, without a period.
macro_rules! month_name {
    () => {
        r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
    };
}

/// A month name or abbreviation without its period.
const MONTH_NAME: &str = month_name!();

/// A month name or abbreviation, with its period if any.
const MONTH: &str = concat!(month_name!(), r"\.?");

/// A month in Roman numerals, upper case only (`iv` in running text is not a month).
const ROMAN: &str = r"(?-i:XII|XI|X|IX|VIII|VII|VI|V|IV|III|II|I)";

/// A weekday before a date (`Tuesday, April 7, 1953`).
const WEEKDAY: &str = r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|(?:mon|tues?|wed|thu(?:rs?)?|fri|sat|sun)\.)";

/// What joins the two days of a range: `26-27`, `4/5`, `8 through 18`, `3 and 11`.
const TO: &str = r"(?:-|–|—|/|\bthrough\b|\bthru\b|\bto\b|\buntil\b|\btill\b|\band\b)";

/// A date anywhere in a string. The alternatives are tried in order at each position (the
/// leftmost match wins); each names its parts with its own suffix. The day may carry an
/// ordinal suffix or a stray quote (`8" December 1959`, an OCR reading of a superscript
/// ordinal).
static DATE: LazyLock<Regex> = LazyLock::new(|| {
    let pattern = format!(
        r#"(?ix)
        (?P<approx>\b(?:c\.|ca\.|circa|approximately|about)\s*|~\s*)?
        (?P<weekday>\b{WEEKDAY},?\s+(?:the\s+)?)?
        (?:
            # November 26-27, 1974
            (?P<rb1>\bbetween\s+)?\b(?P<rm1>{MONTH})\s+(?P<rd1>\d{{1,2}})(?:st|nd|rd|th)?
                \s*{TO}\s*(?P<re1>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<ry1>\d{{4}})\b
            # March 9, 1951
          | \b(?P<m1>{MONTH})\s+(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<y1>\d{{4}})\b
            # 2-6 October 1961, between 3-9 May 1968, 8 through 18 September 1958, 4/5 March 1957
          | (?P<rb2>\bbetween\s+(?:the\s+)?)?\b(?P<rd2>\d{{1,2}})(?:st|nd|rd|th)?
                \s*{TO}\s*(?P<re2>\d{{1,2}})(?:st|nd|rd|th|["'”’])?\s*(?:of\s+)?
                (?P<rm2>{MONTH}),?\s+(?P<ry2>\d{{4}})\b
            # 9 March 1951, 8th of December, 1959, 14.June.1952, 2 October 58
          | \b(?P<d2>\d{{1,2}})(?:st|nd|rd|th|["'”’])?(?:\s*(?:of\s+)?|[.\-/])
                (?P<m2>{MONTH})(?:,?\s+|[.\-/])(?P<y2>\d{{4}}|\d{{2}})\b
            # 1974 March 2 and 9
          | \b(?P<y5>\d{{4}})\.?\s+(?P<m5>{MONTH})\s+(?P<d5>\d{{1,2}})(?:st|nd|rd|th)?\b
                (?:\s*(?P<to5>{TO}|,|&)\s*(?P<e5>\d{{1,2}})(?:st|nd|rd|th)?\b)?
            # 1961-09-30, 1961-09
          | \b(?P<y6>\d{{4}})-(?P<m6>\d{{2}})(?:-(?P<d6>\d{{2}}))?\b
            # 1959/05/19
          | \b(?P<y7>\d{{4}})/(?P<m7>\d{{1,2}})/(?P<d7>\d{{1,2}})\b
            # 3.IV.1951, 28.XI.63, 3/II/67
          | \b(?P<d8>\d{{1,2}})\s*[./]\s*(?P<m8>{ROMAN})\s*[./]\s*(?P<y8>\d{{4}}|\d{{2}})\b
            # 4 IX 1969
          | \b(?P<d9>\d{{1,2}})\s+(?P<m9>{ROMAN})\s+(?P<y9>\d{{4}})\b
            # 30.09.1961, 14.6.52, 2.11.50
          | \b(?P<d10>\d{{1,2}})\.(?P<m10>\d{{1,2}})\.(?P<y10>\d{{4}}|\d{{2}})\b
            # 14/6-52
          | \b(?P<d11>\d{{1,2}})/(?P<m11>\d{{1,2}})-(?P<y11>\d{{4}}|\d{{2}})\b
            # 11/23/51 (US order), or 23/11/51 when the first number cannot be a month
          | \b(?P<a12>\d{{1,2}})/(?P<b12>\d{{1,2}})/(?P<y12>\d{{4}}|\d{{2}})\b
            # September 1961
          | \b(?P<m13>{MONTH}),?\s+(?P<y13>\d{{4}})\b
            # 1961
          | \b(?P<y14>1[5-9]\d\d|20\d\d)\b
        )
        (?P<uncertain>\s*\?)?"#
    );
    compile(&pattern)
});

/// A month and day without a year: `May 18`, `2 April`, `14th of June`, `between June 3 and 11`.
static YEARLESS: LazyLock<Regex> = LazyLock::new(|| {
    let pattern = format!(
        r"(?ix)
        (?P<between>\bbetween\s+(?:the\s+)?)?
        (?:
            \b(?P<m1>{MONTH_NAME})\b\.?\s+(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?\b
                (?:\s*{TO}\s*(?P<e1>\d{{1,2}})(?:st|nd|rd|th)?\b)?
          | \b(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?
                (?:\s*{TO}\s*(?P<e2>\d{{1,2}})(?:st|nd|rd|th)?)?
                \s+(?:of\s+)?(?P<m2>{MONTH_NAME})\b\.?
        )"
    );
    compile(&pattern)
});

/// A time of day, or a span of them: `3:15-4:40 p.m.`, `3: 40 p. m.`, `10 :15 p. m.`, `10.05`,
/// `2140`, `0415`, `at 22 hours 10 minutes`, `6-6:45 (p.m.?)`, `14:20 p.m.`, `3 p.m.`.
static TIME: LazyLock<Regex> = LazyLock::new(|| {
    let clock =
        r"(?:\b\d{1,2}\s*:\s*\d{2}\b|\b\d{1,2}\.\d{2}\b|\b[01]\d[0-5]\d\b|\b2[0-4][0-5]\d\b)";
    let meridian = r"(?:\(\s*[ap]\.?\s?m\.?\s*\??\s*\)|\b[ap]\.\s?m\b\.?|\b[ap]m\b)";
    let pattern = format!(
        r"(?ix)
        (?:\b(?:at|from)\s+)?
        (?:
            \b\d{{1,2}}\s+(?:hours|hrs)\b\.?(?:\s+(?:and\s+)?\d{{1,2}}\s+(?:minutes|mins?)\b\.?)?
          | (?:(?:{clock}|\b\d{{1,2}})(?:\s*{meridian})?\s*(?:-|–|—|\bto\b|\buntil\b|\btill\b)\s*)?
                {clock}(?:\s*(?:hours|hrs|h)\b\.?)?(?:\s*{meridian})?
          | \b\d{{1,2}}\s*(?:\b[ap]\.\s?m\b\.?|\([ap]\.\s?m\.?\s*\??\))
        )"
    );
    compile(&pattern)
});

/// Digits the transcriber could not read for sure: `1[[9]]`, `[[5]]8`.
static DOUBTFUL: LazyLock<Regex> = LazyLock::new(|| compile(r"\[\[(\d{1,4})\]\]"));

/// Compiles one of the patterns above with ASCII word boundaries and digits: a Unicode `\b`
/// makes the regex crate leave its fast automaton on any text with a non-ASCII letter (most
/// archive pages have one), and only ASCII digits parse as numbers. Spaces stay Unicode
/// (U+00A0 is a space, §4.1).
fn compile(pattern: &str) -> Regex {
    let ascii = pattern.replace(r"\b", r"(?-u:\b)").replace(r"\d", "[0-9]");
    Regex::new(&ascii).expect("the date patterns are valid")
}

/// How a date was written, so that callers can tell a document date from a stamp.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DateForm {
    /// The month by name: `March 9, 1951`, `9 March 1951`, `14.June.1952`, `September 1961`,
    /// `1974 March 2`, and the ranges built on them.
    Written,
    /// Day first, all figures: `30.09.1961`, `14.6.52`, `14/6-52`, `23/11/51`.
    Numeric,
    /// Month first, all figures, with slashes: `11/23/51`. Transmission logs write these:
    /// never the document date (§4.3).
    UsNumeric,
    /// ISO 8601: `1961-09-30`, `1961-09`. Upload dates are written so (§4.3).
    Iso,
    /// Year first with slashes: `1959/05/19`.
    Slashed,
    /// The month in Roman numerals: `3.IV.1951`, `4 IX 1969`, `3/II/67`.
    Roman,
    /// A year alone: `1961`, `c. 1961`.
    YearOnly,
}

/// A date found in a text, with where it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FoundDate {
    /// The date; for a range, its first day.
    pub date: EditionDate,
    /// Byte range of the date in the text searched (with a weekday, `c.`, `between` or a
    /// trailing `?` that belongs to it).
    pub start: usize,
    /// End of the byte range.
    pub end: usize,
    /// How it is written.
    pub form: DateForm,
    /// The text names a span of days (`November 26-27, 1974`, `4/5 March 1957`) or several
    /// days (`1974 March 2 and 9`); `date` is the first.
    pub range: bool,
    /// The range is introduced by `between` (`between 3-9 May 1968`): it only bounds a visit,
    /// and §4.3 wants its month ([`FoundDate::value`]).
    pub bounds: bool,
}

impl FoundDate {
    /// True for a whole day written as documents date themselves: not a US-order stamp of
    /// a transmission log (`11/23/51`) nor an ISO upload date (`2012-04-17`).
    pub fn is_day(&self) -> bool {
        self.date.day.is_some() && !matches!(self.form, DateForm::UsNumeric | DateForm::Iso)
    }

    /// The first day of a range, or the date itself.
    pub fn range_start(&self) -> EditionDate {
        self.date
    }

    /// The date to the month (`1968-05`), keeping its qualifiers.
    pub fn month(&self) -> EditionDate {
        EditionDate {
            day: None,
            ..self.date
        }
    }

    /// The value §4.3 gives the date: the month for a range that bounds a visit
    /// (`between 3-9 May 1968` gives `1968-05`), the first day for any other range
    /// (`November 26-27, 1974` gives `1974-11-26`), else the date.
    pub fn value(&self) -> EditionDate {
        if self.range && self.bounds {
            self.month()
        } else {
            self.date
        }
    }
}

/// A month and day found without a year, with where they are.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct YearlessDate {
    /// The month (1-12).
    pub month: u8,
    /// The day of the month; for a range, its first day.
    pub day: u8,
    /// Byte range in the text searched (with `between` when the range has it).
    pub start: usize,
    /// End of the byte range.
    pub end: usize,
    /// A span of days (`June 3-11`, `between June 3 and 11`); `day` is the first.
    pub range: bool,
    /// The range is introduced by `between`.
    pub bounds: bool,
}

impl YearlessDate {
    /// The date in the year [`resolve_yearless`] gives it.
    pub fn resolve(&self, document_date: EditionDate) -> Option<EditionDate> {
        resolve_yearless(self.month, self.day, document_date)
    }
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

fn is_full_month(name: &str) -> bool {
    crate::content::date::month_name(month_number(name).unwrap_or(0)).eq_ignore_ascii_case(name)
}

fn roman_month(numeral: &str) -> Option<u8> {
    let numerals = [
        "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII",
    ];
    numerals
        .iter()
        .position(|m| *m == numeral)
        .and_then(|i| u8::try_from(i + 1).ok())
}

/// A year of four digits, or of two (19YY).
fn year_of(text: &str) -> Option<i32> {
    let year: i32 = text.parse().ok()?;
    Some(if text.len() == 2 { 1900 + year } else { year })
}

fn build(year: i32, month: Option<u8>, day: Option<u8>) -> Option<EditionDate> {
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

/// The first day of a range and whether it is one: `26-27` gives 26, a range. A second day
/// not after the first (`12/4 March`) is not a range: the day next to the month is taken.
fn first_day(first: &str, last: &str) -> Option<(u8, bool)> {
    let first: u8 = first.parse().ok()?;
    let last: u8 = last.parse().ok()?;
    Some(if last > first {
        (first, true)
    } else {
        (last, false)
    })
}

/// What one match of [`DATE`] gives.
enum Reading {
    /// A date.
    Date {
        date: EditionDate,
        form: DateForm,
        range: bool,
        bounds: bool,
    },
    /// The shape of a date but not a calendar date (`31 September 1961`): skipped whole.
    Invalid,
    /// Not a date in its context (`1.2.3.45`, `No. 1953`): the search goes on inside it.
    Rejected,
}

/// True when `before` (the text before a match) ends in a number sign: `No.`, `Nº`, `№`,
/// `Nr.`, `#`.
fn after_number_sign(before: &str) -> bool {
    let before = before.trim_end();
    if before.ends_with(['#', '№']) {
        return true;
    }
    ["No.", "NO.", "No", "NO", "Nº", "nº", "Nr.", "Nr", "no."]
        .iter()
        .any(|sign| {
            before.strip_suffix(sign).is_some_and(|rest| {
                !rest
                    .chars()
                    .next_back()
                    .is_some_and(|c| c.is_alphanumeric())
            })
        })
}

/// True when a date written in figures sits inside a longer run of figures: a file number
/// (`882.49/11-262`, `711.11/3-1552`), a section number (`1.2.3.45`).
fn inside_figures(hay: &str, start: usize, end: usize) -> bool {
    let before = hay[..start].chars().next_back();
    if before.is_some_and(|c| matches!(c, '.' | '/' | '-' | '–' | ':')) {
        return true;
    }
    let mut after = hay[end..].chars();
    matches!(after.next(), Some('.' | '/' | '-' | ':'))
        && after.next().is_some_and(|c| c.is_ascii_digit())
}

/// True when the text before a bare year shows it is the end of a file or page number:
/// `…/1552`, `711.11/3-1552`, `p.1953` (but `1959-1960` is two years).
fn year_in_file_number(before: &str) -> bool {
    let mut chars = before.chars().rev();
    match chars.next() {
        Some('/' | '.' | '№') => true,
        Some('-' | '–') => {
            let digits = chars.take_while(char::is_ascii_digit).count();
            (1..=2).contains(&digits)
        }
        _ => false,
    }
}

/// True when a two-digit year is rather the hour of a time (`8 May 10:05`).
fn year_is_hour(hay: &str, end: usize) -> bool {
    let mut after = hay[end..].chars();
    match after.next() {
        Some(':') => true,
        Some('.') => after.next().is_some_and(|c| c.is_ascii_digit()),
        _ => false,
    }
}

fn read(caps: &Captures<'_>, hay: &str) -> Reading {
    let text = |name: &str| caps.name(name).map(|m| m.as_str());
    let number = |name: &str| text(name).and_then(|t| t.parse::<u8>().ok());
    let Some(whole) = caps.get(0) else {
        return Reading::Invalid;
    };
    let (start, end) = (whole.start(), whole.end());
    let figures_ok = || !inside_figures(hay, start, end) && !after_number_sign(&hay[..start]);
    let mut range = false;
    let mut bounds = false;
    let (date, form) = if let Some(y) = text("ry1") {
        let Some((day, is_range)) = first_day(text("rd1").unwrap_or(""), text("re1").unwrap_or(""))
        else {
            return Reading::Invalid;
        };
        range = is_range;
        bounds = is_range && text("rb1").is_some();
        let month = text("rm1").and_then(month_number);
        (
            year_of(y).and_then(|y| build(y, month, Some(day))),
            DateForm::Written,
        )
    } else if let Some(y) = text("y1") {
        let month = text("m1").and_then(month_number);
        (
            year_of(y).and_then(|y| build(y, month, number("d1"))),
            DateForm::Written,
        )
    } else if let Some(y) = text("ry2") {
        let Some((day, is_range)) = first_day(text("rd2").unwrap_or(""), text("re2").unwrap_or(""))
        else {
            return Reading::Invalid;
        };
        range = is_range;
        bounds = is_range && text("rb2").is_some();
        let month = text("rm2").and_then(month_number);
        (
            year_of(y).and_then(|y| build(y, month, Some(day))),
            DateForm::Written,
        )
    } else if let Some(y) = text("y2") {
        if y.len() == 2 && year_is_hour(hay, end) {
            return Reading::Rejected;
        }
        let month = text("m2").and_then(month_number);
        (
            year_of(y).and_then(|y| build(y, month, number("d2"))),
            DateForm::Written,
        )
    } else if let Some(y) = text("y5") {
        range = text("e5").is_some();
        let month = text("m5").and_then(month_number);
        (
            year_of(y).and_then(|y| build(y, month, number("d5"))),
            DateForm::Written,
        )
    } else if let Some(y) = text("y6") {
        let month = number("m6");
        (
            year_of(y).and_then(|y| build(y, month, number("d6"))),
            DateForm::Iso,
        )
    } else if let Some(y) = text("y7") {
        if !figures_ok() {
            return Reading::Rejected;
        }
        let month = number("m7");
        (
            numeric_year(y).and_then(|y| build(y, month, number("d7"))),
            DateForm::Slashed,
        )
    } else if let Some(y) = text("y8").or(text("y9")) {
        let before = hay[..start].chars().next_back();
        if before.is_some_and(|c| matches!(c, '.' | '/' | '-' | '–')) {
            return Reading::Rejected;
        }
        let (day, month) = if text("y8").is_some() {
            (number("d8"), text("m8").and_then(roman_month))
        } else {
            (number("d9"), text("m9").and_then(roman_month))
        };
        let Some(month) = month else {
            return Reading::Invalid;
        };
        (
            numeric_year(y).and_then(|y| build(y, Some(month), day)),
            DateForm::Roman,
        )
    } else if let Some(y) = text("y10").or(text("y11")) {
        if !figures_ok() {
            return Reading::Rejected;
        }
        let (day, month) = if text("y10").is_some() {
            (number("d10"), number("m10"))
        } else {
            (number("d11"), number("m11"))
        };
        (
            numeric_year(y).and_then(|y| build(y, month, day)),
            DateForm::Numeric,
        )
    } else if let Some(y) = text("y12") {
        if !figures_ok() {
            return Reading::Rejected;
        }
        let (Some(a), Some(b)) = (number("a12"), number("b12")) else {
            return Reading::Invalid;
        };
        let (month, day, form) = if a <= 12 {
            (a, b, DateForm::UsNumeric)
        } else {
            (b, a, DateForm::Numeric)
        };
        (
            numeric_year(y).and_then(|y| build(y, Some(month), Some(day))),
            form,
        )
    } else if let Some(y) = text("y13") {
        let month = text("m13").and_then(month_number);
        (
            year_of(y).and_then(|y| build(y, month, None)),
            DateForm::Written,
        )
    } else if let Some(y) = text("y14") {
        if after_number_sign(&hay[..start]) || year_in_file_number(&hay[..start]) {
            return Reading::Rejected;
        }
        (
            year_of(y).and_then(|y| build(y, None, None)),
            DateForm::YearOnly,
        )
    } else {
        return Reading::Invalid;
    };
    let Some(mut date) = date else {
        return Reading::Invalid;
    };
    date.approximate = caps.name("approx").is_some();
    date.uncertain = caps.name("uncertain").is_some();
    Reading::Date {
        date,
        form,
        range,
        bounds,
    }
}

/// A year in a date written in figures: two digits (19YY), or four between 1500 and 2099.
fn numeric_year(text: &str) -> Option<i32> {
    year_of(text).filter(|y| (1500..=2099).contains(y))
}

/// A text with its doubtful digits' brackets taken out (`1[[9]] May` reads `19 May`), and the
/// way back to the text's own offsets.
struct Cleaned {
    text: String,
    /// For every byte of `text`, its offset in the original; one more entry for the end.
    offsets: Vec<usize>,
    /// The offsets in the original of every `[[` taken out, and of its `]]`.
    brackets: Vec<(usize, usize)>,
}

impl Cleaned {
    fn new(original: &str) -> Option<Cleaned> {
        if !original.contains("[[") {
            return None;
        }
        let mut text = String::with_capacity(original.len());
        let mut offsets = Vec::with_capacity(original.len() + 1);
        let mut brackets = Vec::new();
        let mut copied = 0;
        let copy = |text: &mut String, offsets: &mut Vec<usize>, from: usize, to: usize| {
            text.push_str(&original[from..to]);
            offsets.extend(from..to);
        };
        for caps in DOUBTFUL.captures_iter(original) {
            let (Some(whole), Some(digits)) = (caps.get(0), caps.get(1)) else {
                continue;
            };
            copy(&mut text, &mut offsets, copied, whole.start());
            copy(&mut text, &mut offsets, digits.start(), digits.end());
            brackets.push((whole.start(), digits.end()));
            copied = whole.end();
        }
        if brackets.is_empty() {
            return None;
        }
        copy(&mut text, &mut offsets, copied, original.len());
        offsets.push(original.len());
        Some(Cleaned {
            text,
            offsets,
            brackets,
        })
    }

    /// The original byte range of `start..end` in the cleaned text, widened over the brackets
    /// at its edges, and whether it holds doubtful digits.
    fn original(&self, start: usize, end: usize) -> (usize, usize, bool) {
        let mut from = self.offsets[start];
        let mut to = if end > start {
            self.offsets[end - 1] + 1
        } else {
            from
        };
        if let Some(&(open, _)) = self.brackets.iter().find(|(open, _)| open + 2 == from) {
            from = open;
        }
        if self.brackets.iter().any(|&(_, close)| close == to) {
            to += 2;
        }
        let doubtful = self
            .brackets
            .iter()
            .any(|&(open, close)| open >= from && close < to);
        (from, to, doubtful)
    }
}

/// The dates in `text`, in order: all of them, or only one at its very start (`anchored`).
fn scan(text: &str, anchored: bool) -> Vec<FoundDate> {
    // Every form has figures: most lines have none.
    if !text.bytes().any(|b| b.is_ascii_digit()) {
        return Vec::new();
    }
    let cleaned = Cleaned::new(text);
    let hay = cleaned.as_ref().map_or(text, |c| c.text.as_str());
    let mut found = Vec::new();
    let mut pos = 0;
    while pos <= hay.len() {
        let Some(caps) = DATE.captures_at(hay, pos) else {
            break;
        };
        let Some(whole) = caps.get(0) else {
            break;
        };
        if anchored && whole.start() != 0 {
            break;
        }
        match read(&caps, hay) {
            Reading::Date {
                mut date,
                form,
                range,
                bounds,
            } => {
                let (start, end) = match &cleaned {
                    Some(c) => {
                        let (start, end, doubtful) = c.original(whole.start(), whole.end());
                        date.uncertain |= doubtful;
                        (start, end)
                    }
                    None => (whole.start(), whole.end()),
                };
                found.push(FoundDate {
                    date,
                    start,
                    end,
                    form,
                    range,
                    bounds,
                });
                if anchored {
                    break;
                }
                pos = whole.end().max(pos + 1);
            }
            Reading::Invalid => {
                if anchored {
                    break;
                }
                pos = whole.end().max(pos + 1);
            }
            Reading::Rejected => {
                if anchored {
                    break;
                }
                let step = hay[whole.start()..]
                    .chars()
                    .next()
                    .map_or(1, char::len_utf8);
                pos = whole.start() + step;
            }
        }
    }
    found
}

/// Every date in `text`, in order. Invalid calendar dates (`31 September 1961`) are skipped.
/// US-order dates (`11/23/51`) and ISO dates are found too: see [`FoundDate::form`].
pub fn find_all(text: &str) -> Vec<FoundDate> {
    scan(text, false)
}

/// The date at the very start of `text` (after spaces), with the length it takes.
pub fn at_start(text: &str) -> Option<FoundDate> {
    let trimmed = text.trim_start();
    let skipped = text.len() - trimmed.len();
    let found = scan(trimmed, true).pop()?;
    Some(FoundDate {
        start: skipped + found.start,
        end: skipped + found.end,
        ..found
    })
}

/// True when `text` starts with doubtful digits (`[[2]] October`), whose brackets are no
/// furniture to trim.
fn starts_doubtful(text: &str) -> bool {
    text.strip_prefix("[[")
        .map(|rest| rest.trim_start_matches(|c: char| c.is_ascii_digit()))
        .is_some_and(|rest| rest.len() < text.len() - 2 && rest.starts_with("]]"))
}

/// True when `text` ends with doubtful digits (`May 19[[59]]`).
fn ends_doubtful(text: &str) -> bool {
    text.strip_suffix("]]")
        .map(|rest| rest.trim_end_matches(|c: char| c.is_ascii_digit()))
        .is_some_and(|rest| rest.len() < text.len() - 2 && rest.ends_with("[["))
}

/// The date when `text` is nothing but a date (brackets, stray punctuation and `**` allowed
/// around it), with its form and where it is in `text`: `October 12, 1961`,
/// `[8 December 1959]`, `1961`, `11/23/51`.
pub fn whole_found(text: &str) -> Option<FoundDate> {
    let furniture = |c: char| c == '*' || c == '[' || c == ']' || c.is_whitespace();
    let mut inner = text.trim();
    loop {
        let before = inner.len();
        if !starts_doubtful(inner) {
            inner = inner.trim_start_matches(furniture);
        }
        if !ends_doubtful(inner) {
            inner = inner.trim_end_matches(furniture);
        }
        if inner.len() == before {
            break;
        }
    }
    let inner = inner.trim_end_matches(['.', ',']).trim();
    if inner.is_empty() || inner.len() > 40 {
        return None;
    }
    let found = at_start(inner)?;
    if !inner[found.end..].trim().is_empty() {
        return None;
    }
    // `inner` is a slice of `text`: its offset is where it begins.
    let offset = inner.as_ptr() as usize - text.as_ptr() as usize;
    Some(FoundDate {
        start: offset + found.start,
        end: offset + found.end,
        ..found
    })
}

/// The date when `text` is nothing but a date (brackets, stray punctuation and `**` allowed
/// around it): `October 12, 1961`, `[8 December 1959]`, `1961`, `Tuesday, April 7, 1953`,
/// `between 3-9 May 1968` (its first day: see [`FoundDate::value`]). A US-order date
/// (`11/23/51`) is never a document date and gives `None` here; [`whole_found`] gives it.
pub fn whole(text: &str) -> Option<EditionDate> {
    whole_found(text)
        .filter(|found| found.form != DateForm::UsNumeric)
        .map(|found| found.date)
}

/// The number of days month `month` can have (February: 29).
fn days_in_month(month: u8) -> u8 {
    match month {
        2 => 29,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Every month and day in `text` that has no year after it, in order: `on the evening of
/// May 18`, `on 2 April`, `the 14 June note`, `between June 3 and 11` (a range, its first
/// day). Dates with a year ([`find_all`]) are left out, and so is a month and day followed by
/// figures (`May 18, 53`: a year or a count, which is unclear). The month must be written
/// with a capital (`may 5` is the verb).
pub fn find_yearless(text: &str) -> Vec<YearlessDate> {
    if !text.bytes().any(|b| b.is_ascii_digit()) {
        return Vec::new();
    }
    let dated = find_all(text);
    let mut found = Vec::new();
    for caps in YEARLESS.captures_iter(text) {
        let Some(whole) = caps.get(0) else {
            continue;
        };
        let (start, end) = (whole.start(), whole.end());
        if dated.iter().any(|d| d.start < end && start < d.end) {
            continue;
        }
        let rest = text[end..].trim_start_matches([',', ' ', '\u{a0}']);
        if rest.starts_with(|c: char| c.is_ascii_digit()) {
            continue;
        }
        let (name, first, last) = match caps.name("m1") {
            Some(m) => (m, caps.name("d1"), caps.name("e1")),
            None => (
                match caps.name("m2") {
                    Some(m) => m,
                    None => continue,
                },
                caps.name("d2"),
                caps.name("e2"),
            ),
        };
        if !name.as_str().starts_with(|c: char| c.is_ascii_uppercase()) {
            continue;
        }
        // The period after a month written in full ends the sentence: it is not part of it.
        let end = if text[..end].ends_with('.')
            && name.end() + 1 == end
            && is_full_month(name.as_str())
        {
            end - 1
        } else {
            end
        };
        let Some(month) = month_number(name.as_str()) else {
            continue;
        };
        let Some(first) = first else {
            continue;
        };
        let (day, range) = match last {
            Some(last) => match first_day(first.as_str(), last.as_str()) {
                Some(pair) => pair,
                None => continue,
            },
            None => match first.as_str().parse::<u8>() {
                Ok(day) => (day, false),
                Err(_) => continue,
            },
        };
        if day == 0 || day > days_in_month(month) {
            continue;
        }
        found.push(YearlessDate {
            month,
            day,
            start,
            end,
            range,
            bounds: range && caps.name("between").is_some(),
        });
    }
    found
}

/// The date of a month and day without a year (§4.3): the document date's year, or the year
/// before when that would put it after the document date (a note of 2 January 1962 on
/// `December 28` means 28 December 1961). A document date known only to the year gives its
/// year; one known to the month compares months. The date keeps the document date's
/// uncertainty and approximation, since its year comes from there. `None` when the day does
/// not exist in that year (29 February) or the month is not 1-12.
pub fn resolve_yearless(month: u8, day: u8, document_date: EditionDate) -> Option<EditionDate> {
    let after = match (document_date.month, document_date.day) {
        (Some(m), Some(d)) => (month, day) > (m, d),
        (Some(m), None) => month > m,
        (None, _) => false,
    };
    let year = if after {
        document_date.year - 1
    } else {
        document_date.year
    };
    chrono::NaiveDate::from_ymd_opt(year, u32::from(month), u32::from(day))?;
    Some(EditionDate {
        year,
        month: Some(month),
        day: Some(day),
        uncertain: document_date.uncertain,
        approximate: document_date.approximate,
    })
}

/// `text` without its times of day (`Tuesday, April 7, 1953 - 3:15-4:40 p.m.` gives
/// `Tuesday, April 7, 1953`), for `DATE & TIME:` values. Figures that belong to a date
/// (`1953`, `2.11.50`) stay; the separators left around a removed time are merged into one
/// (the strongest of them: a dash, else a comma, else a space), and dropped at either end.
pub fn strip_times(text: &str) -> String {
    let dated = find_all(text);
    // Times outside the dates; a match that runs into a date (`1953 - 3:15`) is searched
    // again after the date.
    let mut removed = Vec::new();
    let mut pos = 0;
    while let Some(m) = TIME.find_at(text, pos) {
        match dated
            .iter()
            .find(|d| d.start < m.end() && m.start() < d.end)
        {
            Some(d) => pos = d.end.max(m.start() + 1),
            None => {
                removed.push((m.start(), m.end()));
                pos = m.end();
            }
        }
        if pos >= text.len() {
            break;
        }
    }
    if removed.is_empty() {
        return text.to_owned();
    }
    let separator = |c: char| c.is_whitespace() || matches!(c, ',' | ';' | '-' | '–' | '—');
    let strength = |c: char| match c {
        '-' | '–' | '—' => 3,
        ',' | ';' => 2,
        _ => 1,
    };
    // The strongest separator seen since the last text kept.
    let mut junction: Option<char> = None;
    let note = |junction: &mut Option<char>, separators: &str| {
        for c in separators.chars() {
            let c = if c.is_whitespace() { ' ' } else { c };
            if junction.is_none_or(|j| strength(c) > strength(j)) {
                *junction = Some(c);
            }
        }
    };
    let mut out = String::with_capacity(text.len());
    let mut from = 0;
    let ends = removed.iter().map(|&(start, _)| start).chain([text.len()]);
    let starts = [0].into_iter().chain(removed.iter().map(|&(_, end)| end));
    for (index, (start, end)) in starts.zip(ends).enumerate() {
        let piece = &text[start.max(from)..end];
        from = end;
        let core = piece.trim_matches(separator);
        if core.is_empty() {
            note(&mut junction, piece);
            continue;
        }
        let lead_len = piece.len() - piece.trim_start_matches(separator).len();
        if index == 0 {
            out.push_str(&piece[..lead_len]);
        } else {
            note(&mut junction, &piece[..lead_len]);
        }
        if !out.trim_start_matches(separator).is_empty() {
            push_separator(&mut out, junction.unwrap_or(' '));
        }
        out.push_str(core);
        junction = None;
        note(&mut junction, &piece[lead_len + core.len()..]);
    }
    out
}

fn push_separator(out: &mut String, sep: char) {
    match sep {
        ' ' => out.push(' '),
        ',' | ';' => {
            out.push(sep);
            out.push(' ');
        }
        _ => {
            out.push(' ');
            out.push(sep);
            out.push(' ');
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn iso(text: &str) -> String {
        whole(text).map(|d| d.to_string()).unwrap_or_default()
    }

    /// The first date `find_all` finds, with its form.
    fn first(text: &str) -> Option<(String, DateForm)> {
        find_all(text).first().map(|d| (d.date.to_string(), d.form))
    }

    fn date(year: i32, month: Option<u8>, day: Option<u8>) -> EditionDate {
        EditionDate {
            year,
            month,
            day,
            uncertain: false,
            approximate: false,
        }
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

    // One test per form of the §4.3 table (invented examples).

    #[test]
    fn month_day_year() {
        assert_eq!(iso("March 9, 1951"), "1951-03-09");
        assert_eq!(iso("March 09, 1951"), "1951-03-09");
        assert_eq!(
            first("Moscow, March 9, 1951"),
            Some(("1951-03-09".into(), DateForm::Written))
        );
    }

    #[test]
    fn day_month_year() {
        assert_eq!(iso("9 March 1951"), "1951-03-09");
        assert_eq!(
            first("Record of talks, 9 March 1951"),
            Some(("1951-03-09".into(), DateForm::Written))
        );
    }

    #[test]
    fn abbreviated_months_with_periods() {
        assert_eq!(iso("Nov. 3, 1972"), "1972-11-03");
        assert_eq!(iso("Sept. 9, 1958"), "1958-09-09");
        assert_eq!(iso("3 Feb. 1964"), "1964-02-03");
    }

    #[test]
    fn weekday_and_time() {
        let found = find_all("Tuesday, April 7, 1953 - 3:15-4:40 p.m.");
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].date.to_string(), "1953-04-07");
        assert_eq!(found[0].start, 0, "the weekday belongs to the date");
        assert_eq!(found[0].end, "Tuesday, April 7, 1953".len());
        let found = find_all("Friday, May 8, 1953, 11:50 p.m.");
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].date.to_string(), "1953-05-08");
        assert_eq!(iso("Tuesday, April 7, 1953"), "1953-04-07");
        assert_eq!(
            at_start("Friday, May 8, 1953, 11:50 p.m.").map(|d| d.end),
            Some("Friday, May 8, 1953".len())
        );
    }

    #[test]
    fn roman_months() {
        for (text, expected) in [
            ("3.IV.1951", "1951-04-03"),
            ("9.III.51", "1951-03-09"),
            ("28.XI.63", "1963-11-28"),
            ("3/II/1967", "1967-02-03"),
            ("3/II/67", "1967-02-03"),
            ("4 IX 1969", "1969-09-04"),
        ] {
            assert_eq!(
                first(text),
                Some((expected.into(), DateForm::Roman)),
                "{text}"
            );
        }
        // In a registry line, with the dispatch number glued to the year.
        assert_eq!(
            first("Nr. 00231 4 IX 1969/902"),
            Some(("1969-09-04".into(), DateForm::Roman))
        );
        // Lower-case numerals are words, not months.
        assert_eq!(
            first("4 iv 1969"),
            Some(("1969".into(), DateForm::YearOnly))
        );
    }

    #[test]
    fn other_day_first_forms() {
        assert_eq!(
            first("14/6-52"),
            Some(("1952-06-14".into(), DateForm::Numeric))
        );
        assert_eq!(
            first("14.6.52"),
            Some(("1952-06-14".into(), DateForm::Numeric))
        );
        assert_eq!(
            first("received 2.11.50"),
            Some(("1950-11-02".into(), DateForm::Numeric))
        );
        assert_eq!(
            first("14.6.1952"),
            Some(("1952-06-14".into(), DateForm::Numeric))
        );
        assert_eq!(
            first("23/11/51"),
            Some(("1951-11-23".into(), DateForm::Numeric))
        );
        assert_eq!(iso("14.June.1952"), "1952-06-14");
        assert_eq!(
            first("14.June.1952"),
            Some(("1952-06-14".into(), DateForm::Written))
        );
    }

    #[test]
    fn us_order_is_found_but_flagged() {
        let found = find_all("RECEIVED 11/23/51 0415");
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].date.to_string(), "1951-11-23");
        assert_eq!(found[0].form, DateForm::UsNumeric);
        // Never a document date on its own line.
        assert_eq!(whole("11/23/51"), None);
        assert_eq!(
            whole_found("11/23/51").map(|d| d.form),
            Some(DateForm::UsNumeric)
        );
    }

    #[test]
    fn year_slash_month_slash_day() {
        assert_eq!(
            first("1959/05/19"),
            Some(("1959-05-19".into(), DateForm::Slashed))
        );
        assert_eq!(iso("1959/05/19"), "1959-05-19");
    }

    #[test]
    fn iso_dates() {
        assert_eq!(
            first("Original Uploaded Date: 2012-04-17"),
            Some(("2012-04-17".into(), DateForm::Iso))
        );
    }

    #[test]
    fn year_first() {
        let found = find_all("Report, 1974 March 2 and 9");
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].date.to_string(), "1974-03-02");
        assert!(found[0].range);
        assert_eq!(iso("1974 March 2"), "1974-03-02");
    }

    #[test]
    fn ranges_give_their_first_day_or_the_month() {
        let one = |text: &str| {
            let found = find_all(text);
            assert_eq!(found.len(), 1, "{text}: {found:?}");
            found[0]
        };
        let d = one("Talks, November 26-27, 1974");
        assert_eq!(
            (d.date.to_string().as_str(), d.range, d.bounds),
            ("1974-11-26", true, false)
        );
        assert_eq!(d.value().to_string(), "1974-11-26");
        let d = one("visited the factory between 3-9 May 1968");
        assert_eq!(
            (d.date.to_string().as_str(), d.range, d.bounds),
            ("1968-05-03", true, true)
        );
        assert_eq!(d.value().to_string(), "1968-05");
        assert_eq!(d.range_start().to_string(), "1968-05-03");
        assert_eq!(d.month().to_string(), "1968-05");
        let d = one("8 through 18 September 1958");
        assert_eq!((d.date.to_string().as_str(), d.range), ("1958-09-08", true));
        let d = one("2-6 October 1961");
        assert_eq!((d.date.to_string().as_str(), d.range), ("1961-10-02", true));
        let d = one("the night of 4/5 March 1957");
        assert_eq!((d.date.to_string().as_str(), d.range), ("1957-03-04", true));
        assert_eq!(iso("November 26-27, 1974"), "1974-11-26");
        assert_eq!(iso("between 3-9 May 1968"), "1968-05-03");
        // A single date is no range.
        let d = one("9 March 1951");
        assert!(!d.range && !d.bounds);
        assert_eq!(d.value(), d.date);
    }

    #[test]
    fn yearless_range() {
        let found = find_yearless("They stayed between June 3 and 11 in the capital.");
        assert_eq!(found.len(), 1);
        let d = found[0];
        assert_eq!((d.month, d.day, d.range, d.bounds), (6, 3, true, true));
        assert!(find_all("between June 3 and 11").is_empty());
    }

    #[test]
    fn doubtful_digits() {
        let text = "Received 1[[9]] May 1959";
        let found = find_all(text);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].date.to_string(), "1959-05-19?");
        assert_eq!(&text[found[0].start..found[0].end], "1[[9]] May 1959");
        let text = "[[2]] October [[5]]8";
        let found = find_all(text);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].date.to_string(), "1958-10-02?");
        assert_eq!((found[0].start, found[0].end), (0, text.len()));
        assert_eq!(iso(text), "1958-10-02?");
        assert_eq!(iso("1[[9]] May 1959"), "1959-05-19?");
        // Brackets away from the date do not make it doubtful.
        assert_eq!(
            first("[[3]] copies, 9 May 1959"),
            Some(("1959-05-09".into(), DateForm::Written))
        );
    }

    #[test]
    fn partial_approximate_and_typo() {
        assert_eq!(iso("September 1961"), "1961-09");
        assert_eq!(iso("1960"), "1960");
        assert_eq!(first("1960"), Some(("1960".into(), DateForm::YearOnly)));
        assert_eq!(iso("c. 1961"), "1961~");
        assert_eq!(iso("8\" December 1959"), "1959-12-08");
    }

    #[test]
    fn yearless_dates() {
        let months_days = |text: &str| {
            find_yearless(text)
                .iter()
                .map(|d| (d.month, d.day))
                .collect::<Vec<_>>()
        };
        assert_eq!(
            months_days("On the evening of May 18 the delegation arrived."),
            [(5, 18)]
        );
        assert_eq!(
            months_days("As agreed on 2 April, the talks went on."),
            [(4, 2)]
        );
        assert_eq!(
            months_days("In the 14 June note the embassy wrote"),
            [(6, 14)]
        );
        assert_eq!(months_days("May 18"), [(5, 18)]);
        assert_eq!(months_days("2 April"), [(4, 2)]);
        assert_eq!(months_days("the 3rd of May"), [(5, 3)]);
        // Dates with a year, the verb `may`, a day that does not exist, figures after.
        assert!(months_days("On 2 April 1961 we met").is_empty());
        assert!(months_days("On May 18, 1953 we met").is_empty());
        assert!(months_days("we may 5 times").is_empty());
        assert!(months_days("April 31").is_empty());
        assert!(months_days("May 18, 53").is_empty());
        let found = find_yearless("x on 2 April.");
        assert_eq!(found[0].start, 5);
        assert_eq!(found[0].end, 12);
        assert_eq!(find_yearless("on 2 May.")[0].end, 8);
        assert_eq!(find_yearless("on 2 Apr. and")[0].end, 9);
    }

    #[test]
    fn resolves_yearless_dates() {
        let document = date(1962, Some(1), Some(2));
        assert_eq!(
            resolve_yearless(12, 28, document),
            Some(date(1961, Some(12), Some(28)))
        );
        assert_eq!(
            resolve_yearless(1, 2, document),
            Some(date(1962, Some(1), Some(2)))
        );
        assert_eq!(
            resolve_yearless(1, 1, document),
            Some(date(1962, Some(1), Some(1)))
        );
        assert_eq!(
            resolve_yearless(1, 3, document),
            Some(date(1961, Some(1), Some(3)))
        );
        // Known to the month or the year only.
        assert_eq!(
            resolve_yearless(5, 18, date(1953, Some(5), None)),
            Some(date(1953, Some(5), Some(18)))
        );
        assert_eq!(
            resolve_yearless(6, 1, date(1953, Some(5), None)),
            Some(date(1952, Some(6), Some(1)))
        );
        assert_eq!(
            resolve_yearless(12, 31, date(1953, None, None)),
            Some(date(1953, Some(12), Some(31)))
        );
        // 29 February only in a leap year; no thirteenth month.
        assert_eq!(resolve_yearless(2, 29, date(1961, Some(3), Some(1))), None);
        assert_eq!(
            resolve_yearless(2, 29, date(1960, Some(3), Some(1))),
            Some(date(1960, Some(2), Some(29)))
        );
        assert_eq!(resolve_yearless(13, 1, date(1960, None, None)), None);
        // The document date's doubt carries over.
        let doubtful = EditionDate {
            uncertain: true,
            ..document
        };
        assert!(resolve_yearless(1, 1, doubtful).unwrap().uncertain);
        let found = find_yearless("on the evening of May 18");
        assert_eq!(
            found[0].resolve(date(1953, Some(5), Some(20))),
            Some(date(1953, Some(5), Some(18)))
        );
    }

    #[test]
    fn times_are_never_dates() {
        for time in [
            "4:30-5:45 p.m.",
            "3: 40 p. m.",
            "10 :15 p. m.",
            "10.05",
            "at 10.05 hours",
            "2140",
            "0415",
            "at 22 hours 10 minutes",
            "6-6:45 (p.m.?)",
            "14:20 p.m.",
            "8 May 10:05",
        ] {
            let found = find_all(time);
            assert!(found.is_empty(), "{time}: {found:?}");
        }
    }

    #[test]
    fn ordinary_text_is_no_date() {
        for text in [
            "No. 118/IV",
            "Nº 241",
            "Telegram Nº 1953",
            "No. 1954 of the series",
            "File 882.49/11-262",
            "File 711.11/3-1552",
            "Lot 94D92",
            "ll. 175-8",
            "section 1.2.3.45",
            "Nr. 3/II",
        ] {
            let found = find_all(text);
            assert!(found.is_empty(), "{text}: {found:?}");
        }
    }

    #[test]
    fn strips_times() {
        for (text, expected) in [
            (
                "Tuesday, April 7, 1953 - 3:15-4:40 p.m.",
                "Tuesday, April 7, 1953",
            ),
            ("Friday, May 8, 1953, 11:50 p.m.", "Friday, May 8, 1953"),
            ("14 June 1952, 3: 40 p. m.", "14 June 1952"),
            ("10 :15 p. m., 2 November 1950", "2 November 1950"),
            ("2.11.50 10.05", "2.11.50"),
            ("2140 14.6.52", "14.6.52"),
            ("14 June 1952 at 22 hours 10 minutes", "14 June 1952"),
            ("14 June 1952, 6-6:45 (p.m.?)", "14 June 1952"),
            ("14 June 1952 0415", "14 June 1952"),
            (
                "Friday, May 8, 1953, 11:50 p.m. - Saturday, May 9, 1953, 0:40 a.m.",
                "Friday, May 8, 1953 - Saturday, May 9, 1953",
            ),
            ("1953", "1953"),
            ("May 1953", "May 1953"),
            ("", ""),
        ] {
            assert_eq!(strip_times(text), expected, "{text}");
        }
        assert_eq!(
            whole(&strip_times("Friday, May 8, 1953, 11:50 p.m.")).map(|d| d.to_string()),
            Some("1953-05-08".to_owned())
        );
    }
}
