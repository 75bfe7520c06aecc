//! Builds the preview into a temp folder, then again after every change the watcher reports.
//!
//! Input: the site's build options and a channel of debounced file events. Output: a
//! [`Snapshot`] published after each build. A full build goes into its own generation folder
//! (`gen-N` in the server's temp folder), so a request never sees a half-swapped folder; the
//! folder from two good builds ago is removed. A change of content is applied incrementally
//! ([`crate::incremental`]) to the served folder, each changed file replaced by an atomic
//! rename; the search index is refreshed once the site has been quiet for [`SEARCH_QUIET`].
//! Failure: a failed build publishes its messages and the last good build stays served;
//! nothing here stops the server.

use std::collections::BTreeSet;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

use notify_debouncer_full::DebounceEventResult;
use notify_debouncer_full::notify::EventKind;
use tokio::sync::watch;

use super::state::Snapshot;
use crate::build::{BuildOptions, Failure, Report};
use crate::incremental::{Outcome, State};

/// What the site's folder holds that a build reads: a change below these rebuilds.
pub const WATCHED: [&str; 7] = ["content", "templates", "static", "themes", "i18n", "config.toml", "zola.toml"];

/// How long the site must stay quiet after an incremental rebuild before the search index
/// (Pagefind over the whole site, seconds on a large site) is built again.
pub const SEARCH_QUIET: Duration = Duration::from_millis(1500);

/// Runs builds into generation folders below `temp` and publishes their outcome.
pub struct Builder {
    options: BuildOptions,
    temp: PathBuf,
    state: watch::Sender<Snapshot>,
    /// Good generations still on disk, oldest first.
    kept: Vec<PathBuf>,
    /// What the last good build made, for incremental rebuilds (`None` after a failure: the
    /// next change builds the whole site).
    last: Option<State>,
}

impl Builder {
    pub fn new(options: BuildOptions, temp: PathBuf, state: watch::Sender<Snapshot>) -> Builder {
        Builder { options, temp, state, kept: Vec::new(), last: None }
    }

    /// Builds the whole site once into a new generation folder, publishes the outcome and
    /// prints it; returns whether it succeeded.
    pub fn rebuild(&mut self, why: &str) -> bool {
        let start = Instant::now();
        let number = self.state.borrow().build + 1;
        let dir = self.temp.join(format!("gen-{number}"));
        let options = BuildOptions { output_dir: Some(dir.clone()), ..self.options.clone() };
        self.last = None;
        let outcome = State::full(&options);
        let millis = start.elapsed().as_millis();
        match outcome {
            Ok((state, report)) => {
                self.publish(
                    &report,
                    millis,
                    &format!("{why}: built {} pages and sections in {millis} ms", report.pages),
                );
                self.last = Some(state);
                self.kept.push(dir);
                // Keep the previous generation: requests that started before the swap finish.
                while self.kept.len() > 2 {
                    let old = self.kept.remove(0);
                    let _ = std::fs::remove_dir_all(old);
                }
                true
            }
            Err(failure) => self.failed(failure, millis, why),
        }
    }

    /// Applies a change (site-relative paths) to the served build: incrementally when the
    /// last build is known, else (or when the fast path cannot be sure) by a full rebuild.
    pub fn apply(&mut self, why: &str, changed: &BTreeSet<PathBuf>) -> bool {
        let Some(last) = self.last.take() else { return self.rebuild(why) };
        let start = Instant::now();
        match last.update(changed) {
            Outcome::Done(state, report, s) => {
                let millis = start.elapsed().as_millis();
                let search = if state.search_stale() { "; search index refresh pending" } else { "" };
                let line = format!(
                    "{why}: built {} pages and sections in {millis} ms (incremental: {} bodies and {} files rendered, {} written, {} removed{search})",
                    report.pages, s.bodies, s.rendered, s.written, s.removed
                );
                self.publish(&report, millis, &line);
                self.last = Some(*state);
                true
            }
            Outcome::Full(reason) => {
                let _ = writeln!(std::io::stderr(), "{why}: {reason}: building the whole site");
                self.rebuild(why)
            }
            Outcome::Failed(failure) => self.failed(failure, start.elapsed().as_millis(), why),
        }
    }

    /// Builds the search index again when pages changed since it was built.
    fn refresh_search(&mut self) {
        let Some(last) = self.last.as_mut() else { return };
        let start = Instant::now();
        let outcome = last.refresh_search();
        let millis = start.elapsed().as_millis();
        let mut err = std::io::stderr().lock();
        match outcome {
            Ok(()) => {
                let _ = writeln!(err, "search index refreshed in {millis} ms");
            }
            Err(failure) => {
                let _ = writeln!(err, "{failure}");
                let _ =
                    writeln!(err, "the search index could not be refreshed; the next change rebuilds the whole site");
                self.last = None;
            }
        }
    }

    fn publish(&mut self, report: &Report, millis: u128, line: &str) {
        let dir = report.output_dir.clone();
        // The state first: what the terminal says is then already served.
        self.state.send_modify(|s| *s = s.good(dir, report, millis));
        let mut err = std::io::stderr().lock();
        for w in &report.warnings {
            let _ = writeln!(err, "{w}");
        }
        let _ = writeln!(err, "{line}");
        if std::env::var_os("CAHIER_TIMINGS").is_some() {
            let _ = write!(err, "{}", report.timings);
        }
    }

