//! A block as the HTML report shows it: its Markdown rendered (lists as lists, tables as
//! tables, code as code), raw HTML shown as its source, and redacted text marked as the
//! internal build marks it (`<mark class="redaction">` inline, `<div class="redaction">` for a
//! whole block, each with its exemptions as a badge).
//!
//! Input: the page body (with its redaction markers) and one [`Block`] of it. Output: an HTML
//! fragment, escaped: nothing of the page reaches the report unescaped except the Markdown
//! structure itself. Never fails.

use pulldown_cmark::{CowStr, Event, Options, Parser, html};

use super::blocks::Block;
use super::marks::blank_redactions;
use crate::html::escape;

/// Stand-ins for the start and end of a redacted passage while the Markdown is rendered
/// (private-use characters: they never reach the output).
const OPEN: char = '\u{F8F0}';
const CLOSE: char = '\u{F8F1}';

/// A page body with its redaction markers blanked out, as [`block_html`] reads it (computed
/// once per page).
pub fn blanked(body: &str) -> String {
    blank_redactions(body).map_or_else(|_| body.to_string(), |(text, _)| text)
}

/// Renders one block of a page body ([`blanked`]).
pub fn block_html(blanked: &str, block: &Block) -> String {
    let Some(src) = blanked.get(block.range.clone()) else { return String::new() };
    let (start, end) = (block.range.start, block.range.end);
    let (whole, inline): (Vec<_>, Vec<_>) = block
        .marks
        .iter()
        .partition(|(r, _)| r.start <= start + leading_space(src) && r.end >= end - trailing_space(src));
    // Inline marks, as stand-ins inserted at their byte offsets (last first, offsets stay true).
    let mut text = src.to_string();
    let mut cuts: Vec<(usize, char)> = Vec::new();
    for (r, _) in &inline {
        cuts.push((r.start.clamp(start, end) - start, OPEN));
        cuts.push((r.end.clamp(start, end) - start, CLOSE));
    }
    cuts.sort_by(|a, b| b.cmp(a));
    for (at, c) in cuts {
        if text.is_char_boundary(at) {
            text.insert(at, c);
        }
    }
    let mut opts = Options::empty();
    opts.insert(Options::ENABLE_TABLES);
    opts.insert(Options::ENABLE_FOOTNOTES);
    opts.insert(Options::ENABLE_STRIKETHROUGH);
    let events = Parser::new_ext(&text, opts).map(|e| match e {
        Event::Html(h) | Event::InlineHtml(h) => Event::Code(h),
        Event::Start(pulldown_cmark::Tag::HtmlBlock) => Event::Html(CowStr::Borrowed("<pre class=\"html\">")),
        Event::End(pulldown_cmark::TagEnd::HtmlBlock) => Event::Html(CowStr::Borrowed("</pre>")),
        other => other,
    });
    let mut out = String::new();
    html::push_html(&mut out, events);
    let mut keys = inline.iter().map(|(_, k)| k.as_str());
    let mut marked = String::with_capacity(out.len());
    for c in out.chars() {
        match c {
            OPEN => {
                let k = escape(keys.next().unwrap_or(""));
                marked.push_str(&format!(
                    "<mark class=\"redaction\" data-exemptions=\"{k}\"><span class=\"redaction-badge\">{k}</span> "
                ));
            }
            CLOSE => marked.push_str("</mark>"),
            c => marked.push(c),
        }
    }
    match whole.first() {
        Some((_, k)) => {
            let k = escape(k);
            format!(
                "<div class=\"redaction\" data-exemptions=\"{k}\"><span class=\"redaction-badge\">{k}</span>{marked}</div>"
            )
        }
        None => marked,
    }
}

fn leading_space(s: &str) -> usize {
    s.len() - s.trim_start().len()
}

fn trailing_space(s: &str) -> usize {
    s.len() - s.trim_end().len()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    use crate::content::{Front, Kind, SourcePage};

    fn render(body: &str) -> Vec<String> {
        let page = SourcePage {
            path: PathBuf::from("content/p.md"),
            abs_path: PathBuf::from("/site/content/p.md"),
            lang: "en".into(),
            key: "p.md".into(),
            kind: Kind::Page,
            front: Front::Page(Box::default()),
            body: body.into(),
            body_line: 1,
            file_slug: "p".into(),
            assets: Vec::new(),
        };
        let (blocks, _) = super::super::blocks::parse(&page).unwrap();
        let body = blanked(&page.body);
        blocks.iter().map(|b| block_html(&body, b)).collect()
    }

    #[test]
    fn lists_and_tables_keep_their_structure() {
        let html = render("- one\n- two\n\n| a | b |\n|---|---|\n| 1 | 2 |\n");
        assert!(html[0].contains("<ul>") && html[0].contains("<li>two</li>"), "{html:?}");
        assert!(html[1].contains("<table>") && html[1].contains("<td>2</td>"), "{html:?}");
    }

    #[test]
    fn redacted_text_is_marked_inline_and_as_a_block() {
        let html = render(
            "Before {% redact(s=\"15(1)\") %}Hong Kong{% end %} after.\n\n{% redact(s=\"21(1)(a)\") %}\nAll of it.\n{% end %}\n",
        );
        // The markers' places are blanks, which HTML shows as one space.
        let first = html[0].split_whitespace().collect::<Vec<_>>().join(" ");
        assert_eq!(
            first,
            "<p>Before <mark class=\"redaction\" data-exemptions=\"15(1)\"><span class=\"redaction-badge\">15(1)</span> Hong Kong</mark> after.</p>"
        );
        assert!(html[1].starts_with("<div class=\"redaction\" data-exemptions=\"21(1)(a)\">"), "{html:?}");
        assert!(!html.concat().contains("redact("), "{html:?}");
    }

    #[test]
    fn raw_html_is_shown_as_its_source_never_run() {
        let html = render("<div><script>alert(1)</script></div>\n\nText <b>bold</b>.\n");
        assert!(!html.concat().contains("<script>") && !html.concat().contains("<b>"), "{html:?}");
        assert!(html[0].contains("&lt;script&gt;"), "{html:?}");
    }
}
