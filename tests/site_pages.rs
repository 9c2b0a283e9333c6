//! What a reader sees in the built sample edition: date pages down to the day, one page per
//! person with their name variants merged, documents linked to people and dates.

mod common;

use std::path::PathBuf;
use std::sync::OnceLock;

/// The sample edition, built once for all tests of this file.
fn built() -> &'static PathBuf {
    static SITE: OnceLock<(tempfile::TempDir, PathBuf)> = OnceLock::new();
    &SITE
        .get_or_init(|| common::built_sample("https://user.github.io/edition/"))
        .1
}

const DOC_1961: &str = "documents/1961-09-30-chervonenko-deng-xiaoping/";
const DOC_1959: &str = "documents/1959-11-06-chervonenko-deng-xiaoping/";

#[test]
fn date_pages_exist_down_to_the_day_of_each_document() {
    let public = built();
    for route in [
        "dates/",
        "dates/1959/",
        "dates/1959/11/",
        "dates/1959/11/06/",
        "dates/1959/12/",
        "dates/1959/12/08/",
        "dates/1961/",
        "dates/1961/09/",
        "dates/1961/09/30/",
        "dates/1961/10/",
        "dates/1961/10/12/",
    ] {
        assert!(
            public.join(route).join("index.html").exists(),
            "missing {route}"
        );
    }
    let day = common::page(public, "dates/1961/09/30/");
    assert!(day.contains("Events of this day"), "{day}");
    assert!(day.contains("/edition/documents/1961-09-30-chervonenko-deng-xiaoping/"));
    let written = common::page(public, "dates/1961/10/12/");
    assert!(written.contains("Written on this day"));
    let year = common::page(public, "dates/1961/");
    assert!(
        year.contains("/edition/dates/1961/09/30/") && year.contains("/edition/dates/1959/"),
        "year pages link down and across"
    );
    let chronology = common::page(public, "dates/");
    assert!(
        chronology.contains("/edition/dates/1959/") && chronology.contains("/edition/dates/1961/")
    );
}

#[test]
fn name_variants_are_merged_into_one_person_page() {
    let public = built();
    let people: Vec<String> = common::files_under(&public.join("people"));
    let chervonenko: Vec<&String> = people
        .iter()
        .filter(|p| p.contains("chervonenko"))
        .collect();
    assert_eq!(
        chervonenko,
        vec!["stepan-chervonenko/index.html"],
        "one Chervonenko page, not four"
    );
    let page = common::page(public, "people/stepan-chervonenko/");
    for variant in [
        "S. V. Chervonenko",
        "S.V. CHERVONENKO",
        "S. CERVONENKO",
        "V. S. Chervonenko",
    ] {
        assert!(page.contains(variant), "variant {variant} listed");
    }
    assert!(
        page.contains(DOC_1959) && page.contains(DOC_1961),
        "both documents listed"
    );
}

#[test]
fn everyone_present_or_mentioned_has_a_page_linking_back() {
    let public = built();
    let present_1961 = [
        "deng-xiaoping",
        "yang-shangkun",
        "yan-mingfu",
        "zhu-ruizhen",
        "f-v-mochulskii",
    ];
    let mentioned_1961 = [
        "mao-zedong",
        "nikita-khrushchev",
        "frol-kozlov",
        "zhou-enlai",
    ];
    let present_1959 = ["yu-peiwen", "yu-zhan", "b-n-vereshchagin", "b-t-kulik"];
    let document = common::page(public, DOC_1961);
    for id in present_1961.iter().chain(&mentioned_1961) {
        let person = common::page(public, &format!("people/{id}/"));
        assert!(person.contains(DOC_1961), "{id} lists the 1961 document");
        assert!(
            document.contains(&format!("/edition/people/{id}/")),
            "the 1961 document links to {id}"
        );
    }
    for id in present_1959 {
        assert!(
            common::page(public, &format!("people/{id}/")).contains(DOC_1959),
            "{id}"
        );
    }
    let khrushchev = common::page(public, "people/nikita-khrushchev/");
    assert!(khrushchev.contains("Mentioned in"), "{khrushchev}");
    let deng = common::page(public, "people/deng-xiaoping/");
    assert!(deng.contains("Present at") && deng.contains("as General Secretary of the CC CCP"));
    let index = common::page(public, "people/");
    let chervonenko = index.find("Chervonenko, Stepan").unwrap();
    let kozlov = index.find("Kozlov, Frol").unwrap();
    assert!(chervonenko < kozlov, "people sorted by family name");
}

#[test]
fn a_document_page_has_its_apparatus_metadata_and_neighbours() {
    let public = built();
    let page = common::page(public, DOC_1961);
    assert!(page.contains("class=doc-header") || page.contains("class=\"doc-header\""));
    assert!(page.contains("doc-attendance") && page.contains("doc-signature"));
    assert!(
        page.contains("lang=ru-Latn") || page.contains("lang=\"ru-Latn\""),
        "glosses carry a lang"
    );
    assert!(page.contains(">neplokho</i>"));
    assert!(page.contains(">[me]</span>"), "insertions are marked");
    assert!(page.contains("AVPRF") && page.contains("f. 0100, op. 53, p. 8, d. 454, ll. 175-8"));
    assert!(page.contains("Benjamin Aldrich-Moodie"));
    assert!(
        page.contains(
            "https://user.github.io/edition/documents/1961-09-30-chervonenko-deng-xiaoping/"
        ),
        "permanent URL"
    );
    assert!(
        page.contains("/edition/dates/1961/09/30/") && page.contains("/edition/dates/1961/10/12/")
    );
    assert!(
        page.contains("/edition/sources/000_8df19dfbbc6994a8.txt"),
        "raw transcript linked"
    );
    assert!(
        page.contains(r#"rel="prev""#) && page.contains(DOC_1959),
        "previous in chronology"
    );
    let earlier = common::page(public, DOC_1959);
    assert!(earlier.contains(r#"rel="next""#));
    assert!(public.join("sources/000_8df19dfbbc6994a8.txt").exists());
}

#[test]
fn site_furniture_exists() {
    let public = built();
    for file in [
        "404.html",
        "robots.txt",
        "sitemap.xml",
        ".nojekyll",
        "static/style.css",
        "about/index.html",
        "index.html",
    ] {
        assert!(public.join(file).exists(), "missing {file}");
    }
    let sitemap = std::fs::read_to_string(public.join("sitemap.xml")).unwrap();
    assert!(sitemap.contains(
        "<loc>https://user.github.io/edition/documents/1961-09-30-chervonenko-deng-xiaoping/</loc>"
    ));
    let robots = std::fs::read_to_string(public.join("robots.txt")).unwrap();
    assert!(robots.contains("Sitemap: https://user.github.io/edition/sitemap.xml"));
}
