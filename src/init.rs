//! `folio init DIR` (a new edition that builds as it is) and `folio new document|person ID`
//! (a new content file with every front matter field present and explained).
//!
//! The default theme is embedded from `themes/default/` at compile time, so the theme a new
//! edition gets is the one this binary builds with: one source, no copy to keep in sync.

use std::path::{Path, PathBuf};

use include_dir::{Dir, include_dir};

use crate::content::{
    DOCUMENTS_DIR, NEW_DOCUMENT_TEXT, NEW_PERSON_TEXT, PAGES_DIR, PEOPLE_DIR, SOURCES_DIR,
    is_valid_id,
};
use crate::diagnostics::{Diagnostic, Diagnostics};

/// The default theme, as in this repository.
static DEFAULT_THEME: Dir<'_> = include_dir!("$CARGO_MANIFEST_DIR/themes/default");

/// The editors' documentation (annotations, import, settings), which Folio's messages
/// point to: a new edition gets its own copy in `docs/`.
static EDITOR_DOCS: Dir<'_> = include_dir!("$CARGO_MANIFEST_DIR/docs");

const SITE_TOML: &str = r#"# Settings of this edition. Every setting is described in docs/settings.md.

# The edition's title and a line under it, shown on every page.
title = "A New Edition"
subtitle = "Documents, transcribed and annotated"

# Where the site will be published. Links work under a sub-path such as
# https://user.github.io/edition/ ; `folio build --base-url URL` overrides this.
base_url = "https://example.org/"

# Language of the pages (BCP 47: en, de, fr ...).
language = "en"

# Credits shown in the footer and used in citations.
publisher = ""
editors = ["Your Name"]
license = "CC BY 4.0"

# Theme folder under themes/.
theme = "default"

# Citation style shown first: chicago, mla, apa, bibtex, ris or csl-json.
citation_style = "chicago"

# Introduction on the home page (Markdown, with the same conventions as documents).
introduction = """
This edition presents archival documents with their translation, apparatus and citations.
Start with the [example document](doc:example-document), written by
[Jane Example](person:jane-example).
"""

# Document ids shown first on the home page.
featured = ["example-document"]
"#;

/// Where Folio's source and released binaries are published: the edition's workflow installs
/// Folio from there.
pub const FOLIO_REPOSITORY: &str = "https://github.com/folio-editions/folio";

/// The GitHub Actions workflow a new edition gets (`.github/workflows/pages.yml`): on each
/// push to `main`, install the Folio release this binary is (cached), build with the
/// address GitHub Pages gives the site and `--strict`, deploy. `{version}` and
/// `{repository}` are filled in by [`pages_workflow`].
const PAGES_WORKFLOW: &str = r#"# Publishes this edition on GitHub Pages at every push to main.
#
# Once, on GitHub: Settings -> Pages -> Build and deployment -> Source: "GitHub Actions".
# The site is built for the address Pages gives it (https://USER.github.io/REPOSITORY/),
# whatever base_url says in site.toml. `--strict` refuses to publish while anything is
# unfinished: documents or people marked `review: true`, placeholder text from `folio new`.
name: Publish edition

on:
  push:
    branches: [main]
  workflow_dispatch:

permissions:
  contents: read
  pages: write
  id-token: write

concurrency:
  group: pages
  cancel-in-progress: false

env:
  # The Folio release this edition is built with. Change it to upgrade.
  FOLIO_VERSION: "{version}"

jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - name: Keep the Folio binary between runs
        id: folio-binary
        uses: actions/cache@v4
        with:
          path: ~/.folio/bin
          key: folio-${{ runner.os }}-${{ env.FOLIO_VERSION }}
      - name: Install Folio
        if: steps.folio-binary.outputs.cache-hit != 'true'
        run: |
          mkdir -p ~/.folio/bin
          release="{repository}/releases/download/v$FOLIO_VERSION/folio-x86_64-unknown-linux-gnu.tar.gz"
          curl -fsSL "$release" | tar -xz -C ~/.folio/bin \
            || cargo install --locked --root ~/.folio --git {repository} --tag "v$FOLIO_VERSION" folio
      - name: Put Folio on the PATH
        run: echo "$HOME/.folio/bin" >> "$GITHUB_PATH"
      # Keeping .folio-cache between runs formats only new or changed documents' citations.
      - name: Keep Folio's cache between builds
        uses: actions/cache@v4
        with:
          path: .folio-cache
          key: folio-cache-${{ github.sha }}
          restore-keys: folio-cache-
      - id: pages
        uses: actions/configure-pages@v5
      - name: Build the edition
        run: folio build --strict --base-url "${{ steps.pages.outputs.base_url }}/"
      - uses: actions/upload-pages-artifact@v3
        with:
          path: public

  deploy:
    needs: build
    runs-on: ubuntu-latest
    environment:
      name: github-pages
      url: ${{ steps.deployment.outputs.page_url }}
    steps:
      - id: deployment
        uses: actions/deploy-pages@v4
"#;

/// The GitHub Pages workflow of a new edition, for the Folio release of this binary.
pub fn pages_workflow() -> String {
    PAGES_WORKFLOW
        .replace("{version}", env!("CARGO_PKG_VERSION"))
        .replace("{repository}", FOLIO_REPOSITORY)
}

const EXAMPLE_DOCUMENT: &str = r#"---
# The file name (without .md) is the document's id and its address: /documents/example-document/
title: "Letter of Jane Example to the Editors, 1 March 1960"
date: 1960-03-01            # when the document was written: YYYY-MM-DD, or 1960, 1960-03, 1960-03-01?, ~1960
event_date: 1960-02-27      # the event it records, when it differs (optional)
kind: Letter                # Memorandum of conversation, Diary entry, Telegram ...
author: jane-example        # a person id: a file name in content/people/
participants:               # everyone present, with the role the text gives them
  - person: jane-example
    role: Correspondent
mentioned: []               # person ids of people named but not present
archive: ""                 # the holding archive (AVPRF, RGANI ...)
archive_location: ""        # the archive's reference (f. 0100, op. 53, d. 454, ll. 175-8)
collection: ""              # the digital collection it comes from
archive_citation: ""        # the collection's own citation, verbatim
translators: []             # names
obtained_by: []             # names
original_language: English
contents: ""                # e.g. Translation - English
classification: ""          # e.g. TOP SECRET
copy_number: ""
source_url: ""              # the collection's page for the document
summary: "An example document: replace it with your first document."
# source: example.txt       # the raw transcript in content/sources/, if there is one
---

::: header
Letter  
1 March 1960
:::

Dear editors,

This is an example document written by [Jane Example](person:jane-example). Words the editor
added are in square brackets: the meeting took place [in Geneva]. Text the archive left out
is marked with four dots....

Footnotes are numbered automatically.[^1]

::: signature
Jane Example
:::

[^1]: An editor's note: what the reader needs to know about this passage.
"#;

const EXAMPLE_PERSON: &str = r#"---
# The file name (without .md) is the person's id, used in documents as person:jane-example
name: "Jane Example"        # the name the edition displays
sort_name: "Example, Jane"  # how the name sorts in the index: family name first
variants:                   # every spelling found in the sources, so imports match them
  - "J. Example"
  - "JANE EXAMPLE"
roles:                      # offices and roles, as the sources give them
  - "Correspondent"
dates: "1920-1990"          # years of life or activity, free text
authority: {}               # identifiers in authority files: wikidata, viaf, gnd, lcnaf, isni
review: false               # set by `folio import` on entries it created; clear it once checked
---

A short biography of Jane Example, in Markdown.
"#;

const ABOUT_PAGE: &str = r#"---
title: About this edition
description: What the edition contains and how the documents are edited.
menu_order: 1
---

