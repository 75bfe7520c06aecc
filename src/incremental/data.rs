//! Stage 5's data for a changed site: the template values of only the entries whose inputs
//! changed, and the set of entries whose values did change.
//!
//! Input: the old and new [`Site`], the old [`SiteData`] (taken apart), the new rendered
//! bodies (their HTML is moved into the data) and which of them were rendered again. Output:
//! the new [`SiteData`] and the [`Dirty`] set. Values of entries whose inputs did not change are moved over from the old
//! data, not rebuilt. Never fails.

use std::collections::{BTreeSet, HashMap};

use rayon::prelude::*;

use crate::markdown::Rendered;
use crate::output::reads::{Dirty, Key, key_of};
use crate::site::{PageId, Site};
use crate::templates::SiteData;
use crate::templates::context::{self, Basic, basic, link, taxonomies};

/// An entry's place in the tree, as the old build had it: what its light object (`place`)
/// and its whole object (`links`, composed by [`SiteData::object`]) are made of besides its
/// own page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Shape {
    pub place: (String, String, Vec<Key>, Vec<Key>),
    pub links: (Vec<Key>, Vec<Key>, Option<Key>, Option<Key>),
}

/// The shape of entry `id`.
pub fn shape(site: &Site, id: PageId) -> Shape {
    let e = &site.entries[id];
    let keys = |ids: &[PageId]| ids.iter().map(|&i| key_of(site, i)).collect::<Vec<_>>();
    Shape {
        place: (e.path.clone(), e.permalink.clone(), keys(&e.ancestors), keys(&e.translations)),
        links: (
            keys(&e.pages),
            keys(&e.subsections),
            e.lower.map(|i| key_of(site, i)),
            e.higher.map(|i| key_of(site, i)),
        ),
    }
}

/// What the old build knew of each entry, by key.
pub struct Old {
    pub ids: HashMap<Key, PageId>,
    pub shapes: Vec<Shape>,
}

/// Builds the new data. `fresh[id]` is true for the entries whose page or body changed.
pub fn update(
    site: &Site,
    rendered: &mut [Rendered],
    fresh: &[bool],
    old: &Old,
    mut data: SiteData,
) -> (SiteData, Dirty) {
    let n = site.entries.len();
    let shapes: Vec<Shape> = (0..n).into_par_iter().map(|id| shape(site, id)).collect();
    let before: Vec<Option<PageId>> = (0..n).map(|id| old.ids.get(&key_of(site, id)).copied()).collect();
    // Light objects: the changed entries, those whose place moved, and their translations.
    let mut suspects: BTreeSet<PageId> = BTreeSet::new();
    for id in 0..n {
        let moved = before[id].is_none_or(|o| old.shapes[o].place != shapes[id].place);
        if fresh[id] || moved {
            suspects.insert(id);
            suspects.extend(site.entries[id].translations.iter().copied());
        }
    }
    let mut old_basics: Vec<Basic> = std::mem::take(&mut data.basics);
    let mut old_contents: Vec<String> = std::mem::take(&mut data.contents);
    let computed: Vec<(PageId, Basic)> = suspects.par_iter().map(|&id| (id, basic(site, id, rendered))).collect();
    let mut basics: Vec<Basic> = (0..n)
        .map(|id| match before[id] {
            Some(o) if !suspects.contains(&id) => std::mem::take(&mut old_basics[o]),
            _ => Basic::default(),
        })
        .collect();
    let mut changed_basic = vec![false; n];
    let mut changed_link = vec![false; n];
    for (id, v) in computed {
        changed_basic[id] = before[id].is_none_or(|o| old_basics[o] != v);
        changed_link[id] = changed_basic[id] && before[id].is_none_or(|o| link(&old_basics[o]) != link(&v));
        basics[id] = v;
    }
    // Sections as `get_section(metadata_only=true)` shows them: also their content and
    // subsections.
    let changed_metadata: Vec<bool> = (0..n)
        .map(|id| {
            site.entries[id].is_section()
                && before[id].is_none_or(|o| {
                    (fresh[id] && old_contents[o] != rendered[id].html) || old.shapes[o].links.1 != shapes[id].links.1
                })
        })
        .collect();
    // Whole objects: their own light object or body changed, their links moved, or a page
    // or neighbour they embed changed.
    let touched = |id: PageId| changed_basic[id] || fresh[id];
    let mut redo = vec![false; n];
    for id in 0..n {
        let e = &site.entries[id];
        redo[id] = touched(id)
            || before[id].is_none_or(|o| old.shapes[o].links != shapes[id].links)
            || e.pages.iter().any(|&p| touched(p))
            || e.lower.is_some_and(|p| changed_basic[p])
            || e.higher.is_some_and(|p| changed_basic[p]);
    }
    // Whole objects are composed when a render needs them: keep their parts up to date.
    let contents: Vec<String> = (0..n)
        .map(|id| match before[id] {
            Some(o) if !fresh[id] => std::mem::take(&mut old_contents[o]),
            _ => std::mem::take(&mut rendered[id].html),
        })
        .collect();
    let tree: Vec<context::Shape> = (0..n).into_par_iter().map(|id| context::shape(site, id)).collect();
    let mut dirty = Dirty::default();
    let now: BTreeSet<Key> = (0..n).map(|id| key_of(site, id)).collect();
    for key in old.ids.keys().filter(|k| !now.contains(*k)) {
        dirty.basic.insert(key.clone());
        dirty.full.insert(key.clone());
        dirty.tocs.insert(key.clone());
    }
    for id in 0..n {
        if changed_basic[id] || changed_metadata[id] {
            dirty.basic.insert(key_of(site, id));
        }
        if changed_basic[id] || redo[id] {
            dirty.full.insert(key_of(site, id));
        }
        // A section's pages as links: one came, went or moved, or its title or address changed.
        let e = &site.entries[id];
        if before[id].is_none_or(|o| old.shapes[o].links.0 != shapes[id].links.0)
            || e.pages.iter().any(|&p| changed_link[p])
        {
            dirty.tocs.insert(key_of(site, id));
        }
    }
    let taxes = taxonomies(site, &basics);
    dirty.taxonomies = taxes != data.taxonomies;
    data.contents = contents;
    data.shapes = tree;
    data.basics = basics;
    (data.lookup, data.paths) = context::lookups(site);
    (data.taxonomies, data.term_pages) = (taxes, context::term_pages(site));
    let review = std::sync::Arc::new(crate::templates::review::ReviewData::of(site));
    (dirty.review, data.review) = (review != data.review, review);
    (data, dirty)
}
