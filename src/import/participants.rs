//! Who took part in the event a document records, and who is only mentioned.
//!
//! Names are found by [`people::find_names`]; this module decides what each one is by where
//! it stands (`docs/import.md`, "Participants or mentioned"):
//!
//! - **participants**: the author or signer; addressees (`To X`, the title's `to Y`,
//!   `[via Z]`, the address line of a quoted message); speakers (`Name:`); everyone an
//!   attendance sentence or list names (the seeds' `… were present`, `Comrades A, B, C`,
//!   `– from the X side: …`, `PARTICIPANTS:` blocks, FRUS bullets, delegations, invited
//!   guests); the person the author visited, received, met or spoke with;
//! - **mentioned**: everyone else named in the text, the page's own summary and the notes;
//! - **nobody**: unnamed roles (`The Secretary`), translators and funders (never looked at
//!   here), and names only in a non-Latin script.
//!
//! Partial names (`Foreign Minister Wu`, `Vice Premier Teng`) are merged with the full name
//! the page gives elsewhere, so one person is one entry.

use std::sync::LazyLock;

use regex::Regex;

use super::body::Part;
use super::extract::{DraftParagraph, NameRef, RefKind, clean_role};
use super::people::{self, Authority, Mention};

/// What the name finder needs to know about a document.
pub struct Document<'a> {
    /// The title.
    pub title: &'a str,
    /// The page's own summary.
    pub summary: &'a str,
    /// Body paragraphs with the annotation conventions applied.
    pub paragraphs: &'a [DraftParagraph],
    /// Footnotes (label, Markdown).
    pub footnotes: &'a [(String, String)],
    /// True for layouts whose last short paragraph can be a bare signing surname (FRUS,
    /// Avalon telegrams).
    pub closing_surname_signs: bool,
}

/// Verbs of meeting: a first-person sentence with one of them makes the person named in
/// it someone the author met.
static MEETING: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:visited|visit(?:ed)?\s+(?:by|to)|met(?:\s+with)?|received|came\s+to\s+see|called\s+on|paid\s+(?:a\s+)?visit|had\s+(?:a\s+)?(?:lunch|dinner|breakfast|talk|conversation|meeting|discussion)s?\s+with|talked\s+with|spoke\s+(?:with|to)|held\s+(?:[a-z]+\s+){1,4}?with|informed|handed|asked|invited|accompanied|travelled\s+with|traveled\s+with|showed|thanked|telephoned|phoned|called)\b")
        .expect("valid pattern")
});
/// `I` or `we` just before a verb (a few words may stand between).
static FIRST_SUBJECT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\b(?:I|We|we)\s+(?:[a-z]+\s+){0,2}$").expect("valid pattern"));
/// `me` or `us` just after a verb.
static FIRST_OBJECT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\s+(?:[a-z]+\s+)?(?:me|us)\b").expect("valid pattern"));
static FIRST_PERSON: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\b(?:I|me|us|we|We)\b").expect("valid pattern"));
/// Where a main clause ends and reported speech begins.
static REPORTED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:said|says|stated|declared|noted|added|replied|answered|remarked|thought|believed|hoped)\b|\bthat\b|\bwhether\b|\bhow\b|\bwho\b|\bwhich\b|\bif\b")
        .expect("valid pattern")
});
static ATTENDANCE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:were|was)\s+(?:also\s+)?present\b|\bpresent\s*:|\btook\s+part\b|\btaking\s+part\b|\bparticipated\b|\bparticipating\b|\bwas\s+invited\b|\bwere\s+invited\b|\bin\s+attendance\b|\bmembers\s+of\s+the\s+delegation\b|\b(?:was|were)\s+attended\s+by\b|\b(?:was|were)\s+received\s+by\b|\b(?:was|were)\s+accompanied\s+by\b|\bconversation\s+between\b|\btalks\s+between\b")
        .expect("valid pattern")
});
static SIDE_LIST: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^[–—-]?\s*from\s+the\s+[\w\s]+?\s+side\s*:").expect("valid pattern")
});
static COMRADES_LIST: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(?:Comrades|Cdes\.|Comrs\.)\s").expect("valid pattern"));
static SPEAKER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^((?:[\p{Lu}\[][\p{L}\]'’.\-]*\s){0,4}[\p{Lu}][\p{L}'’.\-\]]*(?:\s\[[^\]]+\]|\s\([^)]+\))?)\s?:(?:\s|$)")
        .expect("valid pattern")
});
/// Address lines: `TO KOVALEV`, `To Comrade X.`, the opening of a quoted message.
static ADDRESS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"^["“]?(?:TO|To|For|FOR)\s+(.+?)\.?$|^["“](?:Dear\s+)?(?:Comrade|Cde\.|Mr\.|Dear)\s+(.+?)[.,!]?$"#)
        .expect("valid pattern")
});
/// `For <addressee> from <sender>.` opening a telegram's text.
static FOR_FROM: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:^|\.\s)For\s+((?:the\s+)?[\p{Lu}][\p{L}'’.-]*(?:\s[\p{Lu}][\p{L}'’.-]*){0,2})\s+from\s+([\p{Lu}][\p{L}'’.-]*(?:\s[\p{Lu}][\p{L}'’.-]*){0,2})\.")
        .expect("valid pattern")
});
/// The sender and addressee in a title: `Telegram from X to Y`, `Cable, X to Y`.
static TITLE_SENDER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?:\bfrom\s+|^(?:ciphered\s+|enciphered\s+|coded\s+)?(?:telegram|cable|letter|message|note|report)(?:\s+no\.\s*\d+)?,\s+)(.+?)\s+to\s+(.+?)(?:,\s+for\s+(.+?))?(?:\s+(?:on|about|concerning|regarding|in)\s+.*|,\s+\d.*)?$")
        .expect("valid pattern")
});
static JOURNAL_OF: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:journal|diary)\s+of\s+(.+?)(?:\s+for\s+|\s*[:,]\s+|\s+on\s+|$)")
        .expect("valid pattern")
});
static REPORT_FROM: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)^report\s+from\s+(.+?),").expect("valid pattern"));

