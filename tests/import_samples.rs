//! Scores `folio import` against the twelve hand-labelled sample transcripts in
//! `tests/fixtures/import/samples/` (`expected.json` holds the labels), by the rules of
//! IMPORT-LAYOUTS.md §5 and §6; and, the same way, against the second set in
//! `tests/fixtures/import/rules/`, one invented transcript per layout variant or cross-layout
//! rule of the catalogue that the samples leave uncovered (its own `expected.json`).
//!
//! Each sample is imported on its own into a fresh temporary edition (the sample's people and
//! settings, no documents). The written document's front matter is read generically as YAML, so
//! any key can be checked:
//!
//! - **Fields**: compared normalised (accents folded, lower case, every run of non-alphanumerics
//!   one space, trimmed). A key `a|b|c` means any of those keys may hold the value; an expected
//!   value may be a list of acceptable values. `title` must equal one of them; other fields match
//!   when equal or, when the expected normalised value is over 6 characters, contained in the
//!   imported value. `author` is a person token.
//! - **Persons**: a token `a|b` is one person under either spelling; it matches an imported person
//!   whose normalised id (hyphens as spaces), name or any variant contains it. Recall is over the
//!   expected participants and mentioned together; precision over the imported participants,
//!   mentioned and author, where one matching no token is unexpected. Persons in the wrong
//!   category (a participant found only as mentioned, or the reverse) are listed, not counted.
//! - A refused sample (no document written) scores zero on all its fields and persons.
//!
//! `cargo test --test import_samples -- --nocapture` prints the reports; they are also written to
//! `target/import-samples-score.txt` and `target/import-rules-score.txt`.

mod common;

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use folio::import::{ImportOptions, run};
use serde_json::Value as Json;
use serde_norway::Value as Yaml;

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

/// Least share of labelled fields that must come out right, over all samples: every one.
const FIELD_TARGET: f64 = 1.0;

/// Least person precision and recall, over all samples (the private set's target).
const PERSON_TARGET: f64 = 0.95;

/// Least share of labelled fields that must come out right, over the `rules/` set.
const RULES_FIELD_TARGET: f64 = 0.98;

/// Least person precision and recall, over the `rules/` set: the level reached, so that a
/// change that loses people fails.
const RULES_PERSON_TARGET: f64 = 0.90;

/// The fields §6 measures on the private set (by the first key of a label's `a|b|c`).
const MEASURED_FIELDS: &[&str] = &[
    "title",
    "date",
    "event_date",
    "classification",
    "translators",
    "original_language",
    "archive_location",
    "author",
];

// ---------------------------------------------------------------------------------------------
// Scoring rules
// ---------------------------------------------------------------------------------------------

