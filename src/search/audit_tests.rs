//! The audit of a public build with search ([`build_audited`]): Pagefind's index chunks are
//! read by their names only, because the pages fed to the index are audited; a passage
//! planted in what is fed is still caught.

use std::io::Read;
use std::path::Path;

use super::{Bundle, Input, Summary, build_audited};
use crate::diag::{Failure, Leak};
use crate::output::Staging;
use crate::redact::Secrets;

fn zephyr() -> Secrets {
    Secrets::of_span("Project Zephyr", "content/a.md", 3)
}

fn page(text: &str) -> String {
    format!(
        "<!DOCTYPE html><html lang=\"en\"><head><title>T</title></head><body><main><h1>Budget</h1><p>{text}</p></main></body></html>"
    )
}

/// A staging folder beside `root/out` holding `pages` (file, HTML), and the English bundle
/// that indexes them.
fn staged(root: &Path, pages: &[(&str, String)]) -> (Staging, Vec<Bundle>) {
    let staging = Staging::new(&root.join("out")).unwrap();
    let mut inputs = Vec::new();
    for (file, html) in pages {
        staging.write(file, html.as_bytes()).unwrap();
        inputs.push(Input { url: format!("/{}", file.trim_end_matches("index.html")), file: file.to_string() });
    }
    inputs.sort();
    (staging, vec![Bundle { lang: "en".into(), dir: "pagefind".into(), pages: inputs }])
}

fn leaks(result: Result<Summary, Failure>) -> Vec<String> {
    match result {
        Err(Failure::Leaks(leaks)) => leaks.iter().map(|l: &Leak| l.output.display().to_string()).collect(),
        Err(other) => panic!("not an audit failure: {other}"),
        Ok(_) => Vec::new(),
    }
}

/// The text of the bundle's fragments, decompressed.
fn fragments(staging: &Staging) -> String {
    let mut all = String::new();
    for entry in walkdir::WalkDir::new(staging.dir().join("pagefind/fragment")) {
        let entry = entry.unwrap();
        if entry.file_type().is_file() {
            let bytes = std::fs::read(entry.path()).unwrap();
            flate2::read::GzDecoder::new(&bytes[..]).read_to_string(&mut all).unwrap();
        }
    }
    all
}

#[test]
fn a_passage_planted_in_a_fed_page_is_caught_though_the_chunks_are_not_read() {
    let root = tempfile::tempdir().unwrap();
    let (staging, bundles) = staged(
        root.path(),
        &[("a/index.html", page("The minister approved Project Zephyr.")), ("b/index.html", page("Nothing here."))],
    );
    let found = leaks(build_audited(bundles, &staging, Some(&zephyr()), |_| ()));
    // The passage reached the index: its fragments hold it.
    assert!(fragments(&staging).contains("Project Zephyr"), "{}", fragments(&staging));
    // The audit names the page fed, and no chunk: it did not need to read them.
    assert_eq!(found, ["a/index.html"]);
    staging.abort();
}

#[test]
fn the_chunks_are_read_when_a_page_fed_is_not_one_the_audit_reads() {
    let root = tempfile::tempdir().unwrap();
    // A page at `song.mp3` (a page's `path` may say so): the audit leaves audio files out.
    let (staging, bundles) = staged(root.path(), &[("song.mp3", page("Project Zephyr"))]);
    let found = leaks(build_audited(bundles, &staging, Some(&zephyr()), |_| ()));
    assert!(!found.is_empty(), "a leak through the index went unseen");
    assert!(found.iter().all(|f| f.starts_with("pagefind/") && f.ends_with(".pf_fragment")), "{found:?}");
    staging.abort();
}
