//! The event pass: rewrites pulldown-cmark's events before the HTML is written.
//!
//! Input: the parsed events with their offsets in the expanded text, and the headings' ids.
//! Output: new events (headings with ids and anchor links, resolved links and images,
//! highlighted code blocks, `<!-- more -->` turned into Zola's `continue-reading` span), the
//! tags open at the summary marker, and the word count. Failure: diagnostics through the
//! renderer (broken `@/` links, unknown code languages); rendering goes on.

use std::ops::Range;

use pulldown_cmark::{CowStr, Event, Tag, TagEnd};

use super::headings::{HeadingInfo, anchor_link_html, anchor_link_open};
use super::render::{CONTINUE_READING, Renderer};
use super::sentinels;
use super::shortcodes::Locator;
use crate::content::AnchorLinks;
use crate::redact::SpanView;

/// What the event pass produces.
pub(super) struct Transformed<'e> {
    pub events: Vec<Event<'e>>,
    /// When the text has `<!-- more -->`: the tags open there, outermost first, to close
    /// the summary.
    pub summary_open: Option<Vec<TagEnd>>,
    pub words: usize,
}

impl Renderer<'_> {
    /// Runs the event pass; see the module docs.
    pub(super) fn transform<'e>(
        &mut self,
        events: Vec<(Event<'e>, Range<usize>)>,
        headings: &[HeadingInfo],
        locator: &Locator,
    ) -> Transformed<'e> {
        let spans = self.page.spans();
        let mut t = Transformed { events: Vec::with_capacity(events.len()), summary_open: None, words: 0 };
        let mut open: Vec<TagEnd> = Vec::new();
        let mut heading_infos = headings.iter();
        let mut heading: Option<&HeadingInfo> = None;
        let mut iter = events.into_iter();
        while let Some((event, range)) = iter.next() {
            let at = locator.body_offset(range.start);
            match event {
                Event::Start(Tag::Heading { level, classes, attrs, .. }) => {
                    heading = heading_infos.next();
                    let id = heading.map(|h| h.id.clone()).unwrap_or_default();
                    t.events.push(Event::Start(Tag::Heading { level, id: Some(id.into()), classes, attrs }));
                    open.push(TagEnd::Heading(level));
                    t.events.extend(heading.and_then(|h| self.anchor_link(h, true)));
                }
                Event::End(TagEnd::Heading(level)) => {
                    t.events.extend(heading.take().and_then(|h| self.anchor_link(h, false)));
                    open.pop();
                    t.events.push(Event::End(TagEnd::Heading(level)));
                }
                Event::Start(Tag::CodeBlock(kind)) => {
                    let code = collect_code(&mut iter);
                    t.words += sentinels::count_words(&sentinels::plain(&code, spans));
                    t.events.push(html(self.code_block(&kind, &code, at)));
                }
                Event::Start(Tag::Image { dest_url, title, .. }) => {
                    let alt = collect_alt(&mut iter, spans);
                    t.events.push(html(self.image_html(&dest_url, &title, &alt, at)));
                }
                Event::Start(Tag::Link { link_type, dest_url, title, id }) => {
                    open.push(TagEnd::Link);
                    t.events.push(self.link_open(link_type, dest_url, title, id, at));
                }
                Event::Text(text) => {
                    t.words += sentinels::count_words(&sentinels::plain(&text, spans));
                    t.events.push(Event::Text(text));
                }
                Event::Code(text) => {
                    t.words += sentinels::count_words(&sentinels::plain(&text, spans));
                    let shown = sentinels::code(&text, spans, &self.shortcode_html).into_owned();
                    t.events.push(Event::Code(shown.into()));
                }
                Event::Html(text) | Event::InlineHtml(text)
                    if t.summary_open.is_none() && more_marker(&text).is_some() =>
                {
                    let marker = more_marker(&text).unwrap_or_default();
                    t.summary_open = Some(open.clone());
                    t.events.push(html(text.replacen(&marker, CONTINUE_READING, 1)));
                }
                Event::Start(tag) => {
                    open.push(tag.to_end());
                    t.events.push(Event::Start(tag));
                }
                Event::End(end) => {
                    open.pop();
                    t.events.push(Event::End(end));
                }
                other => t.events.push(other),
            }
        }
        t
    }
}

impl Renderer<'_> {
    /// The anchor link of a heading, if `insert_anchor_links` puts one at its start
    /// (`start`) or at its end.
    fn anchor_link<'e>(&self, h: &HeadingInfo, start: bool) -> Option<Event<'e>> {
        let lang = self.ctx.lang;
        match (self.ctx.insert_anchor_links, start) {
            (AnchorLinks::Left, true) | (AnchorLinks::Right, false) => {
                Some(html(anchor_link_html(&h.id, &h.title, lang)))
            }
            (AnchorLinks::Heading, true) => Some(html(anchor_link_open(&h.id, &h.title, lang))),
            (AnchorLinks::Heading, false) => Some(html("</a>".to_string())),
            _ => None,
        }
    }
}

/// The text of a code block, up to its end.
fn collect_code<'e>(iter: &mut impl Iterator<Item = (Event<'e>, Range<usize>)>) -> String {
    let mut code = String::new();
    for (inner, _) in iter.by_ref() {
        match inner {
            Event::Text(text) => code.push_str(&text),
            Event::End(TagEnd::CodeBlock) => break,
            _ => {}
        }
    }
    code
}

/// The plain text of an image's description (its `alt`), up to the image's end.
fn collect_alt<'e>(iter: &mut impl Iterator<Item = (Event<'e>, Range<usize>)>, spans: &[SpanView]) -> String {
    let mut alt = String::new();
    let mut depth = 0usize;
    for (inner, _) in iter.by_ref() {
        match inner {
            Event::Text(text) | Event::Code(text) => alt.push_str(&sentinels::plain(&text, spans)),
            Event::Start(Tag::Image { .. }) => depth += 1,
            Event::End(TagEnd::Image) if depth == 0 => break,
            Event::End(TagEnd::Image) => depth -= 1,
            _ => {}
        }
    }
    alt
}

/// A raw HTML event.
pub(super) fn html<'e>(text: String) -> Event<'e> {
    Event::Html(CowStr::from(text))
}

/// The `<!-- more -->` comment in `text` (spaces inside it are free, as in Zola), as written.
fn more_marker(text: &str) -> Option<String> {
    let mut from = 0;
    while let Some(start) = text[from..].find("<!--").map(|i| i + from) {
        let inner = &text[start + 4..];
        if let Some(rest) = inner.trim_start().strip_prefix("more").map(str::trim_start) {
            if rest.starts_with("-->") {
                let end = text.len() - rest.len() + 3;
                return Some(text[start..end].to_string());
            }
        }
        from = start + 4;
    }
    None
}
