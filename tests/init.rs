//! `folio init DIR` makes an edition that builds and checks clean as it is; `folio new`
//! adds files with every field, and never overwrites.

mod common;

/// `folio init` of a new `my-edition` in a temporary folder: the folder and the edition.
fn new_edition() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let edition = dir.path().join("my-edition");
    let run = common::folio(dir.path(), &["init", edition.to_str().unwrap()]);
    assert!(run.status.success(), "{}", common::stderr(&run));
    (dir, edition)
}

#[test]
fn a_new_edition_builds_as_it_is() {
    let (dir, edition) = new_edition();
    for file in [
        "site.toml",
        "README.md",
        "content/documents/example-document.md",
        "content/people/jane-example.md",
        "themes/default/templates/base.html",
        "themes/default/static/style.css",
        ".github/workflows/pages.yml",
        "docs/annotations.md",
        "docs/import.md",
    ] {
        assert!(edition.join(file).is_file(), "{file}");
    }
    let site = std::fs::read_to_string(edition.join("site.toml")).unwrap();
    assert!(site.contains("# "), "site.toml is commented");
    // The only warning: the example base URL, until the editor sets the real one.
    let check = common::folio(&edition, &["check"]);
    let message = String::from_utf8_lossy(&check.stdout);
    assert!(check.status.success(), "{message}");
    assert!(
        message.contains("base_url `https://example.org/` is an example address"),
        "{message}"
    );
    assert_eq!(message.matches("warning:").count(), 1, "{message}");
    let build = common::folio(&edition, &["build"]);
    assert!(build.status.success(), "{}", common::stderr(&build));
    let page = common::page(&edition.join("public"), "documents/example-document");
    assert!(page.contains("Jane Example"));
    assert!(
        !page.contains("__folio"),
        "no live reload script in built pages"
    );

    // A non-empty folder is refused.
    let again = common::folio(dir.path(), &["init", edition.to_str().unwrap()]);
    assert!(!again.status.success());
    assert!(common::stderr(&again).contains("not empty"));
}

#[test]
fn new_files_have_every_field_and_are_never_overwritten() {
    let edition = common::sample_edition();
    let root = edition.path();
    let run = common::folio(root, &["new", "person", "li-fuchun"]);
    assert!(run.status.success(), "{}", common::stderr(&run));
    let text = std::fs::read_to_string(root.join("content/people/li-fuchun.md")).unwrap();
    for field in [
        "name:",
        "sort_name:",
        "variants:",
        "roles:",
        "dates:",
        "review:",
    ] {
        assert!(text.contains(field), "{field}");
    }
    let run = common::folio(root, &["new", "document", "1960-01-01-new"]);
    assert!(run.status.success(), "{}", common::stderr(&run));
    let path = root.join("content/documents/1960-01-01-new.md");
    let text = std::fs::read_to_string(&path).unwrap();
    for field in [
        "title:",
        "date:",
        "event_date:",
        "kind:",
        "author:",
        "participants:",
        "mentioned:",
        "archive:",
        "archive_location:",
        "collection:",
        "archive_citation:",
        "translators:",
        "obtained_by:",
        "original_language:",
        "contents:",
        "classification:",
        "copy_number:",
        "source_url:",
        "summary:",
        "source:",
    ] {
        assert!(text.contains(&format!("\n{field}")), "{field}");
    }
    // The fresh document parses; the only error is the date still to fill in.
    let check = common::folio(root, &["check"]);
    let message = common::stderr(&check);
    assert!(
        message.contains("neither `date` nor `event_date`"),
        "{message}"
    );
    assert!(message.contains("\n1 error,"), "{message}");
    // The placeholder text is reported where it stands, and --strict refuses it.
    assert!(
        message.contains("placeholder text written by `folio new` is still here"),
        "{message}"
    );
    std::fs::write(&path, text.replacen("date:   ", "date: 1960-01-01", 1)).unwrap();
    let check = common::folio(root, &["check"]);
    assert!(check.status.success(), "{}", common::stderr(&check));
    let strict = common::folio(root, &["build", "--strict"]);
    assert!(!strict.status.success(), "--strict published a placeholder");
    assert!(common::stderr(&strict).contains("placeholder text"));
    assert!(!root.join("public").exists(), "--strict wrote the site");

    let twice = common::folio(root, &["new", "document", "1960-01-01-new"]);
    assert!(!twice.status.success());
    assert!(common::stderr(&twice).contains("never overwrites"));
    let bad = common::folio(root, &["new", "person", "../x"]);
    assert!(!bad.status.success());
    // A name instead of an id: the id it would be is suggested.
    let name = common::folio(root, &["new", "person", "Chen Yi"]);
    assert!(!name.status.success());
    assert!(
        common::stderr(&name).contains("`folio new person chen-yi`"),
        "{}",
        common::stderr(&name)
    );
    // `page` would be refused by `folio check`: `folio new` refuses it first.
    let page = common::folio(root, &["new", "document", "page"]);
    assert!(!page.status.success());
    assert!(common::stderr(&page).contains("reserved"));
    assert!(!root.join("content/documents/page.md").exists());
}

