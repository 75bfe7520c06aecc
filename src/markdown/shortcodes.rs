//! Shortcodes, with Zola's syntax and semantics, expanded before the Markdown is parsed.
//!
//! Input: a Markdown text. Output: the text with every call replaced: a Markdown shortcode by
//! its output (parsed with the page), an HTML shortcode by a token that
//! [`super::sentinels`] swaps for its output once the page is written (so pulldown-cmark never
//! touches it, and a call alone on its line is not wrapped in `<p>`), an escape by its
//! literal text (in code too). A block call gets its body with nested calls already rendered.
//! `nth` counts the calls of each shortcode in the page, from 1. Also a [`SourceMap`] from
//! the expanded text back to the original, for messages. Failure: errors at the call (an
//! unknown shortcode, a template error) or at a syntax error; the call then renders as nothing.

use crate::diag::{Diagnostic, Severity};
use crate::redact::RedactedPage;
use crate::shortcode::{self, Call, Piece};

use super::ShortcodeKind;
use super::render::Renderer;
use super::sentinels;

/// Where a rendered text comes from, to point messages at the source file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Origin {
    /// The text starts at this byte offset of the page's (redacted) body.
    Offset(usize),
    /// The text is not in the body (an internal span's secret Markdown): every message points
    /// at this body offset.
    Fixed(usize),
}

impl Origin {
    /// The body offset of a text offset.
    pub fn at(self, offset: usize) -> usize {
        match self {
            Origin::Offset(start) => start + offset,
            Origin::Fixed(at) => at,
        }
    }
}

/// Maps offsets of an expanded text back to the text it was expanded from.
#[derive(Debug, Clone, Default)]
pub(super) struct SourceMap {
    /// (start in the expanded text, start in the source, copied verbatim), ascending.
    segments: Vec<(usize, usize, bool)>,
}

impl SourceMap {
    pub(super) fn push(&mut self, expanded: usize, source: usize, verbatim: bool) {
        self.segments.push((expanded, source, verbatim));
    }

    /// The source offset of an expanded offset: exact in copied text, the call's start in a
    /// shortcode's output.
    pub fn source(&self, offset: usize) -> usize {
        let i = self.segments.partition_point(|&(start, _, _)| start <= offset);
        match i.checked_sub(1).and_then(|i| self.segments.get(i)) {
            Some(&(start, source, true)) => source + (offset - start),
            Some(&(_, source, false)) => source,
            None => offset,
        }
    }
}

/// Points offsets of an expanded text at the page's body.
pub(super) struct Locator {
    pub map: SourceMap,
    pub origin: Origin,
}

impl Locator {
    /// The body offset of an offset in the expanded text.
    pub fn body_offset(&self, offset: usize) -> usize {
        self.origin.at(self.map.source(offset))
    }
}

/// Why a shortcode's output is refused when it holds a redaction marker its input did not.
const MAKES_MARKER: &str = "its output holds a redaction marker, which is printed as it is, secret and all, \
    because markers are read before shortcodes run: write the redaction in the page, around the call";

/// Whether a shortcode's `output` holds more redaction markers (or look-alikes) than its
/// `body`: a marker built by the template (the escaped calls of a body, `{%/* redact */%}`,
/// print a literal marker on purpose and stay allowed).
fn makes_marker(output: &str, body: Option<&str>) -> bool {
    crate::redact::stray::count(output) > body.map_or(0, crate::redact::stray::count)
}

