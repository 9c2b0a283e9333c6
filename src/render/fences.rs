//! Fenced blocks (`::: header` ... `:::`) that mark the parts of an archival document: the
//! header block, the closing signature and the attendance sentence.
//!
//! CommonMark has no such blocks, so before parsing each fence line is replaced by the HTML
//! tag it stands for, followed by a blank line so the Markdown inside is still Markdown.
//! The replacement changes byte offsets; [`OffsetMap`] maps them back for error messages.

/// The kinds of fenced block, their HTML element and class.
pub const BLOCKS: &[(&str, &str, &str)] = &[
    ("header", "header", "doc-header"),
    ("signature", "footer", "doc-signature"),
    ("attendance", "div", "doc-attendance"),
    ("note", "aside", "doc-note"),
];

/// Maps byte offsets in the rewritten text back to the original.
#[derive(Debug, Default)]
pub struct OffsetMap {
    /// (offset in rewritten text, offset in original text) at the start of each segment.
    segments: Vec<(usize, usize, bool)>,
}

impl OffsetMap {
    /// The original offset for `offset` in the rewritten text.
    pub fn original(&self, offset: usize) -> usize {
        let index = self
            .segments
            .partition_point(|&(rewritten, _, _)| rewritten <= offset);
        match index.checked_sub(1).map(|i| self.segments[i]) {
            Some((rewritten, original, true)) => original + (offset - rewritten),
            Some((_, original, false)) => original,
            None => offset,
        }
    }
}

/// A fence problem: byte offset in the original text, message, hint.
pub type FenceError = (usize, String, String);

/// Rewrites fence lines into HTML block tags.
pub fn rewrite(text: &str) -> Result<(String, OffsetMap), Vec<FenceError>> {
    let mut out = String::with_capacity(text.len() + 64);
    let mut map = OffsetMap::default();
    let mut open: Vec<(usize, &str, &str)> = Vec::new();
    let mut errors = Vec::new();
    let mut offset = 0;
    let mut copying_since: Option<usize> = None;
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim();
        if let Some(rest) = trimmed.strip_prefix(":::") {
            let name = rest
                .trim()
                .trim_start_matches('{')
                .trim_end_matches('}')
                .trim_start_matches('.');
            copying_since = None;
            map.segments.push((out.len(), offset, false));
            if name.is_empty() {
                match open.pop() {
                    Some((_, _, element)) => {
                        out.push_str("</");
                        out.push_str(element);
                        out.push_str(">\n\n");
                    }
                    None => errors.push((offset, "a closing `:::` without an opening `::: header`, `::: signature` or `::: attendance`".to_owned(), "remove the line, or open the block above it".to_owned())),
                }
            } else if let Some((kind, element, class)) =
                BLOCKS.iter().find(|(kind, _, _)| *kind == name)
            {
                out.push_str(&format!("<{element} class=\"{class}\">\n\n"));
                open.push((offset, kind, element));
            } else {
                let known: Vec<String> = BLOCKS
                    .iter()
                    .map(|(k, _, _)| format!("`::: {k}`"))
                    .collect();
                errors.push((
                    offset,
                    format!("unknown block `::: {name}`"),
                    format!("the blocks are {}", known.join(", ")),
                ));
            }
        } else {
            if copying_since.is_none() {
                map.segments.push((out.len(), offset, true));
                copying_since = Some(offset);
            }
            out.push_str(line);
        }
        offset += line.len();
    }
    for (at, kind, _) in open {
        errors.push((
            at,
            format!("the `::: {kind}` block is never closed"),
            "add a line containing only `:::` where the block ends".to_owned(),
        ));
    }
    if errors.is_empty() {
        Ok((out, map))
    } else {
        Err(errors)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rewrites_fences_and_maps_offsets_back() {
        let text = "::: header\nFrom the Diary\n:::\nText here\n";
        let (out, map) = rewrite(text).unwrap();
        assert_eq!(
            out,
            "<header class=\"doc-header\">\n\nFrom the Diary\n</header>\n\nText here\n"
        );
        let rewritten = out.find("Text here").unwrap();
        assert_eq!(map.original(rewritten), text.find("Text here").unwrap());
        let diary = out.find("Diary").unwrap();
        assert_eq!(map.original(diary), text.find("Diary").unwrap());
    }

    #[test]
    fn reports_unclosed_and_unknown_blocks() {
        let errors = rewrite("::: header\nx\n::: sigature\n").unwrap_err();
        assert_eq!(errors.len(), 2);
        assert!(
            errors
                .iter()
                .any(|e| e.1.contains("unknown block `::: sigature`"))
        );
        assert!(errors.iter().any(|e| e.1.contains("never closed")));
    }
}
