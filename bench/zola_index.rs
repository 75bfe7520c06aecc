//! Writes the search index Zola would write for a site, for `bench/search.py`, where no `zola`
//! binary is installed: `search_index.{lang}.js` per language, as Zola's default
//! `build_search_index = true` does.
//!
//!     cargo run --release --example zola-index -- CONTENT_DIR OUT_DIR BASE_URL LANG...
//!
//! What Zola does, and this reproduces (Zola 0.22, `components/search`):
//! - one elasticlunr index per language (`elasticlunr-rs` 3, the language's stemmer and stop
//!   words), fields `title` and `body` (Zola's defaults: `include_title = true`,
//!   `include_content = true`, description, date and path off), documents saved in the index;
//! - every section (`_index.md`) then its pages, keyed by permalink;
//! - the body is the page's rendered Markdown with the tags removed and the content of
//!   `<pre>`, `<script>` and `<style>` dropped (Zola cleans it with ammonia), whitespace
//!   collapsed on each line and blank lines removed;
//! - the file is `window.searchIndex = {json};`.
//!
//! Approximations: Markdown is rendered with pulldown-cmark's tables, footnotes,
//! strikethrough, task lists and smart punctuation (Zola's options for this site), without
//! Zola's heading ids or shortcodes (the site has none); the text keeps `&`, `<` and `>`
//! escaped as ammonia's serializer does. The default language is at the root (`/s0/p0/`),
//! another under its code (`/fr/s0/p0/`). Input: a Zola content folder (`page.md`,
//! `page.fr.md`, TOML front matter). Fails on an unreadable file or bad front matter.

use std::path::{Path, PathBuf};

use anyhow::{Context, bail};
use elasticlunr::{IndexBuilder, lang};
use pulldown_cmark::{Options, Parser, html};

/// One page or section of one language.
struct Doc {
    /// Path under the content folder without its language suffix, e.g. `s0/p3.md`.
    rel: String,
    lang: String,
    title: String,
    body_html: String,
    is_section: bool,
}

fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [content, out, base_url, langs @ ..] = args.as_slice() else {
        bail!("usage: zola-index CONTENT_DIR OUT_DIR BASE_URL LANG... (the first LANG is the default)");
    };
    if langs.is_empty() {
        bail!("usage: zola-index CONTENT_DIR OUT_DIR BASE_URL LANG... (the first LANG is the default)");
    }
    let docs = read_docs(Path::new(content), langs)?;
    std::fs::create_dir_all(out).with_context(|| format!("cannot create {out}"))?;
    for code in langs {
        let language = lang::from_code(code).with_context(|| format!("elasticlunr has no `{code}`"))?;
        let mut index = IndexBuilder::with_language(language).add_field("title").add_field("body").build();
        let mut entries: Vec<&Doc> = docs.iter().filter(|d| &d.lang == code).collect();
        // Zola adds each section, then the pages of that section.
        entries.sort_by_key(|d| (section_of(&d.rel), !d.is_section, d.rel.clone()));
        for doc in &entries {
            let permalink = permalink(base_url, code, &langs[0], doc);
            index.add_doc(&permalink, [doc.title.as_str(), &clean_body(&doc.body_html)]);
        }
        let path = PathBuf::from(out).join(format!("search_index.{code}.js"));
        std::fs::write(&path, format!("window.searchIndex = {};", index.to_json()))
            .with_context(|| format!("cannot write {}", path.display()))?;
        eprintln!("zola-index: {} documents in {}", entries.len(), path.display());
    }
    Ok(())
}

