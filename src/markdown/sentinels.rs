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

/// Counts the words of plain text: runs of non-whitespace holding a letter or a digit.
///
/// One pass over the bytes: an ASCII byte, or a two-byte Latin-1 character (French's accented
/// letters, `«`, the no-break space), is classed through a table; any other character is
/// decoded and classed by `char`'s own Unicode rules. `pending`: no letter or digit since the
/// last whitespace, so the next one starts a word.
pub(super) fn count_words(text: &str) -> usize {
    let bytes = text.as_bytes();
    let (mut words, mut pending, mut at) = (0, true, 0);
    while let Some(&b) = bytes.get(at) {
        let class = match (b, bytes.get(at + 1)) {
            (0..0x80, _) => {
                at += 1;
                ASCII[usize::from(b)]
            }
            (0xC2 | 0xC3, Some(&next)) => {
                at += 2;
                LATIN1[usize::from(((b & 0x01) << 6) | (next & 0x3F))]
            }
            _ => {
                let c = text[at..].chars().next().unwrap_or(' ');
                at += c.len_utf8();
                class_of(c)
            }
        };
        words += usize::from(pending && class == ALNUM);
        pending = if class == OTHER { pending } else { class == SPACE };
    }
    words
}

fn class_of(c: char) -> u8 {
    if c.is_whitespace() {
        SPACE
    } else if c.is_alphanumeric() {
        ALNUM
    } else {
        OTHER
    }
}

const OTHER: u8 = 0;
const SPACE: u8 = 1;
const ALNUM: u8 = 2;

/// The class of each ASCII byte, as `char::is_whitespace` and `char::is_alphanumeric` see it.
const ASCII: [u8; 128] = {
    let mut table = [OTHER; 128];
    let mut b = 0;
    while b < 128 {
        let c = b as u8;
        table[b] = if c.is_ascii_whitespace() || c == 0x0b {
            SPACE
        } else if c.is_ascii_alphanumeric() {
            ALNUM
        } else {
            OTHER
        };
        b += 1;
    }
    table
};

/// The class of each character from U+0080 to U+00FF (encoded `C2 80` to `C3 BF`), as
/// `char::is_whitespace` and `char::is_alphanumeric` see it.
const LATIN1: [u8; 128] = {
    let mut table = [OTHER; 128];
    let mut i = 0;
    while i < 128 {
        table[i] = match 0x80 + i as u32 {
            0x85 | 0xA0 => SPACE,
            0xAA | 0xB2 | 0xB3 | 0xB5 | 0xB9 | 0xBA | 0xBC..=0xBE => ALNUM,
            0xD7 | 0xF7 => OTHER,
            0xC0.. => ALNUM,
            _ => OTHER,
        };
        i += 1;
    }
    table
};

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    proptest! {
        /// The one-pass count is the count of whitespace-separated words holding a letter or
        /// digit, for any text (French spaces, punctuation alone, markers included).
        #[test]
        fn count_words_counts_words_with_a_letter_or_digit(text in "[a-zé9 \u{a0}\u{202f}\u{b}\u{c}\r\t\n;:!?«»–\u{E000}\u{80}-\u{ff}]{0,60}") {
            let expected = text.split_whitespace().filter(|w| w.chars().any(char::is_alphanumeric)).count();
            prop_assert_eq!(count_words(&text), expected);
        }

        /// The same for ASCII text, every byte of which is classed by the table.
        #[test]
        fn ascii_words_are_counted_alike(text in "[a-z9 \u{b}\u{c}\r\t\n;:!?.-]{0,60}") {
            let expected = text.split_whitespace().filter(|w| w.chars().any(char::is_alphanumeric)).count();
            prop_assert_eq!(count_words(&text), expected);
        }
    }

    #[test]
    fn the_tables_classes_are_those_of_char() {
        for b in 0..128u8 {
            let class = class_of(char::from(b));
            assert_eq!(ASCII[usize::from(b)], class, "byte {b:#04x}");
        }
        for c in '\u{80}'..='\u{FF}' {
            assert_eq!(LATIN1[c as usize - 0x80], class_of(c), "{c:?} ({:#x})", c as u32);
        }
    }

    #[test]
    fn text_without_markers_is_borrowed() {
        assert!(matches!(replace("réfugiés « et » ½ ∑", |_, _| unreachable!()), Cow::Borrowed(_)));
        assert!(matches!(plain("a \u{E000}0\u{E001} b", &[]), Cow::Owned(_)));
    }
}
