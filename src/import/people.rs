//! Matching the names in a transcript against the person authority file (`content/people/`),
//! and proposing new entries for names it does not know.
//!
//! A name matches a person **certainly** when its [`name_key`] equals the key of the person's
//! name or a listed variant (so case, punctuation and the spacing of initials never matter),
//! when its words are those of a listed name in reverse order (`Xiaoping Deng`), or when its
//! family name is the person's and its initials agree with theirs (`S. Chervonenko`).
//! It matches **uncertainly** (linked, and listed in the import's summary for an editor to
//! check) when the family name agrees only after transliteration variants are folded
//! (`Cervonenko`/`Chervonenko`, `Mochulsky`/`Mochul'skii`), or when the initials disagree.

use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

use crate::content::person::{PersonMeta, name_key};

/// One person the importer knows: from the authority file or created during this import.
#[derive(Debug, Clone)]
pub struct KnownPerson {
    /// The person id (file name in `content/people/`).
    pub id: String,
    /// The entry's front matter.
    pub meta: PersonMeta,
    /// True when this import created the entry.
    pub created: bool,
    /// The transcript that introduced a created entry.
    pub introduced_by: String,
    loose_family: String,
    initials: Vec<String>,
    /// The name and variants that give given names or initials, as [`name_parts`], with
    /// the index of their family name.
    given_parts: Vec<(Vec<NamePart>, usize)>,
}

impl KnownPerson {
    /// The family name as written, for document ids (`Chervonenko`, `Deng`).
    pub fn family_name(&self) -> String {
        family_and_given(&self.meta).0
    }
}

/// How sure a match is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Certainty {
    /// The name is a listed spelling, or agrees in family name and initials.
    Certain,
    /// Agrees only loosely: an editor should check it.
    Uncertain,
}

/// The people an import matches names against.
#[derive(Debug, Default, Clone)]
pub struct Authority {
    people: Vec<KnownPerson>,
    exact: HashMap<String, usize>,
    by_family: HashMap<String, Vec<usize>>,
    by_loose_family: HashMap<String, Vec<usize>>,
    first_words: std::collections::HashSet<String>,
    /// Folded keys ([`fold_key`]) of every name and variant, for [`find_names`].
    folded: HashMap<String, usize, FastHash>,
    /// Every folded word of every name and variant, whole and split at hyphens: a cheap
    /// filter before matching.
    folded_words: HashSet<String, FastHash>,
    /// Folded family names (either order of entry), for one-word names after a cue.
    by_folded_family: HashMap<String, Vec<usize>, FastHash>,
}

/// Words that are never part of a person's name in these documents, although capitalised:
/// titles, institutions, places, months. Used only to find names the authority file does not
/// know yet.
const NOT_NAMES: &[&str] = &[
    "cde",
    "madame",
    "culture",
    "today",
    "yesterday",
    "british",
    "the",
    "a",
    "an",
    "on",
    "in",
    "at",
    "of",
    "for",
    "to",
    "and",
    "but",
    "he",
    "she",
    "it",
    "we",
    "they",
    "i",
    "his",
    "her",
    "our",
    "their",
    "this",
    "that",
    "these",
    "those",
    "after",
    "before",
    "then",
    "when",
    "while",
    "as",
    "if",
    "comrade",
    "comrades",
    "mr",
    "mrs",
    "ms",
    "dr",
    "ambassador",
    "secretary",
    "general",
    "chairman",
    "premier",
    "minister",
    "deputy",
    "vice",
    "first",
    "second",
    "third",
    "head",
    "chief",
    "director",
    "counselor",
    "counsellor",
    "adviser",
    "advisor",
    "translator",
    "translators",
    "interpreter",
    "attache",
    "attaché",
    "consul",
    "marshal",
    "president",
    "member",
    "members",
    "candidate",
    "assistant",
    "embassy",
    "ministry",
    "foreign",
    "affairs",
    "department",
    "division",
    "section",
    "committee",
    "central",
    "council",
    "state",
    "party",
    "communist",
    "soviet",
    "chinese",
    "korean",
    "albanian",
    "russian",
    "union",
    "republic",
    "people's",
    "peoples",
    "people",
    "democratic",
    "socialist",
    "government",
    "office",
    "bureau",
    "secretariat",
    "presidium",
    "politburo",
    "standing",
    "national",
    "supreme",
    "army",
    "liberation",
    "europe",
    "eastern",
    "western",
    "asia",
    "america",
    "american",
    "moscow",
    "beijing",
    "peking",
    "china",
    "korea",
    "albania",
    "vietnam",
    "laos",
    "japan",
    "india",
    "usa",
    "ussr",
    "prc",
    "ccp",
    "cpsu",
    "cc",
    "un",
    "warsaw",
    "pact",
    "conference",
    "congress",
    "plenum",
    "memorandum",
    "conversation",
    "record",
    "transcript",
    "diary",
    "telegram",
    "report",
    "minutes",
    "letter",
    "note",
    "meeting",
    "talk",
    "talks",
    "top",
    "secret",
    "copy",
    "no",
    "from",
    "with",
    "between",
    "center",
    "centre",
    "archive",
    "sino",
    "province",
    "city",
    "provincial",
    "municipal",
    "trade",
    "economic",
    "military",
    "political",
    "press",
    "information",
    "agency",
    "international",
    "liaison",
    "protocol",
    "consular",
    "plenipotentiary",
    "extraordinary",
    "envoy",
    "charge",
    "chargé",
    "d'affaires",
    "revolution",
    "october",
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "november",
    "december",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "mao",
    "leninism",
    "marxism",
    "secretaries",
    "counselors",
    "heads",
    "ministers",
    "academy",
    "university",
    "institute",
    "institution",
    "commission",
    "general's",
    "staff",
    "navy",
    "air",
    "force",
    "forces",
    "group",
    "delegation",
    "mission",
    "headquarters",
    "affair",
    "also",
    "present",
    "signature",
    "signed",
    "yours",
    "sincerely",
    "respectfully",
    "greetings",
    "dear",
    "esteemed",
    "respected",
    "comradely",
    "urgent",
    "strictly",
    "confidential",
    "special",
    "file",
    "ukraine",
    "poland",
    "hungary",
    "germany",
    "czechoslovakia",
    "romania",
    "bulgaria",
    "mongolia",
    "cuba",
    "nepal",
    "belgian",
    "belgium",
    "geneva",
    "taiwan",
    "tibet",
    "west",
    "east",
    "north",
    "south",
    "northern",
    "southern",
    "new",
    "old",
    "great",
    "little",
    "red",
    "square",
    "kremlin",
    "hall",
    "house",
    "palace",
    "zhongnanhai",
    "tass",
    "xinhua",
    "pravda",
    "daily",
    "news",
    "radio",
    "times",
];

/// True for a capitalised word that is never part of a person's name (titles, offices,
/// pronouns, nationalities, months …).
pub fn is_not_name(word: &str) -> bool {
    let lower = word.to_lowercase();
    NOT_NAMES.contains(&lower.as_str())
}

/// Common Chinese family names in pinyin: names starting with one are written family name
/// first, and their sort name is the name itself.
const CHINESE_FAMILY_NAMES: &[&str] = &[
    "bai", "bo", "cai", "cao", "chen", "cheng", "dai", "deng", "ding", "dong", "du", "fan", "fang",
    "feng", "gao", "geng", "gong", "gu", "guo", "han", "he", "hu", "huang", "ji", "jiang", "kang",
    "lei", "li", "liang", "liao", "lin", "liu", "lu", "luo", "ma", "mao", "nie", "pan", "peng",
    "qian", "qiao", "ren", "shi", "song", "su", "sun", "tan", "tang", "tao", "teng", "tian", "wan",
    "wang", "wei", "wu", "xi", "xia", "xiao", "xie", "xu", "xue", "yan", "yang", "yao", "ye", "yu",
    "yuan", "zeng", "zhang", "zhao", "zheng", "zhou", "zhu", "zou", "jia", "lai", "lan", "ling",
    "long", "meng", "mo", "ni", "ou", "qi", "qin", "rao", "shen", "sheng", "tong", "wen", "xiong",
    "yin", "zhan", "zhong", "chou", "chu",
];

/// Forms of address that precede names and are not part of them.
const HONORIFICS: &[&str] = &[
    "comrade", "comrades", "tov", "mr", "mrs", "ms", "dr", "messrs",
];

/// The family name and the given names (or initials) of an entry, from its sort name
/// (`Chervonenko, Stepan`) or, for names without a comma, family name first (`Deng Xiaoping`).
fn family_and_given(meta: &PersonMeta) -> (String, String) {
    let sort = if meta.sort_name.trim().is_empty() {
        meta.name.trim()
    } else {
        meta.sort_name.trim()
    };
    if let Some((family, given)) = sort.split_once(',') {
        return (family.trim().to_owned(), given.trim().to_owned());
    }
    let words: Vec<&str> = sort.split_whitespace().collect();
    match words.split_first() {
        Some((first, rest)) => ((*first).to_owned(), rest.join(" ")),
        None => (String::new(), String::new()),
    }
}

/// A name split into initials (one letter per given name) and family name, Western order:
/// `S.V. CHERVONENKO` -> (`sv`, `chervonenko`); `Nikita Khrushchev` -> (`n`, `khrushchev`).
fn initials_and_family(name: &str) -> Option<(String, String)> {
    let tokens: Vec<&str> = name
        .split(|c: char| c.is_whitespace() || c == '.')
        .filter(|t| !t.is_empty())
        .collect();
    let (family, given) = tokens.split_last()?;
    let family = name_key(family);
    if given.is_empty() || family.chars().count() < 2 {
        return None;
    }
    Some((initials_of(given.iter().copied()), family))
}

/// The lower-case first letters of the given names.
fn initials_of<'a>(given: impl Iterator<Item = &'a str>) -> String {
    given
        .filter_map(|g| g.chars().find(|c| c.is_alphabetic()))
        .flat_map(char::to_lowercase)
        .collect()
}

/// A family name with transliteration variants folded: `Cervonenko`, `Tchervonenko` and
/// `Chervonenko` agree; so do `Mochul'skii`, `Mochulsky` and `Mochulskiy`.
pub fn loose_key(word: &str) -> String {
    // Letters only, so the replacements below work on ASCII bytes in place, without the
    // allocation per rule that `str::replace` makes (this runs for many names of every page).
    let mut s: Vec<u8> = if word.is_ascii() {
        word.bytes()
            .filter(u8::is_ascii_alphabetic)
            .map(|b| b.to_ascii_lowercase())
            .collect()
    } else {
        deunicode::deunicode(word)
            .to_lowercase()
            .bytes()
            .filter(u8::is_ascii_alphabetic)
            .collect()
    };
    for (from, to) in LOOSE_RULES {
        replace_in_place(&mut s, from.as_bytes(), to.as_bytes());
    }
    s.dedup();
    String::from_utf8(s).unwrap_or_default()
}

/// The transliteration variants [`loose_key`] folds, applied in this order.
const LOOSE_RULES: [(&str, &str); 25] = [
    ("shch", "sc"),
    ("tch", "c"),
    ("ch", "c"),
    ("sh", "s"),
    ("zh", "z"),
    ("kh", "h"),
    ("ts", "c"),
    ("tz", "c"),
    ("yu", "u"),
    ("iu", "u"),
    ("ju", "u"),
    ("ya", "a"),
    ("ia", "a"),
    ("ja", "a"),
    ("yo", "o"),
    ("io", "o"),
    ("ye", "e"),
    ("je", "e"),
    ("ii", "i"),
    ("iy", "i"),
    ("yi", "i"),
    ("ij", "i"),
    ("y", "i"),
    ("w", "v"),
    ("x", "ks"),
];

/// `str::replace` on bytes: every non-overlapping `from`, left to right, becomes `to`.
fn replace_in_place(s: &mut Vec<u8>, from: &[u8], to: &[u8]) {
    if !s.windows(from.len()).any(|w| w == from) {
        return;
    }
    if to.len() > from.len() {
        let mut out = Vec::with_capacity(s.len() + s.len() / 2);
        let mut r = 0;
        while r < s.len() {
            if s[r..].starts_with(from) {
                out.extend_from_slice(to);
                r += from.len();
            } else {
                out.push(s[r]);
                r += 1;
            }
        }
        *s = out;
        return;
    }
    // Writing never overtakes reading: `to` is no longer than the `from` it replaces.
    let (mut r, mut w) = (0, 0);
    while r < s.len() {
        if s[r..].starts_with(from) {
            s[w..w + to.len()].copy_from_slice(to);
            w += to.len();
            r += from.len();
        } else {
            s[w] = s[r];
            w += 1;
            r += 1;
        }
    }
    s.truncate(w);
}

fn strip_honorifics(name: &str) -> &str {
    let mut rest = name.trim();
    loop {
        let Some((first, tail)) = rest.split_once(char::is_whitespace) else {
            return rest;
        };
        let word = first.trim_end_matches('.').to_lowercase();
        if HONORIFICS.contains(&word.as_str()) {
            rest = tail.trim_start();
        } else {
            return rest;
        }
    }
}

impl Authority {
    /// An authority with the given entries (id, front matter), in a stable order.
    pub fn new(entries: Vec<(String, PersonMeta)>) -> Authority {
        let mut authority = Authority::default();
        for (id, meta) in entries {
            authority.add(id, meta, false, String::new());
        }
        authority
    }

    /// Adds an entry; returns its index.
    pub fn add(&mut self, id: String, meta: PersonMeta, created: bool, source: String) -> usize {
        let index = self.people.len();
        let (family, _) = family_and_given(&meta);
        let family_key = name_key(&family);
        let mut initials = Vec::new();
        let names: Vec<String> = std::iter::once(meta.name.clone())
            .chain(meta.variants.iter().cloned())
            .collect();
        for name in &names {
            let key = name_key(name);
            if key.is_empty() {
                continue;
            }
            if let Some(first) = key.split(' ').next() {
                self.first_words.insert(first.to_owned());
            }
            self.exact.entry(key).or_insert(index);
            if let Some((given, fam)) = initials_and_family(name)
                && fam == family_key
                && !initials.contains(&given)
            {
                initials.push(given);
            }
        }
        let western_order = meta.sort_name.contains(',');
        if let Some((_, given)) = meta.sort_name.split_once(',') {
            let given_initials = initials_of(
                given
                    .split(|c: char| c.is_whitespace() || c == '.')
                    .filter(|t| !t.is_empty()),
            );
            if !given_initials.is_empty() && !initials.contains(&given_initials) {
                initials.push(given_initials);
            }
        }
        for name in &names {
            for strip in [false, true] {
                let key = fold_key(name, strip);
                if key.is_empty() {
                    continue;
                }
                for word in key.split(' ') {
                    self.folded_words.insert(word.to_owned());
                }
                for token in name.split(|c: char| c.is_whitespace() || c == '.') {
                    let word = fold_word(token, strip);
                    if !word.is_empty() {
                        self.folded_words.insert(word);
                    }
                }
                self.folded.entry(key).or_insert(index);
            }
        }
        for strip in [false, true] {
            let key = fold_key(&family, strip);
            if !key.is_empty() && !key.contains(' ') {
                let list = self.by_folded_family.entry(key).or_default();
                if !list.contains(&index) {
                    list.push(index);
                }
            }
        }
        let loose_family = loose_key(&family_key);
        // Family-name-first entries (`Deng Xiaoping`) match only by their listed spellings:
        // a `Deng` with other given names is somebody else.
        if western_order && !family_key.is_empty() {
            self.by_family
                .entry(family_key.clone())
                .or_default()
                .push(index);
            self.by_loose_family
                .entry(loose_family.clone())
                .or_default()
                .push(index);
        }
        let given_parts = names
            .iter()
            .map(|name| name_parts(name))
            .filter(|parts| parts.len() >= 2)
            .map(|parts| {
                let family = family_index(&parts);
                (parts, family)
            })
            .collect();
        self.people.push(KnownPerson {
            id,
            meta,
            created,
            introduced_by: source,
            given_parts,
            loose_family,
            initials,
        });
        index
    }

    /// The person at `index`.
    pub fn person(&self, index: usize) -> &KnownPerson {
        &self.people[index]
    }

    /// Every person, in the order added.
    pub fn people(&self) -> &[KnownPerson] {
        &self.people
    }

    /// True when some entry already has this id.
    pub fn has_id(&self, id: &str) -> bool {
        self.people.iter().any(|p| p.id == id)
    }

    /// True when a name could start with this word: a cheap filter before full matching.
    fn may_start_name(&self, word: &str) -> bool {
        // Most capitalised words in running text are not names: look them up without
        // allocating when they are short and ASCII.
        let mut buffer = [0u8; 32];
        if word.len() <= buffer.len() && word.is_ascii() {
            let lower = &mut buffer[..word.len()];
            lower.copy_from_slice(word.as_bytes());
            lower.make_ascii_lowercase();
            return std::str::from_utf8(lower).is_ok_and(|w| self.first_words.contains(w));
        }
        self.first_words.contains(&word.to_lowercase())
    }

    /// The person a name refers to, and how sure the match is.
    pub fn resolve(&self, surface: &str) -> Option<(usize, Certainty)> {
        let name = strip_honorifics(surface);
        let key = name_key(name);
        if key.is_empty() {
            return None;
        }
        if let Some(&index) = self.exact.get(&key) {
            return Some((index, Certainty::Certain));
        }
        let words: Vec<&str> = key.split(' ').collect();
        if (2..=3).contains(&words.len()) {
            let reversed: Vec<&str> = words.iter().rev().copied().collect();
            if let Some(&index) = self.exact.get(&reversed.join(" ")) {
                return Some((index, Certainty::Certain));
            }
        }
        let (initials, family) = initials_and_family(name)?;
        let agrees = |p: &KnownPerson| {
            p.initials.is_empty()
                || p.initials.iter().any(|known| {
                    known.starts_with(&initials) || initials.starts_with(known.as_str())
                })
        };
        if let Some(candidates) = self.by_family.get(&family) {
            let agreeing: Vec<usize> = candidates
                .iter()
                .copied()
                .filter(|&i| agrees(&self.people[i]))
                .collect();
            return match agreeing.as_slice() {
                [one] => Some((*one, Certainty::Certain)),
                [first, ..] => Some((*first, Certainty::Uncertain)),
                [] => Some((candidates[0], Certainty::Uncertain)),
            };
        }
        let loose = loose_key(&family);
        if loose.len() >= 4
            && let Some(candidates) = self.by_loose_family.get(&loose)
            && let Some(&index) = candidates.iter().find(|&&i| agrees(&self.people[i]))
        {
            debug_assert_eq!(self.people[index].loose_family, loose);
            return Some((index, Certainty::Uncertain));
        }
        None
    }
}

