//! [`RedactedPage`]: the only page type later stages accept. Its constructor is private to the
//! `redact` module, so no stage can render a page that did not go through the redaction pass.
//!
//! In the body, every redacted span is replaced by a *sentinel*: `U+E000`, the span's index
//! in decimal, `U+E001` (private-use characters that Markdown treats as ordinary text). The
//! Markdown stage turns each sentinel into the HTML of its [`SpanView`], by context. In a
//! public build no `SpanView` holds the secret text: it is not in the page at all.

use super::review::ReviewMarks;
use crate::content::SourcePage;
use crate::diag::LineIndex;

/// Opens a sentinel in a redacted body.
pub const SENTINEL_OPEN: char = '\u{E000}';
/// Closes a sentinel in a redacted body.
pub const SENTINEL_CLOSE: char = '\u{E001}';

/// Writes the sentinel of span `id`.
pub fn sentinel(id: usize) -> String {
    format!("{SENTINEL_OPEN}{id}{SENTINEL_CLOSE}")
}

/// How one redacted span is shown, prepared by the redaction stage for the Markdown stage.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SpanView {
    /// A block (paragraphs, lists, tables, code) rather than a span inside a sentence.
    pub block: bool,
    /// Plain text standing for the span wherever only text can go (heading ids, TOC,
    /// summary, alt and title attributes, word count): always the public placeholder.
    pub placeholder: String,
    pub html: SpanHtml,
}

/// The HTML of a redacted span.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SpanHtml {
    /// The whole HTML of the placeholder (`<span class="redacted">[Redacted]</span>`, or a
    /// `<p>` for a block).
    Public { html: String },
    /// Internal builds: `open`, then the secret Markdown rendered (inline for a span,
    /// as blocks for a block), then `close`.
    Internal { open: String, markdown: String, close: String },
}

/// A page after the redaction pass.
#[derive(Debug, Clone, PartialEq)]
pub struct RedactedPage {
    source: SourcePage,
    spans: Vec<SpanView>,
    /// Pairs (offset in the redacted body, offset in the original body), ascending: for each
    /// replaced span, its start and its end in both bodies. Maps positions back to the file.
    offsets: Vec<(usize, usize)>,
    /// The original body's shape, for [`RedactedPage::location`]: the same bytes per
    /// character and the same line breaks, every character of the redacted markers (secret,
    /// tags and note) masked. `None` when the body had no markers.
    original: Option<String>,
    /// The exemptions of `[extra] withheld`: only internal builds publish such a page.
    withheld: Vec<String>,
    /// How reviewers see the front matter's secrets and the withholding (internal builds).
    marks: ReviewMarks,
}

impl RedactedPage {
    /// Only the redaction stage makes these.
    pub(super) fn new(
        source: SourcePage,
        spans: Vec<SpanView>,
        offsets: Vec<(usize, usize)>,
        original: Option<String>,
    ) -> Self {
        Self { source, spans, offsets, original, withheld: Vec::new(), marks: ReviewMarks::default() }
    }

    /// Marks the page as withheld under `exemptions` (internal builds show it, flagged, with
    /// their `citations` in the page's language).
    pub(super) fn with_withheld(mut self, exemptions: Vec<String>, citations: Vec<String>) -> Self {
        self.withheld = exemptions;
        self.marks.withheld = citations;
        self
    }

    /// Sets what reviewers see of the page's front matter secrets and withholding.
    pub(super) fn with_marks(mut self, marks: ReviewMarks) -> Self {
        self.marks = marks;
        self
    }

    /// What reviewers see of the page's front matter secrets and withholding; empty in a
    /// public build.
    pub fn marks(&self) -> &ReviewMarks {
        &self.marks
    }

    /// The page's attachments, for the redaction pass to keep only those it publishes.
    pub(super) fn assets_mut(&mut self) -> &mut Vec<std::path::PathBuf> {
        &mut self.source.assets
    }

    /// The exemptions under which the whole page is withheld; empty when it is not. Only
    /// internal builds see withheld pages: templates show a banner for them.
    pub fn withheld(&self) -> &[String] {
        &self.withheld
    }

    /// A page with the given spans and no offset shifts, for unit tests of later stages.
    #[cfg(test)]
    #[doc(hidden)]
    pub fn for_tests(source: SourcePage, spans: Vec<SpanView>) -> Self {
        Self::new(source, spans, Vec::new(), None)
    }

    /// The page, with its body and front matter redacted.
    pub fn source(&self) -> &SourcePage {
        &self.source
    }

    /// Drops the body's text once stage 4 has rendered it, nothing after reading it: a
    /// build frees it for the memory of the stages that follow. [`Self::location`] is not
    /// meaningful afterwards.
    pub fn drop_body(&mut self) {
        self.source.body = String::new();
        self.original = None;
    }

    /// The redacted spans, indexed by the sentinel numbers in the body.
    pub fn spans(&self) -> &[SpanView] {
        &self.spans
    }

    pub fn has_redactions(&self) -> bool {
        !self.spans.is_empty()
    }

    /// 1-based line and column in the source file of a byte offset in the redacted body.
    pub fn location(&self, offset: usize) -> (usize, usize) {
        let i = self.offsets.partition_point(|&(new, _)| new <= offset);
        let original = match i {
            0 => offset,
            _ => {
                let (new, old) = self.offsets[i - 1];
                old + (offset - new)
            }
        };
        match &self.original {
            Some(text) => {
                let (line, col) = LineIndex::new(text).line_col(text, original);
                (self.source.body_line + line - 1, col)
            }
            None => self.source.body_location(original),
        }
    }
}
