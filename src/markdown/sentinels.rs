//! Markers in the text being rendered: redaction sentinels (`U+E000` index `U+E001`, put
//! there by the redaction stage) and HTML shortcode tokens (`U+E002` index `U+E003`, put there
//! by [`super::shortcodes`] so that pulldown-cmark never sees a shortcode's HTML).
//!
//! Input: text or rendered HTML holding markers. Output: the text with each marker replaced
//! by what its context allows: the placeholder where only plain text can go, the secret text
//! in an internal build's code, the span's HTML in flowing text (a marker alone in a
//! paragraph replaces the whole `<p>`). Never fails: a malformed marker is left as text.

use std::borrow::Cow;

use crate::redact::{SENTINEL_CLOSE, SENTINEL_OPEN, SpanHtml, SpanView};

/// Opens an HTML shortcode token.
pub(super) const TOKEN_OPEN: char = '\u{E002}';
/// Closes an HTML shortcode token.
pub(super) const TOKEN_CLOSE: char = '\u{E003}';

/// The token standing for the `index`-th HTML shortcode output.
pub(super) fn token(index: usize) -> String {
    format!("{TOKEN_OPEN}{index}{TOKEN_CLOSE}")
}

/// Which kind of marker was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Marker {
    /// A redacted span, by index in the page's spans.
    Span(usize),
    /// An HTML shortcode output, by index.
    Shortcode(usize),
}

/// Replaces every marker of `text` by `f(marker, alone)`, where `alone` says the marker was
/// the only content of a `<p>…</p>` (the paragraph tags are then dropped).
pub(super) fn replace<'t>(text: &'t str, mut f: impl FnMut(Marker, bool) -> String) -> Cow<'t, str> {
    // Both markers are private-use characters whose UTF-8 starts with 0xEE: most text has no
    // such byte, and a byte search (memchr) says so much faster than a search by character.
    if !text.as_bytes().contains(&0xEE) || !text.contains([SENTINEL_OPEN, TOKEN_OPEN]) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find([SENTINEL_OPEN, TOKEN_OPEN]) {
        out.push_str(&rest[..start]);
        let tail = &rest[start..];
        let Some((marker, len)) = parse_marker(tail) else {
            let c = tail.chars().next().map_or(1, char::len_utf8);
            out.push_str(&tail[..c]);
            rest = &tail[c..];
            continue;
        };
        let after = &tail[len..];
        let alone = out.ends_with("<p>") && after.starts_with("</p>");
        if alone {
            out.truncate(out.len() - "<p>".len());
            out.push_str(&f(marker, true));
            if !out.ends_with('\n') {
                out.push('\n');
            }
            rest = after["</p>".len()..].strip_prefix('\n').unwrap_or(&after["</p>".len()..]);
        } else {
            out.push_str(&f(marker, false));
            rest = after;
        }
    }
    out.push_str(rest);
    Cow::Owned(out)
}

/// Reads a marker at the start of `text`: the marker and its length in bytes.
fn parse_marker(text: &str) -> Option<(Marker, usize)> {
    let open = text.chars().next()?;
    let close = if open == SENTINEL_OPEN { SENTINEL_CLOSE } else { TOKEN_CLOSE };
    let inner = &text[open.len_utf8()..];
    let digits = inner.find(|c: char| !c.is_ascii_digit()).unwrap_or(inner.len());
    if digits == 0 || !inner[digits..].starts_with(close) {
        return None;
    }
    let index: usize = inner[..digits].parse().ok()?;
    let marker = if open == SENTINEL_OPEN { Marker::Span(index) } else { Marker::Shortcode(index) };
    Some((marker, open.len_utf8() + digits + close.len_utf8()))
}

/// Text for places where only plain text can go (ids, TOC, alt and title attributes, word
/// count): every span becomes its placeholder, a shortcode token disappears.
pub(super) fn plain<'t>(text: &'t str, spans: &[SpanView]) -> Cow<'t, str> {
    replace(text, |marker, _| match marker {
        Marker::Span(i) => spans.get(i).map(|s| s.placeholder.clone()).unwrap_or_default(),
        Marker::Shortcode(_) => String::new(),
    })
}

/// Text for code (blocks and inline), which is shown as written: a public span becomes its
/// placeholder, an internal span its secret Markdown as is, a shortcode token the text of the
/// shortcode's output.
pub(super) fn code<'t>(text: &'t str, spans: &[SpanView], shortcodes: &[String]) -> Cow<'t, str> {
    replace(text, |marker, _| match marker {
        Marker::Span(i) => match spans.get(i) {
            Some(SpanView { html: SpanHtml::Internal { markdown, .. }, .. }) => markdown.clone(),
            Some(span) => span.placeholder.clone(),
            None => String::new(),
        },
        Marker::Shortcode(i) => shortcodes.get(i).cloned().unwrap_or_default(),
    })
}

/// Strips the `<p>…</p>` that pulldown-cmark wraps around a one-paragraph fragment, so that it
/// can stand inline.
pub(super) fn strip_paragraph(html: &str) -> &str {
    let trimmed = html.trim_end_matches('\n');
    match trimmed.strip_prefix("<p>").and_then(|s| s.strip_suffix("</p>")) {
        Some(inner) if !inner.contains("<p>") => inner,
        _ => trimmed,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_without_markers_is_borrowed() {
        assert!(matches!(replace("réfugiés « et » ½ ∑", |_, _| unreachable!()), Cow::Borrowed(_)));
        assert!(matches!(plain("a \u{E000}0\u{E001} b", &[]), Cow::Owned(_)));
    }
}
