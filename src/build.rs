//! The build pipeline: load the edition, render every page, check links, write, swap.
use std::fmt;
use std::path::PathBuf;

use crate::diagnostics::Diagnostics;

/// What `folio build` was asked to do.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    /// The edition folder.
    pub root: PathBuf,
    /// Output folder, relative to `root` (or absolute).
    pub output: PathBuf,
    /// Overrides `base_url` from site.toml.
    pub base_url: Option<String>,
}

/// What a build produced.
#[derive(Debug, Default)]
pub struct BuildSummary {
    /// Warnings found on the way.
    pub warnings: Diagnostics,
}

impl fmt::Display for BuildSummary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.warnings)
    }
}

/// Builds the site.
pub fn build(options: &BuildOptions) -> Result<BuildSummary, Diagnostics> {
    let _ = options;
    Ok(BuildSummary::default())
}

/// Loads and validates everything without writing.
pub fn check(root: &std::path::Path) -> Result<BuildSummary, Diagnostics> {
    let loaded = crate::content::Edition::load(root)?;
    Ok(BuildSummary {
        warnings: loaded.warnings,
    })
}
