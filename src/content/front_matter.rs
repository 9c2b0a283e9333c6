//! Splits a content file into front matter and Markdown body, and parses the front matter
//! with positions that point into the whole file.
//!
//! YAML front matter sits between `---` lines (the Jekyll convention editors know); TOML
//! between `+++` lines (the Zola and Hugo convention).

use std::path::Path;

use serde::de::DeserializeOwned;

use crate::diagnostics::{Diagnostic, Position};

/// The syntax of a front matter block.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FrontMatterFormat {
    /// Between `---` lines.
    Yaml,
    /// Between `+++` lines.
    Toml,
}

/// A content file split at its front matter.
#[derive(Debug, Clone)]
pub struct SplitFile<'a> {
    /// The syntax of the front matter.
    pub format: FrontMatterFormat,
    /// The front matter text, without its delimiter lines.
    pub front_matter: &'a str,
    /// 1-based line of the file on which the front matter text starts.
    pub front_matter_line: usize,
    /// The Markdown body after the closing delimiter.
    pub body: &'a str,
    /// Byte offset of the body in the whole file.
    pub body_offset: usize,
}

/// Splits `source` (the whole text of `path`) at its front matter.
pub fn split<'a>(path: &Path, source: &'a str) -> Result<SplitFile<'a>, Diagnostic> {
    let source_without_bom = source.strip_prefix('\u{feff}').unwrap_or(source);
    let bom = source.len() - source_without_bom.len();
    let first_line_end = source_without_bom
        .find('\n')
        .unwrap_or(source_without_bom.len());
    let first_line = source_without_bom[..first_line_end].trim_end();
    let (format, delimiter) = match first_line {
        "---" => (FrontMatterFormat::Yaml, "---"),
        "+++" => (FrontMatterFormat::Toml, "+++"),
        _ => {
            return Err(Diagnostic::error(path, "the file does not start with front matter")
                .at(source, Position { line: 1, column: 1 })
                .with_hint(
                    "begin the file with a `---` line, the fields (`title: ...`, `date: ...`), and another `---` line",
                ));
        }
    };
    let start = bom + first_line_end + 1;
    let mut offset = start;
    while offset <= source.len() {
        let line_end = source[offset..]
            .find('\n')
            .map_or(source.len(), |i| offset + i);
        let line = source[offset..line_end].trim_end();
        if line == delimiter {
            let body_offset = (line_end + 1).min(source.len());
            return Ok(SplitFile {
                format,
                front_matter: &source[start.min(offset)..offset],
                front_matter_line: 2,
                body: &source[body_offset..],
                body_offset,
            });
        }
        if line_end >= source.len() {
            break;
        }
        offset = line_end + 1;
    }
    Err(Diagnostic::error(
        path,
        format!("the front matter is never closed: no `{delimiter}` line after the fields"),
    )
    .at(source, Position { line: 1, column: 1 })
    .with_hint(format!(
        "add a line containing only `{delimiter}` after the last field"
    )))
}

