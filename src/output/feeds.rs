//! Feeds: a language's, a section's (`generate_feeds = true`) and a taxonomy term's
//! (`feed = true`), as Zola writes them.
//!
//! Input: the site, whose pages a feed lists, and the feed's path. Output: the feed's text:
//! the site's own template of the feed's file name (`atom.xml`, `rss.xml`) when it has one,
//! given Zola's feed context (`pages`, `feed_url`, `last_updated`, `lang`, and `section` or
//! `term`), else cahier's own feed of the name's format: RSS 2.0 for a name ending in
//! `rss.xml` (as Zola's built-in `rss.xml`), Atom for any other. Failure: a template error,
//! as for any page.

use std::fmt::Write;

use serde_json::{Value, json};

use super::context::Shared;
use super::xml::escape;
use crate::content::Front;
use crate::site::PageId;
use crate::templates::Renderer;

/// Whose pages a feed lists.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FeedOf {
    Language(String),
    Section(PageId),
    Term { tax: usize, term: usize },
}

/// What a feed shows: its dated, rendered pages, newest first, up to `feed_limit`.
struct Listing {
    lang: String,
    title: String,
    /// The list's own page (`/`, `/blog/`, `/tags/rust/`).
    home_path: String,
    pages: Vec<PageId>,
    last_updated: String,
}

/// The feed of `of` at `self_path`.
pub fn feed(shared: &Shared<'_>, renderer: &Renderer, of: &FeedOf, self_path: &str) -> Result<String, String> {
    let listing = listing(shared, of);
    let name = self_path.rsplit('/').next().unwrap_or(self_path);
    if !renderer.has(name) || name.is_empty() {
        return Ok(if name.ends_with("rss.xml") {
            rss(shared, &listing, self_path)
        } else {
            atom(shared, &listing, self_path)
        });
    }
    let config = shared.config();
    let pages: Vec<Value> = listing.pages.iter().map(|&p| shared.data.object(p)).collect();
    let mut ctx = tera::Context::new();
    ctx.insert("config", &shared.data.config.get(&listing.lang).cloned().unwrap_or_default());
    ctx.insert("lang", &listing.lang);
    ctx.insert("feed_url", &config.permalink(self_path));
    ctx.insert("last_updated", &listing.last_updated);
    ctx.insert("pages", &pages);
    match of {
        FeedOf::Language(_) => {}
        FeedOf::Section(id) => ctx.insert("section", &shared.data.object(*id)),
        FeedOf::Term { tax, term } => {
            let t = &shared.site.taxonomies[*tax];
            let term = &t.terms[*term];
            ctx.insert("term", &json!({ "name": term.name, "slug": term.slug, "path": term.path, "permalink": term.permalink, "pages": pages }));
        }
    }
    renderer.render(name, ctx)
}

fn listing(shared: &Shared<'_>, of: &FeedOf) -> Listing {
    let site = shared.site;
    let config = shared.config();
    let (lang, name, ids, home_path): (&str, String, Vec<PageId>, String) = match of {
        FeedOf::Language(lang) => {
            let prefix = config.languages.get(lang).map_or("", |l| l.prefix.as_str());
            let ids = site.entries.iter().enumerate().filter(|(_, e)| e.lang() == lang).map(|(id, _)| id).collect();
            (lang, String::new(), ids, format!("{prefix}/"))
        }
        FeedOf::Section(id) => {
            let e = &site.entries[*id];
            (e.lang(), e.title().unwrap_or_default().to_string(), e.pages.clone(), e.path.clone())
        }
        FeedOf::Term { tax, term } => {
            let (t, term) = (&site.taxonomies[*tax], &site.taxonomies[*tax].terms[*term]);
            (t.lang.as_str(), term.name.clone(), term.pages.clone(), term.path.clone())
        }
    };
    let site_title = config.languages.get(lang).and_then(|l| l.title.clone()).or_else(|| config.title.clone());
    let title = match site_title {
        Some(t) if !name.is_empty() => format!("{t} - {name}"),
        Some(t) => t,
        None => name,
    };
    let mut pages: Vec<(PageId, &crate::content::date::FrontDate)> = ids
        .into_iter()
        .filter_map(|id| match &site.entries[id].page.source().front {
            Front::Page(p) if p.render => p.date.as_ref().map(|d| (id, d)),
            _ => None,
        })
        .collect();
    pages.sort_by(|a, b| {
        b.1.value.cmp(&a.1.value).then_with(|| site.entries[a.0].permalink.cmp(&site.entries[b.0].permalink))
    });
    if let Some(limit) = config.feed_limit {
        pages.truncate(limit);
    }
    let last_updated =
        pages.iter().map(|(_, d)| d.to_rfc3339()).max().unwrap_or_else(|| "1970-01-01T00:00:00+00:00".into());
    Listing {
        lang: lang.to_string(),
        title,
        home_path,
        pages: pages.into_iter().map(|(id, _)| id).collect(),
        last_updated,
    }
}

