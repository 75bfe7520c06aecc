//! Staged output: a build writes into a fresh staging folder beside the output folder, then
//! swaps it in. A failed build removes its staging folder and leaves the previous output as it
//! was. A file whose bytes did not change is hard-linked from the previous output instead of
//! rewritten, so its modification time and inode stay (servers' caches and `rsync` see no
//! change).
//!
//! Input: the output folder. Output: the written files, swapped in by [`Staging::finish`].
//! Failure: I/O errors naming the path.

use std::path::{Path, PathBuf};

use anyhow::Context;
use rayon::prelude::*;

use crate::diag::{Failure, Leak};
use crate::redact::Secrets;

/// A build's output, being written.
#[derive(Debug)]
pub struct Staging {
    out: PathBuf,
    dir: PathBuf,
}

impl Staging {
    /// Starts a staging folder beside `out` (created if needed).
    pub fn new(out: &Path) -> anyhow::Result<Staging> {
        let parent = out.parent().unwrap_or(Path::new("."));
        std::fs::create_dir_all(parent).with_context(|| format!("cannot create {}", parent.display()))?;
        let name = out.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "public".into());
        let dir = parent.join(format!(".{name}.staging-{}", std::process::id()));
        if dir.exists() {
            std::fs::remove_dir_all(&dir).with_context(|| format!("cannot clear {}", dir.display()))?;
        }
        std::fs::create_dir_all(&dir).with_context(|| format!("cannot create {}", dir.display()))?;
        Ok(Staging { out: out.to_path_buf(), dir })
    }

    /// The staging folder (the audit scans it before it is swapped in).
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Writes `bytes` to `rel` (a `/`-separated path below the output root).
    pub fn write(&self, rel: &str, bytes: &[u8]) -> anyhow::Result<()> {
        let rel = rel.trim_start_matches('/');
        let target = self.dir.join(rel);
        if let Some(p) = target.parent() {
            std::fs::create_dir_all(p).with_context(|| format!("cannot create {}", p.display()))?;
        }
        let previous = self.out.join(rel);
        let unchanged = std::fs::metadata(&previous).is_ok_and(|meta| {
            meta.is_file() && meta.len() == bytes.len() as u64 && std::fs::read(&previous).is_ok_and(|old| old == bytes)
        });
        if unchanged && std::fs::hard_link(&previous, &target).is_ok() {
            return Ok(());
        }
        std::fs::write(&target, bytes).with_context(|| format!("cannot write {}", target.display()))
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

    /// Swaps the staging folder in for the output folder.
    fn commit(self) -> anyhow::Result<()> {
        let old = self.dir.with_extension("old");
        if self.out.exists() {
            std::fs::rename(&self.out, &old).with_context(|| format!("cannot move {} aside", self.out.display()))?;
        }
        std::fs::rename(&self.dir, &self.out)
            .with_context(|| format!("cannot move {} to {}", self.dir.display(), self.out.display()))?;
        if old.exists() {
            remove_tree(&old).with_context(|| format!("cannot remove {}", old.display()))?;
        }
        Ok(())
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
    let leaks = crate::redact::audit::scan(dir, secrets)?;
    if leaks.is_empty() {
        return Ok(());
    }
    let relative = |p: PathBuf| p.strip_prefix(dir).map(Into::into).unwrap_or(p);
    Err(Failure::Leaks(leaks.into_iter().map(|l| Leak { output: relative(l.output), ..l }).collect()))
}

/// Removes the folder `dir` and all it holds, in parallel: the files, then the folders from
/// the deepest up (a site's output holds tens of thousands of each; removing the previous
/// output one file at a time took a tenth of a rebuild in place).
fn remove_tree(dir: &Path) -> std::io::Result<()> {
    let mut files = Vec::new();
    let mut dirs: Vec<Vec<PathBuf>> = Vec::new();
    for entry in walkdir::WalkDir::new(dir) {
        let entry = entry?;
        if entry.file_type().is_dir() {
            dirs.resize_with(dirs.len().max(entry.depth() + 1), Vec::new);
            dirs[entry.depth()].push(entry.into_path());
        } else {
            files.push(entry.into_path());
        }
    }
    files.par_iter().try_for_each(std::fs::remove_file)?;
    dirs.iter().rev().try_for_each(|level| level.par_iter().try_for_each(std::fs::remove_dir))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::fs::MetadataExt;

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
