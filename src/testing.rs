//! A fixture builder for tests, shared by unit and integration tests: a site written from
//! strings into a temp folder and built.
//!
//! ```text
//! use cahier::redact::Mode;
//! use cahier::testing::SiteBuilder;
//! let site = SiteBuilder::new()
//!     .page("docs/a.md", "+++\ntitle = \"A\"\n+++\nHello.\n")
//!     .build(Mode::Public);
//! assert!(site.read("docs/a/index.html").contains("Hello."));
//! ```
//!
//! Input: a fixture site to start from, or the config (a bilingual default when none is
//! given), pages below `content/` and any other files of the site. Output: a [`Fixture`] (the
//! site written, for tests that build, change and build again) or a [`Built`] site holding
//! the build's outcome; either owns its temp folder (removed when dropped). Failure: reading a file the build did not write
//! panics, naming it: this is test code.

use std::path::{Path, PathBuf};

use crate::build::{BuildOptions, Failure, Report, build};
use crate::redact::Mode;

/// The config of a site when the test gives none: English and French, prefixed French.
pub const DEFAULT_CONFIG: &str =
    "base_url = \"https://example.org\"\ntitle = \"Test\"\n[languages.fr]\ntitle = \"Essai\"\n";

/// A site to write and build.
#[derive(Debug, Default)]
pub struct SiteBuilder {
    /// A site folder copied first (`tests/fixtures/NAME`, or the bundled `site/`).
    base: Option<PathBuf>,
    config: Option<String>,
    files: Vec<(String, String)>,
}

impl SiteBuilder {
    pub fn new() -> SiteBuilder {
        SiteBuilder::default()
    }

    /// Starts from the fixture site `tests/fixtures/NAME` (or the bundled `site/` for
    /// "site"), copied whole; `config`, `page` and `file` then replace or add files.
    pub fn fixture(name: &str) -> SiteBuilder {
        let manifest = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
        let base = if name == "site" { manifest.join("site") } else { manifest.join("tests/fixtures").join(name) };
        SiteBuilder { base: Some(base), ..SiteBuilder::default() }
    }

    /// The text of `config.toml`.
    pub fn config(mut self, text: &str) -> SiteBuilder {
        self.config = Some(text.to_string());
        self
    }

    /// A content file, `path` below `content/` (`docs/a.md`, `docs/_index.fr.md`).
    pub fn page(self, path: &str, text: &str) -> SiteBuilder {
        self.file(&format!("content/{path}"), text)
    }

    /// Any file of the site, `path` below its root (`templates/page.html`, `static/x.css`).
    pub fn file(mut self, path: &str, text: &str) -> SiteBuilder {
        self.files.push((path.to_string(), text.to_string()));
        self
    }

    /// Writes the site into a temp folder, `TEMP/site` (removed when the result is dropped).
    pub fn write(self) -> Fixture {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("cannot make a temp folder: {e}"));
        let root = dir.path().join("site");
        match &self.base {
            Some(base) => copy_dir(base, &root),
            None => write(&root.join("config.toml"), DEFAULT_CONFIG),
        }
        if let Some(config) = &self.config {
            write(&root.join("config.toml"), config);
        }
        for (path, text) in &self.files {
            write(&root.join(path), text);
        }
        Fixture { dir }
    }

    /// Writes the site into a temp folder and builds it in `mode` into `ROOT/out`.
    pub fn build(self, mode: Mode) -> Built {
        let site = self.write();
        let out = site.root().join("out");
        let options = BuildOptions { output_dir: Some(out.clone()), ..site.options(mode) };
        let result = build(&options);
        Built { _dir: site.dir, out, result }
    }

    /// The site's content pages as read (markers in place), with the redaction settings of a
    /// build in `mode`: the input of the redaction stage, for unit tests.
    pub fn sources(self, mode: Mode) -> (Vec<crate::content::SourcePage>, crate::redact::Settings) {
        let site = self.write();
        let config = crate::build::config_for(&site.options(mode)).unwrap_or_else(|f| panic!("{f}"));
        let i18n = crate::i18n::I18n::load(&config).unwrap_or_else(|f| panic!("{f}"));
        let settings = crate::build::redaction_settings(&config, &i18n, mode).unwrap_or_else(|f| panic!("{f}"));
        let pages = crate::content::load(&config, false).unwrap_or_else(|f| panic!("{f}")).pages;
        (pages, settings)
    }
}

/// A site written by [`SiteBuilder::write`] into a temp folder: built, changed and built
/// again by the test (integration tests call it `common::Fixture`).
#[derive(Debug)]
pub struct Fixture {
    /// The temp folder: the site is `site/` in it; tests put other outputs beside it.
    pub dir: tempfile::TempDir,
}

