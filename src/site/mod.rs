//! Stage 3, index: pair translations, build the section tree per language, resolve URLs,
//! sort pages, gather taxonomies.
//!
//! Input: the [`RedactedPage`]s (so sorting by title and taxonomy terms only see redacted
//! text) and the keys of withheld pages. Output: [`Site`], every page and section as an
//! [`Entry`] with its URL and its place in the tree, looked up by `(key, language)`.
//! Failure: [`Diagnostics`] for two pages that would be written to the same URL, and for a
//! taxonomy that the language does not configure.

pub mod taxonomy;
pub mod urls;

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::Arc;

use crate::config::Config;
use crate::content::{Front, Kind, SortBy};
use crate::diag::{Diagnostic, Diagnostics};
use crate::redact::RedactedPage;
pub use taxonomy::{TaxonomyIndex, Term};

/// Index of an entry in [`Site::entries`].
pub type PageId = usize;

/// A page or section and its place in the site.
#[derive(Debug)]
pub struct Entry {
    pub page: RedactedPage,
    /// URL path, `/fr/cahiers/x/`.
    pub path: String,
    pub permalink: String,
    /// The last segment of the path.
    pub slug: String,
    pub components: Vec<String>,
    /// The section this entry belongs to (for a section: its parent section).
    pub parent: Option<PageId>,
    /// Sections from the language's root down to `parent`.
    pub ancestors: Vec<PageId>,
    /// The other languages' versions of this entry, by language code.
    pub translations: Vec<PageId>,
    /// Sections: their pages, sorted by the section's `sort_by` (transparent subsections'
    /// pages included).
    pub pages: Vec<PageId>,
    /// Sections: their subsections, by weight then path.
    pub subsections: Vec<PageId>,
    /// Pages: the neighbours in their section's order (Zola's `lower` and `higher`).
    pub lower: Option<PageId>,
    pub higher: Option<PageId>,
}

impl Entry {
    pub fn lang(&self) -> &str {
        &self.page.source().lang
    }

    pub fn key(&self) -> &str {
        &self.page.source().key
    }

    pub fn is_section(&self) -> bool {
        self.page.source().kind == Kind::Section
    }

    pub fn title(&self) -> Option<&str> {
        self.page.source().front.title()
    }
}

/// The indexed site.
#[derive(Debug)]
pub struct Site {
    pub config: Arc<Config>,
    pub entries: Vec<Entry>,
    lookup: HashMap<(String, String), PageId>,
    /// Taxonomies per language, in config order.
    pub taxonomies: Vec<TaxonomyIndex>,
    /// `(key, language)` of pages withheld from this build.
    pub withheld: BTreeSet<(String, String)>,
    /// Keys of pages that dropped out with an error (the build fails with it): links to
    /// them are not reported again.
    pub dropped: BTreeSet<String>,
}

impl Site {
    /// The entry of `key` in `lang`.
    pub fn id(&self, key: &str, lang: &str) -> Option<PageId> {
        self.lookup.get(&(key.to_string(), lang.to_string())).copied()
    }

    pub fn get(&self, key: &str, lang: &str) -> Option<&Entry> {
        self.id(key, lang).map(|id| &self.entries[id])
    }

    /// The root section of a language (its home page), if there is one.
    pub fn home(&self, lang: &str) -> Option<PageId> {
        self.id("_index.md", lang)
    }
}

