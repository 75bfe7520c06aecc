//! Which attachments (the files of a page bundle or of a section's folder) a public build
//! publishes.
//!
//! Rule: a public build publishes an attachment when the public text of a published page
//! references it, or when the site lists it in `[redaction] public_attachments` (globs
//! relative to `content/`, such as `"**/*.css"` or `"reports/annual.pdf"`). Everything else
//! is held back and named in the redaction log with the reason: a file only redacted text
//! references, a file nothing references, a file of a withheld page or section. An internal
//! build publishes every attachment, and so does a public build of a site that redacts and
//! withholds nothing (there is nothing to leak; Zola sites list `page.assets` in templates).
//!
//! "References" is read on the redacted text (body with its secrets removed, front matter
//! strings), so a link or an image inside a redacted span references nothing. A reference is
//! the file's name (as written or percent-encoded) standing alone: in the page that owns the
//! file (a relative link, `![](chart.png)`, `{{ figure(src="chart.png") }}`), or anywhere
//! after its folder (`@/reports/annual.pdf`, `/en/reports/annual.pdf`). A file linked from
//! another page through a translated slug is not recognised: fail closed, list it.
//!
//! Failure: a bad glob in `public_attachments` is an error naming it.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use aho_corasick::AhoCorasick;
use serde::Serialize;

use super::RedactedPage;

/// An attachment a public build did not publish, and why.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct HeldAttachment {
    /// The file, relative to the site root.
    pub path: PathBuf,
    pub reason: String,
}

/// Why a file nothing public references is held back.
pub(super) const UNREFERENCED: &str = "nothing public references it (only redacted text, or nothing at all); list it in `[redaction] public_attachments` to publish it";

/// Why a file of a withheld page is held back.
pub(super) const WITHHELD: &str = "its page or section is withheld";

/// The site root of a page (its absolute path without its relative one).
fn root_of(page: &RedactedPage) -> PathBuf {
    let s = page.source();
    s.abs_path.ancestors().nth(s.path.components().count()).map(Path::to_path_buf).unwrap_or_default()
}

/// The attachments of a withheld page, as held back.
pub(super) fn of_withheld(page: &RedactedPage) -> Vec<HeldAttachment> {
    let root = root_of(page);
    page.source()
        .assets
        .iter()
        .map(|a| HeldAttachment { path: a.strip_prefix(&root).unwrap_or(a).to_path_buf(), reason: WITHHELD.into() })
        .collect()
}

/// Keeps in each page's assets only what the rule publishes; returns the rest.
pub(super) fn select(pages: &mut [RedactedPage], public: &[String]) -> Result<Vec<HeldAttachment>, String> {
    if pages.iter().all(|p| p.source().assets.is_empty()) {
        return Ok(Vec::new());
    }
    let mut globs = globset::GlobSetBuilder::new();
    for g in public {
        globs.add(globset::Glob::new(g).map_err(|e| format!("`[redaction] public_attachments`: bad glob `{g}`: {e}"))?);
    }
    let globs = globs.build().map_err(|e| format!("`[redaction] public_attachments`: {e}"))?;
    // Every name an attachment goes by, and the attachments (page, index) of each.
    let mut names: BTreeMap<String, Vec<(usize, usize)>> = BTreeMap::new();
    for (p, page) in pages.iter().enumerate() {
        for (i, a) in page.source().assets.iter().enumerate() {
            let name = a.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
            let encoded = percent_encoding::utf8_percent_encode(&name, percent_encoding::NON_ALPHANUMERIC)
                .to_string()
                .replace("%2E", ".")
                .replace("%2D", "-")
                .replace("%5F", "_");
            for n in [name.clone(), encoded] {
                names.entry(n).or_default().push((p, i));
            }
        }
    }
    let patterns: Vec<&String> = names.keys().collect();
    let ac = AhoCorasick::new(&patterns).map_err(|e| e.to_string())?;
    let mut referenced: Vec<Vec<bool>> = pages.iter().map(|p| vec![false; p.source().assets.len()]).collect();
    for (p, page) in pages.iter().enumerate() {
        let s = page.source();
        let front = toml::to_string(s.front.extra()).unwrap_or_default();
        for text in [s.body.as_str(), s.front.title().unwrap_or(""), s.front.description().unwrap_or(""), &front] {
            for m in ac.find_overlapping_iter(text) {
                if !stands_alone(text, m.start(), m.end()) {
                    continue;
                }
                for &(q, i) in &names[patterns[m.pattern().as_usize()]] {
                    let folder = pages[q].source().key_dir();
                    let after_folder = !folder.is_empty() && text[..m.start()].ends_with(&format!("{folder}/"));
                    if q == p || after_folder {
                        referenced[q][i] = true;
                    }
                }
            }
        }
    }
    let mut held = Vec::new();
    for (page, refs) in pages.iter_mut().zip(referenced) {
        let root = root_of(page);
        let content = root.join("content");
        let mut refs = refs.into_iter();
        page.assets_mut().retain(|a| {
            let listed = globs.is_match(a.strip_prefix(&content).unwrap_or(a));
            let keep = refs.next().unwrap_or(false) || listed;
            if !keep {
                held.push(HeldAttachment {
                    path: a.strip_prefix(&root).unwrap_or(a).to_path_buf(),
                    reason: UNREFERENCED.into(),
                });
            }
            keep
        });
    }
    held.sort();
    Ok(held)
}

/// Whether the name found at `start..end` is a whole file name, not part of a longer one
/// (`my-chart.png`, `chart.png.bak`).
fn stands_alone(text: &str, start: usize, end: usize) -> bool {
    let before = text[..start].chars().next_back();
    let part_of_name = |c: char| c.is_alphanumeric() || matches!(c, '-' | '_' | '%' | '.' | '+' | '~');
    if before.is_some_and(part_of_name) {
        return false;
    }
    let mut after = text[end..].chars();
    match after.next() {
        None => true,
        Some('.') => after.next().is_none_or(|c| !c.is_alphanumeric()),
        Some(c) => !part_of_name(c),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_name_stands_alone_between_delimiters() {
        let t = "see [x](chart.png) my-chart.png chart.png.bak (chart.png). chart.pngs";
        let at = |i: usize| stands_alone(t, i, i + "chart.png".len());
        let starts: Vec<usize> = t.match_indices("chart.png").map(|(i, _)| i).collect();
        assert_eq!(starts.iter().map(|&i| at(i)).collect::<Vec<_>>(), [true, false, false, true, false]);
    }
}
