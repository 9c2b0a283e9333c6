//! Raw transcript bytes to text. Transcripts are copied from web pages, so most are UTF-8;
//! some arrive as UTF-16 (Windows "Unicode" text files), which is decoded when it carries a
//! byte-order mark. Anything else that is not UTF-8 (Windows-1251, binary files) is refused
//! with the position of the first bad byte, never guessed at: a wrong guess would put
//! mojibake into the edition silently.

use std::path::Path;

use crate::diagnostics::{Diagnostic, Position};

/// Decodes a transcript, normalising line ends to `\n` and dropping a byte-order mark.
/// Characters that are not text are replaced ([`decode_with_warnings`] says where).
pub fn decode(path: &Path, bytes: &[u8]) -> Result<String, Diagnostic> {
    decode_with_warnings(path, bytes).map(|(text, _)| text)
}

/// Decodes a transcript as [`decode`] does, with a warning when characters that are not text
/// were replaced: a stray NUL or other control character, or a Unicode non-character, becomes
/// U+FFFD (a form feed, vertical tab or NEL is a line break). A file with many of them is not
/// a text transcript and is refused.
pub fn decode_with_warnings(
    path: &Path,
    bytes: &[u8],
) -> Result<(String, Vec<Diagnostic>), Diagnostic> {
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(Diagnostic::error(path, "the transcript is empty")
            .with_hint("copy the transcript text from the archive's document page into the file"));
    }
    let text = if let Some(rest) = bytes.strip_prefix(&[0xFF, 0xFE]) {
        utf16(path, rest, u16::from_le_bytes)?
    } else if let Some(rest) = bytes.strip_prefix(&[0xFE, 0xFF]) {
        utf16(path, rest, u16::from_be_bytes)?
    } else {
        let bytes = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]).unwrap_or(bytes);
        match std::str::from_utf8(bytes) {
            Ok(text) => text.to_owned(),
            Err(error) => return Err(not_utf8(path, bytes, error.valid_up_to())),
        }
    };
    let mut warnings = Vec::new();
    let text = match text.find(|c: char| is_not_text(c) || is_line_break_control(c)) {
        None => text,
        Some(first) => {
            let chars = text.chars().count();
            let not_text = text.chars().filter(|&c| is_not_text(c)).count();
            if not_text * 8 > chars {
                let offset = text.find(is_not_text).unwrap_or(first);
                let position = Position::of_offset(&text, offset);
                let is_utf16_without_bom = text.contains('\0');
                return Err(Diagnostic::error(
                    path,
                    "the file is not a text transcript: it contains control characters",
                )
                .at(&text, position)
                .with_hint(if is_utf16_without_bom {
                    "this looks like UTF-16 text without a byte-order mark; save it as UTF-8"
                } else {
                    "import plain-text transcripts only (copy the text from the document page)"
                }));
            }
            if not_text > 0 {
                let offset = text.find(is_not_text).unwrap_or(first);
                warnings.push(
                    Diagnostic::warning(
                        path,
                        format!(
                            "{not_text} character(s) that are not text (NUL, control characters or Unicode non-characters) replaced with U+FFFD"
                        ),
                    )
                    .at(&text, Position::of_offset(&text, offset))
                    .with_hint("check the text there against the archive's page: a character may be missing"),
                );
            }
            text.chars()
                .map(|c| {
                    if is_line_break_control(c) {
                        '\n'
                    } else if is_not_text(c) {
                        char::REPLACEMENT_CHARACTER
                    } else {
                        c
                    }
                })
                .collect()
        }
    };
    let text = if text.contains('\r') {
        text.replace("\r\n", "\n").replace('\r', "\n")
    } else {
        text
    };
    Ok((text, warnings))
}

/// A form feed, vertical tab or NEL: a page or line break in text copied from a PDF.
fn is_line_break_control(c: char) -> bool {
    matches!(c, '\u{b}' | '\u{c}' | '\u{85}')
}

/// A character that is not text: a control character other than tab, line feed, carriage
/// return and the line breaks above, or a Unicode non-character (U+FDD0–U+FDEF, U+xFFFE,
/// U+xFFFF).
pub fn is_not_text(c: char) -> bool {
    (c.is_control() && !matches!(c, '\t' | '\n' | '\r') && !is_line_break_control(c))
        || is_noncharacter(c)
}

/// A Unicode non-character: never to be exchanged as text.
pub fn is_noncharacter(c: char) -> bool {
    let u = u32::from(c);
    (0xFDD0..=0xFDEF).contains(&u) || (u & 0xFFFE) == 0xFFFE
}

