//! Stage 3, redact: remove or mark every `{% redact(s="…") %}…{% end %}` span before any
//! other stage reads the text.
//!
//! Input: the loaded [`SourcePage`]s and the build [`Mode`]. Output: one [`RedactedPage`] per
//! published page (withheld pages are left out of a public build), the [`RedactionLog`], and
//! the secrets the audit (stage 7) looks for in the output. Failure: fail closed, every
//! ambiguity is a [`Diagnostic`] at `path:line:col` (unterminated or unopened marker, unknown
//! exemption, empty `s`, a marker where it cannot be honoured); nothing is published as text.

mod page;

pub use page::{RedactedPage, SENTINEL_CLOSE, SENTINEL_OPEN, SpanHtml, SpanView, sentinel};

use crate::content::SourcePage;
use crate::diag::{Diagnostic, Diagnostics};

/// Which build this is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// The public site: secret text replaced by the placeholder.
    Public,
    /// The internal preview: secret text shown, highlighted, with its exemptions.
    Internal,
}

/// The record of what was withheld, page by page.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RedactionLog {}

/// What the audit looks for in the public output.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Secrets {}

/// What the redaction stage produces.
#[derive(Debug)]
pub struct Redacted {
    pub pages: Vec<RedactedPage>,
    pub log: RedactionLog,
    pub secrets: Secrets,
}

/// Runs the redaction pass over every page.
pub fn run(pages: Vec<SourcePage>, mode: Mode) -> Result<Redacted, Diagnostics> {
    let _ = mode;
    let mut diags = Diagnostics::new();
    let mut out = Vec::new();
    for page in pages {
        if let Some(offset) = page.body.find("{% redact") {
            diags.push(page.error_at(offset, "redaction markers are not supported yet"));
            continue;
        }
        out.push(RedactedPage::new(page, Vec::new(), Vec::new()));
    }
    if diags.has_errors() {
        return Err(diags);
    }
    let _: Option<Diagnostic> = None;
    Ok(Redacted { pages: out, log: RedactionLog::default(), secrets: Secrets::default() })
}
