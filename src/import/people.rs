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

use std::collections::HashMap;

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
}

/// Words that are never part of a person's name in these documents, although capitalised:
/// titles, institutions, places, months. Used only to find names the authority file does not
/// know yet.
const NOT_NAMES: &[&str] = &[
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

fn is_not_name(word: &str) -> bool {
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
    let mut s: String = deunicode::deunicode(word)
        .to_lowercase()
        .chars()
        .filter(char::is_ascii_alphabetic)
        .collect();
    for (from, to) in [
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
    ] {
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
        self.people.push(KnownPerson {
            id,
            meta,
            created,
            introduced_by: source,
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
}
