//! Zola's template functions: `get_url`, `get_page`, `get_section`, `get_taxonomy`,
//! `get_taxonomy_url`, `get_taxonomy_term`, `trans`, `load_data` (local files only) and
//! `get_hash`; and cahier's `get_section_pages`.
//!
//! Input: arguments from a template, and the shared [`SiteData`] / [`I18n`]. Output: a JSON
//! value. Failure: a `tera::Error` whose message says which argument is wrong and what is
//! expected; Tera adds the template and line.
//!
//! What a render looked up can be recorded ([`recording`]): `cahier serve` uses it to know
//! which output files to render again when a page changes.

use std::cell::RefCell;
use std::collections::{BTreeSet, HashMap};
use std::path::PathBuf;
use std::sync::Arc;

use base64::Engine;
use serde_json::Value;
use sha2::Digest;
use tera::{Error, Function, Result};

use crate::config::Config;
use crate::i18n::I18n;
use crate::site::PageId;
use crate::templates::context::SiteData;

pub(super) type Args = HashMap<String, Value>;

/// What one render looked up through the functions below.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Recorded {
    /// Entries fetched whole (`get_page`, `get_section`), by id.
    pub ids: BTreeSet<usize>,
    /// Sections fetched without their pages (`get_section(metadata_only=true)`), by id.
    pub basics: BTreeSet<usize>,
    /// Sections whose pages were listed as links (`get_section_pages`), by id.
    pub tocs: BTreeSet<usize>,
    /// Entries whose URL was asked for (`get_url(path="@/…")`), by `(key, language)`, found
    /// or not.
    pub keys: BTreeSet<(String, String)>,
    /// A taxonomy was read (`get_taxonomy`, `get_taxonomy_url`, `get_taxonomy_term`).
    pub taxonomies: bool,
    /// A file of the site was read (`get_url(cachebust=true)`, `get_hash(path)`, `load_data`).
    pub files: bool,
    /// The reviewers' marks of the whole site were read (`mark_redacted`, `withheld`).
    pub review: bool,
}

thread_local! {
    /// The recorder of the render running on this thread, if one is recording.
    static RECORDER: RefCell<Option<Recorded>> = const { RefCell::new(None) };
}

/// Runs `render` (a template render, on this thread) and returns what it looked up. Nested
/// calls each get their own record (the outer one resumes after).
pub fn recording<T>(render: impl FnOnce() -> T) -> (T, Recorded) {
    let outer = RECORDER.with(|r| r.replace(Some(Recorded::default())));
    let out = render();
    let recorded = RECORDER.with(|r| r.replace(outer)).unwrap_or_default();
    (out, recorded)
}

pub(super) fn note(f: impl FnOnce(&mut Recorded)) {
    RECORDER.with(|r| {
        if let Some(rec) = r.borrow_mut().as_mut() {
            f(rec);
        }
    });
}

pub(super) fn string_arg<'a>(args: &'a Args, name: &str, function: &str) -> Result<&'a str> {
    match args.get(name) {
        Some(Value::String(s)) => Ok(s),
        Some(other) => Err(Error::msg(format!("`{function}`: `{name}` must be a string, not {other}"))),
        None => Err(Error::msg(format!("`{function}` needs a `{name}` argument"))),
    }
}

pub(super) fn opt_string<'a>(args: &'a Args, name: &str) -> Option<&'a str> {
    args.get(name).and_then(Value::as_str)
}

pub(super) fn bool_arg(args: &Args, name: &str, default: bool) -> bool {
    args.get(name).and_then(Value::as_bool).unwrap_or(default)
}

/// Splits `@/x.fr.md` into (`x.md`, Some("fr")) when `fr` is a language of the site.
fn key_and_lang<'a>(path: &str, config: &'a Config) -> (String, Option<&'a str>) {
    crate::key::split(path.trim_start_matches("@/"), config)
}

/// `trans(key, lang)`.
pub struct Trans {
    pub i18n: Arc<I18n>,
    pub default_language: String,
}

impl Function for Trans {
    fn call(&self, args: &Args) -> Result<Value> {
        let key = string_arg(args, "key", "trans")?;
        let lang = opt_string(args, "lang").unwrap_or(&self.default_language);
        // cahier ships English and French strings; in another language (a Zola site's `it`,
        // `ko`), a built-in page falls back to the default language's string, then English.
        let shipped = matches!(lang, "en" | "fr");
        let found = self.i18n.get(lang, key).or_else(|| {
            (!shipped)
                .then(|| self.i18n.get(&self.default_language, key).or_else(|| self.i18n.get("en", key)))
                .flatten()
        });
        found.map(|s| Value::String(s.to_string())).ok_or_else(|| {
            Error::msg(format!("`trans`: no string `{key}` in language `{lang}`: add it to i18n/{lang}.toml"))
        })
    }

