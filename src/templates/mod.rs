//! Stage 5, templates: Tera 1.x with Zola's template names, context, functions and filters,
//! or, for a Zola 0.23 site ([`generation`]), Tera 2 ([`tera2`]) behind the same types.
//!
//! Input: the site's `templates/`, the theme's (`themes/NAME/templates/`), and cahier's
//! built-in theme embedded in the binary, looked up in that order, so a site with no
//! templates still builds. Output: [`Templates`] (parsed once), then a [`Renderer`] with the
//! site's data registered for `get_page` & co. Failure: a [`Diagnostic`] naming the template
//! file for a syntax error; a render error names the template and what went wrong.

pub mod context;
pub mod filters;
pub mod functions;
pub mod generation;
mod guard;
pub mod images;
mod load_data;
mod recursion;
pub mod review;
mod shortcode_calls;
pub mod tera2;
pub(crate) mod zola_config;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use include_dir::{Dir, include_dir};
use tera::Tera;

use crate::config::Config;
use crate::diag::{Diagnostic, Diagnostics};
use crate::i18n::I18n;
pub use context::SiteData;
pub use shortcode_calls::Shortcodes;

/// cahier's built-in theme.
pub static BUILTIN_THEME: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/themes/cahier");

/// The parsed templates.
#[derive(Clone)]
pub struct Templates {
    tera: Tera,
    /// Whether sections get a print page: with the built-in layout, or when the site or its
    /// theme brings its own `binder_print.html`. A site with its own `base.html` and no print
    /// template gets none: the built-in one would not match its layout.
    print_pages: bool,
    /// Whether a template reads `raw_content`.
    raw_content: bool,
    /// Each template's file as messages show it (`templates/page.html`, a theme's, or the
    /// built-in theme's).
    files: Arc<BTreeMap<String, PathBuf>>,
    /// The Tera 2 templates of a Zola 0.23 site (`tera` is then empty).
    second: Option<Arc<tera2::Engine>>,
    /// Which Zola generation the site is, and why.
    pub generation: generation::Choice,
}

