//! Writing the site: minify HTML in parallel, write everything into a staging folder beside
//! the output folder, then swap the two with renames. Until the swap, the published folder is
//! untouched; if anything fails, the staging folder is removed and the old site stays.

use std::fs;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use super::{Contents, OutputFile};
use crate::diagnostics::{Diagnostic, Diagnostics};

/// Writes `files` as the new contents of `output`, replacing it only when all are written.
pub fn publish(output: &Path, files: &[OutputFile]) -> Result<(), Diagnostics> {
    let parent = output
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    fs::create_dir_all(parent)
        .map_err(|e| Diagnostics::io(parent, "create the output's parent folder", &e))?;
    let name = output
        .file_name()
        .map_or_else(|| "public".into(), |n| n.to_string_lossy().into_owned());
    let staging = parent.join(format!(".{name}.building-{}", std::process::id()));
    let _ = fs::remove_dir_all(&staging);
    let result = write_all(&staging, files).and_then(|()| swap(&staging, output, parent, &name));
    if result.is_err() {
        let _ = fs::remove_dir_all(&staging);
    }
    result
}

fn write_all(staging: &Path, files: &[OutputFile]) -> Result<(), Diagnostics> {
    fs::create_dir_all(staging)
        .map_err(|e| Diagnostics::io(staging, "create the staging folder", &e))?;
    let minify_config = minify_config();
    let problems: Vec<Diagnostic> = files
        .par_iter()
        .filter_map(|file| write_one(staging, file, &minify_config).err())
        .collect();
    if problems.is_empty() {
        Ok(())
    } else {
        let mut diagnostics = Diagnostics::new();
        diagnostics.extend(problems);
        Err(diagnostics)
    }
}

fn write_one(
    staging: &Path,
    file: &OutputFile,
    minify_config: &minify_html::Cfg,
) -> Result<(), Diagnostic> {
    let target = staging.join(&file.path);
    if let Some(folder) = target.parent() {
        fs::create_dir_all(folder).map_err(|e| io_problem(folder, "create the folder", &e))?;
    }
    let written = match &file.contents {
        Contents::Html(html) => {
            fs::write(&target, minify_html::minify(html.as_bytes(), minify_config))
        }
        Contents::Text(text) => fs::write(&target, text),
        Contents::Bytes(bytes) => fs::write(&target, bytes),
        Contents::Copy(source) => fs::copy(source, &target).map(|_| ()),
    };
    written.map_err(|e| io_problem(&target, "write the file", &e))
}

fn io_problem(path: &Path, action: &str, error: &std::io::Error) -> Diagnostic {
    Diagnostic::error(path, format!("could not {action}: {error}"))
        .with_hint("check free disk space and permissions of the output folder")
}

/// Minification that keeps the HTML valid and readable by every parser: closing tags,
/// `<html>`/`<head>` tags and quoted attribute values are kept.
fn minify_config() -> minify_html::Cfg {
    minify_html::Cfg {
        keep_closing_tags: true,
        keep_html_and_head_opening_tags: true,
        minify_css: true,
        minify_js: false,
        allow_noncompliant_unquoted_attribute_values: false,
        allow_removing_spaces_between_attributes: false,
        allow_optimal_entities: false,
        minify_doctype: false,
        ..minify_html::Cfg::default()
    }
}

fn swap(staging: &Path, output: &Path, parent: &Path, name: &str) -> Result<(), Diagnostics> {
    let previous: PathBuf = parent.join(format!(".{name}.previous-{}", std::process::id()));
    let had_output = output.exists();
    if had_output {
        fs::rename(output, &previous)
            .map_err(|e| Diagnostics::io(output, "move the old output aside", &e))?;
    }
    if let Err(e) = fs::rename(staging, output) {
        if had_output {
            let _ = fs::rename(&previous, output);
        }
        return Err(Diagnostics::io(output, "move the new site into place", &e));
    }
    if had_output {
        let _ = fs::remove_dir_all(&previous);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn publishes_and_replaces_the_whole_folder() {
        let dir = tempfile::tempdir().unwrap();
        let output = dir.path().join("public");
        fs::create_dir_all(output.join("old")).unwrap();
        fs::write(output.join("old/stale.html"), "x").unwrap();
        let files = vec![OutputFile::for_route(
            "a/",
            Contents::Html("<p>  hello  </p>".into()),
        )];
        publish(&output, &files).unwrap();
        assert!(output.join("a/index.html").exists());
        assert!(!output.join("old").exists(), "stale files are gone");
        let leftovers: Vec<_> = fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(leftovers.len(), 1, "no staging folder left behind");
    }
}
