//! Stage 4, render Markdown: a [`RedactedPage`]'s body to HTML.
//!
//! Input: the page and a [`RenderContext`] (config, link resolver, shortcode renderer,
//! highlighter). Output: [`Rendered`]: the HTML, the summary (before `<!-- more -->`), the
//! table of contents, every anchor of the page, word count and reading time, and the internal
//! links it made (anchors are checked once every page is rendered). Failure: diagnostics at
//! `path:line:col` (a broken `@/` link, an unknown shortcode, an unknown code language when
//! the config says so); warnings are returned beside the result.
//!
//! Redaction sentinels in the body become their [`crate::redact::SpanView`]'s HTML in flowing
//! text, and its placeholder wherever only plain text can go.
//!
//! The work, in order: a Zola 0.23 site's text is rendered as a template ([`content`]), or
//! else shortcodes are expanded into the text ([`shortcodes`]; an HTML
//! shortcode leaves a token), pulldown-cmark parses it, heading ids are computed
//! ([`headings`]), the events are rewritten (links, images, code blocks, headings, the
//! `<!-- more -->` marker; [`transform`]), footnotes may move to the bottom ([`footnotes`]),
//! the HTML is written, then tokens and sentinels are replaced by their HTML ([`sentinels`]).
//! `render` is pure: the lead calls it for many pages at once.

mod colours;
mod content;
mod footnotes;
mod headings;
mod highlight;
mod links;
mod reading;
mod render;
mod sentinels;
mod shortcodes;
mod transform;
mod zola_languages;

#[cfg(test)]
mod tests;

pub use crate::anchor::slugify_anchor;
pub use colours::theme_css;
pub use headings::{anchor_link_html, anchor_link_open, unique_id};
pub use highlight::{Highlighter, block_html};
pub use shortcodes::unknown_shortcodes;

use serde::Serialize;

use crate::config::Config;
use crate::content::AnchorLinks;
use crate::diag::{Diagnostic, Diagnostics};
use crate::redact::RedactedPage;

/// A heading in the table of contents, with Zola's field names.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Heading {
    /// 1 for `<h1>` to 6 for `<h6>`.
    pub level: u32,
    /// The heading's `id` attribute.
    pub id: String,
    /// The page's permalink and `#id`.
    pub permalink: String,
    /// The heading's plain text (placeholders for redacted spans).
    pub title: String,
    /// The headings of deeper levels under this one.
    pub children: Vec<Heading>,
}

/// An `@/` link found while rendering, resolved to a page; its anchor is checked later.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InternalLink {
    /// The target page's key (`binders/x.md`).
    pub key: String,
    /// The target's language.
    pub lang: String,
    /// The `#anchor` part, without the `#`.
    pub anchor: Option<String>,
    /// Where the link is, in the source file.
    pub line: usize,
    /// 1-based column in characters.
    pub col: usize,
}

/// A page's body, rendered.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Rendered {
    /// The body's HTML.
    pub html: String,
    /// The HTML before `<!-- more -->`, when the page has one.
    pub summary: Option<String>,
    /// The headings, nested as Zola's `toc`.
    pub toc: Vec<Heading>,
    /// Every `id` a link may target in this page (headings, footnotes, explicit ids).
    pub anchors: Vec<String>,
    /// Words of the plain text (a redacted span counts as its placeholder).
    pub word_count: usize,
    /// Minutes, at 200 words a minute, as Zola counts.
    pub reading_time: usize,
    /// The `@/` links, in order, for the anchor check.
    pub internal_links: Vec<InternalLink>,
    /// The `http(s)://` links, in order.
    pub external_links: Vec<String>,
    /// Zola's `raw_content`, when a template reads it: see [`raw_content`].
    pub raw_content: Option<String>,
}

/// A page's Markdown body as templates see it in `raw_content`: after the redaction pass,
/// each redacted passage its placeholder, in every build (the body's secrets never reach a
/// template).
pub fn raw_content(page: &RedactedPage) -> String {
    sentinels::plain(&page.source().body, page.spans()).into_owned()
}

/// Finds the page an `@/` link names.
pub trait LinkResolver: Sync {
    /// The URL path (`/fr/cahiers/x/`) of the page `key` in `lang` (`key` may carry its own
    /// language suffix, `x.fr.md`, which wins), and the page it resolved to; or a message
    /// saying what to do.
    fn resolve(&self, key: &str, lang: &str) -> Result<(String, crate::key::PageKey), String>;
}

