//! The event pass: rewrites pulldown-cmark's events, one at a time, as the HTML is written.
//!
//! Input: the parser's events with their offsets in the expanded text, and the explicit
//! heading ids of the text. Output: an iterator of new events (headings with ids and anchor
//! links, resolved links and images, highlighted code blocks, `<!-- more -->` turned into
//! Zola's `continue-reading` span) and, in [`Found`], the headings, the tags open at the
//! summary marker and the word count. Failure: diagnostics through the renderer (broken `@/`
//! links, unknown code languages); rendering goes on.
//!
//! Nothing holds the whole page's events: a heading's events are read ahead to its end (its id
//! comes from its text), a code block's and an image's to theirs, and that is all. A page of a
//! million table cells then costs the parser's tree, not three copies of its events.

use std::collections::VecDeque;
use std::ops::Range;

use pulldown_cmark::{CowStr, Event, Tag, TagEnd};

use super::headings::{HeadingInfo, Ids, anchor_link_html, anchor_link_open};
use super::render::{CONTINUE_READING, Renderer};
use super::sentinels;
use super::shortcodes::Locator;
use crate::content::AnchorLinks;
use crate::diag::Severity;
use crate::redact::SpanView;

/// What the event pass found, once its events are all read.
#[derive(Default)]
pub(super) struct Found {
    pub headings: Vec<HeadingInfo>,
    /// When the text has `<!-- more -->`: the tags open there, outermost first, to close
    /// the summary.
    pub summary_open: Option<Vec<TagEnd>>,
}

/// The event pass over one text; see the module docs.
pub(super) struct Transform<'r, 'a, 'e, I: Iterator<Item = (Event<'e>, Range<usize>)>> {
    renderer: &'r mut Renderer<'a>,
    spans: &'a [SpanView],
    input: Lookahead<'e, I>,
    locator: &'r Locator,
    found: &'r mut Found,
    ids: Ids,
    open: Vec<TagEnd>,
    heading: Option<HeadingInfo>,
    pending: VecDeque<Event<'e>>,
}

impl<'r, 'a, 'e, I: Iterator<Item = (Event<'e>, Range<usize>)>> Transform<'r, 'a, 'e, I> {
    /// The pass over `events`; `ids` holds the text's explicit heading ids.
    pub(super) fn new(
        renderer: &'r mut Renderer<'a>,
        events: I,
        ids: Ids,
        locator: &'r Locator,
        found: &'r mut Found,
    ) -> Self {
        let spans = renderer.page.spans();
        let input = Lookahead { iter: events, ahead: VecDeque::new() };
        Self { renderer, spans, input, locator, found, ids, open: Vec::new(), heading: None, pending: VecDeque::new() }
    }

    fn step(&mut self, event: Event<'e>, range: Range<usize>) {
        let at = self.locator.body_offset(range.start);
        let spans = self.spans;
        match event {
            Event::Start(Tag::Heading { level, id: explicit, classes, attrs }) => {
                let title = self.input.heading_text(spans);
                let id =
                    self.ids.take(explicit.map(|i| i.to_string()), &title, self.renderer.ctx.config.slugify_anchors);
                let info = HeadingInfo { level: level as u32, id: id.clone(), title: title.trim().to_string() };
                self.pending.push_back(Event::Start(Tag::Heading { level, id: Some(id.into()), classes, attrs }));
                self.open.push(TagEnd::Heading(level));
                self.pending.extend(self.renderer.anchor_link(&info, true, at));
                self.found.headings.push(info.clone());
                self.heading = Some(info);
            }
            Event::End(TagEnd::Heading(level)) => {
                let link = self.heading.take().and_then(|h| self.renderer.anchor_link(&h, false, at));
                self.pending.extend(link);
                self.open.pop();
                self.pending.push_back(Event::End(TagEnd::Heading(level)));
            }
            Event::Start(Tag::CodeBlock(kind)) => {
                let code = collect_code(&mut self.input);
                self.pending.push_back(html(self.renderer.code_block(&kind, &code, at)));
            }
            Event::Start(Tag::Image { dest_url, title, .. }) => {
                let alt = collect_alt(&mut self.input, spans);
                self.pending.push_back(html(self.renderer.image_html(&dest_url, &title, &alt, at)));
            }
            Event::Start(Tag::Link { link_type, dest_url, title, id }) => {
                self.open.push(TagEnd::Link);
                self.pending.push_back(self.renderer.link_open(link_type, dest_url, title, id, at));
            }
            Event::Text(text) => {
                self.pending.push_back(Event::Text(text));
            }
            Event::Code(text) => {
                let shown = sentinels::code(&text, spans, &self.renderer.shortcode_html).into_owned();
                self.pending.push_back(Event::Code(shown.into()));
            }
            Event::Html(text) | Event::InlineHtml(text)
                if self.found.summary_open.is_none() && more_marker(&text).is_some() =>
            {
                let marker = more_marker(&text).unwrap_or_default();
                self.found.summary_open = Some(self.open.clone());
                self.pending.push_back(html(text.replacen(&marker, CONTINUE_READING, 1)));
            }
            Event::Start(tag) => {
                self.open.push(tag.to_end());
                self.pending.push_back(Event::Start(tag));
            }
            Event::End(end) => {
                self.open.pop();
                self.pending.push_back(Event::End(end));
            }
            other => self.pending.push_back(other),
        }
    }
}

