//! The driver: [`run`] runs the stages in order (see the crate docs), stages the output,
//! audits it and swaps it in. `cahier build` runs it ([`build`]); `cahier serve` runs it
//! too, asking it to keep what a later rebuild needs ([`Kept`]). No other sequence of
//! stages exists.
//!
//! Input: [`BuildOptions`]. Output: a [`Report`] of what was built, or the [`Failure`] of the
//! first stage that failed (every problem that stage found). A failed build removes its
//! staging folder: the previous output is never half-replaced.

pub mod bodies;

use std::collections::BTreeSet;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

use crate::config::{Config, Overrides};
use crate::content;
pub use crate::diag::Failure;
use crate::diag::{Diagnostic, Diagnostics};
use crate::i18n::I18n;
use crate::markdown::{self, Rendered};
use crate::output::{self, Shared, Staging};
use crate::redact::{self, Mode};
use crate::search;
use crate::site::{self, Site};
use crate::templates::{self, SiteData, Templates};
pub use bodies::{Body, Targets, anchor_links, check_anchors, render_entries};

/// What to build.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    pub root: PathBuf,
    pub output_dir: Option<PathBuf>,
    pub base_url: Option<String>,
    pub drafts: bool,
    pub mode: Mode,
    /// Replace an existing non-empty output folder that no cahier build wrote.
    pub force: bool,
}

/// A finished build.
#[derive(Debug)]
pub struct Report {
    pub output_dir: PathBuf,
    pub pages: usize,
    pub warnings: Vec<Diagnostic>,
    /// What the build withheld (for `cahier serve`'s dashboard).
    pub redactions: redact::RedactionLog,
    pub config: Arc<Config>,
    /// Public or internal: what the reports beside the build may show.
    pub mode: Mode,
    /// How long each stage took, in pipeline order.
    pub timings: Timings,
}

/// The wall time of each stage of a build, in the order they ran, with the process's
/// resident memory when it ended (where the platform tells it).
#[derive(Debug, Default, Clone)]
pub struct Timings {
    pub stages: Vec<(&'static str, Duration, Option<u64>)>,
    last: Option<Instant>,
}

impl Timings {
    pub fn start() -> Timings {
        Timings { stages: Vec::new(), last: Some(Instant::now()) }
    }

    /// Records the time since the previous mark as stage `name`.
    pub fn mark(&mut self, name: &'static str) {
        let now = Instant::now();
        if let Some(last) = self.last {
            self.stages.push((name, now - last, resident_bytes()));
        }
        self.last = Some(now);
    }
}

impl std::fmt::Display for Timings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        for (name, d, rss) in &self.stages {
            write!(f, "timings: {name:<10} {:>8.1} ms", d.as_secs_f64() * 1000.0)?;
            match rss {
                Some(bytes) => writeln!(f, "  {:>6} MiB resident", bytes >> 20)?,
                None => writeln!(f)?,
            }
        }
        Ok(())
    }
}

/// The process's resident memory (`VmRSS`), on Linux; `None` elsewhere.
fn resident_bytes() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmRSS:"))?;
    let kib: u64 = line.trim_start_matches("VmRSS:").trim().trim_end_matches("kB").trim().parse().ok()?;
    Some(kib * 1024)
}

/// Reads the config, with the output folder that fits the build mode: an internal build
/// never writes into the public output folder.
pub fn config_for(opts: &BuildOptions) -> Result<Config, Failure> {
    let overrides = Overrides { base_url: opts.base_url.clone(), output_dir: None };
    let mut config = Config::load(&opts.root, &overrides)?;
    let public = config.output_dir.clone();
    if let Some(dir) = &opts.output_dir {
        config.output_dir = std::path::absolute(dir).unwrap_or_else(|_| dir.clone());
    } else if opts.mode == Mode::Internal {
        let name = public.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "public".into());
        config.output_dir = public.with_file_name(format!("{name}-internal"));
    }
    if opts.mode == Mode::Internal {
        redact::check_internal_output(&config.root, &public, &config.output_dir)
            .map_err(|m| Failure::Io(anyhow::anyhow!(m)))?;
    }
    output::guard::check_output_dir(&config, opts.force)?;
    Ok(config)
}