/// Builds the site index.
pub fn index(
    pages: Vec<RedactedPage>,
    config: Arc<Config>,
    withheld: BTreeSet<(String, String)>,
) -> Result<Site, Diagnostics> {
    let paths = urls::paths(&pages, &config);
    let mut diags = Diagnostics::new();
    let mut by_path: BTreeMap<&str, &RedactedPage> = BTreeMap::new();
    for (p, path) in pages.iter().zip(&paths) {
        if let Some(other) = by_path.insert(path, p) {
            // Each URL comes from `path`, else `slug`, else the file's name (line 1).
            let place = |page: &RedactedPage| page.source().front_key_location(&["path", "slug"]);
            let ((line, col), (other_line, other_col)) = (place(p), place(other));
            diags.push(Diagnostic::error(
                &p.source().path,
                line,
                col,
                format!(
                    "this page would be written to `{path}`, as {}:{other_line}:{other_col} is: give one of them \
                     another `slug` or `path`",
                    other.source().path.display()
                ),
            ));
        }
    }
    let mut entries: Vec<Entry> = pages
        .into_iter()
        .zip(paths)
        .map(|(page, path)| {
            let components: Vec<String> = path.split('/').filter(|s| !s.is_empty()).map(str::to_string).collect();
            Entry {
                permalink: config.permalink(&path),
                slug: components.last().cloned().unwrap_or_default(),
                components,
                path,
                page,
                parent: None,
                ancestors: Vec::new(),
                translations: Vec::new(),
                pages: Vec::new(),
                subsections: Vec::new(),
                lower: None,
                higher: None,
            }
        })
        .collect();
    let lookup: HashMap<(String, String), PageId> =
        entries.iter().enumerate().map(|(i, e)| ((e.key().to_string(), e.lang().to_string()), i)).collect();
    link_tree(&mut entries, &lookup, config.cahier_pages);
    let taxonomies = match taxonomy::gather(&entries, &config) {
        Ok(t) => t,
        Err(d) => {
            diags.extend(d);
            Vec::new()
        }
    };
    if diags.has_errors() {
        return Err(diags);
    }
    Ok(Site { config, entries, lookup, taxonomies, withheld, dropped: BTreeSet::new() })
}

/// Sets parents, ancestors, translations, section page lists and neighbours. On a plain Zola
/// site (not `cahier_pages`), the pages of a section with no `sort_by` have no neighbours, as
/// in Zola; cahier's binders are in their written order and keep them.
fn link_tree(entries: &mut [Entry], lookup: &HashMap<(String, String), PageId>, cahier_pages: bool) {
    let n = entries.len();
    // The section holding each entry: the nearest `_index.md` above it in its language.
    for entry in entries.iter_mut() {
        let (key, lang) = (entry.key().to_string(), entry.lang().to_string());
        let mut dir = if entry.is_section() || key.ends_with("/index.md") {
            parent_dir(key_dir(&key))
        } else {
            Some(key_dir(&key))
        };
        if key == "_index.md" {
            dir = None;
        }
        while let Some(d) = dir {
            let section_key = if d.is_empty() { "_index.md".to_string() } else { format!("{d}/_index.md") };
            if let Some(&s) = lookup.get(&(section_key, lang.clone())) {
                entry.parent = Some(s);
                break;
            }
            dir = parent_dir(d);
        }
    }
    for id in 0..n {
        let mut chain = Vec::new();
        let mut cur = entries[id].parent;
        while let Some(p) = cur {
            chain.push(p);
            cur = entries[p].parent;
        }
        chain.reverse();
        entries[id].ancestors = chain;
    }
    // Translations: entries sharing a key.
    let mut by_key: BTreeMap<String, Vec<PageId>> = BTreeMap::new();
    for (id, e) in entries.iter().enumerate() {
        by_key.entry(e.key().to_string()).or_default().push(id);
    }
    for ids in by_key.values() {
        for &id in ids {
            entries[id].translations = ids.iter().copied().filter(|&o| o != id).collect();
        }
    }
    // Section children. As in Zola, a section's pages are those of its own folder: not a
    // page with `render = false` (written nowhere), nor an orphan page (in a folder below
    // with no `_index.md`).
    for id in 0..n {
        if let Some(p) = entries[id].parent {
            if entries[id].is_section() {
                entries[p].subsections.push(id);
            } else if listed(&entries[id], key_dir(entries[p].key())) {
                entries[p].pages.push(id);
            }
        }
    }
    for id in 0..n {
        if !entries[id].is_section() {
            continue;
        }
        let mut subs = std::mem::take(&mut entries[id].subsections);
        subs.sort_by(|&a, &b| {
            (section_weight(&entries[a]), &entries[a].path).cmp(&(section_weight(&entries[b]), &entries[b].path))
        });
        entries[id].subsections = subs;
    }
    // Transparent sections lend their pages to their parent (deepest first).
    let mut sections: Vec<PageId> = (0..n).filter(|&i| entries[i].is_section()).collect();
    sections.sort_by_key(|&i| std::cmp::Reverse(entries[i].ancestors.len()));
    for &s in &sections {
        let transparent = matches!(&entries[s].page.source().front, Front::Section(f) if f.transparent);
        if let (true, Some(p)) = (transparent, entries[s].parent) {
            let pages = entries[s].pages.clone();
            entries[p].pages.extend(pages);
        }
    }
    for &s in &sections {
        let (sort_by, transparent) = match &entries[s].page.source().front {
            Front::Section(f) => (f.sort_by, f.transparent),
            Front::Page(_) => (SortBy::None, false),
        };
        let mut pages = std::mem::take(&mut entries[s].pages);
        sort_pages(&mut pages, entries, sort_by);
        if transparent || sort_by == SortBy::None && !cahier_pages {
            entries[s].pages = pages;
            continue;
        }
        // Neighbours come from the section that lists the page (its own, or the one its
        // transparent section lends it to): `lower` is the one before in the section's order
        // and `higher` the one after, whatever the sort (as in Zola, where a date-sorted
        // section's `lower` is the newer page).
        for (i, &p) in pages.iter().enumerate() {
            let prev = i.checked_sub(1).map(|j| pages[j]);
            let next = pages.get(i + 1).copied();
            entries[p].lower = prev;
            entries[p].higher = next;
        }
        entries[s].pages = pages;
    }
}

