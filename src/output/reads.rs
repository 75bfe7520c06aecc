//! Rendering one output job, and what it read: the pages, sections, taxonomies and files
//! behind each output file, declared here beside the render itself ([`Job::render`]), so that
//! `cahier serve` renders again exactly the files a change touches.
//!
//! Input: the output plan ([`super::plan`]), the [`Site`] and the recorder of the
//! template functions ([`crate::templates::functions::recording`]). Output: for each output
//! file, a [`JobRecord`]: a signature of the job (its kind and the keys of the entries it
//! is about, so that it survives entry ids shifting) and the entries it depends on, at two
//! levels (the light object only, or the whole object), and the sections whose pages it lists
//! as links. Failure: a template error is a [`Diagnostic`] naming the page and template, as in
//! a full build.

use std::collections::{BTreeMap, BTreeSet};

use rayon::prelude::*;

use super::{FeedOf, Job, Shared, minify};
use crate::diag::{Diagnostic, Diagnostics};
use crate::site::{PageId, Site};
use crate::templates::Renderer;
use crate::templates::functions::{Recorded, recording};

/// An entry across builds: `(key, language)`.
pub type Key = (String, String);

/// What an output file was made from.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct JobRecord {
    /// The job's kind and the keys of its entries.
    pub sig: String,
    /// Entries whose whole object (with content, pages, neighbours) the output shows.
    pub full: BTreeSet<Key>,
    /// Entries whose light object (title, path, dates, …) the output shows, and sections it
    /// fetched with `get_section(metadata_only=true)` (their light object, content and
    /// subsections).
    pub basic: BTreeSet<Key>,
    /// Sections whose pages the output lists as links (`get_section_pages`).
    pub tocs: BTreeSet<Key>,
    /// It reads the taxonomies.
    pub taxonomies: bool,
    /// It reads files of the site (cachebust, `get_hash`, `load_data`).
    pub files: bool,
    /// It shows the reviewers' marks, which depend on every entry's.
    pub review: bool,
    /// It lists every entry of a language (a feed: `Some(lang)`) or of the site (the
    /// sitemap: `Some("")`): a change of one renders it.
    pub listing: Option<String>,
}

/// What changed between two builds, for [`JobRecord::touched`].
#[derive(Debug, Default)]
pub struct Dirty {
    /// Entries whose light object changed (or that appeared or went), and sections whose
    /// content or subsections changed.
    pub basic: BTreeSet<Key>,
    /// Entries whose whole object changed (a superset of `basic`).
    pub full: BTreeSet<Key>,
    /// Sections whose pages as links changed: one came, went or moved, or its title or
    /// address changed (a subset of `full`).
    pub tocs: BTreeSet<Key>,
    /// The taxonomy values changed.
    pub taxonomies: bool,
    /// The reviewers' marks changed.
    pub review: bool,
}

impl Dirty {
    pub fn is_empty(&self) -> bool {
        self.full.is_empty() && self.basic.is_empty() && self.tocs.is_empty() && !self.taxonomies && !self.review
    }
}

impl JobRecord {
    /// Whether the change `dirty` can change this output.
    pub fn touched(&self, dirty: &Dirty) -> bool {
        self.listing.as_deref().is_some_and(|l| dirty.full.iter().any(|(_, lang)| l.is_empty() || lang == l))
            || (self.taxonomies && dirty.taxonomies)
            || (self.review && dirty.review)
            || self.full.iter().any(|k| dirty.full.contains(k))
            || self.basic.iter().any(|k| dirty.basic.contains(k))
            || self.tocs.iter().any(|k| dirty.tocs.contains(k))
    }
}

/// The key of an entry.
pub fn key_of(site: &Site, id: PageId) -> Key {
    let e = &site.entries[id];
    (e.key().to_string(), e.lang().to_string())
}

/// The job's signature: what it makes, with entries named by key.
pub fn signature(site: &Site, job: &Job) -> String {
    let k = |id: PageId| {
        let (key, lang) = key_of(site, id);
        format!("{key}|{lang}")
    };
    match job {
        Job::Entry { id, pager } => format!("entry {} {pager}", k(*id)),
        Job::Print { id } => format!("print {}", k(*id)),
        Job::Missing { id, lang } => format!("missing {} {lang}", k(*id)),
        Job::TaxonomyList { tax } => {
            let t = &site.taxonomies[*tax];
            format!("taxonomy {} {}", t.lang, t.config.name)
        }
        Job::TaxonomyTerm { tax, term, pager } => {
            let t = &site.taxonomies[*tax];
            let slug = t.terms.get(*term).map_or("", |t| t.slug.as_str());
            format!("term {} {} {slug} {pager}", t.lang, t.config.name)
        }
        other => format!("{other:?}"),
    }
}

