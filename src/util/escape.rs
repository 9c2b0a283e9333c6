//! Escaping text for HTML and XML. For HTML, two flavours, both safe in content and in double-quoted
//! attributes: [`escape_html`] also escapes `'` (for the citation and metadata code, whose
//! output may sit in single-quoted contexts), [`escape_attribute`] writes what pulldown-cmark
//! writes, so rendered texts and the attributes around them agree byte for byte.
//! [`escape_xml`] is for the feed and the TEI files.

/// Escapes text for HTML content and attribute values.
pub fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    push_escaped_html(&mut out, text);
    out
}

/// Appends `text` to `out` escaped as [`escape_html`] does, without a string of its own.
pub fn push_escaped_html(out: &mut String, text: &str) {
    let mut rest = text;
    // The characters escaped are ASCII, so a byte search finds them at character bounds.
    while let Some(at) = rest
        .bytes()
        .position(|b| matches!(b, b'&' | b'<' | b'>' | b'"' | b'\''))
    {
        out.push_str(&rest[..at]);
        out.push_str(match rest.as_bytes()[at] {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            _ => "&#39;",
        });
        rest = &rest[at + 1..];
    }
    out.push_str(rest);
}

/// Escapes text for a double-quoted HTML attribute.
pub fn escape_attribute(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let _ = pulldown_cmark_escape::escape_html(&mut out, text);
    out
}

/// Escapes text for XML content and attributes, dropping the control characters XML 1.0
/// cannot carry at all (they could only come from a damaged source).
pub fn escape_xml(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => {}
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_and_drops_control_characters() {
        assert_eq!(
            escape_xml("A & <B> \"c\"\u{1}"),
            "A &amp; &lt;B&gt; &quot;c&quot;"
        );
    }
}
