//! What the Markdown stage calls back into the templates for: Zola 0.22 shortcodes
//! (`templates/shortcodes/NAME.html|md`), a Zola 0.23 page's content rendered as a template,
//! and the site's own `anchor-link.html`.
//!
//! Input: a [`Renderer`] and each call's arguments. Output: the HTML (or Markdown) to put in
//! the page. Failure: the render's error message, which the Markdown stage places at the call.

use super::{Renderer, context};
use crate::markdown::{ContentError, ShortcodeKind, ShortcodeRenderer};

/// Shortcodes rendered with the site's templates (`templates/shortcodes/NAME.html|md`).
pub struct Shortcodes<'a> {
    pub renderer: &'a Renderer,
}

impl ShortcodeRenderer for Shortcodes<'_> {
    fn kind(&self, name: &str) -> Option<ShortcodeKind> {
        if self.renderer.second.is_some() {
            // Zola 0.23 has no shortcodes: content calls components.
            return None;
        }
        if self.renderer.has(&format!("shortcodes/{name}.md")) {
            Some(ShortcodeKind::Markdown)
        } else if self.renderer.has(&format!("shortcodes/{name}.html")) {
            Some(ShortcodeKind::Html)
        } else {
            None
        }
    }

    fn render(
        &self,
        name: &str,
        args: &serde_json::Map<String, serde_json::Value>,
        body: Option<&str>,
        nth: usize,
        lang: &str,
        entry: &serde_json::Value,
    ) -> Result<String, String> {
        let mut ctx = tera::Context::new();
        if let serde_json::Value::Object(entry) = entry {
            for (k, v) in entry {
                ctx.insert(k, v);
            }
        }
        for (k, v) in args {
            ctx.insert(k, v);
        }
        if let Some(b) = body {
            ctx.insert("body", b);
        }
        ctx.insert("nth", &nth);
        ctx.insert("lang", lang);
        ctx.insert("config", &context::config_value(self.renderer.config(), lang));
        let template = match self.kind(name) {
            Some(ShortcodeKind::Markdown) => format!("shortcodes/{name}.md"),
            _ => format!("shortcodes/{name}.html"),
        };
        self.renderer.render(&template, ctx)
    }

    fn content(&self, text: &str, lang: &str, entry: &serde_json::Value) -> Option<Result<String, ContentError>> {
        self.renderer.second.as_ref().map(|second| second.content(text, lang, entry))
    }

    fn templates_content(&self) -> bool {
        self.renderer.second.is_some()
    }

    fn anchor_link(&self, id: &str, level: u32, lang: &str) -> Option<Result<String, String>> {
        if !self.renderer.has("anchor-link.html") {
            return None;
        }
        let mut ctx = tera::Context::new();
        ctx.insert("id", id);
        ctx.insert("level", &level);
        ctx.insert("lang", lang);
        ctx.insert("config", &context::config_value(self.renderer.config(), lang));
        Some(self.renderer.render("anchor-link.html", ctx))
    }
}
