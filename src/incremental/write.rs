//! Stages 6 and 7 for a change: write the files whose bytes changed into the served folder,
//! each by an atomic rename, after (public builds) the audit has scanned them; and refresh the
//! search index of the whole site later.
//!
//! Input: the served folder, the rendered files, the output paths that went. Output: the
//! folder updated; a request sees the old file or the new one, never half of one. Failure:
//! I/O errors; an audit hit ([`Failure::Leaks`]) before anything is moved in.

use std::path::{Path, PathBuf};

use anyhow::Context;

use crate::build::Failure;
use crate::output::staging::audit;
use crate::output::{Shared, Staging};
use crate::redact::{Mode, Secrets};

/// The files to write: `(relative path, bytes)`.
pub type Files = Vec<(String, Vec<u8>)>;

/// Drops the files whose bytes equal the served ones.
pub fn changed_only(live: &Path, files: Files) -> Files {
    files
        .into_iter()
        .filter(|(rel, bytes)| {
            let path = live.join(rel);
            !std::fs::metadata(&path).is_ok_and(|m| m.len() == bytes.len() as u64)
                || std::fs::read(&path).map_or(true, |old| &old != bytes)
        })
        .collect()
}

/// Writes `files` into a scratch folder beside `live`, audits them (public builds), then
/// moves each into `live`, and removes the outputs in `gone`.
pub fn apply(live: &Path, files: &Files, gone: &[String], mode: Mode, secrets: &Secrets) -> Result<(), Failure> {
    let scratch = scratch_dir(live);
    let result = stage_and_move(live, &scratch, files, gone, mode, secrets);
    let _ = std::fs::remove_dir_all(&scratch);
    result
}

fn scratch_dir(live: &Path) -> PathBuf {
    let name = live.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    live.with_file_name(format!(".{name}.incremental"))
}

fn stage_and_move(
    live: &Path,
    scratch: &Path,
    files: &Files,
    gone: &[String],
    mode: Mode,
    secrets: &Secrets,
) -> Result<(), Failure> {
    if scratch.exists() {
        std::fs::remove_dir_all(scratch).with_context(|| format!("cannot clear {}", scratch.display()))?;
    }
    for (rel, bytes) in files {
        let path = scratch.join(rel);
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
        }
        std::fs::write(&path, bytes).with_context(|| format!("cannot write {}", path.display()))?;
    }
    if mode == Mode::Public && scratch.exists() {
        audit(scratch, secrets)?;
    }
    for (rel, _) in files {
        let (from, to) = (scratch.join(rel), live.join(rel));
        if let Some(dir) = to.parent() {
            std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
        }
        std::fs::rename(&from, &to).with_context(|| format!("cannot move {} to {}", from.display(), to.display()))?;
    }
    for rel in gone {
        let path = live.join(rel);
        if path.is_file() {
            std::fs::remove_file(&path).with_context(|| format!("cannot remove {}", path.display()))?;
        }
    }
    Ok(())
}

/// Builds the search index of the whole site again (from the served HTML) and moves its
/// files into `live`; files of the old index that the new one does not have are removed.
pub fn refresh_search(shared: &Shared<'_>, live: &Path, secrets: &Secrets) -> Result<(), Failure> {
    let bundles = crate::search::plan(shared);
    if bundles.is_empty() {
        return Ok(());
    }
    let staging = Staging::new(live)?;
    let result = (|| {
        for input in bundles.iter().flat_map(|b| &b.pages) {
            let (from, to) = (live.join(&input.file), staging.dir().join(&input.file));
            if let Some(dir) = to.parent() {
                std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
            }
            std::fs::hard_link(&from, &to).with_context(|| format!("cannot link {}", from.display()))?;
        }
        let folders: Vec<String> = bundles.iter().map(|b| b.dir.clone()).collect();
        crate::search::build_bundles(bundles, &staging)?;
        for bundle in &folders {
            let dir = staging.dir().join(bundle);
            if shared.mode == Mode::Public {
                audit(&dir, secrets)?;
            }
            move_folder(&dir, &live.join(bundle))?;
        }
        Ok(())
    })();
    staging.abort();
    result
}

/// Moves every file of `from` into `to` (by rename) and removes the files of `to` that
/// `from` does not have.
fn move_folder(from: &Path, to: &Path) -> anyhow::Result<()> {
    let mut kept = std::collections::BTreeSet::new();
    for entry in walkdir::WalkDir::new(from).sort_by_file_name() {
        let entry = entry.with_context(|| format!("cannot read {}", from.display()))?;
        if !entry.file_type().is_file() {
            continue;
        }
        let rel = entry.path().strip_prefix(from).unwrap_or(entry.path()).to_path_buf();
        let target = to.join(&rel);
        if let Some(dir) = target.parent() {
            std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
        }
        std::fs::rename(entry.path(), &target).with_context(|| format!("cannot move {}", target.display()))?;
        kept.insert(rel);
    }
    if to.is_dir() {
        for entry in walkdir::WalkDir::new(to).into_iter().filter_map(Result::ok) {
            let rel = entry.path().strip_prefix(to).unwrap_or(entry.path());
            if entry.file_type().is_file() && !kept.contains(rel) {
                std::fs::remove_file(entry.path())
                    .with_context(|| format!("cannot remove {}", entry.path().display()))?;
            }
        }
    }
    Ok(())
}
