//! Finding redaction markers in a text (a page body or one front matter string), with the
//! shared shortcode parser.
//!
//! Input: the text and the [`Catalogue`]. Output: the `{% redact(…) %}…{% end %}` calls in
//! order, with their exemptions and note ([`Marker`]), and the escapes of `redact` calls.
//! Failure: a [`MarkerError`] at a byte offset of the text for every marker that cannot be
//! honoured: a shortcode syntax error (unterminated or unopened block), an inline
//! `{{ redact(…) }}`, a missing or empty `s`, an unknown exemption key or argument, a redaction
//! inside a redaction or inside another shortcode's arguments, and text that looks like a
//! marker but is not a valid call (`{% redact s="x" %}`, `{%redact`).

use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;
use serde_json::Value;

use super::catalogue::{Catalogue, normalize_key};
use crate::shortcode::{self, Piece};

/// One `{% redact(s="…") %}…{% end %}` call.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Marker {
    /// The whole call, opening tag to the end of `{% end %}`.
    pub span: Range<usize>,
    /// The secret, between the tags.
    pub body: Range<usize>,
    /// The exemption keys, normalized, in the order written, without repeats.
    pub exemptions: Vec<String>,
    /// The reviewers' note.
    pub note: Option<String>,
}

/// Why a marker cannot be honoured, at a byte offset of the text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct MarkerError {
    pub offset: usize,
    pub message: String,
}

/// What [`find`] found in a text.
#[derive(Debug, Default)]
pub(super) struct Found {
    pub markers: Vec<Marker>,
    /// Escapes of `redact` calls (`{%/* redact(…) */%}`) and the literal they stand for.
    pub escapes: Vec<(Range<usize>, String)>,
    pub errors: Vec<MarkerError>,
}

/// `{%` or `{{`, then `redact`: what a marker starts with, valid or not.
static LOOKS_LIKE: LazyLock<Result<Regex, regex::Error>> = LazyLock::new(|| Regex::new(r"(?i)\{\s*[{%][-\s]*redact\b"));

/// Byte offset of the first thing in `text` that looks like the start of a marker.
pub(super) fn looks_like_marker(text: &str) -> Option<usize> {
    match &*LOOKS_LIKE {
        Ok(re) => re.find(text).map(|m| m.start()),
        // The pattern is a constant tested below; fail closed anyway.
        Err(_) => text.find("redact"),
    }
}

/// Finds every marker in `text`.
pub(super) fn find(text: &str, catalogue: &Catalogue) -> Found {
    let mut found = Found::default();
    find_in(text, 0..text.len(), catalogue, &mut found);
    found
}

fn error(found: &mut Found, offset: usize, message: impl Into<String>) {
    found.errors.push(MarkerError { offset, message: message.into() });
}

fn shift(r: Range<usize>, by: usize) -> Range<usize> {
    r.start + by..r.end + by
}

fn find_in(text: &str, range: Range<usize>, catalogue: &Catalogue, found: &mut Found) {
    let base = range.start;
    let pieces = match shortcode::parse(&text[range]) {
        Ok(p) => p,
        Err(e) => return error(found, base + e.offset, e.message),
    };
    for piece in pieces {
        match piece {
            Piece::Text(r) => {
                if let Some(at) = looks_like_marker(&text[shift(r.clone(), base)]) {
                    error(
                        found,
                        base + r.start + at,
                        "this looks like a redaction marker but is not a valid call: write \
                         `{% redact(s=\"15(1)\") %}text{% end %}`, or escape it as `{%/* redact(...) */%}`",
                    );
                }
            }
            Piece::Escaped { span, literal } => {
                if looks_like_marker(&literal).is_some() {
                    found.escapes.push((shift(span, base), literal));
                }
            }
            Piece::Call(call) if call.name == "redact" => {
                let span = shift(call.span, base);
                let Some(body) = call.body.map(|b| shift(b, base)) else {
                    error(
                        found,
                        span.start,
                        "`{{ redact(...) }}` has no text to redact: write `{% redact(s=\"15(1)\") %}text{% end %}`",
                    );
                    continue;
                };
                let mut inner = Found::default();
                find_in(text, body.clone(), catalogue, &mut inner);
                found.errors.append(&mut inner.errors);
                if let Some(nested) = inner.markers.first() {
                    error(
                        found,
                        nested.span.start,
                        "a redaction inside a redaction: close the first one before opening another",
                    );
                    continue;
                }
                match marker_args(&call.args, catalogue) {
                    Ok((exemptions, note)) => found.markers.push(Marker { span, body, exemptions, note }),
                    Err(message) => error(found, span.start, message),
                }
            }
            Piece::Call(call) => {
                let span = shift(call.span, base);
                if call.args.values().any(holds_marker) {
                    error(
                        found,
                        span.start,
                        format!(
                            "a redaction marker in the arguments of `{}` cannot be honoured: redact around the whole call instead",
                            call.name
                        ),
                    );
                }
                if let Some(body) = call.body {
                    find_in(text, shift(body, base), catalogue, found);
                }
            }
        }
    }
}