Describe the edition here: where the documents come from, how they were transcribed and
translated, and the editorial conventions used.
"#;

const EDITORS_README: &str = r#"# Editing this edition

This folder is a [Folio](https://github.com/) edition: annotated Markdown files that Folio turns
into a website.

```text
site.toml              settings: title, base_url, editors, license, theme ...
content/documents/     one Markdown file per document (front matter + text)
content/people/        one file per person, with the spellings of their name
content/pages/         free pages (about, editorial principles)
content/sources/       raw transcripts, as copied from the archive
content/facsimiles/    page images and scans of the originals (optional)
themes/default/        the look of the site (templates and style sheet)
```

## Everyday commands

```sh
folio serve                  # preview at http://127.0.0.1:1111/, updated as you save
folio check                  # lists every problem, with file, line and a hint; writes nothing
folio new document my-id     # a new document with every field explained
folio new person family-name # a new person entry
folio import content/sources/  # raw transcripts -> content/documents/*.md
folio build                  # writes the site into public/
```

## Conventions in the text

- `[Name](person:id)`: a mention of a person of `content/people/`.
- `[title](doc:id)`: a link to another document.
- `[word]`: a word added by the editor or translator.
- `....`: text the archive left out of the translation.
- `[^1]` and `[^1]: note`: a footnote.
- `::: header`, `::: signature`, `::: attendance` ... `:::`: parts of the document.

When something is wrong, `folio check` says which file and line, what is wrong and how to fix
it. The published site is only replaced when everything builds.

The conventions are explained in full in `docs/annotations.md`, the importer in
`docs/import.md`, and every setting of `site.toml` in `docs/settings.md`.

## Publishing on GitHub Pages

`.github/workflows/pages.yml` publishes the edition at every push to `main`. Once, on GitHub,
open Settings -> Pages and choose "GitHub Actions" as the source. The workflow installs Folio,
builds the site for the address Pages gives it, and refuses to publish (`folio build --strict`)
while documents or people are still marked `review: true` or placeholder text is left: run
`folio check` to see what remains.
"#;

/// Creates a new edition in `dir`, which must not exist or be empty. Returns the files written.
pub fn init(dir: &Path) -> Result<Vec<PathBuf>, Diagnostics> {
    if dir.exists() {
        let mut entries =
            std::fs::read_dir(dir).map_err(|e| Diagnostics::io(dir, "read the folder", &e))?;
        if entries.next().is_some() {
            return Err(Diagnostics::single(
                Diagnostic::error(
                    dir,
                    "the folder is not empty; `folio init` only writes into a new or empty folder",
                )
                .with_hint("choose a new folder name, e.g. `folio init my-edition`"),
            ));
        }
    }
    let workflow = pages_workflow();
    let mut files: Vec<(PathBuf, &[u8])> = vec![
        (
            PathBuf::from(crate::config::CONFIG_FILE),
            SITE_TOML.as_bytes(),
        ),
        (PathBuf::from("README.md"), EDITORS_README.as_bytes()),
        (
            Path::new(DOCUMENTS_DIR).join("example-document.md"),
            EXAMPLE_DOCUMENT.as_bytes(),
        ),
        (
            Path::new(PEOPLE_DIR).join("jane-example.md"),
            EXAMPLE_PERSON.as_bytes(),
        ),
        (Path::new(PAGES_DIR).join("about.md"), ABOUT_PAGE.as_bytes()),
        (PathBuf::from(".gitignore"), b"/public/\n/.folio-cache/\n"),
        (
            PathBuf::from(".github/workflows/pages.yml"),
            workflow.as_bytes(),
        ),
    ];
    add_embedded_files(&DEFAULT_THEME, Path::new("themes/default"), &mut files);
    add_embedded_files(&EDITOR_DOCS, Path::new("docs"), &mut files);
    let mut written = Vec::with_capacity(files.len());
    for (relative, contents) in files {
        let path = dir.join(&relative);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)
                .map_err(|e| Diagnostics::io(parent, "create the folder", &e))?;
        }
        std::fs::write(&path, contents)
            .map_err(|e| Diagnostics::io(&path, "write the file", &e))?;
        written.push(relative);
    }
    let sources = dir.join(SOURCES_DIR);
    std::fs::create_dir_all(&sources)
        .map_err(|e| Diagnostics::io(&sources, "create the folder", &e))?;
    Ok(written)
}

