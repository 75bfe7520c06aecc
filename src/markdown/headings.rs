//! Heading ids, the table of contents and anchor links.
//!
//! Input: the parsed events of a body. Output: one [`HeadingInfo`] per heading, in order, with
//! a unique id (an explicit `{#id}` wins; others are slugified from the heading's plain text
//! with the site's `slugify.anchors` strategy and de-duplicated with `-1`, `-2`, … as Zola
//! does), and the nested [`Heading`] tree Zola calls `toc`. Never fails.

use std::collections::HashSet;
use std::ops::Range;

use pulldown_cmark::{Event, Tag, TagEnd};

use super::sentinels;
use super::{Heading, escape_html};
use crate::anchor::slugify_anchor;
use crate::config::SlugStrategy;
use crate::redact::SpanView;

/// The first of `base`, `base-1`, `base-2`, … that is not in `used` (Zola's rule).
pub fn unique_id(base: &str, used: &HashSet<String>) -> String {
    if !used.contains(base) {
        return base.to_string();
    }
    (1..).map(|n| format!("{base}-{n}")).find(|candidate| !used.contains(candidate)).unwrap_or_default()
}

/// The link that `insert_anchor_links` adds to a heading: Zola's `zola-anchor` markup, with an
/// accessible name in the page's language that says which heading it targets.
pub fn anchor_link_html(id: &str, title: &str, lang: &str) -> String {
    format!(
        "<a class=\"zola-anchor\" href=\"#{}\" aria-label=\"{}\">🔗</a>",
        escape_html(id),
        escape_html(&anchor_label(title, lang))
    )
}

/// The opening tag used when `insert_anchor_links = "heading"` makes the whole heading a link.
pub fn anchor_link_open(id: &str, title: &str, lang: &str) -> String {
    format!(
        "<a class=\"zola-anchor\" href=\"#{}\" aria-label=\"{}\">",
        escape_html(id),
        escape_html(&anchor_label(title, lang))
    )
}

fn anchor_label(title: &str, lang: &str) -> String {
    if lang.starts_with("fr") {
        format!("Lien vers cette section : {title}")
    } else {
        format!("Link to this section: {title}")
    }
}

/// A heading of the body: its level, unique id and plain-text title.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct HeadingInfo {
    pub level: u32,
    pub id: String,
    pub title: String,
}

/// Computes every heading's id and title. Explicit ids are reserved first, so a generated id
/// never takes one.
pub(super) fn collect(
    events: &[(Event<'_>, Range<usize>)],
    spans: &[SpanView],
    strategy: SlugStrategy,
) -> Vec<HeadingInfo> {
    let mut found: Vec<(u32, Option<String>, String)> = Vec::new();
    let mut current: Option<(u32, Option<String>, String)> = None;
    for (event, _) in events {
        match event {
            Event::Start(Tag::Heading { level, id, .. }) => {
                current = Some((*level as u32, id.as_ref().map(|i| i.to_string()), String::new()));
            }
            Event::Text(t) | Event::Code(t) => {
                if let Some((_, _, title)) = current.as_mut() {
                    title.push_str(&sentinels::plain(t, spans));
                }
            }
            Event::End(TagEnd::Heading(_)) => found.extend(current.take()),
            _ => {}
        }
    }
    let mut used: HashSet<String> = found.iter().filter_map(|(_, id, _)| id.clone()).collect();
    found
        .into_iter()
        .map(|(level, explicit, title)| {
            let id = match explicit {
                Some(id) => id,
                None => {
                    let id = unique_id(&slugify_anchor(&title, strategy), &used);
                    used.insert(id.clone());
                    id
                }
            };
            HeadingInfo { level, id, title: title.trim().to_string() }
        })
        .collect()
}

/// Nests headings as Zola's `toc` does: a heading goes under the last heading of a lower
/// level before it, or at the top.
pub(super) fn make_toc(headings: &[HeadingInfo], permalink: &str) -> Vec<Heading> {
    let mut toc: Vec<Heading> = Vec::new();
    for h in headings {
        let node = Heading {
            level: h.level,
            id: h.id.clone(),
            permalink: format!("{permalink}#{}", h.id),
            title: h.title.clone(),
            children: Vec::new(),
        };
        insert(&mut toc, node);
    }
    toc
}

fn insert(siblings: &mut Vec<Heading>, node: Heading) {
    match siblings.last_mut() {
        Some(last) if last.level < node.level => insert(&mut last.children, node),
        _ => siblings.push(node),
    }
}
