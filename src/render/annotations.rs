//! Text-level conventions of annotated Markdown, applied to the plain text between Markdown
//! elements: editorial insertions `[me]`, omissions `....` and `[...]`, page markers
//! `[Page 412]` and `[l. 176]`, and footnote markers `[^n]` left without a definition.

use pulldown_cmark_escape::escape_html;

/// One recognised piece of a text run.
#[derive(Debug, PartialEq, Eq)]
pub enum Piece<'a> {
    /// Ordinary text of the original.
    Text(&'a str),
    /// Words added by the editor or translator, with their brackets (`[invited]`).
    Insertion(&'a str),
    /// A mark of text left out (`....`, `[...]`).
    Omission(&'a str),
    /// A footnote marker whose note is not defined (`[^3]`); the label without brackets.
    DanglingFootnote(&'a str),
    /// Where a page of the original begins (`[Page 412]`, `[p. 2]`, `[l. 176]`), with the
    /// page's name as written after the word (`412`).
    PageMarker(&'a str, &'a str),
}

/// The words that open a page marker: page, leaf (`l.`, the Russian archives' `л.`), folio.
const PAGE_WORDS: &[&str] = &["Page", "page", "p.", "P.", "l.", "fol.", "f."];

/// The page a bracket's content marks, if it is a page marker: a page word, a space, and a
/// short name of letters and digits (`412`, `175ob`, `12v`, `xiv`).
fn page_marker(inner: &str) -> Option<&str> {
    let (word, page) = inner.split_once(' ')?;
    (PAGE_WORDS.contains(&word)
        && !page.is_empty()
        && page.len() <= 12
        && page.chars().any(|c| c.is_ascii_digit())
        && page.chars().all(|c| c.is_alphanumeric() || c == '-'))
    .then_some(page)
}

/// Splits a text run into pieces. Byte ranges are preserved: concatenating the pieces gives
/// back `text`.
pub fn split_text(text: &str) -> Vec<Piece<'_>> {
    let mut pieces = Vec::new();
    let bytes = text.as_bytes();
    let mut plain_start = 0;
    let mut i = 0;
    // Only a `[` or a `.` can start a piece: jump from one to the next (most bytes are
    // neither, and this runs over every text of every document).
    while let Some(offset) = memchr::memchr2(b'[', b'.', &bytes[i..]) {
        i += offset;
        let found = match bytes[i] {
            b'[' => bracket_at(text, i),
            b'.' if text[i..].starts_with("....") => {
                let end = i + text[i..].bytes().take_while(|&b| b == b'.').count();
                Some((end, Piece::Omission(&text[i..end])))
            }
            _ => None,
        };
        match found {
            Some((end, piece)) => {
                if plain_start < i {
                    pieces.push(Piece::Text(&text[plain_start..i]));
                }
                pieces.push(piece);
                i = end;
                plain_start = end;
            }
            None => i += 1,
        }
    }
    if plain_start < text.len() {
        pieces.push(Piece::Text(&text[plain_start..]));
    }
    pieces
}

fn bracket_at(text: &str, start: usize) -> Option<(usize, Piece<'_>)> {
    let close = start + text[start..].find(']')?;
    let inner = &text[start + 1..close];
    if inner.is_empty() || inner.contains('[') || inner.chars().count() > 120 {
        return None;
    }
    let end = close + 1;
    let whole = &text[start..end];
    if let Some(label) = inner.strip_prefix('^') {
        return (!label.is_empty() && !label.contains(char::is_whitespace))
            .then_some((end, Piece::DanglingFootnote(label)));
    }
    if matches!(inner, "..." | "…" | "....") {
        return Some((end, Piece::Omission(whole)));
    }
    if let Some(page) = page_marker(inner) {
        return Some((end, Piece::PageMarker(whole, page)));
    }
    Some((end, Piece::Insertion(whole)))
}

/// The HTML of an insertion or omission piece; plain text is escaped.
pub fn piece_html(piece: &Piece<'_>, out: &mut String) {
    match piece {
        Piece::Text(text) => push_escaped(out, text),
        Piece::Insertion(text) => {
            out.push_str("<span class=\"insertion\" title=\"Editorial insertion\">");
            push_escaped(out, text);
            out.push_str("</span>");
        }
        Piece::Omission(text) => {
            out.push_str("<span class=\"omission\" title=\"Passage omitted in the translation\">");
            push_escaped(out, text);
            out.push_str("</span>");
        }
        Piece::PageMarker(text, page) => {
            out.push_str("<span class=\"page-marker\" data-page=\"");
            push_escaped(out, page);
            out.push_str("\" title=\"A page of the original begins here\">");
            push_escaped(out, text);
            out.push_str("</span>");
        }
        Piece::DanglingFootnote(label) => {
            out.push_str("[^");
            push_escaped(out, label);
            out.push(']');
        }
    }
}

fn push_escaped(out: &mut String, text: &str) {
    // Writing into a String cannot fail.
    let _ = escape_html(&mut *out, text);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_insertions_omissions_and_dangling_markers() {
        assert_eq!(
            split_text("thanked [me] for it. It ended.... See [^4]."),
            vec![
                Piece::Text("thanked "),
                Piece::Insertion("[me]"),
                Piece::Text(" for it. It ended"),
                Piece::Omission("...."),
                Piece::Text(" See "),
                Piece::DanglingFootnote("4"),
                Piece::Text("."),
            ]
        );
        assert_eq!(split_text("a [...] b")[1], Piece::Omission("[...]"));
        assert_eq!(
            split_text("the [Page 1104] temporary")[1],
            Piece::PageMarker("[Page 1104]", "1104")
        );
        assert_eq!(
            split_text("[l. 175ob]")[0],
            Piece::PageMarker("[l. 175ob]", "175ob")
        );
        assert_eq!(
            split_text("[page after page]")[0],
            Piece::Insertion("[page after page]"),
            "not a page name"
        );
        assert_eq!(
            split_text("three dots... only"),
            vec![Piece::Text("three dots... only")]
        );
        assert_eq!(
            split_text("unclosed [bracket"),
            vec![Piece::Text("unclosed [bracket")]
        );
    }

    #[test]
    fn pieces_escape_their_text() {
        let mut out = String::new();
        piece_html(&Piece::Insertion("[<b>]"), &mut out);
        assert_eq!(
            out,
            "<span class=\"insertion\" title=\"Editorial insertion\">[&lt;b&gt;]</span>"
        );
    }
}