/// What stages 1 to 3 give: the config and UI strings, the syntaxes and templates, and the
/// content read, redacted and indexed.
pub struct Indexed {
    pub config: Arc<Config>,
    pub i18n: Arc<I18n>,
    pub settings: redact::Settings,
    pub highlighter: markdown::Highlighter,
    pub templates: Templates,
    /// `(path, key, language)` of every page read, before redaction.
    pub read: Vec<(PathBuf, String, String)>,
    /// What redaction found: withheld pages, the log, the secrets (its pages are in `site`).
    pub redacted: redact::Redacted,
    pub site: Site,
    /// Warnings from loading the content (front matter fields Zola ignores).
    pub load_warnings: Vec<Diagnostic>,
    /// The errors of pages that dropped out of stages 1 and 2 (the others went on): the
    /// build fails with them, after the later stages add their own.
    pub problems: Diagnostics,
}

/// The stack of each thread that runs the pipeline: room for the deepest nesting the input
/// may have (shortcodes, redactions, includes; see [`crate::shortcode::MAX_DEPTH`]). Only
/// the pages touched are committed, so a thread uses what it needs.
pub const STACK_BYTES: usize = 64 << 20;

/// Stages 1 to 3. The syntaxes and templates load on one thread while the content loads on
/// the others.
pub fn index(opts: &BuildOptions, timings: &mut Timings) -> Result<Indexed, Failure> {
    let config = Arc::new(config_for(opts)?);
    let i18n = Arc::new(I18n::load(&config)?);
    let settings = redaction_settings(&config, &i18n, opts.mode)?;
    timings.mark("config");
    let (loaded, (highlighter, templates)) = rayon::join(
        || content::load_all(&config, opts.drafts || opts.mode == Mode::Internal),
        || rayon::join(|| markdown::Highlighter::for_config(&config.markdown), || Templates::load(&config)),
    );
    let (loaded, mut problems) = loaded?;
    if let Err(f) = redact::stray::refuse(&config, &loaded.pages) {
        problems = keep_going(problems, f)?;
    }
    if opts.mode == Mode::Public
        && let Err(f) = redact::pairs::check(&config.root, &loaded.pages)
    {
        problems = keep_going(problems, f)?;
    }
    timings.mark("load");
    let read = loaded.pages.iter().map(|p| (p.path.clone(), p.key.clone(), p.lang.clone())).collect();
    let (redacted, redaction_problems) = redact::run_all(loaded.pages, &settings);
    problems.extend(redaction_problems.into_iter().filter(|d| d.severity == crate::diag::Severity::Error));
    let mut redacted = match redacted {
        Ok(r) => r,
        Err(d) => return Err(with_problems(problems, d)),
    };
    timings.mark("redact");
    let withheld: BTreeSet<(String, String)> = match opts.mode {
        Mode::Public => redacted.withheld.iter().map(|w| (w.key.clone(), w.lang.clone())).collect(),
        Mode::Internal => BTreeSet::new(),
    };
    let site = match site::index(std::mem::take(&mut redacted.pages), config.clone(), withheld) {
        Ok(mut site) => {
            site.dropped = dropped_keys(&problems, &config);
            site
        }
        Err(d) => return Err(with_problems(problems, d)),
    };
    timings.mark("index");
    let load_warnings = loaded.warnings;
    let templates = match templates {
        Ok(t) => t,
        Err(f) => return Err(with_problems(problems, f)),
    };
    Ok(Indexed { config, i18n, settings, highlighter, templates, read, redacted, site, problems, load_warnings })
}

/// The keys of the content files that `problems` name (`content/docs/x.fr.md` ->
/// `docs/x.md`).
fn dropped_keys(problems: &Diagnostics, config: &Config) -> BTreeSet<String> {
    let mut keys = BTreeSet::new();
    for d in problems.clone() {
        let Ok(rel) = d.path.strip_prefix("content") else { continue };
        let rel = rel.to_string_lossy().replace('\\', "/");
        let Some(stem) = rel.strip_suffix(".md") else { continue };
        let base = match stem.rsplit_once('.') {
            Some((base, lang)) if config.languages.contains_key(lang) => base,
            _ => stem,
        };
        keys.insert(format!("{base}.md"));
    }
    keys
}

