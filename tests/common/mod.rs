//! A small driver for integration tests: copy a fixture site to a temp folder, build it,
//! read its output, change a file, build again.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

use cahier::build::{BuildOptions, Failure, Report, build};
use cahier::redact::Mode;
#[allow(unused_imports)]
pub use cahier::testing::SiteBuilder;

pub struct Fixture {
    pub dir: tempfile::TempDir,
}

impl Fixture {
    /// Copies `tests/fixtures/NAME` (or the bundled `site/` for "site") into a temp folder.
    pub fn new(name: &str) -> Fixture {
        let src = if name == "site" {
            PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("site")
        } else {
            PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(name)
        };
        let dir = tempfile::tempdir().unwrap();
        copy_dir(&src, &dir.path().join("site"));
        Fixture { dir }
    }

    pub fn root(&self) -> PathBuf {
        self.dir.path().join("site")
    }

    pub fn out(&self) -> PathBuf {
        self.root().join("public")
    }

    pub fn options(&self, mode: Mode) -> BuildOptions {
        BuildOptions { root: self.root(), output_dir: None, base_url: None, drafts: false, mode }
    }

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

    pub fn read(&self, rel: &str) -> String {
        std::fs::read_to_string(self.out().join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
    }

    pub fn write(&self, rel: &str, text: &str) {
        let p = self.root().join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }

    /// Every output file, relative, sorted.
    pub fn files(&self) -> Vec<String> {
        list(&self.out())
    }
}

pub fn list(dir: &Path) -> Vec<String> {
    let mut out: Vec<String> = walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| e.path().strip_prefix(dir).unwrap().to_string_lossy().into_owned())
        .collect();
    out.sort();
    out
}

pub fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let rel = entry.path().strip_prefix(from).unwrap();
        if rel.starts_with("public") || rel.starts_with("public-internal") {
            continue;
        }
        let target = to.join(rel);
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}
