//! Issue 17, class 7: every dashboard of a public preview (`cahier serve --public`, the pages
//! under `/_cahier/`) passes the same audit as a public build's output. The bundled site,
//! which redacts and withholds in both languages, is served; each dashboard, and the source
//! view of each file the redaction log names, is fetched and audited with the secrets of the
//! site's public redaction pass. The same fetches from an internal preview find them (the
//! source view shows the text), so the check can fail.

mod common;

use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::Child;
use std::time::Duration;

use cahier::build::{BuildOptions, config_for, redaction_settings};
use cahier::i18n::I18n;
use cahier::redact::{self, Mode, Secrets};
use common::Fixture;

/// A running preview, killed when dropped.
struct Preview {
    child: Child,
    addr: String,
}

impl Preview {
    fn start(root: &Path, extra: &[&str]) -> Preview {
        let (child, lines) = common::spawn_serve(root, extra);
        let mut addr = String::new();
        loop {
            let line = lines.recv_timeout(Duration::from_secs(60)).expect("the preview did not start");
            if let Some(rest) = line.strip_prefix("Listening on http://") {
                addr = rest.split('/').next().unwrap().to_string();
            }
            assert!(!line.contains("error"), "{line}");
            if line.contains("first build") {
                break;
            }
        }
        // Keep draining stderr so that the server never blocks on it.
        std::thread::spawn(move || while lines.recv().is_ok() {});
        Preview { child, addr }
    }

    /// The body of `GET path`, with its status.
    fn get(&self, path: &str) -> (u16, String) {
        let mut stream = TcpStream::connect(&self.addr).unwrap();
        write!(stream, "GET {path} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n\r\n", self.addr).unwrap();
        let mut raw = Vec::new();
        stream.read_to_end(&mut raw).unwrap();
        let raw = String::from_utf8_lossy(&raw).into_owned();
        let status = raw.split(' ').nth(1).and_then(|s| s.parse().ok()).unwrap_or(0);
        let body = raw.split_once("\r\n\r\n").map(|(_, b)| b.to_string()).unwrap_or_default();
        (status, body)
    }
}

impl Drop for Preview {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// What the public build's audit looks for in this site, and the files its redaction log names.
fn secrets(root: &Path) -> (Secrets, Vec<String>) {
    let opts = BuildOptions {
        root: root.to_path_buf(),
        output_dir: None,
        base_url: None,
        drafts: false,
        mode: Mode::Public,
        force: true,
    };
    let config = config_for(&opts).unwrap();
    let i18n = I18n::load(&config).unwrap();
    let loaded = cahier::content::load(&config, false).unwrap();
    let redacted = redact::run(loaded.pages, &redaction_settings(&config, &i18n, Mode::Public).unwrap()).unwrap();
    let mut sources: Vec<String> = redacted.log.entries.iter().map(|e| e.path.display().to_string()).collect();
    sources.extend(redacted.log.withheld.iter().map(|w| w.path.display().to_string()));
    sources.sort();
    sources.dedup();
    (redacted.secrets, sources)
}

/// Fetches the dashboards index, each dashboard it links and the source view of each file in
/// `sources`; writes each body into `dir`; returns the statuses.
fn fetch_dashboards(preview: &Preview, sources: &[String], dir: &Path) -> Vec<(String, u16)> {
    let (status, index) = preview.get("/_cahier/");
    assert_eq!(status, 200, "{index}");
    let mut paths = vec!["/_cahier/".to_string()];
    for link in index.split("href=\"/_cahier/").skip(1) {
        let slug = link.split('"').next().unwrap();
        if !slug.is_empty() && !slug.contains('.') {
            paths.push(format!("/_cahier/{slug}"));
        }
    }
    assert!(paths.contains(&"/_cahier/redactions".to_string()) && paths.contains(&"/_cahier/parity".to_string()));
    paths.extend(sources.iter().map(|s| format!("/_cahier/source/{s}")));
    let mut statuses = Vec::new();
    for (i, path) in paths.iter().enumerate() {
        let (status, body) = preview.get(path);
        std::fs::write(dir.join(format!("{i}.html")), &body).unwrap();
        statuses.push((path.clone(), status));
    }
    statuses
}

#[test]
fn every_dashboard_of_a_public_preview_passes_the_audit() {
    let f = Fixture::new("site");
    let (secrets, sources) = secrets(&f.root());
    assert!(secrets.len() > 10 && !sources.is_empty(), "the site redacts: {secrets:?}");

    let public = Preview::start(&f.root(), &["--public"]);
    let dir = tempfile::tempdir().unwrap();
    let statuses = fetch_dashboards(&public, &sources, dir.path());
    drop(public);
    for (path, status) in &statuses {
        let expected = if path.starts_with("/_cahier/source/") { 404 } else { 200 };
        assert_eq!(*status, expected, "{path}");
    }
    let leaks = redact::audit::scan(dir.path(), &secrets).unwrap();
    assert!(leaks.is_empty(), "{} leak(s) in the public dashboards: {leaks:?}", leaks.len());
    let redactions = std::fs::read_to_string(dir.path().join("1.html")).unwrap();
    assert!(redactions.contains("15(1)"), "the log is shown, exemptions and all: {redactions}");

    // The internal preview's source views show the redacted text: the same audit finds it.
    let internal = Preview::start(&f.root(), &[]);
    let dir = tempfile::tempdir().unwrap();
    fetch_dashboards(&internal, &sources, dir.path());
    assert!(!redact::audit::scan(dir.path(), &secrets).unwrap().is_empty());
}