/// Folds accents (and other scripts) to ASCII, lower-cases, turns every run of
/// non-alphanumerics into one space and trims: `"Gomułka, W."` → `"gomulka w"`.
pub fn normalise(text: &str) -> String {
    let folded = deunicode::deunicode(text).to_lowercase();
    let mut out = String::with_capacity(folded.len());
    for word in folded.split(|c: char| !c.is_ascii_alphanumeric()) {
        if word.is_empty() {
            continue;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

/// A person as the scorer sees one: its id and every normalised form it can be matched by
/// (the id with hyphens as spaces, the name, each variant).
#[derive(Debug, Clone)]
pub struct Person {
    pub id: String,
    pub forms: Vec<String>,
}

impl Person {
    /// A person from its id, name and variants (as written; normalised here).
    pub fn new(id: &str, name: &str, variants: &[&str]) -> Person {
        let mut forms = vec![normalise(&id.replace('-', " "))];
        for text in std::iter::once(name).chain(variants.iter().copied()) {
            let form = normalise(text);
            if !form.is_empty() && !forms.contains(&form) {
                forms.push(form);
            }
        }
        Person {
            id: id.to_owned(),
            forms,
        }
    }

    /// The person `id` of the edition at `root`: name and variants from
    /// `content/people/<id>.md` when it exists, else the id alone.
    pub fn load(root: &Path, id: &str) -> Person {
        let path = root.join("content/people").join(format!("{id}.md"));
        let meta = std::fs::read_to_string(path)
            .ok()
            .and_then(|text| front_matter(&text))
            .unwrap_or(Yaml::Null);
        let name = meta.get("name").map(yaml_text).unwrap_or_default();
        let variants: Vec<String> = match meta.get("variants") {
            Some(Yaml::Sequence(list)) => list.iter().map(yaml_text).collect(),
            Some(other) => vec![yaml_text(other)],
            None => Vec::new(),
        };
        let variants: Vec<&str> = variants.iter().map(String::as_str).collect();
        Person::new(id, &name, &variants)
    }
}

/// True when the person token `token` (`a|b` = either spelling) names `person`: one of its
/// normalised alternatives is contained in the person's id, name or a variant.
pub fn token_matches(token: &str, person: &Person) -> bool {
    token
        .split('|')
        .map(normalise)
        .filter(|alternative| !alternative.is_empty())
        .any(|alternative| person.forms.iter().any(|form| form.contains(&alternative)))
}

/// True when an imported field value `got` matches one of the acceptable values `want` for the
/// field `field` (the first key of the label). `title` must be equal (normalised); other fields
/// are equal, or contain an expected value whose normalised form is over 6 characters.
pub fn field_matches(field: &str, want: &[String], got: &str) -> bool {
    let got = normalise(got);
    want.iter().map(|w| normalise(w)).any(|w| {
        if field == "title" {
            w == got
        } else {
            w == got || (w.len() > 6 && got.contains(&w))
        }
    })
}

/// The YAML front matter of a Markdown document: the text between the first `---` line and the
/// next `---` line, parsed generically.
pub fn front_matter(text: &str) -> Option<Yaml> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut lines = text.split_inclusive('\n');
    let mut yaml = String::new();
    let mut opened = false;
    for line in lines.by_ref() {
        if line.trim_end() == "---" {
            opened = true;
            break;
        }
    }
    if !opened {
        return None;
    }
    for line in lines {
        if line.trim_end() == "---" {
            return serde_norway::from_str(&yaml).ok();
        }
        yaml.push_str(line);
    }
    None
}

/// A front-matter value as one text: scalars as written, lists joined with `; `, maps by their
/// values; null is empty.
pub fn yaml_text(value: &Yaml) -> String {
    match value {
        Yaml::Null => String::new(),
        Yaml::Bool(b) => b.to_string(),
        Yaml::Number(n) => n.to_string(),
        Yaml::String(s) => s.clone(),
        Yaml::Sequence(items) => items
            .iter()
            .map(yaml_text)
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()
            .join("; "),
        Yaml::Mapping(map) => map
            .values()
            .map(yaml_text)
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()
            .join(", "),
        Yaml::Tagged(tagged) => yaml_text(&tagged.value),
    }
}

/// Person ids in a front-matter list: items that are ids, or maps with a `person` id.
fn person_ids(value: Option<&Yaml>) -> Vec<String> {
    let Some(Yaml::Sequence(items)) = value else {
        return value
            .map(yaml_text)
            .filter(|s| !s.is_empty())
            .into_iter()
            .collect();
    };
    items
        .iter()
        .filter_map(|item| match item {
            Yaml::Mapping(_) => item.get("person").map(yaml_text),
            other => Some(yaml_text(other)),
        })
        .filter(|id| !id.is_empty())
        .collect()
}

// ---------------------------------------------------------------------------------------------
// Importing and scoring one sample
// ---------------------------------------------------------------------------------------------

/// A temporary edition with the sample's people and settings and no documents.
fn edition() -> tempfile::TempDir {
    common::import_edition(true)
}

/// The folder of the samples and their labels.
pub fn samples_dir() -> PathBuf {
    Path::new(ROOT).join("tests/fixtures/import/samples")
}

/// The folder of the rule fixtures and their labels.
pub fn rules_dir() -> PathBuf {
    Path::new(ROOT).join("tests/fixtures/import/rules")
}

/// The samples' labels, `expected.json`, as (file name, label) in file order.
pub fn labels() -> Vec<(String, Json)> {
    labels_in(&samples_dir())
}

/// The labels of the fixtures in `dir` (its `expected.json`), as (file name, label) in file
/// order.
pub fn labels_in(dir: &Path) -> Vec<(String, Json)> {
    let text = std::fs::read_to_string(dir.join("expected.json")).unwrap();
    let Json::Object(map) = serde_json::from_str::<Json>(&text).unwrap() else {
        panic!("expected.json is not an object");
    };
    let mut labels: Vec<(String, Json)> = map.into_iter().collect();
    labels.sort_by(|a, b| a.0.cmp(&b.0));
    labels
}

/// A labelled value: one text, or a list of acceptable texts.
fn acceptable(value: &Json) -> Vec<String> {
    match value {
        Json::Array(items) => items.iter().flat_map(acceptable).collect(),
        Json::String(s) => vec![s.clone()],
        Json::Null => Vec::new(),
        other => vec![other.to_string()],
    }
}

fn tokens(value: Option<&Json>) -> Vec<String> {
    value.map(acceptable).unwrap_or_default()
}

/// One labelled field's result.
#[derive(Debug, Clone)]
pub struct FieldScore {
    /// The label's key, `a|b|c` as written.
    pub key: String,
    pub want: Vec<String>,
    /// What the import gave (`(absent)`, `(refused)`).
    pub got: String,
    pub right: bool,
}

impl FieldScore {
    /// The field's name: the first key of `a|b|c`.
    pub fn field(&self) -> &str {
        self.key.split('|').next().unwrap_or(&self.key)
    }
}

/// One sample's score.
#[derive(Debug, Clone, Default)]
pub struct SampleScore {
    pub file: String,
    pub layout: String,
    /// Why no document was written, when none was.
    pub refused: Option<String>,
    pub fields: Vec<FieldScore>,
    /// Expected person tokens (participants and mentioned).
    pub expected_persons: usize,
    /// Expected tokens that some imported person matches.
    pub found_persons: usize,
    /// Imported persons (participants, mentioned, author; each id once).
    pub imported_persons: usize,
    /// Imported persons matching some token.
    pub correct_persons: usize,
    pub missing: Vec<String>,
    pub unexpected: Vec<String>,
    /// Found, but in the other category (information only).
    pub wrong_category: Vec<String>,
}

impl SampleScore {
    pub fn fields_right(&self) -> usize {
        self.fields.iter().filter(|f| f.right).count()
    }
}

/// What an import of the transcript `path` wrote: the edition (kept alive for its people) and
/// the document's front matter; or why nothing was written.
fn import_file(path: &Path) -> Result<(tempfile::TempDir, Yaml), String> {
    let dir = edition();
    let options = ImportOptions {
        paths: vec![path.to_owned()],
        into: PathBuf::from("content/documents"),
        ..ImportOptions::default()
    };
    let root = dir.path().to_owned();
    let report = std::panic::catch_unwind(move || run(&root, &options))
        .map_err(|_| "the importer panicked".to_owned())?;
    let Some(document) = report.files.iter().find_map(|f| f.document.clone()) else {
        let why = report.to_string();
        let why = why
            .lines()
            .map(str::trim)
            .find(|l| l.starts_with("error"))
            .or_else(|| why.lines().map(str::trim).find(|l| !l.is_empty()))
            .unwrap_or("no document written");
        return Err(shorten(why, 160));
    };
    let text = std::fs::read_to_string(dir.path().join(&document))
        .map_err(|e| format!("{}: {e}", document.display()))?;
    let meta = front_matter(&text)
        .ok_or_else(|| format!("{}: no readable front matter", document.display()))?;
    Ok((dir, meta))
}

/// Imports the sample `file` into a fresh edition and scores it against `label` (its
/// `expected.json` entry).
pub fn score_sample(file: &str, label: &Json) -> SampleScore {
    score_file(&samples_dir(), file, label)
}

/// Imports `dir/file` into a fresh edition and scores it against `label` (its entry in
/// `dir/expected.json`).
pub fn score_file(dir: &Path, file: &str, label: &Json) -> SampleScore {
    let imported = import_file(&dir.join(file));
    score_import(file, label, imported.as_ref().map(|(d, m)| (d.path(), m)))
}

/// Scores an import's front matter `imported` (with the edition root, for person names), or a
/// refusal, against `label`.
pub fn score_import(
    file: &str,
    label: &Json,
    imported: Result<(&Path, &Yaml), &String>,
) -> SampleScore {
    let mut score = SampleScore {
        file: file.to_owned(),
        layout: label
            .get("layout")
            .and_then(Json::as_str)
            .unwrap_or("?")
            .to_owned(),
        refused: imported.err().cloned(),
        ..SampleScore::default()
    };
    let participant_tokens = tokens(label.get("participants"));
    let mentioned_tokens = tokens(label.get("mentioned"));
    let fields: Vec<(String, Vec<String>)> = match label.get("fields") {
        Some(Json::Object(map)) => map
            .iter()
            .map(|(k, v)| (k.clone(), acceptable(v)))
            .collect(),
        _ => Vec::new(),
    };

    let Ok((root, meta)) = imported else {
        for (key, want) in fields {
            score.fields.push(FieldScore {
                key,
                want,
                got: "(refused)".to_owned(),
                right: false,
            });
        }
        score.expected_persons = participant_tokens.len() + mentioned_tokens.len();
        score.missing = participant_tokens
            .iter()
            .chain(&mentioned_tokens)
            .cloned()
            .collect();
        return score;
    };

    let people =
        |ids: Vec<String>| -> Vec<Person> { ids.iter().map(|id| Person::load(root, id)).collect() };
    let participants = people(person_ids(meta.get("participants")));
    let mentioned = people(person_ids(meta.get("mentioned")));
    let author = people(person_ids(meta.get("author")));

    for (key, want) in fields {
        let names: Vec<&str> = key.split('|').collect();
        let (got, right) = if names[0] == "author" {
            let got = author
                .iter()
                .map(|p| p.id.as_str())
                .collect::<Vec<_>>()
                .join("; ");
            let right = want
                .iter()
                .any(|token| author.iter().any(|p| token_matches(token, p)));
            (got, right)
        } else {
            let values: Vec<String> = names
                .iter()
                .filter_map(|name| meta.get(*name))
                .map(yaml_text)
                .filter(|v| !v.is_empty())
                .collect();
            let right = values.iter().any(|v| field_matches(names[0], &want, v));
            (values.join(" / "), right)
        };
        score.fields.push(FieldScore {
            key,
            want,
            got: if got.is_empty() {
                "(absent)".to_owned()
            } else {
                got
            },
            right,
        });
    }

    // Every imported person once, participants first.
    let mut imported_people: Vec<&Person> = Vec::new();
    for person in participants.iter().chain(&mentioned).chain(&author) {
        if !imported_people.iter().any(|p| p.id == person.id) {
            imported_people.push(person);
        }
    }
    let any = |token: &str, list: &[&Person]| list.iter().any(|p| token_matches(token, p));
    let as_participant: Vec<&Person> = participants.iter().chain(&author).collect();
    let as_mentioned: Vec<&Person> = mentioned.iter().collect();

    score.expected_persons = participant_tokens.len() + mentioned_tokens.len();
    for token in participant_tokens.iter().chain(&mentioned_tokens) {
        if any(token, &imported_people) {
            score.found_persons += 1;
        } else {
            score.missing.push(token.clone());
        }
    }
    for token in &participant_tokens {
        if !any(token, &as_participant) && any(token, &as_mentioned) {
            score
                .wrong_category
                .push(format!("{token} (participant, imported as mentioned)"));
        }
    }
    for token in &mentioned_tokens {
        if !any(token, &as_mentioned) && any(token, &as_participant) {
            score
                .wrong_category
                .push(format!("{token} (mentioned, imported as participant)"));
        }
    }
    let author_tokens = tokens(label.get("fields").and_then(|f| f.get("author")));
    let all_tokens: Vec<&String> = participant_tokens
        .iter()
        .chain(&mentioned_tokens)
        .chain(&author_tokens)
        .collect();
    score.imported_persons = imported_people.len();
    for person in imported_people {
        if all_tokens.iter().any(|t| token_matches(t, person)) {
            score.correct_persons += 1;
        } else {
            score.unexpected.push(person.id.clone());
        }
    }
    score
}

// ---------------------------------------------------------------------------------------------
// Report
// ---------------------------------------------------------------------------------------------

/// The totals over all samples.
#[derive(Debug, Clone, Copy, Default)]
pub struct Totals {
    pub samples: usize,
    pub refused: usize,
    pub fields_right: usize,
    pub fields: usize,
    pub measured_right: usize,
    pub measured: usize,
    pub found_persons: usize,
    pub expected_persons: usize,
    pub correct_persons: usize,
    pub imported_persons: usize,
}

/// `part / whole`, 0 when `whole` is 0.
pub fn ratio(part: usize, whole: usize) -> f64 {
    if whole == 0 {
        0.0
    } else {
        part as f64 / whole as f64
    }
}

impl Totals {
    pub fn of(scores: &[SampleScore]) -> Totals {
        let mut t = Totals {
            samples: scores.len(),
            ..Totals::default()
        };
        for s in scores {
            t.refused += usize::from(s.refused.is_some());
            t.fields_right += s.fields_right();
            t.fields += s.fields.len();
            for f in &s.fields {
                if MEASURED_FIELDS.contains(&f.field()) {
                    t.measured += 1;
                    t.measured_right += usize::from(f.right);
                }
            }
            t.found_persons += s.found_persons;
            t.expected_persons += s.expected_persons;
            t.correct_persons += s.correct_persons;
            t.imported_persons += s.imported_persons;
        }
        t
    }

    pub fn field_accuracy(&self) -> f64 {
        ratio(self.fields_right, self.fields)
    }

    pub fn measured_accuracy(&self) -> f64 {
        ratio(self.measured_right, self.measured)
    }

    /// Pooled over all imported persons (a refused sample imports none).
    pub fn person_precision(&self) -> f64 {
        ratio(self.correct_persons, self.imported_persons)
    }

    pub fn person_recall(&self) -> f64 {
        ratio(self.found_persons, self.expected_persons)
    }
}

fn shorten(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        text.to_owned()
    } else {
        let cut: String = text.chars().take(max).collect();
        format!("{cut}…")
    }
}

fn fraction(part: usize, whole: usize) -> String {
    format!("{part}/{whole} {:.0}%", 100.0 * ratio(part, whole))
}

/// The samples' report: a table of the samples, the totals, then each sample's wrong fields and
/// persons.
pub fn render(scores: &[SampleScore]) -> String {
    render_report(
        "tests/fixtures/import/samples",
        FIELD_TARGET,
        PERSON_TARGET,
        scores,
    )
}

/// A report on the fixtures of `set` (a folder under the crate root), with the set's targets:
/// a table of the fixtures, the totals, then each fixture's wrong fields and persons.
pub fn render_report(
    set: &str,
    field_target: f64,
    person_target: f64,
    scores: &[SampleScore],
) -> String {
    let totals = Totals::of(scores);
    // The file column fits the longest name (at least 40 wide, as the samples' table).
    let w = scores
        .iter()
        .map(|s| s.file.chars().count())
        .max()
        .unwrap_or(0)
        .max(40);
    let mut out = String::new();
    let o = &mut out;
    let _ = writeln!(o, "folio import against {set} (IMPORT-LAYOUTS.md §5-6)\n");
    let _ = writeln!(
        o,
        "{:<w$} {:<6} {:<10} {:<13} {:<13}",
        "sample", "layout", "fields", "persons P", "persons R"
    );
    for s in scores {
        let precision = if s.refused.is_some() {
            "refused".to_owned()
        } else {
            fraction(s.correct_persons, s.imported_persons)
        };
        let _ = writeln!(
            o,
            "{:<w$} {:<6} {:<10} {:<13} {:<13}",
            s.file,
            s.layout,
            format!("{}/{}", s.fields_right(), s.fields.len()),
            precision,
            fraction(s.found_persons, s.expected_persons),
        );
    }
    let _ = writeln!(
        o,
        "{:<w$} {:<6} {:<10} {:<13} {:<13}",
        "TOTAL",
        "",
        format!("{}/{}", totals.fields_right, totals.fields),
        fraction(totals.correct_persons, totals.imported_persons),
        fraction(totals.found_persons, totals.expected_persons),
    );
    let _ = writeln!(o);
    let _ = writeln!(
        o,
        "field accuracy          {} (target {:.0}%)",
        fraction(totals.fields_right, totals.fields),
        100.0 * field_target
    );
    let _ = writeln!(
        o,
        "  §6 measured fields    {} ({})",
        fraction(totals.measured_right, totals.measured),
        MEASURED_FIELDS.join(", ")
    );
    let _ = writeln!(
        o,
        "person precision        {} (target {:.0}%)",
        fraction(totals.correct_persons, totals.imported_persons),
        100.0 * person_target
    );
    let _ = writeln!(
        o,
        "person recall           {} (target {:.0}%)",
        fraction(totals.found_persons, totals.expected_persons),
        100.0 * person_target
    );
    let _ = writeln!(
        o,
        "refused                 {} of {}",
        totals.refused, totals.samples
    );

    for s in scores {
        let _ = writeln!(o, "\n{} [{}]", s.file, s.layout);
        if let Some(why) = &s.refused {
            let _ = writeln!(o, "  REFUSED: {why}");
        }
        let _ = writeln!(o, "  fields {}/{}", s.fields_right(), s.fields.len());
        for f in s.fields.iter().filter(|f| !f.right) {
            if s.refused.is_some() {
                let _ = writeln!(o, "    {}", f.field());
                continue;
            }
            let want = f
                .want
                .iter()
                .map(|w| format!("{:?}", shorten(w, 90)))
                .collect::<Vec<_>>()
                .join(" | ");
            let _ = writeln!(
                o,
                "    {}: got {:?} vs want {}",
                f.field(),
                shorten(&f.got, 90),
                want
            );
        }
        let _ = writeln!(
            o,
            "  persons P {}  R {}",
            if s.refused.is_some() {
                "-".to_owned()
            } else {
                fraction(s.correct_persons, s.imported_persons)
            },
            fraction(s.found_persons, s.expected_persons)
        );
        if !s.missing.is_empty() {
            let _ = writeln!(o, "    missing: {}", s.missing.join(", "));
        }
        if !s.unexpected.is_empty() {
            let _ = writeln!(o, "    unexpected: {}", s.unexpected.join(", "));
        }
        if !s.wrong_category.is_empty() {
            let _ = writeln!(
                o,
                "    wrong category (not counted): {}",
                s.wrong_category.join(", ")
            );
        }
    }
    out
}

// ---------------------------------------------------------------------------------------------
// Tests
// ---------------------------------------------------------------------------------------------

#[test]
fn samples_score_report() {
    let scores: Vec<SampleScore> = labels()
        .iter()
        .map(|(file, label)| score_sample(file, label))
        .collect();
    let text = render(&scores);
    println!("{text}");
    let target = Path::new(ROOT).join("target");
    std::fs::create_dir_all(&target).unwrap();
    std::fs::write(target.join("import-samples-score.txt"), &text).unwrap();

    let totals = Totals::of(&scores);
    assert!(
        totals.field_accuracy() >= FIELD_TARGET,
        "field accuracy {:.3} < {FIELD_TARGET}\n{text}",
        totals.field_accuracy()
    );
    assert!(
        totals.person_precision() >= PERSON_TARGET,
        "person precision {:.3} < {PERSON_TARGET}\n{text}",
        totals.person_precision()
    );
    assert!(
        totals.person_recall() >= PERSON_TARGET,
        "person recall {:.3} < {PERSON_TARGET}\n{text}",
        totals.person_recall()
    );
}

#[test]
fn rules_score_report() {
    let dir = rules_dir();
    let scores: Vec<SampleScore> = labels_in(&dir)
        .iter()
        .map(|(file, label)| score_file(&dir, file, label))
        .collect();
    let text = render_report(
        "tests/fixtures/import/rules",
        RULES_FIELD_TARGET,
        RULES_PERSON_TARGET,
        &scores,
    );
    println!("{text}");
    let target = Path::new(ROOT).join("target");
    std::fs::create_dir_all(&target).unwrap();
    std::fs::write(target.join("import-rules-score.txt"), &text).unwrap();

    let totals = Totals::of(&scores);
    assert!(
        totals.field_accuracy() >= RULES_FIELD_TARGET,
        "field accuracy {:.3} < {RULES_FIELD_TARGET}\n{text}",
        totals.field_accuracy()
    );
    assert!(
        totals.person_precision() >= RULES_PERSON_TARGET,
        "person precision {:.3} < {RULES_PERSON_TARGET}\n{text}",
        totals.person_precision()
    );
    assert!(
        totals.person_recall() >= RULES_PERSON_TARGET,
        "person recall {:.3} < {RULES_PERSON_TARGET}\n{text}",
        totals.person_recall()
    );
}

#[test]
fn every_rule_fixture_is_labelled() {
    let mut files: Vec<String> = std::fs::read_dir(rules_dir())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.ends_with(".txt"))
        .collect();
    files.sort();
    let labels = labels_in(&rules_dir());
    let labelled: Vec<String> = labels.iter().map(|(file, _)| file.clone()).collect();
    assert_eq!(files, labelled);
    assert!(files.len() >= 24, "{} rule fixtures", files.len());
    for (file, label) in &labels {
        assert!(
            label.get("layout").and_then(Json::as_str).is_some(),
            "{file}: no layout"
        );
        assert!(
            matches!(label.get("fields"), Some(Json::Object(_))),
            "{file}: no fields"
        );
        let mentioned = tokens(label.get("mentioned"));
        assert!(!mentioned.is_empty(), "{file}: nobody only mentioned");
        for token in tokens(label.get("participants")) {
            assert!(
                !mentioned.contains(&token),
                "{file}: {token} is both participant and mentioned"
            );
        }
    }
}

