//! The link targets and image sources inside a redacted span: what the audit also looks for
//! (a file name, an address that says what the passage was about).
//!
//! Input: a span's secret Markdown. Output: each target of a Markdown link or image
//! (`[x](target)`, `![x](target "title")`, `[x]: target`), autolink (`<https://…>`) and
//! HTML `href` / `src` / `srcset` / `data` attribute, without its `#fragment`. Left out: bare
//! fragments, internal page links (`@/…`: the page's own existence is not the secret; a
//! withheld page is checked apart) and addresses with no path (a site's home page would
//! match every page).

use std::sync::LazyLock;

use regex::Regex;

static TARGETS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r#"(?x)
        \]\(\s*<?([^)\s>]+)              # [x](target) and ![x](target)
        | ^\s*\[[^\]]+\]:\s*<?([^\s>]+)  # [x]: target
        | <((?:https?|ftp|mailto):[^>\s]+)>  # <https://…>
        | \b(?:href|src|srcset|data)\s*=\s*["']?([^"'\s>]+)"#,
    )
    .expect("valid regex")
});

/// The link targets and image sources of `secret`, as written.
pub(super) fn link_targets(secret: &str) -> Vec<String> {
    let mut out = Vec::new();
    for line in secret.lines() {
        for c in TARGETS.captures_iter(line) {
            let Some(t) = (1..=4).find_map(|i| c.get(i)) else { continue };
            let t = t.as_str().split('#').next().unwrap_or("");
            let path = t.split_once("://").map_or(t, |(_, rest)| rest.split_once('/').map_or("", |(_, p)| p));
            if t.is_empty() || t.starts_with("@/") || path.trim_matches('/').is_empty() {
                continue;
            }
            if !out.iter().any(|o| o == t) {
                out.push(t.to_string());
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_targets_of_links_images_and_html_attributes() {
        let secret = "See [plan](secret-plan.pdf#p2), ![map](img/map.png \"Map\") and <https://x.org/zq/memo>.\n\
            [ref]: https://files.example/zq-brief.docx\n<img src=\"annex.jpg\"> <a href='/en/zq-file/'>x</a>\n\
            [home](https://example.org/) [page](@/memo.md) [top](#top)";
        assert_eq!(
            link_targets(secret),
            [
                "secret-plan.pdf",
                "img/map.png",
                "https://x.org/zq/memo",
                "https://files.example/zq-brief.docx",
                "annex.jpg",
                "/en/zq-file/"
            ]
        );
    }
}
