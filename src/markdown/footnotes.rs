//! Footnotes at the bottom of the page, with links back (Zola's `bottom_footnotes`).
//!
//! Input: the rewritten events of a body, as they come. Output: the same events with each
//! footnote definition moved into a `<footer class="footnotes">` list at the end, numbered in
//! the order of first reference, each reference (`1`, or `[1]` as Zola 0.23 writes it)
//! linking to its note (`#fn-NAME`) and each
//! note linking back to its references (`#fr-NAME-N`). Definitions that nothing cites come
//! last. Only the definitions are held until the end; the rest flows through. Never fails.

use std::collections::HashMap;

use pulldown_cmark::{CowStr, Event, Tag, TagEnd};

use super::escape_html;
use super::transform::html;

/// Moves footnote definitions to the bottom when `enabled`; see the module docs.
pub(super) struct Bottom<'e, I> {
    events: I,
    enabled: bool,
    lang: String,
    definitions: Vec<(CowStr<'e>, Vec<Event<'e>>)>,
    current: Option<(CowStr<'e>, Vec<Event<'e>>)>,
    /// Per name: its number, and how many references so far.
    numbers: HashMap<String, (usize, usize)>,
    /// The footer, once the events are all read.
    footer: Option<std::vec::IntoIter<Event<'e>>>,
    /// A reference reads `[1]` (Zola 0.23) rather than `1` (Zola 0.22).
    bracketed: bool,
}

impl<'e, I: Iterator<Item = Event<'e>>> Bottom<'e, I> {
    pub(super) fn new(events: I, enabled: bool, lang: &str, bracketed: bool) -> Self {
        Self {
            bracketed,
            events,
            enabled,
            lang: lang.to_string(),
            definitions: Vec::new(),
            current: None,
            numbers: HashMap::new(),
            footer: None,
        }
    }

    /// The event that replaces `event` in the body, if any (a definition's events are kept).
    fn take(&mut self, event: Event<'e>) -> Option<Event<'e>> {
        let event = match event {
            Event::Start(Tag::FootnoteDefinition(name)) => {
                self.current = Some((name, Vec::new()));
                return None;
            }
            Event::End(TagEnd::FootnoteDefinition) => {
                self.definitions.extend(self.current.take());
                return None;
            }
            Event::FootnoteReference(name) => {
                let next = self.numbers.len() + 1;
                let entry = self.numbers.entry(name.to_string()).or_insert((next, 0));
                entry.1 += 1;
                let id = escape_html(&name);
                let (n, count) = *entry;
                let n = if self.bracketed { format!("[{n}]") } else { n.to_string() };
                html(format!(
                    "<sup class=\"footnote-reference\" id=\"fr-{id}-{count}\"><a href=\"#fn-{id}\">{n}</a></sup>"
                ))
            }
            other => other,
        };
        match self.current.as_mut() {
            Some((_, inner)) => {
                inner.push(event);
                None
            }
            None => Some(event),
        }
    }

    /// The list of notes, in the order of their first reference.
    fn footer(&mut self) -> Vec<Event<'e>> {
        let mut definitions = std::mem::take(&mut self.definitions);
        if definitions.is_empty() {
            return Vec::new();
        }
        let numbers = &self.numbers;
        let unnumbered = numbers.len();
        definitions.sort_by_key(|(name, _)| numbers.get(&**name).map_or(unnumbered + 1, |n| n.0));
        let mut body = vec![html("<footer class=\"footnotes\">\n<ol class=\"footnotes-list\">\n".to_string())];
        for (name, mut inner) in definitions {
            let id = escape_html(&name);
            let count = numbers.get(&*name).map_or(0, |n| n.1);
            body.push(html(format!("<li id=\"fn-{id}\">\n")));
            let backlinks = backlinks(&id, count, &self.lang);
            match inner.iter().rposition(|e| matches!(e, Event::End(TagEnd::Paragraph))) {
                Some(last) => inner.insert(last, html(backlinks)),
                None => inner.push(html(backlinks)),
            }
            body.extend(inner);
            body.push(html("</li>\n".to_string()));
        }
        body.push(html("</ol>\n</footer>\n".to_string()));
        body
    }
}

impl<'e, I: Iterator<Item = Event<'e>>> Iterator for Bottom<'e, I> {
    type Item = Event<'e>;

    fn next(&mut self) -> Option<Event<'e>> {
        if !self.enabled {
            return self.events.next();
        }
        loop {
            if let Some(footer) = self.footer.as_mut() {
                return footer.next();
            }
            match self.events.next() {
                Some(event) => {
                    if let Some(shown) = self.take(event) {
                        return Some(shown);
                    }
                }
                None => self.footer = Some(self.footer().into_iter()),
            }
        }
    }
}

/// The links from a note back to its references: `↩`, then `↩2`, `↩3` for later ones.
fn backlinks(id: &str, count: usize, lang: &str) -> String {
    let label = if lang.starts_with("fr") { "Retour au texte" } else { "Back to the text" };
    (1..=count)
        .map(|n| {
            let mark = if n == 1 { "↩".to_string() } else { format!("↩{n}") };
            format!(" <a href=\"#fr-{id}-{n}\" class=\"footnote-backref\" aria-label=\"{label}\">{mark}</a>")
        })
        .collect()
}
