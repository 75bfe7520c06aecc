//! Diagnostics: problems found in user content (config, front matter, Markdown, templates).
//!
//! Every stage reports problems in what the user wrote as [`Diagnostic`]s instead of
//! stopping at the first one. They are collected across all files in a [`Diagnostics`],
//! sorted by path, line and column, and printed as `path:line:col: message` (lines and columns
//! counted from 1, lines from the top of the file, front matter included). The command then
//! exits with status 2. Environment problems (I/O, ports) are `anyhow` errors instead.
//!
//! A stage that fails gives one [`Failure`]: the content errors, the leaks the audit found,
//! or an environment error. Every command prints it through its `Display`, the same way.

use std::fmt;
use std::path::{Path, PathBuf};

/// How serious a diagnostic is. Errors fail the build; warnings are printed and the build
/// goes on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    Error,
    Warning,
}

/// One problem in user content, with its place in the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// The file, relative to the site root where possible (as the user would type it).
    pub path: PathBuf,
    /// 1-based line from the top of the file; 0 when the problem concerns the whole file.
    pub line: usize,
    /// 1-based column in characters; 0 when unknown.
    pub col: usize,
    pub severity: Severity,
    pub message: String,
}

impl Diagnostic {
    pub fn error(path: impl Into<PathBuf>, line: usize, col: usize, message: impl Into<String>) -> Self {
        Self { path: path.into(), line, col, severity: Severity::Error, message: message.into() }
    }

    pub fn warning(path: impl Into<PathBuf>, line: usize, col: usize, message: impl Into<String>) -> Self {
        Self { path: path.into(), line, col, severity: Severity::Warning, message: message.into() }
    }

    /// Where it is: `path`, `path:line` or `path:line:col`.
    pub fn place(&self) -> String {
        let path = self.path.display();
        match (self.line, self.col) {
            (0, _) => format!("{path}"),
            (line, 0) => format!("{path}:{line}"),
            (line, col) => format!("{path}:{line}:{col}"),
        }
    }

    fn sort_key(&self) -> (&Path, usize, usize, Severity, &str) {
        (&self.path, self.line, self.col, self.severity, &self.message)
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let kind = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        write!(f, "{}: {kind}: {}", self.place(), self.message)
    }
}

/// A sorted, de-duplicated collection of diagnostics.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
}

impl Diagnostics {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn push(&mut self, d: Diagnostic) {
        self.items.push(d);
    }

    pub fn extend(&mut self, other: impl IntoIterator<Item = Diagnostic>) {
        self.items.extend(other);
    }

    pub fn has_errors(&self) -> bool {
        self.items.iter().any(|d| d.severity == Severity::Error)
    }

    pub fn error_count(&self) -> usize {
        self.items.iter().filter(|d| d.severity == Severity::Error).count()
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// The diagnostics sorted by path, line, column, and without duplicates.
    pub fn sorted(mut self) -> Vec<Diagnostic> {
        self.items.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
        self.items.dedup();
        self.items
    }

    /// Splits off the warnings (sorted, to print them) and keeps the errors.
    pub fn take_warnings(&mut self) -> Vec<Diagnostic> {
        let (warnings, errors): (Vec<_>, Vec<_>) =
            std::mem::take(&mut self.items).into_iter().partition(|d| d.severity == Severity::Warning);
        self.items = errors;
        Diagnostics { items: warnings }.sorted()
    }
}

impl IntoIterator for Diagnostics {
    type Item = Diagnostic;
    type IntoIter = std::vec::IntoIter<Diagnostic>;
    fn into_iter(self) -> Self::IntoIter {
        self.sorted().into_iter()
    }
}

impl FromIterator<Diagnostic> for Diagnostics {
    fn from_iter<T: IntoIterator<Item = Diagnostic>>(iter: T) -> Self {
        Self { items: iter.into_iter().collect() }
    }
}

/// Why a build, or one of its stages, did not finish.
#[derive(Debug)]
pub enum Failure {
    /// Problems in the site's content, config or templates.
    Content(Diagnostics),
    /// The audit found redacted text in the public output; nothing was published.
    Leaks(Vec<Leak>),
    /// Environment problems.
    Io(anyhow::Error),
}

/// Redacted text the audit found in an output file.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Leak {
    /// The output file.
    pub output: PathBuf,
    /// The source file of the redacted span and its 1-based line.
    pub source: PathBuf,
    pub line: usize,
    /// The normalized output text around the hit.
    pub excerpt: String,
}

