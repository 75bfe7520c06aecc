//! Zola 0.23's content model: a page's Markdown is a template, rendered (through the
//! [`super::ShortcodeRenderer`], which Tera 2 implements for such sites) before it is parsed,
//! in place of shortcodes.
//!
//! Input: a text of the page (its redacted body, or an internal span's secret Markdown):
//! redaction already replaced every span by a sentinel, so no template, function or
//! component called from the content can see a redacted text. Output: the templated text and
//! a [`SourceMap`] to the original (exact up to the first change, then the place of that
//! change). The shortcode escapes (`{{/* … */}}`, `{%/* … */%}`, cahier's documented way to
//! print a `redact` marker) become `{% raw %}` blocks first, so they keep working. A file that
//! `skip_content_templating` names is not templated (nor are shortcodes expanded). Failure:
//! the template's error at its place in the file; a template whose output holds a redaction
//! marker that its input did not is refused, as a shortcode's is.

use super::render::Renderer;
use super::shortcodes::{Origin, SourceMap};
use crate::diag::Severity;
use crate::shortcode::{self, Piece};

impl Renderer<'_> {
    /// `text` templated, or `None` when the site's content is not templated (Zola 0.22).
    pub(super) fn template_content(&mut self, text: &str, origin: Origin) -> Option<(String, SourceMap)> {
        if !self.ctx.shortcodes.templates_content() {
            return None;
        }
        let mut map = SourceMap::default();
        map.push(0, 0, true);
        let path = &self.page.source().path;
        // Text with no tag is not templated (as Zola renders only such content): nothing to
        // escape, and the page's object is not made for it.
        let skip = self.ctx.config.skip_content_templating.is_match(path.strip_prefix("content").unwrap_or(path));
        if skip || !has_template_tag(text) {
            return Some((text.to_string(), map));
        }
        let input = raw_escapes(text);
        let result = self.ctx.shortcodes.content(&input, self.ctx.lang, self.ctx.entry.get())?;
        match result {
            Err(e) => {
                let at = e.place.map_or(0, |(line, col)| offset_of(text, line, col));
                let message = format!("content template failed to render: {}", e.message);
                self.report(Severity::Error, origin.at(at), message);
                Some((text.to_string(), map))
            }
            Ok(out) if crate::redact::stray::count(&out) > crate::redact::stray::count(&input) => {
                let message = "a template in the content made a redaction marker, which would be printed as it is: \
                    write the redaction in the page, around the call";
                self.report(Severity::Error, origin.at(0), message);
                Some((text.to_string(), map))
            }
            Ok(out) => {
                let mut same = text.bytes().zip(out.bytes()).take_while(|(a, b)| a == b).count();
                while !text.is_char_boundary(same) {
                    same -= 1;
                }
                if same < out.len() {
                    map.push(same, same, false);
                }
                Some((out, map))
            }
        }
    }
}

/// Whether `text` holds `{{` or `{%`.
fn has_template_tag(text: &str) -> bool {
    let b = text.as_bytes();
    memchr::memchr_iter(b'{', b).any(|i| matches!(b.get(i + 1), Some(b'{' | b'%')))
}

/// `text` with each shortcode escape as a `{% raw %}` block of the literal it stands for.
fn raw_escapes(text: &str) -> std::borrow::Cow<'_, str> {
    let Ok(pieces) = shortcode::parse(text) else { return text.into() };
    if !pieces.iter().any(|p| matches!(p, Piece::Escaped { .. })) {
        return text.into();
    }
    let mut out = String::with_capacity(text.len() + 32);
    let mut at = 0;
    for piece in pieces {
        if let Piece::Escaped { span, literal } = piece {
            out.push_str(&text[at..span.start]);
            out.push_str("{% raw %}");
            out.push_str(&literal);
            out.push_str("{% endraw %}");
            at = span.end;
        }
    }
    out.push_str(&text[at..]);
    out.into()
}

/// The byte offset of a 1-based line and column (in characters) of `text`, clamped to it.
fn offset_of(text: &str, line: usize, col: usize) -> usize {
    let start: usize = text.split_inclusive('\n').take(line.saturating_sub(1)).map(str::len).sum();
    let rest = &text[start.min(text.len())..];
    start + rest.char_indices().nth(col.saturating_sub(1)).map_or(rest.len(), |(i, _)| i)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_become_raw_blocks() {
        let text = "a {%/* redact(s=\"15(1)\") */%}x{%/* end */%} b {{/* note() */}}";
        assert_eq!(
            raw_escapes(text),
            "a {% raw %}{% redact(s=\"15(1)\") %}{% endraw %}x{% raw %}{% end %}{% endraw %} b {% raw %}{{ note() }}{% endraw %}"
        );
        assert_eq!(raw_escapes("{{ <x /> }}"), "{{ <x /> }}");
    }

    #[test]
    fn lines_and_columns_become_offsets() {
        assert_eq!(offset_of("ab\ncdé\nf", 2, 3), 5);
        assert_eq!(offset_of("ab\ncd", 9, 9), 5);
        assert_eq!(offset_of("ab", 1, 1), 0);
    }
}
