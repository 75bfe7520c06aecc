//! The one text form that the audit and the secrets compare ([`normalize`]): HTML entities
//! and JSON string escapes decoded, soft hyphens and zero-width characters removed, Unicode
//! NFKD with accents removed, case folded, typographic quotes and dashes made ASCII,
//! apostrophes, `-` and `_` read as spaces, whitespace collapsed; and the stripping of
//! Markdown syntax and tags that a secret's side needs before it ([`strip_markdown`],
//! [`strip_tags`]).
//!
//! Input: text. Output: text. Nothing here fails.

use std::borrow::Cow;

use unicode_normalization::char::{decompose_compatible, is_combining_mark};

/// Removes Markdown syntax that does not show as text: emphasis markers, link and image
/// brackets and targets, inline HTML tags, block prefixes (`#`, `>`, `-`, `1.`, `|`).
pub(super) fn strip_markdown(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for line in s.lines() {
        let mut l = line.trim_start();
        loop {
            let before = l;
            l = l.trim_start_matches(['#', '>', '|']).trim_start();
            for marker in ["- ", "* ", "+ "] {
                l = l.strip_prefix(marker).unwrap_or(l);
            }
            let digits = l.len() - l.trim_start_matches(|c: char| c.is_ascii_digit()).len();
            if digits > 0 && (l[digits..].starts_with(". ") || l[digits..].starts_with(") ")) {
                l = &l[digits + 2..];
            }
            if l == before {
                break;
            }
        }
        out.push_str(&strip_links(l).replace(['*', '`', '~'], "").replace('|', " "));
        out.push('\n');
    }
    strip_tags(&out, " ")
}

/// `[text](target)` → `text`; `![alt](src)` → `alt`.
fn strip_links(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find("](") {
        let Some(close) = rest[i..].find(')') else {
            break;
        };
        out.push_str(&rest[..i]);
        out.push(' ');
        rest = &rest[i + close + 1..];
    }
    out.push_str(rest);
    out.replace("![", " ").replace('[', " ")
}

/// Replaces every `<…>` tag by `with`.
pub(super) fn strip_tags(s: &str, with: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(open) = memchr::memchr(b'<', rest.as_bytes()) {
        let Some(close) = memchr::memchr(b'>', &rest.as_bytes()[open..]) else {
            break;
        };
        out.push_str(&rest[..open]);
        out.push_str(with);
        rest = &rest[open + close + 1..];
    }
    out.push_str(rest);
    out
}

/// The `<…>` tags that [`strip_tags`] removes, each followed by a space: what of a text its
/// stripped forms do not hold.
pub(super) fn tags_only(s: &str) -> String {
    let mut out = String::with_capacity(s.len() / 2);
    let mut rest = s;
    while let Some(open) = memchr::memchr(b'<', rest.as_bytes()) {
        let Some(close) = memchr::memchr(b'>', &rest.as_bytes()[open..]) else {
            break;
        };
        out.push_str(&rest[open..open + close + 1]);
        out.push(' ');
        rest = &rest[open + close + 1..];
    }
    out
}

/// Decodes HTML entities, then JSON string escapes: `\uXXXX` (a surrogate pair as one
/// character), `\"`, `\\`, `\/`, `\n`, `\r`, `\t`. Anything else after a backslash is kept.
/// Borrowed when there is nothing to decode (most of an output), so as not to copy it.
pub(super) fn decode(s: &str) -> Cow<'_, str> {
    let html = html_escape::decode_html_entities(s);
    if memchr::memchr(b'\\', html.as_bytes()).is_none() {
        return html;
    }
    let mut out = String::with_capacity(html.len());
    let mut rest: &str = &html;
    while let Some(i) = rest.find('\\') {
        out.push_str(&rest[..i]);
        let escape = &rest[i + 1..];
        match json_escape(escape) {
            Some((c, len)) => {
                out.push(c);
                rest = &escape[len..];
            }
            None => {
                out.push('\\');
                rest = escape;
            }
        }
    }
    out.push_str(rest);
    Cow::Owned(out)
}

/// The character of the JSON escape that follows a backslash, and its length in bytes.
fn json_escape(s: &str) -> Option<(char, usize)> {
    let c = match s.as_bytes().first()? {
        b'"' => '"',
        b'\\' => '\\',
        b'/' => '/',
        b'n' => '\n',
        b'r' => '\r',
        b't' => '\t',
        b'u' => {
            let high = hex4(&s[1..])?;
            let low = s.get(5..).and_then(|r| r.strip_prefix("\\u")).and_then(hex4);
            return match low {
                Some(low) if (0xD800..0xDC00).contains(&high) && (0xDC00..0xE000).contains(&low) => {
                    char::from_u32(0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00)).map(|c| (c, 11))
                }
                _ => char::from_u32(high).map(|c| (c, 5)),
            };
        }
        _ => return None,
    };
    Some((c, 1))
}

/// The value of four hex digits at the start of `s`.
fn hex4(s: &str) -> Option<u32> {
    let digits = s.get(..4)?;
    if !digits.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    u32::from_str_radix(digits, 16).ok()
}

/// The comparison form of a text (see the module doc). Entities are decoded first.
///
/// Each character is decomposed alone (NFKD's compatibility mappings) and its combining marks
/// dropped: that is the text's NFKD without marks, since NFKD only reorders marks (every
/// character with a combining class is one). ASCII, most of an output, takes a short path.
pub fn normalize(s: &str) -> String {
    let decoded = decode(s);
    let mut folded = Folded { out: String::with_capacity(decoded.len()), space: true };
    let mut rest: &str = &decoded;
    while !rest.is_empty() {
        let run = kept_run(rest.as_bytes());
        folded.extend_kept(&rest[..run]);
        rest = &rest[run..];
        let Some(c) = rest.chars().next() else { break };
        rest = &rest[c.len_utf8()..];
        if c.is_ascii() {
            folded.push_ascii(c as u8);
        } else {
            decompose_compatible(c, |d| {
                if !is_combining_mark(d) {
                    folded.push(d);
                }
            });
        }
    }
    folded.finish()
}

