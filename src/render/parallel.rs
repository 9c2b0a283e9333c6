//! Parallel text: a document that holds its original-language text (`::: original ru`
//! blocks) is laid out in rows, each pairing a passage of the original with its
//! translation, so the two can be read side by side on a wide screen and switched between
//! on a phone.
//!
//! How passages pair:
//!
//! - each block of an `::: original` (a paragraph, a list, a table) pairs with the next
//!   block of the translation that follows the `::: original` block, in order;
//! - so an editor aligns the texts exactly by writing several `::: original` blocks, each
//!   just before the translation it belongs to: the blocks are the anchors;
//! - the document's header, signature, attendance and note blocks are rows of their own,
//!   in the translation's column: they pair with no original passage;
//! - a passage left over on either side is a row with one side empty.
//!
//! The rows are plain HTML (`div.parallel > div.parallel-row > div.parallel-original +
//! div.parallel-translation`): without JavaScript or styles each original passage is read
//! just before its translation.

use pulldown_cmark::{Event, Tag, TagEnd};

/// The fence tags of [`super::fences::BLOCKS`] that make a block of their own (not an
/// original-language one), as the rewritten text has them.
const BLOCK_OPENINGS: &[&str] = &[
    "<header class=\"doc-header\">",
    "<footer class=\"doc-signature\">",
    "<div class=\"doc-attendance\">",
    "<aside class=\"doc-note\">",
];

/// What one top-level piece of the event stream is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Piece<'t> {
    /// A block of text (a paragraph, a list, a heading …).
    Block,
    /// The opening tag of a fenced block of the document (header, signature …).
    Opening,
    /// The opening tag of an original-language block, with its language.
    Original(&'t str),
    /// A closing tag of a fenced block.
    Closing,
}

/// One unit of the laid-out text: a range of events.
type Span = std::ops::Range<usize>;

/// One row: the original passage and the translation beside it (either may be missing).
#[derive(Debug, Default)]
struct Row {
    original: Option<(String, Span)>,
    translation: Option<Span>,
    /// A fenced block of the document (header, signature, note): laid across both columns.
    whole: bool,
}

/// The language of the first original-language block in the events of a rendered body,
/// if it has one.
pub fn original_language(events: &[Event<'_>]) -> Option<String> {
    events.iter().find_map(|event| match event {
        Event::Html(html) => original_opening(html.trim()).map(str::to_owned),
        _ => None,
    })
}

/// The language of an original-language block's opening tag.
fn original_opening(html: &str) -> Option<&str> {
    html.strip_prefix("<div class=\"doc-original\" lang=\"")?
        .strip_suffix("\">")
}

/// Lays out `events` as rows of original and translation when they hold an original-
/// language block (the caller has asked [`original_language`]); returns them as they are
/// otherwise.
pub fn align<'a>(events: Vec<Event<'a>>) -> Vec<Event<'a>> {
    let pieces = top_level_pieces(&events);
    let has_original = (pieces.iter()).any(|(piece, _)| matches!(piece, Piece::Original(_)));
    let Some(rows) = has_original.then(|| rows(&pieces)).flatten() else {
        return events;
    };
    let count = events.len();
    let mut slots: Vec<Option<Event<'a>>> = events.into_iter().map(Some).collect();
    let mut out = Vec::with_capacity(count + rows.len() * 3 + 2);
    let first_language = rows
        .iter()
        .find_map(|r| r.original.as_ref().map(|(l, _)| l.clone()))
        .unwrap_or_default();
    out.push(Event::Html("<div class=\"parallel\">\n".into()));
    for row in &rows {
        let language = row.original.as_ref().map_or(&first_language, |(l, _)| l);
        out.push(Event::Html(if row.whole {
            "<div class=\"parallel-row parallel-row--whole\">\n".into()
        } else {
            "<div class=\"parallel-row\">\n".into()
        }));
        let empty = |present: bool| if present { "" } else { " parallel-empty" };
        out.push(Event::Html(
            format!(
                "<div class=\"parallel-original{}\" lang=\"{language}\">\n",
                empty(row.original.is_some())
            )
            .into(),
        ));
        if let Some((_, span)) = &row.original {
            out.extend(slots[span.clone()].iter_mut().filter_map(Option::take));
        }
        out.push(Event::Html(
            format!(
                "</div>\n<div class=\"parallel-translation{}\">\n",
                empty(row.translation.is_some())
            )
            .into(),
        ));
        if let Some(span) = &row.translation {
            out.extend(slots[span.clone()].iter_mut().filter_map(Option::take));
        }
        out.push(Event::Html("</div>\n</div>\n".into()));
    }
    out.push(Event::Html("</div>\n".into()));
    out
}

/// The top-level pieces of `events`, with their ranges.
fn top_level_pieces<'e>(events: &'e [Event<'_>]) -> Vec<(Piece<'e>, Span)> {
    let mut pieces = Vec::new();
    let mut depth = 0usize;
    let mut start = 0;
    for (at, event) in events.iter().enumerate() {
        match event {
            Event::Start(_) => depth += 1,
            Event::End(_) => depth = depth.saturating_sub(1),
            _ => {}
        }
        if depth > 0 {
            continue;
        }
        let span = start..at + 1;
        start = at + 1;
        let piece = match &events[span.clone()] {
            [
                Event::Start(Tag::HtmlBlock),
                Event::Html(tag),
                Event::End(TagEnd::HtmlBlock),
            ] => {
                let tag = tag.trim();
                if let Some(language) = original_opening(tag) {
                    Piece::Original(language)
                } else if BLOCK_OPENINGS.contains(&tag) {
                    Piece::Opening
                } else if matches!(tag, "</header>" | "</footer>" | "</div>" | "</aside>") {
                    Piece::Closing
                } else {
                    Piece::Block
                }
            }
            _ => Piece::Block,
        };
        pieces.push((piece, span));
    }
    pieces
}

