//! Facsimiles: a document's page images and scan, shown beside its text and published as
//! static IIIF so that IIIF viewers and other editions can reuse them.
//!
//! For each page image the edition holds (`content/facsimiles/`), Folio writes a IIIF
//! Image API 3 service of level 0 (`documents/ID/iiif/N/info.json`), that is, a few fixed
//! sizes of the image as JPEG files at the addresses the API gives them
//! (`documents/ID/iiif/N/full/W,H/0/default.jpg`, and `full/max/...`); a level-0 service
//! need not cut tiles, and viewers (OpenSeadragon, Mirador) zoom from the largest size. A
//! document whose pages are all the edition's own also gets a IIIF Presentation 3 manifest
//! (`documents/ID/iiif/manifest.json`). The files live in the document's folder, with its
//! other downloads, so they follow it as the document's own files do.
//! A page may instead be a IIIF image service published elsewhere: it is shown from there.
//! A local scan (a PDF) is copied to `documents/ID/scan.pdf`.
//!
//! Making the sizes means decoding and encoding images: each file is a
//! [`Contents::Made`] whose inputs are the source's bytes, so a build that finds them
//! unchanged does not decode the image at all.

use std::path::{Path, PathBuf};

use serde::Serialize;
use serde_json::json;

use super::urls::{Urls, route};
use crate::content::{Document, Edition, FACSIMILES_DIR};
use crate::diagnostics::Diagnostic;
use crate::output::{Contents, OutputFile};

/// The widths Folio makes of each page image (besides its own), when it is wider.
const WIDTHS: [u32; 2] = [400, 1200];

/// The width of the image a page shows before it is zoomed.
const SHOWN_WIDTH: u32 = 1200;

/// JPEG quality of the sizes made.
const JPEG_QUALITY: u8 = 85;

/// How the sizes are made, in the hash of their inputs: change it whenever the code making
/// them changes what it writes, so that a build does not keep files made the old way.
const SIZES_FORMAT: &[u8] = b"folio-iiif-sizes-2";

/// A document's facsimile as its page shows it.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct FacsimileView {
    /// The page images, in order.
    pub pages: Vec<PageImage>,
    /// The scan of the original, when there is one.
    pub scan_url: Option<String>,
    /// The IIIF manifest: the edition's own, or the one the front matter names.
    pub manifest_url: Option<String>,
}

/// One page image as the document page shows it.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct PageImage {
    /// Its number, from 1.
    pub number: usize,
    /// What it is called (`l. 175`), or `Page N`.
    pub label: String,
    /// The image shown first.
    pub src: String,
    /// The largest image, for zooming.
    pub full: String,
    /// The size of `src`, when known (an image service elsewhere is not measured).
    pub width: Option<u32>,
    /// See `width`.
    pub height: Option<u32>,
    /// The IIIF image service (its `id`).
    pub service: String,
}

/// A local page image: where it is and its size.
struct LocalImage {
    source: PathBuf,
    width: u32,
    height: u32,
}

/// What page `number` (from 1) of a facsimile is called: its label, or `Page N`.
fn page_label(page: &crate::content::document::FacsimilePage, number: usize) -> String {
    match page.label.trim() {
        "" => format!("Page {number}"),
        label => label.to_owned(),
    }
}

/// The route of document `id`'s page `number`'s image service.
fn service_route(id: &str, number: usize) -> String {
    format!("{}iiif/{number}", route::document(id))
}

/// The route of document `id`'s manifest.
fn manifest_route(id: &str) -> String {
    format!("{}iiif/manifest.json", route::document(id))
}

/// The sizes made of an image `width` by `height`: the smaller widths, then its own.
fn sizes(width: u32, height: u32) -> Vec<(u32, u32)> {
    let mut sizes: Vec<(u32, u32)> = WIDTHS
        .iter()
        .filter(|&&w| w < width)
        .map(|&w| {
            let h = (u64::from(height) * u64::from(w) + u64::from(width) / 2) / u64::from(width);
            (w, (h as u32).max(1))
        })
        .collect();
    sizes.push((width, height));
    sizes
}

/// The route of an image service's image at its own size, as `max` asks for it.
fn max_route(service: &str) -> String {
    format!("{service}/full/max/0/default.jpg")
}

/// The route of one size of an image service.
fn size_route(service: &str, (width, height): (u32, u32)) -> String {
    format!("{service}/full/{width},{height}/0/default.jpg")
}

