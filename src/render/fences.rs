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
    ("original", "div", "doc-original"),
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
    // Fence lines are few: the text is searched for `:::`, and what lies between fence lines
    // is copied whole (a line at a time, this was 1 % of a build).
    let mut copied = 0;
    for at in memchr::memmem::find_iter(text.as_bytes(), ":::") {
        if at < copied {
            // Within the fence line just handled.
            continue;
        }
        let line_start = memchr::memrchr(b'\n', &text.as_bytes()[..at]).map_or(0, |n| n + 1);
        let line_end =
            memchr::memchr(b'\n', &text.as_bytes()[at..]).map_or(text.len(), |n| at + n + 1);
        let Some(rest) = text[line_start..line_end].trim().strip_prefix(":::") else {
            continue;
        };
        if line_start > copied {
            map.segments.push((out.len(), copied, true));
            out.push_str(&text[copied..line_start]);
        }
        copied = line_end;
        map.segments.push((out.len(), line_start, false));
        fence_line(rest, line_start, &mut out, &mut open, &mut errors);
    }
    if copied < text.len() {
        map.segments.push((out.len(), copied, true));
        out.push_str(&text[copied..]);
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

/// Writes the tag of the fence line at `offset` (`rest` is what follows its `:::`), keeping
/// the blocks still `open` and the `errors` found.
fn fence_line<'t>(
    rest: &'t str,
    offset: usize,
    out: &mut String,
    open: &mut Vec<(usize, &'t str, &'static str)>,
    errors: &mut Vec<FenceError>,
) {
    let name = rest
        .trim()
        .trim_start_matches('{')
        .trim_end_matches('}')
        .trim_start_matches('.');
    if name.is_empty() {
        match open.pop() {
            Some((_, _, element)) => {
                out.push_str("</");
                out.push_str(element);
                out.push_str(">\n\n");
            }
            None => errors.push((offset, "a closing `:::` without an opening `::: header`, `::: signature` or `::: attendance`".to_owned(), "remove the line, or open the block above it".to_owned())),
        }
    } else if let Some((kind, element, class)) = BLOCKS.iter().find(|(kind, _, _)| *kind == name) {
        out.push_str(&format!("<{element} class=\"{class}\">\n\n"));
        open.push((offset, kind, element));
    } else if let Some(lang) = name.strip_prefix("original ").map(str::trim).filter(|l| {
        !l.is_empty() && l.len() <= 35 && l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
    }) {
        // `::: original ru`: the text in the language it was written in.
        out.push_str(&format!("<div class=\"doc-original\" lang=\"{lang}\">\n\n"));
        open.push((offset, "original", "div"));
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
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn original_language_blocks_carry_their_language() {
        let (out, _) = rewrite("::: original ru\nТекст\n:::\n").unwrap();
        assert_eq!(
            out,
            "<div class=\"doc-original\" lang=\"ru\">\n\nТекст\n</div>\n\n"
        );
        assert!(rewrite("::: original ru\"><script>\n:::\n").is_err());
    }

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

    /// The rewrite as it was first written, a line at a time: what the search for `:::`
    /// must agree with.
    fn rewrite_line_by_line(text: &str) -> (String, Vec<(usize, usize, bool)>, Vec<usize>) {
        let (mut out, mut segments, mut open, mut errors) = (String::new(), vec![], vec![], vec![]);
        let mut copying = false;
        let mut offset = 0;
        for line in text.split_inclusive('\n') {
            if let Some(rest) = line.trim().strip_prefix(":::") {
                copying = false;
                segments.push((out.len(), offset, false));
                fence_line(rest, offset, &mut out, &mut open, &mut errors);
            } else {
                if !copying {
                    segments.push((out.len(), offset, true));
                    copying = true;
                }
                out.push_str(line);
            }
            offset += line.len();
        }
        let unclosed = open.iter().map(|block| block.0);
        (
            out,
            segments,
            errors.iter().map(|e| e.0).chain(unclosed).collect(),
        )
    }

    proptest::proptest! {
        #[test]
        fn fence_lines_found_by_search_are_those_found_line_by_line(
            lines in proptest::collection::vec(
                proptest::sample::select(vec![
                    "::: header\n", ":::\n", "::: signature", "text ::: here\n", "  ::: note \n",
                    "::::\n", "::: {.attendance}\n", "\u{3000}:::\n", "plain\n", "\n", "::: x\n",
                    ":::::: header :::\n", "a\n:::", "é:::\n",
                ]),
                0..12,
            )
        ) {
            let text = lines.concat();
            let (out, segments, errors) = rewrite_line_by_line(&text);
            match rewrite(&text) {
                Ok((found, map)) => {
                    proptest::prop_assert!(errors.is_empty());
                    proptest::prop_assert_eq!(found, out);
                    proptest::prop_assert_eq!(map.segments, segments);
                }
                Err(found) => {
                    proptest::prop_assert_eq!(found.iter().map(|e| e.0).collect::<Vec<_>>(), errors);
                }
            }
        }
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
