//! The template context of one output page: Zola's variables (`config`, `lang`,
//! `current_url`, `current_path`, `page` or `section`) plus cahier's (`cahier`: build mode,
//! redactions, language toggle targets, breadcrumbs, search and print paths).

use serde_json::{Value, json};

use crate::config::{Config, MissingTranslation};
use crate::i18n::I18n;
use crate::redact::Mode;
use crate::site::{Entry, PageId, Site};
use crate::templates::SiteData;

/// Build-wide facts every page's context shares.
pub struct Shared<'a> {
    pub site: &'a Site,
    pub data: &'a SiteData,
    pub i18n: &'a I18n,
    pub mode: Mode,
}

impl Shared<'_> {
    pub fn config(&self) -> &Config {
        &self.site.config
    }

    /// The search page path of a language, when it builds a search index.
    pub fn search_path(&self, lang: &str) -> Option<String> {
        let l = self.config().languages.get(lang)?;
        l.build_search_index
            .then(|| format!("{}/{}/", l.prefix, self.i18n.get(lang, "search_slug").unwrap_or("search")))
    }

    /// Where the language toggle of a page without a translation in `lang` leads.
    pub fn missing_path(&self, e: &Entry, lang: &str) -> String {
        let prefix = self.config().languages.get(lang).map_or("", |l| l.prefix.as_str());
        match self.config().missing_translation {
            MissingTranslation::Section | MissingTranslation::Error => {
                for &a in e.ancestors.iter().rev() {
                    if let Some(t) = self.site.get(self.site.entries[a].key(), lang) {
                        return t.path.clone();
                    }
                }
                format!("{prefix}/")
            }
            MissingTranslation::Notice => {
                let own = self.config().languages.get(e.lang()).map_or("", |l| l.prefix.as_str());
                let rest = e.path.strip_prefix(own).unwrap_or(&e.path).trim_matches('/');
                let seg = self.i18n.get(lang, "not_translated_slug").unwrap_or("not-translated");
                format!("{prefix}/{seg}/{rest}/")
            }
        }
    }

    /// The `cahier.languages` list.
    pub fn languages(&self) -> Value {
        let c = self.config();
        c.languages
            .values()
            .map(|l| json!({ "code": l.code, "name": l.name, "path": format!("{}/", l.prefix), "title": l.title, "description": l.description }))
            .collect()
    }

    /// The toggle targets of an entry: every other language, translated or not.
    pub fn alternates(&self, id: PageId) -> Value {
        let e = &self.site.entries[id];
        let c = self.config();
        c.languages
            .values()
            .filter(|l| l.code != e.lang())
            .map(|l| match self.site.get(e.key(), &l.code) {
                Some(t) => json!({ "lang": l.code, "name": l.name, "path": t.path, "permalink": t.permalink, "translated": true }),
                None => {
                    let path = self.missing_path(e, &l.code);
                    json!({ "lang": l.code, "name": l.name, "permalink": c.permalink(&path), "path": path, "translated": false })
                }
            })
            .collect()
    }

    /// Toggle targets of a page that is not an entry: for each other language, the path
    /// `path_of` gives (its counterpart), when there is one.
    pub fn alternates_by(&self, lang: &str, path_of: impl Fn(&str) -> Option<String>) -> Value {
        let c = self.config();
        c.languages
            .values()
            .filter(|l| l.code != lang)
            .filter_map(|l| {
                let path = path_of(&l.code)?;
                Some(json!({ "lang": l.code, "name": l.name, "permalink": c.permalink(&path), "path": path, "translated": true }))
            })
            .collect()
    }

    /// `cahier` for a page that is not an entry, with its toggle targets and its "date
    /// modified".
    pub fn base_with(&self, lang: &str, alternates: Value, date_modified: Option<String>) -> Value {
        let mut v = self.base(lang);
        if let Value::Object(m) = &mut v {
            m.insert("alternates".into(), alternates);
            m.insert("date_modified".into(), json!(date_modified));
        }
        v
    }

    /// `cahier` for an entry's page.
    pub fn for_entry(&self, id: PageId, print_path: Option<String>) -> Value {
        let e = &self.site.entries[id];
        let breadcrumbs: Vec<Value> = e
            .ancestors
            .iter()
            .map(|&a| json!({ "title": self.site.entries[a].title(), "path": self.site.entries[a].path }))
            .collect();
        let date_modified = self.date_modified(id);
        let mut v = self.base(e.lang());
        if let Value::Object(m) = &mut v {
            m.insert("has_redactions".into(), json!(e.page.has_redactions()));
            m.insert("alternates".into(), self.alternates(id));
            m.insert("breadcrumbs".into(), Value::Array(breadcrumbs));
            m.insert("date_modified".into(), json!(date_modified));
            m.insert("print_path".into(), json!(print_path));
        }
        v
    }

    /// "Date modified" of an entry (ISO): a page's `updated` or `date`; a section's latest
    /// among the pages below it, so that every page shows one.
    pub fn date_modified(&self, id: PageId) -> Option<String> {
        let of_page = |e: &Entry| match &e.page.source().front {
            crate::content::Front::Page(p) => p.updated.as_ref().or(p.date.as_ref()).map(|d| d.iso_date()),
            crate::content::Front::Section(_) => None,
        };
        let e = &self.site.entries[id];
        match &e.page.source().front {
            crate::content::Front::Page(_) => of_page(e),
            crate::content::Front::Section(_) => {
                self.site.entries.iter().filter(|d| d.ancestors.contains(&id)).filter_map(of_page).max()
            }
        }
    }

    /// "Date modified" of a page that lists `ids` (a taxonomy term or list): the latest of
    /// theirs.
    pub fn latest_of(&self, ids: impl IntoIterator<Item = PageId>) -> Option<String> {
        ids.into_iter().filter_map(|id| self.date_modified(id)).max()
    }

    /// "Date modified" of a page with no content of its own (404, search, splash): the
    /// latest of the language's pages (all languages' when `lang` is empty).
    pub fn latest(&self, lang: &str) -> Option<String> {
        let homes = self.site.entries.iter().enumerate().filter(|(_, e)| e.key() == "_index.md");
        homes.filter(|(_, e)| lang.is_empty() || e.lang() == lang).filter_map(|(id, _)| self.date_modified(id)).max()
    }

    /// `cahier` for pages that are not entries (404, search, splash, notices).
    pub fn base(&self, lang: &str) -> Value {
        let bundle = self.search_path(lang).map(|_| {
            let prefix = self.config().languages.get(lang).map_or("", |l| l.prefix.as_str());
            format!("{prefix}/{}/", self.config().search_bundle_dir)
        });
        json!({
            "mode": match self.mode { Mode::Public => "public", Mode::Internal => "internal" },
            "has_redactions": false,
            "alternates": [],
            "languages": self.languages(),
            "search_path": self.search_path(lang),
            "search_bundle": bundle,
            "breadcrumbs": [],
            "date_modified": null,
            "print_path": null,
        })
    }

    /// A context with Zola's common variables.
    pub fn context(&self, lang: &str, path: &str, cahier: Value) -> tera::Context {
        // Values are moved into the context: `Context::insert` would copy each of them.
        let mut m = serde_json::Map::new();
        m.insert("config".into(), self.data.config.get(lang).cloned().unwrap_or_default());
        m.insert("lang".into(), Value::String(lang.to_string()));
        m.insert("current_path".into(), Value::String(path.to_string()));
        m.insert("current_url".into(), Value::String(self.config().permalink(path)));
        m.insert("cahier".into(), cahier);
        tera::Context::from_value(Value::Object(m)).unwrap_or_default()
    }
}
