//! Stage 3, redact: remove or mark every `{% redact(s="…") %}…{% end %}` span before any
//! other stage reads the text; stage 7, audit: look for the removed text in the output.
//!
//! Input: the loaded [`SourcePage`]s and the [`Settings`] (mode, placeholder style and
//! texts, exemption [`Catalogue`]). Output: [`Redacted`]: one [`RedactedPage`] per published
//! page, the pages withheld whole (left out of a public build, listed so that links to them
//! can be refused), the [`RedactionLog`], and in a public build the [`Secrets`] the audit
//! ([`audit::scan`]) looks for.
//!
//! In a public build the secret text is replaced here: in the body by a sentinel whose
//! [`SpanView`] holds only the placeholder, in front matter strings by the placeholder text.
//! Nothing of the secret (nor the reviewers' note) stays in the page. In an internal build
//! the body's sentinels carry the secret Markdown and the badges naming the exemptions; front
//! matter strings keep their text, plain.
//!
//! Failure: fail closed. Every problem is a [`Diagnostic`] at `path:line:col`, collected over
//! all pages and sorted: unterminated or unopened markers, `{{ redact(…) }}` without a body,
//! missing, empty or unknown exemptions, a marker where it cannot be honoured (another
//! shortcode's arguments, `slug`, `path`, `aliases`, `template`, dates, keys), look-alikes
//! that are not valid calls, and a bad `[extra] withheld`. Nothing is published as text.

pub mod audit;
mod body;
mod catalogue;
mod front;
pub mod log;
mod markers;
mod page;
mod secrets;

use std::collections::BTreeMap;
use std::path::PathBuf;

use rayon::prelude::*;
use serde::Serialize;

pub use catalogue::{Catalogue, Exemption, Unit};
pub use log::{Format, LogEntry, Parity, Place, RedactionLog, render};
pub use page::{RedactedPage, SENTINEL_CLOSE, SENTINEL_OPEN, SpanHtml, SpanView, sentinel};
pub use secrets::{AuditRule, Needle, Secrets, normalize};

use crate::config::{Config, RedactionStyle};
use crate::content::SourcePage;
use crate::diag::{Diagnostic, Diagnostics};
use secrets::SecretSpan;

/// Which build this is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// The public site: secret text replaced by the placeholder.
    Public,
    /// The internal preview: secret text shown, highlighted, with its exemptions.
    Internal,
}

/// How to redact: the build mode and what the placeholder looks like.
#[derive(Debug, Clone)]
pub struct Settings {
    /// Public or internal build.
    pub mode: Mode,
    /// Bare placeholder or release-package citations.
    pub style: RedactionStyle,
    /// Per-language placeholder overrides (`[redaction] placeholder = { fr = "…" }`); the
    /// defaults are `[Redacted]` and, for `fr`, `[Caviardé]`.
    pub placeholders: BTreeMap<String, String>,
    /// The exemptions authors may cite.
    pub catalogue: Catalogue,
    /// Secrets shorter than this, normalized, are audited by context (see [`secrets`]).
    pub min_audit_chars: usize,
}

impl Settings {
    /// Default settings for `mode`: bare placeholders, the built-in catalogue.
    pub fn new(mode: Mode) -> Self {
        Self {
            mode,
            style: RedactionStyle::Placeholder,
            placeholders: BTreeMap::new(),
            catalogue: Catalogue::builtin(),
            min_audit_chars: 4,
        }
    }

    /// The settings a site's config asks for.
    pub fn from_config(config: &Config, mode: Mode, catalogue: Catalogue) -> Self {
        Self {
            mode,
            style: config.redaction_style,
            placeholders: config.redaction_placeholder.clone(),
            catalogue,
            min_audit_chars: config.min_audit_chars,
        }
    }