/// A name found in a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mention {
    /// Byte range of the name in the text.
    pub start: usize,
    /// End of the byte range.
    pub end: usize,
    /// The name as written.
    pub surface: String,
    /// The matched person, when the authority knows them.
    pub person: Option<(usize, Certainty)>,
    /// A second spelling of the same person given in brackets or parentheses after the name:
    /// a real name after a pseudonym (`Andreev [Mikoyan]`), a romanisation
    /// (`Chi P'eng-fei [Ji Pengfei]`), or a fuller form (`G. Brown [... George Brown]`).
    /// Only [`find_names`] fills it.
    pub alias: Option<String>,
    /// The form of address or title written before the name, as written (`Comrade`, `Cde.`,
    /// `Dr.`, `Foreign Minister`, `Minister of Culture`), or the role in a bracket before or
    /// after it (`columnist`, `British Foreign Secretary`). Only [`find_names`] fills it.
    pub cue: Option<String>,
    /// A one-word name (`Chairman Mao`, `Secretary Shultz`) that the authority did not
    /// resolve: the caller may match it to a full name on the same page with [`same_person`].
    /// Only [`find_names`] sets it.
    pub partial: bool,
}

#[derive(Debug, Clone, Copy)]
struct Token {
    start: usize,
    end: usize,
    initial: bool,
}

/// Two-letter transliterations of one Cyrillic letter, used as initials (`Yu.V. Andropov`).
const DIGRAPH_INITIALS: &[&str] = &[
    "Yu", "Ya", "Ye", "Yo", "Zh", "Ch", "Sh", "Kh", "Ts", "Iu", "Ia",
];

/// The pieces names are made of: initials (`S.`, `Yu.`) and capitalised words (`Deng`,
/// `Mochul'skii`, `Aldrich-Moodie`), each starting at a word boundary. A hand-written scanner:
/// this runs over every word of every transcript.
fn tokens(text: &str) -> Vec<Token> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut chars = text.char_indices().peekable();
    let mut previous_is_word = false;
    while let Some((i, c)) = chars.next() {
        if !c.is_uppercase() || previous_is_word {
            previous_is_word = c.is_alphanumeric() || c == '_';
            continue;
        }
        let after = i + c.len_utf8();
        if bytes.get(after) == Some(&b'.') {
            out.push(Token {
                start: i,
                end: after + 1,
                initial: true,
            });
            chars.next();
            previous_is_word = false;
            continue;
        }
        if bytes.get(after + 1) == Some(&b'.')
            && DIGRAPH_INITIALS
                .iter()
                .any(|d| text.get(i..after + 1) == Some(*d))
        {
            out.push(Token {
                start: i,
                end: after + 2,
                initial: true,
            });
            chars.next();
            chars.next();
            previous_is_word = false;
            continue;
        }
        // A capitalised word: letters, then `'`/`’` + two letters or more, or `-` + a capital.
        let mut end = after;
        loop {
            let rest = &text[end..];
            let letters: usize = rest
                .chars()
                .take_while(|ch| ch.is_alphabetic())
                .map(char::len_utf8)
                .sum();
            end += letters;
            let rest = &text[end..];
            let mut it = rest.chars();
            match it.next() {
                Some(q @ ('\'' | '’')) => {
                    let more: usize = it
                        .take_while(|ch| ch.is_alphabetic())
                        .map(char::len_utf8)
                        .sum();
                    if rest[q.len_utf8()..]
                        .chars()
                        .take_while(|ch| ch.is_alphabetic())
                        .count()
                        >= 2
                    {
                        end += q.len_utf8() + more;
                        continue;
                    }
                }
                Some('-') if it.next().is_some_and(char::is_uppercase) => {
                    end += 1;
                    continue;
                }
                _ => {}
            }
            break;
        }
        out.push(Token {
            start: i,
            end,
            initial: false,
        });
        while chars.peek().is_some_and(|&(j, _)| j < end) {
            chars.next();
        }
        previous_is_word = true;
    }
    out
}

/// Runs of adjacent name tokens (`S.V. CHERVONENKO`, `General Secretary`, `Deng Xiaoping`).
fn runs(text: &str) -> Vec<Vec<Token>> {
    let mut runs: Vec<Vec<Token>> = Vec::new();
    let mut current: Vec<Token> = Vec::new();
    for token in tokens(text) {
        let joined = current.last().is_some_and(|last| {
            let gap = &text[last.end..token.start];
            (gap.is_empty() && last.initial) || (gap == " " || (gap == "  " && last.initial))
        });
        if !joined && !current.is_empty() {
            runs.push(std::mem::take(&mut current));
        }
        current.push(token);
    }
    if !current.is_empty() {
        runs.push(current);
    }
    runs
}

/// Finds names the authority knows in `text`; with `initialled_unknowns`, also names of the
/// form `P.F. Yudin` that it does not know (a reliable sign of a person in these documents).
pub fn find_mentions(text: &str, authority: &Authority, initialled_unknowns: bool) -> Vec<Mention> {
    let mut mentions = Vec::new();
    for run in runs(text) {
        let mut s = 0;
        while s < run.len() {
            let first = &text[run[s].start..run[s].end];
            let first_word = first.trim_end_matches('.');
            let plausible = run[s].initial
                || authority.may_start_name(first_word)
                || HONORIFICS.contains(&first_word.to_lowercase().as_str());
            let mut found = None;
            if plausible {
                for e in (s + 1..=run.len().min(s + 6)).rev() {
                    if run[e - 1].initial {
                        continue;
                    }
                    let surface = &text[run[s].start..run[e - 1].end];
                    if let Some(hit) = authority.resolve(surface) {
                        found = Some((e, hit));
                        break;
                    }
                }
            }
            if let Some((e, hit)) = found {
                // The link covers the name, not a form of address before it.
                while s + 1 < e
                    && HONORIFICS.contains(
                        &text[run[s].start..run[s].end]
                            .trim_end_matches('.')
                            .to_lowercase()
                            .as_str(),
                    )
                {
                    s += 1;
                }
                mentions.push(Mention {
                    start: run[s].start,
                    end: run[e - 1].end,
                    surface: text[run[s].start..run[e - 1].end].to_owned(),
                    person: Some(hit),
                    alias: None,
                    cue: None,
                    partial: false,
                });
                s = e;
                continue;
            }
            if initialled_unknowns && run[s].initial {
                let mut e = s;
                while e < run.len() && run[e].initial {
                    e += 1;
                }
                if e < run.len() && !is_not_name(&text[run[e].start..run[e].end]) {
                    let surface = &text[run[s].start..run[e].end];
                    if text[run[e].start..run[e].end].chars().count() >= 3 {
                        mentions.push(Mention {
                            start: run[s].start,
                            end: run[e].end,
                            surface: surface.to_owned(),
                            person: None,
                            alias: None,
                            cue: None,
                            partial: false,
                        });
                    }
                    s = e + 1;
                    continue;
                }
            }
            s += 1;
        }
    }
    mentions
}

/// Finds people in a short clause that names them (an attendance sentence, `with the General
/// Secretary of the CCP CC, DENG XIAOPING`, a signature): known names, initialled names, and
/// otherwise the capitalised words that end a phrase and are not titles or institutions
/// (`... of Eastern Europe Yu Zhan,` gives `Yu Zhan`).
pub fn find_people_in_clause(text: &str, authority: &Authority) -> Vec<Mention> {
    let mut mentions = find_mentions(text, authority, true);
    for run in runs(text) {
        let (Some(first), Some(last)) = (run.first(), run.last()) else {
            continue;
        };
        if mentions
            .iter()
            .any(|m| m.start < last.end && first.start < m.end)
        {
            continue;
        }
        let after = text[last.end..].trim_start();
        let at_boundary = after.is_empty()
            || after.starts_with([',', ';', ')', ':', '.', '-', '–', '—'])
            || ["and ", "were ", "was ", "as well", "also "]
                .iter()
                .any(|w| after.starts_with(w));
        if !at_boundary {
            continue;
        }
        let run_is_caps = run
            .iter()
            .all(|t| text[t.start..t.end].chars().all(|c| !c.is_lowercase()));
        let mut s = run.len();
        while s > 0 {
            let word = &text[run[s - 1].start..run[s - 1].end];
            let acronym =
                !run_is_caps && word.chars().count() <= 4 && word.chars().all(|c| c.is_uppercase());
            if is_not_name(word.trim_end_matches('.')) || acronym || run.len() - s >= 4 {
                break;
            }
            s -= 1;
        }
        let words = run.len() - s;
        let has_initial = run[s..].iter().any(|t| t.initial);
        if words >= 2 && (has_initial || words <= 4) && !run[run.len() - 1].initial {
            let start = run[s].start;
            mentions.push(Mention {
                start,
                end: last.end,
                surface: text[start..last.end].to_owned(),
                person: None,
                alias: None,
                cue: None,
                partial: false,
            });
        }
    }
    mentions.sort_by_key(|m| m.start);
    mentions
}

/// The display form of a name found in a transcript: all-capital words in title case,
/// initials spaced (`S.V. CHERVONENKO` -> `S. V. Chervonenko`).
pub fn display_name(surface: &str) -> String {
    let spaced = surface.replace('.', ". ");
    let mut words = Vec::new();
    for word in spaced.split_whitespace() {
        let letters = word.chars().filter(|c| c.is_alphabetic()).count();
        let all_caps = word.chars().all(|c| !c.is_lowercase());
        if all_caps && letters > 1 {
            let mut out = String::new();
            let mut start_of_part = true;
            for c in word.chars() {
                if start_of_part {
                    out.extend(c.to_uppercase());
                } else {
                    out.extend(c.to_lowercase());
                }
                start_of_part = c == '-';
            }
            words.push(out);
        } else {
            words.push(word.to_owned());
        }
    }
    strip_honorifics(&words.join(" ")).to_owned()
}

/// A new authority entry for a name the file does not know, marked for review.
pub fn new_entry(surface: &str, role: &str) -> PersonMeta {
    let name = display_name(surface);
    let words: Vec<&str> = name.split_whitespace().collect();
    let has_initials = words.iter().any(|w| w.ends_with('.'));
    let chinese = !has_initials
        && (2..=3).contains(&words.len())
        && words
            .first()
            .is_some_and(|w| CHINESE_FAMILY_NAMES.contains(&w.to_lowercase().as_str()));
    let sort_name = match words.split_last() {
        Some((last, given)) if !chinese && !given.is_empty() => {
            format!("{last}, {}", given.join(" "))
        }
        _ => name.clone(),
    };
    let mut variants = Vec::new();
    let trimmed = strip_honorifics(surface).trim().to_owned();
    if trimmed != name {
        variants.push(trimmed);
    }
    PersonMeta {
        name,
        sort_name,
        variants,
        roles: if role.is_empty() {
            Vec::new()
        } else {
            vec![role.to_owned()]
        },
        dates: String::new(),
        authority: Default::default(),
        review: true,
    }
}

