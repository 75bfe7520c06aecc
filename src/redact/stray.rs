//! Redaction markers where the redaction pass cannot honour them: outside page bodies and
//! front matter. `config.toml`, the site's and theme's `i18n/` strings, `static/` files, the
//! attachments beside pages and the templates (shortcodes included) reach the output as they
//! are, so a marker there would be printed verbatim, secret and all. Each is refused. So is a
//! marker in a file that a template reads with `load_data` ([`in_data_file`]); a marker that a
//! shortcode builds at render time is refused where the page calls it (`markdown::shortcodes`).
//!
//! Input: the site root, its theme and the files of `content/` that are not Markdown. Output:
//! a [`Diagnostic`] at `path:line:col` per marker, or look-alike (`{%redact`, `{{ redact`, and
//! the same written with HTML entities or JSON escapes, `&#123;% redact`). TOML comments are
//! skipped: they are never printed. Files that are not UTF-8 text (images, PDFs) are not read
//! here; the audit reads them. The message never prints the text.

use std::path::{Path, PathBuf};

use super::markers::looks_like_marker;
use super::secrets::decode;
use crate::diag::Diagnostic;

pub const MESSAGE: &str = "a redaction marker outside a page cannot be honoured: this file is published or \
    printed as it is; move the passage into a page's text or front matter, or remove the marker";

/// The text files to check below `root`: config, UI strings, static files, templates,
/// `extra` files.
fn candidates(root: &Path, theme: Option<&str>, extra: &[PathBuf]) -> Vec<PathBuf> {
    let mut dirs = vec![root.join("i18n"), root.join("static"), root.join("templates")];
    if let Some(t) = theme {
        let theme = root.join("themes").join(t);
        dirs.extend([theme.join("i18n"), theme.join("static"), theme.join("templates")]);
    }
    let mut files = vec![root.join("config.toml")];
    for dir in dirs.iter().filter(|d| d.is_dir()) {
        files.extend(
            walkdir::WalkDir::new(dir)
                .sort_by_file_name()
                .into_iter()
                .filter_map(Result::ok)
                .filter(|e| e.file_type().is_file())
                .map(walkdir::DirEntry::into_path),
        );
    }
    files.extend(extra.iter().cloned());
    files
}

/// Every marker outside pages: `extra` are the attachments (non-Markdown files of `content/`).
pub fn scan(root: &Path, theme: Option<&str>, extra: &[PathBuf]) -> Vec<Diagnostic> {
    scan_files(root, candidates(root, theme, extra))
}

/// Every marker in the files `files` (absolute, below `root`).
pub fn scan_files(root: &Path, files: impl IntoIterator<Item = PathBuf>) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for file in files {
        let Ok(bytes) = std::fs::read(&file) else { continue };
        let Ok(text) = std::str::from_utf8(&bytes) else { continue };
        let shown = file.strip_prefix(root).unwrap_or(&file);
        let toml = file.extension().is_some_and(|e| e == "toml");
        out.extend(in_text(text, toml).into_iter().map(|(line, col)| Diagnostic::error(shown, line, col, MESSAGE)));
    }
    out
}

/// Refuses the markers outside the pages of a site (its attachments being those of `pages`).
pub fn refuse(
    config: &crate::config::Config,
    pages: &[crate::content::SourcePage],
) -> Result<(), crate::diag::Diagnostics> {
    let attachments: Vec<PathBuf> = pages.iter().flat_map(|p| p.assets.iter().cloned()).collect();
    let found = scan(&config.root, config.theme.as_deref(), &attachments);
    if found.is_empty() { Ok(()) } else { Err(found.into_iter().collect()) }
}

/// The first marker or look-alike in a data file that `load_data` read (`shown` names it),
/// as a message naming its `path:line:col`: the data reaches the output as it is.
pub fn in_data_file(shown: &Path, text: &str) -> Option<String> {
    let toml = shown.extension().is_some_and(|e| e == "toml");
    let (line, col) = *in_text(text, toml).first()?;
    Some(format!("{}:{line}:{col}: {MESSAGE}", shown.display()))
}

/// How many markers or look-alikes `text` holds (a shortcode's output against its input).
pub fn count(text: &str) -> usize {
    in_text(text, false).len()
}

/// The `(line, col)` of each line's first marker or look-alike in `text`.
fn in_text(text: &str, toml: bool) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    for (n, line) in text.lines().enumerate() {
        if toml && line.trim_start().starts_with('#') {
            continue;
        }
        let at = looks_like_marker(line).or_else(|| {
            let decoded = decode(line);
            (decoded != line).then(|| looks_like_marker(&decoded)).flatten().map(|_| first_escape(line))
        });
        if let Some(at) = at {
            out.push((n + 1, line[..at].chars().count() + 1));
        }
    }
    out
}

/// Where the first entity or escape of a line starts (the column to show for a look-alike
/// written with them).
fn first_escape(line: &str) -> usize {
    line.find(['&', '\\']).unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_markers_and_look_alikes_written_with_entities() {
        let text = "a = 1\n# {% redact(s=\"15(1)\") %} in a comment\nb = \"x {% redact(s='15(1)') %}y{% end %}\"\n\
                    c = \"&#123;% redact(s='1') %}z\"\nd = \"\\u007b{ redact(s='1') }}\"\ne = \"{ {% redacted\"\n";
        assert_eq!(in_text(text, true), [(3, 8), (4, 6), (5, 6)]);
        assert_eq!(in_text("{%redact(s=\"1\")%}x{%end%}", false), [(1, 1)]);
    }
}
