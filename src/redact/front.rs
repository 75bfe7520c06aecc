//! Redacting front matter strings.
//!
//! Input: a page's parsed front matter. Honoured places: `title`, `description`, `authors`,
//! taxonomy terms and every string of `[extra]` at any depth. In a public build each marker
//! is replaced by the placeholder text (a taxonomy term that holds one is left out), in an
//! internal build by its secret text (plain, no markup). Output: the redacted strings in
//! place, one [`FrontSpan`] per marker, and the exemptions of `[extra] withheld`. Failure:
//! [`Diagnostic`]s at the marker's line and column in the file (found again by parsing the
//! file's front matter with spans): the marker errors of [`super::markers`], a marker where
//! it cannot be honoured (`slug`, `path`, `aliases`, `template`, dates, table keys, …) and a
//! `withheld` that is not a list of known keys.

use std::ops::Range;

use toml::de::{DeTable, DeValue};

use super::catalogue::Catalogue;
use super::markers::{self, looks_like_marker};
use crate::content::{Front, SourcePage, front_matter};
use crate::diag::{Diagnostic, LineIndex};

/// One marker in a front matter string.
#[derive(Debug, Clone)]
pub(super) struct FrontSpan {
    /// Where: `title`, `extra.contacts[2].name`, `taxonomies.tags`.
    pub field: String,
    pub exemptions: Vec<String>,
    pub secret: String,
    pub before: String,
    pub after: String,
    /// 1-based line in the file (0 when the file could not be read again).
    pub line: usize,
}

/// What redacting a page's front matter found.
#[derive(Debug, Default)]
pub(super) struct FrontOut {
    pub spans: Vec<FrontSpan>,
    pub errors: Vec<Diagnostic>,
    /// `[extra] withheld`, when set and valid.
    pub withheld: Option<Vec<String>>,
    /// `[extra] cleared = true`: published although its translation is withheld.
    pub cleared: bool,
}

/// Makes the placeholder text of a marker from its exemptions.
pub(super) type PlaceholderFn<'a> = &'a dyn Fn(&[String]) -> String;

struct Walk<'a> {
    catalogue: &'a Catalogue,
    /// The text to put in place of a marker, from its exemptions; `None` keeps the secret
    /// text (internal builds).
    placeholder: Option<PlaceholderFn<'a>>,
    /// (field, the string's original value, offset in it, message or span)
    found: Vec<(String, String, usize, Result<FrontSpan, String>)>,
}