/// A URL-safe slug: ASCII letters and digits joined by single hyphens.
pub fn slug(text: &str) -> String {
    let ascii = deunicode::deunicode(text).to_lowercase();
    let mut out = String::with_capacity(ascii.len());
    for c in ascii.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if c == '\'' || c == '’' {
            continue;
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    out.trim_end_matches('-').to_owned()
}

// ---------------------------------------------------------------------------------------------
// The general name finder (`find_names`): word lists.
// ---------------------------------------------------------------------------------------------

/// A function word (never part of a name).
const W_FUNCTION: u16 = 1;
/// A form of address before a name (`Comrade`, `Cde.`, `Dr.`).
const W_HONORIFIC: u16 = 1 << 1;
/// The head word of an office before a name (`Ambassador`, `Minister`).
const W_OFFICE: u16 = 1 << 2;
/// A word that qualifies an office (`Vice`, `Deputy`, `Foreign`, `Prime`).
const W_MODIFIER: u16 = 1 << 3;
/// An institution, building or work (`Foundation`, `Ministry`, `Company`): a name followed by
/// one is the institution's, not a person.
const W_INSTITUTION: u16 = 1 << 4;
/// A place.
const W_PLACE: u16 = 1 << 5;
/// Any other capitalised word that is never a name: nationalities, headings, months.
const W_STOP: u16 = 1 << 6;
/// The field of an office (`Minister of Culture`, `Secretary of State`).
const W_DOMAIN: u16 = 1 << 7;
/// A cue naming several people (`Comrades`, `Cdes.`).
const W_PLURAL: u16 = 1 << 8;
/// A cue also in lower case (`comrade`, `ambassador`).
const W_LOWER_CUE: u16 = 1 << 9;
/// An editorial word inside brackets (`[signature]`, `[sic]`).
const W_EDITORIAL: u16 = 1 << 10;

/// Function words, numbers and a few verbs that start title-case phrases before names
/// (`Concerning`, `Headed`); each list below is split at white space.
const FUNCTION_WORDS: &str = "\
    the a an of in on at for to and or nor but by with from as into onto upon about above \
    below over after before between among against during through without within concerning \
    regarding re via per than he she it we they i you me him us them his her its our their \
    your my this that these those there here then thus when while where whether if so yet \
    also only even all some any each every both either neither no not yes what which who \
    whom whose why how today tomorrow yesterday tonight now please thank thanks dear one two \
    three four five six seven eight nine ten eleven twelve twenty hundred thousand following \
    including according another other others such same many much more most less several few \
    again still already however therefore moreover meanwhile finally later earlier once \
    since until unless although though because indeed perhaps certainly should would could \
    shall must can is are was were be been has have had do does did said told asked replied \
    answered everywhere nobody everybody somebody anybody headed led signed received sent \
    attended present absent let see ok okay sincerely respectfully greetings esteemed \
    respected yours regards";

/// Forms of address ([`W_HONORIFIC`]).
const HONORIFIC_WORDS: &str = "\
    comrade comrades cde cdes comr comrs tov mr mrs ms messrs dr madame mme madam \
    mademoiselle mlle monsieur sir dame herr frau prof professor academician mister \
    com[rade] comrade's";

/// Cues naming several people ([`W_PLURAL`]).
const PLURAL_CUES: &str = "\
    comrades cdes comrs messrs ambassadors ministers premiers presidents secretaries \
    directors marshals generals";

/// Head words of offices ([`W_OFFICE`]).
const OFFICE_WORDS: &str = "\
    ambassador ambassadors minister ministers premier premiers pm chairman chairwoman \
    president presidents secretary secretaries director directors marshal marshals general \
    generals lord lady chancellor governor senator congressman mayor consul counselor \
    counsellor attache attaché envoy commissar chief admiral colonel lieutenant captain \
    commander king queen prince princess emperor empress shah sultan emir pope cardinal \
    archbishop bishop speaker chargé charge head leader attorney gen col lt adm capt gov sen \
    amb sec pres chairperson vice-chairman vice-premier vice-president";

/// Words qualifying an office ([`W_MODIFIER`]).
const MODIFIER_WORDS: &str = "\
    vice deputy under first second third assistant acting foreign prime executive permanent \
    principal senior junior general state grand high supreme special commercial military \
    cultural political press trade economic chief great dear d'affaires honorary \
    plenipotentiary extraordinary";

/// Abbreviated offices, written with a full stop (`Gen.`, `Amb.`).
const ABBREVIATED_OFFICES: &[&str] = &[
    "gen", "col", "lt", "adm", "capt", "gov", "sen", "amb", "sec", "pres",
];

/// Offices and forms of address that are cues in lower case too.
const LOWER_CUES: &str = "\
    comrade comrades cde cdes comr comrs tov ambassador minister premier chairman president \
    marshal secretary director counselor counsellor consul attache attaché envoy com[rade] \
    d'affaires d’affaires";

/// Institutions, buildings, works ([`W_INSTITUTION`]). Words that are also common family
/// names (`Hall`, `Park`, `Church`, `King` as a name) are left out.
const INSTITUTION_WORDS: &str = "\
    foundation fund trust company corporation corp inc ltd office offices board academy \
    commission committee council ministry ministries department dept party museum gallery \
    university college institute school program programme project archive archives library \
    center centre building street avenue road square gardens garden airport harbour harbor \
    river mountains islands ocean prize award society association union league movement bank \
    times news daily review journal gazette herald tribune telegraph observer pravda \
    izvestia izvestiya agency bureau embassy consulate mission delegation commune works \
    factory theatre theater ballet opera orchestra hotel hospital prison palace towers room \
    cathedral temple mosque monastery cemetery memorial monument stadium region province \
    district county oblast krai city valley canal strait straits gulf peninsula desert files \
    records papers collection collections materials doctrine treaty agreement pact \
    declaration accords conference congress plenum session summit talks meeting affair \
    incident crisis revolution uprising campaign thought regime administration government \
    cabinet parliament assembly senate duma sejm politburo presidium secretariat directorate \
    staff army navy force forces corps division brigade regiment guards police service \
    services troops command headquarters family republic kingdom empire federation studies \
    sciences club group team shipyard shipyards laboratory laboratories observatory \
    exhibition festival olympics railway railways airlines airways zone sector front gate \
    chamber institution institutions organization organisation organizations organisations \
    liaisonoffice station plant mine mines cooperative collective combine publishing \
    publishers press broadcasting radio television tv network conservatory conservatories \
    guesthouse";

/// Places ([`W_PLACE`]).
const PLACE_WORDS: &str = "\
    moscow beijing peking peiping washington london paris bonn berlin warsaw prague budapest \
    bucharest sofia belgrade tirana pyongyang seoul hanoi saigon vientiane phnom penh \
    rangoon colombo djakarta jakarta delhi karachi kabul tehran ankara istanbul cairo havana \
    tokyo shanghai nanjing nanking canton guangzhou wuhan tianjin tientsin shenyang mukden \
    harbin dalian dairen lushun xian xi'an chongqing chungking chengdu kunming lhasa urumqi \
    hangzhou jiangxi fujian guangdong yunnan sichuan hebei henan hubei hunan shandong shanxi \
    shaanxi gansu jilin liaoning heilongjiang zhejiang jiangsu anhui guangxi guizhou qinghai \
    ningxia hainan geneva vienna rome helsinki stockholm oslo copenhagen brussels hague \
    amsterdam madrid lisbon athens leningrad kiev kyiv minsk riga tallinn vilnius tbilisi \
    baku yerevan tashkent vladivostok khabarovsk irkutsk novosibirsk sverdlovsk stalingrad \
    volgograd odessa kharkov lvov rostov sochi yalta crimea siberia ukraine china russia \
    korea japan vietnam laos cambodia burma ceylon india pakistan indonesia malaysia \
    singapore thailand philippines mongolia afghanistan iran iraq turkey syria egypt israel \
    cuba mexico brazil argentina chile usa america canada britain england scotland france \
    germany italy spain portugal greece poland hungary czechoslovakia romania rumania \
    bulgaria yugoslavia albania austria switzerland sweden norway finland denmark \
    netherlands holland belgium europe asia africa manchuria xinjiang sinkiang tibet taiwan \
    formosa macao macau hongkong northeast northwest southeast southwest ussr prc drv dprk \
    gdr frg urss uk shenzhen xiamen amoy qingdao tsingtao kaesong panmunjom ulan bator \
    ulaanbaatar haiphong hue mersin iskenderun leipzig dresden gdansk krakow cracow lodz \
    poznan wroclaw dublin turin milan naples zurich munich hamburg frankfurt sokolniki \
    kremlin zhongnanhai xizhimen tiananmen pentagon jingdezhen";

/// Other capitalised words that are never names ([`W_STOP`]): nationalities and parties,
/// abbreviations of states, parties, offices and archives, headings, handling notes and
/// furniture, months and days, roman numerals.
const STOP_WORDS: &str = "\
    soviet soviets chinese korean koreans vietnamese russian russians polish poles romanian \
    romanians rumanian hungarian hungarians czech czechs czechoslovak slovak bulgarian \
    bulgarians yugoslav yugoslavs albanian albanians german germans british english french \
    american americans japanese indian indians indonesian indonesians burmese mongolian \
    mongolians cuban cubans turkish turks italian italians spanish greek greeks austrian \
    swiss swedish norwegian finnish danish dutch belgian canadian mexican brazilian arab \
    arabs egyptian syrian iraqi iranian israeli pakistani afghan tibetan uighur uyghur \
    manchu kazakh uzbek ukrainian ukrainians belarusian georgian armenian azerbaijani lao \
    laotian cambodian khmer thai malay filipino asian african european western eastern \
    northern southern latin oriental pacific atlantic baltic slavic sino anglo communist \
    communists socialist socialists democratic democrat democrats republican republicans \
    liberal conservative nationalist nationalists revolutionary imperialist imperialists \
    capitalist capitalists marxist leninist maoist marxism leninism marxism-leninism \
    people's peoples people workers workers' worker peasants national central united states \
    north south east west new old royal federal imperial red far middle near upper lower \
    inner outer greater international interim provisional joint mixed standing presidential \
    municipal provincial regional local autonomous catholic orthodox protestant muslim \
    islamic buddhist jewish holy saint st san santa mount lake cape port fort bay sea island \
    isle mountain us usa un ccp cpsu cc mfa kwp wpk vwp rcp pcr puwp pzpr sed kgb nkvd gru \
    cia fbi nsc nato seato uno pla kmt gmd dprk rok tass xinhua usis uslo prclo ncna aprf \
    avprf avp rf rgaspi rgani aan amsz mol anic cwihp happ pdf html id ok cc's kc ck mid mzd \
    cpc cpcz ksc bcp bkp mszmp mdp sovnarkom comintern cominform comecon cmea memorandum \
    memoranda conversation conversations record transcript diary telegram telegrams cable \
    cables ciphered enciphered deciphered report reports minutes letter letters note notes \
    excerpt excerpts top secret strictly confidential urgent copy copies nº nr making \
    prohibited reproduction document documents information source sources rights original \
    uploaded date time place type language author authors author(s) citation share download \
    view summary credits contents scan transcription translation translated page pages \
    digital history declassified skip content search filter add cancel participants subject \
    subjects related associated places topics discussed signature stamp incoming outgoing \
    attachment enclosure appendix annex comment recommend back priority nodis exdis limdis \
    sensitive eyes click window browser worries file lot box folder fond opis delo papka \
    listy op ll sygn ff visit visits trip journey talk speech statement message interview \
    discussion discussions negotiations question questions problem problems issue matter \
    proposal proposals plan agenda item point points part section chapter volume vol number \
    entry protocol protocols communique communiqué resolution decision decree order \
    directive instruction instructions draft text memo aide-memoire notice liaison notetaker \
    notetakers interpreter interpreters translator translators translator's staff member \
    members candidate delegate delegates guest guests host hosts side sides jr sr esq ed eds \
    ibid cit laughter applause end begin ends continued cont unquote quote tel tels deptel \
    embtel reftel ref pass info action cf release approved released declassification \
    classification unclassified restricted exclusive personal private urgently immediate \
    flash routine ciphergram journal moreover background conclusion introduction supplement \
    addendum postscript ps nb fyi attn re: subj participants: distribution distr circulated \
    typed typist january february march april may june july august september october \
    november december feb mar apr jun jul aug sep sept oct nov dec monday tuesday wednesday \
    thursday friday saturday sunday ii iii iv vii viii ix xii xiii xiv xv xvi xx xxi xxii \
    records biography obituary profile portrait photo photograph map chart table list index \
    god heaven allah christ internet";

/// Fields of offices ([`W_DOMAIN`]): `Minister of Culture`, `Secretary of State`.
const DOMAIN_WORDS: &str = "\
    affairs culture education health finance finances defence defense justice interior \
    agriculture industry industries trade commerce labour labor state foreign internal \
    external security public planning economic economy political information propaganda \
    science sciences technology energy transport transportation communications railways \
    light heavy machine building construction higher geology water conservancy forestry \
    fisheries posts telecommunications metallurgy metallurgical chemical chemicals coal oil \
    petroleum power electric electricity mining textile textiles food supply supplies \
    procurement social welfare religious nationalities minorities overseas relations \
    cooperation development research treasury navy army war aviation shipbuilding machinery \
    instruments radio medium media arts sports tourism housing urban rural land reclamation \
    resources statistics standards customs ports materials equipment armaments munitions \
    ordnance engineering protocol consular legal personnel cadres organization organisation \
    liaison staff intelligence counterintelligence reconnaissance operations training \
    logistics";

/// Editorial words inside brackets ([`W_EDITORIAL`]): `[signature]`, `[sic]`.
const EDITORIAL_WORDS: &str = "\
    signature signed sic illegible handwritten stamp redacted text note notes translator \
    translator's translators ed editor editor's emphasis original page omitted unclear \
    deleted crossed seal initials initialed illeg blank missing sentence paragraph word \
    words line lines the a an in of and to not translated trans literally lit i.e e.g see cf \
    remainder rest passage omission left right margin upper lower top bottom attached \
    enclosed our their his her its this that these those";

/// Lower-case words inside a name (`Charles de Gaulle`, `Alfred le S. Jenkins`).
const PARTICLES: &[&str] = &[
    "le", "la", "de", "du", "da", "di", "del", "della", "des", "dos", "das", "van", "von", "der",
    "den", "ten", "ter", "zu", "bin", "ibn", "al", "el", "y",
];

/// Initials that spell an abbreviation, not a name (`U.S. Government`).
const ACRONYM_INITIALS: &[&str] = &[
    "US", "UK", "UN", "USA", "USSR", "DC", "PRC", "EU", "NY", "GDR", "FRG", "DPRK", "ROK", "SU",
    "NB", "PS", "AD", "BC", "SSR", "RSFSR", "CC", "CP", "KGB",
];

/// Common given names, folded ([`fold_word`]): a capitalised pair starting with one is a name.
const GIVEN_NAMES: &str = "\
    aaron abraham adam adlai alan albert alexander alfred allen andrew anthony arthur \
    averell barbara benjamin bernard brian bruce carl caroline charles christopher clark \
    clifford cyrus daniel david dean dennis donald dorothy douglas dwight edgar edmund \
    edward eleanor elizabeth ellsworth emily ernest eugene francis frank franklin frederick \
    gaston george gerald gordon harold harriet harry helen henry herbert howard hubert hugh \
    jack james jane jimmy joan john jonathan joseph julia kenneth lawrence leonard lyndon \
    margaret martha mary matthew michael nancy nelson nicholas patrick paul peter philip \
    ralph raymond richard robert roger ronald samuel sarah stephen steven susan theodore \
    thomas timothy walter warren william winston christian edwin geoffrey humphrey ian neil \
    oliver percy reginald roy stanley terence trevor vincent wallace winthrop chester \
    cordell elliot elliott foster harlan jacob leon lewis louis marshall morton nathan \
    phillip rudolph sidney stuart stewart sumner wilson lee alice anne ann catherine emma \
    jennifer karen linda lucy patricia rose ruth virginia aleksandr aleksei alexei alexey \
    aleksey anastas anatoly anatoli andrei andrey anna boris dmitri dmitry egor evgeny \
    evgeni fedor fyodor gennady gennadi georgy georgi grigory grigori igor ilya ivan kirill \
    konstantin lavrenty lavrenti leonid lev mikhail maxim maksim nikita nikolai nikolay oleg \
    pavel petr pyotr semyon semen sergei sergey stepan tatiana tatyana valentin valery \
    valeri valentina vasily vasili viktor victor vladimir vladislav vyacheslav yakov yelena \
    elena yury yuri yuriy zinovy daria darya olga natalia natalya irina lyudmila ekaterina \
    yekaterina arkady arkadi gavriil kliment lazar matvei panteleimon rodion sergo timofei \
    trofim vadim yevgeny yevgeni zakhar afanasy aleksandra galina klavdia lidia lidiya maria \
    nina raisa svetlana vera zoya averky nikifor petro mykola vasyl taras bohdan yelizaveta \
    ludmila marina tamara valeriy andriy dmytro fedir hryhoriy oleksandr volodymyr yevhen \
    vsevolod yaroslav sviatoslav stanislav rostislav gleb artem artyom denis ruslan nikolaj \
    aleksander andrzej boleslaw czeslaw eugeniusz franciszek henryk ignacy jakub jan janusz \
    jerzy jozef kazimierz krzysztof leszek lech marian mieczyslaw piotr ryszard stanislaw \
    stefan tadeusz tomasz waclaw wladyslaw witold wojciech zbigniew zenon zdzislaw marta \
    zofia jadwiga krystyna teresa halina wanda antonin vaclav jiri josef karel ludvik gustav \
    vasil oldrich lubomir jaroslav miroslav bohuslav zdenek frantisek alois rudolf marek \
    pawel maciej grzegorz mariusz romuald feliks adolf gheorghe nicolae ion ioan ilie emil \
    corneliu cornel vasile manea constantin dumitru mihai petre alexandru grigore silviu \
    valter ana virgil florin radu mircea ovidiu iosif teodor leonte chivu janos laszlo \
    istvan ferenc jozsef gyula sandor imre lajos bela karoly antal gabor zoltan matyas erno \
    arpad miklos tibor gyorgy endre rezso todor vulko anton dimitar petar josip edvard \
    aleksandar milovan koca mitja ivo enver mehmet hysni ramiz beqir spiro dimitrios \
    konstantinos andreas georgios nikolaos traian dragos octavian aurel marin miron bujor \
    stoyan zhivko vladko willi willy erich otto wilhelm hermann heinrich helmut konrad \
    ludwig gerhard karl hans kurt klaus horst werner gunter guenter friedrich ernst franz \
    joachim egon walther manfred georges jacques pierre maurice francois michel rene jules \
    andre marcel henri jean alain giulio amintore aldo palmiro enrico luigi giuseppe pietro \
    giovanni fidel raul ernesto salvador carlos juan jose francisco antonio manuel luis \
    miguel olof olaf gustaf urho dag trygve halvard jens bruno fritz camille edouard emile \
    lucien yves mustafa ismet adnan celal feridun suleyman gamal anwar ahmed mohammed \
    muhammad mohammad jawaharlal indira zulfikar ayub sirimavo solomon kwame patrice ahmad \
    hussein abdul abdullah ali hassan habib haile julius jomo norodom souvanna souphanouvong \
    kaysone subandrio tunku";

/// Family names of Chinese (pinyin and Wade-Giles), Vietnamese and Korean names, folded: these
/// names are written family name first.
const EAST_ASIAN_FAMILY_NAMES: &str = "\
    an bai bao bi bian bo cai cao cen chai chang chen cheng chi chu cui dai deng di ding \
    dong dou du duan fan fang fei feng fu gan gao ge geng gong gu guan guo han hao he hong \
    hou hu hua huang ji jia jian jiang jin kang kong kuang lai lan lang lei li lian liang \
    liao lin ling liu long lou lu luo ma mao mei meng mi miao min mo mu ni nie ning niu ou \
    pan pang pei peng pi ping pu qi qian qiao qin qiu qu ran rao ren rong ruan sang sha shan \
    shang shao shen sheng shi shu si song su sui sun tan tang tao teng tian tong wan wang \
    wei wen weng wu xi xia xian xiang xiao xie xin xing xiong xu xue yan yang yao ye yi yin \
    ying yong you yu yuan yue yun zang zeng zha zhai zhan zhang zhao zhen zheng zhong zhou \
    zhu zhuang zhuo zong zou zu chou chiang chiao hsu hsieh hsiao hsiung hsia jao jen kao \
    keng ko kuo kung lo nieh po shih sung ting tseng tsao tsou tu tuan tung yeh yen chao ho \
    hung kan kuan lung pai pao tien tsai tsui tso tsung chuang chien chin chiu chung huo \
    jung mou tai teh tsang tsien tsiang wong yip chow cheung leung lam kwok nguyen tran le \
    pham hoang huynh phan vu vo dang bui do ngo duong ly truong dinh mai ton trinh luong dao \
    doan ha quach kieu giap la mac nong vuong kim lee ri park pak choi choe chong jeong cho \
    jo yoon jang lim im rim shin sin kwon hwang ahn yoo jeon chon go moon mun son bae baek \
    paek heo nam sim noh kwak seo so oh ju kye pyon hyon hyun ryu yon won rhee";

/// Endings of Slavic, Armenian, Georgian, Polish and Romanian family names (folded).
const SURNAME_SUFFIXES: &[&str] = &[
    "ov", "ev", "ova", "eva", "sky", "ski", "ska", "skaya", "enko", "uk", "yuk", "chuk", "yan",
    "dze", "vili", "vich", "wicz", "escu", "eanu", "in", "yn", "ina",
];

/// Further endings accepted only in a list of several family names.
const LIST_SURNAME_SUFFIXES: &[&str] = &["ko", "ak", "ek", "ny", "oy", "ich", "ic"];

/// FNV-1a: a fast hash for the short keys of the word lists and folded names.
#[derive(Clone, Copy)]
struct Fnv(u64);

impl Default for Fnv {
    fn default() -> Fnv {
        Fnv(0xcbf2_9ce4_8422_2325)
    }
}

impl std::hash::Hasher for Fnv {
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

type FastHash = std::hash::BuildHasherDefault<Fnv>;

static WORD_FLAGS: LazyLock<HashMap<&'static str, u16, FastHash>> = LazyLock::new(|| {
    let mut map: HashMap<&'static str, u16, FastHash> = HashMap::default();
    for (list, flag) in [
        (FUNCTION_WORDS, W_FUNCTION),
        (HONORIFIC_WORDS, W_HONORIFIC),
        (PLURAL_CUES, W_PLURAL),
        (OFFICE_WORDS, W_OFFICE),
        (MODIFIER_WORDS, W_MODIFIER),
        (LOWER_CUES, W_LOWER_CUE),
        (INSTITUTION_WORDS, W_INSTITUTION),
        (PLACE_WORDS, W_PLACE),
        (STOP_WORDS, W_STOP),
        (DOMAIN_WORDS, W_DOMAIN),
        (EDITORIAL_WORDS, W_EDITORIAL),
    ] {
        for word in list.split_whitespace() {
            *map.entry(word).or_insert(0) |= flag;
        }
    }
    map
});

static GIVEN: LazyLock<HashSet<&'static str, FastHash>> =
    LazyLock::new(|| GIVEN_NAMES.split_whitespace().collect());

static EAST_ASIAN: LazyLock<HashSet<&'static str, FastHash>> =
    LazyLock::new(|| EAST_ASIAN_FAMILY_NAMES.split_whitespace().collect());

// ---------------------------------------------------------------------------------------------
// The general name finder: folding and comparing names.
// ---------------------------------------------------------------------------------------------

/// The flags of a word in the lists above (case, a final `.` and curly apostrophes ignored).
fn lookup_flags(word: &str) -> u16 {
    let word = word.trim_end_matches('.');
    let mut buffer = [0u8; 32];
    if word.len() <= buffer.len() && word.is_ascii() {
        let lower = &mut buffer[..word.len()];
        lower.copy_from_slice(word.as_bytes());
        lower.make_ascii_lowercase();
        return std::str::from_utf8(lower)
            .ok()
            .and_then(|w| WORD_FLAGS.get(w))
            .copied()
            .unwrap_or(0);
    }
    let lower = word.to_lowercase().replace('’', "'");
    if let Some(&flags) = WORD_FLAGS.get(lower.as_str()) {
        return flags;
    }
    WORD_FLAGS
        .get(deunicode::deunicode(&lower).as_str())
        .copied()
        .unwrap_or(0)
}

/// The flags of a word, hyphenated words taking those of their parts when every part is
/// listed (`Vice-Premier`, `Sino-Soviet`; `Loga-Sowiski` and `En-lai` have none).
fn word_flags(word: &str) -> u16 {
    let flags = lookup_flags(word);
    if flags != 0 || !word.contains('-') {
        return flags;
    }
    let mut all = 0;
    for part in word.split('-') {
        let part_flags = lookup_flags(part);
        if part_flags == 0 {
            return 0;
        }
        all |= part_flags;
    }
    all
}

/// A word folded for loose comparison: lower-case ASCII letters only, accents folded (or,
/// with `strip`, letters outside ASCII dropped, as OCR loses them: `Gomułka` -> `gomuka`),
/// `?` and apostrophes dropped, an OCR `I` after a lower-case letter read as `l` (`SoIomon`),
/// and the endings `-ii`, `-iy`, `-yy`, `-yi`, `-ij` written `-y` (`Podgornyy`, `Podgorny`).
fn fold_word(word: &str, strip: bool) -> String {
    let mut out = String::with_capacity(word.len());
    fold_into(word, strip, &mut out);
    out
}

