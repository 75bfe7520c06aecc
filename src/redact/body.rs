//! Rewriting a page body: every marker becomes a sentinel, as a span or as a block.
//!
//! Input: the body and its [`Marker`]s. Output: the new body, the offset pairs that map it
//! back to the original, and one [`BodySpan`] per sentinel (in sentinel order). A marker is a
//! *block* when `{% redact(…) %}` is alone on its line after a container prefix (`> `, list
//! indentation or a list marker) and `{% end %}` is alone on its line, outside code blocks:
//! its lines become one line holding the prefix and the sentinel, with blank lines around it
//! so that it forms its own paragraph. Anything else is a span (a marker in a code block too).
//! Failure: none; markers that overlap (which the parser does not produce) are reported as an
//! error at the second one.

use std::ops::Range;
use std::sync::LazyLock;

use pulldown_cmark::{Event, Options, Parser, Tag};
use regex::Regex;

use super::markers::{Marker, MarkerError};
use super::page::sentinel;

/// A marker as it was placed in the body.
#[derive(Debug, Clone)]
pub(super) struct BodySpan {
    pub marker: Marker,
    pub block: bool,
    /// The secret Markdown; for a block, its lines without the container prefix.
    pub secret: String,
    /// Text on the marker's line before and after it (for the audit's context rule).
    pub before: String,
    pub after: String,
}

/// The rewritten body.
#[derive(Debug, Default)]
pub(super) struct BodyOut {
    pub body: String,
    pub offsets: Vec<(usize, usize)>,
    pub spans: Vec<BodySpan>,
    pub errors: Vec<MarkerError>,
    /// The original body with every marker masked (see [`mask`]); `None` without markers.
    pub masked: Option<String>,
}

/// A character of the same UTF-8 length as `c` that says nothing about it (line breaks kept,
/// so that line numbers stay right).
fn filler(c: char) -> char {
    match c.len_utf8() {
        _ if c == '\n' => '\n',
        1 => '_',
        2 => '\u{80}',
        3 => '\u{E002}',
        _ => '\u{F0000}',
    }
}

/// The body with the characters of `ranges` masked by [`filler`]s.
fn mask(body: &str, ranges: &[Range<usize>]) -> String {
    let mut out = String::with_capacity(body.len());
    let mut pos = 0;
    for r in ranges {
        if r.start < pos {
            continue;
        }
        out.push_str(&body[pos..r.start]);
        out.extend(body[r.clone()].chars().map(filler));
        pos = r.end;
    }
    out.push_str(&body[pos..]);
    out
}

/// Container prefix before a block's opening tag: quote markers, indentation, one list marker.
static PREFIX: LazyLock<Result<Regex, regex::Error>> =
    LazyLock::new(|| Regex::new(r"^[ \t>]*(?:(?:[-*+]|[0-9]{1,9}[.)])[ \t]+)?$"));

fn is_container_prefix(s: &str) -> bool {
    match &*PREFIX {
        Ok(re) => re.is_match(s),
        Err(_) => false,
    }
}

/// Byte ranges of the code blocks (fenced or indented) of a body.
fn code_blocks(body: &str) -> Vec<Range<usize>> {
    Parser::new_ext(body, Options::all())
        .into_offset_iter()
        .filter_map(|(e, r)| matches!(e, Event::Start(Tag::CodeBlock(_))).then_some(r))
        .collect()
}

/// Where a block marker's lines are, and its container prefix.
struct Block {
    lines: Range<usize>,
    prefix: String,
    /// The prefix as continuation lines have it (a list marker turned into spaces).
    cont: String,
    /// What a blank line inside the container is (the quote markers).
    blank: String,
    secret_lines: Range<usize>,
}

fn block_layout(body: &str, m: &Marker) -> Option<Block> {
    let line_start = body[..m.span.start].rfind('\n').map_or(0, |i| i + 1);
    let prefix = &body[line_start..m.span.start];
    if !is_container_prefix(prefix) {
        return None;
    }
    let open_eol = m.body.start + body[m.body.start..].find('\n')?;
    if !body[m.body.start..open_eol].trim().is_empty() {
        return None;
    }
    let end_line_start = body[..m.body.end].rfind('\n').map_or(0, |i| i + 1);
    if end_line_start <= open_eol || !body[end_line_start..m.body.end].chars().all(|c| matches!(c, ' ' | '\t' | '>')) {
        return None;
    }
    let end_eol = body[m.span.end..].find('\n').map_or(body.len(), |i| m.span.end + i);
    if !body[m.span.end..end_eol].trim().is_empty() {
        return None;
    }
    let lines_end = if end_eol < body.len() { end_eol + 1 } else { end_eol };
    let marker_len = prefix.trim_start_matches([' ', '\t', '>']).len();
    let quote = &prefix[..prefix.len() - marker_len];
    let cont = format!("{quote}{}", " ".repeat(marker_len));
    Some(Block {
        lines: line_start..lines_end,
        prefix: prefix.to_string(),
        cont,
        blank: quote.trim_end().to_string(),
        secret_lines: open_eol + 1..end_line_start,
    })
}

fn strip_prefix_lines(text: &str, cont: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let bare = cont.trim_end();
    for line in text.split_inclusive('\n') {
        let l = line.strip_prefix(cont).or_else(|| line.strip_prefix(bare)).unwrap_or(line);
        out.push_str(l);
    }
    out
}

fn is_blank(line: &str) -> bool {
    line.chars().all(|c| matches!(c, ' ' | '\t' | '>' | '\r' | '\n'))
}

