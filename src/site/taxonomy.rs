//! Taxonomies per language: the terms pages list in their front matter, and the pages of
//! each term.
//!
//! Input: the entries (after redaction: a redacted term never reaches this stage). Output: a
//! [`TaxonomyIndex`] per language and configured taxonomy, terms sorted by name. Failure: a
//! diagnostic for a page that uses a taxonomy its language does not configure.

use std::collections::BTreeMap;

use super::{Entry, PageId};
use crate::config::{Config, Taxonomy};
use crate::content::Front;
use crate::diag::{Diagnostic, Diagnostics};
use crate::site::urls::slugify_path;

/// One term of a taxonomy.
#[derive(Debug, Clone)]
pub struct Term {
    pub name: String,
    pub slug: String,
    pub path: String,
    pub permalink: String,
    /// Its pages, newest first (then by path).
    pub pages: Vec<PageId>,
}

/// A taxonomy of one language.
#[derive(Debug, Clone)]
pub struct TaxonomyIndex {
    pub lang: String,
    pub config: Taxonomy,
    pub path: String,
    pub permalink: String,
    pub terms: Vec<Term>,
}

/// Gathers every language's taxonomies.
pub fn gather(entries: &[Entry], config: &Config) -> Result<Vec<TaxonomyIndex>, Diagnostics> {
    let mut diags = Diagnostics::new();
    let mut out = Vec::new();
    for (code, lang) in &config.languages {
        for tax in &lang.taxonomies {
            let mut terms: BTreeMap<String, Term> = BTreeMap::new();
            let path = format!("{}/{}/", lang.prefix, tax.slug);
            for (id, e) in entries.iter().enumerate() {
                let Front::Page(front) = &e.page.source().front else { continue };
                if e.lang() != code {
                    continue;
                }
                for name in front.taxonomies.get(&tax.name).into_iter().flatten() {
                    let slug = slugify_path(name, config.slugify_taxonomies);
                    let term_path = format!("{path}{slug}/");
                    let term = terms.entry(slug.clone()).or_insert_with(|| Term {
                        name: name.clone(),
                        slug,
                        permalink: config.permalink(&term_path),
                        path: term_path,
                        pages: Vec::new(),
                    });
                    term.pages.push(id);
                }
            }
            let mut terms: Vec<Term> = terms.into_values().collect();
            for t in &mut terms {
                t.pages.sort_by(|&a, &b| {
                    let date = |id: PageId| match &entries[id].page.source().front {
                        Front::Page(p) => p.date.as_ref().map(|d| d.value),
                        Front::Section(_) => None,
                    };
                    date(b).cmp(&date(a)).then_with(|| entries[a].path.cmp(&entries[b].path))
                });
                t.pages.dedup();
            }
            terms.sort_by(|a, b| a.name.to_lowercase().cmp(&b.name.to_lowercase()).then_with(|| a.slug.cmp(&b.slug)));
            out.push(TaxonomyIndex {
                lang: code.clone(),
                config: tax.clone(),
                permalink: config.permalink(&path),
                path,
                terms,
            });
        }
    }
    for e in entries {
        let Front::Page(front) = &e.page.source().front else { continue };
        let Some(lang) = config.languages.get(e.lang()) else { continue };
        for name in front.taxonomies.keys() {
            if !lang.taxonomies.iter().any(|t| &t.name == name) {
                let known: Vec<&str> = lang.taxonomies.iter().map(|t| t.name.as_str()).collect();
                let (line, col) = e.page.source().front_key_location(&[name, "taxonomies"]);
                diags.push(Diagnostic::error(
                    &e.page.source().path,
                    line,
                    col,
                    format!(
                        "taxonomy `{name}` is not configured for language `{}` (configured: {}): add it to `taxonomies` in config.toml",
                        e.lang(),
                        if known.is_empty() { "none".to_string() } else { known.join(", ") }
                    ),
                ));
            }
        }
    }
    if diags.has_errors() { Err(diags) } else { Ok(out) }
}
