//! Edition settings read from `site.toml`.

use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::diagnostics::{Diagnostic, Diagnostics, Position};

/// The settings of one edition, as written in `site.toml`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SiteConfig {
    /// The edition's title, shown in every page header.
    pub title: String,
    /// A line under the title.
    #[serde(default)]
    pub subtitle: String,
    /// Where the site is published, e.g. `https://user.github.io/edition/`. Links are made
    /// relative to its path so the site works under a sub-path.
    pub base_url: String,
    /// BCP 47 language of the edition's pages (`en`).
    #[serde(default = "default_language")]
    pub language: String,
    /// Who publishes the edition (an institution or project).
    #[serde(default)]
    pub publisher: String,
    /// The edition's editors, by display name.
    #[serde(default)]
    pub editors: Vec<String>,
    /// The license of the edition's texts and apparatus.
    #[serde(default)]
    pub license: String,
    /// Theme folder name under `themes/`.
    #[serde(default = "default_theme")]
    pub theme: String,
    /// Short introduction shown on the home page (Markdown).
    #[serde(default)]
    pub introduction: String,
    /// Ids of documents featured on the home page.
    #[serde(default)]
    pub featured: Vec<String>,
    /// The citation style printed with a document and used by `folio cite` without
    /// `--style`: `chicago` (the default), `mla`, `apa`, `bibtex`, `ris` or `csl-json`.
    #[serde(default = "default_citation_style")]
    pub citation_style: String,
    /// Whether pages are minified as they are written (off by default, as in Zola: it costs
    /// much of a build's CPU for few bytes once the server compresses the page; the figures
    /// are in docs/settings.md).
    #[serde(default)]
    pub minify_html: bool,
}

fn default_citation_style() -> String {
    "chicago".to_owned()
}

fn default_language() -> String {
    "en".to_owned()
}

fn default_theme() -> String {
    "default".to_owned()
}

/// The file name of the settings file at the edition root.
pub const CONFIG_FILE: &str = "site.toml";

impl SiteConfig {
    /// Reads and validates `site.toml` in `root`; `display_path` is how the file is named in
    /// messages.
    pub fn load(root: &Path) -> Result<SiteConfig, Diagnostics> {
        let path = root.join(CONFIG_FILE);
        let text = std::fs::read_to_string(&path).map_err(|e| {
            Diagnostics::single(
                Diagnostic::error(CONFIG_FILE, format!("could not read the edition settings: {e}"))
                    .with_hint("run `folio build` in an edition folder (one with site.toml), or pass --root DIR"),
            )
        })?;
        Self::parse(&text)
    }

    /// Parses the text of `site.toml`.
    pub fn parse(text: &str) -> Result<SiteConfig, Diagnostics> {
        let config: SiteConfig = toml::from_str(text).map_err(|e| {
            let mut d = Diagnostic::error(CONFIG_FILE, e.message().to_owned()).with_hint(
                "site.toml is TOML: `key = \"value\"`; see the README for every setting",
            );
            if let Some(span) = e.span() {
                d = d.at_offset(text, span.start);
            }
            Diagnostics::single(d)
        })?;
        config.validate(text)?;
        Ok(config)
    }

    fn validate(&self, text: &str) -> Result<(), Diagnostics> {
        if let Err(why) = check_base_url(&self.base_url) {
            let position = locate_value(text, "base_url");
            return Err(Diagnostics::single(
                Diagnostic::error(
                    CONFIG_FILE,
                    format!("base_url `{}` {why}", shown(&self.base_url)),
                )
                .at(text, position)
                .with_hint(BASE_URL_HINT),
            ));
        }
        Ok(())
    }

    /// The path part of `base_url`, always starting and ending with `/` (`/edition/` or `/`).
    pub fn base_path(&self) -> String {
        base_path_of(&self.base_url)
    }

    /// `base_url` without a trailing slash, for building absolute (permanent) URLs.
    pub fn base_origin_and_path(&self) -> String {
        self.base_url.trim_end_matches('/').to_owned()
    }
}

/// How to write a base URL, for the messages about one.
pub const BASE_URL_HINT: &str = "write the address the site is published at, with its scheme and nothing after the path, e.g. `https://user.github.io/edition/` (a site only ever previewed may use `/`)";