/// The length of the run at the start of `bytes` that normalization only lowercases:
/// [`KEPT_ASCII`] bytes, and single spaces between two of them.
fn kept_run(bytes: &[u8]) -> usize {
    let kept = |b: &u8| KEPT_ASCII[usize::from(*b)];
    let mut i = 0;
    loop {
        // A word at a time: the inner loop is a table lookup a byte.
        i += bytes[i..].iter().position(|b| !kept(b)).unwrap_or(bytes.len() - i);
        match bytes.get(i..i + 2) {
            Some([b' ', next]) if i > 0 && kept(next) => i += 2,
            _ => return i,
        }
    }
}

/// The ASCII bytes normalization keeps, but for their case: all but those read as spaces.
const KEPT_ASCII: [bool; 256] = {
    let mut kept = [false; 256];
    let mut b = 0;
    while b < 128 {
        kept[b] = !Folded::reads_as_space(b as u8);
        b += 1;
    }
    kept
};

/// The normalized text being built: `space` when it ends with a space (or is empty).
struct Folded {
    out: String,
    space: bool,
}

impl Folded {
    /// Apostrophes read as spaces, as slugs drop them (`l'état` → `l-etat`).
    const fn reads_as_space(b: u8) -> bool {
        matches!(b, b'\'' | b'`' | b'-' | b'_' | b' ' | b'\t' | b'\n' | 0x0b | 0x0c | b'\r')
    }

    fn push_ascii(&mut self, b: u8) {
        if Self::reads_as_space(b) {
            self.space();
        } else {
            self.space = false;
            self.out.push(char::from(b.to_ascii_lowercase()));
        }
    }

    /// Pushes a run of [`KEPT_ASCII`] bytes at once (most of an output's text).
    fn extend_kept(&mut self, run: &str) {
        if !run.is_empty() {
            let start = self.out.len();
            self.out.push_str(run);
            self.out[start..].make_ascii_lowercase();
            self.space = false;
        }
    }

    fn push(&mut self, c: char) {
        let c = match c {
            '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{201B}' | '\u{2032}' | '\u{00B4}' | '\u{02BC}' => ' ',
            '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{201F}' | '\u{2033}' | '\u{00AB}' | '\u{00BB}' => '"',
            '\u{2010}'..='\u{2015}' | '\u{2212}' => ' ',
            // Soft hyphens and zero-width characters: invisible, they split a word for a
            // byte search only.
            '\u{00AD}' | '\u{200B}'..='\u{200D}' | '\u{2060}' | '\u{FEFF}' | '\u{180E}' => return,
            c if c.is_ascii() => return self.push_ascii(c as u8),
            c => c,
        };
        if c.is_whitespace() {
            self.space();
        } else {
            self.space = false;
            self.out.extend(c.to_lowercase());
        }
    }

    fn space(&mut self) {
        if !self.space {
            self.out.push(' ');
            self.space = true;
        }
    }

    /// The text, without a trailing space.
    fn finish(mut self) -> String {
        if self.out.ends_with(' ') {
            self.out.pop();
        }
        self.out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use unicode_normalization::UnicodeNormalization;
    use unicode_normalization::char::canonical_combining_class;

    /// The definition: the whole text's NFKD, marks dropped, then folded.
    fn normalize_by_definition(s: &str) -> String {
        let decoded = decode(s);
        let mut folded = Folded { out: String::new(), space: true };
        decoded.nfkd().filter(|c| !is_combining_mark(*c)).for_each(|c| folded.push(c));
        folded.finish()
    }

    /// NFKD reorders only characters with a combining class; dropping every mark makes the
    /// order moot, so each character can be decomposed alone.
    #[test]
    fn every_character_with_a_combining_class_is_a_mark() {
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            assert!(canonical_combining_class(c) == 0 || is_combining_mark(c), "{c:?}");
        }
    }

    proptest! {
        #[test]
        fn normalize_is_nfkd_without_marks_folded(s in "[a-zA-Z'`_ \t\n-]{0,8}(\\PC{0,6}[a-z ]{0,4}){0,6}") {
            prop_assert_eq!(normalize(&s), normalize_by_definition(&s));
        }
    }

    #[test]
    fn normalize_folds_what_rendering_changes() {
        assert_eq!(normalize("  Café&nbsp;&amp; “Élan”\n l’état—X  "), "cafe & \"elan\" l etat x");
        assert_eq!(normalize("secret-plan_b"), "secret plan b");
        assert_eq!(normalize("\\u00e9t\\u00C9"), "ete");
        assert_eq!(normalize("ﬁ"), "fi");
        // Runs of plain ASCII are copied at once, through single spaces; they end anywhere.
        assert_eq!(normalize("x"), "x");
        assert_eq!(normalize(" A b  C-d "), "a b c d");
        assert_eq!(normalize("<p class=\"X\">"), "<p class=\"x\">");
    }

    #[test]
    fn markdown_is_stripped_from_secrets() {
        let s = "# Head **bold** _it_\n> - [link text](http://x) ![alt](p.png) <b>tag</b>\n1. `code`";
        assert_eq!(normalize(&strip_markdown(s)), "head bold it link text alt tag code");
    }
}