impl Walk<'_> {
    fn honour(&mut self, field: &str, value: &mut String) {
        let found = markers::find(value, self.catalogue);
        if !found.errors.is_empty() {
            for e in found.errors {
                self.found.push((field.into(), value.clone(), e.offset, Err(format!("in `{field}`: {}", e.message))));
            }
            return;
        }
        if found.markers.is_empty() && found.escapes.is_empty() {
            return;
        }
        let mut edits: Vec<(Range<usize>, String)> = found.escapes;
        for m in &found.markers {
            let secret = value[m.body.clone()].to_string();
            let span = FrontSpan {
                field: field.into(),
                exemptions: m.exemptions.clone(),
                before: value[..m.span.start].to_string(),
                after: value[m.span.end..].to_string(),
                secret: secret.clone(),
                line: 0,
            };
            self.found.push((field.into(), value.clone(), m.span.start, Ok(span)));
            edits.push((m.span.clone(), self.placeholder.map_or(secret, |p| p(&m.exemptions))));
        }
        edits.sort_by_key(|(r, _)| r.start);
        let mut out = String::with_capacity(value.len());
        let mut pos = 0;
        for (r, text) in edits {
            out.push_str(&value[pos..r.start]);
            out.push_str(&text);
            pos = r.end;
        }
        out.push_str(&value[pos..]);
        *value = out;
    }

    /// A taxonomy's terms. In a public build a term that holds a marker is left out: a term
    /// page named after the placeholder would gather every page with any withheld term.
    fn terms(&mut self, tax: &str, terms: &mut Vec<String>) {
        let public = self.placeholder.is_some();
        terms.retain_mut(|t| {
            let seen = self.found.len();
            self.honour(&format!("taxonomies.{tax}"), t);
            !(public && self.found[seen..].iter().any(|(.., span)| span.is_ok()))
        });
    }

    fn refuse(&mut self, field: &str, value: &str) {
        if let Some(at) = looks_like_marker(value) {
            let msg = format!(
                "a redaction marker cannot be honoured in `{field}`: redact the page's text instead, \
                 or withhold the whole page with `[extra] withheld = \"…\"`"
            );
            self.found.push((field.into(), value.to_string(), at, Err(msg)));
        }
    }

    fn extra(&mut self, field: &str, table: &mut toml::Table) {
        for (k, v) in table.iter_mut() {
            self.refuse(&format!("{field} key"), k);
            if field == "extra" {
                if k == "withheld" || k == "cleared" {
                    continue;
                }
                if let Some(key) = super::withhold::misspelled(k) {
                    let msg = format!(
                        "unknown key `extra.{k}`: did you mean `{key}`? (cahier reads `[extra] withheld`; \
                         a misspelled key would publish the page)"
                    );
                    self.found.push((format!("extra.{k}"), k.clone(), 0, Err(msg)));
                }
            }
            self.value(&format!("{field}.{k}"), v);
        }
    }

    fn value(&mut self, field: &str, v: &mut toml::Value) {
        match v {
            toml::Value::String(s) => self.honour(field, s),
            toml::Value::Array(items) => {
                for (i, item) in items.iter_mut().enumerate() {
                    self.value(&format!("{field}[{i}]"), item);
                }
            }
            toml::Value::Table(t) => self.extra(field, t),
            _ => {}
        }
    }
}

/// Redacts the front matter of `page` in place.
pub(super) fn redact(page: &mut SourcePage, catalogue: &Catalogue, placeholder: Option<PlaceholderFn<'_>>) -> FrontOut {
    let mut w = Walk { catalogue, placeholder, found: Vec::new() };
    let withheld_value: Option<toml::Value>;
    let cleared_value: Option<toml::Value>;
    match &mut page.front {
        Front::Page(p) => {
            for (name, v) in [("title", &mut p.title), ("description", &mut p.description)] {
                if let Some(s) = v {
                    w.honour(name, s);
                }
            }
            for (i, a) in p.authors.iter_mut().enumerate() {
                w.honour(&format!("authors[{i}]"), a);
            }
            for (tax, terms) in p.taxonomies.iter_mut() {
                w.refuse("taxonomies", tax);
                w.terms(tax, terms);
            }
            for (name, v) in [("slug", &p.slug), ("path", &p.path), ("template", &p.template)] {
                w.refuse(name, v.as_deref().unwrap_or(""));
            }
            for (name, d) in [("date", &p.date), ("updated", &p.updated)] {
                w.refuse(name, d.as_ref().map_or("", |d| d.text.as_str()));
            }
            p.aliases.iter().for_each(|a| w.refuse("aliases", a));
            withheld_value = p.extra.get("withheld").cloned();
            cleared_value = p.extra.get("cleared").cloned();
            w.extra("extra", &mut p.extra);
        }
        Front::Section(s) => {
            for (name, v) in [("title", &mut s.title), ("description", &mut s.description)] {
                if let Some(v) = v {
                    w.honour(name, v);
                }
            }
            let refused = [
                ("slug", &s.slug),
                ("path", &s.path),
                ("template", &s.template),
                ("page_template", &s.page_template),
                ("redirect_to", &s.redirect_to),
            ];
            for (name, v) in refused {
                w.refuse(name, v.as_deref().unwrap_or(""));
            }
            w.refuse("paginate_path", &s.paginate_path);
            s.aliases.iter().for_each(|a| w.refuse("aliases", a));
            withheld_value = s.extra.get("withheld").cloned();
            cleared_value = s.extra.get("cleared").cloned();
            w.extra("extra", &mut s.extra);
        }
    }
    let mut out = FrontOut::default();
    if let Some(v) = withheld_value {
        let text = v.as_str().map(str::to_string).unwrap_or_else(|| v.to_string());
        let parsed = match v.as_str() {
            Some(s) => markers::parse_keys(s, catalogue)
                .map_err(|m| format!("in `extra.withheld`: {}", m.replace("`s`", "`withheld`"))),
            None => Err("`extra.withheld` must name the exemption(s), like `withheld = \"15(1)\"`".into()),
        };
        match parsed {
            Ok(keys) => out.withheld = Some(keys),
            // A string is found by its value; anything else by its key.
            Err(msg) => {
                let value = if v.is_str() { text } else { "withheld".to_string() };
                w.found.push(("extra.withheld".into(), value, 0, Err(msg)));
            }
        }
    }
    match cleared_value {
        None => {}
        Some(toml::Value::Boolean(b)) => out.cleared = b,
        Some(_) => w.found.push((
            "extra.cleared".into(),
            "cleared".into(),
            0,
            Err("`extra.cleared` must be `true` (published although its translation is withheld) or `false`".into()),
        )),
    }
    if w.found.is_empty() {
        return out;
    }
    let locator = Locator::new(page);
    for (_, value, offset, result) in w.found {
        let (line, col) = locator.locate(&value, offset);
        match result {
            Ok(mut span) => {
                span.line = line;
                out.spans.push(span);
            }
            Err(msg) => out.errors.push(Diagnostic::error(&page.path, line, col, msg)),
        }
    }
    out
}