impl Templates {
    /// Loads built-in, theme, then site templates (later ones replace earlier ones of the same
    /// name). Theme templates are also reachable as `THEME/templates/NAME` for `extends`.
    pub fn load(config: &Config) -> Result<Templates, crate::diag::Failure> {
        let mut sources: BTreeMap<String, (String, PathBuf)> = BTreeMap::new();
        let mut diags = Diagnostics::new();
        if let Some(dir) = BUILTIN_THEME.get_dir("templates") {
            for file in embedded_files(dir) {
                let name =
                    file.path().strip_prefix("templates").unwrap_or(file.path()).to_string_lossy().replace('\\', "/");
                let text = String::from_utf8_lossy(file.contents()).into_owned();
                let shown = Path::new("(built-in theme)").join(file.path());
                sources.insert(format!("cahier/templates/{name}"), (text.clone(), shown.clone()));
                sources.insert(name, (text, shown));
            }
        }
        if let Some(theme) = &config.theme {
            let dir = config.root.join("themes").join(theme).join("templates");
            if !dir.is_dir() {
                let missing = dir.display();
                return Err(anyhow::anyhow!("the theme `{theme}` has no templates: {missing} does not exist").into());
            }
            for (name, text, shown) in read_dir(&dir, &config.root, &mut diags)? {
                sources.insert(format!("{theme}/templates/{name}"), (text.clone(), shown.clone()));
                sources.insert(name, (text, shown));
            }
        }
        let site_dir = config.root.join("templates");
        if site_dir.is_dir() {
            for (name, text, shown) in read_dir(&site_dir, &config.root, &mut diags)? {
                sources.insert(name, (text, shown));
            }
        }
        let builtin = |name: &str| sources.get(name).is_none_or(|(_, shown)| shown.starts_with("(built-in theme)"));
        let print_pages = builtin("base.html") || !builtin("binder_print.html");
        let raw_content = sources.values().any(|(text, _)| text.contains("raw_content"));
        // A plain Zola site without a 404 template of its own gets Zola's own 404 page.
        if !config.cahier_pages && builtin("404.html") {
            sources.insert("404.html".into(), (ZOLA_404.into(), Path::new("(built-in theme)/zola-404.html").into()));
        }
        if !diags.is_empty() {
            return Err(diags.into());
        }
        keep_builtin_pages_whole(&mut sources);
        let choice = generation::choose(config);
        if choice.generation == generation::Generation::Zola023 {
            return tera2::templates(config, sources, print_pages, choice).map(|t| Templates { raw_content, ..t });
        }
        let mut tera = Tera::default();
        tera.autoescape_on(vec![".html", ".htm", ".xml", ".md"]);
        let list: Vec<(&str, &str)> = sources.iter().map(|(n, (t, _))| (n.as_str(), t.as_str())).collect();
        if let Err(e) = tera.add_raw_templates(list) {
            // Parse each alone to name the file of a syntax error; otherwise the error is
            // between templates (a missing parent, a loop of `extends`).
            for (name, (text, shown)) in &sources {
                if let Err(e) = tera::Template::new(name, None, text) {
                    diags.push(syntax_error(shown, &error_chain(&e)));
                }
            }
            if diags.is_empty() {
                diags.push(Diagnostic::error("templates", 0, 0, error_chain(&e)));
            }
            return Err(diags.into());
        }
        if let Err(d) = recursion::check(&tera, &sources) {
            return Err(d.into());
        }
        guard::install(&mut tera, &sources);
        tera.register_filter("markdown", filters::Markdown::new(&config.markdown));
        tera.register_filter("date", filters::Date);
        tera.register_filter("num_format", filters::NumFormat);
        tera.register_filter("base64_encode", filters::Base64 { encode: true });
        tera.register_filter("base64_decode", filters::Base64 { encode: false });
        tera.register_filter("regex_replace", filters::RegexReplace);
        let dirs = functions::search_dirs(config);
        let prefixes = config.languages.values().map(|l| l.prefix.trim_start_matches('/').to_string()).collect();
        let content = config.root.join("content");
        tera.register_function(
            "get_image_metadata",
            images::GetImageMetadata { dirs: dirs.clone(), content, prefixes },
        );
        tera.register_function("load_data", load_data::LoadData { root: config.root.clone(), dirs: dirs.clone() });
        tera.register_function("get_hash", functions::GetHash { dirs });
        let files = Arc::new(sources.into_iter().map(|(name, (_, shown))| (name, shown)).collect());
        Ok(Templates { tera, print_pages, raw_content, files, second: None, generation: choice })
    }

    pub fn has(&self, name: &str) -> bool {
        if let Some(second) = &self.second {
            return second.has(name);
        }
        self.tera.get_template(name).is_ok()
    }

    /// Whether a template reads `raw_content`: pages keep their Markdown only then.
    pub fn reads_raw_content(&self) -> bool {
        self.raw_content
    }

    /// A renderer with the site's data and UI strings registered.
    pub fn renderer(&self, config: Arc<Config>, data: Arc<SiteData>, i18n: Arc<I18n>) -> Renderer {
        if let Some(second) = &self.second {
            return tera2::renderer_of(self, second, config, data, i18n);
        }
        let mut tera = self.tera.clone();
        tera.register_function("trans", functions::Trans { i18n, default_language: config.default_language.clone() });
        let direction = functions::TextDirection { default_language: config.default_language.clone() };
        tera.register_function("text_direction", direction);
        tera.register_function("get_random", functions::GetRandom);
        tera.register_function("get_url", functions::GetUrl { config: config.clone(), data: data.clone() });
        tera.register_function(
            "get_page",
            functions::GetEntry { config: config.clone(), data: data.clone(), section: false },
        );
        tera.register_function(
            "get_section",
            functions::GetEntry { config: config.clone(), data: data.clone(), section: true },
        );
        tera.register_function(
            "get_section_pages",
            functions::GetSectionPages { config: config.clone(), data: data.clone() },
        );
        for (name, what) in [
            ("get_taxonomy", functions::TaxonomyWhat::Taxonomy),
            ("get_taxonomy_url", functions::TaxonomyWhat::Url),
            ("get_taxonomy_term", functions::TaxonomyWhat::Term),
        ] {
            tera.register_function(name, functions::GetTaxonomy { config: config.clone(), data: data.clone(), what });
        }
        register_review(&mut tera, &data);

        let processed = images::Processed::default();
        tera.register_function(
            "resize_image",
            images::ResizeImage {
                dirs: functions::search_dirs(&config),
                base_url: config.base_url.clone(),
                processed: processed.clone(),
            },
        );
        Renderer { tera, config, print_pages: self.print_pages, processed, files: self.files.clone(), second: None }
    }
}