impl<'e, I: Iterator<Item = (Event<'e>, Range<usize>)>> Iterator for Transform<'_, '_, 'e, I> {
    type Item = Event<'e>;

    fn next(&mut self) -> Option<Event<'e>> {
        loop {
            if let Some(event) = self.pending.pop_front() {
                return Some(event);
            }
            let (event, range) = self.input.next()?;
            self.step(event, range);
        }
    }
}

/// The parser's events, with a heading's events read ahead when its start is seen.
struct Lookahead<'e, I> {
    iter: I,
    ahead: VecDeque<(Event<'e>, Range<usize>)>,
}

impl<'e, I: Iterator<Item = (Event<'e>, Range<usize>)>> Lookahead<'e, I> {
    /// Reads the events of the heading just started, up to its end (kept for the pass), and
    /// gives its plain text.
    fn heading_text(&mut self, spans: &[SpanView]) -> String {
        let mut title = String::new();
        for (event, range) in self.iter.by_ref() {
            let end = matches!(event, Event::End(TagEnd::Heading(_)));
            if let Event::Text(t) | Event::Code(t) = &event {
                title.push_str(&sentinels::plain(t, spans));
            }
            self.ahead.push_back((event, range));
            if end {
                break;
            }
        }
        title
    }
}

impl<'e, I: Iterator<Item = (Event<'e>, Range<usize>)>> Iterator for Lookahead<'e, I> {
    type Item = (Event<'e>, Range<usize>);

    fn next(&mut self) -> Option<Self::Item> {
        self.ahead.pop_front().or_else(|| self.iter.next())
    }
}

impl Renderer<'_> {
    /// The anchor link of a heading, if `insert_anchor_links` puts one at its start
    /// (`start`) or at its end: the site's own `anchor-link.html` when it has one, as in
    /// Zola, else ours. `at`: where a failing template is reported.
    fn anchor_link<'e>(&mut self, h: &HeadingInfo, start: bool, at: usize) -> Option<Event<'e>> {
        let lang = self.ctx.lang;
        match (self.ctx.insert_anchor_links, start) {
            (AnchorLinks::Left, true) | (AnchorLinks::Right, false) => {
                match self.ctx.shortcodes.anchor_link(&h.id, h.level, lang) {
                    Some(Ok(link)) => Some(html(link)),
                    Some(Err(e)) => {
                        self.report(Severity::Error, at, format!("templates/anchor-link.html: {e}"));
                        None
                    }
                    None => Some(html(anchor_link_html(&h.id, &h.title, lang))),
                }
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
