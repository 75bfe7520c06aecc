//! Stale translations from git history, for a site in a git repository that has accepted no
//! baseline yet: a pair is stale when its source was committed after its target last was;
//! what changed is the source as it was at the target's last commit against the source now.
//!
//! Input: the site root (the `git` command runs there, on the local repository only). Output:
//! a [`History`] of every commit that touched `content/` (one `git log`), then, per stale
//! pair, the old source text (one `git show`). Failure: none for the report: a site outside a
//! repository, or without `git`, has no history and the report says nothing of it.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::Command;

/// One commit: its short hash, its date (`YYYY-MM-DD`) and its subject.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Commit {
    pub hash: String,
    pub short: String,
    pub date: String,
    pub subject: String,
}

/// The commits that touched the site's content, newest first, and for each file the commits
/// that touched it (indices into `commits`, newest first).
#[derive(Debug, Default)]
pub struct History {
    top: PathBuf,
    /// The site root relative to the repository's top folder.
    prefix: PathBuf,
    commits: Vec<Commit>,
    files: HashMap<PathBuf, Vec<usize>>,
}

fn git(dir: &Path, args: &[&str]) -> Option<Vec<u8>> {
    let out = Command::new("git").arg("-C").arg(dir).args(args).output().ok()?;
    out.status.success().then_some(out.stdout)
}

impl History {
    /// Reads the history of the site's `content/`; `None` outside a git repository.
    pub fn load(root: &Path) -> Option<History> {
        let top = String::from_utf8(git(root, &["rev-parse", "--show-toplevel"])?).ok()?;
        let top = PathBuf::from(top.trim());
        let root = root.canonicalize().ok()?;
        let prefix = root.strip_prefix(top.canonicalize().ok()?).ok()?.to_path_buf();
        let log = git(
            &root,
            &[
                "-c",
                "core.quotepath=off",
                "log",
                "--no-renames",
                "--format=%x01%H%x02%h%x02%cs%x02%s",
                "--name-only",
                "--",
                "content",
            ],
        )?;
        let log = String::from_utf8_lossy(&log);
        let mut h = History { top, prefix, ..History::default() };
        for entry in log.split('\u{1}').filter(|e| !e.trim().is_empty()) {
            let mut lines = entry.lines();
            let head: Vec<&str> = lines.next().unwrap_or("").split('\u{2}').collect();
            let [hash, short, date, subject] = head[..] else { continue };
            let k = h.commits.len();
            h.commits.push(Commit {
                hash: hash.into(),
                short: short.into(),
                date: date.into(),
                subject: subject.into(),
            });
            for file in lines.filter(|l| !l.is_empty()) {
                h.files.entry(PathBuf::from(file)).or_default().push(k);
            }
        }
        Some(h)
    }

    fn in_repo(&self, site_path: &Path) -> PathBuf {
        self.prefix.join(site_path)
    }

    /// When the source changed after the target's last commit: the commits since (newest
    /// first) and the source's text as it was then (empty if it did not exist). `source` and
    /// `target` are paths relative to the site root.
    pub fn stale(&self, source: &Path, target: &Path) -> Option<(Vec<&Commit>, String)> {
        let (s, t) = (self.in_repo(source), self.in_repo(target));
        let last = *self.files.get(&t)?.first()?;
        let since: Vec<&Commit> =
            self.files.get(&s)?.iter().take_while(|&&k| k < last).map(|&k| &self.commits[k]).collect();
        if since.is_empty() {
            return None;
        }
        let spec = format!("{}:{}", self.commits[last].hash, s.to_string_lossy().replace('\\', "/"));
        let old =
            git(&self.top, &["show", &spec]).map(|b| String::from_utf8_lossy(&b).into_owned()).unwrap_or_default();
        Some((since, old))
    }
}

/// The `stale` finding of a pair from history, when the source changed after the target's
/// last commit: the commits since, and the word-level diff of the source since then.
pub(super) fn check(
    ctx: &super::pair::Context<'_>,
    make: &super::pair::Make<'_>,
    sb: &[super::blocks::Block],
) -> (bool, Vec<super::Finding>) {
    let (Some(h), Some(s), Some(t)) = (ctx.history, make.source, make.target) else { return (false, Vec::new()) };
    let Some((since, old_text)) = h.stale(&s.path, &t.path) else { return (false, Vec::new()) };
    let old_body = crate::content::front_matter::split(&old_text).map_or("", |sp| sp.body).to_string();
    let mut old_page = s.clone();
    old_page.body = old_body;
    let old = super::blocks::parse(&old_page).map(|(b, _)| b).unwrap_or_default();
    let side = |blocks: &[super::blocks::Block]| -> Vec<(String, String)> {
        blocks.iter().map(|b| (super::baseline::hash(b), b.text.clone())).collect()
    };
    let diff = super::diff::blocks(&side(&old), &side(sb));
    if diff.is_empty() {
        // Only the front matter or the whitespace changed.
        return (false, Vec::new());
    }
    let list: Vec<String> = since.iter().map(|c| format!("{} {} “{}”", c.short, c.date, c.subject)).collect();
    let msg = format!(
        "the {} page changed in {} commit(s) since the {} page was last committed: {}; update the {} page",
        ctx.source_lang,
        since.len(),
        ctx.target_lang,
        list.join("; "),
        ctx.target_lang
    );
    let evidence: String = since.iter().map(|c| c.hash.as_str()).collect();
    let mut f = make.at("stale", super::Severity::Warning, msg, sb.first(), None, &evidence);
    f.diff = diff;
    (true, vec![f])
}