/// Words that make a title slot an office rather than a person.
const OFFICE_WORDS: &[&str] = &[
    "ministry",
    "department",
    "embassy",
    "committee",
    "cc",
    "office",
    "government",
    "foreign",
    "state",
    "council",
    "politburo",
    "presidium",
    "secretariat",
    "mission",
    "consulate",
    "legation",
    "delegation",
    "headquarters",
    "centre",
    "center",
    "party",
    "cpsu",
    "ussr",
    "prc",
    "mfa",
    "kgb",
    "gru",
    "army",
    "command",
    "station",
    "bureau",
    "agency",
    "service",
    "union",
    "republic",
    "people's",
    "the",
    "communist",
    "central",
];

/// The names `people::find_names` found in each paragraph, kept between the rounds of an
/// import so that a paragraph is scanned again only when a person created since could
/// change what it finds.
#[derive(Debug, Clone, Default)]
pub struct ParagraphNames {
    names: Vec<Option<Vec<Mention>>>,
}

impl ParagraphNames {
    /// Forgets the names of the paragraphs that contain a word of `new_words` (keys of
    /// [`people::loose_key`]): names of the people created since the last round.
    pub fn forget_where(
        &mut self,
        paragraphs: &[DraftParagraph],
        new_words: &std::collections::HashSet<String>,
    ) {
        for (slot, p) in self.names.iter_mut().zip(paragraphs) {
            if p.text
                .split(|c: char| {
                    c.is_whitespace()
                        || matches!(
                            c,
                            ',' | '.' | ';' | ':' | '(' | ')' | '[' | ']' | '/' | '"' | '“' | '”'
                        )
                })
                // Names are capitalised (or in capitals): other words need no look-up.
                .any(|w| {
                    w.chars().next().is_some_and(char::is_uppercase)
                        && new_words.contains(&people::loose_key(w))
                })
            {
                *slot = None;
            }
        }
    }
}

/// The names of a document and what each says about the person.
pub fn find(doc: &Document<'_>, authority: &Authority) -> Vec<NameRef> {
    find_with(doc, authority, &mut ParagraphNames::default())
}

