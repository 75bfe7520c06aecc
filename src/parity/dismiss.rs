//! Dismissed findings: by fingerprint in the site's dismissal file, or by an inline comment
//! `<!-- parity: ignore CHECK[, CHECK] — reason -->` before a block (`all` for every check).
//! A dismissed finding stays in the report, marked with its reason, and does not count
//! towards the exit status.
//!
//! The file (`parity-dismissed.toml` in the site, see [`super::settings`]):
//!
//! ```toml
//! [[dismiss]]
//! fingerprint = "3f2a9c0b1d4e"
//! reason = "The original French poster has this paragraph in English."
//! page = "international/engagement-poster.md"   # optional, for the reader
//! check = "language"                            # optional, for the reader
//! ```
//!
//! Input: the config and settings; then each pair's findings and blocks. Output: the
//! findings, marked. Failure: a [`Diagnostic`] when the file cannot be read or parsed.

use std::collections::BTreeMap;

use serde::Deserialize;

use super::Finding;
use super::Settings;
use super::blocks::Block;
use crate::config::Config;
use crate::diag::{Diagnostic, LineIndex};

/// Dismissals from the file: fingerprint → reason.
#[derive(Debug, Clone, Default)]
pub struct Dismissed {
    pub by_fingerprint: BTreeMap<String, String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    #[serde(default)]
    dismiss: Vec<Entry>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Entry {
    fingerprint: String,
    reason: String,
    #[allow(dead_code)]
    page: Option<String>,
    #[allow(dead_code)]
    check: Option<String>,
}

/// Reads the dismissal file, if the site has one.
pub fn load(config: &Config, settings: &Settings) -> Result<Dismissed, Diagnostic> {
    let path = config.root.join(&settings.dismissed);
    let Some(text) = crate::diag::read_optional(&path, settings.dismissed.as_ref())? else {
        return Ok(Dismissed::default());
    };
    let file: File = toml::from_str(&text).map_err(|e| {
        let (line, col) = LineIndex::new(&text).line_col(&text, e.span().map_or(0, |s| s.start));
        Diagnostic::error(&settings.dismissed, line, col, crate::content::front_matter::toml_message(&e))
    })?;
    let mut by_fingerprint = BTreeMap::new();
    for e in file.dismiss {
        if e.reason.trim().is_empty() {
            let msg = format!("the dismissal of `{}` gives no reason: say why it is not a problem", e.fingerprint);
            return Err(Diagnostic::error(&settings.dismissed, 0, 0, msg));
        }
        by_fingerprint.insert(e.fingerprint, e.reason);
    }
    Ok(Dismissed { by_fingerprint })
}

/// Marks the dismissed findings of a pair.
pub fn apply(dismissed: &Dismissed, findings: &mut [Finding], sb: &[Block], tb: &[Block]) {
    for f in findings.iter_mut() {
        if let Some(reason) = dismissed.by_fingerprint.get(&f.fingerprint) {
            f.dismissed = Some(reason.clone());
            continue;
        }
        let inline = |blocks: &[Block], line: Option<usize>| {
            let b = blocks.iter().find(|b| Some(b.line) == line)?;
            b.ignore.iter().find(|(c, _)| c == f.check || c == "all").map(|(_, r)| r.clone())
        };
        let reason =
            inline(sb, f.source.as_ref().map(|l| l.line)).or_else(|| inline(tb, f.target.as_ref().map(|l| l.line)));
        if reason.is_some() {
            f.dismissed = reason;
        }
    }
}
