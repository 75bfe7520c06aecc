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
//! Input: the config (a bilingual default when none is given), pages below `content/` and
//! any other files of the site. Output: a [`Built`] site holding the build's outcome and its
//! temp folder (removed when dropped). Failure: reading a file the build did not write
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
    config: Option<String>,
    files: Vec<(String, String)>,
}

impl SiteBuilder {
    pub fn new() -> SiteBuilder {
        SiteBuilder::default()
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

    /// Writes the site into a temp folder, `ROOT/site` (removed when the result is dropped).
    pub fn write(self) -> Written {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("cannot make a temp folder: {e}"));
        let root = dir.path().join("site");
        write(&root.join("config.toml"), self.config.as_deref().unwrap_or(DEFAULT_CONFIG));
        for (path, text) in &self.files {
            write(&root.join(path), text);
        }
        Written { dir, root }
    }

    /// Writes the site into a temp folder and builds it in `mode` into `ROOT/out`.
    pub fn build(self, mode: Mode) -> Built {
        let site = self.write();
        let options = site.options(mode);
        let out = options.output_dir.clone().unwrap_or_default();
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

/// A site written by [`SiteBuilder::write`], not built yet.
#[derive(Debug)]
pub struct Written {
    dir: tempfile::TempDir,
    /// The site's root folder.
    pub root: PathBuf,
}

impl Written {
    /// The options of a build in `mode` into `ROOT/out`.
    pub fn options(&self, mode: Mode) -> BuildOptions {
        let out = self.root.join("out");
        BuildOptions {
            root: self.root.clone(),
            output_dir: Some(out),
            base_url: None,
            drafts: false,
            mode,
            force: false,
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