/// Why `url` cannot be the address a site is published at (the rest of the text of the
/// message after "base_url `...`"). Every page link, feed, sitemap and citation is built
/// from it, so it is checked once here rather than found wrong in each of them: an
/// `http(s)://host/path` address (or a path alone, `/edition/`) with no query, fragment,
/// space, control character or backslash.
pub fn check_base_url(url: &str) -> Result<(), String> {
    let lower = url.to_ascii_lowercase();
    let rest = if let Some(rest) = lower
        .strip_prefix("https://")
        .or_else(|| lower.strip_prefix("http://"))
    {
        let host = rest.split('/').next().unwrap_or_default();
        if host.is_empty() {
            return Err("has no host name after the scheme".to_owned());
        }
        rest
    } else if url.starts_with('/') && !url.starts_with("//") {
        url
    } else if lower.contains("://") || crate::util::schemes::refusal(url).is_some() {
        return Err("does not start with `http://` or `https://`".to_owned());
    } else {
        return Err("has no scheme: it must start with `https://` (or `http://`)".to_owned());
    };
    if let Some(c) = rest.chars().find(|c| c.is_whitespace() || c.is_control()) {
        return Err(format!(
            "contains {}, which an address cannot hold",
            describe(c)
        ));
    }
    for (c, part) in [('?', "a query (`?...`)"), ('#', "a fragment (`#...`)")] {
        if rest.contains(c) {
            return Err(format!(
                "has {part}: the site's pages are addresses under its path, which cannot follow a query or fragment"
            ));
        }
    }
    if rest.contains('\\') {
        return Err("contains a backslash: addresses use `/`".to_owned());
    }
    Ok(())
}

/// Why `url` looks like a stand-in rather than the address the site is published at, if it
/// does: a domain reserved for examples (RFC 2606: `example.org`, `*.example`, `.test`,
/// `.invalid`) or the `user.github.io` of Folio's own examples. Every citation and feed
/// carries the base URL, so publishing under one of these cites pages nobody can reach.
pub fn example_base_url(url: &str) -> Option<&'static str> {
    let lower = url.to_ascii_lowercase();
    let rest = lower
        .strip_prefix("https://")
        .or_else(|| lower.strip_prefix("http://"))?;
    let host = rest.split(['/', ':']).next().unwrap_or_default();
    let host = host.trim_end_matches('.');
    let reserved = ["example", "example.com", "example.net", "example.org"];
    if reserved
        .iter()
        .any(|domain| host == *domain || host.ends_with(&format!(".{domain}")))
        || host.ends_with(".test")
        || host.ends_with(".invalid")
    {
        return Some("is an example address, reserved for documentation");
    }
    if host == "user.github.io" {
        return Some("is the example address of Folio's documentation");
    }
    None
}

/// The warning for a base URL that is only an example ([`example_base_url`]): the base URL
/// of the edition in `root` (`url`), at its line in `site.toml` when it comes from there, or
/// naming `--base-url` when the command line gave it. The settings file is read again only
/// when there is something to say.
pub fn example_base_url_warning(
    root: &Path,
    url: &str,
    from_command_line: bool,
) -> Option<Diagnostic> {
    let why = example_base_url(url)?;
    let warning = if from_command_line {
        Diagnostic::warning("--base-url", format!("`{}` {why}", shown(url)))
    } else {
        let text = std::fs::read_to_string(root.join(CONFIG_FILE)).unwrap_or_default();
        Diagnostic::warning(CONFIG_FILE, format!("base_url `{}` {why}", shown(url)))
            .at(&text, locate_value(&text, "base_url"))
    };
    Some(warning.with_hint(
        "every citation, feed and canonical link carries the base URL: set `base_url` in site.toml to the address the site is published at (the GitHub workflow passes Pages' address with --base-url)",
    ))
}

fn describe(c: char) -> String {
    match c {
        ' ' => "a space".to_owned(),
        '\t' => "a tab".to_owned(),
        c => format!("the character U+{:04X}", c as u32),
    }
}

/// `text` for a message, control characters made visible.
fn shown(text: &str) -> String {
    text.escape_debug().collect()
}

/// The path part of a base URL, normalised to start and end with `/`.
pub fn base_path_of(base_url: &str) -> String {
    let without_scheme = base_url
        .strip_prefix("https://")
        .or_else(|| base_url.strip_prefix("http://"));
    let path = match without_scheme {
        Some(rest) => rest.find('/').map_or("", |i| &rest[i..]),
        None => base_url,
    };
    let trimmed = path.trim_matches('/');
    if trimmed.is_empty() {
        "/".to_owned()
    } else {
        format!("/{trimmed}/")
    }
}

