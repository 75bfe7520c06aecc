//! The links check of an aligned pair of blocks, with localized URLs treated as equal.
//!
//! Input: the two blocks' link destinations and the pair's languages. Output: at most one
//! `links` finding per block pair, naming the links present on one side only. Two URLs are the
//! same link when they differ only by a language marker: a path segment `/en/`↔`/fr/`,
//! `-eng`↔`-fra`, `lang=en`↔`lang=fr`, a host `en.`↔`fr.` (Wikipedia), a mapping of
//! `[parity.localized_urls]`, or `@/` links to the two languages of one page. Links to the
//! site itself (relative or root-relative, whose slugs are translated) and localized URLs whose
//! slugs differ are compared by their number per host: the same number on each side is no
//! finding. Never fails.

use std::collections::{BTreeMap, HashSet};

use super::blocks::Block;
use super::pair::Context;

/// A URL with its language markers replaced by `{lang}`, lower-cased scheme and host, no
/// trailing slash.
pub fn neutral(url: &str) -> String {
    let url = url.trim().trim_end_matches('/');
    let (scheme, rest) = url.split_once("://").map_or(("", url), |(s, r)| (s, r));
    let (host, path) = if scheme.is_empty() { ("", rest) } else { rest.split_at(rest.find('/').unwrap_or(rest.len())) };
    let mut host = host.to_ascii_lowercase();
    for code in ["en.", "fr."] {
        if let Some(h) = host.strip_prefix(code) {
            host = format!("{{lang}}.{h}");
        }
    }
    let host = host.strip_prefix("www.").map(str::to_string).unwrap_or(host);
    let mut out = String::with_capacity(url.len());
    let (path, query) = path.split_at(path.find(['?', '#']).unwrap_or(path.len()));
    for (k, seg) in path.split('/').enumerate() {
        if k > 0 {
            out.push('/');
        }
        out.push_str(&neutral_segment(seg));
    }
    for (k, part) in query.split(['?', '&']).enumerate() {
        if k > 0 {
            out.push(if k == 1 { '?' } else { '&' });
        }
        match part.split_once('=') {
            Some((key, v)) if key.eq_ignore_ascii_case("lang") && is_code(v) => out.push_str("lang={lang}"),
            _ => out.push_str(part),
        }
    }
    if scheme.is_empty() { out } else { format!("{}://{host}{out}", scheme.to_ascii_lowercase()) }
}

fn is_code(s: &str) -> bool {
    ["en", "fr", "eng", "fra", "fre"].contains(&s.to_ascii_lowercase().as_str())
}

/// `en` → `{lang}`, `doc-eng.aspx` → `doc-{lang}.aspx`, `index-fr.html` → `index-{lang}.html`.
fn neutral_segment(seg: &str) -> String {
    if is_code(seg) {
        return "{lang}".into();
    }
    let (stem, ext) = seg.rsplit_once('.').map_or((seg, ""), |(s, e)| (s, e));
    for sep in ['-', '_', '.'] {
        if let Some((base, code)) = stem.rsplit_once(sep) {
            if is_code(code) {
                let dot = if ext.is_empty() { "" } else { "." };
                return format!("{base}{sep}{{lang}}{dot}{ext}");
            }
        }
    }
    if is_code(ext) {
        return format!("{stem}.{{lang}}");
    }
    seg.to_string()
}

/// Where a link points, made comparable across languages; `None` for in-page anchors.
fn target(ctx: &Context<'_>, dest: &str, source_side: bool) -> Option<String> {
    if dest.starts_with('#') || dest.is_empty() {
        return None;
    }
    if let Some(rest) = dest.strip_prefix("@/") {
        let path = rest.split('#').next().unwrap_or(rest);
        let name = if path.ends_with(".md") { path.to_string() } else { format!("{path}.md") };
        let (key, _) = crate::key::split(&name, ctx.config);
        let stem = key.strip_suffix(".md").unwrap_or(&key);
        return Some(format!("@/{stem}.md"));
    }
    let trimmed = dest.trim_end_matches('/');
    if source_side {
        let mapped = ctx.settings.localized_urls.iter().find(|(k, _)| k.trim_end_matches('/') == trimmed);
        if let Some((_, v)) = mapped {
            return Some(neutral(v));
        }
    }
    Some(neutral(dest))
}

/// The group a link is counted in when its slug may be translated: its host, or `site` for
/// links into the site itself.
fn group(url: &str) -> Option<String> {
    if url.starts_with("@/") {
        return None;
    }
    match url.split_once("://") {
        Some((_, rest)) => Some(rest.split('/').next().unwrap_or(rest).to_string()),
        None if url.starts_with("mailto:") || url.starts_with("tel:") => None,
        None => Some("site".into()),
    }
}

/// A host of the Government of Canada, whose sites have a domain per official language.
fn gc_host(host: &str) -> bool {
    let host = host.to_ascii_lowercase();
    ["canada.ca", "gc.ca"].iter().any(|d| host == *d || host.ends_with(&format!(".{d}")))
}

