//! Tests of the Markdown stage: one helper builds the render context (a fake link resolver
//! and shortcode renderer), then one file per concern.

mod code;
mod headings;
mod links;
mod page;
mod sentinels;
mod shortcodes;

use std::path::PathBuf;

use super::{Highlighter, LinkResolver, RenderContext, Rendered, ShortcodeKind, ShortcodeRenderer, render};
use crate::config::{Config, Overrides};
use crate::content::{AnchorLinks, Front, Kind, SourcePage};
use crate::diag::Diagnostic;
use crate::redact::{RedactedPage, SpanView};

/// Pages the fake resolver knows: (key, lang, URL path).
const PAGES: &[(&str, &str, &str)] = &[
    ("binders/transition.md", "en", "/binders/transition/"),
    ("binders/transition.md", "fr", "/fr/cahiers/transition/"),
    ("_index.md", "en", "/"),
];

struct FakeLinks;

impl LinkResolver for FakeLinks {
    fn resolve(&self, key: &str, lang: &str) -> Result<(String, crate::key::PageKey), String> {
        let (key, lang) = match key.strip_suffix(".fr.md") {
            Some(stem) => (format!("{stem}.md"), "fr"),
            None => (key.to_string(), lang),
        };
        PAGES
            .iter()
            .find(|(k, l, _)| *k == key && *l == lang)
            .map(|(k, l, p)| (p.to_string(), crate::key::PageKey { key: k.to_string(), lang: l.to_string() }))
            .ok_or_else(|| format!("there is no page `{key}` in `{lang}`"))
    }
}

/// Shortcodes: `badge` (HTML, inline), `note` (HTML block, wraps its body), `md` (Markdown),
/// `fails` (render error).
struct FakeShortcodes;

impl ShortcodeRenderer for FakeShortcodes {
    fn kind(&self, name: &str) -> Option<ShortcodeKind> {
        match name {
            "badge" | "note" | "fails" => Some(ShortcodeKind::Html),
            "md" => Some(ShortcodeKind::Markdown),
            _ => None,
        }
    }

    fn render(
        &self,
        name: &str,
        args: &serde_json::Map<String, serde_json::Value>,
        body: Option<&str>,
        nth: usize,
        lang: &str,
        _entry: &serde_json::Value,
    ) -> Result<String, String> {
        let arg = |k: &str| args.get(k).and_then(|v| v.as_str()).unwrap_or("").to_string();
        match name {
            "badge" => Ok(format!("<b class=\"badge\" data-nth=\"{nth}\" lang=\"{lang}\">{}</b>", arg("text"))),
            "note" => Ok(format!("<aside class=\"note\">\n{}\n</aside>", body.unwrap_or(""))),
            "md" => Ok(format!("**{}** (md {nth})", arg("text"))),
            _ => Err("template error: variable `x` not found".to_string()),
        }
    }
}

/// The site config of the tests, with `[markdown]` lines added.
pub(super) fn config(markdown: &str) -> Config {
    let text = format!("base_url = \"https://example.gc.ca\"\n[markdown]\n{markdown}\n");
    Config::parse(&text, &PathBuf::from("/site"), &PathBuf::from("config.toml"), &Overrides::default())
        .expect("test config")
}

/// A page of `body` in `lang`, whose body starts on line 5 of its file.
pub(super) fn page(body: &str, lang: &str, spans: Vec<SpanView>) -> RedactedPage {
    let source = SourcePage {
        path: PathBuf::from("content/binders/page.md"),
        abs_path: PathBuf::from("/site/content/binders/page.md"),
        lang: lang.to_string(),
        key: "binders/page.md".to_string(),
        kind: Kind::Page,
        front: Front::Page(Box::default()),
        body: body.to_string(),
        body_line: 5,
        file_slug: "page".to_string(),
        assets: Vec::new(),
    };
    RedactedPage::for_tests(source, spans)
}

/// Options of one render.
pub(super) struct Case<'a> {
    pub config: Config,
    pub lang: &'a str,
    pub anchors: AnchorLinks,
    pub spans: Vec<SpanView>,
}

impl Default for Case<'_> {
    fn default() -> Self {
        Self { config: config(""), lang: "en", anchors: AnchorLinks::None, spans: Vec::new() }
    }
}

impl Case<'_> {
    /// Renders `body`; warnings or errors come back as strings.
    pub fn run(&self, body: &str) -> Result<(Rendered, Vec<String>), Vec<String>> {
        let highlighter = Highlighter::new();
        let ctx = RenderContext {
            config: &self.config,
            lang: self.lang,
            permalink: "https://example.gc.ca/binders/page/",
            insert_anchor_links: self.anchors,
            links: &FakeLinks,
            shortcodes: &FakeShortcodes,
            highlighter: &highlighter,
            entry: &serde_json::Value::Null,
        };
        let page = page(body, self.lang, self.spans.clone());
        let show = |d: Vec<Diagnostic>| d.iter().map(ToString::to_string).collect::<Vec<_>>();
        match render(&page, &ctx) {
            Ok((rendered, warnings)) => Ok((rendered, show(warnings))),
            Err(errors) => Err(show(errors.sorted())),
        }
    }

    /// Renders `body` that must render without any diagnostic.
    pub fn html(&self, body: &str) -> String {
        let (rendered, warnings) = self.run(body).expect("no errors");
        assert_eq!(warnings, Vec::<String>::new());
        rendered.html
    }

    /// Renders `body` that must fail; the error lines.
    pub fn errors(&self, body: &str) -> Vec<String> {
        self.run(body).expect_err("errors")
    }
}

/// Renders with the default case.
pub(super) fn html(body: &str) -> String {
    Case::default().html(body)
}
