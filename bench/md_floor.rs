//! The Markdown floor of `bench/run.sh`: pulldown-cmark alone turning a site's pages into
//! HTML files, on all cores, with no templates, links, shortcodes or search. A build cannot be
//! faster than this; `bench/results.md` gives cahier's plain build over it.
//!
//!     cargo run --release --example md-floor -- CONTENT_DIR OUT_DIR
//!
//! Input: a content folder (`page.md`, `page.fr.md`, `_index.md`, TOML front matter between
//! `+++` lines). For each Markdown file (read in parallel, with rayon, one file per task):
//! the front matter is cut off (not parsed), the rest rendered with the options cahier uses
//! for the benchmark site (tables, footnotes, strikethrough, task lists, heading attributes,
//! smart punctuation), and the HTML written to `OUT_DIR/{path without .md}/index.html`
//! (`s0/p3.fr.md` -> `s0/p3.fr/index.html`). Output: the files, and one line on stdout with
//! the pages and bytes written. Fails on an unreadable file, a file without front matter, or
//! an output folder that already exists (nothing is ever removed).

use std::path::{Path, PathBuf};

use anyhow::{Context, bail};
use pulldown_cmark::{Options, Parser, html};
use rayon::prelude::*;

fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [content, out] = args.as_slice() else {
        bail!("usage: md-floor CONTENT_DIR OUT_DIR");
    };
    let (content, out) = (Path::new(content), Path::new(out));
    if out.exists() {
        bail!("{} already exists: give a new folder", out.display());
    }
    let mut pages = Vec::new();
    for entry in walkdir::WalkDir::new(content).sort_by_file_name() {
        let entry = entry.with_context(|| format!("cannot walk {}", content.display()))?;
        if entry.file_type().is_file() && entry.path().extension().is_some_and(|e| e == "md") {
            pages.push(entry.into_path());
        }
    }
    let bytes: Vec<usize> =
        pages.par_iter().map(|page| render_file(content, page, out)).collect::<anyhow::Result<_>>()?;
    println!("md-floor: {} pages, {} bytes of HTML -> {}", pages.len(), bytes.iter().sum::<usize>(), out.display());
    Ok(())
}

/// Renders one page into its file below `out`; returns the bytes written.
fn render_file(content: &Path, page: &Path, out: &Path) -> anyhow::Result<usize> {
    let text = std::fs::read_to_string(page).with_context(|| format!("cannot read {}", page.display()))?;
    let html = render(body(&text).with_context(|| format!("in {}", page.display()))?);
    let file = target(content, page, out);
    std::fs::create_dir_all(file.parent().unwrap_or(out))
        .with_context(|| format!("cannot create the folder of {}", file.display()))?;
    std::fs::write(&file, &html).with_context(|| format!("cannot write {}", file.display()))?;
    Ok(html.len())
}

/// The Markdown after the `+++` front matter.
fn body(text: &str) -> anyhow::Result<&str> {
    let rest = text.strip_prefix("+++").context("no `+++` front matter")?;
    let end = rest.find("\n+++").context("front matter not closed")?;
    Ok(&rest[end + 4..])
}

fn render(markdown: &str) -> String {
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_SMART_PUNCTUATION;
    let mut out = String::with_capacity(markdown.len() * 3 / 2);
    html::push_html(&mut out, Parser::new_ext(markdown, options));
    out
}

/// `content/s0/p3.fr.md` -> `out/s0/p3.fr/index.html`.
fn target(content: &Path, page: &Path, out: &Path) -> PathBuf {
    let rel = page.strip_prefix(content).unwrap_or(page).with_extension("");
    out.join(rel).join("index.html")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cuts_the_front_matter_and_renders_the_rest() {
        let page = "+++\ntitle = \"A\"\n+++\n\n# Budget\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n\"quoted\"\n";
        let html = render(body(page).unwrap());
        assert!(html.contains("<h1>Budget</h1>") && html.contains("<table>") && html.contains("“quoted”"), "{html}");
        assert!(body("# no front matter").is_err());
        assert!(body("+++\ntitle = \"A\"\n").is_err());
    }

    #[test]
    fn each_page_gets_its_own_folder() {
        let (content, out) = (Path::new("/c"), Path::new("/o"));
        assert_eq!(target(content, Path::new("/c/s0/p3.fr.md"), out), Path::new("/o/s0/p3.fr/index.html"));
        assert_eq!(target(content, Path::new("/c/_index.md"), out), Path::new("/o/_index/index.html"));
    }
}