/// [`find`], reusing the paragraphs' names in `cache` where it still holds them.
pub fn find_with(
    doc: &Document<'_>,
    authority: &Authority,
    cache: &mut ParagraphNames,
) -> Vec<NameRef> {
    let mut out: Vec<NameRef> = Vec::new();
    let speakers: Vec<Option<usize>> = doc.paragraphs.iter().map(|p| speaker_of(&p.text)).collect();
    let dialogue = speakers.iter().filter(|s| s.is_some()).count() >= 2;

    // In a dialogue, what speakers say does not record who was there.
    let first_turn = speakers
        .iter()
        .position(Option::is_some)
        .filter(|_| dialogue)
        .unwrap_or(usize::MAX);
    // Names in the text, each a link; some also make a participant.
    let mut found: Vec<(usize, Mention)> = Vec::new();
    cache.names.resize(doc.paragraphs.len(), None);
    for (index, p) in doc.paragraphs.iter().enumerate() {
        let names =
            cache.names[index].get_or_insert_with(|| people::find_names(&p.text, authority));
        found.extend(names.iter().cloned().map(|m| (index, m)));
    }
    merge_partial_names(&mut found, authority);

    let mut extra_links: Vec<(usize, Mention)> = Vec::new();
    let mut in_distribution = false;
    for (index, p) in doc.paragraphs.iter().enumerate() {
        let text = p.text.as_str();
        // A distribution or copy list names people who were sent the document: mentioned.
        if is_distribution_heading(text) {
            in_distribution = true;
        } else if in_distribution && !is_list_item(text) {
            in_distribution = false;
        }
        // `found` is in paragraph order.
        let names: Vec<&Mention> = found[found.partition_point(|(i, _)| *i < index)..]
            .iter()
            .take_while(|(i, _)| *i == index)
            .map(|(_, m)| m)
            .collect();
        let participant = |m: &Mention, role: String, out: &mut Vec<NameRef>| {
            out.push(NameRef {
                surface: m.surface.clone(),
                person: m.person,
                kind: RefKind::Present(role),
                alias: m.alias.clone(),
            });
        };
        // A speaker label.
        if let Some(end) = speakers[index]
            && let Some(m) = names.iter().find(|m| m.start < end)
        {
            participant(m, String::new(), &mut out);
        }
        let name_role_line = names.len() == 1
            && names[0].start <= 4
            && text.split_whitespace().count() <= 16
            && !text.trim_end().ends_with(['.', '?', '!', ':'])
            && text[names[0].end..]
                .trim_start_matches([']', ')', ' '])
                .starts_with([',', '(']);
        let list_like = p.part != Part::Header
            && !in_distribution
            && !is_distribution_heading(text)
            && (name_role_line
                || p.part == Part::Attendance
                || SIDE_LIST.is_match(text)
                || COMRADES_LIST.is_match(text)
                || is_participants_block(text)
                || ((text.starts_with("- ") || text.starts_with("\\- ")) && names.len() <= 2));
        let in_speech = index > first_turn;
        if p.part == Part::Attendance
            || (ATTENDANCE.is_match(text) && !list_like && speakers[index].is_none() && !in_speech)
        {
            // The seeds' sentence: roles between the names of the clause.
            let mut clause = super::body::attendance_clause(text);
            // Minutes: `of the conversation between comrade X, <role>, and comrade Y, <role>`.
            if let Some(m) = BETWEEN.find(clause) {
                clause = &clause[m.end()..];
            }
            let base = (clause.as_ptr() as usize).saturating_sub(text.as_ptr() as usize);
            let mut inside: Vec<Mention> = names
                .iter()
                .filter(|m| m.start >= base && m.end <= base + clause.len())
                .map(|m| Mention {
                    start: m.start - base,
                    end: m.end - base,
                    ..(*m).clone()
                })
                .collect();
            // A name of the clause, placed in the paragraph.
            let in_paragraph = |m: &Mention| Mention {
                start: m.start + base,
                end: m.end + base,
                ..m.clone()
            };
            // A clause lists names without cues: capitalised runs between its commas.
            for m in people::find_people_in_clause(clause, authority) {
                let overlaps = inside.iter().any(|n| n.start < m.end && m.start < n.end);
                if !overlaps && (m.person.is_some() || plausible_listed_name(&m.surface)) {
                    extra_links.push((index, in_paragraph(&m)));
                    inside.push(m);
                }
            }
            // `Counsellor of the Embassy Abramov was present`: a surname after its role.
            if inside.is_empty()
                && let Some(m) = last_word_name(clause)
            {
                extra_links.push((index, in_paragraph(&m)));
                inside.push(m);
            }
            inside.sort_by_key(|m| m.start);
            let roles = super::extract::roles_in_clause(clause, &inside);
            for (m, role) in inside.iter().zip(roles) {
                participant(m, role, &mut out);
            }
        } else if list_like {
            let roles = roles_of(text, &names);
            for (m, role) in names.iter().zip(roles) {
                participant(m, role, &mut out);
            }
        }
        if !dialogue && (p.part == Part::Attendance || !list_like) {
            // First-person meetings in narrative: `I visited X`, `X came to see me`.
            for m in met_in(text, &names) {
                if !names.iter().any(|n| n.start == m.start) {
                    // A name only its place revealed: linked where it stands.
                    out.push(name_ref(
                        &m,
                        RefKind::Link {
                            paragraph: index,
                            start: m.start,
                            end: m.end,
                        },
                    ));
                }
                participant(&m, String::new(), &mut out);
            }
        }
        // `For Dillon from Timberlake.`: addressee and author.
        if let Some(c) = FOR_FROM.captures(text) {
            if let Some(m) = slot_person(&c[1], authority) {
                out.push(name_ref(&m, RefKind::Interlocutor(String::new())));
            }
            if let Some(m) = slot_person(&c[2], authority) {
                out.push(name_ref(&m, RefKind::Author(String::new())));
            }
        }
        // Address lines at the head of a message.
        if p.part != Part::Signature
            && text.len() < 80
            && ADDRESS.is_match(text.trim())
            && let Some(m) = names.first()
        {
            participant(m, String::new(), &mut out);
        }
        let extra = extra_links
            .iter()
            .filter(|(i, _)| *i == index)
            .map(|(_, m)| m);
        for m in extra.chain(names.iter().copied()) {
            out.push(NameRef {
                surface: m.surface.clone(),
                person: m.person,
                kind: RefKind::Link {
                    paragraph: index,
                    start: m.start,
                    end: m.end,
                },
                alias: m.alias.clone(),
            });
        }
    }

    // The signer comes before the title's sender: the signature is the surer source.
    signer(doc, &found, &mut out);
    // The title: sender, addressees, `Journal of X`, `… with X`.
    title_people(doc.title, authority, &mut out);
    // The summary names the author of a report (`Report from X, <role>, …`) and mentions.
    if let Some(c) = REPORT_FROM.captures(doc.summary) {
        for m in people::find_names(&c[1], authority).into_iter().take(1) {
            let role = doc.summary[c.get(0).map_or(0, |g| g.end())..]
                .split([',', ';'])
                .next()
                .map(clean_role)
                .unwrap_or_default();
            out.push(name_ref(&m, RefKind::Author(role)));
        }
    }
    for m in people::find_names(doc.summary, authority) {
        out.push(name_ref(&m, RefKind::Mentioned));
    }
    for (_, note) in doc.footnotes {
        for m in people::find_names(note, authority) {
            out.push(name_ref(&m, RefKind::Mentioned));
        }
    }
    // Authors first (the signature before the title), then the title's people, then the
    // text in order: the first spelling resolved names a new entry.
    let rank = |r: &NameRef| match r.kind {
        RefKind::Author(_) => 0,
        RefKind::Interlocutor(_) => 1,
        _ => 2,
    };
    out.sort_by_key(rank);
    out
}

fn name_ref(m: &Mention, kind: RefKind) -> NameRef {
    NameRef {
        surface: m.surface.clone(),
        person: m.person,
        kind,
        alias: m.alias.clone(),
    }
}

/// `Produced in 3 copies for:`, `Copies:`, `Distribution list - 4 copies: …`, `Four copies
/// printed`, `Telegram sent to comrs. …`.
fn is_distribution_heading(text: &str) -> bool {
    static HEADING: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)^(?:produced\s+in\s+\w+\s+copies|copies\b|distribution\b|sent\s+to\b|\w+\s+copies\s+printed|printed\s+in\s+\w+\s+copies|telegram\s+sent\s+to)")
            .expect("valid pattern")
    });
    HEADING.is_match(text.trim())
}

