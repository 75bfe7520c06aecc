//! The staging folder's neighbours: the lock that serializes builds into one folder, what
//! killed builds left beside it, and the swap itself.
//!
//! Names used beside an output folder `NAME`: `.NAME.staging-PID` (a build's staging folder,
//! and after the swap the previous output on its way out) and `.NAME.staging-PID.old` /
//! `.NAME.old` (the previous output, moved aside where the system has no atomic exchange or
//! by earlier versions). Failure: I/O errors naming the path.

use std::path::{Path, PathBuf};

use anyhow::Context;

/// Locks the folder `parent` (which holds the output folder `name`) for this build; the lock
/// goes with the returned file. A second build into the same place waits here.
pub fn lock(parent: &Path, name: &str) -> anyhow::Result<std::fs::File> {
    let file = std::fs::File::open(parent).with_context(|| format!("cannot open {}", parent.display()))?;
    if rustix::fs::flock(&file, rustix::fs::FlockOperation::NonBlockingLockExclusive).is_err() {
        eprintln!("waiting for another build into {} to finish", parent.join(name).display());
        rustix::fs::flock(&file, rustix::fs::FlockOperation::LockExclusive)
            .with_context(|| format!("cannot lock {}", parent.display()))?;
    }
    Ok(file)
}

/// Removes what earlier builds into `name` left in `parent` when they were killed: their
/// staging folders and moved-aside outputs, only those whose process is gone (with the lock
/// held, no live build is writing them).
pub fn remove_stale(parent: &Path, name: &str) -> anyhow::Result<()> {
    let Ok(entries) = std::fs::read_dir(parent) else { return Ok(()) };
    let staging = format!(".{name}.staging-");
    let legacy = format!(".{name}.old");
    for entry in entries.flatten() {
        let file_name = entry.file_name().to_string_lossy().into_owned();
        let stale = if file_name == legacy {
            true
        } else if let Some(rest) = file_name.strip_prefix(&staging) {
            let pid = rest.strip_suffix(".old").unwrap_or(rest);
            pid.parse::<u32>().is_ok_and(|pid| pid != std::process::id() && !alive(pid))
        } else {
            false
        };
        if stale && entry.file_type().is_ok_and(|t| t.is_dir()) {
            super::remove_tree(&entry.path()).with_context(|| {
                format!("cannot remove {}, left by a build that was stopped", entry.path().display())
            })?;
        }
    }
    Ok(())
}

/// Whether process `pid` still runs (on Linux; elsewhere every process is taken as alive, so
/// nothing is removed).
fn alive(pid: u32) -> bool {
    if cfg!(target_os = "linux") { Path::new(&format!("/proc/{pid}")).exists() } else { true }
}

/// Puts the staging folder `dir` in the place of `out`; gives where the previous output now
/// is, to be removed (`None` when there was none).
pub fn swap_in(dir: &Path, out: &Path) -> anyhow::Result<Option<PathBuf>> {
    if std::fs::symlink_metadata(out).is_err() {
        std::fs::rename(dir, out).with_context(|| format!("cannot move {} to {}", dir.display(), out.display()))?;
        return Ok(None);
    }
    if exchange(dir, out).is_ok() {
        return Ok(Some(dir.to_path_buf()));
    }
    let mut old = dir.as_os_str().to_owned();
    old.push(".old");
    let old = PathBuf::from(old);
    std::fs::rename(out, &old).with_context(|| format!("cannot move {} aside", out.display()))?;
    if let Err(e) = std::fs::rename(dir, out) {
        let _ = std::fs::rename(&old, out);
        return Err(e).with_context(|| format!("cannot move {} to {}", dir.display(), out.display()));
    }
    Ok(Some(old))
}

/// Exchanges two paths atomically (`renameat2` with `RENAME_EXCHANGE`).
#[cfg(any(target_os = "linux", target_os = "android"))]
fn exchange(a: &Path, b: &Path) -> std::io::Result<()> {
    use rustix::fs::{CWD, RenameFlags, renameat_with};
    renameat_with(CWD, a, CWD, b, RenameFlags::EXCHANGE).map_err(Into::into)
}

/// No atomic exchange here: the caller moves the old output aside first.
#[cfg(not(any(target_os = "linux", target_os = "android")))]
fn exchange(_: &Path, _: &Path) -> std::io::Result<()> {
    Err(std::io::ErrorKind::Unsupported.into())
}
