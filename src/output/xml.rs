//! Machine-read outputs: `sitemap.xml` with hreflang alternates, per-language Atom feeds,
//! `robots.txt`, and alias redirect pages. Written directly (not through templates) so they
//! are always well-formed and sorted.

use std::fmt::Write;

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

/// A page that sends the browser (and crawlers, via `canonical`) to `to`.
pub fn redirect(to: &str, lang: &str) -> String {
    let to = escape(to);
    format!(
        "<!doctype html>\n<html lang=\"{lang}\">\n<head>\n<meta charset=\"utf-8\">\n<title>Redirect</title>\n<link rel=\"canonical\" href=\"{to}\">\n<meta name=\"robots\" content=\"noindex\">\n<meta http-equiv=\"refresh\" content=\"0; url={to}\">\n</head>\n<body>\n<p><a href=\"{to}\">Click here</a> to be redirected.</p>\n</body>\n</html>\n"
    )
}