/// Finds front matter strings in the file again, to give line and column numbers.
struct Locator {
    file: String,
    front_offset: usize,
    /// Every string (values and keys) of the front matter: decoded text and raw span.
    strings: Vec<(String, Range<usize>)>,
}

impl Locator {
    fn new(page: &SourcePage) -> Self {
        let mut loc = Locator { file: String::new(), front_offset: 0, strings: Vec::new() };
        let Ok(file) = std::fs::read_to_string(&page.abs_path) else {
            return loc;
        };
        if let Ok(split) = front_matter::split(&file) {
            loc.front_offset = split.front_offset;
            if let Ok(table) = DeTable::parse(split.front) {
                collect_table(table.get_ref(), &mut loc.strings);
            }
        }
        loc.file = file;
        loc
    }

    /// Line and column in the file of byte `offset` of a front matter string's value.
    fn locate(&self, value: &str, offset: usize) -> (usize, usize) {
        let Some((_, span)) = self.strings.iter().find(|(s, _)| s == value) else {
            return (0, 0);
        };
        let front = &self.file[self.front_offset..];
        let raw = front.get(span.clone()).unwrap_or("");
        let q = if raw.starts_with("'''") || raw.starts_with("\"\"\"") { 3 } else { 1 };
        let exact = raw.len() >= 2 * q && raw.get(q..raw.len() - q) == Some(value);
        let at = if exact { span.start + q + offset } else { span.start };
        LineIndex::new(&self.file).line_col(&self.file, self.front_offset + at)
    }
}

fn collect_table(t: &DeTable<'_>, out: &mut Vec<(String, Range<usize>)>) {
    for (k, v) in t.iter() {
        out.push((k.get_ref().to_string(), k.span()));
        collect_value(v.get_ref(), v.span(), out);
    }
}

fn collect_value(v: &DeValue<'_>, span: Range<usize>, out: &mut Vec<(String, Range<usize>)>) {
    match v {
        DeValue::String(s) => out.push((s.to_string(), span)),
        DeValue::Array(items) => items.iter().for_each(|i| collect_value(i.get_ref(), i.span(), out)),
        DeValue::Table(t) => collect_table(t, out),
        _ => {}
    }
}