/// The size of local image `name`, or why it cannot be read.
fn measure(root: &Path, name: &str) -> Result<LocalImage, String> {
    let source = root.join(FACSIMILES_DIR).join(name);
    let (width, height) = image::image_dimensions(&source).map_err(|e| e.to_string())?;
    Ok(LocalImage {
        source,
        width,
        height,
    })
}

/// What document `document`'s page shows of its facsimile, if it has one.
pub fn view(edition: &Edition, document: &Document, urls: &Urls) -> Option<FacsimileView> {
    let meta = &document.meta;
    if meta.facsimile.is_empty() && meta.scan.is_empty() && meta.iiif_manifest.is_empty() {
        return None;
    }
    let mut all_local = !meta.facsimile.is_empty();
    let pages = (meta.facsimile.iter().enumerate())
        .map(|(i, page)| {
            let number = i + 1;
            let label = page_label(page, number);
            match (&page.image, &page.iiif) {
                (Some(name), _) => {
                    let service = service_route(&document.id, number);
                    match measure(&edition.root, name) {
                        Ok(image) => {
                            let sizes = sizes(image.width, image.height);
                            let shown = (sizes.iter())
                                .find(|(w, _)| *w >= SHOWN_WIDTH)
                                .or(sizes.last())
                                .copied()
                                .unwrap_or((image.width, image.height));
                            let full = (image.width, image.height);
                            PageImage {
                                number,
                                label,
                                src: urls.url(&size_route(&service, shown)),
                                full: urls.url(&size_route(&service, full)),
                                width: Some(shown.0),
                                height: Some(shown.1),
                                service: urls.absolute(&service),
                            }
                        }
                        // The build reports it (`document_files`); the page links the path.
                        Err(_) => PageImage {
                            number,
                            label,
                            src: String::new(),
                            full: String::new(),
                            width: None,
                            height: None,
                            service: urls.absolute(&service),
                        },
                    }
                }
                (None, service) => {
                    all_local = false;
                    let service = service.as_deref().unwrap_or_default().trim_end_matches('/');
                    PageImage {
                        number,
                        label,
                        src: format!("{service}/full/!{SHOWN_WIDTH},{SHOWN_WIDTH}/0/default.jpg"),
                        full: max_route(service),
                        width: None,
                        height: None,
                        service: service.to_owned(),
                    }
                }
            }
        })
        .collect();
    let scan_url = match meta.scan.as_str() {
        "" => None,
        address if address.contains("://") => Some(address.to_owned()),
        _ => Some(urls.url(&scan_route(&document.id))),
    };
    let manifest_url = if !meta.iiif_manifest.is_empty() {
        Some(meta.iiif_manifest.clone())
    } else {
        all_local.then(|| urls.absolute(&manifest_route(&document.id)))
    };
    Some(FacsimileView {
        pages,
        scan_url,
        manifest_url,
    })
}

/// Each page of document `document`'s facsimile as TEI names it: its label and the
/// absolute address of its largest image. (No size: the TEI file is made from the front
/// matter alone, and an image replaced under the same name keeps it right.)
pub fn surfaces(document: &Document, urls: &Urls) -> Vec<(String, String)> {
    (document.meta.facsimile.iter().enumerate())
        .map(|(i, page)| {
            let number = i + 1;
            let label = page_label(page, number);
            let address = match (&page.image, &page.iiif) {
                (Some(_), _) => urls.absolute(&max_route(&service_route(&document.id, number))),
                (None, service) => {
                    max_route(service.as_deref().unwrap_or_default().trim_end_matches('/'))
                }
            };
            (label, address)
        })
        .collect()
}

/// The route of document `id`'s local scan.
fn scan_route(id: &str) -> String {
    format!("{}scan.pdf", route::document(id))
}

