//! `cahier serve`'s own work: the state kept between rebuilds, noticing what a change
//! touches, and redoing only that. The stages themselves are the build's.
//!
//! 1. [`State::full`] runs the build's driver ([`crate::build::run`]) asking it to keep each
//!    stage's output and what each output file read ([`crate::output::reads`]).
//! 2. [`State::update`] takes the site-relative paths that changed. `content/*.md` files are
//!    read and redacted again alone ([`sources`]); the index is redone (it is cheap); only the
//!    bodies of changed pages, and of pages whose `@/` targets moved, render again; only the
//!    template values whose inputs changed are rebuilt and compared to find the dirty entries
//!    ([`data`]); only the output files that show a dirty entry render again; only files whose
//!    bytes changed are written, each by an atomic rename ([`crate::output::live`]). The
//!    search index is refreshed later ([`State::refresh_search`]).
//!
//! Failure: content errors and audit hits are a [`Failure`] as in a full build, and nothing
//! is written (the state is then dropped: the next build is a full one). Whatever the fast
//! path cannot be sure of (config, templates, themes, i18n, assets, a page withheld or
//! released, new redacted text in a public build, a home section appearing) is
//! [`Outcome::Full`]: the caller builds the whole site. Redaction fails closed: a public
//! update audits every file it writes, against every secret of the site.

pub mod data;
pub mod sources;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::build::{self, BuildOptions, Failure, Report};
use crate::config::Config;
use crate::content;
use crate::diag::Diagnostics;
use crate::i18n::I18n;
use crate::markdown::Rendered;
use crate::output::Shared;
use crate::output::reads::{JobRecord, Key};
use crate::redact::{self, Secrets};
use crate::site::Site;
use crate::templates::{SiteData, Templates};
use sources::FileRecord;

/// Everything the last good build made, kept for the next change.
pub struct State {
    options: BuildOptions,
    config: Arc<Config>,
    i18n: Arc<I18n>,
    settings: redact::Settings,
    templates: Templates,
    /// Every file below `content/`, absolute.
    files: BTreeSet<PathBuf>,
    /// What redaction found in each content file, by site-relative path.
    records: BTreeMap<PathBuf, FileRecord>,
    site: Site,
    rendered: Vec<Rendered>,
    /// Per entry: the `(key, language)` of every `@/` target its body resolved.
    targets: Vec<BTreeSet<Key>>,
    data: SiteData,
    /// Per output file (relative path): what it was made from.
    jobs: BTreeMap<String, JobRecord>,
    secrets: Secrets,
    /// Pages were written since the search index was built.
    search_stale: bool,
    /// Loaded once: syntect's syntaxes (and the regexes it compiles as it meets them).
    highlighter: Arc<crate::markdown::Highlighter>,
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
        let Some(build::Kept { indexed, rendered, targets, data, jobs }) = kept else {
            return Err(anyhow::anyhow!("the build kept nothing").into());
        };
        let build::Indexed { config, i18n, settings, highlighter, templates, read, redacted, site, .. } = indexed;
        let files: BTreeSet<PathBuf> = content::files(&config)?.into_iter().collect();
        let records = sources::records_of(&read, &redacted);
        let state = State {
            options: options.clone(),
            config,
            i18n,
            settings,
            templates,
            files,
            records,
            site,
            rendered,
            targets,
            data,
            jobs,
            secrets: redacted.secrets,
            search_stale: false,
            highlighter: Arc::new(highlighter),
        };
        Ok((state, report))
    }

    /// The folder this state's build is served from.
    pub fn output_dir(&self) -> &Path {
        &self.config.output_dir
    }

    /// Whether pages changed since the search index was built.
    pub fn search_stale(&self) -> bool {
        self.search_stale
    }

    /// Builds the search index of the whole site again, from the served pages.
    pub fn refresh_search(&mut self) -> Result<(), Failure> {
        let shared = Shared { site: &self.site, data: &self.data, i18n: &self.i18n, mode: self.options.mode };
        crate::search::refresh::refresh(&shared, &self.config.output_dir, &self.secrets)?;
        self.search_stale = false;
        Ok(())
    }

    /// Applies the change of the site-relative paths `changed` to the served folder.
    pub fn update(self, changed: &BTreeSet<PathBuf>) -> Outcome {
        let mut md = BTreeSet::new();
        let mut statics = Vec::new();
        let reads_files = self.jobs.values().any(|j| j.files);
        for p in changed {
            let text = p.to_string_lossy();
            if p.starts_with("content") && self.unread(p) {
                continue;
            }
            if p.starts_with("content") && text.ends_with(".md") && !is_home(p) {
                md.insert(p.clone());
            } else if p.starts_with("static") && !reads_files && self.config.root.join(p).is_file() {
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
            || self.config.ignored_content.is_match(rel)
    }

    /// The bytes of changed `static/` files, by output path (hidden and ignored ones left out,
    /// as a full build does).
    fn static_files(&self, statics: &[PathBuf]) -> Result<crate::output::live::Files, Failure> {
        let mut out = Vec::new();
        for p in statics {
            let Ok(rel) = p.strip_prefix("static") else { continue };
            if !crate::output::is_published(&self.config, rel) {
                continue;
            }
            let abs = self.config.root.join(p);
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
