//! Citation templates: the CSL engine formats one probe item per *shape* of item, and every
//! other item of that shape is formatted by filling its values into the probe's output.
//!
//! CSL formatting costs more than a millisecond per document and was most of a cold build's
//! CPU time. But an edition's documents fall into few shapes: the same fields present, the
//! same kinds and number of names, the same date precision and month. Within a shape a style
//! does the same thing to every item; only the values differ. So for each shape:
//!
//! 1. the item is rebuilt with *sentinels* in place of its values (strings such as
//!    `of zqaaa of Zqbaa ZQCAA`, names such as `Zqeaa, Qzqfaa Xzqgaa`, year 1843, day 7) and
//!    formatted by the engine;
//! 2. the output is read back into a template: literal text, and for each sentinel found,
//!    which value it stands for and what the style did to it (title case, initials,
//!    upper case, a zero-padded day...). The sentinels are chosen so that every such
//!    transformation gives a different string;
//! 3. the template is checked: filled with a second set of sentinels it must give exactly
//!    what the engine gives for that second probe, and filled with the first real item's
//!    values exactly what the engine gives for that item. A shape that fails either check
//!    (a style that reacts to a value in a way the template cannot express) is formatted
//!    by the engine, item by item, as before.
//!
//! Values are filled in only when they are *plain*: no quotation marks, brackets or markup
//! characters, no trailing punctuation a style would merge with its own, names made of
//! capitalised words and initials. Other items go to the engine. What a style does to a
//! value is applied with hayagriva's own case functions, so title case is the engine's title
//! case. The unit tests compare templates with the engine on hundreds of random items.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use hayagriva::lang::{Case, CaseFolder, SentenceCase, TitleCase};
use serde_json::{Map, Value};

use super::Citation;
use super::csl::Formatted;
use crate::util::escape::escape_html;

/// Templates by shape, shared by every thread of a build.
#[derive(Debug, Default)]
pub(super) struct Templates {
    shapes: Mutex<HashMap<String, Arc<Shape>>>,
}

/// What is known of one shape of item.
#[derive(Debug)]
enum Shape {
    /// Items of this shape are filled into this template.
    Template(Arc<Template>),
    /// The template passed the probes' check; the first item whose values are plain is
    /// formatted by the engine too, and the two must agree.
    Unchecked(Arc<Template>),
    /// The engine formats items of this shape one by one.
    Engine,
}

/// The four citations of a shape, each as HTML and as text.
#[derive(Debug)]
struct Template {
    outputs: [Vec<Piece>; 8],
}

