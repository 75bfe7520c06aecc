//! What an HTML block says: its text, links and images, so that parity compares them as it
//! compares Markdown's (an HTML block is not opaque).
//!
//! Input: the raw HTML of a block. Output: [`Parts`]: the text between tags (entities for
//! spaces and quotes decoded, comments, `<script>` and `<style>` left out), the `href` of each
//! link, the `src` and `alt` of each image, and the `alt`, `title` and `aria-label` values as
//! text. Never fails (a loose scanner, not a validator); linear in the length of the HTML.

use super::blocks::Image;

/// The text, links and images of an HTML block.
#[derive(Debug, Default, PartialEq)]
pub struct Parts {
    pub text: String,
    pub links: Vec<String>,
    pub images: Vec<Image>,
}

/// Reads an HTML block.
pub fn parts(html: &str) -> Parts {
    let mut p = Parts::default();
    let mut rest = html;
    let mut skip_until: Option<&str> = None;
    while !rest.is_empty() {
        if let Some(end) = skip_until {
            match rest.find(end) {
                Some(k) => rest = &rest[k..],
                None => break,
            }
            skip_until = None;
        }
        if let Some(after) = rest.strip_prefix("<!--") {
            rest = after.find("-->").map_or("", |k| &after[k + 3..]);
            continue;
        }
        if rest.starts_with('<') && rest[1..].starts_with(|c: char| c.is_ascii_alphabetic() || c == '/') {
            let end = tag_end(rest);
            let tag = &rest[1..end];
            let name: String =
                tag.chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '-').collect::<String>().to_lowercase();
            if let Some(href) = attr(tag, "href") {
                p.links.push(href.to_string());
            }
            if name == "img" {
                let src = attr(tag, "src").unwrap_or("").to_string();
                p.images.push(Image { src, alt: attr(tag, "alt").unwrap_or("").to_string() });
            } else if let Some(alt) = attr(tag, "alt") {
                push_text(&mut p.text, alt);
            }
            for a in ["title", "aria-label"] {
                if let Some(v) = attr(tag, a) {
                    push_text(&mut p.text, v);
                }
            }
            if name == "script" || name == "style" {
                skip_until = Some(if name == "script" { "</script" } else { "</style" });
            }
            p.text.push(' ');
            rest = rest.get(end + 1..).unwrap_or("");
            continue;
        }
        let first = rest.chars().next().map_or(1, char::len_utf8);
        let k = rest[first..].find('<').map_or(rest.len(), |k| k + first);
        push_text(&mut p.text, &rest[..k]);
        rest = &rest[k..];
    }
    p.text = collapse(&p.text);
    p
}

/// Elements that have no end tag.
const VOID: [&str; 14] =
    ["area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr", "param"];

/// How many elements the HTML opens and does not close (negative when it closes more than it
/// opens): an HTML block that Markdown cut at a blank line leaves elements open.
pub fn net_open(html: &str) -> i64 {
    let mut n = 0i64;
    let mut rest = html;
    while let Some(k) = rest.find('<') {
        rest = &rest[k..];
        if let Some(after) = rest.strip_prefix("<!--") {
            rest = after.find("-->").map_or("", |k| &after[k + 3..]);
            continue;
        }
        let closing = rest[1..].starts_with('/');
        let name_at = if closing { 2 } else { 1 };
        if !rest[name_at..].starts_with(|c: char| c.is_ascii_alphabetic()) {
            rest = &rest[1..];
            continue;
        }
        let end = tag_end(rest);
        let tag = &rest[name_at..end];
        let name: String =
            tag.chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '-').collect::<String>().to_lowercase();
        if closing {
            n -= 1;
        } else if !VOID.contains(&name.as_str()) && !tag.ends_with('/') {
            n += 1;
        }
        rest = rest.get(end + 1..).unwrap_or("");
    }
    n
}