/// An item of a list: `- Comrade X`, `1 - Cde. X`, `2. Comr. X`.
fn is_list_item(text: &str) -> bool {
    let t = text.trim_start().trim_start_matches('\\');
    t.starts_with("- ")
        || t.starts_with("– ")
        || (t.chars().next().is_some_and(|c| c.is_ascii_digit())
            && t.split_whitespace().count() <= 8)
}

/// The end of a speaker label opening a paragraph (`Comrade X:`, `Secretary Shultz:`).
fn speaker_of(text: &str) -> Option<usize> {
    let caps = SPEAKER.captures(text)?;
    let label = caps.get(1)?;
    let words = label.as_str().split_whitespace().count();
    let upper = label.as_str().to_uppercase();
    let is_field = matches!(
        upper.as_str(),
        "PARTICIPANTS"
            | "PLACE"
            | "DATE & TIME"
            | "DATE AND TIME"
            | "SUBJECT"
            | "SOURCE"
            | "NOTE"
            | "COMMENT"
            | "FROM"
            | "TO"
            | "DATE"
            | "TIME"
            | "COPIES"
            | "DISTRIBUTION"
    ) || upper.starts_with("DATE");
    (!is_field && words <= 5).then(|| label.end())
}

fn is_participants_block(text: &str) -> bool {
    let upper: String = text.chars().take(14).collect::<String>().to_uppercase();
    upper.starts_with("PARTICIPANTS")
        || upper.starts_with("PRESENT:")
        || upper.starts_with("PARTICIPANTS:")
}

/// Names in a first-person clause with a verb of meeting, before any reported speech:
/// the first name after the verb when the author is its subject (`I visited X`), the names
/// listed before it when the author is its object (`X, Y and Z received me`). A name the
/// finder did not know is taken from the capitalised words in that place (`Kim Il Sung`).
fn met_in(text: &str, names: &[&Mention]) -> Vec<Mention> {
    let mut out: Vec<Mention> = Vec::new();
    let mut sentence_start = 0;
    let mut ends = sentence_ends(text);
    ends.push(text.len());
    for end in ends {
        if end <= sentence_start {
            continue;
        }
        let sentence = &text[sentence_start..end];
        let main_end = REPORTED
            .find(sentence)
            .map_or(sentence.len(), |m| m.start());
        let main = &sentence[..main_end];
        if FIRST_PERSON.is_match(main) {
            let in_main: Vec<&Mention> = names
                .iter()
                .copied()
                .filter(|m| m.start >= sentence_start && m.end <= sentence_start + main_end)
                .collect();
            for verb in MEETING.find_iter(main) {
                let (vs, ve) = (sentence_start + verb.start(), sentence_start + verb.end());
                let before = &main[..verb.start()];
                let after = &main[verb.end()..];
                if FIRST_SUBJECT.is_match(before) {
                    match in_main.iter().find(|m| m.start >= ve && m.start - ve <= 60) {
                        Some(m) => out.push((*m).clone()),
                        None => out.extend(capitalised_run(text, ve, sentence_start + main_end)),
                    }
                }
                if FIRST_OBJECT.is_match(after) {
                    // Walk back over a list of subjects: `A, B and C received me`.
                    let mut at = vs;
                    let mut subjects: Vec<Mention> = Vec::new();
                    loop {
                        let gap_ok = |m: &&&Mention| {
                            m.end <= at
                                && at - m.end <= 25
                                && (subjects.is_empty()
                                    || matches!(text[m.end..at].trim(), "," | "and" | ", and"))
                        };
                        if let Some(m) = in_main.iter().rev().find(gap_ok) {
                            at = m.start;
                            subjects.push((*m).clone());
                            continue;
                        }
                        // An unknown name just before the verb or the list's next name.
                        let head = text[sentence_start..at].trim_end();
                        let head = head
                            .strip_suffix(" and")
                            .or_else(|| head.strip_suffix(','))
                            .unwrap_or(head)
                            .trim_end();
                        let run_end = sentence_start + head.len();
                        match capitalised_run_before(text, sentence_start, run_end) {
                            Some(m) if subjects.is_empty() || run_end < at => {
                                at = m.start;
                                subjects.push(m);
                            }
                            _ => break,
                        }
                    }
                    out.extend(subjects);
                }
            }
        }
        sentence_start = end;
    }
    out
}

/// The opening of minutes' list of the two principals.
static BETWEEN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^\s*(?:of\s+)?the\s+(?:conversation|talks?|meeting)\s+between\s+")
        .expect("valid pattern")
});

/// A surname closing a clause after its role (`Counsellor of the Embassy Abramov`).
fn last_word_name(clause: &str) -> Option<Mention> {
    let t = clause.trim_end().trim_end_matches([',', '.']);
    let start = t.rfind(' ').map_or(0, |i| i + 1);
    let word = &t[start..];
    let before = t[..start].trim_end();
    let after_role = before
        .rsplit(' ')
        .next()
        .is_some_and(|w| not_a_name_word(w) || w.chars().all(|c| c.is_uppercase()));
    let shaped = word.chars().count() >= 3
        && word.chars().next().is_some_and(char::is_uppercase)
        && word.chars().skip(1).all(|c| c.is_lowercase() || c == '-');
    (shaped && after_role && !not_a_name_word(word)).then(|| Mention {
        start,
        end: start + word.len(),
        surface: word.to_owned(),
        person: None,
        alias: None,
        cue: None,
        partial: false,
    })
}

/// Words that start a capitalised run but are not names.
fn not_a_name_word(word: &str) -> bool {
    let w = word
        .trim_matches(|c: char| !c.is_alphanumeric())
        .to_lowercase();
    OFFICE_WORDS.contains(&w.as_str()) || people::is_not_name(&w)
}

