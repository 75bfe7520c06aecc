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
    p.text = super::blocks::collapse(&p.text);
    p
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
    fn odd_html_never_panics() {
        for t in ["<", "<a", "<a href=", "<a href='x", "<!--", "<script>", "é<é>", "<img alt=\"é\">"] {
            let _ = parts(t);
        }
    }
}
