//! Site configuration: `config.toml` read into [`raw::RawConfig`], then resolved once into
//! the [`Config`] every later stage reads (shared as `Arc<Config>`).
//!
//! Input: the site root and the command-line overrides. Output: a [`Config`] with absolute
//! paths, one [`Language`] per configured language (the default one included) and cahier's
//! own settings. Failure: a [`Diagnostic`] at `config.toml:line:col` (an unknown key names
//! the expected keys), or an I/O error when the file cannot be read.

mod inside;
mod markdown;
mod names;
mod raw;
mod themes;
mod version;

pub use markdown::MarkdownConfig;
pub use raw::DataAttrPosition;
pub use themes::{HIGHLIGHT_THEMES, resolve_theme, theme_key};
pub use version::ZolaVersion;
use version::extra_zola;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use anyhow::Context;

use crate::diag::{Diagnostic, LineIndex};
use names::{find_key, is_language_code, language_name};
use raw::{RawConfig, RawTaxonomy};

/// Where each language's pages live.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layout {
    /// Zola's: the default language at the root, the others under `/xx/`.
    Zola,
    /// Every language under its prefix, with a bilingual splash page at `/` (the Government of
    /// Canada convention).
    Prefixed,
}

/// What the language toggle does on a page that has no translation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MissingTranslation {
    /// Link to a page in the other language that says so and links to the original.
    Notice,
    /// Link to the nearest translated section.
    Section,
    /// Fail the build.
    Error,
}

/// How a public build shows a redacted passage.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RedactionStyle {
    /// `[Redacted]` / `[Caviardé]`, as binders on the web show it.
    Placeholder,
    /// `[Redacted s. 15(1)]` / `[Caviardé al. 21(1)a)]`, as release packages cite sections.
    ReleasePackage,
}

/// One taxonomy of a language.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Taxonomy {
    pub name: String,
    pub slug: String,
    pub paginate_by: Option<usize>,
    pub paginate_path: String,
    pub feed: bool,
    pub render: bool,
}

/// One language of the site.
#[derive(Debug, Clone, PartialEq)]
pub struct Language {
    pub code: String,
    /// The language's name in itself, for the toggle.
    pub name: String,
    pub title: Option<String>,
    pub description: Option<String>,
    pub generate_feeds: bool,
    pub feed_filenames: Vec<String>,
    pub taxonomies: Vec<Taxonomy>,
    pub build_search_index: bool,
    /// `[translations]` (default language) or `[languages.xx.translations]`.
    pub translations: BTreeMap<String, String>,
    /// The URL prefix of the language's pages: `""` or `"/fr"`.
    pub prefix: String,
}

/// Slugification strategies (Zola's `[slugify]`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum SlugStrategy {
    On,
    Safe,
    Off,
}