/// Two to four capitalised words that follow `from` (skipping roles and cues) up to `limit`.
fn capitalised_run(text: &str, from: usize, limit: usize) -> Option<Mention> {
    let slice = text.get(from..limit)?;
    let mut words: Vec<(usize, usize)> = Vec::new();
    let mut offset = 0;
    for raw in slice.split(' ') {
        let start = from + offset;
        offset += raw.len() + 1;
        if raw.is_empty() {
            continue;
        }
        let word = raw.trim_end_matches([',', '.', ';', ':', ')']);
        let capitalised = word.chars().next().is_some_and(char::is_uppercase)
            && word
                .chars()
                .all(|c| c.is_alphabetic() || matches!(c, '-' | '\'' | '’'));
        if capitalised && !not_a_name_word(word) {
            words.push((start, start + word.len()));
            if word.len() != raw.len() {
                break;
            }
        } else if !words.is_empty() {
            break;
        } else if words.is_empty()
            && !(capitalised || matches!(word, "the" | "of" | "Cde." | "Comrade"))
        {
            // Only roles and cues may stand between the verb and the name.
            if offset > 40 {
                return None;
            }
        }
    }
    run_mention(text, &words)
}

/// Two to four capitalised words ending at `end` (after `start`).
fn capitalised_run_before(text: &str, start: usize, end: usize) -> Option<Mention> {
    let slice = text.get(start..end)?;
    let mut words: Vec<(usize, usize)> = Vec::new();
    let mut cursor = slice.len();
    for raw in slice.rsplit(' ') {
        let word_start = cursor - raw.len();
        cursor = word_start.saturating_sub(1);
        let capitalised = raw.chars().next().is_some_and(char::is_uppercase)
            && raw
                .chars()
                .all(|c| c.is_alphabetic() || matches!(c, '-' | '\'' | '’'));
        if !capitalised || not_a_name_word(raw) || words.len() == 4 {
            break;
        }
        words.insert(0, (start + word_start, start + word_start + raw.len()));
    }
    // The first word of a sentence is capitalised anyway: a run needs a second word.
    run_mention(text, &words)
}

fn run_mention(text: &str, words: &[(usize, usize)]) -> Option<Mention> {
    if !(2..=4).contains(&words.len()) {
        return None;
    }
    let (start, end) = (words[0].0, words[words.len() - 1].1);
    Some(Mention {
        start,
        end,
        surface: text[start..end].to_owned(),
        person: None,
        alias: None,
        cue: None,
        partial: false,
    })
}

/// Where the sentences of a text end: after `. `, but not after an initial or an
/// abbreviation (`Cde.`, `Dr.`, `No.`).
fn sentence_ends(text: &str) -> Vec<usize> {
    const ABBREVIATIONS: &[&str] = &[
        "cde", "cdes", "comr", "comrs", "com", "dr", "mr", "mrs", "ms", "st", "no", "nos", "gen",
        "col", "lt", "capt", "prof", "amb", "sen", "rep", "gov", "vs", "etc", "p", "pp", "ll", "f",
        "op", "d", "vol", "jr", "sr", "u.s", "a.m", "p.m",
    ];
    let mut ends = Vec::new();
    for (i, _) in text.match_indices(". ") {
        let word_start = text[..i]
            .rfind([' ', '[', '(', '\u{a0}'])
            .map_or(0, |s| s + 1);
        let word = text[word_start..i].trim_start_matches(['[', '(', '"', '“']);
        let is_initial =
            word.chars().count() <= 2 && word.chars().next().is_some_and(char::is_uppercase);
        if is_initial || ABBREVIATIONS.contains(&word.to_lowercase().as_str()) {
            continue;
        }
        ends.push(i + 1);
    }
    ends
}

/// Roles of listed people: the text after each name up to the next name, or the
/// parenthesised role (`(Notetaker)`), or the cue before it (`Ambassador`).
fn roles_of(text: &str, names: &[&Mention]) -> Vec<String> {
    let mut roles = Vec::with_capacity(names.len());
    for (k, m) in names.iter().enumerate() {
        let to = names.get(k + 1).map_or(text.len(), |n| n.start);
        let after = text.get(m.end..to).unwrap_or("");
        let after = after.trim_start_matches([']', ')', ' ']);
        let role = if let Some(rest) = after.strip_prefix(',') {
            let rest = rest.split(';').next().unwrap_or("");
            let rest = rest
                .trim()
                .trim_end_matches(|c: char| c == '.' || c == ',' || c.is_whitespace());
            let rest = rest.strip_suffix(" and").unwrap_or(rest);
            let rest = rest.strip_suffix(", as well as").unwrap_or(rest);
            if rest.split_whitespace().count() <= 16 {
                clean_role(rest)
            } else {
                String::new()
            }
        } else if let Some(inner) = after.strip_prefix('(').and_then(|r| r.split(')').next()) {
            clean_role(inner)
        } else {
            String::new()
        };
        // A suffix the name finder left out (`Gaston J. Sigur, Jr., Assistant …`).
        let role = ["Jr., ", "Sr., ", "Jr. ", "Sr. "]
            .iter()
            .find_map(|s| role.strip_prefix(s))
            .map_or(role.clone(), str::to_owned);
        // A parenthesis cut by the role's end (`Office of Chinese Affairs (Notetaker`).
        let role = if role.matches('(').count() > role.matches(')').count() {
            format!("{role})")
        } else {
            role
        };
        // `(S)`, `(C)`: paragraph classification marks, not roles.
        let role = if role.chars().count() <= 1 {
            String::new()
        } else {
            role
        };
        let role = if role.is_empty() {
            m.cue.as_deref().map(clean_role).unwrap_or_default()
        } else {
            role
        };
        roles.push(role);
    }
    roles
}