/// Adds the files of an embedded folder (the theme, the docs), at `at` in the new edition.
fn add_embedded_files<'a>(folder: &'a Dir<'a>, at: &Path, files: &mut Vec<(PathBuf, &'a [u8])>) {
    for file in folder.files() {
        files.push((
            at.join(
                file.path()
                    .strip_prefix(folder.path())
                    .unwrap_or(file.path()),
            ),
            file.contents(),
        ));
    }
    for sub in folder.dirs() {
        let name = sub.path().strip_prefix(folder.path()).unwrap_or(sub.path());
        add_embedded_files(sub, &at.join(name), files);
    }
}

/// The kinds of file `folio new` creates.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NewKind {
    /// `content/documents/ID.md`
    Document,
    /// `content/people/ID.md`
    Person,
}

impl NewKind {
    /// The word `folio new` takes for this kind.
    fn word(self) -> &'static str {
        match self {
            NewKind::Document => "document",
            NewKind::Person => "person",
        }
    }
}

/// Writes a new document or person file with every front matter field present and
/// commented; refuses to overwrite. Returns the path written, relative to `root`.
pub fn new_file(root: &Path, kind: NewKind, id: &str) -> Result<PathBuf, Diagnostics> {
    let (folder, text) = match kind {
        NewKind::Document => (DOCUMENTS_DIR, new_document(id)),
        NewKind::Person => (PEOPLE_DIR, new_person(id)),
    };
    let relative = Path::new(folder).join(format!("{id}.md"));
    if !is_valid_id(id) {
        let suggestion = crate::import::people::slug(id);
        let hint = if is_valid_id(&suggestion) {
            format!(
                "use only letters, digits, `-` and `_`: `folio new {} {suggestion}`",
                kind.word()
            )
        } else {
            "use only letters, digits, `-` and `_`, e.g. `1961-09-30-chervonenko-deng` or `deng-xiaoping`".to_owned()
        };
        return Err(Diagnostics::single(
            Diagnostic::error(
                &relative,
                format!("`{id}` cannot be used as an id: ids become file names and URLs"),
            )
            .with_hint(hint),
        ));
    }
    if kind == NewKind::Document
        && let Some(reserved) = crate::site::urls::reserved_document_id(&relative, id)
    {
        return Err(Diagnostics::single(reserved.with_hint(
            "choose another id, e.g. the document's date and author (`1961-09-30-chervonenko-deng`)",
        )));
    }
    if !root.join(crate::config::CONFIG_FILE).is_file() {
        return Err(Diagnostics::single(
            Diagnostic::error(root.join(crate::config::CONFIG_FILE), "this is not an edition folder: there is no site.toml")
                .with_hint("run the command in an edition folder, pass --root DIR, or create one with `folio init DIR`"),
        ));
    }
    let path = root.join(&relative);
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)
            .map_err(|e| Diagnostics::io(parent, "create the folder", &e))?;
    }
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&path)
        .map_err(|e| {
            if e.kind() == std::io::ErrorKind::AlreadyExists {
                Diagnostics::single(
                    Diagnostic::error(
                        &relative,
                        "the file exists already; `folio new` never overwrites",
                    )
                    .with_hint("choose another id, or edit the existing file"),
                )
            } else {
                Diagnostics::io(&path, "create the file", &e)
            }
        })?;
    std::io::Write::write_all(&mut file, text.as_bytes())
        .map_err(|e| Diagnostics::io(&path, "write the file", &e))?;
    Ok(relative)
}

