//! `cahier serve`'s own work: the state kept between rebuilds, noticing what a change
//! touches, and redoing only that. The stages themselves are the build's.
//!
//! 1. [`State::full`] runs the build's driver ([`crate::build::run`]) asking it to keep each
//!    stage's output and what each output file read ([`crate::output::reads`]): a
//!    [`Kept`], which the state holds.
//! 2. [`State::update`] takes the site-relative paths that changed. `content/*.md` files are
//!    read and redacted again alone, and (public builds) their translation pairs checked as a
//!    build checks them ([`sources`]); a changed `static/` file is scanned for redaction
//!    markers as a build scans it; the index is redone (it is cheap); only the
//!    bodies of changed pages, of pages whose `@/` targets moved, and of pages whose content
//!    looked up a changed page ([`crate::build::Targets`]), render again; only the
//!    template values whose inputs changed are rebuilt and compared to find the dirty entries
//!    ([`data`]); only the output files that show a dirty entry render again; only files whose
//!    bytes changed are staged, audited and moved in, each by an atomic rename (the build's
//!    [`crate::output::Staging`], in its update form). The search index is refreshed later
//!    ([`State::refresh_search`]).
//!
//! Failure: content errors and audit hits are a [`Failure`] as in a full build, and nothing
//! is written (the state is then dropped: the next build is a full one). Whatever the fast
//! path cannot be sure of (config, templates, themes, i18n, assets, a page withheld or
//! released, new redacted text in a public build, a home section appearing) is
//! [`Outcome::Full`]: the caller builds the whole site. Redaction fails closed: a public
//! update audits every file it writes, against every secret of the site.

pub mod data;
pub mod sources;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use crate::build::{self, BuildOptions, Failure, Kept, Report};
use crate::content;
use crate::diag::Diagnostics;
use crate::output::Shared;

/// Everything the last good build made, kept for the next change.
pub struct State {
    options: BuildOptions,
    /// Every stage's output, and what each output file read.
    kept: Kept,
    /// Every file below `content/`, absolute.
    files: BTreeSet<PathBuf>,
    /// Pages were written since the search index was built.
    search_stale: bool,
}

/// What an update did.
#[derive(Debug, Default, Clone, Copy)]
pub struct Summary {
    /// Bodies rendered again (Markdown).
    pub bodies: usize,
    /// Output files rendered again (templates).
    pub rendered: usize,
    /// Files written (bytes changed) and removed.
    pub written: usize,
    pub removed: usize,
}

/// The result of [`State::update`].
pub enum Outcome {
    Done(Box<State>, Box<Report>, Summary),
    /// The fast path cannot be sure: build the whole site (the reason says why).
    Full(String),
    Failed(Failure),
}

impl From<Failure> for Outcome {
    fn from(f: Failure) -> Self {
        Outcome::Failed(f)
    }
}

impl From<Diagnostics> for Outcome {
    fn from(d: Diagnostics) -> Self {
        Outcome::Failed(Failure::Content(d))
    }
}

impl State {
    /// Builds the whole site into `options.output_dir` with the build's own driver
    /// ([`build::run`]), keeping what it made.
    pub fn full(options: &BuildOptions) -> Result<(State, Report), Failure> {
        let (report, kept) = build::run(options, true)?;
        let Some(kept) = kept else { return Err(anyhow::anyhow!("the build kept nothing").into()) };
        let files: BTreeSet<PathBuf> = content::files(&kept.config)?.into_iter().collect();
        Ok((State { options: options.clone(), kept, files, search_stale: false }, report))
    }

    /// The folder this state's build is served from.
    pub fn output_dir(&self) -> &Path {
        &self.kept.config.output_dir
    }

    /// Whether pages changed since the search index was built.
    pub fn search_stale(&self) -> bool {
        self.search_stale
    }

    /// Builds the search index of the whole site again, from the served pages.
    pub fn refresh_search(&mut self) -> Result<(), Failure> {
        let k = &self.kept;
        let shared = Shared { site: &k.site, data: &k.data, i18n: &k.i18n, mode: self.options.mode };
        crate::search::refresh::refresh(&shared, &k.config.output_dir, &k.secrets)?;
        self.search_stale = false;
        Ok(())
    }

    /// Applies the change of the site-relative paths `changed` to the served folder.
    pub fn update(self, changed: &BTreeSet<PathBuf>) -> Outcome {
        let mut md = BTreeSet::new();
        let mut statics = Vec::new();
        let reads_files = self.kept.jobs.values().any(|j| j.files);
        for p in changed {
            let text = p.to_string_lossy();
            if p.starts_with("content") && self.unread(p) {
                continue;
            }
            if p.starts_with("content") && text.ends_with(".md") && !is_home(p) {
                md.insert(p.clone());
            } else if p.starts_with("static") && !reads_files && self.kept.config.root.join(p).is_file() {
                statics.push(p.clone());
            } else {
                return Outcome::Full(format!("{text} changed"));
            }
        }
        let static_files = match self.static_files(&statics) {
            Ok(f) => f,
            Err(f) => return Outcome::Failed(f),
        };
        self.update_content(&md, static_files)
    }

    /// A file below `content/` that no build reads: hidden, or matched by `ignored_content`.
    fn unread(&self, p: &Path) -> bool {
        let rel = p.strip_prefix("content").unwrap_or(p);
        rel.components().any(|c| c.as_os_str().to_string_lossy().starts_with('.'))
            || self.kept.config.ignored_content.is_match(rel)
    }

    /// The bytes of changed `static/` files, by output path (hidden and ignored ones left out,
    /// as a full build does).
    /// A marker in one of them is refused at its place, as a full build refuses it.
    fn static_files(&self, statics: &[PathBuf]) -> Result<Vec<(String, Vec<u8>)>, Failure> {
        let config = &self.kept.config;
        let found = crate::redact::stray::scan_files(&config.root, statics.iter().map(|p| config.root.join(p)));
        if !found.is_empty() {
            return Err(Diagnostics::from_iter(found).into());
        }
        let mut out = Vec::new();
        for p in statics {
            let Ok(rel) = p.strip_prefix("static") else { continue };
            if !crate::output::is_published(config, rel) {
                continue;
            }
            let abs = config.root.join(p);
            let bytes = std::fs::read(&abs).map_err(|e| anyhow::anyhow!("cannot read {}: {e}", abs.display()))?;
            out.push((rel.to_string_lossy().replace('\\', "/"), bytes));
        }
        Ok(out)
    }
}

/// `content/_index.md` and its translations: a home section can be implicit, which the fast
/// path does not track.
fn is_home(p: &Path) -> bool {
    p.parent() == Some(Path::new("content"))
        && p.file_name().and_then(|n| n.to_str()).is_some_and(|n| n.starts_with("_index."))
}

mod update;
