//! Machine-read outputs: `sitemap.xml` with hreflang alternates, per-language Atom feeds,
//! `robots.txt`, and alias redirect pages. Written directly (not through templates) so they
//! are always well-formed and sorted.

use std::fmt::Write;

use super::context::Shared;
use super::plan::FeedOf;
use crate::config::Config;
use crate::content::Front;
use crate::redact::Mode;
use crate::site::Site;

pub use crate::html::escape;

/// Every page and section, sorted by URL, each with its translations as `xhtml:link`.
pub fn sitemap(site: &Site) -> String {
    let mut entries: Vec<&crate::site::Entry> = site
        .entries
        .iter()
        .filter(|e| match &e.page.source().front {
            Front::Page(p) => p.render,
            Front::Section(s) => s.render && s.redirect_to.is_none(),
        })
        .collect();
    entries.sort_by(|a, b| a.permalink.cmp(&b.permalink));
    let mut out = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" xmlns:xhtml=\"http://www.w3.org/1999/xhtml\">\n",
    );
    for e in entries {
        let _ = write!(out, "  <url>\n    <loc>{}</loc>\n", escape(&e.permalink));
        if let Front::Page(p) = &e.page.source().front {
            if let Some(d) = p.updated.as_ref().or(p.date.as_ref()) {
                let _ = writeln!(out, "    <lastmod>{}</lastmod>", d.iso_date());
            }
        }
        if !e.translations.is_empty() {
            let mut alts: Vec<(&str, &str)> = std::iter::once((e.lang(), e.permalink.as_str()))
                .chain(e.translations.iter().map(|&t| (site.entries[t].lang(), site.entries[t].permalink.as_str())))
                .collect();
            alts.sort();
            for (lang, href) in alts {
                let _ =
                    writeln!(out, "    <xhtml:link rel=\"alternate\" hreflang=\"{lang}\" href=\"{}\"/>", escape(href));
            }
        }
        out.push_str("  </url>\n");
    }
    out.push_str("</urlset>\n");
    out
}

/// `robots.txt`: everything allowed on a public build, nothing on an internal one.
pub fn robots(config: &Config, mode: Mode) -> String {
    match mode {
        Mode::Public => format!("User-agent: *\nDisallow:\nAllow: /\nSitemap: {}\n", config.permalink("/sitemap.xml")),
        Mode::Internal => "User-agent: *\nDisallow: /\n".to_string(),
    }
}

/// A language's Atom feed: its dated pages, newest first.
pub fn feed(shared: &Shared<'_>, lang: &str) -> String {
    let config = shared.config();
    let l = config.languages.get(lang);
    let title = l.and_then(|l| l.title.clone()).or_else(|| config.title.clone()).unwrap_or_default();
    let prefix = l.map_or("", |l| l.prefix.as_str());
    let feed_name = l.and_then(|l| l.feed_filenames.first()).map_or("atom.xml", String::as_str);
    let ids = shared.site.entries.iter().enumerate().filter(|(_, e)| e.lang() == lang).map(|(id, _)| id);
    atom(shared, lang, ids, &title, &format!("{prefix}/{feed_name}"), &format!("{prefix}/"))
}

/// The feed of a section's pages or of a taxonomy term's, at `self_path`; its title is the
/// site's and the list's, as Zola titles it.
pub fn list_feed(shared: &Shared<'_>, of: &FeedOf, self_path: &str) -> String {
    let site = shared.site;
    let (lang, name, pages, path) = match *of {
        FeedOf::Section(id) => {
            let e = &site.entries[id];
            (e.lang(), e.title().unwrap_or_default().to_string(), e.pages.clone(), e.path.clone())
        }
        FeedOf::Term { tax, term } => {
            let (t, term) = (&site.taxonomies[tax], &site.taxonomies[tax].terms[term]);
            (t.lang.as_str(), term.name.clone(), term.pages.clone(), term.path.clone())
        }
    };
    let config = shared.config();
    let site_title = config.languages.get(lang).and_then(|l| l.title.clone()).or_else(|| config.title.clone());
    let title = match site_title {
        Some(t) if !name.is_empty() => format!("{t} - {name}"),
        Some(t) => t,
        None => name,
    };
    atom(shared, lang, pages.into_iter(), &title, self_path, &path)
}

/// An Atom feed of the dated, rendered pages among `ids`, newest first, up to `feed_limit`.
fn atom(
    shared: &Shared<'_>,
    lang: &str,
    ids: impl Iterator<Item = usize>,
    title: &str,
    self_path: &str,
    home_path: &str,
) -> String {
    let site = shared.site;
    let config = shared.config();
    let mut pages: Vec<(usize, &crate::site::Entry, &crate::content::date::FrontDate)> = ids
        .filter_map(|id| {
            let e = &site.entries[id];
            match &e.page.source().front {
                Front::Page(p) if p.render => p.date.as_ref().map(|d| (id, e, d)),
                _ => None,
            }
        })
        .collect();
    pages.sort_by(|a, b| b.2.value.cmp(&a.2.value).then_with(|| a.1.permalink.cmp(&b.1.permalink)));
    if let Some(limit) = config.feed_limit {
        pages.truncate(limit);
    }
    let self_url = config.permalink(self_path);
    let updated =
        pages.iter().map(|(_, _, d)| d.to_rfc3339()).max().unwrap_or_else(|| "1970-01-01T00:00:00+00:00".into());
    let mut out = String::new();
    let _ = write!(
        out,
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{lang}\">\n  <title>{}</title>\n  <link href=\"{}\" rel=\"self\" type=\"application/atom+xml\"/>\n  <link href=\"{}\"/>\n  <updated>{updated}</updated>\n  <id>{}</id>\n",
        escape(title),
        escape(&self_url),
        escape(&config.permalink(home_path)),
        escape(&self_url)
    );
    for (id, e, date) in pages {
        let summary = shared.data.basics[id].summary.as_deref();
        let content = summary.unwrap_or(&shared.data.contents[id]);
        let updated = match &e.page.source().front {
            Front::Page(p) => p.updated.as_ref().unwrap_or(date).to_rfc3339(),
            Front::Section(_) => date.to_rfc3339(),
        };
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

/// A page that sends the browser (and crawlers, via `canonical`) to `to`.
pub fn redirect(to: &str, lang: &str) -> String {
    let to = escape(to);
    format!(
        "<!doctype html>\n<html lang=\"{lang}\">\n<head>\n<meta charset=\"utf-8\">\n<title>Redirect</title>\n<link rel=\"canonical\" href=\"{to}\">\n<meta name=\"robots\" content=\"noindex\">\n<meta http-equiv=\"refresh\" content=\"0; url={to}\">\n</head>\n<body>\n<p><a href=\"{to}\">Click here</a> to be redirected.</p>\n</body>\n</html>\n"
    )
}
