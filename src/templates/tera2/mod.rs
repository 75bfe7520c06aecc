//! Stage 5 for Zola 0.23 sites: Tera 2, beside the Tera 1 engine of Zola 0.22 sites.
//!
//! Input: the same templates as Tera 1 (the site's, its theme's, the built-in theme's, each
//! with its file for messages), the same site data, context and UI strings. Output: an
//! [`Engine`] (templates parsed once, with their components), then a [`Renderer`] that
//! renders a template with the context the output stage builds, and renders a page's
//! Markdown content as a template before the Markdown is parsed ([`Renderer::content`]), as
//! Zola 0.23 does. Failure: a template's syntax error is a [`Diagnostic`] at its
//! `path:line:col`; a render error names the template (or the content file) and what went
//! wrong.
//!
//! Zola's functions and filters are the Tera 1 engine's implementations, adapted
//! ([`adapt`]); the filters Tera 2 moved out of its core come from `tera-contrib`, as in
//! Zola 0.23.

pub mod adapt;
pub mod builtin;
mod children;
mod register;
mod values;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use tera2::Tera;

use crate::config::Config;
use crate::diag::{Diagnostic, Diagnostics};
use crate::i18n::I18n;
use crate::markdown::ContentError;
use crate::site::PageId;
use crate::templates::{SiteData, Templates, error_chain, generation, images};

/// The parsed Tera 2 templates.
#[derive(Clone)]
pub struct Engine {
    tera: Tera,
}

impl Engine {
    /// Parses `sources` (name → (text, file as shown)). Every function and filter is
    /// registered first, as Tera 2 checks each name a template uses when it parses it.
    pub fn load(config: &Arc<Config>, sources: &BTreeMap<String, (String, PathBuf)>) -> Result<Engine, Diagnostics> {
        let mut tera = Tera::default();
        tera.autoescape_on(vec![".html", ".htm", ".xml", ".md"]);
        register::all(
            &mut tera,
            config,
            &Arc::new(SiteData::default()),
            &Arc::new(I18n::default()),
            &Default::default(),
        );
        let list: Vec<(&str, &str)> = sources.iter().map(|(n, (t, _))| (n.as_str(), t.as_str())).collect();
        if let Err(e) = tera.add_raw_templates(list) {
            let mut diags = Diagnostics::new();
            diags.push(template_error(&e, |name| sources.get(name).map(|(_, shown)| shown.clone())));
            return Err(diags);
        }
        Ok(Engine { tera })
    }

    pub fn has(&self, name: &str) -> bool {
        self.tera.contains_template(name)
    }

    /// A renderer with the site's data and UI strings registered.
    pub fn renderer(&self, config: &Arc<Config>, data: &Arc<SiteData>, i18n: &Arc<I18n>) -> Renderer {
        let mut tera = self.tera.clone();
        let processed = images::Processed::default();
        register::all(&mut tera, config, data, i18n, &processed);
        Renderer { tera, config: config.clone(), processed, values: values::Values::new(data) }
    }
}

/// The templates of a Zola 0.23 site, as the template stage holds them.
pub(super) fn templates(
    config: &Config,
    sources: BTreeMap<String, (String, PathBuf)>,
    print_pages: bool,
    generation: generation::Choice,
) -> Result<Templates, crate::diag::Failure> {
    let sources = builtin::for_tera2(sources);
    let raw_content = sources.values().any(|(text, _)| text.contains("raw_content"));
    let engine = Engine::load(&Arc::new(config.clone()), &sources)?;
    let files = Arc::new(sources.into_iter().map(|(name, (_, shown))| (name, shown)).collect());
    let second = Some(Arc::new(engine));
    Ok(Templates { tera: tera::Tera::default(), print_pages, raw_content, files, second, generation })
}

/// A renderer of a Zola 0.23 site's templates.
pub(super) fn renderer_of(
    templates: &Templates,
    engine: &Engine,
    config: Arc<Config>,
    data: Arc<SiteData>,
    i18n: Arc<I18n>,
) -> super::Renderer {
    let second = engine.renderer(&config, &data, &i18n);
    let processed = second.processed.clone();
    let (print_pages, files) = (templates.print_pages, templates.files.clone());
    super::Renderer { tera: tera::Tera::default(), config, print_pages, processed, files, second: Some(second) }
}

/// Renders with the site registered.
pub struct Renderer {
    tera: Tera,
    config: Arc<Config>,
    /// What `resize_image` made, for the output stage to write.
    pub processed: images::Processed,
    /// The site's values, each made once: every render's context holds its language's
    /// `config`, and an entry's render its object.
    values: values::Values,
}

impl Renderer {
    pub fn has(&self, name: &str) -> bool {
        self.tera.contains_template(name)
    }

