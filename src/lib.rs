//! Folio: a static site generator for digital editions of archival documents.
//!
//! The pipeline is visible in the module layout:
//!
//! ```text
//! content (load + validate the edition) -> render (annotated Markdown to HTML)
//!   -> site (site graph: routes, indexes, templates) -> output (check links, write, swap)
//! ```
//!
//! [`build`] strings the stages together; `main.rs` only parses arguments.

pub mod build;
pub mod check;
pub mod cite;
pub mod config;
pub mod content;
pub mod diagnostics;
pub mod import;
pub mod init;
pub mod output;
pub mod progress;
pub mod render;
pub mod serve;
pub mod site;
