//! Escaping text for HTML. Two flavours, both safe in content and in double-quoted
//! attributes: [`escape_html`] also escapes `'` (for the citation and metadata code, whose
//! output may sit in single-quoted contexts), [`escape_attribute`] writes what pulldown-cmark
//! writes, so rendered texts and the attributes around them agree byte for byte.

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
