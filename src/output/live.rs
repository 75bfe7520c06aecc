//! Stages 6 and 7 for `cahier serve`'s updates: write the files whose bytes changed into the
//! served folder, each by an atomic rename, after (public builds) the audit has scanned them.
//!
//! Input: the served folder, the rendered files, the output paths that went. Output: the
//! folder updated; a request sees the old file or the new one, never half of one. Failure:
//! I/O errors; an audit hit ([`Failure::Leaks`]) before anything is moved in.

use std::path::{Path, PathBuf};

use anyhow::Context;

use super::staging::audit;
use crate::diag::Failure;
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
