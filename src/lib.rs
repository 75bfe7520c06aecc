//! cahier: a static site generator for bilingual (French/English) publishing.
//!
//! A build is a pipeline of stages, each consuming the previous stage's output by value:
//!
//! 1. **Load** ([`content`]): walk `content/`, split and parse front matter →
//!    [`content::SourcePage`]. The config is read first ([`config`]).
//! 2. **Redact** ([`redact`]): replace or mark every redacted span, in the body and in every
//!    front matter string, before anything else reads the text → [`redact::RedactedPage`],
//!    the only page type later stages accept, plus the redaction log.
//! 3. **Index** ([`site`]): pair translations, build the section tree per language, resolve
//!    URLs, sort, gather taxonomies → [`site::Site`]. It runs after redaction so that sorting
//!    by title and taxonomy terms only ever see redacted text.
//! 4. **Render Markdown** ([`markdown`]): pulldown-cmark, heading ids, TOC, summary,
//!    `@/` links in the page's language, shortcodes, syntax highlighting.
//! 5. **Template** ([`templates`]): Tera with Zola's context, functions and filters (Tera 1
//!    for Zola 0.22 sites, Tera 2 for Zola 0.23 sites, whose Markdown stage 4 first renders
//!    as a template).
//! 6. **Emit** ([`output`]): pages, sections, taxonomies, pagination, aliases, sitemap,
//!    feeds, robots.txt, 404s, static files, search index; staged, then swapped in atomically.
//! 7. **Audit** ([`redact`]): a public build's output is scanned for redacted text; a hit fails
//!    the build and the previous output stays.
//!
//! Beside the build, [`parity`] compares each page with its translation for translators
//! (`cahier parity`), from the pages stage 1 loads.
//!
//! `cahier serve` ([`serve`]) runs the pipeline in internal mode into a temp folder, serves it
//! and, when a file changes, redoes only what the change touches ([`incremental`]).
//!
//! Problems in user content are [`diag::Diagnostic`]s, collected and reported together.

pub mod anchor;
pub mod build;
pub mod cmd;
pub mod config;
pub mod content;
pub mod diag;
pub mod html;
pub mod i18n;
pub mod incremental;
pub mod key;
pub mod markdown;
pub mod output;
pub mod parity;
pub mod paths;
pub mod redact;
pub mod search;
pub mod serve;
pub mod shortcode;
pub mod site;
pub mod templates;
pub mod testing;