    /// The placeholder text of a span in a language: `[Redacted]`, or in the release-package
    /// style `[Redacted s. 15(1)]` / `[Caviardé al. 21(1)a)]`, citing every exemption.
    pub fn placeholder(&self, lang: &str, exemptions: &[String]) -> String {
        let base = self
            .placeholders
            .get(lang)
            .cloned()
            .unwrap_or_else(|| if lang == "fr" { "[Caviardé]".to_string() } else { "[Redacted]".to_string() });
        if self.style == RedactionStyle::Placeholder || exemptions.is_empty() {
            return base;
        }
        let cites: Vec<String> = exemptions
            .iter()
            .map(|k| self.catalogue.get(k).map_or_else(|| k.clone(), |e| e.short_citation(lang)))
            .collect();
        match base.strip_suffix(']') {
            Some(b) => format!("{b} {}]", cites.join(", ")),
            None => format!("{base} ({})", cites.join(", ")),
        }
    }
}

/// A page withheld whole by `[extra] withheld`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct WithheldPage {
    /// The page key (pairs translations, names the page in `@/` links).
    pub key: String,
    /// The page's language.
    pub lang: String,
    /// The source file, relative to the site root.
    pub path: PathBuf,
    /// The exemptions it is withheld under.
    pub exemptions: Vec<String>,
}

/// What the redaction stage produces.
#[derive(Debug)]
pub struct Redacted {
    /// The pages to publish, in input order. Internal builds include withheld pages
    /// ([`RedactedPage::withheld`] is then not empty).
    pub pages: Vec<RedactedPage>,
    /// The pages withheld whole (both modes): a public build must refuse links to them and
    /// keep them out of sitemaps, feeds, search and taxonomies.
    pub withheld: Vec<WithheldPage>,
    /// The schedule of redactions (holds no secret text).
    pub log: RedactionLog,
    /// What the audit looks for; empty in internal builds.
    pub secrets: Secrets,
}

/// Runs the redaction pass over every page (in parallel).
pub fn run(pages: Vec<SourcePage>, settings: &Settings) -> Result<Redacted, Diagnostics> {
    let (redacted, diags) = run_all(pages, settings);
    if diags.has_errors() { Err(diags) } else { Ok(redacted) }
}

/// As [`run`], but a page with an error only drops out (fail closed: none of it is
/// published); the others are redacted, and the errors come beside them.
pub fn run_all(pages: Vec<SourcePage>, settings: &Settings) -> (Redacted, Diagnostics) {
    let mut langs_by_key: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for p in &pages {
        langs_by_key.entry(p.key.clone()).or_default().push(p.lang.clone());
    }
    let results: Vec<Result<PageResult, Vec<Diagnostic>>> =
        pages.into_par_iter().map(|p| redact_page(p, settings)).collect();
    let mut diags = Diagnostics::new();
    let mut out =
        Redacted { pages: Vec::new(), withheld: Vec::new(), log: RedactionLog::default(), secrets: Secrets::default() };
    for r in results {
        match r {
            Ok(r) => {
                out.pages.extend(r.page);
                out.log.entries.extend(r.entries);
                out.secrets.needles.extend(r.secrets.needles);
                if let Some(w) = r.withheld {
                    out.log.withheld.push(w.clone());
                    out.withheld.push(w);
                }
            }
            Err(d) => diags.extend(d),
        }
    }
    out.withheld.sort();
    out.log.finish(&langs_by_key);
    (out, diags)
}

struct PageResult {
    page: Option<RedactedPage>,
    withheld: Option<WithheldPage>,
    entries: Vec<LogEntry>,
    secrets: Secrets,
}