impl SplitFile<'_> {
    /// Deserialises the front matter into `T`; syntax and type errors point into `source`.
    pub fn parse<T: DeserializeOwned>(&self, path: &Path, source: &str) -> Result<T, Diagnostic> {
        match self.format {
            FrontMatterFormat::Yaml => {
                serde_norway::from_str::<T>(self.front_matter).map_err(|e| {
                    let (message, position) = yaml_error(&e, self.front_matter_line);
                    self.front_matter_error(path, source, message, position)
                })
            }
            FrontMatterFormat::Toml => toml::from_str::<T>(self.front_matter).map_err(|e| {
                let position = e.span().map(|span| {
                    let p = Position::of_offset(self.front_matter, span.start);
                    Position {
                        line: p.line + self.front_matter_line - 1,
                        column: p.column,
                    }
                });
                self.front_matter_error(path, source, e.message().to_owned(), position)
            }),
        }
    }

    fn front_matter_error(
        &self,
        path: &Path,
        source: &str,
        message: String,
        position: Option<Position>,
    ) -> Diagnostic {
        let hint = match self.format {
            FrontMatterFormat::Yaml => {
                "front matter is YAML: one `field: value` per line; quote values that contain `: ` or start with `[`, `{`, `*` or `&`; see docs/annotations.md for the fields"
            }
            FrontMatterFormat::Toml => {
                "front matter is TOML: one `field = \"value\"` per line; see docs/annotations.md for the fields"
            }
        };
        let line_text = position
            .and_then(|p| source.lines().nth(p.line.saturating_sub(1)))
            .unwrap_or_default();
        let is_date = ["date", "event_date"].iter().any(|key| {
            line_text
                .trim_start()
                .strip_prefix(key)
                .is_some_and(|rest| rest.trim_start().starts_with([':', '=']))
        });
        let (message, hint) = if is_date {
            (
                format!("bad date: {message}"),
                crate::content::date::DATE_HINT,
            )
        } else {
            (format!("broken front matter: {message}"), hint)
        };
        let diagnostic = Diagnostic::error(path, message).with_hint(hint);
        match position {
            Some(p) if p.line > 0 => diagnostic.at(source, p),
            _ => diagnostic.at(
                source,
                Position {
                    line: self.front_matter_line,
                    column: 1,
                },
            ),
        }
    }

    /// Finds where `key` is written in the front matter, optionally the place of `value`
    /// after it, so that problems found after parsing (an unknown person id, a bad date) can
    /// point at the right line and column of the file.
    pub fn locate(&self, source: &str, key: &str, value: Option<&str>) -> Position {
        let front_start = self.body_offset_of_front_matter(source);
        let mut key_position = None;
        let mut offset = 0;
        for line in self.front_matter.split_inclusive('\n') {
            let trimmed = line.trim_start();
            // A key may open an item of a list (`  - image: page-1.jpg`).
            let trimmed = trimmed.strip_prefix("- ").unwrap_or(trimmed).trim_start();
            let indent = line.len() - trimmed.len();
            let is_key = trimmed.strip_prefix(key).is_some_and(|rest| {
                let rest = rest.trim_start();
                rest.starts_with(':') || rest.starts_with('=')
            });
            if is_key {
                key_position = Some(front_start + offset + indent);
            }
            if let (Some(_), Some(value)) = (key_position, value)
                && let Some(column) = line.find(value)
            {
                return Position::of_offset(source, front_start + offset + column);
            }
            offset += line.len();
        }
        match key_position {
            Some(at) => Position::of_offset(source, at),
            None => Position {
                line: self.front_matter_line,
                column: 1,
            },
        }
    }

    fn body_offset_of_front_matter(&self, source: &str) -> usize {
        (self.front_matter.as_ptr() as usize).saturating_sub(source.as_ptr() as usize)
    }
}