/// Text on the same line as `range`, before and after it, with other markers cut off.
fn context(body: &str, range: &Range<usize>) -> (String, String) {
    let ls = body[..range.start].rfind('\n').map_or(0, |i| i + 1);
    let le = body[range.end..].find('\n').map_or(body.len(), |i| range.end + i);
    let before = &body[ls..range.start];
    let before = before.rfind("%}").map_or(before, |i| &before[i + 2..]);
    let after = &body[range.end..le];
    let after = after.find("{%").map_or(after, |i| &after[..i]);
    (before.to_string(), after.to_string())
}

/// Replaces every marker of `body` by its sentinel (ids in order, from 0).
pub(super) fn rewrite(body: &str, markers: Vec<Marker>) -> BodyOut {
    // Finding code blocks means parsing the Markdown: only when there is something to place.
    let code = if markers.is_empty() { Vec::new() } else { code_blocks(body) };
    let ranges: Vec<Range<usize>> = markers.iter().map(|m| m.span.clone()).collect();
    let mut out = BodyOut { body: String::with_capacity(body.len()), ..BodyOut::default() };
    let mut pos = 0;
    for m in markers {
        if m.span.start < pos {
            out.errors
                .push(MarkerError { offset: m.span.start, message: "this redaction overlaps another one".into() });
            continue;
        }
        let in_code = code.iter().any(|r| r.contains(&m.span.start));
        let layout = if in_code { None } else { block_layout(body, &m) };
        let id = out.spans.len();
        let (range, text, span) = match layout {
            Some(b) => {
                let mut text = String::new();
                let prev_blank =
                    b.lines.start == 0 || body[..b.lines.start - 1].rsplit('\n').next().is_none_or(is_blank);
                if !prev_blank {
                    text.push_str(&b.blank);
                    text.push('\n');
                }
                text.push_str(&b.prefix);
                text.push_str(&sentinel(id));
                text.push('\n');
                let next_blank = body[b.lines.end..].split('\n').next().is_none_or(is_blank);
                if !next_blank {
                    text.push_str(&b.blank);
                    text.push('\n');
                }
                let secret = strip_prefix_lines(&body[b.secret_lines.clone()], &b.cont);
                let span = BodySpan { marker: m, block: true, secret, before: String::new(), after: String::new() };
                (b.lines, text, span)
            }
            None => {
                let (before, after) = context(body, &m.span);
                let secret = body[m.body.clone()].to_string();
                (m.span.clone(), sentinel(id), BodySpan { marker: m, block: false, secret, before, after })
            }
        };
        out.body.push_str(&body[pos..range.start]);
        out.offsets.push((out.body.len(), range.start));
        out.body.push_str(&text);
        out.offsets.push((out.body.len(), range.end));
        out.spans.push(span);
        pos = range.end;
    }
    out.body.push_str(&body[pos..]);
    if !ranges.is_empty() {
        out.masked = Some(mask(body, &ranges));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::redact::catalogue::Catalogue;
    use crate::redact::markers::find;

    fn run(body: &str) -> BodyOut {
        let found = find(body, &Catalogue::builtin());
        assert!(found.errors.is_empty(), "{:?}", found.errors);
        rewrite(body, found.markers)
    }

    const S: &str = "{% redact(s=\"15(1)\") %}";

    #[test]
    fn spans_blocks_and_code() {
        let cases: &[(&str, &str, &[bool])] = &[
            ("a {R}x{% end %} b\n", "a \u{E000}0\u{E001} b\n", &[false]),
            ("p\n{R}\nsecret\n\npara\n{% end %}\nq\n", "p\n\n\u{E000}0\u{E001}\n\nq\n", &[true]),
            ("> q\n> {R}\n> s\n> {% end %}\n", "> q\n>\n> \u{E000}0\u{E001}\n", &[true]),
            ("- a\n- {R}\n  s\n  {% end %}\n- b\n", "- a\n\n- \u{E000}0\u{E001}\n\n- b\n", &[true]),
            ("```\n{R}\nx\n{% end %}\n```\n", "```\n\u{E000}0\u{E001}\n```\n", &[false]),
            ("{R}\nx\n{% end %}", "\u{E000}0\u{E001}\n", &[true]),
            ("{R}x{% end %} and {R}\ny{% end %}\n", "\u{E000}0\u{E001} and \u{E000}1\u{E001}\n", &[false, false]),
        ];
        for (input, want, blocks) in cases {
            let input = input.replace("{R}", S);
            let out = run(&input);
            assert_eq!(out.body, *want, "{input:?}");
            assert_eq!(out.spans.iter().map(|s| s.block).collect::<Vec<_>>(), *blocks, "{input:?}");
        }
    }

    #[test]
    fn block_secrets_lose_their_container_prefix() {
        let out = run(&format!("> {S}\n> one\n>\n> two\n> {{% end %}}\n"));
        assert_eq!(out.spans[0].secret, "one\n\ntwo\n");
        let out = run(&format!("1. {S}\n   item\n   {{% end %}}\n"));
        assert_eq!(out.spans[0].secret, "item\n");
    }

    #[test]
    fn offsets_map_back_to_the_original() {
        let input = format!("ab {S}secret{{% end %}} cd\nef\n");
        let out = run(&input);
        let after = out.body.find(" cd").unwrap();
        let (new, old) = out.offsets[1];
        assert_eq!(old + (after - new), input.find(" cd").unwrap());
        assert_eq!(out.spans[0].before, "ab ");
        assert_eq!(out.spans[0].after, " cd");
        let masked = out.masked.unwrap();
        assert_eq!(masked.len(), input.len());
        assert!(!masked.contains("secret") && masked.starts_with("ab ___"));
        let all = 0..6;
        assert_eq!(mask("é\n€x", std::slice::from_ref(&all)), "\u{80}\n\u{E002}x");
    }
}
