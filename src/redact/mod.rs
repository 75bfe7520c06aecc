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

pub mod attachments;
pub mod audit;
mod body;
mod catalogue;
mod folders;
mod front;
mod headings;
pub mod log;
mod markers;
mod page;
pub mod pairs;
pub mod records;
mod review;
mod secrets;
pub mod stray;
mod targets;
mod text;
mod withhold;

use std::collections::BTreeMap;
use std::path::PathBuf;

use rayon::prelude::*;
use serde::Serialize;

pub use catalogue::{Catalogue, Exemption, Unit};
pub use folders::check_internal_output;
pub use log::{Format, LogEntry, Parity, Place, RedactionLog, render};
pub use page::{RedactedPage, SENTINEL_CLOSE, SENTINEL_OPEN, SpanHtml, SpanView, sentinel};
pub use review::{FrontMark, ReviewMarks};
pub use secrets::{AuditRule, Needle, Secrets};
pub use text::normalize;

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
    /// Globs (relative to `content/`) of attachments a public build publishes even though
    /// nothing public references them ([`attachments`]).
    pub public_attachments: Vec<String>,
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
            public_attachments: Vec::new(),
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
            public_attachments: config.redaction_public_attachments.clone(),
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

/// Runs the redaction pass over every page (in parallel), then withholds whole pages
/// ([`withhold`]: hierarchically, both languages of a pair).
pub fn run(pages: Vec<SourcePage>, settings: &Settings) -> Result<Redacted, Diagnostics> {
    let (result, mut dropped) = run_all(pages, settings);
    match result {
        Ok(r) if !dropped.has_errors() => Ok(r),
        Ok(_) => Err(dropped),
        Err(d) => {
            dropped.extend(d);
            Err(dropped)
        }
    }
}

/// As [`run`], but a page with an error only drops out (fail closed: none of it is
/// published) and the others go on: the outcome of the others, and the errors of the pages
/// that dropped out.
pub fn run_all(pages: Vec<SourcePage>, settings: &Settings) -> (Result<Redacted, Diagnostics>, Diagnostics) {
    let mut dropped = Diagnostics::new();
    let result = run_kept(pages, settings, &mut dropped);
    (result, dropped)
}

fn run_kept(pages: Vec<SourcePage>, settings: &Settings, dropped: &mut Diagnostics) -> Result<Redacted, Diagnostics> {
    let mut langs_by_key: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for p in &pages {
        langs_by_key.entry(p.key.clone()).or_default().push(p.lang.clone());
    }
    let results: Vec<Result<PageResult, Vec<Diagnostic>>> =
        pages.into_par_iter().map(|p| redact_page(p, settings)).collect();
    let mut done = Vec::new();
    for r in results {
        match r {
            Ok(r) => done.push(r),
            Err(d) => dropped.extend(d),
        }
    }
    let claims: Vec<withhold::Claim> = done
        .iter()
        .map(|r| {
            let s = r.page.source();
            withhold::Claim {
                key: s.key.clone(),
                lang: s.lang.clone(),
                path: s.path.clone(),
                withheld: r.withheld.clone(),
                cleared: r.cleared,
            }
        })
        .collect();
    let resolved = withhold::resolve(&claims).map_err(Diagnostics::from_iter)?;
    let mut out =
        Redacted { pages: Vec::new(), withheld: Vec::new(), log: RedactionLog::default(), secrets: Secrets::default() };
    for (r, w) in done.into_iter().zip(resolved) {
        out.log.entries.extend(r.entries);
        out.secrets.needles.extend(r.secrets.needles);
        let Some(w) = w else {
            out.pages.push(r.page);
            continue;
        };
        let s = r.page.source();
        let page =
            WithheldPage { key: s.key.clone(), lang: s.lang.clone(), path: s.path.clone(), exemptions: w.exemptions };
        out.log.withheld.push(page.clone());
        match settings.mode {
            Mode::Public => {
                withheld_needles(s, settings.min_audit_chars, &mut out.secrets);
                out.log.attachments.extend(attachments::of_withheld(&r.page));
            }
            Mode::Internal => {
                let citations = review::citations(&page.exemptions, &page.lang, &settings.catalogue);
                out.pages.push(r.page.with_withheld(page.exemptions.clone(), citations));
            }
        }
        out.withheld.push(page);
    }
    // A site that redacts and withholds nothing has nothing an attachment could leak: every
    // attachment is published, as Zola publishes them (a template may list `page.assets`).
    let redacts = !out.log.entries.is_empty() || !out.withheld.is_empty();
    if settings.mode == Mode::Public && redacts {
        let held = attachments::select(&mut out.pages, &settings.public_attachments)
            .map_err(|m| Diagnostics::from_iter([Diagnostic::error("config.toml", 0, 0, m)]))?;
        out.log.attachments.extend(held);
    }
    out.withheld.sort();
    out.log.finish(&langs_by_key);
    Ok(out)
}

/// The audit's needles for the text of a withheld page: its title and each paragraph, with
/// the same short-text rule as spans, a title or paragraph of fewer than three words being
/// short.
fn withheld_needles(page: &SourcePage, min_chars: usize, secrets: &mut Secrets) {
    for (text, before, after, line) in withhold::text_spans(page.front.title().unwrap_or(""), &page.body) {
        let line = if line == 0 && before.is_empty() { 1 } else { page.body_line + line };
        let span = SecretSpan { secret: &text, before: &before, after: &after, source: page.path.clone(), line };
        // A title or paragraph of one or two words (`Short.`, `Annex`) is audited by context.
        let min_chars = if text.split_whitespace().count() < 3 { usize::MAX } else { min_chars };
        secrets.add(&span, min_chars);
    }
}

struct PageResult {
    page: RedactedPage,
    /// The page's own `[extra] withheld`.
    withheld: Option<Vec<String>>,
    cleared: bool,
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
    let ids = headings::custom_ids(&page.body, out.spans.iter().map(|b| b.marker.span.clone()));
    errors.extend(ids.into_iter().map(|at| page.error_at(at, headings::MESSAGE)));
    if !errors.is_empty() {
        return Err(errors);
    }
    let (mut entries, mut secrets) = (Vec::new(), Secrets::default());
    let mut record = |secret: &str, before: &str, after: &str, line: usize, exemptions: &[String], place: Place| {
        let span = SecretSpan { secret, before, after, source: page.path.clone(), line };
        let audit = if public {
            secrets.add(&span, s.min_audit_chars)
        } else {
            secrets::needles_for(&span, s.min_audit_chars).0
        };
        entries.push(LogEntry {
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
    let marks = if public { ReviewMarks::default() } else { review::marks(&front.spans, &[], &lang, &s.catalogue) };
    let page = RedactedPage::new(page, views, out.offsets, out.masked).with_marks(marks);
    Ok(PageResult { page, withheld: front.withheld, cleared: front.cleared, entries, secrets })
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
    let badges = review::badges(&b.marker.exemptions, lang, catalogue);
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