/// `problems` with the content errors of `f` added, for the stages to go on and report every
/// independent problem in one run (the build still fails at the end: nothing is published);
/// an environment failure stops the build.
fn keep_going(mut problems: Diagnostics, f: impl Into<Failure>) -> Result<Diagnostics, Failure> {
    match f.into() {
        Failure::Content(d) => {
            problems.extend(d);
            Ok(problems)
        }
        other => Err(other),
    }
}

/// The failure `f` with the content `problems` of earlier stages added to its own.
fn with_problems(mut problems: Diagnostics, f: impl Into<Failure>) -> Failure {
    match f.into() {
        Failure::Content(d) => {
            problems.extend(d);
            Failure::Content(problems)
        }
        other => other,
    }
}

/// Runs every stage and swaps the new output in.
pub fn build(opts: &BuildOptions) -> Result<Report, Failure> {
    run(opts, false).map(|(report, _)| report)
}

/// What a build keeps for a later rebuild (`cahier serve`): every stage's output, and what
/// each output file read.
pub struct Kept {
    pub config: Arc<Config>,
    pub i18n: Arc<I18n>,
    pub settings: redact::Settings,
    pub highlighter: markdown::Highlighter,
    pub templates: Templates,
    /// What redaction found, file by file (serve redacts a changed file alone).
    pub records: redact::records::Records,
    /// What the audit looks for (public builds).
    pub secrets: redact::Secrets,
    pub site: Site,
    /// Per entry, its body (its HTML moved into `data`) and what it depends on.
    pub rendered: Vec<Rendered>,
    pub targets: Vec<Targets>,
    pub data: SiteData,
    /// Per output file (relative path): what it read.
    pub jobs: output::Records,
}

/// The pipeline: runs every stage (see the crate docs), stages the output, audits it (public
/// builds) and swaps it in. With `keep`, also gives what a later rebuild needs; without, it
/// frees each stage's output as soon as the next one no longer needs it.
pub fn run(opts: &BuildOptions, keep: bool) -> Result<(Report, Option<Kept>), Failure> {
    let mut timings = Timings::start();
    let Indexed {
        config,
        i18n,
        settings,
        highlighter,
        templates,
        read,
        mut redacted,
        mut site,
        problems,
        load_warnings,
    } = index(opts, &mut timings)?;
    let bodies = match bodies::render_all(&site, &templates, &i18n, &highlighter) {
        Ok(b) if !problems.has_errors() => b,
        Ok(_) => return Err(problems.into()),
        Err(d) => return Err(with_problems(problems, d)),
    };
    let mut warnings = load_warnings;
    let mut rendered = Vec::with_capacity(bodies.len());
    let mut targets = Vec::with_capacity(if keep { bodies.len() } else { 0 });
    for b in bodies {
        warnings.extend(b.warnings);
        rendered.push(b.rendered);
        if keep {
            targets.push(b.targets);
        }
    }
    if !keep {
        site.entries.iter_mut().for_each(|e| e.page.drop_body());
    }
    timings.mark("markdown");
    let data = Arc::new(templates::context::site_data(&site, &mut rendered));
    if !keep {
        rendered = Vec::new();
    }
    timings.mark("data");
    let renderer = templates.renderer(config.clone(), data.clone(), i18n.clone());
    let pages = site.entries.len();
    let urls = page_urls(&site);
    let staging = Staging::new(&config.output_dir)?;
    let written = (|| -> Result<_, Failure> {
        let shared = Shared { site: &site, data: &data, i18n: &i18n, mode: opts.mode };
        let jobs = output::emit(&shared, &renderer, &staging, keep)?;
        let search = search::plan(&shared);
        timings.mark("emit");
        Ok((jobs, search))
    })();
    let (jobs, search) = match written {
        Ok(w) => w,
        Err(f) => return Err(staging.finish(Err(f)).unwrap_err()),
    };
    drop(renderer);
    // Without `keep`, the site and its template data (every page, source and rendered) are
    // freed before the search index is built, so that the indexer reuses their memory.
    // (A value moved in one branch only would live to the end of the function otherwise.)
    let kept = if keep {
        Some((site, data, templates, highlighter))
    } else {
        drop((site, data, templates, highlighter));
        None
    };
    let written = (|| -> Result<(), Failure> {
        // A public build audits what is staged while the search index is built.
        let secrets = (opts.mode == Mode::Public).then_some(&redacted.secrets);
        search::build_audited(search, &staging, secrets, |stage| timings.mark(stage))?;
        Ok(())
    })();
    staging.finish(written)?;
    timings.mark("commit");
    let records = if keep { Some(redact::records::Records::of(&read, &redacted)) } else { None };
    let log = std::mem::take(&mut redacted.log).with_urls(urls);
    let report = Report::new(config.clone(), pages, warnings, log, opts.mode, timings);
    let (Some((site, data, templates, highlighter)), Some(records)) = (kept, records) else {
        return Ok((report, None));
    };
    let data = Arc::try_unwrap(data).map_err(|_| anyhow::anyhow!("the template data is still in use"))?;
    let secrets = redacted.secrets;
    let kept =
        Kept { config, i18n, settings, highlighter, templates, records, secrets, site, rendered, targets, data, jobs };
    Ok((report, Some(kept)))
}