/// The record of a job just rendered: what its kind implies plus what its render looked up.
pub fn record(site: &Site, job: &Job, recorded: &Recorded) -> JobRecord {
    let mut r = JobRecord { sig: signature(site, job), ..JobRecord::default() };
    let entry = |id: PageId, r: &mut JobRecord| {
        let e = &site.entries[id];
        r.full.insert(key_of(site, id));
        for &a in e.ancestors.iter().chain(&e.translations) {
            r.basic.insert(key_of(site, a));
        }
        // A section's "date modified" is the latest of the pages below it.
        if e.is_section() {
            let below = site.entries.iter().enumerate().filter(|(_, d)| d.ancestors.contains(&id));
            r.basic.extend(below.map(|(d, _)| key_of(site, d)));
        }
    };
    match job {
        Job::Entry { id, pager } => {
            entry(*id, &mut r);
            if *pager > 0 || is_paginated(site, *id) {
                for &p in &site.entries[*id].pages {
                    r.full.insert(key_of(site, p));
                }
            }
        }
        Job::Print { id } => {
            entry(*id, &mut r);
            for &p in &site.entries[*id].pages {
                r.full.insert(key_of(site, p));
            }
            for &t in &site.entries[*id].translations {
                r.full.insert(key_of(site, t));
            }
        }
        Job::Missing { id, .. } => entry(*id, &mut r),
        Job::TaxonomyList { .. } => r.taxonomies = true,
        // A term's page shows its pages whole.
        Job::TaxonomyTerm { tax, term, .. } => {
            r.taxonomies = true;
            for &p in &site.taxonomies[*tax].terms[*term].pages {
                r.full.insert(key_of(site, p));
            }
        }
        // Their "date modified" is the latest of a language's pages, or of the site's.
        Job::Sitemap | Job::Splash | Job::NotFound { root: true, .. } => r.listing = Some(String::new()),
        Job::NotFound { lang, .. } | Job::Search { lang } => r.listing = Some(lang.clone()),
        // A feed reads its pages: a change to any page of its language re-writes it.
        Job::Feed { of, .. } => {
            let lang = match of {
                FeedOf::Language(lang) => lang.as_str(),
                FeedOf::Section(id) => site.entries[*id].lang(),
                FeedOf::Term { tax, .. } => site.taxonomies[*tax].lang.as_str(),
            };
            r.listing = Some(lang.to_string());
            r.taxonomies |= matches!(of, FeedOf::Term { .. });
        }
        _ => {}
    }
    let keys = |ids: &BTreeSet<usize>| {
        ids.iter().filter(|&&id| id < site.entries.len()).map(|&id| key_of(site, id)).collect::<Vec<_>>()
    };
    r.full.extend(keys(&recorded.ids));
    r.basic.extend(keys(&recorded.basics));
    r.basic.extend(recorded.keys.iter().cloned());
    r.tocs.extend(keys(&recorded.tocs));
    r.taxonomies |= recorded.taxonomies;
    r.files |= recorded.files;
    r.review |= recorded.review;
    r
}

fn is_paginated(site: &Site, id: PageId) -> bool {
    matches!(&site.entries[id].page.source().front, crate::content::Front::Section(s) if s.paginate_by.is_some_and(|n| n > 0))
}

/// What each output file (by relative path) read.
pub type Records = BTreeMap<String, JobRecord>;

/// One output file, rendered.
pub struct Made {
    pub rel: String,
    pub bytes: Vec<u8>,
    /// What it read (when asked for).
    pub record: Option<JobRecord>,
}

/// Renders one job under the recorder, minified as configured; with `keep`, with its record.
pub fn render(shared: &Shared<'_>, renderer: &Renderer, rel: &str, job: &Job, keep: bool) -> Result<Made, Diagnostic> {
    let (bytes, record) = if keep {
        let (bytes, recorded) = recording(|| job.render(shared, renderer));
        (bytes?, Some(record(shared.site, job, &recorded)))
    } else {
        (job.render(shared, renderer)?, None)
    };
    let bytes = if shared.config().minify_html && rel.ends_with(".html") { minify(&bytes) } else { bytes };
    Ok(Made { rel: rel.to_string(), bytes, record })
}

/// Renders the jobs `jobs` in parallel, each with its record, into memory.
pub fn render_all(shared: &Shared<'_>, renderer: &Renderer, jobs: &[&(String, Job)]) -> Result<Vec<Made>, Diagnostics> {
    crate::diag::gather(jobs.par_iter().map(|(rel, job)| render(shared, renderer, rel, job, true)).collect::<Vec<_>>())
}

/// Which planned jobs to render: new or changed jobs, and jobs the change touches.
pub fn to_render<'a>(
    site: &Site,
    plan: &'a [(String, Job)],
    old: &BTreeMap<String, JobRecord>,
    dirty: &Dirty,
) -> Vec<&'a (String, Job)> {
    plan.iter()
        .filter(|(rel, job)| match old.get(rel) {
            None => true,
            Some(r) => r.sig != signature(site, job) || r.touched(dirty),
        })
        .collect()
}

/// The entries of `site` whose file is among `md`, with what shows them: their section and
/// neighbours (whose objects list them).
pub fn touched_keys(site: &Site, md: &BTreeSet<std::path::PathBuf>) -> BTreeSet<Key> {
    let mut keys = BTreeSet::new();
    for (id, e) in site.entries.iter().enumerate() {
        if md.contains(&e.page.source().path) {
            keys.insert(key_of(site, id));
            keys.extend(e.parent.iter().chain(e.lower.iter()).chain(e.higher.iter()).map(|&o| key_of(site, o)));
        }
    }
    keys
}
