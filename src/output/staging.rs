//! Staged output: a build writes into a fresh staging folder beside the output folder, then
//! swaps it in. A failed build removes its staging folder and leaves the previous output as it
//! was. A file whose bytes did not change is hard-linked from the previous output instead of
//! rewritten, so its modification time and inode stay (servers' caches and `rsync` see no
//! change).
//!
//! `cahier serve`'s updates use the same type ([`Staging::update`]): only the files whose
//! bytes changed are staged, and finishing moves each into the served folder by an atomic
//! rename (a request sees the old file or the new one, never half of one), then removes the
//! outputs that went. The audit scans what is staged in both cases, before anything moves.
//!
//! Input: the output folder. Output: the written files, swapped in by [`Staging::finish`].
//! Failure: I/O errors naming the path.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use anyhow::Context;
use rayon::prelude::*;

use super::guard;

mod leftovers;

use crate::diag::{Failure, Leak};
use crate::redact::{Mode, Secrets};

/// A build's output, being written.
#[derive(Debug)]
pub struct Staging {
    out: PathBuf,
    dir: PathBuf,
    /// Held until the build ends: another build into the same folder waits for it.
    _lock: std::fs::File,
    /// An update in place ([`Staging::update`]): what is staged, and the outputs that went.
    update: Option<Mutex<Changes>>,
}

/// The changes an update makes to the served folder (relative paths).
#[derive(Debug, Default)]
struct Changes {
    written: Vec<String>,
    gone: Vec<String>,
}

impl Staging {
    /// Starts a staging folder beside `out` (created if needed): waits for any other build
    /// into `out` to finish (a lock file beside it), removes what killed builds left there,
    /// and marks the new folder as cahier's ([`guard::MARKER`]).
    pub fn new(out: &Path) -> anyhow::Result<Staging> {
        Staging::start(out, None)
    }

    /// Starts an update of the output folder `out` in place (`cahier serve`): only files whose
    /// bytes changed are staged, and [`Staging::finish`] moves each into `out`.
    pub fn update(out: &Path) -> anyhow::Result<Staging> {
        Staging::start(out, Some(Mutex::default()))
    }