fn redact_page(mut page: SourcePage, s: &Settings) -> Result<PageResult, Vec<Diagnostic>> {
    let public = s.mode == Mode::Public;
    let lang = page.lang.clone();
    let placeholder: front::PlaceholderFn<'_> = &|x| s.placeholder(&lang, x);
    let front = front::redact(&mut page, &s.catalogue, public.then_some(placeholder));
    let found = markers::find(&page.body, &s.catalogue);
    let mut errors = front.errors;
    errors.extend(found.errors.into_iter().map(|e| page.error_at(e.offset, e.message)));
    let out = body::rewrite(&page.body, found.markers);
    errors.extend(out.errors.iter().map(|e| page.error_at(e.offset, e.message.clone())));
    if !errors.is_empty() {
        return Err(errors);
    }
    let mut result = PageResult { page: None, withheld: None, entries: Vec::new(), secrets: Secrets::default() };
    let mut record = |secret: &str, before: &str, after: &str, line: usize, exemptions: &[String], place: Place| {
        let span = SecretSpan { secret, before, after, source: page.path.clone(), line };
        let audit = if public {
            result.secrets.add(&span, s.min_audit_chars)
        } else {
            secrets::needles_for(&span, s.min_audit_chars).0
        };
        result.entries.push(LogEntry {
            key: page.key.clone(),
            lang: lang.clone(),
            path: page.path.clone(),
            line,
            exemptions: exemptions.to_vec(),
            chars: secret.chars().count(),
            place,
            audit,
        });
    };
    for f in &front.spans {
        record(&f.secret, &f.before, &f.after, f.line, &f.exemptions, Place::Front(f.field.clone()));
    }
    for b in &out.spans {
        let line = page.body_location(b.marker.span.start).0;
        let place = if b.block { Place::Block } else { Place::Span };
        record(&b.secret, &b.before, &b.after, line, &b.marker.exemptions, place);
    }
    let views = out.spans.iter().map(|b| view(b, &lang, s)).collect();
    page.body = out.body;
    let withheld = front.withheld.unwrap_or_default();
    if !withheld.is_empty() {
        result.withheld = Some(WithheldPage {
            key: page.key.clone(),
            lang: lang.clone(),
            path: page.path.clone(),
            exemptions: withheld.clone(),
        });
    }
    if !public || withheld.is_empty() {
        result.page = Some(RedactedPage::new(page, views, out.offsets, out.masked).with_withheld(withheld));
    }
    Ok(result)
}

/// How a span is shown in this build.
fn view(b: &body::BodySpan, lang: &str, s: &Settings) -> SpanView {
    let placeholder = s.placeholder(lang, &b.marker.exemptions);
    let text = html_escape::encode_text(&placeholder);
    let html = match s.mode {
        Mode::Public if b.block => SpanHtml::Public { html: format!("<p class=\"redacted\">{text}</p>") },
        Mode::Public => SpanHtml::Public { html: format!("<span class=\"redacted\">{text}</span>") },
        Mode::Internal => internal_html(b, lang, &s.catalogue),
    };
    SpanView { block: b.block, placeholder, html }
}

fn internal_html(b: &body::BodySpan, lang: &str, catalogue: &Catalogue) -> SpanHtml {
    let keys = html_escape::encode_double_quoted_attribute(&b.marker.exemptions.join(", ")).into_owned();
    let badges: String = b
        .marker
        .exemptions
        .iter()
        .map(|k| {
            let label = catalogue
                .get(k)
                .map_or_else(|| k.clone(), |e| format!("{} — {}", e.short_citation(lang), e.description(lang)));
            format!("<span class=\"redaction-badge\">{}</span> ", html_escape::encode_text(&label))
        })
        .collect();
    let note = b.marker.note.as_deref();
    if b.block {
        let note = note
            .map_or_else(String::new, |n| format!("<p class=\"redaction-note\">{}</p>", html_escape::encode_text(n)));
        SpanHtml::Internal {
            open: format!("<div class=\"redaction\" data-exemptions=\"{keys}\">{badges}{note}\n"),
            markdown: b.secret.clone(),
            close: "</div>".into(),
        }
    } else {
        let title =
            note.map_or_else(String::new, |n| format!(" title=\"{}\"", html_escape::encode_double_quoted_attribute(n)));
        SpanHtml::Internal {
            open: format!("<mark class=\"redaction\" data-exemptions=\"{keys}\"{title}>{badges}"),
            markdown: b.secret.clone(),
            close: "</mark>".into(),
        }
    }
}

#[cfg(test)]
mod tests;
