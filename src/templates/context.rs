//! The values templates see for pages, sections, taxonomies and the config, with Zola's field
//! names, built once per entry and shared by every template that shows it.
//!
//! Input: the [`Site`] and each entry's [`Rendered`] Markdown. Output: [`SiteData`]: one light
//! JSON object per entry, its HTML content and its place in the tree, the serialized config
//! per language, and lookups by `(key, language)` for `get_page`/`get_section`. The full
//! `page` or `section` object of an entry is composed when a template needs it
//! ([`SiteData::object`]), moved into that render's context and dropped after it: nothing
//! holds a copy of every page's content per section that lists it. Never fails.

use std::collections::{BTreeMap, HashMap};

use chrono::Datelike;

use rayon::prelude::*;
use serde::Serialize;
use serde_json::{Value, json};

use crate::config::Config;
use crate::content::{Front, Kind};
use crate::markdown::{Heading, Rendered};
use crate::site::{PageId, Site};

/// Everything templates can look up, serialized once.
#[derive(Debug, Default)]
pub struct SiteData {
    /// Light objects (no `content`, no `pages`), by entry id: what `lower`/`higher` and
    /// taxonomy terms hold.
    pub basics: Vec<Basic>,
    /// Each entry's HTML content, by entry id.
    pub contents: Vec<String>,
    /// Each entry's neighbours or pages and subsections, by entry id.
    pub shapes: Vec<Shape>,
    /// `(relative path or key, language)` to entry id.
    pub lookup: HashMap<(String, String), PageId>,
    /// The config as templates see it, per language.
    pub config: HashMap<String, Value>,
    /// Taxonomy objects per (language, taxonomy name); their terms' pages are light objects.
    pub taxonomies: HashMap<(String, String), Value>,
    /// Each term's pages by id, per (language, taxonomy name), in the order of `items`: a
    /// single term is given with its pages' `content` ([`SiteData::term`]).
    pub term_pages: HashMap<(String, String), Vec<Vec<PageId>>>,
    /// URL path of every entry, by `(key, language)` (for `get_url`).
    pub paths: HashMap<(String, String), String>,
    /// Reviewers' marks of the build (internal builds).
    pub review: std::sync::Arc<super::review::ReviewData>,
}

/// Where an entry sits: a page's neighbours, or a section's pages and subsections.
#[derive(Debug, Default, Clone, PartialEq)]
pub enum Shape {
    Page {
        lower: Option<PageId>,
        higher: Option<PageId>,
    },
    Section {
        pages: Vec<PageId>,
        /// The subsections' relative paths, as `section.subsections` shows them.
        subsections: Vec<String>,
    },
    #[default]
    Unknown,
}

impl SiteData {
    /// The full object of entry `id`: its light object with `content`, and a section's
    /// `pages` (each with its content) and `subsections`, or a page's `lower` and `higher`.
    pub fn object(&self, id: PageId) -> Value {
        let mut v = self.metadata(id);
        let Value::Object(map) = &mut v else { return v };
        match &self.shapes[id] {
            Shape::Page { lower, higher } => {
                let neighbour = |n: &Option<PageId>| n.map_or(Value::Null, |n| self.basics[n].value());
                map.insert("lower".into(), neighbour(lower));
                map.insert("higher".into(), neighbour(higher));
            }
            Shape::Section { pages, .. } => {
                map.insert("pages".into(), pages.iter().map(|&p| self.with_content(p)).collect());
            }
            Shape::Unknown => {}
        }
        v
    }

    /// What `get_section(metadata_only=true)` gives, as in Zola: the section with its
    /// `content` and `subsections`, and `pages` empty.
    pub fn metadata(&self, id: PageId) -> Value {
        let mut v = self.with_content(id);
        if let (Value::Object(map), Shape::Section { subsections, .. }) = (&mut v, &self.shapes[id]) {
            map.insert("pages".into(), Value::Array(Vec::new()));
            map.insert("subsections".into(), subsections.iter().cloned().map(Value::String).collect());
        }
        v
    }