    /// An update in one call (`cahier serve`): stages the files whose bytes changed and the
    /// outputs that went, audits them (public builds), and moves them into the served folder
    /// `out`; gives what was written and removed.
    pub fn apply<'a>(
        out: &Path,
        files: &[(String, Vec<u8>)],
        gone: impl Iterator<Item = &'a String>,
        mode: Mode,
        secrets: &Secrets,
    ) -> Result<(Vec<String>, Vec<String>), Failure> {
        let staging = Staging::update(out)?;
        let staged = (|| -> Result<(), Failure> {
            for (rel, bytes) in files {
                staging.write(rel, bytes)?;
            }
            for rel in gone {
                staging.remove(rel)?;
            }
            if mode == Mode::Public {
                staging.audit(secrets)?;
            }
            Ok(())
        })();
        let changes = staging.changes();
        staging.finish(staged)?;
        Ok(changes)
    }

    fn start(out: &Path, update: Option<Mutex<Changes>>) -> anyhow::Result<Staging> {
        let parent = out.parent().unwrap_or(Path::new("."));
        std::fs::create_dir_all(parent).with_context(|| format!("cannot create {}", parent.display()))?;
        let name = out.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "public".into());
        let lock = leftovers::lock(parent, &name)?;
        leftovers::remove_stale(parent, &name)?;
        let dir = parent.join(format!(".{name}.staging-{}", std::process::id()));
        if dir.exists() {
            remove_tree(&dir).with_context(|| format!("cannot clear {}", dir.display()))?;
        }
        std::fs::create_dir_all(&dir).with_context(|| format!("cannot create {}", dir.display()))?;
        let marker = dir.join(guard::MARKER);
        std::fs::write(&marker, guard::MARKER_TEXT).with_context(|| format!("cannot write {}", marker.display()))?;
        Ok(Staging { out: out.to_path_buf(), dir, _lock: lock, update })
    }

    /// The staging folder (the audit scans it before it is swapped in).
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Writes `bytes` to `rel` (a `/`-separated path below the output root).
    /// A path that would lead out of the staging folder is an error ([`guard::safe_rel`]).
    pub fn write(&self, rel: &str, bytes: &[u8]) -> anyhow::Result<()> {
        let rel = rel.trim_start_matches('/');
        guard::safe_rel(rel).map_err(anyhow::Error::msg)?;
        let target = self.dir.join(rel);
        let previous = self.out.join(rel);
        let unchanged = std::fs::metadata(&previous).is_ok_and(|meta| {
            meta.is_file() && meta.len() == bytes.len() as u64 && std::fs::read(&previous).is_ok_and(|old| old == bytes)
        });
        if unchanged && self.update.is_some() {
            return Ok(());
        }
        if let Some(p) = target.parent() {
            std::fs::create_dir_all(p).with_context(|| format!("cannot create {}", p.display()))?;
        }
        if unchanged && std::fs::hard_link(&previous, &target).is_ok() {
            return Ok(());
        }
        std::fs::write(&target, bytes).with_context(|| format!("cannot write {}", target.display()))?;
        if let Some(changes) = &self.update {
            changes.lock().unwrap_or_else(|e| e.into_inner()).written.push(rel.to_string());
        }
        Ok(())
    }

    /// An update's output `rel` went: [`Staging::finish`] removes it from the served folder.
    pub fn remove(&self, rel: &str) -> anyhow::Result<()> {
        let rel = rel.trim_start_matches('/');
        guard::safe_rel(rel).map_err(anyhow::Error::msg)?;
        if let Some(changes) = &self.update {
            changes.lock().unwrap_or_else(|e| e.into_inner()).gone.push(rel.to_string());
        }
        Ok(())
    }

    /// An update's staged files and removed outputs (relative paths), so far.
    pub fn changes(&self) -> (Vec<String>, Vec<String>) {
        let Some(changes) = &self.update else { return Default::default() };
        let changes = changes.lock().unwrap_or_else(|e| e.into_inner());
        (changes.written.clone(), changes.gone.clone())
    }

    /// Copies a file into the staging folder (through [`Staging::write`]'s unchanged check).
    pub fn copy(&self, from: &Path, rel: &str) -> anyhow::Result<()> {
        let bytes = std::fs::read(from).with_context(|| format!("cannot read {}", from.display()))?;
        self.write(rel, &bytes)
    }

    /// The public audit of everything staged (paths in leaks relative to the output).
    pub fn audit(&self, secrets: &Secrets) -> Result<(), Failure> {
        audit(&self.dir, secrets)
    }

    /// Swaps the staging folder in for the output folder, in one atomic exchange where the
    /// system has one: at every moment the output folder holds either the old or the new
    /// build. The old build, left in the staging folder's place, is removed after.
    /// Once the new build is in, failing to remove the old one is not a failed build: it is
    /// said on stderr, and the next build removes it.
    fn commit(self) -> anyhow::Result<()> {
        if self.update.is_some() {
            return self.commit_update();
        }
        let old = leftovers::swap_in(&self.dir, &self.out)?;
        if let Some(old) = old.filter(|o| o.exists())
            && let Err(e) = remove_tree(&old)
        {
            let mut err = std::io::stderr().lock();
            let _ = writeln!(
                err,
                "warning: the new output is in {}, but the previous one could not be removed from {} ({e}); \
                 the next build removes it",
                self.out.display(),
                old.display()
            );
        }
        Ok(())
    }

    /// Moves each staged file of an update into the output folder, removes the outputs that
    /// went, then the staging folder.
    fn commit_update(self) -> anyhow::Result<()> {
        let (written, gone) = self.changes();
        for rel in &written {
            let (from, to) = (self.dir.join(rel), self.out.join(rel));
            if let Some(dir) = to.parent() {
                std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
            }
            std::fs::rename(&from, &to)
                .with_context(|| format!("cannot move {} to {}", from.display(), to.display()))?;
        }
        for rel in &gone {
            let path = self.out.join(rel);
            if path.is_file() {
                std::fs::remove_file(&path).with_context(|| format!("cannot remove {}", path.display()))?;
            }
        }
        remove_tree(&self.dir).with_context(|| format!("cannot remove {}", self.dir.display()))
    }

    /// Swaps the staging folder in if `written` (the build's writing) succeeded; otherwise
    /// drops it, leaving the previous output as it was, and gives the error back.
    pub fn finish<E: From<anyhow::Error>>(self, written: Result<(), E>) -> Result<(), E> {
        match written {
            Ok(()) => Ok(self.commit()?),
            Err(e) => {
                self.abort();
                Err(e)
            }
        }
    }

    /// Drops the staged files; the previous output is untouched.
    pub fn abort(self) {
        let _ = remove_tree(&self.dir);
    }
}