    fn failed(&mut self, failure: Failure, millis: u128, why: &str) -> bool {
        let message = failure.to_string();
        self.state.send_modify(|s| *s = s.failed(message.clone(), millis));
        let mut err = std::io::stderr().lock();
        let _ = writeln!(err, "{message}");
        let _ = writeln!(err, "{why}: the build failed; still serving the last good build");
        self.last = None;
        false
    }

    /// Rebuilds after each burst of relevant events until the event channel closes (the
    /// watcher was dropped at shutdown); refreshes the search index once the site is quiet.
    pub fn watch(mut self, events: Receiver<DebounceEventResult>, watched: &[Watched]) {
        loop {
            let first = if self.last.as_ref().is_some_and(State::search_stale) {
                match events.recv_timeout(SEARCH_QUIET) {
                    Ok(e) => e,
                    Err(RecvTimeoutError::Timeout) => {
                        self.refresh_search();
                        continue;
                    }
                    Err(RecvTimeoutError::Disconnected) => return,
                }
            } else {
                match events.recv() {
                    Ok(e) => e,
                    Err(_) => return,
                }
            };
            let mut changed = relevant(watched, first);
            // Editors save in bursts the debouncer may split: take what is already queued.
            loop {
                match events.recv_timeout(Duration::from_millis(20)) {
                    Ok(more) => changed.extend(relevant(watched, more)),
                    Err(RecvTimeoutError::Timeout) => break,
                    Err(RecvTimeoutError::Disconnected) => return,
                }
            }
            let changed: BTreeSet<PathBuf> = changed.into_iter().collect();
            if let Some(first) = changed.first() {
                let more = if changed.len() > 1 { format!(" and {} more", changed.len() - 1) } else { String::new() };
                self.apply(&format!("{}{more} changed", first.display()), &changed);
            }
        }
    }
}

/// A watched folder: its real path (symlinks resolved: `content/` may be a link, and the
/// watcher does not follow links inside the tree) and the name it has in the site.
#[derive(Debug, Clone)]
pub struct Watched {
    pub real: PathBuf,
    /// `content`, `templates`, …; empty for the site's folder itself (watched for
    /// `config.toml` and for the watched folders appearing or going).
    pub name: &'static str,
}

impl Watched {
    /// The watched folders of the site at `root` that exist, the root last.
    pub fn of_site(root: &Path) -> Vec<Watched> {
        let mut out: Vec<Watched> = WATCHED
            .iter()
            .filter(|n| !n.contains('.'))
            .filter_map(|&name| Some(Watched { real: root.join(name).canonicalize().ok()?, name }))
            .filter(|w| w.real.is_dir())
            .collect();
        if let Ok(real) = root.canonicalize() {
            out.push(Watched { real, name: "" });
        }
        out
    }

    /// The site-relative path of `path`, if this folder holds it.
    fn site_path(&self, path: &Path) -> Option<PathBuf> {
        let rel = path.strip_prefix(&self.real).ok()?;
        if self.name.is_empty() {
            let top = rel.components().next()?.as_os_str().to_str()?;
            return WATCHED.contains(&top).then(|| rel.to_path_buf());
        }
        Some(Path::new(self.name).join(rel))
    }
}

/// The site-relative paths of the events that can change the build.
fn relevant(watched: &[Watched], result: DebounceEventResult) -> Vec<PathBuf> {
    let Ok(events) = result else {
        // The watcher lost track (e.g. an overflow): rebuild to be safe.
        return vec![PathBuf::from("(watcher error)")];
    };
    events
        .iter()
        .filter(|e| !matches!(e.event.kind, EventKind::Access(_)))
        .flat_map(|e| e.event.paths.iter())
        .filter_map(|p| {
            let rel = watched.iter().find_map(|w| w.site_path(p))?;
            let name = rel.file_name()?.to_str()?;
            (!is_editor_scratch(name)).then_some(rel)
        })
        .collect()
}

/// Swap, backup and lock files that editors write beside the file being edited.
fn is_editor_scratch(name: &str) -> bool {
    name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".swx")
        || name.starts_with(".#")
        || name == "4913"
        || name.starts_with(".goutputstream")
}

#[cfg(test)]
mod tests {
    use super::*;
    use notify_debouncer_full::DebouncedEvent;
    use notify_debouncer_full::notify::Event;
    use notify_debouncer_full::notify::event::{CreateKind, ModifyKind};

    fn event(kind: EventKind, path: &str) -> DebouncedEvent {
        DebouncedEvent::new(Event::new(kind).add_path(PathBuf::from(path)), Instant::now())
    }

    #[test]
    fn only_inputs_of_the_build_count_and_editor_scratch_files_do_not() {
        let events = vec![
            event(EventKind::Modify(ModifyKind::Any), "/s/content/a.md"),
            event(EventKind::Create(CreateKind::File), "/s/content/.a.md.swp"),
            event(EventKind::Modify(ModifyKind::Any), "/s/public/index.html"),
            event(EventKind::Modify(ModifyKind::Any), "/s/config.toml"),
            event(EventKind::Modify(ModifyKind::Any), "/s/notes.txt"),
        ];
        let watched = [
            Watched { real: PathBuf::from("/s/content"), name: "content" },
            Watched { real: PathBuf::from("/s"), name: "" },
        ];
        let got = relevant(&watched, Ok(events));
        assert_eq!(got, vec![PathBuf::from("content/a.md"), PathBuf::from("config.toml")]);
    }
}