/// A name found only by its place in a list (no cue, not in the authority file): not an
/// office, not words run together (`U.S. LiaisonOffice`).
fn plausible_listed_name(surface: &str) -> bool {
    let glued = surface.split_whitespace().any(|w| {
        let mut prev_lower = false;
        for c in w.chars() {
            if prev_lower && c.is_uppercase() {
                return true;
            }
            prev_lower = c.is_lowercase();
        }
        false
    });
    let office = surface.split_whitespace().any(|w| {
        let w = w
            .trim_matches(|c: char| !c.is_alphanumeric())
            .to_lowercase();
        OFFICE_WORDS.contains(&w.as_str()) || matches!(w.as_str(), "staff" | "u.s" | "nsc")
    });
    !glued && !office
}

/// A title slot (`Kovalev`, `Ambassador Menshikov`, `the USSR Foreign Ministry`): the
/// person it names, or none for an office.
fn slot_person(slot: &str, authority: &Authority) -> Option<Mention> {
    let slot = slot.trim().trim_end_matches(['.', ',']);
    if let Some(m) = people::find_names(slot, authority).into_iter().next() {
        return Some(m);
    }
    let words: Vec<&str> = slot.split_whitespace().collect();
    if words.is_empty() || words.len() > 4 {
        return None;
    }
    let office = words.iter().any(|w| {
        let w = w
            .trim_matches(|c: char| !c.is_alphanumeric() && c != '\'')
            .to_lowercase();
        OFFICE_WORDS.contains(&w.as_str())
    });
    let capitalised = words
        .iter()
        .all(|w| w.starts_with(|c: char| c.is_uppercase() || c == '['));
    if office || !capitalised {
        return None;
    }
    // A bare surname, perhaps with a pseudonym: `Andreev [Mikoyan]`, `Gromyko`.
    let (surface, alias) = match slot.find(['[', '(']) {
        Some(i) => (
            slot[..i].trim().to_owned(),
            Some(slot[i + 1..].trim_end_matches([']', ')']).trim().to_owned()),
        ),
        None => (slot.to_owned(), None),
    };
    let person = authority
        .resolve(&surface)
        .or_else(|| alias.as_deref().and_then(|a| authority.resolve(a)));
    Some(Mention {
        start: 0,
        end: slot.len(),
        surface,
        person,
        alias,
        cue: None,
        partial: false,
    })
}

/// The title's people: the sender (author) and addressees of a message, the keeper of a
/// journal, the people a conversation was with.
fn title_people(title: &str, authority: &Authority, out: &mut Vec<NameRef>) {
    // `The Secretary of State to the Ambassador in Japan (Reischauer)`.
    static ADDRESSEE_IN_PARENTHESES: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"\bto\s+the\s+[^()]+\(([\p{Lu}][\p{L}'’ .-]+)\)\s*$").expect("valid pattern")
    });
    if let Some(c) = ADDRESSEE_IN_PARENTHESES.captures(title)
        && let Some(m) = slot_person(&c[1], authority)
    {
        out.push(name_ref(&m, RefKind::Interlocutor(String::new())));
    }
    if let Some(c) = TITLE_SENDER.captures(title) {
        if let Some(sender) = c
            .get(1)
            .and_then(|s| slot_person(strip_role_words(s.as_str()), authority))
        {
            out.push(name_ref(&sender, RefKind::Author(String::new())));
        }
        for slot in [c.get(2), c.get(3)].into_iter().flatten() {
            let slot = slot.as_str();
            // `Kovalev [via Zhou]`: the intermediary is a second addressee.
            let (main, via) = match slot.find("[via ") {
                Some(i) => (&slot[..i], Some(slot[i + 5..].trim_end_matches(']'))),
                None => (slot, None),
            };
            for part in std::iter::once(main).chain(via) {
                if let Some(m) = slot_person(strip_role_words(part), authority) {
                    out.push(name_ref(&m, RefKind::Interlocutor(String::new())));
                }
            }
        }
    }
    if let Some(c) = JOURNAL_OF.captures(title) {
        let clause = c[1].trim();
        if let Some(m) = people::find_names(clause, authority).into_iter().last() {
            out.push(name_ref(&m, RefKind::Author(String::new())));
        }
    }
    if let Some(clause) = super::extract::with_clause(title) {
        let mut mentions = people::find_names(&clause, authority);
        if mentions.is_empty() {
            // `… with Kim Il Sung`: the clause's capitalised names, cue or not.
            mentions = people::find_people_in_clause(&clause, authority)
                .into_iter()
                .filter(|m| plausible_listed_name(&m.surface))
                .collect();
        }
        let roles = super::extract::roles_in_clause(&clause, &mentions);
        for (m, role) in mentions.iter().zip(roles) {
            out.push(name_ref(m, RefKind::Interlocutor(role)));
        }
    }
    static HEADED_BY: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"(?i)\b(?:headed|led)\s+by\s+(.+?),").expect("valid pattern"));
    if let Some(c) = HEADED_BY.captures(title) {
        for m in people::find_names(&c[1], authority) {
            out.push(name_ref(&m, RefKind::Interlocutor(String::new())));
        }
    }
}

