//! Identifiers of people in the authority files that libraries and knowledge bases keep
//! (Wikidata, VIAF, the GND, the Library of Congress, ISNI): which files Folio knows, the
//! form of an identifier in each, and the address of the record it names.
//!
//! A person entry lists them by file:
//!
//! ```yaml
//! authority:
//!   wikidata: Q5816
//!   viaf: "12345678"
//! ```
//!
//! Numbers may be written without quotes; they are read as text.

use std::collections::BTreeMap;

use serde::{Deserialize, Deserializer, Serialize};

/// An authority file Folio knows.
#[derive(Debug)]
pub struct Scheme {
    /// The key an entry writes it under (`wikidata`).
    pub key: &'static str,
    /// Its name for readers (`Wikidata`).
    pub label: &'static str,
    /// An identifier of the right form, for messages.
    pub example: &'static str,
    /// The address of a record is this followed by the identifier.
    record_prefix: &'static str,
    /// True when the identifier has the file's form.
    has_form: fn(&str) -> bool,
}

/// Every authority file Folio knows, in the order pages list them.
pub const SCHEMES: &[Scheme] = &[
    Scheme {
        key: "wikidata",
        label: "Wikidata",
        example: "Q5816",
        record_prefix: "https://www.wikidata.org/wiki/",
        has_form: |id| {
            id.strip_prefix('Q')
                .is_some_and(|digits| is_number(digits, 1, 12))
        },
    },
    Scheme {
        key: "viaf",
        label: "VIAF",
        example: "102333412",
        record_prefix: "https://viaf.org/viaf/",
        has_form: |id| is_number(id, 1, 22),
    },
    Scheme {
        key: "gnd",
        label: "GND",
        example: "118577166",
        record_prefix: "https://d-nb.info/gnd/",
        has_form: is_gnd,
    },
    Scheme {
        key: "lcnaf",
        label: "Library of Congress",
        example: "n79021164",
        record_prefix: "https://id.loc.gov/authorities/names/",
        has_form: |id| {
            let digits = id.trim_start_matches(|c: char| c.is_ascii_lowercase());
            let prefix = id.len() - digits.len();
            (1..=3).contains(&prefix)
                && id.starts_with('n')
                && digits.len() >= 8
                && digits.len() <= 10
                && digits.bytes().all(|b| b.is_ascii_digit())
        },
    },
    Scheme {
        key: "isni",
        label: "ISNI",
        example: "0000000121032683",
        record_prefix: "https://isni.org/isni/",
        has_form: is_isni,
    },
];

/// The authority file written under `key`, if Folio knows it.
pub fn scheme(key: &str) -> Option<&'static Scheme> {
    SCHEMES.iter().find(|scheme| scheme.key == key)
}

impl Scheme {
    /// The address of the record `id` names (an identifier of this file's form; the spaces
    /// ISNI prints between groups are left out).
    pub fn record_url(&self, id: &str) -> String {
        let compact: String = id.chars().filter(|c| *c != ' ').collect();
        format!("{}{compact}", self.record_prefix)
    }

    /// Why `id` is not an identifier of this file, if it is not.
    pub fn problem(&self, id: &str) -> Option<String> {
        if (self.has_form)(id) {
            return None;
        }
        let digits = id
            .bytes()
            .filter(|b| b.is_ascii_digit() || *b == b'X')
            .count();
        if self.key == "isni"
            && digits == 16
            && id
                .bytes()
                .all(|b| b.is_ascii_digit() || b == b'X' || b == b' ')
        {
            return Some(format!(
                "`{id}` is not an ISNI: its last character is not the check character of the other fifteen, so a digit is mistyped"
            ));
        }
        Some(format!(
            "`{id}` is not an identifier of the form {} uses (like `{}`)",
            self.label, self.example
        ))
    }
}

/// A person's identifiers, by authority file key, as an entry writes them.
pub type AuthorityIds = BTreeMap<String, String>;

/// Reads `authority:`, taking unquoted numbers (`viaf: 102333412`) as text.
pub fn deserialize_ids<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<AuthorityIds, D::Error> {
    #[derive(Deserialize, Serialize)]
    #[serde(untagged)]
    enum Id {
        Text(String),
        Number(u64),
    }
    let ids: BTreeMap<String, Id> = BTreeMap::deserialize(deserializer)?;
    Ok(ids
        .into_iter()
        .map(|(key, id)| {
            let id = match id {
                Id::Text(text) => text.trim().to_owned(),
                Id::Number(number) => number.to_string(),
            };
            (key, id)
        })
        .collect())
}

