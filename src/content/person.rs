//! The person authority file: one entry per person, with the variants of their name found in
//! the sources, so that `S.V. CHERVONENKO` and `S. Cervonenko` are one person.

use serde::{Deserialize, Serialize};

use super::Entry;

/// The front matter of a person entry.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PersonMeta {
    /// The name as the edition displays it (`Stepan Chervonenko`, `Deng Xiaoping`).
    pub name: String,
    /// The name as it sorts in indexes, family name first (`Chervonenko, Stepan`).
    #[serde(default)]
    pub sort_name: String,
    /// Spellings found in the sources (`S. V. Chervonenko`, `S. CERVONENKO`).
    #[serde(default)]
    pub variants: Vec<String>,
    /// Offices and roles held, as the sources give them.
    #[serde(default)]
    pub roles: Vec<String>,
    /// Years of life or activity, free text (`1915-2003`).
    #[serde(default)]
    pub dates: String,
    /// Identifiers in authority files, by file (`wikidata: Q5816`): see [`super::authority`].
    #[serde(
        default,
        deserialize_with = "super::authority::deserialize_ids",
        skip_serializing_if = "std::collections::BTreeMap::is_empty"
    )]
    pub authority: super::authority::AuthorityIds,
    /// Set by the importer on entries it created; an editor clears it after checking.
    #[serde(default)]
    pub review: bool,
}

/// A loaded person entry; its body is the short biography.
pub type Person = Entry<PersonMeta>;

impl Person {
    /// The key the person sorts by in indexes: `sort_name`, or the display name when unset.
    pub fn sort_key(&self) -> String {
        let name = if self.meta.sort_name.is_empty() {
            &self.meta.name
        } else {
            &self.meta.sort_name
        };
        name.to_lowercase()
    }

    /// The display name and every variant.
    pub fn all_names(&self) -> impl Iterator<Item = &str> {
        std::iter::once(self.meta.name.as_str())
            .chain(self.meta.variants.iter().map(String::as_str))
    }
}

/// A spelling reduced to what distinguishes names: case, punctuation and the spacing of
/// initials are ignored (`S.V. CHERVONENKO` and `S. V. Chervonenko` give the same key).
pub fn name_key(name: &str) -> String {
    let mut key = String::with_capacity(name.len());
    for c in name.chars().flat_map(char::to_lowercase) {
        if c.is_alphanumeric() {
            key.push(c);
        } else if !key.ends_with(' ') && !key.is_empty() {
            key.push(' ');
        }
    }
    let words: Vec<&str> = key.split_whitespace().collect();
    // Join runs of single-letter initials so `s v` and `sv` agree.
    let mut out = String::new();
    for (i, word) in words.iter().enumerate() {
        let previous_was_initial = i > 0 && words[i - 1].chars().count() == 1;
        if i > 0 && !(previous_was_initial && word.chars().count() == 1) {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn name_key_ignores_case_punctuation_and_initial_spacing() {
        assert_eq!(name_key("S.V. CHERVONENKO"), name_key("S. V. Chervonenko"));
        assert_eq!(name_key("DENG XIAOPING"), name_key("Deng Xiaoping"));
        assert_eq!(name_key("F.V. Mochul'skii"), "fv mochul skii");
        assert_ne!(name_key("V. S. Chervonenko"), name_key("S. V. Chervonenko"));
    }
}
