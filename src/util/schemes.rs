//! Which addresses a page may hold: `http:`, `https:`, `mailto:` and addresses within the
//! site (`/edition/documents/x/`, `#fn-1`, `//host/` inherits the page's scheme). Anything
//! else (`javascript:`, `data:`, `vbscript:`, `file:`, ...) runs code or leaves the web, and
//! is refused wherever it would be published: Markdown links and images, reference
//! definitions, autolinks, raw HTML attributes, front-matter and settings URLs, and (as a
//! last check) every `href` and `src` of every generated page.
//!
//! An address is read as a browser reads it, so disguises do not pass: character references
//! (`&#106;avascript:`, `javascript&colon;`) are decoded, and tabs, line breaks, spaces and
//! other control characters anywhere (`JaVa\tScript:`) are dropped before the scheme is
//! looked at, whose case does not matter.

/// Schemes a published address may use.
pub const ALLOWED_SCHEMES: [&str; 3] = ["http", "https", "mailto"];

/// The hint given with every refused address.
pub const HINT: &str = "Folio publishes only http:, https: and mailto: addresses and addresses within the site (starting with `/` or `#`); write the full https:// address, or remove the link";

/// Why `url` may not be published (`None` when it may): the scheme it uses, in a sentence.
///
/// `url` is read with its character references decoded (pass what a browser would read
/// as the attribute's value; decoding an already decoded Markdown destination again can
/// only refuse more, never let more through).
pub fn refusal(url: &str) -> Option<String> {
    // Most addresses are printable ASCII without references: nothing to decode or drop,
    // and every link of every page comes through here.
    let plain = url.bytes().all(|b| b > b' ' && b < 0x7f && b != b'&');
    let squeezed: std::borrow::Cow<'_, str> = if plain {
        std::borrow::Cow::Borrowed(url)
    } else {
        // Browsers drop tabs and line breaks anywhere and other controls and spaces
        // around; dropping every one of them anywhere refuses at least what a browser would
        // run.
        decode_references(url)
            .chars()
            .filter(|c| !(c.is_whitespace() || c.is_control()))
            .collect::<String>()
            .into()
    };
    let end = squeezed.find([':', '/', '?', '#'])?;
    if !squeezed[end..].starts_with(':') {
        return None;
    }
    let scheme = squeezed[..end].to_ascii_lowercase();
    if ALLOWED_SCHEMES.contains(&scheme.as_str()) {
        return None;
    }
    let is_scheme = scheme.starts_with(|c: char| c.is_ascii_alphabetic())
        && (scheme.chars()).all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    Some(if is_scheme {
        format!("it uses the `{scheme}:` scheme, which is not allowed in a published page")
    } else {
        "it is not a valid address (a `:` before any `/`, after something that is not a scheme)"
            .to_owned()
    })
}

/// `text` with the HTML character references a browser decodes in an attribute decoded:
/// every numeric one (`&#106;`, `&#x6A;`, with or without the `;`) and the named ones
/// that can spell a scheme or hide a separator. Others stay as written.
pub fn decode_references(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.contains('&') {
        return std::borrow::Cow::Borrowed(text);
    }
    const NAMED: &[(&str, char)] = &[
        ("colon;", ':'),
        ("Tab;", '\t'),
        ("NewLine;", '\n'),
        ("nbsp;", '\u{a0}'),
        ("amp;", '&'),
        ("amp", '&'),
        ("lt;", '<'),
        ("gt;", '>'),
        ("quot;", '"'),
        ("apos;", '\''),
        ("sol;", '/'),
        ("quest;", '?'),
        ("num;", '#'),
        ("period;", '.'),
        ("plus;", '+'),
        ("hyphen;", '-'),
        ("dash;", '-'),
        ("lpar;", '('),
        ("rpar;", ')'),
    ];
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        let after = &rest[at + 1..];
        if let Some(number) = after.strip_prefix('#') {
            let (digits, radix) = match number.strip_prefix(['x', 'X']) {
                Some(hex) => (hex, 16),
                None => (number, 10),
            };
            let length = digits
                .find(|c: char| !c.is_digit(radix))
                .unwrap_or(digits.len());
            if length > 0 {
                let value = u32::from_str_radix(&digits[..length.min(8)], radix).unwrap_or(0);
                out.push(char::from_u32(value).unwrap_or('\u{fffd}'));
                let consumed = number.len() - digits.len() + length;
                rest = &number[consumed..];
                rest = rest.strip_prefix(';').unwrap_or(rest);
                continue;
            }
        } else if let Some((name, c)) = NAMED.iter().find(|(name, _)| after.starts_with(name)) {
            out.push(*c);
            rest = &after[name.len()..];
            continue;
        }
        out.push('&');
        rest = after;
    }
    out.push_str(rest);
    std::borrow::Cow::Owned(out)
}

