//! What an author marks in a page besides its text: redaction markers (blanked, their passages
//! kept as ranges), passages marked as written in another language (`{% lang(code="en") %}`),
//! and `<!-- parity: ignore CHECK — reason -->` comments.
//!
//! Input: a page body, or its blocks. Output: the body with the markers' tags blanked (offsets
//! kept) and the redacted ranges; blocks with their language pieces and dismissals adjusted; a
//! comment's dismissals. Failure: a shortcode syntax error (the build refuses the page too); a
//! parity comment without a reason is `Err`.

use std::ops::Range;

use super::blocks::{Block, collapse};
use crate::shortcode::{self, Piece};

/// Redacted passages: the range of each one's text in the body and its exemptions.
pub type Spans = Vec<(Range<usize>, String)>;

/// Replaces every redaction marker's tags with spaces (offsets kept); returns the text and,
/// for each redaction, the range of its text (whitespace around it trimmed) and its exemptions.
pub fn blank_redactions(body: &str) -> Result<(String, Spans), shortcode::SyntaxError> {
    let mut bytes = body.as_bytes().to_vec();
    let mut found = Vec::new();
    for piece in shortcode::parse(body)? {
        let Piece::Call(call) = piece else { continue };
        let Some(inner) = call.body.clone() else { continue };
        if call.name != "redact" && call.name != "lang" {
            continue;
        }
        for r in [call.span.start..inner.start, inner.end..call.span.end] {
            for byte in &mut bytes[r] {
                if *byte != b'\n' {
                    *byte = b' ';
                }
            }
        }
        if call.name == "lang" {
            continue;
        }
        let start = inner.start + (body[inner.clone()].len() - body[inner.clone()].trim_start().len());
        let end = (inner.start + body[inner.clone()].trim_end().len()).max(start);
        let s = call.args.get("s").and_then(|v| v.as_str()).unwrap_or("");
        let mut keys: Vec<&str> = s.split(',').map(str::trim).filter(|k| !k.is_empty()).collect();
        keys.sort_unstable();
        found.push((start..end, keys.join(", ")));
    }
    // Only ASCII tag bytes and whole multi-byte characters (inside tags) were replaced.
    let text = String::from_utf8(bytes).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned());
    Ok((text, found))
}

/// A passage the author marked as written in another language (`{% lang(code="en") %}…{% end %}`,
/// the theme's shortcode) is not judged for its language: a block passage's blocks and a span's
/// words are taken out of the pieces the language check reads, and a block passage's blocks may
/// be identical in both languages (a quotation kept in its language: the `language` finding is
/// dismissed). Its tags are blanked with the redaction markers'.
pub(super) fn other_language(body: &str, blocks: &mut [Block]) {
    let Ok(pieces) = shortcode::parse(body) else { return };
    for piece in pieces {
        let Piece::Call(call) = piece else { continue };
        let (true, Some(inner)) = (call.name == "lang", call.body.clone()) else { continue };
        let passage = body[inner.clone()].trim();
        for b in blocks.iter_mut().filter(|b| b.range.start < inner.end && inner.start < b.range.end) {
            if passage.contains('\n') || inner.start <= b.range.start && b.range.end <= inner.end {
                b.pieces.clear();
                let code = call.args.get("code").and_then(|v| v.as_str()).unwrap_or("another language");
                b.ignore.push(("language".into(), format!("marked as written in {code}")));
            } else {
                let words = collapse(passage);
                b.pieces.iter_mut().for_each(|p| *p = p.replace(&words, " "));
            }
        }
    }
}

/// Reads `<!-- parity: ignore numbers, links — reason -->`: `None` when the comment is not
/// for parity, `Err` when it gives no reason.
pub(super) fn directive(comment: &str) -> Option<Result<Vec<(String, String)>, ()>> {
    let inner = comment.trim_start_matches("<!--").trim_end_matches("-->").trim();
    let rest = inner.strip_prefix("parity:")?.trim();
    let rest = rest.strip_prefix("ignore")?.trim();
    let cut = [" — ", " – ", " -- ", " - "].iter().filter_map(|sep| rest.find(sep).map(|i| (i, sep.len()))).min();
    let Some((i, len)) = cut else { return Some(Err(())) };
    let reason = rest[i + len..].trim();
    if reason.is_empty() {
        return Some(Err(()));
    }
    let checks = rest[..i].split([',', ' ']).filter(|c| !c.is_empty());
    Some(Ok(checks.map(|c| (c.to_string(), reason.to_string())).collect()))
}
