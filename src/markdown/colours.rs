//! Highlighting themes: loaded by name, their stylesheets for the `z-` classes, and the
//! `<pre>`'s colours when code is coloured inline with one (Zola 0.22's default,
//! `[markdown.highlighting] style = "inline"`; the spans are the highlighter's).
//!
//! Input: a theme's name (syntect's, bat's, or Zola's spelling of them). Output: the theme,
//! its stylesheet, or the `<pre>`'s `style` attribute. Failure: an unknown theme names the
//! known ones.

use syntect::highlighting::{Color, Theme, ThemeSet};
use syntect::html::css_for_theme_with_class_style;

use super::highlight::CLASS_STYLE;
use crate::config::theme_key;

/// syntect's themes and bat's, loaded once: a build asks for a theme's colours and for up to
/// three stylesheets, and each load reads them all.
static THEMES: std::sync::LazyLock<ThemeSet> = std::sync::LazyLock::new(|| {
    let mut themes = ThemeSet::load_defaults();
    let extra: ThemeSet = two_face::theme::extra().into();
    for (name, theme) in extra.themes {
        themes.themes.entry(name).or_insert(theme);
    }
    themes
});

/// A highlighting theme: syntect's themes and bat's (`Dracula`, `Nord`, `GitHub`,
/// `OneHalfDark`, …), by their names (`base16-ocean.dark`, `InspiredGitHub`,
/// `Solarized (dark)`) or Zola's spellings of them (`base16-ocean-dark`, `inspired-github`,
/// `solarized-dark`).
pub fn load_theme(theme_name: &str) -> anyhow::Result<Theme> {
    let wanted = theme_key(theme_name);
    match THEMES.themes.iter().find(|(name, _)| theme_key(name) == wanted) {
        Some((_, theme)) => Ok(theme.clone()),
        None => {
            let known: Vec<&str> = THEMES.themes.keys().map(String::as_str).collect();
            anyhow::bail!("unknown highlight theme `{theme_name}`: expected one of {}", known.join(", "))
        }
    }
}

/// The stylesheet of a highlighting theme for the `z-` classes.
pub fn theme_css(theme_name: &str) -> anyhow::Result<String> {
    Ok(css_for_theme_with_class_style(&load_theme(theme_name)?, CLASS_STYLE)?)
}

/// The `<pre>`'s colours for code coloured inline with `theme` (its text and background), as
/// an attribute: ` style="color: #e1e4e8; background-color: #24292e;"`.
pub fn pre_style(theme: &Theme) -> String {
    let hex = |c: Color| format!("#{:02x}{:02x}{:02x}", c.r, c.g, c.b);
    let mut style = String::new();
    if let Some(fg) = theme.settings.foreground {
        style.push_str(&format!("color: {};", hex(fg)));
    }
    if let Some(bg) = theme.settings.background {
        style.push_str(&format!(" background-color: {};", hex(bg)));
    }
    if style.is_empty() { style } else { format!(" style=\"{}\"", style.trim_start()) }
}

#[cfg(test)]
mod tests {
    use syntect::easy::HighlightLines;
    use syntect::html::{IncludeBackground, styled_line_to_highlighted_html};
    use syntect::util::LinesWithEndings;

    use super::*;
    use crate::markdown::Highlighter;

    /// Inline colours from the memoized parse are syntect's own, line by line.
    #[test]
    fn inline_colours_are_syntects_own() {
        let h = Highlighter::new();
        let theme = load_theme("OneHalfDark").unwrap();
        let rust = "fn a() {}\n/* one\ntwo */\nlet s = \"x\";\nfn a() {}\n";
        for _ in 0..2 {
            let (syntax, syntaxes) = (h.syntax("rust").unwrap(), h.syntaxes());
            let mut lines = HighlightLines::new(syntax, &theme);
            let want: String = LinesWithEndings::from(rust)
                .map(|l| {
                    let ranges = lines.highlight_line(l, syntaxes).unwrap();
                    styled_line_to_highlighted_html(&ranges, IncludeBackground::No).unwrap()
                })
                .collect();
            assert_eq!(h.coloured(syntax, &theme, rust).unwrap(), want);
        }
        assert!(pre_style(&theme).starts_with(" style=\"color: #"));
    }
}
