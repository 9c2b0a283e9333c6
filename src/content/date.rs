//! Dates of documents and events: full, partial and uncertain, in a subset of EDTF
//! (Extended Date/Time Format, ISO 8601-2): `1961`, `1961-09`, `1961-09-30`, with `?` for
//! uncertain and `~` for approximate (`1961-09-30?`, `1959~`; a leading `~1959` is accepted too).

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

const MONTH_NAMES: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// Appends `number` in decimal, zero-padded to at least `width` digits, as
/// `format!("{number:0width$}")` writes it. By hand: dates are written for every link to a
/// date page and every date shown, and `format!` cost ten times as much.
pub fn push_padded(out: &mut String, number: i32, width: usize) {
    match u64::try_from(number) {
        Ok(number) => crate::util::numbers::push_decimal(out, number, width),
        Err(_) => {
            use std::fmt::Write;
            let _ = write!(out, "{number:0width$}");
        }
    }
}

/// How pages name a year, a month or a day: `1961`, `September 1961`, `30 September 1961`
/// (a day without a month is not a period: it is left out).
pub fn period_label(year: i32, month: Option<u8>, day: Option<u8>) -> String {
    let mut label = String::with_capacity(20);
    push_period_label(&mut label, year, month, day);
    label
}

fn push_period_label(out: &mut String, year: i32, month: Option<u8>, day: Option<u8>) {
    if let Some(m) = month {
        if let Some(d) = day {
            push_padded(out, i32::from(d), 1);
            out.push(' ');
        }
        out.push_str(month_name(m));
        out.push(' ');
    }
    push_padded(out, year, 1);
}

/// A year, month or day in ISO 8601: `1961`, `1961-09`, `1961-09-30`.
pub fn period_iso(year: i32, month: Option<u8>, day: Option<u8>) -> String {
    let mut iso = String::with_capacity(10);
    push_padded(&mut iso, year, 4);
    for part in [month, day].into_iter().map_while(|part| part) {
        iso.push('-');
        push_padded(&mut iso, i32::from(part), 2);
    }
    iso
}

/// The English name of month `month` (1-12).
pub fn month_name(month: u8) -> &'static str {
    MONTH_NAMES
        .get(usize::from(month).wrapping_sub(1))
        .copied()
        .unwrap_or("?")
}

/// A calendar date known to the year, month or day, possibly uncertain or approximate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct EditionDate {
    /// The year (four digits).
    pub year: i32,
    /// The month (1-12), when known.
    pub month: Option<u8>,
    /// The day of the month, when known (only with a month).
    pub day: Option<u8>,
    /// The source is unsure of the date (`?`).
    pub uncertain: bool,
    /// The date is an estimate (`~`).
    pub approximate: bool,
}

/// Why a date could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DateError {
    /// What is wrong.
    pub message: String,
}

impl fmt::Display for DateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

/// The hint shown with every date error.
pub const DATE_HINT: &str = "write dates as YYYY-MM-DD, YYYY-MM or YYYY; add `?` if uncertain or `~` if approximate (e.g. 1961-09-30?, 1959~)";

impl EditionDate {
    /// Parses an EDTF-style date.
    pub fn parse(text: &str) -> Result<EditionDate, DateError> {
        let error = |message: String| Err(DateError { message });
        let mut rest = text.trim();
        let mut uncertain = false;
        let mut approximate = false;
        if let Some(stripped) = rest.strip_prefix('~') {
            approximate = true;
            rest = stripped;
        }
        loop {
            if let Some(stripped) = rest.strip_suffix('?') {
                uncertain = true;
                rest = stripped;
            } else if let Some(stripped) = rest.strip_suffix('~') {
                approximate = true;
                rest = stripped;
            } else if let Some(stripped) = rest.strip_suffix('%') {
                uncertain = true;
                approximate = true;
                rest = stripped;
            } else {
                break;
            }
        }
        let parts: Vec<&str> = rest.split('-').collect();
        if parts.is_empty() || parts.len() > 3 || parts.iter().any(|p| p.is_empty()) {
            return error(format!("`{text}` is not a date"));
        }
        let digits =
            |part: &str, len: usize| part.len() == len && part.bytes().all(|b| b.is_ascii_digit());
        if !digits(parts[0], 4) {
            return error(format!(
                "`{text}` is not a date: the year must have four digits"
            ));
        }
        let year: i32 = parts[0].parse().map_err(|_| DateError {
            message: format!("`{text}` has an unreadable year"),
        })?;
        let mut month = None;
        let mut day = None;
        if let Some(m) = parts.get(1) {
            if !digits(m, 2) {
                return error(format!(
                    "`{text}` is not a date: the month must have two digits"
                ));
            }
            let value: u8 = m.parse().unwrap_or(0);
            if !(1..=12).contains(&value) {
                return error(format!("`{text}` has month {value}, which does not exist"));
            }
            month = Some(value);
        }
        if let Some(d) = parts.get(2) {
            if !digits(d, 2) {
                return error(format!(
                    "`{text}` is not a date: the day must have two digits"
                ));
            }
            let value: u8 = d.parse().unwrap_or(0);
            let m = month.unwrap_or(1);
            if chrono::NaiveDate::from_ymd_opt(year, u32::from(m), u32::from(value)).is_none() {
                return error(format!(
                    "`{text}`: {} {year} has no day {value}",
                    month_name(m)
                ));
            }
            day = Some(value);
        }
        Ok(EditionDate {
            year,
            month,
            day,
            uncertain,
            approximate,
        })
    }