/// The public audit of the folder `dir`; paths in leaks are made relative to it.
pub fn audit(dir: &Path, secrets: &Secrets) -> Result<(), Failure> {
    found(dir, crate::redact::audit::scan(dir, secrets)?)
}

/// Fails with the `leaks` the audit found in `dir`, their paths made relative to it.
pub fn found(dir: &Path, leaks: Vec<Leak>) -> Result<(), Failure> {
    if leaks.is_empty() {
        return Ok(());
    }
    let relative = |p: PathBuf| p.strip_prefix(dir).map(Into::into).unwrap_or(p);
    Err(Failure::Leaks(leaks.into_iter().map(|l| Leak { output: relative(l.output), ..l }).collect()))
}

/// Removes the folder `dir` and all it holds, in parallel: the files, then the folders from
/// the deepest up (a site's output holds tens of thousands of each; removing the previous
/// output one file at a time took a tenth of a rebuild in place).
pub(crate) fn remove_tree(dir: &Path) -> std::io::Result<()> {
    let mut files = Vec::new();
    let mut dirs: Vec<Vec<PathBuf>> = Vec::new();
    for entry in walkdir::WalkDir::new(dir) {
        let entry = entry?;
        if entry.file_type().is_dir() {
            owner_may_write(entry.path());
            dirs.resize_with(dirs.len().max(entry.depth() + 1), Vec::new);
            dirs[entry.depth()].push(entry.into_path());
        } else {
            files.push(entry.into_path());
        }
    }
    files.par_iter().try_for_each(std::fs::remove_file)?;
    dirs.iter().rev().try_for_each(|level| level.par_iter().try_for_each(std::fs::remove_dir))
}

