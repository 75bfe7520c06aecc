//! Pagination and templates by section: how many pagers a section (or a taxonomy term) has,
//! the paginator each one gets, where `page/1/` redirects, and the `page_template` a page
//! inherits.
//!
//! Input: the indexed site and a section or page. Output: counts, paths and template values.
//! Never fails.

use serde_json::{Value, json};

use super::context::Shared;
use crate::content::Front;
use crate::site::{PageId, Site};

pub(super) fn section_paginate_path(front: &Front) -> &str {
    match front {
        Front::Section(s) => &s.paginate_path,
        Front::Page(_) => "page",
    }
}

/// As in Zola, a paginated section's `page/1/` redirects to the section.
pub(super) fn first_pager_redirect(shared: &Shared<'_>, id: PageId) -> Option<String> {
    let e = &shared.site.entries[id];
    match &e.page.source().front {
        Front::Section(s) if s.paginate_by.is_some_and(|n| n > 0) => Some(format!("{}{}/1/", e.path, s.paginate_path)),
        _ => None,
    }
}

pub(super) fn pager_count(shared: &Shared<'_>, id: PageId) -> usize {
    let e = &shared.site.entries[id];
    match &e.page.source().front {
        Front::Section(s) => pagers(e.pages.len(), s.paginate_by),
        Front::Page(_) => 1,
    }
}

/// The `page_template` of the nearest section above a page that sets one, as in Zola.
pub(super) fn inherited_page_template(site: &Site, mut section: Option<PageId>) -> Option<String> {
    while let Some(s) = section {
        let e = &site.entries[s];
        if let Front::Section(f) = &e.page.source().front {
            if let Some(t) = &f.page_template {
                return Some(t.clone());
            }
        }
        section = e.parent;
    }
    None
}

/// Zola's `paginator` for pager `index` (from 0) of a section.
pub(super) fn paginator(shared: &Shared<'_>, id: PageId, by: usize, index: usize, word: &str, reversed: bool) -> Value {
    let e = &shared.site.entries[id];
    let mut pages = e.pages.clone();
    if reversed {
        pages.reverse();
    }
    paginator_of(shared, &pages, &e.permalink, Pager { by, index, word })
}

/// One pager of a list: `by` pages a pager, this one `index` (from 0), at `word/N/`.
pub(super) struct Pager<'a> {
    pub by: usize,
    pub index: usize,
    pub word: &'a str,
}

/// The number of pagers of `pages` pages, `by` a pager.
pub(super) fn pagers(pages: usize, by: Option<usize>) -> usize {
    by.filter(|&n| n > 0).map_or(1, |n| pages.div_ceil(n).max(1))
}

/// Zola's `paginator` for one pager of `pages` listed at `permalink` (a section or a
/// taxonomy term): each page whole.
pub(super) fn paginator_of(shared: &Shared<'_>, pages: &[PageId], permalink: &str, pager: Pager<'_>) -> Value {
    let Pager { by, index, word } = pager;
    let total = pages.len().div_ceil(by).max(1);
    let url = |i: usize| {
        if i == 0 { permalink.to_string() } else { format!("{permalink}{word}/{}/", i + 1) }
    };
    let chunk: Vec<Value> = pages.iter().skip(index * by).take(by).map(|&p| shared.data.object(p)).collect();
    json!({
        "paginate_by": by,
        "base_url": format!("{permalink}{word}/"),
        "number_pagers": total,
        "first": url(0),
        "last": url(total - 1),
        "previous": if index > 0 { Some(url(index - 1)) } else { None },
        "next": if index + 1 < total { Some(url(index + 1)) } else { None },
        "pages": chunk,
        "current_index": index + 1,
        "total_pages": pages.len(),
    })
}
