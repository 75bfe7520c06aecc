//! Stage 6b, search: one Pagefind index per language, built in process from the final HTML.
//!
//! Input: the indexed [`Site`](crate::site::Site) (through [`Shared`]) and the [`Staging`]
//! folder after emit. For each language whose `build_search_index` is on, the pages and
//! sections of that language that are rendered, not redirects and not
//! `in_search_index = false` are read back from the staging folder, in URL order, and fed to a
//! Pagefind index forced to that language. Only public HTML is ever read, so redacted text
//! cannot enter a public index; withheld pages are not entries of a public build at all. The
//! internal build indexes its own (unredacted) output, which is written only to the internal
//! output folder. 404, search, splash, print, taxonomy and missing-translation pages are never
//! fed. The theme marks what to index with `data-pagefind-body` (the page's heading,
//! description and content, not the header, navigation or footer); a theme without it gets
//! Pagefind's default, the whole `<body>`.
//!
//! Output: the Pagefind bundle of each language (`pagefind.js`, its wasm, the entry file, the
//! index chunks and gzip'd fragments, Pagefind's UI assets), written into the staging folder
//! at `{language prefix}/{search_bundle_dir}/` (`/fr/pagefind/`). Pagefind names its files by
//! the hash of their contents; since pages go in sorted, two builds of the same site give
//! byte-identical bundles.
//!
//! French text is fed as French readers type it; see [`french`] for what Pagefind does on its
//! own (accents, stems) and the elision rule this stage adds.
//!
//! Failure: an I/O error naming the page that could not be read back, or Pagefind's error
//! naming the language and page it failed on. Either fails the build (the staging folder is
//! dropped, the previous output stays).

pub mod french;
pub mod refresh;

use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::Context;
use pagefind::api::PagefindIndex;
use pagefind::options::PagefindServiceConfig;
use tokio::sync::Semaphore;

use crate::content::Front;
use crate::output::{Shared, Staging, file_of};

/// One page to index: its public URL and the file that holds its HTML in the staging folder.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Input {
    pub url: String,
    pub file: String,
}

/// What the stage did, per language.
#[derive(Debug, Default)]
pub struct Summary {
    /// `(language, pages indexed, files written)`, in language order.
    pub languages: Vec<(String, usize, usize)>,
    pub elapsed: Duration,
}

/// One language's search bundle to build: the pages to index and where the bundle goes.
#[derive(Debug, Clone)]
pub struct Bundle {
    pub lang: String,
    /// The bundle's folder in the output (`fr/pagefind`).
    pub dir: String,
    /// The pages to index, sorted by URL.
    pub pages: Vec<Input>,
}

/// The bundles of the languages whose `build_search_index` is on, in language order.
pub fn plan(shared: &Shared<'_>) -> Vec<Bundle> {
    let config = shared.config();
    config
        .languages
        .iter()
        .filter(|(_, l)| l.build_search_index)
        .map(|(code, l)| {
            let dir = format!("{}/{}", l.prefix, config.search_bundle_dir.trim_matches('/'));
            Bundle { lang: code.clone(), dir: dir.trim_start_matches('/').to_string(), pages: inputs(shared, code) }
        })
        .collect()
}

/// Builds and writes every language's bundle into `staging`.
pub fn run(shared: &Shared<'_>, staging: &Staging) -> anyhow::Result<Summary> {
    build_bundles(plan(shared), staging)
}

/// Builds and writes `bundles` into `staging`, whose pages must already be written. Needs
/// nothing of the site but the plan, so a build can free its template data first.
pub fn build_bundles(bundles: Vec<Bundle>, staging: &Staging) -> anyhow::Result<Summary> {
    let start = Instant::now();
    if bundles.is_empty() {
        return Ok(Summary::default());
    }
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .max_blocking_threads(2)
        .thread_name("cahier-search")
        .build()
        .context("cannot start the search indexer's runtime")?;
    // One language at a time turns its pages into an index: the step that holds the most.
    let gate = Arc::new(Semaphore::new(1));
    let built = runtime.block_on(async {
        let tasks: Vec<_> = bundles
            .into_iter()
            .map(|Bundle { lang, dir, pages }| {
                let from = staging.dir().to_path_buf();
                let gate = Arc::clone(&gate);
                tokio::spawn(async move {
                    let count = pages.len();
                    let files = bundle_of(&lang, &from, pages, &gate).await;
                    (lang, dir, count, files)
                })
            })
            .collect();
        let mut built = Vec::with_capacity(tasks.len());
        for task in tasks {
            built.push(task.await.context("the search indexer stopped")?);
        }
        anyhow::Ok(built)
    })?;
    let mut summary = Summary::default();
    for (code, bundle, count, files) in built {
        let files = files?;
        for (name, contents) in &files {
            staging.write(&format!("{bundle}/{name}"), contents)?;
        }
        summary.languages.push((code, count, files.len()));
    }
    summary.elapsed = start.elapsed();
    Ok(summary)
}

