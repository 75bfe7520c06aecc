//! Which files make up `content/`: the walk (sorted, hidden files and `ignored_content` left
//! out, symbolic links checked), and which of them are a page's or section's assets.
//!
//! Input: the `content/` folder and the config. Output: file paths. Failure: a folder that
//! cannot be read, or a symbolic link that leads out of the site (an error naming it).

use std::path::{Path, PathBuf};

use crate::config::Config;

/// All files below `content/`, sorted, hidden files and `ignored_content` left out.
pub(super) fn walk(content: &Path, config: &Config) -> anyhow::Result<Vec<PathBuf>> {
    use anyhow::Context;
    let mut files = Vec::new();
    if !content.is_dir() {
        return Ok(files);
    }
    let walker = walkdir::WalkDir::new(content)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'));
    for entry in walker {
        let entry = entry.with_context(|| format!("cannot read {}", content.display()))?;
        if entry.path_is_symlink() && !linked_file_inside(entry.path(), &config.root)? {
            continue;
        }
        if !entry.file_type().is_file() && !entry.path_is_symlink() {
            continue;
        }
        let rel = entry.path().strip_prefix(content).unwrap_or(entry.path());
        if config.ignored_content.is_match(rel) {
            continue;
        }
        files.push(entry.into_path());
    }
    Ok(files)
}

/// Whether the symbolic link `link` below `content/` leads to a file inside the site (read
/// like any other); a link that leads out of the site is an error (it would publish what the
/// site does not hold); a link to a folder or to nothing is left aside.
fn linked_file_inside(link: &Path, root: &Path) -> anyhow::Result<bool> {
    let (Ok(target), Ok(real_root)) = (link.canonicalize(), root.canonicalize()) else { return Ok(false) };
    if !target.starts_with(&real_root) {
        anyhow::bail!(
            "{} is a symbolic link to {}, outside the site: cahier reads only files inside the site; copy the file in",
            link.display(),
            target.display()
        );
    }
    Ok(target.is_file())
}

/// The files of `all` that are not Markdown: what a page or section may have as assets.
pub(super) fn non_markdown(all: &[PathBuf]) -> Vec<PathBuf> {
    all.iter().filter(|f| f.extension().is_none_or(|e| e != "md")).cloned().collect()
}

/// The files of `others` (non-Markdown) in a page's folder (and below it, for a page; only
/// the folder itself, for a section, as in Zola).
pub(super) fn assets_of(dir: &Path, others: &[PathBuf], section: bool) -> Vec<PathBuf> {
    others.iter().filter(|f| if section { f.parent() == Some(dir) } else { f.starts_with(dir) }).cloned().collect()
}