/// The `links` finding of a block pair, if any: (message, evidence).
pub(super) fn compare(ctx: &Context<'_>, s: &Block, t: &Block) -> Option<(String, String)> {
    let (sl, tl) = (ctx.source_lang, ctx.target_lang);
    // A broken link is its own finding (`markdown`), not also a missing link.
    let dests = |b: &'_ Block| -> Vec<String> {
        let broken = b.broken_links.iter().filter_map(|l| l.rsplit_once("] (").map(|(_, d)| d.trim_end_matches(')')));
        b.links.iter().map(String::as_str).chain(broken).map(str::to_string).collect()
    };
    let a: Vec<String> = dests(s).iter().filter_map(|d| target(ctx, d, true)).collect();
    let b: Vec<String> = dests(t).iter().filter_map(|d| target(ctx, d, false)).collect();
    let (sa, sb): (HashSet<&String>, HashSet<&String>) = (a.iter().collect(), b.iter().collect());
    let mut missing: Vec<&String> = a.iter().filter(|x| !sb.contains(x)).collect();
    let mut extra: Vec<&String> = b.iter().filter(|x| !sa.contains(x)).collect();
    // Localized slugs: as many unmatched links to a host on each side pair up.
    let count = |v: &[&String]| {
        let mut m: BTreeMap<Option<String>, usize> = BTreeMap::new();
        for x in v {
            *m.entry(group(x)).or_default() += 1;
        }
        m
    };
    let (cm, ce) = (count(&missing), count(&extra));
    let paired = |x: &&String, other: &BTreeMap<Option<String>, usize>, mine: &BTreeMap<Option<String>, usize>| {
        let g = group(x);
        g.is_some() && other.get(&g) == mine.get(&g)
    };
    missing.retain(|x| !paired(x, &ce, &cm));
    extra.retain(|x| !paired(x, &cm, &ce));
    // Government of Canada sites have a domain per language (`open.canada.ca` and
    // `ouvert.canada.ca`): as many links left to such domains on each side pair up.
    let gc = |v: &[&String]| v.iter().filter(|x| group(x).is_some_and(|h| gc_host(&h))).count();
    if gc(&missing) > 0 && gc(&missing) == gc(&extra) {
        missing.retain(|x| !group(x).is_some_and(|h| gc_host(&h)));
        extra.retain(|x| !group(x).is_some_and(|h| gc_host(&h)));
    }
    missing.dedup();
    extra.dedup();
    if missing.is_empty() && extra.is_empty() {
        return None;
    }
    let list = |v: &[&String]| v.iter().map(|x| format!("`{x}`")).collect::<Vec<_>>().join(", ");
    let mut parts = Vec::new();
    if !missing.is_empty() {
        parts.push(format!("{sl} links to {} that {tl} does not", list(&missing)));
    }
    if !extra.is_empty() {
        parts.push(format!("{tl} links to {} that {sl} does not", list(&extra)));
    }
    let hint = if missing.iter().chain(&extra).any(|x| x.starts_with("http")) {
        " (a localized URL belongs in `[parity.localized_urls]`)"
    } else {
        ""
    };
    Some((format!("{}{hint}", parts.join("; ")), parts.join(";")))
}

/// Links written `[text] (url)`: a space between `]` and `(` makes Markdown show them as
/// plain text. Returns the broken links of a block's source, as written.
pub fn broken(source: &str) -> Vec<String> {
    let mut out = Vec::new();
    let bytes = source.as_bytes();
    let mut from = 0;
    while let Some(k) = source[from..].find("] (").map(|k| k + from) {
        from = k + 3;
        let rest = &source[k + 3..];
        let Some(close) = rest.find(')') else { continue };
        let dest = &rest[..close];
        let url_like = dest.contains("://") || dest.starts_with('/') || dest.starts_with('@') || dest.starts_with('#');
        if !url_like || dest.contains(char::is_whitespace) {
            continue;
        }
        let open = source[..k].rfind(['[', '\n']).filter(|&o| bytes[o] == b'[');
        if let Some(o) = open {
            out.push(source[o..k + 3 + close + 1].to_string());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn language_markers_are_neutralised() {
        let same = [
            ("https://www.canada.ca/en/services.html", "https://www.canada.ca/fr/services.html"),
            ("https://www.tbs-sct.gc.ca/pol/doc-eng.aspx?id=1", "https://www.tbs-sct.gc.ca/pol/doc-fra.aspx?id=1"),
            ("https://x.gc.ca/page?lang=en&id=2", "https://x.gc.ca/page?lang=fr&id=2"),
            ("https://en.wikipedia.org/wiki/X", "https://fr.wikipedia.org/wiki/X"),
            ("https://canada.ca/en", "https://canada.ca/fr/"),
            ("https://x.ca/index-en.html", "https://x.ca/index-fr.html"),
        ];
        for (a, b) in same {
            assert_eq!(neutral(a), neutral(b), "{a} {b}");
        }
        assert_ne!(neutral("https://x.ca/a"), neutral("https://x.ca/b"));
        assert_ne!(neutral("https://x.ca/english"), neutral("https://x.ca/french"));
    }

    #[test]
    fn a_space_before_the_parenthesis_breaks_a_link() {
        assert_eq!(broken("Voir [le site] (https://x.ca) ici."), vec!["[le site] (https://x.ca)"]);
        assert!(broken("See [the site](https://x.ca) (here).").is_empty());
        assert!(broken("[a] (not a link, words)").is_empty());
    }
}
