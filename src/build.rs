//! The whole build: runs the stages in order (see the crate docs) and swaps the output in.
//!
//! Input: [`BuildOptions`]. Output: a [`Report`] of what was built, or the content errors of
//! every stage that found some. A failed build removes its staging folder: the previous
//! output is never half-replaced.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use rayon::prelude::*;

use crate::config::{Config, Overrides};
use crate::content;
pub use crate::diag::Failure;
use crate::diag::{Diagnostic, Diagnostics};
use crate::i18n::I18n;
use crate::key::PageKey;
use crate::markdown::{self, LinkResolver, RenderContext, Rendered};
use crate::output::{self, Shared, Staging};
use crate::redact::{self, Mode};
use crate::search;
use crate::site::{self, PageId, Site};
use crate::templates::{self, SiteData, Templates};

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
    if opts.mode == Mode::Internal && config.output_dir == public {
        return Err(Failure::Io(anyhow::anyhow!(
            "an internal build shows withheld text: it cannot write into the public output folder {}; choose another --output-dir",
            public.display()
        )));
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
    /// The errors of pages that dropped out of stages 1 and 2 (the others went on): the
    /// build fails with them, after the later stages add their own.
    pub problems: Diagnostics,
}

/// Stages 1 to 3. The syntaxes and templates load on one thread while the content loads on
/// the others.
pub fn index(opts: &BuildOptions, timings: &mut Timings) -> Result<Indexed, Failure> {
    let config = Arc::new(config_for(opts)?);
    let i18n = Arc::new(I18n::load(&config)?);
    let settings = redaction_settings(&config, &i18n, opts.mode)?;
    timings.mark("config");
    let (loaded, (highlighter, templates)) = rayon::join(
        || content::load_all(&config, opts.drafts || opts.mode == Mode::Internal),
        || rayon::join(markdown::Highlighter::new, || Templates::load(&config)),
    );
    let (loaded, mut problems) = loaded?;
    timings.mark("load");
    let read = loaded.pages.iter().map(|p| (p.path.clone(), p.key.clone(), p.lang.clone())).collect();
    let (mut redacted, redaction_problems) = redact::run_all(loaded.pages, &settings);
    problems.extend(redaction_problems.into_iter().filter(|d| d.severity == crate::diag::Severity::Error));
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
    let templates = match templates {
        Ok(t) => t,
        Err(f) => return Err(with_problems(problems, f)),
    };
    Ok(Indexed { config, i18n, settings, highlighter, templates, read, redacted, site, problems })
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
    let mut timings = Timings::start();
    let Indexed { config, i18n, highlighter, templates, redacted, mut site, problems, .. } = index(opts, &mut timings)?;
    let (mut rendered, warnings) = match render_all(&site, &templates, &i18n, &highlighter) {
        Ok(r) if !problems.has_errors() => r,
        Ok(_) => return Err(problems.into()),
        Err(d) => return Err(with_problems(problems, d)),
    };
    site.entries.iter_mut().for_each(|e| e.page.drop_body());
    timings.mark("markdown");
    let data = Arc::new(templates::context::site_data(&site, &mut rendered));
    drop(rendered);
    timings.mark("data");
    let renderer = templates.renderer(config.clone(), data.clone(), i18n.clone());
    let pages = site.entries.len();
    let to_write = ToWrite { site, data, renderer, i18n: &i18n, mode: opts.mode };
    let staging = Staging::new(&config.output_dir)?;
    let written = write_and_audit(to_write, &staging, &redacted.secrets, &mut timings);
    staging.finish(written)?;
    timings.mark("commit");
    Ok(Report::new(config, pages, warnings, redacted.log, opts.mode, timings))
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

/// What the output stages take: the indexed site, its template data and the renderer that
/// holds them.
struct ToWrite<'a> {
    site: Site,
    data: Arc<SiteData>,
    renderer: templates::Renderer,
    i18n: &'a I18n,
    mode: Mode,
}

/// Stages 6 and 7 into the staging folder: every output file, the search index, then (public
/// builds) the audit of all of it. The site and its template data (every page, source and
/// rendered) are freed once the pages are written, so that the search indexer reuses their
/// memory.
fn write_and_audit(
    to_write: ToWrite<'_>,
    staging: &Staging,
    secrets: &redact::Secrets,
    timings: &mut Timings,
) -> Result<(), Failure> {
    let ToWrite { site, data, renderer, i18n, mode } = to_write;
    let search = {
        let shared = Shared { site: &site, data: &data, i18n, mode };
        output::emit(&shared, &renderer, staging)?;
        search::plan(&shared)
    };
    timings.mark("emit");
    drop((renderer, data, site));
    search::build_bundles(search, staging)?;
    timings.mark("search");
    if mode == Mode::Public {
        audit(staging.dir(), secrets)?;
        timings.mark("audit");
    }
    Ok(())
}