/// [`fold_word`], appended to `out`.
fn fold_into(word: &str, strip: bool, out: &mut String) {
    let from = out.len();
    let mut previous_lower = false;
    for c in word.chars() {
        let read = if c == 'I' && previous_lower { 'l' } else { c };
        previous_lower = c.is_lowercase();
        if read.is_ascii_alphabetic() {
            out.push(read.to_ascii_lowercase());
        } else if read.is_alphabetic() && !strip {
            let ascii = deunicode::deunicode_char(read).unwrap_or("");
            out.extend(
                ascii
                    .chars()
                    .filter(char::is_ascii_alphabetic)
                    .map(|a| a.to_ascii_lowercase()),
            );
        }
    }
    if out.len() - from > 4 {
        for ending in ["ii", "iy", "yy", "yi", "ij"] {
            if out.ends_with(ending) {
                out.truncate(out.len() - 2);
                out.push('y');
                break;
            }
        }
    }
}

/// A whole name folded word by word ([`fold_word`]); words are split at spaces, full stops,
/// commas and hyphens (`Han Sang-du` and `Han Sang Du` agree), and runs of initials are
/// joined as in [`name_key`].
fn fold_key(name: &str, strip: bool) -> String {
    let mut out = String::with_capacity(name.len());
    let mut previous_initial = false;
    for part in name.split(|c: char| c.is_whitespace() || matches!(c, '.' | ',' | '-')) {
        let folded = fold_word(part, strip);
        if folded.is_empty() {
            continue;
        }
        let initial = folded.len() == 1;
        if !(out.is_empty() || initial && previous_initial) {
            out.push(' ');
        }
        out.push_str(&folded);
        previous_initial = initial;
    }
    out
}

/// One word of a name, folded both ways.
#[derive(Debug, Clone)]
struct NamePart {
    full: String,
    strip: String,
    initial: bool,
}

impl NamePart {
    fn same(&self, other: &NamePart) -> bool {
        self.full == other.full || self.strip == other.strip
    }
}

/// The words of a name without forms of address, titles, particles, possessives and
/// brackets: `Cde. [Pavel] Volkov's` -> `pavel`, `volkov`.
fn name_parts(name: &str) -> Vec<NamePart> {
    let mut parts: Vec<NamePart> = Vec::new();
    let mut leading = true;
    let cleaned: String = name
        .chars()
        .map(|c| {
            if matches!(c, '[' | ']' | '(' | ')' | '/') {
                ' '
            } else {
                c
            }
        })
        .collect();
    for token in cleaned.split_whitespace() {
        let token = token
            .strip_suffix("'s")
            .or_else(|| token.strip_suffix("’s"))
            .unwrap_or(token)
            .trim_matches(|c: char| !c.is_alphanumeric() && c != '.');
        let flags = word_flags(token);
        if leading && flags & (W_HONORIFIC | W_OFFICE | W_MODIFIER | W_FUNCTION) != 0 {
            continue;
        }
        if PARTICLES.contains(&token) || matches!(fold_word(token, false).as_str(), "jr" | "sr") {
            continue;
        }
        leading = false;
        let pieces: Vec<&str> = token.split('.').collect();
        for (i, piece) in pieces.iter().enumerate() {
            let full = fold_word(piece, false);
            if full.is_empty() {
                continue;
            }
            let letters = piece.chars().filter(|c| c.is_alphabetic()).count();
            let dotted = i + 1 < pieces.len();
            let initial = letters == 1 || (dotted && letters <= 2);
            parts.push(NamePart {
                strip: fold_word(piece, true),
                full,
                initial,
            });
        }
    }
    parts
}

/// Which part of a name is the family name: the last, or the first in East Asian names
/// (`Wu Xueqian`, `Kim Il Sung`) and surname-first pairs ending in a given name
/// (`Ionescu Cornel`).
fn family_index(parts: &[NamePart]) -> usize {
    let n = parts.len();
    if n <= 1 {
        return 0;
    }
    if parts.iter().any(|p| p.initial) {
        return parts.iter().rposition(|p| !p.initial).unwrap_or(n - 1);
    }
    let first = parts[0].full.as_str();
    if n <= 3 && EAST_ASIAN.contains(first) && !GIVEN.contains(first) {
        return 0;
    }
    if n == 2 && GIVEN.contains(parts[1].full.as_str()) && !GIVEN.contains(first) {
        return 0;
    }
    n - 1
}

/// True when `small` is a subsequence of `big`.
fn is_subsequence(small: &str, big: &str) -> bool {
    let mut letters = big.chars();
    small.chars().all(|c| letters.any(|b| b == c))
}

/// Whether the given names of two names that share a family name can be one person's:
/// initials agree (`G.` and `George`, `H. A.` and `Henry`), and full given names, when both
/// give one, are the same (`James Brown` is not `J. Carter Brown`).
fn given_compatible(a: &[NamePart], fa: usize, b: &[NamePart], fb: usize) -> bool {
    let given_a: Vec<&NamePart> = a
        .iter()
        .enumerate()
        .filter(|(i, _)| *i != fa)
        .map(|(_, p)| p)
        .collect();
    let given_b: Vec<&NamePart> = b
        .iter()
        .enumerate()
        .filter(|(i, _)| *i != fb)
        .map(|(_, p)| p)
        .collect();
    if given_a.is_empty() || given_b.is_empty() {
        return true;
    }
    let east_asian = |parts: &[NamePart], family: usize| {
        family == 0 && parts.len() > 1 && parts.iter().all(|p| !p.initial)
    };
    if east_asian(a, fa) && east_asian(b, fb) {
        let joined = |given: &[&NamePart], strip: bool| -> String {
            given
                .iter()
                .map(|p| {
                    if strip {
                        p.strip.as_str()
                    } else {
                        p.full.as_str()
                    }
                })
                .collect()
        };
        return joined(&given_a, false) == joined(&given_b, false)
            || joined(&given_a, true) == joined(&given_b, true);
    }
    let initials = |given: &[&NamePart]| -> String {
        given.iter().filter_map(|p| p.full.chars().next()).collect()
    };
    let (ia, ib) = (initials(&given_a), initials(&given_b));
    if !is_subsequence(&ia, &ib) && !is_subsequence(&ib, &ia) {
        return false;
    }
    let main_a = given_a.iter().find(|p| !p.initial);
    let main_b = given_b.iter().find(|p| !p.initial);
    if let (Some(x), Some(y)) = (main_a, main_b) {
        let prefix = |s: &str, t: &str| s.len() >= 3 && t.starts_with(s);
        return x.same(y) || prefix(&x.full, &y.full) || prefix(&y.full, &x.full);
    }
    true
}

/// Whether two names can be the same person's: the family names agree after folding
/// (accents, lost letters, `-ii`/`-y` endings, OCR `I` for `l`), and the given names or
/// initials do not disagree. Forms of address and titles are ignored, and a one-word name
/// matches the family name of a full one: `Wu` and `Wu Xueqian`, `Shultz` and
/// `George P. Shultz`, `Chen Yi` and `Cde. Chen Yi`, `G. Brown` and `George Brown`; not
/// `James Brown` and `J. Carter Brown`, nor `Chen Yi` and `Chen Boda`.
pub fn same_person(a: &str, b: &str) -> bool {
    let pa = name_parts(a);
    let pb = name_parts(b);
    if pa.is_empty() || pb.is_empty() {
        return false;
    }
    if pa.len() == pb.len() && pa.iter().zip(&pb).all(|(x, y)| x.same(y)) {
        return true;
    }
    if pa.len() == pb.len()
        && pa.len() >= 2
        && pa.iter().zip(pb.iter().rev()).all(|(x, y)| x.same(y))
    {
        return true;
    }
    let fa = family_index(&pa);
    let fb = family_index(&pb);
    if !pa[fa].same(&pb[fb]) || pa[fa].initial || pb[fb].initial {
        return false;
    }
    given_compatible(&pa, fa, &pb, fb)
}

/// True when a folded word has an ending typical of Slavic, Armenian, Georgian, Polish or
/// Romanian family names; `list` admits weaker endings.
fn has_surname_suffix(folded: &str, list: bool) -> bool {
    folded.len() >= 5
        && (SURNAME_SUFFIXES.iter().any(|s| folded.ends_with(s))
            || (list && LIST_SURNAME_SUFFIXES.iter().any(|s| folded.ends_with(s))))
}

/// Collapses runs of white space to single spaces.
fn collapse_spaces(text: &str) -> String {
    let simple = !text.contains(|c: char| c.is_whitespace() && c != ' ') && !text.contains("  ");
    if simple {
        return text.to_owned();
    }
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn letters(word: &str) -> usize {
    word.chars().filter(|c| c.is_alphabetic()).count()
}

fn is_caps(word: &str) -> bool {
    letters(word) >= 2 && !word.chars().any(char::is_lowercase)
}

impl Authority {
    /// [`Authority::resolve`], then the folded spellings ([`fold_key`], either word order);
    /// a match whose given names disagree with the person's is no match.
    fn resolve_folded(&self, surface: &str) -> Option<(usize, Certainty)> {
        if let Some(hit) = self.resolve(surface)
            && self.given_names_agree(hit.0, surface)
        {
            return Some(hit);
        }
        let full = fold_key(surface, false);
        let strip = fold_key(surface, true);
        for key in [full.as_str(), strip.as_str()] {
            if key.is_empty() {
                continue;
            }
            if let Some(&index) = self.folded.get(key) {
                return Some((index, Certainty::Uncertain));
            }
            let words: Vec<&str> = key.split(' ').collect();
            if (2..=3).contains(&words.len()) {
                let reversed: Vec<&str> = words.iter().rev().copied().collect();
                if let Some(&index) = self.folded.get(&reversed.join(" ")) {
                    return Some((index, Certainty::Uncertain));
                }
            }
            if full == strip {
                break;
            }
        }
        None
    }

    /// A one-word name after a cue (`Chairman Mao`): a listed spelling, or the family name of
    /// exactly one person (uncertain).
    fn resolve_one_word(&self, surface: &str) -> Option<(usize, Certainty)> {
        if let Some(hit) = self.resolve_folded(surface) {
            return Some(hit);
        }
        for strip in [false, true] {
            let key = fold_key(surface, strip);
            if let Some(list) = self.by_folded_family.get(&key)
                && let [only] = list.as_slice()
            {
                return Some((*only, Certainty::Uncertain));
            }
        }
        None
    }

    /// Whether the given names of `surface` can be those of the person at `index` (true
    /// when neither gives any).
    fn given_names_agree(&self, index: usize, surface: &str) -> bool {
        let theirs = &self.people[index].given_parts;
        if theirs.is_empty() {
            return true;
        }
        let ours = name_parts(surface);
        if ours.len() < 2 {
            return true;
        }
        let fo = family_index(&ours);
        theirs
            .iter()
            .any(|(parts, family)| given_compatible(&ours, fo, parts, *family))
    }
}

// ---------------------------------------------------------------------------------------------
// The general name finder: tokens.
// ---------------------------------------------------------------------------------------------

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Word,
    Initial,
    Number,
    Punct(char),
}

#[derive(Debug, Clone, Copy)]
struct Tok {
    start: usize,
    end: usize,
    kind: Kind,
    /// The token starts the text or a line.
    line_start: bool,
    /// A word followed by a possessive `'s` (skipped).
    possessive: bool,
    /// A word holding a bracketed insertion (`Com[rade]`, `M[inistry]`).
    glued: bool,
    /// An initial of an abbreviation (`U.S.`).
    acronym: bool,
}

/// The end of a word starting at `start`, where scanning resumes, whether a possessive
/// followed, and whether it holds a bracketed insertion; sets `hyphen_capital` when the word
/// has a hyphen followed by a capital.
fn scan_word(text: &str, start: usize, hyphen_capital: &mut bool) -> (usize, usize, bool, bool) {
    let bytes = text.as_bytes();
    let mut j = start;
    let mut glued = false;
    loop {
        loop {
            match bytes.get(j) {
                Some(b) if b.is_ascii_alphabetic() => j += 1,
                Some(b) if !b.is_ascii() => match text[j..].chars().next() {
                    Some(c) if c.is_alphabetic() => j += c.len_utf8(),
                    _ => break,
                },
                _ => break,
            }
        }
        let rest = &text[j..];
        let mut it = rest.chars();
        match it.next() {
            Some(q @ ('\'' | '’')) => {
                let after = j + q.len_utf8();
                let mut following = text[after..].chars().take_while(|c| c.is_alphabetic());
                match (following.next(), following.next()) {
                    (Some(_), Some(_)) => {
                        j = after;
                        continue;
                    }
                    (Some('s' | 'S'), None) => return (j, after + 1, true, glued),
                    (Some(_), None) => {
                        j = after;
                        continue;
                    }
                    (None, _) if text[start..j].ends_with(['s', 'S']) => {
                        return (j, after, true, glued);
                    }
                    (None, _) => {}
                }
            }
            Some('-')
                if let Some(after) = it.next()
                    && after.is_alphabetic() =>
            {
                *hyphen_capital |= after.is_uppercase();
                j += 1;
                continue;
            }
            Some('?') if j > start && it.next().is_some_and(char::is_alphabetic) => {
                j += 1;
                continue;
            }
            Some('[') => {
                let inner = &rest[1..];
                let n: usize = inner
                    .chars()
                    .take_while(|c| c.is_lowercase())
                    .map(char::len_utf8)
                    .sum();
                if n > 0 && inner[n..].starts_with(']') {
                    j += n + 2;
                    glued = true;
                    continue;
                }
            }
            _ => {}
        }
        break;
    }
    (j, j, false, glued)
}

/// Splits `text` into words, initials, numbers and punctuation.
fn scan(text: &str) -> Vec<Tok> {
    let bytes = text.as_bytes();
    let mut out: Vec<Tok> = Vec::with_capacity(text.len() / 5);
    let mut i = 0;
    let mut line_start = true;
    let mut hyphen_capital = false;
    while i < bytes.len() {
        let c = if bytes[i] < 0x80 {
            char::from(bytes[i])
        } else {
            text[i..].chars().next().unwrap_or(' ')
        };
        let len = c.len_utf8();
        if c.is_whitespace() {
            line_start |= c == '\n';
            i += len;
            continue;
        }
        let mut tok = Tok {
            start: i,
            end: i + len,
            kind: Kind::Punct(c),
            line_start,
            possessive: false,
            glued: false,
            acronym: false,
        };
        line_start = false;
        let mut next = i + len;
        if c.is_alphabetic() {
            let upper = c.is_uppercase();
            let second = if upper {
                text[next..].chars().next().filter(|d| d.is_lowercase())
            } else {
                None
            };
            if upper && bytes.get(next) == Some(&b'.') {
                tok.kind = Kind::Initial;
                tok.end = next + 1;
                next += 1;
            } else if upper
                && let Some(d) = second
                && bytes.get(next + d.len_utf8()) == Some(&b'.')
                && DIGRAPH_INITIALS.contains(&&text[i..next + d.len_utf8()])
            {
                tok.kind = Kind::Initial;
                tok.end = next + d.len_utf8() + 1;
                next = tok.end;
            } else {
                let (end, resume, possessive, glued) = scan_word(text, i, &mut hyphen_capital);
                tok.kind = Kind::Word;
                tok.end = end;
                tok.possessive = possessive;
                tok.glued = glued;
                next = resume;
            }
        } else if c.is_ascii_digit() {
            next += text[next..]
                .chars()
                .take_while(|d| d.is_alphanumeric())
                .map(char::len_utf8)
                .sum::<usize>();
            tok.kind = Kind::Number;
            tok.end = next;
        }
        out.push(tok);
        i = next;
    }
    // Abbreviations written as initials.
    let mut i = 0;
    while i < out.len() {
        if out[i].kind != Kind::Initial {
            i += 1;
            continue;
        }
        let mut j = i + 1;
        while j < out.len() && out[j].kind == Kind::Initial && out[j].start == out[j - 1].end {
            j += 1;
        }
        let spelled: String = out[i..j]
            .iter()
            .map(|t| text[t.start..t.end].trim_end_matches('.'))
            .collect();
        if ACRONYM_INITIALS.contains(&spelled.as_str()) {
            for t in &mut out[i..j] {
                t.acronym = true;
            }
        }
        i = j;
    }
    if hyphen_capital {
        split_joined_names(text, out)
    } else {
        out
    }
}

/// Splits a hyphen that joins two East Asian names (`Peng Zhen-Lu Dingyi`).
fn split_joined_names(text: &str, toks: Vec<Tok>) -> Vec<Tok> {
    let mut out = Vec::with_capacity(toks.len() + 2);
    for (k, t) in toks.iter().enumerate() {
        let word = &text[t.start..t.end];
        let split = (t.kind == Kind::Word)
            .then(|| word.find('-'))
            .flatten()
            .filter(|&h| {
                let (left, right) = (&word[..h], &word[h + 1..]);
                let before = k.checked_sub(1).map(|p| &toks[p]);
                let after = toks.get(k + 1);
                right.starts_with(char::is_uppercase)
                    && !right.contains('-')
                    && EAST_ASIAN.contains(fold_word(right, false).as_str())
                    && letters(left) >= 2
                    && before.is_some_and(|b| {
                        b.kind == Kind::Word
                            && text[b.end..t.start] == *" "
                            && EAST_ASIAN.contains(fold_word(&text[b.start..b.end], false).as_str())
                    })
                    && after.is_some_and(|a| {
                        a.kind == Kind::Word
                            && text[t.end..a.start] == *" "
                            && text[a.start..a.end].starts_with(char::is_uppercase)
                    })
            });
        match split {
            Some(h) => {
                let at = t.start + h;
                out.push(Tok {
                    end: at,
                    possessive: false,
                    ..*t
                });
                out.push(Tok {
                    start: at,
                    end: at + 1,
                    kind: Kind::Punct('-'),
                    line_start: false,
                    possessive: false,
                    glued: false,
                    acronym: false,
                });
                out.push(Tok {
                    start: at + 1,
                    line_start: false,
                    ..*t
                });
            }
            None => out.push(*t),
        }
    }
    out
}

// ---------------------------------------------------------------------------------------------
// The general name finder: recognising names.
// ---------------------------------------------------------------------------------------------

/// A cue before a name.
struct Cue {
    /// As written, spaces collapsed.
    text: String,
    /// The token where the name starts, when one follows.
    next: Option<usize>,
    /// The token after the cue's words.
    after: usize,
    /// `Comrades A, B and C`.
    plural: bool,
}

/// Where a name starts relative to brackets.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Open {
    /// Outside any bracket (a leading `[` may complete it: `[Pavel] Volkov`).
    Outside,
    /// Inside a bracket closed at the given token; with `true` the name may go on after it
    /// (`[columnist Walter] Lippmann`).
    Inside(usize, bool),
}

