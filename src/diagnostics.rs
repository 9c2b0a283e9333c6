//! User-facing problems: every error names a file, line and column, says what is wrong and how
//! to fix it. Stages collect [`Diagnostic`]s instead of stopping at the first one, so an editor
//! sees every problem in one run.

use std::fmt;
use std::path::{Path, PathBuf};

/// How serious a problem is: errors fail the build, warnings are reported only.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
pub enum Severity {
    /// Reported, but the build goes on.
    Warning,
    /// The build stops before anything is written.
    Error,
}

/// A 1-based line and column in a source file (column counted in characters).
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Default,
    serde::Serialize,
    serde::Deserialize,
)]
pub struct Position {
    /// 1-based line number.
    pub line: usize,
    /// 1-based column number, in characters.
    pub column: usize,
}

impl Position {
    /// The position of byte `offset` within `text`.
    pub fn of_offset(text: &str, offset: usize) -> Position {
        let offset = offset.min(text.len());
        let before = &text[..floor_char_boundary(text, offset)];
        let line = before.matches('\n').count() + 1;
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        let column = before[line_start..].chars().count() + 1;
        Position { line, column }
    }
}

fn floor_char_boundary(text: &str, mut offset: usize) -> usize {
    while offset > 0 && !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

/// One problem found in the edition, with where it is and a hint for fixing it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// The file the problem is in, as given to the loader (usually relative to the edition root).
    pub file: PathBuf,
    /// Where in the file; `None` when the problem concerns the whole file.
    pub position: Option<Position>,
    /// What is wrong, in one sentence.
    pub message: String,
    /// How to fix it.
    pub hint: Option<String>,
    /// The offending source line, shown under the message with a caret.
    pub excerpt: Option<String>,
}

impl Diagnostic {
    /// A new error about `file`, without position.
    pub fn error(file: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            file: file.into(),
            position: None,
            message: message.into(),
            hint: None,
            excerpt: None,
        }
    }

    /// A new warning about `file`, without position.
    pub fn warning(file: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(file, message)
        }
    }

    /// Points the diagnostic at `position`, taking the excerpt line from `source`.
    pub fn at(mut self, source: &str, position: Position) -> Self {
        self.excerpt = source
            .lines()
            .nth(position.line.saturating_sub(1))
            .map(str::to_owned);
        self.position = Some(position);
        self
    }

    /// Points the diagnostic at byte `offset` of `source`.
    pub fn at_offset(self, source: &str, offset: usize) -> Self {
        let position = Position::of_offset(source, offset);
        self.at(source, position)
    }

    /// Adds a hint saying how to fix the problem.
    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    /// True when this diagnostic fails the build.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// `file:line:col` (or just `file`) as editors and terminals expect it.
    pub fn location(&self) -> String {
        match self.position {
            Some(p) => format!("{}:{}:{}", self.file.display(), p.line, p.column),
            None => self.file.display().to_string(),
        }
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let label = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        writeln!(f, "{label}: {}", self.message)?;
        writeln!(f, "  --> {}", self.location())?;
        if let (Some(excerpt), Some(position)) = (&self.excerpt, self.position) {
            let gutter = position.line.to_string();
            let pad = " ".repeat(gutter.len());
            writeln!(f, "{pad} |")?;
            writeln!(f, "{gutter} | {excerpt}")?;
            let caret_pad: String = excerpt
                .chars()
                .take(position.column.saturating_sub(1))
                .map(|c| if c == '\t' { '\t' } else { ' ' })
                .collect();
            writeln!(f, "{pad} | {caret_pad}^")?;
        }
        if let Some(hint) = &self.hint {
            writeln!(f, "  = help: {hint}")?;
        }
        Ok(())
    }
}

/// A list of problems; the error type of every stage that reads user input.
#[derive(Debug, Default, Clone)]
pub struct Diagnostics(Vec<Diagnostic>);

impl Diagnostics {
    /// An empty list.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds one problem.
    pub fn push(&mut self, diagnostic: Diagnostic) {
        self.0.push(diagnostic);
    }

    /// Adds every problem of `other`.
    pub fn extend(&mut self, other: impl IntoIterator<Item = Diagnostic>) {
        self.0.extend(other);
    }

    /// True when at least one problem is an error.
    pub fn has_errors(&self) -> bool {
        self.0.iter().any(Diagnostic::is_error)
    }

    /// True when there is nothing to report.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The problems, in the order found.
    pub fn iter(&self) -> impl Iterator<Item = &Diagnostic> {
        self.0.iter()
    }

    /// Number of errors (warnings not counted).
    pub fn error_count(&self) -> usize {
        self.0.iter().filter(|d| d.is_error()).count()
    }

    /// Sorts by file and position so reports are stable across parallel runs.
    pub fn sort(&mut self) {
        self.0.sort_by(|a, b| {
            (&a.file, a.position, &a.message).cmp(&(&b.file, b.position, &b.message))
        });
    }

