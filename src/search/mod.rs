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
//! The languages are indexed each on its own thread, in turns ([`build_bundles`]), so that
//! the memory held is one language's index being built and the next one being read. A public
//! build audits what is staged while the index is built ([`build_audited`]), then the
//! bundle's files, reading Pagefind's index chunks by their names only: they hold only what
//! the audit has read in the pages fed ([`Summary::chunks`]).
//!
//! French text is fed as French readers type it; see [`french`] for what Pagefind does on its
//! own (accents, stems) and the elision rule this stage adds.
//!
//! Failure: an I/O error naming the page that could not be read back, or Pagefind's error
//! naming the language and page it failed on; in a public build, the audit's leaks. Either
//! fails the build (the staging folder is dropped, the previous output stays).

pub mod french;
pub mod refresh;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::{Condvar, Mutex, PoisonError};
use std::time::{Duration, Instant};

use anyhow::Context;
use pagefind::api::PagefindIndex;
use pagefind::options::PagefindServiceConfig;

use crate::content::Front;
use crate::diag::Failure;
use crate::output::staging::found;
use crate::output::{Shared, Staging, file_of};
use crate::redact::{Secrets, audit};

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
    /// Every file the stage wrote, relative to the output folder.
    pub files: Vec<String>,
    /// Of them, Pagefind's index chunks (`*.pf_fragment`, `*.pf_index`, `*.pf_meta`,
    /// `*.pf_filter`): the words, excerpts, titles, anchors and filters of the pages fed,
    /// read from those pages' HTML as staged, and their URLs. The audit reads those pages
    /// (and their names), so it reads the chunks' names only: what a chunk can hold, it has
    /// already read. French pages are fed with their elisions' apostrophes straightened
    /// ([`french`]), which the audit's [`normalize`](crate::redact::normalize) reads
    /// the same as the typographic ones.
    pub chunks: Vec<String>,
    /// The staged files fed to the index (its pages), relative to the output folder.
    pub fed: Vec<String>,
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
/// Each language is indexed on a thread of its own, in turns ([`Turns`]): a language reads
/// its pages into its index once the one before has read all of its own, and builds its
/// index's files once the one before has written its files and dropped its index. An index
/// holds every word of every page of its language until its files are written, so the one
/// being built and the next one being read are all that is held at once, and the next
/// language's pages are read while the one before compresses its files. A public build
/// audits the staged pages meanwhile ([`build_audited`]).
pub fn build_bundles(bundles: Vec<Bundle>, staging: &Staging) -> anyhow::Result<Summary> {
    let start = Instant::now();
    let mut summary = Summary::default();
    let turns = Turns::default();
    let built: Vec<anyhow::Result<_>> = std::thread::scope(|scope| {
        let threads: Vec<_> = bundles
            .into_iter()
            .enumerate()
            .map(|(turn, bundle)| {
                let turns = &turns;
                let thread = std::thread::Builder::new()
                    .name("cahier-search".into())
                    .spawn_scoped(scope, move || index_language(bundle, staging, turns, turn));
                if thread.is_err() {
                    drop(Passing(turns, turn));
                }
                thread
            })
            .collect();
        threads
            .into_iter()
            .map(|t| {
                t.context("cannot start the search indexer")?
                    .join()
                    .map_err(|_| anyhow::anyhow!("the search indexer stopped"))?
            })
            .collect()
    });
    for language in built {
        let (lang, fed, files) = language?;
        summary.languages.push((lang, fed.len(), files.len()));
        summary.fed.extend(fed);
        for rel in files {
            if is_chunk(&rel) {
                summary.chunks.push(rel.clone());
            }
            summary.files.push(rel);
        }
    }
    summary.elapsed = start.elapsed();
    Ok(summary)
}

/// Whose turn it is to read pages into an index, and to build an index's files: the
/// languages' places in the plan. A language passes each turn on when it is done with it,
/// or fails.
#[derive(Default)]
struct Turns {
    /// `(reading, building)`.
    now: Mutex<(usize, usize)>,
    changed: Condvar,
}

