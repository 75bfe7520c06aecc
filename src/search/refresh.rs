//! Refreshing the search index of the served folder (`cahier serve`, once the site is
//! quiet after a change): the index of the whole site built again from the served pages, its
//! files moved in, the old index's leftovers removed.
//!
//! Input: the site's [`Shared`] facts, the served folder, the secrets (public previews audit
//! the new index). Output: the folder's index replaced. Failure: I/O errors, an audit hit.

use std::path::Path;

use anyhow::Context;

use crate::diag::Failure;
use crate::output::staging::audit;
use crate::output::{Shared, Staging};
use crate::redact::{Mode, Secrets};

/// Builds the search index of the whole site again (from the served HTML) and moves its
/// files into `live`; files of the old index that the new one does not have are removed.
pub fn refresh(shared: &Shared<'_>, live: &Path, secrets: &Secrets) -> Result<(), Failure> {
    let bundles = super::plan(shared);
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
        super::build_bundles(bundles, &staging)?;
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