fn utf16(path: &Path, bytes: &[u8], unit: fn([u8; 2]) -> u16) -> Result<String, Diagnostic> {
    if !bytes.len().is_multiple_of(2) {
        return Err(
            Diagnostic::error(path, "the UTF-16 file is cut short (odd number of bytes)")
                .with_hint("save the transcript again as UTF-8"),
        );
    }
    let units = bytes.chunks_exact(2).map(|pair| unit([pair[0], pair[1]]));
    char::decode_utf16(units)
        .collect::<Result<String, _>>()
        .map_err(|_| {
            Diagnostic::error(path, "the UTF-16 file has an unpaired surrogate")
                .with_hint("save the transcript again as UTF-8")
        })
}

fn not_utf8(path: &Path, bytes: &[u8], valid_up_to: usize) -> Diagnostic {
    let before = String::from_utf8_lossy(&bytes[..valid_up_to]);
    let position = Position::of_offset(&before, before.len());
    let byte = bytes.get(valid_up_to).copied().unwrap_or(0);
    let zeros = bytes.iter().filter(|&&b| b == 0).count();
    let (message, hint) = if zeros > bytes.len() / 8 {
        (
            "the file is binary, not a text transcript".to_owned(),
            "import plain-text transcripts (.txt); a PDF or word-processor file must be copied out as text first",
        )
    } else {
        (
            format!("the transcript is not UTF-8 text: undecodable byte 0x{byte:02X}"),
            "it is probably in a legacy encoding such as Windows-1251; save it as UTF-8 (in most editors: File > Save with Encoding > UTF-8) and import again",
        )
    };
    Diagnostic::error(path, message)
        .at(&before, position)
        .with_hint(hint)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decode_bytes(bytes: &[u8]) -> Result<String, Diagnostic> {
        decode(Path::new("t.txt"), bytes)
    }

    #[test]
    fn accepts_utf8_with_or_without_bom_and_normalises_line_ends() {
        assert_eq!(decode_bytes(b"a\r\nb\rc").unwrap(), "a\nb\nc");
        assert_eq!(decode_bytes(b"\xEF\xBB\xBFabc").unwrap(), "abc");
    }

    #[test]
    fn decodes_utf16_with_a_byte_order_mark() {
        let mut le = vec![0xFF, 0xFE];
        le.extend("Дэн".encode_utf16().flat_map(u16::to_le_bytes));
        assert_eq!(decode_bytes(&le).unwrap(), "Дэн");
        let mut be = vec![0xFE, 0xFF];
        be.extend("Deng".encode_utf16().flat_map(u16::to_be_bytes));
        assert_eq!(decode_bytes(&be).unwrap(), "Deng");
        assert!(decode_bytes(&[0xFF, 0xFE, 0x41]).is_err());
    }

    #[test]
    fn refuses_legacy_encodings_empty_and_binary_files_with_a_position() {
        let error = decode_bytes(b"line\n\xC4\xFD\xED").unwrap_err();
        assert!(error.message.contains("0xC4"), "{}", error.message);
        assert_eq!(error.position, Some(Position { line: 2, column: 1 }));
        assert!(error.hint.unwrap().contains("Windows-1251"));
        assert!(decode_bytes(b"").unwrap_err().message.contains("empty"));
        assert!(
            decode_bytes(b" \n\n")
                .unwrap_err()
                .message
                .contains("empty")
        );
        let binary = decode_bytes(b"%PDF\x00\x00\x00\x00\xFF\x00").unwrap_err();
        assert!(binary.message.contains("binary"), "{}", binary.message);
        let nul = decode_bytes(b"a\0b\0").unwrap_err();
        assert!(nul.message.contains("control"));
        assert!(nul.hint.unwrap().contains("UTF-16"));
    }

    #[test]
    fn a_stray_control_or_non_character_is_replaced_with_a_warning() {
        let (text, warnings) = decode_with_warnings(
            Path::new("t.txt"),
            "One line.\nA NUL\0, an escape\u{1b}[31m and \u{ffff} here.\u{c}Next page\r\n"
                .as_bytes(),
        )
        .unwrap();
        assert_eq!(
            text,
            "One line.\nA NUL\u{fffd}, an escape\u{fffd}[31m and \u{fffd} here.\nNext page\n"
        );
        assert_eq!(warnings.len(), 1);
        assert!(
            warnings[0].message.contains("3 character(s)"),
            "{}",
            warnings[0]
        );
        assert_eq!(warnings[0].position, Some(Position { line: 2, column: 6 }));
        // Line separators are text.
        assert_eq!(decode_bytes("a\u{2028}b".as_bytes()).unwrap(), "a\u{2028}b");
        assert!(is_noncharacter('\u{fdd0}') && is_noncharacter('\u{10ffff}'));
        assert!(!is_noncharacter('\u{fffd}'));
    }
}
