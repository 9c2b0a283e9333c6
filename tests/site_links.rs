//! Builds the sample edition and walks every page of the output with an HTML parser: every
//! internal link and anchor must resolve, at a domain root and under a sub-path.

mod common;

use common::broken_links;

fn build_and_check(base_url: &str, base_path: &str) {
    let edition = common::sample_edition();
    let run = common::folio(edition.path(), &["build", "--base-url", base_url]);
    assert!(
        run.status.success(),
        "build failed: {}",
        common::stderr(&run)
    );
    let public = edition.path().join("public");
    let pages = common::files_under(&public)
        .iter()
        .filter(|f| f.ends_with(".html"))
        .count();
    assert!(pages > 30, "only {pages} pages built");
    let broken = broken_links(&public, base_path);
    assert!(broken.is_empty(), "broken links:\n{}", broken.join("\n"));
    // Every link really carries the base path (a root-relative link would escape a sub-path).
    let home = common::page(&public, "");
    assert!(
        home.contains(&format!("href={base_path}static/style.css"))
            || home.contains(&format!("href=\"{base_path}static/style.css\"")),
        "{home}"
    );
}

#[test]
fn every_link_resolves_at_the_domain_root() {
    build_and_check("https://example.org/", "/");
}

#[test]
fn every_link_resolves_under_a_sub_path() {
    build_and_check("https://user.github.io/edition/", "/edition/");
}

#[test]
fn the_checker_used_here_catches_a_broken_link() {
    let edition = common::sample_edition();
    let run = common::folio(edition.path(), &["build"]);
    assert!(run.status.success(), "{}", common::stderr(&run));
    let public = edition.path().join("public");
    let about = public.join("about/index.html");
    let html = std::fs::read_to_string(&about).unwrap();
    std::fs::write(
        &about,
        html.replacen("</main>", "<a href=\"/sample/nowhere/\">x</a></main>", 1),
    )
    .unwrap();
    let broken = broken_links(&public, "/sample/");
    assert_eq!(broken.len(), 1, "{broken:?}");
    assert!(broken[0].contains("/sample/nowhere/"));
}

#[test]
fn the_build_refuses_a_template_with_a_broken_link_and_keeps_the_old_site() {
    let edition = common::sample_edition();
    assert!(common::folio(edition.path(), &["build"]).status.success());
    let before = common::page(&edition.path().join("public"), "");
    common::edit(
        edition.path(),
        "themes/default/templates/base.html",
        "<main id=\"main\" tabindex=\"-1\">",
        "<main id=\"main\" tabindex=\"-1\"><a href=\"{{ site.home_url }}nowhere/\">x</a>",
    );
    let run = common::folio(edition.path(), &["build"]);
    assert!(!run.status.success());
    let message = common::stderr(&run);
    assert!(
        message.contains("broken link `/sample/nowhere/`"),
        "{message}"
    );
    assert_eq!(
        common::page(&edition.path().join("public"), ""),
        before,
        "the old site is untouched"
    );
}