/// The resolved configuration.
#[derive(Debug, Clone)]
pub struct Config {
    /// The site root, absolute.
    pub root: PathBuf,
    /// `config.toml`, as the user names it in messages.
    pub path: PathBuf,
    pub base_url: String,
    pub title: Option<String>,
    pub description: Option<String>,
    pub author: Option<String>,
    pub default_language: String,
    /// Every language, the default one included, by code.
    pub languages: BTreeMap<String, Language>,
    pub layout: Layout,
    pub missing_translation: MissingTranslation,
    /// Whether cahier writes its own pages beside Zola's: print pages, search pages, a 404
    /// per language, missing-translation notices. On unless the site is a plain Zola site:
    /// no `[bilingual]` table, and its own layout (`templates/index.html` in the site or its
    /// theme). A plain Zola site gets what Zola writes, in any number of languages.
    pub cahier_pages: bool,
    pub theme: Option<String>,
    pub output_dir: PathBuf,
    pub preserve_dotfiles_in_output: bool,
    pub minify_html: bool,
    pub ignored_content: globset::GlobSet,
    pub ignored_static: globset::GlobSet,
    pub feed_limit: Option<usize>,
    pub generate_sitemap: bool,
    pub generate_robots_txt: bool,
    pub markdown: MarkdownConfig,
    pub link_skip_prefixes: Vec<String>,
    pub link_skip_anchor_prefixes: Vec<String>,
    pub slugify_paths: SlugStrategy,
    pub slugify_taxonomies: SlugStrategy,
    pub slugify_anchors: SlugStrategy,
    pub search_bundle_dir: String,
    pub redaction_style: RedactionStyle,
    /// Per-language overrides of the placeholder and the notice sentence.
    pub redaction_placeholder: BTreeMap<String, String>,
    pub redaction_notice: BTreeMap<String, String>,
    /// Redacted spans shorter than this (in characters, after normalization) are audited by
    /// their canary only; see the redaction module.
    pub min_audit_chars: usize,
    /// Attachments a public build publishes even though nothing public references them:
    /// globs relative to `content/` (see the redaction module's `attachments`).
    pub redaction_public_attachments: Vec<String>,
    pub parity: toml::Table,
    pub serve_interface: Option<String>,
    pub serve_port: Option<u16>,
    pub extra: toml::Table,
    /// `config.toml` as written: templates' `config` object shows every key Zola shows.
    pub table: toml::Table,
    /// `[zola] version`: the Zola the site says it is written for (see
    /// `templates::generation`).
    pub zola_version: Option<ZolaVersion>,
    /// Zola 0.23's `skip_content_templating`: content files (paths below `content/`) whose
    /// Markdown is not rendered as a template.
    pub skip_content_templating: globset::GlobSet,
}

/// Command-line settings that override `config.toml`.
#[derive(Debug, Clone, Default)]
pub struct Overrides {
    pub base_url: Option<String>,
    pub output_dir: Option<PathBuf>,
}

impl Config {
    /// Reads and resolves `ROOT/config.toml` (or `ROOT/zola.toml` when there is no `config.toml`).
    pub fn load(root: &Path, overrides: &Overrides) -> Result<Config, crate::diag::Failure> {
        // Zola 0.22 also reads `zola.toml` when there is no `config.toml`.
        let name = if !root.join("config.toml").exists() && root.join("zola.toml").is_file() {
            "zola.toml"
        } else {
            "config.toml"
        };
        let path = root.join(name);
        let bytes =
            std::fs::read(&path).with_context(|| format!("cannot read the site configuration {}", path.display()))?;
        let root = std::path::absolute(root).with_context(|| format!("cannot resolve {}", root.display()))?;
        let shown = Path::new(name);
        Ok(crate::diag::utf8(bytes, shown).and_then(|text| Self::parse(&text, &root, shown, overrides))?)
    }

    /// Parses and resolves a configuration text. `shown` is the path used in messages.
    pub fn parse(text: &str, root: &Path, shown: &Path, overrides: &Overrides) -> Result<Config, Diagnostic> {
        let raw: RawConfig = toml::from_str(text).map_err(|e| {
            let offset = e.span().map_or(0, |s| s.start);
            let (line, col) = LineIndex::new(text).line_col(text, offset);
            Diagnostic::error(shown, line, col, crate::diag::toml_message(&e))
        })?;
        let at = |key: &str, msg: String| {
            let offset = find_key(text, key);
            let (line, col) = LineIndex::new(text).line_col(text, offset);
            Diagnostic::error(shown, line, col, msg)
        };
        let mut config = resolve(raw, root, shown, overrides).map_err(|(key, msg)| at(key, msg))?;
        config.table = toml::from_str(text).unwrap_or_default();
        Ok(config)
    }

    pub fn language(&self, code: &str) -> Option<&Language> {
        self.languages.get(code)
    }

    /// The permalink of a site path (`/fr/x/` -> `https://site/fr/x/`).
    pub fn permalink(&self, path: &str) -> String {
        if path.starts_with("http://") || path.starts_with("https://") {
            return path.to_string();
        }
        format!("{}/{}", self.base_url, path.trim_start_matches('/'))
    }
}

