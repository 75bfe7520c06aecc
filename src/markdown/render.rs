//! The renderer of one page: the state shared by every step (diagnostics, links found,
//! shortcode counters, HTML shortcode outputs) and the function that renders a Markdown text.
//!
//! Input: a [`RedactedPage`] and its [`RenderContext`]. Output: [`Rendered`] and warnings.
//! Failure: every error found is collected, then returned together as [`Diagnostics`].
//! Redacted spans of an internal build are rendered recursively through the same function,
//! so links and shortcodes in them work; their diagnostics point at the span.

use std::borrow::Cow;
use std::cell::{Cell, RefCell};
use std::collections::{HashMap, HashSet};
use std::fmt;

use pulldown_cmark::{Event, Options, Parser};

use super::footnotes::Bottom;
use super::headings::{self, HeadingInfo, Ids};
use super::reading;
use super::sentinels::{self, Marker};
use super::shortcodes::{Locator, Origin};
use super::transform::{Found, Transform};
use super::{InternalLink, RenderContext, Rendered};
use crate::diag::{Diagnostic, Diagnostics, Severity};
use crate::redact::{RedactedPage, SpanHtml, sentinel};

/// How deep redacted spans may nest in an internal build before we stop (a span whose text
/// holds its own sentinel would never end).
const MAX_DEPTH: usize = 8;

/// The marker Zola leaves where `<!-- more -->` was.
pub(super) const CONTINUE_READING: &str = "<span id=\"continue-reading\"></span>";

/// Renders one page; see the module docs.
pub(super) struct Renderer<'a> {
    pub page: &'a RedactedPage,
    pub ctx: &'a RenderContext<'a>,
    diags: Vec<Diagnostic>,
    pub internal_links: Vec<InternalLink>,
    pub external_links: Vec<String>,
    /// Calls so far, per shortcode name (Zola's `nth`).
    pub nth: HashMap<String, usize>,
    /// HTML shortcode outputs, indexed by their token.
    pub shortcode_html: Vec<String>,
    /// Internal spans already rendered (the summary and the page show the same ones).
    span_cache: HashMap<usize, String>,
    depth: usize,
}

/// One Markdown text, rendered.
pub(super) struct Output {
    pub html: String,
    pub summary: Option<String>,
    pub headings: Vec<HeadingInfo>,
}

impl<'a> Renderer<'a> {
    pub fn new(page: &'a RedactedPage, ctx: &'a RenderContext<'a>) -> Self {
        Self {
            page,
            ctx,
            diags: Vec::new(),
            internal_links: Vec::new(),
            external_links: Vec::new(),
            nth: HashMap::new(),
            shortcode_html: Vec::new(),
            span_cache: HashMap::new(),
            depth: 0,
        }
    }

    /// Renders the page's body and gathers everything [`Rendered`] holds.
    pub fn render_page(mut self) -> Result<(Rendered, Vec<Diagnostic>), Diagnostics> {
        let body = self.page.source().body.as_str();
        let out = self.render_markdown(body, Origin::Offset(0));
        let toc = headings::make_toc(&out.headings, self.ctx.permalink);
        let anchors = collect_ids(&out.html);
        let (word_count, reading_time) = match self.ctx.shortcodes.templates_content() {
            true => reading::analytics_023(body, self.ctx.lang),
            false => reading::analytics(body),
        };
        let rendered = Rendered {
            summary: out.summary,
            toc,
            anchors,
            word_count,
            reading_time,
            internal_links: std::mem::take(&mut self.internal_links),
            external_links: std::mem::take(&mut self.external_links),
            raw_content: None,
            html: out.html,
        };
        let mut diags: Diagnostics = self.diags.into_iter().collect();
        if diags.has_errors() {
            return Err(diags);
        }
        Ok((rendered, diags.take_warnings()))
    }

    /// Reports a problem at a byte offset of the (redacted) body.
    pub fn report(&mut self, severity: Severity, body_offset: usize, message: impl Into<String>) {
        let (line, col) = self.page.location(body_offset);
        let path = &self.page.source().path;
        self.diags.push(match severity {
            Severity::Error => Diagnostic::error(path, line, col, message),
            Severity::Warning => Diagnostic::warning(path, line, col, message),
        });
    }

    fn options(&self) -> Options {
        super::options(&self.ctx.config.markdown)
    }

