//! The oracle of rebuilds: after each of a series of edits of every kind an editor makes
//! (a text, a title, a date, a role, a person added, renamed and deleted, a document added
//! and deleted, a `doc:` reference, site.toml, a template, a static file), the site that a
//! rebuild made is compared **file by file, byte for byte** with a clean build of the same
//! input, made in a fresh copy of the edition with no caches:
//!
//! - `folio build` run again in the edited edition (its rebuild from the last build's state)
//!   against `folio build` of the fresh copy;
//! - the in-memory site of `folio serve`, updated by the same code its watcher runs
//!   ([`LiveSite::apply`], then the edition-wide files), against a site loaded fresh.

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use folio::output::Contents;
use folio::site::incremental::{LiveSite, classify};

/// One edit: what it is, and the files it writes or removes (relative to the edition).
struct Edit {
    name: &'static str,
    apply: fn(&Path) -> Vec<&'static str>,
}

fn replace(root: &Path, relative: &str, from: &str, to: &str) {
    common::edit(root, relative, from, to);
}

fn append(root: &Path, relative: &str, text: &str) {
    let path = root.join(relative);
    let mut contents = std::fs::read_to_string(&path).unwrap();
    contents.push_str(text);
    std::fs::write(path, contents).unwrap();
}

const T120: &str = "content/documents/telegram-120.md";
const T121: &str = "content/documents/telegram-121.md";
const T122: &str = "content/documents/telegram-122.md";
const T123: &str = "content/documents/telegram-123.md";
const T124: &str = "content/documents/telegram-124.md";
const T125: &str = "content/documents/telegram-125.md";
const NEW_DOCUMENT: &str = "content/documents/telegram-999.md";
const NEW_PERSON: &str = "content/people/ivan-petrov.md";

fn edits() -> Vec<Edit> {
    vec![
        Edit {
            name: "a document's text",
            apply: |root| {
                replace(
                    root,
                    T120,
                    "Text of telegram 120.",
                    "Text of telegram 120, on the grain harvest.",
                );
                vec![T120]
            },
        },
        Edit {
            name: "a document's title",
            apply: |root| {
                replace(root, T121, "Telegram number 121", "Telegram on the harvest");
                vec![T121]
            },
        },
        Edit {
            name: "a date that moves the document in the chronology",
            apply: |root| {
                replace(root, T122, "date: 1970-05-03", "date: 1960-02-29");
                vec![T122]
            },
        },
        Edit {
            name: "a participant's role",
            apply: |root| {
                replace(root, T122, "role: General Secretary", "role: Chairman");
                vec![T122]
            },
        },
        Edit {
            name: "a person added, and named in a document",
            apply: |root| {
                std::fs::write(
                    root.join(NEW_PERSON),
                    "---\nname: \"Ivan Petrov\"\nsort_name: \"Petrov, Ivan\"\nvariants:\n  - \"I. Petrov\"\n---\n\nA clerk of the embassy.\n",
                )
                .unwrap();
                replace(
                    root,
                    T123,
                    "participants:\n",
                    "participants:\n  - person: ivan-petrov\n    role: Clerk\n",
                );
                vec![NEW_PERSON, T123]
            },
        },
        Edit {
            name: "a person renamed",
            apply: |root| {
                replace(
                    root,
                    NEW_PERSON,
                    "name: \"Ivan Petrov\"",
                    "name: \"Ivan I. Petrov\"",
                );
                vec![NEW_PERSON]
            },
        },
        Edit {
            name: "a person deleted, with the reference to them",
            apply: |root| {
                std::fs::remove_file(root.join(NEW_PERSON)).unwrap();
                replace(root, T123, "  - person: ivan-petrov\n    role: Clerk\n", "");
                vec![NEW_PERSON, T123]
            },
        },
        Edit {
            name: "a document added",
            apply: |root| {
                std::fs::write(
                    root.join(NEW_DOCUMENT),
                    "---\ntitle: \"Telegram on the new embassy\"\ndate: 1961-09-30\nkind: Telegram\nparticipants:\n  - person: zhou-enlai\n    role: Premier\n---\n\nText of the new telegram, naming [Deng](person:deng-xiaoping).\n",
                )
                .unwrap();
                vec![NEW_DOCUMENT]
            },
        },
        Edit {
            name: "a document deleted",
            apply: |root| {
                std::fs::remove_file(root.join(T124)).unwrap();
                vec![T124]
            },
        },
        Edit {
            name: "a doc: reference added to a text",
            apply: |root| {
                append(
                    root,
                    T125,
                    "\nIt answers [the telegram on the harvest](doc:telegram-121).\n",
                );
                vec![T125]
            },
        },
        Edit {
            name: "the site's title in site.toml",
            apply: |root| {
                let settings = std::fs::read_to_string(root.join("site.toml")).unwrap();
                let title = settings
                    .lines()
                    .find(|l| l.starts_with("title"))
                    .expect("site.toml has a title")
                    .to_owned();
                replace(root, "site.toml", &title, "title = \"An Edited Edition\"");
                vec!["site.toml"]
            },
        },
        Edit {
            name: "a template",
            apply: |root| {
                let base = "themes/default/templates/base.html";
                replace(
                    root,
                    base,
                    "</body>",
                    "<p class=\"edited-mark\">edited</p></body>",
                );
                vec![base]
            },
        },
        Edit {
            name: "a static file of the theme",
            apply: |root| {
                let style = "themes/default/static/style.css";
                append(root, style, "\n.edited-mark { color: teal; }\n");
                vec![style]
            },
        },
    ]
}