/// The 404 page Zola writes for a site without a `404.html` template.
const ZOLA_404: &str = "<!doctype html>\n<title>404 Not Found</title>\n<h1>404 Not Found</h1>\n";

/// The reviewers' filters (`mark_redacted`, `withheld`), from the build's marks.
fn register_review(tera: &mut Tera, data: &SiteData) {
    tera.register_filter("mark_redacted", review::MarkRedacted(data.review.clone()));
    tera.register_filter("withheld", review::Withheld(data.review.clone()));
}

/// When a site or theme brings its own `base.html`, the built-in pages it does not replace
/// (404, search, splash, notices, print) keep extending the built-in `base.html`: they need
/// its blocks and variables, and a site's layout is made for its own pages.
fn keep_builtin_pages_whole(sources: &mut BTreeMap<String, (String, PathBuf)>) {
    let builtin = |shown: &Path| shown.starts_with("(built-in theme)");
    if sources.get("base.html").is_none_or(|(_, shown)| builtin(shown)) {
        return;
    }
    for (name, (text, shown)) in sources.iter_mut() {
        if builtin(shown) && !name.starts_with("cahier/templates/") {
            *text = text
                .replace("{% extends \"base.html\" %}", "{% extends \"cahier/templates/base.html\" %}")
                .replace("{% extends 'base.html' %}", "{% extends 'cahier/templates/base.html' %}");
        }
    }
}

/// Every file below an embedded folder, in path order.
pub fn embedded_files(dir: &'static Dir<'static>) -> Vec<&'static include_dir::File<'static>> {
    let mut out: Vec<&include_dir::File<'static>> = dir.files().collect();
    for d in dir.dirs() {
        out.extend(embedded_files(d));
    }
    out.sort_by_key(|f| f.path());
    out
}

/// The templates below `dir`: each one's name, text and path as shown in messages. A file that
/// cannot be read or is not UTF-8 is a diagnostic in `diags`.
fn read_dir(dir: &Path, root: &Path, diags: &mut Diagnostics) -> anyhow::Result<Vec<(String, String, PathBuf)>> {
    use anyhow::Context;
    let mut out = Vec::new();
    for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let entry = entry.with_context(|| format!("cannot read {}", dir.display()))?;
        if !entry.file_type().is_file() || entry.file_name().to_string_lossy().starts_with('.') {
            continue;
        }
        let name = entry.path().strip_prefix(dir).unwrap_or(entry.path()).to_string_lossy().replace('\\', "/");
        let shown = entry.path().strip_prefix(root).unwrap_or(entry.path()).to_path_buf();
        match crate::diag::read_text(entry.path(), &shown) {
            Ok(text) => out.push((name, text, shown)),
            Err(d) => diags.push(d),
        }
    }
    Ok(out)
}

/// A template's syntax error at its `path:line:col`: Tera gives the place inside its message
/// (` --> 3:17`, the line again, a caret, `= expected …`), which is turned into the
/// diagnostic's place and the reason alone.
fn syntax_error(shown: &Path, message: &str) -> Diagnostic {
    let place = message.split_once("--> ").and_then(|(_, rest)| {
        let (line, rest) = rest.split_once(':')?;
        let col: String = rest.chars().take_while(char::is_ascii_digit).collect();
        Some((line.trim().parse::<usize>().ok()?, col.parse::<usize>().ok()?))
    });
    let reason: Vec<&str> = message.lines().filter_map(|l| l.trim_start().strip_prefix("= ")).map(str::trim).collect();
    match (place, reason.is_empty()) {
        (Some((line, col)), false) => {
            Diagnostic::error(shown, line, col, format!("template syntax error: {}", reason.join("; ")))
        }
        _ => Diagnostic::error(shown, 0, 0, format!("template syntax error: {message}")),
    }
}

/// An error (Tera 1's or Tera 2's) with its causes, on one line.
pub fn error_chain(e: &dyn std::error::Error) -> String {
    let mut msg = e.to_string();
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        msg.push_str(": ");
        msg.push_str(&s.to_string());
        source = s.source();
    }
    msg
}