    /// Renders a Markdown text: the page's body, or the secret text of an internal span.
    /// The events flow from the parser through the event pass and the footnotes into the
    /// HTML writer; the summary is the HTML written before `<!-- more -->`, closed.
    pub fn render_markdown(&mut self, text: &str, origin: Origin) -> Output {
        let (expanded, map) = match self.template_content(text, origin) {
            Some(templated) => templated,
            None => self.expand_shortcodes(text, origin),
        };
        let locator = Locator { map, origin };
        let options = self.options();
        let ids = Ids::reserving(&expanded, options);
        let lang = self.ctx.lang;
        let bottom = self.ctx.config.markdown.bottom_footnotes;
        // Zola 0.23 numbers its references `[1]`.
        let bracketed = self.ctx.shortcodes.templates_content();
        let mut found = Found::default();
        let out = RefCell::new(String::with_capacity(expanded.len() + expanded.len() / 2));
        let summary_at: Cell<Option<usize>> = Cell::new(None);
        {
            let parsed = Parser::new_ext(&expanded, options).into_offset_iter();
            let events = Transform::new(self, parsed, ids, &locator, &mut found);
            let events = Bottom::new(events, bottom, lang, bracketed).inspect(|event| {
                if summary_at.get().is_none() && is_continue_reading(event) {
                    summary_at.set(Some(out.borrow().len()));
                }
            });
            // Writing into a String does not fail.
            let _ = pulldown_cmark::html::write_html_fmt(Shared(&out), events);
        }
        let raw = out.into_inner();
        let summary = found.summary_open.take().map(|open| {
            let mut s = raw[..summary_at.get().unwrap_or(raw.len())].to_string();
            pulldown_cmark::html::push_html(&mut s, open.into_iter().rev().map(Event::End));
            self.finish_html(s)
        });
        let html = self.finish_html(raw);
        Output { html, summary, headings: found.headings }
    }

    /// Swaps HTML shortcode outputs and redacted spans into rendered HTML.
    fn finish_html(&mut self, html: String) -> String {
        let replaced = sentinels::replace(&html, |marker, alone| match marker {
            Marker::Shortcode(i) => {
                let output = self.shortcode_html.get(i).cloned().unwrap_or_default();
                self.spans_in(&output)
            }
            Marker::Span(i) => self.span_html(i, alone),
        });
        match replaced {
            Cow::Owned(replaced) => replaced,
            Cow::Borrowed(_) => html,
        }
    }

    /// Replaces the sentinels of a shortcode's output (its arguments may hold some).
    fn spans_in(&mut self, html: &str) -> String {
        sentinels::replace(html, |marker, alone| match marker {
            Marker::Span(i) => self.span_html(i, alone),
            Marker::Shortcode(_) => String::new(),
        })
        .into_owned()
    }

    /// The HTML of span `i` in flowing text. `alone`: it was the whole paragraph (a block
    /// span then stands instead of the paragraph; an inline one keeps it).
    fn span_html(&mut self, i: usize, alone: bool) -> String {
        let spans = self.page.spans();
        let Some(span) = spans.get(i) else {
            return String::new();
        };
        let html = match &span.html {
            SpanHtml::Public { html } => html.clone(),
            SpanHtml::Internal { open, markdown, close } => {
                if let Some(done) = self.span_cache.get(&i) {
                    done.clone()
                } else {
                    let at = self.page.source().body.find(&sentinel(i)).unwrap_or(0);
                    let inner = if self.depth >= MAX_DEPTH {
                        self.report(Severity::Error, at, "redacted passages are nested too deeply to render");
                        String::new()
                    } else {
                        self.depth += 1;
                        let out = self.render_markdown(markdown, Origin::Fixed(at));
                        self.depth -= 1;
                        if span.block { out.html } else { sentinels::strip_paragraph(&out.html).to_string() }
                    };
                    let done = format!("{open}{inner}{close}");
                    self.span_cache.insert(i, done.clone());
                    done
                }
            }
        };
        if alone && !span.block { format!("<p>{html}</p>\n") } else { html }
    }
}

/// The HTML writer's output, which the summary marker's position is read from as it is written.
struct Shared<'s>(&'s RefCell<String>);

impl fmt::Write for Shared<'_> {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        self.0.borrow_mut().push_str(s);
        Ok(())
    }
}

fn is_continue_reading(event: &Event<'_>) -> bool {
    matches!(event, Event::Html(h) | Event::InlineHtml(h) if h.contains(CONTINUE_READING))
}

/// Every `id="…"` of the HTML, in order, without duplicates. The duplicates are found with a
/// set: a page of 100,000 footnotes has 200,000 ids, and a scan of the list per id made such a
/// page take minutes.
pub(super) fn collect_ids(html: &str) -> Vec<String> {
    let mut ids: Vec<String> = Vec::new();
    let mut seen: HashSet<&str> = HashSet::new();
    let mut rest = html;
    while let Some(at) = memchr::memmem::find(rest.as_bytes(), b" id=\"") {
        let value = &rest[at + 5..];
        let Some(end) = memchr::memchr(b'"', value.as_bytes()) else { break };
        let id = &value[..end];
        if !id.is_empty() && seen.insert(id) {
            ids.push(id.to_string());
        }
        rest = &value[end..];
    }
    ids
}