    fn is_safe(&self) -> bool {
        false
    }
}

/// `text_direction(lang)` (Zola 0.23): `rtl` for a language written right to left (`ar`,
/// `he`, `fa-IR`), else `ltr` (a top-to-bottom script too, as `dir` has no other value).
pub struct TextDirection {
    pub default_language: String,
}

impl Function for TextDirection {
    fn call(&self, args: &Args) -> Result<Value> {
        let lang = opt_string(args, "lang").unwrap_or(&self.default_language);
        let tag: unic_langid::LanguageIdentifier = lang.parse().map_err(|_| {
            Error::msg(format!("`text_direction`: `{lang}` is not a language tag (such as `fr`, `ar` or `pt-BR`)"))
        })?;
        let rtl = tag.character_direction() == unic_langid::CharacterDirection::RTL;
        Ok(Value::String(if rtl { "rtl" } else { "ltr" }.to_string()))
    }

    fn is_safe(&self) -> bool {
        true
    }
}

/// `get_random(start, end)` of a Zola 0.22 site (Tera 1's built-in draws a new number each
/// build): a number in `start..end` drawn from the arguments, so that each build of a site
/// writes the same files. (A Tera 1 function does not see the page, so every page gets the
/// same number for the same arguments.)
pub struct GetRandom;

impl Function for GetRandom {
    fn call(&self, args: &Args) -> Result<Value> {
        let bound = |name, default: Option<i64>| match args.get(name) {
            None => default.ok_or_else(|| Error::msg(format!("`get_random`: `{name}` is missing"))),
            Some(v) => v.as_i64().ok_or_else(|| Error::msg(format!("`get_random`: `{name}` must be a whole number"))),
        };
        let (start, end) = (bound("start", Some(0))?, bound("end", None)?);
        if start >= end {
            return Err(Error::msg(format!("`get_random`: `start` ({start}) must be less than `end` ({end})")));
        }
        let mut hasher = std::hash::DefaultHasher::new();
        std::hash::Hash::hash(&(start, end), &mut hasher);
        let span = end.abs_diff(start);
        let drawn = start.wrapping_add((std::hash::Hasher::finish(&hasher) % span) as i64);
        Ok(Value::from(drawn))
    }
}

/// `get_url(path, lang, trailing_slash, cachebust)`.
pub struct GetUrl {
    pub config: Arc<Config>,
    pub data: Arc<SiteData>,
}

