//! What the server knows about the builds: the folder of the last good build, the error of
//! the last failed one, and the dashboards of the current build.
//!
//! Input: the builder publishes a new [`Snapshot`] after every build through a
//! `tokio::sync::watch` channel. Output: request handlers read the latest snapshot; the live
//! reload stream wakes up on every change. Nothing here fails.

use std::path::PathBuf;
use std::sync::{Arc, OnceLock};

use crate::build::Report;

/// The state of the preview after a build (good or failed).
#[derive(Debug, Clone, Default)]
pub struct Snapshot {
    /// Counts builds, good and failed; the browser reloads when it changes.
    pub build: u64,
    /// The output folder of the last good build (`None` until one succeeds).
    pub dir: Option<Arc<PathBuf>>,
    /// The number of the last good build (the one `dir` holds).
    pub good_build: u64,
    /// The messages of the last build when it failed (`path:line:col: message` lines).
    pub error: Option<Arc<String>>,
    /// The dashboards of the last good build.
    pub dashboards: Dashboards,
    /// How many pages and sections the last good build has.
    pub pages: usize,
    /// How long the last build took, in milliseconds.
    pub millis: u128,
}

impl Snapshot {
    /// The state after a good build into `dir`.
    pub fn good(&self, dir: PathBuf, report: &Report, millis: u128) -> Snapshot {
        Snapshot {
            build: self.build + 1,
            dir: Some(Arc::new(dir)),
            good_build: self.build + 1,
            error: None,
            dashboards: Dashboards::from_report(report),
            pages: report.pages,
            millis,
        }
    }

    /// The state after a failed build: the last good build stays served.
    pub fn failed(&self, message: String, millis: u128) -> Snapshot {
        Snapshot { build: self.build + 1, error: Some(Arc::new(message)), millis, ..self.clone() }
    }

    /// The message the live-reload script receives: `{"build":N,"error":null|"…"}`.
    pub fn event_json(&self) -> String {
        serde_json::json!({ "build": self.good_build, "error": self.error.as_deref() }).to_string()
    }
}

/// The reviewers' dashboards under `/_cahier/`, as HTML fragments made when first asked
/// for: a build (often a one-page edit) costs nothing for a dashboard no one opens, and each
/// one is made at most once per build (the cache lives in the build's [`Snapshot`]).
/// `None` (no build yet) means no dashboard.
///
/// To plug a report in: give [`Report`] the data (e.g. the redaction log), render it to
/// HTML in [`Dashboards::html`], and list it in [`Dashboards::entries`].
#[derive(Debug, Clone, Default)]
pub struct Dashboards {
    sources: Option<Arc<Sources>>,
}

/// What the dashboards of one build are made from, and each one once made.
#[derive(Debug)]
struct Sources {
    log: crate::redact::RedactionLog,
    config: Arc<crate::config::Config>,
    mode: crate::redact::Mode,
    redactions: OnceLock<Arc<String>>,
    parity: OnceLock<Arc<String>>,
}

/// The parity report's own page, as a fragment: its styles and its body.
fn body_of(page: &str) -> String {
    let style = page.find("<style").and_then(|a| page[a..].find("</style>").map(|b| &page[a..a + b + 8])).unwrap_or("");
    let body = page
        .find("<body")
        .and_then(|a| page[a..].find('>').map(|b| a + b + 1))
        .and_then(|start| page.rfind("</body>").map(|end| &page[start..end]))
        .unwrap_or(page);
    format!("{style}\n{body}")
}

/// One dashboard as the index lists it.
pub struct Entry {
    /// Its path below `/_cahier/`.
    pub slug: &'static str,
    pub title: &'static str,
    /// What it shows, in a sentence.
    pub about: &'static str,
    /// The build produces it.
    pub available: bool,
}