    /// Renders `template` with the context the output stage built for Tera 1: each value
    /// converted, but `config`, which is its language's, made once per site.
    pub fn render(&self, template: &str, ctx: tera::Context) -> Result<String, String> {
        self.render_with(template, ctx, None)
    }

    /// [`Renderer::render`] with entry `id`'s whole object as `name` (`page` or `section`),
    /// made from the values shared by every render.
    pub fn render_entry(&self, template: &str, ctx: tera::Context, name: &str, id: PageId) -> Result<String, String> {
        self.render_with(template, ctx, Some((name, id)))
    }

    fn render_with(&self, template: &str, ctx: tera::Context, entry: Option<(&str, PageId)>) -> Result<String, String> {
        let serde_json::Value::Object(values) = ctx.into_json() else { return Err("no context".into()) };
        let config = values.get("lang").and_then(serde_json::Value::as_str).and_then(|l| self.values.config(l));
        let mut ctx = tera2::Context::new();
        for (key, value) in &values {
            let value = match config {
                Some(c) if key == "config" => c.clone(),
                _ => adapt::from_json(value),
            };
            ctx.insert_value(key.clone(), value);
        }
        if let Some((name, id)) = entry {
            ctx.insert_value(name.to_string(), self.values.object(id));
        }
        self.tera.render(template, &ctx).map_err(|e| error_chain(&e))
    }

    /// Renders a page's Markdown `text` as a template, as Zola 0.23 does before parsing it:
    /// with `lang`, `config` and `entry`'s `page` or `section`, without autoescaping.
    /// Components defined in any template can be called. Text without `{{` or `{%` is
    /// returned as it is. Failure: the error, with its line and column in `text`.
    pub fn content(&self, text: &str, lang: &str, entry: &serde_json::Value) -> Result<String, ContentError> {
        if !needs_templating(text) {
            return Ok(text.to_string());
        }
        let mut ctx = tera2::Context::new();
        if let serde_json::Value::Object(entry) = entry {
            for (k, v) in entry {
                ctx.insert_value(k.clone(), adapt::from_json(v));
            }
        }
        ctx.insert("lang", lang);
        match self.values.config(lang) {
            Some(config) => ctx.insert_value("config", config.clone()),
            None => ctx.insert("config", &crate::templates::zola_config::config_value(&self.config, lang)),
        }
        self.tera.render_str(text, &ctx, false).map_err(|e| content_error(&e))
    }
}

/// A content template's error, at its place in the text when Tera 2 gives one: where the
/// error is, or where the content called the component or template it is in (Tera 2 prints
/// each place as `__tera_one_off:LINE:COL`, the name it gives the content).
fn content_error(e: &tera2::Error) -> ContentError {
    let all = error_chain(e);
    let place = all.split_once("__tera_one_off:").and_then(|(_, rest)| {
        let (line, rest) = rest.split_once(':')?;
        let col: String = rest.chars().take_while(char::is_ascii_digit).collect();
        Some((line.parse().ok()?, col.parse::<usize>().ok()?))
    });
    let message = match report(e) {
        Some(r) if r.filename() == "__tera_one_off" => r.message().to_string(),
        Some(r) => format!("{} (in {}, line {})", r.message(), r.filename(), r.span().start_line),
        // Errors found before rendering (an unknown component or function) come as one
        // message holding each report.
        None if place.is_some() => all.lines().next().unwrap_or_default().trim_start_matches("error: ").to_string(),
        None => all,
    };
    ContentError { place, message }
}

/// Whether `text` holds a template tag at all (Zola renders only such content).
fn needs_templating(text: &str) -> bool {
    let b = text.as_bytes();
    memchr::memchr_iter(b'{', b).any(|i| matches!(b.get(i + 1), Some(b'{' | b'%')))
}

/// The located part of a Tera 2 error, if it has one.
fn report(e: &tera2::Error) -> Option<&tera2::ReportError> {
    match e.kind() {
        tera2::ErrorKind::SyntaxError(r) | tera2::ErrorKind::RenderingError(r) => Some(r),
        _ => None,
    }
}

/// A template's syntax error at its `path:line:col` (`file` gives a template's file).
fn template_error(e: &tera2::Error, file: impl Fn(&str) -> Option<PathBuf>) -> Diagnostic {
    match report(e) {
        Some(r) => {
            let shown = file(r.filename()).unwrap_or_else(|| Path::new("templates").join(r.filename()));
            let (line, col) = (r.span().start_line, r.span().start_col + 1);
            Diagnostic::error(shown, line, col, format!("template syntax error: {}", r.message()))
        }
        None => Diagnostic::error("templates", 0, 0, error_chain(e)),
    }
}

#[cfg(test)]
mod tests;