/// At most eight token indices: the pieces of one name, kept without allocating.
#[derive(Debug, Clone, Copy)]
struct Pieces {
    items: [usize; 8],
    len: usize,
}

impl Pieces {
    fn new() -> Pieces {
        Pieces {
            items: [0; 8],
            len: 0,
        }
    }

    fn push(&mut self, k: usize) {
        if self.len < self.items.len() {
            self.items[self.len] = k;
            self.len += 1;
        }
    }

    fn pop(&mut self) {
        self.len = self.len.saturating_sub(1);
    }
}

impl std::ops::Deref for Pieces {
    type Target = [usize];

    fn deref(&self) -> &[usize] {
        &self.items[..self.len]
    }
}

/// A run of name pieces.
#[derive(Debug, Clone)]
struct Parse {
    /// The token the parse started at (a leading bracket included).
    first: usize,
    /// Tokens of initials, words and particles.
    pieces: Pieces,
    /// The token after the name.
    next: usize,
    /// A bracket completed the name (`[Pavel] Volkov`, `Chen [Yi]`).
    bracket: bool,
    /// The words are in capitals.
    caps: bool,
}

/// A name found, before it becomes a [`Mention`].
#[derive(Debug, Clone)]
struct Found {
    next: usize,
    start: usize,
    end: usize,
    surface: String,
    alias: Option<String>,
    cue: Option<String>,
    person: Option<(usize, Certainty)>,
    words: usize,
    initials: usize,
    alias_words: usize,
}

enum Verdict {
    Accept(Found),
    /// A name by shape alone, kept if the page confirms it elsewhere.
    Pending(Parse, Option<Found>),
    Reject,
}

struct Finder<'a> {
    text: &'a str,
    toks: Vec<Tok>,
    /// What each token is, precomputed.
    props: Vec<Props>,
    /// The folded name words and initials ([`fold_word`]), one after another.
    folds: String,
    authority: &'a Authority,
}

/// Lower-case words that matter to [`find_names`].
#[derive(Clone, Copy, PartialEq, Eq)]
enum LowerSpecial {
    None,
    /// A cue in lower case (`comrade`, `ambassador`, `d'affaires`).
    Cue,
    /// A particle inside names (`le`, `van`).
    Particle,
}

/// A word of up to eight bytes as one number, for cheap comparison.
fn pack(word: &[u8]) -> u64 {
    word.iter().fold(0, |key, &b| key << 8 | u64::from(b))
}

static LOWER_SPECIAL: LazyLock<Vec<(u64, LowerSpecial)>> = LazyLock::new(|| {
    let mut table: Vec<(u64, LowerSpecial)> = LOWER_CUES
        .split_whitespace()
        .filter(|w| w.len() <= 8)
        .map(|w| (pack(w.as_bytes()), LowerSpecial::Cue))
        .chain(
            PARTICLES
                .iter()
                .map(|w| (pack(w.as_bytes()), LowerSpecial::Particle)),
        )
        .collect();
    table.sort_by_key(|&(key, _)| key);
    table.dedup_by_key(|entry| entry.0);
    table
});

static LONG_LOWER_CUES: LazyLock<Vec<&'static str>> = LazyLock::new(|| {
    LOWER_CUES
        .split_whitespace()
        .filter(|w| w.len() > 8)
        .collect()
});

/// Whether a lower-case word is a cue or a particle ([`LOWER_CUES`], [`PARTICLES`]).
fn lower_special(word: &str) -> LowerSpecial {
    let bytes = word.as_bytes();
    if bytes.len() > 8 {
        let long = LONG_LOWER_CUES
            .iter()
            .any(|w| w.len() == bytes.len() && *w == word);
        return if long {
            LowerSpecial::Cue
        } else {
            LowerSpecial::None
        };
    }
    let key = pack(bytes);
    match LOWER_SPECIAL.binary_search_by_key(&key, |&(k, _)| k) {
        Ok(i) => LOWER_SPECIAL[i].1,
        Err(_) => LowerSpecial::None,
    }
}

/// Precomputed facts about one token.
#[derive(Clone, Default)]
struct Props {
    /// Word flags, for capitalised words and lower-case cue words.
    flags: u16,
    /// A name word ([`Finder::is_name_word`]).
    name: bool,
    /// A particle (`le`, `van`).
    particle: bool,
    /// The folded word's range in `Finder::folds`.
    fold: (u32, u32),
    /// Once asked: [`Finder::loose_family_known`].
    loose: std::cell::OnceCell<bool>,
}

