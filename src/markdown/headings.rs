//! Heading ids, the table of contents and anchor links.
//!
//! Input: the parsed events of a body. Output: one [`HeadingInfo`] per heading, in order, with
//! a unique id (an explicit `{#id}` wins; others are slugified from the heading's plain text
//! with the site's `slugify.anchors` strategy and de-duplicated with `-1`, `-2`, … as Zola
//! does), and the nested [`Heading`] tree Zola calls `toc`. Never fails.

use std::collections::{HashMap, HashSet};

use pulldown_cmark::{Event, Options, Parser, Tag};

use super::{Heading, escape_html};
use crate::anchor::slugify_anchor;
use crate::config::SlugStrategy;

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

/// The ids given to headings so far. Explicit ids are reserved first, so a generated id never
/// takes one; each base remembers its last suffix, so a thousand headings of one title cost
/// a thousand lookups, not half a million.
pub(super) struct Ids {
    used: HashSet<String>,
    next: HashMap<String, usize>,
}

impl Ids {
    /// Ids with the explicit `{#id}`s of the headings of `text` reserved.
    pub(super) fn reserving(text: &str, options: Options) -> Self {
        let used = if might_have_explicit_ids(text) {
            Parser::new_ext(text, options)
                .filter_map(|event| match event {
                    Event::Start(Tag::Heading { id: Some(id), .. }) => Some(id.to_string()),
                    _ => None,
                })
                .collect()
        } else {
            HashSet::new()
        };
        Self { used, next: HashMap::new() }
    }

    /// The id of the next heading: its explicit id, or the first of `base`, `base-1`, … that
    /// is free, where `base` is the slug of its plain text `title`.
    pub(super) fn take(&mut self, explicit: Option<String>, title: &str, strategy: SlugStrategy) -> String {
        if let Some(id) = explicit {
            return id;
        }
        let base = slugify_anchor(title, strategy);
        if self.used.insert(base.clone()) {
            return base;
        }
        let n = self.next.entry(base.clone()).or_insert(1);
        loop {
            let candidate = format!("{base}-{n}");
            *n += 1;
            if self.used.insert(candidate.clone()) {
                return candidate;
            }
        }
    }
}

/// Whether a line of `text` ends with an attribute block holding a `#` (`{#id}`,
/// `{.c #id}`, before any closing `#`s): only then is the text parsed once more to reserve explicit ids.
fn might_have_explicit_ids(text: &str) -> bool {
    text.lines().any(|line| {
        let line = line.trim_end().trim_end_matches('#').trim_end();
        line.ends_with('}') && line.rfind('{').is_some_and(|open| line[open..].contains('#'))
    })
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
