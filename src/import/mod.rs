//! Import: raw archive transcripts to annotated Markdown documents.
//!
//! (Implemented under issue 3; this module fixes the interface the command line uses.)

use std::fmt;
use std::path::{Path, PathBuf};

use crate::diagnostics::Diagnostics;

/// What `folio import` was asked to do.
#[derive(Debug, Clone, Default)]
pub struct ImportOptions {
    /// Transcript files or folders of transcripts.
    pub paths: Vec<PathBuf>,
    /// Folder for the Markdown documents, relative to the edition root.
    pub into: PathBuf,
    /// Overwrite documents an editor changed (a backup is kept).
    pub force: bool,
    /// Report what would change, write nothing.
    pub dry_run: bool,
}

/// What an import did, file by file.
#[derive(Debug, Default)]
pub struct ImportReport {
    /// Problems, one or more per failed file.
    pub problems: Diagnostics,
    /// One line per file: what happened to it.
    pub lines: Vec<String>,
}

impl ImportReport {
    /// True when any file could not be imported.
    pub fn failed(&self) -> bool {
        self.problems.has_errors()
    }
}

impl fmt::Display for ImportReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for line in &self.lines {
            writeln!(f, "{line}")?;
        }
        write!(f, "{}", self.problems)
    }
}

/// Imports the transcripts named in `options` into the edition at `root`.
pub fn run(root: &Path, options: &ImportOptions) -> ImportReport {
    let _ = (root, options);
    let mut report = ImportReport::default();
    report.problems.push(crate::diagnostics::Diagnostic::error(
        "folio import",
        "import is not available yet",
    ));
    report
}
