//! A heading that holds a redaction cannot carry a custom id (`## Talks with {% redact(…) %}
//! Ruritania{% end %} {#talks-ruritania}`): the id is written by the author, outside the
//! marker, and would publish what the heading redacts in every link to it.
//!
//! Input: a page body and the byte ranges of its markers. Output: the offset of each such
//! `{#…}`, for an error at `path:line:col`.

use std::ops::Range;

/// The offsets of the `{#id}` attributes of ATX headings (`#` to `######`) that hold a marker.
pub(super) fn custom_ids(body: &str, markers: impl Iterator<Item = Range<usize>>) -> Vec<usize> {
    let mut out = Vec::new();
    for m in markers {
        let start = body[..m.start].rfind('\n').map_or(0, |i| i + 1);
        let end = body[m.end..].find('\n').map_or(body.len(), |i| m.end + i);
        let line = &body[start..end];
        let indent = line.len() - line.trim_start_matches(' ').len();
        if indent > 3 || !line[indent..].starts_with('#') || !line.trim_end().ends_with('}') {
            continue;
        }
        if let Some(i) = line.rfind("{#").filter(|&i| start + i >= m.end) {
            if !out.contains(&(start + i)) {
                out.push(start + i);
            }
        }
    }
    out
}

/// What to tell the author.
pub(super) const MESSAGE: &str = "a heading that holds a redaction cannot have a custom id (`{#…}`): the id would \
    publish what the heading redacts; remove the `{#…}` (the public id is made from the placeholder)";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_custom_ids_on_headings_with_markers_only() {
        let body = "## Talks {% redact(s=\"15(1)\") %}Zq{% end %} {#talks-zq}\n\n\
                    ## Plain {#plain}\n\nText {% redact(s=\"15(1)\") %}x{% end %} {#not-a-heading}\n";
        let m1 = body.find("{% redact").unwrap();
        let m2 = body.rfind("{% redact").unwrap();
        let end = |s: usize| s + body[s..].find("{% end %}").unwrap() + 9;
        let found = custom_ids(body, [m1..end(m1), m2..end(m2)].into_iter());
        assert_eq!(found, [body.find("{#talks-zq}").unwrap()]);
    }
}