impl Turns {
    /// Waits until it is `turn`'s turn at `which` (0: reading, 1: building).
    fn wait(&self, which: usize, turn: usize) {
        let now = self.now.lock().unwrap_or_else(PoisonError::into_inner);
        let at = |n: &(usize, usize)| if which == 0 { n.0 } else { n.1 };
        drop(self.changed.wait_while(now, |n| at(n) < turn).unwrap_or_else(PoisonError::into_inner));
    }

    /// Passes the turn at `which` on from `turn` to the next language.
    fn pass(&self, which: usize, turn: usize) {
        let mut now = self.now.lock().unwrap_or_else(PoisonError::into_inner);
        let at = if which == 0 { &mut now.0 } else { &mut now.1 };
        *at = (*at).max(turn + 1);
        self.changed.notify_all();
    }
}

/// Passes both turns of a language on when it is done or fails.
struct Passing<'t>(&'t Turns, usize);

impl Drop for Passing<'_> {
    fn drop(&mut self) {
        self.0.pass(0, self.1);
        self.0.pass(1, self.1);
    }
}

/// Indexes one language in its turns and writes its bundle into `staging`: its code, the
/// files fed and the files written (relative to the output folder).
fn index_language(
    Bundle { lang, dir, pages }: Bundle,
    staging: &Staging,
    turns: &Turns,
    turn: usize,
) -> anyhow::Result<(String, Vec<String>, Vec<String>)> {
    let _passing = Passing(turns, turn);
    let runtime = tokio::runtime::Builder::new_current_thread()
        .max_blocking_threads(1)
        .build()
        .context("cannot start the search indexer's runtime")?;
    let fed: Vec<String> = pages.iter().map(|p| p.file.clone()).collect();
    turns.wait(0, turn);
    let mut index = runtime.block_on(read_pages(&lang, staging.dir(), pages))?;
    turns.pass(0, turn);
    turns.wait(1, turn);
    let files = runtime
        .block_on(index.get_files())
        .map_err(|e| anyhow::anyhow!("{e:#}"))
        .with_context(|| format!("cannot build the `{lang}` search index"))?;
    drop(index);
    let mut files: Vec<(String, Vec<u8>)> =
        files.into_iter().map(|f| (f.filename.to_string_lossy().replace('\\', "/"), f.contents)).collect();
    files.sort();
    let mut written = Vec::with_capacity(files.len());
    for (name, contents) in files {
        let rel = format!("{dir}/{name}");
        staging.write(&rel, &contents)?;
        written.push(rel);
    }
    Ok((lang, fed, written))
}