impl Failure {
    /// The failure of one content problem.
    pub fn content(d: Diagnostic) -> Failure {
        Failure::Content(Diagnostics::from_iter([d]))
    }

    /// The content problems, for a caller that reports them apart; anything else is an
    /// environment error.
    pub fn into_content(self) -> anyhow::Result<Diagnostics> {
        match self {
            Failure::Content(d) => Ok(d),
            Failure::Io(e) => Err(e),
            leaks @ Failure::Leaks(_) => Err(anyhow::anyhow!("{leaks}")),
        }
    }
}

/// One line per problem: the sorted diagnostics, each leak (never the text itself), or the
/// environment error with its causes.
impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Failure::Content(diags) => {
                let lines: Vec<String> = diags.clone().sorted().iter().map(ToString::to_string).collect();
                write!(f, "{}", lines.join("\n"))
            }
            Failure::Leaks(leaks) => {
                let lines: Vec<String> = leaks
                    .iter()
                    .map(|l| {
                        format!(
                            "{}: error: the public output contains redacted text from {}:{} (the text itself is not shown here)",
                            l.output.display(),
                            l.source.display(),
                            l.line
                        )
                    })
                    .collect();
                write!(f, "{}", lines.join("\n"))
            }
            Failure::Io(e) => {
                write!(f, "error: {e}")?;
                e.chain().skip(1).try_for_each(|cause| write!(f, "\n  caused by: {cause}"))
            }
        }
    }
}

impl From<anyhow::Error> for Failure {
    fn from(e: anyhow::Error) -> Self {
        Failure::Io(e)
    }
}

impl From<Diagnostics> for Failure {
    fn from(d: Diagnostics) -> Self {
        Failure::Content(d)
    }
}

impl From<Diagnostic> for Failure {
    fn from(d: Diagnostic) -> Self {
        Failure::content(d)
    }
}

impl From<Diagnostic> for Diagnostics {
    fn from(d: Diagnostic) -> Self {
        Diagnostics::from_iter([d])
    }
}

/// Gathers the results of a stage's items (files, pages, output jobs), in order: every value,
/// or every problem of every item that failed. `Err` items are failures whatever their
/// severity; the warnings of items that succeeded are the caller's to keep.
pub fn gather<T, E: Into<Diagnostics>>(results: impl IntoIterator<Item = Result<T, E>>) -> Result<Vec<T>, Diagnostics> {
    let mut diags = Diagnostics::new();
    let mut failed = false;
    let mut out = Vec::new();
    for r in results {
        match r {
            Ok(v) => out.push(v),
            Err(e) => {
                failed = true;
                diags.extend(e.into());
            }
        }
    }
    if failed { Err(diags) } else { Ok(out) }
}

/// A user's text file (a page, a template): its text, or a diagnostic when it cannot be read
/// or is not UTF-8. `shown` is its path in messages.
pub fn read_text(path: &Path, shown: &Path) -> Result<String, Diagnostic> {
    let bytes =
        std::fs::read(path).map_err(|e| Diagnostic::error(shown, 0, 0, format!("cannot read the file: {e}")))?;
    utf8(bytes, shown)
}

/// [`read_text`] for a file a site may leave out: `None` when it does not exist.
pub fn read_optional(path: &Path, shown: &Path) -> Result<Option<String>, Diagnostic> {
    match std::fs::read(path) {
        Ok(bytes) => utf8(bytes, shown).map(Some),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(Diagnostic::error(shown, 0, 0, format!("cannot read the file: {e}"))),
    }
}

/// A file's bytes as text, or an error at the first byte that is not UTF-8, saying how to fix
/// the file (`shown` is its path in the message).
pub fn utf8(bytes: Vec<u8>, shown: &Path) -> Result<String, Diagnostic> {
    String::from_utf8(bytes).map_err(|e| {
        let bytes = e.as_bytes();
        let at = e.utf8_error().valid_up_to();
        let valid = String::from_utf8_lossy(&bytes[..at]);
        let (line, col) = LineIndex::new(&valid).line_col(&valid, at);
        let fix = if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
            "it looks like UTF-16; save it as UTF-8"
        } else {
            "save it as UTF-8 (it may be in Windows-1252 or Latin-1)"
        };
        Diagnostic::error(shown, line, col, format!("the file is not UTF-8 (byte 0x{:02X}): {fix}", bytes[at]))
    })
}