    /// Term `index` of taxonomy `(language, name)` with its pages' `content`, as Zola gives a
    /// single term (`get_taxonomy_term`, `taxonomy_single.html`).
    pub fn term(&self, taxonomy: &(String, String), index: usize) -> Value {
        let mut term = self.taxonomies.get(taxonomy).map_or(Value::Null, |t| t["items"][index].clone());
        let ids = self.term_pages.get(taxonomy).and_then(|t| t.get(index));
        if let (Value::Object(map), Some(ids)) = (&mut term, ids) {
            map.insert("pages".into(), ids.iter().map(|&p| self.with_content(p)).collect());
        }
        term
    }

    /// The pages of section `id` in order, each as a [`link`] (none for a page).
    pub fn page_links(&self, id: PageId) -> Value {
        match &self.shapes[id] {
            Shape::Section { pages, .. } => pages.iter().map(|&p| link(&self.basics[p])).collect(),
            _ => Value::Array(Vec::new()),
        }
    }

    /// The light object of entry `id` with its `content`.
    pub fn with_content(&self, id: PageId) -> Value {
        let mut v = self.basics[id].value();
        if let Value::Object(m) = &mut v {
            m.insert("content".into(), Value::String(self.contents[id].clone()));
        }
        v
    }
}

/// The fields of an entry's light object that a link to it shows (`get_section_pages`).
pub const LINK_FIELDS: [&str; 5] = ["title", "permalink", "path", "lang", "relative_path"];

/// An entry as a link: the [`LINK_FIELDS`] of its light object.
pub fn link(basic: &Basic) -> Value {
    let b = basic;
    let fields = [json!(b.title), json!(b.permalink), json!(b.path), json!(b.lang), json!(b.relative_path)];
    LINK_FIELDS.iter().map(|f| f.to_string()).zip(fields).collect()
}

/// The path Zola shows as `relative_path`: the key with its language suffix.
pub fn relative_path(key: &str, lang: &str, config: &Config) -> String {
    crate::key::PageKey { key: key.to_string(), lang: lang.to_string() }.file_name(config)
}

/// Builds the template data of the whole site, entries in parallel. Each page's HTML is
/// moved out of `rendered` into the data (`Rendered::html` is left empty), not copied.
pub fn site_data(site: &Site, rendered: &mut [Rendered]) -> SiteData {
    let config = &site.config;
    let basics: Vec<Basic> = (0..site.entries.len()).into_par_iter().map(|id| basic(site, id, rendered)).collect();
    let contents = rendered.iter_mut().map(|r| std::mem::take(&mut r.html)).collect();
    let shapes = (0..site.entries.len()).into_par_iter().map(|id| shape(site, id)).collect();
    let (lookup, paths) = lookups(site);
    let config_values = config.languages.keys().map(|l| (l.clone(), config_value(config, l))).collect();
    let taxonomies = taxonomies(site, &basics);
    let term_pages = term_pages(site);
    let review = std::sync::Arc::new(super::review::ReviewData::of(site));
    SiteData { basics, contents, shapes, lookup, config: config_values, taxonomies, term_pages, paths, review }
}

/// Each entry's id by `(key, language)` and by `(relative path, language)`, and its URL path
/// by `(key, language)` ([`SiteData::lookup`], [`SiteData::paths`]).
pub type Lookups = (HashMap<(String, String), PageId>, HashMap<(String, String), String>);

/// The [`Lookups`] of the site's entries.
pub fn lookups(site: &Site) -> Lookups {
    let (mut lookup, mut paths) = (HashMap::new(), HashMap::new());
    for (id, e) in site.entries.iter().enumerate() {
        lookup.insert((e.key().to_string(), e.lang().to_string()), id);
        lookup.insert((relative_path(e.key(), e.lang(), &site.config), e.lang().to_string()), id);
        paths.insert((e.key().to_string(), e.lang().to_string()), e.path.clone());
    }
    (lookup, paths)
}