/// Builds and writes `bundles` into `staging` ([`build_bundles`]) and, given the secrets of
/// a public build, audits the staging folder: the files staged before the index (pages,
/// feeds, static files) on the build's threads while the index is built on threads of its
/// own, then the files the index wrote, its chunks by their names only ([`Summary::chunks`]).
/// `mark` is called with `"search"` when the index is written (and the pages audited), then
/// with `"audit"` when the audit is done (public builds).
pub fn build_audited(
    bundles: Vec<Bundle>,
    staging: &Staging,
    secrets: Option<&Secrets>,
    mut mark: impl FnMut(&'static str),
) -> Result<Summary, Failure> {
    let Some(secrets) = secrets.filter(|s| !s.is_empty()) else {
        let summary = build_bundles(bundles, staging)?;
        mark("search");
        if secrets.is_some() {
            mark("audit");
        }
        return Ok(summary);
    };
    let dir = staging.dir();
    let staged = audit::files_below(dir)?;
    let (built, leaks) = std::thread::scope(|scope| {
        let indexer = scope.spawn(|| build_bundles(bundles, staging));
        let leaks = audit::scan_files(dir, &staged, &BTreeSet::new(), secrets);
        (indexer.join(), leaks)
    });
    let summary = built.map_err(|_| anyhow::anyhow!("the search indexer stopped"))??;
    let mut leaks = leaks?;
    mark("search");
    let written: Vec<PathBuf> = summary.files.iter().map(|f| dir.join(f)).collect();
    // Only when the audit read every page fed (not one it leaves out, a page at `x.mp3`).
    let staged: BTreeSet<PathBuf> = staged.into_iter().collect();
    let chunks: BTreeSet<PathBuf> = if summary.fed.iter().all(|f| staged.contains(&dir.join(f))) {
        summary.chunks.iter().map(|f| dir.join(f)).collect()
    } else {
        BTreeSet::new()
    };
    leaks.extend(audit::scan_files(dir, &written, &chunks, secrets)?);
    leaks.sort();
    leaks.dedup_by(|a, b| (&a.output, &a.source, a.line) == (&b.output, &b.source, b.line));
    found(dir, leaks)?;
    mark("audit");
    Ok(summary)
}

/// Whether Pagefind's file `name` is one of its index chunks.
fn is_chunk(name: &str) -> bool {
    [".pf_fragment", ".pf_index", ".pf_meta", ".pf_filter"].iter().any(|ext| name.ends_with(ext))
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

/// A Pagefind index of `pages` (sorted) as language `lang`. Each page is read back from
/// `dir` just before Pagefind takes it, so that only one page's HTML is held at a time.
async fn read_pages(lang: &str, dir: &Path, pages: Vec<Input>) -> anyhow::Result<PagefindIndex> {
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
    Ok(index)
}

#[cfg(test)]
mod audit_tests;

#[cfg(test)]
mod tests {
    use super::*;

    /// Three languages taking their turns on threads started in reverse order, `failing`
    /// stopping after it read; the log of each language's reading and building.
    fn take_turns(failing: Option<usize>) -> Vec<String> {
        let turns = Turns::default();
        let log = Mutex::new(Vec::new());
        std::thread::scope(|scope| {
            for turn in (0..3).rev() {
                let (turns, log) = (&turns, &log);
                scope.spawn(move || {
                    let _passing = Passing(turns, turn);
                    turns.wait(0, turn);
                    log.lock().unwrap().push(format!("read {turn}"));
                    if failing == Some(turn) {
                        return; // failed: its turns pass on all the same
                    }
                    turns.pass(0, turn);
                    turns.wait(1, turn);
                    log.lock().unwrap().push(format!("build {turn}"));
                });
            }
        });
        log.into_inner().unwrap()
    }

    #[test]
    fn languages_read_and_build_in_turns_and_a_failed_one_passes_its_turns_on() {
        let log = take_turns(Some(1));
        let at = |e: &str| log.iter().position(|l| l == e).unwrap();
        assert!(at("read 0") < at("read 1") && at("read 1") < at("read 2"), "{log:?}");
        // The failed language passed its building turn on too: the one after it may build
        // before the one before it has (the build fails all the same), but none waits forever.
        assert!(at("read 0") < at("build 0") && at("read 2") < at("build 2"), "{log:?}");
        assert_eq!(log.len(), 5);
    }

    #[test]
    fn languages_build_in_the_order_they_read() {
        let log = take_turns(None);
        let at = |e: String| log.iter().position(|l| *l == e).unwrap();
        for turn in 0..2 {
            assert!(at(format!("read {turn}")) < at(format!("read {}", turn + 1)), "{log:?}");
            assert!(at(format!("build {turn}")) < at(format!("build {}", turn + 1)), "{log:?}");
        }
    }

    #[test]
    fn result_urls_keep_the_base_url_folder() {
        assert_eq!(url_base("https://example.org"), "");
        assert_eq!(url_base("https://example.org/"), "");
        assert_eq!(url_base("https://example.org/binders/"), "/binders");
        assert_eq!(url_base("http://127.0.0.1:1111/a/b"), "/a/b");
        assert_eq!(url_base("/sub/"), "/sub");
    }
}
