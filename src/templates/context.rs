//! The values templates see for pages, sections, taxonomies and the config, with Zola's field
//! names, built once per entry and shared by every template that shows it.
//!
//! Input: the [`Site`] and each entry's [`Rendered`] Markdown. Output: [`SiteData`]: one light
//! JSON object per entry, its HTML content and its place in the tree, the serialized config
//! per language, and lookups by `(key, language)` for `get_page`/`get_section`. The full
//! `page` or `section` object of an entry is composed when a template needs it
//! ([`SiteData::object`]), moved into that render's context and dropped after it: nothing
//! holds a copy of every page's content per section that lists it. Never fails.

use std::collections::HashMap;

use rayon::prelude::*;
use serde_json::{Map, Value, json};

use crate::config::Config;
use crate::content::Front;
use crate::markdown::Rendered;
use crate::site::{PageId, Site};

/// Everything templates can look up, serialized once.
#[derive(Debug, Default)]
pub struct SiteData {
    /// Light objects (no `content`, no `pages`), by entry id: what `lower`/`higher`/
    /// `translations` and `get_section(metadata_only=true)` hold.
    pub basics: Vec<Value>,
    /// Each entry's HTML content, by entry id.
    pub contents: Vec<String>,
    /// Each entry's neighbours or pages and subsections, by entry id.
    pub shapes: Vec<Shape>,
    /// `(relative path or key, language)` to entry id.
    pub lookup: HashMap<(String, String), PageId>,
    /// The config as templates see it, per language.
    pub config: HashMap<String, Value>,
    /// Taxonomy objects per (language, taxonomy name).
    pub taxonomies: HashMap<(String, String), Value>,
    /// URL path of every entry, by `(key, language)` (for `get_url`).
    pub paths: HashMap<(String, String), String>,
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
        let mut v = self.with_content(id);
        let Value::Object(map) = &mut v else { return v };
        match &self.shapes[id] {
            Shape::Page { lower, higher } => {
                let neighbour = |n: &Option<PageId>| n.map_or(Value::Null, |n| self.basics[n].clone());
                map.insert("lower".into(), neighbour(lower));
                map.insert("higher".into(), neighbour(higher));
            }
            Shape::Section { pages, subsections } => {
                map.insert("pages".into(), pages.iter().map(|&p| self.with_content(p)).collect());
                map.insert("subsections".into(), subsections.iter().cloned().map(Value::String).collect());
            }
            Shape::Unknown => {}
        }
        v
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
        let mut v = self.basics[id].clone();
        if let Value::Object(m) = &mut v {
            m.insert("content".into(), Value::String(self.contents[id].clone()));
        }
        v
    }
}

/// The fields of an entry's light object that a link to it shows (`get_section_pages`).
pub const LINK_FIELDS: [&str; 5] = ["title", "permalink", "path", "lang", "relative_path"];

/// An entry as a link: the [`LINK_FIELDS`] of its light object.
pub fn link(basic: &Value) -> Value {
    LINK_FIELDS.iter().map(|&f| (f.to_string(), basic.get(f).cloned().unwrap_or(Value::Null))).collect()
}

/// The path Zola shows as `relative_path`: the key with its language suffix.
pub fn relative_path(key: &str, lang: &str, config: &Config) -> String {
    if lang == config.default_language {
        return key.to_string();
    }
    match key.strip_suffix(".md") {
        Some(stem) => format!("{stem}.{lang}.md"),
        None => key.to_string(),
    }
}

