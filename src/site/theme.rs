//! A theme: Tera templates (`themes/NAME/templates/*.html`) compiled once, and static assets
//! (`themes/NAME/static/`) copied as they are.

use std::path::{Path, PathBuf};

use crate::diagnostics::{Diagnostic, Diagnostics, Position};

/// Templates every theme must provide.
pub const REQUIRED_TEMPLATES: &[&str] = &[
    "home.html",
    "document.html",
    "documents.html",
    "people.html",
    "person.html",
    "dates.html",
    "year.html",
    "month.html",
    "day.html",
    "page.html",
    "404.html",
    "citations.html",
];

/// A loaded theme.
pub struct Theme {
    tera: tera::Tera,
    root: PathBuf,
    templates_dir: PathBuf,
    /// Static assets: (path under `static/`, file on disk).
    pub assets: Vec<(String, PathBuf)>,
    /// A hash of every template's name and text: a page rendered with the same data by a
    /// theme with the same fingerprint is the same page.
    pub fingerprint: u128,
    /// What loading found that does not stop the build (assets not copied).
    pub warnings: Diagnostics,
}

impl Theme {
    /// Loads theme `name` from `root/themes/`, compiling every template.
    pub fn load(root: &Path, name: &str) -> Result<Theme, Diagnostics> {
        let theme_dir = Path::new("themes").join(name);
        let templates_dir = theme_dir.join("templates");
        if !root.join(&templates_dir).is_dir() {
            return Err(Diagnostics::single(
                Diagnostic::error(crate::config::CONFIG_FILE, format!("theme `{name}` has no folder {}", templates_dir.display()))
                    .with_hint("set `theme` in site.toml to a folder under themes/, or copy themes/default from a new edition (`folio init`)"),
            ));
        }
        let mut sources = Vec::new();
        let mut problems = Diagnostics::new();
        for entry in walkdir::WalkDir::new(root.join(&templates_dir)).sort_by_file_name() {
            let entry = match entry {
                Ok(entry) => entry,
                Err(e) => {
                    problems.push(Diagnostic::error(
                        &templates_dir,
                        format!("could not list templates: {e}"),
                    ));
                    continue;
                }
            };
            if !entry.file_type().is_file() {
                continue;
            }
            let Ok(relative) = entry.path().strip_prefix(root.join(&templates_dir)) else {
                continue;
            };
            let name = relative.to_string_lossy().replace('\\', "/");
            match crate::content::read_text(root, &templates_dir.join(relative)) {
                Ok(text) => sources.push((name, text)),
                Err(problem) => problems.push(problem),
            }
        }
        for required in REQUIRED_TEMPLATES {
            if !sources.iter().any(|(name, _)| name == required) {
                problems.push(
                    Diagnostic::error(templates_dir.join(required), format!("the theme has no `{required}` template"))
                        .with_hint("every theme needs the templates of the default theme; copy the missing one from themes/default"),
                );
            }
        }
        let mut tera = tera::Tera::new();
        tera.autoescape_on([".html", ".xml"]);
        if let Err(error) =
            tera.add_raw_templates(sources.iter().map(|(n, t)| (n.as_str(), t.as_str())))
        {
            problems.push(template_error(root, &templates_dir, &error));
        }
        let assets = list_assets(root, &theme_dir.join("static"), &mut problems);
        let warnings = problems.into_result()?;
        let mut hasher = xxhash_rust::xxh3::Xxh3::new();
        for (name, text) in &sources {
            for part in [name, text] {
                hasher.update(&(part.len() as u64).to_le_bytes());
                hasher.update(part.as_bytes());
            }
        }
        Ok(Theme {
            tera,
            root: root.to_path_buf(),
            templates_dir,
            assets,
            fingerprint: hasher.digest128(),
            warnings,
        })
    }