impl<'a> Finder<'a> {
    fn new(text: &'a str, authority: &'a Authority) -> Finder<'a> {
        let toks = scan(text);
        let mut props = vec![Props::default(); toks.len()];
        let mut folds = String::new();
        for (k, t) in toks.iter().enumerate() {
            if t.kind == Kind::Initial {
                let start = folds.len();
                fold_into(&text[t.start..t.end], false, &mut folds);
                props[k].fold = (start as u32, folds.len() as u32);
                continue;
            }
            if t.kind != Kind::Word {
                continue;
            }
            let raw = &text[t.start..t.end];
            let cleaned;
            let word = if t.glued {
                cleaned = raw.replace(['[', ']'], "");
                cleaned.as_str()
            } else {
                raw
            };
            let b0 = word.as_bytes()[0];
            let upper = if b0.is_ascii() {
                b0.is_ascii_uppercase()
            } else {
                word.starts_with(char::is_uppercase)
            };
            if upper {
                props[k].flags = word_flags(word);
                if props[k].flags == 0 && letters(word) >= 2 {
                    props[k].name = true;
                    let start = folds.len();
                    fold_into(word, false, &mut folds);
                    props[k].fold = (start as u32, folds.len() as u32);
                }
            } else {
                // Lower-case cues (`comrade`, `ambassador`) and particles (`le`, `van`).
                match lower_special(word) {
                    LowerSpecial::Cue => props[k].flags = lookup_flags(word),
                    LowerSpecial::Particle => props[k].particle = true,
                    LowerSpecial::None => {}
                }
            }
        }
        Finder {
            text,
            toks,
            props,
            folds,
            authority,
        }
    }

    /// Whether token `k` is a word of some name the authority lists (folded either way).
    fn known_word(&self, k: usize) -> bool {
        let words = &self.authority.folded_words;
        words.contains(self.fold(k)) || {
            let word = self.word(k);
            !word.is_ascii() && words.contains(&fold_word(&self.clean_word(k), true))
        }
    }

    /// Whether token `k`, as a family name, agrees loosely ([`loose_key`]) with one the
    /// authority lists (`Cervonenko`); computed once per token.
    fn loose_family_known(&self, k: usize) -> bool {
        if self.authority.by_loose_family.is_empty() {
            return false;
        }
        *self.props[k].loose.get_or_init(|| {
            let key = loose_key(self.word(k));
            key.len() >= 4 && self.authority.by_loose_family.contains_key(&key)
        })
    }

    /// The folded word of token `k`.
    fn fold(&self, k: usize) -> &str {
        let (start, end) = self.props[k].fold;
        &self.folds[start as usize..end as usize]
    }

    fn word(&self, k: usize) -> &'a str {
        let t = &self.toks[k];
        &self.text[t.start..t.end]
    }

    /// The word without the brackets of an insertion.
    fn clean_word(&self, k: usize) -> std::borrow::Cow<'a, str> {
        let word = self.word(k);
        if self.toks[k].glued {
            std::borrow::Cow::Owned(word.replace(['[', ']'], ""))
        } else {
            std::borrow::Cow::Borrowed(word)
        }
    }

    fn is_punct(&self, k: usize, c: char) -> bool {
        self.toks.get(k).is_some_and(|t| t.kind == Kind::Punct(c))
    }

    fn is_word(&self, k: usize, w: &str) -> bool {
        self.toks.get(k).is_some_and(|t| t.kind == Kind::Word) && self.word(k) == w
    }

    fn lower(&self, k: usize) -> bool {
        self.word(k).starts_with(char::is_lowercase)
    }

    /// Whether two tokens are next to each other within a name: one space (or U+00A0)
    /// between words; after an initial, a little more, a line break included (`A.I.
    /// Mikoyan` wrapped); with `loose`, a line break between words too (wrapped lists).
    fn adjacent(&self, a: usize, b: usize, loose: bool) -> bool {
        let (ta, tb) = (&self.toks[a], &self.toks[b]);
        let between = &self.text[ta.end..tb.start];
        let bracket = |t: &Tok| matches!(t.kind, Kind::Punct('[' | ']' | '(' | ')'));
        if between.is_empty() {
            return ta.kind == Kind::Initial || bracket(ta) || bracket(tb);
        }
        if between == " " || between == "\u{a0}" {
            return true;
        }
        if !between.chars().all(char::is_whitespace) || between.chars().count() > 6 {
            return false;
        }
        let breaks = between.matches('\n').count();
        breaks <= 1 && (ta.kind == Kind::Initial || (loose && ta.kind == Kind::Word))
    }

    fn is_particle(&self, k: usize) -> bool {
        self.props[k].particle
    }

    /// A capitalised word of two letters or more that is in none of the word lists.
    fn is_name_word(&self, k: usize) -> bool {
        self.props[k].name
    }

    fn is_piece_start(&self, k: usize) -> bool {
        k < self.toks.len()
            && ((self.toks[k].kind == Kind::Initial && !self.toks[k].acronym)
                || self.is_name_word(k))
    }

    fn particle_leads_to_name(&self, k: usize) -> bool {
        let n = self.toks.len();
        (k + 1 < n && self.adjacent(k, k + 1, false) && self.is_piece_start(k + 1))
            || (k + 2 < n
                && self.is_particle(k + 1)
                && self.adjacent(k, k + 1, false)
                && self.adjacent(k + 1, k + 2, false)
                && self.is_piece_start(k + 2))
    }

    /// The token closing the bracket or parenthesis opened at `k`, on the same line and
    /// within 100 bytes, with no other bracket opened inside.
    fn bracket_close(&self, k: usize) -> Option<usize> {
        let close = match self.toks[k].kind {
            Kind::Punct('[') => ']',
            Kind::Punct('(') => ')',
            _ => return None,
        };
        let start = self.toks[k].start;
        for j in k + 1..self.toks.len() {
            let t = &self.toks[j];
            if t.line_start || t.end - start > 100 || matches!(t.kind, Kind::Punct('[' | '(')) {
                return None;
            }
            if t.kind == Kind::Punct(close) {
                return Some(j);
            }
        }
        None
    }

    fn is_word_piece(&self, k: usize) -> bool {
        self.toks[k].kind == Kind::Word && !self.is_particle(k)
    }

    fn word_count(&self, pieces: &[usize]) -> usize {
        pieces.iter().filter(|&&p| self.is_word_piece(p)).count()
    }

    fn initial_count(&self, pieces: &[usize]) -> usize {
        pieces
            .iter()
            .filter(|&&p| self.toks[p].kind == Kind::Initial)
            .count()
    }

    /// The name as written, brackets left out and spaces collapsed.
    fn surface(&self, pieces: &[usize]) -> String {
        let mut out = String::new();
        for (n, &p) in pieces.iter().enumerate() {
            if n > 0 && self.toks[pieces[n - 1]].end != self.toks[p].start {
                out.push(' ');
            }
            out.push_str(&self.clean_word(p));
        }
        out
    }

    /// The byte span from token `first` to token `last`, widened to balance square brackets.
    fn span(&self, first: usize, last: usize) -> (usize, usize) {
        let mut start = self.toks[first].start;
        let mut end = self.toks[last].end;
        for _ in 0..4 {
            let seg = &self.text[start..end];
            let (opens, closes) = (seg.matches('[').count(), seg.matches(']').count());
            if closes > opens
                && let Some(p) = self.text[..start].rfind('[')
            {
                start = p;
            } else if opens > closes
                && let Some(p) = self.text[end..].find(']')
            {
                end += p + 1;
            } else {
                break;
            }
        }
        (start, end)
    }

    /// A bracket after a name completes it (`Chen [Yi]`, `Pavel [Volkov]`) rather than give
    /// a second spelling (`Andreev [Mikoyan]`).
    fn completes(&self, pieces: &[usize], from: usize, close: usize) -> bool {
        let inner: Vec<usize> = (from..close).collect();
        if inner.is_empty() || inner.len() > 3 || !inner.iter().all(|&k| self.is_piece_start(k)) {
            return false;
        }
        let words = self.word_count(pieces);
        if words == 0 {
            return true;
        }
        if words == 1 && pieces.len() == 1 {
            let so_far = self.fold(pieces[0]);
            if GIVEN.contains(so_far) {
                return true;
            }
            return EAST_ASIAN.contains(so_far)
                && inner.len() <= 2
                && inner
                    .iter()
                    .all(|&k| self.toks[k].kind == Kind::Word && letters(self.word(k)) <= 6)
                && self.fold(inner[0]) != so_far;
        }
        false
    }

    /// The name pieces from token `j`.
    fn parse_name(&self, j: usize, loose: bool, open: Open, particle_start: bool) -> Option<Parse> {
        let n = self.toks.len();
        let mut k = j;
        let mut closing: Option<(usize, bool)> = match open {
            Open::Inside(close, go_on) => Some((close, go_on)),
            Open::Outside => None,
        };
        let mut last: Option<usize> = None;
        if closing.is_none() && self.is_punct(k, '[') {
            let close = self.bracket_close(k)?;
            if !(k + 1 < close && self.is_piece_start(k + 1)) {
                return None;
            }
            closing = Some((close, true));
            last = Some(k);
            k += 1;
        }
        let mut pieces = Pieces::new();
        let mut caps: Option<bool> = None;
        let mut bracket = false;
        while k < n && pieces.len() < 8 {
            let t = self.toks[k];
            let joins = last.is_none_or(|l| self.adjacent(l, k, loose));
            match t.kind {
                Kind::Initial if !t.acronym && joins => pieces.push(k),
                Kind::Word if joins && self.is_name_word(k) => {
                    let c = is_caps(self.word(k));
                    if caps.is_some_and(|x| x != c) {
                        break;
                    }
                    caps = Some(c);
                    pieces.push(k);
                    if t.possessive {
                        k += 1;
                        break;
                    }
                }
                Kind::Word
                    if joins
                        && (!pieces.is_empty() || particle_start)
                        && self.is_particle(k)
                        && self.particle_leads_to_name(k) =>
                {
                    pieces.push(k)
                }
                Kind::Punct(_) if closing.is_some_and(|(c, _)| c == k) => {
                    let go_on = closing.is_some_and(|(_, g)| g);
                    closing = None;
                    if go_on
                        && !pieces.is_empty()
                        && k + 1 < n
                        && self.adjacent(k, k + 1, false)
                        && self.is_piece_start(k + 1)
                    {
                        bracket = true;
                        last = Some(k);
                        k += 1;
                        continue;
                    }
                    k += 1;
                    break;
                }
                Kind::Punct('[') if closing.is_none() && !pieces.is_empty() && joins => {
                    let Some(close) = self.bracket_close(k) else {
                        break;
                    };
                    if !self.completes(&pieces, k + 1, close) {
                        break;
                    }
                    closing = Some((close, false));
                    bracket = true;
                }
                _ => break,
            }
            last = Some(k);
            k += 1;
        }
        // A name ends with a word.
        while let Some(&p) = pieces.last() {
            if self.is_word_piece(p) {
                break;
            }
            pieces.pop();
            k = p;
        }
        if pieces.is_empty() {
            return None;
        }
        Some(Parse {
            first: j,
            pieces,
            next: k,
            bracket,
            caps: caps.unwrap_or(false),
        })
    }

    /// A cue starting at token `i`: forms of address and offices (`Comrade`, `Cde.`,
    /// `Vice Foreign Minister`, `Minister of Culture`).
    fn parse_cue(&self, i: usize) -> Option<Cue> {
        let n = self.toks.len();
        let first_flags = self.props[i].flags;
        if first_flags & (W_HONORIFIC | W_OFFICE | W_MODIFIER) == 0 {
            return None;
        }
        let mut k = i;
        let mut last: Option<usize> = None;
        let mut head = false;
        let mut plural = false;
        while k < n && self.toks[k].kind == Kind::Word {
            if last.is_some_and(|l| !self.adjacent(l, k, false)) {
                break;
            }
            let flags = self.props[k].flags;
            let lower = self.lower(k);
            let allowed = !lower || flags & W_LOWER_CUE != 0;
            if !allowed || flags & (W_HONORIFIC | W_OFFICE | W_MODIFIER) == 0 {
                break;
            }
            if flags & (W_HONORIFIC | W_OFFICE) != 0 {
                head = true;
            }
            plural |= flags & W_PLURAL != 0;
            if self.toks[k].possessive {
                return None;
            }
            last = Some(k);
            k += 1;
            let abbreviation = flags & W_HONORIFIC != 0
                || ABBREVIATED_OFFICES.contains(&self.word(k - 1).to_ascii_lowercase().as_str());
            if abbreviation && self.is_punct(k, '.') && self.toks[k].start == self.toks[k - 1].end {
                last = Some(k);
                k += 1;
            }
        }
        let mut last = last?;
        if !head {
            return None;
        }
        let after = k;
        // `Minister of Culture Han Sang-du`, `Secretary of State Kissinger`.
        if self.is_word(k, "of") && self.adjacent(last, k, false) {
            let mut p = k + 1;
            let mut last_p = k;
            if self.is_word(p, "the") && self.adjacent(last_p, p, false) {
                last_p = p;
                p += 1;
            }
            let mut domain = 0;
            while p < n && self.adjacent(last_p, p, false) {
                let t = &self.toks[p];
                let ok = match t.kind {
                    Kind::Word => {
                        let flags = self.props[p].flags;
                        let word = self.word(p);
                        if word == "and" {
                            domain > 0
                        } else {
                            word.starts_with(char::is_uppercase)
                                && (flags & W_DOMAIN != 0
                                    || (flags & (W_PLACE | W_STOP) != 0
                                        && flags & W_INSTITUTION == 0))
                        }
                    }
                    Kind::Initial => t.acronym,
                    Kind::Punct('&') => domain > 0,
                    _ => false,
                };
                if !ok {
                    break;
                }
                if t.kind == Kind::Word && self.word(p) != "and" {
                    domain += 1;
                }
                last_p = p;
                p += 1;
            }
            if domain > 0
                && p < n
                && self.adjacent(last_p, p, false)
                && (self.is_piece_start(p) || self.is_punct(p, '['))
                && self.toks[last_p].kind == Kind::Word
                && self.word(last_p) != "and"
            {
                last = last_p;
                k = p;
            }
        }
        let text = collapse_spaces(&self.text[self.toks[i].start..self.toks[last].end]);
        let mut next = None;
        if k < n {
            let adjacent = self.adjacent(last, k, false);
            if adjacent
                && (self.is_piece_start(k)
                    || self.is_punct(k, '[')
                    || (self.is_particle(k) && self.particle_leads_to_name(k)))
            {
                next = Some(k);
            } else if self.is_punct(k, ']')
                && self.toks[k].start == self.toks[last].end
                && k + 1 < n
                && self.adjacent(k, k + 1, false)
                && self.is_piece_start(k + 1)
            {
                // `[Vice Foreign Minister] Zhang Wentian`.
                next = Some(k + 1);
            } else if self.is_punct(k, ',')
                && self.toks[k].start == self.toks[last].end
                && i > 0
                && (self.is_word(i - 1, "the") || self.is_word(i - 1, "The"))
                && k + 1 < n
                && self.adjacent(k, k + 1, false)
                && self.is_piece_start(k + 1)
                && self.props[i].flags & W_HONORIFIC == 0
            {
                // `the Minister, Han Sang-du`.
                next = Some(k + 1);
            }
        }
        Some(Cue {
            text,
            next,
            after,
            plural,
        })
    }

    /// A role in lower case opening a bracket before a name: `[interpreter] Li Yueran`,
    /// `[columnist Walter] Lippmann`, `[via X]`.
    fn bracket_role(&self, i: usize) -> Option<(String, usize, Open)> {
        let close = self.bracket_close(i)?;
        let mut p = i + 1;
        while p < close && self.toks[p].kind == Kind::Word && self.lower(p) {
            p += 1;
        }
        let count = p - (i + 1);
        if count == 0 || count > 3 {
            return None;
        }
        let meaningful = (i + 1..p).any(|k| {
            let flags = lookup_flags(self.word(k));
            flags & (W_EDITORIAL | W_FUNCTION) == 0 || self.word(k) == "via"
        });
        if !meaningful {
            return None;
        }
        let role = collapse_spaces(&self.text[self.toks[i + 1].start..self.toks[p - 1].end]);
        if p == close {
            let k = close + 1;
            if k < self.toks.len() && self.adjacent(close, k, false) && self.is_piece_start(k) {
                return Some((role, k, Open::Outside));
            }
            return None;
        }
        if self.is_piece_start(p) && self.adjacent(p - 1, p, false) {
            return Some((role, p, Open::Inside(close, true)));
        }
        None
    }

    /// Whether the name's place looks like an item of a list: after a line start, a comma,
    /// semicolon, colon, bullet, dash, `(` or `and`, and before one.
    fn list_context(&self, first: usize, next: usize) -> bool {
        let n = self.toks.len();
        // `Peng Zhen-Lu Dingyi`: the hyphen split off by `split_joined_names`.
        if first > 0
            && self.is_punct(first - 1, '-')
            && self.toks[first - 1].end == self.toks[first].start
            && first >= 2
            && self.toks[first - 2].end == self.toks[first - 1].start
        {
            return true;
        }
        let before = first == 0
            || self.toks[first].line_start
            || match self.toks[first - 1].kind {
                Kind::Punct(c) => matches!(
                    c,
                    ',' | ';' | ':' | '•' | '-' | '–' | '—' | '(' | '"' | '“' | '·' | '*'
                ),
                Kind::Word => self.word(first - 1) == "and",
                _ => false,
            };
        let after = next >= n
            || self.toks[next].line_start
            || match self.toks[next].kind {
                Kind::Punct(c) => {
                    matches!(c, ',' | ';' | ':' | '(' | '[' | ')' | '.' | '"' | '”' | '-')
                }
                Kind::Word => self.word(next) == "and",
                _ => false,
            };
        before && after
    }

    /// Family name first, from the East Asian list, then one or two short given names
    /// (`Li Fuchun`, `Kim Il Sung`, `Nguyen Duy Trinh`).
    fn east_asian_shape(&self, pieces: &[usize]) -> bool {
        (2..=3).contains(&pieces.len())
            && pieces.iter().all(|&p| self.is_word_piece(p))
            && letters(self.word(pieces[0])) <= 6
            && EAST_ASIAN.contains(self.fold(pieces[0]))
            && pieces[1..].iter().all(|&p| letters(self.word(p)) <= 9)
    }

    /// A Wade-Giles or Korean given name with its hyphen (`Chou En-lai`, `Han Sang-du`,
    /// `Teng Hsiao-p'ing`).
    fn hyphen_shape(&self, pieces: &[usize]) -> bool {
        if !(2..=3).contains(&pieces.len())
            || !pieces.iter().all(|&p| self.is_word_piece(p))
            || letters(self.word(pieces[0])) > 7
        {
            return false;
        }
        pieces[1..].iter().any(|&p| {
            let word = self.word(p);
            let Some((left, right)) = word.split_once('-') else {
                return false;
            };
            let apostrophe = |c: char| c == '\'' || c == '’';
            let (nl, nr) = (letters(left), letters(right));
            if !(1..=7).contains(&nl) || !(1..=7).contains(&nr) || right.contains('-') {
                return false;
            }
            let title = left.starts_with(char::is_uppercase)
                && left
                    .chars()
                    .skip(1)
                    .all(|c| c.is_lowercase() || apostrophe(c))
                && right.chars().all(|c| c.is_lowercase() || apostrophe(c));
            let caps = left.chars().all(|c| c.is_uppercase() || apostrophe(c))
                && right.chars().all(|c| c.is_uppercase() || apostrophe(c))
                && is_caps(self.word(pieces[0]));
            title || caps
        })
    }

    fn given_first(&self, pieces: &[usize], caps: bool) -> bool {
        !caps
            && self.word_count(pieces) >= 2
            && self.is_word_piece(pieces[0])
            && GIVEN.contains(self.fold(pieces[0]))
    }

    /// A word of an institution right after the name (`Harriet Ostrowski Family
    /// Foundation`, `Royal Shakespeare Company`).
    fn institution_follows(&self, last_piece: usize, next: usize) -> bool {
        next < self.toks.len()
            && self.toks[next].kind == Kind::Word
            && self.adjacent(last_piece, next, false)
            && self.props[next].flags & W_INSTITUTION != 0
    }

    fn found(&self, parse: &Parse, pieces: &[usize], next: usize, cue: Option<&Cue>) -> Found {
        let last = *pieces.last().unwrap_or(&parse.first);
        let (start, end) = self.span(pieces[0], last);
        Found {
            next,
            start,
            end,
            surface: self.surface(pieces),
            alias: None,
            cue: cue.map(|c| c.text.clone()),
            person: None,
            words: self.word_count(pieces),
            initials: self.initial_count(pieces),
            alias_words: 0,
        }
    }

    /// Decides what a parse is: a name (known, cued, or of a name's shape), a name to
    /// confirm elsewhere on the page, or nothing.
    fn evaluate(&self, parse: Parse, cue: Option<&Cue>, in_list: bool) -> Verdict {
        let cued = cue.is_some();
        let pieces = &parse.pieces;
        let fold0 = self.fold(pieces[0]);
        // Names the authority knows, longest first.
        for k in (1..=pieces.len()).rev() {
            if !self.is_word_piece(pieces[k - 1]) {
                continue;
            }
            let words = self.word_count(&pieces[..k]);
            let last_fold = self.fold(pieces[k - 1]);
            // What `resolve_folded` can match at all: a span of listed words, or a known
            // (or loosely known) family name after given names or initials.
            let all_known = pieces[..k]
                .iter()
                .all(|&p| !self.is_word_piece(p) || self.known_word(p));
            let family_known = self.authority.by_folded_family.contains_key(last_fold);
            // A loose family match keeps only given names that agree with the person's:
            // initials, or a listed given name.
            let loose = k >= 2
                && (self.initial_count(&pieces[..k]) > 0 || self.known_word(pieces[0]))
                && self.loose_family_known(pieces[k - 1]);
            let plausible = all_known
                || (k >= 2 && family_known)
                || loose
                || (words == 1 && k == 1 && (cued || in_list) && family_known);
            if !plausible {
                continue;
            }
            let surface = self.surface(&pieces[..k]);
            let hit = if words == 1 && k == 1 && (cued || in_list) {
                self.authority.resolve_one_word(&surface)
            } else {
                self.authority.resolve_folded(&surface)
            };
            if let Some(hit) = hit {
                let next = if k == pieces.len() {
                    parse.next
                } else {
                    pieces[k - 1] + 1
                };
                let mut found = self.found(&parse, &pieces[..k], next, cue);
                found.person = Some(hit);
                if k == pieces.len() {
                    self.add_alias(&parse, &mut found, true, cue);
                }
                return Verdict::Accept(found);
            }
        }
        // Names by cue and shape.
        let last = *pieces.last().unwrap_or(&parse.first);
        if self.institution_follows(last, parse.next) {
            return Verdict::Reject;
        }
        let words = self.word_count(pieces);
        let initials = self.initial_count(pieces);
        let initial_led = self.toks[pieces[0]].kind == Kind::Initial;
        let first_word = self.word(pieces[0]);
        let not_a_start = !initial_led
            && !GIVEN.contains(fold0)
            && ((letters(first_word) >= 7 && fold0.ends_with("ing"))
                || (letters(first_word) >= 6 && fold0.ends_with("ed")));
        if not_a_start && !cued {
            return Verdict::Reject;
        }
        let list = in_list || self.list_context(parse.first, parse.next);
        let last_fold = self.fold(last);
        let strong = cued
            || (initials > 0 && letters(self.word(last)) >= 3)
            || (parse.bracket && words >= 1)
            || self.hyphen_shape(pieces)
            || self.given_first(pieces, parse.caps)
            || (list && initials == 0 && self.east_asian_shape(pieces))
            || (list
                && !parse.caps
                && words == 2
                && initials == 0
                && GIVEN.contains(last_fold)
                && !GIVEN.contains(fold0));
        let bracket_follows = matches!(
            self.toks.get(parse.next).map(|t| t.kind),
            Some(Kind::Punct('[' | '('))
        );
        if !strong && words < 2 && !bracket_follows {
            // The commonest case: one capitalised word, no cue.
            return Verdict::Reject;
        }
        let mut found = self.found(&parse, pieces, parse.next, cue);
        if cued && words == 1 && initials == 0 {
            found.person = self.authority.resolve_one_word(&found.surface);
        }
        let pair = self.add_alias(&parse, &mut found, strong, cue);
        match pair {
            PairOutcome::Accepted => Verdict::Accept(found),
            PairOutcome::Pending => Verdict::Pending(parse, Some(found)),
            PairOutcome::None if strong => Verdict::Accept(found),
            PairOutcome::None if words >= 2 => Verdict::Pending(parse, None),
            PairOutcome::None => Verdict::Reject,
        }
    }

    /// Looks for a second spelling in brackets right after the name (`Andreev [Mikoyan]`,
    /// `Huang Chen (Huang Zhen)`) and records it in `found` when the pair is a person.
    fn add_alias(
        &self,
        parse: &Parse,
        found: &mut Found,
        strong: bool,
        cue: Option<&Cue>,
    ) -> PairOutcome {
        let n = self.toks.len();
        let k = parse.next;
        if k >= n || !matches!(self.toks[k].kind, Kind::Punct('[' | '(')) {
            return PairOutcome::None;
        }
        let Some(&last_piece) = parse.pieces.last() else {
            return PairOutcome::None;
        };
        if !self.adjacent(last_piece, k, false) || self.toks[last_piece].possessive {
            return PairOutcome::None;
        }
        let Some(close) = self.bracket_close(k) else {
            return PairOutcome::None;
        };
        let mut p = k + 1;
        while p < close && !self.is_piece_start(p) {
            if !matches!(self.toks[p].kind, Kind::Word | Kind::Initial) {
                return PairOutcome::None;
            }
            p += 1;
        }
        if p >= close {
            return PairOutcome::None;
        }
        let role = (p > k + 1)
            .then(|| collapse_spaces(&self.text[self.toks[k + 1].start..self.toks[p - 1].end]));
        let Some(q) = self.parse_name(p, false, Open::Inside(close, false), false) else {
            return PairOutcome::None;
        };
        if q.next != close + 1 {
            return PairOutcome::None;
        }
        let (p_words, p_initials) = (found.words, found.initials);
        let q_words = self.word_count(&q.pieces);
        let q_initials = self.initial_count(&q.pieces);
        let q_last = *q.pieces.last().unwrap_or(&p);
        let q_single = q_words == 1 && q_initials == 0;
        let shaped = q_words >= 1
            && (q_words >= 2 || q_initials > 0 || letters(self.word(q_last)) >= 4)
            && !(q.caps && !parse.caps && q_single);
        if !shaped {
            return PairOutcome::None;
        }
        let q_surface = self.surface(&q.pieces);
        let q_hit = self.authority.resolve_folded(&q_surface);
        let p_fold = self.fold(last_piece);
        let q_fold = self.fold(q_last);
        let similar = {
            let (a, b) = (loose_key(p_fold), loose_key(q_fold));
            a == b
                || a.starts_with(&b)
                || b.starts_with(&a)
                || (a.len() >= 4 && b.len() >= 4 && a[..4] == b[..4])
        };
        let p_single = p_words == 1 && p_initials == 0;
        let accept = found.person.is_some()
            || q_hit.is_some()
            || if q_single {
                !similar
                    && (has_surname_suffix(q_fold, false)
                        || (p_single && has_surname_suffix(p_fold, false)))
            } else {
                strong
                    || q_initials > 0
                    || self.hyphen_shape(&q.pieces)
                    || self.east_asian_shape(&q.pieces)
                    || self.given_first(&q.pieces, q.caps)
            };
        let outcome = if accept {
            PairOutcome::Accepted
        } else if (p_words >= 2 && q_words >= 2) || (p_single && q_single) {
            PairOutcome::Pending
        } else {
            return PairOutcome::None;
        };
        found.alias = Some(q_surface);
        found.alias_words = q_words;
        found.next = close + 1;
        found.end = self.toks[close].end;
        if found.person.is_none() {
            found.person = q_hit;
        }
        if cue.is_none() && found.cue.is_none() {
            found.cue = role;
        }
        outcome
    }

    /// After a plural cue and its first name: the other names of the list, each with the
    /// cue (`Comrades A, B and C`, `Cdes. A, <role>, as well as B, <role>`).
    fn take_list(&self, mut k: usize, cue: &Cue, out: &mut Vec<Found>) -> usize {
        let n = self.toks.len();
        loop {
            let mut p = k;
            let mut separated = false;
            while p < n {
                if self.is_punct(p, ',') || self.is_punct(p, ';') || self.is_word(p, "and") {
                    p += 1;
                } else if self.is_word(p, "as")
                    && self.is_word(p + 1, "well")
                    && self.is_word(p + 2, "as")
                {
                    p += 3;
                } else {
                    break;
                }
                separated = true;
            }
            if !separated || p >= n {
                return k;
            }
            if self.parse_cue(p).is_some() {
                return p;
            }
            if let Some(parse) = self.parse_name(p, true, Open::Outside, false)
                && let Verdict::Accept(found) = self.evaluate(parse, Some(cue), true)
            {
                k = found.next;
                out.push(found);
                continue;
            }
            // A role: skip to the next comma or semicolon.
            let mut q = p;
            while q < n && q - p < 20 {
                match self.toks[q].kind {
                    Kind::Punct(',' | ';') => break,
                    Kind::Punct('.' | ':' | ')' | ']' | '!' | '?') => return q,
                    _ => q += 1,
                }
            }
            if q >= n || q - p >= 20 {
                return q.min(n);
            }
            k = q;
        }
    }

    /// Lists of three or more family names with no cue, most with Slavic or Romanian
    /// endings (`Brezhnev, Kosygin, Podgornyy, Suslov and Kuznetsov`).
    fn surname_lists(&self, found: &mut Vec<Found>) {
        let n = self.toks.len();
        let single = |k: usize| {
            self.is_name_word(k)
                && !is_caps(self.word(k))
                && !(k > 0 && self.is_piece_start(k - 1) && self.adjacent(k - 1, k, false))
                && !(k + 1 < n && self.is_piece_start(k + 1) && self.adjacent(k, k + 1, false))
        };
        let mut i = 0;
        while i < n {
            let mut items = Vec::new();
            let mut k = i;
            while k < n && single(k) {
                items.push(k);
                if self.is_punct(k + 1, ',') && self.is_word(k + 2, "and") {
                    k += 3;
                } else if self.is_punct(k + 1, ',') || self.is_word(k + 1, "and") {
                    k += 2;
                } else {
                    break;
                }
            }
            let suffixed = items
                .iter()
                .filter(|&&k| has_surname_suffix(self.fold(k), true))
                .count();
            if items.len() >= 3
                && (suffixed == items.len() || (items.len() >= 4 && suffixed + 1 >= items.len()))
            {
                for &k in &items {
                    let (start, end) = (self.toks[k].start, self.toks[k].end);
                    if found.iter().any(|f| f.start < end && start < f.end) {
                        continue;
                    }
                    let surface = self.word(k).to_owned();
                    found.push(Found {
                        next: k + 1,
                        start,
                        end,
                        person: self.authority.resolve_one_word(&surface),
                        surface,
                        alias: None,
                        cue: None,
                        words: 1,
                        initials: 0,
                        alias_words: 0,
                    });
                }
            }
            i = if items.is_empty() {
                i + 1
            } else {
                k.max(i + 1)
            };
        }
    }

    fn run(&self) -> Vec<Found> {
        let n = self.toks.len();
        let mut found: Vec<Found> = Vec::new();
        let mut pending: Vec<(Parse, Option<Found>)> = Vec::new();
        let mut i = 0;
        while i < n {
            let t = self.toks[i];
            match t.kind {
                Kind::Word | Kind::Initial => {}
                Kind::Punct('[') => {
                    if let Some((role, start, open)) = self.bracket_role(i) {
                        let cue = Cue {
                            text: role,
                            next: Some(start),
                            after: start,
                            plural: false,
                        };
                        if let Some(parse) = self.parse_name(start, false, open, false)
                            && let Verdict::Accept(f) = self.evaluate(parse, Some(&cue), false)
                        {
                            i = f.next;
                            found.push(f);
                            continue;
                        }
                    }
                }
                _ => {
                    i += 1;
                    continue;
                }
            }
            if t.kind == Kind::Word
                && self.props[i].flags & (W_HONORIFIC | W_OFFICE | W_MODIFIER) != 0
                && let Some(cue) = self.parse_cue(i)
            {
                if let Some(start) = cue.next
                    && let Some(parse) = self.parse_name(start, false, Open::Outside, true)
                    && let Verdict::Accept(f) = self.evaluate(parse, Some(&cue), false)
                {
                    i = f.next;
                    found.push(f);
                    if cue.plural {
                        i = self.take_list(i, &cue, &mut found);
                    }
                    continue;
                }
                i = cue.after.max(i + 1);
                continue;
            }
            if !self.is_piece_start(i) && !self.is_punct(i, '[') {
                i += 1;
                continue;
            }
            if let Some(parse) = self.parse_name(i, false, Open::Outside, false) {
                match self.evaluate(parse, None, false) {
                    Verdict::Accept(f) => {
                        i = f.next.max(i + 1);
                        found.push(f);
                        continue;
                    }
                    Verdict::Pending(parse, pair) => pending.push((parse, pair)),
                    Verdict::Reject => {}
                }
            }
            i += 1;
        }
        self.confirm(&mut found, pending);
        self.surname_lists(&mut found);
        found.sort_by_key(|f| (f.start, std::cmp::Reverse(f.end)));
        let mut out: Vec<Found> = Vec::with_capacity(found.len());
        for f in found {
            if out.last().is_some_and(|l| f.start < l.end) {
                continue;
            }
            out.push(f);
        }
        out
    }

    /// Names found by shape alone are kept when the page names the same person by a cue or
    /// a stronger shape elsewhere (`Zhou Enlai` in a summary, `Comrade ZHOU ENLAI` above).
    fn confirm(&self, found: &mut Vec<Found>, pending: Vec<(Parse, Option<Found>)>) {
        if pending.is_empty() {
            return;
        }
        let mut keys: HashSet<String> = HashSet::new();
        for f in found.iter() {
            if f.words + f.initials >= 2 || f.alias.is_some() {
                keys.insert(fold_key(&f.surface, false));
            }
            if let Some(alias) = &f.alias {
                keys.insert(fold_key(alias, false));
            }
        }
        let overlaps = |found: &[Found], start: usize, end: usize| {
            found.iter().any(|f| f.start < end && start < f.end)
        };
        for (parse, pair) in pending {
            if let Some(pair) = pair {
                let known = keys.contains(&fold_key(&pair.surface, false))
                    || pair
                        .alias
                        .as_ref()
                        .is_some_and(|a| keys.contains(&fold_key(a, false)));
                if known && !overlaps(found, pair.start, pair.end) {
                    found.push(pair);
                    continue;
                }
            }
            for k in (2..=parse.pieces.len()).rev() {
                let pieces = &parse.pieces[..k];
                if !self.is_word_piece(pieces[k - 1]) {
                    continue;
                }
                let surface = self.surface(pieces);
                if keys.contains(&fold_key(&surface, false)) {
                    let f = self.found(&parse, pieces, pieces[k - 1] + 1, None);
                    if !overlaps(found, f.start, f.end) {
                        found.push(f);
                    }
                    break;
                }
            }
        }
    }
}