/// The public audit of the folder `dir`; paths in leaks are made relative to it.
pub fn audit(dir: &Path, secrets: &redact::Secrets) -> Result<(), Failure> {
    let leaks = redact::audit::scan(dir, secrets)?;
    if leaks.is_empty() {
        return Ok(());
    }
    let relative = |p: PathBuf| p.strip_prefix(dir).map(Into::into).unwrap_or(p);
    Err(Failure::Leaks(leaks.into_iter().map(|l| redact::audit::Leak { output: relative(l.output), ..l }).collect()))
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

/// Stage 4 over every page in parallel, then the check of every `@/…#anchor`.
fn render_all(
    site: &Site,
    templates: &Templates,
    i18n: &Arc<I18n>,
    highlighter: &markdown::Highlighter,
) -> Result<(Vec<Rendered>, Vec<Diagnostic>), Diagnostics> {
    let ids: Vec<PageId> = (0..site.entries.len()).collect();
    let mut warnings = Vec::new();
    let rendered: Vec<Rendered> = crate::diag::gather(render_entries(site, templates, i18n, highlighter, &ids))?
        .into_iter()
        .map(|(page, w, _)| {
            warnings.extend(w);
            page
        })
        .collect();
    let anchors = check_anchors(site, &rendered);
    if anchors.has_errors() { Err(anchors) } else { Ok((rendered, warnings)) }
}

/// What stage 4 gives for one entry: its rendered body, its warnings, and what its
/// shortcodes looked up (`cahier serve` renders it again when one of those changes).
pub type RenderResult = Result<Rendered4, Diagnostics>;

/// An entry's rendered body, its warnings and what its shortcodes looked up.
pub type Rendered4 = (Rendered, Vec<Diagnostic>, templates::functions::Recorded);

/// Stage 4 for the entries `ids`, in parallel, in the order given.
pub fn render_entries(
    site: &Site,
    templates: &Templates,
    i18n: &Arc<I18n>,
    highlighter: &markdown::Highlighter,
    ids: &[PageId],
) -> Vec<RenderResult> {
    let mut paths_only = SiteData::default();
    for e in &site.entries {
        paths_only.paths.insert((e.key().to_string(), e.lang().to_string()), e.path.clone());
    }
    let renderer = templates.renderer(site.config.clone(), Arc::new(paths_only), i18n.clone());
    let shortcodes = templates::Shortcodes { renderer: &renderer };
    let resolver = Resolver { site };
    ids.par_iter()
        .map(|&id| {
            let e = &site.entries[id];
            let ctx = RenderContext {
                config: &site.config,
                lang: e.lang(),
                permalink: &e.permalink,
                insert_anchor_links: anchor_links(site, id),
                links: &resolver,
                shortcodes: &shortcodes,
                highlighter,
            };
            let (result, recorded) = templates::functions::recording(|| markdown::render(&e.page, &ctx));
            result.map(|(page, warnings)| (page, warnings, recorded))
        })
        .collect()
}

/// The `insert_anchor_links` that applies to entry `id`: a section's own, a page's section's.
pub fn anchor_links(site: &Site, id: PageId) -> content::AnchorLinks {
    let e = &site.entries[id];
    match &e.page.source().front {
        content::Front::Section(s) => s.insert_anchor_links.unwrap_or_default(),
        content::Front::Page(_) => e
            .parent
            .and_then(|p| match &site.entries[p].page.source().front {
                content::Front::Section(s) => s.insert_anchor_links,
                content::Front::Page(_) => None,
            })
            .unwrap_or_default(),
    }
}

/// The check of every `@/…#anchor` against the anchors of the page it names.
pub fn check_anchors(site: &Site, rendered: &[Rendered]) -> Diagnostics {
    let mut diags = Diagnostics::new();
    for (id, r) in rendered.iter().enumerate() {
        for link in &r.internal_links {
            let (Some(anchor), Some(target)) = (&link.anchor, site.id(&link.key, &link.lang)) else { continue };
            if site.config.link_skip_anchor_prefixes.iter().any(|p| anchor.starts_with(p.as_str())) {
                continue;
            }
            if !rendered[target].anchors.iter().any(|a| a == anchor) {
                diags.push(Diagnostic::error(
                    &site.entries[id].page.source().path,
                    link.line,
                    link.col,
                    format!(
                        "`@/{}` has no anchor `#{anchor}` (its anchors: {})",
                        link.key,
                        list_some(&rendered[target].anchors)
                    ),
                ));
            }
        }
    }
    diags
}

fn list_some(items: &[String]) -> String {
    if items.is_empty() {
        return "none".into();
    }
    let shown: Vec<String> = items.iter().take(8).map(|a| format!("#{a}")).collect();
    if items.len() > 8 { format!("{}, …", shown.join(", ")) } else { shown.join(", ") }
}

/// Resolves `@/` links against the index, in the linking page's language.
struct Resolver<'a> {
    site: &'a Site,
}

impl LinkResolver for Resolver<'_> {
    fn resolve(&self, key: &str, lang: &str) -> Result<(String, PageKey), String> {
        let config = &self.site.config;
        let (key, own) = crate::key::split(key, config);
        let lang = own.unwrap_or(lang).to_string();
        if let Some(e) = self.site.get(&key, &lang) {
            return Ok((e.path.clone(), PageKey { key, lang }));
        }
        if self.site.dropped.contains(&key) {
            // Its own error fails the build; the link is not another one.
            return Ok((String::new(), PageKey { key, lang }));
        }
        if self.site.withheld.contains(&(key.clone(), lang.clone())) {
            return Err("that page is withheld from this build: a public page cannot link to it".to_string());
        }
        let others: Vec<&str> =
            config.languages.keys().filter(|l| self.site.get(&key, l).is_some()).map(String::as_str).collect();
        if let Some(other) = others.first() {
            let stem = key.trim_end_matches(".md");
            return Err(format!(
                "`@/{key}` has no `{lang}` version: link to `@/{stem}.{other}.md` to point at another language"
            ));
        }
        Err("there is no such page (keys are paths below content/, like `binders/intro.md`)".to_string())
    }
}