    /// A key that orders dates chronologically; partial dates sort before full ones of the
    /// same period.
    pub fn sort_key(&self) -> (i32, u8, u8) {
        (self.year, self.month.unwrap_or(0), self.day.unwrap_or(0))
    }

    /// The date as readers see it: `30 September 1961`, `September 1961`, `circa 1959`,
    /// `30 September 1961 (uncertain)`.
    pub fn human(&self) -> String {
        let mut text = String::with_capacity(32);
        if self.approximate {
            text.push_str("circa ");
        }
        push_period_label(&mut text, self.year, self.month, self.day);
        if self.uncertain {
            text.push_str(" (uncertain)");
        }
        text
    }

    /// The date without qualifiers in ISO 8601 (`1961-09-30`, `1961-09`, `1961`), for
    /// `datetime` attributes and machine-readable metadata.
    pub fn iso(&self) -> String {
        period_iso(self.year, self.month, self.day)
    }

    /// The date with its period only (year, month) for index pages.
    pub fn year_month(&self) -> Option<(i32, u8)> {
        self.month.map(|m| (self.year, m))
    }
}

impl fmt::Display for EditionDate {
    /// The canonical EDTF form (`1961-09-30?`).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.iso())?;
        match (self.uncertain, self.approximate) {
            (true, true) => f.write_str("%"),
            (true, false) => f.write_str("?"),
            (false, true) => f.write_str("~"),
            (false, false) => Ok(()),
        }
    }
}

impl Serialize for EditionDate {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for EditionDate {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct DateVisitor;
        impl serde::de::Visitor<'_> for DateVisitor {
            type Value = EditionDate;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a date such as 1961-09-30, 1961-09 or 1961")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<EditionDate, E> {
                EditionDate::parse(v).map_err(E::custom)
            }
            fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<EditionDate, E> {
                self.visit_str(&v.to_string())
            }
            fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<EditionDate, E> {
                self.visit_str(&v.to_string())
            }
        }
        // Front matter may give a bare year as a number; a binary cache stores the text.
        if deserializer.is_human_readable() {
            deserializer.deserialize_any(DateVisitor)
        } else {
            deserializer.deserialize_str(DateVisitor)
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn numbers_are_padded_as_format_pads_them() {
        for number in [-12345, -5, 0, 7, 42, 305, 1961, 12345, i32::MAX] {
            for width in 1..=4 {
                let mut out = String::from("x");
                super::push_padded(&mut out, number, width);
                assert_eq!(out, format!("x{number:0width$}"));
            }
        }
    }

    use super::*;

    fn date(text: &str) -> EditionDate {
        EditionDate::parse(text).unwrap()
    }

    #[test]
    fn parses_full_partial_and_qualified_dates() {
        assert_eq!(date("1961-09-30").human(), "30 September 1961");
        assert_eq!(date("1961-09").human(), "September 1961");
        assert_eq!(date("1961").human(), "1961");
        assert_eq!(date("1961-09-30?").human(), "30 September 1961 (uncertain)");
        assert_eq!(date("~1959").human(), "circa 1959");
        assert_eq!(date("1959~").to_string(), "1959~");
        assert_eq!(date("1959%").to_string(), "1959%");
        assert_eq!(date("1961-09-30?").iso(), "1961-09-30");
    }

    #[test]
    fn rejects_impossible_dates() {
        assert!(EditionDate::parse("1961-13-01").is_err());
        assert!(EditionDate::parse("1961-02-30").is_err());
        assert!(EditionDate::parse("61-02-03").is_err());
        assert!(EditionDate::parse("October 12, 1961").is_err());
        assert!(EditionDate::parse("").is_err());
        assert!(EditionDate::parse("1961--01").is_err());
    }

    #[test]
    fn partial_dates_sort_before_full_dates_of_the_same_period() {
        assert!(date("1961-09").sort_key() < date("1961-09-01").sort_key());
        assert!(date("1959-12-08").sort_key() < date("1961").sort_key());
    }
}
