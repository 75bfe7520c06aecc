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

use serde::Serialize;

use crate::config::Config;
use crate::content::AnchorLinks;
use crate::diag::{Diagnostic, Diagnostics};
use crate::redact::RedactedPage;

/// A heading in the table of contents, with Zola's field names.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Heading {
    pub level: u32,
    pub id: String,
    pub permalink: String,
    pub title: String,
    pub children: Vec<Heading>,
}

/// An `@/` link found while rendering, resolved to a page; its anchor is checked later.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InternalLink {
    /// The target page's key (`binders/x.md`).
    pub key: String,
    /// The target's language.
    pub lang: String,
    pub anchor: Option<String>,
    /// Where the link is, in the source file.
    pub line: usize,
    pub col: usize,
}

/// A page's body, rendered.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Rendered {
    pub html: String,
    /// The HTML before `<!-- more -->`, when the page has one.
    pub summary: Option<String>,
    pub toc: Vec<Heading>,
    /// Every `id` a link may target in this page (headings, footnotes, explicit ids).
    pub anchors: Vec<String>,
    pub word_count: usize,
    /// Minutes, at 200 words a minute, as Zola counts.
    pub reading_time: usize,
    pub internal_links: Vec<InternalLink>,
    pub external_links: Vec<String>,
}

/// Finds the page an `@/` link names.
pub trait LinkResolver: Sync {
    /// The URL path (`/fr/cahiers/x/`) of the page `key` in `lang` (`key` may carry its own
    /// language suffix, `x.fr.md`, which wins), and the language it resolved to; or a message
    /// saying what to do.
    fn resolve(&self, key: &str, lang: &str) -> Result<(String, String), String>;
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
    /// Renders one call. `nth` counts the calls of this shortcode in the page, from 1.
    fn render(
        &self,
        name: &str,
        args: &serde_json::Map<String, serde_json::Value>,
        body: Option<&str>,
        nth: usize,
        lang: &str,
    ) -> Result<String, String>;
}

/// What rendering a page needs besides the page.
pub struct RenderContext<'a> {
    pub config: &'a Config,
    pub lang: &'a str,
    /// The page's permalink, for the TOC's permalinks.
    pub permalink: &'a str,
    pub insert_anchor_links: AnchorLinks,
    pub links: &'a dyn LinkResolver,
    pub shortcodes: &'a dyn ShortcodeRenderer,
}

/// Renders a page's body. Warnings come back with the result; errors instead of it.
pub fn render(page: &RedactedPage, ctx: &RenderContext<'_>) -> Result<(Rendered, Vec<Diagnostic>), Diagnostics> {
    let _ = ctx;
    let body = page.source().body.as_str();
    let mut html = String::new();
    let parser = pulldown_cmark::Parser::new_ext(body, pulldown_cmark::Options::all());
    pulldown_cmark::html::push_html(&mut html, parser);
    let word_count = body.split_whitespace().count();
    Ok((Rendered { html, word_count, reading_time: word_count.div_ceil(200), ..Rendered::default() }, Vec::new()))
}

/// The CSS of a syntax highlighting theme, for class-based highlighting.
pub fn theme_css(name: &str) -> anyhow::Result<String> {
    anyhow::bail!("no highlighting theme `{name}` yet")
}