/// Lets the owner write in (and list) the folder `dir` before it is emptied: an output the
/// user made read-only (`chmod a-w public`) is still cahier's to remove once swapped out,
/// else every later build stopped at it. Where that is not allowed, removing reports it.
fn owner_may_write(dir: &Path) {
    use std::os::unix::fs::PermissionsExt;
    if let Ok(meta) = std::fs::symlink_metadata(dir) {
        let mode = meta.permissions().mode();
        if mode & 0o700 != 0o700 {
            let _ = std::fs::set_permissions(dir, std::fs::Permissions::from_mode(mode | 0o700));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::fs::MetadataExt;

    #[test]
    fn an_update_moves_in_only_changed_files_and_removes_the_gone_ones() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let s = Staging::new(&out).unwrap();
        for (rel, text) in [("a/index.html", "one"), ("b.txt", "two"), ("c.txt", "three")] {
            s.write(rel, text.as_bytes()).unwrap();
        }
        s.commit().unwrap();
        let ino = std::fs::metadata(out.join("a/index.html")).unwrap().ino();
        let s = Staging::update(&out).unwrap();
        s.write("a/index.html", b"one").unwrap();
        s.write("b.txt", b"changed").unwrap();
        s.write("new/d.txt", b"new").unwrap();
        s.remove("c.txt").unwrap();
        assert_eq!(s.changes(), (vec!["b.txt".to_string(), "new/d.txt".to_string()], vec!["c.txt".to_string()]));
        s.finish(Ok::<(), anyhow::Error>(())).unwrap();
        assert_eq!(std::fs::metadata(out.join("a/index.html")).unwrap().ino(), ino, "an unchanged file stays");
        assert_eq!(std::fs::read(out.join("b.txt")).unwrap(), b"changed");
        assert_eq!(std::fs::read(out.join("new/d.txt")).unwrap(), b"new");
        assert!(!out.join("c.txt").exists());
        assert!(out.join(guard::MARKER).exists(), "the folder stays marked as cahier's");
        let s = Staging::update(&out).unwrap();
        s.write("b.txt", b"a failed update").unwrap();
        s.remove("a/index.html").unwrap();
        assert!(s.finish(Err::<(), _>(anyhow::anyhow!("leak"))).is_err());
        assert_eq!(std::fs::read(out.join("b.txt")).unwrap(), b"changed");
        assert!(out.join("a/index.html").exists());
        let leftovers: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(leftovers.len(), 1, "only the output folder remains");
    }

    #[test]
    fn finish_swaps_in_a_good_build_and_drops_a_failed_one() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let s = Staging::new(&out).unwrap();
        s.write("a.txt", b"one").unwrap();
        s.finish(Ok::<(), anyhow::Error>(())).unwrap();
        assert_eq!(std::fs::read(out.join("a.txt")).unwrap(), b"one");
        let s = Staging::new(&out).unwrap();
        s.write("a.txt", b"two").unwrap();
        let err = s.finish(Err::<(), _>(anyhow::anyhow!("the audit found a leak"))).unwrap_err();
        assert_eq!(err.to_string(), "the audit found a leak");
        assert_eq!(std::fs::read(out.join("a.txt")).unwrap(), b"one");
        let leftovers: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(leftovers.len(), 1, "only the output folder remains");
    }

    #[test]
    fn remove_tree_removes_every_level_but_not_what_a_link_points_to() {
        let dir = tempfile::tempdir().unwrap();
        let kept = dir.path().join("kept");
        std::fs::create_dir(&kept).unwrap();
        std::fs::write(kept.join("k.txt"), "k").unwrap();
        let tree = dir.path().join("tree");
        for rel in ["a.txt", "s/b.txt", "s/p/c.txt", "fr/s/p/d.txt"] {
            std::fs::create_dir_all(tree.join(rel).parent().unwrap()).unwrap();
            std::fs::write(tree.join(rel), rel).unwrap();
        }
        std::fs::create_dir_all(tree.join("empty/empty")).unwrap();
        std::os::unix::fs::symlink(&kept, tree.join("s/link")).unwrap();
        remove_tree(&tree).unwrap();
        assert!(!tree.exists());
        assert_eq!(std::fs::read_to_string(kept.join("k.txt")).unwrap(), "k");
    }

    #[test]
    fn unchanged_files_keep_their_inode_and_abort_keeps_the_old_output() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let s = Staging::new(&out).unwrap();
        s.write("a/index.html", b"one").unwrap();
        s.write("b.txt", b"two").unwrap();
        s.commit().unwrap();
        let ino = std::fs::metadata(out.join("a/index.html")).unwrap().ino();
        let s = Staging::new(&out).unwrap();
        s.write("a/index.html", b"one").unwrap();
        s.write("b.txt", b"changed").unwrap();
        s.commit().unwrap();
        assert_eq!(std::fs::metadata(out.join("a/index.html")).unwrap().ino(), ino);
        assert_eq!(std::fs::read(out.join("b.txt")).unwrap(), b"changed");
        let s = Staging::new(&out).unwrap();
        s.write("b.txt", b"broken build").unwrap();
        s.abort();
        assert_eq!(std::fs::read(out.join("b.txt")).unwrap(), b"changed");
        let leftovers: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(leftovers.len(), 1, "only the output folder remains");
    }
}