/// A generated edition: the sample and 150 telegrams.
fn generated_edition() -> tempfile::TempDir {
    let edition = common::sample_edition();
    common::add_telegrams(edition.path(), 150);
    edition
}

/// Every file under `dir`, by path relative to it.
fn files_of(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    common::files_under(dir)
        .into_iter()
        .map(|path| {
            let bytes = std::fs::read(dir.join(&path)).unwrap();
            (path, bytes)
        })
        .collect()
}

/// A copy of the edition's inputs, with no caches and no output.
fn fresh_copy(root: &Path) -> tempfile::TempDir {
    let copy = tempfile::tempdir().unwrap();
    for item in ["site.toml", "content", "themes"] {
        common::copy_recursively(&root.join(item), &copy.path().join(item));
    }
    copy
}

fn build(root: &Path) {
    let output = common::folio(root, &["build"]);
    assert!(output.status.success(), "{}", common::stderr(&output));
}

/// The files of a clean build of the inputs in `root`.
fn clean_build(root: &Path) -> BTreeMap<String, Vec<u8>> {
    let copy = fresh_copy(root);
    build(copy.path());
    files_of(&copy.path().join("public"))
}

/// Every file of a live site, by path, with the bytes a request gets (before the reload
/// script is added).
fn files_by_path(
    files: std::collections::HashMap<String, std::sync::Arc<folio::output::OutputFile>>,
) -> BTreeMap<String, Vec<u8>> {
    files
        .into_iter()
        .map(|(path, file)| {
            let bytes = match &file.contents {
                Contents::Html(html)
                | Contents::Page {
                    html: Some(html), ..
                } => html.clone().into_bytes(),
                Contents::Text(text) => text.clone().into_bytes(),
                Contents::Made {
                    bytes: Some(bytes), ..
                } => bytes.clone(),
                Contents::Copy(source) => std::fs::read(source).unwrap(),
                Contents::Page { html: None, .. } | Contents::Made { bytes: None, .. } => {
                    panic!("{path}: a file not made")
                }
            };
            (path, bytes)
        })
        .collect()
}

/// Fails with the paths that one side has and the other has not, and those that differ.
fn assert_same_files(
    edit: &str,
    what: &str,
    got: &BTreeMap<String, Vec<u8>>,
    clean: &BTreeMap<String, Vec<u8>>,
) {
    let missing: Vec<&String> = clean.keys().filter(|p| !got.contains_key(*p)).collect();
    let extra: Vec<&String> = got.keys().filter(|p| !clean.contains_key(*p)).collect();
    let differing: Vec<&String> = clean
        .iter()
        .filter(|(path, bytes)| got.get(*path).is_some_and(|g| g != *bytes))
        .map(|(path, _)| path)
        .collect();
    assert!(
        missing.is_empty() && extra.is_empty() && differing.is_empty(),
        "after {edit}, {what} differs from a clean build:\n  missing: {missing:?}\n  extra: {extra:?}\n  differing: {differing:?}"
    );
}

#[test]
fn after_every_kind_of_edit_a_rebuild_writes_what_a_clean_build_writes() {
    let edition = generated_edition();
    let root = edition.path();
    build(root);
    let edits = edits();
    assert!(edits.len() >= 10);
    for edit in edits {
        (edit.apply)(root);
        build(root);
        let rebuilt = files_of(&root.join("public"));
        assert_same_files(edit.name, "`folio build`", &rebuilt, &clean_build(root));
    }
}

#[test]
fn after_every_kind_of_edit_the_served_site_is_a_clean_build_file_for_file() {
    let edition = generated_edition();
    let root = edition.path();
    let (mut site, _) = LiveSite::load(root).expect("the edition loads");
    // The copy `folio serve` answers requests from, kept up to date as serve keeps it.
    let mut served = std::collections::HashMap::new();
    site.take_changes().apply_to(&mut served);
    for edit in edits() {
        let changed: Vec<PathBuf> = (edit.apply)(root).into_iter().map(PathBuf::from).collect();
        // What the watcher of `folio serve` does with the paths it saw change.
        let mut changes = Vec::new();
        for path in &changed {
            if let Some(change) = classify(path)
                && !changes.contains(&change)
            {
                changes.push(change);
            }
        }
        site.apply(&changes)
            .unwrap_or_else(|e| panic!("after {}: {e}", edit.name));
        site.take_changes().apply_to(&mut served);
        site.refresh_edition_files();
        site.take_changes().apply_to(&mut served);
        let (clean, _) = LiveSite::load(root).expect("the edition loads");
        assert_same_files(
            edit.name,
            "the site `folio serve` serves",
            &files_by_path(served.clone()),
            &files_by_path(clean.files()),
        );
    }
}
