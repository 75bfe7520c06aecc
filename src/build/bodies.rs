//! Stage 4 for the build's entries: each body rendered (in parallel), with its warnings and
//! the `@/` targets it resolved, then the check of every `@/…#anchor`.
//!
//! Input: the indexed [`Site`], templates (for shortcodes), UI strings and the highlighter.
//! Output: one [`Body`] per entry asked for, in order. Failure: the diagnostics of every
//! body that failed, or of every anchor that is missing.

use std::collections::BTreeSet;
use std::sync::Arc;

use rayon::prelude::*;

use crate::content;
use crate::diag::{Diagnostic, Diagnostics};
use crate::i18n::I18n;
use crate::key::PageKey;
use crate::markdown::{self, LinkResolver, RenderContext, Rendered};
use crate::site::{PageId, Site};
use crate::templates::{self, SiteData, Templates};

/// One entry's stage 4: its rendered body, its warnings, and what it depends on.
#[derive(Debug, Default)]
pub struct Body {
    pub rendered: Rendered,
    pub warnings: Vec<Diagnostic>,
    pub targets: Targets,
}

/// What a body depends on besides its own file, by `(key, language)`: `cahier serve` renders
/// it again when one of its `links` moves, or when one of its `lookups` changes.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Targets {
    /// The pages its `@/` links and shortcodes' `get_url` named.
    pub links: BTreeSet<(String, String)>,
    /// The entries its content looked up (Zola 0.23's `get_page`, `get_section`,
    /// `get_section_pages`), with what their objects show of others: a section's pages, a
    /// page's neighbours.
    pub lookups: BTreeSet<(String, String)>,
    /// Its content read a taxonomy (any page can change one).
    pub taxonomies: bool,
}

impl Targets {
    /// Whether the content looked up one of the `changed` entries (or a taxonomy, which any
    /// change can touch).
    pub fn looked_up(&self, changed: &BTreeSet<(String, String)>) -> bool {
        !changed.is_empty() && (self.taxonomies || self.lookups.iter().any(|k| changed.contains(k)))
    }

    /// What `recorded` (one body's render) shows it depends on.
    fn of(site: &Site, links: BTreeSet<(String, String)>, recorded: templates::functions::Recorded) -> Targets {
        let mut lookups = BTreeSet::new();
        let ids =
            recorded.ids.iter().chain(&recorded.basics).chain(&recorded.tocs).filter(|&&id| id < site.entries.len());
        for &id in ids {
            let e = &site.entries[id];
            let shown = e.pages.iter().chain(e.lower.iter()).chain(e.higher.iter());
            for &d in std::iter::once(&id).chain(shown) {
                let d = &site.entries[d];
                lookups.insert((d.key().to_string(), d.lang().to_string()));
            }
        }
        let mut links = links;
        links.extend(recorded.keys);
        Targets { links, lookups, taxonomies: recorded.taxonomies }
    }
}

/// Stage 4 over every entry, then the check of every `@/…#anchor`.
pub fn render_all(
    site: &Site,
    templates: &Templates,
    i18n: &Arc<I18n>,
    highlighter: &markdown::Highlighter,
) -> Result<Vec<Body>, Diagnostics> {
    let ids: Vec<PageId> = (0..site.entries.len()).collect();
    let bodies = render_entries(site, templates, i18n, highlighter, &ids)?;
    let anchors = check_anchors(site, &bodies.iter().map(|b| &b.rendered).collect::<Vec<_>>());
    if anchors.has_errors() { Err(anchors) } else { Ok(bodies) }
}

/// Stage 4 for the entries `ids`, in parallel, in the order given.
pub fn render_entries(
    site: &Site,
    templates: &Templates,
    i18n: &Arc<I18n>,
    highlighter: &markdown::Highlighter,
    ids: &[PageId],
) -> Result<Vec<Body>, Diagnostics> {
    let renderer = templates.renderer(site.config.clone(), Arc::new(body_data(site, templates)), i18n.clone());
    let shortcodes = templates::Shortcodes { renderer: &renderer };
    let resolver = Resolver { site };
    let results: Vec<Result<Body, Diagnostics>> = ids
        .par_iter()
        .map(|&id| {
            let e = &site.entries[id];
            let entry = std::sync::LazyLock::new(|| templates::context::shortcode_entry(site, id));
            let ctx = RenderContext {
                config: &site.config,
                lang: e.lang(),
                permalink: &e.permalink,
                insert_anchor_links: anchor_links(site, id),
                links: &resolver,
                shortcodes: &shortcodes,
                highlighter,
                entry: &entry,
            };
            let (result, recorded) = templates::functions::recording(|| markdown::render(&e.page, &ctx));
            result.map(|(mut rendered, warnings)| {
                if templates.reads_raw_content() {
                    rendered.raw_content = Some(markdown::raw_content(&e.page));
                }
                let links = rendered.internal_links.iter().map(|l| (l.key.clone(), l.lang.clone())).collect();
                Body { rendered, warnings, targets: Targets::of(site, links, recorded) }
            })
        })
        .collect();
    crate::diag::gather(results)
}

