//! `cahier parity`: the translators' FR/EN parity report.
//!
//! Input: the resolved [`Config`] (its `[parity]` settings, see [`settings`]) and the pages of
//! stage 1 ([`crate::content::load`]); the site's baseline file (what each pair looked like
//! when last marked in sync, see [`baseline`]) and dismissal file (see [`dismiss`]).
//! Every page of the default language (the *source*) is paired by key with its translation
//! (the *target*); both bodies are parsed as Markdown into top-level blocks ([`blocks`]),
//! aligned by heading outline then block by block ([`align`]), read as local differences
//! (splits, merges, moved blocks, a changed kind: [`groups`]) and compared ([`checks`],
//! [`text`], [`front`]). Stale pairs come from the baseline ([`baseline`]) or, with none
//! accepted, from git history ([`history`]), with word-level diffs ([`diff`]). [`cat`]
//! exchanges segments with translation tools (XLIFF 2.1, TMX 1.4).
//!
//! Output: a [`Report`]: per pair, its aligned blocks and its [`Finding`]s, each with a check
//! id, a severity, `path:line` on both sides, a stable fingerprint and, when dismissed, the
//! reason; plus coverage per section and site totals. [`output`] renders it for the terminal,
//! as JSON, CSV, and [`html`] as a side-by-side page.
//!
//! Check ids: `coverage`, `stale`, `front-matter`, `headings`, `structure`, `tables`, `links`,
//! `images`, `code`, `numbers`, `language`, `redactions`, `terminology`, `length`,
//! `typography`, `dismissal`, `markdown` (a link broken as `[text] (url)`).
//!
//! JSON schema (`schema` = 1): `{ schema, source_lang, target_lang, totals: { pairs, complete,
//! source_only, target_only, stale, errors, warnings, infos, dismissed }, coverage: [{ section,
//! pairs, complete, source_only, target_only, stale }], pairs: [{ key, section, status
//! ("complete" | "source-only" | "target-only"), stale, source: side?, target: side?, rows:
//! [[i|null, j|null]], findings: [finding] }] }` where `side = { path, lang, title, blocks:
//! [{ kind, line, text }] }` and `finding = { check, severity ("error" | "warning" | "info"),
//! message, source: { path, line }?, target: { path, line }?, fingerprint, dismissed: reason?,
//! diff: [{ op ("-" | "+" | "~"), text, words: [{ op ("=" | "-" | "+"), text }]? }] }`. Fields are only ever added, within one schema number.
//!
//! Failure: [`Diagnostics`] (exit 2) for unreadable content (front matter, broken shortcode
//! syntax), bad `[parity]` settings, or a baseline or dismissal file that cannot be read;
//! `anyhow` errors for I/O.

pub mod align;
pub mod baseline;
pub mod blocks;
pub mod cat;
pub mod checks;
pub mod code;
pub mod diff;
pub mod dismiss;
pub mod front;
pub mod groups;
pub mod history;
pub mod html;
mod html_ui;
pub mod links;
pub mod marks;
pub mod markup;
pub mod numbers;
pub mod output;
mod pair;
pub mod settings;
pub mod text;
pub mod view;

use serde::Serialize;

use crate::config::Config;
use crate::diag::Diagnostics;

pub use html::render_html;
pub use pair::{report, report_of};
pub use settings::Settings;

/// How serious a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
    Info,
}

impl Severity {
    pub fn name(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        }
    }
}

/// A place in a content file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Location {
    pub path: String,
    pub line: usize,
}

/// One block of a diff of the source since the last sync.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DiffLine {
    /// `-` (removed since the sync), `+` (added) or `~` (changed: `words` say how).
    pub op: String,
    /// The block's text (its new text when changed).
    pub text: String,
    /// The word-level diff of a changed block.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub words: Vec<Word>,
}

/// A run of words of a changed block.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Word {
    /// `=` kept, `-` removed, `+` added.
    pub op: String,
    pub text: String,
}

/// One finding of one check.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Finding {
    pub check: &'static str,
    pub severity: Severity,
    pub message: String,
    pub source: Option<Location>,
    pub target: Option<Location>,
    /// Stable hash of the check, the page key and the content involved: what a dismissal names.
    pub fingerprint: String,
    /// The reason, when the finding was dismissed.
    pub dismissed: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub diff: Vec<DiffLine>,
}

/// A block as the report shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BlockView {
    pub kind: &'static str,
    pub line: usize,
    pub text: String,
    /// The block rendered for the HTML report (see [`view`]); not part of the JSON.
    #[serde(skip)]
    pub html: String,
}

/// One side of a pair.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Side {
    pub path: String,
    pub lang: String,
    pub title: Option<String>,
    pub blocks: Vec<BlockView>,
    /// The redacted passages of the page, whitespace collapsed: the HTML report marks them
    /// wherever a message quotes them. Not part of the JSON.
    #[serde(skip)]
    pub redacted: Vec<String>,
}

/// Whether both sides exist.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    Complete,
    SourceOnly,
    TargetOnly,
}

/// A page and its translation, compared.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Pair {
    pub key: String,
    /// The section folder (`international`), `/` for the root.
    pub section: String,
    pub status: Status,
    pub stale: bool,
    pub source: Option<Side>,
    pub target: Option<Side>,
    /// The alignment: indices into `source.blocks` and `target.blocks`.
    pub rows: Vec<(Option<usize>, Option<usize>)>,
    pub findings: Vec<Finding>,
}

/// Coverage of one section.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Coverage {
    pub section: String,
    pub pairs: usize,
    pub complete: usize,
    pub source_only: usize,
    pub target_only: usize,
    pub stale: usize,
}

/// Site totals.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Totals {
    pub pairs: usize,
    pub complete: usize,
    pub source_only: usize,
    pub target_only: usize,
    pub stale: usize,
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
    pub dismissed: usize,
}

/// The whole report.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Report {
    pub schema: u32,
    pub source_lang: String,
    pub target_lang: String,
    pub totals: Totals,
    pub coverage: Vec<Coverage>,
    pub pairs: Vec<Pair>,
}

impl Report {
    /// Active (not dismissed) findings of a severity or worse.
    pub fn count_at_least(&self, severity: Severity) -> usize {
        self.findings().filter(|f| f.dismissed.is_none() && f.severity <= severity).count()
    }

    pub fn findings(&self) -> impl Iterator<Item = &Finding> {
        self.pairs.iter().flat_map(|p| p.findings.iter())
    }
}

/// What to compare.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Include drafts.
    pub drafts: bool,
}

/// Loads and checks the `[parity]` settings of a config.
pub fn settings(config: &Config) -> Result<Settings, Diagnostics> {
    Settings::from_table(&config.parity).map_err(|m| {
        let mut d = Diagnostics::new();
        d.push(crate::diag::Diagnostic::error(&config.path, 0, 0, m));
        d
    })
}