impl Renderer<'_> {
    /// Expands the top-level calls of `text`; see the module docs.
    pub(super) fn expand_shortcodes(&mut self, text: &str, origin: Origin) -> (String, SourceMap) {
        let mut map = SourceMap::default();
        let pieces = match shortcode::parse(text) {
            Ok(pieces) => pieces,
            Err(e) => {
                self.report(Severity::Error, origin.at(e.offset), e.message);
                map.push(0, 0, true);
                return (text.to_string(), map);
            }
        };
        let mut out = String::with_capacity(text.len());
        for piece in pieces {
            match piece {
                Piece::Text(range) => {
                    map.push(out.len(), range.start, true);
                    out.push_str(&text[range]);
                }
                Piece::Escaped { span, literal } => {
                    map.push(out.len(), span.start, false);
                    out.push_str(&literal);
                }
                Piece::Call(call) => {
                    map.push(out.len(), call.span.start, false);
                    if let Some(output) = self.call(text, &call, origin, true) {
                        out.push_str(&output);
                    }
                }
            }
        }
        (out, map)
    }

    /// Renders one call. At the top level an HTML shortcode leaves a token; inside a body its
    /// output goes in as is (the body is the outer template's input, not Markdown).
    fn call(&mut self, text: &str, call: &Call, origin: Origin, top: bool) -> Option<String> {
        let at = origin.at(call.span.start);
        let Some(kind) = self.ctx.shortcodes.kind(&call.name) else {
            self.report(Severity::Error, at, unknown(&call.name));
            return None;
        };
        let nth = {
            let n = self.nth.entry(call.name.clone()).or_insert(0);
            *n += 1;
            *n
        };
        let body = call.body.clone().map(|range| {
            let body_origin = match origin {
                Origin::Offset(start) => Origin::Offset(start + range.start),
                fixed @ Origin::Fixed(_) => fixed,
            };
            self.expand_body(&text[range], body_origin)
        });
        let rendered = self.ctx.shortcodes.render(
            &call.name,
            &call.args,
            body.as_deref(),
            nth,
            self.ctx.lang,
            self.ctx.entry.get(),
        );
        match rendered {
            Err(e) => {
                self.report(Severity::Error, at, format!("shortcode `{}` failed to render: {e}", call.name));
                None
            }
            Ok(output) if makes_marker(&output, body.as_deref()) => {
                self.report(Severity::Error, at, format!("shortcode `{}`: {}", call.name, MAKES_MARKER));
                None
            }
            Ok(output) if top && kind == ShortcodeKind::Html => {
                self.shortcode_html.push(output);
                Some(sentinels::token(self.shortcode_html.len() - 1))
            }
            Ok(output) => Some(output),
        }
    }

    /// A block call's body with its nested calls rendered and its escapes printed.
    fn expand_body(&mut self, body: &str, origin: Origin) -> String {
        let pieces = match shortcode::parse(body) {
            Ok(pieces) => pieces,
            Err(e) => {
                self.report(Severity::Error, origin.at(e.offset), e.message);
                return body.to_string();
            }
        };
        let mut out = String::with_capacity(body.len());
        for piece in pieces {
            match piece {
                Piece::Text(range) => out.push_str(&body[range]),
                Piece::Escaped { literal, .. } => out.push_str(&literal),
                Piece::Call(call) => out.extend(self.call(body, &call, origin, false)),
            }
        }
        out
    }
}

/// The error for a call of a shortcode that has no template.
fn unknown(name: &str) -> String {
    format!("unknown shortcode `{name}`: add templates/shortcodes/{name}.html or {name}.md")
}

/// Every call in `page`'s body (block bodies included) of a shortcode that `known` does not
/// know, as the renderer reports it: commands that do not render (`cahier parity`) check
/// what a build would refuse. Syntax errors are the redaction stage's to report.
pub fn unknown_shortcodes(page: &RedactedPage, known: &dyn Fn(&str) -> bool) -> Vec<Diagnostic> {
    let mut found = Vec::new();
    let mut texts = vec![(0, page.source().body.as_str())];
    while let Some((start, text)) = texts.pop() {
        for piece in shortcode::parse(text).unwrap_or_default() {
            let Piece::Call(call) = piece else { continue };
            if !known(&call.name) {
                let (line, col) = page.location(start + call.span.start);
                found.push(Diagnostic::error(&page.source().path, line, col, unknown(&call.name)));
            }
            if let Some(body) = call.body {
                texts.push((start + body.start, &text[body]));
            }
        }
    }
    found
}