/// What templates called while bodies render can look up: the URL of every entry (for
/// shortcodes); for a Zola 0.23 site, whose content is a template, every entry's light
/// object too, without content (`get_page`, `get_section` and the taxonomies from content,
/// as Zola 0.23 gives them before the pages are rendered).
fn body_data(site: &Site, templates: &Templates) -> SiteData {
    if templates.generation.generation == templates::generation::Generation::Zola023 {
        return templates::context::site_data(site, &mut vec![Rendered::default(); site.entries.len()]);
    }
    let mut paths_only = SiteData::default();
    for e in &site.entries {
        paths_only.paths.insert((e.key().to_string(), e.lang().to_string()), e.path.clone());
    }
    paths_only
}

/// The `insert_anchor_links` that applies to entry `id`: a section's own, a page's section's.
pub fn anchor_links(site: &Site, id: PageId) -> content::AnchorLinks {
    let e = &site.entries[id];
    match &e.page.source().front {
        content::Front::Section(s) => s.insert_anchor_links.unwrap_or_default(),
        content::Front::Page(_) => e
            .parent
            .and_then(|p| match &site.entries[p].page.source().front {
                content::Front::Section(s) => s.insert_anchor_links,
                content::Front::Page(_) => None,
            })
            .unwrap_or_default(),
    }
}

/// The check of every `@/…#anchor` against the anchors of the page it names.
pub fn check_anchors(site: &Site, rendered: &[&Rendered]) -> Diagnostics {
    let mut diags = Diagnostics::new();
    for (id, r) in rendered.iter().enumerate() {
        for link in &r.internal_links {
            let (Some(anchor), Some(target)) = (&link.anchor, site.id(&link.key, &link.lang)) else { continue };
            if site.config.link_skip_anchor_prefixes.iter().any(|p| anchor.starts_with(p.as_str())) {
                continue;
            }
            if !rendered[target].anchors.iter().any(|a| a == anchor) {
                diags.push(Diagnostic::error(
                    &site.entries[id].page.source().path,
                    link.line,
                    link.col,
                    format!(
                        "`@/{}` has no anchor `#{anchor}` (its anchors: {})",
                        link.key,
                        list_some(&rendered[target].anchors)
                    ),
                ));
            }
        }
    }
    diags
}

fn list_some(items: &[String]) -> String {
    if items.is_empty() {
        return "none".into();
    }
    let shown: Vec<String> = items.iter().take(8).map(|a| format!("#{a}")).collect();
    if items.len() > 8 { format!("{}, …", shown.join(", ")) } else { shown.join(", ") }
}

/// Resolves `@/` links against the index, in the linking page's language.
struct Resolver<'a> {
    site: &'a Site,
}

impl LinkResolver for Resolver<'_> {
    fn resolve(&self, key: &str, lang: &str) -> Result<(String, PageKey), String> {
        let config = &self.site.config;
        let (key, own) = crate::key::split(key, config);
        let lang = own.unwrap_or(lang).to_string();
        if let Some(e) = self.site.get(&key, &lang) {
            return Ok((e.path.clone(), PageKey { key, lang }));
        }
        if self.site.dropped.contains(&key) {
            // Its own error fails the build; the link is not another one.
            return Ok((String::new(), PageKey { key, lang }));
        }
        if self.site.withheld.contains(&(key.clone(), lang.clone())) {
            return Err("that page is withheld from this build: a public page cannot link to it".to_string());
        }
        let others: Vec<&str> =
            config.languages.keys().filter(|l| self.site.get(&key, l).is_some()).map(String::as_str).collect();
        if let Some(other) = others.first() {
            let stem = key.trim_end_matches(".md");
            return Err(format!(
                "`@/{key}` has no `{lang}` version: link to `@/{stem}.{other}.md` to point at another language"
            ));
        }
        Err("there is no such page (keys are paths below content/, like `binders/intro.md`)".to_string())
    }
}
