//! Stages 1 and 2 for the changed files only: read, split, parse and redact each Markdown
//! file that changed, and remember per file what the redaction stage found in it.
//!
//! Input: the site-relative paths of changed `content/*.md` files and the per-file records
//! of the last good build. Output: the new [`RedactedPage`]s of those files and their
//! [`FileRecord`]s. Failure: the content errors of those files (as a full build reports
//! them); [`Refusal`] when the change touches what the fast path does not handle (a page
//! becoming withheld or published, a new secret in a public build): the caller then builds
//! the whole site, failing closed.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use crate::config::Config;
use crate::content;
use crate::diag::Diagnostics;
use crate::redact::{self, LogEntry, Needle, Redacted, RedactedPage, WithheldPage};

/// What the redaction stage found in one content file.
#[derive(Debug, Clone, Default)]
pub struct FileRecord {
    pub key: String,
    pub lang: String,
    pub log: Vec<LogEntry>,
    pub withheld: Option<WithheldPage>,
    pub needles: Vec<Needle>,
}

/// Why the fast path gives way to a full build.
#[derive(Debug)]
pub struct Refusal(pub String);

/// Groups the output of a redaction run by source file (site-relative path).
/// `heads` holds the `(path, key, language)` of every page given to the redaction stage.
pub fn records_of(heads: &[(PathBuf, String, String)], redacted: &Redacted) -> BTreeMap<PathBuf, FileRecord> {
    let mut out: BTreeMap<PathBuf, FileRecord> = heads
        .iter()
        .map(|(path, key, lang)| {
            (path.clone(), FileRecord { key: key.clone(), lang: lang.clone(), ..FileRecord::default() })
        })
        .collect();
    for e in &redacted.log.entries {
        if let Some(r) = out.get_mut(&e.path) {
            r.log.push(e.clone());
        }
    }
    for w in &redacted.withheld {
        if let Some(r) = out.get_mut(&w.path) {
            r.withheld = Some(w.clone());
        }
    }
    for n in &redacted.secrets.needles {
        if let Some(r) = out.get_mut(&n.source) {
            r.needles.push(n.clone());
        }
    }
    out
}

/// The changed files read and redacted again.
pub struct Reloaded {
    /// The published pages of the changed files that still exist.
    pub pages: Vec<RedactedPage>,
    /// Their records, by site-relative path (absent: the file is gone or is a draft left out).
    pub records: BTreeMap<PathBuf, FileRecord>,
}

/// Reads and redacts the files `changed` (site-relative); `all` is every content file now.
pub fn reload(
    config: &Config,
    settings: &redact::Settings,
    drafts: bool,
    changed: &BTreeSet<PathBuf>,
    all: &[PathBuf],
) -> Result<Result<Reloaded, Diagnostics>, Refusal> {
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
        return Ok(Err(diags));
    }
    for p in &pages {
        if !changed.contains(&p.path) {
            return Err(Refusal(format!("{} was read under another name", p.path.display())));
        }
    }
    let heads: Vec<(PathBuf, String, String)> =
        pages.iter().map(|p| (p.path.clone(), p.key.clone(), p.lang.clone())).collect();
    let redacted = match redact::run(pages, settings) {
        Ok(r) => r,
        Err(d) => return Ok(Err(d)),
    };
    let records = records_of(&heads, &redacted);
    Ok(Ok(Reloaded { pages: redacted.pages, records }))
}

/// Refuses a change the fast path cannot reconcile: a page withheld or released, or (public
/// builds) redacted text the output was never audited for.
pub fn check(
    old: &BTreeMap<PathBuf, FileRecord>,
    new: &BTreeMap<PathBuf, FileRecord>,
    changed: &BTreeSet<PathBuf>,
) -> Result<(), Refusal> {
    let known: BTreeSet<(&str, bool)> =
        old.values().flat_map(|r| r.needles.iter().map(|n| (n.text.as_str(), n.whole_word))).collect();
    for path in changed {
        let (o, n) = (old.get(path), new.get(path));
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

/// The redaction log of the whole site, from the per-file records (as [`redact::run`] makes it).
pub fn log(records: &BTreeMap<PathBuf, FileRecord>, keys: &BTreeSet<(String, String)>) -> redact::RedactionLog {
    let mut log = redact::RedactionLog::default();
    let mut langs_by_key: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let all: BTreeSet<(String, String)> =
        keys.iter().cloned().chain(records.values().map(|r| (r.key.clone(), r.lang.clone()))).collect();
    for (k, l) in all {
        langs_by_key.entry(k).or_default().push(l);
    }
    for r in records.values() {
        log.entries.extend(r.log.iter().cloned());
        log.withheld.extend(r.withheld.iter().cloned());
    }
    log.finish(&langs_by_key);
    log
}

/// Every content page sorted as stage 1 sorts them, checked as stage 1 checks them.
pub fn assemble(mut pages: Vec<RedactedPage>) -> Result<Vec<RedactedPage>, Diagnostics> {
    pages.sort_by(|a, b| (&a.source().key, &a.source().lang).cmp(&(&b.source().key, &b.source().lang)));
    content::check_unique(pages.iter().map(RedactedPage::source))?;
    Ok(pages)
}