/// What a bracket after a name turned out to be.
enum PairOutcome {
    /// No second spelling.
    None,
    /// A second spelling of a person.
    Accepted,
    /// A pair of spellings to confirm elsewhere on the page.
    Pending,
}

/// Every person named in `text`: names the authority knows (also folded: accents, lost
/// letters, `-ii`/`-y` endings, OCR `I` for `l`, either word order); names after a cue
/// (`Comrade`, `Cde.`, `Comrades A, B and C`, `Dr.`, `Mrs.`, `Madame`, offices such as
/// `Ambassador`, `Vice Foreign Minister`, `Minister of Culture`, `Lord`); initialled names
/// (`P. F. Yudin`, `Yu. Andropov`, `A. PETROV`); names completed or introduced by brackets
/// (`[Pavel] Volkov`, `Chen [Yi]`, `[columnist Walter] Lippmann`, `The Prime Minister
/// [Harold Wilson]`); Wade-Giles and Korean names with their hyphen (`Chou En-lai`);
/// capitalised pairs starting with a common given name (`Henry Kissinger`); East Asian names
/// and surname-first pairs in lists (`– from the Vietnamese side: Hoang Van Loi, …`); lists
/// of three or more Slavic family names; and full names of those shapes repeated elsewhere
/// on the page. A second spelling in brackets (`Andreev [Mikoyan]`, `Teng Hsiao-p'ing (Deng
/// Xiaoping)`) is one mention with [`Mention::alias`]. Possessives are left out
/// (`HARRIMAN's`).
///
/// Not names: single capitalised words with no cue, words in capitals with no cue or name
/// shape (`CIPHERED TELEGRAM`, `PEKING`), letter-spaced words, institutions (a name followed
/// by `Foundation`, `Company`, `Office`…), places, furniture, side headings and unnamed roles
/// (`the President`, `One Notetaker`).
///
/// Spans are byte ranges of `text`, widened to balance square brackets (`[Pavel] Volkov`);
/// [`Mention::surface`] is the name as written without brackets, spaces collapsed (`Pavel
/// Volkov`), and may therefore differ from `text[start..end]`. Mentions are in text order and
/// do not overlap.
pub fn find_names(text: &str, authority: &Authority) -> Vec<Mention> {
    let finder = Finder::new(text, authority);
    finder
        .run()
        .into_iter()
        .map(|f| Mention {
            partial: f.words == 1 && f.initials == 0 && f.alias_words <= 1 && f.person.is_none(),
            start: f.start,
            end: f.end,
            surface: f.surface,
            person: f.person,
            alias: f.alias,
            cue: f.cue,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn meta(name: &str, sort: &str, variants: &[&str]) -> PersonMeta {
        PersonMeta {
            name: name.into(),
            sort_name: sort.into(),
            variants: variants.iter().map(|v| (*v).to_owned()).collect(),
            ..PersonMeta::default()
        }
    }

    fn authority() -> Authority {
        Authority::new(vec![
            (
                "stepan-chervonenko".into(),
                meta(
                    "Stepan Chervonenko",
                    "Chervonenko, Stepan",
                    &["S. V. Chervonenko", "Chervonenko"],
                ),
            ),
            (
                "deng-xiaoping".into(),
                meta("Deng Xiaoping", "Deng Xiaoping", &["DENG XIAOPING"]),
            ),
            (
                "f-v-mochulskii".into(),
                meta("F. V. Mochul'skii", "Mochul'skii, F. V.", &[]),
            ),
        ])
    }

    fn id(authority: &Authority, name: &str) -> Option<(String, Certainty)> {
        authority
            .resolve(name)
            .map(|(i, c)| (authority.person(i).id.clone(), c))
    }

    #[test]
    fn matches_spelling_variants() {
        let a = authority();
        let certain = |n: &str, want: &str| {
            assert_eq!(
                id(&a, n),
                Some((want.to_owned(), Certainty::Certain)),
                "{n}"
            );
        };
        certain("S.V. CHERVONENKO", "stepan-chervonenko");
        certain("S. CHERVONENKO", "stepan-chervonenko");
        certain("comrade S. V. Chervonenko", "stepan-chervonenko");
        certain("deng xiaoping", "deng-xiaoping");
        certain("Xiaoping Deng", "deng-xiaoping");
        certain(
            "F.V. Mochul'skii",
            "stepan-chervonenko"
                .replace("stepan-chervonenko", "f-v-mochulskii")
                .as_str(),
        );
        let uncertain = |n: &str, want: &str| {
            assert_eq!(
                id(&a, n),
                Some((want.to_owned(), Certainty::Uncertain)),
                "{n}"
            );
        };
        uncertain("S. CERVONENKO", "stepan-chervonenko");
        uncertain("S. Tchervonenko", "stepan-chervonenko");
        uncertain("A. B. Chervonenko", "stepan-chervonenko");
        uncertain("F. V. Mochulsky", "f-v-mochulskii");
        assert_eq!(id(&a, "P. F. Yudin"), None);
        assert_eq!(id(&a, "Soviet Union"), None);
    }

    #[test]
    fn finds_known_and_initialled_names_in_text() {
        let a = authority();
        let text = "I met with Deng Xiaoping. N.S. Khrushchev's visit; comrade Chervonenko and P.F. Yudin. U.S. Government";
        let found: Vec<(String, bool)> = find_mentions(text, &a, true)
            .into_iter()
            .map(|m| (m.surface, m.person.is_some()))
            .collect();
        assert_eq!(
            found,
            [
                ("Deng Xiaoping".to_owned(), true),
                ("N.S. Khrushchev".to_owned(), false),
                ("Chervonenko".to_owned(), true),
                ("P.F. Yudin".to_owned(), false),
            ]
        );
    }

    #[test]
    fn finds_unknown_people_in_clauses() {
        let a = Authority::default();
        let text = "Head of the protocol division of the CCP Foreign Ministry, Yu Peiwen, assistant head of the division for the USSR and the countries of Eastern Europe Yu Zhan, [USSR] embassy counselor B.N. Vereshchagin and third secretary B.T. Kulik were present";
        let found: Vec<String> = find_people_in_clause(text, &a)
            .into_iter()
            .map(|m| m.surface)
            .collect();
        assert_eq!(
            found,
            ["Yu Peiwen", "Yu Zhan", "B.N. Vereshchagin", "B.T. Kulik"]
        );
    }

    #[test]
    fn new_entries_are_named_sorted_and_marked_for_review() {
        let e = new_entry("B.N. Vereshchagin", "USSR embassy counselor");
        assert_eq!(e.name, "B. N. Vereshchagin");
        assert_eq!(e.sort_name, "Vereshchagin, B. N.");
        assert_eq!(e.variants, ["B.N. Vereshchagin"]);
        assert!(e.review);
        let e = new_entry("YU PEIWEN", "");
        assert_eq!(e.name, "Yu Peiwen");
        assert_eq!(e.sort_name, "Yu Peiwen");
        assert_eq!(slug("F.V. Mochul'skii"), "f-v-mochulskii");
        assert_eq!(slug("B. N. Vereshchagin"), "b-n-vereshchagin");
        assert_eq!(loose_key("Cervonenko"), loose_key("Chervonenko"));
    }

    /// `loose_key` as first written, with `str::replace`: the reference for the in-place one.
    fn loose_key_reference(word: &str) -> String {
        let mut s: String = deunicode::deunicode(word)
            .to_lowercase()
            .chars()
            .filter(char::is_ascii_alphabetic)
            .collect();
        for (from, to) in LOOSE_RULES {
            s = s.replace(from, to);
        }
        let mut out = String::with_capacity(s.len());
        for c in s.chars() {
            if !out.ends_with(c) {
                out.push(c);
            }
        }
        out
    }

    #[test]
    fn loose_key_agrees_with_its_reference() {
        for word in [
            "Chervonenko",
            "Tchervonenko",
            "Cervonenko",
            "Mochul'skii",
            "Mochulsky",
            "Shchukin",
            "Khrushchev",
            "Yuzhakov",
            "Iudin",
            "Jakovlev",
            "Yaroshenko",
            "Zhdanovskiy",
            "Yiyi",
            "Wyszyński",
            "Gomułka",
            "J?drychowski",
            "Xiaoping",
            "Tsvetkov",
            "Kutznetz",
            "",
            "shchshch",
            "yyyyy",
            "iiyy",
            "xx",
            "Jędrychowski",
            "Ćmielów",
            "Ørsted",
            "Łódź",
        ] {
            assert_eq!(loose_key(word), loose_key_reference(word), "{word}");
        }
        // Every string of up to four letters from the rules' alphabet.
        let letters = b"aceijhkostuvwxyz";
        let mut word = Vec::new();
        for n in 0..letters.len().pow(4) {
            word.clear();
            let mut m = n;
            for _ in 0..4 {
                word.push(letters[m % letters.len()]);
                m /= letters.len();
            }
            let w = std::str::from_utf8(&word).unwrap();
            assert_eq!(loose_key(w), loose_key_reference(w), "{w}");
        }
    }

    // ----- find_names -----

    /// The names found (surfaces) and their spans as written.
    fn found(text: &str, a: &Authority) -> Vec<(String, String)> {
        find_names(text, a)
            .into_iter()
            .map(|m| {
                assert_eq!(m.surface, m.surface.trim(), "{m:?}");
                (m.surface, text[m.start..m.end].to_owned())
            })
            .collect()
    }

    fn surfaces(text: &str, a: &Authority) -> Vec<String> {
        find_names(text, a).into_iter().map(|m| m.surface).collect()
    }

    fn only(text: &str, a: &Authority) -> Mention {
        let mut all = find_names(text, a);
        assert_eq!(all.len(), 1, "{text}: {all:?}");
        all.remove(0)
    }

    fn people_authority() -> Authority {
        Authority::new(vec![
            (
                "mao-zedong".into(),
                meta("Mao Zedong", "Mao Zedong", &["Mao Tse-tung"]),
            ),
            (
                "wladyslaw-gomulka".into(),
                meta("Władysław Gomułka", "Gomułka, Władysław", &[]),
            ),
            (
                "stefan-jedrychowski".into(),
                meta("Stefan Jędrychowski", "Jędrychowski, Stefan", &[]),
            ),
            (
                "nikolai-podgorny".into(),
                meta("Nikolai Podgorny", "Podgorny, Nikolai", &["N. V. Podgorny"]),
            ),
            (
                "richard-solomon".into(),
                meta("Richard H. Solomon", "Solomon, Richard H.", &[]),
            ),
            (
                "cornel-ionescu".into(),
                meta("Cornel Ionescu", "Ionescu, Cornel", &[]),
            ),
            (
                "anastas-mikoyan".into(),
                meta(
                    "Anastas Mikoyan",
                    "Mikoyan, Anastas",
                    &["A. I. Mikoyan", "Mikoyan"],
                ),
            ),
            (
                "j-carter-brown".into(),
                meta("J. Carter Brown", "Brown, J. Carter", &[]),
            ),
            (
                "oleg-zhdanovsky".into(),
                meta("Oleg Zhdanovsky", "Zhdanovsky, Oleg", &[]),
            ),
        ])
    }

    fn person_id(a: &Authority, m: &Mention) -> Option<String> {
        m.person.map(|(i, _)| a.person(i).id.clone())
    }

    #[test]
    fn names_after_forms_of_address() {
        let a = Authority::default();
        for (text, name, cue) in [
            (
                "We met Comrade Boris Tarasov yesterday.",
                "Boris Tarasov",
                "Comrade",
            ),
            (
                "with comrade Ilie Vornicu, member",
                "Ilie Vornicu",
                "comrade",
            ),
            (
                "The report of Cde. Lu Xianming was read.",
                "Lu Xianming",
                "Cde.",
            ),
            ("Present was Comr. Oskar Palnik.", "Oskar Palnik", "Comr."),
            (
                "Com[rade] Vasile Tudoran will stay.",
                "Vasile Tudoran",
                "Com[rade]",
            ),
            (
                "He spoke with Dr. Harlan Quist at length.",
                "Harlan Quist",
                "Dr.",
            ),
            ("Mr. Osgood Pell arrived late.", "Osgood Pell", "Mr."),
            (
                "by Mrs. Ottoline Varga and others",
                "Ottoline Varga",
                "Mrs.",
            ),
            ("Madame Song Liwen smiled.", "Song Liwen", "Madame"),
            (
                "received by General Tun Aye in the morning",
                "Tun Aye",
                "General",
            ),
            (
                "He mentioned that Lord Halworth would come.",
                "Halworth",
                "Lord",
            ),
        ] {
            let m = only(text, &a);
            assert_eq!(m.surface, name, "{text}");
            assert_eq!(m.cue.as_deref(), Some(cue), "{text}");
            assert_eq!(&text[m.start..m.end], name, "{text}");
        }
    }

    #[test]
    fn names_after_offices() {
        let a = Authority::default();
        for (text, name, cue) in [
            (
                "I called on Ambassador Peter Kalnins.",
                "Peter Kalnins",
                "Ambassador",
            ),
            ("said Minister Dobre Ilcu.", "Dobre Ilcu", "Minister"),
            (
                "Foreign Minister Ma Jiansheng replied",
                "Ma Jiansheng",
                "Foreign Minister",
            ),
            (
                "Vice Foreign Minister Gao Wenli was present.",
                "Gao Wenli",
                "Vice Foreign Minister",
            ),
            ("when Premier Ruan Weiming spoke", "Ruan Weiming", "Premier"),
            (
                "Vice Premier Teng Ping-lin agreed.",
                "Teng Ping-lin",
                "Vice Premier",
            ),
            ("PM Arvid Lenholm said no.", "Arvid Lenholm", "PM"),
            ("Chairman Kwon Sang Jin opened", "Kwon Sang Jin", "Chairman"),
            ("President Ohanu Mbeke arrived.", "Ohanu Mbeke", "President"),
            (
                "Secretary Dalton Fisk answered.",
                "Dalton Fisk",
                "Secretary",
            ),
            (
                "Under Secretary Myra Colfax noted",
                "Myra Colfax",
                "Under Secretary",
            ),
            (
                "Deputy Director Hou Ziping said",
                "Hou Ziping",
                "Deputy Director",
            ),
            ("Director Pan Yuelin said", "Pan Yuelin", "Director"),
            ("Marshal Ivo Brankov inspected", "Ivo Brankov", "Marshal"),
            (
                "Prime Minister Tomas Erlund resigned.",
                "Tomas Erlund",
                "Prime Minister",
            ),
            (
                "Deputy Prime Minister Galip Oran would visit",
                "Galip Oran",
                "Deputy Prime Minister",
            ),
            (
                "I visited Minister of Culture Pak Su-dong at his request.",
                "Pak Su-dong",
                "Minister of Culture",
            ),
            (
                "The ambassador asked the Minister, Sim Hyo-rim, to wait.",
                "Sim Hyo-rim",
                "Minister",
            ),
        ] {
            let m = only(text, &a);
            assert_eq!(m.surface, name, "{text}");
            assert_eq!(m.cue.as_deref(), Some(cue), "{text}");
        }
        // Unnamed roles are nobody.
        for text in [
            "The President said that the Secretary would reply.",
            "The Minister: We agree. The Secretary’s Suite.",
            "Two Notetakers; One Notetaker",
            "the Vice Premier's disposal, the Prime Minister’s Office",
            "Ambassador Extraordinary and Plenipotentiary of the USSR",
        ] {
            assert_eq!(surfaces(text, &a), Vec::<String>::new(), "{text}");
        }
    }

    #[test]
    fn lists_after_a_plural_cue_give_each_name() {
        let a = Authority::default();
        let text = "Comrades Tadeusz Gorny, Ewa Maliszewska and Henryk\nOsowski. Then";
        assert_eq!(
            found(text, &a),
            [
                ("Tadeusz Gorny".to_owned(), "Tadeusz Gorny".to_owned()),
                ("Ewa Maliszewska".to_owned(), "Ewa Maliszewska".to_owned()),
                ("Henryk Osowski".to_owned(), "Henryk\nOsowski".to_owned()),
            ]
        );
        assert!(
            find_names(text, &a)
                .iter()
                .all(|m| m.cue.as_deref() == Some("Comrades"))
        );
        let text = "Other members were Cdes. Ilie Saru, deputy minister, as well as Dan Voicu, \
                    adviser, and Mircea Olt, interpreter.";
        assert_eq!(surfaces(text, &a), ["Ilie Saru", "Dan Voicu", "Mircea Olt"]);
        let text = "Telegram sent to comrs. Petrakov, Zuyev and Lomtev.";
        assert_eq!(surfaces(text, &a), ["Petrakov", "Zuyev", "Lomtev"]);
    }

    #[test]
    fn initialled_names() {
        let a = Authority::default();
        assert_eq!(
            surfaces(
                "P. F. Oreshkin and P.F. Sadovnikov met Yu. Belkin; signed A. TOMILIN.",
                &a
            ),
            [
                "P. F. Oreshkin",
                "P.F. Sadovnikov",
                "Yu. Belkin",
                "A. TOMILIN"
            ]
        );
        // Abbreviations are not initials.
        assert_eq!(
            surfaces("The U.S. Government and the U.S.S.R. Embassy", &a),
            Vec::<String>::new()
        );
        // A wrapped line after an initial.
        assert_eq!(
            surfaces("a meeting with A.I. \nVolsky, whom", &a),
            ["A.I. Volsky"]
        );
        assert_eq!(
            surfaces("Alfred le S. Merton, Deputy Chief", &a),
            ["Alfred le S. Merton"]
        );
    }

    #[test]
    fn brackets_complete_or_introduce_names() {
        let a = Authority::default();
        let text = "headed by Cde. [Pavel] Lugovoi; [Dean G.] Aldershot wrote; [N.T.] Fadeyev; \
                    Cde. Chen [Yi] said; and [Peter] Holm asked.";
        assert_eq!(
            found(text, &a),
            [
                ("Pavel Lugovoi".to_owned(), "[Pavel] Lugovoi".to_owned()),
                (
                    "Dean G. Aldershot".to_owned(),
                    "[Dean G.] Aldershot".to_owned()
                ),
                ("N.T. Fadeyev".to_owned(), "[N.T.] Fadeyev".to_owned()),
                ("Chen Yi".to_owned(), "Chen [Yi]".to_owned()),
                ("Peter Holm".to_owned(), "[Peter] Holm".to_owned()),
            ]
        );
        let m = only("as [columnist Walter] Lipsky wrote", &a);
        assert_eq!(m.surface, "Walter Lipsky");
        assert_eq!(m.cue.as_deref(), Some("columnist"));
        let m = only("I informed [Vice Foreign Minister] Zhang Wenli of it.", &a);
        assert_eq!(
            (m.surface.as_str(), m.cue.as_deref()),
            ("Zhang Wenli", Some("Vice Foreign Minister"))
        );
        let m = only("with [interpreter] Li Yuemin present", &a);
        assert_eq!(
            (m.surface.as_str(), m.cue.as_deref()),
            ("Li Yuemin", Some("interpreter"))
        );
        let text =
            "I had lunch with G. Browning [British Foreign Secretary George Browning] today.";
        let m = only(text, &a);
        assert_eq!(m.surface, "G. Browning");
        assert_eq!(m.alias.as_deref(), Some("George Browning"));
        assert_eq!(m.cue.as_deref(), Some("British Foreign Secretary"));
        assert_eq!(
            &text[m.start..m.end],
            "G. Browning [British Foreign Secretary George Browning]"
        );
        let m = only("The Prime Minister [Harold Winslow] is dissatisfied.", &a);
        assert_eq!(
            (m.surface.as_str(), m.cue.as_deref()),
            ("Harold Winslow", Some("Prime Minister"))
        );
        // Glosses and editorial brackets are nobody.
        assert_eq!(
            surfaces(
                "two laboratories [peredvizhnye laboratorii] [signature] [...] [Page 12]",
                &a
            ),
            Vec::<String>::new()
        );
    }

    #[test]
    fn capitals_need_a_cue_a_match_or_a_name_shape() {
        let a = Authority::default();
        let text = "CIPHERED TELEGRAM No. 12\nTOP SECRET\nMFA USSR\nPEKING\nBEIJING--\nUSSR EMBASSY\n\
                    JOURNAL\nMEMORANDUM OF CONVERSATION\nS P E C I A L\nU R G E N T\n";
        assert_eq!(surfaces(text, &a), Vec::<String>::new());
        assert_eq!(surfaces("“Comrade QIAN MINGYUAN.", &a), ["QIAN MINGYUAN"]);
        assert_eq!(surfaces("[signature] /A. SEDOV/", &a), ["A. SEDOV"]);
        assert_eq!(surfaces("19.V.59 M. KORNEYEV", &a), ["M. KORNEYEV"]);
        let m = only("With greetings. FEDOTOV [Arkhangelsky].”", &a);
        assert_eq!(
            (m.surface.as_str(), m.alias.as_deref()),
            ("FEDOTOV", Some("Arkhangelsky"))
        );
        // A caps name repeated where the page names it with a cue.
        let text = "Pass this to QIAN MINGYUAN. “Comrade QIAN MINGYUAN, we agree.";
        assert_eq!(surfaces(text, &a), ["QIAN MINGYUAN", "QIAN MINGYUAN"]);
    }

    #[test]
    fn pseudonyms_and_romanisations_are_one_mention() {
        let a = Authority::default();
        for (text, surface, alias) in [
            (
                "Telegram, Fedotov [Arkhangelsky] to Popov",
                "Fedotov",
                "Arkhangelsky",
            ),
            ("FEDOTOV [ARKHANGELSKY]", "FEDOTOV", "ARKHANGELSKY"),
            (
                "a note from Fedotov (Arkhangelsky) on",
                "Fedotov",
                "Arkhangelsky",
            ),
            (
                "Ch'iao P'eng-lin [Qiao Penglin], Minister",
                "Ch'iao P'eng-lin",
                "Qiao Penglin",
            ),
            (
                "Teng Yu-ming (Deng Yuming), Vice Premier",
                "Teng Yu-ming",
                "Deng Yuming",
            ),
            (
                "I visited Pak Su-dong [Pak Su Dong] at",
                "Pak Su-dong",
                "Pak Su Dong",
            ),
            (
                "Premier Chou Wen-lai [Zhou Wenlai] asked",
                "Chou Wen-lai",
                "Zhou Wenlai",
            ),
            (
                "PARTICIPANTS: Huang Kuo (Huang Guo), Chief",
                "Huang Kuo",
                "Huang Guo",
            ),
        ] {
            let m = only(text, &a);
            assert_eq!(
                (m.surface.as_str(), m.alias.as_deref()),
                (surface, Some(alias)),
                "{text}"
            );
            assert!(
                text[m.start..m.end].starts_with(surface)
                    && text[m.start..m.end].ends_with([']', ')'])
            );
        }
        // Places take the same shape.
        for text in [
            "river crossings near Mukden [Shenyang].",
            "Great Hall of the People\n Peking (Beijing)",
            "the kilns used at Ćmielów [Cmielow]. I answered",
        ] {
            assert_eq!(surfaces(text, &a), Vec::<String>::new(), "{text}");
        }
        // The authority entry is preferred, the first spelling kept.
        let a = people_authority();
        let m = only("With greetings. ANDREEV [Mikoyan].", &a);
        assert_eq!(m.surface, "ANDREEV");
        assert_eq!(m.alias.as_deref(), Some("Mikoyan"));
        assert_eq!(person_id(&a, &m).as_deref(), Some("anastas-mikoyan"));
        assert!(!m.partial);
    }

    #[test]
    fn hyphenated_and_apostrophed_given_names_stay_whole() {
        let a = Authority::default();
        for name in [
            "Ting Yuan-hung",
            "Shih Yen-hua",
            "Chang Han-chih",
            "Ch'en Po-ta",
            "Ch’en Po-ta",
        ] {
            let text = format!("Present: {name}, Interpreter");
            assert_eq!(surfaces(&text, &a), [name], "{text}");
        }
        // A hyphen joining two East Asian names splits them.
        assert_eq!(
            surfaces("the Cde. Peng Zhen-Lu Dingyi group", &a),
            ["Peng Zhen", "Lu Dingyi"]
        );
        assert_eq!(
            surfaces("Comrade Ignacy Loga-Sowinski", &a),
            ["Ignacy Loga-Sowinski"]
        );
    }

    #[test]
    fn east_asian_names_in_lists_keep_their_order() {
        let a = Authority::default();
        let text = "– from the Vietnamese side: Hoang Minh Loc, Deputy Minister of Foreign Trade; \
                    Nguyen Van Thiem, Deputy Minister; Tran Quang Vinh and Vu Khoat, MFA \
                    interpreters.";
        assert_eq!(
            surfaces(text, &a),
            [
                "Hoang Minh Loc",
                "Nguyen Van Thiem",
                "Tran Quang Vinh",
                "Vu Khoat"
            ]
        );
        let text = "  • Zhang Wenyu, Director\n  • Li Zhaoming (Notetaker)\n";
        assert_eq!(surfaces(text, &a), ["Zhang Wenyu", "Li Zhaoming"]);
        assert_eq!(surfaces("Cde. Kim Il Song personally", &a), ["Kim Il Song"]);
        // Not in a list and with no cue: not by itself; but confirmed by a cued mention.
        assert_eq!(
            surfaces("rubber plantations in Dong Nai are", &a),
            Vec::<String>::new()
        );
        assert_eq!(
            surfaces(
                "talks with Wu Xuelin in Hanoi. Foreign Minister Wu Xuelin said",
                &a
            ),
            ["Wu Xuelin", "Wu Xuelin"]
        );
        // Surname-first European names: in a list, and against the authority in both orders.
        let text = "– From the Romanian side: Ionescu Cornel, Minister; Pungan Vasile, Head";
        assert_eq!(surfaces(text, &a), ["Ionescu Cornel", "Pungan Vasile"]);
        let a = people_authority();
        let m = only("We agree. Com[rade] Ionescu Cornel will remain.", &a);
        assert_eq!(person_id(&a, &m).as_deref(), Some("cornel-ionescu"));
        assert_eq!(m.cue.as_deref(), Some("Com[rade]"));
    }

    #[test]
    fn possessives_are_left_out() {
        let a = Authority::default();
        let text = "Comment: Minister Erdal's concern. I told A. HARLOW's aide.";
        assert_eq!(
            found(text, &a),
            [
                ("Erdal".to_owned(), "Erdal".to_owned()),
                ("A. HARLOW".to_owned(), "A. HARLOW".to_owned())
            ]
        );
        assert_eq!(
            surfaces("Visit of Comrade Jozef Wilk's delegation", &a),
            ["Jozef Wilk"]
        );
    }

    #[test]
    fn partial_names_resolve_or_are_flagged() {
        let a = people_authority();
        let m = only("Chairman Mao has said so.", &a);
        assert_eq!(person_id(&a, &m).as_deref(), Some("mao-zedong"));
        assert!(!m.partial);
        for (text, name) in [
            ("Vice Premier Teng: Good.", "Teng"),
            ("a draft for Madame Chang by nine", "Chang"),
            ("Director Lin: We will answer.", "Lin"),
            ("Ambassador Huang: That is acceptable.", "Huang"),
            ("Secretary Shultz welcomed him.", "Shultz"),
            ("Foreign Minister Wu: Chairman", "Wu"),
        ] {
            let m = only(text, &a);
            assert_eq!(m.surface, name);
            assert!(m.partial && m.person.is_none(), "{text}: {m:?}");
            assert!(m.cue.is_some());
        }
        let m = only("Teng Hsiao-ping, Vice Premier", &a);
        assert!(!m.partial);
    }

    #[test]
    fn single_words_and_non_persons_are_not_names() {
        let a = Authority::default();
        for text in [
            "Brown was in a good mood. Erkin asked whether Mersin could take them.",
            "This document was made possible with support from the Harriet Ostrowski Family Foundation",
            "Document Information\nMaking Copies Prohibited\nSkip to content\nOriginal Uploaded Date",
            "at the invitation of the Ministry of Light Industry and the M[inistry] of L[ight] I[ndustry]",
            "the Foreign Office, the Board of Trade, our Academy of Sciences",
            "The Royal Shakespeare Company wants to come to the Great Hall of the People.",
            "The Politburo and the Planning Commission of the Polish United Workers' Party",
            "  • US\n    • The Secretary\n  • PRC\n  • USSR\n",
            "Pravda and the New York Times reported from Moscow, Warsaw and Hanoi.",
            "Carlton Gardens; the Palace Museum; the National Gallery; Waldorf Towers",
        ] {
            assert_eq!(surfaces(text, &a), Vec::<String>::new(), "{text}");
        }
    }

    #[test]
    fn capitalised_pairs_starting_with_a_given_name() {
        let a = Authority::default();
        assert_eq!(
            surfaces(
                "Memorandum of Conversation between Henry Walcott and Ji Pengwu",
                &a
            ),
            ["Henry Walcott", "Ji Pengwu"]
        );
        assert_eq!(
            surfaces("later worked under Ivan Shilov in Beijing", &a),
            ["Ivan Shilov"]
        );
    }

    #[test]
    fn surname_lists_without_cues() {
        let a = Authority::default();
        assert_eq!(
            surfaces(
                "The cable was sent to Brezhnev, Kosygin, Podgornyy, Suslov and Kuznetsov; the list",
                &a
            ),
            ["Brezhnev", "Kosygin", "Podgornyy", "Suslov", "Kuznetsov"]
        );
        assert!(
            find_names("sent to Brezhnev, Kosygin and Suslov", &a)
                .iter()
                .all(|m| m.partial)
        );
        assert_eq!(
            surfaces("to Burma, Ceylon and Indonesia", &a),
            Vec::<String>::new()
        );
    }

    #[test]
    fn folded_spellings_match_the_authority() {
        let a = people_authority();
        for (text, id) in [
            ("Comrade Wadysaw Gomuka:", "wladyslaw-gomulka"),
            ("Comrade Stefan J?drychowski:", "stefan-jedrychowski"),
            ("Comrade Stefan Jdrychowski:", "stefan-jedrychowski"),
            ("Nikolai Podgornyy spoke", "nikolai-podgorny"),
            (
                "with Mr. Richard H. SoIomon in Washington",
                "richard-solomon",
            ),
            ("Comrade Oleg Zhdanovskii", "oleg-zhdanovsky"),
            ("A.I. MIKOYAN", "anastas-mikoyan"),
            ("a journey to see Mikoyan in Moscow", "anastas-mikoyan"),
        ] {
            let m = only(text, &a);
            assert_eq!(person_id(&a, &m).as_deref(), Some(id), "{text}: {m:?}");
        }
        // Two people sharing a family name stay apart.
        let m = only("James Brown (Interpreter)", &a);
        assert_eq!(m.person, None);
        let m = only("J. Carter Brown at the gallery", &a);
        assert_eq!(person_id(&a, &m).as_deref(), Some("j-carter-brown"));
    }

    #[test]
    fn find_names_finds_what_find_mentions_finds() {
        let a = authority();
        let text = "I met with Deng Xiaoping. N.S. Khrushchev's visit; comrade Chervonenko and \
                    P.F. Yudin. S. CERVONENKO signed; F.V. Mochul'skii was present.";
        type Spans = Vec<(usize, usize, Option<(usize, Certainty)>)>;
        let old: Spans = find_mentions(text, &a, true)
            .into_iter()
            .map(|m| (m.start, m.end, m.person))
            .collect();
        let new: Spans = find_names(text, &a)
            .into_iter()
            .map(|m| (m.start, m.end, m.person))
            .collect();
        assert_eq!(old, new);
    }

    #[test]
    fn same_person_compares_family_and_given_names() {
        for (a, b) in [
            ("Wu", "Wu Xueqian"),
            ("Shultz", "George P. Shultz"),
            ("Chen Yi", "Cde. Chen Yi"),
            ("G. Brown", "George Brown"),
            ("Foreign Minister Wu", "Wu Xueqian"),
            ("Henry Kissinger", "Henry A. Kissinger"),
            ("Kissinger", "Dr. Henry A. Kissinger"),
            ("SoIomon", "Richard H. Solomon"),
            ("Gomuka", "Władysław Gomułka"),
            ("Podgornyy", "N. V. Podgorny"),
            ("Ionescu Cornel", "Cornel Ionescu"),
            ("Ionescu", "Ionescu Cornel"),
            ("Kim Il Sung", "Kim Il-sung"),
            ("Teng", "Teng Hsiao-p'ing"),
            ("HARRIMAN's", "A. Harriman"),
        ] {
            assert!(same_person(a, b), "{a} / {b}");
            assert!(same_person(b, a), "{b} / {a}");
        }
        for (a, b) in [
            ("James Brown", "J. Carter Brown"),
            ("Chen Yi", "Chen Boda"),
            ("Wu", "Zhang Wu"),
            ("S. V. Chervonenko", "V. S. Chervonenko"),
            ("the Secretary", "George Shultz"),
            ("Kim Il Sung", "Kim Jong Il"),
        ] {
            assert!(!same_person(a, b), "{a} / {b}");
        }
    }

    #[test]
    fn folding_helpers() {
        assert_eq!(fold_word("Gomułka", true), "gomuka");
        assert_eq!(fold_word("Gomułka", false), "gomulka");
        assert_eq!(fold_word("J?drychowski", false), "jdrychowski");
        assert_eq!(fold_word("Podgornyy", false), fold_word("Podgorny", false));
        assert_eq!(
            fold_word("Zhdanovskii", false),
            fold_word("Zhdanovsky", false)
        );
        assert_eq!(fold_word("SoIomon", false), "solomon");
        assert_eq!(
            fold_key("Han Sang-du", false),
            fold_key("HAN SANG DU", false)
        );
        assert_eq!(
            fold_key("P.F. Yudin", false),
            fold_key("P. F. YUDIN", false)
        );
    }
}