#[test]
fn every_sample_is_labelled() {
    let mut files: Vec<String> = std::fs::read_dir(samples_dir())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.ends_with(".txt"))
        .collect();
    files.sort();
    let labelled: Vec<String> = labels().into_iter().map(|(file, _)| file).collect();
    assert_eq!(files, labelled);
    assert_eq!(files.len(), 12);
}

#[test]
fn normalise_folds_accents_case_and_punctuation() {
    assert_eq!(normalise("Gomułka, W."), "gomulka w");
    assert_eq!(
        normalise("  Chargé d’Affaires – DPRK  "),
        "charge d affaires dprk"
    );
    assert_eq!(
        normalise("f. 3, op. 65, d. 339, l. 52"),
        "f 3 op 65 d 339 l 52"
    );
    assert_eq!(normalise("SECRET/SENSITIVE"), "secret sensitive");
    assert_eq!(normalise("Jóźwiak"), "jozwiak");
    assert_eq!(normalise("---"), "");
}

#[test]
fn tokens_match_id_name_or_variant_under_either_spelling() {
    let gomulka = Person::new("wladyslaw-gomulka", "Władysław Gomułka", &[]);
    assert!(token_matches("gomuka|gomulka", &gomulka));
    assert!(token_matches("gomulka", &gomulka));
    assert!(!token_matches("gomuka", &gomulka));

    let ji = Person::new("ji-pengfei", "Ji Pengfei", &["Chi P'eng-fei"]);
    assert!(token_matches("chi p eng fei|ji pengfei", &ji));
    assert!(token_matches("chi p eng fei", &ji));
    // The id alone, hyphens as spaces.
    assert!(token_matches(
        "ji pengfei",
        &Person::new("ji-pengfei", "", &[])
    ));

    let carter = Person::new("carter-brown", "J. Carter Brown", &[]);
    assert!(!token_matches("james brown", &carter));
    assert!(token_matches("carter brown", &carter));
    // Empty alternatives match nothing.
    assert!(!token_matches("|", &carter));
}

