//! Folio: a static site generator for digital editions of archival documents.
//!
//! The pipeline is visible in the module layout:
//!
//! ```text
//! content (load + validate the edition) -> render (annotated Markdown to HTML)
//!   -> site (site graph: routes, indexes, templates) -> output (check links, write, swap)
//! ```
//!
//! [`pipeline`] strings the stages together for `folio build`, [`check`] for `folio check`;
//! `main.rs` only parses arguments. Shared helpers that know nothing of the edition are in
//! [`util`].

// Stages return `Result<_, Diagnostic>`: a diagnostic carries the file, position, message,
// hint and excerpt an editor needs, and is built only on the failure path, so its size does
// not cost anything on the paths that run for every document.
#![allow(clippy::result_large_err)]

pub mod check;
pub mod cite;
pub mod config;
pub mod console;
pub mod content;
pub mod diagnostics;
pub mod import;
pub mod init;
pub mod output;
pub mod pipeline;
pub mod progress;
pub mod render;
pub mod serve;
pub mod site;
pub mod store;
pub mod util;