impl Fixture {
    /// The fixture site `tests/fixtures/NAME` (or the bundled `site/`), copied.
    pub fn new(name: &str) -> Fixture {
        SiteBuilder::fixture(name).write()
    }

    /// The site's root folder.
    pub fn root(&self) -> PathBuf {
        self.dir.path().join("site")
    }

    /// The site's config, as a build reads it.
    pub fn config(&self) -> crate::config::Config {
        crate::config::Config::load(&self.root(), &crate::config::Overrides::default())
            .unwrap_or_else(|f| panic!("{f}"))
    }

    /// The default output folder, `ROOT/public`.
    pub fn out(&self) -> PathBuf {
        self.root().join("public")
    }

    /// The options of a build in `mode` into the config's output folder.
    pub fn options(&self, mode: Mode) -> BuildOptions {
        BuildOptions { root: self.root(), output_dir: None, base_url: None, drafts: false, mode, force: false }
    }

    /// A public build.
    pub fn build(&self) -> Result<Report, Failure> {
        build(&self.options(Mode::Public))
    }

    /// Builds and panics with the failure (printed as the CLI prints it) when the build fails.
    pub fn build_ok(&self) -> Report {
        self.build().unwrap_or_else(|f| panic!("build failed:\n{f}"))
    }

    /// The build's failure as the CLI prints it (one line per problem), or panics if it
    /// succeeded.
    pub fn build_err(&self) -> String {
        match self.build() {
            Ok(_) => panic!("the build should fail"),
            Err(f) => f.to_string(),
        }
    }

    /// The text of the output file `rel`.
    pub fn read(&self, rel: &str) -> String {
        std::fs::read_to_string(self.out().join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
    }

    /// Writes the site's file `rel` (below its root).
    pub fn write(&self, rel: &str, text: &str) {
        write(&self.root().join(rel), text);
    }

    /// Every output file, relative, sorted.
    pub fn files(&self) -> Vec<String> {
        list(&self.out())
    }
}

/// Every file below `dir`, relative, sorted.
pub fn list(dir: &Path) -> Vec<String> {
    let mut out: Vec<String> = walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| e.path().strip_prefix(dir).unwrap_or(e.path()).to_string_lossy().into_owned())
        .collect();
    out.sort();
    out
}

/// Copies the folder `from` to `to`, leaving out build outputs (`public`, `public-internal`).
pub fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap_or_else(|e| panic!("cannot read {}: {e}", from.display()));
        let rel = entry.path().strip_prefix(from).unwrap_or(entry.path());
        if rel.starts_with("public") || rel.starts_with("public-internal") {
            continue;
        }
        let target = to.join(rel);
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap_or_else(|e| panic!("cannot create {}: {e}", target.display()));
        } else {
            std::fs::copy(entry.path(), &target).unwrap_or_else(|e| panic!("cannot copy to {}: {e}", target.display()));
        }
    }
}

fn write(path: &Path, text: &str) {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).unwrap_or_else(|e| panic!("cannot create {}: {e}", parent.display()));
    }
    std::fs::write(path, text).unwrap_or_else(|e| panic!("cannot write {}: {e}", path.display()));
}

/// A site built by [`SiteBuilder::build`].
#[derive(Debug)]
pub struct Built {
    _dir: tempfile::TempDir,
    /// The output folder.
    pub out: PathBuf,
    pub result: Result<Report, Failure>,
}

impl Built {
    /// The report of the build; panics with the failure, printed as the CLI prints it.
    pub fn report(&self) -> &Report {
        match &self.result {
            Ok(r) => r,
            Err(f) => panic!("the build failed:\n{f}"),
        }
    }

    /// The failure, printed as the CLI prints it; panics if the build succeeded.
    pub fn failure(&self) -> String {
        match &self.result {
            Ok(_) => panic!("the build should fail"),
            Err(f) => f.to_string(),
        }
    }

    /// The text of the output file `rel` (the build must have succeeded).
    pub fn read(&self, rel: &str) -> String {
        self.report();
        std::fs::read_to_string(self.out.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_site_from_strings_builds_and_a_bad_page_fails_at_its_place() {
        let site = SiteBuilder::new()
            .page("docs/_index.md", "+++\ntitle = \"Docs\"\n+++\n")
            .page("docs/a.md", "+++\ntitle = \"A\"\n+++\nHello {% redact(s=\"15(1)\") %}Zanzibar{% end %}.\n")
            .build(Mode::Public);
        let page = site.read("docs/a/index.html");
        assert!(page.contains("Hello") && !page.contains("Zanzibar"), "{page}");
        let bad = SiteBuilder::new().page("a.md", "+++\ntitle = 3\n+++\n").build(Mode::Public);
        assert!(bad.failure().starts_with("content/a.md:2:9: error: invalid front matter"), "{}", bad.failure());
    }
}
