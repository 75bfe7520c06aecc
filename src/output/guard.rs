//! What a build may write over, and where: the rules that keep a build from destroying the
//! user's files or writing outside its output folder.
//!
//! - [`check_output_dir`]: the output folder may not be the site's folder, one of its source
//!   folders (`content`, `templates`, `static`, `themes`, `i18n`, `data`), contain one of them
//!   or sit inside one; it may not be an existing file; an existing non-empty folder is
//!   replaced only if a cahier build wrote it (it holds the [`MARKER`] file) or with `--force`.
//! - [`safe_rel`]: every path written below the output folder is relative, with no `..`.
//!
//! Input: the resolved config. Output: nothing, or an error saying what to do. Failure:
//! only errors; nothing is written here.

use std::path::{Component, Path, PathBuf};

use crate::config::Config;

/// The file a build leaves in every output folder it writes: a later build replaces only a
/// folder that holds it (or an empty or absent one), unless told `--force`.
pub const MARKER: &str = ".cahier-output";

/// The marker's text (a note for whoever finds the file).
pub const MARKER_TEXT: &str = "This folder was written by `cahier build`; the next build replaces all of it.\n";

/// The site folders a build reads from and must never replace.
pub const SOURCE_FOLDERS: [&str; 6] = ["content", "templates", "static", "themes", "i18n", "data"];

/// Refuses an output folder that a build would destroy user files by replacing.
pub fn check_output_dir(config: &Config, force: bool) -> anyhow::Result<()> {
    let out = resolved(&config.output_dir);
    let root = resolved(&config.root);
    let shown = config.output_dir.display();
    let mut protected = vec![(root.clone(), "the site's folder".to_string())];
    protected.extend(SOURCE_FOLDERS.iter().map(|f| (resolved(&root.join(f)), format!("the site's `{f}/` folder"))));
    for (dir, what) in &protected {
        let is_root = dir == &root;
        if out == *dir || (!is_root && out.starts_with(dir)) || dir.starts_with(&out) {
            anyhow::bail!(
                "refusing to write the site into {shown}: it is, holds or sits inside {what} ({}), and a build \
                 replaces its output folder entirely; choose another --output-dir (or `output_dir` in config.toml), \
                 such as `public`",
                dir.display()
            );
        }
    }
    let meta = match std::fs::symlink_metadata(&config.output_dir) {
        Ok(m) => m,
        Err(_) => return Ok(()),
    };
    if !meta.is_dir() {
        anyhow::bail!(
            "refusing to write the site into {shown}: it is an existing file, not a folder, and a build would \
             replace it; choose another --output-dir"
        );
    }
    if force || config.output_dir.join(MARKER).is_file() {
        return Ok(());
    }
    let empty = std::fs::read_dir(&config.output_dir).map(|mut d| d.next().is_none()).unwrap_or(false);
    if !empty {
        anyhow::bail!(
            "refusing to replace {shown}: the folder is not empty and no cahier build wrote it (it has no \
             `{MARKER}` file), so its files may be yours; choose an empty or new folder, or pass --force to \
             replace everything in it"
        );
    }
    Ok(())
}

/// `path` made absolute, with its existing part's links resolved and `.`/`..` taken out, so
/// that two spellings of one folder compare equal.
fn resolved(path: &Path) -> PathBuf {
    let abs = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let mut clean = PathBuf::new();
    for c in abs.components() {
        match c {
            Component::ParentDir => {
                clean.pop();
            }
            Component::CurDir => {}
            other => clean.push(other),
        }
    }
    let mut existing = clean.as_path();
    let mut rest = Vec::new();
    loop {
        if let Ok(real) = existing.canonicalize() {
            return rest.iter().rev().fold(real, |p, r: &&std::ffi::OsStr| p.join(r));
        }
        match (existing.parent(), existing.file_name()) {
            (Some(parent), Some(name)) => {
                rest.push(name);
                existing = parent;
            }
            _ => return clean,
        }
    }
}

/// Whether `rel` (a `/`-separated path below the output folder) stays inside it: not
/// absolute, no `..`, no empty name, no NUL byte. The reason when not.
pub fn safe_rel(rel: &str) -> Result<(), String> {
    if rel.contains('\0') {
        return Err(format!("the output path `{}` holds a NUL byte", rel.escape_debug()));
    }
    if rel.starts_with('/') || rel.starts_with('\\') || Path::new(rel).is_absolute() {
        return Err(format!("the output path `{rel}` is absolute: it must stay inside the output folder"));
    }
    if rel.split(['/', '\\']).any(|part| part == "..") {
        return Err(format!("the output path `{rel}` goes up with `..`: it must stay inside the output folder"));
    }
    if rel.is_empty() || rel.ends_with('/') {
        return Err(format!("the output path `{rel}` names no file"));
    }
    Ok(())
}

pub use crate::paths::no_parent_segment;

#[cfg(test)]
mod tests {
    use super::*;

    fn config(root: &Path, out: &Path) -> Config {
        let overrides = crate::config::Overrides { output_dir: Some(out.to_path_buf()), ..Default::default() };
        Config::parse("base_url = \"https://x.example\"\n", root, Path::new("config.toml"), &overrides).unwrap()
    }

    #[test]
    fn the_site_its_sources_and_folders_holding_them_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("site");
        std::fs::create_dir_all(root.join("content/a")).unwrap();
        for out in [
            root.clone(),
            root.join("content"),
            root.join("content/a/out"),
            root.join("templates"),
            root.join("static/x"),
            dir.path().to_path_buf(),
            root.join("public/../content"),
        ] {
            let err = check_output_dir(&config(&root, &out), true).unwrap_err().to_string();
            assert!(err.contains("refusing to write the site into"), "{out:?}: {err}");
        }
        check_output_dir(&config(&root, &root.join("public")), false).unwrap();
        check_output_dir(&config(&root, &dir.path().join("elsewhere/public")), false).unwrap();
    }

    #[test]
    fn a_file_and_an_unmarked_folder_are_refused_a_marked_or_empty_one_is_not() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("site");
        std::fs::create_dir_all(&root).unwrap();
        let file = dir.path().join("notes.txt");
        std::fs::write(&file, "mine").unwrap();
        let err = check_output_dir(&config(&root, &file), true).unwrap_err().to_string();
        assert!(err.contains("existing file"), "{err}");
        let out = dir.path().join("out");
        std::fs::create_dir(&out).unwrap();
        check_output_dir(&config(&root, &out), false).unwrap();
        std::fs::write(out.join("mine.txt"), "mine").unwrap();
        let err = check_output_dir(&config(&root, &out), false).unwrap_err().to_string();
        assert!(err.contains("--force"), "{err}");
        check_output_dir(&config(&root, &out), true).unwrap();
        std::fs::write(out.join(MARKER), MARKER_TEXT).unwrap();
        check_output_dir(&config(&root, &out), false).unwrap();
    }

    #[test]
    fn relative_paths_must_stay_inside() {
        for ok in ["index.html", "a/b/index.html", "fr/x.y/atom.xml", "...html"] {
            safe_rel(ok).unwrap();
        }
        for bad in ["../x", "a/../../x", "/etc/passwd", "a\\..\\x", "a/", "", "a\0b"] {
            assert!(safe_rel(bad).is_err(), "{bad}");
        }
        no_parent_segment("/blog/x/").unwrap();
        assert!(no_parent_segment("../../x").is_err());
        assert!(no_parent_segment("a/ .. /x").is_err());
    }
}