impl Dashboards {
    /// The dashboards of a finished build: its redaction log, and the parity report of the
    /// site as it is when first asked for (drafts included, as the preview shows them).
    pub fn from_report(report: &Report) -> Dashboards {
        let sources = Sources {
            log: report.redactions.clone(),
            config: report.config.clone(),
            mode: report.mode,
            redactions: OnceLock::new(),
            parity: OnceLock::new(),
        };
        Dashboards { sources: Some(Arc::new(sources)) }
    }

    /// The dashboard `slug` as an HTML fragment, made now if it was not yet (the parity report
    /// reads the site: call it off the server's async threads).
    pub fn html(&self, slug: &str) -> Option<Arc<String>> {
        let s = self.sources.as_ref()?;
        match slug {
            "redactions" => Some(s.redactions.get_or_init(|| Arc::new(redactions_html(&s.log))).clone()),
            "parity" => Some(s.parity.get_or_init(|| Arc::new(parity_html(&s.config, s.mode))).clone()),
            _ => None,
        }
    }

    /// Every dashboard, in the order the index shows them.
    pub fn entries(&self) -> [Entry; 2] {
        let available = self.sources.is_some();
        [
            Entry {
                slug: "redactions",
                title: "Redaction log",
                about: "Every redaction of the build, with its page, its source line and its exemptions.",
                available,
            },
            Entry {
                slug: "parity",
                title: "Parity report",
                about: "Translation pairs that are missing, stale or structurally different.",
                available,
            },
        ]
    }

    /// The text of a source file the redaction log names (`content/a.md`), else `None`;
    /// always `None` in a `--public` preview, since the source holds the redacted text.
    pub fn source(&self, path: &str) -> Option<String> {
        let s = self.sources.as_ref()?;
        if s.mode == crate::redact::Mode::Public || !super::redaction_log::names(&s.log, path) {
            return None;
        }
        std::fs::read_to_string(s.config.root.join(path)).ok()
    }
}

fn redactions_html(log: &crate::redact::RedactionLog) -> String {
    super::redaction_log::html(log)
}

/// The parity report of the site as the preview shows it: a `--public` preview compares the
/// pages as the public build shows them (redacted, no drafts), never the unredacted text.
fn parity_html(config: &crate::config::Config, mode: crate::redact::Mode) -> String {
    let report = match mode {
        crate::redact::Mode::Internal => crate::parity::report(config, &crate::parity::Options { drafts: true }),
        crate::redact::Mode::Public => {
            crate::build::public_sources(config).and_then(|pages| crate::parity::report_of(config, pages))
        }
    };
    match report {
        Ok(r) => body_of(&crate::parity::render_html(&r)),
        Err(f @ crate::diag::Failure::Content(_)) => {
            format!("<pre>{}</pre>", super::dashboards::escape(&f.to_string()))
        }
        Err(f) => format!("<p>The parity report failed: {}</p>", super::dashboards::escape(&f.to_string())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_failed_build_keeps_the_last_good_folder_and_a_good_one_clears_the_error() {
        let config = crate::config::Config::parse(
            "base_url = \"https://x\"",
            std::path::Path::new("/nonexistent"),
            std::path::Path::new("config.toml"),
            &Default::default(),
        )
        .unwrap();
        let report = Report {
            output_dir: PathBuf::from("x"),
            pages: 3,
            warnings: Vec::new(),
            redactions: Default::default(),
            config: Arc::new(config),
            mode: crate::redact::Mode::Internal,
            timings: Default::default(),
        };
        let first = Snapshot::default().good(PathBuf::from("gen-1"), &report, 5);
        let failed = first.failed("content/a.md:1:1: error: bad".into(), 2);
        assert_eq!(failed.dir.as_deref(), Some(&PathBuf::from("gen-1")));
        assert_eq!(failed.build, 2);
        assert_eq!(failed.event_json(), r#"{"build":1,"error":"content/a.md:1:1: error: bad"}"#);
        let fixed = failed.good(PathBuf::from("gen-3"), &report, 5);
        assert_eq!(fixed.event_json(), r#"{"build":3,"error":null}"#);
    }
}