fn holds_marker(v: &Value) -> bool {
    match v {
        Value::String(s) => looks_like_marker(s).is_some(),
        Value::Array(items) => items.iter().any(holds_marker),
        Value::Object(map) => map.values().any(holds_marker),
        _ => false,
    }
}

/// The exemptions and note of a `redact` call, or why they are wrong.
fn marker_args(
    args: &serde_json::Map<String, Value>,
    catalogue: &Catalogue,
) -> Result<(Vec<String>, Option<String>), String> {
    if let Some(other) = args.keys().find(|k| !matches!(k.as_str(), "s" | "note")) {
        return Err(format!("unknown argument `{other}` of `redact`: it takes `s` (the exemptions) and `note`"));
    }
    let exemptions = match args.get("s") {
        None => return Err("the redaction needs `s`, the exemption(s) it applies: `{% redact(s=\"15(1)\") %}`".into()),
        Some(Value::String(s)) => parse_keys(s, catalogue)?,
        Some(_) => {
            return Err("`s` must be a string of exemption keys, like `s=\"19(1), 21(1)(a)\"`".into());
        }
    };
    let note = match args.get("note") {
        None => None,
        Some(Value::String(n)) => Some(n.clone()),
        Some(_) => return Err("`note` must be a string".into()),
    };
    Ok((exemptions, note))
}

/// Parses a comma-separated list of exemption keys (`"19(1), 21(1)(a)"`) against the
/// catalogue: normalized, repeats dropped, order kept.
pub(super) fn parse_keys(s: &str, catalogue: &Catalogue) -> Result<Vec<String>, String> {
    let mut keys: Vec<String> = Vec::new();
    for part in s.split(',') {
        let key = normalize_key(part);
        if key.is_empty() {
            if s.split(',').all(|p| p.trim().is_empty()) {
                return Err("empty `s`: name the exemption(s) that apply, like `s=\"15(1)\"`".into());
            }
            return Err(format!("empty exemption key in `{s}`: separate keys with single commas"));
        }
        if catalogue.get(&key).is_none() {
            return Err(format!(
                "unknown exemption `{key}`: use a key of the exemption catalogue, like `15(1)`, `21(1)(a)` or `PA 26` \
                 (i18n/exemptions.toml)"
            ));
        }
        if !keys.contains(&key) {
            keys.push(key);
        }
    }
    Ok(keys)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_look_alike_pattern_compiles_and_matches() {
        assert!(LOOKS_LIKE.is_ok());
        for t in ["{% redact s=1 %}", "{%redact", "{{ redact }}", "{%- redact(", "{ % redact"] {
            assert!(looks_like_marker(t).is_some(), "{t}");
        }
        for t in ["redact this", "{% redaction", "{{ x }}"] {
            assert!(looks_like_marker(t).is_none(), "{t}");
        }
    }

    #[test]
    fn finds_markers_inside_other_blocks_and_escapes() {
        let c = Catalogue::builtin();
        let text = "a {% note() %}b {% redact(s=\" 19(1) ,21(1)(a), 19(1)\", note=\"n\") %}S{% end %}{% end %} \
                    {%/* redact(s=\"15(1)\") */%}";
        let f = find(text, &c);
        assert!(f.errors.is_empty(), "{:?}", f.errors);
        assert_eq!(f.markers.len(), 1);
        let m = &f.markers[0];
        assert_eq!(&text[m.body.clone()], "S");
        assert_eq!(m.exemptions, ["19(1)", "21(1)(a)"]);
        assert_eq!(m.note.as_deref(), Some("n"));
        assert_eq!(f.escapes.len(), 1);
        assert_eq!(f.escapes[0].1, "{% redact(s=\"15(1)\") %}");
    }
}
