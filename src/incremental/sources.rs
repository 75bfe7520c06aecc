//! Stages 1 and 2 for the changed files only: read, split, parse and redact each Markdown
//! file that changed, and remember per file what the redaction stage found in it.
//!
//! Input: the site-relative paths of changed `content/*.md` files and the per-file records
//! of the last good build. Output: the new [`RedactedPage`]s of those files and their
//! [`FileRecord`]s. Failure: the content errors of those files (as a full build reports
//! them); [`Refusal`] when the change touches what the fast path does not handle (a page
//! becoming withheld or published, a new secret in a public build): the caller then builds
//! the whole site, failing closed.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use crate::config::Config;
use crate::content::{self, SourcePage};
use crate::diag::{Diagnostics, Failure};
use crate::key;
use crate::redact::records::Records;
use crate::redact::{self, Mode, RedactedPage};

/// Why the fast path gives way to a full build.
#[derive(Debug)]
pub struct Refusal(pub String);

/// The changed files read and redacted again.
pub struct Reloaded {
    /// The published pages of the changed files that still exist.
    pub pages: Vec<RedactedPage>,
    /// Their records, by site-relative path (absent: the file is gone or is a draft left out).
    pub records: Records,
}

/// Reads and redacts the files `changed` (site-relative); `all` is every content file now.
pub fn reload(
    config: &Config,
    settings: &redact::Settings,
    drafts: bool,
    changed: &BTreeSet<PathBuf>,
    all: &[PathBuf],
) -> Result<Result<Reloaded, Failure>, Refusal> {
    let mut diags = Diagnostics::new();
    let mut pages = Vec::new();
    for rel in changed {
        let abs = config.root.join(rel);
        if !abs.is_file() {
            continue;
        }
        match content::read_one(config, &abs, all, drafts) {
            Ok(Some(p)) => pages.push(p),
            Ok(None) => {}
            Err(d) => diags.push(d),
        }
    }
    if diags.has_errors() {
        return Ok(Err(diags.into()));
    }
    for p in &pages {
        if !changed.contains(&p.path) {
            return Err(Refusal(format!("{} was read under another name", p.path.display())));
        }
    }
    if settings.mode == Mode::Public
        && let Err(f) = check_pairs(config, &pages, all, drafts)
    {
        return Ok(Err(f));
    }
    let heads: Vec<(PathBuf, String, String)> =
        pages.iter().map(|p| (p.path.clone(), p.key.clone(), p.lang.clone())).collect();
    let redacted = match redact::run(pages, settings) {
        Ok(r) => r,
        Err(d) => return Ok(Err(d.into())),
    };
    let records = Records::of(&heads, &redacted);
    Ok(Ok(Reloaded { pages: redacted.pages, records }))
}

/// The pairs check of a public build ([`redact::pairs`]) on the changed pages and their
/// translations (read again from `all`, every content file).
fn check_pairs(config: &Config, pages: &[SourcePage], all: &[PathBuf], drafts: bool) -> Result<(), Failure> {
    let content = config.root.join("content");
    let base = |file: &Path| {
        let rel = file.strip_prefix(&content).unwrap_or(file).to_string_lossy().replace('\\', "/");
        key::split(&rel, config).0
    };
    let keys: BTreeSet<&str> = pages.iter().map(|p| p.key.as_str()).collect();
    let read: BTreeSet<&Path> = pages.iter().map(|p| p.path.as_path()).collect();
    let mut pairs = pages.to_vec();
    for file in all.iter().filter(|f| keys.contains(base(f).as_str())) {
        if read.contains(file.strip_prefix(&config.root).unwrap_or(file)) {
            continue;
        }
        if let Some(p) = content::read_one(config, file, all, drafts)? {
            pairs.push(p);
        }
    }
    redact::pairs::check_pairs(&config.root, &pairs)
}

/// Refuses a change the fast path cannot reconcile: a page withheld or released, or (public
/// builds) redacted text the output was never audited for.
pub fn check(old: &Records, new: &Records, changed: &BTreeSet<PathBuf>) -> Result<(), Refusal> {
    let known: BTreeSet<(&str, bool)> =
        old.files.values().flat_map(|r| r.needles.iter().map(|n| (n.text.as_str(), n.whole_word))).collect();
    for path in changed {
        let (o, n) = (old.files.get(path), new.files.get(path));
        if o.and_then(|r| r.withheld.as_ref()).map(|w| &w.exemptions)
            != n.and_then(|r| r.withheld.as_ref()).map(|w| &w.exemptions)
        {
            return Err(Refusal(format!("{} is withheld or released", path.display())));
        }
        if o.map(|r| (&r.key, &r.lang)) != n.map(|r| (&r.key, &r.lang)) && is_section(path) {
            return Err(Refusal(format!("the section {} appeared or went", path.display())));
        }
        for needle in n.iter().flat_map(|r| &r.needles) {
            if !known.contains(&(needle.text.as_str(), needle.whole_word)) {
                return Err(Refusal(format!("{} has new redacted text: the whole output is audited", path.display())));
            }
        }
    }
    Ok(())
}

fn is_section(path: &Path) -> bool {
    path.file_name().and_then(|n| n.to_str()).is_some_and(|n| n.starts_with("_index."))
}

/// Every content page sorted as stage 1 sorts them, checked as stage 1 checks them.
pub fn assemble(pages: Vec<RedactedPage>) -> Result<Vec<RedactedPage>, Diagnostics> {
    let (pages, diags) = content::sort_unique(pages, RedactedPage::source);
    if diags.has_errors() { Err(diags) } else { Ok(pages) }
}