/// The pages of `lang` to index, sorted by URL.
pub fn inputs(shared: &Shared<'_>, lang: &str) -> Vec<Input> {
    let base = url_base(&shared.config().base_url);
    let mut inputs: Vec<Input> = shared
        .site
        .entries
        .iter()
        .filter(|e| e.lang() == lang)
        .filter(|e| match &e.page.source().front {
            Front::Page(p) => p.render && p.in_search_index,
            Front::Section(s) => s.render && s.in_search_index && s.redirect_to.is_none(),
        })
        .map(|e| Input { url: format!("{base}{}", e.path), file: file_of(&e.path) })
        .collect();
    inputs.sort();
    inputs
}

/// The path part of `base_url` without its trailing slash (`https://x.ca/sub/` -> `/sub`),
/// so that result URLs work when the site is served below a folder.
fn url_base(base_url: &str) -> String {
    let rest = base_url.split_once("://").map_or(base_url, |(_, r)| r);
    let path = if base_url.contains("://") { rest.find('/').map_or("", |i| &rest[i..]) } else { rest };
    path.trim_end_matches('/').to_string()
}

/// Indexes `pages` (sorted) as language `lang` and returns the bundle's files, sorted by name.
/// Each page is read back from `dir` just before Pagefind takes it, so that only one page's
/// HTML per language is held at a time. The languages read their pages in parallel, but
/// build their index from them through `gate`, one after the other: Pagefind copies every
/// page's words to build the index, so two languages doing it at once held four copies.
async fn bundle_of(
    lang: &str,
    dir: &Path,
    pages: Vec<Input>,
    gate: &Semaphore,
) -> anyhow::Result<Vec<(String, Vec<u8>)>> {
    let options = PagefindServiceConfig::builder().force_language(lang.to_string()).build();
    let mut index = PagefindIndex::new(Some(options))
        .map_err(|e| anyhow::anyhow!("{e:#}"))
        .with_context(|| format!("cannot set up the `{lang}` search index"))?;
    let french = lang.split('-').next() == Some("fr");
    for input in pages {
        let path = dir.join(&input.file);
        let html = std::fs::read_to_string(&path)
            .with_context(|| format!("cannot read {} back to index it for search", path.display()))?;
        let html = if french { french::straighten_elisions(&html) } else { html };
        index
            .add_html_file(Some(input.file), Some(input.url.clone()), html)
            .await
            .map_err(|e| anyhow::anyhow!("{e:#}"))
            .with_context(|| format!("cannot index {} for the `{lang}` search", input.url))?;
    }
    let permit = gate.acquire().await.context("the search indexer stopped")?;
    let files = index
        .get_files()
        .await
        .map_err(|e| anyhow::anyhow!("{e:#}"))
        .with_context(|| format!("cannot build the `{lang}` search index"))?;
    drop(index);
    drop(permit);
    let mut files: Vec<(String, Vec<u8>)> =
        files.into_iter().map(|f| (f.filename.to_string_lossy().replace('\\', "/"), f.contents)).collect();
    files.sort();
    Ok(files)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn result_urls_keep_the_base_url_folder() {
        assert_eq!(url_base("https://example.org"), "");
        assert_eq!(url_base("https://example.org/"), "");
        assert_eq!(url_base("https://example.org/binders/"), "/binders");
        assert_eq!(url_base("http://127.0.0.1:1111/a/b"), "/a/b");
        assert_eq!(url_base("/sub/"), "/sub");
    }
}