/// Attributes of HTML elements whose value is an address.
const URL_ATTRIBUTES: &[&str] = &[
    "href",
    "src",
    "action",
    "formaction",
    "poster",
    "cite",
    "background",
    "longdesc",
    "data",
    "codebase",
    "classid",
    "archive",
    "xlink:href",
    "manifest",
    "ping",
    "icon",
    "lowsrc",
    "dynsrc",
    "profile",
    "usemap",
];

/// Attributes holding a comma-separated list of `address [descriptor]`.
const URL_LIST_ATTRIBUTES: &[&str] = &["srcset", "imagesrcset"];

/// A problem found in raw HTML: the byte offset in the HTML it concerns, and what is wrong.
pub type HtmlProblem = (usize, String);

/// Every refused address, event handler and script in the raw `html` an editor wrote in a
/// Markdown text, with its offset in `html`.
pub fn raw_html_problems(html: &str) -> Vec<HtmlProblem> {
    let mut problems = Vec::new();
    for tag in tags(html) {
        if matches!(
            tag.name.as_str(),
            "script" | "iframe" | "object" | "embed" | "base"
        ) {
            problems.push((
                tag.at,
                format!("raw HTML `<{}>` is not allowed in a text: it can run code or load another site into the page", tag.name),
            ));
        }
        for (name, value, at) in tag.attributes {
            if name.starts_with("on") {
                problems.push((
                    at,
                    format!(
                        "raw HTML attribute `{name}` runs a script, which is not allowed in a text"
                    ),
                ));
                continue;
            }
            let addresses: Vec<&str> = if URL_ATTRIBUTES.contains(&name.as_str()) {
                vec![value]
            } else if URL_LIST_ATTRIBUTES.contains(&name.as_str()) {
                value
                    .split(',')
                    .map(|candidate| candidate.split_whitespace().next().unwrap_or(""))
                    .collect()
            } else if name == "content" && value.to_ascii_lowercase().contains("url=") {
                // `<meta http-equiv="refresh" content="0;url=...">`
                let start = value.to_ascii_lowercase().find("url=").unwrap_or(0) + 4;
                vec![&value[start..]]
            } else if name == "style" && value.to_ascii_lowercase().contains("url(") {
                let lower = value.to_ascii_lowercase();
                let start = lower.find("url(").unwrap_or(0) + 4;
                vec![value[start..].trim_start_matches(['"', '\'', ' '])]
            } else {
                Vec::new()
            };
            for address in addresses {
                if let Some(why) = refusal(address) {
                    problems.push((
                        at,
                        format!(
                            "the address `{address}` in raw HTML `{name}=` is not allowed: {why}"
                        ),
                    ));
                }
            }
        }
    }
    problems
}

/// One start tag of raw HTML.
struct StartTag<'a> {
    /// Its name, in lower case.
    name: String,
    /// Offset of its `<`.
    at: usize,
    /// Name (lower case), value as written, offset of the name.
    attributes: Vec<(String, &'a str, usize)>,
}