/// Where entry `id` sits in the tree.
pub fn shape(site: &Site, id: PageId) -> Shape {
    let e = &site.entries[id];
    if e.is_section() {
        Shape::Section {
            pages: e.pages.clone(),
            subsections: e
                .subsections
                .iter()
                .map(|&s| relative_path(site.entries[s].key(), site.entries[s].lang(), &site.config))
                .collect(),
        }
    } else {
        Shape::Page { lower: e.lower, higher: e.higher }
    }
}

/// Each term's pages by id, by (language, taxonomy name) ([`SiteData::term_pages`]).
pub fn term_pages(site: &Site) -> HashMap<(String, String), Vec<Vec<PageId>>> {
    let by_term = |t: &crate::site::TaxonomyIndex| t.terms.iter().map(|term| term.pages.clone()).collect();
    site.taxonomies.iter().map(|t| ((t.lang.clone(), t.config.name.clone()), by_term(t))).collect()
}

/// The taxonomy objects, by (language, taxonomy name).
pub fn taxonomies(site: &Site, basics: &[Basic]) -> HashMap<(String, String), Value> {
    let mut taxonomies = HashMap::new();
    for t in &site.taxonomies {
        let items: Vec<Value> = t
            .terms
            .iter()
            .map(|term| {
                json!({
                    "name": term.name, "slug": term.slug, "path": term.path, "permalink": term.permalink,
                    "page_count": term.pages.len(),
                    "pages": term.pages.iter().map(|&p| basics[p].value()).collect::<Vec<_>>(),
                })
            })
            .collect();
        let value = json!({
            "kind": { "name": t.config.name, "slug": t.config.slug, "permalink": t.permalink, "path": t.path, "lang": t.lang, "paginate_by": t.config.paginate_by,
                      "paginate_path": t.config.paginate_path, "feed": t.config.feed, "render": t.config.render },
            "lang": t.lang, "permalink": t.permalink, "path": t.path, "items": items,
        });
        taxonomies.insert((t.lang.clone(), t.config.name.clone()), value);
    }
    taxonomies
}

/// A page or section without its content and neighbours: what `lower`, `higher` and
/// taxonomy terms give, with Zola's field names. Kept typed and serialized
/// into a template value when a render needs it: a site's worth of JSON maps is several
/// times the size of these.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Basic {
    pub relative_path: String,
    pub title: Option<String>,
    pub description: Option<String>,
    pub path: String,
    pub permalink: String,
    pub slug: String,
    pub components: Vec<String>,
    pub lang: String,
    pub draft: bool,
    pub extra: Value,
    pub summary: Option<String>,
    pub toc: Vec<Heading>,
    pub word_count: usize,
    pub reading_time: usize,
    /// The Markdown body, redacted, when a template reads it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub raw_content: Option<String>,
    pub ancestors: Vec<String>,
    pub translations: Vec<Translation>,
    pub assets: Vec<String>,
    /// A page in its own folder (`x/index.md`): that folder, from `content/`, as Zola gives it.
    pub colocated_path: Option<String>,
    pub has_redactions: bool,
    #[serde(flatten)]
    pub kind: BasicKind,
}

/// The fields only pages, or only sections, have.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum BasicKind {
    Page {
        date: Option<String>,
        updated: Option<String>,
        year: Option<i32>,
        month: Option<u32>,
        day: Option<u32>,
        weight: Option<i64>,
        authors: Vec<String>,
        taxonomies: BTreeMap<String, Vec<String>>,
        in_search_index: bool,
        backlinks: [(); 0],
    },
    Section {
        weight: i64,
        in_search_index: bool,
        transparent: bool,
    },
}

impl Default for BasicKind {
    fn default() -> Self {
        BasicKind::Section { weight: 0, in_search_index: false, transparent: false }
    }
}

/// One of an entry's `translations`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Translation {
    pub lang: String,
    pub permalink: String,
    pub path: String,
    pub title: Option<String>,
}

impl Basic {
    /// The template value.
    pub fn value(&self) -> Value {
        // Serializing plain data with string keys cannot fail.
        serde_json::to_value(self).unwrap_or_default()
    }
}

