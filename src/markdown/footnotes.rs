//! Footnotes at the bottom of the page, with links back (Zola's `bottom_footnotes`).
//!
//! Input: the rewritten events of a body. Output: the same events with each footnote
//! definition moved into a `<footer class="footnotes">` list at the end, numbered in the
//! order of first reference, each reference linking to its note (`#fn-NAME`) and each note
//! linking back to its references (`#fr-NAME-N`). Definitions that nothing cites come last.
//! Never fails.

use std::collections::HashMap;

use pulldown_cmark::{CowStr, Event, Tag, TagEnd};

use super::escape_html;
use super::transform::html;

/// Moves footnote definitions to the bottom; see the module docs.
pub(super) fn move_to_bottom<'e>(events: Vec<Event<'e>>, lang: &str) -> Vec<Event<'e>> {
    let mut body = Vec::with_capacity(events.len());
    let mut definitions: Vec<(CowStr<'e>, Vec<Event<'e>>)> = Vec::new();
    let mut current: Option<(CowStr<'e>, Vec<Event<'e>>)> = None;
    // Per name: its number, and how many references so far.
    let mut numbers: HashMap<String, (usize, usize)> = HashMap::new();
    for event in events {
        match event {
            Event::Start(Tag::FootnoteDefinition(name)) => current = Some((name, Vec::new())),
            Event::End(TagEnd::FootnoteDefinition) => definitions.extend(current.take()),
            Event::FootnoteReference(name) => {
                let next = numbers.len() + 1;
                let entry = numbers.entry(name.to_string()).or_insert((next, 0));
                entry.1 += 1;
                let id = escape_html(&name);
                let reference = format!(
                    "<sup class=\"footnote-reference\" id=\"fr-{id}-{}\"><a href=\"#fn-{id}\">{}</a></sup>",
                    entry.1, entry.0
                );
                match current.as_mut() {
                    Some((_, inner)) => inner.push(html(reference)),
                    None => body.push(html(reference)),
                }
            }
            other => match current.as_mut() {
                Some((_, inner)) => inner.push(other),
                None => body.push(other),
            },
        }
    }
    if definitions.is_empty() {
        return body;
    }
    let unnumbered = numbers.len();
    definitions.sort_by_key(|(name, _)| numbers.get(&**name).map_or(unnumbered + 1, |n| n.0));
    body.push(html("<footer class=\"footnotes\">\n<ol class=\"footnotes-list\">\n".to_string()));
    for (name, mut inner) in definitions {
        let id = escape_html(&name);
        let count = numbers.get(&*name).map_or(0, |n| n.1);
        body.push(html(format!("<li id=\"fn-{id}\">\n")));
        let backlinks = backlinks(&id, count, lang);
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