/// The start tags of `html`, read as an HTML tokenizer reads them (quoted, unquoted and
/// empty attribute values; `/` between attributes; comments skipped).
fn tags(html: &str) -> Vec<StartTag<'_>> {
    let bytes = html.as_bytes();
    let mut found = Vec::new();
    let mut i = 0;
    while let Some(offset) = memchr::memchr(b'<', &bytes[i..]) {
        let at = i + offset;
        i = at + 1;
        if html[i..].starts_with("!--") {
            i = html[i..].find("-->").map_or(bytes.len(), |end| i + end + 3);
            continue;
        }
        if !bytes.get(i).is_some_and(u8::is_ascii_alphabetic) {
            continue;
        }
        let name_end = i + bytes[i..]
            .iter()
            .position(|b| b.is_ascii_whitespace() || matches!(b, b'/' | b'>'))
            .unwrap_or(bytes.len() - i);
        let mut tag = StartTag {
            name: html[i..name_end].to_ascii_lowercase(),
            at,
            attributes: Vec::new(),
        };
        i = name_end;
        loop {
            while bytes
                .get(i)
                .is_some_and(|b| b.is_ascii_whitespace() || *b == b'/')
            {
                i += 1;
            }
            if i >= bytes.len() || bytes[i] == b'>' {
                break;
            }
            let name_start = i;
            while bytes
                .get(i)
                .is_some_and(|b| !(b.is_ascii_whitespace() || matches!(b, b'/' | b'>' | b'=')))
                || i == name_start && bytes.get(i) == Some(&b'=')
            {
                i += 1;
            }
            let name = html[name_start..i].to_ascii_lowercase();
            let mut j = i;
            while bytes.get(j).is_some_and(u8::is_ascii_whitespace) {
                j += 1;
            }
            let mut value = "";
            if bytes.get(j) == Some(&b'=') {
                j += 1;
                while bytes.get(j).is_some_and(u8::is_ascii_whitespace) {
                    j += 1;
                }
                match bytes.get(j) {
                    Some(&quote @ (b'"' | b'\'')) => {
                        let start = j + 1;
                        let end = memchr::memchr(quote, &bytes[start..])
                            .map_or(bytes.len(), |e| start + e);
                        value = &html[start..end];
                        j = (end + 1).min(bytes.len());
                    }
                    _ => {
                        let start = j;
                        while bytes
                            .get(j)
                            .is_some_and(|b| !(b.is_ascii_whitespace() || *b == b'>'))
                        {
                            j += 1;
                        }
                        value = &html[start..j];
                    }
                }
                i = j;
            }
            tag.attributes.push((name, value, name_start));
        }
        found.push(tag);
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn allows_the_web_mail_and_the_site() {
        for url in [
            "https://x.org/a?b=c:d",
            "HTTP://x.org/",
            "mailto:a@b.org",
            "/edition/documents/a/",
            "#fn-1",
            "?q=a:b",
            "documents/a:b/",
            "//cdn.example.org/x.js",
            "",
        ] {
            assert_eq!(refusal(url), None, "{url}");
        }
    }

    #[test]
    fn refuses_other_schemes_however_disguised() {
        for url in [
            "javascript:alert(1)//://",
            "JaVa\tScript:alert(1)",
            " \u{1}javascript:alert(1)",
            "java\nscript:alert(1)",
            "&#106;avascript:alert(1)",
            "&#x6A;avascript:alert(1)",
            "&#0000106avascript:alert(1)",
            "javascript&colon;alert(1)",
            "java&Tab;script:alert(1)",
            "data:text/html;base64,PHNjcmlwdD4=",
            "vbscript:msgbox(1)",
            "file:///etc/passwd",
            "C:\\Windows",
        ] {
            let why = refusal(url).unwrap_or_else(|| panic!("{url:?} passed"));
            assert!(why.contains("scheme"), "{url:?}: {why}");
        }
        assert!(refusal("JaVa\tScript:x").unwrap().contains("`javascript:`"));
    }

    #[test]
    fn finds_addresses_handlers_and_scripts_in_raw_html() {
        let html = concat!(
            "<a title=x href='java&#115;cript:1'>a</a>",
            "<img src=data:x/y,1 alt=\"\">",
            "<a href=\"/ok/\" onclick=\"x()\">",
            "<!-- <a href=\"javascript:0\"> -->",
            "<SCRIPT>x</SCRIPT>",
            "<img srcset=\"/a.png 1x, javascript:2 2x\">",
            "<a href=\"https://x.org/\">fine</a>",
        );
        let problems = raw_html_problems(html);
        let text: Vec<String> = problems.iter().map(|(_, p)| p.clone()).collect();
        assert_eq!(problems.len(), 5, "{text:#?}");
        assert_eq!(problems[0].0, html.find("href='").unwrap());
        assert!(text[0].contains("`javascript:`"), "{text:#?}");
        assert!(text[1].contains("`data:`"), "{text:#?}");
        assert!(text[2].contains("onclick"), "{text:#?}");
        assert!(text[3].contains("<script>"), "{text:#?}");
        assert!(text[4].contains("srcset"), "{text:#?}");
    }
}
