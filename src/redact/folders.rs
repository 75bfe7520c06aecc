//! Where the reviewers' (internal) build may go: never where the public output or the site's
//! sources are.
//!
//! Input: the site root, the public output folder and the internal one (either may not exist
//! yet). Both are resolved first: `..` and symlinks, through their nearest existing folder.
//! Output: `Ok` when the internal folder is apart from the public one (neither is, contains
//! or sits inside the other) and from the sources (the site root itself, `content/`,
//! `static/`, `templates/`, `themes/`, `i18n/`, `sass/`). Failure: a message naming both
//! folders and saying what to do.

use std::path::{Component, Path, PathBuf};

/// A path with `..` and symlinks resolved, as far as it exists, then its missing tail.
fn resolved(path: &Path) -> PathBuf {
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let mut tail = Vec::new();
    let mut head = absolute.as_path();
    loop {
        if let Ok(real) = head.canonicalize() {
            let mut out = real;
            for part in tail.iter().rev() {
                match part {
                    Component::ParentDir => {
                        out.pop();
                    }
                    Component::CurDir => {}
                    c => out.push(c),
                }
            }
            return out;
        }
        match (head.parent(), head.components().next_back()) {
            (Some(parent), Some(last)) => {
                tail.push(last);
                head = parent;
            }
            _ => return absolute,
        }
    }
}

/// Checks that an internal build into `internal` cannot overwrite or be published with the
/// public output `public` or the sources of the site at `root`.
pub fn check_internal_output(root: &Path, public: &Path, internal: &Path) -> Result<(), String> {
    let (root, public, internal) = (resolved(root), resolved(public), resolved(internal));
    if internal == public || internal.starts_with(&public) || public.starts_with(&internal) {
        return Err(format!(
            "an internal build shows redacted and withheld text: it cannot write into the public output folder {}: \
             its output folder {} is, contains or sits inside it; choose another --output-dir",
            public.display(),
            internal.display()
        ));
    }
    let sources = ["content", "static", "templates", "themes", "i18n", "sass"].map(|d| root.join(d));
    if let Some(source) = sources.iter().find(|s| internal.starts_with(s)).or((internal == root).then_some(&root)) {
        return Err(format!(
            "an internal build cannot write into the site's sources: its output folder {} is or is inside {}; \
             choose another --output-dir",
            internal.display(),
            source.display()
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_internal_output_stays_apart_from_the_public_one_and_the_sources() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("site");
        std::fs::create_dir_all(root.join("content")).unwrap();
        std::fs::create_dir_all(root.join("public/en")).unwrap();
        let public = root.join("public");
        let check = |internal: PathBuf| check_internal_output(&root, &public, &internal);
        assert!(check(root.join("public-internal")).is_ok());
        for bad in [
            root.join("public"),
            root.join("public/review"),
            root.join("content/../public/x"),
            root.clone(),
            root.join("content/review"),
            root.join("static"),
            root.join("x/../templates/out"),
        ] {
            assert!(check(bad.clone()).is_err(), "{}", bad.display());
        }
        // Contains the public folder.
        assert!(
            check_internal_output(&root, &public, dir.path()).unwrap_err().contains("is, contains or sits inside it")
        );
        #[cfg(unix)]
        {
            let link = dir.path().join("link");
            std::os::unix::fs::symlink(&public, &link).unwrap();
            assert!(check(link.join("new")).is_err(), "through a symlink");
        }
    }
}
