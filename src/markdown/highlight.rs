//! Code blocks and syntax highlighting with syntect, as CSS classes (`z-…`, like Zola).
//!
//! Input: a fenced or indented code block and `[markdown]`'s `highlight_code` and
//! `error_on_missing_language`. Output: Zola's markup,
//! `<pre data-lang="rust" class="language-rust z-code"><code class="language-rust"
//! data-lang="rust">…</code></pre>`, with highlighted spans when highlighting is on; and the
//! stylesheet of a theme ([`theme_css`]). Failure: an unknown language is a warning (the code
//! is shown as plain text), or an error when `error_on_missing_language` is set; an unknown
//! theme is an error naming the known ones.

use pulldown_cmark::CodeBlockKind;
use syntect::highlighting::ThemeSet;
use syntect::html::{ClassStyle, ClassedHTMLGenerator, css_for_theme_with_class_style};
use syntect::parsing::{SyntaxReference, SyntaxSet};
use syntect::util::LinesWithEndings;

use super::render::Renderer;
use super::{escape_html, sentinels};
use crate::diag::Severity;

/// The class prefix of highlighted spans, as Zola writes them.
const CLASS_STYLE: ClassStyle = ClassStyle::SpacedPrefixed { prefix: "z-" };

/// Languages shown as plain text without a warning.
const PLAIN: &[&str] = &["text", "txt", "plain", "plaintext"];

/// The syntaxes used to highlight code. Loading them takes a few milliseconds, so the build
/// makes one and lends it to every page through [`super::RenderContext`]; it is read-only and
/// shared across threads.
pub struct Highlighter {
    syntaxes: SyntaxSet,
}

impl Highlighter {
    /// Loads syntect's default syntaxes.
    pub fn new() -> Self {
        Self { syntaxes: SyntaxSet::load_defaults_newlines() }
    }

    /// The syntax for a fence's language token, when syntect knows it.
    fn syntax(&self, lang: &str) -> Option<&SyntaxReference> {
        self.syntaxes.find_syntax_by_token(lang)
    }

    /// Highlights `code` as CSS-classed spans.
    fn classed(&self, syntax: &SyntaxReference, code: &str) -> Option<String> {
        let mut generator = ClassedHTMLGenerator::new_with_class_style(syntax, &self.syntaxes, CLASS_STYLE);
        for line in LinesWithEndings::from(code) {
            generator.parse_html_for_line_which_includes_newline(line).ok()?;
        }
        Some(generator.finalize())
    }
}

impl Default for Highlighter {
    fn default() -> Self {
        Self::new()
    }
}

/// The stylesheet of a highlighting theme for the `z-` classes. Accepts syntect's names
/// (`base16-ocean.dark`, `InspiredGitHub`, `Solarized (dark)`) and Zola's spellings of them
/// (`base16-ocean-dark`, `inspired-github`, `solarized-dark`).
pub fn theme_css(theme_name: &str) -> anyhow::Result<String> {
    let themes = ThemeSet::load_defaults();
    let wanted = normalize(theme_name);
    let Some(theme) = themes.themes.iter().find(|(name, _)| normalize(name) == wanted).map(|(_, t)| t) else {
        let known: Vec<&str> = themes.themes.keys().map(String::as_str).collect();
        anyhow::bail!("unknown highlight theme `{theme_name}`: expected one of {}", known.join(", "));
    };
    Ok(css_for_theme_with_class_style(theme, CLASS_STYLE)?)
}

/// A theme name with only its letters and digits, lowercase.
fn normalize(name: &str) -> String {
    name.chars().filter(char::is_ascii_alphanumeric).map(|c| c.to_ascii_lowercase()).collect()
}

/// The language of a code block: the first word of a fence's info string (`rust,linenos`).
fn language<'k>(kind: &'k CodeBlockKind<'_>) -> Option<&'k str> {
    match kind {
        CodeBlockKind::Fenced(info) => {
            info.split(|c: char| c == ',' || c.is_whitespace()).next().filter(|l| !l.is_empty())
        }
        CodeBlockKind::Indented => None,
    }
}

impl Renderer<'_> {
    /// The HTML of a code block at body offset `at`.
    pub(super) fn code_block(&mut self, kind: &CodeBlockKind<'_>, code: &str, at: usize) -> String {
        let code = sentinels::code(code, self.page.spans(), &self.shortcode_html).into_owned();
        let lang = language(kind);
        let highlight = self.ctx.config.markdown.highlight_code;
        let (pre, code_attrs) = match lang {
            Some(l) => {
                let l = escape_html(l);
                let z = if highlight { " z-code" } else { "" };
                (
                    format!("<pre data-lang=\"{l}\" class=\"language-{l}{z}\">"),
                    format!(" class=\"language-{l}\" data-lang=\"{l}\""),
                )
            }
            None if highlight => ("<pre class=\"z-code\">".to_string(), String::new()),
            None => ("<pre>".to_string(), String::new()),
        };
        let body = match lang {
            Some(l) if highlight && !PLAIN.contains(&l) => self.highlighted(l, &code, at),
            _ => escape_html(&code),
        };
        format!("{pre}<code{code_attrs}>{body}</code></pre>\n")
    }

    /// Highlighted code, or escaped plain text (and a diagnostic) for an unknown language.
    fn highlighted(&mut self, lang: &str, code: &str, at: usize) -> String {
        let highlighter = self.ctx.highlighter;
        if let Some(html) = highlighter.syntax(lang).and_then(|s| highlighter.classed(s, code)) {
            return html;
        }
        if self.ctx.config.markdown.error_on_missing_language {
            let message = format!("unknown language `{lang}` in a code block (`error_on_missing_language` is set)");
            self.report(Severity::Error, at, message);
        } else {
            let message = format!("unknown language `{lang}` in a code block; it is shown as plain text");
            self.report(Severity::Warning, at, message);
        }
        escape_html(code)
    }
}