/// Drops a role before a name in a title slot (`Ambassador Menshikov` -> `Menshikov`).
fn strip_role_words(slot: &str) -> &str {
    let mut s = slot.trim();
    loop {
        let lower = s.to_lowercase();
        let Some(word) = lower.split_whitespace().next() else {
            return s;
        };
        let is_role = matches!(
            word,
            "ambassador"
                | "comrade"
                | "cde."
                | "minister"
                | "premier"
                | "chairman"
                | "president"
                | "secretary"
                | "general"
                | "marshal"
                | "dr."
                | "mr."
                | "mrs."
                | "counselor"
                | "counsellor"
                | "consul"
                | "chargé"
                | "charge"
                | "deputy"
                | "vice"
                | "soviet"
                | "chinese"
                | "polish"
                | "romanian"
                | "hungarian"
                | "british"
                | "american"
        );
        if !is_role || s.split_whitespace().count() == 1 {
            return s;
        }
        s = s[word.len()..].trim_start();
    }
}

/// The signer: a signature paragraph's name, or the bare surname closing a FRUS or Avalon
/// telegram.
fn signer(doc: &Document<'_>, found: &[(usize, Mention)], out: &mut Vec<NameRef>) {
    let last_text = doc
        .paragraphs
        .iter()
        .rposition(|p| p.part == Part::Text || p.part == Part::Attendance);
    let signature: Vec<usize> = doc
        .paragraphs
        .iter()
        .enumerate()
        .filter(|(_, p)| p.part == Part::Signature)
        .map(|(i, _)| i)
        .collect();
    let mut role = String::new();
    for &index in &signature {
        let mut line_start = 0;
        for line in doc.paragraphs[index].text.split('\n') {
            let content = line.trim_end();
            let line_end = line_start + line.len();
            // By position: a surface can differ from its text (`[Pavel] Volkov`).
            let has_name = found
                .iter()
                .any(|(i, m)| *i == index && m.start < line_end && line_start < m.end);
            line_start = line_end + 1;
            if !has_name
                && role.is_empty()
                && !content.is_empty()
                && !content.starts_with("[signature]")
            {
                let c = clean_role(content);
                if c.split_whitespace().count() <= 10 && super::dates::whole(content).is_none() {
                    role = c;
                }
            }
        }
        if let Some((_, m)) = found.iter().find(|(i, _)| *i == index) {
            out.push(NameRef {
                surface: m.surface.clone(),
                person: m.person,
                kind: RefKind::Author(role),
                alias: m.alias.clone(),
            });
            return;
        }
    }
    // A signature line at the end of the text: `19.V.59 M. MENSHIKOV`, `[signature] /A. PETROV/`.
    let tail_from = doc.paragraphs.len().saturating_sub(8);
    for index in (tail_from..doc.paragraphs.len()).rev() {
        let p = &doc.paragraphs[index];
        if p.text.split_whitespace().count() > 12 || p.part == Part::Header {
            continue;
        }
        if speaker_of(&p.text).is_some() {
            continue;
        }
        // A signing name: initials (`P. Markowski`) or a surname in capitals (`MENSHIKOV`).
        let signs = |surface: &str| {
            surface.contains('.')
                || surface.split_whitespace().any(|w| {
                    w.chars().filter(|c| c.is_alphabetic()).count() >= 2
                        && !w.chars().any(char::is_lowercase)
                })
        };
        if let Some((_, m)) = found.iter().find(|(i, m)| *i == index && signs(&m.surface))
            && (signature_shaped(&p.text)
            // `P. Markowski` over `Head of Department`: a name opening a short paragraph.
            || (m.start <= 3 && p.text.split_whitespace().count() <= 8 && !p.text.contains(':')))
        {
            // The role after the name, when the paragraph is `Name` / `Title`.
            let role = p.text[m.end..].trim();
            let role = if role.split_whitespace().count() <= 6
                && !role.contains(char::is_numeric)
                && role.chars().any(char::is_alphabetic)
            {
                clean_role(role)
            } else {
                String::new()
            };
            out.push(name_ref(m, RefKind::Author(role)));
            return;
        }
    }
    // A closing line of two or three capitalised words naming someone the page names
    // elsewhere (`Puja Frigyes` signing after `Foreign Minister Frigyes Puja`).
    if let Some(last) = doc.paragraphs.iter().rposition(|p| {
        p.part != Part::Header && !is_distribution_heading(&p.text) && !is_list_item(&p.text)
    }) && last + 12 >= doc.paragraphs.len()
    {
        let t = doc.paragraphs[last].text.trim();
        let words: Vec<&str> = t.split_whitespace().collect();
        let name_shaped = (2..=3).contains(&words.len())
            && words.iter().all(|w| {
                w.chars().next().is_some_and(char::is_uppercase)
                    && w.chars().all(char::is_alphabetic)
            });
        if name_shaped {
            let title_names = people::find_names(doc.title, &Authority::default());
            let known = found
                .iter()
                .map(|(_, m)| m)
                .chain(title_names.iter())
                .find(|m| people::same_person(&m.surface, t) || same_words(&m.surface, t));
            if let Some(m) = known {
                out.push(NameRef {
                    surface: m.surface.clone(),
                    person: m.person,
                    kind: RefKind::Author(String::new()),
                    alias: m.alias.clone(),
                });
                return;
            }
        }
    }
    if doc.closing_surname_signs
        && let Some(last) = last_text
    {
        let t = doc.paragraphs[last].text.trim();
        if t.split_whitespace().count() == 1
            && t.chars().next().is_some_and(char::is_uppercase)
            && t.chars().all(|c| c.is_alphabetic() || c == '-')
        {
            out.push(NameRef {
                surface: t.to_owned(),
                person: None,
                kind: RefKind::Author(String::new()),
                alias: None,
            });
        }
    }
}