impl Function for GetUrl {
    fn call(&self, args: &Args) -> Result<Value> {
        let path = string_arg(args, "path", "get_url")?;
        let lang = opt_string(args, "lang").unwrap_or(&self.config.default_language);
        if path.starts_with("@/") {
            let (key, own_lang) = key_and_lang(path, &self.config);
            let (key, anchor) = key.split_once('#').map_or((key.as_str(), None), |(k, a)| (k, Some(a)));
            let lang = own_lang.unwrap_or(lang);
            note(|r| {
                r.keys.insert((key.to_string(), lang.to_string()));
            });
            let found = self.data.paths.get(&(key.to_string(), lang.to_string()));
            let url =
                found.ok_or_else(|| Error::msg(format!("`get_url`: there is no page `{key}` in language `{lang}`")))?;
            let mut out = self.config.permalink(url);
            if let Some(a) = anchor {
                out = format!("{out}#{a}");
            }
            return Ok(Value::String(out));
        }
        let mut url = self.config.permalink(path);
        if bool_arg(args, "trailing_slash", false) && !url.ends_with('/') {
            url.push('/');
        }
        if bool_arg(args, "cachebust", false) {
            note(|r| r.files = true);
            // A file cahier does not make (Zola's compiled Sass) is linked without a hash.
            let file = find_file(&search_dirs(&self.config), path.trim_start_matches('/'))?;
            if let Ok(bytes) = std::fs::read(&file) {
                let hash = sha2::Sha256::digest(&bytes);
                url = format!("{url}?h={}", hex(&hash[..10]));
            }
        }
        Ok(Value::String(url))
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The entry that `path` (and `lang`) of a `get_page`-like call names.
fn find_entry(config: &Config, data: &SiteData, args: &Args, name: &str, what: &str) -> Result<PageId> {
    let path = string_arg(args, "path", name)?;
    let (key, own_lang) = key_and_lang(path, config);
    let lang = own_lang.or_else(|| opt_string(args, "lang")).unwrap_or(&config.default_language);
    data.lookup
        .get(&(key.clone(), lang.to_string()))
        .copied()
        .ok_or_else(|| Error::msg(format!("`{name}`: there is no {what} `{key}` in language `{lang}`")))
}

/// `get_page(path, lang)` and `get_section(path, lang, metadata_only)`.
pub struct GetEntry {
    pub config: Arc<Config>,
    pub data: Arc<SiteData>,
    pub section: bool,
}

impl Function for GetEntry {
    fn call(&self, args: &Args) -> Result<Value> {
        let (name, what) = if self.section { ("get_section", "section") } else { ("get_page", "page") };
        let id = find_entry(&self.config, &self.data, args, name, what)?;
        let metadata_only = self.section && bool_arg(args, "metadata_only", false);
        note(|r| {
            if metadata_only {
                r.basics.insert(id)
            } else {
                r.ids.insert(id)
            };
        });
        if metadata_only {
            return Ok(self.data.metadata(id));
        }
        Ok(self.data.object(id))
    }
}

/// `get_section_pages(path, lang)`, cahier's: a section's pages in the section's order, each
/// as a link ([`LINK_FIELDS`](crate::templates::context::LINK_FIELDS)): what a table of
/// contents needs, without the content of every page that `get_section(path).pages` holds.
pub struct GetSectionPages {
    pub config: Arc<Config>,
    pub data: Arc<SiteData>,
}

impl Function for GetSectionPages {
    fn call(&self, args: &Args) -> Result<Value> {
        let id = find_entry(&self.config, &self.data, args, "get_section_pages", "section")?;
        note(|r| {
            r.tocs.insert(id);
        });
        Ok(self.data.page_links(id))
    }
}

/// `get_taxonomy(kind, lang)`, `get_taxonomy_url(kind, name, lang)` and
/// `get_taxonomy_term(kind, term, lang)`.
pub struct GetTaxonomy {
    pub config: Arc<Config>,
    pub data: Arc<SiteData>,
    pub what: TaxonomyWhat,
}

/// Which taxonomy function.
#[derive(Clone, Copy)]
pub enum TaxonomyWhat {
    Taxonomy,
    Url,
    Term,
}

impl Function for GetTaxonomy {
    fn call(&self, args: &Args) -> Result<Value> {
        let fname = match self.what {
            TaxonomyWhat::Taxonomy => "get_taxonomy",
            TaxonomyWhat::Url => "get_taxonomy_url",
            TaxonomyWhat::Term => "get_taxonomy_term",
        };
        note(|r| r.taxonomies = true);
        let kind = string_arg(args, "kind", fname)?;
        let lang = opt_string(args, "lang").unwrap_or(&self.config.default_language);
        let Some(tax) = self.data.taxonomies.get(&(lang.to_string(), kind.to_string())) else {
            if bool_arg(args, "required", true) {
                return Err(Error::msg(format!("`{fname}`: no taxonomy `{kind}` in language `{lang}`")));
            }
            return Ok(Value::Null);
        };
        if let TaxonomyWhat::Taxonomy = self.what {
            return Ok(tax.clone());
        }
        let term_arg = if let TaxonomyWhat::Url = self.what { "name" } else { "term" };
        let term = string_arg(args, term_arg, fname)?;
        let slug = crate::site::urls::slugify_path(term, self.config.slugify_taxonomies);
        let items = tax.get("items").and_then(Value::as_array).map(Vec::as_slice).unwrap_or_default();
        let found = items.iter().position(|i| {
            i.get("slug").and_then(Value::as_str) == Some(slug.as_str())
                || i.get("name").and_then(Value::as_str) == Some(term)
        });
        match (found, self.what) {
            (Some(i), TaxonomyWhat::Url) => Ok(items[i].get("permalink").cloned().unwrap_or(Value::Null)),
            (Some(i), _) => {
                // A single term's pages come with their content, as in Zola: the render
                // depends on each of them.
                let taxonomy = (lang.to_string(), kind.to_string());
                let ids = self.data.term_pages.get(&taxonomy).and_then(|t| t.get(i)).cloned().unwrap_or_default();
                note(|r| r.ids.extend(ids));
                Ok(self.data.term(&taxonomy, i))
            }
            (None, _) if !bool_arg(args, "required", true) => Ok(Value::Null),
            (None, _) => {
                Err(Error::msg(format!("`{fname}`: taxonomy `{kind}` has no term `{term}` in language `{lang}`")))
            }
        }
    }
}

/// Where Zola looks for a file a template names (`load_data`, `get_url(cachebust=true)`,
/// `get_hash`), in order: the site root, `static/`, `content/`, the output folder, the
/// theme's `static/`.
pub fn search_dirs(config: &Config) -> Vec<PathBuf> {
    let root = &config.root;
    let mut dirs = vec![root.clone(), root.join("static"), root.join("content"), config.output_dir.clone()];
    if let Some(theme) = &config.theme {
        dirs.push(root.join("themes").join(theme).join("static"));
    }
    dirs
}

/// The first of `dirs` that has `path` (`@/x` is below `content/`); the first folder's when
/// none has it, for the message. `..` and absolute paths are refused.
pub(super) fn find_file(dirs: &[PathBuf], path: &str) -> Result<PathBuf> {
    let first = dirs.first().cloned().unwrap_or_default();
    if let Some(rel) = path.strip_prefix("@/") {
        return resolve_local(&first.join("content"), rel);
    }
    for dir in dirs {
        let file = resolve_local(dir, path)?;
        if file.exists() {
            return Ok(file);
        }
    }
    resolve_local(&first, path)
}

/// A path below the site root; `..` and absolute paths are refused.
fn resolve_local(root: &std::path::Path, path: &str) -> Result<PathBuf> {
    let rel = std::path::Path::new(path.trim_start_matches("@/"));
    if rel.is_absolute() || rel.components().any(|c| matches!(c, std::path::Component::ParentDir)) {
        return Err(Error::msg(format!("`{path}` must be a path inside the site")));
    }
    let in_root = root.join(rel);
    let file = if in_root.exists() || !path.starts_with("@/") { in_root } else { root.join("content").join(rel) };
    no_link_out(root, &file, path)?;
    Ok(file)
}

/// Refuses a file that a symbolic link leads out of `root` to (it would publish what the site
/// does not hold, such as `/etc/passwd`).
fn no_link_out(root: &std::path::Path, file: &std::path::Path, path: &str) -> Result<()> {
    let (Ok(real_root), Ok(real)) = (root.canonicalize(), file.canonicalize()) else { return Ok(()) };
    if real.starts_with(&real_root) {
        return Ok(());
    }
    Err(Error::msg(format!(
        "`{path}` leads out of the site through a symbolic link (to {}): cahier reads only files inside the site",
        real.display()
    )))
}

/// `get_hash(path | literal, sha_type, base64)`, Zola's defaults: SHA-384, base64.
pub struct GetHash {
    /// Where `path` is looked for ([`search_dirs`]).
    pub dirs: Vec<PathBuf>,
}

impl Function for GetHash {
    fn call(&self, args: &Args) -> Result<Value> {
        note(|r| r.files = true);
        let bytes = match (opt_string(args, "path"), opt_string(args, "literal")) {
            (Some(path), None) => {
                let file = find_file(&self.dirs, path.trim_start_matches('/'))?;
                std::fs::read(&file)
                    .map_err(|e| Error::msg(format!("`get_hash`: cannot read {}: {e}", file.display())))?
            }
            (None, Some(lit)) => lit.as_bytes().to_vec(),
            _ => return Err(Error::msg("`get_hash` needs exactly one of `path` or `literal`")),
        };
        let sha_type = args.get("sha_type").and_then(Value::as_u64).unwrap_or(384);
        let digest = match sha_type {
            256 => sha2::Sha256::digest(&bytes).to_vec(),
            384 => sha2::Sha384::digest(&bytes).to_vec(),
            512 => sha2::Sha512::digest(&bytes).to_vec(),
            other => return Err(Error::msg(format!("`get_hash`: sha_type must be 256, 384 or 512, not {other}"))),
        };
        Ok(Value::String(if bool_arg(args, "base64", true) {
            base64::engine::general_purpose::STANDARD.encode(digest)
        } else {
            hex(&digest)
        }))
    }
}

#[cfg(test)]
mod link_tests {
    #[test]
    fn a_link_out_of_the_site_is_refused_one_inside_is_not() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("site");
        std::fs::create_dir_all(root.join("data")).unwrap();
        std::fs::write(dir.path().join("outside.txt"), "secret").unwrap();
        std::fs::write(root.join("data/inside.txt"), "ok").unwrap();
        std::os::unix::fs::symlink(dir.path().join("outside.txt"), root.join("data/out.txt")).unwrap();
        std::os::unix::fs::symlink(root.join("data/inside.txt"), root.join("data/in.txt")).unwrap();
        let err = super::resolve_local(&root, "data/out.txt").unwrap_err().to_string();
        assert!(err.contains("leads out of the site"), "{err}");
        assert!(super::resolve_local(&root, "data/in.txt").is_ok());
    }
}