#[test]
fn fields_match_by_the_section_5_rules() {
    let want = |v: &[&str]| v.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>();
    // Title: equal, normalised, to one listed value.
    assert!(field_matches(
        "title",
        &want(&["Memorandum of Conversation", "Other"]),
        "Memorandum of conversation."
    ));
    assert!(!field_matches(
        "title",
        &want(&["Memorandum of Conversation"]),
        "Memorandum of Conversation, New York"
    ));
    // Others: contained when over 6 characters normalised, else equal.
    assert!(field_matches(
        "translators",
        &want(&["Daria Lebedeva"]),
        "Daria Lebedeva; Ivan Petrov"
    ));
    assert!(!field_matches(
        "classification",
        &want(&["Secret"]),
        "TOP SECRET"
    ));
    assert!(field_matches(
        "classification",
        &want(&["Secret", "SECRET/SENSITIVE"]),
        "Secret/Sensitive"
    ));
    assert!(field_matches("date", &want(&["1951-03-09"]), "1951-03-09"));
}

#[test]
fn front_matter_is_read_generically() {
    let text = "---\ntitle: \"A\"\ndate: 1951-03-09\ncopy_number: 2\nauthor: x-y\n\
                participants:\n  - person: x-y\n    role: R\n  - person: z\n\
                mentioned:\n  - m\ntranslators:\n  - A B\n  - C D\n---\n\nbody\n---\n";
    let meta = front_matter(text).unwrap();
    assert_eq!(yaml_text(meta.get("title").unwrap()), "A");
    assert_eq!(yaml_text(meta.get("date").unwrap()), "1951-03-09");
    assert_eq!(yaml_text(meta.get("copy_number").unwrap()), "2");
    assert_eq!(yaml_text(meta.get("translators").unwrap()), "A B; C D");
    assert_eq!(person_ids(meta.get("participants")), ["x-y", "z"]);
    assert_eq!(person_ids(meta.get("mentioned")), ["m"]);
    assert_eq!(person_ids(meta.get("author")), ["x-y"]);
    assert!(front_matter("no front matter\n").is_none());
}