/// The rows of the pieces, or `None` when their fences do not nest (the text is then left
/// as it is: the fences were checked before, so this is only a safeguard).
fn rows(pieces: &[(Piece<'_>, Span)]) -> Option<Vec<Row>> {
    let mut rows: Vec<Row> = Vec::new();
    // The passages of the last original block still waiting for their translation.
    let mut waiting: std::collections::VecDeque<(String, Span)> = Default::default();
    let mut at = 0;
    while at < pieces.len() {
        let (piece, span) = &pieces[at];
        match piece {
            Piece::Original(language) => {
                rows.extend(waiting.drain(..).map(|passage| Row {
                    original: Some(passage),
                    ..Row::default()
                }));
                let end = closing(pieces, at)?;
                // Each block inside is a passage; a fenced block inside is one passage.
                let mut inner = at + 1;
                while inner < end {
                    let last = match pieces[inner].0 {
                        Piece::Opening | Piece::Original(_) => closing(pieces, inner)?,
                        _ => inner,
                    };
                    let passage = pieces[inner].1.start..pieces[last].1.end;
                    waiting.push_back(((*language).to_owned(), passage));
                    inner = last + 1;
                }
                at = end + 1;
            }
            Piece::Opening => {
                let end = closing(pieces, at)?;
                rows.push(Row {
                    original: None,
                    translation: Some(span.start..pieces[end].1.end),
                    whole: true,
                });
                at = end + 1;
            }
            Piece::Block | Piece::Closing => {
                rows.push(Row {
                    original: waiting.pop_front(),
                    translation: Some(span.clone()),
                    whole: false,
                });
                at += 1;
            }
        }
    }
    rows.extend(waiting.drain(..).map(|passage| Row {
        original: Some(passage),
        ..Row::default()
    }));
    Some(rows)
}

/// The index of the piece that closes the fenced block opened at `open`.
fn closing(pieces: &[(Piece<'_>, Span)], open: usize) -> Option<usize> {
    let mut depth = 0usize;
    for (at, (piece, _)) in pieces.iter().enumerate().skip(open) {
        match piece {
            Piece::Opening | Piece::Original(_) => depth += 1,
            Piece::Closing => {
                depth -= 1;
                if depth == 0 {
                    return Some(at);
                }
            }
            Piece::Block => {}
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use pulldown_cmark::{Parser, html::push_html};

    fn laid_out(markdown: &str) -> String {
        let (text, _) = super::super::fences::rewrite(markdown).unwrap();
        let events: Vec<Event<'_>> = Parser::new(&text).collect();
        let mut html = String::new();
        push_html(&mut html, align(events).into_iter());
        html
    }

    #[test]
    fn a_text_without_an_original_is_left_as_it_is() {
        assert_eq!(laid_out("One.\n\nTwo.\n"), "<p>One.</p>\n<p>Two.</p>\n");
    }

    #[test]
    fn one_original_block_pairs_its_paragraphs_in_order_and_fenced_blocks_stand_alone() {
        let html = laid_out(
            "::: original ru\nОдин.\n\nДва.\n\nТри.\n:::\n\n::: header\nMemo\n:::\n\nOne.\n\nTwo.\n",
        );
        let rows: Vec<&str> = html.split("<div class=\"parallel-row").skip(1).collect();
        assert_eq!(rows.len(), 4, "{html}");
        assert!(
            rows[0].contains("Memo") && !rows[0].contains("<p>Один"),
            "{html}"
        );
        assert!(rows[1].contains("<p>Один.</p>") && rows[1].contains("<p>One.</p>"));
        assert!(rows[2].contains("<p>Два.</p>") && rows[2].contains("<p>Two.</p>"));
        assert!(
            rows[3].contains("<p>Три.</p>")
                && rows[3].contains("<div class=\"parallel-translation parallel-empty\">\n</div>"),
            "a passage left over has its row: {html}"
        );
        assert!(html.starts_with("<div class=\"parallel\">") && html.ends_with("</div>\n"));
        assert_eq!(html.matches("lang=\"ru\"").count(), 4);
    }

    #[test]
    fn several_original_blocks_anchor_the_translation_that_follows_each() {
        let html = laid_out(
            "::: original ru\nОдин.\n:::\n\nOne.\n\nOne, continued.\n\n::: original ru\nДва.\n:::\n\nTwo.\n",
        );
        let rows: Vec<&str> = html.split("<div class=\"parallel-row").skip(1).collect();
        assert_eq!(rows.len(), 3, "{html}");
        assert!(rows[0].contains("Один") && rows[0].contains("One."));
        assert!(!rows[1].contains("<p>Д") && rows[1].contains("One, continued."));
        assert!(rows[2].contains("Два") && rows[2].contains("Two."));
    }
}