/// toml's message without its own rendering of the source line (we give path:line:col).
pub fn toml_message(e: &toml::de::Error) -> String {
    let msg = e.message().trim().to_string();
    // serde's "unknown field `x`, expected one of `a`, `b`" is already the message we want.
    msg.replace("\n", " ")
}

/// Converts byte offsets in a text into 1-based line and column numbers (columns count
/// characters, not bytes).
#[derive(Debug, Clone)]
pub struct LineIndex {
    line_starts: Vec<usize>,
}

impl LineIndex {
    pub fn new(text: &str) -> Self {
        let mut line_starts = vec![0];
        line_starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        Self { line_starts }
    }

    /// 1-based (line, column) of `offset` in `text` (the text this index was made from).
    pub fn line_col(&self, text: &str, offset: usize) -> (usize, usize) {
        let offset = offset.min(text.len());
        let line = self.line_starts.partition_point(|&s| s <= offset) - 1;
        let start = self.line_starts[line];
        let col = text.get(start..offset).map_or(offset - start, |s| s.chars().count()) + 1;
        (line + 1, col)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_that_is_not_utf8_is_an_error_at_its_first_bad_byte() {
        let e = utf8(b"+++\ntitle = \"caf\xE9\"\n".to_vec(), Path::new("content/a.md")).unwrap_err();
        assert_eq!(
            e.to_string(),
            "content/a.md:2:13: error: the file is not UTF-8 (byte 0xE9): save it as UTF-8 (it may be in \
             Windows-1252 or Latin-1)"
        );
        let e = utf8(vec![0xFF, 0xFE, b'+', 0], Path::new("a.md")).unwrap_err();
        assert_eq!((e.line, e.col), (1, 1));
        assert!(e.message.contains("UTF-16"), "{}", e.message);
        assert_eq!(utf8("é".into(), Path::new("a.md")).unwrap(), "é");
    }

    #[test]
    fn line_col_counts_from_one_in_characters() {
        let text = "ab\nçé x\n";
        let idx = LineIndex::new(text);
        assert_eq!(idx.line_col(text, 0), (1, 1));
        assert_eq!(idx.line_col(text, 3), (2, 1));
        let x = text.find('x').unwrap();
        assert_eq!(idx.line_col(text, x), (2, 4));
    }

    #[test]
    fn gather_keeps_every_value_or_every_problem() {
        let ok: Vec<Result<u8, Diagnostic>> = vec![Ok(1), Ok(2)];
        assert_eq!(gather(ok).unwrap(), [1, 2]);
        let bad = vec![Ok(1), Err(Diagnostic::error("b.md", 1, 1, "x")), Err(Diagnostic::error("a.md", 2, 1, "y"))];
        let text = Failure::from(gather(bad).unwrap_err()).to_string();
        assert_eq!(text, "a.md:2:1: error: y\nb.md:1:1: error: x");
    }

    #[test]
    fn a_failure_prints_one_line_per_problem_and_never_the_leaked_text() {
        let leak =
            Leak { output: "a/index.html".into(), source: "content/a.md".into(), line: 3, excerpt: "SECRET".into() };
        let text = Failure::Leaks(vec![leak]).to_string();
        assert_eq!(
            text,
            "a/index.html: error: the public output contains redacted text from content/a.md:3 (the text itself is not shown here)"
        );
        let io = Failure::from(anyhow::anyhow!("disk full").context("cannot write public/a.html"));
        assert_eq!(io.to_string(), "error: cannot write public/a.html\n  caused by: disk full");
    }

    #[test]
    fn diagnostics_are_sorted_and_deduplicated() {
        let mut d = Diagnostics::new();
        d.push(Diagnostic::error("b.md", 1, 1, "x"));
        d.push(Diagnostic::error("a.md", 9, 2, "y"));
        d.push(Diagnostic::error("a.md", 9, 2, "y"));
        d.push(Diagnostic::error("a.md", 2, 5, "z"));
        let lines: Vec<String> = d.sorted().iter().map(ToString::to_string).collect();
        assert_eq!(lines, ["a.md:2:5: error: z", "a.md:9:2: error: y", "b.md:1:1: error: x"]);
    }
}
