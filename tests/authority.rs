//! Authority ids of people (Wikidata, VIAF, GND, Library of Congress, ISNI): shown on the
//! person page as links to the records, given to linked-data readers as JSON-LD `sameAs`,
//! exported in `people.json` and `people.csv`, and refused by `folio check` and
//! `folio build` where their form is wrong, at the line and column where they are written.

mod common;

const PERSON: &str = "content/people/deng-xiaoping.md";

fn with_authority(root: &std::path::Path, lines: &str) {
    common::edit(root, PERSON, "---\n", &format!("---\nauthority:\n{lines}"));
}

#[test]
fn authority_ids_are_linked_given_as_same_as_and_exported() {
    let edition = common::sample_edition();
    let root = edition.path();
    // A number written without quotes, and an ISNI with the spaces ISNI prints.
    with_authority(
        root,
        "  viaf: 102333412\n  isni: 0000 0001 2103 2683\n  wikidata: Q16977\n",
    );
    let output = common::folio(root, &["build"]);
    assert!(output.status.success(), "{}", common::stderr(&output));
    let public = root.join("public");
    let page = common::page(&public, "people/deng-xiaoping/");

    let links = common::attrs(&page, ".person-facts .authority a", "href");
    assert_eq!(
        links,
        [
            "https://www.wikidata.org/wiki/Q16977",
            "https://viaf.org/viaf/102333412",
            "https://isni.org/isni/0000000121032683",
        ],
        "in the order of the files, not as written"
    );
    let labels = common::texts(&page, ".person-facts .authority a");
    assert_eq!(labels[0], "Wikidata Q16977");

    let json_ld = common::texts(&page, "script[type='application/ld+json']");
    assert_eq!(json_ld.len(), 1);
    let json_ld: serde_json::Value = serde_json::from_str(&json_ld[0]).expect("JSON-LD parses");
    assert_eq!(json_ld["@type"], "Person");
    assert_eq!(json_ld["name"], "Deng Xiaoping");
    assert_eq!(json_ld["sameAs"].as_array().map(Vec::len), Some(3));
    assert_eq!(json_ld["sameAs"][0], "https://www.wikidata.org/wiki/Q16977");

    let people: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(public.join("data/people.json")).unwrap())
            .unwrap();
    let deng = people
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["id"] == "deng-xiaoping")
        .unwrap();
    assert_eq!(
        deng["authority"]["viaf"], "102333412",
        "numbers exported as text"
    );
    assert_eq!(deng["authority"]["wikidata"], "Q16977");

    let csv = std::fs::read_to_string(public.join("data/people.csv")).unwrap();
    let mut reader = csv.lines();
    let header: Vec<&str> = reader.next().unwrap().split(',').collect();
    let row = reader.find(|l| l.starts_with("deng-xiaoping,")).unwrap();
    let column = |name: &str| header.iter().position(|h| *h == name).unwrap();
    let cells: Vec<&str> = row.split(',').collect();
    assert_eq!(cells.len(), header.len());
    assert_eq!(cells[column("wikidata")], "Q16977");
    assert_eq!(cells[column("viaf")], "102333412");
    assert_eq!(cells[column("gnd")], "");
}

#[test]
fn malformed_or_unknown_authority_ids_are_errors_where_written() {
    let edition = common::sample_edition();
    let root = edition.path();
    with_authority(
        root,
        "  wikipedia: Deng\n  wikidata: 16977\n  isni: 0000 0001 2103 2684\n",
    );
    for command in ["check", "build"] {
        let output = common::folio(root, &[command]);
        assert!(!output.status.success(), "{command} accepted them");
        let errors = common::stderr(&output);
        assert!(
            errors.contains("`wikipedia` is not an authority file Folio knows"),
            "{errors}"
        );
        assert!(errors.contains(&format!("{PERSON}:3:3")), "{errors}");
        assert!(
            errors.contains("wikidata (Wikidata, e.g. Q5816)"),
            "{errors}"
        );
        assert!(
            errors.contains("`16977` is not an identifier of the form Wikidata uses"),
            "{errors}"
        );
        assert!(errors.contains(&format!("{PERSON}:4:13")), "{errors}");
        assert!(errors.contains("a digit is mistyped"), "{errors}");
        assert!(errors.contains(&format!("{PERSON}:5:9")), "{errors}");
    }
    assert!(!root.join("public").exists(), "nothing published");
}