/// A person's identifiers in the order of [`SCHEMES`], each with its file (unknown files
/// left out: `folio check` reports them).
pub fn in_order(ids: &AuthorityIds) -> impl Iterator<Item = (&'static Scheme, &str)> {
    SCHEMES
        .iter()
        .filter_map(|scheme| ids.get(scheme.key).map(|id| (scheme, id.as_str())))
}

fn is_number(text: &str, shortest: usize, longest: usize) -> bool {
    (shortest..=longest).contains(&text.len())
        && text.bytes().all(|b| b.is_ascii_digit())
        && !text.starts_with('0')
}

/// The forms of GND identifiers: persons since 2012 (`1` and ten characters), older
/// records (`4`, `7` or a number, a hyphen and a check character) and `3` with nine.
fn is_gnd(id: &str) -> bool {
    let check = |c: u8| c.is_ascii_digit() || c == b'X';
    let bytes = id.as_bytes();
    match id.split_once('-') {
        Some((number, tail)) => {
            tail.len() == 1
                && check(tail.as_bytes()[0])
                && (1..=8).contains(&number.len())
                && number.bytes().all(|b| b.is_ascii_digit())
                && !number.starts_with('0')
        }
        None => {
            (id.len() == 9 || id.len() == 10)
                && matches!(bytes.first(), Some(b'1' | b'3'))
                && bytes[..bytes.len() - 1].iter().all(u8::is_ascii_digit)
                && check(bytes[bytes.len() - 1])
        }
    }
}

/// Sixteen characters, the last a check character (ISO 7064 MOD 11-2, `X` for 10);
/// spaces between groups are allowed as ISNI prints them.
fn is_isni(id: &str) -> bool {
    let compact: Vec<u8> = id.bytes().filter(|b| *b != b' ').collect();
    if compact.len() != 16 || !compact[..15].iter().all(u8::is_ascii_digit) {
        return false;
    }
    let mut total = 0u32;
    for digit in &compact[..15] {
        total = (total + u32::from(digit - b'0')) * 2;
    }
    let expected = (12 - total % 11) % 11;
    let given = match compact[15] {
        b'X' => 10,
        digit @ b'0'..=b'9' => u32::from(digit - b'0'),
        _ => return false,
    };
    expected == given
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_example_has_its_files_form() {
        for scheme in SCHEMES {
            assert_eq!(scheme.problem(scheme.example), None, "{}", scheme.key);
        }
    }

    #[test]
    fn malformed_identifiers_are_told_apart() {
        let wikidata = scheme("wikidata").unwrap();
        for bad in [
            "5816",
            "q5816",
            "Q",
            "Q05816",
            "Q58 16",
            "https://www.wikidata.org/wiki/Q5816",
        ] {
            assert!(wikidata.problem(bad).is_some(), "{bad}");
        }
        let viaf = scheme("viaf").unwrap();
        assert!(viaf.problem("0123").is_some());
        assert!(viaf.problem("12a").is_some());
        let gnd = scheme("gnd").unwrap();
        for good in [
            "118577166",
            "1012345678",
            "4001234-5",
            "7654321-X",
            "12345-6",
        ] {
            assert_eq!(gnd.problem(good), None, "{good}");
        }
        for bad in ["218577166", "4001234-55", "-5", "11857716"] {
            assert!(gnd.problem(bad).is_some(), "{bad}");
        }
        let lcnaf = scheme("lcnaf").unwrap();
        for good in ["n79021164", "nr2001012345", "no2010123456"] {
            assert_eq!(lcnaf.problem(good), None, "{good}");
        }
        for bad in ["79021164", "x79021164", "n7902"] {
            assert!(lcnaf.problem(bad).is_some(), "{bad}");
        }
    }

    #[test]
    fn isni_check_characters_are_verified() {
        let isni = scheme("isni").unwrap();
        assert_eq!(isni.problem("0000000121032683"), None);
        assert_eq!(isni.problem("0000 0001 2103 2683"), None);
        assert!(
            isni.problem("0000000121032684").is_some(),
            "wrong check digit"
        );
        assert!(isni.problem("000000012103268").is_some(), "too short");
        // A check character of 10 is written X.
        assert_eq!(isni.problem("000000012146438X"), None);
    }

    #[test]
    fn records_are_addressed_by_file() {
        let wikidata = scheme("wikidata").unwrap();
        assert_eq!(
            wikidata.record_url("Q5816"),
            "https://www.wikidata.org/wiki/Q5816"
        );
        let ids: AuthorityIds = [("viaf", "1"), ("wikidata", "Q1"), ("other", "x")]
            .into_iter()
            .map(|(k, v)| (k.to_owned(), v.to_owned()))
            .collect();
        let order: Vec<&str> = in_order(&ids).map(|(s, _)| s.key).collect();
        assert_eq!(order, ["wikidata", "viaf"]);
    }
}
