//! The fast path for changed `content/*.md` files (and changed `static/` files): see the
//! module docs of [`super`].

use std::collections::{BTreeSet, HashMap};
use std::path::PathBuf;
use std::sync::Arc;

use rayon::prelude::*;

use super::data::{self, Old};
use super::{Outcome, State, Summary, sources};
use crate::build::{self, Report, Timings};
use crate::content::AnchorLinks;
use crate::output::reads::{self, Key, key_of};
use crate::output::{self, Shared, Staging};
use crate::redact::Mode;
use crate::site::{self, PageId};

/// What the old build knew of an entry, before its page moves into the new index.
struct Before {
    ids: HashMap<Key, PageId>,
    permalinks: Vec<String>,
    anchors: Vec<AnchorLinks>,
    has_assets: Vec<bool>,
}

impl State {
    pub(super) fn update_content(mut self, md: &BTreeSet<PathBuf>, statics: Vec<(String, Vec<u8>)>) -> Outcome {
        let mut phases = Timings::start();
        for p in md {
            let abs = self.kept.config.root.join(p);
            if abs.is_file() {
                self.files.insert(abs);
            } else {
                self.files.remove(&abs);
            }
        }
        let all: Vec<PathBuf> = self.files.iter().cloned().collect();
        let drafts = self.options.drafts || self.options.mode == Mode::Internal;
        let k = &mut self.kept;
        let reloaded = match sources::reload(&k.config, &k.settings, drafts, md, &all) {
            Err(sources::Refusal(why)) => return Outcome::Full(why),
            Ok(Err(f)) => return f.into(),
            Ok(Ok(r)) => r,
        };
        if let Err(sources::Refusal(why)) = sources::check(&k.records, &reloaded.records, md) {
            return Outcome::Full(why);
        }
        if reloaded.pages.iter().any(|p| !p.source().assets.is_empty()) {
            return Outcome::Full("a page with co-located files changed".into());
        }
        phases.mark("read and redact");
        k.records.replace(md, reloaded.records);

        let old_site = &k.site;
        let before = Before {
            ids: (0..old_site.entries.len()).map(|id| (key_of(old_site, id), id)).collect(),
            permalinks: old_site.entries.iter().map(|e| e.permalink.clone()).collect(),
            anchors: (0..old_site.entries.len()).map(|id| build::anchor_links(old_site, id)).collect(),
            has_assets: old_site.entries.iter().map(|e| !e.page.source().assets.is_empty()).collect(),
        };
        let old_paths: HashMap<Key, String> =
            before.ids.iter().map(|(k, &id)| (k.clone(), old_site.entries[id].path.clone())).collect();
        let shapes: Vec<data::Shape> =
            (0..old_site.entries.len()).into_par_iter().map(|id| data::shape(old_site, id)).collect();
        let mut changed = reads::touched_keys(old_site, md);
        let withheld = old_site.withheld.clone();
        let entries = std::mem::take(&mut k.site.entries);
        if entries.iter().any(|e| md.contains(&e.page.source().path) && !e.page.source().assets.is_empty()) {
            return Outcome::Full("a page with co-located files changed".into());
        }
        let mut pages: Vec<_> =
            entries.into_iter().map(|e| e.page).filter(|p| !md.contains(&p.source().path)).collect();
        pages.extend(reloaded.pages);
        let pages = match sources::assemble(pages) {
            Ok(p) => p,
            Err(d) => return d.into(),
        };
        let site = match site::index(pages, k.config.clone(), withheld) {
            Ok(s) => s,
            Err(d) => return d.into(),
        };
        phases.mark("index");
        let n = site.entries.len();
        let old_of: Vec<Option<PageId>> = (0..n).map(|id| before.ids.get(&key_of(&site, id)).copied()).collect();
        for (id, old) in old_of.iter().enumerate() {
            let moved = old.is_none_or(|_| old_paths.get(&key_of(&site, id)) != Some(&site.entries[id].path));
            if moved && (old.is_some_and(|o| before.has_assets[o]) || !site.entries[id].page.source().assets.is_empty())
            {
                return Outcome::Full("a page with co-located files moved".into());
            }
        }

        // Stage 4: the changed bodies, those whose `@/` targets moved or went, and those whose
        // content looked up an entry that changed, came or went.
        let path_now = |k: &Key| site.id(&k.0, &k.1).map(|i| site.entries[i].path.as_str());
        changed.extend(reads::touched_keys(&site, md));
        let stale: Vec<PageId> = (0..n)
            .filter(|&id| match old_of[id] {
                None => true,
                Some(o) => {
                    md.contains(&site.entries[id].page.source().path)
                        || before.permalinks[o] != site.entries[id].permalink
                        || before.anchors[o] != build::anchor_links(&site, id)
                        || k.targets[o].links.iter().any(|k| old_paths.get(k).map(String::as_str) != path_now(k))
                        || k.targets[o].looked_up(&changed)
                }
            })
            .collect();
        let bodies = match build::render_entries(&site, &k.templates, &k.i18n, &k.highlighter, &stale) {
            Ok(b) => b,
            Err(d) => return d.into(),
        };
        let mut fresh = vec![false; n];
        let mut new_bodies: HashMap<PageId, _> = HashMap::new();
        let mut warnings = Vec::new();
        for (&id, b) in stale.iter().zip(bodies) {
            fresh[id] = true;
            warnings.extend(b.warnings);
            new_bodies.insert(id, (b.rendered, b.targets));
        }
        let mut old_rendered = std::mem::take(&mut k.rendered);
        let mut old_targets = std::mem::take(&mut k.targets);
        let mut rendered = Vec::with_capacity(n);
        let mut targets = Vec::with_capacity(n);
        for (id, old) in old_of.iter().enumerate() {
            let (r, t) = match (new_bodies.remove(&id), *old) {
                (Some(b), _) => b,
                (None, Some(o)) => (std::mem::take(&mut old_rendered[o]), std::mem::take(&mut old_targets[o])),
                (None, None) => Default::default(),
            };
            rendered.push(r);
            targets.push(t);
        }
        let anchors = build::check_anchors(&site, &rendered.iter().collect::<Vec<_>>());
        if anchors.has_errors() {
            return anchors.into();
        }
        phases.mark("markdown");

        // Stage 5's data, and what changed in it.
        let old = Old { ids: before.ids, shapes };
        let (data, dirty) = data::update(&site, &mut rendered, &fresh, &old, std::mem::take(&mut k.data));
        phases.mark("template data");
        // Stage 6: the jobs the change touches.
        let data = Arc::new(data);
        let renderer = k.templates.renderer(k.config.clone(), data.clone(), k.i18n.clone());
        let shared = Shared { site: &site, data: &data, i18n: &k.i18n, mode: self.options.mode };
        let plan = match output::plan(&shared, &renderer) {
            Ok(p) => p,
            Err(d) => return d.into(),
        };
        phases.mark("plan");
        let todo = reads::to_render(&site, &plan, &k.jobs, &dirty);
        phases.mark("select");
        let made = match reads::render_all(&shared, &renderer, &todo) {
            Ok(m) => m,
            Err(d) => return d.into(),
        };
        phases.mark("render");
        let planned: BTreeSet<&str> = plan.iter().map(|(rel, _)| rel.as_str()).collect();
        let rendered_again = made.len();
        let mut records = HashMap::new();
        let mut files: Vec<(String, Vec<u8>)> = Vec::with_capacity(made.len() + statics.len());
        for m in made {
            records.insert(m.rel.clone(), m.record.unwrap_or_default());
            files.push((m.rel, m.bytes));
        }
        files.extend(statics);
        let gone = k.jobs.keys().filter(|r| !planned.contains(r.as_str()));
        k.secrets = match self.options.mode {
            Mode::Public => k.records.secrets(),
            Mode::Internal => Default::default(),
        };
        let (written, gone) = match Staging::apply(&k.config.output_dir, &files, gone, self.options.mode, &k.secrets) {
            Ok(changes) => changes,
            Err(f) => return f.into(),
        };
        phases.mark("write");
        drop(renderer);
        let Ok(data) = Arc::try_unwrap(data) else {
            return Outcome::Full("the template data is still in use".into());
        };
        k.jobs.retain(|rel, _| planned.contains(rel.as_str()));
        k.jobs.extend(records);

        let summary =
            Summary { bodies: stale.len(), rendered: rendered_again, written: written.len(), removed: gone.len() };
        let keys: BTreeSet<Key> = (0..n).map(|id| key_of(&site, id)).collect();
        let redactions = k.records.log(&keys).with_urls(crate::build::page_urls(&site));
        let mut report = Report::new(k.config.clone(), n, warnings, redactions, self.options.mode, Default::default());
        self.search_stale |= written.iter().any(|rel| rel.ends_with(".html")) || !gone.is_empty();
        (k.site, k.rendered, k.targets, k.data) = (site, rendered, targets, data);
        phases.mark("finish");
        report.timings = phases;
        Outcome::Done(Box::new(self), Box::new(report), summary)
    }
}