/// The message of a YAML error and where in the file it is (the front matter's first line
/// is `front_matter_line`), reworded from what the YAML crate writes:
/// - a syntax error names where the construct that failed began (`while scanning a quoted
///   scalar at line 1 column 8`): that is the place to point at (the opening quote, not the
///   end of the file where the parser gave up);
/// - a missing field of the front matter itself is placed at its first field, where it
///   would be taken for a problem of that field: it points at the opening line instead;
/// - a leading path of the field (`participants[0].person: `) is dropped, since the
///   location shows the field.
fn yaml_error(error: &serde_norway::Error, front_matter_line: usize) -> (String, Option<Position>) {
    let text = error.to_string();
    let text = text.lines().next().unwrap_or("invalid YAML").trim();
    let mut at = error.location().map(|l| (l.line(), l.column()));
    let (mut message, context) = match text.split_once(" at line ") {
        Some((problem, rest)) => (problem, rest.split_once(", while ").map(|(_, c)| c)),
        None => (text, None),
    };
    let mut in_a_field = false;
    if let Some((before, rest)) = message.split_once(": ")
        && !before.is_empty()
        && before
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'.' | b'[' | b']'))
    {
        in_a_field = true;
        message = rest;
    }
    let mut message = message.to_owned();
    if let Some(context) = context {
        let (what, place) = match context.split_once(" at line ") {
            Some((what, place)) => (what, Some(place)),
            None => (context, None),
        };
        message.push_str(", while ");
        message.push_str(what);
        if let Some((line, column)) = place.and_then(|p| p.split_once(" column "))
            && let (Ok(line), Ok(column)) = (line.parse(), column.parse())
        {
            at = Some((line, column));
        }
    }
    if !in_a_field && message.starts_with("missing field") {
        let opening_line = Position { line: 1, column: 1 };
        return (message, Some(opening_line));
    }
    let position = at.map(|(line, column)| Position {
        line: line + front_matter_line - 1,
        column,
    });
    (message, position)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    struct Meta {
        title: String,
        #[serde(default)]
        #[allow(dead_code)]
        people: Vec<String>,
    }

    #[test]
    fn splits_yaml_and_toml() {
        let path = Path::new("a.md");
        let yaml = "---\ntitle: A\n---\nBody\n";
        let split_yaml = split(path, yaml).unwrap();
        assert_eq!(split_yaml.body, "Body\n");
        assert_eq!(split_yaml.parse::<Meta>(path, yaml).unwrap().title, "A");
        let toml = "+++\ntitle = \"B\"\n+++\nBody\n";
        let split_toml = split(path, toml).unwrap();
        assert_eq!(split_toml.parse::<Meta>(path, toml).unwrap().title, "B");
    }

    #[test]
    fn yaml_errors_point_into_the_file() {
        let path = Path::new("a.md");
        let source = "---\ntitle: A\npeople: [a, b\n---\nBody\n";
        let split = split(path, source).unwrap();
        let error = split.parse::<Meta>(path, source).unwrap_err();
        let line = error.position.unwrap().line;
        assert!((3..=4).contains(&line), "{error}");
        assert!(error.message.starts_with("broken front matter"), "{error}");
    }

    #[test]
    fn unknown_field_names_its_line() {
        let path = Path::new("a.md");
        let source = "---\ntitle: A\ntitel: B\n---\n";
        let split = split(path, source).unwrap();
        let error = split.parse::<Meta>(path, source).unwrap_err();
        assert_eq!(error.position.unwrap().line, 3, "{error}");
        assert!(error.message.contains("titel"), "{error}");
    }

    #[test]
    fn a_syntax_error_points_where_the_broken_construct_begins() {
        let path = Path::new("a.md");
        let source = "---\ntitle: \"A\npeople: []\n---\n";
        let split = split(path, source).unwrap();
        let error = split.parse::<Meta>(path, source).unwrap_err();
        // The opening quote, not the end of the front matter where the parser gave up.
        assert_eq!(
            error.position,
            Some(Position { line: 2, column: 8 }),
            "{error}"
        );
        assert!(
            error.message.contains("while scanning a quoted scalar"),
            "{error}"
        );
        assert!(!error.message.contains(" at line "), "{error}");
    }

    #[test]
    fn a_missing_field_points_at_the_opening_line_and_a_nested_one_at_its_item() {
        #[derive(Debug, Deserialize)]
        #[allow(dead_code)]
        struct Item {
            person: String,
        }
        #[derive(Debug, Deserialize)]
        #[allow(dead_code)]
        struct Items {
            title: String,
            #[serde(default)]
            items: Vec<Item>,
        }
        let error_of = |source: &str| {
            let path = Path::new("a.md");
            let error = split(path, source).unwrap().parse::<Items>(path, source);
            let error = error.unwrap_err();
            (error.position.map(|p| (p.line, p.column)), error.message)
        };
        // Not taken for a problem of the `date` field on the first line.
        assert_eq!(
            error_of("---\ndate: 1961\n---\n"),
            (
                Some((1, 1)),
                "broken front matter: missing field `title`".into()
            )
        );
        // The field's path (`items[0]: `) is left out: the position shows it.
        assert_eq!(
            error_of("---\ntitle: A\nitems:\n  - role: x\n---\n"),
            (
                Some((4, 5)),
                "broken front matter: missing field `person`".into()
            )
        );
    }

    #[test]
    fn unclosed_front_matter_is_an_error() {
        let error = split(Path::new("a.md"), "---\ntitle: A\n").unwrap_err();
        assert!(error.message.contains("never closed"));
    }

    #[test]
    fn locate_finds_value_after_key() {
        let path = Path::new("a.md");
        let source = "---\ntitle: A\npeople:\n  - a\n  - zed\n---\n";
        let split = split(path, source).unwrap();
        assert_eq!(
            split.locate(source, "people", Some("zed")),
            Position { line: 5, column: 5 }
        );
        assert_eq!(
            split.locate(source, "title", None),
            Position { line: 2, column: 1 }
        );
    }
}
