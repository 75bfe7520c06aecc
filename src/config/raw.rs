//! The raw `config.toml`, as serde reads it: Zola 0.22's keys (and the older spellings still
//! common in Zola sites), plus cahier's own tables. Every table denies unknown keys, so a typo
//! is an error naming the keys that are expected. [`super::Config`] is resolved from this.

// Some keys are read so that Zola configurations load, and are not used by cahier (yet):
// `compile_sass`, Zola's elasticlunr `[search]` keys, dark highlighting themes.
#![allow(dead_code)]

use std::collections::BTreeMap;

use serde::Deserialize;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawConfig {
    pub base_url: String,
    pub title: Option<String>,
    pub description: Option<String>,
    #[serde(default = "en")]
    pub default_language: String,
    pub theme: Option<String>,
    pub output_dir: Option<String>,
    #[serde(default)]
    pub preserve_dotfiles_in_output: bool,
    #[serde(default)]
    pub compile_sass: bool,
    #[serde(default)]
    pub minify_html: bool,
    #[serde(default)]
    pub ignored_content: Vec<String>,
    #[serde(default)]
    pub ignored_static: Vec<String>,
    #[serde(default)]
    pub generate_feeds: bool,
    /// Zola before 0.19: `generate_feed`.
    pub generate_feed: Option<bool>,
    pub feed_limit: Option<usize>,
    pub feed_filenames: Option<Vec<String>>,
    /// Zola before 0.19: `feed_filename`.
    pub feed_filename: Option<String>,
    #[serde(default)]
    pub hard_link_static: bool,
    pub taxonomy_root: Option<String>,
    pub mode: Option<String>,
    /// Zola 0.22: `"none"` (default) or `"all"`: leave pages 2 and after out of the sitemap.
    pub exclude_paginated_pages_in_sitemap: Option<String>,
    #[serde(default)]
    pub taxonomies: Vec<RawTaxonomy>,
    pub author: Option<String>,
    #[serde(default)]
    pub build_search_index: bool,
    #[serde(default = "yes")]
    pub generate_sitemap: bool,
    #[serde(default = "yes")]
    pub generate_robots_txt: bool,
    #[serde(default)]
    pub markdown: RawMarkdown,
    #[serde(default)]
    pub link_checker: RawLinkChecker,
    #[serde(default)]
    pub slugify: RawSlugify,
    #[serde(default)]
    pub search: RawSearch,
    #[serde(default)]
    pub translations: BTreeMap<String, String>,
    #[serde(default)]
    pub languages: BTreeMap<String, RawLanguage>,
    #[serde(default)]
    pub extra: toml::Table,
    // cahier's own tables.
    /// `None` when the table is absent: a plain Zola site (see `Config::cahier_pages`).
    pub bilingual: Option<RawBilingual>,
    #[serde(default)]
    pub redaction: RawRedaction,
    #[serde(default)]
    pub parity: toml::Table,
    #[serde(default)]
    pub serve: RawServe,
    /// Zola 0.23: content files (globs below `content/`) whose Markdown is not templated.
    #[serde(default)]
    pub skip_content_templating: Vec<String>,
    /// `[zola] version = "0.23"`: which Zola generation the site is written for.
    pub zola: Option<RawZola>,
}

/// `[zola]`: cahier's setting of which Zola the site is written for.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawZola {
    pub version: crate::config::ZolaVersion,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawTaxonomy {
    pub name: String,
    pub slug: Option<String>,
    pub paginate_by: Option<usize>,
    pub paginate_path: Option<String>,
    #[serde(default)]
    pub feed: bool,
    #[serde(default = "yes")]
    pub render: bool,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawLanguage {
    pub title: Option<String>,
    pub description: Option<String>,
    pub generate_feeds: Option<bool>,
    pub generate_feed: Option<bool>,
    pub feed_filenames: Option<Vec<String>>,
    pub feed_filename: Option<String>,
    pub taxonomies: Option<Vec<RawTaxonomy>>,
    pub build_search_index: Option<bool>,
    #[serde(default)]
    pub search: Option<RawSearch>,
    #[serde(default)]
    pub translations: BTreeMap<String, String>,
    /// cahier: the language's name in itself, for the toggle ("Français").
    pub name: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawMarkdown {
    /// Zola 0.22: `[markdown.highlighting]`.
    pub highlighting: Option<RawHighlighting>,
    /// Zola before 0.22.
    pub highlight_code: Option<bool>,
    pub highlight_theme: Option<String>,
    pub highlight_themes_css: Option<Vec<toml::Table>>,
    pub extra_syntaxes_and_themes: Option<Vec<String>>,
    #[serde(default)]
    pub render_emoji: bool,
    pub external_links_class: Option<String>,
    #[serde(default)]
    pub external_links_target_blank: bool,
    #[serde(default)]
    pub external_links_no_follow: bool,
    #[serde(default)]
    pub external_links_no_referrer: bool,
    #[serde(default)]
    pub smart_punctuation: bool,
    #[serde(default)]
    pub definition_list: bool,
    #[serde(default)]
    pub bottom_footnotes: bool,
    #[serde(default)]
    pub lazy_async_image: bool,
    #[serde(default)]
    pub github_alerts: bool,
    pub insert_anchor_links: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawHighlighting {
    pub theme: Option<String>,
    pub light_theme: Option<String>,
    pub dark_theme: Option<String>,
    pub style: Option<String>,
    #[serde(default)]
    pub extra_grammars: Vec<String>,
    #[serde(default)]
    pub extra_themes: Vec<String>,
    #[serde(default)]
    pub error_on_missing_language: bool,
    #[serde(default)]
    pub data_attr_position: DataAttrPosition,
}

/// Where a code block's `data-lang` goes (`[markdown.highlighting] data_attr_position`):
/// on its `<code>` (Zola's default), its `<pre>`, both, or neither.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum DataAttrPosition {
    #[default]
    Code,
    Pre,
    Both,
    None,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawLinkChecker {
    #[serde(default)]
    pub skip_prefixes: Vec<String>,
    #[serde(default)]
    pub skip_anchor_prefixes: Vec<String>,
    pub internal_level: Option<String>,
    pub external_level: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawSlugify {
    pub paths: Option<String>,
    pub paths_keep_dates: Option<bool>,
    pub taxonomies: Option<String>,
    pub anchors: Option<String>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawSearch {
    // Zola's keys for its elasticlunr index; accepted so Zola configs load.
    pub include_title: Option<bool>,
    pub include_description: Option<bool>,
    pub include_path: Option<bool>,
    pub include_content: Option<bool>,
    pub include_date: Option<bool>,
    pub truncate_content_length: Option<usize>,
    pub index_format: Option<String>,
    // cahier's: where the Pagefind bundle goes, below each language's root.
    pub bundle_dir: Option<String>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawBilingual {
    pub layout: Option<String>,
    pub missing_translation: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawRedaction {
    pub style: Option<String>,
    #[serde(default)]
    pub placeholder: BTreeMap<String, String>,
    #[serde(default)]
    pub notice: BTreeMap<String, String>,
    pub min_audit_chars: Option<usize>,
    #[serde(default)]
    pub public_attachments: Vec<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawServe {
    pub interface: Option<String>,
    pub port: Option<u16>,
}

fn yes() -> bool {
    true
}

fn en() -> String {
    "en".to_string()
}