/// Renders templates with the site registered.
pub struct Renderer {
    tera: Tera,
    config: Arc<Config>,
    print_pages: bool,
    /// What `resize_image` made, for the output stage to write.
    processed: images::Processed,
    files: Arc<BTreeMap<String, PathBuf>>,
    /// The Tera 2 renderer of a Zola 0.23 site (`tera` is then empty).
    second: Option<tera2::Renderer>,
}

impl Renderer {
    pub fn has(&self, name: &str) -> bool {
        if let Some(second) = &self.second {
            return second.has(name);
        }
        self.tera.get_template(name).is_ok()
    }

    /// Takes the images `resize_image` made so far: `(output path, bytes)`, in path order.
    pub fn take_processed_images(&self) -> Vec<(String, Vec<u8>)> {
        self.processed.lock().map(|mut p| std::mem::take(&mut *p).into_iter().collect()).unwrap_or_default()
    }

    /// Whether sections get a print page (see [`Templates`]).
    pub fn print_pages(&self) -> bool {
        self.print_pages
    }

    /// Renders `template` with `ctx`. A filter or function that panics (a bug, ours or a
    /// crate's) is this render's error, not the end of the build.
    pub fn render(&self, template: &str, ctx: tera::Context) -> Result<String, String> {
        self.render_entry(template, ctx, None)
    }

    /// [`Renderer::render`], with `entry` (`(name, id, data)`) adding entry `id`'s whole
    /// object as `name` (`page` or `section`): the Tera 1 engine reads it as `data` makes it,
    /// the Tera 2 engine from its values made once per site.
    pub fn render_entry(
        &self,
        template: &str,
        mut ctx: tera::Context,
        entry: Option<(&str, crate::site::PageId, &SiteData)>,
    ) -> Result<String, String> {
        let render = std::panic::AssertUnwindSafe(|| match (&self.second, entry) {
            (Some(second), Some((name, id, _))) => second.render_entry(template, ctx, name, id),
            (Some(second), None) => second.render(template, ctx),
            (None, entry) => {
                if let Some((name, id, data)) = entry {
                    let mut object = serde_json::Map::new();
                    object.insert(name.to_string(), data.object(id));
                    ctx.extend(tera::Context::from_value(serde_json::Value::Object(object)).unwrap_or_default());
                }
                self.tera.render(template, &ctx).map_err(|e| error_chain(&e))
            }
        });
        match std::panic::catch_unwind(render) {
            Ok(result) => result,
            Err(panic) => {
                let what = panic
                    .downcast_ref::<String>()
                    .map(String::as_str)
                    .or_else(|| panic.downcast_ref::<&str>().copied())
                    .unwrap_or("no message");
                Err(format!(
                    "a filter or function failed unexpectedly ({what}); this is a bug in cahier: please report it"
                ))
            }
        }
    }

    pub fn config(&self) -> &Config {
        &self.config
    }

    /// The file of template `name` as messages show it (`templates/page.html`).
    pub fn file(&self, name: &str) -> PathBuf {
        self.files.get(name).cloned().unwrap_or_else(|| Path::new("templates").join(name))
    }
}

#[cfg(test)]
mod syntax_tests {
    use super::*;

    #[test]
    fn a_panicking_filter_is_the_render_s_error() {
        let fixture = crate::testing::SiteBuilder::new().file("templates/boom.html", "{{ 1 | boom }}").write();
        let config = Arc::new(fixture.config());
        let i18n = Arc::new(I18n::load(&config).unwrap());
        let mut renderer = Templates::load(&config).unwrap().renderer(config, Arc::default(), i18n);
        renderer.tera.register_filter(
            "boom",
            |_: &serde_json::Value, _: &std::collections::HashMap<String, serde_json::Value>| panic!("kaboom"),
        );
        let err = renderer.render("boom.html", tera::Context::new()).unwrap_err();
        assert!(err.contains("kaboom") && err.contains("bug in cahier"), "{err}");
    }

    #[test]
    fn a_syntax_error_is_placed_at_its_line_and_column_in_the_template_file() {
        let e = tera::Template::new("x.html", None, "<html>\n<body>\n{{ page.title | }}\n").unwrap_err();
        let d = syntax_error(Path::new("templates/x.html"), &error_chain(&e));
        assert_eq!(
            d.to_string(),
            "templates/x.html:3:17: error: template syntax error: expected an identifier (must start with a-z)"
        );
    }
}