#[test]
fn a_refused_sample_scores_zero() {
    let label: Json = serde_json::json!({
        "layout": "X",
        "fields": {"title": "T", "author": "a"},
        "participants": ["a", "b"],
        "mentioned": ["c"]
    });
    let why = "refused".to_owned();
    let s = score_import("x.txt", &label, Err(&why));
    assert_eq!((s.fields_right(), s.fields.len()), (0, 2));
    assert_eq!((s.found_persons, s.expected_persons), (0, 3));
    assert_eq!(s.imported_persons, 0);
}

#[test]
fn persons_are_scored_with_precision_recall_and_category() {
    let dir = tempfile::tempdir().unwrap();
    let label: Json = serde_json::json!({
        "layout": "X",
        "fields": {"title": "T", "author": "petrov", "translators|translator": "Helen Marsh"},
        "participants": ["petrov", "han sang du"],
        "mentioned": ["kim il sung", "sorokina"]
    });
    let meta: Yaml = serde_norway::from_str(
        "title: other\nauthor: a-m-petrov\ntranslator: Helen Marsh\n\
         participants:\n  - person: a-m-petrov\n    role: x\n  - person: kim-il-sung\n\
         mentioned:\n  - han-sang-du\n  - skip-to-content\n",
    )
    .unwrap();
    let s = score_import("x.txt", &label, Ok((dir.path(), &meta)));
    let right: Vec<&str> = s
        .fields
        .iter()
        .filter(|f| f.right)
        .map(|f| f.field())
        .collect();
    assert_eq!(right, ["author", "translators"]);
    assert_eq!((s.found_persons, s.expected_persons), (3, 4));
    assert_eq!((s.correct_persons, s.imported_persons), (3, 4));
    assert_eq!(s.missing, ["sorokina"]);
    assert_eq!(s.unexpected, ["skip-to-content"]);
    assert_eq!(s.wrong_category.len(), 2);
}