/// A readable title from an id: `deng-xiaoping` -> `Deng Xiaoping`.
fn title_from_id(id: &str) -> String {
    id.split(['-', '_'])
        .filter(|w| !w.is_empty())
        .map(|w| {
            let mut chars = w.chars();
            chars.next().map_or_else(String::new, |c| {
                c.to_uppercase().collect::<String>() + chars.as_str()
            })
        })
        .collect::<Vec<_>>()
        .join(" ")
}

fn new_document(id: &str) -> String {
    let title = title_from_id(id).replace('"', "'");
    format!(
        r#"---
# Every field of a document. Only `title` and one of `date` / `event_date` are required;
# empty fields are left out of the page. See docs/annotations.md.
title: "{title}"            # the archive's title, cleaned of typing slips
date:                       # when the document was written: YYYY-MM-DD (also 1961, 1961-09, 1961-09-30?, ~1961)
event_date:                 # the event it records (a conversation), when it differs
kind: ""                    # Memorandum of conversation, Diary entry, Telegram, Letter ...
author:                     # a person id: a file name in content/people/ without .md
participants: []            # everyone present, one per line:
#  - person: deng-xiaoping
#    role: General Secretary of the CC CCP
mentioned: []               # person ids of people named but not present
archive: ""                 # the holding archive (AVPRF, RGANI ...)
archive_location: ""        # the archive's reference (f. 0100, op. 53, p. 8, d. 454, ll. 175-8)
collection: ""              # the digital collection (Wilson Center Digital Archive)
archive_citation: ""        # the collection's own citation, verbatim
translators: []             # names
obtained_by: []             # names
original_language: ""       # Russian, Chinese ...
contents: ""                # the collection's description of the text (Translation - English)
classification: ""          # TOP SECRET ...
copy_number: ""
source_url: ""              # the collection's page for the document
summary: ""                 # the collection's summary
source:                     # the raw transcript in content/sources/ (file name), if any
facsimile: []               # page images: "- image: page-1.jpg" (in content/facsimiles/) and "label: l. 1"
scan: ""                    # a scan of the original: a PDF in content/facsimiles/ or an https:// address
iiif_manifest: ""           # a IIIF manifest of the original published elsewhere
---

{NEW_DOCUMENT_TEXT}"#
    )
}

fn new_person(id: &str) -> String {
    let name = title_from_id(id).replace('"', "'");
    format!(
        r#"---
# Every field of a person entry. Only `name` is required. The file name is the id used in
# documents: person:{id}
name: "{name}"              # the name the edition displays
sort_name: ""               # how the name sorts in the index: family name first (Chervonenko, Stepan)
variants: []                # every spelling found in the sources (S. V. CHERVONENKO ...), one per line
roles: []                   # offices and roles, as the sources give them
dates: ""                   # years of life or activity, free text (1915-2003)
authority: {{}}              # identifiers in authority files, one per line: wikidata: Q5816,
                            # viaf: "102333412", gnd, lcnaf, isni
review: false               # set by `folio import` on entries it created; clear it once checked
---

{NEW_PERSON_TEXT}"#
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_from_ids() {
        assert_eq!(title_from_id("deng-xiaoping"), "Deng Xiaoping");
        assert_eq!(title_from_id("a__b"), "A B");
    }

    #[test]
    fn the_theme_is_embedded() {
        let mut files = Vec::new();
        add_embedded_files(&DEFAULT_THEME, Path::new("themes/default"), &mut files);
        add_embedded_files(&EDITOR_DOCS, Path::new("docs"), &mut files);
        for required in crate::site::theme::REQUIRED_TEMPLATES {
            let path = Path::new("themes/default/templates").join(required);
            assert!(files.iter().any(|(p, _)| *p == path), "{required}");
        }
    }
}