/// The files of document `index`'s facsimile: each local page's image service and sizes,
/// the manifest, the scan. A size whose source is as at the last build (`last_build`) is
/// not made again. An image that cannot be read is an error at its name.
pub fn document_files(
    edition: &Edition,
    index: usize,
    urls: &Urls,
    last_build: Option<&rustc_hash::FxHashMap<String, u128>>,
) -> Result<Vec<OutputFile>, Diagnostic> {
    let document = &edition.documents[index];
    let meta = &document.meta;
    let mut files = Vec::new();
    let mut canvases = Vec::new();
    let mut all_local = !meta.facsimile.is_empty();
    for (i, page) in meta.facsimile.iter().enumerate() {
        let number = i + 1;
        let Some(name) = &page.image else {
            all_local = false;
            continue;
        };
        let unreadable = |why: String| {
            let error = Diagnostic::error(
                &document.path,
                format!("the page image `{name}` cannot be read: {why}"),
            )
            .with_hint("save it again as a JPEG or PNG file");
            // A build keeps no file text: it is read again to say where the name is.
            let text = std::fs::read_to_string(edition.root.join(&document.path)).ok();
            let text = text.as_deref().unwrap_or_default();
            match crate::content::front_matter::split(&document.path, text) {
                Ok(split) => error.at(text, split.locate(text, "image", Some(name))),
                Err(_) => error,
            }
        };
        let image = measure(&edition.root, name).map_err(unreadable)?;
        let bytes = std::fs::read(&image.source).map_err(|e| unreadable(e.to_string()))?;
        let service = service_route(&document.id, number);
        let sizes = sizes(image.width, image.height);
        // Level 0 also answers `max`: the image at its own size.
        let targets: Vec<(String, (u32, u32))> = (sizes.iter())
            .map(|&size| (size_route(&service, size), size))
            .chain([(max_route(&service), (image.width, image.height))])
            .collect();
        files.extend(made_sizes(&bytes, &targets, last_build).map_err(unreadable)?);
        files.push(OutputFile {
            path: format!("{service}/info.json"),
            contents: Contents::Text(image_info(&urls.absolute(&service), &image, &sizes)),
        });
        let label = page_label(page, number);
        canvases.push(canvas(urls, &document.id, number, &label, &image));
    }
    if all_local {
        files.push(OutputFile {
            path: manifest_route(&document.id),
            contents: Contents::Text(manifest(edition, document, urls, canvases)),
        });
    }
    if !meta.scan.is_empty() && !meta.scan.contains("://") {
        files.push(OutputFile {
            path: scan_route(&document.id),
            contents: Contents::Copy(edition.root.join(FACSIMILES_DIR).join(&meta.scan)),
        });
    }
    Ok(files)
}

/// The JPEG files of each size of an image (`bytes`), or why it cannot be decoded. The
/// image is decoded only when some size is not as at the last build.
fn made_sizes(
    bytes: &[u8],
    targets: &[(String, (u32, u32))],
    last_build: Option<&rustc_hash::FxHashMap<String, u128>>,
) -> Result<Vec<OutputFile>, String> {
    let mut files: Vec<OutputFile> = targets
        .iter()
        .map(|(path, size)| {
            let mut hasher = xxhash_rust::xxh3::Xxh3::new();
            hasher.update(env!("CARGO_PKG_VERSION").as_bytes());
            hasher.update(SIZES_FORMAT);
            hasher.update(&size.0.to_le_bytes());
            hasher.update(&size.1.to_le_bytes());
            hasher.update(&[JPEG_QUALITY]);
            hasher.update(bytes);
            OutputFile {
                path: path.clone(),
                contents: Contents::Made {
                    bytes: None,
                    inputs: hasher.digest128(),
                },
            }
        })
        .collect();
    let kept = |file: &OutputFile| match (&file.contents, last_build) {
        (Contents::Made { inputs, .. }, Some(last)) => last.get(&file.path) == Some(inputs),
        _ => false,
    };
    if files.iter().all(kept) {
        return Ok(files);
    }
    let decoded = image::load_from_memory(bytes).map_err(|e| e.to_string())?;
    let decoded = image::DynamicImage::ImageRgb8(decoded.to_rgb8());
    for (file, &(_, (width, height))) in files.iter_mut().zip(targets) {
        if kept(file) {
            continue;
        }
        let own_size = (width, height) == (decoded.width(), decoded.height());
        if own_size && bytes.starts_with(&[0xFF, 0xD8]) {
            // A JPEG at its own size is published as it is: encoding it again loses detail.
            if let Contents::Made { bytes: made, .. } = &mut file.contents {
                *made = Some(bytes.to_vec());
            }
            continue;
        }
        let resized = if own_size {
            decoded.clone()
        } else {
            decoded.resize_exact(width, height, image::imageops::FilterType::Triangle)
        };
        let mut jpeg = Vec::new();
        image::codecs::jpeg::JpegEncoder::new_with_quality(&mut jpeg, JPEG_QUALITY)
            .encode_image(&resized)
            .map_err(|e| e.to_string())?;
        if let Contents::Made { bytes, .. } = &mut file.contents {
            *bytes = Some(jpeg);
        }
    }
    Ok(files)
}

/// The `info.json` of a level-0 IIIF Image API 3 service `id`.
fn image_info(id: &str, image: &LocalImage, sizes: &[(u32, u32)]) -> String {
    let info = json!({
        "@context": "http://iiif.io/api/image/3/context.json",
        "id": id,
        "type": "ImageService3",
        "protocol": "http://iiif.io/api/image",
        "profile": "level0",
        "width": image.width,
        "height": image.height,
        "sizes": sizes.iter().map(|(w, h)| json!({"width": w, "height": h})).collect::<Vec<_>>(),
    });
    serde_json::to_string_pretty(&info).unwrap_or_default()
}