/// The same words in another order (`Frigyes Puja`, `Puja Frigyes`).
fn same_words(a: &str, b: &str) -> bool {
    let key = |s: &str| {
        let mut w: Vec<String> = s
            .split_whitespace()
            .map(|w| deunicode::deunicode(w).to_lowercase())
            .collect();
        w.sort();
        w
    };
    let (ka, kb) = (key(a), key(b));
    ka.len() >= 2 && ka == kb
}

/// A short line that reads like a signature: a name with a date, a `[signature]` mark,
/// slashes, or nothing but the name.
fn signature_shaped(text: &str) -> bool {
    let t = text.trim();
    t.contains("[signature]")
        || t.contains('/')
        || super::dates::find_all(t).iter().any(|d| d.is_day())
        || t.split_whitespace().count() <= 4
}

/// Partial and single-word names (`Foreign Minister Wu`, `Chairman Deng`) take the person
/// of a full name on the same page with the same family name.
fn merge_partial_names(found: &mut [(usize, Mention)], authority: &Authority) {
    let full: Vec<Mention> = found
        .iter()
        .filter(|(_, m)| !m.partial)
        .map(|(_, m)| m.clone())
        .collect();
    for (_, m) in found.iter_mut() {
        if !m.partial {
            continue;
        }
        if let Some(f) = full.iter().find(|f| {
            people::same_person(&f.surface, &m.surface)
                || f.alias
                    .as_deref()
                    .is_some_and(|a| people::same_person(a, &m.surface))
        }) {
            m.person = f.person.or_else(|| authority.resolve(&f.surface));
            m.surface = f.surface.clone();
            m.alias = f.alias.clone();
            m.partial = false;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn paragraph(part: Part, text: &str) -> DraftParagraph {
        DraftParagraph {
            part,
            text: text.to_owned(),
        }
    }

    /// (surface, kind) of the participants and authors found.
    fn present(title: &str, paragraphs: &[DraftParagraph]) -> Vec<(String, &'static str)> {
        let doc = Document {
            title,
            summary: "",
            paragraphs,
            footnotes: &[],
            closing_surname_signs: false,
        };
        find(&doc, &Authority::default())
            .into_iter()
            .filter_map(|r| match r.kind {
                RefKind::Author(_) => Some((r.surface, "author")),
                RefKind::Present(_) | RefKind::Interlocutor(_) => Some((r.surface, "present")),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn the_person_the_author_met_takes_part() {
        let got = present(
            "A cable",
            &[paragraph(
                Part::Text,
                "Today I had lunch with G. Brown [British Foreign Secretary George Brown] at Carlton Gardens. Only the two of us and the interpreters were present. He said that Comrade Ivan Petrov was well.",
            )],
        );
        assert!(got.iter().any(|(s, _)| s.contains("Brown")), "{got:?}");
        assert!(!got.iter().any(|(s, _)| s.contains("Petrov")), "{got:?}");
    }

    #[test]
    fn reported_speech_only_mentions() {
        let got = present(
            "A report",
            &[paragraph(
                Part::Text,
                "Cde. Chen Yi thanked me and said that Cde. Li Fuchun would decide by June.",
            )],
        );
        assert!(!got.iter().any(|(s, _)| s.contains("Li Fuchun")), "{got:?}");
        assert!(got.iter().any(|(s, _)| s.contains("Chen Yi")), "{got:?}");
    }

    #[test]
    fn abbreviations_do_not_end_sentences() {
        assert_eq!(sentence_ends("I met Cde. A. Wrona. Then we left."), [20]);
    }

    #[test]
    fn title_slots_give_sender_and_addressees() {
        let got = present("Cable, Andreev [Mikoyan] to Kovalev, for Zhou Enlai", &[]);
        assert!(got.contains(&("Andreev".to_owned(), "author")), "{got:?}");
        assert!(
            got.iter().any(|(s, k)| s == "Kovalev" && *k == "present"),
            "{got:?}"
        );
        let got = present(
            "Telegram from Ambassador Menshikov to the USSR Foreign Ministry",
            &[],
        );
        assert_eq!(got, [("Menshikov".to_owned(), "author")]);
    }

    #[test]
    fn side_lists_and_speakers_take_part() {
        let got = present(
            "Minutes",
            &[
                paragraph(
                    Part::Text,
                    "– from the Vietnamese side: Hoang Van Loi, Deputy Minister of Foreign Trade; Tran Quang Co and Vu Khoan, interpreters.",
                ),
                paragraph(Part::Text, "Comrade Nguyen Duy Trinh:"),
                paragraph(Part::Text, "Comrade Manea Manescu:"),
            ],
        );
        for name in [
            "Hoang Van Loi",
            "Tran Quang Co",
            "Vu Khoan",
            "Nguyen Duy Trinh",
            "Manea Manescu",
        ] {
            assert!(got.iter().any(|(s, _)| s.contains(name)), "{name}: {got:?}");
        }
    }

    #[test]
    fn a_speaker_label_at_the_end_does_not_sign() {
        let got = present(
            "Minutes of the talks",
            &[
                paragraph(Part::Text, "Comrade Nguyen Duy Trinh:"),
                paragraph(
                    Part::Text,
                    "We agree with the proposal and thank the comrades.",
                ),
                paragraph(Part::Text, "Comrade Manea Manescu:"),
                paragraph(
                    Part::Text,
                    "The geologists can come in the spring of next year.",
                ),
            ],
        );
        assert!(!got.iter().any(|(_, k)| *k == "author"), "{got:?}");
    }

    #[test]
    fn offices_are_not_listed_names() {
        assert!(!plausible_listed_name("U.S. LiaisonOffice"));
        assert!(!plausible_listed_name("USLO Staff"));
        assert!(plausible_listed_name("Nicholas Platt"));
    }
}