/// A part of a formatted citation.
#[derive(Debug, Clone, PartialEq)]
enum Piece {
    /// Text the style wrote itself (already HTML in an HTML output).
    Literal(String),
    /// A text value, in the case the style put it.
    Text(usize, CaseKind),
    /// A family name, as written or in upper case.
    Family(usize, bool),
    /// A given name: as written, or its initials joined by the separator.
    Given(usize, Option<&'static str>),
    /// A year.
    Year(usize),
    /// A day of the month, zero-padded or not.
    Day(usize, bool),
}

/// The case transformations of CSL (`text-case`), as hayagriva applies them.
///
/// Title and sentence case decide a word (`of` stays lower case, `USSR` upper case) when
/// the next word begins. Where the case ends with the value, as it does around a single
/// variable, the engine never decides the last word (`...with Mao Zedong For`); where more
/// text follows in the same case, it does. The `Open` kinds are the first, and a sentinel
/// ends in an upper-case word to tell which the style does.
#[derive(Debug, Clone, Copy, PartialEq)]
enum CaseKind {
    AsWritten,
    Title,
    TitleOpen,
    Sentence,
    SentenceOpen,
    Upper,
    Lower,
    FirstUpper,
    AllUpper,
}

const CASES: [CaseKind; 9] = [
    CaseKind::AsWritten,
    CaseKind::Title,
    CaseKind::TitleOpen,
    CaseKind::Sentence,
    CaseKind::SentenceOpen,
    CaseKind::Upper,
    CaseKind::Lower,
    CaseKind::FirstUpper,
    CaseKind::AllUpper,
];

impl CaseKind {
    fn apply(self, text: &str) -> String {
        let case = match self {
            CaseKind::AsWritten => return text.to_owned(),
            CaseKind::Title | CaseKind::TitleOpen => Case::Title(TitleCase::default()),
            CaseKind::Sentence | CaseKind::SentenceOpen => Case::Sentence(SentenceCase::default()),
            CaseKind::Upper => Case::Uppercase,
            CaseKind::Lower => Case::Lowercase,
            CaseKind::FirstUpper => Case::FirstUpper,
            CaseKind::AllUpper => Case::AllUpper,
        };
        let mut folder = CaseFolder::with_config(case);
        folder.push_str(text);
        if matches!(self, CaseKind::TitleOpen | CaseKind::SentenceOpen) {
            folder.reconfigure(Case::NoTransform);
        }
        folder.finish()
    }
}

/// A value of an item that a template can stand in for.
#[derive(Debug, Clone, PartialEq)]
enum Slot {
    Text(String),
    Family(String),
    Given(String),
    Year(i64),
    Day(i64),
}

/// An item split into its shape and its values.
struct Split {
    /// Everything about the item except the values in `slots`.
    shape: String,
    slots: Vec<Slot>,
}

impl Templates {
    /// Formats the CSL-JSON item `json` from its shape's template, or with `engine` (which
    /// formats one CSL-JSON item) when the shape has no template or a value is not plain.
    pub(super) fn format(
        &self,
        json: &str,
        engine: impl Fn(&str) -> Result<Formatted, String>,
    ) -> Result<Formatted, String> {
        let Ok(Value::Object(item)) = serde_json::from_str::<Value>(json) else {
            return engine(json);
        };
        let split = split(&item, &mut |_, _, _| None).0;
        let known = self.lock().get(&split.shape).cloned();
        let Some(shape) = known else {
            let (shape, formatted) = learn(json, &item, &split, &engine);
            self.lock().insert(split.shape, Arc::new(shape));
            return formatted;
        };
        let (template, checked) = match &*shape {
            Shape::Template(template) => (template, true),
            Shape::Unchecked(template) => (template, false),
            Shape::Engine => return engine(json),
        };
        let Some(filled) = template.fill(&split.slots) else {
            return engine(json);
        };
        if checked {
            return Ok(filled);
        }
        let formatted = engine(json)?;
        let shape = if filled == formatted {
            Shape::Template(Arc::clone(template))
        } else {
            Shape::Engine
        };
        self.lock().insert(split.shape, Arc::new(shape));
        Ok(formatted)
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, Arc<Shape>>> {
        // A panic elsewhere cannot leave the map half-updated (one insert), so a poisoned
        // lock's map is still good.
        self.shapes
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

/// Works out the template of the shape of `item` (parsed from `json`) and checks it;
/// returns it with the item formatted.
fn learn(
    json: &str,
    item: &Map<String, Value>,
    split_item: &Split,
    engine: &impl Fn(&str) -> Result<Formatted, String>,
) -> (Shape, Result<Formatted, String>) {
    let formatted = engine(json);
    let Ok(expected) = &formatted else {
        return (Shape::Engine, formatted);
    };
    let template = (|| {
        let (first, first_slots) = probe(item, 0)?;
        let (second, second_slots) = probe(item, 1)?;
        let first_output = engine(&first.to_string()).ok()?;
        let template = Template::read(&first_output, &first_slots);
        let second_output = engine(&second.to_string()).ok()?;
        (template.fill(&second_slots)? == second_output).then_some(template)
    })();
    let shape = match template {
        None => Shape::Engine,
        Some(template) => match template.fill(&split_item.slots) {
            None => Shape::Unchecked(Arc::new(template)),
            Some(filled) if filled == *expected => Shape::Template(Arc::new(template)),
            Some(_) => Shape::Engine,
        },
    };
    (shape, formatted)
}

/// `item` with sentinels of set `set` (0 or 1) for its values, and those sentinels; `None`
/// if the item has more names than there are distinct initials to tell them apart.
fn probe(item: &Map<String, Value>, set: usize) -> Option<(Value, Vec<Slot>)> {
    let mut given_names = 0;
    let mut out_of_letters = false;
    let mut sentinels = Vec::new();
    let (_, probe) = split(item, &mut |index, slot, same_as| {
        if let Some(earlier) = same_as {
            let sentinel = sentinels.get(earlier).cloned();
            sentinels.extend(sentinel.clone());
            return sentinel;
        }
        let token = |n: usize| sentinel_token(set, index * 4 + n);
        let sentinel = match slot {
            Slot::Text(text) => Slot::Text(format!(
                "of {} of {} {}{}",
                token(0),
                capitalised(&token(1)),
                token(2).to_uppercase(),
                if text.ends_with('.') { "." } else { "" }
            )),
            Slot::Family(_) => Slot::Family(capitalised(&token(0))),
            Slot::Given(given) => {
                let letters = INITIALS[set].as_bytes();
                let Some(pair) = letters.get(given_names * 2..given_names * 2 + 2) else {
                    out_of_letters = true;
                    return None;
                };
                given_names += 1;
                let (first, second) = (char::from(pair[0]), char::from(pair[1]));
                Slot::Given(if given.ends_with('.') {
                    format!("{first}{} {second}.", token(0))
                } else {
                    format!("{first}{} {second}{}", token(0), token(1))
                })
            }
            Slot::Year(_) => Slot::Year([1843, 1877][set]),
            Slot::Day(_) => Slot::Day([7, 9][set]),
        };
        sentinels.push(sentinel.clone());
        Some(sentinel)
    });
    (!out_of_letters).then_some((Value::Object(probe), sentinels))
}

/// Initial letters of the sentinel given names of each set, two per name; letters that
/// rarely begin a word the styles write themselves.
const INITIALS: [&str; 2] = ["QXZJKVWYUO", "HGFDPRTNML"];

/// A lower-case word no style or edition writes: `zq` or `xj` and three letters counting
/// `n` (all of one length, so that no token begins another).
fn sentinel_token(set: usize, n: usize) -> String {
    let mut token = String::from(["zq", "xj"][set]);
    let mut rest = n;
    for _ in 0..3 {
        token.push(char::from(b'a' + (rest % 26) as u8));
        rest /= 26;
    }
    token
}

fn capitalised(word: &str) -> String {
    let mut chars = word.chars();
    chars
        .next()
        .map(|first| first.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

/// Given a value's index, the value, and the index of an equal earlier value, its
/// replacement in a rebuilt item, if any.
type Replace<'a> = dyn FnMut(usize, &Slot, Option<usize>) -> Option<Slot> + 'a;

/// Splits `item` into shape and values, calling `replace` with each value's index, the
/// value and the index of an equal earlier value: where it gives a replacement, the rebuilt
/// item (second result) has it instead.
///
/// Strings become text slots; names (objects of `family` and `given`, or `literal`) name
/// slots; a date's year and day slots, its month and precision part of the shape. Anything
/// else, and `type` and `language` (which decide what a style does), is shape.
fn split(item: &Map<String, Value>, replace: &mut Replace<'_>) -> (Split, Map<String, Value>) {
    let mut shape = String::new();
    let mut slots = Vec::new();
    let mut rebuilt = Map::new();
    let mut take = |slot: Slot, slots: &mut Vec<Slot>, shape: &mut String| {
        // A style merges a value's closing full stop with its own punctuation, and a
        // sentinel can only show that if it ends in one too.
        if let Slot::Text(text) | Slot::Given(text) = &slot
            && text.ends_with('.')
        {
            shape.push('.');
        }
        // Styles compare names (an editor who is also the translator is "ed. and trans."),
        // so which values are equal is part of the shape, and equal values share a sentinel.
        let same_as = match &slot {
            Slot::Year(_) | Slot::Day(_) => None,
            _ => slots.iter().position(|earlier| *earlier == slot),
        };
        if let Some(earlier) = same_as {
            shape.push_str(&format!("={earlier}"));
        }
        let replacement = replace(slots.len(), &slot, same_as);
        slots.push(slot.clone());
        replacement.unwrap_or(slot)
    };
    for (key, value) in item {
        shape.push_str(key);
        let new_value = match (key.as_str(), value) {
            ("type" | "language", _) => {
                shape.push_str(&value.to_string());
                value.clone()
            }
            (_, Value::String(text)) => {
                shape.push_str(":s");
                text_value(take(Slot::Text(text.clone()), &mut slots, &mut shape))
            }
            (_, Value::Array(names)) if !names.is_empty() && names.iter().all(is_name) => {
                let mut new_names = Vec::new();
                for name in names {
                    new_names.push(split_name(name, &mut shape, &mut slots, &mut take));
                }
                Value::Array(new_names)
            }
            (_, Value::Object(date)) if date_parts(date).is_some() => {
                split_date(date, &mut shape, &mut slots, &mut take)
            }
            _ => {
                shape.push_str(&value.to_string());
                value.clone()
            }
        };
        shape.push('\u{1}');
        rebuilt.insert(key.clone(), new_value);
    }
    (Split { shape, slots }, rebuilt)
}

fn text_value(slot: Slot) -> Value {
    match slot {
        Slot::Text(text) | Slot::Family(text) | Slot::Given(text) => Value::String(text),
        Slot::Year(n) | Slot::Day(n) => Value::from(n),
    }
}

fn is_name(value: &Value) -> bool {
    let Value::Object(name) = value else {
        return false;
    };
    let strings = |keys: &[&str]| {
        name.len() == keys.len()
            && keys
                .iter()
                .all(|k| matches!(name.get(*k), Some(Value::String(_))))
    };
    strings(&["family", "given"]) || strings(&["literal"])
}

fn split_name(
    name: &Value,
    shape: &mut String,
    slots: &mut Vec<Slot>,
    take: &mut impl FnMut(Slot, &mut Vec<Slot>, &mut String) -> Slot,
) -> Value {
    let mut new_name = Map::new();
    let string = |key: &str| name.get(key).and_then(Value::as_str).unwrap_or_default();
    if name.get("literal").is_some() {
        shape.push_str(":l");
        let literal = take(Slot::Text(string("literal").to_owned()), slots, shape);
        new_name.insert("literal".into(), text_value(literal));
    } else {
        shape.push_str(":n");
        let family = take(Slot::Family(string("family").to_owned()), slots, shape);
        let given = take(Slot::Given(string("given").to_owned()), slots, shape);
        new_name.insert("family".into(), text_value(family));
        new_name.insert("given".into(), text_value(given));
    }
    Value::Object(new_name)
}

/// The year, month and day of a CSL-JSON date that has one `date-parts` entry of numbers.
fn date_parts(date: &Map<String, Value>) -> Option<Vec<i64>> {
    let Some(Value::Array(dates)) = date.get("date-parts") else {
        return None;
    };
    let [Value::Array(parts)] = dates.as_slice() else {
        return None;
    };
    let parts: Option<Vec<i64>> = parts.iter().map(Value::as_i64).collect();
    parts.filter(|p| (1..=3).contains(&p.len()))
}

fn split_date(
    date: &Map<String, Value>,
    shape: &mut String,
    slots: &mut Vec<Slot>,
    take: &mut impl FnMut(Slot, &mut Vec<Slot>, &mut String) -> Slot,
) -> Value {
    let parts = date_parts(date).unwrap_or_default();
    let mut new_parts = Vec::new();
    for (i, part) in parts.iter().enumerate() {
        new_parts.push(match i {
            0 => text_value(take(Slot::Year(*part), slots, shape)),
            1 => {
                shape.push_str(&format!(":m{part}"));
                Value::from(*part)
            }
            _ => text_value(take(Slot::Day(*part), slots, shape)),
        });
    }
    let mut new_date = date.clone();
    for (key, value) in date {
        if key != "date-parts" {
            shape.push_str(&format!(":{key}={value}"));
        }
    }
    new_date.insert("date-parts".into(), Value::from(vec![new_parts]));
    Value::Object(new_date)
}

impl Template {
    /// Reads the engine's output for a probe whose values were `slots`.
    fn read(output: &Formatted, slots: &[Slot]) -> Template {
        let needles = needles(slots);
        let read = |text: &str| read_output(text, &needles);
        let [a, b, c, d] = citations(output);
        Template {
            outputs: [
                read(&a.html),
                read(&a.text),
                read(&b.html),
                read(&b.text),
                read(&c.html),
                read(&c.text),
                read(&d.html),
                read(&d.text),
            ],
        }
    }

    /// The citations of an item whose values are `slots`, or `None` if a value is not
    /// plain enough to be filled in.
    fn fill(&self, slots: &[Slot]) -> Option<Formatted> {
        // The eight outputs share their pieces: each piece's value is worked out (and its
        // slot checked for plainness) once.
        let mut values: Vec<(&Piece, String, String)> = Vec::new();
        let mut strings = Vec::with_capacity(8);
        for (i, pieces) in self.outputs.iter().enumerate() {
            let html = i % 2 == 0;
            let mut out = String::new();
            for piece in pieces {
                if let Piece::Literal(text) = piece {
                    out.push_str(text);
                    continue;
                }
                let index = match values.iter().position(|(known, ..)| *known == piece) {
                    Some(index) => index,
                    None => {
                        let value = piece_value(piece, slots)?;
                        values.push((piece, escape_html(&value), value));
                        values.len() - 1
                    }
                };
                let (_, escaped, value) = &values[index];
                out.push_str(if html { escaped } else { value });
            }
            strings.push(out);
        }
        let mut strings = strings.into_iter();
        let mut citation = || {
            let html = strings.next().unwrap_or_default();
            let text = strings.next().unwrap_or_default();
            Citation { html, text }
        };
        Some(Formatted {
            chicago_note: citation(),
            chicago_bibliography: citation(),
            mla: citation(),
            apa: citation(),
        })
    }
}

fn citations(output: &Formatted) -> [&Citation; 4] {
    [
        &output.chicago_note,
        &output.chicago_bibliography,
        &output.mla,
        &output.apa,
    ]
}

/// Every string a sentinel can turn into, with the piece it stands for.
fn needles(slots: &[Slot]) -> Vec<(String, Piece)> {
    let mut needles = Vec::new();
    for (index, slot) in slots.iter().enumerate() {
        match slot {
            Slot::Text(text) => {
                for case in CASES {
                    needles.push((case.apply(text), Piece::Text(index, case)));
                }
            }
            Slot::Family(family) => {
                needles.push((family.clone(), Piece::Family(index, false)));
                needles.push((family.to_uppercase(), Piece::Family(index, true)));
            }
            Slot::Given(given) => {
                needles.push((given.clone(), Piece::Given(index, None)));
                for separator in [" ", ""] {
                    let form = Piece::Given(index, Some(separator));
                    needles.push((initials(given, separator), form));
                }
            }
            Slot::Year(year) => needles.push((year.to_string(), Piece::Year(index))),
            Slot::Day(day) => {
                needles.push((format!("{day:02}"), Piece::Day(index, true)));
                needles.push((day.to_string(), Piece::Day(index, false)));
            }
        }
    }
    needles
}

/// Splits `text` into literal text and the pieces whose needles occur in it, the longest
/// needle first where several start at the same place. Numbers match only whole.
fn read_output(text: &str, needles: &[(String, Piece)]) -> Vec<Piece> {
    let mut pieces = Vec::new();
    let mut literal = String::new();
    let mut at = 0;
    while at < text.len() {
        let rest = &text[at..];
        let found = needles
            .iter()
            .filter(|(needle, _)| rest.starts_with(needle.as_str()))
            .filter(|(needle, piece)| {
                !matches!(piece, Piece::Year(_) | Piece::Day(..))
                    || whole_number(text, at, at + needle.len())
            })
            .max_by_key(|(needle, _)| needle.len());
        match found {
            Some((needle, piece)) => {
                if !literal.is_empty() {
                    pieces.push(Piece::Literal(std::mem::take(&mut literal)));
                }
                pieces.push(piece.clone());
                at += needle.len();
            }
            None => {
                let c = rest.chars().next().unwrap_or_default();
                literal.push(c);
                at += c.len_utf8().max(1);
            }
        }
    }
    if !literal.is_empty() {
        pieces.push(Piece::Literal(literal));
    }
    pieces
}

fn whole_number(text: &str, start: usize, end: usize) -> bool {
    let digit_before = text[..start]
        .chars()
        .next_back()
        .is_some_and(|c| c.is_ascii_digit());
    let digit_after = text[end..]
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_digit());
    !digit_before && !digit_after
}

/// What `piece` (not literal text) stands for in an item whose values are `slots`; `None`
/// if that value is not plain.
fn piece_value(piece: &Piece, slots: &[Slot]) -> Option<String> {
    Some(match (piece, slots.get(piece_slot(piece))) {
        (Piece::Text(_, case), Some(Slot::Text(text))) if plain_text(text) => case.apply(text),
        (Piece::Family(_, upper), Some(Slot::Family(family))) if plain_family(family) => {
            if *upper {
                family.to_uppercase()
            } else {
                family.clone()
            }
        }
        (Piece::Given(_, form), Some(Slot::Given(given))) if plain_given(given) => match form {
            Some(separator) => initials(given, separator),
            None => given.clone(),
        },
        (Piece::Year(_), Some(Slot::Year(year))) if (1000..=9999).contains(year) => {
            year.to_string()
        }
        (Piece::Day(_, padded), Some(Slot::Day(day))) if (1..=31).contains(day) => {
            if *padded {
                format!("{day:02}")
            } else {
                day.to_string()
            }
        }
        _ => return None,
    })
}

/// The slot a piece stands for (0 for literal text, which has none).
fn piece_slot(piece: &Piece) -> usize {
    match piece {
        Piece::Literal(_) => 0,
        Piece::Text(i, _)
        | Piece::Family(i, _)
        | Piece::Given(i, _)
        | Piece::Year(i)
        | Piece::Day(i, _) => *i,
    }
}

/// The initials of a given name: the first letter of each word and a full stop, joined by
/// `separator` (`S. V.` or `S.V.`).
fn initials(given: &str, separator: &str) -> String {
    let words: Vec<String> = given
        .split(' ')
        .filter_map(|word| word.chars().next())
        .map(|first| format!("{first}."))
        .collect();
    words.join(separator)
}

/// Whether a style treats `text` as it treats a sentinel: no quotation marks (which styles
/// turn and nest), braces or markup characters, no punctuation at the end for a style to
/// merge with its own but a full stop (which the shape records), no spaces at the ends or
/// doubled.
fn plain_text(text: &str) -> bool {
    !text.is_empty()
        && !text.contains("  ")
        && !text.contains("--")
        && !text.starts_with(|c: char| c.is_whitespace() || c.is_ascii_punctuation())
        && !text.ends_with(|c: char| c.is_whitespace() || "?!,;:".contains(c))
        && !text.ends_with("..")
        && !text
            .chars()
            .any(|c| not_plain_char(c) || c.is_control() || (c.is_whitespace() && c != ' '))
}

/// Quotation marks and markup characters. (A `match`, not a search of a string: this runs
/// for every character of every value filled in, and `str::contains` was a third of it.)
fn not_plain_char(c: char) -> bool {
    matches!(
        c,
        '"' | '\'' | '<' | '>' | '{' | '}' | '$' | '\\' | '`' | '^' | '*' | '_'
    ) || matches!(
        c,
        '~' | '|' | '“' | '”' | '‘' | '’' | '«' | '»' | '„' | '‚' | '‹' | '›'
    )
}

/// Whether a family name is capitalised words of letters, perhaps joined by hyphens (no
/// particles such as `van`, which styles may move).
fn plain_family(family: &str) -> bool {
    !family.is_empty()
        && family
            .split(' ')
            .all(|word| word.split('-').all(capitalised_word))
}

/// Whether a given name is capitalised words of letters and initials (`S.`).
fn plain_given(given: &str) -> bool {
    !given.is_empty()
        && given.split(' ').all(|word| {
            capitalised_word(word)
                || matches!(word.strip_suffix('.'), Some(initial)
                    if initial.chars().count() == 1 && capitalised_word(initial))
        })
}

fn capitalised_word(word: &str) -> bool {
    let mut chars = word.chars();
    chars.next().is_some_and(char::is_uppercase) && chars.all(char::is_alphabetic)
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::{AtomicUsize, Ordering};

    use rand::{RngExt, SeedableRng};
    use rand_chacha::ChaCha8Rng;
    use serde_json::json;

    use super::*;
    use crate::cite::csl::lay_out_by_engine as format_by_engine;

    fn pick<'a>(rng: &mut ChaCha8Rng, from: &[&'a str]) -> &'a str {
        from[rng.random_range(0..from.len())]
    }

    /// A title of words, stop words, numbers, a colon or a range; now and then one that is
    /// not plain (a quotation mark, an apostrophe, a question mark at the end).
    fn title(rng: &mut ChaCha8Rng) -> String {
        const WORDS: &str = "memorandum of the conversation with Mao Zedong and in Khrushchev \
            USSR on a visit to Beijing 1959 talks: PRC-USSR for über Ostpolitik by at meeting \
            nuclear 19-20 Записка беседы Đặng U.S. No. vs. 1/2 re: Zhou's e.g. [draft] (copy)";
        let words: Vec<&str> = WORDS.split_whitespace().collect();
        let mut words: Vec<String> = (0..rng.random_range(1..12))
            .map(|_| pick(rng, &words).to_owned())
            .collect();
        match rng.random_range(0..12) {
            0 => words.push("Khrushchev's".into()),
            1 => words.push("\"secret\"".into()),
            2 => words.push("why?".into()),
            _ => {}
        }
        if rng.random_bool(0.5) {
            words[0] = capitalised(&words[0]);
        }
        words.join(" ").trim_end_matches(':').to_owned()
    }

    fn name(rng: &mut ChaCha8Rng) -> Value {
        match rng.random_range(0..16) {
            0..3 => json!({"literal": pick(rng, &["Embassy of the USSR", "CC CPSU", "Politburo"])}),
            3 => json!({"family": pick(rng, &["van Gogh", "O'Brien"]), "given": "Jean-Paul"}),
            _ => json!({
                "family": pick(rng, &["Chervonenko", "Li", "Radchenko", "Aldrich-Moodie", "Deng Xiaoping"]),
                "given": pick(rng, &["S. V.", "Sergey", "Anna Maria", "Danhui", "N."]),
            }),
        }
    }

    /// A manuscript item with random fields present, names and a date of random precision.
    fn random_item(rng: &mut ChaCha8Rng, n: usize) -> String {
        let mut item = Map::new();
        item.insert("id".into(), json!(format!("doc-{n:06}")));
        item.insert("type".into(), json!("manuscript"));
        item.insert("title".into(), json!(title(rng)));
        for role in ["author", "translator", "editor"] {
            if rng.random_bool(0.6) {
                let names: Vec<Value> = (0..rng.random_range(1..4)).map(|_| name(rng)).collect();
                item.insert(role.into(), Value::Array(names));
            }
        }
        if rng.random_bool(0.9) {
            let mut parts = vec![json!(rng.random_range(1940..2000))];
            if rng.random_bool(0.8) {
                parts.push(json!(rng.random_range(1..=12)));
                if rng.random_bool(0.8) {
                    parts.push(json!(rng.random_range(1..=31)));
                }
            }
            let mut date = json!({"date-parts": [parts]});
            if rng.random_bool(0.2) {
                date["circa"] = json!(true);
            }
            item.insert("issued".into(), date);
        }
        let texts = [
            ("genre", "memorandum of conversation"),
            ("genre", "Letter"),
            ("archive", "AVPRF"),
            ("archive", "Archive of the President, Russian Federation"),
            (
                "archive",
                "RGANI (formerly Center for Preservation [TsKhSD])",
            ),
            (
                "archive_location",
                "f. 0100, op. 54, p. 466, d. 8, ll. 76-177",
            ),
            ("archive_location", "f. 5, op. 30, d. 335, l. 12 ob."),
            ("publisher", "Folio Press, Inc."),
            (
                "archive_collection",
                "Cold War International History Project (CWIHP)",
            ),
            ("archive_collection", "Wilson Center Digital Archive"),
            (
                "container-title",
                "The Sino-Soviet Split: A Documentary Edition",
            ),
            ("publisher", "Folio Press"),
            ("URL", "https://example.org/edition/documents/doc-000001/"),
            ("language", "en"),
            ("abstract", "Mao and Khrushchev disagree."),
        ];
        for (key, value) in texts {
            if rng.random_bool(0.5) {
                item.insert(key.into(), json!(value));
            }
        }
        Value::Object(item).to_string()
    }

    /// The property templates rest on: a template that passed the probes' check gives what
    /// the engine gives, for every item of its shape whose values are plain.
    #[test]
    fn a_checked_template_formats_every_plain_item_as_the_engine_does() {
        let mut rng = ChaCha8Rng::seed_from_u64(11);
        let (mut filled, mut not_plain, mut no_template) = (0, 0, 0);
        for n in 0..300 {
            let json = random_item(&mut rng, n);
            let Ok(Value::Object(item)) = serde_json::from_str::<Value>(&json) else {
                unreachable!("the test writes JSON objects");
            };
            let (Some((first, first_slots)), Some((second, second_slots))) =
                (probe(&item, 0), probe(&item, 1))
            else {
                no_template += 1;
                continue;
            };
            let template =
                Template::read(&format_by_engine(&first.to_string()).unwrap(), &first_slots);
            if template.fill(&second_slots) != Some(format_by_engine(&second.to_string()).unwrap())
            {
                no_template += 1;
                continue;
            }
            match template.fill(&split(&item, &mut |_, _, _| None).0.slots) {
                Some(formatted) => {
                    assert_eq!(formatted, format_by_engine(&json).unwrap(), "{json}");
                    filled += 1;
                }
                None => not_plain += 1,
            }
        }
        assert!(
            filled > 120 && not_plain > 30,
            "{filled} filled, {not_plain} not plain, {no_template} without a template"
        );
    }

    #[test]
    fn templates_give_the_engines_citations() {
        let templates = Templates::default();
        let mut rng = ChaCha8Rng::seed_from_u64(5);
        for n in 0..100 {
            let json = random_item(&mut rng, n);
            let expected = format_by_engine(&json).unwrap();
            assert_eq!(
                templates.format(&json, format_by_engine).unwrap(),
                expected,
                "{json}"
            );
        }
    }

    #[test]
    fn an_edition_of_one_shape_calls_the_engine_a_few_times_not_per_item() {
        let templates = Templates::default();
        let calls = AtomicUsize::new(0);
        let engine = |json: &str| {
            calls.fetch_add(1, Ordering::Relaxed);
            format_by_engine(json)
        };
        for n in 1..=200 {
            let day = n % 28 + 1;
            let item = json!({
                "id": format!("doc-{n}"), "type": "manuscript",
                "title": format!("Record of conversation number {n} with Mao Zedong"),
                "author": [{"family": "Chervonenko", "given": "S. V."}],
                "issued": {"date-parts": [[1961, 9, day]]},
                "archive": "AVPRF", "archive_location": format!("f. 0100, op. 54, d. {n}"),
                "URL": format!("https://example.org/documents/doc-{n}/"),
            })
            .to_string();
            let formatted = templates.format(&item, engine).unwrap();
            assert_eq!(formatted, format_by_engine(&item).unwrap());
        }
        // One item and two probes to learn the shape; every other item from the template.
        assert_eq!(calls.load(Ordering::Relaxed), 3);
    }

    #[test]
    fn a_value_that_is_not_plain_goes_to_the_engine() {
        let templates = Templates::default();
        let item = |title: &str| {
            json!({"id": "a", "type": "manuscript", "title": title, "issued": {"date-parts": [[1961]]}})
                .to_string()
        };
        templates
            .format(&item("A plain title"), format_by_engine)
            .unwrap();
        let calls = AtomicUsize::new(0);
        let engine = |json: &str| {
            calls.fetch_add(1, Ordering::Relaxed);
            format_by_engine(json)
        };
        for title in ["Mao's \"paper tiger\"", "What next?", "Talks {draft}"] {
            let formatted = templates.format(&item(title), engine).unwrap();
            assert_eq!(formatted, format_by_engine(&item(title)).unwrap());
        }
        assert_eq!(calls.load(Ordering::Relaxed), 3);
    }

    #[test]
    fn sentinels_tell_every_case_apart() {
        let (_, sentinels) = probe(&Map::from_iter([("title".into(), json!("x"))]), 0).unwrap();
        let needles = needles(&sentinels);
        for (i, (a, _)) in needles.iter().enumerate() {
            for (b, _) in &needles[i + 1..] {
                assert_ne!(a, b);
            }
        }
    }
}