/// Where the value of `key` is written (its first character after `=` and spaces; the
/// opening quote of a string), or the key's own line when it cannot be found.
fn locate_value(text: &str, key: &str) -> Position {
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim_start();
        if let Some(rest) = trimmed.strip_prefix(key)
            && let Some(value) = rest.trim_start().strip_prefix('=')
        {
            let value_start = line.len() - value.trim_start().len();
            return Position::of_offset(text, offset + value_start);
        }
        offset += line.len();
    }
    locate_key(text, key)
}

fn locate_key(text: &str, key: &str) -> Position {
    for (index, line) in text.lines().enumerate() {
        if line.trim_start().starts_with(key) {
            return Position {
                line: index + 1,
                column: line.len() - line.trim_start().len() + 1,
            };
        }
    }
    Position { line: 1, column: 1 }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn example_addresses_are_told_from_real_ones() {
        for url in [
            "https://example.org/",
            "http://www.example.com/edition/",
            "https://docs.example/",
            "https://site.test/",
            "https://user.github.io/edition/",
            "https://EXAMPLE.NET:8080/x/",
        ] {
            assert!(example_base_url(url).is_some(), "{url}");
        }
        for url in [
            "https://folio-editions.github.io/sample/",
            "http://localhost:8000/",
            "http://127.0.0.1:1111/",
            "https://examples.org/",
            "https://myexample.org/",
            "/",
        ] {
            assert_eq!(example_base_url(url), None, "{url}");
        }
        let dir = tempfile::tempdir().unwrap();
        let text = "title = \"T\"\nbase_url = \"https://example.org/\"\n";
        std::fs::write(dir.path().join(CONFIG_FILE), text).unwrap();
        let warning = example_base_url_warning(dir.path(), "https://example.org/", false).unwrap();
        assert_eq!(
            warning.position,
            Some(Position {
                line: 2,
                column: 12
            })
        );
    }

    #[test]
    fn base_path_handles_root_and_sub_paths() {
        assert_eq!(base_path_of("https://example.org"), "/");
        assert_eq!(base_path_of("https://example.org/"), "/");
        assert_eq!(base_path_of("https://user.github.io/edition"), "/edition/");
        assert_eq!(base_path_of("https://user.github.io/a/b/"), "/a/b/");
        assert_eq!(base_path_of("/"), "/");
    }

    #[test]
    fn unknown_setting_is_reported_with_line() {
        let text = "title = \"T\"\nbase_url = \"https://x.org/\"\ncolour = \"red\"\n";
        let errors = SiteConfig::parse(text).unwrap_err();
        let d = errors.iter().next().unwrap();
        assert_eq!(d.position.map(|p| p.line), Some(3));
        assert!(d.message.contains("colour"), "{}", d.message);
    }

    #[test]
    fn relative_base_url_is_rejected() {
        let text = "title = \"T\"\nbase_url = \"edition\"\n";
        let errors = SiteConfig::parse(text).unwrap_err();
        assert!(errors.to_string().contains("site.toml:2:12"), "{errors}");
    }

    /// One error, at the value, for each way a base URL can be wrong.
    #[test]
    fn a_wrong_base_url_is_one_error_at_its_value() {
        for (url, what) in [
            ("https://x.org/ed?x=1", "a query"),
            ("https://x.org/ed/#top", "a fragment"),
            ("https://x.org/my edition/", "a space"),
            ("x.org/edition/", "no scheme"),
            ("javascript:alert(1)//", "does not start with"),
            ("ftp://x.org/", "does not start with"),
            ("https:///ed/", "no host"),
        ] {
            let text = format!("title = \"T\"\n  base_url =  \"{url}\"\n");
            let errors = SiteConfig::parse(&text).unwrap_err();
            assert_eq!(errors.iter().count(), 1, "{url}: {errors}");
            let shown = errors.to_string();
            assert!(shown.contains("site.toml:2:15"), "{url}: {shown}");
            assert!(shown.contains(what), "{url}: {shown}");
            assert!(shown.contains("help: write the address"), "{url}: {shown}");
        }
        for url in ["https://x.org", "http://x.org/ed/", "/", "/edition/"] {
            assert_eq!(check_base_url(url), Ok(()), "{url}");
        }
    }
}