/// The URL path of every entry, by (key, language), for the reviewers' redaction log.
pub fn page_urls(site: &Site) -> Vec<((String, String), String)> {
    site.entries.iter().map(|e| ((e.key().to_string(), e.lang().to_string()), e.path.clone())).collect()
}

impl Report {
    /// The report of a build that wrote `pages` entries; its warnings sorted by place.
    pub fn new(
        config: Arc<Config>,
        pages: usize,
        warnings: Vec<Diagnostic>,
        redactions: redact::RedactionLog,
        mode: Mode,
        timings: Timings,
    ) -> Report {
        let warnings = Diagnostics::from_iter(warnings).sorted();
        Report { output_dir: config.output_dir.clone(), pages, warnings, redactions, config, mode, timings }
    }
}

/// The content pages as a public build shows them, for reports beside the build (the parity
/// dashboard of `cahier serve --public`): drafts left out, withheld pages left out, every
/// redacted span and front matter string replaced by its placeholder. The secret text is in
/// none of them.
pub fn public_sources(config: &Config) -> Result<Vec<content::SourcePage>, Failure> {
    let i18n = I18n::load(config)?;
    let settings = redaction_settings(config, &i18n, Mode::Public)?;
    let redacted = redact::run(content::load(config, false)?.pages, &settings)?;
    let withheld: BTreeSet<(&str, &str)> =
        redacted.withheld.iter().map(|w| (w.key.as_str(), w.lang.as_str())).collect();
    let shown =
        redacted.pages.iter().filter(|p| !withheld.contains(&(p.source().key.as_str(), p.source().lang.as_str())));
    Ok(shown.map(with_placeholders).collect())
}

/// A redacted page's source with each sentinel replaced by its span's placeholder.
fn with_placeholders(page: &redact::RedactedPage) -> content::SourcePage {
    let mut source = page.source().clone();
    for (id, span) in page.spans().iter().enumerate() {
        source.body = source.body.replace(&redact::sentinel(id), &span.placeholder);
    }
    source
}

/// The redaction settings of a build: the config's, with each language's placeholder from the
/// UI strings unless `[redaction] placeholder` sets it, and the site's own exemptions
/// (`i18n/exemptions.toml`) added to the built-in catalogue.
pub fn redaction_settings(config: &Config, i18n: &I18n, mode: Mode) -> Result<redact::Settings, Failure> {
    let catalogue = redact::Catalogue::with_site(&config.root.join("i18n").join("exemptions.toml"))?;
    let mut settings = redact::Settings::from_config(config, mode, catalogue);
    for lang in config.languages.keys() {
        if let (false, Some(p)) = (settings.placeholders.contains_key(lang), i18n.get(lang, "redacted")) {
            settings.placeholders.insert(lang.clone(), p.to_string());
        }
    }
    Ok(settings)
}