/// Whether a page is among the pages of the section of folder `section_dir`.
fn listed(page: &Entry, section_dir: &str) -> bool {
    let key = page.key();
    let own_dir = if key.ends_with("/index.md") { key_dir(key_dir(key)) } else { key_dir(key) };
    let rendered = !matches!(&page.page.source().front, Front::Page(f) if !f.render);
    rendered && own_dir == section_dir
}

fn key_dir(key: &str) -> &str {
    key.rsplit_once('/').map_or("", |(d, _)| d)
}

fn parent_dir(dir: &str) -> Option<&str> {
    if dir.is_empty() { None } else { Some(key_dir(dir)) }
}

fn section_weight(e: &Entry) -> i64 {
    match &e.page.source().front {
        Front::Section(f) => f.weight,
        Front::Page(p) => p.weight.unwrap_or(0),
    }
}

/// Sorts pages as Zola does; pages lacking the sort key go last, by path.
fn sort_pages(pages: &mut [PageId], entries: &[Entry], sort_by: SortBy) {
    let page = |id: PageId| match &entries[id].page.source().front {
        Front::Page(p) => Some(p.as_ref()),
        Front::Section(_) => None,
    };
    let path = |id: PageId| entries[id].path.as_str();
    match sort_by {
        SortBy::Date => pages.sort_by(|&a, &b| {
            let (da, db) = (page(a).and_then(|p| p.date.as_ref()), page(b).and_then(|p| p.date.as_ref()));
            match (da, db) {
                (Some(x), Some(y)) => y.value.cmp(&x.value).then_with(|| path(a).cmp(path(b))),
                (Some(_), None) => std::cmp::Ordering::Less,
                (None, Some(_)) => std::cmp::Ordering::Greater,
                (None, None) => path(a).cmp(path(b)),
            }
        }),
        SortBy::UpdateDate => pages.sort_by(|&a, &b| {
            let d = |id| page(id).and_then(|p| p.updated.as_ref().or(p.date.as_ref())).map(|d| d.value);
            d(b).cmp(&d(a)).then_with(|| path(a).cmp(path(b)))
        }),
        SortBy::Weight => pages.sort_by(|&a, &b| {
            let w = |id| page(id).and_then(|p| p.weight).unwrap_or(i64::MAX);
            w(a).cmp(&w(b)).then_with(|| path(a).cmp(path(b)))
        }),
        SortBy::Title | SortBy::TitleBytes => pages.sort_by(|&a, &b| {
            let t = |id: PageId| entries[id].title().unwrap_or("").to_string();
            let (ta, tb) =
                if sort_by == SortBy::Title { (t(a).to_lowercase(), t(b).to_lowercase()) } else { (t(a), t(b)) };
            ta.cmp(&tb).then_with(|| path(a).cmp(path(b)))
        }),
        SortBy::Slug => {
            pages.sort_by(|&a, &b| entries[a].slug.cmp(&entries[b].slug).then_with(|| path(a).cmp(path(b))))
        }
        SortBy::None => pages.sort_by(|&a, &b| path(a).cmp(path(b))),
    }
}

#[cfg(test)]
mod tests;