/// What a shortcode sees of entry `id` while its body renders: `{"page": …}` or
/// `{"section": …}`, the light object without what rendering the body makes.
pub fn shortcode_entry(site: &Site, id: PageId) -> Value {
    let name = if site.entries[id].is_section() { "section" } else { "page" };
    json!({ name: basic_of(site, id, &Rendered::default()).value() })
}

/// The light object of entry `id` (see [`Basic`]).
pub fn basic(site: &Site, id: PageId, rendered: &[Rendered]) -> Basic {
    basic_of(site, id, &rendered[id])
}

fn basic_of(site: &Site, id: PageId, r: &Rendered) -> Basic {
    let config = &site.config;
    let e = &site.entries[id];
    let s = e.page.source();
    let ancestors =
        e.ancestors.iter().map(|&a| relative_path(site.entries[a].key(), site.entries[a].lang(), config)).collect();
    let translations = std::iter::once(id)
        .chain(e.translations.iter().copied())
        .map(|t| {
            let te = &site.entries[t];
            Translation {
                lang: te.lang().to_string(),
                permalink: te.permalink.clone(),
                // As Zola gives it: the source file, which `get_page(path=…)` takes.
                path: relative_path(te.key(), te.lang(), config),
                title: te.title().map(str::to_string),
            }
        })
        .collect();
    // As Zola gives them: a section's below its own path, a page's by its folder below
    // `content/` (whatever the page's slug or language), which is what `resize_image` and
    // `get_url` look up.
    let assets = s
        .assets
        .iter()
        .map(|a| match s.kind {
            Kind::Section => format!("{}{}", e.path, s.asset_path(a)),
            Kind::Page if s.key_dir().is_empty() => format!("/{}", s.asset_path(a)),
            Kind::Page => format!("/{}/{}", s.key_dir(), s.asset_path(a)),
        })
        .collect();
    let kind = match &s.front {
        Front::Page(p) => {
            let d = p.date.as_ref().map(|d| d.value);
            BasicKind::Page {
                date: p.date.as_ref().map(|d| d.text.clone()),
                updated: p.updated.as_ref().map(|d| d.text.clone()),
                year: d.map(|d| d.year()),
                month: d.map(|d| d.month()),
                day: d.map(|d| d.day()),
                weight: p.weight,
                authors: p.authors.clone(),
                taxonomies: p.taxonomies.clone(),
                in_search_index: p.in_search_index,
                backlinks: [],
            }
        }
        Front::Section(f) => {
            BasicKind::Section { weight: f.weight, in_search_index: f.in_search_index, transparent: f.transparent }
        }
    };
    Basic {
        relative_path: relative_path(&s.key, &s.lang, config),
        title: s.front.title().map(str::to_string),
        description: s.front.description().map(str::to_string),
        path: e.path.clone(),
        permalink: e.permalink.clone(),
        slug: e.slug.clone(),
        components: e.components.clone(),
        lang: s.lang.clone(),
        draft: s.front.draft(),
        extra: toml_to_json(&toml::Value::Table(s.front.extra().clone())),
        summary: r.summary.clone(),
        toc: r.toc.clone(),
        word_count: r.word_count,
        reading_time: r.reading_time,
        raw_content: r.raw_content.clone(),
        ancestors,
        translations,
        assets,
        colocated_path: (!e.is_section() && s.key.ends_with("/index.md"))
            .then(|| s.key.trim_end_matches("index.md").to_string()),
        has_redactions: e.page.has_redactions(),
        kind,
    }
}

pub use super::zola_config::config_value;

/// TOML to JSON (dates become their text).
pub fn toml_to_json(v: &toml::Value) -> Value {
    match v {
        toml::Value::String(s) => Value::String(s.clone()),
        toml::Value::Integer(i) => json!(i),
        toml::Value::Float(f) => json!(f),
        toml::Value::Boolean(b) => Value::Bool(*b),
        toml::Value::Datetime(d) => Value::String(d.to_string()),
        toml::Value::Array(a) => Value::Array(a.iter().map(toml_to_json).collect()),
        toml::Value::Table(t) => Value::Object(t.iter().map(|(k, v)| (k.clone(), toml_to_json(v))).collect()),
    }
}
