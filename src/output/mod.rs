//! Stage 6, emit: every output file of the site, written into a [`Staging`] folder.
//!
//! Input: the indexed [`Site`], its template data and a [`Renderer`]. Output: pages and
//! sections (paginated), binder print pages, missing-translation notices, taxonomies,
//! aliases, 404 and search pages per language, the splash page, sitemap, feeds, robots.txt,
//! static files and co-located assets. Every path is planned first, so two outputs that would
//! write the same file are an error before anything is rendered; pages then render in
//! parallel. Failure: diagnostics for template errors (naming the page and template) and
//! path collisions; I/O errors as `anyhow`.

pub mod context;
mod feeds;
pub mod guard;
mod pager;
mod plan;
pub mod reads;
pub mod staging;
mod term_toggle;
mod xml;

use std::path::Path;

use rayon::prelude::*;

use crate::diag::{Diagnostic, Failure};
use crate::templates::Renderer;
pub use context::Shared;
pub use feeds::FeedOf;
pub use plan::{Job, plan};
pub use reads::{JobRecord, Records};
pub use staging::Staging;

/// Renders and writes every planned file; with `keep`, gives what each one read.
pub fn emit(shared: &Shared<'_>, renderer: &Renderer, staging: &Staging, keep: bool) -> Result<Records, Failure> {
    let jobs = plan(shared, renderer)?;
    // The highlighting stylesheet (its themes take a while to load) is made beside the pages.
    let (results, css): (Vec<anyhow::Result<Result<_, Diagnostic>>>, _) = rayon::join(
        || {
            jobs.par_iter()
                .map(|(rel, job)| match reads::render(shared, renderer, rel, job, keep) {
                    Ok(made) => staging.write(rel, &made.bytes).map(|()| Ok(made.record.map(|r| (made.rel, r)))),
                    Err(d) => Ok(Err(d)),
                })
                .collect()
        },
        || highlight_css(shared),
    );
    let results: Vec<Result<Option<(String, JobRecord)>, Diagnostic>> =
        results.into_iter().collect::<anyhow::Result<_>>()?;
    let records = crate::diag::gather(results)?.into_iter().flatten().collect();
    copy_static(shared, staging, css)?;
    write_processed_images(renderer, staging)?;
    Ok(records)
}

/// The images `resize_image` made while the pages rendered (`processed_images/…`).
fn write_processed_images(renderer: &Renderer, staging: &Staging) -> anyhow::Result<()> {
    for (rel, bytes) in renderer.take_processed_images() {
        staging.write(&rel, &bytes)?;
    }
    Ok(())
}

/// The highlighting stylesheets, when code is highlighted: `syntax-theme.css` (cahier's), and
/// those a Zola site with `style = "class"` links (`giallo.css`, or `giallo-light.css` and
/// `giallo-dark.css`), each as `(file, text)`; a theme syntect cannot make is left out.
pub fn highlight_css(shared: &Shared<'_>) -> Vec<(String, String)> {
    let markdown = &shared.config().markdown;
    if !markdown.highlight_code {
        return Vec::new();
    }
    let sheets = std::iter::once(("syntax-theme.css", &markdown.highlight_theme))
        .chain(markdown.class_stylesheets.iter().map(|(file, theme)| (*file, theme)));
    sheets.filter_map(|(file, theme)| Some((file.to_string(), crate::markdown::theme_css(theme).ok()?))).collect()
}

pub fn minify(bytes: &[u8]) -> Vec<u8> {
    let mut cfg = minify_html::Cfg::new();
    cfg.keep_closing_tags = true;
    cfg.keep_html_and_head_opening_tags = true;
    cfg.minify_css = true;
    cfg.minify_js = false;
    minify_html::minify(bytes, &cfg)
}

/// Static files (built-in theme, then the theme, then the site's `static/`, later ones
/// winning), each page's co-located assets, and the highlighting stylesheets `css`.
pub fn copy_static(shared: &Shared<'_>, staging: &Staging, css: Vec<(String, String)>) -> anyhow::Result<()> {
    let config = shared.config();
    let mut files: std::collections::BTreeMap<String, StaticSource> = std::collections::BTreeMap::new();
    if let Some(dir) = crate::templates::BUILTIN_THEME.get_dir("static") {
        for f in crate::templates::embedded_files(dir) {
            let rel = f.path().strip_prefix("static").unwrap_or(f.path()).to_string_lossy().replace('\\', "/");
            files.insert(rel, StaticSource::Builtin(f.contents()));
        }
    }
    let mut dirs = Vec::new();
    if let Some(theme) = &config.theme {
        dirs.push(config.root.join("themes").join(theme).join("static"));
    }
    dirs.push(config.root.join("static"));
    for dir in dirs.iter().filter(|d| d.is_dir()) {
        for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
            let entry = entry?;
            if !entry.file_type().is_file() {
                continue;
            }
            let rel = entry.path().strip_prefix(dir).unwrap_or(entry.path());
            if !is_published(config, rel) {
                continue;
            }
            files.insert(rel.to_string_lossy().replace('\\', "/"), StaticSource::File(entry.into_path()));
        }
    }
    files.par_iter().try_for_each(|(rel, src)| match src {
        StaticSource::Builtin(bytes) => staging.write(rel, bytes),
        StaticSource::File(p) => staging.copy(p, rel),
    })?;
    shared.site.entries.par_iter().try_for_each(|e| {
        let source = e.page.source();
        source.assets.iter().try_for_each(|a| staging.copy(a, &format!("{}{}", e.path, source.asset_path(a))))
    })?;
    // A stylesheet of the site's own, of the same name, wins.
    for (rel, css) in css.iter().filter(|(rel, _)| !files.contains_key(rel)) {
        staging.write(rel, css.as_bytes())?;
    }
    Ok(())
}

/// Whether a static file (`rel`, below `static/`) is copied to the output: hidden files only
/// with `preserve_dotfiles_in_output`, never those `ignored_static` matches.
pub fn is_published(config: &crate::config::Config, rel: &Path) -> bool {
    let hidden = rel.components().any(|c| c.as_os_str().to_string_lossy().starts_with('.'));
    (!hidden || config.preserve_dotfiles_in_output) && !config.ignored_static.is_match(rel)
}

enum StaticSource {
    Builtin(&'static [u8]),
    File(std::path::PathBuf),
}

/// The output path of a URL path (`/fr/x/` -> `fr/x/index.html`).
pub fn file_of(path: &str) -> String {
    let p = path.trim_start_matches('/');
    if p.is_empty() {
        "index.html".to_string()
    } else if Path::new(p).extension().is_some() && !p.ends_with('/') {
        p.to_string()
    } else {
        format!("{}/index.html", p.trim_end_matches('/'))
    }
}