/// Reads every `.md` file of `content`, sorted, as a document of the language of its suffix.
fn read_docs(content: &Path, langs: &[String]) -> anyhow::Result<Vec<Doc>> {
    let mut docs = Vec::new();
    for entry in walkdir::WalkDir::new(content).follow_links(true).sort_by_file_name() {
        let entry = entry.with_context(|| format!("cannot walk {}", content.display()))?;
        let path = entry.path();
        if !entry.file_type().is_file() || path.extension().is_none_or(|e| e != "md") {
            continue;
        }
        let rel = path.strip_prefix(content).unwrap_or(path).to_string_lossy().replace('\\', "/");
        let stem = rel.trim_end_matches(".md");
        let (rel, lang) = match stem.rsplit_once('.') {
            Some((base, code)) if langs.iter().any(|l| l == code) => (format!("{base}.md"), code.to_string()),
            _ => (rel.clone(), langs[0].clone()),
        };
        let text = std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
        let (title, markdown) = split_front_matter(&text).with_context(|| format!("in {}", path.display()))?;
        let is_section = rel.ends_with("_index.md");
        docs.push(Doc { rel, lang, title, body_html: render(markdown), is_section });
    }
    Ok(docs)
}

/// The title from the TOML front matter between `+++` lines, and the Markdown after it.
fn split_front_matter(text: &str) -> anyhow::Result<(String, &str)> {
    let rest = text.strip_prefix("+++").context("no `+++` front matter")?;
    let end = rest.find("\n+++").context("front matter not closed")?;
    let front: toml::Table = toml::from_str(&rest[..end]).context("bad front matter")?;
    let title = front.get("title").and_then(|t| t.as_str()).unwrap_or_default().to_string();
    Ok((title, rest[end + 4..].trim_start_matches(['\r', '\n'])))
}

fn render(markdown: &str) -> String {
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_SMART_PUNCTUATION;
    let mut out = String::with_capacity(markdown.len() * 2);
    html::push_html(&mut out, Parser::new_ext(markdown, options));
    out
}

/// The section folder of a path (`s0/p3.md` -> `s0`, `_index.md` -> ``).
fn section_of(rel: &str) -> String {
    rel.rsplit_once('/').map_or(String::new(), |(dir, _)| dir.to_string())
}

fn permalink(base_url: &str, code: &str, default: &str, doc: &Doc) -> String {
    let mut path = doc.rel.trim_end_matches(".md").trim_end_matches("_index").trim_end_matches('/').to_string();
    if !path.is_empty() {
        path.push('/');
    }
    let prefix = if code == default { String::new() } else { format!("{code}/") };
    format!("{}/{prefix}{path}", base_url.trim_end_matches('/'))
}

/// Zola's body cleaning: tags removed, `<pre>`, `<script>` and `<style>` dropped with their
/// content, entities decoded then `&`, `<`, `>` escaped again, whitespace collapsed per line,
/// blank lines removed.
fn clean_body(html: &str) -> String {
    let mut text = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(lt) = rest.find('<') {
        text.push_str(&rest[..lt]);
        rest = &rest[lt..];
        let dropped = ["pre", "script", "style"]
            .into_iter()
            .find(|name| rest[1..].starts_with(name) && rest[1 + name.len()..].starts_with(['>', ' ', '\n', '/']));
        let end = match dropped {
            Some(name) => rest.find(&format!("</{name}>")).map_or(rest.len(), |i| i + name.len() + 3),
            None => rest.find('>').map_or(rest.len(), |i| i + 1),
        };
        rest = &rest[end..];
    }
    text.push_str(rest);
    let text = text
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;");
    text.lines()
        .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cleans_the_body_as_zola_does() {
        let html = "<h2 id=\"a\">Title &amp; more</h2>\n<p>Some <em>text</em>\n\n  here</p>\n<pre><code>let x = 1;</code></pre>\n<p>a &lt; b</p>\n";
        assert_eq!(clean_body(html), "Title &amp; more\nSome text\nhere\na &lt; b");
    }

    #[test]
    fn permalinks_put_other_languages_under_their_code() {
        let doc = |rel: &str| Doc {
            rel: rel.to_string(),
            lang: String::new(),
            title: String::new(),
            body_html: String::new(),
            is_section: false,
        };
        assert_eq!(permalink("https://x.org/", "en", "en", &doc("_index.md")), "https://x.org/");
        assert_eq!(permalink("https://x.org", "fr", "en", &doc("s0/_index.md")), "https://x.org/fr/s0/");
        assert_eq!(permalink("https://x.org", "en", "en", &doc("s0/p3.md")), "https://x.org/s0/p3/");
    }
}