    /// `Err(self)` if any error is present, otherwise `Ok(warnings)`.
    pub fn into_result(mut self) -> Result<Diagnostics, Diagnostics> {
        self.sort();
        if self.has_errors() {
            Err(self)
        } else {
            Ok(self)
        }
    }

    /// A single-error list, for problems outside any content file (I/O, configuration).
    pub fn single(diagnostic: Diagnostic) -> Self {
        Diagnostics(vec![diagnostic])
    }

    /// An error about a file that could not be read or written.
    pub fn io(path: &Path, action: &str, error: &std::io::Error) -> Self {
        Self::single(
            Diagnostic::error(path, format!("could not {action}: {error}"))
                .with_hint("check that the path exists and that you may read and write it"),
        )
    }
}

impl Diagnostic {
    /// The problem as a JSON object (`severity`, `file`, `line`, `column`, `message`, `hint`,
    /// `excerpt`), for `folio check --format json`.
    pub fn to_json(&self) -> serde_json::Value {
        serde_json::json!({
            "severity": match self.severity { Severity::Error => "error", Severity::Warning => "warning" },
            "file": self.file.to_string_lossy().replace('\\', "/"),
            "line": self.position.map(|p| p.line),
            "column": self.position.map(|p| p.column),
            "message": self.message,
            "hint": self.hint,
            "excerpt": self.excerpt,
        })
    }

    /// The problem as a GitHub Actions workflow command (`::error file=...,line=...::message`),
    /// which CI shows as an annotation on the file.
    pub fn to_github(&self) -> String {
        // Workflow commands end at a newline and use `%`, `,` and `:` as syntax.
        fn escape(text: &str, property: bool) -> String {
            let text = text
                .replace('%', "%25")
                .replace('\r', "%0D")
                .replace('\n', "%0A");
            if property {
                text.replace(':', "%3A").replace(',', "%2C")
            } else {
                text
            }
        }
        let level = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        let mut properties = format!("file={}", escape(&self.file.to_string_lossy(), true));
        if let Some(p) = self.position {
            properties.push_str(&format!(",line={},col={}", p.line, p.column));
        }
        let mut message = self.message.clone();
        if let Some(hint) = &self.hint {
            message.push_str("\nhelp: ");
            message.push_str(hint);
        }
        format!("::{level} {properties}::{}", escape(&message, false))
    }
}

impl Diagnostics {
    /// Every problem as JSON, with counts: `{"errors": N, "warnings": N, "diagnostics": [...]}`.
    pub fn to_json(&self) -> serde_json::Value {
        let errors = self.error_count();
        serde_json::json!({
            "errors": errors,
            "warnings": self.0.len() - errors,
            "diagnostics": self.0.iter().map(Diagnostic::to_json).collect::<Vec<_>>(),
        })
    }
}

impl IntoIterator for Diagnostics {
    type Item = Diagnostic;
    type IntoIter = std::vec::IntoIter<Diagnostic>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.into_iter()
    }
}

impl From<Diagnostic> for Diagnostics {
    fn from(diagnostic: Diagnostic) -> Self {
        Diagnostics::single(diagnostic)
    }
}

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for diagnostic in &self.0 {
            writeln!(f, "{diagnostic}")?;
        }
        let errors = self.error_count();
        let warnings = self.0.len() - errors;
        if errors > 0 {
            write!(f, "{}", counted(errors, "error", "errors"))?;
            if warnings > 0 {
                write!(f, ", {}", counted(warnings, "warning", "warnings"))?;
            }
            writeln!(f)?;
        }
        Ok(())
    }
}

/// `n` and the noun in the number `n` asks for: `1 error`, `2 errors`, `1 person`.
pub fn counted(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

impl std::error::Error for Diagnostics {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn position_counts_lines_and_characters() {
        let text = "ab\ncdé f\n";
        assert_eq!(
            Position::of_offset(text, 0),
            Position { line: 1, column: 1 }
        );
        assert_eq!(
            Position::of_offset(text, 3),
            Position { line: 2, column: 1 }
        );
        // "é" is two bytes but one column.
        assert_eq!(
            Position::of_offset(text, 7),
            Position { line: 2, column: 4 }
        );
    }

    #[test]
    fn display_shows_location_caret_and_hint() {
        let source = "title: x\ndate: 1961-13-01\n";
        let d = Diagnostic::error("content/documents/a.md", "bad month")
            .at(source, Position { line: 2, column: 7 })
            .with_hint("months run from 01 to 12");
        let text = d.to_string();
        assert!(text.contains("--> content/documents/a.md:2:7"), "{text}");
        assert!(text.contains("2 | date: 1961-13-01"), "{text}");
        assert!(text.contains("  |       ^"), "{text}");
        assert!(text.contains("help: months run from 01 to 12"), "{text}");
    }
}
