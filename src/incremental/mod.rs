//! Incremental rebuilds for `cahier serve`: the state of the last good build kept in memory,
//! and a fast path that redoes only what a change of content touches.
//!
//! 1. [`State::full`] runs every stage, like [`crate::build::build`], and keeps what each
//!    stage produced: the config, UI strings, templates, the redaction record of each content
//!    file, the indexed [`Site`], the rendered bodies (with the `@/` targets each resolved),
//!    the template data, and for each output file what it was made from ([`jobs`]).
//! 2. [`State::update`] takes the site-relative paths that changed. `content/*.md` files are
//!    read and redacted again alone ([`sources`]); the index is redone (it is cheap); only the
//!    bodies of the changed pages, and of pages whose `@/` targets moved, are rendered again;
//!    only the template values whose inputs changed are rebuilt, and compared with the old
//!    ones to find the dirty entries ([`data`]); only the output files that show a dirty
//!    entry (recorded while they rendered, `get_page` & co. included) render again; only the
//!    files whose bytes changed are written, each by an atomic rename ([`write`]). `static/`
//!    files are copied alone. The search index is not rebuilt here: the caller refreshes it
//!    afterwards ([`State::refresh_search`]), so the reload does not wait for it.
//!
//! Failure: content errors and audit hits are a [`Failure`] as in a full build, and nothing
//! is written (the state is then dropped: the next build is a full one). Whatever the fast
//! path cannot be sure of (config, templates, themes, i18n, assets, a page withheld or
//! released, new redacted text in a public build, a home section appearing) is
//! [`Outcome::Full`]: the caller builds the whole site. Redaction fails closed: a public
//! update audits every file it writes, against every secret of the site.

pub mod data;
pub mod jobs;
pub mod sources;
pub mod write;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::build::{self, BuildOptions, Failure, Report};
use crate::config::Config;
use crate::content;
use crate::diag::{Diagnostic, Diagnostics};
use crate::i18n::I18n;
use crate::markdown::Rendered;
use crate::output::{self, Shared, Staging};
use crate::redact::{self, Mode, Secrets};
use crate::site::{PageId, Site};
use crate::templates::{SiteData, Templates};
use jobs::{JobRecord, Key};
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
    Done(Box<State>, Report, Summary),
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

/// A body rendered, its warnings and the `@/` targets it resolved.
type Body = (Rendered, Vec<Diagnostic>, BTreeSet<Key>);

/// Stage 4 for `ids`, with the targets each body resolved.
fn render_bodies(
    site: &Site,
    templates: &Templates,
    i18n: &Arc<I18n>,
    highlighter: &crate::markdown::Highlighter,
    ids: &[PageId],
) -> Result<Vec<Body>, Diagnostics> {
    let bodies = crate::diag::gather(build::render_entries(site, templates, i18n, highlighter, ids))?;
    let with_targets = |(page, warnings, recorded): build::Rendered4| {
        let mut targets: BTreeSet<Key> = page.internal_links.iter().map(|l| (l.key.clone(), l.lang.clone())).collect();
        targets.extend(recorded.keys);
        (page, warnings, targets)
    };
    Ok(bodies.into_iter().map(with_targets).collect())
}

impl State {
    /// Builds the whole site into `options.output_dir` (through a staging folder, as
    /// [`build::build`] does) and keeps what it made.
    pub fn full(options: &BuildOptions) -> Result<(State, Report), Failure> {
        let build::Indexed { config, i18n, settings, highlighter, templates, read, redacted, site, problems } =
            build::index(options, &mut Default::default())?;
        if problems.has_errors() {
            return Err(problems.into());
        }
        let highlighter = Arc::new(highlighter);
        let files: BTreeSet<PathBuf> = content::files(&config)?.into_iter().collect();
        let records = sources::records_of(&read, &redacted);
        let (secrets, log) = (redacted.secrets, redacted.log);
        let ids: Vec<PageId> = (0..site.entries.len()).collect();
        let bodies = render_bodies(&site, &templates, &i18n, &highlighter, &ids)?;
        let mut warnings = Vec::new();
        let mut rendered = Vec::with_capacity(bodies.len());
        let mut targets = Vec::with_capacity(bodies.len());
        for (r, w, t) in bodies {
            rendered.push(r);
            warnings.extend(w);
            targets.push(t);
        }
        let anchors = build::check_anchors(&site, &rendered);
        if anchors.has_errors() {
            return Err(anchors.into());
        }
        let data = Arc::new(crate::templates::context::site_data(&site, &mut rendered));
        let renderer = templates.renderer(config.clone(), data.clone(), i18n.clone());
        let shared = Shared { site: &site, data: &data, i18n: &i18n, mode: options.mode };
        let plan = output::plan(&shared, &renderer)?;
        let made = jobs::render(&shared, &renderer, &plan.iter().collect::<Vec<_>>())?;
        let staging = Staging::new(&config.output_dir)?;
        let written = (|| -> Result<(), Failure> {
            for m in &made {
                staging.write(&m.rel, &m.bytes)?;
            }
            output::copy_static(&shared, &staging, output::highlight_css(&shared))?;
            crate::search::run(&shared, &staging)?;
            if options.mode == Mode::Public {
                build::audit(staging.dir(), &secrets)?;
            }
            Ok(())
        })();
        staging.finish(written)?;
        drop(renderer);
        let jobs = made.into_iter().map(|m| (m.rel, m.record)).collect();
        let data = Arc::try_unwrap(data).map_err(|_| anyhow::anyhow!("the template data is still in use"))?;
        let report = Report::new(config.clone(), site.entries.len(), warnings, log, options.mode, Default::default());
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
            secrets,
            search_stale: false,
            highlighter,
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
        write::refresh_search(&shared, &self.config.output_dir, &self.secrets)?;
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
    fn static_files(&self, statics: &[PathBuf]) -> Result<write::Files, Failure> {
        let mut out = Vec::new();
        for p in statics {
            let Ok(rel) = p.strip_prefix("static") else { continue };
            let hidden = rel.components().any(|c| c.as_os_str().to_string_lossy().starts_with('.'));
            if (hidden && !self.config.preserve_dotfiles_in_output) || self.config.ignored_static.is_match(rel) {
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