/// What a shortcode template produces.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ShortcodeKind {
    /// `templates/shortcodes/NAME.html`: its output is inserted as HTML.
    Html,
    /// `templates/shortcodes/NAME.md`: its output is Markdown, rendered with the page.
    Markdown,
}

/// Renders shortcodes (the templates stage implements it with Tera).
pub trait ShortcodeRenderer: Sync {
    /// The kind of shortcode `name`, or `None` when there is no such shortcode.
    fn kind(&self, name: &str) -> Option<ShortcodeKind>;
    /// Renders one call. `nth` counts the calls of this shortcode in the page, from 1;
    /// `entry` is [`RenderContext::entry`].
    fn render(
        &self,
        name: &str,
        args: &serde_json::Map<String, serde_json::Value>,
        body: Option<&str>,
        nth: usize,
        lang: &str,
        entry: &serde_json::Value,
    ) -> Result<String, String>;

    /// A Zola 0.23 page's Markdown rendered as a template before it is parsed (with `page` or
    /// `section` from `entry`); `None` when the site's content is not templated (Zola 0.22).
    fn content(&self, _text: &str, _lang: &str, _entry: &serde_json::Value) -> Option<Result<String, ContentError>> {
        None
    }

    /// Whether the site's content is templated (Zola 0.23), in place of shortcodes.
    fn templates_content(&self) -> bool {
        false
    }

    /// The site's own anchor link for a heading (its `anchor-link.html`, given `id`,
    /// `level` and `lang` as Zola gives them), or `None` when the site has none.
    fn anchor_link(&self, _id: &str, _level: u32, _lang: &str) -> Option<Result<String, String>> {
        None
    }
}

/// A content template's error: its 1-based line and column in the text, when known.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContentError {
    pub place: Option<(usize, usize)>,
    pub message: String,
}

/// What rendering a page needs besides the page.
pub struct RenderContext<'a> {
    /// The site's configuration (`[markdown]`, `slugify.anchors`, `base_url`).
    pub config: &'a Config,
    /// The page's language: `@/` links resolve to this language first.
    pub lang: &'a str,
    /// The page's permalink, for the TOC's permalinks.
    pub permalink: &'a str,
    /// The section's `insert_anchor_links`.
    pub insert_anchor_links: AnchorLinks,
    /// Resolves `@/` links.
    pub links: &'a dyn LinkResolver,
    /// Renders shortcode calls.
    pub shortcodes: &'a dyn ShortcodeRenderer,
    /// The syntaxes for code highlighting, loaded once per build ([`Highlighter::new`]).
    pub highlighter: &'a Highlighter,
    /// What shortcodes see of the page being rendered, as in Zola: `{"page": …}` or
    /// `{"section": …}` (without `content`, which is being made), or `null`. Made on the
    /// first shortcode call: most pages have none.
    pub entry: &'a (dyn Entry + Sync),
}

/// [`RenderContext::entry`]: a value, or one made when first needed (a `LazyLock`).
pub trait Entry {
    fn get(&self) -> &serde_json::Value;
}

impl Entry for serde_json::Value {
    fn get(&self) -> &serde_json::Value {
        self
    }
}

impl<F: FnOnce() -> serde_json::Value> Entry for std::sync::LazyLock<serde_json::Value, F> {
    fn get(&self) -> &serde_json::Value {
        self
    }
}

/// The Markdown extensions a site's `[markdown]` table turns on, for pages and for the
/// `markdown` filter alike.
pub fn options(md: &crate::config::MarkdownConfig) -> pulldown_cmark::Options {
    use pulldown_cmark::Options;
    let mut options = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES;
    options.set(Options::ENABLE_SMART_PUNCTUATION, md.smart_punctuation);
    options.set(Options::ENABLE_DEFINITION_LIST, md.definition_list);
    options.set(Options::ENABLE_GFM, md.github_alerts);
    options
}

/// Renders a page's body. Warnings come back with the result; errors instead of it.
pub fn render(page: &RedactedPage, ctx: &RenderContext<'_>) -> Result<(Rendered, Vec<Diagnostic>), Diagnostics> {
    render::Renderer::new(page, ctx).render_page()
}

pub(crate) use crate::html::escape as escape_html;
