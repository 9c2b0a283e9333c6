//! Facsimiles: a document's page images become a static IIIF level-0 image service per
//! page and a Presentation 3 manifest; its scan is published beside the page; the page
//! shows them; and `folio build` refuses a facsimile that names a missing or unusable file
//! or an unsafe address, at the line and column where it is written.

mod common;

use std::path::Path;

const DOC: &str = "content/documents/1961-09-30-chervonenko-deng-xiaoping.md";
const ID: &str = "1961-09-30-chervonenko-deng-xiaoping";
const BASE: &str = "https://folio-editions.github.io/sample/";

fn json(path: &Path) -> serde_json::Value {
    serde_json::from_str(&std::fs::read_to_string(path).unwrap())
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The output file an absolute address of the sample points to.
fn output_file(public: &Path, address: &str) -> std::path::PathBuf {
    public.join(
        address
            .strip_prefix(BASE)
            .unwrap_or_else(|| panic!("{address} is not under {BASE}")),
    )
}

#[test]
fn page_images_are_published_as_iiif_and_shown_on_the_page() {
    let edition = common::sample_edition();
    let root = edition.path();
    let output = common::folio(root, &["build"]);
    assert!(output.status.success(), "{}", common::stderr(&output));
    let public = root.join("public");

    for page in 1..=2 {
        let service = public.join(format!("documents/{ID}/iiif/{page}"));
        let info = json(&service.join("info.json"));
        assert_eq!(info["@context"], "http://iiif.io/api/image/3/context.json");
        assert_eq!(info["type"], "ImageService3");
        assert_eq!(info["profile"], "level0");
        assert_eq!(info["id"], format!("{BASE}documents/{ID}/iiif/{page}"));
        let (width, height) = (
            info["width"].as_u64().unwrap(),
            info["height"].as_u64().unwrap(),
        );
        assert_eq!((width, height), (1000, 1414));
        let sizes = info["sizes"].as_array().unwrap();
        assert_eq!(sizes.len(), 2, "400 wide and its own size: {sizes:?}");
        // Every size listed is there, a JPEG of that size, where the Image API puts it.
        for size in sizes {
            let (w, h) = (
                size["width"].as_u64().unwrap(),
                size["height"].as_u64().unwrap(),
            );
            let file = service.join(format!("full/{w},{h}/0/default.jpg"));
            let image = image::open(&file).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
            assert_eq!(
                (u64::from(image.width()), u64::from(image.height())),
                (w, h)
            );
        }
        assert!(
            service.join("full/max/0/default.jpg").is_file(),
            "level 0 answers max"
        );
    }
    // The edition's own JPEG at its own size is published as it is.
    assert_eq!(
        std::fs::read(public.join(format!(
            "documents/{ID}/iiif/1/full/1000,1414/0/default.jpg"
        )))
        .unwrap(),
        std::fs::read(root.join("content/facsimiles/1961-09-30-chervonenko-l175.jpg")).unwrap()
    );

    let manifest = json(&public.join(format!("documents/{ID}/iiif/manifest.json")));
    assert_eq!(
        manifest["@context"],
        "http://iiif.io/api/presentation/3/context.json"
    );
    assert_eq!(manifest["type"], "Manifest");
    assert_eq!(
        manifest["id"],
        format!("{BASE}documents/{ID}/iiif/manifest.json")
    );
    assert!(
        manifest["label"]["en"][0]
            .as_str()
            .unwrap()
            .starts_with("From the Diary of S. V. Chervonenko")
    );
    assert_eq!(
        manifest["homepage"][0]["id"],
        format!("{BASE}documents/{ID}/")
    );
    let canvases = manifest["items"].as_array().unwrap();
    assert_eq!(canvases.len(), 2);
    assert_eq!(canvases[0]["label"]["none"][0], "l. 175");
    assert_eq!(canvases[1]["label"]["none"][0], "l. 176");
    for canvas in canvases {
        assert_eq!(canvas["type"], "Canvas");
        let annotation = &canvas["items"][0]["items"][0];
        assert_eq!(annotation["motivation"], "painting");
        assert_eq!(annotation["target"], canvas["id"]);
        let body = &annotation["body"];
        assert_eq!(
            (body["width"].clone(), body["height"].clone()),
            (canvas["width"].clone(), canvas["height"].clone())
        );
        assert!(output_file(&public, body["id"].as_str().unwrap()).is_file());
        let service = body["service"][0]["id"].as_str().unwrap();
        assert!(output_file(&public, &format!("{service}/info.json")).is_file());
    }

    assert_eq!(
        std::fs::read(public.join(format!("documents/{ID}/scan.pdf"))).unwrap(),
        std::fs::read(root.join("content/facsimiles/1961-09-30-chervonenko-scan.pdf")).unwrap()
    );

    let page = common::page(&public, &format!("documents/{ID}/"));
    assert_eq!(
        common::texts(&page, ".facsimile figcaption"),
        ["l. 175", "l. 176"]
    );
    let sources = common::attrs(&page, ".facsimile img", "src");
    assert_eq!(sources.len(), 2);
    assert!(sources[0].ends_with(&format!(
        "documents/{ID}/iiif/1/full/1000,1414/0/default.jpg"
    )));
    assert_eq!(
        common::attrs(&page, ".facsimile img", "alt")[1],
        "Page image 2 of 2 (l. 176)"
    );
    assert_eq!(
        common::texts(&page, ".archive-link .scan-link"),
        ["Scan of the original (PDF)"],
        "the scan is linked under the title"
    );
    assert_eq!(
        common::attrs(&page, ".facsimile__links a", "href")[1],
        format!("{BASE}documents/{ID}/iiif/manifest.json")
    );
    assert!(common::broken_links(&public, "/sample/").is_empty());
}

#[test]
fn an_image_service_elsewhere_is_shown_from_there_and_gets_no_manifest_here() {
    let edition = common::sample_edition();
    let root = edition.path();
    common::edit(
        root,
        DOC,
        "  - image: 1961-09-30-chervonenko-l176.jpg\n",
        "  - iiif: https://images.example.org/iiif/3/l176/\n",
    );
    let output = common::folio(root, &["build"]);
    assert!(output.status.success(), "{}", common::stderr(&output));
    let public = root.join("public");
    let page = common::page(&public, &format!("documents/{ID}/"));
    let sources = common::attrs(&page, ".facsimile img", "src");
    assert_eq!(
        sources[1],
        "https://images.example.org/iiif/3/l176/full/!1200,1200/0/default.jpg"
    );
    assert!(
        !public
            .join(format!("documents/{ID}/iiif/manifest.json"))
            .exists()
    );
    assert!(!public.join(format!("documents/{ID}/iiif/2")).exists());
    assert!(
        public
            .join(format!("documents/{ID}/iiif/1/info.json"))
            .is_file()
    );
}

#[test]
fn a_rebuild_makes_a_page_image_again_only_when_its_source_changed() {
    let edition = common::sample_edition();
    let root = edition.path();
    let small = root.join(format!(
        "public/documents/{ID}/iiif/1/full/400,566/0/default.jpg"
    ));
    let modified = || std::fs::metadata(&small).unwrap().modified().unwrap();
    let output = common::folio(root, &["build"]);
    assert!(output.status.success(), "{}", common::stderr(&output));
    let first = std::fs::read(&small).unwrap();
    let written = modified();
    let output = common::folio(root, &["build"]);
    assert!(output.status.success(), "{}", common::stderr(&output));
    assert_eq!(modified(), written, "an unchanged image was written again");

    // The page replaced by a white image of another size.
    let source = root.join("content/facsimiles/1961-09-30-chervonenko-l175.jpg");
    image::DynamicImage::new_rgb8(800, 1000)
        .save(&source)
        .unwrap();
    let output = common::folio(root, &["build"]);
    assert!(output.status.success(), "{}", common::stderr(&output));
    let info = json(&root.join(format!("public/documents/{ID}/iiif/1/info.json")));
    assert_eq!(
        (info["width"].as_u64(), info["height"].as_u64()),
        (Some(800), Some(1000))
    );
    let small = root.join(format!(
        "public/documents/{ID}/iiif/1/full/400,500/0/default.jpg"
    ));
    assert_ne!(std::fs::read(&small).unwrap(), first);
    assert!(
        !root
            .join(format!(
                "public/documents/{ID}/iiif/1/full/400,566/0/default.jpg"
            ))
            .exists(),
        "the old size is gone"
    );
}

#[test]
fn a_facsimile_naming_a_missing_or_unusable_file_or_an_unsafe_address_is_refused_where_written() {
    for (from, to, expected) in [
        (
            "  - image: 1961-09-30-chervonenko-l176.jpg\n",
            "  - image: missing.jpg\n",
            "`missing.jpg` is not in content/facsimiles/\n  --> content/documents/1961-09-30-chervonenko-deng-xiaoping.md:40:12",
        ),
        (
            "  - image: 1961-09-30-chervonenko-l176.jpg\n",
            "  - image: ../../site.toml\n",
            "`image: ../../site.toml` is not a .jpg or .jpeg or .png file",
        ),
        (
            "  - image: 1961-09-30-chervonenko-l176.jpg\n",
            "  - iiif: javascript:alert(1)\n",
            "deng-xiaoping.md:40:11",
        ),
        (
            "scan: 1961-09-30-chervonenko-scan.pdf\n",
            "scan: scan.docx\n",
            "`scan: scan.docx` is not a .pdf file",
        ),
        (
            "  - image: 1961-09-30-chervonenko-l176.jpg\n",
            "  - image: 1961-09-30-chervonenko-l176.jpg\n    iiif: https://example.org/iiif/x\n",
            "needs either `image:` or `iiif:`, and not both",
        ),
    ] {
        let edition = common::sample_edition();
        let root = edition.path();
        common::edit(root, DOC, from, to);
        let output = common::folio(root, &["build"]);
        let stderr = common::stderr(&output);
        assert!(!output.status.success(), "{to}: built");
        assert!(
            stderr.contains(expected),
            "{to}: no `{expected}` in\n{stderr}"
        );
    }
}

#[test]
fn an_image_that_cannot_be_read_is_an_error_at_its_name() {
    let edition = common::sample_edition();
    let root = edition.path();
    std::fs::write(
        root.join("content/facsimiles/1961-09-30-chervonenko-l176.jpg"),
        "not an image",
    )
    .unwrap();
    let output = common::folio(root, &["build"]);
    let stderr = common::stderr(&output);
    assert!(!output.status.success());
    assert!(
        stderr.contains("error: the page image `1961-09-30-chervonenko-l176.jpg` cannot be read")
            && stderr.contains("deng-xiaoping.md:40:12"),
        "{stderr}"
    );
    assert!(!root.join("public").exists(), "nothing published");
}