/// A IIIF Presentation 3 canvas for one local page.
fn canvas(
    urls: &Urls,
    id: &str,
    number: usize,
    label: &str,
    image: &LocalImage,
) -> serde_json::Value {
    let manifest = urls.absolute(&manifest_route(id));
    let base = manifest.trim_end_matches("manifest.json");
    let canvas = format!("{base}canvas/{number}");
    let service = urls.absolute(&service_route(id, number));
    let full = urls.absolute(&size_route(
        &service_route(id, number),
        (image.width, image.height),
    ));
    json!({
        "id": canvas,
        "type": "Canvas",
        "label": {"none": [label]},
        "width": image.width,
        "height": image.height,
        "items": [{
            "id": format!("{base}page/{number}"),
            "type": "AnnotationPage",
            "items": [{
                "id": format!("{base}annotation/{number}"),
                "type": "Annotation",
                "motivation": "painting",
                "target": canvas,
                "body": {
                    "id": full,
                    "type": "Image",
                    "format": "image/jpeg",
                    "width": image.width,
                    "height": image.height,
                    "service": [{"id": service, "type": "ImageService3", "profile": "level0"}],
                },
            }],
        }],
    })
}

/// The IIIF Presentation 3 manifest of a document whose pages are all local.
fn manifest(
    edition: &Edition,
    document: &Document,
    urls: &Urls,
    canvases: Vec<serde_json::Value>,
) -> String {
    let meta = &document.meta;
    let language = edition.config.language.as_str();
    let mut metadata = Vec::new();
    for (label, value) in [
        ("Archive", meta.archive.as_str()),
        ("Reference", meta.archive_location.as_str()),
        ("Original language", meta.original_language.as_str()),
    ] {
        if !value.is_empty() {
            metadata.push(json!({
                "label": {language: [label]},
                "value": {"none": [value]},
            }));
        }
    }
    let page = urls.absolute(&route::document(&document.id));
    let mut manifest = json!({
        "@context": "http://iiif.io/api/presentation/3/context.json",
        "id": urls.absolute(&manifest_route(&document.id)),
        "type": "Manifest",
        "label": {language: [meta.title]},
        "metadata": metadata,
        "requiredStatement": {
            "label": {language: ["Published in"]},
            "value": {language: [edition.config.title]},
        },
        "homepage": [{
            "id": page,
            "type": "Text",
            "label": {language: [meta.title]},
            "format": "text/html",
        }],
        "items": canvases,
    });
    if !meta.summary.is_empty() {
        manifest["summary"] = json!({ language: [meta.summary] });
    }
    serde_json::to_string_pretty(&manifest).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_are_the_smaller_widths_then_the_image_itself() {
        assert_eq!(
            sizes(2000, 3000),
            vec![(400, 600), (1200, 1800), (2000, 3000)]
        );
        assert_eq!(sizes(800, 1000), vec![(400, 500), (800, 1000)]);
        assert_eq!(sizes(300, 10), vec![(300, 10)]);
    }

    #[test]
    fn kept_sizes_are_not_made_again_and_others_are_jpeg_of_their_size() {
        let mut png = Vec::new();
        image::DynamicImage::new_rgb8(1000, 500)
            .write_to(&mut std::io::Cursor::new(&mut png), image::ImageFormat::Png)
            .unwrap();
        let targets: Vec<(String, (u32, u32))> = (sizes(1000, 500).into_iter())
            .map(|size| (size_route("iiif/d/1", size), size))
            .collect();
        let made = made_sizes(&png, &targets, None).unwrap();
        assert_eq!(made.len(), 2);
        let Contents::Made {
            bytes: Some(small),
            inputs,
        } = &made[0].contents
        else {
            panic!("not made: {:?}", made[0].path);
        };
        assert_eq!(made[0].path, "iiif/d/1/full/400,200/0/default.jpg");
        assert_eq!(image::load_from_memory(small).unwrap().width(), 400);

        let last: rustc_hash::FxHashMap<String, u128> =
            [(made[0].path.clone(), *inputs)].into_iter().collect();
        let again = made_sizes(&png, &targets, Some(&last)).unwrap();
        assert!(matches!(
            again[0].contents,
            Contents::Made { bytes: None, .. }
        ));
        assert!(matches!(
            again[1].contents,
            Contents::Made { bytes: Some(_), .. }
        ));
    }
}