    /// Renders `template` with `context`.
    pub fn render(&self, template: &str, context: &tera::Context) -> Result<String, Diagnostic> {
        self.tera
            .render(template, context)
            .map_err(|e| template_error(&self.root, &self.templates_dir, &e))
    }
}

fn list_assets(
    root: &Path,
    static_dir: &Path,
    problems: &mut Diagnostics,
) -> Vec<(String, PathBuf)> {
    let absolute = root.join(static_dir);
    let mut assets = Vec::new();
    if !absolute.is_dir() {
        return assets;
    }
    // Every asset is published: one that a symbolic link brings from outside the edition
    // (`static/passwd` -> `/etc/passwd`, or a `static` folder that is a link) is not copied,
    // and a warning names it. A link within the edition is followed.
    let edition = std::fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf());
    let outside = |path: &Path| -> Option<PathBuf> {
        match std::fs::canonicalize(path) {
            Ok(resolved) if resolved.starts_with(&edition) => None,
            Ok(resolved) => Some(resolved),
            Err(_) => Some(path.to_path_buf()),
        }
    };
    let not_copied = |path: &Path, target: &Path| {
        Diagnostic::warning(
            path,
            format!(
                "not copied into the site: a symbolic link to `{}`, outside the edition",
                target.display()
            ),
        )
        .with_hint("Folio publishes only files inside the edition folder: copy the file into the theme's static/ folder if the site needs it, or remove the link")
    };
    if let Some(target) = outside(&absolute) {
        problems.push(not_copied(static_dir, &target));
        return assets;
    }
    for entry in walkdir::WalkDir::new(&absolute).sort_by_file_name() {
        match entry {
            Ok(entry) if entry.path_is_symlink() => {
                let shown =
                    static_dir.join(entry.path().strip_prefix(&absolute).unwrap_or(entry.path()));
                match outside(entry.path()) {
                    Some(target) => problems.push(not_copied(&shown, &target)),
                    None if entry.path().is_file() => {
                        if let Ok(relative) = entry.path().strip_prefix(&absolute) {
                            assets.push((
                                relative.to_string_lossy().replace('\\', "/"),
                                entry.path().to_path_buf(),
                            ));
                        }
                    }
                    None => problems.push(
                        Diagnostic::warning(&shown, "not copied into the site: a symbolic link to a folder, which Folio does not follow")
                            .with_hint("put the files themselves in the theme's static/ folder"),
                    ),
                }
            }
            Ok(entry) if entry.file_type().is_file() => {
                if let Ok(relative) = entry.path().strip_prefix(&absolute) {
                    assets.push((
                        relative.to_string_lossy().replace('\\', "/"),
                        entry.path().to_path_buf(),
                    ));
                }
            }
            Ok(_) => {}
            Err(e) => problems.push(Diagnostic::error(
                static_dir,
                format!("could not list theme assets: {e}"),
            )),
        }
    }
    assets
}

/// A Tera error as a diagnostic pointing into the template file.
fn template_error(root: &Path, templates_dir: &Path, error: &tera::Error) -> Diagnostic {
    match error.kind() {
        tera::ErrorKind::SyntaxError(report) | tera::ErrorKind::RenderingError(report) => {
            let span = report.span();
            let file = templates_dir.join(report.filename());
            let position = Position {
                line: span.start_line.max(1),
                column: span.start_col + 1,
            };
            let source = std::fs::read_to_string(root.join(&file)).unwrap_or_default();
            Diagnostic::error(file, format!("template error: {}", report.message()))
                .at(&source, position)
                .with_hint("fix the template; see the Tera 2 documentation for its syntax")
        }
        _ => {
            let mut message = error.to_string();
            let mut source = std::error::Error::source(error);
            while let Some(cause) = source {
                message.push_str(&format!(": {cause}"));
                source = cause.source();
            }
            Diagnostic::error(templates_dir, format!("template error: {message}"))
                .with_hint("fix the template named in the message")
        }
    }
}