type ResolveError = (&'static str, String);

fn resolve(raw: RawConfig, root: &Path, shown: &Path, ov: &Overrides) -> Result<Config, ResolveError> {
    inside::check(&raw)?;
    let default_language = raw.default_language.clone();
    if !is_language_code(&default_language) {
        // Else it went into every page's `lang` and the first template to show it was blamed.
        let msg = format!("`{default_language}` is not a language code such as `en`, `fr` or `fr-ca`");
        return Err(("default_language", msg));
    }
    let cahier_pages = raw.bilingual.is_some() || !has_own_layout(root, raw.theme.as_deref());
    let bilingual = raw.bilingual.clone().unwrap_or_default();
    let layout = match bilingual.layout.as_deref() {
        None | Some("zola") => Layout::Zola,
        Some("prefixed") => Layout::Prefixed,
        Some(other) => return Err(("layout", format!("unknown layout `{other}`: expected `zola` or `prefixed`"))),
    };
    let missing_translation = match bilingual.missing_translation.as_deref() {
        None if !cahier_pages => MissingTranslation::Section,
        None | Some("notice") => MissingTranslation::Notice,
        Some("section") => MissingTranslation::Section,
        Some("error") => MissingTranslation::Error,
        Some(other) => {
            return Err((
                "missing_translation",
                format!("unknown value `{other}`: expected `notice`, `section` or `error`"),
            ));
        }
    };
    let default_feeds = raw.generate_feed.unwrap_or(raw.generate_feeds);
    let default_feed_names = match (&raw.feed_filenames, &raw.feed_filename) {
        (Some(v), _) => v.clone(),
        (None, Some(one)) => vec![one.clone()],
        (None, None) => vec!["atom.xml".to_string()],
    };
    let taxonomies = |list: &[RawTaxonomy]| -> Vec<Taxonomy> {
        list.iter()
            .map(|t| Taxonomy {
                name: t.name.clone(),
                slug: t.slug.clone().unwrap_or_else(|| slug::slugify(&t.name)),
                paginate_by: t.paginate_by,
                paginate_path: t.paginate_path.clone().unwrap_or_else(|| "page".into()),
                feed: t.feed,
                render: t.render,
            })
            .collect()
    };
    let prefix = |code: &str| {
        if code == default_language && layout == Layout::Zola { String::new() } else { format!("/{code}") }
    };
    let mut languages = BTreeMap::new();
    languages.insert(
        default_language.clone(),
        Language {
            code: default_language.clone(),
            name: language_name(&default_language, None),
            title: raw.title.clone(),
            description: raw.description.clone(),
            generate_feeds: default_feeds,
            feed_filenames: default_feed_names.clone(),
            taxonomies: taxonomies(&raw.taxonomies),
            build_search_index: raw.build_search_index,
            translations: raw.translations.clone(),
            prefix: prefix(&default_language),
        },
    );
    for (code, l) in &raw.languages {
        if !is_language_code(code) {
            return Err(("languages", format!("`{code}` is not a language code such as `fr` or `fr-ca`")));
        }
        let base = languages.get(&default_language).cloned();
        let is_default = code == &default_language;
        // cahier's sites give every language the top level's taxonomies, feeds and search;
        // Zola gives the other languages none unless their table says so.
        let inherit = is_default || cahier_pages;
        let feeds = match (l.feed_filenames.clone(), l.feed_filename.clone()) {
            (Some(v), _) => v,
            (None, Some(one)) => vec![one],
            (None, None) => default_feed_names.clone(),
        };
        let mut translations = if is_default { raw.translations.clone() } else { BTreeMap::new() };
        translations.extend(l.translations.clone());
        languages.insert(
            code.clone(),
            Language {
                code: code.clone(),
                name: language_name(code, l.name.as_deref()),
                title: l.title.clone().or_else(|| base.as_ref().and_then(|b| b.title.clone())),
                description: l.description.clone().or_else(|| base.as_ref().and_then(|b| b.description.clone())),
                generate_feeds: l.generate_feeds.or(l.generate_feed).unwrap_or(inherit && default_feeds),
                feed_filenames: feeds,
                taxonomies: match (&l.taxonomies, inherit) {
                    (Some(own), _) => taxonomies(own),
                    (None, true) => taxonomies(&raw.taxonomies),
                    (None, false) => Vec::new(),
                },
                build_search_index: l.build_search_index.unwrap_or(inherit && raw.build_search_index),
                translations,
                prefix: prefix(code),
            },
        );
    }
    let globs = |key: &'static str, list: &[String]| -> Result<globset::GlobSet, ResolveError> {
        let mut b = globset::GlobSetBuilder::new();
        for g in list {
            b.add(globset::Glob::new(g).map_err(|e| (key, format!("invalid glob `{g}`: {e}")))?);
        }
        b.build().map_err(|e| (key, e.to_string()))
    };
    let strategy = |key: &'static str, v: &Option<String>, default| match v.as_deref() {
        None => Ok(default),
        Some("on") => Ok(SlugStrategy::On),
        Some("safe") => Ok(SlugStrategy::Safe),
        Some("off") => Ok(SlugStrategy::Off),
        Some(o) => Err((key, format!("unknown slugify strategy `{o}`: expected `on`, `safe` or `off`"))),
    };
    let markdown = markdown::resolve(&raw.markdown, root)?;
    let redaction_style = match raw.redaction.style.as_deref() {
        None | Some("placeholder") => RedactionStyle::Placeholder,
        Some("release-package") => RedactionStyle::ReleasePackage,
        Some(o) => {
            return Err((
                "style",
                format!("unknown redaction style `{o}`: expected `placeholder` or `release-package`"),
            ));
        }
    };
    let output_dir = match &ov.output_dir {
        Some(p) => std::path::absolute(p).unwrap_or_else(|_| p.clone()),
        None => root.join(raw.output_dir.as_deref().unwrap_or("public")),
    };
    let base_url = ov.base_url.clone().unwrap_or(raw.base_url).trim_end_matches('/').to_string();
    inside::check_base_url(&base_url)?;
    let zola_version = match raw.zola {
        Some(z) => Some(z.version),
        None => extra_zola(&raw.extra)?,
    };
    Ok(Config {
        root: root.to_path_buf(),
        path: shown.to_path_buf(),
        base_url,
        title: raw.title,
        description: raw.description,
        author: raw.author,
        default_language,
        languages,
        layout,
        missing_translation,
        cahier_pages,
        theme: raw.theme,
        output_dir,
        preserve_dotfiles_in_output: raw.preserve_dotfiles_in_output,
        minify_html: raw.minify_html,
        ignored_content: globs("ignored_content", &raw.ignored_content)?,
        ignored_static: globs("ignored_static", &raw.ignored_static)?,
        feed_limit: raw.feed_limit,
        generate_sitemap: raw.generate_sitemap,
        generate_robots_txt: raw.generate_robots_txt,
        markdown,
        link_skip_prefixes: raw.link_checker.skip_prefixes,
        link_skip_anchor_prefixes: raw.link_checker.skip_anchor_prefixes,
        slugify_paths: strategy("paths", &raw.slugify.paths, SlugStrategy::On)?,
        slugify_taxonomies: strategy("taxonomies", &raw.slugify.taxonomies, SlugStrategy::On)?,
        slugify_anchors: strategy("anchors", &raw.slugify.anchors, SlugStrategy::On)?,
        search_bundle_dir: raw.search.bundle_dir.unwrap_or_else(|| "pagefind".into()),
        redaction_style,
        redaction_placeholder: raw.redaction.placeholder,
        redaction_notice: raw.redaction.notice,
        min_audit_chars: raw.redaction.min_audit_chars.unwrap_or(4),
        redaction_public_attachments: raw.redaction.public_attachments,
        parity: raw.parity,
        serve_interface: raw.serve.interface,
        serve_port: raw.serve.port,
        extra: raw.extra,
        table: toml::Table::new(),
        zola_version,
        skip_content_templating: globs("skip_content_templating", &raw.skip_content_templating)?,
    })
}

/// Whether the site (or its theme) brings its own `index.html`: its own layout, for which
/// cahier's extra pages were not made.
fn has_own_layout(root: &Path, theme: Option<&str>) -> bool {
    root.join("templates/index.html").is_file()
        || theme.is_some_and(|t| root.join("themes").join(t).join("templates/index.html").is_file())
}

#[cfg(test)]
mod tests;