/// Builds the template data of the whole site, entries in parallel. Each page's HTML is
/// moved out of `rendered` into the data (`Rendered::html` is left empty), not copied.
pub fn site_data(site: &Site, rendered: &mut [Rendered]) -> SiteData {
    let config = &site.config;
    let basics: Vec<Value> = (0..site.entries.len()).into_par_iter().map(|id| basic(site, id, rendered)).collect();
    let contents = rendered.iter_mut().map(|r| std::mem::take(&mut r.html)).collect();
    let shapes = (0..site.entries.len()).into_par_iter().map(|id| shape(site, id)).collect();
    let mut lookup = HashMap::new();
    let mut paths = HashMap::new();
    for (id, e) in site.entries.iter().enumerate() {
        lookup.insert((e.key().to_string(), e.lang().to_string()), id);
        lookup.insert((relative_path(e.key(), e.lang(), config), e.lang().to_string()), id);
        paths.insert((e.key().to_string(), e.lang().to_string()), e.path.clone());
    }
    let config_values = config.languages.keys().map(|l| (l.clone(), config_value(config, l))).collect();
    let taxonomies = taxonomies(site, &basics);
    SiteData { basics, contents, shapes, lookup, config: config_values, taxonomies, paths }
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

/// The taxonomy objects, by (language, taxonomy name).
pub fn taxonomies(site: &Site, basics: &[Value]) -> HashMap<(String, String), Value> {
    let mut taxonomies = HashMap::new();
    for t in &site.taxonomies {
        let items: Vec<Value> = t
            .terms
            .iter()
            .map(|term| {
                json!({
                    "name": term.name, "slug": term.slug, "path": term.path, "permalink": term.permalink,
                    "pages": term.pages.iter().map(|&p| basics[p].clone()).collect::<Vec<_>>(),
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
/// `get_section(metadata_only=true)` give.
pub fn basic(site: &Site, id: PageId, rendered: &[Rendered]) -> Value {
    let config = &site.config;
    let e = &site.entries[id];
    let s = e.page.source();
    let r = &rendered[id];
    let ancestors: Vec<Value> = e
        .ancestors
        .iter()
        .map(|&a| Value::String(relative_path(site.entries[a].key(), site.entries[a].lang(), config)))
        .collect();
    let translations: Vec<Value> = std::iter::once(id)
        .chain(e.translations.iter().copied())
        .map(|t| {
            let te = &site.entries[t];
            json!({ "lang": te.lang(), "permalink": te.permalink, "path": te.path, "title": te.title() })
        })
        .collect();
    let assets: Vec<Value> = s
        .assets
        .iter()
        .filter_map(|a| a.file_name())
        .map(|n| Value::String(format!("{}{}", e.path, n.to_string_lossy())))
        .collect();
    let mut m = Map::new();
    m.insert("relative_path".into(), Value::String(relative_path(&s.key, &s.lang, config)));
    m.insert("title".into(), json!(s.front.title()));
    m.insert("description".into(), json!(s.front.description()));
    m.insert("path".into(), json!(e.path));
    m.insert("permalink".into(), json!(e.permalink));
    m.insert("slug".into(), json!(e.slug));
    m.insert("components".into(), json!(e.components));
    m.insert("lang".into(), json!(s.lang));
    m.insert("draft".into(), json!(s.front.draft()));
    m.insert("extra".into(), toml_to_json(&toml::Value::Table(s.front.extra().clone())));
    m.insert("summary".into(), json!(r.summary));
    m.insert("toc".into(), json!(r.toc));
    m.insert("word_count".into(), json!(r.word_count));
    m.insert("reading_time".into(), json!(r.reading_time));
    m.insert("ancestors".into(), Value::Array(ancestors));
    m.insert("translations".into(), Value::Array(translations));
    m.insert("assets".into(), Value::Array(assets));
    m.insert("has_redactions".into(), json!(e.page.has_redactions()));
    match &s.front {
        Front::Page(p) => {
            m.insert("date".into(), json!(p.date.as_ref().map(|d| d.text.clone())));
            m.insert("updated".into(), json!(p.updated.as_ref().map(|d| d.text.clone())));
            let d = p.date.as_ref().map(|d| d.value);
            m.insert("year".into(), json!(d.map(|d| d.format("%Y").to_string().parse::<i32>().unwrap_or(0))));
            m.insert("month".into(), json!(d.map(|d| d.format("%m").to_string().parse::<u32>().unwrap_or(0))));
            m.insert("day".into(), json!(d.map(|d| d.format("%d").to_string().parse::<u32>().unwrap_or(0))));
            m.insert("weight".into(), json!(p.weight));
            m.insert("authors".into(), json!(p.authors));
            m.insert("taxonomies".into(), json!(p.taxonomies));
            m.insert("in_search_index".into(), json!(p.in_search_index));
            m.insert("backlinks".into(), json!([]));
        }
        Front::Section(f) => {
            m.insert("weight".into(), json!(f.weight));
            m.insert("in_search_index".into(), json!(f.in_search_index));
            m.insert("transparent".into(), json!(f.transparent));
        }
    }
    Value::Object(m)
}

/// The `config` object templates see in language `lang`: Zola's serialized config.
pub fn config_value(config: &Config, lang: &str) -> Value {
    let l = config.languages.get(lang);
    let languages: Map<String, Value> = config
        .languages
        .iter()
        .map(|(code, l)| {
            (
                code.clone(),
                json!({ "title": l.title, "description": l.description, "generate_feeds": l.generate_feeds,
                                  "feed_filenames": l.feed_filenames, "build_search_index": l.build_search_index,
                                  "taxonomies": l.taxonomies, "name": l.name }),
            )
        })
        .collect();
    json!({
        "base_url": config.base_url,
        "title": l.and_then(|l| l.title.clone()).or_else(|| config.title.clone()),
        "description": l.and_then(|l| l.description.clone()).or_else(|| config.description.clone()),
        "default_language": config.default_language,
        "languages": languages,
        "generate_feeds": l.is_some_and(|l| l.generate_feeds),
        "feed_filenames": l.map(|l| l.feed_filenames.clone()).unwrap_or_default(),
        "taxonomies": l.map(|l| l.taxonomies.clone()).unwrap_or_default(),
        "build_search_index": l.is_some_and(|l| l.build_search_index),
        "author": config.author,
        "extra": toml_to_json(&toml::Value::Table(config.extra.clone())),
        "markdown": { "highlight_code": config.markdown.highlight_code, "highlight_theme": config.markdown.highlight_theme },
        "mode": "build",
    })
}

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
