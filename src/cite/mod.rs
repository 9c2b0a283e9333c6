//! Citations of the edition's documents: Chicago, MLA and APA text, BibTeX, RIS, CSL-JSON,
//! and the metadata reference managers read from a page.
//!
//! (Implemented under issue 4; this module fixes the interface the command line uses.)

use std::path::Path;

use crate::diagnostics::{Diagnostic, Diagnostics};

/// `folio cite ID --style STYLE`: the citation text for the terminal. `style` defaults to the
/// edition's setting.
pub fn cite_command(root: &Path, id: &str, style: Option<&str>) -> Result<String, Diagnostics> {
    let _ = (root, id, style);
    Err(Diagnostics::single(Diagnostic::error(
        "folio cite",
        "citations are not available yet",
    )))
}