/// The workflow `folio init` writes, run as far as it can run here: its build step, with the
/// address GitHub Pages would give the site, on the new edition, with the `folio` found on
/// the PATH as the workflow's is; then every link of the result is checked.
#[test]
fn the_new_editions_workflow_builds_it_for_its_pages_address() {
    let (_dir, edition) = new_edition();
    let text = std::fs::read_to_string(edition.join(".github/workflows/pages.yml")).unwrap();
    let workflow: serde_json::Value = serde_norway::from_str(&text).expect("the workflow is YAML");
    let steps = workflow["jobs"]["build"]["steps"]
        .as_array()
        .expect("build steps");
    let runs: Vec<&str> = steps.iter().filter_map(|s| s["run"].as_str()).collect();
    assert!(
        runs.iter()
            .any(|r| r.contains(env!("CARGO_PKG_VERSION")) || r.contains("FOLIO_VERSION")),
        "the workflow installs a Folio release: {runs:?}"
    );
    assert_eq!(
        workflow["env"]["FOLIO_VERSION"].as_str(),
        Some(env!("CARGO_PKG_VERSION"))
    );
    let build = runs
        .iter()
        .find(|r| r.contains("folio build"))
        .expect("a build step");
    assert!(build.contains("--strict"), "{build}");
    assert!(
        steps.iter().any(|s| s["uses"]
            .as_str()
            .is_some_and(|u| u.starts_with("actions/deploy-pages")))
            || workflow["jobs"]["deploy"]["steps"][0]["uses"]
                .as_str()
                .is_some_and(|u| u.starts_with("actions/deploy-pages")),
        "the workflow deploys"
    );
    // What `actions/configure-pages` gives a project site: its address without the slash.
    let command = build.replace(
        "${{ steps.pages.outputs.base_url }}",
        "https://someone.github.io/my-edition",
    );
    // `.ci/run` installs Folio from the checkout as the workflow installs a release, and
    // names it here; elsewhere the binary under test stands in.
    let folio = std::env::var_os("FOLIO_WORKFLOW_FOLIO").map_or_else(
        || env!("CARGO_BIN_EXE_folio").into(),
        std::path::PathBuf::from,
    );
    assert!(folio.is_file(), "no folio at {}", folio.display());
    let path = format!(
        "{}:{}",
        folio.parent().unwrap().display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let output = std::process::Command::new("bash")
        .args(["-euo", "pipefail", "-c", &command])
        .current_dir(&edition)
        .env("PATH", path)
        .output()
        .expect("bash runs");
    assert!(
        output.status.success(),
        "{command}: {}",
        common::stderr(&output)
    );
    let public = edition.join("public");
    let broken = common::broken_links(&public, "/my-edition/");
    assert!(broken.is_empty(), "broken links:\n{}", broken.join("\n"));
    let home = common::page(&public, "");
    assert!(home.contains("/my-edition/static/"), "{home}");
    let document = common::page(&public, "documents/example-document");
    assert!(
        document.contains("https://someone.github.io/my-edition/documents/example-document/"),
        "the citation carries the Pages address"
    );
}

/// The archive a new edition's workflow downloads is the one the release workflow attaches:
/// the Linux target, as `.tar.gz`, with the binary at its top level.
#[test]
fn the_editions_workflow_downloads_what_a_release_attaches() {
    let release =
        std::fs::read_to_string(common::repository().join(".github/workflows/release.yml"))
            .unwrap();
    let release: serde_json::Value = serde_norway::from_str(&release).expect("YAML");
    let job = &release["jobs"]["binaries"];
    let targets = job["strategy"]["matrix"]["include"].as_array().unwrap();
    assert!(
        targets
            .iter()
            .any(|t| t["target"] == "x86_64-unknown-linux-gnu"
                && t["archive"] == "tar.gz"
                && t["os"] == "ubuntu-latest")
    );
    for system in ["apple-darwin", "windows"] {
        assert!(
            targets
                .iter()
                .any(|t| t["target"].as_str().unwrap().contains(system)),
            "{system}"
        );
    }
    let steps = job["steps"].as_array().unwrap();
    let runs: Vec<&str> = steps.iter().filter_map(|s| s["run"].as_str()).collect();
    assert!(runs.iter().any(|r| r.contains("--profile dist")));
    assert!(runs.iter().any(|r| r.contains(
        "tar -czf folio-${{ matrix.target }}.tar.gz -C target/${{ matrix.target }}/dist folio"
    )));
    let pages = folio::init::pages_workflow();
    assert!(
        pages.contains("/releases/download/v$FOLIO_VERSION/folio-x86_64-unknown-linux-gnu.tar.gz")
    );
    assert!(pages.contains("tar -xz -C ~/.folio/bin"));
    assert!(pages.contains(folio::init::FOLIO_REPOSITORY));
}