/// Joins the lines of an opening tag written over several lines (`<gcds-notice\n  role="info"\n>`)
/// into one, in place and keeping every byte offset: Markdown reads such a tag as a paragraph
/// and a block quote, where a one-line tag starts an HTML block.
pub fn flatten_open_tags(body: &mut [u8]) {
    let mut line_start = 0;
    while line_start < body.len() {
        let line_end = body[line_start..].iter().position(|&b| b == b'\n').map_or(body.len(), |k| line_start + k);
        let lead = body[line_start..line_end].iter().take_while(|&&b| b == b' ').count();
        let at = line_start + lead;
        let opens = lead < 4 && body.get(at) == Some(&b'<') && body.get(at + 1).is_some_and(u8::is_ascii_alphabetic);
        if opens {
            let mut quote = None;
            let mut k = at + 1;
            let limit = (at + 4096).min(body.len());
            while k < limit {
                match (quote, body[k]) {
                    (None, b'"' | b'\'') => quote = Some(body[k]),
                    (Some(q), c) if c == q => quote = None,
                    (None, b'>') => break,
                    (None, b'<') => break,
                    _ => {}
                }
                k += 1;
            }
            if k < limit && body[k] == b'>' && k > line_end {
                // Only a tag whose lines hold no blank line is one tag.
                let spans = &body[line_end..k];
                if !spans.windows(2).any(|w| w == b"\n\n") {
                    body[line_end..k].iter_mut().filter(|b| **b == b'\n').for_each(|b| *b = b' ');
                }
            }
        }
        line_start = line_end + 1;
    }
}

/// The index of the `>` that closes the tag at the start of `s` (quotes respected).
fn tag_end(s: &str) -> usize {
    let mut quote = None;
    for (k, c) in s.char_indices().skip(1) {
        match (quote, c) {
            (None, '"' | '\'') => quote = Some(c),
            (Some(q), c) if c == q => quote = None,
            (None, '>') => return k,
            _ => {}
        }
    }
    s.len()
}

/// The value of an attribute in a tag's text.
fn attr<'a>(tag: &'a str, name: &str) -> Option<&'a str> {
    let lower = tag.to_ascii_lowercase();
    let mut from = 0;
    while let Some(k) = lower[from..].find(name).map(|k| k + from) {
        from = k + name.len();
        let before = lower[..k].chars().next_back();
        if !before.is_some_and(char::is_whitespace) {
            continue;
        }
        let rest = tag[from..].trim_start();
        let Some(rest) = rest.strip_prefix('=') else { continue };
        let rest = rest.trim_start();
        let value = match rest.chars().next() {
            Some(q @ ('"' | '\'')) => rest[1..].split(q).next().unwrap_or(""),
            _ => rest.split(|c: char| c.is_whitespace() || c == '>').next().unwrap_or(""),
        };
        return Some(value);
    }
    None
}

fn push_text(out: &mut String, text: &str) {
    let decoded = text
        .replace("&nbsp;", "\u{a0}")
        .replace("&#160;", "\u{a0}")
        .replace("&amp;", "&")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&rsquo;", "’")
        .replace("&laquo;", "«")
        .replace("&raquo;", "»");
    out.push_str(&decoded);
}

/// Collapses runs of whitespace (non-breaking spaces kept) to one space and trims.
pub fn collapse(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for word in text.split([' ', '\t', '\n', '\r']).filter(|w| !w.is_empty()) {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_text_links_and_images_inside_html() {
        let p = parts(
            "<div class=\"x\"><h2>Due in 30 days</h2><!-- note --><p>See <a href=\"https://x.ca/en\">the page</a>.</p>\
             <img src=\"a.png\" alt=\"A map\"><script>var x = 5;</script></div>",
        );
        assert_eq!(p.text, "Due in 30 days See the page .");
        assert_eq!(p.links, ["https://x.ca/en"]);
        assert_eq!(p.images, [Image { src: "a.png".into(), alt: "A map".into() }]);
    }

    #[test]
    fn counts_the_elements_left_open() {
        assert_eq!(net_open("<div class=\"x\">\n<gcds-grid>\n<img src=a><br/><p>x</p>"), 2);
        assert_eq!(net_open("</ol>"), -1);
        assert_eq!(net_open("<!-- <div> --><hr class=\"mt\"/>"), 0);
    }

    #[test]
    fn an_opening_tag_over_several_lines_becomes_one_line() {
        let mut body = b"<gcds-notice\n  title=\"a > b\"\n>\ntext\n\n<p\n\nx>".to_vec();
        flatten_open_tags(&mut body);
        assert_eq!(String::from_utf8(body).unwrap(), "<gcds-notice   title=\"a > b\" >\ntext\n\n<p\n\nx>");
    }

    #[test]
    fn odd_html_never_panics() {
        for t in ["<", "<a", "<a href=", "<a href='x", "<!--", "<script>", "é<é>", "<img alt=\"é\">"] {
            let _ = parts(t);
            let _ = net_open(t);
            flatten_open_tags(&mut t.as_bytes().to_vec());
        }
    }
}