/// A feed entry's text: its summary when it has one, else its content.
fn entry_text<'a>(shared: &'a Shared<'_>, id: PageId) -> &'a str {
    shared.data.basics[id].summary.as_deref().unwrap_or(&shared.data.contents[id])
}

/// cahier's own RSS 2.0 feed of a listing: a channel with the listing's title, its page, the
/// language's description, and an item per page with its date as RFC 2822 writes it.
fn rss(shared: &Shared<'_>, listing: &Listing, self_path: &str) -> String {
    let config = shared.config();
    let site = shared.site;
    let lang = &listing.lang;
    let description =
        config.languages.get(lang).and_then(|l| l.description.clone()).or_else(|| config.description.clone());
    let last = listing.pages.iter().filter_map(|&id| page_date(shared, id)).map(|d| d.to_rfc2822()).next();
    let mut out = String::new();
    let _ = write!(
        out,
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rss xmlns:atom=\"http://www.w3.org/2005/Atom\" version=\"2.0\">\n  <channel>\n    <title>{}</title>\n    <link>{}</link>\n    <description>{}</description>\n    <generator>cahier</generator>\n    <language>{lang}</language>\n    <atom:link href=\"{}\" rel=\"self\" type=\"application/rss+xml\"/>\n",
        escape(&listing.title),
        escape(&config.permalink(&listing.home_path)),
        escape(description.as_deref().unwrap_or_default()),
        escape(&config.permalink(self_path)),
    );
    if let Some(last) = last {
        let _ = writeln!(out, "    <lastBuildDate>{last}</lastBuildDate>");
    }
    for &id in &listing.pages {
        let Some(date) = page_date(shared, id) else { continue };
        let e = &site.entries[id];
        let _ = write!(
            out,
            "    <item>\n      <title>{}</title>\n      <pubDate>{}</pubDate>\n      <link>{}</link>\n      <guid>{}</guid>\n      <description>{}</description>\n    </item>\n",
            escape(e.title().unwrap_or("")),
            date.to_rfc2822(),
            escape(&e.permalink),
            escape(&e.permalink),
            escape(entry_text(shared, id))
        );
    }
    out.push_str("  </channel>\n</rss>\n");
    out
}

/// A listed page's date (the listing holds dated pages only).
fn page_date<'a>(shared: &'a Shared<'_>, id: PageId) -> Option<&'a crate::content::date::FrontDate> {
    match &shared.site.entries[id].page.source().front {
        Front::Page(p) => p.date.as_ref(),
        Front::Section(_) => None,
    }
}

/// cahier's own Atom feed of a listing.
fn atom(shared: &Shared<'_>, listing: &Listing, self_path: &str) -> String {
    let config = shared.config();
    let site = shared.site;
    let self_url = config.permalink(self_path);
    let lang = &listing.lang;
    let mut out = String::new();
    let _ = write!(
        out,
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{lang}\">\n  <title>{}</title>\n  <link href=\"{}\" rel=\"self\" type=\"application/atom+xml\"/>\n  <link href=\"{}\"/>\n  <updated>{}</updated>\n  <id>{}</id>\n",
        escape(&listing.title),
        escape(&self_url),
        escape(&config.permalink(&listing.home_path)),
        listing.last_updated,
        escape(&self_url)
    );
    for &id in &listing.pages {
        let e = &site.entries[id];
        let Front::Page(p) = &e.page.source().front else { continue };
        let Some(date) = &p.date else { continue };
        let content = entry_text(shared, id);
        let updated = p.updated.as_ref().unwrap_or(date).to_rfc3339();
        let _ = write!(
            out,
            "  <entry xml:lang=\"{lang}\">\n    <title>{}</title>\n    <published>{}</published>\n    <updated>{updated}</updated>\n    <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n    <id>{}</id>\n    <content type=\"html\">{}</content>\n  </entry>\n",
            escape(e.title().unwrap_or("")),
            date.to_rfc3339(),
            escape(&e.permalink),
            escape(&e.permalink),
            escape(content)
        );
    }
    out.push_str("</feed>\n");
    out
}
